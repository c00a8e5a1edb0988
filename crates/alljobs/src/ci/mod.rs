//! `alljobs ci`: what a change to the lists of a git repository does, and
//! whether the repository's policy lets it through.
//!
//! For each list file changed between a base revision and the working tree
//! ([`git`]): load and check the new version (and consolidate an overlay),
//! read the old version with `git show BASE:path`, diff the two, classify and
//! flag the new version, and hold the outcome against the [`policy`]. The
//! result is a [`CiReport`]; [`summary`] renders it as text or Markdown, and
//! each [`Violation`] carries the file, line and column of the exact TOML
//! line, for workflow annotations and SARIF.
//!
//! ```no_run
//! let report = alljobs::ci::run(std::path::Path::new("."), &alljobs::ci::CiOptions::default()).unwrap();
//! print!("{}", alljobs::ci::summary::text(&report));
//! std::process::exit(if report.passed() { 0 } else { 1 });
//! ```

pub mod git;
pub mod guard;
pub mod policy;
pub mod summary;

pub use git::{Base, FileChange, FileStatus, GitError, Repo};
pub use guard::{PolicyChange, PolicyMode};
pub use policy::{FailPolicy, Policy, PolicySource, Threshold};

use crate::classify::Classification;
use crate::comparison::Analysis;
use crate::diff::{Change, ChangeOp, Diff, DiffOptions, diff_lists};
use crate::matching::MatchedBy;
use crate::model::{ScopeClass, pick_text};
use crate::rules::{Finding, FlagOptions, FlagReport, RuleSet};
use std::collections::{HashMap, HashSet};

use crate::catalog::{Catalog, list_files};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::list::List;
use crate::load::{self, LoadError, Loaded};
use serde::Serialize;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// What `alljobs ci` was asked.
#[derive(Debug, Clone, Default)]
pub struct CiOptions {
    /// `--base REV`; `None` picks the default base ([`Repo::default_base`]).
    pub base: Option<String>,
    /// `--policy FILE`; `None` reads `alljobs.toml` at the repository root, if any.
    /// Inside the repository it is read at the base revision (see [`guard`]).
    pub policy: Option<PathBuf>,
    /// `--rules FILE`: the rule file, instead of the policy's `[flag] rules`
    /// (read at the base revision when inside the repository).
    pub rules: Option<PathBuf>,
    /// `--trust-head-policy`: the working tree's policy is in force, and a
    /// change to it is reported, not a violation.
    pub trust_head_policy: bool,
    /// The value of `GITHUB_BASE_REF` (the target branch of a GitHub pull request).
    pub github_base_ref: Option<String>,
    /// How the caller names its options in the report's texts (a command line:
    /// its flags, `--base`); `None`: [`CiOption::neutral`].
    pub option_name: Option<fn(CiOption) -> &'static str>,
    /// How the caller words a diagnostic's typed suggestion (the `invalid-utf8`
    /// hint of a list that is not UTF-8) in the report; `None`: the library's
    /// wording ([`Suggestion::neutral`](crate::diagnostic::Suggestion::neutral)).
    pub suggestion_text: Option<fn(&crate::diagnostic::Suggestion) -> String>,
}

impl CiOptions {
    /// The name of `o` in the texts of the report: the caller's, or [`CiOption::neutral`].
    pub fn option_name(&self, o: CiOption) -> String {
        name_option(self.option_name, o)
    }
}

fn name_option(by: Option<fn(CiOption) -> &'static str>, o: CiOption) -> String {
    match by {
        Some(f) => f(o).to_string(),
        None => o.neutral(),
    }
}

/// An option of [`CiOptions`] that the summaries name (how the base was
/// chosen, whose policy is in force): the library's texts name it as
/// [`CiOption::neutral`], a caller its own way ([`CiOptions::option_name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CiOption {
    /// [`CiOptions::base`].
    Base,
    /// [`CiOptions::trust_head_policy`].
    TrustHeadPolicy,
}

impl CiOption {
    /// The setting's name in [`CiOptions`].
    pub fn field(self) -> &'static str {
        match self {
            CiOption::Base => "base",
            CiOption::TrustHeadPolicy => "trust_head_policy",
        }
    }
    /// "option `base`".
    pub fn neutral(self) -> String {
        format!("option `{}`", self.field())
    }
}

/// Why the CI run could not be done (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CiError {
    /// A git problem: not a repository, a bad revision, git missing…
    #[error(transparent)]
    Git(#[from] GitError),
    /// The policy file could not be read or is invalid (with positions).
    #[error("{0}")]
    Policy(LoadError),
    /// The rule file named by the policy could not be read or is invalid.
    #[error("{0}")]
    Rules(LoadError),
    /// A file of the working tree could not be read.
    #[error("{0}")]
    Unreadable(LoadError),
    /// No list file at all, in the working tree or at the base: the job runs in
    /// the wrong directory, or the policy names the wrong list directories.
    #[error(
        "no list files found: looked for *.toml under {looked} in the working tree {root} and at {rev}; run alljobs ci in the repository that keeps the lists, or set `[ci] lists` in alljobs.toml"
    )]
    NoLists {
        /// The list directories, as the policy names them.
        looked: String,
        /// The top of the working tree.
        root: String,
        /// The base revision.
        rev: String,
    },
}

/// The policy rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyRule {
    /// A changed list that does not load.
    SchemaError,
    /// A new general restriction (all women).
    NewGeneral,
    /// A widened scope.
    Widened,
    /// A flag finding at or above the policy's threshold.
    Finding,
    /// Fewer entries, or fewer with official text, than at the base.
    CompletenessDrop,
    /// The change edits the policy in force (the policy file or its rule file).
    PolicyChanged,
}

