//! Diagnostics: errors, warnings and notes with a position in a file.

use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// The file can be used but something needs a look (`--deny-warnings` makes it fail).
    Warning,
    /// Information, e.g. "18 of 446 declared entries".
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A position in a file: 1-based line and column (in characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    /// The file, as named (or `embedded:…`).
    pub file: String,
    /// First line (1-based; 0 when only the file is known).
    pub line: usize,
    /// First column (1-based, in characters).
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just after the end.
    pub end_column: usize,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Location {
    /// Resolves a byte span of `text` (the contents of `file`) to lines and columns.
    pub fn from_span(file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, column) = line_col(text, start);
        let (end_line, end_column) = line_col(text, end);
        Location { file: file.to_string(), line, column, end_line, end_column, span: start..end }
    }

    /// A location with no span (the whole file, line 1).
    pub fn file_only(file: &str) -> Location {
        Location { file: file.to_string(), line: 1, column: 1, end_line: 1, end_column: 1, span: 0..0 }
    }
}

/// Start offsets of the lines of a text, for many position lookups in one file
/// (each lookup is a binary search, not a scan from the start).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in chars) of byte offset `at` of `text`.
    pub fn line_col(&self, text: &str, at: usize) -> (usize, usize) {
        let at = floor_char_boundary(text, at.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= at).max(1);
        let start = self.starts[line - 1].min(at);
        (line, text[start..at].chars().count() + 1)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len()).min(text.len());
        let end = self.starts.get(line).map(|e| e.saturating_sub(1)).unwrap_or(text.len()).clamp(start, text.len());
        text[start..end].trim_end_matches(['\r', '\n'])
    }

    /// The location of a byte span of `text` (the contents of `file`).
    pub fn location(&self, file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, column) = self.line_col(text, start);
        let (end_line, end_column) = self.line_col(text, end);
        Location { file: file.to_string(), line, column, end_line, end_column, span: start..end }
    }
}

