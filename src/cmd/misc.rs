use super::{Cli, CliError, OutputArg, open_list};
use clap::CommandFactory;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// The command whose JSON output's schema to print (without it: the list format's schema).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(alljobs::view::SCHEMA_COMMANDS))]
    pub command: Option<String>,
    /// Write to this file (atomically; `-`: stdout) instead of stdout.
    #[arg(short, long, conflicts_with = "dir")]
    pub output: Option<PathBuf>,
    /// Write the schema of every command's JSON output to DIR/<command>.schema.json
    /// (`alljobs schema --dir schemas` regenerates the committed copies).
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

pub fn schema(a: SchemaArgs) -> Result<ExitCode, CliError> {
    let policy = alljobs::write::Policy::output(Vec::<PathBuf>::new());
    if let Some(dir) = &a.dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Other(format!("cannot create the directory {}: {e}", dir.display())))?;
        for c in alljobs::view::SCHEMA_COMMANDS {
            let text = alljobs::view::schema_text(c).unwrap_or_default();
            alljobs::write::write_output(&dir.join(format!("{c}.schema.json")), text.as_bytes(), &policy)?;
        }
        eprintln!("wrote {} schemas to {}", alljobs::view::SCHEMA_COMMANDS.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let text = match &a.command {
        Some(c) => alljobs::view::schema_text(c).ok_or_else(|| CliError::Other(format!("no schema for `{c}`")))?,
        None => alljobs::schema::json_schema_text(),
    };
    let target = a.output.unwrap_or_else(|| PathBuf::from("-"));
    alljobs::write::write_output(&target, text.as_bytes(), &policy)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn completions(a: CompletionsArgs) -> Result<ExitCode, CliError> {
    let mut bytes = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "alljobs", &mut bytes);
    a.out.write(&bytes, Vec::<PathBuf>::new())?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args, Debug)]
pub struct ConsolidateArgs {
    /// An overlay (or full) list file (`-`: standard input), or the id of a shipped list.
    pub list: String,
    /// Write the consolidated list to FILE (atomically; `-`: standard output). Never an input, nor
    /// an existing list file.
    #[command(flatten)]
    pub out: OutputArg,
}

pub fn consolidate(a: ConsolidateArgs) -> Result<ExitCode, CliError> {
    a.out.check([&a.list])?;
    let (list, _) = open_list(&a.list)?;
    let mut file = list.file().clone();
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
    let out = format!("# Consolidated by alljobs from {} ({}).\n{text}", list.path(), list.completeness());
    a.out.write(out.as_bytes(), [a.list.as_str(), list.path()])?;
    Ok(ExitCode::SUCCESS)
}
