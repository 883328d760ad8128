//! Gradient-boosted regression trees over the summarizer's features: the
//! correction the learned scorer adds to its linear log-odds
//! ([`super::model::Model`]), fitted by [`boost`] on the gradients of the
//! per-article softmax.
//!
//! Every tree is complete, of one depth `d`: `2^d - 1` splits in
//! breadth-first order (node `i` has children `2i + 1`, `2i + 2`), then
//! `2^d` leaf values. A split sends a row left when its feature is at most
//! the threshold; a node that does not split sends every row left. So a
//! tree is `d` comparisons, and the file holds numbers and feature names
//! only.

use super::features::N_FEATURES;
use rayon::prelude::*;

/// The deepest tree a model file may hold (`2^8` leaves).
pub const MAX_DEPTH: usize = 8;

/// One split: feature index and threshold; `None` sends every row left.
pub type Split = Option<(usize, f64)>;

/// A complete regression tree of depth `d`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The `2^d - 1` splits, breadth-first.
    pub splits: Vec<Split>,
    /// The `2^d` leaf values (log-odds added to the score).
    pub leaves: Vec<f64>,
}

impl Tree {
    /// The leaf value of a feature row.
    pub fn eval(&self, x: &[f64; N_FEATURES]) -> f64 {
        let mut node = 0usize;
        while let Some(s) = self.splits.get(node) {
            let right = s.is_some_and(|(f, t)| x.get(f).is_some_and(|v| *v > t));
            node = 2 * node + 1 + usize::from(right);
        }
        self.leaves
            .get(node - self.splits.len())
            .copied()
            .unwrap_or(0.0)
    }
}

/// Settings of boosting.
#[derive(Debug, Clone)]
pub struct BoostOptions {
    /// Number of trees.
    pub trees: usize,
    /// Depth of every tree.
    pub depth: usize,
    /// Shrinkage of every leaf value.
    pub learning_rate: f64,
    /// L2 penalty on the leaf values (in units of the hessian).
    pub lambda: f64,
    /// Least summed hessian on either side of a split.
    pub min_hessian: f64,
    /// Most thresholds tried per feature (quantiles of its values).
    pub bins: usize,
}

impl Default for BoostOptions {
    fn default() -> BoostOptions {
        BoostOptions {
            trees: 0,
            depth: 3,
            learning_rate: 0.1,
            lambda: 1.0,
            min_hessian: 1.0,
            bins: 32,
        }
    }
}

/// One group of rows (an article): their features, targets summing to 1
/// (or all 0), and the group's weight.
pub struct Group<'a> {
    /// Feature rows.
    pub rows: Vec<&'a [f64; N_FEATURES]>,
    /// Target share of each row.
    pub target: Vec<f64>,
    /// Weight of the group in the loss.
    pub weight: f64,
    /// Starting score of each row (the linear model's log-odds).
    pub base: Vec<f64>,
}

/// The result of [`boost`]: the trees and the summed split gain per
/// feature (its importance).
pub struct Boosted {
    /// The trees, in order.
    pub trees: Vec<Tree>,
    /// Summed gain of the splits on each feature.
    pub gain: [f64; N_FEATURES],
}

/// Candidate thresholds of a feature: midpoints between its distinct
/// values, thinned to at most `bins` quantiles.
fn thresholds(values: &mut [f64], bins: usize) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut uniq: Vec<f64> = Vec::new();
    for &v in values.iter() {
        if uniq.last().is_none_or(|l| v > *l) {
            uniq.push(v);
        }
    }
    let mids: Vec<f64> = uniq.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    if mids.len() <= bins {
        return mids;
    }
    // Quantiles of the rows, so dense regions get more thresholds.
    let n = values.len();
    let mut out: Vec<f64> = Vec::new();
    for q in 1..=bins {
        let v = values[(q * n / (bins + 1)).min(n - 1)];
        // The midpoint just above v.
        let i = mids.partition_point(|m| *m < v);
        if let Some(&m) = mids.get(i)
            && out.last().is_none_or(|l| m > *l)
        {
            out.push(m);
        }
    }
    out
}

