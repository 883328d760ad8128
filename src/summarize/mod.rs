//! Stage 5, summarize: extractive summary and keywords from the body.
//!
//! Only sentences of body lines ([`Role::Body`](crate::document::Role)) are
//! candidates: never the title (nor a body sentence that repeats it), a
//! caption, a byline or any other boilerplate the clean stage set aside.
//! Each candidate gets the features of the `features` submodule — position
//! (absolute and relative, paragraph), length, LexRank centrality (PageRank
//! over the cosine similarities of the sentences' TF-IDF vectors of content
//! words, stopwords removed), similarity to the title (content words and
//! syllable bigrams) and to the lead, the document references, dates,
//! figures and entities inside it, the article's top terms it holds, its
//! bigrams other sentences repeat, quotation, reported speech, connectives,
//! and the main ones relative to the article's best — and the learned
//! scorer ([`Model`], a conditional logistic regression, optionally with
//! boosted trees, trained on 12,000 VietNews pairs by `analyze
//! train-summarizer`, see [`train`]) turns them into log-odds. The
//! hand-tuned score it replaced (position, LexRank, title overlap, facts,
//! length) stays available as [`Scorer::Heuristic`].
//!
//! With two or more to pick, the learned pair scorer ([`pairs`]) picks the
//! first two together, from the five best: the pair that covers the most
//! of the title and of the article's top terms between them, without
//! repeating each other. Further sentences are picked greedily by maximal
//! marginal relevance (score minus the similarity to what is already
//! picked; after [`MMR_PICKS`] picks by score alone, so selection stays
//! linear in the body for any length). All are written in article order. See [`summary_length`] for the
//! default length. Keywords: the article's top words and recurring
//! noun-phrase-like runs (see the `keywords` submodule).

mod features;
mod keywords;
mod lexicon;
pub mod model;
pub mod pairs;
mod rank;
pub mod train;
pub mod trees;
mod words;

pub use features::{FEATURES, N_FEATURES};
pub use lexicon::Lexicon;
pub use model::Model;
pub use rank::{MMR_PICKS, mmr};

use crate::Options;
use crate::document::{Document, Role, SummarySentence, Work};
use features::Candidates;
use rank::Params;
use words::Words;

/// The most sentences the default length picks.
pub const DEFAULT_MAX_SENTENCES: usize = 3;

/// How many sentences the summary of a body of `body` sentences holds.
///
/// `--sentences N` gives N; else `--ratio R` gives `ceil(R * body)` (at
/// least 1 when R > 0); else the default: one sentence for every four of
/// the body, at least 1 and at most [`DEFAULT_MAX_SENTENCES`] (a 1-4
/// sentence body gives 1, 5-8 give 2, longer bodies 3: about the length of
/// a news lead). Never more than `body`.
pub fn summary_length(body: usize, opts: &Options) -> usize {
    let n = match (opts.summary_sentences, opts.summary_ratio) {
        (Some(k), _) => k,
        (None, Some(r)) if r.is_finite() && r > 0.0 => {
            let k = (r.min(1.0) * body as f64).ceil();
            (k as usize).max(1)
        }
        (None, Some(_)) => 0,
        (None, None) => body.div_ceil(4).clamp(1, DEFAULT_MAX_SENTENCES),
    };
    n.min(body)
}

/// Which sentence scorer the summary uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scorer {
    /// The logistic regression and the pair scorer trained on VietNews
    /// pairs (`data/summarize/model.tsv`).
    #[default]
    Learned,
    /// The hand-tuned score of position, LexRank, title overlap and facts
    /// (the scorer before the learned one; kept for comparison).
    Heuristic,
}

/// Builds the word lists and the learned model now rather than on first use.
pub(crate) fn warm() {
    Lexicon::get();
    Model::embedded();
}

/// Fills `doc.summary` from the body sentences.
pub fn run(work: &Work, doc: &mut Document, opts: &Options) {
    let words = Words::new(work);
    if words.skipped > 0 {
        let read = words.sents.iter().filter(|s| s.role == Role::Body).count();
        let total = read + words.skipped;
        if let Some(w) = crate::document::over_read("summary", "body sentences", read, total) {
            doc.warnings.push(w);
        }
    }
    doc.summary.sentences = summarize_sentences(work, doc, opts, &words);
    doc.summary.keywords = keywords::keywords(work, &words, opts.keywords);
}

/// The most entries a per-article table is sized for up front: an
/// article's worth, so a huge input does not reserve its whole size at once.
const MAX_PRESIZE: usize = 1 << 14;

/// Lower case, syllables separated by one space.
pub(crate) fn word_key(word: &str) -> String {
    let mut buf = String::new();
    words::key_into(word, &mut buf);
    buf
}

fn summarize_sentences(
    work: &Work,
    doc: &Document,
    opts: &Options,
    words: &Words,
) -> Vec<SummarySentence> {
    let c = Candidates::new(work, doc, words);
    let k = summary_length(c.cands.len(), opts);
    if k == 0 || c.cands.is_empty() {
        return Vec::new();
    }
    let params = Params::get();
    let learned = match opts.summary_scorer {
        Scorer::Learned => Model::embedded(),
        Scorer::Heuristic => None,
    };
    // The learned model ranks by log-odds and reports each sentence's
    // share of the softmax over the body.
    let mut shown: Option<Vec<f64>> = None;
    let (scores, redundancy): (Vec<f64>, f64) = match learned {
        Some(m) => {
            let z: Vec<f64> = c.features().map(|x| m.select_score(&x)).collect();
            shown = Some(model::softmax(&z));
            // The pair scorer's best pair opens the summary.
            let z = match &m.pair {
                Some(w) if k >= 2 => {
                    pairs::lift_best_pair(&c, &z, w, |i| c.cands.get(i).is_some_and(|x| x.eligible))
                }
                _ => z,
            };
            (z, m.redundancy)
        }
        None => (
            c.cands
                .iter()
                .enumerate()
                .map(|(i, cand)| {
                    params.score(
                        cand.index,
                        c.centrality.get(i).copied().unwrap_or(0.0),
                        c.title.get(i).copied().unwrap_or(0.0),
                        cand.facts,
                        cand.syllables,
                    )
                })
                .collect(),
            params.redundancy,
        ),
    };
    let chosen = rank::mmr(
        &scores,
        k,
        redundancy,
        |i| c.cands.get(i).is_some_and(|x| x.eligible),
        |i, j| c.vectors.sim(i, j),
    );
    let mut out: Vec<SummarySentence> = chosen
        .into_iter()
        .filter_map(|i| {
            let cand = c.cands.get(i)?;
            let s = work.segments.get(cand.seg)?;
            let (span, text) = work.text.excerpt(s.norm.clone());
            let score = shown
                .as_ref()
                .unwrap_or(&scores)
                .get(i)
                .copied()
                .filter(|x| x.is_finite())
                .unwrap_or(0.0);
            Some(SummarySentence {
                index: cand.index,
                span,
                text,
                score: (score * 1e6).round() / 1e6,
            })
        })
        .collect();
    out.sort_by_key(|s| s.index);
    out
}
