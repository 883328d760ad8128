//! Tone marks: the one module that knows where a Vietnamese tone mark
//! stands, how to move it, and how to compare words whatever the placement.
//!
//! Everything else asks this module: the normalize stage ([`place_word`]
//! for the matching view, [`detect`] for the input's majority), the
//! gazetteers and word lists ([`placements`], so one table serves text in
//! either convention), the regexes of the extract stage
//! ([`either_placement`]), the word model's syllable hash ([`split`]), and
//! the output's normalized fields ([`canonical`]).
//!
//! A tone mark is placed by the standard orthographic rule on the syllable's
//! structure (onset, vowel nucleus, final consonant): on the vowel with a
//! diacritic (the last of "ươ"), else on the last vowel before a final
//! consonant, else on the middle one of three, else on the first of two —
//! except for the open "oa", "oe", "uy", whose mark stands on the first
//! vowel in the old convention ("hòa", "thủy") and on the second in the new
//! one ("hoà", "thuỷ"). Placing a syllable by the rule also repairs marks
//! typed on the wrong vowel ("baỏ" -> "bảo", "lựơng" -> "lượng").

use crate::chars::CharExt;
// Lower case of a letter without allocating (the first char of its lower case).
use crate::chars::lower_first as lower;
use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Tone-mark placement convention for the open syllables oa, oe, uy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tone {
    /// Traditional placement on the first vowel: hòa, khỏe, thủy.
    #[default]
    Old,
    /// Reformed placement on the second vowel: hoà, khoẻ, thuỷ.
    New,
}

impl Tone {
    /// The name reported in `source.tone` and taken by `--tone`.
    pub fn name(self) -> &'static str {
        match self {
            Tone::Old => "old",
            Tone::New => "new",
        }
    }
}

/// The toneless vowels, lower case then upper case, and the five tone
/// marks in the order grave, acute, hook, tilde, dot (numbered 1..=5).
const ROWS: [[char; 6]; 24] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// Every toned vowel of [`ROWS`] as (toned, row, mark), sorted by the
/// toned letter at compile time (the source of [`SPLIT`]).
const TONED: [(char, u8, u8); 120] = {
    let mut t = [('\0', 0u8, 0u8); 120];
    let mut n = 0;
    let mut r = 0;
    while r < 24 {
        let mut m = 1;
        while m < 6 {
            t[n] = (ROWS[r][m], r as u8, m as u8);
            n += 1;
            m += 1;
        }
        r += 1;
    }
    // Insertion sort: const fns have no slice::sort.
    let mut i = 1;
    while i < 120 {
        let mut j = i;
        while j > 0 && (t[j - 1].0 as u32) > (t[j].0 as u32) {
            let tmp = t[j - 1];
            t[j - 1] = t[j];
            t[j] = tmp;
            j -= 1;
        }
        i += 1;
    }
    t
};

/// Where [`SPLIT`] puts the letters of U+1EA0..=U+1EF9 (after the 241
/// of U+00C0..=U+01B0).
const SPLIT_HIGH: usize = 0x1B1 - 0xC0;

/// [`TONED`] as a table indexed by the letter (U+00C0..=U+01B0, then
/// U+1EA0..=U+1EF9): (row, mark), mark 0 for a letter without a tone
/// mark. One lookup instead of a binary search, for every letter of every
/// syllable the word model hashes.
const SPLIT: [(u8, u8); SPLIT_HIGH + (0x1EFA - 0x1EA0)] = {
    let mut t = [(0u8, 0u8); SPLIT_HIGH + (0x1EFA - 0x1EA0)];
    let mut i = 0;
    while i < TONED.len() {
        let (c, row, mark) = TONED[i];
        let u = c as usize;
        let at = if u >= 0x1EA0 {
            SPLIT_HIGH + (u - 0x1EA0)
        } else {
            u - 0xC0
        };
        t[at] = (row, mark);
        i += 1;
    }
    t
};

