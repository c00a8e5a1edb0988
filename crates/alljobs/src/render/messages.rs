//! The message catalogue of the reports: every label in English, Russian and
//! Kyrgyz, from one file (`messages.toml`, embedded at compile time).
//!
//! Every key has a label in every language (a test checks it). Kyrgyz labels
//! whose translation awaits a native speaker's review are listed in one file,
//! `messages-ky-review.txt`; they are never shown silently: in text formats
//! [`msg`] puts [`REVIEW_MARK`] after them, and the HTML renderer, which asks
//! through [`tracked`] which labels a piece of text used, underlines them
//! (dotted, with a title) instead. A missing Russian or Kyrgyz label would
//! fall back (ky → ru → en) and be marked with its language (`[ru]`).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

/// The catalogue source, as committed.
pub const CATALOGUE_TOML: &str = include_str!("messages.toml");

/// A report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz.
    Ky,
}

impl Lang {
    /// Every language, in catalogue order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Ky];

    /// The ISO 639-1 code (`en`, `ru`, `ky`), as used in `lang` attributes and list texts.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Ky => "ky",
        }
    }

    /// The order in which to pick a list text (`Text`) for this language.
    pub fn text_prefs(self) -> &'static [&'static str] {
        crate::model::language_order(self.code())
    }

    /// The languages a label is looked up in, in order.
    fn chain(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["en"],
            Lang::Ru => &["ru", "en"],
            Lang::Ky => &["ky", "ru", "en"],
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a language code is not a report language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a report language; expected en, ru or ky")]
pub struct LangError(pub String);

impl FromStr for Lang {
    type Err = LangError;
    fn from_str(s: &str) -> Result<Lang, LangError> {
        match s {
            "en" => Ok(Lang::En),
            "ru" => Ok(Lang::Ru),
            "ky" => Ok(Lang::Ky),
            _ => Err(LangError(s.to_string())),
        }
    }
}

/// Key → language code → label.
pub type Catalogue = BTreeMap<String, BTreeMap<String, String>>;

/// Why the catalogue source is not a catalogue.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// Not TOML of the expected shape.
    #[error("messages.toml: {0}")]
    Toml(#[from] toml::de::Error),
    /// A key lacks a language's label (key, language).
    #[error("messages.toml: key `{0}` has no `{1}` label")]
    Missing(String, &'static str),
    /// A key has a label in a language the catalogue does not know (key, language).
    #[error("messages.toml: key `{0}` has a label in an unknown language `{1}`")]
    UnknownLang(String, String),
    /// A translation's placeholders differ from the English label's.
    #[error("messages.toml: key `{key}`: placeholders of `{lang}` ({found}) differ from English ({expected})")]
    Placeholders {
        /// The key.
        key: String,
        /// The translation's language.
        lang: String,
        /// The translation's placeholders.
        found: String,
        /// The English label's placeholders.
        expected: String,
    },
}

/// Parses and checks a catalogue: `en` and `ru` present for every key, no
/// other languages than en/ru/ky, the same placeholders in every language.
pub fn parse_catalogue(src: &str) -> Result<Catalogue, CatalogueError> {
    let cat: Catalogue = toml::from_str(src)?;
    for (key, labels) in &cat {
        for required in ["en", "ru"] {
            if !labels.contains_key(required) {
                return Err(CatalogueError::Missing(key.clone(), required));
            }
        }
        let expected = placeholders(&labels["en"]);
        for (lang, text) in labels {
            if !matches!(lang.as_str(), "en" | "ru" | "ky") {
                return Err(CatalogueError::UnknownLang(key.clone(), lang.clone()));
            }
            let found = placeholders(text);
            if found != expected {
                return Err(CatalogueError::Placeholders {
                    key: key.clone(),
                    lang: lang.clone(),
                    found: found.join(","),
                    expected: expected.join(","),
                });
            }
        }
    }
    Ok(cat)
}

/// The `{name}` placeholders of a label, sorted.
fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                out.push(after[..j].to_string());
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out.sort();
    out
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| parse_catalogue(CATALOGUE_TOML).unwrap_or_default());

/// The embedded catalogue (checked by a unit test; empty if it were broken,
/// which would show every label as `⟦key⟧`).
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

/// The label for `key` in `lang`, falling back ky → ru → en. An unknown key
/// comes out as `⟦key⟧` so that a missing label is visible, never silent.
/// A label that falls back is marked with the language it is in (`… [ru]`);
/// a Kyrgyz label awaiting review (`messages-ky-review.txt`) is followed by
/// [`REVIEW_MARK`], except inside [`tracked`], which records the key instead
/// so that the caller can mark it its own way.
pub fn msg(lang: Lang, key: &str) -> String {
    let tracking = TRACK.with(|t| {
        let mut t = t.borrow_mut();
        if let (Some(keys), Some((k, _))) = (t.as_mut(), catalogue().get_key_value(key)) {
            keys.push(k.as_str());
            true
        } else {
            t.is_some()
        }
    });
    match lookup(lang, key) {
        Some((text, from)) if lang == Lang::Ky && from != "ky" => format!("{text} {}", fallback_mark(from)),
        Some((text, _)) if lang == Lang::Ky && !tracking && awaits_review(key) => format!("{text}{REVIEW_MARK}"),
        Some((text, _)) => text.to_string(),
        None => format!("⟦{key}⟧"),
    }
}

/// The mark after a Kyrgyz label awaiting a native speaker's review, in text formats.
pub const REVIEW_MARK: &str = "†";

/// The committed list of Kyrgyz labels awaiting review.
pub const KY_REVIEW_TXT: &str = include_str!("messages-ky-review.txt");

/// The keys whose Kyrgyz label awaits a native speaker's review (`messages-ky-review.txt`).
pub fn ky_review_keys() -> &'static BTreeSet<&'static str> {
    static KEYS: LazyLock<BTreeSet<&'static str>> = LazyLock::new(|| {
        KY_REVIEW_TXT.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
    });
    &KEYS
}

