//! RTF documents (old legal databases export them), read with a compact
//! tokenizer: control words, groups, `\par` (and `\line`, `\sect`, `\page`)
//! ending lines, `\'hh` escapes and raw 8-bit text in the declared code page
//! (`\ansicpg1251`, or the font's `\fcharset204` / `\cpg`), `\uN` Unicode
//! escapes with the `\ucN` count of fallback characters skipped, hidden text
//! (`\v`) left out, and destinations that are not document text skipped
//! (`{\*\…}`, font, colour and style tables, `\info`, pictures, headers,
//! footers, footnotes, field instructions; a field's result is read). Table
//! rows (`\cell`, `\row`) of two or more rows and columns are drawn as
//! pseudo-graphic tables for the table layout, as the DOCX and HTML readers
//! do. Paragraphs become lines with a blank line between them; Word's list
//! numbers are read from `\listtext` (the text Word writes for readers that
//! do not number lists).
//!
//! Bounded: groups nest at most [`MAX_RTF_DEPTH`] deep, a `\binN` must fit
//! in the bytes left, and a file cut off inside a group is an error.
//! (The `rtf-parser` crate was checked: it reads no `\ansicpg`/`\fcharset`
//! code pages and no `\cell`/`\row` tables.)

use super::format::{Extracted, Format, place_table};
use super::text::clean;
use super::{ImportError, ImportOption, OptionText};
use encoding_rs::Encoding;
use std::collections::{BTreeMap, HashMap};

/// The deepest group nesting a document may have (Word writes a dozen or so).
pub const MAX_RTF_DEPTH: usize = 1000;

fn err(message: impl Into<OptionText>) -> ImportError {
    ImportError::Format { format: Format::Rtf, message: message.into() }
}

/// Destinations whose text is not part of the document's text.
const SKIPPED: [&str; 37] = [
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "nonshppict",
    "object",
    "objdata",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "footnote",
    "annotation",
    "fldinst",
    "filetbl",
    "revtbl",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "latentstyles",
    "themedata",
    "colorschememapping",
    "datastore",
    "xmlnstbl",
    "pgdsctbl",
    "pn",
    "bkmkstart",
    "bkmkend",
    "xe",
    "tc",
    "template",
    "userprops",
];

