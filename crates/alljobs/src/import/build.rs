//! Headings and entries → a [`ListFile`]: ids from the printed numbers,
//! sections with their parents, participle clauses split into `condition`,
//! scopes inferred with the shared heuristics, numbering gaps and restarts,
//! and the list's metadata from the options (nothing invented).

use super::text::{self, excerpt};
use super::{
    Doc, Gap, HeadingKind, ImportError, ImportOption, ImportOptions, InferredScope, Item, OptionText, Report, clause,
};
use crate::heuristics::{infer_scope, provision_kind};
use crate::model::{
    Declared, Entry, EntryKind, FORMAT_VERSION, ListFile, ListMeta, Section, SectionKind, Source, Text, Transcription,
    TranscriptionStatus,
};
use crate::model::{Provision, Scope};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The id every imported entry cites.
pub const SOURCE_ID: &str = "S1";

fn lang_ok(l: &str) -> bool {
    (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase())
}

/// Checks the options before reading anything.
pub(crate) fn check_options(o: &ImportOptions) -> Result<(), ImportError> {
    let bad = |option: ImportOption, problem: String| Err(ImportError::Option { option, problem });
    let id_ok = o.id.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && o.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if !id_ok {
        return bad(
            ImportOption::Id,
            format!("`{}`: use lowercase letters, digits, `.`, `_` and `-`, e.g. kg-2000-res-158", o.id),
        );
    }
    if !crate::jurisdiction::is_valid(&o.jurisdiction) {
        return bad(
            ImportOption::Jurisdiction,
            format!(
                "`{}` is not an ISO 3166-1 alpha-2 code (KG, RU…; SU for the USSR; XA–XZ for tests)",
                o.jurisdiction
            ),
        );
    }
    if !lang_ok(&o.lang) {
        return bad(ImportOption::Lang, format!("`{}` is not an ISO 639-1 code (ru, ky, en…)", o.lang));
    }
    if let Some(l) = &o.title_lang
        && !lang_ok(l)
    {
        return bad(ImportOption::TitleLang, format!("`{l}` is not an ISO 639-1 code (ru, ky, en…)"));
    }
    if o.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return bad(ImportOption::Title, "is empty".into());
    }
    for (option, v) in [(ImportOption::Number, &o.number), (ImportOption::Issuer, &o.issuer)] {
        if v.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return bad(option, "is empty".into());
        }
    }
    if o.declared == Some(0) {
        return bad(ImportOption::Declared, "must be at least 1".into());
    }
    if let Some(s) = &o.source {
        if s.title.trim().is_empty() {
            return bad(ImportOption::SourceTitle, "is empty".into());
        }
        if let Some(u) = &s.url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return bad(ImportOption::SourceUrl, format!("`{u}` is not an http(s) URL"));
        }
    }
    Ok(())
}

struct Run {
    prefix: String,
    numbers: Vec<u32>,
}

fn text_of(lang: &str, s: &str) -> Text {
    Text::from([(lang.to_string(), s.to_string())])
}

fn unique(ids: &mut HashSet<String>, base: String) -> String {
    if ids.insert(base.clone()) {
        return base;
    }
    let mut k = 2;
    loop {
        let c = format!("{base}-{k}");
        if ids.insert(c.clone()) {
            return c;
        }
        k += 1;
    }
}

fn lines_text(lines: &[usize]) -> String {
    let mut s: Vec<String> = lines.iter().take(20).map(|l| l.to_string()).collect();
    if lines.len() > 20 {
        s.push("…".into());
    }
    s.join(", ")
}

