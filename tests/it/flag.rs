//! CLI tests of `classify`, `flag`, `explain` and `rules`: exit codes, JSON
//! contracts, SARIF shape, and snapshots of every output format on the shipped
//! Res. 158 list and on a constructed fixture with waivers
//! (`tests/fixtures/rules/waivers.toml`, synthetic data).

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-28";
const RES158: &str = "lists/kg/kg-2000-res-158.toml";
const FIXTURE: &str = "tests/fixtures/rules/waivers.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn alljobs() -> Command {
    let mut c = Command::cargo_bin("alljobs").unwrap();
    c.current_dir(root()).env("COLUMNS", "160");
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Out {
    let o = alljobs().args(args).output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

#[track_caller]
fn ok(args: &[&str]) -> Out {
    let o = run(args);
    assert_eq!(o.code, 0, "alljobs {args:?}\nstdout:\n{}\nstderr:\n{}", o.stdout, o.stderr);
    o
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args).stdout).unwrap()
}

fn flag(file: &str, format: &str) -> Out {
    ok(&["flag", file, "--today", TODAY, "--format", format])
}

/// The shipped-list documents are large: their snapshots show the citation counts of
/// the `rules` table; the fixture's snapshots keep them in full.
fn compact_citations(mut v: Value) -> Value {
    if let Some(rs) = v["rules"].as_object_mut() {
        for r in rs.values_mut() {
            let n = r["citations"].as_array().map(Vec::len).unwrap_or(0);
            r["citations"] = json!(format!("[{n} citations]"));
        }
    }
    v
}

// ------------------------------------------------------------ snapshots

#[test]
fn snapshot_flag_table() {
    insta::assert_snapshot!("flag_table_res158", flag(RES158, "table").stdout);
    let o = flag(FIXTURE, "table");
    insta::assert_snapshot!("flag_table_fixture", o.stdout);
    insta::assert_snapshot!("flag_table_fixture_stderr", o.stderr);
}

#[test]
fn snapshot_flag_json() {
    let v: Value = serde_json::from_str(&flag(RES158, "json").stdout).unwrap();
    insta::assert_snapshot!("flag_json_res158", serde_json::to_string_pretty(&compact_citations(v)).unwrap());
    insta::assert_snapshot!("flag_json_fixture", flag(FIXTURE, "json").stdout);
}

#[test]
fn snapshot_flag_github() {
    insta::assert_snapshot!("flag_github_res158", flag(RES158, "github").stdout);
    insta::assert_snapshot!("flag_github_fixture", flag(FIXTURE, "github").stdout);
}

#[test]
fn snapshot_flag_sarif() {
    let mut v: Value = serde_json::from_str(&flag(RES158, "sarif").stdout).unwrap();
    // The rule metadata is the same for every list: in full in the fixture's snapshot.
    let ids: Vec<Value> =
        v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].clone()).collect();
    v["runs"][0]["tool"]["driver"]["rules"] = json!(ids);
    insta::assert_snapshot!("flag_sarif_res158", serde_json::to_string_pretty(&v).unwrap());
    insta::assert_snapshot!("flag_sarif_fixture", flag(FIXTURE, "sarif").stdout);
}

#[test]
fn snapshot_classify() {
    insta::assert_snapshot!("classify_table_res158", ok(&["classify", RES158]).stdout);
    insta::assert_snapshot!("classify_json_res158", ok(&["classify", RES158, "--format", "json"]).stdout);
    let o = ok(&["classify", FIXTURE]);
    insta::assert_snapshot!("classify_table_fixture", o.stdout);
    assert!(o.stderr.contains("scope-disagreement"), "{}", o.stderr);
    insta::assert_snapshot!("classify_json_fixture", ok(&["classify", FIXTURE, "--format", "json"]).stdout);
}

#[test]
fn snapshot_explain_every_rule() {
    let codes: Vec<String> = json_of(&["rules", "--format", "json"])["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 16);
    let mut all = String::new();
    for c in &codes {
        let o = alljobs().env("COLUMNS", "100").args(["explain", c]).output().unwrap();
        assert!(o.status.success());
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("## References"), "{c}");
        all.push_str(&text);
        all.push_str("\n--------------------------------------------------------------------------------\n\n");
    }
    insta::assert_snapshot!("explain_all_rules", all);
    insta::assert_snapshot!("explain_json_kg_legacy", ok(&["explain", "KG-LEGACY-SOURCE", "--format", "json"]).stdout);
}

