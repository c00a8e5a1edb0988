//! PDF with a text layer, read with `pdf-extract` page by page: running
//! headers and footers (a first or last line that repeats, digits aside, on
//! at least half of the pages) and page numbers (`12`, `- 12 -`, `Страница
//! 3 из 10`, `Page 3 of 10`) are removed, the pages are joined so that an
//! entry broken across a page break is read as one wrapped entry, and a
//! word hyphenated at a line end (`механизи-` / `рованных`) is rejoined
//! without its hyphen; each removal and rejoin is reported. Wrapped lines
//! are then joined by the layout parser as in a copied text. A PDF without
//! text (a scan) is an error that names OCR as the missing step.
//!
//! Before the PDF is parsed, every stream is inflated under one budget
//! ([`MAX_DECOMPRESSED_BYTES`]), so that a compression bomb is an error. A
//! PDF the reader fails on (a damaged file) is an error too, not a crash.

use super::format::{Extracted, Format, MAX_DECOMPRESSED_BYTES};
use super::text::clean;
use super::{ImportError, OptionText};
use regex::Regex;
use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

fn err(message: impl Into<String>) -> ImportError {
    ImportError::Format { format: Format::Pdf, message: OptionText::from(message.into()) }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// Inflates every `stream … endstream` that is zlib data, within the budget.
fn check_streams(input: &[u8], limit: u64) -> Result<(), ImportError> {
    let mut budget = limit;
    let mut pos = 0;
    while let Some(s) = find(input, b"stream", pos) {
        let mut start = s + 6;
        if input.get(start) == Some(&b'\r') {
            start += 1;
        }
        if input.get(start) != Some(&b'\n') {
            pos = s + 6;
            continue;
        }
        start += 1;
        let end = find(input, b"endstream", start).unwrap_or(input.len());
        let mut dec = flate2::read::ZlibDecoder::new(&input[start..end]).take(budget + 1);
        let mut sink = [0u8; 64 * 1024];
        let mut got = 0u64;
        loop {
            match dec.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n as u64,
            }
        }
        if got > budget {
            return Err(err(format!(
                "the PDF's streams decompress to more than {limit} bytes: a compression bomb, or a document too large to import"
            )));
        }
        budget -= got;
        pos = end.max(s + 6);
    }
    Ok(())
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[-–—\s]*\d{1,4}[-–—\s]*|(?:стр\.?|страница|сторінка|page|səhifə)\s*\d{1,4}(?:\s*(?:из|з|of|/)\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$")
        .expect("valid regex")
});

