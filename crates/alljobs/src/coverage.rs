//! Coverage: a general clause of a newer instrument that covers entries of an
//! earlier list (`covers` on an entry, see [`crate::model::Covers`]).
//!
//! The pass runs after matching ([`crate::matching`]), on the old entries that
//! found no match: each one that a `covers` selector of the newer list selects
//! is paired with the covering entry. [`crate::diff`] reports the pair as a
//! change with `matched_by = "covers"`, the scope relation of the two entries
//! (narrowed, widened…) and the basis of the coverage ([`Coverage`]), never as
//! "removed".

use crate::diff::Diff;
use crate::list::List;
use crate::model::{Confidence, Covers, Entry, Scope, ScopeRelation};
use regex::{Regex, RegexBuilder};
use serde::Serialize;

/// The basis of one covered entry: which clause covers it, and how that is known.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Coverage {
    /// Id of the covering entry (of the newer list; of the older list when
    /// `older` is true).
    pub entry: String,
    /// True when the covering entry is in the OLDER list: a diff run from a
    /// later version back to an earlier one, where the later version's general
    /// clause stands on the old side and the entries it covers on the new side.
    /// The pair is then the same coverage seen the other way (swapping the
    /// lists swaps the sides, never turns coverage into removed + added).
    pub older: bool,
    /// Id of the earlier list named by the declaration.
    pub list: String,
    /// The selector in words ("all entries", "kinds \[work\]").
    pub selector: String,
    /// How sure the coverage is (`inferred` when it is a reading).
    pub confidence: Confidence,
    /// Sources of the coverage (ids of the newer list's sources).
    pub sources: Vec<String>,
    /// What is read, where the coverage is an interpretation.
    pub interpretation: Option<String>,
    /// The declaration's note.
    pub note: Option<String>,
}

/// One old entry covered by one new entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Covered {
    /// Index into the old list's entries.
    pub old: usize,
    /// Index of the covering entry in the new list's entries.
    pub new: usize,
    pub basis: Coverage,
}

/// True when a declaration that names `target` applies to `old`: `old` is that
/// list, or an overlay whose base is that list.
fn applies_to(target: &str, old: &List) -> bool {
    old.meta().id == target || old.meta().base.as_deref() == Some(target)
}

/// A compiled selector.
struct Selector<'a> {
    covers: &'a Covers,
    pattern: Option<Regex>,
}

impl Selector<'_> {
    fn selects(&self, e: &Entry) -> bool {
        let c = self.covers;
        if c.all {
            return true;
        }
        if !c.has_selector() {
            return false;
        }
        let section_ok = c.sections.is_empty() || e.section.as_ref().is_some_and(|s| c.sections.contains(s));
        let kind_ok = c.kinds.is_empty() || c.kinds.contains(&e.kind);
        let hazard_ok = c.hazards.is_empty()
            || e.hazards.iter().any(|h| c.hazards.iter().any(|x| x.trim().to_lowercase() == h.trim().to_lowercase()));
        let id_ok = c.ids.is_empty() || c.ids.contains(&e.id);
        let pattern_ok = match &self.pattern {
            None => true,
            Some(re) => e.title.values().chain(e.condition.values()).any(|t| re.is_match(t)),
        };
        section_ok && kind_ok && hazard_ok && id_ok && pattern_ok
    }
}

