//! `diff` of any two lists that load (the input split at the first NUL byte):
//! never a panic; every entry of both lists is accounted for exactly once; the
//! counts add up; a list against itself is all unchanged; swapping the lists
//! swaps added and removed, split and merged, and the sides of a coverage.
#![no_main]

use alljobs::diff::{ChangeOp, DiffOptions, diff_lists};
use alljobs::load;
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fn list(bytes: &[u8]) -> Option<alljobs::List> {
    let s = std::str::from_utf8(bytes).ok()?;
    let l = load::load_str("fuzz.toml", Arc::from(s)).ok()?;
    alljobs::List::from_full(l).ok()
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let Some(a) = list(&data[..split]) else { return };
    let b = if split < data.len() { list(&data[split + 1..]) } else { None };
    let b = b.unwrap_or_else(|| a.clone());
    let opts = DiffOptions::default();
    let same = diff_lists(&a, &a, &opts);
    assert_eq!(same.summary.unchanged, a.entries().len(), "a list against itself");
    assert!(same.changes.iter().all(|c| c.op == ChangeOp::Unchanged));
    let d = diff_lists(&a, &b, &opts);
    let mut old_seen = vec![0usize; a.entries().len()];
    let mut new_seen = vec![0usize; b.entries().len()];
    for c in &d.changes {
        c.old_index.iter().for_each(|&i| old_seen[i] += 1);
        c.new_index.iter().for_each(|&j| new_seen[j] += 1);
        assert_eq!((c.old_ids.len(), c.new_ids.len()), (c.old_index.len(), c.new_index.len()));
        assert!((0.0..=1.0).contains(&c.similarity));
    }
    assert!(old_seen.iter().all(|&n| n == 1), "old entries seen {old_seen:?}");
    assert!(new_seen.iter().all(|&n| n == 1), "new entries seen {new_seen:?}");
    let s = d.summary;
    assert_eq!(s.added + s.removed + s.changed + s.unchanged + s.split + s.merged, d.changes.len());
    let r = diff_lists(&b, &a, &opts).summary;
    assert_eq!((s.added, s.removed), (r.removed, r.added), "swapping swaps added and removed");
    assert_eq!((s.covered, s.covered_by_older), (r.covered_by_older, r.covered), "swapping swaps the coverage sides");
    assert_eq!((s.split, s.merged), (r.merged, r.split), "swapping swaps split and merged");
});
