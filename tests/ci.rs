//! CLI tests of `alljobs ci` and `alljobs git-diff` in temporary git
//! repositories (built with the `git` command line, see support/gitrepo.rs).
//!
//! The base list is a copy of the shipped `lists/kg/kg-2000-res-158.toml`.
//! Every entry these tests add is CONSTRUCTED test data: it says so in its
//! title and cites a source that says so; it is not from any act.

#[path = "support/gitrepo.rs"]
mod gitrepo;

use assert_cmd::Command;
use gitrepo::TestRepo;
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
    r.write("alljobs.toml", "[fail]\nwidened = false\n");
    assert_eq!(run(&r, &["ci"]).code, 0);
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
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Widened scope::"), "{out:?}");
}

#[test]
fn findings_threshold() {
    let base = shipped(KG);
    let new = format!("{base}{}", constructed_entry("test-general", None));
    let r = pull_request(KG, &base, &new);
    r.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"critical\"\n");
    let out = run(&r, &["ci", "--format", "github"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout.contains("title=alljobs%3A Finding at or above the policy threshold::"), "{out:?}");
    assert!(out.stdout.contains("test-general"), "{out:?}");
    // Only the new finding counts, not those of the 18 shipped entries.
    assert_eq!(out.stdout.matches("title=alljobs%3A ").count(), 1, "{out:?}");
    r.write("alljobs.toml", "[fail]\nnew_general = false\nfindings_at_or_above = \"none\"\n");
    assert_eq!(run(&r, &["ci"]).code, 0);
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
    let out = run(&r, &["ci"]);
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
    // `schema_errors = false` is refused.
    r.write("alljobs.toml", "[fail]\nschema_errors = false\n");
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("cannot be turned off"), "{out:?}");
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
    let out = run(&r, &["ci"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("alljobs.toml:3:1"), "{out:?}");
    assert!(out.stderr.contains("did you mean `widened`?"), "{out:?}");
    // --explain-policy reports it the same way.
    assert_eq!(run(&r, &["ci", "--explain-policy"]).code, 2);
    // A rule file named by the policy that does not exist.
    r.write("alljobs.toml", "[flag]\nrules = \"missing-rules.toml\"\n");
    let out = run(&r, &["ci"]);
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
    let out = run(&r, &["ci", "--explain-policy"]);
    assert!(out.stdout.contains("alljobs.toml\n"), "{out:?}");
    assert!(out.stdout.contains("findings_at_or_above = \"high\"\n"), "{out:?}");
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
    // The findings of the rules are there too, with a location in the list.
    assert!(results.iter().any(|r| r["ruleId"] != "alljobs-policy/new-general"), "{v}");
    // No temporary file left beside it.
    assert_eq!(std::fs::read_dir(r.join("out")).unwrap().count(), 1);
}

#[test]
fn json_report() {
    let base = shipped(KG);
    let new = with_scope(&base, "k40-02", "pregnant");
    let r = pull_request(KG, &base, &new);
    let out = run(&r, &["ci", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
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
