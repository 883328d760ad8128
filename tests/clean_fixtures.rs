//! Runs the layout fixtures of fixtures/clean/: each article's boilerplate
//! and metadata must come out exactly as its file says.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use vnanalyze::{Options, Stage, analyze_str};

#[derive(Debug, Deserialize)]
struct Fixture {
    input: String,
    #[serde(default)]
    body: Vec<String>,
    #[serde(default)]
    meta: BTreeMap<String, toml::Value>,
    #[serde(default)]
    removed: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    kind: String,
    text: String,
}

fn chars(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

fn check(name: &str, f: &Fixture) -> Vec<String> {
    let mut errs = Vec::new();
    let opts = Options {
        stage: Stage::Normalize,
        ..Options::default()
    };
    let doc = analyze_str(&f.input, &opts);
    let json = serde_json::to_value(&doc).expect("document serializes");
    for (key, want) in &f.meta {
        let got = &json["meta"][key];
        let ok = match want {
            toml::Value::String(w) if w.is_empty() => got.is_null(),
            toml::Value::String(w) => got.as_str() == Some(w.as_str()),
            toml::Value::Array(ws) => {
                let ws: Vec<&str> = ws.iter().filter_map(|w| w.as_str()).collect();
                let gs: Vec<&str> = got
                    .as_array()
                    .map(|a| a.iter().filter_map(|g| g.as_str()).collect())
                    .unwrap_or_default();
                ws == gs
            }
            _ => false,
        };
        if !ok {
            errs.push(format!("{name}: meta.{key}: want {want}, got {got}"));
        }
    }
    let got: Vec<(String, String)> = doc
        .removed
        .iter()
        .map(|r| {
            (
                serde_json::to_value(r.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                r.text.clone(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = f
        .removed
        .iter()
        .map(|e| (e.kind.clone(), e.text.trim_start_matches('\n').to_string()))
        .collect();
    if got != want {
        errs.push(format!(
            "{name}: removed differs\n  want: {want:#?}\n  got:  {got:#?}"
        ));
    }
    for r in &doc.removed {
        let at = chars(&f.input, r.span.start, r.span.end);
        if at != r.text {
            errs.push(format!(
                "{name}: span {:?} holds {at:?}, not {:?}",
                r.span, r.text
            ));
        }
    }
    for keep in &f.body {
        let Some(byte) = f.input.find(keep.as_str()) else {
            errs.push(format!("{name}: body line {keep:?} is not in the input"));
            continue;
        };
        let start = f.input[..byte].chars().count();
        let end = start + keep.chars().count();
        if let Some(r) = doc
            .removed
            .iter()
            .find(|r| r.span.start < end && start < r.span.end)
        {
            errs.push(format!(
                "{name}: body line {keep:?} removed as {:?}",
                r.kind
            ));
        }
    }
    errs
}

#[test]
fn layout_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/clean exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 7,
        "expected the layout fixtures, found {}",
        files.len()
    );
    let mut errs = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let f: Fixture = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        errs.extend(check(&name, &f));
    }
    assert!(
        errs.is_empty(),
        "{} problems:\n{}",
        errs.len(),
        errs.join("\n")
    );
}
