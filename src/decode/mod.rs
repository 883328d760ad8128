//! Stage 1, decode: bytes to text, detecting the encoding (UTF-8 with or
//! without BOM, UTF-16 with BOM, Windows-1258, TCVN3, VNI) or using the one
//! forced with `--encoding`.

use std::fmt;

mod detect;
mod legacy;

/// A supported input encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian (detected by its BOM).
    Utf16Le,
    /// UTF-16 big-endian (detected by its BOM).
    Utf16Be,
    /// Windows-1258 (Vietnamese ANSI code page, combining tone marks).
    Windows1258,
    /// TCVN3 (ABC), the 8-bit Vietnamese font encoding.
    Tcvn3,
    /// VNI-Windows, base letters followed by diacritic bytes.
    Vni,
}

impl Encoding {
    /// Every supported encoding, in the order detection prefers them.
    pub const ALL: [Encoding; 6] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Vni,
    ];

    /// The name reported in `source.encoding` and accepted by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }

    /// Parses a name as `--encoding` takes it (case-insensitive, with common aliases).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" | "win1258" => Encoding::Windows1258,
            "tcvn3" | "tcvn" | "abc" | "tcvn-3" => Encoding::Tcvn3,
            "vni" | "vni-windows" => Encoding::Vni,
            _ => return None,
        })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decoded text, the encoding that produced it, and any doubts about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: Encoding,
    /// Doubts about the decoding, as short sentences for the record's
    /// `warnings`: invalid UTF-8 bytes replaced by U+FFFD, or a detection
    /// that two encodings nearly tied.
    pub warnings: Vec<String>,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL bytes outside a UTF-16 text.
    #[error("binary data (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// No supported encoding explains the bytes, or the forced one does not.
    #[error("{0}")]
    Undecodable(String),
}

/// How many bytes of an 8-bit input are decoded with every candidate
/// encoding to choose one; the winner then decodes the whole input. The
/// sample is made of the input's lines that hold non-ASCII bytes (long lines
/// cut into pieces of [`SAMPLE_PIECE`] bytes), since pure-ASCII lines decode
/// the same in every candidate: an ASCII header of any length does not hide
/// the encoding of the text after it.
pub const DETECTION_SAMPLE: usize = 64 * 1024;

/// The longest piece of one line that goes into the detection sample.
pub const SAMPLE_PIECE: usize = 4 * 1024;

/// The 8-bit candidates tried when the input is not UTF-8, in the order that
/// breaks ties.
pub const LEGACY_CANDIDATES: [Encoding; 3] =
    [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni];

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
///
/// Detection: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE); then
/// NUL bytes mean binary data, unless their layout shows BOM-less UTF-16;
/// then valid UTF-8 is UTF-8, and UTF-8 with a few invalid byte sequences
/// (one in twenty of the well-formed multi-byte characters, or one or two:
/// an article cut inside its last character, a stray byte) is UTF-8 with
/// each invalid sequence replaced by U+FFFD and a warning; otherwise a sample of the
/// lines with non-ASCII bytes (see [`DETECTION_SAMPLE`]) is decoded with
/// each of [`LEGACY_CANDIDATES`] and the result that looks most like
/// Vietnamese wins, provided it looks like text at all (with a warning when
/// the runner-up looks nearly as good).
///
/// A forced encoding is used as is (a UTF-8 or matching UTF-16 BOM is
/// skipped); UTF-8 replaces invalid sequences (with a warning), UTF-16
/// errors give [`DecodeError::Undecodable`] with the byte offset. Offsets
/// always count from the start of `bytes`.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    match forced {
        Some(encoding) => decode_forced(bytes, encoding),
        None => detect_and_decode(bytes),
    }
}

