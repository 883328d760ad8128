//! The matching view of the text: NFC, one tone-mark placement, fixed
//! spacing, built in one left-to-right pass into a [`TextBuilder`] so that
//! every edit is recorded in the offset map.
//!
//! Edits are made a whole letter run (a word) at a time, so a span in the
//! normalized view maps back to whole words of the input.

use crate::chars::CharExt;
use crate::text::{Text, TextBuilder};
use crate::tone::{self, Tone};
use regex::Regex;
use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;

/// Horizontal white space other than a plain space that becomes one space.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Line breaks other than a line feed: vertical tab, form feed, next line,
/// line and paragraph separators (a carriage return is handled apart, for
/// CRLF). Each becomes a line feed, so that a normalized line holds no white
/// space but ' ' (the extract patterns rely on it).
fn is_odd_break(c: char) -> bool {
    matches!(
        c,
        '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_space(c: char) -> bool {
    c == ' ' || is_odd_space(c)
}

/// A letter of a word, or a combining mark that belongs to one.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Vietnamese letters, precomposed: no table lookups needed.
    if matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
        return c != '\u{00D7}' && c != '\u{00F7}';
    }
    c.is_alpha() || canonical_combining_class(c) != 0 || is_tone_mark(c)
}

/// The five Vietnamese tone marks as combining characters.
fn is_tone_mark(c: char) -> bool {
    crate::tone::combining_mark(c).is_some()
}

/// Spacing inside document codes: "24- CT/TU", "100 - KL/TW", "37-NQ /TU".
/// The captured group is replaced by the bare separator.
/// Compiles the spacing patterns now rather than on first use.
pub(crate) fn warm() {
    code_spacing();
}

fn code_spacing() -> &'static [(Regex, &'static str)] {
    static RES: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    RES.get_or_init(|| {
        let sp = r"[ \t\u{A0}]";
        vec![
            (
                Regex::new(&format!(r"\d({sp}*-{sp}*)\p{{Lu}}[\p{{L}}]*/")).expect("static regex"),
                "-",
            ),
            (
                Regex::new(&format!(r"-\p{{Lu}}[\p{{L}}]*({sp}*/{sp}*)\p{{Lu}}"))
                    .expect("static regex"),
                "/",
            ),
        ]
    })
}

/// Collects the code-spacing edits of `text` as sorted, non-overlapping
/// `(start, end, replacement)` triples.
fn spacing_edits(text: &str) -> Vec<(usize, usize, &'static str)> {
    let mut edits = Vec::new();
    for (re, with) in code_spacing() {
        let mut at = 0;
        while let Some(caps) = re.captures_at(text, at) {
            let (Some(whole), Some(g)) = (caps.get(0), caps.get(1)) else {
                break;
            };
            if g.as_str().len() > 1 {
                edits.push((g.start(), g.end(), *with));
            }
            // Restart inside the match so chained codes are all seen.
            at = g.end().max(whole.start() + 1);
        }
    }
    edits.sort_unstable();
    edits.dedup_by(|b, a| b.0 < a.1);
    edits
}

