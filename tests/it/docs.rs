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

/// Shell blocks of README.md and docs/src that are not executed, each with the
/// reason: (file, the block's first line, why). Every other example is a
/// ```` ```console ```` block run by [`examples_print_what_they_show`].
const NOT_EXECUTED: &[(&str, &str, &str)] = &[
    ("README.md", "cargo run --release -- diff", "needs cargo: builds the project, then runs the whole test suite"),
    ("README.md", "cargo install --locked --path .", "needs cargo and installs into ~/.cargo/bin and ~/.local"),
    (
        "README.md",
        "alljobs explain CEDAW-GENERAL-BAN",
        "writes report.html and needs a git repository with origin/main",
    ),
    (
        "CONTRIBUTING.md",
        "cargo run --release -- diff",
        "needs cargo: builds the project, then runs the whole test suite",
    ),
    ("docs/src/install.md", "cargo install --locked --path .", "needs cargo and installs into ~/.cargo/bin"),
    (
        "docs/src/install.md",
        "alljobs completions bash > ~/.local/share/bash-completion/completions/alljobs",
        "writes into ~/.local (completions and man pages)",
    ),
    (
        "docs/src/benchmarks.md",
        "cargo build --release --bin alljobs --example synth",
        "long-running benchmark (valgrind, hyperfine)",
    ),
    (
        "docs/src/benchmarks-diff.md",
        "cargo run --release --example synth -- --score --entries 446 --seeds 2",
        "long-running benchmark (needs cargo)",
    ),
    (
        "docs/src/benchmarks-diff.md",
        "cargo build --release --bin alljobs --example synth",
        "long-running benchmark (hyperfine)",
    ),
    (
        "docs/src/reference/ci.md",
        "alljobs ci",
        "needs a git repository with a base revision; tests/it/ci.rs runs ci on temporary repositories",
    ),
    (
        "docs/src/reference/git-diff.md",
        "git config diff.alljobs.command \"alljobs git-diff\"",
        "changes the git configuration of a repository",
    ),
    (
        "docs/src/reference/report.md",
        "alljobs report",
        "writes report files (html, csv) into the current directory; Markdown output is snapshot-tested in tests/cli/report-markdown",
    ),
    ("docs/src/reference/report.md", "cargo test --test it report_browser::", "needs cargo and a headless browser"),
    (
        "docs/src/reference/robustness.md",
        "cargo run --release --example synth -- --entries 10000 --seed 1 --out target/synth/10000",
        "long-running: generates a synthetic corpus (needs cargo)",
    ),
    ("docs/src/reference/robustness.md", "bench/run.sh", "long-running benchmark; installs tools"),
    ("docs/src/reference/robustness.md", "fuzz/run.sh 600", "long-running fuzzing (needs cargo +nightly)"),
    (
        "docs/src/reference/robustness.md",
        "cd fuzz/logs && nice -n 19 ../../fuzz/target/x86_64-unknown-linux-gnu/release/TARGET ../corpus/TARGET \\",
        "a template (TARGET, MAX_LEN, RSS) for a long fuzzing run",
    ),
    (
        "docs/src/reference/import.md",
        "alljobs import ru-162-fragment.txt --id ru-2000-res-162 --jurisdiction RU --declared 456 \\",
        "names an input file the reader has (not in the repository) and writes ru-162.toml",
    ),
    (
        "docs/src/reference/import.md",
        "alljobs import res158.txt --id kg-2000-res-158 --jurisdiction KG --instrument resolution --number 158 \\",
        "the reader's text of Res. 158 (not available to us) is the input",
    ),
    (
        "docs/src/reference/diff.md",
        "alljobs diff",
        "the examples name the reader's old.toml/new.toml; a CSV example below is executed, the rest are snapshot-tested in tests/cli/diff-*",
    ),
    (
        "docs/src/guide/region.md",
        "alljobs region",
        "long outputs and writes region.html; snapshot-tested in tests/cli/region-*",
    ),
    (
        "docs/src/guide/report.md",
        "alljobs report --format html -o report.html",
        "writes report files into the current directory",
    ),
    (
        "docs/src/guide/report.md",
        "alljobs report --format factsheet --today 2025-06-01 -o factsheet.html",
        "writes factsheet.html into the current directory",
    ),
    (
        "docs/src/guide/report.md",
        "alljobs report --format html --lang ru --bilingual en -o report-ru-en.html",
        "writes report-ru-en.html into the current directory",
    ),
    (
        "docs/src/guide/import.md",
        "alljobs import kz-186p-2007-partial.html --id kz-2007-order-186p --jurisdiction KZ --no-source -o kz.toml",
        "names a file the reader has and writes kz.toml",
    ),
    (
        "docs/src/guide/import.md",
        "alljobs import kz-186p-2007-partial.docx --id kz-2007-order-186p --jurisdiction KZ --no-source -o kz.toml",
        "names a file the reader has and writes kz.toml",
    ),
    (
        "docs/src/guide/import.md",
        "alljobs import tests/fixtures/import/synthetic-small.rtf --id xa-rtf-demo --jurisdiction XA --no-source -o rtf-demo.toml",
        "writes rtf-demo.toml into the current directory",
    ),
    (
        "docs/src/guide/import.md",
        "alljobs import tests/fixtures/import/az-170-1999-partial.txt \\",
        "rewrites the shipped lists under lists/ (how they were made)",
    ),
];

/// Every shell block (```` ```sh ````, `bash`, `shell`, `zsh`) of README.md,
/// CONTRIBUTING.md, lists/README.md and docs/src is either executed (written
/// as ```` ```console ````) or listed in [`NOT_EXECUTED`] with a reason: a
/// new untested block fails here, and so does a stale entry of the list.
#[test]
fn every_shell_example_is_executed_or_listed_with_a_reason() {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut found: Vec<(String, String)> = Vec::new();
    for f in markdown_files() {
        let rel = f.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&f).unwrap();
        let mut current: Option<String> = None;
        for ev in Parser::new(&text) {
            match ev {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let lang = info.split([',', ' ']).next().unwrap_or_default().to_string();
                    if ["sh", "bash", "shell", "zsh"].contains(&lang.as_str()) {
                        current = Some(String::new());
                    }
                }
                Event::Text(t) => {
                    if let Some(c) = current.as_mut() {
                        c.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(c) = current.take() {
                        let first = c.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
                        // The first line without its trailing comment.
                        let cmd = first.split("  #").next().unwrap_or_default().trim().to_string();
                        found.push((rel.clone(), cmd));
                    }
                }
                _ => {}
            }
        }
    }
    let listed = |file: &str, cmd: &str| NOT_EXECUTED.iter().any(|(f, c, _)| *f == file && *c == cmd);
    let untested: Vec<String> =
        found.iter().filter(|(f, c)| !listed(f, c)).map(|(f, c)| format!("{f}: `{c}`")).collect();
    assert!(
        untested.is_empty(),
        "shell examples that no test runs: write each as a ```console block with its real output \
         (run by examples_print_what_they_show), or add it to NOT_EXECUTED with the reason:\n{}",
        untested.join("\n")
    );
    let stale: Vec<String> = NOT_EXECUTED
        .iter()
        .filter(|(f, c, _)| !found.iter().any(|(ff, cc)| ff == f && cc == c))
        .map(|(f, c, _)| format!("{f}: `{c}`"))
        .collect();
    assert!(stale.is_empty(), "NOT_EXECUTED names blocks that no longer exist:\n{}", stale.join("\n"));
    for (_, _, why) in NOT_EXECUTED {
        assert!(!why.trim().is_empty());
    }
}
