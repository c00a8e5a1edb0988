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

/// Normalises `s` for comparison (see the module documentation).
pub fn normalize(s: &str) -> String {
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

/// The normalised words of `s`, in order (punctuation dropped).
pub fn words(s: &str) -> Vec<String> {
    normalize(s).unicode_words().map(str::to_string).collect()
}

/// The words of `s` joined by one space: the key under which two entries are
/// "the same text" (matching step 3).
pub fn match_key(s: &str) -> String {
    words(s).join(" ")
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

    #[test]
    fn the_nfkc_shortcut_changes_nothing() {
        for t in ["Машинист бульдозера", "ﬁ ① ＡＢＣ x²", "e\u{301}", "Ё «ёж» — x", "a\u{00A0}b", "ǅ ﬀ", ""]
        {
            let mut slow = String::new();
            map_chars(t.nfkc(), &mut slow);
            assert_eq!(normalize(t), collapse(&slow), "{t:?}");
        }
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
