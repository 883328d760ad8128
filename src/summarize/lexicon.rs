//! The word lists of the summarize stage, embedded at build time: stopwords
//! (dropped from sentence vectors and keywords) and generic verbs of news
//! prose (dropped from keywords only). Each entry is kept in both tone-mark
//! placements in one set, so a document normalized either way matches.

use crate::tone;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const STOPWORDS: &str = include_str!("../../data/summarize/stopwords.txt");
const GENERIC: &str = include_str!("../../data/summarize/generic.txt");

/// Stopwords and generic words, each in both tone-mark placements.
#[derive(Debug)]
pub struct Lexicon {
    stop: FxHashSet<String>,
    generic: FxHashSet<String>,
}

impl Lexicon {
    /// The embedded lists, parsed once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon {
            stop: parse(STOPWORDS),
            generic: parse(GENERIC),
        })
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

/// One entry a line; `#` starts a comment line. Lower case, syllables
/// separated by one space, in both placements.
fn parse(data: &str) -> FxHashSet<String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .flat_map(|l| tone::placements(&l.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_are_not_stopwords() {
        let lex = Lexicon::get();
        assert!(lex.is_stop("của"));
        assert!(lex.is_stop("bởi vì"));
        assert!(!lex.is_stop("năm"));
        assert!(!lex.is_stop("cán bộ"));
        assert!(!lex.is_stop("nước"));
    }
}
