use super::CliError;
use alljobs::import::format::Format;
use alljobs::import::{
    self, ColumnMap, ImportError, ImportOption, ImportOptions, Layout, OptionText, Report, SourceSpec,
};
use alljobs::model::{Confidence, Effect, Evidence, InstrumentKind, Scope, SourceKind, Status};
use alljobs::write::{Policy, Written, write_atomic, write_output};
use alljobs::{Diagnostic, Severity};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutArg {
    Auto,
    Plain,
    Table,
    Csv,
    Tsv,
    Lines,
    Semicolon,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    Auto,
    Text,
    Html,
    Docx,
    Pdf,
    Rtf,
}

fn kebab<T: DeserializeOwned>(s: &str, accepted: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("`{s}` is not accepted; expected one of: {accepted}"))
}
fn instrument(s: &str) -> Result<InstrumentKind, String> {
    kebab(s, "resolution, order, decree, decision, code, law, draft, other")
}
fn status(s: &str) -> Result<Status, String> {
    kebab(s, "draft, adopted, in-force, superseded, repealed, unknown")
}
fn effect(s: &str) -> Result<Effect, String> {
    kebab(s, "prohibits, restricts, unknown")
}
fn confidence(s: &str) -> Result<Confidence, String> {
    kebab(s, "verified, reported, inferred, unknown")
}
fn source_kind(s: &str) -> Result<SourceKind, String> {
    kebab(s, "official, secondary")
}
fn evidence(s: &str) -> Result<Evidence, String> {
    kebab(s, "official-text, reported")
}
fn scope(s: &str) -> Result<Scope, String> {
    s.parse::<Scope>().map_err(|e| e.to_string())
}
fn columns(s: &str) -> Result<ColumnMap, String> {
    s.parse::<ColumnMap>().map_err(|e| e.words(flag(ImportOption::Columns)))
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The official text: plain text (numbered, unnumbered or `;`-separated), a pseudo-graphic table, CSV/TSV,
    /// an HTML page, a Word file (DOCX), a PDF with a text layer or an RTF document.
    pub file: PathBuf,
    /// Id of the new list (lowercase, dashes), e.g. kg-2000-res-158.
    #[arg(long)]
    pub id: String,
    /// ISO 3166-1 alpha-2 code (KG, RU…; SU for the USSR; XA–XZ for test lists).
    #[arg(long)]
    pub jurisdiction: String,
    /// Title of the instrument (without it, the title says it was not given).
    #[arg(long)]
    pub title: Option<String>,
    /// Language of --title [default: --lang].
    #[arg(long, value_name = "LANG")]
    pub title_lang: Option<String>,
    /// Language of the imported text (ISO 639-1).
    #[arg(long, value_name = "LANG", default_value = "ru")]
    pub lang: String,
    /// Kind of instrument: resolution, order, decree, decision, code, law, draft, other.
    #[arg(long, value_parser = instrument, default_value = "other")]
    pub instrument: InstrumentKind,
    /// Number as printed (158, 512н).
    #[arg(long)]
    pub number: Option<String>,
    /// Issuing body.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Legal status: draft, adopted, in-force, superseded, repealed, unknown.
    #[arg(long, value_parser = status, default_value = "unknown")]
    pub status: Status,
    /// prohibits, restricts or unknown.
    #[arg(long, value_parser = effect, default_value = "unknown")]
    pub effect: Effect,
    /// Confidence of the list's identity facts and of --declared: verified, reported, inferred, unknown.
    #[arg(long, value_parser = confidence, default_value = "reported")]
    pub confidence: Confidence,
    /// Write the list to this file (atomically) instead of stdout (`-`: stdout).
    #[arg(short, long, value_name = "OUT.toml")]
    pub output: Option<PathBuf>,
    /// Overwrite the -o file if it exists (never the input itself).
    #[arg(long)]
    pub force: bool,
    /// Layout of the input: plain (numbered entries), table, csv, tsv, lines (unnumbered entries one a line
    /// under sub-headings), semicolon (unnumbered entries separated by `;` in one paragraph per sub-heading).
    #[arg(long, value_enum, default_value = "auto")]
    pub layout: LayoutArg,
    /// File format of the input [default: detected from its bytes and name].
    #[arg(long, value_enum, default_value = "auto", value_name = "FORMAT")]
    pub format_in: FormatArg,
    /// Also write the text read from the document (HTML, DOCX, PDF, RTF) to this file: the report's line numbers refer to it.
    #[arg(long, value_name = "FILE.txt")]
    pub text_out: Option<PathBuf>,
    /// Encoding of the input: utf-8, windows-1251 (also cp1251, koi8-r, ibm866) [default: detected].
    #[arg(long)]
    pub encoding: Option<String>,
    /// Columns of a table or CSV/TSV, 1-based: number=1,title=2,section=3,condition=4,note=5.
    #[arg(long, value_parser = columns, value_name = "MAP")]
    pub columns: Option<ColumnMap>,
    /// The first CSV/TSV row is a header (detected when it names its columns).
    #[arg(long)]
    pub header: bool,
    /// Write the list even when lines could not be placed (they are reported as warnings).
    #[arg(long)]
    pub lenient: bool,
    /// Number of entries the act declares; the import compares it with the count.
    #[arg(long, value_name = "N")]
    pub declared: Option<u32>,
    /// Who an entry restricts when its text names no group (see `alljobs schema`: scope forms).
    #[arg(long, value_parser = scope, default_value = "all-women", value_name = "SCOPE")]
    pub default_scope: Scope,
    /// URL of the text imported (required unless --no-source).
    #[arg(long, value_name = "URL", required_unless_present = "no_source")]
    pub source_url: Option<String>,
    /// Title of the source imported (required unless --no-source).
    #[arg(long, value_name = "TEXT", required_unless_present = "no_source")]
    pub source_title: Option<String>,
    /// Kind of the source: official (the official publication) or secondary (e.g. a legal database's copy).
    #[arg(long, value_parser = source_kind, default_value = "secondary")]
    pub source_kind: SourceKind,
    /// Evidence level written on every entry: official-text (the official wording) or reported
    /// [default: official-text with --source-kind official, else reported].
    #[arg(long, value_parser = evidence, value_name = "LEVEL")]
    pub evidence: Option<Evidence>,
    /// Import without a source: entries stay unsourced (`alljobs check` warns).
    #[arg(long, conflicts_with_all = ["source_url", "source_title"])]
    pub no_source: bool,
    /// Carry the ids of this older version (a list file or a shipped list's id) onto the
    /// matched entries (fresh ids for new ones, `replaces` for splits and merges); the
    /// result declares `list.ids = "stable"`. Every carried id is reported with its score.
    #[arg(long, value_name = "OLD.toml")]
    pub ids_from: Option<String>,
}

