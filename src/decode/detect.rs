//! How Vietnamese a decoded text looks: the share of its words that are
//! well-formed Vietnamese syllables (onset + rhyme + at most one tone mark),
//! and how many control characters it has.
//!
//! A wrong 8-bit decoding of Vietnamese turns letters with diacritics into
//! symbols, foreign letters or stray marks, so the words that contain
//! non-ASCII characters stop being syllables. Pure-ASCII words decode the same
//! in every candidate and carry no signal, so only "informative" words (with
//! at least one non-ASCII character) are weighed.

use crate::chars::CharExt;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use unicode_normalization::char::decompose_canonical;

/// The frequent syllables, one or more a line, `#` comments.
const COMMON_SYLLABLES: &str = include_str!("../../data/encodings/common_syllables.txt");

/// The frequent syllables as [`Word::key`]s, parsed on first use.
fn common_syllables() -> &'static FxHashSet<Box<[u8]>> {
    static SET: OnceLock<FxHashSet<Box<[u8]>>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = FxHashSet::default();
        for line in COMMON_SYLLABLES.lines().filter(|l| !l.starts_with('#')) {
            for syllable in line.split_whitespace() {
                let mut word = Word::default();
                syllable.chars().for_each(|c| word.push(c));
                let mut buf = [0u8; KEY_LEN];
                if let Some(key) = word.key(&mut buf) {
                    set.insert(Box::from(key));
                }
            }
        }
        set
    })
}

/// Room for a [`Word::key`]: the letters (up to 4 bytes each), the tone
/// mark and its place.
const KEY_LEN: usize = MAX_LETTERS * 4 + 2;

/// Counts gathered over one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// Characters seen.
    pub chars: usize,
    /// Non-ASCII characters seen.
    pub non_ascii: usize,
    /// Control characters other than tab, newline, carriage return and form
    /// feed, plus U+FFFD.
    pub controls: usize,
    /// Words: runs of characters between boundaries (see [`is_boundary`])
    /// with at least one letter.
    pub words: usize,
    /// Words that contain a non-ASCII character.
    pub informative: usize,
    /// Informative words that are valid Vietnamese syllables.
    pub informative_valid: usize,
    /// Informative words that are frequent syllables
    /// (`data/encodings/common_syllables.txt`): the tie-breaker.
    pub common: usize,
}

impl Score {
    /// Higher is more Vietnamese-looking; comparable between decodings of the
    /// same bytes.
    pub(crate) fn value(&self) -> i64 {
        let valid = count(self.informative_valid);
        let invalid = count(self.informative - self.informative_valid);
        valid
            .saturating_sub(invalid)
            .saturating_sub(count(self.controls).saturating_mul(3))
    }

    /// Whether the text is believable as (Vietnamese or at least ordinary)
    /// text: few control characters, and either most informative words are
    /// syllables or words spoilt by non-ASCII characters are rare.
    pub(crate) fn plausible(&self) -> bool {
        if self.chars == 0 {
            return true;
        }
        // More than 1 control character in 200 is not text.
        if self.controls * 200 > self.chars {
            return false;
        }
        if self.informative == 0 {
            // No words with non-ASCII letters: fine if the non-ASCII
            // characters are a sprinkling of punctuation or symbols.
            return self.non_ascii * 4 <= self.chars;
        }
        // At least half the informative words are syllables ("Đại học
        // Zürich"), or the others are rare among all words (text in another
        // language with a few odd characters).
        let invalid = self.informative - self.informative_valid;
        self.informative_valid >= invalid || invalid * 10 <= self.words
    }
}

