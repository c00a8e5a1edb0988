//! What the importer knows about each language, as data (`lang.toml`):
//! the participle that opens an entry's condition, the production/work
//! nouns of sub-headings, profession endings, and the endings of a `:`
//! enumeration piece that waits for its noun. Languages not in the table get
//! no clause splitting and no heading nouns (headings only by numbering or a
//! final colon); the import report says so.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    clause: String,
    head: String,
    heading: Vec<String>,
    profession: Vec<String>,
    open_endings: Vec<String>,
    #[serde(default)]
    engaged: Vec<String>,
    #[serde(default)]
    adjective: Vec<String>,
}

/// One language's data.
#[derive(Debug)]
pub struct Lang {
    /// The language code (`ru`, `ky`, …), as the table is keyed.
    #[allow(dead_code, reason = "read by the tests; kept so that a `Lang` says which it is")]
    pub code: String,
    /// `, <participle>` at a word boundary; `None`: clause splitting not supported.
    pub clause: Option<Regex>,
    /// The heading noun is the last word (head-final languages), not the first.
    pub head_last: bool,
    pub heading: Vec<String>,
    pub profession: Vec<String>,
    pub open_endings: Vec<String>,
    /// Head-final languages: the "engaged in" / "working" phrases that close a
    /// condition standing before the noun («… ilə məşğul olan kran maşinisti»).
    /// The text is not split there (the phrase may be coordinated or carry a
    /// comma); the import report counts the entries so they can be checked.
    pub engaged: Vec<String>,
    /// Head-first languages: endings of an adjective that may stand before the
    /// heading noun («Металлургическое производство»).
    pub adjective: Vec<String>,
}

static TABLE: LazyLock<BTreeMap<String, Lang>> = LazyLock::new(|| {
    let raw: BTreeMap<String, Raw> = toml::from_str(include_str!("lang.toml")).expect("lang.toml is valid");
    raw.into_iter()
        .map(|(code, r)| {
            let clause = (!r.clause.is_empty())
                .then(|| Regex::new(&format!(r"(?i),\s*{}\b", r.clause)).expect("valid clause regex in lang.toml"));
            let lang = Lang {
                code: code.clone(),
                clause,
                head_last: r.head == "last",
                heading: r.heading,
                profession: r.profession,
                open_endings: r.open_endings,
                engaged: r.engaged,
                adjective: r.adjective,
            };
            (code, lang)
        })
        .collect()
});

/// The data of `code`, if the importer knows the language.
pub fn get(code: &str) -> Option<&'static Lang> {
    TABLE.get(code)
}

/// The languages the importer knows, in code order.
#[cfg(test)]
pub fn known() -> impl Iterator<Item = &'static Lang> {
    TABLE.values()
}

impl Lang {
    /// True when `line` reads as a sub-heading: its first (or, head-final,
    /// last) word starts with a production/work noun, and that word does not
    /// end like a profession. In head-first languages an adjective may stand
    /// before the noun («Хімічне виробництво»): the second word is then read.
    pub fn is_heading(&self, line: &str) -> bool {
        let lower = line.trim().trim_end_matches([':', '.']).to_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
        let Some(mut word) = (if self.head_last { words.last() } else { words.first() }) else { return false };
        // «Металлургическое производство»: an adjective first, the noun second.
        if !self.head_last
            && let [first, second, ..] = words.as_slice()
            && self.adjective.iter().any(|a| first.ends_with(a.as_str()))
            && !self.profession.iter().any(|p| first.ends_with(p.as_str()))
            && self.heading.iter().any(|h| !h.contains(' ') && second.starts_with(h.as_str()))
        {
            word = second;
        }
        let phrase_hit = |stem: &str| {
            if stem.contains(' ') {
                if self.head_last { lower.ends_with(stem) } else { lower.starts_with(stem) }
            } else {
                word.starts_with(stem)
            }
        };
        self.heading.iter().any(|s| phrase_hit(s)) && !self.profession.iter().any(|p| word.ends_with(p.as_str()))
    }

    /// The first "engaged in" phrase of a head-final language in `text`, at word boundaries.
    pub fn engaged_phrase(&self, text: &str) -> Option<&str> {
        let lower = text.to_lowercase();
        self.engaged.iter().map(String::as_str).find(|p| {
            lower.match_indices(p).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + p.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
        })
    }

