//! SARIF 2.1.0 (one run; the rules with their help text and citations; one
//! result per finding; waived findings carry an `inSource` suppression with
//! the waiver's justification). Accepted by GitHub code scanning.

use crate::list::List;
use crate::render::github::repo_path;
use crate::rules::{FlagReport, Rule, RuleSet, RuleSeverity};
use serde_json::Value;

/// The `$schema` of the documents.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF level of a severity: critical/high → error, medium → warning, info → note.
pub(crate) fn level(s: RuleSeverity) -> &'static str {
    match s {
        RuleSeverity::Critical | RuleSeverity::High => "error",
        RuleSeverity::Medium => "warning",
        RuleSeverity::Info => "note",
    }
}

/// A rule code as a SARIF `name`: `CEDAW-GENERAL-BAN` → `CedawGeneralBan`.
pub(crate) fn rule_name(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// Percent-encodes a relative path for `artifactLocation.uri` (RFC 3986: unreserved
/// characters and `/` are kept).
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in repo_path(path).bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn help_text(r: &Rule) -> String {
    let mut s = format!("{}\n\nWhy: {}\n", r.what.trim(), r.why.trim());
    if let Some(i) = &r.interpretation {
        s.push_str(&format!("\nThis rule rests on an interpretation: {}\n", i.trim()));
    }
    if let Some(f) = &r.fix {
        s.push_str(&format!("\nWhat to do: {}\n", f.trim()));
    }
    s.push_str("\nReferences:\n");
    for c in &r.citations {
        s.push_str(&format!("- {c}\n"));
    }
    s
}

/// The SARIF 2.1.0 objects alljobs writes, as typed structs (a subset of the OASIS schema:
/// sarifLog, run, tool, toolComponent, reportingDescriptor, result, location, suppression).
pub(crate) mod log {
    use crate::rules::{BuiltinChanges, FindingConfidence, Override, RuleSeverity};
    use serde::Serialize;

    /// `sarifLog`.
    #[derive(Serialize, Debug, Clone)]
    pub struct Log<'a> {
        #[serde(rename = "$schema")]
        pub schema: &'static str,
        pub version: &'static str,
        pub runs: Vec<Run<'a>>,
    }

    /// `run`: one per invocation.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct Run<'a> {
        pub tool: Tool<'a>,
        pub column_kind: &'static str,
        pub results: Vec<AnyResult<'a>>,
        /// The lists the run covers (`None` for `check`, whose results name their files).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub properties: Option<RunProperties>,
    }

    /// `tool`.
    #[derive(Serialize, Debug, Clone)]
    pub struct Tool<'a> {
        pub driver: Driver<'a>,
    }

    /// `toolComponent`: the rules once, in `rules`; results refer to them by index and id.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct Driver<'a> {
        pub name: &'static str,
        pub version: &'static str,
        pub semantic_version: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub information_uri: Option<&'static str>,
        pub rules: Vec<AnyDescriptor<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub properties: Option<DriverProperties<'a>>,
    }

    /// Built-in rules changed by rule files.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct DriverProperties<'a> {
        pub builtin_rules: &'a BuiltinChanges,
    }

    /// A `message` / `multiformatMessageString` with plain text.
    #[derive(Serialize, Debug, Clone)]
    pub struct Text<'a> {
        pub text: &'a str,
    }

    /// `multiformatMessageString` with text and Markdown.
    #[derive(Serialize, Debug, Clone)]
    pub struct Help {
        pub text: String,
        pub markdown: String,
    }

    /// `reportingDescriptor`: one rule.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct Descriptor<'a> {
        pub id: &'a str,
        pub name: String,
        pub short_description: Text<'a>,
        pub full_description: Text<'a>,
        pub help: Help,
        pub default_configuration: Configuration,
        pub properties: DescriptorProperties<'a>,
    }

    /// A `reportingDescriptor`: a rule of the rule set, or a rule of the CI policy.
    #[derive(Serialize, Debug, Clone)]
    #[serde(untagged)]
    pub enum AnyDescriptor<'a> {
        /// A rule `flag` runs.
        Rule(Descriptor<'a>),
        /// A rule of the CI policy (`alljobs-policy/<rule>`).
        Policy(PolicyDescriptor),
        /// A diagnostic code of `check`.
        Code(CodeDescriptor),
    }

    /// A `result`: a finding, or a policy violation.
    #[derive(Serialize, Debug, Clone)]
    #[serde(untagged)]
    pub enum AnyResult<'a> {
        /// A finding of a rule.
        Finding(SarifResult<'a>),
        /// A violation of the CI policy.
        Violation(PolicyResult<'a>),
        /// A diagnostic of `check`.
        Diagnostic(DiagnosticResult),
    }

    /// `reportingDescriptor` of a diagnostic code of `check`.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct CodeDescriptor {
        pub id: String,
        pub name: String,
        pub short_description: OwnedText,
    }

    /// `result` of a diagnostic: the file, and the region when it has a position.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct DiagnosticResult {
        pub rule_id: String,
        pub rule_index: usize,
        pub level: &'static str,
        pub message: OwnedText,
        pub locations: [DiagnosticLocation; 1],
    }

    /// `location` of a diagnostic.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct DiagnosticLocation {
        pub physical_location: DiagnosticPhysicalLocation,
    }

    /// `physicalLocation` of a diagnostic: the region only when it has a position.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct DiagnosticPhysicalLocation {
        pub artifact_location: ArtifactLocation,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub region: Option<SpanRegion>,
    }

    /// A plain-text message that owns its text.
    #[derive(Serialize, Debug, Clone)]
    pub struct OwnedText {
        pub text: String,
    }

    /// `reportingDescriptor` of a CI policy rule.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct PolicyDescriptor {
        pub id: String,
        pub name: String,
        pub short_description: OwnedText,
        pub full_description: OwnedText,
        pub default_configuration: Configuration,
        pub properties: PolicyDescriptorProperties,
    }

    /// The properties of a CI policy rule.
    #[derive(Serialize, Debug, Clone)]
    pub struct PolicyDescriptorProperties {
        pub tags: [&'static str; 1],
    }

    /// `result` of a CI policy violation.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct PolicyResult<'a> {
        pub rule_id: String,
        pub rule_index: usize,
        pub level: &'static str,
        pub message: Text<'a>,
        pub locations: [SpanLocation; 1],
        pub properties: PolicyResultProperties<'a>,
    }

    /// `location` with a region that has its end.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct SpanLocation {
        pub physical_location: SpanPhysicalLocation,
    }

    /// `physicalLocation` with a region that has its end.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct SpanPhysicalLocation {
        pub artifact_location: ArtifactLocation,
        pub region: SpanRegion,
    }

    /// `region` with start and end.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct SpanRegion {
        pub start_line: usize,
        pub start_column: usize,
        pub end_line: usize,
        pub end_column: usize,
    }

    /// alljobs' properties of a policy violation.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct PolicyResultProperties<'a> {
        /// The policy setting broken (`fail.new_general`…).
        pub policy_key: &'static str,
        pub entry_id: Option<&'a str>,
    }

    /// `reportingConfiguration`.
    #[derive(Serialize, Debug, Clone)]
    pub struct Configuration {
        pub level: &'static str,
    }

    /// alljobs' properties of a rule.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct DescriptorProperties<'a> {
        pub severity: RuleSeverity,
        pub interpretation: bool,
        pub interpretation_note: Option<&'a str>,
        pub tags: [&'static str; 3],
        #[serde(skip_serializing_if = "Option::is_none")]
        pub overrides_builtin: Option<&'a Override>,
    }

    /// `result`: one finding, referring to its rule by `ruleId` and `ruleIndex`.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct SarifResult<'a> {
        pub rule_id: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub rule_index: Option<usize>,
        pub level: &'static str,
        pub message: Text<'a>,
        pub locations: [Location; 1],
        pub properties: ResultProperties<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub suppressions: Option<[Suppression; 1]>,
    }

    /// `location` with its `physicalLocation`.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct Location {
        pub physical_location: PhysicalLocation,
    }

    /// `physicalLocation`.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct PhysicalLocation {
        pub artifact_location: ArtifactLocation,
        pub region: Region,
    }

    /// `artifactLocation`.
    #[derive(Serialize, Debug, Clone)]
    pub struct ArtifactLocation {
        pub uri: String,
    }

    /// `region`.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct Region {
        pub start_line: usize,
        pub start_column: usize,
    }

    /// alljobs' properties of a result.
    #[derive(Serialize, Debug, Clone)]
    #[serde(rename_all = "camelCase")]
    pub struct ResultProperties<'a> {
        pub severity: RuleSeverity,
        pub list: &'a str,
        pub entry_id: Option<&'a str>,
        pub evidence: &'a [String],
        pub confidence: FindingConfidence,
        pub rests_on_absence: bool,
    }

    /// `suppression` of a waived finding.
    #[derive(Serialize, Debug, Clone)]
    pub struct Suppression {
        pub kind: &'static str,
        pub status: &'static str,
        pub justification: String,
    }

    /// The lists the run covers, with their completeness.
    #[derive(Serialize, Debug, Clone)]
    pub struct RunProperties {
        pub lists: Vec<RunList>,
    }

    /// One list of the run.
    #[derive(Serialize, Debug, Clone)]
    pub struct RunList {
        pub id: String,
        pub uri: String,
        pub completeness: String,
        pub summary: String,
    }
}