#[test]
fn snapshot_rules() {
    insta::assert_snapshot!("rules_table", ok(&["rules"]).stdout);
}

// ------------------------------------------------------------ explain

#[test]
fn explain_shows_status_para_unverified_and_interpretation() {
    let t = ok(&["explain", "CEDAW-GENERAL-BAN"]).stdout;
    assert!(t.contains("(reported, S8, para unverified)"), "{t}");
    assert!(t.contains("(reported, S6, para 11.3)"), "{t}");
    assert!(!t.contains("This rule rests on an interpretation"));
    let t = ok(&["explain", "cedaw-reproductive-age-proxy"]).stdout;
    assert!(t.contains("This rule rests on an interpretation: Treating an age"), "{t}");
    let t = alljobs().env("COLUMNS", "400").args(["explain", "KG-LEGACY-SOURCE"]).output().unwrap();
    let t = String::from_utf8(t.stdout).unwrap();
    assert!(t.contains("Constitutional validity at home does not settle compatibility with CEDAW"), "{t}");
}

#[test]
fn explain_unknown_code_is_exit_2_with_did_you_mean() {
    let o = run(&["explain", "CEDAW-GENRAL-BAN"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no rule `CEDAW-GENRAL-BAN`; did you mean `CEDAW-GENERAL-BAN`?"), "{}", o.stderr);
    let o = run(&["explain", "NOTHING-LIKE-IT"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("alljobs rules"), "{}", o.stderr);
}

// ------------------------------------------------------------ exit codes

fn temp_list(dir: &Path, entry_extra: &str) -> PathBuf {
    let p = dir.join("constructed.toml");
    let text = format!(
        r#"format_version = 1
[list]
id = "xa-constructed-exit"
jurisdiction = "XA"
instrument = "other"
title = {{ en = "Constructed test list (synthetic)" }}
status = "unknown"
effect = "restricts"
default_scope = "pregnant"
confidence = "unknown"
note = "Constructed for tests; not a real list."
[[entries]]
id = "e1"
title = {{ en = "work with ionising radiation" }}
hazards = ["ionising radiation"]
alternatives = ["transfer-without-loss-of-pay"]
reviewed = "2025-01-01"
evidence = "reported"
{entry_extra}
"#
    );
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn fail_on_exits_1_at_or_above_the_threshold_and_ignores_waived_findings() {
    let o = run(&["flag", RES158, "--today", TODAY, "--fail-on", "critical"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(run(&["flag", RES158, "--today", TODAY]).code, 0, "no --fail-on: exit 0");

    let dir = tempfile::tempdir().unwrap();
    let p = temp_list(dir.path(), "");
    let p = p.to_str().unwrap();
    // Only CEDAW-MATERNITY-SCOPE (info) fires.
    let v = json_of(&["flag", p, "--today", TODAY, "--format", "json"]);
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["CEDAW-MATERNITY-SCOPE"]);
    assert_eq!(run(&["flag", p, "--today", TODAY, "--fail-on", "medium"]).code, 0);
    assert_eq!(run(&["flag", p, "--today", TODAY, "--fail-on", "info"]).code, 1);

    let p = temp_list(
        dir.path(),
        "waivers = [{ rule = \"CEDAW-MATERNITY-SCOPE\", reason = \"constructed\", by = \"tests\" }]",
    );
    assert_eq!(run(&["flag", p.to_str().unwrap(), "--today", TODAY, "--fail-on", "info"]).code, 0);
}

#[test]
fn bad_rule_file_is_exit_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad-rules.toml");
    std::fs::write(
        &p,
        "format_version = 1\n[[rules]]\ncode = \"MY-RULE\"\nseverity = \"high\"\ntitle = \"t\"\nwhat = \"w\"\nwhy = \"y\"\nmessage = \"m\"\n[rules.trigger]\ntitle = 'подземн(('\n",
    )
    .unwrap();
    let o = run(&["flag", RES158, "--rules", p.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("bad-rules.toml:10:9"), "{}", o.stderr);
    assert!(o.stderr.contains("invalid regex"), "{}", o.stderr);

    std::fs::write(&p, "format_version = 1\n[[rules]]\ncode = \"MY-RULE\"\nsevrity = \"high\"\n").unwrap();
    let o = run(&["rules", "--rules", p.to_str().unwrap()]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("bad-rules.toml:4:1"), "{}", o.stderr);
    assert!(o.stderr.contains("did you mean `severity`?"), "{}", o.stderr);

    let o = run(&["flag", RES158, "--rules", "no-such-rules.toml"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no-such-rules.toml"), "{}", o.stderr);
}

#[test]
fn user_rules_extend_or_replace_the_builtin_set() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("my-rules.toml");
    std::fs::write(
        &p,
        r#"format_version = 1
[[rules]]
code = "MY-ORG-WELDING"
severity = "medium"
title = "Welding named"
what = "Fires on welding jobs."
why = "Our organisation tracks them."
message = "«{title}» names welding"
citations = [{ text = "Internal policy note", status = "unverified" }]
[rules.trigger]
all = [{ class = ["general"] }, { title = 'сварщик' }]
"#,
    )
    .unwrap();
    let p = p.to_str().unwrap();
    let v = json_of(&["flag", RES158, "--today", TODAY, "--format", "json", "--rules", p]);
    let mine: Vec<&Value> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "MY-ORG-WELDING").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["entry_id"], "k40-02");
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "CEDAW-GENERAL-BAN"));
    let v = json_of(&["flag", RES158, "--today", TODAY, "--format", "json", "--rules", p, "--no-builtin"]);
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["MY-ORG-WELDING"]);
    let v = json_of(&["rules", "--format", "json", "--rules", p]);
    assert_eq!(v["rules"].as_array().unwrap().len(), 17);
}

#[test]
fn today_must_be_a_full_date() {
    let o = run(&["flag", RES158, "--today", "2026-11"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);
}

// ------------------------------------------------------------ JSON contracts

#[test]
fn classify_json_contract() {
    let v = json_of(&["classify", RES158, "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["list"]["id"], "kg-2000-res-158");
    assert_eq!(v["list"]["completeness"], "18 of 446 declared entries; evidence: reported");
    assert_eq!(v["counts"], json!({"general": 18, "maternity-only": 0, "other-group": 0, "unknown": 0}));
    let e = &v["entries"][0];
    for k in ["id", "class", "subgroup", "basis"] {
        assert!(e.get(k).is_some(), "entries[0].{k}");
    }
    assert_eq!((e["class"].as_str(), e["basis"].as_str()), (Some("general"), Some("field")));
    assert_eq!(v["entries"].as_array().unwrap().len(), 18);
}

#[test]
fn flag_json_contract_one_and_many() {
    let v = json_of(&["flag", FIXTURE, "--today", TODAY, "--format", "json"]);
    // 2: the citations moved from each finding into the `rules` table.
    assert_eq!(v["format_version"], 2);
    assert_eq!(v["list"]["id"], "xa-rules-waivers");
    let fs = v["findings"].as_array().unwrap();
    for f in fs {
        for k in ["rule", "severity", "entry_id", "message", "waived"] {
            assert!(f.get(k).is_some(), "finding.{k}: {f}");
        }
        assert!(f.get("citations").is_none(), "citations are in the rules table, once: {f}");
        assert!(f["waived"].is_boolean());
        // Every finding refers to a row of the rules table, and that row has the citations.
        let rule = &v["rules"][f["rule"].as_str().unwrap()];
        assert_eq!(rule["severity"], f["severity"], "{f}");
        let cs = rule["citations"].as_array().unwrap();
        assert!(!cs.is_empty(), "{rule}");
        for c in cs {
            assert!(["verified", "reported", "unverified"].contains(&c["status"].as_str().unwrap()));
        }
    }
    // Only the rules that fired are in the table.
    let fired: std::collections::BTreeSet<&str> = fs.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    let table: std::collections::BTreeSet<&str> = v["rules"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fired, table);
    let waived: Vec<&Value> = fs.iter().filter(|f| f["waived"] == true).collect();
    assert_eq!(waived.len(), 1);
    assert_eq!((waived[0]["rule"].as_str(), waived[0]["entry_id"].as_str()), (Some("CEDAW-NO-REVIEW"), Some("c-01")));
    // The expired waiver does not suppress.
    assert!(fs.iter().any(|f| f["rule"] == "CEDAW-SECTOR-BAN" && f["entry_id"] == "c-03" && f["waived"] == false));
    let codes: Vec<&str> = v["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["scope-disagreement", "unused-waiver", "expired-waiver", "unknown-waiver-rule"]);

    let v = json_of(&["flag", RES158, FIXTURE, "--today", TODAY, "--format", "json"]);
    assert_eq!(v["format_version"], 2);
    let lists = v["lists"].as_array().unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[1]["list"]["id"], "xa-rules-waivers");
    assert_eq!(lists[0]["format_version"], 2);
    assert!(lists[0]["rules"].is_object());
}

// ------------------------------------------------------------ SARIF

/// The properties SARIF 2.1.0 requires of sarifLog, run, tool, toolComponent,
/// reportingDescriptor, result, message, location, physicalLocation,
/// artifactLocation, region and suppression (a subset of the OASIS schema).
fn sarif_subset_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "version": {"const": "2.1.0"},
            "runs": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"$ref": "#/definitions/run"}}
        },
        "definitions": {
            "message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
                "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}}},
            "run": {"type": "object", "required": ["tool"], "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {"$ref": "#/definitions/toolComponent"}}},
                "results": {"type": "array", "items": {"$ref": "#/definitions/result"}}
            }},
            "toolComponent": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}, "version": {"type": "string"},
                "informationUri": {"type": "string", "format": "uri"},
                "rules": {"type": "array", "items": {"$ref": "#/definitions/reportingDescriptor"}}
            }},
            "reportingDescriptor": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "shortDescription": {"$ref": "#/definitions/message"},
                "fullDescription": {"$ref": "#/definitions/message"},
                "help": {"$ref": "#/definitions/message"},
                "defaultConfiguration": {"type": "object", "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}},
                "properties": {"type": "object"}
            }},
            "result": {"type": "object", "required": ["message"], "properties": {
                "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                "level": {"enum": ["none", "note", "warning", "error"]},
                "message": {"$ref": "#/definitions/message"},
                "locations": {"type": "array", "items": {"$ref": "#/definitions/location"}},
                "suppressions": {"type": "array", "items": {"type": "object", "required": ["kind"], "properties": {
                    "kind": {"enum": ["inSource", "external"]}, "justification": {"type": "string"},
                    "status": {"enum": ["accepted", "underReview", "rejected"]}
                }}}
            }},
            "location": {"type": "object", "properties": {"physicalLocation": {"type": "object",
                "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                "properties": {
                    "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string", "format": "uri-reference"}}},
                    "region": {"type": "object", "properties": {"startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1}}}
                }}}}
        }
    })
}

