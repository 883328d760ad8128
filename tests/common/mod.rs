//! Helpers shared by the integration tests: the seed, the built binary, JSON
//! Lines parsing, and the comparison of fixture expectations with output.
// Each test crate uses some of these.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use toml::Value;

pub mod fixture;

/// The seed article shipped in seeds/.
pub fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_3b1f77d61af83a32.txt")
}

/// The `analyze` binary built for this test run.
pub fn analyze() -> Command {
    Command::cargo_bin("analyze").expect("binary built")
}

/// Parses JSON Lines output, one value per non-blank line.
pub fn records(stdout: &[u8]) -> Vec<Json> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Compares one expected item (a TOML table listing the fields it checks;
/// `"null"` expects null) with one produced item.
pub fn item_matches(expected: &Value, got: &Json) -> Result<(), String> {
    let Some(table) = expected.as_table() else {
        return Err("expected item is not a table".into());
    };
    for (k, v) in table {
        let g = got.get(k).unwrap_or(&Json::Null);
        let ok = match v {
            Value::String(s) if s == "null" => g.is_null(),
            Value::String(s) => g.as_str() == Some(s.as_str()),
            Value::Integer(i) => g.as_i64() == Some(*i) || g.as_f64() == Some(*i as f64),
            Value::Float(f) => g
                .as_f64()
                .is_some_and(|x| (x - f).abs() <= 1e-9 * f.abs().max(1.0)),
            Value::Boolean(b) => g.as_bool() == Some(*b),
            Value::Array(a) => serde_json::to_value(a).ok().as_ref() == Some(g),
            _ => false,
        };
        if !ok {
            return Err(format!("field `{k}`: expected {v}, got {g}"));
        }
    }
    Ok(())
}

/// Compares the exact list of expected items of one family with the output.
pub fn check_family(name: &str, expected: &Value, got: &[Json]) -> Result<(), String> {
    let Some(exp) = expected.as_array() else {
        return Err(format!("`{name}` must be an array"));
    };
    let summary = || {
        got.iter()
            .map(|g| g.to_string())
            .collect::<Vec<_>>()
            .join("\n        ")
    };
    if exp.len() != got.len() {
        return Err(format!(
            "{name}: expected {} items, got {}:\n        {}",
            exp.len(),
            got.len(),
            summary()
        ));
    }
    for (i, (e, g)) in exp.iter().zip(got).enumerate() {
        item_matches(e, g).map_err(|m| format!("{name}[{i}]: {m}\n        got: {}", summary()))?;
    }
    Ok(())
}

/// Why a produced item's `span` does not hold its `text` in `input`
/// (characters), or `None` when it does.
pub fn span_mismatch(input: &[char], item: &Json) -> Option<String> {
    let (s, e) = (
        item["span"][0].as_u64().unwrap_or(0) as usize,
        item["span"][1].as_u64().unwrap_or(0) as usize,
    );
    let slice: String = input
        .get(s..e)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    (item["text"].as_str() != Some(slice.as_str()))
        .then(|| format!("span {s}..{e} is {slice:?}, text {}", item["text"]))
}
