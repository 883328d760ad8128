//! Stage 3, segment: paragraphs, sentences, syllables and words.
//!
//! Each extractable line is a paragraph. It is split into [`tokens`]
//! (syllables and units never cut: numbers, dates, codes, abbreviations,
//! URLs), the tokens into [`sentences`], and each sentence's tokens into
//! words by the trained [`Segmenter`] (an averaged structured perceptron,
//! retrained with `analyze train-segmenter`, see [`train`]).

pub mod eval;
mod model;
mod sentence;
mod token;
pub mod train;

pub use eval::{Prf, score};
pub use model::{ModelError, Segmenter};
pub use sentence::sentences;
pub use token::{Token, TokenKind, tokens};

use crate::document::{Sentence, Work};
use std::ops::Range;

/// Longest sentence, in tokens: a longer run without a sentence end (a
/// table flattened into one line, a flood of numbers) is cut into pieces of
/// this many tokens, so that no stage holds more than a window of tokens
/// and every sentence's word offsets fit in a `u32`. Real sentences are
/// far shorter (the longest of the 2,653 bench-news articles has 230).
pub const MAX_SENTENCE_TOKENS: usize = 8192;

/// Tokens of a line held at once: a long line is tokenized window by
/// window, so its tokens never all stand in memory.
const WINDOW_TOKENS: usize = 2 * MAX_SENTENCE_TOKENS;

/// Fills `work.segments` with the sentences of every extractable line,
/// words by the model `seg`.
pub fn run(work: &mut Work, seg: &Segmenter) {
    let norm = work.text.norm();
    let mut out = Vec::new();
    let mut toks = Vec::new();
    let mut words = Vec::new();
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for (li, line) in work.lines.iter().enumerate() {
        if !line.role.is_extractable() {
            continue;
        }
        let Some(text) = norm.get(line.norm.clone()) else {
            continue;
        };
        let base = line.norm.start;
        toks.clear();
        let mut pos = 0;
        loop {
            // Fill the window; the sentences found in it are final except
            // the last, which may go on past the window: its tokens start
            // the next one.
            let room = WINDOW_TOKENS - toks.len();
            pos = token::tokens_from(text, pos, &mut toks, room);
            let done = pos >= text.len();
            pieces.clear();
            for r in sentence::sentence_tokens(text, &toks) {
                let mut start = r.start;
                while r.end - start > MAX_SENTENCE_TOKENS {
                    pieces.push(start..start + MAX_SENTENCE_TOKENS);
                    start += MAX_SENTENCE_TOKENS;
                }
                pieces.push(start..r.end);
            }
            let keep = if done {
                pieces.len()
            } else {
                pieces.len().saturating_sub(1)
            };
            for r in &pieces[..keep] {
                if let Some(sent) = toks.get(r.clone()) {
                    push_sentence(&mut out, seg, text, base, li, sent, &mut words);
                }
            }
            match pieces.get(keep) {
                // The last piece holds at most MAX_SENTENCE_TOKENS of the
                // window's 2 * MAX_SENTENCE_TOKENS tokens: the window moves.
                Some(rest) if !done && rest.start > 0 => {
                    toks.drain(..rest.start);
                }
                _ => break,
            }
        }
    }
    work.segments = out;
}

/// Appends the sentence of tokens `sent` of line `text` (at byte `base` of
/// the normalized view) to `out`, its words by the model `seg`; `words` is
/// scratch. A sentence of 4 GiB or more (only in a larger input given to
/// the library directly) is cut where its word offsets would overflow.
fn push_sentence(
    out: &mut Vec<Sentence>,
    seg: &Segmenter,
    text: &str,
    base: usize,
    line: usize,
    sent: &[Token],
    words: &mut Vec<Range<usize>>,
) {
    let mut rest = sent;
    while let Some(first) = rest.first() {
        let start = first.range.start;
        let fits = rest
            .iter()
            .position(|t| u32::try_from(t.range.end - start).is_err())
            .unwrap_or(rest.len())
            .max(1);
        let (part, tail) = rest.split_at(fits);
        rest = tail;
        let Some(last) = part.last() else { break };
        words.clear();
        seg.words_of_tokens(text, part, words);
        let offsets = words
            .iter()
            .filter_map(|w| {
                let s = u32::try_from(w.start - start).ok()?;
                let e = u32::try_from(w.end - start).ok()?;
                Some(s..e)
            })
            .collect();
        out.push(Sentence {
            norm: start + base..last.range.end + base,
            line,
            word_offsets: offsets,
            syllables: part.iter().filter(|t| t.kind.is_syllable()).count(),
        });
    }
}