/// [`decode`] of owned bytes: valid UTF-8 (with or without a byte-order
/// mark) becomes the text in place, without the copy `decode` makes, which
/// on a large input is a whole input's worth of memory. Anything else is
/// decoded as `decode` does.
pub fn decode_owned(bytes: Vec<u8>, forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    if forced.is_some() || find_nul(&bytes).is_some() {
        return decode(&bytes, forced);
    }
    // The byte-order mark is valid UTF-8 itself: the whole buffer is valid
    // exactly when the text after it is.
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            Ok(decoded(text, Encoding::Utf8))
        }
        Err(e) => decode(e.as_bytes(), forced),
    }
}

fn decoded(text: String, encoding: Encoding) -> Decoded {
    Decoded {
        text,
        encoding,
        warnings: Vec::new(),
    }
}

fn detect_and_decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(UTF8_BOM) {
        return decode_utf8(bytes, UTF8_BOM.len());
    }
    if bytes.starts_with(UTF16LE_BOM) {
        return decode_utf16(bytes, UTF16LE_BOM.len(), Encoding::Utf16Le);
    }
    if bytes.starts_with(UTF16BE_BOM) {
        return decode_utf16(bytes, UTF16BE_BOM.len(), Encoding::Utf16Be);
    }
    if let Some(offset) = find_nul(bytes) {
        return match bomless_utf16(bytes) {
            Some(d) => Ok(d),
            None => Err(DecodeError::Binary { offset }),
        };
    }
    // The fast path: one validation and one copy.
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(decoded(s.to_owned(), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    let scan = Utf8Scan::of(bytes);
    if scan.mostly_valid() {
        return Ok(utf8_lossy(bytes, &scan));
    }
    detect_legacy(bytes, utf8_error)
}

/// What one pass over bytes finds about them as UTF-8.
#[derive(Debug, Clone, Copy, Default)]
struct Utf8Scan {
    /// Well-formed multi-byte characters.
    multibyte: usize,
    /// Invalid byte sequences (each becomes one U+FFFD in a lossy decoding).
    invalid: usize,
    /// Byte offset of the first invalid sequence.
    first_invalid: Option<usize>,
}

impl Utf8Scan {
    /// Whether the bytes are UTF-8 with a few invalid sequences: at most
    /// one in twenty of the well-formed multi-byte characters, or one or two
    /// and no more than those (a short text cut inside its last character, a
    /// stray byte). Legacy 8-bit text has invalid sequences in nearly every
    /// word with a diacritic, and random high bytes about one in three.
    fn mostly_valid(&self) -> bool {
        self.invalid * 20 <= self.multibyte || (self.invalid <= 2 && self.invalid <= self.multibyte)
    }

    /// Scans `bytes` once, in linear time.
    fn of(bytes: &[u8]) -> Utf8Scan {
        let mut scan = Utf8Scan::default();
        let mut offset = 0;
        while let Some(rest) = bytes.get(offset..).filter(|r| !r.is_empty()) {
            let (valid, skip) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), 0),
                Err(e) => (
                    e.valid_up_to(),
                    e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
                ),
            };
            // In well-formed UTF-8 every non-ASCII character has exactly one
            // lead byte (0xC0 and up).
            scan.multibyte += rest
                .get(..valid)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b >= 0xC0)
                .count();
            if skip > 0 {
                scan.invalid += 1;
                scan.first_invalid.get_or_insert(offset + valid);
            }
            offset += valid + skip.max(usize::from(valid == 0));
        }
        scan
    }
}

/// Decodes `bytes` as UTF-8, each invalid sequence replaced by U+FFFD, with
/// a warning when there were any (offsets count from the start of `bytes`).
fn utf8_lossy(bytes: &[u8], scan: &Utf8Scan) -> Decoded {
    let mut d = decoded(String::from_utf8_lossy(bytes).into_owned(), Encoding::Utf8);
    if let Some(first) = scan.first_invalid {
        let n = scan.invalid;
        let seqs = if n == 1 { "sequence" } else { "sequences" };
        d.warnings.push(format!(
            "{n} invalid UTF-8 byte {seqs} replaced by U+FFFD (first at byte offset {first})"
        ));
    }
    d
}

