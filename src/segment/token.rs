//! Syllable tokens: the units the word model groups into words.
//!
//! A token is a syllable or a unit that must never be cut: a number with
//! Vietnamese separators ("6,61", "45.799", "-9,28"), a percentage
//! ("7,24%"), a date ("21/2/2024", "15-10"), a time ("9:30:21"), a document
//! code ("37-NQ/TU", "30/2020/NĐ-CP", "24- CT/TU"), an abbreviation
//! ("UBND", "TP.HCM", "PGS.TS."), a URL or an e-mail address. Every other
//! punctuation mark is a token of its own, except that a run of dots (an
//! ellipsis) stays whole. White space is never inside a token, except in a
//! document code written with a stray space ("24- CT/TU").

use crate::chars::CharExt;
use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A syllable or a word written without spaces ("cán", "COVID-19").
    Word,
    /// An abbreviation: all capitals ("UBND") or with dots ("TP.HCM", "PGS.TS.").
    Abbrev,
    /// A number ("6,61", "1.000", "-9,28").
    Number,
    /// A percentage ("7,24%").
    Percent,
    /// A date or a range of numbers written with "/" or "-" ("21/2/2024", "15-10").
    Date,
    /// A time of day ("9:30:21").
    Time,
    /// A document code ("37-NQ/TU", "30/2020/NĐ-CP").
    Code,
    /// A URL ("https://...", "www.example.vn").
    Url,
    /// An e-mail address.
    Email,
    /// A punctuation mark, or a run of dots.
    Punct,
    /// Any other symbol.
    Symbol,
}

/// One token: its byte range in the tokenized text and its kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte range in the text given to [`tokens`].
    pub range: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
}

impl TokenKind {
    /// Whether the token counts as a syllable (everything but punctuation and symbols).
    pub fn is_syllable(self) -> bool {
        !matches!(self, TokenKind::Punct | TokenKind::Symbol)
    }
}

/// Abbreviations that keep their final dot ("TP." in "TP. Hồ Chí Minh").
const DOT_ABBREVS: &[&str] = &[
    "TP", "Tp", "tp", "TS", "Ts", "PGS", "GS", "ThS", "Th", "BS", "KS", "NXB", "Q", "q", "P", "p",
    "St", "TX", "Tx", "Mr", "Mrs", "Ms", "Dr", "v", "Ths", "Nxb", "TTr",
];

/// Whether `c` is part of a syllable: letters, digits and combining marks.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alnum() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Whether `c` is punctuation (as opposed to another symbol).
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '–'
                | '—'
                | '―'
                | '‐'
                | '‑'
                | '…'
                | '•'
                | '·'
                | '‹'
                | '›'
                | '„'
                | '′'
                | '″'
        )
}

struct Scanner<'a> {
    s: &'a str,
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i..).and_then(|t| t.chars().next())
    }

    /// The character right after the one at `i`.
    fn after(&self, i: usize) -> Option<char> {
        let c = self.at(i)?;
        self.at(i + c.len_utf8())
    }

    fn prev(&self, i: usize) -> Option<char> {
        self.s.get(..i).and_then(|t| t.chars().next_back())
    }

    /// End of the run of word characters starting at `i`.
    fn word_run(&self, i: usize) -> usize {
        let Some(rest) = self.s.get(i..) else {
            return i;
        };
        rest.char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.s.len(), |(k, _)| i + k)
    }

    fn digit_run(&self, mut i: usize) -> usize {
        while let Some(c) = self.at(i) {
            if !c.is_ascii_digit() {
                break;
            }
            i += 1;
        }
        i
    }
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_upper(c: Option<char>) -> bool {
    c.is_some_and(char::is_uppercase)
}

fn is_wordc(c: Option<char>) -> bool {
    c.is_some_and(is_word_char)
}

/// Splits `s` into tokens, in order; white space separates tokens and is in none.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(s.len() / 4 + 1);
    tokens_into(s, &mut out);
    out
}

/// [`tokens`] into a reused buffer (cleared first).
pub(crate) fn tokens_into(s: &str, out: &mut Vec<Token>) {
    out.clear();
    tokens_from(s, 0, out, usize::MAX);
}

