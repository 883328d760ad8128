//! Batch behaviour of the `analyze` binary: `--stdin-jsonl` as a streaming
//! filter, the JSON Schema against real output, shell integration.

mod common;

use common::{analyze, records, seed_path};
use serde_json::Value;

#[test]
fn stdin_jsonl_keeps_ids_order_and_extra_fields() {
    let seed = std::fs::read_to_string(seed_path()).expect("seed");
    let mut input = String::new();
    for i in 0..12 {
        let rec = serde_json::json!({"id": format!("doc-{i}"), "text": seed, "url": format!("https://example.vn/{i}")});
        input.push_str(&rec.to_string());
        input.push('\n');
    }
    input.push_str("{\"id\": 99, \"text\": \"\"}\n");
    input.push_str("this is not json\n");
    input.push_str("{\"id\": \"no-text\"}\n");
    let out = analyze()
        .args(["--stdin-jsonl", "--threads", "2"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 15, "one output record per input record");
    for (i, r) in recs.iter().take(12).enumerate() {
        assert_eq!(r["id"], format!("doc-{i}"));
        assert_eq!(r["input"]["url"], format!("https://example.vn/{i}"));
        assert_eq!(r["meta"]["published"], "2024-02-21T09:30:21");
        assert!(r.get("error").is_none());
    }
    assert_eq!(recs[12]["id"], 99);
    assert_eq!(recs[12]["error"]["kind"], "empty");
    assert_eq!(recs[13]["id"], Value::Null);
    assert_eq!(recs[13]["error"]["kind"], "bad_record");
    assert_eq!(recs[14]["id"], "no-text");
    assert_eq!(recs[14]["error"]["kind"], "bad_record");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("12 analysed, 3 failed"), "{stderr}");
}

#[test]
fn real_output_validates_against_the_printed_schema() {
    let out = analyze().arg("schema").output().expect("runs");
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    let out = analyze()
        .args(["--jsonl", "--tokens"])
        .arg(seed_path())
        .arg(dir.path().join("empty.txt"))
        .arg(dir.path().join("missing.txt"))
        .output()
        .expect("runs");
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    for r in &recs {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // The schema is not vacuous: a record with a wrong type fails it.
    let mut bad = recs[0].clone();
    bad["meta"]["tags"] = Value::String("not a list".into());
    bad["error"] = Value::Null;
    assert!(!validator.is_valid(&bad));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = analyze()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("analyze") && text.contains("stdin-jsonl"),
            "{shell}"
        );
    }
    let out = analyze().arg("man").output().expect("runs");
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(man.contains(".TH analyze 1"));
    assert!(man.contains("max\\-bytes"));
}
