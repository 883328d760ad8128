//! The candidates of the summary (body sentences) and their features: what
//! both the learned scorer ([`super::model`]) and its training
//! ([`super::train`]) read, computed by one function so the two never
//! disagree.

use super::rank::{Params, Vectors, VectorsBuilder};
use super::words::{WordInfo, Words};
use crate::chars::CharExt;
use crate::document::{Document, Role, Work};
use rustc_hash::{FxHashMap, FxHashSet};

/// The names of the features, in the order of the rows of `Candidates::features`.
pub const FEATURES: [&str; 48] = [
    "first",
    "second",
    "third",
    "pos_inv",
    "pos_rel",
    "last",
    "log_len",
    "short",
    "long",
    "centrality",
    "title",
    "lead_sim",
    "doc_refs",
    "dates",
    "figures",
    "entities",
    "keywords",
    "quote",
    "para_start",
    "para_inv",
    "colon_end",
    "density",
    "title_recall",
    "title_bigrams",
    "centroid",
    "connective",
    "speech",
    "date_start",
    "first_len",
    "len_20_35",
    "len_15_20",
    "len_20_25",
    "len_25_30",
    "len_30_40",
    "len_40_50",
    "len_50_up",
    "pos_3_5",
    "pos_6_9",
    "first_title",
    "title_rel",
    "title_top",
    "keywords_rel",
    "len_rel",
    "centroid_rel",
    "title_syl",
    "title_syl2",
    "rep_bigrams",
    "rep_bigrams_rel",
];

/// Words that open a sentence which elaborates on an earlier one
/// ("Cụ thể, ...", "Trước đó, ..."): lower case, matched on the
/// sentence's first words.
const CONNECTIVES: [&str; 24] = [
    "cụ thể",
    "đồng thời",
    "trước đó",
    "theo đó",
    "ngoài ra",
    "tuy nhiên",
    "bên cạnh đó",
    "do đó",
    "vì vậy",
    "sau đó",
    "trong khi đó",
    "mặt khác",
    "thêm vào đó",
    "do vậy",
    "tiếp đó",
    "vì thế",
    "bởi vậy",
    "ngoài",
    "còn",
    "nhưng",
    "và",
    "đặc biệt",
    "trong đó",
    "riêng",
];

/// One searcher per [`SPEECH`] word, built once (a sentence is searched
/// for each).
fn speech_finders() -> &'static [memchr::memmem::Finder<'static>] {
    static F: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    F.get_or_init(|| {
        SPEECH
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect()
    })
}

/// Words of reported speech ("cho biết", "nhấn mạnh").
const SPEECH: [&str; 10] = [
    "cho biết",
    "nói",
    "chia sẻ",
    "phát biểu",
    "nhấn mạnh",
    "khẳng định",
    "cho rằng",
    "bày tỏ",
    "trả lời",
    "thông tin",
];

/// The index of `log_len` (`ln(1 + syllables)`) in a feature row.
pub const LOG_LEN: usize = 6;
/// The index of `keywords`.
const KEYWORDS: usize = 16;
/// The index of `title_recall`.
const TITLE_RECALL: usize = 22;
/// The index of `centroid`.
const CENTROID: usize = 24;
/// The index of the first relative feature (`title_rel`).
const REL: usize = 39;

/// Number of features.
pub const N_FEATURES: usize = FEATURES.len();

/// How many of the article's top terms the `keywords` feature looks for.
const TOP_TERMS: usize = 10;
/// How many leading body sentences make up the lead for `lead_sim`.
const LEAD: usize = 3;

/// One candidate: a body sentence.
#[derive(Debug, Clone)]
pub struct Cand {
    /// Index into `work.segments`.
    pub seg: usize,
    /// Index among the body sentences.
    pub index: usize,
    /// The share of the title's content-word bigrams it holds.
    pub title_bigrams: f64,
    /// Syllables in the sentence.
    pub syllables: usize,
    /// Facts (document references, figures, dates) inside it.
    pub facts: usize,
    /// Whether it may be picked (not a repeated title, not a fragment).
    pub eligible: bool,
    /// Which of the title's first 64 distinct syllables (in hash order) it
    /// holds, one bit each: what two sentences cover of the title together
    /// ([`Candidates::title_union`]).
    pub title_mask: u64,
}

