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
/// Flat: the rows one after another in `ids` and `weights`, row `i` at
/// `ends[i - 1]..ends[i]`, so a large input's hundreds of thousands of
/// sentences cost 12 bytes per term and no allocation each.
pub struct Vectors {
    ids: Vec<u32>,
    weights: Vec<f64>,
    ends: Vec<usize>,
    /// IDF by term id (1 for a term no sentence holds).
    idf: Vec<f64>,
}

impl Vectors {
    /// Vectors of sentences given as content-word ids (ids below `vocab`).
    pub fn new<'a>(sentences: impl Iterator<Item = &'a [u32]>, vocab: usize) -> Vectors {
        let (mut ids, mut weights, mut ends): (Vec<u32>, Vec<f64>, Vec<usize>) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut df = vec![0u32; vocab];
        let mut t: Vec<u32> = Vec::new();
        for terms in sentences {
            t.clear();
            t.extend_from_slice(terms);
            t.sort_unstable();
            let row_start = ids.len();
            for &id in &t {
                if ids.len() > row_start && ids.last() == Some(&id) {
                    if let Some(c) = weights.last_mut() {
                        *c += 1.0;
                    }
                } else {
                    ids.push(id);
                    weights.push(1.0);
                    if let Some(d) = df.get_mut(id as usize) {
                        *d += 1;
                    }
                }
            }
            ends.push(ids.len());
        }
        ids.shrink_to_fit();
        weights.shrink_to_fit();
        let n = ends.len() as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((n + 1.0) / f64::from(d.max(1))).ln() + 1.0)
            .collect();
        let mut start = 0;
        for &end in &ends {
            let (Some(row_ids), Some(row)) = (ids.get(start..end), weights.get_mut(start..end))
            else {
                break;
            };
            let mut norm = 0.0;
            for (id, c) in row_ids.iter().zip(row.iter_mut()) {
                let d = df.get(*id as usize).copied().unwrap_or(1).max(1) as f64;
                let idf = ((n + 1.0) / d).ln() + 1.0;
                *c = (1.0 + c.ln()) * idf;
                norm += *c * *c;
            }
            let norm = norm.sqrt();
            if norm > 0.0 {
                for c in row.iter_mut() {
                    *c /= norm;
                }
            }
            start = end;
        }
        Vectors {
            ids,
            weights,
            ends,
            idf,
        }
    }

    /// Row `i`: its term ids and weights.
    fn row(&self, i: usize) -> Option<(&[u32], &[f64])> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        let end = *self.ends.get(i)?;
        Some((self.ids.get(start..end)?, self.weights.get(start..end)?))
    }

    /// Every row, in order.
    fn rows(&self) -> impl Iterator<Item = (&[u32], &[f64])> + '_ {
        (0..self.len()).filter_map(|i| self.row(i))
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
        let (Some((ai, aw)), Some((bi, bw))) = (self.row(i), self.row(j)) else {
            return 0.0;
        };
        let (mut x, mut y, mut s) = (0, 0, 0.0);
        while let (Some(p), Some(q)) = (ai.get(x), bi.get(y)) {
            match p.cmp(q) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    s += aw.get(x).copied().unwrap_or(0.0) * bw.get(y).copied().unwrap_or(0.0);
                    x += 1;
                    y += 1;
                }
            }
        }
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
        let mut w = vec![0.0f64; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let s = self.sim(i, j);
                w[i * n + j] = s;
                w[j * n + i] = s;
            }
        }
        let out: Vec<f64> = (0..n).map(|i| w[i * n..(i + 1) * n].iter().sum()).collect();
        let base = (1.0 - DAMPING) / n as f64;
        let mut p = vec![1.0 / n as f64; n];
        let mut next = vec![0.0; n];
        for _ in 0..ITERATIONS {
            // Mass of sentences with no similar sentence is spread evenly.
            let dangling: f64 = (0..n).filter(|&j| out[j] <= 0.0).map(|j| p[j]).sum();
            for (i, x) in next.iter_mut().enumerate() {
                let mut s = 0.0;
                for j in 0..n {
                    let wij = w[j * n + i];
                    if wij > 0.0 {
                        s += wij / out[j] * p[j];
                    }
                }
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

    /// The cosine of each sentence with the sum of all sentence vectors.
    pub fn centroid(&self) -> Vec<f64> {
        // A BTreeMap: its sums come out in term order, the same on every
        // run (a FxHashMap's order changed the last bits of the norm, and so
        // the summary, from run to run).
        let mut sum: std::collections::BTreeMap<u32, f64> = std::collections::BTreeMap::new();
        for (ids, weights) in self.rows() {
            for (id, v) in ids.iter().zip(weights) {
                *sum.entry(*id).or_insert(0.0) += v;
            }
        }
        let norm = sum.values().map(|v| v * v).sum::<f64>().sqrt();
        self.rows()
            .map(|(ids, weights)| {
                let dot: f64 = ids
                    .iter()
                    .zip(weights)
                    .map(|(id, v)| v * sum.get(id).copied().unwrap_or(0.0))
                    .sum();
                if norm > 0.0 { dot / norm } else { 0.0 }
            })
            .collect()
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
