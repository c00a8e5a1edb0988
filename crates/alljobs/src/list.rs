//! A full version of a list (an overlay consolidated onto its base), ready
//! for show, diff, classify, flag and report.

use crate::diagnostic::Location;
use crate::load::Loaded;
use crate::model::{Entry, Evidence, ListFile, ListMeta, Provision, Scope, Section, Source};
use serde::Serialize;
use std::fmt;

/// A consolidated list version: a full list, never an overlay.
///
/// The invariant, kept by every constructor: the data holds no `operations`
/// (an overlay is consolidated onto its base first, by a
/// [`Catalog`](crate::Catalog)), and there is one origin per entry, in the
/// entries' order. Build one with [`List::from_full`] or through a
/// [`Catalog`](crate::Catalog) / [`Resolver`](crate::Resolver).
#[derive(Debug, Clone)]
pub struct List {
    /// The data; `operations` is empty. `list.base` is kept to say what it amends.
    file: ListFile,
    /// Where each entry is defined or was last changed (same order as entries).
    origins: Vec<Location>,
    /// The file this version was loaded from.
    path: String,
    /// The position of each section in `file.sections`, by id (the first of
    /// an id), so that looking a section up does not scan them all.
    section_index: std::collections::HashMap<String, usize>,
}

/// [`List::from_full`] was given an overlay: it needs its base, so open it
/// through a [`Catalog`](crate::Catalog).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: the list amends `{base}` (an overlay): consolidate it with its base through a catalog")]
pub struct OverlayError {
    /// The overlay's file.
    pub path: String,
    /// The id of the list it amends.
    pub base: String,
}

/// [`List::section_index`]: the first section of each id.
fn section_index(file: &ListFile) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::with_capacity(file.sections.len());
    for (i, s) in file.sections.iter().enumerate() {
        m.entry(s.id.clone()).or_insert(i);
    }
    m
}

impl List {
    /// The version of a loaded full list (no `list.base`), taking the file
    /// without a copy. An overlay is refused: it needs a
    /// [`Catalog`](crate::Catalog) to find its base.
    pub fn from_full(l: Loaded) -> Result<List, OverlayError> {
        match &l.file.list.base {
            Some(base) => Err(OverlayError { path: l.path.clone(), base: base.clone() }),
            None => Ok(List::from_full_unchecked(l)),
        }
    }

    /// [`List::from_full`] for a caller that has checked `list.base` is unset
    /// (validation refuses operations without a base).
    pub(crate) fn from_full_unchecked(l: Loaded) -> List {
        let origins = l.entry_locations();
        List::from_parts(l.file, origins, l.path)
    }

    /// A list from consolidated data: `operations` must be empty; `origins`
    /// is padded (with the file) or cut to one per entry.
    pub(crate) fn from_parts(file: ListFile, mut origins: Vec<Location>, path: String) -> List {
        debug_assert!(file.operations.is_empty(), "a List is a full version: {path} still has operations");
        origins.resize_with(file.entries.len(), || Location::file_only(&path));
        let section_index = section_index(&file);
        List { file, origins, path, section_index }
    }

    /// The same version with no entries (metadata, sections and sources
    /// kept), as read from `path`: the side of a comparison where the list
    /// does not exist yet or any more.
    pub fn without_entries(&self, path: &str) -> List {
        let mut file = self.file.clone();
        file.entries.clear();
        file.operations.clear();
        List { file, origins: Vec::new(), path: path.into(), section_index: self.section_index.clone() }
    }

