//! The literal atoms of a pattern: strings one of which every match of the
//! pattern contains, in the lower-case variants only (the texts searched are
//! lower-cased). `alljobs`' prefilter (its `textmatch` module) searches a
//! text for them before it runs any regex.
//!
//! This crate is shared by the library and its build script, which computes
//! the atoms of every embedded pattern (scope and provision heuristics,
//! built-in rules) at build time; the library computes those of user files
//! at run time with the same functions. The pattern sources are built here
//! too ([`heuristic_pattern`], [`rule_pattern`]), so that the build script
//! and the library agree on what a pattern's source is.

#![warn(missing_docs)]

use regex_syntax::hir::{Class, Hir, HirKind};

/// At most this many alternatives in a literal set (beyond it, no prefilter).
pub const MAX_ATOMS: usize = 64;

/// A pattern's syntax tree as the library reads it (case-insensitive).
pub fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().case_insensitive(true).build().parse(source).ok()
}

/// The atoms of a pattern (see [`atoms`]); `None` when it does not parse or
/// has no such set.
pub fn atoms_of(source: &str) -> Option<Vec<String>> {
    atoms(&parse(source)?)
}

/// A set of strings one of which every match of `hir` contains, to search
/// lower-case text for; `None` when the pattern has no such set (then every
/// text must be searched).
pub fn atoms(hir: &Hir) -> Option<Vec<String>> {
    let set = required(hir)?;
    if set.is_empty() || set.iter().any(String::is_empty) {
        return None;
    }
    Some(set)
}

/// The strings a piece matches exactly, when it matches one of a few fixed
/// strings (a literal, a small class such as `[жЖ]` from case-insensitivity),
/// keeping only the lower-case ones: a variant that lower-casing changes
/// never occurs in a lower-cased text.
fn exact(h: &Hir) -> Option<Vec<String>> {
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

/// True when lower-casing leaves `s` as it is.
pub fn is_lower(s: &str) -> bool {
    s.to_lowercase() == s
}

/// Strings one of which every match of `h` contains (lower-case variants only).
pub fn required(h: &Hir) -> Option<Vec<String>> {
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

/// The pattern a rule file's regex test compiles to: `ё` read as `е` (the
/// texts are normalised so).
pub fn rule_pattern(source: &str) -> String {
    source.replace('ё', "е").replace('Ё', "Е")
}

/// The alternation that `{num}` stands for in a heuristics file: digits, or
/// one of the number words (longer words first, so «тридцати пяти» wins over
/// «тридцати», then in byte order; spaces match any run of white space).
pub fn number_pattern<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    let words: Vec<String> = words.iter().map(|w| regex_syntax::escape(w).replace(' ', r"\s+")).collect();
    format!(r"(?:\d+(?:[.,]\d+)?|{})", words.join("|"))
}

/// A heuristics pattern with `{num}` replaced by [`number_pattern`].
pub fn heuristic_pattern(p: &str, num: &str) -> String {
    p.replace("{num}", num)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strings_every_match_contains() {
        let set = |p: &str| {
            atoms_of(p).map(|mut v| {
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
        assert_eq!(set(r"x|"), None);
        assert_eq!(set(r"("), None);
    }

    #[test]
    fn sources() {
        assert_eq!(rule_pattern("ёлка|Ёж"), "елка|Еж");
        assert_eq!(number_pattern(["трех", "тридцати пяти", "двух"]), r"(?:\d+(?:[.,]\d+)?|тридцати\s+пяти|двух|трех)");
        assert_eq!(heuristic_pattern("до {num} лет", "N"), "до N лет");
    }
}
