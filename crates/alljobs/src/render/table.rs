//! Terminal tables (comfy-table).

use crate::list::List;
use crate::model::{ScopeClass, pick_text};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

pub(crate) fn new_table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(header);
    if let Some(w) = terminal_width() {
        t.set_width(w);
    } else {
        t.set_width(160);
    }
    t
}

fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok())
}

/// The header every list printout starts with: what, status, completeness.
pub fn list_header(list: &List) -> String {
    let m = list.meta();
    let title = pick_text(&m.title, crate::model::language_order("en")).unwrap_or("");
    let mut s = format!("{} — {}\n", m.id, title);
    let number = m.number.as_deref().map(|n| format!(" No. {n}")).unwrap_or_default();
    let date = m.dates.sort_key().map(|d| format!(" of {d}")).unwrap_or_default();
    s.push_str(&format!(
        "{} {}{}{} ({}), status: {}, {} work for: {} (default)\n",
        m.jurisdiction,
        m.instrument,
        number,
        date,
        m.issuer.as_deref().unwrap_or("issuer unknown"),
        m.status,
        m.effect,
        m.default_scope
    ));
    if let Some(b) = &m.base {
        s.push_str(&format!("overlay on {b}, consolidated\n"));
    }
    let c = list.completeness();
    s.push_str(&format!("completeness: {c}\n"));
    if c.reported > 0 {
        s.push_str(
            "note: entries with evidence \"reported\" are known from secondary sources, not the official wording\n",
        );
    }
    s
}

/// `alljobs show`: the entries.
pub fn show(list: &List) -> String {
    show_in(list, crate::model::language_order("ru"))
}

/// `alljobs show --lang`: the entries, their texts in the first language of
/// `prefs` the list has.
pub fn show_in(list: &List, prefs: &[&str]) -> String {
    let mut t = new_table(vec!["#", "id", "section", "title", "condition", "scope", "evidence", "sources"]);
    for e in list.entries() {
        let scope = list.scope_of(e);
        let scope = if e.scope_inferred { format!("{scope} (inferred)") } else { scope.to_string() };
        t.add_row(vec![
            e.number.clone().unwrap_or_default(),
            e.id.clone(),
            e.section.clone().unwrap_or_else(|| "?".into()),
            pick_text(&e.title, prefs).unwrap_or("").to_string(),
            pick_text(&e.condition, prefs).unwrap_or("").to_string(),
            scope,
            e.evidence.to_string(),
            e.sources.join(", "),
        ]);
    }
    format!("{}\n{t}\n", list_header(list))
}

/// `alljobs history`: the versions of one jurisdiction in date order.
pub fn history(lists: &[List]) -> String {
    let mut t = new_table(vec!["id", "instrument", "dates", "status", "effect", "scope", "entries", "relations"]);
    for l in lists {
        let m = l.meta();
        let dates: Vec<String> = m
            .dates
            .iter()
            .map(|(k, d)| {
                let v = d.date.map(|x| x.to_string()).unwrap_or_else(|| "unknown".into());
                format!("{}: {v}{}", k.replace('_', " "), mark(d.confidence, &d.sources))
            })
            .collect();
        let mut counts = [0usize; 4];
        for e in l.entries() {
            counts[ScopeClass::ALL.iter().position(|c| *c == l.scope_of(e).class()).unwrap_or(3)] += 1;
        }
        let scope: Vec<String> =
            ScopeClass::ALL.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(c, n)| format!("{n} {c}")).collect();
        let scope = if scope.is_empty() { format!("default {}", m.default_scope) } else { scope.join(", ") };
        let mut rel: Vec<String> = m
            .relations
            .iter()
            .map(|r| format!("{} {}{}", r.kind, r.target, mark(Some(r.confidence), &r.sources)))
            .collect();
        if let Some(b) = &m.base {
            rel.insert(0, format!("overlay on {b}"));
        }
        let number = m.number.as_deref().map(|n| format!(" No. {n}")).unwrap_or_default();
        t.add_row(vec![
            m.id.clone(),
            format!("{}{}", m.instrument, number),
            dates.join("\n"),
            m.status.to_string(),
            m.effect.to_string(),
            scope,
            l.completeness().to_string(),
            rel.join("\n"),
        ]);
    }
    t.to_string()
}

