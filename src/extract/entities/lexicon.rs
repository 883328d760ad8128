//! The entity gazetteers of `data/entities/`, compiled ahead of time into
//! `data/entities/compiled.tsv` and loaded into one token-level hash table.
//!
//! Every phrase is normalized the way the normalized view is, in both
//! tone-mark placements ([`tone::placements`]), so "Ủy ban" matches "Uỷ
//! ban" in a new-style document with the same table. Phrases equal after
//! normalization are one entry whose classes are the union of theirs.
//!
//! Normalizing 12,000 phrases twice costs more than analysing an article,
//! so [`compile`] does it once, ahead of time, and the result is embedded
//! (a test fails when it is stale). Loading is a parse of that file and one
//! hash-table insert per token prefix of each pattern: matches start and
//! end on token boundaries, so no automaton is needed.

use crate::chars::CharExt;
use crate::tone;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../../data/entities/lexicon.tsv");
const ADMIN_UNITS: &str = include_str!("../../../data/entities/admin_units.tsv");
const SURNAMES: &str = include_str!("../../../data/entities/surnames.txt");
const FOREIGN: &str = include_str!("../../../data/entities/foreign.tsv");

/// A body named in full.
pub const ORG: u32 = 1;
/// A body that also follows another as its parent.
pub const PARENT: u32 = 1 << 1;
/// A body that takes an administrative unit after it.
pub const LOCAL: u32 = 1 << 2;
/// An organisation head word that needs a name.
pub const HEAD: u32 = 1 << 3;
/// A place head word that needs a name.
pub const LOCHEAD: u32 = 1 << 4;
/// A field of government (the name after a head).
pub const SECTOR: u32 = 1 << 5;
/// A place outside the administrative lists.
pub const LOC: u32 = 1 << 6;
/// An international body.
pub const INTL: u32 = 1 << 7;
/// A title.
pub const TITLE: u32 = 1 << 8;
/// A word announcing a person's name.
pub const CUE: u32 = 1 << 9;
/// An administrative unit word.
pub const UNIT: u32 = 1 << 10;
/// A capitalised phrase that is not a name.
pub const STOP: u32 = 1 << 11;
/// A province-level unit name.
pub const ADMIN_P: u32 = 1 << 12;
/// A district-level unit name.
pub const ADMIN_D: u32 = 1 << 13;
/// A commune-level unit name.
pub const ADMIN_C: u32 = 1 << 14;
/// A body word that names no one body when nothing follows it ("Chi bộ").
pub const GENERIC: u32 = 1 << 15;
/// A foreign place name that is also a common word or given name ("Anh",
/// "Mỹ"): a place only where the context says so ("nước Anh", "tại Mỹ").
pub const LOC_WEAK: u32 = 1 << 16;
/// A foreign person named in full ("Vladimir Putin", "Tập Cận Bình").
pub const PERSON: u32 = 1 << 17;

/// Any body: named in full, parent or local.
pub const ANY_ORG: u32 = ORG | PARENT | LOCAL | INTL;
/// Any administrative unit name.
pub const ADMIN: u32 = ADMIN_P | ADMIN_D | ADMIN_C;
/// Phrases that start something other than a name (end a run of capitalised words).
pub const BREAKS: u32 = ANY_ORG | HEAD | LOCHEAD | TITLE | CUE | UNIT | STOP | LOC;
/// Phrases that end a person's name ("Đức" is a country and a given name).
pub const NAME_BREAKS: u32 = BREAKS & !LOC;

/// One entry of the gazetteer (a phrase in one or both placements).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry {
    /// Union of the classes of every phrase normalized to this pattern.
    pub flags: u32,
    /// The expansion of an abbreviation.
    pub expansion: Option<&'static str>,
}

/// The compiled gazetteers, for text in either tone-mark placement.
#[derive(Debug)]
pub struct Lexicon {
    /// Every pattern and every token prefix of one (a slice of the pattern
    /// text from its start to the end of a token) -> its node.
    table: FxHashMap<&'static str, Node>,
    /// A bit per [`first_token_bit`] of every pattern's first token: most
    /// tokens of a line start no pattern, and this 8 KB set says so without
    /// the table's probe and key comparison (cache misses in a large
    /// table); a set bit still asks the table.
    first_tokens: Box<[u64]>,
    /// The most tokens in one pattern.
    max_tokens: usize,
    /// The entries, indexed by the values [`Lexicon::entries_of`] returns.
    pub entries: Vec<Entry>,
    /// Family names, normalized, in both placements.
    pub surnames: FxHashSet<&'static str>,
}

