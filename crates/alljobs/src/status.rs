//! The law on a date (`alljobs status JURISDICTION --on DATE`): which
//! instruments of a jurisdiction were in force on that date and why, and the
//! restrictions in force then, by class and group (legislation.gov.uk's
//! "point in time" view is the model).
//!
//! The status of an instrument on a date comes from its own dates
//! (`in_force_from`, else its adoption, taken as the start: an inference) and
//! from the relations of the other instruments of the catalog that target it
//! (`supersedes`, `repeals`: superseded or repealed once that instrument is in
//! force; `revises` without a repeal: unknown). Drafts are never in force.
//! Where the dates do not settle it (a month-precise date around the day
//! asked, no date at all), the status is `unknown`, with the reason.

use crate::catalog::Catalog;
use crate::classify::classify;
use crate::list::List;
use crate::model::{Confidence, Date, DateFact, InstrumentKind, RelationKind, ScopeClass, Status};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The status of an instrument on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StatusOnDate {
    /// In force on the date.
    InForce,
    /// Not yet in force on the date.
    NotYet,
    /// Repealed by the date.
    Repealed,
    /// Replaced by a later act by the date.
    Superseded,
    /// The dates do not tell.
    Unknown,
}

impl StatusOnDate {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusOnDate::InForce => "in-force",
            StatusOnDate::NotYet => "not-yet",
            StatusOnDate::Repealed => "repealed",
            StatusOnDate::Superseded => "superseded",
            StatusOnDate::Unknown => "unknown",
        }
    }
}

/// One instrument on the date.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct InstrumentStatus {
    /// The list's id.
    pub id: String,
    /// Its status on the date.
    pub status_on_date: StatusOnDate,
    /// Why, in words, with the dates and relations used.
    pub why: String,
    /// How sure the status is: the weakest confidence of the facts it rests on
    /// (`inferred` when the start is taken from the adoption date).
    pub confidence: Confidence,
    /// The instrument's title (English when it has one).
    pub title: String,
    /// Entries transcribed, against the declared count.
    pub completeness: String,
}

/// The restrictions of the instruments with one status, by class and by group (scope).
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct RestrictionCounts {
    /// Instruments counted.
    pub instruments: Vec<String>,
    /// Entries per class (`general`, `maternity-only`, `other-group`, `unknown`).
    pub by_class: BTreeMap<String, usize>,
    /// Entries per scope (`all-women`, `pregnant-or-breastfeeding`…).
    pub by_group: BTreeMap<String, usize>,
    /// Every transcribed entry counted: list, id, text, scope, class.
    pub entries: Vec<RestrictionRow>,
}

/// One restriction.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RestrictionRow {
    /// The list's id.
    pub list: String,
    /// The entry's id.
    pub id: String,
    /// Title and condition.
    pub text: String,
    /// The scope in force.
    pub scope: String,
    /// Its class.
    pub class: ScopeClass,
}

/// The point-in-time view of one jurisdiction.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PointInTime {
    /// The jurisdiction's code.
    pub jurisdiction: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    /// Every list of the jurisdiction, with its status on the date.
    pub instruments: Vec<InstrumentStatus>,
    /// `in_force`: the restrictions of the instruments in force; `status_unknown`:
    /// those of instruments whose status on the date is unknown (they may apply).
    pub restrictions: BTreeMap<String, RestrictionCounts>,
}

fn weaker(a: Confidence, b: Confidence) -> Confidence {
    a.max(b)
}

fn fact_date(f: &Option<DateFact>) -> Option<(Date, Confidence)> {
    let f = f.as_ref()?;
    Some((f.date?, f.confidence.unwrap_or(Confidence::Unknown)))
}

