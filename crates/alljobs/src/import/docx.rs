//! Word documents (DOCX, Office Open XML), read with `zip` and `quick-xml`:
//! the body's paragraphs one a line, Word's automatic numbering written in
//! (the numbers are not in the text: they come from `word/numbering.xml`,
//! through the paragraph or its style), tables of two or more rows and
//! columns drawn as pseudo-graphic tables for the table layout (other
//! tables read as paragraphs). Tracked deletions, field codes, headers,
//! footers, footnotes and comments are not read. Every part is decompressed
//! under one budget ([`MAX_DECOMPRESSED_BYTES`]): a zip bomb is an error,
//! not a full disk.

use super::format::{Extracted, Format, MAX_DECOMPRESSED_BYTES, place_table};
use super::text::{self, clean};
use super::{ImportError, OptionText};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

fn err(message: impl Into<String>) -> ImportError {
    ImportError::Format { format: Format::Docx, message: OptionText::from(message.into()) }
}

/// Reads the part `name`, within the remaining decompression `budget`.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, budget: &mut u64) -> Result<Option<String>, ImportError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(err(format!("{name}: {e}"))),
    };
    let bomb = || {
        err(format!(
            "{name} decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes (the limit for a whole document): a zip bomb, or a document too large to import"
        ))
    };
    if file.size() > *budget {
        return Err(bomb());
    }
    let mut bytes = Vec::new();
    file.take(*budget + 1).read_to_end(&mut bytes).map_err(|e| err(format!("{name}: {e}")))?;
    if bytes.len() as u64 > *budget {
        return Err(bomb());
    }
    *budget -= bytes.len() as u64;
    String::from_utf8(bytes).map(Some).map_err(|_| err(format!("{name} is not UTF-8 XML")))
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value.to_string())
}

#[derive(Clone, Debug, Default)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, start overrides per level)
    nums: HashMap<String, (String, HashMap<u8, i64>)>,
}

fn xml_error(part: &str, r: &Reader<&[u8]>, e: impl std::fmt::Display) -> ImportError {
    err(format!("{part}: malformed XML at byte {}: {e}", r.buffer_position()))
}

