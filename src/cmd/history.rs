use super::{CliError, TableOrJson, resolver};
use alljobs::render;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Jurisdiction code, e.g. kg, ru.
    pub jurisdiction: String,
    /// Directory of lists (default: lists/ when present, else the shipped lists).
    #[arg(long)]
    pub lists: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let r = resolver(a.lists.as_deref())?;
    let c = r.catalog();
    let mut lists = Vec::new();
    for r in c.jurisdiction(&a.jurisdiction) {
        lists.push(r?);
    }
    if lists.is_empty() {
        return Err(CliError::Other(format!("no lists for jurisdiction `{}`", a.jurisdiction)));
    }
    match a.format {
        TableOrJson::Table => {
            println!("{} versions for {}, in date order:", lists.len(), a.jurisdiction.to_uppercase());
            println!("{}", render::table::history(&lists));
            for l in &lists {
                for f in &l.meta().facts {
                    println!("- {}: {}{}", l.meta().id, f.text, render::table::mark(Some(f.confidence), &f.sources));
                }
            }
        }
        TableOrJson::Json => {
            let v: Vec<serde_json::Value> = lists
                .iter()
                .map(|l| {
                    let mut s = render::json::list_summary(l);
                    s["dates"] = serde_json::to_value(&l.meta().dates).unwrap_or_default();
                    s["relations"] = serde_json::to_value(&l.meta().relations).unwrap_or_default();
                    s["facts"] = serde_json::to_value(&l.meta().facts).unwrap_or_default();
                    s
                })
                .collect();
            let out =
                serde_json::json!({"format_version": 1, "jurisdiction": a.jurisdiction.to_uppercase(), "versions": v});
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    Ok(ExitCode::SUCCESS)
}
