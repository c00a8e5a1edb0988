//! HTML pages saved from legal databases, read with `scraper` (html5ever):
//! the document's body is found (`<main>`, `<article>` or `role=main` when
//! it holds most of the text, else `<body>`), site chrome is left out and
//! reported (`<nav>`, `<header>`, `<footer>`, `<aside>`, scripts, forms,
//! hidden elements, elements whose class or id names a menu, footer,
//! breadcrumbs, share or print block, and "print"/"download" links), block
//! elements become lines (a blank line between blocks), `<br>` a line
//! break, `<ol>` items get their numbers written in, and data tables (two or
//! more rows of two or more cells, no table inside) are drawn as
//! pseudo-graphic tables for the table layout. Layout tables (a table
//! holding a table, or one column) are read as running text.

use super::format::{Extracted, draw_table};
use super::text::{self, clean, excerpt};
use super::{ImportError, detect};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

const CHROME_TAGS: [&str; 20] = [
    "nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form", "button", "select",
    "textarea", "input", "iframe", "svg", "object", "embed", "canvas", "menu", "head",
];
const BLOCKS: [&str; 27] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
];
static CHROME_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[-_\s])(?:nav|navbar|navigation|menu|topmenu|footer|header|breadcrumbs?|sidebar|share|social|print|printversion|banner|cookies?|advert|ads|toolbar|search|login|pagination|related|comments?)(?:$|[-_\s])",
    )
    .expect("valid regex")
});
static CHROME_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:печать|распечатать|версия для печати|для печати|скачать|сохранить|поделиться|наверх|вверх|друк|роздрукувати|версія для друку|print|print version|printable version|download|share|back to top|to top|çap et|çap versiyası|басып шығару)\b",
    )
    .expect("valid regex")
});
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_:.-]{1,40})"#).expect("valid regex")
});

fn is_chrome(el: &scraper::node::Element) -> Option<String> {
    let name = el.name();
    if CHROME_TAGS.contains(&name) {
        return Some(format!("<{name}>"));
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return Some(format!("hidden <{name}>"));
    }
    if el.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none")) {
        return Some(format!("hidden <{name}>"));
    }
    if let Some(role) = el.attr("role")
        && ["navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"].contains(&role)
    {
        return Some(format!("<{name} role={role}>"));
    }
    for (attr, v) in [("id", el.attr("id")), ("class", el.attr("class"))] {
        if let Some(v) = v
            && CHROME_NAME.is_match(v)
        {
            return Some(format!("<{name} {attr}=\"{}\">", excerpt(v, 40)));
        }
    }
    None
}

/// Decodes the page: `--encoding`, else a byte order mark, else `<meta charset>`, else detected.
fn decode(input: &[u8], label: Option<&str>) -> Result<(String, String), ImportError> {
    if label.is_some() || encoding_rs::Encoding::for_bom(input).is_some() {
        let d = detect::decode(input, label)?;
        return Ok((d.text, d.encoding.to_string()));
    }
    let head = String::from_utf8_lossy(&input[..input.len().min(4096)]).into_owned();
    if let Some(c) = META_CHARSET.captures(&head)
        && let Some(enc) = encoding_rs::Encoding::for_label(c[1].as_bytes())
    {
        let (t, _) = enc.decode_without_bom_handling(input);
        return Ok((t.into_owned(), format!("{} (from <meta charset>)", enc.name())));
    }
    let d = detect::decode(input, None)?;
    Ok((d.text, d.encoding.to_string()))
}

/// The deepest element nesting a page may have. Parsing cost grows with the
/// square of the depth (the HTML parser checks scopes down the stack of open
/// elements); saved legal-database pages nest a few dozen deep.
pub const MAX_HTML_DEPTH: usize = 1000;

const VOID: [&str; 16] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "basefont", "frame",
];
/// Elements whose end tag may be left out (`<p>` … `<p>`): not counted.
const OPTIONAL_END: [&str; 17] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption",
    "html", "head", "body",
];

