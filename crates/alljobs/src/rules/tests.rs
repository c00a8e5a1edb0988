//! Tests of the rule engine and of every built-in rule (positive and negative
//! cases). The lists here are constructed in code: synthetic, not real acts.

use super::*;
use crate::Catalog;
use std::sync::Arc;

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

fn opts() -> FlagOptions {
    FlagOptions { today: day("2026-11-28"), ..FlagOptions::default() }
}

use crate::test_support::constructed_list as list_with;

/// One entry on a constructed list; `extra` is TOML for the entry.
fn one(default_scope: &str, title: &str, extra: &str) -> List {
    list_with(
        "XA",
        "",
        default_scope,
        &format!("[[entries]]\nid = \"e1\"\ntitle = {{ ru = \"{title}\" }}\nevidence = \"reported\"\n{extra}\n"),
    )
}

fn run(list: &List) -> FlagReport {
    flag(list, &RuleSet::builtin(), &opts())
}

fn codes(list: &List) -> Vec<String> {
    run(list).findings.into_iter().map(|f| f.rule).collect()
}

#[track_caller]
fn fires(code: &str, list: &List) {
    let c = codes(list);
    assert!(c.iter().any(|x| x == code), "{code} should fire; fired: {c:?}");
}

#[track_caller]
fn silent(code: &str, list: &List) {
    let c = codes(list);
    assert!(!c.iter().any(|x| x == code), "{code} should not fire; fired: {c:?}");
}

// ------------------------------------------------------------ the rule set

const CATALOGUE: [&str; 16] = [
    "CEDAW-GENERAL-BAN",
    "CEDAW-REPRODUCTIVE-AGE-PROXY",
    "CEDAW-SECTOR-BAN",
    "CEDAW-NO-EVIDENCE-REPRO",
    "CEDAW-STEREOTYPE-RATIONALE",
    "CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC",
    "CEDAW-NIGHT-WORK-GENERAL",
    "CEDAW-MATERNITY-SCOPE",
    "CEDAW-MATERNITY-OVERBROAD",
    "CEDAW-MATERNITY-NO-ALTERNATIVE",
    "CEDAW-NO-REVIEW",
    "CEDAW-EMPLOYER-DISCRETION",
    "CEDAW-TRAINING-BAR",
    "ILO-C45-RELIANCE",
    "KG-LEGACY-SOURCE",
    "WBL-INDICATOR-SIGNAL",
];

#[test]
fn builtin_holds_every_catalogue_rule_with_text_and_citations() {
    let b = RuleSet::builtin();
    assert_eq!(b.codes(), CATALOGUE.to_vec());
    assert!(b.check_references().is_empty());
    for r in &b.rules {
        assert!(!r.title.is_empty() && !r.what.is_empty() && !r.why.is_empty(), "{}", r.code);
        assert!(!r.citations.is_empty(), "{} has no citation", r.code);
        assert_eq!(r.defined_in, "built-in");
        for c in &r.citations {
            // Never a paragraph number on an unverified citation.
            if c.status == CitationStatus::Unverified {
                assert!(c.paragraph.is_none() || c.paragraph.as_deref() == Some("unverified"), "{}", r.code);
            }
        }
    }
}

#[test]
fn interpretation_marks_follow_the_catalogue() {
    let b = RuleSet::builtin();
    let marked: Vec<&str> = b.rules.iter().filter(|r| r.interpretation.is_some()).map(|r| r.code.as_str()).collect();
    assert_eq!(
        marked,
        [
            "CEDAW-REPRODUCTIVE-AGE-PROXY",
            "CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC",
            "CEDAW-NIGHT-WORK-GENERAL",
            "CEDAW-MATERNITY-OVERBROAD",
            "CEDAW-TRAINING-BAR"
        ]
    );
}

#[test]
fn citation_statuses_are_kept_and_unverified_paragraphs_shown_as_such() {
    let b = RuleSet::builtin();
    let gb = b.get("CEDAW-GENERAL-BAN").unwrap();
    let s = |src: &str, para: Option<&str>| {
        gb.citations.iter().find(|c| c.source.as_deref() == Some(src) && c.paragraph.as_deref() == para).cloned()
    };
    let medvedeva_s8 = s("S8", Some("unverified")).unwrap();
    assert_eq!(medvedeva_s8.status, CitationStatus::Reported);
    assert!(medvedeva_s8.to_string().contains("para unverified"), "{medvedeva_s8}");
    let medvedeva_s6 = s("S6", Some("11.3")).unwrap();
    assert_eq!(medvedeva_s6.status, CitationStatus::Reported);
    assert_eq!(s("S3", Some("16")).unwrap().status, CitationStatus::Verified);
    assert_eq!(s("S12", Some("unverified")).unwrap().status, CitationStatus::Reported);
    // KG-LEGACY-SOURCE says that constitutional validity does not settle CEDAW compatibility.
    let kg = b.get("KG-LEGACY-SOURCE").unwrap();
    assert!(kg.why.contains("Constitutional validity at home does not settle compatibility with CEDAW"));
    assert_eq!(kg.level, RuleLevel::List);
}

