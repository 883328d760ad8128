//! Runs the entity fixtures of `fixtures/entities/*.toml` through the whole
//! pipeline (up to the extract stage) and reports every failing case with
//! its file and line.
//!
//! Each file holds `[[case]]` tables: `input` (a sentence, or several lines
//! for bylines and captions) and `entities`, the exact list of expected
//! items in document order. An expected item lists the fields it checks;
//! `text` and `kind` are always given; `title` and `expansion`, when given,
//! are compared too (`"null"` expects none). Every produced span must hold
//! its text.

mod common;

use std::path::Path;
use toml::Value;
use vnanalyze::{Options, Stage, analyze_str};

#[test]
fn entity_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/entities");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/entities exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let opts = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
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
        let parsed = match raw.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: TOML error: {e}", path.display()));
                continue;
            }
        };
        let cases = parsed
            .get("case")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, case) in cases.iter().enumerate() {
            total += 1;
            let line = case_lines.get(i).copied().unwrap_or(0);
            let input = case.get("input").and_then(Value::as_str).unwrap_or("");
            let doc = analyze_str(input, &opts);
            let json = serde_json::to_value(&doc).expect("document serializes");
            let got: Vec<serde_json::Value> =
                json["entities"].as_array().cloned().unwrap_or_default();
            let chars: Vec<char> = input.chars().collect();
            for g in &got {
                if let Some(m) = common::span_mismatch(&chars, g) {
                    failures.push(format!("{}:{line}: {m}", path.display()));
                }
            }
            match case.get("entities") {
                Some(exp) => {
                    if let Err(m) = common::check_family("entities", exp, &got) {
                        failures.push(format!("{}:{line}: {input:?}\n    {m}", path.display()));
                    }
                }
                None => failures.push(format!("{}:{line}: no `entities`", path.display())),
            }
        }
    }
    assert!(
        total >= 100,
        "expected at least 100 entity cases, found {total}"
    );
    assert!(
        failures.is_empty(),
        "{} of {total} entity cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
