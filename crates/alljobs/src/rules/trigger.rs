//! The trigger language of rule files: a tree of conditions on an entry (and
//! its list), combined with `all`, `any` and `not`.
//!
//! A condition is a TOML table with exactly one test key, and optionally a
//! `note` that is added to the finding's evidence when the condition holds:
//!
//! ```toml
//! [rules.trigger]
//! all = [
//!   { class = ["general", "other-group"] },
//!   { any = [
//!       { kind = ["sector"] },
//!       { title = '\bподземн\w*|\bшахт\w*|underground|mining', note = "sector wording" },
//!   ] },
//!   { not = { kind = ["weight-limit", "night-work"] } },
//! ]
//! ```
//!
//! Entry tests: `class`, `scope`, `kind`, `present`, `absent`,
//! `employer_waiver`, `alternatives`, `review_due`, `fired`, and the regex
//! tests `text`, `title`, `justification`, `exceptions`, `hazard`. List tests
//! (allowed in entry rules too): `jurisdiction`, `number`, `instrument`,
//! `status`, `adopted`, and the regexes `list_title`, `relation`. README
//! ("The trigger language") documents each.

use crate::classify::EntryClass;
use crate::diagnostic::Diagnostic;
use crate::normalize::{Fold, normalize_with};

/// The text the rules' patterns are matched on: case folded only (see [`Fold::Case`]).
fn fold(s: &str) -> String {
    normalize_with(s, Fold::Case)
}
use crate::list::List;
use crate::model::{Alternative, Date, Entry, EntryKind, InstrumentKind, Scope, ScopeClass, Status};
use crate::textmatch::{Hits, LazyRegex, Prefilter};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// One condition of a trigger, with the note it adds to the evidence when it holds.
#[derive(Debug, Clone)]
pub struct Condition {
    /// What is tested.
    pub test: Test,
    /// Added to the finding's evidence when the condition holds.
    pub note: Option<String>,
}

/// The tests of the trigger language.
#[derive(Debug, Clone)]
pub enum Test {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds (the evidence of every one that holds is kept).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The entry's class (see `classify`) is one of these.
    Class(Vec<ScopeClass>),
    /// The entry's scope (field, or inferred from the wording) matches one of
    /// these forms; a trailing `*` matches a prefix (`age-*`, `children-under-*`).
    Scope(Vec<ScopePattern>),
    /// The entry's `kind` is one of these.
    Kind(Vec<EntryKind>),
    /// Every one of these fields is given (non-empty).
    Present(Vec<Field>),
    /// None of these fields is given.
    Absent(Vec<Field>),
    /// `employer_waiver` is true (`true`), or not true (`false`).
    EmployerWaiver(bool),
    /// The entry offers at least one of these alternatives.
    Alternatives(Vec<Alternative>),
    /// The entry has no review date, its `next_review` has passed, or its last
    /// review is older than the review period with no next review set (`true`);
    /// or none of these (`false`).
    ReviewDue(bool),
    /// A regex matches a text of the entry or list (case-insensitive, `ё` read as `е`).
    Matches(TextField, Pattern),
    /// One of these rules fired on the same entry (on the list, for list rules).
    Fired(Vec<String>, Option<SourceSpan>),
    /// The list's jurisdiction is one of these codes (case-insensitive).
    Jurisdiction(Vec<String>),
    /// The list's number is one of these.
    Number(Vec<String>),
    /// The list's instrument kind is one of these.
    Instrument(Vec<InstrumentKind>),
    /// The list's status is one of these.
    Status(Vec<Status>),
    /// The list's adoption date is one of these.
    Adopted(Vec<Date>),
}

/// The texts a regex test reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// Title, condition, justification and exceptions, every language.
    Text,
    /// Title and condition, every language.
    Title,
    /// The justification.
    Justification,
    /// The exceptions.
    Exceptions,
    /// Each hazard word.
    Hazard,
    /// The list's title, every language.
    ListTitle,
    /// Each relation of the list as "kind target note", and `base` as "base ID".
    Relation,
}

impl TextField {
    /// The key in rule files.
    pub fn key(self) -> &'static str {
        match self {
            TextField::Text => "text",
            TextField::Title => "title",
            TextField::Justification => "justification",
            TextField::Exceptions => "exceptions",
            TextField::Hazard => "hazard",
            TextField::ListTitle => "list_title",
            TextField::Relation => "relation",
        }
    }
    fn is_list(self) -> bool {
        matches!(self, TextField::ListTitle | TextField::Relation)
    }
}