#[test]
fn severity_order_and_names() {
    assert!(RuleSeverity::Critical > RuleSeverity::High && RuleSeverity::High > RuleSeverity::Medium);
    assert!(RuleSeverity::Medium > RuleSeverity::Info);
    assert_eq!("HIGH".parse::<RuleSeverity>().unwrap(), RuleSeverity::High);
    assert!("severe".parse::<RuleSeverity>().is_err());
    assert_eq!(serde_json::to_value(RuleSeverity::Critical).unwrap(), "critical");
}

#[test]
fn civil_dates_from_the_clock() {
    assert_eq!(date_from_unix_days(0).to_string(), "1970-01-01");
    assert_eq!(date_from_unix_days(-1).to_string(), "1969-12-31");
    assert_eq!(date_from_unix_days(11_016).to_string(), "2000-02-29");
    assert_eq!(date_from_unix_days(20_000).to_string(), "2024-10-04");
    assert_eq!(date_from_unix_days(20_785).to_string(), "2026-11-28");
    let t = FlagOptions::default();
    assert!(t.today.year >= 2025 && t.today.day.is_some());
    assert_eq!(t.review_period_years, 5);
}

// ------------------------------------------------------------ each rule

#[test]
fn general_ban() {
    fires("CEDAW-GENERAL-BAN", &one("all-women", "сварщик", ""));
    fires("CEDAW-GENERAL-BAN", &one("unknown", "труд женщин на работах с вредными условиями", ""));
    silent("CEDAW-GENERAL-BAN", &one("all-women", "сварщик", "scope = \"pregnant\""));
    silent("CEDAW-GENERAL-BAN", &one("all-women", "ночные работы", "kind = \"night-work\""));
    silent("CEDAW-GENERAL-BAN", &one("unknown", "сварщик", ""));
    silent("CEDAW-GENERAL-BAN", &one("all-women", "сварщик", "scope = \"children-under-3\""));
}

#[test]
fn reproductive_age_proxy() {
    fires("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "сварщик", "scope = \"childbearing-age\""));
    fires("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "сварщик", "scope = \"age-18-35\""));
    fires("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("unknown", "труд женщин детородного возраста", ""));
    fires("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "work of women planning a pregnancy", ""));
    silent("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "сварщик", "scope = \"pregnant\""));
    silent("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "сварщик", "scope = \"children-under-3\""));
    silent("CEDAW-REPRODUCTIVE-AGE-PROXY", &one("all-women", "сварщик", ""));
}

#[test]
fn sector_ban() {
    fires("CEDAW-SECTOR-BAN", &one("all-women", "строительство подземных сооружений", "kind = \"sector\""));
    fires("CEDAW-SECTOR-BAN", &one("all-women", "Подземные работы", ""));
    fires("CEDAW-SECTOR-BAN", &one("all-women", "Электрослесарь на горных разработках", ""));
    fires("CEDAW-SECTOR-BAN", &one("all-women", "тушение пожаров в шахтах", "kind = \"work\""));
    fires("CEDAW-SECTOR-BAN", &one("all-women", "work on deck of sea-going ships", ""));
    fires("CEDAW-SECTOR-BAN", &one("all-women", "работы", "exceptions = \"кроме нефизических работ\""));
    fires(
        "CEDAW-SECTOR-BAN",
        &one("all-women", "работы, за исключением работ по санитарному и бытовому обслуживанию", ""),
    );
    silent("CEDAW-SECTOR-BAN", &one("all-women", "подземные работы", "scope = \"pregnant\"\nkind = \"sector\""));
    silent("CEDAW-SECTOR-BAN", &one("all-women", "горничная", ""));
    silent("CEDAW-SECTOR-BAN", &one("all-women", "сварщик", ""));
    silent("CEDAW-SECTOR-BAN", &one("all-women", "шахматист", ""));
}

