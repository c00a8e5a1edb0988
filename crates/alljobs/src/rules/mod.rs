//! Rules: the CEDAW/ILO standards a list is checked against, as data.
//!
//! A rule set is a TOML file (`builtin.toml` is embedded; `--rules FILE`
//! adds a user's own). Each rule has a code, a severity, its text (what it
//! checks, why, citations with their verification status, an interpretation
//! note where the basis is a reading rather than a Committee text), a message
//! template and a trigger in the small condition language of [`trigger`].
//!
//! [`flag`] runs a rule set over a list: every entry is classified
//! ([`crate::classify()`]), every rule's trigger is evaluated on it (list rules
//! once on the list), and the entry's waivers mark findings as waived.

pub mod basis;
pub mod summary;
pub mod trigger;

use crate::classify::{Classification, EntryClass, classify};
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::list::List;
use crate::model::{Date, Waiver, pick_text};
pub use basis::FindingConfidence;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
pub use summary::RuleStat;
use toml::Spanned;
pub use trigger::{Condition, Field, Pattern, ScopePattern, SourceSpan, Test, TextField, review_due, review_due_in};
use trigger::{Ctx, EntryTexts, FileCtx, ListTexts, RawCond};

/// The embedded rule set (CEDAW-RULES.md as data).
pub const BUILTIN_RULES: &str = include_str!("builtin.toml");

/// The CEDAW / ILO sources (S1–S39) the built-in rules cite, as data (for bibliographies).
pub const CEDAW_SOURCES: &str = include_str!("cedaw_sources.toml");

/// One source that rules cite (`S6`), as the project's source notes give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    /// The source's id (`S1`).
    pub id: String,
    /// The source as noted: addresses and descriptions (text, not a link: some addresses are shortened).
    pub source: String,
    /// What it holds.
    pub holds: String,
    /// V (verified), R (reported) or U (unverified), with the notes' qualifier.
    pub status: String,
}

/// The embedded CEDAW / ILO sources, by id (empty if the data were broken; a test keeps it valid).
pub fn cedaw_sources() -> &'static [RuleSource] {
    #[derive(Deserialize)]
    struct File {
        #[allow(dead_code)]
        format_version: u32,
        sources: Vec<RuleSource>,
    }
    static S: OnceLock<Vec<RuleSource>> = OnceLock::new();
    S.get_or_init(|| toml::from_str::<File>(CEDAW_SOURCES).map(|f| f.sources).unwrap_or_default())
}

/// The version of the rule-file format this crate reads.
pub const RULES_FORMAT_VERSION: u32 = 1;

/// How serious a rule's finding is (`info` … `critical`). Ordered: `Critical`
/// is the highest. (A diagnostic about a file has its own severity: error,
/// warning, note.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
// The JSON schemas keep the name they had.
#[schemars(rename = "Severity")]
pub enum RuleSeverity {
    /// Context or an indicator signal.
    Info,
    /// Needs evidence or a fix.
    Medium,
    /// Very likely inconsistent with the standard.
    High,
    /// A restriction the CEDAW Committee has itself found discriminatory.
    Critical,
}

impl RuleSeverity {
    /// From highest to lowest.
    pub const ALL: [RuleSeverity; 4] =
        [RuleSeverity::Critical, RuleSeverity::High, RuleSeverity::Medium, RuleSeverity::Info];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSeverity::Info => "info",
            RuleSeverity::Medium => "medium",
            RuleSeverity::High => "high",
            RuleSeverity::Critical => "critical",
        }
    }
}

impl fmt::Display for RuleSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a severity name is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a severity; expected critical, high, medium or info")]
pub struct SeverityError(pub String);

impl FromStr for RuleSeverity {
    type Err = SeverityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(RuleSeverity::Info),
            "medium" => Ok(RuleSeverity::Medium),
            "high" => Ok(RuleSeverity::High),
            "critical" => Ok(RuleSeverity::Critical),
            _ => Err(SeverityError(s.to_string())),
        }
    }
}

/// Verification status of a citation: V, R or U in CEDAW-SOURCES.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CitationStatus {
    /// Checked against the text itself.
    Verified,
    /// Reported by a secondary source (NGO, news, press release, translation).
    Reported,
    /// Not verified.
    Unverified,
}

impl CitationStatus {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationStatus::Verified => "verified",
            CitationStatus::Reported => "reported",
            CitationStatus::Unverified => "unverified",
        }
    }
}

impl fmt::Display for CitationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reference a rule rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// What is cited and what it says.
    pub text: String,
    /// Source id in CEDAW-SOURCES.md (`S1`, or `S6/S7/S8`).
    #[serde(default)]
    pub source: Option<String>,
    /// How the point is known.
    pub status: CitationStatus,
    /// Paragraph number, only when verified or reported; `"unverified"` when the
    /// text addresses the point but the number has not been checked. Never invented.
    #[serde(default)]
    pub paragraph: Option<String>,
    /// A caveat (e.g. how the number is known).
    #[serde(default)]
    pub note: Option<String>,
}