/// Appends to `out` at most `max` tokens of `s` from byte `from` (a token
/// start or white space, as a previous call's return value is), and
/// returns where it stopped: `s.len()` when `s` has no more tokens. The
/// tokens are those [`tokens`] finds on the whole of `s` (a token's extent
/// depends only on the text from its start and the character before it),
/// so a long line can be tokenized window by window.
pub(crate) fn tokens_from(s: &str, from: usize, out: &mut Vec<Token>, max: usize) -> usize {
    let sc = Scanner { s };
    let mut i = from;
    let mut pushed = 0;
    while let Some(c) = sc.at(i) {
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if pushed == max {
            return i;
        }
        pushed += 1;
        let (end, kind) = if let Some(end) = url_at(&sc, i) {
            (end, TokenKind::Url)
        } else if let Some(end) = may_be_email(s, i).then(|| email_at(&sc, i)).flatten() {
            (end, TokenKind::Email)
        } else if c.is_ascii_digit()
            || (matches!(c, '-' | '+' | '−')
                && is_digit(sc.after(i))
                && sc
                    .prev(i)
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ':')))
        {
            number_at(&sc, i)
        } else if is_word_char(c) {
            word_at(&sc, i)
        } else if c == '.' {
            let mut j = i;
            while sc.at(j) == Some('.') {
                j += 1;
            }
            (j, TokenKind::Punct)
        } else if is_punct(c) {
            (i + c.len_utf8(), TokenKind::Punct)
        } else {
            (i + c.len_utf8(), TokenKind::Symbol)
        };
        let end = end.max(i + c.len_utf8());
        out.push(Token {
            range: i..end,
            kind,
        });
        i = end;
    }
    s.len()
}

/// Whether an '@' stands within the 65 bytes from `i`: an e-mail address
/// needs one there (a local part has at most 64 bytes), so most tokens
/// skip [`email_at`]'s scan after one bounded `memchr`.
fn may_be_email(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    b.get(i..b.len().min(i.saturating_add(65)))
        .is_some_and(|w| memchr::memchr(b'@', w).is_some())
}

/// The end of a URL starting at `i`, if one does.
fn url_at(sc: &Scanner, i: usize) -> Option<usize> {
    let rest = sc.s.get(i..)?;
    let b = rest.as_bytes();
    let starts = |p: &str| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let is_url = starts("http://")
        || starts("https://")
        || (starts("www.") && rest.len() > 4 && sc.prev(i).is_none_or(|p| !is_word_char(p)));
    if !is_url {
        return None;
    }
    let mut end = i + rest.find(char::is_whitespace).unwrap_or(rest.len());
    while let Some(c) = sc.prev(end) {
        if end > i + 4
            && matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\'' | '”' | '’' | ']'
            )
        {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    Some(end)
}

/// The end of an e-mail address starting at `i`, if one does.
fn email_at(sc: &Scanner, i: usize) -> Option<usize> {
    let ok_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let first = sc.at(i)?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let bytes = sc.s.as_bytes();
    let mut j = i;
    // Bounded scans (64 and 255 bytes, the RFC limits) keep tokenizing linear.
    while j < bytes.len() && j - i < 64 && ok_local(bytes[j] as char) {
        j += 1;
    }
    if bytes.get(j) != Some(&b'@') || j == i {
        return None;
    }
    let dom = j + 1;
    let mut k = dom;
    while k < bytes.len()
        && k - dom < 255
        && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'-' || bytes[k] == b'.')
    {
        k += 1;
    }
    // Drop trailing dots (sentence punctuation).
    while k > dom && bytes[k - 1] == b'.' {
        k -= 1;
    }
    let dot = (dom..k)
        .rev()
        .find(|&d| bytes[d] == b'.')
        .filter(|&d| d > dom && d + 2 <= k)?;
    if bytes[dot + 1..k].iter().all(u8::is_ascii_alphabetic) {
        Some(k)
    } else {
        None
    }
}

