use super::flag::RulesArgs;
use super::{CliError, OutputArg};
use alljobs::render;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Readable text (old spelling `text` still accepted).
    #[value(alias = "text")]
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rule code, e.g. CEDAW-GENERAL-BAN (case-insensitive).
    pub code: String,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    a.out.check(&a.rules.files)?;
    let set = a.rules.load()?;
    let code = a.code.trim().to_ascii_uppercase();
    let Some(rule) = set.get(&code) else {
        let hint = match set.suggest(&code) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "`alljobs rules` lists the rule codes".to_string(),
        };
        return Err(CliError::Other(format!("no rule `{}`; {hint}", a.code)));
    };
    let overrides = set.builtin_changes.overridden.iter().find(|o| o.code == rule.code);
    let text = match a.format {
        Format::Human => {
            let note = match overrides {
                Some(o) => format!(
                    "note: this is not the built-in rule {}: it is overridden by {} (severity {} → {}): {}\n\n",
                    o.code, o.by, o.builtin_severity, o.severity, o.reason
                ),
                None => String::new(),
            };
            format!("{note}{}", render::table::explain(rule))
        }
        Format::Json => alljobs::view::to_json(&alljobs::view::ExplainView::new(rule, &set)),
    };
    a.out.write(text.as_bytes(), &a.rules.files)?;
    Ok(ExitCode::SUCCESS)
}
