//! The matcher: which entry of an older version corresponds to which entry of
//! a newer one.
//!
//! Steps, in this order (each works only on the entries still unmatched):
//!
//! 1. **replaces** — an entry of the newer list names, in `replaces`, ids of
//!    the older list. One old ↔ one new is a pair; one old → several new is a
//!    split; several old → one new is a merge (a tangle of several old and
//!    several new is reported as one merge). A `replaces` whose texts share
//!    almost nothing ([`LOW_SIMILARITY`]) is kept but gets a warning and low
//!    confidence, unless the entry gives a `replaces_reason`. An old entry named
//!    in `replaces` that is kept, word for word, in the newer list is paired with
//!    its twin; the replacing entry is then matched on its own (with a warning).
//! 2. **id** — only when both lists declare stable ids ([`MatchOptions::stable_ids`]):
//!    the same entry id. An id pair whose texts share almost nothing is not
//!    paired (warning: "id reused for a different entry?"). When the two texts
//!    differ and either entry has an entry of identical text on the other side,
//!    the id pair waits until after step 3.
//! 3. **text** — the same `match_key` of title + condition (the *anchors*).
//!    Duplicates pair in order, those in the same section first.
//! 4. **alignment** — a similarity score (see [`Prepared::similarity`]) computed
//!    only for the candidate pairs found by [`candidate_pairs`] (entries that
//!    share a word stem that is not too frequent). A pair whose titles share
//!    almost nothing ([`TITLE_MIN`]) has its score halved (two professions with
//!    the same condition are not one entry). Each pair's rank adds small bonuses
//!    for the same section, the same condition and for lying *in order* between
//!    the anchors around it (official lists keep their relative order); each
//!    entry keeps its [`PRUNE_K`] best candidates. The candidate graph is cut into
//!    connected components and each gets a globally optimal one-to-one
//!    assignment (Hungarian method, `pathfinding::kuhn_munkres`) maximising the
//!    ranks' margins over the threshold; a component larger than
//!    [`HUNGARIAN_MAX`] falls back to greedy by rank.
//! 5. **coverage** — splits and merges: an old entry (unmatched, or matched by
//!    id or fuzzily) whose words are covered by several new entries, each
//!    mostly contained in it (or the reverse, for a merge). See
//!    [`PIECE_MIN`], [`TITLED_PIECE_MIN`], [`COVER_MIN`], [`GAIN_MIN`].
//!
//! Every pair then gets its score components ([`Scores`]) and a confidence
//! ([`MatchConfidence`]). Every step is deterministic and treats the two sides
//! alike, so swapping the lists swaps splits and merges, additions and removals.
//! The result is the pairs, the groups and (implicitly) the unmatched entries of
//! each side: a later pass (e.g. coverage of a removed entry by a broader one)
//! may work on [`Matching::unmatched_old`] / [`Matching::unmatched_new`].

use crate::normalize::{is_content_word, match_key, simple_key, stem};
use crate::par::{PAR_MIN, par_map};
use fnv::{FnvHashMap, FnvHashSet};
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The default threshold of the fuzzy step: a pair scoring below it is not matched.
///
/// 0.55 matches rewordings that keep the profession and change some words or
/// the condition ("машинист бульдозера" → "машинист бульдозера, занятый на
/// горных работах" scores 0.64 among a dozen professions), while two
/// professions that share only a word ("машинист автогрейдера" / "машинист
/// бульдозера": 0.47) score below it. Scores depend a little on the lists (word
/// weights are inverse document frequencies).
pub const DEFAULT_THRESHOLD: f64 = 0.55;

/// Texts scoring below this "share almost nothing" — unless the shorter shares
/// [`SHARED_TRIGRAMS_MIN`] of its trigrams with the other (see
/// [`shares_almost_nothing`]): a stable id pair this dissimilar is not paired, a
/// `replaces` pair gets a warning and low confidence, and the CI policy
/// (`ci::replaces_unexplained`) counts an unexplained `replaces` pair as a new
/// entry and a removed one. One bar for all three.
pub const LOW_SIMILARITY: f64 = 0.3;

/// See [`LOW_SIMILARITY`]: a text this much of whose trigrams are in the other
/// shares something even when its score is low ("сварщик" in "электросварщик").
pub const SHARED_TRIGRAMS_MIN: f64 = 0.5;

/// True when two texts "share almost nothing": a similarity below
/// [`LOW_SIMILARITY`] and (when known) less than [`SHARED_TRIGRAMS_MIN`] of the
/// shorter text's trigrams in the other ("сварщик" → "электросварщик ручной
/// сварки" shares them; "кессонщик" → "водитель городского автобуса" does not).
/// The diff's matcher and the CI policy both decide with this.
pub fn shares_almost_nothing(similarity: f64, shared_trigrams: Option<f64>) -> bool {
    similarity < LOW_SIMILARITY && shared_trigrams.is_none_or(|t| t < SHARED_TRIGRAMS_MIN)
}

/// Titles (the profession, without the condition) scoring below this are
/// different professions: the pair's fuzzy score is halved.
pub const TITLE_MIN: f64 = 0.3;

/// Each entry keeps at most this many candidates (by rank) for the assignment.
pub const PRUNE_K: usize = 6;

/// A connected component of candidates with more entries than this on its
/// smaller side is assigned greedily by rank instead of by the Hungarian method.
pub const HUNGARIAN_MAX: usize = 200;

/// A fuzzy pair whose entries have another candidate ranked within this much
/// is "ambiguous": its confidence drops one level.
pub const AMBIGUITY: f64 = 0.03;

/// A word stem found in more than this many of the entries being matched is
/// not used for candidate blocking (it still counts in the score). It bounds
/// the candidate pairs of each entry, so the cost grows linearly with the lists.
pub const MAX_POSTING: usize = 100;

/// Split/merge: a piece must have at least this share of its (weighted) words
/// in the entry it was split from.
pub const PIECE_MIN: f64 = 0.6;
/// Split/merge: a piece with the very title of the entry it was split from (the
/// same profession, another condition) needs only this share of its words in
/// it, so that a piece whose condition was also reworded ("занятый на
/// буровзрывных работах" → "при производстве буровзрывных работ в карьерах")
/// still counts as a piece rather than an added entry. Such a piece must be in
/// the entry's section and bring words of its own: at least [`GAIN_MIN`] of the
/// entry's (weighted) words that no other piece covers.
pub const TITLED_PIECE_MIN: f64 = 0.4;
/// Split/merge: the pieces together must cover at least this share of the
/// (weighted) words of the entry they were split from.
pub const COVER_MIN: f64 = 0.7;
/// Split/merge: the pieces must cover at least this much more than the best
/// single piece (or than the entry's one-to-one partner) alone.
pub const GAIN_MIN: f64 = 0.15;

/// One entry as the matcher sees it.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// The entry id.
    pub id: String,
    /// Title and condition in the language of the comparison.
    pub text: String,
    /// The title alone (empty: not known; the title check is then skipped).
    pub title: String,
    /// The condition alone.
    pub condition: String,
    /// The number as printed.
    pub number: Option<String>,
    /// What identifies the entry's section across versions (its title's key, or its id).
    pub section: Option<String>,
    /// Ids of older entries this entry replaces.
    pub replaces: Vec<String>,
    /// A reviewer gave a reason for `replaces` (`replaces_reason`).
    pub replaces_reason: bool,
}

/// Options of [`match_items`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchOptions {
    /// The fuzzy step's minimum score.
    pub threshold: f64,
    /// Both lists declare stable ids (`list.ids = "stable"`), or one is an
    /// overlay of the other: the same id is the same entry (step 2). Otherwise
    /// ids are derived from numbering and count only as a tiny positional hint.
    pub stable_ids: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions { threshold: DEFAULT_THRESHOLD, stable_ids: false }
    }
}

/// How a correspondence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    /// `replaces` in the newer list.
    Replaces,
    /// The same stable id.
    Id,
    /// The same normalised text.
    Text,
    /// Similar text above the threshold (optimal assignment).
    Fuzzy,
    /// Word coverage (split or merge).
    Coverage,
    /// A general clause of the newer list covers the old entry (`covers`; see [`crate::Coverage`]).
    Covers,
}

/// How sure the matcher is that a pair (or group) is one entry in two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MatchConfidence {
    /// Check this pair: it may be two unrelated entries.
    Low,
    /// A likely pair.
    Medium,
    /// A certain or near-certain pair (same id, same text, `replaces`).
    High,
}

impl MatchConfidence {
    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchConfidence::Low => "low",
            MatchConfidence::Medium => "medium",
            MatchConfidence::High => "high",
        }
    }
    fn down(self) -> MatchConfidence {
        match self {
            MatchConfidence::High => MatchConfidence::Medium,
            _ => MatchConfidence::Low,
        }
    }
}

impl std::str::FromStr for MatchConfidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(MatchConfidence::Low),
            "medium" => Ok(MatchConfidence::Medium),
            "high" => Ok(MatchConfidence::High),
            _ => Err(format!("`{s}` is not a confidence; expected low, medium or high")),
        }
    }
}

impl std::fmt::Display for MatchConfidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The components behind a pair's similarity, for the reader who checks it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Scores {
    /// The similarity (0–1): `0.35 × trigram + 0.45 × words + 0.2 × overlap`.
    pub similarity: f64,
    /// Character-trigram Dice of the texts.
    pub trigram: f64,
    /// Weighted word-stem Dice of the texts.
    pub words: f64,
    /// Weighted word-stem overlap (shared weight over the smaller side).
    pub overlap: f64,
    /// Share of the shorter text's character trigrams found in the other (0–1;
    /// see [`shares_almost_nothing`]).
    pub shared_trigrams: f64,
    /// Similarity of the titles alone (null when a title is not known).
    pub title: Option<f64>,
    /// Both entries are in the same section.
    pub same_section: bool,
    /// The conditions are the same.
    pub same_condition: bool,
    /// The pair keeps its place between its neighbours' pairs on both sides.
    pub in_order: bool,
}

/// One old entry matched to one new entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Index of the old entry.
    pub old: usize,
    /// Index of the new entry.
    pub new: usize,
    /// How the pair was found.
    pub by: MatchedBy,
    /// Similarity of the two texts, 0–1.
    pub score: f64,
    /// The parts of the similarity.
    pub scores: Scores,
    /// How sure the pairing is.
    pub confidence: MatchConfidence,
}

/// Whether a group is a split or a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// One old entry became several new ones.
    Split,
    /// Several old entries became one new one.
    Merge,
}