impl LineIndex {
    /// The index of `text`, cached for the last text seen on this thread, so that
    /// many diagnostics in one file cost O(log lines) each, not O(file size).
    pub fn cached(text: &Arc<str>) -> Arc<LineIndex> {
        use std::cell::RefCell;
        thread_local! {
            // Holding the Arc keeps its address from being reused by another text.
            static LAST: RefCell<Option<(Arc<str>, Arc<LineIndex>)>> = const { RefCell::new(None) };
        }
        LAST.with(|c| {
            let mut c = c.borrow_mut();
            if let Some((t, ix)) = c.as_ref()
                && Arc::ptr_eq(t, text)
            {
                return ix.clone();
            }
            let ix = Arc::new(LineIndex::new(text));
            *c = Some((text.clone(), ix.clone()));
            ix
        })
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column (in chars) of byte offset `at`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// A file that cannot be used, with every diagnostic found, each positioned:
/// a list file that does not load ([`LoadError`](crate::LoadError)) or a rule
/// file ([`RulesError`](crate::rules::RulesError)). One type, so that both are
/// reported the same way.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {} error(s)", self.error_count())]
pub struct FileError {
    /// The file, as named.
    pub path: String,
    /// Errors, and the warnings and notes found alongside them.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileError {
    /// An error with one diagnostic.
    pub fn single(path: &str, d: Diagnostic) -> FileError {
        FileError { path: path.to_string(), diagnostics: vec![d] }
    }
    /// Number of error-level diagnostics.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A hint that names something the caller does (an import with an
/// encoding), typed so that a command line can word it as its command and
/// flags while the library's own text ([`Suggestion::neutral`]) names none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// The file is not UTF-8: bring the text in with an import that names its
    /// encoding.
    ImportWithEncoding {
        /// The encoding's label (`windows-1251`).
        label: &'static str,
        /// Its name in a sentence (`Windows-1251`).
        name: &'static str,
    },
}

impl Suggestion {
    /// The library's wording: "list files are UTF-8; to bring in a
    /// Windows-1251 text, import it naming its encoding (import option `encoding` = windows-1251)".
    pub fn neutral(&self) -> String {
        match self {
            Suggestion::ImportWithEncoding { label, name } => format!(
                "list files are UTF-8; to bring in a {name} text, import it naming its encoding (import option `encoding` = {label})"
            ),
        }
    }
}

/// One finding of loading or validation.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-key`, `duplicate-id`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
    /// Where, when the problem has a place in a file.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The offending line of the file; a long line is cut to a window of about
    /// [`WINDOW`] characters around the position, with `…` where text is left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// Characters of the line left out before `source_line` (a leading `…` not counted).
    #[serde(skip)]
    pub source_offset: usize,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The hint as a typed suggestion, when it is one that a caller words its
    /// own way (a command line: as its command and flags); `hint` is then the
    /// library's wording of it ([`Suggestion::neutral`]).
    #[serde(skip)]
    pub suggestion: Option<Suggestion>,
    /// The file's text, for rendering snippets.
    #[serde(skip)]
    pub text: Option<Arc<str>>,
}

impl Diagnostic {
    /// A diagnostic without position.
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            source_line: None,
            source_offset: 0,
            hint: None,
            suggestion: None,
            text: None,
        }
    }
    /// An error without position.
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }
    /// A warning without position.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }
    /// A note without position.
    pub fn note(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, code, message)
    }
    /// Attaches a byte span of the file `file` whose text is `text`.
    pub fn at(self, file: &str, text: &Arc<str>, span: Range<usize>) -> Diagnostic {
        self.at_indexed(file, text, &LineIndex::cached(text), span)
    }
    /// As [`Diagnostic::at`], with the file's line index (for many diagnostics in one file).
    pub fn at_indexed(mut self, file: &str, text: &Arc<str>, lines: &LineIndex, span: Range<usize>) -> Diagnostic {
        let loc = lines.location(file, text, span);
        let (window, offset) = window(lines.line_text(text, loc.line), loc.column);
        self.source_line = Some(window);
        self.source_offset = offset;
        self.location = Some(loc);
        self.text = Some(text.clone());
        self
    }
    /// Attaches a file with no particular position.
    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.location = Some(Location::file_only(file));
        self
    }
    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
    /// Adds a typed suggestion as the hint, worded by [`Suggestion::neutral`].
    pub fn with_suggestion(mut self, s: Suggestion) -> Diagnostic {
        self.hint = Some(s.neutral());
        self.suggestion = Some(s);
        self
    }
    /// The diagnostic with its suggestion (if any) worded by `word` as its hint.
    pub fn worded(mut self, word: impl Fn(&Suggestion) -> String) -> Diagnostic {
        if let Some(s) = &self.suggestion {
            self.hint = Some(word(s));
        }
        self
    }
    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal: `file:line:col`, the source line
    /// (a window of a long line), a caret under the position, the hint. The
    /// cost does not depend on the size of the file, and no control character
    /// of the file reaches the terminal.
    pub fn render(&self) -> String {
        let mut s = format!("{}[{}]: {}\n", self.severity, self.code, self.message);
        match (&self.location, &self.source_line) {
            (Some(loc), Some(line)) => {
                let number = loc.line.to_string();
                let pad = " ".repeat(number.len() + 1);
                let shown: String = line
                    .chars()
                    .map(|c| {
                        if c == '\t' {
                            ' '
                        } else if is_terminal_unsafe(c) {
                            '\u{fffd}'
                        } else {
                            c
                        }
                    })
                    .collect();
                let lead = usize::from(shown.starts_with('…'));
                let at = (loc.column - 1).saturating_sub(self.source_offset) + lead;
                let room = shown.chars().count().saturating_sub(at).max(1);
                let len = if loc.end_line == loc.line { loc.end_column.saturating_sub(loc.column) } else { room };
                let carets = "^".repeat(len.clamp(1, room));
                s.push_str(&format!(
                    "{pad}┌─ {loc}\n{pad}│\n{number} │ {shown}\n{pad}│ {}{carets}\n{pad}│\n",
                    " ".repeat(at)
                ));
                if let Some(h) = &self.hint {
                    s.push_str(&format!("{pad}= hint: {h}\n"));
                }
                s.push('\n');
            }
            (Some(loc), None) => {
                s.push_str(&format!("  --> {loc}\n"));
                if let Some(h) = &self.hint {
                    s.push_str(&format!("  = hint: {h}\n"));
                }
            }
            (None, _) => {
                if let Some(h) = &self.hint {
                    s.push_str(&format!("  = hint: {h}\n"));
                }
            }
        }
        s
    }
}

/// About how many characters of a source line a diagnostic echoes.
pub const WINDOW: usize = 200;

/// The part of `line` shown for a position at 1-based `column`: the whole line
/// when short, else [`WINDOW`] characters around the column with `…` on the
/// cut sides; with the number of characters left out before it.
pub fn window(line: &str, column: usize) -> (String, usize) {
    // Cheap for short lines; a 20 MB line is walked once, never copied whole.
    if line.len() <= WINDOW {
        return (line.to_string(), 0);
    }
    let total = line.chars().count();
    if total <= WINDOW {
        return (line.to_string(), 0);
    }
    let start = column.saturating_sub(1).saturating_sub(WINDOW / 3).min(total - WINDOW);
    let end = start + WINDOW;
    let mut out: String = if start > 0 { "…".into() } else { String::new() };
    out.extend(line.chars().skip(start).take(WINDOW));
    if end < total {
        out.push('…');
    }
    (out, start)
}

/// Characters never echoed to a terminal as they are: controls (but tab) and
/// bidirectional embeddings, overrides and isolates.
fn is_terminal_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Prints many diagnostics readably: after [`Summary::LIMIT`] of one code and
/// severity the rest are counted, not printed, and [`Summary::finish`] says how
/// many were left out. Linear in the number of diagnostics.
#[derive(Debug, Default)]
pub struct Summary {
    show_all: bool,
    seen: std::collections::BTreeMap<(Severity, &'static str), usize>,
}

impl Summary {
    /// Diagnostics of one code shown before the rest are summarised.
    pub const LIMIT: usize = 5;

