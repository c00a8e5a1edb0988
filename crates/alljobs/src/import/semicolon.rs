//! Unnumbered entries separated by `;` inside one paragraph per sub-heading
//! (`--layout semicolon`), as in Azerbaijan's 1999 list:
//!
//! ```text
//! I. METAL EMALI
//! Əritmə işləri
//! Vaqrançı; qazçı; …; termist.
//! ```
//!
//! A paragraph is a list paragraph when it holds a `;` (outside
//! parentheses) or ends with `.`; other paragraphs are sub-headings (roman
//! sections, `Глава n.` and `§ n(1).` are headings as in plain text). A
//! list paragraph is split at `;`; the final `.` is dropped. A `:`
//! enumeration inside an item is kept in it: in head-final languages the
//! pieces after the colon that wait for their noun (a locative «…
//! qurğularda», per [`super::lang`]) are joined to the piece that brings it;
//! elsewhere, in paragraphs whose items start with a capital, the lowercase
//! pieces after a colon are sub-items. A line wholly in parentheses is a
//! remark; a heading directly before a section heading is a running title
//! (a reprint's repeated «SİYAHISI»), kept as a remark. Text before the
//! first section heading (or, without sections, the first sub-heading) is
//! the preamble.

use super::lines::{cut_here, heading};
use super::plain::{is_remark, structural};
use super::text::{self, clean};
use super::{Doc, HeadingKind, Item, Report, Unplaced, lang};

enum Para {
    Structural { line: usize, kind: HeadingKind, number: String, title: String },
    Heading { line: usize, text: String },
    List { line: usize, text: String, cut: bool },
    Remark { line: usize, text: String },
    Note { line: usize, text: String },
}

/// Splits at `;` outside parentheses.
fn pieces(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if c == ';' && depth <= 0 {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.into_iter().map(|p| p.trim().to_string()).collect()
}

fn has_colon(s: &str) -> bool {
    let mut depth = 0i32;
    s.chars().any(|c| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        c == ':' && depth <= 0
    })
}

/// Drops a paragraph's final `.` (not an abbreviation's).
fn strip_period(s: &str) -> String {
    let t = s.trim_end();
    match t.strip_suffix('.') {
        Some(x) if !x.ends_with('.') => {
            let last = x.rsplit(char::is_whitespace).next().unwrap_or("");
            if last.chars().count() <= 2 || last.contains('.') { t.to_string() } else { x.trim_end().to_string() }
        }
        _ => t.to_string(),
    }
}

/// Reads `lines` in language `code`.
pub(crate) fn parse(lines: &[&str], code: &str, report: &mut Report) -> Doc {
    let lang = lang::get(code);
    let mut paras: Vec<Para> = Vec::new();
    let mut blank = true;
    for (i, raw) in lines.iter().enumerate() {
        let line = i + 1;
        let t = clean(raw);
        if t.is_empty() {
            blank = true;
            continue;
        }
        if t.starts_with('#') {
            if text::cut_mark(&t).is_some()
                && let Some(Para::List { cut, .. }) = paras.last_mut()
            {
                *cut = true;
            }
            continue;
        }
        // A wrapped line of a list paragraph (PDF, hand-wrapped text).
        if let Some(Para::List { text: open, cut: false, .. }) = paras.last_mut()
            && !blank
            && !open.ends_with('.')
            && text::starts_lowercase(&t)
        {
            text::join(open, &t);
            continue;
        }
        blank = false;
        let p = if let Some((kind, number, title, _)) = structural(&t) {
            Para::Structural { line, kind, number, title }
        } else if is_remark(&t) {
            Para::Remark { line, text: t }
        } else if text::is_note_start(&t) {
            Para::Note { line, text: t }
        } else if text::cut_mark(&t).is_some() || t.ends_with('.') || pieces(&t).len() > 1 {
            Para::List { line, text: t, cut: false }
        } else {
            Para::Heading { line, text: t }
        };
        paras.push(p);
    }
    let has_sections = paras.iter().any(|p| matches!(p, Para::Structural { .. }));
    let mut doc = Doc::default();
    let mut started = false;
    for (i, p) in paras.iter().enumerate() {
        let next_is_section = paras[i + 1..]
            .iter()
            .find(|q| !matches!(q, Para::Remark { .. }))
            .is_some_and(|q| matches!(q, Para::Structural { .. }));
        match p {
            Para::Structural { line, kind, number, title } => {
                started = true;
                let whole = format!("{number}. {title}");
                heading(&mut doc, report, *line, &whole, *kind, Some(number.clone()), title);
            }
            Para::Heading { line, text } if !started && (has_sections || next_is_section) => {
                doc.items.push(Item::Preamble { line: *line, text: text.clone() })
            }
            Para::List { line, text, .. } if !started => {
                doc.items.push(Item::Preamble { line: *line, text: text.clone() })
            }
            Para::Remark { line, text } | Para::Note { line, text } if !started => {
                doc.items.push(Item::Preamble { line: *line, text: text.clone() })
            }
            Para::Heading { line, text } if next_is_section => {
                report.note(
                    Some(*line),
                    format!("«{}» directly before a section: a running title", text::excerpt(text, 60)),
                );
                doc.items.push(Item::Remark { line: *line, text: text.clone() });
            }
            Para::Heading { line, text } => {
                started = true;
                heading(&mut doc, report, *line, text, HeadingKind::Unnumbered, None, text);
            }
            Para::Remark { line, text } => doc.items.push(Item::Remark { line: *line, text: text.clone() }),
            Para::Note { line, text } => doc.items.push(Item::Note { line: *line, text: text.clone() }),
            Para::List { line, text, cut } => list(&mut doc, report, *line, text, *cut, lang),
        }
    }
    doc
}