/// The old entries (those not `used` by matching) that an entry of `new`
/// covers, each with its covering entry (the first covering entry in the new
/// list's order when several do); and warnings (a pattern that is not a valid
/// regex, a declaration with no selector, an entry covered twice).
pub fn covered(old: &List, new: &List, used: &[bool]) -> (Vec<Covered>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut selectors: Vec<(usize, Selector)> = Vec::new();
    for (j, e) in new.entries().iter().enumerate() {
        for c in &e.covers {
            if !applies_to(&c.list, old) {
                continue;
            }
            if !c.all && !c.has_selector() {
                warnings.push(format!(
                    "entry `{}`: `covers` of `{}` selects nothing (write `all = true` or a selector)",
                    e.id, c.list
                ));
                continue;
            }
            let pattern = match &c.pattern {
                None => None,
                Some(p) => match RegexBuilder::new(p).case_insensitive(true).size_limit(1 << 22).build() {
                    Ok(re) => Some(re),
                    Err(err) => {
                        warnings.push(format!("entry `{}`: `covers` pattern `{p}` is not a valid regex: {err}", e.id));
                        continue;
                    }
                },
            };
            selectors.push((j, Selector { covers: c, pattern }));
        }
    }
    let mut out = Vec::new();
    if selectors.is_empty() {
        return (out, warnings);
    }
    for (i, e) in old.entries().iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) {
            continue;
        }
        let mut hits = selectors.iter().filter(|(_, s)| s.selects(e));
        let Some((j, s)) = hits.next() else { continue };
        let others: Vec<&str> = hits.map(|(k, _)| new.entries()[*k].id.as_str()).collect();
        if !others.is_empty() {
            warnings.push(format!(
                "old entry `{}` is covered by several entries (`{}`, {}); the first is reported",
                e.id,
                new.entries()[*j].id,
                others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        let c = s.covers;
        out.push(Covered {
            old: i,
            new: *j,
            basis: Coverage {
                entry: new.entries()[*j].id.clone(),
                older: false,
                list: c.list.clone(),
                selector: c.selector_text(),
                confidence: c.confidence,
                sources: c.sources.clone(),
                interpretation: c.interpretation.clone(),
                note: c.note.clone(),
            },
        });
    }
    (out, warnings)
}

/// The covered entries of a diff, grouped by covering entry (in the diff's order).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct CoverageGroup {
    /// The covering entry of the newer list.
    pub entry: String,
    /// Its text, in the language of the comparison.
    pub text: String,
    /// How many old entries it covers.
    pub count: usize,
    /// Scope of the old entries (`null` when they differ) and of the covering entry.
    pub old_scope: Option<Scope>,
    /// Scope of the covering entry.
    pub new_scope: Scope,
    /// Narrowed, widened, same or changed; `changed` when the covered entries differ.
    pub relation: Option<ScopeRelation>,
    /// The declaration the coverage rests on.
    pub basis: Coverage,
}

/// Groups the covered changes of `d` by covering entry.
pub fn groups(d: &Diff) -> Vec<CoverageGroup> {
    let mut out: Vec<CoverageGroup> = Vec::new();
    for c in &d.changes {
        let (Some(basis), Some(new)) = (&c.coverage, c.new_entries.first()) else { continue };
        if basis.older {
            // A diff from a later version back to an earlier one: no clause of the
            // newer list covers anything; the pairs are reported, not grouped.
            continue;
        }
        let old_scope = c.old_entries.first().map(|r| r.scope.clone());
        match out.iter_mut().find(|g| g.entry == basis.entry) {
            Some(g) => {
                g.count += 1;
                if g.old_scope != old_scope {
                    g.old_scope = None;
                }
                if g.relation != c.scope.relation {
                    g.relation = Some(ScopeRelation::Changed);
                }
            }
            None => out.push(CoverageGroup {
                entry: basis.entry.clone(),
                text: new.text.clone(),
                count: 1,
                old_scope,
                new_scope: new.scope.clone(),
                relation: c.scope.relation,
                basis: basis.clone(),
            }),
        }
    }
    out
}

/// The headline sentences of a diff with covered entries, one per covering
/// entry: what the newer list did to the transcribed entries of the older one,
/// with the confidence and the basis of the coverage.
pub fn headline(d: &Diff, old: &List, new: &List) -> Vec<String> {
    let total = old.entries().len();
    groups(d)
        .iter()
        .map(|g| {
            let scope = match &g.old_scope {
                Some(o) => format!("{o} → {}", g.new_scope),
                None => format!("(several) → {}", g.new_scope),
            };
            let relation = g.relation.map(|r| relation_word(r).to_string()).unwrap_or_else(|| "unknown".into());
            let sources =
                if g.basis.sources.is_empty() { String::new() } else { format!(", sources {}", g.basis.sources.join(", ")) };
            let interp = g.basis.interpretation.as_deref().map(|i| format!("; interpretation: {i}")).unwrap_or_default();
            format!(
                "{} covers {} of the {total} transcribed entries of {} ({}) by its clause `{}` «{}»: scope {scope} ({relation}), not removed; confidence of the coverage: {}{sources}{interp}",
                new.meta().id,
                g.count,
                old.meta().id,
                old.completeness().count_text(),
                g.entry,
                g.text,
                g.basis.confidence,
            )
        })
        .collect()
}

