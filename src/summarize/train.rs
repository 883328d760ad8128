//! Training the learned scorer ([`super::model`]) from article/summary
//! pairs, as `analyze train-summarizer` does.
//!
//! Each pair's article is laid out as a reader would have it (title, blank
//! line, body paragraphs, the word-segmentation underscores and the spaces
//! before punctuation undone, as `../shared/tools/vietnews_to_raw.py`
//! does), analysed by the pipeline up to extraction, and its body
//! sentences get the features the summarizer computes. Labels come from
//! ROUGE against the reference summary: a sentence is positive when the
//! greedy oracle (the sentences that most raise ROUGE-1 + ROUGE-2 F1, at
//! most [`ORACLE_SENTENCES`]) picks it (`oracle`), or its own ROUGE relative
//! to the article's best sentence (`soft`). The model is an L2-regularised
//! logistic regression fitted by Newton's method on standardized features:
//! exact, deterministic, a few seconds for 200,000 sentences.
//! The MMR redundancy weight is then chosen on held-out pairs.

use super::features::{Candidates, N_FEATURES};
use super::model::{Model, sigmoid};
use super::pairs;
use super::rank::{Params, mmr};
use super::trees;
use super::words::Words;
use crate::chars::CharExt;
use crate::{Options, Stage};
use rayon::prelude::*;
use regex::Regex;
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The most sentences the greedy oracle picks for a label.
pub const ORACLE_SENTENCES: usize = 3;
/// Summary length (sentences) when tuning and reporting.
pub const EVAL_SENTENCES: usize = 2;
/// The length penalties tried (log-odds per unit of `ln(1 + syllables)`).
pub const LENGTH_GRID: [f64; 9] = [0.0, 0.125, 0.25, 0.375, 0.5, 0.75, 1.0, 1.5, 2.0];
/// The redundancy weights tried.
pub const REDUNDANCY_GRID: [f64; 17] = [
    0.0, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 16.0, 24.0,
];

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A line of the pairs file is not a pair.
    #[error("{source_name}, line {line}: {message}")]
    BadPair {
        /// The file.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading failed.
    #[error("cannot read {source_name}: {error}")]
    Read {
        /// The file.
        source_name: String,
        /// The cause.
        error: std::io::Error,
    },
    /// Nothing to train on.
    #[error("no training sentence (need pairs with body sentences)")]
    Empty,
}

/// One article/summary pair (a VietNews JSON line).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Pair {
    /// The record's id.
    #[serde(default)]
    pub id: String,
    /// The title (may be empty).
    #[serde(default)]
    pub title: String,
    /// The body, one sentence or paragraph a line, possibly word-segmented
    /// with `_`.
    pub article: String,
    /// The reference summary.
    pub summary: String,
}

/// Reads JSON Lines pairs; `name` names the source in errors.
pub fn read_pairs(reader: impl BufRead, name: &str) -> Result<Vec<Pair>, TrainError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|error| TrainError::Read {
            source_name: name.to_string(),
            error,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let pair: Pair = serde_json::from_str(&line).map_err(|e| TrainError::BadPair {
            source_name: name.to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(pair);
    }
    Ok(out)
}

/// Undoes the segmenter's marks of one line as `vietnews_to_raw.py` does:
/// `_` between syllables, spaces before closing punctuation and inside
/// brackets and quotes, spaces around `/`.
pub fn detokenize(s: &str) -> String {
    static RES: OnceLock<Option<[Regex; 5]>> = OnceLock::new();
    let Some(res) = RES.get_or_init(|| {
        Some([
            Regex::new(r"\s+([,.;:!?%)\]}…])").ok()?,
            Regex::new(r"([(\[{])\s+").ok()?,
            Regex::new(r#""\s+(.*?)\s+""#).ok()?,
            Regex::new(r"\s+/\s+").ok()?,
            Regex::new(r"[ \t]+").ok()?,
        ])
    }) else {
        return s.replace('_', " ");
    };
    let s = s.replace('_', " ");
    let s = res[0].replace_all(&s, "$1");
    let s = res[1].replace_all(&s, "$1");
    let s = res[2].replace_all(&s, "\"$1\"");
    let s = res[3].replace_all(&s, "/");
    res[4].replace_all(&s, " ").trim().to_string()
}

/// The article of a pair as plain text: title, blank line, body lines.
pub fn raw_text(pair: &Pair) -> String {
    let body: Vec<String> = pair
        .article
        .split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(detokenize)
        .collect();
    format!("{}\n\n{}\n", detokenize(&pair.title), body.join("\n"))
}

/// ROUGE tokens as `rouge_eval.py` counts them: NFC, `_` as a space, lower
/// case, runs of word characters.
pub fn rouge_tokens(s: &str) -> Vec<String> {
    let s: String = s.nfc().collect::<String>().replace('_', " ").to_lowercase();
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alnum() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// ROUGE-1, ROUGE-2 and ROUGE-L F1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    /// Unigram F1.
    pub r1: f64,
    /// Bigram F1.
    pub r2: f64,
    /// Longest-common-subsequence F1.
    pub rl: f64,
}

impl Rouge {
    fn add(&mut self, o: Rouge) {
        self.r1 += o.r1;
        self.r2 += o.r2;
        self.rl += o.rl;
    }

    fn div(self, n: usize) -> Rouge {
        let n = n.max(1) as f64;
        Rouge {
            r1: self.r1 / n,
            r2: self.r2 / n,
            rl: self.rl / n,
        }
    }

    /// R1 + R2 + RL: the tuning objective.
    pub fn sum(&self) -> f64 {
        self.r1 + self.r2 + self.rl
    }
}

impl std::fmt::Display for Rouge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "R1={:.4} R2={:.4} RL={:.4}", self.r1, self.r2, self.rl)
    }
}