/// Splits one list paragraph into entries.
fn list(doc: &mut Doc, report: &mut Report, line: usize, para: &str, cut_after: bool, lang: Option<&lang::Lang>) {
    let (body, cut) = match text::cut_mark(para) {
        Some(at) => (&para[..at], true),
        None => (para, cut_after),
    };
    let mut ps = pieces(body);
    // The piece before a cut mark is incomplete (unless the cut fell right after a `;`).
    let cut_piece = if cut { ps.pop().filter(|p| !p.is_empty()) } else { None };
    if let Some(last) = ps.last_mut() {
        *last = strip_period(last);
    }
    let ps: Vec<String> = ps.into_iter().filter(|p| !p.is_empty()).collect();
    let head_final = lang.is_some_and(|l| l.head_last);
    let capitalised = ps.iter().filter(|p| !text::starts_lowercase(p)).count() * 2 > ps.len();
    let mut items: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let mut item = ps[i].clone();
        i += 1;
        if has_colon(&item) {
            while i < ps.len() {
                let joins = if head_final {
                    lang.is_some_and(|l| l.piece_open(&item))
                } else {
                    capitalised && text::starts_lowercase(&ps[i])
                };
                if !joins {
                    break;
                }
                item = format!("{item}; {}", ps[i]);
                i += 1;
            }
        }
        items.push(item);
    }
    for it in items {
        if !text::has_letter(&it) {
            report.unplace(line, &it, "no letters: not an entry");
            continue;
        }
        doc.items.push(Item::Entry { line, number: None, title: it, condition: None, note: None });
    }
    if let Some(c) = cut_piece {
        if text::has_letter(&c) {
            report.cut.push(Unplaced { line, text: c, reason: "cut off in the source ([EXCERPT ENDS])".into() });
        }
    } else if cut {
        cut_here(doc, report, line, "");
    }
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
                Item::Heading { kind, number, title, .. } => {
                    format!("H{kind:?} {} {title}", number.as_deref().unwrap_or("-"))
                }
                Item::Entry { title, .. } => format!("E {title}"),
                Item::Preamble { text, .. } => format!("P {text}"),
                Item::Note { text, .. } => format!("N {text}"),
                Item::Remark { text, .. } => format!("R {text}"),
            })
            .collect();
        (s, r)
    }

    #[test]
    fn paragraphs_of_items_under_subheadings() {
        let (s, r) = run(
            "SİYAHISI\n\nI. METAL EMALI\n\nƏritmə işləri\n\nVaqrançı; qazçı (növbətçi; təmirçi); metal qızdırılması ilə məşğul olan: induksion qurğularda; sobalarda işləyən metal qızdırıcı; sumbatçı: pnevmatik alətlərlə işləyən kəsici; termist.\n\nSİYAHISI\n\nIV. MƏDƏN İŞLƏRİ\n\n(...əvvəli ötən sayımızda)\n\nŞpurların qazmaçısı; partladıcı; örtükl [EXCERPT ENDS]\n",
            "az",
        );
        assert_eq!(
            s,
            [
                "P SİYAHISI",
                "HRoman I METAL EMALI",
                "HUnnumbered - Əritmə işləri",
                "E Vaqrançı",
                "E qazçı (növbətçi; təmirçi)",
                "E metal qızdırılması ilə məşğul olan: induksion qurğularda; sobalarda işləyən metal qızdırıcı",
                "E sumbatçı: pnevmatik alətlərlə işləyən kəsici",
                "E termist",
                "R SİYAHISI",
                "HRoman IV MƏDƏN İŞLƏRİ",
                "R (...əvvəli ötən sayımızda)",
                "E Şpurların qazmaçısı",
                "E partladıcı",
            ]
        );
        assert_eq!(r.cut.len(), 1);
        assert_eq!(r.cut[0].text, "örtükl");
    }

    #[test]
    fn capitalised_items_keep_their_colon_sub_items() {
        let (s, _) = run(
            "Литейные работы\nВагранщик; Нагревальщик металла, занятый: на индукционных установках; ручной загрузкой печей; Обрубщик.",
            "ru",
        );
        assert_eq!(
            s,
            [
                "HUnnumbered - Литейные работы",
                "E Вагранщик",
                "E Нагревальщик металла, занятый: на индукционных установках; ручной загрузкой печей",
                "E Обрубщик"
            ]
        );
    }

    #[test]
    fn wrapped_list_lines_are_joined() {
        let (s, _) = run("I. Работы\nПодземные работы\nВагранщик; Заливщик\nметалла; Обрубщик.", "ru");
        assert_eq!(s[2..], ["E Вагранщик".to_string(), "E Заливщик металла".into(), "E Обрубщик".into()]);
    }
}