fn decode_forced(bytes: &[u8], encoding: Encoding) -> Result<Decoded, DecodeError> {
    match encoding {
        Encoding::Utf8 => {
            let start = if bytes.starts_with(UTF8_BOM) {
                UTF8_BOM.len()
            } else {
                0
            };
            decode_utf8(bytes, start)
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let bom = if encoding == Encoding::Utf16Le {
                UTF16LE_BOM
            } else {
                UTF16BE_BOM
            };
            let start = if bytes.starts_with(bom) { bom.len() } else { 0 };
            decode_utf16(bytes, start, encoding)
        }
        Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni => {
            if let Some(offset) = find_nul(bytes) {
                return Err(DecodeError::Binary { offset });
            }
            let mut d = decoded(decode_legacy(bytes, encoding), encoding);
            // A wrong --encoding gives mojibake: say so instead of passing
            // it off as Vietnamese.
            let s = detect::score(&d.text);
            if s.informative > 0 && s.informative_valid * 2 < s.informative {
                d.warnings.push(format!(
                    "forced encoding {} yields few Vietnamese syllables ({} of {} words with tone marks or Vietnamese letters)",
                    encoding.name(),
                    s.informative_valid,
                    s.informative
                ));
            }
            Ok(d)
        }
    }
}

fn find_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Decodes `bytes[start..]` as UTF-8 (after a BOM, or forced): invalid
/// sequences become U+FFFD with a warning whose offset counts in `bytes`.
fn decode_utf8(bytes: &[u8], start: usize) -> Result<Decoded, DecodeError> {
    let body = bytes.get(start..).unwrap_or_default();
    if let Some(offset) = find_nul(body) {
        return Err(DecodeError::Binary {
            offset: start + offset,
        });
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(decoded(s.to_owned(), Encoding::Utf8)),
        Err(_) => {
            let mut scan = Utf8Scan::of(body);
            scan.first_invalid = scan.first_invalid.map(|o| o + start);
            Ok(utf8_lossy(body, &scan))
        }
    }
}

fn invalid_in(encoding: Encoding, offset: usize) -> DecodeError {
    DecodeError::Undecodable(format!(
        "invalid {} at byte offset {offset}",
        encoding.name()
    ))
}

/// Decodes `bytes[start..]` as UTF-16 in the byte order of `encoding`.
///
/// An odd trailing byte or an unpaired surrogate is an error at its offset;
/// a U+0000 character means binary data.
fn decode_utf16(bytes: &[u8], start: usize, encoding: Encoding) -> Result<Decoded, DecodeError> {
    let body = bytes.get(start..).unwrap_or_default();
    let big_endian = encoding == Encoding::Utf16Be;
    let units = body.chunks_exact(2).map(|pair| match *pair {
        [a, b] if big_endian => u16::from_be_bytes([a, b]),
        [a, b] => u16::from_le_bytes([a, b]),
        _ => 0xFFFD,
    });
    let mut text = String::with_capacity(body.len() / 2 * 3);
    let mut offset = start;
    for unit in char::decode_utf16(units) {
        match unit {
            Ok('\0') => return Err(DecodeError::Binary { offset }),
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => return Err(invalid_in(encoding, offset)),
        }
    }
    if body.len() % 2 == 1 {
        return Err(invalid_in(encoding, bytes.len() - 1));
    }
    Ok(decoded(text, encoding))
}

/// Recognises UTF-16 without a BOM from its NUL bytes: mostly-ASCII text has
/// a NUL in (nearly) every high byte and (almost) none in the low bytes.
fn bomless_utf16(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || bytes.len() % 2 == 1 {
        return None;
    }
    let sample = bytes.get(..bytes.len().min(8 * 1024)).unwrap_or_default();
    let pairs = sample.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        if let [a, b] = *pair {
            even += usize::from(a == 0);
            odd += usize::from(b == 0);
        }
    }
    let encoding = if odd * 10 >= pairs * 3 && even * 50 <= pairs {
        Encoding::Utf16Le
    } else if even * 10 >= pairs * 3 && odd * 50 <= pairs {
        Encoding::Utf16Be
    } else {
        return None;
    };
    let d = decode_utf16(bytes, 0, encoding).ok()?;
    let head: String = d.text.chars().take(DETECTION_SAMPLE / 2).collect();
    detect::score(&head).plausible().then_some(d)
}

