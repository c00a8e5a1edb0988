//! Loading and validating list files: bytes → text → spanned TOML → schema
//! check → typed model → semantic checks. Every problem of a file is reported
//! at once, each with `file:line:col`.

mod chunked;
mod entries;
mod tree;
mod validate;

pub use tree::{Found, locate};
pub use validate::{ID_SYNTAX, check_url, has_visible, is_invisible, is_language, is_valid_id};

use crate::diagnostic::{Diagnostic, FileError, LineIndex, Location, did_you_mean};
use crate::model::{Date, ListFile, Scope};
use serde_json::Value;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use toml::de::DeTable;

/// Inputs larger than this are refused (a list of 100 000 entries is about 30 MB).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A list file that could not be loaded (or consolidated), with every
/// diagnostic found: the one [`FileError`] type.
pub type LoadError = FileError;

/// A list file loaded and validated on its own (an overlay is not yet consolidated).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The path as given, used in every position.
    pub path: String,
    /// The file's text (BOM removed).
    pub text: Arc<str>,
    /// What the file says.
    pub file: ListFile,
    /// Byte span of each entry's `id` value, in entry order.
    pub entry_spans: Vec<Range<usize>>,
    /// Byte span of each operation, in order.
    pub operation_spans: Vec<Range<usize>>,
    /// Warnings and notes (no errors: a file with errors is a [`LoadError`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Line starts of `text`, for fast positions.
    pub lines: Arc<LineIndex>,
}

impl Loaded {
    /// The location of entry `i` (its `id` line).
    pub fn entry_location(&self, i: usize) -> Location {
        match self.entry_spans.get(i) {
            Some(s) => self.lines.location(&self.path, &self.text, s.clone()),
            None => Location::file_only(&self.path),
        }
    }
    /// The location of every entry (its `id` line), in entry order.
    pub fn entry_locations(&self) -> Vec<Location> {
        self.entry_spans.iter().map(|s| self.lines.location(&self.path, &self.text, s.clone())).collect()
    }
    /// The location of a byte span of this file.
    pub fn location(&self, span: Range<usize>) -> Location {
        self.lines.location(&self.path, &self.text, span)
    }
    /// The location of the value at a JSON pointer such as `/entries/3/scope`
    /// (re-parses the file; use for a few lookups, not per entry).
    pub fn locate(&self, pointer: &str) -> Location {
        match DeTable::parse(&self.text) {
            Ok(root) => self.location(locate(&root, pointer).value),
            Err(_) => Location::file_only(&self.path),
        }
    }
}

/// The semantic checks of a typed list (ids, references, dates, texts), for a
/// list made in memory (a consolidated overlay); `report` gets each diagnostic
/// with the JSON pointer of its place.
pub(crate) fn validate_model(file: &ListFile, report: &mut dyn FnMut(Diagnostic, Option<&str>)) {
    validate::check(file, report)
}

/// Reads and validates one file.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let name = input_name(path);
    let (text, mut pre) = read_text(path, &name).map_err(|d| LoadError::single(&name, d))?;
    match load_str(&name, text) {
        Ok(mut l) => {
            pre.append(&mut l.diagnostics);
            l.diagnostics = pre;
            Ok(l)
        }
        Err(mut e) => {
            pre.append(&mut e.diagnostics);
            e.diagnostics = pre;
            Err(e)
        }
    }
}

/// Why an input could not be read (the one bounded read path: [`read_bytes`]).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No such file (its name).
    #[error("{0}: no such file")]
    NotFound(String),
    /// A directory where a file was expected (its name).
    #[error("{0} is a directory")]
    IsDirectory(String),
    /// The input is larger than the limit.
    #[error("{name} is {}; the limit is {limit} bytes ({} MiB)", size_text(*.size, *.limit), .limit / 1024 / 1024)]
    TooLarge {
        /// The input's name.
        name: String,
        /// Its size, when known (a stream is read up to the limit).
        size: Option<u64>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Reading failed.
    #[error("{name}: cannot read: {source}")]
    Io {
        /// The input's name.
        name: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn size_text(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(s) => format!("{s} bytes"),
        None => format!("more than {limit} bytes"),
    }
}

impl ReadError {
    /// The diagnostic code: `not-found`, `is-a-directory`, `too-large` or `io`.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "not-found",
            ReadError::IsDirectory(_) => "is-a-directory",
            ReadError::TooLarge { .. } => "too-large",
            ReadError::Io { .. } => "io",
        }
    }
}

