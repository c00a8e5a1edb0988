//! Heuristics that read who a restriction applies to from its wording, as
//! data (`scope.toml`, embedded). Shared by the importer and `classify`.
//!
//! The reading (documented in `scope.toml` and docs/src/explanation/scope.md):
//! group phrases are found (groups in file order, a phrase overlapping an
//! earlier one dropped); exclusion, inclusion and "regardless" markers act on
//! the phrase next to them and on the phrases linked to it; a women word left
//! outside every group phrase means women as such; several groups are a
//! union; wording the rules cannot settle is `unknown` with a warning.

use crate::model::{Scope, scope_relation};
use crate::normalize::{Fold, normalize_with};
use crate::textmatch::{Hits, LazyRegex, Prefilter};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// The embedded heuristics file.
pub const SCOPE_HEURISTICS: &str = include_str!("scope.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    masks: Vec<String>,
    gap_after: String,
    gap_before: String,
    link: String,
    head: String,
    separator: String,
    numbers: BTreeMap<String, u8>,
    group: Vec<RawGroup>,
    #[serde(default)]
    marker: Vec<RawMarker>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: String,
    scope: String,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    universal: bool,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarker {
    name: String,
    kind: MarkerKind,
    direction: Direction,
    patterns: Vec<String>,
}

/// What a marker does to the group phrase it acts on.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// «кроме», «за исключением», «except», «…дан тышкары»: the group is not restricted.
    Exclusion,
    /// «в том числе», «а также», «including», «анын ичинде»: the group is restricted too.
    Inclusion,
    /// «независимо от», «regardless of»: the group is no condition of the restriction.
    Regardless,
}

/// Where the phrase a marker acts on stands.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Direction {
    After,
    Before,
}

/// One group of phrases that point to one scope.
#[derive(Debug)]
pub struct Group {
    /// The group's name in the heuristics file.
    pub name: String,
    scope: String,
    /// The bare word for women: women as such when it stands outside every other phrase.
    pub fallback: bool,
    /// Names women as a whole («всех женщин»): women as such even beside another group.
    pub universal: bool,
    /// Its patterns: indices into [`Heuristics::phrases`].
    patterns: Range<usize>,
}

#[derive(Debug)]
struct Marker {
    kind: MarkerKind,
    direction: Direction,
    /// Its patterns: indices into [`Heuristics::phrases`].
    patterns: Range<usize>,
}

/// A compiled heuristics set.
#[derive(Debug)]
pub struct Heuristics {
    numbers: BTreeMap<String, u8>,
    masks: Vec<LazyRegex>,
    /// One scan of a text over the atoms of every mask.
    mask_filter: Prefilter,
    gap_after: LazyRegex,
    gap_before: LazyRegex,
    link: LazyRegex,
    head: LazyRegex,
    separator: LazyRegex,
    groups: Vec<Group>,
    markers: Vec<Marker>,
    /// The patterns of the groups, then of the markers, in file order; each
    /// compiled on first use ([`LazyRegex`]).
    phrases: Vec<LazyRegex>,
    /// One scan of a text over the atoms of every phrase: only the phrases whose atoms occur run.
    phrase_filter: Prefilter,
}

/// Why a heuristics file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum HeuristicsError {
    /// The file is not valid TOML of the expected shape.
    #[error("heuristics file: {0}")]
    Toml(#[from] toml::de::Error),
    /// A pattern is not a valid regex.
    #[error("heuristics `{group}`: bad regex: {source}")]
    Regex {
        /// The group (or marker) the pattern belongs to.
        group: String,
        /// The regex error.
        source: regex::Error,
    },
}

/// What the text says about scope, and the phrases that say it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    /// The scope the text names.
    pub scope: Scope,
    /// The phrases that decided the scope, as found in the text (the deciding one first).
    pub evidence: Vec<String>,
    /// True when only the generic "women" phrase matched (no group, no marker).
    pub generic: bool,
    /// How the markers were read: «кроме беременных» excludes pregnant women…
    pub notes: Vec<String>,
    /// Why the reading is not settled (the scope is then `unknown`, or a
    /// union the model cannot hold exactly).
    pub warnings: Vec<String>,
}

/// The named groups a group pattern may capture: a number of years.
const NUMBER_GROUPS: [&str; 3] = ["n", "min", "max"];