#[test]
fn no_evidence_repro() {
    let generic = "justification = \"охрана репродуктивной функции женщин\"";
    fires("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "сварщик", generic));
    fires("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "сварщик", "hazards = [\"свинец\"]"));
    fires("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "Обжигальщик в производстве ртути", ""));
    fires("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "work with ionising radiation", ""));
    // A named hazard that is not one of both sexes: (a) does not hold, (b) neither.
    silent(
        "CEDAW-NO-EVIDENCE-REPRO",
        &one("all-women", "сварщик", &format!("{generic}\nhazards = [\"подъем тяжестей свыше 10 кг\"]")),
    );
    silent("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "сварщик", &format!("{generic}\nscope = \"pregnant\"")));
    silent("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "Работы с ртутью", "scope = \"pregnant\""));
    silent("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "сварщик", ""));
    silent("CEDAW-NO-EVIDENCE-REPRO", &one("all-women", "лидер бригады (leader)", ""));
}

#[test]
fn stereotype_rationale() {
    fires(
        "CEDAW-STEREOTYPE-RATIONALE",
        &one("all-women", "сварщик", "justification = \"с учетом роли матери в семье\""),
    );
    fires("CEDAW-STEREOTYPE-RATIONALE", &one("all-women", "welder", "justification = \"unsuitable for women\""));
    fires(
        "CEDAW-STEREOTYPE-RATIONALE",
        &one("all-women", "машинист", "justification = \"Высокая сложность и ответственность работы\""),
    );
    silent("CEDAW-STEREOTYPE-RATIONALE", &one("all-women", "сварщик", "justification = \"воздействие шума 90 дБА\""));
    silent("CEDAW-STEREOTYPE-RATIONALE", &one("all-women", "семейный подряд", ""));
}

#[test]
fn weight_limit_sex_specific() {
    fires(
        "CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC",
        &one("all-women", "подъем тяжестей", "kind = \"weight-limit\"\nweight_limit_kg = 10.0"),
    );
    fires(
        "CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC",
        &one("all-women", "подъем и перемещение тяжестей сверх предельно допустимых норм", ""),
    );
    silent(
        "CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC",
        &one("all-women", "подъем тяжестей", "kind = \"weight-limit\"\nscope = \"pregnant\""),
    );
    silent("CEDAW-WEIGHT-LIMIT-SEX-SPECIFIC", &one("all-women", "сварщик", ""));
    // Weight limits go to this rule, not to the general ban.
    silent("CEDAW-GENERAL-BAN", &one("all-women", "подъем тяжестей", "kind = \"weight-limit\""));
}

#[test]
fn night_work_general() {
    fires("CEDAW-NIGHT-WORK-GENERAL", &one("all-women", "работы", "kind = \"night-work\""));
    fires("CEDAW-NIGHT-WORK-GENERAL", &one("all-women", "работы в ночное время", ""));
    fires("CEDAW-NIGHT-WORK-GENERAL", &one("unknown", "night work of women", ""));
    silent("CEDAW-NIGHT-WORK-GENERAL", &one("all-women", "работы в ночное время", "scope = \"pregnant\""));
    silent("CEDAW-NIGHT-WORK-GENERAL", &one("all-women", "сварщик", ""));
}

#[test]
fn maternity_scope() {
    fires("CEDAW-MATERNITY-SCOPE", &one("all-women", "сварщик", "scope = \"pregnant\""));
    fires("CEDAW-MATERNITY-SCOPE", &one("unknown", "работы, запрещенные беременным", ""));
    fires("CEDAW-MATERNITY-SCOPE", &one("unknown", "кош бойлуу аялдардын эмгеги", ""));
    silent("CEDAW-MATERNITY-SCOPE", &one("all-women", "сварщик", ""));
    silent("CEDAW-MATERNITY-SCOPE", &one("all-women", "сварщик", "scope = \"children-under-3\""));
}

#[test]
fn maternity_overbroad() {
    fires("CEDAW-MATERNITY-OVERBROAD", &one("pregnant-or-breastfeeding", "сварщик", ""));
    fires("CEDAW-MATERNITY-OVERBROAD", &one("all-women", "металлургия", "scope = \"pregnant\"\nkind = \"sector\""));
    fires("CEDAW-MATERNITY-OVERBROAD", &one("all-women", "сварщик", "scope = \"children-under-3\""));
    silent(
        "CEDAW-MATERNITY-OVERBROAD",
        &one("all-women", "работы", "scope = \"pregnant\"\nhazards = [\"ionising radiation\"]"),
    );
    silent(
        "CEDAW-MATERNITY-OVERBROAD",
        &one("all-women", "работы, связанные с подъемом тяжестей", "scope = \"pregnant\""),
    );
    silent("CEDAW-MATERNITY-OVERBROAD", &one("all-women", "работы с вибрацией", "scope = \"breastfeeding\""));
    silent("CEDAW-MATERNITY-OVERBROAD", &one("all-women", "сварщик", ""));
}

#[test]
fn maternity_no_alternative() {
    fires("CEDAW-MATERNITY-NO-ALTERNATIVE", &one("pregnant", "сварщик", ""));
    fires(
        "CEDAW-MATERNITY-NO-ALTERNATIVE",
        &one(
            "pregnant",
            "сварщик",
            "alternatives = [\"paid-leave\"]\nexceptions = \"отстранение без сохранения заработка\"",
        ),
    );
    silent(
        "CEDAW-MATERNITY-NO-ALTERNATIVE",
        &one("pregnant", "сварщик", "alternatives = [\"transfer-without-loss-of-pay\", \"return-to-job\"]"),
    );
    silent("CEDAW-MATERNITY-NO-ALTERNATIVE", &one("all-women", "сварщик", ""));
}

#[test]
fn no_review() {
    fires("CEDAW-NO-REVIEW", &one("all-women", "сварщик", ""));
    fires("CEDAW-NO-REVIEW", &one("all-women", "сварщик", "reviewed = \"2015-03-01\"\nnext_review = \"2020-03-01\""));
    fires("CEDAW-NO-REVIEW", &one("all-women", "сварщик", "reviewed = \"2015-03-01\""));
    silent("CEDAW-NO-REVIEW", &one("all-women", "сварщик", "reviewed = \"2024-01-01\""));
    silent("CEDAW-NO-REVIEW", &one("all-women", "сварщик", "reviewed = \"2015-01-01\"\nnext_review = \"2027\""));
    // A partial next_review in the current month is not past.
    silent("CEDAW-NO-REVIEW", &one("all-women", "сварщик", "next_review = \"2026-11\""));
    // The period is configurable.
    let l = one("all-women", "сварщик", "reviewed = \"2024-01-01\"");
    let short = FlagOptions { review_period_years: 1, ..opts() };
    let r = flag(&l, &RuleSet::builtin(), &short);
    let f = r.findings.iter().find(|f| f.rule == "CEDAW-NO-REVIEW").expect("fires with a 1-year period");
    assert!(f.message.contains("last reviewed 2024-01-01, more than 1 year ago"), "{}", f.message);
}

#[test]
fn employer_discretion() {
    fires("CEDAW-EMPLOYER-DISCRETION", &one("all-women", "сварщик", "employer_waiver = true"));
    fires(
        "CEDAW-EMPLOYER-DISCRETION",
        &one("all-women", "сварщик", "exceptions = \"при условии создания работодателем безопасных условий труда\""),
    );
    fires(
        "CEDAW-EMPLOYER-DISCRETION",
        &one("all-women", "welder", "exceptions = \"unless the employer creates safe working conditions\""),
    );
    silent("CEDAW-EMPLOYER-DISCRETION", &one("all-women", "сварщик", "employer_waiver = false"));
    silent("CEDAW-EMPLOYER-DISCRETION", &one("all-women", "сварщик", ""));
}

#[test]
fn training_bar() {
    fires("CEDAW-TRAINING-BAR", &one("all-women", "Обучение женщин профессии сварщика", ""));
    fires(
        "CEDAW-TRAINING-BAR",
        &one("all-women", "подземные работы", "exceptions = \"кроме женщин, проходящих обучение\""),
    );
    fires("CEDAW-TRAINING-BAR", &one("all-women", "apprentice welder", ""));
    silent("CEDAW-TRAINING-BAR", &one("all-women", "Шихтовщик, занятый подготовкой шихты", ""));
    silent("CEDAW-TRAINING-BAR", &one("all-women", "обучение", "scope = \"pregnant\""));
}

#[test]
fn c45_reliance() {
    fires("ILO-C45-RELIANCE", &one("all-women", "подземные работы", "justification = \"Конвенция МОТ № 45\""));
    fires("ILO-C45-RELIANCE", &one("all-women", "underground work", "justification = \"ILO C45 obligations\""));
    fires("ILO-C45-RELIANCE", &one("all-women", "подземные работы", "justification = \"Конвенция С45 (кириллица)\""));
    fires(
        "ILO-C45-RELIANCE",
        &one("all-women", "шахты", "justification = \"о применении труда женщин на подземных работах\""),
    );
    silent("ILO-C45-RELIANCE", &one("all-women", "C45 в названии, не в обосновании", ""));
    silent("ILO-C45-RELIANCE", &one("all-women", "сварщик", "justification = \"шум 145 дБА\""));
}

#[test]
fn kg_legacy_source() {
    let res158 = Catalog::embedded().resolve("kg-2000-res-158").unwrap();
    let r = run(&res158);
    let kg: Vec<&Finding> = r.findings.iter().filter(|f| f.rule == "KG-LEGACY-SOURCE").collect();
    assert_eq!(kg.len(), 1, "once per list");
    assert_eq!(kg[0].entry_id, None);
    assert!(kg[0].message.contains("does not settle compatibility with CEDAW"), "{}", kg[0].message);
    assert_eq!(r.findings[0].rule, "KG-LEGACY-SOURCE", "list findings come first");

    let body = "[[entries]]\nid = \"e1\"\ntitle = { ru = \"сварщик\" }\nevidence = \"reported\"\n";
    let by_relation = list_with(
        "KG",
        "[[list.relations]]\nkind = \"based-on\"\ntarget = \"Labour Code, art. 303\"\nconfidence = \"reported\"",
        "all-women",
        body,
    );
    fires("KG-LEGACY-SOURCE", &by_relation);
    let by_meta =
        list_with("KG", "number = \"158\"\n[list.dates]\nadopted = { date = \"2000-03-24\" }", "all-women", body);
    fires("KG-LEGACY-SOURCE", &by_meta);
    let other_state =
        list_with("XA", "number = \"158\"\n[list.dates]\nadopted = { date = \"2000-03-24\" }", "all-women", body);
    silent("KG-LEGACY-SOURCE", &other_state);
    let other_number = list_with("KG", "number = \"159\"", "all-women", body);
    silent("KG-LEGACY-SOURCE", &other_number);
}

#[test]
fn wbl_indicator_signal() {
    fires("WBL-INDICATOR-SIGNAL", &one("all-women", "сварщик", ""));
    fires("WBL-INDICATOR-SIGNAL", &one("all-women", "работы", "scope = \"age-18-35\""));
    fires("WBL-INDICATOR-SIGNAL", &one("all-women", "работы в ночное время", ""));
    silent("WBL-INDICATOR-SIGNAL", &one("all-women", "сварщик", "scope = \"pregnant\""));
    silent("WBL-INDICATOR-SIGNAL", &one("all-women", "подъем тяжестей", "kind = \"weight-limit\""));
    // A waived general ban still signals.
    let l = one(
        "all-women",
        "сварщик",
        "waivers = [{ rule = \"CEDAW-GENERAL-BAN\", reason = \"constructed test\", by = \"tests\" }]",
    );
    fires("WBL-INDICATOR-SIGNAL", &l);
}

#[test]
fn findings_carry_position_message_and_evidence() {
    let l = one("all-women", "строительство подземных сооружений", "kind = \"sector\"");
    let r = run(&l);
    let f = r.findings.iter().find(|f| f.rule == "CEDAW-SECTOR-BAN").unwrap();
    assert_eq!(f.entry_id.as_deref(), Some("e1"));
    assert_eq!(f.location.file, "constructed.toml");
    assert!(f.location.line > 10, "the entry's id line, not the top: {}", f.location.line);
    assert!(f.message.starts_with("«строительство подземных сооружений» closes a whole branch"), "{}", f.message);
    assert!(f.evidence.contains(&"kind = sector".to_string()), "{:?}", f.evidence);
    assert!(f.evidence.iter().any(|e| e.contains("подземных")), "{:?}", f.evidence);
    assert_eq!(f.severity, RuleSeverity::High);
    assert!(!f.citations.is_empty());
}

// ------------------------------------------------------------ waivers

fn waived_list(waivers: &str) -> List {
    one("all-women", "сварщик", &format!("waivers = [{waivers}]"))
}

#[test]
fn a_waiver_in_force_suppresses_its_finding() {
    let l = waived_list(
        "{ rule = \"CEDAW-NO-REVIEW\", reason = \"review scheduled\", by = \"Ministry\", until = \"2027-01-01\" }",
    );
    let r = run(&l);
    let f = r.findings.iter().find(|f| f.rule == "CEDAW-NO-REVIEW").unwrap();
    assert!(f.waived);
    assert_eq!(f.waiver.as_ref().unwrap().by, "Ministry");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.unwaived().all(|f| f.rule != "CEDAW-NO-REVIEW"));
    assert_eq!(r.waived(), 1);
    // Valid through its last day.
    let l = waived_list("{ rule = \"CEDAW-NO-REVIEW\", reason = \"r\", by = \"b\", until = \"2026-11-28\" }");
    assert!(run(&l).findings.iter().any(|f| f.rule == "CEDAW-NO-REVIEW" && f.waived));
    let l = waived_list("{ rule = \"CEDAW-NO-REVIEW\", reason = \"r\", by = \"b\", until = \"2026-11\" }");
    assert!(run(&l).findings.iter().any(|f| f.rule == "CEDAW-NO-REVIEW" && f.waived));
}

