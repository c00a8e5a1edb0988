//! Markdown output (GitHub-flavoured tables): `alljobs diff --format markdown`
//! and `alljobs report --format markdown`.
//!
//! Every piece of list text goes through [`escape`]: the characters that
//! Markdown or a table would read as syntax are backslash-escaped, so a list
//! text cannot open a link, an image, raw HTML, emphasis or a new table cell.

use crate::diff::{Change, ChangeOp, Diff, EntryRef, RedlineOp, RedlineSegment, coverage_note};
use crate::list::List;
use crate::model::ScopeClass;
use crate::model::pick_text;
use crate::render::html::is_web_url;
use crate::render::labels;
use crate::render::messages::{Lang, fmt_msg, msg};
use crate::report::{ChangeRow, EntryRow, ListInfo, ReportData};
use std::fmt::Write;

/// Escapes text for a Markdown paragraph or a table cell: `` \ | * _ [ ] < > ` ~ & # $ ! ``
/// are backslash-escaped, line breaks become `<br>` (the one piece of HTML
/// a table cell needs), other control characters become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '~' | '&' | '#' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A redline in Markdown: `~~deleted~~ **inserted**`, with the whitespace at
/// the edges of a piece kept outside the markers (so that they render).
pub fn redline(segs: &[RedlineSegment]) -> String {
    let mut out = String::new();
    for s in segs {
        let t = s.text.as_str();
        let core = t.trim();
        if s.op == RedlineOp::Equal || core.is_empty() {
            out.push_str(&escape(t));
            continue;
        }
        let lead = &t[..t.len() - t.trim_start().len()];
        let trail = &t[t.trim_end().len()..];
        let mark = if s.op == RedlineOp::Delete { "~~" } else { "**" };
        out.push_str(lead);
        out.push_str(mark);
        out.push_str(&escape(core));
        out.push_str(mark);
        out.push_str(trail);
        // Keep "~~a~~**b**" apart so that both render.
        if s.op == RedlineOp::Delete && trail.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn list_row(label: &str, list: &List) -> String {
    let m = list.meta();
    let title = pick_text(&m.title, crate::model::language_order("en")).unwrap_or("");
    format!(
        "| {label} | `{}` | {} | {} | {} |\n",
        escape(&m.id),
        escape(title),
        escape(&m.status.to_string()),
        escape(&list.completeness().to_string())
    )
}

fn entries(v: &[EntryRef]) -> String {
    v.iter().map(|r| escape(&r.label())).collect::<Vec<_>>().join("<br>")
}

fn text(c: &Change) -> String {
    if !c.redline.is_empty() {
        return redline(&c.redline);
    }
    if matches!(c.op, ChangeOp::Split | ChangeOp::Merged) {
        let old: Vec<String> = c.old_entries.iter().map(|r| escape(&r.text)).collect();
        let new: Vec<String> = c.new_entries.iter().map(|r| format!("→ {}", escape(&r.text))).collect();
        return format!("{}<br>{}", old.join("<br>"), new.join("<br>"));
    }
    if c.coverage.is_some() {
        let old: Vec<String> = c.old_entries.iter().map(|r| escape(&r.text)).collect();
        let new: Vec<String> = c.new_entries.iter().map(|r| format!("→ covered by: {}", escape(&r.text))).collect();
        return format!("{}<br>{}", old.join("<br>"), new.join("<br>"));
    }
    let side = if c.new_entries.is_empty() { &c.old_entries } else { &c.new_entries };
    side.iter().map(|r| escape(&r.text)).collect::<Vec<_>>().join("<br>")
}

/// `alljobs diff --format markdown` (`stat_only`: the header and the counts).
pub fn diff(old: &List, new: &List, d: &Diff, stat_only: bool) -> String {
    let mut s = format!("## Changes from `{}` to `{}`\n\n", escape(&old.meta().id), escape(&new.meta().id));
    s.push_str("| | list | title | status | completeness |\n|---|---|---|---|---|\n");
    s.push_str(&list_row("old", old));
    s.push_str(&list_row("new", new));
    s.push('\n');
    if let Some(n) = coverage_note(old, new) {
        s.push_str(&format!("> **Note:** {}\n\n", escape(&n)));
    }
    for w in &d.warnings {
        s.push_str(&format!("> **Warning:** {}\n\n", escape(w)));
    }
    for h in crate::coverage::headline(d, old, new) {
        s.push_str(&format!("**Coverage:** {}\n\n", escape(&h)));
    }
    let m = &d.summary;
    s.push_str("| added | removed | changed | unchanged | split | merged | narrowed | widened |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n\n",
        m.added, m.removed, m.changed, m.unchanged, m.split, m.merged, m.narrowed, m.widened
    ));
    // The list-level changes come after the entries, one readable line each
    // (long values shortened; the JSON keeps them whole).
    let list_block = || -> String {
        if d.list_changes.is_empty() {
            return String::new();
        }
        let mut b = format!(
            "### List metadata\n\n{} change(s); long values are shortened (`--format json` has them whole).\n\n",
            d.list_changes.len()
        );
        for l in crate::diff::list_change_lines(old, new, &d.list_changes) {
            b.push_str(&format!("- {}\n", escape(&l)));
        }
        b.push('\n');
        b
    };
    if stat_only {
        s.push_str(&list_block());
        return s;
    }
    if d.changes.is_empty() {
        s.push_str(if d.list_changes.is_empty() {
            "_No changes to show._\n"
        } else {
            "_No entry changes to show._\n\n"
        });
        s.push_str(&list_block());
        return s;
    }
    s.push_str("| change | old | new | scope | text (~~deleted~~ **inserted**) |\n|---|---|---|---|---|\n");
    for c in &d.changes {
        let mut what = escape(&c.describe());
        if let Some(n) = c.check_note() {
            what.push_str(&format!("<br>**{}**", escape(n)));
        }
        let mut body = text(c);
        for l in c.field_lines() {
            body.push_str(&format!("<br>{}", escape(&l)));
        }
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            what,
            entries(&c.old_entries),
            entries(&c.new_entries),
            escape(&c.scope_text()),
            body
        ));
    }
    s.push('\n');
    s.push_str(&list_block());
    s
}

