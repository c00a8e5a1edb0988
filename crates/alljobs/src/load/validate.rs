//! Semantic checks of one file: ids, references, dates, completeness.
//! Overlay operations are checked against their base in `consolidate`.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Date, ListFile, TranscriptionStatus};
use fnv::FnvHashMap;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Runs every check; `report` receives each diagnostic with the JSON pointer of its place.
pub fn check(file: &ListFile, report: &mut dyn FnMut(Diagnostic, Option<&str>)) {
    let meta = &file.list;
    if file.format_version != crate::model::FORMAT_VERSION {
        report(
            Diagnostic::error(
                "format-version",
                format!("format_version {} is not supported; this alljobs reads 1", file.format_version),
            ),
            Some("/format_version"),
        );
    }
    if !crate::jurisdiction::is_valid(&meta.jurisdiction) {
        report(
            Diagnostic::error(
                "unknown-jurisdiction",
                format!("`{}` is not an ISO 3166-1 alpha-2 code", meta.jurisdiction),
            )
            .with_hint(
                "use the country's two-letter code (KG, RU…), SU for the USSR, or XA–XZ for test and private lists",
            ),
            Some("/list/jurisdiction"),
        );
    }
    check_text_map(&meta.title, &|| "/list/title".into(), report);

    // Sources: unique ids, and every citation names a known source.
    let mut source_ids: FnvHashMap<&str, usize> =
        FnvHashMap::with_capacity_and_hasher(file.sources.len(), Default::default());
    for (i, s) in file.sources.iter().enumerate() {
        if let Some(first) = source_ids.insert(s.id.as_str(), i) {
            report(
                Diagnostic::error(
                    "duplicate-id",
                    format!("duplicate source id `{}` (first at sources[{}])", s.id, first + 1),
                ),
                Some(&format!("/sources/{i}/id")),
            );
        }
        check_id(&s.id, IdKind::Source, &|| format!("/sources/{i}/id"), report);
        if let Some(url) = &s.url
            && let Err(why) = check_url(url)
        {
            report(
                Diagnostic::error("invalid-value", format!("{} is not an http(s) URL: {why}", shown(url))),
                Some(&format!("/sources/{i}/url")),
            );
        }
    }
    let known: Vec<&str> = file.sources.iter().map(|s| s.id.as_str()).collect();
    // The pointer is only formatted for a diagnostic.
    let cite = |ids: &[String], pointer: &dyn Fn() -> String, report: &mut dyn FnMut(Diagnostic, Option<&str>)| {
        for (j, id) in ids.iter().enumerate() {
            if !source_ids.contains_key(id.as_str()) {
                let mut d = Diagnostic::error("unknown-source", format!("unknown source `{id}`"));
                d = match did_you_mean(id, known.iter().copied()) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`? sources are declared in [[sources]]")),
                    None => d.with_hint("declare it in a [[sources]] table with id, title, kind and url"),
                };
                report(d, Some(&format!("{}/{j}", pointer())));
            }
        }
    };
    cite(&meta.sources, &|| "/list/sources".into(), report);
    for (k, d) in meta.dates.iter() {
        cite(&d.sources, &|| format!("/list/dates/{k}/sources"), report);
    }
    if let Some(d) = &meta.declared {
        cite(&d.sources, &|| "/list/declared/sources".into(), report);
        if d.sources.is_empty() {
            report(Diagnostic::error("unsourced-count", "the declared count names no source"), Some("/list/declared"));
        }
        for (i, o) in d.other_reports.iter().enumerate() {
            cite(&o.sources, &|| format!("/list/declared/other_reports/{i}/sources"), report);
        }
    }
    for (i, r) in meta.relations.iter().enumerate() {
        cite(&r.sources, &|| format!("/list/relations/{i}/sources"), report);
    }
    for (i, f) in meta.facts.iter().enumerate() {
        cite(&f.sources, &|| format!("/list/facts/{i}/sources"), report);
    }
    for (i, s) in file.sections.iter().enumerate() {
        cite(&s.sources, &|| format!("/sections/{i}/sources"), report);
    }
    for (i, e) in file.entries.iter().enumerate() {
        cite(&e.sources, &|| format!("/entries/{i}/sources"), report);
        for (k, c) in e.covers.iter().enumerate() {
            cite(&c.sources, &|| format!("/entries/{i}/covers/{k}/sources"), report);
        }
    }
    if let Some(r) = &meta.review {
        cite(&r.sources, &|| "/list/review/sources".into(), report);
    }
    for (i, p) in file.provisions.iter().enumerate() {
        cite(&p.sources, &|| format!("/provisions/{i}/sources"), report);
    }
    for (i, o) in file.operations.iter().enumerate() {
        cite(&o.sources, &|| format!("/operations/{i}/sources"), report);
        if let Some(e) = &o.entry {
            cite(&e.sources, &|| format!("/operations/{i}/entry/sources"), report);
        }
    }

    check_dates(file, report);

    // Sections: unique ids, known parents, no cycles.
    let mut section_ids: FnvHashMap<&str, usize> =
        FnvHashMap::with_capacity_and_hasher(file.sections.len(), Default::default());
    for (i, s) in file.sections.iter().enumerate() {
        if let Some(first) = section_ids.insert(s.id.as_str(), i) {
            report(
                Diagnostic::error(
                    "duplicate-id",
                    format!("duplicate section id `{}` (first at sections[{}])", s.id, first + 1),
                ),
                Some(&format!("/sections/{i}/id")),
            );
        }
        check_id(&s.id, IdKind::Section, &|| format!("/sections/{i}/id"), report);
        check_text_map(&s.title, &|| format!("/sections/{i}/title"), report);
    }
    let section_names: Vec<&str> = file.sections.iter().map(|s| s.id.as_str()).collect();
    for (i, p) in file.provisions.iter().enumerate() {
        if let Some(sec) = &p.section
            && !section_ids.contains_key(sec.as_str())
        {
            report(unknown_section(sec, &section_names), Some(&format!("/provisions/{i}/section")));
        }
        check_text_map(&p.text, &|| format!("/provisions/{i}/text"), report);
    }
    for (i, s) in file.sections.iter().enumerate() {
        if let Some(p) = &s.parent {
            if !section_ids.contains_key(p.as_str()) {
                report(unknown_section(p, &section_names), Some(&format!("/sections/{i}/parent")));
            } else {
                let mut seen = HashSet::from([s.id.as_str()]);
                let mut cur = Some(p.as_str());
                while let Some(c) = cur {
                    if !seen.insert(c) {
                        report(
                            Diagnostic::error("section-cycle", format!("section `{}` is its own ancestor", s.id)),
                            Some(&format!("/sections/{i}/parent")),
                        );
                        break;
                    }
                    cur = section_ids.get(c).and_then(|&j| file.sections[j].parent.as_deref());
                }
            }
        }
    }

    // Entries.
    let overlay = meta.base.is_some();
    if overlay && !file.entries.is_empty() {
        report(
            Diagnostic::error("overlay-entries", "an overlay (with `list.base`) holds operations, not [[entries]]")
                .with_hint("add entries with an operation: op = \"add\" and an `entry` table"),
            Some("/entries/0"),
        );
    }
    if !overlay && !file.operations.is_empty() {
        report(
            Diagnostic::error(
                "operations-without-base",
                "[[operations]] need `list.base`, the id of the list they amend",
            ),
            Some("/operations/0"),
        );
    }
    if overlay && file.operations.is_empty() {
        report(Diagnostic::error("empty-overlay", "the overlay has no operations"), Some("/list/base"));
    }
    let transcription = meta.transcription.as_ref().map(|t| t.status);
    if !overlay && file.entries.is_empty() && transcription != Some(TranscriptionStatus::None) {
        report(
            Diagnostic::error("empty-list", "the list has no entries").with_hint(
                "add [[entries]], or say that none is transcribed yet with `[list.transcription] status = \"none\"`",
            ),
            Some("/list"),
        );
    }
    if transcription == Some(TranscriptionStatus::None) && !file.entries.is_empty() {
        report(
            Diagnostic::error("transcription-mismatch", "transcription status is \"none\" but the list has entries"),
            Some("/list/transcription/status"),
        );
    }
    let n = file.entries.len();
    let mut entry_ids: FnvHashMap<&str, usize> = FnvHashMap::with_capacity_and_hasher(n, Default::default());
    let mut numbers: FnvHashMap<(&str, Option<&str>), usize> =
        FnvHashMap::with_capacity_and_hasher(n, Default::default());
    for (i, e) in file.entries.iter().enumerate() {
        let at = |k: &str| format!("/entries/{i}/{k}");
        if let Some(first) = entry_ids.insert(e.id.as_str(), i) {
            report(
                Diagnostic::error(
                    "duplicate-id",
                    format!("duplicate entry id `{}` (first at entries[{}])", e.id, first + 1),
                ),
                Some(&at("id")),
            );
        }
        if let Some(n) = &e.number
            && let Some(first) = numbers.insert((n.as_str(), e.section.as_deref()), i)
        {
            report(
                Diagnostic::warning(
                    "duplicate-number",
                    format!("entry number {n} also used by `{}`", file.entries[first].id),
                ),
                Some(&at("number")),
            );
        }
        if let Some(s) = &e.section
            && !section_ids.contains_key(s.as_str())
        {
            report(unknown_section(s, &section_names), Some(&at("section")));
        }
        check_id(&e.id, IdKind::Entry, &|| at("id"), report);
        check_text_map(&e.title, &|| at("title"), report);
        if !e.condition.is_empty() {
            check_text_map(&e.condition, &|| at("condition"), report);
        }
        if e.sources.is_empty() {
            report(
                Diagnostic::warning("unsourced-entry", format!("entry `{}` names no source", e.id))
                    .with_hint("every entry should cite a [[sources]] id in `sources`"),
                Some(&at("id")),
            );
        }
        if let (Some(a), Some(b)) = (e.reviewed, e.next_review)
            && b.strict_cmp(&a) == Some(Ordering::Less)
        {
            report(
                Diagnostic::error("date-order", format!("next_review {b} is before reviewed {a}")),
                Some(&at("next_review")),
            );
        }
        for (w, waiver) in e.waivers.iter().enumerate() {
            if waiver.reason.trim().is_empty() {
                report(
                    Diagnostic::error("waiver-reason", "a waiver needs a reason"),
                    Some(&format!("/entries/{i}/waivers/{w}/reason")),
                );
            }
            if waiver.by.trim().is_empty() {
                report(
                    Diagnostic::error("waiver-by", "a waiver needs `by`: who decided"),
                    Some(&format!("/entries/{i}/waivers/{w}/by")),
                );
            }
        }
        if e.scope_inferred && e.scope.is_none() {
            report(
                Diagnostic::warning("scope-inferred", "scope_inferred is set but the entry has no scope"),
                Some(&at("scope_inferred")),
            );
        }
        if let Some(w) = e.weight_limit_kg
            && !(w > 0.0 && w < 1000.0)
        {
            report(
                Diagnostic::error("invalid-value", format!("weight limit {w} kg is not plausible"))
                    .with_hint("give the limit in kilograms, more than 0 and less than 1000"),
                Some(&at("weight_limit_kg")),
            );
        }
    }

    // Completeness.
    if !overlay && let Some(d) = &meta.declared {
        let present = file.entries.len();
        let declared = d.count as usize;
        if present > declared {
            report(
                Diagnostic::warning("more-than-declared", format!("{present} entries present but {declared} declared")),
                Some("/list/declared/count"),
            );
        } else if present < declared {
            report(
                Diagnostic::note("incomplete", format!("{present} of {declared} declared entries")),
                Some("/list/declared/count"),
            );
            if transcription == Some(TranscriptionStatus::Complete) {
                report(
                    Diagnostic::warning(
                        "transcription-mismatch",
                        format!(
                            "transcription is \"complete\" but only {present} of {declared} declared entries are present"
                        ),
                    ),
                    Some("/list/transcription/status"),
                );
            }
        }
    }
}

