//! The spanned TOML tree: conversion to JSON for schema checks, and lookup of
//! the byte span of any value by JSON pointer.

use serde_json::{Map, Number, Value};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Converts a parsed TOML table to JSON. TOML dates become strings.
pub fn to_json(table: &DeTable<'_>) -> Value {
    let mut map = Map::with_capacity(table.len());
    for (k, v) in table.iter() {
        map.insert(k.get_ref().to_string(), value_to_json(v.get_ref()));
    }
    Value::Object(map)
}

/// Converts a parsed TOML table to JSON, leaving out the top-level key `skip`.
pub fn to_json_except(table: &DeTable<'_>, skip: &str) -> Value {
    let mut map = Map::with_capacity(table.len());
    for (k, v) in table.iter().filter(|(k, _)| k.get_ref().as_ref() != skip) {
        map.insert(k.get_ref().to_string(), value_to_json(v.get_ref()));
    }
    Value::Object(map)
}

fn value_to_json(v: &DeValue<'_>) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Number(n.into()),
            // Out of i64 range: keep the text so the schema reports a wrong value, not a crash.
            Err(_) => Value::String(i.to_string()),
        },
        // nan and inf have no JSON number: keep their text, so that the schema
        // reports "must be a number but is `nan`", not "but is nothing".
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Value::Number(n),
            None => Value::String(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(a) => Value::Array(a.iter().map(|e| value_to_json(e.get_ref())).collect()),
        DeValue::Table(t) => to_json(t),
    }
}

/// True for the TOML spellings of floats that are not finite numbers.
pub fn is_non_finite(s: &str) -> bool {
    matches!(s.trim_start_matches(['+', '-']), "nan" | "inf")
}

/// What a JSON pointer resolves to in the TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Span of the key, when the last step is a table key.
    pub key: Option<Range<usize>>,
    /// Span of the value.
    pub value: Range<usize>,
}

/// Finds the spans of the value at `pointer` (`/entries/3/scope`). Returns the
/// deepest existing ancestor when the full path does not exist.
pub fn locate(root: &Spanned<DeTable<'_>>, pointer: &str) -> Found {
    let mut found = Found { key: None, value: root.span() };
    let mut current: Option<&DeValue<'_>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        let next = if let Some(t) = table {
            t.iter().find(|(k, _)| k.get_ref().as_ref() == seg).map(|(k, v)| (Some(k.span()), v))
        } else if let Some(DeValue::Array(a)) = current {
            seg.parse::<usize>().ok().and_then(|i| a.get(i)).map(|v| (None, v))
        } else {
            None
        };
        let Some((key, v)) = next else { break };
        found = Found { key, value: v.span() };
        current = Some(v.get_ref());
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    found
}

/// The span of each element of the top-level array `name` (e.g. `entries`):
/// the span of its `id` value when present, else of the element.
pub fn element_spans(root: &DeTable<'_>, name: &str, id_key: &str) -> Vec<Range<usize>> {
    let Some((_, v)) = root.iter().find(|(k, _)| k.get_ref().as_ref() == name) else {
        return Vec::new();
    };
    let DeValue::Array(a) = v.get_ref() else { return Vec::new() };
    a.iter()
        .map(|e| match e.get_ref() {
            DeValue::Table(t) => t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == id_key)
                .map(|(_, v)| v.span())
                .unwrap_or_else(|| e.span()),
            _ => e.span(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_locates() {
        let text = "a = 1\n[b]\nc = \"x\"\nd = 2000-03-24\n[[e]]\nid = \"one\"\n[[e]]\nid = \"two\"\n";
        let root = DeTable::parse(text).unwrap();
        let json = to_json(root.get_ref());
        assert_eq!(json["b"]["d"], "2000-03-24");
        assert_eq!(json["e"][1]["id"], "two");
        let f = locate(&root, "/e/1/id");
        assert_eq!(&text[f.value.clone()], "\"two\"");
        assert_eq!(&text[f.key.unwrap()], "id");
        let f = locate(&root, "/b/missing");
        assert_eq!(&text[f.key.unwrap()], "b", "the deepest existing ancestor");
        let spans = element_spans(root.get_ref(), "e", "id");
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].clone()], "\"one\"");
    }
}