/// A group phrase found in the text.
#[derive(Debug, Clone)]
struct Mention<'h> {
    group: &'h Group,
    scope: Scope,
    span: Range<usize>,
    text: String,
    /// Set by a marker.
    role: Option<MarkerKind>,
    /// A number the model cannot hold.
    bad_number: Option<String>,
}

/// Compiles a pattern now, or (`lazy`, for the embedded files, whose patterns
/// a test compiles) on first use.
fn compile(name: &str, p: &str, num: &str, lazy: bool) -> Result<LazyRegex, HeuristicsError> {
    let p = alljobs_textmatch::heuristic_pattern(p, num);
    if lazy {
        return Ok(LazyRegex::lazy(&p));
    }
    LazyRegex::compiled(&p).map_err(|source| HeuristicsError::Regex { group: name.to_string(), source })
}

impl Heuristics {
    /// Parses and compiles a heuristics file.
    pub fn parse(text: &str) -> Result<Heuristics, HeuristicsError> {
        Heuristics::parse_with(text, false)
    }

    /// [`Heuristics::parse`]; with `lazy`, each regex is compiled on first use.
    fn parse_with(text: &str, lazy: bool) -> Result<Heuristics, HeuristicsError> {
        let raw: RawFile = toml::from_str(text)?;
        // Longer number words first, so «тридцати пяти» wins over «тридцати».
        let num = alljobs_textmatch::number_pattern(raw.numbers.keys().map(String::as_str));
        let one = |name: &str, p: &str| compile(name, p, &num, lazy);
        let many = |name: &str, ps: &[String]| ps.iter().map(|p| one(name, p)).collect::<Result<Vec<_>, _>>();
        let mut phrases = Vec::new();
        let mut add = |name: &str, ps: &[String]| -> Result<Range<usize>, HeuristicsError> {
            let start = phrases.len();
            phrases.extend(many(name, ps)?);
            Ok(start..phrases.len())
        };
        let mut groups = Vec::new();
        for g in raw.group {
            let patterns = add(&g.name, &g.patterns)?;
            groups.push(Group { name: g.name, scope: g.scope, fallback: g.fallback, universal: g.universal, patterns });
        }
        let mut markers = Vec::new();
        for m in raw.marker {
            markers.push(Marker { kind: m.kind, direction: m.direction, patterns: add(&m.name, &m.patterns)? });
        }
        let masks = many("masks", &raw.masks)?;
        Ok(Heuristics {
            numbers: raw.numbers,
            mask_filter: Prefilter::new(&masks),
            masks,
            phrase_filter: Prefilter::new(&phrases),
            phrases,
            gap_after: one("gap_after", &raw.gap_after)?,
            gap_before: one("gap_before", &raw.gap_before)?,
            link: one("link", &raw.link)?,
            head: one("head", &raw.head)?,
            separator: one("separator", &raw.separator)?,
            groups,
            markers,
        })
    }