/// The combining tone marks, numbered like [`ROWS`]' columns.
const COMBINING: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Splits a letter into its toneless letter and its tone mark (0 for none,
/// 1..=5 grave, acute, hook, tilde, dot). A letter without a tone mark is
/// returned as it is with 0.
#[inline]
pub fn split(c: char) -> (char, u8) {
    let u = c as usize;
    let at = match u {
        0xC0..=0x1B0 => u - 0xC0,
        0x1EA0..=0x1EF9 => SPLIT_HIGH + (u - 0x1EA0),
        _ => return (c, 0),
    };
    match SPLIT.get(at) {
        Some(&(row, mark)) if mark != 0 => (ROWS.get(usize::from(row)).map_or(c, |r| r[0]), mark),
        _ => (c, 0),
    }
}

/// The tone mark number (1..=5) of a combining tone mark, if it is one.
#[inline]
pub fn combining_mark(c: char) -> Option<u8> {
    COMBINING.iter().position(|&m| m == c).map(|i| i as u8 + 1)
}

/// Puts tone mark `mark` (0..=5) on a toneless vowel; other letters, and
/// mark 0, come back unchanged.
#[inline]
pub fn compose(base: char, mark: u8) -> char {
    if mark == 0 || mark > 5 {
        return base;
    }
    match ROWS.iter().find(|r| r[0] == base) {
        Some(r) => r[mark as usize],
        None => base,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Vowels that carry a diacritic of their own, where the tone mark goes.
fn has_diacritic(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Onsets of Vietnamese syllables (lower case, toneless), "qu" and "gi" included.
fn is_onset(o: &[char]) -> bool {
    matches!(
        o,
        [] | ['b']
            | ['c']
            | ['c', 'h']
            | ['d']
            | ['đ']
            | ['g']
            | ['g', 'h']
            | ['h']
            | ['k']
            | ['k', 'h']
            | ['l']
            | ['m']
            | ['n']
            | ['n', 'g']
            | ['n', 'g', 'h']
            | ['n', 'h']
            | ['p']
            | ['p', 'h']
            | ['r']
            | ['s']
            | ['t']
            | ['t', 'h']
            | ['t', 'r']
            | ['v']
            | ['x']
            | ['q', 'u']
            | ['g', 'i']
    )
}

/// Final consonants.
fn is_coda(c: &[char]) -> bool {
    matches!(
        c,
        [] | ['c'] | ['c', 'h'] | ['m'] | ['n'] | ['n', 'g'] | ['n', 'h'] | ['p'] | ['t']
    )
}

/// Vowel nuclei that stand only in open syllables (they end in a glide, or
/// are "ia", "ua", "ưa").
fn is_open_nucleus(n: &[char]) -> bool {
    matches!(
        n,
        ['a', 'i']
            | ['a', 'o']
            | ['a', 'u']
            | ['a', 'y']
            | ['â', 'u']
            | ['â', 'y']
            | ['e', 'o']
            | ['ê', 'u']
            | ['i', 'a']
            | ['i', 'u']
            | ['o', 'i']
            | ['ô', 'i']
            | ['ơ', 'i']
            | ['u', 'a']
            | ['u', 'i']
            | ['ư', 'a']
            | ['ư', 'i']
            | ['ư', 'u']
            | ['i', 'ê', 'u']
            | ['y', 'ê', 'u']
            | ['o', 'a', 'i']
            | ['o', 'a', 'y']
            | ['o', 'e', 'o']
            | ['u', 'â', 'y']
            | ['u', 'ô', 'i']
            | ['u', 'y', 'u']
            | ['ư', 'ơ', 'i']
            | ['u', 'y', 'a']
            | ['u', 'ê', 'u']
    )
}

/// Vowel nuclei that need a final consonant.
fn is_closed_nucleus(n: &[char]) -> bool {
    matches!(
        n,
        ['ă']
            | ['â']
            | ['i', 'ê']
            | ['y', 'ê']
            | ['u', 'ô']
            | ['ư', 'ơ']
            | ['u', 'y', 'ê']
            | ['o', 'ă']
            | ['u', 'â']
            | ['o', 'o']
    )
}

/// Nuclei that stand in open and closed syllables alike.
fn is_free_nucleus(n: &[char]) -> bool {
    matches!(
        n,
        ['a']
            | ['e']
            | ['ê']
            | ['i']
            | ['o']
            | ['ô']
            | ['ơ']
            | ['u']
            | ['ư']
            | ['y']
            | ['o', 'a']
            | ['o', 'e']
            | ['u', 'y']
            | ['u', 'ê']
            | ['u', 'ơ']
            | ['y', 'a']
            | ['ư', 'ơ', 'u']
    )
}

/// The structure of one syllable, in chars of the word it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Syllable {
    /// First and end (exclusive) char index of the vowel nucleus.
    nucleus: (usize, usize),
    /// Whether a final consonant follows the nucleus.
    closed: bool,
}

/// Reads `lower_bases` (lower case, toneless letters of one word) as one
/// Vietnamese syllable: onset, nucleus, coda, each from the lists above.
fn parse(lower_bases: &[char]) -> Option<Syllable> {
    let n = lower_bases.len();
    if n == 0 || n > MAX_SYLLABLE {
        return None;
    }
    let mut v0 = lower_bases.iter().position(|&c| is_vowel(c))?;
    // "qu" and "gi" + vowel: the u and the i belong to the onset.
    if v0 >= 1 && lower_bases[v0 - 1] == 'q' {
        if lower_bases[v0] != 'u' {
            return None;
        }
        v0 += 1;
    } else if v0 == 1
        && lower_bases[0] == 'g'
        && lower_bases[1] == 'i'
        && lower_bases.get(2).is_some_and(|&c| is_vowel(c))
    {
        v0 = 2;
    }
    let onset = &lower_bases[..v0];
    let gi = onset == ['g', 'i'];
    if !is_onset(onset) {
        return None;
    }
    let v1 = v0
        + lower_bases[v0..]
            .iter()
            .take_while(|&&c| is_vowel(c))
            .count();
    if v1 == v0 {
        // "gi" alone ("gì") is a syllable whose nucleus is its i.
        if gi {
            return parse_nucleus(lower_bases, v0 - 1, v1);
        }
        return None;
    }
    parse_nucleus(lower_bases, v0, v1)
}

fn parse_nucleus(b: &[char], v0: usize, v1: usize) -> Option<Syllable> {
    let nu = &b[v0..v1];
    let coda = &b[v1..];
    if !is_coda(coda) {
        return None;
    }
    let closed = !coda.is_empty();
    let ok = is_free_nucleus(nu)
        || (!closed && is_open_nucleus(nu))
        || (closed && is_closed_nucleus(nu));
    ok.then_some(Syllable {
        nucleus: (v0, v1),
        closed,
    })
}

/// Where the tone mark of a syllable goes, as a char index of the word.
fn mark_position(bases: &[char], s: Syllable, tone: Tone) -> usize {
    let (v0, v1) = s.nucleus;
    if let Some(i) = (v0..v1).rev().find(|&i| has_diacritic(bases[i])) {
        return i;
    }
    match v1 - v0 {
        1 => v0,
        2 if s.closed => v0 + 1,
        2 => {
            let pair = (bases[v0], bases[v0 + 1]);
            let movable = matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y'));
            if movable && tone == Tone::New {
                v0 + 1
            } else {
                v0
            }
        }
        _ if s.closed => v1 - 1,
        _ => v0 + 1,
    }
}

/// The most letters a syllable can have: onset (3, "ngh"), nucleus (3,
/// "uyê") and coda (2, "ng") bound it at 8, so longer words are never one.
const MAX_SYLLABLE: usize = 8;

/// A syllable's letters split into toneless letters and marks, on the stack.
struct Split {
    len: usize,
    bases: [char; MAX_SYLLABLE],
    lower: [char; MAX_SYLLABLE],
    marks: [u8; MAX_SYLLABLE],
}

impl Split {
    fn lower(&self) -> &[char] {
        &self.lower[..self.len]
    }
    fn marks(&self) -> &[u8] {
        &self.marks[..self.len]
    }
}

/// Splits every letter of `word`; `None` when it is too long to be a syllable.
fn split_all(word: &[char]) -> Option<Split> {
    if word.len() > MAX_SYLLABLE {
        return None;
    }
    let mut s = Split {
        len: word.len(),
        bases: ['\0'; MAX_SYLLABLE],
        lower: ['\0'; MAX_SYLLABLE],
        marks: [0; MAX_SYLLABLE],
    };
    for (i, &c) in word.iter().enumerate() {
        let (b, m) = split(c);
        s.bases[i] = b;
        s.lower[i] = lower(b);
        s.marks[i] = m;
    }
    Some(s)
}

/// Whether `s` is in NFC: the answer of `is_nfc_quick(..) == Yes`, settled
/// without a table for text of ASCII and the precomposed Latin letters
/// Vietnamese is written in (all of them NFC and combining class 0).
#[inline]
pub fn is_nfc(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || matches!(c, '\u{00A0}'..='\u{02FF}' | '\u{1E00}'..='\u{1EFF}'))
        || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Whether `word` (precomposed) is one Vietnamese syllable with at most one tone mark.
pub fn is_syllable(word: &[char]) -> bool {
    let Some(s) = split_all(word) else {
        return false;
    };
    s.marks().iter().filter(|&&m| m != 0).count() <= 1 && parse(s.lower()).is_some()
}

/// Places the tone mark of one syllable (precomposed chars) by `tone`;
/// returns whether anything moved. Words that are not one syllable with
/// exactly one tone mark are left alone.
pub fn place_syllable(word: &mut [char], tone: Tone) -> bool {
    // Fast reject: no precomposed tone letter at all.
    if word.iter().all(|&c| split(c).1 == 0) {
        return false;
    }
    place_if_syllable(word, tone) == Some(true)
}

/// [`is_syllable`] and [`place_syllable`] in one reading: `None` when
/// `word` is not one syllable with at most one tone mark, else whether its
/// mark moved.
fn place_if_syllable(word: &mut [char], tone: Tone) -> Option<bool> {
    let s = split_all(word)?;
    let mut marked = s.marks().iter().enumerate().filter(|(_, m)| **m != 0);
    let first = marked.next();
    if marked.next().is_some() {
        return None;
    }
    let syl = parse(s.lower())?;
    let Some((at, &mark)) = first else {
        return Some(false);
    };
    let to = mark_position(s.lower(), syl, tone);
    if to == at {
        return Some(false);
    }
    word[at] = s.bases[at];
    word[to] = compose(s.bases[to], mark);
    Some(true)
}

/// The placement a syllable is written in, when it is an open oa/oe/uy
/// whose placement differs between the conventions.
pub fn style_of(word: &[char]) -> Option<Tone> {
    let s = split_all(word)?;
    let at = s.marks().iter().position(|&m| m != 0)?;
    let syl = parse(s.lower())?;
    let (v0, v1) = syl.nucleus;
    if syl.closed || v1 - v0 != 2 {
        return None;
    }
    if !matches!(
        (s.lower[v0], s.lower[v0 + 1]),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    ) {
        return None;
    }
    if at == v0 {
        Some(Tone::Old)
    } else if at == v0 + 1 {
        Some(Tone::New)
    } else {
        None
    }
}

/// Counts syllables written in each convention and returns the majority
/// (old on a tie or when nothing tells).
pub fn detect(text: &str) -> Tone {
    let (mut old, mut new) = (0usize, 0usize);
    let mut buf: Vec<char> = Vec::with_capacity(16);
    for word in text.split(|c: char| !c.is_alpha() && !is_combining(c)) {
        if word.is_ascii() || word.len() > 32 {
            continue;
        }
        // Only a tone mark on a, e, o, u or y can tell the convention.
        let may_tell = word.chars().any(|c| {
            let (b, m) = split(c);
            (m != 0 && matches!(lower(b), 'a' | 'e' | 'o' | 'u' | 'y')) || is_combining(c)
        });
        if !may_tell {
            continue;
        }
        buf.clear();
        if is_nfc(word) {
            buf.extend(word.chars());
        } else {
            buf.extend(word.nfc());
        }
        match style_of(&buf) {
            Some(Tone::Old) => old += 1,
            Some(Tone::New) => new += 1,
            None => {}
        }
    }
    if new > old { Tone::New } else { Tone::Old }
}

fn is_combining(c: char) -> bool {
    // No ASCII character combines: most calls end here, without a table.
    !c.is_ascii() && unicode_normalization::char::canonical_combining_class(c) != 0
}

/// Splits a word glued from syllables into its syllables: title-case parts
/// at inner capitals ("YênBái", "ĐắkLắk"), and lower-case words that are
/// neither one syllable nor a word of the lexicon but read as two or three
/// attested syllables ("hoạchđược" -> "hoạch" + "được"). Of several
/// readings, the one of fewest syllables, then of the most common ones,
/// wins ("cóthời" is "có thời", not "cót hời"). Only words with a Vietnamese letter qualify, so
/// "iPhone", "McDonald", "TPHCM" and English words stay whole.
pub fn glued_parts(word: &[char]) -> Option<Vec<std::ops::Range<usize>>> {
    if word.iter().all(char::is_ascii) || word.len() < 3 {
        return None;
    }
    if let Some(p) = camel_parts(word) {
        return Some(p);
    }
    if word.len() > 20 || !word.iter().all(|c| c.is_lowercase()) || is_syllable(word) {
        return None;
    }
    let mut key = String::with_capacity(4 * word.len());
    if syllable_count(word, &mut key).is_some() {
        return None;
    }
    let mut best: Option<(f64, Vec<std::ops::Range<usize>>)> = None;
    let mut parts = Vec::new();
    best_split(word, 0, &mut parts, 0.0, &mut best, &mut key);
    best.map(|(_, p)| p)
}

/// Tries every reading of `word[from..]` as at most three attested
/// syllables, keeping the best-scored whole reading in `best`.
fn best_split(
    word: &[char],
    from: usize,
    parts: &mut Vec<std::ops::Range<usize>>,
    score: f64,
    best: &mut Option<(f64, Vec<std::ops::Range<usize>>)>,
    key: &mut String,
) {
    if from == word.len() {
        // Fewer parts first: each part costs more than any syllable scores.
        let score = score - 100.0 * parts.len() as f64;
        // Two plain-ASCII syllables side by side read a loanword ("metro").
        let ascii = |r: &std::ops::Range<usize>| word[r.clone()].iter().all(char::is_ascii);
        let loanword = parts.windows(2).any(|p| ascii(&p[0]) && ascii(&p[1]));
        if parts.len() >= 2 && !loanword && best.as_ref().is_none_or(|b| score > b.0) {
            *best = Some((score, parts.clone()));
        }
        return;
    }
    if parts.len() == 3 {
        return;
    }
    for end in from + 1..=word.len().min(from + MAX_SYLLABLE) {
        let piece = &word[from..end];
        if !is_syllable(piece) {
            continue;
        }
        let Some(n) = syllable_count(piece, key) else {
            continue;
        };
        parts.push(from..end);
        best_split(word, end, parts, score + (1.0 + n as f64).ln(), best, key);
        parts.pop();
    }
}

/// Writes the lookup key of one syllable into `key`: lower case, old placement.
fn syllable_key(chars: &[char], key: &mut String) {
    key.clear();
    let mut v = ['\0'; MAX_SYLLABLE];
    if chars.len() <= MAX_SYLLABLE {
        for (d, &c) in v.iter_mut().zip(chars) {
            *d = lower(c);
        }
        let v = &mut v[..chars.len()];
        place_syllable(v, Tone::Old);
        key.extend(v.iter());
    } else {
        key.extend(chars.iter().map(|&c| lower(c)));
    }
}

/// How many words of the word list hold the syllable `chars` (see
/// [`SYLLABLE_COUNTS`]); `key` is scratch space.
fn syllable_count(chars: &[char], key: &mut String) -> Option<u32> {
    syllable_key(chars, key);
    syllable_counts().get(key.as_str()).copied()
}

/// For every syllable of the word list (`data/segment/pyvi-words.txt`),
/// lower case in the old placement, how many words of the list hold it; a
/// word of one syllable ("ôxy") is listed as itself. Derived from the word
/// list ahead of time (a test checks it is current), so loading it is a
/// parse of one small table, not a pass over the whole list.
pub(crate) const SYLLABLE_COUNTS: &str = include_str!("../data/tone/syllable-counts.tsv");

/// Loads the syllable counts now rather than on first use.
pub(crate) fn warm() {
    syllable_counts();
}

fn syllable_counts() -> &'static rustc_hash::FxHashMap<&'static str, u32> {
    static COUNTS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    COUNTS.get_or_init(|| {
        SYLLABLE_COUNTS
            .lines()
            .filter_map(|l| {
                let (k, n) = l.split_once('\t')?;
                Some((k, n.parse().ok()?))
            })
            .collect()
    })
}

/// Derives `SYLLABLE_COUNTS` from the word list: `syllable\tcount` lines
/// sorted by syllable (how `data/tone/syllable-counts.tsv` is made).
pub fn derive_syllable_counts(word_list: &str) -> String {
    let mut m: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    let mut buf: Vec<char> = Vec::new();
    let mut key = String::new();
    for word in word_list.lines() {
        for syl in word.split_whitespace() {
            buf.clear();
            buf.extend(syl.nfc());
            syllable_key(&buf, &mut key);
            *m.entry(key.clone()).or_insert(0) += 1;
        }
    }
    let mut out = String::new();
    for (k, n) in m {
        out.push_str(&k);
        out.push('\t');
        out.push_str(&n.to_string());
        out.push('\n');
    }
    out
}

/// Title-case parts of a word glued at inner capitals, when there are two
/// or more of at least two letters.
fn camel_parts(word: &[char]) -> Option<Vec<std::ops::Range<usize>>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..word.len() {
        if word[i].is_uppercase() && word[i - 1].is_lowercase() {
            parts.push(start..i);
            start = i;
        }
    }
    parts.push(start..word.len());
    if parts.len() < 2 {
        return None;
    }
    let title_case = |r: &std::ops::Range<usize>| {
        r.len() >= 2
            && word[r.start].is_uppercase()
            && word[r.start + 1..r.end].iter().all(|c| c.is_lowercase())
    };
    parts.iter().all(title_case).then_some(parts)
}

/// Normalizes one letter run: NFC, Latin eth folded to Vietnamese Đ,
/// glued syllables split with a space, tone marks placed by `tone` (and
/// misplaced ones repaired).
///
/// A pure function of its arguments, called for nearly every word of an
/// article (the matching view, marker folding, names): each thread keeps
/// the answers for the words it has seen (see `PlaceMemo`), so a word
/// is read as syllables once, not at every occurrence.
pub fn place_word(word: &str, tone: Tone) -> Cow<'_, str> {
    with_placed(word, tone, |placed| match placed {
        None => Cow::Borrowed(word),
        Some(p) => Cow::Owned(p.to_string()),
    })
}

/// Calls `f` with `word` placed as [`place_word`] places it: `None` when
/// it comes back as it is, else its placed form, lent from the thread's
/// memo without a copy (for callers that append it or replace by it).
pub fn with_placed<R>(word: &str, tone: Tone, f: impl FnOnce(Option<&str>) -> R) -> R {
    if word.is_ascii() {
        return f(None);
    }
    if word.len() > PlaceMemo::MAX_WORD {
        return lend(place_word_uncached(word, tone), f);
    }
    PLACE_MEMO.with(move |cell| match cell.try_borrow_mut() {
        Ok(mut memo) => memo.with(word, tone, f),
        Err(_) => lend(place_word_uncached(word, tone), f),
    })
}

/// Gives `f` a placement's changed form, or `None` when nothing changed.
fn lend<R>(placed: Cow<'_, str>, f: impl FnOnce(Option<&str>) -> R) -> R {
    match &placed {
        Cow::Borrowed(_) => f(None),
        Cow::Owned(p) => f(Some(p)),
    }
}

thread_local! {
    static PLACE_MEMO: std::cell::RefCell<PlaceMemo> = std::cell::RefCell::new(PlaceMemo::default());
}

/// One thread's answers of [`place_word`], per placement: `None` for a
/// word that comes back as it is, else its placed form. Bounded: emptied
/// when it holds [`PlaceMemo::MAX_ENTRIES`] words (a text of distinct
/// words costs a clear now and then, never unbounded memory).
#[derive(Default)]
struct PlaceMemo {
    maps: [rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>; 2],
}

impl PlaceMemo {
    /// Longer words (glued runs, junk) are placed without the memo.
    const MAX_WORD: usize = 48;
    /// Words kept per placement before the memo is emptied.
    const MAX_ENTRIES: usize = 1 << 15;

    /// Gives `f` the memo's answer for `word` (placing and keeping it
    /// first if it is new), without copying it.
    fn with<R>(&mut self, word: &str, tone: Tone, f: impl FnOnce(Option<&str>) -> R) -> R {
        let map = &mut self.maps[tone as usize];
        if let Some(placed) = map.get(word) {
            return f(placed.as_deref());
        }
        let kept = match place_word_uncached(word, tone) {
            Cow::Borrowed(_) => None,
            Cow::Owned(p) => Some(p.into_boxed_str()),
        };
        let answer = f(kept.as_deref());
        if map.len() >= Self::MAX_ENTRIES {
            map.clear();
        }
        map.insert(word.into(), kept);
        answer
    }
}

/// [`place_word`] without the memo.
fn place_word_uncached(word: &str, tone: Tone) -> Cow<'_, str> {
    let composed = is_nfc(word);
    // The common case, one precomposed syllable: placed on the stack.
    if composed {
        let mut buf = ['\0'; MAX_SYLLABLE];
        let mut n = 0;
        let mut fits = true;
        for c in word.chars() {
            if n == MAX_SYLLABLE || matches!(c, '\u{00D0}' | '\u{00F0}') {
                fits = false;
                break;
            }
            buf[n] = c;
            n += 1;
        }
        let syl = &mut buf[..n];
        if fits && let Some(moved) = place_if_syllable(syl, tone) {
            return if moved {
                Cow::Owned(syl.iter().collect())
            } else {
                Cow::Borrowed(word)
            };
        }
    }
    let mut chars: Vec<char> = if composed {
        word.chars().collect()
    } else {
        word.nfc().collect()
    };
    let mut changed = !composed;
    for c in chars.iter_mut() {
        if let Some(d) = match *c {
            '\u{00D0}' => Some('Đ'),
            '\u{00F0}' => Some('đ'),
            _ => None,
        } {
            *c = d;
            changed = true;
        }
    }
    // One syllable (the common case): only its mark may move.
    let parts = if is_syllable(&chars) {
        None
    } else {
        glued_parts(&chars)
    };
    let Some(parts) = parts else {
        changed |= place_syllable(&mut chars, tone);
        return if changed {
            Cow::Owned(chars.into_iter().collect())
        } else {
            Cow::Borrowed(word)
        };
    };
    let mut out = String::with_capacity(word.len() + parts.len());
    for (k, r) in parts.into_iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let syl = &mut chars[r];
        place_syllable(syl, tone);
        out.extend(syl.iter());
    }
    Cow::Owned(out)
}

