//! Fuzz target: HTML input. The bytes are put inside a page (after a
//! doctype, so they are always read as HTML) and run through the whole
//! pipeline. Invariants: no panic, valid JSON (an analysis whose spans
//! index its `text`, or an error record of a known kind such as
//! `no_article`), items in document order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnanalyze::Stage;
use vnanalyze_fuzz::check::{check_bytes, options};

fuzz_target!(|data: &[u8]| {
    let mut page = b"<!DOCTYPE html><html><head><title>T\xe1\xbb\x89nh \xe1\xbb\xa7y</title></head><body>".to_vec();
    page.extend_from_slice(data);
    check_bytes(&page, &options(Stage::Summarize));
});
