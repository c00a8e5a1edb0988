//! CLI tests of `alljobs ci` and `alljobs git-diff` in temporary git
//! repositories (built with the `git` command line, see crates/alljobs-testutil).
//!
//! The base list is a copy of the shipped `lists/kg/kg-2000-res-158.toml`.
//! Every entry these tests add is CONSTRUCTED test data: it says so in its
//! title and cites a source that says so; it is not from any act.

use crate::support::TestRepo;
use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

const KG: &str = "lists/kg/kg-2000-res-158.toml";

fn shipped(rel: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// `alljobs` in the repository, with no GitHub environment and a hermetic git config.
fn alljobs(repo: &TestRepo) -> Command {
    let mut c = Command::cargo_bin("alljobs").unwrap();
    c.current_dir(repo.path())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_BASE_REF")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(repo: &TestRepo, args: &[&str]) -> Run {
    run_cmd(alljobs(repo).args(args))
}

fn run_cmd(c: &mut Command) -> Run {
    let out = c.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// A constructed entry (appended after the last entry) and a constructed source.
fn constructed_entry(id: &str, scope: Option<&str>) -> String {
    let scope = scope.map(|s| format!("scope = \"{s}\"\n")).unwrap_or_default();
    format!(
        "\n[[entries]]\nid = \"{id}\"\ntitle = {{ en = \"constructed test entry {id} (not in any act)\" }}\n{scope}kind = \"occupation\"\nevidence = \"reported\"\nsources = [\"TEST\"]\n\n[[sources]]\nid = \"TEST\"\ntitle = \"Constructed test data (synthetic; not a real source)\"\nkind = \"secondary\"\n"
    )
}

/// Sets the scope of one entry of the shipped list (the line after its title).
fn with_scope(text: &str, id: &str, scope: &str) -> String {
    let anchor = format!("id = \"{id}\"\n");
    let at = text.find(&anchor).unwrap() + anchor.len();
    let title_end = at + text[at..].find('\n').unwrap() + 1;
    format!("{}scope = \"{scope}\"\n{}", &text[..title_end], &text[title_end..])
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// A repository whose `main` holds `base` at `path`, with branch `pr` holding `new`.
fn pull_request(path: &str, base: &str, new: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write(path, base);
    r.commit("base");
    r.branch("pr");
    r.write(path, new);
    r.commit("change");
    r
}

// ---- Done when: the two pull requests of the issue ----

#[test]
fn pull_request_adding_a_general_ban_fails_with_an_annotation_on_its_line() {
    let base = shipped(KG);
    let new = format!("{base}{}", constructed_entry("test-general", None));
    let r = pull_request(KG, &base, &new);
    let summary = r.join("summary.md");
    let out = run_cmd(alljobs(&r).args(["ci"]).env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(out.code, 1, "{out:?}");
    let line = line_of(&new, "id = \"test-general\"");
    let expected = format!("::error file={KG},line={line},col=6,");
    let ann = out.stdout.lines().find(|l| l.starts_with(&expected)).unwrap_or_else(|| panic!("{expected}\n{out:?}"));
    assert!(ann.contains("title=alljobs%3A New general restriction::"), "{ann}");
    assert!(ann.contains("test-general"), "{ann}");
    // One violation only: the 18 shipped entries were already there.
    assert_eq!(out.stdout.matches("title=alljobs%3A ").count(), 1, "{out:?}");
    // The rules' finding on the new entry is annotated too, on the same line; those
    // of the 18 shipped entries are not new and are not annotated.
    assert!(out.stdout.contains(&format!("::error file={KG},line={line},col=6,title=CEDAW-GENERAL-BAN")), "{out:?}");
    assert_eq!(out.stdout.matches("CEDAW-GENERAL-BAN (critical)").count(), 1, "{out:?}");
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.contains("❌ alljobs ci: FAILED: 1 policy violation"), "{md}");
    assert!(md.contains("19 of 446 declared entries; evidence: reported"), "{md}");
}

#[test]
fn pull_request_narrowing_a_ban_to_maternity_passes_with_the_change_in_the_job_summary() {
    let base = shipped(KG);
    let new = with_scope(&base, "k40-02", "pregnant-or-breastfeeding");
    let r = pull_request(KG, &base, &new);
    let summary = r.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = run_cmd(alljobs(&r).args(["ci"]).env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("::error"), "{out:?}");
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.starts_with("earlier step\n"), "the summary is appended to: {md}");
    assert!(md.contains("✅ alljobs ci: passed"), "{md}");
    let row = md.lines().find(|l| l.contains("k40-02")).unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("narrowed"), "{row}");
    assert!(row.contains("all-women → pregnant-or-breastfeeding"), "{row}");
    assert!(row.contains("general → maternity-only"), "{row}");
    assert!(md.contains("18 of 446 declared entries; evidence: reported"), "{md}");
}

// ---- Each policy rule ----

#[test]
fn widened_scope_fails_on_the_scope_line() {
    let base = with_scope(&shipped(KG), "k40-02", "pregnant");
    let new = with_scope(&shipped(KG), "k40-02", "maternity");
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    let line = line_of(&new, "scope = \"maternity\"");
    assert!(out.stdout.contains(&format!("::error file={KG},line={line},col=9,")), "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Widened scope::"), "{out:?}");
    assert!(!out.stdout.contains("New general restriction"), "{out:?}");
    // With the rule off, it passes.
    // With the rule off, it passes (a policy the workflow trusts: see tests/ci_policy.rs).
    r.write("alljobs.toml", "[fail]\nwidened = false\n");
    assert_eq!(run(&r, &["ci", "--trust-head-policy"]).code, 0);
}

