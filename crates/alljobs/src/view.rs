//! View models: one typed tree per command's JSON output.
//!
//! Each view derives `Serialize` + `JsonSchema`; the JSON a command prints *is*
//! the serialisation of its view, and `alljobs schema <command>` prints the
//! schema of the same type (committed under `schemas/`, checked by a drift test).
//! Renderers of the other formats may read the same views. Views borrow from the
//! library's results; they add no logic of their own beyond picking and counting.

use crate::classify::{ClassCounts, Classification};
use crate::diagnostic::Diagnostic;
use crate::list::List;
use crate::model::{Dates, Effect, EntryKind, Evidence, Fact, InstrumentKind, Relation, Scope, Status, Text};
use crate::rules::{
    BuiltinChanges, Citation, Finding, FlagReport, Override, Rule, RuleLevel, RuleSet, RuleSeverity, RuleStat,
};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of every JSON document alljobs prints, except `flag` (see [`FLAG_FORMAT_VERSION`]).
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The version of the `flag --format json` document: 2 since citations moved from
/// each finding into the document's `rules` table.
pub const FLAG_FORMAT_VERSION: u32 = 2;

/// How many entries of each evidence level a list has.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct EvidenceCounts {
    /// Entries transcribed from the official text.
    pub official_text: usize,
    /// Entries known from secondary reports only.
    pub reported: usize,
}

/// The `list` object shared by every JSON output: identity, status and completeness.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ListSummary<'a> {
    /// The list's id (`kg-2000-res-158`).
    pub id: &'a str,
    /// ISO 3166-1 alpha-2 code of the state (`KG`).
    pub jurisdiction: &'a str,
    /// What kind of act it is.
    pub instrument: InstrumentKind,
    /// The act's number, as printed.
    pub number: Option<&'a str>,
    /// The act's title, by language.
    pub title: &'a Text,
    /// Where the act stands (draft, in force, repealed …).
    pub status: Status,
    /// What the act does to the restrictions (bans, protects …).
    pub effect: Effect,
    /// Who an entry covers when it names no scope of its own.
    pub default_scope: &'a Scope,
    /// For an overlay: the id of the list it amends.
    pub base: Option<&'a str>,
    /// Entries transcribed.
    pub entries_present: usize,
    /// Entries the instrument declares, when known.
    pub entries_declared: Option<usize>,
    /// Entries per evidence level.
    pub evidence: EvidenceCounts,
    /// "18 of 446 declared entries" (how complete the transcription is).
    pub completeness: String,
    /// The file it was read from (`<embedded>/…` for a shipped list).
    pub path: &'a str,
}

impl<'a> ListSummary<'a> {
    /// The summary of a list.
    pub fn of(list: &'a List) -> Self {
        let m = list.meta();
        let c = list.completeness();
        ListSummary {
            id: &m.id,
            jurisdiction: &m.jurisdiction,
            instrument: m.instrument,
            number: m.number.as_deref(),
            title: &m.title,
            status: m.status,
            effect: m.effect,
            default_scope: &m.default_scope,
            base: m.base.as_deref(),
            entries_present: c.present,
            entries_declared: c.declared,
            evidence: EvidenceCounts { official_text: c.official_text, reported: c.reported },
            completeness: c.to_string(),
            path: list.path(),
        }
    }
}

// ---------------------------------------------------------------- show

/// One entry of `show`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ShowEntry<'a> {
    /// The entry's id.
    pub id: &'a str,
    /// The number printed in the act.
    pub number: Option<&'a str>,
    /// The id of its section.
    pub section: Option<&'a str>,
    /// The job or work, by language.
    pub title: &'a Text,
    /// The condition under which it is barred, by language (may be empty).
    pub condition: &'a Text,
    /// The entry's scope (its own, or the list's default).
    pub scope: Scope,
    /// True when the scope was inferred from the wording, not read from the act.
    pub scope_inferred: bool,
    /// A job, a kind of work, or a condition.
    pub kind: EntryKind,
    /// How the entry is known (official text or reports).
    pub evidence: Evidence,
    /// The ids of the sources it rests on.
    pub sources: &'a [String],
    /// The file the entry is defined in (or was last changed by, for an overlay).
    pub file: String,
    /// The line of its definition.
    pub line: usize,
}

/// `alljobs show --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ShowView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The list shown.
    pub list: ListSummary<'a>,
    /// Its entries, in the act's order.
    pub entries: Vec<ShowEntry<'a>>,
}

impl<'a> ShowView<'a> {
    /// The view of a list.
    pub fn new(list: &'a List) -> Self {
        let entries = list
            .entries()
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let o = list.origin(i);
                ShowEntry {
                    id: &e.id,
                    number: e.number.as_deref(),
                    section: e.section.as_deref(),
                    title: &e.title,
                    condition: &e.condition,
                    scope: list.scope_of(e),
                    scope_inferred: e.scope_inferred,
                    kind: e.kind,
                    evidence: e.evidence,
                    sources: &e.sources,
                    file: o.file,
                    line: o.line,
                }
            })
            .collect();
        ShowView { format_version: JSON_FORMAT_VERSION, list: ListSummary::of(list), entries }
    }
}

// ---------------------------------------------------------------- check

/// One file of `check`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CheckFile<'a> {
    /// The file, as named.
    pub path: &'a str,
    /// No error.
    pub ok: bool,
    /// The list, when it could be read and consolidated.
    pub list: Option<ListSummary<'a>>,
    /// Its diagnostics, in file order.
    pub diagnostics: &'a [Diagnostic],
}