/// The display name of an input path: `<stdin>` for `-`.
pub fn input_name(path: &Path) -> String {
    if crate::write::is_dash(path) { "<stdin>".to_string() } else { path.display().to_string() }
}

/// Reads an input, at most [`MAX_INPUT_BYTES`]: a file, a pipe, a device, or
/// `-` for standard input. See [`read_bytes_limited`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_bytes_limited(path, MAX_INPUT_BYTES)
}

/// Reads an input of at most `limit` bytes: never more than `limit + 1` bytes
/// are read, whatever the input is (`/dev/zero`, a pipe that never ends), so
/// memory stays proportional to the limit.
pub fn read_bytes_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let name = input_name(path);
    if crate::write::is_dash(path) {
        return read_to_limit(std::io::stdin().lock(), &name, limit);
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::NotFound(name)),
        Err(source) => return Err(ReadError::Io { name, source }),
    };
    if meta.is_dir() {
        return Err(ReadError::IsDirectory(name));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge { name, size: Some(meta.len()), limit });
    }
    let f = std::fs::File::open(path).map_err(|source| ReadError::Io { name: name.clone(), source })?;
    read_to_limit(f, &name, limit)
}

/// Reads `r` to its end, at most `limit` bytes (reading `limit + 1` to tell);
/// for readers of any kind (a file, a decompressed archive member).
pub fn read_to_limit(r: impl std::io::Read, name: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io { name: name.to_string(), source })?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { name: name.to_string(), size: None, limit });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text with the checks every input gets: exists, is not
/// a directory, is not too large, is valid UTF-8. A BOM is removed with a
/// warning. `-` is standard input.
#[allow(clippy::result_large_err)] // a Diagnostic carries its snippet; errors are rare
pub fn read_text(path: &Path, name: &str) -> Result<(Arc<str>, Vec<Diagnostic>), Diagnostic> {
    let bytes = read_bytes(path).map_err(|e| {
        let message = match &e {
            ReadError::IsDirectory(_) => format!("{name} is a directory, not a list file"),
            other => other.to_string().replacen(&input_name(path), name, 1),
        };
        let d = Diagnostic::error(e.code(), message).in_file(name);
        match e {
            ReadError::IsDirectory(_) => d.with_hint("`alljobs check DIR` checks every .toml file under a directory"),
            _ => d,
        }
    })?;
    decode_utf8(name, bytes)
}

/// Decodes UTF-8, removing a BOM (with a warning) and pointing at the first invalid byte.
#[allow(clippy::result_large_err)]
pub fn decode_utf8(name: &str, mut bytes: Vec<u8>) -> Result<(Arc<str>, Vec<Diagnostic>), Diagnostic> {
    let mut warnings = Vec::new();
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        warnings.push(
            Diagnostic::warning("bom", "file starts with a UTF-8 byte order mark (BOM); it is ignored")
                .in_file(name)
                .with_hint("`alljobs fmt` writes the file without it"),
        );
    }
    // Validated with SIMD (std's check takes about 5 instructions per byte of Cyrillic text).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just validated as UTF-8.
        let s = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok((Arc::from(s), warnings));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((Arc::from(s), warnings)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).into_owned());
            // The lossy text has the same prefix up to `at`.
            let d = Diagnostic::error("invalid-utf8", format!("invalid UTF-8 at byte {at}"))
                .at(name, &lossy, at..at + 1)
                .with_suggestion(crate::diagnostic::Suggestion::ImportWithEncoding {
                    label: "windows-1251",
                    name: "Windows-1251",
                });
            Err(d)
        }
    }
}

/// The JSON Schema validator of the list format, built once.
fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let mut schema = crate::schema::json_schema();
        consts_to_enums(&mut schema);
        jsonschema::validator_for(&schema).expect("the generated schema is a valid JSON Schema")
    })
}