impl Citation {
    /// "para 11.3", "para unverified", or `None`.
    pub fn paragraph_text(&self) -> Option<String> {
        self.paragraph.as_ref().map(|p| format!("para {p}"))
    }
}

impl fmt::Display for Citation {
    /// "GR 28 para 16: … (verified, S3, para 16)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.text, self.status)?;
        if let Some(s) = &self.source {
            write!(f, ", {s}")?;
        }
        if let Some(p) = self.paragraph_text() {
            write!(f, ", {p}")?;
        }
        f.write_str(")")?;
        if let Some(n) = &self.note {
            write!(f, " — {n}")?;
        }
        Ok(())
    }
}

/// Data a finding shares with the other findings of its rule in a run (its
/// citations, the fields it reads): one allocation per rule, not per finding.
/// Serialised as the list; reads as a slice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared<T>(Arc<[T]>);

/// The citations of a finding: its rule's, [`Shared`] by every finding of the rule.
pub type Citations = Shared<Citation>;

impl<T> Default for Shared<T> {
    fn default() -> Self {
        Shared(Arc::from(Vec::new()))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'a, T> IntoIterator for &'a Shared<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> From<Vec<T>> for Shared<T> {
    fn from(v: Vec<T>) -> Shared<T> {
        Shared(v.into())
    }
}

impl<T: Clone> From<&[T]> for Shared<T> {
    fn from(v: &[T]) -> Shared<T> {
        Shared(v.into())
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Shared<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<T>>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<T>>::json_schema(generator)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

/// Whether a rule is checked on each entry or once on the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Once per entry (findings carry the entry id).
    #[default]
    Entry,
    /// Once per list (findings have no entry id; only list tests are allowed).
    List,
}

/// One rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable code, e.g. `CEDAW-GENERAL-BAN`.
    pub code: String,
    /// How serious a finding is.
    pub severity: RuleSeverity,
    /// Entry or list rule.
    pub level: RuleLevel,
    /// One line.
    pub title: String,
    /// What it checks: the trigger in words, and when it does not fire.
    pub what: String,
    /// Why: the standard.
    pub why: String,
    /// The references, each with its verification status.
    pub citations: Vec<Citation>,
    /// Set when the rule rests on a reading rather than a Committee text.
    pub interpretation: Option<String>,
    /// What a drafter can do instead.
    pub fix: Option<String>,
    /// The finding's message; `{id}`, `{title}`, `{scope}`, `{class}`, `{list}` are filled in.
    pub message: String,
    /// The message when the finding rests on fields absent from a partial or
    /// reported transcription ("… not shown in the transcribed text"); a
    /// generic one is used when the rule has none.
    pub message_absent: Option<String>,
    /// When the rule fires.
    pub trigger: Condition,
    /// `built-in`, or the path of the rule file.
    pub defined_in: String,
}

/// Placeholders a message template may use.
pub const MESSAGE_PLACEHOLDERS: [&str; 5] = ["id", "title", "scope", "class", "list"];

/// A set of rules, in report order.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    /// The rules, in report order.
    pub rules: Vec<Rule>,
    /// The built-in rules that rule files redefined or left out (see
    /// [`RuleSet::load`]); every output names them.
    pub builtin_changes: BuiltinChanges,
    /// For a parsed rule file: where each rule's code is, and whether it says
    /// `overrides = true` (with a `reason`). Used when merging.
    declared: Vec<Declared>,
}

/// How a rule of a file declares itself (positions for the merge errors).
#[derive(Clone, Debug)]
struct Declared {
    code: String,
    at: SourceSpan,
    /// The position of `overrides = true`, when the rule says it.
    overrides: Option<SourceSpan>,
    reason: Option<String>,
}

/// A built-in rule redefined by a rule file (`overrides = true`, with a reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Override {
    /// The code of the built-in rule.
    pub code: String,
    /// Where it is redefined: `file:line` of the rule's `code`.
    pub by: String,
    /// Why, as the rule file says.
    pub reason: String,
    /// The severity of the built-in rule.
    pub builtin_severity: RuleSeverity,
    /// The severity of the rule that replaces it.
    pub severity: RuleSeverity,
    /// Rules whose `fired` tests name this code: their meaning changes with it.
    pub referenced_by: Vec<String>,
}

/// What rule files changed in the built-in set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct BuiltinChanges {
    /// Built-in rules redefined by a rule file.
    pub overridden: Vec<Override>,
    /// Built-in rules that do not run (`--no-builtin`, or a CI policy's rule file).
    pub disabled: Vec<String>,
}

impl BuiltinChanges {
    /// True when the built-in rules run as shipped.
    pub fn is_empty(&self) -> bool {
        self.overridden.is_empty() && self.disabled.is_empty()
    }

