//! The word model: a first-order structured perceptron over the boundaries
//! between syllable tokens, each boundary labelled "join" or "split".
//!
//! Features of a boundary are hashed to `u64` without allocating: syllable
//! unigrams, bigrams and trigrams around it (lower-cased, digits folded to
//! 0), shapes (lower, Capitalised, CAPS, number, punctuation), reduplication,
//! and lexicon matches (a word of the lexicon spanning the boundary, ending
//! before it or starting after it). Weights live in one dense array indexed
//! by the feature hash; the model file stores only the non-zero ones.

use super::token::{Token, TokenKind, tokens_into};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with the model magic.
    #[error("not a vnanalyze segmenter model (bad magic)")]
    BadMagic,
    /// A version this build cannot read.
    #[error("unsupported segmenter model version {0}")]
    Version(u32),
    /// The file ends early or a field is out of range.
    #[error("segmenter model is truncated or corrupt: {0}")]
    Corrupt(&'static str),
}

const MAGIC: &[u8; 8] = b"VNSEG\0\0\x01";
/// Version 2 stores the lexicon's hash table after its words, so loading
/// is a copy, not 31,000 words hashed again; version 1 files still load.
const VERSION: u32 = 2;

/// Longest lexicon word matched, in syllables.
pub(crate) const MAX_LEX: usize = 6;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(K)
}

/// Hash of one syllable: lower-cased, digits folded to "0", "Ð" read as
/// "Đ", and the tone mark hashed apart from its vowel, so that both
/// placements ("hoá" and "hóa", "thuỷ" and "thủy") hash alike.
pub(crate) fn syllable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut tone = 0u8;
    for c in s.chars() {
        let c = if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_digit() { '0' } else { c }
        } else {
            let c = if c == 'Ð' {
                'đ'
            } else {
                crate::chars::lower_first(c)
            };
            if let Some(m) = crate::tone::combining_mark(c) {
                tone = m;
                continue;
            }
            match crate::tone::split(c) {
                (base, 0) => base,
                (base, m) => {
                    tone = m;
                    base
                }
            }
        };
        h = (h ^ c as u64).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h, 0x51 + tone as u64)
}

/// Passes already-mixed `u64` keys through.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const LEX_PREFIX: u8 = 1;
const LEX_WORD: u8 = 2;
const SEQ_SEED: u64 = 0x1234_5678;

/// A word list for lexicon features: word and prefix hashes of syllable sequences.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    map: IdMap<u8>,
    /// The words, syllables separated by one space, one per line, in UTF-8
    /// (stored in the model). Only written back by [`Segmenter::to_bytes`]:
    /// a model's text is not validated on load (the table of hashes is
    /// what segmentation reads; checking 360 KB of UTF-8 took half the
    /// load).
    pub(crate) text: Vec<u8>,
    pub(crate) len: usize,
}

impl Lexicon {
    /// Builds a lexicon from words, syllables separated by white space.
    pub(crate) fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut seen = IdMap::default();
        for w in words {
            let mut n = 0;
            let mut h = SEQ_SEED;
            for syl in w.split_whitespace() {
                n += 1;
                h = mix(h, syllable_hash(syl));
            }
            if n == 0 || n > MAX_LEX || seen.insert(h, ()).is_some() {
                continue;
            }
            lex.add(w);
            if !lex.text.is_empty() {
                lex.text.push(b'\n');
            }
            for (i, syl) in w.split_whitespace().enumerate() {
                if i > 0 {
                    lex.text.push(b' ');
                }
                lex.text.extend_from_slice(syl.as_bytes());
            }
            lex.len += 1;
        }
        lex
    }

    fn add(&mut self, w: &str) {
        let syls: Vec<u64> = w.split_whitespace().map(syllable_hash).collect();
        let mut h = SEQ_SEED;
        for (i, &s) in syls.iter().enumerate() {
            h = mix(h, s);
            let flag = if i + 1 == syls.len() {
                LEX_WORD
            } else {
                LEX_PREFIX
            };
            *self.map.entry(h).or_insert(0) |= flag;
        }
    }

    #[inline]
    fn get(&self, h: u64) -> u8 {
        self.map.get(&h).copied().unwrap_or(0)
    }
}

/// One token as the model sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    hash: u64,
    shape: u8,
}

