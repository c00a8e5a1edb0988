//! Findings people can read: counts per rule (`flag --statistics`, like
//! ruff's), and one list-level finding for a rule that holds for every entry
//! of a list (NO-REVIEW, the WBL signal, a general ban on every entry of
//! Res. 158…) instead of one row per entry.

use super::{Finding, FindingConfidence, FlagReport, RuleSet, RuleSeverity};
use crate::diagnostic::Location;
use crate::list::List;
use serde::Serialize;

/// The findings of one rule on one list.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RuleStat {
    /// The rule's code.
    pub rule: String,
    /// Its severity.
    pub severity: RuleSeverity,
    /// Its title.
    pub title: String,
    /// Unwaived findings.
    pub count: usize,
    /// Waived findings.
    pub waived: usize,
    /// Entries with an unwaived finding of the rule (list-level findings count every entry they hold for).
    pub entries: usize,
    /// Unwaived findings with low confidence (resting on an absence in a partial or reported transcription).
    pub low_confidence: usize,
}

impl FlagReport {
    /// Counts per rule, most frequent first (then in rule order).
    pub fn statistics(&self, rules: &RuleSet) -> Vec<RuleStat> {
        let mut out: Vec<RuleStat> = Vec::new();
        for f in &self.findings {
            let i = match out.iter().position(|s| s.rule == f.rule) {
                Some(i) => i,
                None => {
                    out.push(RuleStat {
                        rule: f.rule.clone(),
                        severity: f.severity,
                        title: f.title.clone(),
                        count: 0,
                        waived: 0,
                        entries: 0,
                        low_confidence: 0,
                    });
                    out.len() - 1
                }
            };
            let s = &mut out[i];
            if f.waived {
                s.waived += 1;
                continue;
            }
            s.count += 1;
            s.entries += if f.entries.is_empty() { usize::from(f.entry_id.is_some()) } else { f.entries.len() };
            s.low_confidence += usize::from(f.confidence == FindingConfidence::Low);
        }
        let order = |code: &str| rules.index_of(code).unwrap_or(usize::MAX);
        out.sort_by(|a, b| b.count.cmp(&a.count).then(order(&a.rule).cmp(&order(&b.rule))));
        out
    }

    /// A copy where every entry rule that holds, unwaived, for every entry of
    /// `list` (two entries or more) is one list-level finding naming the entry
    /// count, placed after the list rules' findings ([`FlagReport::into_collapsed`]
    /// of a clone).
    pub fn collapsed(&self, list: &List) -> FlagReport {
        self.clone().into_collapsed(list)
    }

