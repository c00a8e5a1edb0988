//! Property: for any layout of a list file (key order, spacing, tables or
//! inline tables, comments, line endings), `fmt` keeps the list (loads to the
//! same model), keeps every comment, and is idempotent. Constructed data.

use alljobs::fmt::format_text;
use alljobs::load::load_str;
use proptest::prelude::*;

/// One entry's key-value lines, each as (key, text), in model order.
fn entry_lines(i: usize, title: &str, scoped: bool) -> Vec<(&'static str, String)> {
    let mut v = vec![
        ("id", format!("id = \"e{i}\"")),
        ("title", format!("title = {{ ru = \"{title}\" }}")),
        ("evidence", "evidence = \"reported\"".to_string()),
        ("sources", "sources = [\"T1\"]".to_string()),
    ];
    if scoped {
        v.insert(2, ("scope", "scope = \"pregnant\"".to_string()));
    }
    v
}

#[derive(Debug, Clone)]
struct Layout {
    titles: Vec<(String, bool)>,
    shuffle: Vec<usize>,
    spaces: Vec<usize>,
    comments: Vec<bool>,
    table_title: bool,
    crlf: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::collection::vec(("[А-Яа-я ]{1,20}[а-я]", any::<bool>()), 1..6),
        prop::collection::vec(0usize..5, 30),
        prop::collection::vec(0usize..3, 60),
        prop::collection::vec(any::<bool>(), 60),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(titles, shuffle, spaces, comments, table_title, crlf)| Layout {
            titles,
            shuffle,
            spaces,
            comments,
            table_title,
            crlf,
        })
}

/// The text of a list in the given layout, and the comments it holds.
fn render(l: &Layout) -> (String, Vec<String>) {
    let mut comments = Vec::new();
    let mut k = 0usize;
    let mut next = |comments: &mut Vec<String>, line: String| -> String {
        k += 1;
        let pad = " ".repeat(l.spaces[k % l.spaces.len()]);
        let line = line.replacen(" = ", &format!("{pad} ={pad} "), 1);
        if l.comments[k % l.comments.len()] {
            let c = format!("# note {k}");
            comments.push(c.clone());
            format!("{line} {c}\n")
        } else {
            format!("{line}\n")
        }
    };
    let mut t = String::from("format_version = 1\n\n[list]\n");
    for line in [
        "id = \"xa-prop\"",
        "jurisdiction = \"XA\"",
        "instrument = \"law\"",
        "status = \"unknown\"",
        "effect = \"prohibits\"",
        "default_scope = \"all-women\"",
        "confidence = \"unknown\"",
        "note = '''Constructed # for a property test'''",
    ] {
        t.push_str(&next(&mut comments, line.to_string()));
    }
    if l.table_title {
        t.push_str("\n[list.title]\nen = \"Constructed\"\n");
    } else {
        t = t.replacen("[list]\n", "[list]\ntitle = { en = \"Constructed\" }\n", 1);
    }
    t.push_str(
        "\n# The only source.\n[[sources]]\nid = \"T1\"\ntitle = \"Constructed source\"\nkind = \"secondary\"\n",
    );
    comments.push("# The only source.".into());
    for (i, (title, scoped)) in l.titles.iter().enumerate() {
        t.push_str("\n[[entries]]\n");
        let mut lines = entry_lines(i, title, *scoped);
        let n = lines.len();
        lines.swap(l.shuffle[i % l.shuffle.len()] % n, l.shuffle[(i + 7) % l.shuffle.len()] % n);
        for (_, line) in lines {
            t.push_str(&next(&mut comments, line));
        }
    }
    if l.crlf {
        t = t.replace('\n', "\r\n");
    }
    (t, comments)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn fmt_keeps_the_list_and_every_comment_and_is_idempotent(l in layout()) {
        let (text, comments) = render(&l);
        let loaded = load_str("p.toml", text.as_str().into()).expect("the constructed list loads");
        let once = format_text(&text, &loaded.file).unwrap();
        let back = load_str("p.toml", once.as_str().into()).expect("the formatted list loads");
        prop_assert_eq!(&back.file, &loaded.file);
        for c in &comments {
            prop_assert!(once.contains(c.as_str()), "comment `{}` lost:\n{}", c, once);
        }
        prop_assert!(once.contains("'''Constructed # for a property test'''"));
        prop_assert_eq!(l.crlf, once.contains("\r\n"));
        let twice = format_text(&once, &back.file).unwrap();
        prop_assert_eq!(&twice, &once);
    }
}
