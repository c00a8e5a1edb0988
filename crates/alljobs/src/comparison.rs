//! One comparison of two versions: the diff, and each version classified once
//! and flagged with that classification. `report`, `ci` and the commands that
//! need more than the diff build on it instead of recomputing.
//!
//! ```
//! use alljobs::catalog::Resolver;
//! use alljobs::comparison::Comparison;
//! use alljobs::rules::{FlagOptions, RuleSet};
//!
//! let r = Resolver::new();
//! let (old, _) = r.open("kg-2000-res-158").unwrap();
//! let (new, _) = r.newest_revision("kg-2000-res-158", &old).unwrap().expect("a revision");
//! let c = Comparison::new(&old, &new, &Default::default(), &RuleSet::builtin(), &FlagOptions::default());
//! assert_eq!(c.old.classes.entries.len(), old.entries().len());
//! assert!(c.old.findings.findings.len() > 0);
//! println!("{} → {}: {} changes", old.meta().id, new.meta().id, c.diff.changes.len());
//! ```

use crate::classify::{Classification, classify};
use crate::diff::{Diff, DiffOptions, diff_lists};
use crate::list::List;
use crate::rules::{FlagOptions, FlagReport, RuleSet, flag_classified};

/// What alljobs concludes about one version: who each entry covers, and the
/// rules' findings (computed from that classification).
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The classification of every entry.
    pub classes: Classification,
    /// The findings of the rules.
    pub findings: FlagReport,
}

impl Analysis {
    /// Classifies `list` once and flags it with `rules` using that classification.
    pub fn of(list: &List, rules: &RuleSet, opts: &FlagOptions) -> Analysis {
        let classes = classify(list);
        let findings = flag_classified(list, &classes, rules, opts);
        Analysis { classes, findings }
    }
}

/// Two versions compared: the diff of `old` → `new` and the analysis of each.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What changed.
    pub diff: Diff,
    /// The earlier version's analysis.
    pub old: Analysis,
    /// The later version's analysis.
    pub new: Analysis,
}

impl Comparison {
    /// Diffs `old` and `new` and analyses each once.
    pub fn new(old: &List, new: &List, diff: &DiffOptions, rules: &RuleSet, flag: &FlagOptions) -> Comparison {
        Comparison {
            diff: diff_lists(old, new, diff),
            old: Analysis::of(old, rules, flag),
            new: Analysis::of(new, rules, flag),
        }
    }
}