    /// One line per change, for text outputs: "built-in rule CEDAW-GENERAL-BAN
    /// is overridden by rules.toml:3 (critical → info): …".
    pub fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .overridden
            .iter()
            .map(|o| {
                let refs = if o.referenced_by.is_empty() {
                    String::new()
                } else {
                    format!("; it changes the meaning of {} (their `fired` names it)", o.referenced_by.join(", "))
                };
                format!(
                    "built-in rule {} is overridden by {} (severity {} → {}): {}{refs}",
                    o.code, o.by, o.builtin_severity, o.severity, o.reason
                )
            })
            .collect();
        if !self.disabled.is_empty() {
            v.push(format!("{} built-in rule(s) do not run: {}", self.disabled.len(), self.disabled.join(", ")));
        }
        v
    }
}

/// A rule file that cannot be used, with every problem found, each
/// positioned: the one [`FileError`](crate::diagnostic::FileError) type.
pub type RulesError = crate::diagnostic::FileError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format_version: Spanned<u32>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    code: Spanned<String>,
    severity: RuleSeverity,
    #[serde(default)]
    level: RuleLevel,
    title: String,
    what: String,
    why: String,
    #[serde(default)]
    interpretation: Option<String>,
    #[serde(default)]
    fix: Option<String>,
    message: Spanned<String>,
    #[serde(default)]
    message_absent: Option<Spanned<String>>,
    #[serde(default)]
    citations: Vec<Spanned<Citation>>,
    trigger: Spanned<RawCond>,
    /// The rule redefines a rule already in the set (a built-in one, or one of an earlier file).
    #[serde(default)]
    overrides: Option<Spanned<bool>>,
    /// Why it does (required with `overrides = true`).
    #[serde(default)]
    reason: Option<Spanned<String>>,
}

impl RuleSet {
    /// The embedded rule set.
    pub fn builtin() -> RuleSet {
        static B: OnceLock<RuleSet> = OnceLock::new();
        B.get_or_init(|| {
            RuleSet::parse_with("<built-in>/builtin.toml", Arc::from(BUILTIN_RULES), true)
                .map(|mut s| {
                    s.rules.iter_mut().for_each(|r| r.defined_in = "built-in".into());
                    s.declared.clear();
                    s
                })
                .expect("the embedded rule set is valid (tested)")
        })
        .clone()
    }

    /// Reads a rule file. `fired` references are checked by [`RuleSet::check_references`]
    /// once every file is merged (see [`RuleSet::load`]).
    pub fn from_path(path: &Path) -> Result<RuleSet, RulesError> {
        let name = path.display().to_string();
        let (text, _) =
            crate::load::read_text(path, &name).map_err(|d| RulesError { path: name.clone(), diagnostics: vec![d] })?;
        RuleSet::parse(&name, text)
    }

    /// Parses a rule file given as text; `name` is used in positions.
    pub fn parse(name: &str, text: Arc<str>) -> Result<RuleSet, RulesError> {
        RuleSet::parse_with(name, text, false)
    }

