//! Canonical formatting of list files: keys in the model's order, short
//! tables (texts, dates, waivers) inline, entries in the act's order.
//!
//! [`format_text`] formats a file as written: it edits the file's own TOML
//! (`toml_edit`), so every comment (full-line and end-of-line) and every value
//! as written stays, no field is added, and CRLF line endings stay CRLF.
//! [`to_canonical`] writes a list made by alljobs (import, consolidate) from
//! its model.

use crate::model::ListFile;
use std::collections::HashMap;
use toml_edit::{Array, ArrayOfTables, Decor, DocumentMut, InlineTable, Item, Table, Value};

/// Why a file cannot be formatted.
#[derive(Debug, thiserror::Error)]
pub enum FmtError {
    /// The text is not TOML (the parser's message).
    #[error("cannot parse the file: {0}")]
    Parse(String),
    /// The list could not be written back (the serialiser's message).
    #[error("cannot serialise the list: {0}")]
    Serialize(String),
}

/// Keys whose table values are written inline.
const INLINE: [&str; 11] = [
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
    "text",
];
/// Keys whose arrays of tables are written as arrays of inline tables.
const INLINE_ARRAYS: [&str; 2] = ["waivers", "other_reports"];

/// The canonical TOML text of a list file.
pub fn to_canonical(file: &ListFile) -> Result<String, FmtError> {
    let doc: DocumentMut = toml_edit::ser::to_document(file).map_err(|e| FmtError::Serialize(e.to_string()))?;
    let mut table = doc.as_table().clone();
    normalise_table(&mut table, 0);
    let mut out = DocumentMut::from(table);
    // Top-level order is the model's; one blank line before every table header.
    out.fmt();
    blank_line_before_tables(out.as_table_mut());
    Ok(out.to_string().trim_start().to_string())
}

/// One blank line before each table header (set on the tables, not by editing
/// the text: a multi-line string may hold a line that starts with `[`).
fn blank_line_before_tables(t: &mut Table) {
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(sub) => {
                if !sub.is_implicit() {
                    sub.decor_mut().set_prefix("\n");
                }
                blank_line_before_tables(sub);
            }
            Item::ArrayOfTables(a) => {
                for sub in a.iter_mut() {
                    sub.decor_mut().set_prefix("\n");
                    blank_line_before_tables(sub);
                }
            }
            _ => {}
        }
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

/// Formats a list file's text: the layout of [`to_canonical`] (key order,
/// inline texts and dates, entries as `[[entries]]` tables, one blank line
/// before each table), applied to the file's own TOML so that comments and
/// values stay exactly as written. `file` is the loaded model of `text` (the
/// reference for order and layout; nothing of it is written).
///
/// A table or array that holds a comment keeps its layout (turning it inline
/// would drop the comment).
pub fn format_text(text: &str, file: &ListFile) -> Result<String, FmtError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // CRLF files stay CRLF: format with LF and put the CRs back.
    let crlf = text.contains("\r\n") && !text.replace("\r\n", "").contains('\n');
    let lf_text;
    let text = if crlf {
        lf_text = text.replace("\r\n", "\n");
        lf_text.as_str()
    } else {
        text
    };
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| FmtError::Parse(e.to_string()))?;
    let reference: DocumentMut =
        to_canonical(file)?.parse().map_err(|e: toml_edit::TomlError| FmtError::Serialize(e.to_string()))?;
    align_table(doc.as_table_mut(), Some(reference.as_table()));
    let mut position = 0;
    assign_positions(doc.as_table_mut(), &mut position);
    if !has_comment(doc.trailing().as_str()) {
        doc.set_trailing("");
    }
    let mut out = doc.to_string();
    // The first key or header starts the file; one newline ends it.
    let body = out.trim_start_matches(['\n', ' ', '\t']);
    out = format!("{}\n", body.trim_end_matches(['\n', ' ', '\t']));
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    Ok(out)
}

fn has_comment(s: Option<&str>) -> bool {
    s.is_some_and(|s| s.contains('#'))
}

fn decor_has_comment(d: &Decor) -> bool {
    has_comment(d.prefix().and_then(|r| r.as_str())) || has_comment(d.suffix().and_then(|r| r.as_str()))
}

fn value_has_comment(v: &Value) -> bool {
    if decor_has_comment(v.decor()) {
        return true;
    }
    match v {
        Value::Array(a) => has_comment(a.trailing().as_str()) || a.iter().any(value_has_comment),
        Value::InlineTable(t) => {
            t.iter().any(|(k, _)| t.key(k).is_some_and(|k| decor_has_comment(k.leaf_decor())))
                || t.iter().any(|(_, v)| value_has_comment(v))
        }
        _ => false,
    }
}

fn item_has_comment(i: &Item) -> bool {
    match i {
        Item::Value(v) => value_has_comment(v),
        Item::Table(t) => table_has_comment(t),
        Item::ArrayOfTables(a) => a.iter().any(table_has_comment),
        Item::None => false,
    }
}

