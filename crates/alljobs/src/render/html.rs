//! HTML output: `alljobs report --format html`, one self-contained page.
//!
//! The page needs nothing from the network: inline CSS, inline SVG charts, no
//! scripts, no fonts or images to fetch. A Content-Security-Policy forbids
//! every fetch and every script, so even a mistake in escaping could not run
//! code. The markup is written with `maud` templates, which escape every
//! value unless it is explicitly marked pre-escaped: here only the style
//! sheet (a constant), [`Wrap`] (escaped text with `<wbr>` break points) and
//! markup this module built itself. The page prints on A4 (print stylesheet:
//! no backgrounds, table rows and charts kept whole, web addresses printed
//! after their links).
//!
//! A page may be bilingual ([`Langs::second`]): every label is followed by its
//! translation in a second language, in smaller type. Kyrgyz labels awaiting
//! a native speaker's review are underlined (dotted) with a title saying so.

use crate::model::ScopeClass;
use crate::render::chart::{self, BeforeAfterChart, Group, Segment};
use crate::render::labels;
use crate::render::messages::{self, Lang, fmt_msg, msg};
use crate::report::{ChangeRow, EntryRow, ListInfo, ReportData};
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

/// Escapes text for HTML element content and quoted attribute values
/// (`&`, `<`, `>`, `"`), as the templates do.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    s.render_to(&mut out);
    out
}

/// Text that may break: escaped, with a `<wbr>` after every 30th character
/// of a word over 30 characters without a space (e.g. a pasted URL), so a
/// table keeps its columns.
pub struct Wrap<'a>(pub &'a str);

impl Render for Wrap<'_> {
    fn render_to(&self, buf: &mut String) {
        const RUN: usize = 30;
        let (mut run, mut start) = (0, 0);
        for (i, c) in self.0.char_indices() {
            if c.is_whitespace() {
                run = 0;
            } else {
                run += 1;
                if run > RUN {
                    self.0[start..i].render_to(buf);
                    buf.push_str("<wbr>");
                    start = i;
                    run = 1;
                }
            }
        }
        self.0[start..].render_to(buf);
    }
}

/// [`Wrap`] as a string.
pub fn escape_wrap(s: &str) -> String {
    Wrap(s).render().into_string()
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
.l2 { display: block; font-size: .85em; font-weight: normal; font-style: normal; color: #444; }
.status .l2, .muted .l2, .codes .l2, li .l2 { display: inline; }
.status .l2::before, .muted .l2::before, .codes .l2::before, li .l2::before { content: "/ "; }
.review { text-decoration: underline dotted; text-underline-offset: .18em; }
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

/// The languages of a page: the main one, and optionally a second one whose
/// labels follow the main ones (label / translation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Langs {
    /// The language of the page (and of the list texts picked).
    pub main: Lang,
    /// The language of the translations shown under the labels, if any.
    pub second: Option<Lang>,
}

impl Langs {
    /// One language.
    pub fn one(main: Lang) -> Langs {
        Langs { main, second: None }
    }

    /// `main` with translations into `second` (none when it is `main` itself).
    pub fn bilingual(main: Lang, second: Lang) -> Langs {
        Langs { main, second: (second != main).then_some(second) }
    }

    /// The label `key`, with its translation.
    pub fn t(&self, key: &str) -> Markup {
        self.both(|l| msg(l, key))
    }

    /// The text that `f` makes from the catalogue in the main language, marked
    /// when a Kyrgyz label in it awaits review, followed by the same text in
    /// the second language.
    pub fn both(&self, f: impl Fn(Lang) -> String) -> Markup {
        html! {
            (marked(self.main, &f))
            @if let Some(l2) = self.second {
                " " span class="l2" lang=(l2.code()) { (marked(l2, &f)) }
            }
        }
    }
}

/// `f(lang)`, underlined (dotted, with a title) when it uses a Kyrgyz label awaiting review.
fn marked(lang: Lang, f: &impl Fn(Lang) -> String) -> Markup {
    let (text, keys) = messages::tracked(|| f(lang));
    let review = lang == Lang::Ky && keys.iter().any(|k| messages::awaits_review(k));
    html! {
        @if review {
            span class="review" title=(messages::tracked(|| msg(lang, "ky-review-title")).0) { (text) }
        } @else {
            (text)
        }
    }
}

/// A whole page: the head (Content-Security-Policy, the style sheet and
/// `extra_css`) and `body`.
pub fn page(lang: Lang, title: &str, extra_css: &str, body: Markup) -> String {
    html! {
        (DOCTYPE) "\n"
        html lang=(lang.code()) {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta http-equiv="Content-Security-Policy" content=(CSP); "\n"
                meta name="generator" content="alljobs"; "\n"
                title { (title) } "\n"
                style { (PreEscaped(CSS)) (PreEscaped(extra_css)) } "\n"
            }
            "\n"
            body { "\n" (body) }
            "\n"
        }
        "\n"
    }
    .into_string()
}