/// Entry fields that `present` and `absent` test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `condition`.
    Condition,
    /// `hazards`.
    Hazards,
    /// `justification`.
    Justification,
    /// `exceptions`.
    Exceptions,
    /// `employer_waiver`.
    EmployerWaiver,
    /// `weight_limit_kg`.
    WeightLimitKg,
    /// `alternatives`.
    Alternatives,
    /// `reviewed`.
    Reviewed,
    /// `next_review`.
    NextReview,
    /// `sources`.
    Sources,
    /// `number`.
    Number,
    /// `section`.
    Section,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Condition => "condition",
            Field::Hazards => "hazards",
            Field::Justification => "justification",
            Field::Exceptions => "exceptions",
            Field::EmployerWaiver => "employer_waiver",
            Field::WeightLimitKg => "weight_limit_kg",
            Field::Alternatives => "alternatives",
            Field::Reviewed => "reviewed",
            Field::NextReview => "next_review",
            Field::Sources => "sources",
            Field::Number => "number",
            Field::Section => "section",
        }
    }
    pub(crate) fn given(self, e: &Entry) -> bool {
        let s = |o: &Option<String>| o.as_ref().is_some_and(|t| !t.trim().is_empty());
        match self {
            Field::Condition => e.condition.values().any(|t| !t.trim().is_empty()),
            Field::Hazards => e.hazards.iter().any(|h| !h.trim().is_empty()),
            Field::Justification => s(&e.justification),
            Field::Exceptions => s(&e.exceptions),
            Field::EmployerWaiver => e.employer_waiver.is_some(),
            Field::WeightLimitKg => e.weight_limit_kg.is_some(),
            Field::Alternatives => !e.alternatives.is_empty(),
            Field::Reviewed => e.reviewed.is_some(),
            Field::NextReview => e.next_review.is_some(),
            Field::Sources => !e.sources.is_empty(),
            Field::Number => s(&e.number),
            Field::Section => s(&e.section),
        }
    }
}

/// A scope form, or a prefix ending in `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopePattern {
    /// One scope.
    Exact(Scope),
    /// Every scope whose name starts with this (`age-*`).
    Prefix(String),
}

impl ScopePattern {
    fn matches(&self, s: &Scope) -> bool {
        match self {
            ScopePattern::Exact(x) => x == s,
            ScopePattern::Prefix(p) => s.to_string().starts_with(p.as_str()),
        }
    }
}

impl fmt::Display for ScopePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopePattern::Exact(s) => write!(f, "{s}"),
            ScopePattern::Prefix(p) => write!(f, "{p}*"),
        }
    }
}

/// A regex test's pattern with its source as written.
///
/// Matched through `LazyRegex`: a literal prefilter first, and the regex of
/// a built-in rule compiled on first use (a test compiles every one), so a
/// command compiles only the patterns some text can match. A user's rule file
/// is compiled when it is read, so that its errors are reported then.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written in the rule file.
    pub source: String,
    regex: Arc<LazyRegex>,
}

impl Pattern {
    /// Compiles a pattern: case-insensitive, `ё` in the pattern read as `е`.
    pub fn new(source: &str) -> Result<Pattern, regex::Error> {
        Pattern::build(source, false)
    }
    /// [`Pattern::new`]; with `lazy` the regex is compiled on first use (the
    /// built-in rules, every one compiled by a test).
    pub(crate) fn build(source: &str, lazy: bool) -> Result<Pattern, regex::Error> {
        let translated = alljobs_textmatch::rule_pattern(source);
        let regex = if lazy { LazyRegex::lazy(&translated) } else { LazyRegex::compiled(&translated)? };
        Ok(Pattern { source: source.to_string(), regex: Arc::new(regex) })
    }
    /// The first match in a text already case-folded (lower case, `ё` → `е`).
    pub fn find<'t>(&self, normalised: &'t str) -> Option<&'t str> {
        self.regex.find(normalised).map(|m| &normalised[m])
    }
    /// [`Pattern::find`] behind a rule set's prefilter: `slot` is the pattern's
    /// place in [`RuleScan`], `hits` the scan of the text (`None`: the
    /// pattern's own prefilter).
    fn find_in<'t>(&self, normalised: &'t str, hits: Option<(&Hits, usize)>) -> Option<&'t str> {
        match hits {
            Some((h, k)) if !h.may(k) => None,
            Some(_) => self.regex.find_unfiltered(normalised).map(|m| &normalised[m]),
            None => self.find(normalised),
        }
    }
    /// Compiles every form of the regex now (tests of the built-in rules).
    #[cfg(test)]
    pub(crate) fn force(&self) -> bool {
        self.regex.force()
    }
    /// Compares the forms of the regex on texts (tests of the built-in rules).
    #[cfg(test)]
    pub(crate) fn agrees_on(&self, texts: &[&str]) -> Result<(), String> {
        self.regex.agrees_on(texts)
    }
}

/// Where a piece of a rule file is, for errors found after parsing
/// (e.g. a `fired` code that names no rule once every file is merged).
#[derive(Debug, Clone)]
pub struct SourceSpan {
    /// The rule file.
    pub path: String,
    /// Its text.
    pub text: Arc<str>,
    /// The byte range of the piece.
    pub span: Range<usize>,
}

