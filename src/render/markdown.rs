//! Markdown output (GitHub-flavoured tables), for issues, pull requests and reports.

use crate::diff::{Change, ChangeOp, Diff, EntryRef, RedlineOp, RedlineSegment, coverage_note};
use crate::list::List;
use crate::model::pick_text;

/// Escapes text for a Markdown table cell: backslash-escapes the characters
/// that Markdown or a table would interpret, turns line breaks into `<br>`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
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
    let title = pick_text(&m.title, &["en", "ru", "ky"]).unwrap_or("");
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
    let m = &d.summary;
    s.push_str("| added | removed | changed | unchanged | split | merged | narrowed | widened |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n\n",
        m.added, m.removed, m.changed, m.unchanged, m.split, m.merged, m.narrowed, m.widened
    ));
    if stat_only {
        return s;
    }
    if d.changes.is_empty() {
        s.push_str("_No changes to show._\n");
        return s;
    }
    s.push_str("| change | old | new | scope | text (~~deleted~~ **inserted**) |\n|---|---|---|---|---|\n");
    for c in &d.changes {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            escape(&c.describe()),
            entries(&c.old_entries),
            entries(&c.new_entries),
            escape(&c.scope_text()),
            text(c)
        ));
    }
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
}