fn shape(line: &str) -> String {
    line.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

thread_local! {
    static IN_PDF_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while this thread runs the third-party PDF reader (`pdf-extract` and
/// the crates it calls: `lopdf`, `adobe-cmap-parser`, …), whose panics
/// `extract` catches and turns into an import error. A program's panic hook
/// uses it to stay quiet about those panics (the error that follows says what
/// went wrong); every other panic is still a bug to report.
pub fn in_caught_reader() -> bool {
    IN_PDF_READER.with(std::cell::Cell::get)
}

/// Reads a PDF into text lines.
pub fn extract(input: &[u8]) -> Result<Extracted, ImportError> {
    check_streams(input, MAX_DECOMPRESSED_BYTES)?;
    IN_PDF_READER.with(|f| f.set(true));
    let caught = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(input));
    IN_PDF_READER.with(|f| f.set(false));
    let pages = match caught {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return Err(err(format!("the PDF cannot be read: {e}"))),
        Err(_) => {
            return Err(err(
                "the PDF reader failed on this file (damaged or unusual PDF): try saving it again (\"print to PDF\") or export its text another way",
            ));
        }
    };
    if pages.is_empty() {
        return Err(err("the PDF has no pages"));
    }
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(err(format!(
            "the PDF has no text layer ({} page(s) without text): it looks like a scan. Run OCR on it first (e.g. `ocrmypdf -l rus in.pdf out.pdf`, or a PDF editor's text recognition), check the recognised text against the scan, and import the result",
            pages.len()
        )));
    }
    let mut notes: Vec<String> = Vec::new();
    let mut pages: Vec<Vec<String>> = pages.iter().map(|p| p.split('\n').map(clean).collect()).collect();
    // Running headers and footers: first/last lines that repeat on at least half of the pages.
    let n = pages.len();
    if n >= 2 {
        for top in [true, false] {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for p in &pages {
                let line = if top { p.iter().find(|l| !l.is_empty()) } else { p.iter().rev().find(|l| !l.is_empty()) };
                if let Some(l) = line {
                    *counts.entry(shape(l)).or_default() += 1;
                }
            }
            for (shape_text, c) in counts {
                if c * 2 < n || c < 2 || PAGE_NUMBER.is_match(&shape_text.replace('#', "1")) {
                    continue;
                }
                for p in pages.iter_mut() {
                    let idx =
                        if top { p.iter().position(|l| !l.is_empty()) } else { p.iter().rposition(|l| !l.is_empty()) };
                    if let Some(i) = idx.filter(|&i| shape(&p[i]) == shape_text) {
                        p.remove(i);
                    }
                }
                notes.push(format!(
                    "running {} «{}» removed from {c} of {n} pages",
                    if top { "header" } else { "footer" },
                    super::text::excerpt(&shape_text, 60)
                ));
            }
        }
    }
    // Page numbers: a first or last line that is only a page number.
    let mut numbers = 0usize;
    for p in pages.iter_mut() {
        for top in [true, false] {
            let idx = if top { p.iter().position(|l| !l.is_empty()) } else { p.iter().rposition(|l| !l.is_empty()) };
            if let Some(i) = idx.filter(|&i| PAGE_NUMBER.is_match(&p[i])) {
                p.remove(i);
                numbers += 1;
            }
        }
    }
    if numbers > 0 {
        notes.push(format!("{numbers} page number line(s) removed"));
    }
    // Pages joined: no blank line at a page break, so a broken entry reads as wrapped.
    let mut lines: Vec<String> = Vec::new();
    for p in pages {
        let trimmed: Vec<String> = {
            let s = p.iter().position(|l| !l.is_empty()).unwrap_or(p.len());
            let e = p.iter().rposition(|l| !l.is_empty()).map_or(s, |e| e + 1);
            p[s..e].to_vec()
        };
        lines.extend(trimmed);
    }
    // Hyphenation at line ends.
    let (out, joined) = rejoin_hyphens(lines);
    if !joined.is_empty() {
        notes.push(format!(
            "{} word(s) hyphenated at a line end rejoined without the hyphen (check them): {}{}",
            joined.len(),
            joined.iter().take(8).map(|j| format!("«{j}»")).collect::<Vec<_>>().join(", "),
            if joined.len() > 8 { ", …" } else { "" }
        ));
    }
    notes.push(format!("{} page(s); {} line(s) of text read; line numbers below refer to them", n, out.len()));
    Ok(Extracted { text: out.join("\n"), encoding: "PDF text layer".into(), notes })
}

/// Rejoins words hyphenated at a line end before a lowercase letter
/// (`механизи-` / `рованных работ` → `механизированных работ`); returns the
/// lines and the joins made (`механизи-рованных → механизированных`).
fn rejoin_hyphens(lines: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut out: Vec<String> = Vec::new();
    let mut joined: Vec<String> = Vec::new();
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let mut rev = prev.chars().rev();
            let hyphen =
                matches!(rev.next(), Some('-' | '‐' | '\u{ad}')) && rev.next().is_some_and(char::is_alphabetic);
            if hyphen && l.chars().next().is_some_and(char::is_lowercase) {
                prev.pop();
                let head = prev.rsplit(' ').next().unwrap_or("").to_string();
                let (word, rest) = l.split_once(' ').unwrap_or((l.as_str(), ""));
                joined.push(format!("{head}-{word} → {head}{word}"));
                prev.push_str(word);
                if !rest.is_empty() {
                    prev.push(' ');
                    prev.push_str(rest);
                }
                continue;
            }
        }
        out.push(l);
    }
    (out, joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_line_ends() {
        let lines =
            ["1. Слесарь, кроме механизи-", "рованных работ", "2. Газо-", "Электросварщик", "3. Токарь -", "на станке"];
        let (out, joined) = rejoin_hyphens(lines.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            out,
            ["1. Слесарь, кроме механизированных работ", "2. Газо-", "Электросварщик", "3. Токарь -", "на станке"]
        );
        assert_eq!(joined, ["механизи-рованных → механизированных"]);
    }

    #[test]
    fn page_numbers() {
        for l in ["12", "- 12 -", "Страница 3 из 10", "Page 3 of 10", "3/10", "— 7 —"] {
            assert!(PAGE_NUMBER.is_match(l), "{l}");
        }
        for l in ["12. Вагранщик", "III", "Глава 1"] {
            assert!(!PAGE_NUMBER.is_match(l), "{l}");
        }
    }

    #[test]
    fn not_a_pdf_and_bombs_are_errors() {
        let e = extract(b"%PDF-1.4\nnot really a pdf").unwrap_err().to_string();
        assert!(e.contains("the PDF cannot be read"), "{e}");
        // 9 MiB of zeros compresses to a few KiB; checked here against an 8 MiB budget.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, &vec![0u8; 9 << 20]).unwrap();
        let data = z.finish().unwrap();
        let mut pdf = b"%PDF-1.4\n1 0 obj << /Length 1 /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend_from_slice(&data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        assert!(data.len() < 100_000);
        let e = check_streams(&pdf, 8 << 20).unwrap_err().to_string();
        assert!(e.contains("compression bomb"), "{e}");
        assert!(check_streams(&pdf, 10 << 20).is_ok());
    }
}
