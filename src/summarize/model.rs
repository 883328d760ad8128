//! The learned sentence scorer: logistic regression over the standardized
//! features of the `features` submodule, its weights a small text file
//! (`data/summarize/model.tsv`, embedded at build time and rebuilt by
//! `analyze train-summarizer`).
//!
//! The log-odds of a sentence are `bias + Σ weight_f · (x_f - mean_f) /
//! scale_f`, plus the leaf value of each boosted tree the file may hold
//! (see [`super::trees`]): how likely it is to belong to the best
//! extractive summary. A weight is the change in log-odds per standard
//! deviation of its feature, so the weights compare directly (see the
//! README).

use super::features::{FEATURES, LOG_LEN, N_FEATURES};
use super::pairs::{N_PAIR, PAIR_FEATURES};
use super::trees::{MAX_DEPTH, Split, Tree};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// The shipped model.
const EMBEDDED: &str = include_str!("../../data/summarize/model.tsv");

/// A file that is not a summarizer model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("summarizer model, line {line}: {message}")]
pub struct ModelError {
    /// 1-based line number (0 for the file as a whole).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Logistic-regression weights over the summarizer's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Intercept (log-odds of a sentence of mean features).
    pub bias: f64,
    /// Feature means subtracted before scaling.
    pub mean: [f64; N_FEATURES],
    /// Feature standard deviations (1 where a feature is constant).
    pub scale: [f64; N_FEATURES],
    /// Weight per standardized feature.
    pub weight: [f64; N_FEATURES],
    /// MMR: weight of the similarity to sentences already picked, in
    /// log-odds.
    pub redundancy: f64,
    /// Selection: log-odds taken off per unit of `ln(1 + syllables)`, so
    /// that a fixed number of sentences is not filled by the longest ones
    /// (ROUGE F1 weighs precision too); tuned with `redundancy`.
    pub length: f64,
    /// Boosted trees whose leaf values add to the log-odds (none for a
    /// purely linear model).
    pub trees: Vec<Tree>,
    /// The pair scorer's weights, one per [`PAIR_FEATURES`] entry, when the
    /// model has one: it then picks the summary's first two sentences
    /// together ([`super::pairs`]).
    pub pair: Option<[f64; N_PAIR]>,
}