impl SourceSpan {
    /// An error diagnostic at this place.
    pub fn error(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).at(&self.path, &self.text, self.span.clone())
    }
}

// ---------------------------------------------------------------- evaluation

/// The regex tests of a rule set by the text field they read, each field's
/// patterns behind one [`Prefilter`]: a text is scanned once for the atoms
/// of every pattern that reads it, and only the patterns whose atoms occur run.
pub(crate) struct RuleScan {
    /// Per [`TextField`] (in [`FIELDS`] order), the prefilter of its patterns.
    fields: Vec<Prefilter>,
    /// Each pattern's place: (field, address of its regex) → index in that field's prefilter.
    slots: fnv::FnvHashMap<(usize, *const LazyRegex), usize>,
}

/// The text fields, in [`RuleScan`]'s order.
const FIELDS: [TextField; 7] = [
    TextField::Text,
    TextField::Title,
    TextField::Justification,
    TextField::Exceptions,
    TextField::Hazard,
    TextField::ListTitle,
    TextField::Relation,
];

fn field_index(f: TextField) -> usize {
    FIELDS.iter().position(|x| *x == f).expect("every field is in FIELDS")
}

impl RuleScan {
    /// The prefilters of these triggers' regex tests.
    pub(crate) fn new<'a>(triggers: impl IntoIterator<Item = &'a Condition>) -> RuleScan {
        let mut per: Vec<Vec<&LazyRegex>> = vec![Vec::new(); FIELDS.len()];
        let mut slots = fnv::FnvHashMap::default();
        for t in triggers {
            t.walk(&mut |c| {
                if let Test::Matches(f, p) = &c.test {
                    let fi = field_index(*f);
                    let key = (fi, Arc::as_ptr(&p.regex));
                    if let std::collections::hash_map::Entry::Vacant(e) = slots.entry(key) {
                        e.insert(per[fi].len());
                        per[fi].push(&p.regex);
                    }
                }
            });
        }
        RuleScan { fields: per.into_iter().map(Prefilter::new).collect(), slots }
    }

    fn slot(&self, f: TextField, p: &Pattern) -> Option<usize> {
        self.slots.get(&(field_index(f), Arc::as_ptr(&p.regex))).copied()
    }

    fn scan(&self, f: TextField, text: &str) -> Hits {
        self.fields[field_index(f)].scan(text)
    }
}

/// The normalised texts of an entry, computed once per entry, and their
/// scans by the rule set's prefilters (each computed when a test first reads it).
pub(crate) struct EntryTexts {
    text: String,
    title: String,
    justification: String,
    exceptions: String,
    hazards: Vec<String>,
    /// [`RuleScan`] scans of text, title, justification, exceptions.
    hits: [std::cell::OnceCell<Hits>; 4],
    hazard_hits: std::cell::OnceCell<Vec<Hits>>,
}

impl EntryTexts {
    pub(crate) fn new(e: &Entry) -> EntryTexts {
        EntryTexts::from_parts(
            fold(&crate::classify::scope_text(e)),
            fold(e.justification.as_deref().unwrap_or("")),
            fold(e.exceptions.as_deref().unwrap_or("")),
            e.hazards.iter().map(|h| fold(h)).collect(),
        )
    }

