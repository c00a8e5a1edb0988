use super::{CliError, OutputArg, TableOrJson, open_list};
use alljobs::render;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A list file (`-`: standard input), or the id of a shipped list (default: kg-2000-res-158).
    pub list: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableOrJson,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let arg = a.list.as_deref().unwrap_or(alljobs::catalog::DEFAULT_LIST);
    a.out.check([arg])?;
    let (list, _) = open_list(arg)?;
    let text = match a.format {
        TableOrJson::Human => render::table::show(&list),
        TableOrJson::Json => alljobs::view::to_json(&alljobs::view::ShowView::new(&list)),
    };
    a.out.write(text.as_bytes(), [arg, list.path()])?;
    Ok(ExitCode::SUCCESS)
}
