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
    BuiltinChanges, Citation, Finding, FlagReport, Override, Rule, RuleLevel, RuleSet, RuleStat, Severity,
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
    pub id: &'a str,
    pub jurisdiction: &'a str,
    pub instrument: InstrumentKind,
    pub number: Option<&'a str>,
    pub title: &'a Text,
    pub status: Status,
    pub effect: Effect,
    pub default_scope: &'a Scope,
    pub base: Option<&'a str>,
    /// Entries transcribed.
    pub entries_present: usize,
    /// Entries the instrument declares, when known.
    pub entries_declared: Option<usize>,
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
            path: &list.path,
        }
    }
}

// ---------------------------------------------------------------- show

/// One entry of `show`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ShowEntry<'a> {
    pub id: &'a str,
    pub number: Option<&'a str>,
    pub section: Option<&'a str>,
    pub title: &'a Text,
    pub condition: &'a Text,
    /// The entry's scope (its own, or the list's default).
    pub scope: Scope,
    pub scope_inferred: bool,
    pub kind: EntryKind,
    pub evidence: Evidence,
    pub sources: &'a [String],
    pub file: String,
    pub line: usize,
}

/// `alljobs show --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ShowView<'a> {
    pub format_version: u32,
    pub list: ListSummary<'a>,
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
    pub path: &'a str,
    /// No error.
    pub ok: bool,
    /// The list, when it could be read and consolidated.
    pub list: Option<ListSummary<'a>>,
    pub diagnostics: &'a [Diagnostic],
}

/// `alljobs check --format json`: one object per file.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct CheckView<'a> {
    pub format_version: u32,
    pub errors: usize,
    pub warnings: usize,
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
    pub format_version: u32,
    pub old: ListSummary<'a>,
    pub new: ListSummary<'a>,
    /// How complete the two lists are, when either is partial.
    pub note: Option<String>,
    pub language: &'a str,
    pub threshold: f64,
    /// True with `--stat`: the counts only.
    pub stat: bool,
    pub summary: &'a crate::diff::Summary,
    pub coverage: Vec<crate::coverage::CoverageGroup>,
    pub headline: Vec<String>,
    pub changes: &'a [crate::diff::Change],
    pub warnings: &'a [String],
    pub framing: &'a [crate::framing::Framing],
    pub stable_ids: bool,
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
    pub id: &'a str,
    pub class: crate::model::ScopeClass,
    pub subgroup: &'a str,
    pub basis: crate::classify::Basis,
    pub scope: &'a Scope,
    pub scope_from: crate::classify::ScopeFrom,
    pub evidence: &'a [String],
    pub section: Option<&'a str>,
    pub file: String,
    pub line: usize,
}

/// Counts of one section (`section` null: entries that name none).
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct SectionCounts<'a> {
    pub section: Option<&'a str>,
    pub title: Option<&'a Text>,
    pub counts: ClassCounts,
}

/// `alljobs classify --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct ClassifyView<'a> {
    pub format_version: u32,
    pub list: ListSummary<'a>,
    pub counts: ClassCounts,
    pub by_section: Vec<SectionCounts<'a>>,
    pub entries: Vec<ClassifyEntry<'a>>,
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
    pub title: &'a str,
    pub severity: Severity,
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
    pub severity: Severity,
    pub entry_id: Option<&'a str>,
    pub message: &'a str,
    pub waived: bool,
    pub title: &'a str,
    pub evidence: &'a [String],
    /// The rule rests on an interpretation.
    pub interpretation: bool,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub waiver: Option<&'a crate::model::Waiver>,
    pub reads: &'a [String],
    pub rests_on_absence: bool,
    pub absent_fields: &'a [String],
    pub confidence: crate::rules::FindingConfidence,
    /// For a list-level finding of an entry rule that holds for every entry: those entries.
    pub entries: &'a [String],
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
            waiver: f.waiver.as_ref(),
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
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub info: usize,
    pub waived: usize,
    pub unwaived: usize,
}

/// `alljobs flag --format json` for one list.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct FlagView<'a> {
    /// 2: citations are in `rules`, not repeated in each finding.
    pub format_version: u32,
    pub list: ListSummary<'a>,
    /// The rules the findings refer to, by code, each with its citations.
    pub rules: BTreeMap<&'a str, FlagRule<'a>>,
    pub findings: Vec<FlagFinding<'a>>,
    pub summary: FlagSummary,
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
                critical: r.count(Severity::Critical),
                high: r.count(Severity::High),
                medium: r.count(Severity::Medium),
                info: r.count(Severity::Info),
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
    pub format_version: u32,
    pub lists: Vec<FlagView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin_rules: Option<&'a BuiltinChanges>,
}

/// The document `flag --format json` prints: one list, or several.
#[derive(Serialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub enum FlagDocument<'a> {
    One(Box<FlagView<'a>>),
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
    pub format_version: u32,
    pub list: ListSummary<'a>,
    pub statistics: Vec<RuleStat>,
}

/// `flag --statistics --format json` for several lists.
#[derive(Serialize, JsonSchema, Debug, Clone)]
#[serde(untagged)]
pub enum FlagStatisticsDocument<'a> {
    One(FlagStatisticsView<'a>),
    Many { format_version: u32, lists: Vec<FlagStatisticsView<'a>> },
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
    pub code: &'a str,
    pub severity: Severity,
    pub level: RuleLevel,
    pub title: &'a str,
    pub what: &'a str,
    pub why: &'a str,
    pub interpretation: Option<&'a str>,
    pub fix: Option<&'a str>,
    pub message: &'a str,
    /// The trigger, in the trigger language.
    pub trigger: String,
    pub citations: &'a [Citation],
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
    pub format_version: u32,
    pub rules: Vec<RuleView<'a>>,
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
    pub format_version: u32,
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
    pub format_version: u32,
    pub query: &'a str,
    pub threshold: f64,
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
    pub format_version: u32,
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
    #[serde(flatten)]
    pub list: ListSummary<'a>,
    pub dates: &'a Dates,
    pub relations: &'a [Relation],
    pub facts: &'a [Fact],
}

/// `alljobs history JURISDICTION --format json`.
#[derive(Serialize, JsonSchema, Debug, Clone)]
pub struct HistoryView<'a> {
    pub format_version: u32,
    pub jurisdiction: String,
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

/// A view as the pretty-printed JSON text a command prints (with a final newline).
///
/// Keys are printed in sorted order, as they always were (the documents were built
/// as `serde_json` maps before they were typed), so the output stays byte-identical.
pub fn to_json<T: Serialize + ?Sized>(view: &T) -> String {
    // Views hold only strings, numbers and maps with string keys: serialisation cannot fail.
    let value = serde_json::to_value(view).unwrap_or(serde_json::Value::Null);
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// [`to_json`], written to `w` as it is produced: the same bytes, without
/// holding the whole text in memory as well (a large `flag --format json`).
pub fn write_json<T: Serialize + ?Sized, W: std::io::Write>(w: W, view: &T) -> std::io::Result<()> {
    use std::io::Write;
    let value = serde_json::to_value(view).unwrap_or(serde_json::Value::Null);
    let mut w = std::io::BufWriter::new(w);
    serde_json::to_writer_pretty(&mut w, &value)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// The commands whose JSON output has a schema (`alljobs schema <command>`), in order.
pub const SCHEMA_COMMANDS: [&str; 11] =
    ["check", "show", "diff", "classify", "flag", "flag-statistics", "rules", "explain", "trace", "status", "history"];

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
