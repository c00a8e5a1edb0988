//! Overlays: consolidation of every operation kind, and every error case
//! (missing entry, missing or circular base, conflicting operations), with positions.
//! All lists here are constructed for the tests.

use alljobs::{Catalog, LoadError};
use std::path::{Path, PathBuf};

const BASE: &str = r#"format_version = 1

[list]
id = "xa-base"
jurisdiction = "XA"
instrument = "resolution"
title = { en = "Constructed base list (test data)" }
status = "in-force"
effect = "prohibits"
default_scope = "all-women"
confidence = "unknown"

[[sources]]
id = "T1"
title = "Constructed source"
kind = "secondary"

[[sections]]
id = "s1"
number = "I"
title = { ru = "Подземные работы" }

[[sections]]
id = "s2"
number = "II"
title = { ru = "Металлообработка" }

[[entries]]
id = "a"
number = "1"
section = "s1"
title = { ru = "Машинист бульдозера" }
evidence = "official-text"
sources = ["T1"]

[[entries]]
id = "b"
number = "2"
section = "s1"
title = { ru = "Проходчик" }
evidence = "official-text"
sources = ["T1"]

[[entries]]
id = "c"
number = "3"
section = "s2"
title = { ru = "Сварщик" }
condition = { ru = "занятый на работах внутри емкостей" }
evidence = "official-text"
sources = ["T1"]
"#;

fn overlay(ops: &str) -> String {
    format!(
        r#"format_version = 1

[list]
id = "xa-overlay"
jurisdiction = "XA"
instrument = "draft"
title = {{ en = "Constructed overlay (test data)" }}
status = "draft"
effect = "restricts"
default_scope = "pregnant-or-breastfeeding"
confidence = "unknown"
base = "xa-base"

[[sources]]
id = "T2"
title = "Constructed overlay source"
kind = "secondary"
{ops}"#
    )
}

fn setup(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut last = PathBuf::new();
    for (name, text) in files {
        last = dir.path().join(name);
        std::fs::write(&last, text).unwrap();
    }
    (dir, last)
}

fn open_err(path: &Path) -> LoadError {
    match Catalog::open(path) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines().enumerate().filter(|(_, l)| l.contains(needle)).nth(nth).map(|(i, _)| i + 1).unwrap()
}

#[test]
fn every_operation_kind_consolidates() {
    let ops = r#"
[[operations]]
op = "rescope"
target = "*"
scope = "pregnant-or-breastfeeding"
confidence = "reported"
sources = ["T2"]

[[operations]]
op = "rescope"
target = "b"
scope = "pregnant"
confidence = "reported"

[[operations]]
op = "repeal"
target = "a"
confidence = "reported"

[[operations]]
op = "reword"
target = "c"
condition = { ru = "занятый на работах внутри резервуаров" }
confidence = "reported"

[[operations]]
op = "renumber"
target = "c"
number = "2"
confidence = "reported"

[[operations]]
op = "move"
target = "b"
section = "s2"
confidence = "reported"

[[operations]]
op = "add"
after = "b"
confidence = "reported"
entry = { id = "d", number = "3", section = "s2", title = { ru = "Кессонщик" }, evidence = "official-text", sources = ["T2"] }
"#;
    let (_d, p) = setup(&[("base.toml", BASE), ("overlay.toml", &overlay(ops))]);
    let (list, _) = Catalog::open(&p).unwrap();
    let ids: Vec<&str> = list.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["b", "d", "c"]);
    let b = &list.entries()[0];
    assert_eq!(list.scope_of(b).to_string(), "pregnant");
    assert_eq!(b.section.as_deref(), Some("s2"));
    let d = &list.entries()[1];
    assert_eq!(list.scope_of(d).to_string(), "pregnant-or-breastfeeding", "an added entry takes the overlay default");
    let c = &list.entries()[2];
    assert_eq!(c.number.as_deref(), Some("2"));
    assert_eq!(c.condition["ru"], "занятый на работах внутри резервуаров");
    assert_eq!(list.scope_of(c).to_string(), "pregnant-or-breastfeeding");
    assert_eq!(list.meta().id, "xa-overlay");
    assert!(list.source("T1").is_some() && list.source("T2").is_some());
    // The rescoped entry's origin is the overlay's operation.
    assert!(list.origin(0).file.ends_with("overlay.toml"));
}