fn table_has_comment(t: &Table) -> bool {
    decor_has_comment(t.decor())
        || t.iter().any(|(k, i)| t.key(k).is_some_and(|k| decor_has_comment(k.leaf_decor())) || item_has_comment(i))
}

/// The order of `reference`'s keys; keys it lacks keep their place after the key before them.
fn rank_of<'a>(keys: impl Iterator<Item = &'a str>, reference: &[String]) -> HashMap<String, (usize, usize)> {
    let mut out = HashMap::new();
    let mut last = 0;
    for (i, k) in keys.enumerate() {
        match reference.iter().position(|r| r == k) {
            Some(r) => {
                last = r;
                out.insert(k.to_string(), (r, 0));
            }
            None => {
                out.insert(k.to_string(), (last, i + 1));
            }
        }
    }
    out
}

fn align_table(t: &mut Table, reference: Option<&Table>) {
    let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
    for k in &keys {
        let r = reference.and_then(|r| r.get(k));
        let Some(item) = t.get_mut(k) else { continue };
        convert(item, r);
        match (item, r) {
            (Item::Value(v), r) => align_value(v, r.and_then(Item::as_value)),
            (Item::Table(sub), r) => {
                if sub.is_dotted() && matches!(r, Some(Item::Table(_))) && !table_has_comment(sub) {
                    sub.set_dotted(false);
                }
                align_table(sub, r.and_then(Item::as_table));
                if !sub.is_dotted() {
                    normalise_header(sub.decor_mut());
                }
            }
            (Item::ArrayOfTables(aot), r) => {
                let refs = r.and_then(Item::as_array_of_tables);
                for (i, sub) in aot.iter_mut().enumerate() {
                    align_table(sub, refs.and_then(|a| a.get(i)));
                    normalise_header(sub.decor_mut());
                }
            }
            (Item::None, _) => {}
        }
        // The key: comments before it stay; blank lines and indentation go.
        // (A table's key is its header: `[list]`, no spaces inside.)
        let header = t.get(k).is_some_and(|i| !i.is_value());
        if let Some(mut key) = t.key_mut(k) {
            let d = key.leaf_decor_mut();
            if !has_comment(d.prefix().and_then(|r| r.as_str())) {
                d.set_prefix("");
            }
            d.set_suffix(if header { "" } else { " " });
        }
    }
    if let Some(r) = reference {
        let order: Vec<String> = r.iter().map(|(k, _)| k.to_string()).collect();
        let rank = rank_of(keys.iter().map(String::as_str), &order);
        t.sort_values_by(|a, _, b, _| rank.get(a.get()).cmp(&rank.get(b.get())));
    }
}

/// Turns a table inline, or inline tables into tables, as the reference has them.
fn convert(item: &mut Item, reference: Option<&Item>) {
    let Some(r) = reference else { return };
    let replacement = match (&*item, r) {
        (Item::Table(t), Item::Value(Value::InlineTable(_))) if !table_has_comment(t) => {
            Some(Item::Value(Value::InlineTable(t.clone().into_inline_table())))
        }
        (Item::Value(Value::InlineTable(it)), Item::Table(_)) if !value_has_comment(item.as_value().unwrap()) => {
            Some(Item::Table(it.clone().into_table()))
        }
        (Item::Value(Value::Array(a)), Item::ArrayOfTables(_))
            if !a.is_empty()
                && a.iter().all(Value::is_inline_table)
                && !value_has_comment(item.as_value().unwrap()) =>
        {
            let mut aot = ArrayOfTables::new();
            for v in a.iter() {
                if let Value::InlineTable(it) = v {
                    aot.push(it.clone().into_table());
                }
            }
            Some(Item::ArrayOfTables(aot))
        }
        (Item::ArrayOfTables(a), Item::Value(Value::Array(_))) if !a.iter().any(table_has_comment) => {
            let mut arr = Array::new();
            for t in a.iter() {
                arr.push(Value::InlineTable(t.clone().into_inline_table()));
            }
            Some(Item::Value(Value::Array(arr)))
        }
        _ => None,
    };
    if let Some(x) = replacement {
        *item = x;
    }
}

fn align_value(v: &mut Value, reference: Option<&Value>) {
    let comment = value_has_comment(v);
    match v {
        Value::InlineTable(it) if !comment => {
            let keys: Vec<String> = it.iter().map(|(k, _)| k.to_string()).collect();
            for k in &keys {
                let r = reference.and_then(Value::as_inline_table).and_then(|r| r.get(k));
                if let Some(x) = it.get_mut(k) {
                    align_value(x, r);
                }
            }
            if let Some(r) = reference.and_then(Value::as_inline_table) {
                let order: Vec<String> = r.iter().map(|(k, _)| k.to_string()).collect();
                let rank = rank_of(keys.iter().map(String::as_str), &order);
                it.sort_values_by(|a, _, b, _| rank.get(a.get()).cmp(&rank.get(b.get())));
            }
            it.fmt();
        }
        Value::Array(a) if !comment => {
            for (i, x) in a.iter_mut().enumerate() {
                let r = reference.and_then(Value::as_array).and_then(|r| r.get(i));
                align_value(x, r);
            }
            a.fmt();
        }
        _ => {}
    }
    // `key = value`, an end-of-line comment one space after the value.
    let suffix = v.decor().suffix().and_then(|r| r.as_str()).map(str::trim).unwrap_or("").to_string();
    let d = v.decor_mut();
    d.set_prefix(" ");
    d.set_suffix(if suffix.starts_with('#') { format!(" {suffix}") } else { String::new() });
}

