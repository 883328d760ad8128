//! The data tables of the extract stage (`data/extract/`), embedded at build
//! time and parsed once, and helpers that turn word lists into regex
//! alternations insensitive to tone-mark placement ("hòa" / "hoà").

use crate::document::System;
use std::collections::HashMap;
use std::sync::OnceLock;

const DOC_TYPES: &str = include_str!("../../data/extract/doc_types.tsv");
const ISSUERS: &str = include_str!("../../data/extract/issuers.tsv");
const BODIES: &str = include_str!("../../data/extract/bodies.txt");
const UNITS: &str = include_str!("../../data/extract/units.tsv");
const SCALES: &str = include_str!("../../data/extract/scales.tsv");
const NUMERALS: &str = include_str!("../../data/extract/numerals.tsv");
const REF_TYPES: &str = include_str!("../../data/extract/ref_types.txt");
const COUNTED: &str = include_str!("../../data/extract/counted.txt");
const NOT_NOUNS: &str = include_str!("../../data/extract/not_nouns.txt");
const LABELS: &str = include_str!("../../data/extract/labels.txt");

/// Which system a document-type abbreviation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeSystem {
    /// Party documents only.
    Party,
    /// State documents only.
    State,
    /// Both systems use the abbreviation.
    Both,
}

impl TypeSystem {
    /// Whether the abbreviation is valid in `system`.
    pub fn allows(self, system: System) -> bool {
        matches!(
            (self, system),
            (TypeSystem::Both, _)
                | (TypeSystem::Party, System::Party)
                | (TypeSystem::State, System::State)
        )
    }
}

/// What kind of figure a unit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Currencies.
    Money,
    /// Area, length, weight, volume, power, time spans.
    Measure,
    /// "%" and "phần trăm".
    Percent,
}

/// A unit of `units.tsv`.
#[derive(Debug, Clone)]
pub struct Unit {
    /// How the unit is written in the text.
    pub surface: String,
    /// The kind of figure it makes.
    pub kind: UnitKind,
    /// The unit as reported.
    pub name: String,
}

/// The role of a spelled-out numeral word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumeralRole {
    /// một .. chín.
    Digit,
    /// mười (ten).
    Ten,
    /// mươi (times ten).
    Tens,
    /// trăm (times a hundred).
    Hundred,
    /// linh / lẻ (zero tens).
    Zero,
    /// lăm / nhăm (five after tens).
    Five,
    /// mốt (one after tens).
    One,
    /// tư (four after tens).
    Four,
}