/// The `--ids-from` report on stderr: every carried id with its score; low confidence flagged.
fn print_carry(from: &str, r: &alljobs::carry::CarryReport) {
    use alljobs::matching::MatchConfidence;
    let low = r.carried.iter().filter(|c| c.confidence == MatchConfidence::Low).count();
    eprintln!(
        "import: --ids-from {from}: {} id(s) carried ({low} of low confidence), {} entr(ies) name old ids in `replaces` (splits/merges), {} new entr(ies) with fresh ids, {} old entr(ies) not found",
        r.carried.len(),
        r.replaces.len(),
        r.fresh.len(),
        r.unmatched_old.len()
    );
    for c in &r.carried {
        let check = if c.confidence == MatchConfidence::Low { " — check this pair" } else { "" };
        let by = serde_json::to_value(c.by).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        eprintln!(
            "import: carried `{}` (was `{}`) «{}»: score {:.2}, {by}, {} confidence{check}",
            c.id, c.was, c.text, c.score, c.confidence
        );
    }
    for (_, id, olds) in &r.replaces {
        eprintln!("import: `{id}` replaces {}", olds.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "));
    }
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
}

/// The flag that sets an import option.
fn flag(o: ImportOption) -> &'static str {
    match o {
        ImportOption::Id => "--id",
        ImportOption::Jurisdiction => "--jurisdiction",
        ImportOption::Lang => "--lang",
        ImportOption::TitleLang => "--title-lang",
        ImportOption::Title => "--title",
        ImportOption::Number => "--number",
        ImportOption::Issuer => "--issuer",
        ImportOption::Declared => "--declared",
        ImportOption::SourceTitle => "--source-title",
        ImportOption::SourceUrl => "--source-url",
        ImportOption::Layout => "--layout",
        ImportOption::Format => "--format-in",
        ImportOption::Encoding => "--encoding",
        ImportOption::Columns => "--columns",
        ImportOption::DefaultScope => "--default-scope",
    }
}

/// A text of the import as the command line says it: each option by its flag.
fn worded(t: &OptionText) -> String {
    t.words(|o| flag(o).to_string())
}

