//! Import an official list text into a list file.
//!
//! [`import()`] decodes the text (UTF-8 with or without BOM, Windows-1251,
//! or the encoding named), finds its layout (plain numbered text, a
//! pseudo-graphic table, CSV/TSV; [`format`](mod@format) detects the input format:
//! text, HTML, DOCX, RTF, PDF), reads it with the layout's parser into a
//! neutral sequence of headings and entries, and builds a [`ListFile`] from
//! it: ids from the printed numbers, participle clauses split into
//! `condition`, scopes inferred with
//! [`crate::heuristics::infer_scope`], numbering gaps and restarts found.
//!
//! Nothing is dropped silently: every line that could not be placed is in
//! [`Report::unplaced`] with its line number, and the text before the first
//! and after the last entry is kept in the list's `note`.
//!
//! ```
//! use alljobs::import::{import, ImportOptions};
//! let text = "60. Машинист экскаватора\n61. Опрокидчик, занятый откаткой вагонеток\n";
//! let r = import(text.as_bytes(), &ImportOptions::new("xa-test", "XA")).unwrap();
//! assert_eq!(r.file.entries.len(), 2);
//! assert_eq!(r.file.entries[1].condition["ru"], "занятый откаткой вагонеток");
//! assert_eq!(r.report.gaps[0].to_string(), "entries 1–59 missing");
//! ```

mod build;
mod clause;
mod columns;
mod csv;
mod detect;
mod docx;
pub mod format;
mod html;
mod lang;
mod lines;
mod pdf;
mod plain;
mod pseudo_table;
mod rtf;
mod semicolon;
mod text;

pub use columns::{ColumnMap, ColumnsError};
pub use pdf::in_caught_reader;

use crate::diagnostic::Severity;
use crate::model::{Confidence, Effect, Evidence, InstrumentKind, ListFile, Scope, SourceKind, Status};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The layout of an input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Detect it.
    Auto,
    /// Numbered lines with headings, as copied from a legal database.
    Plain,
    /// A pseudo-graphic table (box drawing, or `+---+` with `¦`/`|`).
    Table,
    /// Comma- (or semicolon-) separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// Unnumbered entries one a line under sub-headings (production/work nouns per language).
    Lines,
    /// Unnumbered entries separated by `;` inside one paragraph per sub-heading.
    Semicolon,
}

impl Layout {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Auto => "auto",
            Layout::Plain => "plain",
            Layout::Table => "table",
            Layout::Csv => "csv",
            Layout::Tsv => "tsv",
            Layout::Lines => "lines",
            Layout::Semicolon => "semicolon",
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Layout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "auto" => Layout::Auto,
            "plain" => Layout::Plain,
            "table" => Layout::Table,
            "csv" => Layout::Csv,
            "tsv" => Layout::Tsv,
            "lines" => Layout::Lines,
            "semicolon" => Layout::Semicolon,
            _ => {
                return Err(format!(
                    "`{s}` is not a layout; expected auto, plain, table, csv, tsv, lines or semicolon"
                ));
            }
        })
    }
}

/// The source that imported entries cite.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSpec {
    /// The source's title.
    pub title: String,
    /// Where it can be read.
    pub url: Option<String>,
    /// Official or secondary.
    pub kind: SourceKind,
}

/// What to import and the metadata to give the list. Nothing is invented:
/// what is not given stays unknown (`status`, `effect`), or takes the
/// documented default.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The list id (`kg-2000-res-158`).
    pub id: String,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// The list's title; without it the title says it was not given.
    pub title: Option<String>,
    /// Language of the title (default: `lang`).
    pub title_lang: Option<String>,
    /// Language of the imported text (default `ru`).
    pub lang: String,
    /// Default `other` (the model has no "unknown" instrument kind).
    pub instrument: InstrumentKind,
    /// The act's number, as printed.
    pub number: Option<String>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// Default `unknown`.
    pub status: Status,
    /// Default `unknown`.
    pub effect: Effect,
    /// Confidence of the identity facts; default `reported`.
    pub confidence: Confidence,
    /// The group an entry restricts when its text names none; default all women.
    pub default_scope: Scope,
    /// The layout of the text; `Auto` detects it.
    pub layout: Layout,
    /// The file format (text, HTML, DOCX, PDF); `Auto` detects it from the bytes and the file name.
    pub format: format::Format,
    /// An encoding label (`utf-8`, `windows-1251`, `cp1251`, `koi8-r`, `ibm866`…); `None` detects.
    pub encoding: Option<String>,
    /// Column mapping for tables and CSV/TSV.
    pub columns: Option<ColumnMap>,
    /// The first CSV/TSV row is a header.
    pub header: bool,
    /// The number of entries the act declares.
    pub declared: Option<u32>,
    /// The source entries cite; `None` leaves them unsourced.
    pub source: Option<SourceSpec>,
    /// The evidence level written on every entry; `None` applies the rule of
    /// [`ImportOptions::evidence_written`].
    pub evidence: Option<Evidence>,
    /// Name of the input (a file name) used in notes.
    pub input_name: String,
}

impl ImportOptions {
    /// Options with the defaults: Russian text, layout and encoding detected,
    /// default scope all women, nothing else known.
    pub fn new(id: &str, jurisdiction: &str) -> ImportOptions {
        ImportOptions {
            id: id.to_string(),
            jurisdiction: jurisdiction.to_string(),
            title: None,
            title_lang: None,
            lang: "ru".into(),
            instrument: InstrumentKind::Other,
            number: None,
            issuer: None,
            status: Status::Unknown,
            effect: Effect::Unknown,
            confidence: Confidence::Reported,
            default_scope: Scope::AllWomen,
            layout: Layout::Auto,
            format: format::Format::Auto,
            encoding: None,
            columns: None,
            header: false,
            declared: None,
            source: None,
            evidence: None,
            input_name: "input".into(),
        }
    }

