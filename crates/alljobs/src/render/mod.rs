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

/// The entry texts of a diff as shown in another language: every entry of
/// `d` (its `text`, compared in `d.language`) takes its title and condition in
/// the first language of `prefs` the entry has, in `old` or `new`. A
/// rewording's redline stays in the language compared (the header names it):
/// the claim "reworded" is about that language. For the human, Markdown and
/// CSV views of `alljobs diff --lang`; the JSON keeps the language compared.
pub fn diff_texts_in(d: &mut crate::diff::Diff, old: &crate::List, new: &crate::List, prefs: &[&str]) {
    use std::collections::HashMap;
    let index = |l: &'_ crate::List| -> HashMap<String, String> {
        l.entries().iter().map(|e| (e.id.clone(), e.full_text(prefs))).collect()
    };
    let (old_texts, new_texts) = (index(old), index(new));
    for c in &mut d.changes {
        for (refs, texts) in [(&mut c.old_entries, &old_texts), (&mut c.new_entries, &new_texts)] {
            for r in refs.iter_mut() {
                if let Some(t) = texts.get(&r.id) {
                    r.text = t.clone();
                }
            }
        }
    }
}