/// True when the Kyrgyz label of `key` awaits a native speaker's review.
pub fn awaits_review(key: &str) -> bool {
    ky_review_keys().contains(key)
}

thread_local! {
    static TRACK: RefCell<Option<Vec<&'static str>>> = const { RefCell::new(None) };
}

/// Runs `f` and returns what it made with the catalogue keys it looked up
/// (in order; nested calls record into the outermost). Inside, [`msg`] adds no
/// [`REVIEW_MARK`]: the caller marks the text from the keys.
pub fn tracked<T>(f: impl FnOnce() -> T) -> (T, Vec<&'static str>) {
    let outer = TRACK.with(|t| t.borrow_mut().replace(Vec::new()));
    let out = f();
    let keys = TRACK.with(|t| {
        let mut t = t.borrow_mut();
        let keys = t.take().unwrap_or_default();
        if let Some(mut o) = outer {
            o.extend(keys.iter().copied());
            *t = Some(o);
        }
        keys
    });
    (out, keys)
}

/// The mark after a label shown in another language than the report's: `[ru]`.
pub fn fallback_mark(lang: &str) -> String {
    format!("[{lang}]")
}

fn lookup(lang: Lang, key: &str) -> Option<(&'static str, &'static str)> {
    let labels = catalogue().get(key)?;
    lang.chain().iter().find_map(|l| labels.get_key_value(*l)).map(|(l, t)| (t.as_str(), l.as_str()))
}