#[test]
fn base_entries_keep_their_scope_when_the_overlay_default_differs() {
    let ops = "\n[[operations]]\nop = \"renumber\"\ntarget = \"a\"\nnumber = \"10\"\nconfidence = \"reported\"\n";
    let (_d, p) = setup(&[("base.toml", BASE), ("overlay.toml", &overlay(ops))]);
    let (list, _) = Catalog::open(&p).unwrap();
    assert!(list.entries().iter().all(|e| list.scope_of(e).to_string() == "all-women"));
}

fn assert_error(ops: &str, code: &str, message: &str, line_needle: &str, nth: usize) {
    let text = overlay(ops);
    let (_d, p) = setup(&[("base.toml", BASE), ("overlay.toml", &text)]);
    let e = open_err(&p);
    let d = e.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| {
        panic!("no {code} in {:?}", e.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>())
    });
    assert!(d.to_string().contains(message), "{d}");
    let loc = d.location.as_ref().unwrap();
    assert!(loc.file.ends_with("overlay.toml"));
    assert_eq!(loc.line, line_of(&text, line_needle, nth), "{d}");
}

#[test]
fn an_operation_naming_a_missing_entry() {
    assert_error(
        "\n[[operations]]\nop = \"repeal\"\ntarget = \"zz\"\nconfidence = \"reported\"\n",
        "op-missing-entry",
        "no entry `zz` in the base list",
        "op = \"repeal\"",
        0,
    );
}

#[test]
fn an_operation_on_a_repealed_entry_conflicts() {
    assert_error(
        "\n[[operations]]\nop = \"repeal\"\ntarget = \"a\"\nconfidence = \"reported\"\n\n[[operations]]\nop = \"renumber\"\ntarget = \"a\"\nnumber = \"9\"\nconfidence = \"reported\"\n",
        "op-conflict",
        "repealed by operation 1",
        "op = \"renumber\"",
        0,
    );
}

#[test]
fn two_rewords_of_one_entry_conflict() {
    assert_error(
        "\n[[operations]]\nop = \"reword\"\ntarget = \"a\"\ntitle = { ru = \"x\" }\nconfidence = \"reported\"\n\n[[operations]]\nop = \"reword\"\ntarget = \"a\"\ntitle = { ru = \"y\" }\nconfidence = \"reported\"\n",
        "op-conflict",
        "conflicts with operation 1 on entry `a`",
        "op = \"reword\"",
        1,
    );
}

#[test]
fn a_global_rescope_after_a_specific_one_conflicts() {
    assert_error(
        "\n[[operations]]\nop = \"rescope\"\ntarget = \"a\"\nscope = \"pregnant\"\nconfidence = \"reported\"\n\n[[operations]]\nop = \"rescope\"\ntarget = \"*\"\nscope = \"breastfeeding\"\nconfidence = \"reported\"\n",
        "op-conflict",
        "put the global rescope first",
        "op = \"rescope\"",
        1,
    );
}

#[test]
fn adding_an_existing_id_is_an_error() {
    assert_error(
        "\n[[operations]]\nop = \"add\"\nconfidence = \"reported\"\nentry = { id = \"a\", title = { ru = \"x\" }, evidence = \"reported\", sources = [\"T2\"] }\n",
        "duplicate-id",
        "entry id `a` is already used",
        "op = \"add\"",
        0,
    );
}

