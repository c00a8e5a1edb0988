//! Unnumbered entries one a line under sub-headings (`--layout lines`), as in
//! Ukraine's 1993 list: a line is a sub-heading when it starts (or, in
//! head-final languages, ends) with a production/work noun of its language
//! ([`super::lang`]) and that word does not read as a profession, or when it
//! ends with `:`; roman sections, `Глава n.` and `§ n(1).` are headings as
//! in plain text; every other line is an entry. A line starting with a
//! lowercase letter continues the entry before it (a wrapped line). Text
//! before the first heading is the preamble when the text has headings.

use super::plain::{hyphen, is_remark, structural};
use super::text::{self, clean};
use super::{Doc, HeadingKind, ImportOption, Item, OptionText, Report, Unplaced, lang};

/// Reads `lines` in language `code`.
pub(crate) fn parse(lines: &[&str], code: &str, report: &mut Report) -> Doc {
    let lang = lang::get(code);
    if lang.is_none() {
        report.warn(
            None,
            OptionText::from("no heading nouns for ")
                .option(ImportOption::Lang)
                .text(format!(" {code}: sub-headings are read only by numbering or a final colon")),
        );
    }
    let is_heading = |t: &str| structural(t).is_some() || t.ends_with(':') || lang.is_some_and(|l| l.is_heading(t));
    let cleaned: Vec<String> = lines.iter().map(|l| clean(l)).collect();
    let has_headings = cleaned.iter().any(|t| !t.is_empty() && !t.starts_with('#') && is_heading(t));
    let mut doc = Doc::default();
    let mut seen = !has_headings;
    for (i, t) in cleaned.iter().enumerate() {
        let line = i + 1;
        if t.is_empty() {
            continue;
        }
        if let Some(at) = text::cut_mark(t) {
            cut_here(&mut doc, report, line, &t[..at]);
            continue;
        }
        if t.starts_with('#') {
            continue;
        }
        if let Some((kind, number, title, lookalike)) = structural(t) {
            if lookalike {
                report.note(Some(line), format!("roman numeral typed with Cyrillic letters; read as {number}"));
            }
            heading(&mut doc, report, line, t, kind, Some(number), &title);
            seen = true;
            continue;
        }
        if is_heading(t) {
            heading(&mut doc, report, line, t, HeadingKind::Unnumbered, None, t);
            seen = true;
            continue;
        }
        if !seen {
            doc.items.push(Item::Preamble { line, text: t.clone() });
            continue;
        }
        if is_remark(t) {
            doc.items.push(Item::Remark { line, text: t.clone() });
            continue;
        }
        if text::is_note_start(t) {
            doc.items.push(Item::Note { line, text: t.clone() });
            continue;
        }
        if !text::has_letter(t) {
            report.unplace(line, t, "no letters: not an entry, heading or note");
            continue;
        }
        if text::starts_lowercase(t)
            && let Some(Item::Entry { title, .. }) = doc.items.last_mut()
        {
            hyphen(report, line, text::join(title, t));
            continue;
        }
        let (number, rest) = match text::numbered(t) {
            Some(n) => (Some(n.number), n.rest.to_string()),
            None => (None, t.clone()),
        };
        doc.items.push(Item::Entry { line, number, title: rest, condition: None, note: None });
    }
    warn_long_preamble(&doc, report);
    doc
}

/// Lines before the first sub-heading are the preamble (a title, an act's
/// heading). When there are several, the first sub-heading may simply not have
/// been recognised, and entries would vanish into the list's note: say so.
fn warn_long_preamble(doc: &Doc, report: &mut Report) {
    let lines: Vec<usize> =
        doc.items.iter().filter_map(|i| if let Item::Preamble { line, .. } = i { Some(*line) } else { None }).collect();
    let first_heading =
        doc.items.iter().find_map(|i| if let Item::Heading { line, .. } = i { Some(*line) } else { None });
    if let ([first, .., last], Some(h)) = (lines.as_slice(), first_heading) {
        report.warn(
            Some(*first),
            OptionText::from(format!(
                "{} lines ({first}–{last}) before the first sub-heading (line {h}) are kept in the list's note, not \
                 imported as entries; if they are entries, a sub-heading before them was not recognised: end it \
                 with `:` or check ",
                lines.len()
            ))
            .option(ImportOption::Lang),
        );
    }
}

