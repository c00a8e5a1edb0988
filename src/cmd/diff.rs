use super::{CliError, OutputArg, TextLangArg, announce, open_pair};
use alljobs::catalog::Resolver;
use alljobs::diff::{ChangeKind, DEFAULT_THRESHOLD, DiffOptions, MatchConfidence, diff_lists};
use alljobs::render;
use clap::ValueEnum;
use std::process::ExitCode;

/// The list compared when no OLD is given.
pub const DEFAULT_OLD: &str = alljobs::catalog::DEFAULT_LIST;

/// Output formats of `alljobs diff`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A terminal table (old spelling `table` still accepted).
    #[value(alias = "table")]
    Human,
    Markdown,
    Json,
    Csv,
}

#[derive(clap::Args, Debug)]
#[command(mut_arg("lang", |a| a.help(
    "Show the entries' texts in LANG when an entry has it [default: the language compared]; a rewording's \
     redline, and the JSON, stay in the language compared"
)))]
pub struct Args {
    /// The older version: a list file (`-`: standard input) or the id of a shipped list (default: kg-2000-res-158).
    pub old: Option<String>,
    /// The newer version (default: the newest list that revises, supersedes or amends OLD).
    pub new: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Show only these kinds (comma list): added, removed, changed, unchanged, split, merged,
    /// reworded, rescoped, narrowed, widened, moved, renumbered, evidence, sources, fields.
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "KINDS")]
    pub only: Vec<ChangeKind>,
    /// Print the counts only.
    #[arg(long)]
    pub stat: bool,
    /// List unchanged entries too.
    #[arg(long)]
    pub show_unchanged: bool,
    /// Exit 1 when any change of these kinds exists (same names as --only).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "KINDS")]
    pub fail_on: Vec<ChangeKind>,
    /// Minimum similarity (0–1) for matching reworded entries.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f64,
    /// Report pairs (and splits/merges) matched with less confidence than this
    /// (low, medium, high) as removed + added.
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub min_confidence: Option<MatchConfidence>,
    #[command(flatten)]
    pub lang: TextLangArg,
    #[command(flatten)]
    pub out: OutputArg,
}

fn parse_confidence(s: &str) -> Result<MatchConfidence, String> {
    s.parse()
}

fn parse_kind(s: &str) -> Result<ChangeKind, String> {
    s.parse().map_err(|e: alljobs::diff::ChangeKindError| e.to_string())
}

pub(super) fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        // `-0` is 0 (printed as "0", not "-0").
        Ok(t) if (0.0..=1.0).contains(&t) => Ok(t.abs()),
        _ => Err(format!("`{s}` is not a number between 0 and 1")),
    }
}

/// The newest revision of OLD along the search path (beside OLD when it is a
/// file), or the error that asks for NEW.
pub(super) fn newest_revision(
    r: &Resolver,
    old_arg: &str,
    old: &alljobs::List,
    command: &str,
) -> Result<alljobs::List, CliError> {
    let (new, ds) = r.newest_revision(old_arg, old)?.ok_or_else(|| {
        CliError::Other(format!(
            "no list that revises, supersedes or amends `{}` is known; give NEW (alljobs {command} OLD NEW)",
            old.meta().id
        ))
    })?;
    announce(&ds);
    Ok(new)
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let old_arg = a.old.clone().unwrap_or_else(|| DEFAULT_OLD.to_string());
    let mut inputs = vec![old_arg.clone()];
    inputs.extend(a.new.clone());
    a.out.check(&inputs)?;
    let r = Resolver::new();
    let (old, new) = open_pair(&r, &old_arg, a.new.as_deref(), "diff")?;
    let d = diff_lists(&old, &new, &DiffOptions { threshold: a.threshold, min_confidence: a.min_confidence });
    let fails = !a.fail_on.is_empty() && d.any(&a.fail_on);
    let (mut shown, hidden) = d.into_shown_and_hidden(&a.only, a.show_unchanged);
    // The texts in --lang (not the JSON: it keeps the language compared).
    if let Some(prefs) = a.lang.chosen()
        && a.format != Format::Json
    {
        render::diff_texts_in(&mut shown, &old, &new, prefs);
    }
    let out = match a.format {
        Format::Human => render::table::diff(&old, &new, &shown, a.stat),
        Format::Markdown => render::markdown::diff(&old, &new, &shown, a.stat),
        Format::Json => alljobs::view::to_json(&alljobs::view::DiffView::new(&old, &new, &shown, a.stat)),
        Format::Csv => render::csv::diff(&old, &new, &shown, a.stat).map_err(|e| CliError::Other(e.to_string()))?,
    };
    inputs.extend([old.path().to_string(), new.path().to_string()]);
    a.out.write(out.as_bytes(), &inputs)?;
    let code = if fails { ExitCode::from(1) } else { ExitCode::SUCCESS };
    // The process ends here: freeing two whole lists and the diff entry by entry
    // (the changes not shown too) only costs time (about 5 % of a 10 000-entry
    // diff); the system takes the memory back.
    std::mem::forget((old, new, shown, hidden, out));
    Ok(code)
}