impl PolicyRule {
    /// Stable id: `schema-error`, `new-general`, `widened`, `finding`, `completeness-drop`, `policy-changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRule::SchemaError => "schema-error",
            PolicyRule::NewGeneral => "new-general",
            PolicyRule::Widened => "widened",
            PolicyRule::Finding => "finding",
            PolicyRule::CompletenessDrop => "completeness-drop",
            PolicyRule::PolicyChanged => "policy-changed",
        }
    }
    /// A short title for annotations: "New general restriction".
    pub fn title(self) -> &'static str {
        match self {
            PolicyRule::SchemaError => "Invalid list file",
            PolicyRule::NewGeneral => "New general restriction",
            PolicyRule::Widened => "Widened scope",
            PolicyRule::Finding => "Finding at or above the policy threshold",
            PolicyRule::CompletenessDrop => "Completeness dropped",
            PolicyRule::PolicyChanged => "CI policy changed by this change",
        }
    }
    /// The `alljobs.toml` key that controls the rule.
    pub fn policy_key(self) -> &'static str {
        match self {
            PolicyRule::SchemaError => "fail.schema_errors",
            PolicyRule::NewGeneral => "fail.new_general",
            PolicyRule::Widened => "fail.widened",
            PolicyRule::Finding => "fail.findings_at_or_above",
            PolicyRule::CompletenessDrop => "fail.completeness_drop",
            PolicyRule::PolicyChanged => "ci.allow_policy_changes",
        }
    }
}

/// One reason the build fails, at the exact line of the list file.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Violation {
    /// The policy rule broken.
    pub rule: PolicyRule,
    /// The file and line (repository-relative path).
    #[serde(flatten)]
    pub location: Location,
    /// The entry concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// One side (old or new) of a changed list file.
#[derive(Debug, Clone)]
pub enum Side {
    /// The file does not exist on this side (added or deleted).
    Absent,
    /// The file exists but is not a valid list; the errors found.
    Invalid(Vec<Diagnostic>),
    /// The consolidated list, and the file it was loaded from.
    Valid(Box<(List, Loaded)>),
}

impl Side {
    /// The list, when valid.
    pub fn list(&self) -> Option<&List> {
        match self {
            Side::Valid(b) => Some(&b.0),
            _ => None,
        }
    }
    /// The loaded file, when valid.
    pub fn loaded(&self) -> Option<&Loaded> {
        match self {
            Side::Valid(b) => Some(&b.1),
            _ => None,
        }
    }
    /// `absent`, `invalid`, `valid`.
    pub fn state(&self) -> &'static str {
        match self {
            Side::Absent => "absent",
            Side::Invalid(_) => "invalid",
            Side::Valid(_) => "valid",
        }
    }
}

/// What happened to one changed list file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The change as git sees it.
    pub change: FileChange,
    /// The version at the base.
    pub old: Side,
    /// The version in the working tree.
    pub new: Side,
    /// Warnings about the new version (they do not fail the build).
    pub warnings: Vec<Diagnostic>,
    /// Things the reader must know ("the base version is not a valid list…").
    pub notes: Vec<String>,
    /// The diff of the two versions (an absent side is an empty list); `None`
    /// when a side is invalid.
    pub diff: Option<Diff>,
    /// Classification of the base version, when valid.
    pub old_classes: Option<Classification>,
    /// Classification of the new version, when valid.
    pub new_classes: Option<Classification>,
    /// The findings of the rules on the new version, when valid.
    pub flags: Option<FlagReport>,
    /// For each finding of `flags`: whether it counts for the policy (not
    /// waived, and new in this change unless `new_findings_only = false`).
    pub counted: Vec<bool>,
}

impl FileReport {
    /// The findings that count for the policy.
    pub fn counted_findings(&self) -> impl Iterator<Item = &Finding> {
        self.flags.iter().flat_map(|f| f.findings.iter()).zip(self.counted.iter()).filter(|(_, c)| **c).map(|(f, _)| f)
    }
}

/// The outcome of a CI run.
#[derive(Debug, Clone)]
pub struct CiReport {
    /// The top of the working tree.
    pub root: PathBuf,
    /// The revision compared with.
    pub base: Base,
    /// The policy in force.
    pub policy: Policy,
    /// Where it came from.
    pub policy_source: PolicySource,
    /// Whose policy is in force (the base revision's unless allowed or trusted).
    pub policy_mode: PolicyMode,
    /// What the change does to the policy and its rules (violations under [`PolicyMode::Base`]).
    pub policy_changes: Vec<PolicyChange>,
    /// Notes about the policy (edits that change no setting…).
    pub policy_notes: Vec<String>,
    /// The rules `flag` ran with.
    pub rules: RuleSet,
    /// Where they came from: `built-in`, or the rule file (at the base, as `abc123:path`).
    pub rules_source: String,
    /// The changed list files, sorted by path.
    pub files: Vec<FileReport>,
    /// Every policy violation, by file and line.
    pub violations: Vec<Violation>,
    /// How the options are named in the summaries ([`CiOptions::option_name`]).
    pub option_name: Option<fn(CiOption) -> &'static str>,
}

