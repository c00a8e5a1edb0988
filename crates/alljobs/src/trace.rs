//! A profession's story (`alljobs trace TEXT`): one profession or work
//! followed through every version of every jurisdiction of a catalog.
//!
//! In each jurisdiction the versions are taken in date order. The first
//! version, and every version whose predecessor held no match, is searched for
//! the text (exact, then as a phrase of an entry, then fuzzy with the
//! matcher's score). A version with a predecessor (the latest earlier version
//! it is an overlay on, or that it revises, supersedes, amends or is based on)
//! follows the matches of the predecessor through their diff
//! ([`crate::diff::diff_lists`], coverage included): the entry they became,
//! how the diff matched it and with what similarity. Where nothing matches,
//! the version says "not in this list", with how complete its transcription is.

use crate::catalog::Catalog;
use crate::classify::classify;
use crate::diff::{ChangeOp, DiffOptions, diff_lists};
use crate::list::List;
use crate::matching::{Item, match_items};
use crate::model::{Evidence, RelationKind, ScopeClass, SourceKind, language_order, pick_text};
use crate::normalize::match_key;
use serde::Serialize;

/// How an entry was found in a version.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum FoundBy {
    /// The entry's text is the searched text (after normalisation).
    Exact,
    /// The searched text is a phrase of the entry's text.
    Contains,
    /// Similar text (the matcher's score, 0–1).
    Fuzzy {
        /// The matcher's score, 0–1.
        score: f64,
    },
    /// Followed from the predecessor's entry through their diff.
    Diff {
        /// The predecessor version.
        from: String,
        /// The predecessor's entry.
        from_entry: String,
        /// What the diff says happened ("changed: rescoped (narrowed)").
        change: String,
        /// How the diff matched the entries (`id`, `text`, `fuzzy`, `covers`…).
        matched_by: Option<String>,
        /// Text similarity (0 for coverage by a general clause).
        similarity: f64,
    },
}

impl FoundBy {
    /// In words: "exact", "fuzzy (0.72)", "diff from X: changed… (matched by id, 1.00)".
    pub fn text(&self) -> String {
        match self {
            FoundBy::Exact => "text search: exact".into(),
            FoundBy::Contains => "text search: phrase of the entry".into(),
            FoundBy::Fuzzy { score } => format!("text search: fuzzy ({score:.2})"),
            FoundBy::Diff { from, from_entry, change, matched_by, similarity } => format!(
                "diff from {from} ({from_entry}): {change}; matched by {}, similarity {similarity:.2}",
                matched_by.as_deref().unwrap_or("?")
            ),
        }
    }
}

/// A source of an entry.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TraceSource {
    /// The source's id.
    pub id: String,
    /// Its title, when the list has the source.
    pub title: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
    /// Official or secondary.
    pub kind: Option<SourceKind>,
}

/// One matching entry of a version.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TraceHit {
    /// The entry's id.
    pub id: String,
    /// The number printed in the act.
    pub number: Option<String>,
    /// Title and condition.
    pub text: String,
    /// The scope in force.
    pub scope: String,
    /// Its class.
    pub class: ScopeClass,
    /// How the wording is known.
    pub evidence: Evidence,
    /// The entry's sources.
    pub sources: Vec<TraceSource>,
    /// How the entry was found.
    pub found_by: FoundBy,
    #[serde(skip)]
    index: usize,
    /// The entry, for its texts in another language ([`TraceHit::text_in`]).
    #[serde(skip)]
    entry: Box<crate::model::Entry>,
}

impl TraceHit {
    /// Title and condition in the first language of `prefs` the entry has
    /// (`text` is the Russian-first one).
    pub fn text_in(&self, prefs: &[&str]) -> String {
        self.entry.full_text(prefs)
    }
}

/// One version of one jurisdiction.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TraceVersion {
    /// The list's id.
    pub list: String,
    /// Its title.
    pub title: String,
    /// The date that places the version in time.
    pub date: Option<String>,
    /// The predecessor followed through the diff, when there is one.
    pub predecessor: Option<String>,
    /// "18 of 446 declared entries; evidence: reported".
    pub completeness: String,
    /// The matching entries; empty when none.
    pub entries: Vec<TraceHit>,
    /// "not in this list (…)", or what happened to the predecessor's entry ("removed").
    pub note: Option<String>,
}

/// The versions of one jurisdiction.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TraceJurisdiction {
    /// The jurisdiction's code.
    pub jurisdiction: String,
    /// Its versions, in date order.
    pub versions: Vec<TraceVersion>,
}

/// The story of one text through a catalog.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Trace {
    /// The text traced.
    pub query: String,
    /// The similarity below which an entry is not a match.
    pub threshold: f64,
    /// What was found in each jurisdiction, in code order.
    pub jurisdictions: Vec<TraceJurisdiction>,
}