/// An identifier in a code span (its `|` escaped for tables); plain escaped
/// text when it holds a backtick or a line break.
pub fn code(s: &str) -> String {
    if s.contains('`') || s.chars().any(char::is_control) || s.is_empty() {
        escape(s)
    } else {
        format!("`{}`", s.replace('|', "\\|"))
    }
}

/// A web address as an autolink (`<https://…>`); anything else as escaped text.
pub fn url(u: &str) -> String {
    let u = u.trim();
    if is_web_url(u) && !u.chars().any(|c| c.is_whitespace() || c == '<' || c == '>') {
        format!("<{}>", u.replace('|', "%7C"))
    } else {
        escape(u)
    }
}

pub(crate) fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(if c.is_empty() { " " } else { c });
        out.push_str(" |");
    }
    out.push('\n');
}

pub(crate) fn header(out: &mut String, cells: &[String], numeric: &[bool]) {
    row(out, cells);
    out.push('|');
    for (i, _) in cells.iter().enumerate() {
        out.push_str(if numeric.get(i).copied().unwrap_or(false) { " --: |" } else { " --- |" });
    }
    out.push('\n');
}

/// `alljobs report --format markdown`.
pub fn report(d: &ReportData) -> String {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    let mut o = String::with_capacity(16 * 1024);
    let _ = writeln!(o, "# {}\n", m("doc-title"));
    let _ = writeln!(o, "**{} → {}**\n", code(&d.old.id), code(&d.new.id));
    let _ = writeln!(o, "{}\n", escape(&fmt_msg(lang, "generated", &[("date", &d.date)])));

    // The lists and their completeness, up front.
    let _ = writeln!(o, "## {}\n", m("h-lists"));
    header(&mut o, &[String::new(), m("old-list"), m("new-list")], &[]);
    let lrow = |o: &mut String, key: &str, f: &dyn Fn(&ListInfo) -> String| {
        row(o, &[m(key), f(&d.old), f(&d.new)]);
    };
    lrow(&mut o, "row-id", &|l| code(&l.id));
    lrow(&mut o, "row-title", &|l| escape(&l.title));
    lrow(&mut o, "row-instrument", &|l| escape(&labels::instrument(lang, l)));
    lrow(&mut o, "row-status", &|l| escape(&labels::status(lang, l.status)));
    lrow(&mut o, "row-entries", &|l| format!("**{}**", escape(&labels::completeness_count(lang, &l.completeness))));
    lrow(&mut o, "row-evidence", &|l| escape(&labels::evidence(lang, &l.completeness)));
    lrow(&mut o, "row-file", &|l| code(&l.path));
    o.push('\n');
    for l in [&d.old, &d.new] {
        if let Some(n) = &l.transcription_note {
            let _ = writeln!(o, "- {}: {}", code(&l.id), escape(n));
        }
    }
    if d.old.transcription_note.is_some() || d.new.transcription_note.is_some() {
        o.push('\n');
    }
    if labels::any_incomplete(&d.old, &d.new) {
        let _ = writeln!(o, "> **{}**\n", m("incomplete-warning"));
    } else {
        let _ = writeln!(o, "> {}\n", m("complete-note"));
    }
    if labels::any_reported(&d.old, &d.new) {
        let _ = writeln!(o, "> {}\n", m("reported-warning"));
    }
    for f in &d.framing {
        let _ = writeln!(o, "> **{}**\n", escape(&labels::framing(lang, f)));
    }
    if lang == Lang::Ky {
        let _ = writeln!(o, "> {}\n", m("ky-fallback-note"));
    }

    // In brief.
    let f = &d.figures;
    let _ = writeln!(o, "## {}\n", m("h-summary"));
    let s = labels::summary(lang, f);
    let _ = writeln!(o, "{}\n", escape(&s));
    for g in &d.coverage {
        for line in labels::coverage(lang, g, f.entries_old) {
            let _ = writeln!(o, "**{}**\n", escape(&line));
        }
    }
    also_in_force(&mut o, d);

    // Key figures.
    let _ = writeln!(o, "## {}\n", m("h-figures"));
    header(&mut o, &[m("figures-caption"), m("before"), m("after"), m("change")], &[false, true, true, true]);
    row(
        &mut o,
        &[
            m("fig-entries"),
            f.entries_old.to_string(),
            f.entries_new.to_string(),
            labels::delta(f.entries_old, f.entries_new),
        ],
    );
    for c in ScopeClass::ALL {
        let (a, b) = (f.old.get(c), f.new.get(c));
        let label = escape(&labels::class(lang, c));
        if c == ScopeClass::General {
            row(&mut o, &[format!("**{label}**"), format!("**{a}**"), format!("**{b}**"), labels::delta(a, b)]);
        } else {
            row(&mut o, &[label, a.to_string(), b.to_string(), labels::delta(a, b)]);
        }
    }
    o.push('\n');
    header(&mut o, &[m("changes-caption"), m("count")], &[false, true]);
    for (k, n) in [
        ("fig-narrowed", f.narrowed),
        ("fig-narrowed-women-as-such", f.narrowed_women_as_such),
        ("fig-widened", f.widened),
        ("fig-removed", f.removed),
        ("fig-added", f.added),
        ("fig-changed", f.changed),
        ("fig-split-merged", f.split + f.merged),
        ("fig-unchanged", f.unchanged),
    ] {
        row(&mut o, &[m(k), n.to_string()]);
    }
    o.push('\n');

    // Remaining general restrictions.
    let _ = writeln!(o, "## {}\n", m("h-general"));
    if d.remaining_general.is_empty() {
        let _ = writeln!(o, "{}\n", m("general-none"));
    } else {
        let _ = writeln!(o, "{}\n", m("general-intro"));
        entries_table(&mut o, lang, &d.remaining_general.iter().collect::<Vec<_>>(), Cols::General);
    }

    // Narrowed and widened.
    let narrowed: Vec<&ChangeRow> = d.narrowed().collect();
    let _ = writeln!(o, "## {}\n", m("h-narrowed"));
    if narrowed.is_empty() {
        let _ = writeln!(o, "{}\n", m("narrowed-none"));
    } else {
        changes_table(&mut o, lang, &narrowed);
    }
    let widened: Vec<&ChangeRow> = d.widened().collect();
    if !widened.is_empty() {
        let _ = writeln!(o, "## {}\n", m("h-widened"));
        changes_table(&mut o, lang, &widened);
    }

    // Removed and added.
    let removed: Vec<&EntryRow> = d.removed().collect();
    let _ = writeln!(o, "## {}\n", m("h-removed"));
    if removed.is_empty() {
        let _ = writeln!(o, "{}\n", m("removed-none"));
    } else {
        entries_table(&mut o, lang, &removed, Cols::Removed);
    }
    let added: Vec<&EntryRow> = d.added().collect();
    let _ = writeln!(o, "## {}\n", m("h-added"));
    if added.is_empty() {
        let _ = writeln!(o, "{}\n", m("added-none"));
    } else {
        entries_table(&mut o, lang, &added, Cols::Added);
    }

    // Per section.
    let _ = writeln!(o, "## {}\n", m("h-sections"));
    let classes = d.section_classes();
    let mut head = vec![m("col-section")];
    let mut numeric = vec![false];
    for side in ["before", "after"] {
        head.push(format!("{}: {}", m(side), m("col-total")));
        numeric.push(true);
        for c in &classes {
            head.push(format!("{}: {}", m(side), escape(&labels::class_short(lang, *c))));
            numeric.push(true);
        }
    }
    header(&mut o, &head, &numeric);
    for s in &d.sections {
        let mut cells = vec![escape(&s.label.clone().unwrap_or_else(|| msg(lang, "no-section")))];
        for t in [&s.old, &s.new] {
            cells.push(t.total().to_string());
            cells.extend(classes.iter().map(|c| t.get(*c).to_string()));
        }
        row(&mut o, &cells);
    }
    o.push('\n');

    // Findings by rule.
    let _ = writeln!(o, "## {}\n", m("h-findings"));
    if d.rules.is_empty() {
        let _ = writeln!(o, "{}\n", m("findings-none"));
    } else {
        let _ = writeln!(o, "{}\n", m("findings-intro"));
        if lang != Lang::En {
            let _ = writeln!(o, "{}\n", m("rule-text-language"));
        }
        header(&mut o, &[m("col-rule"), m("col-severity"), m("before"), m("after")], &[false, false, true, true]);
        for r in &d.rules {
            row(
                &mut o,
                &[
                    format!("{} {}", code(&r.code), escape(&r.title)),
                    escape(&labels::severity(lang, &r.severity)),
                    escape(&labels::finding_count(lang, r.old, r.low_confidence_old)),
                    escape(&labels::finding_count(lang, r.new, r.low_confidence_new)),
                ],
            );
        }
        o.push('\n');
        if d.rules.iter().any(|r| r.low_confidence_old + r.low_confidence_new > 0) {
            let _ = writeln!(o, "> {}\n", m("finding-low-note"));
        }
        for r in &d.rules {
            let _ = writeln!(o, "### {} — {}\n", code(&r.code), escape(&r.title));
            let _ = writeln!(o, "**{}:** {}\n", m("col-severity"), escape(&labels::severity(lang, &r.severity)));
            let _ = writeln!(o, "**{}:**\n", m("col-citations"));
            for c in &r.citations {
                let _ = writeln!(o, "- {}", escape(&labels::citation(lang, c)));
            }
            o.push('\n');
            if let Some(i) = &r.interpretation {
                let _ = writeln!(o, "> {}\n", escape(&fmt_msg(lang, "interpretation", &[("text", i)])));
            }
        }
    }

    // Sources.
    let _ = writeln!(o, "## {}\n", m("h-sources"));
    for (which, l) in [("old-list", &d.old), ("new-list", &d.new)] {
        let _ = writeln!(o, "### {}: {}\n", m(which), code(&l.id));
        if l.sources.is_empty() {
            let _ = writeln!(o, "{}\n", m("sources-none"));
            continue;
        }
        header(&mut o, &[m("col-source-id"), m("col-source-title"), m("col-source-kind"), m("col-source-url")], &[]);
        for s in &l.sources {
            row(
                &mut o,
                &[
                    escape(&s.id),
                    escape(&s.title),
                    escape(&labels::source_kind(lang, s.kind)),
                    s.url.as_deref().map(url).unwrap_or_default(),
                ],
            );
        }
        o.push('\n');
    }
    if !d.bibliography.is_empty() {
        let _ = writeln!(o, "### {}\n", m("h-bibliography"));
        let _ = writeln!(o, "{}\n", m("bibliography-intro"));
        header(
            &mut o,
            &[m("col-source-id"), m("col-source-title"), m("col-source-holds"), m("col-source-status")],
            &[],
        );
        for s in &d.bibliography {
            row(
                &mut o,
                &[escape(&s.id), escape(&s.source), escape(&s.holds), escape(&labels::source_status(lang, &s.status))],
            );
        }
        o.push('\n');
    }
    for l in [&d.old, &d.new] {
        let _ = writeln!(o, "- {}", escape(&labels::completeness_line(lang, l)));
    }
    o
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cols {
    General,
    Removed,
    Added,
}

/// The instruments in force beside the later version on the report's date.
fn also_in_force(o: &mut String, d: &ReportData) {
    if d.also_in_force.is_empty() {
        return;
    }
    let lang = d.lang;
    let args = [("jurisdiction", d.new.jurisdiction.as_str()), ("date", d.date.as_str())];
    let _ = writeln!(o, "{}\n", escape(&fmt_msg(lang, "also-in-force-intro", &args)));
    for a in &d.also_in_force {
        let _ = writeln!(o, "- {}", escape(&labels::also_in_force(lang, a)));
    }
    o.push('\n');
}

fn entries_table(o: &mut String, lang: Lang, rows: &[&EntryRow], cols: Cols) {
    let m = |k: &str| escape(&msg(lang, k));
    let sec = rows.iter().any(|e| e.section.is_some());
    let mut head = vec![m("col-number"), m("col-entry")];
    if sec {
        head.push(m("col-section"));
    }
    match cols {
        Cols::General => head.push(m("col-findings")),
        Cols::Removed => head.push(m("col-scope-before")),
        Cols::Added => {
            head.push(m("col-scope"));
            head.push(m("col-findings"));
        }
    }
    header(o, &head, &[]);
    for e in rows {
        let mut cells = vec![number(e), escape(&e.text)];
        if sec {
            cells.push(escape(e.section.as_deref().unwrap_or("")));
        }
        match cols {
            Cols::General => cells.push(findings_cell(lang, e)),
            Cols::Removed => cells.push(escape(&labels::scope(lang, &e.scope, e.scope_inferred))),
            Cols::Added => {
                cells.push(escape(&labels::scope(lang, &e.scope, e.scope_inferred)));
                cells.push(findings_cell(lang, e));
            }
        }
        row(o, &cells);
    }
    o.push('\n');
}

/// The entry's number as printed, or its id (as code) when the act's numbering is unknown.
/// The entry's printed number; "—" and its id when the act's numbering is not known.
fn number(e: &EntryRow) -> String {
    match &e.number {
        Some(n) => escape(n),
        None => format!("— ({})", code(&e.id)),
    }
}

fn findings_cell(lang: Lang, e: &EntryRow) -> String {
    if e.findings.is_empty() && e.waived.is_empty() {
        return escape(&msg(lang, "none"));
    }
    let mut parts: Vec<String> = e.findings.iter().map(|c| code(c)).collect();
    if !e.waived.is_empty() {
        parts.push(escape(&fmt_msg(lang, "waived", &[("rules", &e.waived.join(", "))])));
    }
    parts.join(", ")
}

fn changes_table(o: &mut String, lang: Lang, rows: &[&ChangeRow]) {
    let m = |k: &str| escape(&msg(lang, k));
    header(
        o,
        &[
            format!("{} ({})", m("col-number"), m("before")),
            format!("{} ({})", m("col-number"), m("after")),
            m("col-entry"),
            m("col-scope-before"),
            m("col-scope-after"),
        ],
        &[],
    );
    for c in rows {
        let nums = |v: &[EntryRow]| v.iter().map(number).collect::<Vec<_>>().join(", ");
        let texts = |v: &[EntryRow]| v.iter().map(|e| escape(&e.text)).collect::<Vec<_>>().join("<br>");
        let scopes = |v: &[EntryRow]| {
            let mut s: Vec<String> = v.iter().map(|e| labels::scope(lang, &e.scope, e.scope_inferred)).collect();
            s.dedup();
            escape(&s.join("; "))
        };
        let (old, new) = (texts(&c.old), texts(&c.new));
        let text = if c.covered_by.is_some() {
            format!("{old}<br>→ {}: {new}", m("covered-by"))
        } else if old == new || old.is_empty() {
            new
        } else if new.is_empty() {
            old
        } else {
            format!("{new}<br>~~{old}~~")
        };
        row(o, &[nums(&c.old), nums(&c.new), text, scopes(&c.old), scopes(&c.new)]);
    }
    o.push('\n');
}

/// The list a classify/flag table is about: id, title, status, completeness.
fn one_list_table(list: &List) -> String {
    format!("| | list | title | status | completeness |\n|---|---|---|---|---|\n{}\n", list_row("list", list))
}

/// `alljobs classify --format markdown`: counts per class, per section, then
/// every entry's class, with the list's completeness (the counts cover only it).
pub fn classify(list: &List, c: &crate::classify::Classification, langs: &[&str]) -> String {
    let mut s = format!("## Classes of `{}`\n\n{}", escape(&list.meta().id), one_list_table(list));
    s.push_str("| class | entries |\n|---|---:|\n");
    for class in ScopeClass::ALL {
        let _ = writeln!(s, "| {} | {} |", escape(&class.to_string()), c.counts.get(class));
    }
    s.push_str("\n| section | general | maternity-only | other-group | unknown |\n|---|---:|---:|---:|---:|\n");
    for (id, n) in &c.by_section {
        let name = match id {
            Some(id) => match super::section_label(list, id, langs) {
                Some(label) => format!("{} — {}", code(id), escape(&label)),
                None => code(id),
            },
            None => "(no section)".to_string(),
        };
        let counts: Vec<String> = ScopeClass::ALL.iter().map(|k| n.get(*k).to_string()).collect();
        let _ = writeln!(s, "| {name} | {} |", counts.join(" | "));
    }
    s.push_str("\n| # | id | title | class | subgroup | basis | evidence |\n|---|---|---|---|---|---|---|\n");
    for (e, k) in list.entries().iter().zip(&c.entries) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            escape(e.number.as_deref().unwrap_or("")),
            code(&k.id),
            escape(pick_text(&e.title, langs).unwrap_or("")),
            escape(&k.class.to_string()),
            escape(&k.subgroup),
            escape(k.basis.as_str()),
            escape(&k.evidence.join("; "))
        );
    }
    let _ = writeln!(s, "\nClasses cover {}.", escape(&list.completeness().to_string()));
    s
}

