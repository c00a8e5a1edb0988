//! # alljobs
//!
//! Keep, validate, diff, classify and flag the "lists of jobs prohibited for
//! women" that many post-Soviet states keep, one TOML file per version.
//!
//! Every conclusion this library returns is a legal claim about a list; each
//! result says how complete the lists behind it are.
//!
//! ## The pipeline
//!
//! The public modules read as the pipeline a list goes through:
//!
//! 1. [`model`]: the list format (serde types; the JSON Schema of
//!    `lists/list.schema.json` is generated from them by [`schema`]);
//! 2. [`load`]: read and validate one file into a [`Loaded`], with
//!    [`Diagnostic`]s that carry `file:line:col`;
//! 3. [`catalog`]: find lists by id ([`Catalog`], and the one search path,
//!    [`Resolver`]) and consolidate overlays onto their bases into a [`List`],
//!    one full version;
//! 4. [`diff`] (entries paired by [`matching`]), [`classify`](mod@classify) (who each
//!    restriction covers, with the wording [`heuristics`]) and [`rules`] (the
//!    CEDAW/ILO rule set and `flag`), brought together once per pair of
//!    versions by [`Comparison`];
//! 5. the commands' results: [`report`] (advocacy report), [`ci`]
//!    (pull-request check), [`region`], [`trace`], [`status`];
//! 6. [`view`] (a serialisable view model per command: the JSON output is its
//!    serialisation) and [`render`] (one module per output format).
//!
//! Alongside: [`import`](mod@import) (official texts into list files), [`fmt`] (canonical
//! formatting), [`carry`] (keep ids across an import), [`write`](mod@write) (the one
//! write path).
//!
//! ## Example
//!
//! Compare the built-in Resolution 158 with the 2025 Labour Code and count
//! what changed:
//!
//! ```
//! use alljobs::{Catalog, Comparison, DiffOptions, FlagOptions, RuleSet};
//!
//! let catalog = Catalog::embedded();
//! let old = catalog.resolve(alljobs::DEFAULT_LIST)?;
//! let new = catalog.resolve("kg-2025-labour-code-23")?;
//! println!("{}: {}", old.meta().id, old.completeness());
//!
//! let rules = RuleSet::builtin();
//! let c = Comparison::new(&old, &new, &DiffOptions::default(), &rules, &FlagOptions::default());
//! assert_eq!(c.old.classes.entries.len(), old.entries().len());
//! println!("{} changes, {} findings in the new version", c.diff.changes.len(), c.new.findings.findings.len());
//! # Ok::<(), alljobs::LoadError>(())
//! ```

#![warn(missing_docs)]

pub mod carry;
pub mod catalog;
pub mod ci;
pub mod classify;
pub mod comparison;
mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod fmt;
mod framing;
pub mod heuristics;
pub mod import;
mod jurisdiction;
mod list;
pub mod load;
pub mod matching;
pub mod model;
mod normalize;
mod par;
pub mod region;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod status;
#[cfg(test)]
mod test_support;
mod textmatch;
pub mod trace;
pub mod view;
mod wbl;
pub mod write;

pub use catalog::{Catalog, DEFAULT_LIST, Resolver};
pub use classify::{Classification, classify};
pub use comparison::{Analysis, Comparison};
pub use diagnostic::{Diagnostic, Location, Severity};
pub use diff::{Diff, DiffOptions, diff_lists};
pub use import::{ImportError, ImportOptions, ImportResult, import};
pub use list::{Completeness, List, OverlayError};
pub use load::{LoadError, Loaded, load_file, load_str};
pub use model::{Date, ListFile};
pub use report::{ReportData, ReportOptions};
pub use rules::{Finding, FlagOptions, FlagReport, RuleSet, flag, flag_classified};

/// Parts of a diff's result: what general clauses cover, and framing warnings.
pub use coverage::{Coverage, CoverageGroup};
pub use framing::Framing;
