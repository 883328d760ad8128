//! The entity gazetteers of `data/entities/`, embedded at build time and
//! compiled once into one Aho-Corasick automaton.
//!
//! Every phrase is normalized the way the normalized view is, in both
//! tone-mark placements ([`tone::placements`]), so "Ủy ban" matches "Uỷ
//! ban" in a new-style document with the same automaton. Phrases equal
//! after normalization are one entry whose classes are the union of theirs.

use crate::tone;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, HashSet};
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

/// One pattern of the automaton.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Union of the classes of every phrase normalized to this pattern.
    pub flags: u32,
    /// The expansion of an abbreviation.
    pub expansion: Option<String>,
}

/// The compiled gazetteers, for text in either tone-mark placement.
#[derive(Debug)]
pub struct Lexicon {
    /// One automaton over every pattern (overlapping search).
    pub ac: AhoCorasick,
    /// Pattern id -> index into `entries` (the placements of one phrase
    /// are two patterns of one entry).
    pub pattern_entry: Vec<usize>,
    /// The entries, indexed by [`Lexicon::entry_of`].
    pub entries: Vec<Entry>,
    /// Family names, normalized, in both placements.
    pub surnames: HashSet<String>,
}

impl Lexicon {
    /// The entry index of an automaton pattern.
    pub fn entry_of(&self, pattern: usize) -> usize {
        self.pattern_entry
            .get(pattern)
            .copied()
            .unwrap_or(usize::MAX)
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

fn build() -> Lexicon {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_entry: Vec<usize> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
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
                entries.push(Entry::default());
                let id = entries.len() - 1;
                for f in &forms {
                    index.insert(f.clone(), id);
                    patterns.push(f.clone());
                    pattern_entry.push(id);
                }
                id
            }
        };
        if let Some(e) = entries.get_mut(id) {
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
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .expect("the entity gazetteer compiles");
    let surnames = data_rows(SURNAMES)
        .filter_map(|r| r.first().map(|s| tone::placements(s)))
        .flatten()
        .collect();
    Lexicon {
        ac,
        pattern_entry,
        entries,
        surnames,
    }
}

/// The gazetteers, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_places_and_people_are_listed() {
        let lx = lexicon();
        let flags = |p: &str| {
            lx.ac
                .find(p)
                .filter(|m| m.start() == 0 && m.end() == p.len())
                .map(|m| lx.entries[lx.entry_of(m.pattern().as_usize())].flags)
                .unwrap_or(0)
        };
        assert_ne!(flags("Xin-ga-po") & LOC, 0);
        assert_ne!(flags("Anh") & LOC_WEAK, 0);
        assert_ne!(flags("Tập Cận Bình") & PERSON, 0);
    }

    #[test]
    fn one_lexicon_matches_both_placements() {
        let lx = lexicon();
        assert!(lx.entries.len() > 8000);
        assert!(lx.surnames.contains("Nguyễn"));
        for text in ["Uỷ ban nhân dân", "Ủy ban nhân dân"] {
            let m = lx.ac.find(text).expect("match");
            assert_eq!(m.start(), 0);
        }
        let a = lx
            .ac
            .find("Uỷ ban")
            .map(|m| lx.entry_of(m.pattern().as_usize()));
        let b = lx
            .ac
            .find("Ủy ban")
            .map(|m| lx.entry_of(m.pattern().as_usize()));
        assert_eq!(a, b);
    }
}
