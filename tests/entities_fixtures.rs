//! Runs the entity fixtures of `fixtures/entities/*.toml` through the
//! strict fixture harness (tests/common/fixture.rs).

#[test]
fn entity_fixtures() {
    crate::common::fixture::assert_dir("entities", 100);
}
