//! Runs the behaviour-as-data fixtures of `fixtures/extract/*.toml` through
//! the strict fixture harness (tests/common/fixture.rs): dates, figures and
//! document references, one named case per sentence shape.

#[test]
fn extract_fixtures() {
    crate::common::fixture::assert_dir("extract", 350);
}

#[test]
fn a_misspelt_key_fails_instead_of_passing() {
    let raw = r#"
[[case]]
name = "typo"
input = "Ngày 25/4/2023, tỉnh họp."
date = [{ text = "ngày 25/4/2023" }]
"#;
    let r = crate::common::fixture::run_source("typo", raw, None);
    assert_eq!(r.ran, 0);
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("unknown field `date`")),
        "{:?}",
        r.failures
    );
    let raw = r#"
[[case]]
name = "x"
input = "Ngày 25/4/2023, tỉnh họp."
dates = [{ text = "Ngày 25/4/2023", valeu = "2023-04-25" }]
"#;
    let r = crate::common::fixture::run_source("typo", raw, None);
    assert!(
        r.failures
            .iter()
            .any(|f| f.contains("unknown field `valeu`")),
        "{:?}",
        r.failures
    );
}

#[test]
fn duplicate_names_are_rejected_and_a_filter_runs_one_case() {
    let raw = r#"
[[case]]
name = "same"
input = "Ngày 25/4/2023, tỉnh họp."
dates = [{ text = "Ngày 25/4/2023", value = "2023-04-25" }]

[[case]]
name = "same"
input = "Năm 2024, tỉnh họp."
dates = [{ text = "Năm 2024", value = "2024" }]

[[case]]
name = "other"
input = "Năm 2024, tỉnh họp."
dates = [{ text = "Năm 2024", value = "2025" }]
"#;
    let all = crate::common::fixture::run_source("g", raw, None);
    assert_eq!(all.ran, 3);
    assert!(
        all.failures
            .iter()
            .any(|f| f == "g/same: duplicate case name")
    );
    assert!(all.failures.iter().any(|f| f.starts_with("g/other:")));
    let one = crate::common::fixture::run_source("g", raw, Some("g/other"));
    assert_eq!(one.ran, 1);
}