#[test]
fn an_expired_waiver_does_not_suppress_and_warns() {
    let l = waived_list("{ rule = \"CEDAW-NO-REVIEW\", reason = \"r\", by = \"b\", until = \"2026-11-27\" }");
    let r = run(&l);
    assert!(r.findings.iter().any(|f| f.rule == "CEDAW-NO-REVIEW" && !f.waived));
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, "expired-waiver");
    assert!(r.warnings[0].message.contains("expired on 2026-11-27"), "{}", r.warnings[0].message);
    assert!(r.warnings[0].location.is_some());
}

#[test]
fn a_waiver_that_suppresses_nothing_warns() {
    let l = waived_list("{ rule = \"CEDAW-MATERNITY-SCOPE\", reason = \"r\", by = \"b\" }");
    let r = run(&l);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, "unused-waiver");
    assert_eq!(r.waived(), 0);
}

#[test]
fn a_waiver_of_an_unknown_rule_warns_with_a_suggestion() {
    let l = waived_list("{ rule = \"CEDAW-GENRAL-BAN\", reason = \"r\", by = \"b\" }");
    let r = run(&l);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, "unknown-waiver-rule");
    assert_eq!(r.warnings[0].hint.as_deref(), Some("did you mean `CEDAW-GENERAL-BAN`? (`alljobs rules` lists them)"));
}