    /// The embedded heuristics.
    pub fn builtin() -> &'static Heuristics {
        static H: OnceLock<Heuristics> = OnceLock::new();
        H.get_or_init(|| {
            Heuristics::parse_with(SCOPE_HEURISTICS, true).expect("embedded heuristics are valid (tested)")
        })
    }

    /// A number: digits, or a number word; `None` for a number the model cannot hold.
    fn number(&self, s: &str) -> Option<u8> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let s = words.join(" ");
        match s.parse::<u8>() {
            Ok(v) => Some(v),
            Err(_) => self.numbers.get(&s).copied().filter(|v| *v > 0),
        }
    }

    /// The group phrases of `t`; `hits`: [`Heuristics::phrase_filter`]'s scan of `t`.
    fn mentions<'h>(&'h self, t: &str, hits: &Hits) -> Vec<Mention<'h>> {
        let mut found: Vec<Mention> = Vec::new();
        for g in &self.groups {
            for k in g.patterns.clone().filter(|&k| hits.may(k)) {
                for c in self.phrases[k].captures_iter_unfiltered(t, &NUMBER_GROUPS) {
                    let m = c.whole.clone();
                    if t[m.clone()].trim().is_empty()
                        || found.iter().any(|f| f.span.start < m.end && m.start < f.span.end)
                    {
                        continue;
                    }
                    let mut scope = g.scope.clone();
                    let mut bad_number = None;
                    for (name, v) in NUMBER_GROUPS.iter().zip(&c.groups) {
                        if let Some(v) = v.clone().map(|r| &t[r]) {
                            match self.number(v) {
                                Some(n) => scope = scope.replace(&format!("{{{name}}}"), &n.to_string()),
                                None => bad_number = Some(v.to_string()),
                            }
                        }
                    }
                    let scope = if bad_number.is_some() { Scope::Other } else { scope.parse().unwrap_or(Scope::Other) };
                    found.push(Mention {
                        group: g,
                        scope,
                        text: t[m.clone()].trim().to_string(),
                        span: m,
                        role: None,
                        bad_number,
                    });
                }
            }
        }
        found.sort_by_key(|m| m.span.start);
        found
    }

    /// Applies the markers to the mentions; returns the notes.
    fn apply_markers(&self, t: &str, hits: &Hits, ms: &mut [Mention]) -> Vec<String> {
        let mut notes = Vec::new();
        let mut seen: Vec<(Range<usize>, Direction)> = Vec::new();
        for mk in &self.markers {
            for k in mk.patterns.clone().filter(|&k| hits.may(k)) {
                for m in self.phrases[k].find_iter_unfiltered(t) {
                    if seen.iter().any(|(r, d)| *d == mk.direction && r.start < m.end && m.start < r.end) {
                        continue;
                    }
                    seen.push((m.clone(), mk.direction));
                    // The mention the marker acts on, then those linked to it.
                    let first = match mk.direction {
                        Direction::After => ms
                            .iter()
                            .position(|x| x.span.start >= m.end && self.gap_after.is_match(&t[m.end..x.span.start])),
                        Direction::Before => ms
                            .iter()
                            .rposition(|x| x.span.end <= m.start && self.gap_before.is_match(&t[x.span.end..m.start])),
                    };
                    let Some(first) = first else { continue };
                    let mut hit = vec![first];
                    match mk.direction {
                        Direction::After => {
                            let mut k = first;
                            while k + 1 < ms.len() && self.link.is_match(&t[ms[k].span.end..ms[k + 1].span.start]) {
                                k += 1;
                                hit.push(k);
                            }
                        }
                        Direction::Before => {
                            let mut k = first;
                            while k > 0 && self.link.is_match(&t[ms[k - 1].span.end..ms[k].span.start]) {
                                k -= 1;
                                hit.push(k);
                            }
                        }
                    }
                    let phrases: Vec<String> = hit.iter().map(|&k| format!("«{}»", ms[k].text)).collect();
                    let what = match mk.kind {
                        MarkerKind::Exclusion => "excludes",
                        MarkerKind::Inclusion => "includes",
                        MarkerKind::Regardless => "makes no condition of",
                    };
                    notes.push(format!("«{}» {what} {}", t[m].trim(), phrases.join(", ")));
                    for k in hit {
                        ms[k].role.get_or_insert(mk.kind);
                    }
                }
            }
        }
        notes
    }

    /// Infers the scope a text states, or `None` when it names no group of women.
    pub fn infer(&self, text: &str) -> Option<Inference> {
        let mut t = normalize_with(text, Fold::Case);
        let mut masks = self.mask_filter.scan(&t);
        for (k, re) in self.masks.iter().enumerate() {
            if !masks.may(k) {
                continue;
            }
            let found = re.find_iter_unfiltered(&t);
            for r in &found {
                t.replace_range(r.clone(), &" ".repeat(r.len()));
            }
            if !found.is_empty() {
                masks = self.mask_filter.scan(&t); // the text changed: scan it again
            }
        }
        let hits = self.phrase_filter.scan(&t);
        let mut ms = self.mentions(&t, &hits);
        if ms.is_empty() {
            return None;
        }
        let mut notes = self.apply_markers(&t, &hits, &mut ms);
        let mut warnings: Vec<String> = Vec::new();
        // A women word right before (or after) a group phrase is its head noun.
        let n = ms.len();
        let mut absorbed = vec![false; n];
        for i in 0..n {
            if !ms[i].group.fallback || ms[i].role.is_some() {
                continue;
            }
            let before =
                i > 0 && !ms[i - 1].group.fallback && t[ms[i - 1].span.end..ms[i].span.start].trim().is_empty();
            let after =
                i + 1 < n && !ms[i + 1].group.fallback && self.head.is_match(&t[ms[i].span.end..ms[i + 1].span.start]);
            if before || after {
                absorbed[i] = true;
                let k = if after { i + 1 } else { i - 1 };
                notes.push(format!("«{}» is the women of «{}»", ms[i].text, ms[k].text));
            }
        }
        for m in &ms {
            if let Some(b) = &m.bad_number {
                warnings.push(format!("«{}»: the number «{b}» is not a whole number of years; scope `other`", m.text));
            }
        }
        let positive: Vec<usize> =
            (0..n).filter(|&i| !absorbed[i] && ms[i].role.is_none_or(|r| r == MarkerKind::Inclusion)).collect();
        let excluded: Vec<usize> = (0..n).filter(|&i| ms[i].role == Some(MarkerKind::Exclusion)).collect();
        let women: Vec<usize> =
            positive.iter().copied().filter(|&i| ms[i].group.fallback || ms[i].group.universal).collect();
        let groups: Vec<usize> =
            positive.iter().copied().filter(|&i| !ms[i].group.fallback && !ms[i].group.universal).collect();
        let any_marker = ms.iter().any(|m| m.role.is_some());
        let phrase = |i: usize| ms[i].text.clone();

        if let Some(&w) = women.first() {
            let universal = women.iter().any(|&i| ms[i].group.universal);
            // Women as such, and maybe a group besides: two groups, or a group that qualifies them?
            let settled = universal
                || groups.iter().all(|&g| {
                    ms[g].role == Some(MarkerKind::Inclusion) || {
                        let (a, b) = if ms[g].span.start > ms[w].span.end {
                            (ms[w].span.end, ms[g].span.start)
                        } else {
                            (ms[g].span.end, ms[w].span.start.max(ms[g].span.end))
                        };
                        self.separator.is_match(&t[a..b])
                    }
                });
            if !settled {
                let g = groups[0];
                warnings.push(format!(
                    "the wording names women («{}») and «{}» ({}), and the rules cannot tell whether «{}» qualifies them: scope unknown",
                    phrase(w),
                    phrase(g),
                    ms[g].scope,
                    phrase(g)
                ));
                let evidence = vec![phrase(w), phrase(g)];
                return Some(Inference { scope: Scope::Unknown, evidence, generic: false, notes, warnings });
            }
            // All women except an age band is the other age band.
            let mut scope = Scope::AllWomen;
            if let [e] = excluded[..]
                && let Scope::AgeBand { min, max } = ms[e].scope
            {
                scope = match (min, max) {
                    (None | Some(0), Some(b)) => Scope::AgeBand { min: Some(b), max: None },
                    (Some(a), None) => Scope::AgeBand { min: None, max: Some(a) },
                    _ => Scope::AllWomen,
                };
                if scope != Scope::AllWomen {
                    notes.push(format!("women except {} are {scope}", ms[e].scope));
                }
            }
            for &g in &groups {
                notes.push(format!("«{}» is named besides women as such: the restriction covers all women", phrase(g)));
            }
            let mut evidence = vec![phrase(w)];
            evidence.extend(excluded.iter().map(|&i| phrase(i)));
            let generic = !universal && groups.is_empty() && !any_marker;
            return Some(Inference { scope, evidence, generic, notes, warnings });
        }

        if groups.is_empty() {
            // Only excluded or "regardless" groups: whom the restriction covers is not said.
            let named: Vec<String> = ms.iter().filter(|m| m.role.is_some()).map(|m| format!("«{}»", m.text)).collect();
            if named.is_empty() {
                return None;
            }
            warnings.push(format!(
                "the wording names only {} and says they are excluded or no condition; it does not say whom the restriction covers: scope unknown",
                named.join(", ")
            ));
            let evidence = ms.iter().filter(|m| m.role.is_some()).map(|m| m.text.clone()).collect();
            return Some(Inference { scope: Scope::Unknown, evidence, generic: false, notes, warnings });
        }

        // One or more groups: their union.
        let scope = union(&groups.iter().map(|&i| ms[i].scope.clone()).collect::<Vec<_>>(), &mut warnings);
        let mut evidence: Vec<String> = groups.iter().map(|&i| phrase(i)).collect();
        // The deciding phrase first.
        if let Some(k) = groups.iter().position(|&i| ms[i].scope == scope) {
            evidence.swap(0, k);
        }
        evidence.extend(excluded.iter().map(|&i| phrase(i)));
        Some(Inference { scope, evidence, generic: false, notes, warnings })
    }
}

