//! The data model: one TOML file is one version of one list.
//!
//! A [`ListFile`] is what a file says, exactly as written (a full list, or an
//! overlay of operations on a base list). A [`crate::List`] is the consolidated,
//! validated version that the rest of the pipeline (diff, classify, rules,
//! render) works on.
//!
//! The TOML format is documented in `lists/README.md`; its JSON Schema is
//! generated from these types (`alljobs schema`) and committed as
//! `lists/list.schema.json`.

mod date;
mod scope;
mod text;

pub use date::{Date, DateError};
pub use scope::{
    SCOPE_FORMS, Scope, ScopeClass, ScopeError, ScopeRelation, ScopeShift, Woman, relation as scope_relation,
    relation_of_sets as scope_relation_of_sets, relation_table, sample_kinds as sample_scope_kinds,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the list format that this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

pub use text::Text;

/// The languages a [`Text`] is picked in for display, in order, when `first`
/// is asked for: `first`, then the languages of the acts (Russian, then
/// Kyrgyz), then English (a translation). Any other language than `en` and
/// `ky` reads as `ru`. The one place this order is written: every caller of
/// [`pick_text`] takes its preferences from here.
pub fn language_order(first: &str) -> &'static [&'static str] {
    match first {
        "en" => &["en", "ru", "ky"],
        "ky" => &["ky", "ru", "en"],
        _ => &["ru", "ky", "en"],
    }
}

/// Picks the text in the first language of `prefs` that is present, else any.
pub fn pick_text<'a>(text: &'a Text, prefs: &[&str]) -> Option<&'a str> {
    prefs.iter().find_map(|l| text.get(l)).or_else(|| text.values().next()).map(String::as_str)
}

/// One version of one list, as written in a TOML file.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "alljobs list file",
    description = "One version of one list of jobs prohibited or restricted for women (alljobs format 1)."
)]
pub struct ListFile {
    /// Must be 1.
    pub format_version: u32,
    /// Metadata of the instrument.
    pub list: ListMeta,
    /// Sources that facts, entries and counts cite by `id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The act's hierarchy in document order: sections and sub-headings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The entries in the act's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<Entry>,
    /// Provisions of the whole list or of a section that are not entries: a
    /// «Примечание…» paragraph, an employer-discretion clause («работодатель
    /// может…»). They apply to every entry they cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisions: Vec<Provision>,
    /// Overlay only (`list.base` set): ordered operations on the base list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<Operation>,
}

/// Metadata of a list: the instrument, its status, dates, sources and size.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ListMeta {
    /// Stable id, lowercase with dashes, e.g. `kg-2000-res-158`.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9._-]*$"))]
    pub id: String,
    /// ISO 3166-1 alpha-2 code (`KG`, `RU`…), `SU` for the USSR, `XA`–`XZ` for test and private lists.
    #[schemars(regex(pattern = r"^[A-Z]{2}$"))]
    pub jurisdiction: String,
    /// Kind of instrument.
    pub instrument: InstrumentKind,
    /// Number as printed (`158`, `512н`); omit when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Issuing body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Title in one or more languages.
    pub title: Text,
    /// Legal status.
    pub status: Status,
    /// Whether the list prohibits or (only) restricts the work.
    pub effect: Effect,
    /// The group an entry restricts when it does not say otherwise.
    pub default_scope: Scope,
    /// How sure the identity facts (title, number, issuer) are.
    pub confidence: Confidence,
    /// Sources of the identity facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Overlay: the id of the list this file amends. The file then holds `operations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Dates of the instrument; each optional.
    #[serde(default, skip_serializing_if = "Dates::is_empty")]
    pub dates: Dates,
    /// The number of entries the act is reported or known to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<Declared>,
    /// How much of the act is transcribed here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcription: Option<Transcription>,
    /// Relations to other instruments (supersedes, amends, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Other facts about the instrument, each with its confidence and sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// A review of the list as a whole (CEDAW art. 11(3)): an entry without its
    /// own `reviewed`/`next_review` takes these dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What the entry ids are: `stable` identities kept by hand across versions, or
    /// derived from the printed `numbering` (what `alljobs import` writes). When
    /// omitted, the diff treats the ids as `numbering` (a weak positional hint, never
    /// an identity), except between an overlay and its base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<IdKind>,
}

/// What a list's entry ids are (`list.ids`).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    /// Identities kept by hand across versions: the same id is the same entry.
    Stable,
    /// Derived from the printed numbers: a removal shifts every later id.
    Numbering,
}

