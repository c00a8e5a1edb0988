//! Regexes compiled on first use, behind a literal prefilter: the one way the
//! rule triggers ([`crate::rules::trigger`]) and the scope heuristics
//! ([`crate::heuristics`]) match their patterns.
//!
//! Compiling a Unicode-aware, case-insensitive regex costs far more than
//! matching it on one entry: before this module, compiling the embedded
//! heuristics was 93% of the instructions of `classify` on the 446-entry list
//! (callgrind; docs/src/benchmarks.md). So a [`LazyRegex`] first searches the
//! text for strings one of which every match must contain (read from the
//! pattern's `regex-syntax` tree: a literal of a concatenation, every branch
//! of an alternation; searched with Aho-Corasick), and compiles and runs the
//! regex only when one is there. A command therefore compiles only the patterns some text can
//! match, each once per process.
//!
//! Those strings (the pattern's *atoms*) are computed by the crate
//! `alljobs-textmatch`: at build time for every embedded pattern (build.rs
//! writes the table `EMBEDDED_ATOMS`; no embedded pattern is parsed unless
//! it is compiled), at run time for user files, by the same code. A set of
//! patterns read on one text (the scope heuristics' phrases, the patterns of
//! a rule set that read one field) is searched with one [`Prefilter`]: one
//! Aho-Corasick scan over the atoms of all of them, then only the patterns
//! whose atoms occur run.
//!
//! The texts searched are lower-cased (`normalize::Fold::Case`); the
//! prefilter relies on that only to leave out the upper-case variants of the
//! literals, which a lower-cased text cannot contain.
//!
//! Compiling is itself cut down: most of the cost of a pattern is its Unicode
//! classes (each `\w` is some 770 ranges of code points, about 2 million
//! instructions to compile). A regex only ever tests a class against the
//! characters of the text it searches, so for a text made only of the
//! characters of [`ALPHABET`] (ASCII, Latin-1 and Latin Extended-A, Cyrillic,
//! general punctuation, «№») the regex whose classes are cut to that alphabet
//! finds exactly what the whole regex finds; word boundaries (`\b`) read the
//! text itself and are unchanged. An embedded pattern is therefore compiled
//! in that small form (from the same syntax tree), and in its whole form only
//! when a text has a character outside the alphabet. A test compares the two
//! on every embedded pattern.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::{Regex, RegexBuilder};
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
use std::ops::Range;
use std::sync::OnceLock;

/// The compiled size limit of every pattern (4 MiB).
const SIZE_LIMIT: usize = 1 << 22;

/// The characters of the lists' texts: every text made only of these is
/// searched with the small form of a regex (classes cut to these ranges).
/// ASCII, Latin-1 and Latin Extended-A; Cyrillic and Cyrillic Supplement
/// (Russian, Kyrgyz); general punctuation (dashes, quotes, spaces); «№».
const ALPHABET: [(char, char); 4] =
    [('\0', '\u{17f}'), ('\u{400}', '\u{52f}'), ('\u{2000}', '\u{206f}'), ('\u{2116}', '\u{2116}')];

/// True when every character of `t` is in [`ALPHABET`].
fn in_alphabet(t: &str) -> bool {
    t.is_ascii() || t.chars().all(|c| ALPHABET.iter().any(|&(a, b)| a <= c && c <= b))
}

fn alphabet() -> &'static ClassUnicode {
    static A: OnceLock<ClassUnicode> = OnceLock::new();
    A.get_or_init(|| ClassUnicode::new(ALPHABET.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b))))
}

/// The syntax tree with every class cut to [`ALPHABET`]: on a text made of
/// the alphabet's characters it matches exactly what `h` matches.
fn cut_to_alphabet(h: &Hir) -> Hir {
    cut(h).unwrap_or_else(|| h.clone())
}

/// [`cut_to_alphabet`], or `None` when nothing in `h` reaches outside the
/// alphabet (then `h` itself is the small form, and nothing is rebuilt).
fn cut(h: &Hir) -> Option<Hir> {
    let inside = |r: &ClassUnicodeRange| ALPHABET.iter().any(|&(a, b)| a <= r.start() && r.end() <= b);
    match h.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            if c.ranges().iter().all(inside) {
                return None;
            }
            let mut c = c.clone();
            c.intersect(alphabet());
            Some(Hir::class(Class::Unicode(c)))
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => None,
        HirKind::Repetition(r) => {
            cut(&r.sub).map(|sub| Hir::repetition(hir::Repetition { sub: Box::new(sub), ..r.clone() }))
        }
        HirKind::Capture(c) => cut(&c.sub).map(|sub| Hir::capture(hir::Capture { sub: Box::new(sub), ..c.clone() })),
        HirKind::Concat(v) => cut_all(v).map(Hir::concat),
        HirKind::Alternation(v) => cut_all(v).map(Hir::alternation),
    }
}