fn parse_numbering(xml: &str) -> Result<Numbering, ImportError> {
    let mut n = Numbering::default();
    let mut r = Reader::from_str(xml);
    let (mut abs, mut lvl, mut num, mut over): (Option<String>, Option<u8>, Option<String>, Option<u8>) =
        (None, None, None, None);
    loop {
        let ev = r.read_event().map_err(|e| xml_error("word/numbering.xml", &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let val = || attr(e, "val").unwrap_or_default();
                match e.local_name().as_ref() {
                    "abstractNum" => abs = attr(e, "abstractNumId"),
                    "lvl" if num.is_none() => lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "num" => num = attr(e, "numId"),
                    "abstractNumId" => {
                        if let Some(id) = &num {
                            n.nums.entry(id.clone()).or_default().0 = val();
                        }
                    }
                    "lvlOverride" => over = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (Some(id), Some(l)) = (&num, over) {
                            n.nums.entry(id.clone()).or_default().1.insert(l, val().parse().unwrap_or(1));
                        }
                    }
                    k @ ("start" | "numFmt" | "lvlText") => {
                        if let (Some(a), Some(l), None) = (&abs, lvl, &num) {
                            let level = n.abstracts.entry(a.clone()).or_default().entry(l).or_insert(Level {
                                start: 1,
                                fmt: "decimal".into(),
                                text: String::new(),
                            });
                            match k {
                                "start" => level.start = val().parse().unwrap_or(1),
                                "numFmt" => level.fmt = val(),
                                _ => level.text = val(),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "abstractNum" => abs = None,
                "lvl" => lvl = None,
                "num" => num = None,
                "lvlOverride" => over = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(n)
}

/// styleId → (numId, ilvl) given by the style, and the style it is based on.
type Styles = HashMap<String, (Option<(String, u8)>, Option<String>)>;

fn parse_styles(xml: &str) -> Result<Styles, ImportError> {
    let mut s: Styles = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut cur: Option<String> = None;
    loop {
        let ev = r.read_event().map_err(|e| xml_error("word/styles.xml", &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match (e.local_name().as_ref(), &cur) {
                ("style", _) => {
                    cur = attr(e, "styleId");
                    if let Some(id) = &cur {
                        s.entry(id.clone()).or_default();
                    }
                }
                ("basedOn", Some(id)) => s.entry(id.clone()).or_default().1 = attr(e, "val"),
                ("numId", Some(id)) => {
                    let entry = s.entry(id.clone()).or_default();
                    let ilvl = entry.0.as_ref().map_or(0, |x| x.1);
                    entry.0 = Some((attr(e, "val").unwrap_or_default(), ilvl));
                }
                ("ilvl", Some(id)) => {
                    let entry = s.entry(id.clone()).or_default();
                    let l = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    entry.0 = Some((entry.0.as_ref().map(|x| x.0.clone()).unwrap_or_default(), l));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => cur = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(s)
}

fn format_counter(n: i64, fmt: &str) -> Option<String> {
    let letters = |alphabet: &[char]| {
        let len = alphabet.len() as i64;
        (n >= 1).then(|| {
            let c = alphabet[((n - 1) % len) as usize];
            std::iter::repeat_n(c, ((n - 1) / len + 1) as usize).collect::<String>()
        })
    };
    const LATIN: [char; 26] = [
        'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v',
        'w', 'x', 'y', 'z',
    ];
    const RUSSIAN: [char; 28] = [
        'а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с', 'т', 'у', 'ф', 'х', 'ц',
        'ч', 'ш', 'щ', 'э', 'ю', 'я',
    ];
    match fmt {
        "bullet" | "none" => None,
        "lowerLetter" => letters(&LATIN),
        "upperLetter" => letters(&LATIN).map(|s| s.to_uppercase()),
        "russianLower" => letters(&RUSSIAN),
        "russianUpper" => letters(&RUSSIAN).map(|s| s.to_uppercase()),
        "lowerRoman" | "upperRoman" => u32::try_from(n).ok().filter(|v| (1..=89).contains(v)).map(|v| {
            let r = text::to_roman(v);
            if fmt == "lowerRoman" { r.to_lowercase() } else { r }
        }),
        "decimalZero" => Some(format!("{n:02}")),
        _ => Some(n.to_string()),
    }
}

struct Counters<'a> {
    numbering: &'a Numbering,
    /// abstractNumId → level → current value
    values: HashMap<String, HashMap<u8, i64>>,
    overridden: std::collections::HashSet<(String, u8)>,
    numbered: usize,
}

impl Counters<'_> {
    /// The number Word shows before a paragraph of list `num_id` at level `ilvl`.
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let (abs, overrides) = self.numbering.nums.get(num_id)?;
        let levels = self.numbering.abstracts.get(abs)?;
        let level = levels.get(&ilvl)?;
        let values = self.values.entry(abs.clone()).or_default();
        let restart = overrides.get(&ilvl).filter(|_| self.overridden.insert((num_id.to_string(), ilvl)));
        let v = match (restart, values.get(&ilvl)) {
            (Some(s), _) => *s,
            (None, Some(v)) => v + 1,
            (None, None) => level.start,
        };
        values.insert(ilvl, v);
        values.retain(|l, _| *l <= ilvl);
        if level.fmt == "bullet" || level.fmt == "none" || !level.text.contains('%') {
            return None;
        }
        let mut out = level.text.clone();
        for k in (1..=9u8).rev() {
            let pat = format!("%{k}");
            if out.contains(&pat) {
                let l = k - 1;
                let fmt = levels.get(&l).map_or("decimal", |x| x.fmt.as_str());
                let value = values.get(&l).copied().or_else(|| levels.get(&l).map(|x| x.start)).unwrap_or(1);
                out = out.replace(&pat, &format_counter(value, fmt).unwrap_or_default());
            }
        }
        self.numbered += 1;
        Some(out)
    }
}

#[derive(Default)]
struct Para {
    text: String,
    num: Option<(String, u8)>,
    style: Option<String>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Vec<String>>>,
}

/// Reads a DOCX file into text lines.
pub fn extract(input: &[u8]) -> Result<Extracted, ImportError> {
    if input.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(err(
            "this is an old binary Word file (.doc) or an encrypted Office file, not DOCX: open it in Word or LibreOffice, save it as .docx (without a password), and import that",
        ));
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(input)).map_err(|e| err(format!("not a readable zip archive: {e}")))?;
    let mut budget = MAX_DECOMPRESSED_BYTES;
    let Some(document) = part(&mut zip, "word/document.xml", &mut budget)? else {
        let odt = zip.by_name("content.xml").is_ok();
        return Err(err(if odt {
            "an OpenDocument file (.odt), not DOCX: save it as .docx and import that"
        } else {
            "a zip archive without word/document.xml: not a Word document"
        }));
    };
    let numbering = match part(&mut zip, "word/numbering.xml", &mut budget)? {
        Some(x) => parse_numbering(&x)?,
        None => Numbering::default(),
    };
    let styles = match part(&mut zip, "word/styles.xml", &mut budget)? {
        Some(x) => parse_styles(&x)?,
        None => Styles::new(),
    };
    let style_num = |id: &str| -> Option<(String, u8)> {
        let mut cur = Some(id.to_string());
        for _ in 0..20 {
            let (num, based) = styles.get(cur.as_deref()?)?;
            if num.is_some() {
                return num.clone();
            }
            cur = based.clone();
        }
        None
    };
    let mut counters =
        Counters { numbering: &numbering, values: HashMap::new(), overridden: Default::default(), numbered: 0 };
    let mut notes: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut para: Option<Para> = None;
    let (mut in_t, mut in_ppr, mut deleted, mut drawn, mut text_tables) = (false, false, 0usize, 0usize, 0usize);
    let mut r = Reader::from_str(&document);
    loop {
        let ev = r.read_event().map_err(|e| xml_error("word/document.xml", &r, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "p" if !empty => para = Some(Para::default()),
                    "pPr" if !empty => in_ppr = true,
                    "pStyle" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.style = attr(e, "val");
                        }
                    }
                    "numId" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            let ilvl = p.num.as_ref().map_or(0, |x| x.1);
                            p.num = Some((attr(e, "val").unwrap_or_default(), ilvl));
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            let l = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            p.num = Some((p.num.as_ref().map(|x| x.0.clone()).unwrap_or_default(), l));
                        }
                    }
                    "t" if !empty => in_t = true,
                    "tab" | "noBreakHyphen" | "br" | "cr" => {
                        if let Some(p) = para.as_mut().filter(|_| !in_ppr) {
                            p.text.push(match e.local_name().as_ref() {
                                "tab" => ' ',
                                "noBreakHyphen" => '-',
                                _ => '\n',
                            });
                        }
                    }
                    "del" if !empty => deleted += 1,
                    "tbl" if !empty => tables.push(Table::default()),
                    "tr" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" if !empty => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                            row.push(Vec::new());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t => {
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(p) = para.as_mut() {
                    let c = match g.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match &**g {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    p.text.extend(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "pPr" => in_ppr = false,
                "p" => {
                    let Some(p) = para.take() else { continue };
                    let num = p.num.clone().or_else(|| p.style.as_deref().and_then(style_num));
                    let prefix = num.filter(|(id, _)| id != "0").and_then(|(id, l)| counters.next(&id, l));
                    let mut body: Vec<String> = p.text.split('\n').map(clean).filter(|l| !l.is_empty()).collect();
                    if let Some(pre) = prefix {
                        match body.first_mut() {
                            Some(first) => *first = format!("{pre} {first}"),
                            None => body.push(pre),
                        }
                    }
                    match tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
                        Some(cell) => cell.extend(body),
                        None if !body.is_empty() => {
                            lines.extend(body);
                            lines.push(String::new());
                        }
                        None => {}
                    }
                }
                "tbl" => {
                    let Some(t) = tables.pop() else { continue };
                    match tables.last_mut().and_then(|o| o.rows.last_mut()).and_then(|r| r.last_mut()) {
                        // A table inside a cell: its text joins the cell.
                        Some(cell) => cell.extend(t.rows.into_iter().flatten().flatten()),
                        None => {
                            if place_table(t.rows, &mut lines, &mut notes) {
                                drawn += 1;
                            } else {
                                text_tables += 1;
                            }
                            lines.push(String::new());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if counters.numbered > 0 {
        notes.push(format!(
            "{} paragraph(s) numbered by Word: the numbers are written in from word/numbering.xml",
            counters.numbered
        ));
    }
    if drawn > 0 {
        notes.push(format!("{drawn} table(s) drawn as pseudo-graphic tables"));
    }
    if text_tables > 0 {
        notes.push(format!("{text_tables} table(s) of one row or one column read as paragraphs"));
    }
    if deleted > 0 {
        notes.push(format!("{deleted} tracked deletion(s) left out"));
    }
    let others: Vec<String> = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).and_then(|n| n.ok()).map(|n| n.to_string()))
        .filter(|n| {
            let n = n.as_str();
            n.starts_with("word/header")
                || n.starts_with("word/footer")
                || n == "word/footnotes.xml"
                || n == "word/comments.xml"
        })
        .collect();
    if !others.is_empty() {
        notes.push(format!("not read: {}", others.join(", ")));
    }
    notes.push(format!("{} line(s) of text read; line numbers below refer to them", lines.len()));
    Ok(Extracted { text: lines.join("\n"), encoding: "UTF-8 (DOCX)".into(), notes })
}
