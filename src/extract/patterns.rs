//! How the extract stage's patterns are compiled and searched.
//!
//! The patterns run on lines of the normalized view. Most families are
//! several patterns searched as one ([`Scanner`], [`Alternatives`]): the
//! first match in a line, which pattern it is, and then its groups, read by
//! that pattern alone.

use regex_automata::dfa::Automaton as _;
use regex_automata::dfa::sparse::DFA as SparseDfa;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::util::start;
use regex_automata::{Anchored, Input, MatchKind};
use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many bytes of text a [`Scanner`] searches with anchored walks
/// before it turns to the unanchored search: about where the unanchored
/// search's one-time costs (compiling, and building its first states) are
/// paid back by its lower cost per byte.
const ANCHORED_BYTES: usize = 1 << 20;

/// The leftmost-first search of several patterns: where in a line the first
/// match starts, which pattern it is (at one position the earlier pattern
/// wins), and where it ends — the matches of the alternation of the
/// patterns, in order.
///
/// It finds them in one of two ways, which give the same matches:
/// - **anchored walks**: a forward DFA run from each position where a match
///   can start (a byte that some start state does not reject), until it
///   dies. Its states hold only the patterns' progress from one start, so
///   they are few (a sparse DFA of 7 to 120 KB for a family of forms): the
///   families' DFAs are determinized ahead of time and embedded
///   (`data/extract/*.dfa`, [`Scanner::with_automaton`]), or, for patterns
///   that have none, compiled as a lazy DFA that builds its states as the
///   walks need them. Either needs no reverse automaton: it is the fast way
///   on one article, where an unanchored search would build every state
///   for the first time.
/// - **the unanchored search** ([`regex_automata::meta::Regex`]): its
///   states also carry every pattern's start at every position, so they are
///   many and costly to build, and it needs a reverse automaton to find
///   where a match starts; once built, it costs about half as much per byte.
///
/// A scanner walks until it has searched 1 MB (all threads together), then compiles
/// the unanchored search and keeps to it. A line whose walks cost more than
/// 16 bytes per byte searched (a long partial match walked again from
/// each of its positions, "một một một ..." after a cue) is searched the
/// unanchored way, so the work stays linear in the line; so are patterns the
/// walk cannot run (a pattern that matches the empty string).
pub struct Scanner {
    /// The patterns, spaces narrowed.
    patterns: Vec<String>,
    /// The anchored walk, when the patterns allow it.
    walker: Option<Walker>,
    /// The unanchored search, compiled when first needed.
    unanchored: OnceLock<regex_automata::meta::Regex>,
    /// Bytes searched by walks so far, by all threads.
    walked: AtomicUsize,
}

/// A search's answer: the first match's pattern and span, if any.
pub type Found = Option<(usize, Range<usize>)>;

/// What makes a cache for a thread.
type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The patterns' forward automaton, run anchored.
struct Walker {
    automaton: Automaton,
    /// The bytes at which a match can start, whatever byte comes before.
    first: [bool; 256],
}

