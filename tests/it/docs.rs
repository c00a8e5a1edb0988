//! The manual cannot drift from the code: the generated reference pages match
//! what `alljobs docs` writes, every ```` ```console ```` example in README.md and
//! docs/src/ prints what it shows (trycmd), every relative link resolves, and
//! every page of docs/src/ is in SUMMARY.md.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut items: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        items.sort();
        for p in items {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    let mut files = vec![root().join("README.md"), root().join("CONTRIBUTING.md"), root().join("lists/README.md")];
    walk(&root().join("docs/src"), &mut files);
    files
}

#[test]
fn generated_reference_pages_are_current() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_alljobs"))
        .args(["docs", "--check"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the generated pages are stale: run `cargo run -- docs`\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn examples_print_what_they_show() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("alljobs", trycmd::schema::Bin::Path(PathBuf::from(env!("CARGO_BIN_EXE_alljobs"))));
    cases.env("NO_COLOR", "1");
    for f in markdown_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.contains("```console") {
            cases.case(f);
        }
    }
}

#[test]
fn relative_links_resolve() {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut broken = Vec::new();
    for f in markdown_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        for ev in Parser::new(&text) {
            let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = ev else { continue };
            let url = dest_url.to_string();
            if url.contains("://") || url.starts_with('#') || url.starts_with("mailto:") || url.starts_with('<') {
                continue;
            }
            let path = url.split('#').next().unwrap_or_default();
            if path.is_empty() {
                continue;
            }
            let target = f.parent().unwrap().join(path);
            if !target.exists() {
                broken.push(format!("{}: {url}", f.strip_prefix(root()).unwrap().display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_page_is_in_the_summary_and_every_summary_entry_exists() {
    let src = root().join("docs/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let linked: Vec<String> =
        regex::Regex::new(r"\]\(([^)]+\.md)\)").unwrap().captures_iter(&summary).map(|c| c[1].to_string()).collect();
    for l in &linked {
        assert!(src.join(l).exists(), "SUMMARY.md names {l}, which does not exist");
    }
    for f in markdown_files().into_iter().filter(|f| f.starts_with(&src)) {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if rel == "SUMMARY.md" {
            continue;
        }
        assert!(linked.contains(&rel), "docs/src/{rel} is not in SUMMARY.md, so the book would not show it");
    }
}
