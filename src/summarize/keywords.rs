//! Keywords: the article's top terms.
//!
//! Terms are the segmenter's words of the title and the body, stopwords
//! removed: multi-syllable words ("tham nhũng") and abbreviations ("UBND"),
//! and noun-phrase-like runs of such words that recur, kept whole, with a
//! comma inside when the article writes a fixed pair that way ("cán bộ,
//! đảng viên", "phòng, chống tham nhũng"). A term scores by its count
//! (title occurrences weigh [`TITLE_WEIGHT`]); a phrase that covers at least
//! half the uses of a word it holds takes that word's place.

use super::{Lexicon, is_wordlike, word_key};
use crate::document::{Document, Keyword, Role};
use std::collections::HashMap;

/// The weight of a title occurrence against a body occurrence.
pub const TITLE_WEIGHT: f64 = 3.0;
/// The most words in a phrase.
const MAX_WORDS: usize = 4;

/// One word of a run.
struct Unit {
    key: String,
    surface: String,
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
    forms: HashMap<String, f64>,
}

/// The top `n` keywords of the document, best first (ties in order of
/// first occurrence). Scores are in (0, 1], the best term scoring 1.
pub fn keywords(doc: &Document, n: usize) -> Vec<Keyword> {
    if n == 0 {
        return Vec::new();
    }
    let lex = Lexicon::get(doc.tone);
    let norm = doc.text.norm();
    let mut stats: HashMap<String, Stat> = HashMap::new();
    let mut order = 0usize;
    for s in &doc.segments {
        let weight = match doc.lines.get(s.line).map(|l| l.role) {
            Some(Role::Body) => 1.0,
            Some(Role::Title) => TITLE_WEIGHT,
            _ => continue,
        };
        let mut run: Vec<Unit> = Vec::new();
        let mut comma = false;
        let mut at_start = true;
        for w in &s.words {
            let Some(surface) = norm.get(w.clone()) else {
                continue;
            };
            let key = word_key(surface);
            let content = key.chars().any(char::is_alphabetic)
                && is_wordlike(&key)
                && !lex.is_stop(&key)
                && !key.chars().any(|c| c.is_ascii_digit());
            if content {
                let syllables = key.split(' ').count();
                let abbrev = surface.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && surface
                        .chars()
                        .all(|c| !c.is_alphabetic() || c.is_uppercase());
                // A sentence's first word keeps its capitals only when
                // every syllable has one (a name: "Yên Bái").
                let name = surface
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                    && syllables >= 2;
                let surface = if at_start && !abbrev && !name {
                    key.clone()
                } else {
                    surface.split_whitespace().collect::<Vec<_>>().join(" ")
                };
                run.push(Unit {
                    key,
                    surface,
                    comma_before: comma && !run.is_empty(),
                    strong: syllables >= 2 || abbrev,
                });
                comma = false;
            } else if key == "," && !run.is_empty() && !comma {
                comma = true;
            } else {
                count_run(&run, weight, lex, &mut stats, &mut order);
                run.clear();
                comma = false;
            }
            at_start = false;
        }
        count_run(&run, weight, lex, &mut stats, &mut order);
    }

    // Phrases that cover most uses of a word take its place.
    let mut absorbed: HashMap<&str, f64> = HashMap::new();
    let mut gone: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (key, st) in &stats {
        if st.words < 2 || st.count < 2 {
            continue;
        }
        for (pk, ps) in &stats {
            if ps.words == 1
                && (st.count as f64) >= 0.5 * ps.count as f64
                && contains_words(key, pk)
            {
                let e = absorbed.entry(key.as_str()).or_insert(0.0);
                *e = e.max(ps.weight);
                gone.insert(pk.as_str());
            }
        }
    }
    let mut cands: Vec<(&String, f64, &Stat)> = stats
        .iter()
        .filter(|(key, st)| {
            if st.words == 1 {
                !lex.is_generic(key) && !gone.contains(key.as_str())
            } else {
                st.count >= 2 && !key.split([' ', ',']).all(|w| w.is_empty())
            }
        })
        .map(|(key, st)| {
            let s = absorbed
                .get(key.as_str())
                .copied()
                .unwrap_or(0.0)
                .max(st.weight);
            // A phrase edges out the word it absorbed.
            let s = s + 0.01 * (st.words - 1) as f64;
            (key, s, st)
        })
        .collect();
    cands.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.2.first.cmp(&b.2.first))
    });
    let mut picked: Vec<(&String, f64, &Stat)> = Vec::new();
    for c in cands {
        if picked.len() >= n {
            break;
        }
        // No term inside another, and no two phrases sharing a word
        // ("cán bộ, đảng viên" and "đảng viên, công chức").
        if picked.iter().any(|p| {
            contains_words(p.0, c.0)
                || contains_words(c.0, p.0)
                || (p.2.words > 1 && c.2.words > 1 && shares_word(p.0, c.0))
        }) {
            continue;
        }
        picked.push(c);
    }
    let max = picked.first().map(|p| p.1).unwrap_or(1.0).max(1e-9);
    picked
        .into_iter()
        .map(|(key, s, st)| {
            let text = st
                .forms
                .iter()
                .max_by(|a, b| {
                    a.1.partial_cmp(b.1)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(b.0.cmp(a.0))
                })
                .map(|f| f.0.clone())
                .unwrap_or_else(|| key.clone());
            let score = (s / max * 1e6).round() / 1e6;
            Keyword {
                text,
                score: if score.is_finite() { score } else { 0.0 },
            }
        })
        .collect()
}

/// Whether the words of `inner` stand, whole, inside `outer`.
fn contains_words(outer: &str, inner: &str) -> bool {
    if outer == inner {
        return true;
    }
    let o: Vec<&str> = outer.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let i: Vec<&str> = inner.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    !i.is_empty() && i.len() < o.len() && o.windows(i.len()).any(|w| w == i.as_slice())
}

/// Whether two phrases share a word.
fn shares_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(", ")
            .flat_map(|p| p.split(' '))
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    a.iter().any(|w| b.contains(w))
}

/// Counts the words and phrases of one run of content words.
fn count_run(
    run: &[Unit],
    weight: f64,
    lex: &Lexicon,
    stats: &mut HashMap<String, Stat>,
    order: &mut usize,
) {
    for start in 0..run.len() {
        let mut key = String::new();
        let mut surface = String::new();
        let mut commas = 0;
        for len in 1..=MAX_WORDS.min(run.len() - start) {
            let u = &run[start + len - 1];
            if len > 1 {
                if u.comma_before {
                    commas += 1;
                    key.push(',');
                    surface.push(',');
                }
                key.push(' ');
                surface.push(' ');
            }
            key.push_str(&u.key);
            surface.push_str(&u.surface);
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
            if len == 1 && lex.is_generic(&key) {
                continue;
            }
            let st = stats.entry(key.clone()).or_insert_with(|| Stat {
                first: *order,
                words: len,
                ..Stat::default()
            });
            st.weight += weight;
            st.count += 1;
            *st.forms.entry(surface.clone()).or_insert(0.0) += 1.0;
            *order += 1;
        }
    }
}
