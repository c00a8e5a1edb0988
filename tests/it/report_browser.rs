//! The HTML report opened in a real headless browser (Debian's `chromium`).
//!
//! Run it alone with `cargo test --test report_browser`. It checks that the
//! page renders with no console message at all (no script errors, no blocked
//! fetch: the page has no script and its Content-Security-Policy forbids every
//! fetch, so any console line is a defect), that both charts are in the
//! rendered DOM, that hostile list text stays text, and it writes a screenshot
//! (`target/report-screenshot.png`) and a printout (`target/report-print.pdf`)
//! to look at.
//!
//! When chromium is missing the tests FAIL if `CI` is set (`.ci/run` installs
//! it), and are skipped with a printed reason otherwise. Set `CHROMIUM` to use
//! another binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/` (the parent of Cargo's per-test temporary directory).
fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map(Path::to_path_buf).unwrap_or(tmp)
}

/// The chromium binary, or `None` (after printing why) when the test may be skipped.
fn chromium() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .collect();
    if let Some(p) = candidates.into_iter().find(|p| p.is_file()) {
        return Some(p);
    }
    let reason = "chromium is not installed (apt-get install -y chromium; .ci/run does it)";
    if std::env::var_os("CI").is_some() {
        panic!("{reason}; CI is set, so this check may not be skipped");
    }
    eprintln!("SKIPPED: {reason}");
    None
}

/// What one chromium run left: its stdout and its console messages.
struct Run {
    stdout: String,
    console: Vec<String>,
}

/// Runs headless chromium on a file with `extra` flags (e.g. `--dump-dom`),
/// with a fresh profile and no network features; ends it after 120 s.
fn run_chromium(bin: &Path, page: &Path, extra: &[String]) -> Run {
    let profile = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium starts");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(_) => break,
            None if start.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish in 120 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let stdout = t_out.join().unwrap_or_default();
    let stderr = t_err.join().unwrap_or_default();
    // Chromium logs page console messages as `…:INFO:CONSOLE(…)` / `…:ERROR:CONSOLE…`
    // lines (uncaught errors, CSP violations, failed loads): any is a defect here.
    let console = stderr.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect();
    Run { stdout, console }
}

/// Writes the HTML report of `args` to `dir/name` with the built binary.
fn write_report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let status = Command::new(env!("CARGO_BIN_EXE_alljobs"))
        .current_dir(root())
        .arg("report")
        .args(args)
        .args(["--format", "html", "--today", "2025-06-01", "-o"])
        .arg(&out)
        .status()
        .expect("alljobs runs");
    assert!(status.success(), "alljobs report {args:?} failed");
    out
}

#[test]
fn harness_detects_console_errors() {
    // The check must be able to fail: a page with a script error is caught.
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(&page, "<!DOCTYPE html><html lang=\"en\"><title>x</title><script>undefinedFunction();</script>")
        .unwrap();
    let run = run_chromium(&bin, &page, &["--dump-dom".into()]);
    assert!(
        run.console.iter().any(|l| l.contains("Uncaught ReferenceError")),
        "the harness should see the error; console: {:?}",
        run.console
    );
}

/// The chart is in the rendered DOM, with its title and text alternative.
#[track_caller]
fn assert_chart(dom: &str, chart: &str) {
    let open =
        format!("<svg class=\"chart\" id=\"{chart}\" role=\"img\" aria-labelledby=\"{chart}-title {chart}-desc\"");
    assert!(dom.contains(&open), "{chart} is in the rendered DOM");
    assert!(dom.contains(&format!("<title id=\"{chart}-title\">")), "{chart} has a title");
    assert!(dom.contains(&format!("<desc id=\"{chart}-desc\">")), "{chart} has a text alternative");
}