/// The one scope that holds every group named, or the widest when none does
/// (with a warning naming what the scope leaves out).
fn union(scopes: &[Scope], warnings: &mut Vec<String>) -> Scope {
    let (p, b, d) = (
        scopes.contains(&Scope::Pregnant),
        scopes.contains(&Scope::Breastfeeding),
        scopes.contains(&Scope::RecentlyDelivered),
    );
    let mut parts: Vec<Scope> = scopes
        .iter()
        .filter(|s| !matches!(s, Scope::Pregnant | Scope::Breastfeeding | Scope::RecentlyDelivered))
        .cloned()
        .collect();
    if d && (p || b) {
        parts.push(Scope::Maternity);
    } else if p && b {
        parts.push(Scope::PregnantOrBreastfeeding);
    } else if p {
        parts.push(Scope::Pregnant);
    } else if b {
        parts.push(Scope::Breastfeeding);
    } else if d {
        parts.push(Scope::RecentlyDelivered);
    }
    parts.dedup();
    // A scope that contains every other one.
    if let Some(s) = parts.iter().find(|s| parts.iter().all(|o| o == *s || s.contains(o))) {
        return s.clone();
    }
    // None does: women as such first, then other groups, then maternity.
    let rank = |s: &Scope| {
        if s.women_as_such() {
            0
        } else if s.class() == crate::model::ScopeClass::OtherGroup {
            1
        } else {
            2
        }
    };
    let best = parts.iter().min_by_key(|s| rank(s)).cloned().unwrap_or(Scope::Unknown);
    let left: Vec<String> = parts
        .iter()
        .filter(|s| **s != best && scope_relation(&best, s).extends != Some(false))
        .map(|s| format!("`{s}`"))
        .collect();
    if !left.is_empty() {
        warnings.push(format!(
            "two groups in one entry: the scope records `{best}` ({}); it also names {}, which one scope cannot hold",
            best.class(),
            left.join(", ")
        ));
    }
    best
}