/// One blank line before a table header; comments before it stay.
fn normalise_header(d: &mut Decor) {
    match d.prefix().and_then(|r| r.as_str()) {
        Some(p) if has_comment(Some(p)) => {
            let p = format!("\n{}", p.trim_start_matches(['\n', ' ', '\t']));
            d.set_prefix(p);
        }
        _ => d.set_prefix("\n"),
    }
    if !has_comment(d.suffix().and_then(|r| r.as_str())) {
        d.set_suffix("");
    }
}

/// Tables are written in document order: the order of the (sorted) keys.
fn assign_positions(t: &mut Table, n: &mut isize) {
    if !t.is_dotted() {
        t.set_position(Some(*n));
        *n += 1;
    }
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(sub) => assign_positions(sub, n),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|sub| assign_positions(sub, n)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    #[test]
    fn a_line_starting_with_a_bracket_inside_a_multi_line_text_is_kept_as_written() {
        // The blank lines before table headers were once put in by editing the
        // text, which also added a line break inside such a string.
        let (_, t) =
            crate::catalog::embedded_files().iter().find(|(p, _)| p.ends_with("kg-2000-res-158.toml")).unwrap();
        let mut file = load_str("t.toml", (*t).into()).unwrap().file;
        let notes = ["\n[\n", "первая строка\n[[entries]]\nвторая", "a\n[b] c\n\n[d]"];
        for (e, n) in file.entries.iter_mut().zip(notes) {
            e.note = Some(n.to_string());
        }
        let text = to_canonical(&file).unwrap();
        let back = load_str("t.toml", text.as_str().into()).unwrap().file;
        for (e, n) in back.entries.iter().zip(notes) {
            assert_eq!(e.note.as_deref(), Some(n));
        }
        assert_eq!(back, file);
    }

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

    const SMALL: &str = "format_version = 1\n\n[list]\nid = \"xa\"\njurisdiction = \"XA\"\ninstrument = \"law\"\ntitle = { en = \"T\" }\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\n\n[[entries]]\nid = \"a\"\ntitle = { ru = \"Сварщик\" }\nevidence = \"reported\"\nsources = []\n";

    fn fmt_str(text: &str) -> String {
        let l = load_str("x.toml", text.into()).unwrap();
        let out = format_text(text, &l.file).unwrap();
        let back = load_str("x.toml", out.as_str().into()).unwrap();
        assert_eq!(back.file, l.file, "formatting keeps the list:\n{out}");
        assert_eq!(format_text(&out, &back.file).unwrap(), out, "idempotent");
        out
    }

    #[test]
    fn committed_lists_are_formatted() {
        for (path, text) in crate::catalog::embedded_files() {
            let l = load_str(path, (*text).into()).unwrap();
            assert_eq!(format_text(text, &l.file).unwrap(), *text, "{path}");
        }
    }

    #[test]
    fn comments_and_values_stay_and_nothing_is_added() {
        let text = SMALL
            .replace(
                "status = \"unknown\"",
                "# Checked in the gazette.\nstatus = \"unknown\"   # checked against the gazette",
            )
            .replace("sources = []", "sources = []\nnote = '''a # inside a literal string'''");
        let out = fmt_str(&text);
        assert!(
            out.contains("# Checked in the gazette.\nstatus = \"unknown\" # checked against the gazette\n"),
            "{out}"
        );
        assert!(out.contains("note = '''a # inside a literal string'''"), "{out}");
        assert!(!out.contains("kind"), "no field is added: {out}");
    }

    #[test]
    fn layout_is_normalised() {
        let messy = SMALL
            .replace("title = { en = \"T\" }\n", "")
            .replace("[[entries]]", "[list.title]\nen    =   \"T\"\n\n\n[[entries]]")
            .replace("id = \"a\"\ntitle = { ru = \"Сварщик\" }", "title = { ru = \"Сварщик\" }\n  id = \"a\"");
        let out = fmt_str(&messy);
        assert_eq!(out, SMALL);
    }

    #[test]
    fn crlf_stays_crlf() {
        let text = SMALL.replace('\n', "\r\n").replace("status = \"unknown\"", "status  = \"unknown\"");
        let out = fmt_str(&text);
        assert_eq!(out, SMALL.replace('\n', "\r\n"));
    }

    #[test]
    fn texts_and_dates_are_inline_entries_are_tables_from_the_model() {
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
}
