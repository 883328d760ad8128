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

use crate::document::{Document, Sentence};

/// Fills `doc.segments` with the sentences of every extractable line,
/// words by the model `seg`.
pub fn run(doc: &mut Document, seg: &Segmenter) {
    let norm = doc.text.norm();
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for (li, line) in doc.lines.iter().enumerate() {
        if !line.role.is_extractable() {
            continue;
        }
        let Some(text) = norm.get(line.norm.clone()) else {
            continue;
        };
        let base = line.norm.start;
        token::tokens_into(text, &mut toks);
        for r in sentence::sentence_tokens(text, &toks) {
            let Some(sent) = toks.get(r) else { continue };
            let (Some(first), Some(last)) = (sent.first(), sent.last()) else {
                continue;
            };
            let mut words = Vec::new();
            seg.words_of_tokens(text, sent, &mut words);
            for w in &mut words {
                *w = w.start + base..w.end + base;
            }
            out.push(Sentence {
                norm: first.range.start + base..last.range.end + base,
                line: li,
                words,
                syllables: sent.iter().filter(|t| t.kind.is_syllable()).count(),
            });
        }
    }
    doc.segments = out;
}
