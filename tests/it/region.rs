//! `alljobs region` and `alljobs region --check-wbl` on the shipped lists and
//! the shipped WBL extract; `history` for every jurisdiction of the region;
//! a diff between lists of two jurisdictions.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn alljobs() -> Command {
    Command::cargo_bin("alljobs").unwrap()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    // A wide terminal, so that the human table does not wrap the phrases tested.
    let out = alljobs().current_dir(root()).env("COLUMNS", "400").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

fn row<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["jurisdictions"].as_array().unwrap().iter().find(|j| j["code"] == code).unwrap_or_else(|| panic!("{code}"))
}

#[test]
fn wbl_check_agrees_for_the_kyrgyz_and_russian_lists_2001_2020() {
    let v = json(&["region", "--check-wbl", "--format", "json"]);
    assert_eq!(v["format_version"], 1);
    for id in ["kg-2000-res-158", "ru-2000-res-162"] {
        let l = v["lists"].as_array().unwrap().iter().find(|l| l["list"] == id).unwrap();
        assert_eq!(l["predicts_no"], true, "{id}");
        assert!(l["basis"].as_str().unwrap().contains("WBL-INDICATOR-SIGNAL fired on"), "{id}: {}", l["basis"]);
        let years: Vec<u64> =
            l["years"].as_array().unwrap().iter().map(|y| y["report_year"].as_u64().unwrap()).collect();
        assert_eq!(years, (2001..=2020).collect::<Vec<u64>>(), "{id}: every report year 2001–2020 compared");
        for y in l["years"].as_array().unwrap() {
            assert_eq!(y["outcome"], "agree", "{id} {}", y["report_year"]);
            assert_eq!(y["law_year"].as_u64().unwrap() + 1, y["report_year"].as_u64().unwrap(), "offset of one year");
        }
        assert_eq!(l["years"][0]["partial_year"], true, "{id}: adopted in 2000, so the law of 2000 is a part year");
    }
}