    fn from_parts(title: String, justification: String, exceptions: String, hazards: Vec<String>) -> EntryTexts {
        let text = [title.as_str(), justification.as_str(), exceptions.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
        EntryTexts {
            text,
            title,
            justification,
            exceptions,
            hazards,
            hits: Default::default(),
            hazard_hits: Default::default(),
        }
    }

    /// The texts of `filled`, a copy of `e` (whose texts these are) with some
    /// fields changed: the fields left as they are keep their normalised text
    /// and scans, the others are normalised again. The same as
    /// [`EntryTexts::new`] of `filled`.
    pub(crate) fn refilled(&self, e: &Entry, filled: &Entry) -> EntryTexts {
        let same_title = e.title == filled.title && e.condition == filled.condition;
        let keep = |same: bool, have: &String, now: &Option<String>| {
            if same { have.clone() } else { fold(now.as_deref().unwrap_or("")) }
        };
        let same = [
            same_title,
            e.justification == filled.justification,
            e.exceptions == filled.exceptions,
            e.hazards == filled.hazards,
        ];
        let title = if same[0] { self.title.clone() } else { fold(&crate::classify::scope_text(filled)) };
        let justification = keep(same[1], &self.justification, &filled.justification);
        let exceptions = keep(same[2], &self.exceptions, &filled.exceptions);
        let hazards = if same[3] { self.hazards.clone() } else { filled.hazards.iter().map(|h| fold(h)).collect() };
        let mut t = EntryTexts::from_parts(title, justification, exceptions, hazards);
        if same[..3].iter().all(|x| *x) {
            t.hits[0] = self.hits[0].clone();
        }
        for i in 1..4 {
            if same[i - 1] {
                t.hits[i] = self.hits[i].clone();
            }
        }
        if same[3] {
            t.hazard_hits = self.hazard_hits.clone();
        }
        t
    }

    /// The first match of `p` in field `f` (not a list field), behind the rule set's prefilter.
    fn find(&self, scan: &RuleScan, f: TextField, p: &Pattern) -> Option<&str> {
        let slot = scan.slot(f, p);
        let (i, text) = match f {
            TextField::Text => (0, &self.text),
            TextField::Title => (1, &self.title),
            TextField::Justification => (2, &self.justification),
            TextField::Exceptions => (3, &self.exceptions),
            TextField::Hazard => {
                let Some(k) = slot else { return self.hazards.iter().find_map(|h| p.find(h)) };
                let hits = self.hazard_hits.get_or_init(|| self.hazards.iter().map(|h| scan.scan(f, h)).collect());
                return self.hazards.iter().zip(hits).find_map(|(h, hh)| p.find_in(h, Some((hh, k))));
            }
            TextField::ListTitle | TextField::Relation => return None,
        };
        p.find_in(text, slot.map(|k| (self.hits[i].get_or_init(|| scan.scan(f, text)), k)))
    }
}

/// The normalised texts of a list, the rule set's prefilters, and their
/// scans of the list's texts (each computed when a test first reads it).
pub(crate) struct ListTexts {
    title: String,
    relations: Vec<String>,
    scan: RuleScan,
    title_hits: std::cell::OnceCell<Hits>,
    relation_hits: std::cell::OnceCell<Vec<Hits>>,
}

impl ListTexts {
    /// The texts of `list`, with the prefilters of the rules that will be evaluated on it.
    pub(crate) fn new<'a>(list: &List, triggers: impl IntoIterator<Item = &'a Condition>) -> ListTexts {
        let m = list.meta();
        let title = fold(&m.title.values().cloned().collect::<Vec<_>>().join("\n"));
        let mut relations: Vec<String> = m
            .relations
            .iter()
            .map(|r| fold(&format!("{} {} {}", r.kind, r.target, r.note.as_deref().unwrap_or(""))))
            .collect();
        if let Some(b) = &m.base {
            relations.push(fold(&format!("base {b}")));
        }
        ListTexts {
            title,
            relations,
            scan: RuleScan::new(triggers),
            title_hits: Default::default(),
            relation_hits: Default::default(),
        }
    }

    /// The first match of `p` in a list field, behind the rule set's prefilter.
    fn find(&self, f: TextField, p: &Pattern) -> Option<&str> {
        let slot = self.scan.slot(f, p);
        match (f, slot) {
            (TextField::ListTitle, Some(k)) => {
                p.find_in(&self.title, Some((self.title_hits.get_or_init(|| self.scan.scan(f, &self.title)), k)))
            }
            (TextField::ListTitle, None) => p.find(&self.title),
            (TextField::Relation, Some(k)) => {
                let hits =
                    self.relation_hits.get_or_init(|| self.relations.iter().map(|r| self.scan.scan(f, r)).collect());
                self.relations.iter().zip(hits).find_map(|(r, h)| p.find_in(r, Some((h, k))))
            }
            (TextField::Relation, None) => self.relations.iter().find_map(|r| p.find(r)),
            _ => None,
        }
    }
}

/// What a trigger is evaluated against.
pub(crate) struct Ctx<'a> {
    pub list: &'a List,
    pub list_texts: &'a ListTexts,
    /// The entry, its class and texts; `None` for list rules.
    pub entry: Option<(&'a Entry, &'a EntryClass, &'a EntryTexts)>,
    /// Rules fired so far on this entry (or list).
    pub fired: &'a HashSet<String>,
    pub today: Date,
    pub review_period_years: u32,
}

impl Condition {
    /// `Some(evidence)` when the condition holds.
    pub(crate) fn eval(&self, cx: &Ctx) -> Option<Vec<String>> {
        let mut ev = self.test.eval(cx)?;
        if let Some(n) = &self.note {
            ev.push(n.clone());
        }
        Some(ev)
    }

    /// True when the condition uses only list tests (usable in list rules).
    pub fn is_list_only(&self) -> bool {
        self.first_entry_test().is_none()
    }

