//! Small text helpers shared by the layouts: cleaning, joining wrapped
//! lines, numbers and roman numerals.

use regex::Regex;
use std::sync::LazyLock;

/// Vertical frame characters of pseudo-graphic tables (box drawing, `¦`, `|`).
pub const BARS: [char; 8] = ['│', '┃', '║', '¦', '|', '╎', '┆', '┊'];

/// Collapses whitespace (including no-break spaces and tabs) to single
/// spaces, drops other control characters and trims.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c.is_control() || c == '\u{feff}' || c == '\u{200b}' || c == '\u{ad}' {
            continue;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Joins a wrapped line onto the text before it: with a space, or with
/// nothing after a hyphen that ends a word. The hyphen is kept (the act's
/// characters are never dropped); the joined word is returned so that the
/// caller can report it (`механизи-рованных` may be a broken word,
/// `газо-электросварщик` is not).
pub fn join(into: &mut String, next: &str) -> Option<String> {
    let next = next.trim();
    if next.is_empty() {
        return None;
    }
    if into.is_empty() {
        into.push_str(next);
        return None;
    }
    let mut rev = into.chars().rev();
    let last = rev.next();
    let before = rev.next();
    let hyphen = matches!(last, Some('-' | '‐' | '‑')) && before.is_some_and(char::is_alphabetic);
    if !hyphen {
        into.push(' ');
        into.push_str(next);
        return None;
    }
    let head = into.rsplit(' ').next().unwrap_or("").to_string();
    into.push_str(next);
    Some(format!("{head}{}", next.split(' ').next().unwrap_or("")))
}

/// True when the first letter of `s` is lowercase.
pub fn starts_lowercase(s: &str) -> bool {
    s.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase)
        && s.chars().next().is_some_and(|c| c.is_alphabetic())
}

/// True when `s` has at least one letter.
pub fn has_letter(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// Words after which a line cannot end a sentence: the text goes on on the next line.
const CONNECTORS: [&str; 30] = [
    "и",
    "или",
    "а",
    "в",
    "во",
    "на",
    "с",
    "со",
    "по",
    "для",
    "от",
    "до",
    "из",
    "к",
    "ко",
    "при",
    "без",
    "за",
    "под",
    "над",
    "о",
    "об",
    "у",
    "через",
    "между",
    "также",
    "не",
    "чем",
    "их",
    "its",
];

/// True when text ending like `s` is unfinished: a comma, a hyphen, an open
/// parenthesis or a preposition/conjunction at the end.
pub fn unfinished(s: &str) -> bool {
    let s = s.trim_end();
    let Some(last) = s.chars().last() else { return false };
    if matches!(last, ',' | ';' | '-' | '‐' | '‑' | '–' | '—' | '(' | '«' | '"' | '/') {
        return true;
    }
    if s.chars().filter(|&c| c == '(').count() > s.chars().filter(|&c| c == ')').count() {
        return true;
    }
    let word = s.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_lowercase();
    CONNECTORS.contains(&word.as_str())
}

/// An entry number at the start of a line: `12.`, `12)`, `3.1.`, `3.1`, `12а.`.
pub struct Numbered<'a> {
    /// The number as printed, without the final `.` or `)`.
    pub number: String,
    /// The marker after the number (`.`, `)`), if any.
    pub marker: Option<char>,
    /// The rest of the line.
    pub rest: &'a str,
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)*)([а-яa-z])?(?:\s*([.)]))?(?:\s+|$)").expect("valid regex"));
static NUMBERED_TIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+(?:\.\d+)*)([.)])(\p{Lu})").expect("valid regex"));

/// Reads an entry number at the start of `s` (already trimmed).
pub fn numbered(s: &str) -> Option<Numbered<'_>> {
    if let Some(c) = NUMBERED.captures(s) {
        let whole = c.get(0)?;
        let digits = c.get(1)?.as_str();
        let letter = c.get(2).map(|m| m.as_str());
        let marker = c.get(3).and_then(|m| m.as_str().chars().next());
        // A bare integer ("10 кг") is not a number; "3.1 Вагранщик" is.
        if marker.is_none() && !digits.contains('.') {
            return None;
        }
        let number = format!("{digits}{}", letter.unwrap_or(""));
        return Some(Numbered { number, marker, rest: s[whole.end()..].trim() });
    }
    // "12.Вагранщик" (no space after the marker).
    let c = NUMBERED_TIGHT.captures(s)?;
    let number = c.get(1)?.as_str().to_string();
    let marker = c.get(2).and_then(|m| m.as_str().chars().next());
    Some(Numbered { number, marker, rest: s[c.get(3)?.start()..].trim() })
}

/// Splits an entry number into (prefix, last integer, letter suffix):
/// `3.12` → ("3.", 12, ""), `12а` → ("", 12, "а").
pub fn number_parts(n: &str) -> Option<(String, u32, String)> {
    let (head, tail) = match n.rfind('.') {
        Some(i) => (&n[..=i], &n[i + 1..]),
        None => ("", n),
    };
    let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
    let letter: String = tail.chars().skip_while(char::is_ascii_digit).collect();
    let v = digits.parse().ok()?;
    Some((head.to_string(), v, letter))
}

