//! End-to-end tests of the `analyze` binary: inputs, outputs, error records
//! and exit codes, on the seed article and on broken inputs.

use crate::common::{analyze, records, seed_path};
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
fn forced_tone_writes_the_fields_and_the_input_majority_is_reported() {
    let out = analyze()
        .args(["--jsonl", "--tone", "new"])
        .arg(seed_path())
        .output()
        .expect("runs");
    let d = &records(&out.stdout)[0];
    // The seed is written in the old placement; that is what it reports.
    assert_eq!(d["source"]["tone"], "old");
    let names: Vec<&str> = d["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(names.contains(&"Tỉnh uỷ"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("ủy")), "{names:?}");
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

/// A folder with the project's HTML pages and one text article.
fn html_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    for name in ["portal.html", "front-page.html"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).expect("copy");
    }
    std::fs::write(
        dir.path().join("note.txt"),
        "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU ngày 5/3/2021 về phát triển kinh tế, với 1.200 tỷ đồng.\n",
    )
    .expect("write");
    dir
}

#[test]
fn an_html_page_is_recognised_by_its_content_whatever_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("saved-page.txt");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/portal.html"),
        &page,
    )
    .expect("copy");
    let out = analyze().arg("--jsonl").arg(&page).output().expect("runs");
    assert!(out.status.success());
    let r = &records(&out.stdout)[0];
    assert_eq!(r["source"]["format"], "html");
    assert_eq!(
        r["meta"]["title"],
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    );
    assert_eq!(r["meta"]["published_from"], "html");
    assert_eq!(r["warnings"][0], "HTML input: main text extracted");
    let text: Vec<char> = r["text"].as_str().expect("text").chars().collect();
    for item in r["doc_refs"].as_array().unwrap() {
        let (s, e) = (
            item["span"][0].as_u64().unwrap() as usize,
            item["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text[s..e].iter().collect::<String>(),
            item["text"].as_str().unwrap()
        );
    }
    // A date given with the input wins.
    let out = analyze()
        .args(["--jsonl", "--date", "2024-03-13"])
        .arg(&page)
        .output()
        .expect("runs");
    let r = &records(&out.stdout)[0];
    assert_eq!(r["meta"]["published"], "2024-03-13");
    assert_eq!(r["meta"]["published_from"], "input");
}

#[test]
fn a_folder_without_matching_files_names_it_and_the_extensions_and_exits_1() {
    let dir = html_folder();
    let out = analyze()
        .arg("--ext")
        .arg("md")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    assert!(err.contains("no file with extension .md"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn ext_takes_a_comma_list() {
    let dir = html_folder();
    let out = analyze()
        .args(["--jsonl", "--ext", "txt,html"])
        .arg(dir.path())
        .output()
        .expect("runs");
    // The front page has no article: exit 1, and its record says so.
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["error"]["kind"], "no_article");
    assert_eq!(recs[1]["source"]["format"], "text");
    assert_eq!(recs[2]["source"]["format"], "html");
}

#[test]
fn csv_items_have_a_header_the_input_first_and_the_span_in_two_columns() {
    let dir = html_folder();
    let out = analyze()
        .args([
            "--format", "csv", "--items", "doc_refs", "--ext", "txt,html",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "the front page failed");
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("input,start,end,text,type,number,code,key,system,issuer,date,name,terms")
    );
    let rows: Vec<&str> = lines.collect();
    let note = dir.path().join("note.txt").display().to_string();
    assert!(
        rows.iter().any(|r| r.starts_with(&format!(
            "{note},17,39,Nghị quyết số 37-NQ/TU,Nghị quyết,37,37-NQ/TU,37-NQ/TU,party,Tỉnh ủy,2021-03-05,,"
        ))),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r.contains("12-NQ/TU")), "{rows:?}");
    // RFC 4180 line ends; one row per figure.
    let out = analyze()
        .args(["--format", "csv", "--items", "figures"])
        .arg(dir.path().join("note.txt"))
        .output()
        .expect("runs");
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    assert!(csv.starts_with("input,start,end,text,kind,value,unit,per,total,qualifier\r\n"));
    assert!(
        csv.contains(",81,94,1.200 tỷ đồng,money,1200000000000,"),
        "{csv}"
    );
    // Usage: csv needs --items, --items needs csv.
    analyze()
        .args(["--format", "csv", "x.txt"])
        .assert()
        .code(2);
    analyze()
        .args(["--items", "dates", "x.txt"])
        .assert()
        .code(2);
}

#[test]
fn text_prints_title_and_body_separated_by_form_feeds() {
    let dir = html_folder();
    let out = analyze()
        .args(["text", "--ext", "txt,html"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "the front page failed");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let docs: Vec<&str> = text.split("\x0c\n").collect();
    assert_eq!(docs.len(), 2, "{text}");
    let portal: Vec<&str> = docs[1].lines().collect();
    assert_eq!(portal[0], "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15");
    assert!(portal[1].starts_with("Sáng 12/3, Ban Chấp hành"));
    assert!(
        !docs[1].contains("Quang cảnh hội nghị"),
        "captions are not body"
    );
    assert!(!docs[1].contains("Tin liên quan"));
    assert!(docs[0].starts_with("Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU"));
}

#[test]
fn sizes_threads_and_sentences_are_checked() {
    let dir = html_folder();
    let note = dir.path().join("note.txt");
    analyze()
        .args(["--sentences", "0"])
        .arg(&note)
        .assert()
        .code(2);
    analyze()
        .args(["--threads", "0"])
        .arg(&note)
        .assert()
        .code(2);
    let out = analyze()
        .args(["--jsonl", "--threads", "100000"])
        .arg(&note)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 4 per core"));
    for ok in ["50M", "1G", "100K", "2048", "1.5M"] {
        analyze()
            .args(["--max-bytes", ok])
            .arg(&note)
            .assert()
            .success();
    }
    analyze()
        .args(["--max-bytes", "lots"])
        .arg(&note)
        .assert()
        .code(2);
    let out = analyze()
        .args(["--jsonl", "--max-bytes", "1K"])
        .arg(dir.path().join("portal.html"))
        .output()
        .expect("runs");
    assert_eq!(records(&out.stdout)[0]["error"]["kind"], "too_large");
}

#[test]
fn too_large_stdin_reports_its_real_size() {
    let out = analyze()
        .args(["--jsonl", "--max-bytes", "1000", "-"])
        .write_stdin("a".repeat(3000))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["source"]["bytes"], 3000);
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("input is 3000 bytes"))
    );
}