/// The label for `key` with its `{name}` placeholders replaced by `args`.
pub fn fmt_msg(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = msg(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// The keys whose Kyrgyz label is missing (they would fall back to Russian), sorted.
pub fn kyrgyz_fallbacks() -> Vec<&'static str> {
    catalogue().iter().filter(|(_, labels)| !labels.contains_key("ky")).map(|(k, _)| k.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_is_consistent() {
        let cat = parse_catalogue(CATALOGUE_TOML).expect("messages.toml is valid");
        assert!(cat.len() > 100, "{} keys", cat.len());
    }

    #[test]
    fn labels_in_every_language_and_unknown_keys_visible() {
        assert_ne!(msg(Lang::Ky, "h-figures"), msg(Lang::Ru, "h-figures"));
        assert_eq!(msg(Lang::En, "before"), "Before");
        assert_eq!(msg(Lang::Ru, "no-such-key"), "⟦no-such-key⟧");
        assert_eq!(lookup(Lang::Ky, "before"), Some(("Мурун", "ky")));
    }

    #[test]
    fn labels_awaiting_review_are_marked_in_text_and_tracked_for_html() {
        let key = *ky_review_keys().iter().next().expect("some labels await review");
        let ky = catalogue()[key]["ky"].clone();
        assert_eq!(msg(Lang::Ky, key), format!("{ky}{REVIEW_MARK}"));
        // Reviewed labels and other languages carry no mark.
        assert_eq!(msg(Lang::Ky, "before"), "Мурун");
        assert!(!msg(Lang::Ru, key).contains(REVIEW_MARK));
        // Inside `tracked`, the key is recorded instead (nested calls reach the outer record).
        let (text, keys) = tracked(|| {
            let (inner, k) = tracked(|| msg(Lang::Ky, key));
            assert_eq!(k, vec![key]);
            format!("{inner} {}", msg(Lang::Ky, "before"))
        });
        assert_eq!(text, format!("{ky} Мурун"));
        assert_eq!(keys, vec![key, "before"]);
        assert!(!msg(Lang::Ky, key).is_empty() && msg(Lang::Ky, key).ends_with(REVIEW_MARK), "tracking ended");
    }

    #[test]
    fn placeholders_are_replaced() {
        let s = fmt_msg(Lang::Ru, "completeness-declared", &[("present", "18"), ("declared", "446")]);
        assert_eq!(s, "внесено 18, заявлено в акте 446");
    }

    #[test]
    fn bad_catalogues_are_refused() {
        assert!(matches!(parse_catalogue("[a]\nen = \"x\""), Err(CatalogueError::Missing(_, "ru"))));
        assert!(matches!(
            parse_catalogue("[a]\nen = \"{n} x\"\nru = \"{m} x\""),
            Err(CatalogueError::Placeholders { .. })
        ));
        assert!(matches!(
            parse_catalogue("[a]\nen = \"x\"\nru = \"x\"\nde = \"x\""),
            Err(CatalogueError::UnknownLang(..))
        ));
    }

    /// Every key has a Kyrgyz label (no silent fallback), and the review list
    /// names only keys of the catalogue, sorted, once each.
    #[test]
    fn every_key_has_a_kyrgyz_label_and_the_review_list_is_clean() {
        assert_eq!(super::kyrgyz_fallbacks(), Vec::<&str>::new(), "keys with no Kyrgyz label");
        let listed: Vec<&str> =
            KY_REVIEW_TXT.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let mut sorted = listed.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(listed, sorted, "messages-ky-review.txt: keep it sorted, one key a line");
        for k in &listed {
            assert!(catalogue().contains_key(*k), "messages-ky-review.txt names `{k}`, which is not in messages.toml");
        }
    }

    /// Every key of the catalogue is used by a renderer (no stale labels), and
    /// every key a renderer uses is in the catalogue.
    #[test]
    fn every_key_is_used_and_every_used_key_exists() {
        let sources = [
            include_str!("html.rs"),
            include_str!("html_factsheet.rs"),
            include_str!("markdown.rs"),
            include_str!("csv.rs"),
            include_str!("labels.rs"),
            include_str!("chart.rs"),
        ]
        .concat();
        let unused: Vec<&String> = catalogue().keys().filter(|k| !sources.contains(&format!("\"{k}\""))).collect();
        assert!(unused.is_empty(), "keys not used by any renderer: {unused:?}");
        let re = regex::Regex::new(r#"msg\(\s*[a-z_.]+,\s*"([a-z0-9-]+)""#).unwrap();
        for c in re.captures_iter(&sources) {
            assert!(catalogue().contains_key(&c[1]), "key `{}` is used but not in messages.toml", &c[1]);
        }
    }
}
