//! CLI tests of `alljobs diff` (on the constructed golden pairs and on
//! constructed lists written to temporary directories).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn golden(name: &str) -> (String, String) {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/diff").join(name);
    (d.join("old.toml").display().to_string(), d.join("new.toml").display().to_string())
}

fn alljobs() -> Command {
    let mut c = Command::cargo_bin("alljobs").unwrap();
    c.env("COLUMNS", "200");
    c
}

fn json_of(args: &[&str]) -> Value {
    let out = alljobs().arg("diff").args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

const HEADER: &str = "format_version = 1\n\n[list]\njurisdiction = \"XA\"\ninstrument = \"other\"\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\nnote = \"CONSTRUCTED for the diff CLI tests; not a real list.\"\n";

/// Writes a constructed list `id` with the given `(id, title)` entries into `dir`.
fn write_list(dir: &Path, id: &str, entries: &[(&str, &str)]) -> PathBuf {
    let mut s = format!("{HEADER}id = \"{id}\"\ntitle = {{ en = \"Constructed test list\" }}\n");
    for (eid, title) in entries {
        s.push_str(&format!(
            "\n[[entries]]\nid = \"{eid}\"\ntitle = {{ ru = {} }}\nevidence = \"reported\"\n",
            toml_str(title)
        ));
    }
    let p = dir.join(format!("{id}.toml"));
    std::fs::write(&p, s).unwrap();
    p
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn table_states_both_lists_completeness_and_totals() {
    let (old, new) = golden("rescoped");
    alljobs()
        .args(["diff", &old, &new])
        .assert()
        .success()
        .stdout(predicate::str::contains("old: xa-golden-rescoped-old"))
        .stdout(predicate::str::contains("new: xa-golden-rescoped-new"))
        .stdout(predicate::str::contains("completeness: 5 entries (declared count unknown)"))
        .stdout(predicate::str::contains("the comparison covers only").not())
        .stdout(predicate::str::contains(
            "1 added, 0 removed, 5 changed, 0 unchanged, 0 split, 0 merged; scope narrowed for 2, widened for 3",
        ))
        .stdout(predicate::str::contains("changed: rescoped (narrowed)"))
        .stdout(predicate::str::contains("all-women → pregnant-or-breastfeeding (general → maternity-only)"));
}

#[test]
fn table_shows_redlines_and_hides_unchanged_unless_asked() {
    let (old, new) = golden("reworded");
    let out = alljobs().args(["diff", &old, &new]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Плавильщик [-металла-]{+металлов+} и сплавов"), "{s}");
    assert!(s.contains("на высоте [-и верхолазных работах-]{+более 5 метров+}"), "{s}");
    assert!(!s.contains("антенщик"), "unchanged entries are hidden by default:\n{s}");
    alljobs()
        .args(["diff", &old, &new, "--show-unchanged"])
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"))
        .stdout(predicate::str::contains("антенщик"));
}

#[test]
fn json_follows_the_contract() {
    let (old, new) = golden("reworded");
    let v = json_of(&[&old, &new, "--show-unchanged"]);
    assert_eq!(v["format_version"], 1);
    for side in ["old", "new"] {
        for key in ["id", "entries_present", "entries_declared", "completeness"] {
            assert!(v[side].get(key).is_some(), "{side}.{key} missing");
        }
    }
    assert_eq!(v["old"]["id"], "xa-golden-reworded-old");
    assert_eq!(v["new"]["entries_present"], 5);
    for key in ["added", "removed", "changed", "unchanged", "narrowed", "widened", "split", "merged"] {
        assert!(v["summary"][key].is_u64(), "summary.{key}");
    }
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 5);
    for c in changes {
        for key in ["op", "old_ids", "new_ids", "aspects", "similarity", "scope", "redline"] {
            assert!(c.get(key).is_some(), "change.{key} missing in {c}");
        }
        assert!(c["scope"].get("old").is_some() && c["scope"].get("new").is_some());
        let s = c["similarity"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
    }
    let r1 = &changes[0];
    assert_eq!(r1["op"], "changed");
    assert_eq!(r1["aspects"], serde_json::json!(["reworded"]));
    assert_eq!(r1["redline"][1], serde_json::json!({"op": "delete", "text": "металла"}));
    assert_eq!(v["note"], Value::Null, "the constructed lists say they are complete");
}

#[test]
fn markdown_escapes_cells_and_marks_the_redline() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_list(dir.path(), "xa-md-old", &[("a", "Плавильщик металла | сплавов"), ("b", "Сварщик")]);
    let new = write_list(
        dir.path(),
        "xa-md-new",
        &[("a", "Плавильщик металлов | сплавов"), ("b", "Сварщик *ручной* сварки")],
    );
    let out = alljobs().args(["diff"]).arg(&old).arg(&new).args(["--format", "markdown"]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("## Changes from `xa-md-old` to `xa-md-new`"), "{s}");
    assert!(s.contains("| change | old | new | scope | text (~~deleted~~ **inserted**) |"), "{s}");
    assert!(s.contains("Плавильщик ~~металла~~ **металлов** \\| сплавов"), "{s}");
    assert!(s.contains("**\\*ручной\\* сварки**"), "{s}");
    assert!(s.contains("2 entries (declared count unknown)"), "{s}");
    assert!(s.contains("> **Note:** incomplete transcription"), "{s}");
    // Every table row has the same number of unescaped pipes.
    for line in s.lines().filter(|l| l.starts_with("| changed")) {
        assert_eq!(line.replace("\\|", "").matches('|').count(), 6, "{line}");
    }
}

#[test]
fn csv_has_one_row_per_change_and_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_list(dir.path(), "xa-csv-old", &[("a", "Сварщик"), ("b", "Слесарь")]);
    let new =
        write_list(dir.path(), "xa-csv-new", &[("a", "Сварщик"), ("c", "=HYPERLINK(\"http://x\")"), ("d", "@SUM(1)")]);
    let out = alljobs().args(["diff"]).arg(&old).arg(&new).args(["--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(s.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "op");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3, "removed b, added c and d (unchanged a hidden):\n{s}");
    let texts: Vec<&str> = rows.iter().map(|r| &r[col("new_text")]).collect();
    assert!(texts.contains(&"'=HYPERLINK(\"http://x\")"), "{texts:?}");
    assert!(texts.contains(&"'@SUM(1)"), "{texts:?}");
    assert!(rows.iter().all(|r| &r[col("old_list")] == "xa-csv-old"));
    assert!(rows.iter().all(|r| r[col("new_completeness")].contains("3 entries")));
}

#[test]
fn only_filters_the_listed_changes_not_the_summary() {
    let (old, new) = golden("rescoped");
    let v = json_of(&[&old, &new, "--only", "narrowed,added"]);
    let ops: Vec<(String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["op"].as_str().unwrap().to_string(), c["scope"]["relation"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        ops,
        vec![("changed".into(), "narrowed".into()), ("changed".into(), "narrowed".into()), ("added".into(), "".into())]
    );
    assert_eq!(v["summary"]["changed"], 5);
    // Widened: every change that extends the restriction to women not covered
    // before, also pregnant → children-under-3 (which releases pregnant women without children).
    let v = json_of(&[&old, &new, "--only", "widened"]);
    assert_eq!(v["changes"].as_array().unwrap().len(), 3);
    alljobs()
        .args(["diff", &old, &new, "--only", "narrow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`narrow` is not a kind of change"));
}

#[test]
fn stat_prints_counts_only() {
    let (old, new) = golden("merged");
    let v = json_of(&[&old, &new, "--stat"]);
    assert_eq!(v["stat"], true);
    assert_eq!(v["changes"], serde_json::json!([]));
    assert_eq!(v["summary"]["merged"], 2);
    let out = alljobs().args(["diff", &old, &new, "--stat"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("│ merged    ┆ 2     │"), "{s}");
    assert!(!s.contains("Бурильщик"), "{s}");
    let out = alljobs().args(["diff", &old, &new, "--stat", "--format", "csv"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(s.lines().count(), 2, "{s}");
    assert!(s.starts_with("old_list,old_completeness,new_list,new_completeness,added,removed"), "{s}");
    let out = alljobs().args(["diff", &old, &new, "--stat", "--format", "markdown"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("| 0 | 1 | 0 | 1 | 0 | 2 | 0 | 0 |"), "{s}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    let (old, new) = golden("rescoped");
    alljobs().args(["diff", &old, &new, "--fail-on", "narrowed", "--stat"]).assert().code(1);
    alljobs().args(["diff", &old, &new, "--fail-on", "merged,split", "--stat"]).assert().code(0);
    // --only does not hide what --fail-on looks at.
    alljobs().args(["diff", &old, &new, "--fail-on", "widened", "--only", "added"]).assert().code(1);
    alljobs().args(["diff", &old, &old, "--fail-on", "added,removed,changed"]).assert().code(0);
}

#[test]
fn a_bad_file_exits_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_list(dir.path(), "xa-good", &[("a", "Сварщик")]);
    let bad = dir.path().join("bad.toml");
    let text =
        std::fs::read_to_string(&good).unwrap().replace("xa-good", "xa-bad").replace("title = { ru", "titel = { ru");
    std::fs::write(&bad, text).unwrap();
    let line = std::fs::read_to_string(&bad).unwrap().lines().position(|l| l.starts_with("titel")).unwrap() + 1;
    alljobs()
        .arg("diff")
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("bad.toml:{line}:1")))
        .stderr(predicate::str::contains("did you mean `title`?"));
    alljobs().arg("diff").arg(&good).arg(dir.path().join("missing.toml")).assert().code(2);
    alljobs().arg("diff").arg(&good).arg(&good).args(["--threshold", "1.5"]).assert().code(2);
}

#[test]
fn a_lower_threshold_matches_more() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_list(dir.path(), "xa-th-old", &[("a", "Машинист автогрейдера")]);
    let new = write_list(dir.path(), "xa-th-new", &[("b", "Машинист бульдозера")]);
    let v = json_of(&[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!((v["summary"]["added"].as_u64(), v["summary"]["removed"].as_u64()), (Some(1), Some(1)));
    let v = json_of(&[old.to_str().unwrap(), new.to_str().unwrap(), "--threshold", "0.3"]);
    assert_eq!(v["summary"]["changed"], 1);
    assert_eq!(v["threshold"], 0.3);
}

const OVERLAY: &str = r#"format_version = 1

[list]
id = "kg-test-constructed-overlay"
jurisdiction = "KG"
instrument = "draft"
title = { en = "CONSTRUCTED test overlay on Res. 158 (not a real act)" }
status = "draft"
effect = "prohibits"
default_scope = "pregnant-or-breastfeeding"
confidence = "unknown"
base = "kg-2000-res-158"
note = "CONSTRUCTED for the diff CLI tests; exists only in a temporary directory."

[list.dates]
introduced = { date = "2090-01-01" }

[[operations]]
op = "rescope"
target = "*"
scope = "pregnant-or-breastfeeding"
confidence = "unknown"
"#;

const LATER: &str = r#"format_version = 1

[list]
id = "kg-test-constructed-later"
jurisdiction = "KG"
instrument = "other"
title = { en = "CONSTRUCTED test list superseding the test overlay (not a real act)" }
status = "draft"
effect = "prohibits"
default_scope = "pregnant-or-breastfeeding"
confidence = "unknown"
note = "CONSTRUCTED for the diff CLI tests; exists only in a temporary directory."

[list.dates]
introduced = { date = "2091-01-01" }

[list.transcription]
status = "none"

[[list.relations]]
kind = "supersedes"
target = "kg-test-constructed-overlay"
confidence = "unknown"
"#;

#[test]
fn no_arguments_compare_res_158_with_its_newest_revision() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("lists/kg")).unwrap();
    std::fs::write(dir.path().join("lists/kg/overlay.toml"), OVERLAY).unwrap();
    let v = {
        let out = alljobs().current_dir(dir.path()).args(["diff", "--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(v["old"]["id"], "kg-2000-res-158");
    assert_eq!(v["new"]["id"], "kg-test-constructed-overlay");
    assert_eq!(v["old"]["entries_declared"], 446);
    assert_eq!(v["summary"]["narrowed"], v["old"]["entries_present"]);
    // A later list that supersedes the overlay (transitively a revision of 158) is newer.
    std::fs::write(dir.path().join("lists/kg/later.toml"), LATER).unwrap();
    alljobs()
        .current_dir(dir.path())
        .args(["diff", "--stat"])
        .assert()
        .success()
        .stdout(predicate::str::contains("new: kg-test-constructed-later"))
        .stdout(predicate::str::contains("0 added, 18 removed"))
        .stdout(predicate::str::contains("an entry \"removed\" or \"added\" may only be missing from a transcription"));
}

#[test]
fn one_argument_compares_a_file_with_its_newest_revision_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_list(dir.path(), "xa-one", &[("a", "Сварщик"), ("b", "Слесарь")]);
    let overlay = format!(
        "{HEADER}id = \"xa-one-amended\"\ntitle = {{ en = \"Constructed overlay\" }}\nbase = \"xa-one\"\n\n\
         [[operations]]\nop = \"repeal\"\ntarget = \"b\"\nconfidence = \"unknown\"\n"
    );
    std::fs::write(dir.path().join("xa-one-amended.toml"), overlay).unwrap();
    let v = json_of(&[old.to_str().unwrap()]);
    assert_eq!(v["new"]["id"], "xa-one-amended");
    assert_eq!(v["summary"]["removed"], 1);
}

#[test]
fn no_revision_known_is_an_error() {
    let (old, _) = golden("moved");
    alljobs()
        .args(["diff", &old])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no list that revises, supersedes or amends `xa-golden-moved-old`"));
}

#[test]
fn shipped_kyrgyz_lists() {
    // No arguments: Res. 158 against the newest list that revises it (the 2025 Labour Code).
    let out = alljobs().current_dir(env!("CARGO_MANIFEST_DIR")).args(["diff", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["old"]["id"], "kg-2000-res-158");
    assert_eq!(v["new"]["id"], "kg-2025-labour-code-23");
    assert_eq!(v["old"]["entries_declared"], 446);
    assert!(v["note"].as_str().unwrap().contains("18 of 446 declared entries"));
    // The 2024 draft rescopes every transcribed entry to pregnant or breastfeeding women.
    let v = json_of(&["kg-2000-res-158", "kg-2024-draft-labour-code"]);
    let n = v["old"]["entries_present"].as_u64().unwrap() as usize;
    assert_eq!(v["summary"]["narrowed"], n);
    assert_eq!(v["summary"]["changed"], n);
    for c in v["changes"].as_array().unwrap() {
        assert_eq!(c["aspects"], serde_json::json!(["rescoped"]));
        assert_eq!(
            c["scope"],
            serde_json::json!({"old": "all-women", "new": "pregnant-or-breastfeeding", "relation": "narrowed", "extends": false, "releases": true, "women_as_such": false})
        );
        assert_eq!(c["class"], serde_json::json!({"old": "general", "new": "maternity-only"}));
    }
    alljobs().args(["diff", "kg-2000-res-158", "kg-2024-draft-labour-code", "--fail-on", "widened"]).assert().code(0);
    alljobs().args(["diff", "kg-2000-res-158", "kg-2024-draft-labour-code", "--fail-on", "narrowed"]).assert().code(1);
}

/// A constructed list with a sources table and entries of one evidence level.
fn sourced_list(dir: &Path, name: &str, url: &str, evidence: &str, note: Option<&str>) -> PathBuf {
    let mut s = format!(
        "{HEADER}id = \"xa-sourced\"\ntitle = {{ en = \"Constructed test list\" }}\nids = \"stable\"\n\n\
         [[sources]]\nid = \"K1\"\ntitle = \"Constructed source\"\nurl = \"{url}\"\nkind = \"secondary\"\n"
    );
    for (id, title) in [("a", "Сварщик"), ("b", "Кессонщик")] {
        s.push_str(&format!(
            "\n[[entries]]\nid = \"{id}\"\ntitle = {{ ru = \"{title}\" }}\nevidence = \"{evidence}\"\nsources = [\"K1\"]\n"
        ));
        if let (Some(n), "b") = (note, id) {
            s.push_str(&format!("note = \"{n}\"\n"));
        }
    }
    let p = dir.join(name);
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn a_source_swap_and_an_evidence_flip_are_changes_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let old = sourced_list(dir.path(), "old.toml", "https://example.org/a", "reported", None);
    let new = sourced_list(dir.path(), "new.toml", "https://example.org/b", "official-text", Some("checked"));
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    let v = json_of(&[o, n]);
    assert_eq!(v["stable_ids"], true);
    assert_eq!(
        v["list_changes"],
        serde_json::json!([{"field": "sources.K1.url", "old": "https://example.org/a", "new": "https://example.org/b"}])
    );
    assert_eq!(v["summary"]["changed"], 2);
    let b = &v["changes"][1];
    assert_eq!(b["aspects"], serde_json::json!(["evidence", "fields"]));
    assert_eq!(
        b["fields"],
        serde_json::json!([
            {"field": "evidence", "old": "reported", "new": "official-text"},
            {"field": "note", "old": null, "new": "checked"}
        ])
    );
    assert_eq!(b["confidence"], "high");
    assert_eq!(b["matched_by"], "id");
    let table = String::from_utf8(alljobs().args(["diff", o, n]).output().unwrap().stdout).unwrap();
    // The list-level changes come after the entry table, readably.
    let url = "url: https://example.org/a → https://example.org/b";
    assert!(table.contains("source changed: K1") && table.contains(url), "{table}");
    assert!(table.find(url) > table.find("changed: evidence"), "after the entries: {table}");
    assert!(table.contains("evidence: reported → official-text"), "{table}");
    let md =
        String::from_utf8(alljobs().args(["diff", o, n, "--format", "markdown"]).output().unwrap().stdout).unwrap();
    assert!(md.contains("- source changed: K1") && md.contains(url), "{md}");
    assert!(md.contains("evidence: reported → official-text"), "{md}");
    let csv = String::from_utf8(alljobs().args(["diff", o, n, "--format", "csv"]).output().unwrap().stdout).unwrap();
    assert!(csv.lines().nth(1).unwrap().starts_with("list-metadata,sources.K1.url,"), "{csv}");
    assert!(csv.contains("evidence: reported → official-text"), "{csv}");
    // --only evidence lists exactly the entries whose evidence changed.
    let v = json_of(&[o, n, "--only", "evidence"]);
    assert_eq!(v["changes"].as_array().unwrap().len(), 2);
    // The git diff driver shows them: never "(no changes to show)".
    let out = alljobs().args(["git-diff", "lists/x.toml", o, "1", "100644", n, "2", "100644"]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains("no changes to show"), "{s}");
    assert!(s.contains(url), "{s}");
    assert!(s.contains("evidence: reported → official-text"), "{s}");
    // A URL swap alone.
    let same = sourced_list(dir.path(), "same.toml", "https://example.org/b", "reported", None);
    let out =
        alljobs().args(["git-diff", "lists/x.toml", o, "1", "100644", same.to_str().unwrap(), "2", "100644"]).output();
    let s = String::from_utf8(out.unwrap().stdout).unwrap();
    assert!(s.contains("(no entry changes to show)") && s.contains(url), "{s}");
}

#[test]
fn low_confidence_pairs_say_check_this_pair_and_min_confidence_drops_them() {
    let dir = tempfile::tempdir().unwrap();
    let old = write_list(dir.path(), "xa-lc-old", &[("e4", "Кессонщик"), ("e5", "Сварщик")]);
    let new = dir.path().join("xa-lc-new.toml");
    std::fs::write(
        &new,
        format!(
            "{HEADER}id = \"xa-lc-new\"\ntitle = {{ en = \"Constructed test list\" }}\n\n\
             [[entries]]\nid = \"x\"\ntitle = {{ ru = \"Водитель городского автобуса\" }}\nreplaces = [\"e4\"]\nevidence = \"reported\"\n\n\
             [[entries]]\nid = \"e5\"\ntitle = {{ ru = \"Сварщик\" }}\nevidence = \"reported\"\n"
        ),
    )
    .unwrap();
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    let v = json_of(&[o, n]);
    assert_eq!(v["changes"][0]["confidence"], "low");
    assert!(v["warnings"][0].as_str().unwrap().contains("`x` replaces `e4` but their texts share almost nothing"));
    let table = String::from_utf8(alljobs().args(["diff", o, n]).output().unwrap().stdout).unwrap();
    assert!(table.contains("check this pair (low confidence)"), "{table}");
    let md =
        String::from_utf8(alljobs().args(["diff", o, n, "--format", "markdown"]).output().unwrap().stdout).unwrap();
    assert!(md.contains("**check this pair (low confidence)**"), "{md}");
    let v = json_of(&[o, n, "--min-confidence", "medium"]);
    assert_eq!((v["summary"]["added"].as_u64(), v["summary"]["removed"].as_u64()), (Some(1), Some(1)));
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("below confidence medium are reported as removed + added"))
    );
    alljobs().args(["diff", o, n, "--min-confidence", "sure"]).assert().code(2);
}

#[test]
fn report_finds_the_newest_revision_beside_old_as_diff_does() {
    // `diff my/old.toml` and `report my/old.toml` look for NEW the same way:
    // beside OLD, then lists/, then the built-in lists.
    let dir = tempfile::tempdir().unwrap();
    let my = dir.path().join("my");
    std::fs::create_dir_all(&my).unwrap();
    let old = write_list(&my, "xa-two", &[("a", "Сварщик"), ("b", "Слесарь")]);
    let overlay = format!(
        "{HEADER}id = \"xa-two-amended\"\ntitle = {{ en = \"Constructed overlay\" }}\nbase = \"xa-two\"\n\n\
         [[operations]]\nop = \"repeal\"\ntarget = \"b\"\nconfidence = \"unknown\"\n"
    );
    std::fs::write(my.join("xa-two-amended.toml"), overlay).unwrap();
    for command in ["diff", "report"] {
        let out = alljobs()
            .current_dir(dir.path())
            .args([command, "my/xa-two.toml", "--format", if command == "diff" { "json" } else { "csv" }])
            .output()
            .unwrap();
        assert!(out.status.success(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("xa-two-amended"), "{command}");
    }
    assert!(old.is_file());
}

/// A cross-instrument diff (Res. 158 → the 2025 Labour Code) changes dozens of
/// list-level fields: the human formats list them after the entries, one
/// readable line each (no raw JSON records, long values shortened, sources by
/// title), while the JSON keeps every field whole.
#[test]
fn cross_instrument_list_changes_are_readable_and_after_the_entries() {
    let (o, n) = ("lists/kg/kg-2000-res-158.toml", "lists/kg/kg-2025-labour-code-23.toml");
    let table = String::from_utf8(alljobs().args(["diff", o, n]).output().unwrap().stdout).unwrap();
    let block = table.find("values shortened").expect("the list-metadata block");
    assert!(block > table.find("k40-01").unwrap(), "list metadata after the entry table: {table}");
    let lines: Vec<&str> = table[block..].lines().skip(1).collect();
    assert!(lines.len() > 20, "{table}");
    for l in &lines {
        assert!(l.chars().count() < 2 * alljobs::diff::SHORT_VALUE + 60, "a long line: {l}");
        assert!(!l.contains("{\""), "a raw JSON record: {l}");
    }
    assert!(lines.iter().any(|l| l.starts_with("  source added: K10 «")), "{table}");
    assert!(lines.iter().any(|l| l.starts_with("  source removed: K6 «")), "{table}");
    assert!(lines.iter().any(|l| l.contains("default_scope: all-women → pregnant-or-breastfeeding")), "{table}");
    let md =
        String::from_utf8(alljobs().args(["diff", o, n, "--format", "markdown"]).output().unwrap().stdout).unwrap();
    assert!(md.find("### List metadata").unwrap() > md.find("k40-01").unwrap(), "{md}");
    // The JSON keeps full detail: the facts as records, the sources whole.
    let v = json_of(&[o, n]);
    let lc = v["list_changes"].as_array().unwrap();
    assert!(lines.len() <= lc.len(), "at most one line per list change (a source's fields share one)");
    assert!(lc.iter().any(|c| c["field"] == "facts" && c["new"].as_array().is_some_and(|a| a[0].is_object())));
    assert!(lc.iter().any(|c| c["field"] == "sources.K10" && c["new"]["url"].is_string()));
}

/// A renamed section is a list-level change, before and after, in every format.
#[test]
fn a_renamed_section_is_a_list_change_in_every_format() {
    let d = "tests/golden/diff/remove-merge-rename";
    let (o, n) = (format!("{d}/old.toml"), format!("{d}/new.toml"));
    let v = json_of(&[&o, &n]);
    assert!(
        v["list_changes"].as_array().unwrap().contains(&serde_json::json!(
            {"field": "sections.s1.title.ru", "old": "Металлообработка", "new": "Металлургия и металлообработка"}
        )),
        "{}",
        v["list_changes"]
    );
    let want = "section renamed: s1 (title.ru) Металлообработка → Металлургия и металлообработка";
    for format in ["human", "markdown"] {
        let out =
            String::from_utf8(alljobs().args(["diff", &o, &n, "--format", format]).output().unwrap().stdout).unwrap();
        assert!(out.contains(want), "{format}: {out}");
    }
    let csv = String::from_utf8(alljobs().args(["diff", &o, &n, "--format", "csv"]).output().unwrap().stdout).unwrap();
    assert!(csv.contains("list-metadata,sections.s1.title.ru,"), "{csv}");
}
