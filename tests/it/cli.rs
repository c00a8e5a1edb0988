//! CLI tests of the foundation commands: check, show, fmt, schema, completions,
//! consolidate, history.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn alljobs() -> Command {
    Command::cargo_bin("alljobs").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(args: &[&str]) -> Value {
    let out = alljobs().current_dir(root()).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn check_shipped_lists_is_clean_and_states_completeness() {
    alljobs()
        .current_dir(root())
        .args(["check", "lists", "--deny-warnings"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("kg-2000-res-158 — 18 of 446 declared entries; evidence: reported"))
        .stdout(predicate::str::contains("ru-2000-res-162 — 10 of 456 declared entries; evidence: official text"))
        .stdout(predicate::str::contains("0 error(s), 0 warning(s)"));
}

#[test]
fn check_and_fmt_never_fall_back_to_the_built_in_lists() {
    let dir = tempfile::tempdir().unwrap();
    // No lists/: an error that says where it looked, for check and fmt alike.
    for args in [&["check"][..], &["fmt", "--check"], &["fmt"]] {
        let out = alljobs().current_dir(dir.path()).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("no list files found: there is no lists/ directory in "), "{args:?}: {err}");
        assert!(err.contains(&dir.path().display().to_string()), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // An empty lists/: an error too (fmt --check used to pass).
    std::fs::create_dir(dir.path().join("lists")).unwrap();
    for args in [&["check"][..], &["fmt", "--check"]] {
        alljobs()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("lists: no .toml list files found"));
    }
    // The built-in lists are checked when asked for.
    alljobs()
        .current_dir(dir.path())
        .args(["check", "--builtin"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<embedded>/lists/kg/kg-2000-res-158.toml: ok"));
    alljobs().current_dir(dir.path()).args(["check", "--builtin", "lists"]).assert().code(2);
}

#[test]
fn check_json_contract() {
    let v = json(&["check", "lists/kg", "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["errors"], 0);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let f = files.iter().find(|f| f["list"]["id"] == "kg-2000-res-158").unwrap();
    assert_eq!(f["ok"], true);
    assert_eq!(f["list"]["entries_present"], 18);
    assert_eq!(f["list"]["entries_declared"], 446);
    assert!(f["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "incomplete"));
}

#[test]
fn check_json_reports_positions_of_errors() {
    let out = alljobs()
        .current_dir(root())
        .args(["check", "tests/bad/unknown-source.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "unknown-source");
    assert_eq!(d["line"], 29);
    assert_eq!(d["column"], 12);
    assert_eq!(d["source_line"], "sources = [\"T2\"]");
    assert_eq!(d["hint"], "did you mean `T1`? sources are declared in [[sources]]");
}

#[test]
fn deny_warnings_exits_1_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("lists/kg/kg-2000-res-158.toml")).unwrap();
    let p = dir.path().join("w.toml");
    // An entry without sources is a warning.
    std::fs::write(&p, text.replacen("sources = [\"K40\"]\n", "", 1)).unwrap();
    alljobs().arg("check").arg(&p).assert().code(0).stderr(predicate::str::contains("warning[unsourced-entry]"));
    alljobs().arg("check").arg(&p).arg("--deny-warnings").assert().code(1);
}

#[test]
fn show_json_contract() {
    let v = json(&["show", "lists/ru/ru-2000-res-162.toml", "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["list"]["id"], "ru-2000-res-162");
    assert_eq!(v["list"]["entries_present"], 10);
    assert_eq!(v["list"]["entries_declared"], 456);
    let e = &v["entries"][3];
    assert_eq!(e["id"], "e63");
    assert_eq!(e["number"], "63");
    assert_eq!(e["section"], Value::Null);
    assert_eq!(e["title"]["ru"], "Опрокидчик");
    assert_eq!(e["condition"]["ru"], "занятый ручной подкаткой и откаткой вагонеток");
    assert_eq!(e["scope"], "all-women");
    assert_eq!(e["evidence"], "official-text");
    assert_eq!(v["entries"][8]["section"], "obogashchenie");
}

#[test]
fn show_declared_null_when_unknown() {
    let v = json(&["show", "kg-2025-labour-code-23", "--format", "json"]);
    assert_eq!(v["list"]["entries_declared"], Value::Null);
    assert_eq!(v["entries"][0]["scope"], "pregnant-or-breastfeeding");
}

#[test]
fn show_table_header_states_status_and_completeness() {
    alljobs()
        .current_dir(root())
        .args(["show", "lists/kg/kg-2000-res-158.toml"])
        .env("COLUMNS", "200")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("status: unknown"))
        .stdout(predicate::str::contains("completeness: 18 of 446 declared entries; evidence: reported"))
        .stdout(predicate::str::contains("not the official wording"))
        .stdout(predicate::str::contains("машинист бульдозера"));
}

#[test]
fn show_an_overlay_consolidates_it() {
    let v = json(&["show", "lists/kg/kg-2024-draft-labour-code.toml", "--format", "json"]);
    assert_eq!(v["list"]["base"], "kg-2000-res-158");
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 18);
    assert!(entries.iter().all(|e| e["scope"] == "pregnant-or-breastfeeding"));
    // Positions of rescoped entries point at the operation in the overlay file.
    assert!(entries[0]["file"].as_str().unwrap().ends_with("kg-2024-draft-labour-code.toml"));
}

#[test]
fn unknown_list_id_suggests() {
    alljobs()
        .args(["show", "kg-2000-res-185"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no list with id `kg-2000-res-185`"))
        .stderr(predicate::str::contains("did you mean `kg-2000-res-158`?"));
}

#[test]
fn shipped_lists_are_in_canonical_form() {
    alljobs().current_dir(root()).args(["fmt", "--check", "lists"]).assert().code(0);
}

fn copy_list(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(root().join("lists/kg/kg-2000-res-158.toml"), &p).unwrap();
    p
}

#[test]
fn fmt_rewrites_to_canonical_form_and_check_detects_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_list(dir.path(), "a.toml");
    let canonical = std::fs::read_to_string(&p).unwrap();
    // Same data, other layout: the dates as a table, a title key moved.
    let messy = canonical.replacen("format_version = 1\n", "format_version=1\n", 1).replacen(
        "title = { ru = \"сварщик\" }\nkind = \"occupation\"",
        "kind = \"occupation\"\ntitle = {ru=\"сварщик\"}",
        1,
    );
    assert_ne!(messy, canonical);
    std::fs::write(&p, &messy).unwrap();
    alljobs().args(["fmt", "--check"]).arg(&p).assert().code(1).stdout(predicate::str::contains("would reformat"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), messy, "--check writes nothing");
    alljobs().arg("fmt").arg(&p).assert().code(0);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), canonical);
    alljobs().args(["fmt", "--check"]).arg(&p).assert().code(0);
}

#[test]
fn fmt_leaves_invalid_files_untouched_and_keeps_comments() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::copy(root().join("tests/bad/unknown-key-entry.toml"), &bad).unwrap();
    let before = std::fs::read(&bad).unwrap();
    alljobs().arg("fmt").arg(&bad).assert().code(2).stderr(predicate::str::contains("not formatted"));
    assert_eq!(std::fs::read(&bad).unwrap(), before);

    let commented = copy_list(dir.path(), "c.toml");
    let text = format!("# a maintainer's comment\n{}", std::fs::read_to_string(&commented).unwrap());
    std::fs::write(&commented, &text).unwrap();
    alljobs().arg("fmt").arg(&commented).assert().code(0);
    assert_eq!(std::fs::read_to_string(&commented).unwrap(), text, "already formatted: the comment stays");
}

#[cfg(unix)]
#[test]
fn fmt_failure_to_write_leaves_the_original_untouched() {
    // A file-size limit makes the write fail even for root (chmod does not stop root);
    // SIGXFSZ is ignored so that the write returns an error instead of killing the process.
    let dir = tempfile::tempdir().unwrap();
    let p = copy_list(dir.path(), "a.toml");
    let messy = std::fs::read_to_string(&p).unwrap().replacen("format_version = 1", "format_version=1", 1);
    std::fs::write(&p, &messy).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("alljobs");
    let script = format!("trap '' XFSZ; ulimit -f 4; exec '{}' fmt '{}'", bin.display(), p.display());
    let out = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), messy, "the original is untouched");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn committed_schema_matches_the_code() {
    let committed = std::fs::read_to_string(root().join("lists/list.schema.json")).unwrap();
    assert!(
        committed == alljobs::schema::json_schema_text(),
        "lists/list.schema.json is out of date: run `cargo run -- schema -o lists/list.schema.json`"
    );
    let out = alljobs().arg("schema").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

#[test]
fn schema_validates_shipped_lists_and_rejects_unknown_keys() {
    let schema = alljobs::schema::json_schema();
    let v = jsonschema::validator_for(&schema).unwrap();
    for f in alljobs::catalog::list_files(&root().join("lists")) {
        let text = std::fs::read_to_string(&f).unwrap();
        let value: Value = toml::from_str::<toml::Value>(&text).map(|t| serde_json::to_value(t).unwrap()).unwrap();
        assert!(v.is_valid(&value), "{}", f.display());
    }
    let bad: Value = serde_json::json!({"format_version": 1, "lst": {}});
    assert!(!v.is_valid(&bad));
}

#[test]
fn completions_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        alljobs().args(["completions", shell]).assert().code(0).stdout(predicate::str::contains("alljobs"));
    }
    alljobs().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn every_command_has_an_example_in_help() {
    for cmd in ["check", "show", "fmt", "schema", "completions", "consolidate", "history"] {
        alljobs().args([cmd, "--help"]).assert().code(0).stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn consolidate_prints_a_full_list_that_loads_back() {
    let out = alljobs()
        .current_dir(root())
        .args(["consolidate", "lists/kg/kg-2024-draft-labour-code.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Consolidated by alljobs from lists/kg/kg-2024-draft-labour-code.toml (18 entries"));
    let l = alljobs::load::load_str("consolidated.toml", text.as_str().into()).unwrap();
    assert_eq!(l.file.list.base, None);
    assert_eq!(l.file.entries.len(), 18);
    assert!(l.file.entries.iter().all(|e| e.scope.as_ref().unwrap().to_string() == "pregnant-or-breastfeeding"));
    assert_eq!(l.file.list.relations[0].target, "kg-2000-res-158");
}

#[test]
fn history_tells_the_kyrgyz_story_in_date_order() {
    let out = alljobs().current_dir(root()).args(["history", "kg"]).env("COLUMNS", "250").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let pos = |id: &str| s.find(id).unwrap_or_else(|| panic!("{id} missing"));
    assert!(pos("kg-2000-res-158") < pos("kg-2024-draft-labour-code"));
    assert!(pos("kg-2024-draft-labour-code") < pos("kg-2025-labour-code-23"));
    assert!(pos("kg-2025-labour-code-23") < pos("kg-2025-cabinet-load-limits"));
    assert!(s.contains("18 general"));
    assert!(s.contains("18 maternity-only"));
    assert!(s.contains("18 of 446 declared entries; evidence: reported"));
    assert!(s.contains("(verified: K1, K2)"));
    assert!(s.contains("revises kg-2000-res-158 (reported: K8, K9)"));

    let v = json(&["history", "kg", "--format", "json"]);
    let ids: Vec<&str> = v["versions"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["kg-2000-res-158", "kg-2024-draft-labour-code", "kg-2025-labour-code-23", "kg-2025-cabinet-load-limits"]
    );
    assert_eq!(json(&["history", "ru", "--format", "json"])["versions"].as_array().unwrap().len(), 2);
    alljobs().args(["history", "zz"]).assert().code(2);
}

#[test]
fn example_prints_a_summary_through_the_public_api() {
    let out = std::process::Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["run", "-q", "--example", "summary", "--", "lists/kg/kg-2000-res-158.toml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("kg-2000-res-158"));
    assert!(s.contains("18 of 446 declared entries"));
}

/// The JSON every command prints is valid against that command's committed schema
/// (`schemas/<command>.schema.json`, generated from the view models).
#[test]
fn json_outputs_validate_against_their_schemas() {
    let cases: &[(&str, &[&str])] = &[
        ("check", &["check", "lists/kg", "--format", "json"]),
        ("show", &["show", "kg-2000-res-158", "--format", "json"]),
        ("diff", &["diff", "--format", "json"]),
        ("diff", &["diff", "--stat", "--format", "json"]),
        ("classify", &["classify", "kg-2000-res-158", "--format", "json"]),
        ("flag", &["flag", "kg-2000-res-158", "--today", "2026-01-01", "--format", "json"]),
        ("flag", &["flag", "--today", "2026-01-01", "--format", "json"]),
        ("flag-statistics", &["flag", "kg-2000-res-158", "--statistics", "--format", "json"]),
        ("flag-statistics", &["flag", "--statistics", "--format", "json"]),
        ("rules", &["rules", "--format", "json"]),
        ("explain", &["explain", "CEDAW-GENERAL-BAN", "--format", "json"]),
        ("trace", &["trace", "сварщик", "--format", "json"]),
        ("status", &["status", "kg", "--on", "2026-06-01", "--format", "json"]),
        ("history", &["history", "kg", "--format", "json"]),
        ("region", &["region", "--today", "2026-12-01", "--format", "json"]),
        ("region-check-wbl", &["region", "--check-wbl", "--today", "2026-12-01", "--format", "json"]),
    ];
    for (command, args) in cases {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join(format!("schemas/{command}.schema.json"))).unwrap(),
        )
        .unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let out = json(args);
        let errors: Vec<String> =
            validator.iter_errors(&out).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "alljobs {}: {errors:#?}", args.join(" "));
        // The schema is not vacuous: a document without its format_version fails.
        let mut broken = out.clone();
        broken.as_object_mut().unwrap().remove("format_version");
        assert!(!validator.is_valid(&broken), "{command}: the schema requires format_version");
    }
}

/// Snapshot tests of every command (trycmd): tests/cli/NAME.toml gives the
/// arguments, the exit code and the directory; NAME.stdout and NAME.stderr are
/// the whole expected output (`...` skips lines, `[..]` part of one). The
/// cases `bad-*` are the bad inputs that need several files or another command
/// than `check` (constructed inputs in tests/bad/cli/). Update with
/// `TRYCMD=overwrite cargo test --test it cli::` and review the diff.
#[test]
fn command_snapshots() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("alljobs", trycmd::schema::Bin::Path(PathBuf::from(env!("CARGO_BIN_EXE_alljobs"))));
    cases.env("NO_COLOR", "1");
    cases.case(root().join("tests/cli/*.toml"));
}

/// Every subcommand `alljobs --help` lists has a snapshot case, with its human
/// output and, where it has one, its JSON output.
#[test]
fn every_command_has_a_snapshot_case() {
    let help = alljobs().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 20, "{commands:?}");
    let mut cases: Vec<Vec<String>> = Vec::new();
    for e in std::fs::read_dir(root().join("tests/cli")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let t: toml::Value = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let args = t["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
            cases.push(args);
        }
    }
    let mut missing = Vec::new();
    for c in &commands {
        let of: Vec<&Vec<String>> = cases.iter().filter(|a| a.first() == Some(c)).collect();
        if of.is_empty() {
            missing.push(format!("{c}: no case"));
            continue;
        }
        // clap names the accepted values of --format when given a wrong one.
        let probe = alljobs().args([c.as_str(), "--format", "?"]).output().unwrap();
        let values = String::from_utf8_lossy(&probe.stderr).into_owned();
        let has_json = values.contains("[possible values:") && values.contains("json");
        // `ci` runs in a git repository: its JSON is tested on temporary repositories in tests/it/ci.rs.
        let has_json = has_json && c != "ci";
        let is_json = |a: &&&Vec<String>| a.windows(2).any(|w| w[0] == "--format" && w[1] == "json");
        if has_json && !of.iter().any(|a| is_json(&a)) {
            missing.push(format!("{c}: no --format json case"));
        }
        if !of.iter().any(|a| !is_json(&a)) {
            missing.push(format!("{c}: no human-output case"));
        }
    }
    assert!(missing.is_empty(), "tests/cli/ lacks:\n{}", missing.join("\n"));
}

/// `--lang` on `show`, `classify`, `diff`, `flag` and `trace` picks the language of the list's texts:
/// the constructed entry has a Russian and a Kyrgyz title (a copy of a test
/// fixture with one title added, written to a temporary directory).
#[test]
fn lang_picks_the_language_of_the_list_texts() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/rules/waivers.toml")).unwrap().replacen(
        "title = { ru = \"сварщик\" }",
        "title = { ky = \"ширетүүчү (constructed)\", ru = \"сварщик\" }",
        1,
    );
    assert!(text.contains("ширетүүчү"));
    let path = dir.path().join("two-languages.toml");
    std::fs::write(&path, text).unwrap();
    let p = path.to_str().unwrap();
    for args in [&["show", p][..], &["classify", p], &["classify", p, "--format", "csv"]] {
        let default = alljobs().args(args).output().unwrap();
        let ky = alljobs().args(args).args(["--lang", "ky"]).output().unwrap();
        let (default, ky) = (String::from_utf8_lossy(&default.stdout), String::from_utf8_lossy(&ky.stdout));
        assert!(default.contains("сварщик") && !default.contains("ширетүүчү"), "{args:?}: {default}");
        assert!(ky.contains("ширетүүчү") && !ky.contains("сварщик"), "{args:?}: {ky}");
    }
    // `diff`: the fixture (Russian only) against the copy; the entry is unchanged
    // (a translation added is no rewording), its text shown in ky with --lang ky;
    // the JSON keeps the language compared.
    let old = root().join("tests/fixtures/rules/waivers.toml");
    let old = old.to_str().unwrap();
    for format in ["human", "markdown", "csv"] {
        let args = ["diff", old, p, "--show-unchanged", "--format", format];
        let default = alljobs().args(args).output().unwrap();
        let ky = alljobs().args(args).args(["--lang", "ky"]).output().unwrap();
        let (default, ky) = (String::from_utf8_lossy(&default.stdout), String::from_utf8_lossy(&ky.stdout));
        assert!(default.contains("сварщик") && !default.contains("ширетүүчү"), "{format}: {default}");
        assert!(ky.contains("ширетүүчү"), "{format}: {ky}");
    }
    let json =
        alljobs().args(["diff", old, p, "--show-unchanged", "--format", "json", "--lang", "ky"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&json.stdout).contains("ширетүүчү"), "the JSON keeps the language compared");
    // `flag`: the messages quote the title in ky (human, Markdown, CSV); the JSON keeps the default.
    for format in ["human", "markdown", "csv", "json"] {
        let args = ["flag", p, "--today", "2026-11-28", "--format", format];
        let default = alljobs().args(args).output().unwrap();
        let ky = alljobs().args(args).args(["--lang", "ky"]).output().unwrap();
        let (default, ky) = (String::from_utf8_lossy(&default.stdout), String::from_utf8_lossy(&ky.stdout));
        assert!(default.contains("сварщик") && !default.contains("ширетүүчү"), "{format}: {default}");
        if format == "json" {
            assert_eq!(ky, default, "the JSON keeps the default order");
        } else {
            assert!(ky.contains("ширетүүчү") && !ky.contains("сварщик"), "{format}: {ky}");
        }
    }
    // `trace`: the entry of the list in a lists directory of its own.
    let args = ["trace", "сварщик", "--lists", dir.path().to_str().unwrap(), "--jurisdiction", "xa"];
    for format in ["human", "markdown"] {
        let default = alljobs().args(args).args(["--format", format]).output().unwrap();
        let ky = alljobs().args(args).args(["--format", format, "--lang", "ky"]).output().unwrap();
        let (default, ky) = (String::from_utf8_lossy(&default.stdout), String::from_utf8_lossy(&ky.stdout));
        assert!(default.contains("«сварщик»") && !default.contains("ширетүүчү"), "{format}: {default}");
        assert!(ky.contains("«ширетүүчү (constructed)»"), "{format}: {ky}");
    }
}

/// `status --lang`: the lists' titles (and the entries' texts) in the language
/// asked, in every format; without it, titles English first as before.
#[test]
fn status_lang_picks_the_language_of_the_titles() {
    let run = |extra: &[&str]| {
        let mut args = vec!["status", "kg", "--on", "2026-01-01", "--format", "json"];
        args.extend_from_slice(extra);
        let out = alljobs().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let title = |v: &serde_json::Value, id: &str| {
        v["instruments"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap()["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let default = run(&[]);
    assert_eq!(title(&default, "kg-2024-draft-labour-code"), "Draft Labour Code of the Kyrgyz Republic (2024)");
    assert_eq!(run(&["--lang", "en"]), default, "English first is the default for titles; entries are Russian only");
    let ru = run(&["--lang", "ru"]);
    assert_eq!(title(&ru, "kg-2024-draft-labour-code"), "Проект Трудового кодекса Кыргызской Республики");
    let table = alljobs().args(["status", "kg", "--on", "2026-01-01", "--lang", "ru"]).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("Проект Трудового кодекса"));
}

/// `diff` and `report` open OLD and NEW at the same time: when both fail, the
/// error printed is OLD's alone, as when they were opened one after the other,
/// and NEW's is reported once OLD loads.
#[test]
fn diff_of_two_bad_files_reports_old_first_as_one_after_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
    std::fs::write(&a, "x = \n").unwrap();
    std::fs::write(&b, "format_version = 1\n[list\n").unwrap();
    let good = root().join("lists/kg/kg-2000-res-158.toml");
    for cmd in ["diff", "report"] {
        let out = alljobs().args([cmd, a.to_str().unwrap(), b.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a.toml") && !err.contains("b.toml"), "{cmd}: {err}");
        let out = alljobs().args([cmd, good.to_str().unwrap(), b.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("b.toml") && err.contains("unclosed table"), "{cmd}: {err}");
    }
}
