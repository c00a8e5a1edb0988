//! The diff engine: compare two versions of a list the way a lawyer reads them.
//!
//! [`diff_lists`] matches the entries (see [`crate::matching`] for the order of
//! the matching steps) and describes each correspondence as a [`Change`],
//! named after the textual modifications of Akoma Ntoso:
//!
//! - **added** (insertion) and **removed** (repeal): an entry only in the newer
//!   or only in the older list;
//! - **changed**: a matched entry with one or more [`Aspect`]s — **reworded**
//!   (substitution; with a word-level redline), **rescoped** (the group it
//!   restricts changed; the direction, **narrowed** or **widened**, is in
//!   `scope.relation`), **moved** (to another section), **renumbered**;
//! - **split** (one old entry became several) and **merged** (several became one);
//! - **unchanged**.
//!
//! A matched entry also changes by its other fields: **evidence**, **sources**
//! and **fields** (kind, hazards, justification, exceptions, employer waiver,
//! waivers, review dates, notes…), each with its before/after in
//! [`Change::fields`]. Changes of the list's own metadata (title, status,
//! dates, sources table…) are in [`Diff::list_changes`]. Every pair carries how
//! it was matched, its score components and a confidence (see
//! [`crate::matching`]).

use crate::list::List;
pub use crate::matching::MatchConfidence;
use crate::matching::{self, GroupKind, Item, MatchOptions, MatchedBy, Scores};
use crate::model::{
    Entry, IdKind, ListMeta, Scope, ScopeClass, ScopeRelation, Text, pick_text, scope_relation_of_sets,
};
use crate::normalize::{match_key, normalize};
use fnv::FnvHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

pub use crate::matching::DEFAULT_THRESHOLD;

/// Options of [`diff_lists`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// Minimum similarity (0–1) for the fuzzy matching step; default [`DEFAULT_THRESHOLD`].
    pub threshold: f64,
    /// Pairs (and splits/merges) below this confidence are reported as removed + added.
    pub min_confidence: Option<MatchConfidence>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions { threshold: DEFAULT_THRESHOLD, min_confidence: None }
    }
}

/// The differences between two versions of a list.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Diff {
    /// Counts over every change (also those a filter hides).
    pub summary: Summary,
    /// The changes, in the order of the newer list (removed entries after the
    /// entry that preceded them in the older list).
    pub changes: Vec<Change>,
    /// The language the texts were compared in (`ru`, `ky`, `en`…).
    pub language: String,
    /// The fuzzy threshold used.
    pub threshold: f64,
    /// Problems found while matching (e.g. `replaces` naming an unknown id),
    /// then the framing warnings in words.
    pub warnings: Vec<String>,
    /// What kind of comparison this is: reversed dates, cross-country,
    /// comparison language missing on one side (see [`crate::Framing`]).
    pub framing: Vec<crate::framing::Framing>,
    /// True when the ids were taken as identities (both lists declare
    /// `list.ids = "stable"`, or one is an overlay of the other).
    pub stable_ids: bool,
    /// Changes of the list's own metadata (title, status, dates, declared count,
    /// transcription, sources table, …), each with its before/after.
    pub list_changes: Vec<FieldChange>,
}

/// One field that changed, with its value before and after (`null`: absent).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FieldChange {
    /// A dotted path: `evidence`, `hazards`, `dates.adopted.date`, `sections.s1.title.ru`, `sources.K1.url`.
    pub field: String,
    /// The value before (`null`: absent).
    pub old: serde_json::Value,
    /// The value after (`null`: absent).
    pub new: serde_json::Value,
}

impl FieldChange {
    /// "evidence: reported → official-text".
    pub fn text(&self) -> String {
        format!("{}: {} → {}", self.field, value_text(&self.old), value_text(&self.new))
    }
}

/// A JSON value as plain text: strings unquoted, absent as "—", others compact.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// At most this many characters of a value in [`list_change_lines`].
pub const SHORT_VALUE: usize = 70;

/// `v` for a reader: absent as "—", a string as it is, a list of plain values
/// joined by ", ", a list of records as "N item(s)", anything else compact JSON.
fn readable(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Array(a) if a.is_empty() => "—".into(),
        Value::Array(a) if a.iter().any(|x| x.is_object() || x.is_array()) => format!("{} item(s)", a.len()),
        Value::Array(a) => a.iter().map(value_text).collect::<Vec<_>>().join(", "),
        v => value_text(v),
    }
}

/// `t` cut to [`SHORT_VALUE`] characters ("…").
fn shorten(t: &str) -> String {
    match t.char_indices().nth(SHORT_VALUE) {
        Some((k, _)) => format!("{}…", t[..k].trim_end()),
        None => t.to_string(),
    }
}

/// `v` as readable text cut to [`SHORT_VALUE`] characters ("…").
pub fn short_value(v: &serde_json::Value) -> String {
    shorten(&readable(v))
}

/// "before → after" of two values, shortened; when two long texts begin
/// alike, both are shown from a little before where they differ ("…"), so
/// that the shortening never hides the change.
pub fn short_change(old: &serde_json::Value, new: &serde_json::Value) -> String {
    let (a, b) = (readable(old), readable(new));
    let same: usize = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let long = a.chars().count().max(b.chars().count()) > SHORT_VALUE;
    if long && same > 20 {
        let from = |t: &str| -> String {
            let k = t.char_indices().nth(same - 12).map_or(t.len(), |(k, _)| k);
            format!("…{}", shorten(&t[k..]))
        };
        return format!("{} → {}", from(&a), from(&b));
    }
    format!("{} → {}", shorten(&a), shorten(&b))
}

/// The list-level changes (`Diff::list_changes`) summarised for a reader, one
/// line each: a source as "source added: K1 «title»", "source removed: …",
/// "source changed: K1 «title»: url: a → b; accessed: …"; a section as "section added:
/// s2 «title»", "section removed: …", "section renamed: «old» → «new»"; any
/// other field as "field: before → after" with long values shortened
/// ([`SHORT_VALUE`]). The JSON keeps the full detail.
pub fn list_change_lines(old: &List, new: &List, changes: &[FieldChange]) -> Vec<String> {
    let source_title = |id: &str| -> String {
        new.sources()
            .iter()
            .chain(old.sources().iter())
            .find(|s| s.id == id)
            .map(|s| format!(" «{}»", short_value(&serde_json::Value::String(s.title.clone()))))
            .unwrap_or_default()
    };
    let section_title = |v: &serde_json::Value| -> String {
        let t: Option<Text> = serde_json::from_value(v.get("title").cloned().unwrap_or_default()).ok();
        t.and_then(|t| {
            pick_text(&t, crate::model::language_order("ru")).map(|x| format!(" «{}»", short_value(&x.into())))
        })
        .unwrap_or_default()
    };
    let mut out = Vec::new();
    // Changed sources: one line per source, naming the fields that changed.
    let mut changed_sources: Vec<(String, Vec<String>)> = Vec::new();
    for f in changes {
        let mut parts = f.field.splitn(3, '.');
        let (head, id, rest) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        match (head, id, rest) {
            ("sources", Some(id), None) => {
                let what = if f.old.is_null() { "added" } else { "removed" };
                out.push(format!("source {what}: {id}{}", source_title(id)));
            }
            ("sources", Some(id), Some(field)) => {
                let what = format!("{field}: {}", short_change(&f.old, &f.new));
                match changed_sources.iter_mut().find(|(s, _)| s == id) {
                    Some((_, fields)) => fields.push(what),
                    None => {
                        out.push(String::new()); // placeholder, filled below
                        changed_sources.push((id.to_string(), vec![what]));
                    }
                }
            }
            ("sections", Some(id), None) => {
                let (what, v) = if f.old.is_null() { ("added", &f.new) } else { ("removed", &f.old) };
                out.push(format!("section {what}: {id}{}", section_title(v)));
            }
            ("sections", Some(id), Some(field)) if field.starts_with("title.") => {
                out.push(format!("section renamed: {id} ({field}) {}", short_change(&f.old, &f.new)))
            }
            _ => out.push(format!("{}: {}", f.field, short_change(&f.old, &f.new))),
        }
    }
    // Fill the placeholders in order.
    for (line, (id, fields)) in out.iter_mut().filter(|l| l.is_empty()).zip(&changed_sources) {
        *line = format!("source changed: {id}{}: {}", source_title(id), fields.join("; "));
    }
    out
}

