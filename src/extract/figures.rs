//! Figures as a table of forms.
//!
//! [`FORMS`] lists every form a figure starts with — its name, its pattern
//! and its resolver side by side. One regex is generated from the table (in
//! table order, one named group per form); each match goes to its form's
//! resolver, which reads the words around it with the shared readers below
//! (sign, qualifier, rank and multiplier words to the left; range, total,
//! scale words and parts, unit or counted noun and `per` to the right).
//! Word lists are the tables of `data/extract/`. Values are exact
//! ([`Exact`]): never through `f64`.

use super::numbers::{Exact, parse_exact, parse_spelled_decimal};
use super::patterns::Scanner;
use super::scan::{char_after, char_before, next_word, prev_word};
use super::tables::{Tables, Unit, UnitKind, UnitPlace, WordClass, tables};
use crate::chars::CharExt;
use crate::document::{FigureKind, Qualifier};
use std::ops::Range;
use std::sync::OnceLock;

/// A figure found in one line, before span mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFigure {
    /// Byte range in the line.
    pub range: Range<usize>,
    /// Kind of figure.
    pub kind: FigureKind,
    /// Exact value in base units.
    pub value: Exact,
    /// Counted noun or unit (an ISO 4217 code for money).
    pub unit: Option<String>,
    /// What a rate is per.
    pub per: Option<String>,
    /// The whole ("14" in "thứ 5/14").
    pub total: Option<Exact>,
    /// Approximate, over, under.
    pub qualifier: Option<Qualifier>,
}

/// One form of figure: the name of its regex group, the pattern that finds
/// its start, and the resolver that reads the whole figure around a match.
pub struct Form {
    /// Name of the form and of its regex group.
    pub name: &'static str,
    /// Builds the form's pattern from the tables.
    pub pattern: fn(&Tables) -> String,
    /// Reads the figures of one match into the output.
    resolve: fn(&Ctx<'_>, Range<usize>, &mut Vec<RawFigure>),
}

/// The forms, in the order their patterns are tried at one position (the
/// first that matches there wins: "1tr5" before the plain number "1").
pub const FORMS: &[Form] = &[
    // "$5 triệu", "US$ 10 tỷ", "USD 10", "€20": a currency written first.
    Form {
        name: "money_first",
        pattern: money_first_pattern,
        resolve: money_first,
    },
    // "1tr5 VND", "10tr đồng": "tr" for "triệu", its digits the next places.
    Form {
        name: "short_million",
        pattern: |_| r"[0-9]{1,3}tr[0-9]{0,3}".to_string(),
        resolve: short_million,
    },
    // "7,24%", "566 tỷ 384 triệu đồng", "15-30 triệu người", "thứ 5/14".
    Form {
        name: "number",
        pattern: |_| r"[0-9]+(?:[.,][0-9]+)*".to_string(),
        resolve: number,
    },
    // "ba trường hợp", "hai mươi mốt nghìn không trăm mười một người".
    Form {
        name: "spelled",
        pattern: spelled_pattern,
        resolve: spelled,
    },
    // "gấp đôi", "gấp rưỡi".
    Form {
        name: "double",
        pattern: |_| r"[Gg]ấp\s+(?:đôi|rưỡi)".to_string(),
        resolve: double,
    },
];

/// What one resolver sees: the line, the masked ranges (dates, document
/// references) and where the previous figure ended.
struct Ctx<'a> {
    line: &'a str,
    masked: &'a [Range<usize>],
    prev_end: Option<usize>,
}

/// Compiles the stage's patterns now rather than on first use.
pub(crate) fn warm() {
    forms_re();
    counted_folded();
    units_by_first_byte();
}

/// The forms' search automaton, determinized ahead of time from
/// [`patterns`] (see [`Scanner::with_automaton`]).
pub(crate) const AUTOMATON: &[u8] = include_bytes!("../../data/extract/figures.dfa");

/// The forms' patterns, in [`FORMS`] order.
fn patterns(t: &Tables) -> Vec<String> {
    FORMS.iter().map(|f| (f.pattern)(t)).collect()
}

/// The embedded automaton's file as the patterns make it now.
#[cfg(test)]
pub(crate) fn automaton_now() -> Vec<u8> {
    super::patterns::automaton_file(&patterns(tables()))
}

/// The forms searched as one, in [`FORMS`] order: a match's pattern index
/// is its form.
pub(crate) fn forms_re() -> &'static Scanner {
    static RE: OnceLock<Scanner> = OnceLock::new();
    RE.get_or_init(|| {
        let t = tables();
        Scanner::with_automaton(&patterns(t), AUTOMATON)
    })
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Currency symbols and codes that may stand before their number, then the
/// number.
fn money_first_pattern(t: &Tables) -> String {
    let symbols: Vec<String> = t
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Money && u.place == UnitPlace::Both)
        .map(|u| regex::escape(&u.surface))
        .collect();
    format!(r"(?:{})\s?[0-9]+(?:[.,][0-9]+)*", symbols.join("|"))
}

/// A spelled number: a digit word or "mười", then numeral and scale words.
fn spelled_pattern(t: &Tables) -> String {
    let mut first = Vec::new();
    let mut words = Vec::new();
    for w in &t.numeral_words {
        if let Some((_, role)) = t.numerals.get(w) {
            if matches!(
                role,
                super::tables::NumeralRole::Digit | super::tables::NumeralRole::Ten
            ) {
                first.push(w.clone());
                first.push(capitalized(w));
            }
            words.push(w.clone());
            words.push(capitalized(w));
        }
    }
    words.extend(t.scale_words.iter().cloned());
    let mut marks: Vec<String> = t
        .figure_words
        .iter()
        .filter(|(_, c)| c.contains(&WordClass::DecimalMark))
        .map(|(w, _)| w.clone())
        .collect();
    marks.sort();
    words.extend(marks.iter().cloned());
    // Longest first, then alphabetical: a deterministic alternation.
    first.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.dedup();
    format!(
        r"(?:{}|[Kk]hông\s+(?:{}))(?:\s+(?:{}))*",
        first.join("|"),
        marks.join("|"),
        words.join("|")
    )
}

fn lc(s: &str) -> String {
    crate::tone::key(&crate::chars::lowercase(s))
}

