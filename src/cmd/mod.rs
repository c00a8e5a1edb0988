//! Subcommands. Each module parses nothing itself: it takes its clap args,
//! calls the library and prints.

mod check;
mod ci;
mod classify;
mod diff;
mod docs;
mod explain;
mod flag;
mod fmt;
mod git_diff;
mod history;
mod import;
mod misc;
mod region;
mod report;
mod rules;
mod show;
mod status;
mod trace;

use alljobs::catalog::Resolver;
use alljobs::diagnostic::Suggestion;
use alljobs::{Diagnostic, List, LoadError};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Keep, validate, diff, classify and flag lists of jobs prohibited for women.
#[derive(Parser, Debug)]
#[command(name = "alljobs", version, about, long_about = None, after_help = "Run `alljobs <command> --help` for an example of each command.\nManual: docs/ (mdBook; docs/src/SUMMARY.md); the list format: lists/README.md.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate list files: every error at once, each with file:line:col and a hint.
    #[command(
        after_help = "Examples:\n  alljobs check                  # lists/ (exit 2 when there is none)\n  alljobs check --builtin        # the lists built into alljobs\n  alljobs check lists/kg --format json\n  alljobs check my-list.toml --deny-warnings"
    )]
    Check(check::Args),
    /// Print a list's entries with its status and completeness.
    #[command(
        after_help = "Examples:\n  alljobs show lists/kg/kg-2000-res-158.toml\n  alljobs show kg-2024-draft-labour-code --format json   # a shipped list by id"
    )]
    Show(show::Args),
    /// Rewrite list files in canonical form (atomically), or check that they are.
    #[command(
        after_help = "Examples:\n  alljobs fmt --check            # exit 1 if a file under lists/ is not canonical\n  alljobs fmt lists/kg/kg-2000-res-158.toml"
    )]
    Fmt(fmt::Args),
    /// Print the JSON Schema of the list format, or of a command's JSON output.
    #[command(
        after_help = "Examples:\n  alljobs schema > lists/list.schema.json\n  alljobs schema diff             # the schema of `alljobs diff --format json`\n  alljobs schema --dir schemas    # every command's, as committed under schemas/"
    )]
    Schema(misc::SchemaArgs),
    /// Print shell completions.
    #[command(after_help = "Example:\n  alljobs completions bash > /etc/bash_completion.d/alljobs")]
    Completions(misc::CompletionsArgs),
    /// Print the consolidated TOML of an overlay (base + operations applied).
    #[command(after_help = "Example:\n  alljobs consolidate lists/kg/kg-2024-draft-labour-code.toml")]
    Consolidate(misc::ConsolidateArgs),
    /// The versions of one jurisdiction's lists in date order.
    #[command(after_help = "Examples:\n  alljobs history kg\n  alljobs history ru --format json")]
    History(history::Args),
    /// Check the list files changed since a git revision against the policy: diff, classify, flag; annotations, job summary, SARIF.
    #[command(
        after_help = "Examples:\n  alljobs ci                          # compare with the merge base of the default branch\n  alljobs ci --base main --sarif alljobs.sarif\n  alljobs ci --format github          # workflow annotations (the default when GITHUB_ACTIONS=true)\n  alljobs ci --explain-policy         # the policy in force and where it came from\n\nExit codes: 0 pass, 1 policy violation, 2 error (not a git repository, bad revision, invalid policy file…)."
    )]
    Ci(ci::Args),
    /// Compare two versions of a list: added, removed, reworded, rescoped, moved, renumbered, split, merged.
    #[command(
        after_help = "Examples:\n  alljobs diff                   # Res. 158 against the newest Kyrgyz revision\n  alljobs diff kg-2000-res-158 kg-2024-draft-labour-code --format markdown\n  alljobs diff old.toml new.toml --only reworded,rescoped --format json\n  alljobs diff old.toml new.toml --stat\n  alljobs diff old.toml new.toml --fail-on widened,added   # exit 1 if any"
    )]
    Diff(diff::Args),
    /// Classify every entry: general (all women), maternity-only, other group, or unknown.
    #[command(
        after_help = "Examples:\n  alljobs classify lists/kg/kg-2000-res-158.toml\n  alljobs classify kg-2000-res-158 --format json"
    )]
    Classify(classify::Args),
    /// Flag CEDAW/ILO inconsistencies with cited, explainable rules.
    #[command(
        after_help = "Examples:\n  alljobs flag                                   # the shipped Kyrgyz lists\n  alljobs flag lists/kg/kg-2000-res-158.toml --fail-on critical\n  alljobs flag lists/kg/*.toml --format sarif > alljobs.sarif\n  alljobs flag my-list.toml --rules my-rules.toml --today 2026-11-28 --format github"
    )]
    Flag(flag::Args),
    /// Print a rule's full text: what it checks, why, its citations and their status.
    #[command(
        after_help = "Examples:\n  alljobs explain CEDAW-GENERAL-BAN\n  alljobs explain kg-legacy-source --format json"
    )]
    Explain(explain::Args),
    /// List the rules (built-in, or with --rules FILE).
    #[command(
        after_help = "Examples:\n  alljobs rules\n  alljobs rules --format json\n  alljobs rules --rules my-rules.toml"
    )]
    Rules(rules::Args),
    /// Turn an official list text (plain, pseudo-graphic table, CSV/TSV) into a list file.
    #[command(
        after_help = "Examples:\n  alljobs import res158.txt --id kg-2000-res-158 --jurisdiction KG --declared 446 \\\n      --source-url https://example.org/158 --source-title \"Res. 158, official text\" -o lists/kg/kg-2000-res-158.toml --force\n  alljobs import list.csv --layout csv --header --columns number=1,title=2,section=3 --id xa-test --jurisdiction XA --no-source\n  alljobs import old.txt --encoding windows-1251 --lenient --id xa-old --jurisdiction XA --no-source > old.toml"
    )]
    Import(Box<import::Args>),
    /// Advocacy report of OLD → NEW: Markdown, CSV or a self-contained HTML page with charts, in en/ru/ky.
    #[command(
        after_help = "Examples:\n  alljobs report                 # Res. 158 against the newest Kyrgyz revision, Markdown\n  alljobs report --format html -o report.html\n  alljobs report kg-2000-res-158 kg-2024-draft-labour-code --lang ru --format html -o report-ru.html\n  alljobs report old.toml new.toml --format csv --excel -o report.csv\n  alljobs report --today 2025-06-01   # a fixed date, for reproducible output"
    )]
    Report(report::Args),
    /// A profession's story: one profession or work through every version and jurisdiction of the catalog.
    #[command(
        after_help = "Examples:\n  alljobs trace сварщик\n  alljobs trace \"машинист бульдозера\" --jurisdiction kg --format markdown\n  alljobs trace сварщик --format json"
    )]
    Trace(trace::Args),
    /// The law on a date: which instruments of a jurisdiction were in force then, and why.
    #[command(
        after_help = "Examples:\n  alljobs status kg --on 2026-06-01\n  alljobs status kg --on 2010-01-01 --format json\n  alljobs status ru --on 2022-01-01 --format markdown"
    )]
    Status(status::Args),
    /// Git external diff driver: a semantic diff of list files in `git diff`.
    #[command(
        after_help = "Set up once per repository:\n  git config diff.alljobs.command \"alljobs git-diff\"\n  echo 'lists/**/*.toml diff=alljobs' >> .gitattributes\nthen `git diff` shows what changed in the lists (`git diff --no-ext-diff` for the lines).\nGit calls it with: path old-file old-hex old-mode new-file new-hex new-mode"
    )]
    GitDiff(git_diff::Args),
    /// The region at a glance: every jurisdiction's lists, their periods, who they restrict, the WBL answers beside them.
    #[command(
        after_help = "Examples:\n  alljobs region\n  alljobs region --format html -o region.html\n  alljobs region --format json\n  alljobs region --check-wbl                          # the lists against the World Bank's coding\n  alljobs region --check-wbl --fail-on-disagreement   # exit 1 on a disagreement"
    )]
    Region(region::Args),
    /// Write the generated pages of the manual (command and rule reference), or check them; man pages.
    #[command(
        after_help = "Examples:\n  alljobs docs                    # rewrite docs/src/reference/generated/\n  alljobs docs --check            # exit 1 with a diff when a committed page is stale\n  alljobs docs --man target/man   # also write man pages"
    )]
    Docs(docs::Args),
}