    /// A summary; with `show_all` every diagnostic is printed.
    pub fn new(show_all: bool) -> Summary {
        Summary { show_all, seen: Default::default() }
    }

    /// The rendering of `d`, or `None` when it is summarised.
    pub fn render(&mut self, d: &Diagnostic) -> Option<String> {
        let n = self.seen.entry((d.severity, d.code)).or_default();
        *n += 1;
        (self.show_all || *n <= Self::LIMIT).then(|| d.render())
    }

    /// "… and 440 more unsourced-entry warnings; `--show-all` to list them", one line per code.
    pub fn finish(&self, how: &str) -> String {
        let mut out = String::new();
        for ((severity, code), n) in &self.seen {
            if !self.show_all && *n > Self::LIMIT {
                let more = n - Self::LIMIT;
                let plural = if more == 1 { "" } else { "s" };
                out.push_str(&format!("… and {more} more {code} {severity}{plural}; {how} to list them\n"));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// Suggests the candidate closest to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            // Short ids ("T2" for "T1") are judged by edit distance, longer words by similarity.
            let close = word.chars().count() <= 4 && strsim::levenshtein(word, c) == 1;
            (if close { 1.0 } else { strsim::jaro_winkler(word, c) }, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nб = \"ж\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        let pos = text.find('"').unwrap();
        assert_eq!(line_col(text, pos), (2, 5));
    }

    #[test]
    fn line_index_agrees_with_a_scan() {
        let text = "a = 1\nб = \"ж\"\n\nlast";
        let idx = LineIndex::new(text);
        for at in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            assert_eq!(idx.line_col(text, at), line_col(text, at), "{at}");
        }
    }

    #[test]
    fn the_cached_index_is_the_index_of_that_text() {
        let a: Arc<str> = Arc::from("a\nb\n");
        let b: Arc<str> = Arc::from("x\n\ny\n");
        assert!(Arc::ptr_eq(&LineIndex::cached(&a), &LineIndex::cached(&a)));
        assert_eq!(LineIndex::cached(&b).line_col(&b, 3), (3, 1));
        assert_eq!(LineIndex::cached(&a).line_col(&a, 2), (2, 1));
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "number", "section"]), Some("title"));
        assert_eq!(did_you_mean("xyz", ["title", "number"]), None);
    }

    #[test]
    fn render_names_file_line_col_and_hint() {
        let text: Arc<str> = Arc::from("[list]\ntitel = 1\n");
        let d = Diagnostic::error("unknown-key", "unknown key `titel`")
            .at("a.toml", &text, 7..12)
            .with_hint("did you mean `title`?");
        let out = d.render();
        assert!(out.contains("a.toml:2:1"), "{out}");
        assert!(out.contains("titel = 1"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
        assert_eq!(d.to_string(), "a.toml:2:1: error[unknown-key]: unknown key `titel` (hint: did you mean `title`?)");
    }

    #[test]
    fn a_long_line_is_echoed_as_a_window_around_the_position() {
        let long = format!("a = \"{}\" b = 1\n", "ж".repeat(100_000));
        let text: Arc<str> = Arc::from(long.as_str());
        let at = long.find(" b").unwrap() + 1;
        let d = Diagnostic::error("toml-syntax", "expected newline").at("l.toml", &text, at..at + 1);
        let out = d.render();
        assert!(out.len() < 2_000, "bounded: {} bytes", out.len());
        let line = out.lines().find(|l| l.starts_with("1 │ ")).unwrap();
        assert!(line.starts_with("1 │ …") && line.ends_with("b = 1"), "{line}");
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        let col = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(line.chars().nth(col), Some('b'), "the caret is under the error:\n{line}\n{caret}");
        let (w, skipped) = window(&"x".repeat(1000), 1);
        assert_eq!((w.chars().count(), skipped), (WINDOW + 1, 0), "ellipsis at the end only");
    }

    #[test]
    fn control_characters_of_the_file_never_reach_the_terminal() {
        let text: Arc<str> = Arc::from("a = 1 \u{202e}\u{0}x\n");
        let out = Diagnostic::error("toml-syntax", "bad").at("c.toml", &text, 0..1).render();
        assert!(!out.contains('\u{202e}') && !out.contains('\u{0}'), "{out:?}");
    }

    #[test]
    fn repeated_diagnostics_are_summarised() {
        let mut s = Summary::new(false);
        let shown = (0..446)
            .filter_map(|i| s.render(&Diagnostic::warning("unsourced-entry", format!("entry `e{i}` names no source"))))
            .count();
        assert_eq!(shown, Summary::LIMIT);
        assert!(s.render(&Diagnostic::error("invalid-id", "x")).is_some(), "another code is shown");
        assert_eq!(s.finish("`--show-all`"), "… and 441 more unsourced-entry warnings; `--show-all` to list them\n");
        let mut all = Summary::new(true);
        assert_eq!((0..446).filter_map(|_| all.render(&Diagnostic::warning("unsourced-entry", "x"))).count(), 446);
        assert_eq!(all.finish("x"), "");
    }
}