/// The status of one list on `on`, among the lists of `all` (same jurisdiction).
fn status_of(list: &List, all: &[List], on: Date, depth: u8) -> (StatusOnDate, String, Confidence) {
    let m = list.meta();
    let draft = m.instrument == InstrumentKind::Draft || m.status == Status::Draft;
    // Successors: lists of the catalog whose relations target this one.
    let successors: Vec<(&List, RelationKind, Confidence)> = all
        .iter()
        .filter(|o| o.meta().id != m.id)
        .flat_map(|o| {
            o.meta().relations.iter().filter(|r| r.target == m.id).map(move |r| (o, r.kind, r.confidence)).chain(
                o.meta().base.as_ref().filter(|b| **b == m.id).map(|_| (o, RelationKind::Amends, Confidence::Verified)),
            )
        })
        .collect();
    let in_force = |o: &List| depth < 4 && status_of(o, all, on, depth + 1).0 == StatusOnDate::InForce;

    if draft {
        let introduced = fact_date(&m.dates.introduced).or_else(|| fact_date(&m.dates.adopted));
        if let Some((d, c)) = introduced
            && on.strict_cmp(&d) == Some(Ordering::Less)
        {
            return (
                StatusOnDate::NotYet,
                format!("a draft, introduced {d} ({c}); not yet introduced on this date"),
                c,
            );
        }
        for (o, kind, c) in &successors {
            if (*kind == RelationKind::BasedOn || *kind == RelationKind::Supersedes)
                && let Some(start) = o.meta().dates.adopted.as_ref().and_then(|d| d.date)
                && on.strict_cmp(&start) != Some(Ordering::Less)
            {
                return (
                    StatusOnDate::Superseded,
                    format!(
                        "a draft; {} ({kind}, {c}) was adopted {start}: the draft is no longer pending",
                        o.meta().id
                    ),
                    *c,
                );
            }
        }
        return (StatusOnDate::NotYet, "a draft: never in force as such; pending on this date".into(), m.confidence);
    }

    // Start: in_force_from, else the adoption (or signature) date, taken as the start (inferred).
    let (start, start_why, mut conf) = match fact_date(&m.dates.in_force_from) {
        Some((d, c)) => (Some(d), format!("in force from {d} ({c})"), c),
        None => match fact_date(&m.dates.adopted).or_else(|| fact_date(&m.dates.signed)) {
            Some((d, c)) => {
                let note = m
                    .dates
                    .in_force_from
                    .as_ref()
                    .and_then(|f| f.note.clone())
                    .map(|n| format!(" ({})", n.trim_end_matches('.')))
                    .unwrap_or_default();
                (
                    Some(d),
                    format!(
                        "adopted {d} ({c}); the date of entry into force is not known{note}: taken as in force from adoption (inferred)"
                    ),
                    weaker(c, Confidence::Inferred),
                )
            }
            None => (None, "no date of adoption or entry into force is recorded".to_string(), Confidence::Unknown),
        },
    };
    let Some(start) = start else { return (StatusOnDate::Unknown, start_why, Confidence::Unknown) };
    match on.strict_cmp(&start) {
        Some(Ordering::Less) => return (StatusOnDate::NotYet, start_why, conf),
        None => {
            return (
                StatusOnDate::Unknown,
                format!("{start_why}; the date is known only to the {}, which includes this day", precision(&start)),
                Confidence::Unknown,
            );
        }
        _ => {}
    }
    if let Some((end, c)) = fact_date(&m.dates.in_force_until) {
        match on.strict_cmp(&end) {
            Some(Ordering::Less) => {}
            Some(_) => {
                return (StatusOnDate::Repealed, format!("{start_why}; in force until {end} ({c})"), weaker(conf, c));
            }
            None => {
                return (
                    StatusOnDate::Unknown,
                    format!("{start_why}; in force until {end} ({c}), known only to the {}", precision(&end)),
                    Confidence::Unknown,
                );
            }
        }
    }
    // Relations of later instruments that are in force on the date.
    let mut revised: Vec<String> = Vec::new();
    for (o, kind, c) in &successors {
        if !in_force(o) {
            continue;
        }
        let who = format!("{} ({kind}, {c})", o.meta().id);
        match kind {
            RelationKind::Repeals => {
                return (
                    StatusOnDate::Repealed,
                    format!("{start_why}; repealed by {who}, in force on this date"),
                    weaker(conf, *c),
                );
            }
            RelationKind::Supersedes => {
                return (
                    StatusOnDate::Superseded,
                    format!("{start_why}; superseded by {who}, in force on this date"),
                    weaker(conf, *c),
                );
            }
            RelationKind::Revises => revised.push(who),
            _ => {}
        }
    }
    if !revised.is_empty() {
        let note =
            m.dates.in_force_until.as_ref().and_then(|f| f.note.clone()).map(|n| format!(" ({n})")).unwrap_or_default();
        return (
            StatusOnDate::Unknown,
            format!(
                "{start_why}; revised by {}, in force on this date; whether it was formally repealed is not known{note}",
                revised.join(", ")
            ),
            Confidence::Unknown,
        );
    }
    let later: Vec<String> = successors
        .iter()
        .filter(|(_, k, _)| matches!(k, RelationKind::Repeals | RelationKind::Supersedes))
        .map(|(o, k, c)| format!("{} ({k}, {c})", o.meta().id))
        .collect();
    match m.status {
        Status::Repealed | Status::Superseded if !later.is_empty() => {
            (StatusOnDate::InForce, format!("{start_why}; {} not yet in force on this date", later.join(", ")), conf)
        }
        Status::Repealed | Status::Superseded => (
            StatusOnDate::Unknown,
            format!("{start_why}; marked {} but the end date is not recorded", m.status),
            Confidence::Unknown,
        ),
        Status::Unknown => {
            conf = weaker(conf, Confidence::Inferred);
            (
                StatusOnDate::InForce,
                format!(
                    "{start_why}; no repeal or supersession recorded by this date (the list's current status is unknown)"
                ),
                conf,
            )
        }
        _ => (StatusOnDate::InForce, format!("{start_why}; status {}", m.status), conf),
    }
}