/// `alljobs check --format json`: one object per file.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CheckView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Errors over all files.
    pub errors: usize,
    /// Warnings over all files.
    pub warnings: usize,
    /// One object per file checked.
    pub files: Vec<CheckFile<'a>>,
}

impl<'a> CheckView<'a> {
    /// The view of the files checked: (name, list when read, diagnostics).
    pub fn new(files: &'a [(String, Option<List>, Vec<Diagnostic>)]) -> Self {
        let count = |s: crate::Severity| files.iter().map(|f| f.2.iter().filter(|d| d.severity == s).count()).sum();
        CheckView {
            format_version: JSON_FORMAT_VERSION,
            errors: count(crate::Severity::Error),
            warnings: count(crate::Severity::Warning),
            files: files
                .iter()
                .map(|(path, list, ds)| CheckFile {
                    path,
                    ok: !ds.iter().any(Diagnostic::is_error),
                    list: list.as_ref().map(ListSummary::of),
                    diagnostics: ds,
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------- diff

/// `alljobs diff --format json`. With `stat`, `changes` is empty.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct DiffView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The earlier version.
    pub old: ListSummary<'a>,
    /// The later version.
    pub new: ListSummary<'a>,
    /// How complete the two lists are, when either is partial.
    pub note: Option<String>,
    /// The language the texts were compared in.
    pub language: &'a str,
    /// The similarity below which two entries are not paired.
    pub threshold: f64,
    /// True with `--stat`: the counts only.
    pub stat: bool,
    /// Counts of changes per kind.
    pub summary: &'a crate::diff::Summary,
    /// What happened to each group of OLD's entries (kept, narrowed, lifted …), as headline figures.
    pub coverage: Vec<crate::coverage::CoverageGroup>,
    /// The headline sentences, in order.
    pub headline: Vec<String>,
    /// Every change, in OLD's order then NEW's additions.
    pub changes: &'a [crate::diff::Change],
    /// Warnings about the comparison (e.g. low-confidence pairs).
    pub warnings: &'a [String],
    /// Warnings about how the comparison is framed (OLD dated after NEW, different
    /// jurisdictions, entries without text in the comparison language).
    pub framing: &'a [crate::framing::Framing],
    /// True when both versions keep stable ids (pairs by id are certain).
    pub stable_ids: bool,
    /// Changes to the lists' own fields (title, status, dates …).
    pub list_changes: &'a [crate::diff::FieldChange],
}

impl<'a> DiffView<'a> {
    /// The view of a diff of OLD → NEW.
    pub fn new(old: &'a List, new: &'a List, d: &'a crate::diff::Diff, stat_only: bool) -> Self {
        DiffView {
            format_version: JSON_FORMAT_VERSION,
            old: ListSummary::of(old),
            new: ListSummary::of(new),
            note: crate::diff::coverage_note(old, new),
            language: &d.language,
            threshold: d.threshold,
            stat: stat_only,
            summary: &d.summary,
            coverage: crate::coverage::groups(d),
            headline: crate::coverage::headline(d, old, new),
            changes: if stat_only { &[] } else { &d.changes },
            warnings: &d.warnings,
            framing: &d.framing,
            stable_ids: d.stable_ids,
            list_changes: &d.list_changes,
        }
    }
}

// ---------------------------------------------------------------- classify

/// One entry of `classify`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ClassifyEntry<'a> {
    /// The entry's id.
    pub id: &'a str,
    /// The class: general ban, maternity-only, or other.
    pub class: crate::model::ScopeClass,
    /// The group of women covered, in words.
    pub subgroup: &'a str,
    /// What the class rests on.
    pub basis: crate::classify::Basis,
    /// The scope used.
    pub scope: &'a Scope,
    /// Where the scope came from (the entry, its section, the list, the wording).
    pub scope_from: crate::classify::ScopeFrom,
    /// The words that decided the class.
    pub evidence: &'a [String],
    /// The id of the entry's section.
    pub section: Option<&'a str>,
    /// The file the entry is defined in.
    pub file: String,
    /// The line of its definition.
    pub line: usize,
}

/// Counts of one section (`section` null: entries that name none).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct SectionCounts<'a> {
    /// The section's id (null: entries that name no section).
    pub section: Option<&'a str>,
    /// The section's title, when it has one.
    pub title: Option<&'a Text>,
    /// Entries per class in the section.
    pub counts: ClassCounts,
}

/// `alljobs classify --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ClassifyView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The list classified.
    pub list: ListSummary<'a>,
    /// Entries per class.
    pub counts: ClassCounts,
    /// Entries per class in each section, in the list's section order.
    pub by_section: Vec<SectionCounts<'a>>,
    /// One object per entry, in the act's order.
    pub entries: Vec<ClassifyEntry<'a>>,
    /// Scope fields and wording that disagree.
    pub warnings: &'a [Diagnostic],
}

impl<'a> ClassifyView<'a> {
    /// The view of a classification of `list`.
    pub fn new(list: &'a List, c: &'a Classification) -> Self {
        let entries = list
            .entries()
            .iter()
            .zip(&c.entries)
            .enumerate()
            .map(|(i, (e, k))| {
                let o = list.origin(i);
                ClassifyEntry {
                    id: &k.id,
                    class: k.class,
                    subgroup: &k.subgroup,
                    basis: k.basis,
                    scope: &k.scope,
                    scope_from: k.scope_from,
                    evidence: &k.evidence,
                    section: e.section.as_deref(),
                    file: o.file,
                    line: o.line,
                }
            })
            .collect();
        let by_section = c
            .by_section
            .iter()
            .map(|(id, n)| SectionCounts {
                section: id.as_deref(),
                title: id.as_deref().and_then(|id| list.section(id)).map(|s| &s.title),
                counts: *n,
            })
            .collect();
        ClassifyView {
            format_version: JSON_FORMAT_VERSION,
            list: ListSummary::of(list),
            counts: c.counts,
            by_section,
            entries,
            warnings: &c.warnings,
        }
    }
}

// ---------------------------------------------------------------- flag

/// A rule as the `flag` document's `rules` table gives it: the text findings refer to.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagRule<'a> {
    /// The rule's title.
    pub title: &'a str,
    /// How serious a finding of the rule is.
    pub severity: RuleSeverity,
    /// Whether the rule reads entries or the list as a whole.
    pub level: RuleLevel,
    /// The references the rule rests on, each with its verification status (once per document).
    pub citations: &'a [Citation],
    /// Set when the rule rests on a reading rather than a Committee text.
    pub interpretation: Option<&'a str>,
    /// `built-in`, or the path of the rule file.
    pub defined_in: &'a str,
}