    /// The key of the first entry test in the tree, if any.
    pub fn first_entry_test(&self) -> Option<&'static str> {
        match &self.test {
            Test::All(v) | Test::Any(v) => v.iter().find_map(Condition::first_entry_test),
            Test::Not(c) => c.first_entry_test(),
            Test::Class(_) => Some("class"),
            Test::Scope(_) => Some("scope"),
            Test::Kind(_) => Some("kind"),
            Test::Present(_) => Some("present"),
            Test::Absent(_) => Some("absent"),
            Test::EmployerWaiver(_) => Some("employer_waiver"),
            Test::Alternatives(_) => Some("alternatives"),
            Test::ReviewDue(_) => Some("review_due"),
            Test::Matches(f, _) if !f.is_list() => Some(f.key()),
            _ => None,
        }
    }

    /// Every rule code named by `fired` tests, with where it is written.
    pub fn fired_refs(&self) -> Vec<(&str, Option<&SourceSpan>)> {
        let mut out = Vec::new();
        self.walk(&mut |c| {
            if let Test::Fired(codes, at) = &c.test {
                out.extend(codes.iter().map(|s| (s.as_str(), at.as_ref())));
            }
        });
        out
    }

    pub(crate) fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Condition)) {
        f(self);
        match &self.test {
            Test::All(v) | Test::Any(v) => v.iter().for_each(|c| c.walk(f)),
            Test::Not(c) => c.walk(f),
            _ => {}
        }
    }
}

fn hit(evidence: Option<String>) -> Option<Vec<String>> {
    Some(evidence.into_iter().collect())
}

fn when(b: bool) -> Option<Vec<String>> {
    b.then(Vec::new)
}

impl Test {
    fn eval(&self, cx: &Ctx) -> Option<Vec<String>> {
        let m = cx.list.meta();
        match self {
            Test::All(v) => {
                let mut ev = Vec::new();
                for c in v {
                    ev.extend(c.eval(cx)?);
                }
                Some(ev)
            }
            Test::Any(v) => {
                let mut any = false;
                let mut ev = Vec::new();
                for c in v {
                    if let Some(e) = c.eval(cx) {
                        any = true;
                        ev.extend(e);
                    }
                }
                any.then_some(ev)
            }
            Test::Not(c) => when(c.eval(cx).is_none()),
            Test::Jurisdiction(v) => when(v.iter().any(|j| j.eq_ignore_ascii_case(&m.jurisdiction))),
            Test::Number(v) => when(m.number.as_ref().is_some_and(|n| v.iter().any(|x| x == n))),
            Test::Instrument(v) => when(v.contains(&m.instrument)),
            Test::Status(v) => when(v.contains(&m.status)),
            Test::Adopted(v) => when(m.dates.adopted.as_ref().and_then(|d| d.date).is_some_and(|d| v.contains(&d))),
            Test::Matches(f @ (TextField::ListTitle | TextField::Relation), p) => {
                cx.list_texts.find(*f, p).map(|s| vec![format!("«{s}»")])
            }
            Test::Fired(codes, _) => {
                let hit: Vec<String> = codes.iter().filter(|c| cx.fired.contains(*c)).cloned().collect();
                (!hit.is_empty()).then(|| vec![format!("fired: {}", hit.join(", "))])
            }
            entry_test => {
                let (e, class, texts) = cx.entry?;
                entry_test.eval_entry(cx, e, class, texts)
            }
        }
    }

    fn eval_entry(&self, cx: &Ctx, e: &Entry, class: &EntryClass, t: &EntryTexts) -> Option<Vec<String>> {
        match self {
            Test::Class(v) => when(v.contains(&class.class)),
            Test::Scope(v) => {
                v.iter().any(|p| p.matches(&class.scope)).then(|| vec![format!("scope = {}", class.scope)])
            }
            Test::Kind(v) => v.contains(&e.kind).then(|| vec![format!("kind = {}", e.kind)]),
            Test::Present(v) => when(v.iter().all(|f| f.given(e))),
            Test::Absent(v) => when(v.iter().all(|f| !f.given(e))),
            Test::EmployerWaiver(b) => {
                // The entry's own field, or a list/section provision that covers it.
                let provision = cx
                    .list
                    .provisions_for(e)
                    .into_iter()
                    .find(|p| p.kind == crate::model::ProvisionKind::EmployerDiscretion);
                let yes = e.employer_waiver == Some(true) || provision.is_some();
                when(yes == *b).map(|mut ev| {
                    if e.employer_waiver == Some(true) {
                        ev.push("employer_waiver = true".into());
                    } else if let Some(p) = provision {
                        let whose = p.section.as_deref().map_or("the list's".to_string(), |s| format!("section {s}'s"));
                        let text = crate::model::pick_text(&p.text, crate::model::language_order("ru")).unwrap_or("");
                        let short: String = text.chars().take(80).collect();
                        let more = if text.chars().count() > 80 { "…" } else { "" };
                        ev.push(format!("{whose} employer-discretion provision «{short}{more}»"));
                    }
                    ev
                })
            }
            Test::Alternatives(v) => {
                let offered: Vec<String> =
                    e.alternatives.iter().filter(|a| v.contains(a)).map(|a| a.to_string()).collect();
                (!offered.is_empty()).then(|| vec![format!("alternatives: {}", offered.join(", "))])
            }
            Test::ReviewDue(b) => {
                let due = review_due_in(cx.list, e, cx.today, cx.review_period_years);
                match (due, b) {
                    (Some(why), true) => hit(Some(why)),
                    (None, false) => Some(Vec::new()),
                    _ => None,
                }
            }
            Test::Matches(f, p) => t.find(&cx.list_texts.scan, *f, p).map(|s| vec![format!("«{s}»")]),
            _ => None,
        }
    }
}