/// A documented enum is generated as `oneOf` of `const` strings (one
/// description per value, which editors show). Validation sees it as the
/// equivalent `enum`, so that a wrong value gets "expected one of: …" and a
/// "did you mean", not "not valid under any of the schemas listed in 'oneOf'".
fn consts_to_enums(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let consts: Option<Vec<Value>> = m
                .get("oneOf")
                .and_then(Value::as_array)
                .and_then(|alts| alts.iter().map(|a| a.get("const").filter(|c| c.is_string()).cloned()).collect());
            if let Some(consts) = consts {
                m.remove("oneOf");
                m.insert("type".into(), Value::String("string".into()));
                m.insert("enum".into(), Value::Array(consts));
            }
            m.values_mut().for_each(consts_to_enums);
        }
        Value::Array(a) => a.iter_mut().for_each(consts_to_enums),
        _ => {}
    }
}

/// Every property name the schema knows, for "did you mean" hints.
fn vocabulary() -> &'static Vec<String> {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let mut out = Vec::new();
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    if let Some(Value::Object(props)) = m.get("properties") {
                        out.extend(props.keys().cloned());
                    }
                    m.values().for_each(|x| walk(x, out));
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        walk(&crate::schema::json_schema(), &mut out);
        out.sort();
        out.dedup();
        out
    })
}

/// Validates a list given as text; `name` is used in positions.
pub fn load_str(name: &str, text: Arc<str>) -> Result<Loaded, LoadError> {
    let err = |diagnostics: Vec<Diagnostic>| LoadError { path: name.to_string(), diagnostics };
    if text.trim().is_empty() {
        return Err(err(vec![
            Diagnostic::error("empty-file", "the file is empty")
                .at(name, &text, 0..0)
                .with_hint("a list file starts with `format_version = 1` and a `[list]` table; see lists/README.md"),
        ]));
    }
    // Large files in chunks on every core; smaller ones in one piece on this thread.
    let chunk = if text.len() >= chunked::MIN_BYTES { chunked::CHUNK_BYTES } else { usize::MAX };
    if let Some(l) = fast_load_chunked(name, &text, chunk) {
        return Ok(l);
    }
    let (root, syntax) = DeTable::parse_recoverable(&text);
    if !syntax.is_empty() {
        let ds = syntax
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                Diagnostic::error("toml-syntax", e.message().trim().to_string()).at(name, &text, span)
            })
            .collect();
        return Err(err(ds));
    }
    match fast_load(name, &text, root) {
        Some(l) => Ok(l),
        None => load_checked(name, text),
    }
}

/// The fast path for a valid file: the whole file is typed straight from the
/// TOML tree, without the JSON Schema validator (building it costs more than
/// loading a 446-entry list). Serde enforces what the schema says: types,
/// required and unknown keys (every table type denies unknown fields), enum
/// values, dates and scopes; the schema's two patterns are checked by hand in
/// [`finish_fast`] (the list id; the jurisdiction, by the semantic check).
/// `None` when anything is wrong: [`load_checked`] then reports every problem
/// the full way, so both paths give the same result (tests, a property test
/// and a fuzz target compare them).
fn fast_load(name: &str, text: &Arc<str>, root: toml::Spanned<DeTable<'_>>) -> Option<Loaded> {
    use serde::Deserialize;
    // Control characters are found (and neutralised) by the full check only.
    if may_hold_controls(text) {
        return None;
    }
    let head = tree::to_json_except(root.get_ref(), "entries");
    let mut ds = Vec::new();
    value_diagnostics(name, text, &root, &head, "", &mut ds);
    if !ds.is_empty() {
        return None;
    }
    drop(head);
    let entry_spans = tree::element_spans(root.get_ref(), "entries", "id");
    let operation_spans = tree::element_spans(root.get_ref(), "operations", "op");
    let file = ListFile::deserialize(toml::de::Deserializer::from(root)).ok()?;
    finish_fast(name, text, file, entry_spans, operation_spans)
}

/// The fast path for a large file in the layout `fmt` writes: the entries are
/// parsed and typed in chunks on every core (see `chunked`); `None` when the
/// file is not in that layout or anything is wrong.
#[doc(hidden)]
pub fn fast_load_chunked(name: &str, text: &Arc<str>, chunk_bytes: usize) -> Option<Loaded> {
    if may_hold_controls(text) {
        return None;
    }
    let split = chunked::split(text, chunk_bytes)?;
    let parts = chunked::load(text, &split, |head_root| {
        let head = tree::to_json(head_root.get_ref());
        let mut ds = Vec::new();
        value_diagnostics(name, text, head_root, &head, "", &mut ds);
        ds.is_empty()
    })?;
    finish_fast(name, text, parts.file, parts.entry_spans, parts.operation_spans)
}

