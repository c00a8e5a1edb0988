//! `alljobs import NEW.txt --ids-from OLD.toml`: carry the ids of an older
//! version onto a freshly imported one, so that a maintainer's next version keeps
//! stable ids and its TOML git diff is reviewable.
//!
//! The imported entries are matched against OLD by the diff's matcher, taking
//! the imported ids as derived from numbering (never as identities). A matched
//! entry takes OLD's id; a split's pieces and a merge's entry keep fresh ids and
//! name the old ids in `replaces`; an unmatched entry keeps a fresh id that is
//! none of OLD's ids (an old id on a different entry is exactly the confusion
//! this avoids). The result declares `list.ids = "stable"`.

use crate::diff::{comparison_language, match_items_of};
use crate::list::List;
use crate::matching::{MatchConfidence, MatchOptions, MatchedBy, match_items};
use crate::model::{IdKind, ListFile};
use std::collections::HashSet;

/// One carried id.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    /// OLD's id, now on the imported entry.
    pub id: String,
    /// The imported entry's id before (derived from its number).
    pub was: String,
    /// Index of the imported entry.
    pub index: usize,
    /// The imported entry's text, in the language compared.
    pub text: String,
    /// Similarity of the pair, 0–1.
    pub score: f64,
    /// How the pair was found.
    pub by: MatchedBy,
    /// How sure the pairing is.
    pub confidence: MatchConfidence,
}

/// What [`carry_ids`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CarryReport {
    /// Imported entries that took an id of OLD.
    pub carried: Vec<Carried>,
    /// Imported entries (index, id) that name OLD's ids in `replaces` (splits and merges).
    pub replaces: Vec<(usize, String, Vec<String>)>,
    /// Imported entries (index, id) with no counterpart in OLD: fresh ids.
    pub fresh: Vec<(usize, String)>,
    /// OLD's entries with no counterpart (removed in the new version, or not matched).
    pub unmatched_old: Vec<String>,
    /// What needs a look (low-confidence pairs, ids renamed to stay unique …).
    pub warnings: Vec<String>,
}