/// A redline as plain text: `kept [-deleted-]{+inserted+}` (wdiff style).
pub fn redline_plain(segs: &[crate::diff::RedlineSegment]) -> String {
    use crate::diff::RedlineOp;
    segs.iter()
        .map(|s| match s.op {
            RedlineOp::Equal => s.text.clone(),
            RedlineOp::Delete => format!("[-{}-]", s.text),
            RedlineOp::Insert => format!("{{+{}+}}", s.text),
        })
        .collect()
}

/// The text shown for a change: the redline when reworded; for a split or a
/// merge the old texts, then each new one after `→`; else the new text (the
/// old one for a removal).
pub fn change_text(c: &crate::diff::Change) -> String {
    use crate::diff::ChangeOp;
    if !c.redline.is_empty() {
        return redline_plain(&c.redline);
    }
    if matches!(c.op, ChangeOp::Split | ChangeOp::Merged) {
        let old: Vec<&str> = c.old_entries.iter().map(|r| r.text.as_str()).collect();
        let new: Vec<String> = c.new_entries.iter().map(|r| format!("→ {}", r.text)).collect();
        return format!("{}\n{}", old.join("\n"), new.join("\n"));
    }
    if c.coverage.is_some() {
        let old: Vec<&str> = c.old_entries.iter().map(|r| r.text.as_str()).collect();
        let new: Vec<String> = c.new_entries.iter().map(|r| format!("→ covered by: {}", r.text)).collect();
        return format!("{}\n{}", old.join("\n"), new.join("\n"));
    }
    let side = if c.new_entries.is_empty() { &c.old_entries } else { &c.new_entries };
    side.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn indent_header(label: &str, list: &List) -> String {
    let mut s = String::new();
    for (k, line) in list_header(list).lines().enumerate() {
        if k == 0 {
            s.push_str(&format!("{label}: {line}\n"));
        } else {
            s.push_str(&format!("{}{line}\n", " ".repeat(label.len() + 2)));
        }
    }
    s
}

/// The header of `alljobs diff` (table and plain text): both lists, their
/// completeness, the coverage note, the totals.
pub fn diff_header(old: &List, new: &List, d: &crate::diff::Diff) -> String {
    let mut s = indent_header("old", old);
    s.push_str(&indent_header("new", new));
    if let Some(n) = crate::diff::coverage_note(old, new) {
        s.push_str(&format!("note: {n}\n"));
    }
    for w in &d.warnings {
        s.push_str(&format!("warning: {w}\n"));
    }
    for h in crate::coverage::headline(d, old, new) {
        s.push_str(&format!("coverage: {h}\n"));
    }
    s.push_str(&format!("summary: {}\n", d.summary.text()));
    let ids = if d.stable_ids { "ids taken as identities" } else { "ids not taken as identities (list.ids)" };
    s.push_str(&format!("(texts compared in `{}`; fuzzy threshold {}; {ids})\n", d.language, d.threshold));
    if !d.list_changes.is_empty() {
        s.push_str(&format!("list metadata: {} change(s), listed after the entries\n", d.list_changes.len()));
    }
    s
}

/// The list-level changes, one readable line each (see [`crate::diff::list_change_lines`]),
/// after the entries: long values are shortened; the JSON keeps them whole.
fn list_changes_block(old: &List, new: &List, d: &crate::diff::Diff) -> String {
    if d.list_changes.is_empty() {
        return String::new();
    }
    let mut s =
        format!("list metadata: {} change(s) (values shortened; --format json has them whole)\n", d.list_changes.len());
    for l in crate::diff::list_change_lines(old, new, &d.list_changes) {
        s.push_str(&format!("  {l}\n"));
    }
    s
}

/// `alljobs diff` as a terminal table (`stat_only`: the header and the counts).
pub fn diff(old: &List, new: &List, d: &crate::diff::Diff, stat_only: bool) -> String {
    let mut s = diff_header(old, new, d);
    if stat_only {
        let mut t = new_table(vec!["kind", "count"]);
        let m = &d.summary;
        for (k, n) in [
            ("added", m.added),
            ("removed", m.removed),
            ("changed", m.changed),
            ("unchanged", m.unchanged),
            ("split", m.split),
            ("merged", m.merged),
            ("narrowed", m.narrowed),
            ("widened", m.widened),
            ("covered", m.covered),
        ] {
            t.add_row(vec![k.to_string(), n.to_string()]);
        }
        s.push_str(&format!("{t}\n"));
        s.push_str(&list_changes_block(old, new, d));
        return s;
    }
    if d.changes.is_empty() {
        s.push_str(if d.list_changes.is_empty() { "(no changes to show)\n" } else { "(no entry changes to show)\n" });
        s.push_str(&list_changes_block(old, new, d));
        return s;
    }
    let mut t = new_table(vec!["change", "old", "new", "scope", "text ([-deleted-]{+inserted+})"]);
    for c in &d.changes {
        let labels = |v: &[crate::diff::EntryRef]| v.iter().map(|r| r.label()).collect::<Vec<_>>().join("\n");
        let mut what = c.describe();
        if let Some(n) = c.check_note() {
            what.push_str(&format!("\n{n}"));
        }
        let mut text = change_text(c);
        for l in c.field_lines() {
            text.push_str(&format!("\n{l}"));
        }
        t.add_row(vec![what, labels(&c.old_entries), labels(&c.new_entries), c.scope_text(), text]);
    }
    s.push_str(&format!("{t}\n"));
    s.push_str(&list_changes_block(old, new, d));
    s
}

/// " (reported: K6, K12)" — a fact's confidence mark and sources.
pub fn mark(confidence: Option<crate::model::Confidence>, sources: &[String]) -> String {
    match (confidence, sources.is_empty()) {
        (Some(c), true) => format!(" ({c})"),
        (Some(c), false) => format!(" ({c}: {})", sources.join(", ")),
        (None, false) => format!(" ({})", sources.join(", ")),
        (None, true) => String::new(),
    }
}

// ---------------------------------------------------------------- classify, flag, rules, explain

/// `alljobs classify`: counts per class and per section, then every entry's class.
pub fn classify(list: &List, c: &crate::classify::Classification) -> String {
    classify_in(list, c, crate::model::language_order("ru"))
}

/// `alljobs classify --lang`: as [`classify`], the texts in the first language
/// of `prefs` the list has.
pub fn classify_in(list: &List, c: &crate::classify::Classification, prefs: &[&str]) -> String {
    let mut counts = new_table(vec!["class", "entries"]);
    for class in ScopeClass::ALL {
        counts.add_row(vec![class.to_string(), c.counts.get(class).to_string()]);
    }
    let mut sections = new_table(vec!["section", "general", "maternity-only", "other-group", "unknown"]);
    for (id, n) in &c.by_section {
        let name = match id {
            Some(id) => match super::section_label(list, id, prefs) {
                Some(label) => format!("{id} — {label}"),
                None => id.clone(),
            },
            None => "(no section)".to_string(),
        };
        let mut row = vec![name];
        row.extend(ScopeClass::ALL.iter().map(|k| n.get(*k).to_string()));
        sections.add_row(row);
    }
    let mut entries = new_table(vec!["#", "id", "title", "class", "subgroup", "basis", "evidence"]);
    for (e, k) in list.entries().iter().zip(&c.entries) {
        entries.add_row(vec![
            e.number.clone().unwrap_or_default(),
            k.id.clone(),
            pick_text(&e.title, prefs).unwrap_or("").to_string(),
            k.class.to_string(),
            k.subgroup.clone(),
            k.basis.as_str().to_string(),
            k.evidence.join("; "),
        ]);
    }
    format!(
        "{}\n{counts}\n\nper section:\n{sections}\n\n{entries}\nclasses cover {}\n",
        list_header(list),
        list.completeness()
    )
}

/// `alljobs flag`: the findings of one list, then a summary and the completeness.
pub fn flag(list: &List, report: &crate::rules::FlagReport) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and the table is UTF-8.
    let _ = write_flag(&mut out, list, report.clone());
    String::from_utf8(out).unwrap_or_default()
}