impl Model {
    /// The embedded model, parsed once; `None` if it does not parse (a
    /// test guards that it does).
    pub fn embedded() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(EMBEDDED).ok()).as_ref()
    }

    /// Parses a model file: `bias`, `redundancy`, `length`, one line per
    /// feature `name mean scale weight`, and any number of `tree` lines
    /// (`2^d - 1` splits `name<=threshold` or `-`, then `2^d` leaf values),
    /// tab-separated; `#` starts a comment line. Every feature of
    /// [`FEATURES`] must be there exactly once.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let err = |line: usize, message: String| ModelError { line, message };
        let mut bias = None;
        let mut redundancy = None;
        let mut length = None;
        let mut seen = [false; N_FEATURES];
        let mut pair = [0.0; N_PAIR];
        let mut pair_seen = [false; N_PAIR];
        let mut m = Model {
            bias: 0.0,
            mean: [0.0; N_FEATURES],
            scale: [1.0; N_FEATURES],
            weight: [0.0; N_FEATURES],
            redundancy: 0.0,
            length: 0.0,
            trees: Vec::new(),
            pair: None,
        };
        for (no, line) in text.lines().enumerate() {
            let no = no + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let num = |s: &str| -> Result<f64, ModelError> {
                s.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| err(no, format!("not a finite number: '{s}'")))
            };
            match cols.as_slice() {
                ["bias", v] => bias = Some(num(v)?),
                ["redundancy", v] => redundancy = Some(num(v)?),
                ["length", v] => length = Some(num(v)?),
                ["tree", rest @ ..] => m.trees.push(parse_tree(rest, no)?),
                ["pair", name, weight] => {
                    let i = PAIR_FEATURES
                        .iter()
                        .position(|f| f == name)
                        .ok_or_else(|| err(no, format!("unknown pair feature '{name}'")))?;
                    if std::mem::replace(&mut pair_seen[i], true) {
                        return Err(err(no, format!("pair feature '{name}' twice")));
                    }
                    pair[i] = num(weight)?;
                }
                [name, mean, scale, weight] => {
                    let i = FEATURES
                        .iter()
                        .position(|f| f == name)
                        .ok_or_else(|| err(no, format!("unknown feature '{name}'")))?;
                    if std::mem::replace(&mut seen[i], true) {
                        return Err(err(no, format!("feature '{name}' twice")));
                    }
                    let scale = num(scale)?;
                    if scale <= 0.0 {
                        return Err(err(no, format!("scale of '{name}' is not positive")));
                    }
                    m.mean[i] = num(mean)?;
                    m.scale[i] = scale;
                    m.weight[i] = num(weight)?;
                }
                _ => return Err(err(no, format!("cannot read '{line}'"))),
            }
        }
        if let Some(i) = seen.iter().position(|s| !s) {
            return Err(err(0, format!("feature '{}' missing", FEATURES[i])));
        }
        if pair_seen.iter().any(|s| *s) {
            if let Some(i) = pair_seen.iter().position(|s| !s) {
                return Err(err(
                    0,
                    format!("pair feature '{}' missing", PAIR_FEATURES[i]),
                ));
            }
            m.pair = Some(pair);
        }
        m.bias = bias.ok_or_else(|| err(0, "no bias line".into()))?;
        m.redundancy = redundancy.ok_or_else(|| err(0, "no redundancy line".into()))?;
        m.length = length.ok_or_else(|| err(0, "no length line".into()))?;
        Ok(m)
    }

    /// The model file: `header` as comment lines, then the weights.
    pub fn to_text(&self, header: &str) -> String {
        let mut out = String::new();
        for l in header.lines() {
            let _ = writeln!(out, "# {l}");
        }
        let _ = writeln!(out, "bias\t{}", round(self.bias));
        let _ = writeln!(out, "redundancy\t{}", round(self.redundancy));
        let _ = writeln!(out, "length\t{}", round(self.length));
        let _ = writeln!(out, "# feature\tmean\tscale\tweight");
        for (i, name) in FEATURES.iter().enumerate() {
            let _ = writeln!(
                out,
                "{name}\t{}\t{}\t{}",
                round(self.mean[i]),
                round(self.scale[i]),
                round(self.weight[i])
            );
        }
        if let Some(w) = &self.pair {
            let _ = writeln!(out, "# pair\tfeature\tweight (raw feature values)");
            for (name, v) in PAIR_FEATURES.iter().zip(w) {
                let _ = writeln!(out, "pair\t{name}\t{}", round(*v));
            }
        }
        if !self.trees.is_empty() {
            let _ = writeln!(
                out,
                "# tree\tsplits (feature<=threshold, breadth-first)\tleaf values"
            );
        }
        for t in &self.trees {
            out.push_str("tree");
            for s in &t.splits {
                match s {
                    Some((f, thr)) => {
                        let _ = write!(out, "\t{}<={}", FEATURES[*f], round(*thr));
                    }
                    None => out.push_str("\t-"),
                }
            }
            for v in &t.leaves {
                let _ = write!(out, "\t{}", round(*v));
            }
            out.push('\n');
        }
        out
    }

    /// The log-odds of a feature row.
    pub fn logit(&self, x: &[f64; N_FEATURES]) -> f64 {
        let mut z = self.bias;
        for (((x, w), m), s) in x.iter().zip(&self.weight).zip(&self.mean).zip(&self.scale) {
            z += w * (x - m) / s;
        }
        for t in &self.trees {
            z += t.eval(x);
        }
        if z.is_finite() { z } else { 0.0 }
    }

    /// The probability of a feature row (pointwise models).
    pub fn probability(&self, x: &[f64; N_FEATURES]) -> f64 {
        sigmoid(self.logit(x))
    }

    /// What selection ranks by: the log-odds less the length penalty.
    pub fn select_score(&self, x: &[f64; N_FEATURES]) -> f64 {
        let s = self.logit(x) - self.length * x[LOG_LEN];
        if s.is_finite() { s } else { 0.0 }
    }
}