fn unknown_section(id: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error("unknown-section", format!("unknown section `{id}`"));
    match did_you_mean(id, known.iter().copied()) {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None => d.with_hint("declare it in a [[sections]] table, or omit `section` when it is not known"),
    }
}

/// `pointer` gives the JSON pointer of the text; it is only formatted for a diagnostic.
fn check_text_map(
    text: &crate::model::Text,
    pointer: &dyn Fn() -> String,
    report: &mut dyn FnMut(Diagnostic, Option<&str>),
) {
    if text.is_empty() {
        report(
            Diagnostic::error("empty-text", "text is empty: give it in at least one language, e.g. { ru = \"…\" }"),
            Some(&pointer()),
        );
    }
    for (k, v) in text {
        if !is_language(k) {
            report(
                Diagnostic::error(
                    "invalid-language",
                    format!("{} is not a language code: use ISO 639-1 (ru, ky, en…)", shown(k)),
                ),
                Some(&format!("{}/{k}", pointer())),
            );
        }
        if !has_visible(v) {
            let what =
                if v.is_empty() { "is empty".to_string() } else { format!("{} has no visible character", shown(v)) };
            report(
                Diagnostic::error(
                    "empty-text",
                    format!("text is empty: the `{k}` text {what}; write the text, or leave the language out"),
                ),
                Some(&format!("{}/{k}", pointer())),
            );
        }
    }
}

