//! The policy in force, and what the change under review does to it.
//!
//! A pull request must not be able to switch off the check that judges it.
//! So the policy in force is the **base revision's**: the policy file
//! (`alljobs.toml`, or the file of `--policy`) and the rule file it names (or
//! the file of `--rules`) are read with `git show BASE:path` when they are
//! inside the repository. A file outside the repository (a path the workflow
//! gives) is read from disk: nothing in the change can alter it.
//!
//! The working tree's versions are compared with the base's, setting by
//! setting and rule by rule; each difference is a [`PolicyChange`]. Under the
//! base policy ([`PolicyMode::Base`]) every change is a `policy-changed`
//! violation. When the base policy says `allow_policy_changes = true`, or the
//! workflow passes `--trust-head-policy`, the working tree's policy is in
//! force instead and the changes are only reported.

use super::git::{Base, Repo};
use super::policy::{POLICY_FILE, Policy, PolicySource};
use super::{CiError, CiOption, CiOptions};
use crate::diagnostic::{Diagnostic, Location};
use crate::load::{self, LoadError};
use crate::rules::{RuleSet, RulesError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Whose policy is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyMode {
    /// The base revision's (the default): the change under review cannot relax it.
    Base,
    /// The working tree's, because the base policy says `allow_policy_changes = true`.
    AllowedByBase,
    /// The working tree's, because the workflow passed `--trust-head-policy`.
    TrustedHead,
}

impl PolicyMode {
    /// How the library says it (options named by [`CiOption::neutral`]).
    pub fn describe(self) -> String {
        self.describe_with(CiOption::neutral)
    }

    /// How the summaries say it, each option named by `name` (a command line: its flag).
    pub fn describe_with(self, name: impl Fn(CiOption) -> String) -> String {
        match self {
            PolicyMode::Base => "the base revision's policy; a change to it in this pull request is a violation".into(),
            PolicyMode::AllowedByBase => {
                "the working tree's policy: the base policy allows policy changes (allow_policy_changes = true)".into()
            }
            PolicyMode::TrustedHead => {
                format!("the working tree's policy: the workflow passed {}", name(CiOption::TrustHeadPolicy))
            }
        }
    }
}

/// One difference between the base revision's policy and the working tree's.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PolicyChange {
    /// The setting (`fail.new_general`), or `rule CODE` for a rule of the rule file.
    pub what: String,
    /// Its value at the base.
    pub base: String,
    /// Its value in the working tree.
    pub head: String,
    /// Where, in the working tree's file.
    #[serde(flatten)]
    pub location: Location,
}

impl PolicyChange {
    /// "`fail.new_general`: true at the base, false in this change".
    pub fn describe(&self) -> String {
        format!("`{}`: {} at the base, {} in this change", self.what, self.base, self.head)
    }
}

/// The policy in force, its rules, and the changes the working tree makes to them.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The policy in force.
    pub policy: Policy,
    /// Where it came from.
    pub source: PolicySource,
    /// Whose policy it is.
    pub mode: PolicyMode,
    /// The rules in force.
    pub rules: RuleSet,
    /// Where they came from: `built-in`, or the rule file.
    pub rules_source: String,
    /// Every difference between the base's policy and rules and the working tree's.
    pub changes: Vec<PolicyChange>,
    /// Things the reader must know (edits that change no setting…).
    pub notes: Vec<String>,
}

/// One file of the policy, on both sides.
struct Sides {
    /// Repository-relative path, or the path of a file outside the repository.
    path: String,
    /// Name of the base version in messages (`abc123def456:alljobs.toml`).
    base_name: String,
    base: Option<Arc<str>>,
    head: Option<Arc<str>>,
}

