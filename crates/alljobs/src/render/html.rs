//! HTML output: `alljobs report --format html`, one self-contained page.
//!
//! The page needs nothing from the network: inline CSS, inline SVG charts, no
//! scripts, no fonts or images to fetch. A Content-Security-Policy forbids
//! every fetch and every script, so even a mistake in escaping could not run
//! code. Every piece of list text goes through [`escape`]. The page prints on
//! A4 (print stylesheet: no backgrounds, table rows and charts kept whole,
//! web addresses printed after their links).

use crate::model::ScopeClass;
use crate::render::chart::{self, BeforeAfterChart, Group, Segment};
use crate::render::labels;
use crate::render::messages::{Lang, fmt_msg, msg};
use crate::report::{ChangeRow, EntryRow, ListInfo, ReportData};
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values
/// (`&`, `<`, `>`, `"`, `'`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text like [`escape`] and lets very long words (over 30
/// characters without a space, e.g. a pasted URL) break: a `<wbr>` goes
/// after every 30th character of such a word, so a table keeps its columns.
pub fn escape_wrap(s: &str) -> String {
    const RUN: usize = 30;
    let mut out = String::with_capacity(s.len() + 16);
    let mut run = 0;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > RUN {
                out.push_str("<wbr>");
                run = 1;
            }
        }
        out.push_str(&escape(c.encode_utf8(&mut buf)));
    }
    out
}

/// True when `url` is a web address that may be a link (`http:` or `https:`;
/// never `javascript:`, `data:` or a relative path).
pub fn is_web_url(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    (u.starts_with("https://") || u.starts_with("http://")) && !url.chars().any(|c| c.is_control())
}

/// The page's style sheet: screen and print.
pub const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Liberation Serif", "DejaVu Serif", Georgia, "Times New Roman", serif; font-size: 16px;
  line-height: 1.45; color: #1a1a1a; background: #fff; max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .3rem; }
