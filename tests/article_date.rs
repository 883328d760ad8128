//! The article's date as an input (`--date`, a `--stdin-jsonl` record's
//! `published`), where it came from (`meta.published_from`), and the
//! warning when relative dates cannot be resolved.

use crate::common::{analyze, records, seed_path};

const TEXT: &str = "Hôm qua, Ban Thường vụ Tỉnh ủy họp. Ngày 15-10, tỉnh tổng kết.\n";

#[test]
fn date_flag_resolves_relative_and_partial_dates() {
    let out = analyze()
        .args(["--jsonl", "--date", "2020-10-20", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let r = &records(&out.stdout)[0];
    assert_eq!(r["meta"]["published"], "2020-10-20");
    assert_eq!(r["meta"]["published_from"], "input");
    let dates: Vec<(&str, &str, bool)> = r["dates"]
        .as_array()
        .expect("dates")
        .iter()
        .map(|d| {
            (
                d["text"].as_str().unwrap_or(""),
                d["value"].as_str().unwrap_or(""),
                d["relative"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("Hôm qua", "2020-10-19", true),
            ("Ngày 15-10", "2020-10-15", true)
        ]
    );
    assert_eq!(r["warnings"], serde_json::json!([]));
}

#[test]
fn without_a_date_relative_dates_are_counted_not_guessed() {
    let out = analyze()
        .args(["--jsonl", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let r = &records(&out.stdout)[0];
    assert!(r["meta"]["published"].is_null());
    assert!(r["meta"]["published_from"].is_null());
    assert_eq!(r["dates"][0]["value"], "--10-15");
    assert_eq!(r["dates"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        r["warnings"],
        serde_json::json!(["no article date: 1 relative date unresolved"])
    );
}

#[test]
fn record_published_and_title_are_the_articles() {
    let input = concat!(
        r#"{"id":"a","text":"Hôm qua, tỉnh họp.","published":"2024-02-21T09:30:00+07:00","title":"Tỉnh họp"}"#,
        "\n",
        r#"{"id":"b","text":"Hôm qua, tỉnh họp.","published":"hôm qua"}"#,
        "\n"
    );
    let out = analyze()
        .args(["--stdin-jsonl", "-q"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "the bad record fails the run");
    let recs = records(&out.stdout);
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[0]["meta"]["published"], "2024-02-21T09:30:00");
    assert_eq!(recs[0]["meta"]["published_from"], "input");
    assert_eq!(recs[0]["meta"]["title"], "Tỉnh họp");
    assert_eq!(recs[0]["dates"][0]["value"], "2024-02-20");
    assert_eq!(recs[0]["input"]["published"], "2024-02-21T09:30:00+07:00");
    assert_eq!(recs[1]["id"], "b");
    assert_eq!(recs[1]["error"]["kind"], "bad_record");
    assert!(
        recs[1]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`published` is not a date"))
    );
}

#[test]
fn the_date_line_is_the_text_source_and_date_flag_wins() {
    let out = analyze()
        .args(["--jsonl"])
        .arg(seed_path())
        .output()
        .expect("runs");
    let r = &records(&out.stdout)[0];
    assert_eq!(r["meta"]["published"], "2024-02-21T09:30:21");
    assert_eq!(r["meta"]["published_from"], "text");
    let out = analyze()
        .args(["--jsonl", "--date", "2025-01-02"])
        .arg(seed_path())
        .output()
        .expect("runs");
    let r = &records(&out.stdout)[0];
    assert_eq!(r["meta"]["published"], "2025-01-02");
    assert_eq!(r["meta"]["published_from"], "input");
}

#[test]
fn a_bad_date_flag_is_bad_usage() {
    let out = analyze()
        .args(["--date", "21/2/2024", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}
