//! CSV and TSV exported from a spreadsheet, read with the `csv` crate. The
//! columns come from `--columns number=1,title=2,section=3,condition=4`, or
//! from the header row (`--header`, or detected), or are guessed. Lines
//! starting with `#` are comments. For CSV the separator (`,` or `;`, which
//! spreadsheets with a decimal comma write) is detected.

use super::columns::{self, Event, Row};
use super::{Doc, ImportError, ImportOptions, Layout, Report};

fn reader(text: &str, delim: u8) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delim)
        .from_reader(text.as_bytes())
}

/// The number of fields of each non-empty record (stops at a malformed record).
pub fn field_counts(text: &str, delim: u8) -> Vec<usize> {
    let mut out = Vec::new();
    for r in reader(text, delim).records() {
        match r {
            Ok(r) if r.iter().any(|f| !f.trim().is_empty()) => out.push(r.len()),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    out
}

/// How well a separator fits: the number of records with the most common field count (≥ 2).
fn fit(text: &str, delim: u8) -> usize {
    let counts = field_counts(text, delim);
    let mut freq = std::collections::BTreeMap::new();
    for c in counts.into_iter().filter(|&c| c >= 2) {
        *freq.entry(c).or_insert(0usize) += 1;
    }
    freq.values().copied().max().unwrap_or(0)
}

/// Reads CSV (`delim` None: `,` or `;`, detected) or TSV (`Some(b'\t')`).
pub(crate) fn parse(
    text: &str,
    delim: Option<u8>,
    opts: &ImportOptions,
    report: &mut Report,
) -> Result<Doc, ImportError> {
    let layout = if delim == Some(b'\t') { Layout::Tsv } else { Layout::Csv };
    let delim = match delim {
        Some(d) => d,
        None => {
            let (comma, semi) = (fit(text, b','), fit(text, b';'));
            let d = if semi > comma { b';' } else { b',' };
            report.note(None, format!("separator `{}`", d as char));
            d
        }
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut events = Vec::new();
    for r in reader(text, delim).records() {
        let r = r.map_err(|e| ImportError::Parse { layout, message: e.to_string() })?;
        // The reader's position is where it started reading: before the blank and comment lines it skipped.
        let mut line = r.position().map(|p| p.line() as usize).unwrap_or(1).max(1);
        while lines.get(line - 1).is_some_and(|l| l.trim().is_empty() || l.starts_with('#')) {
            line += 1;
        }
        events.push(Event::Row(Row { line, cells: r.iter().map(str::to_string).collect() }));
    }
    Ok(columns::to_items(events, opts.columns.as_ref(), opts.header, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Item;

    #[test]
    fn quoted_fields_separators_and_line_numbers() {
        let t =
            "# constructed\nnumber;title\n1;Машинист\n\n2;\"Опрокидчик; занятый\nоткаткой\"\n# comment\n3;Проходчик\n";
        let mut r = Report::new();
        let d = parse(t, None, &ImportOptions::new("xa-t", "XA"), &mut r).unwrap();
        let got: Vec<(usize, String)> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Entry { line, title, .. } => Some((*line, title.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(got, [(3, "Машинист".into()), (5, "Опрокидчик; занятый откаткой".into()), (8, "Проходчик".into())]);
        assert!(r.notices.iter().any(|n| n.message.to_string() == "separator `;`"));
        assert!(
            r.notices.iter().any(|n| n.line == Some(2) && n.message.to_string().starts_with("header row")),
            "{:?}",
            r.notices
        );
    }
}
