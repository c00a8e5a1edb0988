//! Inline SVG bar charts for the HTML report: plain numbers in, a
//! self-contained `<svg>` element out (no scripts, no external references),
//! with `role="img"`, a `<title>` and a `<desc>` that states every figure in
//! words, so that a screen reader (and a reader of the source) gets the same
//! information as the eye.
//!
//! The chart shape is "before/after": each group (a class, a section) has two
//! horizontal bars, the earlier version above (hatched) and the later one
//! below (solid), each bar stacked by series (the classes of restriction).
//! It prints legibly in black and white: the bars carry their numbers and a
//! "Before"/"After" label, and the hatch tells them apart without colour.

use maud::{Markup, html};

/// The fill colours of the series, in order (colour-blind safe, dark enough to print).
pub const PALETTE: [&str; 4] = ["#b2182b", "#2166ac", "#d9822b", "#7a7a7a"];

/// A part of a bar: a value of one series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The value (a count).
    pub value: usize,
    /// Index of the series (its colour in [`PALETTE`] and its legend label).
    pub series: usize,
}

/// One group of two bars: before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The group's label (escaped when written).
    pub label: String,
    /// The stacked segments of the earlier version.
    pub before: Vec<Segment>,
    /// The stacked segments of the later version.
    pub after: Vec<Segment>,
}

/// A before/after bar chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeforeAfterChart {
    /// Unique id in the page (letters, digits, dashes): prefixes the ids of title, desc and pattern.
    pub id: String,
    /// The chart's title (also its accessible name).
    pub title: String,
    /// The text alternative: every figure in words.
    pub desc: String,
    /// "Before" and "After".
    pub before_label: String,
    /// The label of the second bar.
    pub after_label: String,
    /// The series' labels, in [`PALETTE`] order; series with no value anywhere are left out of the legend.
    pub series: Vec<String>,
    /// The groups, top to bottom.
    pub groups: Vec<Group>,
}

const WIDTH: usize = 760;
const LABEL_W: usize = 230;
const SUB_W: usize = 64;
const VALUE_W: usize = 48;
const BAR_H: usize = 15;
const BAR_GAP: usize = 3;
const GROUP_GAP: usize = 16;
const LINE_H: usize = 15;
/// Rough width of one character at font-size 12 (for layout only).
const CHAR_W: f64 = 6.6;

fn safe_id(id: &str) -> String {
    let s: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    if s.is_empty() { "chart".into() } else { s }
}

/// Splits a label into at most `max_lines` lines of at most `width` characters;
/// the rest is cut with "…". Words longer than a line are cut too.
pub fn wrap_label(label: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut truncated = false;
    for word in label.split_whitespace() {
        let word: String = if word.chars().count() > width {
            truncated = true;
            word.chars().take(width.saturating_sub(1)).collect::<String>() + "…"
        } else {
            word.to_string()
        };
        let len = cur.chars().count();
        if len == 0 {
            cur = word;
        } else if len + 1 + word.chars().count() <= width {
            cur.push(' ');
            cur.push_str(&word);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word;
        }
        if lines.len() == max_lines {
            truncated = true;
            break;
        }
    }
    if !cur.is_empty() && lines.len() < max_lines {
        lines.push(cur);
    }
    if truncated
        && let Some(last) = lines.last_mut()
        && !last.ends_with('…')
    {
        let keep = width.saturating_sub(1);
        if last.chars().count() > keep {
            *last = last.chars().take(keep).collect();
        }
        last.push('…');
    }
    lines
}

