//! The one way a command opens lists: [`Resolver`], the search path of the
//! [module documentation](super).

use super::{Catalog, list_files_shallow, sniff_id};
use crate::diagnostic::Diagnostic;
use crate::list::List;
use crate::load::{self, LoadError, Loaded};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How much of a file [`Resolver::open`] reads to find its id without loading it.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Opens lists by path or id and finds the bases of overlays along the search
/// path: explicit files → siblings of a named file → the lists directory →
/// the built-in lists (see the [module documentation](super)).
#[derive(Debug, Default)]
pub struct Resolver {
    /// The lists directory (layer 3); `None`: `lists/` when there is one.
    lists_dir: Option<PathBuf>,
    /// Layers 3 and 4, loaded on first use.
    catalog: OnceLock<Catalog>,
}

impl Resolver {
    /// The search path with `lists/` of the working directory (when there is
    /// one) as the lists directory.
    pub fn new() -> Resolver {
        Resolver::default()
    }

    /// The search path with `dir` as the lists directory (`None`: `lists/`).
    /// The caller checks that `dir` is a directory: a missing one is empty.
    pub fn with_lists_dir(dir: Option<&Path>) -> Resolver {
        Resolver { lists_dir: dir.map(Path::to_path_buf), catalog: OnceLock::new() }
    }

