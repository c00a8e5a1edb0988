//! The advocacy report (`alljobs report OLD NEW`): a view model built from the
//! library's results (diff, classification, CEDAW/ILO findings), which the
//! renderers (`render::markdown::report`, `render::csv::report`,
//! `render::html::report`) turn into documents. The renderers see only
//! [`ReportData`]: every number in a report is computed here, from the lists.
//!
//! List texts are picked in the report's language when the list has them
//! (else Russian, Kyrgyz, English, in that order for a Kyrgyz report).

use crate::classify::{Basis, ClassCounts, Classification, classify};
use crate::comparison::Comparison;
use crate::diff::{Aspect, ChangeOp, DiffOptions};
use crate::list::{Completeness, List};
use crate::model::{Date, Evidence, InstrumentKind, Scope, ScopeClass, ScopeRelation, SourceKind, Status, pick_text};
use crate::render::messages::Lang;
use crate::rules::{Citation, CitationStatus, FlagOptions, FlagReport, RuleSet};
use serde::Serialize;
use std::collections::HashMap;

/// Everything a report shows, already computed.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// The language the list texts were picked for and the labels are printed in.
    pub lang: Lang,
    /// The date the report is dated (`YYYY-MM-DD`).
    pub date: String,
    /// The earlier version.
    pub old: ListInfo,
    /// The later version.
    pub new: ListInfo,
    /// Headline figures.
    pub figures: Figures,
    /// Entries of the later version that still restrict women as such (all
    /// women, an age band, childbearing age), with their findings.
    pub remaining_general: Vec<EntryRow>,
    /// Every change between the versions, one per entry (or per split/merge), in the diff's order.
    pub changes: Vec<ChangeRow>,
    /// Counts per section, sections of the later version first.
    pub sections: Vec<SectionRow>,
    /// Findings summarised per rule (rules that fire on either version).
    pub rules: Vec<RuleRow>,
    /// Warnings of the classification and the rules (e.g. scopes guessed).
    pub warnings: Vec<String>,
    /// What kind of comparison this is (reversed dates, cross-country,
    /// comparison language missing on one side), shown at the top.
    pub framing: Vec<crate::framing::Framing>,
    /// Entries of the earlier version covered by a general clause of the later
    /// one (`covers`), grouped by clause, with the basis and confidence.
    pub coverage: Vec<crate::coverage::CoverageGroup>,
    /// Other instruments of the later version's jurisdiction in force (or whose
    /// status is unknown) on the report's date, beside the two compared.
    pub also_in_force: Vec<AlsoInForce>,
    /// The CEDAW / ILO sources (S…) that the rules shown cite, in id order.
    pub bibliography: Vec<crate::rules::RuleSource>,
}

/// An instrument in force beside the later version on the report's date.
#[derive(Debug, Clone, Serialize)]
pub struct AlsoInForce {
    /// The list's id.
    pub id: String,
    /// Title in the report's language when the list has it.
    pub title: String,
    /// `in-force`, or `unknown` when its status on the date is not known.
    pub status_on_date: crate::status::StatusOnDate,
    /// Why (dates and relations).
    pub why: String,
    /// How sure the status on the date is.
    pub confidence: crate::model::Confidence,
    /// Classes of its transcribed entries.
    pub classes: ClassCounts,
    /// How complete its transcription is.
    pub completeness: Completeness,
}

/// One list version, as the report describes it.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    /// The list's id.
    pub id: String,
    /// Title in the report's language when the list has it.
    pub title: String,
    /// ISO 3166-1 alpha-2 code of the state.
    pub jurisdiction: String,
    /// What kind of act it is.
    pub instrument: InstrumentKind,
    /// The act's number, as printed.
    pub number: Option<String>,
    /// The date that places the instrument in time (adopted, else signed…), as written.
    pub date: Option<String>,
    /// Where the act stands.
    pub status: Status,
    /// How many entries are transcribed against how many the act declares.
    pub completeness: Completeness,
    /// The file's own note on its transcription.
    pub transcription_note: Option<String>,
    /// The file the version was loaded from.
    pub path: String,
    /// The list's sources.
    pub sources: Vec<SourceRow>,
}

