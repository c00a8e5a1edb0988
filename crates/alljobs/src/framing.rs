//! Framing warnings: what kind of comparison two lists make, said before
//! what the comparison finds. `diff`, `report` and `ci` print them.
//!
//! - the OLD list is dated after the NEW one ("arguments reversed?");
//! - the lists are of different jurisdictions (a cross-country comparison:
//!   "removed" means "not in the other country's list", not a repeal);
//! - the comparison language is missing on one side for some entries (those
//!   entries are compared in a language both have, or not at all).

use crate::list::List;
use serde::Serialize;
use std::cmp::Ordering;

/// One framing warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Framing {
    /// OLD is dated after NEW.
    Reversed {
        /// OLD's id.
        old: String,
        /// OLD's date.
        old_date: String,
        /// NEW's id.
        new: String,
        /// NEW's date.
        new_date: String,
    },
    /// The lists are of different jurisdictions.
    CrossCountry {
        /// OLD's id.
        old: String,
        /// OLD's jurisdiction.
        old_jurisdiction: String,
        /// NEW's id.
        new: String,
        /// NEW's jurisdiction.
        new_jurisdiction: String,
    },
    /// Entries of one side have no text in the comparison language.
    Language {
        /// The comparison language.
        lang: String,
        /// `old` or `new`.
        side: String,
        /// That side's list id.
        list: String,
        /// Entries of that side without a title in `lang`.
        missing: usize,
        /// Entries of that side.
        total: usize,
        /// The languages those entries do have.
        have: Vec<String>,
    },
}

impl Framing {
    /// The warning in English.
    pub fn text(&self) -> String {
        match self {
            Framing::Reversed { old, old_date, new, new_date } => format!(
                "the later list is older — arguments reversed? OLD {old} is dated {old_date}, NEW {new} is dated {new_date}: \"removed\" and \"added\", \"narrowed\" and \"widened\" read backwards in time"
            ),
            Framing::CrossCountry { old, old_jurisdiction, new, new_jurisdiction } => format!(
                "cross-country comparison: OLD {old} is {old_jurisdiction}, NEW {new} is {new_jurisdiction}; \"removed\" means not in the other country's list, not repealed, and \"narrowed\" or \"widened\" is no amendment"
            ),
            Framing::Language { lang, side, list, missing, total, have } => format!(
                "texts compared in {lang}, but {missing} of {total} entries of {} {list} have no {lang} text (they have {}): those entries are compared per entry in a language both sides have, and where there is none their wording is not compared",
                side.to_uppercase(),
                if have.is_empty() { "none".to_string() } else { have.join(", ") }
            ),
        }
    }
}

/// The framing warnings for comparing `old` with `new` in `lang`.
pub fn framing(old: &List, new: &List, lang: &str) -> Vec<Framing> {
    let (om, nm) = (old.meta(), new.meta());
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (om.dates.sort_key(), nm.dates.sort_key())
        && a.strict_cmp(&b) == Some(Ordering::Greater)
    {
        out.push(Framing::Reversed {
            old: om.id.clone(),
            old_date: a.to_string(),
            new: nm.id.clone(),
            new_date: b.to_string(),
        });
    }
    if !om.jurisdiction.eq_ignore_ascii_case(&nm.jurisdiction) {
        out.push(Framing::CrossCountry {
            old: om.id.clone(),
            old_jurisdiction: om.jurisdiction.clone(),
            new: nm.id.clone(),
            new_jurisdiction: nm.jurisdiction.clone(),
        });
    }
    for (side, l) in [("old", old), ("new", new)] {
        let lacking: Vec<_> = l.entries().iter().filter(|e| !e.title.contains_key(lang)).collect();
        if lacking.is_empty() {
            continue;
        }
        let mut have: Vec<String> = lacking.iter().flat_map(|e| e.title.keys().cloned()).collect();
        have.sort();
        have.dedup();
        out.push(Framing::Language {
            lang: lang.to_string(),
            side: side.to_string(),
            list: l.meta().id.clone(),
            missing: lacking.len(),
            total: l.entries().len(),
            have,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::constructed_list;

    fn list(jurisdiction: &str, adopted: &str, title: &str) -> List {
        let meta =
            if adopted.is_empty() { String::new() } else { format!("dates = {{ adopted = {{ date = {adopted} }} }}") };
        let body = format!("\n[[entries]]\nid = \"a\"\ntitle = {title}\nevidence = \"reported\"\n");
        constructed_list(jurisdiction, &meta, "all-women", &body)
    }

    #[test]
    fn reversed_cross_country_and_language() {
        let old = list("XA", "2019-07-18", "{ ru = \"Сварщик\" }");
        let new = list("XB", "2000-02-25", "{ en = \"Welder\" }");
        let f = framing(&old, &new, "ru");
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].text().starts_with("the later list is older — arguments reversed?"), "{}", f[0].text());
        assert!(f[0].text().contains("2019-07-18") && f[0].text().contains("2000-02-25"));
        assert!(
            f[1].text().starts_with("cross-country comparison: OLD xa-constructed is XA, NEW xa-constructed is XB")
        );
        assert!(
            f[2].text().contains("1 of 1 entries of NEW xa-constructed have no ru text (they have en)"),
            "{}",
            f[2].text()
        );
        // In order and in one country, in a language both have: nothing to say.
        let (a, b) =
            (list("XA", "2000-02-25", "{ ru = \"Сварщик\" }"), list("XA", "2019-07-18", "{ ru = \"Сварщик\" }"));
        assert!(framing(&a, &b, "ru").is_empty());
        // Unknown dates are no reversal.
        assert!(framing(&list("XA", "", "{ ru = \"x\" }"), &a, "ru").is_empty());
    }
}