const SH_LOWER: u8 = 1;
const SH_CAP: u8 = 2;
const SH_UPPER: u8 = 3;
const SH_NUM: u8 = 4;
const SH_PUNCT: u8 = 5;
const SH_OTHER: u8 = 6;
const SH_CODE: u8 = 7;
const SH_PAD: u8 = 8;

pub(crate) fn unit(s: &str, kind: TokenKind) -> Unit {
    let shape = match kind {
        TokenKind::Number | TokenKind::Percent | TokenKind::Date | TokenKind::Time => SH_NUM,
        TokenKind::Punct => SH_PUNCT,
        TokenKind::Code | TokenKind::Url | TokenKind::Email => SH_CODE,
        TokenKind::Symbol => SH_OTHER,
        TokenKind::Abbrev => SH_UPPER,
        TokenKind::Word => {
            let mut cs = s.chars();
            match cs.next() {
                Some(c) if c.is_uppercase() => {
                    if s.chars().count() > 1 && cs.all(|c| !c.is_lowercase()) {
                        SH_UPPER
                    } else {
                        SH_CAP
                    }
                }
                Some(c) if c.is_lowercase() => SH_LOWER,
                _ => SH_OTHER,
            }
        }
    };
    Unit {
        hash: syllable_hash(s),
        shape,
    }
}

const PAD: Unit = Unit {
    hash: 0x0B05_0B05,
    shape: SH_PAD,
};

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    mix(mix(t.wrapping_mul(0x2545_F491_4F6C_DD1D), a), 0x77)
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(f1(t, a), b)
}
#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(f2(t, a, b), c)
}

/// Feature key of a label transition `prev -> cur` (0 split, 1 join, 2 start).
pub(crate) fn trans_key(prev: usize, cur: usize) -> u64 {
    f2(99, prev as u64, cur as u64)
}

/// Calls `sink(b, feature)` for every feature of every boundary `b` in
/// `1..units.len()` (boundary `b` lies between units `b - 1` and `b`).
pub(crate) fn features(units: &[Unit], lex: &Lexicon, mut sink: impl FnMut(usize, u64)) {
    let n = units.len();
    if n < 2 {
        return;
    }
    let u = |i: isize| -> Unit {
        if i < 0 || i as usize >= n {
            PAD
        } else {
            units[i as usize]
        }
    };
    for b in 1..n {
        let i = b as isize;
        let (ll, l, r, rr) = (u(i - 2), u(i - 1), u(i), u(i + 1));
        sink(b, f1(1, 0));
        sink(b, f1(2, l.hash));
        sink(b, f1(3, r.hash));
        sink(b, f1(4, ll.hash));
        sink(b, f1(5, rr.hash));
        sink(b, f2(6, l.hash, r.hash));
        sink(b, f2(7, ll.hash, l.hash));
        sink(b, f2(8, r.hash, rr.hash));
        sink(b, f3(9, ll.hash, l.hash, r.hash));
        sink(b, f3(10, l.hash, r.hash, rr.hash));
        sink(b, f2(11, ll.hash, r.hash));
        sink(b, f2(12, l.hash, rr.hash));
        let shapes = |a: Unit, b: Unit, c: Unit, d: Unit| {
            (a.shape as u64) << 24 | (b.shape as u64) << 16 | (c.shape as u64) << 8 | d.shape as u64
        };
        sink(b, f1(13, shapes(PAD, l, r, PAD)));
        sink(b, f1(14, shapes(ll, l, r, rr)));
        sink(b, f1(15, shapes(ll, l, r, PAD)));
        sink(b, f1(16, shapes(PAD, l, r, rr)));
        sink(b, f2(17, l.shape as u64, r.hash));
        sink(b, f2(18, l.hash, r.shape as u64));
        if l.hash == r.hash {
            sink(b, f1(19, l.shape as u64));
        }
    }
    // Lexicon: every word of the lexicon found in the sentence.
    for s in 0..n {
        let mut h = mix(SEQ_SEED, units[s].hash);
        let first = lex.get(h);
        if first & LEX_WORD != 0 {
            // A single syllable that is a word by itself.
            if s + 1 < n {
                sink(s + 1, f1(20, 1));
            }
            if s > 0 {
                sink(s, f1(21, 1));
            }
        }
        if first & LEX_PREFIX == 0 {
            continue;
        }
        let mut longest = 0;
        for e in s + 1..n.min(s + MAX_LEX) {
            h = mix(h, units[e].hash);
            let f = lex.get(h);
            if f & LEX_WORD != 0 {
                let len = (e - s + 1) as u64;
                longest = e - s + 1;
                for b in s + 1..=e {
                    let off = (b - s) as u64;
                    sink(b, f2(22, len, off));
                    sink(
                        b,
                        f3(
                            23,
                            len,
                            off,
                            (units[b - 1].shape as u64) << 8 | units[b].shape as u64,
                        ),
                    );
                }
                if e + 1 < n {
                    sink(e + 1, f1(24, len));
                }
                if s > 0 {
                    sink(s, f1(25, len));
                }
            }
            if f & LEX_PREFIX == 0 {
                break;
            }
        }
        if longest > 0 {
            for b in s + 1..s + longest {
                sink(b, f2(26, longest as u64, (b - s) as u64));
            }
        }
    }
}

