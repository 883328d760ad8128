//! Fuzz target: arbitrary bytes (lossily made UTF-8) through the pipeline
//! up to the normalize stage; every span in bounds and holding its text, items in
//! document order, valid JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnanalyze::Stage;
use vnanalyze_fuzz::check::{check_text, options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_text(&text, &options(Stage::Normalize));
});