/// An endless standard input over the limit (`analyze - < /dev/zero`) is
/// counted up to 1 GiB (16 times the limit, at least 1 GiB), then read no
/// further: a `too_large` record whose size is unknown. It used to count
/// on for ever.
#[cfg(unix)]
#[test]
fn endless_stdin_over_the_limit_ends_with_an_unknown_size() {
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero opens");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("analyze"))
        .args(["--jsonl", "--max-bytes", "1000", "-"])
        .stdin(zero)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("analyze - < /dev/zero still runs after 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "too_large");
    assert_eq!(r["source"]["bytes"], Value::Null);
}

#[test]
fn subcommand_help_has_examples_and_completion_offers_encodings() {
    for sub in ["normalize", "tokenize", "extract", "summarize", "text"] {
        let out = analyze().args([sub, "--help"]).output().expect("runs");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Examples:"), "{sub} --help has no examples");
        assert!(help.contains(&format!("analyze {sub}")), "{sub}");
    }
    let out = analyze()
        .args(["completions", "bash"])
        .output()
        .expect("runs");
    let script = String::from_utf8_lossy(&out.stdout);
    let at = script.find("--encoding)").expect("an --encoding case");
    let case = &script[at..at + 200];
    assert!(
        case.contains("windows-1258") && case.contains("tcvn3"),
        "{case}"
    );
    assert!(!case.contains("compgen -f"), "{case}");
}

#[test]
fn the_man_page_lists_commands_without_pointing_at_missing_pages() {
    let out = analyze().arg("man").output().expect("runs");
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        !page.contains("analyze-normalize(1)"),
        "points at a page never generated"
    );
    assert!(!page.contains("\\-normalize(1)"));
    assert!(page.contains("analyze normalize"));
    assert!(page.contains("analyze text"));
}

/// `tokenize --format text` with a terminal on standard input prints usage
/// instead of waiting (run under `script`, which gives it a terminal).
/// Ignored by a plain `cargo test`; run with `--ignored` (as `.ci/run` does),
/// it fails when `script` is missing.
#[cfg(unix)]
#[test]
#[ignore = "needs `script` (util-linux): .ci/run runs it with --ignored"]
fn tokenize_text_without_input_on_a_terminal_prints_usage() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_script,
        "this test needs `script` (util-linux) to give the binary a terminal; install it"
    );
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let out = std::process::Command::new("timeout")
        .arg("20")
        .arg("script")
        .args([
            "-qec",
            &format!("{} tokenize --format text", bin.display()),
            "/dev/null",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(124), "it waited for input");
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("Usage: analyze tokenize --format text"),
        "{shown}"
    );
}

