//! The `Analyzer` value: the word model it owns (embedded, or a model file
//! given with `with_model` / `--model`), its errors, and one analyzer
//! shared by reference across threads.

use crate::common::{analyze, records, seed_path};
use vnanalyze::segment::{Segmenter, train};
use vnanalyze::{Analyzer, Input, LoadError, Options};

/// A model trained on two sentences of my own that join "đi học" and
/// "cán bộ" as words and know nothing else: it segments unlike the
/// embedded one, so a test can tell which model ran.
fn tiny_model(dir: &std::path::Path) -> std::path::PathBuf {
    let conllu = "\
# text = Cán bộ đi học .
1\tCán_bộ\t_\tN\t_\t_\t0\troot\t_\t_
2\tđi_học\t_\tV\t_\t_\t1\tdep\t_\t_
3\t.\t_\tCH\t_\t_\t1\tpunct\t_\t_

# text = Cán bộ đi học ở tỉnh .
1\tCán_bộ\t_\tN\t_\t_\t0\troot\t_\t_
2\tđi_học\t_\tV\t_\t_\t1\tdep\t_\t_
3\tở\t_\tE\t_\t_\t2\tdep\t_\t_
4\ttỉnh\t_\tN\t_\t_\t3\tdep\t_\t_
5\t.\t_\tCH\t_\t_\t1\tpunct\t_\t_
";
    let path = dir.join("tiny.conllu");
    std::fs::write(&path, conllu).expect("write the corpus");
    let opts = crate::common::tiny_train_options();
    let (model, _) = train::train_conllu(std::slice::from_ref(&path), &opts).expect("train");
    let out = dir.join("tiny.bin");
    std::fs::write(&out, model.to_bytes()).expect("write the model");
    out
}

fn words(doc: &vnanalyze::Document) -> Vec<Vec<String>> {
    doc.sentences
        .as_ref()
        .expect("sentences written")
        .iter()
        .map(|s| s.words.iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_embedded_model_written_to_a_file_gives_the_same_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("model.bin");
    std::fs::write(&path, Segmenter::embedded().to_bytes()).expect("write");
    let from_file = Analyzer::with_model(&path).expect("the model loads");
    let seed = std::fs::read(seed_path()).expect("seed");
    let opts = Options {
        tokens: true,
        ..Options::default()
    };
    let a = from_file
        .analyze_bytes(&seed, None, &opts)
        .expect("analysed");
    let b = Analyzer::new()
        .analyze_bytes(&seed, None, &opts)
        .expect("analysed");
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
}

#[test]
fn a_retrained_model_is_used_without_a_rebuild() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = tiny_model(dir.path());
    let tiny = Analyzer::with_model(&path).expect("the model loads");
    let text = "Nhiều cán bộ đi học nghị quyết ở tỉnh Yên Bái.";
    let opts = Options {
        tokens: true,
        ..Options::default()
    };
    let mine = words(&tiny.analyze_str(text, &opts));
    let embedded = words(&Analyzer::new().analyze_str(text, &opts));
    assert_ne!(mine, embedded);
    assert!(mine[0].contains(&"đi_học".to_string()), "{mine:?}");
    // The CLI's --model gives what the library gives with that model.
    let out = analyze()
        .args(["--jsonl", "--tokens", "--model"])
        .arg(&path)
        .arg("-")
        .write_stdin(text)
        .output()
        .expect("run");
    assert!(out.status.success());
    let rec = &records(&out.stdout)[0];
    let cli_words: Vec<Vec<String>> = rec["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .map(|s| {
            s["words"]
                .as_array()
                .expect("words")
                .iter()
                .map(|w| w.as_str().expect("word").to_string())
                .collect()
        })
        .collect();
    assert_eq!(cli_words, mine);
}

#[test]
fn a_missing_or_foreign_model_file_is_a_load_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("none.bin");
    assert!(matches!(
        Analyzer::with_model(&missing),
        Err(LoadError::Io { .. })
    ));
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "Nghị quyết số 37-NQ/TU").expect("write");
    let err = Analyzer::with_model(&foreign).expect_err("not a model");
    assert!(matches!(err, LoadError::Model { .. }));
    assert!(err.to_string().contains("is not a usable word model"));
    // The CLI: a file it cannot read exits 1, one that is no model 2.
    let seed = seed_path();
    let out = analyze()
        .arg("--model")
        .arg(&missing)
        .arg(&seed)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let out = analyze()
        .arg("--model")
        .arg(&foreign)
        .arg(&seed)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a usable word model"));
}