/// Index of a feature key in a weight table of `2^bits` entries.
#[inline]
pub(crate) fn slot(key: u64, bits: u32) -> usize {
    let k = (key ^ (key >> 31)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    (k >> (64 - bits)) as usize
}

/// Best label sequence for boundaries `1..n` given the join scores
/// `emit[b]` (index 0 unused) and transition weights `trans[prev][cur]`
/// (prev 2 = start). Writes `labels[b]` (1 join, 0 split; `labels[0]` = 0).
pub(crate) fn viterbi(emit: &[f32], trans: &[[f32; 2]; 3], labels: &mut Vec<u8>) {
    let mut back = Vec::new();
    viterbi_with(emit, trans, labels, &mut back);
}

/// [`viterbi`] with its back-pointer buffer given, so it can be reused.
fn viterbi_with(
    emit: &[f32],
    trans: &[[f32; 2]; 3],
    labels: &mut Vec<u8>,
    back: &mut Vec<[u8; 2]>,
) {
    let n = emit.len();
    labels.clear();
    labels.resize(n, 0);
    if n < 2 {
        return;
    }
    back.clear();
    back.resize(n, [0, 0]);
    let mut score = [trans[2][0], trans[2][1] + emit[1]];
    for b in 2..n {
        let mut next = [0f32; 2];
        for cur in 0..2 {
            let e = if cur == 1 { emit[b] } else { 0.0 };
            let s0 = score[0] + trans[0][cur];
            let s1 = score[1] + trans[1][cur];
            if s1 > s0 {
                next[cur] = s1 + e;
                back[b][cur] = 1;
            } else {
                next[cur] = s0 + e;
                back[b][cur] = 0;
            }
        }
        score = next;
    }
    let mut cur = if score[1] > score[0] { 1u8 } else { 0 };
    for b in (1..n).rev() {
        labels[b] = cur;
        cur = back[b][cur as usize];
    }
}

/// Per-thread buffers of the segmenter, reused from sentence to sentence
/// (the model itself is shared read-only across threads).
#[derive(Default)]
struct Scratch {
    units: Vec<Unit>,
    emit: Vec<f32>,
    back: Vec<[u8; 2]>,
    labels: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are
/// already in use, which the pipeline never does).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// The feature weights of `2^bits` slots, of which a trained model sets a
/// few (the embedded one 29,528 of 2^20): a bit per slot says which, and
/// the set ones' values are kept in slot order. A lookup reads the 16-byte
/// block of its 64 slots (256 KB for 2^20 slots) and, only for a set slot,
/// its value (115 KB of them in the embedded model); a
/// dense table of 4 MB read at random slowed every sentence with cache
/// misses (this layout measured 6% faster over bench-news than the dense
/// one, and a bitmap with a count per 512 slots 4% slower). Every slot
/// reads exactly as in the dense table (an unset slot is +0.0, as the
/// dense table held).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WeightTable {
    /// Per 64 slots: which are set, and how many set slots come before.
    blocks: Vec<(u64, u32)>,
    /// The set slots' weights, in slot order.
    values: Vec<f32>,
}

impl WeightTable {
    /// A table of `len` slots from (slot, weight) pairs in increasing slot
    /// order (a repeated slot keeps its last weight); `None` when a slot is
    /// out of range or the order is broken.
    pub(crate) fn from_sorted(
        len: usize,
        entries: impl IntoIterator<Item = (usize, f32)>,
    ) -> Option<WeightTable> {
        let mut blocks = vec![(0u64, 0u32); len.div_ceil(64)];
        let mut values: Vec<f32> = Vec::new();
        let mut last: Option<usize> = None;
        for (slot, w) in entries {
            if slot >= len || last.is_some_and(|l| slot < l) {
                return None;
            }
            if last == Some(slot) {
                if let Some(v) = values.last_mut() {
                    *v = w;
                }
                continue;
            }
            blocks.get_mut(slot / 64)?.0 |= 1u64 << (slot % 64);
            values.push(w);
            last = Some(slot);
        }
        let mut before = 0u32;
        for block in blocks.iter_mut() {
            block.1 = before;
            before += block.0.count_ones();
        }
        Some(WeightTable { blocks, values })
    }

    /// The table of a dense array of weights (every slot whose bits are not
    /// those of +0.0 is set, so a -0.0 reads back as -0.0).
    pub(crate) fn from_dense(dense: &[f32]) -> WeightTable {
        let set = dense
            .iter()
            .enumerate()
            .filter(|(_, w)| w.to_bits() != 0)
            .map(|(i, w)| (i, *w));
        WeightTable::from_sorted(dense.len(), set).unwrap_or_default()
    }

    /// The weight of `slot` (+0.0 for an unset or out-of-range slot).
    #[inline]
    pub(crate) fn get(&self, slot: usize) -> f32 {
        let Some(&(mask, before)) = self.blocks.get(slot / 64) else {
            return 0.0;
        };
        let bit = 1u64 << (slot % 64);
        if mask & bit == 0 {
            return 0.0;
        }
        let k = before as usize + (mask & (bit - 1)).count_ones() as usize;
        self.values.get(k).copied().unwrap_or(0.0)
    }

    /// The set slots and their weights, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, f32)> + '_ {
        let slots = self.blocks.iter().enumerate().flat_map(|(b, &(mask, _))| {
            (0..64)
                .filter(move |i| mask & (1u64 << i) != 0)
                .map(move |i| b * 64 + i)
        });
        slots.zip(self.values.iter().copied())
    }
}