/// The semantic checks of the fast paths: `None` on any error (the full check reports it).
fn finish_fast(
    name: &str,
    text: &Arc<str>,
    file: ListFile,
    entry_spans: Vec<Range<usize>>,
    operation_spans: Vec<Range<usize>>,
) -> Option<Loaded> {
    // The schema's pattern for the list id (the other ids are checked by `validate`).
    if !validate::is_valid_id(&file.list.id, false) {
        return None;
    }
    let mut found: Vec<(Diagnostic, Option<String>)> = Vec::new();
    validate::check(&file, &mut |d: Diagnostic, pointer: Option<&str>| found.push((d, pointer.map(str::to_string))));
    if found.iter().any(|(d, _)| d.is_error()) {
        return None;
    }
    let mut ds = Vec::with_capacity(found.len());
    if !found.is_empty() {
        // Warnings: position them in the tree (parsed again; only files with warnings pay this).
        let root = DeTable::parse(text).ok()?;
        for (d, pointer) in found {
            ds.push(match pointer {
                Some(p) => d.at(name, text, locate(&root, &p).value),
                None => d.at(name, text, 0..0),
            });
        }
        ds.sort_by_key(|d| d.location.as_ref().map(|l| l.span.start));
    }
    Some(Loaded {
        path: name.to_string(),
        entry_spans,
        operation_spans,
        text: text.clone(),
        file,
        diagnostics: ds,
        lines: LineIndex::cached(text),
    })
}

/// Validates a list the full way: JSON Schema over the whole file, then typed
/// deserialization and semantic checks; reports every problem found.
#[doc(hidden)]
pub fn load_checked(name: &str, text: Arc<str>) -> Result<Loaded, LoadError> {
    let err = |diagnostics: Vec<Diagnostic>| LoadError { path: name.to_string(), diagnostics };
    if text.trim().is_empty() {
        return load_str(name, text);
    }
    let (root, syntax) = DeTable::parse_recoverable(&text);
    if !syntax.is_empty() {
        return load_str(name, text);
    }
    let mut json = tree::to_json(root.get_ref());
    let mut neutralised = Vec::new();
    neutralise(&mut json, String::new(), &mut neutralised);
    let mut ds = schema_diagnostics(name, &text, &root, &json);
    for (pointer, c) in neutralised {
        ds.push(
            Diagnostic::warning(
                "control-character",
                format!(
                    "the text holds the invisible control character {}; it is shown as \u{fffd} in every output",
                    char_name(c)
                ),
            )
            .at(name, &text, locate(&root, &pointer).value)
            .with_hint("remove it: controls and bidirectional overrides can hide or reorder what a reader sees"),
        );
    }
    value_diagnostics(name, &text, &root, &json, "", &mut ds);
    ds.sort_by_key(|d| d.location.as_ref().map(|l| l.span.start));
    if ds.iter().any(Diagnostic::is_error) {
        return Err(err(ds));
    }
    let file: ListFile = match serde_path_to_error::deserialize(&json) {
        Ok(f) => f,
        Err(e) => {
            let pointer = format!("/{}", e.path().to_string().replace(['.', '['], "/").replace(']', ""));
            let found = locate(&root, &pointer);
            ds.push(Diagnostic::error("invalid-value", e.inner().to_string()).at(name, &text, found.value));
            return Err(err(ds));
        }
    };
    let locator = |pointer: &str| locate(&root, pointer).value;
    validate::check(&file, &mut |d: Diagnostic, pointer: Option<&str>| {
        ds.push(match pointer {
            Some(p) => d.at(name, &text, locator(p)),
            None => d.at(name, &text, 0..0),
        })
    });
    ds.sort_by_key(|d| d.location.as_ref().map(|l| l.span.start));
    if ds.iter().any(Diagnostic::is_error) {
        return Err(err(ds));
    }
    Ok(Loaded {
        lines: LineIndex::cached(&text),
        path: name.to_string(),
        entry_spans: tree::element_spans(root.get_ref(), "entries", "id"),
        operation_spans: tree::element_spans(root.get_ref(), "operations", "op"),
        text: text.clone(),
        file,
        diagnostics: ds,
    })
}

