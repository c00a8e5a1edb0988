//! Golden pairs (difftastic style): `tests/golden/diff/<name>/{old.toml,new.toml,expected.json}`.
//! Each pair is constructed for the purpose with a known answer, written by
//! hand in `expected.json`. For each expected change, every key it gives must
//! equal the engine's value (keys left out are not checked); the changes must
//! come in the same order, and the summary (and warnings and list_changes, when given) must match.

use alljobs::catalog::Resolver;
use alljobs::diff::{DiffOptions, diff_lists};
use serde_json::Value;
use std::path::Path;

fn check_pair(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let (old, _) = Resolver::new().open_path(&dir.join("old.toml")).map_err(|e| format!("{name}: old.toml: {e}"))?;
    let (new, _) = Resolver::new().open_path(&dir.join("new.toml")).map_err(|e| format!("{name}: new.toml: {e}"))?;
    for l in [&old, &new] {
        let note = l.meta().note.clone().unwrap_or_default();
        let title = l.meta().title.get("en").cloned().unwrap_or_default();
        if !note.contains("CONSTRUCTED") || !title.starts_with("Constructed") {
            return Err(format!("{name}: {} must say in its title and note that it is constructed", l.meta().id));
        }
    }
    let text = std::fs::read_to_string(dir.join("expected.json")).map_err(|e| format!("{name}: {e}"))?;
    let expected: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: expected.json: {e}"))?;
    let diff = diff_lists(&old, &new, &DiffOptions::default());
    let actual = serde_json::to_value(&diff).unwrap();
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
    if actual["summary"] != expected["summary"] {
        return Err(format!(
            "{name}: summary\n expected {}\n actual   {}\n changes: {}",
            expected["summary"],
            actual["summary"],
            pretty(&actual["changes"])
        ));
    }
    if let Some(w) = expected.get("warnings")
        && actual["warnings"] != *w
    {
        return Err(format!("{name}: warnings\n expected {w}\n actual   {}", actual["warnings"]));
    }
    if let Some(l) = expected.get("list_changes")
        && actual["list_changes"] != *l
    {
        return Err(format!("{name}: list_changes\n expected {l}\n actual   {}", actual["list_changes"]));
    }
    let (exp, act) = (expected["changes"].as_array().unwrap(), actual["changes"].as_array().unwrap());
    if exp.len() != act.len() {
        return Err(format!(
            "{name}: {} changes expected, {} found:\n{}",
            exp.len(),
            act.len(),
            pretty(&actual["changes"])
        ));
    }
    for (k, (e, a)) in exp.iter().zip(act).enumerate() {
        for (key, want) in e.as_object().unwrap() {
            if a.get(key) != Some(want) {
                return Err(format!(
                    "{name}: change {k}, `{key}`\n expected {want}\n actual   {}\n whole change: {}",
                    a.get(key).unwrap_or(&Value::Null),
                    pretty(a)
                ));
            }
        }
        let s = a["similarity"].as_f64().unwrap();
        if !(0.0..=1.0).contains(&s) {
            return Err(format!("{name}: change {k}: similarity {s} out of range"));
        }
    }
    Ok(())
}

#[test]
fn golden_pairs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/diff");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "golden pairs missing under {}", root.display());
    let failures: Vec<String> = dirs.iter().filter_map(|d| check_pair(d).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} golden pairs differ:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