    /// [`RuleSet::parse`]; with `lazy`, regexes are compiled on first use.
    fn parse_with(name: &str, text: Arc<str>, lazy: bool) -> Result<RuleSet, RulesError> {
        let fail = |diagnostics: Vec<Diagnostic>| RulesError { path: name.to_string(), diagnostics };
        let raw: RawFile = match toml::from_str(&text) {
            Ok(r) => r,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().to_string();
                let mut d = Diagnostic::error("rules-syntax", msg.clone()).at(name, &text, span);
                if let Some(h) = unknown_field_hint(&msg) {
                    d = d.with_hint(h);
                }
                return Err(fail(vec![d]));
            }
        };
        let fc = FileCtx { path: name, text: &text, lazy };
        let mut errors = Vec::new();
        if *raw.format_version.get_ref() != RULES_FORMAT_VERSION {
            errors.push(
                Diagnostic::error(
                    "rules-format-version",
                    format!("format_version {} is not supported; this alljobs reads 1", raw.format_version.get_ref()),
                )
                .at(name, &text, raw.format_version.span()),
            );
        }
        let mut rules = Vec::new();
        let mut declared = Vec::new();
        let span_of = |span: std::ops::Range<usize>| SourceSpan { path: name.to_string(), text: text.clone(), span };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for raw_rule in raw.rules {
            let rule_span = raw_rule.span();
            let r = raw_rule.into_inner();
            let code_span = r.code.span();
            let code = r.code.into_inner();
            if !valid_code(&code) {
                errors.push(
                    Diagnostic::error("rule-code", format!("`{code}` is not a rule code"))
                        .at(name, &text, code_span.clone())
                        .with_hint("upper-case letters, digits and dashes, e.g. `MY-ORG-NIGHT-WORK`"),
                );
            }
            if let Some(first) = seen.insert(code.clone(), rule_span.start) {
                let (line, _) = crate::diagnostic::line_col(&text, first);
                errors.push(
                    Diagnostic::error(
                        "duplicate-rule",
                        format!("rule `{code}` is defined twice (first on line {line})"),
                    )
                    .at(name, &text, code_span.clone()),
                );
            }
            let overrides = r.overrides.filter(|o| *o.get_ref()).map(|o| span_of(o.span()));
            let reason = match r.reason {
                Some(reason) if overrides.is_none() => {
                    errors.push(
                        Diagnostic::error(
                            "rule-override",
                            "`reason` explains an override, but the rule does not say `overrides = true`",
                        )
                        .at(name, &text, reason.span())
                        .with_hint(
                            "add `overrides = true` when the rule redefines a built-in rule, or remove `reason`",
                        ),
                    );
                    None
                }
                r => r.map(Spanned::into_inner).filter(|s| !s.trim().is_empty()),
            };
            let this = Declared { code: code.clone(), at: span_of(code_span.clone()), overrides, reason };
            let msg_span = r.message.span();
            let message = r.message.into_inner();
            if let Err(bad) = check_template(&message) {
                errors.push(
                    Diagnostic::error("rule-message", format!("unknown placeholder `{{{bad}}}` in the message"))
                        .at(name, &text, msg_span)
                        .with_hint(format!(
                            "placeholders: {}",
                            MESSAGE_PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
                        )),
                );
            }
            let message_absent = r.message_absent.map(|m| {
                let span = m.span();
                let m = m.into_inner();
                if let Err(bad) = check_template(&m) {
                    errors.push(
                        Diagnostic::error("rule-message", format!("unknown placeholder `{{{bad}}}` in message_absent"))
                            .at(name, &text, span),
                    );
                }
                m
            });
            let mut citations = Vec::new();
            for c in r.citations {
                let sp = c.span();
                let c = c.into_inner();
                if let Some(p) = &c.paragraph {
                    if p.trim().is_empty() {
                        errors.push(Diagnostic::error("rule-citation", "empty paragraph").at(name, &text, sp.clone()));
                    } else if c.status == CitationStatus::Unverified && p != "unverified" {
                        errors.push(
                            Diagnostic::error(
                                "rule-citation",
                                format!("an unverified citation gives no paragraph number (found `{p}`)"),
                            )
                            .at(name, &text, sp.clone())
                            .with_hint("write paragraph = \"unverified\": it is shown as \"para unverified\""),
                        );
                    }
                }
                citations.push(c);
            }
            let trigger_span = r.trigger.span();
            let Some(trigger) = trigger::build(r.trigger, &fc, &mut errors) else { continue };
            if r.level == RuleLevel::List
                && let Some(k) = trigger.first_entry_test()
            {
                errors.push(
                    Diagnostic::error("rule-level", format!("list rule `{code}` uses the entry test `{k}`"))
                        .at(name, &text, trigger_span)
                        .with_hint("list rules may use: jurisdiction, number, instrument, status, adopted, list_title, relation, fired"),
                );
                continue;
            }
            declared.push(this);
            rules.push(Rule {
                code,
                severity: r.severity,
                level: r.level,
                title: r.title,
                what: r.what,
                why: r.why,
                citations,
                interpretation: r.interpretation.filter(|s| !s.trim().is_empty()),
                fix: r.fix.filter(|s| !s.trim().is_empty()),
                message,
                message_absent,
                trigger,
                defined_in: name.to_string(),
            });
        }
        if errors.is_empty() { Ok(RuleSet { rules, declared, ..RuleSet::default() }) } else { Err(fail(errors)) }
    }

    /// The built-in rules (unless `builtin` is false) extended by each file in
    /// turn, with every `fired` reference checked. A rule whose code is already
    /// in the set (a built-in rule, even with `builtin` false, or a rule of an
    /// earlier file) must say `overrides = true` with a `reason`; the set's
    /// [`BuiltinChanges`] name the built-in rules overridden or left out.
    pub fn load(files: &[impl AsRef<Path>], builtin: bool) -> Result<RuleSet, RulesError> {
        let mut parsed = Vec::new();
        for f in files {
            parsed.push(RuleSet::from_path(f.as_ref())?);
        }
        let first = files.first().map(|f| f.as_ref().display().to_string()).unwrap_or_default();
        RuleSet::merged(parsed, builtin, &first)
    }

    /// [`RuleSet::load`] for rule files already parsed (e.g. read from a git
    /// revision); `first_path` names the first file in errors that have no position.
    pub fn merged(files: Vec<RuleSet>, builtin: bool, first_path: &str) -> Result<RuleSet, RulesError> {
        let mut set = if builtin { RuleSet::builtin() } else { RuleSet::default() };
        for f in files {
            set.merge(f).map_err(|diagnostics| {
                let path = diagnostics[0].location.as_ref().map(|l| l.file.clone()).unwrap_or_default();
                RulesError { path, diagnostics }
            })?;
        }
        let errors = set.check_references();
        if let Some(first) = errors.first() {
            // A reference error with no place is named after the files loaded (never an empty name).
            let path = first.location.as_ref().map(|l| l.file.clone()).filter(|f| !f.is_empty()).unwrap_or_else(|| {
                if first_path.is_empty() { "<built-in rules>".to_string() } else { first_path.to_string() }
            });
            return Err(RulesError { path, diagnostics: errors });
        }
        if set.rules.is_empty() {
            let path = first_path.to_string();
            return Err(RulesError {
                path: path.clone(),
                diagnostics: vec![Diagnostic::error("no-rules", "no rules to run").in_file(&path).with_hint(
                    "a rule file holds [[rules]] tables; unless the built-in rules are turned off they run too",
                )],
            });
        }
        let builtin_set = RuleSet::builtin();
        set.builtin_changes.disabled =
            builtin_set.rules.iter().filter(|b| set.get(&b.code).is_none()).map(|b| b.code.clone()).collect();
        let referenced_by = |code: &str| -> Vec<String> {
            set.rules
                .iter()
                .filter(|r| r.trigger.fired_refs().iter().any(|(c, _)| *c == code))
                .map(|r| r.code.clone())
                .collect()
        };
        let refs: Vec<Vec<String>> = set.builtin_changes.overridden.iter().map(|o| referenced_by(&o.code)).collect();
        for (o, r) in set.builtin_changes.overridden.iter_mut().zip(refs) {
            o.referenced_by = r;
        }
        Ok(set)
    }

    /// Adds the rules of a parsed rule file, as [`RuleSet::extend`] does, after
    /// checking the file's `overrides` declarations; `Err` holds every problem,
    /// each at its position.
    fn merge(&mut self, file: RuleSet) -> Result<(), Vec<Diagnostic>> {
        let builtin = RuleSet::builtin();
        let mut errors = Vec::new();
        let mut overridden = Vec::new();
        for d in &file.declared {
            let here = self.get(&d.code);
            let shipped = builtin.get(&d.code);
            let what = match (here, shipped) {
                (Some(r), _) if r.defined_in != "built-in" => Some(format!("a rule of {}", r.defined_in)),
                (_, Some(_)) => Some("a built-in rule".to_string()),
                _ => None,
            };
            match (what, &d.overrides, &d.reason) {
                (Some(what), None, _) => errors.push(
                    d.at.error(
                        "rule-override",
                        format!("rule `{}` has the code of {what}: a rule file that redefines a rule must say so", d.code),
                    )
                    .with_hint("add `overrides = true` and a `reason` to the rule, or give it a code of its own (e.g. `MY-ORG-…`)"),
                ),
                (Some(_), Some(at), None) => errors.push(
                    at.error("rule-override", format!("rule `{}` says `overrides = true` without a `reason`", d.code))
                        .with_hint("add `reason = \"…\"`: why this rule replaces the one it overrides (it is shown in every output)"),
                ),
                (None, Some(at), _) => {
                    let mut e = at.error(
                        "rule-override",
                        format!("rule `{}` says `overrides = true`, but there is no rule `{}` to override", d.code, d.code),
                    );
                    if let Some(s) = builtin.suggest(&d.code).or_else(|| self.suggest(&d.code)) {
                        e = e.with_hint(format!("did you mean `{s}`?"));
                    }
                    errors.push(e);
                }
                (Some(_), Some(_), Some(reason)) => {
                    if let (Some(b), Some(new)) = (shipped, file.get(&d.code)) {
                        let (line, _) = crate::diagnostic::line_col(&d.at.text, d.at.span.start);
                        overridden.push(Override {
                            code: d.code.clone(),
                            by: format!("{}:{line}", d.at.path),
                            reason: reason.clone(),
                            builtin_severity: b.severity,
                            severity: new.severity,
                            referenced_by: Vec::new(),
                        });
                    }
                }
                (None, None, _) => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for o in overridden {
            self.builtin_changes.overridden.retain(|x| x.code != o.code);
            self.builtin_changes.overridden.push(o);
        }
        self.extend(file);
        Ok(())
    }

    /// Adds the rules of `other`: a rule with the code of an existing rule
    /// replaces it in place; new rules are appended.
    pub fn extend(&mut self, other: RuleSet) {
        for r in other.rules {
            match self.rules.iter_mut().find(|x| x.code == r.code) {
                Some(slot) => *slot = r,
                None => self.rules.push(r),
            }
        }
    }

    /// A rule by code.
    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// The position of a rule.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.code == code)
    }

    /// Every code, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.code.as_str()).collect()
    }

    /// The rule closest to a mistyped code, for "did you mean".
    pub fn suggest(&self, code: &str) -> Option<&str> {
        did_you_mean(&code.to_ascii_uppercase(), self.codes())
    }

    /// Errors for `fired` tests naming no rule of the set, and for cycles of `fired`.
    pub fn check_references(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for r in &self.rules {
            for (code, at) in r.trigger.fired_refs() {
                if self.get(code).is_none() {
                    let msg = format!("rule `{}`: `fired` names no rule `{code}`", r.code);
                    let mut d = match at {
                        Some(at) => at.error("unknown-rule", msg),
                        None => Diagnostic::error("unknown-rule", msg),
                    };
                    if let Some(s) = self.suggest(code) {
                        d = d.with_hint(format!("did you mean `{s}`?"));
                    }
                    out.push(d);
                }
            }
        }
        if out.is_empty()
            && let Err(cycle) = self.evaluation_order()
        {
            out.push(Diagnostic::error("rule-cycle", format!("rules depend on each other through `fired`: {cycle}")));
        }
        out
    }

    /// Rule indexes in an order where every rule comes after the rules its
    /// `fired` tests name; `Err` names a cycle.
    pub fn evaluation_order(&self) -> Result<Vec<usize>, String> {
        let n = self.rules.len();
        let deps: Vec<Vec<usize>> = self
            .rules
            .iter()
            .map(|r| r.trigger.fired_refs().iter().filter_map(|(c, _)| self.index_of(c)).collect())
            .collect();
        let mut order = Vec::with_capacity(n);
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        fn visit(
            i: usize,
            deps: &[Vec<usize>],
            state: &mut [u8],
            order: &mut Vec<usize>,
            rules: &[Rule],
        ) -> Result<(), String> {
            match state[i] {
                2 => return Ok(()),
                1 => return Err(rules[i].code.clone()),
                _ => {}
            }
            state[i] = 1;
            for &d in &deps[i] {
                visit(d, deps, state, order, rules).map_err(|c| format!("{} → {c}", rules[i].code))?;
            }
            state[i] = 2;
            order.push(i);
            Ok(())
        }
        for i in 0..n {
            visit(i, &deps, &mut state, &mut order, &self.rules)?;
        }
        Ok(order)
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && code.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
}

