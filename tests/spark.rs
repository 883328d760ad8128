//! Runs examples/spark/analyze_folder.py under PySpark's local mode.
//!
//! Ignored by a plain `cargo test`: it needs PySpark and Java. `.ci/run`
//! installs PySpark into a virtual environment it creates and runs it with
//! `--ignored`, naming that environment's Python in `VNANALYZE_PYTHON`
//! (default `python3`). Run that way, a missing PySpark fails the test
//! rather than skipping it.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The Python that has PySpark: `VNANALYZE_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("VNANALYZE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

#[test]
#[ignore = "needs PySpark and Java: .ci/run runs it with --ignored in its own virtual environment"]
fn spark_local_mode_pipes_every_article_through_analyze() {
    let python = python();
    let import = Command::new(&python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        import,
        "{python} cannot import pyspark: run .ci/run, or set VNANALYZE_PYTHON to a Python with PySpark"
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("articles");
    std::fs::create_dir(&input).expect("mkdir");
    let seed = root.join("seeds/000_3b1f77d61af83a32.txt");
    std::fs::copy(&seed, input.join("seed.txt")).expect("copy");
    std::fs::write(
        input.join("short.txt"),
        "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU ngày 5/3/2021.\n",
    )
    .expect("write");
    std::fs::write(input.join("blank.txt"), "   \n").expect("write");
    let output = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let run = Command::new(&python)
        .arg(root.join("examples/spark/analyze_folder.py"))
        .arg(&input)
        .arg(&output)
        .arg(&bin)
        .env("PYSPARK_PYTHON", &python)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "spark job failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut records: Vec<Value> = Vec::new();
    for part in std::fs::read_dir(&output).expect("output dir").flatten() {
        let name = part.file_name().to_string_lossy().to_string();
        if !name.starts_with("part-") {
            continue;
        }
        for line in std::fs::read_to_string(part.path())
            .unwrap_or_default()
            .lines()
        {
            records.push(serde_json::from_str(line).expect("a JSON record per line"));
        }
    }
    assert_eq!(records.len(), 3, "one record per article");
    let by_name = |n: &str| {
        records
            .iter()
            .find(|r| r["id"].as_str().is_some_and(|id| id.ends_with(n)))
            .unwrap_or_else(|| panic!("no record for {n}"))
    };
    assert_eq!(
        by_name("seed.txt")["meta"]["published"],
        "2024-02-21T09:30:21"
    );
    assert_eq!(by_name("short.txt")["doc_refs"][0]["code"], "37-NQ/TU");
    assert_eq!(by_name("blank.txt")["error"]["kind"], "empty");
}
