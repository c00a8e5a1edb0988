//! Encoding and layout detection.
//!
//! Encoding: a byte order mark decides; else a pattern of zero bytes in every
//! other position is UTF-16 (LE or BE) without BOM; else valid UTF-8 is UTF-8;
//! else every Cyrillic 8-bit encoding (Windows-1251, KOI8-R, CP866,
//! ISO-8859-5) is scored on Russian letter statistics ([`score`]: letter
//! frequencies, capitals inside words, characters no text holds), with the
//! guess of the `chardetng` detector as a tie-breaker. The best is kept when it
//! is clearly ahead of the next ([`CLOSE`]) and reads as Cyrillic text;
//! otherwise the import stops and asks for `--encoding LABEL`, which overrides.

use super::text::{self, BARS};
use super::{ImportError, ImportOption, Layout, OptionText};
use encoding_rs::{Encoding, IBM866, ISO_8859_5, KOI8_R, KOI8_U, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251};
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
    /// How sure the detection is, when it compared candidates: "sure: koi8-r scores 412 lower".
    pub confidence: Option<String>,
}

/// Two candidates whose scores differ by less than this (log-likelihood, in
/// nats) are too close to call: the import asks for `--encoding`.
pub const CLOSE: f64 = 8.0;

/// Russian letter frequencies (per mille), lowercase; Kyrgyz letters added.
const FREQ: [(char, f64); 36] = [
    ('о', 109.7),
    ('е', 84.5),
    ('а', 80.1),
    ('и', 73.5),
    ('н', 67.0),
    ('т', 62.6),
    ('с', 54.7),
    ('р', 47.3),
    ('в', 45.4),
    ('л', 44.0),
    ('к', 34.9),
    ('м', 32.1),
    ('д', 29.8),
    ('п', 28.1),
    ('у', 26.2),
    ('я', 20.1),
    ('ы', 19.0),
    ('ь', 17.4),
    ('г', 17.0),
    ('з', 16.5),
    ('б', 15.9),
    ('ч', 14.4),
    ('й', 12.1),
    ('х', 9.7),
    ('ж', 9.4),
    ('ш', 7.3),
    ('ю', 6.4),
    ('ц', 4.8),
    ('щ', 3.6),
    ('э', 3.2),
    ('ф', 2.6),
    ('ъ', 0.4),
    ('ё', 0.4),
    ('ө', 3.0),
    ('ү', 3.0),
    ('ң', 3.0),
];

/// The log-likelihood of a decoded text as Russian (or Kyrgyz) text: each
/// non-ASCII character scores by its letter frequency; capitals after a small
/// letter inside a word (the mark of a wrong code page), controls and
/// replacement characters cost heavily. Higher is more likely.
pub fn score(text: &str) -> f64 {
    let mut total = 0.0;
    let mut prev_lower = false;
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let cyrillic = is_cyrillic(c);
        if !c.is_ascii() {
            total += match FREQ.iter().find(|(l, _)| *l == lower) {
                Some((_, f)) => (f / 1000.0f64).ln(),
                None if cyrillic => -9.0,
                None if matches!(c, '«' | '»' | '—' | '–' | '№' | '…' | '„' | '“' | '”' | '\u{a0}' | '°' | '§')
                    || ('\u{2500}'..='\u{257f}').contains(&c) =>
                {
                    -4.0
                }
                None if c == '\u{fffd}' || c.is_control() => -12.0,
                None => -9.0,
            };
        } else if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            total -= 12.0;
        }
        if cyrillic && c.is_uppercase() && prev_lower {
            total -= 6.0;
        }
        prev_lower = c.is_alphabetic() && c.is_lowercase();
    }
    total
}

/// UTF-16 without BOM: almost every other byte is 0x00 (ASCII) or 0x04 (Cyrillic).
fn utf16_without_bom(input: &[u8]) -> Option<&'static Encoding> {
    if input.len() < 4 || !input.len().is_multiple_of(2) {
        return None;
    }
    let high = |start: usize| input.iter().skip(start).step_by(2).filter(|&&b| b == 0 || b == 4).count();
    let pairs = input.len() / 2;
    let (le, be) = (high(1), high(0));
    if le * 10 >= pairs * 9 && be * 10 < pairs * 5 {
        Some(UTF_16LE)
    } else if be * 10 >= pairs * 9 && le * 10 < pairs * 5 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Scores the Cyrillic 8-bit encodings for bytes that are not UTF-8; best first.