fn precision(d: &Date) -> &'static str {
    if d.month.is_none() { "year" } else { "month" }
}

/// The status of every list of `lists` on `on` (the lists of one jurisdiction).
pub fn statuses(lists: &[List], on: Date) -> Vec<InstrumentStatus> {
    statuses_in(lists, on, crate::model::language_order("en"))
}

/// [`statuses`] with the lists' titles in the language preference `prefs`.
pub fn statuses_in(lists: &[List], on: Date, prefs: &[&str]) -> Vec<InstrumentStatus> {
    lists
        .iter()
        .map(|l| {
            let (status_on_date, why, confidence) = status_of(l, lists, on, 0);
            InstrumentStatus {
                id: l.meta().id.clone(),
                status_on_date,
                why,
                confidence,
                title: crate::model::pick_text(&l.meta().title, prefs).unwrap_or("").to_string(),
                completeness: l.completeness().to_string(),
            }
        })
        .collect()
}

fn counts(lists: &[&List], prefs: &[&str]) -> RestrictionCounts {
    let mut r = RestrictionCounts::default();
    for class in ScopeClass::ALL {
        r.by_class.insert(class.as_str().to_string(), 0);
    }
    for l in lists {
        r.instruments.push(l.meta().id.clone());
        let c = classify(l);
        for (e, k) in l.entries().iter().zip(&c.entries) {
            *r.by_class.entry(k.class.as_str().to_string()).or_default() += 1;
            *r.by_group.entry(k.scope.to_string()).or_default() += 1;
            r.entries.push(RestrictionRow {
                list: l.meta().id.clone(),
                id: e.id.clone(),
                text: e.full_text(prefs),
                scope: k.scope.to_string(),
                class: k.class,
            });
        }
    }
    r
}

/// The point-in-time view of `jurisdiction` in `catalog` on `on`.
pub fn point_in_time(catalog: &Catalog, jurisdiction: &str, on: Date) -> Result<PointInTime, crate::LoadError> {
    point_in_time_in(catalog, jurisdiction, on, None)
}

/// [`point_in_time`] with the lists' titles and the entries' texts in the
/// language preference `prefs` (`None`: titles English first, texts Russian
/// first, as [`point_in_time`]).
pub fn point_in_time_in(
    catalog: &Catalog,
    jurisdiction: &str,
    on: Date,
    prefs: Option<&[&str]>,
) -> Result<PointInTime, crate::LoadError> {
    let lists: Vec<List> = catalog.jurisdiction(jurisdiction).into_iter().collect::<Result<_, _>>()?;
    Ok(point_in_time_of_in(&lists, jurisdiction, on, prefs))
}