    /// Every entry rule that holds, unwaived, for every entry of `list` (two
    /// entries or more) made one list-level finding naming the entry count, placed
    /// after the list rules' findings. Its confidence is low when any of the
    /// entries' findings is; it rests on an absence when any does. The findings
    /// are moved, not copied: a large list's report is held once.
    pub fn into_collapsed(self, list: &List) -> FlagReport {
        let n = list.entries().len();
        if n < 2 {
            return self;
        }
        let every: Vec<String> = {
            let mut codes: Vec<&str> = Vec::new();
            for f in &self.findings {
                if f.entry_id.is_some() && !codes.contains(&f.rule.as_str()) {
                    codes.push(&f.rule);
                }
            }
            // The (rule, entry) pairs with an unwaived finding, once: linear in the findings.
            let held: std::collections::HashSet<(&str, &str)> = self
                .findings
                .iter()
                .filter(|f| !f.waived)
                .filter_map(|f| f.entry_id.as_deref().map(|id| (f.rule.as_str(), id)))
                .collect();
            codes
                .into_iter()
                .filter(|code| list.entries().iter().all(|e| held.contains(&(*code, e.id.as_str()))))
                .map(str::to_owned)
                .collect()
        };
        if every.is_empty() {
            return self;
        }
        /// One collapsed rule while its findings are folded in, in the list's order.
        struct Merged {
            first: Finding,
            entries: Vec<String>,
            evidence: Vec<String>,
            seen: std::collections::HashSet<String>,
            absent: std::collections::BTreeSet<String>,
            rests_on_absence: bool,
            low: bool,
        }
        let FlagReport { findings, warnings } = self;
        let mut list_level: Vec<Finding> = Vec::new();
        let mut merged: Vec<Option<Merged>> = every.iter().map(|_| None).collect();
        let mut rest: Vec<Finding> = Vec::new();
        for mut f in findings {
            let k = if f.entry_id.is_none() || f.waived { None } else { every.iter().position(|c| *c == f.rule) };
            let Some(k) = k else {
                if f.entry_id.is_none() {
                    list_level.push(f)
                } else {
                    rest.push(f)
                }
                continue;
            };
            let m = merged[k].get_or_insert_with(|| Merged {
                first: Finding { evidence: Vec::new(), absent_fields: Vec::new(), ..f.clone() },
                entries: Vec::new(),
                evidence: Vec::new(),
                seen: std::collections::HashSet::new(),
                absent: std::collections::BTreeSet::new(),
                rests_on_absence: false,
                low: false,
            });
            m.entries.extend(f.entry_id.take());
            m.rests_on_absence |= f.rests_on_absence;
            m.low |= f.confidence == FindingConfidence::Low;
            m.absent.extend(f.absent_fields.drain(..));
            for e in f.evidence.drain(..) {
                if m.seen.insert(e.clone()) {
                    m.evidence.push(e);
                }
            }
        }
        let mut out = FlagReport { findings: list_level, warnings };
        for m in merged.into_iter().flatten() {
            let mut f = m.first;
            f.entry_id = None;
            f.location = Location::file_only(list.path());
            f.entries = m.entries;
            f.message = format!(
                "holds for every transcribed entry of {} ({} of {}; {}): {} — e.g. {}",
                list.meta().id,
                f.entries.len(),
                n,
                list.completeness().count_text(),
                f.title,
                f.message
            );
            f.rests_on_absence = m.rests_on_absence;
            if m.low {
                f.confidence = FindingConfidence::Low;
            }
            f.absent_fields = m.absent.into_iter().collect();
            f.evidence = m.evidence;
            out.findings.push(f);
        }
        out.findings.extend(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;
    use crate::rules::{FlagOptions, flag};

    fn res158() -> (List, FlagReport) {
        let l = Catalog::embedded().resolve("kg-2000-res-158").unwrap();
        let opts = FlagOptions { today: "2026-01-01".parse().unwrap(), ..FlagOptions::default() };
        let r = flag(&l, &RuleSet::builtin(), &opts);
        (l, r)
    }

    #[test]
    fn statistics_count_per_rule() {
        let (_, r) = res158();
        let s = r.statistics(&RuleSet::builtin());
        let get = |c: &str| s.iter().find(|x| x.rule == c).unwrap();
        assert_eq!(get("CEDAW-GENERAL-BAN").count, 18);
        assert_eq!(get("CEDAW-GENERAL-BAN").severity, RuleSeverity::Critical);
        assert_eq!(get("CEDAW-NO-REVIEW").low_confidence, 18, "no review date shown on a partial list");
        assert_eq!(get("KG-LEGACY-SOURCE").entries, 0, "a list rule");
        let total: usize = s.iter().map(|x| x.count).sum();
        assert_eq!(total, r.unwaived().count());
        assert!(s.windows(2).all(|w| w[0].count >= w[1].count), "most frequent first");
    }

    #[test]
    fn rules_that_hold_for_every_entry_become_one_list_level_finding() {
        let (l, r) = res158();
        let c = r.collapsed(&l);
        for code in ["CEDAW-GENERAL-BAN", "CEDAW-NO-REVIEW", "WBL-INDICATOR-SIGNAL"] {
            let v: Vec<_> = c.findings.iter().filter(|f| f.rule == code).collect();
            assert_eq!(v.len(), 1, "{code}");
            assert_eq!(v[0].entry_id, None);
            assert_eq!(v[0].entries.len(), 18);
            assert!(
                v[0].message.starts_with(
                    "holds for every transcribed entry of kg-2000-res-158 (18 of 18; 18 of 446 declared entries)"
                ),
                "{}",
                v[0].message
            );
        }
        let review = c.findings.iter().find(|f| f.rule == "CEDAW-NO-REVIEW").unwrap();
        assert_eq!(review.confidence, FindingConfidence::Low);
        // Rules that hold for some entries only stay per entry (the sector ban).
        assert!(c.findings.iter().any(|f| f.rule == "CEDAW-SECTOR-BAN" && f.entry_id.is_some()));
        // Same statistics, whether collapsed or not.
        let (a, b) = (r.statistics(&RuleSet::builtin()), c.statistics(&RuleSet::builtin()));
        let entries = |s: &[RuleStat]| {
            s.iter().map(|x| (x.rule.clone(), x.entries)).collect::<std::collections::BTreeMap<_, _>>()
        };
        assert_eq!(entries(&a), entries(&b));
    }
}
