//! Stage 2, normalize: the matching view of the text (NFC, one tone-mark
//! placement, spacing fixes) with its offset map, then boilerplate set aside
//! and metadata found.

use crate::document::{Line, Role};

mod clean;
pub mod markers;
pub mod meta;
mod unicode;

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

pub use unicode::{detect_tone, normalize, normalize_word};

pub use clean::clean;

/// Splits the normalized text into its non-blank lines (trimmed), all
/// `Body` at first, with blank-line counts and paragraph block numbers.
pub fn split_lines(norm: &str) -> Vec<Line> {
    let mut lines = Vec::new();
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
        start = end;
    }
    lines
}
