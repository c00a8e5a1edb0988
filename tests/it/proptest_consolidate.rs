//! Property tests of consolidation and of the loader on random input
//! (constructed lists, generated per case). Case counts are modest for CI;
//! `ALLJOBS_PROPTEST_CASES=5000 cargo test --release --test proptest_consolidate`
//! runs them long (the stable-toolchain complement of `fuzz/run.sh`).

use alljobs::load::{self, LoadError, Loaded};
use alljobs::model::{Scope, ScopeRelation};
use alljobs::{Catalog, List};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("ALLJOBS_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

const TITLES: [&str; 6] =
    ["Машинист бульдозера", "Проходчик", "Сварщик", "Опрокидчик", "Чистильщик бункеров", "Стволовой"];

fn base_list(n: usize) -> String {
    let mut s = String::from(
        "format_version = 1\n\n[list]\nid = \"xa-prop-base\"\njurisdiction = \"XA\"\ninstrument = \"resolution\"\n\
         title = { en = \"Constructed base list (property tests)\" }\nstatus = \"in-force\"\neffect = \"prohibits\"\n\
         default_scope = \"all-women\"\nconfidence = \"unknown\"\n\n[[sources]]\nid = \"T1\"\n\
         title = \"Constructed source\"\nkind = \"secondary\"\n",
    );
    for k in 1..=3 {
        s.push_str(&format!("\n[[sections]]\nid = \"s{k}\"\nnumber = \"{k}\"\ntitle = {{ ru = \"Раздел {k}\" }}\n"));
    }
    for i in 1..=n {
        s.push_str(&format!(
            "\n[[entries]]\nid = \"e{i}\"\nnumber = \"{i}\"\nsection = \"s{}\"\ntitle = {{ ru = \"{} {i}\" }}\n\
             evidence = \"official-text\"\nsources = [\"T1\"]\n",
            i % 3 + 1,
            TITLES[i % TITLES.len()]
        ));
    }
    s
}

fn overlay(id: &str, base: &str, ops: &[String]) -> String {
    format!(
        "format_version = 1\n\n[list]\nid = \"{id}\"\njurisdiction = \"XA\"\ninstrument = \"draft\"\n\
         title = {{ en = \"Constructed overlay (property tests)\" }}\nstatus = \"draft\"\neffect = \"restricts\"\n\
         default_scope = \"all-women\"\nconfidence = \"unknown\"\nbase = \"{base}\"\n\n[[sources]]\nid = \"T2\"\n\
         title = \"Constructed overlay source\"\nkind = \"secondary\"\n{}",
        ops.concat()
    )
}

fn op(kind: &str, target: &str, extra: &str) -> String {
    format!(
        "\n[[operations]]\nop = \"{kind}\"\ntarget = \"{target}\"\n{extra}confidence = \"reported\"\nsources = [\"T2\"]\n"
    )
}

fn load(name: &str, text: &str) -> Loaded {
    match load::load_str(name, Arc::from(text)) {
        Ok(l) => l,
        Err(e) => panic!("{name}: {:?}\n{text}", e.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
    }
}

/// Consolidates the last file given, with all of them in the catalog.
fn consolidate(files: &[(&str, &str)]) -> Result<List, LoadError> {
    let mut c = Catalog::new();
    let mut last = None;
    for (name, text) in files {
        let l = load(name, text);
        last = Some(l.clone());
        c.add(l);
    }
    c.consolidate(&last.unwrap())
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn repealing_k_entries_leaves_n_minus_k(n in 1usize..40, picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..40)) {
        let repealed: BTreeSet<usize> = picks.iter().map(|p| p.index(n) + 1).collect();
        let ops: Vec<String> = repealed.iter().map(|i| op("repeal", &format!("e{i}"), "")).collect();
        if ops.is_empty() {
            return Ok(()); // an overlay needs an operation
        }
        let base = base_list(n);
        let ov = overlay("xa-prop-ov", "xa-prop-base", &ops);
        let list = consolidate(&[("base.toml", &base), ("ov.toml", &ov)]).unwrap();
        prop_assert_eq!(list.entries().len(), n - repealed.len());
        let kept: Vec<String> = (1..=n).filter(|i| !repealed.contains(i)).map(|i| format!("e{i}")).collect();
        let got: Vec<String> = list.entries().iter().map(|e| e.id.clone()).collect();
        prop_assert_eq!(got, kept, "the others stay, in order");
        prop_assert_eq!(list.origins().len(), list.entries().len());
    }

    #[test]
    fn a_global_rescope_narrows_every_entry(n in 1usize..30, scope in prop::sample::select(vec!["pregnant-or-breastfeeding", "pregnant", "breastfeeding", "maternity"])) {
        let base = base_list(n);
        let ov = overlay("xa-prop-ov", "xa-prop-base", &[op("rescope", "*", &format!("scope = \"{scope}\"\n"))]);
        let before = consolidate(&[("base.toml", &base)]).unwrap();
        let after = consolidate(&[("base.toml", &base), ("ov.toml", &ov)]).unwrap();
        prop_assert_eq!(before.entries().len(), after.entries().len());
        let want: Scope = scope.parse().unwrap();
        for (a, b) in before.entries().iter().zip(after.entries()) {
            prop_assert_eq!(&a.id, &b.id);
            prop_assert_eq!(after.scope_of(b), want.clone());
            prop_assert_eq!(before.scope_of(a).relation_to(&after.scope_of(b)), ScopeRelation::Narrowed);
        }
    }

    /// Renumber, move and reword random entries in one overlay; a second overlay
    /// on the first puts everything back; the result equals the base.
    #[test]
    fn renumber_move_reword_round_trip(n in 2usize..30, picks in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3), 1..20)) {
        let base = base_list(n);
        let mut touched = BTreeSet::new();
        let (mut there, mut back) = (Vec::new(), Vec::new());
        for (p, kind) in picks {
            let i = p.index(n) + 1;
            if !touched.insert((i, kind)) {
                continue; // one operation of a kind per entry and overlay
            }
            let t = format!("e{i}");
            match kind {
                0 => {
                    there.push(op("renumber", &t, &format!("number = \"{i}а\"\n")));
                    back.push(op("renumber", &t, &format!("number = \"{i}\"\n")));
                }
                1 => {
                    there.push(op("move", &t, &format!("section = \"s{}\"\n", (i + 1) % 3 + 1)));
                    back.push(op("move", &t, &format!("section = \"s{}\"\n", i % 3 + 1)));
                }
                _ => {
                    let title = format!("{} {i}", TITLES[i % TITLES.len()]);
                    there.push(op("reword", &t, &format!("title = {{ ru = \"{title}, занятый на работах\" }}\n")));
                    back.push(op("reword", &t, &format!("title = {{ ru = \"{title}\" }}\n")));
                }
            }
        }
        let a = overlay("xa-prop-a", "xa-prop-base", &there);
        let b = overlay("xa-prop-b", "xa-prop-a", &back);
        let orig = consolidate(&[("base.toml", &base)]).unwrap();
        let changed = consolidate(&[("base.toml", &base), ("a.toml", &a)]).unwrap();
        let restored = consolidate(&[("base.toml", &base), ("a.toml", &a), ("b.toml", &b)]).unwrap();
        prop_assert_ne!(orig.entries(), changed.entries());
        prop_assert_eq!(orig.entries(), restored.entries());
    }

    /// Random operations on random (also missing) targets: never a panic; an
    /// error names a position in the overlay; a success has n − repeals + adds entries.
    #[test]
    fn random_operations_never_panic(n in 1usize..15, ops in proptest::collection::vec((0u8..6, 0usize..20), 1..12)) {
        let base = base_list(n);
        let mut texts = Vec::new();
        let (mut repeals, mut adds) = (BTreeSet::new(), 0usize);
        for (k, (kind, t)) in ops.iter().enumerate() {
            let target = format!("e{t}");
            texts.push(match kind {
                0 => { repeals.insert(*t); op("repeal", &target, "") }
                1 => op("rescope", &target, "scope = \"pregnant\"\n"),
                2 => op("reword", &target, "title = { ru = \"Другое\" }\n"),
                3 => op("renumber", &target, &format!("number = \"{k}б\"\n")),
                4 => op("move", &target, &format!("section = \"s{}\"\n", t % 4 + 1)),
                _ => {
                    adds += 1;
                    format!("\n[[operations]]\nop = \"add\"\nafter = \"{target}\"\nconfidence = \"reported\"\n\
                             entry = {{ id = \"new{k}\", title = {{ ru = \"Новая {k}\" }}, evidence = \"reported\", sources = [\"T2\"] }}\n")
                }
            });
        }
        let ov = overlay("xa-prop-ov", "xa-prop-base", &texts);
        match consolidate(&[("base.toml", &base), ("ov.toml", &ov)]) {
            Ok(list) => prop_assert_eq!(list.entries().len(), n - repeals.len() + adds),
            Err(e) => {
                prop_assert!(!e.diagnostics.is_empty());
                prop_assert!(e.diagnostics.iter().all(|d| d.location.as_ref().is_some_and(|l| l.line >= 1)));
            }
        }
    }
}

