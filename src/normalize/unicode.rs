//! The matching view of the text: NFC, one tone-mark placement, fixed
//! spacing, built in one left-to-right pass into a [`TextBuilder`] so that
//! every edit is recorded in the offset map.
//!
//! Edits are made a whole letter run (a word) at a time, so a span in the
//! normalized view maps back to whole words of the input.

use super::Tone;
use crate::text::{Text, TextBuilder};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Characters deleted from the normalized view: zero-width spaces and
/// joiners, word joiner, byte-order mark, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Horizontal white space other than a plain space that becomes one space.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
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
    c.is_alphabetic() || canonical_combining_class(c) != 0 || is_tone_mark(c)
}

/// The five Vietnamese tone marks as combining characters.
fn is_tone_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// Splits a precomposed letter into its toneless letter and its tone mark.
/// ASCII and characters outside the Latin letter blocks carry no tone; the
/// others are looked up in a table computed once.
fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() || !matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
        return (c, None);
    }
    static TABLE: OnceLock<std::collections::HashMap<char, (char, char)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        ('\u{00C0}'..='\u{024F}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .filter_map(|c| {
                let mut tone = None;
                let rest: String = std::iter::once(c)
                    .nfd()
                    .filter(|&d| {
                        let t = is_tone_mark(d);
                        if t {
                            tone = Some(d);
                        }
                        !t
                    })
                    .collect();
                let mut composed = rest.nfc();
                let base = composed.next()?;
                (composed.next().is_none()).then_some((c, (base, tone?)))
            })
            .collect()
    });
    match table.get(&c) {
        Some(&(base, tone)) => (base, Some(tone)),
        None => (c, None),
    }
}

/// Puts tone mark `tone` (or none) on toneless letter `base`.
fn with_tone(base: char, tone: Option<char>) -> char {
    match tone {
        None => base,
        Some(t) => [base, t].into_iter().nfc().next().unwrap_or(base),
    }
}

/// Where a syllable's tone mark stands, if the syllable is one whose
/// placement differs between the conventions (final oa, oe, uy).
fn tone_style(syllable: &[char]) -> Option<(Tone, usize)> {
    let n = syllable.len();
    if n < 2 {
        return None;
    }
    let (b1, t1) = split_tone(syllable[n - 2]);
    let (b2, t2) = split_tone(syllable[n - 1]);
    let (b1, b2) = (lower(b1), lower(b2));
    let pair = matches!((b1, b2), ('o', 'a') | ('o', 'e'))
        || ((b1, b2) == ('u', 'y') && !(n >= 3 && lower(syllable[n - 3]) == 'q'));
    if !pair {
        return None;
    }
    match (t1, t2) {
        (Some(_), None) => Some((Tone::Old, n - 2)),
        (None, Some(_)) => Some((Tone::New, n - 1)),
        _ => None,
    }
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Moves the tone mark of a final oa/oe/uy syllable to the `tone` convention.
fn retone_syllable(syllable: &mut [char], tone: Tone) -> bool {
    let Some((style, at)) = tone_style(syllable) else {
        return false;
    };
    if style == tone {
        return false;
    }
    let n = syllable.len();
    let (from, to) = match tone {
        Tone::New => (n - 2, n - 1),
        Tone::Old => (n - 1, n - 2),
    };
    debug_assert_eq!(at, from);
    let (b_from, t) = split_tone(syllable[from]);
    let (b_to, _) = split_tone(syllable[to]);
    syllable[from] = b_from;
    syllable[to] = with_tone(b_to, t);
    true
}

/// Splits a word glued from title-case syllables ("YênBái", "ĐắkLắk") at
/// its inner capitals. Only words of two or more title-case parts of at
/// least two letters, one of them with a Vietnamese letter, qualify, so
/// "iPhone", "McDonald" and "TPHCM" stay whole.
fn camel_parts(word: &[char]) -> Option<Vec<std::ops::Range<usize>>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..word.len() {
        if word[i].is_uppercase() && word[i - 1].is_lowercase() {
            parts.push(start..i);
            start = i;
        }
    }
    parts.push(start..word.len());
    if parts.len() < 2 {
        return None;
    }
    let title_case = |r: &std::ops::Range<usize>| {
        r.len() >= 2
            && word[r.start].is_uppercase()
            && word[r.start + 1..r.end].iter().all(|c| c.is_lowercase())
    };
    let vietnamese = word.iter().any(|c| !c.is_ascii());
    (vietnamese && parts.iter().all(title_case)).then_some(parts)
}