/// One finding of `flag`: its rule by code (`rule`; the rule's citations are in the
/// document's `rules` table under that code).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagFinding<'a> {
    /// The rule's code: the key of its row in `rules`.
    pub rule: &'a str,
    /// How serious the finding is.
    pub severity: RuleSeverity,
    /// The entry it concerns (null: the list as a whole).
    pub entry_id: Option<&'a str>,
    /// The finding's message, with the entry's text.
    pub message: &'a str,
    /// True when a waiver in the list covers it.
    pub waived: bool,
    /// The rule's title.
    pub title: &'a str,
    /// What matched: phrases of the text, fields, notes of the trigger.
    pub evidence: &'a [String],
    /// The rule rests on an interpretation.
    pub interpretation: bool,
    /// The file the finding points into.
    pub file: &'a str,
    /// Line in that file (1-based).
    pub line: usize,
    /// Column in that file (1-based).
    pub column: usize,
    /// The waiver that covers it, when waived.
    pub waiver: Option<&'a crate::model::Waiver>,
    /// The fields the rule's trigger reads.
    pub reads: &'a [String],
    /// True when the finding rests on a field the list leaves empty.
    pub rests_on_absence: bool,
    /// The fields whose absence the finding rests on.
    pub absent_fields: &'a [String],
    /// How firmly the finding follows from the data.
    pub confidence: crate::rules::FindingConfidence,
    /// For a list-level finding of an entry rule that holds for every entry: those entries.
    pub entries: &'a [String],
    /// The number of entries in `entries`, when there are any.
    pub entry_count: Option<usize>,
}

impl<'a> FlagFinding<'a> {
    /// The view of one finding.
    pub fn new(f: &'a Finding) -> Self {
        FlagFinding {
            rule: &f.rule,
            severity: f.severity,
            entry_id: f.entry_id.as_deref(),
            message: &f.message,
            waived: f.waived,
            title: &f.title,
            evidence: &f.evidence,
            interpretation: f.interpretation,
            file: &f.location.file,
            line: f.location.line,
            column: f.location.column,
            waiver: f.waiver.as_deref(),
            reads: &f.reads,
            rests_on_absence: f.rests_on_absence,
            absent_fields: &f.absent_fields,
            confidence: f.confidence,
            entries: &f.entries,
            entry_count: (!f.entries.is_empty()).then_some(f.entries.len()),
        }
    }
}

/// Counts of a flag report.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagSummary {
    /// Findings of critical severity.
    pub critical: usize,
    /// Findings of high severity.
    pub high: usize,
    /// Findings of medium severity.
    pub medium: usize,
    /// Findings of info severity.
    pub info: usize,
    /// Findings a waiver covers.
    pub waived: usize,
    /// Findings no waiver covers.
    pub unwaived: usize,
}

/// `alljobs flag --format json` for one list.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagView<'a> {
    /// 2: citations are in `rules`, not repeated in each finding.
    pub format_version: u32,
    /// The list flagged.
    pub list: ListSummary<'a>,
    /// The rules the findings refer to, by code, each with its citations.
    pub rules: BTreeMap<&'a str, FlagRule<'a>>,
    /// The findings, list findings first, then in the act's order.
    pub findings: Vec<FlagFinding<'a>>,
    /// Counts of the findings.
    pub summary: FlagSummary,
    /// Warnings of the run (scope and wording disagree, waivers that match nothing …).
    pub warnings: &'a [Diagnostic],
    /// Built-in rules redefined or disabled by rule files (only when there are).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin_rules: Option<&'a BuiltinChanges>,
}

impl<'a> FlagView<'a> {
    /// The view of one list's findings under `set`.
    pub fn new(list: &'a List, r: &'a FlagReport, set: &'a RuleSet) -> Self {
        let mut rules = BTreeMap::new();
        for f in &r.findings {
            if !rules.contains_key(f.rule.as_str())
                && let Some(rule) = set.get(&f.rule)
            {
                rules.insert(rule.code.as_str(), FlagRule::new(rule));
            }
        }
        FlagView {
            format_version: FLAG_FORMAT_VERSION,
            list: ListSummary::of(list),
            rules,
            findings: r.findings.iter().map(FlagFinding::new).collect(),
            summary: FlagSummary {
                critical: r.count(RuleSeverity::Critical),
                high: r.count(RuleSeverity::High),
                medium: r.count(RuleSeverity::Medium),
                info: r.count(RuleSeverity::Info),
                waived: r.waived(),
                unwaived: r.findings.len() - r.waived(),
            },
            warnings: &r.warnings,
            builtin_rules: (!set.builtin_changes.is_empty()).then_some(&set.builtin_changes),
        }
    }
}