impl CiReport {
    /// True when no policy rule is broken.
    pub fn passed(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whose policy is in force, in words, the options named as the caller names them.
    pub fn policy_mode_text(&self) -> String {
        self.policy_mode.describe_with(|o| name_option(self.option_name, o))
    }
}

/// Runs the CI check for the repository that contains `dir`.
pub fn run(dir: &Path, opts: &CiOptions) -> Result<CiReport, CiError> {
    let repo = Repo::discover(dir)?;
    let base = match &opts.base {
        Some(rev) => repo.given_base(rev, &opts.option_name(CiOption::Base))?,
        None => repo.default_base(opts.github_base_ref.as_deref())?,
    };
    let resolved = guard::resolve(&repo, dir, &base, opts)?;
    let policy = resolved.policy;
    let rules = resolved.rules;
    let mut flag_opts = FlagOptions::default();
    if let Some(y) = policy.review_period_years {
        flag_opts.review_period_years = y;
    }
    let changes = repo.changed_files(&base, &policy.lists)?;
    if changes.is_empty()
        && policy.lists.iter().all(|d| list_files(&repo.root().join(d)).is_empty())
        && repo.list_files_at(&base.commit, &policy.lists)?.is_empty()
    {
        return Err(CiError::NoLists {
            looked: policy.lists.iter().map(|d| format!("{d}/")).collect::<Vec<_>>().join(", "),
            root: repo.root().display().to_string(),
            rev: base.rev.clone(),
        });
    }
    let ctx = Context {
        repo: &repo,
        base: &base,
        policy: &policy,
        rules: &rules,
        flag_opts,
        suggestion_text: opts.suggestion_text,
        new_catalog: OnceCell::new(),
        old_catalog: OnceCell::new(),
    };
    let mut files = Vec::new();
    let mut violations = Vec::new();
    if resolved.mode == PolicyMode::Base {
        for c in &resolved.changes {
            violations.push(Violation {
                rule: PolicyRule::PolicyChanged,
                location: c.location.clone(),
                entry_id: None,
                message: format!(
                    "this change edits the CI policy that judges it: {}; the base revision's policy is in force (change the policy in a change of its own, reviewed and merged first)",
                    c.describe()
                ),
            });
        }
    }
    for change in changes {
        let report = ctx.file(change)?;
        violations.extend(ctx.violations(&report));
        files.push(report);
    }
    // Overlays follow their base: an overlay whose base (or its base's base…)
    // changed is consolidated again and judged like a changed file.
    for change in ctx.overlays_following(&files) {
        let report = ctx.file(change)?;
        violations.extend(ctx.violations(&report));
        files.push(report);
    }
    violations.sort_by(|a, b| {
        (&a.location.file, a.location.line, a.location.column, a.rule).cmp(&(
            &b.location.file,
            b.location.line,
            b.location.column,
            b.rule,
        ))
    });
    Ok(CiReport {
        root: repo.root().to_path_buf(),
        base,
        policy,
        policy_source: resolved.source,
        policy_mode: resolved.mode,
        policy_changes: resolved.changes,
        policy_notes: resolved.notes,
        rules,
        rules_source: resolved.rules_source,
        files,
        violations,
        option_name: opts.option_name,
    })
}

/// What the run of one repository shares between files.
struct Context<'a> {
    repo: &'a Repo,
    base: &'a Base,
    policy: &'a Policy,
    rules: &'a RuleSet,
    flag_opts: FlagOptions,
    /// [`CiOptions::suggestion_text`].
    suggestion_text: Option<fn(&crate::diagnostic::Suggestion) -> String>,
    /// The lists of the working tree, then the shipped lists (bases of overlays).
    new_catalog: OnceCell<Catalog>,
    /// The lists at the base revision, then the shipped lists.
    old_catalog: OnceCell<Result<Catalog, String>>,
}

