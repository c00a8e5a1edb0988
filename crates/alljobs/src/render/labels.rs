//! Localised labels of the report's values (classes, scopes, changes,
//! completeness…), shared by the Markdown, CSV and HTML renderers. Every
//! label comes from the message catalogue (`messages.toml`).

use crate::diff::{Aspect, ChangeOp};
use crate::list::Completeness;
use crate::model::{InstrumentKind, Scope, ScopeClass, ScopeRelation, SourceKind, Status};
use crate::render::messages::{Lang, fmt_msg, msg};
use crate::report::{CitationRow, CitationState, Figures, ListInfo};

/// The long label of a class ("General: all women").
pub fn class(lang: Lang, c: ScopeClass) -> String {
    msg(
        lang,
        match c {
            ScopeClass::General => "class-general",
            ScopeClass::MaternityOnly => "class-maternity-only",
            ScopeClass::OtherGroup => "class-other-group",
            ScopeClass::Unknown => "class-unknown",
        },
    )
}

/// The short label of a class ("General"), for charts and columns.
pub fn class_short(lang: Lang, c: ScopeClass) -> String {
    msg(
        lang,
        match c {
            ScopeClass::General => "class-general-short",
            ScopeClass::MaternityOnly => "class-maternity-only-short",
            ScopeClass::OtherGroup => "class-other-group-short",
            ScopeClass::Unknown => "class-unknown-short",
        },
    )
}

/// Whom a scope restricts, in words; "(inferred)" when inferred from the text.
pub fn scope(lang: Lang, s: &Scope, inferred: bool) -> String {
    let text = match s {
        Scope::AllWomen => msg(lang, "scope-all-women"),
        Scope::Pregnant => msg(lang, "scope-pregnant"),
        Scope::Breastfeeding => msg(lang, "scope-breastfeeding"),
        Scope::PregnantOrBreastfeeding => msg(lang, "scope-pregnant-or-breastfeeding"),
        Scope::RecentlyDelivered => msg(lang, "scope-recently-delivered"),
        Scope::Maternity => msg(lang, "scope-maternity"),
        Scope::ChildrenUnder(n) => fmt_msg(lang, "scope-children-under", &[("n", &n.to_string())]),
        Scope::AgeBand { min: Some(a), max: Some(b) } => {
            fmt_msg(lang, "scope-age-band", &[("a", &a.to_string()), ("b", &b.to_string())])
        }
        Scope::AgeBand { min: None, max: Some(b) } => fmt_msg(lang, "scope-age-under", &[("b", &b.to_string())]),
        Scope::AgeBand { min: Some(a), max: None } => fmt_msg(lang, "scope-age-from", &[("a", &a.to_string())]),
        Scope::AgeBand { min: None, max: None } => msg(lang, "scope-all-women"),
        Scope::ChildbearingAge => msg(lang, "scope-childbearing-age"),
        Scope::Other => msg(lang, "scope-other"),
        Scope::Unknown => msg(lang, "scope-unknown"),
    };
    if inferred { fmt_msg(lang, "scope-inferred", &[("scope", &text)]) } else { text }
}

/// What a change did ("added", "removed"…).
pub fn change(lang: Lang, k: ChangeOp) -> String {
    msg(
        lang,
        match k {
            ChangeOp::Added => "op-added",
            ChangeOp::Removed => "op-removed",
            ChangeOp::Changed => "op-changed",
            ChangeOp::Unchanged => "op-unchanged",
            ChangeOp::Split => "op-split",
            ChangeOp::Merged => "op-merged",
        },
    )
}

/// An aspect of a change ("reworded"…). The report names only the aspects of
/// [`Aspect::in_report`]; the field aspects have no translated label and are
/// given by their JSON name.
pub fn aspect(lang: Lang, a: Aspect) -> String {
    match a {
        Aspect::Reworded => msg(lang, "reworded"),
        Aspect::Rescoped => msg(lang, "rescoped"),
        Aspect::Moved => msg(lang, "moved"),
        Aspect::Renumbered => msg(lang, "renumbered"),
        Aspect::Evidence | Aspect::Sources | Aspect::Fields => a.as_str().to_string(),
    }
}