/// A number fit for an id: lowercase ASCII letters, digits, `.` and `-`
/// (Cyrillic letters transliterated: `12а` → `12a`).
pub fn id_part(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' | '.' | '-' | '_' => out.push(c),
            _ => match translit(c) {
                Some(t) => out.push_str(t),
                None => {
                    if !out.ends_with('-') {
                        out.push('-')
                    }
                }
            },
        }
    }
    out.trim_matches(|c| c == '-' || c == '.').to_string()
}

fn translit(c: char) -> Option<&'static str> {
    const T: [(char, &str); 33] = [
        ('а', "a"),
        ('б', "b"),
        ('в', "v"),
        ('г', "g"),
        ('д', "d"),
        ('е', "e"),
        ('ё', "e"),
        ('ж', "zh"),
        ('з', "z"),
        ('и', "i"),
        ('й', "i"),
        ('к', "k"),
        ('л', "l"),
        ('м', "m"),
        ('н', "n"),
        ('о', "o"),
        ('п', "p"),
        ('р', "r"),
        ('с', "s"),
        ('т', "t"),
        ('у', "u"),
        ('ф', "f"),
        ('х', "kh"),
        ('ц', "ts"),
        ('ч', "ch"),
        ('ш', "sh"),
        ('щ', "shch"),
        ('ъ', ""),
        ('ы', "y"),
        ('ь', ""),
        ('э', "e"),
        ('ю', "yu"),
        ('я', "ya"),
    ];
    T.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// A roman-numbered heading: `III. Металлообработка`, `Раздел IV. …`.
pub struct Roman<'a> {
    /// The numeral in Latin letters (Cyrillic look-alikes such as `Х` replaced).
    pub numeral: String,
    /// The numeral's value (1–89).
    #[allow(dead_code, reason = "read by the tests; callers use the numeral")]
    pub value: u32,
    /// True when the numeral was typed with Cyrillic look-alike letters.
    pub lookalike: bool,
    pub rest: &'a str,
}

static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Раздел|РАЗДЕЛ|Глава|ГЛАВА|Section|SECTION)\s+)?([IVXLІХ]{1,8})(\s*[.)]\s*|\s+)(\S.*)?$")
        .expect("valid regex")
});

/// Reads a roman-numbered heading (values 1–89). Without a `.` after the
/// numeral, the title must start with a capital; Cyrillic look-alikes need the `.`.
pub fn roman(s: &str) -> Option<Roman<'_>> {
    let c = ROMAN.captures(s)?;
    let raw = c.get(1)?.as_str();
    let sep = c.get(2)?.as_str();
    // The title may be on the next line ("III." alone).
    let rest = c.get(3).map_or("", |m| m.as_str());
    let lookalike = raw.chars().any(|ch| matches!(ch, 'І' | 'Х'));
    let dotted = sep.contains('.') || sep.contains(')');
    if !dotted && (lookalike || !rest.chars().next().is_some_and(char::is_uppercase)) {
        return None;
    }
    let numeral: String = raw
        .chars()
        .map(|ch| match ch {
            'І' => 'I',
            'Х' => 'X',
            o => o,
        })
        .collect();
    let value = roman_value(&numeral)?;
    if value == 0 || value > 89 {
        return None;
    }
    Some(Roman { numeral, value, lookalike, rest: rest.trim() })
}

/// The value of a canonical roman numeral (`IV` = 4; `IIII` is not canonical).
pub fn roman_value(s: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let vals: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|n| n > v) { total -= *v as i64 } else { total += *v as i64 }
    }
    let total = u32::try_from(total).ok()?;
    (to_roman(total) == s).then_some(total)
}

pub(crate) fn to_roman(mut n: u32) -> String {
    const T: [(u32, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:примечани[ея]|прим\.|note\b|notes\b)").expect("valid regex"));

/// True for a line that starts a note: `Примечание.`, `Примечания:`, `Note:`.
pub fn is_note_start(s: &str) -> bool {
    NOTE.is_match(s)
}

static CUT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\[\s*excerpt\s+ends[^\]]*\]?").expect("valid regex"));

/// Where a transcriber's cut mark `[EXCERPT ENDS]` (also `[EXCERPT ENDS mid-entry]`)
/// starts in `s`: the text before it is cut off in the source and incomplete.
pub fn cut_mark(s: &str) -> Option<usize> {
    CUT.find(s).map(|m| m.start())
}

static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^§\s*(\d{1,3}(?:\(\d{1,3}\))?(?:\.\d{1,3})*)\s*[.)]?(?:\s+(.*))?$").expect("valid regex")
});