/// Output formats shared by several commands.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableOrJson {
    /// A terminal table (old spelling `table` still accepted).
    #[value(alias = "table")]
    Human,
    Json,
}

/// Output formats of `trace` and `status`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableMarkdownJson {
    /// A terminal table (old spelling `table` still accepted).
    #[value(alias = "table")]
    Human,
    Markdown,
    Json,
}

/// `--lang` of the commands that print list texts: the language the texts are
/// shown in when the list has it (then the others, as the report orders them).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct TextLangArg {
    /// Show the list's texts (entry titles, conditions, section titles) in LANG when the list has
    /// them [default: ru, then en, then ky].
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<report::LangArg>,
}

impl TextLangArg {
    /// The language preference of the texts.
    pub fn prefs(&self) -> &'static [&'static str] {
        self.chosen().unwrap_or(alljobs::model::language_order("ru"))
    }

    /// The language preference when `--lang` was given (`diff` shows the
    /// language it compared in otherwise).
    pub fn chosen(&self) -> Option<&'static [&'static str]> {
        self.lang.map(|l| alljobs::render::messages::Lang::from(l).text_prefs())
    }
}

/// Dispatches a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Show(a) => show::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Schema(a) => misc::schema(a),
        Command::Completions(a) => misc::completions(a),
        Command::Consolidate(a) => misc::consolidate(a),
        Command::History(a) => history::run(a),
        Command::Ci(a) => ci::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Classify(a) => classify::run(a),
        Command::Flag(a) => flag::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Import(a) => import::run(*a),
        Command::Report(a) => report::run(a),
        Command::GitDiff(a) => git_diff::run(a),
        Command::Region(a) => region::run(a),
        Command::Trace(a) => trace::run(a),
        Command::Status(a) => status::run(a),
        Command::Docs(a) => docs::run(a),
    }
}

