//! The labelled corpus of scope phrasings (tests/fixtures/scope-corpus.toml,
//! synthetic: written for this test) against the wording heuristics: the
//! class and the scope each phrase gives, accuracy at least 0.95 on both,
//! and every unsettled reading carries a warning.

use alljobs::heuristics::infer_scope;
use alljobs::model::Scope;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    text: String,
    lang: String,
    class: String,
    scope: Option<String>,
    why: String,
}

const CLASSES: [&str; 5] = ["general", "maternity-only", "other-group", "unknown", "none"];

fn corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/scope-corpus.toml"))
        .expect("corpus file");
    toml::from_str::<Corpus>(&text).expect("corpus parses").case
}

#[test]
fn the_corpus_is_well_formed() {
    let cases = corpus();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    for (lang, at_least) in [("ru", 50), ("ky", 30), ("en", 40)] {
        let n = cases.iter().filter(|c| c.lang == lang).count();
        assert!(n >= at_least, "{n} {lang} cases");
    }
    for c in &cases {
        assert!(CLASSES.contains(&c.class.as_str()), "{}: class {}", c.text, c.class);
        assert!(["ru", "ky", "en"].contains(&c.lang.as_str()), "{}: lang {}", c.text, c.lang);
        assert!(!c.why.trim().is_empty(), "{}: no why", c.text);
        if let Some(s) = &c.scope {
            let s: Scope = s.parse().unwrap_or_else(|e| panic!("{}: {e}", c.text));
            assert_eq!(s.class().as_str(), c.class, "{}: scope and class disagree", c.text);
        }
    }
}

#[test]
fn heuristics_classify_the_corpus_with_accuracy_at_least_095() {
    let cases = corpus();
    let mut class_ok = 0;
    let (mut scoped, mut scope_ok) = (0, 0);
    let mut misses = Vec::new();
    for c in &cases {
        let inf = infer_scope(&c.text);
        let got_class = inf.as_ref().map_or("none", |i| i.scope.class().as_str());
        let got_scope = inf.as_ref().map(|i| i.scope.to_string());
        let class_right = got_class == c.class;
        class_ok += usize::from(class_right);
        let mut scope_right = true;
        if let Some(want) = &c.scope {
            scoped += 1;
            scope_right = got_scope.as_deref() == Some(want.as_str());
            scope_ok += usize::from(scope_right);
        }
        if !class_right || !scope_right {
            misses.push(format!(
                "  «{}»: want {} {}, got {got_class} {} ({})",
                c.text,
                c.class,
                c.scope.as_deref().unwrap_or(""),
                got_scope.as_deref().unwrap_or("-"),
                c.why
            ));
        }
        // Unsettled readings say so.
        if let Some(i) = &inf {
            if i.scope == Scope::Unknown || i.scope == Scope::Other {
                assert!(!i.warnings.is_empty() || i.scope == Scope::Other, "«{}»: unknown without a warning", c.text);
            }
            assert!(!i.evidence.is_empty(), "«{}»: no deciding phrase", c.text);
        }
    }
    let class_acc = class_ok as f64 / cases.len() as f64;
    let scope_acc = scope_ok as f64 / scoped as f64;
    println!(
        "class accuracy {class_acc:.3} ({class_ok}/{}), scope accuracy {scope_acc:.3} ({scope_ok}/{scoped})",
        cases.len()
    );
    for m in &misses {
        println!("{m}");
    }
    assert!(class_acc >= 0.95, "class accuracy {class_acc:.3}:\n{}", misses.join("\n"));
    assert!(scope_acc >= 0.95, "scope accuracy {scope_acc:.3}:\n{}", misses.join("\n"));
}
