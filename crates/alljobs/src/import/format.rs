//! The file format of an import's input: plain text, an HTML page, a Word
//! (DOCX) file or a PDF with a text layer, detected by content (magic bytes)
//! and file name, or given with `--format-in`. Each reader turns the
//! document into text lines that the layout parsers read as they read a
//! copied text: paragraphs one a line, Word's automatic numbers written in,
//! tables drawn as pseudo-graphic tables (`│ 1 │ Вагранщик │`). What a reader
//! leaves out (site chrome, page headers, Word headers) is listed in
//! [`super::Report::extraction`].

use super::{ImportError, ImportOptions};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The file format of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Detect it.
    Auto,
    /// Plain text (UTF-8, Windows-1251…).
    Text,
    /// An HTML page saved from a legal database.
    Html,
    /// A Word document (Office Open XML).
    Docx,
    /// A PDF with a text layer.
    Pdf,
    /// An RTF document (exported by old legal databases).
    Rtf,
}

impl Format {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Rtf => "rtf",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "auto" => Format::Auto,
            "text" => Format::Text,
            "html" => Format::Html,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "rtf" => Format::Rtf,
            _ => return Err(format!("`{s}` is not an input format; expected auto, text, html, docx, pdf or rtf")),
        })
    }
}

/// What a reader extracted.
#[derive(Debug)]
pub struct Extracted {
    /// Lines of text, `\n`-separated.
    pub text: String,
    /// The character encoding the document declared or was read in.
    pub encoding: String,
    /// What was left out or changed, one remark each.
    pub notes: Vec<String>,
}

/// The most bytes a compressed document (DOCX parts, PDF streams) may expand to.
pub const MAX_DECOMPRESSED_BYTES: u64 = 4 * crate::load::MAX_INPUT_BYTES;

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

fn looks_html(input: &[u8]) -> bool {
    let head = &input[..input.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html")
        || t.starts_with("<html")
        || (t.starts_with('<') && ["<body", "<head", "<p>", "<p ", "<div", "<table"].iter().any(|m| head.contains(m)))
}

fn looks_rtf(input: &[u8]) -> bool {
    let b = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let lead = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    b[lead..].starts_with(b"{\\rtf")
}

/// Detects the format from the bytes (first) and the file name's extension.
pub fn detect(input: &[u8], name: &str) -> (Format, String) {
    let ext = extension(name);
    let by_content = if input.starts_with(b"%PDF-") {
        Some((Format::Pdf, "starts with %PDF-"))
    } else if input.starts_with(b"PK\x03\x04") || input.starts_with(b"PK\x05\x06") {
        Some((Format::Docx, "a zip archive (Office Open XML)"))
    } else if input.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some((Format::Docx, "an OLE compound file (an old .doc, or an encrypted Office file)"))
    } else if looks_rtf(input) {
        Some((Format::Rtf, "starts with {\\rtf"))
    } else if looks_html(input) {
        Some((Format::Html, "starts with HTML markup"))
    } else {
        None
    };
    let by_ext = match ext.as_str() {
        "pdf" => Some(Format::Pdf),
        "docx" => Some(Format::Docx),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "rtf" => Some(Format::Rtf),
        "txt" | "csv" | "tsv" => Some(Format::Text),
        _ => None,
    };
    match (by_content, by_ext) {
        (Some((f, why)), Some(e)) if e != f && e != Format::Text => {
            (f, format!("{why}, although the name ends in .{ext}"))
        }
        (Some((f, why)), _) => (f, why.to_string()),
        (None, Some(e)) if e != Format::Text => {
            (Format::Text, format!("the name ends in .{ext} but the bytes are not {e}: read as text"))
        }
        (None, _) => (Format::Text, "no document markup or magic bytes".into()),
    }
}