/// A trained word segmenter (see the module docs).
#[derive(Debug, Clone)]
pub struct Segmenter {
    pub(crate) bits: u32,
    pub(crate) weights: WeightTable,
    pub(crate) lexicon: Lexicon,
    pub(crate) trans: [[f32; 2]; 3],
}

static EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/segment/model.bin");

impl Segmenter {
    /// The model shipped in the binary, decoded once.
    pub fn embedded() -> &'static Segmenter {
        static MODEL: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            // The embedded model is checked by the test suite; should it ever
            // fail to decode, an empty model still segments (one syllable a word).
            Segmenter::from_bytes(EMBEDDED_MODEL).unwrap_or_else(|_| Segmenter::empty(10))
        })
    }

    /// A model with no weights and no lexicon (every syllable its own word).
    pub(crate) fn empty(bits: u32) -> Segmenter {
        let mut s = Segmenter {
            bits,
            weights: WeightTable::from_sorted(1 << bits, []).unwrap_or_default(),
            lexicon: Lexicon::default(),
            trans: [[0.0; 2]; 3],
        };
        s.refresh_trans();
        s
    }

    pub(crate) fn refresh_trans(&mut self) {
        for p in 0..3 {
            for c in 0..2 {
                self.trans[p][c] = self.weights.get(slot(trans_key(p, c), self.bits));
            }
        }
    }

    /// The number of non-zero weights.
    pub fn nonzero_weights(&self) -> usize {
        self.weights.iter().filter(|(_, w)| *w != 0.0).count()
    }

    /// The number of words in the model's lexicon.
    pub fn lexicon_len(&self) -> usize {
        self.lexicon.len
    }

    /// Decodes a model written by [`Segmenter::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Segmenter, ModelError> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32()?;
        if version != 1 && version != VERSION {
            return Err(ModelError::Version(version));
        }
        let bits = r.u32()?;
        if !(8..=26).contains(&bits) {
            return Err(ModelError::Corrupt("table size"));
        }
        let lex_len = r.u32()? as usize;
        let lex_text = r.take(lex_len)?;
        let lexicon = if version == 1 {
            // A version 1 model stores the words alone: the table is built
            // from them.
            let words = std::str::from_utf8(lex_text)
                .map_err(|_| ModelError::Corrupt("lexicon is not UTF-8"))?;
            Lexicon::from_words(words.split('\n'))
        } else {
            let len = r.u32()? as usize;
            let entries = r.u32()? as usize;
            let mut map = IdMap::default();
            map.reserve(entries.min(r.b.len() / 9));
            for _ in 0..entries {
                let key = u64::from_le_bytes(
                    r.take(8)?
                        .try_into()
                        .map_err(|_| ModelError::Corrupt("lexicon key"))?,
                );
                let flag = r.take(1)?[0];
                map.insert(key, flag);
            }
            Lexicon {
                map,
                text: lex_text.to_vec(),
                len,
            }
        };
        let nnz = r.u32()? as usize;
        let mut entries: Vec<(usize, f32)> = Vec::with_capacity(nnz.min(r.b.len() / 5));
        let mut idx = 0usize;
        for i in 0..nnz {
            let delta = r.varint()? as usize;
            idx = if i == 0 {
                delta
            } else {
                idx.saturating_add(delta)
            };
            let w = f32::from_le_bytes(
                r.take(4)?
                    .try_into()
                    .map_err(|_| ModelError::Corrupt("weight"))?,
            );
            entries.push((idx, if w.is_finite() { w } else { 0.0 }));
        }
        let weights = WeightTable::from_sorted(1 << bits, entries)
            .ok_or(ModelError::Corrupt("weight index"))?;
        let mut s = Segmenter {
            bits,
            weights,
            lexicon,
            trans: [[0.0; 2]; 3],
        };
        s.refresh_trans();
        Ok(s)
    }

    /// Encodes the model (the format [`Segmenter::from_bytes`] reads).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(self.lexicon.text.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.lexicon.text);
        out.extend_from_slice(&(self.lexicon.len as u32).to_le_bytes());
        out.extend_from_slice(&(self.lexicon.map.len() as u32).to_le_bytes());
        // Sorted, so the file is the same on every run.
        let mut table: Vec<(u64, u8)> = self.lexicon.map.iter().map(|(&k, &f)| (k, f)).collect();
        table.sort_unstable();
        for (k, f) in table {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(f);
        }
        let nz: Vec<(usize, f32)> = self.weights.iter().filter(|(_, w)| *w != 0.0).collect();
        out.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        let mut prev = 0usize;
        for (k, &(i, w)) in nz.iter().enumerate() {
            let delta = if k == 0 { i } else { i - prev };
            prev = i;
            let mut d = delta as u64;
            loop {
                let byte = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Word byte ranges within `sentence`, in order; a word runs from its
    /// first syllable's start to its last syllable's end.
    pub fn words(&self, sentence: &str) -> Vec<Range<usize>> {
        let mut toks = Vec::new();
        tokens_into(sentence, &mut toks);
        let mut out = Vec::new();
        self.words_of_tokens(sentence, &toks, &mut out);
        out
    }

    /// Join scores of every boundary of `toks` (index 0 unused).
    pub(crate) fn labels(&self, text: &str, toks: &[Token], labels: &mut Vec<u8>) {
        with_scratch(|s| self.labels_with(text, toks, labels, s))
    }

    fn labels_with(&self, text: &str, toks: &[Token], labels: &mut Vec<u8>, s: &mut Scratch) {
        s.units.clear();
        s.units.extend(
            toks.iter()
                .map(|t| unit(text.get(t.range.clone()).unwrap_or(""), t.kind)),
        );
        s.emit.clear();
        s.emit.resize(s.units.len(), 0.0);
        let (w, bits) = (&self.weights, self.bits);
        let emit = &mut s.emit;
        features(&s.units, &self.lexicon, |b, f| {
            emit[b] += w.get(slot(f, bits))
        });
        viterbi_with(&s.emit, &self.trans, labels, &mut s.back);
    }

    /// Appends the words of the tokens `toks` of `text` to `out` (ranges in `text`).
    pub(crate) fn words_of_tokens(&self, text: &str, toks: &[Token], out: &mut Vec<Range<usize>>) {
        with_scratch(|s| {
            let mut labels = std::mem::take(&mut s.labels);
            self.labels_with(text, toks, &mut labels, s);
            for (k, t) in toks.iter().enumerate() {
                match out.last_mut() {
                    Some(last) if k > 0 && labels.get(k) == Some(&1) => last.end = t.range.end,
                    _ => out.push(t.range.clone()),
                }
            }
            s.labels = labels;
        })
    }

    /// One line in the usual text format: words separated by spaces, the
    /// syllables of a word joined by "_".
    pub fn segment_line(&self, line: &str) -> String {
        let mut toks = Vec::new();
        tokens_into(line, &mut toks);
        let mut labels = Vec::new();
        self.labels(line, &toks, &mut labels);
        let mut out = String::with_capacity(line.len() + 8);
        for (k, t) in toks.iter().enumerate() {
            if k > 0 {
                out.push(if labels.get(k) == Some(&1) { '_' } else { ' ' });
            }
            let text = line.get(t.range.clone()).unwrap_or("");
            let mut parts = text.split_whitespace();
            if let Some(p) = parts.next() {
                out.push_str(p);
            }
            for p in parts {
                out.push('_');
                out.push_str(p);
            }
        }
        out
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or(ModelError::Corrupt("length"))?;
        let s = self
            .b
            .get(self.pos..end)
            .ok_or(ModelError::Corrupt("unexpected end"))?;
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("varint"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_stores_the_table_its_words_give() {
        let model = Segmenter::from_bytes(EMBEDDED_MODEL).expect("the embedded model loads");
        let words = std::str::from_utf8(&model.lexicon.text).expect("the embedded words are UTF-8");
        let derived = Lexicon::from_words(words.split('\n'));
        crate::data::assert_current("data/segment/model.bin", &model.to_bytes(), EMBEDDED_MODEL);
        assert_eq!(
            EMBEDDED_MODEL[8..12],
            VERSION.to_le_bytes(),
            "model.bin is not version {VERSION}"
        );
        assert_eq!(derived.len, model.lexicon.len);
        assert_eq!(derived.map, model.lexicon.map);
    }

    #[test]
    fn the_weight_table_reads_every_slot_as_the_dense_array() {
        let mut dense = vec![0f32; 1 << 12];
        let mut x = 0x9E37_79B9u32;
        for (i, w) in dense.iter_mut().enumerate() {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if x.is_multiple_of(7) {
                *w = (x % 1000) as f32 / 100.0 - 5.0;
            } else if i.is_multiple_of(997) {
                *w = -0.0;
            }
        }
        let t = WeightTable::from_dense(&dense);
        for (i, w) in dense.iter().enumerate() {
            assert_eq!(t.get(i).to_bits(), w.to_bits(), "slot {i}");
        }
        assert_eq!(t.get(dense.len()), 0.0);
        let back: Vec<(usize, f32)> = t.iter().collect();
        assert!(back.iter().all(|&(i, w)| dense[i].to_bits() == w.to_bits()));
        assert_eq!(
            back.len(),
            dense.iter().filter(|w| w.to_bits() != 0).count()
        );
        // A repeated slot keeps its last weight; a slot out of range or out
        // of order is refused.
        let t = WeightTable::from_sorted(128, [(3, 1.0), (3, 2.0), (70, -1.5)]).unwrap();
        assert_eq!((t.get(3), t.get(70), t.get(4)), (2.0, -1.5, 0.0));
        assert!(WeightTable::from_sorted(128, [(128, 1.0)]).is_none());
        assert!(WeightTable::from_sorted(128, [(9, 1.0), (8, 1.0)]).is_none());
    }

    #[test]
    fn the_embedded_model_writes_back_the_bytes_it_was_read_from() {
        assert_eq!(Segmenter::embedded().to_bytes(), EMBEDDED_MODEL);
    }

    #[test]
    fn version_1_files_still_load() {
        let model = Segmenter::embedded();
        let mut v1 = model.to_bytes();
        // A version 1 file: the lexicon words only, no table after them.
        v1[8..12].copy_from_slice(&1u32.to_le_bytes());
        let text_end = 20 + model.lexicon.text.len();
        let table_len = 8 + 9 * model.lexicon.map.len();
        v1.drain(text_end..text_end + table_len);
        let old = Segmenter::from_bytes(&v1).expect("a version 1 file loads");
        assert_eq!(old.lexicon.map, model.lexicon.map);
        assert_eq!(old.weights, model.weights);
        assert_eq!(
            old.words("Ủy ban nhân dân tỉnh"),
            model.words("Ủy ban nhân dân tỉnh")
        );
    }
}
