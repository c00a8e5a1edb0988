use super::{CliError, TableOrJson, open_list};
use alljobs::render;
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
    match a.format {
        TableOrJson::Human => print!("{}", render::table::show(&list)),
        TableOrJson::Json => super::emit(&alljobs::view::to_json(&alljobs::view::ShowView::new(&list))),
    }
    Ok(ExitCode::SUCCESS)
}
