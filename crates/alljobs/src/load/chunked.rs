//! The `[[entries]]` of a list in pieces: the file is split before its
//! `[[entries]]` headers, the part before them (the head) is parsed by the TOML
//! parser, and the entries are typed by the fast reader of [`super::entries`]
//! (or, for a piece outside its subset, by the TOML parser). A large file's
//! pieces are typed on every core. The TOML parser keeps every token of its
//! input in memory (about 24× the text), so one 30 MB list would peak near
//! 800 MB as one tree; in pieces the peak is the list itself.
//!
//! Only the layout `alljobs fmt` writes takes this path: everything but the
//! entries first, then only `[[entries]]` (and their sub-tables). Anything else,
//! and any problem at all, returns `None` and the caller loads the file whole,
//! so the result never differs (tests and a fuzz target compare the two).

use super::tree;
use crate::model::{Entry, ListFile};
use serde::Deserialize;
use std::ops::Range;
use toml::de::DeTable;

/// Files smaller than this are typed in one piece, on the calling thread.
pub const MIN_BYTES: usize = 1 << 20;
/// About this many bytes of entries per chunk.
pub const CHUNK_BYTES: usize = 256 << 10;

/// The text split at its top-level `[[entries]]` headers.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// Everything before the first `[[entries]]`.
    pub head: Range<usize>,
    /// Runs of whole entries, each about `chunk_bytes` long, in order.
    pub chunks: Vec<Range<usize>>,
}

/// Splits `text` before every `[[entries]]` that starts a line, or `None` when
/// there is none. The split is a plain search: such a line could also stand
/// inside a multi-line string or array, but then the piece before it ends
/// inside that string or array, fails to parse, and the whole file is loaded
/// the full way. Other tables after the entries fail the same way (a piece
/// holds only entries and their sub-tables); so a split that [`load`] accepts
/// is one at real headers.
pub fn split(text: &str, chunk_bytes: usize) -> Option<Split> {
    const HEADER: &[u8] = b"\n[[entries]]";
    let b = text.as_bytes();
    let first = if b.starts_with(&HEADER[1..]) { 0 } else { memchr::memmem::find(b, HEADER)? + 1 };
    let mut chunks = Vec::new();
    let mut start = first;
    if chunk_bytes < text.len() - first {
        for at in memchr::memmem::find_iter(&b[first..], HEADER) {
            let s = first + at + 1;
            if s - start >= chunk_bytes {
                chunks.push(start..s);
                start = s;
            }
        }
    }
    chunks.push(start..text.len());
    Some(Split { head: 0..first, chunks })
}

/// The entries of one chunk and the spans of their ids.
type ChunkResult = Option<(Vec<Entry>, Vec<Range<usize>>)>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntriesChunk {
    entries: Vec<Entry>,
}

/// What loading in chunks gives: the file without its final checks, and the spans.
pub struct Parts {
    pub file: ListFile,
    pub entry_spans: Vec<Range<usize>>,
    pub operation_spans: Vec<Range<usize>>,
}

