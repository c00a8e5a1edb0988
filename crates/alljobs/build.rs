//! Embeds the shipped lists (`lists/**/*.toml`) in the binary, so that the
//! main job works from any directory; and computes the prefilter atoms of
//! every embedded pattern (scope and provision heuristics, built-in rules),
//! so that no command parses them at run time (`textmatch`).

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut items: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    items.sort();
    for p in items {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

/// The regex test keys of the trigger language (`rules::trigger`).
const REGEX_KEYS: [&str; 7] = ["text", "title", "justification", "exceptions", "hazard", "list_title", "relation"];

/// Every regex source of a trigger condition, as the rules compile it.
fn trigger_patterns(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                match (k.as_str(), x) {
                    (k, toml::Value::String(s)) if REGEX_KEYS.contains(&k) => {
                        out.push(alljobs_textmatch::rule_pattern(s));
                    }
                    ("all" | "any" | "not", x) => trigger_patterns(x, out),
                    _ => {}
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| trigger_patterns(x, out)),
        _ => {}
    }
}

fn strings(v: Option<&toml::Value>) -> Vec<&str> {
    match v {
        Some(toml::Value::String(s)) => vec![s.as_str()],
        Some(toml::Value::Array(a)) => a.iter().filter_map(toml::Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Every pattern source of the embedded heuristics and rules, as the library builds it.
fn embedded_patterns(src: &Path) -> Vec<String> {
    let read = |rel: &str| -> toml::Table {
        let p = src.join(rel);
        println!("cargo:rerun-if-changed={}", p.display());
        toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
    };
    let mut out = Vec::new();
    let scope = read("heuristics/scope.toml");
    let words = scope.get("numbers").and_then(toml::Value::as_table).map(|t| t.keys().map(String::as_str).collect());
    let num = alljobs_textmatch::number_pattern(words.unwrap_or_else(Vec::new));
    let mut raw: Vec<&str> = Vec::new();
    for k in ["masks", "gap_after", "gap_before", "link", "head", "separator"] {
        raw.extend(strings(scope.get(k)));
    }
    for k in ["group", "marker"] {
        for t in scope.get(k).and_then(toml::Value::as_array).into_iter().flatten() {
            raw.extend(strings(t.get("patterns")));
        }
    }
    out.extend(raw.iter().map(|p| alljobs_textmatch::heuristic_pattern(p, &num)));
    let provisions = read("heuristics/provisions.toml");
    for v in provisions.values() {
        out.extend(strings(Some(v)).iter().map(|p| alljobs_textmatch::heuristic_pattern(p, "")));
    }
    let rules = read("rules/builtin.toml");
    for r in rules.get("rules").and_then(toml::Value::as_array).into_iter().flatten() {
        if let Some(t) = r.get("trigger") {
            trigger_patterns(t, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `EMBEDDED_ATOMS`: (pattern source, its atoms), sorted by source.
fn atoms_table(src: &Path) -> String {
    let mut code = String::from(
        "/// (pattern source, its prefilter atoms), for every embedded pattern, sorted by source.\n\
         pub(crate) static EMBEDDED_ATOMS: &[(&str, Option<&[&str]>)] = &[\n",
    );
    for p in embedded_patterns(src) {
        match alljobs_textmatch::atoms_of(&p) {
            Some(a) => code.push_str(&format!("    ({p:?}, Some(&{a:?})),\n")),
            None => code.push_str(&format!("    ({p:?}, None),\n")),
        }
    }
    code.push_str("];\n");
    code
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let repo = root.join("../..");
    let lists = repo.join("lists");
    println!("cargo:rerun-if-changed={}", lists.display());
    let mut files = Vec::new();
    collect(&lists, &mut files);
    let mut code = String::from(
        "/// (path relative to the repository, contents)\npub static EMBEDDED_LISTS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&repo).unwrap().to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("embedded_lists.rs"), code).unwrap();
    std::fs::write(out.join("embedded_atoms.rs"), atoms_table(&root.join("src"))).unwrap();
}