/// The body sentences of a document with what the scorers need.
pub struct Candidates {
    /// The candidates, in article order.
    pub cands: Vec<Cand>,
    /// Their TF-IDF vectors (for centrality and MMR).
    pub vectors: Vectors,
    /// Their LexRank centrality, scaled to a maximum of 1.
    pub centrality: Vec<f64>,
    /// Cosine of the binary title and sentence content-word sets.
    pub title: Vec<f64>,
    /// How many of the title's distinct syllables the title masks count
    /// (at most 64).
    title_syllables: usize,
    /// What each candidate's feature row is computed from.
    rows: Rows,
    /// The rows themselves, kept when there are at most [`KEEP_ROWS`].
    kept: Option<Vec<[f64; N_FEATURES]>>,
}

/// Above this many candidates the feature rows (384 bytes each) are not
/// kept but computed again when read: on a 50 MB input, 130,000 rows
/// were 50 MB, an eighth of the whole run's peak. No article comes near.
const KEEP_ROWS: usize = 20_000;

/// A candidate's own counts and marks, kept small (40 bytes, not the 104
/// of their feature values) and turned into features when a row is read.
#[derive(Debug, Clone, Copy)]
struct Extra {
    /// Document references, dates, figures and entities inside it.
    counts: [u32; 4],
    /// Its paragraph's index.
    para: u32,
    /// Quote, paragraph start, colon end, connective start, reported
    /// speech, date start.
    flags: [bool; 6],
    /// The shares of the title's syllables and syllable bigrams it holds.
    title_syllables: [f64; 2],
}

impl Extra {
    /// The feature values, in the order the rows use them.
    fn values(&self) -> [f64; 13] {
        let [r, d, f, e] = self.counts.map(|x| f64::from(x).ln_1p());
        let [quote, para_start, colon, connective, speech, date_start] =
            self.flags.map(|b| f64::from(u8::from(b)));
        let [syl1, syl2] = self.title_syllables;
        [
            r,
            d,
            f,
            e,
            quote,
            para_start,
            1.0 / (1.0 + f64::from(self.para)),
            colon,
            connective,
            speech,
            date_start,
            syl1,
            syl2,
        ]
    }
}

/// The article-wide values behind the feature rows.
struct Rows {
    extra: Vec<Extra>,
    rep: Vec<f64>,
    top: FxHashSet<u32>,
    title_set: FxHashSet<u32>,
    title_idf_total: f64,
    centroid: Vec<f64>,
    lead: usize,
    /// The relative features' references: the best eligible title recall,
    /// keyword share, centroid similarity and repetition, the sentence
    /// that best recalls the title, and the mean log length.
    tr: f64,
    kw: f64,
    ce: f64,
    rep_max: f64,
    top_index: Option<usize>,
    mean_len: f64,
}

/// Counts the spans of `items` (character ranges, sorted by start) that lie
/// inside `span`.
fn count_inside(items: &[(usize, usize)], start: usize, end: usize) -> usize {
    let first = items.partition_point(|f| f.0 < start);
    items
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|f| f.0 < end)
        .filter(|f| f.1 <= end)
        .count()
}

/// Whether `s[start..end]` stands between word boundaries.
fn boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s.get(..start).and_then(|p| p.chars().next_back());
    let after = s.get(end..).and_then(|p| p.chars().next());
    !before.is_some_and(crate::chars::is_alnum) && !after.is_some_and(crate::chars::is_alnum)
}

