//! The one write path of alljobs: every file a command writes goes through
//! [`write_output`] (or [`append`] for a file that is appended to by design,
//! GitHub's job summary).
//!
//! The rule (docs/src/reference/safety.md):
//! - `-` is standard output.
//! - A regular file is replaced atomically: a temporary file in the same
//!   directory, fsync, rename; the permissions of the file replaced are kept.
//!   A symbolic link is followed: the target is replaced, the link stays.
//! - Anything else that exists (a character device such as `/dev/null`, a
//!   FIFO, `/dev/stdout`) is written through, never replaced.
//! - A command never overwrites a file it reads (its own input), nor a file
//!   that is a list file, unless writing lists is its job (`fmt`; `import
//!   --force`): [`Policy`].
//! - Any other existing regular file is replaced, as `-o` does in pandoc or
//!   rustfmt — except by `import`, which writes list files and so asks for
//!   `--force` before replacing anything.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written. [`fmt::Display`](std::fmt::Display) names
/// no command-line flag; a command line words the error as its flags with
/// [`WriteError::words`].
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and the policy does not allow replacing it.
    #[error("{}", self.words("the output", None))]
    Exists(PathBuf),
    /// The output is one of the command's inputs.
    #[error("{}", self.words("the output", None))]
    OwnInput(PathBuf),
    /// The output is a list file, which the command does not overwrite.
    #[error("{}", self.words("the output", None))]
    IsList(PathBuf),
    /// The write failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl WriteError {
    /// The error as a caller words it: `output` names the option that named the
    /// file (`-o`), `force` the one that allows replacing an existing file
    /// (`--force`; `None`: the library's wording, [`Policy::replace_existing`]).
    pub fn words(&self, output: &str, force: Option<&str>) -> String {
        match self {
            WriteError::Exists(p) => match force {
                Some(f) => format!("{} exists; pass {f} to overwrite it", p.display()),
                None => format!(
                    "{} exists; it is not overwritten (the write policy does not replace existing files)",
                    p.display()
                ),
            },
            WriteError::OwnInput(p) => format!(
                "{output} {} is an input of this command; it is not overwritten (write to another file)",
                p.display()
            ),
            WriteError::IsList(p) => format!(
                "{output} {} is a list file; this command does not overwrite list files (write to another file, or remove it first)",
                p.display()
            ),
            WriteError::Io { .. } => self.to_string(),
        }
    }
}

/// What a command may overwrite.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// The files the command reads: never overwritten.
    pub inputs: Vec<PathBuf>,
    /// Writing list files is the command's job (`fmt`, `import --force`): a file
    /// that is a list may be replaced.
    pub may_replace_lists: bool,
    /// An existing regular file is replaced without asking (false: `--force` needed).
    pub replace_existing: bool,
}

impl Policy {
    /// A report, schema, SARIF file…: replaces other files, never an input or a list.
    pub fn output(inputs: impl IntoIterator<Item = impl Into<PathBuf>>) -> Policy {
        Policy {
            inputs: inputs.into_iter().map(Into::into).collect(),
            may_replace_lists: false,
            replace_existing: true,
        }
    }
    /// `fmt`: rewrites the file it read, in place.
    pub fn in_place() -> Policy {
        Policy { inputs: Vec::new(), may_replace_lists: true, replace_existing: true }
    }
}

/// Where the bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Standard output (`-`, `/dev/stdout`).
    Stdout,
    /// Written through to a device or FIFO.
    Through,
    /// A regular file, replaced or created atomically.
    File,
}

/// True for `-`: standard output (or input) wherever a file is named.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn is_stdout_alias(path: &Path) -> bool {
    is_dash(path) || ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].iter().any(|p| path == Path::new(p))
}

/// What [`write_output`] would do with `target`, checked before any work is
/// done (an import can refuse before reading its input).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    Stdout,
    Through,
    /// Create a new file.
    Create,
    /// Replace this regular file (a link's target), keeping its permissions.
    Replace(PathBuf, std::fs::Permissions),
}

