//! CSV output (the `csv` crate): `alljobs diff --format csv` (one row per
//! change) and `alljobs report --format csv` (one row per entry with its
//! change and class).
//!
//! Safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return is prefixed with `'` so that it is never read as
//! a formula ([`cell`]). `report --excel` adds a UTF-8 byte-order mark and
//! CRLF line ends, which Excel needs to read Cyrillic text correctly.

use crate::diff::{Change, Diff, EntryRef};
use crate::list::List;
use crate::model::Evidence;
use crate::render::labels;
use crate::render::messages::{Lang, msg};
use crate::report::{EntryRow, ReportData};

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
pub const DIFF_COLUMNS: [&str; 24] = [
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
    "confidence",
    "fields",
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
        name(c.confidence.map(|x| x.to_string())),
        c.field_lines().join("; "),
    ]
}

/// A row for one change of the list's metadata: op `list-metadata`, the field in
/// `aspects`, the values in `old_text` / `new_text`.
fn metadata_row(f: &crate::diff::FieldChange, old: &List, new: &List) -> Vec<String> {
    let mut r = vec![String::new(); DIFF_COLUMNS.len()];
    let col = |name: &str| DIFF_COLUMNS.iter().position(|c| *c == name).unwrap_or(0);
    r[col("op")] = "list-metadata".into();
    r[col("aspects")] = f.field.clone();
    r[col("old_text")] = crate::diff::value_text(&f.old);
    r[col("new_text")] = crate::diff::value_text(&f.new);
    r[col("old_list")] = old.meta().id.clone();
    r[col("old_completeness")] = old.completeness().to_string();
    r[col("new_list")] = new.meta().id.clone();
    r[col("new_completeness")] = new.completeness().to_string();
    r
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
        for f in &d.list_changes {
            w.write_record(metadata_row(f, old, new).iter().map(|s| cell(s)))?;
        }
        for c in &d.changes {
            w.write_record(row(c, old, new).iter().map(|s| cell(s)))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

fn evidence(lang: Lang, e: Evidence) -> String {
    msg(
        lang,
        match e {
            Evidence::OfficialText => "evidence-official",
            Evidence::Reported => "evidence-reported",
        },
    )
}

/// `alljobs report --format csv`. With `excel`, a BOM and CRLF line ends.
pub fn report(d: &ReportData, excel: bool) -> std::io::Result<Vec<u8>> {
    let lang = d.lang;
    let mut buf = Vec::new();
    if excel {
        buf.extend_from_slice(BOM.as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(if excel { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
        .from_writer(buf);
    let head: Vec<String> = [
        "csv-change",
        "csv-aspects",
        "csv-old-number",
        "csv-new-number",
        "csv-old-id",
        "csv-new-id",
        "csv-section",
        "csv-old-text",
        "csv-new-text",
        "csv-old-scope",
        "csv-new-scope",
        "csv-old-class",
        "csv-new-class",
        "csv-scope-change",
        "csv-findings",
        "csv-evidence",
        "csv-old-list",
        "csv-new-list",
    ]
    .iter()
    .map(|k| msg(lang, k))
    .collect();
    write_row(&mut w, &head)?;
    let old_list = labels::completeness_line(lang, &d.old);
    let new_list = labels::completeness_line(lang, &d.new);
    for c in &d.changes {
        let n = c.old.len().max(c.new.len()).max(1);
        let pick = |v: &[EntryRow], i: usize| -> Option<EntryRow> {
            if v.len() == 1 { v.first().cloned() } else { v.get(i).cloned() }
        };
        for i in 0..n {
            let (o, nw) = (pick(&c.old, i), pick(&c.new, i));
            let text = |e: &Option<EntryRow>| e.as_ref().map(|e| e.text.clone()).unwrap_or_default();
            let num = |e: &Option<EntryRow>| e.as_ref().and_then(|e| e.number.clone()).unwrap_or_default();
            let id = |e: &Option<EntryRow>| e.as_ref().map(|e| e.id.clone()).unwrap_or_default();
            let scope = |e: &Option<EntryRow>| {
                e.as_ref().map(|e| labels::scope(lang, &e.scope, e.scope_inferred)).unwrap_or_default()
            };
            let class =
                |e: &Option<EntryRow>| e.as_ref().map(|e| labels::class_short(lang, e.class)).unwrap_or_default();
            let section = nw.as_ref().or(o.as_ref()).and_then(|e| e.section.clone()).unwrap_or_default();
            let findings = nw.as_ref().map(|e| e.findings.join(", ")).unwrap_or_default();
            let ev = nw.as_ref().or(o.as_ref()).map(|e| evidence(lang, e.evidence)).unwrap_or_default();
            let mut aspects: Vec<String> = c.aspects.iter().map(|a| labels::aspect(lang, *a)).collect();
            if c.covered_by.is_some() {
                aspects.push(msg(lang, "covered-by"));
            }
            let rel = c.relation.map(|r| labels::relation(lang, r)).unwrap_or_default();
            write_row(
                &mut w,
                &[
                    labels::change(lang, c.kind),
                    aspects.join(", "),
                    num(&o),
                    num(&nw),
                    id(&o),
                    id(&nw),
                    section,
                    text(&o),
                    text(&nw),
                    scope(&o),
                    scope(&nw),
                    class(&o),
                    class(&nw),
                    rel,
                    findings,
                    ev,
                    old_list.clone(),
                    new_list.clone(),
                ],
            )?;
        }
    }
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

fn write_row<W: std::io::Write>(w: &mut csv::Writer<W>, cells: &[String]) -> std::io::Result<()> {
    w.write_record(cells.iter().map(|c| cell(c))).map_err(std::io::Error::other)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w.into_inner().map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The columns of `alljobs classify --format csv`.
pub const CLASSIFY_COLUMNS: [&str; 10] =
    ["list", "completeness", "number", "id", "section", "title", "class", "subgroup", "basis", "evidence"];

/// `alljobs classify --format csv`: a header row, then one row per entry; every
/// row names the list and its completeness (the classes cover only that).
pub fn classify(list: &List, c: &crate::classify::Classification) -> Result<String, csv::Error> {
    let langs = crate::model::language_order("ru");
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CLASSIFY_COLUMNS)?;
    let id = list.meta().id.clone();
    let completeness = list.completeness().to_string();
    for (e, k) in list.entries().iter().zip(&c.entries) {
        let row = [
            id.clone(),
            completeness.clone(),
            e.number.clone().unwrap_or_default(),
            k.id.clone(),
            e.section.clone().unwrap_or_default(),
            crate::model::pick_text(&e.title, langs).unwrap_or("").to_string(),
            k.class.to_string(),
            k.subgroup.clone(),
            k.basis.as_str().to_string(),
            k.evidence.join("; "),
        ];
        w.write_record(row.iter().map(|s| cell(s)))?;
    }
    finish(w)
}

/// The columns of `alljobs flag --format csv`.
pub const FLAG_COLUMNS: [&str; 14] = [
    "list",
    "completeness",
    "file",
    "line",
    "column",
    "entry",
    "entries",
    "severity",
    "rule",
    "title",
    "message",
    "confidence",
    "waived",
    "waiver",
];

/// `alljobs flag --format csv`: a header row, then one row per finding of
/// every list; every row names its list and the completeness the finding covers.
pub fn flag(reports: &[(&List, &crate::rules::FlagReport)]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(FLAG_COLUMNS)?;
    for (list, report) in reports {
        let completeness = list.completeness().to_string();
        for f in &report.findings {
            let listed = f.entry_id.is_some();
            let waiver = f
                .waiver
                .as_ref()
                .map(|w| {
                    let until = w.until.map(|d| format!(", until {d}")).unwrap_or_default();
                    format!("{}{until}: {}", w.by, w.reason)
                })
                .unwrap_or_default();
            let row = [
                list.meta().id.clone(),
                completeness.clone(),
                f.location.file.clone(),
                if listed { f.location.line.to_string() } else { String::new() },
                if listed { f.location.column.to_string() } else { String::new() },
                f.entry_id.clone().unwrap_or_default(),
                f.entries.join("; "),
                f.severity.to_string(),
                f.rule.clone(),
                f.title.clone(),
                f.message.clone(),
                f.confidence.as_str().to_string(),
                f.waived.to_string(),
                waiver,
            ];
            w.write_record(row.iter().map(|s| cell(s)))?;
        }
    }
    finish(w)
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

    #[test]
    fn constructed_hostile_report_is_neutralised() {
        for l in Lang::ALL {
            let bytes = report(&crate::report::sample::report(l), false).unwrap();
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
            let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), 5, "{l}: header and one row per entry");
            for r in &rows {
                assert_eq!(r.len(), 18);
                for c in r.iter() {
                    assert!(!matches!(c.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')), "{c:?}");
                }
            }
            assert!(rows.iter().any(|r| r.iter().any(|c| c.starts_with("'=HYPERLINK("))));
            assert!(!String::from_utf8(bytes).unwrap().contains('⟦'), "{l}: a label is missing");
        }
        let excel = report(&crate::report::sample::report(Lang::En), true).unwrap();
        assert!(excel.starts_with(BOM.as_bytes()));
    }
}