/// Reads a document of format `f` into text lines.
pub fn extract(input: &[u8], f: Format, opts: &ImportOptions) -> Result<Extracted, ImportError> {
    match f {
        Format::Html => super::html::extract(input, opts.encoding.as_deref()),
        Format::Docx => super::docx::extract(input),
        Format::Pdf => super::pdf::extract(input),
        Format::Rtf => super::rtf::extract(input, opts.encoding.as_deref()),
        Format::Text | Format::Auto => {
            let d = super::detect::decode(input, opts.encoding.as_deref())?;
            Ok(Extracted { text: d.text, encoding: d.encoding.to_string(), notes: vec![] })
        }
    }
}

/// Places a table read from a document (rows of cells of paragraphs): two or
/// more rows of two or more cells are drawn with [`draw_table`] (returns
/// true), any other table is read as paragraphs, one a line.
pub fn place_table(rows: Vec<Vec<Vec<String>>>, out: &mut Vec<String>, notes: &mut Vec<String>) -> bool {
    if rows.iter().filter(|r| r.len() >= 2).count() < 2 {
        out.extend(rows.into_iter().flatten().flatten());
        return false;
    }
    let rows: Vec<Vec<String>> =
        rows.into_iter().filter(|r| !r.is_empty()).map(|r| r.into_iter().map(|c| c.join(" ")).collect()).collect();
    draw_table(&rows, out, notes);
    true
}

/// Draws table rows as a pseudo-graphic table the table layout reads: one
/// line per row, a rule between rows (so cells of unnumbered rows are not
/// joined), frame characters inside cells replaced by `/`.
pub fn draw_table(rows: &[Vec<String>], out: &mut Vec<String>, notes: &mut Vec<String>) {
    let mut replaced = 0usize;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let rule = format!("├{}┤", vec!["───"; width].join("┼"));
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            out.push(rule.clone());
        }
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                let c = super::text::clean(c);
                if c.contains(super::text::BARS) {
                    replaced += 1;
                    c.replace(super::text::BARS, "/")
                } else {
                    c
                }
            })
            .collect();
        out.push(format!("│ {} │", cells.join(" │ ")));
    }
    if replaced > 0 {
        notes.push(format!("{replaced} table cell(s) held `|`-like characters, written as `/`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_and_name() {
        assert_eq!(detect(b"%PDF-1.4\n...", "x.pdf").0, Format::Pdf);
        assert_eq!(detect(b"PK\x03\x04rest", "list.docx").0, Format::Docx);
        assert_eq!(detect(b"<!DOCTYPE html><html>", "a.txt").0, Format::Html);
        assert_eq!(detect("\u{feff}<html><body>".as_bytes(), "page").0, Format::Html);
        assert_eq!(detect("1. Токарь\n".as_bytes(), "list.txt").0, Format::Text);
        let (f, why) = detect("1. Токарь\n".as_bytes(), "list.pdf");
        assert_eq!(f, Format::Text);
        assert!(why.contains("not pdf"), "{why}");
        let (f, why) = detect(b"%PDF-1.7", "list.html");
        assert_eq!(f, Format::Pdf);
        assert!(why.contains(".html"), "{why}");
        assert_eq!("docx".parse::<Format>(), Ok(Format::Docx));
        assert_eq!(detect(b"{\\rtf1\\ansi x}", "list.doc").0, Format::Rtf);
        assert_eq!(detect("\u{feff}\n{\\rtf1 x}".as_bytes(), "page").0, Format::Rtf);
        let (f, why) = detect(b"1. Tokar", "list.rtf");
        assert_eq!(f, Format::Text);
        assert!(why.contains("not rtf"), "{why}");
        assert_eq!("rtf".parse::<Format>(), Ok(Format::Rtf));
        assert!("doc".parse::<Format>().is_err());
    }

    #[test]
    fn tables_are_drawn_for_the_table_layout() {
        let rows = vec![vec!["1".to_string(), "Вагранщик".into()], vec!["2".into(), "a | b".into()]];
        let (mut out, mut notes) = (vec![], vec![]);
        draw_table(&rows, &mut out, &mut notes);
        assert_eq!(out, ["│ 1 │ Вагранщик │", "├───┼───┤", "│ 2 │ a / b │"]);
        assert_eq!(notes.len(), 1);
    }
}
