//! The loader's fast path (schema on the part outside `[[entries]]`, entries
//! typed straight from the TOML tree) must give exactly what the full check
//! gives: the same list, the same spans and the same diagnostics, for valid
//! files, files with warnings and every bad input.

use crate::support::synth;

use alljobs::load::{self, LoadError, Loaded};
use std::path::Path;
use std::sync::Arc;

fn summary(r: &Result<Loaded, LoadError>) -> String {
    let ds = match r {
        Ok(l) => &l.diagnostics,
        Err(e) => &e.diagnostics,
    };
    let ds: Vec<String> = ds
        .iter()
        .map(|d| format!("{:?} {} {} {:?} {:?} {:?}", d.severity, d.code, d.message, d.location, d.hint, d.source_line))
        .collect();
    match r {
        Ok(l) => format!("OK {:?}\n{:?}\n{:?}\n{}", l.file, l.entry_spans, l.operation_spans, ds.join("\n")),
        Err(_) => format!("ERR\n{}", ds.join("\n")),
    }
}

fn assert_same(name: &str, text: &str) {
    let text: Arc<str> = Arc::from(text);
    let fast = load::load_str(name, text.clone());
    let full = load::load_checked(name, text);
    assert_eq!(summary(&fast), summary(&full), "{name}: the fast path differs from the full check");
}

#[test]
fn fast_and_full_paths_agree_on_shipped_lists_bad_inputs_and_synthetic_lists() {
    let mut n = 0;
    for (path, text) in alljobs::catalog::embedded_files() {
        assert_same(path, text);
        n += 1;
    }
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    for f in alljobs::catalog::list_files(&bad) {
        let name = f.display().to_string();
        if let Ok((text, _)) = load::decode_utf8(&name, std::fs::read(&f).unwrap()) {
            assert_same(&name, &text);
            n += 1;
        }
    }
    let s = synth::generate(300, 5, synth::Ids::Fresh);
    assert_same("old.toml", &s.toml("old"));
    assert_same("new.toml", &s.toml("new"));
    assert!(n > 40);
}

#[test]
fn fast_and_full_paths_agree_on_files_with_warnings_and_late_errors() {
    let s = synth::generate(60, 9, synth::Ids::Fresh).toml("old");
    let cases = [
        // Warnings only: an unsourced entry, a duplicate number.
        s.replacen("sources = [\"SYN\"]\n\n[[entries]]", "\n[[entries]]", 3),
        s.replacen("number = \"2\"", "number = \"1\"", 1),
        // Errors that only the semantic checks find.
        s.replacen("id = \"e2\"", "id = \"e1\"", 1),
        s.replacen("section = \"s1\"", "section = \"s99\"", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nweight_limit_kg = inf", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nweight_limit_kg = nan", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nreviewed = 2020-01-01", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nnote = 2020-01-01", 1),
        s.replacen(
            "evidence = \"reported\"",
            "evidence = \"reported\"\nscope = \"pregnant\"\nscope_inferred = true",
            1,
        ),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nscope = \"age-50-40\"", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nreviewed = \"2020-02-30\"", 1),
        s.replacen("evidence = \"reported\"", "evidence = \"reported\"\nweight_limit_kg = 10", 1),
        s.replacen("jurisdiction = \"XA\"", "jurisdiction = \"xa\"", 1),
        s.replacen("[[entries]]", "entries = 5\n[[entriez]]", 1),
        format!("{s}\n[entries.extra]\nx = 1\n"),
        // The head, which the fast path types without the JSON Schema validator:
        // the schema's list-id pattern, unknown keys, wrong types and enum values
        // in every table outside the entries.
        s.replacen("id = \"xa-synth-old\"", "id = \"Xa Synth\"", 1),
        s.replacen("id = \"xa-synth-old\"", "id = \"-xa\"", 1),
        s.replacen("id = \"xa-synth-old\"", "id = \"\"", 1),
        s.replacen("jurisdiction = \"XA\"", "jurisdiction = \"XAA\"", 1),
        s.replacen("status = \"unknown\"", "status = \"in-forse\"", 1),
        s.replacen("status = \"unknown\"", "status = 3", 1),
        s.replacen("[list.declared]\ncount = ", "[list.declared]\ncount = -", 1),
        s.replacen("[list.declared]\ncount = ", "[list.declared]\nextra = 1\ncount = ", 1),
        s.replacen("[list.transcription]\n", "[list.transcription]\ncolour = \"red\"\n", 1),
        s.replacen("kind = \"secondary\"", "kind = \"secondary\"\nurl = 5", 1),
        s.replacen("kind = \"secondary\"", "kind = \"tertiary\"", 1),
        s.replacen("kind = \"subheading\"", "kind = \"subheading\"\nlevel = 2", 1),
        s.replacen("title = { ru = \"Подземные работы\" }", "title = \"Подземные работы\"", 1),
        s.replacen("title = { ru = \"Подземные работы\" }", "title = { ru = 1 }", 1),
        s.replacen("format_version = 1", "format_version = 1\nformat = 1", 1),
        s.replacen("format_version = 1", "format_version = -1", 1),
        s.replacen("ids = \"numbering\"", "ids = \"stable-ish\"", 1),
        s.replacen("default_scope = \"all-women\"", "default_scope = \"all-womn\"", 1),
    ];
    for (i, c) in cases.iter().enumerate() {
        assert_ne!(c, &s, "case {i} changes the file");
        assert_same(&format!("case-{i}.toml"), c);
    }
}

