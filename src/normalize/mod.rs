//! Stage 2, normalize: the matching view of the text (NFC, one tone-mark
//! placement, spacing fixes) with its offset map, then boilerplate set aside
//! and metadata found.

use crate::document::Document;
use crate::text::Text;

/// Tone-mark placement convention for the open syllables oa, oe, uy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Traditional placement on the first vowel: hòa, khỏe, thủy.
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

/// Builds the normalized view of `original`.
pub fn normalize(original: String, tone: Option<Tone>) -> (Text, Tone) {
    (Text::identity(original), tone.unwrap_or(Tone::Old))
}

/// Classifies lines, sets boilerplate aside and fills the metadata.
pub fn clean(doc: &mut Document) {
    let _ = doc;
}