/// Resolves the policy in force for a run of `alljobs ci` in `dir`.
pub fn resolve(repo: &Repo, dir: &Path, base: &Base, opts: &CiOptions) -> Result<Resolved, CiError> {
    let given = opts.policy.as_deref();
    let file = match given {
        Some(p) => sides(repo, dir, base, p, CiError::Policy)?,
        None => sides(repo, repo.root(), base, Path::new(POLICY_FILE), CiError::Policy)?,
    };
    if given.is_some() && file.base.is_none() && file.head.is_none() {
        let d = Diagnostic::error(
            "not-found",
            format!("{}: no such file (in the working tree or at {})", file.path, base.rev),
        )
        .in_file(&file.path);
        return Err(CiError::Policy(LoadError::single(&file.path, d)));
    }
    let base_policy = match &file.base {
        Some(t) => Policy::parse(&file.base_name, t).map_err(CiError::Policy)?,
        None => Policy::default(),
    };
    let head_policy = match &file.head {
        Some(t) => Policy::parse(&file.path, t),
        None => Ok(Policy::default()),
    };
    let mode = if opts.trust_head_policy {
        PolicyMode::TrustedHead
    } else if base_policy.allow_policy_changes {
        PolicyMode::AllowedByBase
    } else {
        PolicyMode::Base
    };
    let mut changes = Vec::new();
    let mut notes = Vec::new();
    let head_policy = match head_policy {
        Ok(p) => Some(p),
        Err(e) if mode == PolicyMode::Base => {
            changes.push(made_invalid("policy file", &e.diagnostics, &file.path));
            None
        }
        Err(e) => return Err(CiError::Policy(e)),
    };
    if let Some(head) = &head_policy {
        for (key, old, new) in base_policy.changes(head) {
            let location = key_location(&file.path, file.head.as_deref(), key);
            changes.push(PolicyChange { what: key.into(), base: old, head: new, location });
        }
        if changes.is_empty() && file.base != file.head {
            notes.push(format!("{} was edited, but no setting changed", file.path));
        }
    }
    // The rule files of both sides (the same file unless the policy names another).
    let rules_path = |p: &Policy| opts.rules.clone().or_else(|| p.rules.as_ref().map(|r| repo.root().join(r)));
    let base_rules_path = rules_path(&base_policy);
    let base_rules = rule_sides(repo, dir, base, base_rules_path.as_deref())?;
    let base_set = match &base_rules {
        Some(s) => match &s.base {
            Some(t) => rules_from(&s.base_name, t.clone()).map_err(rules_error)?,
            None => {
                let d = Diagnostic::error("not-found", format!("{}: no such file at {}", s.path, base.rev))
                    .in_file(&s.path)
                    .with_hint("the rule file the policy names is read at the base revision, as the policy is");
                return Err(CiError::Rules(LoadError::single(&s.path, d)));
            }
        },
        None => RuleSet::builtin(),
    };
    let head_rules = match &head_policy {
        Some(h) => rule_sides(repo, dir, base, rules_path(h).as_deref())?,
        None => None,
    };
    let head_set = match (&head_policy, &head_rules) {
        (None, _) => None,
        (Some(_), None) => Some(Ok(RuleSet::builtin())),
        (Some(_), Some(s)) => match &s.head {
            Some(t) => Some(rules_from(&s.path, t.clone())),
            None => {
                let d = Diagnostic::error("not-found", format!("{}: no such file", s.path)).in_file(&s.path);
                Some(Err(RulesError { path: s.path.clone(), diagnostics: vec![d] }))
            }
        },
    };
    let rules_file_of = |s: &Option<Sides>| s.as_ref().map(|s| s.path.clone()).unwrap_or_else(|| "built-in".into());
    let mut head_rules_ok = None;
    match head_set {
        None => {}
        Some(Err(e)) if mode == PolicyMode::Base => changes.push(made_invalid("rule file", &e.diagnostics, &e.path)),
        Some(Err(e)) => return Err(rules_error(e)),
        Some(Ok(head_set)) => {
            let before = changes.len();
            let head_text = head_rules.as_ref().and_then(|s| s.head.as_deref());
            let head_file = rules_file_of(&head_rules);
            for (code, old, new) in rule_changes(&base_set, &head_set) {
                let location = code_location(&head_file, head_text, &code);
                changes.push(PolicyChange { what: format!("rule {code}"), base: old, head: new, location });
            }
            let texts = |s: &Option<Sides>, base_side: bool| {
                s.as_ref().and_then(|s| if base_side { s.base.clone() } else { s.head.clone() })
            };
            if changes.len() == before && texts(&base_rules, true) != texts(&head_rules, false) {
                notes.push(format!("the rule file {head_file} was edited, but no rule changed"));
            }
            head_rules_ok = Some(head_set);
        }
    }
    let source = match &file.base {
        Some(_) => PolicySource::File(PathBuf::from(&file.base_name)),
        None => PolicySource::Defaults(PathBuf::from(&file.base_name)),
    };
    Ok(match (mode, head_policy, head_rules_ok) {
        (PolicyMode::Base, _, _) => Resolved {
            policy: base_policy,
            source,
            mode,
            rules: base_set,
            rules_source: base_rules.as_ref().map(|s| s.base_name.clone()).unwrap_or_else(|| "built-in".into()),
            changes,
            notes,
        },
        (_, Some(policy), Some(rules)) => Resolved {
            source: match &file.head {
                Some(_) => PolicySource::File(PathBuf::from(&file.path)),
                None => PolicySource::Defaults(PathBuf::from(&file.path)),
            },
            policy,
            mode,
            rules,
            rules_source: rules_file_of(&head_rules),
            changes,
            notes,
        },
        // Unreachable: an invalid working-tree policy or rule file is an error unless the mode is Base.
        _ => return Err(CiError::Policy(LoadError::single(&file.path, Diagnostic::error("io", "policy unavailable")))),
    })
}

/// The change "the working tree's `what` is invalid", at its first error.
fn made_invalid(what: &str, diagnostics: &[Diagnostic], path: &str) -> PolicyChange {
    let d = diagnostics.iter().find(|d| d.is_error());
    PolicyChange {
        what: what.into(),
        base: "valid".into(),
        head: format!("invalid ({})", d.map(|d| d.message.as_str()).unwrap_or("?")),
        location: d.and_then(|d| d.location.clone()).unwrap_or_else(|| Location::file_only(path)),
    }
}

