//! Stage 5, summarize: extractive summary and keywords from the body.
//!
//! Only sentences of body lines ([`Role::Body`]) are candidates: never the
//! title (nor a body sentence that repeats it), a caption, a byline or any
//! other boilerplate the clean stage set aside. Each candidate gets a score
//! that combines what works for news:
//!
//! - position: the lead carries the most (`1 / (1 + i / scale)`);
//! - centrality: LexRank (PageRank over the cosine similarities of the
//!   sentences' TF-IDF vectors of content words, stopwords removed);
//! - overlap with the title's content words (the cosine of their sets);
//! - this domain's facts: document references, figures and dates inside
//!   the sentence (a tie-breaker: on vietnews-dev a larger weight lowered
//!   ROUGE, the journalists' leads keep the details out);
//! - length: very short sentences (fragments) and very long ones lose.
//!
//! Sentences are then picked greedily by maximal marginal relevance (score
//! minus similarity to what is already picked) and written in article
//! order. See [`summary_length`] for the default length. Keywords: the
//! article's top words and recurring noun-phrase-like runs (see the
//! `keywords` submodule).

mod keywords;
mod lexicon;
mod rank;
mod words;

pub use lexicon::Lexicon;

use crate::Options;
use crate::document::{Document, Role, SummarySentence};
use rank::{Params, Vectors};
use std::collections::HashMap;
use words::{WordInfo, Words};

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

/// One candidate: a body sentence.
struct Cand {
    /// Index into `doc.segments`.
    seg: usize,
    /// Index among the body sentences.
    index: usize,
    /// Content-word ids, with repeats.
    terms: Vec<u32>,
    /// Syllables in the sentence.
    syllables: usize,
    /// Facts (document references, figures, dates) inside it.
    facts: usize,
    /// Whether it may be picked (not a repeated title, not a fragment).
    eligible: bool,
}

/// Fills `doc.summary` from the body sentences.
pub fn run(doc: &mut Document, opts: &Options) {
    let words = Words::new(doc);
    doc.summary.sentences = summarize_sentences(doc, opts, &words);
    doc.summary.keywords = keywords::keywords(doc, &words, opts.keywords);
}

/// Lower case, syllables separated by one space.
pub(crate) fn word_key(word: &str) -> String {
    let mut buf = String::new();
    words::key_into(word, &mut buf);
    buf
}

fn summarize_sentences(doc: &Document, opts: &Options, words: &Words) -> Vec<SummarySentence> {
    let term = |id: &u32| words.get(*id).is_some_and(WordInfo::term);
    let plain = |id: &u32| words.get(*id).is_some_and(|w| w.wordlike);

    // The title's content words and its plain form (its words, no punctuation).
    let mut title_terms: Vec<u32> = Vec::new();
    let mut title_plain: Vec<u32> = Vec::new();
    for s in words.sents.iter().filter(|s| s.role == Role::Title) {
        title_terms.extend(s.words.iter().copied().filter(term));
        title_plain.extend(s.words.iter().copied().filter(plain));
    }
    if title_plain.is_empty()
        && let Some(t) = &doc.meta.title
    {
        let ids: HashMap<&str, u32> = words
            .info
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.as_str(), i as u32))
            .collect();
        for w in t.split_whitespace() {
            let key = word_key(w.trim_matches(|c: char| !c.is_alphanumeric()));
            if let Some(&id) = ids.get(key.as_str()) {
                title_plain.push(id);
                if term(&id) {
                    title_terms.push(id);
                }
            }
        }
    }

    // Fact spans (characters), in document order.
    let facts: Vec<(usize, usize)> = {
        let mut v: Vec<(usize, usize)> = doc
            .doc_refs
            .iter()
            .map(|r| (r.span.start, r.span.end))
            .chain(doc.figures.iter().map(|f| (f.span.start, f.span.end)))
            .chain(doc.dates.iter().map(|d| (d.span.start, d.span.end)))
            .collect();
        v.sort_unstable();
        v
    };

    let mut cands: Vec<Cand> = Vec::new();
    for s in words.sents.iter().filter(|s| s.role == Role::Body) {
        let Some(seg) = doc.segments.get(s.seg) else {
            continue;
        };
        let index = cands.len();
        let terms: Vec<u32> = s.words.iter().copied().filter(term).collect();
        let sent_plain: Vec<u32> = s.words.iter().copied().filter(plain).collect();
        let repeats_title = !title_plain.is_empty()
            && !sent_plain.is_empty()
            && (sent_plain == title_plain
                || (sent_plain.len() > 3
                    && sent_plain.len() < title_plain.len()
                    && title_plain
                        .windows(sent_plain.len())
                        .any(|w| w == sent_plain.as_slice())));
        let span = doc.text.span(seg.norm.clone());
        let first = facts.partition_point(|f| f.0 < span.start);
        let n_facts = facts[first..]
            .iter()
            .take_while(|f| f.0 < span.end)
            .filter(|f| f.1 <= span.end)
            .count();
        cands.push(Cand {
            seg: s.seg,
            index,
            terms,
            syllables: seg.syllables,
            facts: n_facts,
            eligible: !repeats_title && !sent_plain.is_empty(),
        });
    }
    let k = summary_length(cands.len(), opts);
    if k == 0 || cands.is_empty() {
        return Vec::new();
    }
    // Fragments (a few syllables) only when nothing else is there.
    let params = Params::get();
    if cands
        .iter()
        .any(|c| c.eligible && c.syllables >= params.min_syllables)
    {
        for c in cands.iter_mut() {
            if c.syllables < params.min_syllables {
                c.eligible = false;
            }
        }
    }

    let vectors = Vectors::new(cands.iter().map(|c| c.terms.as_slice()), words.info.len());
    let centrality = vectors.centrality();
    let title_set: std::collections::HashSet<u32> = title_terms.iter().copied().collect();
    let scores: Vec<f64> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let title = if title_set.is_empty() {
                0.0
            } else {
                let mut seen = std::collections::HashSet::new();
                let hit = c
                    .terms
                    .iter()
                    .filter(|t| title_set.contains(t) && seen.insert(**t))
                    .count();
                let mut uniq = c.terms.clone();
                uniq.sort_unstable();
                uniq.dedup();
                // Cosine of the binary title and sentence vectors: a long
                // sentence does not win by its length alone.
                hit as f64 / ((title_set.len() * uniq.len().max(1)) as f64).sqrt()
            };
            params.score(
                c.index,
                centrality.get(i).copied().unwrap_or(0.0),
                title,
                c.facts,
                c.syllables,
            )
        })
        .collect();

    let chosen = rank::mmr(&scores, &vectors, k, params.redundancy, |i| {
        cands.get(i).is_some_and(|c| c.eligible)
    });
    let mut out: Vec<SummarySentence> = chosen
        .into_iter()
        .filter_map(|i| {
            let c = cands.get(i)?;
            let s = doc.segments.get(c.seg)?;
            let (span, text) = doc.text.excerpt(s.norm.clone());
            let score = scores
                .get(i)
                .copied()
                .filter(|x| x.is_finite())
                .unwrap_or(0.0);
            Some(SummarySentence {
                index: c.index,
                span,
                text,
                score: (score * 1e6).round() / 1e6,
            })
        })
        .collect();
    out.sort_by_key(|s| s.index);
    out
}