#[test]
fn a_field_without_meaning_for_the_operation() {
    assert_error(
        "\n[[operations]]\nop = \"repeal\"\ntarget = \"a\"\nscope = \"pregnant\"\nconfidence = \"reported\"\n",
        "op-invalid",
        "`scope` has no meaning for op = \"repeal\"",
        "op = \"repeal\"",
        0,
    );
}

#[test]
fn missing_fields_and_unknown_sections() {
    assert_error(
        "\n[[operations]]\nop = \"rescope\"\ntarget = \"a\"\nconfidence = \"reported\"\n",
        "op-missing-field",
        "needs `scope`",
        "op = \"rescope\"",
        0,
    );
    assert_error(
        "\n[[operations]]\nop = \"renumber\"\nconfidence = \"reported\"\n",
        "op-missing-field",
        "needs `target`",
        "op = \"renumber\"",
        0,
    );
    assert_error(
        "\n[[operations]]\nop = \"move\"\ntarget = \"a\"\nsection = \"s9\"\nconfidence = \"reported\"\n",
        "unknown-section",
        "unknown section `s9`",
        "op = \"move\"",
        0,
    );
    assert_error(
        "\n[[operations]]\nop = \"repeal\"\ntarget = \"*\"\nconfidence = \"reported\"\n",
        "op-invalid",
        "only allowed for rescope",
        "op = \"repeal\"",
        0,
    );
}

#[test]
fn a_missing_base() {
    let text = overlay("\n[[operations]]\nop = \"repeal\"\ntarget = \"a\"\nconfidence = \"reported\"\n")
        .replace("base = \"xa-base\"", "base = \"xa-bsae\"");
    let (_d, p) = setup(&[("base.toml", BASE), ("overlay.toml", &text)]);
    let e = open_err(&p);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "missing-base");
    assert!(d.hint.as_deref().unwrap().contains("did you mean `xa-base`?"));
    assert_eq!(d.location.as_ref().unwrap().line, line_of(&text, "base = ", 0));
}

#[test]
fn a_circular_base() {
    let one = overlay("\n[[operations]]\nop = \"repeal\"\ntarget = \"a\"\nconfidence = \"reported\"\n")
        .replace("id = \"xa-overlay\"", "id = \"xa-one\"")
        .replace("base = \"xa-base\"", "base = \"xa-two\"");
    let two = overlay("\n[[operations]]\nop = \"repeal\"\ntarget = \"b\"\nconfidence = \"reported\"\n")
        .replace("id = \"xa-overlay\"", "id = \"xa-two\"")
        .replace("base = \"xa-base\"", "base = \"xa-one\"");
    let (_d, p) = setup(&[("two.toml", &two), ("one.toml", &one)]);
    let e = open_err(&p);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "circular-base");
    assert!(d.message.contains("xa-one → xa-two → xa-one"), "{}", d.message);
}

#[test]
fn an_overlay_with_no_operations_is_an_error() {
    let (_d, p) = setup(&[("base.toml", BASE), ("overlay.toml", &overlay(""))]);
    let e = open_err(&p);
    assert!(e.diagnostics.iter().any(|d| d.code == "empty-overlay"));
}

#[test]
fn overlays_chain() {
    let first = overlay("\n[[operations]]\nop = \"repeal\"\ntarget = \"a\"\nconfidence = \"reported\"\n");
    let second = overlay(
        "\n[[operations]]\nop = \"rescope\"\ntarget = \"b\"\nscope = \"pregnant\"\nconfidence = \"reported\"\n",
    )
    .replace("id = \"xa-overlay\"", "id = \"xa-second\"")
    .replace("base = \"xa-base\"", "base = \"xa-overlay\"");
    let (_d, p) = setup(&[("base.toml", BASE), ("first.toml", &first), ("second.toml", &second)]);
    let (list, _) = Catalog::open(&p).unwrap();
    let ids: Vec<&str> = list.entries().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["b", "c"]);
    assert_eq!(list.scope_of(&list.entries()[0]).to_string(), "pregnant");
    assert_eq!(list.scope_of(&list.entries()[1]).to_string(), "all-women");
}
