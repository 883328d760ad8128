//! The pair scorer: which two sentences make the best summary together.
//!
//! The sentence scorer ([`super::Model::select_score`]) rates each sentence
//! alone; what a pair of them gives a reader also depends on the two
//! together: how much of the title they cover between them, how much they
//! repeat each other, how long they are together. The pair scorer is a
//! linear function of [`PAIR_FEATURES`] over the pairs of the
//! [`PAIR_TOP`] best sentences, learned by `analyze train-summarizer`
//! (a softmax over each article's pairs, towards the pairs with the best
//! ROUGE); its best pair opens the summary.

use super::features::Candidates;

/// How many of the best sentences by their own score are paired.
pub const PAIR_TOP: usize = 5;

/// The names of the pair features, in the order of [`pair_features`].
pub const PAIR_FEATURES: [&str; 9] = [
    "score_sum",
    "score_min",
    "similarity",
    "title_union",
    "title_both",
    "log_len_sum",
    "adjacent",
    "has_first",
    "top_union",
];

/// Number of pair features.
pub const N_PAIR: usize = PAIR_FEATURES.len();

/// The features of the pair `(i, j)` of candidates, whose own scores are
/// `scores`.
pub fn pair_features(c: &Candidates, scores: &[f64], i: usize, j: usize) -> [f64; N_PAIR] {
    let s = |k: usize| scores.get(k).copied().unwrap_or(0.0);
    let syl = |k: usize| c.cands.get(k).map_or(0.0, |x| x.syllables as f64);
    let index = |k: usize| c.cands.get(k).map_or(0, |x| x.index);
    let (union, both) = c.title_union(i, j);
    let (a, b) = (index(i).min(index(j)), index(i).max(index(j)));
    let row = [
        s(i) + s(j),
        s(i).min(s(j)),
        c.vectors.sim(i, j),
        union,
        both,
        (1.0 + syl(i) + syl(j)).ln(),
        f64::from(u8::from(b == a + 1)),
        f64::from(u8::from(a == 0)),
        c.top_union(i, j),
    ];
    row.map(|x| if x.is_finite() { x } else { 0.0 })
}

/// The eligible candidates with the [`PAIR_TOP`] best scores, best first
/// (ties: the earlier sentence).
pub fn top(scores: &[f64], eligible: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).filter(|&i| eligible(i)).collect();
    idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    idx.truncate(PAIR_TOP);
    idx
}

/// Every pair `(i, j)` of `top`, in a fixed order.
pub fn pairs_of(top: &[usize]) -> impl Iterator<Item = (usize, usize)> + '_ {
    top.iter()
        .enumerate()
        .flat_map(move |(a, &i)| top.get(a + 1..).unwrap_or(&[]).iter().map(move |&j| (i, j)))
}

/// The pair the weights rate best, if there are two eligible candidates.
pub fn best_pair(
    c: &Candidates,
    scores: &[f64],
    weights: &[f64; N_PAIR],
    eligible: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let top = top(scores, eligible);
    let mut best: Option<((usize, usize), f64)> = None;
    for (i, j) in pairs_of(&top) {
        let x = pair_features(c, scores, i, j);
        let v: f64 = x.iter().zip(weights).map(|(x, w)| x * w).sum();
        if best.is_none_or(|(_, b)| v > b) {
            best = Some(((i, j), v));
        }
    }
    best.map(|(p, _)| p)
}