/// The point-in-time view of the lists of one jurisdiction.
pub fn point_in_time_of(lists: &[List], jurisdiction: &str, on: Date) -> PointInTime {
    point_in_time_of_in(lists, jurisdiction, on, None)
}

fn point_in_time_of_in(lists: &[List], jurisdiction: &str, on: Date, prefs: Option<&[&str]>) -> PointInTime {
    let titles = prefs.unwrap_or(crate::model::language_order("en"));
    let texts = prefs.unwrap_or(crate::model::language_order("ru"));
    let instruments = statuses_in(lists, on, titles);
    let pick = |s: StatusOnDate| -> Vec<&List> {
        lists.iter().zip(&instruments).filter(|(_, i)| i.status_on_date == s).map(|(l, _)| l).collect()
    };
    let mut restrictions = BTreeMap::new();
    restrictions.insert("in_force".to_string(), counts(&pick(StatusOnDate::InForce), texts));
    restrictions.insert("status_unknown".to_string(), counts(&pick(StatusOnDate::Unknown), texts));
    PointInTime { jurisdiction: jurisdiction.to_uppercase(), on: on.to_string(), instruments, restrictions }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kg(on: &str) -> PointInTime {
        point_in_time(&Catalog::embedded(), "kg", on.parse().unwrap()).unwrap()
    }

    fn status(p: &PointInTime, id: &str) -> StatusOnDate {
        p.instruments.iter().find(|i| i.id == id).unwrap().status_on_date
    }

    #[test]
    fn kyrgyzstan_through_time() {
        let p = kg("1999-01-01");
        assert_eq!(status(&p, "kg-2000-res-158"), StatusOnDate::NotYet);
        let p = kg("2010-06-01");
        assert_eq!(status(&p, "kg-2000-res-158"), StatusOnDate::InForce);
        assert_eq!(p.instruments[0].confidence, Confidence::Inferred, "start taken from adoption");
        assert_eq!(status(&p, "kg-2024-draft-labour-code"), StatusOnDate::NotYet);
        assert_eq!(status(&p, "kg-2025-labour-code-23"), StatusOnDate::NotYet);
        assert_eq!(p.restrictions["in_force"].by_class["general"], 18);
        // Signed 25 Jan, in force 28 Jan 2025 (reported).
        let p = kg("2025-01-26");
        assert_eq!(status(&p, "kg-2025-labour-code-23"), StatusOnDate::NotYet);
        assert_eq!(status(&p, "kg-2024-draft-labour-code"), StatusOnDate::Superseded);
        let p = kg("2025-06-01");
        assert_eq!(status(&p, "kg-2025-labour-code-23"), StatusOnDate::InForce);
        let r158 = p.instruments.iter().find(|i| i.id == "kg-2000-res-158").unwrap();
        assert_eq!(r158.status_on_date, StatusOnDate::Unknown, "revised, repeal not known");
        assert!(r158.why.contains("whether it was formally repealed is not known"), "{}", r158.why);
        assert_eq!(p.restrictions["status_unknown"].by_class["general"], 18);
        assert_eq!(p.restrictions["in_force"].by_class["maternity-only"], 2);
        // The load-limit resolution is known to the month: unknown inside December 2025, in force after.
        assert_eq!(status(&kg("2025-12-20"), "kg-2025-cabinet-load-limits"), StatusOnDate::Unknown);
        let p = kg("2026-03-01");
        assert_eq!(status(&p, "kg-2025-cabinet-load-limits"), StatusOnDate::InForce);
        assert_eq!(p.restrictions["in_force"].by_class["general"], 1);
    }

    #[test]
    fn supersession_in_russia() {
        let p = point_in_time(&Catalog::embedded(), "ru", "2022-01-01".parse().unwrap()).unwrap();
        assert_eq!(status(&p, "ru-2000-res-162"), StatusOnDate::Superseded);
        assert_eq!(status(&p, "ru-2019-order-512n"), StatusOnDate::InForce);
        let p = point_in_time(&Catalog::embedded(), "ru", "2020-01-01".parse().unwrap()).unwrap();
        assert_eq!(status(&p, "ru-2000-res-162"), StatusOnDate::InForce);
        assert_eq!(status(&p, "ru-2019-order-512n"), StatusOnDate::NotYet);
    }
}