/// `Err(name)` for the first unknown `{name}` in a template.
fn check_template(t: &str) -> Result<(), String> {
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else { return Err(after.to_string()) };
        let name = &after[..j];
        if !MESSAGE_PLACEHOLDERS.contains(&name) {
            return Err(name.to_string());
        }
        rest = &after[j + 1..];
    }
    Ok(())
}

fn fill(t: &str, values: &[(&str, &str)]) -> String {
    // One pass over the template: a value is never read as a template, so an
    // entry title that holds `{scope}` is quoted as it is written.
    let mut s = String::with_capacity(t.len() + 64);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        s.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| Some((close, values.iter().find(|(k, _)| *k == &after[..close])?))) {
            Some((close, (_, v))) => {
                s.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                s.push('{');
                rest = after;
            }
        }
    }
    s.push_str(rest);
    s
}

/// A "did you mean" hint for toml's "unknown field `x`, expected one of `a`, `b`".
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(word, candidates.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

// ---------------------------------------------------------------- flag

/// Options of a flag run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagOptions {
    /// The date waivers and review dates are compared with.
    pub today: Date,
    /// How many years after `reviewed` a review is due when no `next_review` is set.
    pub review_period_years: u32,
    /// The languages the messages quote the list's and the entries' titles in, first
    /// found first (default: Russian, then English, then Kyrgyz); the triggers read every language.
    pub text_prefs: &'static [&'static str],
}