/// Whether the runner-up's value `other` comes close to the winner's
/// `value` (whose counts are `best`): within one word, or one word in
/// twenty of the winner's informative words.
pub(crate) fn close(value: i64, other: i64, best: &Score) -> bool {
    value.saturating_sub(other) <= 1 + count(best.informative / 20)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Scores `text`.
pub(crate) fn score(text: &str) -> Score {
    let mut s = Score::default();
    let mut word = Word::default();
    for c in text.chars() {
        s.chars += 1;
        if !c.is_ascii() {
            s.non_ascii += 1;
        }
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
            || c == char::REPLACEMENT_CHARACTER
        {
            s.controls += 1;
        }
        if is_boundary(c) {
            word.finish(&mut s);
        } else {
            word.push(c);
        }
    }
    word.finish(&mut s);
    s
}

/// Characters that end a word: spaces, controls, ASCII punctuation and
/// digits, general punctuation (quotes, dashes, ellipsis, bullets) and
/// guillemets. Anything else, such as a `¥` or `º` that a wrong decoding puts
/// between letters, belongs to the word (and spoils it).
fn is_boundary(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || c.is_ascii_punctuation()
        || c.is_ascii_digit()
        || ('\u{2000}'..='\u{206f}').contains(&c)
        || matches!(c, '«' | '»' | '¡' | '¿')
}

/// The longest Vietnamese syllable has 7 letters ("nghiêng").
const MAX_LETTERS: usize = 7;

/// A word being read: its letters lower-cased with tone marks taken off
/// (but ă â ê ô ơ ư đ kept as letters), and its tone marks counted.
#[derive(Default)]
struct Word {
    letters: [char; MAX_LETTERS],
    len: usize,
    tones: u32,
    /// The index in `letters` of the letter the (last) tone mark sits on.
    tone_at: Option<usize>,
    /// The (last) tone mark.
    tone: Option<char>,
    non_ascii: bool,
    /// Too long, or a letter or mark that Vietnamese does not have.
    broken: bool,
    /// Any letter seen (a run of symbols alone is no word).
    has_letter: bool,
    /// Any lower-case letter seen.
    lower: bool,
    /// An upper-case letter after a lower-case one ("cÊp", "tƯch"): the
    /// shape of a wrong decoding, not of a word.
    mixed_case: bool,
}

impl Word {
    fn push(&mut self, c: char) {
        if c.is_alpha() {
            self.has_letter = true;
            if c.is_lowercase() {
                self.lower = true;
            } else if c.is_uppercase() && self.lower {
                self.mixed_case = true;
            }
        }
        if !c.is_ascii() {
            self.non_ascii = true;
        }
        if self.broken {
            return;
        }
        let lower = crate::chars::lower_first(c);
        decompose_canonical(lower, |d| self.push_part(d));
    }

    /// Takes one character of a canonical decomposition.
    fn push_part(&mut self, d: char) {
        match d {
            '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => {
                if self.len == 0 {
                    self.broken = true;
                }
                self.tones += 1;
                self.tone_at = self.len.checked_sub(1);
                self.tone = Some(d);
            }
            '\u{302}' | '\u{306}' | '\u{31b}' => {
                let Some(last) = self
                    .len
                    .checked_sub(1)
                    .and_then(|i| self.letters.get_mut(i))
                else {
                    self.broken = true;
                    return;
                };
                *last = match (*last, d) {
                    ('a', '\u{302}') => 'â',
                    ('a', '\u{306}') => 'ă',
                    ('e', '\u{302}') => 'ê',
                    ('o', '\u{302}') => 'ô',
                    ('o', '\u{31b}') => 'ơ',
                    ('u', '\u{31b}') => 'ư',
                    _ => {
                        self.broken = true;
                        return;
                    }
                };
            }
            'a' | 'b' | 'c' | 'd' | 'đ' | 'e' | 'g' | 'h' | 'i' | 'k' | 'l' | 'm' | 'n' | 'o'
            | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'x' | 'y' => {
                match self.letters.get_mut(self.len) {
                    Some(slot) => {
                        *slot = d;
                        self.len += 1;
                    }
                    None => self.broken = true,
                }
            }
            _ => self.broken = true,
        }
    }

    /// The word's identity whatever its case and normalization form: its
    /// toneless letters, tone mark and the tone's place, written into `buf`.
    /// `None` for a broken or too long word.
    fn key<'b>(&self, buf: &'b mut [u8; KEY_LEN]) -> Option<&'b [u8]> {
        if self.broken || self.tones > 1 {
            return None;
        }
        let mut len = 0;
        for &c in self.letters.get(..self.len)? {
            len += c.encode_utf8(buf.get_mut(len..)?).len();
        }
        let tone = match self.tone {
            Some('\u{300}') => 1,
            Some('\u{301}') => 2,
            Some('\u{303}') => 3,
            Some('\u{309}') => 4,
            Some(_) => 5,
            None => 0,
        };
        let place = self.tone_at.and_then(|t| u8::try_from(t).ok()).unwrap_or(0);
        *buf.get_mut(len)? = tone;
        *buf.get_mut(len + 1)? = place;
        buf.get(..len + 2)
    }

    fn finish(&mut self, s: &mut Score) {
        if self.has_letter {
            s.words += 1;
            if self.non_ascii {
                let letters = self.letters.get(..self.len).unwrap_or_default();
                let valid = !self.broken
                    && !self.mixed_case
                    && self.tones <= 1
                    && is_syllable(letters, self.tone_at);
                // An abbreviation ("ĐH", "HĐND", "TƯ"): capitals of the
                // Vietnamese alphabet without tone marks. No syllable, but
                // no sign of a wrong decoding either: it does not count.
                let abbreviation = !self.broken && !self.lower && self.tones == 0 && self.len >= 2;
                if valid || !abbreviation {
                    s.informative += 1;
                    s.informative_valid += usize::from(valid);
                }
                let mut buf = [0u8; KEY_LEN];
                if valid
                    && self
                        .key(&mut buf)
                        .is_some_and(|k| common_syllables().contains(k))
                {
                    s.common += 1;
                }
            }
        }
        *self = Word::default();
    }
}