#[test]
fn wbl_check_reports_disagreements_with_the_sources_explanation() {
    let (code, out, _) = run(&["region", "--check-wbl"]);
    assert_eq!(code, 0, "without --fail-on-disagreement the check exits 0");
    // Ukraine: repealed in 2017, WBL still "No" afterwards, with the inference the sources give.
    assert!(
        out.contains("UA: WBL still codes \"No\" in report years 2019–2020 after ua-1993-order-256 ended"),
        "{out}"
    );
    assert!(
        out.contains("Labour Code art. 174 reportedly still restricted the work of women. (inferred: WBL)"),
        "{out}"
    );
    // Uzbekistan: a general list in force while WBL says "Yes" on dangerous jobs; no explanation in the sources.
    let uz = out.split("\nUZ uz-2000-reg-865").nth(1).unwrap();
    let uz = uz.split("\n\n").next().unwrap();
    assert!(uz.contains("disagree (report years): 2001–2020 (WBL: dangerous jobs Yes, industries No)"), "{uz}");
    assert!(uz.contains("explanation: none in our sources"), "{uz}");
    // Maternity-only lists: the rule predicts nothing.
    assert!(out.contains("am-2005-dec-2308n (2005-12-29 (adopted) – end unknown)\n  prediction: no entry transcribed: read from default_scope = pregnant (maternity-only)"), "{out}");
    assert!(out.contains("not compared: a draft: never in force"));

    let (code, _, _) = run(&["region", "--check-wbl", "--fail-on-disagreement"]);
    assert_eq!(code, 1, "disagreements exist in the shipped data");
    let (code, _, err) = run(&["region", "--check-wbl", "--format", "html"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn region_json_contract_and_coverage() {
    let v = json(&["region", "--format", "json", "--today", "2026-12-01"]);
    assert_eq!(v["format_version"], 1);
    let rows = v["jurisdictions"].as_array().unwrap();
    let with_wbl = rows.iter().filter(|j| !j["wbl"].as_array().unwrap().is_empty()).count();
    assert!(with_wbl >= 12, "{with_wbl} jurisdictions with WBL data");
    for j in rows {
        for k in ["code", "name", "instruments", "wbl"] {
            assert!(!j[k].is_null(), "{}: {k}", j["code"]);
        }
        for w in j["wbl"].as_array().unwrap() {
            for k in ["report_year", "night_hours_same", "dangerous_jobs_same", "industries_same", "pay_score"] {
                assert!(!w[k].is_null(), "{}: wbl.{k}", j["code"]);
            }
        }
    }
    let kg = row(&v, "KG");
    let last = kg["wbl"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (
            &last["report_year"],
            &last["night_hours_same"],
            &last["dangerous_jobs_same"],
            &last["industries_same"],
            &last["pay_score"]
        ),
        (&Value::from(2020), &Value::from("Yes"), &Value::from("No"), &Value::from("No"), &Value::from(25.0))
    );
    let ids: Vec<&str> = kg["instruments"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"kg-2000-res-158") && ids.contains(&"kg-2025-labour-code-23"));
    let res158 = kg["instruments"].as_array().unwrap().iter().find(|i| i["id"] == "kg-2000-res-158").unwrap();
    assert_eq!(res158["period"]["until"], "2025-01-28", "ends when the Code that revises it takes effect");
    assert_eq!(res158["period"]["from_basis"], "adopted");
    assert_eq!(res158["entries_declared"], 446);
    assert_eq!(res158["class"], "general");
    assert_eq!(kg["cedaw"][0]["document"], "CEDAW/C/KGZ/CO/5");
    // Armenia: WBL answers changed in report year 2006 (all three to Yes).
    let am = row(&v, "AM");
    let years: Vec<u64> = am["wbl"].as_array().unwrap().iter().map(|w| w["report_year"].as_u64().unwrap()).collect();
    assert_eq!(years, [1971, 2006, 2020]);
    assert_eq!(
        am["wbl"][1]["changed"],
        serde_json::json!(["night_hours_same", "dangerous_jobs_same", "industries_same", "pay_score"])
    );
    // Georgia: in the table from the WBL data alone.
    let ge = row(&v, "GE");
    assert!(ge["instruments"].as_array().unwrap().is_empty());
    assert_eq!(ge["note"], "No list instrument in our sources.");
    // The USSR: no WBL economy, an ended period.
    let su = row(&v, "SU");
    assert!(su["wbl"].as_array().unwrap().is_empty());
    assert_eq!(su["instruments"][0]["period"]["until"], "1991-12");
}

#[test]
fn region_human_markdown_csv_html() {
    let (code, out, _) = run(&["region"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("The region at a glance: 16 jurisdictions"), "{out}");
    assert!(out.contains("kz-2015-order-944: 0 of 191 declared entries"));

    let (_, md, _) = run(&["region", "--format", "markdown"]);
    assert!(md.contains("| Jurisdiction | Instruments (status, period, who) | Entries |"));
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 1 + 16, "a header and one row per jurisdiction");

    let (_, csv_text, _) = run(&["region", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(r.headers().unwrap().iter().next(), Some("code"));
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 16);
    let ua = recs.iter().find(|r| &r[0] == "UA").unwrap();
    assert_eq!((&ua[8], &ua[9], &ua[10], &ua[11], &ua[12]), ("2020", "No", "No", "No", "0"));

    let (_, html, _) = run(&["region", "--format", "html", "--today", "2026-12-01"]);
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'"));
    assert!(html.contains("<svg class=\"chart timeline\" id=\"timeline\" role=\"img\""));
    assert!(!html.contains("<script"));
    assert!(html.matches("class=\"bar\"").count() >= 15, "a bar per instrument in force");
    assert!(html.matches("class=\"wbl-change\"").count() >= 15, "WBL change markers");
}

#[test]
fn hostile_list_text_is_escaped_in_the_region_page() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("lists/su/su-1978-240.toml"))
        .unwrap()
        .replace("id = \"su-1978-240\"", "id = \"xa-1999-hostile\"")
        .replace("jurisdiction = \"SU\"", "jurisdiction = \"XA\"");
    std::fs::write(dir.path().join("x.toml"), text).unwrap();
    let note = std::fs::read_to_string(dir.path().join("x.toml"))
        .unwrap()
        .replace("number = \"240/П10-3\"", "number = \"<script>alert(1)</script>\"");
    std::fs::write(dir.path().join("x.toml"), note).unwrap();
    let (code, html, err) = run(&["region", "--format", "html", "--lists", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("XA XA"), "a user's jurisdiction gets a row");
}

#[test]
fn history_works_for_every_jurisdiction_of_the_region() {
    for cc in ["SU", "RU", "KG", "KZ", "UZ", "TJ", "BY", "UA", "MD", "AM"] {
        let v = json(&["history", cc, "--format", "json"]);
        let versions = v["versions"].as_array().unwrap();
        assert!(!versions.is_empty(), "{cc}");
        for ver in versions {
            assert_eq!(ver["jurisdiction"], cc);
        }
        let (code, out, _) = run(&["history", &cc.to_lowercase()]);
        assert_eq!(code, 0, "{cc}");
        assert!(out.contains(&format!("for {cc}, in date order")), "{out}");
    }
    let v = json(&["history", "KZ", "--format", "json"]);
    let k944 = v["versions"].as_array().unwrap().iter().find(|x| x["id"] == "kz-2015-order-944").unwrap();
    assert_eq!(k944["relations"][0]["target"], "kz-2015-order-391");
    assert_eq!(k944["dates"]["in_force_until"]["date"], "2021-10-12");
    let (code, _, err) = run(&["history", "GE"]);
    assert_eq!(code, 2, "Georgia has no list file: {err}");
}

#[test]
fn diff_between_two_jurisdictions_matches_entries_in_one_language() {
    // Russia's Res. 162 fragment (official wording) against Kyrgyzstan's Res. 158 entries
    // (reported, plain language): both in Russian, both descendants of the USSR list.
    let v = json(&["diff", "ru-2000-res-162", "kg-2000-res-158", "--format", "json"]);
    assert_eq!(v["language"], "ru");
    let changes = v["changes"].as_array().unwrap();
    let m = changes.iter().find(|c| c["old_ids"] == serde_json::json!(["e63"])).expect("e63 is matched, not removed");
    assert_eq!(
        m["new_ids"],
        serde_json::json!(["k40-18"]),
        "«Опрокидчик, занятый … вагонеток» ~ «опрокидчик вагонеток»"
    );
    assert_eq!(m["op"], "changed");
    assert_eq!(m["scope"]["relation"], "same");
    let matched = changes.iter().filter(|c| c["op"] != "added" && c["op"] != "removed").count();
    assert_eq!(matched, 1, "only one of the ten Russian entries has a counterpart among the reported Kyrgyz ones");
}