/// A number, date, time, percentage or document code starting at `i`.
fn number_at(sc: &Scanner, i: usize) -> (usize, TokenKind) {
    let mut j = i;
    if !is_digit(sc.at(j)) {
        j += sc.at(j).map_or(1, char::len_utf8);
    }
    j = sc.digit_run(j);
    let (mut dot, mut comma, mut slash, mut dash, mut colon) = (false, false, false, false, false);
    loop {
        match sc.at(j) {
            Some(c @ ('.' | ',' | '/' | ':' | '-')) if is_digit(sc.at(j + 1)) => {
                match c {
                    '.' => dot = true,
                    ',' => comma = true,
                    '/' => slash = true,
                    ':' => colon = true,
                    _ => dash = true,
                }
                j = sc.digit_run(j + 1);
            }
            _ => break,
        }
    }
    if sc.at(j) == Some('%') {
        return (j + 1, TokenKind::Percent);
    }
    // Letters glued to the digits: "10km", "43H-016", "3G".
    if is_wordc(sc.at(j)) && sc.at(j).is_some_and(crate::chars::is_alpha) {
        let end = word_at(sc, j).0;
        return (end, TokenKind::Code);
    }
    // A document code: "37-NQ/TU", "30/2020/NĐ-CP", "24- CT/TU".
    if let Some(c @ ('-' | '/')) = sc.at(j) {
        if is_upper(sc.at(j + 1)) {
            let end = code_tail(sc, j + 1);
            return (end, TokenKind::Code);
        }
        if c == '-' && sc.at(j + 1) == Some(' ') && is_upper(sc.at(j + 2)) {
            let end = code_tail(sc, j + 2);
            if sc.s.get(j + 2..end).is_some_and(|t| t.contains('/')) {
                return (end, TokenKind::Code);
            }
        }
    }
    let kind = if colon && !dot && !comma && !slash && !dash {
        TokenKind::Time
    } else if (slash || dash) && !dot && !comma && !colon {
        TokenKind::Date
    } else {
        TokenKind::Number
    };
    (j, kind)
}

/// The end of the letter part of a code starting at `i`: alphanumeric runs
/// joined by "/", "-" or ".".
fn code_tail(sc: &Scanner, i: usize) -> usize {
    let mut j = sc.word_run(i);
    while let Some('/' | '-' | '.') = sc.at(j) {
        if is_wordc(sc.at(j + 1)) {
            j = sc.word_run(j + 1);
        } else {
            break;
        }
    }
    j
}

/// The first non-space character at or after `i`.
fn next_non_space(sc: &Scanner, mut i: usize) -> Option<char> {
    while let Some(c) = sc.at(i) {
        if !c.is_whitespace() {
            return Some(c);
        }
        i += c.len_utf8();
    }
    None
}

/// Whether a hyphen at `j` after the run `left` joins it to the next run:
/// with a digit on either side ("COVID-19"), between two runs of capitals
/// ("GD-ĐT"), or between two ASCII runs ("Asia-Pacific"); not between
/// Vietnamese syllables ("quốc phòng-an ninh").
fn hyphen_joins(sc: &Scanner, left: &str, j: usize) -> bool {
    let start = j + sc.at(j).map_or(1, char::len_utf8);
    let right = sc.s.get(start..sc.word_run(start)).unwrap_or("");
    let digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let caps = |s: &str| s.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    digit(left)
        || digit(right)
        || (caps(left) && caps(right))
        || (left.is_ascii() && right.is_ascii())
}

