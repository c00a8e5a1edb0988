//! What a finding rests on: the fields its rule reads, and whether it fires
//! only because fields are absent from the entry.
//!
//! A finding rests on an absence when it would not fire if the fields that its
//! trigger tests with `absent` (or `review_due`, when no review date is given
//! anywhere) were given: the trigger is evaluated again on a copy of the entry
//! with those fields filled. On a list whose transcription is not complete, or
//! on an entry known only from a report, an absent field says nothing about
//! the act: such a finding says "not shown in the transcribed text" (the rule's
//! `message_absent`) and carries `confidence = "low"`. On a complete official
//! transcription it may say "does not".

use super::trigger::{Condition, Ctx, EntryTexts, Field, Test, TextField};
use super::{Finding, Rule};
use crate::classify::EntryClass;
use crate::list::List;
use crate::model::{Alternative, Date, Entry, Evidence, TranscriptionStatus};
use serde::Serialize;

/// How far a finding can be relied on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FindingConfidence {
    /// It rests on what the entry says.
    #[default]
    High,
    /// It rests on fields absent from a partial or reported transcription.
    Low,
}

impl FindingConfidence {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingConfidence::High => "high",
            FindingConfidence::Low => "low",
        }
    }
}

/// The fields a trigger reads (entry fields by name; list fields as `list.…`;
/// `fired` tests as `fired:CODE`), in the order first read, without repeats.
pub fn reads(c: &Condition) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        if !out.iter().any(|x| x == s) {
            out.push(s.to_string());
        }
    };
    fn walk(c: &Condition, add: &mut dyn FnMut(&str)) {
        match &c.test {
            Test::All(v) | Test::Any(v) => v.iter().for_each(|x| walk(x, add)),
            Test::Not(x) => walk(x, add),
            Test::Class(_) | Test::Scope(_) => add("scope"),
            Test::Kind(_) => add("kind"),
            Test::Present(v) | Test::Absent(v) => v.iter().for_each(|f| add(&f.to_string())),
            Test::EmployerWaiver(_) => add("employer_waiver"),
            Test::Alternatives(_) => add("alternatives"),
            Test::ReviewDue(_) => {
                add("reviewed");
                add("next_review");
                add("list.review");
            }
            Test::Matches(f, _) => match f {
                TextField::Text => ["title", "condition", "justification", "exceptions"].iter().for_each(|x| add(x)),
                TextField::Title => ["title", "condition"].iter().for_each(|x| add(x)),
                TextField::Justification => add("justification"),
                TextField::Exceptions => add("exceptions"),
                TextField::Hazard => add("hazards"),
                TextField::ListTitle => add("list.title"),
                TextField::Relation => add("list.relations"),
            },
            Test::Fired(codes, _) => codes.iter().for_each(|c| add(&format!("fired:{c}"))),
            Test::Jurisdiction(_) => add("list.jurisdiction"),
            Test::Number(_) => add("list.number"),
            Test::Instrument(_) => add("list.instrument"),
            Test::Status(_) => add("list.status"),
            Test::Adopted(_) => add("list.dates.adopted"),
        }
    }
    walk(c, &mut add);
    out
}

/// The fields a trigger needs to be absent (tests not under `not`), and
/// whether it tests `review_due = true`.
fn absence_tests(c: &Condition, fields: &mut Vec<Field>, review: &mut bool) {
    match &c.test {
        Test::All(v) | Test::Any(v) => v.iter().for_each(|x| absence_tests(x, fields, review)),
        Test::Absent(v) => fields.extend(v.iter().copied()),
        Test::ReviewDue(true) => *review = true,
        _ => {}
    }
}

/// True when the list's transcription is complete (declared count reached, or
/// `transcription.status = "complete"` with no declared count above it).
/// Linear in the entries: computed once per flag run, not per finding.
pub(crate) fn complete(list: &List) -> bool {
    let says = list.meta().transcription.as_ref().is_some_and(|t| t.status == TranscriptionStatus::Complete);
    let c = list.completeness();
    says && c.declared.is_none_or(|d| c.present >= d)
}