impl<'a> FlagRule<'a> {
    fn new(r: &'a Rule) -> Self {
        FlagRule {
            title: &r.title,
            severity: r.severity,
            level: r.level,
            citations: &r.citations,
            interpretation: r.interpretation.as_deref(),
            defined_in: &r.defined_in,
        }
    }
}

/// `alljobs flag --format json` for several lists: each element the one-list document.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagManyView<'a> {
    /// The version of this document's shape ([`FLAG_FORMAT_VERSION`]).
    pub format_version: u32,
    /// One document per list, in the order given.
    pub lists: Vec<FlagView<'a>>,
    /// How the rule files used change the built-in rule set, when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin_rules: Option<&'a BuiltinChanges>,
}

/// The document `flag --format json` prints: one list, or several.
#[derive(Serialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub enum FlagDocument<'a> {
    /// One list: the document of [`FlagView`].
    One(Box<FlagView<'a>>),
    /// Several lists: a `lists` array.
    Many(FlagManyView<'a>),
}

impl<'a> FlagDocument<'a> {
    /// One document for one list, a `lists` array for several.
    pub fn new(pairs: &[(&'a List, &'a FlagReport)], set: &'a RuleSet) -> Self {
        let mut views: Vec<FlagView<'a>> = pairs.iter().map(|(l, r)| FlagView::new(l, r, set)).collect();
        if views.len() == 1 {
            return FlagDocument::One(Box::new(views.remove(0)));
        }
        for v in &mut views {
            v.builtin_rules = None;
        }
        FlagDocument::Many(FlagManyView {
            format_version: FLAG_FORMAT_VERSION,
            lists: views,
            builtin_rules: (!set.builtin_changes.is_empty()).then_some(&set.builtin_changes),
        })
    }
}

/// `alljobs flag --statistics --format json` for one list: counts per rule.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagStatisticsView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The list flagged.
    pub list: ListSummary<'a>,
    /// One row per rule: how often it fires, waived and not.
    pub statistics: Vec<RuleStat>,
}

/// `flag --statistics --format json` for several lists.
#[derive(Serialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub enum FlagStatisticsDocument<'a> {
    /// One list.
    One(FlagStatisticsView<'a>),
    /// Several lists, in the order given.
    Many {
        /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
        format_version: u32,
        /// One document per list, in the order given.
        lists: Vec<FlagStatisticsView<'a>>,
    },
}

impl<'a> FlagStatisticsDocument<'a> {
    /// One document for one list, a `lists` array for several.
    pub fn new(pairs: &[(&'a List, &'a FlagReport)], set: &RuleSet) -> Self {
        let mut v: Vec<FlagStatisticsView<'a>> = pairs
            .iter()
            .map(|(l, r)| FlagStatisticsView {
                format_version: JSON_FORMAT_VERSION,
                list: ListSummary::of(l),
                statistics: r.statistics(set),
            })
            .collect();
        if v.len() == 1 {
            FlagStatisticsDocument::One(v.remove(0))
        } else {
            FlagStatisticsDocument::Many { format_version: JSON_FORMAT_VERSION, lists: v }
        }
    }
}

// ---------------------------------------------------------------- rules, explain

/// One rule with its full text.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RuleView<'a> {
    /// The rule's code (`CEDAW-GENERAL-BAN`).
    pub code: &'a str,
    /// How serious a finding of the rule is.
    pub severity: RuleSeverity,
    /// Whether the rule reads entries or the list as a whole.
    pub level: RuleLevel,
    /// The rule's title.
    pub title: &'a str,
    /// What the rule detects.
    pub what: &'a str,
    /// Why it matters, in law.
    pub why: &'a str,
    /// Set when the rule rests on a reading rather than a Committee text.
    pub interpretation: Option<&'a str>,
    /// What to do about a finding.
    pub fix: Option<&'a str>,
    /// The finding's message template (`{id}`, `{title}` … filled in).
    pub message: &'a str,
    /// The trigger, in the trigger language.
    pub trigger: String,
    /// The references the rule rests on, each with its verification status.
    pub citations: &'a [Citation],
    /// `built-in`, or the path of the rule file.
    pub defined_in: &'a str,
}

impl<'a> RuleView<'a> {
    /// The view of a rule.
    pub fn new(r: &'a Rule) -> Self {
        RuleView {
            code: &r.code,
            severity: r.severity,
            level: r.level,
            title: &r.title,
            what: &r.what,
            why: &r.why,
            interpretation: r.interpretation.as_deref(),
            fix: r.fix.as_deref(),
            message: &r.message,
            trigger: r.trigger.to_string(),
            citations: &r.citations,
            defined_in: &r.defined_in,
        }
    }
}

/// `alljobs rules --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RulesView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Every rule, in rule-set order.
    pub rules: Vec<RuleView<'a>>,
    /// How the rule files used change the built-in rule set, when they do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin_rules: Option<&'a BuiltinChanges>,
}

