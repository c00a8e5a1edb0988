//! The SYNTHETIC data generator (crates/alljobs-synth): its output for a small N
//! is valid (`alljobs check` clean), labelled synthetic, deterministic, and
//! plants every kind of change.

use crate::support::synth;

use assert_cmd::Command;

#[test]
fn small_output_passes_check_and_is_labelled_synthetic() {
    let dir = tempfile::tempdir().unwrap();
    let s = synth::generate(400, 7, synth::Ids::Fresh);
    s.write(dir.path()).unwrap();
    let out = Command::cargo_bin("alljobs")
        .unwrap()
        .arg("check")
        .arg("--deny-warnings")
        .arg(dir.path().join("old.toml"))
        .arg(dir.path().join("new.toml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
    for f in ["old.toml", "new.toml"] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        let file: alljobs::model::ListFile = toml::from_str(&text).unwrap();
        assert!(file.list.title.values().all(|t| t.contains(synth::LABEL)), "{f}");
        assert!(file.list.note.as_deref().unwrap_or("").contains(synth::LABEL), "{f}");
        assert_eq!(file.list.jurisdiction, "XA");
        assert_eq!(text, alljobs::fmt::to_canonical(&file).unwrap(), "{f} is in canonical form");
    }
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("expected.json")).unwrap()).unwrap();
    assert_eq!(expected["synthetic"], synth::LABEL);
    let csv = std::fs::read_to_string(dir.path().join("old.csv")).unwrap();
    assert_eq!(csv.lines().count(), 401, "a header and one row per entry");
}

#[test]
fn output_is_deterministic_for_a_seed() {
    let a = synth::generate(300, 3, synth::Ids::Fresh);
    let b = synth::generate(300, 3, synth::Ids::Fresh);
    let c = synth::generate(300, 4, synth::Ids::Fresh);
    assert_eq!(a.toml("new"), b.toml("new"));
    assert_eq!(a.expected_json(), b.expected_json());
    assert_ne!(a.toml("old"), c.toml("old"));
}

#[test]
fn every_kind_of_change_is_planted_and_accounted_for() {
    let s = synth::generate(3000, 1, synth::Ids::Fresh);
    let mut count = std::collections::BTreeMap::<&str, usize>::new();
    for p in &s.planted {
        *count.entry(p.kind).or_default() += 1;
    }
    for (kind, rate) in synth::RATES {
        let n = count.get(kind).copied().unwrap_or(0);
        let want = 3000.0 * rate;
        assert!(n as f64 > want * 0.5 && (n as f64) < want * 1.6, "{kind}: {n} planted, about {want} expected");
    }
    // Every old entry and every new entry appears in exactly one planted change.
    let mut old_seen = std::collections::HashSet::new();
    let mut new_seen = std::collections::HashSet::new();
    for p in &s.planted {
        for id in &p.old_ids {
            assert!(old_seen.insert(id.clone()), "{id} twice");
        }
        for id in &p.new_ids {
            assert!(new_seen.insert(id.clone()), "{id} twice");
        }
    }
    assert_eq!(old_seen.len(), s.old.len());
    assert_eq!(new_seen.len(), s.new.len());
    // Splits and merges keep the title; a rescope narrows to pregnant-or-breastfeeding.
    let new_by_id: std::collections::HashMap<_, _> = s.new.iter().map(|e| (e.id.as_str(), e)).collect();
    let old_by_id: std::collections::HashMap<_, _> = s.old.iter().map(|e| (e.id.as_str(), e)).collect();
    for p in &s.planted {
        match p.kind {
            "split" => {
                assert!(p.new_ids.iter().all(|n| new_by_id[n.as_str()].title == old_by_id[p.old_ids[0].as_str()].title))
            }
            "merged" => assert_eq!(old_by_id[p.old_ids[0].as_str()].title, old_by_id[p.old_ids[1].as_str()].title),
            "rescoped" => assert_eq!(new_by_id[p.new_ids[0].as_str()].scope, Some("pregnant-or-breastfeeding")),
            "moved" => assert_ne!(new_by_id[p.new_ids[0].as_str()].section, old_by_id[p.old_ids[0].as_str()].section),
            _ => {}
        }
    }
}

#[test]
fn kept_ids_mode_keeps_the_old_ids() {
    let s = synth::generate(200, 2, synth::Ids::Keep);
    for p in s.planted.iter().filter(|p| p.kind == "unchanged" || p.kind == "reworded") {
        assert_eq!(p.old_ids, p.new_ids);
    }
}