/// Checks the nesting depth of the page with a cheap scan of its tags, before parsing.
fn check_depth(source: &str) -> Result<(), ImportError> {
    let b = source.as_bytes();
    let (mut i, mut depth) = (0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = source[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let end_tag = b.get(i) == Some(&b'/');
        let start = i + usize::from(end_tag);
        let name_len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = source[start..start + name_len].to_ascii_lowercase();
        let close = b[start..].iter().position(|&c| c == b'>').map_or(b.len(), |e| start + e);
        let self_closing = close > 0 && b.get(close - 1) == Some(&b'/');
        i = close.min(b.len());
        if VOID.contains(&name.as_str()) || OPTIONAL_END.contains(&name.as_str()) || self_closing {
            continue;
        }
        if end_tag {
            depth = depth.saturating_sub(1);
        } else if name == "script" || name == "style" {
            let rest = &source[i..];
            let closing = rest.find(&format!("</{name}")).or_else(|| rest.find(&format!("</{}", name.to_uppercase())));
            i = closing.map_or(b.len(), |e| i + e);
        } else {
            depth += 1;
            if depth > MAX_HTML_DEPTH {
                return Err(ImportError::Format {
                    format: super::format::Format::Html,
                    message: format!(
                        "elements nest more than {MAX_HTML_DEPTH} deep (at byte {start}): not a saved document page; refusing to parse it"
                    )
                    .into(),
                });
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

/// Reads an HTML page into text lines.
pub fn extract(input: &[u8], label: Option<&str>) -> Result<Extracted, ImportError> {
    let (source, encoding) = decode(input, label)?;
    check_depth(&source)?;
    let page = Html::parse_document(&source);
    let mut notes: Vec<String> = Vec::new();
    let root = page.tree.root();
    if let Some(t) = root
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "title"))
        .map(|n| clean(&ElementRef::wrap(n).map(|e| e.text().collect::<String>()).unwrap_or_default()))
        .filter(|t| !t.is_empty())
    {
        notes.push(format!("page title «{}» (not read as text)", excerpt(&t, 80)));
    }
    // One pass: chrome (outermost elements), text lengths, main candidates, data tables.
    let body = root.descendants().find(|n| n.value().as_element().is_some_and(|e| e.name() == "body")).unwrap_or(root);
    let mut chrome: HashSet<NodeId> = HashSet::new();
    let mut chrome_kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut print_links: Vec<String> = Vec::new();
    let mut lens: HashMap<NodeId, usize> = HashMap::new();
    let mut mains: Vec<NodeId> = Vec::new();
    let mut data_tables: HashSet<NodeId> = HashSet::new();
    // (table, has a table inside, rows of two or more cells)
    let mut open_tables: Vec<(NodeId, bool, usize)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut chrome_depth = 0usize;
    let mut chrome_kind: Option<String> = None;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                stack.push(0);
                if let Some(t) = n.value().as_text()
                    && let Some(top) = stack.last_mut()
                {
                    *top += t.trim().chars().count();
                }
                let Some(el) = n.value().as_element() else { continue };
                if chrome_depth > 0 {
                    chrome_depth += 1;
                    continue;
                }
                if let Some(kind) = is_chrome(el) {
                    chrome.insert(n.id());
                    chrome_depth = 1;
                    chrome_kind = Some(kind);
                    continue;
                }
                match el.name() {
                    "a" => {
                        let t = clean(&ElementRef::wrap(n).map(|e| e.text().collect::<String>()).unwrap_or_default());
                        if CHROME_LINK.is_match(&t) {
                            chrome.insert(n.id());
                            print_links.push(excerpt(&t, 30));
                            chrome_depth = 1;
                        }
                    }
                    "main" | "article" => mains.push(n.id()),
                    "table" => {
                        if let Some(t) = open_tables.last_mut() {
                            t.1 = true;
                        }
                        open_tables.push((n.id(), false, 0));
                    }
                    "tr" => {
                        let cells = n
                            .children()
                            .filter(|c| c.value().as_element().is_some_and(|e| matches!(e.name(), "td" | "th")))
                            .count();
                        if cells >= 2
                            && let Some(t) = open_tables.last_mut()
                        {
                            t.2 += 1;
                        }
                    }
                    _ if el.attr("role") == Some("main") => mains.push(n.id()),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                let len = stack.pop().unwrap_or(0);
                if let Some(top) = stack.last_mut() {
                    *top += len;
                }
                let Some(el) = n.value().as_element() else { continue };
                lens.insert(n.id(), len);
                if chrome_depth > 0 {
                    chrome_depth -= 1;
                    if chrome_depth == 0
                        && let Some(kind) = chrome_kind.take()
                    {
                        let e = chrome_kinds.entry(kind).or_default();
                        e.0 += 1;
                        e.1 += len;
                    }
                    continue;
                }
                if el.name() == "table"
                    && let Some((id, nested, wide)) = open_tables.pop()
                    && !nested
                    && wide >= 2
                {
                    data_tables.insert(id);
                }
            }
        }
    }
    // The body: <main>/<article>/role=main when it holds most of the text.
    let len_of = |id: NodeId| lens.get(&id).copied().unwrap_or(0);
    let body_text = len_of(body.id()).max(1);
    let main = mains.iter().copied().max_by_key(|id| len_of(*id)).filter(|id| len_of(*id) * 10 >= body_text * 3);
    let start = match main.and_then(|id| page.tree.get(id)) {
        Some(m) => {
            let name = m.value().as_element().map_or("main", |e| e.name());
            let left = body_text.saturating_sub(len_of(m.id()));
            notes.push(format!("read the page's <{name}>; {left} characters of text outside it left out"));
            m
        }
        None => body,
    };
    for (kind, (count, chars)) in &chrome_kinds {
        notes.push(format!("left out as site chrome: {count} × {kind} ({chars} characters of text)"));
    }
    if !print_links.is_empty() {
        notes.push(format!(
            "left out {} print/download/share link(s): {}",
            print_links.len(),
            print_links.iter().take(5).map(|l| format!("«{l}»")).collect::<Vec<_>>().join(", ")
        ));
    }

    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut skip = 0usize;
    let mut ol: Vec<(i64, String)> = Vec::new();
    let flush = |cur: &mut String, lines: &mut Vec<String>, blank: bool| {
        let t = clean(cur);
        if !t.is_empty() {
            lines.push(t);
        }
        if blank && lines.last().is_some_and(|l| !l.is_empty()) {
            lines.push(String::new());
        }
        cur.clear();
    };
    for edge in start.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip > 0 || chrome.contains(&n.id()) {
                    skip += 1;
                    continue;
                }
                match n.value() {
                    Node::Text(t) => {
                        if tables.is_empty() {
                            cur.push_str(t);
                        } else if let Some(cell) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            cell.push_str(t);
                        }
                    }
                    Node::Element(e) => {
                        let name = e.name();
                        let in_cell = tables.last().is_some_and(|t| t.cell.is_some());
                        if data_tables.contains(&n.id()) {
                            flush(&mut cur, &mut lines, true);
                            tables.push(Table::default());
                            continue;
                        }
                        if in_cell {
                            if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                                c.push(' ');
                            }
                            continue;
                        }
                        if let Some(t) = tables.last_mut() {
                            match name {
                                "tr" => t.rows.push(Vec::new()),
                                "td" | "th" => t.cell = Some(String::new()),
                                _ => {}
                            }
                            continue;
                        }
                        match name {
                            "br" => flush(&mut cur, &mut lines, false),
                            "ol" => {
                                flush(&mut cur, &mut lines, true);
                                let start = e.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                                ol.push((start - 1, e.attr("type").unwrap_or("1").to_string()));
                            }
                            "ul" => {
                                flush(&mut cur, &mut lines, true);
                                ol.push((i64::MIN, String::new()));
                            }
                            "li" => {
                                flush(&mut cur, &mut lines, true);
                                if let Some((counter, kind)) = ol.last_mut()
                                    && *counter != i64::MIN
                                {
                                    *counter =
                                        e.attr("value").and_then(|v| v.trim().parse().ok()).unwrap_or(*counter + 1);
                                    cur.push_str(&list_number(*counter, kind));
                                    cur.push(' ');
                                }
                            }
                            "td" | "th" => cur.push(' '),
                            _ if BLOCKS.contains(&name) => flush(&mut cur, &mut lines, true),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let Some(e) = n.value().as_element() else { continue };
                let name = e.name();
                if data_tables.contains(&n.id()) {
                    if let Some(mut t) = tables.pop() {
                        if let (Some(c), Some(r)) = (t.cell.take(), t.rows.last_mut()) {
                            r.push(c);
                        }
                        let rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| !r.is_empty()).collect();
                        draw_table(&rows, &mut lines, &mut notes);
                        lines.push(String::new());
                    }
                    continue;
                }
                if let Some(t) = tables.last_mut() {
                    if matches!(name, "td" | "th")
                        && let Some(c) = t.cell.take()
                    {
                        match t.rows.last_mut() {
                            Some(r) => r.push(c),
                            None => t.rows.push(vec![c]),
                        }
                    } else if let Some(c) = t.cell.as_mut() {
                        c.push(' ');
                    }
                    continue;
                }
                match name {
                    "ol" | "ul" => {
                        ol.pop();
                        flush(&mut cur, &mut lines, true);
                    }
                    _ if BLOCKS.contains(&name) => flush(&mut cur, &mut lines, true),
                    _ => {}
                }
            }
        }
    }
    flush(&mut cur, &mut lines, false);
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let tables = data_tables.len();
    if tables > 0 {
        notes.push(format!("{tables} data table(s) drawn as pseudo-graphic tables"));
    }
    notes.push(format!("{} line(s) of text read; line numbers below refer to them", lines.len()));
    Ok(Extracted { text: lines.join("\n"), encoding, notes })
}