/// A source of a list.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    /// The source's id.
    pub id: String,
    /// The source's title.
    pub title: String,
    /// Where it can be read.
    pub url: Option<String>,
    /// Official or secondary.
    pub kind: SourceKind,
}

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Entries transcribed in the earlier version.
    pub entries_old: usize,
    /// Entries transcribed in the later version.
    pub entries_new: usize,
    /// Classes of the earlier version's entries.
    pub old: ClassCounts,
    /// Classes of the later version's entries.
    pub new: ClassCounts,
    /// Restrictions whose scope was narrowed (now restrict fewer women) and no
    /// longer restrict women as such.
    pub narrowed: usize,
    /// Restrictions narrowed that still restrict women as such (e.g. all women
    /// → women from 18): listed with the remaining restrictions, not as narrowed.
    pub narrowed_women_as_such: usize,
    /// Restrictions whose scope now reaches women it did not reach before
    /// (widened, or changed so as to extend to some women).
    pub widened: usize,
    /// Entries only in the earlier version.
    pub removed: usize,
    /// Entries only in the later version.
    pub added: usize,
    /// Changed in another way (reworded, moved, renumbered, scope changed sideways).
    pub changed: usize,
    /// Entries the same in both versions.
    pub unchanged: usize,
    /// Old entries split into several new ones.
    pub split: usize,
    /// Old entries merged into one new one.
    pub merged: usize,
    /// Entries of the earlier version covered by a general clause of the later one
    /// (counted in `narrowed`, `widened` or `changed` as their scope moved), not removed.
    pub covered: usize,
}

/// One entry of one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRow {
    /// The entry's id.
    pub id: String,
    /// Number as printed.
    pub number: Option<String>,
    /// The section's number and title, when the entry has a section.
    pub section: Option<String>,
    /// Title and condition in the report's language when the list has it.
    pub text: String,
    /// The language code of `text` (`ru`, `ky`, `en`…), when known.
    pub text_lang: Option<String>,
    /// The scope in force.
    pub scope: Scope,
    /// True when the scope was inferred from the text, not read in the act.
    pub scope_inferred: bool,
    /// The class of the scope.
    pub class: ScopeClass,
    /// How the wording is known.
    pub evidence: Evidence,
    /// Codes of the rules that fire on this entry (not waived), sorted.
    pub findings: Vec<String>,
    /// Codes of the rules waived for this entry, sorted.
    pub waived: Vec<String>,
}

/// One change between the versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    /// What the change did.
    pub kind: ChangeOp,
    /// How a changed entry changed: the aspects the report names
    /// ([`Aspect::in_report`]); the field aspects are shown by `alljobs diff`.
    pub aspects: Vec<Aspect>,
    /// The entries of the earlier version (none when added).
    pub old: Vec<EntryRow>,
    /// The entries of the later version (none when removed).
    pub new: Vec<EntryRow>,
    /// How the scope changed, when both sides have one.
    pub relation: Option<ScopeRelation>,
    /// The new scope restricts women the old did not (`None`: cannot be told).
    pub extends: Option<bool>,
    /// The old scope restricted women the new does not.
    pub releases: Option<bool>,
    /// The new scope still restricts women as such (all women, an age band, childbearing age).
    pub women_as_such: bool,
    /// The covering clause's id, when a general clause of the later version covers the old entry.
    pub covered_by: Option<String>,
}

impl ChangeRow {
    /// True when the change narrowed the restriction and it no longer
    /// restricts women as such (a narrowing to an age band is not one).
    pub fn is_narrowed(&self) -> bool {
        self.relation == Some(ScopeRelation::Narrowed) && !self.women_as_such
    }
    /// True when the change narrowed the restriction but it still restricts women as such.
    pub fn is_narrowed_women_as_such(&self) -> bool {
        self.relation == Some(ScopeRelation::Narrowed) && self.women_as_such
    }
    /// True when the change extends the restriction to women it did not cover before.
    pub fn is_widened(&self) -> bool {
        self.extends == Some(true)
    }
}

/// Counts of one section in both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRow {
    /// Number and title; `None` for entries without a section.
    pub label: Option<String>,
    /// Entries per class in the earlier version.
    pub old: ClassCounts,
    /// Entries per class in the later version.
    pub new: ClassCounts,
}

