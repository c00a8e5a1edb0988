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
    AllWomen,
    Pregnant,
    Breastfeeding,
    PregnantOrBreastfeeding,
    RecentlyDelivered,
    Maternity,
    ChildrenUnder(u8),
    AgeBand { min: Option<u8>, max: Option<u8> },
    ChildbearingAge,
    Other,
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
    Same,
    /// The new scope is a strict subset of the old one (e.g. all women → pregnant).
    Narrowed,
    /// The new scope is a strict superset of the old one.
    Widened,
    /// Changed, neither narrower nor wider (or one side unknown).
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

    /// Whether every woman in `other` is also in `self`.
    pub fn contains(&self, other: &Scope) -> bool {
        use Scope::*;
        if self == other {
            return !matches!(self, Unknown | Other);
        }
        match (self, other) {
            (Unknown, _) | (_, Unknown) | (Other, _) | (_, Other) => false,
            (AllWomen, _) => true,
            (Maternity, Pregnant | Breastfeeding | PregnantOrBreastfeeding | RecentlyDelivered) => true,
            (PregnantOrBreastfeeding, Pregnant | Breastfeeding) => true,
            (ChildrenUnder(a), ChildrenUnder(b)) => b <= a,
            (AgeBand { min: a0, max: a1 }, AgeBand { min: b0, max: b1 }) => {
                let lo = a0.unwrap_or(0) <= b0.unwrap_or(0);
                let hi = a1.unwrap_or(u8::MAX) >= b1.unwrap_or(u8::MAX);
                lo && hi
            }
            _ => false,
        }
    }

    /// How the scope changed from `self` (old) to `new`.
    pub fn relation_to(&self, new: &Scope) -> ScopeRelation {
        if self == new {
            ScopeRelation::Same
        } else if self.contains(new) {
            ScopeRelation::Narrowed
        } else if new.contains(self) {
            ScopeRelation::Widened
        } else {
            ScopeRelation::Changed
        }
    }
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
        for s in [
            "all-women",
            "pregnant",
            "breastfeeding",
            "pregnant-or-breastfeeding",
            "recently-delivered",
            "maternity",
            "children-under-3",
            "age-18-35",
            "age-under-35",
            "age-from-45",
            "childbearing-age",
            "other",
            "unknown",
        ] {
            assert_eq!(s.parse::<Scope>().unwrap().to_string(), s);
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

    #[test]
    fn classes() {
        assert_eq!(Scope::AllWomen.class(), ScopeClass::General);
        assert_eq!(Scope::RecentlyDelivered.class(), ScopeClass::MaternityOnly);
        assert_eq!(Scope::ChildrenUnder(3).class(), ScopeClass::OtherGroup);
        assert_eq!(Scope::Unknown.class(), ScopeClass::Unknown);
    }
}
