//! Pseudo-graphic tables as legal databases publish them: box-drawing frames
//! (`┌ ┬ ┐ │ ├ ┼ ┤ └ ┴ ┘ ─`) or the ASCII variant (`+---+`, `¦`, `|`, mixed
//! freely). A cell wrapped over several physical lines is joined per column.
//!
//! Physical lines between two horizontal rules form one row; in tables
//! without a rule between rows, a new row starts where the number column
//! holds a number. A row of one cell in a wider table is a heading spanning
//! it. Text outside the frames (a title above, headings between tables) is
//! kept as preamble, headings or notes.

use super::columns::{self, Event, Row, number_cell};
use super::detect::is_rule;
use super::plain::hyphen;
use super::text::{self, BARS, clean};
use super::{Doc, ImportError, ImportOptions, Report};

/// Splits a table line into its cells (outer frame removed).
pub fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let mut cells = vec![String::new()];
    for c in t.chars() {
        if BARS.contains(&c) {
            cells.push(String::new());
        } else if let Some(last) = cells.last_mut() {
            last.push(c);
        }
    }
    if t.starts_with(BARS) && !cells.is_empty() {
        cells.remove(0);
    }
    if t.ends_with(BARS) && cells.len() > 1 {
        cells.pop();
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

enum Phys {
    Skip,
    Rule,
    Cells(Vec<String>),
    Text(String),
}

/// Reads a pseudo-graphic table.
pub(crate) fn parse(lines: &[&str], opts: &ImportOptions, report: &mut Report) -> Result<Doc, ImportError> {
    let phys: Vec<Phys> = lines
        .iter()
        .map(|l| {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                Phys::Skip
            } else if is_rule(t) {
                Phys::Rule
            } else if t.contains(BARS) {
                Phys::Cells(split_cells(t))
            } else {
                Phys::Text(clean(t))
            }
        })
        .collect();
    let (mut vbar, mut broken) = (0usize, 0usize);
    for l in lines {
        vbar += usize::from(l.contains('|'));
        broken += usize::from(l.contains('¦'));
    }
    if vbar > 0 && broken > 0 {
        report
            .note(None, format!("frames mix `¦` ({broken} lines) and `|` ({vbar} lines); both read as column borders"));
    }
    // The column of numbers, among rows of the most common width.
    let mut widths = std::collections::BTreeMap::new();
    for p in &phys {
        if let Phys::Cells(c) = p {
            *widths.entry(c.len()).or_insert(0usize) += 1;
        }
    }
    let width = widths.iter().max_by_key(|(w, n)| (**n, **w)).map(|(w, _)| *w).unwrap_or(0);
    let number_col = match &opts.columns {
        Some(m) => m.number,
        None => {
            let rows: Vec<&[String]> = phys
                .iter()
                .filter_map(|p| match p {
                    Phys::Cells(c) if c.len() == width => Some(c.as_slice()),
                    _ => None,
                })
                .collect();
            columns::guess_number_column(&rows)
        }
    };

    let mut events: Vec<Event> = Vec::new();
    let mut pending: Option<(usize, Vec<String>)> = None;
    let mut text_open: Option<(usize, String)> = None;
    let flush_row = |pending: &mut Option<(usize, Vec<String>)>, events: &mut Vec<Event>| {
        if let Some((line, cells)) = pending.take() {
            events.push(Event::Row(Row { line, cells }));
        }
    };
    let flush_text = |open: &mut Option<(usize, String)>, events: &mut Vec<Event>| {
        if let Some((line, text)) = open.take() {
            events.push(Event::Text { line, text });
        }
    };
    for (i, p) in phys.into_iter().enumerate() {
        let line = i + 1;
        match p {
            Phys::Skip => {}
            Phys::Rule => {
                flush_text(&mut text_open, &mut events);
                flush_row(&mut pending, &mut events);
            }
            Phys::Text(t) => {
                flush_row(&mut pending, &mut events);
                match text_open.as_mut() {
                    Some((_, prev)) if text::starts_lowercase(&t) || text::unfinished(prev) => {
                        hyphen(report, line, text::join(prev, &t))
                    }
                    _ => {
                        flush_text(&mut text_open, &mut events);
                        text_open = Some((line, t));
                    }
                }
            }
            Phys::Cells(cells) => {
                flush_text(&mut text_open, &mut events);
                if let Some((_, acc)) = pending.as_mut()
                    && acc.len() == cells.len()
                {
                    // A number starts a new row (the row before may be a heading row without one).
                    let starts_new =
                        number_col.is_some_and(|nc| cells.get(nc).is_some_and(|c| number_cell(c).is_some()));
                    if !starts_new {
                        for (a, c) in acc.iter_mut().zip(&cells) {
                            hyphen(report, line, text::join(a, c));
                        }
                        continue;
                    }
                }
                flush_row(&mut pending, &mut events);
                pending = Some((line, cells));
            }
        }
    }
    flush_text(&mut text_open, &mut events);
    flush_row(&mut pending, &mut events);
    if !events.iter().any(|e| matches!(e, Event::Row(_))) {
        return Err(ImportError::Parse { layout: super::Layout::Table, message: "no table rows found".into() });
    }
    Ok(columns::to_items(events, opts.columns.as_ref(), false, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Item;

    #[test]
    fn splits_cells() {
        assert_eq!(split_cells("│ 1 │ Машинист │"), ["1", "Машинист"]);
        assert_eq!(split_cells("¦ 1 ¦ Машинист |"), ["1", "Машинист"]);
        assert_eq!(split_cells("|   | машины  ¦"), ["", "машины"]);
        assert_eq!(split_cells("│ III. Металлообработка │"), ["III. Металлообработка"]);
    }

    fn parse_str(t: &str) -> (Vec<Item>, Report) {
        let mut r = Report::new();
        let lines: Vec<&str> = t.lines().collect();
        let d = parse(&lines, &ImportOptions::new("xa-t", "XA"), &mut r).unwrap();
        (d.items, r)
    }

    #[test]
    fn joins_wrapped_cells_without_row_rules() {
        let t = "┌───┬──────────────────────┐\n│ N │ Наименование         │\n│п/п│ профессии            │\n├───┼──────────────────────┤\n│1. │Машинист установки по │\n│   │бурению стволов       │\n│2. │Проходчик             │\n└───┴──────────────────────┘";
        let (items, r) = parse_str(t);
        let titles: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Entry { number, title, .. } => Some(format!("{} {title}", number.as_deref().unwrap_or("-"))),
                _ => None,
            })
            .collect();
        assert_eq!(titles, ["1 Машинист установки по бурению стволов", "2 Проходчик"]);
        assert!(r.unplaced.is_empty());
        assert!(r.notices.iter().any(|n| n.message.contains("N п/п | Наименование профессии")), "{:?}", r.notices);
    }
}