#[test]
fn an_age_proxy_extends_a_pregnancy_restriction_and_fails_as_widened() {
    // pregnant → women from 16: releases pregnant girls under 16 but restricts
    // every other woman from 16: a change that extends, so the widened rule fires.
    let base = with_scope(&shipped(KG), "k40-02", "pregnant");
    let new = with_scope(&shipped(KG), "k40-02", "age-from-16");
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Widened scope::"), "{out:?}");
    assert!(out.stdout.contains("pregnant → age-from-16"), "{out:?}");
}

#[test]
fn widening_to_all_women_is_a_new_general_restriction() {
    let base = with_scope(&shipped(KG), "k40-02", "pregnant");
    let new = shipped(KG);
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A New general restriction::"), "{out:?}");
    assert!(out.stdout.contains("k40-02"), "{out:?}");
    assert_eq!(out.stdout.matches("title=alljobs%3A ").count(), 1, "reported once, as new general: {out:?}");
    // new_general off: the widening still fails.
    r.write("alljobs.toml", "[fail]\nnew_general = false\n");
    let out = run(&r, &["ci", "--format", "github", "--trust-head-policy"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Widened scope::"), "{out:?}");
}

#[test]
fn findings_threshold() {
    let base = shipped(KG);
    let new = format!("{base}{}", constructed_entry("test-general", None));
    let r = pull_request(KG, &base, &new);
    r.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"critical\"\n");
    let out = run(&r, &["ci", "--format", "github", "--trust-head-policy"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Finding at or above the policy threshold::"), "{out:?}");
    assert!(out.stdout.contains("test-general"), "{out:?}");
    // Only the new finding counts, not those of the 18 shipped entries.
    assert_eq!(out.stdout.matches("title=alljobs%3A ").count(), 1, "{out:?}");
    r.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"none\"\n");
    assert_eq!(run(&r, &["ci", "--trust-head-policy"]).code, 0);
}

#[test]
fn completeness_drop_fails_only_when_enabled() {
    let base = shipped(KG);
    let start = base.find("[[entries]]\nid = \"k40-18\"").unwrap();
    let new = base[..start].trim_end().to_string() + "\n";
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "removing an entry is not a new restriction: {out:?}");
    assert!(out.stdout.contains("17 of 446 declared entries"), "{out:?}");
    r.write("alljobs.toml", "[fail]\ncompleteness_drop = true\n");
    let out = run(&r, &["ci", "--trust-head-policy"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("completeness-drop"), "{out:?}");
}

#[test]
fn schema_error_in_a_changed_list_is_a_policy_violation_with_its_position() {
    let base = shipped(KG);
    let new = base.replacen("kind = \"sector\"", "kind = \"sectr\"", 1);
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    let line = line_of(&new, "kind = \"sectr\"");
    assert!(out.stdout.contains(&format!("::error file={KG},line={line},col=8,")), "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Invalid list file::"), "{out:?}");
    assert!(out.stdout.contains("did you mean `sector`?"), "{out:?}");
    // `schema_errors = false` is refused: an error in a policy the workflow trusts…
    r.write("alljobs.toml", "[fail]\nschema_errors = false\n");
    let out = run(&r, &["ci", "--trust-head-policy"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cannot be turned off"), "{out:?}");
    // …and a policy change of the pull request under the base's policy.
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("alljobs.toml:2:17: policy-changed: "), "{out:?}");
    assert!(out.stdout.contains("cannot be turned off"), "{out:?}");
}

/// A changed list that is not UTF-8: the violation's hint is worded for the
/// command line (the library's typed suggestion, worded by the binary).
#[test]
fn a_list_that_is_not_utf8_gets_the_command_lines_hint() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.commit("base");
    r.branch("pr");
    let mut bytes = base.into_bytes();
    bytes.extend_from_slice(b"\n# \xcf\xf0\xee\xe5\xea\xf2\n");
    std::fs::write(r.path().join(KG), bytes).unwrap();
    r.commit("change");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("invalid UTF-8"), "{out:?}");
    assert!(out.stdout.contains("use `alljobs import --encoding windows-1251`"), "{out:?}");
    assert!(!out.stdout.contains("import option `encoding`"), "{out:?}");
}

// ---- Files added, deleted, renamed, invalid at the base ----

#[test]
fn added_list_file_is_compared_with_an_empty_list() {
    let r = TestRepo::new();
    r.write("README.md", "lists\n");
    r.commit("base");
    r.branch("pr");
    r.write(KG, &shipped(KG));
    r.commit("add the list");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "every entry of a new list is new: {out:?}");
    assert!(out.stdout.contains(&format!("{KG} — added")), "{out:?}");
    assert_eq!(out.stdout.matches(": new-general: ").count(), 18, "{out:?}");
}