    /// The parts, for consolidation to amend (and rebuild with [`List::from_parts`]).
    pub(crate) fn into_parts(self) -> (ListFile, Vec<Location>, String) {
        (self.file, self.origins, self.path)
    }
    /// The consolidated data (its `operations` are empty).
    pub fn file(&self) -> &ListFile {
        &self.file
    }
    /// The consolidated data, taken (its `operations` are empty).
    pub fn into_file(self) -> ListFile {
        self.file
    }
    /// The file this version was loaded from (`embedded:…` for a built-in list).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// Where each entry is defined or was last changed, in the entries' order.
    pub fn origins(&self) -> &[Location] {
        &self.origins
    }
    /// The list's metadata, to change (tests and hand-built versions; the
    /// metadata is not part of the invariant).
    #[cfg(test)]
    pub(crate) fn meta_mut(&mut self) -> &mut ListMeta {
        &mut self.file.list
    }
    /// The list's metadata.
    pub fn meta(&self) -> &ListMeta {
        &self.file.list
    }
    /// The entries, in the act's order.
    pub fn entries(&self) -> &[Entry] {
        &self.file.entries
    }
    /// The sections, in document order.
    pub fn sections(&self) -> &[Section] {
        &self.file.sections
    }
    /// The sources.
    pub fn sources(&self) -> &[Source] {
        &self.file.sources
    }
    /// A section by id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.section_index.get(id).map(|&i| &self.file.sections[i])
    }
    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.file.sources.iter().find(|s| s.id == id)
    }
    /// The provisions that cover an entry: the list's own, and those of its
    /// section and of every section that encloses it.
    pub fn provisions_for<'a>(&'a self, e: &Entry) -> Vec<&'a Provision> {
        if self.file.provisions.is_empty() {
            return Vec::new();
        }
        let mut chain: Vec<&str> = Vec::new();
        let mut cur = e.section.as_deref();
        while let Some(id) = cur {
            if chain.contains(&id) {
                break;
            }
            chain.push(id);
            cur = self.section(id).and_then(|s| s.parent.as_deref());
        }
        self.file.provisions.iter().filter(|p| p.section.as_deref().is_none_or(|s| chain.contains(&s))).collect()
    }
    /// The scope in force for an entry.
    pub fn scope_of(&self, e: &Entry) -> Scope {
        e.effective_scope(&self.file.list.default_scope)
    }
    /// Where entry `i` is defined.
    pub fn origin(&self, i: usize) -> Location {
        self.origins.get(i).cloned().unwrap_or_else(|| Location::file_only(&self.path))
    }
    /// How complete the transcription is.
    pub fn completeness(&self) -> Completeness {
        let mut c = Completeness {
            present: self.file.entries.len(),
            declared: self.file.list.declared.as_ref().map(|d| d.count as usize),
            official_text: 0,
            reported: 0,
        };
        for e in &self.file.entries {
            match e.evidence {
                Evidence::OfficialText => c.official_text += 1,
                Evidence::Reported => c.reported += 1,
            }
        }
        c
    }
}

/// How many entries are present against how many the act declares, and how they are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Completeness {
    /// Entries transcribed in the file.
    pub present: usize,
    /// Entries the act says it has (`list.declared.count`), when known.
    pub declared: Option<usize>,
    /// Present entries whose evidence is the official text.
    pub official_text: usize,
    /// Present entries known only from reports.
    pub reported: usize,
}

impl Completeness {
    /// True when every declared entry is present.
    pub fn is_complete(&self) -> bool {
        matches!(self.declared, Some(d) if self.present >= d)
    }
    /// "18 of 446 declared entries" / "2 entries (declared count unknown)".
    pub fn count_text(&self) -> String {
        match self.declared {
            Some(d) => format!("{} of {} declared entries", self.present, d),
            None => format!("{} {} (declared count unknown)", self.present, plural(self.present, "entry", "entries")),
        }
    }
    /// "reported", "official text", "10 official text, 8 reported", "none".
    pub fn evidence_text(&self) -> String {
        match (self.official_text, self.reported) {
            (0, 0) => "none".into(),
            (_, 0) => "official text".into(),
            (0, _) => "reported".into(),
            (o, r) => format!("{o} official text, {r} reported"),
        }
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

impl fmt::Display for Completeness {
    /// "18 of 446 declared entries; evidence: reported"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; evidence: {}", self.count_text(), self.evidence_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_text() {
        let c = Completeness { present: 18, declared: Some(446), official_text: 0, reported: 18 };
        assert_eq!(c.to_string(), "18 of 446 declared entries; evidence: reported");
        let c = Completeness { present: 2, declared: None, official_text: 0, reported: 2 };
        assert_eq!(c.to_string(), "2 entries (declared count unknown); evidence: reported");
        let c = Completeness { present: 10, declared: Some(456), official_text: 10, reported: 0 };
        assert_eq!(c.to_string(), "10 of 456 declared entries; evidence: official text");
        let c = Completeness { present: 0, declared: Some(100), official_text: 0, reported: 0 };
        assert_eq!(c.to_string(), "0 of 100 declared entries; evidence: none");
    }
}