fn f1(overlap: usize, r: usize, p: usize) -> f64 {
    if overlap == 0 || r == 0 || p == 0 {
        return 0.0;
    }
    let rec = overlap as f64 / r as f64;
    let prec = overlap as f64 / p as f64;
    2.0 * rec * prec / (rec + prec)
}

fn grams(t: &[u32], n: usize) -> HashMap<&[u32], usize> {
    let mut m = HashMap::new();
    if n > 0 && t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

fn ngram_f1(r: &[u32], p: &[u32], n: usize) -> f64 {
    let (rg, pg) = (grams(r, n), grams(p, n));
    let overlap: usize = rg
        .iter()
        .map(|(k, c)| (*c).min(pg.get(k).copied().unwrap_or(0)))
        .sum();
    f1(
        overlap,
        r.len().saturating_sub(n - 1),
        p.len().saturating_sub(n - 1),
    )
}

fn lcs(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE F1 of a prediction against a reference, tokens as ids.
pub fn rouge(reference: &[u32], pred: &[u32]) -> Rouge {
    Rouge {
        r1: ngram_f1(reference, pred, 1),
        r2: ngram_f1(reference, pred, 2),
        rl: f1(lcs(reference, pred), reference.len(), pred.len()),
    }
}

/// How sentences are labelled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Labels {
    /// 1 for the greedy oracle's sentences, else 0.
    Oracle,
    /// The sentence's own ROUGE-1 + ROUGE-2 relative to the article's best.
    Soft,
    /// The chance that the sentence is in a pair drawn with probability
    /// `softmax((R1 + R2 of the pair) / temperature)` over every pair of
    /// eligible sentences: near 0 the best pair, higher a spread over
    /// the good ones.
    Pairs(f64),
}

/// The "core" political keywords of the vietnews-eval filter (see its
/// SOURCE.md), as segmented tokens; `Tỉnh_uỷ`/`Tỉnh_ủy` and
/// `Thành_uỷ`/`Thành_ủy` are one keyword each.
const CORE: [&[&str]; 12] = [
    &["Đảng"],
    &["Quốc_hội"],
    &["Nghị_quyết"],
    &["Bộ_Chính_trị"],
    &["Ban_Chấp_hành"],
    &["Trung_ương"],
    &["Đại_hội"],
    &["Thủ_tướng"],
    &["Chính_phủ"],
    &["Ban_Bí_thư"],
    &["Tỉnh_uỷ", "Tỉnh_ủy"],
    &["Thành_uỷ", "Thành_ủy"],
];
/// The wider list of that filter, beyond [`CORE`].
const WIDE: [&str; 12] = [
    "Chủ_tịch",
    "Bí_thư",
    "UBND",
    "HĐND",
    "đại_biểu",
    "Nghị_định",
    "Bộ_trưởng",
    "cử_tri",
    "Quyết_định",
    "Chỉ_thị",
    "Mặt_trận",
    "nhiệm_kỳ",
];

/// Whether a pair passes the political filter the evaluation pairs passed:
/// at least 2 distinct core keywords and 4 distinct keywords of the wider
/// list, as whole segmented tokens of title, summary and body.
pub fn is_political(pair: &Pair) -> bool {
    let text: String = format!("{} {} {}", pair.title, pair.summary, pair.article)
        .nfc()
        .collect();
    let toks: std::collections::HashSet<&str> = text.split_whitespace().collect();
    let core = CORE
        .iter()
        .filter(|alts| alts.iter().any(|k| toks.contains(k)))
        .count();
    let wide = WIDE.iter().filter(|k| toks.contains(*k)).count();
    core >= 2 && core + wide >= 4
}

/// One analysed pair: what training and evaluation read.
pub struct Example {
    /// The candidates' features.
    pub features: Vec<[f64; N_FEATURES]>,
    /// Whether each candidate may be picked.
    pub eligible: Vec<bool>,
    /// The candidates' ROUGE tokens (ids local to the pair).
    pub tokens: Vec<Vec<u32>>,
    /// The reference's ROUGE tokens.
    pub reference: Vec<u32>,
    /// The candidates' inputs to today's hand-tuned score.
    heuristic: Vec<f64>,
    /// The candidates' TF-IDF vectors, for MMR.
    cands: Candidates,
    /// The greedy oracle's picks, in the order it made them.
    pub oracle: Vec<usize>,
    /// R1 + R2 F1 and R2 F1 of every pair `(i, j)`, `i < j`, of eligible
    /// sentences.
    pairs: Vec<(u32, u32, f64, f64)>,
    /// Whether the pair passes the political filter ([`is_political`]).
    pub political: bool,
}

/// Analyses one pair into an [`Example`].
pub fn example(pair: &Pair) -> Example {
    let text = raw_text(pair);
    let opts = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
    let analysis = crate::Analyzer::shared().analyze_str_full(&text, &opts);
    let (doc, work) = (&analysis.record, &analysis.work);
    let words = Words::new(work);
    let cands = Candidates::new(work, doc, &words);
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |toks: Vec<String>| -> Vec<u32> {
        toks.into_iter()
            .map(|t| {
                let n = ids.len() as u32;
                *ids.entry(t).or_insert(n)
            })
            .collect()
    };
    let reference = intern(rouge_tokens(&pair.summary));
    let tokens: Vec<Vec<u32>> = cands
        .cands
        .iter()
        .map(|c| {
            let s = work
                .segments
                .get(c.seg)
                .and_then(|s| work.text.norm().get(s.norm.clone()))
                .unwrap_or("");
            intern(rouge_tokens(s))
        })
        .collect();
    let params = Params::get();
    let heuristic = cands
        .cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            params.score(
                c.index,
                cands.centrality.get(i).copied().unwrap_or(0.0),
                cands.title.get(i).copied().unwrap_or(0.0),
                c.facts,
                c.syllables,
            )
        })
        .collect();
    let eligible: Vec<bool> = cands.cands.iter().map(|c| c.eligible).collect();
    let oracle = greedy_oracle(&reference, &tokens, &eligible, ORACLE_SENTENCES);
    let mut pairs = Vec::new();
    let ok: Vec<usize> = (0..tokens.len())
        .filter(|&i| eligible.get(i).copied().unwrap_or(false))
        .collect();
    for (a, &i) in ok.iter().enumerate() {
        for &j in &ok[a + 1..] {
            let pred: Vec<u32> = tokens[i].iter().chain(&tokens[j]).copied().collect();
            pairs.push((
                i as u32,
                j as u32,
                rouge_12(&reference, &pred),
                ngram_f1(&reference, &pred, 2),
            ));
        }
    }
    Example {
        features: cands.features().collect(),
        eligible,
        tokens,
        reference,
        heuristic,
        cands,
        oracle,
        pairs,
        political: is_political(pair),
    }
}