/// Renders the chart as an inline `<svg>` element (every text escaped by the template).
pub fn before_after_bars(c: &BeforeAfterChart) -> Markup {
    let id = safe_id(&c.id);
    let max = c
        .groups
        .iter()
        .flat_map(|g| [&g.before, &g.after])
        .map(|b| b.iter().map(|s| s.value).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_x = LABEL_W + SUB_W;
    let bar_w = WIDTH - bar_x - VALUE_W;

    // Legend: only series that occur, wrapped into rows.
    let used: Vec<usize> = (0..c.series.len())
        .filter(|i| {
            c.groups.iter().flat_map(|g| g.before.iter().chain(&g.after)).any(|s| s.series == *i && s.value > 0)
        })
        .collect();
    let mut items: Vec<(f64, usize, usize)> = Vec::new();
    let (mut lx, mut ly) = (0.0f64, 14usize);
    for &i in &used {
        let w = 18.0 + c.series[i].chars().count() as f64 * CHAR_W + 18.0;
        if lx > 0.0 && lx + w > WIDTH as f64 {
            lx = 0.0;
            ly += LINE_H + 4;
        }
        items.push((lx, ly, i));
        lx += w;
    }
    let top = ly + 14;

    // Each group's top and label lines.
    let mut rows: Vec<(usize, &Group, Vec<String>)> = Vec::new();
    let mut y = top;
    for g in &c.groups {
        let lines = wrap_label(&g.label, (LABEL_W as f64 / CHAR_W) as usize - 1, 2);
        let block_h = (2 * BAR_H + BAR_GAP).max(lines.len() * LINE_H);
        rows.push((y, g, lines));
        y += block_h + GROUP_GAP;
    }
    let height = y.saturating_sub(GROUP_GAP) + 6;
    let hatch = format!("url(#{id}-hatch)");
    let bar = |by: usize, segs: &[Segment], hatched: bool| {
        let total: usize = segs.iter().map(|s| s.value).sum();
        let mut x = bar_x as f64;
        let mut parts = Vec::new();
        for s in segs.iter().filter(|s| s.value > 0) {
            let w = s.value as f64 / max as f64 * bar_w as f64;
            parts.push((format!("{x:.1}"), format!("{w:.1}"), PALETTE[s.series % PALETTE.len()]));
            x += w;
        }
        html! {
            @for (x, w, fill) in &parts {
                rect x=(x) y=(by) width=(w) height=(BAR_H) fill=(fill) {}
                @if hatched { rect x=(x) y=(by) width=(w) height=(BAR_H) fill=(hatch) {} }
            }
            text class="value" x=(format!("{:.1}", x + 5.0)) y=(by + BAR_H - 3) { (total) }
        }
    };
    html! {
        svg class="chart" id=(id) role="img" aria-labelledby=(format!("{id}-title {id}-desc"))
            viewBox=(format!("0 0 {WIDTH} {height}")) width=(WIDTH) height=(height) font-size="12" {
            title id=(format!("{id}-title")) { (c.title) }
            desc id=(format!("{id}-desc")) { (c.desc) }
            defs {
                pattern id=(format!("{id}-hatch")) patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)" {
                    rect width="2.5" height="6" fill="#ffffff" fill-opacity="0.6" {}
                }
            }
            g class="legend" {
                @for (x, y, i) in &items {
                    rect x=(x) y=(y - 10) width="12" height="12" fill=(PALETTE[i % PALETTE.len()]) {}
                    text x=(x + 17.0) y=(y) { (c.series[*i]) }
                }
            }
            line x1=(bar_x) y1=(top.saturating_sub(4)) x2=(bar_x) y2=(height.saturating_sub(4)) stroke="#444" stroke-width="1" {}
            @for (y, g, lines) in &rows {
                g class="group" {
                    text class="label" x="0" y=(y + 11) {
                        title { (g.label) }
                        @for (k, line) in lines.iter().enumerate() {
                            tspan x="0" dy=(if k == 0 { 0 } else { LINE_H }) { (line) }
                        }
                    }
                    @for (row, (segs, name, hatched)) in [(&g.before, &c.before_label, true), (&g.after, &c.after_label, false)].into_iter().enumerate() {
                        text class="sub" x=(LABEL_W) y=(y + row * (BAR_H + BAR_GAP) + BAR_H - 3) { (name) }
                        (bar(y + row * (BAR_H + BAR_GAP), segs, hatched))
                    }
                }
            }
        }
    }
}