/// Parses and types the head and every chunk (on up to all cores). `head_ok`
/// runs the schema and value checks on the head's tree and says if it is clean.
pub fn load(text: &str, split: &Split, head_ok: impl FnOnce(&toml::Spanned<DeTable<'_>>) -> bool) -> Option<Parts> {
    let head_root = DeTable::parse(&text[split.head.clone()]).ok()?;
    if head_root.get_ref().iter().any(|(k, _)| k.get_ref().as_ref() == "entries") || !head_ok(&head_root) {
        return None;
    }
    let operation_spans = tree::element_spans(head_root.get_ref(), "operations", "op");
    let mut file = ListFile::deserialize(toml::de::Deserializer::from(head_root)).ok()?;
    if !file.entries.is_empty() {
        return None;
    }

    // One piece is typed on this thread; more on every core (`par_map` keeps their order).
    let results: Vec<ChunkResult> =
        crate::par::par_map(split.chunks.len(), 1, |k| load_chunk(text, split.chunks[k].clone()));
    let total = results.iter().map(|r| r.as_ref().map_or(0, |(e, _)| e.len())).sum();
    file.entries.reserve_exact(total);
    let mut entry_spans = Vec::with_capacity(total);
    for r in results {
        let (entries, spans) = r?;
        file.entries.extend(entries);
        entry_spans.extend(spans);
    }
    Some(Parts { file, entry_spans, operation_spans })
}

/// One chunk: read by [`super::entries`] when it is in that reader's subset,
/// else parsed and typed through the TOML parser.
fn load_chunk(text: &str, r: Range<usize>) -> ChunkResult {
    if let Some(read) = super::entries::read(text, r.clone()) {
        return Some(read);
    }
    let off = r.start;
    let root = DeTable::parse(text.get(r)?).ok()?;
    let spans =
        tree::element_spans(root.get_ref(), "entries", "id").into_iter().map(|s| s.start + off..s.end + off).collect();
    let chunk = EntriesChunk::deserialize(toml::de::Deserializer::from(root)).ok()?;
    Some((chunk.entries, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_before_entries_headers_at_line_starts() {
        let text = "a = 1\n[list]\nb = \"\n[[entries]]\"\n[[entries]]\nid = \"a\"\n [[entries]]\nid = \"b\"\n[[entries]] # c\nid = \"c\"\n";
        let s = split(text, 1).unwrap();
        // The search also splits inside the (invalid) string: loading then fails.
        assert_eq!(&text[s.head.clone()], "a = 1\n[list]\nb = \"\n");
        let chunks: Vec<&str> = s.chunks.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            chunks,
            ["[[entries]]\"\n", "[[entries]]\nid = \"a\"\n [[entries]]\nid = \"b\"\n", "[[entries]] # c\nid = \"c\"\n"]
        );
        let whole = split(text, usize::MAX).unwrap();
        assert_eq!(whole.chunks, vec![(s.chunks[0].start..text.len())]);
        assert_eq!(split("[[entries]]\nid = \"a\"\n", 1).unwrap().head, 0..0);
        assert_eq!(split("[list]\nid = 1\n", 1), None, "no entries");
    }

    #[test]
    fn a_split_inside_a_string_or_before_other_tables_is_not_loaded() {
        let files = crate::catalog::embedded_files();
        let (_, res158) = files.iter().find(|(p, _)| p.ends_with("kg-2000-res-158.toml")).unwrap();
        let head = &res158[split(res158, 1).unwrap().head];
        let entry = |id: &str| {
            format!(
                "[[entries]]\nid = \"{id}\"\ntitle = {{ ru = \"x\" }}\nevidence = \"reported\"\nsources = [\"K40\"]\n"
            )
        };
        let (a, b) = (entry("a"), entry("b"));
        for chunk in [1, usize::MAX] {
            let text = format!("{head}{a}{b}");
            assert!(load(&text, &split(&text, chunk).unwrap(), |_| true).is_some(), "the control case loads");
        }
        for (tail, valid_toml) in [
            // A line `[[entries]]` inside a multi-line string: the piece before ends inside it.
            (format!("{a}note = \"\"\"x\n{b}\"\"\"\n"), true),
            (format!("{a}note = '''x\n{b}'''\n"), true),
            // Another table after the entries.
            (format!("{a}[[sections]]\nid = \"s\"\ntitle = {{ ru = \"x\" }}\n"), false),
            (format!("{a}[list]\nid = \"y\"\n"), false),
        ] {
            let text = format!("{head}{tail}");
            let s = split(&text, 1).unwrap();
            assert_eq!(s.chunks.len(), if valid_toml { 2 } else { 1 });
            assert!(load(&text, &s, |_| true).is_none(), "{tail:?}");
            // Read as one piece, a multi-line note is what TOML says it is.
            let whole = load(&text, &split(&text, usize::MAX).unwrap(), |_| true);
            assert_eq!(whole.is_some(), valid_toml, "{tail:?}");
            if let Some(p) = whole {
                assert_eq!(p.file.entries.len(), 1);
                assert!(p.file.entries[0].note.as_deref().unwrap().contains("[[entries]]"));
            }
        }
    }
}