/// A copy of `e` with `fields` given (placeholders that match no rule's wording).
fn with_fields(e: &Entry, fields: &[Field], review: bool) -> Entry {
    let mut x = e.clone();
    let given = "(given)".to_string();
    for f in fields {
        match f {
            Field::Condition => {
                x.condition.insert("und".into(), given.clone());
            }
            Field::Hazards => x.hazards = vec![given.clone()],
            Field::Justification => x.justification = Some(given.clone()),
            Field::Exceptions => x.exceptions = Some(given.clone()),
            Field::EmployerWaiver => x.employer_waiver = Some(false),
            Field::WeightLimitKg => x.weight_limit_kg = Some(0.0),
            Field::Alternatives => x.alternatives = vec![Alternative::TransferWithoutLossOfPay],
            Field::Reviewed | Field::NextReview => x.next_review = Some(Date { year: 9999, month: None, day: None }),
            Field::Sources => x.sources = vec![given.clone()],
            Field::Number => x.number = Some(given.clone()),
            Field::Section => x.section = Some(given.clone()),
        }
    }
    if review {
        x.next_review = Some(Date { year: 9999, month: None, day: None });
    }
    x
}

/// The values a message template is filled with.
pub(crate) struct MessageValues<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub scope: &'a str,
    pub class: &'a str,
    pub list: &'a str,
}

/// Sets what finding `f` of rule `r` on entry `e` rests on (reads, absence,
/// confidence), and rewords it when it rests on an absence that the
/// transcription cannot show; `list_complete` is [`complete`] of the list.
pub(crate) fn qualify(
    f: &mut Finding,
    r: &Rule,
    cx: &Ctx,
    e: &Entry,
    class: &EntryClass,
    v: &MessageValues,
    list_complete: bool,
) {
    let (mut fields, mut review) = (Vec::new(), false);
    absence_tests(&r.trigger, &mut fields, &mut review);
    let list = cx.list;
    let absent: Vec<Field> = fields.into_iter().filter(|x| !x.given(e)).collect();
    let list_review = list.meta().review.as_ref().is_some_and(|x| x.reviewed.is_some() || x.next_review.is_some());
    let review = review && e.reviewed.is_none() && e.next_review.is_none() && !list_review;
    if absent.is_empty() && !review {
        return;
    }
    let filled = with_fields(e, &absent, review);
    let texts = match cx.entry {
        Some((_, _, t)) => t.refilled(e, &filled),
        None => EntryTexts::new(&filled),
    };
    let again = Ctx {
        list,
        list_texts: cx.list_texts,
        entry: Some((&filled, class, &texts)),
        fired: cx.fired,
        today: cx.today,
        review_period_years: cx.review_period_years,
    };
    if r.trigger.eval(&again).is_some() {
        return; // it fires on what is there, whatever the absent fields say
    }
    f.rests_on_absence = true;
    let mut names: Vec<String> = absent.iter().map(|x| x.to_string()).collect();
    if review {
        names.extend(["reviewed".to_string(), "next_review".to_string()]);
    }
    names.dedup();
    f.absent_fields = names;
    if list_complete && e.evidence == Evidence::OfficialText {
        return; // a complete official transcription may say "does not"
    }
    f.confidence = FindingConfidence::Low;
    let template = r.message_absent.clone().unwrap_or_else(|| {
        format!(
            "«{{title}}»: {} not shown in the transcribed text; {} (\"{}\") applies if the act lacks it",
            f.absent_fields.join(", "),
            r.code,
            r.title
        )
    });
    let mut message = super::fill(
        &template,
        &[("id", v.id), ("title", v.title), ("scope", v.scope), ("class", v.class), ("list", v.list)],
    );
    if !f.evidence.is_empty() {
        message.push_str(&format!(" ({})", f.evidence.join("; ")));
    }
    f.message = message;
}