#[test]
fn deleted_list_file_is_reported_and_passes() {
    let r = TestRepo::new();
    r.write(KG, &shipped(KG));
    r.commit("base");
    r.branch("pr");
    r.remove(KG);
    r.commit("delete");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains(&format!("{KG} — deleted")), "{out:?}");
    assert!(out.stdout.contains("old: kg-2000-res-158 — 18 of 446 declared entries; evidence: reported"), "{out:?}");
    assert!(out.stdout.contains("not a new restriction"), "{out:?}");
}

#[test]
fn renamed_file_is_diffed_against_its_old_path() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.commit("base");
    r.branch("pr");
    r.git(&["mv", KG, "lists/kg/res-158.toml"]);
    r.write("lists/kg/res-158.toml", &with_scope(&base, "k40-02", "pregnant"));
    r.commit("rename and narrow");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("lists/kg/res-158.toml — renamed"), "{out:?}");
    assert!(out.stdout.contains(&format!("renamed from {KG}")), "{out:?}");
    assert!(out.stdout.contains("0 added, 0 removed"), "only the narrowing is a change: {out:?}");
    assert!(out.stdout.contains("k40-02"), "{out:?}");
}

#[test]
fn file_invalid_at_the_base_is_reported_and_the_new_side_still_checked() {
    let good = shipped(KG);
    let broken = good.replacen("kind = \"sector\"", "kind = \"sectr\"", 1);
    let r = pull_request(KG, &broken, &good);
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("old: not a valid list (1 error)"), "{out:?}");
    assert!(out.stdout.contains("the old side is unavailable"), "{out:?}");
    assert!(out.stdout.contains("new: kg-2000-res-158 — 18 of 446 declared entries"), "{out:?}");
    // The new side is still checked.
    r.write(KG, &good.replacen("kind = \"work\"", "kind = \"wrk\"", 1));
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("schema-error"), "{out:?}");
}

#[test]
fn untracked_new_list_file_is_included() {
    let r = TestRepo::new();
    r.write(KG, &shipped(KG));
    r.commit("base");
    r.write("lists/kg/draft.toml", "format_version = 1\n");
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("lists/kg/draft.toml — added"), "{out:?}");
    assert!(out.stdout.contains("missing required key `list`"), "{out:?}");
}

#[test]
fn no_changed_list_passes() {
    let r = TestRepo::new();
    r.write(KG, &shipped(KG));
    r.write("README.md", "a\n");
    r.commit("base");
    r.write("README.md", "b\n");
    r.commit("docs");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("no list file changed"), "{out:?}");
    assert!(out.stdout.contains("HEAD~1"), "{out:?}");
}

// ---- Errors: exit 2 ----

#[test]
fn not_a_git_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cmd(
        Command::cargo_bin("alljobs")
            .unwrap()
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .arg("ci"),
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("is not inside a git repository"), "{out:?}");
}

