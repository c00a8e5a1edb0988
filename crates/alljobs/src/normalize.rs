//! Text normalisation for comparing entries across versions of a list.
//!
//! Two levels:
//! - [`normalize`]: the text as a reader would compare it — Unicode NFKC,
//!   lower case, `ё` → `е`, every kind of quote → `"`, every kind of dash →
//!   `-`, soft hyphens dropped, runs of whitespace collapsed, no space before
//!   `, . ; : ! ? )` or after `(`. Two texts equal after `normalize` differ
//!   only typographically (not "reworded").
//! - [`match_key`]: only the words of [`normalize`], joined by one space
//!   (punctuation dropped). Two entries with the same key are the same entry
//!   for matching.
//!
//! Word tokens follow Unicode word segmentation (UAX #29, `unicode-segmentation`).

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// How much [`normalize_with`] folds: the one normaliser has these two
/// levels, and each part of the pipeline says which it compares on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fold {
    /// Lower case and `ё` → `е`, nothing else: what the rules' patterns and
    /// the scope heuristics match on. Quotes, dashes and spacing stay as
    /// written (a pattern may name «…» or a dash), and for Russian, Kyrgyz and
    /// ASCII text the result keeps the input's byte offsets, so that a phrase
    /// found at a span of it is the phrase at that span of the input.
    Case,
    /// Everything [`normalize`] does (NFKC, quotes, dashes, invisible
    /// characters, spacing): what the diff compares entries on, so that a
    /// typographic difference is not a rewording.
    Typography,
}

/// Normalises `s` to the level `fold`.
pub fn normalize_with(s: &str, fold: Fold) -> String {
    match fold {
        Fold::Case => s.to_lowercase().replace('ё', "е"),
        Fold::Typography => typography(s),
    }
}

/// Normalises `s` for comparison (see the module documentation):
/// [`normalize_with`] at [`Fold::Typography`].
pub fn normalize(s: &str) -> String {
    normalize_with(s, Fold::Typography)
}

/// [`Fold::Typography`].
fn typography(s: &str) -> String {
    if let Some(out) = normalize_simple(s) {
        return out;
    }
    normalize_general(s)
}

/// A character of the fast path: printable ASCII, ASCII whitespace, or a
/// Cyrillic letter of U+0400–U+04FF (not the combining marks U+0483–U+0489 nor
/// the thousands sign U+0482). Every such character is in NFKC and composes with
/// no other of the set, lower-cases to one character of the set, and its word-break
/// property (UAX #29) is ALetter, Numeric, MidLetter, MidNum, MidNumLet or Other —
/// the tests `simple_chars_*` check this against the general path character by character.
fn is_simple(c: char) -> bool {
    matches!(c, ' '..='~' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}')
}

/// The fast path of [`normalize`] for text made only of [`is_simple`]
/// characters (nearly every list: Russian, Kyrgyz, Kazakh, English): the same
/// result as [`normalize_general`] without NFKC tables or per-character case
/// tables. `None` when the text has any other character.
fn normalize_simple(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Runs of bytes that stay as they are (printable ASCII but A–Z and quotes,
    // а–я) are copied whole; only the other characters are looked at one by one.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let keep = match x {
            b'A'..=b'Z' | b'\'' | b'`' => false,
            b'!'..=b'~' => true,
            0xD0 => matches!(b.get(i + 1), Some(0xB0..=0xBF)),
            0xD1 => matches!(b.get(i + 1), Some(0x80..=0x8F)),
            _ => false,
        };
        if keep {
            if pending_space {
                out.push_str(&s[run..i]);
                run = i;
                if !matches!(x, b',' | b'.' | b';' | b':' | b'!' | b'?' | b')') {
                    out.push(' ');
                }
                pending_space = false;
            }
            i += if x < 0x80 { 1 } else { 2 };
            continue;
        }
        out.push_str(&s[run..i]);
        let ch = s[i..].chars().next()?;
        i += ch.len_utf8();
        run = i;
        let c = match ch {
            'A'..='Z' => ch.to_ascii_lowercase(),
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => {
                pending_space = !out.is_empty() && !out.ends_with('(');
                continue;
            }
            '\'' | '`' => '"',
            '\u{0410}'..='\u{042F}' => char::from_u32(ch as u32 + 0x20)?,
            'Ё' | 'ё' => 'е',
            c if is_simple(c) && !c.is_ascii() => {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some('ё'), None) => 'е',
                    (Some(x), None) if is_simple(x) => x,
                    _ => return None,
                }
            }
            _ => return None,
        };
        if pending_space && !matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out.push_str(&s[run..]);
    Some(out)
}

