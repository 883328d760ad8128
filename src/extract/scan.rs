//! Small helpers to look at the characters and words around a byte position
//! of a line.

use crate::chars::CharExt;
use std::ops::Range;

/// The character just before byte `pos`.
pub fn char_before(s: &str, pos: usize) -> Option<char> {
    s.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`.
pub fn char_after(s: &str, pos: usize) -> Option<char> {
    s.get(pos..)?.chars().next()
}

/// The word (a run of letters and digits) that ends before `pos`, skipping
/// white space; `None` when punctuation comes first.
pub fn prev_word(s: &str, pos: usize) -> Option<(Range<usize>, &str)> {
    let head = s.get(..pos)?;
    let trimmed = head.trim_end();
    let end = trimmed.len();
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alnum())
        .last()
        .map(|(i, _)| i)?;
    Some((start..end, &s[start..end]))
}

/// The word that starts after `pos`, skipping white space; `None` when
/// punctuation comes first.
pub fn next_word(s: &str, pos: usize) -> Option<(Range<usize>, &str)> {
    let tail = s.get(pos..)?;
    let skipped = tail.len() - tail.trim_start().len();
    let start = pos + skipped;
    let len: usize = s[start..]
        .chars()
        .take_while(|c| c.is_alnum())
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    Some((start..start + len, &s[start..start + len]))
}

/// Whether only white space lies between `a` and `b` (`a <= b`).
pub fn only_space(s: &str, a: usize, b: usize) -> bool {
    s.get(a..b).is_some_and(|g| g.trim().is_empty())
}