/// The greedy oracle: up to `k` sentences, each the one that most raises
/// ROUGE-1 + ROUGE-2 F1 of the picks (in article order), while one does;
/// in the order picked.
pub fn greedy_oracle(
    reference: &[u32],
    tokens: &[Vec<u32>],
    eligible: &[bool],
    k: usize,
) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let mut best = 0.0;
    while picked.len() < k {
        let mut step: Option<(usize, f64)> = None;
        for i in 0..tokens.len() {
            if picked.contains(&i) || !eligible.get(i).copied().unwrap_or(false) {
                continue;
            }
            let mut set = picked.clone();
            set.push(i);
            set.sort_unstable();
            let pred: Vec<u32> = set
                .iter()
                .flat_map(|&j| tokens[j].iter().copied())
                .collect();
            let r = rouge_12(reference, &pred);
            if step.is_none_or(|(_, b)| r > b) {
                step = Some((i, r));
            }
        }
        match step {
            Some((i, r)) if r > best => {
                best = r;
                picked.push(i);
            }
            _ => break,
        }
    }
    picked
}

fn rouge_12(reference: &[u32], pred: &[u32]) -> f64 {
    ngram_f1(reference, pred, 1) + ngram_f1(reference, pred, 2)
}

impl Example {
    /// The labels of the candidates.
    /// `oracle`: how many of the greedy oracle's first picks are positive.
    pub fn labels(&self, kind: Labels, oracle: usize) -> Vec<f64> {
        let chosen = self
            .oracle
            .get(..oracle.min(self.oracle.len()))
            .unwrap_or(&[]);
        match kind {
            Labels::Oracle => (0..self.tokens.len())
                .map(|i| f64::from(u8::from(chosen.contains(&i))))
                .collect(),
            Labels::Soft => {
                let r: Vec<f64> = self
                    .tokens
                    .iter()
                    .map(|t| rouge_12(&self.reference, t))
                    .collect();
                let max = r.iter().copied().fold(0.0f64, f64::max);
                r.into_iter()
                    .map(|x| if max > 0.0 { x / max } else { 0.0 })
                    .collect()
            }
            Labels::Pairs(t) => {
                let mut y = vec![0.0; self.tokens.len()];
                let t = t.max(1e-6);
                let max = self.pairs.iter().map(|p| p.2).fold(f64::MIN, f64::max);
                if max <= 0.0 {
                    return y;
                }
                let mut total = 0.0;
                for &(i, j, v, _) in &self.pairs {
                    let e = ((v - max) / t).exp();
                    total += e;
                    y[i as usize] += e;
                    y[j as usize] += e;
                }
                if total > 0.0 {
                    for v in y.iter_mut() {
                        *v /= total;
                    }
                }
                y
            }
        }
    }

