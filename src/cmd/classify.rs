use super::{CliError, TableOrJson, emit, open_list};
use alljobs::{classify, render};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A list file, or the id of a shipped list (default: kg-2000-res-158).
    pub list: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableOrJson,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let (list, _) = open_list(a.list.as_deref().unwrap_or(alljobs::catalog::DEFAULT_LIST))?;
    let c = classify::classify(&list);
    for w in &c.warnings {
        eprint!("{}", w.render());
    }
    match a.format {
        TableOrJson::Human => emit(&render::table::classify(&list, &c)),
        TableOrJson::Json => super::emit_json(&alljobs::view::ClassifyView::new(&list, &c)),
    }
    Ok(ExitCode::SUCCESS)
}