    /// The evidence level the entries get: the one given, else `official-text`
    /// only when the source is the official publication (`--source-kind
    /// official`), else `reported`. An import never marks wording official
    /// that nobody said is official.
    pub fn evidence_written(&self) -> Evidence {
        match (self.evidence, &self.source) {
            (Some(e), _) => e,
            (None, Some(SourceSpec { kind: SourceKind::Official, .. })) => Evidence::OfficialText,
            (None, _) => Evidence::Reported,
        }
    }
}

/// An [`ImportOptions`] setting, as an invalid-option error names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportOption {
    /// [`ImportOptions::id`].
    Id,
    /// [`ImportOptions::jurisdiction`].
    Jurisdiction,
    /// [`ImportOptions::lang`].
    Lang,
    /// [`ImportOptions::title_lang`].
    TitleLang,
    /// [`ImportOptions::title`].
    Title,
    /// [`ImportOptions::number`].
    Number,
    /// [`ImportOptions::issuer`].
    Issuer,
    /// [`ImportOptions::declared`].
    Declared,
    /// The title of [`ImportOptions::source`].
    SourceTitle,
    /// The URL of [`ImportOptions::source`].
    SourceUrl,
    /// [`ImportOptions::layout`].
    Layout,
    /// [`ImportOptions::format`].
    Format,
    /// [`ImportOptions::encoding`].
    Encoding,
    /// [`ImportOptions::columns`].
    Columns,
    /// [`ImportOptions::default_scope`].
    DefaultScope,
}

impl ImportOption {
    /// The setting's name in [`ImportOptions`] (`id`, `title_lang`, `source.url`).
    pub fn field(self) -> &'static str {
        match self {
            ImportOption::Id => "id",
            ImportOption::Jurisdiction => "jurisdiction",
            ImportOption::Lang => "lang",
            ImportOption::TitleLang => "title_lang",
            ImportOption::Title => "title",
            ImportOption::Number => "number",
            ImportOption::Issuer => "issuer",
            ImportOption::Declared => "declared",
            ImportOption::SourceTitle => "source.title",
            ImportOption::SourceUrl => "source.url",
            ImportOption::Layout => "layout",
            ImportOption::Format => "format",
            ImportOption::Encoding => "encoding",
            ImportOption::Columns => "columns",
            ImportOption::DefaultScope => "default_scope",
        }
    }

    /// How a message of the library names the option: "option `encoding`".
    pub fn neutral(self) -> String {
        format!("option `{}`", self.field())
    }
}

/// A message that names import options by type, so that each caller words
/// them its own way: [`fmt::Display`] (and JSON) names an option as
/// [`ImportOption::neutral`] ("name the encoding with option `encoding`"); a
/// command line words it as its flag with [`OptionText::words`] ("name the
/// encoding with --encoding").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionText(Vec<Piece>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Option(ImportOption),
}

impl OptionText {
    /// Appends text.
    pub fn text(mut self, s: impl Into<String>) -> OptionText {
        self.0.push(Piece::Text(s.into()));
        self
    }
    /// Appends the name of an option.
    pub fn option(mut self, o: ImportOption) -> OptionText {
        self.0.push(Piece::Option(o));
        self
    }
    /// The options the message names, in order.
    pub fn options(&self) -> impl Iterator<Item = ImportOption> + '_ {
        self.0.iter().filter_map(|p| match p {
            Piece::Option(o) => Some(*o),
            Piece::Text(_) => None,
        })
    }
    /// The message, each option named by `name`.
    pub fn words(&self, name: impl Fn(ImportOption) -> String) -> String {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => s.push_str(t),
                Piece::Option(o) => s.push_str(&name(*o)),
            }
        }
        s
    }
    /// True when the message, worded neutrally, contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }
}

impl From<String> for OptionText {
    fn from(s: String) -> OptionText {
        OptionText::default().text(s)
    }
}

impl From<&str> for OptionText {
    fn from(s: &str) -> OptionText {
        OptionText::default().text(s)
    }
}

impl fmt::Display for OptionText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(ImportOption::neutral))
    }
}

impl Serialize for OptionText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl fmt::Display for ImportOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// Why an import failed (exit code 2 on the command line).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input is larger than the limit (its size in bytes).
    #[error("the input is {0} bytes; the limit is {max} bytes", max = crate::load::MAX_INPUT_BYTES)]
    TooLarge(u64),
    /// The encoding named is unknown, or the bytes are not in it.
    #[error("{0}")]
    Encoding(OptionText),
    /// An option is invalid: which, and what is wrong with it (the value
    /// quoted first). A command line words the option as its flag.
    #[error("{option} {problem}")]
    Option {
        /// The option.
        option: ImportOption,
        /// What is wrong: "`KG1` is not an ISO 3166-1 alpha-2 code (…)", "is empty".
        problem: String,
    },
    /// A column mapping is invalid (CSV/TSV).
    #[error("{0}")]
    Columns(#[from] ColumnsError),
    /// The layout's parser could not read the input.
    #[error("cannot read the input as {layout}: {message}")]
    Parse {
        /// The layout tried.
        layout: Layout,
        /// What went wrong.
        message: String,
    },
    /// The format's reader could not read the input.
    #[error("cannot read the input as {format}: {message}")]
    Format {
        /// The format tried.
        format: format::Format,
        /// What went wrong.
        message: OptionText,
    },
    /// The input held no entry; the report says what was read.
    #[error("{}", self.words(ImportOption::neutral))]
    NoEntries(Box<Report>),
    /// The list built does not validate: a defect of the importer.
    #[error("the imported list does not validate (please report this): {0}")]
    Invalid(String),
}

