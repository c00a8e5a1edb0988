//! # alljobs
//!
//! Keep, validate, diff, classify and flag the "lists of jobs prohibited for
//! women" that many post-Soviet states keep, one TOML file per version.
//!
//! The modules read as the pipeline:
//! [`model`] → [`load`] (read and validate one file) → [`catalog`] (find lists
//! by id, embedded or on disk) → [`consolidate`] (overlays into full versions)
//! → the commands' logic and [`render`].
//!
//! ```no_run
//! let catalog = alljobs::Catalog::embedded();
//! let list = catalog.resolve("kg-2000-res-158").unwrap();
//! println!("{}: {}", list.meta().id, list.completeness());
//! ```

pub mod carry;
pub mod catalog;
pub mod ci;
pub mod classify;
pub mod comparison;
pub use catalog::consolidate;
pub mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod fmt;
pub mod framing;
pub mod heuristics;
pub mod import;
pub mod jurisdiction;
pub mod list;
pub mod load;
pub mod matching;
pub mod model;
pub mod normalize;
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
pub mod wbl;
pub mod write;

pub use catalog::Catalog;
pub use diagnostic::{Diagnostic, Location, Severity};
pub use list::{Completeness, List};
pub use load::{LoadError, Loaded};