/// How many changes of each kind.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Summary {
    /// Entries only in the newer version.
    pub added: usize,
    /// Entries only in the older version.
    pub removed: usize,
    /// Entries paired across the versions that differ.
    pub changed: usize,
    /// Entries paired across the versions that are the same.
    pub unchanged: usize,
    /// Changed, split or merged entries whose scope narrowed (e.g. all women → pregnant).
    pub narrowed: usize,
    /// Changed, split or merged entries whose scope now reaches women it did
    /// not reach before (widened, or changed both ways).
    pub widened: usize,
    /// Changed, split or merged entries whose scope releases some women
    /// (narrowed, or changed both ways). Swapping the lists swaps `widened` and `releases`.
    pub releases: usize,
    /// Old entries split into several new ones.
    pub split: usize,
    /// Old entries merged into one new one.
    pub merged: usize,
    /// Changes where a general clause of the newer list covers the old entry (`matched_by = "covers"`).
    pub covered: usize,
    /// Changes where a general clause of the OLDER list covered the new entry: a
    /// diff run from a later version back to an earlier one (`matched_by =
    /// "covers"`, `coverage.older = true`). Swapping the lists swaps `covered`
    /// and `covered_by_older`. Left out of the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    #[schemars(default)]
    pub covered_by_older: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What happened to an entry (or a group of entries, for split and merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeOp {
    /// An entry only in the newer version.
    Added,
    /// An entry only in the older version.
    Removed,
    /// A pair of entries that differ.
    Changed,
    /// A pair of entries that are the same.
    Unchanged,
    /// One old entry became several new ones.
    Split,
    /// Several old entries became one new one.
    Merged,
}

impl ChangeOp {
    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOp::Added => "added",
            ChangeOp::Removed => "removed",
            ChangeOp::Changed => "changed",
            ChangeOp::Unchanged => "unchanged",
            ChangeOp::Split => "split",
            ChangeOp::Merged => "merged",
        }
    }
}

impl fmt::Display for ChangeOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way in which a matched entry changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// The words changed (beyond case, `ё`/`е`, quotes, dashes and spacing).
    Reworded,
    /// The group of women restricted changed.
    Rescoped,
    /// The entry is in another section.
    Moved,
    /// The entry's number changed.
    Renumbered,
    /// The evidence level changed (e.g. reported → official text).
    Evidence,
    /// The entry's sources changed.
    Sources,
    /// Another field changed (kind, hazards, justification, exceptions, employer
    /// waiver, weight limit, alternatives, waivers, review dates, note).
    Fields,
}

impl Aspect {
    /// True for the aspects of an entry's text and place the advocacy report
    /// names (reworded, rescoped, moved, renumbered; its labels exist in
    /// every language); the field aspects (evidence, sources, fields) are
    /// shown by `alljobs diff`.
    pub fn in_report(self) -> bool {
        matches!(self, Aspect::Reworded | Aspect::Rescoped | Aspect::Moved | Aspect::Renumbered)
    }

    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Reworded => "reworded",
            Aspect::Rescoped => "rescoped",
            Aspect::Moved => "moved",
            Aspect::Renumbered => "renumbered",
            Aspect::Evidence => "evidence",
            Aspect::Sources => "sources",
            Aspect::Fields => "fields",
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scope on either side and how it changed.
#[derive(Debug, Clone, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ScopeChange {
    /// The old entry's scope (for a merge: the common scope of the old entries, if they share one).
    pub old: Option<Scope>,
    /// The new entry's scope (for a split: the common scope of the new entries, if they share one).
    pub new: Option<Scope>,
    /// How it changed; `null` for added and removed entries. Computed on sets
    /// of women (see `model::scope`): for a split or merge, the union of each side.
    pub relation: Option<ScopeRelation>,
    /// The new scope restricts some women the old one did not (`null`: cannot
    /// be told, or added/removed). `--fail-on widened` and the CI policy fire on it.
    pub extends: Option<bool>,
    /// The old scope restricted some women the new one does not.
    pub releases: Option<bool>,
    /// The new scope still restricts women as such (all women, an age band,
    /// childbearing age), whatever the relation says.
    pub women_as_such: bool,
}

/// The scope class on either side.
#[derive(Debug, Clone, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ClassChange {
    /// The older side's class (null: no entry on that side).
    pub old: Option<ScopeClass>,
    /// The newer side's class (null: no entry on that side).
    pub new: Option<ScopeClass>,
}

/// One piece of a redline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct RedlineSegment {
    /// Kept, inserted or deleted.
    pub op: RedlineOp,
    /// The words of the piece.
    pub text: String,
}

/// Whether a redline piece is kept, inserted or deleted.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RedlineOp {
    /// Text in both versions.
    Equal,
    /// Text only in the newer version.
    Insert,
    /// Text only in the older version.
    Delete,
}

/// One side's entry of a change, for reports.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct EntryRef {
    /// The entry's id.
    pub id: String,
    /// The number printed in the act.
    pub number: Option<String>,
    /// The id of its section.
    pub section: Option<String>,
    /// Title and condition in the language of the comparison.
    pub text: String,
    /// The scope in force for the entry.
    pub scope: Scope,
    /// Where the entry is defined (`file`, `line`).
    pub file: String,
    /// The line of its definition.
    pub line: usize,
}

/// One change between the two versions.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Change {
    /// What happened.
    pub op: ChangeOp,
    /// The ids of the older version's entries (empty when added).
    pub old_ids: Vec<String>,
    /// The ids of the newer version's entries (empty when removed).
    pub new_ids: Vec<String>,
    /// Indices into the old list's `entries()`.
    #[serde(skip)]
    pub old_index: Vec<usize>,
    /// Indices into the new list's `entries()`.
    #[serde(skip)]
    pub new_index: Vec<usize>,
    /// For changed entries: what changed (for split and merged entries only
    /// `rescoped` and `moved`: their text changes by nature).
    pub aspects: Vec<Aspect>,
    /// Similarity of the texts, 0–1 (1 for unchanged, 0 for added/removed;
    /// for split/merged the share of the single side's words covered).
    pub similarity: f64,
    /// The scope on either side and how it moved.
    pub scope: ScopeChange,
    /// The class of the scope on either side.
    pub class: ClassChange,
    /// Word-level redline of the old text into the new one; empty unless reworded.
    pub redline: Vec<RedlineSegment>,
    /// How the entries were matched (`replaces`, `id`, `text`, `fuzzy`, `coverage`); null for added/removed.
    pub matched_by: Option<MatchedBy>,
    /// How sure the pairing is (`high`, `medium`, `low`: check this pair); null for added/removed.
    pub confidence: Option<MatchConfidence>,
    /// The components of the pair's score; null for added/removed, split and merged.
    pub scores: Option<Scores>,
    /// The other fields that changed (evidence, sources, kind, hazards…), before/after.
    pub fields: Vec<FieldChange>,
    /// The old entries.
    pub old_entries: Vec<EntryRef>,
    /// The new entries.
    pub new_entries: Vec<EntryRef>,
    /// For `matched_by = "covers"`: the covering clause and the basis of the coverage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<crate::coverage::Coverage>,
}

impl Change {
    /// True when the change's scope narrowed (releases some women, extends to no one).
    pub fn narrowed(&self) -> bool {
        self.scope.relation == Some(ScopeRelation::Narrowed)
    }
    /// True when the change extends the restriction to women it did not
    /// cover before (`widened`, and a `changed` scope that also releases others).
    pub fn widened(&self) -> bool {
        self.scope.extends == Some(true)
    }
    /// True when the change is of `kind` (an op, an aspect, or a direction of rescoping).
    pub fn is(&self, kind: ChangeKind) -> bool {
        match kind {
            ChangeKind::Op(op) => self.op == op,
            ChangeKind::Aspect(a) => self.aspects.contains(&a),
            ChangeKind::Narrowed => self.narrowed(),
            ChangeKind::Widened => self.widened(),
        }
    }
}