fn relation_word(r: ScopeRelation) -> &'static str {
    match r {
        ScopeRelation::Same => "same scope",
        ScopeRelation::Narrowed => "narrowed",
        ScopeRelation::Widened => "widened",
        ScopeRelation::Changed => "scope changed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListFile;

    fn list(id: &str, body: &str) -> List {
        let text = format!(
            "format_version = 1\n[list]\nid = \"{id}\"\njurisdiction = \"XA\"\ninstrument = \"other\"\ntitle = {{ en = \"constructed test list\" }}\nstatus = \"unknown\"\neffect = \"prohibits\"\ndefault_scope = \"all-women\"\nconfidence = \"unknown\"\n{body}"
        );
        let file: ListFile = toml::from_str(&text).expect("test list parses");
        List::from_parts(file, Vec::new(), "test".into())
    }

    const OLD: &str = "[[sections]]\nid = \"s1\"\ntitle = { ru = \"Металлообработка\" }\n\
        [[entries]]\nid = \"a\"\nsection = \"s1\"\ntitle = { ru = \"сварщик\" }\nhazards = [\"Noise\"]\nevidence = \"reported\"\n\
        [[entries]]\nid = \"b\"\ntitle = { ru = \"бурение скважин\" }\nkind = \"work\"\nevidence = \"reported\"\n\
        [[entries]]\nid = \"c\"\ntitle = { ru = \"кровельщик\" }\nevidence = \"reported\"\n";

    fn new_with(covers: &str) -> List {
        list(
            "xa-new",
            &format!(
                "[[entries]]\nid = \"clause\"\ntitle = {{ en = \"harmful work\" }}\nscope = \"pregnant\"\nevidence = \"reported\"\n{covers}"
            ),
        )
    }

    fn ids(old: &List, new: &List, used: &[bool]) -> Vec<String> {
        covered(old, new, used).0.iter().map(|c| old.entries()[c.old].id.clone()).collect()
    }

    #[test]
    fn selectors() {
        let old = list("xa-old", OLD);
        let free = [false; 3];
        let cases = [
            ("all = true", vec!["a", "b", "c"]),
            ("sections = [\"s1\"]", vec!["a"]),
            ("kinds = [\"work\"]", vec!["b"]),
            ("hazards = [\"noise\"]", vec!["a"]),
            ("ids = [\"c\", \"zz\"]", vec!["c"]),
            ("pattern = \"^КРОВ\"", vec!["c"]),
            ("kinds = [\"occupation\"]\npattern = \"сварщ\"", vec!["a"]),
        ];
        for (sel, want) in cases {
            let new = new_with(&format!(
                "[[entries.covers]]\nlist = \"xa-old\"\n{sel}\nconfidence = \"inferred\"\nsources = []\n"
            ));
            assert_eq!(ids(&old, &new, &free), want, "{sel}");
        }
    }

    #[test]
    fn only_unmatched_entries_of_the_named_list() {
        let old = list("xa-old", OLD);
        let new = new_with("[[entries.covers]]\nlist = \"xa-old\"\nall = true\nconfidence = \"inferred\"\n");
        assert_eq!(ids(&old, &new, &[true, false, true]), vec!["b"]);
        let other = new_with("[[entries.covers]]\nlist = \"xa-other\"\nall = true\nconfidence = \"inferred\"\n");
        assert!(ids(&old, &other, &[false; 3]).is_empty());
    }

    #[test]
    fn bad_declarations_warn_and_cover_nothing() {
        let old = list("xa-old", OLD);
        let none = new_with("[[entries.covers]]\nlist = \"xa-old\"\nconfidence = \"inferred\"\n");
        let (c, w) = covered(&old, &none, &[false; 3]);
        assert!(c.is_empty());
        assert!(w[0].contains("selects nothing"), "{w:?}");
        let bad = new_with("[[entries.covers]]\nlist = \"xa-old\"\npattern = \"(\"\nconfidence = \"inferred\"\n");
        let (c, w) = covered(&old, &bad, &[false; 3]);
        assert!(c.is_empty());
        assert!(w[0].contains("not a valid regex"), "{w:?}");
    }
}
