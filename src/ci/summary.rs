//! Renderings of a [`CiReport`]: the readable text summary and the Markdown
//! job summary (`$GITHUB_STEP_SUMMARY`).

use super::CiReport;

/// The readable summary printed by `alljobs ci`.
pub fn text(r: &CiReport) -> String {
    format!("{} file(s), {} violation(s)\n", r.files.len(), r.violations.len())
}