/// A fixed 64-bit hash of a syllable bigram (the same on every run).
fn hash_pair(b: &(u64, u64)) -> u64 {
    b.0.rotate_left(29) ^ b.1.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The syllables of `lower`, a text already in lower case
/// ([`crate::chars::lowercase`]): its runs of letters and digits, each as a
/// 64-bit hash. Sets of them are compared, never printed, so no string is
/// built per syllable.
fn syllables(lower: &str, out: &mut Vec<u64>) {
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    out.clear();
    let mut h = SEED;
    let mut open = false;
    for c in lower.chars() {
        if c.is_alnum() {
            h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
            open = true;
        } else if open {
            out.push(h);
            h = SEED;
            open = false;
        }
    }
    if open {
        out.push(h);
    }
}

/// The title's distinct syllables (or syllable bigrams), sorted, each with
/// the last sentence that held it: a sentence's count of distinct shared
/// items is one binary search per syllable, without sorting the sentence's.
struct TitleSet<T> {
    items: Vec<T>,
    seen: Vec<u32>,
}

impl<T: Ord> TitleSet<T> {
    fn new(items: impl IntoIterator<Item = T>) -> TitleSet<T> {
        let mut items: Vec<T> = items.into_iter().collect();
        items.sort_unstable();
        items.dedup();
        let seen = vec![u32::MAX; items.len()];
        TitleSet { items, seen }
    }

    /// Whether `x` is a title item that sentence `me` has not held yet
    /// (it is marked as held).
    fn first_hit(&mut self, x: &T, me: u32) -> bool {
        match self.items.binary_search(x) {
            Ok(k) => self
                .seen
                .get_mut(k)
                .is_some_and(|s| std::mem::replace(s, me) != me),
            Err(_) => false,
        }
    }
}

fn sorted(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    v.sort_unstable();
    v
}

impl Candidates {
    /// Reads the body sentences of `doc` and computes their features.
    pub fn new(work: &Work, doc: &Document, words: &Words) -> Candidates {
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
            let ids: foldhash::HashMap<&str, u32> = words
                .info
                .iter()
                .enumerate()
                .map(|(i, w)| (w.key.as_str(), i as u32))
                .collect();
            for w in t.split_whitespace() {
                let key = super::word_key(w.trim_matches(|c: char| !c.is_alnum()));
                if let Some(&id) = ids.get(key.as_str()) {
                    title_plain.push(id);
                    if term(&id) {
                        title_terms.push(id);
                    }
                }
            }
        }

        // Item spans (characters), sorted.
        let refs = sorted(
            doc.doc_refs
                .iter()
                .map(|r| (r.span.start, r.span.end))
                .collect(),
        );
        let dates = sorted(
            doc.dates
                .iter()
                .map(|r| (r.span.start, r.span.end))
                .collect(),
        );
        let figures = sorted(
            doc.figures
                .iter()
                .map(|r| (r.span.start, r.span.end))
                .collect(),
        );
        let entities = sorted(
            doc.entities
                .iter()
                .map(|r| (r.span.start, r.span.end))
                .collect(),
        );

        let norm = work.text.norm();
        // The title's syllables and syllable bigrams, lower case.
        let mut title_text = String::new();
        for s in words.sents.iter().filter(|s| s.role == Role::Title) {
            if let Some(seg) = work.segments.get(s.seg) {
                title_text.push_str(norm.get(seg.norm.clone()).unwrap_or(""));
                title_text.push(' ');
            }
        }
        if title_text.trim().is_empty()
            && let Some(t) = &doc.meta.title
        {
            title_text.push_str(t);
        }
        let mut title_syl = Vec::new();
        syllables(&crate::chars::lowercase(&title_text), &mut title_syl);
        let mut title_s1 = TitleSet::new(title_syl.iter().copied());
        let mut title_s2 = TitleSet::new(title_syl.windows(2).map(|w| (w[0], w[1])));
        let mut syl: Vec<u64> = Vec::new();
        let mut hits: Vec<(u32, u32)> = Vec::new();
        let mut cands: Vec<Cand> = Vec::new();
        // Each candidate's content words, in order (reused), into the
        // TF-IDF vectors; the title's content-word bigrams.
        let mut terms: Vec<u32> = Vec::new();
        let mut vectors = VectorsBuilder::new(words.info.len());
        let title_bigrams: FxHashSet<(u32, u32)> =
            title_terms.windows(2).map(|w| (w[0], w[1])).collect();
        // Per candidate: refs, dates, figures, entities, quote, paragraph
        // start, paragraph index, colon end.
        let mut extra: Vec<Extra> = Vec::new();
        // Per candidate: its distinct syllable bigrams, and how many of them
        // another candidate also holds. Counted as they come, without
        // keeping each sentence's bigrams: each bigram keeps the first
        // sentence that held it and how many did; the first gets its hit
        // when a second sentence holds the bigram.
        let mut bigram_count: Vec<u32> = Vec::new();
        let mut bigram_hits: Vec<u32> = Vec::new();
        // Sized for an article's body at once (about one bigram a word),
        // instead of growing table by table; a huge input grows past it.
        let body_words: usize = words
            .sents
            .iter()
            .filter(|s| s.role == Role::Body)
            .map(|s| s.words.len())
            .sum();
        let mut bigram_seen: foldhash::HashMap<u64, (u32, u32, u32)> =
            foldhash::HashMap::with_capacity_and_hasher(
                body_words.min(super::MAX_PRESIZE),
                Default::default(),
            );
        let mut prev_line = usize::MAX;
        let mut para = 0usize;
        let mut sent_plain: Vec<u32> = Vec::new();
        for s in words.sents.iter().filter(|s| s.role == Role::Body) {
            let Some(seg) = work.segments.get(s.seg) else {
                continue;
            };
            let index = cands.len();
            terms.clear();
            terms.extend(s.words.iter().copied().filter(term));
            vectors.push(&terms);
            sent_plain.clear();
            sent_plain.extend(s.words.iter().copied().filter(plain));
            let repeats_title = !title_plain.is_empty()
                && !sent_plain.is_empty()
                && (sent_plain == title_plain
                    || (sent_plain.len() > 3
                        && sent_plain.len() < title_plain.len()
                        && title_plain
                            .windows(sent_plain.len())
                            .any(|w| w == sent_plain.as_slice())));
            let span = work.text.span(seg.norm.clone());
            let (r, d, f, e) = (
                count_inside(&refs, span.start, span.end),
                count_inside(&dates, span.start, span.end),
                count_inside(&figures, span.start, span.end),
                count_inside(&entities, span.start, span.end),
            );
            let text = norm.get(seg.norm.clone()).unwrap_or("");
            let quote = text.contains(['"', '“', '”', '«', '»']);
            let para_start = seg.line != prev_line;
            if para_start && prev_line != usize::MAX {
                para += 1;
            }
            prev_line = seg.line;
            let colon = text.trim_end().ends_with(':');
            let lower = crate::chars::lowercase(text);
            let connective = CONNECTIVES.iter().any(|c| {
                lower
                    .strip_prefix(c)
                    .is_some_and(|rest| rest.starts_with([' ', ',']))
            });
            let speech = speech_finders().iter().any(|f| {
                let n = f.needle().len();
                f.find_iter(lower.as_bytes())
                    .any(|i| boundary(&lower, i, i + n))
            });
            let first_date = dates.partition_point(|f| f.0 < span.start);
            let date_start = dates
                .get(first_date)
                .is_some_and(|f| f.0 < span.start + 12 && f.1 <= span.end);
            syllables(&lower, &mut syl);
            let me = index as u32;
            let hit1 = syl.iter().filter(|x| title_s1.first_hit(x, me)).count();
            let title_mask = syl
                .iter()
                .filter_map(|x| title_s1.items.binary_search(x).ok())
                .filter(|&k| k < 64)
                .fold(0u64, |m, k| m | (1 << k));
            // Each distinct bigram once: the map keeps, per bigram, the
            // first sentence that held it, how many did, and the last.
            let (mut hit2, mut distinct2) = (0usize, 0u32);
            bigram_hits.push(0);
            for w in syl.windows(2) {
                let pair = (w[0], w[1]);
                hit2 += usize::from(title_s2.first_hit(&pair, me));
                let (first, df, last) =
                    bigram_seen
                        .entry(hash_pair(&pair))
                        .or_insert((me, 0, u32::MAX));
                if *last == me {
                    continue;
                }
                *last = me;
                distinct2 += 1;
                *df += 1;
                let df = *df;
                if df == 2
                    && let Some(h) = bigram_hits.get_mut(*first as usize)
                {
                    *h += 1;
                }
                if df >= 2
                    && let Some(h) = bigram_hits.get_mut(index)
                {
                    *h += 1;
                }
            }
            let share = |hit: usize, of: usize| if of > 0 { hit as f64 / of as f64 } else { 0.0 };
            let syl1 = share(hit1, title_s1.items.len());
            let syl2 = share(hit2, title_s2.items.len());
            bigram_count.push(distinct2);
            extra.push(Extra {
                counts: [r, d, f, e].map(|x| u32::try_from(x).unwrap_or(u32::MAX)),
                para: u32::try_from(para).unwrap_or(u32::MAX),
                flags: [quote, para_start, colon, connective, speech, date_start],
                title_syllables: [syl1, syl2],
            });
            cands.push(Cand {
                seg: s.seg,
                index,
                title_bigrams: if title_bigrams.is_empty() {
                    0.0
                } else {
                    // The title's bigrams this sentence holds, each once.
                    hits.clear();
                    hits.extend(
                        terms
                            .windows(2)
                            .map(|w| (w[0], w[1]))
                            .filter(|b| title_bigrams.contains(b)),
                    );
                    hits.sort_unstable();
                    hits.dedup();
                    hits.len() as f64 / title_bigrams.len() as f64
                },
                syllables: seg.syllables,
                facts: r + d + f,
                eligible: !repeats_title && !sent_plain.is_empty(),
                title_mask,
            });
        }
        // Fragments (a few syllables) only when nothing else is there.
        let min = Params::get().min_syllables;
        if cands.iter().any(|c| c.eligible && c.syllables >= min) {
            for c in cands.iter_mut() {
                if c.syllables < min {
                    c.eligible = false;
                }
            }
        }

        let vectors = vectors.finish();
        let centrality = vectors.centrality();
        let title_set: FxHashSet<u32> = title_terms.iter().copied().collect();
        let title: Vec<f64> = (0..cands.len())
            .map(|i| {
                if title_set.is_empty() {
                    return 0.0;
                }
                let uniq = vectors.terms(i);
                let hit = uniq.iter().filter(|t| title_set.contains(t)).count();
                hit as f64 / ((title_set.len() * uniq.len().max(1)) as f64).sqrt()
            })
            .collect();

        // The article's top terms: counted over the body, title words thrice.
        let mut counts: FxHashMap<u32, f64> = FxHashMap::default();
        for i in 0..cands.len() {
            for (&t, &n) in vectors.terms(i).iter().zip(vectors.counts(i)) {
                *counts.entry(t).or_insert(0.0) += f64::from(n);
            }
        }
        for &t in &title_terms {
            *counts.entry(t).or_insert(0.0) += 3.0;
        }
        let mut top: Vec<(u32, f64)> = counts.into_iter().filter(|(_, c)| *c >= 2.0).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(TOP_TERMS);
        let top: FxHashSet<u32> = top.into_iter().map(|(t, _)| t).collect();

        // Summed in term order: a float sum in hash order differs from run
        // to run in its last bits, and a summary must not.
        let mut title_sorted: Vec<u32> = title_set.iter().copied().collect();
        title_sorted.sort_unstable();
        let title_idf_total: f64 = title_sorted.iter().map(|t| vectors.idf(*t)).sum();
        let centroid = vectors.centroid();
        let n = cands.len();
        let lead = LEAD.min(n);
        // The share of a sentence's bigrams that another sentence repeats.
        let rep: Vec<f64> = bigram_count
            .iter()
            .zip(&bigram_hits)
            .map(|(&count, &hit)| {
                if count == 0 {
                    0.0
                } else {
                    f64::from(hit) / f64::from(count)
                }
            })
            .collect();
        let mut c = Candidates {
            cands,
            vectors,
            centrality,
            title,
            title_syllables: title_s1.items.len().min(64),
            rows: Rows {
                extra,
                rep,
                top,
                title_set,
                title_idf_total,
                centroid,
                lead,
                tr: 0.0,
                kw: 0.0,
                ce: 0.0,
                rep_max: 0.0,
                top_index: None,
                mean_len: 0.0,
            },
            kept: None,
        };
        c.relate();
        c
    }

    /// The shares of the title's syllables (of those the masks count) that
    /// candidates `i` and `j` hold between them, and that both hold.
    pub fn title_union(&self, i: usize, j: usize) -> (f64, f64) {
        let (Some(a), Some(b)) = (self.cands.get(i), self.cands.get(j)) else {
            return (0.0, 0.0);
        };
        if self.title_syllables == 0 {
            return (0.0, 0.0);
        }
        let n = self.title_syllables as f64;
        let either = f64::from((a.title_mask | b.title_mask).count_ones());
        let both = f64::from((a.title_mask & b.title_mask).count_ones());
        (either / n, both / n)
    }

    /// The share of the article's top terms (see the `keywords` feature)
    /// that candidates `i` and `j` hold between them.
    pub fn top_union(&self, i: usize, j: usize) -> f64 {
        let top = &self.rows.top;
        if top.is_empty() || i >= self.cands.len() || j >= self.cands.len() {
            return 0.0;
        }
        let (a, b) = (self.vectors.terms(i), self.vectors.terms(j));
        let held = a.iter().filter(|t| top.contains(t)).count()
            + b.iter()
                .filter(|t| top.contains(t) && !a.contains(t))
                .count();
        held as f64 / TOP_TERMS as f64
    }

    /// Each candidate's feature row, in order.
    pub fn features(&self) -> impl ExactSizeIterator<Item = [f64; N_FEATURES]> + '_ {
        (0..self.cands.len()).map(|i| self.row(i))
    }

    /// Candidate `i`'s feature row.
    pub fn row(&self, i: usize) -> [f64; N_FEATURES] {
        if let Some(row) = self.kept.as_ref().and_then(|k| k.get(i)) {
            return *row;
        }
        let mut row = self.base_row(i);
        self.fill_relative(i, &mut row);
        row
    }

    /// Computes the relative features' references over every row (keeping
    /// the rows when there are few).
    fn relate(&mut self) {
        let n = self.cands.len();
        let keep = n <= KEEP_ROWS;
        let mut kept = Vec::with_capacity(if keep { n } else { 0 });
        // Per row: title recall, keyword share, centroid, log length.
        let mut stats: Vec<[f64; 4]> = Vec::with_capacity(n);
        for i in 0..n {
            let row = self.base_row(i);
            stats.push([
                row[TITLE_RECALL],
                row[KEYWORDS],
                row[CENTROID],
                row[LOG_LEN],
            ]);
            if keep {
                kept.push(row);
            }
        }
        // Relative to the article: the share of its best title recall,
        // keyword share and centroid similarity, whether it is the
        // sentence that best recalls the title, and its log length less the
        // article's mean.
        let cands = &self.cands;
        let max_of = |f: usize| {
            stats
                .iter()
                .zip(cands)
                .filter(|(_, c)| c.eligible)
                .map(|(r, _)| r[f])
                .fold(0.0f64, f64::max)
        };
        let (tr, kw, ce) = (max_of(0), max_of(1), max_of(2));
        let top_index = stats
            .iter()
            .zip(cands)
            .enumerate()
            .filter(|(_, (r, c))| c.eligible && tr > 0.0 && r[0] >= tr)
            .map(|(i, _)| i)
            .next();
        let mean_len = if n > 0 {
            stats.iter().map(|r| r[3]).sum::<f64>() / n as f64
        } else {
            0.0
        };
        let rep_max = self
            .rows
            .rep
            .iter()
            .zip(cands)
            .filter(|(_, c)| c.eligible)
            .map(|(r, _)| *r)
            .fold(0.0f64, f64::max);
        let r = &mut self.rows;
        (r.tr, r.kw, r.ce, r.rep_max, r.top_index, r.mean_len) =
            (tr, kw, ce, rep_max, top_index, mean_len);
        if keep {
            for (i, row) in kept.iter_mut().enumerate() {
                self.fill_relative(i, row);
            }
            self.kept = Some(kept);
        }
    }

    /// Fills the relative features of candidate `i`'s row.
    fn fill_relative(&self, i: usize, row: &mut [f64; N_FEATURES]) {
        let s = &self.rows;
        let rel = |x: f64, max: f64| if max > 0.0 { x / max } else { 0.0 };
        let r = s.rep.get(i).copied().unwrap_or(0.0);
        row[REL + 7] = r;
        row[REL + 8] = rel(r, s.rep_max);
        row[REL] = rel(row[TITLE_RECALL], s.tr);
        row[REL + 1] = f64::from(u8::from(s.top_index == Some(i)));
        row[REL + 2] = rel(row[KEYWORDS], s.kw);
        row[REL + 3] = row[LOG_LEN] - s.mean_len;
        row[REL + 4] = rel(row[CENTROID], s.ce);
        *row = row.map(|x| if x.is_finite() { x } else { 0.0 });
    }

    /// Candidate `i`'s row without its relative features.
    fn base_row(&self, i: usize) -> [f64; N_FEATURES] {
        let Some(c) = self.cands.get(i) else {
            return [0.0; N_FEATURES];
        };
        let n = self.cands.len();
        let (vectors, centrality, title) = (&self.vectors, &self.centrality, &self.title);
        let s = &self.rows;
        let (lead, top, extra, title_idf_total) = (s.lead, &s.top, &s.extra, s.title_idf_total);
        let (title_set, centroid) = (&s.title_set, &s.centroid);
        let idx = c.index as f64;
        let l = c.syllables as f64;
        let lead_sim = (0..lead)
            .filter(|&j| j != i)
            .map(|j| vectors.sim(i, j))
            .fold(0.0f64, f64::max);
        let uniq = vectors.terms(i);
        let kw = uniq.iter().filter(|t| top.contains(t)).count() as f64 / TOP_TERMS as f64;
        let ex = extra.get(i).map_or([0.0; 13], Extra::values);
        // IDF-weighted share of the title's terms the sentence holds.
        let title_recall = if title_idf_total > 0.0 {
            uniq.iter()
                .filter(|t| title_set.contains(t))
                .map(|t| vectors.idf(*t))
                .sum::<f64>()
                / title_idf_total
        } else {
            0.0
        };
        let bigrams = c.title_bigrams;
        [
            f64::from(u8::from(c.index == 0)),
            f64::from(u8::from(c.index == 1)),
            f64::from(u8::from(c.index == 2)),
            1.0 / (1.0 + idx),
            if n > 1 { idx / (n - 1) as f64 } else { 0.0 },
            f64::from(u8::from(n > 1 && c.index + 1 == n)),
            l.ln_1p(),
            ((15.0 - l) / 15.0).max(0.0),
            ((l - 40.0) / 40.0).clamp(0.0, 2.0),
            centrality.get(i).copied().unwrap_or(0.0),
            title.get(i).copied().unwrap_or(0.0),
            lead_sim,
            ex[0],
            ex[1],
            ex[2],
            ex[3],
            kw,
            ex[4],
            ex[5],
            ex[6],
            ex[7],
            uniq.len() as f64 / l.max(1.0),
            title_recall,
            bigrams,
            centroid.get(i).copied().unwrap_or(0.0),
            ex[8],
            ex[9],
            ex[10],
            if c.index == 0 { l.ln_1p() } else { 0.0 },
            f64::from(u8::from((20.0..=35.0).contains(&l))),
            f64::from(u8::from((15.0..20.0).contains(&l))),
            f64::from(u8::from((20.0..25.0).contains(&l))),
            f64::from(u8::from((25.0..30.0).contains(&l))),
            f64::from(u8::from((30.0..40.0).contains(&l))),
            f64::from(u8::from((40.0..50.0).contains(&l))),
            f64::from(u8::from(l >= 50.0)),
            f64::from(u8::from((3..=5).contains(&c.index))),
            f64::from(u8::from((6..=9).contains(&c.index))),
            if c.index == 0 { title_recall } else { 0.0 },
            // The relative features, filled below.
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            ex[11],
            ex[12],
            // rep_bigrams, filled below.
            0.0,
            0.0,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_items_count_once_per_sentence() {
        let mut t = TitleSet::new([3u64, 1, 2, 3]);
        assert_eq!(t.items, [1, 2, 3]);
        // Sentence 0 holds 3 twice and 9 (not the title's): one hit.
        let hits = [3u64, 3, 9].iter().filter(|x| t.first_hit(x, 0)).count();
        assert_eq!(hits, 1);
        // Sentence 1 counts 3 again, and 1.
        let hits = [1u64, 3, 1].iter().filter(|x| t.first_hit(x, 1)).count();
        assert_eq!(hits, 2);
        let mut lower = Vec::new();
        syllables(&crate::chars::lowercase("Hà Nội, hà nội 2024"), &mut lower);
        assert_eq!(lower.len(), 5);
        assert_eq!(lower[0], lower[2]);
        assert_eq!(lower[1], lower[3]);
    }

    #[test]
    fn rows_read_again_are_the_rows_kept() {
        let text = "Tỉnh ủy Yên Bái họp bàn phát triển kinh tế\n\n\
            Ngày 12/3/2024, Tỉnh ủy Yên Bái ban hành Nghị quyết số 37-NQ/TU về phát triển kinh tế. \
            Theo đó, tỉnh phấn đấu trồng 6,61 triệu cây xanh. \
            Ông Nguyễn Văn A cho biết: “Kinh tế tỉnh tăng trưởng 7%.”\n\n\
            Các sở, ngành triển khai nghị quyết trong năm 2024. \
            Tỉnh ủy Yên Bái giao UBND tỉnh theo dõi kết quả.";
        let opts = crate::Options {
            stage: crate::Stage::Extract,
            ..crate::Options::default()
        };
        let a = crate::Analyzer::shared().analyze_str_full(text, &opts);
        let words = Words::new(&a.work);
        let c = Candidates::new(&a.work, &a.record, &words);
        assert!(c.cands.len() >= 5, "{}", c.cands.len());
        let kept = c.kept.as_ref().expect("few rows are kept");
        assert_eq!(kept.len(), c.cands.len());
        for (i, row) in kept.iter().enumerate() {
            let mut again = c.base_row(i);
            c.fill_relative(i, &mut again);
            assert_eq!(row.map(f64::to_bits), again.map(f64::to_bits), "row {i}");
        }
        // The best title recall is one sentence's, relative 1.
        assert_eq!(kept.iter().filter(|r| r[REL + 1] == 1.0).count(), 1);
    }

    #[test]
    fn indices_name_their_features() {
        assert_eq!(FEATURES[LOG_LEN], "log_len");
        assert_eq!(FEATURES[KEYWORDS], "keywords");
        assert_eq!(FEATURES[TITLE_RECALL], "title_recall");
        assert_eq!(FEATURES[CENTROID], "centroid");
        assert_eq!(FEATURES[REL], "title_rel");
        assert_eq!(FEATURES[REL + 4], "centroid_rel");
        assert_eq!(FEATURES[REL + 5], "title_syl");
        assert_eq!(FEATURES[REL + 7], "rep_bigrams");
        assert_eq!(N_FEATURES, REL + 9);
    }
}
