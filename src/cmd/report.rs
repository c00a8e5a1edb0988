//! `alljobs report OLD NEW`: the advocacy report in Markdown, CSV or HTML.

use super::{CliError, catalog, open_list};
use alljobs::diff::newest_revision;
use alljobs::model::Date;
use alljobs::render::{self, messages::Lang};
use alljobs::report::{ReportData, ReportOptions};
use alljobs::rules::RuleSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The earlier version when none is given: Kyrgyzstan's Resolution 158.
pub const DEFAULT_OLD: &str = "kg-2000-res-158";

/// Output formats of `report`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
}

/// Report languages.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz (labels without a Kyrgyz translation are in Russian).
    Ky,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Ru => Lang::Ru,
            LangArg::Ky => Lang::Ky,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The earlier version: a list file or the id of a shipped list (default: kg-2000-res-158).
    pub old: Option<String>,
    /// The later version: a list file or the id of a shipped list (default: the newest list that
    /// revises, supersedes or amends OLD).
    pub new: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: ReportFormat,
    /// Language of the labels; list texts are shown in it when the list has them.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    /// Write to FILE (atomically; an existing report file is replaced) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV for Excel: a UTF-8 byte-order mark and CRLF line ends (with --format csv).
    #[arg(long)]
    pub excel: bool,
    /// The date the report is dated and waivers are checked against (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub(super) fn parse_today(s: &str) -> Result<Date, CliError> {
    let d: Date = s.parse().map_err(|e| CliError::Other(format!("--today: {e}")))?;
    if d.month.is_none() || d.day.is_none() {
        return Err(CliError::Other(format!("--today: `{s}` is not a full date; write YYYY-MM-DD")));
    }
    Ok(d)
}

fn same_file(a: &Path, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    if a.excel && a.format != ReportFormat::Csv {
        return Err(CliError::Other("--excel applies to --format csv only".into()));
    }
    let today = match &a.today {
        Some(s) => parse_today(s)?,
        None => alljobs::rules::today(),
    };
    let old_arg = a.old.clone().unwrap_or_else(|| DEFAULT_OLD.to_string());
    let new_arg = match &a.new {
        Some(n) => n.clone(),
        None => {
            let (old, _) = open_list(&old_arg)?;
            newest_revision(&catalog(None)?, &old.meta().id).ok_or_else(|| {
                CliError::Other(format!(
                    "no list that revises, supersedes or amends `{}` is known; give NEW (alljobs report OLD NEW)",
                    old.meta().id
                ))
            })?
        }
    };
    if let Some(out) = &a.output
        && (same_file(out, &old_arg) || same_file(out, &new_arg))
    {
        return Err(CliError::Other(format!("-o {} would overwrite a list being compared", out.display())));
    }
    let (old, _) = open_list(&old_arg)?;
    let (new, _) = open_list(&new_arg)?;
    let opts = ReportOptions::new(a.lang.into(), today);
    let data = ReportData::build(&old, &new, &RuleSet::builtin(), &opts);
    for w in &data.warnings {
        eprintln!("warning: {w}");
    }
    let bytes: Vec<u8> = match a.format {
        ReportFormat::Markdown => render::markdown::report(&data).into_bytes(),
        ReportFormat::Html => render::html::report(&data).into_bytes(),
        ReportFormat::Csv => render::csv::report(&data, a.excel).map_err(|e| CliError::Other(e.to_string()))?,
    };
    match &a.output {
        Some(path) => {
            alljobs::write::write_atomic(path, &bytes, true)?;
            eprintln!(
                "wrote {} ({} → {}; {} / {})",
                path.display(),
                data.old.id,
                data.new.id,
                data.old.completeness,
                data.new.completeness
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&bytes).and_then(|_| out.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                return Err(CliError::Other(format!("cannot write to standard output: {e}")));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
