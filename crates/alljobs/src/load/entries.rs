//! The `[[entries]]` of a list in the layout `alljobs fmt` writes, typed
//! straight from the text: a serde deserializer over a strict subset of TOML,
//! with no token list or tree in between (the TOML parser keeps every token of
//! its input, about 24× the text, and typing from that tree was most of a
//! load's time).
//!
//! The subset: `[[entries]]` headers; `key = value` lines with bare keys; basic
//! strings without `\u`/`\U` escapes, literal strings, decimal integers, plain
//! decimal floats, booleans, arrays (over several lines, with comments and a
//! trailing comma) and one-line inline tables; comments and blank lines
//! anywhere a line may stand. Everything here means in this reader exactly
//! what it means in TOML. Anything else (a multi-line string, a date, a quoted
//! or dotted key, an `[entries.x]` sub-table, a duplicate key, a control
//! character, a value the model refuses…) makes [`read`] return `None`, and the
//! caller types the same text through the TOML parser: so the result never
//! depends on which reader ran. Tests compare the two on the shipped lists,
//! generated lists and mutated ones, and a fuzz target does the same.

use crate::model::Entry;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// The entries of `text[range]` (which starts at an `[[entries]]` header) and
/// the byte span in `text` of each entry's `id` value; `None` when the text
/// leaves the subset or the model refuses a value.
pub fn read(text: &str, range: Range<usize>) -> Option<(Vec<Entry>, Vec<Range<usize>>)> {
    let mut p = Reader { s: text.get(..range.end)?, b: &text.as_bytes()[..range.end], i: range.start, depth: 0 };
    let mut entries = Vec::new();
    let mut spans = Vec::new();
    loop {
        p.skip_blank_lines().ok()?;
        if p.i == p.b.len() {
            break;
        }
        if !p.b[p.i..].starts_with(b"[[entries]]") {
            return None;
        }
        p.i += "[[entries]]".len();
        p.end_of_line().ok()?;
        let mut id = None;
        let entry = Entry::deserialize(TableDe { p: &mut p, id: &mut id }).ok()?;
        spans.push(id?);
        entries.push(entry);
    }
    Some((entries, spans))
}

/// Leaving the subset, or a value the model refuses: the caller falls back.
#[derive(Debug)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the fast reader's subset")
    }
}
impl std::error::Error for Bail {}
impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

type R<T> = Result<T, Bail>;

