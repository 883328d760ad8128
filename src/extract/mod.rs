//! Stage 4, extract: dates, figures, document references and entities.
//!
//! Each family is one regex (or one core regex plus local reading around
//! each match), compiled once from the data tables of `data/extract/`.
//! Matching runs on the normalized view, line by line over
//! [`Work::extractable_lines`](crate::document::Work::extractable_lines); every item's span and text are mapped
//! back to the original input. Within a line, document references are found
//! first; dates inside a reference are dropped ("30/2020/NĐ-CP", "Luật Đất
//! đai 2024"), and figures skip the numbers of both.

pub mod dates;
pub mod doc_refs;
pub mod entities;
pub mod figures;
pub mod numbers;
pub mod patterns;
pub mod scan;
pub mod tables;

pub(crate) use crate::document::over_limit;
pub use crate::document::{BYTES_PER_ITEM, ITEMS_PER_RECORD, item_limit};
use crate::document::{DateItem, DocRef, Document, Figure, FigureKind, Grain, Role, Work};
use std::ops::Range;

/// Compiles the date forms (with the tables they are built from): the
/// first patterns the pipeline needs, as clean reads an article's date line
/// with them.
pub(crate) fn warm_dates() {
    dates::warm();
}

/// Compiles the stage's other patterns: the document references' with the
/// regexes that read their groups, and the figures'.
pub(crate) fn warm_patterns() {
    doc_refs::warm();
    doc_refs::warm_groups();
    figures::warm();
}

/// Loads the gazetteer (see [`run`]: the stage's own thread loads it first
/// when it gets there before the second thread).
pub(crate) fn warm_gazetteer() {
    entities::lexicon::lexicon();
}

/// Compiles the regexes that read the date forms' groups, which are
/// otherwise compiled at each form's first match.
pub(crate) fn warm_groups() {
    dates::warm_groups();
}

/// Fills `doc.dates`, `doc.figures` and `doc.doc_refs` from the extractable
/// lines of `work` (entities are filled by their own submodule).
pub fn run(work: &Work, doc: &mut Document) {
    // The entities, last in the stage, need the gazetteer. On a one-file
    // run it loads here, while the patterns the first lines need may
    // still be compiling on the analyzer's second thread, rather than
    // after them; afterwards this is a load of a pointer.
    entities::lexicon::lexicon();
    let ranges: Vec<Range<usize>> = work.extractable_lines().map(|l| l.norm.clone()).collect();
    // The period the title or lead states fixes the year of partial dates
    // when the article has no date of its own.
    let head: Vec<&str> = work
        .lines
        .iter()
        .filter(|l| l.role == Role::Title)
        .take(1)
        .chain(work.lines.iter().filter(|l| l.role == Role::Body).take(1))
        .filter_map(|l| work.text.norm().get(l.norm.clone()))
        .map(lead_part)
        .collect();
    let ctx = dates::Ctx {
        published: work.published.map(|d| d.date()),
        period_year: dates::period_year(&head),
    };
    let mut unresolved = 0;
    let mut out_dates = Vec::new();
    let mut out_figures = Vec::new();
    let mut out_refs = Vec::new();
    let limit = item_limit(work.text.norm().len());
    let mut found_counts = [0usize; 3];
    // A huge line is read in windows cut after a sentence end (as the
    // entities' are), so one line's raw items are never all held at once.
    let pieces = ranges
        .into_iter()
        .flat_map(|r| windows(work.text.norm().get(r.clone()).unwrap_or(""), r.start));
    for range in pieces {
        let Some(line) = work.text.norm().get(range.clone()) else {
            continue;
        };
        let found = extract_line(line, &ctx);
        found_counts[0] += found.refs.len();
        found_counts[1] += found.dates.len();
        found_counts[2] += found.figures.len();
        unresolved += found.unresolved;
        let base = range.start;
        let shift = |r: &Range<usize>| base + r.start..base + r.end;
        for r in found
            .refs
            .into_iter()
            .take(limit - out_refs.len().min(limit))
        {
            let (span, text) = work.text.excerpt(shift(&r.range));
            out_refs.push(DocRef {
                text,
                span,
                doc_type: r.doc_type,
                number: r.number,
                code: r.code,
                key: String::new(),
                system: r.system,
                issuer: r.issuer,
                date: r.date,
                name: r.name,
                terms: r.terms,
            });
        }
        for d in found
            .dates
            .into_iter()
            .take(limit - out_dates.len().min(limit))
        {
            let (span, text) = work.text.excerpt(shift(&d.range));
            out_dates.push(DateItem {
                text,
                span,
                value: d.value,
                grain: d.grain,
                relative: d.relative,
            });
        }
        for mut f in found
            .figures
            .into_iter()
            .take(limit - out_figures.len().min(limit))
        {
            let mut range = shift(&f.range);
            // A counted noun read as one syllable ("1 giao" of "1 giao
            // dịch") takes the whole word the segmenter found there.
            if let Some(u) = f.unit.as_deref().filter(|u| {
                f.kind == FigureKind::Count
                    && !u.contains(' ')
                    && line.get(..f.range.end).is_some_and(|h| h.ends_with(u))
            }) {
                let unit_start = range.end - u.len();
                if let Some(end) =
                    multi_syllable_word_end(work, unit_start).filter(|&e| e > range.end)
                    && let Some(word) = work.text.norm().get(unit_start..end)
                {
                    f.unit = Some(word.to_string());
                    range.end = end;
                }
            }
            let (span, text) = work.text.excerpt(range);
            out_figures.push(Figure {
                text,
                span,
                kind: f.kind,
                value: numbers::to_json(f.value),
                unit: f.unit,
                per: f.per,
                total: f.total.map(numbers::to_json),
                qualifier: f.qualifier,
            });
        }
    }
    doc.dates = out_dates;
    doc.figures = out_figures;
    if unresolved > 0 {
        doc.warnings.push(format!(
            "no article date: {unresolved} relative date{} unresolved",
            if unresolved == 1 { "" } else { "s" }
        ));
    }
    for (family, found) in ["doc_refs", "dates", "figures"]
        .into_iter()
        .zip(found_counts)
    {
        if let Some(w) = over_limit(family, found, limit) {
            doc.warnings.push(w);
        }
    }
    doc_refs::assign_keys(&mut out_refs);
    doc.doc_refs = out_refs;
    entities::run(work, doc, limit);
}