#[test]
fn fail_on_thresholds() {
    let r = run(&one("all-women", "сварщик", ""));
    assert!(r.fails(RuleSeverity::Critical));
    let r = run(&one(
        "pregnant",
        "сварщик",
        "reviewed = \"2025-01-01\"\nalternatives = [\"paid-leave\"]\nhazards = [\"noise\"]",
    ));
    assert!(!r.fails(RuleSeverity::Medium), "{:?}", r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>());
    assert!(r.fails(RuleSeverity::Info));
    assert!(r.summary().starts_with("1 finding: 0 critical, 0 high, 0 medium, 1 info"), "{}", r.summary());
}

// ------------------------------------------------------------ rule files

fn parse(text: &str) -> Result<RuleSet, RulesError> {
    RuleSet::parse("my-rules.toml", Arc::from(text))
}

const MINIMAL: &str = r#"format_version = 1
[[rules]]
code = "MY-NIGHT"
severity = "high"
title = "t"
what = "w"
why = "y"
message = "«{title}» ({scope})"
citations = [{ text = "CEDAW art. 11", source = "S1", status = "verified" }]
[rules.trigger]
all = [{ class = ["general"] }, { title = 'ночн\w*' }]
"#;

#[test]
fn a_user_rule_file_parses_and_runs() {
    let set = parse(MINIMAL).unwrap();
    assert_eq!(set.rules[0].trigger.to_string(), "all(class in [general], title ~ /ночн\\w*/)");
    let r = flag(&one("all-women", "ночные работы", ""), &set, &opts());
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].message, "«ночные работы» (all-women) («ночные»)");
}