fn decode_legacy(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Tcvn3 => legacy::decode_tcvn3(bytes),
        Encoding::Vni => legacy::decode_vni(bytes),
        _ => legacy::decode_windows_1258(bytes),
    }
}

/// The detection sample of a long input: its lines with non-ASCII bytes
/// (long lines in pieces of at most [`SAMPLE_PIECE`] bytes, cut at a space
/// where there is one), one after another, until [`DETECTION_SAMPLE`] bytes.
/// Linear: each byte is looked at a bounded number of times.
fn non_ascii_sample(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(DETECTION_SAMPLE + SAMPLE_PIECE + 1);
    let mut start = 0;
    while start < bytes.len() && out.len() < DETECTION_SAMPLE {
        let window = bytes
            .get(start..bytes.len().min(start + SAMPLE_PIECE))
            .unwrap_or_default();
        let (piece_len, next) = match window.iter().position(|&b| b == b'\n') {
            Some(nl) => (nl, nl + 1),
            None if start + window.len() == bytes.len() => (window.len(), window.len()),
            None => match window.iter().rposition(|&b| b == b' ') {
                Some(sp) if sp > 0 => (sp, sp + 1),
                _ => (window.len(), window.len()),
            },
        };
        let piece = window.get(..piece_len).unwrap_or_default();
        if piece.iter().any(|&b| b >= 0x80) {
            out.extend_from_slice(piece);
            out.push(b'\n');
        }
        start += next.max(1);
    }
    out
}

