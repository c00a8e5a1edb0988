//! `alljobs report`: snapshots of every format × language (the shipped
//! Kyrgyz pair and a constructed pair), hostile list text kept inert in every
//! format, and the command's flags.
//!
//! The constructed lists are in `tests/fixtures/report/` (each file says it is
//! constructed). The browser check of the HTML page is `tests/report_browser.rs`.

use alljobs::model::Date;
use alljobs::render::{self, messages::Lang};
use alljobs::report::{ReportData, ReportOptions};
use alljobs::rules::RuleSet;
use alljobs::{Catalog, List};
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

const TODAY: &str = "2025-06-01";
const LANGS: [&str; 3] = ["en", "ru", "ky"];
const HOSTILE: [&str; 2] = ["tests/fixtures/report/hostile-old.toml", "tests/fixtures/report/hostile-new.toml"];
const CONSTRUCTED: [&str; 2] =
    ["tests/fixtures/report/constructed-old.toml", "tests/fixtures/report/constructed-new.toml"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn alljobs() -> Command {
    let mut c = Command::cargo_bin("alljobs").unwrap();
    c.current_dir(root());
    c
}

/// The report's bytes for `lists` (none: the default pair).
fn report(lists: &[&str], format: &str, lang: &str, extra: &[&str]) -> Vec<u8> {
    let out = alljobs()
        .arg("report")
        .args(lists)
        .args(["--format", format, "--lang", lang, "--today", TODAY])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "report {lists:?} {format} {lang}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// The HTML page without its (constant) style sheet, for snapshots.
fn html_body(page: &str) -> String {
    match (page.find("<style>"), page.find("</style>")) {
        (Some(a), Some(b)) => format!("{}<style>…</style>{}", &page[..a], &page[b + "</style>".len()..]),
        _ => page.to_string(),
    }
}

/// The report of `old` → `new` in every format and language, built in-process
/// (the command itself is exercised by the tests below).
fn snapshot_all(prefix: &str, old: &List, new: &List) {
    let rules = RuleSet::builtin();
    let today = Date::ymd(2025, 6, 1).unwrap();
    for lang in Lang::ALL {
        let data = ReportData::build(old, new, &rules, &ReportOptions::new(lang, today));
        let md = render::markdown::report(&data);
        insta::assert_snapshot!(format!("{prefix}_markdown_{lang}"), md);
        let page = render::html::report(&data);
        insta::assert_snapshot!(format!("{prefix}_html_{lang}"), html_body(&page));
        let csv = String::from_utf8(render::csv::report(&data, false).unwrap()).unwrap();
        insta::assert_snapshot!(format!("{prefix}_csv_{lang}"), csv);
    }
}

#[test]
fn snapshots_of_the_shipped_kyrgyz_pair() {
    let c = Catalog::embedded();
    let new_id = c.newest_revision("kg-2000-res-158").expect("a newer Kyrgyz list");
    let old = c.resolve("kg-2000-res-158").unwrap();
    let new = c.resolve(&new_id).unwrap();
    snapshot_all("shipped", &old, &new);
}

#[test]
fn snapshots_of_a_constructed_pair() {
    let (old, _) = alljobs::catalog::Resolver::new().open_path(std::path::Path::new(CONSTRUCTED[0])).unwrap();
    let (new, _) = alljobs::catalog::Resolver::new().open_path(std::path::Path::new(CONSTRUCTED[1])).unwrap();
    snapshot_all("constructed", &old, &new);
}

/// The fact sheet (`report --brief`) of the shipped pair in every language, and bilingual (ru + en).
#[test]
fn snapshots_of_the_fact_sheet() {
    let c = Catalog::embedded();
    let new_id = c.newest_revision("kg-2000-res-158").expect("a newer Kyrgyz list");
    let (old, new) = (c.resolve("kg-2000-res-158").unwrap(), c.resolve(&new_id).unwrap());
    let today = Date::ymd(2025, 6, 1).unwrap();
    for lang in Lang::ALL {
        let data = ReportData::build(&old, &new, &RuleSet::builtin(), &ReportOptions::new(lang, today));
        let page = render::html_factsheet::factsheet(&data, render::html::Langs::one(lang));
        assert!(page.contains("CEDAW/C/KGZ/CO/5"), "{lang}: the recommendation from the region data");
        insta::assert_snapshot!(format!("factsheet_{lang}"), html_body(&page));
    }
    let data = ReportData::build(&old, &new, &RuleSet::builtin(), &ReportOptions::new(Lang::Ru, today));
    let page = render::html_factsheet::factsheet(&data, render::html::Langs::bilingual(Lang::Ru, Lang::En));
    insta::assert_snapshot!("factsheet_ru_en", html_body(&page));
}

#[test]
fn brief_and_factsheet_are_the_same_page_and_flags_are_checked() {
    let brief = report(&[], "html", "ky", &["--brief"]);
    assert_eq!(brief, report(&[], "factsheet", "ky", &[]));
    let page = text(brief);
    assert!(page.contains("<body class=\"factsheet\">"));
    assert!(page.contains("<span class=\"review\" title=\""), "Kyrgyz labels awaiting review are marked");
    // The headline "0 of 2 restrict all women" must not hide a general rule in force beside the Code
    // (the Dec 2025 load-limits resolution, in force on this date).
    let out =
        alljobs().args(["report", "--format", "factsheet", "--lang", "en", "--today", "2026-06-01"]).output().unwrap();
    assert!(out.status.success());
    let en = text(out.stdout);
    let beside = en
        .lines()
        .find(|l| l.contains("kg-2025-cabinet-load-limits"))
        .expect("the fact sheet names the rule in force beside the Code");
    assert!(beside.to_lowercase().contains("general"), "and says it restricts all women: {beside}");
    let bi = text(report(&[], "html", "ru", &["--bilingual", "en"]));
    assert!(bi.contains("<span class=\"l2\" lang=\"en\">Removed entries</span>"), "full report, bilingual");
    for bad in [["--format", "markdown", "--brief"], ["--format", "csv", "--bilingual"]] {
        let mut args = vec!["report"];
        args.extend(bad);
        if bad[2] == "--bilingual" {
            args.push("en");
        }
        alljobs().args(&args).assert().code(2);
    }
}

#[test]
fn default_pair_is_res_158_against_the_newest_kyrgyz_revision_and_states_completeness_up_front() {
    let md = text(report(&[], "markdown", "en", &[]));
    assert!(md.contains("`kg-2000-res-158` →"), "{md}");
    let head: String = md.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(head.contains("18 of 446 declared entries transcribed"), "completeness up front:\n{head}");
    assert!(head.contains("the comparison covers only the transcribed entries"), "{head}");
    let ru = text(report(&[], "markdown", "ru", &[]));
    assert!(ru.contains("внесено 18, заявлено в акте 446"));
    assert!(ru.contains("сравнение охватывает только внесённые записи"));
}

#[test]
fn explicit_lists_by_id_and_by_path_give_the_same_report() {
    let by_id = report(&["kg-2000-res-158", "kg-2024-draft-labour-code"], "markdown", "en", &[]);
    let by_path =
        report(&["lists/kg/kg-2000-res-158.toml", "lists/kg/kg-2024-draft-labour-code.toml"], "markdown", "en", &[]);
    let norm = |b: Vec<u8>| text(b).replace("<embedded>/", "");
    assert_eq!(norm(by_id), norm(by_path));
}

// ------------------------------------------------------------ hostile text

#[test]
fn hostile_text_is_inert_in_html() {
    let href = regex::Regex::new(r#"href="([^"]*)""#).unwrap();
    let handler = regex::Regex::new(r"(?i)<[^>]*\son[a-z]+=").unwrap();
    for lang in LANGS {
        let page = text(report(&HOSTILE, "html", lang, &[]));
        assert!(!page.contains("<script"), "{lang}: raw <script");
        assert!(!page.contains("<img"), "{lang}: raw <img");
        assert!(!handler.is_match(&page), "{lang}: an event handler attribute in a tag");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{lang}: shown as text");
        assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "{lang}: shown as text");
        for c in href.captures_iter(&page) {
            let h = &c[1];
            assert!(h.starts_with('#') || h.starts_with("https://"), "{lang}: unexpected link {h}");
            assert!(!h.contains('<') && !h.contains('>'), "{lang}: unescaped link {h}");
        }
        // Our own markup only: one style sheet, two charts, no other embedded content.
        assert_eq!(page.matches("<style>").count(), 1);
        assert_eq!(page.matches("<svg").count(), 2);
        for tag in ["<iframe", "<object", "<embed", "<link", "<base", "<form", "<meta http-equiv=\"refresh"] {
            assert!(!page.contains(tag), "{lang}: {tag}");
        }
        // The 5000-character word can break (<wbr>), so the tables keep their columns.
        assert!(page.contains(&format!("{}<wbr>", "Ж".repeat(30))));
    }
}

/// Renders Markdown as GitHub would (GFM tables, strikethrough) to HTML.
fn markdown_to_html(md: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    out
}

/// The `|` of a Markdown line that are not backslash-escaped.
fn unescaped_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    for lang in LANGS {
        let md = text(report(&HOSTILE, "markdown", lang, &[]));
        let html = markdown_to_html(&md);
        assert!(!html.contains("<script"), "{lang}: Markdown lets <script> through");
        assert!(!html.contains("<img"), "{lang}: Markdown lets <img> through");
        assert!(!html.contains("<b>"), "{lang}: raw HTML passes");
        assert!(!html.contains("javascript:alert(1)\""), "{lang}: a javascript: link was made");
        assert!(
            !html.contains("<em>") && !html.contains("<code>code</code>"),
            "{lang}: list text became emphasis/code"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{lang}: shown as text");
        // Every table row has as many cells as its header: no `|` in list text split a cell.
        let mut width = None;
        for line in md.lines() {
            if !line.starts_with('|') {
                width = None;
                continue;
            }
            let n = unescaped_pipes(line);
            match width {
                None => width = Some(n),
                Some(w) => assert_eq!(n, w, "{lang}: a table row has the wrong number of cells: {line}"),
            }
        }
        // The pipes of the hostile texts are in the cells, escaped.
        assert!(md.contains("каменщик \\| монтажник"), "{lang}");
        assert!(md.contains(&"Ж".repeat(5000)), "{lang}: the long word is kept whole");
    }
}

#[test]
fn hostile_text_is_inert_in_csv() {
    for lang in LANGS {
        for excel in [false, true] {
            let extra: &[&str] = if excel { &["--excel"] } else { &[] };
            let bytes = report(&HOSTILE, "csv", lang, extra);
            let body = match bytes.strip_prefix("\u{feff}".as_bytes()) {
                Some(rest) => {
                    assert!(excel, "BOM only with --excel");
                    rest.to_vec()
                }
                None => {
                    assert!(!excel, "--excel writes a BOM");
                    bytes
                }
            };
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_slice());
            let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
            assert!(rows.len() >= 8, "{lang}: header + one row per entry");
            let width = rows[0].len();
            let mut seen_formula = false;
            for r in &rows {
                assert_eq!(r.len(), width, "{lang}: ragged row {r:?}");
                for cell in r.iter() {
                    let first = cell.chars().next();
                    assert!(
                        !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                        "{lang}: cell not neutralised: {cell:?}"
                    );
                    if cell.starts_with("'=HYPERLINK(") || cell.starts_with("'@SUM(") || cell.starts_with("'-минус")
                    {
                        seen_formula = true;
                    }
                }
            }
            assert!(seen_formula, "{lang}: the formula-like cells are there, prefixed with '");
            let s = String::from_utf8(body).unwrap();
            assert_eq!(s.contains("\r\n"), excel, "{lang}: CRLF only with --excel");
        }
    }
}

// ------------------------------------------------------------ flags

#[test]
fn writes_atomically_with_o_and_replaces_an_earlier_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "old report").unwrap();
    alljobs()
        .args(["report", "--format", "html", "--today", TODAY, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn refuses_to_overwrite_a_list_being_compared() {
    let dir = tempfile::tempdir().unwrap();
    for f in CONSTRUCTED {
        std::fs::copy(root().join(f), dir.path().join(PathBuf::from(f).file_name().unwrap())).unwrap();
    }
    let old = dir.path().join("constructed-old.toml");
    let before = std::fs::read(&old).unwrap();
    alljobs()
        .arg("report")
        .arg(&old)
        .arg(dir.path().join("constructed-new.toml"))
        .arg("-o")
        .arg(&old)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite a list being compared"));
    assert_eq!(std::fs::read(&old).unwrap(), before);
}

#[test]
fn bad_arguments_exit_2() {
    alljobs()
        .args(["report", "tests/fixtures/report/constructed-new.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give NEW"));
    alljobs().args(["report", "--excel"]).assert().code(2).stderr(predicate::str::contains("--format csv"));
    alljobs().args(["report", "--today", "2025-13-01"]).assert().code(2);
    alljobs().args(["report", "--today", "2025-06"]).assert().code(2).stderr(predicate::str::contains("full date"));
    alljobs().args(["report", "--lang", "de"]).assert().code(2);
    alljobs().args(["report", "no-such-list", "kg-2000-res-158"]).assert().code(2);
}

#[test]
fn excel_csv_has_a_bom() {
    let plain = report(&CONSTRUCTED, "csv", "ru", &[]);
    let excel = report(&CONSTRUCTED, "csv", "ru", &["--excel"]);
    assert!(!plain.starts_with(b"\xef\xbb\xbf"));
    assert!(excel.starts_with(b"\xef\xbb\xbf"));
    assert_eq!(String::from_utf8(excel[3..].to_vec()).unwrap().replace("\r\n", "\n"), text(plain));
}

/// The default report states what the 2025 Code did to the transcribed entries
/// of Res. 158 (covered by its general clause, narrowed, with the confidence),
/// never "removed"; on a date after December 2025 it names the load-limit
/// resolution in force beside the Code.
#[test]
fn default_report_states_the_coverage_and_the_instruments_in_force_beside_new() {
    let md = text(report(&[], "markdown", "en", &[]));
    let brief = &md[md.find("## In brief").unwrap()..md.find("## Key figures").unwrap()];
    assert!(brief.contains("Narrowed: 18; widened: 0; removed: 0; added: 1."), "{brief}");
    assert!(
        brief.contains("18 of the 18 transcribed entries of the earlier version are covered by the later version's general clause «work with harmful and (or) hazardous working conditions»"),
        "{brief}"
    );
    assert!(brief.contains("Confidence of the coverage: inferred"), "{brief}");
    assert!(brief.contains("The coverage is an interpretation"), "{brief}");
    assert!(!brief.contains("Also in force"), "on 2025-06-01 the load-limit resolution is not yet adopted");
    // Citations are resolved inside the report; no reader is sent to a file outside it.
    assert!(md.contains("### CEDAW and ILO sources cited by the rules"), "bibliography");
    assert!(md.contains("| S35 | https://normlex.ilo.org/"), "S35 resolved");
    assert!(!md.contains("SOURCES.md"), "no reference to files outside the report");
    let on = |format: &str, lang: &str| {
        let out =
            alljobs().args(["report", "--format", format, "--lang", lang, "--today", "2026-06-01"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        text(out.stdout)
    };
    let later = on("markdown", "en");
    let line = later.lines().find(|l| l.contains("kg-2025-cabinet-load-limits")).expect("named beside the Code");
    assert!(line.contains("a general restriction on women"), "{line}");
    assert!(later.contains("Other instruments of KG in force on 2026-06-01 beside the later version"), "{later}");
    let ru = on("html", "ru");
    assert!(ru.contains("общее ограничение для женщин"), "Russian label");
    assert!(ru.contains("Достоверность охвата: вывод"), "Russian coverage headline");
}
