//! The 8-bit Vietnamese encodings: Windows-1258 (through `encoding_rs`),
//! TCVN3 and VNI-Windows (from the tables in `data/encodings/`).
//!
//! Every byte sequence decodes to something in these encodings, so the
//! decoders here never fail; whether the result looks like Vietnamese is for
//! [`super::detect`] to judge.

use std::sync::OnceLock;

/// The TCVN3 table source: byte, code points, character, set (`vn3`/`vn2`).
pub(crate) const TCVN3_TSV: &str = include_str!("../../data/encodings/tcvn3.tsv");
/// The VNI-Windows table source: byte sequence, code points, character.
pub(crate) const VNI_TSV: &str = include_str!("../../data/encodings/vni.tsv");

/// One row of a mapping table: a byte sequence and the text it decodes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// The encoded bytes (one or two).
    pub bytes: Vec<u8>,
    /// The decoded text (one or more code points).
    pub text: String,
}

/// Parses a mapping table: `#` comments, blank lines, and rows of the form
/// `HEX[ HEX]<TAB>U+XXXX[ U+XXXX]<TAB>...` (later columns are for readers).
///
/// A one-byte row must map a byte of the upper half; a two-byte row must end
/// with one (the first byte may be an ASCII base letter).
pub(crate) fn parse_table(src: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}: {line:?}", n + 1);
        let mut cols = line.split('\t');
        let (Some(hex), Some(cps)) = (cols.next(), cols.next()) else {
            return Err(bad("expected at least two tab-separated columns"));
        };
        let bytes = hex
            .split(' ')
            .map(|h| u8::from_str_radix(h, 16).map_err(|_| bad("bad byte")))
            .collect::<Result<Vec<u8>, String>>()?;
        let text = cps
            .split(' ')
            .map(|cp| {
                cp.strip_prefix("U+")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                    .ok_or_else(|| bad("bad code point"))
            })
            .collect::<Result<String, String>>()?;
        match bytes.as_slice() {
            [b] | [_, b] if *b >= 0x80 => {}
            _ => return Err(bad("expected one or two bytes ending in 80..FF")),
        }
        rows.push(Row { bytes, text });
    }
    Ok(rows)
}

/// What a byte of the upper half means where a table leaves it out.
fn windows_1252(b: u8) -> char {
    let buf = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Decodes Windows-1258. Tone marks stay combining characters, as the code
/// page has them; composing them is the normalize stage's job.
pub(crate) fn decode_windows_1258(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// TCVN3 as a flat byte-to-character array.
struct Tcvn3 {
    chars: [char; 256],
}

fn tcvn3() -> &'static Tcvn3 {
    static TABLE: OnceLock<Tcvn3> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut chars = [char::REPLACEMENT_CHARACTER; 256];
        for (slot, b) in chars.iter_mut().zip(0u8..=255) {
            *slot = if b < 0x80 {
                char::from(b)
            } else {
                windows_1252(b)
            };
        }
        // The table is ours and checked by tests; a bad row is skipped
        // rather than turned into a panic.
        for row in parse_table(TCVN3_TSV).unwrap_or_default() {
            let mut text = row.text.chars();
            if let ([b], Some(c), None) = (row.bytes.as_slice(), text.next(), text.next())
                && let Some(slot) = chars.get_mut(usize::from(*b))
            {
                *slot = c;
            }
        }
        Tcvn3 { chars }
    })
}

/// Decodes TCVN3 (ABC). Bytes below 0x80 are ASCII; the upper half follows
/// `data/encodings/tcvn3.tsv`, falling back to Windows-1252 where it is silent.
pub(crate) fn decode_tcvn3(bytes: &[u8]) -> String {
    let table = tcvn3();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        if b < 0x80 {
            out.push(char::from(b));
        } else {
            out.push(table.chars[usize::from(b)]);
        }
    }
    out
}

/// VNI-Windows as a two-level trie: single bytes, and for each base letter
/// the characters it forms with a following diacritic byte.
struct Vni {
    /// What each byte decodes to on its own.
    single: Vec<Box<str>>,
    /// For each byte, 1 + the index of its row in `pairs`, or 0 if it is no base letter.
    base_slot: [u8; 256],
    /// For each base letter, the character it forms with each following byte.
    pairs: Vec<[Option<char>; 256]>,
}

fn vni() -> &'static Vni {
    static TABLE: OnceLock<Vni> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut single: Vec<Box<str>> = (0u8..=255)
            .map(|b| {
                let c = if b < 0x80 {
                    char::from(b)
                } else {
                    windows_1252(b)
                };
                c.to_string().into_boxed_str()
            })
            .collect();
        let mut base_slot = [0u8; 256];
        let mut pairs: Vec<[Option<char>; 256]> = Vec::new();
        for row in parse_table(VNI_TSV).unwrap_or_default() {
            match row.bytes.as_slice() {
                [b] => {
                    if let Some(slot) = single.get_mut(usize::from(*b)) {
                        *slot = row.text.into_boxed_str();
                    }
                }
                [base, mark] => {
                    let mut text = row.text.chars();
                    let (Some(c), None) = (text.next(), text.next()) else {
                        continue;
                    };
                    let slot = &mut base_slot[usize::from(*base)];
                    if *slot == 0 {
                        pairs.push([None; 256]);
                        *slot = u8::try_from(pairs.len()).unwrap_or(0);
                    }
                    if let Some(row) = pairs.get_mut(usize::from(*slot).wrapping_sub(1)) {
                        row[usize::from(*mark)] = Some(c);
                    }
                }
                _ => {}
            }
        }
        Vni {
            single,
            base_slot,
            pairs,
        }
    })
}

