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

use crate::render::html::escape;
use std::fmt::Write;

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

/// Renders the chart as an inline `<svg>` element.
pub fn before_after_bars(c: &BeforeAfterChart) -> String {
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
    let mut legend = String::new();
    let (mut lx, mut ly) = (0.0f64, 14usize);
    for &i in &used {
        let label = &c.series[i];
        let w = 18.0 + label.chars().count() as f64 * CHAR_W + 18.0;
        if lx > 0.0 && lx + w > WIDTH as f64 {
            lx = 0.0;
            ly += LINE_H + 4;
        }
        let _ = write!(
            legend,
            r#"<rect x="{x}" y="{y}" width="12" height="12" fill="{fill}"/><text x="{tx}" y="{ty}">{label}</text>"#,
            x = lx,
            y = ly - 10,
            fill = PALETTE[i % PALETTE.len()],
            tx = lx + 17.0,
            ty = ly,
            label = escape(label),
        );
        lx += w;
    }
    let top = ly + 14;

    let mut body = String::new();
    let mut y = top;
    for g in &c.groups {
        let lines = wrap_label(&g.label, (LABEL_W as f64 / CHAR_W) as usize - 1, 2);
        let block_h = (2 * BAR_H + BAR_GAP).max(lines.len() * LINE_H);
        let _ = write!(body, r#"<g class="group"><text class="label" x="0" y="{}">"#, y + 11);
        let _ = write!(body, "<title>{}</title>", escape(&g.label));
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(body, r#"<tspan x="0" dy="{}">{}</tspan>"#, if k == 0 { 0 } else { LINE_H }, escape(line));
        }
        body.push_str("</text>");
        for (row, (segs, name, hatch)) in
            [(&g.before, &c.before_label, true), (&g.after, &c.after_label, false)].into_iter().enumerate()
        {
            let by = y + row * (BAR_H + BAR_GAP);
            let _ = write!(body, r#"<text class="sub" x="{}" y="{}">{}</text>"#, LABEL_W, by + BAR_H - 3, escape(name));
            let mut x = bar_x as f64;
            let total: usize = segs.iter().map(|s| s.value).sum();
            for s in segs.iter().filter(|s| s.value > 0) {
                let w = s.value as f64 / max as f64 * bar_w as f64;
                let _ = write!(
                    body,
                    r#"<rect x="{x:.1}" y="{by}" width="{w:.1}" height="{BAR_H}" fill="{}"/>"#,
                    PALETTE[s.series % PALETTE.len()]
                );
                if hatch {
                    let _ = write!(
                        body,
                        r#"<rect x="{x:.1}" y="{by}" width="{w:.1}" height="{BAR_H}" fill="url(#{id}-hatch)"/>"#
                    );
                }
                x += w;
            }
            let _ = write!(body, r#"<text class="value" x="{:.1}" y="{}">{total}</text>"#, x + 5.0, by + BAR_H - 3);
        }
        body.push_str("</g>");
        y += block_h + GROUP_GAP;
    }
    let height = y.saturating_sub(GROUP_GAP) + 6;
    let axis = format!(
        r##"<line x1="{bar_x}" y1="{}" x2="{bar_x}" y2="{}" stroke="#444" stroke-width="1"/>"##,
        top.saturating_sub(4),
        height.saturating_sub(4)
    );
    format!(
        concat!(
            r#"<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" "#,
            r#"viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-size="12">"#,
            r#"<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
            r##"<defs><pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="2.5" height="6" fill="#ffffff" fill-opacity="0.6"/></pattern></defs>"##,
            r#"<g class="legend">{legend}</g>{axis}{body}</svg>"#
        ),
        id = id,
        w = WIDTH,
        h = height,
        title = escape(&c.title),
        desc = escape(&c.desc),
        legend = legend,
        axis = axis,
        body = body,
    )
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
        let svg = before_after_bars(&chart("General"));
        assert!(svg.starts_with(r#"<svg class="chart" id="c1" role="img" aria-labelledby="c1-title c1-desc""#));
        assert!(svg.contains(r#"<title id="c1-title">Entries &lt;by&gt; class</title>"#));
        assert!(svg.contains(r#"<desc id="c1-desc">General: 18 before, 0 after</desc>"#));
        assert!(!svg.contains("http"), "no external reference");
        assert!(!svg.contains("<script"));
        // Two bars with a value (18 before in group 1, 18 after in group 2) plus one hatch overlay.
        assert_eq!(svg.matches(r##"height="15" fill="#"##).count(), 2);
        assert_eq!(svg.matches("-hatch)").count(), 1);
        // Unused series are not in the legend.
        assert!(!svg.contains(">Other<"));
    }

    #[test]
    fn bars_are_proportional() {
        let mut c = chart("General");
        c.groups[1].after = vec![Segment { value: 9, series: 1 }];
        let svg = before_after_bars(&c);
        let bar_w = (WIDTH - LABEL_W - SUB_W - VALUE_W) as f64;
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w)));
        assert!(svg.contains(&format!(r#"width="{:.1}""#, bar_w / 2.0)));
    }

    #[test]
    fn hostile_labels_are_escaped_and_cut() {
        let long = "x".repeat(5000);
        let svg = before_after_bars(&chart(&format!("<script>alert(1)</script> {long}")));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.len() < 12_000, "the 5000-character word is cut in the label, kept once in <title>");
        let empty = BeforeAfterChart { groups: vec![], ..chart("a") };
        assert!(before_after_bars(&empty).contains("<svg"));
    }

    #[test]
    fn wraps_labels() {
        assert_eq!(wrap_label("one two three", 7, 2), vec!["one two", "three"]);
        assert_eq!(wrap_label("one two three four", 7, 2), vec!["one two", "three…"]);
        assert_eq!(wrap_label("abcdefghij", 5, 2), vec!["abcd…"]);
    }
}