impl ImportError {
    /// The error, each option it names worded by `name` (a command line: its
    /// flag); [`fmt::Display`] names them with [`ImportOption::neutral`].
    pub fn words(&self, name: impl Fn(ImportOption) -> String) -> String {
        match self {
            ImportError::Option { option, problem } => format!("{} {problem}", name(*option)),
            ImportError::Encoding(m) => m.words(name),
            ImportError::Columns(e) => e.words(&name(ImportOption::Columns)),
            ImportError::Format { format, message } => {
                format!("cannot read the input as {format}: {}", message.words(name))
            }
            ImportError::NoEntries(r) => format!(
                "no entries found (layout {}, encoding {}); is the layout right? try {}",
                r.layout,
                r.encoding,
                name(ImportOption::Layout)
            ),
            e => e.to_string(),
        }
    }
}

/// A line of the input that could not be placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unplaced {
    /// 1-based line number in the input.
    pub line: usize,
    /// The line (or row) as read.
    pub text: String,
    /// Why it could not be placed.
    pub reason: String,
}

/// A remark of the import with its line, if any.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice {
    /// How serious the remark is.
    pub severity: Severity,
    /// The 1-based line of the input it concerns, if one.
    pub line: Option<usize>,
    /// The remark (the options it names typed: [`OptionText::words`]).
    pub message: OptionText,
}

/// A run of missing entry numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// Prefix of hierarchical numbers (`3.` for 3.1, 3.2…); empty for plain numbers.
    pub prefix: String,
    /// The first missing number.
    pub from: u32,
    /// The last missing number.
    pub to: u32,
    /// Why this is a gap: `start` (numbering does not start at 1), `inside`, or `end` (below the declared count).
    pub at: &'static str,
}

impl fmt::Display for Gap {
    /// "entries 1–59 missing", "entry 5 missing".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.from == self.to { "entry" } else { "entries" };
        write!(f, "{word} {} missing", text::range_text(&self.prefix, self.from, self.to))
    }
}

/// A scope read from the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InferredScope {
    /// The entry's id.
    pub entry: String,
    /// The 1-based line of the input.
    pub line: usize,
    /// The scope read.
    pub scope: Scope,
    /// The phrase that names the group.
    pub evidence: String,
    /// Where the phrase is: `entry`, `sub-heading` or `section`.
    pub from: &'static str,
}

/// What the import found and did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The file format read (`text`, `html`, `docx`, `pdf`).
    pub format: format::Format,
    /// True when detected (not given: [`ImportOptions::format`]).
    pub format_detected: bool,
    /// Why that format.
    pub format_reason: OptionText,
    /// What the format's reader left out or changed (site chrome, page headers, hyphenation), one line each.
    pub extraction: Vec<String>,
    /// The layout read.
    pub layout: Layout,
    /// True when detected (not given).
    pub layout_detected: bool,
    /// Why that layout.
    pub layout_reason: OptionText,
    /// The encoding read (`UTF-8`, `windows-1251`, …).
    pub encoding: String,
    /// True when detected (not given).
    pub encoding_detected: bool,
    /// How sure the detection is, when candidates were compared.
    pub encoding_confidence: Option<String>,
    /// True when the input starts with a byte-order mark.
    pub bom: bool,
    /// `lf`, `crlf`, `cr`, `mixed` or `none`.
    pub line_endings: &'static str,
    /// Physical lines of the input.
    pub lines: usize,
    /// Lines starting with `#`, skipped as comments.
    pub comment_lines: usize,
    /// Entries read.
    pub entries: usize,
    /// Numbered sections read.
    pub sections: usize,
    /// Unnumbered sub-headings read.
    pub subheadings: usize,
    /// Lowest and highest plain entry numbers.
    pub number_range: Option<(u32, u32)>,
    /// The number of entries the text declares, when it says.
    pub declared: Option<u32>,
    /// The scope of entries whose wording names no group.
    pub default_scope: Scope,
    /// Runs of missing entry numbers.
    pub gaps: Vec<Gap>,
    /// Lines that could not be placed, with why.
    pub unplaced: Vec<Unplaced>,
    /// Text the transcriber marked as cut off (`[EXCERPT ENDS]`): incomplete, not imported.
    pub cut: Vec<Unplaced>,
    /// Editorial or publisher's remarks (a whole line in parentheses, a running title) kept out of the list.
    pub remarks: Vec<Unplaced>,
    /// Remarks of the import.
    pub notices: Vec<Notice>,
    /// Scopes read from the wording, one per entry.
    pub inferred: Vec<InferredScope>,
    /// The evidence level written on the entries.
    pub evidence: Evidence,
    /// True when given ([`ImportOptions::evidence`]), false when it follows from the source kind.
    pub evidence_given: bool,
}

impl Report {
    fn new() -> Report {
        Report {
            format: format::Format::Text,
            format_detected: true,
            format_reason: OptionText::default(),
            extraction: Vec::new(),
            layout: Layout::Plain,
            layout_detected: true,
            layout_reason: OptionText::default(),
            encoding: "UTF-8".into(),
            encoding_detected: true,
            encoding_confidence: None,
            bom: false,
            line_endings: "none",
            lines: 0,
            comment_lines: 0,
            entries: 0,
            sections: 0,
            subheadings: 0,
            number_range: None,
            declared: None,
            default_scope: Scope::AllWomen,
            gaps: Vec::new(),
            unplaced: Vec::new(),
            cut: Vec::new(),
            remarks: Vec::new(),
            notices: Vec::new(),
            inferred: Vec::new(),
            evidence: Evidence::Reported,
            evidence_given: false,
        }
    }

    pub(crate) fn warn(&mut self, line: Option<usize>, message: impl Into<OptionText>) {
        self.notices.push(Notice { severity: Severity::Warning, line, message: message.into() });
    }