/// The findings of one rule on both versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    /// The rule's code.
    pub code: String,
    /// `critical`, `high`, `medium`, `low` or `info`.
    pub severity: String,
    /// The rule's title.
    pub title: String,
    /// Findings on the earlier version (not waived).
    pub old: usize,
    /// Findings on the later version (not waived).
    pub new: usize,
    /// Waived findings on the earlier version.
    pub waived_old: usize,
    /// Waived findings on the later version.
    pub waived_new: usize,
    /// Unwaived findings with low confidence (resting on a field not shown in a
    /// partial or reported transcription) on the earlier version.
    pub low_confidence_old: usize,
    /// Unwaived findings with low confidence on the later version.
    pub low_confidence_new: usize,
    /// The texts the rule rests on.
    pub citations: Vec<CitationRow>,
    /// Set when the rule is an interpretation rather than a Committee text: says what is interpreted.
    pub interpretation: Option<String>,
}

/// How well a citation is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationState {
    /// Checked against the text itself.
    Verified,
    /// Reported by a secondary source.
    Reported,
    /// Not verified.
    Unverified,
}

/// One citation of a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitationRow {
    /// The citation, as printed.
    pub text: String,
    /// The id of its source, when the rule set names one.
    pub source: Option<String>,
    /// How well it is checked.
    pub status: CitationState,
    /// The paragraph, when it is known.
    pub paragraph: Option<String>,
    /// True when the instrument addresses the point but its paragraph number is not verified.
    pub paragraph_unverified: bool,
    /// A caveat (e.g. how the number is known).
    pub note: Option<String>,
}

impl ReportData {
    /// Changes that narrowed a restriction.
    pub fn narrowed(&self) -> impl Iterator<Item = &ChangeRow> {
        self.changes.iter().filter(|c| c.is_narrowed())
    }
    /// Changes that widened a restriction.
    pub fn widened(&self) -> impl Iterator<Item = &ChangeRow> {
        self.changes.iter().filter(|c| c.is_widened())
    }
    /// Entries of the earlier version that the later one removed.
    pub fn removed(&self) -> impl Iterator<Item = &EntryRow> {
        self.changes.iter().filter(|c| c.kind == ChangeOp::Removed).flat_map(|c| c.old.iter())
    }
    /// Entries the later version added.
    pub fn added(&self) -> impl Iterator<Item = &EntryRow> {
        self.changes.iter().filter(|c| c.kind == ChangeOp::Added).flat_map(|c| c.new.iter())
    }
    /// The classes that occur in some section of either version, in report order.
    pub fn section_classes(&self) -> Vec<ScopeClass> {
        ScopeClass::ALL
            .into_iter()
            .filter(|c| self.sections.iter().any(|s| s.old.get(*c) > 0 || s.new.get(*c) > 0))
            .collect()
    }
}

// ------------------------------------------------------------------ building

/// Options of a report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The language of the labels and the preferred language of list texts.
    pub lang: Lang,
    /// The date the report is dated; also the date waivers and reviews are checked against.
    pub today: Date,
    /// Options of the diff.
    pub diff: DiffOptions,
}

impl ReportOptions {
    /// English, dated `today`, default diff options.
    pub fn new(lang: Lang, today: Date) -> ReportOptions {
        ReportOptions { lang, today, diff: DiffOptions::default() }
    }
}

/// The language code of the title that `pick_text` picks for `prefs`.
fn picked_lang(text: &crate::model::Text, prefs: &[&str]) -> Option<String> {
    prefs.iter().find(|l| text.contains_key(l)).map(|l| l.to_string()).or_else(|| text.keys().next().cloned())
}

/// The label of every section of `list` by id ("III. Title"), built once:
/// looking a section up per entry would cost entries × sections.
fn section_labels<'a>(list: &'a List, prefs: &[&str]) -> HashMap<&'a str, String> {
    let mut labels = HashMap::new();
    for s in list.sections() {
        labels.entry(s.id.as_str()).or_insert_with(|| {
            let title = pick_text(&s.title, prefs).unwrap_or("");
            match &s.number {
                Some(n) => format!("{n}. {title}"),
                None => title.to_string(),
            }
        });
    }
    labels
}

fn section_label(labels: &HashMap<&str, String>, id: &str) -> String {
    labels.get(id).cloned().unwrap_or_else(|| id.to_string())
}

fn list_info(list: &List, prefs: &[&str]) -> ListInfo {
    let m = list.meta();
    ListInfo {
        id: m.id.clone(),
        title: pick_text(&m.title, prefs).unwrap_or("").to_string(),
        jurisdiction: m.jurisdiction.clone(),
        instrument: m.instrument,
        number: m.number.clone(),
        date: m.dates.sort_key().map(|d| d.to_string()),
        status: m.status,
        completeness: list.completeness(),
        transcription_note: m.transcription.as_ref().and_then(|t| t.note.clone()),
        path: list.path().to_owned(),
        sources: list
            .sources()
            .iter()
            .map(|s| SourceRow { id: s.id.clone(), title: s.title.clone(), url: s.url.clone(), kind: s.kind })
            .collect(),
    }
}

