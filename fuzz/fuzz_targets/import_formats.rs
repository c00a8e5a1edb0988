//! The HTML, DOCX, PDF and RTF readers of the importer on arbitrary bytes: never a
//! panic, never more memory than the decompression and nesting limits allow,
//! and a list it imports is a valid list file.
#![no_main]

use alljobs::import::format::Format;
use alljobs::import::{ImportOptions, Layout, import, to_toml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libFuzzer's panic hook aborts on every panic, even one the importer catches:
    // the PDF reader's own panics are caught by design (an import error follows),
    // so they must unwind to that catch; every other panic still aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let fuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| alljobs::import::is_caught_reader_panic(l.file())) {
                fuzzer(info);
            }
        }));
    });
    let Some((&sel, input)) = data.split_first() else { return };
    let formats = [Format::Html, Format::Docx, Format::Pdf, Format::Rtf, Format::Auto];
    let layouts = [Layout::Auto, Layout::Plain, Layout::Table, Layout::Lines, Layout::Semicolon];
    let mut opts = ImportOptions::new("xa-fuzz", "XA");
    opts.format = formats[usize::from(sel) % formats.len()];
    opts.layout = layouts[usize::from(sel / 5) % layouts.len()];
    opts.lang = ["ru", "az", "uk", "kk"][usize::from(sel / 25) % 4].to_string();
    let Ok(r) = import(input, &opts) else { return };
    to_toml(&r.file).expect("an imported list is a valid list file");
});