#[test]
fn user_rules_extend_and_replace_builtin_ones() {
    let mut set = RuleSet::builtin();
    let n = set.rules.len();
    set.extend(parse(MINIMAL).unwrap());
    assert_eq!(set.rules.len(), n + 1);
    let replacing = MINIMAL.replace("MY-NIGHT", "CEDAW-NO-REVIEW").replace("\"high\"", "\"info\"");
    set.extend(parse(&replacing).unwrap());
    assert_eq!(set.rules.len(), n + 1);
    assert_eq!(set.get("CEDAW-NO-REVIEW").unwrap().severity, RuleSeverity::Info);
    assert_eq!(set.index_of("CEDAW-NO-REVIEW"), RuleSet::builtin().index_of("CEDAW-NO-REVIEW"));
}

#[track_caller]
fn error_of(text: &str) -> Diagnostic {
    let e = parse(text).expect_err("should fail");
    e.diagnostics.into_iter().next().unwrap()
}

#[test]
fn rule_file_errors_are_positioned() {
    let d = error_of("format_version = 1\n[[rules]\n");
    assert_eq!(d.code, "rules-syntax");
    assert_eq!(d.location.as_ref().unwrap().line, 2);

    let d = error_of(&MINIMAL.replace("severity =", "severty ="));
    assert!(d.message.contains("severty"), "{}", d.message);
    assert_eq!(d.hint.as_deref(), Some("did you mean `severity`?"));
    assert_eq!(d.location.as_ref().unwrap().line, 4);

    let d = error_of(&MINIMAL.replace("\"high\"", "\"severe\""));
    assert_eq!(d.location.as_ref().unwrap().line, 4, "{d}");

    let d = error_of(&MINIMAL.replace(r"'ночн\w*'", "'ночн(('"));
    assert_eq!(d.code, "rule-regex");
    assert_eq!(d.location.as_ref().unwrap().line, 11);

    let d = error_of(&MINIMAL.replace("{ class = [\"general\"] }", "{ class = [\"general\"], kind = [\"sector\"] }"));
    assert_eq!(d.code, "rule-trigger");
    assert!(d.message.contains("class, kind"), "{}", d.message);

    let d = error_of(&MINIMAL.replace("({scope})", "({scop})"));
    assert_eq!((d.code, d.location.as_ref().unwrap().line), ("rule-message", 8));

    let d = error_of(&MINIMAL.replace("status = \"verified\"", "status = \"unverified\", paragraph = \"12\""));
    assert_eq!(d.code, "rule-citation");

    let d = error_of(&MINIMAL.replace("severity = \"high\"", "severity = \"high\"\nlevel = \"list\""));
    assert_eq!(d.code, "rule-level");

    let d = error_of(&MINIMAL.replace("MY-NIGHT", "my night"));
    assert_eq!(d.code, "rule-code");

    let d = error_of(&format!("{MINIMAL}{}", &MINIMAL["format_version = 1\n".len()..]));
    assert_eq!(d.code, "duplicate-rule");
    assert!(d.message.contains("first on line 2"), "{}", d.message);

    let d = error_of(&MINIMAL.replace("format_version = 1", "format_version = 2"));
    assert_eq!(d.code, "rules-format-version");
}

