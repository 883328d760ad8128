//! Shared code of the fuzz targets: the invariants every output must hold.
//! The checks themselves live in `check.rs`, which the main crate's
//! integration tests include too (`tests/tests.rs`, for `tests/regressions.rs`
//! and others), so fuzzing and the tests assert exactly the same things.

#[path = "check.rs"]
pub mod check;
