//! Sentence vectors (TF-IDF over content words), LexRank centrality,
//! the combined score and MMR selection.

/// Above this many sentences, centrality is the similarity to the
/// document's centroid instead of LexRank (which is quadratic).
const LEXRANK_MAX: usize = 1500;
/// LexRank damping factor.
const DAMPING: f64 = 0.85;
/// LexRank power-iteration limit and tolerance.
const ITERATIONS: usize = 60;
const TOLERANCE: f64 = 1e-7;

/// The weights tuned on vietnews-dev (50 pairs) with `--sentences 2`.
const TUNED: Params = Params {
    position: 0.2,
    position_scale: 2.0,
    centrality: 0.1,
    title: 1.0,
    facts: 0.01,
    short: 12.0,
    long: 35.0,
    length: 0.3,
    redundancy: 0.3,
    min_syllables: 5,
};

/// The weights of the sentence score.
#[derive(Debug, Clone)]
pub struct Params {
    /// Weight of position.
    pub position: f64,
    /// Position decay: the weight halves at this body index.
    pub position_scale: f64,
    /// Weight of LexRank centrality (normalized to a maximum of 1).
    pub centrality: f64,
    /// Weight of the share of the title's content words a sentence holds.
    pub title: f64,
    /// Weight of facts (document references, figures, dates), saturating.
    pub facts: f64,
    /// Syllables under which a sentence counts as short.
    pub short: f64,
    /// Syllables over which a sentence counts as long.
    pub long: f64,
    /// Penalty per unit of length outside `short..long`, relative.
    pub length: f64,
    /// MMR: weight of the similarity to sentences already picked.
    pub redundancy: f64,
    /// Sentences under this many syllables are fragments.
    pub min_syllables: usize,
}

impl Params {
    /// The tuned weights.
    pub fn get() -> &'static Params {
        &TUNED
    }

    /// The score of a sentence from its features.
    pub fn score(
        &self,
        index: usize,
        centrality: f64,
        title: f64,
        facts: usize,
        syllables: usize,
    ) -> f64 {
        let pos = 1.0 / (1.0 + index as f64 / self.position_scale.max(1e-3));
        let facts = 1.0 - (-(facts as f64) / 2.0).exp();
        let l = syllables as f64;
        let len = if l < self.short {
            (self.short - l) / self.short.max(1.0)
        } else if l > self.long {
            ((l - self.long) / self.long.max(1.0)).min(2.0)
        } else {
            0.0
        };
        let s = self.position * pos
            + self.centrality * centrality
            + self.title * title
            + self.facts * facts
            - self.length * len;
        if s.is_finite() { s } else { 0.0 }
    }
}

/// L2-normalized TF-IDF vectors of the sentences, sparse and sorted by term.
/// Flat and compact: the rows one after another as term ids and counts
/// (a sentence has at most 8,192 tokens, so a count fits in a `u16`), row
/// `i` at `ends[i - 1]..ends[i]`, and each weight computed when read from
/// its count, the term's IDF and the row's norm, with the same operations
/// in the same order as storing it would, so the same bits. On a large
/// input's hundreds of thousands of sentences that is 6 bytes per term
/// instead of 16, and no allocation per sentence.
pub struct Vectors {
    ids: Vec<u32>,
    counts: Vec<u16>,
    ends: Vec<usize>,
    /// Each row's L2 norm before normalization (0 for an empty row).
    norms: Vec<f64>,
    /// `1 + ln(count)` by count, up to the largest count.
    log_tf: Vec<f64>,
    /// IDF by term id (1 for a term no sentence holds).
    idf: Vec<f64>,
}

/// Builds [`Vectors`] one sentence at a time, so the caller need not keep
/// every sentence's terms.
pub struct VectorsBuilder {
    ids: Vec<u32>,
    counts: Vec<u16>,
    ends: Vec<usize>,
    df: Vec<u32>,
    sorted: Vec<u32>,
}

impl VectorsBuilder {
    /// A builder for content-word ids below `vocab`.
    pub fn new(vocab: usize) -> VectorsBuilder {
        VectorsBuilder {
            ids: Vec::new(),
            counts: Vec::new(),
            ends: Vec::new(),
            df: vec![0u32; vocab],
            sorted: Vec::new(),
        }
    }