/// A forward DFA of the patterns, anchored starts only.
enum Automaton {
    /// Determinized ahead of time and embedded (`data/extract/*.dfa`, see
    /// [`Scanner::with_automaton`]): nothing to build, every state ready.
    Ready(SparseDfa<&'static [u8]>),
    /// Compiled from the patterns, its states built as the walks need them.
    Lazy {
        dfa: DFA,
        /// One cache of built states per thread.
        caches: Pool<Cache, CacheFn>,
    },
}

/// What a walk from one position found: the preferred match there (its
/// pattern and end), and where the walk stopped.
type Walked = Result<(Option<(usize, usize)>, usize), GaveUp>;

/// The header of an embedded automaton: a format tag, then the hash of the
/// patterns it was determinized from (see [`pattern_hash`]), then the
/// sparse DFA's own bytes (little-endian).
const AUTOMATON_TAG: &[u8; 8] = b"VNDFA\0\x01\0";

/// A hash of the patterns (FNV-1a over them, each ended by a zero byte):
/// an embedded automaton is used only for the patterns it was made from.
fn pattern_hash(patterns: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in patterns {
        for &b in p.as_bytes().iter().chain(&[0u8]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Why a walk gave way to the unanchored search.
#[derive(Debug)]
struct GaveUp;

impl Scanner {
    /// Compiles the walk over `patterns` (in priority order); the
    /// unanchored search is compiled when first needed.
    pub fn new(patterns: &[String]) -> Scanner {
        Scanner::with_automaton(patterns, &[])
    }

    /// [`Scanner::new`] with the walk's automaton determinized ahead of
    /// time: `embedded` is a file made by `automaton_file` (a test writes
    /// the families' files) from these patterns. When it was made from
    /// other patterns (a table edited since) or cannot be read, the automaton is compiled instead, so the
    /// matches are the same either way.
    pub fn with_automaton(patterns: &[String], embedded: &'static [u8]) -> Scanner {
        let patterns = narrowed(patterns);
        Scanner {
            walker: Walker::embedded(&patterns, embedded).or_else(|| Walker::new(&patterns)),
            patterns,
            unanchored: OnceLock::new(),
            walked: AtomicUsize::new(0),
        }
    }

    /// Whether the walk's automaton is the embedded one (tests check that
    /// every family's is current).
    #[cfg(test)]
    pub fn walks_ready(&self) -> bool {
        matches!(
            self.walker,
            Some(Walker {
                automaton: Automaton::Ready(_),
                ..
            })
        )
    }

    /// How many patterns there are.
    pub fn pattern_len(&self) -> usize {
        self.patterns.len()
    }

    /// The first match in `line` starting at `pos` or later: the index of
    /// its pattern and its span.
    pub fn find_at(&self, line: &str, pos: usize) -> Found {
        if let Some(re) = self.unanchored.get() {
            return search(re, line, pos);
        }
        if let Some(walker) = &self.walker
            && self.walked.load(Ordering::Relaxed) < ANCHORED_BYTES
            && let Ok((found, searched)) = walker.find_at(line, pos)
        {
            self.walked.fetch_add(searched, Ordering::Relaxed);
            return found;
        }
        search(self.unanchored(), line, pos)
    }

    /// The unanchored search, compiled on first use.
    fn unanchored(&self) -> &regex_automata::meta::Regex {
        self.unanchored.get_or_init(|| compile_many(&self.patterns))
    }

    /// Both ways' answers for `find_at(line, pos)`: (walk, unanchored); the
    /// walk's is `None` when it gave way. For tests that they agree.
    #[cfg(test)]
    pub fn both(&self, line: &str, pos: usize) -> (Option<Found>, Found) {
        let walked = self
            .walker
            .as_ref()
            .and_then(|w| w.find_at(line, pos).ok())
            .map(|(found, _)| found);
        (walked, search(self.unanchored(), line, pos))
    }

    /// Whether the patterns run as anchored walks (tests check that every
    /// family's do).
    #[cfg(test)]
    pub fn walks(&self) -> bool {
        self.walker.is_some()
    }
}

/// The unanchored search's first match from `pos`.
fn search(re: &regex_automata::meta::Regex, line: &str, pos: usize) -> Found {
    let m = re.search(&Input::new(line).range(pos..))?;
    Some((m.pattern().as_usize(), m.range()))
}

impl Walker {
    /// The embedded automaton, when it was made from `patterns` and reads
    /// back; with its table of first bytes.
    fn embedded(patterns: &[String], file: &'static [u8]) -> Option<Walker> {
        let rest = file.strip_prefix(AUTOMATON_TAG.as_slice())?;
        let (hash, bytes) = rest.split_first_chunk::<8>()?;
        if u64::from_le_bytes(*hash) != pattern_hash(patterns) {
            return None;
        }
        let (dfa, _) = SparseDfa::from_bytes(bytes).ok()?;
        if dfa.pattern_len() != patterns.len() {
            return None;
        }
        Some(Walker {
            first: first_bytes(&mut &dfa)?,
            automaton: Automaton::Ready(dfa),
        })
    }

    /// Compiles the automaton and the table of first bytes; `None` when the
    /// patterns cannot be walked (one matches the empty string, or the
    /// automaton would stop on some bytes, as a Unicode word boundary
    /// makes it).
    fn new(patterns: &[String]) -> Option<Walker> {
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .cache_capacity(64 << 20),
            )
            .thompson(
                thompson::Config::new()
                    .which_captures(WhichCaptures::None)
                    .shrink(false),
            )
            .build_many(patterns)
            .ok()?;
        let mut cache = dfa.create_cache();
        let first = first_bytes(&mut (&dfa, &mut cache))?;
        // A full cache would have been cleared, and the start states
        // with it.
        if cache.clear_count() > 0 {
            return None;
        }
        let for_caches = dfa.clone();
        let make: CacheFn = Box::new(move || for_caches.create_cache());
        Some(Walker {
            automaton: Automaton::Lazy {
                dfa,
                caches: Pool::new(make),
            },
            first,
        })
    }

    /// The first match in `line` from `pos` (its pattern and span), and how
    /// many bytes were searched to find it; `GaveUp` when the walks cost too
    /// much for the bytes searched.
    fn find_at(&self, line: &str, pos: usize) -> Result<(Found, usize), GaveUp> {
        match &self.automaton {
            Automaton::Ready(dfa) => self.scan(line, pos, &mut &*dfa),
            Automaton::Lazy { dfa, caches } => {
                let mut cache = caches.get();
                self.scan(line, pos, &mut (dfa, &mut *cache))
            }
        }
    }

    /// Walks from each position of `line` from `pos` whose byte can start
    /// a match, until one does.
    #[inline]
    fn scan(&self, line: &str, pos: usize, dfa: &mut impl Steps) -> Result<(Found, usize), GaveUp> {
        let hay = line.as_bytes();
        let mut walked = 0usize;
        let mut p = pos;
        while p < hay.len() {
            if !self.first[usize::from(hay[p])] || !line.is_char_boundary(p) {
                p += 1;
                continue;
            }
            let (found, end) = walk(dfa, hay, p)?;
            if let Some((pattern, end)) = found {
                return Ok((Some((pattern, p..end)), p - pos));
            }
            walked += end - p;
            if walked > 16 * (p + 1 - pos) + 1024 {
                return Err(GaveUp);
            }
            p += 1;
        }
        Ok((None, hay.len().saturating_sub(pos)))
    }
}

/// What a state of the automaton is, for a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Still matching, no match ending here.
    Live,
    /// A match ends one byte before (matches show one byte late).
    Match,
    /// No match can go on from here.
    Dead,
    /// The automaton gives up on this byte.
    Quit,
}

/// The steps of a forward DFA a walk takes, the same for the embedded
/// automaton and the compiled one (which builds states as it steps, in a
/// cache); `None` is a give-up.
trait Steps {
    /// A state.
    type Id: Copy + PartialEq;
    /// The anchored start state after `before` (`None`: the line's start).
    fn start(&mut self, before: Option<u8>) -> Option<Self::Id>;
    /// The state after `byte`.
    fn next(&mut self, id: Self::Id, byte: u8) -> Option<Self::Id>;
    /// The state after the end of the line.
    fn eoi(&mut self, id: Self::Id) -> Option<Self::Id>;
    /// What the state is.
    fn kind(&self, id: Self::Id) -> Kind;
    /// The pattern of a match state.
    fn pattern(&self, id: Self::Id) -> usize;
}

/// An anchored start after `before`.
fn anchored_start(before: Option<u8>) -> start::Config {
    start::Config::new()
        .anchored(Anchored::Yes)
        .look_behind(before)
}

impl Steps for &SparseDfa<&'static [u8]> {
    type Id = regex_automata::util::primitives::StateID;
    fn start(&mut self, before: Option<u8>) -> Option<Self::Id> {
        self.start_state(&anchored_start(before)).ok()
    }
    #[inline]
    fn next(&mut self, id: Self::Id, byte: u8) -> Option<Self::Id> {
        Some(self.next_state(id, byte))
    }
    fn eoi(&mut self, id: Self::Id) -> Option<Self::Id> {
        Some(self.next_eoi_state(id))
    }
    #[inline]
    fn kind(&self, id: Self::Id) -> Kind {
        if !self.is_special_state(id) {
            Kind::Live
        } else if self.is_match_state(id) {
            Kind::Match
        } else if self.is_dead_state(id) {
            Kind::Dead
        } else if self.is_quit_state(id) {
            Kind::Quit
        } else {
            Kind::Live
        }
    }
    fn pattern(&self, id: Self::Id) -> usize {
        self.match_pattern(id, 0).as_usize()
    }
}

impl Steps for (&DFA, &mut Cache) {
    type Id = regex_automata::hybrid::LazyStateID;
    fn start(&mut self, before: Option<u8>) -> Option<Self::Id> {
        self.0.start_state(self.1, &anchored_start(before)).ok()
    }
    #[inline]
    fn next(&mut self, id: Self::Id, byte: u8) -> Option<Self::Id> {
        self.0.next_state(self.1, id, byte).ok()
    }
    fn eoi(&mut self, id: Self::Id) -> Option<Self::Id> {
        self.0.next_eoi_state(self.1, id).ok()
    }
    #[inline]
    fn kind(&self, id: Self::Id) -> Kind {
        if !id.is_tagged() {
            Kind::Live
        } else if id.is_match() {
            Kind::Match
        } else if id.is_dead() {
            Kind::Dead
        } else if id.is_quit() {
            Kind::Quit
        } else {
            Kind::Live
        }
    }
    fn pattern(&self, id: Self::Id) -> usize {
        self.0.match_pattern(self.1, id, 0).as_usize()
    }
}

/// The bytes at which a match can start, whatever byte comes before: those
/// on which some start state does not die. `None` when the patterns cannot
/// be walked: a start state's next state is a match (a pattern matches the
/// empty string) or gives up.
fn first_bytes<S: Steps>(dfa: &mut S) -> Option<[bool; 256]> {
    let mut starts = Vec::new();
    for before in std::iter::once(None).chain((0..=255u8).map(Some)) {
        let id = dfa.start(before)?;
        if !starts.contains(&id) {
            starts.push(id);
        }
    }
    let mut first = [false; 256];
    for &id in &starts {
        let end = dfa.eoi(id)?;
        if dfa.kind(end) == Kind::Match {
            return None;
        }
        for (b, slot) in (0..=255u8).zip(first.iter_mut()) {
            let next = dfa.next(id, b)?;
            match dfa.kind(next) {
                Kind::Match | Kind::Quit => return None,
                Kind::Dead => {}
                Kind::Live => *slot = true,
            }
        }
    }
    Some(first)
}

/// Walks the automaton from `p` of `hay`.
#[inline]
fn walk<S: Steps>(dfa: &mut S, hay: &[u8], p: usize) -> Walked {
    let before = p.checked_sub(1).and_then(|i| hay.get(i).copied());
    let mut id = dfa.start(before).ok_or(GaveUp)?;
    let mut found = None;
    let mut i = p;
    while let Some(&b) = hay.get(i) {
        id = dfa.next(id, b).ok_or(GaveUp)?;
        match dfa.kind(id) {
            Kind::Live => {}
            // A match ending before this byte.
            Kind::Match => found = Some((dfa.pattern(id), i)),
            Kind::Dead => return Ok((found, i)),
            Kind::Quit => return Err(GaveUp),
        }
        i += 1;
    }
    id = dfa.eoi(id).ok_or(GaveUp)?;
    if dfa.kind(id) == Kind::Match {
        found = Some((dfa.pattern(id), i));
    }
    Ok((found, i))
}

/// The file [`Scanner::with_automaton`] reads for `patterns`: the tag, the
/// patterns' hash, and their forward DFA (leftmost-first, anchored starts
/// only, sparse), determinized now. The test that the embedded files are
/// current writes them.
#[cfg(test)]
pub fn automaton_file(patterns: &[String]) -> Vec<u8> {
    use regex_automata::dfa::{StartKind, dense};
    let patterns = narrowed(patterns);
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::LeftmostFirst)
                .start_kind(StartKind::Anchored)
                .minimize(false),
        )
        .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
        .build_many(&patterns)
        .expect("the patterns determinize")
        .to_sparse()
        .expect("a sparse automaton");
    let mut out = AUTOMATON_TAG.to_vec();
    out.extend_from_slice(&pattern_hash(&patterns).to_le_bytes());
    out.extend_from_slice(&dfa.to_bytes_little_endian());
    out
}