fn descriptor<'a>(r: &'a Rule, rules: &'a RuleSet) -> log::Descriptor<'a> {
    log::Descriptor {
        id: &r.code,
        name: rule_name(&r.code),
        short_description: log::Text { text: &r.title },
        full_description: log::Text { text: r.what.trim() },
        help: log::Help { text: help_text(r), markdown: crate::render::table::rule_markdown(r) },
        default_configuration: log::Configuration { level: level(r.severity) },
        properties: log::DescriptorProperties {
            severity: r.severity,
            interpretation: r.interpretation.is_some(),
            interpretation_note: r.interpretation.as_deref(),
            tags: ["cedaw", "ilo", r.severity.as_str()],
            overrides_builtin: rules.builtin_changes.overridden.iter().find(|o| o.code == r.code),
        },
    }
}

/// The SARIF log of one or more flag reports, typed.
pub(crate) fn log<'a>(reports: &[(&'a List, &'a FlagReport)], rules: &'a RuleSet) -> log::Log<'a> {
    let changes = &rules.builtin_changes;
    let information_uri = option_env!("CARGO_PKG_REPOSITORY")
        .filter(|s| !s.is_empty())
        .or(option_env!("CARGO_PKG_HOMEPAGE").filter(|s| !s.is_empty()));
    let driver = log::Driver {
        name: "alljobs",
        version: env!("CARGO_PKG_VERSION"),
        semantic_version: env!("CARGO_PKG_VERSION"),
        information_uri,
        rules: rules.rules.iter().map(|r| log::AnyDescriptor::Rule(descriptor(r, rules))).collect(),
        properties: (!changes.is_empty()).then_some(log::DriverProperties { builtin_rules: changes }),
    };
    let mut results = Vec::new();
    let mut lists = Vec::new();
    for (list, report) in reports {
        lists.push(log::RunList {
            id: list.meta().id.clone(),
            uri: uri(list.path()),
            completeness: list.completeness().to_string(),
            summary: report.summary(),
        });
        for f in &report.findings {
            results.push(log::AnyResult::Finding(log::SarifResult {
                rule_id: &f.rule,
                rule_index: rules.index_of(&f.rule),
                level: level(f.severity),
                message: log::Text { text: &f.message },
                locations: [log::Location {
                    physical_location: log::PhysicalLocation {
                        artifact_location: log::ArtifactLocation { uri: uri(&f.location.file) },
                        region: log::Region { start_line: f.location.line, start_column: f.location.column },
                    },
                }],
                properties: log::ResultProperties {
                    severity: f.severity,
                    list: &list.meta().id,
                    entry_id: f.entry_id.as_deref(),
                    evidence: &f.evidence,
                    confidence: f.confidence,
                    rests_on_absence: f.rests_on_absence,
                },
                suppressions: f.waiver.as_ref().filter(|_| f.waived).map(|w| {
                    let until = w.until.map(|d| format!(" (until {d})")).unwrap_or_default();
                    [log::Suppression {
                        kind: "inSource",
                        status: "accepted",
                        justification: format!("{} — waived by {}{until}", w.reason, w.by),
                    }]
                }),
            }));
        }
    }
    log::Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![log::Run {
            tool: log::Tool { driver },
            column_kind: "unicodeCodePoints",
            results,
            properties: Some(log::RunProperties { lists }),
        }],
    }
}