/// Nesting deeper than this (arrays in arrays, tables in arrays…) is left to the TOML parser.
const MAX_DEPTH: usize = 8;

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    /// Spaces and tabs (TOML's whitespace).
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }
    /// A comment up to (not including) the end of its line. Control
    /// characters other than tab are not allowed in comments.
    fn skip_comment(&mut self) -> R<()> {
        if self.peek() == Some(b'#') {
            while let Some(c) = self.peek() {
                match c {
                    b'\n' | b'\r' => break,
                    b'\t' => {}
                    0..=0x1F | 0x7F => return Err(Bail),
                    _ => {}
                }
                self.i += 1;
            }
        }
        Ok(())
    }
    /// A line break (LF or CRLF); `false` when there is none here.
    fn newline(&mut self) -> R<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.i += 1;
                Ok(true)
            }
            Some(b'\r') if self.b.get(self.i + 1) == Some(&b'\n') => {
                self.i += 2;
                Ok(true)
            }
            Some(b'\r') => Err(Bail),
            _ => Ok(false),
        }
    }
    /// The rest of a line after a value or header: whitespace, a comment, then a line break or the end.
    fn end_of_line(&mut self) -> R<()> {
        self.skip_ws();
        self.skip_comment()?;
        if self.newline()? || self.i == self.b.len() { Ok(()) } else { Err(Bail) }
    }
    /// Blank and comment-only lines (also the whitespace, comments and line breaks inside an array).
    fn skip_blank_lines(&mut self) -> R<()> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline()? {
                return Ok(());
            }
        }
    }
    /// A bare key.
    fn bare_key(&mut self) -> R<&'a str> {
        let start = self.i;
        while self.i < self.b.len() && KEY_BYTE[self.b[self.i] as usize] {
            self.i += 1;
        }
        if self.i == start {
            return Err(Bail);
        }
        Ok(&self.s[start..self.i])
    }
    /// `key =` with its whitespace; the key is bare and not dotted.
    fn key_eq(&mut self) -> R<&'a str> {
        let k = self.bare_key()?;
        self.skip_ws();
        if self.peek() != Some(b'=') {
            return Err(Bail);
        }
        self.i += 1;
        self.skip_ws();
        Ok(k)
    }

    /// A basic string (`"…"`, one line): borrowed when it has no escape.
    fn basic_string(&mut self) -> R<Cow<'a, str>> {
        debug_assert_eq!(self.peek(), Some(b'"'));
        if self.b[self.i..].starts_with(b"\"\"\"") {
            return Err(Bail); // multi-line: left to the TOML parser
        }
        self.i += 1;
        let mut owned: Option<String> = None;
        loop {
            let run = self.i;
            let at = run + memchr::memchr2(b'"', b'\\', &self.b[run..]).ok_or(Bail)?;
            if has_control(&self.b[run..at]) {
                return Err(Bail); // a line break or another control character
            }
            let s = &self.s[run..at];
            if self.b[at] == b'"' {
                self.i = at + 1;
                return Ok(match owned {
                    Some(mut o) => {
                        o.push_str(s);
                        Cow::Owned(o)
                    }
                    None => Cow::Borrowed(s),
                });
            }
            let o = owned.get_or_insert_with(String::new);
            o.push_str(s);
            o.push(match self.b.get(at + 1).ok_or(Bail)? {
                b'b' => '\u{8}',
                b't' => '\t',
                b'n' => '\n',
                b'f' => '\u{c}',
                b'r' => '\r',
                b'"' => '"',
                b'\\' => '\\',
                _ => return Err(Bail), // \u, \U, \e, \x and invalid escapes
            });
            self.i = at + 2;
        }
    }
    /// A literal string on one line: `'…'`, or `'''…'''` (what `fmt` writes for a
    /// text holding both kinds of quote).
    fn literal_string(&mut self) -> R<&'a str> {
        let (start, end, close) = if self.b[self.i..].starts_with(b"'''") {
            let start = self.i + 3;
            let end = start + memchr::memmem::find(&self.b[start..], b"'''").ok_or(Bail)?;
            // A quote just before the closing three, or a line break: left to the TOML parser.
            if self.b.get(end + 3) == Some(&b'\'') || memchr::memchr(b'\n', &self.b[start..end]).is_some() {
                return Err(Bail);
            }
            (start, end, 3)
        } else {
            let start = self.i + 1;
            (start, start + memchr::memchr(b'\'', &self.b[start..]).ok_or(Bail)?, 1)
        };
        if has_control(&self.b[start..end]) {
            return Err(Bail);
        }
        self.i = end + close;
        Ok(&self.s[start..end])
    }
    /// A decimal integer or a plain decimal float (`-12`, `0`, `2.5`, `1e3`,
    /// `-0.25E-2`): no sign `+`, no leading zeros, no underscores, no
    /// `inf`/`nan`, no other bases. Followed by a delimiter.
    fn number(&mut self) -> R<Number> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i - s
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.b[int_start] == b'0') {
            return Err(Bail);
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(Bail);
            }
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(Bail);
            }
            float = true;
        }
        // A delimiter must follow (a date such as 2000-03-24 or a time is not a number here).
        if !matches!(self.peek(), None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#' | b',' | b']' | b'}')) {
            return Err(Bail);
        }
        let t = &self.s[start..self.i];
        if float {
            let x: f64 = t.parse().map_err(|_| Bail)?;
            if !x.is_finite() {
                return Err(Bail);
            }
            Ok(Number::Float(x))
        } else {
            t.parse().map(Number::Int).map_err(|_| Bail)
        }
    }
    /// `true` or `false`, followed by a delimiter.
    fn boolean(&mut self) -> R<bool> {
        let v = if self.b[self.i..].starts_with(b"true") {
            self.i += 4;
            true
        } else if self.b[self.i..].starts_with(b"false") {
            self.i += 5;
            false
        } else {
            return Err(Bail);
        };
        if matches!(self.peek(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')) {
            return Err(Bail);
        }
        Ok(v)
    }
    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(Bail) } else { Ok(()) }
    }
}