/// Chooses among the 8-bit candidates for input that is not UTF-8 (its first
/// invalid byte is at `utf8_error`).
fn detect_legacy(bytes: &[u8], utf8_error: usize) -> Result<Decoded, DecodeError> {
    let whole = bytes.len() <= DETECTION_SAMPLE;
    let sampled;
    let sample = if whole {
        bytes
    } else {
        sampled = non_ascii_sample(bytes);
        &sampled[..]
    };
    let mut scored: Vec<(i64, detect::Score, Encoding, String)> = LEGACY_CANDIDATES
        .iter()
        .map(|&encoding| {
            let text = decode_legacy(sample, encoding);
            let score = detect::score(&text);
            (score.value(), score, encoding, text)
        })
        .collect();
    // Higher value first; equal values go to the decoding with more
    // frequent syllables, then (the sort is stable) to the preference order.
    scored.sort_by_key(|c| std::cmp::Reverse((c.0, c.1.common)));
    let mut ranked = scored.into_iter();
    let best = ranked.next();
    let runner_up = ranked.next().map(|(v, _, e, _)| (v, e));
    match best {
        Some((value, score, encoding, text)) if score.plausible() => {
            let text = if whole {
                text
            } else {
                decode_legacy(bytes, encoding)
            };
            let mut d = decoded(text, encoding);
            if let Some((other_value, other)) = runner_up
                && detect::close(value, other_value, &score)
            {
                d.warnings.push(format!(
                    "encoding uncertain: {encoding} chosen, but {other} reads almost as well"
                ));
            }
            Ok(d)
        }
        _ => Err(DecodeError::Undecodable(format!(
            "no supported encoding explains the bytes: invalid utf-8 at byte offset \
             {utf8_error}, and {} do not yield plausible text",
            LEGACY_CANDIDATES.map(Encoding::name).join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let cases: Vec<(Vec<u8>, Option<Encoding>)> = vec![
            ("Tỉnh ủy Yên Bái".as_bytes().to_vec(), None),
            (
                [UTF8_BOM, "Nghị quyết số 37-NQ/TU".as_bytes()].concat(),
                None,
            ),
            (b"T\xe1\xbb\x89nh \x00 \xe1\xbb\xa7y".to_vec(), None),
            ([UTF8_BOM, b"a\x00b"].concat(), None),
            (
                b"Ngh\xe1\xbb\x8b quy\xe1\xba\xbf t \xa0 s\xe1\xbb\x91".to_vec(),
                None,
            ),
            (b"T\xecnh \xfby".to_vec(), None),
            (b"\xff\xfeT\x00\xec\x00".to_vec(), None),
            ("Tỉnh ủy".as_bytes().to_vec(), Some(Encoding::Windows1258)),
            (Vec::new(), None),
        ];
        for (bytes, forced) in cases {
            assert_eq!(
                decode_owned(bytes.clone(), forced),
                decode(&bytes, forced),
                "{bytes:?} as {forced:?}"
            );
        }
        // A UTF-8 input loses its byte-order mark and keeps its buffer.
        let owned = [UTF8_BOM, "Đảng bộ".as_bytes()].concat();
        let d = decode_owned(owned, None).expect("UTF-8");
        assert_eq!((d.text.as_str(), d.encoding), ("Đảng bộ", Encoding::Utf8));
    }

    fn ok(bytes: &[u8], forced: Option<Encoding>) -> Decoded {
        match decode(bytes, forced) {
            Ok(d) => d,
            Err(e) => panic!("{bytes:?} as {forced:?}: {e}"),
        }
    }

    fn detected(bytes: &[u8]) -> (String, Encoding) {
        let d = ok(bytes, None);
        (d.text, d.encoding)
    }

    fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if big_endian { UTF16BE_BOM } else { UTF16LE_BOM });
        }
        for u in s.encode_utf16() {
            out.extend_from_slice(&if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    /// Deterministic pseudo-random bytes (xorshift).
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x.to_le_bytes()[3]
            })
            .collect()
    }

    #[test]
    fn names_round_trip() {
        for e in Encoding::ALL {
            assert_eq!(Encoding::from_name(e.name()), Some(e));
            assert_eq!(e.to_string(), e.name());
        }
        assert_eq!(Encoding::from_name(" CP1258 "), Some(Encoding::Windows1258));
        assert_eq!(Encoding::from_name("latin1"), None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            detected("Việt Nam".as_bytes()),
            ("Việt Nam".into(), Encoding::Utf8)
        );
        assert_eq!(
            detected(b"\xEF\xBB\xBFNgh\xE1\xBB\x8B quy\xE1\xBA\xBFt"),
            ("Nghị quyết".into(), Encoding::Utf8)
        );
        assert_eq!(detected(b""), (String::new(), Encoding::Utf8));
        assert_eq!(detected(b"\xEF\xBB\xBF"), (String::new(), Encoding::Utf8));
    }

    #[test]
    fn utf16_with_bom() {
        let s = "Ủy ban nhân dân 𝔘 tỉnh";
        assert_eq!(
            detected(&utf16(s, false, true)),
            (s.into(), Encoding::Utf16Le)
        );
        assert_eq!(
            detected(&utf16(s, true, true)),
            (s.into(), Encoding::Utf16Be)
        );
        // The NULs of UTF-16 are not binary data.
        assert!(utf16(s, false, true).contains(&0));
    }

    #[test]
    fn utf16_without_bom() {
        let s = "Đảng bộ tỉnh Yên Bái lãnh đạo thực hiện Nghị quyết.\n";
        assert_eq!(
            detected(&utf16(s, false, false)),
            (s.into(), Encoding::Utf16Le)
        );
        assert_eq!(
            detected(&utf16(s, true, false)),
            (s.into(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn bad_utf16() {
        // Odd length.
        let mut odd = utf16("Việt", false, true);
        odd.push(b'x');
        assert_eq!(
            decode(&odd, None),
            Err(DecodeError::Undecodable(
                "invalid utf-16le at byte offset 10".into()
            ))
        );
        // Unpaired surrogate after "ab".
        let bytes = b"\xFE\xFF\x00a\x00b\xD8\x00\x00c";
        assert_eq!(
            decode(bytes, None),
            Err(DecodeError::Undecodable(
                "invalid utf-16be at byte offset 6".into()
            ))
        );
        // U+0000 in UTF-16 is binary data.
        assert_eq!(
            decode(b"\xFF\xFEa\x00\x00\x00", None),
            Err(DecodeError::Binary { offset: 4 })
        );
    }

    #[test]
    fn binary() {
        assert_eq!(
            decode(b"Vi\xd6t\x00Nam", None),
            Err(DecodeError::Binary { offset: 4 })
        );
        assert_eq!(
            decode(b"abc\x00", Some(Encoding::Utf8)),
            Err(DecodeError::Binary { offset: 3 })
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\x00", None),
            Err(DecodeError::Binary { offset: 5 })
        );
        for e in LEGACY_CANDIDATES {
            assert_eq!(
                decode(b"x\x00", Some(e)),
                Err(DecodeError::Binary { offset: 1 })
            );
        }
        // A PNG-like header: NULs that are not UTF-16.
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
            Err(DecodeError::Binary { offset: 8 })
        );
    }

    #[test]
    fn undecodable_noise() {
        for seed in 1..20 {
            let bytes: Vec<u8> = noise(4096, seed).into_iter().filter(|&b| b != 0).collect();
            match decode(&bytes, None) {
                Err(DecodeError::Undecodable(m)) => {
                    for name in ["utf-8", "windows-1258", "tcvn3", "vni"] {
                        assert!(m.contains(name), "{m}");
                    }
                }
                other => panic!("seed {seed}: {other:?}"),
            }
        }
        // A JPEG-like header and body without NULs.
        let mut jpeg = b"\xFF\xD8\xFF\xE0\x10JFIF\x01\x01\x01\x48\x01\x48\xFF\xDB\x43\x01".to_vec();
        jpeg.extend(noise(2000, 99).into_iter().filter(|&b| b != 0));
        assert!(matches!(
            decode(&jpeg, None),
            Err(DecodeError::Undecodable(_))
        ));
        // High bytes only, 80..FE: many pairs are well-formed UTF-8 by
        // chance, yet far too many are not for a damaged UTF-8 text.
        let high: Vec<u8> = (0u32..4000)
            .map(|i| 0x80 + ((i.wrapping_mul(2_654_435_761) >> 25) % 0x7f) as u8)
            .collect();
        assert!(
            matches!(decode(&high, None), Err(DecodeError::Undecodable(_))),
            "{:?}",
            decode(&high, None).map(|d| d.encoding)
        );
        // Printable high bytes only, no controls: still not Vietnamese.
        let high: Vec<u8> = noise(3000, 7)
            .into_iter()
            .map(|b| if b < 0x80 { b | 0xA0 } else { b })
            .collect();
        assert!(matches!(
            decode(&high, None),
            Err(DecodeError::Undecodable(_))
        ));
    }

    #[test]
    fn forced_utf8_replaces_invalid_bytes_with_a_warning() {
        let d = ok(b"Vi\xd6t Nam", Some(Encoding::Utf8));
        assert_eq!(d.text, "Vi\u{fffd}t Nam");
        assert_eq!(
            d.warnings,
            ["1 invalid UTF-8 byte sequence replaced by U+FFFD (first at byte offset 2)"]
        );
        // Offsets count the BOM.
        let d = ok(b"\xEF\xBB\xBFab\xFF\xFEc", Some(Encoding::Utf8));
        assert_eq!(d.text, "ab\u{fffd}\u{fffd}c");
        assert_eq!(
            d.warnings,
            ["2 invalid UTF-8 byte sequences replaced by U+FFFD (first at byte offset 5)"]
        );
    }

    #[test]
    fn a_wrong_forced_encoding_is_a_warning() {
        let text = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười tám đã thông qua nghị quyết về phát triển kinh tế.";
        let bytes = text.as_bytes();
        let d = ok(bytes, Some(Encoding::Windows1258));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0]
                .starts_with("forced encoding windows-1258 yields few Vietnamese syllables")
        );
        // The right legacy encoding forced: no warning.
        let tcvn3: &[u8] = b"\xa7\xb6ng b\xe9 t\xd8nh \xae\xb7 l\xb5m t\xe8t c\xabng t\xb8c x\xa9y d\xf9ng \xa7\xb6ng.";
        let d = ok(tcvn3, Some(Encoding::Tcvn3));
        assert!(d.text.starts_with("Đảng bộ tỉnh"), "{}", d.text);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn forced_encodings_are_obeyed() {
        // Valid UTF-8 read as Windows-1258 on request.
        assert_eq!(
            ok("Việt".as_bytes(), Some(Encoding::Windows1258)).text,
            "Vi\u{1ec7}t"
                .bytes()
                .map(|b| {
                    let buf = [b];
                    encoding_rs::WINDOWS_1258
                        .decode_without_bom_handling(&buf)
                        .0
                        .into_owned()
                })
                .collect::<String>()
        );
        assert_eq!(ok(b"Vie\xe4t", Some(Encoding::Vni)).text, "Việt");
        assert_eq!(ok(b"Vie\xe4t", Some(Encoding::Tcvn3)).text, "Vieọt");
        assert_eq!(
            ok(b"Vi\xd6t", Some(Encoding::Tcvn3)).encoding,
            Encoding::Tcvn3
        );
        // UTF-16 forced without a BOM, and with the matching BOM skipped.
        let le = utf16("Đảng", false, false);
        assert_eq!(ok(&le, Some(Encoding::Utf16Le)).text, "Đảng");
        let be = utf16("Đảng", true, true);
        assert_eq!(ok(&be, Some(Encoding::Utf16Be)).text, "Đảng");
        // A UTF-8 BOM is not UTF-8 text when UTF-16 is forced... it is two
        // code units, the second one unpaired; either way no panic.
        assert!(decode(b"\xEF\xBB\xBF", Some(Encoding::Utf16Le)).is_err());
    }

    const SHORT: [&str; 4] = ["Việt Nam", "Nghị quyết", "Đảng", "Ủy ban nhân dân"];

    #[test]
    fn detects_windows_1258() {
        let encoded: [&[u8]; 4] = [
            b"Vi\xea\xf2t Nam",
            b"Nghi\xf2 quy\xea\xect",
            b"\xd0a\xd2ng",
            b"U\xd2y ban nh\xe2n d\xe2n",
        ];
        for (bytes, want) in encoded.iter().zip(SHORT) {
            let (text, e) = detected(bytes);
            assert_eq!(e, Encoding::Windows1258, "{want}");
            // Windows-1258 keeps combining marks; the normalize stage composes them.
            use unicode_normalization::UnicodeNormalization;
            assert_eq!(text.nfc().collect::<String>(), want);
            assert_ne!(text, want);
        }
    }

    #[test]
    fn detects_tcvn3() {
        let encoded: [&[u8]; 4] = [
            b"Vi\xd6t Nam",
            b"Ngh\xde quy\xd5t",
            b"\xa7\xb6ng",
            b"\xf1y ban nh\xa9n d\xa9n",
        ];
        for (bytes, want) in encoded.iter().zip(SHORT) {
            let want = want.replace('Ủ', "ủ");
            assert_eq!(detected(bytes), (want, Encoding::Tcvn3));
        }
    }

    #[test]
    fn detects_vni() {
        let encoded: [&[u8]; 4] = [
            b"Vie\xe4t Nam",
            b"Ngh\xf2 quye\xe1t",
            b"\xd1a\xfbng",
            b"U\xdby ban nha\xe2n da\xe2n",
        ];
        for (bytes, want) in encoded.iter().zip(SHORT) {
            assert_eq!(detected(bytes), (want.to_string(), Encoding::Vni));
        }
    }

    /// A long text (past the detection sample) in each 8-bit encoding.
    #[test]
    fn detects_long_texts() {
        let tcvn3: &[u8] = b"\xa7\xb6ng b\xe9 t\xd8nh \xae\xb7 l\xb5m t\xe8t c\xabng t\xb8c x\xa9y d\xf9ng \xa7\xb6ng. ";
        let vni: &[u8] = b"\xd1a\xfbng bo\xe4 t\xe6nh \xf1a\xf5 la\xf8m to\xe1t co\xe2ng ta\xf9c xa\xe2y d\xf6\xefng \xd1a\xfbng. ";
        let cp1258: &[u8] = b"\xd0a\xd2ng b\xf4\xf2 ti\xd2nh \xf0a\xde la\xccm t\xf4\xect c\xf4ng ta\xecc x\xe2y d\xfd\xf2ng \xd0a\xd2ng. ";
        let want = "Đảng bộ tỉnh đã làm tốt công tác xây dựng Đảng. ";
        for (unit, e) in [
            (tcvn3, Encoding::Tcvn3),
            (vni, Encoding::Vni),
            (cp1258, Encoding::Windows1258),
        ] {
            let n = DETECTION_SAMPLE / unit.len() + 10;
            let bytes = unit.repeat(n);
            let d = ok(&bytes, None);
            assert_eq!(d.encoding, e);
            use unicode_normalization::UnicodeNormalization;
            let text: String = d.text.nfc().collect();
            assert!(
                text == want.repeat(n),
                "{e}: {}",
                text.get(..200).unwrap_or("")
            );
        }
    }

    #[test]
    fn mostly_ascii_text_is_accepted() {
        // Not Vietnamese, but ordinary text with one high byte: accepted,
        // whatever candidate wins (0xA9 is "©" in Windows-1258, "â" in TCVN3).
        let d = ok(b"Copyright \xa9 2024 by the authors.", None);
        assert!(d.text.starts_with("Copyright ") && d.text.ends_with(" 2024 by the authors."));
        // Symbols that no candidate turns into letters.
        let d = ok(b"It was 25\xb0C in the shade and cost 3 \x80 a kilo.", None);
        assert_eq!(d.text, "It was 25°C in the shade and cost 3 € a kilo.");
        assert_eq!(d.encoding, Encoding::Windows1258);
    }

    mod prop {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            #[test]
            fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
                let _ = decode(&bytes, None);
                for e in Encoding::ALL {
                    let _ = decode(&bytes, Some(e));
                }
            }

            #[test]
            fn utf8_detected_is_the_lossy_decoding(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
                if let Ok(d) = decode(&bytes, None)
                    && d.encoding == Encoding::Utf8
                    && !bytes.starts_with(UTF8_BOM)
                {
                    prop_assert_eq!(&d.text, &String::from_utf8_lossy(&bytes));
                    prop_assert_eq!(d.warnings.is_empty(), std::str::from_utf8(&bytes).is_ok());
                }
            }

            #[test]
            fn legacy_decoding_is_total(bytes in proptest::collection::vec(1u8.., 0..300)) {
                for e in LEGACY_CANDIDATES {
                    let d = decode(&bytes, Some(e));
                    prop_assert!(d.is_ok());
                }
            }

            #[test]
            fn valid_utf8_stays_utf8(s in "[^\u{0}\u{feff}][^\u{0}]{0,200}") {
                let d = decode(s.as_bytes(), None);
                prop_assert_eq!(d, Ok(Decoded { text: s.clone(), encoding: Encoding::Utf8, warnings: Vec::new() }));
            }
        }
    }
}