/// What the table and Markdown outputs print beside a low-confidence pair.
pub const CHECK_THIS_PAIR: &str = "check this pair (low confidence)";

impl Change {
    /// [`CHECK_THIS_PAIR`] when the pairing is of low confidence.
    pub fn check_note(&self) -> Option<&'static str> {
        (self.confidence == Some(MatchConfidence::Low)).then_some(CHECK_THIS_PAIR)
    }

    /// One line per changed field: "evidence: reported → official-text".
    pub fn field_lines(&self) -> Vec<String> {
        self.fields.iter().map(FieldChange::text).collect()
    }

    /// "changed: reworded, rescoped (narrowed), renumbered", "added", "split".
    pub fn describe(&self) -> String {
        let mut s = self.op.to_string();
        if !self.aspects.is_empty() && self.op != ChangeOp::Unchanged {
            let parts: Vec<String> = self
                .aspects
                .iter()
                .map(|a| match (a, self.scope.relation, self.scope.extends) {
                    (Aspect::Rescoped, Some(ScopeRelation::Narrowed), _) if self.scope.women_as_such => {
                        "rescoped (narrowed; still restricts women as such)".to_string()
                    }
                    (Aspect::Rescoped, Some(ScopeRelation::Narrowed), _) => "rescoped (narrowed)".to_string(),
                    (Aspect::Rescoped, Some(ScopeRelation::Widened), _) => "rescoped (widened)".to_string(),
                    (Aspect::Rescoped, _, Some(true)) => {
                        "rescoped (widened to some women, released others)".to_string()
                    }
                    _ => a.to_string(),
                })
                .collect();
            s.push_str(": ");
            s.push_str(&parts.join(", "));
        }
        if let Some(cov) = &self.coverage {
            s.push_str(if self.aspects.is_empty() { ": " } else { ", " });
            if cov.older {
                s.push_str(&format!("was covered by {} of the older list ({})", cov.entry, cov.confidence));
            } else {
                s.push_str(&format!("covered by {} ({})", cov.entry, cov.confidence));
            }
        }
        s
    }

    /// "all-women → pregnant-or-breastfeeding (general → maternity-only)", or one side's scope and class.
    pub fn scope_text(&self) -> String {
        let one = |s: &Option<Scope>, all: &[EntryRef]| match s {
            Some(s) => s.to_string(),
            None => {
                let v: Vec<String> = all.iter().map(|r| r.scope.to_string()).collect();
                v.join(" / ")
            }
        };
        let (o, n) = (one(&self.scope.old, &self.old_entries), one(&self.scope.new, &self.new_entries));
        let class = |c: Option<ScopeClass>| c.map(|c| c.to_string()).unwrap_or_else(|| "mixed".into());
        match self.op {
            ChangeOp::Added => format!("{n} ({})", class(self.class.new)),
            ChangeOp::Removed => format!("{o} ({})", class(self.class.old)),
            _ if self.scope.relation == Some(ScopeRelation::Same) => format!("{o} ({})", class(self.class.old)),
            _ if self.class.old == self.class.new => format!("{o} → {n} ({})", class(self.class.old)),
            _ => format!("{o} → {n} ({} → {})", class(self.class.old), class(self.class.new)),
        }
    }
}

impl EntryRef {
    /// "k40-12 (No. 12, section s3)".
    pub fn label(&self) -> String {
        let mut extra = Vec::new();
        if let Some(n) = &self.number {
            extra.push(format!("No. {n}"));
        }
        if let Some(s) = &self.section {
            extra.push(format!("section {s}"));
        }
        if extra.is_empty() { self.id.clone() } else { format!("{} ({})", self.id, extra.join(", ")) }
    }
}

impl Summary {
    /// "0 added, 0 removed, 18 changed, 0 unchanged, 0 split, 0 merged; scope narrowed for 18, widened for 0".
    pub fn text(&self) -> String {
        let mut covered = String::new();
        if self.covered > 0 {
            covered.push_str(&format!("; {} covered by a general clause of the newer list", self.covered));
        }
        if self.covered_by_older > 0 {
            covered.push_str(&format!(
                "; {} were covered by a general clause of the older list (a diff from a later version back to an earlier one)",
                self.covered_by_older
            ));
        }
        format!(
            "{} added, {} removed, {} changed, {} unchanged, {} split, {} merged; scope narrowed for {}, widened for {}{covered}",
            self.added,
            self.removed,
            self.changed,
            self.unchanged,
            self.split,
            self.merged,
            self.narrowed,
            self.widened
        )
    }
}

/// A kind of change to select by (`alljobs diff --only`, `--fail-on`): what
/// happened ([`ChangeOp`]), how a changed entry changed ([`Aspect`]), or the
/// direction of a scope change. Named as the op or aspect is in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Changes with this op.
    Op(ChangeOp),
    /// Changes with this aspect.
    Aspect(Aspect),
    /// Changes whose scope narrowed.
    Narrowed,
    /// Changes whose scope now reaches women it did not reach before.
    Widened,
}

impl ChangeKind {
    /// Every kind with its name.
    pub const ALL: [(&'static str, ChangeKind); 15] = [
        ("added", ChangeKind::Op(ChangeOp::Added)),
        ("removed", ChangeKind::Op(ChangeOp::Removed)),
        ("changed", ChangeKind::Op(ChangeOp::Changed)),
        ("unchanged", ChangeKind::Op(ChangeOp::Unchanged)),
        ("split", ChangeKind::Op(ChangeOp::Split)),
        ("merged", ChangeKind::Op(ChangeOp::Merged)),
        ("reworded", ChangeKind::Aspect(Aspect::Reworded)),
        ("rescoped", ChangeKind::Aspect(Aspect::Rescoped)),
        ("narrowed", ChangeKind::Narrowed),
        ("widened", ChangeKind::Widened),
        ("moved", ChangeKind::Aspect(Aspect::Moved)),
        ("renumbered", ChangeKind::Aspect(Aspect::Renumbered)),
        ("evidence", ChangeKind::Aspect(Aspect::Evidence)),
        ("sources", ChangeKind::Aspect(Aspect::Sources)),
        ("fields", ChangeKind::Aspect(Aspect::Fields)),
    ];

    /// The kind's name: the op's or aspect's, or `narrowed` / `widened`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Op(op) => op.as_str(),
            ChangeKind::Aspect(a) => a.as_str(),
            ChangeKind::Narrowed => "narrowed",
            ChangeKind::Widened => "widened",
        }
    }
}

/// A word that is not a kind of change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a kind of change; expected one of: added, removed, changed, unchanged, split, merged, reworded, rescoped, narrowed, widened, moved, renumbered, evidence, sources, fields"
)]
pub struct ChangeKindError(pub String);