/// What a pattern prefix leads to.
#[derive(Debug)]
struct Node {
    /// Whether a longer pattern continues this one.
    prefix: bool,
    /// The entry whose pattern is exactly this text, when one is ([`NONE`]
    /// otherwise) and no other is: most patterns name one entry, which
    /// needs no list of its own (ten thousand fewer allocations to load).
    one: u32,
    /// The entries whose pattern is exactly this text, in pattern order,
    /// when there are several.
    several: Vec<u32>,
}

/// No entry, in [`Node::one`].
const NONE: u32 = u32::MAX;

impl Node {
    /// A node with no entries yet.
    fn new() -> Node {
        Node {
            prefix: false,
            one: NONE,
            several: Vec::new(),
        }
    }

    /// Adds an entry whose pattern is exactly this text.
    fn push(&mut self, id: u32) {
        if !self.several.is_empty() {
            self.several.push(id);
        } else if self.one == NONE {
            self.one = id;
        } else {
            self.several = vec![self.one, id];
            self.one = NONE;
        }
    }

    /// The entries whose pattern is exactly this text, in pattern order.
    fn entries(&self) -> &[u32] {
        if self.one == NONE {
            &self.several
        } else {
            std::slice::from_ref(&self.one)
        }
    }
}

/// Whether a pattern prefix can grow, and the entries of exactly this text.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    /// Whether a longer pattern starts with this text.
    pub prefix: bool,
    /// The entries named by exactly this text.
    pub entries: &'a [u32],
}

/// Bits of [`Lexicon::may_start`]'s set: 2^16 (8 KB, it stays in the
/// first-level cache), about one in ten set by the gazetteer's first tokens.
const FIRST_TOKEN_BITS: u32 = 16;

/// The bit of a token in [`Lexicon::may_start`]'s set: a multiplicative
/// hash of its bytes (tokens are a few bytes long).
fn first_token_bit(token: &str) -> usize {
    let mut h: u64 = 0;
    for &b in token.as_bytes() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    (h >> (64 - FIRST_TOKEN_BITS)) as usize
}

impl Lexicon {
    /// Whether some pattern may start with the token `token`: `false` means
    /// none does ([`Lexicon::step`] of it is `None`); `true` only that one
    /// may.
    pub fn may_start(&self, token: &str) -> bool {
        let bit = first_token_bit(token);
        self.first_tokens
            .get(bit / 64)
            .is_some_and(|w| w & (1u64 << (bit % 64)) != 0)
    }

    /// Looks up the text from a token start to a token end: `None` when no
    /// pattern starts with it, so a scan can stop growing the match.
    pub fn step(&self, text: &str) -> Option<Step<'_>> {
        self.table.get(text).map(|n| Step {
            prefix: n.prefix,
            entries: n.entries(),
        })
    }

    /// The entries named by exactly `phrase` (already normalized).
    pub fn entries_of(&self, phrase: &str) -> &[u32] {
        self.table.get(phrase).map_or(&[], Node::entries)
    }

    /// The most tokens a pattern spans.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }
}

/// Byte ranges of the tokens of `s` as the entity stage reads a line:
/// runs of letters and digits, and every other non-space character alone.
pub fn token_ends(s: &str, mut sink: impl FnMut(usize)) {
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alnum()
        };
        if in_word && !word {
            sink(i);
        }
        in_word = word;
        if !word && !c.is_whitespace() {
            sink(i + c.len_utf8());
        }
    }
    if in_word {
        sink(s.len());
    }
}

fn class_flag(class: &str) -> u32 {
    match class {
        "org" => ORG,
        "parent" => PARENT,
        "local" => LOCAL,
        "head" => HEAD,
        "lochead" => LOCHEAD,
        "sector" => SECTOR,
        "loc" => LOC,
        "intl" => INTL,
        "title" => TITLE,
        "cue" => CUE,
        "unit" => UNIT,
        "stop" => STOP,
        "generic" => GENERIC,
        "loc-ambiguous" => LOC_WEAK,
        "person" => PERSON,
        _ => 0,
    }
}

