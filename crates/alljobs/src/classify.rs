//! Classification: for every entry, whom it restricts — all women
//! (**general**), only pregnant, breastfeeding or recently delivered women
//! (**maternity-only**), another group (**other-group**: mothers of young
//! children, an age band…) or **unknown** — and on what basis.
//!
//! The basis is the `scope` field (the entry's own, or the list's
//! `default_scope` when the entry has none), or an inference: the entry's
//! scope was marked `scope_inferred` on import, or the scope is `unknown` and
//! the wording names a group (the data-driven heuristics of
//! [`crate::heuristics`]). When the field and the wording disagree — the field
//! says all women but the text says «беременных» — the field wins and a
//! warning names both.

use crate::diagnostic::Diagnostic;
use crate::heuristics::{Inference, infer_scope};
use crate::list::List;
use crate::model::{Entry, Scope, ScopeClass};
use serde::Serialize;

/// The classes of a whole list: one [`EntryClass`] per entry, in the list's order.
#[derive(Debug, Clone)]
pub struct Classification {
    /// One per entry, in the list's order.
    pub entries: Vec<EntryClass>,
    /// Entries per class.
    pub counts: ClassCounts,
    /// Entries per class in each section, in the list's section order; `None`
    /// collects the entries that name no section.
    pub by_section: Vec<(Option<String>, ClassCounts)>,
    /// Field and wording that disagree, each at the entry's position.
    pub warnings: Vec<Diagnostic>,
}

/// Entries per class. Serialised with the keys `general`, `maternity-only`,
/// `other-group`, `unknown`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ClassCounts {
    /// General bans: restrictions on women as such.
    pub general: usize,
    /// Restrictions on pregnant, recently delivered or breastfeeding women only.
    #[serde(rename = "maternity-only")]
    pub maternity_only: usize,
    /// Restrictions on another group (women with young children, an age band …).
    #[serde(rename = "other-group")]
    pub other_group: usize,
    /// Entries whose scope is unknown.
    pub unknown: usize,
}

impl ClassCounts {
    /// The count of one class.
    pub fn get(&self, class: ScopeClass) -> usize {
        match class {
            ScopeClass::General => self.general,
            ScopeClass::MaternityOnly => self.maternity_only,
            ScopeClass::OtherGroup => self.other_group,
            ScopeClass::Unknown => self.unknown,
        }
    }
    /// Counts one more entry of `class`.
    pub fn add(&mut self, class: ScopeClass) {
        match class {
            ScopeClass::General => self.general += 1,
            ScopeClass::MaternityOnly => self.maternity_only += 1,
            ScopeClass::OtherGroup => self.other_group += 1,
            ScopeClass::Unknown => self.unknown += 1,
        }
    }
    /// All entries counted.
    pub fn total(&self) -> usize {
        self.general + self.maternity_only + self.other_group + self.unknown
    }
}

/// The class of one entry.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EntryClass {
    /// The entry's id.
    pub id: String,
    /// The class.
    pub class: ScopeClass,
    /// The group within the class, as a scope string (`all-women`, `pregnant`,
    /// `children-under-3`, `age-18-35`, `unknown`…).
    pub subgroup: String,
    /// Whether the class comes from the `scope` field or is inferred.
    pub basis: Basis,
    /// The scope the class is read from (the field's, or the inferred one).
    pub scope: Scope,
    /// Where the scope comes from: the entry, the list default, or the wording.
    pub scope_from: ScopeFrom,
    /// What the class rests on, in words: "scope field", "list default_scope
    /// = all-women", "text: «беременных»"…
    pub evidence: Vec<String>,
}

/// The basis of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The `scope` field, the entry's own or the list's `default_scope`.
    Field,
    /// Inferred: `scope_inferred = true`, or read from the wording.
    Inferred,
}

impl Basis {
    /// `field` or `inferred`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Field => "field",
            Basis::Inferred => "inferred",
        }
    }
}

/// Where the scope of an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeFrom {
    /// The entry's own `scope`.
    Entry,
    /// The list's `default_scope` (the entry has no `scope`).
    ListDefault,
    /// The wording of the entry (the field says `unknown`).
    Text,
}

