//! Training the word model from CoNLL-U treebanks (averaged structured
//! perceptron, see `segment::model`).
//!
//! The lexicon feature reads a word list (by default the shipped pyvi list,
//! MIT) joined with the multi-syllable words harvested from the training
//! sentences. So that the model does not learn to trust a lexicon that holds
//! every training word, each training sentence sees the harvested words of
//! the other folds only (jackknifing); the shipped model's lexicon holds them
//! all.

use super::eval::{Prf, score};
use super::model::{Lexicon, MAX_LEX, Segmenter, Unit, features, slot, trans_key, unit, viterbi};
use super::token::tokens;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The pyvi word list (MIT), the default lexicon.
pub const PYVI_WORDS: &str = crate::data::WORD_LIST;

/// Errors of training.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The training files hold no sentence.
    #[error("no training sentence in the given CoNLL-U files")]
    NoData,
    /// An option is out of range.
    #[error("bad training option: {0}")]
    BadOption(String),
}

/// Settings of one training run.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// The weight table holds `2^bits` entries.
    pub bits: u32,
    /// The base word list, one word a line, syllables separated by spaces
    /// (`None`: the shipped pyvi list).
    pub lexicon: Option<String>,
    /// Whether to add the training sentences' multi-syllable words to the lexicon.
    pub harvest: bool,
    /// Folds for jackknifing the harvested words (at least 2).
    pub folds: usize,
    /// A CoNLL-U file scored after every epoch (for tuning; never the test split).
    pub dev: Option<PathBuf>,
    /// Seed of the sentence shuffle.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 12,
            bits: 20,
            lexicon: None,
            harvest: true,
            folds: 10,
            dev: None,
            seed: 7,
        }
    }
}

/// What a training run did.
#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    /// Training sentences read.
    pub sentences: usize,
    /// Syllable tokens in them.
    pub tokens: usize,
    /// Epochs run.
    pub epochs: usize,
    /// Dev scores after each epoch (empty without a dev file).
    pub dev: Vec<Prf>,
    /// Non-zero weights of the final model.
    pub nonzero_weights: usize,
    /// Words in the final lexicon.
    pub lexicon_words: usize,
    /// Seconds spent.
    pub seconds: f64,
}

/// Sentences of a CoNLL-U file: each the FORM of every word line, in order.
pub fn read_conllu(path: &Path) -> Result<Vec<Vec<String>>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(parse_conllu(&text))
}

