//! The bad-input corpus: every file in tests/bad/ (constructed inputs) must
//! give the diagnostics listed in tests/bad/expected.toml — code, position and
//! text — and never a panic. Run through the library and through the CLI.

use alljobs::{Diagnostic, Severity, load};
use assert_cmd::Command;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    kind: String,
    expect: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

fn manifest() -> Manifest {
    toml::from_str(&std::fs::read_to_string(dir().join("expected.toml")).unwrap()).unwrap()
}

/// "12:30 invalid-date text" → (Some((12, 30)), "invalid-date", "text")
fn parse_expectation(e: &str) -> (Option<(usize, usize)>, Option<String>, String) {
    let mut rest = e;
    let mut pos = None;
    if let Some((first, tail)) = rest.split_once(' ').or(Some((rest, "")))
        && let Some((l, c)) = first.split_once(':')
        && let (Ok(l), Ok(c)) = (l.parse(), c.parse())
    {
        pos = Some((l, c));
        rest = tail;
    }
    let mut code = None;
    if let Some((first, tail)) = rest.split_once(' ').or(Some((rest, "")))
        && !first.is_empty()
        && first.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
    {
        code = Some(first.to_string());
        rest = tail;
    }
    (pos, code, rest.to_string())
}

fn matches(d: &Diagnostic, e: &str) -> bool {
    let (pos, code, text) = parse_expectation(e);
    if let Some(c) = code
        && d.code != c
    {
        return false;
    }
    if let Some((l, c)) = pos {
        match &d.location {
            Some(loc) if loc.line == l && loc.column == c => {}
            _ => return false,
        }
    }
    let hay = format!("{} {}", d.message, d.hint.clone().unwrap_or_default());
    hay.contains(&text)
}

fn check_case(c: &Case, diagnostics: &[Diagnostic]) -> Result<(), String> {
    for e in &c.expect {
        if !diagnostics.iter().any(|d| matches(d, e)) {
            let got: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
            return Err(format!("{}: expected `{e}`, got:\n  {}", c.file, got.join("\n  ")));
        }
    }
    Ok(())
}

#[test]
fn corpus_has_at_least_thirty_cases() {
    assert!(manifest().case.len() >= 30);
}