/// Why an entry's review is due, or `None` when it is not.
pub fn review_due(e: &Entry, today: Date, period_years: u32) -> Option<String> {
    review_dates_due(e.reviewed, e.next_review, today, period_years)
}

/// Like [`review_due`], but an entry with no review date of its own takes the
/// list's review (`[list.review]`), when the list has one.
pub fn review_due_in(list: &List, e: &Entry, today: Date, period_years: u32) -> Option<String> {
    if e.reviewed.is_none()
        && e.next_review.is_none()
        && let Some(r) = &list.meta().review
        && (r.reviewed.is_some() || r.next_review.is_some())
    {
        return review_dates_due(r.reviewed, r.next_review, today, period_years).map(|w| format!("list review: {w}"));
    }
    review_due(e, today, period_years)
}

fn review_dates_due(
    reviewed: Option<Date>,
    next_review: Option<Date>,
    today: Date,
    period_years: u32,
) -> Option<String> {
    use std::cmp::Ordering::Less;
    if let Some(n) = next_review {
        return (n.strict_cmp(&today) == Some(Less)).then(|| format!("next review {n} has passed"));
    }
    match reviewed {
        Some(r) => {
            let year = u32::from(r.year).saturating_add(period_years).min(u32::from(u16::MAX)) as u16;
            let limit = Date { year, ..r };
            (limit.strict_cmp(&today) == Some(Less)).then(|| {
                let unit = if period_years == 1 { "year" } else { "years" };
                format!("last reviewed {r}, more than {period_years} {unit} ago; no next review set")
            })
        }
        None => Some("no review date: neither `reviewed` nor `next_review` is set".into()),
    }
}

// ---------------------------------------------------------------- display

fn join<T: fmt::Display>(v: &[T]) -> String {
    format!("[{}]", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "))
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl fmt::Display for Condition {
    /// A compact form: `all(class in [general], not(kind in [night-work]))`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.test {
            Test::All(v) => write!(f, "all({})", v.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")),
            Test::Any(v) => write!(f, "any({})", v.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")),
            Test::Not(c) => write!(f, "not({c})"),
            Test::Class(v) => write!(f, "class in {}", join(v)),
            Test::Scope(v) => write!(f, "scope in {}", join(v)),
            Test::Kind(v) => write!(f, "kind in {}", join(v)),
            Test::Present(v) => write!(f, "present {}", join(v)),
            Test::Absent(v) => write!(f, "absent {}", join(v)),
            Test::EmployerWaiver(b) => write!(f, "employer_waiver = {b}"),
            Test::Alternatives(v) => write!(f, "alternatives any of {}", join(v)),
            Test::ReviewDue(b) => write!(f, "review_due = {b}"),
            Test::Matches(t, p) => write!(f, "{} ~ /{}/", t.key(), p.source),
            Test::Fired(v, _) => write!(f, "fired any of {}", join(v)),
            Test::Jurisdiction(v) => write!(f, "jurisdiction in {}", join(v)),
            Test::Number(v) => write!(f, "number in {}", join(v)),
            Test::Instrument(v) => write!(f, "instrument in {}", join(v)),
            Test::Status(v) => write!(f, "status in {}", join(v)),
            Test::Adopted(v) => write!(f, "adopted in {}", join(v)),
        }
    }
}

// ---------------------------------------------------------------- parsing

/// A condition as written in a rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCond {
    all: Option<Vec<Spanned<RawCond>>>,
    any: Option<Vec<Spanned<RawCond>>>,
    not: Option<Box<Spanned<RawCond>>>,
    class: Option<Vec<ScopeClass>>,
    scope: Option<Vec<Spanned<String>>>,
    kind: Option<Vec<EntryKind>>,
    present: Option<Vec<Field>>,
    absent: Option<Vec<Field>>,
    employer_waiver: Option<bool>,
    alternatives: Option<Vec<Alternative>>,
    review_due: Option<bool>,
    text: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    justification: Option<Spanned<String>>,
    exceptions: Option<Spanned<String>>,
    hazard: Option<Spanned<String>>,
    fired: Option<Spanned<Vec<String>>>,
    jurisdiction: Option<Vec<String>>,
    number: Option<Vec<String>>,
    instrument: Option<Vec<InstrumentKind>>,
    status: Option<Vec<Status>>,
    adopted: Option<Vec<Spanned<toml::Value>>>,
    list_title: Option<Spanned<String>>,
    relation: Option<Spanned<String>>,
    note: Option<String>,
}

/// The test keys, for messages.
pub(crate) const TEST_KEYS: &[&str] = &[
    "all",
    "any",
    "not",
    "class",
    "scope",
    "kind",
    "present",
    "absent",
    "employer_waiver",
    "alternatives",
    "review_due",
    "text",
    "title",
    "justification",
    "exceptions",
    "hazard",
    "fired",
    "jurisdiction",
    "number",
    "instrument",
    "status",
    "adopted",
    "list_title",
    "relation",
];

/// The file being parsed, for positions.
pub(crate) struct FileCtx<'a> {
    pub path: &'a str,
    pub text: &'a Arc<str>,
    /// Compile regexes on first use (the built-in rules, all compiled by a test).
    pub lazy: bool,
}

