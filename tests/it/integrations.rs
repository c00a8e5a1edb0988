//! The integrations, run locally: the composite GitHub Action (`action.yml`)
//! — its shell steps executed in temporary git repositories, with the inputs
//! substituted as GitHub does —, the pre-commit hooks (`.pre-commit-hooks.yaml`:
//! each hook's `entry` run on the files its `files` pattern selects), and the
//! example workflows (every step after the install reports; the GitLab script
//! runs every check).
//!
//! The list used is a copy of the shipped Res. 158; the entry added is
//! CONSTRUCTED test data (it says so in its title and cites a source that says so).

use crate::support::TestRepo;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

const KG: &str = "lists/kg/kg-2000-res-158.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

fn yaml(rel: &str) -> Yaml {
    let docs = YamlLoader::load_from_str(&shipped(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    docs.into_iter().next().unwrap()
}

fn general_ban(base: &str) -> String {
    format!(
        "{base}\n[[entries]]\nid = \"test-general\"\ntitle = {{ en = \"constructed test entry (not in any act)\" }}\nkind = \"occupation\"\nevidence = \"reported\"\nsources = [\"TEST\"]\n\n[[sources]]\nid = \"TEST\"\ntitle = \"Constructed test data (synthetic; not a real source)\"\nkind = \"secondary\"\n"
    )
}

/// A repository whose `main` holds Res. 158, with branch `pr` holding `new`.
fn pull_request(new: &str) -> TestRepo {
    let r = TestRepo::new();
    r.write(KG, &shipped(KG));
    r.commit("base");
    r.branch("pr");
    r.write(KG, new);
    r.commit("change");
    r
}

/// PATH with the directory of the alljobs binary (and of `extra`) first.
fn path_with(extra: Option<&Path>) -> String {
    let bin = assert_cmd::cargo::cargo_bin("alljobs");
    let mut dirs: Vec<PathBuf> = extra.into_iter().map(Path::to_path_buf).collect();
    dirs.push(bin.parent().unwrap().to_path_buf());
    dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(dirs).unwrap().into_string().unwrap()
}

struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

/// Runs a script as GitHub runs `shell: bash` (`bash --noprofile --norc -eo
/// pipefail`; GitLab's bash also stops on the first failure), in `dir`, with a
/// hermetic git config.
fn bash(script: &str, dir: &Path, env: &[(&str, String)], path: &str) -> Ran {
    let mut c = Command::new("bash");
    c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C");
    for k in ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_BASE_REF", "GITHUB_OUTPUT", "GITHUB_PATH"] {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---- action.yml ----

/// The action's inputs with their defaults, overridden by `given`.
fn inputs(action: &Yaml, given: &[(&str, &str)]) -> HashMap<String, String> {
    let mut m: HashMap<String, String> = action["inputs"]
        .as_hash()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap().to_string(), v["default"].as_str().unwrap_or("").to_string()))
        .collect();
    for (k, v) in given {
        assert!(m.contains_key(*k), "no input {k}");
        m.insert(k.to_string(), v.to_string());
    }
    m
}

/// Substitutes `${{ inputs.NAME }}` and `${{ github.action_path }}` as GitHub
/// does; any other expression in what a step runs is a test failure.
fn expand(s: &str, inputs: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let j = rest[i..].find("}}").unwrap() + i;
        let expr = rest[i + 3..j].trim();
        let value = match expr.strip_prefix("inputs.") {
            Some(name) => inputs.get(name).unwrap_or_else(|| panic!("unknown input {name}")).clone(),
            None if expr == "github.action_path" => root().display().to_string(),
            None => panic!("unexpected expression `{expr}`"),
        };
        out.push_str(&value);
        rest = &rest[j + 2..];
    }
    out.push_str(rest);
    out
}

/// The step of the action whose `name` starts with `name`.
fn step<'a>(action: &'a Yaml, name: &str) -> &'a Yaml {
    action["runs"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(name)))
        .unwrap_or_else(|| panic!("no step {name}"))
}

/// Runs a `run` step of the action in `repo` as GitHub would: `env` expanded,
/// `working-directory` honoured; returns the outcome and what it wrote to
/// `$GITHUB_OUTPUT`.
fn run_step(repo: &TestRepo, s: &Yaml, inputs: &HashMap<String, String>, path: &str) -> (Ran, String) {
    let script = s["run"].as_str().unwrap();
    assert!(!script.contains("${{"), "inputs reach a script only through env: {script}");
    assert_eq!(s["shell"].as_str(), Some("bash"));
    let files = tempfile::tempdir().unwrap();
    let output = files.path().join("output");
    let mut env: Vec<(&str, String)> = vec![
        ("GITHUB_OUTPUT", output.display().to_string()),
        ("GITHUB_PATH", files.path().join("path").display().to_string()),
        ("GITHUB_STEP_SUMMARY", repo.join("step-summary.md").display().to_string()),
        ("GITHUB_ACTIONS", "true".into()),
    ];
    let vars: Vec<(String, String)> = s["env"]
        .as_hash()
        .map(|h| {
            h.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), expand(v.as_str().unwrap(), inputs))).collect()
        })
        .unwrap_or_default();
    for (k, v) in &vars {
        env.push((k.as_str(), v.clone()));
    }
    let dir = match s["working-directory"].as_str() {
        Some(w) => repo.join(&expand(w, inputs)),
        None => repo.path().to_path_buf(),
    };
    let ran = bash(script, &dir, &env, path);
    let out = std::fs::read_to_string(&output).unwrap_or_default();
    let gh_path = std::fs::read_to_string(files.path().join("path")).unwrap_or_default();
    (ran, format!("{out}{gh_path}"))
}