/// A syllable, abbreviation or glued word starting at `i`.
fn word_at(sc: &Scanner, i: usize) -> (usize, TokenKind) {
    let mut run_start = i;
    let mut j = sc.word_run(i);
    let mut dotted = false;
    let mut joined = false;
    loop {
        let run = sc.s.get(run_start..j).unwrap_or("");
        match sc.at(j) {
            Some('.') => {
                let after = sc.at(j + 1);
                let single_upper = run.chars().count() == 1 && is_upper(run.chars().next());
                let listed = DOT_ABBREVS.contains(&run);
                let take = if is_wordc(after) {
                    // "TP.HCM", "PGS.TS", "T.T", "Q.1"; not "2023.Theo" (digits are not words here).
                    listed || single_upper || (dotted && run.chars().count() <= 3)
                } else if listed || (dotted && run.chars().count() == 1) {
                    true
                } else if single_upper {
                    // An initial: "ông H. cho biết" but not "hạng A. Sau đó".
                    next_non_space(sc, j + 1).is_some_and(|c| {
                        c.is_lowercase() || c.is_ascii_digit() || matches!(c, '(' | ',' | ')')
                    })
                } else {
                    false
                };
                if !take {
                    break;
                }
                dotted = true;
                j += 1;
                if is_wordc(sc.at(j)) {
                    run_start = j;
                    j = sc.word_run(j);
                } else {
                    break;
                }
            }
            Some('-' | '‑') if is_wordc(sc.after(j)) && hyphen_joins(sc, run, j) => {
                joined = true;
                run_start = j + sc.at(j).map_or(1, char::len_utf8);
                j = sc.word_run(run_start);
            }
            Some('/' | '&')
                if run.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
                    && (is_upper(sc.after(j)) || is_digit(sc.after(j))) =>
            {
                joined = true;
                run_start = j + 1;
                j = sc.word_run(run_start);
            }
            _ => break,
        }
    }
    let text = sc.s.get(i..j).unwrap_or("");
    let kind = if dotted {
        TokenKind::Abbrev
    } else if text.contains('/') {
        TokenKind::Code
    } else if !joined
        && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && text.chars().count() >= 2
    {
        TokenKind::Abbrev
    } else {
        TokenKind::Word
    };
    (j, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokens(s).into_iter().map(|t| &s[t.range]).collect()
    }

    #[test]
    fn numbers_and_codes_stay_whole() {
        assert_eq!(texts("tăng 6,61%."), ["tăng", "6,61%", "."]);
        assert_eq!(texts("giảm -9,28 điểm"), ["giảm", "-9,28", "điểm"]);
        assert_eq!(
            texts("Chỉ thị số 24- CT/TU ngày 20/4/2018"),
            ["Chỉ", "thị", "số", "24- CT/TU", "ngày", "20/4/2018"]
        );
        assert_eq!(texts("30/2020/NĐ-CP,"), ["30/2020/NĐ-CP", ","]);
        assert_eq!(texts("lúc 9:30:21 AM"), ["lúc", "9:30:21", "AM"]);
    }

    #[test]
    fn emails_wherever_their_at_sign_stands() {
        let kinds = |s: &str| -> Vec<(String, TokenKind)> {
            tokens(s)
                .into_iter()
                .map(|t| (s[t.range.clone()].to_string(), t.kind))
                .collect()
        };
        // Two addresses on a line, words between and after them.
        let line = "Liên hệ toasoan@baoyenbai.vn hoặc bandoc@nhandan.vn, xin cảm ơn";
        let toks = kinds(line);
        let emails: Vec<&str> = toks
            .iter()
            .filter(|(_, k)| *k == TokenKind::Email)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(emails, ["toasoan@baoyenbai.vn", "bandoc@nhandan.vn"]);
        // A local part of 64 bytes is an address, one of 65 is not.
        let ok = format!("{}@a.vn", "x".repeat(64));
        assert_eq!(kinds(&ok), [(ok.clone(), TokenKind::Email)]);
        let long = format!("{}@a.vn", "x".repeat(65));
        assert!(kinds(&long).iter().all(|(_, k)| *k != TokenKind::Email));
        // The '@' far ahead of the first words, and tokenizing in windows.
        let far = format!("{} a@b.vn", "từ ".repeat(40));
        let mut out = Vec::new();
        let mut at = 0;
        while at < far.len() {
            at = tokens_from(&far, at, &mut out, 7);
        }
        assert_eq!(out, tokens(&far));
        assert_eq!(out.last().map(|t| t.kind), Some(TokenKind::Email));
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            texts("PGS.TS. Nguyễn Văn A"),
            ["PGS.TS.", "Nguyễn", "Văn", "A"]
        );
        assert_eq!(texts("Tp.HCM."), ["Tp.HCM", "."]);
        assert_eq!(texts("ông H. cho biết"), ["ông", "H.", "cho", "biết"]);
        assert_eq!(texts("hạng A. Sau"), ["hạng", "A", ".", "Sau"]);
    }
}