const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel clusters, final glides (i y o u) included.
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo",
    "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu",
];

/// Nuclei that end in a glide (i, y, o, u) or are the open diphthongs ia,
/// ua, ưa: they take no final consonant.
const OPEN_NUCLEI: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
];

/// Nuclei that need a final consonant: iê, yê, uô, ươ, uyê (without one
/// they are written ia, ua, ưa, uya).
const CLOSED_NUCLEI: &[&str] = &["iê", "yê", "uô", "ươ", "uyê"];

/// Where a tone mark may sit in a nucleus (character index within it).
fn tone_places(nucleus: &str) -> &'static [usize] {
    match nucleus.chars().count() {
        1 => &[0],
        _ if matches!(nucleus, "oa" | "oe" | "uy") => &[0, 1],
        // The loanword rhyme "oo" ("xoong") is written without a tone: a
        // toned "oõ", "oọ" is VNI's ô read as TCVN3.
        _ if nucleus == "oo" => &[],
        _ if nucleus == "uyê" => &[2],
        2 if OPEN_NUCLEI.contains(&nucleus) => &[0],
        // iê yê uô ươ uâ uê uơ oă, and the triphthongs: the middle letter.
        _ => &[1],
    }
}

/// Vietnamese spelling of the onset before the nucleus: k, gh, ngh only
/// before i, e, ê (k also before y); c, g, ng never before them (c and
/// ng not before y either; "gì" is gi + i).
fn spelled_right(onset: &str, nucleus: &str) -> bool {
    let front = nucleus.starts_with(['i', 'e', 'ê']);
    match onset {
        "k" => front || nucleus.starts_with('y'),
        "gh" | "ngh" => front,
        "c" | "ng" => !front && !nucleus.starts_with('y'),
        "g" => !nucleus.starts_with(['e', 'ê']),
        _ => true,
    }
}