fn data_rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The gazetteer derived from the data files: for each entry its flags,
/// its expansion and its patterns (both placements), then the surnames.
/// This is what `data/entities/compiled.tsv` holds (see [`compile`]).
struct Compiled {
    entries: Vec<(Derived, Vec<String>)>,
    surnames: Vec<String>,
}

/// One entry as derived from the word lists: its classes and expansion.
#[derive(Default)]
struct Derived {
    flags: u32,
    expansion: Option<String>,
}

fn derive() -> Compiled {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<(Derived, Vec<String>)> = Vec::new();
    let mut add = |phrase: &str, flags: u32, expansion: Option<&str>| {
        let forms = tone::placements(phrase);
        let Some(key) = forms.first().filter(|k| !k.is_empty()) else {
            return;
        };
        if flags == 0 {
            return;
        }
        let id = match index.get(key) {
            Some(&id) => id,
            None => {
                let id = entries.len();
                for f in &forms {
                    index.insert(f.clone(), id);
                }
                entries.push((Derived::default(), forms.clone()));
                id
            }
        };
        if let Some((e, _)) = entries.get_mut(id) {
            e.flags |= flags;
            if let Some(x) = expansion.filter(|x| !x.is_empty()) {
                e.expansion = Some(tone::key(x));
            }
        }
    };
    for row in data_rows(LEXICON) {
        let (Some(phrase), Some(class)) = (row.first(), row.get(1)) else {
            continue;
        };
        let flags = class
            .split(',')
            .map(|c| class_flag(c.trim()))
            .fold(0, |a, f| a | f);
        add(phrase, flags, row.get(2).copied());
    }
    for row in data_rows(FOREIGN) {
        if let (Some(phrase), Some(class)) = (row.first(), row.get(1)) {
            add(phrase, class_flag(class), None);
        }
    }
    for row in data_rows(ADMIN_UNITS) {
        let (Some(name), Some(level)) = (row.first(), row.get(2)) else {
            continue;
        };
        let flag = match *level {
            "province" => ADMIN_P,
            "district" => ADMIN_D,
            "commune" => ADMIN_C,
            _ => 0,
        };
        add(name, flag, None);
    }
    let surnames = data_rows(SURNAMES)
        .filter_map(|r| r.first().map(|s| tone::placements(s)))
        .flatten()
        .collect();
    Compiled { entries, surnames }
}

/// Compiles the gazetteers of `data/entities/` into the text of
/// `data/entities/compiled.tsv`: one line per entry, `E`, flags,
/// expansion (may be empty) and its patterns, tab-separated; then one `S`
/// line per surname form.
pub fn compile() -> String {
    let c = derive();
    let mut out = String::from(
        "# Generated from lexicon.tsv, foreign.tsv, admin_units.tsv and surnames.txt by\n\
         # vnanalyze::extract::entities::lexicon::compile; do not edit (see SOURCE.md).\n",
    );
    for (e, forms) in &c.entries {
        out.push_str(&format!(
            "E\t{}\t{}",
            e.flags,
            e.expansion.as_deref().unwrap_or("")
        ));
        for f in forms {
            out.push('\t');
            out.push_str(f);
        }
        out.push('\n');
    }
    for s in &c.surnames {
        out.push_str("S\t");
        out.push_str(s);
        out.push('\n');
    }
    out
}

/// The compiled gazetteer ([`compile`]'s output), embedded.
const COMPILED: &str = include_str!("../../../data/entities/compiled.tsv");