/// Characters that are never shown as they are: C0 controls but tab and line
/// breaks, DEL, C1 controls, bidirectional embeddings, overrides and isolates.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Replaces every [`is_hidden_control`] character by U+FFFD, so that no output
/// format (terminal, HTML, CSV, annotations) passes it on.
pub fn neutralise_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_hidden_control) {
        s.chars().map(|c| if is_hidden_control(c) { '\u{fffd}' } else { c }).collect::<String>().into()
    } else {
        s.into()
    }
}

/// A fast byte scan: can the text hold a hidden control once its escapes are read?
/// (Raw C0 controls are TOML syntax errors already.)
fn may_hold_controls(text: &str) -> bool {
    let b = text.as_bytes();
    // Jump between the bytes that can start one (SIMD search; most bytes of a list are none of them).
    memchr::memchr3_iter(b'\\', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'\\' => matches!(b.get(i + 1), Some(b'u' | b'U' | b'x' | b'e')),
        0xC2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        _ => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(n)) => (0xAA..=0xAE).contains(n),
            (Some(0x81), Some(n)) => (0xA6..=0xA9).contains(n),
            _ => false,
        },
    }) || memchr::memchr(0x7F, b).is_some()
}

/// Neutralises every string of a JSON tree, recording the pointer and the first hidden character.
fn neutralise(v: &mut Value, pointer: String, found: &mut Vec<(String, char)>) {
    match v {
        Value::String(s) => {
            if let Some(c) = s.chars().find(|&c| is_hidden_control(c)) {
                *s = neutralise_text(s).into_owned();
                found.push((pointer, c));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                neutralise(x, format!("{pointer}/{i}"), found);
            }
        }
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                neutralise(x, format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")), found);
            }
        }
        _ => {}
    }
}

fn char_name(c: char) -> String {
    let what = match c {
        '\0' => "NUL",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "control",
    };
    format!("U+{:04X} ({what})", c as u32)
}

fn last_segment(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or("")
}

fn describe(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the file".to_string();
    }
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        if seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{}]", seg.parse::<usize>().map(|n| n + 1).unwrap_or(0)));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

