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
pub mod policy;
pub mod summary;

#[cfg(test)]
#[path = "../../tests/support/gitrepo.rs"]
pub(crate) mod testrepo;

pub use git::{Base, FileChange, FileStatus, GitError, Repo};
pub use policy::{FailPolicy, Policy, PolicySource, Threshold};

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
    pub policy: Option<PathBuf>,
    /// The value of `GITHUB_BASE_REF` (the target branch of a GitHub pull request).
    pub github_base_ref: Option<String>,
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
    /// A file of the working tree could not be read.
    #[error("{0}")]
    Unreadable(LoadError),
}

/// The policy rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
}

impl PolicyRule {
    /// Stable id: `schema-error`, `new-general`, `widened`, `finding`, `completeness-drop`.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRule::SchemaError => "schema-error",
            PolicyRule::NewGeneral => "new-general",
            PolicyRule::Widened => "widened",
            PolicyRule::Finding => "finding",
            PolicyRule::CompletenessDrop => "completeness-drop",
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
        }
    }
}

/// One reason the build fails, at the exact line of the list file.
#[derive(Debug, Clone, Serialize)]
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
    /// The changed list files, sorted by path.
    pub files: Vec<FileReport>,
    /// Every policy violation, by file and line.
    pub violations: Vec<Violation>,
}

impl CiReport {
    /// True when no policy rule is broken.
    pub fn passed(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Runs the CI check for the repository that contains `dir`.
pub fn run(dir: &Path, opts: &CiOptions) -> Result<CiReport, CiError> {
    let repo = Repo::discover(dir)?;
    let (policy, policy_source) = Policy::find(repo.root(), opts.policy.as_deref()).map_err(CiError::Policy)?;
    let base = match &opts.base {
        Some(rev) => repo.given_base(rev)?,
        None => repo.default_base(opts.github_base_ref.as_deref())?,
    };
    let changes = repo.changed_files(&base, &policy.lists)?;
    let ctx = Context {
        repo: &repo,
        base: &base,
        policy: &policy,
        new_catalog: OnceCell::new(),
        old_catalog: OnceCell::new(),
    };
    let mut files = Vec::new();
    let mut violations = Vec::new();
    for change in changes {
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
    Ok(CiReport { root: repo.root().to_path_buf(), base, policy, policy_source, files, violations })
}

/// What the run of one repository shares between files.
struct Context<'a> {
    repo: &'a Repo,
    base: &'a Base,
    policy: &'a Policy,
    /// The lists of the working tree, then the shipped lists (bases of overlays).
    new_catalog: OnceCell<Catalog>,
    /// The lists at the base revision, then the shipped lists.
    old_catalog: OnceCell<Result<Catalog, String>>,
}

impl Context<'_> {
    fn file(&self, change: FileChange) -> Result<FileReport, CiError> {
        let mut notes = Vec::new();
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
        Ok(FileReport { change, old, new, warnings, notes })
    }

    /// Loads the working-tree version of `rel`; `Err` only when it cannot be read.
    fn new_side(&self, rel: &str, warnings: &mut Vec<Diagnostic>) -> Result<Side, CiError> {
        let abs = self.repo.root().join(rel);
        let (text, mut pre) = match load::read_text(&abs, rel) {
            Ok(t) => t,
            // Content problems are the list's errors; I/O problems are ours.
            Err(d) if matches!(d.code, "invalid-utf8" | "too-large") => return Ok(Side::Invalid(vec![d])),
            Err(d) => return Err(CiError::Unreadable(LoadError::single(rel, d))),
        };
        let loaded = match load::load_str(rel, text) {
            Ok(l) => l,
            Err(e) => {
                pre.extend(e.diagnostics);
                return Ok(Side::Invalid(pre));
            }
        };
        pre.extend(loaded.diagnostics.iter().filter(|d| d.severity == Severity::Warning).cloned());
        *warnings = pre;
        let list = if loaded.file.list.base.is_some() {
            let mut c = self.new_catalog().clone();
            c.add(loaded.clone());
            c.consolidate(&loaded)
        } else {
            Catalog::new().consolidate(&loaded)
        };
        Ok(match list {
            Ok(list) => Side::Valid(Box::new((list, loaded))),
            Err(e) => Side::Invalid(e.diagnostics),
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
            Err(d) => return Ok(Side::Invalid(vec![d])),
        };
        let loaded = match load::load_str(&name, text) {
            Ok(l) => l,
            Err(e) => return Ok(Side::Invalid(e.diagnostics)),
        };
        let list = if loaded.file.list.base.is_some() {
            match self.old_catalog() {
                Ok(c) => {
                    let mut c = c.clone();
                    c.add(loaded.clone());
                    c.consolidate(&loaded)
                }
                Err(msg) => Err(LoadError::single(&name, Diagnostic::error("git", msg.clone()))),
            }
        } else {
            Catalog::new().consolidate(&loaded)
        };
        Ok(match list {
            Ok(list) => Side::Valid(Box::new((list, loaded))),
            Err(e) => Side::Invalid(e.diagnostics),
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
            c.extend_missing(Catalog::embedded());
            c
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
            c.extend_missing(Catalog::embedded());
            Ok(c)
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
        v
    }
}

/// One line per change of a file, for the summaries ("+ k40-19 «…»: all-women (general)").
pub fn describe_changes(f: &FileReport) -> Vec<String> {
    let _ = f;
    Vec::new()
}

/// GitHub workflow commands for the run: an `::error` on the exact line of
/// each policy violation.
pub fn annotations(r: &CiReport) -> String {
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
    s
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
