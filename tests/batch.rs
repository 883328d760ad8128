//! Batch behaviour of the `analyze` binary: `--stdin-jsonl` as a streaming
//! filter, the JSON Schema against real output, shell integration.

use crate::common::{analyze, records, seed_path};
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
    let validator =
        crate::common::schema::Validator::new(&schema).expect("a schema of supported keywords");

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
        let errors = validator.errors(r);
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

/// Runs `analyze --stdin-jsonl -q` (plus `args`) over raw `input` bytes.
fn stdin_jsonl(args: &[&str], input: Vec<u8>) -> (Option<i32>, Vec<Value>, String) {
    let out = analyze()
        .args(["--stdin-jsonl", "-q"])
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), records(&out.stdout), stderr)
}

#[test]
fn stdin_jsonl_ids_come_back_exactly_as_sent() {
    // Issue 17 item 5: a huge integer and a decimal keep their digits; a
    // line with a byte-order mark is a record; a line with invalid UTF-8 or
    // a lone surrogate escape is a bad record that still names its id.
    let mut input = Vec::new();
    input.extend_from_slice(
        "{\"id\":12345678901234567890123,\"text\":\"Tỉnh ủy họp.\"}\n".as_bytes(),
    );
    input.extend_from_slice("{\"id\":1.50,\"text\":\"Tỉnh ủy họp.\"}\n".as_bytes());
    input.extend_from_slice("\u{feff}{\"id\":\"bom\",\"text\":\"Tỉnh ủy họp.\"}\n".as_bytes());
    input.extend_from_slice(b"{\"id\":\"latin1\",\"text\":\"T\xecnh \xfby\"}\n");
    input.extend_from_slice(b"{\"text\":\"\\ud800 T\xe1\xbb\x89nh\",\"id\":{\"n\":[7,\"}\"]}}\n");
    input.extend_from_slice(b"{\"id\":99999999999999999999999999999999,\"text\":\"\\udc00\"}\n");
    let out = analyze()
        .args(["--stdin-jsonl", "-q"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 6, "{lines:?}");
    // The raw output text: a float would print as 1.2345678901234568e22.
    assert!(
        lines[0].starts_with("{\"id\":12345678901234567890123,"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("{\"id\":1.50,"), "{}", lines[1]);
    assert!(
        lines[5].starts_with("{\"id\":99999999999999999999999999999999,"),
        "{}",
        lines[5]
    );
    let recs = records(&out.stdout);
    assert!(recs[0].get("error").is_none(), "{}", recs[0]);
    assert_eq!(recs[2]["id"], "bom");
    assert!(
        recs[2].get("error").is_none(),
        "a BOM before the object is no error: {}",
        recs[2]
    );
    assert_eq!(recs[3]["id"], "latin1");
    assert_eq!(recs[3]["error"]["kind"], "bad_record");
    assert!(
        recs[3]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("line 4: not UTF-8")),
        "{}",
        recs[3]
    );
    assert_eq!(recs[4]["id"], serde_json::json!({"n": [7, "}"]}));
    assert_eq!(recs[4]["error"]["kind"], "bad_record");
    assert_eq!(recs[5]["error"]["kind"], "bad_record");
    assert_eq!(
        recs[5]["source"]["path"],
        "99999999999999999999999999999999"
    );
}

#[test]
fn a_leading_feff_in_a_record_text_is_a_character_and_spans_count_it() {
    // Issue 17 item 6: the text is already decoded, so U+FEFF is no BOM.
    let text = "\u{feff}Nghị quyết số 37-NQ/TU";
    let line = serde_json::json!({"id": "b", "text": text}).to_string() + "\n";
    let (code, recs, stderr) = stdin_jsonl(&[], line.into_bytes());
    assert_eq!(code, Some(0), "{stderr}");
    let r = &recs[0];
    assert_eq!(r["source"]["chars"], 23);
    let refs = r["doc_refs"].as_array().expect("doc_refs");
    assert_eq!(refs.len(), 1, "{r}");
    assert_eq!(refs[0]["span"], serde_json::json!([1, 23]));
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(crate::common::span_mismatch(&chars, &refs[0]), None);
}

#[test]
fn a_record_line_over_the_cap_is_refused_without_being_kept() {
    // Issue 17 item 10: a line longer than 6 x --max-bytes + 64 KiB is read
    // on and dropped, not kept whole: a broken tail past the cap is never
    // parsed, the error is too_large with the line's size and its id, and
    // the next record is analysed.
    let long = format!(
        "{{\"id\":\"long\",\"text\":\"{}\" this tail is no JSON",
        "Tỉnh ủy họp. ".repeat(8_000)
    );
    let mut input = long.clone().into_bytes();
    input.extend_from_slice(
        b"\n{\"id\":\"next\",\"text\":\"T\xe1\xbb\x89nh \xe1\xbb\xa7y h\xe1\xbb\x8dp.\"}\n",
    );
    let (code, recs, _) = stdin_jsonl(&["--max-bytes", "1000"], input);
    assert_eq!(code, Some(1));
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "long");
    assert_eq!(recs[0]["error"]["kind"], "too_large");
    assert_eq!(recs[0]["source"]["bytes"], long.len() as u64);
    assert_eq!(recs[1]["id"], "next");
    assert!(recs[1].get("error").is_none(), "{}", recs[1]);
    // A text over the limit in a line under the cap: too_large, its size.
    let line = serde_json::json!({"id": 3, "text": "a".repeat(5000)}).to_string();
    let (_, recs, _) = stdin_jsonl(&["--max-bytes", "1000"], line.into_bytes());
    assert_eq!(recs[0]["id"], 3);
    assert_eq!(recs[0]["error"]["kind"], "too_large");
    assert_eq!(recs[0]["source"]["bytes"], 5000);
}

#[cfg(unix)]
#[test]
fn a_coprocess_gets_each_answer_before_it_sends_the_next_record() {
    // Issue 17 item 12: write one record, read one answer, and only then
    // write the next. Before, the answer waited for more input: deadlock.
    // The watchdog only turns a hang into a failure.
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let mut child = Std::new(bin)
        .args(["--stdin-jsonl", "-q", "--threads", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(300));
        let _ = std::process::Command::new("kill")
            .arg(pid.to_string())
            .status();
    });
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for (id, text) in [("a", "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU."), ("b", "")] {
        let line = serde_json::json!({"id": id, "text": text}).to_string();
        writeln!(stdin, "{line}").expect("write");
        stdin.flush().expect("flush");
        let mut answer = String::new();
        stdout.read_line(&mut answer).expect("read");
        let r: Value = serde_json::from_str(&answer).expect("one JSON answer");
        assert_eq!(r["id"], id);
    }
    drop(stdin);
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(1), "the empty text failed");
    drop(watchdog);
}

#[test]
fn control_characters_in_ids_never_reach_stderr_raw() {
    // Issue 17 item 14: an id that retitles the terminal and forges a line.
    let id = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\nanalyze: forged\u{202e}";
    let line = serde_json::json!({"id": id, "text": ""}).to_string();
    let (_, recs, stderr) = stdin_jsonl(&[], line.into_bytes());
    assert_eq!(recs[0]["id"], id, "the record keeps the id exactly");
    assert!(
        !stderr.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "{stderr:?}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(
        stderr.starts_with("analyze: x\\x1B]0;pwned\\x07\\x1B[2J\\nanalyze: forged\\u{202E}: "),
        "{stderr:?}"
    );
}