/// The encoding of a Windows code page number (`\ansicpgN`, `\cpgN`).
fn codepage(n: i32) -> Option<&'static Encoding> {
    let label = match n {
        65001 => "utf-8".to_string(),
        866 => "ibm866".into(),
        874 | 1250..=1258 => format!("windows-{n}"),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        10000 => "macintosh".into(),
        10007 => "x-mac-cyrillic".into(),
        20866 => "koi8-r".into(),
        21866 => "koi8-u".into(),
        28591..=28606 => format!("iso-8859-{}", n - 28590),
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

/// The code page of a font's `\fcharsetN`; `None`: the document's code page (ANSI, default, symbol, OEM).
fn charset_codepage(n: i32) -> Option<i32> {
    Some(match n {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
struct Group {
    /// Inside a destination that is not document text.
    skip: bool,
    /// Inside the font table (its `\f` and `\fcharset` are read).
    fonttbl: bool,
    /// Hidden text (`\v`).
    hidden: bool,
    /// Fallback characters after a `\uN`.
    uc: u32,
    font: Option<i32>,
}

struct Reader {
    doc_cp: &'static Encoding,
    /// The code page given with `--encoding` overrides every declaration.
    forced: Option<&'static Encoding>,
    fonts: HashMap<i32, &'static Encoding>,
    font_def: Option<i32>,
    default_font: Option<i32>,
    bytes: Vec<u8>,
    bytes_enc: &'static Encoding,
    units: Vec<u16>,
    to_skip: u32,
    para: String,
    cell: String,
    row: Vec<Vec<String>>,
    table: Vec<Vec<Vec<String>>>,
    intbl: bool,
    lines: Vec<String>,
    notes: Vec<String>,
    skipped: BTreeMap<String, usize>,
    hidden_runs: usize,
    tables_drawn: usize,
    tables_text: usize,
    nested: usize,
}

impl Reader {
    fn enc(&self, g: &Group) -> &'static Encoding {
        if let Some(e) = self.forced {
            return e;
        }
        g.font.or(self.default_font).and_then(|f| self.fonts.get(&f).copied()).unwrap_or(self.doc_cp)
    }

    fn target(&mut self) -> &mut String {
        if self.intbl { &mut self.cell } else { &mut self.para }
    }

    fn flush(&mut self) {
        if !self.bytes.is_empty() {
            let (t, _) = self.bytes_enc.decode_without_bom_handling(&self.bytes);
            let t = t.into_owned();
            self.bytes.clear();
            self.push_text(&t);
        }
        if !self.units.is_empty() {
            let t = String::from_utf16_lossy(&self.units);
            self.units.clear();
            self.push_text(&t);
        }
    }

    fn push_text(&mut self, t: &str) {
        if !self.intbl && !self.table.is_empty() && !t.trim().is_empty() {
            self.end_table();
        }
        self.target().push_str(t);
    }

    fn byte(&mut self, b: u8, g: &Group) {
        let enc = self.enc(g);
        if !self.units.is_empty() || (!self.bytes.is_empty() && self.bytes_enc != enc) {
            self.flush();
        }
        self.bytes_enc = enc;
        self.bytes.push(b);
    }

    fn end_par(&mut self) {
        self.flush();
        if self.intbl {
            self.cell.push('\n');
            return;
        }
        if !self.table.is_empty() {
            self.end_table();
        }
        let body: Vec<String> = self.para.split('\n').map(clean).filter(|l| !l.is_empty()).collect();
        self.para.clear();
        if !body.is_empty() {
            self.lines.extend(body);
            self.lines.push(String::new());
        }
    }

    fn end_cell(&mut self) {
        self.flush();
        let paras: Vec<String> = self.cell.split('\n').map(clean).filter(|l| !l.is_empty()).collect();
        self.cell.clear();
        self.row.push(paras);
    }

    fn end_row(&mut self) {
        self.flush();
        if !self.cell.trim().is_empty() {
            self.end_cell();
        }
        self.cell.clear();
        let row = std::mem::take(&mut self.row);
        if !row.is_empty() {
            self.table.push(row);
        }
    }

    fn end_table(&mut self) {
        let rows = std::mem::take(&mut self.table);
        if place_table(rows, &mut self.lines, &mut self.notes) {
            self.tables_drawn += 1;
        } else {
            self.tables_text += 1;
        }
        self.lines.push(String::new());
    }
}

/// Reads a control word's parameter: an optional `-` and up to 10 digits.
fn parameter(b: &[u8], i: &mut usize) -> Result<Option<i32>, ImportError> {
    let start = *i;
    let neg = b.get(*i) == Some(&b'-');
    if neg {
        *i += 1;
    }
    let digits = *i;
    while *i < b.len() && b[*i].is_ascii_digit() {
        *i += 1;
    }
    if *i == digits {
        *i = start;
        return Ok(None);
    }
    if *i - digits > 10 {
        return Err(err(format!("a control word's number at byte {start} has {} digits (at most 10)", *i - digits)));
    }
    let v: i64 = std::str::from_utf8(&b[digits..*i]).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let v = if neg { -v } else { v };
    i32::try_from(v).map(Some).map_err(|_| err(format!("a control word's number at byte {start} is out of range: {v}")))
}

/// Reads an RTF document into text lines; `label` (`--encoding`) overrides its code page.
pub fn extract(input: &[u8], label: Option<&str>) -> Result<Extracted, ImportError> {
    let b = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let lead = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    if !b[lead..].starts_with(b"{\\rtf") {
        return Err(err("the file does not start with `{\\rtf`: not an RTF document"));
    }
    let forced = match label {
        Some(l) => Some(Encoding::for_label(l.trim().as_bytes()).ok_or_else(|| {
            ImportError::Encoding(
                format!("`{l}` is not an encoding this tool knows; use windows-1251 (cp1251), utf-8…").into(),
            )
        })?),
        None => None,
    };
    let mut r = Reader {
        doc_cp: encoding_rs::WINDOWS_1252,
        forced,
        fonts: HashMap::new(),
        font_def: None,
        default_font: None,
        bytes: Vec::new(),
        bytes_enc: encoding_rs::WINDOWS_1252,
        units: Vec::new(),
        to_skip: 0,
        para: String::new(),
        cell: String::new(),
        row: Vec::new(),
        table: Vec::new(),
        intbl: false,
        lines: Vec::new(),
        notes: Vec::new(),
        skipped: BTreeMap::new(),
        hidden_runs: 0,
        tables_drawn: 0,
        tables_text: 0,
        nested: 0,
    };
    let mut declared = "no \\ansicpg: windows-1252, the RTF default".to_string();
    let mut charsets: BTreeMap<i32, usize> = BTreeMap::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut g = Group { skip: false, fonttbl: false, hidden: false, uc: 1, font: None };
    // The next control word opens a destination (right after `{`), and whether `\*` marked it.
    let (mut at_group_start, mut starred) = (false, false);
    let mut i = lead;
    let mut end = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b'{' => {
                r.flush();
                r.to_skip = 0;
                if stack.len() >= MAX_RTF_DEPTH {
                    return Err(err(format!("groups nest more than {MAX_RTF_DEPTH} deep (at byte {i})")));
                }
                stack.push(g);
                at_group_start = true;
                starred = false;
                i += 1;
                continue;
            }
            b'}' => {
                r.flush();
                r.to_skip = 0;
                i += 1;
                match stack.pop() {
                    Some(outer) => {
                        if g.fonttbl && !outer.fonttbl {
                            r.font_def = None;
                        }
                        g = outer;
                    }
                    None => return Err(err("a `}` at the start closes no group")),
                }
                at_group_start = false;
                if stack.is_empty() {
                    end = Some(i);
                    break;
                }
                continue;
            }
            b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'\\' => {}
            _ => {
                i += 1;
                at_group_start = false;
                if r.to_skip > 0 {
                    r.to_skip -= 1;
                } else if !g.skip && !g.hidden {
                    r.byte(if c == b'\t' { b' ' } else { c }, &g);
                }
                continue;
            }
        }
        // A control word or symbol.
        i += 1;
        let Some(&n) = b.get(i) else { break };
        if !n.is_ascii_alphabetic() {
            i += 1;
            let skipping = r.to_skip > 0;
            if skipping && n != b'*' {
                r.to_skip -= 1;
                if n == b'\'' {
                    i = (i + 2).min(b.len());
                }
                continue;
            }
            if n == b'*' {
                starred = at_group_start;
                continue;
            }
            at_group_start = false;
            if g.skip || g.hidden {
                if n == b'\'' {
                    i = (i + 2).min(b.len());
                }
                continue;
            }
            match n {
                b'\'' => {
                    let hex = b.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok());
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(v) => {
                            r.byte(v, &g);
                            i += 2;
                        }
                        None => {
                            r.flush();
                            r.push_text("\u{FFFD}");
                        }
                    }
                }
                b'\\' | b'{' | b'}' => r.byte(n, &g),
                b'~' => {
                    r.flush();
                    r.push_text("\u{a0}");
                }
                b'_' => {
                    r.flush();
                    r.push_text("-");
                }
                b'\r' | b'\n' => r.end_par(),
                _ => {} // `\-` optional hyphen, `\:` index, `\|` formula: no text
            }
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() && i - start < 32 {
            i += 1;
        }
        let word = std::str::from_utf8(&b[start..i]).unwrap_or("");
        let param = parameter(b, &mut i)?;
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        if word == "bin" {
            let len = param.unwrap_or(0).max(0) as usize;
            if len > b.len() - i {
                return Err(err(format!(
                    "\\bin{len} at byte {start} asks for {len} bytes of binary data but only {} are left: the file is cut off or not RTF",
                    b.len() - i
                )));
            }
            i += len;
            continue;
        }
        if r.to_skip > 0 {
            r.to_skip -= 1;
            continue;
        }
        let opens = std::mem::take(&mut at_group_start);
        if opens && (starred || SKIPPED.contains(&word)) {
            r.flush();
            let name = if SKIPPED.contains(&word) || !starred { word.to_string() } else { format!("\\*\\{word}") };
            *r.skipped.entry(name).or_default() += 1;
            g.skip = true;
            g.fonttbl = word == "fonttbl";
            if !g.fonttbl {
                continue;
            }
        }
        if g.fonttbl {
            match (word, param) {
                ("f", Some(f)) => r.font_def = Some(f),
                ("fcharset", Some(cs)) => {
                    if let (Some(f), Some(cp)) = (r.font_def, charset_codepage(cs)) {
                        let enc = codepage(cp).ok_or_else(|| err(format!("code page {cp} is not supported")))?;
                        r.fonts.insert(f, enc);
                        *charsets.entry(cs).or_default() += 1;
                    }
                }
                ("cpg", Some(cp)) => {
                    if let (Some(f), Some(enc)) = (r.font_def, codepage(cp)) {
                        r.fonts.insert(f, enc);
                    }
                }
                _ => {}
            }
            continue;
        }
        match (word, param) {
            ("ansicpg", Some(cp)) => {
                r.doc_cp = codepage(cp).ok_or_else(|| {
                    err(OptionText::from(format!(
                        "the document declares code page {cp} (\\ansicpg{cp}), which this tool cannot read; name the encoding with "
                    ))
                    .option(ImportOption::Encoding))
                })?;
                declared = format!("\\ansicpg{cp}");
            }
            ("mac", _) => r.doc_cp = encoding_rs::MACINTOSH,
            ("deff", Some(f)) => r.default_font = Some(f),
            ("uc", Some(n)) => g.uc = n.clamp(0, 16) as u32,
            ("u", Some(n)) => {
                if !g.skip && !g.hidden {
                    if !r.bytes.is_empty() {
                        r.flush();
                    }
                    r.units.push(if n < 0 { (n + 65536) as u16 } else { n.min(65535) as u16 });
                }
                r.to_skip = g.uc;
            }
            ("v", p) => {
                r.flush();
                let on = p != Some(0);
                if on && !g.hidden && !g.skip {
                    r.hidden_runs += 1;
                }
                g.hidden = on;
            }
            ("plain", _) => g.hidden = false,
            _ if g.skip || g.hidden => {}
            ("f", Some(f)) => {
                r.flush();
                g.font = Some(f);
            }
            ("par" | "sect" | "page" | "column", _) => r.end_par(),
            ("line", _) => {
                r.flush();
                r.target().push('\n');
            }
            ("tab", _) => {
                r.flush();
                r.push_text(" ");
            }
            ("pard", _) => {
                r.flush();
                r.intbl = false;
            }
            ("intbl", p) => {
                r.flush();
                r.intbl = p != Some(0);
            }
            ("trowd", _) => {
                r.flush();
                if !r.para.trim().is_empty() {
                    r.end_par();
                }
                r.intbl = true;
            }
            ("cell", _) => r.end_cell(),
            ("row", _) => r.end_row(),
            ("nestcell" | "nestrow", _) => {
                r.flush();
                r.nested += usize::from(word == "nestrow");
                r.cell.push(' ');
            }
            (w, _) => {
                let s = match w {
                    "emdash" => "—",
                    "endash" => "–",
                    "lquote" => "‘",
                    "rquote" => "’",
                    "ldblquote" => "“",
                    "rdblquote" => "”",
                    "bullet" => "•",
                    "emspace" | "enspace" | "qmspace" => " ",
                    _ => continue,
                };
                r.flush();
                r.push_text(s);
            }
        }
    }
    let Some(end) = end else {
        return Err(err(format!(
            "the document ends inside {} open group(s): the file is cut off (every `{{` needs its `}}`)",
            stack.len()
        )));
    };
    r.flush();
    if !r.row.is_empty() || !r.cell.trim().is_empty() {
        r.end_row();
    }
    if !r.table.is_empty() {
        r.end_table();
    }
    r.intbl = false;
    r.end_par();
    while r.lines.last().is_some_and(|l| l.is_empty()) {
        r.lines.pop();
    }
    let mut notes = std::mem::take(&mut r.notes);
    let trailing = b[end..].iter().filter(|c| !c.is_ascii_whitespace() && **c != 0).count();
    if trailing > 0 {
        notes.push(format!("{trailing} byte(s) after the document's closing `}}` not read"));
    }
    if !r.skipped.is_empty() {
        let s: Vec<String> =
            r.skipped.iter().map(|(k, n)| if *n == 1 { k.clone() } else { format!("{k} ({n})") }).collect();
        notes.push(format!("not read (not document text): {}", s.join(", ")));
    }
    if r.hidden_runs > 0 {
        notes.push(format!("{} run(s) of hidden text (\\v) left out", r.hidden_runs));
    }
    if r.tables_drawn > 0 {
        notes.push(format!("{} table(s) drawn as pseudo-graphic tables", r.tables_drawn));
    }
    if r.tables_text > 0 {
        notes.push(format!("{} table(s) of one row or one column read as paragraphs", r.tables_text));
    }
    if r.nested > 0 {
        notes.push(format!("{} nested table row(s) read into their outer cell", r.nested));
    }
    notes.push(format!("{} line(s) of text read; line numbers below refer to them", r.lines.len()));
    let encoding = match forced {
        // Given: the report says so (`encoding_detected` is false).
        Some(e) => e.name().to_string(),
        None => {
            let mut s = format!("{} ({declared})", r.doc_cp.name());
            if !charsets.is_empty() {
                let cs: Vec<String> = charsets.keys().map(|c| format!("\\fcharset{c}")).collect();
                s.push_str(&format!("; fonts with {}", cs.join(", ")));
            }
            s
        }
    };
    Ok(Extracted { text: r.lines.join("\n"), encoding, notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        extract(rtf.as_bytes(), None).unwrap_or_else(|e| panic!("{e}")).text
    }

    fn error(rtf: &[u8]) -> String {
        match extract(rtf, None) {
            Err(e) => e.to_string(),
            Ok(x) => panic!("read: {:?}", x.text),
        }
    }

    #[test]
    fn code_pages_unicode_and_skip_counts() {
        // \'hh in the declared code page (windows-1251: CC E0 F8 = Маш).
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1251 \'cc\'e0\'f8\'e8\'ed\'e8\'f1\'f2\par}"), "Машинист");
        // The font's \fcharset204 when the document declares none.
        assert_eq!(
            text(
                r"{\rtf1\ansi{\fonttbl{\f0\froman\fcharset204 Times New Roman Cyr;}}\f0 \'d2\'ee\'ea\'e0\'f0\'fc\par}"
            ),
            "Токарь"
        );
        // \uN with the fallback skipped: one character by default, \uc2 two, \'hh counts as one.
        assert_eq!(text(r"{\rtf1 \u1058?\u1086?\u1082\'3f\u1072 ?\u1088?\u1100?\par}"), "Токарь");
        assert_eq!(text(r"{\rtf1\uc2 \u1058??\u1086\'3f\'3f\u1082 ab\par}"), "Ток");
        // Negative \uN (above U+7FFF) and a surrogate pair.
        assert_eq!(text(r"{\rtf1 \u-3937?\u-10179?\u-8704?\par}"), "\u{f09f}\u{1f600}");
        // A group ends the fallback: the text after it is kept.
        assert_eq!(text(r"{\rtf1\uc3 {\u1058}AB\par}"), "ТAB");
    }

    #[test]
    fn skipped_destinations_and_paragraphs() {
        let x = extract(
            concat!(
                r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}",
                r"{\stylesheet{\s0 Normal;}}{\info{\title Секрет}{\author X}}{\*\generator Msftedit;}",
                r"{\header Колонтитул\par}{\*\unknowndest hidden}{\pict\bin4 {{{{}",
                r"{\field{\*\fldinst HYPERLINK x}{\fldrslt 1. Link}}\par",
                r"{\listtext 2.\tab}Second\line wrapped\par {\v hidden}Visible\~text\emdash end\par}"
            )
            .as_bytes(),
            None,
        )
        .unwrap();
        assert_eq!(x.text, "1. Link\n\n2. Second\nwrapped\n\nVisible text—end");
        let notes = x.notes.join("\n");
        assert!(
            notes.contains(
                "\\*\\generator, \\*\\unknowndest, colortbl, fldinst, fonttbl, header, info, pict, stylesheet"
            ),
            "{notes}"
        );
        assert!(notes.contains("1 run(s) of hidden text"), "{notes}");
        assert!(x.encoding.starts_with("windows-1251 (\\ansicpg1251)"), "{}", x.encoding);
    }

    #[test]
    fn tables_are_drawn() {
        let rtf = concat!(
            r"{\rtf1 Before\par",
            r"\trowd\cellx1000\cellx5000\pard\intbl 1.\cell Vagranshchik\par second para\cell\row",
            r"\trowd\cellx1000\cellx5000\pard\intbl 2.\cell Tokar\cell\row",
            r"\pard After\par",
            r"\trowd\pard\intbl Only one\cell\row\pard End\par}"
        );
        let x = extract(rtf.as_bytes(), None).unwrap();
        assert_eq!(
            x.text,
            "Before\n\n│ 1. │ Vagranshchik second para │\n├───┼───┤\n│ 2. │ Tokar │\n\nAfter\n\nOnly one\n\nEnd"
        );
        assert!(x.notes.iter().any(|n| n == "1 table(s) drawn as pseudo-graphic tables"), "{:?}", x.notes);
    }

    #[test]
    fn hostile_documents_are_errors() {
        assert!(error(b"hello").contains("does not start with `{\\rtf`"));
        let deep = format!("{{\\rtf1 {}x{}", "{".repeat(100_000), "}".repeat(100_000));
        assert!(error(deep.as_bytes()).contains("nest more than 1000 deep"));
        assert!(error(br"{\rtf1 {\b 1. Tokar\par").contains("ends inside 2 open group(s)"));
        let e = error(br"{\rtf1 {\pict\bin2147483647 abc}}");
        assert!(e.contains("asks for 2147483647 bytes") && e.contains("only 5 are left"), "{e}");
        assert!(error(br"{\rtf1 \bin99999999999 x}").contains("digits"));
        assert!(error(br"{\rtf1 \bin-99999999999 x}").contains("digits"));
        assert!(error(br"{\rtf1\ansicpg4242 x}").contains("code page 4242"));
        // Bytes after the end are a note, not text.
        let x = extract(br"{\rtf1 A\par} trailing", None).unwrap();
        assert_eq!(x.text, "A");
        assert!(x.notes[0].contains("8 byte(s) after"), "{:?}", x.notes);
    }
}
