//! `alljobs trace` (a profession's story) and `alljobs status` (the law on a
//! date) as terminal tables and Markdown. JSON is the serialised view model
//! ([`crate::trace::Trace`], [`crate::status::PointInTime`]).

use crate::render::markdown::{escape, header, row};
use crate::render::table::new_table;
use crate::status::{PointInTime, RestrictionCounts};
use crate::trace::{Trace, TraceHit, TraceVersion};

/// The cells of one version: entry, found by, scope (class), evidence, sources.
fn version_cells(v: &TraceVersion, prefs: &[&str]) -> Vec<[String; 5]> {
    if v.entries.is_empty() {
        let note = v.note.clone().unwrap_or_else(|| "not in this list".into());
        return vec![[note, String::new(), String::new(), String::new(), String::new()]];
    }
    v.entries.iter().map(|h| hit_cells(h, prefs)).collect()
}

fn hit_cells(h: &TraceHit, prefs: &[&str]) -> [String; 5] {
    let number = h.number.as_deref().map(|n| format!(" (No. {n})")).unwrap_or_default();
    let sources: Vec<String> = h
        .sources
        .iter()
        .map(|s| match &s.title {
            Some(t) => format!("{}: {t}", s.id),
            None => format!("{} (not declared in the list)", s.id),
        })
        .collect();
    [
        format!("{}{number} «{}»", h.id, h.text_in(prefs)),
        h.found_by.text(),
        format!("{} ({})", h.scope, h.class),
        h.evidence.to_string(),
        sources.join("\n"),
    ]
}

fn version_label(v: &TraceVersion) -> String {
    let date = v.date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
    format!("{}{date}\n{}", v.list, v.completeness)
}

/// `alljobs trace` as terminal tables, one per jurisdiction; the entries'
/// texts in the first language of `prefs` each has.
pub fn trace_table(t: &Trace, prefs: &[&str]) -> String {
    let mut s = format!(
        "trace «{}»: every version of every jurisdiction in date order; a version follows its predecessor's entry through their diff\n",
        t.query
    );
    for j in &t.jurisdictions {
        let mut tab = new_table(vec!["version", "entry", "found by", "scope (class)", "evidence", "sources"]);
        for v in &j.versions {
            for (k, cells) in version_cells(v, prefs).into_iter().enumerate() {
                let mut r = vec![if k == 0 { version_label(v) } else { String::new() }];
                r.extend(cells);
                tab.add_row(r);
            }
        }
        s.push_str(&format!("\n{}\n{tab}\n", j.jurisdiction));
    }
    s.push_str("note: entries with evidence \"reported\" are known from secondary sources, not the official wording; \"not in this list\" speaks only of the transcribed entries\n");
    s
}

/// `alljobs trace --format markdown` (texts as in [`trace_table`]).
pub fn trace_markdown(t: &Trace, prefs: &[&str]) -> String {
    let mut o = format!("# Trace: «{}»\n\n", escape(&t.query));
    o.push_str("Every version of every jurisdiction, in date order; a version follows its predecessor's entry through their diff. \"Not in this list\" speaks only of the transcribed entries.\n\n");
    for j in &t.jurisdictions {
        o.push_str(&format!("## {}\n\n", escape(&j.jurisdiction)));
        let cols: Vec<String> = ["version", "entry", "found by", "scope (class)", "evidence", "sources"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        header(&mut o, &cols, &[]);
        for v in &j.versions {
            for (k, cells) in version_cells(v, prefs).into_iter().enumerate() {
                let label = if k == 0 { escape(&version_label(v)).replace('\n', "<br>") } else { String::new() };
                let mut r = vec![label];
                r.extend(cells.iter().map(|c| escape(c).replace('\n', "<br>")));
                row(&mut o, &r);
            }
        }
        o.push('\n');
    }
    o
}

fn counts_line(r: &RestrictionCounts) -> String {
    let classes: Vec<String> = r.by_class.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let groups: Vec<String> = r.by_group.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!(
        "{} (instruments: {}); by group: {}",
        classes.join(", "),
        if r.instruments.is_empty() { "none".to_string() } else { r.instruments.join(", ") },
        if groups.is_empty() { "none".to_string() } else { groups.join(", ") }
    )
}

const STATUS_NOTE: &str = "Status from each instrument's dates and the relations of the others (supersedes, repeals, revises); where they do not settle it, the status is unknown. Counts cover only the transcribed entries.";

/// `alljobs status` as a terminal table.
pub fn status_table(p: &PointInTime) -> String {
    let mut t = new_table(vec!["instrument", "status on date", "confidence", "why", "entries"]);
    for i in &p.instruments {
        t.add_row(vec![
            format!("{}\n{}", i.id, i.title),
            i.status_on_date.as_str().to_string(),
            i.confidence.to_string(),
            i.why.clone(),
            i.completeness.clone(),
        ]);
    }
    let mut s = format!("{} on {}\n{t}\n", p.jurisdiction, p.on);
    if let Some(r) = p.restrictions.get("in_force") {
        s.push_str(&format!("restrictions in force: {}\n", counts_line(r)));
    }
    if let Some(r) = p.restrictions.get("status_unknown")
        && !r.instruments.is_empty()
    {
        s.push_str(&format!("restrictions of instruments whose status on this date is unknown: {}\n", counts_line(r)));
    }
    s.push_str(&format!("note: {STATUS_NOTE}\n"));
    s
}

/// `alljobs status --format markdown`.
pub fn status_markdown(p: &PointInTime) -> String {
    let mut o = format!("# {} on {}\n\n{}\n\n", escape(&p.jurisdiction), escape(&p.on), escape(STATUS_NOTE));
    let cols: Vec<String> =
        ["instrument", "status on date", "confidence", "why", "entries"].iter().map(|c| c.to_string()).collect();
    header(&mut o, &cols, &[]);
    for i in &p.instruments {
        row(
            &mut o,
            &[
                format!("`{}`<br>{}", escape(&i.id), escape(&i.title)),
                i.status_on_date.as_str().to_string(),
                i.confidence.to_string(),
                escape(&i.why),
                escape(&i.completeness),
            ],
        );
    }
    o.push('\n');
    if let Some(r) = p.restrictions.get("in_force") {
        o.push_str(&format!("**Restrictions in force:** {}\n\n", escape(&counts_line(r))));
    }
    if let Some(r) = p.restrictions.get("status_unknown")
        && !r.instruments.is_empty()
    {
        o.push_str(&format!(
            "**Restrictions of instruments whose status on this date is unknown:** {}\n\n",
            escape(&counts_line(r))
        ));
    }
    o
}
