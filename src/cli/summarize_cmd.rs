//! CLI glue of the summarize stage: `train-summarizer` and the `--scorer`
//! choice.

use anyhow::Context;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vnanalyze::summarize::train::{self, Labels, Loss, Pair, SetReport, TrainOptions};
use vnanalyze::summarize::trees::BoostOptions;
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
    /// The sentence's share of a softmax over all sentence pairs' ROUGE-1 +
    /// ROUGE-2 (see --temperature)
    Pairs,
}

/// `--loss`: what the fit maximizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LossArg {
    /// Each sentence alone (binary logistic regression; default)
    Pointwise,
    /// A softmax over each article's sentences (conditional logit)
    Listwise,
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
    /// The last N pairs are held out of training, for the report.
    #[arg(long, value_name = "N", default_value_t = 600)]
    pub holdout: usize,
    /// The last N political pairs (the filter of vietnews-eval) before the
    /// held-out ones are also held out: with --dev, they choose the
    /// selection weights.
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub tune_political: usize,
    /// Weight of a political training pair in the loss (others weigh 1).
    #[arg(long, value_name = "W", default_value_t = 1.0)]
    pub political_weight: f64,
    /// Temperature of `--labels pairs`, in units of ROUGE-1 + ROUGE-2 F1.
    #[arg(long, value_name = "T", default_value_t = 0.05)]
    pub temperature: f64,
    /// Boosted trees fitted on what the linear model leaves (0: linear only).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub trees: usize,
    /// Depth of every tree.
    #[arg(long, value_name = "D", default_value_t = 3)]
    pub depth: usize,
    /// Shrinkage of the trees' leaf values.
    #[arg(long, value_name = "R", default_value_t = 0.1)]
    pub learning_rate: f64,
    /// Leave the linear weights at 0 (the trees carry the whole score).
    #[arg(long)]
    pub no_linear: bool,
    /// Also report K-fold cross-validated ROUGE over the political
    /// training and tuning pairs (to compare settings; 0: none).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub cv: usize,
    /// Read only the first N pairs (a quick run; 0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
    /// How sentences are labelled.
    #[arg(long, value_enum, default_value_t = LabelsArg::Oracle)]
    pub labels: LabelsArg,
    /// What the fit maximizes.
    #[arg(long, value_enum, default_value_t = LossArg::Pointwise)]
    pub loss: LossArg,
    /// How many of the greedy ROUGE oracle's picks are positive labels.
    #[arg(long, value_name = "N", default_value_t = TrainOptions::default().oracle)]
    pub oracle: usize,
    /// L2 penalty on the standardized weights, per training sentence.
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    pub l2: f64,
    /// No pair scorer: the first two sentences are picked one by one.
    #[arg(long)]
    pub no_pair_scorer: bool,
    /// Temperature of the pair scorer's target, in units of twice the
    /// ROUGE-2 F1.
    #[arg(long, value_name = "T", default_value_t = 0.1)]
    pub pair_temperature: f64,
    /// L2 penalty of the pair scorer, per article.
    #[arg(long, value_name = "L", default_value_t = 1e-3)]
    pub pair_l2: f64,
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
    // The last political pairs of the rest: the political tuning set.
    let mut tune = Vec::new();
    let mut rest = Vec::new();
    let political = all.iter().filter(|e| e.political).count();
    let mut skip = political.saturating_sub(args.tune_political.min(political / 2));
    for ex in all {
        if ex.political {
            if skip == 0 {
                tune.push(ex);
                continue;
            }
            skip -= 1;
        }
        rest.push(ex);
    }
    let all = rest;
    let dev = train::examples(&dev);
    let sentences: usize = all.iter().map(|e| e.features.len()).sum();
    writeln!(
        err,
        "features of {sentences} training sentences in {:.1}s",
        start.elapsed().as_secs_f64()
    )?;
    writeln!(
        err,
        "{} training pairs ({} political), {} political tuning pairs",
        all.len(),
        all.iter().filter(|e| e.political).count(),
        tune.len()
    )?;
    let opts = TrainOptions {
        labels: match args.labels {
            LabelsArg::Oracle => Labels::Oracle,
            LabelsArg::Soft => Labels::Soft,
            LabelsArg::Pairs => Labels::Pairs(args.temperature),
        },
        loss: match args.loss {
            LossArg::Listwise => Loss::Listwise,
            LossArg::Pointwise => Loss::Pointwise,
        },
        oracle: args.oracle,
        l2: args.l2,
        linear: !args.no_linear,
        political_weight: args.political_weight,
        boost: BoostOptions {
            trees: args.trees,
            depth: args.depth,
            learning_rate: args.learning_rate,
            ..BoostOptions::default()
        },
        ..TrainOptions::default()
    };
    let all: Vec<&train::Example> = all.iter().collect();
    let tune: Vec<&train::Example> = tune.iter().collect();
    let held: Vec<&train::Example> = held.iter().collect();
    let dev: Vec<&train::Example> = dev.iter().collect();
    if args.cv > 0 {
        let pool: Vec<&train::Example> = all.iter().chain(&tune).copied().collect();
        let r = train::cross_validate(&pool, args.cv, &opts)?;
        writeln!(
            err,
            "cross-validated ({} folds) over {} political pairs: {r}",
            args.cv.max(2),
            pool.iter().filter(|e| e.political).count()
        )?;
    }
    let (mut model, gain) = train::fit(&all, &opts)?;
    let table = train::tune_selection(&mut model, &[&tune, &dev]);
    for (r, l, v) in &table {
        writeln!(err, "redundancy {r:<5} length {l:<5} mean R1+R2+RL {v:.4}")?;
    }
    writeln!(
        err,
        "chosen: redundancy {}, length {}",
        model.redundancy, model.length
    )?;
    if !args.no_pair_scorer {
        // Fitted on the sentence scores with the chosen length weight.
        model.pair = train::fit_pairs(&all, &model, args.pair_temperature, args.pair_l2);
    }
    let mut header = format!(
        "vnanalyze summarizer: logistic regression over standardized features\n\
         logit = bias + sum(weight * (x - mean) / scale), plus the trees' leaf values if any;\n\
         sentences ranked by logit - length * log_len, then picked by MMR with weight redundancy;\n\
         with pair lines, the first two are the pair of the {} best by that rank with the\n\
         largest sum of weight * pair feature (pair temperature {}, l2 {})\n\
         trained by `analyze train-summarizer` on {} pairs ({} sentences), labels {:?} (oracle {}), loss {:?}, l2 {}, political weight {}\n\
         trees {} of depth {}, learning rate {}{}\n\
         redundancy and length chosen on {} held-out political pairs and {} dev pairs ({} sentences each)",
        vnanalyze::summarize::pairs::PAIR_TOP,
        args.pair_temperature,
        args.pair_l2,
        all.len(),
        sentences,
        opts.labels,
        opts.oracle,
        opts.loss,
        opts.l2,
        opts.political_weight,
        opts.boost.trees,
        opts.boost.depth,
        opts.boost.learning_rate,
        if opts.linear {
            ""
        } else {
            ", no linear weights"
        },
        tune.len(),
        dev.len(),
        train::EVAL_SENTENCES
    );
    let mut lines = Vec::new();
    for (name, set) in [
        ("held-out", &held),
        ("held-out political", &tune),
        ("dev", &dev),
    ] {
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
    for i in &order {
        writeln!(err, "  {:<12} {:+.4}", FEATURES[*i], model.weight[*i])?;
    }
    if let Some(w) = &model.pair {
        writeln!(err, "pair scorer weights (raw features):")?;
        for (name, w) in vnanalyze::summarize::pairs::PAIR_FEATURES.iter().zip(w) {
            writeln!(err, "  {name:<12} {w:+.4}")?;
        }
    }
    if !model.trees.is_empty() {
        let total: f64 = gain.iter().sum();
        writeln!(err, "tree importance (share of the summed split gain):")?;
        let mut order: Vec<usize> = (0..FEATURES.len()).collect();
        order.sort_by(|&a, &b| gain[b].total_cmp(&gain[a]));
        for i in order.into_iter().filter(|&i| gain[i] > 0.0) {
            writeln!(
                err,
                "  {:<12} {:.4}",
                FEATURES[i],
                gain[i] / total.max(1e-12)
            )?;
        }
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
        format!("  no pairs   {}", r.sentences_only),
        format!("  heuristic  {}", r.heuristic),
        format!("  lead-2     {}", r.lead2),
        format!("  lexrank    {}", r.lexrank),
        format!("  oracle     {}", r.oracle),
    ]
}
