use super::{Cli, CliError, open_list};
use clap::CommandFactory;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Write to this file (atomically; `-`: stdout) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn schema(a: SchemaArgs) -> Result<ExitCode, CliError> {
    let text = alljobs::schema::json_schema_text();
    let target = a.output.unwrap_or_else(|| PathBuf::from("-"));
    alljobs::write::write_output(&target, text.as_bytes(), &alljobs::write::Policy::output(Vec::<PathBuf>::new()))?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

pub fn completions(a: CompletionsArgs) -> Result<ExitCode, CliError> {
    clap_complete::generate(a.shell, &mut Cli::command(), "alljobs", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ConsolidateArgs {
    /// An overlay (or full) list file, or the id of a shipped list.
    pub list: String,
}

pub fn consolidate(a: ConsolidateArgs) -> Result<ExitCode, CliError> {
    let (list, _) = open_list(&a.list)?;
    let mut file = list.file.clone();
    if let Some(base) = file.list.base.take() {
        file.list.relations.insert(
            0,
            alljobs::model::Relation {
                kind: alljobs::model::RelationKind::Amends,
                target: base,
                confidence: file.list.confidence,
                sources: file.list.sources.clone(),
                note: Some("consolidated by `alljobs consolidate` from the overlay's operations".into()),
            },
        );
    }
    let text = alljobs::fmt::to_canonical(&file).map_err(|e| CliError::Other(e.to_string()))?;
    println!("# Consolidated by alljobs from {} ({}).", list.path, list.completeness());
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
