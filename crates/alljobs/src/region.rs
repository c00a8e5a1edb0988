//! The region at a glance (`alljobs region`): one row per jurisdiction with
//! its instruments, their periods in force, who they restrict, the World
//! Bank's WBL answers beside them and the CEDAW Committee's latest
//! recommendation; and the cross-check of the lists against the WBL coding
//! (`alljobs region --check-wbl`).
//!
//! The jurisdictions, the CEDAW recommendations and the explanations the
//! sources give for WBL codings live in `data/region/region.toml` (data, with
//! sources and confidence), not in this code.
//!
//! **Periods.** An instrument is in force from `in_force_from`, else from the
//! first known of adopted, signed, registered, published (said so in
//! `from_basis`). It ends at `in_force_until`; without a date, when a later
//! list that supersedes, revises or repeals it takes effect; without that,
//! it is open when its status is in force, else its end is unknown and is
//! taken as the start of the next list of the jurisdiction (an assumption,
//! flagged `end_known = false`). Drafts are never in force.

use crate::catalog::Catalog;
use crate::classify::{ClassCounts, classify};
use crate::list::List;
use crate::load::LoadError;
use crate::model::{Confidence, Date, RelationKind, ScopeClass, Status};
use crate::rules::{FlagOptions, RuleSet, flag};
pub use crate::wbl::{Answer, WblRow};
use crate::wbl::{WblData, law_year};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// `data/region/region.toml`, embedded.
pub const REGION_TOML: &str = include_str!("../../../data/region/region.toml");

/// The rule whose prediction `--check-wbl` tests.
pub const WBL_RULE: &str = "WBL-INDICATOR-SIGNAL";

/// What `data/region/region.toml` holds.
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegionData {
    /// The jurisdictions of the table, in order.
    pub jurisdictions: Vec<JurisdictionInfo>,
    /// The CEDAW Committee's latest recommendations on the lists.
    #[serde(default)]
    pub cedaw: Vec<Recommendation>,
    /// Explanations the sources give for WBL codings.
    #[serde(default)]
    pub wbl_notes: Vec<WblNote>,
    /// The sources cited.
    #[serde(default)]
    pub sources: Vec<RegionSource>,
}

/// A jurisdiction of the table.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionInfo {
    /// The list files' code (`KG`, `SU`).
    pub code: String,
    /// The jurisdiction's name.
    pub name: String,
    /// The WBL economy (ISO alpha-3), when the World Bank codes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wbl: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The CEDAW Committee's latest recommendation on a jurisdiction's list.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// The list files' code of the jurisdiction.
    pub jurisdiction: String,
    /// The document's symbol (`CEDAW/C/KAZ/CO/5`) or name.
    pub document: String,
    /// The date of the document.
    pub date: Date,
    /// What it recommends, in the sources' words.
    pub text: String,
    /// How sure the reading is.
    pub confidence: Confidence,
    /// Ids of the region data's sources.
    pub sources: Vec<String>,
    /// What became of it, as far as the sources say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// An explanation the sources give for a WBL coding from a report year on.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WblNote {
    /// The list files' code of the jurisdiction.
    pub jurisdiction: String,
    /// The first WBL report year it explains.
    pub from_report_year: u16,
    /// The explanation.
    pub text: String,
    /// How sure it is.
    pub confidence: Confidence,
    /// Ids of the region data's sources.
    pub sources: Vec<String>,
}

/// A source cited by the region data.
#[derive(Deserialize, Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSource {
    /// Short id cited by the data.
    pub id: String,
    /// The source's title.
    pub title: String,
    /// Where the source can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Why the region data could not be read.
#[derive(Debug, thiserror::Error)]
#[error("data/region/region.toml: {0}")]
pub struct RegionDataError(String);

impl RegionData {
    /// Parses a region data file.
    pub fn parse(text: &str) -> Result<RegionData, RegionDataError> {
        let d: RegionData = toml::from_str(text).map_err(|e| RegionDataError(e.to_string()))?;
        for id in d.cedaw.iter().flat_map(|c| &c.sources).chain(d.wbl_notes.iter().flat_map(|n| &n.sources)) {
            if !d.sources.iter().any(|s| &s.id == id) {
                return Err(RegionDataError(format!("unknown source `{id}`")));
            }
        }
        Ok(d)
    }

