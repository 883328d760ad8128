//! Stage 3, segment: paragraphs, sentences, syllables and words.

use crate::document::Document;

/// Fills `doc.segments` with the sentences of every extractable line.
pub fn run(doc: &mut Document) {
    let _ = doc;
}
