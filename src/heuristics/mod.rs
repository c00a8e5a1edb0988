//! Heuristics that read who a restriction applies to from its wording, as
//! data (`scope.toml`, embedded). Shared by the importer and `classify`.

use crate::model::Scope;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded heuristics file.
pub const SCOPE_HEURISTICS: &str = include_str!("scope.toml");

#[derive(Deserialize)]
struct RawFile {
    numbers: BTreeMap<String, u8>,
    group: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    name: String,
    scope: String,
    #[serde(default)]
    fallback: bool,
    patterns: Vec<String>,
}

/// One group of phrases that point to one scope.
#[derive(Debug)]
pub struct Group {
    pub name: String,
    scope: String,
    pub fallback: bool,
    patterns: Vec<Regex>,
}

/// A compiled heuristics set.
#[derive(Debug)]
pub struct Heuristics {
    numbers: BTreeMap<String, u8>,
    groups: Vec<Group>,
}

/// Why a heuristics file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HeuristicsError {
    #[error("heuristics file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("heuristics group `{group}`: bad regex: {source}")]
    Regex { group: String, source: regex::Error },
}

/// What the text says about scope, and the phrase that says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    pub scope: Scope,
    /// The phrases that matched, as found in the text.
    pub evidence: Vec<String>,
    /// True when only the generic "women" phrase matched.
    pub generic: bool,
}

/// Lowercases and writes `ё` as `е`, keeping byte offsets meaningful for matching.
pub fn normalise(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

impl Heuristics {
    /// Parses and compiles a heuristics file.
    pub fn parse(text: &str) -> Result<Heuristics, HeuristicsError> {
        let raw: RawFile = toml::from_str(text)?;
        let mut groups = Vec::new();
        for g in raw.group {
            let mut patterns = Vec::new();
            for p in &g.patterns {
                let re = RegexBuilder::new(p)
                    .case_insensitive(true)
                    .build()
                    .map_err(|source| HeuristicsError::Regex { group: g.name.clone(), source })?;
                patterns.push(re);
            }
            groups.push(Group { name: g.name, scope: g.scope, fallback: g.fallback, patterns });
        }
        Ok(Heuristics { numbers: raw.numbers, groups })
    }

    /// The embedded heuristics.
    pub fn builtin() -> &'static Heuristics {
        static H: OnceLock<Heuristics> = OnceLock::new();
        H.get_or_init(|| Heuristics::parse(SCOPE_HEURISTICS).expect("embedded heuristics are valid (tested)"))
    }

    fn number(&self, s: &str) -> Option<u8> {
        s.parse().ok().or_else(|| self.numbers.get(s).copied())
    }

    /// Infers the scope a text states, or `None` when it names no group of women.
    pub fn infer(&self, text: &str) -> Option<Inference> {
        let t = normalise(text);
        let mut hits: Vec<(&Group, Scope, String)> = Vec::new();
        for g in &self.groups {
            for re in &g.patterns {
                let Some(c) = re.captures(&t) else { continue };
                let mut scope = g.scope.clone();
                let mut ok = true;
                for name in ["n", "min", "max"] {
                    if let Some(m) = c.name(name) {
                        match self.number(m.as_str()) {
                            Some(v) => scope = scope.replace(&format!("{{{name}}}"), &v.to_string()),
                            None => ok = false,
                        }
                    }
                }
                let scope = if ok { scope.parse::<Scope>().unwrap_or(Scope::Other) } else { Scope::Other };
                hits.push((g, scope, c.get(0).map(|m| m.as_str().to_string()).unwrap_or_default()));
                break;
            }
        }
        let specific: Vec<&(&Group, Scope, String)> = hits.iter().filter(|h| !h.0.fallback).collect();
        if specific.is_empty() {
            return hits.first().map(|(_, s, e)| Inference {
                scope: s.clone(),
                evidence: vec![e.clone()],
                generic: true,
            });
        }
        let has = |n: &str| specific.iter().any(|h| h.0.name == n);
        let evidence: Vec<String> = specific.iter().map(|h| h.2.clone()).collect();
        let (p, b, d) = (has("pregnant"), has("breastfeeding"), has("recently-delivered"));
        let scope = if let Some(h) =
            specific.iter().find(|h| !["pregnant", "breastfeeding", "recently-delivered"].contains(&h.0.name.as_str()))
        {
            // Mothers of young children, age bands, childbearing age: the widest non-maternity group named.
            h.1.clone()
        } else if (p || b) && d {
            Scope::Maternity
        } else if p && b {
            Scope::PregnantOrBreastfeeding
        } else {
            specific[0].1.clone()
        };
        Some(Inference { scope, evidence, generic: false })
    }
}

