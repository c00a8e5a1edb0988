//! `alljobs region` in every format: a terminal table, Markdown, CSV, JSON
//! and a self-contained HTML page with an inline SVG timeline; and the
//! `--check-wbl` cross-check (terminal, Markdown, JSON).
//!
//! The HTML page follows the report's discipline ([`crate::render::html`]):
//! the same Content-Security-Policy (nothing fetched, nothing run), no
//! script, every piece of data text escaped.

use crate::model::{Date, ScopeClass};
use crate::region::{Instrument, Region, RegionData, Row, WblCheck, year_ranges};
use crate::render::chart::PALETTE;
use crate::render::html;
use crate::render::markdown;
use crate::render::table::mark;
use crate::wbl::{self, WblRow};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use maud::{Markup, html};
use serde_json::Value;
use std::fmt::Write;

/// The first line of every format.
pub fn headline(r: &Region) -> String {
    let n: usize = r.rows.iter().map(|x| x.instruments.len()).sum();
    let with_wbl = r.rows.iter().filter(|x| !x.wbl.is_empty()).count();
    format!(
        "The region at a glance: {} jurisdictions, {n} instruments in the shipped lists, {with_wbl} with WBL answers ({}, report years 1971–2020; a report year codes the law of the year before).",
        r.rows.len(),
        wbl::CITATION
    )
}

fn class_of(i: &Instrument) -> String {
    if i.list.entries().is_empty() {
        format!("{} (default scope {})", i.class, i.list.meta().default_scope)
    } else {
        let parts: Vec<String> = ScopeClass::ALL
            .iter()
            .filter(|c| i.classes.get(**c) > 0)
            .map(|c| format!("{} {c}", i.classes.get(*c)))
            .collect();
        parts.join(", ")
    }
}

fn number(i: &Instrument) -> String {
    let m = i.list.meta();
    let n = m.number.as_deref().map(|n| format!(" No. {n}")).unwrap_or_default();
    format!("{}{n}", m.instrument)
}

/// One instrument in one line: "kg-2000-res-158 (resolution No. 158, status unknown): 2000-03-24 … – …; general".
pub fn instrument_line(i: &Instrument) -> String {
    let m = i.list.meta();
    format!("{} ({}, {}): {}; {}", m.id, number(i), m.status, i.period.text(), class_of(i))
}

