use super::{CliError, default_lists_dir, no_lists_dir};
use alljobs::catalog::list_files;
use alljobs::{fmt, load, write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories (default: lists/).
    pub paths: Vec<PathBuf>,
    /// Do not write; exit 1 when a file is not in canonical form.
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
        let name = f.display().to_string();
        let loaded = match load::load_file(&f) {
            Ok(l) => l,
            Err(e) => {
                for d in &e.diagnostics {
                    eprint!("{}", d.render());
                }
                eprintln!("error: {name} is not valid; not formatted");
                failed = true;
                continue;
            }
        };
        let original = std::fs::read(&f).unwrap_or_default();
        let canonical = match fmt::check_no_comments(&loaded.text).and_then(|_| fmt::to_canonical(&loaded.file)) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                failed = true;
                continue;
            }
        };
        // Never write text that does not load back to the same list.
        match load::load_str(&name, canonical.as_str().into()) {
            Ok(back) if back.file == loaded.file => {}
            _ => {
                eprintln!("error: {name}: canonical form would change the list; not written (please report this)");
                failed = true;
                continue;
            }
        }
        if original == canonical.as_bytes() {
            continue;
        }
        unformatted += 1;
        if a.check {
            println!("would reformat {name}");
        } else {
            write::write_atomic(&f, canonical.as_bytes(), true)?;
            println!("formatted {name}");
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