    /// The shipped data (parsed once; a test keeps it valid).
    pub fn shipped() -> &'static RegionData {
        static DATA: OnceLock<RegionData> = OnceLock::new();
        DATA.get_or_init(|| {
            RegionData::parse(REGION_TOML).unwrap_or(RegionData {
                jurisdictions: Vec::new(),
                cedaw: Vec::new(),
                wbl_notes: Vec::new(),
                sources: Vec::new(),
            })
        })
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&RegionSource> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// How an instrument's period ends.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum End {
    /// `in_force_until` gives the date.
    Dated {
        /// The last day in force.
        date: Date,
    },
    /// A later list that supersedes, revises or repeals it took effect.
    Successor {
        /// The date the successor took effect.
        date: Date,
        /// The successor's id.
        by: String,
    },
    /// In force, no end.
    Open,
    /// Not known; for comparisons taken as the start of the next list of the
    /// jurisdiction (`next`), or open when there is none.
    Unknown {
        /// The next list of the jurisdiction (id, start), when there is one.
        next: Option<(String, Date)>,
    },
    /// A draft: never in force.
    NeverInForce,
}

/// An instrument's period in force.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
pub struct Period {
    /// The date the period starts, when known.
    pub from: Option<Date>,
    /// `in force from`, `adopted`, `registered`… (what `from` is).
    pub from_basis: Option<&'static str>,
    /// How it ends.
    pub end: End,
}

impl Period {
    /// The end date used for comparisons and the timeline (`None`: open).
    pub fn end_date(&self) -> Option<Date> {
        match &self.end {
            End::Dated { date } | End::Successor { date, .. } => Some(*date),
            End::Unknown { next: Some((_, d)) } => Some(*d),
            _ => None,
        }
    }

    /// False when the end is not known (taken from the next list, or open).
    pub fn end_known(&self) -> bool {
        !matches!(self.end, End::Unknown { .. })
    }

    /// The law years (calendar years) in force, each with whether the
    /// instrument was in force for only part of it (or the dates are too
    /// coarse to tell), up to `last_year`.
    pub fn years(&self, last_year: u16) -> Vec<(u16, bool)> {
        let (Some(from), false) = (self.from, matches!(self.end, End::NeverInForce)) else { return Vec::new() };
        let starts_jan1 = from.month == Some(1) && from.day == Some(1);
        let (last, end_partial) = match self.end_date() {
            Some(e) if e.month == Some(1) && e.day == Some(1) => (e.year.saturating_sub(1), false),
            Some(e) => (e.year, true),
            None => (last_year, false),
        };
        (from.year..=last.min(last_year))
            .map(|y| (y, (y == from.year && !starts_jan1) || (y == last && end_partial)))
            .collect()
    }

    /// "2000-03-24 (adopted) – 2025-01-28 (kg-2025-labour-code-23 took effect)".
    pub fn text(&self) -> String {
        let from = match (self.from, self.from_basis) {
            (Some(d), Some("in force from")) => d.to_string(),
            (Some(d), Some(b)) => format!("{d} ({b})"),
            _ => "start unknown".into(),
        };
        let end = match &self.end {
            End::Dated { date } => date.to_string(),
            End::Successor { date, by } => format!("{date} ({by} took effect)"),
            End::Open => "in force".into(),
            End::Unknown { next: Some((id, d)) } => format!("end unknown (next list {id}: {d})"),
            End::Unknown { next: None } => "end unknown".into(),
            End::NeverInForce => return "never in force (draft)".into(),
        };
        format!("{from} – {end}")
    }
}

