//! Plain text as copied from a legal database: roman-numbered sections,
//! unnumbered sub-headings, numbered entries (`12.`, `12)`, `3.1.`) wrapped
//! over several lines, notes.
//!
//! Each line is classified, then a small state machine joins wrapped lines
//! onto the item they continue. A line continues the open item when it
//! starts with a lowercase letter, a digit or `(`, `-`, `,`; or when the
//! open text is unfinished (ends with a comma, a hyphen, an open
//! parenthesis or a preposition). Otherwise an unnumbered line starts a
//! sub-heading (or, before anything else, the preamble).

use super::text::{self, clean};
use super::{Doc, HeadingKind, Item, Report};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

enum Class {
    Blank,
    Comment,
    Roman {
        numeral: String,
        lookalike: bool,
        rest: String,
    },
    Section {
        number: String,
        rest: String,
    },
    /// `§ 1(1). Литейные работы`
    Paragraph {
        number: String,
        rest: String,
    },
    /// A line with a cut mark (`[EXCERPT ENDS]`, also in a `#` comment): the
    /// open item, with the text before the mark, is cut off in the source.
    Cut {
        before: String,
    },
    Numbered {
        number: String,
        marker: Option<char>,
        rest: String,
    },
    Lettered,
    NoteStart,
    Text,
}

static SECTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:Раздел|Глава|Section|Chapter|Розділ|Раздзел|Тарау|Бөлүм|Bölmə|Fəsil|Bob|Боб)\s+(\d{1,3})\s*[.)]?\s*(.*)$",
    )
    .expect("valid regex")
});

/// A structural heading: a roman section, `Глава 3.` / `Раздел 3.`, or `§ 1(1).`:
/// (kind, number, title, whether the numeral was a Cyrillic look-alike).
pub(crate) fn structural(t: &str) -> Option<(HeadingKind, String, String, bool)> {
    if let Some(r) = text::roman(t) {
        return Some((HeadingKind::Roman, r.numeral, r.rest.to_string(), r.lookalike));
    }
    if let Some(c) = SECTION_WORD.captures(t) {
        let number = c.get(1).map_or("", |m| m.as_str()).to_string();
        return Some((HeadingKind::Section, number, c.get(2).map_or("", |m| m.as_str()).to_string(), false));
    }
    text::paragraph(t).map(|(n, rest)| (HeadingKind::Paragraph, n, rest.to_string(), false))
}

/// True for a line wholly in parentheses: `(...continued from our previous issue)`.
pub(crate) fn is_remark(t: &str) -> bool {
    let t = t.trim();
    t.starts_with('(') && t.ends_with(')') && {
        let mut depth = 0i32;
        let mut closed_early = false;
        for (i, c) in t.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 && i + 1 < t.len() {
                        closed_early = true;
                    }
                }
                _ => {}
            }
        }
        depth == 0 && !closed_early
    }
}
static LETTERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[а-яa-z]\)\s").expect("valid regex"));