#[test]
fn sarif_has_the_required_shape() {
    let schema = sarif_subset_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for file in [RES158, FIXTURE] {
        let v: Value = serde_json::from_str(&flag(file, "sarif").stdout).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        assert!(v["$schema"].as_str().unwrap().contains("sarif-schema-2.1.0"));
        let run = &v["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "alljobs");
        assert!(driver["version"].is_string());
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 16);
        for r in rules {
            for k in ["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"]
            {
                assert!(r.get(k).is_some(), "rule.{k}");
            }
            assert!(r["help"]["markdown"].as_str().unwrap().contains("## References"));
            assert!(r["properties"]["severity"].is_string());
            assert!(r["properties"]["interpretation"].is_boolean());
        }
        for res in run["results"].as_array().unwrap() {
            let i = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
            let loc = &res["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uri"], file);
            assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        }
    }
    let v: Value = serde_json::from_str(&flag(FIXTURE, "sarif").stdout).unwrap();
    let suppressed: Vec<&Value> =
        v["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "CEDAW-NO-REVIEW");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert!(suppressed[0]["suppressions"][0]["justification"].as_str().unwrap().contains("a review is scheduled"));
}

// ------------------------------------------------------------ github

#[test]
fn github_annotations_map_severities_and_skip_waived() {
    let out = flag(FIXTURE, "github").stdout;
    assert!(out.contains("::error file=tests/fixtures/rules/waivers.toml,line="), "{out}");
    assert!(out.lines().any(|l| l.starts_with("::warning ") && l.contains("CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC (medium)")));
    assert!(out.lines().any(|l| l.starts_with("::notice ") && l.contains("CEDAW-MATERNITY-SCOPE (info)")));
    // The waived finding is not annotated; its waiver's warnings are.
    assert!(!out.contains("CEDAW-NO-REVIEW"), "{out}");
    assert!(out.contains("title=alljobs expired-waiver"), "{out}");
    assert!(out.contains("::notice title=alljobs xa-rules-waivers::"), "{out}");
    assert!(out.contains("findings cover 7 entries (declared count unknown); evidence: reported"));
    // Properties escape `:` and `,`.
    assert!(
        out.contains(
            "title=CEDAW-MATERNITY-SCOPE (info)%3A Maternity protection%3A permitted in principle%2C check it::"
        ),
        "{out}"
    );
}

