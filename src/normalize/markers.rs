//! The phrase tables of `data/normalize/markers.tsv`, loaded once, and the
//! case- and tone-insensitive comparisons the clean stage makes with them.

use crate::chars::CharExt;
use crate::tone::{self, Tone};
use std::sync::OnceLock;

/// What a marker phrase signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// Heading of a more-news block.
    MoreNews,
    /// Prefix of a related-article link line.
    Related,
    /// Prefix of the tags line.
    Tags,
    /// Navigation and breadcrumbs.
    Nav,
    /// Share/print/comment widget words.
    Widget,
    /// A phrase ending a caption line.
    CaptionEnd,
    /// A phrase opening a caption line.
    CaptionStart,
    /// Prefix of the published date line.
    Dateline,
    /// Prefix of a byline.
    Byline,
    /// Prefix of a source credit line.
    Credit,
    /// A weekday name.
    Weekday,
}

/// All marker phrases, folded (see [`fold`]), grouped by kind, longest first.
#[derive(Debug, Default)]
pub struct Markers {
    /// The phrases of each kind (indexed by `MarkerKind as usize`).
    by_kind: Vec<Vec<String>>,
}

/// How many kinds of marker there are.
const KINDS: usize = MarkerKind::Weekday as usize + 1;

const DATA: &str = include_str!("../../data/normalize/markers.tsv");

impl Markers {
    /// The embedded table, parsed on first use.
    pub fn get() -> &'static Markers {
        static M: OnceLock<Markers> = OnceLock::new();
        M.get_or_init(|| Markers::parse(DATA))
    }

    /// Parses `kind<TAB>phrase` lines; `#` starts a comment line.
    pub fn parse(data: &str) -> Markers {
        let mut entries: Vec<(MarkerKind, String)> = data
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (kind, phrase) = l.split_once('\t')?;
                let kind = match kind.trim() {
                    "more_news" => MarkerKind::MoreNews,
                    "related" => MarkerKind::Related,
                    "tags" => MarkerKind::Tags,
                    "nav" => MarkerKind::Nav,
                    "widget" => MarkerKind::Widget,
                    "caption_end" => MarkerKind::CaptionEnd,
                    "caption_start" => MarkerKind::CaptionStart,
                    "dateline" => MarkerKind::Dateline,
                    "byline" => MarkerKind::Byline,
                    "credit" => MarkerKind::Credit,
                    "weekday" => MarkerKind::Weekday,
                    _ => return None,
                };
                let phrase = fold(phrase.trim());
                (!phrase.is_empty()).then_some((kind, phrase))
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.1.len()));
        let mut by_kind = vec![Vec::new(); KINDS];
        for (kind, phrase) in entries {
            if let Some(list) = by_kind.get_mut(kind as usize) {
                list.push(phrase);
            }
        }
        Markers { by_kind }
    }

    /// The phrases of one kind, longest first.
    pub fn of(&self, kind: MarkerKind) -> impl Iterator<Item = &str> {
        self.by_kind
            .get(kind as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(String::as_str)
    }

    /// The longest phrase of `kind` that `folded` starts with, ending at a
    /// word boundary; returns the rest of the line after it.
    pub fn strip_prefix<'a>(&self, kind: MarkerKind, folded: &'a str) -> Option<&'a str> {
        self.of(kind).find_map(|p| {
            let rest = folded.strip_prefix(p)?;
            let boundary =
                !p.ends_with(|c: char| c.is_alnum()) || !rest.starts_with(|c: char| c.is_alnum());
            boundary.then_some(rest)
        })
    }

    /// Whether `folded` is exactly a phrase of `kind`, give or take a final
    /// colon and white space.
    pub fn is_exactly(&self, kind: MarkerKind, folded: &str) -> bool {
        let t = folded.trim().trim_end_matches([':', '.']).trim_end();
        self.of(kind)
            .any(|p| p.trim_end_matches(':').trim_end() == t)
    }
}

/// Folds text for marker comparison: lower case, old tone placement, single spaces.
pub fn fold(s: &str) -> String {
    let lower = crate::chars::lowercase(s);
    let mut out = String::with_capacity(lower.len());
    for (i, w) in lower.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        tone::with_placed(w, Tone::Old, |placed| out.push_str(placed.unwrap_or(w)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_end_at_word_boundaries() {
        let m = Markers::get();
        assert_eq!(
            m.strip_prefix(MarkerKind::Tags, &fold("Tags Yên Bái cán bộ")),
            Some(" yên bái cán bộ")
        );
        assert_eq!(
            m.strip_prefix(MarkerKind::Tags, &fold("Tagline của báo")),
            None
        );
        assert!(m.is_exactly(MarkerKind::MoreNews, &fold("Các tin khác")));
        assert!(m.is_exactly(MarkerKind::MoreNews, &fold("TIN LIÊN QUAN:")));
        assert!(!m.is_exactly(MarkerKind::MoreNews, &fold("Các tin khác về Yên Bái")));
    }

    #[test]
    fn folding_ignores_case_and_tone_placement() {
        assert_eq!(fold("Ảnh minh hoạ"), fold("ảnh minh họa"));
        assert_eq!(fold("  Cập   nhật: "), "cập nhật:");
    }
}