/// Per entry id: the codes of its unwaived findings and of its waived ones, each once, in
/// report order — all a report shows of an entry's findings.
type EntryCodes = HashMap<String, (Vec<String>, Vec<String>)>;

/// The [`EntryCodes`] of a version, consuming its findings (one pass, not one per entry).
fn entry_codes(flags: FlagReport) -> EntryCodes {
    let mut by_entry = EntryCodes::new();
    for f in flags.findings {
        let Some(id) = f.entry_id else { continue };
        let (findings, waived) = by_entry.entry(id).or_default();
        let v = if f.waived { waived } else { findings };
        if !v.contains(&f.rule) {
            v.push(f.rule);
        }
    }
    by_entry
}

/// One row per entry of `list`, with its class and its findings.
fn entry_rows(list: &List, classes: &Classification, codes: &EntryCodes, prefs: &[&str]) -> Vec<EntryRow> {
    let labels = section_labels(list, prefs);
    list.entries()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let ec = classes
                .entries
                .get(i)
                .filter(|c| c.id == e.id)
                .or_else(|| classes.entries.iter().find(|c| c.id == e.id));
            let (scope, class, inferred) = match ec {
                Some(c) => (c.scope.clone(), c.class, c.basis == Basis::Inferred),
                None => {
                    let s = list.scope_of(e);
                    let class = s.class();
                    (s, class, e.scope_inferred)
                }
            };
            let (findings, waived) = codes.get(e.id.as_str()).cloned().unwrap_or_default();
            EntryRow {
                id: e.id.clone(),
                number: e.number.clone(),
                section: e.section.as_deref().map(|s| section_label(&labels, s)),
                text: e.full_text(prefs),
                text_lang: picked_lang(&e.title, prefs),
                scope,
                scope_inferred: inferred,
                class,
                evidence: e.evidence,
                findings,
                waived,
            }
        })
        .collect()
}

fn citation_row(c: &Citation) -> CitationRow {
    let unverified = c.paragraph.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("unverified"));
    CitationRow {
        text: c.text.clone(),
        source: c.source.clone(),
        status: match c.status {
            CitationStatus::Verified => CitationState::Verified,
            CitationStatus::Reported => CitationState::Reported,
            CitationStatus::Unverified => CitationState::Unverified,
        },
        paragraph: if unverified { None } else { c.paragraph.as_ref().map(|p| format!("para {p}")) },
        paragraph_unverified: unverified,
        note: c.note.clone(),
    }
}

/// Figures computed from the changes themselves (so that every table agrees with the headline).
fn figures(old: &List, new: &List, co: &Classification, cn: &Classification, changes: &[ChangeRow]) -> Figures {
    let mut f = Figures {
        entries_old: old.entries().len(),
        entries_new: new.entries().len(),
        old: co.counts,
        new: cn.counts,
        ..Figures::default()
    };
    for c in changes {
        match c.kind {
            ChangeOp::Added => f.added += c.new.len(),
            ChangeOp::Removed => f.removed += c.old.len(),
            ChangeOp::Unchanged => f.unchanged += 1,
            ChangeOp::Split => f.split += 1,
            ChangeOp::Merged => f.merged += 1,
            ChangeOp::Changed => {}
        }
        f.covered += usize::from(c.covered_by.is_some());
        if c.is_narrowed() {
            f.narrowed += 1;
        } else if c.is_narrowed_women_as_such() {
            f.narrowed_women_as_such += 1;
        } else if c.is_widened() {
            f.widened += 1;
        } else if c.kind == ChangeOp::Changed {
            f.changed += 1;
        }
    }
    f
}

