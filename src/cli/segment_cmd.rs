//! CLI glue of the segment stage: `train-segmenter`, `seg-score` and
//! `tokenize --format text --lines`.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::PathBuf;
use vnanalyze::segment::{Segmenter, score, train};

/// Arguments of `analyze train-segmenter`.
#[derive(Debug, clap::Args)]
pub struct TrainSegmenterArgs {
    /// CoNLL-U training files (e.g. the UD Vietnamese-VTB train and dev splits).
    #[arg(long, num_args = 1.., required = true, value_name = "FILE")]
    pub conllu: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// Base word list, one word a line, syllables separated by spaces
    /// (default: the shipped pyvi list, MIT).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Do not add the training words to the lexicon.
    #[arg(long)]
    pub no_harvest: bool,
    /// Passes over the training data.
    #[arg(long, default_value_t = train::TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Weight table size as a power of two.
    #[arg(long, default_value_t = train::TrainOptions::default().bits)]
    pub bits: u32,
    /// A CoNLL-U file scored after every epoch (for tuning; never the test split).
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Seed of the sentence shuffle.
    #[arg(long, default_value_t = train::TrainOptions::default().seed)]
    pub seed: u64,
}

/// Trains a segmenter model and writes it (a report goes to stderr).
pub fn run_train(args: &TrainSegmenterArgs) -> anyhow::Result<()> {
    let lexicon = match &args.lexicon {
        Some(p) => Some(
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
        None => None,
    };
    let opts = train::TrainOptions {
        epochs: args.epochs,
        bits: args.bits,
        lexicon,
        harvest: !args.no_harvest,
        dev: args.dev.clone(),
        seed: args.seed,
        ..train::TrainOptions::default()
    };
    let (model, report) = train::train_conllu(&args.conllu, &opts)?;
    let bytes = model.to_bytes();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    let mut err = std::io::stderr().lock();
    for (i, p) in report.dev.iter().enumerate() {
        writeln!(err, "epoch {:>2} dev {p}", i + 1)?;
    }
    writeln!(
        err,
        "trained on {} sentences ({} tokens), {} epochs in {:.1}s: {} non-zero weights, {} lexicon words, {} bytes -> {}",
        report.sentences,
        report.tokens,
        report.epochs,
        report.seconds,
        report.nonzero_weights,
        report.lexicon_words,
        bytes.len(),
        args.output.display()
    )?;
    Ok(())
}

/// Arguments of `analyze seg-score`.
#[derive(Debug, clap::Args)]
pub struct SegScoreArgs {
    /// The predicted segmentation (one sentence a line, syllables joined by "_").
    #[arg(value_name = "PRED")]
    pub pred: PathBuf,
    /// The gold segmentation, in the same format (e.g. a `.seg.txt`).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
}

/// Prints word precision, recall and F1 of a prediction against gold, as
/// `seg_eval.py` does.
pub fn run_score(args: &SegScoreArgs) -> anyhow::Result<()> {
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let (pred, gold) = (read(&args.pred)?, read(&args.gold)?);
    let prf = score(&pred, &gold);
    if prf.gold_lines != prf.pred_lines {
        bail!(
            "line counts differ: gold {}, pred {}",
            prf.gold_lines,
            prf.pred_lines
        );
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{prf}")
        .and_then(|()| out.flush())
        .context("cannot write output")?;
    Ok(())
}

/// `tokenize --format text --lines`: each input line is one sentence and
/// gives one output line, words separated by spaces, syllables joined by
/// "_"; blank lines stay blank.
pub fn run_text_lines(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let seg = Segmenter::embedded();
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    for line in input.lines() {
        writeln!(out, "{}", seg.segment_line(line))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_keep_one_line_per_input_line() {
        let mut out = Vec::new();
        run_text_lines(
            "Các cán bộ tham dự.\n\nTP.HCM tăng 6,61%. Sau đó các đảng viên\n",
            &mut out,
        )
        .expect("write");
        let out = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            out,
            "Các cán_bộ tham_dự .\n\nTP.HCM tăng 6,61% . Sau đó các đảng_viên\n"
        );
    }
}
