//! Terminal tables (comfy-table).

use crate::list::List;
use crate::model::{ScopeClass, pick_text};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// Language preference for terminal output.
pub const LANGS: [&str; 3] = ["ru", "en", "ky"];

fn new_table(header: Vec<&str>) -> Table {
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
    let title = pick_text(&m.title, &["en", "ru", "ky"]).unwrap_or("");
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
    let mut t = new_table(vec!["#", "id", "section", "title", "condition", "scope", "evidence", "sources"]);
    for e in list.entries() {
        let scope = list.scope_of(e);
        let scope = if e.scope_inferred { format!("{scope} (inferred)") } else { scope.to_string() };
        t.add_row(vec![
            e.number.clone().unwrap_or_default(),
            e.id.clone(),
            e.section.clone().unwrap_or_else(|| "?".into()),
            pick_text(&e.title, &LANGS).unwrap_or("").to_string(),
            pick_text(&e.condition, &LANGS).unwrap_or("").to_string(),
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

/// " (reported: K6, K12)" — a fact's confidence mark and sources.
pub fn mark(confidence: Option<crate::model::Confidence>, sources: &[String]) -> String {
    match (confidence, sources.is_empty()) {
        (Some(c), true) => format!(" ({c})"),
        (Some(c), false) => format!(" ({c}: {})", sources.join(", ")),
        (None, false) => format!(" ({})", sources.join(", ")),
        (None, true) => String::new(),
    }
}