/// Compiles one of the stage's regexes (built from static patterns and the
/// embedded tables) with a lazy-DFA cache large enough for its alternations.
///
/// The patterns run on lines of the normalized view, which hold no white
/// space but ' ' (normalization makes every other space ' ' and every other
/// line break a line feed), so `\s` is compiled as ' ' and `\S` as `[^ ]`:
/// the same matches, at a tenth of the compile time (Unicode white space
/// between every word of a long alternation is what made them costly).
pub fn compile(pattern: &str) -> regex::Regex {
    regex::RegexBuilder::new(&narrow_spaces(pattern))
        .size_limit(64 << 20)
        .dfa_size_limit(64 << 20)
        .build()
        .expect("extract regexes compile from static patterns")
}

/// Compiles several patterns as one regex whose matches tell which
/// pattern matched ([`regex_automata::meta::Regex::search`] gives the
/// pattern's index): the same matches as the alternation of the patterns
/// in order (leftmost first, the earlier pattern first at one position),
/// without running a capture engine to learn which alternative it was.
/// The patterns come with their spaces narrowed (see [`compile`]); limits
/// are set as there. The patterns' own groups are not kept:
/// [`compile_groups`] reads them.
fn compile_many(patterns: &[String]) -> regex_automata::meta::Regex {
    regex_automata::meta::Builder::new()
        .configure(
            regex_automata::meta::Config::new()
                .nfa_size_limit(Some(64 << 20))
                .hybrid_cache_capacity(64 << 20)
                // A match tells its pattern and span; the patterns' groups
                // are not compiled (a smaller automaton, built faster).
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .build_many(patterns)
        .expect("extract regexes compile from static patterns")
}

/// Compiles one pattern for reading its groups where a search already
/// found a match (an anchored search over the match's span, see
/// [`regex_automata::meta::Regex::search_captures`]); the pattern comes
/// with its spaces narrowed, limits are set as in [`compile`].
fn compile_groups(pattern: &str) -> regex_automata::meta::Regex {
    regex_automata::meta::Builder::new()
        .configure(
            regex_automata::meta::Config::new()
                .nfa_size_limit(Some(64 << 20))
                // It runs anchored over a match already found: a capture
                // engine on the span, without a DFA to find where it ends
                // (nor the reverse automaton that DFA would need).
                .hybrid(false),
        )
        .build(pattern)
        .expect("extract regexes compile from static patterns")
}

/// Alternative patterns searched as one regex, the way an alternation of
/// them with capture groups would be, at a fraction of the cost: the
/// search (a [`Scanner`]) tells which pattern matched and where,
/// without groups; the groups of a match are then read by its pattern
/// alone (compiled on first use), run anchored over the match with the
/// line around it seen by its assertions. A large alternation's capture
/// engine is what this saves: it ran over every alternative at every
/// match.
pub struct Alternatives {
    any: Scanner,
    own: Vec<OnceLock<Own>>,
}

/// One pattern's own regex and its named groups: (name, index), so a
/// lookup is a short scan.
struct Own {
    re: regex_automata::meta::Regex,
    names: Vec<(String, usize)>,
}

impl Alternatives {
    /// Compiles the search over `patterns` (in priority order: at one
    /// position the earlier pattern wins).
    pub fn new(patterns: Vec<String>) -> Alternatives {
        Alternatives::with_automaton(patterns, &[])
    }

    /// [`Alternatives::new`] with the search's automaton made ahead of time
    /// (see [`Scanner::with_automaton`]).
    pub fn with_automaton(patterns: Vec<String>, embedded: &'static [u8]) -> Alternatives {
        Alternatives {
            own: patterns.iter().map(|_| OnceLock::new()).collect(),
            any: Scanner::with_automaton(&patterns, embedded),
        }
    }

    /// How many patterns there are.
    pub fn pattern_count(&self) -> usize {
        self.any.pattern_len()
    }

    /// The first match in `line` starting at `pos` or later: the index of
    /// its pattern and its span.
    pub fn find_at(&self, line: &str, pos: usize) -> Found {
        self.any.find_at(line, pos)
    }

    /// The search, for tests that compare its two ways.
    #[cfg(test)]
    pub fn scanner(&self) -> &Scanner {
        &self.any
    }

    /// Compiles every pattern's own regex now rather than at its first
    /// match (on the thread that warms the patterns, while the first
    /// article is read).
    pub fn warm_groups(&self) {
        for i in 0..self.any.pattern_len() {
            self.own(i);
        }
    }

    /// Pattern `i`'s own regex, compiled on first use.
    fn own(&self, i: usize) -> Option<&Own> {
        let pattern = self.any.patterns.get(i)?;
        Some(self.own.get(i)?.get_or_init(|| {
            let re = compile_groups(pattern);
            let names = re
                .group_info()
                .pattern_names(regex_automata::PatternID::ZERO)
                .enumerate()
                .filter_map(|(k, n)| Some((n?.to_string(), k)))
                .collect();
            Own { re, names }
        }))
    }

    /// The groups of the match `whole` of pattern `i` in `line` (as
    /// [`Alternatives::find_at`] gave them).
    pub fn groups<'h>(
        &self,
        line: &'h str,
        i: usize,
        whole: Range<usize>,
    ) -> Option<Groups<'_, 'h>> {
        let own = self.own(i)?;
        let mut caps = own.re.create_captures();
        own.re.search_captures(
            &regex_automata::Input::new(line)
                .range(whole.clone())
                .anchored(regex_automata::Anchored::Yes),
            &mut caps,
        );
        // The pattern alone matches where the search found it: the same
        // preferred match, over the same span.
        (caps.get_match()?.range() == whole).then_some(Groups {
            line,
            caps,
            names: &own.names,
        })
    }

    /// Every pattern's own regex names its groups uniquely: checked by
    /// tests.
    #[cfg(test)]
    pub fn group_names(&self, i: usize) -> Option<Vec<&str>> {
        Some(self.own(i)?.names.iter().map(|(n, _)| n.as_str()).collect())
    }
}