fn summary(r: &Result<Loaded, LoadError>) -> String {
    let ds = match r {
        Ok(l) => &l.diagnostics,
        Err(e) => &e.diagnostics,
    };
    let ds: Vec<String> = ds.iter().map(|d| format!("{} {} {:?}", d.code, d.message, d.location)).collect();
    match r {
        Ok(l) => format!("OK {:?} {:?} {}", l.file, l.entry_spans, ds.join("\n")),
        Err(_) => format!("ERR {}", ds.join("\n")),
    }
}

proptest! {
    #![proptest_config(cases(64))]

    /// Arbitrary text: never a panic, and the fast paths agree with the full check.
    #[test]
    fn loading_arbitrary_text_never_panics(s in any::<String>()) {
        let text: Arc<str> = Arc::from(s.as_str());
        prop_assert_eq!(summary(&load::load_str("p.toml", text.clone())), summary(&load::load_checked("p.toml", text)));
    }

    /// A valid list with a random cut, insertion or deletion: never a panic,
    /// the fast paths agree with the full check, and every error has a position.
    #[test]
    fn mutated_lists_never_panic(n in 1usize..8, at in any::<prop::sample::Index>(), len in 0usize..40, insert in "[\\[\\]{}=\"'#\\n a-z0-9.,]{0,12}", cut in any::<bool>()) {
        let base = base_list(n);
        let mut i = at.index(base.len());
        while !base.is_char_boundary(i) { i -= 1; }
        let mut j = (i + len).min(base.len());
        while !base.is_char_boundary(j) { j -= 1; }
        let text = if cut { base[..i].to_string() } else { format!("{}{insert}{}", &base[..i], &base[j..]) };
        let text: Arc<str> = Arc::from(text.as_str());
        let fast = load::load_str("m.toml", text.clone());
        prop_assert_eq!(summary(&fast), summary(&load::load_checked("m.toml", text.clone())));
        if let Some(c) = load::fast_load_chunked("m.toml", &text, 1) {
            prop_assert_eq!(summary(&Ok(c)), summary(&fast));
        }
        if let Err(e) = fast {
            prop_assert!(e.diagnostics.iter().any(|d| d.is_error() && d.location.is_some()));
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        match load::decode_utf8("b.toml", bytes.clone()) {
            Ok((t, _)) => prop_assert_eq!(t.as_bytes(), bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes)),
            Err(d) => prop_assert_eq!(d.code, "invalid-utf8"),
        }
    }
}
