//! In-process benchmarks (divan) of the library's stages on SYNTHETIC lists
//! generated here by the generator crate `crates/alljobs-synth` (seed 1): load, match, diff,
//! classify, flag and report, at 446, 10 000 and 100 000 entries.
//!
//! ```text
//! cargo bench --bench engine                                  # every stage, every size
//! ALLJOBS_BENCH_SIZES=446,10000 cargo bench --bench engine    # chosen sizes
//! cargo bench --bench engine -- flag                          # one stage (divan filter)
//! cargo bench --bench engine -- --sample-count 3 --sample-size 1   # quick
//! ```
//!
//! Under `cargo test` (no `--bench` argument) divan runs each benchmark once,
//! as a test, at 446 entries only, so CI builds and exercises them quickly.
//! `bench/run.sh` measures whole processes and peak memory on the same data;
//! BENCHMARKS.md and docs/src/benchmarks.md have the method and the numbers.

use alljobs::List;
use alljobs::diff::{DiffOptions, diff_lists, match_items_of};
use alljobs::matching::{MatchOptions, match_items};
use alljobs::model::Date;
use alljobs::render::messages::Lang;
use alljobs::report::{ReportData, ReportOptions};
use alljobs::rules::{FlagOptions, RuleSet, flag};
use divan::Bencher;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use alljobs_synth as synth;

fn main() {
    divan::main();
}

/// The sizes to run: `ALLJOBS_BENCH_SIZES` (comma-separated); else 446,
/// 10 000 and 100 000 under `cargo bench`, and 446 alone under `cargo test`.
fn sizes() -> Vec<usize> {
    if let Some(v) = std::env::var("ALLJOBS_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect::<Vec<usize>>())
        .filter(|v| !v.is_empty())
    {
        return v;
    }
    if std::env::args().any(|a| a == "--bench") { vec![446, 10_000, 100_000] } else { vec![446] }
}

/// A generated pair: the old list's TOML text and both lists loaded.
struct Pair {
    old_text: Arc<str>,
    old: List,
    new: List,
}

fn load(name: &str, text: Arc<str>) -> List {
    let loaded = alljobs::load::load_str(name, text).expect("the generator writes valid lists");
    alljobs::List::from_full(loaded).expect("the generator writes full lists")
}

/// The pair of `n` entries, generated once per process.
fn pair(n: usize) -> Arc<Pair> {
    static PAIRS: LazyLock<Mutex<HashMap<usize, Arc<Pair>>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    let mut m = PAIRS.lock().unwrap_or_else(|e| e.into_inner());
    m.entry(n)
        .or_insert_with(|| {
            let s = synth::generate(n, 1, synth::Ids::Fresh);
            let old_text: Arc<str> = Arc::from(s.toml("old"));
            let new_text: Arc<str> = Arc::from(s.toml("new"));
            let old = load("synth/old.toml", old_text.clone());
            let new = load("synth/new.toml", new_text);
            Arc::new(Pair { old_text, old, new })
        })
        .clone()
}

/// A fixed date, so that review-date rules do not depend on the day the bench runs.
fn today() -> Date {
    Date { year: 2026, month: Some(12), day: Some(1) }
}

#[divan::bench(args = sizes())]
fn load_check(bencher: Bencher, n: usize) {
    let p = pair(n);
    bencher.with_inputs(|| p.old_text.clone()).bench_local_values(|text| load("synth/old.toml", text));
}

#[divan::bench(args = sizes())]
fn match_entries(bencher: Bencher, n: usize) {
    let p = pair(n);
    let (old, new) = (match_items_of(&p.old, "ru"), match_items_of(&p.new, "ru"));
    bencher.bench_local(|| match_items(&old, &new, &MatchOptions::default()));
}

#[divan::bench(args = sizes())]
fn diff(bencher: Bencher, n: usize) {
    let p = pair(n);
    bencher.bench_local(|| diff_lists(&p.old, &p.new, &DiffOptions::default()));
}

#[divan::bench(args = sizes())]
fn classify(bencher: Bencher, n: usize) {
    let p = pair(n);
    bencher.bench_local(|| alljobs::classify::classify(&p.new));
}

#[divan::bench(args = sizes())]
fn flag_builtin(bencher: Bencher, n: usize) {
    let p = pair(n);
    let rules = RuleSet::builtin();
    let opts = FlagOptions { today: today(), ..FlagOptions::default() };
    bencher.bench_local(|| flag(&p.new, &rules, &opts));
}

#[divan::bench(args = sizes())]
fn report(bencher: Bencher, n: usize) {
    let p = pair(n);
    let rules = RuleSet::builtin();
    let opts = ReportOptions::new(Lang::En, today());
    bencher.bench_local(|| ReportData::build(&p.old, &p.new, &rules, &opts));
}