/// [`normalize`] for any text.
fn normalize_general(s: &str) -> String {
    let mut mapped = String::with_capacity(s.len());
    // Most list text is already in NFKC: then composing it again is the identity.
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        map_chars(s.chars(), &mut mapped);
    } else {
        map_chars(s.nfkc(), &mut mapped);
    }
    collapse(&mapped)
}

/// Lower case, `ё` → `е`, quotes, dashes, invisible characters and whitespace (see [`normalize`]).
fn map_chars(chars: impl Iterator<Item = char>, mapped: &mut String) {
    for c in chars.flat_map(char::to_lowercase) {
        let c = match c {
            'ё' => 'е',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            '«' | '»' | '„' | '“' | '”' | '‟' | '‹' | '›' | '‘' | '’' | '‚' | '‛' | '′' | '″' | '〝' | '〞' | '\''
            | '`' | '´' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        mapped.push(c);
    }
}

/// Collapses whitespace and normalises spacing around punctuation.
fn collapse(mapped: &str) -> String {
    let mut out = String::with_capacity(mapped.len());
    let mut pending_space = false;
    for c in mapped.chars() {
        if c == ' ' {
            pending_space = !out.is_empty() && !out.ends_with('(');
            continue;
        }
        if pending_space && !matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// The normalised words of `s`, in order (punctuation dropped). The matcher
/// takes its fast paths instead; the tests check them against this.
#[cfg(test)]
pub fn words(s: &str) -> Vec<String> {
    let n = normalize(s);
    let mut out = Vec::new();
    if !simple_split(&n, |w| out.push(w.to_string())) {
        out = n.unicode_words().map(str::to_string).collect();
    }
    out
}

/// The words of `s` joined by one space: the key under which two entries are
/// "the same text" (matching step 3).
pub fn match_key(s: &str) -> String {
    simple_key(s).unwrap_or_else(|| normalize(s).unicode_words().collect::<Vec<_>>().join(" "))
}

/// [`match_key`] when `s` takes the fast path (only [`is_simple`] characters,
/// no `_`); `None` otherwise. On the fast path the key of `"A, B"` is the key
/// of `A` and the key of `B` joined by a space (a comma and a space break words
/// whatever surrounds them), which the matcher uses to key a text from its title
/// and condition.
pub fn simple_key(s: &str) -> Option<String> {
    let n = normalize_simple(s)?;
    // The output of `normalize_simple` is made only of simple characters.
    if n.contains('_') {
        return None;
    }
    let mut key = String::with_capacity(n.len());
    split_simple_text(&n, |w| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(w);
    });
    Some(key)
}

/// The word-break class (UAX #29) of a character of a normalised simple text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    /// MidLetter (`:`): joins two letters.
    MidLetter,
    /// MidNum (`,` `;`): joins two digits.
    MidNum,
    /// MidNumLet (`.`): joins two letters or two digits.
    MidNumLet,
    Other,
}

fn wb(c: char) -> Wb {
    match c {
        '0'..='9' => Wb::Digit,
        'a'..='z' | 'A'..='Z' => Wb::Letter,
        ':' => Wb::MidLetter,
        ',' | ';' => Wb::MidNum,
        '.' => Wb::MidNumLet,
        // The non-ASCII simple characters are all Cyrillic letters.
        c if !c.is_ascii() => Wb::Letter,
        _ => Wb::Other,
    }
}

/// [`split_simple_text`] when `n` is made only of [`is_simple`] characters
/// without `_`: calls `f` on each word and returns true; returns false (without
/// calling `f`) for any other text, which needs the general segmentation.
#[cfg(test)]
fn simple_split<'a>(n: &'a str, f: impl FnMut(&'a str)) -> bool {
    if n.contains('_') || !n.chars().all(is_simple) {
        return false;
    }
    split_simple_text(n, f);
    true
}

/// [`UnicodeSegmentation::unicode_words`] of a normalised text made only of
/// [`is_simple`] characters (no `_` nor `'`, which [`normalize`] maps to `"`
/// anyway; the caller makes sure), by the rules of UAX #29 that such text can
/// meet: letters and digits run together (WB5, WB8–WB10), a letter `:` or `.`
/// letter stays one word (WB6–WB7), a digit `,` `;` or `.` digit too
/// (WB11–WB12), anything else breaks. Calls `f` on each word in order.
fn split_simple_text<'a>(n: &'a str, mut f: impl FnMut(&'a str)) {
    // Byte by byte: every non-ASCII character of such a text is a letter, so
    // each of its bytes is one too, and a word starts and ends at ASCII bytes.
    let b = n.as_bytes();
    let mut start: Option<usize> = None;
    let mut prev = Wb::Other;
    for (at, &x) in b.iter().enumerate() {
        let w = wb_byte(x);
        let joined = match w {
            Wb::Letter | Wb::Digit => true,
            Wb::Other => false,
            mid => {
                let next = b.get(at + 1).map_or(Wb::Other, |&y| wb_byte(y));
                let letters = prev == Wb::Letter && next == Wb::Letter;
                let digits = prev == Wb::Digit && next == Wb::Digit;
                match mid {
                    Wb::MidLetter => letters,
                    Wb::MidNum => digits,
                    _ => letters || digits,
                }
            }
        };
        match (joined, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                f(&n[s..at]);
                start = None;
            }
            _ => {}
        }
        prev = w;
    }
    if let Some(s) = start {
        f(&n[s..]);
    }
}