/// `alljobs report --format html`: the whole page.
pub fn report(d: &ReportData) -> String {
    report_in(d, Langs::one(d.lang))
}

/// The report page in `langs` (`langs.main` should be the language `d` was built for).
pub fn report_in(d: &ReportData, langs: Langs) -> String {
    let title = format!("{}: {} → {}", msg(langs.main, "doc-title"), d.old.id, d.new.id);
    let body = html! {
        header {
            "\n"
            h1 { (langs.t("doc-title")) span class="ids" { (d.old.id) " → " (d.new.id) } } "\n"
            p class="meta" { (langs.both(|l| fmt_msg(l, "generated", &[("date", &d.date)]))) } "\n"
        }
        "\n"
        main {
            "\n"
            (lists_section(d, langs))
            (summary_section(d, langs))
            (figures_section(d, langs))
            (general_section(d, langs))
            (narrowed_section(d, langs, false))
            @if d.widened().next().is_some() { (narrowed_section(d, langs, true)) }
            (removed_added_section(d, langs, true))
            (removed_added_section(d, langs, false))
            (sections_section(d, langs))
            (findings_section(d, langs))
            (sources_section(d, langs))
        }
        "\n"
        footer {
            "\n"
            @for l in [&d.old, &d.new] {
                p { (langs.both(|g| labels::completeness_line(g, l))) } "\n"
            }
            p { (langs.both(|l| fmt_msg(l, "generated", &[("date", &d.date)]))) } "\n"
        }
        "\n"
    };
    page(langs.main, &title, "", body)
}

/// A `<section>` with its heading.
pub fn section(id: &str, heading: Markup, body: Markup) -> Markup {
    html! {
        section id=(id) aria-labelledby=(format!("{id}-h")) {
            "\n"
            h2 id=(format!("{id}-h")) { (heading) } "\n"
            (body)
        }
        "\n"
    }
}

fn lists_section(d: &ReportData, langs: Langs) -> Markup {
    let row = |key: &str, f: &dyn Fn(&ListInfo) -> Markup| {
        html! { tr { th scope="row" { (langs.t(key)) } td { (f(&d.old)) } td { (f(&d.new)) } } "\n" }
    };
    let body = html! {
        table class="lists" {
            "\n"
            caption class="vh" { (langs.t("h-lists")) } "\n"
            thead { tr { td {} th scope="col" { (langs.t("old-list")) } th scope="col" { (langs.t("new-list")) } } } "\n"
            tbody {
                "\n"
                (row("row-id", &|l| html! { code { (l.id) } }))
                (row("row-title", &|l| html! { (Wrap(&l.title)) }))
                (row("row-instrument", &|l| langs.both(|g| labels::instrument(g, l))))
                (row("row-status", &|l| langs.both(|g| labels::status(g, l.status))))
                (row("row-entries", &|l| html! {
                    strong { (langs.both(|g| labels::completeness_count(g, &l.completeness))) }
                    @if let Some(n) = &l.transcription_note { br; span class="muted" { (Wrap(n)) } }
                }))
                (row("row-evidence", &|l| langs.both(|g| labels::evidence(g, &l.completeness))))
                (row("row-file", &|l| html! { code { (Wrap(&l.path)) } }))
            }
            "\n"
        }
        "\n"
        @if labels::any_incomplete(&d.old, &d.new) {
            p class="warning" role="note" { strong { (langs.t("incomplete-warning")) } } "\n"
        } @else {
            p class="note" { (langs.t("complete-note")) } "\n"
        }
        @if labels::any_reported(&d.old, &d.new) {
            p class="warning" role="note" { (langs.t("reported-warning")) } "\n"
        }
        @for f in &d.framing {
            p class="warning" role="note" { strong { (langs.both(|l| labels::framing(l, f))) } } "\n"
        }
        (ky_note(langs))
    };
    section("lists", langs.t("h-lists"), body)
}

