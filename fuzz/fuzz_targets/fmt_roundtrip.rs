//! `fmt` on any text that loads: never a panic; the formatted text loads to
//! the same list, keeps every comment line's text, and formatting it again
//! changes nothing.
#![no_main]

use alljobs::{fmt, load};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = load::load_str("fuzz.toml", Arc::from(s)) else { return };
    let Ok(once) = fmt::format_text(s, &loaded.file) else { return };
    let back = load::load_str("fuzz.toml", Arc::from(once.as_str())).expect("the formatted text loads");
    assert_eq!(back.file, loaded.file, "formatting changed the list");
    for line in s.lines().map(str::trim).filter(|l| l.starts_with('#')) {
        assert!(once.contains(line), "comment `{line}` lost");
    }
    let twice = fmt::format_text(&once, &back.file).expect("formats again");
    assert_eq!(twice, once, "not idempotent");
});
