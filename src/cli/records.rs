//! Reading `--stdin-jsonl`: lines read with a cap, so a huge line costs no
//! more memory than the cap, and the id of a record found even when the line
//! is no valid record (invalid UTF-8, a lone surrogate escape, cut at the
//! cap), so its error record still names it.

use serde_json::Value;
use std::io::{self, BufRead};

/// The longest line kept for a record whose text may be `max_bytes` long:
/// JSON escapes (`\u1ec7` for a three-byte letter, as Python's `json.dumps`
/// writes by default) make a text up to six times longer, and the other
/// fields (title, url) get 64 KiB. A longer line is refused as too large.
pub fn line_cap(max_bytes: u64) -> usize {
    let cap = max_bytes.saturating_mul(6).saturating_add(64 * 1024);
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// One line of input: at most `cap` bytes of it, without the newline.
#[derive(Debug, Default)]
pub struct Line {
    /// The line's first bytes (all of them unless `truncated`).
    pub bytes: Vec<u8>,
    /// The line's whole length in bytes, without the newline.
    pub len: u64,
    /// Whether the line was longer than the cap (the rest was read and dropped).
    pub truncated: bool,
}

/// Reads the next line of `r`, keeping at most `cap` bytes and dropping
/// the rest as it reads it; `None` at the end of input.
pub fn read_line<R: BufRead>(r: &mut R, cap: usize) -> io::Result<Option<Line>> {
    let mut line = Line::default();
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        let room = cap.saturating_sub(line.bytes.len());
        if part.len() > room {
            line.truncated = true;
        }
        line.bytes.extend_from_slice(&part[..part.len().min(room)]);
        line.len = line.len.saturating_add(part.len() as u64);
        let used = part.len() + usize::from(newline.is_some());
        r.consume(used);
        if newline.is_some() {
            return Ok(Some(line));
        }
    }
}

/// The value of the top-level `id` key of a JSON object line, found by a
/// lenient scan that only parses the id itself: other values are skipped
/// without being decoded, so invalid UTF-8 or a lone surrogate escape in
/// the text, or a line cut short after the id, still gives the id. `None`
/// when the line does not start like an object or the id is not found
/// before the scan gets lost.
pub fn find_id(line: &[u8]) -> Option<Value> {
    let mut i = skip_ws(line, 0);
    if line.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(line, i);
        if line.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(line, i)?;
        let key = &line[i..key_end];
        i = skip_ws(line, key_end);
        if line.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(line, i + 1);
        let value_end = skip_value(line, i)?;
        let is_id =
            key == b"\"id\"" || serde_json::from_slice::<String>(key).is_ok_and(|k| k == "id");
        if is_id {
            let raw = &line[i..value_end];
            return serde_json::from_slice(raw).ok().or_else(|| {
                // An id that is itself not valid UTF-8: its readable part.
                serde_json::from_str(&String::from_utf8_lossy(raw)).ok()
            });
        }
        i = skip_ws(line, value_end);
        if line.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while s
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        i += 1;
    }
    i
}

/// The index after the string that opens at `i` (a `"`).
fn skip_string(s: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The index after the value that starts at `i`.
fn skip_value(s: &[u8], i: usize) -> Option<usize> {
    match s.get(i)? {
        b'"' => skip_string(s, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < s.len() {
                match s[j] {
                    b'"' => {
                        j = skip_string(s, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let end = s[i..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
                .map_or(s.len(), |p| i + p);
            // A scalar cut by the end of the kept bytes is not known whole.
            (end < s.len()).then_some(end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_kept_up_to_the_cap_and_measured_whole() {
        let mut r = io::Cursor::new(b"abcdef\n\nxy".to_vec());
        let l = read_line(&mut r, 4).unwrap().unwrap();
        assert_eq!(
            (l.bytes.as_slice(), l.len, l.truncated),
            (&b"abcd"[..], 6, true)
        );
        let l = read_line(&mut r, 4).unwrap().unwrap();
        assert_eq!(
            (l.bytes.as_slice(), l.len, l.truncated),
            (&b""[..], 0, false)
        );
        let l = read_line(&mut r, 4).unwrap().unwrap();
        assert_eq!(
            (l.bytes.as_slice(), l.len, l.truncated),
            (&b"xy"[..], 2, false)
        );
        assert!(read_line(&mut r, 4).unwrap().is_none());
    }

    #[test]
    fn the_id_is_found_past_values_serde_refuses() {
        let id = |s: &[u8]| find_id(s).map(|v| v.to_string());
        assert_eq!(
            id(b"{\"text\":\"\xff\\ud800\",\"id\":\"a-1\"}").as_deref(),
            Some("\"a-1\"")
        );
        assert_eq!(
            id(br#"{"x":{"id":[1,"}"]}, "id" : 12345678901234567890123 ,"text":"#).as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(
            id(br#"{"\u0069d":[1,2],"text":"cut"#).as_deref(),
            Some("[1,2]")
        );
        assert_eq!(id(br#"{"text":"cut short"#), None);
        assert_eq!(
            id(br#"{"id":123"#),
            None,
            "a number cut at the cap is not known whole"
        );
        assert_eq!(id(br#"[1]"#), None);
    }
}