/// How a scope changed ("narrowed"…).
pub fn relation(lang: Lang, r: ScopeRelation) -> String {
    msg(
        lang,
        match r {
            ScopeRelation::Same => "rel-same",
            ScopeRelation::Narrowed => "rel-narrowed",
            ScopeRelation::Widened => "rel-widened",
            ScopeRelation::Changed => "rel-changed",
        },
    )
}

/// "18 of 446 declared entries transcribed".
pub fn completeness_count(lang: Lang, c: &Completeness) -> String {
    match c.declared {
        Some(d) => {
            fmt_msg(lang, "completeness-declared", &[("present", &c.present.to_string()), ("declared", &d.to_string())])
        }
        None => fmt_msg(lang, "completeness-undeclared", &[("present", &c.present.to_string())]),
    }
}

/// How the entries' wording is known: "official text", "reported…", or a mix.
pub fn evidence(lang: Lang, c: &Completeness) -> String {
    match (c.official_text, c.reported) {
        (0, 0) => msg(lang, "evidence-none"),
        (_, 0) => msg(lang, "evidence-official"),
        (0, _) => msg(lang, "evidence-reported"),
        (o, r) => fmt_msg(lang, "evidence-mixed", &[("official", &o.to_string()), ("reported", &r.to_string())]),
    }
}

/// "kg-2000-res-158: 18 of 446 declared entries transcribed; evidence: reported…".
pub fn completeness_line(lang: Lang, l: &ListInfo) -> String {
    fmt_msg(
        lang,
        "completeness-line",
        &[
            ("id", &l.id),
            ("count", &completeness_count(lang, &l.completeness)),
            ("evidence", &evidence(lang, &l.completeness)),
        ],
    )
}

/// True when either list is incomplete (fewer entries than declared, or no declared count).
pub fn any_incomplete(old: &ListInfo, new: &ListInfo) -> bool {
    !old.completeness.is_complete() || !new.completeness.is_complete()
}

/// True when either list has entries known only from secondary reports.
pub fn any_reported(old: &ListInfo, new: &ListInfo) -> bool {
    old.completeness.reported > 0 || new.completeness.reported > 0
}

/// The legal status in words.
pub fn status(lang: Lang, s: Status) -> String {
    msg(
        lang,
        match s {
            Status::Draft => "status-draft",
            Status::Adopted => "status-adopted",
            Status::InForce => "status-in-force",
            Status::Superseded => "status-superseded",
            Status::Repealed => "status-repealed",
            Status::Unknown => "status-unknown",
        },
    )
}

/// "Resolution No. 158 of 2000-03-24".
pub fn instrument(lang: Lang, l: &ListInfo) -> String {
    let kind = msg(
        lang,
        match l.instrument {
            InstrumentKind::Resolution => "instrument-resolution",
            InstrumentKind::Order => "instrument-order",
            InstrumentKind::Decree => "instrument-decree",
            InstrumentKind::Decision => "instrument-decision",
            InstrumentKind::Code => "instrument-code",
            InstrumentKind::Law => "instrument-law",
            InstrumentKind::Draft => "instrument-draft",
            InstrumentKind::Other => "instrument-other",
        },
    );
    let mut s = format!("{} ({})", kind, l.jurisdiction);
    if let Some(n) = &l.number {
        s.push(' ');
        s.push_str(&fmt_msg(lang, "instrument-number", &[("number", n)]));
    }
    if let Some(d) = &l.date {
        s.push(' ');
        s.push_str(&fmt_msg(lang, "instrument-date", &[("date", d)]));
    }
    s
}

/// The kind of a source in words.
pub fn source_kind(lang: Lang, k: SourceKind) -> String {
    msg(
        lang,
        match k {
            SourceKind::Official => "source-official",
            SourceKind::Secondary => "source-secondary",
        },
    )
}

