//! Finding lists: a [`Catalog`] of list files by id (the shipped lists
//! embedded in the binary, and files on disk), the one [`Resolver`] every
//! command opens lists through, and consolidation (overlays into full
//! versions), which only the catalog calls.
//!
//! # The search path
//!
//! A list named by a path or an id, and the base of an overlay, are looked up
//! in this order; the first list with the id wins:
//!
//! 1. **explicit files**: the files being opened or checked (a directory named
//!    on the command line counts with every list under it);
//! 2. **siblings**: the lists in the directory of a named file (not recursing);
//! 3. **the lists directory**: `lists/` of the working directory (recursively),
//!    or the directory a command was given (`--lists DIR`);
//! 4. **the built-in lists**, embedded in alljobs: a base found only here is
//!    announced with a `builtin-base` warning, since it may not be the version
//!    the overlay's author meant.
//!
//! `alljobs ci` uses the same layers at two revisions: the repository's list
//! directories (at the base revision, or in the working tree), then the
//! built-in lists.

mod consolidate;
mod resolver;

pub use resolver::Resolver;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::list::List;
use crate::load::{self, LoadError, Loaded};
use crate::model::{ListMeta, RelationKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::de::DeTable;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_lists.rs"));
}

/// The list a command compares, shows or classifies when none is named:
/// Kyrgyzstan's Government Resolution No. 158 of 24 Mar 2000, the lead case.
pub const DEFAULT_LIST: &str = "kg-2000-res-158";

/// How the path of a built-in list begins (`<embedded>/lists/kg/….toml`).
pub const EMBEDDED_PREFIX: &str = "<embedded>/";

/// The shipped list files: (path in the repository, contents).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED_LISTS
}

