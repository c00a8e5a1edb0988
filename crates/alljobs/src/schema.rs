//! The JSON Schema of the list format, generated from the model types.
//! A copy is committed as `lists/list.schema.json`; a test fails when they drift.

use serde_json::Value;

/// The schema as JSON.
pub fn json_schema() -> Value {
    let schema = schemars::schema_for!(crate::model::ListFile);
    let mut v = serde_json::to_value(schema).unwrap_or(Value::Null);
    strip_null(&mut v);
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

/// TOML has no null: an optional key is simply absent. Removes the `null`
/// alternatives schemars adds for `Option<T>`, so errors point at the real type.
fn strip_null(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(types)) = m.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types[0].clone();
                    m.insert("type".into(), t);
                }
            }
            if let Some(Value::Array(alts)) = m.get("anyOf") {
                let non_null: Vec<Value> =
                    alts.iter().filter(|a| a.get("type") != Some(&Value::from("null"))).cloned().collect();
                if non_null.len() == 1 {
                    m.remove("anyOf");
                    if let Value::Object(inner) = &non_null[0] {
                        for (k, x) in inner {
                            m.entry(k.clone()).or_insert_with(|| x.clone());
                        }
                    }
                }
            }
            m.values_mut().for_each(strip_null);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_null),
        _ => {}
    }
}
