//! `alljobs import`: the real RU 162 fragment, constructed fixtures for every
//! layout and encoding, the round trip through `check` and `show`, and errors.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

const FIX: &str = "tests/fixtures/import/";
const SOURCE: [&str; 4] =
    ["--source-url", "https://example.org/constructed", "--source-title", "Constructed test input"];

fn alljobs() -> Command {
    Command::cargo_bin("alljobs").unwrap()
}

fn fixture(name: &str) -> String {
    format!("{FIX}{name}")
}

fn import(file: &str, extra: &[&str]) -> Command {
    let mut c = alljobs();
    c.args(["import", &fixture(file), "--id", "xa-import-test", "--jurisdiction", "XA"]).args(extra);
    c
}

#[test]
fn ru_162_fragment_with_its_report() {
    let out = import("ru-162-fragment.txt", &SOURCE).args(["--declared", "456"]).assert().success();
    let o = out.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let toml = String::from_utf8_lossy(&o.stdout);
    assert!(stderr.contains("layout plain (detected"), "{stderr}");
    assert!(stderr.contains("10 entries imported (numbers 60–69); 456 declared: 446 missing"), "{stderr}");
    assert!(stderr.contains("0 section(s), 1 sub-heading(s)"), "{stderr}");
    assert!(stderr.contains("warning[missing-numbers]: entries 1–59 missing"), "{stderr}");
    assert!(stderr.contains("warning[missing-numbers]: entries 70–456 missing"), "{stderr}");
    assert!(toml.contains("title = { ru = \"Опрокидчик\" }"), "{toml}");
    assert!(toml.contains("condition = { ru = \"занятый ручной подкаткой и откаткой вагонеток\" }"), "{toml}");
    assert_eq!(toml.matches("[[entries]]").count(), 10);
    assert_eq!(toml.matches("[[sections]]").count(), 1);
}

/// Imports to a file, checks it, shows it as JSON and compares the entries.
fn round_trip(file: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.toml");
    import(file, extra).arg("-o").arg(&out).assert().success().stdout("");
    alljobs().arg("check").arg(&out).arg("--deny-warnings").assert().success();
    let shown = alljobs().args(["show", "--format", "json"]).arg(&out).assert().success();
    let json: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    let file = alljobs::load::load_file(&out).unwrap().file;
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), file.entries.len());
    for (j, e) in entries.iter().zip(&file.entries) {
        assert_eq!(j["id"], e.id.as_str());
        assert_eq!(j["number"].as_str(), e.number.as_deref());
        assert_eq!(j["title"]["ru"].as_str(), e.title.get("ru").map(String::as_str));
        assert_eq!(j["condition"]["ru"].as_str(), e.condition.get("ru").map(String::as_str));
        assert_eq!(j["evidence"], "reported", "the source is not --source-kind official");
    }
    (dir, out, json)
}