fn schema_diagnostics(name: &str, text: &Arc<str>, root: &toml::Spanned<DeTable<'_>>, json: &Value) -> Vec<Diagnostic> {
    use jsonschema::error::ValidationErrorKind as K;
    let mut out = Vec::new();
    for e in validator().iter_errors(json) {
        let pointer = e.instance_path().as_str().to_string();
        let field = last_segment(&pointer).to_string();
        let found = locate(root, &pointer);
        let where_ = describe(&pointer);
        let d = match e.kind() {
            K::AdditionalProperties { unexpected } => {
                for key in unexpected {
                    let kp = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    let f = locate(root, &kp);
                    let mut d = Diagnostic::error("unknown-key", format!("unknown key `{key}` in `{where_}`")).at(
                        name,
                        text,
                        f.key.unwrap_or(f.value),
                    );
                    d = match did_you_mean(key, vocabulary().iter().map(String::as_str)) {
                        // A key of another table: suggesting the key itself would say nothing.
                        Some(s) if s == key => d.with_hint(format!(
                            "`{key}` is a key of another table, not of `{where_}`; check which table it belongs in (see lists/README.md)"
                        )),
                        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                        None => d.with_hint("see lists/README.md for the keys of each table"),
                    };
                    out.push(d);
                }
                continue;
            }
            K::Required { property } => {
                let p = property.as_str().unwrap_or("?");
                Diagnostic::error("missing-key", format!("missing required key `{p}` in `{where_}`")).at(
                    name,
                    text,
                    found.key.clone().unwrap_or(found.value.clone()),
                )
            }
            K::Type { kind } => {
                let expected = format!("{kind:?}").to_lowercase().replace("single(", "").replace(')', "");
                // A float that is not a number (nan, inf) is kept as its text by `tree::to_json`.
                let got = match e.instance().as_ref() {
                    Value::String(s)
                        if tree::is_non_finite(s) && !text[found.value.clone()].starts_with(['"', '\'']) =>
                    {
                        format!("`{s}`, which is not a finite number")
                    }
                    other => json_type(other).to_string(),
                };
                Diagnostic::error("wrong-type", format!("`{where_}` must be {} but is {got}", article(&expected))).at(
                    name,
                    text,
                    found.value,
                )
            }
            K::Enum { options } => {
                let opts: Vec<&str> =
                    options.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                let got = e.instance().as_str().map(str::to_string).unwrap_or_else(|| e.instance().to_string());
                let mut d = Diagnostic::error(
                    "invalid-value",
                    format!("`{got}` is not a valid `{field}`; expected one of: {}", opts.join(", ")),
                )
                .at(name, text, found.value);
                if let Some(s) = did_you_mean(&got, opts.iter().copied()) {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                }
                d
            }
            K::Pattern { .. } => {
                // Dates and scopes get their precise message from value_diagnostics.
                if is_date_key(&field) || field == "scope" || field == "default_scope" {
                    continue;
                }
                let got = e.instance().as_str().unwrap_or("").to_string();
                let msg = match field.as_str() {
                    "jurisdiction" => format!(
                        "`{got}` is not a jurisdiction code: write two capital letters (ISO 3166-1 alpha-2, e.g. KG)"
                    ),
                    "id" => format!("`{got}` is not a valid list id: use lowercase letters, digits, `.`, `_` and `-`"),
                    _ => format!("`{got}` is not a valid `{field}`"),
                };
                Diagnostic::error("invalid-value", msg).at(name, text, found.value)
            }
            K::Minimum { limit } => Diagnostic::error(
                "invalid-value",
                format!("`{where_}` is {}, less than the minimum {limit}", e.instance()),
            )
            .at(name, text, found.value),
            _ => Diagnostic::error("invalid-value", format!("`{where_}`: {e}")).at(name, text, found.value),
        };
        out.push(d);
    }
    out
}

fn article(t: &str) -> String {
    match t {
        "integer" | "array" | "object" => format!("an {}", if t == "object" { "table" } else { t }),
        _ => format!("a {t}"),
    }
}

const DATE_KEYS: [&str; 5] = ["date", "accessed", "reviewed", "next_review", "until"];

fn is_date_key(k: &str) -> bool {
    DATE_KEYS.contains(&k)
}

/// Checks values whose syntax the schema cannot fully express (dates, scopes).
fn value_diagnostics(
    name: &str,
    text: &Arc<str>,
    root: &toml::Spanned<DeTable<'_>>,
    v: &Value,
    pointer: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut p = pointer.to_string();
    value_diagnostics_at(name, text, root, v, &mut p, out);
}

/// [`value_diagnostics`] with the JSON pointer of `v` in `pointer` (extended
/// and restored on the way down, not copied per key).
fn value_diagnostics_at(
    name: &str,
    text: &Arc<str>,
    root: &toml::Spanned<DeTable<'_>>,
    v: &Value,
    pointer: &mut String,
    out: &mut Vec<Diagnostic>,
) {
    use std::fmt::Write as _;
    let len = pointer.len();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                pointer.push('/');
                if k.contains(['~', '/']) {
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                } else {
                    pointer.push_str(k);
                }
                if let Value::String(s) = x
                    && (is_date_key(k) || k == "scope" || k == "default_scope")
                {
                    if is_date_key(k) {
                        if let Err(e) = s.parse::<Date>() {
                            out.push(Diagnostic::error("invalid-date", e.to_string()).at(
                                name,
                                text,
                                locate(root, pointer).value,
                            ));
                        }
                    } else if let Err(e) = s.parse::<Scope>() {
                        let mut d = Diagnostic::error("invalid-scope", e.to_string()).at(
                            name,
                            text,
                            locate(root, pointer).value,
                        );
                        let forms = crate::model::SCOPE_FORMS.split(", ");
                        if let Some(sug) = did_you_mean(s, forms) {
                            d = d.with_hint(format!("did you mean `{sug}`?"));
                        }
                        out.push(d);
                    }
                } else {
                    value_diagnostics_at(name, text, root, x, pointer, out);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let _ = write!(pointer, "/{i}");
                value_diagnostics_at(name, text, root, x, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
