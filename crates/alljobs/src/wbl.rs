//! The World Bank's Women, Business and the Law (WBL) answers for the
//! post-Soviet economies, report years 1971–2020, shipped in
//! `data/wbl/wbl-post-soviet.csv` (provenance in `data/wbl/README.md`; cite
//! "World Bank, Women, Business and the Law 2020") and embedded in the library.
//!
//! A WBL **report year** reflects the law as of the year before: the panel
//! file says "Data for 1970-2019" for report years 1971–2020. [`law_year`]
//! gives that offset in one place.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The shipped extract, exactly as in the repository.
pub const CSV: &str = include_str!("../../../data/wbl/wbl-post-soviet.csv");

/// The citation to give with any WBL figure.
pub const CITATION: &str = "World Bank, Women, Business and the Law 2020";

/// The calendar year whose law a report year codes (report year − 1).
pub fn law_year(report_year: u16) -> u16 {
    report_year - 1
}

/// A WBL answer.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
pub enum Answer {
    /// Yes.
    Yes,
    /// No.
    No,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Answer::Yes => "Yes",
            Answer::No => "No",
        })
    }
}

/// One economy in one report year.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, schemars::JsonSchema)]
pub struct WblRow {
    /// ISO 3166-1 alpha-3 (`KGZ`).
    pub economy_code: String,
    /// The World Bank's name (`Kyrgyz Republic`).
    pub economy: String,
    /// The WBL report year.
    pub report_year: u16,
    /// The overall WBL index (0–100).
    pub wbl_index: f64,
    /// The PAY indicator (0–100).
    pub pay_score: f64,
    /// "Can women work the same night hours as men?"
    pub night_hours_same: Answer,
    /// "Can women work in jobs deemed dangerous in the same way as men?"
    pub dangerous_jobs_same: Answer,
    /// "Are women able to work in the same industries as men?"
    pub industries_same: Answer,
}

impl WblRow {
    /// The three answers and the PAY score, for spotting changes.
    fn coding(&self) -> (Answer, Answer, Answer, u64) {
        (self.night_hours_same, self.dangerous_jobs_same, self.industries_same, self.pay_score.to_bits())
    }
}

/// Why a WBL file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WblError {
    #[error("WBL data line {line}: {message}")]
    Row { line: u64, message: String },
    #[error("WBL data: economy {economy} report year {year} appears twice")]
    Duplicate { economy: String, year: u16 },
}

/// The WBL extract: rows sorted by economy and report year.
#[derive(Debug, Clone, PartialEq)]
pub struct WblData {
    rows: Vec<WblRow>,
}

impl WblData {
    /// Parses a CSV with the shipped extract's header.
    pub fn parse(text: &str) -> Result<WblData, WblError> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in r.deserialize::<WblRow>() {
            let row = rec.map_err(|e| WblError::Row {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                message: match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                    _ => e.to_string(),
                },
            })?;
            rows.push(row);
        }
        rows.sort_by(|a, b| (&a.economy_code, a.report_year).cmp(&(&b.economy_code, b.report_year)));
        if let Some(w) =
            rows.windows(2).find(|w| w[0].economy_code == w[1].economy_code && w[0].report_year == w[1].report_year)
        {
            return Err(WblError::Duplicate { economy: w[0].economy_code.clone(), year: w[0].report_year });
        }
        Ok(WblData { rows })
    }

    /// The shipped extract (parsed once).
    pub fn shipped() -> &'static WblData {
        static DATA: OnceLock<WblData> = OnceLock::new();
        // The shipped file is checked by a test; an error here is a build defect.
        DATA.get_or_init(|| WblData::parse(CSV).unwrap_or(WblData { rows: Vec::new() }))
    }

    /// Every row.
    #[cfg(test)]
    pub fn rows(&self) -> &[WblRow] {
        &self.rows
    }

    /// The economies' alpha-3 codes, sorted.
    #[cfg(test)]
    pub fn economies(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.rows.iter().map(|r| r.economy_code.as_str()).collect();
        v.dedup();
        v
    }

    /// One economy's rows in report-year order.
    pub fn economy(&self, code: &str) -> &[WblRow] {
        let start = self.rows.partition_point(|r| r.economy_code.as_str() < code);
        let end = self.rows.partition_point(|r| r.economy_code.as_str() <= code);
        &self.rows[start..end]
    }

    /// One economy in one report year.
    pub fn get(&self, code: &str, report_year: u16) -> Option<&WblRow> {
        self.economy(code).iter().find(|r| r.report_year == report_year)
    }

    /// The rows where the coding (the three answers or PAY) differs from the
    /// year before, with the first year and the latest year: the economy's
    /// story in a few rows.
    pub fn changes(&self, code: &str) -> Vec<&WblRow> {
        let rows = self.economy(code);
        let mut out: Vec<&WblRow> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if i == 0 || r.coding() != rows[i - 1].coding() || i + 1 == rows.len() {
                out.push(r);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_extract_has_15_economies_by_50_years() {
        let d = WblData::parse(CSV).unwrap();
        assert_eq!(d.rows().len(), 750);
        assert_eq!(d.economies().len(), 15);
        for e in d.economies() {
            let rows = d.economy(e);
            assert_eq!(rows.len(), 50, "{e}");
            assert_eq!((rows[0].report_year, rows[49].report_year), (1971, 2020), "{e}");
        }
    }

    #[test]
    fn verified_facts_of_the_readme() {
        let d = WblData::shipped();
        let kg = d.get("KGZ", 2020).unwrap();
        assert_eq!(kg.economy, "Kyrgyz Republic");
        assert_eq!(
            (kg.night_hours_same, kg.dangerous_jobs_same, kg.industries_same),
            (Answer::Yes, Answer::No, Answer::No)
        );
        assert_eq!(kg.pay_score, 25.0);
        let ru = d.get("RUS", 2020).unwrap();
        assert_eq!(
            (ru.night_hours_same, ru.dangerous_jobs_same, ru.industries_same, ru.pay_score),
            (Answer::Yes, Answer::No, Answer::No, 50.0)
        );
        assert!(
            d.economy("UKR").iter().all(|r| r.dangerous_jobs_same == Answer::No && r.night_hours_same == Answer::No)
        );
        assert!(d.get("TKM", 2020).is_none(), "Turkmenistan is not in the panel");
    }

    #[test]
    fn changes_keep_first_change_and_latest_years() {
        let d = WblData::shipped();
        let years: Vec<u16> = d.changes("ARM").iter().map(|r| r.report_year).collect();
        assert_eq!(years, [1971, 2006, 2020]);
        let years: Vec<u16> = d.changes("UKR").iter().map(|r| r.report_year).collect();
        assert_eq!(years, [1971, 2020]);
    }

    #[test]
    fn bad_rows_are_errors_with_a_line() {
        let head = "economy_code,economy,report_year,wbl_index,pay_score,night_hours_same,dangerous_jobs_same,industries_same\n";
        let e = WblData::parse(&format!("{head}KGZ,K,2020,1,25,Maybe,No,No\n")).unwrap_err();
        assert!(matches!(e, WblError::Row { line: 2, .. }), "{e}");
        let e = WblData::parse(&format!("{head}KGZ,K,2020,1,25,No,No,No\nKGZ,K,2020,1,25,No,No,No\n")).unwrap_err();
        assert!(matches!(e, WblError::Duplicate { year: 2020, .. }), "{e}");
        assert_eq!(law_year(2020), 2019);
    }
}
