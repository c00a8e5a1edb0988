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

// ---- overlays: bases found one way -------------------------------------------

fn overlay_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let src = root().join("tests/bad/cli/missing-entry");
    let base = dir.join("base.toml");
    std::fs::copy(src.join("base.toml"), &base).unwrap();
    let overlay = dir.join("overlay.toml");
    let text = std::fs::read_to_string(src.join("overlay.toml")).unwrap().replace("\"buldozer\"", "\"bulldozer\"");
    std::fs::write(&overlay, text).unwrap();
    (base, overlay)
}

#[test]
fn an_overlay_named_without_a_directory_finds_the_base_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    overlay_pair(dir.path());
    for arg in ["overlay.toml", "./overlay.toml"] {
        alljobs().current_dir(dir.path()).args(["check", arg]).assert().code(0);
        alljobs().current_dir(dir.path()).args(["show", arg]).assert().code(0);
    }
}

#[test]
fn an_overlay_whose_base_is_a_built_in_copy_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("overlay.toml");
    let text = crate::support::overlay_on_res_158();
    std::fs::write(&overlay, text).unwrap();
    for cmd in ["check", "show"] {
        let out = alljobs().current_dir(dir.path()).args([cmd, "overlay.toml"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning[builtin-base]") && stderr.contains("the copy built into alljobs is used"),
            "{cmd}: {stderr}"
        );
        assert!(stderr.contains("overlay.toml:12:8"), "{cmd}: the warning points at list.base: {stderr}");
    }
    alljobs().current_dir(dir.path()).args(["check", "--deny-warnings", "overlay.toml"]).assert().code(1);
}