#[test]
fn refuses_to_write_under_lists() {
    assert!(synth::inside_lists(std::path::Path::new("lists/kg/x")));
    assert!(!synth::inside_lists(std::path::Path::new("target/synth/446")));
}

fn list_of(name: &str, text: String) -> alljobs::List {
    let l = alljobs::load::load_str(name, std::sync::Arc::from(text)).expect("a generated list loads");
    alljobs::List::from_full(l).expect("a generated list is a full list")
}

/// The diff engine finds the planted changes: recall per kind over eight small
/// generated pairs (every change is scored: same old ids, same new ids, and the
/// planted kind as the op or an aspect).
#[test]
fn the_diff_engine_finds_the_planted_changes() {
    use alljobs::diff::{ChangeOp, DiffOptions, diff_lists};
    use std::collections::{BTreeMap, HashMap};
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for seed in 1..=8 {
        let s = synth::generate(300, seed, synth::Ids::Fresh);
        let (old, new) = (list_of("old.toml", s.toml("old")), list_of("new.toml", s.toml("new")));
        let d = diff_lists(&old, &new, &DiffOptions::default());
        let key = |o: &[String], n: &[String]| {
            let (mut o, mut n) = (o.to_vec(), n.to_vec());
            o.sort();
            n.sort();
            (o, n)
        };
        let found: HashMap<_, _> = d.changes.iter().map(|c| (key(&c.old_ids, &c.new_ids), c)).collect();
        for p in &s.planted {
            let hit = found.get(&key(&p.old_ids, &p.new_ids)).is_some_and(|c| match p.kind {
                "reworded" | "moved" | "renumbered" | "rescoped" => {
                    c.op == ChangeOp::Changed && c.aspects.iter().any(|a| a.as_str() == p.kind)
                }
                kind => c.op.as_str() == kind,
            });
            let t = tally.entry(p.kind).or_default();
            t.0 += usize::from(hit);
            t.1 += 1;
        }
    }
    let report: Vec<String> = tally.iter().map(|(k, (f, t))| format!("{k} {f}/{t}")).collect();
    for (kind, (found, total)) in &tally {
        let recall = *found as f64 / *total as f64;
        // Known gap of the engine (README, benchmarks): the fuzzy step pairs one
        // part of a split (or merge) one-to-one before the coverage step sees it.
        let floor = if matches!(*kind, "split" | "merged") { 0.8 } else { 0.95 };
        assert!(recall >= floor, "{kind}: recall {recall:.3} < {floor}; all: {}", report.join(", "));
    }
    assert_eq!(tally.len(), 9, "every kind was planted: {}", report.join(", "));
}

/// The matching-quality corpus: per revision profile, the precision and recall of
/// the diff's correspondence (every old id ↔ new id of a pair, split or merge)
/// against the planted one, over two generated pairs of 446 entries. Floors: 0.99 /
/// 0.97 on every profile but the heaviest, 0.97 / 0.90 on `heavy`.
#[test]
fn per_profile_precision_and_recall_floors() {
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for p in &synth::PROFILES {
        let mut total = synth::Score::default();
        for seed in 1..=2 {
            let s = synth::generate_with(446, seed, p);
            // The profile planted what it says: the true correspondence is not trivial.
            assert!(s.planted.iter().any(|x| x.kind != "unchanged"), "{}", p.name);
            total.add(s.score());
        }
        let (pr, rc) = (total.precision(), total.recall());
        let (fp, fr) = if p.name == "heavy" { (0.97, 0.90) } else { (0.99, 0.97) };
        report.push(format!("{} {pr:.4}/{rc:.4}", p.name));
        if pr < fp || rc < fr {
            failed.push(format!("{}: precision {pr:.4} (floor {fp}), recall {rc:.4} (floor {fr})", p.name));
        }
    }
    assert!(failed.is_empty(), "{}\nall: {}", failed.join("\n"), report.join(", "));
}

#[test]
fn numbering_ids_follow_the_new_numbers_and_cross_entries() {
    let p = synth::PROFILES.iter().find(|p| p.name == "renumbering").unwrap();
    let s = synth::generate_with(300, 5, p);
    for (k, e) in s.new.iter().enumerate() {
        assert_eq!((e.id.clone(), e.number.clone()), (format!("e{}", k + 1), (k + 1).to_string()));
    }
    // After the first removal, a kept entry's old id names another entry in the new version.
    let crossed = s.planted.iter().filter(|x| x.kind == "unchanged" && x.old_ids != x.new_ids).count();
    assert!(crossed > 100, "{crossed}");
    assert!(s.toml("new").contains("ids = \"numbering\""));
}
