//! Helpers shared by the integration tests of `tests/it/`.

pub use alljobs_testutil::TestRepo;

/// The SYNTHETIC data generator (the dev crate crates/alljobs-synth).
pub use alljobs_synth as synth;

/// A CONSTRUCTED overlay on the shipped Res. 158 (from the bad-input corpus's
/// `missing-entry/overlay.toml`): it repeals entry `k40-01`, and its base is
/// found only among the built-in lists when `lists/` lacks Res. 158.
pub fn overlay_on_res_158() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/cli/missing-entry/overlay.toml");
    std::fs::read_to_string(path)
        .unwrap()
        .replace("xa-me-base", "kg-2000-res-158")
        .replace("jurisdiction = \"XA\"", "jurisdiction = \"KG\"")
        .replace(
            "op = \"reword\"\ntarget = \"buldozer\"\ntitle = { ru = \"Машинист бульдозера всех типов\" }",
            "op = \"repeal\"\ntarget = \"k40-01\"",
        )
}
