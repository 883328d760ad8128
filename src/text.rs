//! The decoded input, its normalized view, and the offset map between them.
//!
//! Every stage matches on [`Text::norm`] (NFC, one tone-mark style, fixed
//! spacing) but reports spans into [`Text::original`], in characters, so that
//! `input[start..end] == text` holds for every item whatever normalization
//! did. The map is a sorted list of atomic edits; the bytes between edits are
//! copied unchanged, so a lookup is one binary search.

use crate::tone::Tone;
use serde::{Serialize, Serializer};
use std::ops::Range;

/// A half-open range `[start, end)` in Unicode scalar values (characters) of
/// the decoded input; serialized as a two-element JSON array.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First character of the item.
    pub start: usize,
    /// One past the last character of the item.
    pub end: usize,
}

impl Span {
    /// A span from its two ends.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

impl schemars::JsonSchema for Span {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Span".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "[start, end) in characters of the decoded input",
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2
        })
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// One atomic edit: `norm[norm]` stands for `original[orig]` as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    norm: Range<usize>,
    orig: Range<usize>,
}

/// Byte offset to character offset lookups over one string, in O(1) plus a
/// scan of at most one 64-byte block.
#[derive(Debug, Clone, Default)]
struct CharIndex {
    /// `blocks[i]` = characters that start before byte `64 * i`.
    blocks: Vec<usize>,
}

const BLOCK: usize = 64;

fn is_char_start(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl CharIndex {
    fn new(s: &str) -> CharIndex {
        let bytes = s.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0usize;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|&&b| is_char_start(b)).count();
        }
        blocks.push(count);
        CharIndex { blocks }
    }

    /// Characters of `s` before byte `byte` (which must be a char boundary).
    fn chars_before(&self, s: &str, byte: usize) -> usize {
        let byte = byte.min(s.len());
        let block = byte / BLOCK;
        let base = self.blocks.get(block).copied().unwrap_or(0);
        let from = block * BLOCK;
        base + s.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| is_char_start(b))
            .count()
    }
}

/// The decoded input and its normalized view (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Text {
    original: String,
    norm: String,
    edits: Vec<Edit>,
    chars: CharIndex,
    /// The tone-mark placement of the normalized view.
    tone: Tone,
}

impl Text {
    /// A text whose normalized view is the input itself (no edits).
    pub fn identity(original: String) -> Text {
        let chars = CharIndex::new(&original);
        Text {
            norm: original.clone(),
            original,
            edits: Vec::new(),
            chars,
            tone: Tone::default(),
        }
    }

    /// The tone-mark placement of the normalized view, so that no stage
    /// has to be told which one it reads.
    pub fn tone(&self) -> Tone {
        self.tone
    }

    /// The decoded input, as the user gave it (after decoding only).
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The normalized view every stage matches on.
    pub fn norm(&self) -> &str {
        &self.norm
    }

    /// Length of the decoded input in characters.
    pub fn char_len(&self) -> usize {
        self.chars.chars_before(&self.original, self.original.len())
    }

    /// How many atomic edits normalization made.
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }

    /// Maps a byte position in the normalized view, taken as the start of a
    /// span, to a byte position in the original.
    pub fn orig_start(&self, pos: usize) -> usize {
        let pos = pos.min(self.norm.len());
        let i = self.edits.partition_point(|e| e.norm.start <= pos);
        match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
            None => pos,
            Some(e) if pos < e.norm.end => e.orig.start,
            Some(e) => e.orig.end + (pos - e.norm.end),
        }
    }

    /// Maps a byte position in the normalized view, taken as the (exclusive)
    /// end of a span, to a byte position in the original.
    pub fn orig_end(&self, pos: usize) -> usize {
        let pos = pos.min(self.norm.len());
        let i = self.edits.partition_point(|e| e.norm.start < pos);
        match i.checked_sub(1).and_then(|i| self.edits.get(i)) {
            None => pos,
            Some(e) if pos <= e.norm.end => e.orig.end,
            Some(e) => e.orig.end + (pos - e.norm.end),
        }
    }

    /// The original byte range that a normalized byte range stands for.
    pub fn orig_range(&self, norm: Range<usize>) -> Range<usize> {
        let start = self.orig_start(norm.start);
        let end = self.orig_end(norm.end).max(start);
        start..end
    }

    /// Character span of an original byte range.
    pub fn span_of_orig(&self, orig: Range<usize>) -> Span {
        Span::new(
            self.chars.chars_before(&self.original, orig.start),
            self.chars.chars_before(&self.original, orig.end),
        )
    }

    /// Character span (into the original) of a normalized byte range.
    pub fn span(&self, norm: Range<usize>) -> Span {
        self.span_of_orig(self.orig_range(norm))
    }

    /// The span and the original text of a normalized byte range: what every
    /// extracted item reports as `span` and `text`.
    pub fn excerpt(&self, norm: Range<usize>) -> (Span, String) {
        let orig = self.orig_range(norm);
        let text = self.original.get(orig.clone()).unwrap_or("").to_string();
        (self.span_of_orig(orig), text)
    }
}