fn cut_all(v: &[Hir]) -> Option<Vec<Hir>> {
    let cuts: Vec<Option<Hir>> = v.iter().map(cut).collect();
    if cuts.iter().all(Option::is_none) {
        return None;
    }
    Some(cuts.into_iter().zip(v).map(|(c, h)| c.unwrap_or_else(|| h.clone())).collect())
}

/// A case-insensitive regex, compiled on first use, with a literal prefilter.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    /// The whole regex: for texts outside [`ALPHABET`], and for patterns
    /// compiled when read (user files).
    regex: OnceLock<Regex>,
    /// Strings one of which every match contains (`None`: no such set).
    atoms: Option<Atoms>,
    /// A searcher for [`LazyRegex::atoms`], when the pattern is searched on its own (not in a [`Prefilter`]).
    searcher: OnceLock<Option<AhoCorasick>>,
    /// The pattern read once, for its small form.
    parsed: OnceLock<Parsed>,
    /// Whether texts in the alphabet use the small form (embedded patterns).
    small: bool,
}

#[derive(Debug)]
struct Parsed {
    /// The syntax tree (`None`: not parsed, or not to be cut; use the whole regex).
    hir: Option<Hir>,
    /// The tree cut to the alphabet, compiled on first use.
    regex: OnceLock<Option<meta::Regex>>,
    /// The same, as two regexes (see [`Split`]), compiled on first use.
    split: OnceLock<Option<Split>>,
}

/// A top-level alternation parted into the branches with a Unicode word
/// boundary (`\b`) and the others. A `\b` keeps the fast engine (the lazy
/// DFA) off a non-ASCII text, so the whole alternation would be searched
/// with the slow one; parted, the other branches keep the fast engine, and
/// the `\b` branches are searched only when their own literals occur.
///
/// Exact: the first match of an alternation starts where the earliest
/// branch match starts, and there it is the first branch (in order) that
/// matches. So the part whose match starts first gives the answer; when both
/// start at one place, the whole regex anchored there does.
#[derive(Debug)]
struct Split {
    plain: Part,
    bounded: Part,
}

#[derive(Debug)]
struct Part {
    atoms: Option<AhoCorasick>,
    regex: meta::Regex,
}

impl Part {
    fn find(&self, t: &str) -> Option<Range<usize>> {
        if self.atoms.as_ref().is_some_and(|ac| !ac.is_match(t)) {
            return None;
        }
        self.regex.find(t).map(|m| m.range())
    }
}

/// Whether a tree holds a Unicode word-boundary assertion.
fn has_unicode_word_boundary(h: &Hir) -> bool {
    use regex_syntax::hir::Look;
    match h.kind() {
        HirKind::Look(l) => matches!(
            l,
            Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode
        ),
        HirKind::Repetition(r) => has_unicode_word_boundary(&r.sub),
        HirKind::Capture(c) => has_unicode_word_boundary(&c.sub),
        HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().any(has_unicode_word_boundary),
        _ => false,
    }
}

/// [`Split`] for a tree, when it is an alternation with branches of both kinds.
fn split(h: &Hir) -> Option<Split> {
    let HirKind::Alternation(branches) = h.kind() else { return None };
    let (bounded, plain): (Vec<Hir>, Vec<Hir>) = branches.iter().cloned().partition(has_unicode_word_boundary);
    if bounded.is_empty() || plain.is_empty() {
        return None;
    }
    let part = |v: Vec<Hir>| {
        let h = Hir::alternation(v);
        Some(Part { atoms: atoms(&h), regex: compile_cut(&h)? })
    };
    Some(Split { plain: part(plain)?, bounded: part(bounded)? })
}

fn compile(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).case_insensitive(true).size_limit(SIZE_LIMIT).build()
}

