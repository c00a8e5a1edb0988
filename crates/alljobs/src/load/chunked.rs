//! Large files in pieces: the `[[entries]]` of a big list are parsed and typed
//! in chunks, on every core, instead of as one TOML tree. The TOML parser keeps
//! every token of its input in memory (about 24× the text), so one 30 MB list
//! would peak near 800 MB; in chunks the peak is the list itself.
//!
//! Only the layout `alljobs fmt` writes takes this path: everything but the
//! entries first, then only `[[entries]]` (and their sub-tables). Anything else,
//! and any problem at all, returns `None` and the caller loads the file whole,
//! so the result never differs (a test compares the two).

use super::tree;
use crate::model::{Entry, ListFile};
use serde::Deserialize;
use std::ops::Range;
use toml::de::DeTable;

/// Files smaller than this are parsed whole.
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

/// Finds the top-level table headers of `text` and splits it, or `None` when the
/// layout is not "head, then only entries" or the scan meets anything unusual.
pub fn split(text: &str, chunk_bytes: usize) -> Option<Split> {
    let headers = headers(text)?;
    let mut starts = Vec::new();
    for (at, h) in &headers {
        if h == "[[entries]]" {
            starts.push(*at);
        } else if !(starts.is_empty() || h.starts_with("[entries.") || h.starts_with("[[entries.")) {
            return None; // another table after the entries
        }
    }
    let first = *starts.first()?;
    let mut chunks = Vec::new();
    let mut start = first;
    for &s in &starts[1..] {
        if s - start >= chunk_bytes {
            chunks.push(start..s);
            start = s;
        }
    }
    chunks.push(start..text.len());
    Some(Split { head: 0..first, chunks })
}

/// Every top-level table header: (byte offset, header with spaces removed).
/// Tracks strings, comments and brackets so that a `[` inside a value is not
/// taken for a header. `None` on anything it does not follow.
fn headers(text: &str) -> Option<Vec<(usize, String)>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => i = memchr(b'\n', b, i).unwrap_or(b.len()),
            b'"' | b'\'' => {
                i = skip_string(b, i)?;
                line_start = false;
            }
            b'[' if line_start && depth == 0 => {
                let end = memchr(b'\n', b, i).unwrap_or(b.len());
                let mut h = String::new();
                let mut j = i;
                while j < end {
                    match b[j] {
                        b'"' | b'\'' => {
                            let k = skip_string(b, j)?;
                            h.push_str(text.get(j..k)?);
                            j = k;
                        }
                        b'#' => break,
                        b' ' | b'\t' | b'\r' => j += 1,
                        _ => {
                            let k = j + text.get(j..)?.chars().next()?.len_utf8();
                            h.push_str(text.get(j..k)?);
                            j = k;
                        }
                    }
                }
                if !h.ends_with(']') {
                    return None;
                }
                out.push((i, h));
                line_start = false;
                i = end;
            }
            b'[' | b'{' => {
                depth += 1;
                line_start = false;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                line_start = false;
                i += 1;
            }
            _ => {
                line_start = false;
                i += 1;
            }
        }
    }
    (depth == 0).then_some(out)
}

fn memchr(c: u8, b: &[u8], from: usize) -> Option<usize> {
    b[from..].iter().position(|&x| x == c).map(|p| from + p)
}

/// The offset just after the string starting at `i` (basic, literal, or multi-line).
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let triple = b.len() >= i + 3 && b[i + 1] == q && b[i + 2] == q;
    let mut j = if triple { i + 3 } else { i + 1 };
    loop {
        let c = *b.get(j)?;
        if c == b'\\' && q == b'"' {
            j += 2;
        } else if c == q {
            if !triple {
                return Some(j + 1);
            }
            if b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) {
                // Up to two quotes may stand just before the closing three.
                let mut end = j + 3;
                while b.get(end) == Some(&q) && end < j + 5 {
                    end += 1;
                }
                return Some(end);
            }
            j += 1;
        } else if c == b'\n' && !triple {
            return None;
        } else {
            j += 1;
        }
    }
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

    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(split.chunks.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<ChunkResult> = Vec::new();
    results.resize_with(split.chunks.len(), || None);
    let done: Vec<Vec<(usize, ChunkResult)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(r) = split.chunks.get(k) else { break };
                        mine.push((k, load_chunk(text, r.clone())));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    for (k, r) in done.into_iter().flatten() {
        results[k] = r;
    }
    let mut entry_spans = Vec::new();
    for r in results {
        let (entries, spans) = r?;
        file.entries.extend(entries);
        entry_spans.extend(spans);
    }
    Some(Parts { file, entry_spans, operation_spans })
}

fn load_chunk(text: &str, r: Range<usize>) -> ChunkResult {
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
    fn finds_headers_outside_strings_arrays_and_comments() {
        let text = "a = \"[x]\"\nb = [\n[1],\n]\nc = '''\n[[entries]]\n'''\n# [[entries]]\nd = \"\"\"x\\\"\"\"\"\n[list]\n[[ entries ]] # c\nid = \"a\"\n[entries.sub]\n[[entries]]\n";
        let h: Vec<String> = headers(text).unwrap().into_iter().map(|(_, h)| h).collect();
        assert_eq!(h, ["[list]", "[[entries]]", "[entries.sub]", "[[entries]]"]);
        let s = split(text, 1).unwrap();
        assert_eq!(s.chunks.len(), 2);
        assert!(text[s.chunks[0].clone()].starts_with("[[ entries ]]"));
        assert!(text[s.chunks[0].clone()].contains("[entries.sub]"));
    }

    #[test]
    fn other_layouts_are_not_split() {
        assert_eq!(split("[list]\nid = 1\n", 1), None, "no entries");
        assert_eq!(split("[[entries]]\nid = \"a\"\n[[sections]]\nid = \"s\"\n", 1), None, "a table after entries");
        assert_eq!(headers("a = \"unterminated\n"), None);
        assert_eq!(headers("a = [1\n"), None);
    }
}