    /// Adds the next sentence, as its content-word ids with repeats.
    pub fn push(&mut self, terms: &[u32]) {
        let t = &mut self.sorted;
        t.clear();
        t.extend_from_slice(terms);
        t.sort_unstable();
        let row_start = self.ids.len();
        for &id in t.iter() {
            if self.ids.len() > row_start && self.ids.last() == Some(&id) {
                if let Some(c) = self.counts.last_mut() {
                    *c = c.saturating_add(1);
                }
            } else {
                self.ids.push(id);
                self.counts.push(1);
                if let Some(d) = self.df.get_mut(id as usize) {
                    *d += 1;
                }
            }
        }
        self.ends.push(self.ids.len());
    }

    /// The vectors of the sentences pushed.
    pub fn finish(self) -> Vectors {
        let VectorsBuilder {
            mut ids,
            mut counts,
            ends,
            df,
            ..
        } = self;
        ids.shrink_to_fit();
        counts.shrink_to_fit();
        let n = ends.len() as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((n + 1.0) / f64::from(d.max(1))).ln() + 1.0)
            .collect();
        let max_count = counts.iter().copied().max().unwrap_or(0);
        let log_tf: Vec<f64> = (0..=max_count).map(|c| 1.0 + f64::from(c).ln()).collect();
        let mut v = Vectors {
            ids,
            counts,
            ends,
            norms: Vec::new(),
            log_tf,
            idf,
        };
        v.norms = (0..v.len())
            .map(|i| {
                let norm: f64 = v.raw_weights(i).fold(0.0, |norm, (_, w)| norm + w * w);
                norm.sqrt()
            })
            .collect();
        v
    }
}

impl Vectors {
    /// Sentence `i`'s distinct content words, sorted.
    pub fn terms(&self, i: usize) -> &[u32] {
        self.row(i).map_or(&[], |r| r.0)
    }

    /// How often each of [`Vectors::terms`] occurs in sentence `i`.
    pub fn counts(&self, i: usize) -> &[u16] {
        self.row(i).map_or(&[], |r| r.1)
    }