/// The groups of one match, read by name.
pub struct Groups<'a, 'h> {
    line: &'h str,
    caps: regex_automata::util::captures::Captures,
    names: &'a [(String, usize)],
}

impl<'h> Groups<'_, 'h> {
    /// The whole match.
    pub fn whole(&self) -> Group<'h> {
        let span = self.caps.get_match().map_or(0..0, |m| m.range());
        Group {
            line: self.line,
            start: span.start,
            end: span.end,
        }
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        let &(_, k) = self.names.iter().find(|(n, _)| n == name)?;
        let span = self.caps.get_group(k)?;
        Some(Group {
            line: self.line,
            start: span.start,
            end: span.end,
        })
    }
}

/// One group's match: its span in the line.
#[derive(Debug, Clone, Copy)]
pub struct Group<'h> {
    line: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    /// Where it starts (a byte offset in the line).
    pub fn start(&self) -> usize {
        self.start
    }
    /// Where it ends.
    pub fn end(&self) -> usize {
        self.end
    }
    /// Its span.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// Its text.
    pub fn as_str(&self) -> &'h str {
        self.line.get(self.start..self.end).unwrap_or("")
    }
}

/// The patterns with their spaces narrowed ([`narrow_spaces`]).
fn narrowed(patterns: &[String]) -> Vec<String> {
    patterns.iter().map(|p| narrow_spaces(p)).collect()
}

