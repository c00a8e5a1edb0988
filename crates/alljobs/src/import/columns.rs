//! Rows of cells (from a pseudo-graphic table or CSV/TSV) → headings and
//! entries, with a column mapping given (`--columns number=1,title=2,…`) or
//! read from the header row, or guessed (the column of numbers, then the
//! first column with text).

use super::text::{self, clean};
use super::{Doc, HeadingKind, Item, Report};
use std::fmt;
use std::str::FromStr;

/// Which column holds what (0-based inside; 1-based on the command line).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ColumnMap {
    /// The column of the printed number.
    pub number: Option<usize>,
    /// The column of the title.
    pub title: Option<usize>,
    /// The column of the section.
    pub section: Option<usize>,
    /// The column of the condition.
    pub condition: Option<usize>,
    /// The column of a note.
    pub note: Option<usize>,
}

/// A column mapping ([`ImportOptions::columns`](super::ImportOptions::columns)) that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.words(&super::ImportOption::Columns.neutral()))]
pub struct ColumnsError {
    /// The mapping as given.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

impl ColumnsError {
    /// The error, the option named `option` (a command line: `--columns`).
    pub fn words(&self, option: &str) -> String {
        format!(
            "bad {option} `{}`: {} (expected e.g. number=1,title=2,section=3,condition=4; keys: number, title, section, condition, note)",
            self.value, self.reason
        )
    }
}

const KEYS: [&str; 5] = ["number", "title", "section", "condition", "note"];

impl FromStr for ColumnMap {
    type Err = ColumnsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| ColumnsError { value: s.to_string(), reason };
        let mut m = ColumnMap::default();
        let mut used: Vec<usize> = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(|| err(format!("`{part}` is not key=column")))?;
            let (k, v) = (k.trim(), v.trim());
            let col: usize = v
                .parse()
                .ok()
                .filter(|&c| c >= 1)
                .ok_or_else(|| err(format!("`{v}` is not a column number (1, 2, …)")))?;
            let col = col - 1;
            if used.contains(&col) {
                return Err(err(format!("column {} is mapped twice", col + 1)));
            }
            used.push(col);
            let slot = match k {
                "number" => &mut m.number,
                "title" => &mut m.title,
                "section" => &mut m.section,
                "condition" => &mut m.condition,
                "note" => &mut m.note,
                _ => {
                    let hint = crate::diagnostic::did_you_mean(k, KEYS.iter().copied())
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    return Err(err(format!("unknown key `{k}`{hint}")));
                }
            };
            if slot.is_some() {
                return Err(err(format!("`{k}` is given twice")));
            }
            *slot = Some(col);
        }
        if m.title.is_none() {
            return Err(err("no `title` column".into()));
        }
        Ok(m)
    }
}

impl fmt::Display for ColumnMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [self.number, self.title, self.section, self.condition, self.note]
            .iter()
            .zip(KEYS)
            .filter_map(|(c, k)| c.map(|c| format!("{k}={}", c + 1)))
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// One row of cells with the line it starts on.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// What a table or CSV reader hands over, in document order.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    Row(Row),
    /// A line outside any table frame.
    Text {
        line: usize,
        text: String,
    },
}

/// True for a number cell: `12`, `12.`, `3.1`, `12а)`.
pub(crate) fn number_cell(s: &str) -> Option<String> {
    let t = s.trim().trim_end_matches(['.', ')']).trim();
    if t.is_empty() {
        return None;
    }
    let probe = format!("{t}. x");
    let n = text::numbered(&probe)?;
    (n.rest == "x").then_some(n.number)
}

fn role_of(header: &str) -> Option<&'static str> {
    let h = header.to_lowercase();
    let h = h.trim();
    if h.is_empty() {
        return None;
    }
    if h.contains('№')
        || h.contains("п/п")
        || h == "n"
        || h == "no"
        || h == "no."
        || h.starts_with("номер")
        || h == "number"
    {
        return Some("number");
    }
    if h.contains("раздел") || h.contains("section") || h.contains("глава") {
        return Some("section");
    }
    if h.contains("услови") || h.contains("condition") {
        return Some("condition");
    }
    if h.contains("примечан") || h.contains("note") || h.contains("comment") {
        return Some("note");
    }
    if h.contains("наименован")
        || h.contains("професс")
        || h.contains("должност")
        || h.contains("работ")
        || h.contains("title")
        || h.contains("name")
        || h.contains("occupation")
    {
        return Some("title");
    }
    None
}

