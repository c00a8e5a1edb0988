//! Renderings of a [`CiReport`]: the readable text summary, the Markdown job
//! summary (`$GITHUB_STEP_SUMMARY`) and the JSON report. Each states the
//! completeness of every list it names.

use super::{CiReport, FileReport, PolicyMode, Side, describe_changes};
use crate::classify::ClassCounts;
use crate::diff::ChangeOp;
use crate::model::ScopeClass;
use crate::render::markdown::escape;
use serde_json::Value;
use std::fmt::Write as _;

/// At most this many entry changes or findings are listed per file (the counts are always complete).
pub const MAX_ROWS: usize = 100;

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

fn errors(ds: &[crate::Diagnostic]) -> usize {
    ds.iter().filter(|d| d.is_error()).count()
}

fn side_line(side: &Side, what: &str) -> String {
    match side {
        Side::Absent => format!("{what}: (no file)"),
        Side::Invalid(ds) => format!("{what}: not a valid list ({})", plural(errors(ds), "error", "errors")),
        Side::Valid(b) => format!("{what}: {} — {}", b.0.meta().id, b.0.completeness()),
    }
}

fn counts_text(c: &ClassCounts) -> String {
    ScopeClass::ALL.iter().map(|k| format!("{} {k}", c.get(*k))).collect::<Vec<_>>().join(", ")
}

fn classes_line(f: &FileReport) -> Option<String> {
    match (&f.old_classes, &f.new_classes) {
        (Some(o), Some(n)) if o.counts != n.counts => {
            Some(format!("classes: {} (base: {})", counts_text(&n.counts), counts_text(&o.counts)))
        }
        (_, Some(n)) => Some(format!("classes: {}", counts_text(&n.counts))),
        (Some(o), None) => Some(format!("classes at the base: {}", counts_text(&o.counts))),
        _ => None,
    }
}

fn findings_line(f: &FileReport, r: &CiReport) -> Option<String> {
    let flags = f.flags.as_ref()?;
    let counted = f.counted_findings().count();
    let which =
        if r.policy.fail.new_findings_only && f.old.list().is_some() { "new in this change" } else { "counted" };
    Some(format!("findings: {}; {counted} {which}", flags.summary()))
}

/// The lines about the policy and rules in force, for the text summary.
fn policy_lines(r: &CiReport) -> Vec<String> {
    let mut v = vec![format!("policy: {} — {}", r.policy_source, r.policy_mode_text())];
    v.push(format!("rules: {}", r.rules_source));
    for line in r.rules.builtin_changes.lines() {
        v.push(format!("  {line}"));
    }
    if !r.policy_changes.is_empty() {
        let how = if r.policy_mode == PolicyMode::Base { "violations" } else { "in force" };
        v.push(format!("policy changes in this change ({how}):"));
        for c in &r.policy_changes {
            v.push(format!("  {}: {}", c.location, c.describe()));
        }
    }
    for n in &r.policy_notes {
        v.push(format!("  note: {n}"));
    }
    v
}

