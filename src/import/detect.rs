//! Encoding and layout detection.
//!
//! Encoding: a byte order mark decides; else valid UTF-8 is UTF-8; else the
//! bytes are read as Windows-1251 and kept when the result reads as Cyrillic
//! text (words of Cyrillic letters, not Latin words with stray Cyrillic
//! letters, few control characters). `--encoding LABEL` overrides.

use super::text::{self, BARS};
use super::{ImportError, Layout};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1251};
use unicode_normalization::UnicodeNormalization;

/// A decoded input.
#[derive(Debug)]
pub struct Decoded {
    /// The text, NFC-normalised, with `\n` line ends.
    pub text: String,
    pub encoding: &'static str,
    pub detected: bool,
    pub bom: bool,
    /// `lf`, `crlf`, `cr`, `mixed` or `none`.
    pub line_endings: &'static str,
    /// The first line with malformed bytes (replaced), when the encoding was given.
    pub malformed_line: Option<usize>,
}

/// Decodes `input`, with the encoding `label` or detected.
pub fn decode(input: &[u8], label: Option<&str>) -> Result<Decoded, ImportError> {
    let (raw, encoding, detected, bom, malformed): (String, &'static str, bool, bool, bool) = match label {
        Some(l) => {
            let enc = Encoding::for_label(l.trim().as_bytes()).ok_or_else(|| {
                ImportError::Encoding(format!(
                    "`{l}` is not an encoding this tool knows; use utf-8 or windows-1251 (or cp1251, koi8-r, ibm866)"
                ))
            })?;
            let bom = Encoding::for_bom(input).is_some_and(|(e, _)| e == enc);
            let (text, errors) = enc.decode_with_bom_removal(input);
            (text.into_owned(), enc.name(), false, bom, errors)
        }
        None => {
            if let Some((enc, len)) = Encoding::for_bom(input) {
                let (text, errors) = enc.decode_without_bom_handling(&input[len..]);
                if errors {
                    return Err(ImportError::Encoding(format!(
                        "the input starts with a {} byte order mark but is not valid {}; name the encoding with --encoding",
                        enc.name(),
                        enc.name()
                    )));
                }
                (text.into_owned(), enc.name(), true, true, false)
            } else {
                match std::str::from_utf8(input) {
                    Ok(s) => (s.to_string(), UTF_8.name(), true, false, false),
                    Err(e) => {
                        let (text, _) = WINDOWS_1251.decode_without_bom_handling(input);
                        if !looks_cyrillic(&text) {
                            let line = input[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                            return Err(ImportError::Encoding(format!(
                                "the input is not UTF-8 (invalid byte at line {line}) and does not read as Windows-1251 Cyrillic text; name the encoding with --encoding"
                            )));
                        }
                        (text.into_owned(), WINDOWS_1251.name(), true, false, false)
                    }
                }
            }
        }
    };
    let crlf = raw.matches("\r\n").count();
    let cr = raw.matches('\r').count() - crlf;
    let lf = raw.matches('\n').count() - crlf;
    let line_endings = match (lf > 0, crlf > 0, cr > 0) {
        (false, false, false) => "none",
        (true, false, false) => "lf",
        (false, true, false) => "crlf",
        (false, false, true) => "cr",
        _ => "mixed",
    };
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let malformed_line =
        if malformed { unified.split('\n').position(|l| l.contains('\u{fffd}')).map(|i| i + 1) } else { None };
    let text: String = unified.nfc().collect();
    Ok(Decoded { text, encoding, detected, bom, line_endings, malformed_line })
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// True when a Windows-1251 reading of bytes looks like Cyrillic text.
pub fn looks_cyrillic(text: &str) -> bool {
    let mut cyrillic_words = 0usize;
    let mut mixed_words = 0usize;
    for w in text.split(|c: char| !c.is_alphabetic()) {
        let cyr = w.chars().filter(|&c| is_cyrillic(c)).count();
        if cyr == 0 {
            continue;
        }
        if w.chars().any(|c| c.is_ascii_alphabetic()) || cyr < w.chars().count() {
            mixed_words += 1;
        } else {
            cyrillic_words += 1;
        }
    }
    let controls = text.chars().filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    let total = text.chars().count().max(1);
    cyrillic_words > 0 && mixed_words * 10 <= cyrillic_words && controls * 100 <= total
}

/// Guesses the layout of a decoded text (lines without `\n`) in language `lang`.
pub fn layout(lines: &[&str], lang: &str) -> (Layout, String) {
    let content: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    if content.is_empty() {
        return (Layout::Plain, "no text".into());
    }
    let n = content.len();
    let framed = content.iter().filter(|l| is_rule(l) || l.chars().filter(|c| BARS.contains(c)).count() >= 2).count();
    if framed >= 2 && framed * 2 >= n {
        return (Layout::Table, format!("{framed} of {n} lines are table frames or rows"));
    }
    let numbered = content.iter().filter(|l| text::numbered(l).is_some() || text::roman(l).is_some()).count();
    if numbered * 10 >= n * 3 {
        return (Layout::Plain, format!("{numbered} of {n} lines are numbered entries or headings"));
    }
    let tabbed = content.iter().filter(|l| l.contains('\t')).count();
    // Lines with a tab (trimmed lines lose only outer tabs).
    let tabbed_raw = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#') && l.trim_end().contains('\t'))
        .count();
    if tabbed_raw.max(tabbed) * 10 >= n * 6 {
        return (Layout::Tsv, format!("{} of {n} lines hold tabs", tabbed_raw.max(tabbed)));
    }
    let joined = lines.join("\n");
    for delim in [b';', b','] {
        let counts = super::csv::field_counts(&joined, delim);
        let rows = counts.len().max(1);
        let mut freq = std::collections::BTreeMap::new();
        for c in &counts {
            *freq.entry(*c).or_insert(0usize) += 1;
        }
        if let Some((&mode, &k)) = freq.iter().max_by_key(|(c, k)| (**k, **c))
            && mode >= 2
            && k * 10 >= rows * 8
        {
            return (Layout::Csv, format!("{k} of {rows} rows have {mode} fields separated by `{}`", delim as char));
        }
    }
    // Paragraphs of `;`-separated items: most of the text is in lines with several `;`.
    let total: usize = content.iter().map(|l| l.chars().count()).sum();
    let listed: Vec<&&str> = content.iter().filter(|l| l.matches(';').count() >= 2).collect();
    let listed_chars: usize = listed.iter().map(|l| l.chars().count()).sum();
    if !listed.is_empty() && listed_chars * 2 >= total {
        return (
            Layout::Semicolon,
            format!("{} of {n} lines hold `;`-separated items ({listed_chars} of {total} characters)", listed.len()),
        );
    }
    if numbered * 10 < n
        && let Some(l) = super::lang::get(lang)
    {
        let headings = content.iter().filter(|t| l.is_heading(t)).count();
        if headings >= 1 && n >= 3 {
            return (
                Layout::Lines,
                format!("{headings} of {n} lines are sub-headings by their nouns ({lang}); the others unnumbered"),
            );
        }
    }
    (Layout::Plain, format!("{numbered} of {n} lines are numbered; no table frames, tabs or separators"))
}

/// True for a horizontal frame line: `┌──┬──┐`, `+----+----+`, `|----|`.
pub fn is_rule(l: &str) -> bool {
    let t = l.trim();
    let horizontal = t.chars().filter(|c| matches!(c, '─' | '━' | '═' | '-' | '=' | '_' | '╌' | '┄')).count();
    horizontal >= 3
        && t.chars().all(|c| {
            ('\u{2500}'..='\u{257f}').contains(&c)
                || matches!(c, '+' | '-' | '=' | '_' | ':' | ' ' | '\t')
                || BARS.contains(&c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("1. Машинист\r\n".as_bytes(), None).unwrap();
        assert_eq!((d.encoding, d.bom, d.line_endings, d.text.as_str()), ("UTF-8", false, "crlf", "1. Машинист\n"));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("1. Машинист\n".as_bytes());
        let d = decode(&b, None).unwrap();
        assert_eq!((d.encoding, d.bom, d.text.as_str()), ("UTF-8", true, "1. Машинист\n"));
    }

    #[test]
    fn windows_1251_is_detected() {
        let (bytes, _, _) = WINDOWS_1251.encode("60. Машинист погрузочной машины\n61. Проходчик\n");
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.detected);
        assert_eq!(d.text, "60. Машинист погрузочной машины\n61. Проходчик\n");
    }

    #[test]
    fn latin1_bytes_are_not_taken_for_cyrillic() {
        // "café crème" in Latin-1: not UTF-8, and Latin words with stray letters in 1251.
        let e = decode(b"caf\xe9 cr\xe8me, d\xe9j\xe0 vu", None).unwrap_err();
        assert!(e.to_string().contains("--encoding"), "{e}");
    }

    #[test]
    fn encoding_override() {
        let (bytes, _, _) = WINDOWS_1251.encode("Проходчик");
        let d = decode(&bytes, Some("cp1251")).unwrap();
        assert_eq!((d.text.as_str(), d.detected), ("Проходчик", false));
        let d = decode(&bytes, Some("utf-8")).unwrap();
        assert_eq!(d.malformed_line, Some(1));
        assert!(decode(b"x", Some("no-such-encoding")).is_err());
    }

    #[test]
    fn layouts() {
        let plain = ["60. Машинист", "61. Опрокидчик, занятый откаткой"];
        assert_eq!(layout(&plain, "ru").0, Layout::Plain);
        let table = ["┌──┬─────┐", "│1 │ Машинист │", "└──┴─────┘"];
        assert_eq!(layout(&table, "ru").0, Layout::Table);
        let ascii = ["+--+-----+", "¦1 ¦ Машинист |", "+--+-----+"];
        assert_eq!(layout(&ascii, "ru").0, Layout::Table);
        let tsv = ["1\tМашинист", "2\tПроходчик"];
        assert_eq!(layout(&tsv, "ru").0, Layout::Tsv);
        // A tab after a printed number is plain text, not TSV.
        let plain_tabs = ["60.\tМашинист", "61.\tПроходчик"];
        assert_eq!(layout(&plain_tabs, "ru").0, Layout::Plain);
        let csv = ["1;Машинист;Горные работы", "2;Проходчик;Горные работы"];
        assert_eq!(layout(&csv, "ru").0, Layout::Csv);
        let csv = ["number,title", "1,Машинист", "2,\"Опрокидчик, занятый откаткой\""];
        assert_eq!(layout(&csv, "ru").0, Layout::Csv);
        assert_eq!(layout(&[], "ru").0, Layout::Plain);
        let semi = ["Əritmə işləri", "Vaqrançı; qazçı; metal töküçüsü; termist."];
        assert_eq!(layout(&semi, "az").0, Layout::Semicolon);
        let lines = ["Виробництво коксу", "Машиніст коксових машин", "Люковий"];
        assert_eq!(layout(&lines, "uk").0, Layout::Lines);
    }
}
