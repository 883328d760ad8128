//! Fuzz target: the whole pipeline on arbitrary bytes, as the CLI runs it
//! (decode, normalize, segment, extract, summarize). The first byte picks
//! the options (forced encoding, tone, summary length); the rest is the
//! input. Invariants: no panic, valid JSON (an analysis or an error record
//! of a known kind), every span in bounds and holding its text, items in
//! document order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnanalyze::{Encoding, Stage, Tone};
use vnanalyze_fuzz::check::{check_bytes, options};

fuzz_target!(|data: &[u8]| {
    let Some((&knob, input)) = data.split_first() else {
        return;
    };
    let mut opts = options(Stage::Summarize);
    // Low 3 bits: encoding (0 = detect); next 2: tone; next 3: summary size.
    opts.encoding = match knob & 7 {
        1..=6 => Some(Encoding::ALL[(knob & 7) as usize - 1]),
        _ => None,
    };
    opts.tone = match (knob >> 3) & 3 {
        1 => Some(Tone::Old),
        2 => Some(Tone::New),
        _ => None,
    };
    match knob >> 5 {
        0 => {}
        1 => opts.summary_sentences = Some(0),
        2 => opts.summary_sentences = Some(1),
        3 => opts.summary_ratio = Some(0.0),
        4 => opts.summary_ratio = Some(1.0),
        5 => opts.keywords = 0,
        6 => opts.tokens = false,
        _ => opts.summary_sentences = Some(1000),
    }
    check_bytes(input, &opts);
});