impl FromStr for ChangeKind {
    type Err = ChangeKindError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        ChangeKind::ALL.iter().find(|(n, _)| *n == t).map(|(_, k)| *k).ok_or_else(|| ChangeKindError(s.to_string()))
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Diff {
    /// True when any change is of one of `kinds`.
    pub fn any(&self, kinds: &[ChangeKind]) -> bool {
        self.changes.iter().any(|c| kinds.iter().any(|k| c.is(*k)))
    }

    /// A copy listing only the changes of one of `only` (all when empty);
    /// unchanged entries are dropped unless `show_unchanged` or asked for in
    /// `only`. The summary still counts every change.
    pub fn filtered(&self, only: &[ChangeKind], show_unchanged: bool) -> Diff {
        // Only the kept changes are cloned (most entries of a large list are unchanged).
        let changes = self.changes.iter().filter(|c| Diff::shows(c, only, show_unchanged)).cloned().collect();
        Diff {
            summary: self.summary,
            changes,
            language: self.language.clone(),
            threshold: self.threshold,
            warnings: self.warnings.clone(),
            framing: self.framing.clone(),
            stable_ids: self.stable_ids,
            list_changes: self.list_changes.clone(),
        }
    }

    /// [`Diff::filtered`], consuming the diff (nothing is cloned).
    pub fn into_filtered(self, only: &[ChangeKind], show_unchanged: bool) -> Diff {
        self.into_shown_and_hidden(only, show_unchanged).0
    }

    /// [`Diff::into_filtered`], with the changes it leaves out given back in
    /// order instead of dropped (a caller about to exit need not free them one by one).
    pub fn into_shown_and_hidden(mut self, only: &[ChangeKind], show_unchanged: bool) -> (Diff, Vec<Change>) {
        let (shown, hidden) =
            std::mem::take(&mut self.changes).into_iter().partition(|c| Diff::shows(c, only, show_unchanged));
        self.changes = shown;
        (self, hidden)
    }

    fn shows(c: &Change, only: &[ChangeKind], show_unchanged: bool) -> bool {
        if only.is_empty() { show_unchanged || c.op != ChangeOp::Unchanged } else { only.iter().any(|k| c.is(*k)) }
    }
}

/// The note every output prints when a list is incomplete (fewer entries
/// than declared, or no declared count and no `transcription.status =
/// "complete"`): the comparison covers only the transcribed entries.
pub fn coverage_note(old: &List, new: &List) -> Option<String> {
    let parts: Vec<String> = [("old", old), ("new", new)]
        .iter()
        .filter_map(|(side, l)| {
            let c = l.completeness();
            let says_complete = l
                .meta()
                .transcription
                .as_ref()
                .is_some_and(|t| t.status == crate::model::TranscriptionStatus::Complete);
            (!c.is_complete() && !says_complete).then(|| format!("{side} {} has {}", l.meta().id, c.count_text()))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "incomplete transcription ({}): the comparison covers only the transcribed entries; an entry \"removed\" or \"added\" may only be missing from a transcription",
        parts.join("; ")
    ))
}

/// The language to compare in: the one most entries of both lists have a title in.
fn choose_language(old: &List, new: &List) -> String {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in old.entries() {
        for k in e.title.keys() {
            counts.entry(k.as_str()).or_default().0 += 1;
        }
    }
    for e in new.entries() {
        for k in e.title.keys() {
            counts.entry(k.as_str()).or_default().1 += 1;
        }
    }
    let pref = |l: &str| crate::model::language_order("ru").iter().position(|p| *p == l).unwrap_or(usize::MAX);
    counts
        .into_iter()
        .max_by(|a, b| {
            let (ma, mb) = (a.1.0.min(a.1.1), b.1.0.min(b.1.1));
            ma.cmp(&mb).then((a.1.0 + a.1.1).cmp(&(b.1.0 + b.1.1))).then(pref(b.0).cmp(&pref(a.0))).then(b.0.cmp(a.0))
        })
        .map(|(l, _)| l.to_string())
        .unwrap_or_else(|| "ru".into())
}

fn text_in<'a>(t: &'a Text, lang: &str) -> &'a str {
    t.get(lang).map(String::as_str).or_else(|| pick_text(t, crate::model::language_order("ru"))).unwrap_or("")
}

/// Title and condition in `lang` (falling back to another language), joined as printed.
fn entry_text(e: &Entry, lang: &str) -> String {
    let title = text_in(&e.title, lang).trim();
    let cond = text_in(&e.condition, lang).trim();
    if cond.is_empty() {
        return title.to_string();
    }
    let mut t = String::with_capacity(title.len() + 2 + cond.len());
    t.push_str(title);
    t.push_str(", ");
    t.push_str(cond);
    t
}

/// True when `a` and `b` have the same title and condition in `lang`, hence the
/// same [`entry_text`] (checked without building it).
fn same_entry_text(a: &Entry, b: &Entry, lang: &str) -> bool {
    fn parts<'a>(e: &'a Entry, lang: &str) -> (&'a str, &'a str) {
        (text_in(&e.title, lang).trim(), text_in(&e.condition, lang).trim())
    }
    parts(a, lang) == parts(b, lang)
}

/// What identifies a section across versions: its title's key when the list
/// describes it, else its id.
/// The section identity of every entry of `list` (its section's normalised
/// title, or `#id`), with one lookup table of the list's sections rather than a
/// search per entry (a 100 000-entry list has thousands of sections).
fn section_idents(list: &List) -> Vec<Option<String>> {
    let mut keys: FnvHashMap<&str, String> = FnvHashMap::default();
    for s in list.sections() {
        keys.entry(s.id.as_str()).or_insert_with(|| {
            pick_text(&s.title, crate::model::language_order("ru")).map(match_key).unwrap_or_default()
        });
    }
    list.entries()
        .iter()
        .map(|e| {
            let id = e.section.as_deref()?;
            let key = keys.get(id).cloned().unwrap_or_default();
            Some(if key.is_empty() { format!("#{id}") } else { key })
        })
        .collect()
}

/// A section renamed between the versions — the same section id on both sides,
/// and neither side's title found among the other side's section titles — is
/// one section: its entries are identified by the section id (`#id`) on both
/// sides, so that a renamed heading does not read as every entry "moved".
fn renamed_sections(old: &List, new: &List, old_idents: &mut [Option<String>], new_idents: &mut [Option<String>]) {
    let titles = |l: &List| -> FnvHashMap<String, String> {
        l.sections()
            .iter()
            .map(|s| {
                (
                    s.id.clone(),
                    pick_text(&s.title, crate::model::language_order("ru")).map(match_key).unwrap_or_default(),
                )
            })
            .collect()
    };
    let (to, tn) = (titles(old), titles(new));
    let (ko, kn): (std::collections::HashSet<&String>, std::collections::HashSet<&String>) =
        (to.values().collect(), tn.values().collect());
    let renamed: std::collections::HashSet<&str> = to
        .iter()
        .filter(|(id, t)| {
            tn.get(*id).is_some_and(|u| u != *t && !t.is_empty() && !u.is_empty() && !kn.contains(t) && !ko.contains(u))
        })
        .map(|(id, _)| id.as_str())
        .collect();
    if renamed.is_empty() {
        return;
    }
    for (list, idents) in [(old, old_idents), (new, new_idents)] {
        for (e, ident) in list.entries().iter().zip(idents.iter_mut()) {
            if let Some(id) = e.section.as_deref().filter(|id| renamed.contains(id)) {
                *ident = Some(format!("#{id}"));
            }
        }
    }
}

fn norm_number(n: &str) -> String {
    normalize(n).trim_end_matches('.').trim().to_string()
}

/// Word-level redline of `old` into `new` (Unicode word segmentation; whitespace
/// and punctuation are tokens of their own). Consecutive pieces of one kind are joined.
pub fn redline(old: &str, new: &str) -> Vec<RedlineSegment> {
    use similar::{ChangeTag, TextDiff};
    let d = TextDiff::configure().diff_unicode_words(old, new);
    let mut out: Vec<RedlineSegment> = Vec::new();
    for c in d.iter_all_changes() {
        let op = match c.tag() {
            ChangeTag::Equal => RedlineOp::Equal,
            ChangeTag::Insert => RedlineOp::Insert,
            ChangeTag::Delete => RedlineOp::Delete,
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(c.value()),
            _ => out.push(RedlineSegment { op, text: c.value().to_string() }),
        }
    }
    cleanup(out)
}