/// A split or a merge.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// A split or a merge.
    pub kind: GroupKind,
    /// Indices of the old entries.
    pub old: Vec<usize>,
    /// Indices of the new entries.
    pub new: Vec<usize>,
    /// How the group was found.
    pub by: MatchedBy,
    /// Share of the single side's words covered by the other side, 0–1.
    pub score: f64,
    /// How sure the grouping is.
    pub confidence: MatchConfidence,
}

/// The outcome of matching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matching {
    /// One-to-one correspondences, in old order.
    pub pairs: Vec<Pair>,
    /// Splits and merges.
    pub groups: Vec<Group>,
    /// Problems found on the way (e.g. `replaces` naming an id that is not in the old list).
    pub warnings: Vec<String>,
    /// Number of entries of each side (for the unmatched sides).
    pub sizes: (usize, usize),
}

impl Matching {
    fn used(&self) -> (Vec<bool>, Vec<bool>) {
        let (mut o, mut n) = (vec![false; self.sizes.0], vec![false; self.sizes.1]);
        for p in &self.pairs {
            o[p.old] = true;
            n[p.new] = true;
        }
        for g in &self.groups {
            g.old.iter().for_each(|&i| o[i] = true);
            g.new.iter().for_each(|&j| n[j] = true);
        }
        (o, n)
    }
    /// Old entries in no pair or group (removed, unless a later pass finds them).
    pub fn unmatched_old(&self) -> Vec<usize> {
        self.used().0.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| i).collect()
    }
    /// New entries in no pair or group (added, unless a later pass finds them).
    pub fn unmatched_new(&self) -> Vec<usize> {
        self.used().1.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| i).collect()
    }
}

/// The features of one entry used for similarity.
#[derive(Debug, Clone, Default)]
struct Features {
    key: String,
    cond_key: String,
    /// Interned content stems, sorted, unique.
    stems: Vec<u32>,
    /// Interned trigrams, sorted, unique.
    tri: Vec<u32>,
    /// Sum of the weights of `stems`.
    wsum: f64,
    /// The title's content stems and trigrams (sorted, unique; empty when the title is not known).
    title_stems: Vec<u32>,
    title_tri: Vec<u32>,
    title_wsum: f64,
}

/// Both lists' entries with their features and the word weights, ready for matching.
#[derive(Debug, Clone)]
pub struct Prepared {
    old: SideFeatures,
    new: SideFeatures,
    /// Weight of each interned stem (inverse document frequency over both lists).
    weights: Vec<f64>,
}

/// The features of one list's entries: entries of the same title, condition and
/// text (most entries of two versions of a list) share one [`Features`].
#[derive(Debug, Clone)]
struct SideFeatures {
    feats: std::sync::Arc<[Features]>,
    /// Index into `feats` of each entry.
    idx: Vec<u32>,
}

impl SideFeatures {
    fn len(&self) -> usize {
        self.idx.len()
    }
    fn get(&self, i: usize) -> Option<&Features> {
        self.idx.get(i).map(|&k| &self.feats[k as usize])
    }
    fn iter(&self) -> impl Iterator<Item = &Features> {
        self.idx.iter().map(|&k| &self.feats[k as usize])
    }
}

impl std::ops::Index<usize> for SideFeatures {
    type Output = Features;
    fn index(&self, i: usize) -> &Features {
        &self.feats[self.idx[i] as usize]
    }
}

/// Ids for strings, assigned in sorted order of the strings, so that the ids
/// (and every sum taken in id order) do not depend on which list came first.
///
/// Built in two passes: [`Interner::provisional`] numbers each string on first
/// sight (one hash per occurrence; a copy of each distinct string is kept),
/// [`Interner::finish`] sorts the distinct strings and gives the table from
/// provisional to final ids.
struct Interner {
    ids: FnvHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    fn new() -> Interner {
        Interner { ids: FnvHashMap::default(), strings: Vec::new() }
    }
    /// The provisional id of `s` (numbered on first sight).
    fn provisional(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.ids.insert(s.into(), id);
        self.strings.push(s.into());
        id
    }
    /// The provisional id of `s` if it was seen, without numbering it.
    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
    /// Final id of each provisional id: the rank of its string in sorted order.
    fn finish(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.strings.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.strings[a as usize].cmp(&self.strings[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &p) in order.iter().enumerate() {
            rank[p as usize] = r as u32;
        }
        rank
    }
}

/// `key` with every word between spaces and one space between words doubled:
/// " машинист  бульдозера ", so that each padded word " w " is a substring.
fn padded_key(key: &str) -> String {
    let mut p = String::with_capacity(key.len() * 2 + 2);
    p.push(' ');
    for (i, w) in key.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            p.push_str("  ");
        }
        p.push_str(w);
    }
    p.push(' ');
    p
}

/// The character trigrams of every padded word of a [`padded_key`], in order.
#[cfg(test)]
fn trigram_slices(padded: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(padded.len() / 2);
    trigram_slices_into(padded, &mut out);
    out
}

/// [`trigram_slices`] appended to `out`.
#[cfg(test)]
fn trigram_slices_into<'a>(padded: &'a str, out: &mut Vec<&'a str>) {
    each_trigram(padded, |t| out.push(t));
}

/// Calls `f` on every trigram of a [`padded_key`] (or of one padded word " w "),
/// in order: every window of three characters that holds no double space (a
/// padded word is " w ", words are two spaces apart).
fn each_trigram<'a>(padded: &'a str, mut f: impl FnMut(&'a str)) {
    // Byte offsets of the last three characters seen.
    let mut at = [0usize; 3];
    let mut prev_space = [false; 3];
    // (only the first of `at` and the middle of `prev_space` are read)
    for (n, (k, c)) in padded.char_indices().enumerate() {
        at = [at[1], at[2], k];
        prev_space = [prev_space[1], prev_space[2], c == ' '];
        // A window inside one padded word " w ": its middle character is no
        // space (words are two spaces apart, so "w  " and "  w" are not windows).
        if n >= 2 && !prev_space[1] {
            f(&padded[at[0]..k + c.len_utf8()]);
        }
    }
}

/// Calls `f` on every padded word " w " of a [`padded_key`] (a slice of it), in order.
fn padded_words<'a>(padded: &'a str, mut f: impl FnMut(&'a str)) {
    // `padded` is " w1  w2 … wn ": the words of its inner part are two spaces apart.
    let inner = padded.get(1..padded.len().saturating_sub(1)).unwrap_or("");
    let mut at = 0;
    for w in inner.split("  ") {
        if !w.is_empty() {
            f(&padded[at..at + w.len() + 2]);
        }
        at += w.len() + 2;
    }
}

/// The keys of an entry: text, condition and title. A text that is "title,
/// condition" (as the diff builds it) is keyed from the other two when they take
/// the fast path of `match_key` (the same key, one normalisation fewer).
fn entry_keys(it: &Item) -> (String, String, String) {
    let (t, c) = (it.title.trim(), it.condition.trim());
    let (tk, ck) = (simple_key(t), simple_key(c));
    let composed = if c.is_empty() {
        it.text == t
    } else {
        it.text.len() == t.len() + 2 + c.len()
            && it.text.starts_with(t)
            && it.text.ends_with(c)
            && it.text.get(t.len()..t.len() + 2) == Some(", ")
    };
    let key = match (&tk, &ck) {
        (Some(a), Some(b)) if composed => match (a.is_empty(), b.is_empty()) {
            (false, false) => {
                let mut k = String::with_capacity(a.len() + 1 + b.len());
                k.push_str(a);
                k.push(' ');
                k.push_str(b);
                k
            }
            (true, _) => b.clone(),
            (false, true) => a.clone(),
        },
        _ => match_key(&it.text),
    };
    let title_key = tk.unwrap_or_else(|| match_key(&it.title));
    (key, ck.unwrap_or_else(|| match_key(&it.condition)), title_key)
}

/// One distinct padded word of the texts: its stem (content words only) and the
/// range of its trigrams in a shared table (ids provisional, then final).
struct WordFeat {
    stem: Option<u32>,
    tri: std::ops::Range<usize>,
}

