//! `alljobs import` on what official texts come as (issue #20): the real AZ 170
//! and KZ 186-п fixtures and the lists shipped from them, a SYNTHETIC
//! 446-entry list as plain text, HTML with site chrome, an HTML table, a Word
//! file with automatic numbering and a PDF, and hostile inputs.

use alljobs::import::format::Format;
use alljobs::import::{ImportError, ImportOptions, ImportResult, Layout, import};
use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Write;

const FIX: &str = "tests/fixtures/import/";

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIX}{name}")).unwrap()
}

fn opts(lang: &str, layout: Layout) -> ImportOptions {
    let mut o = ImportOptions::new("xa-formats", "XA");
    o.lang = lang.into();
    o.layout = layout;
    o
}

fn run(bytes: &[u8], o: &ImportOptions) -> ImportResult {
    let r = import(bytes, o).unwrap_or_else(|e| panic!("imports: {e}"));
    alljobs::import::to_toml(&r.file).expect("the imported list validates");
    r
}

/// (id, number, section, title, condition) of each entry.
fn rows(r: &ImportResult) -> Vec<(String, String, String, String, String)> {
    r.file
        .entries
        .iter()
        .map(|e| {
            let t = |x: &alljobs::model::Text| x.values().next().cloned().unwrap_or_default();
            (
                e.id.clone(),
                e.number.clone().unwrap_or_default(),
                e.section.clone().unwrap_or_default(),
                t(&e.title),
                t(&e.condition),
            )
        })
        .collect()
}

