//! Runs the Spark examples under PySpark's local mode:
//! examples/spark/analyze_folder.py (`RDD.pipe` through the binary) and
//! examples/spark/analyze_in_pandas.py (`mapInPandas` with the Python
//! package).
//!
//! Ignored by a plain `cargo test`: they need PySpark and Java, and the second
//! the `vnanalyze` wheel with pandas and pyarrow. `.ci/run` installs them into
//! a virtual environment it creates and runs these tests with
//! `cargo test --test tests spark:: -- --ignored`,
//! naming that environment's Python in `VNANALYZE_PYTHON` (default
//! `python3`). Run that way, a missing package fails a test rather than
//! skipping it.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The Python that has PySpark: `VNANALYZE_PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("VNANALYZE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Fails with a clear message unless `python` imports every module named.
fn require(python: &str, modules: &str) {
    let import = Command::new(python)
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        import,
        "{python} cannot import {modules}: run .ci/run, or set VNANALYZE_PYTHON to a Python that has them"
    );
}

/// A folder of three articles: the seed, a short one and a blank one.
fn articles(dir: &Path) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = dir.join("articles");
    std::fs::create_dir(&input).expect("mkdir");
    let seed = root.join("seeds/000_3b1f77d61af83a32.txt");
    std::fs::copy(&seed, input.join("seed.txt")).expect("copy");
    std::fs::write(
        input.join("short.txt"),
        "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU ngày 5/3/2021.\n",
    )
    .expect("write");
    std::fs::write(input.join("blank.txt"), "   \n").expect("write");
    input
}

/// Runs `script` with `args` in local mode; the records of its part files.
fn run_job(python: &str, script: &str, args: &[&std::ffi::OsStr], output: &Path) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(python)
        .arg(root.join(script))
        .args(args)
        .env("PYSPARK_PYTHON", python)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "spark job failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut records: Vec<Value> = Vec::new();
    for part in std::fs::read_dir(output).expect("output dir").flatten() {
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
    records
}

/// One record per article, each with its id and the right content.
fn check(records: &[Value]) {
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
    let span = &by_name("short.txt")["doc_refs"][0]["span"];
    assert_eq!((span[0].as_u64(), span[1].as_u64()), (Some(17), Some(39)));
    assert_eq!(by_name("blank.txt")["error"]["kind"], "empty");
}

#[test]
#[ignore = "needs PySpark and Java: .ci/run runs it with --ignored in its own virtual environment"]
fn spark_local_mode_pipes_every_article_through_analyze() {
    let python = python();
    require(&python, "pyspark");
    let dir = tempfile::tempdir().expect("tempdir");
    let input = articles(dir.path());
    let output = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("analyze");
    let records = run_job(
        &python,
        "examples/spark/analyze_folder.py",
        &[input.as_os_str(), output.as_os_str(), bin.as_os_str()],
        &output,
    );
    check(&records);
}

#[test]
#[ignore = "needs PySpark, Java and the vnanalyze wheel: .ci/run runs it with --ignored in its own virtual environment"]
fn spark_map_in_pandas_analyzes_every_article_in_the_python_workers() {
    let python = python();
    require(&python, "pyspark, pyarrow, pandas, vnanalyze");
    let dir = tempfile::tempdir().expect("tempdir");
    let input = articles(dir.path());
    let output = dir.path().join("out");
    let records = run_job(
        &python,
        "examples/spark/analyze_in_pandas.py",
        &[input.as_os_str(), output.as_os_str()],
        &output,
    );
    check(&records);
}
