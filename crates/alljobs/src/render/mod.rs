//! Renderers, one module per output format.

pub mod chart;
pub mod csv;
pub mod github;
pub mod html;
pub mod html_factsheet;

pub mod json;
mod labels;
pub mod markdown;
pub mod messages;
pub mod region;
pub mod sarif;
pub mod story;
pub mod table;

/// A section's number and title as the per-section tables show them
/// ("II. Metalworking"), in the first language of `prefs`; `None` when the
/// list has no section `id`.
pub(crate) fn section_label(list: &crate::List, id: &str, prefs: &[&str]) -> Option<String> {
    let sec = list.section(id)?;
    let t = crate::model::pick_text(&sec.title, prefs).unwrap_or("");
    let num = sec.number.as_deref().map(|n| format!("{n}. ")).unwrap_or_default();
    Some(format!("{num}{t}"))
}