impl<'a> RulesView<'a> {
    /// The view of a rule set.
    pub fn new(set: &'a RuleSet) -> Self {
        RulesView {
            format_version: JSON_FORMAT_VERSION,
            rules: set.rules.iter().map(RuleView::new).collect(),
            builtin_rules: (!set.builtin_changes.is_empty()).then_some(&set.builtin_changes),
        }
    }
}

/// `alljobs explain CODE --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ExplainView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The rule explained.
    pub rule: RuleView<'a>,
    /// Set when a rule file redefines the built-in rule of this code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overrides_builtin: Option<&'a Override>,
}

impl<'a> ExplainView<'a> {
    /// The view of one rule of `set`.
    pub fn new(r: &'a Rule, set: &'a RuleSet) -> Self {
        ExplainView {
            format_version: JSON_FORMAT_VERSION,
            rule: RuleView::new(r),
            overrides_builtin: set.builtin_changes.overridden.iter().find(|o| o.code == r.code),
        }
    }
}

// ---------------------------------------------------------------- trace, status, history

/// `alljobs trace TEXT --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct TraceView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The text traced.
    pub query: &'a str,
    /// The similarity below which an entry is not a match.
    pub threshold: f64,
    /// What was found in each jurisdiction, in code order.
    pub jurisdictions: &'a [crate::trace::TraceJurisdiction],
}

impl<'a> TraceView<'a> {
    /// The view of a trace.
    pub fn new(t: &'a crate::trace::Trace) -> Self {
        TraceView {
            format_version: JSON_FORMAT_VERSION,
            query: &t.query,
            threshold: t.threshold,
            jurisdictions: &t.jurisdictions,
        }
    }
}

/// `alljobs status JURISDICTION --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct StatusView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The law on the date asked (flattened into this object).
    #[serde(flatten)]
    pub point: &'a crate::status::PointInTime,
}

impl<'a> StatusView<'a> {
    /// The view of the law on a date.
    pub fn new(point: &'a crate::status::PointInTime) -> Self {
        StatusView { format_version: JSON_FORMAT_VERSION, point }
    }
}

/// One version of `history`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct HistoryVersion<'a> {
    /// The version (flattened into this object).
    #[serde(flatten)]
    pub list: ListSummary<'a>,
    /// Its dates (adopted, in force, repealed …).
    pub dates: &'a Dates,
    /// How it relates to other acts (amends, replaces …).
    pub relations: &'a [Relation],
    /// Facts about the act, each with its sources and confidence.
    pub facts: &'a [Fact],
}

/// `alljobs history JURISDICTION --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct HistoryView<'a> {
    /// The version of this document's shape ([`JSON_FORMAT_VERSION`]).
    pub format_version: u32,
    /// The jurisdiction's code.
    pub jurisdiction: String,
    /// Its lists, in date order.
    pub versions: Vec<HistoryVersion<'a>>,
}

impl<'a> HistoryView<'a> {
    /// The view of a jurisdiction's lists in date order.
    pub fn new(jurisdiction: &str, lists: &'a [List]) -> Self {
        HistoryView {
            format_version: JSON_FORMAT_VERSION,
            jurisdiction: jurisdiction.to_uppercase(),
            versions: lists
                .iter()
                .map(|l| HistoryVersion {
                    list: ListSummary::of(l),
                    dates: &l.meta().dates,
                    relations: &l.meta().relations,
                    facts: &l.meta().facts,
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------- output

// ---------------------------------------------------------------- region

/// An instrument's period in force in `region --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionPeriod<'a> {
    /// How it ends (`kind`: dated, successor, open, unknown, never-in-force).
    pub end: &'a crate::region::End,
    /// False when the end is not known.
    pub end_known: bool,
    /// When the period starts, when known.
    pub from: Option<crate::model::Date>,
    /// What `from` is: `in force from`, `adopted`, `registered`…
    pub from_basis: Option<&'static str>,
    /// The period in words.
    pub text: String,
    /// The end date, when there is one.
    pub until: Option<crate::model::Date>,
}

/// One instrument of a jurisdiction: the list summary with its classes, dates, period and relations.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionInstrument<'a> {
    /// The list summary (flattened into the instrument).
    #[serde(flatten)]
    pub list: ListSummary<'a>,
    /// The class of the instrument as a whole.
    pub class: crate::model::ScopeClass,
    /// Entries per class.
    pub classes: ClassCounts,
    /// The instrument's dates (adopted, in force…).
    pub dates: &'a Dates,
    /// The period in force.
    pub period: RegionPeriod<'a>,
    /// What the instrument revises, supersedes or amends.
    pub relations: &'a [Relation],
    /// The transcription status, when the list states one.
    pub transcription: Option<crate::model::TranscriptionStatus>,
}

/// One report year of the World Bank's WBL coding, with what changed since the year before.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionWbl {
    /// The fields that differ from the previous report year.
    pub changed: Vec<&'static str>,
    /// "Can women work in jobs deemed dangerous in the same way as men?"
    pub dangerous_jobs_same: crate::wbl::Answer,
    /// "Are women able to work in the same industries as men?"
    pub industries_same: crate::wbl::Answer,
    /// The year whose law the report year codes (the year before).
    pub law_year: u16,
    /// "Can women work the same night hours as men?"
    pub night_hours_same: crate::wbl::Answer,
    /// The PAY indicator (0–100).
    pub pay_score: f64,
    /// The WBL report year.
    pub report_year: u16,
    /// The overall WBL index (0–100).
    pub wbl_index: f64,
}

impl RegionWbl {
    /// The view of one WBL row, compared with the previous report year's.
    pub fn of(w: &crate::wbl::WblRow, prev: Option<&crate::wbl::WblRow>) -> Self {
        let mut changed = Vec::new();
        if let Some(p) = prev {
            for (k, a, b) in [
                ("night_hours_same", p.night_hours_same, w.night_hours_same),
                ("dangerous_jobs_same", p.dangerous_jobs_same, w.dangerous_jobs_same),
                ("industries_same", p.industries_same, w.industries_same),
            ] {
                if a != b {
                    changed.push(k);
                }
            }
            if p.pay_score != w.pay_score {
                changed.push("pay_score");
            }
        }
        RegionWbl {
            changed,
            dangerous_jobs_same: w.dangerous_jobs_same,
            industries_same: w.industries_same,
            law_year: crate::wbl::law_year(w.report_year),
            night_hours_same: w.night_hours_same,
            pay_score: w.pay_score,
            report_year: w.report_year,
            wbl_index: w.wbl_index,
        }
    }
}

/// A CEDAW Committee recommendation with its sources resolved (`null`: a source id not in the region data).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionRecommendation<'a> {
    /// How far the recommendation is verified.
    pub confidence: crate::model::Confidence,
    /// The date.
    pub date: crate::model::Date,
    /// The document's symbol (`CEDAW/C/KAZ/CO/5`) or name.
    pub document: &'a str,
    /// The jurisdiction's code.
    pub jurisdiction: &'a str,
    /// Its sources, resolved from the region data.
    pub sources: Vec<Option<&'a crate::region::RegionSource>>,
    /// What became of it, as far as the sources say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// The recommendation, as the sources give it.
    pub text: &'a str,
}

/// The latest change of a jurisdiction's lists.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionChange {
    /// The date.
    pub date: crate::model::Date,
    /// What happened (`in force`, `ended`…).
    pub event: &'static str,
    /// The list's id.
    pub list: String,
}