#[test]
fn bad_revision_is_an_error() {
    let r = pull_request(KG, &shipped(KG), &shipped(KG));
    let out = run(&r, &["ci", "--base", "no-such-branch"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("`no-such-branch` is not a revision"), "{out:?}");
}

#[test]
fn bad_policy_file_is_an_error_with_its_position() {
    let r = pull_request(KG, &shipped(KG), &shipped(KG));
    r.write("alljobs.toml", "[fail]\nnew_general = true\nwidend = true\n");
    let out = run(&r, &["ci", "--trust-head-policy"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("alljobs.toml:3:1"), "{out:?}");
    assert!(out.stderr.contains("did you mean `widened`?"), "{out:?}");
    // --explain-policy reports it the same way.
    assert_eq!(run(&r, &["ci", "--explain-policy", "--trust-head-policy"]).code, 2);
    // Under the base's policy, the broken file is the pull request's policy change.
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("alljobs.toml:3:1: policy-changed: "), "{out:?}");
    // A rule file named by the policy that does not exist.
    r.write("alljobs.toml", "[flag]\nrules = \"missing-rules.toml\"\n");
    let out = run(&r, &["ci", "--trust-head-policy"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("missing-rules.toml"), "{out:?}");
    // A policy given with --policy that does not exist.
    let out = run(&r, &["ci", "--policy", "nope.toml"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("nope.toml: no such file"), "{out:?}");
}

#[test]
fn list_directories_come_from_the_policy() {
    let r = TestRepo::new();
    r.write("alljobs.toml", "[ci]\nlists = [\"data/lists\"]\n");
    r.commit("base");
    r.branch("pr");
    r.write("data/lists/kg.toml", &shipped(KG));
    r.write(KG, &shipped(KG));
    r.commit("add two copies");
    let out = run(&r, &["ci"]);
    assert!(out.stdout.contains("data/lists/kg.toml — added"), "{out:?}");
    assert!(!out.stdout.contains(&format!("{KG} —")), "lists/ is not a list directory here: {out:?}");
}

// ---- Outputs ----

#[test]
fn explain_policy_names_the_source_and_every_setting() {
    let r = TestRepo::new();
    let out = run(&r, &["ci", "--explain-policy"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("# policy in force: built-in defaults (no "), "{out:?}");
    for key in [
        "schema_errors = true",
        "new_general = true",
        "widened = true",
        "findings_at_or_above = \"none\"",
        "completeness_drop = false",
    ] {
        assert!(out.stdout.contains(key), "{key}: {out:?}");
    }
    r.write("alljobs.toml", "[fail]\nfindings_at_or_above = \"high\"\n");
    let out = run(&r, &["ci", "--explain-policy", "--trust-head-policy"]);
    assert!(out.stdout.contains("alljobs.toml\n"), "{out:?}");
    assert!(out.stdout.contains("findings_at_or_above = \"high\"\n"), "{out:?}");
    // Without it, the policy in force is the base's (here: no commit, the defaults),
    // and the working tree's change is named.
    let out = run(&r, &["ci", "--explain-policy"]);
    assert!(out.stdout.contains("findings_at_or_above = \"none\"\n"), "{out:?}");
    assert!(
        out.stdout.contains("# policy change in the working tree (alljobs.toml:2:1): `fail.findings_at_or_above`: \"none\" at the base, \"high\" in this change"),
        "{out:?}"
    );
}

#[test]
fn sarif_file_has_the_2_1_0_shape_and_the_violation() {
    let base = shipped(KG);
    let new = format!("{base}{}", constructed_entry("test-general", None));
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--sarif", "out/alljobs.sarif"]);
    assert_eq!(out.code, 1, "{out:?}");
    let v: Value = serde_json::from_str(&r.read("out/alljobs.sarif")).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"), "{v}");
    let run0 = &v["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "alljobs");
    let results = run0["results"].as_array().unwrap();
    let line = line_of(&new, "id = \"test-general\"") as u64;
    let policy = results
        .iter()
        .find(|r| r["ruleId"] == "alljobs-policy/new-general")
        .unwrap_or_else(|| panic!("no policy result: {v}"));
    assert_eq!(policy["level"], "error");
    let loc = &policy["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], KG);
    assert_eq!(loc["region"]["startLine"], line);
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let index = policy["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "alljobs-policy/new-general", "{v}");
    assert_eq!(rules[index]["name"], "AlljobsPolicyNewGeneral", "{v}");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "error", "{v}");
    assert_eq!(rules[index]["properties"]["tags"][0], "alljobs-policy", "{v}");
    assert!(rules[index]["fullDescription"]["text"].as_str().unwrap().contains("in alljobs.toml"), "{v}");
    assert_eq!(policy["properties"]["entryId"], "test-general", "{v}");
    assert!(policy["properties"]["policyKey"].as_str().unwrap().starts_with("fail."), "{v}");
    assert!(loc["region"]["endLine"].as_u64().unwrap() >= line, "{v}");
    // The findings of the rules are there too, with a location in the list.
    assert!(results.iter().any(|r| r["ruleId"] != "alljobs-policy/new-general"), "{v}");
    // No temporary file left beside it.
    assert_eq!(std::fs::read_dir(r.join("out")).unwrap().count(), 1);
}

/// `ci --format json` validates against schemas/ci.schema.json (`alljobs schema ci`),
/// and the schema is not vacuous.
fn assert_schema_valid(v: &Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ci.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(v).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = v.clone();
    broken["files"][0]["new"]["state"] = Value::from(3);
    assert!(!validator.is_valid(&broken), "the schema requires a side's state to be a string");
}

#[test]
fn json_report() {
    let base = shipped(KG);
    let new = with_scope(&base, "k40-02", "pregnant");
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_schema_valid(&v);
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["passed"], true);
    let f = &v["files"][0];
    assert_eq!(f["path"], KG);
    assert_eq!(f["status"], "modified");
    assert_eq!(f["new"]["list"]["completeness"], "18 of 446 declared entries; evidence: reported");
    assert_eq!(f["diff"]["narrowed"], 1);
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
}

// ---- The git diff driver ----

fn with_driver(r: &TestRepo) {
    let bin = assert_cmd::cargo::cargo_bin("alljobs");
    r.write(".gitattributes", "lists/**/*.toml diff=alljobs\n");
    r.git(&["config", "diff.alljobs.command", &format!("{} git-diff", bin.display())]);
}

fn git_diff(r: &TestRepo, args: &[&str]) -> String {
    r.git(&[&["-c", "core.pager=cat", "diff"], args].concat())
}

#[test]
fn git_diff_driver_prints_a_semantic_diff() {
    let base = shipped(KG);
    let r = TestRepo::new();
    with_driver(&r);
    r.write(KG, &base);
    r.commit("base");
    r.write(KG, &with_scope(&base, "k40-02", "pregnant"));
    let out = git_diff(&r, &[]);
    assert!(out.contains("alljobs: semantic diff of lists/kg/kg-2000-res-158.toml"), "{out}");
    assert!(out.contains("k40-02"), "{out}");
    assert!(out.contains("narrowed"), "{out}");
    assert!(out.contains("18 of 446 declared entries"), "{out}");
    assert!(!out.contains("@@"), "not a line diff: {out}");
    // --no-ext-diff still gives git's own diff.
    assert!(git_diff(&r, &["--no-ext-diff"]).contains("+scope = \"pregnant\""));
}

#[test]
fn git_diff_driver_handles_added_files_and_falls_back_on_invalid_lists() {
    let base = shipped(KG);
    let r = TestRepo::new();
    with_driver(&r);
    r.commit("empty");
    r.write(KG, &base);
    r.git(&["add", KG]);
    let out = git_diff(&r, &["--cached"]);
    assert!(out.contains("alljobs: semantic diff of lists/kg/kg-2000-res-158.toml (new file)"), "{out}");
    assert!(out.contains("k40-18"), "{out}");
    r.commit("add");
    r.write(KG, &base.replacen("kind = \"sector\"", "kind = \"sectr\"", 1));
    let out = git_diff(&r, &[]);
    assert!(out.contains("the new version is not a valid list"), "{out}");
    assert!(out.contains("-kind = \"sector\""), "plain diff follows: {out}");
    assert!(out.contains("+kind = \"sectr\""), "{out}");
}

// ---- The policy in force is the base revision's (issue #15) ----

/// The constructed source of the constructed entries.
const TEST_SOURCE: &str = "\n[[sources]]\nid = \"TEST\"\ntitle = \"Constructed test data (synthetic; not a real source)\"\nkind = \"secondary\"\n";

/// A constructed general ban, as in the issue («Водитель автобуса», all women).
fn bus_driver(id: &str) -> String {
    format!(
        "\n[[entries]]\nid = \"{id}\"\ntitle = {{ ru = \"водитель автобуса\", en = \"constructed test entry (not in any act)\" }}\nkind = \"occupation\"\nevidence = \"reported\"\nsources = [\"TEST\"]\n{TEST_SOURCE}"
    )
}

#[test]
fn a_pull_request_cannot_switch_off_the_check_that_judges_it() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.commit("base");
    r.branch("pr");
    // One commit adds a general ban and a policy that lets it through.
    r.write(KG, &format!("{base}{}", bus_driver("test-bus")));
    r.write("alljobs.toml", "[fail]\nnew_general = false\n");
    r.commit("add a ban and switch the check off");
    let summary = r.join("summary.md");
    let out = run_cmd(
        alljobs(&r).args(["ci", "--base", "HEAD~1"]).env("GITHUB_ACTIONS", "true").env("GITHUB_STEP_SUMMARY", &summary),
    );
    assert_eq!(out.code, 1, "{out:?}");
    // The ban is judged by the base's policy…
    assert!(out.stdout.contains("title=alljobs%3A New general restriction::entry `test-bus`"), "{out:?}");
    // …and the policy change is a violation of its own, on its line, with the diff.
    let ann = out
        .stdout
        .lines()
        .find(|l| l.starts_with("::error file=alljobs.toml,line=2,col=1,"))
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!(ann.contains("title=alljobs%3A CI policy changed by this change::"), "{ann}");
    assert!(ann.contains("`fail.new_general`: true at the base, false in this change"), "{ann}");
    assert!(out.stdout.contains("FAILED: 2 policy violations"), "{out:?}");
    assert!(out.stdout.contains("the base revision's policy; a change to it in this pull request is a violation"));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### Policy changes in this change (each is a violation"), "{md}");
    assert!(md.contains("| `alljobs.toml:2` | `fail.new\\_general` | true | false |"), "{md}");
    // JSON names the mode and the changes.
    let v: Value = serde_json::from_str(&run(&r, &["ci", "--base", "HEAD~1", "--format", "json"]).stdout).unwrap();
    assert_eq!(v["policy"]["mode"], "base");
    assert_eq!(v["policy"]["changes"][0]["what"], "fail.new_general");
    assert_eq!(v["policy"]["changes"][0]["line"], 2);
    assert_eq!(v["policy"]["policy"]["fail"]["new_general"], true);
    assert!(v["violations"].as_array().unwrap().iter().any(|x| x["rule"] == "policy-changed"), "{v}");

    // A workflow that trusts the working tree's policy judges with it: the change is reported, not a violation.
    let out = run(&r, &["ci", "--base", "HEAD~1", "--trust-head-policy", "--format", "github"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("::notice file=alljobs.toml,line=2,"), "{out:?}");
    assert!(out.stdout.contains("the workflow passed --trust-head-policy"), "{out:?}");
    assert!(out.stdout.contains("policy changes in this change (in force):"), "{out:?}");
}

#[test]
fn a_base_policy_may_allow_policy_changes_and_edits_that_change_nothing_pass() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write("alljobs.toml", "[ci]\nallow_policy_changes = true\n");
    r.commit("base");
    r.branch("pr");
    r.write(KG, &format!("{base}{}", bus_driver("test-bus")));
    r.write("alljobs.toml", "[ci]\nallow_policy_changes = true\n[fail]\nnew_general = false\n");
    r.commit("change");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("the base policy allows policy changes"), "{out:?}");
    assert!(out.stdout.contains("`fail.new_general`: true at the base, false in this change"), "{out:?}");

    // Without that key, a comment is not a policy change; a setting is.
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write("alljobs.toml", "[fail]\nwidened = true\n");
    r.commit("base");
    r.write("alljobs.toml", "# reviewed 2026\n[fail]\nwidened = true\n");
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("note: alljobs.toml was edited, but no setting changed"), "{out:?}");
    // Deleting the policy file is a change to every setting it set.
    r.remove("alljobs.toml");
    r.write("alljobs.toml", "");
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 0, "an empty file sets the defaults, as the base did: {out:?}");
    r.write("alljobs.toml", "[fail]\nwidened = false\n");
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("alljobs.toml:2:1: policy-changed: "), "{out:?}");
}

