use super::flag::RulesArgs;
use super::{CliError, TableOrJson, emit};
use alljobs::render;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableOrJson,
    #[command(flatten)]
    pub rules: RulesArgs,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let set = a.rules.load()?;
    match a.format {
        TableOrJson::Human => {
            emit(&render::table::rules(&set));
            for line in set.builtin_changes.lines() {
                emit(&format!("note: {line}\n"));
            }
        }
        TableOrJson::Json => emit(&alljobs::view::to_json(&alljobs::view::RulesView::new(&set))),
    }
    Ok(ExitCode::SUCCESS)
}