/// A rule's severity in words.
pub fn severity(lang: Lang, token: &str) -> String {
    match token {
        "critical" => msg(lang, "severity-critical"),
        "high" => msg(lang, "severity-high"),
        "medium" => msg(lang, "severity-medium"),
        "low" => msg(lang, "severity-low"),
        "info" => msg(lang, "severity-info"),
        other => other.to_string(),
    }
}

/// The status of a citation in words, with "para unverified" where so.
pub fn citation_status(lang: Lang, c: &CitationRow) -> String {
    let mut s = msg(
        lang,
        match c.status {
            CitationState::Verified => "citation-verified",
            CitationState::Reported => "citation-reported",
            CitationState::Unverified => "citation-unverified",
        },
    );
    if c.paragraph_unverified {
        s.push_str("; ");
        s.push_str(&msg(lang, "para-unverified"));
    }
    s
}

/// A citation's text with its paragraph (when the text does not name it) and its source: `text, 11.3 [S6]`.
pub fn citation_text(c: &CitationRow) -> String {
    let mut s = c.text.clone();
    if let Some(p) = &c.paragraph
        && !c.text.contains(p.as_str())
    {
        s.push_str(", ");
        s.push_str(p);
    }
    if let Some(src) = &c.source {
        s.push_str(&format!(" [{src}]"));
    }
    s
}

/// A citation in one line: `text, para 11.3 [source] (status)`.
pub fn citation(lang: Lang, c: &CitationRow) -> String {
    let mut s = format!("{} ({})", citation_text(c), citation_status(lang, c));
    if let Some(n) = &c.note {
        s.push_str(" — ");
        s.push_str(n);
    }
    s
}

/// A signed difference: "+3", "−18", "0".
pub fn delta(before: usize, after: usize) -> String {
    use std::cmp::Ordering;
    match after.cmp(&before) {
        Ordering::Greater => format!("+{}", after - before),
        Ordering::Less => format!("−{}", before - after),
        Ordering::Equal => "0".into(),
    }
}

/// A framing warning in the report's language.
pub fn framing(lang: Lang, f: &crate::framing::Framing) -> String {
    use crate::framing::Framing;
    match f {
        Framing::Reversed { old, old_date, new, new_date } => fmt_msg(
            lang,
            "framing-reversed",
            &[("old", old), ("old_date", old_date), ("new", new), ("new_date", new_date)],
        ),
        Framing::CrossCountry { old, old_jurisdiction, new, new_jurisdiction } => fmt_msg(
            lang,
            "framing-cross-country",
            &[("old", old), ("old_j", old_jurisdiction), ("new", new), ("new_j", new_jurisdiction)],
        ),
        Framing::Language { lang: l, list, missing, total, .. } => fmt_msg(
            lang,
            "framing-language",
            &[("lang", l), ("missing", &missing.to_string()), ("total", &total.to_string()), ("list", list)],
        ),
    }
}

/// A count of findings with, when some rest on a field not shown in the
/// transcribed text, how many ("18 (18 not shown in the transcribed text)").
pub fn finding_count(lang: Lang, n: usize, low: usize) -> String {
    if low == 0 {
        n.to_string()
    } else {
        fmt_msg(lang, "finding-count-low", &[("n", &n.to_string()), ("low", &low.to_string())])
    }
}

