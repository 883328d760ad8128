//! Every input in `fixtures/regressions/` (crashes found by fuzzing, see
//! `fuzz/README.md`) runs through the pipeline without panicking and keeps
//! the invariants the fuzz targets check (`fuzz/src/check.rs`).

#[path = "../fuzz/src/check.rs"]
mod check;

use check::{check_bytes, check_text, options};
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