/// A plain horizontal bar chart: one bar per item, with its value (an item of
/// value 0 keeps its row, so that "none" is seen).
pub fn bars(id: &str, title: &str, desc: &str, items: &[(String, usize)]) -> Markup {
    let id = safe_id(id);
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bar_x = LABEL_W + 10;
    let bar_w = WIDTH - bar_x - VALUE_W;
    let height = items.len() * (BAR_H + BAR_GAP + 4) + 6;
    html! {
        svg class="chart" id=(id) role="img" aria-labelledby=(format!("{id}-title {id}-desc"))
            viewBox=(format!("0 0 {WIDTH} {height}")) width=(WIDTH) height=(height) font-size="12" {
            title id=(format!("{id}-title")) { (title) }
            desc id=(format!("{id}-desc")) { (desc) }
            @for (i, (label, value)) in items.iter().enumerate() {
                @let y = i * (BAR_H + BAR_GAP + 4) + 3;
                @let w = *value as f64 / max as f64 * bar_w as f64;
                g class="group" {
                    text class="label" x="0" y=(y + BAR_H - 3) {
                        title { (label) }
                        (wrap_label(label, (LABEL_W as f64 / CHAR_W) as usize - 1, 1).join(""))
                    }
                    rect x=(bar_x) y=(y) width=(format!("{w:.1}")) height=(BAR_H) fill=(PALETTE[i % PALETTE.len()]) {}
                    text class="value" x=(format!("{:.1}", bar_x as f64 + w + 5.0)) y=(y + BAR_H - 3) { (value) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(label: &str) -> BeforeAfterChart {
        BeforeAfterChart {
            id: "c1".into(),
            title: "Entries <by> class".into(),
            desc: "General: 18 before, 0 after".into(),
            before_label: "Before".into(),
            after_label: "After".into(),
            series: vec!["General".into(), "Maternity".into(), "Other".into(), "Unknown".into()],
            groups: vec![
                Group {
                    label: label.into(),
                    before: vec![Segment { value: 18, series: 0 }],
                    after: vec![Segment { value: 0, series: 0 }],
                },
                Group {
                    label: "Maternity".into(),
                    before: vec![Segment { value: 0, series: 1 }],
                    after: vec![Segment { value: 18, series: 1 }],
                },
            ],
        }
    }

    #[test]
    fn accessible_and_self_contained() {
        let svg = before_after_bars(&chart("General")).into_string();
        assert!(svg.starts_with(r#"<svg class="chart" id="c1" role="img" aria-labelledby="c1-title c1-desc""#));
        assert!(svg.contains(r#"<title id="c1-title">Entries &lt;by&gt; class</title>"#));
        assert!(svg.contains(r#"<desc id="c1-desc">General: 18 before, 0 after</desc>"#));
        assert!(!svg.contains("http"), "no external reference");
        assert!(!svg.contains("<script"));
        // Two bars with a value (18 before in group 1, 18 after in group 2) plus one hatch overlay.
        assert_eq!(svg.matches(r##"height="15" fill="#"##).count(), 2);
        // Every element is closed (`<rect …></rect>`): in inline SVG an unclosed `<rect>` would swallow the next.
        assert_eq!(svg.matches("<rect").count(), svg.matches("</rect>").count());
        assert_eq!(svg.matches("-hatch)").count(), 1);
        // Unused series are not in the legend.
        assert!(!svg.contains(">Other<"));
    }

    #[test]
    fn bars_are_proportional() {
        let mut c = chart("General");
        c.groups[1].after = vec![Segment { value: 9, series: 1 }];
        let svg = before_after_bars(&c).into_string();
        let bar_w = (WIDTH - LABEL_W - SUB_W - VALUE_W) as f64;
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w)));
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w / 2.0)));
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let long = "x".repeat(5000);
        let svg = before_after_bars(&chart(&format!("<script>alert(1)</script> {long}"))).into_string();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.len() < 12_000, "the 5000-character word is cut in the label, kept once in <title>");
        let empty = BeforeAfterChart { groups: vec![], ..chart("a") };
        assert!(before_after_bars(&empty).into_string().contains("<svg"));
    }

    #[test]
    fn plain_bars_are_proportional_and_escaped() {
        let items = vec![("<b>a</b>".to_string(), 18), ("b".to_string(), 9), ("c".to_string(), 0)];
        let svg = bars("c2", "T", "D", &items).into_string();
        let bar_w = (WIDTH - LABEL_W - 10 - VALUE_W) as f64;
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w)));
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w / 2.0)));
        assert!(svg.contains(r#"width="0.0""#), "a zero keeps its row");
        assert!(svg.contains("&lt;b&gt;a&lt;/b&gt;") && !svg.contains("<b>"));
        assert_eq!(svg.matches("<rect").count(), 3);
    }

    #[test]
    fn wraps_labels() {
        assert_eq!(wrap_label("one two three", 7, 2), vec!["one two", "three"]);
        assert_eq!(wrap_label("one two three four", 7, 2), vec!["one two", "three…"]);
        assert_eq!(wrap_label("abcdefghij", 5, 2), vec!["abcd…"]);
    }
}