fn numbers(json: &Value) -> Vec<String> {
    json["entries"].as_array().unwrap().iter().map(|e| e["number"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn round_trip_every_fixture() {
    let (_d, _, j) = round_trip("ru-162-fragment.txt", &SOURCE);
    assert_eq!(numbers(&j), (60..=69).map(|n| n.to_string()).collect::<Vec<_>>());
    assert_eq!(j["list"]["completeness"], "10 entries (declared count unknown); evidence: reported");
    let (_d, _, j) = round_trip("plain-nasty.txt", &SOURCE);
    assert_eq!(numbers(&j), ["1", "2", "3", "4", "5", "6", "3.1", "3.2", "1", "2", "3"]);
    let (_d, _, j) = round_trip("plain-bom-crlf.txt", &SOURCE);
    assert_eq!(numbers(&j), ["1", "2"]);
    let (_d, _, j) = round_trip("table-box.txt", &SOURCE);
    assert_eq!(j["entries"][3]["scope"], "pregnant");
    assert_eq!(j["entries"][3]["scope_inferred"], true);
    let (_d, _, j) = round_trip("table-ascii-cp1251-crlf.txt", &SOURCE);
    assert_eq!(numbers(&j), ["10", "11", "12", "14"]);
    let mut csv = SOURCE.to_vec();
    csv.extend(["--layout", "csv", "--header", "--columns", "number=1,title=2,section=3,condition=4"]);
    let (_d, _, j) = round_trip("list.csv", &csv);
    assert_eq!(j["entries"][2]["section"], "s2");
    let (_d, _, j) = round_trip("list-bom-crlf.tsv", &SOURCE);
    assert_eq!(numbers(&j), ["1", "2", "3"]);
}

#[test]
fn declared_count_matched_makes_the_transcription_complete() {
    let mut args = SOURCE.to_vec();
    args.extend(["--declared", "11", "--title", "Перечень (сконструирован)", "--instrument", "resolution"]);
    let (_d, out, j) = round_trip("plain-nasty.txt", &args);
    assert_eq!(j["list"]["completeness"], "11 of 11 declared entries; evidence: reported");
    assert_eq!(j["list"]["instrument"], "resolution");
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.contains("status = \"complete\""), "{text}");
}

#[test]
fn declared_mismatch_is_reported() {
    import("plain-bom-crlf.txt", &SOURCE)
        .args(["--declared", "5"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning[declared-count]: 2 entries imported (numbers 1–2); 5 declared: 3 missing",
        ))
        .stderr(predicate::str::contains("warning[missing-numbers]: entries 3–5 missing"))
        .stdout(predicate::str::contains("status = \"partial\""));
    import("plain-bom-crlf.txt", &SOURCE)
        .args(["--declared", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 entries imported (numbers 1–2); 1 declared: 1 more than declared"));
}

#[test]
fn unsourced_import_warns_in_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    import("ru-162-fragment.txt", &["--no-source", "-o"]).arg(&out).assert().success();
    alljobs().arg("check").arg(&out).assert().success().stderr(predicate::str::contains("unsourced-entry"));
    alljobs().arg("check").arg(&out).arg("--deny-warnings").assert().code(1);
}

#[test]
fn source_is_required_unless_no_source() {
    import("ru-162-fragment.txt", &[]).assert().code(2).stderr(predicate::str::contains("--source-url"));
    import("ru-162-fragment.txt", &["--source-url", "https://example.org"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--source-title"));
    import("ru-162-fragment.txt", &["--no-source", "--source-url", "https://example.org"]).assert().code(2);
}

#[test]
fn unplaced_lines_fail_unless_lenient() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    import("plain-unplaced.txt", &SOURCE)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[line-not-placed]: line not placed (no letters"))
        .stderr(predicate::str::contains("plain-unplaced.txt:5:1\n"))
        .stderr(predicate::str::contains("error[line-not-placed]: line not placed (entry 3 has no text)"))
        .stderr(predicate::str::contains("plain-unplaced.txt:6:1\n"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!out.exists());
    import("plain-unplaced.txt", &SOURCE).assert().code(1).stdout("");
    import("plain-unplaced.txt", &SOURCE)
        .arg("--lenient")
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning[line-not-placed]: line not placed"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("2 line(s) of the input could not be placed and are not transcribed (lines 5, 6)"), "{text}");
    alljobs().arg("check").arg(&out).assert().success();
}

#[test]
fn output_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.toml");
    std::fs::write(&out, "original").unwrap();
    import("ru-162-fragment.txt", &SOURCE)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "original");
    import("ru-162-fragment.txt", &SOURCE).arg("-o").arg(&out).arg("--force").assert().success();
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("format_version = 1"));
}

#[test]
fn input_errors_exit_2() {
    alljobs()
        .args(["import", "tests/fixtures/import/no-such.txt", "--id", "xa-t", "--jurisdiction", "XA", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    alljobs()
        .args(["import", FIX, "--id", "xa-t", "--jurisdiction", "XA", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big).unwrap().set_len(alljobs::load::MAX_INPUT_BYTES + 1).unwrap();
    alljobs()
        .args(["import", big.to_str().unwrap(), "--id", "xa-t", "--jurisdiction", "XA", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the limit is"));
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "# nothing but a comment\n").unwrap();
    alljobs()
        .args(["import", empty.to_str().unwrap(), "--id", "xa-t", "--jurisdiction", "XA", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no entries found"));
}

#[test]
fn bad_flags_exit_2() {
    import("ru-162-fragment.txt", &["--no-source", "--layout", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'pdf'"));
    import("ru-162-fragment.txt", &["--no-source", "--columns", "number=1,titel=2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad --columns").and(predicate::str::contains("did you mean `title`")));
    import("ru-162-fragment.txt", &["--no-source", "--columns", "number=0,title=2"]).assert().code(2);
    import("ru-162-fragment.txt", &["--no-source", "--encoding", "klingon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an encoding"));
    import("ru-162-fragment.txt", &["--no-source", "--default-scope", "everyone"]).assert().code(2);
    import("ru-162-fragment.txt", &["--no-source", "--status", "maybe"]).assert().code(2);
    alljobs()
        .args(["import", &fixture("ru-162-fragment.txt"), "--id", "Bad Id", "--jurisdiction", "XA", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--id `Bad Id`"));
    alljobs()
        .args(["import", &fixture("ru-162-fragment.txt"), "--id", "xa-t", "--jurisdiction", "QQ", "--no-source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an ISO 3166-1"));
}

#[test]
fn encoding_is_detected_or_given() {
    import("table-ascii-cp1251-crlf.txt", &["--no-source"])
        .assert()
        .success()
        .stderr(predicate::str::contains("encoding windows-1251 (detected, sure"))
        .stderr(predicate::str::contains("line endings crlf"));
    import("table-ascii-cp1251-crlf.txt", &["--no-source", "--encoding", "windows-1251"])
        .assert()
        .success()
        .stderr(predicate::str::contains("encoding windows-1251 (given)"));
    // Read as UTF-8 on purpose: the bytes are replaced and said to be, and the import still works.
    import("table-ascii-cp1251-crlf.txt", &["--no-source", "--encoding", "utf-8", "--lenient"])
        .assert()
        .stderr(predicate::str::contains("were replaced by U+FFFD"));
    import("plain-bom-crlf.txt", &["--no-source"]).assert().success().stderr(predicate::str::contains("with BOM"));
}

#[test]
fn help_shows_an_example() {
    alljobs()
        .args(["import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("alljobs import res158.txt --id kg-2000-res-158"));
}

/// `import --ids-from`: a real OLD.toml with stable ids and a NEW.txt in which an
/// entry was removed (every later number shifts), two reworded and one added.
/// The carried ids follow the entries, not the numbers; the new entry gets a
/// fresh id that is none of OLD's; the rewording is flagged low confidence; the
/// report says all of it.
#[test]
fn ids_from_carries_stable_ids_across_renumbering() {
    let out =
        import("ids-from-new.txt", &SOURCE).args(["--ids-from", &fixture("ids-from-old.toml")]).assert().success();
    let o = out.get_output();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let toml = String::from_utf8_lossy(&o.stdout);
    let doc: toml::Value = toml::from_str(&toml).unwrap();
    assert_eq!(doc["list"]["ids"].as_str(), Some("stable"), "{toml}");
    let entries = doc["entries"].as_array().unwrap();
    let ids: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["number"].as_str().unwrap(), e["id"].as_str().unwrap())).collect();
    // Old No. 4 "Вальцовщик…" (id e4) is new No. 3: it keeps `e4`; new No. 4 is a
    // new entry whose imported id `e4` is taken, so it is `e4-new`.
    assert_eq!(ids, [("1", "kesson"), ("2", "buldozer"), ("3", "e4"), ("4", "e4-new"), ("5", "gruzchik")], "{toml}");
    assert!(
        stderr.contains("4 id(s) carried (1 of low confidence), 0 entr(ies) name old ids in `replaces` (splits/merges), 1 new entr(ies) with fresh ids, 1 old entr(ies) not found"),
        "{stderr}"
    );
    let line = |id: &str| stderr.lines().find(|l| l.contains(&format!("carried `{id}`"))).unwrap_or("").to_string();
    // An appended exclusion: the same entry, but a pair to check.
    assert!(line("kesson").contains("fuzzy, low confidence — check this pair"), "{stderr}");
    assert!(line("buldozer").contains("fuzzy, medium confidence"), "{stderr}");
    assert!(!line("buldozer").contains("check this pair"), "{stderr}");
    assert!(line("gruzchik").contains("score 1.00, text, high confidence"), "{stderr}");
    assert!(line("e4").contains("(was `e3`)"), "{stderr}");
    assert!(!stderr.contains("carried `vodolaz`"), "{stderr}");
}
