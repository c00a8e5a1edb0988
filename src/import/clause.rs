//! Splits an entry's participle clause (`, занятый …`, `, работающие …`)
//! into its `condition`: "Опрокидчик, занятый ручной подкаткой…" →
//! title "Опрокидчик", condition "занятый ручной подкаткой…".

use regex::Regex;
use std::sync::LazyLock;

static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s*(?:занят(?:ый|ая|ое|ые|ых|ым|ыми)|работающ(?:ий|ая|ее|ие|их|им|ими))\b").expect("valid regex")
});

/// Splits `text` at the first participle clause that is not inside
/// parentheses. Returns the title and, when there is a clause, the
/// condition (starting with the participle). Joining them with ", " gives
/// the text back.
pub fn split(text: &str) -> (String, Option<String>) {
    for m in CLAUSE.find_iter(text) {
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
}
