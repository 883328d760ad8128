//! Runs the entity fixtures of `fixtures/entities/*.toml` through the
//! strict fixture harness (tests/common/fixture.rs).

mod common;

#[test]
fn entity_fixtures() {
    common::fixture::assert_dir("entities", 100);
}