#[test]
fn shipped_report_renders_without_console_errors_and_with_charts() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = write_report(dir.path(), "report.html", &[]);

    let run = run_chromium(&bin, &page, &["--dump-dom".into()]);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    let dom = run.stdout;
    assert!(dom.contains("<html lang=\"en\""), "lang attribute");
    assert_chart(&dom, "chart-classes");
    // The shipped lists name no section: a one-bar section chart would carry nothing, so there is none.
    assert!(!dom.contains("id=\"chart-sections\""), "no one-bar section chart");
    assert!(dom.matches("<rect").count() > 4, "the charts have bars");
    // A pair with sections has the section chart.
    let sections = write_report(
        dir.path(),
        "sections.html",
        &["tests/fixtures/report/constructed-old.toml", "tests/fixtures/report/constructed-new.toml"],
    );
    let run = run_chromium(&bin, &sections, &["--dump-dom".into()]);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    assert_chart(&run.stdout, "chart-sections");
    assert!(dom.contains("18 of 446 declared entries transcribed"), "completeness stated");
    assert!(!dom.contains("<script"), "no script in the page");

    // A screenshot and a printout to look at.
    let shot = target_dir().join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let run =
        run_chromium(&bin, &page, &[format!("--screenshot={}", shot.display()), "--window-size=1200,2400".into()]);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000, "a real PNG ({} bytes)", png.len());

    let pdf = target_dir().join("report-print.pdf");
    let _ = std::fs::remove_file(&pdf);
    let run =
        run_chromium(&bin, &page, &[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".into()]);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    let bytes = std::fs::read(&pdf).expect("printout written");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    println!("screenshot: {}\nprintout: {}", shot.display(), pdf.display());
}

#[test]
fn hostile_report_stays_inert_in_the_browser() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let handler = regex::Regex::new(r"(?i)<[^>]*\son[a-z]+=").unwrap();
    for lang in ["en", "ru", "ky"] {
        let page = write_report(
            dir.path(),
            &format!("hostile-{lang}.html"),
            &["tests/fixtures/report/hostile-old.toml", "tests/fixtures/report/hostile-new.toml", "--lang", lang],
        );
        let run = run_chromium(&bin, &page, &["--dump-dom".into()]);
        assert!(run.console.is_empty(), "{lang}: console messages: {:#?}", run.console);
        let dom = run.stdout;
        assert!(!dom.contains("<script"), "{lang}: a <script> element was created");
        assert!(!dom.contains("<img"), "{lang}: an <img> element was created");
        assert!(!handler.is_match(&dom), "{lang}: an event handler attribute was created");
        assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{lang}: the text is shown as text");
        assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "{lang}: the text is shown as text");
        assert!(dom.contains(&format!("<html lang=\"{lang}\"")), "lang attribute");
        let shot = target_dir().join(format!("report-hostile-{lang}.png"));
        let run =
            run_chromium(&bin, &page, &[format!("--screenshot={}", shot.display()), "--window-size=1200,2000".into()]);
        assert!(run.console.is_empty(), "{lang}: console messages: {:#?}", run.console);
    }
}

#[test]
fn region_page_renders_its_timeline_without_console_errors() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("region.html");
    let status = Command::new(env!("CARGO_BIN_EXE_alljobs"))
        .current_dir(root())
        .args(["region", "--format", "html", "--today", "2026-12-01", "-o"])
        .arg(&page)
        .status()
        .expect("alljobs runs");
    assert!(status.success(), "alljobs region --format html failed");

    let run = run_chromium(&bin, &page, &["--dump-dom".into()]);
    assert!(run.console.is_empty(), "console messages (a CSP violation would be one): {:#?}", run.console);
    let dom = run.stdout;
    let open =
        "<svg class=\"chart timeline\" id=\"timeline\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\"";
    assert!(dom.contains(open), "the timeline is in the rendered DOM");
    assert!(dom.contains("<desc id=\"timeline-desc\">"), "the timeline has a text alternative");
    assert!(dom.matches("class=\"bar\"").count() >= 15, "a bar per instrument");
    assert!(dom.matches("class=\"wbl-change\"").count() >= 15, "markers where the WBL answers changed");
    assert!(dom.contains("KG Kyrgyzstan") && dom.contains("GE Georgia"), "rows for the jurisdictions");
    assert!(!dom.contains("<script"), "no script in the page");

    let shot = target_dir().join("region-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let run =
        run_chromium(&bin, &page, &[format!("--screenshot={}", shot.display()), "--window-size=1300,1600".into()]);
    assert!(run.console.is_empty(), "console messages: {:#?}", run.console);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000, "a real PNG ({} bytes)", png.len());
    println!("screenshot: {}", shot.display());
}