/// A source's verification mark in words: "V" → "verified", "V (opening) / U (rest)" → "verified (opening) / unverified (rest)".
pub fn source_status(lang: Lang, status: &str) -> String {
    let word = |t: &str| match t {
        "V" => msg(lang, "citation-verified"),
        "R" => msg(lang, "citation-reported"),
        "U" => msg(lang, "citation-unverified"),
        other => other.to_string(),
    };
    status
        .split(' ')
        .map(|t| match t.split_once('/') {
            None => word(t),
            Some(_) => t.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A confidence mark in words ("inferred (a reading of the sources)").
pub fn confidence(lang: Lang, c: crate::model::Confidence) -> String {
    use crate::model::Confidence as C;
    msg(
        lang,
        match c {
            C::Verified => "conf-verified",
            C::Reported => "conf-reported",
            C::Inferred => "conf-inferred",
            C::Unknown => "conf-unknown",
        },
    )
}

/// What a general clause of the later version did to the entries it covers, with
/// the confidence (and the interpretation, where the coverage is a reading).
pub fn coverage(lang: Lang, g: &crate::coverage::CoverageGroup, total: usize) -> Vec<String> {
    let old_scope = match &g.old_scope {
        Some(s) => scope(lang, s, false),
        None => msg(lang, "coverage-several-scopes"),
    };
    let rel = g.relation.map(|r| relation(lang, r)).unwrap_or_else(|| relation(lang, ScopeRelation::Changed));
    let mut v = vec![fmt_msg(
        lang,
        "coverage-headline",
        &[
            ("count", &g.count.to_string()),
            ("total", &total.to_string()),
            ("clause", &g.text),
            ("old_scope", &old_scope),
            ("new_scope", &scope(lang, &g.new_scope, false)),
            ("relation", &rel),
            ("confidence", &confidence(lang, g.basis.confidence)),
        ],
    )];
    if let Some(i) = &g.basis.interpretation {
        v.push(fmt_msg(lang, "coverage-interpretation", &[("text", i)]));
    }
    v
}

/// One instrument in force beside the later version, in words.
pub fn also_in_force(lang: Lang, a: &crate::report::AlsoInForce) -> String {
    let classes: Vec<String> = ScopeClass::ALL
        .iter()
        .filter(|c| a.classes.get(**c) > 0)
        .map(|c| format!("{}: {}", class_short(lang, *c), a.classes.get(*c)))
        .collect();
    let general = if a.classes.general > 0 { msg(lang, "also-in-force-general") } else { String::new() };
    let status = match a.status_on_date {
        crate::status::StatusOnDate::InForce => {
            fmt_msg(lang, "also-in-force-status-in-force", &[("confidence", &confidence(lang, a.confidence))])
        }
        _ => fmt_msg(lang, "also-in-force-status-unknown", &[("why", &a.why)]),
    };
    let classes = if classes.is_empty() { completeness_count(lang, &a.completeness) } else { classes.join(", ") };
    fmt_msg(
        lang,
        "also-in-force-item",
        &[("title", &a.title), ("id", &a.id), ("classes", &classes), ("general", &general), ("status", &status)],
    )
}

/// The one-sentence summary of the key figures ("Before: 18 of 18 … restricted all women. After: …").
pub fn summary(lang: Lang, f: &Figures) -> String {
    fmt_msg(
        lang,
        "summary",
        &[
            ("old_general", &f.old.general.to_string()),
            ("old_total", &f.entries_old.to_string()),
            ("new_general", &f.new.general.to_string()),
            ("new_total", &f.entries_new.to_string()),
            ("narrowed", &f.narrowed.to_string()),
            ("widened", &f.widened.to_string()),
            ("removed", &f.removed.to_string()),
            ("added", &f.added.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_in_three_languages() {
        assert_eq!(scope(Lang::En, &Scope::ChildrenUnder(3), false), "women with children under 3");
        assert_eq!(scope(Lang::Ru, &Scope::AllWomen, true), "все женщины (выведено из текста)");
        assert_eq!(scope(Lang::Ky, &Scope::Pregnant, false), "кош бойлуу аялдар");
    }

    #[test]
    fn completeness_in_words() {
        let c = Completeness { present: 18, declared: Some(446), official_text: 0, reported: 18 };
        assert_eq!(completeness_count(Lang::En, &c), "18 of 446 declared entries transcribed");
        assert_eq!(evidence(Lang::En, &c), "reported by secondary sources (not the official wording)");
        let c = Completeness { present: 2, declared: None, official_text: 1, reported: 1 };
        assert_eq!(completeness_count(Lang::Ru, &c), "внесено 2 (число записей в акте неизвестно)");
        assert_eq!(evidence(Lang::En, &c), "1 official text, 1 reported by secondary sources");
    }

    #[test]
    fn deltas() {
        assert_eq!(delta(18, 0), "−18");
        assert_eq!(delta(0, 2), "+2");
        assert_eq!(delta(4, 4), "0");
    }
}