fn hit(list: &List, i: usize, found_by: FoundBy) -> TraceHit {
    let e = &list.entries()[i];
    let c = classify(list);
    let k = &c.entries[i];
    TraceHit {
        id: e.id.clone(),
        number: e.number.clone(),
        text: e.full_text(language_order("ru")),
        scope: k.scope.to_string(),
        class: k.class,
        evidence: e.evidence,
        sources: e
            .sources
            .iter()
            .map(|s| {
                let src = list.source(s);
                TraceSource {
                    id: s.clone(),
                    title: src.map(|x| x.title.clone()),
                    url: src.and_then(|x| x.url.clone()),
                    kind: src.map(|x| x.kind),
                }
            })
            .collect(),
        found_by,
        index: i,
        entry: Box::new(e.clone()),
    }
}

/// The entries of `list` that match `query`: exact, else as a phrase, else the best fuzzy match.
pub fn search(list: &List, query: &str, threshold: f64) -> Vec<(usize, FoundBy)> {
    let q = match_key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let texts: Vec<Vec<String>> = list
        .entries()
        .iter()
        .map(|e| {
            let mut langs: Vec<&String> = e.title.keys().collect();
            langs.dedup();
            langs.iter().map(|l| match_key(&e.full_text(&[l.as_str()]))).collect()
        })
        .collect();
    let exact: Vec<(usize, FoundBy)> =
        texts.iter().enumerate().filter(|(_, t)| t.contains(&q)).map(|(i, _)| (i, FoundBy::Exact)).collect();
    if !exact.is_empty() {
        return exact;
    }
    let phrase = format!(" {q} ");
    let contains: Vec<(usize, FoundBy)> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.iter().any(|x| format!(" {x} ").contains(&phrase)))
        .map(|(i, _)| (i, FoundBy::Contains))
        .collect();
    if !contains.is_empty() {
        return contains;
    }
    // Fuzzy: the matcher, once per language of the list's entries; the best score wins.
    let mut langs: Vec<&str> = list.entries().iter().flat_map(|e| e.title.keys().map(String::as_str)).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut best: Option<(usize, f64)> = None;
    for lang in langs {
        let items: Vec<Item> = list
            .entries()
            .iter()
            .map(|e| Item {
                id: format!("#{}", e.id),
                text: if e.title.contains_key(lang) { e.full_text(&[lang]) } else { String::new() },
                ..Item::default()
            })
            .collect();
        let query_item = Item { id: "\u{0}query".into(), text: query.to_string(), ..Item::default() };
        let (m, _) =
            match_items(&[query_item], &items, &crate::matching::MatchOptions { threshold, ..Default::default() });
        for p in &m.pairs {
            if best.is_none_or(|(_, s)| p.score > s) {
                best = Some((p.new, p.score));
            }
        }
    }
    best.map(|(i, score)| vec![(i, FoundBy::Fuzzy { score: (score * 1000.0).round() / 1000.0 })]).unwrap_or_default()
}

/// The latest earlier version that `list` is an overlay on, or revises,
/// supersedes, amends or is based on.
fn predecessor<'a>(list: &List, earlier: &'a [List]) -> Option<&'a List> {
    let m = list.meta();
    earlier.iter().rev().find(|o| {
        let id = &o.meta().id;
        m.base.as_ref() == Some(id)
            || m.relations.iter().any(|r| {
                r.target == *id
                    && matches!(
                        r.kind,
                        RelationKind::Revises
                            | RelationKind::Supersedes
                            | RelationKind::Amends
                            | RelationKind::BasedOn
                            | RelationKind::DescendsFrom
                    )
            })
    })
}

fn not_in(list: &List) -> String {
    format!("not in this list (transcribed: {})", list.completeness().count_text())
}

