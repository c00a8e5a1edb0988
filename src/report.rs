//! The advocacy report (`alljobs report OLD NEW`): a view model built from the
//! library's results (diff, classification, CEDAW/ILO findings), which the
//! renderers (`render::markdown::report`, `render::csv::report`,
//! `render::html::report`) turn into documents. The renderers see only
//! [`ReportData`]: every number in a report is computed here, from the lists.
//!
//! List texts are picked in the report's language when the list has them
//! (else Russian, Kyrgyz, English, in that order for a Kyrgyz report).

use crate::list::Completeness;
use crate::model::{Evidence, InstrumentKind, Scope, ScopeClass, ScopeRelation, SourceKind, Status};
use crate::render::messages::Lang;
use serde::Serialize;

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
    /// Entries of the later version that still restrict all women, with their findings.
    pub remaining_general: Vec<EntryRow>,
    /// Every change between the versions, one per entry (or per split/merge), in the diff's order.
    pub changes: Vec<ChangeRow>,
    /// Counts per section, sections of the later version first.
    pub sections: Vec<SectionRow>,
    /// Findings summarised per rule (rules that fire on either version).
    pub rules: Vec<RuleRow>,
    /// Warnings of the classification and the rules (e.g. scopes guessed).
    pub warnings: Vec<String>,
}

/// One list version, as the report describes it.
#[derive(Debug, Clone, Serialize)]
pub struct ListInfo {
    pub id: String,
    /// Title in the report's language when the list has it.
    pub title: String,
    pub jurisdiction: String,
    pub instrument: InstrumentKind,
    pub number: Option<String>,
    /// The date that places the instrument in time (adopted, else signed…), as written.
    pub date: Option<String>,
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
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub kind: SourceKind,
}

/// Counts of entries per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub general: usize,
    pub maternity_only: usize,
    pub other_group: usize,
    pub unknown: usize,
}

impl Tally {
    /// The count of one class.
    pub fn get(&self, class: ScopeClass) -> usize {
        match class {
            ScopeClass::General => self.general,
            ScopeClass::MaternityOnly => self.maternity_only,
            ScopeClass::OtherGroup => self.other_group,
            ScopeClass::Unknown => self.unknown,
        }
    }
    /// Adds one entry of `class`.
    pub fn add(&mut self, class: ScopeClass) {
        match class {
            ScopeClass::General => self.general += 1,
            ScopeClass::MaternityOnly => self.maternity_only += 1,
            ScopeClass::OtherGroup => self.other_group += 1,
            ScopeClass::Unknown => self.unknown += 1,
        }
    }
    /// All entries.
    pub fn total(&self) -> usize {
        self.general + self.maternity_only + self.other_group + self.unknown
    }
}

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Entries transcribed in the earlier version.
    pub entries_old: usize,
    /// Entries transcribed in the later version.
    pub entries_new: usize,
    /// Classes of the earlier version's entries.
    pub old: Tally,
    /// Classes of the later version's entries.
    pub new: Tally,
    /// Restrictions whose scope was narrowed (now restrict fewer women).
    pub narrowed: usize,
    /// Restrictions whose scope was widened.
    pub widened: usize,
    pub removed: usize,
    pub added: usize,
    /// Changed in another way (reworded, moved, renumbered, scope changed sideways).
    pub changed: usize,
    pub unchanged: usize,
    pub split: usize,
    pub merged: usize,
}

/// One entry of one version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryRow {
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

/// What a change did, as the report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    Unchanged,
    Split,
    Merged,
}

/// An aspect of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AspectKind {
    Reworded,
    Rescoped,
    Moved,
    Renumbered,
}

/// One change between the versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    pub kind: ChangeKind,
    pub aspects: Vec<AspectKind>,
    /// The entries of the earlier version (none when added).
    pub old: Vec<EntryRow>,
    /// The entries of the later version (none when removed).
    pub new: Vec<EntryRow>,
    /// How the scope changed, when both sides have one.
    pub relation: Option<ScopeRelation>,
}

impl ChangeRow {
    /// True when the change narrowed the restriction.
    pub fn is_narrowed(&self) -> bool {
        self.relation == Some(ScopeRelation::Narrowed)
    }
    /// True when the change widened the restriction.
    pub fn is_widened(&self) -> bool {
        self.relation == Some(ScopeRelation::Widened)
    }
}

/// Counts of one section in both versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRow {
    /// Number and title; `None` for entries without a section.
    pub label: Option<String>,
    pub old: Tally,
    pub new: Tally,
}

/// The findings of one rule on both versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleRow {
    pub code: String,
    /// `critical`, `high`, `medium`, `low` or `info`.
    pub severity: String,
    pub title: String,
    /// Findings on the earlier version (not waived).
    pub old: usize,
    /// Findings on the later version (not waived).
    pub new: usize,
    /// Waived findings on the earlier and the later version.
    pub waived_old: usize,
    pub waived_new: usize,
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
    pub text: String,
    pub source: Option<String>,
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
        self.changes.iter().filter(|c| c.kind == ChangeKind::Removed).flat_map(|c| c.old.iter())
    }
    /// Entries the later version added.
    pub fn added(&self) -> impl Iterator<Item = &EntryRow> {
        self.changes.iter().filter(|c| c.kind == ChangeKind::Added).flat_map(|c| c.new.iter())
    }
    /// The classes that occur in some section of either version, in report order.
    pub fn section_classes(&self) -> Vec<ScopeClass> {
        ScopeClass::ALL
            .into_iter()
            .filter(|c| self.sections.iter().any(|s| s.old.get(*c) > 0 || s.new.get(*c) > 0))
            .collect()
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
        let mut old = Tally::default();
        [&e1, &e2, &e3].iter().for_each(|e| old.add(e.class));
        let mut new = Tally::default();
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
                ChangeRow { kind: ChangeKind::Removed, aspects: vec![], old: vec![e1], new: vec![], relation: None },
                ChangeRow {
                    kind: ChangeKind::Changed,
                    aspects: vec![AspectKind::Rescoped],
                    old: vec![e2],
                    new: vec![n2],
                    relation: Some(ScopeRelation::Narrowed),
                },
                ChangeRow {
                    kind: ChangeKind::Changed,
                    aspects: vec![AspectKind::Reworded],
                    old: vec![e3],
                    new: vec![n3],
                    relation: Some(ScopeRelation::Same),
                },
                ChangeRow { kind: ChangeKind::Added, aspects: vec![], old: vec![], new: vec![n4], relation: None },
            ],
            sections: vec![
                SectionRow { label: Some(HOSTILE[0].into()), old, new },
                SectionRow { label: None, old: Tally::default(), new: Tally { unknown: 1, ..Tally::default() } },
            ],
            rules: vec![RuleRow {
                code: "CEDAW-GENERAL-BAN".into(),
                severity: "critical".into(),
                title: HOSTILE[3].into(),
                old: 2,
                new: 1,
                waived_old: 0,
                waived_new: 0,
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
        }
    }
}
