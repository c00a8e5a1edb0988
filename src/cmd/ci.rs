use super::{CliError, OutputArg, emit};
use alljobs::ci::{self, CiError, CiOption, CiOptions, Policy};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A readable summary (old spelling `text` still accepted).
    #[value(alias = "text")]
    Human,
    /// GitHub workflow annotations on the exact TOML lines, then the summary.
    Github,
    /// The report as JSON.
    Json,
    /// The Markdown job summary (as written to $GITHUB_STEP_SUMMARY).
    Markdown,
    /// SARIF 2.1.0 (as written by --sarif FILE).
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The revision to compare the working tree with. Default: the merge base
    /// with the default branch (origin/$GITHUB_BASE_REF, origin/HEAD, main,
    /// master), or HEAD~1 on the default branch itself.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format. Default: github when GITHUB_ACTIONS=true, else human.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write a SARIF 2.1.0 file (for GitHub code scanning), atomically.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Write the Markdown job summary to FILE as well (it is appended to
    /// $GITHUB_STEP_SUMMARY whenever that variable is set).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Print the policy in force and where it came from, and exit.
    #[arg(long)]
    pub explain_policy: bool,
    /// The policy file. Default: alljobs.toml at the repository root, else the
    /// built-in defaults. Inside the repository it is read at the base revision.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// The rule file, instead of the policy's `[flag] rules` (and of the
    /// built-in rules). Inside the repository it is read at the base revision.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Judge with the working tree's policy and rule file, not the base
    /// revision's; a change to them is then reported, not a violation. Only for
    /// workflows whose changes are already trusted (see the policy reference).
    #[arg(long)]
    pub trust_head_policy: bool,
    /// Write a GitLab code-quality report (JSON) to FILE, atomically.
    #[arg(long, value_name = "FILE")]
    pub code_quality: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArg,
}

/// The flag that sets an option of `ci`, as the summaries name it.
fn flag(o: CiOption) -> &'static str {
    match o {
        CiOption::Base => "--base",
        CiOption::TrustHeadPolicy => "--trust-head-policy",
    }
}

fn env_nonempty(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.is_empty())
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let cwd =
        std::env::current_dir().map_err(|e| CliError::Other(format!("cannot read the current directory: {e}")))?;
    let opts = CiOptions {
        base: a.base.clone(),
        policy: a.policy.clone(),
        rules: a.rules.clone(),
        trust_head_policy: a.trust_head_policy,
        github_base_ref: env_nonempty("GITHUB_BASE_REF"),
        option_name: Some(flag),
        suggestion_text: Some(super::suggestion_text),
    };
    if a.explain_policy {
        return explain(&cwd, &opts);
    }
    let report = ci::run(&cwd, &opts).map_err(ci_error)?;
    let format = a.format.unwrap_or(if env_nonempty("GITHUB_ACTIONS").as_deref() == Some("true") {
        Format::Github
    } else {
        Format::Human
    });
    // Files first, so that a write error is reported before the verdict.
    if let Some(p) = &a.sarif {
        let mut bytes = serde_json::to_vec_pretty(&ci::sarif(&report)).map_err(|e| CliError::Other(e.to_string()))?;
        bytes.push(b'\n');
        create_parent(p)?;
        alljobs::write::write_output(p, &bytes, &alljobs::write::Policy::output(Vec::<PathBuf>::new()))?;
    }
    if let Some(p) = &a.code_quality {
        let mut bytes =
            serde_json::to_vec_pretty(&ci::code_quality(&report)).map_err(|e| CliError::Other(e.to_string()))?;
        bytes.push(b'\n');
        create_parent(p)?;
        alljobs::write::write_output(p, &bytes, &alljobs::write::Policy::output(Vec::<PathBuf>::new()))?;
    }
    let markdown = ci::summary::markdown(&report);
    if let Some(p) = &a.summary {
        create_parent(p)?;
        alljobs::write::write_output(p, markdown.as_bytes(), &alljobs::write::Policy::output(Vec::<PathBuf>::new()))?;
    }
    if let Some(p) = env_nonempty("GITHUB_STEP_SUMMARY") {
        append(Path::new(&p), &markdown)?;
    }
    let out = match format {
        Format::Human => ci::summary::text(&report),
        Format::Github => format!("{}{}", ci::annotations(&report), ci::summary::text(&report)),
        Format::Json => alljobs::view::to_json(&alljobs::view::CiView::new(&report)),
        Format::Markdown => markdown,
        Format::Sarif => format!("{}\n", serde_json::to_string_pretty(&ci::sarif(&report)).unwrap_or_default()),
    };
    a.out.write(out.as_bytes(), [a.policy.clone(), a.rules.clone()].into_iter().flatten())?;
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Creates the directory an output file goes in (`--sarif out/alljobs.sarif`).
fn create_parent(p: &Path) -> Result<(), CliError> {
    match p.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => std::fs::create_dir_all(d)
            .map_err(|e| CliError::Other(format!("cannot create the directory {}: {e}", d.display()))),
        None => Ok(()),
    }
}

/// Appends to the job summary file, as GitHub expects (several steps may write to it).
fn append(path: &Path, text: &str) -> Result<(), CliError> {
    alljobs::write::append(path, text.as_bytes())
        .map_err(|e| CliError::Other(format!("cannot write the job summary {}: {e}", path.display())))
}

fn explain(cwd: &Path, opts: &CiOptions) -> Result<ExitCode, CliError> {
    // Outside a repository the policy can still be explained (from --policy, or the defaults).
    let repo = match ci::Repo::discover(cwd) {
        Ok(r) => r,
        Err(ci::GitError::NotARepository(_)) => {
            let (policy, source) = Policy::find(cwd, opts.policy.as_deref())?;
            emit(&policy.explain(&source))?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => return Err(ci_error(e.into())),
    };
    let base = match &opts.base {
        Some(rev) => repo.given_base(rev, &opts.option_name(CiOption::Base)),
        None => repo.default_base(opts.github_base_ref.as_deref()),
    }
    .map_err(|e| ci_error(e.into()))?;
    let r = ci::guard::resolve(&repo, cwd, &base, opts).map_err(ci_error)?;
    let mut out =
        format!("# base revision: {} ({})\n# {}\n", base.rev, base.how, r.mode.describe_with(|o| opts.option_name(o)));
    out.push_str(&format!("# rules: {}\n", r.rules_source));
    for line in r.rules.builtin_changes.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    for c in &r.changes {
        out.push_str(&format!("# policy change in the working tree ({}): {}\n", c.location, c.describe()));
    }
    for n in &r.notes {
        out.push_str(&format!("# note: {n}\n"));
    }
    out.push_str(&r.policy.explain(&r.source));
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn ci_error(e: CiError) -> CliError {
    match e {
        CiError::Policy(l) | CiError::Rules(l) | CiError::Unreadable(l) => CliError::Load(l),
        other => CliError::Other(other.to_string()),
    }
}