#[test]
fn action_declares_its_inputs_and_uploads_sarif_whatever_the_outcome() {
    let a = yaml("action.yml");
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
    for k in ["base", "policy", "sarif", "rules", "version", "check", "trust-head-policy", "upload-sarif"] {
        assert!(!a["inputs"][k]["description"].is_badvalue(), "input {k}");
    }
    assert_eq!(a["inputs"]["trust-head-policy"]["default"].as_str(), Some("false"));
    let upload = step(&a, "Upload SARIF");
    assert_eq!(upload["uses"].as_str(), Some("github/codeql-action/upload-sarif@v3"));
    let cond = upload["if"].as_str().unwrap();
    assert!(cond.contains("!cancelled()"), "the upload runs after a failed check: {cond}");
}

#[test]
fn action_install_step_builds_the_action_checkout_or_a_given_version() {
    let a = yaml("action.yml");
    let install = step(&a, "Install alljobs");
    // A stand-in `cargo` that records its arguments.
    let fake = tempfile::tempdir().unwrap();
    let log = fake.path().join("cargo.log");
    let cargo = fake.path().join("cargo");
    std::fs::write(&cargo, format!("#!/bin/sh\necho \"$@\" >> '{}'\n", log.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let r = TestRepo::new();
    let path = path_with(Some(fake.path()));
    let (ran, out) = run_step(&r, install, &inputs(&a, &[]), &path);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), format!("install --locked --path {}\n", root().display()));
    assert!(out.ends_with("/.cargo/bin\n"), "cargo's bin directory goes on PATH: {out}");
    std::fs::remove_file(&log).unwrap();
    let (ran, _) = run_step(&r, install, &inputs(&a, &[("version", "0.1.0")]), &path);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "install --locked alljobs --version 0.1.0\n");
}

