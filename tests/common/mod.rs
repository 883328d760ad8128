//! Helpers shared by the integration tests: the seed, the built binary, JSON
//! Lines parsing, the span check, the strict fixture harness (`fixture`) and
//! a JSON Schema validator for the keywords `analyze schema` uses (`schema`).

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

pub mod encode;
pub mod fixture;
pub mod schema;

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

/// Training options for a test's model of a few sentences: five epochs, a
/// small table, no base word list.
pub fn tiny_train_options() -> vnanalyze::segment::train::TrainOptions {
    vnanalyze::segment::train::TrainOptions {
        epochs: 5,
        bits: 16,
        lexicon: Some(String::new()),
        folds: 2,
        ..Default::default()
    }
}
