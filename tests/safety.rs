//! Issue #14, "nothing lost, nothing forged": the write rule, the read rule,
//! fmt keeping what the file says, honest imports. Each case of the issue is
//! a test here (the bad-input corpus in tests/bad/ holds the validation cases).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn alljobs() -> Command {
    Command::cargo_bin("alljobs").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A small valid list (constructed, not a real list).
fn small_list(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    let text = std::fs::read_to_string(root().join("tests/bad/bom.toml")).unwrap();
    std::fs::write(&p, text.trim_start_matches('\u{feff}')).unwrap();
    p
}

// ---- fmt -------------------------------------------------------------------

#[test]
fn fmt_keeps_end_of_line_comments_and_hashes_in_strings() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_list(dir.path(), "a.toml");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("status = \"unknown\"", "status  =  \"unknown\"   # checked against the gazette")
        .replace("note = \"Constructed for tests; not a real list.\"", "note = '''Constructed # for tests'''");
    std::fs::write(&p, &text).unwrap();
    alljobs().arg("fmt").arg(&p).assert().code(0).stdout(predicate::str::contains("formatted"));
    let out = std::fs::read_to_string(&p).unwrap();
    assert!(out.contains("status = \"unknown\" # checked against the gazette\n"), "{out}");
    assert!(out.contains("note = '''Constructed # for tests'''"), "{out}");
    assert_eq!(out, text.replace("status  =  \"unknown\"   #", "status = \"unknown\" #"), "nothing else changes");
}

#[test]
fn fmt_adds_no_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_list(dir.path(), "a.toml");
    let before = std::fs::read_to_string(&p).unwrap();
    assert!(!before.contains("kind = \"occupation\""));
    std::fs::write(&p, before.replace("id = \"a\"", "id  = \"a\"")).unwrap();
    alljobs().arg("fmt").arg(&p).assert().code(0);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), before, "no `kind` (or any default) is added");
}

#[cfg(unix)]
#[test]
fn fmt_follows_a_symlink_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = small_list(dir.path(), "real.toml");
    let canonical = std::fs::read_to_string(&target).unwrap();
    std::fs::write(&target, canonical.replace("id = \"a\"", "id=\"a\"")).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("real.toml", &link).unwrap();
    alljobs().arg("fmt").arg(&link).assert().code(0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), canonical, "the target is formatted");
}

#[test]
fn fmt_keeps_crlf_and_check_prints_a_unified_diff() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_list(dir.path(), "a.toml");
    let crlf = std::fs::read_to_string(&p).unwrap().replace('\n', "\r\n");
    std::fs::write(&p, &crlf).unwrap();
    alljobs().args(["fmt", "--check"]).arg(&p).assert().code(0);
    let messy = crlf.replace("id = \"a\"", "id   = \"a\"");
    std::fs::write(&p, &messy).unwrap();
    let out = alljobs().args(["fmt", "--check"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("--- ") && stdout.contains("+++ ") && stdout.contains("@@"), "{stdout}");
    assert!(stdout.contains("-id   = \"a\"") && stdout.contains("+id = \"a\""), "{stdout}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), messy, "--check writes nothing");
    alljobs().arg("fmt").arg(&p).assert().code(0);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), crlf, "CRLF stays CRLF");
}

#[test]
fn fmt_reads_stdin_and_writes_stdout() {
    let text = std::fs::read_to_string(root().join("tests/bad/bom.toml")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    alljobs()
        .args(["fmt", "-"])
        .write_stdin(text.replace("id = \"a\"", "id=\"a\""))
        .assert()
        .code(0)
        .stdout(text.to_string());
}