#[test]
fn one_analyzer_serves_many_threads_alike() {
    let analyzer = Analyzer::new();
    let seed = std::fs::read(seed_path()).expect("seed");
    let one = serde_json::to_string(
        &analyzer
            .analyze_bytes(&seed, None, &Options::default())
            .expect("analysed"),
    )
    .expect("json");
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let doc = analyzer
                        .analyze_bytes(&seed, None, &Options::default())
                        .expect("analysed");
                    serde_json::to_string(&doc).expect("json")
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().expect("thread"), one);
        }
    });
}

/// A short article of my own: a title, then a body citing a resolution.
const ARTICLE: &str = "Tỉnh ủy Yên Bái ban hành nghị quyết mới\n\n\
    Ngày 12/3/2024, Tỉnh ủy Yên Bái ban hành Nghị quyết số 37-NQ/TU về phát triển kinh tế. \
    Tỉnh phấn đấu trồng 6,61 triệu cây xanh.\n\n\
    Các sở, ngành triển khai nghị quyết trong năm 2024.\n";

#[test]
fn analyze_gives_the_record_and_the_working_state_it_was_made_from() {
    let analyzer = Analyzer::shared();
    let opts = Options::default();
    let json = |d: &vnanalyze::Document| serde_json::to_string(d).expect("json");
    let a = analyzer
        .analyze(Input::Bytes(ARTICLE.as_bytes()), Some("a.txt"), &opts)
        .expect("analysed");
    // The record is the one the record-only calls give, whatever the input form.
    let bytes = analyzer
        .analyze_bytes(ARTICLE.as_bytes(), Some("a.txt"), &opts)
        .expect("analysed");
    assert_eq!(json(&a.record), json(&bytes));
    let owned = analyzer
        .analyze(
            Input::Owned(ARTICLE.as_bytes().to_vec()),
            Some("a.txt"),
            &opts,
        )
        .expect("analysed");
    assert_eq!(json(&owned.record), json(&bytes));
    // The working state: the text the spans point into, the lines and sentences.
    let chars: Vec<char> = a.work.text.original().chars().collect();
    assert_eq!(a.work.text.original(), ARTICLE);
    let r = &a.record.doc_refs[0];
    assert_eq!(r.text, "Nghị quyết số 37-NQ/TU");
    assert_eq!(
        chars[r.span.start..r.span.end].iter().collect::<String>(),
        r.text
    );
    assert_eq!(a.work.body_lines().count(), a.record.stats.paragraphs);
    assert_eq!(a.record.stats.paragraphs, 2);
    let title = a
        .work
        .lines
        .iter()
        .find(|l| l.role == vnanalyze::document::Role::Title)
        .expect("a title line");
    assert_eq!(
        &a.work.text.norm()[title.norm.clone()],
        "Tỉnh ủy Yên Bái ban hành nghị quyết mới"
    );
    assert_eq!(a.work.segments.len(), 4);
    assert_eq!(a.work.published, None);
}

#[test]
fn decoded_text_keeps_a_leading_bom_as_a_character() {
    let text = format!("\u{feff}{ARTICLE}");
    let opts = Options::default();
    let as_text = Analyzer::shared()
        .analyze(Input::Text(text.clone()), None, &opts)
        .expect("analysed");
    let as_bytes = Analyzer::shared()
        .analyze(Input::Bytes(text.as_bytes()), None, &opts)
        .expect("analysed");
    let start = |a: &vnanalyze::Analysis| a.record.doc_refs[0].span.start;
    // As bytes the U+FEFF is a byte-order mark and goes; as text it is the
    // first character, and every span counts it.
    assert_eq!(start(&as_text), start(&as_bytes) + 1);
    assert_eq!(as_text.work.text.original(), text);
    assert_eq!(as_bytes.work.text.original(), ARTICLE);
}
