//! The `git` command line, as `alljobs ci` needs it: the repository root, the
//! base revision, the list files changed since the base (renames included,
//! untracked new files too) and the old version of a file.
//!
//! Every call runs `git -C ROOT …` through [`std::process::Command`] with
//! external diff drivers and text conversion disabled, so the user's git
//! configuration (including `diff.alljobs.command`) cannot change what is read.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Why git could not answer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The `git` program could not be started.
    #[error("cannot run git ({0}); is git installed and on PATH?")]
    NotInstalled(std::io::Error),
    /// The directory is not inside a git working tree.
    #[error("{} is not inside a git repository (alljobs ci compares list files with a git revision)", .0.display())]
    NotARepository(PathBuf),
    /// The revision does not name a commit.
    #[error("`{0}` is not a revision of this repository (a commit, branch or tag)")]
    BadRevision(String),
    /// Any other failure of a git command.
    #[error("`git {args}` failed: {stderr}")]
    Failed {
        /// The arguments given to git.
        args: String,
        /// What git printed on stderr.
        stderr: String,
    },
    /// A file at the base revision is larger than [`crate::load::MAX_INPUT_BYTES`].
    #[error("{path} at {rev} is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// The path in the repository.
        path: String,
        /// The revision.
        rev: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

/// A git working tree.
#[derive(Debug, Clone)]
pub struct Repo {
    root: PathBuf,
}

/// How a file changed between the base and the working tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// New since the base (committed, staged, or untracked).
    Added,
    /// Present on both sides.
    Modified,
    /// Gone from the working tree.
    Deleted,
    /// Moved (and perhaps edited): `old_path` names the file at the base.
    Renamed,
    /// Not changed itself: an overlay whose base list changed (it is consolidated again).
    #[serde(rename = "base-changed")]
    BaseChanged,
}

impl FileStatus {
    /// `added`, `modified`, `deleted`, `renamed`, `base-changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Modified => "modified",
            FileStatus::Deleted => "deleted",
            FileStatus::Renamed => "renamed",
            FileStatus::BaseChanged => "base-changed",
        }
    }
}

/// One changed file; paths are relative to the repository root, with `/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct FileChange {
    /// How it changed.
    pub status: FileStatus,
    /// The path in the working tree (for a deleted file: its path at the base).
    pub path: String,
    /// The path at the base when it differs (renames), else `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
}

impl FileChange {
    /// The path of the file at the base revision, if it existed there.
    pub fn base_path(&self) -> Option<&str> {
        match self.status {
            FileStatus::Added => None,
            _ => Some(self.old_path.as_deref().unwrap_or(&self.path)),
        }
    }
}

/// The revision the working tree is compared with, and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Base {
    /// The revision as given or chosen (`main`, `HEAD~1`, a commit id…).
    pub rev: String,
    /// The full object id of the commit (or of the empty tree).
    pub commit: String,
    /// How it was chosen, for the summary ("given with --base", "merge base of HEAD and origin/main"…).
    pub how: String,
}