impl Context<'_> {
    /// The overlays of the working tree, not changed themselves, whose base
    /// chain contains a list of `files` (by id, on either side).
    fn overlays_following(&self, files: &[FileReport]) -> Vec<FileChange> {
        let mut ids: HashSet<String> = HashSet::new();
        for f in files {
            for l in [f.old.loaded(), f.new.loaded()].into_iter().flatten() {
                ids.insert(l.file.list.id.clone());
            }
        }
        let changed: HashSet<&str> = files.iter().map(|f| f.change.path.as_str()).collect();
        let overlays: Vec<&Loaded> = self
            .new_catalog()
            .files()
            .iter()
            .filter(|l| l.file.list.base.is_some() && !l.path.starts_with('<') && !changed.contains(l.path.as_str()))
            .collect();
        let mut out: Vec<FileChange> = Vec::new();
        loop {
            let before = out.len();
            for o in &overlays {
                let base = o.file.list.base.as_deref().unwrap_or("");
                if ids.contains(base) && !out.iter().any(|c| c.path == o.path) {
                    ids.insert(o.file.list.id.clone());
                    out.push(FileChange { status: FileStatus::BaseChanged, path: o.path.clone(), old_path: None });
                }
            }
            if out.len() == before {
                break;
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn file(&self, change: FileChange) -> Result<FileReport, CiError> {
        let mut notes = Vec::new();
        if change.status == FileStatus::BaseChanged {
            notes.push(format!(
                "the file did not change, but the list it amends did: it is consolidated again with the new version of its base and compared with its consolidation at {}",
                self.base.rev
            ));
        }
        let mut warnings = Vec::new();
        let new = if change.status == FileStatus::Deleted {
            notes.push("the file was deleted; removing a list is not a new restriction".into());
            Side::Absent
        } else {
            self.new_side(&change.path, &mut warnings)?
        };
        let old = match change.base_path() {
            None => {
                notes.push("new file: compared with an empty list".into());
                Side::Absent
            }
            Some(p) => self.old_side(p)?,
        };
        match &old {
            Side::Invalid(ds) => notes.push(format!(
                "the version at {} is not a valid list ({} error(s), first: {}); the old side is unavailable, so the changes cannot be listed; the new version is still checked",
                self.base.rev,
                ds.iter().filter(|d| d.is_error()).count(),
                ds.iter().find(|d| d.is_error()).map(|d| d.message.as_str()).unwrap_or("?"),
            )),
            Side::Absent if change.status != FileStatus::Added => {
                notes.push(format!("the file is not found at {}; compared with an empty list", self.base.rev))
            }
            _ => {}
        }
        if let Some(old_path) = &change.old_path {
            notes.push(format!("renamed from {old_path}; compared with that file at {}", self.base.rev));
        }
        let mut f = FileReport {
            change,
            old,
            new,
            warnings,
            notes,
            diff: None,
            old_classes: None,
            new_classes: None,
            flags: None,
            counted: Vec::new(),
        };
        self.analyse(&mut f);
        Ok(f)
    }

    /// Diff, classify and flag what is valid.
    fn analyse(&self, f: &mut FileReport) {
        let opts = DiffOptions::default();
        f.diff = match (&f.old, &f.new) {
            (Side::Valid(o), Side::Valid(n)) => Some(diff_lists(&o.0, &n.0, &opts)),
            (Side::Absent, Side::Valid(n)) => Some(diff_lists(&empty_version(&n.0), &n.0, &opts)),
            (Side::Valid(o), Side::Absent) => Some(diff_lists(&o.0, &empty_version(&o.0), &opts)),
            _ => None,
        };
        if let (Some(o), Some(n)) = (f.old.list(), f.new.list())
            && let Some(note) = crate::diff::coverage_note(o, n)
        {
            f.notes.push(note);
        }
        if let (Some(d), Side::Valid(_), Side::Valid(_)) = (&f.diff, &f.old, &f.new) {
            f.notes.extend(d.framing.iter().map(crate::framing::Framing::text));
        }
        // Each side classified once, and flagged with that classification.
        let old_analysis = f.old.list().map(|o| Analysis::of(o, self.rules, &self.flag_opts));
        let new_analysis = f.new.list().map(|n| Analysis::of(n, self.rules, &self.flag_opts));
        let (old_classes, old_flags) = old_analysis.map(|a| (a.classes, a.findings)).unzip();
        let (new_classes, new_flags) = new_analysis.map(|a| (a.classes, a.findings)).unzip();
        f.old_classes = old_classes;
        f.new_classes = new_classes;
        let (Some(new), Some(report)) = (f.new.list(), new_flags) else { return };
        if let Some(d) = &f.diff {
            for c in d.changes.iter().filter(|c| c.matched_by == Some(MatchedBy::Replaces)) {
                if !shares_little(c) || replaces_unexplained(c, new) {
                    continue;
                }
                let reasons: Vec<&str> =
                    c.new_index.iter().filter_map(|&i| new.entries().get(i)?.replaces_reason.as_deref()).collect();
                f.notes.push(format!(
                    "{} replaces {} although their texts share almost nothing (similarity {:.2}); it counts as a rewording because of its `replaces_reason`: «{}» — a reviewer's claim: check it",
                    quoted(&c.new_entries),
                    quoted(&c.old_entries),
                    c.similarity,
                    reasons.join("; ")
                ));
            }
            for c in d.changes.iter().filter(|c| replaces_unexplained(c, new)) {
                f.notes.push(format!(
                    "{} replaces {}, but their texts share almost nothing (similarity {:.2}): the policy counts it as a new restriction and a removal, not a rewording (a reviewer who knows it is a true succession says why in `replaces_reason`)",
                    quoted(&c.new_entries),
                    quoted(&c.old_entries),
                    c.similarity
                ));
            }
        }
        // Findings of the base version, by rule and (old) entry id.
        let old_keys: Option<HashSet<(String, Option<String>)>> =
            old_flags.map(|o| o.findings.into_iter().filter(|x| !x.waived).map(|x| (x.rule, x.entry_id)).collect());
        // New entry id -> the old ids it was matched with.
        let mut matched: HashMap<&str, Vec<&str>> = HashMap::new();
        if let Some(d) = &f.diff {
            for c in d.changes.iter().filter(|c| !replaces_unexplained(c, new)) {
                for n in &c.new_ids {
                    matched.entry(n.as_str()).or_default().extend(c.old_ids.iter().map(String::as_str));
                }
            }
        }
        // A waiver keeps a finding out of the policy's count: one that is new in
        // this change is a reviewer's claim, and the summary says so.
        let old_waivers: HashSet<(&str, &str)> = f
            .old
            .list()
            .map(|o| {
                o.entries().iter().flat_map(|e| e.waivers.iter().map(|w| (e.id.as_str(), w.rule.as_str()))).collect()
            })
            .unwrap_or_default();
        let mut waiver_notes = Vec::new();
        for x in report.findings.iter().filter(|x| x.waived) {
            let (Some(id), Some(w)) = (&x.entry_id, &x.waiver) else { continue };
            let had = matched
                .get(id.as_str())
                .is_some_and(|olds| olds.iter().any(|o| old_waivers.contains(&(*o, x.rule.as_str()))));
            if !had {
                waiver_notes.push(format!(
                    "entry `{id}`: the waiver of {} is new in this change (by {}: {}); it keeps a {} finding out of the policy's count — a reviewer's claim: check it",
                    x.rule, w.by, w.reason, x.severity
                ));
            }
        }
        let only_new = self.policy.fail.new_findings_only;
        f.counted = report
            .findings
            .iter()
            .map(|x| {
                if x.waived {
                    return false;
                }
                let Some(old_keys) = old_keys.as_ref().filter(|_| only_new) else { return true };
                let was = match &x.entry_id {
                    None => old_keys.contains(&(x.rule.clone(), None)),
                    Some(id) => matched.get(id.as_str()).is_some_and(|olds| {
                        olds.iter().any(|o| old_keys.contains(&(x.rule.clone(), Some(o.to_string()))))
                    }),
                };
                !was
            })
            .collect();
        f.flags = Some(report);
        f.notes.extend(waiver_notes);
    }

    /// A version that does not load, its hints worded as the caller words them.
    fn invalid(&self, ds: Vec<Diagnostic>) -> Side {
        Side::Invalid(match self.suggestion_text {
            Some(word) => ds.into_iter().map(|d| d.worded(word)).collect(),
            None => ds,
        })
    }

    /// Loads the working-tree version of `rel`; `Err` only when it cannot be read.
    fn new_side(&self, rel: &str, warnings: &mut Vec<Diagnostic>) -> Result<Side, CiError> {
        let abs = self.repo.root().join(rel);
        let (text, mut pre) = match load::read_text(&abs, rel) {
            Ok(t) => t,
            // Content problems are the list's errors; I/O problems are ours.
            Err(d) if matches!(d.code, "invalid-utf8" | "too-large") => return Ok(self.invalid(vec![d])),
            Err(d) => return Err(CiError::Unreadable(LoadError::single(rel, d))),
        };
        let loaded = match load::load_str(rel, text) {
            Ok(l) => l,
            Err(e) => {
                pre.extend(e.diagnostics);
                return Ok(self.invalid(pre));
            }
        };
        // The search path of the working tree: the repository's list
        // directories, then the built-in lists (a base found only there is announced).
        let opened = self.new_catalog().open_loaded(loaded.clone());
        if let Ok((_, ds)) = &opened {
            pre.extend(ds.iter().filter(|d| d.severity == Severity::Warning).cloned());
        }
        *warnings = pre;
        Ok(match opened {
            Ok((list, _)) => Side::Valid(Box::new((list, loaded))),
            Err(e) => self.invalid(e.diagnostics),
        })
    }

    /// Loads the base version of `rel` (`git show BASE:rel`).
    fn old_side(&self, rel: &str) -> Result<Side, CiError> {
        let Some(bytes) = self.repo.show(&self.base.commit, rel)? else {
            return Ok(Side::Absent);
        };
        let name = self.old_name(rel);
        let text = match load::decode_utf8(&name, bytes) {
            Ok((t, _)) => t,
            Err(d) => return Ok(self.invalid(vec![d])),
        };
        let loaded = match load::load_str(&name, text) {
            Ok(l) => l,
            Err(e) => return Ok(self.invalid(e.diagnostics)),
        };
        // The search path at the base revision: its list directories, then the built-in lists.
        let list = if loaded.file.list.base.is_some() {
            match self.old_catalog() {
                Ok(c) => c.consolidate(&loaded),
                Err(msg) => Err(LoadError::single(&name, Diagnostic::error("git", msg.clone()))),
            }
        } else {
            Catalog::new().consolidate(&loaded)
        };
        Ok(match list {
            Ok(list) => Side::Valid(Box::new((list, loaded))),
            Err(e) => self.invalid(e.diagnostics),
        })
    }

    /// `abc123def456:lists/x.toml`: how positions in a base version are named.
    fn old_name(&self, rel: &str) -> String {
        let short: String = self.base.commit.chars().take(12).collect();
        format!("{short}:{rel}")
    }

    fn new_catalog(&self) -> &Catalog {
        self.new_catalog.get_or_init(|| {
            let mut c = Catalog::new();
            for dir in &self.policy.lists {
                for p in list_files(&self.repo.root().join(dir)) {
                    let rel = p.strip_prefix(self.repo.root()).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                    if let Ok((text, _)) = load::read_text(&p, &rel)
                        && let Ok(l) = load::load_str(&rel, text)
                    {
                        c.add(l);
                    }
                }
            }
            c.with_builtin()
        })
    }

    fn old_catalog(&self) -> &Result<Catalog, String> {
        self.old_catalog.get_or_init(|| {
            let mut c = Catalog::new();
            let files = self.repo.list_files_at(&self.base.commit, &self.policy.lists).map_err(|e| e.to_string())?;
            for rel in files {
                if let Ok(Some(bytes)) = self.repo.show(&self.base.commit, &rel) {
                    let name = self.old_name(&rel);
                    if let Ok((text, _)) = load::decode_utf8(&name, bytes)
                        && let Ok(l) = load::load_str(&name, text)
                    {
                        c.add(l);
                    }
                }
            }
            Ok(c.with_builtin())
        })
    }

    /// The policy's verdict on one file.
    fn violations(&self, f: &FileReport) -> Vec<Violation> {
        let mut v = Vec::new();
        if let Side::Invalid(ds) = &f.new {
            for d in ds.iter().filter(|d| d.is_error()) {
                let mut message = d.message.clone();
                if let Some(h) = &d.hint {
                    message.push_str(&format!(" (hint: {h})"));
                }
                v.push(Violation {
                    rule: PolicyRule::SchemaError,
                    location: d.location.clone().unwrap_or_else(|| Location::file_only(&f.change.path)),
                    entry_id: None,
                    message,
                });
            }
        }
        let fail = &self.policy.fail;
        if let (Some(d), Some(new)) = (&f.diff, f.new.list()) {
            let new_class = |i: usize| -> ScopeClass {
                f.new_classes
                    .as_ref()
                    .and_then(|c| c.entries.get(i))
                    .filter(|c| new.entries().get(i).is_some_and(|e| e.id == c.id))
                    .map(|c| c.class)
                    .unwrap_or_else(|| new.scope_of(&new.entries()[i]).class())
            };
            let old_list = f.old.list();
            let old_class = |j: usize| -> Option<ScopeClass> {
                let o = old_list?;
                f.old_classes
                    .as_ref()
                    .and_then(|c| c.entries.get(j))
                    .filter(|c| o.entries().get(j).is_some_and(|e| e.id == c.id))
                    .map(|c| c.class)
                    .or_else(|| o.entries().get(j).map(|e| o.scope_of(e).class()))
            };
            for c in &d.changes {
                if matches!(c.op, ChangeOp::Removed | ChangeOp::Unchanged) {
                    continue;
                }
                // A `replaces` pair whose texts share almost nothing is an addition (and a removal).
                let as_added = replaces_unexplained(c, new);
                let all_old_general = !as_added
                    && !c.old_index.is_empty()
                    && c.old_index.iter().all(|&j| old_class(j) == Some(ScopeClass::General));
                let old_scope = c.scope.old.as_ref().map(|s| s.to_string()).unwrap_or_else(|| {
                    let v: Vec<String> = c.old_entries.iter().map(|r| r.scope.to_string()).collect();
                    v.join(" / ")
                });
                for &i in &c.new_index {
                    let Some(e) = new.entries().get(i) else { continue };
                    let title = short_title(&e.title);
                    let becomes_general = new_class(i) == ScopeClass::General && !all_old_general;
                    if fail.new_general && becomes_general {
                        let message = if c.op == ChangeOp::Added {
                            format!(
                                "entry `{}` «{title}» is added and restricts all women: a new general restriction",
                                e.id
                            )
                        } else if as_added {
                            format!(
                                "entry `{}` «{title}» restricts all women and is new: it `replaces` {}, but their texts share almost nothing (similarity {:.2}), so the policy counts a new general restriction and a removal (a reviewer who knows it is a true succession says why in `replaces_reason`)",
                                e.id,
                                quoted(&c.old_entries),
                                c.similarity
                            )
                        } else {
                            format!(
                                "entry `{}` «{title}» now restricts all women (was {old_scope}): a new general restriction",
                                e.id
                            )
                        };
                        let loc = entry_location(&f.new, i, c.op != ChangeOp::Added && !as_added);
                        v.push(Violation {
                            rule: PolicyRule::NewGeneral,
                            location: loc,
                            entry_id: Some(e.id.clone()),
                            message,
                        });
                    } else if fail.widened && c.widened() && !as_added {
                        let message = format!(
                            "the scope of entry `{}` «{title}» widened: {old_scope} → {}",
                            e.id,
                            new.scope_of(e)
                        );
                        let loc = entry_location(&f.new, i, true);
                        v.push(Violation {
                            rule: PolicyRule::Widened,
                            location: loc,
                            entry_id: Some(e.id.clone()),
                            message,
                        });
                    }
                }
            }
        }
        if fail.completeness_drop
            && let (Some(o), Some(n)) = (f.old.list(), f.new.list())
        {
            let (oc, nc) = (o.completeness(), n.completeness());
            if nc.present < oc.present || nc.official_text < oc.official_text {
                let loc =
                    f.new.loaded().map(|l| l.locate("/list/id")).unwrap_or_else(|| Location::file_only(&f.change.path));
                v.push(Violation {
                    rule: PolicyRule::CompletenessDrop,
                    location: loc,
                    entry_id: None,
                    message: format!("completeness dropped: {nc} (at the base: {oc})"),
                });
            }
        }
        if let Some(threshold) = fail.findings_at_or_above.severity() {
            for x in f.counted_findings().filter(|x| x.severity >= threshold) {
                v.push(Violation {
                    rule: PolicyRule::Finding,
                    location: repo_location(&x.location, &f.change.path),
                    entry_id: x.entry_id.clone(),
                    message: format!(
                        "{} ({}, at or above {}): {}",
                        x.rule, x.severity, fail.findings_at_or_above, x.message
                    ),
                });
            }
        }
        if f.change.status == FileStatus::BaseChanged {
            // The same entry may break the policy in the base list too: say which file judges it.
            for x in &mut v {
                x.message = format!("through the overlay {} (its base changed): {}", f.change.path, x.message);
            }
        }
        v
    }
}

/// The version of `list` with no entries: what an added file is compared with
/// (and a deleted file compared to).
pub fn empty_version(list: &List) -> List {
    list.without_entries("/dev/null")
}

/// The bar below which a pair's texts "share almost nothing": the diff's own
/// ([`crate::matching::LOW_SIMILARITY`], with the trigram share of
/// [`crate::matching::shares_almost_nothing`]), so that the policy and the
/// diff's warning and low confidence say the same. Kept as a name for callers.
/// Measured on Res. 158 (`replaces_tests` below): texts with no word in common
/// score 0 («кессонщик» → «водитель городского автобуса»); «сварщик» →
/// «электросварщик» 0.2 but shares most of its trigrams; «кессонщик» → «работы
/// кессонщика» 0.76; «машинист автогрейдера» → «машинист экскаватора» 0.42.
pub const REPLACES_MIN_SIMILARITY: f64 = crate::matching::LOW_SIMILARITY;

/// True when the texts of `c` share almost nothing, as the diff's matcher decides it.
fn shares_little(c: &Change) -> bool {
    crate::matching::shares_almost_nothing(c.similarity, c.scores.map(|s| s.shared_trigrams))
}

/// True when `c` pairs entries only because the newer one names the older in
/// `replaces`, their texts share (almost) nothing (`shares_little`), and no
/// reviewer explained the succession in `replaces_reason` (on every new entry
/// of the change).
pub fn replaces_unexplained(c: &Change, new: &List) -> bool {
    c.matched_by == Some(MatchedBy::Replaces)
        && shares_little(c)
        && c.new_index.iter().any(|&i| {
            new.entries().get(i).is_some_and(|e| e.replaces_reason.as_deref().is_none_or(|r| r.trim().is_empty()))
        })
}

/// "`k40-01` «кессонщик»" (several joined with " + ").
fn quoted(refs: &[crate::diff::EntryRef]) -> String {
    let v: Vec<String> = refs
        .iter()
        .map(|r| format!("`{}` «{}»", r.id, short_title(&[("ru".to_string(), r.text.clone())].into_iter().collect())))
        .collect();
    v.join(" + ")
}

/// A title shortened for messages.
fn short_title(t: &crate::model::Text) -> String {
    let s = pick_text(t, crate::model::language_order("ru")).unwrap_or("");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= 60 { s } else { format!("{}…", s.chars().take(59).collect::<String>()) }
}

/// The location of entry `i` of a side: its `scope` line when asked and the
/// entry sets a scope in this file, else its `id` line (the operation, for an
/// overlay's entries).
fn entry_location(side: &Side, i: usize, prefer_scope: bool) -> Location {
    let (Some(list), Some(loaded)) = (side.list(), side.loaded()) else {
        return Location::file_only("?");
    };
    let own = loaded.file.list.base.is_none();
    if own && prefer_scope && loaded.file.entries.get(i).is_some_and(|e| e.scope.is_some()) {
        return loaded.locate(&format!("/entries/{i}/scope"));
    }
    list.origin(i)
}

/// A finding's location, or the changed file when it points outside the repository (a shipped base).
fn repo_location(l: &Location, path: &str) -> Location {
    if l.file.starts_with('<') || l.file.is_empty() { Location::file_only(path) } else { l.clone() }
}

/// One line per change of a file (unchanged entries left out), for the summaries:
/// "changed: rescoped (narrowed) k40-02 «сварщик»: all-women → pregnant (general → maternity-only)".
pub fn describe_changes(f: &FileReport) -> Vec<String> {
    let Some(d) = &f.diff else { return Vec::new() };
    // The list's own metadata first ("list metadata: sources.K1.url: … → …").
    let meta = d.list_changes.iter().map(|c| format!("list metadata: {}", c.text()));
    meta.chain(d.changes.iter().filter(|c| c.op != ChangeOp::Unchanged).map(|c| {
        let refs = if c.new_entries.is_empty() { &c.old_entries } else { &c.new_entries };
        let ids: Vec<String> = refs.iter().map(|r| r.id.clone()).collect();
        let title = refs.first().map(|r| r.text.clone()).unwrap_or_default();
        let title = short_title(&[("ru".to_string(), title)].into_iter().collect());
        let counted = match f.new.list() {
            Some(new) if replaces_unexplained(c, new) => {
                " [the policy counts it as added + removed: the texts share almost nothing]"
            }
            _ => "",
        };
        let mut line = format!("{} {} «{title}»: {}{counted}", c.describe(), ids.join(" + "), c.scope_text());
        for l in c.field_lines() {
            line.push_str(&format!("; {l}"));
        }
        if let Some(n) = c.check_note() {
            line.push_str(&format!(" — {n}"));
        }
        line
    }))
    .collect()
}

/// GitHub workflow commands for the run: an `::error` on the exact line of
/// each policy violation; the findings that count (new in the change, unless
/// `new_findings_only = false`) and do not already fail as violations, at their
/// severity (via [`crate::render::github::annotations`]); the warnings of the
/// new versions as `::warning`.
pub fn annotations(r: &CiReport) -> String {
    use crate::render::github::{annotations as finding_annotations, escape_data, escape_property, warnings};
    let mut s = String::new();
    for v in &r.violations {
        let l = &v.location;
        s.push_str(&format!(
            "::error file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&l.file),
            l.line,
            l.column,
            l.end_line.max(l.line),
            l.end_column,
            escape_property(&format!("alljobs: {}", v.rule.title())),
            escape_data(&v.message),
        ));
    }
    for line in r.rules.builtin_changes.lines() {
        s.push_str(&format!(
            "::warning title={}::{}\n",
            escape_property("alljobs: built-in rules changed"),
            escape_data(&line)
        ));
    }
    if r.policy_mode != PolicyMode::Base {
        for c in &r.policy_changes {
            let l = &c.location;
            s.push_str(&format!(
                "::notice file={},line={},title={}::{}\n",
                escape_property(&l.file),
                l.line,
                escape_property("alljobs policy change (in force, not a violation)"),
                escape_data(&c.describe()),
            ));
        }
    }
    // Findings at or above the threshold are already there, as violations.
    let threshold = r.policy.fail.findings_at_or_above.severity();
    let failing = |x: &Finding| threshold.is_some_and(|t| x.severity >= t);
    for f in &r.files {
        let findings: Vec<Finding> = f
            .counted_findings()
            .filter(|x| !failing(x))
            .map(|x| Finding { location: repo_location(&x.location, &f.change.path), ..x.clone() })
            .collect();
        s.push_str(&finding_annotations(&findings));
        s.push_str(&warnings(&f.warnings));
    }
    s
}

/// The GitLab code-quality report of the run (a JSON array, as GitLab's
/// `artifacts:reports:codequality` reads it): one issue per policy violation
/// (severity `critical`), then the counted findings that are not violations
/// (critical → `critical`, high → `major`, medium → `minor`, info → `info`).
/// Fingerprints are FNV-1a hashes of the rule, file, entry and message (and
/// the occurrence), so the same issue has the same fingerprint in every run.
pub fn code_quality(r: &CiReport) -> serde_json::Value {
    use crate::rules::RuleSeverity as S;
    use std::hash::Hasher;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut issue = |check: String, description: &str, severity: &str, l: &Location, entry: Option<&str>| {
        let mut h = fnv::FnvHasher::default();
        for part in [check.as_str(), l.file.as_str(), entry.unwrap_or(""), description] {
            h.write(part.as_bytes());
            h.write_u8(0);
        }
        let key = h.finish();
        let n = seen.entry(key).or_insert(0);
        *n += 1;
        h.write_usize(*n);
        serde_json::json!({
            "description": description,
            "check_name": check,
            "fingerprint": format!("{:016x}", h.finish()),
            "severity": severity,
            "location": {"path": crate::render::github::repo_path(&l.file), "lines": {"begin": l.line.max(1)}},
        })
    };
    let mut out = Vec::new();
    for v in &r.violations {
        out.push(issue(
            format!("alljobs-policy/{}", v.rule.as_str()),
            &v.message,
            "critical",
            &v.location,
            v.entry_id.as_deref(),
        ));
    }
    let threshold = r.policy.fail.findings_at_or_above.severity();
    for f in &r.files {
        for x in f.counted_findings().filter(|x| threshold.is_none_or(|t| x.severity < t)) {
            let severity = match x.severity {
                S::Critical => "critical",
                S::High => "major",
                S::Medium => "minor",
                S::Info => "info",
            };
            let l = repo_location(&x.location, &f.change.path);
            out.push(issue(x.rule.clone(), &x.message, severity, &l, x.entry_id.as_deref()));
        }
    }
    serde_json::Value::Array(out)
}

/// The SARIF 2.1.0 log of the run: the findings of the rules on every valid
/// new version ([`crate::render::sarif::sarif`]), plus one `error` result per
/// policy violation under the rule ids `alljobs-policy/<rule>`.
pub fn sarif(r: &CiReport) -> serde_json::Value {
    serde_json::to_value(sarif_log(r)).unwrap_or(serde_json::Value::Null)
}

/// The SARIF log of the run, typed ([`sarif`] is its value).
pub fn sarif_log(r: &CiReport) -> crate::render::sarif::log::Log<'_> {
    use crate::render::sarif::{log, rule_name, uri};
    let reports: Vec<(&List, &FlagReport)> =
        r.files.iter().filter_map(|f| Some((f.new.list()?, f.flags.as_ref()?))).collect();
    let mut sarif = crate::render::sarif::log(&reports, &r.rules);
    let mut used: Vec<PolicyRule> = r.violations.iter().map(|v| v.rule).collect();
    used.sort();
    used.dedup();
    let Some(run) = sarif.runs.first_mut() else { return sarif };
    let first = run.tool.driver.rules.len();
    for p in &used {
        run.tool.driver.rules.push(log::AnyDescriptor::Policy(log::PolicyDescriptor {
            id: format!("alljobs-policy/{}", p.as_str()),
            name: rule_name(&format!("alljobs-policy-{}", p.as_str())),
            short_description: log::OwnedText { text: p.title().to_string() },
            full_description: log::OwnedText {
                text: format!("Breaks the repository's alljobs CI policy (`{}` in alljobs.toml).", p.policy_key()),
            },
            default_configuration: log::Configuration { level: "error" },
            properties: log::PolicyDescriptorProperties { tags: ["alljobs-policy"] },
        }));
    }
    for v in &r.violations {
        let l = &v.location;
        run.results.push(log::AnyResult::Violation(log::PolicyResult {
            rule_id: format!("alljobs-policy/{}", v.rule.as_str()),
            rule_index: first + used.iter().position(|p| *p == v.rule).unwrap_or(0),
            level: "error",
            message: log::Text { text: &v.message },
            locations: [log::SpanLocation {
                physical_location: log::SpanPhysicalLocation {
                    artifact_location: log::ArtifactLocation { uri: uri(&l.file) },
                    region: log::SpanRegion {
                        start_line: l.line,
                        start_column: l.column,
                        end_line: l.end_line.max(l.line),
                        end_column: l.end_column,
                    },
                },
            }],
            properties: log::PolicyResultProperties {
                policy_key: v.rule.policy_key(),
                entry_id: v.entry_id.as_deref(),
            },
        }));
    }
    sarif
}

#[cfg(test)]
mod tests {
    use super::*;
    use alljobs_testutil::TestRepo;

    const RES158: &str = include_str!("../../../../lists/kg/kg-2000-res-158.toml");
    const DRAFT: &str = include_str!("../../../../lists/kg/kg-2024-draft-labour-code.toml");

    fn run_at(r: &TestRepo) -> CiReport {
        run(r.path(), &CiOptions::default()).unwrap()
    }

    #[test]
    fn overlay_rescoped_back_to_all_women_is_new_general_at_the_operation() {
        let r = TestRepo::new();
        r.write("lists/kg/kg-2000-res-158.toml", RES158);
        r.write("lists/kg/kg-2024-draft-labour-code.toml", DRAFT);
        r.commit("base");
        r.branch("pr");
        let changed = DRAFT.replace(
            "op = \"rescope\"\ntarget = \"*\"\nscope = \"pregnant-or-breastfeeding\"",
            "op = \"rescope\"\ntarget = \"*\"\nscope = \"all-women\"",
        );
        assert_ne!(changed, DRAFT);
        r.write("lists/kg/kg-2024-draft-labour-code.toml", &changed);
        r.commit("widen");
        let report = run_at(&r);
        assert_eq!(report.files.len(), 1);
        let f = &report.files[0];
        // Both sides consolidated: the old one with its base read from the base revision.
        assert_eq!(f.old.list().unwrap().entries().len(), 18);
        assert!(f.old.list().unwrap().path().contains(":lists/kg/kg-2024-draft-labour-code.toml"));
        assert_eq!(f.diff.as_ref().unwrap().summary.widened, 18);
        let op_line = changed.lines().position(|l| l == "op = \"rescope\"").unwrap() + 1;
        assert_eq!(report.violations.len(), 18, "{:?}", report.violations);
        for v in &report.violations {
            assert_eq!(v.rule, PolicyRule::NewGeneral);
            assert_eq!(v.location.file, "lists/kg/kg-2024-draft-labour-code.toml");
            assert_eq!(v.location.line, op_line, "{v:?}");
        }
        let json = summary::json(&report);
        assert_eq!(json["violations"][0]["line"], op_line);
        assert_eq!(json["violations"][0]["rule"], "new-general");
    }

    #[test]
    fn empty_version_keeps_the_metadata() {
        let l = crate::load::load_str("a.toml", RES158.into()).unwrap();
        let list = Catalog::new().consolidate(&l).unwrap();
        let e = empty_version(&list);
        assert_eq!(e.meta().id, "kg-2000-res-158");
        assert!(e.entries().is_empty());
        assert_eq!(e.completeness().to_string(), "0 of 446 declared entries; evidence: none");
    }
}

#[cfg(test)]
mod replaces_tests {
    use super::*;

    const RES158: &str = include_str!("../../../../lists/kg/kg-2000-res-158.toml");

    /// The similarity of the shipped entry `id` «`old`» retitled `title` under
    /// a new id that names it in `replaces`, and whether the policy counts the
    /// pair as an addition and a removal.
    fn replaced(id: &str, old: &str, title: &str) -> (f64, bool) {
        let new_text = RES158.replace(
            &format!("id = \"{id}\"\ntitle = {{ ru = \"{old}\" }}\n"),
            &format!("id = \"t-new\"\ntitle = {{ ru = \"{title}\" }}\nreplaces = [\"{id}\"]\n"),
        );
        assert_ne!(new_text, RES158);
        let load = |t: &str| Catalog::new().consolidate(&crate::load::load_str("a.toml", t.into()).unwrap()).unwrap();
        let (old, new) = (load(RES158), load(&new_text));
        let d = diff_lists(&old, &new, &DiffOptions::default());
        let c = d.changes.iter().find(|c| c.new_ids == ["t-new"]).unwrap();
        assert_eq!(c.matched_by, Some(MatchedBy::Replaces));
        (c.similarity, replaces_unexplained(c, &new))
    }

    #[test]
    fn replaces_pairs_with_no_text_in_common_are_not_rewordings() {
        for (id, old, title, expected) in [
            ("k40-07", "кессонщик", "водитель городского автобуса", true),
            ("k40-07", "кессонщик", "водитель автобуса", true),
            ("k40-02", "сварщик", "машинист крана", true),
            ("k40-10", "машинист автогрейдера", "машинист экскаватора", false),
            ("k40-02", "сварщик", "электросварщик", false),
            ("k40-07", "кессонщик", "кессонщик, занятый на подводных работах", false),
            ("k40-07", "кессонщик", "кессонщики", false),
            ("k40-07", "кессонщик", "работы кессонщика", false),
        ] {
            let (sim, unexplained) = replaced(id, old, title);
            assert_eq!(unexplained, expected, "{old} → {title}: similarity {sim}");
        }
    }
}