/// [`wb`] of a byte of a normalised simple text (a byte of a non-ASCII character is a letter).
fn wb_byte(x: u8) -> Wb {
    if x >= 0x80 { Wb::Letter } else { wb(x as char) }
}

/// Length, in characters, of the prefix that stands for a word's stem. A crude
/// but language-neutral stemmer: Russian and Kyrgyz inflect at the end of the
/// word ("бульдозера", "бульдозеров"), so a fixed prefix groups most forms.
pub const STEM_CHARS: usize = 5;

/// The stem of a normalised word: its first [`STEM_CHARS`] characters.
pub fn stem(word: &str) -> &str {
    match word.char_indices().nth(STEM_CHARS) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// True for a word that carries content: three characters or more, or any
/// word with a digit ("10", "12а"). Short function words ("и", "на", "в")
/// do not count for similarity or coverage.
pub fn is_content_word(word: &str) -> bool {
    word.chars().count() >= 3 || word.chars().any(|c| c.is_numeric())
}

/// Character trigrams of a match key: each word padded with one space on
/// either side, so short words still yield trigrams and word boundaries count.
#[cfg(test)]
pub fn trigrams(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in key.split(' ').filter(|w| !w.is_empty()) {
        let padded: Vec<char> = std::iter::once(' ').chain(w.chars()).chain(std::iter::once(' ')).collect();
        for win in padded.windows(3) {
            out.push(win.iter().collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The byte-level fast path gives what the character-by-character one gives.
        #[test]
        fn the_byte_level_fast_path_is_the_general_one(
            s in "[a-zA-Z0-9 \t\n\r\u{b}\u{c}'`\"(),.;:!?_\u{1}\u{7f}а-яА-ЯёЁѐЀђЂңҢөӨүҮһҺәӘ«»—é]{0,24}"
        ) {
            if let Some(fast) = normalize_simple(&s) {
                prop_assert_eq!(&fast, &normalize_general(&s));
                if !fast.contains('_') {
                    let mut words = Vec::new();
                    split_simple_text(&fast, |w| words.push(w));
                    let general = normalize_general(&s);
                    prop_assert_eq!(words, general.unicode_words().collect::<Vec<_>>());
                }
            } else {
                // Only text with a character outside the fast path's set leaves it.
                prop_assert!(!s.chars().all(is_simple), "{:?} left the fast path", s);
            }
        }
    }

    #[test]
    fn case_fold_keeps_offsets_and_typography() {
        let t = "Работы «ЁМКОСТИ» — в Ёлке, ALL women";
        let f = normalize_with(t, Fold::Case);
        assert_eq!(f, "работы «емкости» — в елке, all women");
        // Byte offsets of the input hold in the folded text (Cyrillic and ASCII).
        assert_eq!(f.len(), t.len());
        assert!(t.char_indices().zip(f.char_indices()).all(|((a, _), (b, _))| a == b));
        // The diff's level folds the typography as well.
        assert_eq!(normalize_with(t, Fold::Typography), "работы \"емкости\" - в елке, all women");
        assert_eq!(normalize_with(t, Fold::Typography), normalize(t));
    }

    #[test]
    fn the_nfkc_shortcut_changes_nothing() {
        for t in ["Машинист бульдозера", "ﬁ ① ＡＢＣ x²", "e\u{301}", "Ё «ёж» — x", "a\u{00A0}b", "ǅ ﬀ", ""]
        {
            let mut slow = String::new();
            map_chars(t.nfkc(), &mut slow);
            assert_eq!(normalize(t), collapse(&slow), "{t:?}");
            assert_eq!(normalize_general(t), collapse(&slow), "{t:?}");
        }
    }

    /// Every simple character, alone and in every pair with another (and with
    /// the punctuation that joins words), normalises and splits into words on
    /// the fast path exactly as on the general one.
    #[test]
    fn simple_chars_take_the_fast_path_to_the_same_result() {
        let simple: Vec<char> = (0u32..0x0500).filter_map(char::from_u32).filter(|&c| is_simple(c)).collect();
        assert!(simple.len() > 300);
        let general_words =
            |t: &str| -> Vec<String> { normalize_general(t).unicode_words().map(str::to_string).collect() };
        let check = |t: &str| {
            let fast = normalize_simple(t).expect("simple text takes the fast path");
            assert_eq!(fast, normalize_general(t), "{t:?}");
            if !fast.contains('_') {
                let mut ws = Vec::new();
                assert!(simple_split(&fast, |w| ws.push(w.to_string())));
                assert_eq!(ws, general_words(t), "{t:?}");
                assert_eq!(simple_key(t).expect("fast key"), general_words(t).join(" "), "{t:?}");
            }
        };
        for &a in &simple {
            check(&a.to_string());
            for &b in &simple {
                let mut t = String::new();
                t.push(a);
                t.push(b);
                check(&t);
            }
            for mid in [':', '.', ',', ';', ' ', '-', '"', '(', ')'] {
                check(&format!("a{mid}{a}"));
                check(&format!("1{mid}{a}"));
                check(&format!("{a}{mid}1"));
                check(&format!("{a}{mid}б"));
            }
        }
        // Longer texts of words, digits and joiners, pseudo-random but fixed.
        let alphabet: Vec<char> = "аБвЁё Ңң Өө Үү x Y 1 2 . , ; : - ( ) \" ' ` ! ? \t \n Ѐ Ӏ".chars().collect();
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(x % 12) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            x = x.wrapping_add(1);
            check(&t);
            // The key of "A, B" is the keys of A and B joined (what the matcher relies on).
            let (a, b) = t.split_at(t.char_indices().nth((x % 5) as usize).map_or(t.len(), |(k, _)| k));
            let whole = simple_key(&format!("{}, {}", a.trim(), b.trim())).expect("simple");
            let parts: Vec<String> = [simple_key(a).expect("simple"), simple_key(b).expect("simple")]
                .into_iter()
                .filter(|k| !k.is_empty())
                .collect();
            assert_eq!(whole, parts.join(" "), "{a:?} + {b:?}");
        }
        // Anything else takes the general path.
        for t in ["«ёж»", "a\u{00A0}b", "e\u{301}", "x²", "ﬁ", "a_b", "\u{0483}"] {
            assert!(simple_key(t).is_none(), "{t:?}");
        }
        assert_eq!(words("a_b"), vec!["a_b"]);
    }

    #[test]
    fn typographic_variants_normalise_alike() {
        assert_eq!(normalize("Монтажник  связи — антенщик"), normalize("монтажник связи - антенщик"));
        assert_eq!(normalize("ЁЛКА «ёж»"), "елка \"еж\"");
        assert_eq!(normalize("взрывные работы ( руда ) , x"), "взрывные работы (руда), x");
        assert_eq!(normalize("a\u{00A0}b\tc\n d"), "a b c d");
        assert_eq!(normalize("ﬁ ２"), "fi 2", "NFKC folds compatibility forms");
        assert_eq!(normalize("ин\u{00AD}женер"), "инженер");
        assert_eq!(normalize("  x  "), "x");
    }

    #[test]
    fn punctuation_is_kept_by_normalize_but_not_by_the_key() {
        assert_ne!(normalize("взрывные работы (руда)"), normalize("взрывные работы, руда"));
        assert_eq!(match_key("взрывные работы (руда)"), match_key("Взрывные работы, руда"));
        assert_eq!(match_key("Аварийно-спасательные отряды"), "аварийно спасательные отряды");
        assert_eq!(match_key("12а. Сварщик"), "12а сварщик");
    }

    #[test]
    fn stems_and_content_words() {
        assert_eq!(stem("бульдозера"), "бульд");
        assert_eq!(stem("бульдозеров"), "бульд");
        assert_eq!(stem("шов"), "шов");
        assert!(is_content_word("шов"));
        assert!(!is_content_word("на"));
        assert!(is_content_word("10"));
    }

    #[test]
    fn trigrams_pad_words() {
        assert_eq!(trigrams("ab cd"), vec![" ab", "ab ", " cd", "cd "]);
        assert_eq!(trigrams("я"), vec![" я "]);
        assert!(trigrams("").is_empty());
    }
}