/// Builds the normalized view of `original` (see the module docs) in the
/// placement `tone`, or the input's majority when `None`; returns the view
/// (which carries its placement) and the input's own majority.
pub fn normalize(original: String, tone: Option<Tone>) -> (Text, Tone) {
    let majority = tone::detect(&original);
    let tone = tone.unwrap_or(majority);
    let text = original.as_str();
    let len = text.len();
    let mut spacing = spacing_edits(text).into_iter().peekable();
    let mut b = TextBuilder::new(text);
    let mut i = 0;
    while i < len {
        while spacing.next_if(|e| e.0 < i).is_some() {}
        if let Some((s, e, with)) = spacing.next_if(|e| e.0 == i) {
            b.replace(s, e, with);
            i = e;
            continue;
        }
        let stop = spacing.peek().map_or(len, |e| e.0);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // The length of the run from `i` of characters satisfying `f`.
        let run = |f: fn(char) -> bool| {
            text[i..stop]
                .char_indices()
                .find(|&(_, ch)| !f(ch))
                .map_or(stop - i, |(k, _)| k)
                .max(c.len_utf8())
        };
        if is_word_char(c) {
            let end = i + run(is_word_char);
            tone::with_placed(&text[i..end], tone, |placed| {
                if let Some(w) = placed {
                    b.replace(i, end, w);
                }
            });
            i = end;
        } else if tone::is_invisible(c) {
            b.replace(i, i + c.len_utf8(), "");
            i += c.len_utf8();
        } else if is_space(c) {
            let end = i + run(is_space);
            // One plain space stays as it is: no edit, and the copy waits
            // for the next edit, so the view is copied in long runs.
            if end != i + 1 || c != ' ' {
                b.replace(i, end, " ");
            }
            i = end;
        } else if is_odd_break(c) {
            b.replace(i, i + c.len_utf8(), "\n");
            i += c.len_utf8();
        } else if c == '\r' {
            // CRLF and a lone CR both become one line feed.
            let end = if text.as_bytes().get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            b.replace(i, end, "\n");
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    let built = b.finish();
    (Text::from_built(original, built, tone), majority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn norm(s: &str) -> String {
        normalize(s.to_string(), Some(Tone::Old))
            .0
            .norm()
            .to_string()
    }

    #[test]
    fn nfd_input_is_composed() {
        let nfd: String = "Nghị quyết Đảng".nfd().collect();
        assert_ne!(nfd, "Nghị quyết Đảng");
        assert_eq!(norm(&nfd), "Nghị quyết Đảng");
    }

    #[test]
    fn the_view_takes_the_chosen_placement_and_reports_the_majority() {
        let (t, majority) = normalize("Uỷ ban, hoà bình, cấp ủy".to_string(), Some(Tone::Old));
        assert_eq!(t.norm(), "Ủy ban, hòa bình, cấp ủy");
        assert_eq!((t.tone(), majority), (Tone::Old, Tone::New));
        let (t, majority) = normalize("Uỷ ban, hoà bình, cấp ủy".to_string(), None);
        assert_eq!(t.norm(), "Uỷ ban, hoà bình, cấp uỷ");
        assert_eq!((t.tone(), majority), (Tone::New, Tone::New));
    }

    #[test]
    fn misplaced_marks_and_lower_case_glue_are_repaired() {
        assert_eq!(
            norm("kế hoạchđược baỏ đảm, lựơng thực, kinh nghịêm"),
            "kế hoạch được bảo đảm, lượng thực, kinh nghiệm"
        );
    }

    #[test]
    fn glued_syllables_are_split() {
        assert_eq!(norm("YênBái - Về cơ bản"), "Yên Bái - Về cơ bản");
        assert_eq!(norm("ĐắkLắk"), "Đắk Lắk");
        assert_eq!(
            norm("iPhone McDonald TPHCM TP.HCM"),
            "iPhone McDonald TPHCM TP.HCM"
        );
    }

    #[test]
    fn spaces_in_codes_are_closed() {
        assert_eq!(
            norm("Chỉ thị số 24- CT/TU ngày"),
            "Chỉ thị số 24-CT/TU ngày"
        );
        assert_eq!(norm("Kết luận số 100 - KL/TW"), "Kết luận số 100-KL/TW");
        assert_eq!(norm("số 37-NQ / TU"), "số 37-NQ/TU");
        // Not a code: a year range keeps its spaces.
        assert_eq!(norm("nhiệm kỳ 2020 - 2025"), "nhiệm kỳ 2020 - 2025");
    }

    #[test]
    fn odd_spaces_and_invisibles() {
        assert_eq!(norm("a\u{A0}\u{A0}b\u{200B}c  d\te"), "a bc d e");
        assert_eq!(norm("một\r\nhai\rba"), "một\nhai\nba");
        assert_eq!(norm("a\u{1680}b\u{3000}c"), "a b c");
        assert_eq!(
            norm("một\u{2028}hai\u{2029}ba\u{0085}bốn\u{000B}năm\u{000C}sáu"),
            "một\nhai\nba\nbốn\nnăm\nsáu"
        );
    }

    #[test]
    fn a_normalized_line_holds_no_white_space_but_the_space() {
        let all: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .flat_map(|c| ['x', c])
            .collect();
        let text = normalize(all, Some(Tone::Old)).0;
        for line in text.norm().split('\n') {
            assert!(
                line.chars().all(|c| c == ' ' || !c.is_whitespace()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn spans_point_into_the_original() {
        let orig = "Ở YênBái,\u{A0}Chỉ thị số 24- CT/TU\u{200B} của Tỉnh uỷ";
        let (t, _) = normalize(orig.to_string(), Some(Tone::Old));
        let n = t.norm();
        for needle in ["Yên Bái", "24-CT/TU", "Tỉnh ủy", "Chỉ thị"] {
            let s = n.find(needle).unwrap();
            let (span, text) = t.excerpt(s..s + needle.len());
            let chars: Vec<char> = orig.chars().collect();
            let by_span: String = chars[span.start..span.end].iter().collect();
            assert_eq!(by_span, text, "{needle}");
        }
        let s = n.find("Yên Bái").unwrap();
        assert_eq!(t.excerpt(s..s + "Yên Bái".len()).1, "YênBái");
        let s = n.find("24-CT/TU").unwrap();
        assert_eq!(t.excerpt(s..s + "24-CT/TU".len()).1, "24- CT/TU");
        let s = n.find("Tỉnh ủy").unwrap();
        assert_eq!(t.excerpt(s..s + "Tỉnh ủy".len()).1, "Tỉnh uỷ");
    }
}