/// The note on Kyrgyz labels awaiting review, on a page with Kyrgyz labels.
pub fn ky_note(langs: Langs) -> Markup {
    html! {
        @if langs.main == Lang::Ky || langs.second == Some(Lang::Ky) {
            p class="muted" role="note" { (langs.t("ky-fallback-note")) } "\n"
        }
    }
}

fn summary_section(d: &ReportData, langs: Langs) -> Markup {
    let f = &d.figures;
    let body = html! {
        p class="summary" { (langs.both(|l| labels::summary(l, f))) } "\n"
        @for g in &d.coverage {
            @for i in 0..labels::coverage(langs.main, g, f.entries_old).len() {
                p class="summary" {
                    strong { (langs.both(|l| labels::coverage(l, g, f.entries_old).get(i).cloned().unwrap_or_default())) }
                }
                "\n"
            }
        }
        @if !d.also_in_force.is_empty() {
            p { (langs.both(|l| fmt_msg(l, "also-in-force-intro", &[("jurisdiction", d.new.jurisdiction.as_str()), ("date", d.date.as_str())]))) } "\n"
            ul class="also-in-force" {
                "\n"
                @for a in &d.also_in_force { li { (langs.both(|l| labels::also_in_force(l, a))) } "\n" }
            }
            "\n"
        }
    };
    section("summary", langs.t("h-summary"), body)
}

