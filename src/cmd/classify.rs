use super::{CliError, OutputArg, open_list};
use alljobs::{classify, render};
use std::process::ExitCode;

/// Output formats of `classify`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A terminal table (old spelling `table` still accepted).
    #[value(alias = "table")]
    Human,
    Json,
    /// Markdown tables (counts, per section, every entry).
    Markdown,
    /// One row per entry, with the list and its completeness.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A list file (`-`: standard input), or the id of a shipped list (default: kg-2000-res-158).
    pub list: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let arg = a.list.as_deref().unwrap_or(alljobs::catalog::DEFAULT_LIST);
    a.out.check([arg])?;
    let (list, _) = open_list(arg)?;
    let c = classify::classify(&list);
    for w in &c.warnings {
        eprint!("{}", w.render());
    }
    let text = match a.format {
        Format::Human => render::table::classify(&list, &c),
        Format::Json => alljobs::view::to_json(&alljobs::view::ClassifyView::new(&list, &c)),
        Format::Markdown => render::markdown::classify(&list, &c),
        Format::Csv => render::csv::classify(&list, &c).map_err(|e| CliError::Other(e.to_string()))?,
    };
    a.out.write(text.as_bytes(), [arg, list.path()])?;
    Ok(ExitCode::SUCCESS)
}
