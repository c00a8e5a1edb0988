//! Test helpers shared by the unit tests of several modules (compiled only for tests).

use crate::{Catalog, List, load::load_str};
use std::sync::Arc;

/// A constructed list (synthetic, not a real act): `meta_extra` is TOML added to `[list]`,
/// `body` the `[[entries]]` (and other tables).
pub(crate) fn constructed_list(jurisdiction: &str, meta_extra: &str, default_scope: &str, body: &str) -> List {
    let text = format!(
        r#"format_version = 1
[list]
id = "xa-constructed"
jurisdiction = "{jurisdiction}"
instrument = "resolution"
title = {{ en = "Constructed test list (synthetic, not a real act)" }}
status = "unknown"
effect = "prohibits"
default_scope = "{default_scope}"
confidence = "unknown"
note = "Constructed for tests; not a real list."
{meta_extra}
{body}"#
    );
    let loaded = load_str("constructed.toml", Arc::from(text.as_str()))
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>()));
    Catalog::new().consolidate(&loaded).unwrap()
}