/// The small form, built as `regex` builds the whole one (leftmost-first,
/// no empty match inside a character, the same size limit), but without the
/// regex's own literal prefilter: it is only run on texts where our atoms
/// occur (a prefilter changes the speed of a search, never its result), and
/// extracting it was half the cost of compiling (callgrind, `flag`).
fn compile_cut(h: &Hir) -> Option<meta::Regex> {
    let config = meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT)).utf8_empty(true).auto_prefilter(false);
    meta::Builder::new().configure(config).build_from_hir(&cut_to_alphabet(h)).ok()
}

/// A searcher for the atoms of a pattern (see [`alljobs_textmatch::atoms`]);
/// `None` when it has none (every text is searched).
fn atoms(hir: &Hir) -> Option<AhoCorasick> {
    AhoCorasick::new(alljobs_textmatch::atoms(hir)?).ok()
}

// The atoms of every embedded pattern, computed by build.rs with `alljobs_textmatch`.
include!(concat!(env!("OUT_DIR"), "/embedded_atoms.rs"));

/// The build-time atoms of an embedded pattern; `None` when `source` is not one.
fn embedded_atoms(source: &str) -> Option<Option<&'static [&'static str]>> {
    EMBEDDED_ATOMS.binary_search_by(|(s, _)| (*s).cmp(source)).ok().map(|i| EMBEDDED_ATOMS[i].1)
}

/// The atoms of a pattern: computed at build time (embedded patterns) or when read.
#[derive(Debug)]
enum Atoms {
    Embedded(&'static [&'static str]),
    Read(Vec<String>),
}

impl Atoms {
    fn of(source: &str) -> Option<Atoms> {
        match embedded_atoms(source) {
            Some(a) => a.map(Atoms::Embedded),
            None => alljobs_textmatch::atoms_of(source).map(Atoms::Read),
        }
    }
    fn strings(&self) -> Vec<&str> {
        match self {
            Atoms::Embedded(a) => a.to_vec(),
            Atoms::Read(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// A match of [`LazyRegex::captures_iter_unfiltered`]: the whole match and the named groups asked for.
pub(crate) struct Captured {
    pub(crate) whole: Range<usize>,
    pub(crate) groups: Vec<Option<Range<usize>>>,
}

/// The engine for one text: the small form, or the whole regex.
enum Engine<'a> {
    Small(&'a meta::Regex),
    Whole(&'a Regex),
}

impl LazyRegex {
    /// A pattern compiled on first use, for patterns known to compile (the
    /// embedded rules and heuristics, each compiled by a test: nothing is
    /// checked now, which is the point). The atoms of an embedded pattern
    /// were computed at build time.
    pub(crate) fn lazy(source: &str) -> LazyRegex {
        LazyRegex {
            source: source.to_string(),
            regex: OnceLock::new(),
            atoms: Atoms::of(source),
            searcher: OnceLock::new(),
            parsed: OnceLock::new(),
            small: true,
        }
    }

    /// A pattern compiled now, so that an error (also a size limit) is reported where it is written.
    pub(crate) fn compiled(source: &str) -> Result<LazyRegex, regex::Error> {
        let regex = OnceLock::new();
        let _ = regex.set(compile(source)?);
        Ok(LazyRegex {
            source: source.to_string(),
            regex,
            atoms: Atoms::of(source),
            searcher: OnceLock::new(),
            parsed: OnceLock::new(),
            small: false,
        })
    }

    /// The whole regex (compiled now if it is not yet).
    fn whole(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile(&self.source).expect("embedded patterns compile (tested); others are compiled when read")
        })
    }

    fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| {
            let hir = if self.small { alljobs_textmatch::parse(&self.source) } else { None };
            Parsed { hir, regex: OnceLock::new(), split: OnceLock::new() }
        })
    }

    /// The engine that finds in `t` exactly what the whole regex finds.
    fn engine(&self, t: &str) -> Engine<'_> {
        let p = self.parsed();
        if let Some(hir) = &p.hir
            && in_alphabet(t)
            && let Some(r) = p.regex.get_or_init(|| compile_cut(hir))
        {
            return Engine::Small(r);
        }
        Engine::Whole(self.whole())
    }

    /// False when a lower-cased text cannot contain a match (it holds none of the atoms).
    pub(crate) fn may_match(&self, lower: &str) -> bool {
        let searcher =
            self.searcher.get_or_init(|| self.atoms.as_ref().and_then(|a| AhoCorasick::new(a.strings()).ok()));
        searcher.as_ref().is_none_or(|ac| ac.is_match(lower))
    }