/// The number an `<ol>` item shows: `5.`, `e)`, `V.`.
fn list_number(n: i64, kind: &str) -> String {
    match (kind, u32::try_from(n)) {
        ("a" | "A", Ok(v @ 1..=26)) => {
            let c = char::from(b'a' + (v - 1) as u8);
            format!("{})", if kind == "A" { c.to_ascii_uppercase() } else { c })
        }
        ("i" | "I", Ok(v @ 1..=89)) => {
            let r = text::to_roman(v);
            format!("{}.", if kind == "i" { r.to_lowercase() } else { r })
        }
        _ => format!("{n}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> (Vec<String>, Vec<String>) {
        let x = extract(html.as_bytes(), None).unwrap();
        (x.text.split('\n').filter(|l| !l.is_empty()).map(str::to_string).collect(), x.notes)
    }

    #[test]
    fn body_without_chrome() {
        let (l, notes) = lines(
            r#"<!DOCTYPE html><html><head><title>Законодательство</title><script>var x=1;</script></head><body>
            <div class="top-menu"><a href="/">Главная</a> <a href="/docs">Документы</a></div>
            <nav><ul><li>Кодексы</li></ul></nav>
            <p>ПЕРЕЧЕНЬ работ</p><p>I. Металлообработка</p><p>1. Вагранщик<br>2. Заливщик металла</p>
            <p><a href="?print=1">Версия для печати</a></p>
            <footer>© 2024 Портал</footer></body></html>"#,
        );
        assert_eq!(l, ["ПЕРЕЧЕНЬ работ", "I. Металлообработка", "1. Вагранщик", "2. Заливщик металла"]);
        let all = notes.join("\n");
        assert!(all.contains("<nav>") && all.contains("<footer>") && all.contains("top-menu"), "{all}");
        assert!(all.contains("«Версия для печати»"), "{all}");
        assert!(all.contains("page title «Законодательство»"), "{all}");
    }

    #[test]
    fn ordered_lists_get_their_numbers_and_tables_are_drawn() {
        let (l, _) = lines(
            "<body><ol start=\"60\"><li>Машинист</li><li>Проходчик</li></ol><table><tr><th>№</th><th>Профессия</th></tr><tr><td colspan=2>II. Химия</td></tr><tr><td>3</td><td>Аппаратчик</td></tr></table></body>",
        );
        assert_eq!(
            l,
            [
                "60. Машинист",
                "61. Проходчик",
                "│ № │ Профессия │",
                "├───┼───┤",
                "│ II. Химия │",
                "├───┼───┤",
                "│ 3 │ Аппаратчик │"
            ]
        );
    }

    #[test]
    fn layout_tables_and_main() {
        let (l, notes) = lines(
            "<body><table><tr><td><table><tr><td>menu</td></tr></table></td><td><main><p>1. Токарь</p><p>2. Пекарь</p></main></td></tr></table><p>Реклама и новости портала</p></body>",
        );
        assert_eq!(l, ["1. Токарь", "2. Пекарь"]);
        assert!(notes.iter().any(|n| n.contains("<main>")), "{notes:?}");
    }

    #[test]
    fn nesting_depth_is_checked_before_parsing() {
        let deep = format!(
            "<body>{}<p>1. Токарь</p>{}",
            "<div>".repeat(MAX_HTML_DEPTH + 1),
            "</div>".repeat(MAX_HTML_DEPTH + 1)
        );
        let e = extract(deep.as_bytes(), None).unwrap_err().to_string();
        assert!(e.contains("nest more than 1000 deep"), "{e}");
        // Unclosed <p> and <li>, void elements, comments and scripts do not count.
        let flat = format!(
            "<body>{}<!-- <div><div> --><script>if (a<b) {{ x = '<div>'; }}</script>",
            "<p>x<br><li>y".repeat(5000)
        );
        assert!(check_depth(&flat).is_ok());
        let ok = format!("<body>{}<p>1. Токарь</p>{}", "<div>".repeat(200), "</div>".repeat(200));
        assert_eq!(extract(ok.as_bytes(), None).unwrap().text, "1. Токарь");
    }

    #[test]
    fn windows_1251_page_by_meta() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("<html><head><meta charset=\"windows-1251\"></head><body><p>1. Токарь</p></body></html>");
        let x = extract(&bytes, None).unwrap();
        assert_eq!(x.text, "1. Токарь");
        assert!(x.encoding.contains("windows-1251"), "{}", x.encoding);
    }
}