const OWN_RULES: &str = r#"format_version = 1

[[rules]]
code = "MY-ORG-WELDING"
severity = "high"
title = "Welding named"
what = "Fires on welding jobs."
why = "Our organisation tracks them."
message = "«{title}» names welding"
citations = [{ text = "Internal policy note (constructed test data)", status = "unverified" }]
[rules.trigger]
all = [{ class = ["general"] }, { title = 'сварщик' }]
"#;

#[test]
fn the_rule_file_of_the_policy_is_read_at_the_base_too() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write(
        "alljobs.toml",
        "[fail]\nfindings_at_or_above = \"high\"\nnew_findings_only = false\n[flag]\nrules = \"rules/own.toml\"\n",
    );
    r.write("rules/own.toml", OWN_RULES);
    r.commit("base");
    r.branch("pr");
    // The pull request touches a list and lowers the severity of the rule that judges it.
    r.write(KG, &with_scope(&base, "k40-01", "all-women"));
    r.write("rules/own.toml", &OWN_RULES.replace("severity = \"high\"", "severity = \"info\""));
    r.commit("lower the rule");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 1, "{out:?}");
    let line = line_of(OWN_RULES, "code = \"MY-ORG-WELDING\"");
    assert!(
        out.stdout.contains(&format!("rules/own.toml:{line}:1: policy-changed: ")),
        "the change is at the rule's code line: {out:?}"
    );
    assert!(out.stdout.contains("`rule MY-ORG-WELDING`: high at the base, info in this change"), "{out:?}");
    // The base's rule (high) ran: welding (k40-02) fails at the threshold.
    assert!(out.stdout.contains(": finding: MY-ORG-WELDING (high, at or above high)"), "{out:?}");
    // The rule file instead of the built-in rules: the summary says the built-in rules do not run.
    assert!(out.stdout.contains("built-in rule(s) do not run: CEDAW-GENERAL-BAN"), "{out:?}");
    // The rules ran from the base's copy of the file.
    let rules_line = out.stdout.lines().find(|l| l.starts_with("rules: ")).unwrap_or_else(|| panic!("{out:?}"));
    let short = r.git(&["rev-parse", "--short=12", "main"]);
    assert_eq!(rules_line, format!("rules: {}:rules/own.toml", short.trim()));
}