/// Whether `r` overlaps any of `masked`, which must be sorted and disjoint
/// (see [`super::merge_ranges`]): one binary search, so a line with
/// thousands of dates and references stays linear.
pub fn overlaps(masked: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = masked.partition_point(|m| m.end <= r.start);
    masked.get(i).is_some_and(|m| m.start < r.end)
}

/// Finds the figures of one line; `masked` are the ranges of dates and
/// document references, whose numbers are not figures.
pub fn find(line: &str, masked: &[Range<usize>]) -> Vec<RawFigure> {
    let re = forms_re();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut prev_end = None;
    while pos <= line.len() {
        let Some((pattern, range)) = re.find_at(line, pos) else {
            break;
        };
        pos = if range.end > range.start {
            range.end
        } else {
            range.end + char_after(line, range.end).map_or(1, char::len_utf8)
        };
        if overlaps(masked, &range) {
            continue;
        }
        let Some(form) = FORMS.get(pattern) else {
            continue;
        };
        let ctx = Ctx {
            line,
            masked,
            prev_end,
        };
        let before = out.len();
        (form.resolve)(&ctx, range, &mut out);
        // Drop what a mask covers; keep the rest in order.
        let mut i = before;
        while i < out.len() {
            if overlaps(masked, &out[i].range) && !time_span_before_date(line, masked, &out[i]) {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        if let Some(last) = out.get(before..).and_then(|s| s.last()) {
            prev_end = Some(last.range.end);
            // Resume after the figure: its words are read.
            pos = pos.max(last.range.end);
        }
    }
    out
}

/// "5 năm 2021 - 2025": a time span whose unit word is also the lead word
/// of the date after it is still a measure (its number is not masked).
fn time_span_before_date(line: &str, masked: &[Range<usize>], f: &RawFigure) -> bool {
    if f.kind != FigureKind::Measure || !matches!(f.unit.as_deref(), Some("năm" | "tháng")) {
        return false;
    }
    let unit_start = f
        .range
        .end
        .saturating_sub(f.unit.as_deref().map_or(0, str::len));
    !overlaps(masked, &(f.range.start..unit_start))
        && masked
            .get(masked.partition_point(|m| m.start < unit_start))
            .is_some_and(|m| m.start == unit_start)
        && next_word(line, f.range.end)
            .is_some_and(|(_, w)| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
}

// ---------------------------------------------------------------------------
// Readers shared by the forms.
// ---------------------------------------------------------------------------

/// A qualifier phrase of `qualifiers.tsv` ending right before `start`
/// (after at most two spaces): (its start, kind). A "hơn" after a
/// comparative ("cao hơn") is a comparison, not a qualifier.
fn qualifier_adjacent(line: &str, start: usize) -> Option<(usize, Qualifier)> {
    let head = &line[..start];
    let trimmed = head.trim_end();
    if start > 0 && (trimmed.len() == head.len() || head.len() - trimmed.len() > 2) {
        return None;
    }
    let tail: String = {
        // The last 20 characters are enough for any qualifier phrase.
        let from = trimmed.char_indices().rev().nth(19).map_or(0, |(i, _)| i);
        lc(&trimmed[from..])
    };
    let t = tables();
    for (q, kind) in &t.qualifiers {
        if let Some(before) = tail.strip_suffix(q.as_str())
            && !before.ends_with(|c: char| c.is_alnum())
        {
            let qstart = trimmed.len() - (tail.len() - before.len());
            if !trimmed.is_char_boundary(qstart) {
                continue;
            }
            if q.starts_with("hơn")
                && prev_word(line, qstart)
                    .is_some_and(|(_, w)| t.is(&lc(w), WordClass::Comparative))
            {
                return None;
            }
            return Some((qstart, *kind));
        }
    }
    None
}

/// The qualifier of an amount starting at `start`: adjacent ("hơn 2.000
/// tỷ đồng", the text then starts at it) or separated by up to two gap
/// words ("khoảng đạt mốc 400 tỷ USD", the text stays the amount).
fn qualifier_before(line: &str, start: usize) -> (usize, Option<Qualifier>) {
    if let Some((qs, kind)) = qualifier_adjacent(line, start) {
        return (qs, Some(kind));
    }
    let t = tables();
    let mut at = start;
    for _ in 0..2 {
        let Some((r, w)) = prev_word(line, at) else {
            break;
        };
        if !t.is(&lc(w), WordClass::QualifierGap) || !line[r.end..at].trim().is_empty() {
            break;
        }
        at = r.start;
        if let Some((_, kind)) = qualifier_adjacent(line, at) {
            return (start, Some(kind));
        }
    }
    (start, None)
}

/// Scale words right after `pos` ("tỷ", "nghìn tỷ"): (power of ten, end).
fn scale_after(line: &str, pos: usize) -> (u32, usize) {
    let t = tables();
    let mut end = pos;
    let mut power = 0;
    let mut n = 0;
    while n < 3 {
        let Some((r, w)) = next_word(line, end) else {
            break;
        };
        if r.start == end && end != pos || !line[end..r.start].chars().all(char::is_whitespace) {
            break;
        }
        match t.scales.get(&crate::chars::lowercase(w)) {
            Some(p) => {
                power += p;
                end = r.end;
                n += 1;
            }
            None => break,
        }
    }
    if power > 24 { (0, pos) } else { (power, end) }
}

/// An amount after its first number: scale words and the parts of one
/// amount ("566 tỷ 384 triệu" = 566384000000), or a glued "k" for
/// thousands ("100k đồng", only with money). (value, end, glued k).
fn amount_after(line: &str, value: &Exact, pos: usize) -> Option<(Exact, usize, bool)> {
    if let Some(k @ ('k' | 'K')) = char_after(line, pos)
        && !char_after(line, pos + 1).is_some_and(crate::chars::is_alnum)
    {
        return Some((value.times_pow10(3)?, pos + k.len_utf8(), true));
    }
    let (power, mut end) = scale_after(line, pos);
    if power == 0 {
        return Some((value.clone(), pos, false));
    }
    let mut total = value.times_pow10(power)?;
    if let Some((half, e)) = half_after(line, end, power) {
        return Some((total.add(&half)?, e, false));
    }
    let mut last = power;
    // Parts: "tỷ 384 triệu", each a whole number below the previous scale.
    loop {
        let rest = &line[end..];
        let gap = rest.len() - rest.trim_start().len();
        if gap != 1 {
            break;
        }
        let s = end + 1;
        let len = line[s..].bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || len > 3 {
            break;
        }
        let (p, e) = scale_after(line, s + len);
        if p == 0 || p >= last || !line[s + len..].starts_with(' ') {
            break;
        }
        let part = Exact::from_plain(&line[s..s + len])?;
        total = total.add(&part.times_pow10(p)?)?;
        last = p;
        end = e;
    }
    Some((total, end, false))
}

/// "rưỡi" (and a half) after a scale word of power `power`: (half of
/// the scale, end). "một triệu rưỡi" = 1500000.
fn half_after(line: &str, pos: usize, power: u32) -> Option<(Exact, usize)> {
    let (r, w) = next_word(line, pos)?;
    if power == 0 || lc(w) != "rưỡi" || !line[pos..r.start].trim().is_empty() {
        return None;
    }
    Some((Exact::from_u128(5)?.times_pow10(power - 1)?, r.end))
}

/// A unit of `units.tsv` at `pos` (glued or after one or two spaces):
/// (unit, end).
/// A unit of place `scaled` counts only when `scaled`.
fn unit_after(line: &str, pos: usize, scaled: bool) -> Option<(&'static Unit, usize)> {
    let rest = line.get(pos..)?;
    let trimmed = rest.trim_start();
    let gap = rest.len() - trimmed.len();
    if gap > 2 {
        return None;
    }
    let start = pos + gap;
    let units = &tables().units;
    let by_first = units_by_first_byte();
    let candidates = trimmed
        .as_bytes()
        .first()
        .and_then(|&b| by_first.get(usize::from(b)))
        .or_else(|| by_first.get(EMPTY_SURFACE))
        .map_or(&[][..], Vec::as_slice);
    for u in candidates.iter().filter_map(|&i| units.get(i as usize)) {
        if u.place == UnitPlace::Scaled && !scaled {
            continue;
        }
        if let Some(after) = trimmed.strip_prefix(u.surface.as_str()) {
            let word_unit = u.surface.ends_with(|c: char| c.is_alnum());
            let boundary = u.kind == UnitKind::Percent
                || !word_unit
                || !after.starts_with(|c: char| c.is_alnum());
            if boundary {
                return Some((u, start + u.surface.len()));
            }
        }
    }
    None
}

/// The bucket of [`units_by_first_byte`] that only units with an empty
/// surface fill (the one a line's end looks in).
const EMPTY_SURFACE: usize = 256;

/// The units of `units.tsv` by the first byte of their surface, in table
/// order (an empty surface, in every bucket and in bucket 256): a unit can
/// only start where its first byte stands, so [`unit_after`] tries a few
/// units instead of all of them, first match first as before.
fn units_by_first_byte() -> &'static [Vec<u32>] {
    static BY: OnceLock<Vec<Vec<u32>>> = OnceLock::new();
    BY.get_or_init(|| {
        let mut by = vec![Vec::new(); EMPTY_SURFACE + 1];
        for (i, u) in tables().units.iter().enumerate() {
            let i = i as u32;
            match u.surface.as_bytes().first() {
                Some(&b) => by[usize::from(b)].push(i),
                None => by.iter_mut().for_each(|list| list.push(i)),
            }
        }
        by
    })
}

/// The counted nouns with their tone-folded lower-case forms, built once.
fn counted_folded() -> &'static CountedIndex {
    static F: OnceLock<CountedIndex> = OnceLock::new();
    F.get_or_init(|| {
        let entries: Vec<(String, String)> = tables()
            .counted
            .iter()
            .map(|c| (c.clone(), crate::tone::key(&crate::chars::lowercase(c))))
            .collect();
        let mut by_first: rustc_hash::FxHashMap<char, Vec<usize>> = Default::default();
        for (i, (_, f)) in entries.iter().enumerate() {
            if let Some(c) = f.chars().next() {
                by_first.entry(c).or_default().push(i);
            }
        }
        let max_chars = entries
            .iter()
            .map(|(_, f)| f.chars().count())
            .max()
            .unwrap_or(0);
        CountedIndex {
            entries,
            by_first,
            max_chars,
        }
    })
}

/// The counted nouns of `counted.txt`, folded, in table order (longest
/// first), indexed by their first character.
struct CountedIndex {
    /// (as written, folded).
    entries: Vec<(String, String)>,
    /// First character of the folded form -> entries, in table order.
    by_first: rustc_hash::FxHashMap<char, Vec<usize>>,
    /// The longest folded form, in characters.
    max_chars: usize,
}

/// A counted noun of `counted.txt` starting at word start `start`, as
/// written: (noun, end).
fn counted_at(line: &str, start: usize) -> Option<(String, usize)> {
    let rest = &line[start..];
    let index = counted_folded();
    // Folding keeps the number of characters, so a match of n characters
    // ends at the n-th character. Only the head is folded, up to the end of
    // the word that passes the longest entry: folding works a word at a
    // time, so those characters come out as in a longer fold.
    let head_end = (0..=rest.len().min(120))
        .rev()
        .find(|&i| rest.is_char_boundary(i))
        .unwrap_or(0);
    let cut = rest[..head_end]
        .char_indices()
        .skip(index.max_chars + 1)
        .find(|(_, c)| !c.is_alnum())
        .map_or(head_end, |(i, _)| i);
    let folded = lc(&rest[..cut]);
    let candidates = folded.chars().next().and_then(|c| index.by_first.get(&c));
    for &i in candidates.map_or(&[][..], Vec::as_slice) {
        let fc = &index.entries[i].1;
        if let Some(after) = folded.strip_prefix(fc.as_str())
            && !after.starts_with(|c: char| c.is_alnum())
        {
            let n = fc.chars().count();
            let end = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
            return Some((rest[..end].to_string(), start + end));
        }
    }
    None
}

/// A counted noun after `pos`: the longest table entry (capitalised ones
/// too: "6 Luật", "08 Đoàn"), else the next lower-case word unless
/// `table_only`.
fn noun_after(line: &str, pos: usize, table_only: bool) -> Option<(String, usize)> {
    let (r, w) = next_word(line, pos)?;
    if !line[pos..r.start].chars().all(char::is_whitespace) || r.start == pos {
        return None;
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(found) = counted_at(line, r.start) {
        return Some(found);
    }
    if table_only
        || w.chars().next().is_some_and(char::is_uppercase)
        || tables().not_nouns.contains(lc(w).as_str())
    {
        return None;
    }
    // A noun followed by a Roman numeral names a term ("8 khóa XIII").
    if let Some((_, nw)) = next_word(line, r.end)
        && nw.chars().all(|c| "IVXLC".contains(c))
    {
        return None;
    }
    Some((w.to_string(), r.end))
}

/// What follows an amount: a unit of `units.tsv` or a counted noun.
enum Tail {
    Unit(&'static Unit),
    Noun(String),
}

/// The unit or counted noun after `pos`; a counted noun that is longer
/// than the unit it starts with wins ("3 đồng chí", "5 đô thị").
fn tail_after(line: &str, pos: usize, table_only: bool, scaled: bool) -> Option<(Tail, usize)> {
    let unit = unit_after(line, pos, scaled);
    let noun = noun_after(line, pos, table_only);
    match (unit, noun) {
        (Some((_, ue)), Some((n, ne))) if ne > ue => Some((Tail::Noun(n), ne)),
        (Some((u, ue)), _) => Some((Tail::Unit(u), ue)),
        (None, Some((n, ne))) => Some((Tail::Noun(n), ne)),
        (None, None) => None,
    }
}

/// A rate's denominator after `pos`: "/năm", "/người/tháng", "/GRDP", or
/// a per word and its noun ("mỗi năm"), which stays out of the text.
/// (per, end of the text).
fn per_after(line: &str, pos: usize, slash_units_only: bool) -> Option<(String, usize)> {
    let mut end = pos;
    let mut parts = Vec::new();
    while line[end..].starts_with('/') {
        let Some((r, w)) = next_word(line, end + 1) else {
            break;
        };
        if r.start != end + 1 || w.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        if slash_units_only && parts.is_empty() && !tables().units.iter().any(|u| u.surface == w) {
            return None;
        }
        // A compound noun stays whole ("/lao động").
        match counted_at(line, r.start) {
            Some((n, e)) => {
                parts.push(n);
                end = e;
            }
            None => {
                parts.push(w.to_string());
                end = r.end;
            }
        }
        if let Some(a) = line[end..].chars().next()
            && matches!(a, '2' | '3' | '²' | '³')
        {
            end += a.len_utf8();
        }
    }
    if !parts.is_empty() {
        return Some((parts.join("/"), end));
    }
    if slash_units_only {
        return None;
    }
    let (r, w) = next_word(line, pos)?;
    if !tables().is(&lc(w), WordClass::PerMarker) || !line[pos..r.start].trim().is_empty() {
        return None;
    }
    let (nr, nw) = next_word(line, r.end)?;
    if nw.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let noun = counted_at(line, nr.start).map_or_else(|| nw.to_string(), |(n, _)| n);
    Some((noun, pos))
}

/// A digit number right at `pos` (no spaces): (value, end).
fn number_at(line: &str, pos: usize) -> Option<(Exact, usize)> {
    let rest = line.get(pos..)?;
    let len = rest
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit()
                || (matches!(c, '.' | ',')
                    && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map(|(_, c)| c.len_utf8())
        .sum::<usize>();
    if len == 0 {
        return None;
    }
    Some((parse_exact(&rest[..len])?, pos + len))
}

/// A range's second end after `pos` ("7-8%", "5 đến 7 tỷ"): the start of
/// its number.
/// After "giữa" ("between") the ends are joined by "và" too.
fn range_next(line: &str, pos: usize, between: bool) -> Option<usize> {
    let rest = &line[pos..];
    let t = rest.trim_start();
    let lead = rest.len() - t.len();
    let skip = if t.starts_with(['-', '–']) && lead <= 1 {
        lead + t.chars().next().map_or(1, char::len_utf8)
    } else {
        let (r, w) = next_word(line, pos)?;
        let w = lc(w);
        let marker = tables().is(&w, WordClass::RangeMarker) || (between && w == "và");
        if lead != 1 || !marker {
            return None;
        }
        r.end - pos
    };
    let s = pos + skip;
    let sp = line[s..].len() - line[s..].trim_start().len();
    (sp <= 1 && char_after(line, s + sp).is_some_and(|c| c.is_ascii_digit())).then_some(s + sp)
}

/// Whether the number at `r` is a telephone number.
fn is_phone_like(line: &str, r: &Range<usize>) -> bool {
    let s = &line[r.clone()];
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if s.starts_with('0') && digits >= 4 && !s.contains(',') {
        return true;
    }
    // Digit groups separated by single spaces: "0912 345 678".
    let after = &line[r.end..];
    let before = &line[..r.start];
    (after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_ascii_digit()))
        || (before.ends_with(' ')
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()))
}

/// The sign before a number at `start`: "-", "+", "−" standing alone, or
/// "âm". A dash right after the previous figure joins a range ("3kg-6kg",
/// "1.000 đồng - 2.000 đồng"). (start of the figure, negative), `None` when
/// the number is glued to a code ("COVID-19").
fn sign_before(ctx: &Ctx<'_>, start: usize) -> Option<(usize, bool)> {
    let line = ctx.line;
    match char_before(line, start) {
        Some(c @ ('-' | '+' | '−' | '–')) => {
            let at = start - c.len_utf8();
            let joins = ctx
                .prev_end
                .is_some_and(|e| e <= at && line[e..at].trim().is_empty());
            if joins {
                return Some((start, false));
            }
            let b2 = char_before(line, at);
            if c != '–' && b2.is_none_or(|b| b.is_whitespace() || b == '(') {
                Some((at, c != '+'))
            } else if b2.is_some_and(crate::chars::is_alnum) {
                None
            } else {
                Some((start, false))
            }
        }
        Some(c) if c.is_alnum() => None,
        _ => match prev_word(line, start) {
            Some((r, w))
                if tables().is(&lc(w), WordClass::Minus) && line[r.end..start].len() == 1 =>
            {
                Some((r.start, true))
            }
            _ => Some((start, false)),
        },
    }
}

/// What the words before a number make of it.
enum Left {
    /// A plain amount.
    Plain,
    /// "thứ 5/14", "xếp thứ 2": a rank, starting at the given byte.
    Rank(usize),
    /// "gấp 3 lần": a multiplier, starting at "gấp".
    Times(usize),
}

/// The left context of a number starting at `start`; `None` for a label
/// ("Điều 5", "đợt 3", but not "Dân số 100 người") or a bare ordinal.
fn left_of(line: &str, start: usize, core_end: usize) -> Option<Left> {
    let t = tables();
    let prev = prev_word(line, start);
    let prev_lc = prev.as_ref().map(|(_, w)| lc(w));
    let prev2 = prev
        .as_ref()
        .and_then(|(pr, _)| prev_word(line, pr.start))
        .map(|(_, w)| lc(w));
    match prev_lc.as_deref() {
        Some("thứ") | Some("hạng") => {
            let ranked = matches!(prev2.as_deref(), Some("đứng" | "xếp" | "vị" | "hạng"))
                || prev_lc.as_deref() == Some("hạng") && prev2.as_deref() == Some("xếp");
            let has_total = line[core_end..].starts_with('/');
            if !(ranked || has_total) {
                return None;
            }
            Some(Left::Rank(prev.map_or(start, |(pr, _)| pr.start)))
        }
        Some("gấp") => Some(Left::Times(prev.map_or(start, |(pr, _)| pr.start))),
        Some(w) if t.labels.contains(w) => {
            let phrase = format!("{} {w}", prev2.as_deref().unwrap_or(""));
            t.not_labels.contains(&phrase).then_some(Left::Plain)
        }
        _ => Some(Left::Plain),
    }
}

/// "37/102 (chiếm 36,3%) nhiệm vụ": the counted noun after a parenthesis
/// that follows a share.
fn noun_after_parenthesis(line: &str, pos: usize) -> Option<String> {
    let rest = &line[pos..];
    let t = rest.trim_start();
    if !t.starts_with('(') || rest.len() - t.len() > 1 {
        return None;
    }
    let close = t.get(..t.len().min(80))?.find(')')?;
    let after = pos + (rest.len() - t.len()) + close + 1;
    noun_after(line, after, true).map(|(n, _)| n)
}

/// Whether a Capitalised word (not the sentence's first) stands right
/// before `start`: "Quyết định 15", "Phụ lục 3".
fn capital_before(line: &str, start: usize) -> bool {
    prev_word(line, start).is_some_and(|(pr, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !line[..pr.start].trim().is_empty()
            && !line[..pr.start]
                .trim_end()
                .ends_with(['.', ':', '!', '?', '(', '"', '“', '-'])
    })
}

/// Whether a number at `r` is a code, a clock time or list numbering, or
/// glued to letters: never a figure.
fn not_an_amount(line: &str, r: &Range<usize>) -> bool {
    if let Some(c @ ('/' | '.' | ',' | ':')) = char_before(line, r.start)
        && char_before(line, r.start - c.len_utf8()).is_some_and(crate::chars::is_alnum)
    {
        return true;
    }
    if is_phone_like(line, r) {
        return true;
    }
    let after = char_after(line, r.end);
    if after == Some(':') && char_after(line, r.end + 1).is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // List numbering: "1. ", "2) " at the start of a line.
    line[..r.start].trim().chars().all(|c| "-•+*(".contains(c))
        && matches!(after, Some('.' | ')'))
        && char_after(line, r.end + 1).is_none_or(char::is_whitespace)
}

// ---------------------------------------------------------------------------
// Resolvers.
// ---------------------------------------------------------------------------

/// The unit, kind and `per` a number reads to its right.
struct Read {
    kind: Option<FigureKind>,
    unit: Option<String>,
    per: Option<String>,
    end: usize,
}

/// Reads the unit or noun and the `per` after an amount ending at `pos`.
fn read_tail(line: &str, pos: usize, scaled: bool) -> Read {
    let mut read = Read {
        kind: None,
        unit: None,
        per: None,
        end: pos,
    };
    match tail_after(line, pos, false, scaled) {
        Some((Tail::Unit(u), e)) => {
            read.kind = Some(match u.kind {
                UnitKind::Money => FigureKind::Money,
                UnitKind::Percent => FigureKind::Percent,
                UnitKind::Measure => FigureKind::Measure,
            });
            read.unit = Some(u.name.clone());
            read.end = e;
        }
        Some((Tail::Noun(n), e)) => {
            read.kind = Some(if n == "lần" {
                FigureKind::Multiplier
            } else {
                FigureKind::Count
            });
            read.unit = Some(n);
            read.end = e;
        }
        None => {}
    }
    if read.unit.is_some()
        && let Some((p, e)) = per_after(line, read.end, read.kind == Some(FigureKind::Count))
    {
        read.per = Some(p);
        read.end = e;
    }
    read
}

/// A multiplier verb before `start` ("tăng hơn 10 lần"): its start.
fn multiplier_verb_before(line: &str, start: usize) -> Option<usize> {
    let (r, w) = prev_word(line, start)?;
    (tables().is(&lc(w), WordClass::MultiplierVerb) && line[r.end..start].trim().is_empty())
        .then_some(r.start)
}

/// Whole digits at `r` followed by a spoken decimal mark and digits ("2
/// chấm 23"): (value, end of the fraction).
fn spoken_decimal(line: &str, r: &Range<usize>) -> Option<(Exact, usize)> {
    let core = &line[r.clone()];
    if !core.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mr, w) = next_word(line, r.end)?;
    if mr.start != r.end + 1 || !tables().is(&lc(w), WordClass::DecimalMark) {
        return None;
    }
    let fs = mr.end + 1;
    if !line[mr.end..].starts_with(' ') {
        return None;
    }
    let len = line[fs..].bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || char_after(line, fs + len).is_some_and(crate::chars::is_alnum) {
        return None;
    }
    let v = Exact::from_plain(&format!("{core}.{}", &line[fs..fs + len]))?;
    Some((v, fs + len))
}

/// "7,24%", "566 tỷ 384 triệu đồng", "15-30 triệu người", "37/102", ...
fn number(ctx: &Ctx<'_>, r: Range<usize>, out: &mut Vec<RawFigure>) {
    read_number(ctx, r, true, out);
}

fn read_number(ctx: &Ctx<'_>, r: Range<usize>, inherit: bool, out: &mut Vec<RawFigure>) {
    let line = ctx.line;
    // "2 chấm 23 đô la": a spoken decimal mark between digits.
    let (value, r) = match spoken_decimal(line, &r) {
        Some((v, end)) => (Some(v), r.start..end),
        None => (parse_exact(&line[r.clone()]), r),
    };
    let Some(value) = value else {
        return;
    };
    if not_an_amount(line, &r) {
        return;
    }
    let Some((start, negative)) = sign_before(ctx, r.start) else {
        return;
    };
    let Some(left) = left_of(line, start, r.end) else {
        return;
    };
    let core = &line[r.clone()];
    let plain_year = core.len() == 4
        && core.bytes().all(|b| b.is_ascii_digit())
        && (core.starts_with("19") || core.starts_with("20"));

    let between = prev_word(line, start).is_some_and(|(_, w)| lc(w) == "giữa");
    // A range's second end before the scale: "7-8%", "15-30 triệu người".
    let mut end = r.end;
    let mut second: Option<(Range<usize>, Exact)> = None;
    if matches!(left, Left::Plain)
        && let Some(s2) = range_next(line, end, between)
        && let Some((v2, e2)) = number_at(line, s2)
        && !char_after(line, e2)
            .is_some_and(|c| c.is_alnum() && unit_after(line, e2, true).is_none())
        && !overlaps(ctx.masked, &(s2..e2))
        && !line[e2..].starts_with('/')
    {
        second = Some((s2..e2, v2));
        end = e2;
    }
    // A total: "5/14", "45.799/36.875 tỷ đồng".
    let mut total = None;
    if line[end..].starts_with('/')
        && let Some((tv, te)) = number_at(line, end + 1)
    {
        total = Some(tv);
        end = te;
    }
    let Some((value, after_amount, glued_k)) = amount_after(line, &value, end) else {
        return;
    };
    let scaled = after_amount > end;
    // Glued letters that are neither a unit nor "k": a code ("5G", "F0").
    if char_after(line, r.end).is_some_and(crate::chars::is_alpha)
        && !glued_k
        && unit_after(line, r.end, true).is_none()
    {
        return;
    }
    let power_of = |v: Exact| -> Option<Exact> {
        // The same scale for the other end and the total.
        if !scaled {
            return Some(v);
        }
        amount_after(line, &v, end).map(|(x, _, _)| x)
    };
    let mut read = read_tail(line, after_amount, scaled);
    // "từ 500 triệu đến 1 tỷ đồng": the first end takes the unit of the second.
    if read.unit.is_none()
        && inherit
        && second.is_none()
        && let Some(s2) = range_next(line, after_amount, between)
    {
        let e2 = s2
            + line[s2..]
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
                .count();
        let mut tmp = Vec::new();
        read_number(ctx, s2..e2, false, &mut tmp);
        if let Some(f) = tmp.first()
            && f.unit.is_some()
            && f.range.start == s2
        {
            read.kind = Some(f.kind);
            read.unit = f.unit.clone();
            read.per = f.per.clone();
        }
    }
    if glued_k && read.kind != Some(FigureKind::Money) {
        return;
    }
    // "37/102 (chiếm 36,3%) nhiệm vụ".
    if read.unit.is_none()
        && total.is_some()
        && let Some(n) = noun_after_parenthesis(line, end)
    {
        read.kind = Some(FigureKind::Count);
        read.unit = Some(n);
        read.end = end;
    }
    let mut text_start = start;
    let kind = match (&left, read.kind) {
        (Left::Rank(s), _) => {
            text_start = *s;
            FigureKind::Rank
        }
        (Left::Times(s), _) => {
            text_start = *s;
            FigureKind::Multiplier
        }
        (Left::Plain, Some(k)) => k,
        (Left::Plain, None) if scaled => FigureKind::Count,
        (Left::Plain, None) => return,
    };
    let mut unit = read.unit;
    if kind == FigureKind::Multiplier {
        unit = None;
    }
    if kind == FigureKind::Rank
        && unit
            .as_deref()
            .is_some_and(|u| tables().not_nouns.contains(u))
    {
        unit = None;
    }
    if kind == FigureKind::Count && !scaled && (plain_year || capital_before(line, text_start)) {
        return;
    }
    if plain_year && kind == FigureKind::Measure && !scaled && unit.as_deref() != Some("ha") {
        return;
    }
    // Time of day: "9 giờ sáng", "lúc 9 giờ 30".
    if unit.as_deref() == Some("giờ")
        && next_word(line, read.end).is_some_and(|(_, w)| {
            tables().is(&lc(w), WordClass::TimeOfDay) || w.chars().all(|c| c.is_ascii_digit())
        })
    {
        return;
    }
    let (mut qstart, qualifier) = qualifier_before(line, text_start);
    // "N lần" is a multiplier only after its verb, and the text starts
    // at the verb ("tăng hơn 10 lần"); without one it counts occasions.
    let kind = if kind == FigureKind::Multiplier && matches!(left, Left::Plain) {
        match multiplier_verb_before(line, qstart) {
            Some(v) => {
                qstart = v;
                FigureKind::Multiplier
            }
            None => {
                unit = Some("lần".to_string());
                FigureKind::Count
            }
        }
    } else {
        kind
    };
    // A rank's total is as written; a share's takes the amount's scale.
    let total = match total {
        Some(t) if kind == FigureKind::Rank => Some(t),
        Some(t) => match power_of(t) {
            Some(t) => Some(t),
            None => return,
        },
        None => None,
    };
    let value = value.with_sign(negative);
    if let Some((r2, v2)) = second {
        let Some(v2) = power_of(v2) else { return };
        out.push(RawFigure {
            range: qstart..r.end,
            kind,
            value,
            unit: unit.clone(),
            per: read.per.clone(),
            total: None,
            qualifier,
        });
        out.push(RawFigure {
            range: r2.start..read.end,
            kind,
            value: v2,
            unit,
            per: read.per,
            total,
            qualifier: None,
        });
        return;
    }
    out.push(RawFigure {
        range: qstart..read.end,
        kind,
        value,
        unit,
        per: read.per,
        total,
        qualifier,
    });
}

/// "$5 triệu", "US$ 10 tỷ", "USD 10", "€20", "VND1000".
fn money_first(ctx: &Ctx<'_>, r: Range<usize>, out: &mut Vec<RawFigure>) {
    let line = ctx.line;
    // The number starts at the first digit.
    let Some(ns) = line[r.clone()]
        .find(|c: char| c.is_ascii_digit())
        .map(|i| r.start + i)
    else {
        return;
    };
    let symbol = line[r.start..ns].trim_end();
    let Some(u) = tables()
        .units
        .iter()
        .find(|u| u.kind == UnitKind::Money && u.place == UnitPlace::Both && u.surface == symbol)
    else {
        return;
    };
    // A code glued to a word before it is no currency ("ABCUSD 5").
    if u.surface.starts_with(|c: char| c.is_alnum())
        && char_before(line, r.start).is_some_and(crate::chars::is_alnum)
    {
        return;
    }
    let Some(value) = parse_exact(&line[ns..r.end]) else {
        return;
    };
    if char_after(line, r.end).is_some_and(|c| c.is_alnum() && !matches!(c, 'k' | 'K')) {
        return;
    }
    let Some((value, mut end, _)) = amount_after(line, &value, r.end) else {
        return;
    };
    // "$5 triệu USD": the code written again after the amount.
    if let Some((u2, e2)) = unit_after(line, end, true)
        && u2.name == u.name
    {
        end = e2;
    }
    let per = per_after(line, end, false).map(|(p, e)| {
        end = e;
        p
    });
    let (qstart, qualifier) = qualifier_before(line, r.start);
    out.push(RawFigure {
        range: qstart..end,
        kind: FigureKind::Money,
        value,
        unit: Some(u.name.clone()),
        per,
        total: None,
        qualifier,
    });
}

/// "1tr5 VND" = 1500000, "10tr đồng" = 10000000: the informal "tr" for
/// "triệu", the digits after it the next places of the amount.
fn short_million(ctx: &Ctx<'_>, r: Range<usize>, out: &mut Vec<RawFigure>) {
    let line = ctx.line;
    if char_before(line, r.start).is_some_and(crate::chars::is_alnum)
        || char_after(line, r.end).is_some_and(crate::chars::is_alnum)
    {
        return;
    }
    let Some((int, frac)) = line[r.clone()].split_once("tr") else {
        return;
    };
    let plain = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    let Some(value) = Exact::from_plain(&plain).and_then(|v| v.times_pow10(6)) else {
        return;
    };
    let read = read_tail(line, r.end, true);
    let kind = read.kind.unwrap_or(FigureKind::Count);
    if !matches!(kind, FigureKind::Money | FigureKind::Count) {
        return;
    }
    let (qstart, qualifier) = qualifier_before(line, r.start);
    out.push(RawFigure {
        range: qstart..read.end,
        kind,
        value,
        unit: read.unit,
        per: read.per,
        total: None,
        qualifier,
    });
}

/// "gấp đôi", "gấp rưỡi".
fn double(ctx: &Ctx<'_>, r: Range<usize>, out: &mut Vec<RawFigure>) {
    let line = ctx.line;
    if char_after(line, r.end).is_some_and(crate::chars::is_alnum)
        || char_before(line, r.start).is_some_and(crate::chars::is_alnum)
    {
        return;
    }
    let value = if line[r.clone()].ends_with("đôi") {
        Exact::from_plain("2").unwrap_or_else(Exact::zero)
    } else {
        Exact::from_plain("1.5").unwrap_or_else(Exact::zero)
    };
    let (start, qualifier) = qualifier_before(line, r.start);
    out.push(RawFigure {
        range: start..r.end,
        kind: FigureKind::Multiplier,
        value,
        unit: None,
        per: None,
        total: None,
        qualifier,
    });
}

/// Whether the spelled numeral `word` at `start..end` is part of an idiom
/// of `idioms.txt` ("một số", "cả hai", "hai bên").
fn in_idiom(line: &str, start: usize, end: usize) -> bool {
    let numeral = lc(&line[start..end]);
    // The words before and after, folded once each as the idioms ask for
    // them: (where the next step goes on from, folded word).
    let mut before: Vec<(usize, String)> = Vec::new();
    let mut after: Vec<(usize, String)> = Vec::new();
    tables().idioms.iter().any(|idiom| {
        if idiom.words[idiom.numeral] != numeral {
            return false;
        }
        for (k, w) in idiom.words[..idiom.numeral].iter().rev().enumerate() {
            if !nth_word_is(&mut before, k, w, |at| {
                prev_word(line, at.unwrap_or(start)).map(|(r, pw)| (r.start, pw))
            }) {
                return false;
            }
        }
        for (k, w) in idiom.words[idiom.numeral + 1..].iter().enumerate() {
            if !nth_word_is(&mut after, k, w, |at| {
                next_word(line, at.unwrap_or(end)).map(|(r, nw)| (r.end, nw))
            }) {
                return false;
            }
        }
        true
    })
}

/// Whether the `k`-th word of a walk is `w` (folded), reading the walk's
/// words into `seen` as far as asked; `step` gives the word after a
/// position (`None`: the walk's start) and where the walk goes on.
fn nth_word_is<'l>(
    seen: &mut Vec<(usize, String)>,
    k: usize,
    w: &str,
    step: impl Fn(Option<usize>) -> Option<(usize, &'l str)>,
) -> bool {
    while seen.len() <= k {
        match step(seen.last().map(|(at, _)| *at)) {
            Some((at, word)) => seen.push((at, lc(word))),
            None => return false,
        }
    }
    seen.get(k).is_some_and(|(_, folded)| folded == w)
}

/// Spelled-out numbers: only as quantities of a counted noun or unit, or in
/// "gấp ba lần"; never in idioms.
fn spelled(ctx: &Ctx<'_>, r: Range<usize>, out: &mut Vec<RawFigure>) {
    let line = ctx.line;
    // Words only: no letter glued on either side ("ba" in "bao").
    if char_before(line, r.start).is_some_and(crate::chars::is_alnum)
        || char_after(line, r.end).is_some_and(crate::chars::is_alnum)
    {
        return;
    }
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut at = r.start;
    while let Some((wr, _)) = next_word(line, at).filter(|(wr, _)| wr.end <= r.end) {
        words.push((wr.start, wr.end));
        at = wr.end;
        if words.len() > 40 {
            break;
        }
    }
    // The earliest, longest window that forms one number and reads as a
    // quantity ("hai năm" = 2 years; "năm ba trường hợp" -> "ba").
    for skip in 0..words.len() {
        for take in (1..=words.len() - skip).rev() {
            let win = &words[skip..skip + take];
            let (start, wend) = (win[0].0, win[take - 1].1);
            let before = out.len();
            spelled_window(ctx, win, start, wend, out);
            if out.len() > before {
                return;
            }
        }
    }
}

fn spelled_window(
    ctx: &Ctx<'_>,
    win: &[(usize, usize)],
    start: usize,
    wend: usize,
    out: &mut Vec<RawFigure>,
) {
    let line = ctx.line;
    let ws: Vec<&str> = win.iter().map(|&(s, e)| &line[s..e]).collect();
    let Some(v) = parse_spelled_decimal(&ws) else {
        return;
    };
    let decimal = ws
        .iter()
        .any(|w| tables().is(&lc(w), WordClass::DecimalMark));
    if (v.is_zero() && !decimal) || (ws.len() == 1 && in_idiom(line, start, wend)) {
        return;
    }
    let Some((mut value, mut after_scale, glued_k)) = amount_after(line, &v, wend) else {
        return;
    };
    // "một triệu rưỡi": the half of the window's last scale word.
    if after_scale == wend
        && let Some(&p) = ws
            .last()
            .and_then(|w| tables().scales.get(&crate::chars::lowercase(w)))
        && let Some((half, e)) = half_after(line, wend, p)
        && let Some(sum) = value.add(&half)
    {
        value = sum;
        after_scale = e;
    }
    if glued_k {
        return;
    }
    let scaled = after_scale > wend
        || ws
            .iter()
            .any(|w| tables().scales.contains_key(&crate::chars::lowercase(w)));
    let is_one = Exact::from_u128(1).is_some_and(|one| one == v) && !scaled;
    // "gấp ba lần".
    if let Some((g, gw)) = prev_word(line, start)
        && lc(gw) == "gấp"
    {
        let end = match next_word(line, after_scale) {
            Some((nr, "lần")) => nr.end,
            _ => after_scale,
        };
        let (qs, qualifier) = qualifier_before(line, g.start);
        out.push(RawFigure {
            range: qs..end,
            kind: FigureKind::Multiplier,
            value,
            unit: None,
            per: None,
            total: None,
            qualifier,
        });
        return;
    }
    let first_is_nam = ws.len() == 1 && lc(ws[0]) == "năm";
    let tail = tail_after(line, after_scale, true, scaled);
    let (kind, unit, end) = match tail {
        Some((Tail::Unit(u), e)) if u.kind != UnitKind::Percent || !first_is_nam => {
            if (first_is_nam && u.kind == UnitKind::Measure) || u.place == UnitPlace::Digits {
                return;
            }
            let kind = match u.kind {
                UnitKind::Money => FigureKind::Money,
                UnitKind::Percent => FigureKind::Percent,
                UnitKind::Measure => FigureKind::Measure,
            };
            (kind, u.name.clone(), e)
        }
        Some((Tail::Noun(n), e)) => {
            // "một" is an article before a noun ("một động lực").
            if is_one || n == "lần" || (first_is_nam && matches!(n.as_str(), "tháng" | "năm")) {
                return;
            }
            (FigureKind::Count, n, e)
        }
        _ if scaled && !is_one => (FigureKind::Count, String::new(), after_scale),
        _ => return,
    };
    let mut end = end;
    // "hai đô rưỡi" = 2.5 USD: a half after the unit of a plain amount.
    if !scaled
        && kind != FigureKind::Count
        && let Some((r, w)) = next_word(line, end)
        && lc(w) == "rưỡi"
        && line[end..r.start].trim().is_empty()
        && let Some(v) = Exact::from_plain("0.5").and_then(|h| value.add(&h))
    {
        value = v;
        end = r.end;
    }
    let per = match kind {
        FigureKind::Count => None,
        _ => per_after(line, end, false).map(|(p, e)| {
            end = e;
            p
        }),
    };
    let (qs, qualifier) = qualifier_before(line, start);
    out.push(RawFigure {
        range: qs..end,
        kind,
        value,
        unit: (!unit.is_empty()).then_some(unit),
        per,
        total: None,
        qualifier,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(String, String)> {
        find(line, &[])
            .into_iter()
            .map(|f| (line[f.range].to_string(), f.value.to_string()))
            .collect()
    }

    #[test]
    fn pattern_is_deterministic() {
        let t = tables();
        assert_eq!(spelled_pattern(t), spelled_pattern(t));
        assert_eq!(forms_re().pattern_len(), FORMS.len());
        assert!(forms_re().walks());
    }

    #[test]
    fn bad_input_is_bounded() {
        let huge = format!("{} tỷ đồng", "9".repeat(10_000));
        assert!(find(&huge, &[]).is_empty());
        let ends: Vec<String> = (1..=1000).map(|i| i.to_string()).collect();
        let range = format!("{}%", ends.join("-"));
        // A chain of ends is no range: at most the last pair is read.
        assert!(find(&range, &[]).len() <= 2);
        let many = "1% ".repeat(20_000);
        assert_eq!(find(&many, &[]).len(), 20_000);
    }

    #[test]
    fn reads() {
        assert_eq!(
            texts("đạt 566 tỷ 384 triệu đồng"),
            vec![("566 tỷ 384 triệu đồng".into(), "566384000000".into())]
        );
        assert_eq!(
            texts("tăng 99,99999999999999999999999999%"),
            vec![(
                "99,99999999999999999999999999%".into(),
                "99.99999999999999999999999999".into()
            )]
        );
    }
}
