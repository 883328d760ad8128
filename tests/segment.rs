//! Segment stage: fixtures (sentences, tokens, words), the model file, the
//! trainer, the scorer and the document pipeline.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use vnanalyze::segment::{self, Segmenter, TokenKind, train};
use vnanalyze::{Analyzer, Options, Stage, analyze_str};

/// Cases of a fixture file: (input, expected lines).
fn cases(name: &str) -> Vec<(String, Vec<String>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/segment")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(input) = line.strip_prefix("> ") {
            out.push((input.to_string(), Vec::new()));
        } else if let Some(exp) = line.strip_prefix("= ") {
            out.last_mut()
                .expect("'=' before '>'")
                .1
                .push(exp.to_string());
        }
    }
    assert!(!out.is_empty(), "no case in {name}");
    out
}

#[test]
fn fixture_sentences() {
    for (input, expected) in cases("sentences.txt") {
        let got: Vec<&str> = segment::sentences(&input)
            .into_iter()
            .map(|r| &input[r])
            .collect();
        assert_eq!(got, expected, "input: {input}");
    }
}

#[test]
fn fixture_tokens() {
    for (input, expected) in cases("tokens.txt") {
        let got: Vec<&str> = segment::tokens(&input)
            .into_iter()
            .map(|t| &input[t.range])
            .collect();
        let want: Vec<&str> = expected[0].split(" | ").collect();
        assert_eq!(got, want, "input: {input}");
    }
}

#[test]
fn fixture_words() {
    let seg = Segmenter::embedded();
    for (input, expected) in cases("words.txt") {
        let out = seg.segment_line(&input);
        let words: Vec<&str> = out.split(' ').collect();
        let mut at = 0;
        for want in expected[0].split(' ') {
            let pos = words[at..]
                .iter()
                .position(|w| *w == want)
                .unwrap_or_else(|| panic!("{want:?} not a word of {out:?}"));
            at += pos + 1;
        }
    }
}

#[test]
fn token_kinds() {
    let s = "Ngày 21/2/2024 lúc 9:30:21, UBND tăng 7,24% (6,61 tỷ) theo 37-NQ/TU tại https://a.vn x@y.vn …";
    let kinds: Vec<(&str, TokenKind)> = segment::tokens(s)
        .into_iter()
        .map(|t| (&s[t.range], t.kind))
        .collect();
    let kind = |w: &str| kinds.iter().find(|(t, _)| *t == w).map(|k| k.1);
    assert_eq!(kind("Ngày"), Some(TokenKind::Word));
    assert_eq!(kind("21/2/2024"), Some(TokenKind::Date));
    assert_eq!(kind("9:30:21"), Some(TokenKind::Time));
    assert_eq!(kind("UBND"), Some(TokenKind::Abbrev));
    assert_eq!(kind("7,24%"), Some(TokenKind::Percent));
    assert_eq!(kind("6,61"), Some(TokenKind::Number));
    assert_eq!(kind("37-NQ/TU"), Some(TokenKind::Code));
    assert_eq!(kind("https://a.vn"), Some(TokenKind::Url));
    assert_eq!(kind("x@y.vn"), Some(TokenKind::Email));
    assert_eq!(kind("…"), Some(TokenKind::Punct));
    assert_eq!(kind("("), Some(TokenKind::Punct));
}

#[test]
fn words_are_byte_ranges_of_the_sentence() {
    let s = "Các cán bộ, đảng viên tham dự.";
    let words: Vec<&str> = Segmenter::embedded()
        .words(s)
        .into_iter()
        .map(|r| &s[r])
        .collect();
    assert_eq!(words, ["Các", "cán bộ", ",", "đảng viên", "tham dự", "."]);
}

#[test]
fn embedded_model_round_trips() {
    let seg = Segmenter::embedded();
    assert!(seg.nonzero_weights() > 1000);
    assert!(seg.lexicon_len() > 10_000);
    let bytes = seg.to_bytes();
    assert!(bytes.len() < 10 * 1024 * 1024);
    let again = Segmenter::from_bytes(&bytes).expect("round trip");
    let line = "Ban Thường vụ Tỉnh ủy họp bàn công tác cán bộ.";
    assert_eq!(again.segment_line(line), seg.segment_line(line));
    assert_eq!(again.to_bytes(), bytes);
}

