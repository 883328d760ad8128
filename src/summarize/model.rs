//! The learned sentence scorer: logistic regression over the standardized
//! features of the `features` submodule, its weights a small text file
//! (`data/summarize/model.tsv`, embedded at build time and rebuilt by
//! `analyze train-summarizer`).
//!
//! The score of a sentence is `sigmoid(bias + Σ weight_f · (x_f - mean_f) /
//! scale_f)`: the probability that it belongs to the best extractive
//! summary. A weight is the change in log-odds per standard deviation of
//! its feature, so the weights compare directly (see the README).

use super::features::{FEATURES, LOG_LEN, N_FEATURES};
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
}

impl Model {
    /// The embedded model, parsed once; `None` if it does not parse (a
    /// test guards that it does).
    pub fn embedded() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(EMBEDDED).ok()).as_ref()
    }

    /// Parses a model file: `bias`, `redundancy`, and one line per feature
    /// `name mean scale weight`, tab-separated; `#` starts a comment line.
    /// Every feature of [`FEATURES`] must be there exactly once.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let err = |line: usize, message: String| ModelError { line, message };
        let mut bias = None;
        let mut redundancy = None;
        let mut length = None;
        let mut seen = [false; N_FEATURES];
        let mut m = Model {
            bias: 0.0,
            mean: [0.0; N_FEATURES],
            scale: [1.0; N_FEATURES],
            weight: [0.0; N_FEATURES],
            redundancy: 0.0,
            length: 0.0,
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
        out
    }

    /// The log-odds of a feature row.
    pub fn logit(&self, x: &[f64; N_FEATURES]) -> f64 {
        let mut z = self.bias;
        for (((x, w), m), s) in x.iter().zip(&self.weight).zip(&self.mean).zip(&self.scale) {
            z += w * (x - m) / s;
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
        assert_eq!(FEATURES.len(), 39);
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
    }

    #[test]
    fn sigmoid_is_stable() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(-1000.0) >= 0.0 && sigmoid(-1000.0) < 1e-300);
        assert_eq!(sigmoid(1000.0), 1.0);
    }
}