/// A control character other than tab: not allowed in a one-line string (TOML).
/// Written without an early exit, so that it compiles to vector instructions.
fn has_control(b: &[u8]) -> bool {
    b.iter().fold(false, |acc, &c| acc | ((c < 0x20) & (c != b'\t')) | (c == 0x7F))
}

/// The bytes of a bare key.
static KEY_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(c as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-');
        c += 1;
    }
    t
};

enum Number {
    Int(i64),
    Float(f64),
}

/// A table given by a header: `key = value` lines up to the next header or the end.
struct TableDe<'r, 'a> {
    p: &'r mut Reader<'a>,
    /// Where the span of the `id` value goes.
    id: &'r mut Option<Range<usize>>,
}

impl<'de, 'r> de::Deserializer<'de> for TableDe<'r, 'de> {
    type Error = Bail;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_map(TableAccess { p: self.p, id: self.id, seen: Vec::new() })
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct TableAccess<'r, 'a> {
    p: &'r mut Reader<'a>,
    id: &'r mut Option<Range<usize>>,
    seen: Vec<&'a str>,
}

impl<'de, 'r> MapAccess<'de> for TableAccess<'r, 'de> {
    type Error = Bail;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        self.p.skip_blank_lines()?;
        if matches!(self.p.peek(), None | Some(b'[')) {
            return Ok(None);
        }
        let k = self.p.key_eq()?;
        if self.seen.contains(&k) {
            return Err(Bail);
        }
        self.seen.push(k);
        seed.deserialize(KeyDe(k)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        let start = self.p.i;
        let v = seed.deserialize(ValueDe { p: &mut *self.p })?;
        if self.seen.last() == Some(&"id") {
            *self.id = Some(start..self.p.i);
        }
        self.p.end_of_line()?;
        Ok(v)
    }
}

/// An inline table: `{ key = value, … }` on one line.
struct InlineAccess<'r, 'a> {
    p: &'r mut Reader<'a>,
    seen: Vec<&'a str>,
    closed: bool,
}

impl<'de, 'r> MapAccess<'de> for InlineAccess<'r, 'de> {
    type Error = Bail;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        self.p.skip_ws();
        match self.p.peek() {
            Some(b'}') => {
                self.p.i += 1;
                self.closed = true;
                return Ok(None);
            }
            // After a comma a key must follow (a trailing comma is TOML 1.1 only).
            Some(b',') if !self.seen.is_empty() => {
                self.p.i += 1;
                self.p.skip_ws();
            }
            _ if !self.seen.is_empty() => return Err(Bail),
            _ => {}
        }
        let k = self.p.key_eq()?;
        if self.seen.contains(&k) {
            return Err(Bail);
        }
        self.seen.push(k);
        seed.deserialize(KeyDe(k)).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        let v = seed.deserialize(ValueDe { p: &mut *self.p })?;
        self.p.skip_ws();
        Ok(v)
    }
}

struct ArrayAccess<'r, 'a> {
    p: &'r mut Reader<'a>,
    first: bool,
}

impl<'de, 'r> SeqAccess<'de> for ArrayAccess<'r, 'de> {
    type Error = Bail;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        self.p.skip_blank_lines()?;
        if !self.first {
            match self.p.peek() {
                Some(b',') => {
                    self.p.i += 1;
                    self.p.skip_blank_lines()?;
                }
                Some(b']') => {
                    self.p.i += 1;
                    return Ok(None);
                }
                _ => return Err(Bail),
            }
        }
        if self.p.peek() == Some(b']') {
            self.p.i += 1;
            return Ok(None); // empty, or after a trailing comma
        }
        self.first = false;
        seed.deserialize(ValueDe { p: &mut *self.p }).map(Some)
    }
}

/// A key, given to the visitor as a borrowed string.
struct KeyDe<'a>(&'a str);

