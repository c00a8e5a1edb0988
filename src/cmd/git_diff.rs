use super::CliError;
use alljobs::catalog::Resolver;
use alljobs::diff::{DiffOptions, diff_lists};
use alljobs::{List, load, render};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What git passes to an external diff driver: path old-file old-hex
    /// old-mode new-file new-hex new-mode [new-path rename-info]; `old-file` is
    /// /dev/null for an added file. (Only `path` for an unmerged file.)
    #[arg(num_args = 1..=9, required = true, value_name = "GIT_ARGS", allow_hyphen_values = true)]
    pub args: Vec<PathBuf>,
}

/// One side of the diff as git hands it over.
enum Version {
    Absent,
    Invalid { first_error: String, text: String },
    Valid { list: Box<List>, text: String },
}

impl Version {
    fn text(&self) -> &str {
        match self {
            Version::Absent => "",
            Version::Invalid { text, .. } | Version::Valid { text, .. } => text,
        }
    }
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let args = &a.args;
    let path = args[0].to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    match args.len() {
        1 => out.push_str(&format!("alljobs: {path}: unmerged; no diff\n")),
        7 | 9 => {
            let new_path = if args.len() == 9 { args[7].to_string_lossy().into_owned() } else { path.clone() };
            let old = read(&args[1], &format!("a/{path}"), &path);
            let new = read(&args[4], &format!("b/{new_path}"), &new_path);
            let what = match (&old, &new) {
                (Version::Absent, _) => " (new file)".to_string(),
                (_, Version::Absent) => " (deleted)".to_string(),
                _ if new_path != path => format!(" (renamed to {new_path})"),
                _ => String::new(),
            };
            out.push_str(&format!("alljobs: semantic diff of {path}{what}\n"));
            out.push_str(&semantic_or_plain(&old, &new, &path, &new_path));
        }
        n => {
            return Err(CliError::Other(format!(
                "git-diff takes the 7 arguments git passes to an external diff driver (or 1, or 9); got {n}. Set it up with: git config diff.alljobs.command \"alljobs git-diff\""
            )));
        }
    }
    super::emit(&out)?;
    // Always 0: a non-zero exit makes git stop the whole diff.
    Ok(ExitCode::SUCCESS)
}

fn semantic_or_plain(old: &Version, new: &Version, path: &str, new_path: &str) -> String {
    let invalid = |v: &Version, side: &str| match v {
        Version::Invalid { first_error, .. } => Some(format!("the {side} version is not a valid list ({first_error})")),
        _ => None,
    };
    let problems: Vec<String> = [invalid(old, "old"), invalid(new, "new")].into_iter().flatten().collect();
    let lists = match (old, new) {
        (Version::Valid { list: o, .. }, Version::Valid { list: n, .. }) => Some(((**o).clone(), (**n).clone())),
        (Version::Absent, Version::Valid { list: n, .. }) => Some((alljobs::ci::empty_version(n), (**n).clone())),
        (Version::Valid { list: o, .. }, Version::Absent) => Some(((**o).clone(), alljobs::ci::empty_version(o))),
        _ => None,
    };
    if let (true, Some((o, n))) = (problems.is_empty(), lists) {
        // Unchanged entries are left out, as git leaves out unchanged lines.
        let d = diff_lists(&o, &n, &DiffOptions::default()).filtered(&[], false);
        return render::table::diff(&o, &n, &d, false);
    }
    let mut s = String::new();
    for p in &problems {
        s.push_str(&format!("alljobs: {p}; plain diff follows\n"));
    }
    let diff = similar::TextDiff::from_lines(old.text(), new.text());
    let a = if matches!(old, Version::Absent) { "/dev/null".to_string() } else { format!("a/{path}") };
    let b = if matches!(new, Version::Absent) { "/dev/null".to_string() } else { format!("b/{new_path}") };
    s.push_str(&diff.unified_diff().context_radius(3).header(&a, &b).to_string());
    s
}

/// Loads one side: `file` is the temporary file git wrote (or /dev/null);
/// `name` is used in messages; `rel` is the repository path, whose directory in
/// the working tree (git runs the driver at the top of the working tree)
/// provides the bases of an overlay.
fn read(file: &Path, name: &str, rel: &str) -> Version {
    if file == Path::new("/dev/null") {
        return Version::Absent;
    }
    let (text, _) = match load::read_text(file, name) {
        Ok(t) => t,
        Err(d) => return Version::Invalid { first_error: super::worded(d).to_string(), text: String::new() },
    };
    let loaded = match load::load_str(name, text.clone()) {
        Ok(l) => l,
        Err(e) => {
            let first = e.diagnostics.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default();
            return Version::Invalid { first_error: first, text: text.to_string() };
        }
    };
    // Git runs the driver at the top of the working tree: the search path is
    // this version, the lists beside `rel` there, lists/, the built-in lists.
    let opened = if loaded.file.list.base.is_some() {
        Resolver::new().search_path([&loaded], &[Path::new(rel)]).open_loaded(loaded)
    } else {
        alljobs::Catalog::new().open_loaded(loaded)
    };
    match opened {
        Ok((list, _)) => Version::Valid { list: Box::new(list), text: text.to_string() },
        Err(e) => {
            let first = e.diagnostics.iter().find(|d| d.is_error()).map(|d| d.to_string()).unwrap_or_default();
            Version::Invalid { first_error: first, text: text.to_string() }
        }
    }
}