/// An error that ends a command with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Load(#[from] LoadError),
    /// Worded with the command line's flags: `-o` names the file, `--force` replaces it.
    #[error("{}", .0.words("-o", Some("--force")))]
    Write(#[from] alljobs::write::WriteError),
    /// A rule file that cannot be used (the same error type as a list's: see `Load`).
    #[error("{0}")]
    Rules(alljobs::rules::RulesError),
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// Prints the error to stderr.
    pub fn print(&self) {
        match self {
            CliError::Load(e) => {
                let mut summary = alljobs::diagnostic::Summary::new(false);
                for d in e.diagnostics.iter().cloned().map(worded) {
                    if let Some(r) = summary.render(&d) {
                        eprint!("{r}");
                    }
                }
                eprint!("{}", summary.finish(&format!("`alljobs check --show-all {}`", e.path)));
                eprintln!("error: {} could not be loaded ({} error(s))", e.path, e.error_count().max(1));
            }
            CliError::Rules(e) => {
                let mut summary = alljobs::diagnostic::Summary::new(false);
                for d in &e.diagnostics {
                    if let Some(r) = summary.render(d) {
                        eprint!("{r}");
                    }
                }
                eprint!("{}", summary.finish("`alljobs rules --rules FILE`"));
                eprintln!("error: rule file {} could not be used ({} error(s))", e.path, e.diagnostics.len());
            }
            other => eprintln!("error: {other}"),
        }
    }
}

/// A typed suggestion of a diagnostic as the command line words it: its
/// commands and flags (the library's own wording names none).
pub fn suggestion_text(s: &Suggestion) -> String {
    match s {
        Suggestion::ImportWithEncoding { label, name } => {
            format!("list files are UTF-8; to bring in a {name} text use `alljobs import --encoding {label}`")
        }
    }
}

/// A diagnostic with its hint worded for the command line ([`suggestion_text`]).
pub fn worded(d: Diagnostic) -> Diagnostic {
    d.worded(suggestion_text)
}

/// Writes to standard output: the one place the commands print their result.
/// A closed pipe (`alljobs flag | head`) ends the output quietly (on Unix the
/// restored SIGPIPE ends the process; elsewhere the error is swallowed here);
/// any other write error is an error (exit 2).
pub fn emit(s: &str) -> Result<(), CliError> {
    alljobs::write::write_output(std::path::Path::new("-"), s.as_bytes(), &alljobs::write::Policy::default())?;
    Ok(())
}

