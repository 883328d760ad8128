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

#[cfg(test)]
mod tests {
    #[test]
    fn the_fast_paths_agree_with_the_standard_library_everywhere() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(super::is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