/// One jurisdiction in `region --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionRow<'a> {
    /// The CEDAW Committee's latest recommendations on the jurisdiction's list.
    pub cedaw: Vec<RegionRecommendation<'a>>,
    /// ISO 3166-1 alpha-2 code (`SU` for the USSR).
    pub code: &'a str,
    /// Ids of the instruments in force or adopted.
    pub in_force_or_adopted: Vec<&'a str>,
    /// The jurisdiction's instruments in the shipped (or given) lists, in date order.
    pub instruments: Vec<RegionInstrument<'a>>,
    /// The latest change of the jurisdiction's lists, when any.
    pub last_change: Option<RegionChange>,
    /// The jurisdiction's name.
    pub name: &'a str,
    /// A note on the jurisdiction, when any.
    pub note: Option<&'a str>,
    /// Who the lists in force restrict, in words.
    pub restricted_now: String,
    /// The WBL answers by report year.
    pub wbl: Vec<RegionWbl>,
    /// The World Bank's economy code, when WBL covers it.
    pub wbl_economy: Option<&'a str>,
    /// The latest report year's answers.
    pub wbl_latest: Option<RegionWbl>,
}

/// `alljobs region --format json` (format_version 1).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionView<'a> {
    /// The document's format version.
    pub format_version: u32,
    /// The first line of every format: how many jurisdictions, instruments and WBL answers.
    pub headline: String,
    /// One row per jurisdiction.
    pub jurisdictions: Vec<RegionRow<'a>>,
    /// The WBL data set the answers come from.
    pub wbl_citation: &'static str,
}

impl<'a> RegionView<'a> {
    /// The view of the region, with the shipped region data (CEDAW sources).
    pub fn new(r: &'a crate::region::Region, data: &'a crate::region::RegionData) -> Self {
        let jurisdictions = r
            .rows
            .iter()
            .map(|row| RegionRow {
                cedaw: row
                    .cedaw
                    .iter()
                    .map(|c| RegionRecommendation {
                        confidence: c.confidence,
                        date: c.date,
                        document: &c.document,
                        jurisdiction: &c.jurisdiction,
                        sources: c.sources.iter().map(|s| data.source(s)).collect(),
                        status: c.status.as_deref(),
                        text: &c.text,
                    })
                    .collect(),
                code: &row.info.code,
                in_force_or_adopted: row.current().iter().map(|i| i.list.meta().id.as_str()).collect(),
                instruments: row
                    .instruments
                    .iter()
                    .map(|i| {
                        let m = i.list.meta();
                        let p = &i.period;
                        RegionInstrument {
                            list: ListSummary::of(&i.list),
                            class: i.class,
                            classes: i.classes,
                            dates: &m.dates,
                            period: RegionPeriod {
                                end: &p.end,
                                end_known: p.end_known(),
                                from: p.from,
                                from_basis: p.from_basis,
                                text: p.text(),
                                until: p.end_date(),
                            },
                            relations: &m.relations,
                            transcription: m.transcription.as_ref().map(|t| t.status),
                        }
                    })
                    .collect(),
                last_change: row.last_change().map(|(date, list, event)| RegionChange { date, event, list }),
                name: &row.info.name,
                note: row.info.note.as_deref(),
                restricted_now: crate::render::region::restricted(row),
                wbl: row
                    .wbl
                    .iter()
                    .enumerate()
                    .map(|(k, w)| RegionWbl::of(w, k.checked_sub(1).and_then(|p| row.wbl.get(p))))
                    .collect(),
                wbl_economy: row.info.wbl.as_deref(),
                wbl_latest: row.wbl.last().map(|w| RegionWbl::of(w, None)),
            })
            .collect();
        RegionView {
            format_version: JSON_FORMAT_VERSION,
            headline: crate::render::region::headline(r),
            jurisdictions,
            wbl_citation: crate::wbl::CITATION,
        }
    }
}

