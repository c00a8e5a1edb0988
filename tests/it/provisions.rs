//! List and section provisions: `import` reads a «Примечание…» paragraph at a
//! section end or after the last entry as a provision (not as the last
//! entry's note) when its wording speaks of the list or is an employer-
//! discretion clause; `flag` fires CEDAW-EMPLOYER-DISCRETION for every entry
//! an employer-discretion provision covers, and only for those.
//! Inputs are constructed (tests/fixtures/import/provisions.txt says so).

use assert_cmd::Command;
use serde_json::Value;

fn alljobs() -> Command {
    Command::cargo_bin("alljobs").unwrap()
}

/// The entry ids on which `rule` fired, from `flag --format json`.
fn fired(path: &std::path::Path, rule: &str) -> Vec<String> {
    let out = alljobs().args(["flag", "--per-entry", "--format", "json"]).arg(path).assert().success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut ids: Vec<String> = Vec::new();
    let findings = json["lists"][0]["findings"].as_array().or_else(|| json["findings"].as_array()).expect("findings");
    for f in findings {
        if f["rule"] == rule {
            ids.push(f["entry_id"].as_str().unwrap_or("(list)").to_string());
        }
    }
    ids
}

#[test]
fn import_reads_trailing_notes_as_provisions_and_flag_fires_for_covered_entries() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("provisions.toml");
    let run = alljobs()
        .args(["import", "tests/fixtures/import/provisions.txt", "--id", "xa-provisions", "--jurisdiction", "XA"])
        .args(["--source-url", "https://example.org/constructed", "--source-title", "Constructed test input"])
        .args(["--default-scope", "all-women", "-o"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("note read as a provision of the list (employer-discretion"), "{stderr}");
    assert!(stderr.contains("note read as a provision of section s1 (note"), "{stderr}");
    let file = alljobs::load::load_file(&out).unwrap().file;
    // A note between entries stays the entry's; the others are provisions.
    assert_eq!(file.entries[0].note.as_deref(), Some("Примечание. Кроме работ мастеров."));
    assert!(file.entries.iter().skip(1).all(|e| e.note.is_none()), "{:?}", file.entries);
    assert_eq!(file.provisions.len(), 2);
    assert_eq!(file.provisions[0].section.as_deref(), Some("s1"));
    assert_eq!(file.provisions[0].kind.as_str(), "note");
    assert_eq!(file.provisions[1].section, None);
    assert_eq!(file.provisions[1].kind.as_str(), "employer-discretion");
    assert!(file.provisions[1].kind_inferred);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("[[provisions]]\ntext = { ru = \"Примечание. Работодатель"), "{text}");
    alljobs().arg("check").arg(&out).arg("--deny-warnings").assert().success();
    // The list-wide clause covers every entry.
    assert_eq!(fired(&out, "CEDAW-EMPLOYER-DISCRETION"), ["e1", "e2", "e3", "e4"]);
}

#[test]
fn a_section_provision_covers_its_section_and_sub_headings_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("constructed.toml");
    std::fs::write(
        &path,
        r#"# Constructed for tests (synthetic, not a real act).
format_version = 1
[list]
id = "xa-section-provision"
jurisdiction = "XA"
instrument = "resolution"
title = { en = "Constructed test list (synthetic, not a real act)" }
status = "unknown"
effect = "prohibits"
default_scope = "all-women"
confidence = "unknown"

[[sources]]
id = "S1"
title = "Constructed"
kind = "secondary"

[[sections]]
id = "s1"
title = { ru = "I" }
sources = ["S1"]

[[sections]]
id = "s2"
title = { ru = "II" }
sources = ["S1"]

[[sections]]
id = "h1"
title = { ru = "Подраздел" }
kind = "subheading"
parent = "s2"
sources = ["S1"]

[[entries]]
id = "a"
section = "s1"
title = { ru = "Проходчик" }
evidence = "reported"
sources = ["S1"]

[[entries]]
id = "b"
section = "h1"
title = { ru = "Вагранщик" }
evidence = "reported"
sources = ["S1"]

[[provisions]]
section = "s2"
text = { ru = "Примечание. Работодатель может допускать женщин к работам раздела при создании безопасных условий труда." }
kind = "employer-discretion"
evidence = "reported"
sources = ["S1"]
"#,
    )
    .unwrap();
    alljobs().arg("check").arg(&path).assert().success();
    assert_eq!(fired(&path, "CEDAW-EMPLOYER-DISCRETION"), ["b"]);
    // A provision naming an unknown section is an error with its place.
    let bad = std::fs::read_to_string(&path).unwrap().replace("section = \"s2\"\ntext", "section = \"s9\"\ntext");
    std::fs::write(&path, bad).unwrap();
    let out = alljobs().arg("check").arg(&path).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("s9") && stderr.contains("constructed.toml:"), "{stderr}");
}