    /// ROUGE of the best pair by R1 + R2 (the evaluation's oracle).
    pub fn best_pair(&self) -> Rouge {
        let best = self
            .pairs
            .iter()
            .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)).then(b.1.cmp(&a.1)));
        match best {
            Some(&(i, j, _, _)) => self.rouge_of_picks(vec![i as usize, j as usize]),
            None => self.rouge_of_picks(self.oracle.iter().copied().take(2).collect()),
        }
    }

    /// ROUGE of the `k` sentences MMR picks with `scores`.
    fn rouge_of(&self, scores: &[f64], k: usize, redundancy: f64) -> Rouge {
        let picked = mmr(
            scores,
            k,
            redundancy,
            |i| self.eligible.get(i).copied().unwrap_or(false),
            |i, j| self.cands.vectors.sim(i, j),
        );
        self.rouge_of_picks(picked)
    }

    fn rouge_of_picks(&self, mut picked: Vec<usize>) -> Rouge {
        picked.sort_unstable();
        let pred: Vec<u32> = picked
            .iter()
            .filter_map(|&i| self.tokens.get(i))
            .flatten()
            .copied()
            .collect();
        rouge(&self.reference, &pred)
    }
}

/// What the fit maximizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// Each sentence on its own: binary logistic regression.
    Pointwise,
    /// Within each article: a softmax over its sentences (conditional
    /// logit), the labels as the weights of the chosen ones; each article
    /// weighs the same. The bias is then 0: only differences count.
    Listwise,
}

/// Settings of training.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// How sentences are labelled.
    pub labels: Labels,
    /// What the fit maximizes.
    pub loss: Loss,
    /// How many of the greedy oracle's picks are positive (at most
    /// [`ORACLE_SENTENCES`]).
    pub oracle: usize,
    /// L2 penalty on the standardized weights (per training sentence).
    pub l2: f64,
    /// Newton iterations at most.
    pub iterations: usize,
    /// Whether to fit the linear weights (else they stay 0 and the trees
    /// carry the whole score).
    pub linear: bool,
    /// Weight of a political pair ([`is_political`]) in the loss; other
    /// pairs weigh 1.
    pub political_weight: f64,
    /// The boosted trees (none with `trees: 0`).
    pub boost: trees::BoostOptions,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            labels: Labels::Oracle,
            loss: Loss::Pointwise,
            oracle: 2,
            l2: 1e-4,
            iterations: 25,
            linear: true,
            political_weight: 1.0,
            boost: trees::BoostOptions::default(),
        }
    }
}

/// ROUGE of each system on one set of pairs.
#[derive(Debug, Clone, Default)]
pub struct SetReport {
    /// Pairs scored.
    pub pairs: usize,
    /// The trained model with the chosen redundancy.
    pub trained: Rouge,
    /// The trained sentence scorer without its pair scorer (MMR picks
    /// every sentence); the same as `trained` for a model without one.
    pub sentences_only: Rouge,
    /// Today's hand-tuned scorer (position, LexRank, title, facts).
    pub heuristic: Rouge,
    /// The first two eligible body sentences.
    pub lead2: Rouge,
    /// LexRank centrality alone.
    pub lexrank: Rouge,
    /// The best pair of sentences by R1 + R2.
    pub oracle: Rouge,
}