/// `alljobs region --check-wbl --format json` (format_version 1): the lists
/// against the World Bank's WBL coding.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct RegionCheckView<'a> {
    /// Report years where the lists and the WBL coding agree.
    pub agreements: usize,
    /// The comparison, list by list (flattened into the document).
    #[serde(flatten)]
    pub check: &'a crate::region::WblCheck,
    /// The WBL data set compared with.
    pub citation: &'static str,
    /// Report years where they disagree.
    pub disagreements: usize,
    /// The document's format version.
    pub format_version: u32,
}

impl<'a> RegionCheckView<'a> {
    /// The view of a WBL check.
    pub fn new(c: &'a crate::region::WblCheck) -> Self {
        RegionCheckView {
            agreements: c.lists.iter().map(|l| l.agreements().count()).sum(),
            check: c,
            citation: crate::wbl::CITATION,
            disagreements: c.disagreement_count(),
            format_version: JSON_FORMAT_VERSION,
        }
    }
}

// ---------------------------------------------------------------- ci

/// One side (old or new) of a changed list file in `ci --format json`:
/// `state` is `absent`, `invalid` (with its `diagnostics`) or `valid` (with its `list`).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiSide<'a> {
    /// The errors that make the file not a valid list (`state = "invalid"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<&'a [Diagnostic]>,
    /// The list (`state = "valid"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<ListSummary<'a>>,
    /// `absent`, `invalid` or `valid`.
    pub state: &'static str,
}

impl<'a> CiSide<'a> {
    /// The view of one side.
    pub fn of(side: &'a crate::ci::Side) -> Self {
        use crate::ci::Side;
        match side {
            Side::Absent => CiSide { diagnostics: None, list: None, state: "absent" },
            Side::Invalid(ds) => CiSide { diagnostics: Some(ds), list: None, state: "invalid" },
            Side::Valid(b) => CiSide { diagnostics: None, list: Some(ListSummary::of(&b.0)), state: "valid" },
        }
    }
}

/// The class counts of both versions of a changed file (`None`: not a valid list).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiClasses {
    /// The new version's counts (`None`: not a valid list).
    pub new: Option<ClassCounts>,
    /// The base version's counts (`None`: not a valid list).
    pub old: Option<ClassCounts>,
}

/// A finding that counts for the policy.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiFinding<'a> {
    /// The entry, or `None` for a list-level finding.
    pub entry_id: Option<&'a str>,
    /// The list file (repository-relative).
    pub file: &'a str,
    /// The line of the entry (or of the list).
    pub line: usize,
    /// The finding in one sentence.
    pub message: &'a str,
    /// The rule's code.
    pub rule: &'a str,
    /// The rule's severity.
    pub severity: RuleSeverity,
}

/// The findings of the new version: the summary of all, and those that count.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiFindings<'a> {
    /// Findings that count for the policy (unwaived; new in the change unless `new_findings_only = false`).
    pub counted: Vec<CiFinding<'a>>,
    /// "57 findings: 18 critical, …; 0 waived".
    pub summary: String,
}

/// One changed list file in `ci --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiFile<'a> {
    /// One line per change (unchanged entries left out).
    pub changes: Vec<String>,
    /// Entries per class in both versions.
    pub classes: CiClasses,
    /// The counts of the diff (`None` when a side is invalid).
    pub diff: Option<crate::diff::Summary>,
    /// The findings of the new version (`None` when it is not a valid list).
    pub findings: Option<CiFindings<'a>>,
    /// The version in the working tree.
    pub new: CiSide<'a>,
    /// Things the reader must know ("the base version is not a valid list…").
    pub notes: &'a [String],
    /// The version at the base revision.
    pub old: CiSide<'a>,
    /// The path at the base when it differs (renames).
    pub old_path: Option<&'a str>,
    /// The path in the working tree (for a deleted file: its path at the base).
    pub path: &'a str,
    /// How the file changed.
    pub status: crate::ci::FileStatus,
    /// Warnings about the new version (they do not fail the build).
    pub warnings: &'a [Diagnostic],
}

impl<'a> CiFile<'a> {
    /// The view of one changed file.
    pub fn of(f: &'a crate::ci::FileReport) -> Self {
        let counted = f
            .counted_findings()
            .map(|x| CiFinding {
                entry_id: x.entry_id.as_deref(),
                file: &x.location.file,
                line: x.location.line,
                message: &x.message,
                rule: &x.rule,
                severity: x.severity,
            })
            .collect();
        CiFile {
            changes: crate::ci::describe_changes(f),
            classes: CiClasses {
                new: f.new_classes.as_ref().map(|c| c.counts),
                old: f.old_classes.as_ref().map(|c| c.counts),
            },
            diff: f.diff.as_ref().map(|d| d.summary),
            findings: f.flags.as_ref().map(|x| CiFindings { counted, summary: x.summary() }),
            new: CiSide::of(&f.new),
            notes: &f.notes,
            old: CiSide::of(&f.old),
            old_path: f.change.old_path.as_deref(),
            path: &f.change.path,
            status: f.change.status,
            warnings: &f.warnings,
        }
    }
}