/// One instrument of a jurisdiction's row.
#[derive(Debug, Clone)]
pub struct Instrument {
    /// The list.
    pub list: List,
    /// Its period in force.
    pub period: Period,
    /// Entries per class; for a list with no entry, its default scope counted once.
    pub classes: ClassCounts,
    /// The class of the restrictions: the most common class of the entries,
    /// or of the default scope when no entry is transcribed.
    pub class: ScopeClass,
}

impl Instrument {
    /// True for drafts.
    pub fn is_draft(&self) -> bool {
        matches!(self.period.end, End::NeverInForce)
    }
}

/// One jurisdiction's row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The jurisdiction.
    pub info: JurisdictionInfo,
    /// In date order.
    pub instruments: Vec<Instrument>,
    /// The WBL answers: first year, years they changed, latest year.
    pub wbl: Vec<WblRow>,
    /// The CEDAW Committee's recommendations on it.
    pub cedaw: Vec<Recommendation>,
}

impl Row {
    /// The latest dated event: (date, list id, what happened).
    pub fn last_change(&self) -> Option<(Date, String, &'static str)> {
        let mut best: Option<(Date, String, &'static str)> = None;
        for i in &self.instruments {
            let d = &i.list.meta().dates;
            let mut events: Vec<(Option<Date>, &'static str)> = vec![
                (d.introduced.as_ref().and_then(|x| x.date), "introduced"),
                (d.adopted.as_ref().and_then(|x| x.date), "adopted"),
                (d.registered.as_ref().and_then(|x| x.date), "registered"),
                (d.in_force_from.as_ref().and_then(|x| x.date), "in force"),
                (d.in_force_until.as_ref().and_then(|x| x.date), "ended"),
            ];
            events.retain(|e| e.0.is_some());
            for (date, what) in events {
                let date = date.unwrap_or(Date { year: 0, month: None, day: None });
                if best.as_ref().is_none_or(|b| date.sort_key() > b.0.sort_key()) {
                    best = Some((date, i.list.meta().id.clone(), what));
                }
            }
        }
        best
    }

    /// The instruments in force now (status in force or adopted), by class.
    pub fn current(&self) -> Vec<&Instrument> {
        self.instruments.iter().filter(|i| matches!(i.list.meta().status, Status::InForce | Status::Adopted)).collect()
    }
}

/// The whole table.
#[derive(Debug, Clone)]
pub struct Region {
    /// One row per jurisdiction, in the data's order.
    pub rows: Vec<Row>,
}

/// Builds the table from a catalog, the shipped WBL extract and the region data.
pub fn build(catalog: &Catalog) -> Result<Region, LoadError> {
    let data = RegionData::shipped();
    let wbl = WblData::shipped();
    let mut infos: Vec<JurisdictionInfo> = data.jurisdictions.clone();
    // Jurisdictions with lists but not in the data file (a user's own lists) get a row too.
    let mut extra: Vec<String> = catalog
        .files()
        .iter()
        .map(|f| f.file.list.jurisdiction.clone())
        .filter(|c| !infos.iter().any(|i| i.code.eq_ignore_ascii_case(c)))
        .collect();
    extra.sort();
    extra.dedup();
    infos.extend(extra.into_iter().map(|code| JurisdictionInfo { name: code.clone(), code, wbl: None, note: None }));

    let mut rows = Vec::new();
    for info in infos {
        let mut lists = Vec::new();
        for r in catalog.jurisdiction(&info.code) {
            lists.push(r?);
        }
        let instruments = instruments(&lists);
        let wbl_rows = info.wbl.as_deref().map(|e| wbl.changes(e).into_iter().cloned().collect()).unwrap_or_default();
        let cedaw = data.cedaw.iter().filter(|c| c.jurisdiction.eq_ignore_ascii_case(&info.code)).cloned().collect();
        rows.push(Row { info, instruments, wbl: wbl_rows, cedaw });
    }
    Ok(Region { rows })
}

/// The instruments of one jurisdiction (lists in date order) with their periods.
pub fn instruments(lists: &[List]) -> Vec<Instrument> {
    let starts: Vec<(Option<Date>, Option<&'static str>)> = lists.iter().map(start).collect();
    let is_draft =
        |l: &List| l.meta().status == Status::Draft || l.meta().instrument == crate::model::InstrumentKind::Draft;
    lists
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (from, from_basis) = starts[i];
            let m = l.meta();
            let end = if is_draft(l) {
                End::NeverInForce
            } else if let Some(date) = m.dates.in_force_until.as_ref().and_then(|d| d.date) {
                End::Dated { date }
            } else if let Some((by, date)) = lists
                .iter()
                .zip(&starts)
                .filter(|(o, _)| !is_draft(o))
                .filter(|(o, _)| {
                    o.meta().relations.iter().any(|r| {
                        matches!(r.kind, RelationKind::Supersedes | RelationKind::Revises | RelationKind::Repeals)
                            && r.target == m.id
                    })
                })
                .filter_map(|(o, s)| s.0.map(|d| (o.meta().id.clone(), d)))
                .min_by_key(|(_, d)| d.sort_key())
            {
                End::Successor { date, by }
            } else if m.status == Status::InForce {
                End::Open
            } else {
                let next = from.and_then(|f| {
                    lists
                        .iter()
                        .zip(&starts)
                        .filter(|(o, _)| !is_draft(o) && o.meta().id != m.id)
                        .filter_map(|(o, s)| s.0.map(|d| (o.meta().id.clone(), d)))
                        .filter(|(_, d)| d.sort_key() > f.sort_key() && d.year > f.year)
                        .min_by_key(|(_, d)| d.sort_key())
                });
                End::Unknown { next }
            };
            let c = classify(l);
            let mut classes = c.counts;
            if l.entries().is_empty() {
                classes.add(m.default_scope.class());
            }
            let class = ScopeClass::ALL
                .into_iter()
                .max_by_key(|k| (classes.get(*k), std::cmp::Reverse(*k as u8)))
                .unwrap_or(ScopeClass::Unknown);
            Instrument { list: l.clone(), period: Period { from, from_basis, end }, classes, class }
        })
        .collect()
}