/// Sentences of CoNLL-U text (see [`read_conllu`]); multiword-token and
/// empty-node lines are skipped.
pub fn parse_conllu(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.parse::<usize>().is_err() || form.trim().is_empty() {
            continue;
        }
        cur.push(form.trim().to_string());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A sentence's raw text (forms joined by spaces) and gold text format
/// (syllables of a word joined by "_").
pub fn raw_and_gold(forms: &[String]) -> (String, String) {
    let raw = forms.join(" ");
    let gold = forms
        .iter()
        .map(|f| f.split_whitespace().collect::<Vec<_>>().join("_"))
        .collect::<Vec<_>>()
        .join(" ");
    (raw, gold)
}

struct Example {
    units: Vec<Unit>,
    gold: Vec<u8>,
    /// `feats[offsets[b]..offsets[b + 1]]`: weight slots of boundary `b`.
    feats: Vec<u32>,
    offsets: Vec<u32>,
}

fn example(forms: &[String], lex: &Lexicon, bits: u32) -> Example {
    let raw = forms.join(" ");
    let mut starts = Vec::with_capacity(forms.len());
    let mut pos = 0;
    for f in forms {
        starts.push(pos);
        pos += f.len() + 1;
    }
    let toks = tokens(&raw);
    let mut gold = Vec::with_capacity(toks.len());
    let mut wi = 0;
    for (k, t) in toks.iter().enumerate() {
        while wi < starts.len() && starts[wi] < t.range.start {
            wi += 1;
        }
        let starts_word = starts.get(wi) == Some(&t.range.start);
        gold.push(u8::from(k > 0 && !starts_word));
    }
    let units: Vec<Unit> = toks
        .iter()
        .map(|t| unit(raw.get(t.range.clone()).unwrap_or(""), t.kind))
        .collect();
    let mut per: Vec<Vec<u32>> = vec![Vec::new(); units.len()];
    features(&units, lex, |b, f| per[b].push(slot(f, bits) as u32));
    let mut feats = Vec::new();
    let mut offsets = Vec::with_capacity(units.len() + 1);
    for p in &per {
        offsets.push(feats.len() as u32);
        feats.extend_from_slice(p);
    }
    offsets.push(feats.len() as u32);
    Example {
        units,
        gold,
        feats,
        offsets,
    }
}

/// Multi-syllable words of the sentences, syllables separated by one space.
fn harvest<'a>(sents: impl IntoIterator<Item = &'a Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for s in sents {
        for f in s {
            let n = f.split_whitespace().count();
            if (2..=MAX_LEX).contains(&n) && f.chars().any(crate::chars::is_alpha) {
                out.push(f.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
    out
}

struct Averaged {
    w: Vec<f32>,
    u: Vec<f32>,
    c: f32,
}

impl Averaged {
    fn add(&mut self, i: usize, d: f32) {
        self.w[i] += d;
        self.u[i] += self.c * d;
    }

    fn averaged(&self) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| {
                let v = w - u / self.c;
                if v.abs() < 1e-4 { 0.0 } else { v }
            })
            .collect()
    }
}

/// Trains a model on the CoNLL-U files `paths` (see the module docs).
pub fn train_conllu(
    paths: &[PathBuf],
    opts: &TrainOptions,
) -> Result<(Segmenter, TrainReport), TrainError> {
    let started = Instant::now();
    if !(10..=26).contains(&opts.bits) {
        return Err(TrainError::BadOption(format!(
            "bits must be 10..=26, not {}",
            opts.bits
        )));
    }
    if opts.folds < 2 {
        return Err(TrainError::BadOption("folds must be at least 2".into()));
    }
    let mut sents = Vec::new();
    for p in paths {
        sents.extend(read_conllu(p)?);
    }
    if sents.is_empty() {
        return Err(TrainError::NoData);
    }
    let dev = match &opts.dev {
        Some(p) => read_conllu(p)?,
        None => Vec::new(),
    };
    let base_text = opts.lexicon.as_deref().unwrap_or(PYVI_WORDS);
    let base: Vec<&str> = base_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let bits = opts.bits;

    // Fold of each sentence; the harvested words of every fold.
    let fold_of = |i: usize| i % opts.folds;
    let examples: Vec<Example> = if opts.harvest {
        let mut ex: Vec<Option<Example>> = (0..sents.len()).map(|_| None).collect();
        for k in 0..opts.folds {
            let others = harvest(
                sents
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| fold_of(*i) != k)
                    .map(|(_, s)| s),
            );
            let lex = Lexicon::from_words(
                base.iter()
                    .copied()
                    .chain(others.iter().map(String::as_str)),
            );
            for (i, s) in sents.iter().enumerate().filter(|(i, _)| fold_of(*i) == k) {
                ex[i] = Some(example(s, &lex, bits));
            }
        }
        ex.into_iter().flatten().collect()
    } else {
        let lex = Lexicon::from_words(base.iter().copied());
        sents.iter().map(|s| example(s, &lex, bits)).collect()
    };
    let final_words = if opts.harvest {
        harvest(&sents)
    } else {
        Vec::new()
    };
    let lexicon = Lexicon::from_words(
        base.iter()
            .copied()
            .chain(final_words.iter().map(String::as_str)),
    );

    let size = 1usize << bits;
    let mut avg = Averaged {
        w: vec![0.0; size],
        u: vec![0.0; size],
        c: 1.0,
    };
    let mut report = TrainReport {
        sentences: sents.len(),
        tokens: examples.iter().map(|e| e.units.len()).sum(),
        epochs: opts.epochs,
        ..TrainReport::default()
    };
    let tslot = |p: usize, c: usize| slot(trans_key(p, c), bits);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed | 1;
    let mut emit = Vec::new();
    let mut pred = Vec::new();
    for _epoch in 0..opts.epochs {
        // Fisher-Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let ex = &examples[i];
            let n = ex.units.len();
            emit.clear();
            emit.resize(n, 0f32);
            for (b, e) in emit.iter_mut().enumerate().skip(1) {
                let r = ex.offsets[b] as usize..ex.offsets[b + 1] as usize;
                *e = ex.feats[r].iter().map(|&s| avg.w[s as usize]).sum();
            }
            let mut trans = [[0f32; 2]; 3];
            for (p, row) in trans.iter_mut().enumerate() {
                for (c, t) in row.iter_mut().enumerate() {
                    *t = avg.w[tslot(p, c)];
                }
            }
            viterbi(&emit, &trans, &mut pred);
            for b in 1..n {
                let (g, p) = (ex.gold[b], pred[b]);
                if g != p {
                    let d = if g == 1 { 1.0 } else { -1.0 };
                    for k in ex.offsets[b]..ex.offsets[b + 1] {
                        avg.add(ex.feats[k as usize] as usize, d);
                    }
                }
                let gp = if b == 1 { 2 } else { ex.gold[b - 1] as usize };
                let pp = if b == 1 { 2 } else { pred[b - 1] as usize };
                if (gp, g) != (pp, p) {
                    avg.add(tslot(gp, g as usize), 1.0);
                    avg.add(tslot(pp, p as usize), -1.0);
                }
            }
            avg.c += 1.0;
        }
        if !dev.is_empty() {
            let mut model = Segmenter {
                bits,
                weights: super::model::WeightTable::from_dense(&avg.averaged()),
                lexicon: lexicon.clone(),
                trans: [[0.0; 2]; 3],
            };
            model.refresh_trans();
            report.dev.push(score_sentences(&model, &dev));
        }
    }
    let mut model = Segmenter {
        bits,
        weights: super::model::WeightTable::from_dense(&avg.averaged()),
        lexicon,
        trans: [[0.0; 2]; 3],
    };
    model.refresh_trans();
    report.nonzero_weights = model.nonzero_weights();
    report.lexicon_words = model.lexicon_len();
    report.seconds = started.elapsed().as_secs_f64();
    Ok((model, report))
}

/// Scores `model` on treebank sentences (raw text = forms joined by spaces).
pub fn score_sentences(model: &Segmenter, sents: &[Vec<String>]) -> Prf {
    let mut pred = String::new();
    let mut gold = String::new();
    for s in sents {
        let (raw, g) = raw_and_gold(s);
        pred.push_str(&model.segment_line(&raw));
        pred.push('\n');
        gold.push_str(&g);
        gold.push('\n');
    }
    score(&pred, &gold)
}
