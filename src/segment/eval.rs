//! Word precision, recall and F1 of a segmentation against gold, scored as
//! `shared/tools/seg_eval.py` scores it.
//!
//! Both texts hold one sentence per line, words separated by white space,
//! the syllables of a word joined by "_". Lines are paired in order. Each
//! line is put in NFC and lower-cased; a word is its extent in characters
//! over the line's non-space characters (underscores dropped), so a
//! prediction that splits punctuation differently is still compared fairly.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Scores of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    /// Correct words over predicted words.
    pub precision: f64,
    /// Correct words over gold words.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Sentence pairs compared.
    pub sentences: usize,
    /// Words in the gold lines compared.
    pub gold_words: usize,
    /// Words in the predicted lines compared.
    pub pred_words: usize,
    /// Words with the same extent in both.
    pub correct: usize,
    /// Pairs whose text (spaces and underscores aside) differs.
    pub text_changed: usize,
    /// Lines in the gold text.
    pub gold_lines: usize,
    /// Lines in the predicted text (when it differs from `gold_lines`, only
    /// the first `min` pairs are compared; seg_eval.py refuses such input).
    pub pred_lines: usize,
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "sentences={} words_gold={} words_pred={} P={:.4} R={:.4} F1={:.4} text_changed_in={}",
            self.sentences,
            self.gold_words,
            self.pred_words,
            self.precision,
            self.recall,
            self.f1,
            self.text_changed
        )
    }
}

/// Splits as Python's `str.splitlines()` does.
fn split_lines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let brk = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if brk {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r' && it.peek().map(|p| p.1) == Some('\n') {
                it.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Python's `str.isspace()` for the characters that matter here.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

fn spans(line: &str) -> HashSet<(usize, usize)> {
    let mut out = HashSet::new();
    let mut pos = 0;
    for w in line.split(is_space).filter(|w| !w.is_empty()) {
        let n = w.chars().filter(|&c| c != '_').count();
        if n > 0 {
            out.insert((pos, pos + n));
            pos += n;
        }
    }
    out
}

fn norm(line: &str) -> String {
    line.nfc().collect::<String>().to_lowercase()
}

fn bare(line: &str) -> String {
    line.chars().filter(|&c| c != ' ' && c != '_').collect()
}

/// Scores the prediction `pred` against `gold` (see the module docs).
pub fn score(pred: &str, gold: &str) -> Prf {
    let g_lines = split_lines(gold);
    let p_lines = split_lines(pred);
    let mut prf = Prf {
        gold_lines: g_lines.len(),
        pred_lines: p_lines.len(),
        ..Prf::default()
    };
    for (g, p) in g_lines.iter().zip(&p_lines) {
        let (g, p) = (norm(g), norm(p));
        if bare(&g) != bare(&p) {
            prf.text_changed += 1;
        }
        let (gs, ps) = (spans(&g), spans(&p));
        prf.correct += gs.intersection(&ps).count();
        prf.gold_words += gs.len();
        prf.pred_words += ps.len();
        prf.sentences += 1;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    prf.precision = ratio(prf.correct, prf.pred_words);
    prf.recall = ratio(prf.correct, prf.gold_words);
    let s = prf.precision + prf.recall;
    prf.f1 = if s > 0.0 {
        2.0 * prf.precision * prf.recall / s
    } else {
        0.0
    };
    prf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_extents() {
        let p = score("cán_bộ đảng viên .\n", "cán_bộ đảng_viên .\n");
        assert_eq!((p.correct, p.gold_words, p.pred_words), (2, 3, 4));
        assert!((p.precision - 0.5).abs() < 1e-9);
        assert!((p.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(p.text_changed, 0);
    }
}
