//! Work over both cores with a deterministic result: [`par_map`], used by
//! the matcher, the diff and the chunked loader (the pieces of a large list).

/// Items per worker below which [`par_map`] stays on one thread, for cheap items
/// (a few thousand instructions each: a thread costs more than a few hundred of them).
pub(crate) const PAR_MIN: usize = 1024;

/// `(0..n).map(f).collect()`, on every core when there are at least `min` items
/// per worker: contiguous chunks, one per worker, joined in order, so the result
/// is the sequential one.
pub(crate) fn par_map<U: Send>(n: usize, min: usize, f: impl Fn(usize) -> U + Sync) -> Vec<U> {
    let workers = std::thread::available_parallelism().map_or(1, |w| w.get()).min(n / min.max(1)).max(1);
    if workers == 1 {
        return (0..n).map(f).collect();
    }
    let size = n.div_ceil(workers);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(size)
            .map(|lo| s.spawn(move || (lo..(lo + size).min(n)).map(f).collect::<Vec<U>>()))
            .collect();
        let mut out = Vec::with_capacity(n);
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}
