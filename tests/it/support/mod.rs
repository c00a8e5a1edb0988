//! Helpers shared by the integration tests of `tests/it/`.

pub use alljobs_testutil::TestRepo;

/// The SYNTHETIC data generator (until it becomes its own dev crate).
#[allow(dead_code)]
#[path = "../../../examples/synth.rs"]
pub mod synth;