fn start(l: &List) -> (Option<Date>, Option<&'static str>) {
    let d = &l.meta().dates;
    [
        (&d.in_force_from, "in force from"),
        (&d.adopted, "adopted"),
        (&d.signed, "signed"),
        (&d.registered, "registered"),
        (&d.published, "published"),
        (&d.introduced, "introduced"),
    ]
    .into_iter()
    .find_map(|(f, basis)| f.as_ref().and_then(|f| f.date).map(|date| (Some(date), Some(basis))))
    .unwrap_or((None, None))
}

// ------------------------------------------------------------ --check-wbl

/// What the WBL answer is compared with.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A general ban in force and WBL "No" on dangerous jobs and industries.
    Agree,
    /// A general ban in force but WBL "Yes" on one of them.
    Disagree,
}

/// One report year of one list's comparison.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
pub struct YearCheck {
    /// The WBL report year.
    pub report_year: u16,
    /// The calendar year whose law the report year codes.
    pub law_year: u16,
    /// Whether the list and WBL agree.
    pub outcome: Outcome,
    /// WBL's answer to "Can women work in jobs deemed dangerous in the same way as men?".
    pub dangerous_jobs_same: Answer,
    /// WBL's answer to "Are women able to work in the same industries as men?".
    pub industries_same: Answer,
    /// The list was in force for only part of the law year (or its dates are
    /// too coarse to tell): a disagreement may be a matter of the WBL's
    /// measurement date, which our sources do not give.
    pub partial_year: bool,
    /// The end of the list's period is not known (taken from the next list, or open).
    pub end_assumed: bool,
}

/// One list's comparison.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
pub struct ListCheck {
    /// The list files' code of the jurisdiction.
    pub jurisdiction: String,
    /// The list's id.
    pub list: String,
    /// Its period in force, in words.
    pub period: String,
    /// Whether the rule predicts "No" (a general ban), and on what basis.
    pub predicts_no: bool,
    /// Why the rule predicts what it does.
    pub basis: String,
    /// One row per report year compared.
    pub years: Vec<YearCheck>,
    /// Why nothing was compared, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_compared: Option<String>,
    /// Explanations the sources give for the WBL coding of these years.
    pub explanations: Vec<WblNote>,
}