fn entries_cell(row: &Row) -> String {
    row.instruments
        .iter()
        .map(|i| format!("{}: {}", i.list.meta().id, i.list.completeness().count_text()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Who the instruments in force (or adopted) restrict, by class.
pub fn restricted(row: &Row) -> String {
    let cur = row.current();
    if row.instruments.is_empty() {
        return row.info.note.clone().unwrap_or_else(|| "no list file here".into());
    }
    if cur.is_empty() {
        let unknown: Vec<&str> = row
            .instruments
            .iter()
            .filter(|i| i.list.meta().status == crate::model::Status::Unknown)
            .map(|i| i.list.meta().id.as_str())
            .collect();
        return if unknown.is_empty() {
            "no list in force in our sources".into()
        } else {
            format!("status unknown: {}", unknown.join(", "))
        };
    }
    cur.iter().map(|i| format!("{}: {}", i.class, i.list.meta().id)).collect::<Vec<_>>().join("\n")
}

fn last_change(row: &Row) -> String {
    row.last_change().map(|(d, id, what)| format!("{d}: {id} {what}")).unwrap_or_else(|| "—".into())
}

fn answers(w: &WblRow) -> String {
    format!("{}/{}/{}, PAY {}", w.night_hours_same, w.dangerous_jobs_same, w.industries_same, w.pay_score)
}

fn wbl_latest(row: &Row) -> String {
    match row.wbl.last() {
        Some(w) => format!("{}: {}", w.report_year, answers(w)),
        None => "not a WBL economy".into(),
    }
}

fn wbl_changes(row: &Row) -> String {
    let n = row.wbl.len();
    if n == 0 {
        return "—".into();
    }
    let changes: Vec<String> =
        row.wbl.iter().take(n - 1).skip(1).map(|w| format!("{}: {}", w.report_year, answers(w))).collect();
    let first = format!("{}: {}", row.wbl[0].report_year, answers(&row.wbl[0]));
    if changes.is_empty() { format!("{first}; unchanged since") } else { format!("{first}\n{}", changes.join("\n")) }
}

fn cedaw(row: &Row) -> String {
    row.cedaw
        .iter()
        .map(|c| {
            format!(
                "{} ({}): {}{}{}",
                c.document,
                c.date,
                c.text,
                mark(Some(c.confidence), &c.sources),
                c.status.as_deref().map(|s| format!(" Since: {s}")).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn name(row: &Row) -> String {
    match &row.info.note {
        Some(n) => format!("{} {}\n{n}", row.info.code, row.info.name),
        None => format!("{} {}", row.info.code, row.info.name),
    }
}

fn instruments_cell(row: &Row) -> String {
    if row.instruments.is_empty() {
        return "—".into();
    }
    row.instruments.iter().map(instrument_line).collect::<Vec<_>>().join("\n")
}

/// The columns of the table (terminal, Markdown, HTML).
pub const COLUMNS: [&str; 8] = [
    "Jurisdiction",
    "Instruments (status, period, who)",
    "Entries",
    "Restricted now",
    "Last change",
    "WBL latest (night/dangerous/industries)",
    "WBL first and changed",
    "CEDAW latest",
];

/// One row's cells, in [`COLUMNS`] order.
fn cells(row: &Row) -> [String; 8] {
    [
        name(row),
        instruments_cell(row),
        entries_cell(row),
        restricted(row),
        last_change(row),
        wbl_latest(row),
        wbl_changes(row),
        cedaw(row),
    ]
}

/// The terminal table.
pub fn human(r: &Region) -> String {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(COLUMNS.to_vec());
    t.set_width(std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(200));
    for row in &r.rows {
        t.add_row(cells(row).to_vec());
    }
    format!("{}\n{t}\n{}\n", headline(r), FOOTNOTE)
}

const FOOTNOTE: &str = "Periods: from the in-force date; a start marked (adopted), (registered)… is that date, because the in-force date is not known; an end \"unknown\" is drawn to the next list of the jurisdiction, which is an assumption. Every count is as declared or reported by the list's sources; \"0 of 191 declared entries\" means no entry is transcribed. A mark such as (reported: S9) gives the confidence and the source ids.";

/// Markdown: one table row per jurisdiction.
pub fn markdown(r: &Region) -> String {
    let mut s = format!("# The region at a glance\n\n{}\n\n", markdown::escape(&headline(r)));
    let _ = writeln!(s, "| {} |", COLUMNS.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(COLUMNS.len()));
    for row in &r.rows {
        let cells: Vec<String> = cells(row).iter().map(|c| markdown::escape(c)).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    let _ = write!(s, "\n{}\n", markdown::escape(FOOTNOTE));
    s
}

/// The CSV columns.
pub const CSV_COLUMNS: [&str; 15] = [
    "code",
    "name",
    "instruments",
    "in_force_or_adopted",
    "entries_declared",
    "entries_transcribed",
    "restricted_now",
    "last_change",
    "wbl_latest_report_year",
    "night_hours_same",
    "dangerous_jobs_same",
    "industries_same",
    "pay_score",
    "wbl_changed_report_years",
    "cedaw_latest",
];

/// CSV: one row per jurisdiction.
pub fn csv(r: &Region) -> Result<String, csv::Error> {
    use crate::render::csv::cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for row in &r.rows {
        let declared: Vec<String> = row
            .instruments
            .iter()
            .map(|i| {
                format!(
                    "{}={}",
                    i.list.meta().id,
                    i.list.completeness().declared.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into())
                )
            })
            .collect();
        let present: Vec<String> =
            row.instruments.iter().map(|i| format!("{}={}", i.list.meta().id, i.list.completeness().present)).collect();
        let latest = row.wbl.last();
        let changed: Vec<String> =
            row.wbl.iter().skip(1).take(row.wbl.len().saturating_sub(2)).map(|w| w.report_year.to_string()).collect();
        let rec = [
            row.info.code.clone(),
            row.info.name.clone(),
            row.instruments.iter().map(instrument_line).collect::<Vec<_>>().join("; "),
            row.current().iter().map(|i| i.list.meta().id.clone()).collect::<Vec<_>>().join("; "),
            declared.join("; "),
            present.join("; "),
            restricted(row).replace('\n', "; "),
            last_change(row),
            latest.map(|w| w.report_year.to_string()).unwrap_or_default(),
            latest.map(|w| w.night_hours_same.to_string()).unwrap_or_default(),
            latest.map(|w| w.dangerous_jobs_same.to_string()).unwrap_or_default(),
            latest.map(|w| w.industries_same.to_string()).unwrap_or_default(),
            latest.map(|w| w.pay_score.to_string()).unwrap_or_default(),
            changed.join("; "),
            cedaw(row).replace('\n', "; "),
        ];
        w.write_record(rec.iter().map(|c| cell(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// JSON: the serialisation of [`crate::view::RegionView`], as a value.
pub fn json(r: &Region) -> Value {
    let data = RegionData::shipped();
    serde_json::to_value(crate::view::RegionView::new(r, data)).unwrap_or(Value::Null)
}

// ------------------------------------------------------------------ HTML

const TL_LEFT: f64 = 150.0;
const TL_WIDTH: f64 = 980.0;
const LANE_H: f64 = 14.0;
const ROW_PAD: f64 = 10.0;

fn year_frac(d: Date) -> f64 {
    f64::from(d.year)
        + f64::from(d.month.unwrap_or(1).saturating_sub(1)) / 12.0
        + f64::from(d.day.unwrap_or(1).saturating_sub(1)) / 365.0
}

/// A coordinate with one decimal, as the SVG is written.
fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// One instrument placed on the timeline: its lane, start and end (years).
struct Placed<'a> {
    instrument: &'a Instrument,
    lane: usize,
    start: f64,
    end: f64,
}

/// The timeline: a row per jurisdiction, a bar per instrument's period
/// coloured by class, a diamond per draft, a tick per year the WBL answers
/// changed. A `maud` template: every text is escaped by construction.
pub fn timeline(r: &Region, today: Date) -> Markup {
    let rows: Vec<&Row> = r.rows.iter().filter(|x| !x.instruments.is_empty() || !x.wbl.is_empty()).collect();
    let y0 = r
        .rows
        .iter()
        .flat_map(|x| x.instruments.iter().filter_map(|i| i.period.from.map(|d| d.year)))
        .min()
        .unwrap_or(1970)
        .min(1971)
        .saturating_sub(1);
    let y1 = today.year + 1;
    let span = f64::from(y1 - y0);
    let x = |y: f64| TL_LEFT + (y - f64::from(y0)) / span * (TL_WIDTH - TL_LEFT - 10.0);
    let now = year_frac(today);
    let mut desc = Vec::new();
    let mut top = 30.0;
    let mut body = Vec::new();
    for row in &rows {
        // Lanes: an instrument goes in the first lane where it does not overlap.
        let mut lanes: Vec<f64> = Vec::new();
        let mut placed = Vec::new();
        for i in &row.instruments {
            let start = i.period.from.map(year_frac).unwrap_or(now);
            let end = if i.is_draft() { start + 0.5 } else { i.period.end_date().map(year_frac).unwrap_or(now) };
            let lane = lanes.iter().position(|e| *e <= start).unwrap_or(lanes.len());
            if lane == lanes.len() {
                lanes.push(end);
            } else {
                lanes[lane] = end;
            }
            placed.push(Placed { instrument: i, lane, start, end });
        }
        let n_lanes = lanes.len().max(1) as f64;
        let h = n_lanes * LANE_H + 8.0;
        let changes: Vec<&WblRow> = row.wbl.iter().skip(1).take(row.wbl.len().saturating_sub(2)).collect();
        let g = html! {
            g class="tl-row" {
                text x="4" y=(f1(top + 11.0)) class="label" { (row.info.code) " " (row.info.name) }
                line x1=(TL_LEFT) x2=(f1(TL_WIDTH - 10.0)) y1=(f1(top + h)) y2=(f1(top + h)) stroke="#ccc" {}
                @if row.instruments.is_empty() {
                    text x=(f1(TL_LEFT + 4.0)) y=(f1(top + 11.0)) class="sub" { "no list instrument in our sources" }
                }
                @for p in &placed {
                    @let i = p.instrument;
                    @let ly = top + 4.0 + p.lane as f64 * LANE_H;
                    @let colour = PALETTE[ScopeClass::ALL.iter().position(|c| *c == i.class).unwrap_or(3)];
                    @let label = format!("{}: {}; {}", i.list.meta().id, i.period.text(), i.class);
                    @if i.is_draft() {
                        path class="draft" d=(format!("M{:.1} {:.1} l5 5 l-5 5 l-5 -5 z", x(p.start), ly)) fill="#fff" stroke=(colour) stroke-width="2" {
                            title { "draft " (label) }
                        }
                    } @else {
                        @let (x1, x2) = (x(p.start), x(p.end.max(p.start + 0.2)));
                        @let unknown_end = !i.period.end_known();
                        rect class="bar" x=(f1(x1)) y=(f1(ly)) width=(f1(x2 - x1)) height=(f1(LANE_H - 3.0)) fill=(colour) stroke=(colour)
                            fill-opacity=[unknown_end.then_some("0.45")] stroke-dasharray=[unknown_end.then_some("4 2")] {
                            title { (label) }
                        }
                    }
                }
                // WBL changes: a tick at the law year a change is first coded for.
                @for w in &changes {
                    @let wx = x(f64::from(wbl::law_year(w.report_year)) + 0.5);
                    path class="wbl-change" d=(format!("M{wx:.1} {:.1} l-5 -7 h10 z", top + h - 1.0)) fill="#1a1a1a" {
                        title { (wbl_change_text(w)) }
                    }
                }
            }
        };
        for p in &placed {
            let i = p.instrument;
            let label = format!("{}: {}; {}", i.list.meta().id, i.period.text(), i.class);
            desc.push(format!("{} {}: {label}.", row.info.code, row.info.name));
        }
        for w in &changes {
            desc.push(format!("{} {}: {}.", row.info.code, row.info.name, wbl_change_text(w)));
        }
        body.push(g);
        top += h + ROW_PAD;
    }
    let ticks: Vec<_> = (y0..=y1).filter(|y| y % 5 == 0).collect();
    let ly = top + 16.0;
    let height = top + 30.0;
    let nx = x(now);
    let unknown_x = TL_LEFT + 130.0 * ScopeClass::ALL.len() as f64;
    let wbl_x = unknown_x + 130.0;
    html! {
        svg class="chart timeline" id="timeline" role="img" aria-labelledby="timeline-title timeline-desc"
            viewBox=(format!("0 0 {TL_WIDTH} {height:.0}")) width=(TL_WIDTH) height=(format!("{height:.0}")) xmlns="http://www.w3.org/2000/svg" {
            title id="timeline-title" { "Timeline of the lists, by jurisdiction, with the years the WBL answers changed" }
            desc id="timeline-desc" { (desc.join(" ")) }
            @for y in &ticks {
                @let ax = x(f64::from(*y));
                line x1=(f1(ax)) x2=(f1(ax)) y1="22" y2=(f1(top)) stroke="#eee" {}
                text x=(f1(ax)) y="16" text-anchor="middle" class="sub" { (y) }
            }
            line x1=(f1(nx)) x2=(f1(nx)) y1="22" y2=(f1(top)) stroke="#555" stroke-dasharray="2 2" {}
            @for g in &body { (g) }
            @for (k, c) in ScopeClass::ALL.iter().enumerate() {
                @let lx = TL_LEFT + 130.0 * k as f64;
                rect x=(f1(lx)) y=(f1(ly - 9.0)) width="14" height="10" fill=(PALETTE[k]) {}
                text x=(f1(lx + 18.0)) y=(f1(ly)) { (c.as_str()) }
            }
            rect x=(f1(unknown_x)) y=(f1(ly - 9.0)) width="14" height="10" fill="#7a7a7a" fill-opacity="0.45" stroke="#7a7a7a" stroke-dasharray="4 2" {}
            text x=(f1(unknown_x + 18.0)) y=(f1(ly)) { "end not known" }
            path d=(format!("M{:.1} {:.1} l-5 -7 h10 z", wbl_x + 6.0, ly + 1.0)) fill="#1a1a1a" {}
            text x=(f1(wbl_x + 16.0)) y=(f1(ly)) { "WBL answers changed" }
        }
    }
}

/// The tooltip and description of a change of the WBL answers.
fn wbl_change_text(w: &WblRow) -> String {
    format!(
        "WBL report year {} (law of {}): night {}, dangerous {}, industries {}, PAY {}",
        w.report_year,
        wbl::law_year(w.report_year),
        w.night_hours_same,
        w.dangerous_jobs_same,
        w.industries_same,
        w.pay_score
    )
}

/// The page's extra style: a wide body and the timeline's text sizes.
const EXTRA_CSS: &str = "body { max-width: 80rem; } svg.timeline { max-width: 100%; } svg.timeline .label { font-size: 12px; } svg.timeline text { font-size: 11px; }";

/// HTML: a self-contained page (the report's Content-Security-Policy and style
/// sheet, no script) with the timeline, the table and the sources. A `maud`
/// template ([`html::page`]): every piece of data text is escaped by construction.
pub fn html(r: &Region, today: Date) -> String {
    let data = RegionData::shipped();
    let body = html! {
        main {
            "\n"
            h1 { "The region at a glance" } "\n"
            p class="summary" { (headline(r)) } "\n"
            figure {
                "\n" (timeline(r, today)) "\n"
                figcaption {
                    "A row per jurisdiction; a bar per instrument's period in force, coloured by whom it restricts (general: all women; maternity-only; other group; unknown). A pale dashed bar has no known end: it is drawn to the next list of the jurisdiction, or to today (" (today) "). A diamond is a draft. A triangle marks the law year from which the World Bank's WBL answers (night work, dangerous jobs, industries, PAY) changed: a report year codes the law of the year before."
                }
                "\n"
            }
            "\n"
            table class="region" {
                "\n" caption { "One row per jurisdiction" } "\n"
                thead { tr { @for c in COLUMNS { th scope="col" { (c) } } } } "\n"
                tbody {
                    "\n"
                    @for row in &r.rows {
                        @let [first, rest @ ..] = cells(row);
                        tr {
                            th scope="row" { (lines(&first)) }
                            @for c in &rest { td { (lines(c)) } }
                        }
                        "\n"
                    }
                }
                "\n"
            }
            "\n"
            p class="note" { (FOOTNOTE) } "\n"
            h2 { "Sources of the CEDAW and WBL notes" } "\n"
            ul {
                "\n"
                @for s in &data.sources {
                    @let title = format!("{}: {}", s.id, s.title);
                    @match s.url.as_deref().filter(|u| html::is_web_url(u)) {
                        Some(u) => li { a href=(u) { (title) } },
                        None => li { (title) },
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
        footer {
            "\n"
            p {
                "WBL data: " (wbl::CITATION) " (CC BY 4.0, reported), data/wbl/ in the alljobs repository. Lists: the shipped list files, each with its sources. Generated by alljobs on " (today) "."
            }
            "\n"
        }
        "\n"
    };
    html::page(crate::render::messages::Lang::En, "alljobs: the region at a glance", EXTRA_CSS, body)
}

/// A table cell's text: line breaks as `<br>`, long words breakable ([`html::Wrap`]).
fn lines(s: &str) -> Markup {
    html! {
        @for (k, l) in s.split('\n').enumerate() {
            @if k > 0 { br; }
            (html::Wrap(l))
        }
    }
}

// -------------------------------------------------------------- --check-wbl

/// The cross-check as text (terminal and Markdown use the same lines).
pub fn check_text(c: &WblCheck) -> String {
    let mut s = format!(
        "WBL cross-check ({}): WBL-INDICATOR-SIGNAL predicts \"No\" on \"dangerous jobs\" and \"industries\" while a general ban is in force.\nOffset: {}\n",
        wbl::CITATION,
        c.offset
    );
    for l in &c.lists {
        let _ = write!(s, "\n{} {} ({})\n  prediction: {}\n", l.jurisdiction, l.list, l.period, l.basis);
        if let Some(n) = &l.not_compared {
            let _ = writeln!(s, "  not compared: {n}");
            continue;
        }
        let agree: Vec<u16> = l.agreements().map(|y| y.report_year).collect();
        let _ = writeln!(s, "  agree (report years): {}", year_ranges(&agree));
        // Disagreeing years grouped by the answers the WBL gives.
        let mut groups: Vec<((crate::wbl::Answer, crate::wbl::Answer), Vec<u16>)> = Vec::new();
        for y in l.disagreements() {
            let key = (y.dangerous_jobs_same, y.industries_same);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1.push(y.report_year),
                None => groups.push((key, vec![y.report_year])),
            }
        }
        let dis: Vec<String> = groups
            .iter()
            .map(|((d, i), ys)| format!("{} (WBL: dangerous jobs {d}, industries {i})", year_ranges(ys)))
            .collect();
        let _ =
            writeln!(s, "  disagree (report years): {}", if dis.is_empty() { "none".into() } else { dis.join("; ") });
        let partial: Vec<u16> = l.years.iter().filter(|y| y.partial_year).map(|y| y.report_year).collect();
        if !partial.is_empty() {
            let _ = writeln!(s, "  part-year report years: {}", year_ranges(&partial));
        }
        if l.years.iter().any(|y| y.end_assumed) {
            let _ = writeln!(
                s,
                "  the end of the list is not known: it is compared up to {} (an assumption)",
                if l.period.contains("next list") { "the start of the next list" } else { "the last report year" }
            );
        }
        for n in &l.explanations {
            let _ = writeln!(s, "  explanation: {}{}", n.text, mark(Some(n.confidence), &n.sources));
        }
        if !dis.is_empty() && l.explanations.is_empty() {
            let _ = writeln!(s, "  explanation: none in our sources");
        }
    }
    for a in &c.after {
        let _ = write!(
            s,
            "\n{}: WBL still codes \"No\" in report years {} after {} ended: not explained by a shipped list\n",
            a.jurisdiction,
            year_ranges(&a.report_years),
            a.last_list
        );
        for n in &a.explanations {
            let _ = writeln!(s, "  explanation: {}{}", n.text, mark(Some(n.confidence), &n.sources));
        }
        if a.explanations.is_empty() {
            let _ = writeln!(s, "  explanation: none in our sources");
        }
    }
    let agree: usize = c.lists.iter().map(|l| l.agreements().count()).sum();
    let _ = write!(
        s,
        "\n{agree} comparisons (list × report year) agree, {} disagree (including report years after the last list of a jurisdiction ended).\n",
        c.disagreement_count()
    );
    s
}

/// The cross-check as JSON.
pub fn check_json(c: &WblCheck) -> Value {
    serde_json::to_value(crate::view::RegionCheckView::new(c)).unwrap_or(Value::Null)
}
