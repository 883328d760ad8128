//! Runs the behaviour-as-data fixtures of `fixtures/extract/*.toml` through
//! the public API and reports every failing case with its file and line.
//!
//! Each file holds `[[case]]` tables: `input`, an optional `published` date
//! (a file-level `published` is the default), and for each family that the
//! case checks (`dates`, `figures`, `doc_refs`) the exact list of expected
//! items. An expected item lists only the fields it checks; `text` is always
//! checked. A family left out is not checked; `[]` expects nothing.

mod common;

use common::check_family;
use std::path::Path;
use toml::Value;
use vnanalyze::document::{Document, Source};
use vnanalyze::{extract, normalize};

fn run(input: &str, published: Option<&str>) -> Document {
    let (text, tone) = normalize::normalize(input.to_string(), None);
    let mut doc = Document::new(Source::default(), text);
    doc.tone = tone;
    doc.lines = normalize::split_lines(doc.text.norm());
    doc.published = published.and_then(|p| format!("{p}T00:00:00").parse().ok());
    // As in the pipeline: words first (figures use them), then extraction.
    vnanalyze::segment::run(&mut doc);
    extract::run(&mut doc);
    doc
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/extract exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for path in &files {
        let raw = std::fs::read_to_string(path).expect("fixture readable");
        let case_lines: Vec<usize> = raw
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[case]]")
            .map(|(i, _)| i + 1)
            .collect();
        let parsed: Value = match raw.parse::<toml::Table>() {
            Ok(t) => Value::Table(t),
            Err(e) => {
                failures.push(format!("{}: TOML error: {e}", path.display()));
                continue;
            }
        };
        let default_pub = parsed.get("published").and_then(Value::as_str);
        let cases = parsed
            .get("case")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, case) in cases.iter().enumerate() {
            total += 1;
            let line = case_lines.get(i).copied().unwrap_or(0);
            let input = case.get("input").and_then(Value::as_str).unwrap_or("");
            let published = match case.get("published") {
                Some(Value::String(s)) if s == "none" => None,
                Some(Value::String(s)) => Some(s.as_str()),
                _ => default_pub,
            };
            let doc = run(input, published);
            let json = serde_json::to_value(&doc).expect("document serializes");
            let chars: Vec<char> = input.chars().collect();
            for fam in ["dates", "figures", "doc_refs"] {
                let got: Vec<serde_json::Value> = json[fam].as_array().cloned().unwrap_or_default();
                for g in &got {
                    if let Some(m) = common::span_mismatch(&chars, g) {
                        failures.push(format!("{}:{line}: {fam} {m}", path.display()));
                    }
                }
                if let Some(exp) = case.get(fam)
                    && let Err(m) = check_family(fam, exp, &got)
                {
                    failures.push(format!("{}:{line}: {input:?}\n    {m}", path.display()));
                }
            }
        }
    }
    assert!(total >= 1, "no fixture cases found");
    if !failures.is_empty() {
        panic!(
            "{} of {total} fixture cases failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    eprintln!("{total} fixture cases passed");
}