/// Makes a redline readable: whitespace kept between two changed runs joins
/// them ("[-и верхолазных работах-]{+более 5 метров+}" rather than word by
/// word), and each run of changes is one deletion followed by one insertion.
fn cleanup(segs: Vec<RedlineSegment>) -> Vec<RedlineSegment> {
    let n = segs.len();
    let changed = |k: usize| segs.get(k).is_some_and(|s: &RedlineSegment| s.op != RedlineOp::Equal);
    let mut out: Vec<RedlineSegment> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<RedlineSegment>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(RedlineSegment { op: RedlineOp::Delete, text: std::mem::take(del) });
        }
        if !ins.is_empty() {
            out.push(RedlineSegment { op: RedlineOp::Insert, text: std::mem::take(ins) });
        }
    };
    for (k, s) in segs.iter().enumerate() {
        match s.op {
            RedlineOp::Delete => del.push_str(&s.text),
            RedlineOp::Insert => ins.push_str(&s.text),
            RedlineOp::Equal if k > 0 && k + 1 < n && changed(k - 1) && changed(k + 1) && s.text.trim().is_empty() => {
                del.push_str(&s.text);
                ins.push_str(&s.text);
            }
            RedlineOp::Equal => {
                flush(&mut out, &mut del, &mut ins);
                out.push(s.clone());
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn common(scopes: &[Scope]) -> Option<Scope> {
    let first = scopes.first()?;
    scopes.iter().all(|s| s == first).then(|| first.clone())
}

struct Ctx<'a> {
    old: &'a List,
    new: &'a List,
    lang: &'a str,
    /// The section identity of each entry (see `section_idents`).
    old_sections: Vec<Option<String>>,
    new_sections: Vec<Option<String>>,
}

impl Ctx<'_> {
    fn entry_ref(&self, list: &List, i: usize) -> EntryRef {
        let e = &list.entries()[i];
        let o = list.origin(i);
        EntryRef {
            id: e.id.clone(),
            number: e.number.clone(),
            section: e.section.clone(),
            text: entry_text(e, self.lang),
            scope: list.scope_of(e),
            file: o.file,
            line: o.line,
        }
    }

    fn one_sided(&self, op: ChangeOp, i: usize) -> Change {
        let removed = op == ChangeOp::Removed;
        let r = self.entry_ref(if removed { self.old } else { self.new }, i);
        let (scope, class) = (Some(r.scope.clone()), Some(r.scope.class()));
        let mut c = Change {
            op,
            old_ids: vec![],
            new_ids: vec![],
            old_index: vec![],
            new_index: vec![],
            aspects: vec![],
            similarity: 0.0,
            scope: ScopeChange::default(),
            class: ClassChange::default(),
            redline: vec![],
            matched_by: None,
            confidence: None,
            scores: None,
            fields: vec![],
            old_entries: vec![],
            new_entries: vec![],
            coverage: None,
        };
        if removed {
            (c.old_ids, c.old_index) = (vec![r.id.clone()], vec![i]);
            (c.scope.old, c.class.old) = (scope, class);
            c.old_entries.push(r);
        } else {
            (c.new_ids, c.new_index) = (vec![r.id.clone()], vec![i]);
            c.scope.women_as_such = r.scope.women_as_such();
            (c.scope.new, c.class.new) = (scope, class);
            c.new_entries.push(r);
        }
        c
    }

    /// Whether the texts differ in the comparison language or any language both have.
    fn reworded(&self, a: &Entry, b: &Entry) -> Option<(String, String)> {
        // Identical texts need no normalising (the common case for matched entries).
        let differ = |ta: &str, tb: &str| ta != tb && normalize(ta) != normalize(tb);
        // Only in languages both entries have: a text against its translation is no rewording.
        let both = |l: &str| a.title.contains_key(l) && b.title.contains_key(l);
        if both(self.lang) && !same_entry_text(a, b, self.lang) {
            let (ta, tb) = (entry_text(a, self.lang), entry_text(b, self.lang));
            if differ(&ta, &tb) {
                return Some((ta, tb));
            }
        }
        for lang in a.title.keys().filter(|k| b.title.contains_key(k)) {
            if same_entry_text(a, b, lang) {
                continue;
            }
            let (ta, tb) = (entry_text(a, lang), entry_text(b, lang));
            if differ(&ta, &tb) {
                return Some((ta, tb));
            }
        }
        None
    }

    fn moved(&self, i: usize, j: usize) -> bool {
        match (&self.old_sections[i], &self.new_sections[j]) {
            (Some(x), Some(y)) => x != y,
            _ => false,
        }
    }

    fn renumbered(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.old.entries()[i], &self.new.entries()[j]);
        match (&a.number, &b.number) {
            (Some(x), Some(y)) => x != y && norm_number(x) != norm_number(y),
            _ => false,
        }
    }

    fn matched(&self, is: &[usize], js: &[usize], op: Option<ChangeOp>, m: Matched) -> Change {
        let Matched { by, score, confidence, scores } = m;
        let old_entries: Vec<EntryRef> = is.iter().map(|&i| self.entry_ref(self.old, i)).collect();
        let new_entries: Vec<EntryRef> = js.iter().map(|&j| self.entry_ref(self.new, j)).collect();
        let mut aspects = Vec::new();
        // Splits and merges change the text by nature: no reworded aspect, no redline.
        let one_to_one = is.len() == 1 && js.len() == 1 && op.is_none();
        let redline_texts =
            if one_to_one { self.reworded(&self.old.entries()[is[0]], &self.new.entries()[js[0]]) } else { None };
        if redline_texts.is_some() {
            aspects.push(Aspect::Reworded);
        }
        let old_scopes: Vec<Scope> = old_entries.iter().map(|r| r.scope.clone()).collect();
        let new_scopes: Vec<Scope> = new_entries.iter().map(|r| r.scope.clone()).collect();
        let shift = scope_relation_of_sets(&old_scopes, &new_scopes);
        let rel = shift.relation;
        if rel != ScopeRelation::Same {
            aspects.push(Aspect::Rescoped);
        }
        if is.iter().any(|&i| js.iter().any(|&j| self.moved(i, j))) {
            aspects.push(Aspect::Moved);
        }
        if one_to_one && self.renumbered(is[0], js[0]) {
            aspects.push(Aspect::Renumbered);
        }
        let fields =
            if one_to_one { entry_fields(&self.old.entries()[is[0]], &self.new.entries()[js[0]]) } else { vec![] };
        for (aspect, name) in [(Aspect::Evidence, "evidence"), (Aspect::Sources, "sources")] {
            if fields.iter().any(|f| f.field == name) {
                aspects.push(aspect);
            }
        }
        if fields.iter().any(|f| f.field != "evidence" && f.field != "sources") {
            aspects.push(Aspect::Fields);
        }
        let op = op.unwrap_or(if aspects.is_empty() { ChangeOp::Unchanged } else { ChangeOp::Changed });
        let women_as_such = new_scopes.iter().any(Scope::women_as_such);
        let (so, sn) = (common(&old_scopes), common(&new_scopes));
        Change {
            op,
            old_ids: old_entries.iter().map(|r| r.id.clone()).collect(),
            new_ids: new_entries.iter().map(|r| r.id.clone()).collect(),
            old_index: is.to_vec(),
            new_index: js.to_vec(),
            aspects,
            similarity: if op == ChangeOp::Unchanged { 1.0 } else { round3(score) },
            class: ClassChange { old: so.as_ref().map(Scope::class), new: sn.as_ref().map(Scope::class) },
            scope: ScopeChange {
                old: so,
                new: sn,
                relation: Some(rel),
                extends: shift.extends,
                releases: shift.releases,
                women_as_such,
            },
            redline: redline_texts.map(|(a, b)| redline(&a, &b)).unwrap_or_default(),
            matched_by: Some(by),
            confidence: Some(confidence),
            scores,
            fields,
            old_entries,
            new_entries,
            coverage: None,
        }
    }

    /// An old entry covered by a general clause of the new list: changed
    /// (rescoped when the scopes differ), never removed; not a rewording.
    fn covered(&self, cv: crate::coverage::Covered) -> Change {
        use crate::model::Confidence as C;
        // The pair's confidence is the coverage's: a reading (inferred) is never high.
        let confidence = match cv.basis.confidence {
            C::Verified => MatchConfidence::High,
            C::Reported | C::Inferred => MatchConfidence::Medium,
            C::Unknown => MatchConfidence::Low,
        };
        let m = Matched { by: MatchedBy::Covers, score: 0.0, confidence, scores: None };
        let mut c = self.matched(&[cv.old], &[cv.new], Some(ChangeOp::Changed), m);
        c.aspects.retain(|a| *a == Aspect::Rescoped);
        c.coverage = Some(cv.basis);
        c
    }
}

/// What the matcher says about one pair or group.
struct Matched {
    by: MatchedBy,
    score: f64,
    confidence: MatchConfidence,
    scores: Option<Scores>,
}

