//! Round trips of a real article through every supported encoding: the seed
//! is encoded with encoders written here (the inverses of the decoding
//! tables), then `decode` must find the encoding and give the text back.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;
use vnanalyze::decode::{DETECTION_SAMPLE, Encoding, decode};

const SEED: &str = include_str!("../seeds/000_3b1f77d61af83a32.txt");
const TCVN3_TSV: &str = include_str!("../data/encodings/tcvn3.tsv");
const VNI_TSV: &str = include_str!("../data/encodings/vni.tsv");

/// The five Vietnamese tone marks as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// What encoding produced: the bytes, and the characters it could not
/// represent (each replaced as the encoder documents).
struct Encoded {
    bytes: Vec<u8>,
    unrepresentable: BTreeSet<char>,
}

/// Rows of a table: (bytes, code points as text, remaining columns).
fn rows(tsv: &str) -> Vec<(Vec<u8>, String, Vec<String>)> {
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
fn windows_1252(b: u8) -> char {
    let buf = [b];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    s.chars().next().unwrap()
}

fn utf8_bom(s: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(s.as_bytes());
    out
}

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
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

/// Windows-1258 as real cp1258 text has it: a character the code page has
/// is one byte; any other is its base letter (with circumflex, breve or horn,
/// which the code page has precomposed) followed by a combining tone mark.
fn windows_1258(s: &str) -> Encoded {
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
        let decomposed: String = c.to_string().nfd().collect();
        let tones: Vec<char> = decomposed.chars().filter(|c| TONES.contains(c)).collect();
        let base: String = decomposed
            .chars()
            .filter(|c| !TONES.contains(c))
            .collect::<String>()
            .nfc()
            .collect();
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
fn tcvn3(s: &str) -> Encoded {
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
fn tcvn3_expected(s: &str, unrepresentable: &BTreeSet<char>) -> String {
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
fn vni(s: &str) -> Encoded {
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

/// Decodes `bytes` detected and forced, checking the encoding and the text.
fn assert_round_trip(bytes: &[u8], encoding: Encoding, expected: &str) {
    for forced in [None, Some(encoding)] {
        let d = match decode(bytes, forced) {
            Ok(d) => d,
            Err(e) => panic!("{encoding} (forced: {forced:?}): {e}"),
        };
        assert_eq!(d.encoding, encoding, "forced: {forced:?}");
        let (got, want) = (nfc(&d.text), nfc(expected));
        if got != want {
            let at = got
                .chars()
                .zip(want.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let near = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(20))
                    .take(50)
                    .collect::<String>()
            };
            panic!(
                "{encoding} (forced: {forced:?}) differs at char {at}:\n got: {}\nwant: {}",
                near(&got),
                near(&want)
            );
        }
    }
}

#[test]
fn seed_is_nfc_and_vietnamese() {
    assert_eq!(nfc(SEED), SEED);
    assert!(SEED.contains("Yên Bái"));
}

#[test]
fn seed_utf8_with_and_without_bom() {
    assert_round_trip(SEED.as_bytes(), Encoding::Utf8, SEED);
    assert_round_trip(&utf8_bom(SEED), Encoding::Utf8, SEED);
    assert_eq!(decode(&utf8_bom(SEED), None).unwrap().text, SEED);
}

#[test]
fn seed_utf16_with_bom() {
    assert_round_trip(&utf16(SEED, false), Encoding::Utf16Le, SEED);
    assert_round_trip(&utf16(SEED, true), Encoding::Utf16Be, SEED);
    assert_eq!(decode(&utf16(SEED, true), None).unwrap().text, SEED);
}

#[test]
fn seed_windows_1258() {
    let e = windows_1258(SEED);
    // Every character of the seed exists in cp1258, precomposed or as base
    // letter + combining tone mark.
    assert_eq!(e.unrepresentable, BTreeSet::new());
    assert_round_trip(&e.bytes, Encoding::Windows1258, SEED);
    // The decoder keeps the combining marks of the code page.
    let text = decode(&e.bytes, None).unwrap().text;
    assert!(text.contains('\u{323}') && text.contains('\u{309}'));
    assert_ne!(text, SEED);
}

#[test]
fn seed_tcvn3() {
    let e = tcvn3(SEED);
    // The only capital letter with a tone mark in the seed ("Ảnh").
    assert_eq!(e.unrepresentable, BTreeSet::from(['Ả']));
    let expected = tcvn3_expected(SEED, &e.unrepresentable);
    assert!(expected.contains("ảnh") && !expected.contains('Ả'));
    assert_round_trip(&e.bytes, Encoding::Tcvn3, &expected);
}

#[test]
fn seed_vni() {
    let e = vni(SEED);
    assert_eq!(e.unrepresentable, BTreeSet::new());
    // VNI spells "Việt"-style letters with two bytes.
    assert!(e.bytes.len() > SEED.chars().count());
    assert_round_trip(&e.bytes, Encoding::Vni, SEED);
}

/// Inputs longer than the detection sample: detection looks at the start,
/// the chosen encoding decodes all of it.
#[test]
fn seed_repeated_past_the_detection_sample() {
    let n = DETECTION_SAMPLE / SEED.len() + 2;
    let long = SEED.repeat(n);
    assert!(long.len() > DETECTION_SAMPLE);

    assert_round_trip(&windows_1258(&long).bytes, Encoding::Windows1258, &long);
    let e = tcvn3(&long);
    assert_round_trip(
        &e.bytes,
        Encoding::Tcvn3,
        &tcvn3_expected(&long, &e.unrepresentable),
    );
    assert_round_trip(&vni(&long).bytes, Encoding::Vni, &long);
}

/// A single paragraph is enough to tell the 8-bit encodings apart.
#[test]
fn first_paragraph_alone() {
    let para = SEED.lines().next().unwrap();
    assert!(para.starts_with("Chấn chỉnh"));
    assert_round_trip(&windows_1258(para).bytes, Encoding::Windows1258, para);
    assert_round_trip(&tcvn3(para).bytes, Encoding::Tcvn3, para);
    assert_round_trip(&vni(para).bytes, Encoding::Vni, para);
}
