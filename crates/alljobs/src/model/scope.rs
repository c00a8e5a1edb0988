//! Scope: who an entry restricts.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Who a restriction applies to.
///
/// Written as a string: `all-women`, `pregnant`, `breastfeeding`,
/// `pregnant-or-breastfeeding`, `recently-delivered`, `maternity` (pregnant,
/// recently delivered or breastfeeding), `children-under-N` (women with children
/// under N years), `age-A-B` / `age-under-B` / `age-from-A` (an age band),
/// `childbearing-age`, `other`, `unknown`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `all-women`: every woman.
    AllWomen,
    /// `pregnant`: pregnant women.
    Pregnant,
    /// `breastfeeding`: breastfeeding women.
    Breastfeeding,
    /// `pregnant-or-breastfeeding`.
    PregnantOrBreastfeeding,
    /// `recently-delivered`: women who have recently given birth.
    RecentlyDelivered,
    /// `maternity`: pregnant, recently delivered or breastfeeding.
    Maternity,
    /// `children-under-N`: women with a child under N years.
    ChildrenUnder(u8),
    /// `age-A-B`, `age-under-B`, `age-from-A`: women in an age band.
    AgeBand {
        /// The lowest age covered (inclusive), if bounded.
        min: Option<u8>,
        /// The age from which women are no longer covered (exclusive), if bounded.
        max: Option<u8>,
    },
    /// `childbearing-age`: women of childbearing age.
    ChildbearingAge,
    /// `other`: a group the model does not name (say who in a note).
    Other,
    /// `unknown`: the act's wording does not say.
    Unknown,
}

/// The classes that `classify` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeClass {
    /// All women: a general ban.
    General,
    /// Pregnant, breastfeeding or recently delivered women only.
    MaternityOnly,
    /// Another group of women (mothers of young children, an age band…).
    OtherGroup,
    /// Not known.
    Unknown,
}

impl ScopeClass {
    /// All classes in report order.
    pub const ALL: [ScopeClass; 4] =
        [ScopeClass::General, ScopeClass::MaternityOnly, ScopeClass::OtherGroup, ScopeClass::Unknown];

    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeClass::General => "general",
            ScopeClass::MaternityOnly => "maternity-only",
            ScopeClass::OtherGroup => "other-group",
            ScopeClass::Unknown => "unknown",
        }
    }
}

impl fmt::Display for ScopeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a scope changed between two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeRelation {
    /// The same scope.
    Same,
    /// The new scope is a strict subset of the old one (e.g. all women → pregnant).
    Narrowed,
    /// The new scope is a strict superset of the old one.
    Widened,
    /// Both: restricts some women not restricted before and releases others;
    /// or the model cannot tell (a side is `unknown` or `other`): see the
    /// `extends` / `releases` flags of [`ScopeShift`].
    Changed,
}

impl ScopeRelation {
    /// The opposite direction (for swapped diffs).
    pub fn reversed(self) -> ScopeRelation {
        match self {
            ScopeRelation::Narrowed => ScopeRelation::Widened,
            ScopeRelation::Widened => ScopeRelation::Narrowed,
            o => o,
        }
    }
}

/// Why a scope string is not a scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a scope; expected one of: {SCOPE_FORMS}")]
pub struct ScopeError(pub String);

/// The accepted forms, for messages and docs.
pub const SCOPE_FORMS: &str = "all-women, pregnant, breastfeeding, pregnant-or-breastfeeding, recently-delivered, maternity, children-under-N, age-A-B, age-under-B, age-from-A, childbearing-age, other, unknown";

const SIMPLE: [(&str, Scope); 9] = [
    ("all-women", Scope::AllWomen),
    ("pregnant", Scope::Pregnant),
    ("breastfeeding", Scope::Breastfeeding),
    ("pregnant-or-breastfeeding", Scope::PregnantOrBreastfeeding),
    ("recently-delivered", Scope::RecentlyDelivered),
    ("maternity", Scope::Maternity),
    ("childbearing-age", Scope::ChildbearingAge),
    ("other", Scope::Other),
    ("unknown", Scope::Unknown),
];