impl<'de> de::Deserializer<'de> for KeyDe<'de> {
    type Error = Bail;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_borrowed_str(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// One value at the reader's position.
struct ValueDe<'r, 'a> {
    p: &'r mut Reader<'a>,
}

impl<'de, 'r> de::Deserializer<'de> for ValueDe<'r, 'de> {
    type Error = Bail;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        let p = self.p;
        match p.peek().ok_or(Bail)? {
            b'"' => match p.basic_string()? {
                Cow::Borrowed(s) => v.visit_borrowed_str(s),
                Cow::Owned(s) => v.visit_string(s),
            },
            b'\'' => {
                let s = p.literal_string()?;
                v.visit_borrowed_str(s)
            }
            b't' | b'f' => {
                let b = p.boolean()?;
                v.visit_bool(b)
            }
            b'-' | b'0'..=b'9' => match p.number()? {
                Number::Int(n) => v.visit_i64(n),
                Number::Float(x) => v.visit_f64(x),
            },
            b'[' => {
                p.enter()?;
                p.i += 1;
                let r = v.visit_seq(ArrayAccess { p: &mut *p, first: true })?;
                p.depth -= 1;
                Ok(r)
            }
            b'{' => {
                p.enter()?;
                p.i += 1;
                let mut access = InlineAccess { p: &mut *p, seen: Vec::new(), closed: false };
                let r = v.visit_map(&mut access)?;
                // A visitor may stop before the end (the model's never do): the table must be closed.
                if !access.closed {
                    return Err(Bail);
                }
                p.depth -= 1;
                Ok(r)
            }
            _ => Err(Bail),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, v: V) -> R<V::Value> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        // Unit variants written as strings; anything else is left to the TOML parser.
        let p = self.p;
        match p.peek() {
            Some(b'"') => match p.basic_string()? {
                Cow::Borrowed(s) => v.visit_enum(s.into_deserializer()),
                Cow::Owned(s) => v.visit_enum(s.into_deserializer()),
            },
            Some(b'\'') => {
                let s = p.literal_string()?;
                v.visit_enum(s.into_deserializer())
            }
            _ => Err(Bail),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Option<Entry> {
        let text = format!("[[entries]]\n{body}");
        read(&text, 0..text.len()).map(|(mut e, _)| e.remove(0))
    }

    #[test]
    fn reads_the_subset() {
        let text = "[[entries]] # first\nid = \"a1\"\nnote = \'\'\'a \"b\" it\'s\'\'\'\ntitle = { ru = \"Кессонщик \\\"x\\\"\", en = 'it''s' }\nevidence = \"reported\"\nsources = [\n  \"S1\", # the act\n  \"S2\",\n]\nweight_limit_kg = 2.5e1\n\n# between\n[[entries]]\r\nid = 'b'\r\ntitle = {}\r\nevidence = \"official-text\"\r\nemployer_waiver = false\r\nweight_limit_kg = 10\r\n";
        // The literal `'it''s'` is not TOML: the whole text is refused.
        assert!(read(text, 0..text.len()).is_none());
        let text = text.replace("'it''s'", "'it s'");
        let (e, spans) = read(&text, 0..text.len()).expect("in the subset");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].title["ru"], "Кессонщик \"x\"");
        assert_eq!(e[0].title["en"], "it s");
        assert_eq!(e[0].note.as_deref(), Some("a \"b\" it's"));
        assert_eq!(e[0].sources, ["S1", "S2"]);
        assert_eq!(e[0].weight_limit_kg, Some(25.0));
        assert_eq!(e[1].weight_limit_kg, Some(10.0));
        assert_eq!(e[1].employer_waiver, Some(false));
        assert_eq!(&text[spans[0].clone()], "\"a1\"");
        assert_eq!(&text[spans[1].clone()], "'b'");
        let want: Vec<Entry> = toml::from_str::<EntriesOnly>(&text).unwrap().entries;
        assert_eq!(e, want);
    }

    #[derive(Deserialize)]
    struct EntriesOnly {
        entries: Vec<Entry>,
    }

    #[test]
    fn leaves_everything_else_to_the_toml_parser() {
        let ok = "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\n";
        assert!(one(ok).is_some());
        for bad in [
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nid = \"b\"\n", // duplicate key
            "id = \"a\"\ntitle = { ru = \"x\", ru = \"y\" }\nevidence = \"reported\"\n", // duplicate inline key
            "id = \"a\"\ntitle = { ru = \"x\", }\nevidence = \"reported\"\n",            // trailing comma
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nnote = \"\"\"x\"\"\"\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nnote = \'\'\'\nx\'\'\'\n", // trimmed line break
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nnote = \'\'\'x\'\'\'\'\n", // a quote before the closing three
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nnote = \'\'\'x\'\'\n",     // unterminated
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nnote = \"a\\u0041\"\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nreviewed = 2020-01-01\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nweight_limit_kg = +1\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nweight_limit_kg = 01\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nweight_limit_kg = 1_0\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nweight_limit_kg = inf\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nweight_limit_kg = 1.\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\" x\n", // junk after a value
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"report\ned\"\n", // a line break in a string
            "id = \"a\"\ntitle = { ru = \"x\u{1}\" }\nevidence = \"reported\"\n", // a control character
            "id = \"a\"\ntitle.ru = \"x\"\nevidence = \"reported\"\n",         // a dotted key
            "\"id\" = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\n", // a quoted key
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"guessed\"\n",    // the model refuses it
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\ncolour = 1\n", // unknown key
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nsources = [\"a\" \"b\"]\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nsources = [,]\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\r\r\n",
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\n[entries.covers]\n",
            "id = \"a\"\ntitle = { ru = \"x\"\n}\nevidence = \"reported\"\n", // inline table over lines
            "id = \"a\"\ntitle = { ru = \"x\" }\nevidence = \"reported\"\nemployer_waiver = truex\n",
        ] {
            assert!(one(bad).is_none(), "accepted: {bad:?}");
            let text = format!("[[entries]]\n{bad}");
            // Where TOML itself accepts the text, the fallback gives the answer; never this reader.
            let _ = toml::from_str::<EntriesOnly>(&text);
        }
    }

    /// What the TOML parser makes of `text[range]`: the same shape as [`read`], or `None` on any error.
    fn through_toml(text: &str, range: Range<usize>) -> Option<(Vec<Entry>, Vec<Range<usize>>)> {
        let off = range.start;
        let root = toml::de::DeTable::parse(text.get(range)?).ok()?;
        let spans = super::super::tree::element_spans(root.get_ref(), "entries", "id")
            .into_iter()
            .map(|s| s.start + off..s.end + off)
            .collect();
        let e = EntriesOnly::deserialize(toml::de::Deserializer::from(root)).ok()?.entries;
        Some((e, spans))
    }

    /// The text of `entries` as `alljobs fmt` writes it (the head of Res. 158 before them).
    fn canonical(entries: Vec<Entry>) -> (String, Range<usize>) {
        let files = crate::catalog::embedded_files();
        let (_, t) = files.iter().find(|(p, _)| p.ends_with("kg-2000-res-158.toml")).unwrap();
        let mut file: crate::model::ListFile = toml::from_str(t).unwrap();
        file.entries = entries;
        let text = crate::fmt::to_canonical(&file).unwrap();
        let at = text.find("\n[[entries]]").map_or(text.len(), |i| i + 1);
        (text.clone(), at..text.len())
    }

    use proptest::prelude::*;

    /// Strings with everything TOML quoting cares about: quotes, backslashes,
    /// `#`, brackets, tabs, line breaks, controls and non-ASCII letters.
    fn tricky() -> impl Strategy<Value = String> {
        prop_oneof![
            // What the reader takes: quotes, backslashes, `#`, brackets, tabs, non-ASCII.
            4 => "[a-zа-яё0-9 \"'\\\\#\\[\\]{}=,.\t«»—ӊ]{0,14}",
            // What it leaves to the TOML parser: line breaks (multi-line strings) and controls (`\u` escapes).
            1 => "[a-zа-я \"'\\\\#\\[\\]\t\n\r\u{1}\u{7f}]{0,10}",
        ]
    }

    fn entry() -> impl Strategy<Value = Entry> {
        let opt = |s: BoxedStrategy<String>| proptest::option::of(s);
        (
            "[a-z0-9][a-z0-9._-]{0,6}",
            opt(tricky().boxed()),
            proptest::collection::btree_map("(ru|ky|en|kk)", tricky(), 0..3),
            proptest::collection::btree_map("(ru|en)", tricky(), 0..2),
            proptest::option::of(prop_oneof![Just("pregnant"), Just("all-women"), Just("pregnant-or-breastfeeding"), Just("age-under-18")]),
            proptest::option::of(any::<bool>()),
            proptest::option::of(prop_oneof![Just(2.5f64), Just(10.0), Just(0.001), Just(1e3), Just(-7.0), (0u32..500).prop_map(f64::from)]),
            proptest::collection::vec(tricky(), 0..3),
            (prop_oneof![Just("reported"), Just("official-text")], prop_oneof![Just("occupation"), Just("work"), Just("weight-limit")]),
            (opt(tricky().boxed()), proptest::option::of(Just("2020-05-01")), proptest::collection::vec(prop_oneof![Just("paid-leave"), Just("adapt-job")], 0..2)),
        )
            .prop_map(|(id, number, title, condition, scope, waiver, kg, sources, (evidence, kind), (note, reviewed, alternatives))| {
                let mut v = serde_json::json!({ "id": id, "title": title, "evidence": evidence, "kind": kind, "sources": sources, "alternatives": alternatives });
                let m = v.as_object_mut().unwrap();
                if !condition.is_empty() { m.insert("condition".into(), serde_json::json!(condition)); }
                if let Some(x) = number { m.insert("number".into(), x.into()); }
                if let Some(x) = scope { m.insert("scope".into(), x.into()); }
                if let Some(x) = waiver { m.insert("employer_waiver".into(), x.into()); }
                if let Some(x) = kg { m.insert("weight_limit_kg".into(), x.into()); }
                if let Some(x) = note { m.insert("note".into(), x.into()); }
                if let Some(x) = reviewed { m.insert("reviewed".into(), x.into()); }
                serde_json::from_value(v).expect("a valid entry")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Entries as `fmt` writes them: read exactly as the TOML parser reads them.
        #[test]
        fn canonical_entries_read_as_toml_reads_them(entries in proptest::collection::vec(entry(), 1..5)) {
            let (text, range) = canonical(entries.clone());
            let want = through_toml(&text, range.clone()).expect("fmt writes valid TOML");
            prop_assert_eq!(&want.0, &entries);
            if let Some(got) = read(&text, range) {
                prop_assert_eq!(got, want);
            }
        }

        /// Whatever this reader accepts of a mutated text, the TOML parser accepts and types identically.
        #[test]
        fn mutated_entries_are_refused_or_read_as_toml_reads_them(
            entries in proptest::collection::vec(entry(), 1..4),
            at in any::<prop::sample::Index>(),
            len in 0usize..6,
            insert in "[\\[\\]{}=\"'#\\\\\n\r\t ,.a-z0-9_+-]{0,6}",
        ) {
            let (text, range) = canonical(entries);
            let body = &text[range.clone()];
            let mut i = at.index(body.len());
            while !body.is_char_boundary(i) { i -= 1; }
            let mut j = (i + len).min(body.len());
            while !body.is_char_boundary(j) { j -= 1; }
            let mutated = format!("{}{insert}{}", &body[..i], &body[j..]);
            if let Some(got) = read(&mutated, 0..mutated.len()) {
                prop_assert_eq!(Some(got), through_toml(&mutated, 0..mutated.len()), "{:?}", mutated);
            }
        }
    }

    #[test]
    fn the_reader_takes_what_fmt_writes() {
        // Not a property: the generated corpus must mostly stay inside the subset,
        // or the properties above would test only the fallback.
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut read_n, mut total) = (0, 0);
        for _ in 0..200 {
            let entries = proptest::strategy::ValueTree::current(
                &proptest::collection::vec(entry(), 1..4).new_tree(&mut runner).unwrap(),
            );
            let (text, range) = canonical(entries);
            total += 1;
            read_n += usize::from(read(&text, range).is_some());
        }
        assert!(read_n * 4 >= total, "only {read_n} of {total} generated texts were read by the fast reader");
        // The shipped lists: their entries are read by this reader, and as TOML reads them.
        let mut shipped = 0;
        for (path, t) in crate::catalog::embedded_files() {
            let Some(at) = t.find("\n[[entries]]") else { continue };
            let range = at + 1..t.len();
            if let Some(got) = read(t, range.clone()) {
                assert_eq!(Some(got), through_toml(t, range), "{path}");
                shipped += 1;
            }
        }
        // Six shipped lists have entries; one has an `[[entries.covers]]` sub-table and a multi-line note.
        assert!(shipped >= 5, "only {shipped} shipped lists are read by the fast reader");
    }
}