/// Decodes VNI-Windows: a base letter followed by a diacritic byte forms one
/// precomposed character; a diacritic byte after anything else becomes the
/// combining mark(s) it draws; other bytes are ASCII or Windows-1252.
pub(crate) fn decode_vni(bytes: &[u8]) -> String {
    let table = vni();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let slot = usize::from(table.base_slot[usize::from(b)]);
        if slot != 0
            && let (Some(&next), Some(row)) = (bytes.get(i + 1), table.pairs.get(slot - 1))
            && let Some(c) = row[usize::from(next)]
        {
            out.push(c);
            i += 2;
            continue;
        }
        if b < 0x80 {
            out.push(char::from(b));
        } else if let Some(s) = table.single.get(usize::from(b)) {
            out.push_str(s);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_completely() {
        let tcvn3 = parse_table(TCVN3_TSV).expect("tcvn3.tsv parses");
        // The whole upper half from A0: 75 VN3 assignments and 21 VN2 ones.
        assert_eq!(tcvn3.len(), 96);
        let vn3 = TCVN3_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && l.ends_with("\tvn3"))
            .count();
        assert_eq!(vn3, 75);
        let vni = parse_table(VNI_TSV).expect("vni.tsv parses");
        // 116 two-byte and 18 one-byte letters (the 134 letters with
        // diacritics), and 34 lone diacritic bytes.
        let two = vni.iter().filter(|r| r.bytes.len() == 2).count();
        assert_eq!(two, 116);
        assert_eq!(vni.len(), 168);
        // Every row's reading column shows the same text as its code points.
        for line in VNI_TSV.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let row = &parse_table(line).expect("row parses")[0];
            assert_eq!(cols[2].replace('\u{25CC}', ""), row.text, "{line}");
        }
    }

    #[test]
    fn tables_have_unique_keys() {
        for src in [TCVN3_TSV, VNI_TSV] {
            let rows = parse_table(src).expect("parses");
            let mut keys: Vec<&[u8]> = rows.iter().map(|r| r.bytes.as_slice()).collect();
            keys.sort();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n);
        }
    }

    #[test]
    fn parse_table_rejects_malformed_rows() {
        assert!(parse_table("ZZ\tU+0041\n").is_err());
        assert!(parse_table("A0\tU+D800\n").is_err());
        assert!(parse_table("41\tU+0041\n").is_err());
        assert!(parse_table("A0 A1 A2\tU+0041\n").is_err());
        assert!(parse_table("A0\n").is_err());
        assert_eq!(
            parse_table("# c\n\n61 F9\tU+00E1\t\u{e1}\n").map(|r| r.len()),
            Ok(1)
        );
    }

    #[test]
    fn tcvn3_known_strings() {
        // "Việt Nam", "Nghị quyết", "Đảng", "Ủy ban" (Ủ written as ủ, as ABC
        // fonts do with a capital-letter font).
        assert_eq!(decode_tcvn3(b"Vi\xd6t Nam"), "Việt Nam");
        assert_eq!(decode_tcvn3(b"Ngh\xde quy\xd5t"), "Nghị quyết");
        assert_eq!(decode_tcvn3(b"\xa7\xb6ng"), "Đảng");
        assert_eq!(decode_tcvn3(b"\xf1y ban nh\xa9n d\xa9n"), "ủy ban nhân dân");
        assert_eq!(decode_tcvn3(b"\xa2m l\xadu"), "Âm lưu");
        // VN2 positions and the Windows-1252 fallback.
        assert_eq!(decode_tcvn3(b"\xc4\x93\x94"), "Ấ\u{201c}\u{201d}");
    }

    #[test]
    fn vni_known_strings() {
        assert_eq!(decode_vni(b"Vie\xe4t Nam"), "Việt Nam");
        assert_eq!(decode_vni(b"Ngh\xf2 quye\xe1t"), "Nghị quyết");
        assert_eq!(decode_vni(b"\xd1a\xfbng"), "Đảng");
        assert_eq!(
            decode_vni(b"U\xdby ban nha\xe2n da\xe2n"),
            "Ủy ban nhân dân"
        );
        assert_eq!(decode_vni(b"VIE\xc4T NAM"), "VIỆT NAM");
        assert_eq!(decode_vni(b"\xf6\xf4\xf9c m\xf6\xf4ng"), "ước mương");
        assert_eq!(decode_vni(b"n\xf6\xf4\xf9c"), "nước");
        // A diacritic byte after no base letter is a combining mark.
        assert_eq!(decode_vni(b"x\xf9"), "x\u{301}");
        // A base letter at the very end, and a lone mark at the start.
        assert_eq!(decode_vni(b"\xe1a"), "\u{302}\u{301}a");
    }

    #[test]
    fn windows_1258_keeps_combining_marks() {
        // "Việt" = V i ê (EA) + combining dot below (F2) t.
        assert_eq!(decode_windows_1258(b"Vi\xea\xf2t"), "Vi\u{ea}\u{323}t");
        assert_eq!(decode_windows_1258(b"\xd0a\xd2ng"), "Đa\u{309}ng");
    }
}