    pub(crate) fn note(&mut self, line: Option<usize>, message: impl Into<OptionText>) {
        self.notices.push(Notice { severity: Severity::Note, line, message: message.into() });
    }

    pub(crate) fn unplace(&mut self, line: usize, text: &str, reason: impl Into<String>) {
        self.unplaced.push(Unplaced { line, text: text.to_string(), reason: reason.into() });
    }

    /// "10 entries imported (numbers 60–69); 456 declared".
    pub fn count_text(&self) -> String {
        let n = self.entries;
        let mut s = format!("{n} {} imported", if n == 1 { "entry" } else { "entries" });
        if let Some((a, b)) = self.number_range {
            s.push_str(&format!(" (numbers {})", text::range_text("", a, b)));
        }
        match self.declared {
            Some(d) if d as usize == n => s.push_str(&format!(", as declared ({d})")),
            Some(d) if (d as usize) > n => s.push_str(&format!("; {d} declared: {} missing", d as usize - n)),
            Some(d) => s.push_str(&format!("; {d} declared: {} more than declared", n - d as usize)),
            None => s.push_str("; declared count not given"),
        }
        s
    }
}

/// A neutral reading of the input, produced by a layout module.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    pub items: Vec<Item>,
}

/// What kind of heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// `III. Металлообработка`
    Roman,
    /// `3. Литейные работы` followed by 3.1, 3.2…
    Arabic,
    /// A top-level section without a roman numeral: `Раздел 3. …`, or named in a CSV/table column.
    Section,
    /// `§ 1(1). Литейные работы`: a numbered sub-section of a chapter.
    Paragraph,
    /// An unnumbered sub-heading.
    Unnumbered,
}

/// One thing read from the input.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Heading {
        line: usize,
        kind: HeadingKind,
        number: Option<String>,
        title: String,
        colon: bool,
    },
    Entry {
        line: usize,
        number: Option<String>,
        title: String,
        condition: Option<String>,
        note: Option<String>,
    },
    /// A note (`Примечание…`) on the entry before it, or on the list.
    Note {
        line: usize,
        text: String,
    },
    /// Text before the first heading or entry.
    Preamble {
        line: usize,
        text: String,
    },
    /// An editor's or publisher's remark inside the list, not part of it.
    Remark {
        line: usize,
        text: String,
    },
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct ImportResult {
    /// The list, ready to serialise with [`to_toml`].
    pub file: ListFile,
    /// What the import found and did.
    pub report: Report,
}

/// Imports a list text given as bytes. Never panics on any input.
pub fn import(input: &[u8], opts: &ImportOptions) -> Result<ImportResult, ImportError> {
    if input.len() as u64 > crate::load::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge(input.len() as u64));
    }
    build::check_options(opts)?;
    let mut report = Report::new();
    report.evidence = opts.evidence_written();
    report.evidence_given = opts.evidence.is_some();
    let (fmt, fmt_reason) = match opts.format {
        format::Format::Auto => {
            let (f, why) = format::detect(input, &opts.input_name);
            (f, OptionText::from(why))
        }
        f => (f, OptionText::from("given with ").option(ImportOption::Format)),
    };
    report.format = fmt;
    report.format_detected = opts.format == format::Format::Auto;
    report.format_reason = fmt_reason;
    let mut text = match fmt {
        format::Format::Text | format::Format::Auto => {
            let decoded = detect::decode(input, opts.encoding.as_deref())?;
            report.encoding = decoded.encoding.to_string();
            report.encoding_detected = decoded.detected;
            report.encoding_confidence = decoded.confidence.clone();
            report.bom = decoded.bom;
            report.line_endings = decoded.line_endings;
            if let Some(line) = decoded.malformed_line {
                report.warn(Some(line), format!("bytes that are not {} were replaced by U+FFFD", decoded.encoding));
            }
            decoded.text
        }
        f => {
            let x = format::extract(input, f, opts)?;
            report.encoding = x.encoding;
            report.encoding_detected = opts.encoding.is_none();
            report.bom = false;
            report.line_endings = "none";
            report.extraction = x.notes;
            x.text
        }
    };
    // Controls and bidi overrides never reach the list: each becomes U+FFFD, with a warning.
    if let Some(line) = text.split('\n').position(|l| l.chars().any(crate::load::is_hidden_control)) {
        let count = text.chars().filter(|&c| crate::load::is_hidden_control(c)).count();
        report.warn(
            Some(line + 1),
            format!("{count} control or bidirectional-override character(s) replaced by U+FFFD (first on this line)"),
        );
        text = crate::load::neutralise_text(&text).into_owned();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    report.lines = if text.is_empty() { 0 } else { lines.len() - usize::from(text.ends_with('\n')) };
    report.comment_lines = lines.iter().filter(|l| l.trim_start().starts_with('#')).count();
    let (layout, reason) = match opts.layout {
        Layout::Auto => {
            let (l, why) = detect::layout(&lines, &opts.lang);
            (l, OptionText::from(why))
        }
        l => (l, OptionText::from("given with ").option(ImportOption::Layout)),
    };
    report.layout = layout;
    report.layout_detected = opts.layout == Layout::Auto;
    report.layout_reason = reason;
    let doc = match layout {
        Layout::Plain | Layout::Auto => plain::parse(&lines, &mut report),
        Layout::Table => pseudo_table::parse(&lines, opts, &mut report)?,
        Layout::Csv => csv::parse(&text, None, opts, &mut report)?,
        Layout::Tsv => csv::parse(&text, Some(b'\t'), opts, &mut report)?,
        Layout::Lines => lines::parse(&lines, &opts.lang, &mut report),
        Layout::Semicolon => semicolon::parse(&lines, &opts.lang, &mut report),
    };
    let file = build::build(doc, opts, &mut report);
    if file.entries.is_empty() {
        return Err(ImportError::NoEntries(Box::new(report)));
    }
    Ok(ImportResult { file, report })
}

