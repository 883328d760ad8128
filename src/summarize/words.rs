//! The words of the title and body sentences, interned once for both the
//! sentence scores and the keywords: each distinct lower-cased word gets an
//! id and its properties are computed once.

use super::Lexicon;
use crate::document::{Role, Work};

/// What is known of one distinct word.
#[derive(Debug)]
pub struct WordInfo {
    /// Lower case, syllables separated by one space.
    pub key: String,
    /// Has a letter or a digit (not punctuation alone).
    pub wordlike: bool,
    /// Has a letter.
    pub alpha: bool,
    /// Has an ASCII digit.
    pub digit: bool,
    /// A stopword.
    pub stop: bool,
    /// Too generic to be a keyword alone.
    pub generic: bool,
    /// Number of syllables.
    pub syllables: usize,
    /// The word is a comma.
    pub comma: bool,
}

impl WordInfo {
    /// A content word for sentence vectors: a word, not a stopword.
    pub fn term(&self) -> bool {
        self.wordlike && !self.stop
    }

    /// A content word for keywords: letters, no digits, not a stopword.
    pub fn keyword(&self) -> bool {
        self.alpha && !self.digit && !self.stop
    }
}

/// One title or body sentence.
pub struct Sent {
    /// Index into `work.segments`.
    pub seg: usize,
    /// Title or body.
    pub role: Role,
    /// Word ids, in order (punctuation included), one per word of the segment.
    pub words: Vec<u32>,
}

/// Interned words of the title and body sentences.
pub struct Words {
    /// Properties by id.
    pub info: Vec<WordInfo>,
    /// Title and body sentences, in document order.
    pub sents: Vec<Sent>,
    /// Body sentences past the limit, not read (see [`Words::new`]).
    pub skipped: usize,
}

impl Words {
    /// Reads the title and body sentences of `work`: of the body, at most
    /// [`crate::extract::item_limit`] sentences (50,000, or one per 64
    /// bytes of text), the first ones, so that a flood of one-character
    /// lines does not hold the summary's state for millions of them; no
    /// article comes near (the seed has one body sentence per 400 bytes).
    pub fn new(work: &Work) -> Words {
        let lex = Lexicon::get();
        let norm = work.text.norm();
        // Sized once for an article's distinct words (about half its
        // words); a huge input grows past it.
        let total: usize = work.segments.iter().map(|s| s.word_offsets.len()).sum();
        let size = (total / 2).min(super::MAX_PRESIZE);
        let mut ids: foldhash::HashMap<String, u32> =
            foldhash::HashMap::with_capacity_and_hasher(size, Default::default());
        // The id of each spelling already read: a repeated word skips
        // building its key (the same text has the same key).
        let mut seen: foldhash::HashMap<&str, u32> =
            foldhash::HashMap::with_capacity_and_hasher(size, Default::default());
        let mut info: Vec<WordInfo> = Vec::new();
        let mut sents = Vec::new();
        let mut buf = String::new();
        let limit = crate::extract::item_limit(norm.len());
        let (mut body, mut skipped) = (0usize, 0usize);
        for (seg, s) in work.segments.iter().enumerate() {
            let role = match work.lines.get(s.line).map(|l| l.role) {
                Some(r @ (Role::Body | Role::Title)) => r,
                _ => continue,
            };
            if role == Role::Body {
                if body >= limit {
                    skipped += 1;
                    continue;
                }
                body += 1;
            }
            let mut words = Vec::with_capacity(s.word_offsets.len());
            for w in s.words() {
                // One id per word, so ids and ranges stay aligned.
                let text = norm.get(w).unwrap_or("");
                if let Some(&id) = seen.get(text) {
                    words.push(id);
                    continue;
                }
                key_into(text, &mut buf);
                let id = match ids.get(buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = info.len() as u32;
                        info.push(describe(&buf, lex));
                        ids.insert(buf.clone(), id);
                        id
                    }
                };
                seen.insert(text, id);
                words.push(id);
            }
            sents.push(Sent { seg, role, words });
        }
        Words {
            info,
            sents,
            skipped,
        }
    }

    /// The properties of word `id`.
    pub fn get(&self, id: u32) -> Option<&WordInfo> {
        self.info.get(id as usize)
    }
}

fn describe(key: &str, lex: &Lexicon) -> WordInfo {
    WordInfo {
        key: key.to_string(),
        wordlike: key.chars().any(crate::chars::is_alnum),
        alpha: key.chars().any(crate::chars::is_alpha),
        digit: key.chars().any(|c| c.is_ascii_digit()),
        stop: lex.is_stop(key),
        generic: lex.is_generic(key),
        syllables: key.split(' ').count(),
        comma: key == ",",
    }
}

/// Writes the key of `word` (lower case, one space between syllables) into `buf`.
pub fn key_into(word: &str, buf: &mut String) {
    buf.clear();
    let mut space = false;
    for c in word.chars() {
        if c.is_whitespace() {
            space = !buf.is_empty();
            continue;
        }
        if space {
            buf.push(' ');
            space = false;
        }
        crate::chars::push_lower(c, buf);
    }
}