/// The sources the rows' citations name (`S6`, or `S6/S7/S8`), in id order.
fn bibliography(rows: &[RuleRow]) -> Vec<crate::rules::RuleSource> {
    let mut ids: Vec<u32> = rows
        .iter()
        .flat_map(|r| &r.citations)
        .filter_map(|c| c.source.as_deref())
        .flat_map(|s| s.split('/'))
        .filter_map(|s| s.trim().strip_prefix('S').and_then(|n| n.parse().ok()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.iter().filter_map(|n| crate::rules::cedaw_sources().iter().find(|s| s.id == format!("S{n}")).cloned()).collect()
}

/// One row per rule with findings in either version: counts, waived, low confidence.
fn rule_rows(rules: &RuleSet, fo: &FlagReport, fnew: &FlagReport) -> Vec<RuleRow> {
    /// Per rule code: unwaived, waived, low confidence (unwaived).
    #[derive(Default, Clone, Copy)]
    struct Counts {
        unwaived: usize,
        waived: usize,
        low: usize,
    }
    // One pass over each version's findings (not one per rule).
    fn tally(f: &FlagReport) -> HashMap<&str, Counts> {
        let mut by: HashMap<&str, Counts> = HashMap::new();
        for x in &f.findings {
            let c = by.entry(x.rule.as_str()).or_default();
            if x.waived {
                c.waived += 1;
            } else {
                c.unwaived += 1;
                c.low += usize::from(x.confidence == crate::rules::FindingConfidence::Low);
            }
        }
        by
    }
    let (old, new) = (tally(fo), tally(fnew));
    rules
        .rules
        .iter()
        .filter_map(|r| {
            let o = old.get(r.code.as_str()).copied().unwrap_or_default();
            let n = new.get(r.code.as_str()).copied().unwrap_or_default();
            let row = RuleRow {
                code: r.code.clone(),
                severity: r.severity.as_str().to_string(),
                title: r.title.clone(),
                old: o.unwaived,
                new: n.unwaived,
                waived_old: o.waived,
                waived_new: n.waived,
                low_confidence_old: o.low,
                low_confidence_new: n.low,
                citations: r.citations.iter().map(citation_row).collect(),
                interpretation: r.interpretation.clone(),
            };
            (row.old + row.new + row.waived_old + row.waived_new > 0).then_some(row)
        })
        .collect()
}

/// The entry rows of one version, handed to the changes: a row is moved into
/// the last change that shows it and copied into the others.
struct Rows {
    rows: Vec<Option<EntryRow>>,
    uses: Vec<usize>,
}

impl Rows {
    fn new(rows: Vec<EntryRow>) -> Rows {
        let uses = vec![0; rows.len()];
        Rows { rows: rows.into_iter().map(Some).collect(), uses }
    }
    fn count(&mut self, indices: &[usize]) {
        for &i in indices {
            if let Some(u) = self.uses.get_mut(i) {
                *u += 1;
            }
        }
    }
    fn take(&mut self, i: usize) -> Option<EntryRow> {
        let u = self.uses.get_mut(i)?;
        *u = u.saturating_sub(1);
        if *u == 0 { self.rows.get_mut(i)?.take() } else { self.rows.get(i)?.clone() }
    }
}

impl ReportData {
    /// Builds the report of `old` → `new`: diffs them, classifies both,
    /// flags both with `rules`, and keeps what the report shows.
    pub fn build(old: &List, new: &List, rules: &RuleSet, opts: &ReportOptions) -> ReportData {
        let prefs = opts.lang.text_prefs();
        let flag_opts = FlagOptions { today: opts.today, ..FlagOptions::default() };
        let Comparison { diff, old: ao, new: an } = Comparison::new(old, new, &opts.diff, rules, &flag_opts);
        let (co, fo) = (ao.classes, ao.findings);
        let (cn, fnew) = (an.classes, an.findings);
        let rules_rows = rule_rows(rules, &fo, &fnew);
        let mut warnings: Vec<String> = diff.warnings.clone();
        for d in co.warnings.iter().chain(&cn.warnings).chain(&fo.warnings).chain(&fnew.warnings) {
            warnings.push(d.message.clone());
        }
        // What the report shows of the findings: counts per rule (above) and codes per entry.
        // The findings go before the entry rows are built (a large list's are not held beside them).
        let (old_codes, new_codes) = (entry_codes(fo), entry_codes(fnew));
        let old_rows = entry_rows(old, &co, &old_codes, prefs);
        let new_rows = entry_rows(new, &cn, &new_codes, prefs);
        drop((old_codes, new_codes));
        let remaining_general: Vec<EntryRow> = new_rows.iter().filter(|e| e.scope.women_as_such()).cloned().collect();

        // Each change takes its entries' rows (moved; copied only when a row is in several changes).
        let (mut old_rows, mut new_rows) = (Rows::new(old_rows), Rows::new(new_rows));
        for c in &diff.changes {
            old_rows.count(&c.old_index);
            new_rows.count(&c.new_index);
        }
        let changes: Vec<ChangeRow> = diff
            .changes
            .iter()
            .map(|c| ChangeRow {
                kind: c.op,
                aspects: c.aspects.iter().copied().filter(|a| a.in_report()).collect(),
                old: c.old_index.iter().filter_map(|i| old_rows.take(*i)).collect(),
                new: c.new_index.iter().filter_map(|i| new_rows.take(*i)).collect(),
                relation: c.scope.relation,
                extends: c.scope.extends,
                releases: c.scope.releases,
                women_as_such: c.scope.women_as_such,
                covered_by: c.coverage.as_ref().map(|v| v.entry.clone()),
            })
            .collect();

        // Sections: the later version's order, then sections only the earlier one has.
        let (old_labels, new_labels) = (section_labels(old, prefs), section_labels(new, prefs));
        let mut sections: Vec<SectionRow> = Vec::new();
        for (id, counts) in &cn.by_section {
            sections.push(SectionRow {
                label: id.as_deref().map(|s| section_label(&new_labels, s)),
                old: ClassCounts::default(),
                new: *counts,
            });
        }
        let mut new_pos: HashMap<&Option<String>, usize> = HashMap::new();
        for (i, (id, _)) in cn.by_section.iter().enumerate() {
            new_pos.entry(id).or_insert(i);
        }
        for (id, counts) in &co.by_section {
            match new_pos.get(id).copied() {
                Some(i) => sections[i].old = *counts,
                None => sections.push(SectionRow {
                    label: id.as_deref().map(|s| section_label(&old_labels, s)),
                    old: *counts,
                    new: ClassCounts::default(),
                }),
            }
        }

        let figures = figures(old, new, &co, &cn, &changes);
        let bibliography = bibliography(&rules_rows);
        ReportData {
            lang: opts.lang,
            date: opts.today.to_string(),
            old: list_info(old, prefs),
            new: list_info(new, prefs),
            figures,
            remaining_general,
            changes,
            sections,
            rules: rules_rows,
            warnings,
            framing: diff.framing.clone(),
            coverage: crate::coverage::groups(&diff),
            also_in_force: Vec::new(),
            bibliography,
        }
    }

    /// Fills [`ReportData::also_in_force`] from `lists`, the versions of the
    /// later version's jurisdiction: the instruments in force on the report's
    /// date (or whose status then is unknown), other than the two compared.
    pub fn with_also_in_force(mut self, lists: &[List], on: Date) -> ReportData {
        let prefs = self.lang.text_prefs();
        let statuses = crate::status::statuses(lists, on);
        self.also_in_force = lists
            .iter()
            .zip(statuses)
            .filter(|(l, s)| {
                let id = &l.meta().id;
                *id != self.old.id
                    && *id != self.new.id
                    && l.meta().jurisdiction.eq_ignore_ascii_case(&self.new.jurisdiction)
                    && matches!(
                        s.status_on_date,
                        crate::status::StatusOnDate::InForce | crate::status::StatusOnDate::Unknown
                    )
            })
            .map(|(l, s)| AlsoInForce {
                id: s.id,
                title: pick_text(&l.meta().title, prefs).unwrap_or("").to_string(),
                status_on_date: s.status_on_date,
                why: s.why,
                confidence: s.confidence,
                classes: classify(l).counts,
                completeness: l.completeness(),
            })
            .collect();
        self
    }
}

/// A constructed report (not from any real list) for the renderers' unit tests:
/// hostile texts in every field a list can fill.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    pub const HOSTILE: [&str; 5] = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "=HYPERLINK(\"http://x\")",
        "a | b",
        "\\*_[x](javascript:alert(1))_*",
    ];

    fn entry(id: &str, text: &str, scope: Scope, findings: &[&str]) -> EntryRow {
        EntryRow {
            id: id.into(),
            number: Some(id.trim_start_matches('e').into()),
            section: Some(format!("I. {text}")),
            text: text.into(),
            text_lang: Some("ru".into()),
            class: scope.class(),
            scope,
            scope_inferred: false,
            evidence: Evidence::Reported,
            findings: findings.iter().map(|s| s.to_string()).collect(),
            waived: vec![],
        }
    }

    fn list(id: &str, title: &str) -> ListInfo {
        ListInfo {
            id: id.into(),
            title: title.into(),
            jurisdiction: "XA".into(),
            instrument: InstrumentKind::Resolution,
            number: Some("1".into()),
            date: Some("2000-01-01".into()),
            status: Status::Unknown,
            completeness: Completeness { present: 3, declared: Some(10), official_text: 0, reported: 3 },
            transcription_note: Some(HOSTILE[1].into()),
            path: "tests/fixtures/report/x.toml".into(),
            sources: vec![
                SourceRow {
                    id: "S1".into(),
                    title: HOSTILE[0].into(),
                    url: Some("javascript:alert(1)".into()),
                    kind: SourceKind::Secondary,
                },
                SourceRow {
                    id: "S2".into(),
                    title: "ok".into(),
                    url: Some("https://example.org/a_b?x=\"><script>".into()),
                    kind: SourceKind::Official,
                },
            ],
        }
    }

    /// The constructed report, in `lang`.
    pub fn report(lang: Lang) -> ReportData {
        let long = "ж".repeat(5000);
        let e1 = entry("e1", HOSTILE[0], Scope::AllWomen, &["CEDAW-GENERAL-BAN"]);
        let e2 = entry("e2", HOSTILE[1], Scope::AllWomen, &["CEDAW-GENERAL-BAN"]);
        let e3 = entry("e3", HOSTILE[2], Scope::AllWomen, &[]);
        let n2 = entry("e2", HOSTILE[1], Scope::Pregnant, &["CEDAW-MATERNITY-SCOPE"]);
        let n3 = entry("e3", HOSTILE[3], Scope::AllWomen, &["CEDAW-GENERAL-BAN"]);
        let n4 = entry("e4", &long, Scope::ChildrenUnder(3), &[]);
        let mut old = ClassCounts::default();
        [&e1, &e2, &e3].iter().for_each(|e| old.add(e.class));
        let mut new = ClassCounts::default();
        [&n2, &n3, &n4].iter().for_each(|e| new.add(e.class));
        ReportData {
            lang,
            date: "2025-06-01".into(),
            old: list("xa-old", HOSTILE[4]),
            new: list("xa-new", HOSTILE[2]),
            figures: Figures {
                entries_old: 3,
                entries_new: 3,
                old,
                new,
                narrowed: 1,
                removed: 1,
                added: 1,
                changed: 1,
                ..Figures::default()
            },
            remaining_general: vec![n3.clone()],
            changes: vec![
                ChangeRow {
                    kind: ChangeOp::Removed,
                    aspects: vec![],
                    old: vec![e1],
                    new: vec![],
                    relation: None,
                    extends: None,
                    releases: None,
                    women_as_such: false,
                    covered_by: None,
                },
                ChangeRow {
                    kind: ChangeOp::Changed,
                    aspects: vec![Aspect::Rescoped],
                    old: vec![e2],
                    new: vec![n2],
                    relation: Some(ScopeRelation::Narrowed),
                    extends: Some(false),
                    releases: Some(true),
                    women_as_such: false,
                    covered_by: None,
                },
                ChangeRow {
                    kind: ChangeOp::Changed,
                    aspects: vec![Aspect::Reworded],
                    old: vec![e3],
                    new: vec![n3],
                    relation: Some(ScopeRelation::Same),
                    extends: Some(false),
                    releases: Some(false),
                    women_as_such: true,
                    covered_by: None,
                },
                ChangeRow {
                    kind: ChangeOp::Added,
                    aspects: vec![],
                    old: vec![],
                    new: vec![n4],
                    relation: None,
                    extends: None,
                    releases: None,
                    women_as_such: false,
                    covered_by: None,
                },
            ],
            sections: vec![
                SectionRow { label: Some(HOSTILE[0].into()), old, new },
                SectionRow {
                    label: None,
                    old: ClassCounts::default(),
                    new: ClassCounts { unknown: 1, ..ClassCounts::default() },
                },
            ],
            rules: vec![RuleRow {
                code: "CEDAW-GENERAL-BAN".into(),
                severity: "critical".into(),
                title: HOSTILE[3].into(),
                old: 2,
                new: 1,
                waived_old: 0,
                waived_new: 0,
                low_confidence_old: 0,
                low_confidence_new: 0,
                citations: vec![CitationRow {
                    text: HOSTILE[0].into(),
                    source: Some("S6".into()),
                    status: CitationState::Reported,
                    paragraph: None,
                    paragraph_unverified: true,
                    note: Some(HOSTILE[3].into()),
                }],
                interpretation: Some(HOSTILE[1].into()),
            }],
            warnings: vec![],
            framing: vec![],
            coverage: vec![],
            also_in_force: vec![],
            bibliography: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    fn pair(old: &str, new: &str) -> (List, List) {
        let c = Catalog::embedded();
        (c.resolve(old).unwrap(), c.resolve(new).unwrap())
    }

    fn today() -> Date {
        Date::ymd(2025, 6, 1).unwrap()
    }

    /// Every pair of shipped Kyrgyz lists: the report's figures are the diff's
    /// summary and the classification's counts, and the tables agree with them.
    #[test]
    fn figures_agree_with_the_diff_and_the_classification() {
        let ids = ["kg-2000-res-158", "kg-2024-draft-labour-code", "kg-2025-labour-code-23", "ru-2000-res-162"];
        let rules = RuleSet::builtin();
        for old_id in ids {
            for new_id in ids {
                let (old, new) = pair(old_id, new_id);
                let r = ReportData::build(&old, &new, &rules, &ReportOptions::new(Lang::En, today()));
                let s = crate::diff::diff_lists(&old, &new, &DiffOptions::default()).summary;
                let f = &r.figures;
                let ctx = format!("{old_id} → {new_id}");
                assert_eq!(
                    (f.added, f.removed, f.unchanged, f.split, f.merged, f.narrowed, f.widened),
                    (s.added, s.removed, s.unchanged, s.split, s.merged, s.narrowed, s.widened),
                    "{ctx}"
                );
                assert_eq!(f.old, classify(&old).counts, "{ctx}");
                assert_eq!(f.new, classify(&new).counts, "{ctx}");
                assert_eq!((f.entries_old, f.entries_new), (old.entries().len(), new.entries().len()), "{ctx}");
                assert_eq!(f.old.total(), f.entries_old, "{ctx}");
                assert_eq!(r.remaining_general.len(), f.new.general, "{ctx}");
                assert_eq!(r.narrowed().count(), f.narrowed, "{ctx}");
                assert_eq!(r.removed().count(), f.removed, "{ctx}");
                assert_eq!(r.added().count(), f.added, "{ctx}");
                let old_sections: usize = r.sections.iter().map(|s| s.old.total()).sum();
                let new_sections: usize = r.sections.iter().map(|s| s.new.total()).sum();
                assert_eq!((old_sections, new_sections), (f.entries_old, f.entries_new), "{ctx}");
                assert_eq!(r.old.completeness, old.completeness(), "{ctx}");
            }
        }
    }

    #[test]
    fn res_158_against_the_2025_code() {
        let (old, new) = pair("kg-2000-res-158", "kg-2025-labour-code-23");
        let r = ReportData::build(&old, &new, &RuleSet::builtin(), &ReportOptions::new(Lang::Ru, today()));
        assert_eq!(r.date, "2025-06-01");
        assert_eq!(r.old.completeness.present, 18);
        assert_eq!(r.old.completeness.declared, Some(446));
        assert_eq!(r.figures.old.general, 18);
        assert_eq!(r.figures.new.general, 0);
        // Findings per rule come from flag(): the general ban fires on every entry of Res. 158 only.
        let ban = r.rules.iter().find(|x| x.code == "CEDAW-GENERAL-BAN").expect("general ban");
        assert_eq!((ban.old, ban.new), (18, 0));
        assert!(!ban.citations.is_empty());
        // A citation whose paragraph is not verified says so.
        assert!(r.rules.iter().flat_map(|x| &x.citations).any(|c| c.paragraph_unverified));
        // Texts are picked in the report's language when the list has it.
        assert_eq!(r.changes.iter().flat_map(|c| &c.old).next().unwrap().text_lang.as_deref(), Some("ru"));
    }

    #[test]
    fn entries_carry_their_findings_and_sections() {
        let (old, new) = pair("ru-2000-res-162", "ru-2019-order-512n");
        let r = ReportData::build(&old, &new, &RuleSet::builtin(), &ReportOptions::new(Lang::En, today()));
        let all: Vec<&EntryRow> = r.changes.iter().flat_map(|c| c.old.iter().chain(&c.new)).collect();
        assert!(all.iter().any(|e| !e.findings.is_empty()));
        assert!(all.iter().any(|e| e.section.is_some()), "sections are labelled");
        for e in &r.remaining_general {
            assert!(e.findings.iter().any(|f| f == "CEDAW-GENERAL-BAN"), "{}: {:?}", e.id, e.findings);
        }
    }
}
