//! `alljobs status JURISDICTION --on DATE`: the instruments in force on a date and why.

use super::{CliError, TableMarkdownJson, emit, flag::parse_day, resolver};
use alljobs::model::Date;
use alljobs::render::json::JSON_FORMAT_VERSION;
use alljobs::status::point_in_time;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Jurisdiction code, e.g. kg, ru.
    pub jurisdiction: String,
    /// The date (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub on: Option<Date>,
    /// Directory of lists (default: lists/ when present, else the shipped lists).
    #[arg(long)]
    pub lists: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableMarkdownJson,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let r = resolver(a.lists.as_deref())?;
    let c = r.catalog();
    let on = a.on.unwrap_or_else(alljobs::rules::today);
    let p = point_in_time(c, &a.jurisdiction, on)?;
    if p.instruments.is_empty() {
        return Err(CliError::Other(format!("no lists for jurisdiction `{}`", a.jurisdiction)));
    }
    match a.format {
        TableMarkdownJson::Json => {
            let mut v = serde_json::to_value(&p).map_err(|e| CliError::Other(e.to_string()))?;
            if let Some(o) = v.as_object_mut() {
                let mut m = serde_json::Map::new();
                m.insert("format_version".into(), JSON_FORMAT_VERSION.into());
                m.extend(std::mem::take(o));
                *o = m;
            }
            emit(&format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()));
        }
        TableMarkdownJson::Table => emit(&alljobs::render::story::status_table(&p)),
        TableMarkdownJson::Markdown => emit(&alljobs::render::story::status_markdown(&p)),
    }
    Ok(ExitCode::SUCCESS)
}
