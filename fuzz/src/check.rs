//! Invariants of one analysis, shared by the fuzz targets (`fuzz/`) and the
//! regression tests (`tests/regressions.rs`):
//!
//! - the record serializes to valid JSON (and parses back);
//! - `source.chars` is the decoded input's length in characters;
//! - every item with a `span` and a `text` has `start <= end <= chars` and
//!   `input[start..end] == text` (in characters);
//! - the items of each list are in document order (non-decreasing start);
//! - an error record has a known kind.
//!
//! Every check panics with a message on failure, which is what a fuzzer
//! and a test both want.

#![allow(dead_code)]

use serde_json::Value;
use vnanalyze::{Document, ErrorRecord, Options, Stage, analyze_bytes, analyze_str};

/// The kinds an error record may carry.
pub const ERROR_KINDS: [&str; 9] = [
    "not_found",
    "unreadable",
    "empty",
    "binary",
    "too_large",
    "undecodable",
    "bad_record",
    "no_article",
    "internal",
];

/// Options for running the pipeline up to `stage`, writing the sentences.
pub fn options(stage: Stage) -> Options {
    Options {
        stage,
        tokens: true,
        ..Options::default()
    }
}

/// Every object with a `span` and a `text` anywhere under `v`, with the name
/// of the list it stands in.
fn spanned<'a>(v: &'a Value, list: &str, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            if m.contains_key("span") && m.contains_key("text") {
                out.push((list.to_string(), v));
            }
            for (k, x) in m {
                spanned(x, k, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| spanned(x, list, out)),
        _ => {}
    }
}

/// Serializes `doc`, parses the JSON back and checks every span against
/// `input` (the decoded text). Returns the parsed JSON.
pub fn check_document(input: &str, doc: &Document) -> Value {
    let line = serde_json::to_string(doc).expect("a document serializes");
    assert!(
        !line.contains('\n'),
        "JSON Lines output holds no raw newline"
    );
    let json: Value = serde_json::from_str(&line).expect("the output is valid JSON");
    assert_eq!(json["schema_version"], 2);
    let chars: Vec<char> = input.chars().collect();
    assert_eq!(
        json["source"]["chars"].as_u64(),
        Some(chars.len() as u64),
        "source.chars is the decoded length"
    );
    let mut items = Vec::new();
    spanned(&json, "", &mut items);
    let mut last_start: std::collections::HashMap<String, u64> = Default::default();
    for (list, item) in items {
        let span = item["span"].as_array().expect("a span is an array");
        assert_eq!(span.len(), 2, "{list}: a span has two ends");
        let s = span[0].as_u64().expect("span start");
        let e = span[1].as_u64().expect("span end");
        assert!(
            s <= e && e as usize <= chars.len(),
            "{list}: span {s}..{e} out of bounds (chars {})",
            chars.len()
        );
        let at: String = chars[s as usize..e as usize].iter().collect();
        assert_eq!(
            Some(at.as_str()),
            item["text"].as_str(),
            "{list}: input[{s}..{e}] != text"
        );
        // Summary sentences are listed by score order's index but carry
        // their own order; every other list is in document order.
        if list != "sentences" || item.get("words").is_some() {
            let prev = last_start.insert(list.clone(), s).unwrap_or(0);
            assert!(
                prev <= s,
                "{list}: items out of document order ({prev} then {s})"
            );
        }
    }
    json
}

/// Checks an error record: valid JSON with a known kind.
pub fn check_error(rec: &ErrorRecord) -> Value {
    let line = serde_json::to_string(rec).expect("an error record serializes");
    let json: Value = serde_json::from_str(&line).expect("the error record is valid JSON");
    let kind = json["error"]["kind"].as_str().unwrap_or_default();
    assert!(ERROR_KINDS.contains(&kind), "unknown error kind {kind}");
    assert_ne!(kind, "internal", "an internal error is a bug");
    json
}

/// Runs raw bytes through the library as the CLI does (decode first) up to
/// `stage` and checks the result. Returns the JSON record. For an HTML
/// page the spans index the record's `text` (the extracted article).
pub fn check_bytes(bytes: &[u8], opts: &Options) -> Value {
    match analyze_bytes(bytes, Some("fuzz"), opts) {
        Ok(doc) if doc.analysed_text.is_some() => {
            let text = doc.analysed_text.clone().unwrap_or_default();
            check_document(&text, &doc)
        }
        Ok(doc) => {
            let decoded = vnanalyze::decode::decode(bytes, opts.encoding)
                .expect("what analyze_bytes decoded decodes again");
            check_document(&decoded.text, &doc)
        }
        Err(e) => check_error(&ErrorRecord::new(
            Some("fuzz"),
            Some(bytes.len() as u64),
            &e,
        )),
    }
}

/// Runs decoded text through the library up to `stage` and checks it.
pub fn check_text(text: &str, opts: &Options) -> Value {
    let doc = analyze_str(text, opts);
    check_document(text, &doc)
}