/// The text the heuristics read: title and condition, every language.
pub fn scope_text(e: &Entry) -> String {
    let mut parts: Vec<&str> = e.title.values().map(String::as_str).collect();
    parts.extend(e.condition.values().map(String::as_str));
    parts.join("\n")
}

/// Classifies every entry of a list.
pub fn classify(list: &List) -> Classification {
    let mut entries = Vec::with_capacity(list.entries().len());
    let mut counts = ClassCounts::default();
    let mut warnings = Vec::new();
    // Section order: the list's sections, then any other section ids in entry order, then none.
    let mut order: Vec<Option<String>> = list.sections().iter().map(|s| Some(s.id.clone())).collect();
    let mut per: Vec<ClassCounts> = vec![ClassCounts::default(); order.len()];
    // Each key's first slot in `order`, so that an entry finds its section without a scan.
    let mut slots: std::collections::HashMap<Option<&str>, usize> = std::collections::HashMap::new();
    for (i, s) in list.sections().iter().enumerate() {
        slots.entry(Some(s.id.as_str())).or_insert(i);
    }
    for (i, e) in list.entries().iter().enumerate() {
        let inference = infer_scope(&scope_text(e));
        let mut c = classify_entry(list, e, inference.as_ref());
        if c.scope_from == ScopeFrom::Text
            && let Some(inf) = &inference
        {
            for w in &inf.warnings {
                let mut d = Diagnostic::warning("scope-unsettled", format!("entry `{}`: {w}", e.id))
                    .with_hint("read the act's wording and set `scope` on the entry");
                d.location = Some(list.origin(i));
                warnings.push(d);
            }
        }
        if let Some(w) = disagreement(e, &c, inference.as_ref()) {
            if let Some(i) = &inference {
                let phrases: Vec<String> = i.evidence.iter().map(|p| format!("«{p}»")).collect();
                c.evidence.push(format!(
                    "the wording says {} ({}): disagrees with the field",
                    phrases.join(", "),
                    i.scope
                ));
            }
            let mut d = Diagnostic::warning("scope-disagreement", w)
                .with_hint("check the act's wording; correct `scope`, or keep it and say why in the entry's `note`");
            d.location = Some(list.origin(i));
            warnings.push(d);
        }
        counts.add(c.class);
        let slot = *slots.entry(e.section.as_deref()).or_insert_with(|| {
            order.push(e.section.clone());
            per.push(ClassCounts::default());
            order.len() - 1
        });
        per[slot].add(c.class);
        entries.push(c);
    }
    // Entries without a section last; sections without entries dropped.
    let mut by_section: Vec<(Option<String>, ClassCounts)> =
        order.into_iter().zip(per).filter(|(_, c)| c.total() > 0).collect();
    by_section.sort_by_key(|(k, _)| k.is_none());
    Classification { entries, counts, by_section, warnings }
}

fn classify_entry(list: &List, e: &Entry, inference: Option<&Inference>) -> EntryClass {
    let (scope, scope_from) = match &e.scope {
        Some(s) => (s.clone(), ScopeFrom::Entry),
        None => (list.meta().default_scope.clone(), ScopeFrom::ListDefault),
    };
    let text_evidence = |i: &Inference| {
        let mut v: Vec<String> = i.evidence.iter().map(|p| format!("text: «{p}»")).collect();
        v.extend(i.notes.iter().map(|n| format!("reading: {n}")));
        v
    };
    let make = |scope: Scope, basis: Basis, from: ScopeFrom, evidence: Vec<String>| EntryClass {
        id: e.id.clone(),
        class: scope.class(),
        subgroup: scope.to_string(),
        basis,
        scope,
        scope_from: from,
        evidence,
    };
    if scope == Scope::Unknown {
        return match inference {
            Some(i) => make(i.scope.clone(), Basis::Inferred, ScopeFrom::Text, text_evidence(i)),
            None => {
                let ev = match scope_from {
                    ScopeFrom::ListDefault => "list default_scope = unknown; the wording names no group",
                    _ => "scope = unknown; the wording names no group",
                };
                make(Scope::Unknown, Basis::Field, scope_from, vec![ev.to_string()])
            }
        };
    }
    if e.scope_inferred && scope_from == ScopeFrom::Entry {
        let mut ev = vec![format!("scope = {scope}, marked scope_inferred (inferred on import)")];
        if let Some(i) = inference.filter(|i| i.scope == scope) {
            ev.extend(text_evidence(i));
        }
        return make(scope, Basis::Inferred, ScopeFrom::Entry, ev);
    }
    let ev = match scope_from {
        ScopeFrom::ListDefault => format!("list default_scope = {scope}"),
        _ => format!("scope = {scope}"),
    };
    make(scope, Basis::Field, scope_from, vec![ev])
}