#[test]
fn fired_references_are_checked_with_suggestions_and_cycles() {
    let text =
        MINIMAL.replace("all = [{ class = [\"general\"] }, { title = 'ночн\\w*' }]", "fired = [\"CEDAW-GENRAL-BAN\"]");
    assert!(text.contains("fired"), "{text}");
    let mut set = RuleSet::builtin();
    set.extend(parse(&text).unwrap());
    let errors = set.check_references();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `CEDAW-GENERAL-BAN`?"));
    assert_eq!(errors[0].location.as_ref().unwrap().file, "my-rules.toml");

    let cycle = format!(
        "{}\n{}",
        MINIMAL.replace("all = [{ class = [\"general\"] }, { title = 'ночн\\w*' }]", "fired = [\"MY-B\"]"),
        MINIMAL["format_version = 1\n".len()..]
            .replace("MY-NIGHT", "MY-B")
            .replace("all = [{ class = [\"general\"] }, { title = 'ночн\\w*' }]", "fired = [\"MY-NIGHT\"]")
    );
    let set = parse(&cycle).unwrap();
    let errors = set.check_references();
    assert_eq!(errors[0].code, "rule-cycle");
    // A cycle has no position: the error is named after the file, never "rule file  could not be used".
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("cycle.toml");
    std::fs::write(&f, &cycle).unwrap();
    let e = RuleSet::load(&[&f], false).unwrap_err();
    assert_eq!(e.path, f.display().to_string());
}

#[test]
fn load_reads_files_and_reports_errors_with_path() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(&good, MINIMAL).unwrap();
    let set = RuleSet::load(&[&good], true).unwrap();
    assert_eq!(set.rules.len(), CATALOGUE.len() + 1);
    assert_eq!(set.get("MY-NIGHT").unwrap().defined_in, good.display().to_string());
    let only = RuleSet::load(&[&good], false).unwrap();
    assert_eq!(only.codes(), ["MY-NIGHT"]);
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, MINIMAL.replace("class = [\"general\"]", "class = [\"generl\"]")).unwrap();
    let e = RuleSet::load(&[&bad], true).unwrap_err();
    assert_eq!(e.path, bad.display().to_string());
    assert_eq!(e.diagnostics[0].location.as_ref().unwrap().line, 11);
    assert!(RuleSet::load(&[dir.path().join("missing.toml")], true).is_err());
}

// ---------------------------------------------------------------- what a finding rests on

fn finding_of<'a>(r: &'a FlagReport, code: &str) -> &'a Finding {
    r.findings.iter().find(|f| f.rule == code).unwrap_or_else(|| panic!("{code} should fire"))
}

const COMPLETE: &str = "[list.transcription]\nstatus = \"complete\"\n";

#[test]
fn an_absence_on_a_partial_or_reported_transcription_is_not_shown_not_missing() {
    // No transcription status, reported entry: the absence of `alternatives` shows nothing about the act.
    let partial = one("pregnant", "подземные работы", "");
    let r = run(&partial);
    let f = finding_of(&r, "CEDAW-MATERNITY-NO-ALTERNATIVE");
    assert!(f.rests_on_absence);
    assert_eq!(f.absent_fields, ["alternatives"]);
    assert_eq!(f.confidence, FindingConfidence::Low);
    assert!(f.message.contains("is not shown in the transcribed text"), "{}", f.message);
    assert!(!f.message.contains("does not"), "{}", f.message);
    assert!(f.reads.contains(&"alternatives".to_string()) && f.reads.contains(&"scope".to_string()), "{:?}", f.reads);
    let review = finding_of(&r, "CEDAW-NO-REVIEW");
    assert!(review.rests_on_absence && review.confidence == FindingConfidence::Low, "{review:?}");
    // A finding that rests on what the entry says is not affected.
    let scope = finding_of(&r, "CEDAW-MATERNITY-SCOPE");
    assert!(!scope.rests_on_absence && scope.confidence == FindingConfidence::High);
}

