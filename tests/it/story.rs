//! CLI tests of `trace` (a profession through every version), `status --on`
//! (the law on a date), the coverage headline of `diff`, and `flag
//! --statistics / --group-by / --per-entry`, on the shipped lists.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn alljobs() -> Command {
    let mut c = Command::cargo_bin("alljobs").unwrap();
    c.current_dir(Path::new(env!("CARGO_MANIFEST_DIR"))).env("COLUMNS", "160");
    c
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    let o = alljobs().args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "alljobs {args:?}\n{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).unwrap()
}

#[test]
fn status_json_contract() {
    let v = json(&["status", "kg", "--on", "2026-06-01", "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["jurisdiction"], "KG");
    assert_eq!(v["on"], "2026-06-01");
    let st = |id: &str| {
        v["instruments"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap()["status_on_date"].clone()
    };
    assert_eq!(st("kg-2025-labour-code-23"), "in-force");
    assert_eq!(st("kg-2025-cabinet-load-limits"), "in-force");
    assert_eq!(st("kg-2000-res-158"), "unknown");
    assert_eq!(st("kg-2024-draft-labour-code"), "superseded");
    for i in v["instruments"].as_array().unwrap() {
        assert!(i["why"].as_str().is_some_and(|w| !w.is_empty()), "{i}");
    }
    assert_eq!(v["restrictions"]["in_force"]["by_class"]["general"], 1);
    assert_eq!(v["restrictions"]["in_force"]["by_group"]["pregnant-or-breastfeeding"], 2);
    assert_eq!(v["restrictions"]["status_unknown"]["by_class"]["general"], 18);
}

#[test]
fn status_before_the_code_and_bad_dates() {
    let t = ok(&["status", "kg", "--on", "2025-01-26"]);
    assert!(t.contains("not-yet"), "{t}");
    let md = ok(&["status", "ru", "--on", "2022-01-01", "--format", "markdown"]);
    assert!(md.contains("superseded by ru-2019-order-512n"), "{md}");
    let o = alljobs().args(["status", "kg", "--on", "2025-13-01"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = alljobs().args(["status", "zz", "--on", "2025-01-01"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn trace_in_three_formats() {
    let v = json(&["trace", "сварщик", "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    let kg = v["jurisdictions"].as_array().unwrap().iter().find(|j| j["jurisdiction"] == "KG").unwrap();
    let versions = kg["versions"].as_array().unwrap();
    assert_eq!(versions[0]["entries"][0]["id"], "k40-02");
    assert_eq!(versions[0]["entries"][0]["found_by"]["method"], "exact");
    assert_eq!(versions[2]["entries"][0]["found_by"]["matched_by"], "covers");
    assert_eq!(versions[2]["entries"][0]["class"], "maternity-only");
    let ru = v["jurisdictions"].as_array().unwrap().iter().find(|j| j["jurisdiction"] == "RU").unwrap();
    assert!(ru["versions"][0]["note"].as_str().unwrap().starts_with("not in this list"), "{ru}");
    let md = ok(&["trace", "машинист бульдозера", "--jurisdiction", "kg", "--format", "markdown"]);
    assert!(md.starts_with("# Trace: «машинист бульдозера»"), "{md}");
    assert!(!md.contains("## RU"));
    let t = ok(&["trace", "кровельщик"]);
    assert!(t.contains("k40-08") && t.contains("harmful-hazardous-work") && t.contains("not in this list"), "{t}");
    let o = alljobs().args(["trace", " "]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn diff_headline_states_the_coverage_with_its_confidence() {
    let t = ok(&["diff"]);
    assert!(
        t.contains("coverage: kg-2025-labour-code-23 covers 18 of the 18 transcribed entries of kg-2000-res-158"),
        "{t}"
    );
    assert!(t.contains("confidence of the coverage: inferred"), "{t}");
    assert!(t.contains("0 removed"), "{t}");
    let v = json(&["diff", "--format", "json"]);
    assert_eq!(v["summary"]["covered"], 18);
    assert_eq!(v["summary"]["removed"], 0);
    assert_eq!(v["coverage"][0]["entry"], "harmful-hazardous-work");
    assert_eq!(v["coverage"][0]["basis"]["confidence"], "inferred");
    assert_eq!(v["coverage"][0]["basis"]["sources"], serde_json::json!(["K1", "K2", "K11", "K8", "K9"]));
    let covered: Vec<&Value> =
        v["changes"].as_array().unwrap().iter().filter(|c| c["matched_by"] == "covers").collect();
    assert_eq!(covered.len(), 18);
    assert!(covered.iter().all(|c| c["scope"]["relation"] == "narrowed" && c["coverage"]["list"] == "kg-2000-res-158"));
    // The draft (an overlay on Res. 158) is covered the same way; its scope is already narrowed.
    let d = json(&["diff", "kg-2024-draft-labour-code", "kg-2025-labour-code-23", "--format", "json"]);
    assert_eq!(d["summary"]["covered"], 18);
    assert_eq!(d["summary"]["removed"], 0);
    let md = ok(&["diff", "--format", "markdown"]);
    assert!(md.contains("**Coverage:** kg-2025-labour-code-23 covers 18"), "{md}");
}

#[test]
fn flag_statistics_group_by_and_list_level_findings() {
    let today = ["--today", "2026-11-28"];
    let s = json(&[&["flag", "kg-2000-res-158", "--statistics", "--format", "json"][..], &today].concat());
    let stats = s["statistics"].as_array().unwrap();
    let ban = stats.iter().find(|x| x["rule"] == "CEDAW-GENERAL-BAN").unwrap();
    assert_eq!((ban["count"].as_u64(), ban["severity"].as_str()), (Some(18), Some("critical")));
    let t = ok(&[&["flag", "kg-2000-res-158", "--statistics"][..], &today].concat());
    assert!(t.contains("CEDAW-NO-REVIEW"), "{t}");
    // By default a rule that holds for every entry is one list-level finding with the entry count.
    let f = json(&[&["flag", "kg-2000-res-158", "--format", "json"][..], &today].concat());
    let bans: Vec<&Value> =
        f["findings"].as_array().unwrap().iter().filter(|x| x["rule"] == "CEDAW-GENERAL-BAN").collect();
    assert_eq!(bans.len(), 1);
    assert_eq!(bans[0]["entry_count"], 18);
    assert_eq!(bans[0]["entry_id"], Value::Null);
    let per = json(&[&["flag", "kg-2000-res-158", "--format", "json", "--per-entry"][..], &today].concat());
    assert_eq!(per["findings"].as_array().unwrap().iter().filter(|x| x["rule"] == "CEDAW-GENERAL-BAN").count(), 18);
    let by_rule = ok(&[&["flag", "kg-2000-res-158", "--group-by", "rule", "--per-entry"][..], &today].concat());
    assert!(by_rule.contains("CEDAW-GENERAL-BAN [critical] General ban on women — 18 finding(s)"), "{by_rule}");
    let by_entry = ok(&[&["flag", "kg-2000-res-158", "--group-by", "entry"][..], &today].concat());
    assert!(by_entry.contains("k40-14, line "), "{by_entry}");
    let o = alljobs().args(["flag", "kg-2000-res-158", "--group-by", "rule", "--format", "json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
