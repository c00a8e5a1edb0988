//! The JSON Schema of the list format, generated from the model types.
//! A copy is committed as `lists/list.schema.json`; a test fails when they drift.

use serde_json::Value;

/// The schema as JSON.
pub fn json_schema() -> Value {
    let schema = schemars::schema_for!(crate::model::ListFile);
    let mut v = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("$id".into(), Value::String("https://alljobs.invalid/list.schema.json".into()));
    }
    v
}

/// The schema as pretty-printed text with a final newline (the committed form).
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    s.push('\n');
    s
}