    /// The first match in a lower-cased text.
    pub(crate) fn find(&self, lower: &str) -> Option<Range<usize>> {
        if !self.may_match(lower) {
            return None;
        }
        self.find_unfiltered(lower)
    }

    /// [`LazyRegex::find`] without the prefilter: for a text a [`Prefilter`] said may match.
    pub(crate) fn find_unfiltered(&self, lower: &str) -> Option<Range<usize>> {
        let p = self.parsed();
        if let Some(hir) = &p.hir
            && in_alphabet(lower)
            && let Some(sp) = p.split.get_or_init(|| split(hir))
        {
            return match (sp.plain.find(lower), sp.bounded.find(lower)) {
                (None, x) | (x, None) => x,
                (Some(a), Some(b)) if a.start != b.start => Some(if a.start < b.start { a } else { b }),
                (Some(a), Some(_)) => {
                    // Both start here: the first branch in order that matches here.
                    match self.engine(lower) {
                        Engine::Small(r) => {
                            let input = Input::new(lower).range(a.start..).anchored(Anchored::Yes);
                            r.search(&input).map(|m| m.range())
                        }
                        Engine::Whole(r) => r.find(lower).map(|m| m.range()),
                    }
                }
            };
        }
        match self.engine(lower) {
            Engine::Small(r) => r.find(lower).map(|m| m.range()),
            Engine::Whole(r) => r.find(lower).map(|m| m.range()),
        }
    }

    /// Whether a lower-cased text holds a match.
    pub(crate) fn is_match(&self, lower: &str) -> bool {
        self.may_match(lower)
            && match self.engine(lower) {
                Engine::Small(r) => r.is_match(lower),
                Engine::Whole(r) => r.is_match(lower),
            }
    }

    /// Every non-overlapping match without the prefilter: for a text a [`Prefilter`] said may match.
    pub(crate) fn find_iter_unfiltered(&self, lower: &str) -> Vec<Range<usize>> {
        match self.engine(lower) {
            Engine::Small(r) => r.find_iter(lower).map(|m| m.range()).collect(),
            Engine::Whole(r) => r.find_iter(lower).map(|m| m.range()).collect(),
        }
    }

    /// Every non-overlapping match, left to right, with the named groups `names`,
    /// without the prefilter: for a text a [`Prefilter`] said may match.
    pub(crate) fn captures_iter_unfiltered(&self, lower: &str, names: &[&str]) -> Vec<Captured> {
        match self.engine(lower) {
            Engine::Small(r) => r
                .captures_iter(lower)
                .filter_map(|c| {
                    let whole = c.get_match()?.range();
                    Some(Captured {
                        whole,
                        groups: names.iter().map(|n| c.get_group_by_name(n).map(|s| s.range())).collect(),
                    })
                })
                .collect(),
            Engine::Whole(r) => r
                .captures_iter(lower)
                .map(|c| Captured {
                    whole: c.get(0).expect("group 0").range(),
                    groups: names.iter().map(|n| c.name(n).map(|m| m.range())).collect(),
                })
                .collect(),
        }
    }

    /// The atoms as a run-time computation gives them (tests: the build-time table agrees).
    #[cfg(test)]
    pub(crate) fn atoms_now(&self) -> (Option<Vec<String>>, Option<Vec<String>>) {
        let stored = self.atoms.as_ref().map(|a| a.strings().into_iter().map(String::from).collect());
        (stored, alljobs_textmatch::atoms_of(&self.source))
    }

    /// True when the atoms were computed at build time.
    #[cfg(test)]
    pub(crate) fn is_embedded(&self) -> bool {
        embedded_atoms(&self.source).is_some()
    }

    /// Compiles every form now (tests of the embedded patterns); true when both compiled.
    #[cfg(test)]
    pub(crate) fn force(&self) -> bool {
        let _ = self.whole();
        let p = self.parsed();
        let small = p.hir.as_ref().is_none_or(|hir| p.regex.get_or_init(|| compile_cut(hir)).is_some());
        self.is_compiled() && small
    }

