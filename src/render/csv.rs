//! CSV output (`csv` crate): `alljobs report --format csv`.
//!
//! One row per entry with its change and class. Safe to open in a
//! spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is prefixed with `'` so that it is never read as a
//! formula ([`neutralise`]). `--excel` adds a UTF-8 byte-order mark and CRLF
//! line ends, which Excel needs to read Cyrillic text correctly.

use crate::model::Evidence;
use crate::render::labels;
use crate::render::messages::{Lang, msg};
use crate::report::{EntryRow, ReportData};
use std::borrow::Cow;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// Prefixes `'` to a cell a spreadsheet would read as a formula (one that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

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
            let aspects: Vec<String> = c.aspects.iter().map(|a| labels::aspect(lang, *a)).collect();
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
    w.write_record(cells.iter().map(|c| neutralise(c).into_owned())).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formulas() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        for s in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralise("сварщик"), "сварщик");
        assert_eq!(neutralise("a=b"), "a=b");
        assert_eq!(neutralise(""), "");
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