// ------------------------------------------------------------ every shipped list

fn shipped_lists() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let mut v = Vec::new();
    walk(&root().join("lists"), &mut v);
    v.sort();
    v
}

#[test]
fn classify_and_flag_run_on_every_shipped_list() {
    let files = shipped_lists();
    assert!(!files.is_empty());
    for f in &files {
        let rel = f.strip_prefix(root()).unwrap().to_str().unwrap().to_string();
        let c = json_of(&["classify", &rel, "--format", "json"]);
        let n = c["entries"].as_array().unwrap().len();
        let counts = &c["counts"];
        let total: u64 =
            ["general", "maternity-only", "other-group", "unknown"].iter().map(|k| counts[k].as_u64().unwrap()).sum();
        assert_eq!(total as usize, n, "{rel}");
        assert!(c["list"]["completeness"].is_string(), "{rel}");
        let v = json_of(&["flag", &rel, "--today", TODAY, "--format", "json"]);
        assert_eq!(v["format_version"], 2, "{rel}");
        assert!(v["findings"].is_array(), "{rel}");
        let t = flag(&rel, "table").stdout;
        assert!(t.contains("findings cover "), "{rel}: the table states completeness");
    }
    // No FILE: the shipped Kyrgyz lists.
    let o = ok(&["flag", "--today", TODAY]);
    assert!(o.stdout.contains("kg-2000-res-158"), "{}", o.stdout);
}

