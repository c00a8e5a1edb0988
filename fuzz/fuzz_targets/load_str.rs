//! Loading a list file from arbitrary UTF-8: never a panic; the fast paths
//! (whole and in chunks) agree with the full check; an overlay consolidates
//! against the shipped lists or fails with diagnostics.
#![no_main]

use alljobs::load::{self, LoadError, Loaded};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn summary(r: &Result<Loaded, LoadError>) -> String {
    let ds = match r {
        Ok(l) => &l.diagnostics,
        Err(e) => &e.diagnostics,
    };
    let ds: Vec<String> =
        ds.iter().map(|d| format!("{} {} {:?} {:?}", d.code, d.message, d.location, d.hint)).collect();
    match r {
        Ok(l) => format!("OK {:?} {:?} {}", l.file, l.entry_spans, ds.join("\n")),
        Err(_) => format!("ERR {}", ds.join("\n")),
    }
}

fn catalog() -> &'static alljobs::Catalog {
    static C: OnceLock<alljobs::Catalog> = OnceLock::new();
    C.get_or_init(alljobs::Catalog::embedded)
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let text: Arc<str> = Arc::from(s);
    let fast = load::load_str("fuzz.toml", text.clone());
    let full = load::load_checked("fuzz.toml", text.clone());
    assert_eq!(summary(&fast), summary(&full), "fast path and full check differ");
    if let Some(chunked) = load::fast_load_chunked("fuzz.toml", &text, 64) {
        assert_eq!(summary(&Ok(chunked)), summary(&full), "chunked path and full check differ");
    }
    if let Ok(l) = fast {
        let _ = catalog().consolidate(&l);
    }
});