#[test]
fn an_overlay_that_consolidates_into_an_invalid_list_fails_check_at_the_operation() {
    let dir = tempfile::tempdir().unwrap();
    let (_, overlay) = overlay_pair(dir.path());
    let text = std::fs::read_to_string(&overlay)
        .unwrap()
        .replace("title = { ru = \"Машинист бульдозера всех типов\" }", "title = {}");
    std::fs::write(&overlay, text).unwrap();
    let out = alljobs().current_dir(dir.path()).args(["check", "overlay.toml"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[empty-text]: operation 1 makes entry `bulldozer` invalid"), "{stderr}");
    assert!(stderr.contains("overlay.toml:21:6"), "at the operation: {stderr}");
}

// ---- the one write path --------------------------------------------------------

fn report_pair(dir: &Path) -> (PathBuf, PathBuf) {
    let lists = root().join("tests/bad/cli/missing-entry");
    let (old, new) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::copy(lists.join("base.toml"), &old).unwrap();
    let text =
        std::fs::read_to_string(&old).unwrap().replace("xa-me-base", "xa-me-new").replace("бульдозера", "экскаватора");
    std::fs::write(&new, text).unwrap();
    (old, new)
}

#[test]
fn dash_and_dev_stdout_are_standard_output_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = report_pair(dir.path());
    for o in ["-", "/dev/stdout"] {
        let out = alljobs().arg("report").arg(&old).arg(&new).args(["-o", o]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{o}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("xa-me-new"), "{o}");
        let out = alljobs().args(["schema", "-o", o]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("\"$schema\""), "{o}");
    }
    let input = dir.path().join("in.txt");
    std::fs::write(&input, "1. Машинист\n2. Проходчик\n").unwrap();
    alljobs()
        .args(["import", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source", "-o", "-"])
        .arg(&input)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Машинист"));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 3, "no file named `-` or temporary file: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_through_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = report_pair(dir.path());
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    alljobs().arg("report").arg(&old).arg(&new).arg("-o").arg(&fifo).assert().code(0);
    assert!(reader.join().unwrap().contains("xa-me-new"), "the reader got the report");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
}

#[test]
fn no_command_overwrites_a_list_file_that_is_not_its_job() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = report_pair(dir.path());
    let other = dir.path().join("other.toml");
    std::fs::copy(root().join("lists/kg/kg-2000-res-158.toml"), &other).unwrap();
    let before = std::fs::read(&other).unwrap();
    alljobs()
        .arg("report")
        .arg(&old)
        .arg(&new)
        .arg("-o")
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a list file"));
    alljobs().args(["schema", "-o"]).arg(&other).assert().code(2).stderr(predicate::str::contains("is a list file"));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    // Another existing file is replaced, as -o does elsewhere (pandoc, rustfmt).
    let md = dir.path().join("report.md");
    std::fs::write(&md, "an old report\n").unwrap();
    alljobs().arg("report").arg(&old).arg(&new).arg("-o").arg(&md).assert().code(0);
    assert!(std::fs::read_to_string(&md).unwrap().contains("xa-me-new"));
}

#[test]
fn import_never_overwrites_its_own_input_but_may_reimport_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.txt");
    std::fs::write(&input, "1. Машинист\n2. Проходчик\n").unwrap();
    let args = ["import", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source", "--force", "-o"];
    alljobs()
        .args(args)
        .arg(&input)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is an input of this command"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "1. Машинист\n2. Проходчик\n");
    let list = dir.path().join("x.toml");
    alljobs().args(args).arg(&list).arg(&input).assert().code(0);
    std::fs::write(&input, "1. Машинист\n2. Проходчик\n3. Сварщик\n").unwrap();
    alljobs().args(args).arg(&list).arg(&input).assert().code(0);
    assert!(std::fs::read_to_string(&list).unwrap().contains("Сварщик"), "--force re-imports onto the list");
}

// ---- the one bounded read path -------------------------------------------------

/// Runs alljobs with at most 1 GiB of address space: an unbounded read of an
/// endless stream aborts on allocation failure instead of exiting 2.
fn with_memory_limit(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("alljobs");
    let mut cmd = std::process::Command::new("bash");
    cmd.arg("-c").arg("ulimit -v 1048576; exec \"$0\" \"$@\"").arg(bin).args(args);
    if let Some(path) = stdin {
        cmd.stdin(std::fs::File::open(path).unwrap());
    }
    cmd.output().unwrap()
}

#[cfg(unix)]
#[test]
fn endless_streams_stop_at_the_limit() {
    for args in [
        &["check", "/dev/zero"][..],
        &["show", "/dev/zero"],
        &["import", "/dev/urandom", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source"],
        &["check", "-"],
    ] {
        let stdin = (args.last() == Some(&"-")).then_some("/dev/zero");
        let out = with_memory_limit(args, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("the limit is 67108864 bytes"), "{args:?}: {stderr}");
    }
}

#[test]
fn stdin_is_read_wherever_a_file_is() {
    let text = std::fs::read_to_string(root().join("tests/bad/bom.toml")).unwrap();
    alljobs()
        .args(["check", "-"])
        .write_stdin(text.clone())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<stdin>: ok"));
    alljobs()
        .args(["show", "-"])
        .write_stdin(text)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Машинист бульдозера"));
    alljobs()
        .args(["import", "-", "--id", "xa-imp", "--jurisdiction", "XA", "--no-source"])
        .write_stdin("1. Машинист\n2. Проходчик\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Проходчик"));
}

// ---- evidence ------------------------------------------------------------------

#[test]
fn import_marks_nothing_official_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.txt");
    std::fs::write(&input, "1. Машинист\n2. Проходчик\n").unwrap();
    let base = [
        "import",
        "--id",
        "xa-imp",
        "--jurisdiction",
        "XA",
        "--source-url",
        "https://example.org/a",
        "--source-title",
        "A newspaper",
    ];
    let out = alljobs().args(base).args(["--source-kind", "secondary"]).arg(&input).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!stdout.contains("official-text") && stdout.contains("evidence = \"reported\""), "{stdout}");
    assert!(stderr.contains("evidence written: reported on every entry"), "{stderr}");
    let out = alljobs().args(base).args(["--source-kind", "official"]).arg(&input).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("evidence = \"official-text\""));
    let out = alljobs()
        .args(base)
        .args(["--source-kind", "official", "--evidence", "reported"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("official-text"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(given with --evidence)"));
    alljobs().args(base).args(["--evidence", "official"]).arg(&input).assert().code(2);
}

// ---- bounded, readable diagnostics -----------------------------------------------

/// A constructed list of `n` entries that cite no source (each one warning).
fn unsourced_list(n: usize) -> String {
    let base = std::fs::read_to_string(root().join("tests/bad/bom.toml")).unwrap();
    let mut text = base.trim_start_matches('\u{feff}').to_string();
    for i in 0..n {
        text.push_str(&format!("\n[[entries]]\nid = \"u{i}\"\ntitle = {{ ru = \"Профессия {i}\" }}\nevidence = \"reported\"\nsources = []\n"));
    }
    text
}

#[test]
fn repeated_warnings_are_summarised_unless_show_all() {
    let out = alljobs().args(["check", "-"]).write_stdin(unsourced_list(446)).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("warning[unsourced-entry]").count(), 5, "{stderr}");
    assert!(stderr.contains("… and 441 more unsourced-entry warnings; `--show-all` to list them"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 error(s), 446 warning(s)"));
    let out = alljobs().args(["check", "--show-all", "-"]).write_stdin(unsourced_list(446)).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr).matches("warning[unsourced-entry]").count(), 446);
}

#[test]
fn a_twenty_megabyte_bad_line_gives_a_few_hundred_bytes_of_stderr() {
    let base = std::fs::read_to_string(root().join("tests/bad/bom.toml")).unwrap();
    let text = format!("{}\ngarbage = \"{}\"\n", base.trim_start_matches('\u{feff}'), "x".repeat(20 * 1024 * 1024));
    let out = alljobs().args(["check", "-"]).write_stdin(text).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.len() < 2_000, "{} bytes of stderr", stderr.len());
    assert!(stderr.contains("unknown key `garbage`") && stderr.contains("xxx…"), "{stderr}");
}

// ---- messages ----------------------------------------------------------------------

#[test]
fn a_threshold_of_minus_zero_is_printed_as_zero() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = report_pair(dir.path());
    let out = alljobs().arg("diff").arg(&old).arg(&new).arg("--threshold=-0").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fuzzy threshold 0;") && !stdout.contains("threshold -0"), "{stdout}");
}
