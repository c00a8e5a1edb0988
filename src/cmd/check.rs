use super::{CliError, default_lists_dir, no_lists_dir};
use alljobs::catalog::{embedded_files, list_files};
use alljobs::{Catalog, Diagnostic, List, Severity, load, render};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories (recursing into *.toml). Default: lists/ (an error when there is none).
    pub paths: Vec<PathBuf>,
    /// Check the lists built into alljobs instead of files (never a silent fallback).
    #[arg(long, conflicts_with = "paths")]
    pub builtin: bool,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when there are warnings.
    #[arg(long)]
    pub deny_warnings: bool,
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
    if a.builtin {
        for (p, text) in embedded_files() {
            let name = format!("<embedded>/{p}");
            loaded.push((name.clone(), load::load_str(&name, Arc::from(*text))));
        }
    }
    for p in &paths {
        let files = if p.is_dir() { list_files(p) } else { vec![p.clone()] };
        if p.is_dir() && files.is_empty() {
            return Err(CliError::Other(format!("{}: no .toml list files found", p.display())));
        }
        for f in files {
            loaded.push((f.display().to_string(), load::load_file(&f)));
        }
    }
    // Only overlays need bases: a full list is checked without reading its
    // neighbours or the shipped lists, and without a copy.
    let needs_bases = loaded.iter().any(|(_, r)| matches!(r, Ok(l) if l.file.list.base.is_some()));
    // Bases: the files checked, those beside them, then the shipped lists.
    let mut catalog = Catalog::new();
    if needs_bases {
        for (_, r) in &loaded {
            if let Ok(l) = r {
                catalog.add(l.clone());
            }
        }
        for p in &paths {
            let dir = if p.is_dir() { Some(p.as_path()) } else { p.parent() };
            if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
                let (c, _) = Catalog::from_dir(dir);
                catalog.extend_missing(c);
            }
        }
        catalog.extend_missing(Catalog::embedded());
    }

    let mut results: Vec<(String, Option<List>, Vec<Diagnostic>)> = Vec::new();
    for (name, r) in loaded {
        match r {
            Ok(l) if l.file.list.base.is_none() => {
                let ds = l.diagnostics.clone();
                results.push((name, Some(alljobs::consolidate::full_list(l)), ds));
            }
            Ok(l) => match catalog.consolidate(&l) {
                Ok(list) => results.push((name, Some(list), l.diagnostics.clone())),
                Err(e) => {
                    let mut ds = l.diagnostics.clone();
                    ds.extend(e.diagnostics);
                    results.push((name, None, ds));
                }
            },
            Err(e) => results.push((name, None, e.diagnostics)),
        }
    }
    let errors: usize = results.iter().map(|r| r.2.iter().filter(|d| d.severity == Severity::Error).count()).sum();
    let warnings: usize = results.iter().map(|r| r.2.iter().filter(|d| d.severity == Severity::Warning).count()).sum();
    match a.format {
        Format::Json => {
            let view: Vec<(String, Option<&List>, Vec<Diagnostic>)> =
                results.iter().map(|(n, l, d)| (n.clone(), l.as_ref(), d.clone())).collect();
            println!("{}", serde_json::to_string_pretty(&render::json::check(&view)).unwrap_or_default());
        }
        Format::Human => {
            for (name, list, ds) in &results {
                for d in ds.iter().filter(|d| d.severity != Severity::Note) {
                    eprint!("{}", d.render());
                }
                let status = if ds.iter().any(Diagnostic::is_error) { "FAILED" } else { "ok" };
                match list {
                    Some(l) => println!("{}: {status} — {} — {}", shorten(name), l.meta().id, l.completeness()),
                    None => println!("{}: {status}", shorten(name)),
                }
            }
            println!("checked {} file(s): {errors} error(s), {warnings} warning(s)", results.len());
        }
    }
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