/// An import error as the command line says it: each option by its flag.
fn error_text(e: &ImportError) -> String {
    e.words(|o| flag(o).to_string())
}

fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    alljobs::load::read_bytes(path).map_err(|e| match e {
        alljobs::load::ReadError::IsDirectory(n) => {
            CliError::Other(format!("{n} is a directory; import reads one text file"))
        }
        other => CliError::Other(other.to_string()),
    })
}

/// A problem of the import at a line of the input (`text`: the line as read,
/// shown under the diagnostic with carets).
fn at_line(d: Diagnostic, name: &str, line: usize, text: Option<&str>) -> Diagnostic {
    let width = text.map(|t| t.chars().count()).unwrap_or(0);
    let mut d = d;
    d.location = Some(alljobs::Location {
        file: name.to_string(),
        line,
        column: 1,
        end_line: line,
        end_column: width + 1,
        span: 0..0,
    });
    if let Some(t) = text {
        let (window, offset) = alljobs::diagnostic::window(t, 1);
        d.source_line = Some(window);
        d.source_offset = offset;
    }
    d
}

/// The problems and remarks of an import as diagnostics (those about the
/// whole input without a position), in the order they
/// are printed: remarks by line, gaps, a count that differs from the declared
/// one, scopes inferred from the wording, lines cut off in the source, lines
/// not placed (errors, or warnings with `--lenient`).
fn problems(name: &str, r: &Report, lenient: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut notices: Vec<&alljobs::import::Notice> = r.notices.iter().collect();
    notices.sort_by_key(|n| n.line);
    for n in notices {
        let d = Diagnostic::new(n.severity, "import", worded(&n.message));
        out.push(match n.line {
            Some(l) => at_line(d, name, l, None),
            None => d,
        });
    }
    for g in &r.gaps {
        out.push(Diagnostic::warning("missing-numbers", g.to_string()));
    }
    if r.declared.is_some_and(|d| d as usize != r.entries) {
        out.push(Diagnostic::warning("declared-count", r.count_text()));
    }
    for i in &r.inferred {
        let d = Diagnostic::note(
            "inferred-scope",
            format!("{} scope {} from the {} («{}»)", i.entry, i.scope, i.from, i.evidence),
        );
        out.push(at_line(d, name, i.line, None));
    }
    for c in &r.cut {
        let d = Diagnostic::warning("cut-in-source", format!("{}, not imported", c.reason));
        out.push(at_line(d, name, c.line, Some(&c.text)));
    }
    let severity = if lenient { Severity::Warning } else { Severity::Error };
    for u in &r.unplaced {
        let d = Diagnostic::new(severity, "line-not-placed", format!("line not placed ({})", u.reason));
        out.push(at_line(d, name, u.line, Some(&u.text)));
    }
    out
}

/// A diagnostic of the import on stderr: a note on one line
/// (`file:line:col: note[code]: message`), a warning or an error in full,
/// with the line of the input it is about.
fn shown(d: &Diagnostic) -> String {
    if d.severity == Severity::Note { format!("{d}\n") } else { d.render() }
}

/// The report on stderr: what was read, counts, gaps, remarks, unplaced lines.
fn print_report(name: &str, r: &Report, lenient: bool) {
    let how = |detected: bool| if detected { "detected" } else { "given" };
    if r.format != Format::Text {
        eprintln!("import: {name}: format {} ({}: {})", r.format, how(r.format_detected), worded(&r.format_reason));
        for x in &r.extraction {
            eprintln!("import: {}: {x}", r.format);
        }
    }
    eprintln!(
        "import: {name}: layout {} ({}: {}), encoding {} ({}{}), line endings {}",
        r.layout,
        how(r.layout_detected),
        worded(&r.layout_reason),
        r.encoding,
        match &r.encoding_confidence {
            Some(c) if r.encoding_detected => format!("detected, {c}"),
            _ => how(r.encoding_detected).to_string(),
        },
        if r.bom { ", with BOM" } else { "" },
        r.line_endings
    );
    eprintln!(
        "import: evidence written: {} on every entry ({})",
        serde_json::to_value(r.evidence).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        if r.evidence_given {
            "given with --evidence"
        } else if r.evidence == Evidence::OfficialText {
            "the source is official"
        } else {
            "not official wording: no --evidence, and the source is not --source-kind official"
        }
    );
    let mismatch = r.declared.is_some_and(|d| d as usize != r.entries);
    if !mismatch {
        eprintln!("import: {}", r.count_text());
    }
    eprintln!(
        "import: {} section(s), {} sub-heading(s); {} line(s) read, {} comment line(s) (#) skipped",
        r.sections, r.subheadings, r.lines, r.comment_lines
    );
    let inferred = r.inferred.len();
    eprintln!(
        "import: scope: {inferred} entr{} inferred from the wording, {} take the default ({})",
        if inferred == 1 { "y" } else { "ies" },
        r.entries - inferred,
        r.default_scope
    );
    for d in problems(name, r, lenient) {
        eprint!("{}", shown(&d));
    }
}