/// Traces `query` through the versions of one jurisdiction (in date order).
pub fn trace_versions(lists: &[List], query: &str, threshold: f64) -> Vec<TraceVersion> {
    let mut out: Vec<TraceVersion> = Vec::new();
    for (k, list) in lists.iter().enumerate() {
        let m = list.meta();
        let pred = predecessor(list, &lists[..k]);
        let mut entries = Vec::new();
        let mut note = None;
        let pred_hits: Vec<(String, usize)> = pred
            .and_then(|p| out.iter().find(|v| v.list == p.meta().id))
            .map(|v| v.entries.iter().map(|h| (h.id.clone(), h.index)).collect())
            .unwrap_or_default();
        if let (Some(p), false) = (pred, pred_hits.is_empty()) {
            let d = diff_lists(p, list, &DiffOptions { threshold, ..Default::default() });
            let mut removed = Vec::new();
            for (from_entry, i) in &pred_hits {
                let Some(c) = d.changes.iter().find(|c| c.old_index.contains(i)) else { continue };
                if c.op == ChangeOp::Removed {
                    removed.push(from_entry.clone());
                    continue;
                }
                for &j in &c.new_index {
                    if entries.iter().any(|h: &TraceHit| h.index == j) {
                        continue;
                    }
                    let by = c
                        .matched_by
                        .and_then(|b| serde_json::to_value(b).ok())
                        .and_then(|v| v.as_str().map(String::from));
                    entries.push(hit(
                        list,
                        j,
                        FoundBy::Diff {
                            from: p.meta().id.clone(),
                            from_entry: from_entry.clone(),
                            change: c.describe(),
                            matched_by: by,
                            similarity: c.similarity,
                        },
                    ));
                }
            }
            if !removed.is_empty() && entries.is_empty() {
                note = Some(format!(
                    "{}; the diff from {} reports {} as removed",
                    not_in(list),
                    p.meta().id,
                    removed.join(", ")
                ));
            }
        }
        if entries.is_empty() && note.is_none() {
            entries = search(list, query, threshold).into_iter().map(|(i, f)| hit(list, i, f)).collect();
            if entries.is_empty() {
                note = Some(not_in(list));
            }
        }
        out.push(TraceVersion {
            list: m.id.clone(),
            title: pick_text(&m.title, language_order("en")).unwrap_or("").to_string(),
            date: m.dates.sort_key().map(|d| d.to_string()),
            predecessor: pred.map(|p| p.meta().id.clone()),
            completeness: list.completeness().to_string(),
            entries,
            note,
        });
    }
    out
}

/// Traces `query` through every jurisdiction of `catalog` (jurisdictions sorted by code).
pub fn trace(catalog: &Catalog, query: &str, threshold: f64) -> Result<Trace, crate::LoadError> {
    let mut codes: Vec<String> = catalog.files().iter().map(|f| f.file.list.jurisdiction.to_uppercase()).collect();
    codes.sort();
    codes.dedup();
    let mut jurisdictions = Vec::new();
    for code in codes {
        let lists: Vec<List> = catalog.jurisdiction(&code).into_iter().collect::<Result<_, _>>()?;
        jurisdictions
            .push(TraceJurisdiction { versions: trace_versions(&lists, query, threshold), jurisdiction: code });
    }
    Ok(Trace { query: query.to_string(), threshold, jurisdictions })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kg(query: &str) -> Vec<TraceVersion> {
        let t = trace(&Catalog::embedded(), query, crate::diff::DEFAULT_THRESHOLD).unwrap();
        t.jurisdictions.into_iter().find(|j| j.jurisdiction == "KG").unwrap().versions
    }

    #[test]
    fn a_welder_through_the_kyrgyz_versions() {
        let v = kg("Сварщик");
        let ids: Vec<&str> = v.iter().map(|x| x.list.as_str()).collect();
        assert_eq!(
            ids,
            ["kg-2000-res-158", "kg-2024-draft-labour-code", "kg-2025-labour-code-23", "kg-2025-cabinet-load-limits"]
        );
        assert_eq!(v[0].entries[0].id, "k40-02");
        assert_eq!(v[0].entries[0].found_by, FoundBy::Exact);
        assert_eq!(v[0].entries[0].class, ScopeClass::General);
        // The draft narrows it; the Code covers it by its general clause.
        assert_eq!(v[1].entries[0].class, ScopeClass::MaternityOnly);
        assert!(matches!(&v[1].entries[0].found_by, FoundBy::Diff { from, .. } if from == "kg-2000-res-158"));
        let code = &v[2].entries[0];
        assert_eq!(code.id, "harmful-hazardous-work");
        assert!(matches!(&code.found_by, FoundBy::Diff { matched_by: Some(m), .. } if m == "covers"), "{code:?}");
        // Not in the load-limit resolution (a list on its own: no predecessor).
        assert!(v[3].entries.is_empty());
        assert!(v[3].note.as_deref().unwrap().starts_with("not in this list"), "{:?}", v[3].note);
    }

    #[test]
    fn phrase_and_fuzzy_search() {
        let v = kg("машинист");
        assert_eq!(v[0].entries.len(), 2, "машинист автогрейдера, машинист бульдозера");
        assert!(v[0].entries.iter().all(|h| h.found_by == FoundBy::Contains));
        let v = kg("машинист бульдозеров");
        assert!(matches!(v[0].entries[0].found_by, FoundBy::Fuzzy { score } if score > 0.5), "{:?}", v[0].entries);
        assert!(kg("астронавт")[0].entries.is_empty());
    }
}