/// Normalizes one letter run: NFC, Latin eth folded to Vietnamese Đ,
/// glued syllables split, tone marks placed by `tone`.
pub fn normalize_word(word: &str, tone: Tone) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    // Fast path, no allocation: composed, no eth, no glued capital, and the
    // ending (the last three letters decide tone placement) already right.
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        let mut prev_lower = false;
        let clean = word.chars().all(|c| {
            let glued = prev_lower && c.is_uppercase();
            prev_lower = c.is_lowercase();
            !glued && c != '\u{00D0}' && c != '\u{00F0}'
        });
        if clean {
            let mut tail: Vec<char> = word.chars().rev().take(3).collect();
            tail.reverse();
            if tone_style(&tail).is_none_or(|(style, _)| style == tone) {
                return Cow::Borrowed(word);
            }
        }
    }
    let mut chars: Vec<char> = match is_nfc_quick(word.chars()) {
        IsNormalized::Yes => word.chars().collect(),
        _ => word.nfc().collect(),
    };
    for c in chars.iter_mut() {
        *c = match *c {
            '\u{00D0}' => 'Đ',
            '\u{00F0}' => 'đ',
            other => other,
        };
    }
    let out: String = match camel_parts(&chars) {
        Some(parts) => {
            let mut pieces = Vec::with_capacity(parts.len());
            for r in parts {
                let mut syl = chars[r].to_vec();
                retone_syllable(&mut syl, tone);
                pieces.push(syl.into_iter().collect::<String>());
            }
            pieces.join(" ")
        }
        None => {
            retone_syllable(&mut chars, tone);
            chars.into_iter().collect()
        }
    };
    if out == word {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(out)
    }
}

/// Counts syllables written in each tone convention, to choose the majority.
pub fn detect_tone(text: &str) -> Tone {
    let (mut old, mut new) = (0usize, 0usize);
    for word in text
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_ascii())
    {
        // The last three letters decide where the tone mark stands.
        let mut tail: Vec<char> = match is_nfc_quick(word.chars()) {
            IsNormalized::Yes => word.chars().rev().take(3).collect(),
            _ => word
                .nfc()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .take(3)
                .collect(),
        };
        tail.reverse();
        match tone_style(&tail) {
            Some((Tone::Old, _)) => old += 1,
            Some((Tone::New, _)) => new += 1,
            None => {}
        }
    }
    if new > old { Tone::New } else { Tone::Old }
}

/// Spacing inside document codes: "24- CT/TU", "100 - KL/TW", "37-NQ /TU".
/// The captured group is replaced by the bare separator.
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

/// Builds the normalized view of `original` (see the module docs).
pub fn normalize(original: String, tone: Option<Tone>) -> (Text, Tone) {
    let tone = tone.unwrap_or_else(|| detect_tone(&original));
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
            if let Cow::Owned(w) = normalize_word(&text[i..end], tone) {
                b.replace(i, end, &w);
            }
            i = end;
        } else if is_invisible(c) {
            b.replace(i, i + c.len_utf8(), "");
            i += c.len_utf8();
        } else if is_space(c) {
            let end = i + run(is_space);
            b.replace(i, end, " ");
            i = end;
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
    (Text::from_built(original, built), tone)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn tone_placement_follows_the_chosen_convention() {
        assert_eq!(normalize_word("hoà", Tone::Old), "hòa");
        assert_eq!(normalize_word("thuỷ", Tone::Old), "thủy");
        assert_eq!(normalize_word("uỷ", Tone::Old), "ủy");
        assert_eq!(normalize_word("Khoẻ", Tone::Old), "Khỏe");
        assert_eq!(normalize_word("hòa", Tone::New), "hoà");
        assert_eq!(normalize_word("Ủy", Tone::New), "Uỷ");
        // Not affected: final consonant, "qu", other rhymes.
        assert_eq!(normalize_word("hoàng", Tone::New), "hoàng");
        assert_eq!(normalize_word("quý", Tone::Old), "quý");
        assert_eq!(normalize_word("quý", Tone::New), "quý");
        assert_eq!(normalize_word("của", Tone::New), "của");
    }

    #[test]
    fn majority_convention_is_detected() {
        assert_eq!(
            detect_tone("cấp ủy, Ủy ban, hòa bình, các cấp uỷ"),
            Tone::Old
        );
        assert_eq!(detect_tone("cấp uỷ, Uỷ ban, hoà bình, cấp ủy"), Tone::New);
        assert_eq!(detect_tone("không có gì"), Tone::Old);
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
