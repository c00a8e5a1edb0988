//! JSON output. Every document carries `format_version` and is a stable contract
//! documented in docs/src/reference/json.md; the documents are the serialisations of
//! the view models in [`crate::view`] (one per command), whose schemas are under `schemas/`.

use crate::list::List;
use crate::model::pick_text;
use serde_json::Value;

pub use crate::view::{FLAG_FORMAT_VERSION, JSON_FORMAT_VERSION};

/// The `list` object shared by every JSON output, as a value (for the documents
/// that still extend it in place: ci, region).
pub fn list_summary(list: &List) -> Value {
    serde_json::to_value(crate::view::ListSummary::of(list)).unwrap_or(Value::Null)
}

/// Title of a list in the preferred language.
pub fn title(list: &List, prefs: &[&str]) -> String {
    pick_text(&list.meta().title, prefs).unwrap_or("").to_string()
}

/// One rule with its full text, as a value (compared field by field by the CI guard).
pub fn rule(r: &crate::rules::Rule) -> Value {
    serde_json::to_value(crate::view::RuleView::new(r)).unwrap_or(Value::Null)
}