/// [`flag`], written to `w` line by line and consuming the report: each finding
/// is moved into its row (not copied), and the table is not joined into one
/// string (nor copied into the command's output) before it is written.
pub fn write_flag(w: &mut dyn std::io::Write, list: &List, report: crate::rules::FlagReport) -> std::io::Result<()> {
    let summary = report.summary();
    let empty = report.findings.is_empty();
    let mut t = new_table(vec!["line", "entry", "severity", "rule", "message"]);
    for f in report.findings {
        let line = if f.entry_id.is_some() { f.location.line.to_string() } else { "—".to_string() };
        let mut severity = if f.waived { format!("{} (waived)", f.severity) } else { f.severity.to_string() };
        if f.confidence == crate::rules::FindingConfidence::Low {
            severity.push_str("\nlow confidence");
        }
        let entry = finding_entry(&f);
        let mut message = f.message;
        if let Some(w) = &f.waiver {
            let until = w.until.map(|d| format!(", until {d}")).unwrap_or_default();
            message.push_str(&format!("\nwaived by {}{until}: {}", w.by, w.reason));
        }
        t.add_row(vec![line, entry, severity, f.rule, message]);
    }
    if let Some(c) = t.column_mut(4) {
        c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Percentage(45)));
    }
    writeln!(w, "{}", list_header(list))?;
    if empty {
        w.write_all(b"no findings\n")?;
    } else {
        write_table(w, &t)?;
    }
    write!(w, "{summary}\nfindings cover {}\n", list.completeness())
}