pub fn run(a: Args) -> Result<ExitCode, CliError> {
    // An import writes a list: it replaces an existing file (a list it re-imports)
    // only with --force, and never its own input.
    let policy = Policy { inputs: vec![a.file.clone()], may_replace_lists: a.force, replace_existing: a.force };
    if let Some(o) = &a.output {
        if o.is_dir() {
            return Err(CliError::Other(format!("-o {}: is a directory", o.display())));
        }
        alljobs::write::check(o, &policy)?;
    }
    let bytes = read_input(&a.file)?;
    let name = alljobs::load::input_name(&a.file);
    let mut opts = ImportOptions::new(&a.id, &a.jurisdiction);
    opts.title = a.title;
    opts.title_lang = a.title_lang;
    opts.lang = a.lang;
    opts.instrument = a.instrument;
    opts.number = a.number;
    opts.issuer = a.issuer;
    opts.status = a.status;
    opts.effect = a.effect;
    opts.confidence = a.confidence;
    opts.default_scope = a.default_scope;
    opts.layout = match a.layout {
        LayoutArg::Auto => Layout::Auto,
        LayoutArg::Plain => Layout::Plain,
        LayoutArg::Table => Layout::Table,
        LayoutArg::Csv => Layout::Csv,
        LayoutArg::Tsv => Layout::Tsv,
        LayoutArg::Lines => Layout::Lines,
        LayoutArg::Semicolon => Layout::Semicolon,
    };
    opts.format = match a.format_in {
        FormatArg::Auto => Format::Auto,
        FormatArg::Text => Format::Text,
        FormatArg::Html => Format::Html,
        FormatArg::Docx => Format::Docx,
        FormatArg::Pdf => Format::Pdf,
        FormatArg::Rtf => Format::Rtf,
    };
    opts.encoding = a.encoding;
    opts.columns = a.columns;
    opts.header = a.header;
    opts.declared = a.declared;
    opts.evidence = a.evidence;
    opts.source = match (a.source_url, a.source_title) {
        (Some(url), Some(title)) if !a.no_source => Some(SourceSpec { title, url: Some(url), kind: a.source_kind }),
        _ => None,
    };
    opts.input_name = a.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| name.clone());
    if let Some(t) = &a.text_out {
        let text = import::extracted_text(&bytes, &opts)
            .map_err(|e| CliError::Other(format!("{name}: {}", error_text(&e))))?;
        write_atomic(t, format!("{text}\n").as_bytes(), a.force)?;
        eprintln!("import: wrote the text read from {name} to {}", t.display());
    }
    let result = match import::import(&bytes, &opts) {
        Ok(r) => r,
        Err(ImportError::NoEntries(report)) => {
            print_report(&name, &report, a.lenient);
            return Err(CliError::Other(error_text(&ImportError::NoEntries(report))));
        }
        Err(e) => return Err(CliError::Other(format!("{name}: {}", error_text(&e)))),
    };
    print_report(&name, &result.report, a.lenient);
    if !result.report.unplaced.is_empty() && !a.lenient {
        eprintln!(
            "error: {} line(s) could not be placed; nothing was written. Fix them in the input, or pass --lenient to write the list without them.",
            result.report.unplaced.len()
        );
        return Ok(ExitCode::from(1));
    }
    let mut file = result.file;
    if let Some(from) = &a.ids_from {
        let (old, _) = super::open_list(from)?;
        let r = alljobs::carry::carry_ids(&old, &mut file);
        print_carry(from, &r);
    }
    let text = import::to_toml(&file).map_err(|e| CliError::Other(e.to_string()))?;
    let target = a.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    if write_output(&target, text.as_bytes(), &policy)? != Written::Stdout {
        eprintln!("import: wrote {} ({} entries)", target.display(), file.entries.len());
    }
    Ok(ExitCode::SUCCESS)
}
