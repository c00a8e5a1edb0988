//! The CI policy: what fails the build. Read from `alljobs.toml` at the
//! repository root (or a file given with `--policy`); without one, the
//! built-in defaults apply:
//!
//! ```toml
//! [ci]
//! lists = ["lists"]              # directories (from the repository root) holding list files
//! allow_policy_changes = false   # a pull request may change this file or the rule file it names
//!
//! [fail]
//! schema_errors = true           # always: a changed list that does not load fails the build
//! new_general = true             # an added entry that restricts all women, or a matched entry that now does
//! widened = true                 # a matched entry whose scope widened (e.g. pregnant → maternity)
//! findings_at_or_above = "none"  # "info" | "medium" | "high" | "critical" | "none"
//! new_findings_only = true       # only findings that the base version did not have count
//! completeness_drop = false      # fewer entries present, or fewer with official text, than at the base
//!
//! [flag]
//! # rules = "rules/custom.toml"  # a rule file instead of the built-in CEDAW/ILO rules
//! # review_period_years = 5      # as `alljobs flag --review-period`
//! ```
//!
//! The policy in force is the **base revision's** (`PolicyFiles`): `alljobs
//! ci` reads this file, and the rule file it names, with `git show BASE:path`;
//! a pull request that changes either breaks the rule `policy-changed`, unless
//! the base policy says `allow_policy_changes = true` or the workflow passes
//! `--trust-head-policy`.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::LoadError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The policy file's name at the repository root.
pub const POLICY_FILE: &str = "alljobs.toml";

/// The severity threshold at or above which flag findings fail the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    /// Findings never fail the build (the default).
    #[default]
    None,
    /// Findings of any severity fail.
    Info,
    /// Medium, high and critical findings fail.
    Medium,
    /// High and critical findings fail.
    High,
    /// Critical findings fail.
    Critical,
}

impl Threshold {
    /// `none`, `info`, `medium`, `high`, `critical`.
    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::None => "none",
            Threshold::Info => "info",
            Threshold::Medium => "medium",
            Threshold::High => "high",
            Threshold::Critical => "critical",
        }
    }
}

impl Threshold {
    /// The lowest severity that fails the build, or `None` for `none`.
    pub fn severity(self) -> Option<crate::rules::RuleSeverity> {
        use crate::rules::RuleSeverity as S;
        match self {
            Threshold::None => None,
            Threshold::Info => Some(S::Info),
            Threshold::Medium => Some(S::Medium),
            Threshold::High => Some(S::High),
            Threshold::Critical => Some(S::Critical),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What fails the build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FailPolicy {
    /// Always true: a changed list file that does not load (syntax, schema,
    /// semantic or overlay errors) fails the build.
    pub schema_errors: bool,
    /// An added entry whose scope class is general (all women), or a matched
    /// entry whose class became general (widened to all women, or an unknown
    /// or other scope that now reads all women).
    pub new_general: bool,
    /// A matched entry whose scope widened (its new scope strictly contains the old one).
    pub widened: bool,
    /// Flag findings at or above this severity (waived findings never count).
    pub findings_at_or_above: Threshold,
    /// Count only findings that the base version of the list did not have.
    pub new_findings_only: bool,
    /// Fewer entries present, or fewer entries with `evidence = "official-text"`, than at the base.
    pub completeness_drop: bool,
}

impl Default for FailPolicy {
    fn default() -> Self {
        FailPolicy {
            schema_errors: true,
            new_general: true,
            widened: true,
            findings_at_or_above: Threshold::None,
            new_findings_only: true,
            completeness_drop: false,
        }
    }
}

/// The policy in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Policy {
    /// Directories, relative to the repository root, whose `*.toml` files are lists.
    pub lists: Vec<String>,
    /// A pull request may change the policy (this file and the rule file it
    /// names): the changed policy is then in force, and the change is only noted.
    pub allow_policy_changes: bool,
    /// What fails the build.
    pub fail: FailPolicy,
    /// A rule file (relative to the repository root) used instead of the built-in rules.
    pub rules: Option<String>,
    /// The review period for the review rules of `flag` (its default when `None`).
    pub review_period_years: Option<u32>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            lists: vec!["lists".into()],
            allow_policy_changes: false,
            fail: FailPolicy::default(),
            rules: None,
            review_period_years: None,
        }
    }
}