/// The syntax of list, entry and section ids (documented in docs/src/reference/validation.md).
pub const ID_SYNTAX: &str = "[a-z0-9][a-z0-9._-]*";

#[derive(Clone, Copy)]
enum IdKind {
    Entry,
    Section,
    Source,
}

/// True for an id of `ID_SYNTAX` (source ids may also hold capital letters: `K1`).
pub fn is_valid_id(id: &str, capitals: bool) -> bool {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || (capitals && b.is_ascii_uppercase());
    let mut bytes = id.bytes();
    bytes.next().is_some_and(ok) && bytes.all(|b| ok(b) || matches!(b, b'.' | b'_' | b'-'))
}

fn check_id(id: &str, kind: IdKind, pointer: &dyn Fn() -> String, report: &mut dyn FnMut(Diagnostic, Option<&str>)) {
    let (what, capitals) = match kind {
        IdKind::Entry => ("entry", false),
        IdKind::Section => ("section", false),
        IdKind::Source => ("source", true),
    };
    if !is_valid_id(id, capitals) {
        let letters = if capitals { "letters" } else { "lowercase letters" };
        report(
            Diagnostic::error("invalid-id", format!("{} is not a valid {what} id", shown(id))).with_hint(format!(
                "an id is {ID_SYNTAX}: it starts with a letter or digit and holds only {letters}, digits, `.`, `_` and `-`"
            )),
            Some(&pointer()),
        );
    }
}

