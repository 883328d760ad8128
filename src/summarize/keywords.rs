//! Keywords: the article's top terms.
//!
//! Terms are the segmenter's words of the title and the body, stopwords
//! removed: multi-syllable words ("tham nhũng") and abbreviations ("UBND"),
//! and noun-phrase-like runs of such words that recur, kept whole, with a
//! comma inside when the article writes a fixed pair that way ("cán bộ,
//! đảng viên", "phòng, chống tham nhũng"). A term scores by its count
//! (title occurrences weigh [`TITLE_WEIGHT`]); a phrase that covers at least
//! half the uses of a word it holds takes that word's place.

use super::words::Words;
use crate::chars::CharExt;
use crate::document::{Keyword, Role, Work};
use rustc_hash::{FxHashMap, FxHashSet};

/// The weight of a title occurrence against a body occurrence.
pub const TITLE_WEIGHT: f64 = 3.0;
/// The most words in a phrase.
const MAX_WORDS: usize = 4;
/// Stands for a comma inside a phrase key.
const COMMA: u32 = u32::MAX;

/// One word of a run of content words.
struct Unit {
    id: u32,
    /// Whether a comma stands before it (within the run).
    comma_before: bool,
    /// Multi-syllable or an abbreviation: may end a phrase.
    strong: bool,
}

#[derive(Default)]
struct Stat {
    weight: f64,
    count: usize,
    first: usize,
    words: usize,
}

/// The top `n` keywords of the document, best first (ties in order of
/// first occurrence). Scores are in (0, 1], the best term scoring 1.
pub fn keywords(work: &Work, words: &Words, n: usize) -> Vec<Keyword> {
    if n == 0 {
        return Vec::new();
    }
    let norm = work.text.norm();
    let mut stats: FxHashMap<Vec<u32>, Stat> = FxHashMap::default();
    // Written forms of each word and their weights.
    let mut forms: FxHashMap<u32, Vec<(&str, f64)>> = FxHashMap::default();
    let mut order = 0usize;
    let mut run: Vec<Unit> = Vec::new();
    let mut key: Vec<u32> = Vec::new();
    for s in &words.sents {
        let weight = if s.role == Role::Title {
            TITLE_WEIGHT
        } else {
            1.0
        };
        let Some(seg) = work.segments.get(s.seg) else {
            continue;
        };
        run.clear();
        let mut comma = false;
        for (i, (&id, range)) in s.words.iter().zip(seg.words()).enumerate() {
            let Some(info) = words.get(id) else { continue };
            if info.keyword() {
                let surface = norm.get(range).unwrap_or(info.key.as_str());
                let abbrev = surface.chars().filter(|c| c.is_alpha()).count() >= 2
                    && surface.chars().all(|c| !c.is_alpha() || c.is_uppercase());
                // A sentence's first word keeps its capitals only when
                // every syllable has one (a name: "Yên Bái").
                let name = info.syllables >= 2
                    && surface
                        .split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                let form = if i == 0 && !abbrev && !name {
                    info.key.as_str()
                } else {
                    surface
                };
                let f = forms.entry(id).or_default();
                match f.iter_mut().find(|(s, _)| *s == form) {
                    Some((_, w)) => *w += 1.0,
                    None => f.push((form, 1.0)),
                }
                run.push(Unit {
                    id,
                    comma_before: comma && !run.is_empty(),
                    strong: info.syllables >= 2 || abbrev,
                });
                comma = false;
            } else if info.comma && !run.is_empty() && !comma {
                comma = true;
            } else {
                count_run(&run, weight, words, &mut stats, &mut key, &mut order);
                run.clear();
                comma = false;
            }
        }
        count_run(&run, weight, words, &mut stats, &mut key, &mut order);
    }

    // Phrases that cover most uses of a word take its place.
    let mut absorbed: FxHashMap<&[u32], f64> = FxHashMap::default();
    let mut gone: FxHashSet<u32> = FxHashSet::default();
    for (k, st) in &stats {
        if st.words < 2 || st.count < 2 {
            continue;
        }
        for &part in k.iter().filter(|&&p| p != COMMA) {
            let Some(ps) = stats.get([part].as_slice()) else {
                continue;
            };
            if (st.count as f64) >= 0.5 * ps.count as f64 {
                let e = absorbed.entry(k.as_slice()).or_insert(0.0);
                *e = e.max(ps.weight);
                gone.insert(part);
            }
        }
    }
    let mut cands: Vec<(&[u32], f64, &Stat)> = stats
        .iter()
        .filter(|(k, st)| {
            if st.words == 1 {
                k.first().is_some_and(|id| {
                    !gone.contains(id) && !words.get(*id).is_some_and(|w| w.generic)
                })
            } else {
                st.count >= 2
            }
        })
        .map(|(k, st)| {
            let s = absorbed
                .get(k.as_slice())
                .copied()
                .unwrap_or(0.0)
                .max(st.weight);
            // A phrase edges out the word it absorbed.
            let s = s + 0.01 * (st.words - 1) as f64;
            (k.as_slice(), s, st)
        })
        .collect();
    cands.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.2.first.cmp(&b.2.first))
    });
    let mut picked: Vec<(&[u32], f64, &Stat)> = Vec::new();
    for c in cands {
        if picked.len() >= n {
            break;
        }
        // No term inside another, and no two phrases sharing a word
        // ("cán bộ, đảng viên" and "đảng viên, công chức").
        if picked.iter().any(|p| {
            contains(p.0, c.0)
                || contains(c.0, p.0)
                || (p.2.words > 1 && c.2.words > 1 && shares_word(p.0, c.0))
        }) {
            continue;
        }
        picked.push(c);
    }
    let max = picked.first().map(|p| p.1).unwrap_or(1.0).max(1e-9);
    let best_form = |id: u32| -> &str {
        forms
            .get(&id)
            .and_then(|f| {
                f.iter()
                    .max_by(|a, b| {
                        a.1.partial_cmp(&b.1)
                            .unwrap_or(std::cmp::Ordering::Equal)
                            .then(b.0.cmp(a.0))
                    })
                    .map(|f| f.0)
            })
            .or_else(|| words.get(id).map(|w| w.key.as_str()))
            .unwrap_or("")
    };
    picked
        .into_iter()
        .map(|(k, s, _)| {
            let mut text = String::new();
            for &id in k {
                if id == COMMA {
                    text.push(',');
                    continue;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                // One space between syllables, as the key has.
                let mut first = true;
                for syl in best_form(id).split_whitespace() {
                    if !first {
                        text.push(' ');
                    }
                    text.push_str(syl);
                    first = false;
                }
            }
            let score = (s / max * 1e6).round() / 1e6;
            Keyword {
                text,
                score: if score.is_finite() { score } else { 0.0 },
            }
        })
        .collect()
}