/// True when the ids of the two lists are identities: both declare
/// `list.ids = "stable"`, or one is an overlay of the other (an overlay keeps its
/// base's ids by construction). A list that does not say is taken as
/// `numbering` (the safe default: a derived id is never trusted as identity).
pub fn ids_are_stable(old: &List, new: &List) -> bool {
    let (o, n) = (old.meta(), new.meta());
    let stable = |m: &ListMeta| m.ids == Some(IdKind::Stable);
    (stable(o) && stable(n)) || n.base.as_deref() == Some(o.id.as_str()) || o.base.as_deref() == Some(n.id.as_str())
}

/// The matcher's view of a list's entries in `lang`.
pub fn match_items_of(list: &List, lang: &str) -> Vec<Item> {
    items_with(list, lang, &section_idents(list))
}

fn items_with(list: &List, lang: &str, sections: &[Option<String>]) -> Vec<Item> {
    list.entries()
        .iter()
        .zip(sections.iter().cloned())
        .map(|(e, section)| Item {
            id: e.id.clone(),
            text: entry_text(e, lang),
            title: text_in(&e.title, lang).trim().to_string(),
            condition: text_in(&e.condition, lang).to_string(),
            number: e.number.as_deref().map(norm_number),
            section,
            replaces: e.replaces.clone(),
            replaces_reason: e.replaces_reason.as_deref().is_some_and(|r| !r.trim().is_empty()),
        })
        .collect()
}

/// The language two lists are compared in (see [`diff_lists`]).
pub fn comparison_language(old: &List, new: &List) -> String {
    choose_language(old, new)
}

/// Matched pairs per worker below which their changes are built on one thread
/// (a pair costs tens of thousands of instructions, a reworded one far more).
const PAIRS_PER_WORKER: usize = 128;

/// Compares two versions of a list.
pub fn diff_lists(old: &List, new: &List, opts: &DiffOptions) -> Diff {
    let lang = choose_language(old, new);
    let (mut old_sections, mut new_sections) = (section_idents(old), section_idents(new));
    renamed_sections(old, new, &mut old_sections, &mut new_sections);
    let (old_items, new_items) = (items_with(old, &lang, &old_sections), items_with(new, &lang, &new_sections));
    let stable_ids = ids_are_stable(old, new);
    let mopts = MatchOptions { threshold: opts.threshold, stable_ids };
    let (m, _) = matching::match_items(&old_items, &new_items, &mopts);
    // The matcher's copies of the texts are not needed any more (memory of a 100 000-entry diff).
    drop((old_items, new_items));
    let ctx = Ctx { old, new, lang: &lang, old_sections, new_sections };
    let kept = |c: MatchConfidence| opts.min_confidence.is_none_or(|min| c >= min);

    let mut old_used = vec![false; old.entries().len()];
    let mut new_used = vec![false; new.entries().len()];
    let mut changes: Vec<Change> = Vec::new();
    let mut warnings = m.warnings;
    let mut dropped = 0usize;
    let mut pairs: Vec<&matching::Pair> = Vec::with_capacity(m.pairs.len());
    for p in &m.pairs {
        if !kept(p.confidence) {
            dropped += 1;
            continue;
        }
        old_used[p.old] = true;
        new_used[p.new] = true;
        pairs.push(p);
    }
    // Each pair's change (and reading of its wording) depends on the pair alone:
    // built on every core, kept in order.
    let built = crate::par::par_map(pairs.len(), PAIRS_PER_WORKER, |k| {
        let p = pairs[k];
        let info = Matched { by: p.by, score: p.score, confidence: p.confidence, scores: Some(p.scores) };
        let mut c = ctx.matched(&[p.old], &[p.new], None, info);
        let w = wording_rescopes(&mut c);
        (c, w)
    });
    drop(pairs);
    changes.reserve(built.len());
    for (c, w) in built {
        warnings.extend(w);
        changes.push(c);
    }
    for g in &m.groups {
        if !kept(g.confidence) {
            dropped += 1;
            continue;
        }
        for &i in &g.old {
            old_used[i] = true;
        }
        for &j in &g.new {
            new_used[j] = true;
        }
        let op = match g.kind {
            GroupKind::Split => ChangeOp::Split,
            GroupKind::Merge => ChangeOp::Merged,
        };
        let info = Matched { by: g.by, score: g.score, confidence: g.confidence, scores: None };
        changes.push(ctx.matched(&g.old, &g.new, Some(op), info));
    }
    if dropped > 0
        && let Some(min) = opts.min_confidence
    {
        warnings.push(format!(
            "{dropped} pair(s) or group(s) below confidence {min} are reported as removed + added (the minimum confidence asked for)"
        ));
    }
    let (covered, mut cover_warnings) = crate::coverage::covered(old, new, &old_used);
    for cv in covered {
        old_used[cv.old] = true;
        new_used[cv.new] = true;
        changes.push(ctx.covered(cv));
    }
    // The same coverage seen the other way: OLD is the later version, whose
    // general clause covers entries of NEW (the earlier one). Swapping the lists
    // swaps the sides of each pair, never turns coverage into removed + added.
    let (back, back_warnings) = crate::coverage::covered(new, old, &new_used);
    cover_warnings.extend(back_warnings);
    for mut cv in back {
        cv.basis.older = true;
        (cv.old, cv.new) = (cv.new, cv.old);
        old_used[cv.old] = true;
        new_used[cv.new] = true;
        changes.push(ctx.covered(cv));
    }
    warnings.extend(untranslatable(old, new, &old_used, &new_used));
    for (i, used) in old_used.iter().enumerate() {
        if !used {
            changes.push(ctx.one_sided(ChangeOp::Removed, i));
        }
    }
    for (j, used) in new_used.iter().enumerate() {
        if !used {
            changes.push(ctx.one_sided(ChangeOp::Added, j));
        }
    }
    order(&mut changes, old.entries().len());
    let mut summary = Summary::default();
    for c in &changes {
        match c.op {
            ChangeOp::Added => summary.added += 1,
            ChangeOp::Removed => summary.removed += 1,
            ChangeOp::Changed => summary.changed += 1,
            ChangeOp::Unchanged => summary.unchanged += 1,
            ChangeOp::Split => summary.split += 1,
            ChangeOp::Merged => summary.merged += 1,
        }
        summary.narrowed += usize::from(c.narrowed());
        summary.widened += usize::from(c.widened());
        summary.releases += usize::from(c.scope.releases == Some(true));
        summary.covered += usize::from(c.coverage.as_ref().is_some_and(|v| !v.older));
        summary.covered_by_older += usize::from(c.coverage.as_ref().is_some_and(|v| v.older));
    }
    let framing = crate::framing::framing(old, new, &lang);
    warnings.extend(cover_warnings);
    warnings.extend(framing.iter().map(crate::framing::Framing::text));
    Diff {
        summary,
        changes,
        language: lang,
        threshold: opts.threshold,
        warnings,
        framing,
        stable_ids,
        list_changes: list_changes(old, new),
    }
}

/// A removed and an added entry with the same number whose title and
/// condition have no language in common (a translated list): their wording
/// cannot be compared, so they stay removed and added, but never silently — a
/// warning per such pair says it may be one entry translated.
fn untranslatable(old: &List, new: &List, old_used: &[bool], new_used: &[bool]) -> Vec<String> {
    let langs = |e: &Entry| -> Vec<String> {
        let set: std::collections::BTreeSet<&String> = e.title.keys().chain(e.condition.keys()).collect();
        set.into_iter().cloned().collect()
    };
    let mut by_number: FnvHashMap<String, Vec<usize>> = FnvHashMap::default();
    for (j, e) in new.entries().iter().enumerate() {
        if let (false, Some(n)) = (new_used[j], &e.number) {
            by_number.entry(norm_number(n)).or_default().push(j);
        }
    }
    let mut out = Vec::new();
    for (i, a) in old.entries().iter().enumerate() {
        let Some(n) = a.number.as_ref().filter(|_| !old_used[i]) else { continue };
        let Some([j]) = by_number.get(&norm_number(n)).map(Vec::as_slice) else { continue };
        let b = &new.entries()[*j];
        let (la, lb) = (langs(a), langs(b));
        if !la.is_empty() && !lb.is_empty() && !la.iter().any(|l| lb.contains(l)) {
            out.push(format!(
                "removed `{}` ({}) and added `{}` ({}) are both No. {n} but have no language in common: their wording was not compared; if one is a translation of the other, check this pair",
                a.id,
                la.join(", "),
                b.id,
                lb.join(", ")
            ));
        }
    }
    out
}