#[test]
fn action_runs_every_check_and_fails_on_the_policy() {
    let a = yaml("action.yml");
    let main = step(&a, "alljobs fmt --check, check and ci");
    let path = path_with(None);
    // A pull request adding a general ban, in a file that is also not in canonical form.
    let new = general_ban(&shipped(KG)).replacen("[[entries]]", "[[entries]]\n", 1);
    let r = pull_request(&new);
    let (ran, out) = run_step(&r, main, &inputs(&a, &[]), &path);
    assert_eq!(ran.code, 1, "{ran:?}");
    // fmt --check failed first, and ci still ran and annotated the line.
    assert!(ran.stdout.contains("would reformat lists/kg/kg-2000-res-158.toml"), "{ran:?}");
    assert!(ran.stdout.contains("alljobs fmt exited with 1"), "{ran:?}");
    assert!(ran.stdout.contains("title=alljobs%3A New general restriction::entry `test-general`"), "{ran:?}");
    assert!(ran.stdout.contains("::group::alljobs ci --sarif alljobs.sarif"), "{ran:?}");
    assert!(out.contains("exit-code=1\n"), "{out}");
    let sarif_line = out.lines().find(|l| l.starts_with("sarif=")).unwrap_or_else(|| panic!("{out}"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&sarif_line["sarif=".len()..]).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(r.read("step-summary.md").contains("❌ alljobs ci: FAILED: 1 policy violation"));

    // The inputs reach alljobs: a policy given outside the repository, no SARIF, no fmt/check.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[fail]\nnew_general = false\n").unwrap();
    let given = [("policy", policy.to_str().unwrap()), ("sarif", ""), ("check", "false"), ("base", "main")];
    let (ran, out) = run_step(&r, main, &inputs(&a, &given), &path);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(!ran.stdout.contains("would reformat"), "{ran:?}");
    assert!(ran.stdout.contains(&format!("::group::alljobs ci --base main --policy {}", policy.display())), "{ran:?}");
    assert!(!out.contains("sarif="), "{out}");
    assert!(out.contains("exit-code=0\n"), "{out}");
}

#[test]
fn action_reports_an_error_as_exit_2() {
    let a = yaml("action.yml");
    let main = step(&a, "alljobs fmt --check, check and ci");
    let r = pull_request(&shipped(KG));
    let (ran, out) = run_step(&r, main, &inputs(&a, &[("base", "no-such-branch")]), &path_with(None));
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(ran.stderr.contains("`no-such-branch` is not a revision"), "{ran:?}");
    assert!(out.contains("exit-code=2\n"), "{out}");
}

// ---- .pre-commit-hooks.yaml ----

/// Runs a hook as pre-commit does: its `entry` with the staged files its `files` pattern selects.
fn run_hook(hook: &Yaml, repo: &TestRepo, files: &[&str]) -> Ran {
    let pattern = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    let selected: Vec<&str> = files.iter().copied().filter(|f| pattern.is_match(f)).collect();
    let script = format!("{} \"$@\"", hook["entry"].as_str().unwrap());
    let mut c = Command::new("bash");
    c.args(["-c", &script, "hook"]).args(&selected).current_dir(repo.path()).env("PATH", path_with(None));
    let out = c.output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn pre_commit_hooks_check_and_format_the_staged_lists() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().unwrap();
    let by_id = |id: &str| hooks.iter().find(|h| h["id"].as_str() == Some(id)).unwrap_or_else(|| panic!("{id}"));
    let (check, fmt) = (by_id("alljobs-check"), by_id("alljobs-fmt"));
    for h in [check, fmt] {
        assert_eq!(h["language"].as_str(), Some("rust"), "pre-commit builds the hook with cargo");
        assert!(h["name"].as_str().is_some() && h["description"].as_str().is_some());
    }
    let r = TestRepo::new();
    let draft = "lists/kg/kg-2024-draft-labour-code.toml";
    r.write(KG, &shipped(KG));
    r.write(draft, &shipped(draft));
    r.write("README.md", "not a list\n");
    let staged = [KG, draft, "README.md", "alljobs.toml"];
    // Valid lists (an overlay with its base beside it): the check passes; README is not passed to it.
    let ran = run_hook(check, &r, &staged);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(ran.stdout.contains("checked 2 file(s): 0 error(s)"), "{ran:?}");
    // An invalid list fails it, with the position.
    r.write(KG, &shipped(KG).replacen("kind = \"sector\"", "kind = \"sectr\"", 1));
    let ran = run_hook(check, &r, &staged);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(ran.stderr.contains("lists/kg/kg-2000-res-158.toml:"), "{ran:?}");
    // fmt rewrites a file that is not canonical (pre-commit then fails on the modified file).
    let messy = shipped(KG).replacen("[[entries]]", "[[entries]]\n", 1);
    r.write(KG, &messy);
    let ran = run_hook(fmt, &r, &staged);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(ran.stdout.contains("formatted lists/kg/kg-2000-res-158.toml"), "{ran:?}");
    assert_eq!(r.read(KG), shipped(KG));
    let ran = run_hook(fmt, &r, &staged);
    assert!(ran.code == 0 && ran.stdout.is_empty(), "already canonical: {ran:?}");
}

// ---- example workflows ----

#[test]
fn example_github_workflow_runs_every_check_after_the_install() {
    let w = yaml("examples/github-workflow.yml");
    let steps = w["jobs"]["lists"]["steps"].as_vec().unwrap();
    let after_install = steps.iter().skip_while(|s| s["id"].as_str() != Some("install")).skip(1);
    let mut n = 0;
    for s in after_install {
        let cond = s["if"].as_str().unwrap_or_else(|| panic!("step without `if`: {s:?}"));
        assert!(cond.contains("!cancelled()"), "{cond}");
        n += 1;
    }
    assert_eq!(n, 4, "fmt --check, check, ci, upload");
    assert!(steps.iter().any(|s| s["uses"].as_str() == Some("github/codeql-action/upload-sarif@v3")));
    let with_action = yaml("examples/github-action-workflow.yml");
    let uses: Vec<&str> =
        with_action["jobs"]["lists"]["steps"].as_vec().unwrap().iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.contains(&"OWNER/alljobs@v1"), "{uses:?}");
    assert_eq!(
        with_action["jobs"]["lists"]["steps"][0]["with"]["fetch-depth"].as_i64(),
        Some(0),
        "the base revision must be fetched"
    );
}

#[test]
fn example_gitlab_job_runs_every_check_and_writes_its_reports() {
    let job = yaml("examples/gitlab-ci.yml");
    let job = &job["alljobs"];
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"));
    assert_eq!(job["artifacts"]["reports"]["codequality"].as_str(), Some("gl-code-quality.json"));
    let script =
        job["script"].as_vec().unwrap().iter().filter_map(Yaml::as_str).find(|s| s.contains("alljobs ci")).unwrap();
    let new = general_ban(&shipped(KG)).replacen("[[entries]]", "[[entries]]\n", 1);
    let r = pull_request(&new);
    let base = r.git(&["rev-parse", "main"]).trim().to_string();
    let ran = bash(script, r.path(), &[("CI_MERGE_REQUEST_DIFF_BASE_SHA", base)], &path_with(None));
    assert_eq!(ran.code, 1, "{ran:?}");
    assert!(ran.stdout.contains("would reformat"), "{ran:?}");
    let v: Value = serde_json::from_str(&r.read("gl-code-quality.json")).unwrap();
    assert!(v.as_array().unwrap().iter().any(|i| i["check_name"] == "alljobs-policy/new-general"), "{v}");
    assert!(r.read("alljobs-summary.md").contains("FAILED: 1 policy violation"));
}