impl FileCtx<'_> {
    fn error(&self, span: Range<usize>, code: &'static str, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, msg).at(self.path, self.text, span)
    }
    fn source_span(&self, span: Range<usize>) -> SourceSpan {
        SourceSpan { path: self.path.to_string(), text: self.text.clone(), span }
    }
}

/// Builds a condition from its raw form; problems go to `errors`.
pub(crate) fn build(raw: Spanned<RawCond>, fc: &FileCtx, errors: &mut Vec<Diagnostic>) -> Option<Condition> {
    let span = raw.span();
    let r = raw.into_inner();
    let mut tests: Vec<Test> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut push = |key: &'static str, t: Option<Test>| {
        keys.push(key);
        if let Some(t) = t {
            tests.push(t);
        }
    };
    let list = |v: Vec<Spanned<RawCond>>, key: &str, errors: &mut Vec<Diagnostic>| -> Option<Vec<Condition>> {
        if v.is_empty() {
            errors.push(fc.error(span.clone(), "rule-trigger", format!("`{key}` needs at least one condition")));
            return None;
        }
        let n = v.len();
        let out: Vec<Condition> = v.into_iter().filter_map(|c| build(c, fc, errors)).collect();
        (out.len() == n).then_some(out)
    };
    let regex = |s: Spanned<String>, errors: &mut Vec<Diagnostic>| -> Option<Pattern> {
        let sp = s.span();
        match Pattern::build(s.get_ref(), fc.lazy) {
            Ok(p) => Some(p),
            Err(e) => {
                let msg = e.to_string();
                let last = msg.lines().last().unwrap_or("invalid regex").trim().to_string();
                errors.push(fc.error(sp, "rule-regex", format!("invalid regex: {last}")).with_hint(
                    "Rust regex syntax (https://docs.rs/regex); write TOML literal strings '…' so backslashes stay",
                ));
                None
            }
        }
    };
    if let Some(v) = r.all {
        let t = list(v, "all", errors).map(Test::All);
        push("all", t);
    }
    if let Some(v) = r.any {
        let t = list(v, "any", errors).map(Test::Any);
        push("any", t);
    }
    if let Some(c) = r.not {
        let t = build(*c, fc, errors).map(|c| Test::Not(Box::new(c)));
        push("not", t);
    }
    if let Some(v) = r.class {
        push("class", Some(Test::Class(v)));
    }
    if let Some(v) = r.scope {
        let mut out = Vec::new();
        let mut ok = true;
        for s in v {
            let sp = s.span();
            let s = s.into_inner();
            if let Some(p) = s.strip_suffix('*') {
                if p.is_empty() {
                    errors.push(fc.error(sp, "rule-scope", "`*` alone matches every scope; use `class` instead"));
                    ok = false;
                } else {
                    out.push(ScopePattern::Prefix(p.to_string()));
                }
            } else {
                match s.parse::<Scope>() {
                    Ok(x) => out.push(ScopePattern::Exact(x)),
                    Err(e) => {
                        errors.push(fc.error(sp, "rule-scope", e.to_string()).with_hint(
                            "a scope form, or a prefix ending in `*` such as `age-*` or `children-under-*`",
                        ));
                        ok = false;
                    }
                }
            }
        }
        push("scope", ok.then_some(Test::Scope(out)));
    }
    if let Some(v) = r.kind {
        push("kind", Some(Test::Kind(v)));
    }
    if let Some(v) = r.present {
        push("present", Some(Test::Present(v)));
    }
    if let Some(v) = r.absent {
        push("absent", Some(Test::Absent(v)));
    }
    if let Some(b) = r.employer_waiver {
        push("employer_waiver", Some(Test::EmployerWaiver(b)));
    }
    if let Some(v) = r.alternatives {
        push("alternatives", Some(Test::Alternatives(v)));
    }
    if let Some(b) = r.review_due {
        push("review_due", Some(Test::ReviewDue(b)));
    }
    for (key, field, value) in [
        ("text", TextField::Text, r.text),
        ("title", TextField::Title, r.title),
        ("justification", TextField::Justification, r.justification),
        ("exceptions", TextField::Exceptions, r.exceptions),
        ("hazard", TextField::Hazard, r.hazard),
        ("list_title", TextField::ListTitle, r.list_title),
        ("relation", TextField::Relation, r.relation),
    ] {
        if let Some(s) = value {
            let t = regex(s, errors).map(|p| Test::Matches(field, p));
            push(key, t);
        }
    }
    if let Some(v) = r.fired {
        let sp = v.span();
        let codes = v.into_inner();
        if codes.is_empty() {
            errors.push(fc.error(sp, "rule-trigger", "`fired` needs at least one rule code"));
            push("fired", None);
        } else {
            push("fired", Some(Test::Fired(codes, Some(fc.source_span(sp)))));
        }
    }
    if let Some(v) = r.jurisdiction {
        push("jurisdiction", Some(Test::Jurisdiction(v)));
    }
    if let Some(v) = r.number {
        push("number", Some(Test::Number(v)));
    }
    if let Some(v) = r.instrument {
        push("instrument", Some(Test::Instrument(v)));
    }
    if let Some(v) = r.status {
        push("status", Some(Test::Status(v)));
    }
    if let Some(v) = r.adopted {
        let mut out = Vec::new();
        let mut ok = true;
        for d in v {
            let sp = d.span();
            let s = match d.into_inner() {
                toml::Value::String(s) => s,
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            match s.parse::<Date>() {
                Ok(d) => out.push(d),
                Err(e) => {
                    errors.push(fc.error(sp, "rule-date", e.to_string()));
                    ok = false;
                }
            }
        }
        push("adopted", ok.then_some(Test::Adopted(out)));
    }
    match keys.len() {
        0 => {
            errors.push(
                fc.error(span, "rule-trigger", "a condition needs one test")
                    .with_hint(format!("one of: {}", TEST_KEYS.join(", "))),
            );
            None
        }
        1 => {
            let test = tests.pop()?;
            Some(Condition { test, note: r.note })
        }
        _ => {
            errors.push(
                fc.error(span, "rule-trigger", format!("a condition has exactly one test; found {}", keys.join(", ")))
                    .with_hint(format!(
                        "combine them: all = [{}]",
                        keys.iter().map(|k| format!("{{ {k} = … }}")).collect::<Vec<_>>().join(", ")
                    )),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule set's prefilters (one scan per text field) leave out only
    /// patterns that cannot match, on every text of the corpus; the built-in
    /// patterns' atoms were computed at build time, as the run-time code does.
    #[test]
    fn the_rule_set_prefilter_agrees_with_each_pattern() {
        let set = crate::rules::RuleSet::builtin();
        let scan = RuleScan::new(set.rules.iter().map(|r| &r.trigger));
        let corpus = crate::textmatch::corpus();
        let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
        let mut per: Vec<Vec<&LazyRegex>> = vec![Vec::new(); FIELDS.len()];
        for r in &set.rules {
            r.trigger.walk(&mut |c| {
                if let Test::Matches(f, p) = &c.test {
                    assert!(p.regex.is_embedded(), "{}: {}", r.code, p.source);
                    let (stored, now) = p.regex.atoms_now();
                    assert_eq!(stored, now, "{}", p.source);
                    let fi = field_index(*f);
                    if scan.slot(*f, p) == Some(per[fi].len()) {
                        per[fi].push(&p.regex);
                    }
                }
            });
        }
        assert!(per.iter().map(Vec::len).sum::<usize>() > 10);
        // An entry's texts refilled after a change of some fields are those read anew.
        let list = crate::Catalog::embedded().resolve("kg-2000-res-158").unwrap();
        let texts = |t: &EntryTexts| {
            (t.text.clone(), t.title.clone(), t.justification.clone(), t.exceptions.clone(), t.hazards.clone())
        };
        for e in list.entries() {
            let t = EntryTexts::new(e);
            let p = &Pattern::new("шахт|работ").unwrap();
            for f in [TextField::Text, TextField::Title, TextField::Justification, TextField::Hazard] {
                let _ = t.find(&scan, f, p);
            }
            let mut filled = e.clone();
            filled.justification = Some("(given)".into());
            filled.hazards = vec!["(Given) Ёж".into()];
            assert_eq!(texts(&t.refilled(e, &filled)), texts(&EntryTexts::new(&filled)));
            filled.condition.insert("und".into(), "(given)".into());
            assert_eq!(texts(&t.refilled(e, &filled)), texts(&EntryTexts::new(&filled)));
            assert_eq!(texts(&t.refilled(e, e)), texts(&t));
        }
        for (fi, patterns) in per.iter().enumerate() {
            assert_eq!(scan.fields[fi].agrees_on(patterns, &corpus), Ok(()), "{:?}", FIELDS[fi]);
        }
    }
}
