//! Renderings of a [`CiReport`]: the readable text summary, the Markdown job
//! summary (`$GITHUB_STEP_SUMMARY`) and the JSON report. Each states the
//! completeness of every list it names.

use super::{CiReport, FileReport, Side, Violation};
use crate::render::json::{JSON_FORMAT_VERSION, list_summary};
use serde_json::{Value, json};
use std::fmt::Write as _;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn verdict(r: &CiReport) -> String {
    if r.passed() {
        "passed".into()
    } else {
        format!("FAILED: {}", plural(r.violations.len(), "policy violation", "policy violations"))
    }
}

fn side_line(side: &Side, what: &str) -> String {
    match side {
        Side::Absent => format!("{what}: (no file)"),
        Side::Invalid(ds) => format!(
            "{what}: not a valid list ({})",
            plural(ds.iter().filter(|d| d.is_error()).count(), "error", "errors")
        ),
        Side::Valid(b) => format!("{what}: {} — {}", b.0.meta().id, b.0.completeness()),
    }
}

/// The readable summary printed by `alljobs ci`.
pub fn text(r: &CiReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "alljobs ci: list files changed since {} ({})", r.base.rev, r.base.how);
    let _ = writeln!(s, "policy: {}", r.policy_source);
    if r.files.is_empty() {
        let _ = writeln!(s, "\nno list file changed under {}", r.policy.lists.join(", "));
    }
    for f in &r.files {
        let _ = writeln!(s, "\n{} — {}", f.change.path, f.change.status.as_str());
        let _ = writeln!(s, "  {}", side_line(&f.new, "new"));
        let _ = writeln!(s, "  {}", side_line(&f.old, "old"));
        for line in super::describe_changes(f) {
            let _ = writeln!(s, "  {line}");
        }
        for w in &f.warnings {
            let _ = writeln!(s, "  warning: {w}");
        }
        for n in &f.notes {
            let _ = writeln!(s, "  note: {n}");
        }
    }
    let _ = writeln!(s, "\n{}", verdict(r));
    for v in &r.violations {
        let _ = writeln!(s, "  {}: {}: {}", v.location, v.rule.as_str(), v.message);
    }
    s
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' => out.push('\''),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_side(side: &Side) -> String {
    match side {
        Side::Absent => "—".into(),
        Side::Invalid(ds) => {
            format!("not a valid list ({})", plural(ds.iter().filter(|d| d.is_error()).count(), "error", "errors"))
        }
        Side::Valid(b) => format!("`{}`: {}", cell(&b.0.meta().id), cell(&b.0.completeness().to_string())),
    }
}

fn md_violation(v: &Violation) -> String {
    format!("| `{}:{}` | {} | {} |\n", cell(&v.location.file), v.location.line, v.rule.as_str(), cell(&v.message))
}

/// The Markdown job summary.
pub fn markdown(r: &CiReport) -> String {
    let mut s = String::new();
    let icon = if r.passed() { "✅" } else { "❌" };
    let _ = writeln!(s, "## {icon} alljobs ci: {}\n", verdict(r));
    let short: String = r.base.commit.chars().take(12).collect();
    let _ = writeln!(
        s,
        "List files changed since `{}` (`{short}`, {}). Policy: {}.\n",
        cell(&r.base.rev),
        cell(&r.base.how),
        cell(&r.policy_source.to_string())
    );
    if r.files.is_empty() {
        let _ = writeln!(s, "No list file changed under `{}`.", cell(&r.policy.lists.join(", ")));
        return s;
    }
    let _ = writeln!(s, "| File | Change | New version | Base version |");
    let _ = writeln!(s, "|---|---|---|---|");
    for f in &r.files {
        let path = match &f.change.old_path {
            Some(o) => format!("`{}` (from `{}`)", cell(&f.change.path), cell(o)),
            None => format!("`{}`", cell(&f.change.path)),
        };
        let _ = writeln!(s, "| {path} | {} | {} | {} |", f.change.status.as_str(), md_side(&f.new), md_side(&f.old));
    }
    if !r.violations.is_empty() {
        let _ = writeln!(s, "\n### Policy violations\n");
        let _ = writeln!(s, "| Where | Rule | What |");
        let _ = writeln!(s, "|---|---|---|");
        for v in &r.violations {
            s.push_str(&md_violation(v));
        }
    }
    for f in &r.files {
        let _ = writeln!(s, "\n### `{}`\n", cell(&f.change.path));
        for line in super::describe_changes(f) {
            let _ = writeln!(s, "- {}", cell(&line));
        }
        for w in &f.warnings {
            let _ = writeln!(s, "- warning: {}", cell(&w.to_string()));
        }
        for n in &f.notes {
            let _ = writeln!(s, "- note: {}", cell(n));
        }
        if let Some(list) = f.new.list().or(f.old.list()) {
            let c = list.completeness();
            if c.reported > 0 {
                let _ = writeln!(
                    s,
                    "- {} entries are known from secondary sources (evidence \"reported\"), not the official wording.",
                    c.reported
                );
            }
        }
    }
    s
}

fn side_json(side: &Side) -> Value {
    match side {
        Side::Absent => json!({"state": "absent"}),
        Side::Invalid(ds) => json!({"state": "invalid", "diagnostics": ds}),
        Side::Valid(b) => json!({"state": "valid", "list": list_summary(&b.0)}),
    }
}

fn file_json(f: &FileReport) -> Value {
    json!({
        "path": f.change.path,
        "old_path": f.change.old_path,
        "status": f.change.status,
        "new": side_json(&f.new),
        "old": side_json(&f.old),
        "changes": super::describe_changes(f),
        "warnings": f.warnings,
        "notes": f.notes,
    })
}

/// `alljobs ci --format json`.
pub fn json(r: &CiReport) -> Value {
    json!({
        "format_version": JSON_FORMAT_VERSION,
        "passed": r.passed(),
        "base": r.base,
        "policy": {"source": r.policy_source.to_string(), "policy": r.policy},
        "files": r.files.iter().map(file_json).collect::<Vec<_>>(),
        "violations": r.violations,
    })
}