fn plan(target: &Path, policy: &Policy) -> Result<Plan, WriteError> {
    let io = |source| WriteError::Io { path: target.to_path_buf(), source };
    if is_stdout_alias(target) {
        return Ok(Plan::Stdout);
    }
    let link = std::fs::symlink_metadata(target).ok();
    let meta = std::fs::metadata(target).ok();
    if link.as_ref().is_some_and(|m| m.file_type().is_symlink()) && meta.is_none() {
        return Err(io(std::io::Error::new(std::io::ErrorKind::NotFound, "a symbolic link to nothing")));
    }
    let Some(meta) = meta else { return Ok(Plan::Create) };
    if meta.is_dir() {
        return Err(io(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory")));
    }
    if !meta.is_file() {
        // A device, FIFO or socket: written through, never replaced.
        return Ok(Plan::Through);
    }
    if policy.inputs.iter().any(|i| same_file(i, target)) {
        return Err(WriteError::OwnInput(target.to_path_buf()));
    }
    if !policy.replace_existing {
        return Err(WriteError::Exists(target.to_path_buf()));
    }
    if !policy.may_replace_lists && is_list_file(target) {
        return Err(WriteError::IsList(target.to_path_buf()));
    }
    let real = std::fs::canonicalize(target).map_err(io)?;
    Ok(Plan::Replace(real, meta.permissions()))
}

/// Checks that `target` may be written under `policy`, without writing.
pub fn check(target: &Path, policy: &Policy) -> Result<(), WriteError> {
    plan(target, policy).map(|_| ())
}

/// Writes `bytes` to `target` by the rule of this module.
pub fn write_output(target: &Path, bytes: &[u8], policy: &Policy) -> Result<Written, WriteError> {
    write_output_with(target, policy, |w| w.write_all(bytes))
}

/// [`write_output`] for output produced as it is written: `produce` writes to a
/// buffered writer (standard output, the device, or the temporary file that
/// replaces `target` atomically once `produce` has succeeded), so a large output
/// is never held whole in memory. The checks are made before `produce` runs; when
/// it fails, a file being replaced is left as it was.
pub fn write_output_with(
    target: &Path,
    policy: &Policy,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Written, WriteError> {
    let io = |source| WriteError::Io { path: target.to_path_buf(), source };
    match plan(target, policy)? {
        Plan::Stdout => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match produce(&mut out).and_then(|_| out.flush()) {
                Ok(()) => Ok(Written::Stdout),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Written::Stdout),
                Err(e) => Err(io(e)),
            }
        }
        Plan::Through => {
            let f = std::fs::OpenOptions::new().write(true).open(target).map_err(io)?;
            let mut f = std::io::BufWriter::with_capacity(1 << 16, f);
            produce(&mut f).and_then(|_| f.flush()).map_err(io)?;
            Ok(Written::Through)
        }
        Plan::Create => write_atomic_at(target, target, produce, None).map(|_| Written::File),
        Plan::Replace(real, perms) => write_atomic_at(target, &real, produce, Some(perms)).map(|_| Written::File),
    }
}

/// Appends to a file that is appended to by design (GitHub's job summary);
/// created when missing. Devices and FIFOs are written through the same way.
pub fn append(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: path.to_path_buf(), source };
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.flush()).map_err(io)
}

/// True when `a` and `b` name the same existing file (hard links and symbolic links included).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// True when the file is a list file: TOML with `format_version` and a `[list]`
/// table (valid or not: a list with errors is still someone's list).
pub fn is_list_file(path: &Path) -> bool {
    let Ok(bytes) = crate::load::read_bytes(path) else { return false };
    let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)) else { return false };
    looks_like_list(text)
}

/// True when `text` has the top-level keys of a list file.
pub fn looks_like_list(text: &str) -> bool {
    match text.parse::<toml_edit::DocumentMut>() {
        Ok(doc) => doc.contains_key("format_version") && doc.get("list").is_some_and(|l| l.is_table_like()),
        // An unparseable file is a list when a line opens its [list] table.
        Err(_) => text.lines().any(|l| l.trim() == "[list]") && text.contains("format_version"),
    }
}

/// Writes `bytes` to `path` atomically. Without `overwrite`, an existing file is an error.
/// Prefer [`write_output`], which applies the whole rule.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let policy = Policy { inputs: Vec::new(), may_replace_lists: true, replace_existing: overwrite };
    write_output(path, bytes, &policy).map(|_| ())
}