impl Scope {
    /// The class this scope belongs to.
    pub fn class(&self) -> ScopeClass {
        match self {
            Scope::AllWomen => ScopeClass::General,
            Scope::Pregnant
            | Scope::Breastfeeding
            | Scope::PregnantOrBreastfeeding
            | Scope::RecentlyDelivered
            | Scope::Maternity => ScopeClass::MaternityOnly,
            Scope::ChildrenUnder(_) | Scope::AgeBand { .. } | Scope::ChildbearingAge | Scope::Other => {
                ScopeClass::OtherGroup
            }
            Scope::Unknown => ScopeClass::Unknown,
        }
    }

    /// Whether every woman in `other` is also in `self` (by the population
    /// model; `false` when it cannot be told, e.g. for `other` or `unknown`).
    pub fn contains(&self, other: &Scope) -> bool {
        if self == other {
            return !matches!(self, Scope::Unknown | Scope::Other);
        }
        relation(self, other).extends == Some(false)
    }

    /// How the scope changed from `self` (old) to `new`: [`relation`]'s `relation`.
    pub fn relation_to(&self, new: &Scope) -> ScopeRelation {
        relation(self, new).relation
    }

    /// True when the scope restricts women as such rather than for a maternity
    /// condition or as mothers: all women, an age band of women, or women of
    /// childbearing age (an age proxy works as a general ban; see
    /// CEDAW-REPRODUCTIVE-AGE-PROXY).
    pub fn women_as_such(&self) -> bool {
        matches!(self, Scope::AllWomen | Scope::AgeBand { .. } | Scope::ChildbearingAge)
    }

    /// Whether the woman `w` of the population model is in this scope;
    /// `None` when the model cannot tell (`other`, `unknown`, and childbearing
    /// age outside its certain core).
    pub fn covers(&self, w: &Woman) -> Option<bool> {
        let maternity = w.pregnant || w.breastfeeding || w.recently_delivered;
        match self {
            Scope::AllWomen => Some(true),
            Scope::Pregnant => Some(w.pregnant),
            Scope::Breastfeeding => Some(w.breastfeeding),
            Scope::PregnantOrBreastfeeding => Some(w.pregnant || w.breastfeeding),
            Scope::RecentlyDelivered => Some(w.recently_delivered),
            Scope::Maternity => Some(maternity),
            Scope::ChildrenUnder(n) => Some(w.youngest_child.is_some_and(|c| c < *n)),
            Scope::AgeBand { min, max } => Some(min.is_none_or(|a| w.age >= a) && max.is_none_or(|b| w.age < b)),
            Scope::ChildbearingAge => {
                if maternity || (CHILDBEARING_CORE.0..CHILDBEARING_CORE.1).contains(&w.age) {
                    Some(true)
                } else if w.age < CHILDBEARING_OUTSIDE.0 || w.age >= CHILDBEARING_OUTSIDE.1 {
                    Some(false)
                } else {
                    None
                }
            }
            Scope::Other | Scope::Unknown => None,
        }
    }

    /// The ages (years) at which membership in this scope can change.
    fn age_bounds(&self, out: &mut Vec<u8>) {
        match self {
            Scope::AgeBand { min, max } => out.extend(min.iter().chain(max.iter()).copied()),
            Scope::ChildbearingAge => {
                out.extend([CHILDBEARING_CORE.0, CHILDBEARING_CORE.1, CHILDBEARING_OUTSIDE.0, CHILDBEARING_OUTSIDE.1])
            }
            _ => {}
        }
    }
}

/// Ages (years, `[from, to)`) that are childbearing age under every
/// definition in use (WHO and national statistics use 15–49; some labour
/// texts 18–45): the model counts them in without knowing the act's bounds.
pub const CHILDBEARING_CORE: (u8, u8) = (20, 40);
/// Outside `[from, to)` no definition counts a woman as of childbearing age.
/// Between the two ranges the model cannot tell (`None`).
pub const CHILDBEARING_OUTSIDE: (u8, u8) = (10, 60);
/// A breastfeeding woman's youngest child is under this age (years): the
/// model's assumption that ties breastfeeding to "mother of a child under N".
pub const BREASTFEEDING_CHILD_UNDER: u8 = 3;