impl ListCheck {
    /// Report years that agree.
    pub fn agreements(&self) -> impl Iterator<Item = &YearCheck> {
        self.years.iter().filter(|y| y.outcome == Outcome::Agree)
    }
    /// Report years that disagree.
    pub fn disagreements(&self) -> impl Iterator<Item = &YearCheck> {
        self.years.iter().filter(|y| y.outcome == Outcome::Disagree)
    }
}

/// Years after a jurisdiction's last general list ended in which WBL still
/// codes "No": not explained by any shipped list.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
pub struct AfterCheck {
    /// The list files' code of the jurisdiction.
    pub jurisdiction: String,
    /// The list that ended last.
    pub last_list: String,
    /// The report years that code "No" with no list to explain them.
    pub report_years: Vec<u16>,
    /// Explanations the sources give for those years.
    pub explanations: Vec<WblNote>,
}

/// The whole cross-check.
#[derive(Serialize, Debug, Clone, PartialEq, schemars::JsonSchema)]
pub struct WblCheck {
    /// How report years map to law years, in words.
    pub offset: String,
    /// One comparison per list.
    pub lists: Vec<ListCheck>,
    /// Years after a jurisdiction's last list still coded "No".
    pub after: Vec<AfterCheck>,
}

impl WblCheck {
    /// The number of disagreeing report years (lists and after-years).
    pub fn disagreement_count(&self) -> usize {
        self.lists.iter().map(|l| l.disagreements().count()).sum::<usize>()
            + self.after.iter().map(|a| a.report_years.len()).sum::<usize>()
    }
}

/// The offset used, in words.
pub const OFFSET_TEXT: &str = "A WBL report year codes the law of the calendar year before it (the panel file: \"Data for 1970-2019\" for report years 1971–2020): a list in force at any time in year Y is compared with report year Y+1; years it was in force for only part of are marked.";