/// Kind of legal instrument.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum InstrumentKind {
    /// A resolution (of a government or cabinet).
    Resolution,
    /// An order (of a ministry).
    Order,
    /// A decree.
    Decree,
    /// A decision.
    Decision,
    /// A code (e.g. a labour code).
    Code,
    /// A law.
    Law,
    /// A draft not yet adopted.
    Draft,
    /// Another kind of act.
    Other,
}

/// Legal status of an instrument.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A draft.
    Draft,
    /// Adopted, not yet in force.
    Adopted,
    /// In force.
    InForce,
    /// Replaced by a later act.
    Superseded,
    /// Repealed.
    Repealed,
    /// Not known.
    Unknown,
}

/// Whether a list prohibits the work or restricts it.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// It prohibits the listed work for the women it covers.
    Prohibits,
    /// It restricts the work (conditions, limits) without prohibiting it.
    Restricts,
    /// Not known.
    Unknown,
}

/// Confidence mark of a fact: V, R, I, ? in the domain briefs.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Checked against the text of the source named.
    Verified,
    /// Reported by a secondary source (NGO, news, translation).
    Reported,
    /// An inference.
    Inferred,
    /// Not known.
    Unknown,
}

/// The dates of an instrument.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// A draft's approval for submission, or its introduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced: Option<DateFact>,
    /// Adoption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<DateFact>,
    /// Signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<DateFact>,
    /// Official publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateFact>,
    /// Registration by the Ministry of Justice (the registration number goes in `note`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<DateFact>,
    /// Entry into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<DateFact>,
    /// End of force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<DateFact>,
}

impl Dates {
    /// True when no date is given.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
    /// The dates that are given, with their key names, in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &DateFact)> {
        [
            ("introduced", &self.introduced),
            ("adopted", &self.adopted),
            ("signed", &self.signed),
            ("published", &self.published),
            ("registered", &self.registered),
            ("in_force_from", &self.in_force_from),
            ("in_force_until", &self.in_force_until),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    }
    /// The date that best places the instrument in time (adopted, else signed, published, registered, in force).
    pub fn sort_key(&self) -> Option<Date> {
        [&self.adopted, &self.signed, &self.published, &self.registered, &self.in_force_from, &self.introduced]
            .into_iter()
            .flatten()
            .find_map(|d| d.date)
    }
}

/// A date with its confidence, sources and a note (where it is uncertain).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct DateFact {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; omit when the date is unknown and say so in `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// How sure the date is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Sources of the date (ids of the list's `[[sources]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text, e.g. why the date is uncertain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The number of entries the act declares or is reported to hold.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    /// The count.
    pub count: u32,
    /// How sure the count is.
    pub confidence: Confidence,
    /// Sources of the count (at least one).
    pub sources: Vec<String>,
    /// Other figures reported for the same list (e.g. "about 400").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_reports: Vec<OtherReport>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Another figure reported for the size of a list.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OtherReport {
    /// The figure as reported, e.g. "about 400".
    pub text: String,
    /// Sources of the figure.
    pub sources: Vec<String>,
}

/// How much of the act is transcribed in this file.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Transcription {
    /// How much is transcribed.
    pub status: TranscriptionStatus,
    /// Free text, e.g. which parts are missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Transcription status of a list.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TranscriptionStatus {
    /// Every entry of the act is here.
    Complete,
    /// Some entries are here.
    Partial,
    /// No entry is transcribed yet (metadata only); allows an empty list.
    None,
}

/// A relation of this instrument to another.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// What the relation is.
    pub kind: RelationKind,
    /// A list id in `lists/`, or a description of an instrument not kept here.
    pub target: String,
    /// How sure the relation is.
    pub confidence: Confidence,
    /// Sources of the relation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Kinds of relation between instruments.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// This act replaces the target.
    Supersedes,
    /// This act amends the target.
    Amends,
    /// This act revises the target (a new edition).
    Revises,
    /// This act repeals the target.
    Repeals,
    /// This act implements the target (e.g. a list under a code's article).
    Implements,
    /// This act is based on the target.
    BasedOn,
    /// This act descends from the target (e.g. a Soviet-era list).
    DescendsFrom,
}