/// All tables, parsed once.
#[derive(Debug)]
pub struct Tables {
    /// Document-type abbreviation -> (full name, system).
    pub doc_types: HashMap<String, Vec<(String, TypeSystem)>>,
    /// Issuer code -> issuer name.
    pub issuers: HashMap<String, String>,
    /// Issuing bodies as named in text.
    pub bodies: Vec<String>,
    /// Units, longest surface first.
    pub units: Vec<Unit>,
    /// Scale word -> power of ten.
    pub scales: HashMap<String, u32>,
    /// Spelled-out numeral word -> (value, role).
    pub numerals: HashMap<String, (u64, NumeralRole)>,
    /// Full type names that head a reference, longest first.
    pub ref_types: Vec<String>,
    /// Counted nouns, longest first.
    pub counted: Vec<String>,
    /// Words after a number that are not counted nouns.
    pub not_nouns: std::collections::HashSet<String>,
    /// Words before a number that make it a label ("Điều 5", "Phương án 1").
    pub labels: std::collections::HashSet<String>,
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn by_length_desc(mut v: Vec<String>) -> Vec<String> {
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
}

/// The parsed tables.
pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut doc_types = HashMap::new();
        for r in rows(DOC_TYPES) {
            if let [abbr, name, sys, ..] = r.as_slice() {
                let sys = match *sys {
                    "party" => TypeSystem::Party,
                    "state" => TypeSystem::State,
                    _ => TypeSystem::Both,
                };
                doc_types
                    .entry(abbr.to_string())
                    .or_insert_with(Vec::new)
                    .push((name.to_string(), sys));
            }
        }
        let mut issuers = HashMap::new();
        for r in rows(ISSUERS) {
            if let [code, name, ..] = r.as_slice() {
                issuers
                    .entry(code.to_string())
                    .or_insert_with(|| name.to_string());
            }
        }
        let bodies = by_length_desc(
            rows(BODIES)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        let mut units: Vec<Unit> = rows(UNITS)
            .filter_map(|r| match r.as_slice() {
                [surface, kind, name, ..] => Some(Unit {
                    surface: surface.to_string(),
                    kind: match *kind {
                        "money" => UnitKind::Money,
                        "percent" => UnitKind::Percent,
                        _ => UnitKind::Measure,
                    },
                    name: name.to_string(),
                }),
                _ => None,
            })
            .collect();
        units.sort_by_key(|u| std::cmp::Reverse(u.surface.len()));
        let scales = rows(SCALES)
            .filter_map(|r| match r.as_slice() {
                [w, p, ..] => p.parse().ok().map(|p| (w.to_string(), p)),
                _ => None,
            })
            .collect();
        let numerals = rows(NUMERALS)
            .filter_map(|r| match r.as_slice() {
                [w, v, role, ..] => {
                    let role = match *role {
                        "digit" => NumeralRole::Digit,
                        "ten" => NumeralRole::Ten,
                        "tens" => NumeralRole::Tens,
                        "hundred" => NumeralRole::Hundred,
                        "zero" => NumeralRole::Zero,
                        "five" => NumeralRole::Five,
                        "one" => NumeralRole::One,
                        _ => NumeralRole::Four,
                    };
                    v.parse().ok().map(|v| (w.to_string(), (v, role)))
                }
                _ => None,
            })
            .collect();
        let ref_types = by_length_desc(
            rows(REF_TYPES)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        let counted = by_length_desc(
            rows(COUNTED)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        Tables {
            doc_types,
            issuers,
            bodies,
            units,
            scales,
            numerals,
            ref_types,
            counted,
            not_nouns: rows(NOT_NOUNS)
                .filter_map(|r| r.first().map(|w| w.to_string()))
                .collect(),
            labels: rows(LABELS)
                .filter_map(|r| r.first().map(|w| w.to_string()))
                .collect(),
        }
    })
}

/// Tone-marked vowel groups: (plain, acute, grave, hook, tilde, dot).
const TONES: [[char; 6]; 10] = [
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
    ['O', 'Ó', 'Ò', 'Ỏ', 'Õ', 'Ọ'],
    ['A', 'Á', 'À', 'Ả', 'Ã', 'Ạ'],
    ['E', 'É', 'È', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['U', 'Ú', 'Ù', 'Ủ', 'Ũ', 'Ụ'],
    ['Y', 'Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// (base letter, tone index 0..=5) of a vowel of [`TONES`].
fn split_tone(c: char) -> Option<(usize, usize)> {
    TONES
        .iter()
        .enumerate()
        .find_map(|(row, r)| r.iter().position(|&x| x == c).map(|t| (row, t)))
}

/// Whether `first` + `second` is a diphthong whose tone placement differs
/// between the old ("hòa", "thủy") and new ("hoà", "thuỷ") conventions.
fn movable_pair(first: usize, second: usize) -> bool {
    let base = |r: usize| TONES[r][0].to_ascii_lowercase();
    matches!(
        (base(first), base(second)),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    )
}

/// Rewrites a regex fragment so that every open diphthong whose tone mark
/// moves between conventions ("òa"/"oà", "ủy"/"uỷ", "óe"/"oé") matches in
/// both placements. The fragment must not use these letters inside
/// character classes.
pub fn fold_tones(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let (Some(&n), Some((r1, t1))) = (chars.get(i + 1), split_tone(c))
            && let Some((r2, t2)) = split_tone(n)
            && movable_pair(r1, r2)
            && (t1 == 0) != (t2 == 0)
            && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic())
            && !(i > 0 && matches!(chars[i - 1], 'q' | 'Q'))
        {
            let tone = t1.max(t2);
            let old = format!("{}{}", TONES[r1][tone], TONES[r2][0]);
            let new = format!("{}{}", TONES[r1][0], TONES[r2][tone]);
            out.push_str(&format!("(?:{old}|{new})"));
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Folds tone placement of `s` to the old convention ("hoà" -> "hòa"), for
/// comparing words. Same for already-old text.
pub fn fold_word(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let (Some(&n), Some((r1, 0))) = (chars.get(i + 1), split_tone(c))
            && let Some((r2, t2)) = split_tone(n)
            && t2 != 0
            && movable_pair(r1, r2)
            && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic())
            && !(i > 0 && matches!(chars[i - 1], 'q' | 'Q'))
        {
            out.push(TONES[r1][t2]);
            out.push(TONES[r2][0]);
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A regex alternation of literal words (escaped, tone-folded), longest first.
pub fn alternation<S: AsRef<str>>(words: &[S]) -> String {
    let mut v: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let parts: Vec<String> = v
        .iter()
        .map(|w| fold_tones(&regex::escape(w)).replace(' ', r"\s+"))
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// Compiles one of the stage's regexes (built from static patterns and the
/// embedded tables) with a lazy-DFA cache large enough for its alternations.
pub fn compile(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .expect("extract regexes compile from static patterns")
}

/// A word with its first letter lower-cased ("Nghị quyết" -> "nghị quyết").
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_both_placements() {
        let re = regex::Regex::new(&format!("^{}$", fold_tones("Ủy ban hòa thủy khóa"))).unwrap();
        assert!(re.is_match("Ủy ban hòa thủy khóa"));
        assert!(re.is_match("Uỷ ban hoà thuỷ khoá"));
        assert_eq!(fold_word("Uỷ ban hoà khoá"), "Ủy ban hòa khóa");
        assert_eq!(fold_word("quý hoạch"), "quý hoạch");
    }

    #[test]
    fn tables_parse() {
        let t = tables();
        assert_eq!(
            t.doc_types
                .get("QĐi")
                .and_then(|x| x.first())
                .map(|x| x.0.as_str()),
            Some("Quy định")
        );
        assert_eq!(t.issuers.get("TU").map(String::as_str), Some("Tỉnh ủy"));
        assert!(t.units.iter().any(|u| u.surface == "ha"));
        assert_eq!(t.scales.get("tỷ"), Some(&9));
        assert!(
            t.ref_types
                .first()
                .is_some_and(|s| s == "Chương trình hành động")
        );
    }
}