/// Rewrites `\s` as ' ' and `\S` (outside a class) as `[^ ]`, leaving
/// every other escape alone (see [`compile`]).
pub fn narrow_spaces(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') => out.push(' '),
                Some('S') if in_class == 0 => out.push_str("[^ ]"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_are_narrowed_to_the_one_a_line_holds() {
        assert_eq!(narrow_spaces(r"a\s+b\s*[\s,]\S+"), "a +b *[ ,][^ ]+");
        assert_eq!(narrow_spaces(r"\\s\d\.[^\s]"), r"\\s\d\.[^ ]");
        let re = compile(r"Nghị\s+quyết\s+số\s*(\S+)");
        let caps = re
            .captures("theo Nghị quyết số 37-NQ/TU ngày")
            .expect("match");
        assert_eq!(&caps[1], "37-NQ/TU");
    }

    fn scanner(patterns: &[&str]) -> Scanner {
        Scanner::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_earlier_pattern_wins_at_one_position_and_the_leftmost_match_first() {
        let s = scanner(&[r"ngày\s+[0-9]+", r"ngày\s+[0-9]+/[0-9]+", r"[0-9]+/[0-9]+"]);
        assert!(s.walks());
        let line = "Từ 3/2 đến ngày 15/3/2024";
        let a = line.find("3/2").unwrap_or_default();
        let b = line.find("ngày").unwrap_or_default();
        assert_eq!(s.find_at(line, 0), Some((2, a..a + 3)));
        // "ngày 15/3" would be longer, but the first pattern wins.
        assert_eq!(s.find_at(line, a + 3), Some((0, b..b + "ngày 15".len())));
        let c = b + "ngày ".len();
        assert_eq!(s.find_at(line, b + 1), Some((2, c..c + "15/3".len())));
        assert_eq!(s.find_at(line, line.len()), None);
        for pos in 0..=line.len() {
            if line.is_char_boundary(pos) {
                let (walked, unanchored) = s.both(line, pos);
                assert_eq!(walked, Some(unanchored), "at {pos}");
            }
        }
    }

    #[test]
    fn assertions_see_the_line_before_the_search() {
        let s = scanner(&[r"(?-u:\b)[0-9]{4}(?-u:\b)"]);
        // "2024" inside "x2024" has no boundary before it.
        assert_eq!(s.find_at("x2024 2025", 1), Some((0, 6..10)));
        assert_eq!(s.find_at("2024", 0), Some((0, 0..4)));
        let s = scanner(&[r"năm$"]);
        let line = "năm nay và năm";
        assert_eq!(s.find_at(line, 0), Some((0, line.len() - 4..line.len())));
    }

    #[test]
    fn patterns_that_cannot_be_walked_are_searched_unanchored() {
        // The empty match: at every position.
        let s = scanner(&[r"[0-9]*"]);
        assert!(!s.walks());
        assert_eq!(s.find_at("ab12", 0), Some((0, 0..0)));
        // A Unicode word boundary stops a lazy DFA on non-ASCII text.
        let s = scanner(&[r"\bnăm\b"]);
        assert!(!s.walks());
        assert_eq!(s.find_at("trong năm nay", 0), Some((0, 6..10)));
    }

    #[test]
    fn long_failed_walks_give_way_and_find_the_same_match() {
        // Every "một" starts a walk over the rest of the run, which fails
        // at its end: quadratic if walked, so the line is searched
        // unanchored.
        let s = scanner(&[r"(?:một\s+)+tháng"]);
        let run = "một ".repeat(3000);
        let line = format!("{run}năm, rồi một tháng");
        let (walked, unanchored) = s.both(&line, 0);
        assert_eq!(walked, None);
        let at = run.len() + "năm, rồi ".len();
        assert_eq!(unanchored, Some((0, at..line.len())));
        assert_eq!(s.find_at(&line, 0), unanchored);
    }

    /// The lines of the extract fixtures and of the seed.
    fn own_lines() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut lines = Vec::new();
        let dir = root.join("fixtures/extract");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures/extract")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("fixture");
            let doc: toml::Table = text.parse().expect("fixture TOML");
            for case in doc
                .get("case")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                if let Some(input) = case.get("input").and_then(|i| i.as_str()) {
                    lines.extend(input.lines().map(str::to_string));
                }
            }
        }
        let seed =
            std::fs::read_to_string(root.join("seeds/000_3b1f77d61af83a32.txt")).expect("seed");
        lines.extend(seed.lines().map(str::to_string));
        lines
    }

    /// Both ways agree at every position a caller searches from (after each
    /// match, and one character on from each match start) and at every
    /// fifth character.
    fn agree(name: &str, s: &Scanner, line: &str) {
        let mut starts: Vec<usize> = line.char_indices().map(|(i, _)| i).step_by(5).collect();
        let mut pos = 0;
        while pos <= line.len() {
            starts.push(pos);
            let (walked, unanchored) = s.both(line, pos);
            if let Some(walked) = walked {
                assert_eq!(walked, unanchored, "{name} from {pos} in {line:?}");
            }
            let Some((_, m)) = unanchored else { break };
            starts.push(m.start + line[m.start..].chars().next().map_or(1, char::len_utf8));
            pos = m.end.max(pos + 1);
            while !line.is_char_boundary(pos) {
                pos += 1;
            }
        }
        for pos in starts {
            if let (Some(walked), unanchored) = s.both(line, pos) {
                assert_eq!(walked, unanchored, "{name} from {pos} in {line:?}");
            }
        }
    }

    #[test]
    fn the_embedded_automata_are_current_and_in_use() {
        let files = [
            (
                "data/extract/dates.dfa",
                super::super::dates::automaton_now(),
                super::super::dates::AUTOMATON,
            ),
            (
                "data/extract/doc_refs.dfa",
                super::super::doc_refs::automaton_now(),
                super::super::doc_refs::AUTOMATON,
            ),
            (
                "data/extract/figures.dfa",
                super::super::figures::automaton_now(),
                super::super::figures::AUTOMATON,
            ),
        ];
        for (path, now, embedded) in &files {
            crate::data::assert_current(path, now, embedded);
        }
        // Determinizing is deterministic: the same bytes twice.
        assert_eq!(super::super::figures::automaton_now(), files[2].1);
        for (name, s) in [
            ("dates", super::super::dates::scanner()),
            ("doc_refs", super::super::doc_refs::scanner()),
            ("figures", super::super::figures::forms_re()),
        ] {
            assert!(s.walks_ready(), "{name} compiles its automaton");
        }
    }

    #[test]
    fn a_stale_or_broken_automaton_is_compiled_instead() {
        let patterns = vec![r"ngày\s+[0-9]+".to_string(), r"[0-9]+/[0-9]+".to_string()];
        let file: &'static [u8] = Box::leak(automaton_file(&patterns).into_boxed_slice());
        let line = "Từ 3/2 đến ngày 15";
        let ready = Scanner::with_automaton(&patterns, file);
        assert!(ready.walks_ready());
        // Made from other patterns: the hash tells.
        let other = vec![r"ngày\s+[0-9]+".to_string(), r"[0-9]+-[0-9]+".to_string()];
        let stale = Scanner::with_automaton(&other, file);
        assert!(stale.walks() && !stale.walks_ready());
        // Cut short, or no automaton at all.
        let cut: &'static [u8] = &file[..file.len() / 2];
        let broken = Scanner::with_automaton(&patterns, cut);
        assert!(broken.walks() && !broken.walks_ready());
        let compiled = Scanner::new(&patterns);
        for pos in 0..=line.len() {
            if line.is_char_boundary(pos) {
                assert_eq!(
                    ready.find_at(line, pos),
                    compiled.find_at(line, pos),
                    "at {pos}"
                );
                assert_eq!(
                    broken.find_at(line, pos),
                    compiled.find_at(line, pos),
                    "at {pos}"
                );
            }
        }
        let a = line.find("3/2").unwrap_or_default();
        assert_eq!(ready.find_at(line, 0), Some((1, a..a + 3)));
    }

    #[test]
    fn every_family_walks_and_both_ways_agree_on_real_lines() {
        let families = [
            ("dates", super::super::dates::scanner()),
            ("doc_refs", super::super::doc_refs::scanner()),
            ("figures", super::super::figures::forms_re()),
        ];
        let lines = own_lines();
        assert!(lines.len() > 300);
        for (name, s) in families {
            assert!(s.walks(), "{name}");
            let mut found = 0;
            for line in &lines {
                agree(name, s, line);
                found += usize::from(s.both(line, 0).1.is_some());
            }
            assert!(found > 50, "{name}: {found} lines with a match");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Lines made of the words the forms start and continue with.
        #[test]
        fn both_ways_agree_on_generated_lines(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "ngày", "Ngày", "tháng", "năm", "Năm", "quý", "Quý", "thứ", "Thứ", "hai", "ba",
                "mười", "một", "sáu", "nay", "trước", "tới", "đến", "từ", "Từ", "hôm", "qua",
                "sáng", "chiều", "cách", "đây", "tuần", "và", ",", ";", "-", "/", "(", ")",
                "12", "3", "2024", "1998", "15/3", "3/2025", "21/2/2024", "9h30", "IV", "II",
                "Nghị", "quyết", "Nghị quyết", "số", "Số", "37-NQ/TW", "30/2020/NĐ-CP",
                "Quyết định", "Luật", "Bộ luật", "Đất", "đai", "Hiến pháp", "Điều lệ", "Đảng",
                "Trung ương", "khóa", "khoá", "XIII", "Kỳ họp", "thứ", "Quốc hội", "sửa đổi",
                "%", "tỷ", "triệu", "đồng", "USD", "ha", "người", "gấp", "đôi", "1.234,5",
                "6,61", "x2024", "hoà", "Ủy", "ban",
            ]),
            0..24,
        ), glue in proptest::collection::vec(proptest::bool::ANY, 24)) {
            let mut line = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 && !glue[i] {
                    line.push(' ');
                }
                line.push_str(w);
            }
            for (name, s) in [
                ("dates", super::super::dates::scanner()),
                ("doc_refs", super::super::doc_refs::scanner()),
                ("figures", super::super::figures::forms_re()),
            ] {
                agree(name, s, &line);
            }
        }
    }

    #[test]
    fn a_scanner_turns_unanchored_after_its_share_of_bytes() {
        let s = scanner(&[r"[0-9]+%"]);
        let line = format!("{} 12% và 3%", "x".repeat(1 << 16));
        let mut found = Vec::new();
        for _ in 0..(ANCHORED_BYTES >> 16) + 2 {
            found.push(s.find_at(&line, 0));
        }
        assert!(s.unanchored.get().is_some());
        assert!(
            found
                .iter()
                .all(|f| *f == Some((0, (1 << 16) + 1..(1 << 16) + 4)))
        );
    }
}