/// The readable summary printed by `alljobs ci`.
pub fn text(r: &CiReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "alljobs ci: list files changed since {} ({})", r.base.rev, r.base.how);
    for line in policy_lines(r) {
        let _ = writeln!(s, "{line}");
    }
    if r.files.is_empty() {
        let _ = writeln!(s, "\nno list file changed under {}", r.policy.lists.join(", "));
    }
    for f in &r.files {
        let _ = writeln!(s, "\n{} — {}", f.change.path, f.change.status.as_str());
        let _ = writeln!(s, "  {}", side_line(&f.new, "new"));
        let _ = writeln!(s, "  {}", side_line(&f.old, "old"));
        if let Some(d) = &f.diff {
            let _ = writeln!(s, "  changes: {}", d.summary.text());
        }
        let lines = describe_changes(f);
        for line in lines.iter().take(MAX_ROWS) {
            let _ = writeln!(s, "    {line}");
        }
        if lines.len() > MAX_ROWS {
            let _ = writeln!(s, "    … and {} more", lines.len() - MAX_ROWS);
        }
        if let Some(c) = classes_line(f) {
            let _ = writeln!(s, "  {c}");
        }
        if let Some(l) = findings_line(f, r) {
            let _ = writeln!(s, "  {l}");
        }
        for x in f.counted_findings().take(MAX_ROWS) {
            let id = x.entry_id.as_deref().map(|i| format!(" {i}")).unwrap_or_default();
            let _ = writeln!(s, "    {} {}{id}: {}", x.severity, x.rule, x.message);
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

fn md_side(side: &Side) -> String {
    match side {
        Side::Absent => "—".into(),
        Side::Invalid(ds) => format!("not a valid list ({})", plural(errors(ds), "error", "errors")),
        Side::Valid(b) => format!("`{}`: {}", b.0.meta().id, escape(&b.0.completeness().to_string())),
    }
}

/// The Markdown job summary.
pub fn markdown(r: &CiReport) -> String {
    let mut s = String::new();
    let icon = if r.passed() { "✅" } else { "❌" };
    let _ = writeln!(s, "## {icon} alljobs ci: {}\n", verdict(r));
    let short: String = r.base.commit.chars().take(12).collect();
    let rev = if r.base.commit.starts_with(&r.base.rev) {
        format!("`{short}`")
    } else {
        format!("{} (`{short}`)", escape(&r.base.rev))
    };
    let _ = writeln!(
        s,
        "List files changed since {rev}: {}. Policy: {} ({}). Rules: {}.\n",
        escape(&r.base.how),
        escape(&r.policy_source.to_string()),
        escape(&r.policy_mode_text()),
        escape(&r.rules_source)
    );
    for line in r.rules.builtin_changes.lines() {
        let _ = writeln!(s, "- ⚠️ {}", escape(&line));
    }
    if !r.rules.builtin_changes.is_empty() {
        let _ = writeln!(s);
    }
    if !r.policy_changes.is_empty() {
        let how = if r.policy_mode == PolicyMode::Base {
            "each is a violation: the base revision's policy is in force"
        } else {
            "the working tree's policy is in force"
        };
        let _ = writeln!(s, "### Policy changes in this change ({how})\n");
        let _ = writeln!(s, "| Where | Setting | Base | This change |");
        let _ = writeln!(s, "|---|---|---|---|");
        for c in &r.policy_changes {
            let _ = writeln!(
                s,
                "| `{}:{}` | `{}` | {} | {} |",
                c.location.file,
                c.location.line,
                escape(&c.what),
                escape(&c.base),
                escape(&c.head)
            );
        }
        let _ = writeln!(s);
    }
    for n in &r.policy_notes {
        let _ = writeln!(s, "- {}", escape(n));
    }
    if r.files.is_empty() {
        let _ = writeln!(s, "No list file changed under {}.", escape(&r.policy.lists.join(", ")));
        return s;
    }
    let _ = writeln!(s, "| File | Change | New version | Base version | Entries |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for f in &r.files {
        let path = match &f.change.old_path {
            Some(o) => format!("`{}` (from `{}`)", f.change.path, o),
            None => format!("`{}`", f.change.path),
        };
        let counts = f
            .diff
            .as_ref()
            .map(|d| {
                let m = &d.summary;
                format!(
                    "{} added, {} removed, {} changed ({} narrowed, {} widened)",
                    m.added, m.removed, m.changed, m.narrowed, m.widened
                )
            })
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            s,
            "| {path} | {} | {} | {} | {counts} |",
            f.change.status.as_str(),
            md_side(&f.new),
            md_side(&f.old)
        );
    }
    if !r.violations.is_empty() {
        let _ = writeln!(s, "\n### Policy violations\n");
        let _ = writeln!(s, "| Where | Rule | What |");
        let _ = writeln!(s, "|---|---|---|");
        for v in &r.violations {
            let _ = writeln!(
                s,
                "| `{}:{}` | {} | {} |",
                v.location.file,
                v.location.line,
                v.rule.as_str(),
                escape(&v.message)
            );
        }
    }
    for f in &r.files {
        let _ = writeln!(s, "\n### `{}`\n", f.change.path);
        for n in &f.notes {
            let _ = writeln!(s, "- {}", escape(n));
        }
        if let Some(c) = classes_line(f) {
            let _ = writeln!(s, "- {}", escape(&c));
        }
        if let Some(l) = findings_line(f, r) {
            let _ = writeln!(s, "- {}", escape(&l));
        }
        if let Some(list) = f.new.list().or(f.old.list()) {
            let c = list.completeness();
            let _ = writeln!(s, "- Completeness: {}", escape(&c.to_string()));
            if c.reported > 0 {
                let _ = writeln!(
                    s,
                    "- {} entries are known from secondary sources (evidence \"reported\"), not the official wording.",
                    c.reported
                );
            }
        }
        for w in &f.warnings {
            let _ = writeln!(s, "- warning: {}", escape(&w.to_string()));
        }
        if let Some(d) = &f.diff {
            let shown: Vec<_> = d.changes.iter().filter(|c| c.op != ChangeOp::Unchanged).collect();
            if !shown.is_empty() {
                let _ = writeln!(s, "\n#### Entry changes\n");
                let _ = writeln!(s, "| Change | Entry | Text | Scope (class) |");
                let _ = writeln!(s, "|---|---|---|---|");
                for c in shown.iter().take(MAX_ROWS) {
                    let refs = if c.new_entries.is_empty() { &c.old_entries } else { &c.new_entries };
                    let ids: Vec<String> = refs.iter().map(|r| r.label()).collect();
                    let text: Vec<&str> = refs.iter().map(|r| r.text.as_str()).collect();
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} |",
                        escape(&c.describe()),
                        escape(&ids.join(" + ")),
                        escape(&text.join(" / ")),
                        escape(&c.scope_text())
                    );
                }
                if shown.len() > MAX_ROWS {
                    let _ = writeln!(s, "\n… and {} more changes.", shown.len() - MAX_ROWS);
                }
            }
        }
        let counted: Vec<_> = f.counted_findings().collect();
        if !counted.is_empty() {
            let which = if r.policy.fail.new_findings_only && f.old.list().is_some() {
                "Findings new in this change"
            } else {
                "Findings"
            };
            let _ = writeln!(s, "\n#### {which}\n");
            let _ = writeln!(s, "| Severity | Rule | Entry | Finding |");
            let _ = writeln!(s, "|---|---|---|---|");
            for x in counted.iter().take(MAX_ROWS) {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    x.severity,
                    escape(&x.rule),
                    escape(x.entry_id.as_deref().unwrap_or("(list)")),
                    escape(&x.message)
                );
            }
        }
    }
    s
}

/// `alljobs ci --format json`: the serialisation of [`crate::view::CiView`], as a value.
pub fn json(r: &CiReport) -> Value {
    serde_json::to_value(crate::view::CiView::new(r)).unwrap_or(Value::Null)
}