/// The atomic replacement: `real` is the file written (a link's target), `shown` its name in errors.
fn write_atomic_at(
    shown: &Path,
    real: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    keep: Option<std::fs::Permissions>,
) -> Result<(), WriteError> {
    let io = |source| WriteError::Io { path: shown.to_path_buf(), source };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new().prefix(".alljobs-").suffix(".tmp").tempfile_in(&dir).map_err(io)?;
    // A failure here drops the temporary file (removed); the target is untouched.
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, tmp);
    produce(&mut buf).and_then(|_| buf.flush()).map_err(io)?;
    let tmp = buf.into_inner().map_err(|e| io(e.into_error()))?;
    tmp.as_file().sync_all().map_err(io)?;
    // Keep the permissions of the file being replaced; a new file gets the usual 0644
    // (a temporary file is created 0600, too private for a report or a list).
    let replacing = keep.is_some();
    match keep {
        Some(p) => {
            let _ = std::fs::set_permissions(tmp.path(), p);
        }
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
            }
        }
    }
    if replacing {
        tmp.persist(real).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(real).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(shown.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    // The rename is durable once the directory is synced.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        write_atomic(&p, b"one", false).unwrap();
        assert!(matches!(write_atomic(&p, b"two", false), Err(WriteError::Exists(_))));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        }
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(write_output(&link, b"new", &Policy::output(Vec::<PathBuf>::new())).unwrap(), Written::File);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        assert!(write_output(&dangling, b"x", &Policy::output(Vec::<PathBuf>::new())).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through() {
        let p = Path::new("/dev/null");
        assert_eq!(write_output(p, b"x", &Policy::output(Vec::<PathBuf>::new())).unwrap(), Written::Through);
        assert!(!std::fs::metadata(p).unwrap().file_type().is_file(), "still a device");
    }

    #[test]
    fn streamed_output_is_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        std::fs::write(&p, "old").unwrap();
        let policy = Policy::output(Vec::<PathBuf>::new());
        // A producer that fails half-way: the file replaced is left as it was, no temporary file stays.
        let e = write_output_with(&p, &policy, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        })
        .unwrap_err();
        assert!(matches!(e, WriteError::Io { .. }), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
        // Written in many pieces (more than the buffer holds): the same bytes as at once.
        let expected: String = (0..20_000).map(|i| format!("line {i}\n")).collect();
        let written = write_output_with(&p, &policy, |w| {
            for i in 0..20_000 {
                writeln!(w, "line {i}")?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(written, Written::File);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), expected);
        // The checks come first: an input is refused before the producer runs.
        let mut ran = false;
        let e = write_output_with(&p, &Policy::output([&p]), |_| {
            ran = true;
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(e, WriteError::OwnInput(_)) && !ran, "{e}");
    }

    #[test]
    fn inputs_and_lists_are_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "1. Машинист\n").unwrap();
        let e = write_output(&input, b"x", &Policy::output([&input])).unwrap_err();
        assert!(matches!(e, WriteError::OwnInput(_)), "{e}");
        let list = dir.path().join("l.toml");
        std::fs::write(&list, "format_version = 1\n[list]\nid = \"xa\"\n").unwrap();
        let e = write_output(&list, b"x", &Policy::output(Vec::<PathBuf>::new())).unwrap_err();
        assert!(matches!(e, WriteError::IsList(_)), "{e}");
        // The library's text names no flag; a command line words them.
        assert!(!e.to_string().contains("-o"), "{e}");
        assert!(e.words("-o", Some("--force")).starts_with(&format!("-o {} is a list file", list.display())));
        let exists = WriteError::Exists(list.clone());
        assert!(!exists.to_string().contains("--force"), "{exists}");
        assert!(exists.words("-o", Some("--force")).ends_with("exists; pass --force to overwrite it"));
        assert_eq!(std::fs::read(&input).unwrap(), "1. Машинист\n".as_bytes());
        assert!(std::fs::read_to_string(&list).unwrap().starts_with("format_version"));
        let other = dir.path().join("report.md");
        std::fs::write(&other, "old report").unwrap();
        write_output(&other, b"new", &Policy::output(Vec::<PathBuf>::new())).unwrap();
        assert_eq!(std::fs::read(&other).unwrap(), b"new");
    }
}
