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
        TableOrJson::Table => {
            emit(&render::table::rules(&set));
            for line in set.builtin_changes.lines() {
                emit(&format!("note: {line}\n"));
            }
        }
        TableOrJson::Json => {
            let mut v = render::json::rules(&set);
            if !set.builtin_changes.is_empty() {
                v["builtin_rules"] = serde_json::to_value(&set.builtin_changes).unwrap_or_default();
            }
            emit(&format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()))
        }
    }
    Ok(ExitCode::SUCCESS)
}
