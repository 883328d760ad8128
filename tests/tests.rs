//! The integration tests, one binary (as ripgrep does): one module per
//! file of `tests/`, linked once against the library, instead of eighteen
//! binaries each linking it. `cargo test` runs them all; one file's tests
//! are `cargo test --test tests <module>::` (e.g. `spark::`).
//!
//! Tests that need something a plain `cargo test` may not have (a large
//! input, `script`, Python, PySpark, the `../shared` data) are
//! `#[ignore = "..."]` with the reason and the script that runs them; run
//! with `--ignored`, they fail when what they need is missing, never skip.

// The invariants the fuzz targets check, shared with them.
#[path = "../fuzz/src/check.rs"]
mod check;
mod common;

mod adversarial;
mod analyzer;
mod article_date;
mod batch;
mod clean_fixtures;
mod cli;
mod decode;
mod entities_fixtures;
mod extract_fixtures;
mod extract_limits;
mod extract_spans;
mod html;
mod invariance;
mod regressions;
mod segment;
mod spans;
mod spark;
mod summarize;
