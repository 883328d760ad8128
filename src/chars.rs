//! Fast paths for the character classes every stage asks about.
//!
//! `char::is_alphabetic` and `char::is_alphanumeric` search a Unicode table
//! for every non-ASCII character, and Vietnamese text is mostly non-ASCII
//! letters. These answer exactly as the standard methods do (a test checks
//! every code point), but settle ASCII and the Latin blocks Vietnamese is
//! written in (U+00C0..U+024F, U+1E00..U+1EFF: letters but for × and ÷)
//! without a table.

/// Whether `c` is ASCII or in the Latin blocks Vietnamese is written in
/// (U+00C0..U+024F, U+1E00..U+1EFF), whose classes are known without a table.
#[inline]
pub fn is_latin_fast(c: char) -> bool {
    c.is_ascii() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Whether a non-ASCII character of [`is_latin_fast`] is a letter: all
/// are, but the multiplication and division signs.
#[inline]
fn latin_letter(c: char) -> bool {
    c != '\u{00D7}' && c != '\u{00F7}'
}

/// Whether `c` is alphabetic: the same answer as [`char::is_alphabetic`].
#[inline]
pub fn is_alpha(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        _ if is_latin_fast(c) => latin_letter(c),
        _ => c.is_alphabetic(),
    }
}

/// Whether `c` is alphanumeric: the same answer as [`char::is_alphanumeric`].
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        _ if is_latin_fast(c) => latin_letter(c),
        _ => c.is_alphanumeric(),
    }
}

/// [`is_alpha`] and [`is_alnum`] as methods, for `c.is_alpha()`.
pub trait CharExt {
    /// See [`is_alpha`].
    fn is_alpha(&self) -> bool;
    /// See [`is_alnum`].
    fn is_alnum(&self) -> bool;
}

impl CharExt for char {
    #[inline]
    fn is_alpha(&self) -> bool {
        is_alpha(*self)
    }
    #[inline]
    fn is_alnum(&self) -> bool {
        is_alnum(*self)
    }
}

/// The lower case of `c` when it is one character known without a table:
/// ASCII, Latin-1, the Latin Extended-A pairs, Ơ/Ư and the Vietnamese
/// block U+1EA0..U+1EF9, and combining marks (no case). `None` for every
/// other character, whose lower case [`char::to_lowercase`] gives.
#[inline]
pub fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let pair_even_upper = |u: u32| char::from_u32(if u.is_multiple_of(2) { u + 1 } else { u });
    match u {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        0xC0..=0xDE if u != 0xD7 => char::from_u32(u + 0x20),
        0x80..=0xFF => Some(c),
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 => pair_even_upper(u),
        0x1A0 | 0x1A1 => char::from_u32(0x1A1),
        0x1AF | 0x1B0 => char::from_u32(0x1B0),
        0x300..=0x36F => Some(c),
        0x1EA0..=0x1EF9 => pair_even_upper(u),
        _ => None,
    }
}

/// The first character of `c`'s lower case (`c` itself if it has none):
/// `c.to_lowercase().next().unwrap_or(c)`, without a table for the
/// characters of [`lower_fast`].
#[inline]
pub fn lower_first(c: char) -> char {
    lower_fast(c).unwrap_or_else(|| c.to_lowercase().next().unwrap_or(c))
}

/// Appends `c`'s lower case to `out`, as `out.extend(c.to_lowercase())`.
#[inline]
pub fn push_lower(c: char, out: &mut String) {
    match lower_fast(c) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// [`str::to_lowercase`], exactly (the final-sigma rule included), without
/// a table lookup for each Vietnamese letter.
///
/// It reads the UTF-8 bytes: ASCII is lowered a byte at a time, and the
/// letters of [`lower_fast`] that Vietnamese uses most (Latin-1, the
/// Latin Extended-A pairs, Ơ/Ư, U+1EA0..U+1EF9) get their lower case from
/// their bytes, without decoding; a capital sigma hands the whole string
/// to the standard library (its final-sigma rule).
pub fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            out.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        let (c1, c2) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
        // The code point of a two- or three-byte sequence whose last byte
        // is `last`.
        let two = |last: u8| u32::from(b & 0x1F) << 6 | u32::from(last & 0x3F);
        let lower = match (b, c1, c2) {
            // U+00C0..U+00FF: À..Þ (but ×) lower by 0x20.
            (0xC3, Some(c), _) => {
                let l = if matches!(c, 0x80..=0x9E) && c != 0x97 {
                    c + 0x20
                } else {
                    c
                };
                Some((two(l), 2))
            }
            // U+0100..U+012F, U+0132..U+0137 (C4) and U+014A..U+0177
            // (C5): upper case even, lower case the next code point (the
            // last byte's parity is the code point's).
            (0xC4, Some(c @ (0x80..=0xAF | 0xB2..=0xB7)), _) | (0xC5, Some(c @ 0x8A..=0xB7), _) => {
                Some((two(c | 1), 2))
            }
            // Ơ/ơ (C6 A0/A1) and Ư/ư (C6 AF/B0).
            (0xC6, Some(0xA0 | 0xA1), _) => Some((0x1A1, 2)),
            (0xC6, Some(0xAF | 0xB0), _) => Some((0x1B0, 2)),
            // U+1EA0..U+1EF9: upper case even, as above.
            (0xE1, Some(m @ (0xBA | 0xBB)), Some(c))
                if (m == 0xBA && c >= 0xA0) || (m == 0xBB && c <= 0xB9) =>
            {
                Some((
                    0x1E00 | u32::from(m & 0x3F) << 6 | u32::from((c | 1) & 0x3F),
                    3,
                ))
            }
            // Combining marks U+0300..U+036F have no case.
            (0xCC, Some(c), _) | (0xCD, Some(c @ 0x80..=0xAF), _) => Some((two(c), 2)),
            // Σ: its lower case depends on the letters around it (the
            // final-sigma rule), which the standard library applies.
            (0xCE, Some(0xA3), _) => return s.to_lowercase(),
            _ => None,
        };
        match lower.and_then(|(u, n)| Some((char::from_u32(u)?, n))) {
            Some((c, n)) => {
                out.push(c);
                i += n;
            }
            None => {
                // Any other character: decoded and lowered by the table.
                let mut chars = s.get(i..).unwrap_or("").chars();
                let Some(c) = chars.next() else { break };
                out.extend(c.to_lowercase());
                i = s.len() - chars.as_str().len();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fast_paths_agree_with_the_standard_library_everywhere() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(super::is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_alnum(c), c.is_alphanumeric(), "{c:?}");
            let std: Vec<char> = c.to_lowercase().collect();
            if let Some(l) = super::lower_fast(c) {
                assert_eq!(std, [l], "{c:?}");
            }
            assert_eq!(super::lower_first(c), std.first().copied().unwrap_or(c));
            let mut pushed = String::new();
            super::push_lower(c, &mut pushed);
            assert_eq!(pushed, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn lowercase_agrees_with_the_standard_library_on_every_code_point() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("A{c}Ẫ{c}{c}b");
            assert_eq!(super::lowercase(&s), s.to_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn lowercase_is_the_standard_one() {
        for s in [
            "TỈNH ỦY YÊN BÁI Ban Hành NGHỊ QUYẾT",
            "ĐẢNG BỘ ƠN ƯỚC Ă Â Ê Ô",
            "ΟΔΟΣ ΣΑΣ Σ",
            "İstanbul ǅ ẞ Ǆ",
            "Σ",
            "",
        ] {
            assert_eq!(super::lowercase(s), s.to_lowercase(), "{s}");
        }
    }
}