/// Fits the logistic regression on `train`, then (with `opts.boost.trees`)
/// the boosted trees on what it leaves; returns the model (its redundancy
/// and length 0; see [`tune_selection`]) and the trees' summed split gain
/// per feature.
// Matrix code reads best with indices.
#[allow(clippy::needless_range_loop)]
pub fn fit(
    train: &[&Example],
    opts: &TrainOptions,
) -> Result<(Model, [f64; N_FEATURES]), TrainError> {
    // Rows grouped by article: (features, label), and the article's weight.
    let mut docs: Vec<Vec<(&[f64; N_FEATURES], f64)>> = Vec::new();
    let mut doc_weight: Vec<f64> = Vec::new();
    for ex in train {
        let y = ex.labels(opts.labels, opts.oracle);
        let rows: Vec<(&[f64; N_FEATURES], f64)> = ex
            .features
            .iter()
            .enumerate()
            .filter(|(i, _)| ex.eligible.get(*i).copied().unwrap_or(false))
            .map(|(i, x)| (x, y.get(i).copied().unwrap_or(0.0)))
            .collect();
        if !rows.is_empty() {
            docs.push(rows);
            doc_weight.push(if ex.political {
                opts.political_weight
            } else {
                1.0
            });
        }
    }
    let n: f64 = docs.iter().map(|d| d.len() as f64).sum();
    if n == 0.0 {
        return Err(TrainError::Empty);
    }
    let mut mean = [0.0; N_FEATURES];
    for (x, _) in docs.iter().flatten() {
        for f in 0..N_FEATURES {
            mean[f] += x[f] / n;
        }
    }
    let mut scale = [0.0; N_FEATURES];
    for (x, _) in docs.iter().flatten() {
        for f in 0..N_FEATURES {
            scale[f] += (x[f] - mean[f]).powi(2) / n;
        }
    }
    for s in scale.iter_mut() {
        *s = if *s > 1e-12 { s.sqrt() } else { 1.0 };
    }
    // Parameters: bias then one weight per feature.
    const D: usize = N_FEATURES + 1;
    let standardize = |x: &[f64; N_FEATURES]| -> [f64; D] {
        let mut z = [0.0f64; D];
        z[0] = 1.0;
        for f in 0..N_FEATURES {
            z[f + 1] = (x[f] - mean[f]) / scale[f];
        }
        z
    };
    let dot = |a: &[f64; D], b: &[f64; D]| -> f64 { a.iter().zip(b).map(|(x, y)| x * y).sum() };
    let mut w = [0.0f64; D];
    let iterations = if opts.linear { opts.iterations } else { 0 };
    for _ in 0..iterations {
        let mut grad = [0.0f64; D];
        let mut hess = vec![[0.0f64; D]; D];
        let add_outer = |hess: &mut Vec<[f64; D]>, h: f64, z: &[f64; D]| {
            for a in 0..D {
                let hz = h * z[a];
                for b in a..D {
                    hess[a][b] += hz * z[b];
                }
            }
        };
        let mut events = 0.0;
        for (doc, &dw) in docs.iter().zip(&doc_weight) {
            match opts.loss {
                Loss::Pointwise => {
                    for (x, y) in doc {
                        let z = standardize(x);
                        let p = sigmoid(dot(&z, &w));
                        for a in 0..D {
                            grad[a] += dw * (p - y) * z[a];
                        }
                        add_outer(&mut hess, dw * (p * (1.0 - p)).max(1e-9), &z);
                    }
                    events += dw * doc.len() as f64;
                }
                Loss::Listwise => {
                    let total: f64 = doc.iter().map(|(_, y)| y).sum();
                    if total <= 0.0 {
                        continue;
                    }
                    let zs: Vec<[f64; D]> = doc.iter().map(|(x, _)| standardize(x)).collect();
                    let logits: Vec<f64> = zs.iter().map(|z| dot(z, &w)).collect();
                    let max = logits.iter().copied().fold(f64::MIN, f64::max);
                    let e: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
                    let sum: f64 = e.iter().sum();
                    let mut mu = [0.0f64; D];
                    for (z, ei) in zs.iter().zip(&e) {
                        let p = ei / sum;
                        for a in 0..D {
                            mu[a] += p * z[a];
                        }
                        add_outer(&mut hess, dw * p, z);
                    }
                    // Each article weighs 1: its labels sum to 1.
                    for ((z, (_, y)), _) in zs.iter().zip(doc).zip(&e) {
                        let yy = dw * y / total;
                        for a in 0..D {
                            grad[a] -= yy * z[a];
                        }
                    }
                    for a in 0..D {
                        grad[a] += dw * mu[a];
                    }
                    add_outer(&mut hess, -dw, &mu);
                    events += dw;
                }
            }
        }
        for a in 0..D {
            for b in 0..a {
                hess[a][b] = hess[b][a];
            }
        }
        let lambda = opts.l2 * events;
        for a in 1..D {
            grad[a] += lambda * w[a];
            hess[a][a] += lambda;
        }
        if opts.loss == Loss::Listwise {
            // The bias cancels in a softmax: keep it at 0.
            grad[0] = 0.0;
            hess[0] = [0.0; D];
            for row in hess.iter_mut() {
                row[0] = 0.0;
            }
            hess[0][0] = 1.0;
        }
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0.0f64;
        for a in 0..D {
            w[a] -= step[a];
            moved = moved.max(step[a].abs());
        }
        if moved < 1e-8 {
            break;
        }
    }
    let mut weight = [0.0; N_FEATURES];
    weight.copy_from_slice(&w[1..]);
    let mut model = Model {
        bias: w[0],
        mean,
        scale,
        weight,
        redundancy: 0.0,
        length: 0.0,
        trees: Vec::new(),
        pair: None,
    };
    let mut gain = [0.0; N_FEATURES];
    if opts.boost.trees > 0 {
        // Trees fit what the linear scores leave, on the softmax loss.
        let groups: Vec<trees::Group> = docs
            .iter()
            .zip(&doc_weight)
            .map(|(doc, &dw)| trees::Group {
                rows: doc.iter().map(|(x, _)| *x).collect(),
                target: doc.iter().map(|(_, y)| *y).collect(),
                weight: dw,
                base: doc.iter().map(|(x, _)| model.logit(x)).collect(),
            })
            .collect();
        let b = trees::boost(&groups, &opts.boost);
        model.trees = b.trees;
        gain = b.gain;
    }
    Ok((model, gain))
}