/// A message when the scope field and a specific phrase of the wording disagree:
/// the wording names a group that the field does not cover.
fn disagreement(e: &Entry, c: &EntryClass, inference: Option<&Inference>) -> Option<String> {
    let i = inference?;
    if c.scope_from == ScopeFrom::Text || i.generic || c.scope == Scope::Unknown {
        return None;
    }
    // Same class and covered by the field (e.g. field `pregnant-or-breastfeeding`,
    // text «беременных»): no disagreement. A different class always is one.
    if i.scope.class() == c.class && (i.scope == c.scope || c.scope.contains(&i.scope)) {
        return None;
    }
    let field = match c.scope_from {
        ScopeFrom::ListDefault => format!("the list's default_scope `{}` ({})", c.scope, c.class),
        _ => format!("the scope field `{}` ({})", c.scope, c.class),
    };
    let phrases: Vec<String> = i.evidence.iter().map(|p| format!("«{p}»")).collect();
    Some(format!(
        "entry `{}`: {field} disagrees with the wording, which says {} (`{}`, {}); the field is used",
        e.id,
        phrases.join(", "),
        i.scope,
        i.scope.class()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A constructed list (not real data): jurisdiction XA, the entries given.
    pub(crate) fn list(default_scope: &str, entries: &str) -> List {
        crate::test_support::constructed_list("XA", "", default_scope, entries)
    }

    fn entry(id: &str, title: &str, extra: &str) -> String {
        format!("\n[[entries]]\nid = \"{id}\"\ntitle = {{ ru = \"{title}\" }}\nevidence = \"reported\"\n{extra}\n")
    }

    fn one(default_scope: &str, title: &str, extra: &str) -> (EntryClass, Vec<Diagnostic>) {
        let l = list(default_scope, &entry("e1", title, extra));
        let c = classify(&l);
        (c.entries[0].clone(), c.warnings)
    }

    #[test]
    fn list_default_is_the_field() {
        let (c, w) = one("all-women", "сварщик", "");
        assert_eq!((c.class, c.basis, c.scope_from), (ScopeClass::General, Basis::Field, ScopeFrom::ListDefault));
        assert_eq!(c.subgroup, "all-women");
        assert!(c.evidence[0].contains("list default_scope"), "{:?}", c.evidence);
        assert!(w.is_empty());
    }

    #[test]
    fn explicit_field_wins_and_is_field_basis() {
        let (c, _) = one("all-women", "сварщик", "scope = \"pregnant\"");
        assert_eq!((c.class, c.basis, c.scope_from), (ScopeClass::MaternityOnly, Basis::Field, ScopeFrom::Entry));
    }

    #[test]
    fn scope_inferred_flag_gives_inferred_basis() {
        let (c, _) = one("all-women", "работы для беременных", "scope = \"pregnant\"\nscope_inferred = true");
        assert_eq!((c.class, c.basis), (ScopeClass::MaternityOnly, Basis::Inferred));
        assert!(c.evidence.iter().any(|e| e.contains("беременных")), "{:?}", c.evidence);
    }

    #[test]
    fn unknown_scope_is_read_from_russian_kyrgyz_english_wording() {
        for (title, class, subgroup) in [
            ("Работы, запрещенные беременным", ScopeClass::MaternityOnly, "pregnant"),
            ("работы женщин, кормящих грудью", ScopeClass::MaternityOnly, "breastfeeding"),
            ("кош бойлуу аялдар үчүн", ScopeClass::MaternityOnly, "pregnant"),
            ("кош бойлуу жана эмчек эмизген аялдар", ScopeClass::MaternityOnly, "pregnant-or-breastfeeding"),
            (
                "night work of pregnant women and nursing mothers",
                ScopeClass::MaternityOnly,
                "pregnant-or-breastfeeding",
            ),
            ("women with children under three", ScopeClass::OtherGroup, "children-under-3"),
            ("женщин детородного возраста", ScopeClass::OtherGroup, "childbearing-age"),
            ("аялдардын эмгегин колдонууга тыюу салынат", ScopeClass::General, "all-women"),
            ("work of women underground", ScopeClass::General, "all-women"),
        ] {
            let (c, w) = one("unknown", title, "");
            assert_eq!((c.class, c.subgroup.as_str(), c.basis), (class, subgroup, Basis::Inferred), "{title}");
            assert_eq!(c.scope_from, ScopeFrom::Text);
            assert!(w.is_empty(), "{title}: {w:?}");
        }
    }

    #[test]
    fn unsettled_wording_is_unknown_or_other_with_a_warning() {
        let (c, w) = one("unknown", "женщин, имеющих детей в возрасте до полутора лет", "");
        assert_eq!((c.class, c.subgroup.as_str()), (ScopeClass::OtherGroup, "other"));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("полутора"), "{}", w[0].message);
        let (c, w) = one("unknown", "Работы на высоте, за исключением беременных женщин", "");
        assert_eq!((c.class, c.basis), (ScopeClass::Unknown, Basis::Inferred));
        assert_eq!(w[0].code, "scope-unsettled");
        // Exclusion read, and the reading named in the evidence.
        let (c, w) = one("unknown", "труд женщин, за исключением беременных", "");
        assert_eq!(c.class, ScopeClass::General);
        assert!(c.evidence.iter().any(|e| e.contains("excludes «беременных»")), "{:?}", c.evidence);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn unknown_without_wording_stays_unknown() {
        let (c, _) = one("unknown", "машинист бульдозера", "");
        assert_eq!((c.class, c.basis), (ScopeClass::Unknown, Basis::Field));
    }

    #[test]
    fn field_and_text_disagreeing_is_a_warning_naming_both() {
        let (c, w) = one("all-women", "работы для беременных женщин", "");
        assert_eq!(c.class, ScopeClass::General, "the field wins");
        assert!(c.evidence.iter().any(|e| e.contains("disagrees with the field")), "{:?}", c.evidence);
        assert_eq!(w.len(), 1);
        let m = &w[0].message;
        assert!(m.contains("all-women") && m.contains("«беременных женщин»") && m.contains("pregnant"), "{m}");
        assert_eq!(w[0].code, "scope-disagreement");
        let loc = w[0].location.as_ref().unwrap();
        assert_eq!((loc.file.as_str(), loc.line > 1), ("constructed.toml", true));
        // A field that covers what the text says is no disagreement.
        let (_, w) = one("all-women", "работы для беременных", "scope = \"pregnant-or-breastfeeding\"");
        assert!(w.is_empty(), "{w:?}");
        // Nor is the generic word «женщин».
        let (_, w) = one("all-women", "труд женщин на подземных работах", "scope = \"pregnant\"");
        assert!(w.is_empty(), "{w:?}");
        // An explicit narrower field with wider wording is.
        let (_, w) = one("all-women", "беременных и кормящих", "scope = \"pregnant\"");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn counts_per_class_and_section() {
        let entries = format!(
            "{}{}{}{}",
            "\n[[sections]]\nid = \"s1\"\ntitle = { ru = \"I\" }\n[[sections]]\nid = \"s2\"\ntitle = { ru = \"II\" }\n",
            entry("a", "сварщик", "section = \"s1\""),
            entry("b", "слесарь", "section = \"s2\"\nscope = \"pregnant\""),
            entry("c", "каменщик", "scope = \"children-under-3\""),
        );
        let c = classify(&list("all-women", &entries));
        assert_eq!(c.counts, ClassCounts { general: 1, maternity_only: 1, other_group: 1, unknown: 0 });
        assert_eq!(c.counts.total(), 3);
        assert_eq!(c.by_section.len(), 3);
        assert_eq!(c.by_section[0].0.as_deref(), Some("s1"));
        assert_eq!(c.by_section[1].1.get(ScopeClass::MaternityOnly), 1);
        assert_eq!(c.by_section[2].0, None);
        let json = serde_json::to_value(c.counts).unwrap();
        assert_eq!(json, serde_json::json!({"general":1,"maternity-only":1,"other-group":1,"unknown":0}));
    }
}
