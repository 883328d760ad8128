//! The word lists of the summarize stage, embedded at build time: stopwords
//! (dropped from sentence vectors and keywords) and generic verbs of news
//! prose (dropped from keywords only). Both are kept in both tone-mark
//! placements, so a document normalized either way matches.

use crate::normalize::{Tone, normalize_word};
use std::collections::HashSet;
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../../data/summarize/stopwords.txt");
const GENERIC: &str = include_str!("../../data/summarize/generic.txt");

/// Stopwords and generic words, each in one tone-mark placement.
#[derive(Debug)]
pub struct Lexicon {
    stop: HashSet<String>,
    generic: HashSet<String>,
}

impl Lexicon {
    /// The embedded lists in the placement `tone`, parsed once.
    pub fn get(tone: Tone) -> &'static Lexicon {
        static OLD: OnceLock<Lexicon> = OnceLock::new();
        static NEW: OnceLock<Lexicon> = OnceLock::new();
        match tone {
            Tone::Old => OLD.get_or_init(|| Lexicon::build(Tone::Old)),
            Tone::New => NEW.get_or_init(|| Lexicon::build(Tone::New)),
        }
    }

    fn build(tone: Tone) -> Lexicon {
        Lexicon {
            stop: parse(STOPWORDS, tone),
            generic: parse(GENERIC, tone),
        }
    }

    /// Whether a lower-cased word (syllables separated by one space) is a stopword.
    pub fn is_stop(&self, key: &str) -> bool {
        self.stop.contains(key)
    }

    /// Whether a lower-cased word is too generic to be a keyword.
    pub fn is_generic(&self, key: &str) -> bool {
        self.generic.contains(key)
    }
}

/// One entry a line; `#` starts a comment line.
fn parse(data: &str, tone: Tone) -> HashSet<String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| key_of(l, tone))
        .collect()
}

/// Lower case, syllables separated by one space, tone marks placed by `tone`.
fn key_of(entry: &str, tone: Tone) -> String {
    let lower = entry.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for (i, w) in lower.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&normalize_word(w, tone));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_not_stopwords() {
        for tone in [Tone::Old, Tone::New] {
            let lex = Lexicon::get(tone);
            assert!(lex.is_stop("của"));
            assert!(lex.is_stop("bởi vì"));
            assert!(!lex.is_stop("năm"));
            assert!(!lex.is_stop("cán bộ"));
            assert!(!lex.is_stop("nước"));
        }
    }
}
