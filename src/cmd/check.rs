use super::{CliError, OutputArg, default_lists_dir, no_lists_dir};
use alljobs::catalog::{EMBEDDED_PREFIX, Resolver, embedded_files, list_files};
use alljobs::{Catalog, Diagnostic, List, Severity, load};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics on stderr, one status line per file on stdout.
    Human,
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), then a notice with the counts.
    Github,
    /// SARIF 2.1.0: one result per error or warning, its code as the rule id.
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories (recursing into *.toml; `-`: standard input). Default: lists/ (an error when there is none).
    pub paths: Vec<PathBuf>,
    /// Check the lists built into alljobs instead of files (never a silent fallback).
    #[arg(long, conflicts_with = "paths")]
    pub builtin: bool,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print every diagnostic (by default, after a few of one kind the rest are counted).
    #[arg(long)]
    pub show_all: bool,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    // Load every file named (directories recursively), or the shipped lists.
    let mut loaded: Vec<(String, Result<alljobs::Loaded, alljobs::LoadError>)> = Vec::new();
    let paths: Vec<PathBuf> = if a.builtin {
        Vec::new()
    } else if a.paths.is_empty() {
        vec![default_lists_dir().ok_or_else(|| no_lists_dir("check"))?]
    } else {
        a.paths.clone()
    };
    a.out.check(&paths)?;
    if a.builtin {
        for (p, text) in embedded_files() {
            let name = format!("{EMBEDDED_PREFIX}{p}");
            loaded.push((name.clone(), load::load_str(&name, Arc::from(*text))));
        }
    }
    for p in &paths {
        let files = if p.is_dir() { list_files(p) } else { vec![p.clone()] };
        if p.is_dir() && files.is_empty() {
            return Err(CliError::Other(format!("{}: no .toml list files found", p.display())));
        }
        for f in files {
            loaded.push((load::input_name(&f), load::load_file(&f)));
        }
    }
    // Only overlays need bases: a full list is checked without reading its
    // neighbours or the shipped lists, and without a copy.
    let needs_bases = loaded.iter().any(|(_, r)| matches!(r, Ok(l) if l.file.list.base.is_some()));
    // Bases along the search path: the files checked, the lists beside them
    // (or in the directory checked), then lists/, then the built-in lists.
    let catalog = if needs_bases {
        let named: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        Resolver::new().search_path(loaded.iter().filter_map(|(_, r)| r.as_ref().ok()), &named)
    } else {
        Catalog::new()
    };

    let mut results: Vec<(String, Option<List>, Vec<Diagnostic>)> = Vec::new();
    for (name, r) in loaded {
        match r {
            Ok(l) => {
                let own = l.diagnostics.clone();
                match catalog.open_loaded(l) {
                    Ok((list, ds)) => results.push((name, Some(list), ds)),
                    Err(e) => {
                        let mut ds = own;
                        ds.extend(e.diagnostics);
                        results.push((name, None, ds));
                    }
                }
            }
            Err(e) => results.push((name, None, e.diagnostics)),
        }
    }
    let results: Vec<(String, Option<List>, Vec<Diagnostic>)> =
        results.into_iter().map(|(n, l, ds)| (n, l, ds.into_iter().map(super::worded).collect())).collect();
    let errors: usize = results.iter().map(|r| r.2.iter().filter(|d| d.severity == Severity::Error).count()).sum();
    let warnings: usize = results.iter().map(|r| r.2.iter().filter(|d| d.severity == Severity::Warning).count()).sum();
    let counts = format!("checked {} file(s): {errors} error(s), {warnings} warning(s)", results.len());
    let out = match a.format {
        Format::Json => alljobs::view::to_json(&alljobs::view::CheckView::new(&results)),
        Format::Human => {
            let mut out = String::new();
            let mut summary = alljobs::diagnostic::Summary::new(a.show_all);
            for (name, list, ds) in &results {
                for d in ds.iter().filter(|d| d.severity != Severity::Note) {
                    if let Some(r) = summary.render(d) {
                        eprint!("{r}");
                    }
                }
                let status = if ds.iter().any(Diagnostic::is_error) { "FAILED" } else { "ok" };
                match list {
                    Some(l) => {
                        out.push_str(&format!("{}: {status} — {} — {}\n", shorten(name), l.meta().id, l.completeness()))
                    }
                    None => out.push_str(&format!("{}: {status}\n", shorten(name))),
                }
            }
            eprint!("{}", summary.finish("`--show-all`"));
            out.push_str(&counts);
            out.push('\n');
            out
        }
        Format::Github => {
            let mut out = String::new();
            for (_, _, ds) in &results {
                let shown: Vec<Diagnostic> = ds.iter().filter(|d| d.severity != Severity::Note).cloned().collect();
                out.push_str(&alljobs::render::github::warnings(&shown));
            }
            out.push_str(&alljobs::render::github::notice("alljobs check", &counts));
            out
        }
        Format::Sarif => {
            let files: Vec<(&str, &[Diagnostic])> =
                results.iter().map(|(n, _, ds)| (n.as_str(), ds.as_slice())).collect();
            let log = alljobs::render::sarif::diagnostics::log(&files);
            format!("{}\n", serde_json::to_string_pretty(&log).map_err(|e| CliError::Other(e.to_string()))?)
        }
    };
    a.out.write(out.as_bytes(), &paths)?;
    Ok(if errors > 0 {
        ExitCode::from(2)
    } else if warnings > 0 && a.deny_warnings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn shorten(p: &str) -> &str {
    Path::new(p).to_str().unwrap_or(p)
}
