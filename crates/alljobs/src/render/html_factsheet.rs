//! The one-page fact sheet: `alljobs report --format html --brief` (or
//! `--format factsheet`). It takes the report's data ([`ReportData`]) and
//! shows, on one A4 page: the headline figures with how complete the lists
//! are and the confidence of the coverage, what the CEDAW Committee
//! recommended to the State (from the shipped region data, each source with
//! its verification status; nothing is written here that the data do not
//! hold), and two charts (entries by class before/after, what happened to the
//! entries). Same discipline as the report page: maud templates, the same
//! Content-Security-Policy, no script.

use crate::region::RegionData;
use crate::render::chart;
use crate::render::html::{self, Langs, Wrap};
use crate::render::labels;
use crate::render::messages::{Lang, fmt_msg, msg};
use crate::report::ReportData;
use maud::{Markup, html};

/// The fact sheet's own style: one A4 page in print.
pub const FACTSHEET_CSS: &str = r#"
body.factsheet { max-width: 52rem; font-size: 14px; line-height: 1.35; }
.factsheet h1 { font-size: 1.35rem; }
.factsheet h2 { font-size: 1.05rem; margin: .9rem 0 .35rem; }
.factsheet p { margin: .3rem 0; }
.factsheet .charts { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
.factsheet .charts figure { flex: 1 1 22rem; margin: .3rem 0; }
.factsheet ul.recs { margin: .2rem 0; padding-left: 1.1rem; }
.factsheet ul.recs li { margin: .2rem 0; }
@media print {
  @page { size: A4; margin: 11mm 12mm; }
  body.factsheet { font-size: 8.6pt; line-height: 1.28; }
  .factsheet h1 { font-size: 13pt; }
  .factsheet h2 { font-size: 10pt; margin: 2.5mm 0 1mm; }
  .factsheet svg.chart { max-height: 48mm; width: auto; }
  .factsheet .charts figure { flex: 1 1 45%; }
  .factsheet a[href^="http"]::after { content: ""; }
  .factsheet figcaption { font-size: 7.5pt; }
  .factsheet .l2 { font-size: .78em; }
}
"#;

/// The recommendations of the CEDAW Committee to `jurisdiction` in the shipped region data.
pub fn recommendations(jurisdiction: &str) -> Vec<&'static crate::region::Recommendation> {
    RegionData::shipped().cedaw.iter().filter(|c| c.jurisdiction.eq_ignore_ascii_case(jurisdiction)).collect()
}

/// The verification status of a CEDAW / ILO source (S…) as the project's source notes mark it.
fn source_status(id: &str) -> Option<&'static str> {
    crate::rules::cedaw_sources().iter().find(|s| s.id == id).map(|s| s.status.as_str())
}

/// The chart of what happened to the earlier version's entries.
fn changes_chart(d: &ReportData, lang: Lang) -> Markup {
    let items: Vec<(String, usize)> =
        html::change_counts(d).iter().filter(|(_, n)| *n > 0).map(|(k, n)| (msg(lang, k), *n)).collect();
    let desc = items.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join("; ");
    chart::bars("chart-changes", &msg(lang, "changes-caption"), &desc, &items)
}