#[test]
fn chunked_loading_agrees_with_the_full_check() {
    let s = synth::generate(500, 11, synth::Ids::Fresh);
    for (name, text) in [("old.toml", s.toml("old")), ("new.toml", s.toml("new"))] {
        let text: Arc<str> = Arc::from(text);
        for chunk in [1, 700, 10_000, 1 << 30] {
            let chunked = load::fast_load_chunked(name, &text, chunk).expect("a generated list loads in chunks");
            let full = load::load_checked(name, text.clone());
            assert_eq!(summary(&Ok(chunked)), summary(&full), "{name}, chunks of {chunk} bytes");
        }
    }
    // Whatever the chunked path accepts, the full check accepts identically.
    let mut texts: Vec<(String, String)> =
        alljobs::catalog::embedded_files().iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    for f in alljobs::catalog::list_files(&bad) {
        if let Ok(t) = std::fs::read_to_string(&f) {
            texts.push((f.display().to_string(), t));
        }
    }
    let base = s.toml("old");
    texts.push(("dup.toml".into(), base.replacen("id = \"e2\"", "id = \"e1\"", 1)));
    texts.push(("unsourced.toml".into(), base.replacen("sources = [\"SYN\"]\n\n[[entries]]", "\n[[entries]]", 2)));
    texts.push(("after.toml".into(), format!("{base}\n[[sections]]\nid = \"late\"\ntitle = {{ ru = \"x\" }}\n")));
    texts.push(("sub.toml".into(), format!("{base}\n[entries.extra]\nx = 1\n")));
    texts.push(("bad-entry.toml".into(), base.replacen("evidence = \"reported\"", "evidence = \"guessed\"", 1)));
    let mut accepted = 0;
    for (name, t) in texts {
        let t: Arc<str> = Arc::from(t);
        if let Some(l) = load::fast_load_chunked(&name, &t, 200) {
            accepted += 1;
            assert_eq!(summary(&Ok(l)), summary(&load::load_checked(&name, t.clone())), "{name}");
        }
        assert_eq!(summary(&load::load_str(&name, t.clone())), summary(&load::load_checked(&name, t)), "{name}");
    }
    assert!(accepted >= 3, "the chunked path was taken for the valid lists ({accepted})");
}