/// A table and its newline (the bytes of `format!("{t}\n")`), line by line.
fn write_table(w: &mut dyn std::io::Write, t: &Table) -> std::io::Result<()> {
    for line in t.lines() {
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The entry cell of a finding: its id, "(list)", or "(every entry: 18)" for a collapsed one.
fn finding_entry(f: &crate::rules::Finding) -> String {
    match &f.entry_id {
        Some(id) => id.clone(),
        None if !f.entries.is_empty() => format!("(every entry: {})", f.entries.len()),
        None => "(list)".into(),
    }
}

/// `alljobs flag --statistics`: counts per rule, most frequent first (ruff style).
pub fn flag_statistics(list: &List, stats: &[crate::rules::RuleStat]) -> String {
    let mut t = new_table(vec!["count", "rule", "severity", "entries", "low confidence", "waived", "title"]);
    for s in stats {
        t.add_row(vec![
            s.count.to_string(),
            s.rule.clone(),
            s.severity.to_string(),
            s.entries.to_string(),
            s.low_confidence.to_string(),
            s.waived.to_string(),
            s.title.clone(),
        ]);
    }
    let body = if stats.is_empty() { "no findings\n".to_string() } else { format!("{t}\n") };
    format!("{}\n{body}findings cover {}\n", list_header(list), list.completeness())
}

/// How `alljobs flag --group-by` groups findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// One group per rule.
    Rule,
    /// One group per entry.
    Entry,
}

/// `alljobs flag --group-by rule|entry`: one heading and table per rule (or per entry).
pub fn flag_grouped(list: &List, report: &crate::rules::FlagReport, by: GroupBy) -> String {
    let mut keys: Vec<String> = Vec::new();
    let key = |f: &crate::rules::Finding| match by {
        GroupBy::Rule => f.rule.clone(),
        GroupBy::Entry => finding_entry(f),
    };
    for f in &report.findings {
        let k = key(f);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut s = format!("{}\n", list_header(list));
    for k in &keys {
        let group: Vec<&crate::rules::Finding> = report.findings.iter().filter(|f| key(f) == *k).collect();
        let first = group[0];
        let heading = match by {
            GroupBy::Rule => format!("{k} [{}] {} — {} finding(s)", first.severity, first.title, group.len()),
            GroupBy::Entry => {
                let line =
                    if first.entry_id.is_some() { format!(", line {}", first.location.line) } else { String::new() };
                format!("{k}{line} — {} finding(s)", group.len())
            }
        };
        let other = if by == GroupBy::Rule { "entry" } else { "rule" };
        let mut t = new_table(vec![other, "severity", "message"]);
        for f in group {
            let mut severity = if f.waived { format!("{} (waived)", f.severity) } else { f.severity.to_string() };
            if f.confidence == crate::rules::FindingConfidence::Low {
                severity.push_str("\nlow confidence");
            }
            let cell = if by == GroupBy::Rule { finding_entry(f) } else { f.rule.clone() };
            t.add_row(vec![cell, severity, f.message.clone()]);
        }
        s.push_str(&format!("\n{heading}\n{t}\n"));
    }
    if keys.is_empty() {
        s.push_str("no findings\n");
    }
    s.push_str(&format!("{}\nfindings cover {}\n", report.summary(), list.completeness()));
    s
}

/// `alljobs rules`: the rule catalogue.
pub fn rules(set: &crate::rules::RuleSet) -> String {
    let mut t = new_table(vec!["code", "severity", "checked on", "title", "interpretation", "citations"]);
    for r in &set.rules {
        let count = |s: crate::rules::CitationStatus| r.citations.iter().filter(|c| c.status == s).count();
        let parts: Vec<String> = [
            (crate::rules::CitationStatus::Verified, "V"),
            (crate::rules::CitationStatus::Reported, "R"),
            (crate::rules::CitationStatus::Unverified, "U"),
        ]
        .iter()
        .filter(|(s, _)| count(*s) > 0)
        .map(|(s, k)| format!("{} {k}", count(*s)))
        .collect();
        let cites = format!("{} ({})", r.citations.len(), parts.join(", "));
        let level = match r.level {
            crate::rules::RuleLevel::Entry => "entry",
            crate::rules::RuleLevel::List => "list",
        };
        t.add_row(vec![
            r.code.clone(),
            r.severity.to_string(),
            level.to_string(),
            r.title.clone(),
            if r.interpretation.is_some() { "yes".into() } else { String::new() },
            cites,
        ]);
    }
    let defined: Vec<&str> = {
        let mut v: Vec<&str> = set.rules.iter().map(|r| r.defined_in.as_str()).collect();
        v.dedup();
        v
    };
    format!(
        "{t}\n{} rules (from {}). Citations: V verified, R reported, U unverified. `alljobs explain CODE` prints a rule's full text.\n",
        set.rules.len(),
        defined.join(", ")
    )
}

/// The full text of a rule in Markdown (ruff style: what, why, interpretation,
/// fix, trigger, references with their verification status). Used by
/// `alljobs explain` and as SARIF help.
pub fn rule_markdown(r: &crate::rules::Rule) -> String {
    let level = match r.level {
        crate::rules::RuleLevel::Entry => "each entry",
        crate::rules::RuleLevel::List => "the list as a whole",
    };
    let mut s = format!("# {}: {}\n\n", r.code, r.title);
    s.push_str(&format!("Severity: **{}** · checked on {level} · defined in: {}\n\n", r.severity, r.defined_in));
    s.push_str(&format!("## What it checks\n\n{}\n\n", r.what.trim()));
    s.push_str(&format!("## Why\n\n{}\n\n", r.why.trim()));
    if let Some(i) = &r.interpretation {
        s.push_str(&format!("## Interpretation\n\nThis rule rests on an interpretation: {}\n\n", i.trim()));
    }
    if let Some(f) = &r.fix {
        s.push_str(&format!("## What to do\n\n{}\n\n", f.trim()));
    }
    s.push_str(&format!("## Trigger\n\n`{}`\n\n", r.trigger));
    s.push_str("## References\n\n");
    for c in &r.citations {
        s.push_str(&format!("- {c}\n"));
    }
    s.push_str(
        "\nStatus: verified = checked against the text itself; reported = from a secondary source \
         (NGO, news, press release, translation); unverified = not checked. \"para unverified\": \
         the Committee addressed the point but the paragraph number has not been checked. Source \
         ids (S1…) refer to the project's CEDAW source notes.\n",
    );
    s
}

/// `alljobs explain CODE`: the rule's full text, wrapped for a terminal.
pub fn explain(r: &crate::rules::Rule) -> String {
    let width = terminal_width().map(usize::from).unwrap_or(100).clamp(40, 120);
    wrap(&rule_markdown(r), width)
}

/// Wraps each line at `width` characters on spaces; list items keep a hanging indent.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let indent = if line.starts_with("- ") { "  " } else { "" };
        let mut current = String::new();
        let mut len = 0;
        for word in line.split(' ') {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > width {
                out.push_str(&current);
                out.push('\n');
                current = format!("{indent}{word}");
                len = indent.len() + w;
            } else {
                if len > 0 {
                    current.push(' ');
                    len += 1;
                }
                current.push_str(word);
                len += w;
            }
        }
        out.push_str(&current);
        out.push('\n');
    }
    out
}