/// `alljobs report --brief`: the one-page fact sheet.
pub fn factsheet(d: &ReportData, langs: Langs) -> String {
    let f = &d.figures;
    let recs = recommendations(&d.new.jurisdiction);
    let title = format!("{}: {} → {}", msg(langs.main, "fs-title"), d.old.id, d.new.id);
    let body = html! {
        header {
            "\n"
            h1 { (langs.t("fs-title")) span class="ids" { (d.old.id) " → " (d.new.id) } } "\n"
            p class="meta" { (langs.both(|l| fmt_msg(l, "generated", &[("date", &d.date)]))) } "\n"
        }
        "\n"
        main {
            "\n"
            section id="headline" aria-labelledby="headline-h" {
                "\n"
                h2 id="headline-h" { (langs.t("h-summary")) } "\n"
                @for l in [&d.old, &d.new] {
                    p { strong { (langs.both(|g| labels::completeness_line(g, l))) } } "\n"
                }
                p class="summary" { (langs.both(|l| labels::summary(l, f))) } "\n"
                @for g in &d.coverage {
                    @for i in 0..labels::coverage(langs.main, g, f.entries_old).len() {
                        p { strong { (langs.both(|l| labels::coverage(l, g, f.entries_old).get(i).cloned().unwrap_or_default())) } } "\n"
                    }
                }
                // Instruments in force beside NEW (e.g. a general load-limit rule): a headline
                // "0 restrict all women" must never hide them.
                @if !d.also_in_force.is_empty() {
                    p { (langs.both(|l| fmt_msg(l, "also-in-force-intro", &[("jurisdiction", d.new.jurisdiction.as_str()), ("date", d.date.as_str())]))) } "\n"
                    ul class="also-in-force" {
                        "\n"
                        @for a in &d.also_in_force { li { (langs.both(|l| labels::also_in_force(l, a))) } "\n" }
                    }
                    "\n"
                }
                @if labels::any_incomplete(&d.old, &d.new) {
                    p class="warning" role="note" { (langs.t("incomplete-warning")) } "\n"
                }
                @if labels::any_reported(&d.old, &d.new) {
                    p class="warning" role="note" { (langs.t("reported-warning")) } "\n"
                }
                @for fr in &d.framing {
                    p class="warning" role="note" { (langs.both(|l| labels::framing(l, fr))) } "\n"
                }
            }
            "\n"
            section id="cedaw" aria-labelledby="cedaw-h" {
                "\n"
                h2 id="cedaw-h" { (langs.both(|l| fmt_msg(l, "fs-cedaw-heading", &[("jurisdiction", &d.new.jurisdiction)]))) } "\n"
                @if recs.is_empty() {
                    p { (langs.both(|l| fmt_msg(l, "fs-cedaw-none", &[("jurisdiction", &d.new.jurisdiction)]))) } "\n"
                } @else {
                    ul class="recs" {
                        "\n"
                        @for r in &recs {
                            li {
                                strong { (r.document) } " (" (r.date.to_string()) "): "
                                span lang="en" { (Wrap(&r.text)) }
                                " " span class="status" { "[" (langs.both(|l| labels::confidence(l, r.confidence))) "]" }
                                br;
                                span class="muted" {
                                    (langs.both(|l| format!("{}:", msg(l, "fs-sources"))))
                                    @for s in &r.sources {
                                        " "
                                        @let src = RegionData::shipped().source(s);
                                        (html::source_title(&format!("[{s}] {}", src.map(|x| x.title.as_str()).unwrap_or("")), src.and_then(|x| x.url.as_deref())))
                                        @if let Some(st) = source_status(s) {
                                            " (" (langs.both(|l| labels::source_status(l, st))) ")"
                                        }
                                    }
                                }
                                @if let Some(st) = &r.status {
                                    br; span lang="en" class="muted" { (Wrap(st)) }
                                }
                            }
                            "\n"
                        }
                    }
                    "\n"
                    p class="muted" { (langs.t("fs-cedaw-note")) } "\n"
                }
            }
            "\n"
            section id="charts" aria-labelledby="charts-h" {
                "\n"
                h2 id="charts-h" { (langs.t("h-figures")) } "\n"
                div class="charts" {
                    "\n"
                    (html::figure(html::class_chart(d, langs.main), langs.t("chart-legend")))
                    (html::figure(changes_chart(d, langs.main), langs.t("changes-caption")))
                }
                "\n"
            }
            "\n"
            (html::ky_note(langs))
        }
        "\n"
        footer {
            "\n"
            p { (langs.t("fs-full-report")) } "\n"
        }
        "\n"
    };
    html::page(langs.main, &title, FACTSHEET_CSS, body).replacen("<body>", "<body class=\"factsheet\">", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn the_fact_sheet_is_inert_and_says_what_it_rests_on() {
        for l in Lang::ALL {
            let page = factsheet(&sample::report(l), Langs::one(l));
            assert!(page.contains("<body class=\"factsheet\">"), "{l}");
            assert!(!page.contains("<script") && !page.contains("<img"), "{l}");
            assert!(page.contains(html::CSP), "{l}");
            assert_eq!(page.matches("role=\"img\"").count(), 2, "{l}: two charts");
            assert!(!page.contains('⟦'), "{l}: a label is missing");
            // The sample's jurisdiction (XA) has no recommendation in the data: said, not invented.
            let none = crate::render::messages::tracked(|| fmt_msg(l, "fs-cedaw-none", &[("jurisdiction", "XA")])).0;
            assert!(page.contains(&none), "{l}");
        }
    }

    #[test]
    fn recommendations_come_from_the_region_data_with_their_sources() {
        let kg = recommendations("KG");
        assert_eq!(kg.len(), 1);
        assert_eq!(kg[0].document, "CEDAW/C/KGZ/CO/5");
        assert_eq!(kg[0].sources, vec!["S12"]);
        assert_eq!(source_status("S12"), Some("R"));
        assert!(recommendations("XA").is_empty());
    }
}