    /// Row `i`'s term ids and counts.
    fn row(&self, i: usize) -> Option<(&[u32], &[u16])> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        let end = *self.ends.get(i)?;
        Some((self.ids.get(start..end)?, self.counts.get(start..end)?))
    }

    /// The TF-IDF weight of a term of `count` occurrences, before the norm.
    fn raw_weight(&self, id: u32, count: u16) -> f64 {
        let tf = self.log_tf.get(usize::from(count)).copied().unwrap_or(1.0);
        tf * self.idf(id)
    }

    /// Row `i`'s terms and weights before normalization.
    fn raw_weights(&self, i: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let (ids, counts) = self.row(i).unwrap_or((&[], &[]));
        ids.iter()
            .zip(counts)
            .map(|(&id, &c)| (id, self.raw_weight(id, c)))
    }

    /// A raw weight of row `i` divided by the row's norm.
    fn normalized(&self, i: usize, w: f64) -> f64 {
        match self.norms.get(i) {
            Some(&norm) if norm > 0.0 => w / norm,
            _ => w,
        }
    }

    /// The weight of a term of `count` occurrences in row `i`.
    fn weight(&self, i: usize, id: u32, count: u16) -> f64 {
        self.normalized(i, self.raw_weight(id, count))
    }

    /// Row `i`'s terms and normalized weights.
    fn weights(&self, i: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.raw_weights(i)
            .map(move |(id, w)| (id, self.normalized(i, w)))
    }

    /// The IDF of term `id` among these sentences.
    pub fn idf(&self, id: u32) -> f64 {
        self.idf.get(id as usize).copied().unwrap_or(1.0)
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Cosine similarity of sentences `i` and `j`.
    pub fn sim(&self, i: usize, j: usize) -> f64 {
        let (Some((ai, ac)), Some((bi, bc))) = (self.row(i), self.row(j)) else {
            return 0.0;
        };
        let mut s = 0.0;
        for_each_common(ai, bi, |x, y| {
            if let (Some(&t), Some(&cp), Some(&cq)) = (ai.get(x), ac.get(x), bc.get(y)) {
                s += self.weight(i, t, cp) * self.weight(j, t, cq);
            }
        });
        s
    }

    /// Centrality of each sentence, scaled to a maximum of 1: continuous
    /// LexRank, or the similarity to the centroid for very long documents.
    pub fn centrality(&self) -> Vec<f64> {
        let n = self.len();
        if n == 0 {
            return Vec::new();
        }
        let mut c = if n > LEXRANK_MAX {
            self.centroid()
        } else {
            self.lexrank()
        };
        let max = c.iter().copied().fold(0.0f64, f64::max);
        for x in c.iter_mut() {
            *x = if max > 0.0 && x.is_finite() {
                *x / max
            } else {
                0.0
            };
        }
        c
    }

    fn lexrank(&self) -> Vec<f64> {
        let n = self.len();
        let w = self.similarities();
        let out: Vec<f64> = (0..n).map(|i| w[i * n..(i + 1) * n].iter().sum()).collect();
        // The matrix is symmetric, so row i holds the weights into i. Each
        // row keeps its positive weights only, in column order, divided
        // once by the source's out-weight: the same quotients summed in the
        // same order as dividing in every iteration (a skipped zero would
        // add +0.0), so the same bits in fewer steps.
        let mut cols: Vec<(usize, f64)> = Vec::new();
        let mut ends: Vec<usize> = Vec::with_capacity(n);
        for row in w.chunks(n.max(1)) {
            cols.extend(
                row.iter()
                    .zip(&out)
                    .enumerate()
                    .filter(|(_, (x, _))| **x > 0.0)
                    .map(|(j, (x, o))| (j, x / o)),
            );
            ends.push(cols.len());
        }
        drop(w);
        let base = (1.0 - DAMPING) / n as f64;
        let mut p = vec![1.0 / n as f64; n];
        let mut next = vec![0.0; n];
        for _ in 0..ITERATIONS {
            // Mass of sentences with no similar sentence is spread evenly.
            let dangling: f64 = (0..n).filter(|&j| out[j] <= 0.0).map(|j| p[j]).sum();
            let mut start = 0;
            for (x, &end) in next.iter_mut().zip(&ends) {
                let mut s = 0.0;
                for &(j, q) in cols.get(start..end).unwrap_or(&[]) {
                    s += q * p.get(j).copied().unwrap_or(0.0);
                }
                start = end;
                *x = base + DAMPING * (s + dangling / n as f64);
            }
            let delta: f64 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut p, &mut next);
            if delta < TOLERANCE {
                break;
            }
        }
        p
    }

    /// Every pair's cosine, as an `n × n` matrix (0 on the diagonal). Summed
    /// term by term over each term's sentences, in term order as
    /// [`Vectors::sim`] sums them (so the same bits), which visits only the
    /// pairs that share a term.
    fn similarities(&self) -> Vec<f64> {
        let n = self.len();
        let mut w = vec![0.0f64; n * n];
        // Each term's sentences and weights, sentences in order.
        let terms = self.ids.iter().max().map_or(0, |&m| m as usize + 1);
        let mut start = vec![0usize; terms + 1];
        for &id in &self.ids {
            if let Some(s) = start.get_mut(id as usize + 1) {
                *s += 1;
            }
        }
        for k in 0..terms {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut postings = vec![(0usize, 0.0f64); self.ids.len()];
        for i in 0..n {
            for (id, v) in self.weights(i) {
                if let Some(slot) = fill.get_mut(id as usize)
                    && let Some(p) = postings.get_mut(*slot)
                {
                    *p = (i, v);
                    *slot += 1;
                }
            }
        }
        for t in 0..terms {
            let list = postings.get(start[t]..start[t + 1]).unwrap_or(&[]);
            for (x, &(a, wa)) in list.iter().enumerate() {
                for &(b, wb) in &list[x + 1..] {
                    w[a * n + b] += wa * wb;
                }
            }
        }
        for i in 0..n {
            for j in i + 1..n {
                w[j * n + i] = w[i * n + j];
            }
        }
        w
    }

    /// The cosine of each sentence with the sum of all sentence vectors.
    pub fn centroid(&self) -> Vec<f64> {
        // Summed per term in a dense array, then squared and added in term
        // order, the same on every run (a hash map's order changed the last
        // bits of the norm, and so the summary, from run to run).
        let size = self.ids.iter().max().map_or(0, |&m| m as usize + 1);
        let mut sum = vec![0.0f64; size];
        let mut seen = vec![false; size];
        for i in 0..self.len() {
            for (id, v) in self.weights(i) {
                let k = id as usize;
                if let (Some(s), Some(f)) = (sum.get_mut(k), seen.get_mut(k)) {
                    *f = true;
                    *s += v;
                }
            }
        }
        let norm = sum
            .iter()
            .zip(&seen)
            .filter(|(_, f)| **f)
            .map(|(v, _)| v * v)
            .sum::<f64>()
            .sqrt();
        (0..self.len())
            .map(|i| {
                let dot: f64 = self
                    .weights(i)
                    .map(|(id, v)| v * sum.get(id as usize).copied().unwrap_or(0.0))
                    .sum();
                if norm > 0.0 { dot / norm } else { 0.0 }
            })
            .collect()
    }
}

