//! `alljobs status JURISDICTION --on DATE`: the instruments in force on a date and why.

use super::{CliError, OutputArg, TableMarkdownJson, TextLangArg, flag::parse_day, resolver};
use alljobs::model::Date;
use alljobs::status::point_in_time_in;
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
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableMarkdownJson,
    /// The lists' titles and the entries' texts in LANG when a list has them, in
    /// every format [default: titles English first, texts Russian first].
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<super::report::LangArg>,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let r = resolver(a.lists.as_deref())?;
    let c = r.catalog();
    let on = a.on.unwrap_or_else(alljobs::rules::today);
    let prefs = TextLangArg { lang: a.lang }.chosen();
    let p = point_in_time_in(c, &a.jurisdiction, on, prefs)?;
    if p.instruments.is_empty() {
        return Err(CliError::Other(format!("no lists for jurisdiction `{}`", a.jurisdiction)));
    }
    let text = match a.format {
        TableMarkdownJson::Json => alljobs::view::to_json(&alljobs::view::StatusView::new(&p)),
        TableMarkdownJson::Human => alljobs::render::story::status_table(&p),
        TableMarkdownJson::Markdown => alljobs::render::story::status_markdown(&p),
    };
    a.out.write(text.as_bytes(), Vec::<std::path::PathBuf>::new())?;
    Ok(ExitCode::SUCCESS)
}