/// Lines longer than this are cut into windows by the extract stage, so
/// that what it holds for one line stays bounded on a huge one-line input;
/// real paragraphs are far shorter and are never cut.
const WINDOW: usize = 64 * 1024;

/// The windows of a line (byte ranges of the normalized view): the line
/// itself, or pieces of at most [`WINDOW`] bytes cut after a sentence end
/// (". ", "; ") when there is one, else after a comma or a space.
pub(crate) fn windows(text: &str, base: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > WINDOW {
        let mut limit = start + WINDOW;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let piece = &text[start..limit];
        let cut = [". ", "; ", ", ", " "]
            .iter()
            .find_map(|sep| piece.rfind(sep).filter(|&k| k > 0).map(|k| k + sep.len()))
            .unwrap_or(piece.len());
        out.push(base + start..base + start + cut);
        start += cut;
    }
    out.push(base + start..base + text.len());
    out
}

/// The part of a title or lead read for the article's period: its first
/// 400 bytes, so a body printed as one line does not count as a lead.
fn lead_part(line: &str) -> &str {
    let mut end = line.len().min(400);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    &line[..end]
}

/// The items of one line, byte ranges relative to the line.
#[derive(Debug, Default)]
pub struct LineItems {
    /// Document references.
    pub refs: Vec<doc_refs::RawRef>,
    /// Dates.
    pub dates: Vec<dates::RawDate>,
    /// Figures.
    pub figures: Vec<figures::RawFigure>,
    /// Relative expressions left out for want of an article date.
    pub unresolved: usize,
}

/// Sorts ranges and merges the overlapping ones: the sorted, disjoint form
/// [`figures::overlaps`] searches.
pub fn merge_ranges(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Keeps items in order of start, dropping any that overlaps an earlier one.
fn no_overlaps<T>(mut v: Vec<T>, range: impl Fn(&T) -> Range<usize>) -> Vec<T> {
    v.sort_by_key(|x| (range(x).start, std::cmp::Reverse(range(x).end)));
    let mut out: Vec<T> = Vec::with_capacity(v.len());
    let mut end = 0;
    for x in v {
        let r = range(&x);
        if r.start >= end && r.start < r.end {
            end = r.end;
            out.push(x);
        }
    }
    out
}

/// Extracts the three families from one line of the normalized text.
pub fn extract_line(line: &str, ctx: &dates::Ctx) -> LineItems {
    let refs = no_overlaps(doc_refs::find(line, ctx), |r| r.range.clone());
    let ref_ranges: Vec<Range<usize>> = refs.iter().map(|r| r.range.clone()).collect();
    let inside = |r: &Range<usize>| figures::overlaps(&ref_ranges, r);
    let found = dates::find(line, ctx);
    // A year inside a named document ("Hiến pháp năm 2013") is also a date;
    // nothing else inside a reference is (never a number of its code).
    let found_dates: Vec<dates::RawDate> = found
        .dates
        .into_iter()
        .filter(|d| !inside(&d.range) || d.grain == Grain::Year && !d.value.contains('/'))
        .collect();
    let found_dates = no_overlaps(found_dates, |d| d.range.clone());
    let mut masked = ref_ranges.clone();
    masked.extend(found_dates.iter().map(|d| d.range.clone()));
    masked.extend(dates::invalid_spans(line));
    let masked = merge_ranges(masked);
    let figs = no_overlaps(figures::find(line, &masked), |f| f.range.clone());
    LineItems {
        refs,
        dates: found_dates,
        figures: figs,
        unresolved: found.unresolved,
    }
}

/// The end of the multi-syllable word the segment stage found starting at
/// byte `start` of the normalized view, if there is one: a binary search
/// over the sentences and their words (both in text order), where a map of
/// every word was 70 MB on a 50 MB input.
fn multi_syllable_word_end(work: &Work, start: usize) -> Option<usize> {
    let segs = &work.segments;
    let k = segs
        .partition_point(|s| s.norm.start <= start)
        .checked_sub(1)?;
    let seg = segs.get(k)?;
    let rel = u32::try_from(start.checked_sub(seg.norm.start)?).ok()?;
    let w = seg
        .word_offsets
        .binary_search_by_key(&rel, |w| w.start)
        .ok()
        .and_then(|i| seg.word_offsets.get(i))?;
    let range = seg.norm.start + w.start as usize..seg.norm.start + w.end as usize;
    work.text
        .norm()
        .get(range.clone())
        .is_some_and(|t| t.contains(' '))
        .then_some(range.end)
}