/// Fits `opts.trees` trees to the per-group softmax loss, starting from
/// each row's `base` score: each round takes the gradient and hessian of
/// `-Σ target · log softmax(score)` per group, grows one tree by exact
/// greedy gain over the binned features, and adds its shrunk leaf values.
#[allow(clippy::needless_range_loop)]
pub fn boost(groups: &[Group], opts: &BoostOptions) -> Boosted {
    let depth = opts.depth.clamp(1, MAX_DEPTH);
    let rows: Vec<&[f64; N_FEATURES]> = groups.iter().flat_map(|g| g.rows.clone()).collect();
    let n = rows.len();
    let mut gain = [0.0; N_FEATURES];
    if n == 0 || opts.trees == 0 {
        return Boosted {
            trees: Vec::new(),
            gain,
        };
    }
    // Bins, column-major: bin b of feature f means thr[f][b-1] < x <= thr[f][b].
    let thr: Vec<Vec<f64>> = (0..N_FEATURES)
        .into_par_iter()
        .map(|f| {
            let mut v: Vec<f64> = rows.iter().map(|r| r[f]).collect();
            thresholds(&mut v, opts.bins.clamp(1, 255))
        })
        .collect();
    let bins: Vec<Vec<u8>> = (0..N_FEATURES)
        .into_par_iter()
        .map(|f| {
            rows.iter()
                .map(|r| thr[f].partition_point(|t| *t < r[f]) as u8)
                .collect()
        })
        .collect();
    let mut score: Vec<f64> = groups.iter().flat_map(|g| g.base.clone()).collect();
    let mut grad = vec![0.0f64; n];
    let mut hess = vec![0.0f64; n];
    let mut trees = Vec::with_capacity(opts.trees);
    let n_split = (1usize << depth) - 1;
    for _ in 0..opts.trees {
        // Gradients of the softmax loss, group by group.
        let mut at = 0;
        for g in groups {
            let k = g.rows.len();
            let total: f64 = g.target.iter().sum();
            let s = &score[at..at + k];
            if total > 0.0 {
                let max = s.iter().copied().fold(f64::MIN, f64::max);
                let e: Vec<f64> = s.iter().map(|v| (v - max).exp()).collect();
                let sum: f64 = e.iter().sum();
                for i in 0..k {
                    let p = e[i] / sum;
                    grad[at + i] = g.weight * (p - g.target[i] / total);
                    hess[at + i] = g.weight * (p * (1.0 - p)).max(1e-6);
                }
            } else {
                for i in 0..k {
                    grad[at + i] = 0.0;
                    hess[at + i] = 0.0;
                }
            }
            at += k;
        }
        // Grow level by level; `members[node]` are the rows at that node.
        let mut members: Vec<Vec<u32>> = vec![(0..n as u32).collect()];
        let mut splits: Vec<Split> = Vec::with_capacity(n_split);
        for _level in 0..depth {
            let mut next: Vec<Vec<u32>> = Vec::with_capacity(members.len() * 2);
            for m in &members {
                let (g_all, h_all) = m.iter().fold((0.0, 0.0), |(a, b), &r| {
                    (a + grad[r as usize], b + hess[r as usize])
                });
                let parent = g_all * g_all / (h_all + opts.lambda);
                // Best split of each feature, in parallel.
                let best = (0..N_FEATURES)
                    .into_par_iter()
                    .filter_map(|f| {
                        let nb = thr[f].len() + 1;
                        if nb < 2 {
                            return None;
                        }
                        let mut hg = vec![0.0f64; nb];
                        let mut hh = vec![0.0f64; nb];
                        let col = &bins[f];
                        for &r in m {
                            let b = col[r as usize] as usize;
                            hg[b] += grad[r as usize];
                            hh[b] += hess[r as usize];
                        }
                        let (mut gl, mut hl) = (0.0, 0.0);
                        let mut best: Option<(f64, usize)> = None;
                        for b in 0..nb - 1 {
                            gl += hg[b];
                            hl += hh[b];
                            let (gr, hr) = (g_all - gl, h_all - hl);
                            if hl < opts.min_hessian || hr < opts.min_hessian {
                                continue;
                            }
                            let v = gl * gl / (hl + opts.lambda) + gr * gr / (hr + opts.lambda)
                                - parent;
                            if best.is_none_or(|(bv, _)| v > bv) {
                                best = Some((v, b));
                            }
                        }
                        best.map(|(v, b)| (v, f, b))
                    })
                    .reduce_with(|a, b| {
                        if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
                            b
                        } else {
                            a
                        }
                    });
                match best {
                    Some((v, f, b)) if v > 1e-9 => {
                        gain[f] += v;
                        splits.push(Some((f, thr[f][b])));
                        let (l, r): (Vec<u32>, Vec<u32>) = m
                            .iter()
                            .partition(|&&r| (bins[f][r as usize] as usize) <= b);
                        next.push(l);
                        next.push(r);
                    }
                    _ => {
                        splits.push(None);
                        next.push(m.clone());
                        next.push(Vec::new());
                    }
                }
            }
            members = next;
        }
        let leaves: Vec<f64> = members
            .iter()
            .map(|m| {
                let (g, h) = m.iter().fold((0.0, 0.0), |(a, b), &r| {
                    (a + grad[r as usize], b + hess[r as usize])
                });
                if m.is_empty() {
                    0.0
                } else {
                    -opts.learning_rate * g / (h + opts.lambda)
                }
            })
            .collect();
        for (leaf, m) in members.iter().enumerate() {
            for &r in m {
                score[r as usize] += leaves[leaf];
            }
        }
        trees.push(Tree { splits, leaves });
    }
    Boosted { trees, gain }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(a: f64, b: f64) -> [f64; N_FEATURES] {
        let mut x = [0.0; N_FEATURES];
        x[0] = a;
        x[1] = b;
        x
    }

    #[test]
    fn a_tree_walks_its_splits() {
        let t = Tree {
            splits: vec![Some((0, 0.5)), Some((1, 2.0)), None],
            leaves: vec![1.0, 2.0, 3.0, 4.0],
        };
        assert_eq!(t.eval(&row(0.0, 1.0)), 1.0);
        assert_eq!(t.eval(&row(0.0, 3.0)), 2.0);
        assert_eq!(t.eval(&row(1.0, 3.0)), 3.0);
    }

    #[test]
    fn thresholds_are_midpoints_of_distinct_values() {
        assert_eq!(thresholds(&mut [1.0, 0.0, 1.0, 0.0], 8), vec![0.5]);
        let mut many: Vec<f64> = (0..1000).map(f64::from).collect();
        let t = thresholds(&mut many, 10);
        assert_eq!(t.len(), 10);
        assert!(t.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn boosting_learns_an_interaction() {
        // The target row of each group: feature 0 high AND feature 1 low,
        // which no single linear weight separates from its look-alikes.
        let rows = [row(1.0, 0.0), row(1.0, 1.0), row(0.0, 0.0), row(0.0, 1.0)];
        let groups: Vec<Group> = (0..20)
            .map(|_| Group {
                rows: rows.iter().collect(),
                target: vec![1.0, 0.0, 0.0, 0.0],
                weight: 1.0,
                base: vec![0.0; 4],
            })
            .collect();
        let b = boost(
            &groups,
            &BoostOptions {
                trees: 30,
                depth: 2,
                learning_rate: 0.3,
                ..BoostOptions::default()
            },
        );
        let score = |x: &[f64; N_FEATURES]| b.trees.iter().map(|t| t.eval(x)).sum::<f64>();
        let s: Vec<f64> = rows.iter().map(score).collect();
        assert!(
            s[0] > s[1] + 1.0 && s[0] > s[2] + 1.0 && s[0] > s[3] + 1.0,
            "{s:?}"
        );
        assert!(b.gain[0] > 0.0 && b.gain[1] > 0.0);
    }
}