// ------------------------------------------------------------ overriding a built-in rule (issue #15)

/// The built-in CEDAW-GENERAL-BAN again, with severity info: the issue's silent replacement.
fn general_ban_as_info(extra: &str) -> String {
    let builtin = alljobs::rules::BUILTIN_RULES;
    let start = builtin.find("[[rules]]\ncode = \"CEDAW-GENERAL-BAN\"").unwrap();
    let end = start + 1 + builtin[start + 1..].find("\n[[rules]]").unwrap();
    let rule = builtin[start..end].replacen("severity = \"critical\"", &format!("severity = \"info\"{extra}"), 1);
    format!("format_version = 1\n\n{rule}")
}

#[test]
fn a_rule_file_that_reuses_a_built_in_code_must_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rules.toml");
    std::fs::write(&p, general_ban_as_info("")).unwrap();
    let p = p.to_str().unwrap();
    for cmd in [&["flag", RES158, "--fail-on", "critical", "--rules", p][..], &["rules", "--rules", p]] {
        let o = run(cmd);
        assert_eq!(o.code, 2, "{cmd:?}: {}", o.stderr);
        assert!(o.stderr.contains(&format!("{p}:4:8")), "{}", o.stderr);
        assert!(o.stderr.contains("rule `CEDAW-GENERAL-BAN` has the code of a built-in rule"), "{}", o.stderr);
        assert!(o.stderr.contains("add `overrides = true` and a `reason`"), "{}", o.stderr);
    }
    // Also with --no-builtin: the code still means the built-in rule to a reader.
    assert_eq!(run(&["flag", RES158, "--rules", p, "--no-builtin"]).code, 2);
    // `overrides = true` without a reason, a reason without `overrides`, an override of nothing.
    std::fs::write(dir.path().join("rules.toml"), general_ban_as_info("\noverrides = true")).unwrap();
    let o = run(&["flag", RES158, "--rules", p]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains(&format!("{p}:6:13")) && o.stderr.contains("without a `reason`"), "{}", o.stderr);
    std::fs::write(dir.path().join("rules.toml"), general_ban_as_info("\nreason = \"x\"")).unwrap();
    let o = run(&["flag", RES158, "--rules", p]);
    assert!(o.code == 2 && o.stderr.contains("does not say `overrides = true`"), "{}", o.stderr);
    std::fs::write(
        dir.path().join("rules.toml"),
        general_ban_as_info("\noverrides = true\nreason = \"x\"")
            .replace("CEDAW-GENERAL-BAN\"", "CEDAW-GENERAL-BANS\""),
    )
    .unwrap();
    let o = run(&["flag", RES158, "--rules", p]);
    assert!(o.code == 2 && o.stderr.contains("did you mean `CEDAW-GENERAL-BAN`?"), "{}", o.stderr);
}