/// The rules `flag` ran with in a CI run.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiRules<'a> {
    /// Built-in rules changed by the rule file.
    pub builtin_rules: &'a BuiltinChanges,
    /// `built-in`, or the rule file (at the base, as `abc123:path`).
    pub source: &'a str,
}

/// The policy in force in a CI run, where it came from, and what the change does to it.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiPolicy<'a> {
    /// What the change does to the policy and its rule file.
    pub changes: &'a [crate::ci::guard::PolicyChange],
    /// Whose policy is in force (the base revision's unless allowed or trusted).
    pub mode: crate::ci::guard::PolicyMode,
    /// Notes the reader must know.
    pub notes: &'a [String],
    /// The settings in force.
    pub policy: &'a crate::ci::Policy,
    /// The rules `flag` ran with.
    pub rules: CiRules<'a>,
    /// Where the policy came from, in words.
    pub source: String,
}

/// `alljobs ci --format json` (format_version 1).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CiView<'a> {
    /// The revision compared with, and how it was chosen.
    pub base: &'a crate::ci::Base,
    /// The changed list files, sorted by path.
    pub files: Vec<CiFile<'a>>,
    /// The document's format version.
    pub format_version: u32,
    /// True when no policy rule is broken.
    pub passed: bool,
    /// The policy in force, where it came from, and what the change does to it.
    pub policy: CiPolicy<'a>,
    /// Every policy violation, by file and line.
    pub violations: &'a [crate::ci::Violation],
}

impl<'a> CiView<'a> {
    /// The view of a CI run.
    pub fn new(r: &'a crate::ci::CiReport) -> Self {
        CiView {
            base: &r.base,
            files: r.files.iter().map(CiFile::of).collect(),
            format_version: JSON_FORMAT_VERSION,
            passed: r.passed(),
            policy: CiPolicy {
                changes: &r.policy_changes,
                mode: r.policy_mode,
                notes: &r.policy_notes,
                policy: &r.policy,
                rules: CiRules { builtin_rules: &r.rules.builtin_changes, source: &r.rules_source },
                source: r.policy_source.to_string(),
            },
            violations: &r.violations,
        }
    }
}

/// A view as the pretty-printed JSON text a command prints (with a final newline),
/// serialised directly: keys come in the order the view declares them (`format_version`
/// and the list first; maps such as texts by language stay sorted). Key order is
/// not part of the contract: the keys, their types and their values are (`schemas/`).
pub fn to_json<T: Serialize + ?Sized>(view: &T) -> String {
    // Views hold only strings, numbers and maps with string keys: serialisation cannot fail.
    let mut s = serde_json::to_string_pretty(view).unwrap_or_default();
    s.push('\n');
    s
}

/// [`to_json`], written to `w` as it is produced: the same bytes, without
/// holding the whole text in memory as well (a large `flag --format json`).
pub fn write_json<T: Serialize + ?Sized, W: std::io::Write>(w: W, view: &T) -> std::io::Result<()> {
    use std::io::Write;
    // Serialised directly (not through a `serde_json::Value`, which would hold the
    // whole document as a tree and sort its keys): the bytes of `to_json`.
    let mut w = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut w, view).map_err(std::io::Error::from)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// The commands whose JSON output has a schema (`alljobs schema <command>`), in order.
pub const SCHEMA_COMMANDS: [&str; 14] = [
    "check",
    "show",
    "diff",
    "classify",
    "flag",
    "flag-statistics",
    "rules",
    "explain",
    "trace",
    "status",
    "history",
    "ci",
    "region",
    "region-check-wbl",
];

/// The JSON Schema of a command's JSON output, or `None` for an unknown command.
pub fn schema(command: &str) -> Option<serde_json::Value> {
    use schemars::schema_for;
    let s = match command {
        "check" => schema_for!(CheckView<'static>),
        "show" => schema_for!(ShowView<'static>),
        "diff" => schema_for!(DiffView<'static>),
        "classify" => schema_for!(ClassifyView<'static>),
        "flag" => schema_for!(FlagDocument<'static>),
        "flag-statistics" => schema_for!(FlagStatisticsDocument<'static>),
        "rules" => schema_for!(RulesView<'static>),
        "explain" => schema_for!(ExplainView<'static>),
        "trace" => schema_for!(TraceView<'static>),
        "status" => schema_for!(StatusView<'static>),
        "history" => schema_for!(HistoryView<'static>),
        "ci" => schema_for!(CiView<'static>),
        "region" => schema_for!(RegionView<'static>),
        "region-check-wbl" => schema_for!(RegionCheckView<'static>),
        _ => return None,
    };
    let mut v = serde_json::to_value(s).ok()?;
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("$id".into(), format!("https://alljobs.invalid/schemas/{command}.schema.json").into());
    }
    Some(v)
}

/// The schema as committed under `schemas/`: pretty-printed with a final newline.
pub fn schema_text(command: &str) -> Option<String> {
    schema(command).map(|v| to_json(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schemas under `schemas/` are the ones the code generates.
    #[test]
    fn committed_schemas_match_the_views() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
        for c in SCHEMA_COMMANDS {
            let path = dir.join(format!("{c}.schema.json"));
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == schema_text(c).unwrap(),
                "{} is out of date: run `cargo run -- schema --dir schemas`",
                path.display()
            );
        }
        assert!(schema("no-such-command").is_none());
    }

    /// Every schema is a valid JSON Schema.
    #[test]
    fn schemas_compile() {
        for c in SCHEMA_COMMANDS {
            assert!(jsonschema::validator_for(&schema(c).unwrap()).is_ok(), "{c}");
        }
    }
}