fn classify(line: &str) -> (Class, String) {
    let t = clean(line);
    if t.is_empty() {
        return (Class::Blank, t);
    }
    if let Some(at) = text::cut_mark(&t) {
        let before = if t.starts_with('#') { String::new() } else { t[..at].trim().to_string() };
        return (Class::Cut { before }, t);
    }
    if t.starts_with('#') {
        return (Class::Comment, t);
    }
    if let Some((number, rest)) = text::paragraph(&t) {
        let rest = rest.to_string();
        return (Class::Paragraph { number, rest }, t);
    }
    if let Some(r) = text::roman(&t) {
        let c = Class::Roman { numeral: r.numeral, lookalike: r.lookalike, rest: r.rest.to_string() };
        return (c, t);
    }
    if let Some(c) = SECTION_WORD.captures(&t) {
        let number = c.get(1).map_or("", |m| m.as_str()).to_string();
        let rest = c.get(2).map_or("", |m| m.as_str()).to_string();
        return (Class::Section { number, rest }, t);
    }
    if let Some(n) = text::numbered(&t) {
        let c = Class::Numbered { number: n.number, marker: n.marker, rest: n.rest.to_string() };
        return (c, t);
    }
    if LETTERED.is_match(&t) {
        return (Class::Lettered, t);
    }
    if text::is_note_start(&t) {
        return (Class::NoteStart, t);
    }
    (Class::Text, t)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenKind {
    Entry,
    Heading(HeadingKind),
    /// Unnumbered text: a sub-heading, or the preamble before anything else.
    Loose,
    Note,
}

struct Open {
    kind: OpenKind,
    line: usize,
    number: Option<String>,
    text: String,
}

fn all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether `line` continues the open item.
fn continues(open: &Open, line: &str, blank_before: bool) -> bool {
    if open.text.is_empty() {
        // "60." or "III." alone: the text is on the next line.
        return true;
    }
    let first = line.chars().next().unwrap_or(' ');
    if text::starts_lowercase(line)
        || first.is_ascii_digit()
        || matches!(first, '(' | ',' | ';' | '-' | '–' | '—' | ')')
    {
        return true;
    }
    if blank_before {
        return false;
    }
    if text::unfinished(&open.text) {
        return true;
    }
    match open.kind {
        OpenKind::Entry | OpenKind::Note => open.text.ends_with(':'),
        OpenKind::Loose | OpenKind::Heading(_) => all_caps(&open.text) && all_caps(line) && !open.text.ends_with(':'),
    }
}

/// Reports a word joined across a line break at a hyphen.
pub(crate) fn hyphen(report: &mut Report, line: usize, joined: Option<String>) {
    if let Some(w) = joined {
        report.note(
            Some(line),
            format!("line break after a hyphen joined as «{w}» (hyphen kept; remove it if the word was only broken)"),
        );
    }
}

/// Reads plain text lines.
pub(crate) fn parse(lines: &[&str], report: &mut Report) -> Doc {
    let classes: Vec<(Class, String)> = lines.iter().map(|l| classify(l)).collect();
    // The marker most entries use: a number with the other marker inside an entry is a sub-item.
    let (dots, parens) = classes.iter().fold((0, 0), |(d, p), (c, _)| match c {
        Class::Numbered { marker: Some('.'), .. } => (d + 1, p),
        Class::Numbered { marker: Some(')'), .. } => (d, p + 1),
        _ => (d, p),
    });
    let dominant = if dots >= parens { '.' } else { ')' };

    let mut doc = Doc::default();
    let mut open: Option<Open> = None;
    let mut blank = false;
    let mut seen_structure = false;
    let mut last: HashMap<String, u32> = HashMap::new();

    let flush = |open: &mut Option<Open>, doc: &mut Doc, report: &mut Report, seen: &mut bool| {
        let Some(o) = open.take() else { return };
        match o.kind {
            OpenKind::Entry => {
                if o.text.is_empty() {
                    let n = o.number.clone().unwrap_or_default();
                    report.unplace(o.line, &n, format!("entry {n} has no text"));
                } else {
                    *seen = true;
                    doc.items.push(Item::Entry {
                        line: o.line,
                        number: o.number,
                        title: o.text,
                        condition: None,
                        note: None,
                    });
                }
            }
            OpenKind::Heading(kind) => {
                let (title, colon) = text::strip_colon(&o.text);
                if title.is_empty() {
                    let n = o.number.clone().unwrap_or_default();
                    report.unplace(o.line, &n, format!("heading {n} has no title"));
                } else {
                    *seen = true;
                    doc.items.push(Item::Heading { line: o.line, kind, number: o.number, title, colon });
                }
            }
            OpenKind::Loose => {
                let (title, colon) = text::strip_colon(&o.text);
                if *seen || colon {
                    *seen = true;
                    doc.items.push(Item::Heading {
                        line: o.line,
                        kind: HeadingKind::Unnumbered,
                        number: None,
                        title,
                        colon,
                    });
                } else {
                    doc.items.push(Item::Preamble { line: o.line, text: o.text });
                }
            }
            OpenKind::Note => doc.items.push(Item::Note { line: o.line, text: o.text }),
        }
    };

    for (i, (class, t)) in classes.iter().enumerate() {
        let line = i + 1;
        match class {
            Class::Blank => {
                blank = true;
                continue;
            }
            Class::Comment => continue,
            Class::Cut { before } => {
                // The item open here is incomplete in the source: reported, not imported.
                if let Some(n) = text::numbered(before) {
                    // "13. Бандаж [EXCERPT ENDS]": a new entry, cut.
                    flush(&mut open, &mut doc, report, &mut seen_structure);
                    let (number, rest) = (n.number, n.rest.to_string());
                    open = Some(Open { kind: OpenKind::Entry, line, number: Some(number), text: rest });
                } else if !before.is_empty() {
                    match open.as_mut() {
                        Some(o) => {
                            text::join(&mut o.text, before);
                        }
                        None => open = Some(Open { kind: OpenKind::Entry, line, number: None, text: before.clone() }),
                    }
                }
                if let Some(o) = open.take_if(|o| o.kind == OpenKind::Entry) {
                    let n = o.number.as_deref().map(|n| format!("{n}. ")).unwrap_or_default();
                    report.cut.push(super::Unplaced {
                        line: o.line,
                        text: format!("{n}{}", o.text),
                        reason: format!("cut off in the source (mark at line {line})"),
                    });
                }
                continue;
            }
            Class::Paragraph { number, rest } => {
                flush(&mut open, &mut doc, report, &mut seen_structure);
                open = Some(Open {
                    kind: OpenKind::Heading(HeadingKind::Paragraph),
                    line,
                    number: Some(number.clone()),
                    text: rest.clone(),
                });
            }
            Class::Roman { numeral, lookalike, rest } => {
                flush(&mut open, &mut doc, report, &mut seen_structure);
                if *lookalike {
                    report.note(Some(line), format!("roman numeral typed with Cyrillic letters; read as {numeral}"));
                }
                open = Some(Open {
                    kind: OpenKind::Heading(HeadingKind::Roman),
                    line,
                    number: Some(numeral.clone()),
                    text: rest.clone(),
                });
            }
            Class::Section { number, rest } => {
                flush(&mut open, &mut doc, report, &mut seen_structure);
                open = Some(Open {
                    kind: OpenKind::Heading(HeadingKind::Section),
                    line,
                    number: Some(number.clone()),
                    text: rest.clone(),
                });
            }
            Class::Numbered { number, marker, rest } => {
                let parts = text::number_parts(number);
                let fits = match &parts {
                    Some((_, _, letter)) if !letter.is_empty() => true,
                    Some((prefix, n, _)) => match last.get(prefix) {
                        None => last.is_empty(),
                        Some(l) => *n == l + 1,
                    },
                    None => false,
                };
                if let Some(o) = open.as_mut().filter(|o| o.kind == OpenKind::Entry) {
                    let other_marker = marker.is_some_and(|m| m != dominant);
                    if !fits && (other_marker || text::unfinished(&o.text) || o.text.ends_with(':')) {
                        // "2) …" inside entry 12: a sub-item of its text.
                        hyphen(report, line, text::join(&mut o.text, t));
                        blank = false;
                        continue;
                    }
                }
                flush(&mut open, &mut doc, report, &mut seen_structure);
                // "3. Литейные работы" followed by 3.1, 3.2… is a heading that looks like an entry.
                let heads = !number.contains('.')
                    && classes[i + 1..]
                        .iter()
                        .find_map(|(c, _)| match c {
                            Class::Numbered { number: next, .. } => Some(next),
                            _ => None,
                        })
                        .is_some_and(|next| next.starts_with(&format!("{number}.")));
                if heads {
                    report.note(
                        Some(line),
                        format!("`{number}.` is followed by {number}.1…: read as a heading, not an entry"),
                    );
                    open = Some(Open {
                        kind: OpenKind::Heading(HeadingKind::Arabic),
                        line,
                        number: Some(number.clone()),
                        text: rest.clone(),
                    });
                } else {
                    if let Some((prefix, n, letter)) = parts
                        && letter.is_empty()
                    {
                        last.insert(prefix, n);
                    }
                    open = Some(Open { kind: OpenKind::Entry, line, number: Some(number.clone()), text: rest.clone() });
                }
            }
            Class::Lettered => match open.as_mut() {
                Some(o) => hyphen(report, line, text::join(&mut o.text, t)),
                None => open = Some(Open { kind: OpenKind::Loose, line, number: None, text: t.clone() }),
            },
            Class::NoteStart => {
                flush(&mut open, &mut doc, report, &mut seen_structure);
                open = Some(Open { kind: OpenKind::Note, line, number: None, text: t.clone() });
            }
            Class::Text => {
                if !text::has_letter(t) {
                    report.unplace(line, t, "no letters: not an entry, heading or note");
                    continue;
                }
                match open.as_mut() {
                    Some(o) if continues(o, t, blank) => hyphen(report, line, text::join(&mut o.text, t)),
                    _ => {
                        flush(&mut open, &mut doc, report, &mut seen_structure);
                        open = Some(Open { kind: OpenKind::Loose, line, number: None, text: t.clone() });
                    }
                }
            }
        }
        blank = false;
    }
    flush(&mut open, &mut doc, report, &mut seen_structure);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> (Vec<Item>, Report) {
        let mut r = Report::new();
        let lines: Vec<&str> = text.split('\n').collect();
        let d = parse(&lines, &mut r);
        (d.items, r)
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Heading { line, kind, number, title, .. } => {
                    format!("{line} H{kind:?} {} {title}", number.as_deref().unwrap_or("-"))
                }
                Item::Entry { line, number, title, .. } => {
                    format!("{line} E {} {title}", number.as_deref().unwrap_or("-"))
                }
                Item::Note { line, text } => format!("{line} N {text}"),
                Item::Preamble { line, text } => format!("{line} P {text}"),
                Item::Remark { line, text } => format!("{line} R {text}"),
            })
            .collect()
    }

    #[test]
    fn sections_subheadings_and_wrapped_entries() {
        let (items, r) = items(
            "ПЕРЕЧЕНЬ работ\n\nIII. Металлообработка\nЛитейные работы:\n12. Вагранщик,\nЗанятый на ремонте\n13. Машинист установки по бурению стволов шахт полным\nсечением (кроме\nмастеров)\n",
        );
        assert_eq!(
            summary(&items),
            [
                "1 P ПЕРЕЧЕНЬ работ",
                "3 HRoman III Металлообработка",
                "4 HUnnumbered - Литейные работы",
                "5 E 12 Вагранщик, Занятый на ремонте",
                "7 E 13 Машинист установки по бурению стволов шахт полным сечением (кроме мастеров)",
            ]
        );
        assert!(r.unplaced.is_empty());
    }

    #[test]
    fn heading_after_a_finished_entry() {
        let (items, _) = items("67. Электрослесарь на горных разработках\nРаботы по общим профессиям:\n68. Дробильщик");
        assert_eq!(
            summary(&items),
            [
                "1 E 67 Электрослесарь на горных разработках",
                "2 HUnnumbered - Работы по общим профессиям",
                "3 E 68 Дробильщик"
            ]
        );
    }

    #[test]
    fn sub_items_and_hierarchical_headings() {
        let (items, r) = items(
            "3. Литейные работы\n3.1. Вагранщик\n3.2. Заливщик:\n1) металла;\n2) шлака\n3.3. Выбивальщик\nа) на выбивке\n4. Токарь",
        );
        assert_eq!(
            summary(&items),
            [
                "1 HArabic 3 Литейные работы",
                "2 E 3.1 Вагранщик",
                "3 E 3.2 Заливщик: 1) металла; 2) шлака",
                "6 E 3.3 Выбивальщик а) на выбивке",
                "8 E 4 Токарь"
            ]
        );
        assert_eq!(r.notices.len(), 1);
    }

    #[test]
    fn lines_without_letters_are_unplaced() {
        let (items, r) = items("1. Токарь\n- 2 -\n-----\n2. Пекарь\n3.\n");
        assert_eq!(summary(&items), ["1 E 1 Токарь", "4 E 2 Пекарь"]);
        let lines: Vec<usize> = r.unplaced.iter().map(|u| u.line).collect();
        assert_eq!(lines, [2, 3, 5], "lines without letters and a number without text are unplaced");
    }

    #[test]
    fn all_caps_heading_wrapped() {
        let (items, _) = items("1. Токарь\nII. ХИМИЧЕСКОЕ\nПРОИЗВОДСТВО\n2. Аппаратчик");
        assert_eq!(summary(&items)[1], "2 HRoman II ХИМИЧЕСКОЕ ПРОИЗВОДСТВО");
    }

    #[test]
    fn number_or_numeral_alone_on_its_line() {
        let (items, r) = items("III.\nМеталлообработка\n60.\nМашинист погрузочной машины\n61.\n\nПроходчик\n");
        assert_eq!(
            summary(&items),
            ["1 HRoman III Металлообработка", "3 E 60 Машинист погрузочной машины", "5 E 61 Проходчик"]
        );
        assert!(r.unplaced.is_empty());
    }

    #[test]
    fn chapters_paragraphs_and_cut_marks() {
        let (items, r) = items(
            "Глава 1. Металлообработка\n§ 1(1). Литейные работы\n1. Вагранщик\n§ 2(1). Сварочные работы\n2. Газосварщик\n3. Бандажник, заняты\n# [EXCERPT ENDS mid-entry]\n",
        );
        assert_eq!(
            summary(&items),
            [
                "1 HSection 1 Металлообработка",
                "2 HParagraph 1(1) Литейные работы",
                "3 E 1 Вагранщик",
                "4 HParagraph 2(1) Сварочные работы",
                "5 E 2 Газосварщик"
            ]
        );
        assert_eq!(r.cut.len(), 1);
        assert_eq!((r.cut[0].line, r.cut[0].text.as_str()), (6, "3. Бандажник, заняты"));
        let (inline, r) = super::tests::items("1. Вагранщик\n2. Бандаж [EXCERPT ENDS]\n");
        assert_eq!(summary(&inline), ["1 E 1 Вагранщик"]);
        assert_eq!(r.cut[0].text, "2. Бандаж");
    }

    #[test]
    fn notes_and_comments() {
        let (items, _) = items("# constructed\n1. Токарь\nПримечание. Кроме мастеров.\n2. Пекарь");
        assert_eq!(summary(&items), ["2 E 1 Токарь", "3 N Примечание. Кроме мастеров.", "4 E 2 Пекарь"]);
    }
}