#[test]
fn tokenize_text_reads_a_page_as_its_article() {
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/portal.html");
    let out = analyze()
        .args(["tokenize", "--format", "text"])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Ban_Chấp_hành"), "{text}");
    assert!(!text.contains("DOCTYPE") && !text.contains("<p>"), "{text}");
    assert!(!text.contains("Đọc_nhiều"), "{text}");
}

#[cfg(unix)]
#[test]
fn distinct_non_utf8_file_names_keep_distinct_escaped_paths() {
    // Issue 17 item 7: both names used to become "a\u{fffd}.txt".
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read(seed_path()).expect("seed");
    for name in [&b"a\xff.txt"[..], b"a\xfe.txt", b"a\\xFF.txt"] {
        std::fs::write(dir.path().join(OsStr::from_bytes(name)), &seed).expect("write");
    }
    let out = analyze()
        .arg("--jsonl")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let names: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| r["source"]["path"].as_str().expect("a path").to_string())
        .map(|p| p.rsplit('/').next().unwrap_or_default().to_string())
        .collect();
    // Sorted by the raw bytes: "\", then 0xFE, then 0xFF.
    assert_eq!(names, ["a\\\\xFF.txt", "a\\xFE.txt", "a\\xFF.txt"]);
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped() {
    // Issue 17 item 14: a name with a newline and an escape sequence.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("tin\n\u{1b}[2Jmột.txt"), "").expect("write");
    let out = analyze()
        .arg("--jsonl")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "empty");
    assert!(
        r["source"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("/tin\\n\\x1B[2Jmột.txt")),
        "{r}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        stderr.contains("tin\\n\\x1B[2Jmột.txt: empty input"),
        "{stderr:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn io_failures_exit_1_everywhere() {
    // Issue 17 item 13: a full disk is no usage error (it was 2), and a
    // failing stderr is no panic (it was 101).
    use std::process::{Command as Std, Stdio};
    let full = || {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        Stdio::from(f)
    };
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let seed = seed_path();
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["--jsonl".into(), seed.clone().into()],
        vec!["text".into(), seed.clone().into()],
        vec![
            "tokenize".into(),
            "--format".into(),
            "text".into(),
            seed.clone().into(),
        ],
        vec![
            "--format".into(),
            "csv".into(),
            "--items".into(),
            "dates".into(),
            seed.clone().into(),
        ],
        vec!["schema".into()],
        vec!["man".into()],
        vec!["completions".into(), "bash".into()],
        vec!["--help".into()],
    ];
    for args in &runs {
        let out = Std::new(&bin)
            .args(args)
            .stdout(full())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
    }
    let out = Std::new(&bin)
        .args(["--jsonl", "missing.txt"])
        .stderr(full())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout)[0]["error"]["kind"], "not_found");
    // Usage stays 2.
    let out = Std::new(&bin)
        .args(["--ratio", "3", "x.txt"])
        .stdout(full())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn named_pipes_and_dev_stdin_are_read_as_streams_with_the_cap() {
    // Issue 17 item 18: `analyze <(curl ...)` works; /dev/zero ends.
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let seed = std::fs::read(seed_path()).expect("seed");
    let writer = {
        let (fifo, seed) = (fifo.clone(), seed.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(fifo)
                .expect("open");
            f.write_all(&seed).expect("write");
        })
    };
    let out = analyze().arg("--jsonl").arg(&fifo).output().expect("runs");
    // Should the run not have opened the pipe, a reader releases the writer
    // (left running otherwise: it waits for a writer that never comes).
    if !writer.is_finished() {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo));
    }
    writer.join().expect("writer");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = &records(&out.stdout)[0];
    assert_eq!(r["source"]["bytes"], seed.len() as u64);
    assert_eq!(r["meta"]["published"], "2024-02-21T09:30:21");

    // /dev/stdin is read as a stream too.
    let out = analyze()
        .args(["--jsonl", "/dev/stdin"])
        .write_stdin(seed.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        records(&out.stdout)[0]["source"]["bytes"],
        seed.len() as u64
    );

    // /dev/zero: read up to the cap and no further.
    let out = analyze()
        .args(["--jsonl", "--max-bytes", "1000", "/dev/zero"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "too_large");
    assert_eq!(r["source"]["bytes"], Value::Null);

    // A pipe met while walking a folder is refused, not waited on.
    let out = analyze()
        .arg("--jsonl")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let r = &records(&out.stdout)[0];
    assert_eq!(r["error"]["kind"], "unreadable");
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a regular file"))
    );
}
