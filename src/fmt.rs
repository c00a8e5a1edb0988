//! Canonical formatting of list files: keys in the model's order, short
//! tables (texts, dates, waivers) inline, entries in the act's order.

use crate::model::ListFile;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// Why a file cannot be formatted.
#[derive(Debug, thiserror::Error)]
pub enum FmtError {
    #[error("the file has comments (line {0}) that formatting would drop; move them into `note` fields")]
    Comments(usize),
    #[error("cannot serialise the list: {0}")]
    Serialize(String),
}

/// Keys whose table values are written inline.
const INLINE: [&str; 10] = [
    "introduced",
    "title",
    "condition",
    "adopted",
    "signed",
    "published",
    "registered",
    "in_force_from",
    "in_force_until",
    "scope",
];
/// Keys whose arrays of tables are written as arrays of inline tables.
const INLINE_ARRAYS: [&str; 2] = ["waivers", "other_reports"];

/// The canonical TOML text of a list file.
pub fn to_canonical(file: &ListFile) -> Result<String, FmtError> {
    let doc: DocumentMut = toml_edit::ser::to_document(file).map_err(|e| FmtError::Serialize(e.to_string()))?;
    let mut table = doc.as_table().clone();
    normalise_table(&mut table, 0);
    let mut out = DocumentMut::from(table);
    // Top-level order is the model's; separate array-of-tables blocks with blank lines.
    out.fmt();
    let mut text = out.to_string();
    text = text.replace("\n[", "\n\n[").replace("\n\n\n[", "\n\n[");
    Ok(text.trim_start().to_string())
}

/// Refuses text with full-line comments, which re-serialisation would lose.
pub fn check_no_comments(text: &str) -> Result<(), FmtError> {
    match text.lines().position(|l| l.trim_start().starts_with('#')) {
        Some(i) => Err(FmtError::Comments(i + 1)),
        None => Ok(()),
    }
}

fn to_inline(t: &Table) -> InlineTable {
    let mut it = InlineTable::new();
    for (k, v) in t.iter() {
        if let Some(v) = item_to_value(v) {
            it.insert(k, v);
        }
    }
    it.fmt();
    it
}

fn item_to_value(i: &Item) -> Option<Value> {
    match i {
        Item::Value(v) => Some(v.clone()),
        Item::Table(t) => Some(Value::InlineTable(to_inline(t))),
        Item::ArrayOfTables(a) => {
            let mut arr = Array::new();
            for t in a.iter() {
                arr.push(Value::InlineTable(to_inline(t)));
            }
            Some(Value::Array(arr))
        }
        Item::None => None,
    }
}

fn normalise_table(t: &mut Table, depth: usize) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    for k in keys {
        let Some(item) = t.get_mut(&k) else { continue };
        match item {
            Item::Table(sub) if INLINE.contains(&k.as_str()) => {
                let v = Value::InlineTable(to_inline(sub));
                *item = Item::Value(v);
            }
            Item::Value(Value::InlineTable(it)) if !INLINE.contains(&k.as_str()) && depth < 3 => {
                let mut sub = it.clone().into_table();
                normalise_table(&mut sub, depth + 1);
                *item = Item::Table(sub);
            }
            Item::Value(Value::Array(arr))
                if arr.iter().all(|v| v.is_inline_table())
                    && !arr.is_empty()
                    && !INLINE_ARRAYS.contains(&k.as_str()) =>
            {
                let mut aot = ArrayOfTables::new();
                for v in arr.iter() {
                    if let Value::InlineTable(it) = v {
                        let mut sub = it.clone().into_table();
                        normalise_table(&mut sub, depth + 1);
                        aot.push(sub);
                    }
                }
                *item = Item::ArrayOfTables(aot);
            }
            Item::ArrayOfTables(aot) if INLINE_ARRAYS.contains(&k.as_str()) => {
                let v = item_to_value(&Item::ArrayOfTables(aot.clone()));
                if let Some(v) = v {
                    *item = Item::Value(v);
                }
            }
            Item::ArrayOfTables(aot) => {
                for sub in aot.iter_mut() {
                    normalise_table(sub, depth + 1);
                }
            }
            Item::Table(sub) => normalise_table(sub, depth + 1),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    #[test]
    fn canonical_form_is_stable_and_loads_back() {
        for (path, text) in crate::catalog::embedded_files() {
            let l = load_str(path, (*text).into()).unwrap();
            let once = to_canonical(&l.file).unwrap();
            assert_eq!(once, *text, "{path} is committed in canonical form");
            let back = load_str(path, once.as_str().into()).unwrap();
            assert_eq!(back.file, l.file);
            assert_eq!(to_canonical(&back.file).unwrap(), once, "idempotent");
        }
    }

    #[test]
    fn texts_and_dates_are_inline_entries_are_tables() {
        let l = load_str(
            "x.toml",
            "format_version = 1\n[list]\nid = \"xa\"\njurisdiction = \"XA\"\ninstrument = \"law\"\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\n[list.title]\nen = \"T\"\n[list.dates.adopted]\ndate = 2000-03-24\n[[entries]]\nid = \"a\"\nevidence = \"reported\"\nsources = []\n[entries.title]\nru = \"Сварщик\"\n"
                .into(),
        )
        .unwrap();
        let out = to_canonical(&l.file).unwrap();
        assert!(out.contains("title = { en = \"T\" }"), "{out}");
        assert!(out.contains("adopted = { date = \"2000-03-24\" }"), "{out}");
        assert!(out.contains("[[entries]]\nid = \"a\"\ntitle = { ru = \"Сварщик\" }"), "{out}");
    }

    #[test]
    fn comments_are_refused() {
        assert!(matches!(check_no_comments("a = 1\n  # note\n"), Err(FmtError::Comments(2))));
        assert!(check_no_comments("a = \"# not a comment\"\n").is_ok());
    }
}
