use super::{CliError, OutputArg, TextLangArg, open_list, resolver};
use alljobs::model::Date;
use alljobs::rules::{self, FlagOptions, FlagReport, RuleSet, RuleSeverity};
use alljobs::{List, render};
use std::path::PathBuf;
use std::process::ExitCode;

/// Output formats of `flag`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A terminal table (old spelling `table` still accepted).
    #[value(alias = "table")]
    Human,
    Json,
    /// Markdown tables, one per list.
    Markdown,
    /// One row per finding, with its list and the list's completeness.
    Csv,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other tools).
    Sarif,
}

/// Which rules run: the built-in set, extended (or replaced) by rule files.
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// A rule file (same format as the built-in rules). It extends the built-in
    /// set; a rule with the code of a built-in rule replaces it only when it says
    /// `overrides = true` with a `reason` (every output names it). Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Use only the rules of --rules files, not the built-in set.
    #[arg(long, requires = "files")]
    pub no_builtin: bool,
}

impl RulesArgs {
    /// The rule set to run.
    pub fn load(&self) -> Result<RuleSet, CliError> {
        if self.files.is_empty() {
            return Ok(RuleSet::builtin());
        }
        RuleSet::load(&self.files, !self.no_builtin).map_err(CliError::Rules)
    }
}

#[derive(clap::Args, Debug)]
#[command(mut_arg("lang", |a| a.help(
    "Quote the list's and the entries' titles in LANG in the findings when they have it (human, markdown, \
     csv; json, github and sarif keep the default) [default: ru, then en, then ky]"
)))]
pub struct Args {
    /// List files (`-`: standard input), or ids of shipped lists (default: the shipped Kyrgyz lists).
    pub lists: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Exit 1 when an unwaived finding at or above this severity exists.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<RuleSeverity>,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// The date waivers and review dates are compared with (default: today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub today: Option<Date>,
    /// Years after `reviewed` when a review is due, if no `next_review` is set.
    #[arg(long, value_name = "YEARS", default_value_t = 5)]
    pub review_period: u32,
    /// Print counts per rule and severity instead of the findings (human or json).
    #[arg(long)]
    pub statistics: bool,
    /// Group the findings by rule or by entry (human format).
    #[arg(long, value_enum, value_name = "rule|entry")]
    pub group_by: Option<GroupByArg>,
    /// One finding per entry even where a rule holds for every entry of the list
    /// (by default such a rule is one list-level finding with the entry count; human, json,
    /// markdown and csv).
    #[arg(long)]
    pub per_entry: bool,
    #[command(flatten)]
    pub lang: TextLangArg,
    #[command(flatten)]
    pub out: OutputArg,
}

/// `--group-by` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupByArg {
    Rule,
    Entry,
}