#[test]
fn an_explicit_override_runs_and_every_output_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("rules.toml");
    let reason = "constructed test: this repository reads general bans as information";
    std::fs::write(&p, general_ban_as_info(&format!("\noverrides = true\nreason = \"{reason}\""))).unwrap();
    let p = p.to_str().unwrap();
    // It does what it says (critical no longer fails), and says so.
    let o = run(&["flag", RES158, "--today", TODAY, "--fail-on", "critical", "--rules", p]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let note = format!(
        "note: built-in rule CEDAW-GENERAL-BAN is overridden by {p}:4 (severity critical → info): {reason}; it changes the meaning of"
    );
    assert!(o.stdout.starts_with(&note), "{}", o.stdout);
    assert!(o.stdout.contains("WBL-INDICATOR-SIGNAL"), "the rules that refer to it are named: {}", o.stdout);
    let v = json_of(&["flag", RES158, "--today", TODAY, "--format", "json", "--rules", p]);
    let o0 = &v["builtin_rules"]["overridden"][0];
    assert_eq!((o0["code"].as_str(), o0["severity"].as_str()), (Some("CEDAW-GENERAL-BAN"), Some("info")));
    assert_eq!(o0["builtin_severity"], "critical");
    assert_eq!(o0["reason"], reason);
    let v = json_of(&["flag", RES158, "--today", TODAY, "--format", "sarif", "--rules", p]);
    let driver = &v["runs"][0]["tool"]["driver"];
    assert_eq!(driver["properties"]["builtinRules"]["overridden"][0]["code"], "CEDAW-GENERAL-BAN");
    let o = ok(&["flag", RES158, "--today", TODAY, "--format", "github", "--rules", p]);
    assert!(o.stdout.starts_with("::warning title=alljobs%3A built-in rules changed::built-in rule CEDAW-GENERAL-BAN"));
    let o = ok(&["rules", "--rules", p]);
    assert!(o.stdout.contains(&note[6..]), "{}", o.stdout);
    let o = ok(&["explain", "CEDAW-GENERAL-BAN", "--rules", p]);
    assert!(o.stdout.starts_with("note: this is not the built-in rule CEDAW-GENERAL-BAN: it is overridden by "));
    let v = json_of(&["explain", "CEDAW-GENERAL-BAN", "--rules", p, "--format", "json"]);
    assert_eq!(v["overrides_builtin"]["reason"], reason);
    // --no-builtin: the built-in rules left out are named as not running.
    let v = json_of(&["flag", RES158, "--today", TODAY, "--format", "json", "--rules", p, "--no-builtin"]);
    let disabled = v["builtin_rules"]["disabled"].as_array().unwrap();
    assert!(disabled.iter().any(|c| c == "CEDAW-NO-REVIEW") && !disabled.iter().any(|c| c == "CEDAW-GENERAL-BAN"));
    // Without rule files nothing is added to the outputs.
    assert!(json_of(&["flag", RES158, "--today", TODAY, "--format", "json"]).get("builtin_rules").is_none());
}