/// A `§ 1(1). Литейные работы` heading: (number as printed, title).
pub fn paragraph(s: &str) -> Option<(String, &str)> {
    let c = PARAGRAPH.captures(s)?;
    Some((c.get(1)?.as_str().to_string(), c.get(2).map_or("", |m| m.as_str().trim())))
}

/// Removes a trailing `:` (and spaces); returns whether there was one.
pub fn strip_colon(s: &str) -> (String, bool) {
    let t = s.trim_end();
    match t.strip_suffix(':') {
        Some(x) => (x.trim_end().to_string(), true),
        None => (t.to_string(), false),
    }
}

/// Shortens a text for messages (at most `n` characters, with `…`).
pub fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// "1–59", "5".
pub fn range_text(prefix: &str, from: u32, to: u32) -> String {
    if from == to { format!("{prefix}{from}") } else { format!("{prefix}{from}–{prefix}{to}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_and_joins() {
        assert_eq!(clean("  a\u{a0}\u{a0}b\t c \u{0}"), "a b c");
        let mut s = String::from("кроме механизи-");
        assert_eq!(join(&mut s, " рованных работ").as_deref(), Some("механизи-рованных"));
        assert_eq!(s, "кроме механизи-рованных работ");
        let mut s = String::from("работы на");
        assert_eq!(join(&mut s, "высоте"), None);
        assert_eq!(s, "работы на высоте");
        let mut s = String::from("работы -");
        assert_eq!(join(&mut s, "Высоте"), None);
        assert_eq!(s, "работы - Высоте");
    }

    #[test]
    fn numbers() {
        let n = numbered("12. Вагранщик").unwrap();
        assert_eq!((n.number.as_str(), n.marker, n.rest), ("12", Some('.'), "Вагранщик"));
        let n = numbered("12) Вагранщик").unwrap();
        assert_eq!((n.number.as_str(), n.marker), ("12", Some(')')));
        let n = numbered("3.1. Вагранщик").unwrap();
        assert_eq!(n.number, "3.1");
        let n = numbered("3.1 Вагранщик").unwrap();
        assert_eq!(n.number, "3.1");
        let n = numbered("12а. Вагранщик").unwrap();
        assert_eq!(n.number, "12а");
        let n = numbered("12.Вагранщик").unwrap();
        assert_eq!((n.number.as_str(), n.rest), ("12", "Вагранщик"));
        assert!(numbered("10 кг").is_none());
        assert!(numbered("Вагранщик").is_none());
        assert!(numbered("2000 г.").is_none());
        assert_eq!(number_parts("3.12"), Some(("3.".into(), 12, "".into())));
        assert_eq!(number_parts("12а"), Some(("".into(), 12, "а".into())));
        assert_eq!(id_part("12а"), "12a");
        assert_eq!(id_part("3.1"), "3.1");
    }

    #[test]
    fn romans() {
        let r = roman("III. Металлообработка").unwrap();
        assert_eq!((r.numeral.as_str(), r.value, r.rest), ("III", 3, "Металлообработка"));
        let r = roman("ХIV. Химия").unwrap();
        assert_eq!((r.numeral.as_str(), r.value, r.lookalike), ("XIV", 14, true));
        assert!(roman("Раздел IV. Химия").is_some());
        assert!(roman("IV Химия").is_some());
        assert!(roman("IV химия").is_none());
        assert!(roman("IIII. Химия").is_none());
        assert!(roman("Х Химия").is_none(), "a Cyrillic look-alike needs the dot");
        assert!(roman("С ВРЕДНЫМИ УСЛОВИЯМИ").is_none());
        assert_eq!(roman_value("XLIX"), Some(49));
        let r = roman("III.").unwrap();
        assert_eq!((r.value, r.rest), (3, ""));
        assert!(roman("III").is_none());
    }

    #[test]
    fn cut_marks_and_paragraphs() {
        assert_eq!(cut_mark("örtükl [EXCERPT ENDS]"), Some("örtükl ".len()));
        assert_eq!(cut_mark("# [EXCERPT ENDS mid-entry]"), Some(2));
        assert_eq!(cut_mark("[excerpt ends"), Some(0));
        assert_eq!(cut_mark("Вагранщик [1]"), None);
        assert_eq!(paragraph("§ 1(1). Литейные работы"), Some(("1(1)".into(), "Литейные работы")));
        assert_eq!(paragraph("§ 12. Сварка"), Some(("12".into(), "Сварка")));
        assert_eq!(paragraph("§4(1)."), Some(("4(1)".into(), "")));
        assert_eq!(paragraph("§ Общие положения"), None);
    }

    #[test]
    fn unfinished_lines() {
        assert!(unfinished("Опрокидчик,"));
        assert!(unfinished("работы на"));
        assert!(unfinished("Электрослесарь (слесарь"));
        assert!(!unfinished("Машинист экскаватора"));
        assert!(starts_lowercase("занятый"));
        assert!(!starts_lowercase("Занятый"));
        assert!(!starts_lowercase("(занятый"));
    }
}
