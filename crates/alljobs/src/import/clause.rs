//! Splits an entry's participle clause (`, занятый …`, `, работающие …`)
//! into its `condition`: "Опрокидчик, занятый ручной подкаткой…" →
//! title "Опрокидчик", condition "занятый ручной подкаткой…". The
//! participles are per language ([`super::lang`]: ru, uk, be, en); in
//! head-final languages (az, kk, ky, uz) the condition stands before the noun
//! and the text is kept whole.

use super::lang;
use regex::Regex;

/// Splits Russian `text` (see [`split_lang`]).
#[cfg(test)]
pub fn split(text: &str) -> (String, Option<String>) {
    split_lang(text, "ru")
}

/// Splits `text` in language `lang` at the first participle clause that is
/// not inside parentheses. Returns the title and, when there is a clause,
/// the condition (starting with the participle). Joining them with ", "
/// gives the text back. Languages without a clause pattern: no split.
pub fn split_lang(text: &str, lang: &str) -> (String, Option<String>) {
    match lang::get(lang).and_then(|l| l.clause.as_ref()) {
        Some(re) => split_with(text, re),
        None => (text.trim().to_string(), None),
    }
}

fn split_with(text: &str, re: &Regex) -> (String, Option<String>) {
    for m in re.find_iter(text) {
        let before = &text[..m.start()];
        let depth =
            before.chars().filter(|&c| c == '(').count() as i64 - before.chars().filter(|&c| c == ')').count() as i64;
        let title = before.trim();
        let condition = text[m.start() + 1..].trim();
        if depth <= 0 && !title.is_empty() && !condition.is_empty() {
            return (title.to_string(), Some(condition.to_string()));
        }
    }
    (text.trim().to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_clause() {
        assert_eq!(
            split("Опрокидчик, занятый ручной подкаткой и откаткой вагонеток"),
            ("Опрокидчик".into(), Some("занятый ручной подкаткой и откаткой вагонеток".into()))
        );
        assert_eq!(
            split(
                "Электрослесарь (слесарь) дежурный и по ремонту оборудования, занятый обслуживанием и ремонтом оборудования, механизмов"
            ),
            (
                "Электрослесарь (слесарь) дежурный и по ремонту оборудования".into(),
                Some("занятый обслуживанием и ремонтом оборудования, механизмов".into())
            )
        );
        assert_eq!(split("Рабочие, занятые на разливке").1.as_deref(), Some("занятые на разливке"));
        assert_eq!(split("Лаборантка, занятая анализом").1.as_deref(), Some("занятая анализом"));
        assert_eq!(split("Водители, работающие на тягачах").1.as_deref(), Some("работающие на тягачах"));
        assert_eq!(split("Водитель, работающий на тягаче").1.as_deref(), Some("работающий на тягаче"));
    }

    #[test]
    fn keeps_text_without_a_clause() {
        assert_eq!(split("Машинист экскаватора"), ("Машинист экскаватора".into(), None));
        // Inside parentheses the clause belongs to the note.
        assert_eq!(split("Слесарь (кроме, занятых наладкой)").1, None);
        // "занятость" is not the participle.
        assert_eq!(split("Работы, занятость в которых").1, None);
        assert_eq!(split(", занятый чем-то").1, None, "no title before the clause");
    }

    #[test]
    fn per_language() {
        assert_eq!(
            split_lang("Вибивальник виливків, зайнятий на ручному вибиванні", "uk"),
            ("Вибивальник виливків".into(), Some("зайнятий на ручному вибиванні".into()))
        );
        assert_eq!(
            split_lang("Fettler, employed on pneumatic tools", "en").1.as_deref(),
            Some("employed on pneumatic tools")
        );
        let az = "körpülü kranın idarə edilməsi ilə məşğul olan kran maşinisti (krançı)";
        assert_eq!(split_lang(az, "az"), (az.to_string(), None), "head-final: kept whole");
        assert_eq!(split_lang("Опрокидчик, занятый откаткой", "de").1, None, "unknown language: no split");
    }
}