/// One woman of the population model: her age, her maternity condition and
/// the age of her youngest child. A scope is a set of such women.
///
/// The model's only links between the attributes: a recently delivered
/// woman has a child aged 0; a breastfeeding woman has a child under
/// `BREASTFEEDING_CHILD_UNDER`; a pregnant, breastfeeding or recently
/// delivered woman is of childbearing age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Woman {
    /// Age in completed years.
    pub age: u8,
    /// She is pregnant.
    pub pregnant: bool,
    /// She is breastfeeding.
    pub breastfeeding: bool,
    /// She has recently given birth.
    pub recently_delivered: bool,
    /// Age in completed years of her youngest child; `None`: no child.
    pub youngest_child: Option<u8>,
}

impl Woman {
    /// Whether the attributes are consistent with each other.
    pub fn is_possible(&self) -> bool {
        (!self.recently_delivered || self.youngest_child == Some(0))
            && (!self.breastfeeding || self.youngest_child.is_some_and(|c| c < BREASTFEEDING_CHILD_UNDER))
    }
}

/// How a restriction's scope changed, as sets of women: the relation and the
/// two facts it rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ScopeShift {
    /// `same`, `narrowed` (releases, extends to no one), `widened` (extends,
    /// releases no one) or `changed` (both, or cannot be told).
    pub relation: ScopeRelation,
    /// Some woman is restricted by the new scope and was not by the old;
    /// `None`: the model cannot tell.
    pub extends: Option<bool>,
    /// Some woman restricted by the old scope is not by the new; `None`: the
    /// model cannot tell.
    pub releases: Option<bool>,
}

impl ScopeShift {
    /// The relation that two facts give.
    fn from_flags(extends: Option<bool>, releases: Option<bool>) -> ScopeShift {
        let relation = match (extends, releases) {
            (Some(false), Some(false)) => ScopeRelation::Same,
            (Some(true), Some(false)) => ScopeRelation::Widened,
            (Some(false), Some(true)) => ScopeRelation::Narrowed,
            _ => ScopeRelation::Changed,
        };
        ScopeShift { relation, extends, releases }
    }

    /// The same shift seen from the other side (new → old).
    pub fn reversed(self) -> ScopeShift {
        ScopeShift::from_flags(self.releases, self.extends)
    }
}

/// Three-valued "some woman is in `a` and not in `b`".
fn some_in_not_in(a: &[Scope], b: &[Scope], women: &[Woman]) -> Option<bool> {
    let any = |set: &[Scope], w: &Woman| -> Option<bool> {
        let mut unknown = false;
        for s in set {
            match s.covers(w) {
                Some(true) => return Some(true),
                None => unknown = true,
                Some(false) => {}
            }
        }
        if unknown { None } else { Some(false) }
    };
    let mut unknown = false;
    for w in women {
        match (any(a, w), any(b, w)) {
            (Some(true), Some(false)) => return Some(true),
            (Some(false), _) | (_, Some(true)) => {}
            _ => unknown = true,
        }
    }
    if unknown { None } else { Some(false) }
}

/// Representative women for the scopes given: membership of every scope is
/// constant between the ages and child ages where some scope's bound lies,
/// so one woman per interval and condition decides every question.
fn representatives(scopes: &[&Scope]) -> Vec<Woman> {
    let mut ages = vec![0u8];
    let mut child: Vec<u8> = vec![0, BREASTFEEDING_CHILD_UNDER];
    for s in scopes {
        s.age_bounds(&mut ages);
        if let Scope::ChildrenUnder(n) = s {
            child.push(*n);
        }
    }
    ages.sort_unstable();
    ages.dedup();
    child.sort_unstable();
    child.dedup();
    let children: Vec<Option<u8>> = std::iter::once(None).chain(child.into_iter().map(Some)).collect();
    population(&ages, &children)
}