/// Builds the list file.
pub(crate) fn build(doc: Doc, o: &ImportOptions, report: &mut Report) -> ListFile {
    let lang = o.lang.as_str();
    let lang_data = super::lang::get(lang);
    let mut engaged: std::collections::BTreeMap<&str, usize> = Default::default();
    let cite: Vec<String> = if o.source.is_some() { vec![SOURCE_ID.into()] } else { vec![] };
    let mut sections: Vec<Section> = Vec::new();
    let mut section_lines: Vec<usize> = Vec::new();
    let mut section_ids: HashSet<String> = HashSet::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry_lines: Vec<usize> = Vec::new();
    let mut entry_ids: HashSet<String> = HashSet::new();
    let mut suffixed: Vec<(String, usize)> = Vec::new();
    let mut top: Option<usize> = None;
    let mut top_roman = false;
    let mut sub: Option<usize> = None;
    let mut subheading_count = 0;
    let mut preamble: Vec<(usize, String)> = Vec::new();
    let mut list_notes: Vec<(usize, String)> = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let mut current_run: HashMap<String, usize> = HashMap::new();
    let mut heading_since_entry = false;
    // Notes after the last entry read so far: the entry's notes, or (before a
    // heading or at the end) provisions of the section or the list.
    let mut trailing: Vec<(usize, String)> = Vec::new();
    let mut provisions: Vec<Provision> = Vec::new();
    let flush = |trailing: &mut Vec<(usize, String)>,
                 entries: &mut Vec<Entry>,
                 provisions: &mut Vec<Provision>,
                 report: &mut Report,
                 end: Option<bool>| {
        for (line, text) in trailing.drain(..) {
            let Some(e) = entries.last_mut() else { continue };
            // `end`: None before an entry; Some(false) before a heading; Some(true) at the end.
            match end.and_then(|whole| provision_kind(&text).map(|k| (whole, k))) {
                Some((whole, (kind, phrase))) => {
                    let section = if whole { None } else { e.section.clone() };
                    let whose = section.as_deref().map_or("the list".to_string(), |s| format!("section {s}"));
                    report.note(
                        Some(line),
                        format!(
                            "note read as a provision of {whose} ({}: «{phrase}»), not of entry {}",
                            kind.as_str(),
                            e.id
                        ),
                    );
                    provisions.push(Provision {
                        section,
                        text: text_of(lang, &text),
                        kind,
                        kind_inferred: true,
                        evidence: o.evidence_written(),
                        sources: cite.clone(),
                        note: Some(format!("Read from the note at line {line} of the imported text.")),
                    });
                }
                None => {
                    e.note = Some(match e.note.take() {
                        Some(n) => format!("{n}; {text}"),
                        None => text,
                    })
                }
            }
        }
    };

    for item in doc.items {
        match item {
            Item::Heading { line, kind, number, title, colon } => {
                flush(&mut trailing, &mut entries, &mut provisions, report, Some(false));
                heading_since_entry = true;
                let value = number.as_deref().and_then(text::roman_value);
                let (section_kind, parent, id) = match kind {
                    HeadingKind::Roman | HeadingKind::Section => {
                        let id = match (value, &number) {
                            (Some(v), _) if kind == HeadingKind::Roman => format!("s{v}"),
                            (_, Some(n)) if !text::id_part(n).is_empty() => format!("s{}", text::id_part(n)),
                            _ => format!("s{}", sections.len() + 1),
                        };
                        (SectionKind::Section, None, id)
                    }
                    HeadingKind::Arabic => {
                        let id = format!("s{}", text::id_part(number.as_deref().unwrap_or("")));
                        if top_roman { (SectionKind::Subheading, top, id) } else { (SectionKind::Section, None, id) }
                    }
                    HeadingKind::Paragraph => {
                        let id = format!("p{}", text::id_part(number.as_deref().unwrap_or("")));
                        if top.is_some() {
                            (SectionKind::Subheading, top, id)
                        } else {
                            (SectionKind::Section, None, id)
                        }
                    }
                    HeadingKind::Unnumbered => {
                        subheading_count += 1;
                        (SectionKind::Subheading, top, format!("h{subheading_count}"))
                    }
                };
                let id = unique(&mut section_ids, id);
                let idx = sections.len();
                sections.push(Section {
                    id,
                    number,
                    title: text_of(lang, &title),
                    kind: section_kind,
                    parent: parent.map(|p| sections[p].id.clone()),
                    sources: cite.clone(),
                    note: colon.then(|| "Printed with a final colon.".to_string()),
                });
                section_lines.push(line);
                if section_kind == SectionKind::Section {
                    top = Some(idx);
                    top_roman = kind == HeadingKind::Roman;
                    sub = None;
                } else {
                    sub = Some(idx);
                }
            }
            Item::Entry { line, number, title, condition, note } => {
                flush(&mut trailing, &mut entries, &mut provisions, report, None);
                let (title, condition) = match condition {
                    Some(c) => (title, Some(c)),
                    None => clause::split_lang(&title, lang),
                };
                if condition.is_none()
                    && let Some(p) = lang_data.and_then(|l| l.engaged_phrase(&title))
                {
                    *engaged.entry(p).or_default() += 1;
                }
                // Numbering: runs, restarts, order.
                if let Some((prefix, n, letter)) = number.as_deref().and_then(text::number_parts)
                    && letter.is_empty()
                {
                    match current_run.get(&prefix).copied() {
                        Some(ri) => {
                            let last = runs[ri].numbers.last().copied().unwrap_or(0);
                            if n > last {
                                runs[ri].numbers.push(n);
                            } else if n == 1 || heading_since_entry {
                                report.warn(
                                    Some(line),
                                    format!("numbering restarts: entry {prefix}{n} follows {prefix}{last}"),
                                );
                                current_run.insert(prefix.clone(), runs.len());
                                runs.push(Run { prefix, numbers: vec![n] });
                            } else {
                                report.warn(
                                    Some(line),
                                    format!("entry {prefix}{n} is out of order (follows {prefix}{last})"),
                                );
                                runs[ri].numbers.push(n);
                            }
                        }
                        None => {
                            current_run.insert(prefix.clone(), runs.len());
                            runs.push(Run { prefix, numbers: vec![n] });
                        }
                    }
                }
                heading_since_entry = false;
                let base = match number.as_deref().map(text::id_part) {
                    Some(p) if !p.is_empty() => format!("e{p}"),
                    _ => format!("r{}", entries.len() + 1),
                };
                let id = unique(&mut entry_ids, base.clone());
                if id != base {
                    suffixed.push((id.clone(), line));
                }
                // Scope: the entry's own words, else its sub-heading's, else its section's.
                let full = match &condition {
                    Some(c) => format!("{title}, {c}"),
                    None => title.clone(),
                };
                let mut candidates = vec![(full, "entry")];
                if let Some(s) = sub {
                    candidates.push((sections[s].title.values().next().cloned().unwrap_or_default(), "sub-heading"));
                }
                if let Some(t) = top {
                    candidates.push((sections[t].title.values().next().cloned().unwrap_or_default(), "section"));
                }
                // A text that leaves the scope unknown (it names only a group it
                // excludes) is read again with its heading's words before it.
                let mut found = None;
                let mut read = String::new();
                for (t, from) in candidates {
                    read = if read.is_empty() { t } else { format!("{t}\n{read}") };
                    if let Some(inf) = infer_scope(&read) {
                        let settled = inf.scope != Scope::Unknown;
                        found = Some((inf, from));
                        if settled {
                            break;
                        }
                    }
                }
                let scope = found.map(|(inf, from)| {
                    for w in &inf.warnings {
                        report.warn(Some(line), format!("entry {id}: {w}"));
                    }
                    report.inferred.push(InferredScope {
                        entry: id.clone(),
                        line,
                        scope: inf.scope.clone(),
                        evidence: inf.evidence.join(", "),
                        from,
                    });
                    inf.scope
                });
                let section = sub.or(top).map(|i| sections[i].id.clone());
                entries.push(Entry {
                    id,
                    number,
                    section,
                    title: text_of(lang, &title),
                    condition: condition.map(|c| text_of(lang, &c)).unwrap_or_default(),
                    scope_inferred: scope.is_some(),
                    scope,
                    kind: EntryKind::Occupation,
                    hazards: vec![],
                    justification: None,
                    exceptions: None,
                    employer_waiver: None,
                    weight_limit_kg: None,
                    alternatives: vec![],
                    evidence: o.evidence_written(),
                    sources: cite.clone(),
                    reviewed: None,
                    next_review: None,
                    replaces: vec![],
                    replaces_reason: None,
                    waivers: vec![],
                    covers: vec![],
                    note,
                });
                entry_lines.push(line);
            }
            Item::Note { line, text } => match entries.last() {
                Some(_) => trailing.push((line, text)),
                None => list_notes.push((line, text)),
            },
            Item::Preamble { line, text } => preamble.push((line, text)),
            Item::Remark { line, text } => {
                report.note(Some(line), format!("«{}» read as a remark, not part of the list", excerpt(&text, 60)));
                report.remarks.push(super::Unplaced { line, text, reason: "remark".into() });
            }
        }
    }

    flush(&mut trailing, &mut entries, &mut provisions, report, Some(true));

    // Unnumbered text after the last entry (not ending with `:`) is a trailer, not a heading.
    let last_entry_line = entry_lines.last().copied().unwrap_or(0);
    let mut trailer: Vec<(usize, String)> = Vec::new();
    while let (Some(s), Some(&l)) = (sections.last(), section_lines.last()) {
        let used = entries.iter().any(|e| e.section.as_deref() == Some(s.id.as_str()));
        if l > last_entry_line && s.kind == SectionKind::Subheading && s.number.is_none() && s.note.is_none() && !used {
            let s = sections.pop().expect("checked");
            section_lines.pop();
            trailer.insert(0, (l, s.title.values().next().cloned().unwrap_or_default()));
        } else {
            break;
        }
    }
    // Headings read, and those that hold no entry, directly or through a sub-heading.
    for (i, s) in sections.iter().enumerate() {
        let what = if s.kind == SectionKind::Section { "section" } else { "sub-heading" };
        report.note(
            Some(section_lines[i]),
            format!("{what} {}: «{}»", s.id, excerpt(s.title.values().next().map_or("", |v| v), 80)),
        );
        let holds = |id: &str| entries.iter().any(|e| e.section.as_deref() == Some(id));
        let child_holds = sections.iter().any(|c| c.parent.as_deref() == Some(s.id.as_str()) && holds(&c.id));
        // A heading whose entries were cut off in the source is not a wrapped line.
        let next_heading = section_lines.get(i + 1).copied().unwrap_or(usize::MAX);
        let cut_below = report.cut.iter().any(|c| c.line > section_lines[i] && c.line < next_heading);
        if cut_below {
            report.note(Some(section_lines[i]), format!("{what} {}: its entries are cut off in the source", s.id));
        } else if !holds(&s.id) && !child_holds {
            report.warn(
                Some(section_lines[i]),
                format!(
                    "{what} «{}» holds no entry; is it a wrapped line?",
                    excerpt(s.title.values().next().map_or("", |v| v), 60)
                ),
            );
        }
    }
    if !suffixed.is_empty() {
        let names: Vec<&str> = suffixed.iter().take(5).map(|(i, _)| i.as_str()).collect();
        report.note(
            Some(suffixed[0].1),
            format!(
                "{} entry id(s) got a suffix because their numbers repeat: {}{}",
                suffixed.len(),
                names.join(", "),
                if suffixed.len() > 5 { ", …" } else { "" }
            ),
        );
    }

    // Gaps.
    let plain_runs = runs.iter().filter(|r| r.prefix.is_empty()).count();
    for r in &runs {
        let set: BTreeSet<u32> = r.numbers.iter().copied().collect();
        let mut expect = 1;
        for &n in &set {
            if n > expect {
                let at = if expect == 1 { "start" } else { "inside" };
                report.gaps.push(Gap { prefix: r.prefix.clone(), from: expect, to: n - 1, at });
            }
            expect = n.saturating_add(1);
        }
        if let Some(d) = o.declared
            && r.prefix.is_empty()
            && plain_runs == 1
            && expect <= d
        {
            report.gaps.push(Gap { prefix: String::new(), from: expect, to: d, at: "end" });
        }
    }
    let plain_numbers: Vec<u32> =
        runs.iter().filter(|r| r.prefix.is_empty()).flat_map(|r| r.numbers.iter().copied()).collect();
    report.number_range = plain_numbers.iter().min().zip(plain_numbers.iter().max()).map(|(a, b)| (*a, *b));
    report.entries = entries.len();
    match lang_data {
        None => report.note(
            None,
            format!(
                "the importer has no language data for `{lang}`: no condition split from titles, sub-headings only by numbering or a final colon"
            ),
        ),
        Some(_) if !engaged.is_empty() => {
            let n: usize = engaged.values().sum();
            let phrases: Vec<String> = engaged.keys().map(|p| format!("«{p}»")).collect();
            report.note(
                None,
                format!(
                    "{n} {} a condition before the noun ({}): in `{lang}` it is not split from the title; check them by hand",
                    if n == 1 { "entry names" } else { "entries name" },
                    phrases.join(", ")
                ),
            );
        }
        Some(_) => {}
    }
    report.sections = sections.iter().filter(|s| s.kind == SectionKind::Section).count();
    report.subheadings = sections.len() - report.sections;
    report.declared = o.declared;
    report.default_scope = o.default_scope.clone();

    // The default scope against what the title says.
    let title_text =
        o.title.clone().unwrap_or_else(|| preamble.iter().map(|p| p.1.as_str()).collect::<Vec<_>>().join(" "));
    if let Some(inf) = infer_scope(&title_text)
        && !inf.generic
        && inf.scope != o.default_scope
    {
        report.warn(
            None,
            OptionText::from(format!(
                "the title names «{}» ({}) but the default scope is {}; pass ",
                inf.evidence.join(", "),
                inf.scope,
                o.default_scope,
            ))
            .option(ImportOption::DefaultScope)
            .text(format!(" {} if the whole list is about them", inf.scope)),
        );
    }

    // Metadata: only what was given.
    let title = match &o.title {
        Some(t) => text_of(o.title_lang.as_deref().unwrap_or(lang), &text::clean(t)),
        None => {
            report.warn(
                None,
                OptionText::from("no ")
                    .option(ImportOption::Title)
                    .text(": the list's title says it was not given; set it with ")
                    .option(ImportOption::Title),
            );
            text_of("en", &format!("Title not given at import (imported from {})", o.input_name))
        }
    };
    let declared = match (o.declared, &o.source) {
        (Some(count), Some(_)) => Some(Declared {
            count,
            confidence: o.confidence,
            sources: cite.clone(),
            other_reports: vec![],
            note: Some("Given with `alljobs import --declared`.".into()),
        }),
        (Some(count), None) => {
            report.warn(
                None,
                OptionText::default().option(ImportOption::Declared).text(format!(
                    " {count} without a source is kept in the transcription note, not in list.declared (a count needs a source)"
                )),
            );
            None
        }
        _ => None,
    };
    let complete = o.declared == Some(entries.len() as u32) && report.unplaced.is_empty() && report.cut.is_empty();
    let mut note = format!(
        "Imported with `alljobs import` from {} ({}layout {}, encoding {}): {}.",
        o.input_name,
        if report.format == super::format::Format::Text {
            String::new()
        } else {
            format!("format {}, ", report.format)
        },
        report.layout,
        report.encoding,
        report.count_text()
    );
    if !report.gaps.is_empty() {
        let gaps: Vec<String> =
            report.gaps.iter().take(20).map(|g| text::range_text(&g.prefix, g.from, g.to)).collect();
        note.push_str(&format!(
            " Missing by numbering: {}{}.",
            gaps.join(", "),
            if report.gaps.len() > 20 { ", …" } else { "" }
        ));
    }
    if !report.unplaced.is_empty() {
        let lines: Vec<usize> = report.unplaced.iter().map(|u| u.line).collect();
        note.push_str(&format!(
            " {} line(s) of the input could not be placed and are not transcribed (lines {}).",
            lines.len(),
            lines_text(&lines)
        ));
    }
    if !report.cut.is_empty() {
        let cut: Vec<String> =
            report.cut.iter().take(20).map(|c| format!("line {}: «{}»", c.line, excerpt(&c.text, 60))).collect();
        note.push_str(&format!(
            " {} item(s) cut off in the source, incomplete and not transcribed ({}{}).",
            report.cut.len(),
            cut.join("; "),
            if report.cut.len() > 20 { "; …" } else { "" }
        ));
    }
    if !report.inferred.is_empty() {
        note.push_str(
            " Scopes marked scope_inferred were read from the wording by heuristics: check them against the act.",
        );
    }
    if let (Some(d), None) = (o.declared, &o.source) {
        note.push_str(&format!(" Declared count given at import without a source: {d}."));
    }
    let status = if complete { TranscriptionStatus::Complete } else { TranscriptionStatus::Partial };
    let mut list_note: Vec<String> = Vec::new();
    let quote = |v: &[(usize, String)]| -> String {
        let first = v.first().map_or(0, |p| p.0);
        let last = v.last().map_or(0, |p| p.0);
        let lines = if first == last { format!("line {first}") } else { format!("lines {first}–{last}") };
        format!("{lines}: «{}»", v.iter().map(|p| p.1.as_str()).collect::<Vec<_>>().join(" / "))
    };
    if !preamble.is_empty() {
        report.note(Some(preamble[0].0), "text before the first entry kept in the list's note");
        list_note.push(format!("Text before the first entry ({}).", quote(&preamble)));
    }
    for (l, n) in &list_notes {
        list_note.push(format!("Note at line {l}: «{n}»."));
    }
    if !report.remarks.is_empty() {
        let r: Vec<String> =
            report.remarks.iter().map(|r| format!("line {}: «{}»", r.line, excerpt(&r.text, 80))).collect();
        list_note.push(format!("Remarks in the text, not part of the list ({}).", r.join("; ")));
    }
    if !trailer.is_empty() {
        report.note(Some(trailer[0].0), "text after the last entry kept in the list's note");
        list_note.push(format!("Text after the last entry ({}).", quote(&trailer)));
    }
    let sources = match &o.source {
        Some(s) => vec![Source {
            id: SOURCE_ID.into(),
            title: text::clean(&s.title),
            url: s.url.clone(),
            kind: s.kind,
            accessed: None,
            note: Some(format!("The text imported with `alljobs import` ({}).", o.input_name)),
        }],
        None => vec![],
    };
    ListFile {
        format_version: FORMAT_VERSION,
        list: ListMeta {
            id: o.id.clone(),
            jurisdiction: o.jurisdiction.clone(),
            instrument: o.instrument,
            number: o.number.clone(),
            issuer: o.issuer.clone(),
            title,
            status: o.status,
            effect: o.effect,
            default_scope: o.default_scope.clone(),
            confidence: o.confidence,
            sources: vec![],
            base: None,
            dates: Default::default(),
            declared,
            transcription: Some(Transcription { status, note: Some(note) }),
            relations: vec![],
            facts: vec![],
            review: None,
            note: (!list_note.is_empty()).then(|| list_note.join(" ")),
            ids: Some(crate::model::IdKind::Numbering),
        },
        sources,
        sections,
        entries,
        provisions,
        operations: vec![],
    }
}