#[test]
fn policy_and_rules_given_by_the_workflow() {
    let base = shipped(KG);
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write("ci/policy.toml", "[fail]\nwidened = true\n");
    r.commit("base");
    r.branch("pr");
    r.write(KG, &with_scope(&base, "k40-02", "pregnant"));
    // A --policy file inside the repository is read at the base: editing it is a policy change.
    r.write("ci/policy.toml", "[fail]\nwidened = false\n");
    r.commit("edit the workflow's policy");
    let out = run(&r, &["ci", "--policy", "ci/policy.toml"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("ci/policy.toml:2:1: policy-changed: "), "{out:?}");
    // Named from a subdirectory, it is the same file.
    let out = run_cmd(alljobs(&r).current_dir(r.join("ci")).args(["ci", "--policy", "policy.toml"]));
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("ci/policy.toml:2:1: policy-changed: "), "{out:?}");
    // A file outside the repository is the workflow's: nothing in the change can alter it.
    let outside = tempfile::tempdir().unwrap();
    let p = outside.path().join("policy.toml");
    std::fs::write(&p, "[fail]\nwidened = false\n").unwrap();
    let out = run(&r, &["ci", "--policy", p.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("policy-changed"), "{out:?}");
    // --rules names the rule file the same way.
    let rules = outside.path().join("rules.toml");
    std::fs::write(&rules, OWN_RULES).unwrap();
    let out = run(&r, &["ci", "--policy", p.to_str().unwrap(), "--rules", rules.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["policy"]["rules"]["source"], rules.to_str().unwrap());
    assert!(v["policy"]["rules"]["builtin_rules"]["disabled"].as_array().unwrap().len() >= 10, "{v}");
}

#[test]
fn a_ci_rule_file_that_reuses_a_built_in_code_must_say_so() {
    let r = TestRepo::new();
    r.write(KG, &shipped(KG));
    let lowered = "format_version = 1\n\n[[rules]]\ncode = \"CEDAW-GENERAL-BAN\"\nseverity = \"info\"\ntitle = \"t\"\nwhat = \"w\"\nwhy = \"y\"\nmessage = \"m\"\n[rules.trigger]\nclass = [\"general\"]\n";
    r.write("rules.toml", lowered);
    r.write("alljobs.toml", "[flag]\nrules = \"rules.toml\"\n");
    r.commit("base");
    r.write(KG, &with_scope(&shipped(KG), "k40-02", "pregnant"));
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 2, "{out:?}");
    let short = r.git(&["rev-parse", "--short=12", "HEAD"]);
    assert!(out.stderr.contains(&format!("{}:rules.toml:4:8", short.trim())), "{out:?}");
    assert!(out.stderr.contains("has the code of a built-in rule"), "{out:?}");
    // Said so, with a reason: it runs, and every output names it.
    r.write("rules.toml", &lowered.replace("severity = \"info\"", "severity = \"info\"\noverrides = true\nreason = \"constructed test: a repository that reads general bans as information\""));
    r.commit("explicit");
    let out = run(&r, &["ci", "--base", "HEAD", "--sarif", "out.sarif"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("built-in rule CEDAW-GENERAL-BAN is overridden by "), "{out:?}");
    assert!(out.stdout.contains("(severity critical → info): constructed test"), "{out:?}");
    let v: Value = serde_json::from_str(&r.read("out.sarif")).unwrap();
    let driver = &v["runs"][0]["tool"]["driver"];
    assert_eq!(driver["properties"]["builtinRules"]["overridden"][0]["code"], "CEDAW-GENERAL-BAN");
    let rule = driver["rules"].as_array().unwrap().iter().find(|x| x["id"] == "CEDAW-GENERAL-BAN").unwrap();
    assert_eq!(rule["properties"]["overridesBuiltin"]["builtin_severity"], "critical");
}

#[test]
fn no_list_files_is_an_error_that_says_where_it_looked() {
    let r = TestRepo::new();
    r.write("README.md", "not a list repository\n");
    r.commit("base");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("no list files found: looked for *.toml under lists/ in the working tree "), "{out:?}");
    // An empty list directory is no better.
    std::fs::create_dir_all(r.join("lists/kg")).unwrap();
    assert_eq!(run(&r, &["ci"]).code, 2);
    // Once a list exists (even only at the base: a deletion), there is something to judge.
    r.write(KG, &shipped(KG));
    r.commit("add");
    r.remove(KG);
    let out = run(&r, &["ci", "--base", "HEAD"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout.contains("deleted"), "{out:?}");
}

/// Res. 158 with «кессонщик» (k40-07) replaced by a constructed entry.
fn caisson_replaced_by_bus_driver(reason: Option<&str>) -> String {
    let base = shipped(KG);
    let reason = reason.map(|r| format!("replaces_reason = \"{r}\"\n")).unwrap_or_default();
    let new = base.replace(
        "id = \"k40-07\"\ntitle = { ru = \"кессонщик\" }\nkind = \"occupation\"\nevidence = \"reported\"\nsources = [\"K40\"]\n",
        &format!("id = \"test-bus\"\ntitle = {{ ru = \"водитель городского автобуса\", en = \"constructed test entry (not in any act)\" }}\nkind = \"occupation\"\nevidence = \"reported\"\nsources = [\"TEST\"]\nreplaces = [\"k40-07\"]\n{reason}"),
    );
    assert_ne!(new, base);
    format!("{new}{TEST_SOURCE}")
}

#[test]
fn replaces_cannot_dress_a_new_ban_as_a_rewording() {
    let base = shipped(KG);
    let new = caisson_replaced_by_bus_driver(None);
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    let line = line_of(&new, "id = \"test-bus\"");
    let ann = out
        .stdout
        .lines()
        .find(|l| {
            l.starts_with(&format!("::error file={KG},line={line},col=6,")) && l.contains("New general restriction")
        })
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!(ann.contains("it `replaces` `k40-07` «кессонщик», but their texts share almost nothing"), "{ann}");
    assert!(out.stdout.contains("counts it as a new restriction and a removal"), "{out:?}");
    assert!(
        out.stdout.contains("changed: reworded, sources test-bus «водитель городского автобуса»: all-women (general) [the policy counts it as added + removed: the texts share almost nothing]; sources: [\"K40\"] → [\"TEST\"] — check this pair (low confidence)"),
        "{out:?}"
    );
    // Its findings count as new (it is not the old entry's rewording).
    let r2 = pull_request(KG, &base, &new);
    r2.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"critical\"\n");
    r2.commit("policy");
    let out = run(&r2, &["ci", "--base", "main", "--trust-head-policy"]);
    assert!(out.stdout.contains("finding: CEDAW-GENERAL-BAN (critical, at or above critical)"), "{out:?}");
    // A reviewer who knows it is a true succession says why: a rewording, as `replaces` says.
    let reviewed = caisson_replaced_by_bus_driver(Some("constructed test: the act renamed the job"));
    let r = pull_request(KG, &base, &reviewed);
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("policy counts"), "{out:?}");
    // The summary still shows the reviewer's claim, for whoever reads the result.
    assert!(
        out.stdout.contains("it counts as a rewording because of its `replaces_reason`: «constructed test: the act renamed the job» — a reviewer's claim: check it"),
        "{out:?}"
    );
}