/// Reads the roles from a header row.
fn map_from_header(cells: &[String]) -> ColumnMap {
    let mut m = ColumnMap::default();
    for (i, c) in cells.iter().enumerate() {
        let slot = match role_of(c) {
            Some("number") => &mut m.number,
            Some("section") => &mut m.section,
            Some("condition") => &mut m.condition,
            Some("note") => &mut m.note,
            Some("title") => &mut m.title,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    m
}

/// True when a row looks like a header: no number cell, and a cell naming a role.
fn looks_like_header(cells: &[String]) -> bool {
    cells.iter().all(|c| number_cell(c).is_none()) && cells.iter().any(|c| role_of(c).is_some())
}

/// True for the row that numbers the columns under a header: `1 | 2 | 3`.
fn column_index_row(cells: &[String]) -> bool {
    cells.len() >= 2 && cells.iter().enumerate().all(|(i, c)| c.trim() == (i + 1).to_string())
}

/// Guesses the column of numbers: the first where most non-empty cells are numbers.
pub(crate) fn guess_number_column(rows: &[&[String]]) -> Option<usize> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    (0..width.min(64)).find(|&c| {
        let filled: Vec<&String> = rows
            .iter()
            .filter_map(|r| r.get(c))
            .filter(|s| !s.trim().is_empty() && role_of(s).is_none() && !s.contains("п/п"))
            .collect();
        let numbers = filled.iter().filter(|s| number_cell(s).is_some()).count();
        numbers > 0 && numbers * 2 >= filled.len()
    })
}

/// Turns rows and text lines into items. `header`: the first row is a header
/// (CSV `--header`); tables find their header rows themselves.
pub(crate) fn to_items(events: Vec<Event>, given: Option<&ColumnMap>, header: bool, report: &mut Report) -> Doc {
    let mut doc = Doc::default();
    // The header: the given first row, or the multi-cell rows before the first row with a number.
    let rows: Vec<&Row> = events
        .iter()
        .filter_map(|e| match e {
            Event::Row(r) => Some(r),
            _ => None,
        })
        .collect();
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut header_lines: Vec<usize> = Vec::new();
    let mut header_cells: Vec<String> = Vec::new();
    if header {
        if let Some(r) = rows.first() {
            header_lines.push(r.line);
            header_cells = r.cells.clone();
        }
    } else {
        for r in &rows {
            if column_index_row(&r.cells) || r.cells.len() < 2 {
                continue;
            }
            if r.cells.iter().any(|c| number_cell(c).is_some()) {
                break;
            }
            if looks_like_header(&r.cells) {
                header_lines.push(r.line);
                header_cells = r.cells.clone();
                break;
            }
        }
    }
    let mut map = match given {
        Some(m) => m.clone(),
        None => map_from_header(&header_cells),
    };
    if given.is_none() {
        let body: Vec<&[String]> = rows
            .iter()
            .filter(|r| !header_lines.contains(&r.line) && r.cells.len() == width && !column_index_row(&r.cells))
            .map(|r| r.cells.as_slice())
            .collect();
        if map.number.is_none() {
            map.number = guess_number_column(&body);
        }
        if map.title.is_none() {
            let taken = [map.number, map.section, map.condition, map.note];
            map.title = (0..width).find(|c| {
                !taken.contains(&Some(*c)) && body.iter().any(|r| r.get(*c).is_some_and(|s| text::has_letter(s)))
            });
        }
        if let Some(l) = header_lines.first() {
            report.note(Some(*l), format!("header row: {}", header_cells.join(" | ")));
        }
        report.note(None, format!("columns: {map}"));
    }
    let label = |i: usize| -> String {
        header_cells.get(i).map(|h| clean(h)).filter(|h| !h.is_empty()).unwrap_or_else(|| format!("column {}", i + 1))
    };
    let mut current_section: Option<String> = None;
    let mut seen = false;
    let get = |cells: &[String], c: Option<usize>| -> String {
        c.and_then(|c| cells.get(c)).map(|s| clean(s)).unwrap_or_default()
    };
    for ev in events {
        match ev {
            Event::Text { line, text: t } => {
                let t = clean(&t);
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                heading_or_text(&mut doc, line, &t, seen, report);
                seen = seen || matches!(doc.items.last(), Some(Item::Heading { .. }));
            }
            Event::Row(Row { line, cells }) => {
                if header_lines.contains(&line) {
                    continue;
                }
                let whole = cells.iter().map(|c| clean(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ");
                if whole.is_empty() {
                    continue;
                }
                if column_index_row(&cells) {
                    report.note(Some(line), "row numbering the columns skipped");
                    continue;
                }
                if !header_cells.is_empty() && cells.iter().map(|c| clean(c)).eq(header_cells.iter().map(|c| clean(c)))
                {
                    report.note(Some(line), "repeated header row skipped");
                    continue;
                }
                // A row of one cell in a wider table: a heading spanning the table.
                if cells.len() == 1 && width > 1 {
                    let t = clean(&cells[0]);
                    heading_or_text(&mut doc, line, &t, seen, report);
                    seen = seen || matches!(doc.items.last(), Some(Item::Heading { .. }));
                    continue;
                }
                let number_raw = get(&cells, map.number);
                let title = get(&cells, map.title);
                let section = get(&cells, map.section);
                let condition = get(&cells, map.condition);
                let mut notes: Vec<String> = Vec::new();
                if let Some(n) = map.note {
                    let v = get(&cells, Some(n));
                    if !v.is_empty() {
                        notes.push(format!("{}: {v}", label(n)));
                    }
                }
                let mapped = [map.number, map.title, map.section, map.condition, map.note];
                for (i, c) in cells.iter().enumerate() {
                    let v = clean(c);
                    if !mapped.contains(&Some(i)) && !v.is_empty() {
                        notes.push(format!("{}: {v}", label(i)));
                    }
                }
                if !section.is_empty() && current_section.as_deref() != Some(section.as_str()) {
                    current_section = Some(section.clone());
                    let (kind, number, title) = match text::roman(&section) {
                        Some(r) => (HeadingKind::Roman, Some(r.numeral), r.rest.to_string()),
                        None => (HeadingKind::Section, None, section.clone()),
                    };
                    seen |= push_heading(&mut doc, report, line, &section, kind, number, &title);
                }
                let number = if number_raw.is_empty() { None } else { number_cell(&number_raw) };
                if !number_raw.is_empty() && number.is_none() {
                    report.unplace(
                        line,
                        &whole,
                        format!("the number column holds `{number_raw}`, not an entry number"),
                    );
                    continue;
                }
                if title.is_empty() {
                    if number.is_some() || !condition.is_empty() || !notes.is_empty() {
                        report.unplace(line, &whole, "no title in the title column");
                    }
                    continue;
                }
                let others_empty = condition.is_empty() && notes.is_empty();
                if number.is_none() && map.number.is_some() && others_empty {
                    // Only a title, in a list whose entries are numbered: a heading row.
                    heading_or_text(&mut doc, line, &title, true, report);
                    seen = true;
                    continue;
                }
                if number.is_none() && map.number.is_some() {
                    report.warn(Some(line), "row without a number read as an entry");
                }
                seen = true;
                doc.items.push(Item::Entry {
                    line,
                    number,
                    title,
                    condition: (!condition.is_empty()).then_some(condition),
                    note: (!notes.is_empty()).then(|| notes.join("; ")),
                });
            }
        }
    }
    doc
}

/// Pushes a heading; one whose title is empty (`III. :`) is unplaced. Returns whether it was pushed.
fn push_heading(
    doc: &mut Doc,
    report: &mut Report,
    line: usize,
    whole: &str,
    kind: HeadingKind,
    number: Option<String>,
    rest: &str,
) -> bool {
    let (title, colon) = text::strip_colon(rest);
    if title.is_empty() {
        report.unplace(line, whole, "heading without a title");
        return false;
    }
    doc.items.push(Item::Heading { line, kind, number, title, colon });
    true
}

/// A line outside the rows, or a row that only holds a title: a roman
/// section, a numbered heading, a sub-heading, or (before anything) preamble.
fn heading_or_text(doc: &mut Doc, line: usize, t: &str, seen: bool, report: &mut Report) {
    if text::is_note_start(t) {
        doc.items.push(Item::Note { line, text: t.to_string() });
        return;
    }
    if let Some(r) = text::roman(t) {
        if r.lookalike {
            report.note(Some(line), format!("roman numeral typed with Cyrillic letters; read as {}", r.numeral));
        }
        push_heading(doc, report, line, t, HeadingKind::Roman, Some(r.numeral), r.rest);
        return;
    }
    if let Some(n) = text::numbered(t)
        && !n.rest.is_empty()
    {
        push_heading(doc, report, line, t, HeadingKind::Arabic, Some(n.number), n.rest);
        return;
    }
    let (title, colon) = text::strip_colon(t);
    if !text::has_letter(&title) {
        report.unplace(line, t, "no letters: not an entry, heading or note");
    } else if seen || colon {
        doc.items.push(Item::Heading { line, kind: HeadingKind::Unnumbered, number: None, title, colon });
    } else {
        doc.items.push(Item::Preamble { line, text: t.to_string() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_column_maps() {
        let m: ColumnMap = "number=1,title=2,section=3,condition=4".parse().unwrap();
        assert_eq!((m.number, m.title, m.section, m.condition), (Some(0), Some(1), Some(2), Some(3)));
        assert_eq!(m.to_string(), "number=1,title=2,section=3,condition=4");
        for bad in ["title=0", "title=x", "titel=2", "number=1", "title=2,number=2", "title=1,title=2", "title"] {
            assert!(bad.parse::<ColumnMap>().is_err(), "{bad}");
        }
        let e = "titel=2".parse::<ColumnMap>().unwrap_err();
        assert!(e.to_string().contains("did you mean `title`"), "{e}");
    }

    #[test]
    fn number_cells() {
        assert_eq!(number_cell("12.").as_deref(), Some("12"));
        assert_eq!(number_cell(" 3.1 ").as_deref(), Some("3.1"));
        assert_eq!(number_cell("12а)").as_deref(), Some("12а"));
        assert_eq!(number_cell("п/п"), None);
        assert_eq!(number_cell(""), None);
        assert_eq!(number_cell("12 кг"), None);
    }

    fn row(line: usize, cells: &[&str]) -> Event {
        Event::Row(Row { line, cells: cells.iter().map(|s| s.to_string()).collect() })
    }

    #[test]
    fn header_index_row_headings_and_extra_columns() {
        let events = vec![
            row(1, &["№ п/п", "Наименование профессии", "Примечание"]),
            row(2, &["1", "2", "3"]),
            row(3, &["", "I. Горные работы", ""]),
            row(4, &["1.", "Проходчик", ""]),
            row(5, &["2.", "Машинист, занятый откаткой", "кроме мастеров"]),
            row(6, &["x", "Мусор", ""]),
        ];
        let mut r = Report::new();
        let d = to_items(events, None, false, &mut r);
        assert_eq!(d.items.len(), 3);
        assert!(
            matches!(&d.items[0], Item::Heading { kind: HeadingKind::Roman, title, .. } if title == "Горные работы")
        );
        assert!(
            matches!(&d.items[2], Item::Entry { note: Some(n), .. } if n == "Примечание: кроме мастеров"),
            "{:?}",
            d.items[2]
        );
        assert_eq!(r.unplaced.len(), 1);
        assert_eq!(r.unplaced[0].line, 6);
    }
}