/// The SARIF log of one or more flag reports, as a value (for the CI run, which adds its own).
pub fn sarif(reports: &[(&List, &FlagReport)], rules: &RuleSet) -> Value {
    serde_json::to_value(log(reports, rules)).unwrap_or(Value::Null)
}

/// The SARIF log of `alljobs check`: one result per diagnostic (errors and
/// warnings of the list files), its code as the rule id, in the same typed
/// `log` as `flag`'s.
pub mod diagnostics {
    use super::{SARIF_SCHEMA, log as types, uri};
    use crate::diagnostic::{Diagnostic, Severity};

    /// SARIF level of a diagnostic.
    pub fn level(s: Severity) -> &'static str {
        match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The log of the diagnostics of every file checked (`(file name, diagnostics)`).
    /// Notes are left out, as the human output leaves them out.
    pub fn log(files: &[(&str, &[Diagnostic])]) -> types::Log<'static> {
        let mut codes: Vec<&str> = Vec::new();
        let mut rules = Vec::new();
        let mut results = Vec::new();
        for (file, ds) in files {
            for d in ds.iter().filter(|d| d.severity != Severity::Note) {
                let index = match codes.iter().position(|c| *c == d.code) {
                    Some(i) => i,
                    None => {
                        codes.push(d.code);
                        rules.push(types::AnyDescriptor::Code(types::CodeDescriptor {
                            id: d.code.to_string(),
                            name: super::rule_name(d.code),
                            short_description: types::OwnedText { text: format!("alljobs check: {}", d.code) },
                        }));
                        codes.len() - 1
                    }
                };
                let mut text = d.message.clone();
                if let Some(h) = &d.hint {
                    text.push_str(&format!("\nhint: {h}"));
                }
                let (artifact, region) = match &d.location {
                    Some(l) => (
                        l.file.as_str(),
                        Some(types::SpanRegion {
                            start_line: l.line,
                            start_column: l.column,
                            end_line: l.end_line.max(l.line),
                            end_column: l.end_column.max(1),
                        }),
                    ),
                    None => (*file, None),
                };
                results.push(types::AnyResult::Diagnostic(types::DiagnosticResult {
                    rule_id: d.code.to_string(),
                    rule_index: index,
                    level: level(d.severity),
                    message: types::OwnedText { text },
                    locations: [types::DiagnosticLocation {
                        physical_location: types::DiagnosticPhysicalLocation {
                            artifact_location: types::ArtifactLocation { uri: uri(artifact) },
                            region,
                        },
                    }],
                }));
            }
        }
        types::Log {
            schema: SARIF_SCHEMA,
            version: "2.1.0",
            runs: vec![types::Run {
                tool: types::Tool {
                    driver: types::Driver {
                        name: "alljobs",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: None,
                        rules,
                        properties: None,
                    },
                },
                column_kind: "unicodeCodePoints",
                results,
                properties: None,
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_levels_and_uris() {
        assert_eq!(rule_name("CEDAW-GENERAL-BAN"), "CedawGeneralBan");
        assert_eq!(rule_name("ILO-C45-RELIANCE"), "IloC45Reliance");
        assert_eq!(level(RuleSeverity::High), "error");
        assert_eq!(level(RuleSeverity::Info), "note");
        assert_eq!(uri("<embedded>/lists/kg/a b.toml"), "lists/kg/a%20b.toml");
        assert_eq!(uri("списки/x.toml"), "%D1%81%D0%BF%D0%B8%D1%81%D0%BA%D0%B8/x.toml");
    }
}