fn load(text: &'static str) -> Lexicon {
    // About one pattern prefix for every 17 bytes of the compiled table,
    // and one entry for every 22: sized a little above, so that loading
    // does not rehash.
    let mut lx = Lexicon {
        table: FxHashMap::with_capacity_and_hasher(text.len() / 16, Default::default()),
        first_tokens: vec![0u64; (1 << FIRST_TOKEN_BITS) / 64].into_boxed_slice(),
        max_tokens: 0,
        entries: Vec::with_capacity(text.len() / 20),
        surnames: FxHashSet::default(),
    };
    let mut ends: Vec<usize> = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        match cols.next() {
            Some("E") => {
                let flags = cols.next().and_then(|f| f.parse().ok()).unwrap_or(0);
                let expansion = cols.next().filter(|x| !x.is_empty());
                let id = lx.entries.len() as u32;
                lx.entries.push(Entry { flags, expansion });
                for form in cols {
                    ends.clear();
                    token_ends(form, |e| ends.push(e));
                    lx.max_tokens = lx.max_tokens.max(ends.len());
                    if let Some(first) = ends.first().and_then(|&e| form.get(..e)) {
                        let bit = first_token_bit(first);
                        if let Some(w) = lx.first_tokens.get_mut(bit / 64) {
                            *w |= 1u64 << (bit % 64);
                        }
                    }
                    for (k, &e) in ends.iter().enumerate() {
                        let Some(key) = form.get(..e) else { continue };
                        let node = lx.table.entry(key).or_insert_with(Node::new);
                        if k + 1 == ends.len() {
                            node.push(id);
                        } else {
                            node.prefix = true;
                        }
                    }
                }
            }
            Some("S") => {
                if let Some(s) = cols.next() {
                    lx.surnames.insert(s);
                }
            }
            _ => {}
        }
    }
    lx
}

/// The gazetteers, loaded on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| load(COMPILED))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(lx: &Lexicon, p: &str) -> u32 {
        lx.entries_of(p)
            .iter()
            .map(|&e| lx.entries[e as usize].flags)
            .fold(0, |a, f| a | f)
    }

    #[test]
    fn every_pattern_start_passes_the_first_token_filter() {
        let lx = lexicon();
        let mut starts = 0;
        for line in COMPILED.lines().filter(|l| l.starts_with("E\t")) {
            for form in line.split('\t').skip(3) {
                let mut first = None;
                token_ends(form, |e| {
                    first.get_or_insert(e);
                });
                let Some(token) = first.and_then(|e| form.get(..e)) else {
                    continue;
                };
                starts += 1;
                assert!(lx.may_start(token), "{token:?} of {form:?}");
                assert!(lx.step(token).is_some(), "{token:?}");
            }
        }
        assert!(starts > 10_000, "{starts}");
        // The filter answers no for most words: under a fifth of its bits are set.
        let set: u32 = lx.first_tokens.iter().map(|w| w.count_ones()).sum();
        assert!(set < (1 << FIRST_TOKEN_BITS) / 5, "{set}");
        // Words that start no pattern and that the filter turns away.
        let away = ["xxqzw", "qqqq", "zzzx"];
        assert!(away.iter().any(|w| !lx.may_start(w)));
        assert!(away.iter().all(|w| lx.step(w).is_none()));
    }

    #[test]
    fn the_compiled_gazetteer_is_current() {
        let derived = compile();
        crate::data::assert_current(
            "data/entities/compiled.tsv",
            derived.as_bytes(),
            COMPILED.as_bytes(),
        );
    }

    #[test]
    fn foreign_places_and_people_are_listed() {
        let lx = lexicon();
        assert_ne!(flags(lx, "Xin-ga-po") & LOC, 0);
        assert_ne!(flags(lx, "Anh") & LOC_WEAK, 0);
        assert_ne!(flags(lx, "Tập Cận Bình") & PERSON, 0);
    }

    #[test]
    fn one_lexicon_matches_both_placements() {
        let lx = lexicon();
        assert!(lx.entries.len() > 8000);
        assert!(lx.surnames.contains("Nguyễn"));
        let a = lx.entries_of("Uỷ ban nhân dân");
        let b = lx.entries_of("Ủy ban nhân dân");
        assert!(!a.is_empty());
        assert_eq!(a, b);
        let step = lx.step("Ủy ban").expect("a prefix");
        assert!(step.prefix);
        assert!(lx.step("Ủy ban xyz").is_none());
    }

    #[test]
    fn tokens_end_where_the_entity_stage_splits() {
        let mut ends = Vec::new();
        token_ends("TP. Hồ Chí Minh (TPHCM)", |e| ends.push(e));
        assert_eq!(ends, vec![2, 3, 8, 13, 18, 20, 25, 26]);
    }
}