    /// Compares the small form with the whole regex on texts (find, every
    /// match, every named group); `Err` names the first text where they differ.
    #[cfg(test)]
    pub(crate) fn agrees_on(&self, texts: &[&str]) -> Result<(), String> {
        let whole = self.whole();
        let names: Vec<&str> = whole.capture_names().flatten().collect();
        let p = self.parsed();
        let Some(small) = p.hir.as_ref().and_then(|hir| p.regex.get_or_init(|| compile_cut(hir)).as_ref()) else {
            return Ok(());
        };
        for t in texts.iter().filter(|t| in_alphabet(t)) {
            let a: Vec<_> = small
                .captures_iter(*t)
                .map(|c| {
                    let groups: Vec<_> = names.iter().map(|n| c.get_group_by_name(n).map(|s| s.range())).collect();
                    (c.get_match().map(|m| m.range()), groups)
                })
                .collect();
            let b: Vec<_> = whole
                .captures_iter(t)
                .map(|c| {
                    let groups: Vec<_> = names.iter().map(|n| c.name(n).map(|m| m.range())).collect();
                    (c.get(0).map(|m| m.range()), groups)
                })
                .collect();
            let found = self.find(t);
            if a != b || small.is_match(*t) != whole.is_match(t) || found != whole.find(t).map(|m| m.range()) {
                return Err(format!("{} on {t:?}: {a:?} != {b:?}", self.source));
            }
        }
        Ok(())
    }

    /// True once the whole regex has been compiled.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.regex.get().is_some()
    }

    /// True once some form of the regex has been compiled.
    #[cfg(test)]
    pub(crate) fn is_any_compiled(&self) -> bool {
        self.is_compiled() || self.parsed.get().is_some_and(|p| p.regex.get().is_some())
    }
}

/// One literal prefilter over a set of patterns (a heuristics file's phrases,
/// the patterns of a rule set that read one text field): one Aho-Corasick
/// scan of a text over the atoms of every pattern gives the patterns whose
/// atoms occur in it ([`Hits`]); only those can match, so only their regexes
/// run. The same answer, pattern by pattern, as [`LazyRegex::may_match`]:
/// every occurrence of every atom is reported (overlapping search), and a
/// pattern without atoms is always a candidate.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// Over the distinct atoms of the set; `None` when no pattern has atoms.
    searcher: Option<AhoCorasick>,
    /// For each atom (in the searcher's order), the patterns it belongs to.
    owners: Vec<Vec<usize>>,
    /// The patterns without atoms (always candidates), as [`Hits`] of no text.
    always: Hits,
}

/// The patterns of a [`Prefilter`] that may match one text (one bit each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hits(Vec<u64>);