    /// The lists directory and the built-in lists (layers 3 and 4): the lists a
    /// command that names no file browses (`history`, `trace`, `status`…).
    /// Files there that do not load are left out.
    pub fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| {
            let c = match self.lists_dir() {
                Some(d) => Catalog::from_dir(&d).0,
                None => Catalog::new(),
            };
            c.with_builtin()
        })
    }

    /// The lists directory of layer 3, if any.
    fn lists_dir(&self) -> Option<PathBuf> {
        match &self.lists_dir {
            Some(d) => Some(d.clone()),
            None => Some(PathBuf::from("lists")).filter(|p| p.is_dir()),
        }
    }

    /// The full list `id` from layers 3 and 4 without loading every list
    /// there: the files' ids are read by [`sniff_id`], and only the file that
    /// [`Resolver::catalog`] would pick is loaded. `None` whenever the answer
    /// could differ from the catalog's — a file whose id cannot be sniffed, an
    /// overlay (its bases are looked up in the catalog), no such list, a load
    /// error — and the caller then asks the catalog.
    fn open_full_by_id(&self, id: &str) -> Option<(List, Vec<Diagnostic>)> {
        use std::io::Read;
        let mut candidates = Vec::new();
        if let Some(dir) = self.lists_dir() {
            for p in super::list_files(&dir) {
                let mut head = Vec::new();
                std::fs::File::open(&p).ok()?.take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
                let head = match std::str::from_utf8(&head) {
                    Ok(t) => t,
                    Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
                };
                match sniff_id(head) {
                    Some(s) if s == id => candidates.push(p),
                    Some(_) => {}
                    None => return None,
                }
            }
        }
        // As in `Catalog::from_dir`, a later file with the id replaces an
        // earlier one, and a file that does not load is left out.
        let loaded = candidates.iter().rev().find_map(|p| load::load_file(p).ok()).or_else(|| {
            let (path, text) = super::embedded_files().iter().find(|(_, t)| sniff_id(t) == Some(id))?;
            load::load_str(&format!("{}{path}", super::EMBEDDED_PREFIX), std::sync::Arc::from(*text)).ok()
        })?;
        if loaded.file.list.id != id || loaded.file.list.base.is_some() {
            return None;
        }
        Catalog::new().open_loaded(loaded).ok()
    }

    /// The whole search path for `explicit` files (layer 1, in this order)
    /// and the files or directories `named` on the command line: a directory
    /// adds every list under it to layer 1, a file the lists beside it
    /// (layer 2); then layers 3 and 4.
    pub fn search_path<'a>(&self, explicit: impl IntoIterator<Item = &'a Loaded>, named: &[&Path]) -> Catalog {
        let mut c = Catalog::new();
        for l in explicit {
            if c.get(&l.file.list.id).is_none() {
                c.add(l.clone());
            }
        }
        for p in named.iter().filter(|p| p.is_dir()) {
            for f in super::list_files(p).iter().rev() {
                load_missing(&mut c, f);
            }
        }
        for p in named.iter().filter(|p| !p.is_dir()) {
            for f in siblings(p).iter().rev() {
                load_missing(&mut c, f);
            }
        }
        match self.catalog.get() {
            Some(layers) => c.extend_missing(layers.clone()),
            None => {
                // Layers 3 and 4 without loading again a file loaded above.
                if let Some(d) = self.lists_dir() {
                    for f in super::list_files(&d).iter().rev() {
                        load_missing(&mut c, f);
                    }
                }
                c = c.with_builtin();
            }
        }
        c
    }

    /// True when a command-line argument names a file rather than the id of a
    /// list: it exists, ends in `.toml`, contains a `/`, or is `-` (standard input).
    pub fn is_path(arg: &str) -> bool {
        let p = Path::new(arg);
        p.exists() || arg.ends_with(".toml") || arg.contains('/') || crate::write::is_dash(p)
    }

    /// Opens a list named by a path ([`Resolver::is_path`]) or by an id (looked
    /// up in layers 3 and 4), with the diagnostics of its file.
    pub fn open(&self, arg: &str) -> Result<(List, Vec<Diagnostic>), LoadError> {
        if Resolver::is_path(arg) {
            return self.open_path(Path::new(arg));
        }
        if self.catalog.get().is_none()
            && let Some(found) = self.open_full_by_id(arg)
        {
            return Ok(found);
        }
        self.catalog().open_id(arg)
    }

    /// Opens the list file at `path` (`-`: standard input). A full list needs
    /// no other file; the base of an overlay is found along the search path
    /// (announced with a `builtin-base` warning when only a built-in copy has it).
    pub fn open_path(&self, path: &Path) -> Result<(List, Vec<Diagnostic>), LoadError> {
        let loaded = load::load_file(path)?;
        if loaded.file.list.base.is_none() {
            return Catalog::new().open_loaded(loaded);
        }
        let named: Vec<&Path> = if crate::write::is_dash(path) { Vec::new() } else { vec![path] };
        self.search_path([&loaded], &named).open_loaded(loaded)
    }

    /// The newest revision of the list `old`, opened from the argument
    /// `old_arg` ([`Catalog::newest_revision`]), looked up along the search
    /// path of `old_arg` (beside it when it is a file). `Ok(None)` when no list
    /// revises it.
    pub fn newest_revision(&self, old_arg: &str, old: &List) -> Result<Option<(List, Vec<Diagnostic>)>, LoadError> {
        let path = Path::new(old_arg);
        let by_path = Resolver::is_path(old_arg) && !crate::write::is_dash(path);
        let beside;
        let c = if by_path {
            beside = self.search_path([], &[path]);
            &beside
        } else {
            self.catalog()
        };
        match c.newest_revision(&old.meta().id) {
            Some(id) => c.open_id(&id).map(Some),
            None => Ok(None),
        }
    }
}

/// The list files in the directory of `path` (not recursing; `path` itself included).
fn siblings(path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    list_files_shallow(dir)
}

