//! Encoders written for the tests, the inverses of the decoding tables:
//! real articles are encoded with them and fed to `analyze` (tests/decode.rs
//! round-trips them; tests/invariance.rs checks the analysis is the same).

use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

const TCVN3_TSV: &str = include_str!("../../data/encodings/tcvn3.tsv");
const VNI_TSV: &str = include_str!("../../data/encodings/vni.tsv");

/// The five Vietnamese tone marks as combining characters.
pub const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// What encoding produced: the bytes, and the characters it could not
/// represent (each replaced as the encoder documents).
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub unrepresentable: BTreeSet<char>,
}

/// Rows of a table: (bytes, code points as text, remaining columns).
pub fn rows(tsv: &str) -> Vec<(Vec<u8>, String, Vec<String>)> {
    tsv.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let bytes = cols[0]
                .split(' ')
                .map(|h| u8::from_str_radix(h, 16).unwrap())
                .collect();
            let text = cols[1]
                .split(' ')
                .map(|cp| char::from_u32(u32::from_str_radix(&cp[2..], 16).unwrap()).unwrap())
                .collect();
            (
                bytes,
                text,
                cols[2..].iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

/// The Windows-1252 character of each byte 80..FF, as the 8-bit decoders
/// fall back to it.
pub fn windows_1252(b: u8) -> char {
    let buf = [b];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    s.chars().next().unwrap()
}

pub fn utf8_bom(s: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(s.as_bytes());
    out
}

pub fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        b"\xFE\xFF".to_vec()
    } else {
        b"\xFF\xFE".to_vec()
    };
    for unit in s.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// A letter's toneless form (NFC) and its combining tone marks.
fn base_and_tones(c: char) -> (String, Vec<char>) {
    let decomposed: String = c.to_string().nfd().collect();
    let tones = decomposed.chars().filter(|c| TONES.contains(c)).collect();
    let base = decomposed
        .chars()
        .filter(|c| !TONES.contains(c))
        .collect::<String>()
        .nfc()
        .collect();
    (base, tones)
}

/// Windows-1258 as real cp1258 text has it: a character the code page has
/// is one byte; any other is its base letter (with circumflex, breve or horn,
/// which the code page has precomposed) followed by a combining tone mark.
pub fn windows_1258(s: &str) -> Encoded {
    let mut map: BTreeMap<char, u8> = (0u8..0x80).map(|b| (char::from(b), b)).collect();
    for b in 0x80u8..=0xFF {
        let buf = [b];
        let (c, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&buf);
        map.insert(c.chars().next().unwrap(), b);
    }
    let mut bytes = Vec::new();
    let mut unrepresentable = BTreeSet::new();
    for c in s.chars() {
        if let Some(&b) = map.get(&c) {
            bytes.push(b);
            continue;
        }
        let (base, tones) = base_and_tones(c);
        let parts: Option<Vec<u8>> = base
            .chars()
            .chain(tones)
            .map(|c| map.get(&c).copied())
            .collect();
        match parts {
            // One base letter, then its tone mark(s).
            Some(p) if base.chars().count() == 1 => bytes.extend(p),
            _ => {
                unrepresentable.insert(c);
                bytes.push(b'?');
            }
        }
    }
    Encoded {
        bytes,
        unrepresentable,
    }
}

/// TCVN3 as ABC-font text has it: the 75 VN3 characters, ASCII, and the
/// Windows-1252 characters of bytes 80..9F (which VN3 leaves unassigned).
/// VN3 has no capital letters with tone marks; ABC text sets them in a
/// capitals-only font with the lower-case codes, so they are encoded as their
/// lower-case letter, and decode as that.
pub fn tcvn3(s: &str) -> Encoded {
    let mut map: BTreeMap<char, u8> = (0u8..0x80).map(|b| (char::from(b), b)).collect();
    for b in 0x80u8..0xA0 {
        map.insert(windows_1252(b), b);
    }
    for (bytes, text, rest) in rows(TCVN3_TSV) {
        if rest.get(1).map(String::as_str) == Some("vn3") {
            map.insert(text.chars().next().unwrap(), bytes[0]);
        }
    }
    let mut bytes = Vec::new();
    let mut unrepresentable = BTreeSet::new();
    for c in s.chars() {
        if let Some(&b) = map.get(&c) {
            bytes.push(b);
        } else {
            unrepresentable.insert(c);
            let lower = c.to_lowercase().next().unwrap();
            bytes.push(*map.get(&lower).unwrap_or(&b'?'));
        }
    }
    Encoded {
        bytes,
        unrepresentable,
    }
}

/// The text an encoder's replacements turn `s` into: TCVN3's capitals with
/// tone marks become lower case.
pub fn tcvn3_expected(s: &str, unrepresentable: &BTreeSet<char>) -> String {
    s.chars()
        .map(|c| {
            if unrepresentable.contains(&c) {
                c.to_lowercase().next().unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// VNI-Windows: each letter with diacritics as the table spells it (base
/// letter + diacritic byte, or one byte), other characters as ASCII or
/// Windows-1252 on the bytes the table does not use.
pub fn vni(s: &str) -> Encoded {
    let table = rows(VNI_TSV);
    let used: BTreeSet<u8> = table
        .iter()
        .filter(|(b, ..)| b.len() == 1)
        .map(|(b, ..)| b[0])
        .collect();
    let mut map: BTreeMap<char, Vec<u8>> = (0u8..0x80).map(|b| (char::from(b), vec![b])).collect();
    for b in (0x80u8..=0xFF).filter(|b| !used.contains(b)) {
        map.insert(windows_1252(b), vec![b]);
    }
    for (bytes, text, _) in table {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && !TONES.contains(&c)
            && !matches!(c, '\u{302}' | '\u{306}')
        {
            map.insert(c, bytes);
        }
    }
    let mut bytes = Vec::new();
    let mut unrepresentable = BTreeSet::new();
    for c in s.chars() {
        match map.get(&c) {
            Some(b) => bytes.extend(b),
            None => {
                unrepresentable.insert(c);
                bytes.push(b'?');
            }
        }
    }
    Encoded {
        bytes,
        unrepresentable,
    }
}

/// TCVN3 as converters that write TCVN 5712 VN2 have it: [`tcvn3`], but a
/// capital with a tone mark, which VN3 lacks, is its toneless capital (from
/// VN3 or ASCII) followed by VN2's combining tone mark, so nothing is lost.
pub fn tcvn3_vn2(s: &str) -> Encoded {
    let mut marks: BTreeMap<char, u8> = BTreeMap::new();
    for (bytes, text, rest) in rows(TCVN3_TSV) {
        let c = text.chars().next().unwrap();
        if rest.get(1).map(String::as_str) == Some("vn2") && TONES.contains(&c) {
            marks.insert(c, bytes[0]);
        }
    }
    let mut bytes = Vec::new();
    let mut unrepresentable = BTreeSet::new();
    for c in s.chars() {
        let e = tcvn3(&c.to_string());
        if e.unrepresentable.is_empty() {
            bytes.extend(e.bytes);
            continue;
        }
        let (base, tones) = base_and_tones(c);
        let base_bytes = tcvn3(&base);
        let mark = tones.first().and_then(|m| marks.get(m));
        match mark {
            Some(&m) if base_bytes.unrepresentable.is_empty() => {
                bytes.extend(base_bytes.bytes);
                bytes.push(m);
            }
            _ => {
                unrepresentable.insert(c);
                bytes.push(b'?');
            }
        }
    }
    Encoded {
        bytes,
        unrepresentable,
    }
}