/// Compares every dated, non-draft list of the WBL economies with the WBL coding.
pub fn check_wbl(region: &Region, opts: &FlagOptions) -> WblCheck {
    let wbl = WblData::shipped();
    let data = RegionData::shipped();
    let rules = RuleSet::builtin();
    let mut lists = Vec::new();
    let mut after = Vec::new();
    for row in &region.rows {
        let Some(eco) = row.info.wbl.as_deref() else { continue };
        let rows = wbl.economy(eco);
        let Some(last_report) = rows.last().map(|r| r.report_year) else { continue };
        let notes = |years: &[u16]| -> Vec<WblNote> {
            data.wbl_notes
                .iter()
                .filter(|n| n.jurisdiction.eq_ignore_ascii_case(&row.info.code))
                .filter(|n| years.iter().any(|y| *y >= n.from_report_year))
                .cloned()
                .collect()
        };
        let mut general_years: Vec<u16> = Vec::new();
        let mut last_general: Option<(Date, String)> = None;
        for inst in &row.instruments {
            let l = &inst.list;
            let (predicts_no, basis) = prediction(inst, &rules, opts);
            let mut check = ListCheck {
                jurisdiction: row.info.code.clone(),
                list: l.meta().id.clone(),
                period: inst.period.text(),
                predicts_no,
                basis,
                years: Vec::new(),
                not_compared: None,
                explanations: Vec::new(),
            };
            let years = inst.period.years(law_year(last_report));
            if inst.is_draft() {
                check.not_compared = Some("a draft: never in force".into());
            } else if inst.period.from.is_none() {
                check.not_compared = Some("no date: the period in force is not known".into());
            } else if years.is_empty() {
                check.not_compared =
                    Some(format!("in force after the last WBL report year in the data ({last_report})"));
            } else if !predicts_no {
                // No prediction; say what WBL coded in those years, for the reader to weigh.
                let mut seen: Vec<(Answer, Answer, Vec<u16>)> = Vec::new();
                for (y, _) in &years {
                    if let Some(w) = wbl.get(eco, y + 1) {
                        match seen.iter_mut().find(|s| (s.0, s.1) == (w.dangerous_jobs_same, w.industries_same)) {
                            Some(s) => s.2.push(y + 1),
                            None => seen.push((w.dangerous_jobs_same, w.industries_same, vec![y + 1])),
                        }
                    }
                }
                let coded: Vec<String> = seen
                    .iter()
                    .map(|(d, i, ys)| format!("report years {}: dangerous jobs {d}, industries {i}", year_ranges(ys)))
                    .collect();
                check.not_compared = Some(format!(
                    "the rule predicts nothing for this list (not a general ban); WBL coded {}",
                    if coded.is_empty() { "nothing for these years".into() } else { coded.join("; ") }
                ));
            }
            if check.not_compared.is_none() {
                for (y, partial) in years {
                    let Some(w) = wbl.get(eco, y + 1) else { continue };
                    let outcome = if w.dangerous_jobs_same == Answer::No && w.industries_same == Answer::No {
                        Outcome::Agree
                    } else {
                        Outcome::Disagree
                    };
                    general_years.push(y + 1);
                    check.years.push(YearCheck {
                        report_year: y + 1,
                        law_year: y,
                        outcome,
                        dangerous_jobs_same: w.dangerous_jobs_same,
                        industries_same: w.industries_same,
                        partial_year: partial,
                        end_assumed: !inst.period.end_known(),
                    });
                }
                let ys: Vec<u16> = check.years.iter().map(|y| y.report_year).collect();
                check.explanations = notes(&ys);
                if let Some(end) = inst.period.end_date()
                    && last_general.as_ref().is_none_or(|(d, _)| end.sort_key() > d.sort_key())
                {
                    last_general = Some((end, l.meta().id.clone()));
                }
            }
            lists.push(check);
        }
        // After the last general list ended: WBL "No" is not explained by a shipped list.
        if let Some((end, id)) = last_general {
            let years: Vec<u16> = rows
                .iter()
                .filter(|r| law_year(r.report_year) > end.year && !general_years.contains(&r.report_year))
                .filter(|r| r.dangerous_jobs_same == Answer::No || r.industries_same == Answer::No)
                .map(|r| r.report_year)
                .collect();
            if !years.is_empty() {
                let explanations = notes(&years);
                after.push(AfterCheck {
                    jurisdiction: row.info.code.clone(),
                    last_list: id,
                    report_years: years,
                    explanations,
                });
            }
        }
    }
    WblCheck { offset: OFFSET_TEXT.into(), lists, after }
}

/// Years as ranges: "2001–2003, 2005".
pub fn year_ranges(years: &[u16]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        out.push(if i == j { years[i].to_string() } else { format!("{}–{}", years[i], years[j]) });
        i = j + 1;
    }
    if out.is_empty() { "none".into() } else { out.join(", ") }
}