/// `-o/--output FILE`, shared by every command that prints a result.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct OutputArg {
    /// Write the output to FILE (atomically; `-`: standard output) instead of standard output.
    /// Never overwrites a file the command reads, nor a list file.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// Writes `bytes` to the `-o` file, or to standard output, through the one
    /// write path ([`alljobs::write::write_output`]): an input of the command
    /// (`inputs`) or a list file is never overwritten. True when a file was written.
    pub fn write<I: Into<PathBuf>>(&self, bytes: &[u8], inputs: impl IntoIterator<Item = I>) -> Result<bool, CliError> {
        self.write_with(inputs, |w| w.write_all(bytes))
    }

    /// [`OutputArg::write`] for output produced as it is written
    /// ([`alljobs::write::write_output_with`]): a large table or JSON document is
    /// streamed to the `-o` file (still replaced atomically) or standard output.
    pub fn write_with<I: Into<PathBuf>>(
        &self,
        inputs: impl IntoIterator<Item = I>,
        produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<bool, CliError> {
        let target = self.output.clone().unwrap_or_else(|| PathBuf::from("-"));
        let policy = alljobs::write::Policy::output(inputs);
        Ok(alljobs::write::write_output_with(&target, &policy, produce)? != alljobs::write::Written::Stdout)
    }

    /// Fails before any work when the `-o` file may not be written.
    pub fn check<I: Into<PathBuf>>(&self, inputs: impl IntoIterator<Item = I>) -> Result<(), CliError> {
        if let Some(o) = &self.output {
            alljobs::write::check(o, &alljobs::write::Policy::output(inputs))?;
        }
        Ok(())
    }
}

/// The `lists/` directory of the working tree, when there is one.
pub fn default_lists_dir() -> Option<PathBuf> {
    let p = PathBuf::from("lists");
    p.is_dir().then_some(p)
}

/// The error of `check`/`fmt` run with no path where there is no `lists/`:
/// they never fall back to the lists built into the binary.
pub fn no_lists_dir(command: &str) -> CliError {
    let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into());
    let builtin = if command == "check" { ", or pass --builtin to check the lists built into alljobs" } else { "" };
    CliError::Other(format!(
        "no list files found: there is no lists/ directory in {cwd}; name the files or directories to {command}{builtin}"
    ))
}

/// The resolver of a command: `dir` (a `--lists DIR`) or `lists/` as the
/// lists directory, then the built-in lists.
pub fn resolver(dir: Option<&Path>) -> Result<Resolver, CliError> {
    if let Some(d) = dir
        && !d.is_dir()
    {
        return Err(CliError::Other(format!("{} is not a directory", d.display())));
    }
    Ok(Resolver::with_lists_dir(dir))
}

/// Prints the `builtin-base` warnings of an opened list: a base taken from the
/// built-in copies is always announced.
pub fn announce(ds: &[Diagnostic]) {
    for d in ds.iter().filter(|d| d.code == "builtin-base") {
        eprint!("{}", d.render());
    }
}

/// Opens a list named by a path, or by an id, through `r`, announcing a
/// built-in base.
pub fn open_with(r: &Resolver, arg: &str) -> Result<(List, Vec<Diagnostic>), CliError> {
    let (list, ds) = r.open(arg)?;
    announce(&ds);
    Ok((list, ds))
}

/// Opens the two lists a comparison names at the same time, OLD on this thread
/// and NEW on another, and starts compiling the built-in scope heuristics (which
/// the diff's rescope check and `classify` use) on a third. Without NEW, NEW is
/// the newest revision of OLD (found once OLD is open). Errors and built-in
/// bases are reported as if the two had been opened one after the other: OLD's first.
pub fn open_pair(r: &Resolver, old: &str, new: Option<&str>, command: &str) -> Result<(List, List), CliError> {
    // Detached: nothing waits for it unless the heuristics are needed.
    std::thread::spawn(|| {
        alljobs::heuristics::Heuristics::builtin();
    });
    let (old_res, new_res) = std::thread::scope(|s| {
        let other = new.map(|n| s.spawn(move || r.open(n)));
        let old_res = r.open(old);
        let new_res = other.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (old_res, new_res)
    });
    let (old_list, ds) = old_res?;
    announce(&ds);
    let new_list = match new_res {
        Some(res) => {
            let (l, ds) = res?;
            announce(&ds);
            l
        }
        None => diff::newest_revision(r, old, &old_list, command)?,
    };
    Ok((old_list, new_list))
}

/// Opens a list named by a path, or by the id of a list in `lists/` or built in.
pub fn open_list(arg: &str) -> Result<(List, Vec<Diagnostic>), CliError> {
    open_with(&Resolver::new(), arg)
}