/// Builds a [`Text`] left to right over a borrowed original: copy runs of
/// it unchanged, or replace a run with other text as one atomic edit.
#[derive(Debug)]
pub struct TextBuilder<'a> {
    original: &'a str,
    norm: String,
    edits: Vec<Edit>,
    /// How far into the original the builder has consumed.
    done: usize,
}

impl<'a> TextBuilder<'a> {
    /// Starts building the normalized view of `original`.
    pub fn new(original: &'a str) -> TextBuilder<'a> {
        TextBuilder {
            original,
            norm: String::with_capacity(original.len()),
            edits: Vec::new(),
            done: 0,
        }
    }

    /// Copies the original unchanged up to byte `end` (a char boundary).
    pub fn copy_to(&mut self, end: usize) {
        let end = end.clamp(self.done, self.original.len());
        if let Some(s) = self.original.get(self.done..end) {
            self.norm.push_str(s);
            self.done = end;
        }
    }

    /// Copies the original up to `start`, then stands `with` for
    /// `original[start..end]` as one atomic edit. A replacement equal to the
    /// original is stored as a plain copy.
    pub fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.copy_to(start);
        let end = end.clamp(self.done, self.original.len());
        let Some(old) = self.original.get(self.done..end) else {
            return;
        };
        if old == with {
            self.copy_to(end);
            return;
        }
        let ns = self.norm.len();
        self.norm.push_str(with);
        self.edits.push(Edit {
            norm: ns..self.norm.len(),
            orig: self.done..end,
        });
        self.done = end;
    }

    /// Copies the rest of the original and returns the normalized view and
    /// its edits, to be joined with the original by [`Text::from_built`].
    pub fn finish(mut self) -> Built {
        self.copy_to(self.original.len());
        Built {
            norm: self.norm,
            edits: self.edits,
            original_len: self.original.len(),
        }
    }
}

/// A normalized view and its edits, as [`TextBuilder::finish`] returns them.
#[derive(Debug)]
pub struct Built {
    norm: String,
    edits: Vec<Edit>,
    original_len: usize,
}

impl Text {
    /// Joins the original with the view a [`TextBuilder`] built over it.
    /// Given another string than the one built over, yields the identity view.
    pub fn from_built(original: String, built: Built, tone: Tone) -> Text {
        if built.original_len != original.len() {
            return Text::identity(original);
        }
        let chars = CharIndex::new(&original);
        Text {
            original,
            norm: built.norm,
            edits: built.edits,
            chars,
            tone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(orig: &str, edits: &[(usize, usize, &str)]) -> Text {
        let mut b = TextBuilder::new(orig);
        for &(s, e, w) in edits {
            b.replace(s, e, w);
        }
        Text::from_built(orig.to_string(), b.finish(), Tone::Old)
    }

    #[test]
    fn identity_maps_every_position_to_itself() {
        let t = Text::identity("Yên Bái".to_string());
        assert_eq!(t.orig_range(0..4), 0..4);
        assert_eq!(t.excerpt(0..4), (Span::new(0, 3), "Yên".to_string()));
        assert_eq!(t.char_len(), 7);
    }

    #[test]
    fn replacement_maps_atomically() {
        // "YênBái" -> "Yên Bái": spans inside the edit widen to the whole edit.
        let orig = "x YênBái - y";
        let end = 2 + "YênBái".len();
        let t = build(orig, &[(2, end, "Yên Bái")]);
        assert_eq!(t.norm(), "x Yên Bái - y");
        let whole = 2..2 + "Yên Bái".len();
        assert_eq!(t.excerpt(whole), (Span::new(2, 8), "YênBái".to_string()));
        // After the edit, offsets shift by the inserted byte.
        let dash = t.norm().find('-').unwrap();
        assert_eq!(t.excerpt(dash..dash + 1).1, "-");
    }

    #[test]
    fn deletion_is_skipped_at_both_ends() {
        let orig = "a\u{200b}b";
        let t = build(orig, &[(1, 4, "")]);
        assert_eq!(t.norm(), "ab");
        assert_eq!(t.excerpt(0..1).1, "a");
        assert_eq!(t.excerpt(1..2).1, "b");
        assert_eq!(t.excerpt(0..2).1, orig);
    }

    #[test]
    fn char_index_counts_multibyte_characters_across_blocks() {
        let s = "ệ".repeat(100);
        let t = Text::identity(s.clone());
        assert_eq!(t.char_len(), 100);
        let b = "ệ".len() * 37;
        assert_eq!(t.span_of_orig(b..b + 3), Span::new(37, 38));
    }
}