/// Rewrites the ids of `new` (an imported list) after OLD's, as described in the module documentation.
pub fn carry_ids(old: &List, new: &mut ListFile) -> CarryReport {
    let imported = List::from_parts(new.clone(), Vec::new(), "import".into());
    let lang = comparison_language(old, &imported);
    let (oi, ni) = (match_items_of(old, &lang), match_items_of(&imported, &lang));
    let (m, _) = match_items(&oi, &ni, &MatchOptions { stable_ids: false, ..MatchOptions::default() });
    let mut report = CarryReport { warnings: m.warnings.clone(), ..CarryReport::default() };
    let mut ids: Vec<Option<String>> = vec![None; new.entries.len()];
    for p in &m.pairs {
        ids[p.new] = Some(old.entries()[p.old].id.clone());
        report.carried.push(Carried {
            id: old.entries()[p.old].id.clone(),
            was: new.entries[p.new].id.clone(),
            index: p.new,
            text: ni[p.new].text.clone(),
            score: p.score,
            by: p.by,
            confidence: p.confidence,
        });
    }
    // Fresh ids: never one of OLD's ids nor a carried one.
    let mut taken: HashSet<String> = old.entries().iter().map(|e| e.id.clone()).collect();
    taken.extend(ids.iter().flatten().cloned());
    for (j, slot) in ids.iter_mut().enumerate() {
        if slot.is_none() {
            let base = new.entries[j].id.clone();
            let mut id = base.clone();
            let mut k = 1;
            while taken.contains(&id) {
                id = if k == 1 { format!("{base}-new") } else { format!("{base}-new{k}") };
                k += 1;
            }
            taken.insert(id.clone());
            *slot = Some(id);
        }
    }
    for g in &m.groups {
        let olds: Vec<String> = g.old.iter().map(|&i| old.entries()[i].id.clone()).collect();
        for &j in &g.new {
            let e = &mut new.entries[j];
            for o in &olds {
                if !e.replaces.contains(o) {
                    e.replaces.push(o.clone());
                }
            }
            report.replaces.push((j, ids[j].clone().unwrap_or_default(), olds.clone()));
        }
    }
    let (used_old, grouped_new): (HashSet<usize>, HashSet<usize>) = (
        m.pairs.iter().map(|p| p.old).chain(m.groups.iter().flat_map(|g| g.old.iter().copied())).collect(),
        m.groups.iter().flat_map(|g| g.new.iter().copied()).collect(),
    );
    for (j, (e, id)) in new.entries.iter_mut().zip(ids).enumerate() {
        let id = id.unwrap_or_default();
        if !report.carried.iter().any(|c| c.index == j) && !grouped_new.contains(&j) {
            report.fresh.push((j, id.clone()));
        }
        e.id = id;
    }
    report.unmatched_old =
        (0..old.entries().len()).filter(|i| !used_old.contains(i)).map(|i| old.entries()[i].id.clone()).collect();
    new.list.ids = Some(IdKind::Stable);
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::constructed_list;

    fn entries(v: &[(&str, &str, &str)]) -> String {
        v.iter()
            .map(|(id, n, t)| {
                format!("[[entries]]\nid = \"{id}\"\nnumber = \"{n}\"\ntitle = {{ ru = \"{t}\" }}\nevidence = \"reported\"\n\n")
            })
            .collect()
    }

    #[test]
    fn carries_ids_of_matched_entries_and_never_reuses_an_old_id() {
        let old = constructed_list(
            "XA",
            "ids = \"stable\"",
            "all-women",
            &entries(&[
                ("welder", "1", "Электросварщик ручной сварки"),
                ("docker", "2", "Докер-механизатор"),
                ("logger", "3", "Лесоруб"),
                ("fitter", "4", "Монтажник стальных и железобетонных конструкций"),
            ]),
        );
        // The new version as the importer writes it: ids from the numbers; the docker removed,
        // the fitter split in two, a new entry at the end.
        let mut new = constructed_list(
            "XA",
            "ids = \"numbering\"",
            "all-women",
            &entries(&[
                ("e1", "1", "Электросварщик ручной сварки"),
                ("e2", "2", "Лесоруб"),
                ("e3", "3", "Монтажник стальных конструкций"),
                ("e4", "4", "Монтажник железобетонных конструкций"),
                ("e5", "5", "Кессонщик"),
            ]),
        )
        .into_file();
        let r = carry_ids(&old, &mut new);
        let ids: Vec<&str> = new.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["welder", "logger", "e3", "e4", "e5"]);
        assert_eq!(new.entries[2].replaces, vec!["fitter".to_string()]);
        assert_eq!(new.entries[3].replaces, vec!["fitter".to_string()]);
        assert_eq!(new.list.ids, Some(IdKind::Stable));
        assert_eq!(r.carried.len(), 2);
        assert_eq!((r.carried[1].id.as_str(), r.carried[1].was.as_str()), ("logger", "e2"));
        assert_eq!(r.unmatched_old, vec!["docker".to_string()]);
        assert_eq!(r.fresh, vec![(4, "e5".to_string())]);
    }

    #[test]
    fn a_fresh_id_that_is_an_old_id_is_renamed() {
        let old = constructed_list("XA", "", "all-women", &entries(&[("e1", "1", "Сварщик"), ("e2", "2", "Докер")]));
        let mut new =
            constructed_list("XA", "", "all-women", &entries(&[("e1", "1", "Докер"), ("e2", "2", "Кессонщик")]))
                .into_file();
        let r = carry_ids(&old, &mut new);
        let ids: Vec<&str> = new.entries.iter().map(|e| e.id.as_str()).collect();
        // Old e2 («Докер») is new e1; the new «Кессонщик» must not take the old id e2.
        assert_eq!(ids, vec!["e2", "e2-new"]);
        assert_eq!(r.fresh, vec![(1, "e2-new".to_string())]);
    }
}