/// The chart of entries by class, before and after (labels in `lang`).
pub fn class_chart(d: &ReportData, lang: Lang) -> Markup {
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

/// A figure: the chart and its caption.
pub fn figure(chart: Markup, caption: Markup) -> Markup {
    html! { figure { "\n" (chart) "\n" figcaption { (caption) } "\n" } "\n" }
}

fn maybe_strong(strong: bool, m: Markup) -> Markup {
    html! { @if strong { strong { (m) } } @else { (m) } }
}

fn figures_section(d: &ReportData, langs: Langs) -> Markup {
    let f = &d.figures;
    let row = |label: Markup, a: usize, b: usize, strong: bool| {
        html! {
            tr {
                th scope="row" { (maybe_strong(strong, label)) }
                td class="num" { (maybe_strong(strong, html! { (a) })) }
                td class="num" { (maybe_strong(strong, html! { (b) })) }
                td class="num" { (labels::delta(a, b)) }
            }
            "\n"
        }
    };
    let body = html! {
        table class="figures" {
            "\n"
            caption { (langs.t("figures-caption")) } "\n"
            thead { tr {
                td {}
                th scope="col" class="num" { (langs.t("before")) }
                th scope="col" class="num" { (langs.t("after")) }
                th scope="col" class="num" { (langs.t("change")) }
            } }
            "\n"
            tbody {
                "\n"
                (row(langs.t("fig-entries"), f.entries_old, f.entries_new, false))
                @for c in ScopeClass::ALL {
                    (row(langs.both(|l| labels::class(l, c)), f.old.get(c), f.new.get(c), c == ScopeClass::General))
                }
            }
            "\n"
        }
        "\n"
        (figure(class_chart(d, langs.main), langs.t("chart-legend")))
        table class="changes" {
            "\n"
            caption { (langs.t("changes-caption")) } "\n"
            thead { tr { td {} th scope="col" class="num" { (langs.t("count")) } } } "\n"
            tbody {
                "\n"
                @for (k, n) in change_counts(d) {
                    tr { th scope="row" { (langs.t(k)) } td class="num" { (n) } } "\n"
                }
            }
            "\n"
        }
        "\n"
    };
    section("figures", langs.t("h-figures"), body)
}

/// The changes by kind: label key and count.
pub fn change_counts(d: &ReportData) -> [(&'static str, usize); 8] {
    let f = &d.figures;
    [
        ("fig-narrowed", f.narrowed),
        ("fig-narrowed-women-as-such", f.narrowed_women_as_such),
        ("fig-widened", f.widened),
        ("fig-removed", f.removed),
        ("fig-added", f.added),
        ("fig-changed", f.changed),
        ("fig-split-merged", f.split + f.merged),
        ("fig-unchanged", f.unchanged),
    ]
}

fn rule_anchor(code: &str) -> String {
    let s: String = code.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("rule-{s}")
}

fn codes_cell(langs: Langs, e: &EntryRow) -> Markup {
    html! {
        @if e.findings.is_empty() && e.waived.is_empty() {
            (langs.t("none"))
        } @else {
            @for (i, c) in e.findings.iter().enumerate() {
                @if i > 0 { br; }
                a href=(format!("#{}", rule_anchor(c))) { code { (c) } }
            }
            @if !e.waived.is_empty() {
                @if !e.findings.is_empty() { br; }
                span class="muted" { (langs.both(|l| fmt_msg(l, "waived", &[("rules", &e.waived.join(", "))]))) }
            }
        }
    }
}

fn has_sections<'a>(rows: impl IntoIterator<Item = &'a EntryRow>) -> bool {
    rows.into_iter().any(|e| e.section.is_some())
}

/// An entry's text, marked with its language when it is not the page's.
fn entry_text(lang: Lang, e: &EntryRow) -> Markup {
    let other = e
        .text_lang
        .as_deref()
        .filter(|l| *l != lang.code() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    html! {
        @if let Some(l) = other { span lang=(l) { (Wrap(&e.text)) } } @else { (Wrap(&e.text)) }
    }
}

/// The entry's printed number; "—" with its id in small type when the act's numbering is not known.
fn number_cell(e: &EntryRow) -> Markup {
    html! {
        @match &e.number {
            Some(n) => (n),
            None => { "—" br; small { code { (Wrap(&e.id)) } } },
        }
    }
}

fn general_section(d: &ReportData, langs: Langs) -> Markup {
    let lang = langs.main;
    let sec = has_sections(&d.remaining_general);
    let body = html! {
        @if d.remaining_general.is_empty() {
            p { (langs.t("general-none")) } "\n"
        } @else {
            p { (langs.t("general-intro")) } "\n"
            table class="entries" {
                "\n"
                caption class="vh" { (langs.t("h-general")) " (" (d.remaining_general.len()) ")" } "\n"
                thead { tr {
                    th scope="col" { (langs.t("col-number")) }
                    th scope="col" { (langs.t("col-entry")) }
                    @if sec { th scope="col" { (langs.t("col-section")) } }
                    th scope="col" { (langs.t("col-findings")) }
                } }
                "\n"
                tbody {
                    "\n"
                    @for e in &d.remaining_general {
                        tr {
                            th scope="row" { (number_cell(e)) }
                            td { (entry_text(lang, e)) }
                            @if sec { td { (Wrap(e.section.as_deref().unwrap_or(""))) } }
                            td class="codes" { (codes_cell(langs, e)) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    };
    section("general", langs.t("h-general"), body)
}

fn side_numbers(rows: &[EntryRow]) -> Markup {
    html! { @for (i, e) in rows.iter().enumerate() { @if i > 0 { ", " } (number_cell(e)) } }
}

fn side_text(lang: Lang, rows: &[EntryRow]) -> Markup {
    html! { @for (i, e) in rows.iter().enumerate() { @if i > 0 { br; } (entry_text(lang, e)) } }
}

fn side_scope(langs: Langs, rows: &[EntryRow]) -> Markup {
    langs.both(|l| {
        let mut v: Vec<String> = rows.iter().map(|e| labels::scope(l, &e.scope, e.scope_inferred)).collect();
        v.dedup();
        v.join("; ")
    })
}

/// The text of a change: the later wording, with the earlier one when it differs.
fn change_text(langs: Langs, c: &ChangeRow) -> Markup {
    let old = side_text(langs.main, &c.old);
    let new = side_text(langs.main, &c.new);
    html! {
        @if c.covered_by.is_some() {
            (old) br; span class="muted" { "→ " (langs.t("covered-by")) ": " (new) }
        } @else if old.0 == new.0 || old.0.is_empty() {
            (new)
        } @else if new.0.is_empty() {
            (old)
        } @else {
            (new) br; span class="muted" { del { (old) } }
        }
    }
}

fn narrowed_section(d: &ReportData, langs: Langs, widened: bool) -> Markup {
    let (id, key, rows): (&str, &str, Vec<&ChangeRow>) = if widened {
        ("widened", "h-widened", d.widened().collect())
    } else {
        ("narrowed", "h-narrowed", d.narrowed().collect())
    };
    let col = |side: &'static str| langs.both(move |l| format!("{} ({})", msg(l, "col-number"), msg(l, side)));
    let body = html! {
        @if rows.is_empty() {
            p { (langs.t("narrowed-none")) } "\n"
        } @else {
            table class="entries" {
                "\n"
                caption class="vh" { (langs.t(key)) " (" (rows.len()) ")" } "\n"
                thead { tr {
                    th scope="col" { (col("before")) }
                    th scope="col" { (col("after")) }
                    th scope="col" { (langs.t("col-entry")) }
                    th scope="col" { (langs.t("col-scope-before")) }
                    th scope="col" { (langs.t("col-scope-after")) }
                } }
                "\n"
                tbody {
                    "\n"
                    @for c in &rows {
                        tr {
                            th scope="row" { (side_numbers(&c.old)) }
                            td { (side_numbers(&c.new)) }
                            td { (change_text(langs, c)) }
                            td { (side_scope(langs, &c.old)) }
                            td { (side_scope(langs, &c.new)) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    };
    section(id, langs.t(key), body)
}

fn removed_added_section(d: &ReportData, langs: Langs, removed: bool) -> Markup {
    let (id, key, none, rows): (&str, &str, &str, Vec<&EntryRow>) = if removed {
        ("removed", "h-removed", "removed-none", d.removed().collect())
    } else {
        ("added", "h-added", "added-none", d.added().collect())
    };
    let sec = has_sections(rows.iter().copied());
    let body = html! {
        @if rows.is_empty() {
            p { (langs.t(none)) } "\n"
        } @else {
            table class="entries" {
                "\n"
                caption class="vh" { (langs.t(key)) " (" (rows.len()) ")" } "\n"
                thead { tr {
                    th scope="col" { (langs.t("col-number")) }
                    th scope="col" { (langs.t("col-entry")) }
                    @if sec { th scope="col" { (langs.t("col-section")) } }
                    th scope="col" { (langs.t(if removed { "col-scope-before" } else { "col-scope" })) }
                    @if !removed { th scope="col" { (langs.t("col-findings")) } }
                } }
                "\n"
                tbody {
                    "\n"
                    @for e in &rows {
                        tr {
                            th scope="row" { (number_cell(e)) }
                            td { (entry_text(langs.main, e)) }
                            @if sec { td { (Wrap(e.section.as_deref().unwrap_or(""))) } }
                            td { (langs.both(|l| labels::scope(l, &e.scope, e.scope_inferred))) }
                            @if !removed { td class="codes" { (codes_cell(langs, e)) } }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    };
    section(id, langs.t(key), body)
}

fn section_label(lang: Lang, l: &Option<String>) -> String {
    l.clone().unwrap_or_else(|| msg(lang, "no-section"))
}

fn sections_chart(d: &ReportData, lang: Lang) -> Markup {
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

fn sections_section(d: &ReportData, langs: Langs) -> Markup {
    let classes = d.section_classes();
    let span = classes.len() + 1;
    let body = html! {
        // A chart of one bar (every entry in one section, or none named) carries no information.
        @if d.sections.len() > 1 {
            (figure(sections_chart(d, langs.main), langs.t("chart-legend")))
        } @else {
            p class="muted" { (langs.t("sections-no-chart")) } "\n"
        }
        table class="sections" {
            "\n"
            caption { (langs.t("sections-caption")) } "\n"
            thead {
                "\n"
                tr {
                    th scope="col" rowspan="2" { (langs.t("col-section")) }
                    th scope="colgroup" colspan=(span) { (langs.t("before")) }
                    th scope="colgroup" colspan=(span) { (langs.t("after")) }
                }
                "\n"
                tr {
                    @for _ in 0..2 {
                        th scope="col" class="num" { (langs.t("col-total")) }
                        @for c in &classes { th scope="col" class="num" { (langs.both(|l| labels::class_short(l, *c))) } }
                    }
                }
                "\n"
            }
            "\n"
            tbody {
                "\n"
                @for s in &d.sections {
                    tr {
                        th scope="row" { (Wrap(&section_label(langs.main, &s.label))) }
                        @for t in [&s.old, &s.new] {
                            td class="num" { (t.total()) }
                            @for c in &classes { td class="num" { (t.get(*c)) } }
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    };
    section("sections", langs.t("h-sections"), body)
}

fn findings_section(d: &ReportData, langs: Langs) -> Markup {
    let sev = |r: &crate::report::RuleRow| langs.both(|l| labels::severity(l, &r.severity));
    let colon = |key: &'static str| langs.both(move |l| format!("{}:", msg(l, key)));
    let body = html! {
        @if d.rules.is_empty() {
            p { (langs.t("findings-none")) } "\n"
        } @else {
            p { (langs.t("findings-intro")) } "\n"
            @if langs.main != Lang::En { p class="muted" { (langs.t("rule-text-language")) } "\n" }
            table class="rules" {
                "\n"
                caption { (langs.t("findings-caption")) } "\n"
                thead { tr {
                    th scope="col" { (langs.t("col-rule")) }
                    th scope="col" { (langs.t("col-severity")) }
                    th scope="col" class="num" { (langs.t("before")) }
                    th scope="col" class="num" { (langs.t("after")) }
                } }
                "\n"
                tbody {
                    "\n"
                    @for r in &d.rules {
                        tr {
                            th scope="row" { a href=(format!("#{}", rule_anchor(&r.code))) { code { (r.code) } } br; (Wrap(&r.title)) }
                            td { (sev(r)) }
                            td class="num" { (langs.both(|l| labels::finding_count(l, r.old, r.low_confidence_old))) }
                            td class="num" { (langs.both(|l| labels::finding_count(l, r.new, r.low_confidence_new))) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
            @if d.rules.iter().any(|r| r.low_confidence_old + r.low_confidence_new > 0) {
                p class="muted" { (langs.t("finding-low-note")) } "\n"
            }
            @for r in &d.rules {
                article class="rule" id=(rule_anchor(&r.code)) {
                    "\n"
                    h3 { code { (r.code) } " — " (Wrap(&r.title)) } "\n"
                    p { strong { (colon("col-severity")) } " " (sev(r)) } "\n"
                    p { strong { (colon("col-citations")) } } "\n"
                    ul {
                        "\n"
                        @for c in &r.citations {
                            li {
                                (Wrap(&labels::citation_text(c))) " "
                                span class="status" { "(" (langs.both(|l| labels::citation_status(l, c))) ")" }
                                @if let Some(n) = &c.note { " — " (Wrap(n)) }
                            }
                            "\n"
                        }
                    }
                    "\n"
                    @if let Some(i) = &r.interpretation {
                        p class="note" { (langs.both(|l| fmt_msg(l, "interpretation", &[("text", i)]))) } "\n"
                    }
                }
                "\n"
            }
        }
    };
    section("findings", langs.t("h-findings"), body)
}

/// A source's title, a link when its address is a web address.
pub fn source_title(title: &str, url: Option<&str>) -> Markup {
    html! {
        @match url {
            Some(u) if is_web_url(u) => a href=(u.trim()) { (Wrap(title)) },
            Some(u) => { (Wrap(title)) br; code { (Wrap(u)) } },
            None => (Wrap(title)),
        }
    }
}

fn sources_section(d: &ReportData, langs: Langs) -> Markup {
    let body = html! {
        @for (which, l) in [("old-list", &d.old), ("new-list", &d.new)] {
            h3 { (langs.both(|g| format!("{}:", msg(g, which)))) " " code { (l.id) } } "\n"
            @if l.sources.is_empty() {
                p { (langs.t("sources-none")) } "\n"
            } @else {
                table class="sources" {
                    "\n"
                    caption { (langs.both(|g| format!("{}: {}", msg(g, "h-sources"), l.id))) } "\n"
                    thead { tr {
                        th scope="col" { (langs.t("col-source-id")) }
                        th scope="col" { (langs.t("col-source-title")) }
                        th scope="col" { (langs.t("col-source-kind")) }
                    } }
                    "\n"
                    tbody {
                        "\n"
                        @for s in &l.sources {
                            tr {
                                th scope="row" { (s.id) }
                                td { (source_title(&s.title, s.url.as_deref())) }
                                td { (langs.both(|g| labels::source_kind(g, s.kind))) }
                            }
                            "\n"
                        }
                    }
                    "\n"
                }
                "\n"
            }
        }
        @if !d.bibliography.is_empty() {
            h3 { (langs.t("h-bibliography")) } "\n"
            p { (langs.t("bibliography-intro")) } "\n"
            table class="sources" {
                "\n"
                caption { (langs.t("h-bibliography")) } "\n"
                thead { tr {
                    th scope="col" { (langs.t("col-source-id")) }
                    th scope="col" { (langs.t("col-source-title")) }
                    th scope="col" { (langs.t("col-source-holds")) }
                    th scope="col" { (langs.t("col-source-status")) }
                } }
                "\n"
                tbody {
                    "\n"
                    @for s in &d.bibliography {
                        tr {
                            th scope="row" id=(format!("src-{}", s.id)) { (s.id) }
                            td { (Wrap(&s.source)) }
                            td { (Wrap(&s.holds)) }
                            td { (langs.both(|l| labels::source_status(l, &s.status))) }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
        }
    };
    section("sources", langs.t("h-sources"), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'y'"
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
            // Kyrgyz labels awaiting review are marked (HTML: dotted underline with a title; text, and
            // the charts' SVG text, which cannot be underlined: †), never silent.
            assert_eq!(page.contains("<span class=\"review\" title=\""), l == Lang::Ky, "{l}");
            let md = crate::render::markdown::report(&sample::report(l));
            assert_eq!(md.contains(crate::render::messages::REVIEW_MARK), l == Lang::Ky, "{l}");
        }
    }

    #[test]
    fn bilingual_pages_show_each_label_with_its_translation() {
        let page = super::report_in(&sample::report(Lang::Ru), super::Langs::bilingual(Lang::Ru, Lang::En));
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"));
        assert!(page.contains("Исключённые записи <span class=\"l2\" lang=\"en\">Removed entries</span>"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script"));
        // The same language twice is one language.
        assert_eq!(super::Langs::bilingual(Lang::En, Lang::En), super::Langs::one(Lang::En));
    }
}
