//! The importer on arbitrary bytes, in every layout and encoding: never a
//! panic, and a list it imports is a valid list file.
#![no_main]

use alljobs::import::{ImportOptions, Layout, import, to_toml};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, input)) = data.split_first() else { return };
    let layouts = [Layout::Auto, Layout::Plain, Layout::Table, Layout::Csv, Layout::Tsv, Layout::Lines, Layout::Semicolon];
    let encodings = [None, Some("utf-8"), Some("windows-1251")];
    let mut opts = ImportOptions::new("xa-fuzz", "XA");
    opts.layout = layouts[usize::from(sel) % layouts.len()];
    opts.encoding = encodings[usize::from(sel / 7) % encodings.len()].map(str::to_string);
    opts.header = sel & 0x80 != 0;
    let Ok(r) = import(input, &opts) else { return };
    let Ok(text) = to_toml(&r.file) else { return };
    if let Err(e) = alljobs::load::load_str("imported.toml", Arc::from(text.as_str())) {
        let ds: Vec<String> = e.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("an imported list does not load:\n{}\n---\n{text}", ds.join("\n"));
    }
});