/// Infers a scope with the embedded heuristics.
pub fn infer_scope(text: &str) -> Option<Inference> {
    Heuristics::builtin().infer(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(t: &str) -> Option<String> {
        infer_scope(t).map(|i| i.scope.to_string())
    }

    #[test]
    fn russian_inflected_forms() {
        assert_eq!(scope("Работы, запрещенные для беременных женщин").as_deref(), Some("pregnant"));
        assert_eq!(scope("Беременным запрещается").as_deref(), Some("pregnant"));
        assert_eq!(scope("женщин, кормящих грудью").as_deref(), Some("breastfeeding"));
        assert_eq!(scope("для беременных женщин и кормящих матерей").as_deref(), Some("pregnant-or-breastfeeding"));
        assert_eq!(scope("женщин, имеющих детей в возрасте до трех лет").as_deref(), Some("children-under-3"));
        assert_eq!(scope("женщин, имеющих детей в возрасте до 14 лет").as_deref(), Some("children-under-14"));
        assert_eq!(scope("женщин детородного возраста").as_deref(), Some("childbearing-age"));
        assert_eq!(scope("ЗАПРЕЩАЕТСЯ ПРИМЕНЕНИЕ ТРУДА ЖЕНЩИН").as_deref(), Some("all-women"));
    }

    #[test]
    fn kyrgyz_forms() {
        assert_eq!(scope("кош бойлуу аялдар").as_deref(), Some("pregnant"));
        assert_eq!(scope("эмчек эмизген аялдар").as_deref(), Some("breastfeeding"));
        assert_eq!(
            scope("кош бойлуу жана эмчек эмизген аялдардын эмгеги").as_deref(),
            Some("pregnant-or-breastfeeding")
        );
        assert_eq!(scope("аялдардын эмгегин колдонууга тыюу салынган").as_deref(), Some("all-women"));
    }

    #[test]
    fn english_forms() {
        assert_eq!(
            scope("pregnant women and women who are breastfeeding").as_deref(),
            Some("pregnant-or-breastfeeding")
        );
        assert_eq!(scope("women with children under the age of three").as_deref(), Some("children-under-3"));
        assert_eq!(scope("women aged 18-35").as_deref(), Some("age-18-35"));
        assert_eq!(scope("recently delivered or breastfeeding women").as_deref(), Some("maternity"));
        assert_eq!(scope("women").as_deref(), Some("all-women"));
    }

    #[test]
    fn no_group_named() {
        assert_eq!(scope("Машинист бульдозера"), None);
        assert_eq!(scope("Опрокидчик, занятый ручной подкаткой и откаткой вагонеток"), None);
    }

    #[test]
    fn generic_is_marked() {
        assert!(infer_scope("труд женщин").unwrap().generic);
        assert!(!infer_scope("беременных женщин").unwrap().generic);
    }

    #[test]
    fn bad_heuristics_file_is_an_error() {
        assert!(Heuristics::parse("numbers = {}\n[[group]]\nname='x'\nscope='pregnant'\npatterns=['(']").is_err());
        assert!(Heuristics::parse("nonsense").is_err());
    }
}