/// The embedded provision heuristics.
pub const PROVISION_HEURISTICS: &str = include_str!("provisions.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvisions {
    employer_discretion: Vec<String>,
    whole: Vec<String>,
}

struct ProvisionPatterns {
    employer_discretion: Vec<LazyRegex>,
    whole: Vec<LazyRegex>,
}

fn provision_patterns() -> &'static ProvisionPatterns {
    static P: OnceLock<ProvisionPatterns> = OnceLock::new();
    P.get_or_init(|| {
        let raw: RawProvisions =
            toml::from_str(PROVISION_HEURISTICS).expect("embedded provision heuristics parse (tested)");
        let many = |v: &[String]| -> Vec<LazyRegex> {
            v.iter()
                .map(|p| compile("provisions", p, "", true).expect("embedded provision heuristics compile (tested)"))
                .collect()
        };
        ProvisionPatterns { employer_discretion: many(&raw.employer_discretion), whole: many(&raw.whole) }
    })
}

/// Whether a note after the last entry of the list or of a section is a
/// provision of the list or section, and of what kind, with the phrase that
/// says so; `None` when it reads as a note on the entry before it.
pub fn provision_kind(text: &str) -> Option<(crate::model::ProvisionKind, String)> {
    let t = normalize_with(text, Fold::Case);
    let p = provision_patterns();
    if let Some(m) = p.employer_discretion.iter().find_map(|re| re.find(&t)) {
        return Some((crate::model::ProvisionKind::EmployerDiscretion, t[m].to_string()));
    }
    p.whole.iter().find_map(|re| re.find(&t)).map(|m| (crate::model::ProvisionKind::Note, t[m].to_string()))
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
        assert_eq!(scope("кош бойлуу аялдардан тышкары аялдардын эмгеги").as_deref(), Some("all-women"));
        assert_eq!(scope("35 жашка чейинки аялдар").as_deref(), Some("age-under-35"));
        assert_eq!(scope("3 жашка чейинки балдары бар аялдар").as_deref(), Some("children-under-3"));
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
    fn exclusion_and_inclusion_of_issue_13() {
        for (t, want) in [
            ("Работы на высоте, за исключением беременных женщин", "unknown"),
            ("труд женщин, за исключением беременных женщин", "all-women"),
            ("для женщин, кроме женщин, кормящих грудью", "all-women"),
            ("для всех женщин, в том числе беременных", "all-women"),
            ("женщин в возрасте до 35 лет", "age-under-35"),
            ("запрет не распространяется на беременных", "unknown"),
        ] {
            assert_eq!(scope(t).as_deref(), Some(want), "{t}");
        }
        let i = infer_scope("запрет не распространяется на беременных").unwrap();
        assert!(!i.warnings.is_empty() && i.evidence.iter().any(|e| e.contains("беременных")), "{i:?}");
        let i = infer_scope("труд женщин, кроме беременных").unwrap();
        assert!(i.notes.iter().any(|n| n.contains("«кроме» excludes «беременных»")), "{i:?}");
        assert!(!i.generic);
    }

    #[test]
    fn no_group_named() {
        assert_eq!(scope("Машинист бульдозера"), None);
        assert_eq!(scope("Опрокидчик, занятый ручной подкаткой и откаткой вагонеток"), None);
        assert_eq!(scope("кроме того, работы под землей"), None);
        assert_eq!(scope("грузы массой свыше 10 кг, более 5 лет"), None);
    }

    #[test]
    fn generic_is_marked() {
        assert!(infer_scope("труд женщин").unwrap().generic);
        assert!(!infer_scope("беременных женщин").unwrap().generic);
    }

    #[test]
    fn provisions_are_read_from_the_wording() {
        use crate::model::ProvisionKind::*;
        let kind = |t: &str| provision_kind(t).map(|(k, _)| k);
        assert_eq!(
            kind(
                "Примечание. Работодатель может применять труд женщин на работах, включенных в Перечень, при условии создания безопасных условий труда"
            ),
            Some(EmployerDiscretion)
        );
        assert_eq!(
            kind("Примечание. При создании безопасных условий труда женщины могут допускаться к этим работам"),
            Some(EmployerDiscretion)
        );
        assert_eq!(
            kind("Note. The employer may allow women to do the work if safe conditions are created."),
            Some(EmployerDiscretion)
        );
        assert_eq!(kind("Примечание. Иш берүүчү коопсуз эмгек шарттарын түзгөн учурда"), Some(EmployerDiscretion));
        assert_eq!(
            kind("Примечание. Запрет на работы, указанные в настоящем разделе, распространяется на все предприятия"),
            Some(Note)
        );
        assert_eq!(kind("Примечание. Кроме работ мастеров."), None);
        assert_eq!(kind("Примечание: кроме механизированных работ"), None);
    }

    #[test]
    fn every_embedded_pattern_compiles() {
        // The embedded heuristics compile on first use; this compiles every one.
        let h = Heuristics::builtin();
        let p = provision_patterns();
        let all = h.phrases.iter();
        let all = all.chain(&h.masks).chain([&h.gap_after, &h.gap_before, &h.link, &h.head, &h.separator]);
        let corpus = crate::textmatch::corpus();
        let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
        for re in all.chain(&p.employer_discretion).chain(&p.whole) {
            // Its atoms were computed at build time, and are those the run-time code computes.
            assert!(re.is_embedded(), "{re:?}");
            let (stored, now) = re.atoms_now();
            assert_eq!(stored, now);
            assert!(re.force());
            // The small form (classes cut to the lists' alphabet) finds what the whole regex finds.
            assert_eq!(re.agrees_on(&corpus), Ok(()));
        }
    }

    /// The one scan per text over every phrase (and every mask) leaves out only
    /// phrases that cannot match, on every text of the corpus.
    #[test]
    fn the_phrase_prefilter_agrees_with_each_phrase() {
        let h = Heuristics::builtin();
        let corpus = crate::textmatch::corpus();
        let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
        let phrases: Vec<&LazyRegex> = h.phrases.iter().collect();
        assert_eq!(h.phrase_filter.agrees_on(&phrases, &corpus), Ok(()));
        let masks: Vec<&LazyRegex> = h.masks.iter().collect();
        assert_eq!(h.mask_filter.agrees_on(&masks, &corpus), Ok(()));
        // A user's heuristics file gets its atoms at run time: the same reading.
        let user = Heuristics::parse(SCOPE_HEURISTICS).unwrap();
        for t in &corpus {
            assert_eq!(user.infer(t), h.infer(t), "{t}");
        }
    }

    #[test]
    fn bad_heuristics_file_is_an_error() {
        let head = "gap_after='x'\ngap_before='x'\nlink='x'\nhead='x'\nseparator='x'\nnumbers = {}\n";
        assert!(Heuristics::parse(&format!("{head}[[group]]\nname='x'\nscope='pregnant'\npatterns=['(']")).is_err());
        assert!(Heuristics::parse(&format!("{head}[[group]]\nname='x'\nscope='pregnant'\npatterns=['a']")).is_ok());
        assert!(Heuristics::parse("nonsense").is_err());
    }
}
