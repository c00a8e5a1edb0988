//! SARIF 2.1.0 (one run; the rules with their help text and citations; one
//! result per finding; waived findings carry an `inSource` suppression with
//! the waiver's justification). Accepted by GitHub code scanning.

use crate::list::List;
use crate::render::github::repo_path;
use crate::rules::{FlagReport, Rule, RuleSet, Severity};
use serde_json::{Value, json};

/// The `$schema` of the documents.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF level of a severity: critical/high → error, medium → warning, info → note.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Info => "note",
    }
}

/// A rule code as a SARIF `name`: `CEDAW-GENERAL-BAN` → `CedawGeneralBan`.
pub fn rule_name(code: &str) -> String {
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
pub fn uri(path: &str) -> String {
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

fn descriptor(r: &Rule) -> Value {
    json!({
        "id": r.code,
        "name": rule_name(&r.code),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.what.trim()},
        "help": {"text": help_text(r), "markdown": crate::render::table::rule_markdown(r)},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "severity": r.severity,
            "interpretation": r.interpretation.is_some(),
            "interpretationNote": r.interpretation,
            "tags": ["cedaw", "ilo", r.severity.as_str()],
        },
    })
}

/// The SARIF log of one or more flag reports.
pub fn sarif(reports: &[(&List, &FlagReport)], rules: &RuleSet) -> Value {
    let changes = &rules.builtin_changes;
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            let mut d = descriptor(r);
            if let Some(o) = changes.overridden.iter().find(|o| o.code == r.code) {
                d["properties"]["overridesBuiltin"] = json!(o);
            }
            d
        })
        .collect();
    let mut driver = json!({
        "name": "alljobs",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": descriptors,
    });
    if !changes.is_empty() {
        driver["properties"] = json!({"builtinRules": changes});
    }
    let info = option_env!("CARGO_PKG_REPOSITORY")
        .filter(|s| !s.is_empty())
        .or(option_env!("CARGO_PKG_HOMEPAGE").filter(|s| !s.is_empty()));
    if let Some(u) = info {
        driver["informationUri"] = json!(u);
    }
    let mut results = Vec::new();
    let mut lists = Vec::new();
    for (list, report) in reports {
        lists.push(json!({
            "id": list.meta().id,
            "uri": uri(&list.path),
            "completeness": list.completeness().to_string(),
            "summary": report.summary(),
        }));
        for f in &report.findings {
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.location.file)},
                        "region": {"startLine": f.location.line, "startColumn": f.location.column},
                    }
                }],
                "properties": {
                    "severity": f.severity,
                    "list": list.meta().id,
                    "entryId": f.entry_id,
                    "evidence": f.evidence,
                    "confidence": f.confidence,
                    "restsOnAbsence": f.rests_on_absence,
                },
            });
            if let Some(i) = rules.index_of(&f.rule) {
                r["ruleIndex"] = json!(i);
            }
            if let Some(w) = f.waiver.as_ref().filter(|_| f.waived) {
                let until = w.until.map(|d| format!(" (until {d})")).unwrap_or_default();
                r["suppressions"] = json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": format!("{} — waived by {}{until}", w.reason, w.by),
                }]);
            }
            results.push(r);
        }
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"lists": lists},
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_levels_and_uris() {
        assert_eq!(rule_name("CEDAW-GENERAL-BAN"), "CedawGeneralBan");
        assert_eq!(rule_name("ILO-C45-RELIANCE"), "IloC45Reliance");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(uri("<embedded>/lists/kg/a b.toml"), "lists/kg/a%20b.toml");
        assert_eq!(uri("списки/x.toml"), "%D1%81%D0%BF%D0%B8%D1%81%D0%BA%D0%B8/x.toml");
    }
}