/// True for an ISO 639-1 language code (`ru`, `ky`, `en`).
pub fn is_language(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) && isolang::Language::from_639_1(code).is_some()
}

/// Checks a source URL: parsed by the `url` crate, http or https, a host, and
/// nothing the parser would silently drop or encode (spaces, controls, `<`, `>`, quotes).
pub fn check_url(raw: &str) -> Result<(), String> {
    if let Some(c) = raw.chars().find(|c| c.is_whitespace() || c.is_control() || "<>\"`{}|\\^".contains(*c)) {
        return Err(format!("it contains {}", describe_char(c)));
    }
    let u = url::Url::parse(raw).map_err(|e| e.to_string())?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("the scheme is `{}`", u.scheme()));
    }
    // The parser reads `https:///x` as `https://x/`: a host must follow `//` as written.
    let written_host = raw.split_once("://").map(|(_, rest)| rest);
    if u.host_str().is_none_or(str::is_empty) || written_host.is_none_or(|h| h.is_empty() || h.starts_with('/')) {
        return Err("it names no host".into());
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\n' => "a line break".into(),
        c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// A value in a message: in backticks, with invisible and control characters escaped.
pub fn shown(s: &str) -> String {
    if s.chars().any(|c| is_invisible(c) || c == '`') { format!("{s:?}").replace('"', "`") } else { format!("`{s}`") }
}

/// Characters that show nothing: whitespace, controls, zero-width and bidi formatting characters.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180e}'
            | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}')
}

/// True when the text has at least one character that shows.
pub fn has_visible(s: &str) -> bool {
    s.chars().any(|c| !is_invisible(c))
}

fn check_dates(file: &ListFile, report: &mut dyn FnMut(Diagnostic, Option<&str>)) {
    let d = &file.list.dates;
    let get = |f: &Option<crate::model::DateFact>| f.as_ref().and_then(|x| x.date);
    let pairs: [(&str, Option<Date>, &str, Option<Date>); 5] = [
        ("adopted", get(&d.adopted), "published", get(&d.published)),
        ("adopted", get(&d.adopted), "registered", get(&d.registered)),
        ("adopted", get(&d.adopted), "in_force_from", get(&d.in_force_from)),
        ("in_force_from", get(&d.in_force_from), "in_force_until", get(&d.in_force_until)),
        ("adopted", get(&d.adopted), "in_force_until", get(&d.in_force_until)),
    ];
    for (ka, a, kb, b) in pairs {
        if let (Some(a), Some(b)) = (a, b)
            && b.strict_cmp(&a) == Some(Ordering::Less)
        {
            report(
                Diagnostic::error("date-order", format!("{kb} ({b}) is before {ka} ({a})")),
                Some(&format!("/list/dates/{kb}/date")),
            );
        }
    }
    for (k, f) in d.iter() {
        if f.date.is_none() && f.note.is_none() {
            report(
                Diagnostic::error(
                    "date-missing",
                    format!("`dates.{k}` has no date and no note; give the date, or say in `note` why it is unknown"),
                ),
                Some(&format!("/list/dates/{k}")),
            );
        }
    }
}