impl Prepared {
    /// Computes the features of every entry of both lists.
    pub fn new(old: &[Item], new: &[Item]) -> Prepared {
        let n_old = old.len();
        // Entries of the same title, condition and text have the same features:
        // each is computed once (`distinct[d]` is the first entry with it).
        // Keys of whole texts: FxHash reads eight bytes at a step (FNV one).
        let mut seen: FxHashMap<(&str, &str, &str), u32> =
            FxHashMap::with_capacity_and_hasher(old.len() + new.len(), Default::default());
        let mut distinct: Vec<&Item> = Vec::new();
        let idx: Vec<u32> = old
            .iter()
            .chain(new.iter())
            .map(|it| {
                *seen.entry((it.title.as_str(), it.condition.as_str(), it.text.as_str())).or_insert_with(|| {
                    distinct.push(it);
                    (distinct.len() - 1) as u32
                })
            })
            .collect();
        drop(seen);
        let total = distinct.len();
        // Keys of text, condition and title (see `entry_keys`).
        let mut keys: Vec<(String, String, String)> = par_map(total, PAR_MIN, |k| entry_keys(distinct[k]));
        // Each distinct word (as a padded word " w " of `padded_key`, whose
        // trigrams are those of `trigrams(key)`) is stemmed and cut into
        // trigrams once; canonical ids for stems and trigrams follow.
        let mut words: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut infos: Vec<WordFeat> = Vec::new();
        let mut word_tri: Vec<u32> = Vec::new();
        let mut stems = Interner::new();
        let mut tris = Interner::new();
        let mut entry_words: Vec<Vec<u32>> = Vec::with_capacity(total);
        for (key, _, _) in &keys {
            let pad = padded_key(key);
            let mut ws: Vec<u32> = Vec::new();
            padded_words(&pad, |pw| {
                let id = match words.get(pw) {
                    Some(&id) => id,
                    None => {
                        let id = infos.len() as u32;
                        words.insert(pw.into(), id);
                        let w = &pw[1..pw.len() - 1];
                        let stem = is_content_word(w).then(|| stems.provisional(stem(w)));
                        let start = word_tri.len();
                        each_trigram(pw, |t| word_tri.push(tris.provisional(t)));
                        infos.push(WordFeat { stem, tri: start..word_tri.len() });
                        id
                    }
                };
                ws.push(id);
            });
            entry_words.push(ws);
        }
        let (stem_rank, tri_rank) = (stems.finish(), tris.finish());
        for w in &mut infos {
            w.stem = w.stem.map(|s| stem_rank[s as usize]);
        }
        for t in &mut word_tri {
            *t = tri_rank[*t as usize];
        }
        let sorted = |mut v: Vec<u32>| -> Vec<u32> {
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut feats: Vec<Features> = par_map(total, PAR_MIN, |k| {
            let ws = &entry_words[k];
            let st: Vec<u32> = ws.iter().filter_map(|&w| infos[w as usize].stem).collect();
            let tr: Vec<u32> =
                ws.iter().flat_map(|&w| word_tri[infos[w as usize].tri.clone()].iter().copied()).collect();
            // The titles' words are words of the texts (text = title, condition): their
            // stems and trigrams are mostly known already; any other is left out.
            let (mut ts, mut tt): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
            let tpad = padded_key(&keys[k].2);
            padded_words(&tpad, |pw| match words.get(pw) {
                Some(&w) => {
                    let info = &infos[w as usize];
                    ts.extend(info.stem);
                    tt.extend_from_slice(&word_tri[info.tri.clone()]);
                }
                None => {
                    let w = &pw[1..pw.len() - 1];
                    if is_content_word(w) {
                        ts.extend(stems.get(stem(w)).map(|s| stem_rank[s as usize]));
                    }
                    each_trigram(pw, |t| tt.extend(tris.get(t).map(|t| tri_rank[t as usize])));
                }
            });
            Features {
                key: String::new(),
                cond_key: String::new(),
                stems: sorted(st),
                tri: sorted(tr),
                wsum: 0.0,
                title_stems: sorted(ts),
                title_tri: sorted(tt),
                title_wsum: 0.0,
            }
        });
        drop((words, entry_words, infos, word_tri, stems, tris));
        for (f, (key, cond_key, _)) in feats.iter_mut().zip(keys.iter_mut()) {
            f.key = std::mem::take(key);
            f.cond_key = std::mem::take(cond_key);
        }
        drop(keys);
        // Document frequencies count every entry of both lists.
        let mut df = vec![0u32; stem_rank.len()];
        for &k in &idx {
            for &s in &feats[k as usize].stems {
                df[s as usize] += 1;
            }
        }
        let n = idx.len().max(1) as f64;
        let weights: Vec<f64> = df.iter().map(|&d| (1.0 + n / f64::from(d.max(1))).ln()).collect();
        for f in &mut feats {
            f.wsum = f.stems.iter().map(|&s| weights[s as usize]).sum();
            f.title_wsum = f.title_stems.iter().map(|&s| weights[s as usize]).sum();
        }
        let feats: std::sync::Arc<[Features]> = feats.into();
        let mut idx = idx;
        let new_idx = idx.split_off(n_old);
        Prepared { old: SideFeatures { feats: feats.clone(), idx }, new: SideFeatures { feats, idx: new_idx }, weights }
    }

    fn winter(&self, a: &[u32], b: &[u32]) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    sum += self.weights[a[i] as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Similarity of old entry `i` and new entry `j`, 0–1:
    /// `0.35 × trigram Dice + 0.45 × weighted word Dice + 0.2 × weighted word overlap`.
    ///
    /// Words are compared by stem (first five characters) and weighted by
    /// inverse document frequency over both lists, so a shared rare word
    /// ("бульдозера") counts more than a shared common one ("работах").
    /// The overlap coefficient (shared weight over the smaller side) rewards an
    /// entry whose text was extended or cut ("сварщик" → "сварщик ручной сварки").
    /// The score is symmetric: `similarity(i, j)` of `diff(a, b)` equals that
    /// of `(j, i)` in `diff(b, a)`.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (a, b) = (&self.old[i], &self.new[j]);
        self.score(a, b)
    }

    fn score(&self, a: &Features, b: &Features) -> f64 {
        if a.key == b.key {
            return 1.0;
        }
        self.parts(a, b).0
    }

    /// The similarity of two texts and its parts: (similarity, trigram Dice,
    /// weighted word Dice, weighted word overlap).
    fn parts(&self, a: &Features, b: &Features) -> (f64, f64, f64, f64) {
        let tri = dice_count(&a.tri, &b.tri);
        let inter = self.winter(&a.stems, &b.stems);
        let total = a.wsum + b.wsum;
        let wdice = if total > 0.0 { 2.0 * inter / total } else { 0.0 };
        let small = a.wsum.min(b.wsum);
        let overlap = if small > 0.0 { inter / small } else { 0.0 };
        let similarity = if a.key == b.key { 1.0 } else { (0.35 * tri + 0.45 * wdice + 0.2 * overlap).clamp(0.0, 1.0) };
        (similarity, tri, wdice, overlap)
    }

    /// The text components of the score (the flags of [`Scores`] are left false).
    fn components(&self, a: &Features, b: &Features) -> Scores {
        let (similarity, tri, wdice, overlap) = self.parts(a, b);
        Scores {
            similarity,
            trigram: tri,
            words: wdice,
            overlap,
            shared_trigrams: shared_trigrams(&a.tri, &b.tri),
            title: self.title_sim(a, b),
            ..Scores::default()
        }
    }

    /// Similarity of the titles alone (`0.5 × trigram Dice + 0.5 × weighted word
    /// Dice`); `None` when either title is not known.
    fn title_sim(&self, a: &Features, b: &Features) -> Option<f64> {
        if a.title_tri.is_empty() || b.title_tri.is_empty() {
            return None;
        }
        let tri = dice_count(&a.title_tri, &b.title_tri);
        let total = a.title_wsum + b.title_wsum;
        let w = if total > 0.0 { 2.0 * self.winter(&a.title_stems, &b.title_stems) / total } else { 0.0 };
        Some(0.5 * tri + 0.5 * w)
    }

    /// True when old entry `i` and new entry `j` "share almost nothing"
    /// ([`shares_almost_nothing`]).
    pub fn shares_little(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.old[i], &self.new[j]);
        shares_almost_nothing(self.score(a, b), Some(shared_trigrams(&a.tri, &b.tri)))
    }

    /// The score components of old entry `i` and new entry `j`.
    pub fn scores(&self, i: usize, j: usize) -> Scores {
        self.components(&self.old[i], &self.new[j])
    }

    /// Weighted share of `anchor`'s stems found in `pieces` (union).
    fn coverage(&self, anchor: &Features, pieces: &[&Features]) -> f64 {
        if anchor.wsum <= 0.0 {
            return 0.0;
        }
        let mut covered = 0.0;
        for &s in &anchor.stems {
            if pieces.iter().any(|p| p.stems.binary_search(&s).is_ok()) {
                covered += self.weights[s as usize];
            }
        }
        covered / anchor.wsum
    }

    /// Weighted share of `piece`'s stems found in `anchor`.
    fn containment(&self, piece: &Features, anchor: &Features) -> f64 {
        if piece.wsum <= 0.0 {
            return 0.0;
        }
        self.winter(&piece.stems, &anchor.stems) / piece.wsum
    }

    /// Weighted share of old entry `i`'s words covered by the new entries `js` (a split's score).
    pub fn split_score(&self, i: usize, js: &[usize]) -> f64 {
        let pieces: Vec<&Features> = js.iter().filter_map(|&j| self.new.get(j)).collect();
        self.old.get(i).map_or(0.0, |a| self.coverage(a, &pieces))
    }

    /// Weighted share of new entry `j`'s words covered by the old entries `is` (a merge's score).
    pub fn merge_score(&self, is: &[usize], j: usize) -> f64 {
        let pieces: Vec<&Features> = is.iter().filter_map(|&i| self.old.get(i)).collect();
        self.new.get(j).map_or(0.0, |a| self.coverage(a, &pieces))
    }
}

/// Share of the smaller of two sorted trigram sets found in the other (0 when either is empty).
fn shared_trigrams(a: &[u32], b: &[u32]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    let shared = dice_count(a, b) * (a.len() + b.len()) as f64 / 2.0;
    shared / small as f64
}

fn dice_count(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut n) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * n as f64 / (a.len() + b.len()) as f64
}

/// The candidate pairs of the blocking step, and how much work finding them took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocking {
    /// (old index, new index), sorted.
    pub pairs: Vec<(usize, usize)>,
    /// Posting-list items visited (the work done).
    pub postings_visited: usize,
}

/// Candidate pairs between the old entries `olds` and the new entries `news`
/// (indices into the prepared lists): the pairs that share a content stem
/// found in at most [`MAX_POSTING`] of these entries (both sides counted, so
/// the result is symmetric). Each entry has at most `stems × MAX_POSTING`
/// candidates, so the number of pairs grows linearly, not as `olds × news`.
pub fn candidate_pairs(p: &Prepared, olds: &[usize], news: &[usize]) -> Blocking {
    let mut df: FnvHashMap<u32, usize> = FnvHashMap::default();
    for &i in olds {
        for &s in &p.old[i].stems {
            *df.entry(s).or_default() += 1;
        }
    }
    for &j in news {
        for &s in &p.new[j].stems {
            *df.entry(s).or_default() += 1;
        }
    }
    let mut index: FnvHashMap<u32, Vec<usize>> = FnvHashMap::default();
    for &j in news {
        for &s in &p.new[j].stems {
            if df.get(&s).copied().unwrap_or(0) <= MAX_POSTING {
                index.entry(s).or_default().push(j);
            }
        }
    }
    let mut out = Blocking::default();
    let mut stamp = vec![usize::MAX; p.new.len()];
    for &i in olds {
        let mut js = Vec::new();
        for s in &p.old[i].stems {
            if let Some(post) = index.get(s) {
                out.postings_visited += post.len();
                for &j in post {
                    if stamp[j] != i {
                        stamp[j] = i;
                        js.push(j);
                    }
                }
            }
        }
        js.sort_unstable();
        out.pairs.extend(js.into_iter().map(|j| (i, j)));
    }
    out
}

/// Which side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Old,
    New,
}

struct State<'a> {
    old: &'a [Item],
    new: &'a [Item],
    p: Prepared,
    old_partner: Vec<Option<(usize, MatchedBy)>>,
    new_partner: Vec<Option<(usize, MatchedBy)>>,
    old_grouped: Vec<bool>,
    new_grouped: Vec<bool>,
    groups: Vec<Group>,
    warnings: Vec<String>,
    opts: MatchOptions,
    /// Best two candidate ranks of each old / new entry in the alignment step (rank, partner).
    best_old: Vec<[(f64, usize); 2]>,
    best_new: Vec<[(f64, usize); 2]>,
    /// Old and new entries of `replaces` pairs kept despite low similarity (reviewer's reason or not).
    replaces_low: Vec<(usize, usize, bool)>,
}