/// A reworded pair whose wording changes who it covers while its scope fields
/// do not ("Кессонщик" → "Кессонщик, за исключением беременных женщин": all
/// women but the pregnant, a scope the model cannot hold): the scope relation
/// cannot be told. The change becomes `rescoped` with relation `changed` and
/// `extends`/`releases` null, its confidence low ("check this pair"), and a
/// warning says why. The wording is read by [`crate::heuristics::infer_scope`]
/// only when it says something the fields do not.
fn wording_rescopes(c: &mut Change) -> Option<String> {
    use crate::heuristics::infer_scope;
    if !c.aspects.contains(&Aspect::Reworded) || c.scope.relation != Some(ScopeRelation::Same) {
        return None;
    }
    let (a, b) = (c.old_entries.first()?, c.new_entries.first()?);
    let (ia, ib) = (infer_scope(&a.text), infer_scope(&b.text));
    let (sa, sb) = (ia.as_ref().map(|i| &i.scope), ib.as_ref().map(|i| &i.scope));
    let unsaid = sa.is_some_and(|s| *s != a.scope) || sb.is_some_and(|s| *s != b.scope);
    if sa == sb || !unsaid {
        return None;
    }
    c.scope.relation = Some(ScopeRelation::Changed);
    c.scope.extends = None;
    c.scope.releases = None;
    c.aspects.push(Aspect::Rescoped);
    c.confidence = Some(MatchConfidence::Low);
    let read = |i: &Option<crate::heuristics::Inference>| match i {
        Some(i) => format!("«{}» (read as {})", i.evidence.join("», «"), i.scope),
        None => "nothing about who is covered".to_string(),
    };
    Some(format!(
        "`{}` → `{}`: the wording changes who the entry covers — before {}, after {} — but the scope fields say {} → {}: scope relation unknown, check this pair",
        a.id,
        b.id,
        read(&ia),
        read(&ib),
        a.scope,
        b.scope
    ))
}

/// The fields of two matched entries, other than text, scope, section, number
/// and the matching hints (`id`, `replaces`, `replaces_reason`), that differ.
fn entry_fields(a: &Entry, b: &Entry) -> Vec<FieldChange> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(FieldChange {
                    field: stringify!($f).to_string(),
                    old: serde_json::to_value(&a.$f).unwrap_or_default(),
                    new: serde_json::to_value(&b.$f).unwrap_or_default(),
                });
            }
        )*};
    }
    cmp!(
        evidence,
        sources,
        kind,
        hazards,
        justification,
        exceptions,
        employer_waiver,
        weight_limit_kg,
        alternatives,
        waivers,
        reviewed,
        next_review,
        note,
        scope_inferred
    );
    // An empty list or `false` reads as absent.
    for f in &mut out {
        for v in [&mut f.old, &mut f.new] {
            if v.as_array().is_some_and(|a| a.is_empty()) {
                *v = serde_json::Value::Null;
            }
        }
    }
    out
}

/// Leaves of a JSON value by dotted path (objects are walked, arrays are leaves).
fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&p, x, out);
            }
        }
        x => {
            out.insert(prefix.to_string(), x.clone());
        }
    }
}

/// The changes of the list's own metadata: every field of `[list]` but `id`
/// (title, status, dates, default scope, declared count, transcription,
/// relations, facts, note, …) by dotted path, then the sections (a renamed
/// section: `sections.s1.title.ru`, see `section_changes`), then the sources
/// table by source id (`sources.K1` added or removed, `sources.K1.url` changed).
pub fn list_changes(old: &List, new: &List) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let leaves = |m: &ListMeta| {
        let mut t = BTreeMap::new();
        flatten("", &serde_json::to_value(m).unwrap_or_default(), &mut t);
        t.remove("id");
        t
    };
    let diff_maps = |a: BTreeMap<String, serde_json::Value>,
                     b: BTreeMap<String, serde_json::Value>,
                     prefix: &str,
                     out: &mut Vec<FieldChange>| {
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let (x, y) = (a.get(k).cloned().unwrap_or_default(), b.get(k).cloned().unwrap_or_default());
            if x != y {
                out.push(FieldChange { field: format!("{prefix}{k}"), old: x, new: y });
            }
        }
    };
    diff_maps(leaves(old.meta()), leaves(new.meta()), "", &mut out);
    let sources = |l: &List| -> BTreeMap<String, serde_json::Value> {
        l.sources().iter().map(|s| (s.id.clone(), serde_json::to_value(s).unwrap_or_default())).collect()
    };
    section_changes(old, new, &diff_maps, &mut out);
    let (so, sn) = (sources(old), sources(new));
    let ids: std::collections::BTreeSet<&String> = so.keys().chain(sn.keys()).collect();
    for id in ids {
        match (so.get(id), sn.get(id)) {
            (Some(a), Some(b)) if a != b => {
                let (mut ta, mut tb) = (BTreeMap::new(), BTreeMap::new());
                flatten("", a, &mut ta);
                flatten("", b, &mut tb);
                diff_maps(ta, tb, &format!("sources.{id}."), &mut out);
            }
            (Some(_), Some(_)) => {}
            (a, b) => out.push(FieldChange {
                field: format!("sources.{id}"),
                old: a.cloned().unwrap_or_default(),
                new: b.cloned().unwrap_or_default(),
            }),
        }
    }
    out
}

/// How [`list_changes`] compares two flattened records (old, new, field prefix, output).
type DiffMaps =
    dyn Fn(BTreeMap<String, serde_json::Value>, BTreeMap<String, serde_json::Value>, &str, &mut Vec<FieldChange>);

/// The changes of the sections (headings), by the newer list's section id:
/// a section is the same section when its title (normalised) is found, once, on
/// both sides, whatever its id; else when it keeps its id and neither title is
/// found on the other side (a renamed section, as [`renamed_sections`] takes it
/// for the entries). A renamed section reads `sections.ID.title.ru: old → new`;
/// other fields by dotted path (`sections.ID.number`); a section found on one
/// side only is `sections.ID` added (old null) or removed (new null).
fn section_changes(old: &List, new: &List, diff_maps: &DiffMaps, out: &mut Vec<FieldChange>) {
    let key = |s: &crate::model::Section| {
        pick_text(&s.title, crate::model::language_order("ru")).map(match_key).unwrap_or_default()
    };
    let (os, ns) = (old.sections(), new.sections());
    let count = |v: &[crate::model::Section]| {
        let mut m: FnvHashMap<String, usize> = FnvHashMap::default();
        for s in v {
            *m.entry(key(s)).or_default() += 1;
        }
        m
    };
    let (ko, kn) = (count(os), count(ns));
    let unique = |m: &FnvHashMap<String, usize>, k: &str| !k.is_empty() && m.get(k) == Some(&1);
    let mut partner: Vec<Option<usize>> = vec![None; os.len()];
    let mut taken = vec![false; ns.len()];
    let new_by_key: FnvHashMap<String, usize> =
        ns.iter().enumerate().filter(|(_, s)| unique(&kn, &key(s))).map(|(j, s)| (key(s), j)).collect();
    for (i, s) in os.iter().enumerate() {
        let k = key(s);
        if unique(&ko, &k)
            && let Some(&j) = new_by_key.get(&k)
        {
            partner[i] = Some(j);
            taken[j] = true;
        }
    }
    let new_by_id: FnvHashMap<&str, usize> = ns.iter().enumerate().map(|(j, s)| (s.id.as_str(), j)).collect();
    for (i, s) in os.iter().enumerate() {
        if partner[i].is_some() {
            continue;
        }
        if let Some(&j) = new_by_id.get(s.id.as_str())
            && !taken[j]
            && !kn.contains_key(&key(s))
            && !ko.contains_key(&key(&ns[j]))
        {
            partner[i] = Some(j);
            taken[j] = true;
        }
    }
    let value = |s: &crate::model::Section| serde_json::to_value(s).unwrap_or_default();
    let leaves = |s: &crate::model::Section| {
        let mut t = BTreeMap::new();
        flatten("", &value(s), &mut t);
        t.remove("id");
        t
    };
    for (i, s) in os.iter().enumerate() {
        match partner[i] {
            Some(j) => diff_maps(leaves(s), leaves(&ns[j]), &format!("sections.{}.", ns[j].id), out),
            None => out.push(FieldChange {
                field: format!("sections.{}", s.id),
                old: value(s),
                new: serde_json::Value::Null,
            }),
        }
    }
    for (j, s) in ns.iter().enumerate() {
        if !taken[j] {
            out.push(FieldChange { field: format!("sections.{}", s.id), old: serde_json::Value::Null, new: value(s) });
        }
    }
}