h1 .ids { display: block; font-size: 1.05rem; font-weight: normal; color: #333; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #999; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: .5rem 0; }
.meta { color: #444; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.1rem;
  font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; font-size: .88rem; line-height: 1.35; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid #888; padding: .3rem .45rem; vertical-align: top; text-align: left; overflow-wrap: break-word; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
thead th { background: #ececec; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lists tbody th { width: 22%; }
.lists td { width: 39%; }
.entries tbody th { white-space: nowrap; }
.codes code { white-space: nowrap; }
.warning { border-left: 6px solid #b2182b; background: #fbeeee; padding: .6rem .8rem; margin: .8rem 0; }
.note { border-left: 6px solid #2166ac; background: #edf3fa; padding: .6rem .8rem; margin: .8rem 0; }
.summary { font-size: 1.05rem; }
figure { margin: 1rem 0 1.2rem; }
figcaption { font-size: .85rem; color: #333; margin-top: .3rem; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
svg.chart text { fill: #1a1a1a; }
svg.chart .label { font-weight: 600; }
svg.chart .sub { fill: #444; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .85em; }
.codes a { color: inherit; }
.rule { border-top: 1px solid #bbb; padding-top: .3rem; }
.rule ul { margin: .3rem 0 .6rem; padding-left: 1.3rem; }
.rule li { margin: .15rem 0; }
.status { color: #444; font-style: italic; }
.muted { color: #555; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; font-size: .85rem; color: #333; }
@media print {
  @page { size: A4; margin: 15mm 13mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8.5pt; } }
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; color: #000; }
  * { background: transparent !important; box-shadow: none !important; }
  h2 { border-bottom: 1.5pt solid #000; }
  th, td { border-color: #000; }
  thead th { border-bottom: 1.5pt solid #000; }
  .warning, .note { border: 1.5pt solid #000; border-left-width: 5pt; }
  a { color: #000; text-decoration: underline; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 8.5pt; overflow-wrap: anywhere; text-decoration: none; }
  thead { display: table-header-group; }
  tr, td, th, figure, svg, .rule li, .warning, .note { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  svg.chart { max-width: 100%; }
}
"#;

/// The Content-Security-Policy of the page: nothing may be fetched or run.
pub const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// `alljobs report --format html`: the whole page.
pub fn report(d: &ReportData) -> String {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("{}: {} → {}", msg(lang, "doc-title"), d.old.id, d.new.id);
    let _ = write!(
        h,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
            "<meta name=\"generator\" content=\"alljobs\">\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        ),
        lang = lang.code(),
        csp = CSP,
        title = escape(&title),
        css = CSS,
    );

    // Title and front matter.
    let _ = write!(
        h,
        "<header>\n<h1>{}<span class=\"ids\">{} → {}</span></h1>\n<p class=\"meta\">{}</p>\n</header>\n<main>\n",
        m("doc-title"),
        escape(&d.old.id),
        escape(&d.new.id),
        escape(&fmt_msg(lang, "generated", &[("date", &d.date)]))
    );

    lists_section(&mut h, d);
    summary_section(&mut h, d);
    figures_section(&mut h, d);
    general_section(&mut h, d);
    narrowed_section(&mut h, d, false);
    if d.widened().next().is_some() {
        narrowed_section(&mut h, d, true);
    }
    removed_added_section(&mut h, d, true);
    removed_added_section(&mut h, d, false);
    sections_section(&mut h, d);
    findings_section(&mut h, d);
    sources_section(&mut h, d);

    h.push_str("</main>\n<footer>\n");
    for l in [&d.old, &d.new] {
        let _ = writeln!(h, "<p>{}</p>", escape(&labels::completeness_line(lang, l)));
    }
    let _ = writeln!(h, "<p>{}</p>", escape(&fmt_msg(lang, "generated", &[("date", &d.date)])));
    h.push_str("</footer>\n</body>\n</html>\n");
    h
}

fn section_open(h: &mut String, id: &str, heading: &str) {
    let _ = write!(h, "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n", escape(heading));
}

fn lists_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    section_open(h, "lists", &msg(lang, "h-lists"));
    let _ = write!(
        h,
        "<table class=\"lists\">\n<caption class=\"vh\">{}</caption>\n<thead><tr><td></td><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        m("h-lists"),
        m("old-list"),
        m("new-list")
    );
    let row = |h: &mut String, key: &str, f: &dyn Fn(&ListInfo) -> String| {
        let _ = writeln!(h, "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>", m(key), f(&d.old), f(&d.new));
    };
    row(h, "row-id", &|l| format!("<code>{}</code>", escape(&l.id)));
    row(h, "row-title", &|l| escape_wrap(&l.title));
    row(h, "row-instrument", &|l| escape(&labels::instrument(lang, l)));
    row(h, "row-status", &|l| escape(&labels::status(lang, l.status)));
    row(h, "row-entries", &|l| {
        let mut s = format!("<strong>{}</strong>", escape(&labels::completeness_count(lang, &l.completeness)));
        if let Some(n) = &l.transcription_note {
            let _ = write!(s, "<br><span class=\"muted\">{}</span>", escape_wrap(n));
        }
        s
    });
    row(h, "row-evidence", &|l| escape(&labels::evidence(lang, &l.completeness)));
    row(h, "row-file", &|l| format!("<code>{}</code>", escape_wrap(&l.path)));
    h.push_str("</tbody>\n</table>\n");
    if labels::any_incomplete(&d.old, &d.new) {
        let _ = writeln!(h, "<p class=\"warning\" role=\"note\"><strong>{}</strong></p>", m("incomplete-warning"));
    } else {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", m("complete-note"));
    }
    if labels::any_reported(&d.old, &d.new) {
        let _ = writeln!(h, "<p class=\"warning\" role=\"note\">{}</p>", m("reported-warning"));
    }
    for f in &d.framing {
        let _ = writeln!(
            h,
            "<p class=\"warning\" role=\"note\"><strong>{}</strong></p>",
            escape(&labels::framing(lang, f))
        );
    }
    if d.lang == Lang::Ky {
        let _ = writeln!(h, "<p class=\"muted\" role=\"note\">{}</p>", m("ky-fallback-note"));
    }
    h.push_str("</section>\n");
}

fn summary_section(h: &mut String, d: &ReportData) {
    let f = &d.figures;
    section_open(h, "summary", &msg(d.lang, "h-summary"));
    let s = labels::summary(d.lang, f);
    let _ = writeln!(h, "<p class=\"summary\">{}</p>", escape(&s));
    for g in &d.coverage {
        for line in labels::coverage(d.lang, g, f.entries_old) {
            let _ = writeln!(h, "<p class=\"summary\"><strong>{}</strong></p>", escape(&line));
        }
    }
    if !d.also_in_force.is_empty() {
        let args = [("jurisdiction", d.new.jurisdiction.as_str()), ("date", d.date.as_str())];
        let _ = writeln!(
            h,
            "<p>{}</p>\n<ul class=\"also-in-force\">",
            escape(&fmt_msg(d.lang, "also-in-force-intro", &args))
        );
        for a in &d.also_in_force {
            let _ = writeln!(h, "<li>{}</li>", escape(&labels::also_in_force(d.lang, a)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn class_chart(d: &ReportData) -> String {
    let lang = d.lang;
    let f = &d.figures;
    let mut desc = vec![msg(lang, "chart-desc-intro-above")];
    let groups: Vec<Group> = ScopeClass::ALL
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = labels::class_short(lang, *c);
            desc.push(fmt_msg(
                lang,
                "chart-bar-desc",
                &[("label", &label), ("before", &f.old.get(*c).to_string()), ("after", &f.new.get(*c).to_string())],
            ));
            Group {
                label,
                before: vec![Segment { value: f.old.get(*c), series: i }],
                after: vec![Segment { value: f.new.get(*c), series: i }],
            }
        })
        .collect();
    chart::before_after_bars(&BeforeAfterChart {
        id: "chart-classes".into(),
        title: msg(lang, "chart-classes-title"),
        desc: desc.join(" "),
        before_label: msg(lang, "before"),
        after_label: msg(lang, "after"),
        series: ScopeClass::ALL.iter().map(|c| labels::class_short(lang, *c)).collect(),
        groups,
    })
}

fn figures_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    let f = &d.figures;
    section_open(h, "figures", &msg(lang, "h-figures"));
    let _ = write!(
        h,
        "<table class=\"figures\">\n<caption>{}</caption>\n<thead><tr><td></td><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        m("figures-caption"),
        m("before"),
        m("after"),
        m("change")
    );
    let row = |h: &mut String, label: String, a: usize, b: usize, strong: bool| {
        let (o, c) = if strong { ("<strong>", "</strong>") } else { ("", "") };
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{o}{}{c}</th><td class=\"num\">{o}{a}{c}</td><td class=\"num\">{o}{b}{c}</td><td class=\"num\">{}</td></tr>",
            escape(&label),
            labels::delta(a, b)
        );
    };
    row(h, msg(lang, "fig-entries"), f.entries_old, f.entries_new, false);
    for c in ScopeClass::ALL {
        row(h, labels::class(lang, c), f.old.get(c), f.new.get(c), c == ScopeClass::General);
    }
    h.push_str("</tbody>\n</table>\n");
    let _ = write!(h, "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n", class_chart(d), m("chart-legend"));
    let _ = write!(
        h,
        "<table class=\"changes\">\n<caption>{}</caption>\n<thead><tr><td></td><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        m("changes-caption"),
        m("count")
    );
    for (k, n) in [
        ("fig-narrowed", f.narrowed),
        ("fig-narrowed-women-as-such", f.narrowed_women_as_such),
        ("fig-widened", f.widened),
        ("fig-removed", f.removed),
        ("fig-added", f.added),
        ("fig-changed", f.changed),
        ("fig-split-merged", f.split + f.merged),
        ("fig-unchanged", f.unchanged),
    ] {
        let _ = writeln!(h, "<tr><th scope=\"row\">{}</th><td class=\"num\">{n}</td></tr>", m(k));
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn rule_anchor(code: &str) -> String {
    let s: String = code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("rule-{s}")
}

fn codes_cell(lang: Lang, e: &EntryRow) -> String {
    if e.findings.is_empty() && e.waived.is_empty() {
        return escape(&msg(lang, "none"));
    }
    let mut s: Vec<String> =
        e.findings.iter().map(|c| format!("<a href=\"#{}\"><code>{}</code></a>", rule_anchor(c), escape(c))).collect();
    if !e.waived.is_empty() {
        s.push(format!(
            "<span class=\"muted\">{}</span>",
            escape(&fmt_msg(lang, "waived", &[("rules", &e.waived.join(", "))]))
        ));
    }
    s.join("<br>")
}

fn has_sections<'a>(rows: impl IntoIterator<Item = &'a EntryRow>) -> bool {
    rows.into_iter().any(|e| e.section.is_some())
}

/// An entry's text, escaped, marked with its language when it is not the page's.
fn entry_text(lang: Lang, e: &EntryRow) -> String {
    match e.text_lang.as_deref() {
        Some(l) if l != lang.code() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            format!("<span lang=\"{l}\">{}</span>", escape_wrap(&e.text))
        }
        _ => escape_wrap(&e.text),
    }
}

/// The entry's number as printed, or its id (in code type) when the act's numbering is unknown.
/// The entry's printed number; "—" with its id in small type when the act's numbering is not known.
fn number_cell(e: &EntryRow) -> String {
    match &e.number {
        Some(n) => escape(n),
        None => format!("—<br><small><code>{}</code></small>", escape_wrap(&e.id)),
    }
}

fn general_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    section_open(h, "general", &msg(lang, "h-general"));
    if d.remaining_general.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", m("general-none"));
        return;
    }
    let _ = writeln!(h, "<p>{}</p>", m("general-intro"));
    let sec = has_sections(&d.remaining_general);
    let _ = write!(
        h,
        "<table class=\"entries\">\n<caption class=\"vh\">{} ({})</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>{}<th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        m("h-general"),
        d.remaining_general.len(),
        m("col-number"),
        m("col-entry"),
        if sec { format!("<th scope=\"col\">{}</th>", m("col-section")) } else { String::new() },
        m("col-findings")
    );
    for e in &d.remaining_general {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td>{}<td class=\"codes\">{}</td></tr>",
            number_cell(e),
            entry_text(lang, e),
            if sec { format!("<td>{}</td>", escape_wrap(e.section.as_deref().unwrap_or(""))) } else { String::new() },
            codes_cell(lang, e)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn side_numbers(rows: &[EntryRow]) -> String {
    rows.iter().map(number_cell).collect::<Vec<_>>().join(", ")
}

fn side_text(lang: Lang, rows: &[EntryRow]) -> String {
    rows.iter().map(|e| entry_text(lang, e)).collect::<Vec<_>>().join("<br>")
}

fn side_scope(lang: Lang, rows: &[EntryRow]) -> String {
    let mut v: Vec<String> = rows.iter().map(|e| labels::scope(lang, &e.scope, e.scope_inferred)).collect();
    v.dedup();
    escape(&v.join("; "))
}

/// The text of a change: the later wording, with the earlier one when it differs.
fn change_text(lang: Lang, c: &ChangeRow) -> String {
    let old = side_text(lang, &c.old);
    let new = side_text(lang, &c.new);
    if c.covered_by.is_some() {
        return format!("{old}<br><span class=\"muted\">→ {}: {new}</span>", escape(&msg(lang, "covered-by")));
    }
    if old == new || old.is_empty() {
        new
    } else if new.is_empty() {
        old
    } else {
        format!("{new}<br><span class=\"muted\"><del>{old}</del></span>")
    }
}

fn narrowed_section(h: &mut String, d: &ReportData, widened: bool) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    let (id, key, rows): (&str, &str, Vec<&ChangeRow>) = if widened {
        ("widened", "h-widened", d.widened().collect())
    } else {
        ("narrowed", "h-narrowed", d.narrowed().collect())
    };
    section_open(h, id, &msg(lang, key));
    if rows.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", m("narrowed-none"));
        return;
    }
    let _ = write!(
        h,
        "<table class=\"entries\">\n<caption class=\"vh\">{} ({})</caption>\n<thead><tr><th scope=\"col\">{} ({})</th><th scope=\"col\">{} ({})</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        m(key),
        rows.len(),
        m("col-number"),
        m("before"),
        m("col-number"),
        m("after"),
        m("col-entry"),
        m("col-scope-before"),
        m("col-scope-after")
    );
    for c in rows {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            side_numbers(&c.old),
            side_numbers(&c.new),
            change_text(lang, c),
            side_scope(lang, &c.old),
            side_scope(lang, &c.new)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn removed_added_section(h: &mut String, d: &ReportData, removed: bool) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    let (id, key, none, rows): (&str, &str, &str, Vec<&EntryRow>) = if removed {
        ("removed", "h-removed", "removed-none", d.removed().collect())
    } else {
        ("added", "h-added", "added-none", d.added().collect())
    };
    section_open(h, id, &msg(lang, key));
    if rows.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", m(none));
        return;
    }
    let sec = has_sections(rows.iter().copied());
    let _ = write!(
        h,
        "<table class=\"entries\">\n<caption class=\"vh\">{} ({})</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>{}<th scope=\"col\">{}</th>{}</tr></thead>\n<tbody>\n",
        m(key),
        rows.len(),
        m("col-number"),
        m("col-entry"),
        if sec { format!("<th scope=\"col\">{}</th>", m("col-section")) } else { String::new() },
        m(if removed { "col-scope-before" } else { "col-scope" }),
        if removed { String::new() } else { format!("<th scope=\"col\">{}</th>", m("col-findings")) }
    );
    for e in rows {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{}</td>{}<td>{}</td>{}</tr>",
            number_cell(e),
            entry_text(lang, e),
            if sec { format!("<td>{}</td>", escape_wrap(e.section.as_deref().unwrap_or(""))) } else { String::new() },
            escape(&labels::scope(lang, &e.scope, e.scope_inferred)),
            if removed { String::new() } else { format!("<td class=\"codes\">{}</td>", codes_cell(lang, e)) }
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn section_label(lang: Lang, l: &Option<String>) -> String {
    l.clone().unwrap_or_else(|| msg(lang, "no-section"))
}

fn sections_chart(d: &ReportData) -> String {
    let lang = d.lang;
    let mut desc = vec![msg(lang, "chart-desc-intro")];
    let groups: Vec<Group> = d
        .sections
        .iter()
        .map(|s| {
            let label = section_label(lang, &s.label);
            desc.push(fmt_msg(
                lang,
                "chart-bar-desc",
                &[("label", &label), ("before", &s.old.total().to_string()), ("after", &s.new.total().to_string())],
            ));
            let segs = |t: &crate::classify::ClassCounts| -> Vec<Segment> {
                ScopeClass::ALL.iter().enumerate().map(|(i, c)| Segment { value: t.get(*c), series: i }).collect()
            };
            Group { label, before: segs(&s.old), after: segs(&s.new) }
        })
        .collect();
    chart::before_after_bars(&BeforeAfterChart {
        id: "chart-sections".into(),
        title: msg(lang, "chart-sections-title"),
        desc: desc.join(" "),
        before_label: msg(lang, "before"),
        after_label: msg(lang, "after"),
        series: ScopeClass::ALL.iter().map(|c| labels::class_short(lang, *c)).collect(),
        groups,
    })
}

fn sections_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    section_open(h, "sections", &msg(lang, "h-sections"));
    let classes = d.section_classes();
    let span = classes.len() + 1;
    // A chart of one bar (every entry in one section, or none named) carries no information.
    if d.sections.len() > 1 {
        let _ =
            write!(h, "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n", sections_chart(d), m("chart-legend"));
    } else {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", m("sections-no-chart"));
    }
    let _ = write!(
        h,
        "<table class=\"sections\">\n<caption>{}</caption>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\">{}</th><th scope=\"colgroup\" colspan=\"{span}\">{}</th><th scope=\"colgroup\" colspan=\"{span}\">{}</th></tr>\n<tr>",
        m("sections-caption"),
        m("col-section"),
        m("before"),
        m("after")
    );
    for _ in 0..2 {
        let _ = write!(h, "<th scope=\"col\" class=\"num\">{}</th>", m("col-total"));
        for c in &classes {
            let _ = write!(h, "<th scope=\"col\" class=\"num\">{}</th>", escape(&labels::class_short(lang, *c)));
        }
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for s in &d.sections {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", escape_wrap(&section_label(lang, &s.label)));
        for t in [&s.old, &s.new] {
            let _ = write!(h, "<td class=\"num\">{}</td>", t.total());
            for c in &classes {
                let _ = write!(h, "<td class=\"num\">{}</td>", t.get(*c));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn findings_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    section_open(h, "findings", &msg(lang, "h-findings"));
    if d.rules.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", m("findings-none"));
        return;
    }
    let _ = writeln!(h, "<p>{}</p>", m("findings-intro"));
    if lang != Lang::En {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", m("rule-text-language"));
    }
    let _ = write!(
        h,
        "<table class=\"rules\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        m("findings-caption"),
        m("col-rule"),
        m("col-severity"),
        m("before"),
        m("after")
    );
    for r in &d.rules {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\"><a href=\"#{}\"><code>{}</code></a><br>{}</th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            rule_anchor(&r.code),
            escape(&r.code),
            escape_wrap(&r.title),
            escape(&labels::severity(lang, &r.severity)),
            escape(&labels::finding_count(lang, r.old, r.low_confidence_old)),
            escape(&labels::finding_count(lang, r.new, r.low_confidence_new))
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if d.rules.iter().any(|r| r.low_confidence_old + r.low_confidence_new > 0) {
        let _ = writeln!(h, "<p class=\"muted\">{}</p>", m("finding-low-note"));
    }
    for r in &d.rules {
        let _ = write!(
            h,
            "<article class=\"rule\" id=\"{}\">\n<h3><code>{}</code> — {}</h3>\n<p><strong>{}:</strong> {}</p>\n<p><strong>{}:</strong></p>\n<ul>\n",
            rule_anchor(&r.code),
            escape(&r.code),
            escape_wrap(&r.title),
            m("col-severity"),
            escape(&labels::severity(lang, &r.severity)),
            m("col-citations")
        );
        for c in &r.citations {
            let mut text = c.text.clone();
            if let Some(p) = &c.paragraph
                && !c.text.contains(p.as_str())
            {
                text.push_str(", ");
                text.push_str(p);
            }
            if let Some(src) = &c.source {
                text.push_str(&format!(" [{src}]"));
            }
            let note = c.note.as_deref().map(|n| format!(" — {}", escape_wrap(n))).unwrap_or_default();
            let _ = writeln!(
                h,
                "<li>{} <span class=\"status\">({})</span>{note}</li>",
                escape_wrap(&text),
                escape(&labels::citation_status(lang, c))
            );
        }
        h.push_str("</ul>\n");
        if let Some(i) = &r.interpretation {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(&fmt_msg(lang, "interpretation", &[("text", i)])));
        }
        h.push_str("</article>\n");
    }
    h.push_str("</section>\n");
}

fn sources_section(h: &mut String, d: &ReportData) {
    let lang = d.lang;
    let m = |k: &str| escape(&msg(lang, k));
    section_open(h, "sources", &msg(lang, "h-sources"));
    for (which, l) in [("old-list", &d.old), ("new-list", &d.new)] {
        let _ = writeln!(h, "<h3>{}: <code>{}</code></h3>", m(which), escape(&l.id));
        if l.sources.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", m("sources-none"));
            continue;
        }
        let _ = write!(
            h,
            "<table class=\"sources\">\n<caption>{}: {}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            m("h-sources"),
            escape(&l.id),
            m("col-source-id"),
            m("col-source-title"),
            m("col-source-kind")
        );
        for s in &l.sources {
            let title = match &s.url {
                Some(u) if is_web_url(u) => format!("<a href=\"{}\">{}</a>", escape(u.trim()), escape_wrap(&s.title)),
                Some(u) => format!("{}<br><code>{}</code>", escape_wrap(&s.title), escape_wrap(u)),
                None => escape_wrap(&s.title),
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                escape(&s.id),
                title,
                escape(&labels::source_kind(lang, s.kind))
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if !d.bibliography.is_empty() {
        let _ = writeln!(h, "<h3>{}</h3>\n<p>{}</p>", m("h-bibliography"), m("bibliography-intro"));
        let _ = write!(
            h,
            "<table class=\"sources\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            m("h-bibliography"),
            m("col-source-id"),
            m("col-source-title"),
            m("col-source-holds"),
            m("col-source-status")
        );
        for s in &d.bibliography {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\" id=\"src-{}\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&s.id),
                escape(&s.id),
                escape_wrap(&s.source),
                escape_wrap(&s.holds),
                escape(&labels::source_status(lang, &s.status))
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(escape("сварщик"), "сварщик");
    }

    #[test]
    fn long_words_can_break() {
        let w = "x".repeat(65);
        assert_eq!(escape_wrap(&w), format!("{}<wbr>{}<wbr>xxxxx", "x".repeat(30), "x".repeat(30)));
        assert_eq!(escape_wrap("a <b> c"), "a &lt;b&gt; c");
        assert_eq!(escape_wrap(&format!("{}<", "y".repeat(30))), format!("{}<wbr>&lt;", "y".repeat(30)));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_url("https://constsot.kg/kg/press/"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url(" data:text/html,<script>"));
        assert!(!is_web_url("lists/kg/a.toml"));
        assert!(!is_web_url("https://x\n.org"));
    }

    #[test]
    fn css_has_a_print_stylesheet_and_fetches_nothing() {
        assert!(CSS.contains("@media print"));
        assert!(CSS.contains("a[href^=\"http\"]::after"));
        assert!(!CSS.contains("url("));
        assert!(!CSS.contains("@import"));
        assert!(!CSS.contains("@font-face"));
    }
}

#[cfg(test)]
mod sample_tests {
    use crate::render::messages::Lang;
    use crate::report::sample;

    #[test]
    fn constructed_hostile_report_is_inert_in_every_language() {
        for l in Lang::ALL {
            let page = super::report(&sample::report(l));
            assert!(page.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{}\">", l.code())));
            assert!(!page.contains("<script"), "{l}");
            assert!(!page.contains("<img"), "{l}");
            assert!(!page.contains("href=\"javascript"), "{l}");
            assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{l}");
            // List text in Russian is marked as such, except on a Russian page.
            assert_eq!(page.contains("<span lang=\"ru\">"), l != Lang::Ru, "{l}");
            assert!(!page.contains('⟦'), "{l}: a label is missing");
            assert_eq!(page.matches("role=\"img\"").count(), 2, "{l}: two charts");
            assert!(page.contains(super::CSP));
        }
    }
}