/// The canonical form of a normalized field (a name, an issuer, a key, a
/// keyword): NFC, glued syllables split, marks placed by `tone`, white
/// space collapsed to single spaces and trimmed. Two spellings of one name
/// in any encoding, normalization form or tone style give one string.
pub fn canonical(s: &str, tone: Tone) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut run_start: Option<usize> = None;
    let flush = |out: &mut String, run: &str| {
        with_placed(run, tone, |placed| out.push_str(placed.unwrap_or(run)))
    };
    let nfc: Cow<'_, str> = if is_nfc(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    };
    let s = nfc.as_ref();
    for (i, c) in s.char_indices() {
        let letter = c.is_alpha() || (!c.is_ascii() && is_combining(c));
        if letter {
            if run_start.is_none() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                run_start = Some(i);
            }
            continue;
        }
        if let Some(st) = run_start.take() {
            flush(&mut out, &s[st..i]);
        }
        if c.is_whitespace() || is_invisible(c) {
            pending_space |= c.is_whitespace();
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    if let Some(st) = run_start {
        flush(&mut out, &s[st..]);
    }
    out
}

/// Characters with no width, deleted from the normalized view and from
/// names: zero-width spaces and joiners, word joiner, byte-order mark,
/// soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The comparison key of a word or phrase: [`canonical`] in the old placement.
pub fn key(s: &str) -> String {
    canonical(s, Tone::Old)
}