impl State<'_> {
    fn free_old(&self, i: usize) -> bool {
        self.old_partner[i].is_none() && !self.old_grouped[i]
    }
    fn free_new(&self, j: usize) -> bool {
        self.new_partner[j].is_none() && !self.new_grouped[j]
    }
    fn pair(&mut self, i: usize, j: usize, by: MatchedBy) {
        self.old_partner[i] = Some((j, by));
        self.new_partner[j] = Some((i, by));
    }
    fn unmatched_old(&self) -> Vec<usize> {
        (0..self.old.len()).filter(|&i| self.free_old(i)).collect()
    }
    fn unmatched_new(&self) -> Vec<usize> {
        (0..self.new.len()).filter(|&j| self.free_new(j)).collect()
    }
    fn same_section(&self, i: usize, j: usize) -> bool {
        matches!((&self.old[i].section, &self.new[j].section), (Some(a), Some(b)) if a == b)
    }

    /// Step 1: `replaces` in the newer list.
    fn by_replaces(&mut self) {
        let ids: FnvHashMap<&str, usize> = self.old.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
        // New entries by text, for "the old entry is kept word for word" (its twin).
        let mut new_keys: FnvHashMap<&str, Vec<usize>> = FnvHashMap::default();
        for (j, f) in self.p.new.iter().enumerate() {
            if !f.key.is_empty() {
                new_keys.entry(f.key.as_str()).or_default().push(j);
            }
        }
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for (j, e) in self.new.iter().enumerate() {
            for r in &e.replaces {
                match ids.get(r.as_str()) {
                    Some(&i) => {
                        let key = self.p.old[i].key.as_str();
                        let twin = new_keys
                            .get(key)
                            .and_then(|v| v.iter().copied().find(|&t| t != j && self.new[t].replaces.is_empty()));
                        match twin {
                            Some(t) if self.p.new[j].key != key => self.warnings.push(format!(
                                "entry `{}` of the newer list replaces `{r}`, but `{r}` is kept word for word in the newer list (as `{}`): `{r}` is paired with it, and `{}` is compared on its own",
                                e.id, self.new[t].id, e.id
                            )),
                            _ => edges.push((i, j)),
                        }
                    }
                    None => self.warnings.push(format!(
                        "entry `{}` of the newer list replaces `{r}`, which is not in the older list",
                        e.id
                    )),
                }
            }
        }
        if edges.is_empty() {
            return;
        }
        // Connected components (union-find over old ids 0..n and new ids n..n+m).
        let n = self.old.len();
        let mut parent: Vec<usize> = (0..n + self.new.len()).collect();
        for &(i, j) in &edges {
            let (a, b) = (find(&mut parent, i), find(&mut parent, n + j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut comps: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for &(i, j) in &edges {
            let root = find(&mut parent, i);
            let c = comps.entry(root).or_default();
            if !c.0.contains(&i) {
                c.0.push(i);
            }
            if !c.1.contains(&j) {
                c.1.push(j);
            }
        }
        for (_, (mut os, mut ns)) in comps {
            os.sort_unstable();
            ns.sort_unstable();
            let reason = ns.iter().all(|&j| self.new[j].replaces_reason);
            let (score, label) = match (os.len(), ns.len()) {
                (1, 1) if !self.p.shares_little(os[0], ns[0]) => {
                    (self.p.similarity(os[0], ns[0]).max(LOW_SIMILARITY), "")
                }
                (1, 1) => (self.p.similarity(os[0], ns[0]), "their texts share almost nothing"),
                (1, _) => (self.p.split_score(os[0], &ns), "the pieces cover little of its words"),
                _ if ns.len() == 1 => (self.p.merge_score(&os, ns[0]), "the merged entry covers little of their words"),
                _ => (0.0, "a tangle of several old and several new entries"),
            };
            if score < LOW_SIMILARITY && !reason {
                let (o, nn): (Vec<String>, Vec<String>) = (
                    os.iter().map(|&i| format!("`{}`", self.old[i].id)).collect(),
                    ns.iter().map(|&j| format!("`{}`", self.new[j].id)).collect(),
                );
                self.warnings.push(format!(
                    "{} replaces {} but {label} (similarity {:.2}): check this pair, or give the reviewer's reason in `replaces_reason`",
                    nn.join(", "),
                    o.join(", "),
                    score
                ));
            }
            if score < LOW_SIMILARITY {
                for &i in &os {
                    for &j in &ns {
                        self.replaces_low.push((i, j, reason));
                    }
                }
            }
            match (os.len(), ns.len()) {
                (1, 1) => self.pair(os[0], ns[0], MatchedBy::Replaces),
                (1, _) => self.add_group(GroupKind::Split, os, ns, MatchedBy::Replaces, score),
                _ => self.add_group(GroupKind::Merge, os, ns, MatchedBy::Replaces, score),
            }
        }
    }

    fn add_group(&mut self, kind: GroupKind, old: Vec<usize>, new: Vec<usize>, by: MatchedBy, score: f64) {
        for &i in &old {
            self.old_grouped[i] = true;
            if let Some((j, _)) = self.old_partner[i].take() {
                self.new_partner[j] = None;
            }
        }
        for &j in &new {
            self.new_grouped[j] = true;
            if let Some((i, _)) = self.new_partner[j].take() {
                self.old_partner[i] = None;
            }
        }
        self.groups.push(Group { kind, old, new, by, score, confidence: MatchConfidence::Medium });
    }

    /// Step 2: the same id. A pair whose texts differ is deferred (to
    /// [`Self::by_deferred_id`]) when either entry has an entry of identical
    /// text on the other side: ids derived from numbers ("p12") must not cross
    /// entries that were only renumbered.
    fn by_id(&mut self) -> Vec<(usize, usize)> {
        if !self.opts.stable_ids {
            return Vec::new();
        }
        let ids: FnvHashMap<&str, usize> =
            self.unmatched_old().into_iter().map(|i| (self.old[i].id.as_str(), i)).collect();
        let mut old_keys: FnvHashMap<&str, usize> = FnvHashMap::default();
        for i in self.unmatched_old() {
            *old_keys.entry(self.p.old[i].key.as_str()).or_default() += 1;
        }
        let mut new_keys: FnvHashMap<&str, usize> = FnvHashMap::default();
        for j in self.unmatched_new() {
            *new_keys.entry(self.p.new[j].key.as_str()).or_default() += 1;
        }
        let mut found = Vec::new();
        let mut deferred = Vec::new();
        for j in self.unmatched_new() {
            if let Some(&i) = ids.get(self.new[j].id.as_str()) {
                let (ki, kj) = (self.p.old[i].key.as_str(), self.p.new[j].key.as_str());
                let contradicted =
                    ki != kj && (new_keys.get(ki).is_some_and(|&n| n > 0) || old_keys.get(kj).is_some_and(|&n| n > 0));
                if contradicted { deferred.push((i, j)) } else { found.push((i, j)) }
            }
        }
        for (i, j) in found {
            if self.id_reused(i, j) {
                continue;
            }
            self.pair(i, j, MatchedBy::Id);
        }
        deferred
    }

    /// A stable id pair whose texts share almost nothing: not paired, with a warning.
    fn id_reused(&mut self, i: usize, j: usize) -> bool {
        if !self.p.shares_little(i, j) {
            return false;
        }
        let score = self.p.similarity(i, j);
        self.warnings.push(format!(
            "id `{}` reused for a different entry? «{}» and «{}» share almost nothing (similarity {score:.2}): reported as removed and added; if it is one entry, say so with `replaces = [\"{}\"]` and `replaces_reason`",
            self.old[i].id, self.old[i].text, self.new[j].text, self.old[i].id
        ));
        true
    }

    /// Step 3b: the id pairs deferred by [`Self::by_id`] whose entries are still unmatched.
    fn by_deferred_id(&mut self, deferred: Vec<(usize, usize)>) {
        for (i, j) in deferred {
            if self.free_old(i) && self.free_new(j) && !self.id_reused(i, j) {
                self.pair(i, j, MatchedBy::Id);
            }
        }
    }

    /// Step 3: the same normalised text; duplicates pair in order, same section first.
    fn by_text(&mut self) {
        let mut olds: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for i in self.unmatched_old() {
            olds.entry(self.p.old[i].key.as_str()).or_default().push(i);
        }
        let mut news: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for j in self.unmatched_new() {
            news.entry(self.p.new[j].key.as_str()).or_default().push(j);
        }
        let mut found = Vec::new();
        for (key, os) in &olds {
            if key.is_empty() {
                continue;
            }
            let Some(ns) = news.get(key) else { continue };
            let mut used_o = vec![false; os.len()];
            let mut used_n = vec![false; ns.len()];
            for pass in 0..2 {
                for (a, &i) in os.iter().enumerate() {
                    if used_o[a] {
                        continue;
                    }
                    let hit =
                        ns.iter().enumerate().find(|&(b, &j)| !used_n[b] && (pass == 1 || self.same_section(i, j)));
                    if let Some((b, &j)) = hit {
                        used_o[a] = true;
                        used_n[b] = true;
                        found.push((i, j));
                    }
                }
            }
        }
        for (i, j) in found {
            self.pair(i, j, MatchedBy::Text);
        }
    }

    /// For each old entry, the new positions of the nearest matched old entries
    /// before and after it (and the same for the new side): the window in which
    /// a partner keeps the order.
    fn order_windows(&self) -> OrderWindows {
        fn windows(partner: &[Option<(usize, MatchedBy)>]) -> Vec<(Option<usize>, Option<usize>)> {
            let mut w = vec![(None, None); partner.len()];
            let mut last = None;
            for (k, p) in partner.iter().enumerate() {
                w[k].0 = last;
                if let Some((x, _)) = p {
                    last = Some(*x);
                }
            }
            last = None;
            for (k, p) in partner.iter().enumerate().rev() {
                w[k].1 = last;
                if let Some((x, _)) = p {
                    last = Some(*x);
                }
            }
            w
        }
        OrderWindows { old: windows(&self.old_partner), new: windows(&self.new_partner) }
    }

    /// Step 4: optimal one-to-one assignment over the candidate pairs.
    fn by_similarity(&mut self) {
        let threshold = self.opts.threshold;
        let olds = self.unmatched_old();
        let news = self.unmatched_new();
        if olds.is_empty() || news.is_empty() {
            return;
        }
        let blocking = candidate_pairs(&self.p, &olds, &news);
        let win = self.order_windows();
        // Each candidate's rank depends on the pair alone: scored on every core, kept in order.
        let pairs = &blocking.pairs;
        let this = &*self;
        let ranked: Vec<Option<f64>> = par_map(pairs.len(), PAR_MIN, |k| {
            let (i, j) = pairs[k];
            let (a, b) = (&this.p.old[i], &this.p.new[j]);
            let mut score = this.p.score(a, b);
            if score < threshold {
                return None;
            }
            if this.p.title_sim(a, b).is_some_and(|t| t < TITLE_MIN) {
                score *= 0.5;
                if score < threshold {
                    return None;
                }
            }
            let section = this.same_section(i, j);
            let cond = a.cond_key == b.cond_key;
            let in_order = win.in_order(i, j);
            let hint = this.old[i].id == this.new[j].id
                || matches!((&this.old[i].number, &this.new[j].number), (Some(x), Some(y)) if x == y);
            Some(
                score
                    + if section { 0.02 } else { 0.0 }
                    + if cond { 0.03 } else { 0.0 }
                    + if in_order { 0.03 } else { 0.0 }
                    + if hint { 0.005 } else { 0.0 },
            )
        });
        let cands: Vec<Cand> =
            pairs.iter().zip(ranked).filter_map(|(&(i, j), rank)| rank.map(|rank| Cand { i, j, rank })).collect();
        // The best two ranks of each entry (for the ambiguity of a pair's confidence).
        for c in &cands {
            push_best(&mut self.best_old[c.i], (c.rank, c.j));
            push_best(&mut self.best_new[c.j], (c.rank, c.i));
        }
        // Each entry keeps its PRUNE_K best candidates; a pair stays if either side keeps it.
        let keep = |v: &mut Vec<(f64, usize, usize)>| -> Vec<usize> {
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            v.iter().take(PRUNE_K).map(|x| x.2).collect()
        };
        let mut by_old: FnvHashMap<usize, Vec<(f64, usize, usize)>> = FnvHashMap::default();
        let mut by_new: FnvHashMap<usize, Vec<(f64, usize, usize)>> = FnvHashMap::default();
        for (k, c) in cands.iter().enumerate() {
            by_old.entry(c.i).or_default().push((c.rank, c.j, k));
            by_new.entry(c.j).or_default().push((c.rank, c.i, k));
        }
        let mut kept = vec![false; cands.len()];
        for v in by_old.values_mut().chain(by_new.values_mut()) {
            for k in keep(v) {
                kept[k] = true;
            }
        }
        let cands: Vec<Cand> = cands.into_iter().zip(kept).filter(|(_, k)| *k).map(|(c, _)| c).collect();
        // Connected components of the candidate graph.
        let n = self.old.len();
        let mut parent: Vec<usize> = (0..n + self.new.len()).collect();
        for c in &cands {
            let (a, b) = (find(&mut parent, c.i), find(&mut parent, n + c.j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, c) in cands.iter().enumerate() {
            comps.entry(find(&mut parent, c.i)).or_default().push(k);
        }
        let mut chosen: Vec<(usize, usize)> = Vec::new();
        for ks in comps.values() {
            let comp: Vec<&Cand> = ks.iter().map(|&k| &cands[k]).collect();
            chosen.extend(assign(&comp, threshold));
        }
        for (i, j) in chosen {
            self.pair(i, j, MatchedBy::Fuzzy);
        }
    }

    /// Step 4b: an appended (or cut) clause. An unmatched entry whose text is
    /// another unmatched entry's text plus a clause after a comma, parenthesis,
    /// colon, semicolon or dash ("Кессонщик" → "Кессонщик, за исключением
    /// беременных женщин") is that entry, changed — when the pairing is unique
    /// on both sides. The score stays what [`Prepared::similarity`] says (often
    /// below the threshold), so the pair's confidence is low: "check this pair",
    /// never a silent removed + added.
    fn by_appended(&mut self) {
        fn unique(keys: Vec<(usize, &str)>) -> FnvHashMap<&str, usize> {
            let mut m: FnvHashMap<&str, (usize, usize)> = FnvHashMap::default();
            for (k, key) in keys {
                m.entry(key).or_insert((k, 0)).1 += 1;
            }
            m.into_iter().filter(|(k, (_, n))| *n == 1 && !k.is_empty()).map(|(k, (i, _))| (k, i)).collect()
        }
        let olds = unique(self.unmatched_old().into_iter().map(|i| (i, self.p.old[i].key.as_str())).collect());
        let news = unique(self.unmatched_new().into_iter().map(|j| (j, self.p.new[j].key.as_str())).collect());
        if olds.is_empty() || news.is_empty() {
            return;
        }
        let mut found: Vec<(usize, usize)> = Vec::new();
        for j in self.unmatched_new() {
            for prefix in clause_prefixes(&self.new[j].text) {
                if let Some(&i) = olds.get(prefix.as_str()) {
                    found.push((i, j));
                }
            }
        }
        for i in self.unmatched_old() {
            for prefix in clause_prefixes(&self.old[i].text) {
                if let Some(&j) = news.get(prefix.as_str()) {
                    found.push((i, j));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        let (mut per_old, mut per_new) = (FnvHashMap::default(), FnvHashMap::default());
        for &(i, j) in &found {
            *per_old.entry(i).or_insert(0usize) += 1;
            *per_new.entry(j).or_insert(0usize) += 1;
        }
        for (i, j) in found {
            if per_old[&i] == 1 && per_new[&j] == 1 {
                self.pair(i, j, MatchedBy::Fuzzy);
            }
        }
    }

    /// Step 5: splits and merges by word coverage.
    fn by_coverage(&mut self) {
        let may_anchor =
            |p: Option<(usize, MatchedBy)>| matches!(p, None | Some((_, MatchedBy::Id | MatchedBy::Fuzzy)));
        let anchors_old: Vec<usize> =
            (0..self.old.len()).filter(|&i| !self.old_grouped[i] && may_anchor(self.old_partner[i])).collect();
        let anchors_new: Vec<usize> =
            (0..self.new.len()).filter(|&j| !self.new_grouped[j] && may_anchor(self.new_partner[j])).collect();
        // Pieces: free entries, and entries paired fuzzily elsewhere that a split or
        // merge may take back (see `stealable`).
        let fuzzy_old = |i: usize| matches!(self.old_partner[i], Some((_, MatchedBy::Fuzzy)));
        let fuzzy_new = |j: usize| matches!(self.new_partner[j], Some((_, MatchedBy::Fuzzy)));
        let free_old: Vec<usize> =
            (0..self.old.len()).filter(|&i| self.free_old(i) || (!self.old_grouped[i] && fuzzy_old(i))).collect();
        let free_new: Vec<usize> =
            (0..self.new.len()).filter(|&j| self.free_new(j) || (!self.new_grouped[j] && fuzzy_new(j))).collect();
        struct Proposal {
            side: Side,
            anchor: usize,
            pieces: Vec<usize>,
            partner: Option<usize>,
            cover: f64,
            gain: f64,
        }
        let mut props: Vec<Proposal> = Vec::new();
        // Splits: old anchors, new pieces.
        let b = candidate_pairs(&self.p, &anchors_old, &free_new);
        for (anchor, cands) in group_by_first(&b.pairs) {
            let partner = self.old_partner[anchor].map(|(j, _)| j);
            let a = &self.p.old[anchor];
            let cands: Vec<usize> =
                cands.into_iter().filter(|&j| self.free_new(j) || self.stealable(Side::Old, anchor, j)).collect();
            // The same section, or both without one.
            let near = |j: usize| self.old[anchor].section == self.new[j].section;
            if let Some((pieces, cover, gain)) = self.select(a, partner, &cands, &self.p.new, &near) {
                props.push(Proposal { side: Side::Old, anchor, pieces, partner, cover, gain });
            }
        }
        // Merges: new anchors, old pieces (the same with the sides swapped).
        let b = candidate_pairs(&self.p, &free_old, &anchors_new);
        let mut by_new: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, j) in b.pairs {
            by_new.entry(j).or_default().push(i);
        }
        for (anchor, cands) in by_new {
            let partner = self.new_partner[anchor].map(|(i, _)| i);
            let a = &self.p.new[anchor];
            let cands: Vec<usize> =
                cands.into_iter().filter(|&i| self.free_old(i) || self.stealable(Side::New, anchor, i)).collect();
            let near = |i: usize| self.old[i].section == self.new[anchor].section;
            if let Some((pieces, cover, gain)) = self.select(a, partner, &cands, &self.p.old, &near) {
                props.push(Proposal { side: Side::New, anchor, pieces, partner, cover, gain });
            }
        }
        props.sort_by(|a, b| {
            b.gain
                .total_cmp(&a.gain)
                .then(b.cover.total_cmp(&a.cover))
                .then(a.anchor.cmp(&b.anchor))
                .then(a.side.cmp(&b.side))
        });
        let mut used_old = vec![false; self.old.len()];
        let mut used_new = vec![false; self.new.len()];
        // A split and a merge that claim some of the same entries and score exactly
        // alike are two readings of one change: which is "the" split depends only on
        // which list is OLD. Neither is taken (the entries are then paired one to one
        // or reported added and removed), so that swapping OLD and NEW swaps the claims.
        let entries_of = |pr: &Proposal| -> (Vec<usize>, Vec<usize>) {
            match pr.side {
                Side::Old => (vec![pr.anchor], pr.pieces.clone()),
                Side::New => (pr.pieces.clone(), vec![pr.anchor]),
            }
        };
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
        let mut ambiguous = vec![false; props.len()];
        // Proposals are sorted by gain, then cover: ties stand next to each other.
        let mut lo = 0;
        while lo < props.len() {
            let mut hi = lo + 1;
            while hi < props.len() && close(props[hi].gain, props[lo].gain) && close(props[hi].cover, props[lo].cover) {
                hi += 1;
            }
            if hi - lo > 1 {
                let ents: Vec<(Vec<usize>, Vec<usize>)> = props[lo..hi].iter().map(entries_of).collect();
                for x in 0..hi - lo {
                    for y in 0..hi - lo {
                        let ((xo, xn), (yo, yn)) = (&ents[x], &ents[y]);
                        if props[lo + x].side != props[lo + y].side
                            && (xo.iter().any(|i| yo.contains(i)) || xn.iter().any(|j| yn.contains(j)))
                        {
                            ambiguous[lo + x] = true;
                        }
                    }
                }
            }
            lo = hi;
        }
        for (pr, ambiguous) in props.into_iter().zip(ambiguous) {
            if ambiguous {
                continue;
            }
            let (anchor_used, pieces_used) = match pr.side {
                Side::Old => (used_old[pr.anchor], pr.pieces.iter().any(|&j| used_new[j])),
                Side::New => (used_new[pr.anchor], pr.pieces.iter().any(|&i| used_old[i])),
            };
            if anchor_used || pieces_used {
                continue;
            }
            // A partner must still be the anchor's partner; other pieces still free.
            let still_valid = match pr.side {
                Side::Old => pr.pieces.iter().all(|&j| {
                    Some(j) == pr.partner && self.new_partner[j].map(|x| x.0) == Some(pr.anchor)
                        || self.free_new(j)
                        || self.stealable(Side::Old, pr.anchor, j)
                }),
                Side::New => pr.pieces.iter().all(|&i| {
                    Some(i) == pr.partner && self.old_partner[i].map(|x| x.0) == Some(pr.anchor)
                        || self.free_old(i)
                        || self.stealable(Side::New, pr.anchor, i)
                }),
            };
            if !still_valid {
                continue;
            }
            let mut pieces = pr.pieces.clone();
            pieces.sort_unstable();
            match pr.side {
                Side::Old => {
                    used_old[pr.anchor] = true;
                    for &j in &pieces {
                        used_new[j] = true;
                    }
                    self.add_group(GroupKind::Split, vec![pr.anchor], pieces, MatchedBy::Coverage, pr.cover);
                }
                Side::New => {
                    used_new[pr.anchor] = true;
                    for &i in &pieces {
                        used_old[i] = true;
                    }
                    self.add_group(GroupKind::Merge, pieces, vec![pr.anchor], MatchedBy::Coverage, pr.cover);
                }
            }
        }
    }

    /// True when `piece` (of the side opposite to `anchor`'s), paired fuzzily with
    /// another entry, belongs to a split or merge of `anchor` rather: every word
    /// of it is in the anchor ([`Prepared::containment`] ≥ 0.95), it has the
    /// anchor's title (splits and merges keep the profession and divide the
    /// conditions), and its current partner has another title.
    fn stealable(&self, side: Side, anchor: usize, piece: usize) -> bool {
        let (a, c, partner) = match side {
            Side::Old => match self.new_partner[piece] {
                Some((q, MatchedBy::Fuzzy)) if q != anchor => (&self.p.old[anchor], &self.p.new[piece], &self.p.old[q]),
                _ => return false,
            },
            Side::New => match self.old_partner[piece] {
                Some((q, MatchedBy::Fuzzy)) if q != anchor => (&self.p.new[anchor], &self.p.old[piece], &self.p.new[q]),
                _ => return false,
            },
        };
        same_title(a, c) && !same_title(partner, c) && self.p.containment(c, a) >= 0.95
    }

    /// Chooses the pieces that cover `anchor`: the partner (if any) and the
    /// candidates mostly contained in the anchor that add coverage. Returns the
    /// pieces, the coverage and the gain over the partner or best single piece.
    fn select(
        &self,
        anchor: &Features,
        partner: Option<usize>,
        cands: &[usize],
        other: &SideFeatures,
        same_section: &dyn Fn(usize) -> bool,
    ) -> Option<(Vec<usize>, f64, f64)> {
        if anchor.wsum <= 0.0 {
            return None;
        }
        // A piece below PIECE_MIN is admitted only with the anchor's very title, in its section
        // (or both without a section).
        let titled = |c: usize| same_title(&other[c], anchor) && same_section(c);
        if let Some(q) = partner
            && self.p.containment(&other[q], anchor) < if titled(q) { TITLED_PIECE_MIN } else { PIECE_MIN }
        {
            return None;
        }
        let mut pieces: Vec<(usize, f64)> = cands
            .iter()
            .map(|&c| (c, self.p.containment(&other[c], anchor)))
            .filter(|&(c, x)| x >= PIECE_MIN || (x >= TITLED_PIECE_MIN && titled(c)))
            // A piece of another profession is no piece (when both titles are known).
            .filter(|&(c, _)| self.p.title_sim(&other[c], anchor).is_none_or(|t| t >= TITLE_MIN))
            .collect();
        if pieces.is_empty() {
            return None;
        }
        pieces.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut chosen: Vec<usize> = partner.into_iter().collect();
        let mut covered: Vec<bool> =
            anchor.stems.iter().map(|s| partner.is_some_and(|q| other[q].stems.binary_search(s).is_ok())).collect();
        let reference = match partner {
            Some(q) => self.p.coverage(anchor, &[&other[q]]),
            None => pieces.iter().map(|&(c, _)| self.p.coverage(anchor, &[&other[c]])).fold(0.0, f64::max),
        };
        for &(c, x) in &pieces {
            let mut added = 0.0;
            for (k, s) in anchor.stems.iter().enumerate() {
                if !covered[k] && other[c].stems.binary_search(s).is_ok() {
                    added += self.p.weights[*s as usize];
                }
            }
            // A titled piece (below PIECE_MIN) must bring words of its own: at
            // least GAIN_MIN of the anchor's weight that no other piece covers.
            let enough = if x >= PIECE_MIN { added > 0.0 } else { added >= GAIN_MIN * anchor.wsum };
            if enough {
                for (k, s) in anchor.stems.iter().enumerate() {
                    if other[c].stems.binary_search(s).is_ok() {
                        covered[k] = true;
                    }
                }
                chosen.push(c);
            }
        }
        if chosen.len() < 2 {
            return None;
        }
        let refs: Vec<&Features> = chosen.iter().map(|&c| &other[c]).collect();
        let cover = self.p.coverage(anchor, &refs);
        let gain = cover - reference;
        (cover >= COVER_MIN && gain >= GAIN_MIN).then_some((chosen, cover, gain))
    }
}

/// Both entries have a known title, and the same one (by its trigrams and stems).
fn same_title(x: &Features, y: &Features) -> bool {
    !x.title_tri.is_empty() && x.title_tri == y.title_tri && x.title_stems == y.title_stems
}

fn group_by_first(pairs: &[(usize, usize)]) -> BTreeMap<usize, Vec<usize>> {
    let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &(a, b) in pairs {
        m.entry(a).or_default().push(b);
    }
    m
}

/// The [`match_key`]s of the proper prefixes of `text` that end at a word
/// boundary — a space, comma, parenthesis, colon, semicolon or dash, not a
/// hyphen inside a compound («крана-манипулятора») — and hold a content word:
/// "Кессонщик, за исключением беременных" gives "кессонщик"; «Водолазные
/// работы для женщин, имеющих детей…» gives «водолазные», «водолазные работы»,
/// … (the appended part need not follow punctuation). A pairing made from them
/// must still be unique on both sides, and stays low confidence.
fn clause_prefixes(text: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    let t = crate::normalize::normalize(text);
    let ws: Vec<(usize, &str)> = t.unicode_word_indices().collect();
    let mut out = Vec::new();
    for n in 1..ws.len() {
        let end = ws[n - 1].0 + ws[n - 1].1.len();
        let between = &t[end..ws[n].0];
        let boundary = between.contains(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ';' | ':' | '—' | '–'));
        if boundary && ws[..n].iter().any(|(_, w)| is_content_word(w)) {
            out.push(ws[..n].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" "));
        }
    }
    out
}

/// Union-find root with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// A candidate pair of the alignment step.
struct Cand {
    i: usize,
    j: usize,
    rank: f64,
}

/// The order windows of both sides (see [`State::order_windows`]).
struct OrderWindows {
    old: Vec<(Option<usize>, Option<usize>)>,
    new: Vec<(Option<usize>, Option<usize>)>,
}

impl OrderWindows {
    /// True when `j` lies between the new partners of `i`'s matched neighbours, and
    /// `i` between the old partners of `j`'s (both sides, so the test is symmetric).
    fn in_order(&self, i: usize, j: usize) -> bool {
        let inside = |(lo, hi): (Option<usize>, Option<usize>), x: usize| {
            lo.is_none_or(|lo| lo < x) && hi.is_none_or(|hi| x < hi)
        };
        inside(self.old[i], j) && inside(self.new[j], i)
    }
}

fn push_best(best: &mut [(f64, usize); 2], x: (f64, usize)) {
    if x.0 > best[0].0 {
        best[1] = best[0];
        best[0] = x;
    } else if x.0 > best[1].0 {
        best[1] = x;
    }
}

/// The one-to-one assignment of one connected component of candidates: the
/// Hungarian method maximising the sum of the ranks' margins over the
/// threshold (so two mediocre pairs do not beat one good pair and an unmatched
/// entry), with a tiny tie-break for pairs close in position; greedy by rank
/// when the component is too large.
fn assign(comp: &[&Cand], threshold: f64) -> Vec<(usize, usize)> {
    let mut olds: Vec<usize> = comp.iter().map(|c| c.i).collect();
    let mut news: Vec<usize> = comp.iter().map(|c| c.j).collect();
    olds.sort_unstable();
    olds.dedup();
    news.sort_unstable();
    news.dedup();
    if comp.len() == 1 {
        return vec![(comp[0].i, comp[0].j)];
    }
    // Margin in millionths, times 1000, minus the position distance (< 1000): integer, symmetric.
    let weight = |c: &Cand| -> i64 {
        let margin = ((c.rank - threshold + 0.05) * 1e6).round() as i64;
        margin.max(1) * 1000 - c.i.abs_diff(c.j).min(999) as i64
    };
    if olds.len().min(news.len()) > HUNGARIAN_MAX {
        let mut v: Vec<&&Cand> = comp.iter().collect();
        v.sort_by(|a, b| weight(b).cmp(&weight(a)).then((a.i + a.j).cmp(&(b.i + b.j))).then(a.i.cmp(&b.i)));
        let (mut uo, mut un) = (FnvHashSet::default(), FnvHashSet::default());
        let mut out = Vec::new();
        for c in v {
            if !uo.contains(&c.i) && !un.contains(&c.j) {
                uo.insert(c.i);
                un.insert(c.j);
                out.push((c.i, c.j));
            }
        }
        return out;
    }
    // Rows: the smaller side (kuhn_munkres needs rows <= columns).
    let transpose = olds.len() > news.len();
    let (rows, cols) = if transpose { (&news, &olds) } else { (&olds, &news) };
    let mut m = Matrix::new(rows.len(), cols.len(), 0i64);
    let pos = |v: &[usize], x: usize| v.binary_search(&x).unwrap_or(0);
    for c in comp {
        let (r, k) = if transpose { (pos(rows, c.j), pos(cols, c.i)) } else { (pos(rows, c.i), pos(cols, c.j)) };
        m[(r, k)] = weight(c);
    }
    let (_, assignment) = kuhn_munkres(&m);
    let mut out = Vec::new();
    for (r, &k) in assignment.iter().enumerate() {
        if m[(r, k)] > 0 {
            out.push(if transpose { (cols[k], rows[r]) } else { (rows[r], cols[k]) });
        }
    }
    out
}

/// Matches the entries of an older and a newer list (see the module
/// documentation for the steps).
pub fn match_items(old: &[Item], new: &[Item], opts: &MatchOptions) -> (Matching, Prepared) {
    let p = Prepared::new(old, new);
    let mut st = State {
        old,
        new,
        p,
        old_partner: vec![None; old.len()],
        new_partner: vec![None; new.len()],
        old_grouped: vec![false; old.len()],
        new_grouped: vec![false; new.len()],
        groups: Vec::new(),
        warnings: Vec::new(),
        opts: *opts,
        best_old: vec![[(f64::NEG_INFINITY, usize::MAX); 2]; old.len()],
        best_new: vec![[(f64::NEG_INFINITY, usize::MAX); 2]; new.len()],
        replaces_low: Vec::new(),
    };
    st.by_replaces();
    let deferred = st.by_id();
    st.by_text();
    st.by_deferred_id(deferred);
    st.by_similarity();
    st.by_appended();
    st.by_coverage();
    let pairs: Vec<(usize, usize, MatchedBy)> =
        (0..old.len()).filter_map(|i| st.old_partner[i].map(|(j, by)| (i, j, by))).collect();
    // Over the final pairs: each pair's window is bounded by its neighbours' pairs, never by itself.
    let win = st.order_windows();
    let pairs = par_map(pairs.len(), PAR_MIN, |k| {
        let (i, j, by) = pairs[k];
        let mut scores = st.p.scores(i, j);
        if st.p.old[i].key == st.p.new[j].key {
            scores.similarity = 1.0;
        }
        scores.same_section = st.same_section(i, j);
        scores.same_condition = st.p.old[i].cond_key == st.p.new[j].cond_key;
        scores.in_order = win.in_order(i, j);
        let confidence = st.pair_confidence(i, j, by, &scores);
        Pair { old: i, new: j, by, score: scores.similarity, scores, confidence }
    });
    let mut groups = std::mem::take(&mut st.groups);
    for g in &mut groups {
        g.confidence = st.group_confidence(g);
    }
    groups.sort_by_key(|g| (g.old.first().copied(), g.new.first().copied()));
    (Matching { pairs, groups, warnings: st.warnings, sizes: (old.len(), new.len()) }, st.p)
}

impl State<'_> {
    fn pair_confidence(&self, i: usize, j: usize, by: MatchedBy, s: &Scores) -> MatchConfidence {
        use MatchConfidence::*;
        let sim = s.similarity;
        match by {
            MatchedBy::Text => High,
            MatchedBy::Id => {
                if sim >= self.opts.threshold {
                    High
                } else {
                    Medium
                }
            }
            MatchedBy::Replaces => {
                let low = self.replaces_low.iter().find(|x| x.0 == i && x.1 == j);
                match low {
                    Some(&(_, _, true)) => Medium,
                    Some(_) => Low,
                    None if sim >= self.opts.threshold => High,
                    None => Medium,
                }
            }
            // Coverage pairs are built by the coverage pass, never here; a reading is not high.
            MatchedBy::Covers => Medium,
            MatchedBy::Fuzzy | MatchedBy::Coverage => {
                let mut c = if sim >= 0.8 {
                    High
                } else if sim >= 0.65 {
                    Medium
                } else {
                    Low
                };
                if s.title.is_some_and(|t| t < TITLE_MIN) {
                    c = Low;
                }
                // Another candidate ranked about as well on either side: ambiguous.
                let rank_of = |best: &[(f64, usize); 2], other: usize| -> (f64, f64) {
                    let mine = best.iter().find(|b| b.1 == other).map_or(f64::NEG_INFINITY, |b| b.0);
                    let alt = best.iter().filter(|b| b.1 != other).map(|b| b.0).fold(f64::NEG_INFINITY, f64::max);
                    (mine, alt)
                };
                let (m1, a1) = rank_of(&self.best_old[i], j);
                let (m2, a2) = rank_of(&self.best_new[j], i);
                let mine = m1.max(m2);
                if mine.is_finite() && a1.max(a2) >= mine - AMBIGUITY {
                    c = c.down();
                }
                c
            }
        }
    }

    fn group_confidence(&self, g: &Group) -> MatchConfidence {
        use MatchConfidence::*;
        if g.by == MatchedBy::Replaces {
            let low: Vec<&(usize, usize, bool)> =
                self.replaces_low.iter().filter(|x| g.old.contains(&x.0) && g.new.contains(&x.1)).collect();
            return match low.first() {
                Some(x) if x.2 => Medium,
                Some(_) => Low,
                None if g.score >= COVER_MIN => High,
                None => Medium,
            };
        }
        if g.score >= 0.9 {
            High
        } else if g.score >= 0.8 {
            Medium
        } else {
            Low
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STABLE: MatchOptions = MatchOptions { threshold: DEFAULT_THRESHOLD, stable_ids: true };

    fn item(id: &str, text: &str) -> Item {
        Item { id: id.into(), text: text.into(), ..Default::default() }
    }

    fn items(v: &[(&str, &str)]) -> Vec<Item> {
        v.iter().map(|(i, t)| item(i, t)).collect()
    }

    fn sim(a: &str, b: &str) -> f64 {
        // Padded with unrelated entries so that word weights are realistic.
        let filler = ["сварщик", "слесарь", "каменщик", "кровельщик", "землекоп", "арматурщик"];
        let mut o = vec![item("a", a)];
        let mut n = vec![item("b", b)];
        for (k, f) in filler.iter().enumerate() {
            o.push(item(&format!("f{k}"), f));
            n.push(item(&format!("f{k}"), f));
        }
        Prepared::new(&o, &n).similarity(0, 0)
    }

    #[test]
    fn similarity_calibration() {
        let t = DEFAULT_THRESHOLD;
        assert_eq!(sim("Сварщик", "сварщик"), 1.0);
        assert!(sim("плавильщик металла и сплавов", "плавильщик металлов и сплавов") > 0.8);
        assert!(sim("машинист бульдозера", "машинист бульдозера, занятый на горных работах") >= t);
        assert!(sim("машинист автогрейдера", "машинист бульдозера") < t);
        assert!(sim("кровельщик", "каменщик") < 0.3);
        assert!(sim("сварщик", "слесарь") < 0.1);
        let (a, b) = ("монтажник связи — антенщик (на высоте)", "монтажник связи-антенщик, работы на высоте");
        assert!(sim(a, b) >= t, "{}", sim(a, b));
    }

    #[test]
    fn trigram_slices_are_the_trigrams() {
        use crate::normalize::trigrams;
        for key in ["", "a", "ab", "машинист бульдозера", "x y z", "12а занятый на работах", "ёж"]
        {
            let want = trigrams(key);
            let p = padded_key(key);
            let got: Vec<String> = trigram_slices(&p).into_iter().map(str::to_string).collect();
            assert_eq!(got, want, "{key:?}");
        }
    }

    #[test]
    fn similarity_is_symmetric() {
        let o = items(&[("a", "машинист бульдозера"), ("b", "взрывные работы (руда)")]);
        let n = items(&[("x", "машинист бульдозеров на карьере"), ("y", "взрывные работы")]);
        let p = Prepared::new(&o, &n);
        let q = Prepared::new(&n, &o);
        for i in 0..2 {
            for j in 0..2 {
                assert_eq!(p.similarity(i, j), q.similarity(j, i));
            }
        }
    }

    #[test]
    fn steps_in_order() {
        let mut old = items(&[
            ("a", "сварщик"),
            ("b", "слесарь"),
            ("c", "каменщик"),
            ("d", "плавильщик металла и сплавов"),
            ("e", "землекоп"),
        ]);
        old[4].text = "землекоп".into();
        let mut new = items(&[
            ("z", "каменщик"),
            ("b", "слесарь-ремонтник"),
            ("n1", "плавильщик металлов и сплавов"),
            ("n2", "кессонщик"),
            ("n3", "сварщик ручной сварки"),
        ]);
        new[4].replaces = vec!["a".into()];
        let (m, _) = match_items(&old, &new, &STABLE);
        let got: Vec<(usize, usize, MatchedBy)> = m.pairs.iter().map(|p| (p.old, p.new, p.by)).collect();
        assert_eq!(
            got,
            vec![(0, 4, MatchedBy::Replaces), (1, 1, MatchedBy::Id), (2, 0, MatchedBy::Text), (3, 2, MatchedBy::Fuzzy),]
        );
        assert!(m.groups.is_empty());
    }

    #[test]
    fn number_based_ids_do_not_cross_renumbered_entries() {
        let old = items(&[("n1", "сварщик"), ("n2", "слесарь"), ("n3", "каменщик")]);
        let new = items(&[("n1", "кессонщик"), ("n2", "сварщик"), ("n3", "слесарь"), ("n4", "каменщик")]);
        let (m, _) = match_items(&old, &new, &STABLE);
        let got: Vec<(usize, usize, MatchedBy)> = m.pairs.iter().map(|p| (p.old, p.new, p.by)).collect();
        assert_eq!(got, vec![(0, 1, MatchedBy::Text), (1, 2, MatchedBy::Text), (2, 3, MatchedBy::Text)]);
        // A stable id wins over a rewording that keeps some words…
        let old = items(&[("a", "сварщик"), ("b", "каменщик")]);
        let new = items(&[("a", "электросварщик ручной сварки"), ("b", "каменщик")]);
        let (m, _) = match_items(&old, &new, &STABLE);
        assert_eq!((m.pairs[0].by, m.pairs[0].new), (MatchedBy::Id, 0), "{:?}", m.pairs);
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
        // …but an id pair whose texts share nothing is not one entry: warning, no pair.
        let old = items(&[("a", "сварщик")]);
        let new = items(&[("a", "кессонщик")]);
        let (m, _) = match_items(&old, &new, &STABLE);
        assert!(m.pairs.is_empty());
        assert!(m.warnings[0].contains("id `a` reused for a different entry?"), "{:?}", m.warnings);
        assert_eq!((m.unmatched_old(), m.unmatched_new()), (vec![0], vec![0]));
        // Ids derived from numbering are no identity at all.
        let numbering = MatchOptions { stable_ids: false, ..STABLE };
        let old = items(&[("e1", "сварщик"), ("e2", "слесарь")]);
        let new = items(&[("e1", "слесарь"), ("e2", "кессонщик")]);
        let (m, _) = match_items(&old, &new, &numbering);
        let got: Vec<(usize, usize, MatchedBy)> = m.pairs.iter().map(|p| (p.old, p.new, p.by)).collect();
        assert_eq!(got, vec![(1, 0, MatchedBy::Text)]);
        assert!(m.warnings.is_empty());
    }

    fn titled(id: &str, title: &str, cond: &str) -> Item {
        let text = if cond.is_empty() { title.to_string() } else { format!("{title}, {cond}") };
        Item { id: id.into(), text, title: title.into(), condition: cond.into(), ..Default::default() }
    }

    #[test]
    fn two_professions_with_one_condition_are_not_one_entry() {
        // The case: the greedy matcher paired Сплавщик with Опрокидчик (same
        // long condition) and left Сплавщик's true successor unmatched.
        let c = "занятый на выбивке отливок вручную";
        let old = vec![titled("o1", "Сплавщик", c), titled("o2", "Кессонщик", ""), titled("o3", "Слесарь", "")];
        let new = vec![
            titled("n1", "Опрокидчик", c),
            titled("n2", "Сплавщик", &format!("{c} (кроме механизированных работ)")),
            titled("n3", "Кессонщик", ""),
            titled("n4", "Слесарь", ""),
        ];
        for opts in [STABLE, MatchOptions { stable_ids: false, ..STABLE }] {
            let (m, _) = match_items(&old, &new, &opts);
            let got: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.old, p.new)).collect();
            assert_eq!(got, vec![(0, 1), (1, 2), (2, 3)]);
            assert_eq!(m.unmatched_new(), vec![0]);
            assert!(m.pairs.iter().all(|p| p.confidence >= MatchConfidence::Medium), "{:?}", m.pairs);
            // Swapped: the same pairs the other way round.
            let (m, _) = match_items(&new, &old, &opts);
            let got: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.old, p.new)).collect();
            assert_eq!(got, vec![(1, 0), (2, 1), (3, 2)]);
        }
    }

    #[test]
    fn replaces_between_unrelated_texts_warns_unless_a_reason_is_given() {
        let old = items(&[("e4", "Кессонщик"), ("e5", "Сварщик")]);
        let mut new = items(&[("x", "Водитель городского автобуса"), ("e5", "Сварщик")]);
        new[0].replaces = vec!["e4".into()];
        let (m, _) = match_items(&old, &new, &STABLE);
        assert_eq!((m.pairs[0].old, m.pairs[0].new, m.pairs[0].by), (0, 0, MatchedBy::Replaces));
        assert_eq!(m.pairs[0].confidence, MatchConfidence::Low);
        assert!(m.warnings[0].contains("`x` replaces `e4` but their texts share almost nothing"), "{:?}", m.warnings);
        new[0].replaces_reason = true;
        let (m, _) = match_items(&old, &new, &STABLE);
        assert_eq!(m.pairs[0].confidence, MatchConfidence::Medium);
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn an_old_entry_kept_and_named_in_replaces_pairs_with_its_twin() {
        let old = items(&[("e4", "Кессонщик")]);
        let mut new = items(&[("e4", "Кессонщик"), ("x", "Водитель городского автобуса")]);
        new[1].replaces = vec!["e4".into()];
        for opts in [STABLE, MatchOptions { stable_ids: false, ..STABLE }] {
            let (m, _) = match_items(&old, &new, &opts);
            assert_eq!(m.pairs.len(), 1);
            assert_eq!((m.pairs[0].old, m.pairs[0].new), (0, 0));
            assert_eq!(m.unmatched_new(), vec![1], "the replacing entry is compared on its own");
            assert!(m.warnings[0].contains("`e4` is kept word for word"), "{:?}", m.warnings);
        }
    }

    #[test]
    fn replaces_naming_a_missing_id_warns() {
        let old = items(&[("a", "сварщик")]);
        let mut new = items(&[("b", "сварщик")]);
        new[0].replaces = vec!["zz".into()];
        let (m, _) = match_items(&old, &new, &STABLE);
        assert_eq!(m.warnings.len(), 1);
        assert!(m.warnings[0].contains("`zz`"));
        assert_eq!(m.pairs[0].by, MatchedBy::Text);
    }

    #[test]
    fn siblings_are_not_crossed() {
        let old = items(&[
            ("o1", "Машинист бульдозера"),
            ("o2", "Машинист бульдозера, занятый на горных работах"),
            ("o3", "Машинист экскаватора, занятый на горных работах"),
        ]);
        let new = items(&[
            ("n1", "Машинист бульдозера, занятый на горных и подземных работах"),
            ("n2", "Машинист экскаватора, занятый на горных работах"),
            ("n3", "Машинист бульдозеров"),
        ]);
        let (m, _) = match_items(&old, &new, &STABLE);
        let got: Vec<(usize, usize)> = m.pairs.iter().map(|p| (p.old, p.new)).collect();
        assert_eq!(got, vec![(0, 2), (1, 0), (2, 1)]);
    }

    #[test]
    fn split_and_merge_by_coverage() {
        let old = items(&[("a", "монтажник стальных и железобетонных конструкций"), ("b", "сварщик")]);
        let new = items(&[
            ("x", "монтажник стальных конструкций"),
            ("y", "монтажник железобетонных конструкций"),
            ("b", "сварщик"),
        ]);
        let (m, _) = match_items(&old, &new, &STABLE);
        assert_eq!(m.groups.len(), 1);
        assert_eq!(m.groups[0].kind, GroupKind::Split);
        assert_eq!((m.groups[0].old.clone(), m.groups[0].new.clone()), (vec![0], vec![0, 1]));
        assert!(m.groups[0].score > 0.99);
        // Swapped: a merge of the same entries.
        let (m, _) = match_items(&new, &old, &STABLE);
        assert_eq!(m.groups.len(), 1);
        assert_eq!(m.groups[0].kind, GroupKind::Merge);
        assert_eq!((m.groups[0].old.clone(), m.groups[0].new.clone()), (vec![0, 1], vec![0]));
    }

    #[test]
    fn split_keeps_an_id_matched_piece() {
        let old = items(&[("a", "монтажник стальных и железобетонных конструкций")]);
        let new = items(&[("a", "монтажник стальных конструкций"), ("a2", "монтажник железобетонных конструкций")]);
        let (m, _) = match_items(&old, &new, &STABLE);
        assert!(m.pairs.is_empty());
        assert_eq!(m.groups.len(), 1);
        assert_eq!(m.groups[0].new, vec![0, 1]);
    }

    #[test]
    fn an_extended_entry_plus_an_unrelated_one_is_no_split() {
        let old = items(&[("a", "сварщик")]);
        let new = items(&[("a", "сварщик ручной сварки"), ("b", "сварщик на стройке")]);
        let (m, _) = match_items(&old, &new, &STABLE);
        assert!(m.groups.is_empty());
        assert_eq!(m.pairs.len(), 1);
    }

    /// Pseudo-Cyrillic words from syllables: a vocabulary that grows with the
    /// list, as a real list's does, plus a few very frequent words.
    fn generated(n: usize, seed: u64, mutate: bool) -> Vec<Item> {
        const CONS: [char; 20] =
            ['б', 'в', 'г', 'д', 'ж', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х', 'ц', 'ч', 'ш', 'щ'];
        const VOW: [char; 8] = ['а', 'е', 'и', 'о', 'у', 'ы', 'я', 'ю'];
        const COMMON: [&str; 6] = ["занятый", "на", "работах", "рабочий", "подземных", "машинист"];
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|k| {
                let mut ws: Vec<String> = Vec::new();
                for _ in 0..3 {
                    let len = 2 + (next() % 3) as usize;
                    let mut w = String::new();
                    for _ in 0..len {
                        w.push(CONS[(next() % CONS.len() as u64) as usize]);
                        w.push(VOW[(next() % VOW.len() as u64) as usize]);
                    }
                    ws.push(w);
                }
                for _ in 0..3 {
                    ws.push(COMMON[(next() % COMMON.len() as u64) as usize].to_string());
                }
                let roll = next();
                if mutate && roll % 4 == 0 {
                    ws[0] = "изменено".into();
                }
                Item { id: format!("e{k}"), text: ws.join(" "), ..Default::default() }
            })
            .collect()
    }

    fn blocking_for(n: usize) -> Blocking {
        let old = generated(n, 0x9E37_79B9_7F4A_7C15, false);
        let new = generated(n, 0x9E37_79B9_7F4A_7C15, true);
        let p = Prepared::new(&old, &new);
        let all: Vec<usize> = (0..n).collect();
        candidate_pairs(&p, &all, &all)
    }

    #[test]
    fn blocking_is_linear_not_quadratic() {
        let n = 5_000;
        // The frequent words are in far more entries than the cap: without it, n² pairs.
        let with_common = generated(n, 1, false).iter().filter(|e| e.text.contains("работах")).count();
        assert!(with_common > 10 * MAX_POSTING);
        let big = blocking_for(n);
        let half = blocking_for(n / 2);
        // Every entry finds its own counterpart (they share rare words)…
        let mut own = 0;
        for &(i, j) in &big.pairs {
            own += usize::from(i == j);
        }
        assert!(own > n * 9 / 10, "only {own} of {n} entries found their counterpart");
        // …among a number of candidates bounded by a small multiple of n (n² would be 25 000 000).
        assert!(big.pairs.len() <= 4 * n, "{} candidate pairs for {n} entries", big.pairs.len());
        assert!(big.postings_visited <= 6 * n, "{} postings visited", big.postings_visited);
        // Doubling the list about doubles the work (quadratic growth would quadruple it).
        let ratio = big.pairs.len() as f64 / half.pairs.len().max(1) as f64;
        assert!(ratio < 2.6, "pairs grew by {ratio} when the list doubled");
    }
}
