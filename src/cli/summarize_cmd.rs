//! CLI glue of the summarize stage: `train-summarizer` and the `--scorer`
//! choice.

use anyhow::Context;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vnanalyze::summarize::train::{self, Labels, Loss, Pair, SetReport, TrainOptions};
use vnanalyze::summarize::{FEATURES, Scorer};

/// `--scorer`: which sentence scorer the summary uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScorerArg {
    /// The logistic regression trained on VietNews (default)
    Learned,
    /// The hand-tuned position + LexRank + title score it replaced
    Heuristic,
}

impl From<ScorerArg> for Scorer {
    fn from(s: ScorerArg) -> Scorer {
        match s {
            ScorerArg::Learned => Scorer::Learned,
            ScorerArg::Heuristic => Scorer::Heuristic,
        }
    }
}

/// `--labels`: how training sentences are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LabelsArg {
    /// 1 for the greedy ROUGE oracle's sentences, else 0
    Oracle,
    /// The sentence's own ROUGE-1 + ROUGE-2 relative to the article's best
    Soft,
}

/// `--loss`: what the fit maximizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LossArg {
    /// A softmax over each article's sentences (conditional logit)
    Listwise,
    /// Each sentence alone (binary logistic regression)
    Pointwise,
}

/// Arguments of `analyze train-summarizer`.
#[derive(Debug, clap::Args)]
pub struct TrainSummarizerArgs {
    /// Article/summary pairs, JSON Lines `{"id", "title", "article",
    /// "summary"}` (VietNews form; `-` reads standard input, so a gzipped
    /// file can be piped through `zcat`).
    #[arg(long, value_name = "FILE")]
    pub pairs: PathBuf,
    /// Pairs scored after training and used, with the held-out pairs, to
    /// choose the redundancy and length weights (e.g. vietnews-dev; never
    /// the eval set).
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,
    /// Where to write the model (a small text file of weights).
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// The last N pairs are held out of training, for tuning and the report.
    #[arg(long, value_name = "N", default_value_t = 1200)]
    pub holdout: usize,
    /// Read only the first N pairs (a quick run; 0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
    /// How sentences are labelled.
    #[arg(long, value_enum, default_value_t = LabelsArg::Oracle)]
    pub labels: LabelsArg,
    /// What the fit maximizes.
    #[arg(long, value_enum, default_value_t = LossArg::Listwise)]
    pub loss: LossArg,
    /// How many of the greedy ROUGE oracle's picks are positive labels.
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().oracle)]
    pub oracle: usize,
    /// L2 penalty on the standardized weights, per training sentence.
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f64,
}

fn read(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let name = path.display().to_string();
    if name == "-" {
        return Ok(train::read_pairs(
            std::io::stdin().lock(),
            "standard input",
        )?);
    }
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
    Ok(train::read_pairs(BufReader::new(f), &name)?)
}

/// Trains the summarizer's model and writes it (a report goes to stderr).
pub fn run_train(args: &TrainSummarizerArgs) -> anyhow::Result<()> {
    let start = Instant::now();
    let mut pairs = read(&args.pairs)?;
    if args.limit > 0 {
        pairs.truncate(args.limit);
    }
    let holdout = args.holdout.min(pairs.len() / 2);
    let dev = match &args.dev {
        Some(p) => read(p)?,
        None => Vec::new(),
    };
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "analysing {} pairs ({} held out) and {} dev pairs ...",
        pairs.len(),
        holdout,
        dev.len()
    )?;
    let mut all = train::examples(&pairs);
    let held = all.split_off(all.len() - holdout);
    let dev = train::examples(&dev);
    let sentences: usize = all.iter().map(|e| e.features.len()).sum();
    writeln!(
        err,
        "features of {sentences} training sentences in {:.1}s",
        start.elapsed().as_secs_f64()
    )?;
    let opts = TrainOptions {
        labels: match args.labels {
            LabelsArg::Oracle => Labels::Oracle,
            LabelsArg::Soft => Labels::Soft,
        },
        loss: match args.loss {
            LossArg::Listwise => Loss::Listwise,
            LossArg::Pointwise => Loss::Pointwise,
        },
        oracle: args.oracle,
        l2: args.l2,
        ..TrainOptions::default()
    };
    let mut model = train::fit(&all, &opts)?;
    let table = train::tune_selection(&mut model, &[&held, &dev]);
    for (r, l, v) in &table {
        writeln!(err, "redundancy {r:<5} length {l:<5} mean R1+R2+RL {v:.4}")?;
    }
    writeln!(
        err,
        "chosen: redundancy {}, length {}",
        model.redundancy, model.length
    )?;
    let mut header = format!(
        "vnanalyze summarizer: logistic regression over standardized features\n\
         logit = bias + sum(weight * (x - mean) / scale); sentences ranked by\n\
         logit - length * log_len, then picked by MMR with weight redundancy\n\
         trained by `analyze train-summarizer` on {} pairs ({} sentences), labels {:?} (oracle {}), loss {:?}, l2 {}\n\
         redundancy and length chosen on {} held-out pairs and {} dev pairs ({} sentences each)",
        all.len(),
        sentences,
        opts.labels,
        opts.oracle,
        opts.loss,
        opts.l2,
        held.len(),
        dev.len(),
        train::EVAL_SENTENCES
    );
    let mut lines = Vec::new();
    for (name, set) in [("held-out", &held), ("dev", &dev)] {
        if set.is_empty() {
            continue;
        }
        let r = train::report(&model, set);
        lines.extend(report_lines(name, &r));
    }
    for l in &lines {
        writeln!(err, "{l}")?;
        header.push('\n');
        header.push_str(l);
    }
    let text = model.to_text(&header);
    std::fs::write(&args.output, &text)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    writeln!(err, "weights per standard deviation of each feature:")?;
    let mut order: Vec<usize> = (0..FEATURES.len()).collect();
    order.sort_by(|&a, &b| model.weight[b].abs().total_cmp(&model.weight[a].abs()));
    for i in order {
        writeln!(err, "  {:<12} {:+.4}", FEATURES[i], model.weight[i])?;
    }
    writeln!(
        err,
        "{} bytes -> {} in {:.1}s",
        text.len(),
        args.output.display(),
        start.elapsed().as_secs_f64()
    )?;
    Ok(())
}

fn report_lines(name: &str, r: &SetReport) -> Vec<String> {
    vec![
        format!(
            "{name} ({} pairs), {} sentences:",
            r.pairs,
            train::EVAL_SENTENCES
        ),
        format!("  trained    {}", r.trained),
        format!("  heuristic  {}", r.heuristic),
        format!("  lead-2     {}", r.lead2),
        format!("  lexrank    {}", r.lexrank),
        format!("  oracle     {}", r.oracle),
    ]
}