/// Both placements of a phrase (the old one first; one string when they
/// agree), for tables that must match text in either convention.
pub fn placements(phrase: &str) -> Vec<String> {
    let old = canonical(phrase, Tone::Old);
    let new = canonical(phrase, Tone::New);
    if old == new {
        vec![old]
    } else {
        vec![old, new]
    }
}

/// Rewrites a regex fragment so that every open oa/oe/uy whose tone mark
/// moves between conventions ("òa"/"oà", "ủy"/"uỷ", "óe"/"oé") matches in
/// both placements. The fragment must not use these letters inside
/// character classes.
pub fn either_placement(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(&n) = chars.get(i + 1) {
            let ((b1, t1), (b2, t2)) = (split(c), split(n));
            let pair = matches!((lower(b1), lower(b2)), ('o', 'a') | ('o', 'e') | ('u', 'y'));
            if pair
                && (t1 == 0) != (t2 == 0)
                && !chars.get(i + 2).is_some_and(|c| c.is_alpha())
                && !(i > 0 && matches!(chars[i - 1], 'q' | 'Q'))
            {
                let mark = t1.max(t2);
                let old: String = [compose(b1, mark), b2].iter().collect();
                let new: String = [b1, compose(b2, mark)].iter().collect();
                out.push_str(&format!("(?:{old}|{new})"));
                i += 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str, tone: Tone) -> String {
        place_word(s, tone).into_owned()
    }

    #[test]
    fn the_table_is_complete_and_sorted() {
        for row in ROWS {
            for (m, &c) in row.iter().enumerate().skip(1) {
                assert_eq!(split(c), (row[0], m as u8), "{c}");
                assert_eq!(compose(row[0], m as u8), c);
                // The table agrees with Unicode's own decomposition.
                let d: String = std::iter::once(c).nfd().collect();
                let want: String = [row[0], COMBINING[m - 1]].iter().collect();
                assert_eq!(d.nfc().collect::<String>(), want.nfc().collect::<String>());
            }
        }
        assert!(TONED.windows(2).all(|p| p[0].0 < p[1].0));
        assert_eq!(split('đ'), ('đ', 0));
        assert_eq!(split('Ð'), ('Ð', 0));
    }

    #[test]
    fn the_split_table_answers_as_the_sorted_list() {
        for u in 0..=0x2FFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = match TONED.binary_search_by_key(&u, |e| e.0 as u32) {
                Ok(i) => (ROWS[TONED[i].1 as usize][0], TONED[i].2),
                Err(_) => (c, 0),
            };
            assert_eq!(split(c), want, "{c:?}");
        }
    }

    #[test]
    fn the_memo_answers_as_the_rule_does() {
        // Words that stay, words whose mark moves, NFD, eth, glued
        // syllables, camel case, punctuation and long junk; each asked
        // twice (the second answer comes from the memo), in both placements.
        let nfd: String = "thuỷ".nfd().collect();
        let words = [
            "hòa",
            "hoà",
            "Thủy",
            "thuỷ",
            "baỏ",
            "lựơng",
            "ĐắkLắk",
            "hoạchđược",
            "bộ,",
            "Ðảng",
            "ngưòi",
            "cóthời",
            "x\u{301}",
            &nfd,
            "Việt",
            "(Hà",
            "nộị",
            "ạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạạ",
        ];
        for tone in [Tone::Old, Tone::New] {
            for _ in 0..2 {
                for word in words {
                    let want = place_word_uncached(word, tone);
                    let got = place_word(word, tone);
                    assert_eq!(got, want, "{word:?} {tone:?}");
                    // Unchanged words come back borrowed, as without the memo.
                    assert_eq!(
                        matches!(got, Cow::Borrowed(_)),
                        matches!(want, Cow::Borrowed(_)),
                        "{word:?}"
                    );
                    // The lent form is the same answer, without a copy.
                    let lent = with_placed(word, tone, |p| p.map(str::to_string));
                    let owned = match &want {
                        Cow::Borrowed(_) => None,
                        Cow::Owned(p) => Some(p.clone()),
                    };
                    assert_eq!(lent, owned, "{word:?} {tone:?}");
                    // A placement inside another one's answer is placed
                    // too (the memo is busy: the rule answers).
                    let nested = with_placed(word, tone, |_| place_word(word, tone).into_owned());
                    assert_eq!(nested, want.as_ref(), "{word:?}");
                }
            }
        }
        // Past its bound the memo is emptied and keeps answering.
        let many: Vec<String> = (0..PlaceMemo::MAX_ENTRIES + 10)
            .map(|i| format!("hoà{i}"))
            .collect();
        for word in &many {
            assert_eq!(
                place_word(word, Tone::Old),
                place_word_uncached(word, Tone::Old)
            );
            assert_eq!(
                with_placed(word, Tone::New, |p| p.map(str::to_string)),
                Some(place_word_uncached(word, Tone::New).into_owned()).filter(|p| p != word)
            );
        }
        PLACE_MEMO.with(|m| assert!(m.borrow().maps[0].len() <= PlaceMemo::MAX_ENTRIES));
        assert_eq!(w("hoà", Tone::Old), "hòa");
    }

    #[test]
    fn placement_follows_the_convention() {
        assert_eq!(w("hoà", Tone::Old), "hòa");
        assert_eq!(w("thuỷ", Tone::Old), "thủy");
        assert_eq!(w("Khoẻ", Tone::Old), "Khỏe");
        assert_eq!(w("hòa", Tone::New), "hoà");
        assert_eq!(w("Ủy", Tone::New), "Uỷ");
        for tone in [Tone::Old, Tone::New] {
            assert_eq!(w("hoàng", tone), "hoàng");
            assert_eq!(w("quý", tone), "quý");
            assert_eq!(w("của", tone), "của");
            assert_eq!(w("giữ", tone), "giữ");
            assert_eq!(w("gì", tone), "gì");
            assert_eq!(w("người", tone), "người");
            assert_eq!(w("khuyến", tone), "khuyến");
            assert_eq!(w("ngoài", tone), "ngoài");
        }
    }

    #[test]
    fn misplaced_marks_are_repaired() {
        assert_eq!(w("baỏ", Tone::Old), "bảo");
        assert_eq!(w("lựơng", Tone::Old), "lượng");
        assert_eq!(w("nghịêm", Tone::Old), "nghiệm");
        assert_eq!(w("hòan", Tone::Old), "hoàn");
        assert_eq!(w("Qủa", Tone::Old), "Quả");
        // Not a syllable, or two marks: left alone.
        assert_eq!(w("Ñandú", Tone::Old), "Ñandú");
        assert_eq!(w("nghịêmm", Tone::Old), "nghịêmm");
    }

    #[test]
    fn glued_syllables_are_split() {
        assert_eq!(w("YênBái", Tone::Old), "Yên Bái");
        assert_eq!(w("ĐắkLắk", Tone::Old), "Đắk Lắk");
        assert_eq!(w("hoạchđược", Tone::Old), "hoạch được");
        assert_eq!(w("sungmột", Tone::Old), "sung một");
        assert_eq!(w("cóthời", Tone::Old), "có thời");
        assert_eq!(w("giàuchất", Tone::Old), "giàu chất");
        // Real syllables, ASCII words and names stay whole.
        for word in [
            "nghiêng", "khuyến", "iPhone", "online", "TPHCM", "McDonald", "Nguyễn", "ôxy",
            "đoteri", "Malèna",
        ] {
            assert_eq!(w(word, Tone::Old), word);
        }
    }

    #[test]
    fn the_fast_nfc_check_agrees_with_the_quick_check() {
        for c in ('\u{00A0}'..='\u{02FF}').chain('\u{1E00}'..='\u{1EFF}') {
            let s = c.to_string();
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        // The fast path of is_combining: no ASCII character combines.
        for c in '\0'..='\u{7F}' {
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            assert!(!is_combining(c));
        }
        assert!(is_combining('\u{0301}') && is_combining('\u{0323}'));
        assert!(!is_nfc("Nghi\u{0323} quyê\u{0301}t"));
        assert!(is_nfc("Nghị quyết"));
    }

    #[test]
    fn the_syllable_counts_are_current() {
        let derived = derive_syllable_counts(crate::data::WORD_LIST);
        crate::data::assert_current(
            "data/tone/syllable-counts.tsv",
            derived.as_bytes(),
            SYLLABLE_COUNTS.as_bytes(),
        );
    }

    #[test]
    fn the_majority_is_detected() {
        assert_eq!(detect("cấp ủy, Ủy ban, hòa bình, các cấp uỷ"), Tone::Old);
        assert_eq!(detect("cấp uỷ, Uỷ ban, hoà bình, cấp ủy"), Tone::New);
        assert_eq!(detect("không có gì"), Tone::Old);
    }

    #[test]
    fn canonical_forms_agree() {
        let nfd: String = "Tỉnh  uỷ\u{A0}Yên Bái".nfd().collect();
        assert_eq!(canonical(&nfd, Tone::Old), "Tỉnh ủy Yên Bái");
        assert_eq!(canonical("Tỉnh ủy YênBái", Tone::New), "Tỉnh uỷ Yên Bái");
        assert_eq!(canonical(" Bộ KH&ĐT ", Tone::Old), "Bộ KH&ĐT");
        assert_eq!(
            canonical("Bà Rịa -  Vũng Tàu", Tone::Old),
            "Bà Rịa - Vũng Tàu"
        );
        assert_eq!(key("Uỷ ban"), key("Ủy ban"));
        assert_eq!(placements("Ủy ban hòa"), vec!["Ủy ban hòa", "Uỷ ban hoà"]);
    }

    #[test]
    fn regex_fragments_match_both_placements() {
        let re = regex::Regex::new(&format!("^{}$", either_placement("Ủy ban hòa thủy khóa")))
            .expect("regex");
        assert!(re.is_match("Uỷ ban hoà thuỷ khoá"));
        assert!(re.is_match("Ủy ban hòa thủy khóa"));
    }
}
