//! Helpers shared by the integration tests of `tests/it/`.

pub use alljobs_testutil::TestRepo;

/// The SYNTHETIC data generator (the dev crate crates/alljobs-synth).
pub use alljobs_synth as synth;