/// Adds the list file at `path` to `c` unless its id is there already; files
/// that do not load are left out, and a file already in `c` (by its name) is
/// not read again. Called on a directory's files in reverse order, it gives
/// what [`Catalog::extend_missing`] of [`Catalog::from_dir`] gives (where a
/// later file with an id replaces an earlier one).
fn load_missing(c: &mut Catalog, path: &Path) {
    let name = load::input_name(path);
    if c.files().iter().any(|f| f.path == name) {
        return;
    }
    if let Ok(l) = load::load_file(path)
        && c.get(&l.file.list.id).is_none()
    {
        c.add(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const FULL: &str = "format_version = 1\n\n[list]\nid = \"xa-r-old\"\njurisdiction = \"XA\"\ntitle = { en = \"Constructed test list\" }\ninstrument = \"other\"\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\nnote = \"CONSTRUCTED for the resolver tests; not a real list.\"\n\n[[entries]]\nid = \"a\"\ntitle = { ru = \"Сварщик\" }\nevidence = \"reported\"\n\n[[entries]]\nid = \"b\"\ntitle = { ru = \"Слесарь\" }\nevidence = \"reported\"\n";

    fn overlay(id: &str, base: &str) -> String {
        FULL.replace("id = \"xa-r-old\"", &format!("id = \"{id}\"\nbase = \"{base}\""))
            .split("\n[[entries]]")
            .next()
            .unwrap()
            .to_string()
            + "\n[[operations]]\nop = \"repeal\"\ntarget = \"b\"\nconfidence = \"unknown\"\n"
    }

    #[test]
    fn the_base_of_an_overlay_is_found_beside_it_and_its_revision_too() {
        let dir = tempfile::tempdir().unwrap();
        let old = write(dir.path(), "old.toml", FULL);
        let ov = write(dir.path(), "new.toml", &overlay("xa-r-new", "xa-r-old"));
        let r = Resolver::with_lists_dir(Some(&dir.path().join("no-such-dir")));
        let (list, ds) = r.open_path(&ov).unwrap();
        assert_eq!(list.entries().len(), 1);
        assert!(ds.iter().all(|d| d.code != "builtin-base"), "{ds:?}");
        let (old_list, _) = r.open(old.to_str().unwrap()).unwrap();
        let (newest, _) = r.newest_revision(old.to_str().unwrap(), &old_list).unwrap().unwrap();
        assert_eq!(newest.meta().id, "xa-r-new");
        // By id, only the lists directory and the built-in lists are searched.
        assert!(r.open("xa-r-old").is_err());
        assert!(r.newest_revision("xa-r-old", &old_list).unwrap().is_none());
    }

    fn opened(r: Result<(List, Vec<Diagnostic>), LoadError>) -> String {
        match r {
            Ok((l, ds)) => format!("{:?} {:?} {:?}", l.path(), l.entries(), ds),
            Err(e) => format!("ERR {:?}", e.diagnostics),
        }
    }

    #[test]
    fn opening_by_id_without_the_catalog_gives_what_the_catalog_gives() {
        // The repository's lists directory: every id, full lists and overlays.
        let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lists");
        let r = Resolver::with_lists_dir(Some(&lists));
        let ids: Vec<String> = r.catalog().ids().into_iter().map(str::to_string).collect();
        let mut fast = 0;
        for id in &ids {
            let lazy = Resolver::with_lists_dir(Some(&lists));
            if let Some(found) = lazy.open_full_by_id(id) {
                fast += 1;
                assert_eq!(opened(Ok(found)), opened(r.catalog().open_id(id)), "{id}");
            }
            assert_eq!(opened(lazy.open(id)), opened(r.catalog().open_id(id)), "{id}");
        }
        assert!(fast >= 5, "the full lists are opened without the catalog ({fast})");
        // A directory with a later duplicate, a later duplicate that does not
        // load, a file whose id cannot be sniffed, and a shipped id overridden.
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", FULL);
        write(dir.path(), "b.toml", &FULL.replace("Сварщик", "Сварщик ручной сварки"));
        write(dir.path(), "c.toml", &FULL.replace("evidence = \"reported\"", "evidence = \"guessed\""));
        write(dir.path(), "d.toml", &FULL.replace("xa-r-old", "kg-2000-res-158").replace("XA", "KG"));
        let r = Resolver::with_lists_dir(Some(dir.path()));
        for id in ["xa-r-old", "kg-2000-res-158", "kg-2024-draft-labour-code", "no-such-list"] {
            let lazy = Resolver::with_lists_dir(Some(dir.path()));
            assert_eq!(opened(lazy.open(id)), opened(r.catalog().open_id(id)), "{id}");
        }
        let lazy = Resolver::with_lists_dir(Some(dir.path()));
        let (l, _) = lazy.open_full_by_id("xa-r-old").expect("a full list, its id sniffed");
        assert!(l.path().ends_with("b.toml"), "the later file that loads wins: {}", l.path());
        write(dir.path(), "e.toml", &FULL.replace("id = \"xa-r-old\"", "id = 'xa-r-other'"));
        let lazy = Resolver::with_lists_dir(Some(dir.path()));
        assert!(lazy.open_full_by_id("xa-r-old").is_none(), "an id that cannot be sniffed: the catalog decides");
        let r = Resolver::with_lists_dir(Some(dir.path()));
        assert_eq!(opened(lazy.open("xa-r-other")), opened(r.catalog().open_id("xa-r-other")));
        assert!(lazy.open("xa-r-other").is_ok());
    }

    #[test]
    fn the_search_path_keeps_explicit_files_and_the_later_of_two_files_with_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.toml", FULL);
        write(dir.path(), "b.toml", &FULL.replace("Сварщик", "Сварщик ручной сварки"));
        write(dir.path(), "c.toml", &FULL.replace("evidence = \"reported\"", "evidence = \"guessed\""));
        write(dir.path(), "d.toml", &FULL.replace("xa-r-old", "xa-r-d"));
        let r = Resolver::with_lists_dir(Some(&dir.path().join("none")));
        for named in [dir.path().to_path_buf(), a.clone()] {
            let c = r.search_path([], &[named.as_path()]);
            assert!(c.get("xa-r-old").unwrap().path.ends_with("b.toml"), "{named:?}");
            assert!(c.get("xa-r-d").is_some());
            assert!(c.get("kg-2000-res-158").is_some(), "then the built-in lists");
            let explicit = load::load_file(&a).unwrap();
            let c = r.search_path([&explicit], &[named.as_path()]);
            assert!(c.get("xa-r-old").unwrap().path.ends_with("a.toml"), "the explicit file comes first");
        }
        // The lists directory is layer 3, after the siblings.
        let other = tempfile::tempdir().unwrap();
        write(other.path(), "x.toml", &FULL.replace("xa-r-old", "xa-r-d").replace("Слесарь", "Токарь"));
        write(other.path(), "y.toml", &FULL.replace("xa-r-old", "xa-r-y"));
        let r = Resolver::with_lists_dir(Some(other.path()));
        let c = r.search_path([], &[a.as_path()]);
        assert!(c.get("xa-r-d").unwrap().path.ends_with("d.toml"));
        assert!(c.get("xa-r-y").unwrap().path.ends_with("y.toml"));
        r.catalog();
        let again = r.search_path([], &[a.as_path()]);
        assert_eq!(format!("{:?}", c.ids()), format!("{:?}", again.ids()));
        assert!(again.get("xa-r-d").unwrap().path.ends_with("d.toml"));
    }

    #[test]
    fn a_base_only_built_in_is_announced() {
        let dir = tempfile::tempdir().unwrap();
        let ov = write(dir.path(), "ov.toml", &overlay("kg-test-on-158", "kg-2000-res-158").replace("XA", "KG"));
        let r = Resolver::with_lists_dir(Some(dir.path()));
        let e = r.open_path(&ov).unwrap_err();
        // Entry `b` is not in Res. 158: the repeal fails against the built-in copy.
        assert_eq!(e.diagnostics[0].code, "op-missing-entry");
        let ov = write(
            dir.path(),
            "ov.toml",
            &overlay("kg-test-on-158", "kg-2000-res-158").replace("XA", "KG").replace("\"b\"", "\"k40-01\""),
        );
        let (_, ds) = r.open_path(&ov).unwrap();
        assert!(ds.iter().any(|d| d.code == "builtin-base"), "{ds:?}");
        // The built-in lists among themselves are not announced.
        let (_, ds) = Resolver::new().catalog().open_id("kg-2024-draft-labour-code").unwrap();
        assert!(ds.iter().all(|d| d.code != "builtin-base"));
    }
}