/// A review of a whole list: when it was last reviewed, when the next review is due.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Last review of the list as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    /// Next scheduled review of the list as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// Sources of the review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A fact about an instrument with its confidence and sources.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The fact, in words.
    pub text: String,
    /// How sure the fact is.
    pub confidence: Confidence,
    /// Sources of the fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// A source that facts and entries cite.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id cited by facts and entries (e.g. `K40`).
    pub id: String,
    /// The source's title.
    pub title: String,
    /// Where the source can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Official or secondary.
    pub kind: SourceKind,
    /// When the source was last read; omit when not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Date>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Kind of source.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The official text or an official publication.
    Official,
    /// NGO, news, commentary, translation.
    Secondary,
}

/// A section or sub-heading of the act.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Id unique among the list's sections.
    pub id: String,
    /// Number as printed (`III`); omit for unnumbered sub-headings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The heading, by language.
    pub title: Text,
    /// A numbered section or an unnumbered sub-heading.
    #[serde(default)]
    pub kind: SectionKind,
    /// Id of the enclosing section, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Sources of the section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Kind of heading.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// A numbered section (`III. Металлообработка`).
    #[default]
    Section,
    /// An unnumbered sub-heading.
    Subheading,
}

/// A provision of the whole list or of one section (with its sub-headings):
/// a note or clause that is not an entry but applies to the entries it covers.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// The section it belongs to (it covers that section's entries and those
    /// of its sub-headings); omit for a provision of the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The wording.
    pub text: Text,
    /// What the provision does.
    #[serde(default)]
    pub kind: ProvisionKind,
    /// True when `kind` was read from the wording (e.g. by the importer), not set by a person.
    #[serde(default, skip_serializing_if = "is_false")]
    pub kind_inferred: bool,
    /// How the wording is known.
    pub evidence: Evidence,
    /// Sources of the provision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a list or section provision does.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ProvisionKind {
    /// A note with no legal effect the rules read.
    #[default]
    Note,
    /// Women may do the covered work if the employer creates safe conditions or permits it
    /// (the rules read it as `employer_waiver = true` on every covered entry).
    EmployerDiscretion,
}

impl ProvisionKind {
    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ProvisionKind::Note => "note",
            ProvisionKind::EmployerDiscretion => "employer-discretion",
        }
    }
}

/// One entry of a list.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id, unique in the list.
    pub id: String,
    /// Number as printed (`60`, `12а`); omit when the act's numbering is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Id of the section or sub-heading; omit when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The occupation, work or sector.
    pub title: Text,
    /// The work or condition clause ("занятый …").
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub condition: Text,
    /// Who the entry restricts; the list's `default_scope` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// True when `scope` was inferred from the text (e.g. by the importer), not read in the act.
    #[serde(default, skip_serializing_if = "is_false")]
    pub scope_inferred: bool,
    /// A job, a kind of work, a sector, a weight limit, night work.
    #[serde(default)]
    pub kind: EntryKind,
    /// Hazards named by the act (free words, e.g. "noise", "lead").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hazards: Vec<String>,
    /// Justification given for the restriction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Exceptions text (e.g. "except non-physical work").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<String>,
    /// Women may do the work if the employer creates safe conditions or permits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer_waiver: Option<bool>,
    /// Weight limit in kg, for `kind = "weight-limit"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_limit_kg: Option<f64>,
    /// What the worker gets instead of the work (transfer, paid leave…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
    /// How the wording is known.
    pub evidence: Evidence,
    /// Sources of the entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Last review of the restriction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Date>,
    /// Next scheduled review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// Ids of entries of an earlier version that this entry replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<String>,
    /// Why a `replaces` pair whose texts share little is a true succession; set by a reviewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces_reason: Option<String>,
    /// Rules waived for this entry, each with a reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
    /// Entries of earlier lists that this entry (a general clause of a newer
    /// instrument) covers, each with its basis. `alljobs diff` reports a covered
    /// entry that has no better match as changed (`matched_by = "covers"`), not removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<Covers>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which entries of an earlier list a clause of a newer instrument covers, and