#[test]
fn every_bad_input_gives_its_expected_diagnostics() {
    let mut failures = Vec::new();
    for c in manifest().case {
        let path = dir().join(&c.file);
        let result = std::panic::catch_unwind(|| load::load_file(&path));
        let Ok(result) = result else {
            failures.push(format!("{}: PANIC", c.file));
            continue;
        };
        match (c.kind.as_str(), result) {
            ("error", Ok(_)) => failures.push(format!("{}: loaded without error", c.file)),
            ("error", Err(e)) => {
                if let Err(f) = check_case(&c, &e.diagnostics) {
                    failures.push(f);
                }
                if !e.diagnostics.iter().any(|d| d.severity == Severity::Error) {
                    failures.push(format!("{}: no error-level diagnostic", c.file));
                }
            }
            ("warning", Ok(l)) => {
                if let Err(f) = check_case(&c, &l.diagnostics) {
                    failures.push(f);
                }
            }
            ("warning", Err(e)) => failures.push(format!("{}: failed: {:?}", c.file, e.diagnostics)),
            (k, _) => failures.push(format!("{}: unknown kind {k}", c.file)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cli_exits_2_with_file_line_col_for_every_error_case() {
    for c in manifest().case.iter().filter(|c| c.kind == "error") {
        let path = dir().join(&c.file);
        let out = Command::cargo_bin("alljobs").unwrap().arg("check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", c.file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown = format!("{}:", path.display());
        assert!(stderr.contains(&shown), "{}: stderr lacks the file position:\n{stderr}", c.file);
        assert!(!stderr.contains("panicked"), "{}", c.file);
    }
}

#[test]
fn a_ten_megabyte_line_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(self::dir().join("bom.toml")).unwrap();
    let text = format!("{}\ngarbage = \"{}\"\n", base.trim_start_matches('\u{feff}'), "x".repeat(10 * 1024 * 1024));
    let p = dir.path().join("long.toml");
    std::fs::write(&p, text).unwrap();
    let e = load::load_file(&p).unwrap_err();
    assert!(
        e.diagnostics.iter().any(|d| d.code == "unknown-key" && d.message.contains("garbage")),
        "{:?}",
        e.diagnostics
    );
}

#[test]
fn too_large_input_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.toml");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(load::MAX_INPUT_BYTES + 1).unwrap();
    let e = load::load_file(&p).unwrap_err();
    assert_eq!(e.diagnostics[0].code, "too-large");
    assert!(e.diagnostics[0].message.contains("limit"));
}

#[test]
fn a_directory_and_a_missing_file_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = load::load_file(dir.path()).unwrap_err();
    assert_eq!(e.diagnostics[0].code, "is-a-directory");
    let e = load::load_file(&dir.path().join("nope.toml")).unwrap_err();
    assert_eq!(e.diagnostics[0].code, "not-found");
    let out = Command::cargo_bin("alljobs").unwrap().args(["show", "/nonexistent/x.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
}

// Bad inputs that need several files (overlays) or another command (import)
// are snapshot cases: tests/cli/bad-*.toml, run by tests/it/cli.rs.

#[test]
fn import_refuses_a_too_large_input_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.txt");
    std::fs::File::create(&p).unwrap().set_len(load::MAX_INPUT_BYTES + 1).unwrap();
    let out = Command::cargo_bin("alljobs")
        .unwrap()
        .args(["import", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("the limit is {} bytes", load::MAX_INPUT_BYTES)), "{stderr}");
}

/// `import -o` writes atomically: when the write fails (here the file size
/// limit of the process, which stops root too), the existing file is untouched
/// and no temporary file is left.
#[test]
fn import_write_failure_leaves_the_original_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("list.txt");
    let text: String =
        (1..=200).map(|i| format!("{i}. Машинист экскаватора номер {i}, занятый на подземных работах\n")).collect();
    std::fs::write(&input, format!("# Constructed test input.\n{text}")).unwrap();
    let target = dir.path().join("out.toml");
    std::fs::write(&target, "original contents\n").unwrap();
    let out = with_file_size_limit(&[
        &"import",
        &input,
        &"--id",
        &"xa-imp",
        &"--jurisdiction",
        &"XA",
        &"--no-source",
        &"-o",
        &target,
        &"--force",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "original contents\n", "the original is untouched");
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["list.txt", "out.toml"], "no temporary file left");
    // Without the limit the same command writes the list.
    let ok = Command::cargo_bin("alljobs")
        .unwrap()
        .args(["import", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source", "--force", "-o"])
        .arg(&target)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(std::fs::read_to_string(&target).unwrap().contains("Машинист экскаватора номер 200"));
}

#[test]
fn diff_and_report_inputs_go_through_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.toml");
    std::fs::File::create(&p).unwrap().set_len(load::MAX_INPUT_BYTES + 1).unwrap();
    let small = dir.path().join("small.toml");
    std::fs::copy(self::dir().join("bom.toml"), &small).unwrap();
    for (cmd, args) in
        [("diff", [&p, &small]), ("diff", [&small, &p]), ("report", [&p, &small]), ("report", [&small, &p])]
    {
        let out = Command::cargo_bin("alljobs").unwrap().arg(cmd).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("too-large") && stderr.contains("limit"), "{stderr}");
    }
}

/// `report -o` writes atomically: when the write fails (the process's file size
/// limit, which stops root too) the existing file is untouched, no temporary file is left.
#[test]
fn report_write_failure_leaves_the_original_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/cli/missing-entry");
    let (old, new) = (dir.path().join("old.toml"), dir.path().join("new.toml"));
    std::fs::copy(lists.join("base.toml"), &old).unwrap();
    let text =
        std::fs::read_to_string(&old).unwrap().replace("xa-me-base", "xa-me-new").replace("бульдозера", "экскаватора");
    std::fs::write(&new, text).unwrap();
    let target = dir.path().join("report.html");
    std::fs::write(&target, "original contents\n").unwrap();
    let out = with_file_size_limit(&[&"report", &old, &new, &"--format", &"html", &"-o", &target]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "original contents\n", "the original is untouched");
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["new.toml", "old.toml", "report.html"], "no temporary file left");
    // Without the limit the same command replaces it.
    let ok = Command::cargo_bin("alljobs")
        .unwrap()
        .args(["report", "--format", "html", "-o"])
        .arg(&target)
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(std::fs::read_to_string(&target).unwrap().contains("<html"));
}

/// Runs alljobs with a 4 KiB file-size limit, so that writing its output fails even as root
/// (chmod does not stop root); SIGXFSZ is ignored so the write returns an error instead.
fn with_file_size_limit(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("alljobs");
    std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}
