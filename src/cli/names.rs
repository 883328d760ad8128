//! How inputs are named in records and on stderr. A file name that is not
//! UTF-8 keeps every byte in an escaped form (the one ripgrep uses), so two
//! different names never share a `source.path`; control characters are
//! never written raw on stderr, where they could move the cursor, retitle
//! the terminal or forge a log line.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether `c` must not reach a terminal raw: C0 and C1 control
/// characters, DEL, and the characters that reorder or break lines (bidi
/// embeddings, overrides and isolates, the line and paragraph separators).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Appends the escape of one character: `\t`, `\n`, `\r`, `\\`, `\xNN`
/// for the other ASCII control characters, `\u{NNNN}` for the rest of
/// [`needs_escape`]; any other character as is.
fn push_char(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c.is_ascii_control() => {
            let _ = write!(out, "\\x{:02X}", c as u32);
        }
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// The escaped form of `bytes`: backslash as `\\`, tab, newline and
/// carriage return as `\t`, `\n`, `\r`, other control characters as
/// `\xNN` (ASCII) or `\u{NNNN}`, and each byte that is not part of valid
/// UTF-8 as `\xNN` (always 80 to FF, so it cannot be mistaken for an ASCII
/// escape). Every other character stands as itself. The form is lossless:
/// the bytes can be recovered from it.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_char(&mut out, c);
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

/// The name of a file as `source.path` and stderr give it. A path that is
/// valid UTF-8, with no backslash and no control character, is written as
/// given; any other in the escaped form of [`escape_bytes`]. A written-as-is
/// name never holds a backslash and an escaped one always does, so two
/// different paths never get the same name. (On systems whose paths are
/// not bytes, a path is written as given, control characters escaped.)
pub fn path_name(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = p.as_os_str().as_bytes();
        match std::str::from_utf8(bytes) {
            Ok(s) if !s.chars().any(|c| c == '\\' || needs_escape(c)) => s.to_string(),
            _ => escape_bytes(bytes),
        }
    }
    #[cfg(not(unix))]
    {
        terminal_safe(&p.to_string_lossy()).into_owned()
    }
}

/// `s` with its control characters escaped (see [`needs_escape`]), for
/// stderr; text without any is returned as is, backslashes included.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            push_char(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes one line to stderr, control characters escaped; a failing
/// stderr is ignored (unlike `eprintln!`, which panics).
pub fn note(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", terminal_safe(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_stand_as_given_and_others_are_escaped_losslessly() {
        assert_eq!(
            path_name(Path::new("bài viết/tin 1.txt")),
            "bài viết/tin 1.txt"
        );
        assert_eq!(escape_bytes(b"a\xFF.txt"), "a\\xFF.txt");
        assert_eq!(escape_bytes(b"a\xFE.txt"), "a\\xFE.txt");
        assert_eq!(
            escape_bytes("a\\b\n\x1b[2J\u{202e}.txt".as_bytes()),
            "a\\\\b\\n\\x1B[2J\\u{202E}.txt"
        );
        assert_eq!(terminal_safe("id\u{7}\r\n"), "id\\x07\\r\\n");
        assert_eq!(terminal_safe("a\\b"), "a\\b");
    }

    #[cfg(unix)]
    #[test]
    fn a_backslash_or_control_character_selects_the_escaped_form() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| path_name(Path::new(OsStr::from_bytes(b)));
        assert_eq!(name(b"a\\xFF.txt"), "a\\\\xFF.txt");
        assert_eq!(name(b"a\xFF.txt"), "a\\xFF.txt");
        assert_eq!(name(b"tin\n1.txt"), "tin\\n1.txt");
    }
}
