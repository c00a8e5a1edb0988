//! A full version of a list (an overlay consolidated onto its base), ready
//! for show, diff, classify, flag and report.

use crate::diagnostic::Location;
use crate::model::{Entry, Evidence, ListFile, ListMeta, Provision, Scope, Section, Source};
use serde::Serialize;
use std::fmt;

/// A consolidated list version.
#[derive(Debug, Clone)]
pub struct List {
    /// The data; `operations` is empty. `list.base` is kept to say what it amends.
    pub file: ListFile,
    /// Where each entry is defined or was last changed (same order as entries).
    pub origins: Vec<Location>,
    /// The file this version was loaded from.
    pub path: String,
}

impl List {
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
        self.file.sections.iter().find(|s| s.id == id)
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
    pub present: usize,
    pub declared: Option<usize>,
    pub official_text: usize,
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