fn rules_error(e: RulesError) -> CiError {
    CiError::Rules(e)
}

/// A CI rule file: used instead of the built-in rules, so a rule reusing a
/// built-in code must say `overrides = true` with a reason.
fn rules_from(name: &str, text: Arc<str>) -> Result<RuleSet, RulesError> {
    let set = RuleSet::parse(name, text)?;
    RuleSet::merged(vec![set], false, name)
}

fn rule_sides(repo: &Repo, dir: &Path, base: &Base, path: Option<&Path>) -> Result<Option<Sides>, CiError> {
    path.map(|p| sides(repo, dir, base, p, CiError::Rules)).transpose()
}

/// Reads a policy file on both sides: at the base and in the working tree
/// when it is inside the repository, from disk (the same on both sides) when not.
fn sides(repo: &Repo, dir: &Path, base: &Base, p: &Path, err: fn(LoadError) -> CiError) -> Result<Sides, CiError> {
    let abs = normalise_path(&if p.is_absolute() { p.to_path_buf() } else { dir.join(p) });
    let root = normalise_path(&repo.root().canonicalize().unwrap_or_else(|_| repo.root().to_path_buf()));
    let abs = match (abs.parent().and_then(|d| d.canonicalize().ok()), abs.file_name()) {
        (Some(d), Some(f)) => d.join(f),
        _ => abs,
    };
    let read = |path: &Path, name: &str| -> Result<Option<Arc<str>>, CiError> {
        if !path.is_file() {
            return Ok(None);
        }
        load::read_text(path, name).map(|(t, _)| Some(t)).map_err(|d| err(LoadError::single(name, d)))
    };
    match abs.strip_prefix(&root) {
        Ok(rel) => {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let short: String = base.commit.chars().take(12).collect();
            let base_name = format!("{short}:{rel}");
            let at_base = match repo.show(&base.commit, &rel)? {
                Some(bytes) => Some(
                    load::decode_utf8(&base_name, bytes)
                        .map(|(t, _)| t)
                        .map_err(|d| err(LoadError::single(&base_name, d)))?,
                ),
                None => None,
            };
            let head = read(&abs, &rel)?;
            Ok(Sides { path: rel, base_name, base: at_base, head })
        }
        Err(_) => {
            let name = p.display().to_string();
            let text = read(&abs, &name)?;
            Ok(Sides { path: name.clone(), base_name: name, base: text.clone(), head: text })
        }
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalise_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The rules that differ between two sets: `(code, base, head)`, with
/// "absent" for a rule on one side only and the severities when they differ.
fn rule_changes(base: &RuleSet, head: &RuleSet) -> Vec<(String, String, String)> {
    let key = |r: &crate::rules::Rule| {
        let mut v = crate::render::json::rule(r);
        if let Some(o) = v.as_object_mut() {
            o.remove("defined_in");
        }
        v
    };
    let describe = |r: &crate::rules::Rule| format!("{} ({})", r.severity, r.title);
    let mut all: BTreeMap<&str, (Option<&crate::rules::Rule>, Option<&crate::rules::Rule>)> = BTreeMap::new();
    for r in &base.rules {
        all.entry(&r.code).or_default().0 = Some(r);
    }
    for r in &head.rules {
        all.entry(&r.code).or_default().1 = Some(r);
    }
    let mut v = Vec::new();
    for (code, sides) in all {
        match sides {
            (Some(a), Some(b)) if key(a) == key(b) => {}
            (Some(a), Some(b)) if a.severity != b.severity => {
                v.push((code.to_string(), a.severity.to_string(), b.severity.to_string()))
            }
            (Some(_), Some(_)) => v.push((code.into(), "one text".into(), "another (what, trigger or message)".into())),
            (Some(a), None) => v.push((code.into(), describe(a), "absent".into())),
            (None, Some(b)) => v.push((code.into(), "absent".into(), describe(b))),
            (None, None) => {}
        }
    }
    v
}

/// The line of `key` (`fail.new_general` → a line `new_general = …`) in a policy file.
fn key_location(file: &str, text: Option<&str>, key: &str) -> Location {
    let name = key.rsplit('.').next().unwrap_or(key);
    line_where(file, text, |l| l.split('=').next().is_some_and(|k| k.trim() == name))
}

/// The line of a rule's `code = "CODE"` in a rule file.
fn code_location(file: &str, text: Option<&str>, code: &str) -> Location {
    let quoted = format!("\"{code}\"");
    line_where(file, text, |l| l.trim_start().starts_with("code") && l.contains(&quoted))
}

fn line_where(file: &str, text: Option<&str>, found: impl Fn(&str) -> bool) -> Location {
    let Some(text) = text else { return Location::file_only(file) };
    match text.split('\n').position(found) {
        Some(i) => {
            let line = text.split('\n').nth(i).unwrap_or("");
            let start = text.split('\n').take(i).map(|l| l.len() + 1).sum::<usize>();
            let indent = line.len() - line.trim_start().len();
            Location::from_span(file, text, start + indent..start + line.trim_end().len())
        }
        None => Location::file_only(file),
    }
}
