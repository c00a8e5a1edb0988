//! CSV output (the `csv` crate): one row per change, for spreadsheets.
//!
//! Cells that a spreadsheet would run as a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) are prefixed with `'`.

use crate::diff::{Change, Diff, EntryRef};
use crate::list::List;

/// Neutralises a cell that a spreadsheet would take for a formula.
pub fn cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn join<F: Fn(&EntryRef) -> String>(v: &[EntryRef], f: F) -> String {
    v.iter().map(f).collect::<Vec<_>>().join("; ")
}

/// The columns of `alljobs diff --format csv`.
pub const DIFF_COLUMNS: [&str; 22] = [
    "op",
    "aspects",
    "old_ids",
    "new_ids",
    "old_numbers",
    "new_numbers",
    "old_sections",
    "new_sections",
    "old_scope",
    "new_scope",
    "scope_relation",
    "old_class",
    "new_class",
    "similarity",
    "matched_by",
    "old_text",
    "new_text",
    "redline",
    "old_list",
    "old_completeness",
    "new_list",
    "new_completeness",
];

fn row(c: &Change, old: &List, new: &List) -> Vec<String> {
    let name = |v: Option<String>| v.unwrap_or_default();
    let json_str = |v: serde_json::Value| v.as_str().map(str::to_string);
    vec![
        c.op.to_string(),
        c.aspects.iter().map(|a| a.to_string()).collect::<Vec<_>>().join("; "),
        c.old_ids.join("; "),
        c.new_ids.join("; "),
        join(&c.old_entries, |r| r.number.clone().unwrap_or_default()),
        join(&c.new_entries, |r| r.number.clone().unwrap_or_default()),
        join(&c.old_entries, |r| r.section.clone().unwrap_or_default()),
        join(&c.new_entries, |r| r.section.clone().unwrap_or_default()),
        join(&c.old_entries, |r| r.scope.to_string()),
        join(&c.new_entries, |r| r.scope.to_string()),
        name(c.scope.relation.and_then(|r| json_str(serde_json::to_value(r).unwrap_or_default()))),
        name(c.class.old.map(|x| x.to_string())),
        name(c.class.new.map(|x| x.to_string())),
        format!("{}", c.similarity),
        name(c.matched_by.and_then(|m| json_str(serde_json::to_value(m).unwrap_or_default()))),
        join(&c.old_entries, |r| r.text.clone()),
        join(&c.new_entries, |r| r.text.clone()),
        super::table::redline_plain(&c.redline),
        old.meta().id.clone(),
        old.completeness().to_string(),
        new.meta().id.clone(),
        new.completeness().to_string(),
    ]
}

/// `alljobs diff --format csv`: a header row, then one row per change. With
/// `stat_only`, one row of counts with both lists and their completeness.
pub fn diff(old: &List, new: &List, d: &Diff, stat_only: bool) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if stat_only {
        w.write_record([
            "old_list",
            "old_completeness",
            "new_list",
            "new_completeness",
            "added",
            "removed",
            "changed",
            "unchanged",
            "split",
            "merged",
            "narrowed",
            "widened",
        ])?;
        let m = &d.summary;
        let mut r = vec![
            cell(&old.meta().id),
            cell(&old.completeness().to_string()),
            cell(&new.meta().id),
            cell(&new.completeness().to_string()),
        ];
        r.extend(
            [m.added, m.removed, m.changed, m.unchanged, m.split, m.merged, m.narrowed, m.widened]
                .map(|n| n.to_string()),
        );
        w.write_record(&r)?;
    } else {
        w.write_record(DIFF_COLUMNS)?;
        for c in &d.changes {
            w.write_record(row(c, old, new).iter().map(|s| cell(s)))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "'\rx");
        assert_eq!(cell("сварщик"), "сварщик");
        assert_eq!(cell(""), "");
    }
}