impl Hits {
    fn none(n: usize) -> Hits {
        Hits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    /// Whether pattern `i` of the set may match the text (false: it cannot).
    pub(crate) fn may(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

impl Prefilter {
    /// The prefilter of these patterns, numbered in this order.
    pub(crate) fn new<'a>(patterns: impl IntoIterator<Item = &'a LazyRegex>) -> Prefilter {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut atoms: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut without: Vec<usize> = Vec::new();
        let mut n = 0;
        for (i, p) in patterns.into_iter().enumerate() {
            n = i + 1;
            let Some(a) = &p.atoms else {
                without.push(i);
                continue;
            };
            for s in a.strings() {
                let k = *index.entry(s).or_insert_with(|| {
                    atoms.push(s);
                    owners.push(Vec::new());
                    atoms.len() - 1
                });
                if owners[k].last() != Some(&i) {
                    owners[k].push(i);
                }
            }
        }
        let mut always = Hits::none(n);
        without.into_iter().for_each(|i| always.set(i));
        // Every atom is non-empty and the set small (at most `MAX_ATOMS` per pattern): it builds.
        // A contiguous NFA: a DFA scans a little faster but costs more to build than the scans of a list save.
        let build = || AhoCorasick::builder().kind(Some(AhoCorasickKind::ContiguousNFA)).build(&atoms);
        let searcher = (!atoms.is_empty()).then(|| build().expect("a small set of literals builds"));
        Prefilter { searcher, owners, always }
    }

    /// Checks the prefilter of `patterns` (those it was built from, in order)
    /// on texts: a pattern is a candidate exactly when its own prefilter says
    /// it may match, and a pattern left out has no match (whole regex);
    /// `Err` names the first text and pattern where this fails.
    #[cfg(test)]
    pub(crate) fn agrees_on(&self, patterns: &[&LazyRegex], texts: &[&str]) -> Result<(), String> {
        for t in texts {
            let hits = self.scan(t);
            for (i, p) in patterns.iter().enumerate() {
                if hits.may(i) != p.may_match(t) || (!hits.may(i) && p.whole().is_match(t)) {
                    return Err(format!("{} on {t:?}: candidate {}", p.source, hits.may(i)));
                }
            }
        }
        Ok(())
    }

    /// The patterns that may match a lower-cased text: those whose atoms occur in it, and those without atoms.
    pub(crate) fn scan(&self, lower: &str) -> Hits {
        let mut hits = self.always.clone();
        if let Some(ac) = &self.searcher {
            for m in ac.find_overlapping_iter(lower) {
                for &i in &self.owners[m.pattern().as_usize()] {
                    hits.set(i);
                }
            }
        }
        hits
    }
}

/// Every text of the shipped lists and of the scope corpus, normalised: what
/// the tests compare the small and the whole forms of the embedded patterns on.
#[cfg(test)]
pub(crate) fn corpus() -> Vec<String> {
    fn strings(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) => out.push(crate::normalize::normalize_with(s, crate::normalize::Fold::Case)),
            toml::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("readable directory").flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = vec![root.join("tests/fixtures/scope-corpus.toml")];
    files(&root.join("lists"), &mut paths);
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("readable corpus file");
        let table: toml::Table = toml::from_str(&text).expect("corpus files are TOML");
        strings(&toml::Value::Table(table), &mut out);
    }
    assert!(out.len() > 1000, "the corpus is read ({} texts)", out.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Fold, normalize_with};

    /// The prefilter never hides a match: on these texts, the prefiltered
    /// result is the plain regex's.
    #[test]
    fn prefilter_agrees_with_the_regex() {
        let patterns = [
            r"подземн\w*|шахт\w*|\bгорн(?:о[\w-]*|ая|ой)\b|underground|\bmining\b",
            r"\b[cс]\s?45\b|конвенци\w*\s+(?:мот\s+)?(?:№|n|no\.?)?\s*45\b",
            r"(?:кроме|за\s+исключением|except(?:ing)?)[^.;]{0,80}?(?:санитарн|managerial)\w*",
            r"(?P<n>\d+|[а-яөүң]+)\s+жашка\s+чейинки\s+балдар\w*",
            r"(?:женщин\w*,?\s+)?беременн\w*(?:\s+женщин\w*)?",
            r"ЖЕНЩИН|Women",
            r"(?P<n>\d+|три)\s+жашка\s+чейин\w*",
            r"\bгорн(?:о[\w-]*|ая|ой)\b",
            r"(?:в\s+течение\s+[^.;]{0,30}?\s+)?после\s+родов",
            r"massive|mass",
            r"\w+",
            r"",
            r"x|",
        ];
        let texts = [
            "Работы на ПОДЗЕМНЫХ горных работах",
            "Горная выработка; mining and Underground works",
            "ратифицирована конвенция № 45 и C 45",
            "Все работы, кроме санитарного обслуживания",
            "3 жашка чейинки балдары бар аялдар",
            "Труд ЖЕНЩИН и WOMEN, беременных женщин",
            "в течение года после родов; 3 жашка чейинки; mass",
            "",
            "ничего",
        ];
        for p in patterns {
            let lazy = LazyRegex::lazy(p);
            let plain = compile(p).unwrap();
            for t in texts {
                let t = normalize_with(t, Fold::Case);
                assert_eq!(lazy.find(&t), plain.find(&t).map(|m| m.range()), "{p} on {t}");
                assert_eq!(lazy.agrees_on(&[t.as_str()]), Ok(()));
            }
        }
    }

    /// One scan over the atoms of a set gives, pattern by pattern, what each
    /// pattern's own prefilter gives, and never leaves out a pattern that matches.
    #[test]
    fn a_set_prefilter_is_each_pattern_prefilter() {
        let sources = [
            r"подземн\w*|шахт\w*|\bгорн(?:о[\w-]*|ая|ой)\b|underground|\bmining\b",
            r"шахт\w*",
            r"\w+",
            r"ЖЕНЩИН|Women",
            r"(?:женщин\w*,?\s+)?беременн\w*(?:\s+женщин\w*)?",
            r"massive|mass",
            r"x|",
        ];
        let patterns: Vec<LazyRegex> = sources.iter().map(|p| LazyRegex::lazy(p)).collect();
        let refs: Vec<&LazyRegex> = patterns.iter().collect();
        let set = Prefilter::new(refs.iter().copied());
        let texts = ["шахта", "беременных женщин на подземных работах", "mass; massive", "ничего", "", "x"];
        let texts: Vec<String> = texts.iter().map(|t| normalize_with(t, Fold::Case)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(set.agrees_on(&refs, &texts), Ok(()));
        let hits = set.scan("шахта");
        assert_eq!((0..7).map(|i| hits.may(i)).collect::<Vec<_>>(), [true, true, true, false, false, false, true]);
        let corpus = corpus();
        let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
        assert_eq!(set.agrees_on(&refs, &corpus), Ok(()));
    }

    /// The atoms build.rs computed are those the run-time code computes, for
    /// every embedded pattern in the table.
    #[test]
    fn the_build_time_atoms_are_the_run_time_atoms() {
        assert!(EMBEDDED_ATOMS.len() > 100, "{}", EMBEDDED_ATOMS.len());
        assert!(EMBEDDED_ATOMS.windows(2).all(|w| w[0].0 < w[1].0), "sorted, distinct");
        for (source, atoms) in EMBEDDED_ATOMS {
            let now = alljobs_textmatch::atoms_of(source);
            let built = atoms.map(|a| a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(built, now, "{source}");
        }
        // A pattern that is not embedded gets its atoms at run time, by the same code.
        let r = LazyRegex::compiled(r"шахт\w*|рудник").unwrap();
        assert!(!r.is_embedded());
        let (stored, now) = r.atoms_now();
        assert!(stored.as_ref().is_some_and(|a| a.contains(&"рудник".to_string())), "{stored:?}");
        assert_eq!(stored, now);
    }

    #[test]
    fn a_text_without_the_literals_compiles_nothing() {
        let r = LazyRegex::lazy(r"подземн\w*|шахт\w*");
        assert!(r.find("машинист экскаватора").is_none());
        assert!(!r.is_any_compiled());
        let t = "на подземных работах";
        assert_eq!(r.find(t).map(|m| &t[m]), Some("подземных"));
        assert!(r.is_any_compiled());
        // A text in the alphabet needs only the small form.
        assert!(!r.is_compiled());
    }

    /// The small form (classes cut to the alphabet) finds what the whole regex
    /// finds; a text with a character outside the alphabet is searched with
    /// the whole regex, where `\w` also takes that character.
    #[test]
    fn the_small_form_is_the_whole_regex_on_the_alphabet() {
        let r = LazyRegex::lazy(r"шахт\w*|\bгорн\w*\b|[^.;]{0,3}?кроме");
        for t in ["шахтный; горные работы", "шахтёр", "шахтa\u{300}б", "x\u{0}кроме", "горн\u{2003}кроме"]
        {
            assert_eq!(r.agrees_on(&[t]), Ok(()), "{t}");
        }
        let r = LazyRegex::lazy(r"шахт\w*|\bгорн\w*\b|[^.;]{0,3}?кроме");
        assert_eq!(r.find("шахтный; горные работы"), Some(0..14));
        assert!(!r.is_compiled(), "a text in the alphabet needs only the small form");
        let t = "шахт中文 работы";
        assert_eq!(r.find(t).map(|m| &t[m]), Some("шахт中文"));
        assert!(r.is_compiled(), "a character outside the alphabet takes the whole regex");
        assert!(!in_alphabet(t) && in_alphabet("Шахта «№ 5» — горные работы; mining, über"));
    }

    /// An alternation parted at its `\\b` branches finds what the whole one
    /// finds, also when a plain and a bounded branch match at one place.
    #[test]
    fn a_parted_alternation_is_the_whole_one() {
        let r = LazyRegex::lazy(r"горн\w*|\bгорный\b|шахт\w*|\bшахта|\bлес\b|лесо\w*");
        let texts = ["горный цех", "в шахте", "шахта", "лесоповал и лес", "лес", "подгорный", "нет"];
        assert_eq!(r.agrees_on(&texts), Ok(()));
        assert!(r.parsed().split.get().is_some_and(Option::is_some), "the alternation is parted");
        let t = "шахта";
        assert_eq!(r.find(t).map(|m| &t[m]), Some("шахта"));
    }

    #[test]
    fn errors() {
        assert!(LazyRegex::compiled("a(").is_err());
        assert!(LazyRegex::compiled("(").is_err());
    }
}