/// Lists by id.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    files: Vec<Loaded>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Catalog {
        Catalog::default()
    }

    /// The shipped lists, embedded in the binary. Files that fail to load are
    /// skipped (a test keeps them valid).
    pub fn embedded() -> Catalog {
        let mut c = Catalog::new();
        for (path, text) in embedded_files() {
            if let Ok(l) = load::load_str(&format!("{EMBEDDED_PREFIX}{path}"), Arc::from(*text)) {
                c.add(l);
            }
        }
        c
    }

    /// Loads every `.toml` file under `dir` (recursively); returns the files that failed too.
    pub fn from_dir(dir: &Path) -> (Catalog, Vec<LoadError>) {
        let mut c = Catalog::new();
        let mut errors = Vec::new();
        for p in list_files(dir) {
            match load::load_file(&p) {
                Ok(l) => c.add(l),
                Err(e) => errors.push(e),
            }
        }
        (c, errors)
    }

    /// Adds a loaded file (a later file with the same id replaces an earlier one).
    pub fn add(&mut self, l: Loaded) {
        self.files.retain(|f| f.file.list.id != l.file.list.id);
        self.files.push(l);
    }

    /// Adds every list of `other` whose id is not here yet.
    pub fn extend_missing(&mut self, other: Catalog) {
        for l in other.files {
            if self.get(&l.file.list.id).is_none() {
                self.files.push(l);
            }
        }
    }

    /// The loaded file with this id.
    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.files.iter().find(|f| f.file.list.id == id)
    }

    /// Every loaded file.
    pub fn files(&self) -> &[Loaded] {
        &self.files
    }

    /// Every id, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.files.iter().map(|f| f.file.list.id.as_str()).collect();
        v.sort();
        v
    }

    /// The full version of list `id` (consolidated when it is an overlay).
    pub fn resolve(&self, id: &str) -> Result<List, LoadError> {
        match self.get(id) {
            Some(l) => self.consolidate(l),
            None => {
                let mut d = Diagnostic::error("unknown-list", format!("no list with id `{id}`"));
                if let Some(s) = did_you_mean(id, self.ids()) {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                } else {
                    d = d.with_hint(format!("known lists: {}", self.ids().join(", ")));
                }
                Err(LoadError::single(id, d))
            }
        }
    }

    /// The full version of a loaded file.
    pub fn consolidate(&self, l: &Loaded) -> Result<List, LoadError> {
        consolidate::consolidate(self, l, &mut Vec::new())
    }

    /// The full version of the loaded file `l`, with its diagnostics: a full
    /// list needs no other file (and is not copied); an overlay is
    /// consolidated with the bases of this catalog, and a base found only among
    /// the built-in lists is announced with a `builtin-base` warning. `l`
    /// itself need not be in the catalog.
    pub fn open_loaded(&self, l: Loaded) -> Result<(List, Vec<Diagnostic>), LoadError> {
        let mut ds = l.diagnostics.clone();
        if l.file.list.base.is_none() {
            return Ok((List::from_full_unchecked(l), ds));
        }
        let list = self.consolidate(&l)?;
        ds.extend(self.builtin_base_warning(&l));
        Ok((list, ds))
    }

    /// The full version of list `id` with the diagnostics of its file, a base
    /// taken from the built-in lists for a list that is a file announced as by
    /// [`Catalog::open_loaded`].
    pub fn open_id(&self, id: &str) -> Result<(List, Vec<Diagnostic>), LoadError> {
        let list = self.resolve(id)?;
        let mut ds = Vec::new();
        if let Some(l) = self.get(id) {
            ds.extend(l.diagnostics.iter().cloned());
            ds.extend(self.builtin_base_warning(l));
        }
        Ok((list, ds))
    }

    /// This catalog, then the built-in lists whose ids it lacks (the last
    /// layer of every search path). A built-in file whose id is already here
    /// is not loaded (its id is read by [`sniff_id`]).
    pub fn with_builtin(mut self) -> Catalog {
        for (path, text) in embedded_files() {
            if sniff_id(text).is_some_and(|id| self.get(id).is_some()) {
                continue;
            }
            if let Ok(l) = load::load_str(&format!("{EMBEDDED_PREFIX}{path}"), Arc::from(*text))
                && self.get(&l.file.list.id).is_none()
            {
                self.files.push(l);
            }
        }
        self
    }

    /// The id of the newest list (by [`Dates::sort_key`](crate::model::Dates::sort_key))
    /// of `id`'s jurisdiction that revises it: an overlay on it (`list.base`) or a
    /// list with a relation `supersedes`, `revises` or `amends` targeting it, or
    /// targeting such a list (transitively). `None` when there is none.
    pub fn newest_revision(&self, id: &str) -> Option<String> {
        let jurisdiction = self.get(id).map(|l| l.file.list.jurisdiction.clone());
        let mut family: Vec<String> = vec![id.to_string()];
        let mut found: Vec<&ListMeta> = Vec::new();
        loop {
            let mut grew = false;
            for f in self.files() {
                let m = &f.file.list;
                if family.contains(&m.id)
                    || jurisdiction.as_ref().is_some_and(|j| !m.jurisdiction.eq_ignore_ascii_case(j))
                {
                    continue;
                }
                let on_base = m.base.as_ref().is_some_and(|b| family.contains(b));
                let related = m.relations.iter().any(|r| {
                    matches!(r.kind, RelationKind::Supersedes | RelationKind::Revises | RelationKind::Amends)
                        && family.contains(&r.target)
                });
                if on_base || related {
                    family.push(m.id.clone());
                    found.push(m);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        found.into_iter().max_by_key(|m| (m.dates.sort_key().map(|d| d.sort_key()), m.id.clone())).map(|m| m.id.clone())
    }

    /// A warning when the base of `l` (or a base of that base) is a built-in
    /// copy, not a file: the overlay is then checked against what this alljobs
    /// ships, which may not be the base its author meant.
    pub fn builtin_base_warning(&self, l: &Loaded) -> Option<Diagnostic> {
        if l.path.starts_with(EMBEDDED_PREFIX) {
            // A built-in list on a built-in base is what alljobs ships.
            return None;
        }
        let mut base = l.file.list.base.clone();
        for _ in 0..64 {
            let b = self.get(base.as_deref()?)?;
            if b.path.starts_with(EMBEDDED_PREFIX) {
                let id = &b.file.list.id;
                let span = match DeTable::parse(&l.text) {
                    Ok(root) => load::locate(&root, "/list/base").value,
                    Err(_) => 0..0,
                };
                return Some(
                    Diagnostic::warning(
                        "builtin-base",
                        format!(
                            "base list `{id}` was not found beside {} or in lists/; the copy built into alljobs is used",
                            l.path
                        ),
                    )
                    .at(&l.path, &l.text, span)
                    .with_hint("put the base list file beside the overlay (or in lists/) to check against it"),
                );
            }
            base = b.file.list.base.clone();
        }
        None
    }

    /// The lists of one jurisdiction (case-insensitive), consolidated, in date order.
    pub fn jurisdiction(&self, code: &str) -> Vec<Result<List, LoadError>> {
        let mut v: Vec<&Loaded> =
            self.files.iter().filter(|f| f.file.list.jurisdiction.eq_ignore_ascii_case(code)).collect();
        v.sort_by_key(|f| (f.file.list.dates.sort_key().map(|d| d.sort_key()), f.file.list.id.clone()));
        v.into_iter().map(|f| self.consolidate(f)).collect()
    }
}

/// The list id of a list file, read without parsing it: the basic string of
/// the first `id = "…"` line after a `[list]` header line, both at the start
/// of a line, before any other header. `None` when that cannot be told for
/// sure — the id is written another way (a literal or escaped string, an
/// inline `list = {…}` table, a dotted key), or a multi-line string before it
/// could hide a header — and then the file must be loaded to know its id.
/// For a file that loads, a `Some` is its id (a test checks every shipped list).
pub fn sniff_id(text: &str) -> Option<&str> {
    let mut in_list = false;
    for line in text.lines() {
        if line.contains("\"\"\"") || line.contains("'''") {
            return None;
        }
        let t = line.trim_end();
        if t.starts_with('[') {
            if in_list {
                return None;
            }
            in_list = t == "[list]";
            continue;
        }
        if in_list
            && let Some(rest) = t.strip_prefix("id")
            && rest.starts_with([' ', '\t', '='])
        {
            let rest = rest.trim_start().strip_prefix('=')?.trim_start().strip_prefix('"')?;
            let (id, after) = rest.split_once('"')?;
            let after = after.trim_start();
            if id.contains('\\') || !(after.is_empty() || after.starts_with('#')) {
                return None;
            }
            return Some(id);
        }
    }
    None
}

/// Every `.toml` file under `dir`, recursively, sorted.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut items: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        items.sort();
        for p in items {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    walk(dir, &mut out);
    out
}

fn list_files_shallow(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_list_is_embedded_and_loads() {
        let files = embedded_files();
        assert!(files.len() >= 6);
        for (path, text) in files {
            let r = load::load_str(path, Arc::from(*text));
            assert!(r.is_ok(), "{path}: {:?}", r.err().map(|e| e.diagnostics));
        }
        let c = Catalog::embedded();
        assert_eq!(c.files().len(), files.len());
        for id in c.ids() {
            assert!(c.resolve(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn the_sniffed_id_of_a_list_is_its_id() {
        for (path, text) in embedded_files() {
            let l = load::load_str(path, Arc::from(*text)).unwrap();
            assert_eq!(sniff_id(text), Some(l.file.list.id.as_str()), "{path}");
        }
        let head = "format_version = 1\n[list]\n";
        assert_eq!(sniff_id(&format!("{head}id = \"a-b\" # note\ntitle = 1\n")), Some("a-b"));
        assert_eq!(sniff_id(&format!("{head}title = {{ en = \"x\" }}\nid   =   \"c\"\n")), Some("c"));
        assert_eq!(sniff_id(&format!("{head}ids = \"stable\"\nid=\"d\"\r\n")), Some("d"));
        for unsure in [
            format!("{head}id = 'lit'\n"),
            format!("{head}id = \"es\\u0063\"\n"),
            format!("{head}id = \"a\" \"b\"\n"),
            format!("{head}[list.declared]\nid = \"no\"\n"),
            format!("note = \"\"\"\n[list]\nid = \"fake\"\n\"\"\"\n{head}id = \"real\"\n"),
            "list = { id = \"inline\" }\n".to_string(),
            "[list]\nidentity = \"x\"\n".to_string(),
            "[list]\n  id = \"indented\"\n".to_string(),
            String::new(),
        ] {
            assert_eq!(sniff_id(&unsure), None, "{unsure}");
        }
    }

    #[test]
    fn jurisdiction_versions_come_in_date_order() {
        let c = Catalog::embedded();
        let ids: Vec<String> = c.jurisdiction("kg").into_iter().map(|l| l.unwrap().meta().id.clone()).collect();
        assert_eq!(
            ids,
            ["kg-2000-res-158", "kg-2024-draft-labour-code", "kg-2025-labour-code-23", "kg-2025-cabinet-load-limits"]
        );
        assert!(c.jurisdiction("ZZ").is_empty());
    }

    #[test]
    fn unknown_id_suggests_the_nearest() {
        let e = Catalog::embedded().resolve("ru-2000-res-126").unwrap_err();
        assert_eq!(e.diagnostics[0].hint.as_deref(), Some("did you mean `ru-2000-res-162`?"));
    }
}
