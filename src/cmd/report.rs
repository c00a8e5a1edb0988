//! `alljobs report OLD NEW`: the advocacy report in Markdown, CSV or HTML.

use super::{CliError, open_pair};
use alljobs::catalog::Resolver;
use alljobs::diff::DEFAULT_THRESHOLD;
use alljobs::model::Date;
use alljobs::render::{self, messages::Lang};
use alljobs::report::{ReportData, ReportOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The earlier version when none is given: Kyrgyzstan's Resolution 158.
pub const DEFAULT_OLD: &str = alljobs::catalog::DEFAULT_LIST;

/// Output formats of `report`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
    Csv,
    /// The one-page fact sheet (the same as `--format html --brief`).
    Factsheet,
}

/// Report languages.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Kyrgyz (labels whose translation awaits a native speaker's review are marked).
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
    /// With --format html: the one-page fact sheet (headline figures with completeness and
    /// confidence, the CEDAW Committee's recommendations to the State with their sources, two
    /// charts; one A4 page in print) instead of the full report.
    #[arg(long)]
    pub brief: bool,
    /// With --format html or factsheet: every label followed by its translation into LANG
    /// (label / translation layout; list texts stay in --lang).
    #[arg(long, value_enum, value_name = "LANG")]
    pub bilingual: Option<LangArg>,
    /// Write to FILE (atomically; an existing report file is replaced) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV for Excel: a UTF-8 byte-order mark and CRLF line ends (with --format csv).
    #[arg(long)]
    pub excel: bool,
    /// The date the report is dated and waivers are checked against (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Minimum similarity (0–1) for matching reworded entries (as `alljobs diff --threshold`).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = super::diff::parse_threshold)]
    pub threshold: f64,
    /// Rule files that extend the built-in rules (as `alljobs flag --rules`). A report does not
    /// say that a built-in rule was replaced, so a file that overrides one (or --no-builtin) is refused.
    #[command(flatten)]
    pub rules: super::flag::RulesArgs,
}

pub(super) fn parse_today(s: &str) -> Result<Date, CliError> {
    let d: Date = s.parse().map_err(|e| CliError::Other(format!("--today: {e}")))?;
    if d.month.is_none() || d.day.is_none() {
        return Err(CliError::Other(format!("--today: `{s}` is not a full date; write YYYY-MM-DD")));
    }
    Ok(d)
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    if a.excel && a.format != ReportFormat::Csv {
        return Err(CliError::Other("--excel applies to --format csv only".into()));
    }
    let html_like = matches!(a.format, ReportFormat::Html | ReportFormat::Factsheet);
    if a.brief && !html_like {
        return Err(CliError::Other("--brief applies to --format html only".into()));
    }
    if a.bilingual.is_some() && !html_like {
        return Err(CliError::Other("--bilingual applies to --format html or factsheet only".into()));
    }
    let today = match &a.today {
        Some(s) => parse_today(s)?,
        None => alljobs::rules::today(),
    };
    let rules = a.rules.load()?;
    if !rules.builtin_changes.is_empty() {
        let changes = rules.builtin_changes.lines();
        return Err(CliError::Other(format!(
            "a report does not show that built-in rules were changed ({}); use --rules files that only add rules, or `alljobs flag`",
            changes.join("; ")
        )));
    }
    let old_arg = a.old.clone().unwrap_or_else(|| DEFAULT_OLD.to_string());
    let r = Resolver::new();
    let (old, new) = open_pair(&r, &old_arg, a.new.as_deref(), "report")?;
    // The files compared (a list found by id or as a revision is its file, or built in).
    let new_arg = new.path().to_owned();
    if let Some(out) = &a.output
        && [old_arg.as_str(), old.path(), new_arg.as_str()].iter().any(|i| alljobs::write::same_file(out, Path::new(i)))
    {
        return Err(CliError::Other(format!("-o {} would overwrite a list being compared", out.display())));
    }
    let mut opts = ReportOptions::new(a.lang.into(), today);
    opts.diff.threshold = a.threshold;
    // The other instruments of NEW's jurisdiction, for "also in force" on the report's date.
    let beside: Vec<alljobs::List> =
        r.catalog().jurisdiction(&new.meta().jurisdiction).into_iter().filter_map(Result::ok).collect();
    let data = ReportData::build(&old, &new, &rules, &opts).with_also_in_force(&beside, today);
    for w in &data.warnings {
        eprintln!("warning: {w}");
    }
    let bytes: Vec<u8> = match a.format {
        ReportFormat::Markdown => render::markdown::report(&data).into_bytes(),
        ReportFormat::Html | ReportFormat::Factsheet => {
            let langs = match a.bilingual {
                Some(l) => render::html::Langs::bilingual(a.lang.into(), l.into()),
                None => render::html::Langs::one(a.lang.into()),
            };
            if a.brief || a.format == ReportFormat::Factsheet {
                render::html_factsheet::factsheet(&data, langs).into_bytes()
            } else {
                render::html::report_in(&data, langs).into_bytes()
            }
        }
        ReportFormat::Csv => render::csv::report(&data, a.excel).map_err(|e| CliError::Other(e.to_string()))?,
    };
    let target = a.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let policy = alljobs::write::Policy::output([old_arg.as_str(), old.path(), new_arg.as_str()]);
    if alljobs::write::write_output(&target, &bytes, &policy)? != alljobs::write::Written::Stdout {
        eprintln!(
            "wrote {} ({} → {}; {} / {})",
            target.display(),
            data.old.id,
            data.new.id,
            data.old.completeness,
            data.new.completeness
        );
    }
    Ok(ExitCode::SUCCESS)
}