/// Fits the pair scorer ([`pairs`]) over the pairs of each article's
/// [`pairs::PAIR_TOP`] best sentences by `model`'s own scores: a softmax
/// over the pairs (conditional logit) towards a target that gives each
/// pair `exp((v - best) / temperature)`, `v` twice its ROUGE-2 F1 against
/// the reference (the measure the summary is judged by; the best pair
/// alone as the temperature goes to 0). Features standardized, L2 `l2`
/// per article, Newton's method; returns the weights on the raw features
/// (a softmax ignores the offsets), or `None` when no article has two
/// candidates or the system is singular.
#[allow(clippy::needless_range_loop)]
pub fn fit_pairs(
    train: &[&Example],
    model: &Model,
    temperature: f64,
    l2: f64,
) -> Option<[f64; pairs::N_PAIR]> {
    const P: usize = pairs::N_PAIR;
    let t = temperature.max(1e-6);
    // Per article: the pairs' features and target weights (summing to 1).
    let mut docs: Vec<Vec<([f64; P], f64)>> = Vec::new();
    for ex in train {
        let scores: Vec<f64> = ex.features.iter().map(|x| model.select_score(x)).collect();
        let top = pairs::top(&scores, |i| ex.eligible.get(i).copied().unwrap_or(false));
        let value: HashMap<(usize, usize), f64> = ex
            .pairs
            .iter()
            .map(|&(i, j, _, r2)| ((i as usize, j as usize), 2.0 * r2))
            .collect();
        let rows: Vec<([f64; P], f64)> = pairs::pairs_of(&top)
            .map(|(i, j)| {
                let v = value.get(&(i.min(j), i.max(j))).copied().unwrap_or(0.0);
                (pairs::pair_features(&ex.cands, &scores, i, j), v)
            })
            .collect();
        let best = rows.iter().map(|r| r.1).fold(f64::MIN, f64::max);
        if rows.len() < 2 || best <= 0.0 {
            continue;
        }
        let e: Vec<f64> = rows.iter().map(|r| ((r.1 - best) / t).exp()).collect();
        let sum: f64 = e.iter().sum();
        docs.push(rows.iter().zip(&e).map(|(r, e)| (r.0, e / sum)).collect());
    }
    let n: f64 = docs.iter().map(|d| d.len() as f64).sum();
    if n == 0.0 {
        return None;
    }
    let mut mean = [0.0; P];
    let mut scale = [0.0; P];
    for (x, _) in docs.iter().flatten() {
        for f in 0..P {
            mean[f] += x[f] / n;
        }
    }
    for (x, _) in docs.iter().flatten() {
        for f in 0..P {
            scale[f] += (x[f] - mean[f]).powi(2) / n;
        }
    }
    let scale = scale.map(|s| if s > 1e-12 { s.sqrt() } else { 1.0 });
    let standardize =
        |x: &[f64; P]| -> [f64; P] { std::array::from_fn(|f| (x[f] - mean[f]) / scale[f]) };
    let mut w = [0.0f64; P];
    for _ in 0..30 {
        let mut grad = [0.0f64; P];
        let mut hess = vec![[0.0f64; P]; P];
        for doc in &docs {
            let zs: Vec<[f64; P]> = doc.iter().map(|(x, _)| standardize(x)).collect();
            let logits: Vec<f64> = zs
                .iter()
                .map(|z| z.iter().zip(&w).map(|(a, b)| a * b).sum())
                .collect();
            let max = logits.iter().copied().fold(f64::MIN, f64::max);
            let e: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
            let sum: f64 = e.iter().sum();
            let mut mu = [0.0f64; P];
            for ((z, ei), (_, q)) in zs.iter().zip(&e).zip(doc) {
                let p = ei / sum;
                for a in 0..P {
                    mu[a] += p * z[a];
                    grad[a] -= q * z[a];
                    for b in 0..P {
                        hess[a][b] += p * z[a] * z[b];
                    }
                }
            }
            for a in 0..P {
                grad[a] += mu[a];
                for b in 0..P {
                    hess[a][b] -= mu[a] * mu[b];
                }
            }
        }
        let lambda = l2 * docs.len() as f64;
        for a in 0..P {
            grad[a] += lambda * w[a];
            hess[a][a] += lambda;
        }
        let step = solve(hess, grad)?;
        let mut moved = 0.0f64;
        for a in 0..P {
            w[a] -= step[a];
            moved = moved.max(step[a].abs());
        }
        if moved < 1e-9 {
            break;
        }
    }
    Some(std::array::from_fn(|f| w[f] / scale[f]))
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
#[allow(clippy::needless_range_loop)]
fn solve<const D: usize>(mut a: Vec<[f64; D]>, mut b: [f64; D]) -> Option<[f64; D]> {
    for col in 0..D {
        let piv = (col..D).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for r in col + 1..D {
            let f = a[r][col] / a[col][col];
            for c in col..D {
                a[r][c] -= f * a[col][c];
            }
            b[r] -= f * b[col];
        }
    }
    let mut x = [0.0; D];
    for r in (0..D).rev() {
        let mut s = b[r];
        for c in r + 1..D {
            s -= a[r][c] * x[c];
        }
        x[r] = s / a[r][r];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// Mean ROUGE of the model (its `length`, the given `redundancy`) over `set`.
pub fn evaluate(model: &Model, set: &[&Example], redundancy: f64) -> Rouge {
    let mut total = Rouge::default();
    for ex in set {
        let scores: Vec<f64> = ex.features.iter().map(|x| model.select_score(x)).collect();
        let scores = match &model.pair {
            Some(w) => pairs::lift_best_pair(&ex.cands, &scores, w, |i| {
                ex.eligible.get(i).copied().unwrap_or(false)
            }),
            None => scores,
        };
        total.add(ex.rouge_of(&scores, EVAL_SENTENCES, redundancy));
    }
    total.div(set.len())
}

/// Sets the model's redundancy and length weights to the pair of
/// [`REDUNDANCY_GRID`] × [`LENGTH_GRID`] with the best mean R1 + R2 + RL
/// over all the tuning pairs (each pair weighs the same, whichever set it
/// comes from); returns `(redundancy, length, objective)` for every pair
/// of values tried.
pub fn tune_selection(model: &mut Model, sets: &[&[&Example]]) -> Vec<(f64, f64, f64)> {
    let mut table = Vec::new();
    let mut best = (0.0, 0.0, f64::MIN);
    let pairs: usize = sets.iter().map(|s| s.len()).sum();
    for &length in &LENGTH_GRID {
        model.length = length;
        for &r in &REDUNDANCY_GRID {
            let v: f64 = sets
                .iter()
                .map(|s| evaluate(model, s, r).sum() * s.len() as f64)
                .sum::<f64>()
                / pairs.max(1) as f64;
            table.push((r, length, v));
            if v > best.2 + 1e-12 {
                best = (r, length, v);
            }
        }
    }
    model.redundancy = best.0;
    model.length = best.1;
    table
}

/// ROUGE of the trained model and the baselines on `set`.
pub fn report(model: &Model, set: &[&Example]) -> SetReport {
    let mut r = SetReport {
        pairs: set.len(),
        trained: evaluate(model, set, model.redundancy),
        sentences_only: evaluate(
            &Model {
                pair: None,
                ..model.clone()
            },
            set,
            model.redundancy,
        ),
        ..SetReport::default()
    };
    let params = Params::get();
    for ex in set {
        r.heuristic
            .add(ex.rouge_of(&ex.heuristic, EVAL_SENTENCES, params.redundancy));
        let lead: Vec<usize> = (0..ex.tokens.len())
            .filter(|&i| ex.eligible.get(i).copied().unwrap_or(false))
            .take(EVAL_SENTENCES)
            .collect();
        r.lead2.add(ex.rouge_of_picks(lead));
        r.lexrank
            .add(ex.rouge_of(&ex.cands.centrality, EVAL_SENTENCES, 0.0));
        r.oracle.add(ex.best_pair());
    }
    let n = set.len();
    r.heuristic = r.heuristic.div(n);
    r.lead2 = r.lead2.div(n);
    r.lexrank = r.lexrank.div(n);
    r.oracle = r.oracle.div(n);
    r
}

/// Cross-validation over the political pairs of `train`: they are cut
/// into `k` folds (every k-th pair); for each fold the model is fitted on
/// every other pair, its selection weights tuned on the fold, and the
/// fold's ROUGE kept. Returns the mean ROUGE over all political pairs (a
/// little optimistic, since each fold also tunes its own selection, but
/// alike for every setting compared).
pub fn cross_validate(
    train: &[&Example],
    k: usize,
    opts: &TrainOptions,
) -> Result<Rouge, TrainError> {
    let k = k.max(2);
    let mut total = Rouge::default();
    let mut count = 0;
    let mut nth = vec![usize::MAX; train.len()];
    let mut p = 0;
    for (i, ex) in train.iter().enumerate() {
        if ex.political {
            nth[i] = p % k;
            p += 1;
        }
    }
    for fold in 0..k {
        let fit_on: Vec<&Example> = train
            .iter()
            .zip(&nth)
            .filter(|(_, f)| **f != fold)
            .map(|(e, _)| *e)
            .collect();
        let held: Vec<&Example> = train
            .iter()
            .zip(&nth)
            .filter(|(_, f)| **f == fold)
            .map(|(e, _)| *e)
            .collect();
        let (mut model, _) = fit(&fit_on, opts)?;
        tune_selection(&mut model, &[&held]);
        let r = evaluate(&model, &held, model.redundancy);
        total.add(Rouge {
            r1: r.r1 * held.len() as f64,
            r2: r.r2 * held.len() as f64,
            rl: r.rl * held.len() as f64,
        });
        count += held.len();
    }
    Ok(total.div(count))
}

/// Analyses pairs into examples on all threads, in order.
pub fn examples(pairs: &[Pair]) -> Vec<Example> {
    pairs.par_iter().map(example).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, map: &mut HashMap<String, u32>) -> Vec<u32> {
        rouge_tokens(text)
            .into_iter()
            .map(|t| {
                let n = map.len() as u32;
                *map.entry(t).or_insert(n)
            })
            .collect()
    }

    #[test]
    fn detokenize_undoes_the_segmentation_marks() {
        assert_eq!(
            detokenize(
                "Ngày 25/2 , TAND TP. Đà_Nẵng ( quận 4 ) xử \" vụ_án \" số 12 / QĐ - UBND ."
            ),
            "Ngày 25/2, TAND TP. Đà Nẵng (quận 4) xử \"vụ án\" số 12/QĐ - UBND."
        );
        assert_eq!(detokenize("  tăng 5 %  "), "tăng 5%");
    }

    #[test]
    fn rouge_tokens_are_lower_case_syllables() {
        assert_eq!(
            rouge_tokens("Tỉnh_uỷ Yên Bái, ngày 21/2."),
            ["tỉnh", "uỷ", "yên", "bái", "ngày", "21", "2"]
        );
        // NFD input gives the NFC tokens.
        assert_eq!(rouge_tokens("Bái"), rouge_tokens("Ba\u{301}i"));
    }

    #[test]
    fn rouge_matches_rouge_eval() {
        let mut m = HashMap::new();
        let r = ids("a b c d", &mut m);
        let p = ids("a b x d", &mut m);
        let s = rouge(&r, &p);
        // 3 of 4 unigrams; 1 of 3 bigrams; LCS 3.
        assert!((s.r1 - 0.75).abs() < 1e-12);
        assert!((s.r2 - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.rl - 0.75).abs() < 1e-12);
        assert_eq!(rouge(&r, &[]), Rouge::default());
    }

    /// Articles whose reference names the two things of the title, each
    /// said by a different body sentence, while another sentence repeats
    /// the first thing.
    fn covering_pairs() -> Vec<Pair> {
        let places = [
            "Hà Giang",
            "Yên Bái",
            "Lào Cai",
            "Sơn La",
            "Điện Biên",
            "Lai Châu",
        ];
        let (a, b) = ("trồng rừng", "phát triển du lịch");
        places
            .iter()
            .enumerate()
            .map(|(k, p)| Pair {
                id: format!("p{k}"),
                title: format!("{p} {a} và {b}"),
                article: format!(
                    "{p} {a} trên {n}.000 ha trong năm nay .\n\
                     Các huyện của {p} cũng {a} phòng hộ ở vùng biên giới .\n\
                     {p} {b} cộng đồng gắn với bảo tồn văn hoá .\n\
                     Thời tiết những ngày cuối tuần khá thuận lợi cho người dân .",
                    n = k + 2
                ),
                summary: format!("{p} {a} và {b} cộng đồng ."),
            })
            .collect()
    }

    #[test]
    fn the_pair_scorer_learns_to_cover_the_reference() {
        let examples = examples(&covering_pairs());
        let set: Vec<&Example> = examples.iter().collect();
        let base = Model::embedded().expect("embedded").clone();
        let base = Model { pair: None, ..base };
        // Six articles of one shape are separable: an L2 that matters keeps
        // the weights finite and small.
        let w = fit_pairs(&set, &base, 0.1, 0.1).expect("a pair scorer");
        assert!(w.iter().all(|x| x.is_finite()));
        let with = Model {
            pair: Some(w),
            ..base.clone()
        };
        let (r_with, r_without) = (evaluate(&with, &set, 0.0), evaluate(&base, &set, 0.0));
        // With the pair scorer every summary is the two covering sentences.
        for ex in &set {
            let r = evaluate(&with, &[*ex], 0.0);
            assert_eq!(r.r2, ex.rouge_of_picks(vec![0, 2]).r2);
        }
        assert!(r_with.r2 >= r_without.r2, "{r_with} < {r_without}");
        // No article with two candidates: nothing to fit.
        assert!(fit_pairs(&[], &base, 0.1, 1e-3).is_none());
    }

    #[test]
    fn greedy_oracle_picks_the_covering_sentences() {
        let mut m = HashMap::new();
        let reference = ids("tỉnh ủy ban hành chỉ thị về cán bộ", &mut m);
        let sents: Vec<Vec<u32>> = [
            "thời tiết hôm nay đẹp",
            "tỉnh ủy ban hành chỉ thị",
            "về công tác cán bộ",
            "tỉnh ủy ban hành",
        ]
        .iter()
        .map(|s| ids(s, &mut m))
        .collect();
        let all = [true; 4];
        assert_eq!(greedy_oracle(&reference, &sents, &all, 3), vec![1, 2]);
        // An ineligible sentence is never picked.
        let some = [true, false, true, true];
        assert_eq!(greedy_oracle(&reference, &sents, &some, 3), vec![3, 2]);
    }

    #[test]
    fn solve_inverts_a_small_system() {
        let a = vec![[2.0, 1.0], [1.0, 3.0]];
        let x = solve(a, [3.0, 5.0]).expect("regular");
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0]).is_none());
    }
}
