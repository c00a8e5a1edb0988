use super::{CliError, OutputArg, TableOrJson, resolver};
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
    #[command(flatten)]
    pub out: OutputArg,
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
    let text = match a.format {
        TableOrJson::Human => {
            let mut s = format!("{} versions for {}, in date order:\n", lists.len(), a.jurisdiction.to_uppercase());
            s.push_str(&format!("{}\n", render::table::history(&lists)));
            for l in &lists {
                for f in &l.meta().facts {
                    s.push_str(&format!(
                        "- {}: {}{}\n",
                        l.meta().id,
                        f.text,
                        render::table::mark(Some(f.confidence), &f.sources)
                    ));
                }
            }
            s
        }
        TableOrJson::Json => alljobs::view::to_json(&alljobs::view::HistoryView::new(&a.jurisdiction, &lists)),
    };
    a.out.write(text.as_bytes(), lists.iter().map(|l| l.path().to_string()))?;
    Ok(ExitCode::SUCCESS)
}