/// Calls `f(x, y)` for each item two sorted lists of distinct items share
/// (`a[x] == b[y]`), in order: one merge of the two.
pub fn for_each_common<T: Ord>(a: &[T], b: &[T], mut f: impl FnMut(usize, usize)) {
    let (mut x, mut y) = (0, 0);
    while let (Some(p), Some(q)) = (a.get(x), b.get(y)) {
        let order = p.cmp(q);
        if order.is_eq() {
            f(x, y);
        }
        // Both steps computed rather than branched on: which list moves is
        // a coin toss a branch predictor keeps losing.
        x += usize::from(order.is_le());
        y += usize::from(order.is_ge());
    }
}

/// Redundancy is weighed for this many picks; any further picks follow
/// the score alone. A summary that long has stopped being short, and it
/// keeps selection at `O(MMR_PICKS · n)` similarities plus a sort for any
/// `--sentences` or `--ratio` (issue 17, item 9).
pub const MMR_PICKS: usize = 16;

/// Picks up to `k` eligible sentences by maximal marginal relevance:
/// each step takes the best `score - redundancy * max similarity to the
/// sentences already picked` (`sim(i, j)`); ties go to the earlier
/// sentence. After [`MMR_PICKS`] picks, the rest are taken by score (ties:
/// the earlier sentence), so `sim` is called at most `MMR_PICKS * n`
/// times whatever `k` is.
pub fn mmr(
    scores: &[f64],
    k: usize,
    redundancy: f64,
    eligible: impl Fn(usize) -> bool,
    mut sim: impl FnMut(usize, usize) -> f64,
) -> Vec<usize> {
    let n = scores.len();
    let k = k.min(n);
    let mut picked: Vec<usize> = Vec::new();
    let mut max_sim = vec![0.0f64; n];
    let mut taken = vec![false; n];
    while picked.len() < k.min(MMR_PICKS) {
        let mut best: Option<(usize, f64)> = None;
        for i in 0..n {
            if taken[i] || !eligible(i) {
                continue;
            }
            let v = scores[i] - redundancy * max_sim[i];
            if best.is_none_or(|(_, b)| v > b) {
                best = Some((i, v));
            }
        }
        let Some((i, _)) = best else { break };
        taken[i] = true;
        picked.push(i);
        // The last pick needs no similarities.
        if picked.len() < k.min(MMR_PICKS) && redundancy != 0.0 {
            for (j, m) in max_sim.iter_mut().enumerate() {
                if !taken[j] && eligible(j) {
                    *m = m.max(sim(i, j));
                }
            }
        }
    }
    if picked.len() < k {
        let mut rest: Vec<usize> = (0..n).filter(|&i| !taken[i] && eligible(i)).collect();
        rest.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        picked.extend(rest.into_iter().take(k - picked.len()));
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_similarity_matrix_is_every_pair_s_cosine_to_the_bit() {
        let mut b = VectorsBuilder::new(12);
        let rows: [&[u32]; 6] = [
            &[1, 0, 1, 5],
            &[1, 2, 7],
            &[3],
            &[],
            &[5, 7, 7, 11],
            &[0, 1, 2, 3],
        ];
        for terms in rows {
            b.push(terms);
        }
        let v = b.finish();
        let n = v.len();
        let w = v.similarities();
        for i in 0..n {
            for j in 0..n {
                let want = if i == j {
                    0.0
                } else {
                    v.sim(i.min(j), i.max(j))
                };
                assert_eq!(w[i * n + j].to_bits(), want.to_bits(), "{i} {j}");
            }
        }
        // LexRank over it: a distribution, the isolated sentences lowest.
        let c = v.lexrank();
        assert!((c.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(c[2] < c[1] && c[3] < c[1]);
    }

    #[test]
    fn vectors_hold_tf_idf_cosines_from_counts() {
        // Three sentences over terms 0..4; term 1 is twice in the first.
        let mut b = VectorsBuilder::new(4);
        for terms in [&[1, 0, 1][..], &[1, 2], &[3]] {
            b.push(terms);
        }
        let v = b.finish();
        assert_eq!(v.len(), 3);
        assert_eq!((v.terms(0), v.counts(0)), (&[0, 1][..], &[1, 2][..]));
        assert_eq!((v.terms(2), v.counts(2)), (&[3][..], &[1][..]));
        // The weights as the stored form computed them: (1 + ln tf) · idf,
        // idf = ln((n + 1) / df) + 1, each row divided by its norm.
        let idf = |df: f64| (4.0f64 / df).ln() + 1.0;
        let (a0, a1) = (idf(1.0), (1.0 + 2f64.ln()) * idf(2.0));
        let (b1, b2) = (idf(2.0), idf(1.0));
        let (na, nb) = ((a0 * a0 + a1 * a1).sqrt(), (b1 * b1 + b2 * b2).sqrt());
        assert_eq!(v.sim(0, 1), (a1 / na) * (b1 / nb));
        assert_eq!(v.sim(1, 0), v.sim(0, 1));
        assert_eq!(v.sim(0, 2), 0.0);
        assert!((v.sim(2, 2) - 1.0).abs() < 1e-12);
        assert_eq!(v.sim(0, 9), 0.0, "out of range");
    }

    #[test]
    fn selection_work_is_bounded_for_any_length() {
        // 20,000 sentences, every one picked (`--ratio 1`): the old loop
        // compared each pick with every sentence, n²/2 = 2·10⁸ calls.
        let n = 20_000;
        let scores: Vec<f64> = (0..n).map(|i| 1.0 / (1.0 + (i % 97) as f64)).collect();
        for k in [1, 2, 3, MMR_PICKS, MMR_PICKS + 1, n / 2, n, 1_000_000] {
            let mut calls = 0usize;
            let picked = mmr(
                &scores,
                k,
                0.3,
                |_| true,
                |i, j| {
                    calls += 1;
                    if (i % 97) == (j % 97) { 1.0 } else { 0.0 }
                },
            );
            assert_eq!(picked.len(), k.min(n), "k = {k}");
            assert!(calls <= MMR_PICKS * n, "k = {k}: {calls} similarity calls");
            let mut uniq = picked.clone();
            uniq.sort_unstable();
            uniq.dedup();
            assert_eq!(uniq.len(), picked.len(), "no sentence twice");
        }
    }

    #[test]
    fn mmr_skips_a_near_duplicate() {
        // 0 and 1 say the same; 2 is new but scores lower.
        let scores = [0.9, 0.85, 0.6, 0.1];
        let sim = |i: usize, j: usize| if i + j == 1 { 0.95 } else { 0.0 };
        assert_eq!(mmr(&scores, 2, 0.5, |_| true, sim), vec![0, 2]);
        assert_eq!(mmr(&scores, 2, 0.0, |_| true, sim), vec![0, 1]);
        // Ineligible sentences are never picked, even with k > n.
        assert_eq!(mmr(&scores, 9, 0.5, |i| i != 2, sim), vec![0, 1, 3]);
    }
}
