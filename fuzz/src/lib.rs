//! Shared code of the fuzz targets: the invariants every output must hold.
//! The checks themselves live in `check.rs`, which `tests/regressions.rs`
//! of the main crate includes too, so fuzzing and the regression tests
//! assert exactly the same things.

#[path = "check.rs"]
pub mod check;