/// The text an import reads from `input`: for HTML, DOCX and PDF the text
/// their reader extracts (the line numbers of the import report refer to
/// it), for text files the decoded text.
pub fn extracted_text(input: &[u8], opts: &ImportOptions) -> Result<String, ImportError> {
    let (fmt, _) = match opts.format {
        format::Format::Auto => format::detect(input, &opts.input_name),
        f => (f, String::new()),
    };
    match fmt {
        format::Format::Text | format::Format::Auto => Ok(detect::decode(input, opts.encoding.as_deref())?.text),
        f => Ok(format::extract(input, f, opts)?.text),
    }
}

/// The canonical TOML of an imported list, checked by loading it back.
pub fn to_toml(file: &ListFile) -> Result<String, ImportError> {
    let text = crate::fmt::to_canonical(file).map_err(|e| ImportError::Invalid(e.to_string()))?;
    match crate::load::load_str("import", text.as_str().into()) {
        Ok(back) if back.file == *file => Ok(text),
        Ok(_) => Err(ImportError::Invalid("the TOML does not load back to the same list".into())),
        Err(e) => Err(ImportError::Invalid(
            e.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect::<Vec<_>>().join("; "),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SectionKind, TranscriptionStatus};
    use proptest::prelude::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/import/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture exists")
    }

    fn opts() -> ImportOptions {
        let mut o = ImportOptions::new("xa-test", "XA");
        o.source = Some(SourceSpec {
            title: "Constructed test input".into(),
            url: Some("https://example.org/test".into()),
            kind: SourceKind::Secondary,
        });
        o
    }

    fn run(bytes: &[u8], o: &ImportOptions) -> ImportResult {
        let r = import(bytes, o).expect("imports");
        to_toml(&r.file).expect("the imported list validates and loads back");
        r
    }

    /// (id, number, section, title, condition) of each entry.
    fn rows(r: &ImportResult) -> Vec<(String, String, String, String, String)> {
        r.file
            .entries
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.number.clone().unwrap_or_default(),
                    e.section.clone().unwrap_or_default(),
                    e.title.get("ru").cloned().unwrap_or_default(),
                    e.condition.get("ru").cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn controls_in_the_input_are_neutralised_with_a_warning() {
        let r = run("1. Маши\u{202e}нист\n2. Про\u{0}ходчик\n".as_bytes(), &opts());
        assert_eq!(r.file.entries[0].title["ru"], "Маши\u{fffd}нист");
        assert!(
            r.report.notices.iter().any(|n| n.line == Some(1) && n.message.contains("2 control")),
            "{:?}",
            r.report.notices
        );
    }

    #[test]
    fn numbers_of_any_length_and_sub_numbers() {
        let text = "9999. Машинист\n10000. Проходчик\n10001. Сварщик\n10002. Сварочные работы:\n10002.1. Сварщик ручной сварки\n10002.1.2. Сварщик в цистернах\n123456789. Газорезчик\n";
        let r = run(text.as_bytes(), &opts());
        let numbers: Vec<&str> = r.file.entries.iter().filter_map(|e| e.number.as_deref()).collect();
        assert_eq!(numbers, ["9999", "10000", "10001", "10002.1", "10002.1.2", "123456789"]);
        assert_eq!(r.file.entries[2].title["ru"], "Сварщик", "10001 is not glued into 10000");
        assert!(r.file.sections.iter().any(|s| s.number.as_deref() == Some("10002")), "10002 heads its sub-numbers");
        assert!(r.report.unplaced.is_empty());
        let tight = run("10001.Сварщик\n10002.Газорезчик\n".as_bytes(), &opts());
        assert_eq!(tight.file.entries.len(), 2);
    }

    #[test]
    fn evidence_follows_the_source_kind_unless_given() {
        use crate::model::Evidence;
        let text = "1. Машинист\n2. Проходчик\n".as_bytes();
        let mut o = opts();
        let r = run(text, &o);
        assert!(r.file.entries.iter().all(|e| e.evidence == Evidence::Reported));
        assert_eq!((r.report.evidence, r.report.evidence_given), (Evidence::Reported, false));
        o.source.as_mut().unwrap().kind = SourceKind::Official;
        let r = run(text, &o);
        assert!(r.file.entries.iter().all(|e| e.evidence == Evidence::OfficialText));
        o.evidence = Some(Evidence::Reported);
        let r = run(text, &o);
        assert!(r.file.entries.iter().all(|e| e.evidence == Evidence::Reported));
        assert!(r.report.evidence_given);
        let mut none = ImportOptions::new("xa-test", "XA");
        assert_eq!(none.evidence_written(), Evidence::Reported, "no source: nothing is official");
        none.evidence = Some(Evidence::OfficialText);
        assert_eq!(run(text, &none).file.entries[0].evidence, Evidence::OfficialText);
    }

    #[test]
    fn ru_162_fragment() {
        let mut o = opts();
        o.declared = Some(456);
        let r = run(&fixture("ru-162-fragment.txt"), &o);
        let numbers: Vec<String> = r.file.entries.iter().filter_map(|e| e.number.clone()).collect();
        assert_eq!(numbers, (60..=69).map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(r.file.sections.len(), 1);
        let h = &r.file.sections[0];
        assert_eq!(h.kind, SectionKind::Subheading);
        assert_eq!(h.parent, None, "the fragment's section is not known");
        assert_eq!(
            h.title["ru"],
            "Работы, выполняемые по общим профессиям обогащения, агломерации, брикетирования и отдельными категориями работников"
        );
        for e in &r.file.entries {
            let in_sub = matches!(e.number.as_deref(), Some("68" | "69"));
            assert_eq!(e.section.as_deref(), in_sub.then_some(h.id.as_str()), "{}", e.id);
            assert_eq!(e.evidence, crate::model::Evidence::Reported, "a secondary source is not official wording");
            assert_eq!(e.sources, ["S1"]);
            assert_eq!(e.scope, None, "no group named: the list default applies");
        }
        let e63 = r.file.entries.iter().find(|e| e.id == "e63").unwrap();
        assert_eq!(e63.title["ru"], "Опрокидчик");
        assert_eq!(e63.condition["ru"], "занятый ручной подкаткой и откаткой вагонеток");
        let gaps: Vec<String> = r.report.gaps.iter().map(|g| g.to_string()).collect();
        assert_eq!(gaps, ["entries 1–59 missing", "entries 70–456 missing"]);
        assert!(r.report.unplaced.is_empty());
        assert_eq!(r.report.comment_lines, 8);
        let t = r.file.list.transcription.as_ref().unwrap();
        assert_eq!(t.status, TranscriptionStatus::Partial);
        assert!(t.note.as_deref().unwrap().contains("Missing by numbering: 1–59, 70–456"));
        assert_eq!(r.file.list.declared.as_ref().map(|d| d.count), Some(456));
    }

    /// The import reads the fragment as the project's hand transcription does.
    #[test]
    fn ru_162_fragment_matches_the_shipped_transcription() {
        let shipped = include_str!("../../../../lists/ru/ru-2000-res-162.toml");
        let shipped = crate::load::load_str("ru-2000-res-162.toml", shipped.into()).expect("shipped list loads");
        let r = run(&fixture("ru-162-fragment.txt"), &opts());
        let key = |e: &crate::model::Entry| (e.id.clone(), e.number.clone(), e.title.clone(), e.condition.clone());
        let ours: Vec<_> = r.file.entries.iter().map(key).collect();
        let theirs: Vec<_> = shipped.file.entries.iter().map(key).collect();
        assert_eq!(ours, theirs);
        assert_eq!(r.file.sections[0].title, shipped.file.sections[0].title);
    }

    #[test]
    fn plain_nasty() {
        let mut o = opts();
        o.declared = Some(11);
        let r = run(&fixture("plain-nasty.txt"), &o);
        let s = |id: &str| r.file.sections.iter().find(|s| s.id == id).unwrap();
        let got = rows(&r);
        assert_eq!(got.len(), 11);
        assert_eq!(got[1].3, "Машинист установки по бурению стволов шахт полным сечением");
        // A wrapped line starting with a capital after a comma continues the entry.
        assert_eq!(got[2].4, "занятый ручной подкаткой и откаткой вагонеток, Лебедками и электровозами");
        // Parenthesised notes stay in the text; the clause is split outside them.
        assert_eq!(got[3].3, "Электрослесарь (слесарь) дежурный и по ремонту оборудования");
        assert_eq!(got[3].4, "занятый обслуживанием оборудования (кроме работ на поверхности)");
        // A capital after a hyphen continues the word.
        assert_eq!(got[4].3, "Газо-Электросварщик");
        // Sub-heading with its colon stripped, under section I.
        assert_eq!((got[5].0.as_str(), got[5].2.as_str()), ("e6", "h1"));
        assert_eq!(s("h1").title["ru"], "Работы, выполняемые на поверхности");
        assert_eq!(s("h1").parent.as_deref(), Some("s1"));
        // Cyrillic look-alike numerals; "3." before 3.1 is a heading, not an entry.
        assert_eq!(s("s2").number.as_deref(), Some("II"));
        assert_eq!((s("s3").kind, s("s3").parent.as_deref()), (SectionKind::Subheading, Some("s2")));
        assert_eq!(got[6].0, "e3.1");
        assert_eq!(got[7].3, "Заливщик металла: 1) на конвейере; 2) на машинах");
        assert_eq!(r.file.entries[7].note.as_deref(), Some("Примечание. Кроме работ мастеров."));
        // The restart: ids disambiguated, reported.
        assert_eq!(s("s10").number.as_deref(), Some("X"));
        let ids: Vec<&str> = got[8..].iter().map(|g| g.0.as_str()).collect();
        assert_eq!(ids, ["e1-2", "e2-2", "e3-2"]);
        assert!(r.report.notices.iter().any(|n| n.line == Some(29) && n.message.contains("numbering restarts")));
        // Scopes: from the section, and from the entry's own words.
        let scopes: Vec<Option<String>> =
            r.file.entries.iter().map(|e| e.scope.as_ref().map(|s| s.to_string())).collect();
        assert_eq!(scopes[..8], vec![None; 8]);
        assert_eq!(scopes[8..], [Some("pregnant".into()), Some("pregnant".into()), Some("breastfeeding".into())]);
        assert!(r.file.entries[8..].iter().all(|e| e.scope_inferred));
        // Preamble and closing line kept in the list note; nothing unplaced; count as declared.
        let note = r.file.list.note.as_deref().unwrap();
        assert!(note.contains("ПЕРЕЧЕНЬ работ, запрещенных для проверки импорта"), "{note}");
        assert!(note.contains("Конец перечня"), "{note}");
        assert!(r.report.unplaced.is_empty());
        assert!(r.report.gaps.is_empty());
        assert_eq!(r.file.list.transcription.as_ref().unwrap().status, TranscriptionStatus::Complete);
    }

    #[test]
    fn unplaced_lines_are_reported_and_kept_out() {
        let r = run(&fixture("plain-unplaced.txt"), &opts());
        let lines: Vec<usize> = r.report.unplaced.iter().map(|u| u.line).collect();
        assert_eq!(lines, [5, 6]);
        assert_eq!(r.file.entries.len(), 3);
        let note = r.file.list.transcription.as_ref().unwrap().note.clone().unwrap();
        assert!(note.contains("2 line(s) of the input could not be placed") && note.contains("lines 5, 6"), "{note}");
    }

    #[test]
    fn windows_1251_crlf_bytes_read_like_utf8() {
        let utf8 = fixture("plain-nasty.txt");
        let text = String::from_utf8(utf8.clone()).unwrap().replace('\n', "\r\n");
        let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
        assert!(!unmappable);
        let a = run(&utf8, &opts());
        let b = run(&cp1251, &opts());
        assert_eq!((b.report.encoding.as_str(), b.report.line_endings), ("windows-1251", "crlf"));
        assert_eq!(rows(&a), rows(&b));
        assert_eq!(a.file.sections, b.file.sections);
    }

    #[test]
    fn bom_and_crlf() {
        let r = run(&fixture("plain-bom-crlf.txt"), &opts());
        assert!(r.report.bom);
        assert_eq!(r.report.line_endings, "crlf");
        assert_eq!(
            rows(&r).iter().map(|g| (g.1.as_str(), g.3.as_str(), g.4.as_str())).collect::<Vec<_>>(),
            [("1", "Машинист крана", ""), ("2", "Стропальщик", "занятый на погрузке")]
        );
    }

    #[test]
    fn box_drawing_table() {
        let r = run(&fixture("table-box.txt"), &opts());
        assert_eq!(r.report.layout, Layout::Table);
        let got = rows(&r);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].3, "Машинист погрузочной машины");
        assert_eq!((got[1].3.as_str(), got[1].4.as_str()), ("Опрокидчик", "занятый ручной откаткой вагонеток"));
        assert_eq!(r.file.entries[1].note.as_deref(), Some("Примечание: кроме механизи-рованных работ"));
        assert!(r.report.notices.iter().any(|n| n.message.contains("«механизи-рованных»")));
        assert_eq!(got[3].3, "Лаборант химического анализа");
        assert_eq!(got[3].2, "h1");
        assert_eq!(r.file.entries[3].scope.as_ref().map(|s| s.to_string()).as_deref(), Some("pregnant"));
        assert_eq!(r.file.sections[0].number.as_deref(), Some("I"));
        assert!(r.report.unplaced.is_empty());
    }

    #[test]
    fn ascii_table_windows_1251_crlf_mixed_frames() {
        let r = run(&fixture("table-ascii-cp1251-crlf.txt"), &opts());
        assert_eq!((r.report.layout, r.report.encoding.as_str()), (Layout::Table, "windows-1251"));
        assert_eq!(r.report.line_endings, "crlf");
        assert!(r.report.notices.iter().any(|n| n.message.contains("frames mix")));
        let got = rows(&r);
        assert_eq!(
            got.iter().map(|g| (g.1.as_str(), g.2.as_str(), g.3.as_str(), g.4.as_str())).collect::<Vec<_>>(),
            [
                ("10", "s2", "Вагранщик", ""),
                ("11", "s2", "Заливщик металла", "занятый на ручной разливке"),
                ("12", "s2", "Выбивальщик отливок", ""),
                ("14", "s2", "Обрубщик", "работающий с пневматическим инструментом"),
            ]
        );
        let gaps: Vec<String> = r.report.gaps.iter().map(|g| g.to_string()).collect();
        assert_eq!(gaps, ["entries 1–9 missing", "entry 13 missing"]);
    }

    #[test]
    fn csv_with_columns_and_header() {
        let mut o = opts();
        o.layout = Layout::Csv;
        o.header = true;
        o.columns = Some("number=1,title=2,section=3,condition=4".parse().unwrap());
        let a = run(&fixture("list.csv"), &o);
        let b = run(&fixture("list.csv"), &opts()); // detected: layout, header, columns
        assert_eq!(b.report.layout, Layout::Csv);
        assert_eq!(rows(&a), rows(&b));
        let got = rows(&a);
        assert_eq!(
            got.iter().map(|g| (g.1.as_str(), g.2.as_str(), g.3.as_str(), g.4.as_str())).collect::<Vec<_>>(),
            [
                ("1", "s1", "Машинист экскаватора", ""),
                ("2", "s1", "Опрокидчик", "занятый ручной откаткой вагонеток"),
                ("3", "s2", "Водитель", "работающий на тягаче"),
                ("4", "s2", "Лаборант", "для беременных женщин, занятых анализом"),
            ]
        );
        assert_eq!(
            a.file.sections.iter().map(|s| s.title["ru"].as_str()).collect::<Vec<_>>(),
            ["Горные работы", "Транспорт"]
        );
        assert_eq!(a.file.entries[3].scope.as_ref().map(|s| s.to_string()).as_deref(), Some("pregnant"));
        // Another mapping: the condition column as a note; the unmapped section column is kept in the note too.
        o.columns = Some("number=1,title=2,note=4".parse().unwrap());
        let c = run(&fixture("list.csv"), &o);
        assert!(c.file.sections.is_empty());
        assert_eq!(
            c.file.entries[3].note.as_deref(),
            Some("Условия: для беременных женщин, занятых анализом; Раздел: II. Транспорт")
        );
        assert_eq!(c.file.entries[0].note.as_deref(), Some("Раздел: I. Горные работы"));
    }

    #[test]
    fn tsv_with_bom_and_crlf() {
        let r = run(&fixture("list-bom-crlf.tsv"), &opts());
        assert_eq!((r.report.layout, r.report.bom, r.report.line_endings), (Layout::Tsv, true, "crlf"));
        let got = rows(&r);
        assert_eq!(got.len(), 3);
        assert_eq!((got[1].3.as_str(), got[1].4.as_str()), ("Проходчик", "занятый на проходке"));
        assert_eq!(r.file.entries[2].note.as_deref(), Some("column 3: кроме работ в лаборатории"));
    }

    #[test]
    fn metadata_is_only_what_was_given() {
        let r = run(&fixture("ru-162-fragment.txt"), &ImportOptions::new("xa-test", "XA"));
        let m = &r.file.list;
        assert_eq!((m.status, m.effect, m.instrument), (Status::Unknown, Effect::Unknown, InstrumentKind::Other));
        assert_eq!((m.number.as_ref(), m.issuer.as_ref(), m.declared.as_ref()), (None, None, None));
        assert_eq!(m.confidence, Confidence::Reported);
        assert!(m.title["en"].contains("Title not given"));
        assert!(r.file.sources.is_empty() && r.file.entries.iter().all(|e| e.sources.is_empty()));
        // --declared without a source: not a sourceless list.declared, but said in the note.
        let mut o = ImportOptions::new("xa-test", "XA");
        o.declared = Some(456);
        let r = run(&fixture("ru-162-fragment.txt"), &o);
        assert!(r.file.list.declared.is_none());
        assert!(r.file.list.transcription.unwrap().note.unwrap().contains("without a source: 456"));
    }

    #[test]
    fn default_scope_and_title_check() {
        let mut o = opts();
        o.default_scope = Scope::Pregnant;
        o.title = Some("Перечень работ, запрещенных для женщин, кормящих грудью".into());
        let r = run(&fixture("ru-162-fragment.txt"), &o);
        assert_eq!(r.file.list.default_scope, Scope::Pregnant);
        assert!(r.file.entries.iter().all(|e| e.scope.is_none()));
        assert!(
            r.report.notices.iter().any(|n| n.message.contains("option `default_scope` breastfeeding")
                && n.message.options().eq([ImportOption::DefaultScope])),
            "{:?}",
            r.report.notices
        );
    }

    #[test]
    fn bad_options_and_inputs_are_errors() {
        let bytes = fixture("ru-162-fragment.txt");
        for (id, j) in [("Bad Id", "XA"), ("xa-ok", "ZZ"), ("", "XA")] {
            assert!(matches!(import(&bytes, &ImportOptions::new(id, j)), Err(ImportError::Option { .. })), "{id} {j}");
        }
        let mut o = opts();
        o.declared = Some(0);
        assert!(matches!(import(&bytes, &o), Err(ImportError::Option { .. })));
        let mut o = opts();
        o.source.as_mut().unwrap().url = Some("ftp://x".into());
        assert!(matches!(import(&bytes, &o), Err(ImportError::Option { .. })));
        assert!(matches!(import(b"# only a comment\n", &opts()), Err(ImportError::NoEntries(_))));
        assert!(matches!(import(b"", &opts()), Err(ImportError::NoEntries(_))));
        let big = vec![b' '; crate::load::MAX_INPUT_BYTES as usize + 1];
        assert!(matches!(import(&big, &opts()), Err(ImportError::TooLarge(_))));
        let mut o = opts();
        o.layout = Layout::Table;
        assert!(matches!(import(&bytes, &o), Err(ImportError::Parse { .. })), "a table layout forced on plain text");
    }

    #[test]
    fn encoding_override() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("1. Токарь\n2. Пекарь\n");
        let mut o = opts();
        o.encoding = Some("utf-8".into());
        let r = run(&cp1251, &o);
        assert!(!r.report.encoding_detected);
        assert!(r.report.notices.iter().any(|n| n.line == Some(1) && n.message.contains("U+FFFD")));
        o.encoding = Some("windows-1251".into());
        let r = run(&cp1251, &o);
        assert_eq!(r.file.entries[0].title["ru"], "Токарь");
        o.encoding = Some("klingon".into());
        assert!(matches!(import(&cp1251, &o), Err(ImportError::Encoding(_))));
    }

    fn layouts() -> impl Strategy<Value = Layout> {
        prop_oneof![
            Just(Layout::Auto),
            Just(Layout::Plain),
            Just(Layout::Table),
            Just(Layout::Csv),
            Just(Layout::Tsv),
            Just(Layout::Lines),
            Just(Layout::Semicolon)
        ]
    }

    fn encodings() -> impl Strategy<Value = Option<String>> {
        prop_oneof![Just(None), Just(Some("utf-8".to_string())), Just(Some("windows-1251".to_string()))]
    }

    fn check_no_panic(bytes: &[u8], layout: Layout, encoding: Option<String>) -> Result<(), TestCaseError> {
        let mut o = opts();
        o.layout = layout;
        o.encoding = encoding;
        o.declared = Some(5);
        if let Ok(r) = import(bytes, &o) {
            // Whatever was read is a valid list.
            prop_assert!(to_toml(&r.file).is_ok(), "{:?}", to_toml(&r.file).err());
        }
        Ok(())
    }

    proptest! {
        // 200 cases each; PROPTEST_CASES=N runs more.
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
            ..ProptestConfig::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), layout in layouts(), enc in encodings()) {
            check_no_panic(&bytes, layout, enc)?;
        }

        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>(), layout in layouts()) {
            check_no_panic(s.as_bytes(), layout, None)?;
        }

        #[test]
        fn list_like_text_never_panics(
            s in "([0-9]{1,3}[.)]? |[IVXХІ]{1,4}\\. |# |Примечание. |[а-в]\\) |[│¦|┌┬┐├┼┤└┴┘─+-]{1,3}|[А-Яа-я]{1,8}|, занятый |[ ,;:()\"\t]|\r?\n){0,60}",
            layout in layouts(),
        ) {
            check_no_panic(s.as_bytes(), layout, None)?;
        }
    }
}
