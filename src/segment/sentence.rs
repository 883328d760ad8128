//! Sentence splitting within one line, over its tokens.
//!
//! Abbreviations ("TP.", "PGS.TS."), initials and numbers ("6,61", "1.000")
//! are whole tokens, so only a free-standing ".", "!", "?" or ellipsis can end
//! a sentence. It does when the next token opens a sentence: a capital
//! letter, a digit, an opening quote or bracket, a dash. Closing quotes and
//! brackets written right after the mark belong to the sentence they close.
//! A line without final punctuation (a title, a caption, a byline) ends its
//! last sentence anyway.

use super::token::{Token, TokenKind, tokens};
use std::ops::Range;

/// Sentence byte ranges in `line`, trimmed, in order.
pub fn sentences(line: &str) -> Vec<Range<usize>> {
    let toks = tokens(line);
    sentence_tokens(line, &toks)
        .into_iter()
        .filter_map(|r| {
            let first = toks.get(r.start)?;
            let last = toks.get(r.end.checked_sub(1)?)?;
            Some(first.range.start..last.range.end)
        })
        .collect()
}

fn text<'a>(s: &'a str, t: &Token) -> &'a str {
    s.get(t.range.clone()).unwrap_or("")
}

fn is_terminal(s: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct && {
        let x = text(s, t);
        !x.is_empty() && x.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
    }
}

fn is_closing(s: &str, t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && matches!(text(s, t), "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "›")
}

/// Whether the token can open a sentence.
fn opens(s: &str, t: &Token) -> bool {
    let x = text(s, t);
    let Some(c) = x.chars().next() else {
        return false;
    };
    if c.is_uppercase() || c.is_ascii_digit() {
        return true;
    }
    match t.kind {
        TokenKind::Punct => matches!(
            c,
            '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '-' | '–' | '—' | '•' | '*'
        ),
        TokenKind::Url | TokenKind::Email | TokenKind::Symbol => true,
        _ => false,
    }
}

/// Sentences as ranges of token indices into `toks` (tokens of `s`).
pub(crate) fn sentence_tokens(s: &str, toks: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut k = 0;
    while k < toks.len() {
        if !is_terminal(s, &toks[k]) {
            k += 1;
            continue;
        }
        // Take the whole run of terminal marks ("?!", ". . .") and the
        // closing quotes and brackets glued to it.
        let mut end = k + 1;
        while let Some(t) = toks.get(end) {
            let glued = toks[end - 1].range.end == t.range.start;
            if is_terminal(s, t) || (glued && is_closing(s, t)) {
                end += 1;
            } else {
                break;
            }
        }
        match toks.get(end) {
            Some(next) if opens(s, next) => {
                out.push(start..end);
                start = end;
            }
            _ => {}
        }
        k = end;
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_at_terminals_only() {
        assert_eq!(
            split("Đồng chí PGS.TS. Nguyễn Văn A phát biểu. Hội nghị bế mạc."),
            [
                "Đồng chí PGS.TS. Nguyễn Văn A phát biểu.",
                "Hội nghị bế mạc."
            ]
        );
        assert_eq!(
            split("Ông nói: \"Tốt lắm.\" Sau đó"),
            ["Ông nói: \"Tốt lắm.\"", "Sau đó"]
        );
        assert_eq!(split("và... còn nữa"), ["và... còn nữa"]);
    }
}
