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
    #[arg(long, value_enum, default_value = "human")]
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
        TableOrJson::Human => {
            println!("{} versions for {}, in date order:", lists.len(), a.jurisdiction.to_uppercase());
            println!("{}", render::table::history(&lists));
            for l in &lists {
                for f in &l.meta().facts {
                    println!("- {}: {}{}", l.meta().id, f.text, render::table::mark(Some(f.confidence), &f.sources));
                }
            }
        }
        TableOrJson::Json => {
            super::emit(&alljobs::view::to_json(&alljobs::view::HistoryView::new(&a.jurisdiction, &lists)));
        }
    }
    Ok(ExitCode::SUCCESS)
}
