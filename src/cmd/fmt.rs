use super::{CliError, default_lists_dir, no_lists_dir};
use alljobs::catalog::list_files;
use alljobs::{fmt, load, write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories (default: lists/).
    pub paths: Vec<PathBuf>,
    /// Do not write; print a unified diff of what would change and exit 1 when a file is not formatted.
    #[arg(long)]
    pub check: bool,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let paths: Vec<PathBuf> = if a.paths.is_empty() {
        vec![default_lists_dir().ok_or_else(|| no_lists_dir("fmt"))?]
    } else {
        a.paths.clone()
    };
    let mut files = Vec::new();
    for p in &paths {
        if p.is_dir() {
            let found = list_files(p);
            // An empty directory is a job run in the wrong place, not a clean check.
            if found.is_empty() {
                return Err(CliError::Other(format!("{}: no .toml list files found", p.display())));
            }
            files.extend(found)
        } else {
            files.push(p.clone())
        }
    }
    let mut unformatted = 0;
    let mut failed = false;
    for f in files {
        let stdin = write::is_dash(&f);
        let name = load::input_name(&f);
        let loaded = match load::load_file(&f) {
            Ok(l) => l,
            Err(e) => {
                for d in e.diagnostics.into_iter().map(super::worded) {
                    eprint!("{}", d.render());
                }
                eprintln!("error: {name} is not valid; not formatted");
                failed = true;
                continue;
            }
        };
        // The text as read (with its BOM, if any: formatting removes it).
        let original: String = if loaded.diagnostics.iter().any(|d| d.code == "bom") {
            format!("\u{feff}{}", loaded.text)
        } else {
            loaded.text.to_string()
        };
        let formatted = match fmt::format_text(&original, &loaded.file) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                failed = true;
                continue;
            }
        };
        // Never write text that does not load back to the same list.
        match load::load_str(&name, formatted.as_str().into()) {
            Ok(back) if back.file == loaded.file => {}
            _ => {
                eprintln!("error: {name}: formatting would change the list; not written (please report this)");
                failed = true;
                continue;
            }
        }
        if stdin && !a.check {
            // `alljobs fmt -`: the formatted text on stdout, as rustfmt does.
            write::write_output(&f, formatted.as_bytes(), &write::Policy::in_place())?;
            continue;
        }
        if original == formatted {
            continue;
        }
        unformatted += 1;
        if a.check {
            super::emit(&format!("would reformat {name}\n{}", unified_diff(&name, &original, &formatted)))?;
        } else {
            write::write_output(&f, formatted.as_bytes(), &write::Policy::in_place())?;
            super::emit(&format!("formatted {name}\n"))?;
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if a.check && unformatted > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What formatting would change, as a unified diff (as `rustfmt --check` prints).
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let old = old.strip_prefix('\u{feff}').map(|s| format!("<BOM>{s}")).unwrap_or_else(|| old.to_string());
    similar::TextDiff::from_lines(old.as_str(), new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name}\t(original)"), &format!("{name}\t(formatted)"))
        .to_string()
}
