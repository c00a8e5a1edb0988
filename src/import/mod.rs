//! Import an official list text into a list file.
//!
//! `import(bytes, &options)` decodes the text ([`detect`]: UTF-8 with or
//! without BOM, Windows-1251, or the encoding named), finds its layout
//! (plain numbered text, a pseudo-graphic table, CSV/TSV), reads it with the
//! layout's module ([`plain`], [`pseudo_table`], [`csv`]) into a neutral
//! sequence of headings and entries, and builds a [`ListFile`] from it
//! ([`build`]): ids from the printed numbers, participle clauses split into
//! `condition` ([`clause`]), scopes inferred with
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

pub mod build;
pub mod clause;
pub mod columns;
pub mod csv;
pub mod detect;
pub mod plain;
pub mod pseudo_table;
pub mod text;

pub use columns::{ColumnMap, ColumnsError};

use crate::diagnostic::Severity;
use crate::model::{Confidence, Effect, InstrumentKind, ListFile, Scope, SourceKind, Status};
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
            _ => return Err(format!("`{s}` is not a layout; expected auto, plain, table, csv or tsv")),
        })
    }
}

/// The source that imported entries cite.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSpec {
    pub title: String,
    pub url: Option<String>,
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
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// Default `unknown`.
    pub status: Status,
    /// Default `unknown`.
    pub effect: Effect,
    /// Confidence of the identity facts; default `reported`.
    pub confidence: Confidence,
    /// The group an entry restricts when its text names none; default all women.
    pub default_scope: Scope,
    pub layout: Layout,
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
            encoding: None,
            columns: None,
            header: false,
            declared: None,
            source: None,
            input_name: "input".into(),
        }
    }
}

/// Why an import failed (exit code 2 on the command line).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the input is {0} bytes; the limit is {max} bytes", max = crate::load::MAX_INPUT_BYTES)]
    TooLarge(u64),
    #[error("{0}")]
    Encoding(String),
    #[error("{0}")]
    Option(String),
    #[error("{0}")]
    Columns(#[from] ColumnsError),
    #[error("cannot read the input as {layout}: {message}")]
    Parse { layout: Layout, message: String },
    #[error("no entries found (layout {}, encoding {}); is the layout right? try --layout", .0.layout, .0.encoding)]
    NoEntries(Box<Report>),
    #[error("the imported list does not validate (please report this): {0}")]
    Invalid(String),
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
    pub severity: Severity,
    pub line: Option<usize>,
    pub message: String,
}

/// A run of missing entry numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// Prefix of hierarchical numbers (`3.` for 3.1, 3.2…); empty for plain numbers.
    pub prefix: String,
    pub from: u32,
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
    pub entry: String,
    pub line: usize,
    pub scope: Scope,
    /// The phrase that names the group.
    pub evidence: String,
    /// Where the phrase is: `entry`, `sub-heading` or `section`.
    pub from: &'static str,
}

/// What the import found and did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The layout read.
    pub layout: Layout,
    /// True when detected (not given).
    pub layout_detected: bool,
    /// Why that layout.
    pub layout_reason: String,
    /// The encoding read (`UTF-8`, `windows-1251`, …).
    pub encoding: String,
    pub encoding_detected: bool,
    pub bom: bool,
    /// `lf`, `crlf`, `cr`, `mixed` or `none`.
    pub line_endings: &'static str,
    /// Physical lines of the input.
    pub lines: usize,
    /// Lines starting with `#`, skipped as comments.
    pub comment_lines: usize,
    pub entries: usize,
    pub sections: usize,
    pub subheadings: usize,
    /// Lowest and highest plain entry numbers.
    pub number_range: Option<(u32, u32)>,
    pub declared: Option<u32>,
    /// The scope of entries whose wording names no group.
    pub default_scope: Scope,
    pub gaps: Vec<Gap>,
    pub unplaced: Vec<Unplaced>,
    pub notices: Vec<Notice>,
    pub inferred: Vec<InferredScope>,
}

impl Report {
    fn new() -> Report {
        Report {
            layout: Layout::Plain,
            layout_detected: true,
            layout_reason: String::new(),
            encoding: "UTF-8".into(),
            encoding_detected: true,
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
            notices: Vec::new(),
            inferred: Vec::new(),
        }
    }

    pub(crate) fn warn(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.notices.push(Notice { severity: Severity::Warning, line, message: message.into() });
    }

    pub(crate) fn note(&mut self, line: Option<usize>, message: impl Into<String>) {
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
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct ImportResult {
    /// The list, ready to serialise with [`to_toml`].
    pub file: ListFile,
    pub report: Report,
}

/// Imports a list text given as bytes. Never panics on any input.
pub fn import(input: &[u8], opts: &ImportOptions) -> Result<ImportResult, ImportError> {
    if input.len() as u64 > crate::load::MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge(input.len() as u64));
    }
    build::check_options(opts)?;
    let mut report = Report::new();
    let decoded = detect::decode(input, opts.encoding.as_deref())?;
    report.encoding = decoded.encoding.to_string();
    report.encoding_detected = decoded.detected;
    report.bom = decoded.bom;
    report.line_endings = decoded.line_endings;
    if let Some(line) = decoded.malformed_line {
        report.warn(Some(line), format!("bytes that are not {} were replaced by U+FFFD", decoded.encoding));
    }
    let text = decoded.text;
    let lines: Vec<&str> = text.split('\n').collect();
    report.lines = if text.is_empty() { 0 } else { lines.len() - usize::from(text.ends_with('\n')) };
    report.comment_lines = lines.iter().filter(|l| l.trim_start().starts_with('#')).count();
    let (layout, reason) = match opts.layout {
        Layout::Auto => {
            let (l, r) = detect::layout(&lines);
            (l, r)
        }
        l => (l, "given with --layout".to_string()),
    };
    report.layout = layout;
    report.layout_detected = opts.layout == Layout::Auto;
    report.layout_reason = reason;
    let doc = match layout {
        Layout::Plain | Layout::Auto => plain::parse(&lines, &mut report),
        Layout::Table => pseudo_table::parse(&lines, opts, &mut report)?,
        Layout::Csv => csv::parse(&text, None, opts, &mut report)?,
        Layout::Tsv => csv::parse(&text, Some(b'\t'), opts, &mut report)?,
    };
    let file = build::build(doc, opts, &mut report);
    if file.entries.is_empty() {
        return Err(ImportError::NoEntries(Box::new(report)));
    }
    Ok(ImportResult { file, report })
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