pub(super) fn parse_day(s: &str) -> Result<Date, String> {
    let d: Date = s.parse().map_err(|e: alljobs::model::DateError| e.to_string())?;
    if d.day.is_none() {
        return Err(format!("`{s}` is not a full date: write YYYY-MM-DD"));
    }
    Ok(d)
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    let inputs: Vec<PathBuf> = a.lists.iter().map(PathBuf::from).chain(a.rules.files.iter().cloned()).collect();
    a.out.check(&inputs)?;
    let rules = a.rules.load()?;
    // --lang: the titles the messages quote, in the human, Markdown and CSV outputs (JSON,
    // GitHub and SARIF keep the default order).
    let text_prefs = match a.format {
        Format::Human | Format::Markdown | Format::Csv => a.lang.prefs(),
        Format::Json | Format::Github | Format::Sarif => alljobs::model::language_order("ru"),
    };
    let opts =
        FlagOptions { today: a.today.unwrap_or_else(rules::today), review_period_years: a.review_period, text_prefs };
    let lists: Vec<List> = if a.lists.is_empty() {
        let r = resolver(None)?;
        let kg = r.catalog().jurisdiction("KG").into_iter().collect::<Result<Vec<List>, _>>()?;
        if kg.is_empty() {
            return Err(CliError::Other("no Kyrgyz list found; name a list file or id".into()));
        }
        kg
    } else {
        a.lists.iter().map(|l| open_list(l).map(|(l, _)| l)).collect::<Result<_, _>>()?
    };
    let reports: Vec<FlagReport> = lists.iter().map(|l| rules::flag(l, &rules, &opts)).collect();

    if a.format != Format::Github {
        for r in &reports {
            for w in &r.warnings {
                eprint!("{}", w.render());
            }
        }
    }
    if a.group_by.is_some() && a.format != Format::Human {
        return Err(CliError::Other("--group-by applies to --format human".into()));
    }
    if a.statistics && !matches!(a.format, Format::Human | Format::Json) {
        return Err(CliError::Other("--statistics applies to --format human or json".into()));
    }
    let fail = a.fail_on.is_some_and(|t| reports.iter().any(|r| r.fails(t)));
    // Table, JSON, Markdown and CSV: a rule that holds for every entry is one list-level finding
    // (unless --per-entry); the reports are collapsed in place (held once, not copied).
    let collapse = !a.per_entry && !a.statistics && !matches!(a.format, Format::Github | Format::Sarif);
    let reports: Vec<FlagReport> =
        if collapse { reports.into_iter().zip(&lists).map(|(r, l)| r.into_collapsed(l)).collect() } else { reports };
    let changes = &rules.builtin_changes;
    let mut notes = String::new();
    if matches!(a.format, Format::Human | Format::Markdown) {
        for line in changes.lines() {
            notes.push_str(&format!("note: {line}\n"));
        }
        if !changes.is_empty() {
            notes.push('\n');
        }
    }
    // CSV is rendered before anything is written: a CSV error is the command's error.
    let csv = match a.format {
        Format::Csv => {
            let pairs: Vec<(&List, &FlagReport)> = lists.iter().zip(&reports).collect();
            Some(render::csv::flag(&pairs).map_err(|e| CliError::Other(e.to_string()))?)
        }
        _ => None,
    };
    let listed: Vec<PathBuf> = lists.iter().map(|l| PathBuf::from(l.path())).collect();
    a.out.write_with(inputs.iter().cloned().chain(listed), |w| {
        w.write_all(notes.as_bytes())?;
        if a.format == Format::Human && !a.statistics && a.group_by.is_none() {
            // The table consumes each report: its findings are moved into the rows.
            for (i, (l, r)) in lists.iter().zip(reports).enumerate() {
                if i > 0 {
                    w.write_all(b"\n")?;
                }
                render::table::write_flag(w, l, r)?;
            }
            return Ok(());
        }
        let pairs: Vec<(&List, &FlagReport)> = lists.iter().zip(&reports).collect();
        match a.format {
            Format::Human if a.statistics => {
                for (i, (l, r)) in pairs.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b"\n")?;
                    }
                    w.write_all(render::table::flag_statistics(l, &r.statistics(&rules)).as_bytes())?;
                }
            }
            Format::Json if a.statistics => {
                alljobs::view::write_json(w, &alljobs::view::FlagStatisticsDocument::new(&pairs, &rules))?;
            }
            Format::Human => {
                for (i, (l, r)) in pairs.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b"\n")?;
                    }
                    let by = match a.group_by {
                        Some(GroupByArg::Entry) => render::table::GroupBy::Entry,
                        _ => render::table::GroupBy::Rule,
                    };
                    w.write_all(render::table::flag_grouped(l, r, by).as_bytes())?;
                }
            }
            Format::Json => alljobs::view::write_json(w, &alljobs::view::FlagDocument::new(&pairs, &rules))?,
            Format::Markdown => {
                for (i, (l, r)) in pairs.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b"\n")?;
                    }
                    w.write_all(render::markdown::flag(l, r).as_bytes())?;
                }
            }
            Format::Csv => w.write_all(csv.as_deref().unwrap_or_default().as_bytes())?,
            Format::Github => {
                for line in changes.lines() {
                    writeln!(
                        w,
                        "::warning title={}::{}",
                        render::github::escape_property("alljobs: built-in rules changed"),
                        render::github::escape_data(&line)
                    )?;
                }
                for (l, r) in &pairs {
                    w.write_all(render::github::annotations(&r.findings).as_bytes())?;
                    w.write_all(render::github::warnings(&r.warnings).as_bytes())?;
                    w.write_all(
                        render::github::notice(
                            &format!("alljobs {}", l.meta().id),
                            &format!("{}; findings cover {}", r.summary(), l.completeness()),
                        )
                        .as_bytes(),
                    )?;
                }
            }
            Format::Sarif => {
                let log = render::sarif::sarif(&pairs, &rules);
                serde_json::to_writer_pretty(&mut *w, &log).map_err(std::io::Error::from)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    Ok(if fail { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
