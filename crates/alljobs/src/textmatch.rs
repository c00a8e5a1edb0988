//! Regexes compiled on first use, behind a literal prefilter: the one way the
//! rule triggers ([`crate::rules::trigger`]) and the scope heuristics
//! ([`crate::heuristics`]) match their patterns.
//!
//! Compiling a Unicode-aware, case-insensitive regex costs far more than
//! matching it on one entry: before this module, compiling the embedded
//! heuristics was 93% of the instructions of `classify` on the 446-entry list
//! (callgrind; docs/src/benchmarks.md). So a [`LazyRegex`] first searches the
//! text for strings one of which every match must contain (read from the
//! pattern's `regex-syntax` tree: a literal of a concatenation, every branch
//! of an alternation; searched with Aho-Corasick), and compiles and runs the
//! regex only when one is there. A command therefore compiles only the patterns some text can
//! match, each once per process.
//!
//! The texts searched are lower-cased (`normalize::Fold::Case`); the
//! prefilter relies on that only to leave out the upper-case variants of the
//! literals, which a lower-cased text cannot contain.

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// The compiled size limit of every pattern (4 MiB).
const SIZE_LIMIT: usize = 1 << 22;

/// A case-insensitive regex, compiled on first use, with a literal prefilter.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    regex: OnceLock<Regex>,
    /// Strings one of which every match contains; `None` when there is no such set.
    atoms: OnceLock<Option<AhoCorasick>>,
}

fn compile(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).case_insensitive(true).size_limit(SIZE_LIMIT).build()
}

/// At most this many alternatives in a literal set (beyond it, no prefilter).
const MAX_ATOMS: usize = 64;

/// A set of strings one of which every match of a pattern contains, as a
/// searcher over lower-case text; `None` when the pattern has no such set
/// (then every text is searched).
fn atoms(source: &str) -> Option<AhoCorasick> {
    let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(source).ok()?;
    let set = required(&hir)?;
    if set.is_empty() || set.iter().any(String::is_empty) {
        return None;
    }
    AhoCorasick::new(set).ok()
}

/// The strings a piece matches exactly, when it matches one of a few fixed
/// strings (a literal, a small class such as `[жЖ]` from case-insensitivity),
/// keeping only the lower-case ones: a variant that lower-casing changes
/// never occurs in a lower-cased text.
fn exact(h: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    match h.kind() {
        HirKind::Literal(l) => Some(vec![String::from_utf8(l.0.to_vec()).ok()?]),
        HirKind::Class(Class::Unicode(c)) => {
            let n: u32 = c.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            if n == 0 || n > 4 {
                return None;
            }
            Some(
                c.ranges().iter().flat_map(|r| r.start()..=r.end()).map(String::from).filter(|s| is_lower(s)).collect(),
            )
        }
        HirKind::Capture(c) => exact(&c.sub),
        _ => None,
    }
}

fn is_lower(s: &str) -> bool {
    s.to_lowercase() == s
}

/// Strings one of which every match of `h` contains (lower-case variants only).
fn required(h: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(h),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(required(a)?);
                if out.len() > MAX_ATOMS {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            // Runs of exact pieces become longer literals; any required set of a
            // piece will do: the best is the one whose shortest string is longest.
            let mut candidates: Vec<Vec<String>> = Vec::new();
            let mut run: Option<Vec<String>> = None;
            for p in parts {
                if matches!(p.kind(), HirKind::Look(_)) {
                    continue; // zero-width: the strings either side still meet
                }
                match exact(p) {
                    Some(v) => {
                        let next: Vec<String> = match run.take() {
                            None => v,
                            Some(r) => r.iter().flat_map(|a| v.iter().map(move |b| format!("{a}{b}"))).collect(),
                        };
                        if next.len() > MAX_ATOMS {
                            candidates.extend(required(p));
                        } else {
                            run = Some(next);
                        }
                    }
                    None => {
                        candidates.extend(run.take());
                        candidates.extend(required(p));
                    }
                }
            }
            candidates.extend(run);
            candidates.retain(|c| !c.is_empty());
            candidates.into_iter().max_by_key(|c| {
                let shortest = c.iter().map(|s| s.chars().count()).min().unwrap_or(0);
                (shortest, std::cmp::Reverse(c.len()))
            })
        }
        _ => None,
    }
}

impl LazyRegex {
    /// A pattern compiled on first use, for patterns known to compile (the
    /// embedded rules and heuristics, each compiled by a test: nothing is
    /// checked now, which is the point).
    pub(crate) fn lazy(source: &str) -> LazyRegex {
        LazyRegex { source: source.to_string(), regex: OnceLock::new(), atoms: OnceLock::new() }
    }