#[test]
fn bad_model_bytes_are_errors() {
    assert!(Segmenter::from_bytes(b"").is_err());
    assert!(Segmenter::from_bytes(b"not a model at all").is_err());
    let bytes = Segmenter::embedded().to_bytes();
    for cut in [8, 12, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Segmenter::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}

const TINY: &str = "# sent_id = 1
1\tCán bộ\tcán bộ\tNOUN\tN\t_\t0\troot\t_\t_
2\tđi\tđi\tVERB\tV\t_\t1\tacl\t_\t_
3\thọc\thọc\tVERB\tV\t_\t2\txcomp\t_\t_
4\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

1\tHọ\thọ\tPRON\tPro\t_\t2\tnsubj\t_\t_
2\tlà\tlà\tAUX\tV\t_\t0\troot\t_\t_
3\tcán bộ\tcán bộ\tNOUN\tN\t_\t2\tobj\t_\t_
4\ttốt\ttốt\tADJ\tAdj\t_\t3\tamod\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

#[test]
fn trains_from_conllu() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tiny.conllu");
    std::fs::write(&path, TINY).expect("write");
    let opts = crate::common::tiny_train_options();
    let (model, report) = train::train_conllu(std::slice::from_ref(&path), &opts).expect("train");
    assert_eq!(report.sentences, 2);
    assert_eq!(report.tokens, 11);
    assert_eq!(model.segment_line("Cán bộ đi học ."), "Cán_bộ đi học .");
    let again = Segmenter::from_bytes(&model.to_bytes()).expect("decode");
    assert_eq!(
        again.segment_line("họ là cán bộ ."),
        model.segment_line("họ là cán bộ .")
    );
    let missing = train::train_conllu(&[dir.path().join("none.conllu")], &opts);
    assert!(matches!(missing, Err(train::TrainError::Read { .. })));
}

#[test]
fn scorer_counts_words_by_extent() {
    let p = segment::score(
        "Cán_bộ đi học .\nhọ là cán bộ .\n",
        "Cán_bộ đi học .\nhọ là cán_bộ .\n",
    );
    assert_eq!(
        (p.sentences, p.gold_words, p.pred_words, p.correct),
        (2, 8, 9, 7)
    );
    assert!((p.precision - 7.0 / 9.0).abs() < 1e-12);
    assert!((p.recall - 7.0 / 8.0).abs() < 1e-12);
    assert_eq!(p.text_changed, 0);
    // Case and normalization do not count; a changed text does.
    let p = segment::score("CÁN_BỘ x\n", "cán_bộ y\n");
    assert_eq!((p.correct, p.text_changed), (2, 1));
}

/// The shared data: `VNANALYZE_SHARED` (set by scripts/eval-segmenter.sh),
/// else `../shared` next to the repository.
fn shared() -> PathBuf {
    std::env::var_os("VNANALYZE_SHARED").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    )
}

/// Our scorer prints what the reference scorer prints, on a real prediction.
/// Ignored by a plain `cargo test`; run with `--ignored` (as
/// scripts/eval-segmenter.sh does), it fails when `../shared` or `python3`
/// is missing.
#[test]
#[ignore = "needs ../shared (seg_eval.py, the UD VTB dev split) and python3: run by scripts/eval-segmenter.sh"]
fn scorer_agrees_with_seg_eval_py() {
    let shared = shared();
    let seg_eval = shared.join("tools/seg_eval.py");
    assert!(
        seg_eval.is_file(),
        "{} is missing: this test needs the shared data (../shared or VNANALYZE_SHARED)",
        seg_eval.display()
    );
    let gold_path = shared.join("data/ud-vi-vtb/vi_vtb-ud-dev.seg.txt");
    let gold = std::fs::read_to_string(&gold_path)
        .unwrap_or_else(|e| panic!("the dev split {}: {e}", gold_path.display()));
    let gold: String = gold.lines().take(300).flat_map(|l| [l, "\n"]).collect();
    let seg = Segmenter::embedded();
    let pred: String = gold
        .lines()
        .map(|l| seg.segment_line(&l.replace('_', " ")) + "\n")
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let (g, p) = (dir.path().join("gold.txt"), dir.path().join("pred.txt"));
    std::fs::write(&g, &gold).expect("write");
    std::fs::write(&p, &pred).expect("write");
    let out = std::process::Command::new("python3")
        .arg(shared.join("tools/seg_eval.py"))
        .args([&g, &p])
        .output()
        .unwrap_or_else(|e| panic!("this test needs python3 to run seg_eval.py: {e}"));
    assert!(
        out.status.success(),
        "seg_eval.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let ours = segment::score(&pred, &gold).to_string();
    assert_eq!(ours, theirs);
}

#[test]
fn document_sentences_carry_words_and_spans() {
    let text = "Tiêu đề bài viết\n\nĐồng chí PGS.TS. Nguyễn Văn A phát biểu. Các cán bộ, đảng viên tham dự.\n";
    let opts = Options {
        stage: Stage::Tokenize,
        tokens: true,
        ..Options::default()
    };
    let doc = analyze_str(text, &opts);
    let sents = doc.sentences.as_ref().expect("sentences");
    let texts: Vec<&str> = sents.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Tiêu đề bài viết",
            "Đồng chí PGS.TS. Nguyễn Văn A phát biểu.",
            "Các cán bộ, đảng viên tham dự."
        ]
    );
    let chars: Vec<char> = text.chars().collect();
    for s in sents {
        let span: String = chars[s.span.start..s.span.end].iter().collect();
        assert_eq!(span, s.text);
    }
    assert_eq!(
        sents[2].words.iter().collect::<Vec<_>>(),
        ["Các", "cán_bộ", ",", "đảng_viên", "tham_dự", "."]
    );
    let work = Analyzer::shared().analyze_str_full(text, &opts).work;
    let seg = &work.segments[1];
    assert_eq!(seg.line, 1);
    assert_eq!(seg.syllables, 8);
    let first = seg.words().next().expect("a word");
    assert_eq!(&work.text.norm()[first], "Đồng chí");
}

