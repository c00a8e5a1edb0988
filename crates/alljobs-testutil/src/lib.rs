//! Test scaffolding shared by the unit tests of `crates/alljobs/src/ci` and by
//! the integration tests (`tests/it/ci.rs`, `tests/it/integrations.rs`): a
//! temporary git repository driven through the `git` command line, isolated
//! from the user's and the system's git config. A dev-dependency only; never
//! published.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary git repository on branch `main`, removed when dropped.
pub struct TestRepo {
    dir: tempfile::TempDir,
}

impl TestRepo {
    /// `git init -b main` with a committer identity.
    #[allow(clippy::new_without_default, reason = "each call creates a new repository on disk")]
    pub fn new() -> TestRepo {
        let dir = tempfile::Builder::new().prefix("alljobs-ci-test-").tempdir().expect("temp dir");
        let r = TestRepo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "user.name", "alljobs test"]);
        r.git(&["config", "user.email", "test@example.invalid"]);
        r.git(&["config", "commit.gpgsign", "false"]);
        r
    }

    /// The root of the working tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Absolute path of a repository path.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs git in the repository (hermetic config); panics on failure; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(self.dir.path())
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Writes a file (creating directories).
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    /// Reads a file of the working tree.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).expect("read")
    }

    /// Deletes a file of the working tree.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.join(rel)).expect("remove");
    }

    /// `git add -A && git commit`; returns the new commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// `git checkout -q -b NAME`.
    pub fn branch(&self, name: &str) {
        self.git(&["checkout", "-q", "-b", name]);
    }
}
