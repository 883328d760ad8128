//! Every input in `fixtures/regressions/` (crashes found by fuzzing, see
//! `fuzz/README.md`) runs through the pipeline without panicking and keeps
//! the invariants the fuzz targets check (`fuzz/src/check.rs`).

use crate::check::{check_bytes, check_text, options};
use std::path::Path;
use vnanalyze::{Encoding, Stage, Tone};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/regressions");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), bytes))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_regression_input_keeps_the_invariants() {
    for (name, bytes) in inputs() {
        eprintln!("{name}");
        let text = String::from_utf8_lossy(&bytes);
        for stage in [
            Stage::Normalize,
            Stage::Tokenize,
            Stage::Extract,
            Stage::Summarize,
        ] {
            check_text(&text, &options(stage));
        }
        // As the pipeline fuzz target runs them: detected, and forced into
        // every encoding and tone.
        check_bytes(&bytes, &options(Stage::Summarize));
        for enc in Encoding::ALL {
            let mut opts = options(Stage::Summarize);
            opts.encoding = Some(enc);
            check_bytes(&bytes, &opts);
        }
        for tone in [Tone::Old, Tone::New] {
            let mut opts = options(Stage::Summarize);
            opts.tone = Some(tone);
            check_bytes(&bytes, &opts);
        }
        // The pipeline target's own framing: first byte = options.
        if let Some((_, rest)) = bytes.split_first() {
            check_bytes(rest, &options(Stage::Summarize));
        }
        let _ = vnanalyze::decode::decode(&bytes, None);
    }
}

/// `fuzz/vnanalyze.dict` is a valid libFuzzer dictionary: every entry a
/// quoted string whose escapes are `\\`, `\"` or `\xNN`, with no raw
/// non-ASCII byte, and no entry twice.
#[test]
fn fuzz_dictionary_parses() {
    let dict = include_str!("../fuzz/vnanalyze.dict");
    let mut seen = std::collections::BTreeSet::new();
    for (n, line) in dict.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let body = line
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or_else(|| panic!("line {}: not a quoted entry: {line}", n + 1));
        let mut bytes = Vec::new();
        let mut it = body.bytes();
        while let Some(b) = it.next() {
            assert!(b.is_ascii() && b != b'"', "line {}: raw byte {b:#x}", n + 1);
            if b != b'\\' {
                bytes.push(b);
                continue;
            }
            match it.next() {
                Some(b'\\') => bytes.push(b'\\'),
                Some(b'"') => bytes.push(b'"'),
                Some(b'x') => {
                    let hex: String = it.by_ref().take(2).map(char::from).collect();
                    let v = u8::from_str_radix(&hex, 16)
                        .unwrap_or_else(|_| panic!("line {}: bad \\x{hex}", n + 1));
                    bytes.push(v);
                }
                other => panic!("line {}: bad escape {other:?}", n + 1),
            }
        }
        assert!(!bytes.is_empty(), "line {}: empty entry", n + 1);
        assert!(seen.insert(bytes), "line {}: duplicate entry", n + 1);
    }
    assert!(seen.len() >= 250, "{} entries", seen.len());
    // Spot checks: a document code and a TCVN3 byte pair.
    assert!(seen.contains("30/2020/NĐ-CP".as_bytes()));
    assert!(seen.contains(&b"\xa7\xb6ng"[..]));
}