impl Default for FlagOptions {
    /// Today from the system clock (UTC), review period 5 years.
    fn default() -> FlagOptions {
        FlagOptions { today: today(), review_period_years: 5, text_prefs: crate::model::language_order("ru") }
    }
}

/// Today's date (UTC) from the system clock.
pub fn today() -> Date {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    date_from_unix_days(secs.div_euclid(86_400))
}

/// The civil (proleptic Gregorian) date `days` after 1970-01-01
/// (H. Hinnant's `civil_from_days`).
pub fn date_from_unix_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date { year: year.clamp(0, 9999) as u16, month: Some(month), day: Some(day) }
}

/// One finding: a rule that fired on an entry (or on the list).
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// The rule's code.
    pub rule: String,
    /// The rule's title.
    pub title: String,
    /// The rule's severity.
    pub severity: RuleSeverity,
    /// `None` for list-level findings.
    pub entry_id: Option<String>,
    /// The entry's position (its `id` line), or the list file for list findings.
    pub location: Location,
    /// The rule's message, filled in for the entry.
    pub message: String,
    /// What matched: phrases of the text, fields, notes of the trigger.
    pub evidence: Vec<String>,
    /// The rule's citations (shared by the rule's findings).
    pub citations: Citations,
    /// The rule rests on an interpretation.
    pub interpretation: bool,
    /// Suppressed by a waiver in force.
    pub waived: bool,
    /// The waiver that suppresses it (boxed: most findings have none).
    pub waiver: Option<Box<Waiver>>,
    /// The fields the rule reads (entry fields by name, list fields as `list.…`;
    /// shared by the rule's findings).
    pub reads: Shared<String>,
    /// True when the finding fires only because fields are absent from the entry.
    pub rests_on_absence: bool,
    /// The absent fields it rests on.
    pub absent_fields: Vec<String>,
    /// `low` when it rests on an absence in a partial or reported transcription.
    pub confidence: FindingConfidence,
    /// For a list-level finding of an entry rule that holds for every entry
    /// ([`FlagReport::collapsed`]): the entries it holds for; empty otherwise.
    pub entries: Vec<String>,
}