/// Orders changes by the newer list; a removed entry follows the change of
/// the old entry before it.
fn order(changes: &mut [Change], old_len: usize) {
    // Position in the new list of the change holding each old entry.
    let mut new_pos_of_old: Vec<Option<usize>> = vec![None; old_len];
    for c in changes.iter() {
        if let Some(&j) = c.new_index.iter().min() {
            for &i in &c.old_index {
                new_pos_of_old[i] = Some(j);
            }
        }
    }
    // For each old entry, the new position of the nearest matched old entry before it.
    let mut before: Vec<Option<usize>> = vec![None; old_len];
    let mut last = None;
    for i in 0..old_len {
        before[i] = last;
        if new_pos_of_old[i].is_some() {
            last = new_pos_of_old[i];
        }
    }
    let key = |c: &Change| -> (usize, u8, usize) {
        match c.new_index.iter().min() {
            Some(&j) => (2 * j + 1, 0, c.old_index.iter().min().copied().unwrap_or(0)),
            None => {
                let i = c.old_index.iter().min().copied().unwrap_or(0);
                (before.get(i).copied().flatten().map_or(0, |j| 2 * j + 2), 1, i)
            }
        }
    };
    // The key once per change, not per comparison (a stable sort, like `sort_by_key`).
    changes.sort_by_cached_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListFile;

    fn list(toml_body: &str) -> List {
        let text = format!(
            "format_version = 1\n[list]\nid = \"xa-test\"\njurisdiction = \"XA\"\ninstrument = \"other\"\ntitle = {{ en = \"constructed test list\" }}\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\n{toml_body}"
        );
        let file: ListFile = toml::from_str(&text).expect("test list parses");
        List::from_parts(file, Vec::new(), "test".into())
    }

    #[test]
    fn redline_marks_words_and_punctuation() {
        let r = redline("машинист бульдозера (на высоте)", "машинист бульдозеров, на высоте");
        let s: String = r
            .iter()
            .map(|x| match x.op {
                RedlineOp::Equal => x.text.clone(),
                RedlineOp::Delete => format!("[-{}-]", x.text),
                RedlineOp::Insert => format!("{{+{}+}}", x.text),
            })
            .collect();
        assert_eq!(s, "машинист [-бульдозера (-]{+бульдозеров, +}на высоте[-)-]");
    }

    #[test]
    fn aspects_of_a_matched_entry() {
        let old = list(
            "[[sections]]\nid = \"s1\"\ntitle = { ru = \"Металлообработка\" }\n[[sections]]\nid = \"s2\"\ntitle = { ru = \"Строительство\" }\n\
             [[entries]]\nid = \"a\"\nnumber = \"1\"\nsection = \"s1\"\ntitle = { ru = \"сварщик\" }\nevidence = \"reported\"\n\
             [[entries]]\nid = \"b\"\nnumber = \"2\"\nsection = \"s1\"\ntitle = { ru = \"Слесарь\" }\nevidence = \"reported\"\n",
        );
        let new = list(
            "[[sections]]\nid = \"x1\"\ntitle = { ru = \"металлообработка\" }\n[[sections]]\nid = \"x2\"\ntitle = { ru = \"Строительство\" }\n\
             [[entries]]\nid = \"a\"\nnumber = \"5\"\nsection = \"x2\"\ntitle = { ru = \"сварщик ручной сварки\" }\nscope = \"pregnant\"\nevidence = \"reported\"\n\
             [[entries]]\nid = \"b\"\nnumber = \"2.\"\nsection = \"x1\"\ntitle = { ru = \"слесарь\" }\nevidence = \"reported\"\n",
        );
        let d = diff_lists(&old, &new, &DiffOptions::default());
        assert_eq!(d.changes.len(), 2);
        let a = &d.changes[0];
        assert_eq!(a.op, ChangeOp::Changed);
        assert_eq!(a.aspects, vec![Aspect::Reworded, Aspect::Rescoped, Aspect::Moved, Aspect::Renumbered]);
        assert_eq!(a.scope.relation, Some(ScopeRelation::Narrowed));
        assert_eq!(a.class, ClassChange { old: Some(ScopeClass::General), new: Some(ScopeClass::MaternityOnly) });
        assert!(!a.redline.is_empty());
        let b = &d.changes[1];
        assert_eq!(b.op, ChangeOp::Unchanged, "case, section id and a trailing dot are not changes");
        assert!(b.redline.is_empty());
        assert_eq!(d.summary, Summary { changed: 1, unchanged: 1, narrowed: 1, releases: 1, ..Default::default() });
    }

    #[test]
    fn kinds_parse_and_filter() {
        assert_eq!("Narrowed".parse::<ChangeKind>(), Ok(ChangeKind::Narrowed));
        assert!("narrow".parse::<ChangeKind>().is_err());
        // One name per kind: the op's or the aspect's own (JSON) name.
        for (name, kind) in ChangeKind::ALL {
            assert_eq!(kind.as_str(), name);
            assert_eq!(name.parse::<ChangeKind>(), Ok(kind));
        }
        let named = |k: ChangeKind| ChangeKind::ALL.iter().any(|(_, x)| *x == k);
        for op in [
            ChangeOp::Added,
            ChangeOp::Removed,
            ChangeOp::Changed,
            ChangeOp::Unchanged,
            ChangeOp::Split,
            ChangeOp::Merged,
        ] {
            assert!(named(ChangeKind::Op(op)), "{op}");
        }
        for a in [
            Aspect::Reworded,
            Aspect::Rescoped,
            Aspect::Moved,
            Aspect::Renumbered,
            Aspect::Evidence,
            Aspect::Sources,
            Aspect::Fields,
        ] {
            assert!(named(ChangeKind::Aspect(a)), "{}", a.as_str());
        }
        let old = list(
            "[[entries]]\nid = \"a\"\ntitle = { ru = \"сварщик\" }\nevidence = \"reported\"\n[[entries]]\nid = \"b\"\ntitle = { ru = \"слесарь\" }\nevidence = \"reported\"\n",
        );
        let new = list(
            "[[entries]]\nid = \"a\"\ntitle = { ru = \"сварщик\" }\nevidence = \"reported\"\n[[entries]]\nid = \"c\"\ntitle = { ru = \"кровельщик\" }\nevidence = \"reported\"\n",
        );
        let d = diff_lists(&old, &new, &DiffOptions::default());
        let ops: Vec<ChangeOp> = d.changes.iter().map(|c| c.op).collect();
        assert_eq!(ops, vec![ChangeOp::Unchanged, ChangeOp::Removed, ChangeOp::Added]);
        assert_eq!(d.filtered(&[], false).changes.len(), 2);
        assert_eq!(d.filtered(&[], true).changes.len(), 3);
        assert_eq!(d.filtered(&[ChangeKind::Op(ChangeOp::Added)], false).changes.len(), 1);
        assert_eq!(d.filtered(&[ChangeKind::Op(ChangeOp::Unchanged)], false).changes.len(), 1);
        assert!(d.any(&[ChangeKind::Op(ChangeOp::Removed)]));
        assert!(!d.any(&[ChangeKind::Narrowed]));
        // Added entries carry their scope and class.
        assert_eq!(d.changes[2].class.new, Some(ScopeClass::General));
    }
}