fn rank_8bit(input: &[u8]) -> Vec<(&'static Encoding, f64)> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(input, true);
    let guess = match detector.guess(None, chardetng::Utf8Detection::Deny) {
        g if g == KOI8_U => KOI8_R,
        g => g,
    };
    let mut ranked: Vec<(&'static Encoding, f64)> = [WINDOWS_1251, KOI8_R, IBM866, ISO_8859_5]
        .into_iter()
        .map(|enc| {
            let (text, _) = enc.decode_without_bom_handling(input);
            // The detector's guess breaks near-ties.
            (enc, score(&text) + if enc == guess { 3.0 } else { 0.0 })
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
}

/// Decodes `input`, with the encoding `label` or detected.
pub fn decode(input: &[u8], label: Option<&str>) -> Result<Decoded, ImportError> {
    let mut confidence = None;
    let (raw, encoding, detected, bom, malformed): (String, &'static str, bool, bool, bool) = match label {
        Some(l) => {
            let enc = Encoding::for_label(l.trim().as_bytes()).ok_or_else(|| {
                ImportError::Encoding(OptionText::from(format!(
                    "`{l}` is not an encoding this tool knows; use utf-8, windows-1251 (cp1251), koi8-r, ibm866 (cp866), iso-8859-5, utf-16le or utf-16be"
                )))
            })?;
            let bom = Encoding::for_bom(input).is_some_and(|(e, _)| e == enc);
            let (text, errors) = enc.decode_with_bom_removal(input);
            (text.into_owned(), enc.name(), false, bom, errors)
        }
        None => {
            if let Some((enc, len)) = Encoding::for_bom(input) {
                let (text, errors) = enc.decode_without_bom_handling(&input[len..]);
                if errors {
                    return Err(ImportError::Encoding(
                        OptionText::from(format!(
                            "the input starts with a {} byte order mark but is not valid {}; name the encoding with ",
                            enc.name(),
                            enc.name()
                        ))
                        .option(ImportOption::Encoding),
                    ));
                }
                (text.into_owned(), enc.name(), true, true, false)
            } else {
                if let Some(enc) = utf16_without_bom(input) {
                    let (text, errors) = enc.decode_without_bom_handling(input);
                    if errors {
                        return Err(ImportError::Encoding(OptionText::from(format!(
                            "the input looks like {} without a byte order mark but is not valid {}; name the encoding with ",
                            enc.name(),
                            enc.name()
                        ))
                        .option(ImportOption::Encoding)));
                    }
                    confidence = Some("zero bytes in every other position, no byte order mark".to_string());
                    (text.into_owned(), enc.name(), true, false, false)
                } else {
                    match std::str::from_utf8(input) {
                        Ok(s) => (s.to_string(), UTF_8.name(), true, false, false),
                        Err(e) => {
                            let line = input[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                            let ranked = rank_8bit(input);
                            let (best, best_score) = ranked[0];
                            let (next, next_score) = ranked[1];
                            let (text, _) = best.decode_without_bom_handling(input);
                            if !looks_cyrillic(&text) {
                                return Err(ImportError::Encoding(OptionText::from(format!(
                                    "the input is not UTF-8 (invalid byte at line {line}) and does not read as Cyrillic text in {}; name the encoding with ",
                                    "windows-1251, koi8-r, ibm866 or iso-8859-5"
                                ))
                                .option(ImportOption::Encoding)));
                            }
                            let margin = best_score - next_score;
                            if margin < CLOSE {
                                return Err(ImportError::Encoding(OptionText::from(format!(
                                    "cannot tell the encoding: the input is not UTF-8, and {} and {} read about equally well (scores {best_score:.0} and {next_score:.0}); name it with ",
                                    best.name().to_lowercase(),
                                    next.name().to_lowercase(),
                                ))
                                .option(ImportOption::Encoding)
                                .text(format!(" {}", best.name().to_lowercase()))));
                            }
                            let sure = if margin >= 4.0 * CLOSE { "sure" } else { "fairly sure" };
                            confidence = Some(format!(
                                "{sure}: the next best, {}, scores {margin:.0} lower",
                                next.name().to_lowercase()
                            ));
                            (text.into_owned(), best.name(), true, false, false)
                        }
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
    Ok(Decoded { text, encoding, detected, bom, line_endings, malformed_line, confidence })
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

    const RU: &str = "60. Машинист погрузочной машины\n61. Опрокидчик, занятый откаткой вагонеток\n62. Проходчик\n";

    #[test]
    fn every_cyrillic_code_page_is_told_apart() {
        for enc in [WINDOWS_1251, KOI8_R, IBM866, ISO_8859_5] {
            let (bytes, _, _) = enc.encode(RU);
            let d = decode(&bytes, None).unwrap_or_else(|e| panic!("{}: {e}", enc.name()));
            assert_eq!((d.encoding, d.text.as_str()), (enc.name(), RU), "{}", enc.name());
            assert!(d.confidence.as_deref().is_some_and(|c| c.contains("sure")), "{:?}", d.confidence);
        }
        // A single short word, too: capitals inside words mark a wrong code page.
        for enc in [WINDOWS_1251, KOI8_R, IBM866] {
            let (bytes, _, _) = enc.encode("1. Машинист\n");
            assert_eq!(decode(&bytes, None).unwrap().encoding, enc.name());
        }
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        for (enc, be) in [(UTF_16LE, false), (UTF_16BE, true)] {
            let bytes: Vec<u8> =
                RU.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
            let d = decode(&bytes, None).unwrap();
            assert_eq!((d.encoding, d.text.as_str(), d.bom), (enc.name(), RU, false));
        }
    }

    #[test]
    fn too_close_to_call_asks_for_the_encoding() {
        // Two bytes that are Cyrillic letters in every code page: no way to tell.
        let Err(ImportError::Encoding(e)) = decode(b"1. \xc1\xc2\n", None) else { panic!("not an encoding error") };
        assert_eq!(e.options().collect::<Vec<_>>(), [ImportOption::Encoding], "{e}");
    }

    #[test]
    fn latin1_bytes_are_not_taken_for_cyrillic() {
        // "café crème" in Latin-1: not UTF-8, and Latin words with stray letters in 1251.
        let Err(ImportError::Encoding(e)) = decode(b"caf\xe9 cr\xe8me, d\xe9j\xe0 vu", None) else {
            panic!("not an encoding error")
        };
        assert_eq!(e.options().collect::<Vec<_>>(), [ImportOption::Encoding], "{e}");
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
