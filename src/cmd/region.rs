//! `alljobs region`: every jurisdiction's lists, their story and the World
//! Bank's WBL coding beside them; `--check-wbl` compares the two.

use super::{CliError, OutputArg, resolver};
use alljobs::region;
use alljobs::render::region as out;
use alljobs::rules::FlagOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `region`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionFormat {
    /// A terminal table.
    Human,
    /// A Markdown table.
    Markdown,
    /// One row per jurisdiction (not with --check-wbl).
    Csv,
    /// The JSON document (format_version 1).
    Json,
    /// A self-contained page with an SVG timeline (not with --check-wbl).
    Html,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory of lists (default: lists/ when present, else the shipped lists).
    #[arg(long)]
    pub lists: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: RegionFormat,
    /// Compare every dated list with the WBL coding of the years it was in force.
    #[arg(long)]
    pub check_wbl: bool,
    /// With --check-wbl: exit 1 when a report year disagrees.
    #[arg(long, requires = "check_wbl")]
    pub fail_on_disagreement: bool,
    #[command(flatten)]
    pub out: OutputArg,
    /// The date that open periods run to (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let today = match &a.today {
        Some(s) => super::report::parse_today(s)?,
        None => alljobs::rules::today(),
    };
    let r = resolver(a.lists.as_deref())?;
    let c = r.catalog();
    let r = region::build(c)?;
    let mut code = ExitCode::SUCCESS;
    let text = if a.check_wbl {
        let check = region::check_wbl(&r, &FlagOptions { today, ..FlagOptions::default() });
        if a.fail_on_disagreement && check.disagreement_count() > 0 {
            code = ExitCode::from(1);
        }
        match a.format {
            RegionFormat::Human => out::check_text(&check),
            RegionFormat::Markdown => format!("```text\n{}```\n", out::check_text(&check)),
            RegionFormat::Json => alljobs::view::to_json(&alljobs::view::RegionCheckView::new(&check)),
            RegionFormat::Csv | RegionFormat::Html => {
                return Err(CliError::Other("--check-wbl prints human, markdown or json".into()));
            }
        }
    } else {
        match a.format {
            RegionFormat::Human => out::human(&r),
            RegionFormat::Markdown => out::markdown(&r),
            RegionFormat::Csv => out::csv(&r).map_err(|e| CliError::Other(e.to_string()))?,
            RegionFormat::Json => {
                alljobs::view::to_json(&alljobs::view::RegionView::new(&r, region::RegionData::shipped()))
            }
            RegionFormat::Html => out::html(&r, today),
        }
    };
    // The lists read are list files: the write path never replaces one.
    if a.out.write(text.as_bytes(), Vec::<PathBuf>::new())? {
        eprintln!(
            "wrote {} ({} jurisdictions)",
            a.out.output.as_deref().unwrap_or_else(|| "-".as_ref()).display(),
            r.rows.len()
        );
    }
    Ok(code)
}
