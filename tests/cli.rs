//! End-to-end tests of the `analyze` binary: inputs, outputs, error records
//! and exit codes, on the seed article and on broken inputs.

mod common;

use common::{analyze, records, seed_path};
use serde_json::Value;

#[test]
fn seed_metadata_and_schema() {
    let out = analyze()
        .arg("--jsonl")
        .arg(seed_path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    let d = &recs[0];
    for key in [
        "schema_version",
        "source",
        "meta",
        "stats",
        "removed",
        "dates",
        "figures",
        "doc_refs",
        "entities",
        "summary",
    ] {
        assert!(d.get(key).is_some(), "missing top-level key {key}");
    }
    assert!(d.get("sentences").is_none(), "sentences only with --tokens");
    assert_eq!(d["schema_version"], 2);
    assert_eq!(d["source"]["encoding"], "utf-8");
    assert_eq!(d["source"]["bytes"], 17288);
    assert_eq!(d["source"]["chars"], 12998);
    assert_eq!(d["source"]["tone"], "old");
    let meta = &d["meta"];
    assert!(
        meta["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Chấn chỉnh, khắc phục tình trạng né tránh"))
    );
    assert_eq!(meta["published"], "2024-02-21T09:30:21");
    assert_eq!(meta["place"], "Yên Bái");
    assert_eq!(meta["author"], "Thành Trung");
}

#[test]
fn seed_boilerplate_matches_the_gold() {
    let out = analyze()
        .arg("normalize")
        .arg("--jsonl")
        .arg(seed_path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let d = &records(&out.stdout)[0];
    let got: Vec<(String, u64, u64)> = d["removed"]
        .as_array()
        .expect("removed is a list")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap_or_default().to_string(),
                r["span"][0].as_u64().unwrap_or_default(),
                r["span"][1].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let gold: Vec<(String, u64, u64)> = [
        ("caption", 545, 623),
        ("duplicate", 624, 702),
        ("related", 704, 776),
        ("caption", 3198, 3460),
        ("caption", 6682, 6969),
        ("caption", 8787, 8978),
        ("tags", 11020, 11101),
        ("more_news", 11103, 12931),
        ("navigation", 12933, 12998),
    ]
    .iter()
    .map(|(k, s, e)| (k.to_string(), *s, *e))
    .collect();
    assert_eq!(got, gold);
    // Every span holds its text.
    let input = std::fs::read_to_string(seed_path()).expect("seed");
    let chars: Vec<char> = input.chars().collect();
    for r in d["removed"].as_array().into_iter().flatten() {
        let (s, e) = (
            r["span"][0].as_u64().unwrap_or(0) as usize,
            r["span"][1].as_u64().unwrap_or(0) as usize,
        );
        let at: String = chars[s..e].iter().collect();
        assert_eq!(Some(at.as_str()), r["text"].as_str());
    }
}

#[test]
fn bad_inputs_each_give_one_error_record_and_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let binary = dir.path().join("binary.bin");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").expect("write");
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::copy(seed_path(), folder.join("article.txt")).expect("copy");
    std::fs::write(folder.join("notes.md"), "not taken: wrong extension").expect("write");
    std::fs::write(folder.join(".hidden.txt"), "not taken: hidden").expect("write");
    let missing = dir.path().join("missing.txt");

    let out = analyze()
        .arg("--jsonl")
        .arg(&missing)
        .arg(&empty)
        .arg(&binary)
        .arg(&folder)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 4, "three error records and one analysis");
    let kinds: Vec<&str> = recs
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(kinds, ["not_found", "empty", "binary", "ok"]);
    assert!(
        recs[0]["source"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("missing.txt"))
    );
    assert!(
        recs[3]["source"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("article.txt"))
    );
    assert_eq!(recs[3]["meta"]["author"], "Thành Trung");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["missing.txt", "empty.txt", "binary.bin"] {
        assert_eq!(
            stderr.lines().filter(|l| l.contains(name)).count(),
            1,
            "one stderr line names {name}: {stderr}"
        );
    }
    assert!(stderr.contains("1 analysed, 3 failed"), "{stderr}");
}

#[test]
fn oversized_input_is_refused_without_reading_it() {
    let out = analyze()
        .args(["--jsonl", "--max-bytes", "1000"])
        .arg(seed_path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "too_large");
    assert_eq!(r["source"]["bytes"], 17288);
}

#[test]
fn whitespace_only_input_is_empty() {
    let out = analyze()
        .args(["--jsonl", "-"])
        .write_stdin(" \n\u{a0}\n\t\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout)[0]["error"]["kind"], "empty");
}

#[test]
fn broken_link_inside_a_folder_is_an_error_record_and_the_rest_is_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(seed_path(), dir.path().join("a.txt")).expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere.txt"), dir.path().join("b.txt"))
        .expect("symlink");
    std::fs::copy(seed_path(), dir.path().join("c.txt")).expect("copy");
    let out = analyze()
        .arg("--jsonl")
        .arg(dir.path())
        .output()
        .expect("runs");
    let recs = records(&out.stdout);
    #[cfg(unix)]
    {
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1]["error"]["kind"], "unreadable");
        assert!(
            recs[1]["source"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("b.txt"))
        );
    }
    assert!(
        recs.first()
            .is_some_and(|r| r["meta"]["place"] == "Yên Bái")
    );
    assert!(recs.last().is_some_and(|r| r["meta"]["place"] == "Yên Bái"));
}

