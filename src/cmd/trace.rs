//! `alljobs trace TEXT`: one profession or work through every version of the catalog.

use super::{CliError, OutputArg, TableMarkdownJson, TextLangArg, resolver};
use alljobs::diff::DEFAULT_THRESHOLD;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The profession or work, as written in a list (any language the lists have).
    pub text: String,
    /// Directory of lists (default: lists/ when present, else the shipped lists).
    #[arg(long)]
    pub lists: Option<PathBuf>,
    /// Only this jurisdiction (e.g. kg).
    #[arg(long)]
    pub jurisdiction: Option<String>,
    /// Minimum similarity (0–1) for fuzzy search and for the diffs between versions.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = super::diff::parse_threshold)]
    pub threshold: f64,
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableMarkdownJson,
    #[command(flatten)]
    pub lang: TextLangArg,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    if a.text.trim().is_empty() {
        return Err(CliError::Other("give the text of a profession or work to trace".into()));
    }
    let r = resolver(a.lists.as_deref())?;
    let c = r.catalog();
    let mut t = alljobs::trace::trace(c, &a.text, a.threshold)?;
    if let Some(j) = &a.jurisdiction {
        t.jurisdictions.retain(|x| x.jurisdiction.eq_ignore_ascii_case(j));
        if t.jurisdictions.is_empty() {
            return Err(CliError::Other(format!("no lists for jurisdiction `{j}`")));
        }
    }
    let text = match a.format {
        TableMarkdownJson::Json => alljobs::view::to_json(&alljobs::view::TraceView::new(&t)),
        TableMarkdownJson::Human => alljobs::render::story::trace_table(&t, a.lang.prefs()),
        TableMarkdownJson::Markdown => alljobs::render::story::trace_markdown(&t, a.lang.prefs()),
    };
    a.out.write(text.as_bytes(), Vec::<std::path::PathBuf>::new())?;
    Ok(ExitCode::SUCCESS)
}