/// how that is known.
///
/// The selector is `all = true` (every entry), or one or more of `sections`,
/// `kinds`, `hazards`, `ids`, `pattern`: an entry is covered when it satisfies
/// every selector given (within one selector, any of its values).
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Covers {
    /// Id of the earlier list (it also applies to an overlay whose `base` is that list).
    pub list: String,
    /// Every entry of that list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub all: bool,
    /// Entries in these sections (section ids of the earlier list).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<String>,
    /// Entries of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<EntryKind>,
    /// Entries naming one of these hazards (case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hazards: Vec<String>,
    /// These entry ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// A regular expression matched (case-insensitively) on the entry's title and condition, any language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// How sure the coverage is: `inferred` when it is a reading of the texts.
    pub confidence: Confidence,
    /// Sources of the coverage (ids of this list's `[[sources]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Where the coverage is a reading rather than a statement of the act: what is read, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Covers {
    /// True when no selector is given besides (or instead of) `all`.
    pub fn has_selector(&self) -> bool {
        !(self.sections.is_empty()
            && self.kinds.is_empty()
            && self.hazards.is_empty()
            && self.ids.is_empty()
            && self.pattern.is_none())
    }
    /// The selector in words: "all entries", "sections \[III\]; kinds \[work\]".
    pub fn selector_text(&self) -> String {
        if self.all {
            return "all entries".into();
        }
        let mut parts = Vec::new();
        let mut push = |name: &str, v: Vec<String>| {
            if !v.is_empty() {
                parts.push(format!("{name} [{}]", v.join(", ")));
            }
        };
        push("sections", self.sections.clone());
        push("kinds", self.kinds.iter().map(|k| k.to_string()).collect());
        push("hazards", self.hazards.clone());
        push("ids", self.ids.clone());
        push("pattern", self.pattern.iter().cloned().collect());
        parts.join("; ")
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Entry {
    /// The scope in force: the entry's own, else the list default.
    pub fn effective_scope(&self, default: &Scope) -> Scope {
        self.scope.clone().unwrap_or_else(|| default.clone())
    }
    /// Title and condition in one language (preferring `prefs`), joined as printed.
    pub fn full_text(&self, prefs: &[&str]) -> String {
        let title = pick_text(&self.title, prefs).unwrap_or("");
        match pick_text(&self.condition, prefs) {
            Some(c) if !c.is_empty() => format!("{title}, {c}"),
            _ => title.to_string(),
        }
    }
}

/// Kind of restriction an entry states.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A named occupation (`машинист экскаватора`).
    #[default]
    Occupation,
    /// A kind of work (`работы по …`).
    Work,
    /// A whole sector or industry.
    Sector,
    /// A limit on weights lifted or carried (see `weight_limit_kg`).
    WeightLimit,
    /// Night work.
    NightWork,
    /// Another kind of restriction.
    Other,
}

/// What a worker is offered instead of the restricted work.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Alternative {
    /// The employer must eliminate the risk.
    EliminateRisk,
    /// The employer must adapt the job.
    AdaptJob,
    /// Transfer to other work without loss of pay.
    TransferWithoutLossOfPay,
    /// Paid leave.
    PaidLeave,
    /// The right to return to the job.
    ReturnToJob,
}

/// Evidence level of an entry's wording.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Official wording, from the act or an official database.
    OfficialText,
    /// Known only from a secondary report; not the official wording.
    Reported,
}

/// A rule waived for one entry.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Rule code, e.g. `CEDAW-MATERNITY-OVERBROAD`.
    pub rule: String,
    /// Why the finding does not apply (required).
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// Date after which the waiver expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

/// An amendment operation of an overlay.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// What the operation does.
    pub op: OpKind,
    /// Entry id the operation applies to; `"*"` for every entry (rescope only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// New scope (rescope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// New title (reword).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// New condition (reword).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    /// New number (renumber).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// New section id (move).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The entry to insert (add).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Box<Entry>>,
    /// Insert after this entry id (add); at the end when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// How sure the operation is.
    pub confidence: Confidence,
    /// Sources of the operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Kinds of overlay operation.
#[derive(Serialize, Deserialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum OpKind {
    /// Remove the target entry.
    Repeal,
    /// Change the target's scope (`target = "*"`: every entry).
    Rescope,
    /// Change the target's title or condition.
    Reword,
    /// Insert a new entry.
    Add,
    /// Change the target's printed number.
    Renumber,
    /// Move the target to another section.
    Move,
}

impl OpKind {
    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Repeal => "repeal",
            OpKind::Rescope => "rescope",
            OpKind::Reword => "reword",
            OpKind::Add => "add",
            OpKind::Renumber => "renumber",
            OpKind::Move => "move",
        }
    }
}

macro_rules! kebab_display {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let v = serde_json::to_value(self).map_err(|_| std::fmt::Error)?;
                f.write_str(v.as_str().unwrap_or("?"))
            }
        }
    )*};
}
kebab_display!(
    InstrumentKind,
    Status,
    Effect,
    Confidence,
    RelationKind,
    SourceKind,
    SectionKind,
    EntryKind,
    Alternative,
    Evidence,
    OpKind,
    TranscriptionStatus,
    IdKind
);