    /// True when an enumeration piece ending like `piece` waits for more (its noun comes later).
    pub fn piece_open(&self, piece: &str) -> bool {
        let last = piece.trim_end().rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
        let last = last.trim_end_matches(|c: char| !c.is_alphanumeric());
        self.open_endings.iter().any(|e| last.len() > e.len() && last.ends_with(e.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_per_language() {
        let ru = get("ru").unwrap();
        assert!(ru.is_heading("Производство чугуна"));
        assert!(ru.is_heading("Работы, выполняемые по общим профессиям:"));
        assert!(!ru.is_heading("Работник склада"), "a profession, not a heading");
        assert!(!ru.is_heading("Машинист на работах в шахте"));
        let uk = get("uk").unwrap();
        assert!(uk.is_heading("Виробництво коксу"));
        assert!(uk.is_heading("Роботи на висоті"));
        assert!(!uk.is_heading("Машиніст екскаватора"));
        // An adjective before the noun (CONSTRUCTED lines).
        assert!(uk.is_heading("Металургійне виробництво"));
        assert!(uk.is_heading("Хімічне виробництво"));
        assert!(uk.is_heading("Будівельні роботи"));
        assert!(ru.is_heading("Металлургическое производство"));
        assert!(ru.is_heading("Строительные работы:"));
        assert!(get("en").unwrap().is_heading("Chemical production"));
        assert!(!uk.is_heading("Горновий доменної печі"), "the second word is no heading noun");
        assert!(!uk.is_heading("Розливальник сталі"));
        assert!(!ru.is_heading("Оператор производства"), "a profession first, not an adjective");
        assert!(!ru.is_heading("Старший мастер производства"), "the second word is a profession");
        let az = get("az").unwrap();
        assert!(az.is_heading("Əritmə işləri"));
        assert!(az.is_heading("Ət məhsullarının istehsalı"));
        assert!(!az.is_heading("metal töküçüsü"));
        assert!(get("de").is_none());
    }

    /// CONSTRUCTED lines (not the text of any act) for the languages without a
    /// real fixture: be, kk, uz, ky; uk beside the constructed ones in clause.rs.
    #[test]
    fn constructed_headings_be_kk_uz() {
        let be = get("be").unwrap();
        assert!(be.is_heading("Вытворчасць шкла"));
        assert!(be.is_heading("Работы пад зямлёй:"));
        assert!(!be.is_heading("Машыніст экскаватара"));
        let kk = get("kk").unwrap();
        assert!(kk.is_heading("Металл өндірісі"));
        assert!(kk.is_heading("Жер асты жұмыстары"), "a plural of жұмыс");
        assert!(!kk.is_heading("Кран машинисі жүргізушісі"), "no production/work noun");
        let uz = get("uz").unwrap();
        assert!(uz.is_heading("Metall ishlab chiqarish"));
        assert!(uz.is_heading("Yer osti ishlar"));
        assert!(uz.is_heading("Металл ишлаб чиқариш"), "Uzbek in Cyrillic");
        assert!(!uz.is_heading("Kran mashinachi"), "no production/work noun");
    }

    #[test]
    fn engaged_phrases_of_head_final_languages() {
        let az = get("az").unwrap();
        // Real (AZ 170, 1999: tests/fixtures/import/az-170-1999-partial.txt).
        assert_eq!(
            az.engaged_phrase("körpülü kranın idarə edilməsi ilə məşğul olan kran maşinisti (krançı)"),
            Some("məşğul olan")
        );
        assert_eq!(az.engaged_phrase("sumbatçı: pnevmatik alətlərlə işləyən kəsici"), Some("işləyən"));
        assert_eq!(az.engaged_phrase("metal töküçüsü"), None);
        // CONSTRUCTED: kk, uz, ky.
        assert_eq!(get("kk").unwrap().engaged_phrase("Жөндеумен айналысатын слесарь"), Some("айналысатын"));
        assert_eq!(get("uz").unwrap().engaged_phrase("Ta'mirlash bilan band bo'lgan chilangar"), Some("band bo'lgan"));
        assert_eq!(get("ky").unwrap().engaged_phrase("Оңдоо менен алектенген слесарь"), Some("алектенген"));
        assert_eq!(get("kk").unwrap().engaged_phrase("айналысатынның"), None, "whole words only");
        assert!(get("ru").unwrap().engaged.is_empty(), "ru splits the clause after the noun instead");
    }

    #[test]
    fn open_pieces() {
        let az = get("az").unwrap();
        assert!(az.piece_open("metalların qızdırılması ilə məşğul olan: induksion qurğularda"));
        assert!(!az.piece_open("sobaların əl ilə doldurulması ilə məşğul olan metal qızdırıcı"));
        assert!(!get("ru").unwrap().piece_open("на установках"));
    }

    #[test]
    fn every_clause_regex_compiles() {
        assert!(known().count() >= 8);
        assert!(get("uk").unwrap().clause.as_ref().unwrap().is_match("Опрокидач, зайнятий відкаткою"));
        assert!(get("az").unwrap().clause.is_none());
    }
}