/// Whether WBL-INDICATOR-SIGNAL predicts "No" for a list, and why.
fn prediction(inst: &Instrument, rules: &RuleSet, opts: &FlagOptions) -> (bool, String) {
    let l = &inst.list;
    if l.entries().is_empty() {
        let scope = &l.meta().default_scope;
        let general = scope.class() == ScopeClass::General;
        return (
            general,
            format!(
                "no entry transcribed: read from default_scope = {scope} ({}){}",
                scope.class(),
                if general { "" } else { "; the rule fires only on general, age-proxy, sector or night-work bans" }
            ),
        );
    }
    let report = flag(l, rules, opts);
    let fired = report.findings.iter().filter(|f| f.rule == WBL_RULE).count();
    (fired > 0, format!("{WBL_RULE} fired on {fired} of {} transcribed entries", l.entries().len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_region_data_is_valid_and_names_wbl_economies() {
        let d = RegionData::parse(REGION_TOML).unwrap();
        let wbl = WblData::shipped();
        for j in &d.jurisdictions {
            assert!(crate::jurisdiction::is_valid(&j.code), "{}", j.code);
            if let Some(e) = &j.wbl {
                assert_eq!(wbl.economy(e).len(), 50, "{e}");
            }
        }
        let with_wbl = d.jurisdictions.iter().filter(|j| j.wbl.is_some()).count();
        assert_eq!(with_wbl, wbl.economies().len(), "every WBL economy has a row");
        assert!(RegionData::parse("jurisdictions = []\n[[cedaw]]\njurisdiction = \"KG\"\ndocument = \"x\"\ndate = \"2020\"\ntext = \"t\"\nconfidence = \"reported\"\nsources = [\"S404\"]\n").is_err());
    }

    fn period(from: &str, end: End) -> Period {
        Period { from: Some(from.parse().unwrap()), from_basis: Some("adopted"), end }
    }

    /// A constructed metadata-only list (synthetic) with an id, a status and dates.
    fn meta_list(id: &str, status: Status, dates: &str, relations: &str) -> List {
        let extra = format!("dates = {{ {dates} }}\ntranscription = {{ status = \"none\" }}\n{relations}");
        let mut l = crate::test_support::constructed_list("XA", &extra, "all-women", "");
        l.meta_mut().id = id.into();
        l.meta_mut().status = status;
        l
    }

    #[test]
    fn periods_end_at_the_date_the_successor_open_or_unknown() {
        let lists = vec![
            meta_list("xa-a", Status::Superseded, "adopted = { date = \"2000-03-24\" }", ""),
            meta_list(
                "xa-b",
                Status::Superseded,
                "in_force_from = { date = \"2005-01-01\" }",
                "relations = [{ kind = \"supersedes\", target = \"xa-a\", confidence = \"reported\" }]",
            ),
            meta_list("xa-c", Status::Unknown, "adopted = { date = \"2010-06\" }", ""),
            meta_list("xa-d", Status::InForce, "adopted = { date = \"2012\" }", ""),
            meta_list("xa-e", Status::Draft, "introduced = { date = \"2013\" }", ""),
        ];
        let inst = instruments(&lists);
        assert_eq!(inst[0].period.end, End::Successor { date: "2005-01-01".parse().unwrap(), by: "xa-b".into() });
        assert_eq!(inst[0].period.from_basis, Some("adopted"));
        // xa-b: no end date and no successor, status not in force: unknown, drawn to the next list.
        assert_eq!(inst[1].period.end, End::Unknown { next: Some(("xa-c".into(), "2010-06".parse().unwrap())) });
        assert!(!inst[1].period.end_known());
        // xa-c: the next list (xa-d) starts later; the draft xa-e is never the next list.
        assert_eq!(inst[2].period.end, End::Unknown { next: Some(("xa-d".into(), "2012".parse().unwrap())) });
        assert_eq!(inst[3].period.end, End::Open);
        assert_eq!(inst[4].period.end, End::NeverInForce);
        assert!(inst[4].is_draft() && inst[4].period.years(2030).is_empty());
        assert_eq!(inst[0].class, ScopeClass::General, "no entry: the default scope");
    }

    #[test]
    fn years_collapse_into_ranges() {
        assert_eq!(year_ranges(&[2001, 2002, 2003, 2005, 2007, 2008]), "2001–2003, 2005, 2007–2008");
        assert_eq!(year_ranges(&[]), "none");
    }

    #[test]
    fn period_years_mark_partial_years() {
        let p = period("2000-02-25", End::Successor { date: "2021-01-01".parse().unwrap(), by: "x".into() });
        let y = p.years(2019);
        assert_eq!(y.first(), Some(&(2000, true)));
        assert_eq!(y.last(), Some(&(2019, false)));
        let y = p.years(2030);
        assert_eq!(y.last(), Some(&(2020, false)), "ends before 2021");
        let p = period("2000", End::Dated { date: "2019".parse().unwrap() });
        assert_eq!(p.years(2030).last(), Some(&(2019, true)));
        assert_eq!(p.years(2030)[0], (2000, true), "a year-only date is partial");
        assert!(period("2024-04-12", End::NeverInForce).years(2030).is_empty());
    }
}