/// Every possible woman with one of `ages`, one of `children` (age of the
/// youngest child) and any maternity condition.
fn population(ages: &[u8], children: &[Option<u8>]) -> Vec<Woman> {
    let mut out = Vec::new();
    for &age in ages {
        for &youngest_child in children {
            for bits in 0..8u8 {
                let w = Woman {
                    age,
                    pregnant: bits & 1 != 0,
                    breastfeeding: bits & 2 != 0,
                    recently_delivered: bits & 4 != 0,
                    youngest_child,
                };
                if w.is_possible() {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// How the scope of a restriction changed from `old` to `new`.
pub fn relation(old: &Scope, new: &Scope) -> ScopeShift {
    relation_of_sets(std::slice::from_ref(old), std::slice::from_ref(new))
}

/// How the scope changed from the union of `old` to the union of `new` (a
/// split or merge: the women restricted by any of the entries).
pub fn relation_of_sets(old: &[Scope], new: &[Scope]) -> ScopeShift {
    if old == new {
        return ScopeShift { relation: ScopeRelation::Same, extends: Some(false), releases: Some(false) };
    }
    let all: Vec<&Scope> = old.iter().chain(new).collect();
    let women = representatives(&all);
    let mut extends = some_in_not_in(new, old, &women);
    let mut releases = some_in_not_in(old, new, &women);
    // `other` is some group of women, never all of them.
    let only_other = |v: &[Scope]| v == [Scope::Other];
    let everyone = |v: &[Scope]| v.contains(&Scope::AllWomen);
    if extends.is_none() && only_other(old) && everyone(new) {
        extends = Some(true);
    }
    if releases.is_none() && only_other(new) && everyone(old) {
        releases = Some(true);
    }
    ScopeShift::from_flags(extends, releases)
}

/// The short cell of [`relation_table`]: `=` same, `N` narrowed, `W`
/// widened, `C` changed (extends and releases); when the model cannot tell
/// one fact: `+?` (extends, releases unknown), `-?` (releases, extends
/// unknown), `≥?` (releases no one, extends unknown), `≤?` (extends to no
/// one, releases unknown), `?` (neither known).
pub fn relation_cell(s: ScopeShift) -> &'static str {
    match (s.relation, s.extends, s.releases) {
        (ScopeRelation::Same, ..) => "=",
        (ScopeRelation::Narrowed, ..) => "N",
        (ScopeRelation::Widened, ..) => "W",
        (_, Some(true), Some(true)) => "C",
        (_, Some(true), None) => "+?",
        (_, None, Some(true)) => "-?",
        (_, None, Some(false)) => "≥?",
        (_, Some(false), None) => "≤?",
        _ => "?",
    }
}

/// A Markdown matrix of the relation of every pair of `kinds` (rows: old,
/// columns: new). The documentation's table is this function's output (a test
/// checks it).
pub fn relation_table(kinds: &[Scope]) -> String {
    let mut out = String::from("| old ↓ / new → |");
    for k in kinds {
        out.push_str(&format!(" `{k}` |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(kinds.len()));
    out.push('\n');
    for a in kinds {
        out.push_str(&format!("| `{a}` |"));
        for b in kinds {
            out.push_str(&format!(" {} |", relation_cell(relation(a, b))));
        }
        out.push('\n');
    }
    out
}

/// One scope of every kind, for the documentation's table and the tests.
pub fn sample_kinds() -> Vec<Scope> {
    [
        "all-women",
        "pregnant",
        "breastfeeding",
        "pregnant-or-breastfeeding",
        "recently-delivered",
        "maternity",
        "children-under-3",
        "children-under-14",
        "age-under-35",
        "age-18-35",
        "age-from-16",
        "age-from-45",
        "childbearing-age",
        "other",
        "unknown",
    ]
    .iter()
    .map(|s| s.parse().expect("valid sample scope"))
    .collect()
}

impl FromStr for Scope {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ScopeError(s.to_string());
        if let Some((_, v)) = SIMPLE.iter().find(|(k, _)| *k == s) {
            return Ok(v.clone());
        }
        let num = |t: &str| -> Result<u8, ScopeError> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map_err(|_| bad())
        };
        if let Some(n) = s.strip_prefix("children-under-") {
            // Children under 0 years is nobody: N is at least 1.
            return match num(n)? {
                0 => Err(bad()),
                n => Ok(Scope::ChildrenUnder(n)),
            };
        }
        if let Some(n) = s.strip_prefix("age-under-") {
            return Ok(Scope::AgeBand { min: None, max: Some(num(n)?) });
        }
        if let Some(n) = s.strip_prefix("age-from-") {
            return Ok(Scope::AgeBand { min: Some(num(n)?), max: None });
        }
        if let Some(rest) = s.strip_prefix("age-") {
            let (a, b) = rest.split_once('-').ok_or_else(bad)?;
            let (a, b) = (num(a)?, num(b)?);
            if a > b {
                return Err(bad());
            }
            return Ok(Scope::AgeBand { min: Some(a), max: Some(b) });
        }
        Err(bad())
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::ChildrenUnder(n) => write!(f, "children-under-{n}"),
            Scope::AgeBand { min: Some(a), max: Some(b) } => write!(f, "age-{a}-{b}"),
            Scope::AgeBand { min: None, max: Some(b) } => write!(f, "age-under-{b}"),
            Scope::AgeBand { min: Some(a), max: None } => write!(f, "age-from-{a}"),
            Scope::AgeBand { min: None, max: None } => f.write_str("all-women"),
            other => {
                let name = SIMPLE.iter().find(|(_, v)| v == other).map(|(k, _)| *k).unwrap_or("unknown");
                f.write_str(name)
            }
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Cow<'de, str> = Deserialize::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Scope {
    fn schema_name() -> Cow<'static, str> {
        "Scope".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(all-women|pregnant|breastfeeding|pregnant-or-breastfeeding|recently-delivered|maternity|childbearing-age|other|unknown|children-under-(0?[1-9]|[1-9][0-9])|age-[0-9]{1,2}-[0-9]{1,2}|age-under-[0-9]{1,2}|age-from-[0-9]{1,2})$",
            "description": "Who the restriction applies to: all-women, pregnant, breastfeeding, pregnant-or-breastfeeding, recently-delivered, maternity, children-under-N, age-A-B, age-under-B, age-from-A, childbearing-age, other, unknown."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_form() {
        for s in sample_kinds() {
            assert_eq!(s.to_string().parse::<Scope>(), Ok(s.clone()), "{s}");
        }
    }

    #[test]
    fn rejects_bad_scopes() {
        for s in [
            "women",
            "All-Women",
            "children-under-",
            "children-under-x",
            "children-under-0",
            "children-under-00",
            "age-35-18",
            "age-1",
            "",
        ] {
            assert!(s.parse::<Scope>().is_err(), "{s}");
        }
    }

    #[test]
    fn narrowing_and_widening() {
        let all = Scope::AllWomen;
        let pb = Scope::PregnantOrBreastfeeding;
        assert_eq!(all.relation_to(&pb), ScopeRelation::Narrowed);
        assert_eq!(pb.relation_to(&all), ScopeRelation::Widened);
        assert_eq!(Scope::Pregnant.relation_to(&pb), ScopeRelation::Widened);
        assert_eq!(Scope::ChildrenUnder(3).relation_to(&Scope::ChildrenUnder(1)), ScopeRelation::Narrowed);
        assert_eq!(Scope::Pregnant.relation_to(&Scope::ChildrenUnder(3)), ScopeRelation::Changed);
        assert_eq!(Scope::Unknown.relation_to(&all), ScopeRelation::Changed);
        assert_eq!(pb.relation_to(&pb), ScopeRelation::Same);
    }

    /// Brute force over a dense population (ages 0–70, every child age up
    /// to 20, every condition): an oracle independent of `representatives`.
    fn brute(old: &Scope, new: &Scope) -> (Option<bool>, Option<bool>) {
        let ages: Vec<u8> = (0..=70).collect();
        let children: Vec<Option<u8>> = std::iter::once(None).chain((0..=19u8).map(Some)).collect();
        let women = population(&ages, &children);
        let (o, n) = (std::slice::from_ref(old), std::slice::from_ref(new));
        (some_in_not_in(n, o, &women), some_in_not_in(o, n, &women))
    }

    /// Every kind of scope with a spread of parameters.
    fn generated() -> Vec<Scope> {
        let mut v = sample_kinds();
        for n in [1, 2, 3, 4, 6, 14, 16, 18] {
            v.push(Scope::ChildrenUnder(n));
        }
        let bounds = [None, Some(0), Some(16), Some(18), Some(35), Some(45), Some(60)];
        for min in bounds {
            for max in bounds {
                if min.is_some() && max.is_some() && min >= max {
                    continue;
                }
                if min.is_none() && max.is_none() {
                    continue;
                }
                v.push(Scope::AgeBand { min, max });
            }
        }
        v
    }

    #[test]
    fn every_pair_of_generated_scopes_agrees_with_brute_force_and_itself() {
        let all = generated();
        assert!(all.len() > 40, "{}", all.len());
        for a in &all {
            assert_eq!(relation(a, a).relation, ScopeRelation::Same, "{a}");
            for b in &all {
                let s = relation(a, b);
                // Symmetry: b → a is a → b reversed.
                assert_eq!(relation(b, a), s.reversed(), "{a} / {b}");
                // The flags decide the relation.
                assert_eq!(ScopeShift::from_flags(s.extends, s.releases).relation, s.relation, "{a} → {b}");
                if a == b {
                    continue;
                }
                let (e, r) = brute(a, b);
                let special = matches!((a, b), (Scope::Other, Scope::AllWomen) | (Scope::AllWomen, Scope::Other));
                if !special {
                    assert_eq!((s.extends, s.releases), (e, r), "{a} → {b}");
                }
                // A determinate scope against all women: never extends.
                if *a == Scope::AllWomen && *b != Scope::Unknown {
                    assert_eq!(s.extends, Some(false), "{a} → {b}");
                }
            }
        }
    }

    #[test]
    fn containment_is_transitive() {
        let all = generated();
        let c: Vec<Vec<bool>> = all.iter().map(|a| all.iter().map(|b| a.contains(b)).collect()).collect();
        for i in 0..all.len() {
            for j in 0..all.len() {
                for k in 0..all.len() {
                    if c[i][j] && c[j][k] {
                        assert!(c[i][k], "{} ⊇ {} ⊇ {}", all[i], all[j], all[k]);
                    }
                }
            }
        }
    }

    #[test]
    fn the_cases_of_issue_13() {
        let p = |s: &str| s.parse::<Scope>().unwrap();
        let r = |a: &str, b: &str| relation(&p(a), &p(b));
        // An age proxy restricts women who were not restricted before.
        let s = r("pregnant", "age-from-16");
        assert_eq!((s.extends, s.releases), (Some(true), Some(true)), "pregnant girls under 16 are released");
        assert_eq!(r("pregnant", "childbearing-age").relation, ScopeRelation::Widened);
        assert_eq!(r("pregnant", "children-under-18").extends, Some(true));
        assert_eq!(r("pregnant", "pregnant-or-breastfeeding").relation, ScopeRelation::Widened);
        // All women → an age band releases (girls under 18) and extends to no one…
        let s = r("all-women", "age-from-18");
        assert_eq!((s.relation, s.extends, s.releases), (ScopeRelation::Narrowed, Some(false), Some(true)));
        // …but stays a restriction on women as such.
        assert!(p("age-from-18").women_as_such() && p("childbearing-age").women_as_such());
        assert!(!p("pregnant").women_as_such() && !p("children-under-3").women_as_such());
        assert_eq!(r("all-women", "pregnant-or-breastfeeding").relation, ScopeRelation::Narrowed);
        assert_eq!(r("maternity", "all-women").relation, ScopeRelation::Widened);
        // `other` is some group: all women → other releases; unknown cannot be told.
        assert_eq!(r("all-women", "other").relation, ScopeRelation::Narrowed);
        let s = r("unknown", "pregnant");
        assert_eq!((s.relation, s.extends, s.releases), (ScopeRelation::Changed, None, None));
        let s = r("unknown", "all-women");
        assert_eq!((s.extends, s.releases), (None, Some(false)));
        // Equal sets written differently are the same.
        assert_eq!(r("age-0-18", "age-under-18").relation, ScopeRelation::Same);
        // Unions (split / merge).
        let u = relation_of_sets(&[p("pregnant")], &[p("pregnant"), p("breastfeeding")]);
        assert_eq!(u.relation, ScopeRelation::Widened);
        let u = relation_of_sets(&[p("all-women")], &[p("pregnant"), p("age-from-18")]);
        assert_eq!(u.relation, ScopeRelation::Narrowed);
    }

    #[test]
    fn the_documented_table_is_the_computed_one() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/explanation/scope.md"))
            .expect("docs/src/explanation/scope.md");
        let table = relation_table(&sample_kinds());
        assert!(doc.contains(&table), "the table in docs/src/explanation/scope.md is stale; it should be:\n{table}");
    }

    #[test]
    fn classes() {
        assert_eq!(Scope::AllWomen.class(), ScopeClass::General);
        assert_eq!(Scope::RecentlyDelivered.class(), ScopeClass::MaternityOnly);
        assert_eq!(Scope::ChildrenUnder(3).class(), ScopeClass::OtherGroup);
        assert_eq!(Scope::Unknown.class(), ScopeClass::Unknown);
    }
}