#[test]
fn overlays_follow_their_base() {
    let base = shipped(KG);
    // A constructed overlay: the draft's overlay, narrowing only k40-01.
    let overlay_path = "lists/kg/kg-2024-draft-labour-code.toml";
    let overlay = shipped(overlay_path)
        .replace("target = \"*\"", "target = \"k40-01\"")
        .replace("default_scope = \"pregnant-or-breastfeeding\"", "default_scope = \"all-women\"");
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write(overlay_path, &overlay);
    r.commit("base");
    r.branch("pr");
    // The pull request changes only the base list: it narrows k40-02 there and adds a ban.
    r.write(KG, &format!("{}{}", with_scope(&base, "k40-02", "pregnant"), bus_driver("test-bus")));
    r.commit("change the base");
    let out = run(&r, &["ci", "--format", "json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_schema_valid(&v);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v}");
    let o = files.iter().find(|f| f["path"] == overlay_path).unwrap();
    assert_eq!(o["status"], "base-changed");
    assert_eq!(o["diff"]["added"], 1, "{o}");
    assert_eq!(o["diff"]["narrowed"], 1, "{o}");
    assert!(o["notes"][0].as_str().unwrap().contains("the list it amends did"), "{o}");
    // The added ban reaches the overlay: a violation there too (at the base file's line, where the entry is).
    let viol: Vec<&Value> = v["violations"].as_array().unwrap().iter().filter(|x| x["rule"] == "new-general").collect();
    assert_eq!(viol.len(), 2, "once for the base list, once through the overlay: {v}");
    assert!(
        viol.iter()
            .any(|x| x["message"].as_str().unwrap().starts_with(&format!("through the overlay {overlay_path} ")))
    );
    // An overlay that changed itself is reported once, as modified.
    r.write(overlay_path, &overlay.replace("target = \"k40-01\"", "target = \"k40-03\""));
    let out = run(&r, &["ci", "--base", "main", "--format", "json"]);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let statuses: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["modified", "modified"], "{v}");
}

