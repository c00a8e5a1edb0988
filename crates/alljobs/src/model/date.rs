//! Calendar dates that may be partial (`2025-12` when only the month is known).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A date written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// The month (1–12), when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// Why a date string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the input).
    #[error("`{0}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")]
    Syntax(String),
    /// A month outside 1–12 (the input, the month).
    #[error("`{0}` is not a possible date: month {1} does not exist")]
    Month(String, u8),
    /// A day the month does not have.
    #[error("`{input}` is not a possible date: {year}-{month:02} has {max} days")]
    Day {
        /// The text read.
        input: String,
        /// Its year.
        year: u16,
        /// Its month.
        month: u8,
        /// The days that month has in that year.
        max: u8,
    },
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            if leap { 29 } else { 28 }
        }
    }
}

impl Date {
    /// A full date, checked.
    pub fn ymd(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        format!("{year:04}-{month:02}-{day:02}").parse()
    }

    /// Compares two dates at the precision both have; `None` when they
    /// overlap (e.g. `2025-12` and `2025-12-23`).
    pub fn strict_cmp(&self, other: &Date) -> Option<Ordering> {
        match self.year.cmp(&other.year) {
            Ordering::Equal => {}
            o => return Some(o),
        }
        match (self.month, other.month) {
            (Some(a), Some(b)) if a != b => return Some(a.cmp(&b)),
            (Some(_), Some(_)) => {}
            _ => return None,
        }
        match (self.day, other.day) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => None,
        }
    }

    /// A total order for sorting (partial dates sort before full dates of the same period).
    pub fn sort_key(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateError::Syntax(s.to_string());
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
            return Err(bad());
        }
        let year: u16 = parts[0].parse().map_err(|_| bad())?;
        let mut date = Date { year, month: None, day: None };
        if let Some(m) = parts.get(1) {
            if !digits(m, 2) {
                return Err(bad());
            }
            let month: u8 = m.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&month) {
                return Err(DateError::Month(s.to_string(), month));
            }
            date.month = Some(month);
        }
        if let Some(d) = parts.get(2) {
            if !digits(d, 2) {
                return Err(bad());
            }
            let day: u8 = d.parse().map_err(|_| bad())?;
            let month = date.month.unwrap_or(1);
            let max = days_in_month(year, month);
            if day == 0 || day > max {
                return Err(DateError::Day { input: s.to_string(), year, month, max });
            }
            date.day = Some(day);
        }
        Ok(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s: Cow<'de, str> = Deserialize::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A date: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known. A TOML local date is accepted too."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_and_partial_dates() {
        assert_eq!("2000-03-24".parse::<Date>().unwrap().to_string(), "2000-03-24");
        assert_eq!("2025-12".parse::<Date>().unwrap().day, None);
        assert_eq!("2025".parse::<Date>().unwrap().month, None);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(matches!("2000-02-30".parse::<Date>(), Err(DateError::Day { max: 29, .. })));
        assert!(matches!("2001-02-29".parse::<Date>(), Err(DateError::Day { max: 28, .. })));
        assert!(matches!("2000-13-01".parse::<Date>(), Err(DateError::Month(_, 13))));
        assert!(matches!("24.03.2000".parse::<Date>(), Err(DateError::Syntax(_))));
        assert!("2000-00".parse::<Date>().is_err());
        assert!("2000-01-00".parse::<Date>().is_err());
    }

    #[test]
    fn strict_order_only_where_precision_allows() {
        let a: Date = "2025-12".parse().unwrap();
        let b: Date = "2025-12-23".parse().unwrap();
        let c: Date = "2026-01-01".parse().unwrap();
        assert_eq!(a.strict_cmp(&b), None);
        assert_eq!(b.strict_cmp(&c), Some(Ordering::Less));
        assert_eq!(c.strict_cmp(&a), Some(Ordering::Greater));
    }
}
