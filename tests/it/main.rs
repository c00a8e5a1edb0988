//! The integration tests of the `alljobs` command line and library, as one test
//! binary (one link instead of one per file). Each module is one former
//! `tests/<name>.rs`; shared helpers live in `support/`. Run one module with
//! `cargo test --test it MODULE::`.

mod support;

mod bad_inputs;
mod ci;
mod cli;
mod diff;
mod diff_golden;
mod diff_props;
mod docs;
mod flag;
mod import;
mod import_formats;
mod integrations;
mod load_paths;
mod overlay;
mod proptest_consolidate;
mod proptest_fmt;
mod provisions;
mod region;
mod report;
mod report_browser;
mod safety;
mod scope_cli;
mod scope_corpus;
mod story;
mod synth;