/// A heading item; one without a title is unplaced.
pub(crate) fn heading(
    doc: &mut Doc,
    report: &mut Report,
    line: usize,
    whole: &str,
    kind: HeadingKind,
    number: Option<String>,
    rest: &str,
) {
    let (title, colon) = text::strip_colon(rest);
    if title.is_empty() {
        report.unplace(line, whole, "heading without a title");
    } else {
        doc.items.push(Item::Heading { line, kind, number, title, colon });
    }
}

/// Text cut off by a transcriber's mark: reported, not imported.
pub(crate) fn cut_here(doc: &mut Doc, report: &mut Report, line: usize, before: &str) {
    let before = before.trim();
    let (text, at) = if before.is_empty() || before.starts_with('#') {
        // The mark on its own line: the entry before it is the cut one.
        match doc.items.last() {
            Some(Item::Entry { line: l, title, .. }) => {
                let t = (title.clone(), *l);
                doc.items.pop();
                t
            }
            _ => return,
        }
    } else {
        (before.to_string(), line)
    };
    report.cut.push(Unplaced { line: at, text, reason: format!("cut off in the source (mark at line {line})") });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str, lang: &str) -> (Vec<String>, Report) {
        let mut r = Report::new();
        let lines: Vec<&str> = t.split('\n').collect();
        let d = parse(&lines, lang, &mut r);
        let s = d
            .items
            .iter()
            .map(|i| match i {
                Item::Heading { kind, title, .. } => format!("H{kind:?} {title}"),
                Item::Entry { number, title, .. } => format!("E{} {title}", number.as_deref().unwrap_or("")),
                Item::Preamble { text, .. } => format!("P {text}"),
                Item::Note { text, .. } => format!("N {text}"),
                Item::Remark { text, .. } => format!("R {text}"),
            })
            .collect();
        (s, r)
    }

    /// A CONSTRUCTED Ukrainian text in the layout of the 1993 list (not its wording).
    #[test]
    fn adjective_headings_and_a_long_preamble_is_reported() {
        // CONSTRUCTED Ukrainian lines (not the text of any act).
        let t = "ПЕРЕЛІК (сконструйований)\nМеталургійне виробництво\nГорновий доменної печі\nРозливальник сталі\nХімічне виробництво\nАпаратник хлорування\n";
        let (items, r) = run(t, "uk");
        assert_eq!(
            items,
            [
                "P ПЕРЕЛІК (сконструйований)",
                "HUnnumbered Металургійне виробництво",
                "E Горновий доменної печі",
                "E Розливальник сталі",
                "HUnnumbered Хімічне виробництво",
                "E Апаратник хлорування"
            ]
        );
        assert!(
            !r.notices.iter().any(|n| n.message.contains("kept in the list's note")),
            "one title line is a normal preamble"
        );
        // The first heading not recognised: entries would vanish into the note; a warning says so.
        let t = "ПЕРЕЛІК\nГорновий доменної печі\nРозливальник сталі\nРоботи на висоті:\nВерхолаз\n";
        let (items, r) = run(t, "uk");
        assert_eq!(items[..3], ["P ПЕРЕЛІК", "P Горновий доменної печі", "P Розливальник сталі"]);
        assert!(
            r.notices.iter().any(|n| n.message.contains("3 lines (1–3) before the first sub-heading (line 4)")),
            "{:?}",
            r.notices.iter().map(|n| &n.message).collect::<Vec<_>>()
        );
    }

    #[test]
    fn ukrainian_entries_under_production_headings() {
        let (s, r) = run(
            "ПЕРЕЛІК (сконструйований)\n\nВиробництво коксу\nМашиніст коксових машин\nЛюковий, зайнятий на\nкоксових печах\nРоботи на висоті:\nВерхолаз\n",
            "uk",
        );
        assert_eq!(
            s,
            [
                "P ПЕРЕЛІК (сконструйований)",
                "HUnnumbered Виробництво коксу",
                "E Машиніст коксових машин",
                "E Люковий, зайнятий на коксових печах",
                "HUnnumbered Роботи на висоті",
                "E Верхолаз"
            ]
        );
        assert!(r.unplaced.is_empty() && r.notices.is_empty());
    }

    #[test]
    fn unknown_language_warns_and_a_cut_entry_is_dropped() {
        let (s, r) = run("Arbeiten:\nSchweißer\nGießer, besch\n# [EXCERPT ENDS]\n", "de");
        assert_eq!(s, ["HUnnumbered Arbeiten", "E Schweißer"]);
        assert_eq!(r.cut[0].text, "Gießer, besch");
        assert!(r.notices[0].message.contains("no heading nouns for option `lang` de"));
        assert_eq!(r.notices[0].message.options().collect::<Vec<_>>(), [ImportOption::Lang]);
    }
}