/// `alljobs flag --format markdown`: the findings of one list, a summary and
/// the completeness the findings cover.
pub fn flag(list: &List, report: &crate::rules::FlagReport) -> String {
    let mut s = format!("## Findings for `{}`\n\n{}", escape(&list.meta().id), one_list_table(list));
    if report.findings.is_empty() {
        s.push_str("_No findings._\n");
    } else {
        s.push_str("| line | entry | severity | rule | message |\n|---:|---|---|---|---|\n");
        for f in &report.findings {
            let line = if f.entry_id.is_some() { f.location.line.to_string() } else { "—".to_string() };
            let entry = match &f.entry_id {
                Some(id) => code(id),
                None if !f.entries.is_empty() => format!("(every entry: {})", f.entries.len()),
                None => "(list)".into(),
            };
            let mut severity = escape(&f.severity.to_string());
            if f.waived {
                severity.push_str(" (waived)");
            }
            if f.confidence == crate::rules::FindingConfidence::Low {
                severity.push_str("<br>low confidence");
            }
            let mut message = escape(&f.message);
            if let Some(w) = &f.waiver {
                let until = w.until.map(|d| format!(", until {d}")).unwrap_or_default();
                message.push_str(&format!("<br>waived by {}{}: {}", escape(&w.by), escape(&until), escape(&w.reason)));
            }
            let _ = writeln!(s, "| {line} | {entry} | {severity} | {} | {message} |", code(&f.rule));
        }
    }
    let _ =
        writeln!(s, "\n{}\n\nFindings cover {}.", escape(&report.summary()), escape(&list.completeness().to_string()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(escape("a|b *c* [d](e) <x>\nf"), "a\\|b \\*c\\* \\[d\\](e) \\<x\\><br>f");
    }

    #[test]
    fn redline_markers_hug_the_words() {
        let segs = vec![
            RedlineSegment { op: RedlineOp::Equal, text: "машинист ".into() },
            RedlineSegment { op: RedlineOp::Delete, text: "бульдозера".into() },
            RedlineSegment { op: RedlineOp::Insert, text: "бульдозеров | x ".into() },
            RedlineSegment { op: RedlineOp::Equal, text: "на высоте".into() },
        ];
        assert_eq!(redline(&segs), "машинист ~~бульдозера~~ **бульдозеров \\| x** на высоте");
    }

    #[test]
    fn escapes_cells() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(escape("[x](javascript:y) *b* _i_ `c`"), "\\[x\\](javascript:y) \\*b\\* \\_i\\_ \\`c\\`");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(escape("line1\r\nline2\nline3"), "line1<br>line2<br>line3");
        assert_eq!(escape("tab\there"), "tab here");
        assert_eq!(escape("сварщик"), "сварщик");
    }

    #[test]
    fn codes_and_urls() {
        assert_eq!(code("kg-2000-res-158"), "`kg-2000-res-158`");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(url("https://24.kg/english/1_x/"), "<https://24.kg/english/1_x/>");
        assert_eq!(url("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(url("https://x/<script>"), "https://x/\\<script\\>");
    }

    #[test]
    fn constructed_hostile_report_escapes_every_cell() {
        for l in Lang::ALL {
            let md = report(&crate::report::sample::report(l));
            assert!(!md.contains('⟦'), "{l}: a label is missing");
            for line in md.lines() {
                // Every `<` is escaped, or is our <br>, or opens an autolink.
                for (i, _) in line.match_indices('<') {
                    let ok = line[..i].ends_with('\\')
                        || line[i..].starts_with("<br>")
                        || line[i..].starts_with("<https://");
                    assert!(ok, "{l}: raw `<` in {line}");
                }
            }
            assert!(md.contains("\\<script\\>alert(1)\\</script\\>"));
        }
    }
}
