//! Stage 2, normalize: the matching view of the text (NFC, one tone-mark
//! placement, spacing fixes) with its offset map, then boilerplate set aside
//! and metadata found.

use crate::document::{Line, Role};

mod clean;
pub mod markers;
pub mod meta;
mod unicode;

pub use unicode::normalize;

pub use clean::clean;

/// Builds the stage's marker tables and patterns now rather than on first use.
pub(crate) fn warm() {
    markers::Markers::get();
    unicode::warm();
    meta::warm();
}

/// Splits the normalized text into its non-blank lines (trimmed), all
/// `Body` at first, with blank-line counts and paragraph block numbers.
/// At most `limit` lines are kept, the first ones (a flood of short lines
/// would otherwise hold some 150 bytes of working state per line through
/// the later stages); the second value counts all non-blank lines, so a
/// caller can say how many were left unread.
pub fn split_lines(norm: &str, limit: usize) -> (Vec<Line>, usize) {
    let mut lines = Vec::new();
    let mut total = 0usize;
    let mut blank = 0usize;
    let mut block = 0usize;
    let mut start = 0usize;
    for piece in norm.split_inclusive('\n') {
        let end = start + piece.len();
        let content = piece.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if trimmed.is_empty() {
            blank += 1;
        } else {
            total += 1;
            if lines.len() < limit {
                if blank > 0 && !lines.is_empty() {
                    block += 1;
                }
                let s = start + lead;
                lines.push(Line {
                    norm: s..s + trimmed.len(),
                    blank_before: blank,
                    block,
                    role: Role::Body,
                });
                blank = 0;
            }
        }
        start = end;
    }
    (lines, total)
}