#[test]
fn folder_records_come_in_sorted_path_order_with_several_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(seed_path()).expect("seed");
    let names = ["b/02.txt", "a/10.txt", "a/09.txt", "c.txt", "b/01.txt"];
    for n in names {
        let p = dir.path().join(n);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, format!("Bài {n}\n\n{seed}")).expect("write");
    }
    let out = analyze()
        .args(["--jsonl", "--threads", "3"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let paths: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths.len(), 5);
    assert_eq!(paths, sorted);
}

#[test]
fn stdin_and_pretty_output() {
    let seed = std::fs::read(seed_path()).expect("seed");
    let out = analyze()
        .args(["--pretty", "-"])
        .write_stdin(seed)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("{\n  \"schema_version\": 2"),
        "{}",
        &text[..80.min(text.len())]
    );
    let v: Value = serde_json::from_str(&text).expect("one pretty JSON object");
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(v["meta"]["published"], "2024-02-21T09:30:21");
}

#[test]
fn stages_restrict_the_output() {
    let out = analyze()
        .args(["tokenize", "--jsonl"])
        .arg(seed_path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let d = &records(&out.stdout)[0];
    assert!(d["sentences"].is_array(), "tokenize writes sentences");
    assert_eq!(d["dates"], Value::Array(vec![]));
    let out = analyze()
        .args(["normalize", "--jsonl"])
        .arg(seed_path())
        .output()
        .expect("runs");
    let d = &records(&out.stdout)[0];
    assert!(d.get("sentences").is_none());
    assert_eq!(d["summary"]["sentences"], Value::Array(vec![]));
}

#[test]
fn forced_tone_is_reported() {
    let out = analyze()
        .args(["normalize", "--jsonl", "--tone", "new"])
        .arg(seed_path())
        .output()
        .expect("runs");
    assert_eq!(records(&out.stdout)[0]["source"]["tone"], "new");
}

#[test]
fn usage_errors_exit_2_and_version_and_help_work() {
    analyze()
        .args(["--encoding", "klingon", "x.txt"])
        .assert()
        .code(2);
    analyze()
        .args(["--tone", "middle", "x.txt"])
        .assert()
        .code(2);
    analyze().args(["--ratio", "3", "x.txt"]).assert().code(2);
    let v = analyze().arg("--version").output().expect("runs");
    assert!(v.status.success());
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("analyze "));
    let h = analyze().arg("--help").output().expect("runs");
    let help = String::from_utf8_lossy(&h.stdout);
    assert!(help.contains("analyze article.txt | jq '.doc_refs[].code'"));
    assert!(help.contains("normalize"));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(seed_path()).expect("seed");
    for i in 0..40 {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), &seed).expect("write");
    }
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let mut child = Std::new(bin)
        .arg("--jsonl")
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 64];
    let mut stdout = child.stdout.take().expect("stdout");
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
    assert!(
        out.status.code().is_some(),
        "exited, not killed by a signal"
    );
}

#[test]
fn bytes_no_encoding_explains_are_an_undecodable_record() {
    // High bytes in no pattern any Vietnamese encoding produces, no NUL.
    let noise: Vec<u8> = (0u32..4000)
        .map(|i| (0x80 + (i.wrapping_mul(2_654_435_761) >> 25) % 0x7f) as u8)
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("noise.txt");
    std::fs::write(&p, noise).expect("write");
    let out = analyze().arg("--jsonl").arg(&p).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "undecodable");
    assert!(String::from_utf8_lossy(&out.stderr).contains("noise.txt"));
}

#[test]
fn legacy_encoded_article_is_detected_and_reported() {
    // "Nghị quyết số 37-NQ/TU của Tỉnh ủy Yên Bái" in VNI-Windows, repeated
    // into a small article: base letters followed by diacritic bytes.
    let line: &[u8] = b"Ngh\xf2 quye\xe1t so\xe1 37-NQ/TU cu\xfba T\xe6nh u\xfby Ye\xe2n Ba\xf9i va\xf8 \xd1a\xfbng vie\xe2n.\n\n";
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("vni.txt");
    std::fs::write(&p, line.repeat(20)).expect("write");
    let out = analyze()
        .args(["normalize", "--jsonl"])
        .arg(&p)
        .output()
        .expect("runs");
    let r = &records(&out.stdout)[0];
    assert_eq!(r["source"]["encoding"], "vni", "{r}");
    // The repeated line decodes to the right text (its copies are set aside).
    assert_eq!(
        r["removed"][0]["text"],
        "Nghị quyết số 37-NQ/TU của Tỉnh ủy Yên Bái và Đảng viên."
    );
    // Forcing another encoding is honoured and reported.
    let out = analyze()
        .args(["normalize", "--jsonl", "--encoding", "windows-1258"])
        .arg(&p)
        .output()
        .expect("runs");
    assert_eq!(
        records(&out.stdout)[0]["source"]["encoding"],
        "windows-1258"
    );
}