impl Repo {
    /// The repository whose working tree contains `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let out = run_in(dir, ["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(GitError::NotARepository(dir.to_path_buf()));
        }
        let root = String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']).to_string();
        if root.is_empty() {
            // A bare repository or the .git directory itself: no working tree.
            return Err(GitError::NotARepository(dir.to_path_buf()));
        }
        Ok(Repo { root: PathBuf::from(root) })
    }

    /// The top directory of the working tree.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn git<I, S>(&self, args: I) -> Result<Output, GitError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run_in(&self.root, args)
    }

    /// Runs git and returns stdout, or [`GitError::Failed`].
    fn ok<I, S>(&self, args: I) -> Result<Vec<u8>, GitError>
    where
        I: IntoIterator<Item = S> + Clone,
        S: AsRef<OsStr>,
    {
        let out = self.git(args.clone())?;
        if out.status.success() { Ok(out.stdout) } else { Err(failed(args, &out)) }
    }

    /// The full object id of `rev` (a commit), or [`GitError::BadRevision`].
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        // `--end-of-options` keeps a revision starting with `-` from being read as an option.
        let spec = format!("{rev}^{{commit}}");
        let out = self.git(["rev-parse", "--verify", "--quiet", "--end-of-options", spec.as_str()])?;
        if !out.status.success() || rev.is_empty() {
            return Err(GitError::BadRevision(rev.to_string()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    fn try_resolve(&self, rev: &str) -> Option<String> {
        self.resolve(rev).ok()
    }

    /// The base given by the caller, who names the option that gave it `option`
    /// (a command line: `--base`; see [`super::CiOptions::option_name`]).
    pub fn given_base(&self, rev: &str, option: &str) -> Result<Base, GitError> {
        let commit = self.resolve(rev)?;
        Ok(Base { rev: rev.to_string(), commit, how: format!("given with {option}") })
    }

    /// The default base: the merge base of `HEAD` with the default branch
    /// (`origin/$GITHUB_BASE_REF` when given, then `origin/HEAD`, `origin/main`,
    /// `origin/master`, `main`, `master`); when `HEAD` is on that branch (the
    /// merge base is `HEAD` itself) or no default branch exists, `HEAD~1`; in a
    /// repository with a single commit (or none), the empty tree, so that every
    /// list file counts as added.
    pub fn default_base(&self, github_base_ref: Option<&str>) -> Result<Base, GitError> {
        let head = self.try_resolve("HEAD");
        let Some(head) = head else {
            return self.empty_tree("the repository has no commit yet: every list file counts as added");
        };
        let mut candidates: Vec<String> = Vec::new();
        if let Some(b) = github_base_ref.map(str::trim).filter(|b| !b.is_empty()) {
            candidates.push(format!("origin/{b}"));
            candidates.push(b.to_string());
        }
        let out = self.git(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])?;
        if out.status.success() {
            let r = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !r.is_empty() {
                candidates.push(r);
            }
        }
        for c in ["origin/main", "origin/master", "main", "master"] {
            candidates.push(c.to_string());
        }
        for cand in &candidates {
            if self.try_resolve(cand).is_none() {
                continue;
            }
            let out = self.git(["merge-base", "HEAD", cand.as_str()])?;
            if !out.status.success() {
                continue; // unrelated histories
            }
            let mb = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if mb == head {
                // HEAD is on the default branch (or behind it): compare with the previous commit.
                break;
            }
            return Ok(Base { rev: short(&mb), commit: mb, how: format!("merge base of HEAD and {cand}") });
        }
        match self.try_resolve("HEAD~1") {
            Some(c) => Ok(Base {
                rev: "HEAD~1".into(),
                commit: c,
                how: "the previous commit (HEAD is on the default branch, or none was found)".into(),
            }),
            None => self.empty_tree("HEAD is the first commit: every list file counts as added"),
        }
    }

    fn empty_tree(&self, how: &str) -> Result<Base, GitError> {
        let out = self.ok(["hash-object", "-t", "tree", "/dev/null"])?;
        let id = String::from_utf8_lossy(&out).trim().to_string();
        Ok(Base { rev: "(empty tree)".into(), commit: id, how: how.into() })
    }

    /// The `.toml` files under `dirs` (paths relative to the root, e.g. `lists`)
    /// that differ between `base` and the working tree: committed, staged and
    /// unstaged changes, renames (`git diff --name-status -M`), and untracked
    /// new files (ignored files excepted). Sorted by path.
    pub fn changed_files(&self, base: &Base, dirs: &[String]) -> Result<Vec<FileChange>, GitError> {
        let is_list = |p: &str| p.ends_with(".toml") && under_any(p, dirs);
        let out = self.ok([
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--no-ext-diff",
            "--no-textconv",
            "--ignore-submodules",
            base.commit.as_str(),
            "--",
        ])?;
        let mut changes = parse_name_status(&out);
        changes.retain_mut(|c| {
            let new_ok = is_list(&c.path);
            let old_ok = c.old_path.as_deref().is_some_and(is_list);
            match (c.status, new_ok, old_ok) {
                (FileStatus::Renamed, true, _) => true,
                (FileStatus::Renamed, false, true) => {
                    // Moved out of the list directories: the list is gone from them.
                    c.path = c.old_path.take().unwrap_or_default();
                    c.status = FileStatus::Deleted;
                    true
                }
                (_, ok, _) => ok,
            }
        });
        let mut args: Vec<String> =
            ["ls-files", "-z", "--others", "--exclude-standard", "--"].iter().map(|s| s.to_string()).collect();
        args.extend(dirs.iter().cloned());
        let untracked = self.ok(&args)?;
        for p in untracked.split(|&b| b == 0).filter(|p| !p.is_empty()) {
            let p = String::from_utf8_lossy(p).into_owned();
            if is_list(&p) && !changes.iter().any(|c| c.path == p) {
                changes.push(FileChange { status: FileStatus::Added, path: p, old_path: None });
            }
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(changes)
    }

    /// The contents of `path` at `rev` (`git show REV:path`), or `None` when
    /// the file does not exist there.
    pub fn show(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        let spec = format!("{rev}:{path}");
        let out = self.git(["cat-file", "-s", spec.as_str()])?;
        if !out.status.success() {
            return Ok(None);
        }
        let size: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
        let limit = crate::load::MAX_INPUT_BYTES;
        if size > limit {
            return Err(GitError::TooLarge { path: path.into(), rev: rev.into(), size, limit });
        }
        Ok(Some(self.ok(["show", "--no-textconv", spec.as_str()])?))
    }

    /// Every `.toml` file under `dirs` at `rev`.
    pub fn list_files_at(&self, rev: &str, dirs: &[String]) -> Result<Vec<String>, GitError> {
        let mut args: Vec<String> =
            ["ls-tree", "-r", "-z", "--name-only", rev, "--"].iter().map(|s| s.to_string()).collect();
        args.extend(dirs.iter().cloned());
        let out = self.ok(&args)?;
        Ok(out
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .filter(|p| p.ends_with(".toml") && under_any(p, dirs))
            .collect())
    }
}

/// Runs `git` in `dir` with the settings every call uses.
fn run_in<I, S>(dir: &Path, args: I) -> Result<Output, GitError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        // Never prompt, never page, never localise messages.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(GitError::NotInstalled)
}

fn failed<I, S>(args: I, out: &Output) -> GitError
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
    GitError::Failed { args: args.join(" "), stderr: String::from_utf8_lossy(&out.stderr).trim().to_string() }
}

fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

/// True when `path` is inside one of `dirs` (`"."` or `""` is the whole repository).
fn under_any(path: &str, dirs: &[String]) -> bool {
    dirs.iter().any(|d| {
        let d = d.trim_matches('/');
        d.is_empty() || d == "." || path.strip_prefix(d).is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Parses `git diff --name-status -z` output: `STATUS\0path\0` or, for
/// renames and copies, `RNNN\0old\0new\0`.
pub fn parse_name_status(out: &[u8]) -> Vec<FileChange> {
    let mut fields = out.split(|&b| b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
    let mut v = Vec::new();
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let Some(first) = fields.next() else { break };
        let change = match status.as_bytes()[0] {
            b'R' => {
                let Some(new) = fields.next() else { break };
                FileChange { status: FileStatus::Renamed, path: new, old_path: Some(first) }
            }
            // A copy is a new file whose content came from another one.
            b'C' => {
                let Some(new) = fields.next() else { break };
                FileChange { status: FileStatus::Added, path: new, old_path: None }
            }
            b'A' => FileChange { status: FileStatus::Added, path: first, old_path: None },
            b'D' => FileChange { status: FileStatus::Deleted, path: first, old_path: None },
            // M, T (type change), U (unmerged), X: present on both sides.
            _ => FileChange { status: FileStatus::Modified, path: first, old_path: None },
        };
        v.push(change);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use alljobs_testutil::TestRepo;

    #[test]
    fn parses_name_status() {
        let out = b"M\0lists/a.toml\0R087\0lists/old.toml\0lists/new.toml\0A\0lists/b.toml\0D\0lists/c.toml\0C100\0x\0lists/d.toml\0";
        let v = parse_name_status(out);
        assert_eq!(v.len(), 5);
        assert_eq!(v[0], FileChange { status: FileStatus::Modified, path: "lists/a.toml".into(), old_path: None });
        assert_eq!(v[1].status, FileStatus::Renamed);
        assert_eq!(v[1].old_path.as_deref(), Some("lists/old.toml"));
        assert_eq!(v[1].base_path(), Some("lists/old.toml"));
        assert_eq!(v[2].status, FileStatus::Added);
        assert_eq!(v[2].base_path(), None);
        assert_eq!(v[3].status, FileStatus::Deleted);
        assert_eq!(v[4], FileChange { status: FileStatus::Added, path: "lists/d.toml".into(), old_path: None });
    }

    #[test]
    fn under_dirs() {
        let d = vec!["lists".to_string()];
        assert!(under_any("lists/kg/a.toml", &d));
        assert!(!under_any("listsx/a.toml", &d));
        assert!(!under_any("alljobs.toml", &d));
        assert!(under_any("alljobs.toml", &[".".to_string()]));
    }

    #[test]
    fn not_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(Repo::discover(dir.path()), Err(GitError::NotARepository(_))));
    }

    #[test]
    fn changes_renames_untracked_and_old_versions() {
        let r = TestRepo::new();
        r.write("lists/a.toml", "a = 1\n");
        r.write("lists/b.toml", "b = 1\nlonger = \"content so that a rename is detected\"\n");
        r.write("lists/c.toml", "c = 1\n");
        r.write("README.md", "x\n");
        r.commit("base");
        r.write("lists/a.toml", "a = 2\n");
        r.git(&["mv", "lists/b.toml", "lists/renamed.toml"]);
        r.remove("lists/c.toml");
        r.write("lists/new.toml", "n = 1\n"); // untracked
        r.write("lists/notes.md", "not a list\n");
        r.write("README.md", "y\n");
        let repo = Repo::discover(&r.path().join("lists")).unwrap();
        assert_eq!(repo.root().canonicalize().unwrap(), r.path().canonicalize().unwrap());
        let base = repo.given_base("HEAD", "option `base`").unwrap();
        let v = repo.changed_files(&base, &["lists".into()]).unwrap();
        let got: Vec<(FileStatus, &str, Option<&str>)> =
            v.iter().map(|c| (c.status, c.path.as_str(), c.old_path.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (FileStatus::Modified, "lists/a.toml", None),
                (FileStatus::Deleted, "lists/c.toml", None),
                (FileStatus::Added, "lists/new.toml", None),
                (FileStatus::Renamed, "lists/renamed.toml", Some("lists/b.toml")),
            ]
        );
        assert_eq!(repo.show(&base.commit, "lists/a.toml").unwrap().as_deref(), Some(&b"a = 1\n"[..]));
        assert_eq!(repo.show(&base.commit, "lists/new.toml").unwrap(), None);
        assert_eq!(repo.list_files_at(&base.commit, &["lists".into()]).unwrap().len(), 3);
    }

    #[test]
    fn bad_revision() {
        let r = TestRepo::new();
        r.write("lists/a.toml", "a = 1\n");
        r.commit("one");
        let repo = Repo::discover(r.path()).unwrap();
        assert!(matches!(repo.given_base("no-such-branch", "option `base`"), Err(GitError::BadRevision(_))));
        assert!(matches!(repo.given_base("--output=x", "option `base`"), Err(GitError::BadRevision(_))));
    }

    #[test]
    fn default_base_choices() {
        let r = TestRepo::new();
        r.write("lists/a.toml", "a = 1\n");
        let first = r.commit("one");
        let repo = Repo::discover(r.path()).unwrap();
        // A single commit: everything is new.
        let b = repo.default_base(None).unwrap();
        assert!(b.how.contains("first commit") && b.rev == "(empty tree)", "{b:?}");
        assert_eq!(repo.changed_files(&b, &["lists".into()]).unwrap()[0].status, FileStatus::Added);
        // On main with history: the previous commit.
        r.write("lists/a.toml", "a = 2\n");
        let second = r.commit("two");
        let b = repo.default_base(None).unwrap();
        assert_eq!((b.rev.as_str(), b.commit.as_str()), ("HEAD~1", first.as_str()));
        // On a branch: the merge base with main, even after main moved on.
        r.git(&["checkout", "-q", "-b", "feature"]);
        r.write("lists/a.toml", "a = 3\n");
        r.commit("three");
        r.git(&["checkout", "-q", "main"]);
        r.write("lists/b.toml", "b = 1\n");
        r.commit("main moves");
        r.git(&["checkout", "-q", "feature"]);
        let b = repo.default_base(None).unwrap();
        assert_eq!(b.commit, second);
        assert!(b.how.contains("main"), "{b:?}");
        // GITHUB_BASE_REF names the branch to compare with.
        r.git(&["branch", "-q", "release", &first]);
        let b = repo.default_base(Some("release")).unwrap();
        assert_eq!(b.commit, first);
        assert!(b.how.contains("release"), "{b:?}");
    }
}