    /// A pattern compiled now, so that an error (also a size limit) is reported where it is written.
    pub(crate) fn compiled(source: &str) -> Result<LazyRegex, regex::Error> {
        let regex = OnceLock::new();
        let _ = regex.set(compile(source)?);
        Ok(LazyRegex { source: source.to_string(), regex, atoms: OnceLock::new() })
    }

    /// The compiled regex (compiled now if it is not yet).
    pub(crate) fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile(&self.source).expect("embedded patterns compile (tested); others are compiled when read")
        })
    }

    /// False when a lower-cased text cannot contain a match (it holds none of the literals).
    pub(crate) fn may_match(&self, lower: &str) -> bool {
        self.atoms.get_or_init(|| atoms(&self.source)).as_ref().is_none_or(|ac| ac.is_match(lower))
    }

    /// The first match in a lower-cased text.
    pub(crate) fn find<'t>(&self, lower: &'t str) -> Option<regex::Match<'t>> {
        if !self.may_match(lower) {
            return None;
        }
        self.regex().find(lower)
    }

    /// True once the regex has been compiled.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Fold, normalize_with};

    /// The prefilter never hides a match: on these texts, the prefiltered
    /// result is the plain regex's.
    #[test]
    fn prefilter_agrees_with_the_regex() {
        let patterns = [
            r"подземн\w*|шахт\w*|\bгорн(?:о[\w-]*|ая|ой)\b|underground|\bmining\b",
            r"\b[cс]\s?45\b|конвенци\w*\s+(?:мот\s+)?(?:№|n|no\.?)?\s*45\b",
            r"(?:кроме|за\s+исключением|except(?:ing)?)[^.;]{0,80}?(?:санитарн|managerial)\w*",
            r"(?P<n>\d+|[а-яөүң]+)\s+жашка\s+чейинки\s+балдар\w*",
            r"(?:женщин\w*,?\s+)?беременн\w*(?:\s+женщин\w*)?",
            r"ЖЕНЩИН|Women",
            r"(?P<n>\d+|три)\s+жашка\s+чейин\w*",
            r"\bгорн(?:о[\w-]*|ая|ой)\b",
            r"(?:в\s+течение\s+[^.;]{0,30}?\s+)?после\s+родов",
            r"massive|mass",
            r"\w+",
            r"",
            r"x|",
        ];
        let texts = [
            "Работы на ПОДЗЕМНЫХ горных работах",
            "Горная выработка; mining and Underground works",
            "ратифицирована конвенция № 45 и C 45",
            "Все работы, кроме санитарного обслуживания",
            "3 жашка чейинки балдары бар аялдар",
            "Труд ЖЕНЩИН и WOMEN, беременных женщин",
            "в течение года после родов; 3 жашка чейинки; mass",
            "",
            "ничего",
        ];
        for p in patterns {
            let lazy = LazyRegex::lazy(p);
            let plain = compile(p).unwrap();
            for t in texts {
                let t = normalize_with(t, Fold::Case);
                assert_eq!(lazy.find(&t).map(|m| m.range()), plain.find(&t).map(|m| m.range()), "{p} on {t}");
            }
        }
    }

    #[test]
    fn a_text_without_the_literals_compiles_nothing() {
        let r = LazyRegex::lazy(r"подземн\w*|шахт\w*");
        assert!(r.find("машинист экскаватора").is_none());
        assert!(!r.is_compiled());
        assert_eq!(r.find("на подземных работах").map(|m| m.as_str()), Some("подземных"));
        assert!(r.is_compiled());
    }

    #[test]
    fn the_strings_every_match_contains() {
        let set = |p: &str| {
            let hir = regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(p).unwrap();
            required(&hir).map(|mut v| {
                v.sort();
                v
            })
        };
        assert_eq!(set(r"(?:женщин\w*,?\s+)?беременн\w*(?:\s+женщин\w*)?"), Some(vec!["беременн".to_string()]));
        assert_eq!(set(r"(?P<n>\d+|три)\s+жашка\s+чей"), Some(vec!["жашка".to_string()]));
        // Lower-case letters that case-fold to «т» (U+1C84, U+1C85) are kept: the regex matches them.
        let v = set(r"\bшахт\w*|Underground").unwrap();
        assert!(v.contains(&"underground".to_string()) && v.contains(&"шахт".to_string()), "{v:?}");
        assert!(v.contains(&"шах\u{1c84}".to_string()) && v.iter().all(|s| is_lower(s)), "{v:?}");
        assert_eq!(set(r"\w+"), None);
        assert_eq!(set(r"шахт|\w"), None);
        assert_eq!(set(r"(?:шахт)?"), None);
    }

    #[test]
    fn errors() {
        assert!(LazyRegex::compiled("(").is_err());
    }
}