/// Whether the words of `inner` stand, whole, inside the longer `outer`.
fn contains(outer: &[u32], inner: &[u32]) -> bool {
    let o: Vec<u32> = outer.iter().copied().filter(|&w| w != COMMA).collect();
    let i: Vec<u32> = inner.iter().copied().filter(|&w| w != COMMA).collect();
    !i.is_empty() && i.len() < o.len() && o.windows(i.len()).any(|w| w == i.as_slice())
}

/// Whether two phrases share a word.
fn shares_word(a: &[u32], b: &[u32]) -> bool {
    a.iter().any(|w| *w != COMMA && b.contains(w))
}

/// Counts the words and phrases of one run of content words.
fn count_run(
    run: &[Unit],
    weight: f64,
    words: &Words,
    stats: &mut FxHashMap<Vec<u32>, Stat>,
    key: &mut Vec<u32>,
    order: &mut usize,
) {
    for start in 0..run.len() {
        key.clear();
        let mut commas = 0;
        for len in 1..=MAX_WORDS.min(run.len() - start) {
            let u = &run[start + len - 1];
            if len > 1 && u.comma_before {
                commas += 1;
                key.push(COMMA);
            }
            key.push(u.id);
            if commas > 1 {
                break;
            }
            let first = &run[start];
            // A phrase ends on a strong word and starts on one, or on a
            // word right before a comma ("phòng, chống ...").
            let starts_ok = first.strong
                || run
                    .get(start + 1)
                    .is_some_and(|n| n.comma_before && len > 1);
            if !u.strong || !starts_ok {
                continue;
            }
            if len == 1 && words.get(u.id).is_some_and(|w| w.generic) {
                continue;
            }
            let st = match stats.get_mut(key.as_slice()) {
                Some(st) => st,
                None => stats.entry(key.clone()).or_insert_with(|| Stat {
                    first: *order,
                    words: len,
                    ..Stat::default()
                }),
            };
            st.weight += weight;
            st.count += 1;
            *order += 1;
        }
    }
}
