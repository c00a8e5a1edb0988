use super::flag::RulesArgs;
use super::{CliError, OutputArg, TableOrJson};
use alljobs::render;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value = "human")]
    pub format: TableOrJson,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    a.out.check(&a.rules.files)?;
    let set = a.rules.load()?;
    let text = match a.format {
        TableOrJson::Human => {
            let mut s = render::table::rules(&set);
            for line in set.builtin_changes.lines() {
                s.push_str(&format!("note: {line}\n"));
            }
            s
        }
        TableOrJson::Json => alljobs::view::to_json(&alljobs::view::RulesView::new(&set)),
    };
    a.out.write(text.as_bytes(), &a.rules.files)?;
    Ok(ExitCode::SUCCESS)
}
