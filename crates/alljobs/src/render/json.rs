//! JSON output. Every document carries `format_version` (1) and is a stable
//! contract documented in README.

use crate::diagnostic::Diagnostic;
use crate::list::List;
use crate::model::pick_text;
use serde_json::{Value, json};

/// The version of every JSON document alljobs prints.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The `list` object shared by every JSON output.
pub fn list_summary(list: &List) -> Value {
    let m = list.meta();
    let c = list.completeness();
    json!({
        "id": m.id,
        "jurisdiction": m.jurisdiction,
        "instrument": m.instrument,
        "number": m.number,
        "title": m.title,
        "status": m.status,
        "effect": m.effect,
        "default_scope": m.default_scope,
        "base": m.base,
        "entries_present": c.present,
        "entries_declared": c.declared,
        "evidence": {"official_text": c.official_text, "reported": c.reported},
        "completeness": c.to_string(),
        "path": list.path,
    })
}

/// `alljobs show --format json`.
pub fn show(list: &List) -> Value {
    let entries: Vec<Value> = list
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let o = list.origin(i);
            json!({
                "id": e.id,
                "number": e.number,
                "section": e.section,
                "title": e.title,
                "condition": e.condition,
                "scope": list.scope_of(e),
                "scope_inferred": e.scope_inferred,
                "kind": e.kind,
                "evidence": e.evidence,
                "sources": e.sources,
                "file": o.file,
                "line": o.line,
            })
        })
        .collect();
    json!({"format_version": JSON_FORMAT_VERSION, "list": list_summary(list), "entries": entries})
}

/// `alljobs check --format json`: one object per file.
pub fn check(files: &[(String, Option<&List>, Vec<Diagnostic>)]) -> Value {
    let mut errors = 0;
    let mut warnings = 0;
    let files: Vec<Value> = files
        .iter()
        .map(|(path, list, ds)| {
            errors += ds.iter().filter(|d| d.severity == crate::Severity::Error).count();
            warnings += ds.iter().filter(|d| d.severity == crate::Severity::Warning).count();
            json!({
                "path": path,
                "ok": !ds.iter().any(Diagnostic::is_error),
                "list": list.map(list_summary),
                "diagnostics": ds,
            })
        })
        .collect();
    json!({"format_version": JSON_FORMAT_VERSION, "errors": errors, "warnings": warnings, "files": files})
}

/// Title of a list in the preferred language.
pub fn title(list: &List, prefs: &[&str]) -> String {
    pick_text(&list.meta().title, prefs).unwrap_or("").to_string()
}

/// `alljobs diff --format json`: `{"format_version":1,"old":{…},"new":{…},"note",
/// "language","threshold","summary":{…},"changes":[…],"warnings":[…],"framing":[…],"stable_ids",
/// "list_changes":[…]}`. With
/// `stat_only`, `changes` is empty and `"stat": true`.
pub fn diff(old: &List, new: &List, d: &crate::diff::Diff, stat_only: bool) -> Value {
    let changes = if stat_only { json!([]) } else { serde_json::to_value(&d.changes).unwrap_or_else(|_| json!([])) };
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "old": list_summary(old),
        "new": list_summary(new),
        "note": crate::diff::coverage_note(old, new),
        "language": d.language,
        "threshold": d.threshold,
        "stat": stat_only,
        "summary": d.summary,
        "coverage": crate::coverage::groups(d),
        "headline": crate::coverage::headline(d, old, new),
        "changes": changes,
        "warnings": d.warnings,
        "framing": d.framing,
        "stable_ids": d.stable_ids,
        "list_changes": d.list_changes,
    })
}
// ---------------------------------------------------------------- classify, flag, rules

/// `alljobs classify --format json`.
pub fn classify(list: &List, c: &crate::classify::Classification) -> Value {
    let entries: Vec<Value> = list
        .entries()
        .iter()
        .zip(&c.entries)
        .enumerate()
        .map(|(i, (e, k))| {
            let o = list.origin(i);
            json!({
                "id": k.id,
                "class": k.class,
                "subgroup": k.subgroup,
                "basis": k.basis,
                "scope": k.scope,
                "scope_from": k.scope_from,
                "evidence": k.evidence,
                "section": e.section,
                "file": o.file,
                "line": o.line,
            })
        })
        .collect();
    let by_section: Vec<Value> = c
        .by_section
        .iter()
        .map(|(id, n)| {
            let title = id.as_deref().and_then(|id| list.section(id)).map(|s| s.title.clone());
            json!({"section": id, "title": title, "counts": n})
        })
        .collect();
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "list": list_summary(list),
        "counts": c.counts,
        "by_section": by_section,
        "entries": entries,
        "warnings": c.warnings,
    })
}

/// One finding.
pub fn finding(f: &crate::rules::Finding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "entry_id": f.entry_id,
        "message": f.message,
        "citations": f.citations,
        "waived": f.waived,
        "title": f.title,
        "evidence": f.evidence,
        "interpretation": f.interpretation,
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.column,
        "waiver": f.waiver,
        "reads": f.reads,
        "rests_on_absence": f.rests_on_absence,
        "absent_fields": f.absent_fields,
        "confidence": f.confidence,
        "entries": f.entries,
        "entry_count": (!f.entries.is_empty()).then_some(f.entries.len()),
    })
}

/// `alljobs flag --format json` for one list.
pub fn flag(list: &List, r: &crate::rules::FlagReport) -> Value {
    use crate::rules::Severity as S;
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "list": list_summary(list),
        "findings": r.findings.iter().map(finding).collect::<Vec<_>>(),
        "summary": {
            "critical": r.count(S::Critical),
            "high": r.count(S::High),
            "medium": r.count(S::Medium),
            "info": r.count(S::Info),
            "waived": r.waived(),
            "unwaived": r.findings.len() - r.waived(),
        },
        "warnings": r.warnings,
    })
}

/// `alljobs flag --format json` for several lists: `{"format_version":1,"lists":[…]}`,
/// each element the one-list document.
pub fn flag_many(reports: &[(&List, &crate::rules::FlagReport)]) -> Value {
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "lists": reports.iter().map(|(l, r)| flag(l, r)).collect::<Vec<_>>(),
    })
}

/// `alljobs flag --statistics --format json` for one list: counts per rule.
pub fn flag_statistics(list: &List, stats: &[crate::rules::RuleStat]) -> Value {
    json!({"format_version": JSON_FORMAT_VERSION, "list": list_summary(list), "statistics": stats})
}

/// One rule with its full text.
pub fn rule(r: &crate::rules::Rule) -> Value {
    json!({
        "code": r.code,
        "severity": r.severity,
        "level": r.level,
        "title": r.title,
        "what": r.what,
        "why": r.why,
        "interpretation": r.interpretation,
        "fix": r.fix,
        "message": r.message,
        "trigger": r.trigger.to_string(),
        "citations": r.citations,
        "defined_in": r.defined_in,
    })
}

/// `alljobs rules --format json`.
pub fn rules(set: &crate::rules::RuleSet) -> Value {
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "rules": set.rules.iter().map(rule).collect::<Vec<_>>(),
    })
}

/// `alljobs explain CODE --format json`.
pub fn explain(r: &crate::rules::Rule) -> Value {
    json!({"format_version": JSON_FORMAT_VERSION, "rule": rule(r)})
}