#[test]
fn a_complete_official_transcription_may_say_does_not() {
    let complete = list_with(
        "XA",
        COMPLETE,
        "pregnant",
        "[[entries]]\nid = \"e1\"\ntitle = { ru = \"подземные работы\" }\nevidence = \"official-text\"\nsources = []\n",
    );
    let r = run(&complete);
    let f = finding_of(&r, "CEDAW-MATERNITY-NO-ALTERNATIVE");
    assert!(f.rests_on_absence);
    assert_eq!(f.confidence, FindingConfidence::High);
    assert!(f.message.contains("does not secure the worker's job and pay"), "{}", f.message);
}

#[test]
fn wording_that_fires_on_its_own_does_not_rest_on_the_absence() {
    // Dismissal wording fires NO-ALTERNATIVE whatever `alternatives` says.
    let l = one("pregnant", "подземные работы, с увольнением", "");
    let r = run(&l);
    let f = finding_of(&r, "CEDAW-MATERNITY-NO-ALTERNATIVE");
    assert!(!f.rests_on_absence, "{f:?}");
    assert_eq!(f.confidence, FindingConfidence::High);
    assert!(f.message.contains("does not secure"), "{}", f.message);
}

#[test]
fn a_list_level_review_answers_no_review_for_every_entry() {
    let body = "[[entries]]\nid = \"e1\"\ntitle = { ru = \"сварщик\" }\nevidence = \"reported\"\n\
                [[entries]]\nid = \"e2\"\ntitle = { ru = \"слесарь\" }\nevidence = \"reported\"\nnext_review = \"2020-01-01\"\n";
    let current =
        list_with("XA", "[list.review]\nreviewed = \"2025-01-01\"\nnext_review = \"2030-01-01\"\n", "all-women", body);
    let r = run(&current);
    let no_review: Vec<_> = r.findings.iter().filter(|f| f.rule == "CEDAW-NO-REVIEW").collect();
    // e1 takes the list's review (not due); e2's own next review has passed.
    assert_eq!(no_review.len(), 1);
    assert_eq!(no_review[0].entry_id.as_deref(), Some("e2"));
    let overdue = list_with("XA", "[list.review]\nnext_review = \"2021-01-01\"\n", "all-women", body);
    let r = run(&overdue);
    let e1 = r.findings.iter().find(|f| f.rule == "CEDAW-NO-REVIEW" && f.entry_id.as_deref() == Some("e1")).unwrap();
    assert!(e1.message.contains("list review: next review 2021-01-01 has passed"), "{}", e1.message);
    assert!(!e1.rests_on_absence, "an overdue review is a fact, not an absence");
}

#[test]
fn every_source_the_built_in_rules_cite_is_in_the_embedded_source_notes() {
    let sources = cedaw_sources();
    assert_eq!(sources.len(), 39, "S1–S39");
    for r in &RuleSet::builtin().rules {
        for c in &r.citations {
            for id in c.source.iter().flat_map(|s| s.split('/')) {
                assert!(sources.iter().any(|s| s.id == id), "{}: {id} is not in cedaw_sources.toml", r.code);
            }
        }
    }
    let s35 = sources.iter().find(|s| s.id == "S35").unwrap();
    assert_eq!(s35.status, "V");
    assert!(s35.source.starts_with("https://normlex.ilo.org/"));
}

#[test]
fn every_builtin_pattern_compiles() {
    // The built-in rules' regexes compile on first use; this compiles every one.
    let set = RuleSet::builtin();
    let corpus = crate::textmatch::corpus();
    let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
    let mut n = 0;
    for r in &set.rules {
        r.trigger.walk(&mut |c| {
            if let Test::Matches(_, p) = &c.test {
                assert!(p.force(), "{}: {}", r.code, p.source);
                // The small form (classes cut to the lists' alphabet) finds what the whole regex finds.
                assert_eq!(p.agrees_on(&corpus), Ok(()), "{}", r.code);
                n += 1;
            }
        });
    }
    assert!(n > 0);
}

#[test]
fn a_message_template_is_filled_in_one_pass() {
    let values = [("title", "Сварщик {scope}"), ("scope", "all-women")];
    assert_eq!(fill("{title}: {scope} {unknown} {", &values), "Сварщик {scope}: all-women {unknown} {");
    assert_eq!(fill("{scope}{scope}}", &values), "all-womenall-women}");
    assert_eq!(fill("no placeholders", &values), "no placeholders");
    assert_eq!(fill("{{title}}", &values), "{Сварщик {scope}}");
}