/// Where the policy in force came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "path", rename_all = "kebab-case")]
pub enum PolicySource {
    /// The built-in defaults; the path is where `alljobs.toml` was looked for.
    Defaults(PathBuf),
    /// A policy file.
    File(PathBuf),
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::Defaults(p) => write!(f, "built-in defaults (no {})", p.display()),
            PolicySource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The raw file, as written; every table and key is optional.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    ci: RawCi,
    #[serde(default)]
    fail: RawFail,
    #[serde(default)]
    flag: RawFlag,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCi {
    lists: Option<Spanned<Vec<String>>>,
    allow_policy_changes: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFail {
    schema_errors: Option<Spanned<bool>>,
    new_general: Option<bool>,
    widened: Option<bool>,
    findings_at_or_above: Option<Threshold>,
    new_findings_only: Option<bool>,
    completeness_drop: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    rules: Option<String>,
    review_period_years: Option<Spanned<u32>>,
}

const KEYS: [&str; 13] = [
    "ci",
    "allow_policy_changes",
    "fail",
    "flag",
    "lists",
    "schema_errors",
    "new_general",
    "widened",
    "findings_at_or_above",
    "new_findings_only",
    "completeness_drop",
    "rules",
    "review_period_years",
];

impl Policy {
    /// Parses a policy file's text; `name` is used in positions.
    pub fn parse(name: &str, text: &str) -> Result<Policy, LoadError> {
        let arc: Arc<str> = Arc::from(text);
        let err = |msg: String, span: std::ops::Range<usize>| {
            LoadError::single(name, Diagnostic::error("invalid-policy", msg).at(name, &arc, span))
        };
        let raw: RawPolicy = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let msg = e.message().trim().to_string();
                let mut d = Diagnostic::error("invalid-policy", msg.clone()).at(name, &arc, e.span().unwrap_or(0..0));
                if let Some(word) = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next())
                    && let Some(s) = did_you_mean(word, KEYS)
                {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                } else if msg.contains("unknown variant") {
                    d = d.with_hint("findings_at_or_above is one of: none, info, medium, high, critical");
                } else {
                    d = d.with_hint("see the CI section of README.md for the policy file");
                }
                return Err(LoadError::single(name, d));
            }
        };
        let mut p = Policy::default();
        if let Some(s) = &raw.fail.schema_errors
            && !*s.get_ref()
        {
            return Err(err(
                "`schema_errors` cannot be turned off: a list that does not load always fails the build".into(),
                s.span(),
            ));
        }
        if let Some(l) = raw.ci.lists {
            let span = l.span();
            let dirs = l.into_inner();
            if dirs.is_empty() {
                return Err(err("`lists` must name at least one directory".into(), span));
            }
            for d in &dirs {
                if d.starts_with('/') || d.split('/').any(|s| s == "..") {
                    return Err(err(
                        format!("`{d}`: list directories are relative to the repository root, inside it"),
                        span,
                    ));
                }
            }
            p.lists = dirs;
        }
        p.allow_policy_changes = raw.ci.allow_policy_changes.unwrap_or(false);
        let f = raw.fail;
        p.fail.new_general = f.new_general.unwrap_or(p.fail.new_general);
        p.fail.widened = f.widened.unwrap_or(p.fail.widened);
        p.fail.findings_at_or_above = f.findings_at_or_above.unwrap_or(p.fail.findings_at_or_above);
        p.fail.new_findings_only = f.new_findings_only.unwrap_or(p.fail.new_findings_only);
        p.fail.completeness_drop = f.completeness_drop.unwrap_or(p.fail.completeness_drop);
        p.rules = raw.flag.rules;
        if let Some(y) = raw.flag.review_period_years {
            if *y.get_ref() == 0 {
                return Err(err("`review_period_years` must be at least 1".into(), y.span()));
            }
            p.review_period_years = Some(y.into_inner());
        }
        Ok(p)
    }

    /// Every setting as `(key, value)`, keys as written in the file
    /// (`fail.new_general`), values as TOML; for [`Policy::changes`].
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        let f = &self.fail;
        let lists = self.lists.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ");
        vec![
            ("ci.lists", format!("[{lists}]")),
            ("ci.allow_policy_changes", self.allow_policy_changes.to_string()),
            ("fail.new_general", f.new_general.to_string()),
            ("fail.widened", f.widened.to_string()),
            ("fail.findings_at_or_above", format!("{:?}", f.findings_at_or_above.as_str())),
            ("fail.new_findings_only", f.new_findings_only.to_string()),
            ("fail.completeness_drop", f.completeness_drop.to_string()),
            ("flag.rules", self.rules.as_ref().map(|r| format!("{r:?}")).unwrap_or_else(|| "(built-in rules)".into())),
            (
                "flag.review_period_years",
                self.review_period_years.map(|y| y.to_string()).unwrap_or_else(|| "(flag default)".into()),
            ),
        ]
    }

    /// The settings that differ from `other`'s: `(key, self's value, other's value)`.
    pub fn changes(&self, other: &Policy) -> Vec<(&'static str, String, String)> {
        self.settings()
            .into_iter()
            .zip(other.settings())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((k, a), (_, b))| (k, a, b))
            .collect()
    }

    /// Reads a policy file.
    pub fn from_path(path: &Path) -> Result<Policy, LoadError> {
        let name = path.display().to_string();
        let (text, _) = crate::load::read_text(path, &name).map_err(|d| LoadError::single(&name, d))?;
        Policy::parse(&name, &text)
    }

    /// The policy of a repository: `--policy FILE` when given, else
    /// `alljobs.toml` at `root`, else the defaults.
    pub fn find(root: &Path, given: Option<&Path>) -> Result<(Policy, PolicySource), LoadError> {
        if let Some(p) = given {
            return Ok((Policy::from_path(p)?, PolicySource::File(p.to_path_buf())));
        }
        let p = root.join(POLICY_FILE);
        if p.is_file() {
            Ok((Policy::from_path(&p)?, PolicySource::File(p)))
        } else {
            Ok((Policy::default(), PolicySource::Defaults(p)))
        }
    }

    /// The policy in force as an annotated `alljobs.toml`, for `--explain-policy`.
    pub fn explain(&self, source: &PolicySource) -> String {
        let f = &self.fail;
        let d = FailPolicy::default();
        let mark = |changed: bool| if changed { "" } else { " (default)" };
        let lists = self.lists.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ");
        let mut s = format!("# policy in force: {source}\n\n[ci]\n");
        s.push_str(&format!(
            "lists = [{lists}]{}\n    # directories whose *.toml files are lists{}\n",
            "",
            mark(self.lists != Policy::default().lists)
        ));
        s.push_str(&format!(
            "allow_policy_changes = {}\n    # a pull request may change this policy and the rule file it names{}\n\n[fail]\n",
            self.allow_policy_changes,
            mark(self.allow_policy_changes)
        ));
        let line = |key: &str, value: String, changed: bool, what: &str| {
            format!("{key} = {value}\n    # {what}{}\n", mark(changed))
        };
        let rows: [(&str, String, bool, &str); 6] = [
            ("schema_errors", "true".into(), false, "always: a changed list that does not load fails the build"),
            (
                "new_general",
                f.new_general.to_string(),
                f.new_general != d.new_general,
                "fail on an added entry that restricts all women, or a matched entry whose class became general",
            ),
            ("widened", f.widened.to_string(), f.widened != d.widened, "fail on a matched entry whose scope widened"),
            (
                "findings_at_or_above",
                format!("{:?}", f.findings_at_or_above.as_str()),
                f.findings_at_or_above != d.findings_at_or_above,
                "fail on flag findings at or above this severity (none, info, medium, high, critical)",
            ),
            (
                "new_findings_only",
                f.new_findings_only.to_string(),
                f.new_findings_only != d.new_findings_only,
                "count only findings the base version did not have",
            ),
            (
                "completeness_drop",
                f.completeness_drop.to_string(),
                f.completeness_drop != d.completeness_drop,
                "fail when fewer entries are present, or fewer have official text, than at the base",
            ),
        ];
        for (key, value, changed, what) in rows {
            s.push_str(&line(key, value, changed, what));
        }
        s.push_str("\n[flag]\n");
        match &self.rules {
            Some(r) => s.push_str(&format!("rules = {r:?}\n    # rule file used instead of the built-in rules\n")),
            None => s.push_str("# rules: the built-in CEDAW/ILO rules (default)\n"),
        }
        match self.review_period_years {
            Some(y) => s.push_str(&format!("review_period_years = {y}\n")),
            None => s.push_str("# review_period_years: the flag default (default)\n"),
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let p = Policy::parse("alljobs.toml", "").unwrap();
        assert_eq!(p, Policy::default());
        assert!(p.fail.schema_errors && p.fail.new_general && p.fail.widened);
        assert!(!p.fail.completeness_drop);
        assert_eq!(p.fail.findings_at_or_above, Threshold::None);
    }

    #[test]
    fn reads_every_key() {
        let text = "[ci]\nlists = [\"data/lists\"]\n[fail]\nschema_errors = true\nnew_general = false\nwidened = false\nfindings_at_or_above = \"high\"\nnew_findings_only = false\ncompleteness_drop = true\n[flag]\nrules = \"rules.toml\"\nreview_period_years = 5\n";
        let p = Policy::parse("alljobs.toml", text).unwrap();
        assert_eq!(p.lists, vec!["data/lists"]);
        assert!(!p.fail.new_general && !p.fail.widened && !p.fail.new_findings_only && p.fail.completeness_drop);
        assert_eq!(p.fail.findings_at_or_above, Threshold::High);
        assert_eq!(p.rules.as_deref(), Some("rules.toml"));
        assert_eq!(p.review_period_years, Some(5));
        let out = p.explain(&PolicySource::File("alljobs.toml".into()));
        assert!(out.contains("findings_at_or_above = \"high\"\n"), "{out}");
        assert!(out.contains("new_general = false\n"), "{out}");
        assert!(out.contains("# policy in force: alljobs.toml"), "{out}");
    }

    #[test]
    fn unknown_key_has_position_and_hint() {
        let e = Policy::parse("alljobs.toml", "[fail]\nnew_general = true\nwidend = true\n").unwrap_err();
        let d = &e.diagnostics[0];
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 1), "{d}");
        assert!(d.message.contains("widend"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `widened`?"));
    }

    #[test]
    fn bad_values_have_positions() {
        let e = Policy::parse("p.toml", "[fail]\nfindings_at_or_above = \"severe\"\n").unwrap_err();
        assert_eq!(e.diagnostics[0].location.as_ref().unwrap().line, 2);
        let e = Policy::parse("p.toml", "[fail]\nschema_errors = false\n").unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((2, 17)), "{d}");
        assert!(d.message.contains("cannot be turned off"));
        let e = Policy::parse("p.toml", "[ci]\nlists = [\"../x\"]\n").unwrap_err();
        assert_eq!(e.diagnostics[0].location.as_ref().unwrap().line, 2);
        let e = Policy::parse("p.toml", "[fail\n").unwrap_err();
        assert_eq!(e.diagnostics[0].location.as_ref().unwrap().line, 1);
    }

    #[test]
    fn find_prefers_given_then_root_file() {
        let dir = tempfile::tempdir().unwrap();
        let (p, s) = Policy::find(dir.path(), None).unwrap();
        assert_eq!(p, Policy::default());
        assert!(matches!(s, PolicySource::Defaults(_)));
        assert!(p.explain(&s).contains("built-in defaults"));
        std::fs::write(dir.path().join(POLICY_FILE), "[fail]\nwidened = false\n").unwrap();
        let (p, s) = Policy::find(dir.path(), None).unwrap();
        assert!(!p.fail.widened);
        assert!(matches!(s, PolicySource::File(_)));
        let other = dir.path().join("other.toml");
        std::fs::write(&other, "[fail]\ncompleteness_drop = true\n").unwrap();
        let (p, _) = Policy::find(dir.path(), Some(&other)).unwrap();
        assert!(p.fail.widened && p.fail.completeness_drop);
    }
}