/// The findings of one list.
#[derive(Clone, Debug, Default)]
pub struct FlagReport {
    /// List findings first, then entries in the list's order; within an entry, in rule order.
    pub findings: Vec<Finding>,
    /// Scope field and wording that disagree (as `classify` reports them: the
    /// class used may be wrong), then expired waivers, waivers that suppress
    /// nothing, and waivers naming unknown rules.
    pub warnings: Vec<Diagnostic>,
}

impl FlagReport {
    /// Findings not waived.
    pub fn unwaived(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.waived)
    }
    /// Unwaived findings of one severity.
    pub fn count(&self, s: RuleSeverity) -> usize {
        self.unwaived().filter(|f| f.severity == s).count()
    }
    /// Waived findings.
    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived).count()
    }
    /// True when an unwaived finding is at or above `threshold`.
    pub fn fails(&self, threshold: RuleSeverity) -> bool {
        self.unwaived().any(|f| f.severity >= threshold)
    }
    /// "57 findings: 18 critical, 2 high, 18 medium, 19 info; 0 waived".
    pub fn summary(&self) -> String {
        let n = self.findings.len() - self.waived();
        let parts: Vec<String> = RuleSeverity::ALL.iter().map(|s| format!("{} {s}", self.count(*s))).collect();
        format!("{n} {}: {}; {} waived", if n == 1 { "finding" } else { "findings" }, parts.join(", "), self.waived())
    }
}

fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max { s } else { format!("{}…", s.chars().take(max - 1).collect::<String>().trim_end()) }
}

/// Runs a rule set over a list (classifying it first: a caller that has the
/// classification passes it to [`flag_classified`]).
pub fn flag(list: &List, rules: &RuleSet, opts: &FlagOptions) -> FlagReport {
    flag_classified(list, &classify(list), rules, opts)
}

