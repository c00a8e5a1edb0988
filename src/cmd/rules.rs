use super::flag::RulesArgs;
use super::{CliError, TableOrJson, emit};
use alljobs::render;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
    #[command(flatten)]
    pub rules: RulesArgs,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let set = a.rules.load()?;
    match a.format {
        TableOrJson::Table => emit(&render::table::rules(&set)),
        TableOrJson::Json => {
            emit(&format!("{}\n", serde_json::to_string_pretty(&render::json::rules(&set)).unwrap_or_default()))
        }
    }
    Ok(ExitCode::SUCCESS)
}