/// `scores` with the best pair's raised above every other, so that
/// selection ([`super::rank::mmr`]) takes that pair first and goes on by
/// the sentences' own scores.
pub fn lift_best_pair(
    c: &Candidates,
    scores: &[f64],
    weights: &[f64; N_PAIR],
    eligible: impl Fn(usize) -> bool,
) -> Vec<f64> {
    let mut out = scores.to_vec();
    if let Some((i, j)) = best_pair(c, scores, weights, eligible) {
        let max = scores
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(0.0f64, f64::max);
        let lift = max.abs() + 1e6;
        for k in [i, j] {
            if let Some(s) = out.get_mut(k) {
                *s += lift;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::words::Words;
    use crate::{Analyzer, Options, Stage};

    /// A title that names two things, and a body whose sentences hold one
    /// of them, the other, the first again, or neither.
    const ARTICLE: &str = "Hà Giang trồng rừng và phát triển du lịch\n\n\
        Hà Giang trồng rừng trên 5.000 ha trong năm nay.\n\
        Tỉnh cũng trồng rừng phòng hộ ở các huyện biên giới.\n\
        Hà Giang phát triển du lịch cộng đồng gắn với bảo tồn văn hóa.\n\
        Thời tiết những ngày cuối tuần khá thuận lợi cho người dân.\n";

    fn with_candidates<T>(f: impl FnOnce(&Candidates) -> T) -> T {
        let opts = Options {
            stage: Stage::Extract,
            ..Options::default()
        };
        let a = Analyzer::shared().analyze_str_full(ARTICLE, &opts);
        let words = Words::new(&a.work);
        let c = Candidates::new(&a.work, &a.record, &words);
        assert_eq!(c.cands.len(), 4);
        f(&c)
    }

    #[test]
    fn pairs_are_those_of_the_best_eligible_sentences() {
        let scores = [0.5, 2.0, -1.0, 2.0, 0.1, 3.0, 0.0];
        // Ties go to the earlier sentence; 5 is not eligible.
        let t = top(&scores, |i| i != 5);
        assert_eq!(t, vec![1, 3, 0, 4, 6]);
        let p: Vec<(usize, usize)> = pairs_of(&t).collect();
        assert_eq!(p.len(), 10);
        assert_eq!(&p[..4], &[(1, 3), (1, 0), (1, 4), (1, 6)]);
        assert_eq!(p[9], (4, 6));
        assert!(pairs_of(&t[..1]).next().is_none());
    }

    #[test]
    fn pair_features_measure_what_two_sentences_cover_together() {
        with_candidates(|c| {
            // The title's 9 distinct syllables: sentence 0 holds "hà giang
            // trồng rừng", sentence 2 "hà giang phát triển du lịch".
            let (either, both) = c.title_union(0, 2);
            assert_eq!((either, both), (8.0 / 9.0, 2.0 / 9.0));
            // Sentence 1 holds "trồng rừng" only, which 0 also holds.
            assert_eq!(c.title_union(0, 1), (4.0 / 9.0, 2.0 / 9.0));
            assert_eq!(c.title_union(3, 3), (0.0, 0.0));
            let scores = [1.0, 0.5, 0.25, -1.0];
            let x = pair_features(c, &scores, 0, 2);
            assert_eq!(x[0], 1.25);
            assert_eq!(x[1], 0.25);
            assert_eq!(x[3], 8.0 / 9.0);
            assert_eq!(x[4], 2.0 / 9.0);
            assert_eq!(x[6], 0.0, "0 and 2 are not adjacent");
            assert_eq!(x[7], 1.0, "the pair holds the first sentence");
            let y = pair_features(c, &scores, 2, 1);
            assert_eq!((y[6], y[7]), (1.0, 0.0));
            // The pair's syllables: ln(1 + both sentences').
            let syl = |i: usize| c.cands[i].syllables as f64;
            assert_eq!(x[5], (1.0 + syl(0) + syl(2)).ln());
        });
    }

    #[test]
    fn the_best_pair_opens_the_selection() {
        with_candidates(|c| {
            // By their own scores 0 and 1 lead (they repeat "trồng rừng");
            // weights that reward covering the title pick 0 and 2.
            let scores = [1.0, 0.9, 0.2, 0.0];
            let mut w = [0.0; N_PAIR];
            w[3] = 1.0;
            let all = |_: usize| true;
            assert_eq!(best_pair(c, &scores, &w, all), Some((0, 2)));
            let lifted = lift_best_pair(c, &scores, &w, all);
            let picked = crate::summarize::mmr(&lifted, 3, 0.0, all, |i, j| c.vectors.sim(i, j));
            assert_eq!(picked, vec![0, 2, 1]);
            // Weights on the sentences' own scores alone keep their order.
            let mut by_score = [0.0; N_PAIR];
            by_score[0] = 1.0;
            assert_eq!(best_pair(c, &scores, &by_score, all), Some((0, 1)));
            // One eligible sentence makes no pair: the scores stay.
            let only = |i: usize| i == 3;
            assert_eq!(best_pair(c, &scores, &w, only), None);
            assert_eq!(lift_best_pair(c, &scores, &w, only), scores.to_vec());
        });
    }
}