/// Whether toneless lower-case `letters` split into onset + nucleus + coda
/// as Vietnamese spells syllables, with the tone mark (on the letter at
/// `tone_at`, if any) on the nucleus where Vietnamese puts it.
fn is_syllable(letters: &[char], tone_at: Option<usize>) -> bool {
    let mut buf = [0u8; MAX_LETTERS * 4];
    let mut len = 0;
    for &c in letters {
        let Some(rest) = buf.get_mut(len..) else {
            return false;
        };
        len += c.encode_utf8(rest).len();
    }
    let Some(word) = buf.get(..len).and_then(|b| std::str::from_utf8(b).ok()) else {
        return false;
    };
    ONSETS.iter().any(|onset| {
        word.strip_prefix(onset).is_some_and(|rhyme| {
            CODAS.iter().any(|coda| {
                rhyme.strip_suffix(coda).is_some_and(|nucleus| {
                    NUCLEI.contains(&nucleus)
                        && spelled_right(onset, nucleus)
                        && if coda.is_empty() {
                            !CLOSED_NUCLEI.contains(&nucleus)
                        } else {
                            !OPEN_NUCLEI.contains(&nucleus)
                        }
                        && tone_at.is_none_or(|t| {
                            t.checked_sub(onset.chars().count())
                                .is_some_and(|at| tone_places(nucleus).contains(&at))
                        })
                })
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(word: &str) -> bool {
        let s = score(word);
        assert_eq!(s.words, 1, "{word}");
        if s.informative == 0 {
            // ASCII words: check the structure directly.
            let letters: Vec<char> = word.to_lowercase().chars().collect();
            return is_syllable(&letters, None);
        }
        s.informative_valid == 1
    }

    #[test]
    fn syllables() {
        for w in [
            "Việt", "nghiêng", "Nghị", "quyết", "Đảng", "Ủy", "ban", "nhân", "dân", "giữa", "gìn",
            "khuyến", "người", "tuyển", "hoặc", "chuyên", "yêu", "ươu", "thuở", "quốc", "phòng",
            "VIỆT", "oẳn", "a",
        ] {
            assert!(valid(w), "{w} should be a syllable");
        }
        // Combining tone marks (Windows-1258 style) count like precomposed ones.
        assert!(valid("Vi\u{ea}\u{323}t"));
        assert!(valid("\u{110}a\u{309}ng"));
    }

    #[test]
    fn non_syllables() {
        for w in [
            "Vieät",
            "ViÖt",
            "Đảàng",
            "ngh\u{e0}\u{301}",
            "µng",
            "string",
            "xyz",
            "Ðaång",
            "nghiêngg",
            "\u{301}a",
            "é\u{306}",
        ] {
            assert!(!valid(w), "{w} should not be a syllable");
        }
    }

    #[test]
    fn counts_controls_and_informative_words() {
        let s = score("Việt Nam\u{1}\u{fffd} café\tok");
        assert_eq!(s.words, 4);
        assert_eq!(s.informative, 2);
        assert_eq!(s.informative_valid, 1);
        assert_eq!(s.controls, 2);
        assert!(!Score::default().value().is_negative());
    }

    #[test]
    fn common_syllables_parse_and_match_any_form() {
        // Every listed syllable is one (a misspelt entry would be dropped).
        let listed: FxHashSet<&str> = COMMON_SYLLABLES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect();
        assert_eq!(common_syllables().len(), listed.len());
        assert_eq!(listed.len(), 396);
        // Precomposed, Windows-1258 style (combining tone), upper case.
        for w in ["bộ", "bô\u{323}", "BỘ", "Nhiều", "nhiê\u{300}u"] {
            assert_eq!(score(w).common, 1, "{w}");
        }
        for w in ["bé", "nhỉu", "tèt", "cÊp"] {
            assert_eq!(score(w).common, 0, "{w}");
        }
    }

    #[test]
    fn plausibility() {
        assert!(score("Ủy ban nhân dân tỉnh Yên Bái").plausible());
        assert!(score("plain text with a © sign").plausible());
        // One foreign word beside a syllable, and capital abbreviations.
        assert!(score("Đại học Zürich").plausible());
        assert!(score("trường ĐH").plausible());
        assert_eq!(score("trường ĐH").informative, 1);
        assert!(!score("Zürich").plausible());
        assert!(!score("\u{1}\u{2}\u{3}abc").plausible());
        assert!(!score("Ãœ¡¢ ÃÂµ ÆÃ©Ã ØÞÐ").plausible());
        assert!(score("").plausible());
    }
}