/// (id, number, title, parent) of each section.
fn sections(r: &ImportResult) -> Vec<(String, String, String, String)> {
    r.file
        .sections
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.number.clone().unwrap_or_default(),
                s.title.values().next().cloned().unwrap_or_default(),
                s.parent.clone().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn az_170_semicolon_paragraphs() {
    let r = run(&read("az-170-1999-partial.txt"), &opts("az", Layout::Semicolon));
    // Counted by reading the text: 25 + 21 + 5 + 11 + 7 + 22 pieces between `;` in the six list paragraphs,
    // less the one `:` enumeration kept as one item (section I).
    assert_eq!(r.file.entries.len(), 90);
    let per_section: Vec<(String, usize)> = r
        .file
        .sections
        .iter()
        .map(|s| (s.id.clone(), r.file.entries.iter().filter(|e| e.section.as_deref() == Some(&s.id)).count()))
        .collect();
    assert_eq!(
        per_section,
        [
            ("s1", 0),
            ("h1", 24),
            ("s4", 0),
            ("h2", 21),
            ("s28", 0),
            ("h3", 5),
            ("h4", 11),
            ("h5", 0),
            ("s31", 7),
            ("s32", 0),
            ("s38", 22)
        ]
        .map(|(a, b)| (a.to_string(), b))
    );
    let titles: Vec<String> = sections(&r).iter().map(|s| format!("{} {}", s.1, s.2)).collect();
    assert_eq!(
        titles,
        [
            "I METAL EMALI",
            " Əritmə işləri",
            "IV MƏDƏN İŞLƏRİ",
            " Açıq mədən işləri, işləyən və tikilən şaxtaların və mədənlərin üz səthi, zənginləşdirilmə, aqlomerasiya, briketləşdirilmə, mədən və əsaslı-mədən işləri üzrə ümumi peşələr",
            "XXVIII YEYİNTİ SƏNAYESİ",
            " Qida məhsulları istehsalının ümumi peşələri",
            " Ət məhsullarının istehsalı",
            " Yağ-piy istehsalı",
            "XXXI DƏNİZ NƏQLİYYATI",
            "XXXII ÇAY NƏQLİYYATI",
            "XXXVIII XALQ TƏSƏRRÜFATININ BÜTÜN SAHƏLƏRİ ÜÇÜN ÜMUMİ OLAN FƏHLƏ PEŞƏLƏRİ"
        ]
    );
    let got = rows(&r);
    // The head-final "engaged in" phrases are counted for checking, never split.
    let words =
        |t: &str| format!(" {} ", t.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>());
    let engaged = got
        .iter()
        .filter(|e| ["məşğul olan", "işləyən", "xidmət edən"].iter().any(|p| words(&e.3).contains(&format!(" {p} "))))
        .count();
    assert!(engaged > 20 && got.iter().all(|e| e.4.is_empty()), "{engaged}");
    let note = r.report.notices.iter().map(|n| n.message.to_string()).find(|m| m.contains("before the noun")).unwrap();
    assert!(note.starts_with(&format!("{engaged} entries name a condition before the noun")), "{note}");
    assert_eq!(got[0].3, "Vaqrançı");
    assert_eq!(
        got[13].3,
        "metalların qızdırılması ilə məşğul olan: induksion qurğularda; sobaların əl ilə doldurulması və sobaların işləməsinə nəzarət etməklə məşğul olan metal qızdırıcı"
    );
    assert_eq!(got[14].3, "sumbatçı: pnevmatik alətlərlə işləyən kəsici");
    assert_eq!(got[23].3, "istehsalat binalarının süpürcəçisi", "typos of the reprint kept");
    assert_eq!(
        got[49].3, "büzmələmə-tara istehsalının tullantılarını taylara yığmaqla məşğul olan fəhlələr",
        "final . dropped"
    );
    assert!(got.iter().all(|g| g.4.is_empty()), "no clause splitting in Azerbaijani");
    // Five items cut where the excerpts end; eight remarks (running titles, "continued" notes).
    assert_eq!(r.report.cut.iter().map(|c| c.line).collect::<Vec<_>>(), [44, 55, 74, 87, 96]);
    assert_eq!(r.report.remarks.len(), 8);
    assert!(r.report.unplaced.is_empty());
    // Auto-detection finds the layout too.
    let auto = run(&read("az-170-1999-partial.txt"), &opts("az", Layout::Auto));
    assert_eq!(auto.report.layout, Layout::Semicolon);
    assert_eq!(rows(&auto), got);
}

#[test]
fn kz_186p_chapters_and_paragraphs() {
    let r = run(&read("kz-186p-2007-partial.txt"), &opts("ru", Layout::Auto));
    assert_eq!(r.report.layout, Layout::Plain);
    assert_eq!(
        sections(&r),
        [
            ("s1", "1", "Металлообработка", ""),
            ("p1-1", "1(1)", "Литейные работы", "s1"),
            ("p2-1", "2(1)", "Сварочные работы", "s1"),
            ("p3-1", "3(1)", "Котельные, холодноштамповочные, волочильные и давильные работы", "s1"),
            ("p4-1", "4(1)", "Кузнечно-прессовые и термические работы", "s1"),
        ]
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    );
    let got = rows(&r);
    assert_eq!(
        got.iter().map(|g| g.1.as_str()).collect::<Vec<_>>(),
        (1..=12).map(|n| n.to_string()).collect::<Vec<_>>()
    );
    let in_section: Vec<&str> = got.iter().map(|g| g.2.as_str()).collect();
    assert_eq!(
        in_section,
        ["p1-1", "p1-1", "p1-1", "p1-1", "p1-1", "p1-1", "p1-1", "p1-1", "p2-1", "p3-1", "p3-1", "p3-1"]
    );
    assert_eq!((got[5].3.as_str(), got[5].4.as_str()), ("Обрубщик", "занятый на работах с пневмоинструментом"));
    assert_eq!(r.report.cut.len(), 1);
    assert_eq!(r.report.cut[0].text, "13. Бандажник, заняты");
    // The same real text in constructed HTML (site chrome) and DOCX (Word numbering) markup: the same list.
    for (name, format) in [("kz-186p-2007-partial.html", Format::Html), ("kz-186p-2007-partial.docx", Format::Docx)] {
        let mut o = opts("ru", Layout::Auto);
        o.input_name = name.into();
        let d = run(&read(name), &o);
        assert_eq!(d.report.format, format);
        assert_eq!((rows(&d), sections(&d)), (rows(&r), sections(&r)), "{name}");
        assert_eq!(d.report.cut.len(), 1, "{name}");
    }
}

/// Splits the recorded command line (double quotes, no escapes inside).
fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in cmd.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The shipped partial lists are what the import command recorded in them gives.
#[test]
fn shipped_partial_lists_are_reproduced_by_their_recorded_command() {
    for (list, entries) in [("lists/az/az-1999-dec-170.toml", 90), ("lists/kz/kz-2007-order-186p.toml", 12)] {
        let shipped = alljobs::load::load_file(std::path::Path::new(list)).unwrap().file;
        let note = shipped.list.transcription.as_ref().unwrap().note.clone().unwrap();
        let cmd = note.split("Import command (from the repository root): `").nth(1).unwrap().split('`').next().unwrap();
        let mut args = words(cmd);
        assert_eq!(args.remove(0), "alljobs");
        let o = args.iter().position(|a| a == "-o").unwrap();
        assert_eq!(args[o + 1], list, "the command writes the shipped file");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("again.toml");
        args[o + 1] = out.to_str().unwrap().to_string();
        Command::cargo_bin("alljobs").unwrap().args(&args).assert().success();
        let again = alljobs::load::load_file(&out).unwrap().file;
        assert_eq!(again.entries, shipped.entries, "{list}: entries differ from a fresh import");
        assert_eq!(again.sections, shipped.sections, "{list}: sections differ from a fresh import");
        assert_eq!(shipped.entries.len(), entries);
        assert!(shipped.entries.iter().all(|e| e.evidence == alljobs::model::Evidence::Reported));
    }
    Command::cargo_bin("alljobs")
        .unwrap()
        .args(["check", "--deny-warnings", "lists/az/az-1999-dec-170.toml", "lists/kz/kz-2007-order-186p.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("90 of 674 declared entries; evidence: reported"))
        .stdout(predicate::str::contains("12 entries (declared count unknown); evidence: reported"));
}

// ---- The SYNTHETIC 446-entry list in every format ----

fn synthetic_lines() -> Vec<String> {
    let text = String::from_utf8(read("synthetic-446.txt")).unwrap();
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn reference() -> ImportResult {
    let r = run(&read("synthetic-446.txt"), &opts("ru", Layout::Auto));
    assert_eq!(r.file.entries.len(), 446);
    assert_eq!(r.file.sections.len(), 60);
    r
}

fn same_list(a: &ImportResult, b: &ImportResult) {
    assert_eq!(rows(a), rows(b));
    assert_eq!(sections(a), sections(b));
}

#[test]
fn synthetic_html_with_chrome() {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Портал правовой информации</title><style>p{margin:0}</style><script>track();</script></head><body>\n<header><a href=\"/\">Главная</a> <a href=\"/search\">Поиск</a></header>\n<nav class=\"menu\"><ul><li>Кодексы</li><li>Законы</li></ul></nav>\n<div class=\"breadcrumbs\">Главная / Документы / Перечень</div>\n<div id=\"doc-text\">\n",
    );
    for l in synthetic_lines() {
        html.push_str(&format!("<p class=\"txt\">{}</p>\n", escape(&l)));
    }
    html.push_str("<p><a href=\"?print=1\">Версия для печати</a> | <a href=\"x.doc\">Скачать</a></p></div>\n<div class=\"share-buttons\">Поделиться</div><footer>© Портал, 2024. Все права защищены.</footer></body></html>\n");
    let r = run(html.as_bytes(), &opts("ru", Layout::Auto));
    assert_eq!(r.report.format, Format::Html);
    same_list(&reference(), &r);
    let x = r.report.extraction.join("\n");
    for left_out in
        ["<nav>", "<header>", "<footer>", "breadcrumbs", "share-buttons", "«Версия для печати»", "«Скачать»"]
    {
        assert!(x.contains(left_out), "{left_out} not reported: {x}");
    }
    assert!(
        r.file.list.note.as_deref().unwrap().contains("СИНТЕТИЧЕСКИЙ ПЕРЕЧЕНЬ"),
        "the heading line is the preamble"
    );
}

#[test]
fn synthetic_html_table() {
    let lines = synthetic_lines();
    let mut html = format!(
        "<html><body><h1>{}</h1><table border=1><tr><th>№ п/п</th><th>Наименование профессии</th></tr>",
        escape(&lines[0])
    );
    for l in &lines[1..] {
        match l.split_once(". ") {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => {
                html.push_str(&format!("<tr><td>{n}.</td><td>{}</td></tr>\n", escape(rest)))
            }
            _ => html.push_str(&format!("<tr><td colspan=\"2\"><b>{}</b></td></tr>\n", escape(l))),
        }
    }
    html.push_str("</table></body></html>");
    let r = run(html.as_bytes(), &opts("ru", Layout::Auto));
    assert_eq!((r.report.format, r.report.layout), (Format::Html, Layout::Table));
    same_list(&reference(), &r);
}

/// A Word file: sections and sub-headings as paragraphs, entries numbered by
/// Word (the numbers are not in the text, only in numbering.xml).
fn synthetic_docx() -> Vec<u8> {
    let mut body = String::new();
    for l in synthetic_lines() {
        let p = match l.split_once(". ") {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => format!(
                "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(rest)
            ),
            // A heading split over two runs, with a tab-free run boundary inside a word.
            _ => {
                let (a, b) = l.split_at(l.char_indices().nth(3).map_or(0, |(i, _)| i));
                format!(
                    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    escape(a),
                    escape(b)
                )
            }
        };
        body.push_str(&p);
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let numbering = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"7\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl></w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>";
    zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", &document),
        ("word/numbering.xml", numbering),
        ("word/footer1.xml", "<w:ftr/>"),
    ])
}

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        z.start_file(*name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

#[test]
fn synthetic_docx_with_word_numbering() {
    let mut o = opts("ru", Layout::Auto);
    o.input_name = "synthetic.docx".into();
    let r = run(&synthetic_docx(), &o);
    assert_eq!(r.report.format, Format::Docx);
    same_list(&reference(), &r);
    let x = r.report.extraction.join("\n");
    assert!(x.contains("446 paragraph(s) numbered by Word"), "{x}");
    assert!(x.contains("not read: word/footer1.xml"), "{x}");
}

/// The PDF (made by make-synthetic.py with reportlab): running header, page
/// numbers, wrapped entries and entries broken across pages. It reads to the
/// same list; the only difference is in the report (no `#` comment line).
#[test]
fn synthetic_pdf() {
    let r = run(&read("synthetic-446.pdf"), &opts("ru", Layout::Auto));
    assert_eq!((r.report.format, r.report.layout), (Format::Pdf, Layout::Plain));
    same_list(&reference(), &r);
    let x = r.report.extraction.join("\n");
    assert!(
        x.contains("running header «Синтетический перечень для проверки импорта» removed from 23 of 23 pages"),
        "{x}"
    );
    assert!(x.contains("23 page number line(s) removed"), "{x}");
}

/// Text as RTF: Cyrillic as `\'hh` escapes in windows-1251 (А–я, Ё, ё),
/// or, with `unicode`, as `\uN` escapes each followed by a `?` fallback that
/// the reader must skip; RTF's special characters escaped.
fn rtf_text(s: &str, unicode: bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let u = c as u32;
        match c {
            '\\' | '{' | '}' => out.extend(['\\', c]),
            _ if u < 0x80 => out.push(c),
            _ if !unicode && (0x410..=0x44F).contains(&u) => out.push_str(&format!("\\'{:02x}", u - 0x410 + 0xC0)),
            'Ё' if !unicode => out.push_str("\\'a8"),
            'ё' if !unicode => out.push_str("\\'b8"),
            _ => out.push_str(&format!("\\u{}?", if u > 0x7FFF { u as i64 - 65536 } else { u as i64 })),
        }
    }
    out
}

/// The frame of an RTF document as Word writes it: font, colour and style
/// tables, document info, a page header, a generator and a picture with
/// binary data, none of which is document text.
fn rtf_document(body: &str) -> String {
    format!(
        "{{\\rtf1\\ansi\\ansicpg1251\\deff0\\uc1{{\\fonttbl{{\\f0\\froman\\fcharset204 Times New Roman Cyr;}}{{\\f1\\fswiss\\fcharset0 Arial;}}}}\r\n{{\\colortbl;\\red0\\green0\\blue0;}}{{\\stylesheet{{\\s0\\f0 Normal;}}{{\\s1\\b {} 1;}}}}\r\n{{\\info{{\\title {}}}{{\\author Synthetic}}}}{{\\*\\generator Msftedit 5.41;}}{{\\header\\pard {}\\par}}\r\n{{\\pict\\pngblip\\bin6 {{}}{{\\\\}}}}\\f0\\fs24\r\n{body}}}\r\n",
        rtf_text("Заголовок", true),
        rtf_text("Служебное название", false),
        rtf_text("Колонтитул страницы", false)
    )
}

/// The SYNTHETIC list as an RTF of paragraphs: headings with `\uN`, entries with `\'hh`.
#[test]
fn synthetic_rtf() {
    let mut body = String::new();
    for l in synthetic_lines() {
        let numbered = l.split_once(". ").is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
        // Long paragraphs wrap in the file as Word wraps them: a line break in RTF source is not text.
        let t = rtf_text(&l, !numbered).replacen(' ', "\r\n ", 1);
        body.push_str(&format!("\\pard\\plain\\f0 {t}\\par\r\n"));
    }
    let rtf = rtf_document(&body);
    let r = run(rtf.as_bytes(), &opts("ru", Layout::Auto));
    assert_eq!(r.report.format, Format::Rtf);
    assert_eq!(r.report.encoding, "windows-1251 (\\ansicpg1251); fonts with \\fcharset204");
    same_list(&reference(), &r);
    let x = r.report.extraction.join("\n");
    assert!(
        x.contains("not read (not document text): \\*\\generator, colortbl, fonttbl, header, info, pict, stylesheet"),
        "{x}"
    );
    assert!(!format!("{:?}", r.file).contains("Колонтитул"), "the page header is not text");
}

/// The SYNTHETIC list as an RTF table (`\cell`, `\row`): read as the other table readers read tables.
#[test]
fn synthetic_rtf_table() {
    let lines = synthetic_lines();
    let row = |cells: &[String]| {
        let mut r = String::from("\\trowd\\trgaph108\\cellx1200\\cellx9000\r\n");
        for c in cells {
            r.push_str(&format!("\\pard\\intbl\\f0 {}\\cell ", rtf_text(c, false)));
        }
        r + "\\row\r\n"
    };
    let mut body = format!("\\pard {}\\par\r\n", rtf_text(&lines[0], true));
    body.push_str(&row(&["№ п/п".into(), "Наименование профессии".into()]));
    for l in &lines[1..] {
        match l.split_once(". ") {
            Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => {
                body.push_str(&row(&[format!("{n}."), rest.into()]))
            }
            // A heading row: one merged cell.
            _ => {
                body.push_str(&format!("\\trowd\\cellx9000\\pard\\intbl {{\\b {}}}\\cell\\row\r\n", rtf_text(l, true)))
            }
        }
    }
    let r = run(rtf_document(&body).as_bytes(), &opts("ru", Layout::Auto));
    assert_eq!((r.report.format, r.report.layout), (Format::Rtf, Layout::Table));
    same_list(&reference(), &r);
    assert!(
        r.report.extraction.iter().any(|n| n == "1 table(s) drawn as pseudo-graphic tables"),
        "{:?}",
        r.report.extraction
    );
}

#[test]
fn hostile_rtf() {
    let deep = format!("{{\\rtf1 {}1. Токарь{}", "{".repeat(50_000), "}".repeat(50_001));
    assert!(format_error(deep.as_bytes(), "deep.rtf").contains("nest more than 1000 deep"));
    let cut = rtf_document("\\pard 1. Tokar\\par");
    let e = format_error(&cut.as_bytes()[..cut.len() - 4], "cut.rtf");
    assert!(e.contains("ends inside 1 open group(s)"), "{e}");
    let e = format_error(b"{\\rtf1 {\\pict\\bin2000000000 \x89PNG}}", "bin.rtf");
    assert!(e.contains("\\bin2000000000") && e.contains("only 6 are left"), "{e}");
    // The library names the option, not the flag (`alljobs import` words it as --encoding).
    let e = format_error(b"{\\rtf1\\ansicpg1 x}", "cp.rtf");
    assert!(e.contains("code page 1") && e.contains("name the encoding with option `encoding`"), "{e}");
}

// ---- Hostile and wrong inputs ----

fn format_error(bytes: &[u8], name: &str) -> String {
    let mut o = opts("ru", Layout::Auto);
    o.input_name = name.into();
    match import(bytes, &o) {
        Err(e @ ImportError::Format { .. }) => e.to_string(),
        Err(e) => panic!("{name}: expected a format error, got: {e}"),
        Ok(_) => panic!("{name}: imported"),
    }
}

#[test]
fn scanned_and_malformed_pdfs() {
    let e = format_error(&read("synthetic-scan.pdf"), "scan.pdf");
    assert!(e.contains("no text layer") && e.contains("OCR"), "{e}");
    let e = format_error(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF", "bad.pdf");
    assert!(e.contains("cannot read the input as pdf"), "{e}");
    // Truncated in the middle: an error, not a crash.
    let pdf = read("synthetic-446.pdf");
    let e = format_error(&pdf[..pdf.len() / 2], "half.pdf");
    assert!(e.contains("as pdf"), "{e}");
}

#[test]
fn malformed_zip_old_doc_and_zip_bomb() {
    let e = format_error(b"PK\x03\x04this is not a zip archive at all", "x.docx");
    assert!(e.contains("not a readable zip archive"), "{e}");
    let e = format_error(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "old.doc");
    assert!(e.contains(".doc") && e.contains("save it as .docx"), "{e}");
    let e = format_error(&zip_of(&[("content.xml", "<x/>")]), "x.odt");
    assert!(e.contains("OpenDocument"), "{e}");
    // A document.xml that says it decompresses past the limit (4 GiB): refused before reading a byte.
    let mut bomb = zip_of(&[("word/document.xml", "<w:document/>")]);
    for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let p = bomb.windows(4).position(|w| w == sig).unwrap();
        bomb[p + at..p + at + 4].copy_from_slice(&0xF000_0000u32.to_le_bytes());
    }
    let e = format_error(&bomb, "bomb.docx");
    assert!(e.contains("zip bomb"), "{e}");
}

#[test]
fn deeply_nested_html() {
    let depth = 100_000;
    let html = format!("<html><body>{}<p>1. Токарь</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
    let e = format_error(html.as_bytes(), "deep.html");
    assert!(e.contains("nest more than 1000 deep"), "{e}");
}

#[test]
fn format_flag_and_text_out() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><body><nav>Меню</nav><p>1. Токарь</p><p>2. Пекарь, занятый выпечкой</p></body></html>",
    )
    .unwrap();
    let text = dir.path().join("page.txt");
    Command::cargo_bin("alljobs")
        .unwrap()
        .arg("import")
        .arg(&page)
        .args(["--id", "xa-t", "--jurisdiction", "XA", "--no-source", "--text-out"])
        .arg(&text)
        .assert()
        .success()
        .stderr(predicate::str::contains("format html (detected: starts with HTML markup)"))
        .stderr(predicate::str::contains("left out as site chrome: 1 × <nav>"))
        .stdout(predicate::str::contains("condition = { ru = \"занятый выпечкой\" }"));
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "1. Токарь\n\n2. Пекарь, занятый выпечкой\n");
    // A format that does not fit the bytes, or one the importer does not know: exit 2.
    for (format, message) in [
        ("pdf", "cannot read the input as pdf"),
        ("rtf", "cannot read the input as rtf: the file does not start with `{\\rtf`"),
        ("odt", "invalid value 'odt'"),
    ] {
        Command::cargo_bin("alljobs")
            .unwrap()
            .args(["import", "tests/fixtures/import/ru-162-fragment.txt", "--id", "xa-t", "--jurisdiction", "XA"])
            .args(["--no-source", "--format-in", format])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

/// The committed RTF fixture (the first 12 lines of the SYNTHETIC list) reads
/// as those lines read as plain text; detected by its `{\rtf` start.
#[test]
fn rtf_fixture_reads_as_its_plain_text() {
    let plain: String = synthetic_lines()[..12].iter().map(|l| format!("{l}\n")).collect();
    let want = run(plain.as_bytes(), &opts("ru", Layout::Auto));
    let got = run(&read("synthetic-small.rtf"), &opts("ru", Layout::Auto));
    assert_eq!(got.report.format, Format::Rtf);
    assert_eq!(got.file.entries.len(), 9);
    same_list(&want, &got);
    Command::cargo_bin("alljobs")
        .unwrap()
        .args(["import", "tests/fixtures/import/synthetic-small.rtf", "--id", "xa-t", "--jurisdiction", "XA"])
        .arg("--no-source")
        .assert()
        .success()
        .stderr(predicate::str::contains("format rtf (detected: starts with {\\rtf)"))
        .stdout(predicate::str::contains("condition = { ru = \"занятая загрузкой сырья вручную\" }"));
}