/// Runs a rule set over a list whose entries `classes` classifies
/// ([`crate::classify::classify`] of the same list).
pub fn flag_classified(list: &List, classes: &Classification, rules: &RuleSet, opts: &FlagOptions) -> FlagReport {
    let order = rules.evaluation_order().unwrap_or_else(|_| (0..rules.rules.len()).collect());
    let list_texts = ListTexts::new(list, rules.rules.iter().map(|r| &r.trigger));
    let list_title = short(pick_text(&list.meta().title, opts.text_prefs).unwrap_or(""), 80);
    let mut report = FlagReport { findings: Vec::new(), warnings: classes.warnings.clone() };
    // Per rule, once per run: its citations (shared by its findings) and the fields it reads.
    let citations: Vec<Citations> = rules.rules.iter().map(|r| Citations::from(r.citations.as_slice())).collect();
    let reads: Vec<Shared<String>> = rules.rules.iter().map(|r| Shared::from(basis::reads(&r.trigger))).collect();

    let finding = |ri: usize, entry: Option<(&str, &str, &EntryClass)>, location: Location, evidence: Vec<String>| {
        let r = &rules.rules[ri];
        let (id, title, scope, class) = match entry {
            Some((id, title, c)) => (id.to_string(), title.to_string(), c.scope.to_string(), c.class.to_string()),
            None => (String::new(), list_title.clone(), list.meta().default_scope.to_string(), String::new()),
        };
        let mut message = fill(
            &r.message,
            &[("id", &id), ("title", &title), ("scope", &scope), ("class", &class), ("list", &list.meta().id)],
        );
        let mut evidence = evidence;
        let mut seen = HashSet::new();
        evidence.retain(|e| seen.insert(e.clone()));
        if !evidence.is_empty() {
            message.push_str(&format!(" ({})", evidence.join("; ")));
        }
        Finding {
            rule: r.code.clone(),
            title: r.title.clone(),
            severity: r.severity,
            entry_id: entry.map(|e| e.0.to_string()),
            location,
            message,
            evidence,
            citations: citations[ri].clone(),
            interpretation: r.interpretation.is_some(),
            waived: false,
            waiver: None,
            reads: reads[ri].clone(),
            rests_on_absence: false,
            absent_fields: Vec::new(),
            confidence: FindingConfidence::High,
            entries: Vec::new(),
        }
    };

    // List rules.
    let mut list_fired: HashSet<String> = HashSet::new();
    let mut list_findings: Vec<(usize, Finding)> = Vec::new();
    for &ri in &order {
        let r = &rules.rules[ri];
        if r.level != RuleLevel::List {
            continue;
        }
        let cx = Ctx {
            list,
            list_texts: &list_texts,
            entry: None,
            fired: &list_fired,
            today: opts.today,
            review_period_years: opts.review_period_years,
        };
        if let Some(ev) = r.trigger.eval(&cx) {
            list_fired.insert(r.code.clone());
            list_findings.push((ri, finding(ri, None, Location::file_only(list.path()), ev)));
        }
    }
    list_findings.sort_by_key(|(ri, _)| *ri);
    report.findings.extend(list_findings.into_iter().map(|(_, f)| f));

    // Entry rules.
    let list_complete = basis::complete(list);
    for (i, e) in list.entries().iter().enumerate() {
        let class = &classes.entries[i];
        let texts = EntryTexts::new(e);
        let title = short(pick_text(&e.title, opts.text_prefs).unwrap_or(&e.id), 70);
        let mut fired = list_fired.clone();
        let mut found: Vec<(usize, Finding)> = Vec::new();
        for &ri in &order {
            let r = &rules.rules[ri];
            if r.level != RuleLevel::Entry {
                continue;
            }
            let cx = Ctx {
                list,
                list_texts: &list_texts,
                entry: Some((e, class, &texts)),
                fired: &fired,
                today: opts.today,
                review_period_years: opts.review_period_years,
            };
            if let Some(ev) = r.trigger.eval(&cx) {
                let mut f = finding(ri, Some((&e.id, &title, class)), list.origin(i), ev);
                let (scope, cls) = (class.scope.to_string(), class.class.to_string());
                let values = basis::MessageValues {
                    id: &e.id,
                    title: &title,
                    scope: &scope,
                    class: &cls,
                    list: &list.meta().id,
                };
                basis::qualify(&mut f, r, &cx, e, class, &values, list_complete);
                fired.insert(r.code.clone());
                found.push((ri, f));
            }
        }
        found.sort_by_key(|(ri, _)| *ri);
        let mut found: Vec<Finding> = found.into_iter().map(|(_, f)| f).collect();
        apply_waivers(list, i, rules, opts, &mut found, &mut report.warnings);
        report.findings.extend(found);
    }
    // The vector grew by doubling: give back the unused part (up to half of it) before the
    // report is held for the output.
    report.findings.shrink_to_fit();
    report
}

fn apply_waivers(
    list: &List,
    i: usize,
    rules: &RuleSet,
    opts: &FlagOptions,
    found: &mut [Finding],
    warnings: &mut Vec<Diagnostic>,
) {
    let e = &list.entries()[i];
    let at = |d: Diagnostic| {
        let mut d = d;
        d.location = Some(list.origin(i));
        d
    };
    for w in &e.waivers {
        if rules.get(&w.rule).is_none() {
            let mut d = Diagnostic::warning(
                "unknown-waiver-rule",
                format!("entry `{}`: the waiver names no rule `{}`", e.id, w.rule),
            );
            d = match rules.suggest(&w.rule) {
                Some(s) => d.with_hint(format!("did you mean `{s}`? (`alljobs rules` lists them)")),
                None => d.with_hint("`alljobs rules` lists the rule codes"),
            };
            warnings.push(at(d));
            continue;
        }
        if let Some(until) = w.until
            && until.strict_cmp(&opts.today) == Some(std::cmp::Ordering::Less)
        {
            warnings.push(at(Diagnostic::warning(
                "expired-waiver",
                format!(
                    "entry `{}`: the waiver of {} expired on {until} (today is {}); it suppresses nothing",
                    e.id, w.rule, opts.today
                ),
            )
            .with_hint("renew it with a new `until` after a fresh review, or remove it")));
            continue;
        }
        match found.iter_mut().find(|f| f.rule == w.rule) {
            Some(f) if !f.waived => {
                f.waived = true;
                f.waiver = Some(Box::new(w.clone()));
            }
            Some(_) => warnings.push(at(Diagnostic::warning(
                "unused-waiver",
                format!("entry `{}`: a second waiver of {} suppresses nothing", e.id, w.rule),
            ))),
            None => warnings.push(at(Diagnostic::warning(
                "unused-waiver",
                format!("entry `{}`: the waiver of {} suppresses nothing: the rule does not fire here", e.id, w.rule),
            )
            .with_hint("remove the waiver, or check the entry's fields"))),
        }
    }
}

#[cfg(test)]
mod tests;