#[test]
fn gitlab_code_quality_report() {
    let base = shipped(KG);
    let new = format!("{base}{}", constructed_entry("test-general", None));
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--code-quality", "gl-code-quality.json"]);
    assert_eq!(out.code, 1, "{out:?}");
    let v: Value = serde_json::from_str(&r.read("gl-code-quality.json")).unwrap();
    let issues = v.as_array().unwrap();
    let line = line_of(&new, "id = \"test-general\"") as u64;
    let policy = issues.iter().find(|i| i["check_name"] == "alljobs-policy/new-general").unwrap();
    assert_eq!(policy["severity"], "critical");
    assert_eq!(policy["location"]["path"], KG);
    assert_eq!(policy["location"]["lines"]["begin"], line);
    // The new findings are there at their severity; every fingerprint is distinct and stable.
    assert!(issues.iter().any(|i| i["check_name"] == "CEDAW-NO-REVIEW" && i["severity"] == "minor"), "{v}");
    let mut prints: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n, "{v}");
    run(&r, &["ci", "--code-quality", "again.json"]);
    assert_eq!(r.read("again.json"), r.read("gl-code-quality.json"));
}

#[test]
fn a_waiver_added_in_the_change_is_named_as_a_reviewers_claim() {
    let base = shipped(KG);
    let waiver =
        "waivers = [{ rule = \"CEDAW-GENERAL-BAN\", reason = \"constructed test waiver\", by = \"test reviewer\" }]\n";
    let with_waiver = |text: &str, id: &str| {
        let anchor = format!("id = \"{id}\"\n");
        let at = text.find(&anchor).unwrap() + anchor.len();
        format!("{}{waiver}{}", &text[..at], &text[at..])
    };
    let r = TestRepo::new();
    r.write(KG, &base);
    r.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"critical\"\n");
    r.commit("base");
    r.branch("pr");
    let new = with_waiver(&format!("{base}{}", bus_driver("test-bus")), "test-bus");
    r.write(KG, &new);
    r.commit("a ban with a waiver");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "the waived finding does not count: {out:?}");
    assert!(
        out.stdout.contains("note: entry `test-bus`: the waiver of CEDAW-GENERAL-BAN is new in this change (by test reviewer: constructed test waiver); it keeps a critical finding out of the policy's count"),
        "{out:?}"
    );
    // A waiver already there at the base is not news.
    let r = pull_request(
        KG,
        &with_waiver(&base, "k40-01"),
        &with_scope(&with_waiver(&base, "k40-01"), "k40-02", "pregnant"),
    );
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(!out.stdout.contains("is new in this change"), "{out:?}");
}

#[test]
fn an_overlay_whose_base_is_only_built_in_is_announced_in_the_check() {
    // An overlay on Res. 158 whose base is not in the repository: ci checks it
    // against the copy built into alljobs, and must say so on the changed file.
    let overlay = crate::support::overlay_on_res_158();
    let path = "lists/kg/overlay.toml";
    let changed = overlay.replacen("\nnote = \"", "\nnote = \"Changed. ", 1);
    assert_ne!(changed, overlay);
    let r = pull_request(path, &overlay, &changed);
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 0, "{out:?}");
    let line = out.stdout.lines().find(|l| l.contains("warning[builtin-base]")).unwrap_or_else(|| panic!("{out:?}"));
    assert!(line.contains(&format!("{path}:12:8")), "at list.base: {line}");
    assert!(line.contains("the copy built into alljobs is used"), "{line}");
    // The JSON report carries it too.
    let out = run(&r, &["ci", "--format", "json"]);
    assert!(out.stdout.contains("builtin-base"), "{out:?}");
}