/// Reads the columns of a `tree` line (after the word `tree`).
fn parse_tree(cols: &[&str], no: usize) -> Result<Tree, ModelError> {
    let err = |message: String| ModelError { line: no, message };
    let depth = (1..=MAX_DEPTH)
        .find(|d| cols.len() == (1usize << (d + 1)) - 1)
        .ok_or_else(|| {
            err(format!(
                "a tree has 2^(d+1) - 1 columns, not {}",
                cols.len()
            ))
        })?;
    let n_split = (1usize << depth) - 1;
    let (splits, leaves) = cols.split_at(n_split);
    let splits = splits
        .iter()
        .map(|s| -> Result<Split, ModelError> {
            if *s == "-" {
                return Ok(None);
            }
            let (name, thr) = s
                .split_once("<=")
                .ok_or_else(|| err(format!("cannot read split '{s}'")))?;
            let f = FEATURES
                .iter()
                .position(|f| *f == name)
                .ok_or_else(|| err(format!("unknown feature '{name}'")))?;
            let thr = thr
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| err(format!("not a finite number: '{thr}'")))?;
            Ok(Some((f, thr)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let leaves = leaves
        .iter()
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| err(format!("not a finite number: '{v}'")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Tree { splits, leaves })
}

/// The softmax of `z`: shares summing to 1 (empty for an empty input).
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let max = z.iter().copied().fold(f64::MIN, f64::max);
    let e: Vec<f64> = z.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.into_iter()
        .map(|x| if sum > 0.0 { x / sum } else { 0.0 })
        .collect()
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Six significant decimals: enough for the scores, short in the file.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_loads_with_every_feature() {
        let m = Model::embedded().expect("the embedded model parses");
        assert_eq!(m.weight.len(), N_FEATURES);
        assert_eq!(FEATURES.len(), 48);
        assert!(m.scale.iter().all(|s| *s > 0.0));
        assert!(m.redundancy >= 0.0);
        // Round trip through the text form.
        let again = Model::parse(&m.to_text("round trip")).expect("parses");
        assert_eq!(&again, m);
        assert!(EMBEDDED.len() < 100 * 1024);
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        let m = Model::embedded().expect("embedded");
        let text = m.to_text("");
        let e = Model::parse(&text.replace("pos_inv\t", "pos_invx\t")).unwrap_err();
        assert!(e.message.contains("unknown feature 'pos_invx'"), "{e}");
        let e = Model::parse(&text.replace("bias\t", "bias\tx\t")).unwrap_err();
        assert_eq!(e.line, 1);
        let no_first: String = text
            .lines()
            .filter(|l| !l.starts_with("first\t"))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = Model::parse(&no_first).unwrap_err();
        assert_eq!(e.message, "feature 'first' missing");
        assert!(Model::parse("bias\tNaN\n").is_err());
        // The pair lines: one per pair feature, each known, once, finite.
        assert!(m.pair.is_some(), "the shipped model has a pair scorer");
        let e =
            Model::parse(&text.replace("pair\ttitle_union\t", "pair\ttitle_onion\t")).unwrap_err();
        assert_eq!(e.message, "unknown pair feature 'title_onion'");
        let e = Model::parse(&text.replace("pair\tadjacent\t", "pair\ttop_union\t")).unwrap_err();
        assert_eq!(e.message, "pair feature 'top_union' twice");
        let no_adjacent: String = text
            .lines()
            .filter(|l| !l.starts_with("pair\tadjacent\t"))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = Model::parse(&no_adjacent).unwrap_err();
        assert_eq!(e.message, "pair feature 'adjacent' missing");
        let line = text
            .lines()
            .find(|l| l.starts_with("pair\tadjacent\t"))
            .expect("an adjacent line");
        let e = Model::parse(&text.replace(line, "pair\tadjacent\tinf")).unwrap_err();
        assert_eq!(e.message, "not a finite number: 'inf'");
        // Without them, the model is the sentence scorer alone.
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with("pair\t"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(Model::parse(&without).map(|m| m.pair), Ok(None));
    }

    #[test]
    fn trees_round_trip_and_add_to_the_logit() {
        let mut m = Model::embedded().expect("embedded").clone();
        let x = [0.0; N_FEATURES];
        let before = m.logit(&x);
        m.trees.push(Tree {
            splits: vec![Some((0, 0.5)), None, Some((3, 0.25))],
            leaves: vec![0.5, 0.0, -1.0, 2.0],
        });
        // x[0] = 0 <= 0.5: left, then no split: left again.
        assert!((m.logit(&x) - before - 0.5).abs() < 1e-12);
        let text = m.to_text("");
        assert!(
            text.contains("tree\tfirst<=0.5\t-\tpos_inv<=0.25\t0.5\t0\t-1\t2\n"),
            "{text}"
        );
        assert_eq!(Model::parse(&text).expect("parses"), m);
        // A tree line of the wrong width, or naming no feature, is refused.
        let e = Model::parse(&text.replace("\t-1\t2\n", "\t-1\n")).unwrap_err();
        assert!(e.message.contains("2^(d+1) - 1 columns"), "{e}");
        let e = Model::parse(&text.replace("first<=", "firsts<=")).unwrap_err();
        assert!(e.message.contains("unknown feature 'firsts'"), "{e}");
    }

    #[test]
    fn sigmoid_is_stable() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(-1000.0) >= 0.0 && sigmoid(-1000.0) < 1e-300);
        assert_eq!(sigmoid(1000.0), 1.0);
    }
}