proptest! {
    #[test]
    fn never_panics_and_ranges_are_sound(s in "\\PC{0,80}") {
        let toks = segment::tokens(&s);
        let mut prev = 0;
        for t in &toks {
            prop_assert!(t.range.start >= prev && t.range.start < t.range.end && t.range.end <= s.len());
            prop_assert!(s.is_char_boundary(t.range.start) && s.is_char_boundary(t.range.end));
            prev = t.range.end;
        }
        for r in segment::sentences(&s) {
            prop_assert!(s.get(r).is_some());
        }
        let words = Segmenter::embedded().words(&s);
        let joined: usize = words.iter().map(|w| w.len()).sum();
        prop_assert!(joined <= s.len());
        for w in &words {
            prop_assert!(s.get(w.clone()).is_some());
        }
        let line = Segmenter::embedded().segment_line(&s);
        prop_assert!(!line.contains('\n'));
    }

    #[test]
    fn vietnamese_text_never_panics(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ0-9 .,;:!?%/()\"“”\\-]{0,120}") {
        let words = Segmenter::embedded().words(&s);
        for pair in words.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start);
        }
    }
}

/// Pathological input (a long dotted run, one very long line) is handled
/// whole and consistently. Its speed is measured in benches/, not here.
#[test]
fn long_inputs_are_handled_whole() {
    let dotted = "a.".repeat(200_000);
    let tokens = segment::tokens(&dotted);
    assert!(!tokens.is_empty());
    assert!(
        tokens
            .windows(2)
            .all(|p| p[0].range.end <= p[1].range.start)
    );
    let unit = "Các cán bộ, đảng viên tham dự hội nghị ";
    let one = Segmenter::embedded().words(unit.trim_end()).len();
    let long = unit.repeat(20_000);
    assert_eq!(Segmenter::embedded().words(&long).len(), one * 20_000);
    assert_eq!(segment::sentences(&long).len(), 1);
}

/// The tokens-only view of a document over `text`.
/// The working state of `text` analysed up to the segment stage.
fn tokenized(text: &str) -> vnanalyze::Work {
    let opts = Options {
        stage: Stage::Tokenize,
        ..Options::default()
    };
    Analyzer::shared().analyze_str_full(text, &opts).work
}

#[test]
fn a_long_line_is_segmented_window_by_window_as_if_whole() {
    // Sentences with abbreviations, quotes, ellipses and numbers, 12,000 of
    // them on one line: over 100,000 tokens, so several windows of 16,384.
    let units = [
        "Tỉnh ủy Yên Bái ban hành Nghị quyết số 37-NQ/TU ngày 12/3/2024.",
        "Ông Nguyễn Văn A, Chủ tịch UBND TP. Hà Nội, nói: “Phải làm ngay!”",
        "Tỉnh có 6,61 triệu cây xanh... Còn lại là đất trống?",
        "Giá trị đạt 1.000 tỷ đồng (tăng 5%) - cao nhất từ trước đến nay.",
    ];
    let line = (0..12_000)
        .map(|i| units[i % units.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let work = tokenized(&line);
    let norm = work.text.norm();
    let l = &work.lines[0];
    let text = &norm[l.norm.clone()];
    assert!(segment::tokens(text).len() > 6 * 16_384);
    // The same sentences and words as the whole line read at once.
    let whole = segment::sentences(text);
    assert_eq!(work.segments.len(), whole.len());
    // "Tỉnh có ... xanh... Còn lại ..." is two sentences.
    assert_eq!(whole.len(), 15_000);
    let model = Segmenter::embedded();
    for (got, want) in work.segments.iter().zip(&whole) {
        assert_eq!(got.norm, l.norm.start + want.start..l.norm.start + want.end);
        let words: Vec<_> = got.words().collect();
        let expect: Vec<_> = model
            .words(&text[want.clone()])
            .into_iter()
            .map(|w| got.norm.start + w.start..got.norm.start + w.end)
            .collect();
        assert_eq!(words, expect);
    }
}

#[test]
fn a_run_of_tokens_without_a_sentence_end_is_cut_every_8192() {
    let line = "xã ".repeat(20_000);
    let work = tokenized(&line);
    let pieces: Vec<usize> = work.segments.iter().map(|s| s.syllables).collect();
    assert_eq!(pieces, [8192, 8192, 3616]);
    assert_eq!(segment::MAX_SENTENCE_TOKENS, 8192);
    // The pieces cover the line in order, one token ("xã ", 4 bytes) after
    // another.
    assert_eq!(work.segments[0].norm, 0..8192 * 4 - 1);
    assert_eq!(work.segments[1].norm, 8192 * 4..2 * 8192 * 4 - 1);
    assert_eq!(work.segments[2].norm.end, line.trim_end().len());
    let words: usize = work.segments.iter().map(|s| s.word_offsets.len()).sum();
    assert!(words > 0 && words <= 20_000);
}
