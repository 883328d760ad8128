//! Figures: one regex finds the numeric cores (digit numbers, spelled-out
//! numbers, "gấp đôi"); each core is then read outwards — sign, qualifier,
//! "gấp" and "thứ" to the left; range, total, scale words, unit, counted
//! noun and `per` to the right — in exact decimal arithmetic.

use super::numbers::{parse_digits, parse_spelled, scale_of};
use super::scan::{char_after, char_before, next_word, prev_word};
use super::tables::{NumeralRole, UnitKind, fold_word, tables};
use crate::document::{FigureKind, Qualifier};
use regex::Regex;
use rust_decimal::Decimal;
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
    pub value: Decimal,
    /// Counted noun or unit.
    pub unit: Option<String>,
    /// What a rate is per.
    pub per: Option<String>,
    /// The whole ("14" in "thứ 5/14").
    pub total: Option<Decimal>,
    /// Approximate, over, under.
    pub qualifier: Option<Qualifier>,
}

fn core_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let t = tables();
        // A spelled number starts with a digit word or "mười".
        let starts: Vec<String> = t
            .numerals
            .iter()
            .filter(|(_, (_, role))| matches!(role, NumeralRole::Digit | NumeralRole::Ten))
            .flat_map(|(w, _)| {
                let mut c = w.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default();
                [w.clone(), cap]
            })
            .collect();
        let first = starts.join("|");
        let mut words: Vec<String> = t.numerals.keys().cloned().collect();
        words.extend(t.numerals.keys().map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }));
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let w = words.join("|");
        let pat = format!(
            r"(?P<d>[0-9]+(?:[.,][0-9]+)*)|(?P<s>(?:{first})(?:\s+(?:{w}))*)|(?P<gd>[Gg]ấp\s+(?:đôi|rưỡi))"
        );
        super::tables::compile(&pat)
    })
}

const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("gần như", Qualifier::Approx),
    ("xấp xỉ", Qualifier::Approx),
    ("ước tính", Qualifier::Approx),
    ("chưa đến", Qualifier::Under),
    ("chưa tới", Qualifier::Under),
    ("không quá", Qualifier::Under),
    ("gần", Qualifier::Approx),
    ("khoảng", Qualifier::Approx),
    ("chừng", Qualifier::Approx),
    ("ước", Qualifier::Approx),
    ("hơn", Qualifier::Over),
    ("trên", Qualifier::Over),
    ("vượt", Qualifier::Over),
    ("dưới", Qualifier::Under),
];

fn lc(s: &str) -> String {
    fold_word(&s.to_lowercase())
}

/// The scale words right after `pos`: (multiplier, end).
fn scale_after(line: &str, pos: usize) -> (Option<Decimal>, usize) {
    let mut end = pos;
    let mut words = Vec::new();
    while let Some((r, w)) = next_word(line, end) {
        if !line[end..r.start].chars().all(char::is_whitespace) || r.start == end && end != pos {
            break;
        }
        if tables().scales.contains_key(&w.to_lowercase()) && words.len() < 3 {
            words.push(w);
            end = r.end;
        } else {
            break;
        }
    }
    if words.is_empty() {
        return (None, pos);
    }
    (scale_of(&words), end)
}

/// A unit of `units.tsv` at `pos` (after optional spaces): (unit, end).
fn unit_after(line: &str, pos: usize) -> Option<(&'static super::tables::Unit, usize)> {
    let rest = line.get(pos..)?;
    let trimmed = rest.trim_start();
    let start = pos + (rest.len() - trimmed.len());
    for u in &tables().units {
        if let Some(after) = trimmed.strip_prefix(u.surface.as_str()) {
            let end = start + u.surface.len();
            let boundary =
                u.kind == UnitKind::Percent || !after.starts_with(|c: char| c.is_alphanumeric());
            // A unit glued to the number ("100ha") or after one space.
            if boundary && (start == pos || rest.len() - trimmed.len() <= 2) {
                return Some((u, end));
            }
        }
    }
    None
}

/// A counted noun at `pos`: the longest table entry, else the next word.
fn noun_after(line: &str, pos: usize, table_only: bool) -> Option<(String, usize)> {
    let (r, w) = next_word(line, pos)?;
    if !line[pos..r.start].chars().all(char::is_whitespace) || r.start == pos {
        return None;
    }
    let lw = lc(w);
    if w.chars().any(|c| c.is_ascii_digit()) || w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let rest = &line[r.start..];
    for (c, fc) in counted_folded() {
        let fc = fc.as_str();
        if rest.len() >= fc.len()
            && let Some(head) = rest.get(..fc.len())
            && lc(head) == fc
            && !rest[fc.len()..].starts_with(|c: char| c.is_alphanumeric())
        {
            return Some((c.clone(), r.start + fc.len()));
        }
    }
    if table_only || tables().not_nouns.contains(lw.as_str()) {
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

/// The counted nouns with their tone-folded lower-case forms, built once.
fn counted_folded() -> &'static [(String, String)] {
    static F: OnceLock<Vec<(String, String)>> = OnceLock::new();
    F.get_or_init(|| {
        tables()
            .counted
            .iter()
            .map(|c| (c.clone(), fold_word(&c.to_lowercase())))
            .collect()
    })
}

/// A "/per" after `pos` ("/năm", "/người/tháng", "/GRDP").
fn per_after(line: &str, pos: usize) -> Option<(String, usize)> {
    let mut end = pos;
    let mut parts = Vec::new();
    while line[end..].starts_with('/') {
        let Some((r, w)) = next_word(line, end + 1) else {
            break;
        };
        if r.start != end + 1 || w.chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        parts.push(w.to_string());
        end = r.end;
        if let Some(a) = line[end..].chars().next()
            && matches!(a, '2' | '3' | '²' | '³')
        {
            end += a.len_utf8();
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some((parts.join("/"), end))
    }
}

/// A digit number right at `pos` (no spaces): (value, end).
fn number_at(line: &str, pos: usize) -> Option<(Decimal, usize)> {
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
    Some((parse_digits(&rest[..len])?, pos + len))
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
    let mut out = Vec::new();
    let mut skip_until = 0;
    for c in core_re().captures_iter(line) {
        let Some(m) = c.get(0) else { continue };
        if m.start() < skip_until || overlaps(masked, &m.range()) {
            continue;
        }
        // Words only: no letter glued on either side ("ba" in "bao").
        if c.name("d").is_none()
            && (char_before(line, m.start()).is_some_and(char::is_alphanumeric)
                || char_after(line, m.end()).is_some_and(char::is_alphanumeric))
        {
            continue;
        }
        let found = if c.name("gd").is_some() {
            double(line, m.range())
        } else if c.name("s").is_some() {
            spelled(line, m.range())
        } else {
            digits(line, m.range(), masked)
        };
        for f in found {
            if overlaps(masked, &f.range) {
                continue;
            }
            skip_until = skip_until.max(f.range.end);
            out.push(f);
        }
    }
    out
}

/// "gấp đôi", "gấp rưỡi".
fn double(line: &str, r: Range<usize>) -> Vec<RawFigure> {
    let value = if line[r.clone()].ends_with("đôi") {
        Decimal::from(2)
    } else {
        Decimal::new(15, 1)
    };
    let (start, qualifier) = qualifier_before(line, r.start);
    vec![RawFigure {
        range: start..r.end,
        kind: FigureKind::Multiplier,
        value,
        unit: None,
        per: None,
        total: None,
        qualifier,
    }]
}

fn qualifier_before(line: &str, start: usize) -> (usize, Option<Qualifier>) {
    let head = &line[..start];
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() || head.len() - trimmed.len() > 2 {
        return (start, None);
    }
    for (q, kind) in QUALIFIERS {
        let n = q.len();
        if trimmed.len() >= n
            && let Some(tail) = trimmed.get(trimmed.len() - n..)
            && lc(tail) == *q
            && !char_before(trimmed, trimmed.len() - n).is_some_and(char::is_alphanumeric)
        {
            return (trimmed.len() - n, Some(*kind));
        }
    }
    (start, None)
}

/// Spelled-out numbers: only as quantities of a counted noun or unit, or in "gấp ba lần".
fn spelled(line: &str, r: Range<usize>) -> Vec<RawFigure> {
    let words: Vec<&str> = line[r.clone()].split_whitespace().collect();
    // Word byte offsets inside the run.
    let mut offs = Vec::with_capacity(words.len());
    let mut at = r.start;
    for w in &words {
        let Some(i) = line[at..r.end].find(w) else {
            return Vec::new();
        };
        offs.push((at + i, at + i + w.len()));
        at += i + w.len();
    }
    // The earliest, longest window that forms one number and reads as a
    // quantity ("hai năm" = 2 years; "năm ba trường hợp" -> "ba").
    for skip in 0..words.len() {
        for take in (1..=words.len() - skip).rev() {
            let ws = &words[skip..skip + take];
            let (start, wend) = (offs[skip].0, offs[skip + take - 1].1);
            let found = spelled_window(line, ws, start, wend);
            if !found.is_empty() {
                return found;
            }
        }
    }
    Vec::new()
}

fn spelled_window(line: &str, ws: &[&str], start: usize, wend: usize) -> Vec<RawFigure> {
    let r = start..wend;
    {
        let Some(v) = parse_spelled(ws) else {
            return Vec::new();
        };
        if v <= 1 && ws.len() == 1 {
            return Vec::new();
        }
        let value = Decimal::from(v);
        let (scale, after_scale) = scale_after(line, r.end);
        // A value beyond Decimal's range is no figure (no exact value fits).
        let Some(value) = value.checked_mul(scale.unwrap_or(Decimal::ONE)) else {
            return Vec::new();
        };
        let gap = prev_word(line, start).map(|(_, w)| lc(w));
        if gap.as_deref() == Some("gấp") {
            let g = prev_word(line, start).map_or(start, |(gr, _)| gr.start);
            let (unit, end) = match next_word(line, after_scale) {
                Some((nr, "lần")) => (Some("lần".to_string()), nr.end),
                _ => (None, after_scale),
            };
            let (qs, qualifier) = qualifier_before(line, g);
            return vec![RawFigure {
                range: qs..end,
                kind: FigureKind::Multiplier,
                value,
                unit,
                per: None,
                total: None,
                qualifier,
            }];
        }
        let first_is_nam = lc(ws[0]) == "năm" && ws.len() == 1;
        if let Some((u, end)) = unit_after(line, after_scale)
            && u.kind != UnitKind::Percent
            && !(first_is_nam && u.kind == UnitKind::Measure)
        {
            let (qs, qualifier) = qualifier_before(line, start);
            return vec![RawFigure {
                range: qs..end,
                kind: if u.kind == UnitKind::Money {
                    FigureKind::Money
                } else {
                    FigureKind::Measure
                },
                value,
                unit: Some(u.name.clone()),
                per: None,
                total: None,
                qualifier,
            }];
        }
        if let Some((noun, end)) = noun_after(line, after_scale, true) {
            if noun == "lần" || (first_is_nam && matches!(noun.as_str(), "tháng" | "năm")) {
                return Vec::new();
            }
            let (qs, qualifier) = qualifier_before(line, start);
            return vec![RawFigure {
                range: qs..end,
                kind: FigureKind::Count,
                value,
                unit: Some(noun),
                per: None,
                total: None,
                qualifier,
            }];
        }
        Vec::new()
    }
}

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

fn digits(line: &str, r: Range<usize>, masked: &[Range<usize>]) -> Vec<RawFigure> {
    let core = &line[r.clone()];
    let Some(value) = parse_digits(core) else {
        return Vec::new();
    };
    // Glued to letters or codes: "QH15", "COVID-19", "F0", "5G", "14h30".
    let before = char_before(line, r.start);
    let mut start = r.start;
    let mut negative = false;
    match before {
        Some(c) if c.is_alphanumeric() => return Vec::new(),
        Some(c @ ('-' | '+' | '−')) => {
            let b2 = char_before(line, r.start - c.len_utf8());
            if b2.is_none_or(|b| b.is_whitespace() || b == '(') {
                start = r.start - c.len_utf8();
                negative = c != '+';
            } else {
                return Vec::new();
            }
        }
        Some('/' | '.' | ',' | ':') => {
            let b2 = char_before(line, r.start - 1);
            if b2.is_some_and(char::is_alphanumeric) {
                return Vec::new();
            }
        }
        _ => {}
    }
    if is_phone_like(line, &r) {
        return Vec::new();
    }
    let after = char_after(line, r.end);
    if after.is_some_and(char::is_alphabetic) && unit_after(line, r.end).is_none() {
        return Vec::new();
    }
    if after == Some(':') && char_after(line, r.end + 1).is_some_and(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    // List numbering: "1. ", "2) " at the start of a line.
    if line[..r.start].trim().chars().all(|c| "-•+*(".contains(c))
        && matches!(after, Some('.' | ')'))
        && char_after(line, r.end + 1).is_none_or(char::is_whitespace)
    {
        return Vec::new();
    }
    let plain_year = core.len() == 4
        && core.bytes().all(|b| b.is_ascii_digit())
        && (core.starts_with("19") || core.starts_with("20"));

    // Left context: rank, multiplier, labels.
    let prev = prev_word(line, start);
    let prev_lc = prev.as_ref().map(|(_, w)| lc(w));
    let prev2 = prev
        .as_ref()
        .and_then(|(pr, _)| prev_word(line, pr.start))
        .map(|(_, w)| lc(w));
    let mut kind_hint = None;
    let mut left = start;
    match prev_lc.as_deref() {
        Some("thứ") | Some("hạng") => {
            let ranked = matches!(prev2.as_deref(), Some("đứng" | "xếp" | "vị" | "hạng"))
                || prev_lc.as_deref() == Some("hạng") && prev2.as_deref() == Some("xếp");
            let has_total = line[r.end..].starts_with('/');
            if !(ranked || has_total) {
                return Vec::new();
            }
            kind_hint = Some(FigureKind::Rank);
            left = prev.as_ref().map_or(start, |(pr, _)| pr.start);
        }
        Some("gấp") => {
            kind_hint = Some(FigureKind::Multiplier);
            left = prev.as_ref().map_or(start, |(pr, _)| pr.start);
        }
        Some(w) if tables().labels.contains(w) => {
            let tong_so = w == "số" && prev2.as_deref() == Some("tổng");
            if !tong_so {
                return Vec::new();
            }
        }
        _ => {}
    }
    let capital_before = prev.as_ref().is_some_and(|(pr, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !line[..pr.start].trim().is_empty()
            && !line[..pr.start]
                .trim_end()
                .ends_with(['.', ':', '!', '?', '(', '"', '“', '-'])
    });

    // Right context.
    let mut end = r.end;
    let mut second: Option<(Range<usize>, Decimal)> = None;
    // A range: "7-8%", "từ 5 đến 7 tỷ đồng".
    if kind_hint.is_none() {
        let rest = &line[end..];
        let t = rest.trim_start();
        let lead = rest.len() - t.len();
        let (skip, ok) = if t.starts_with(['-', '–']) {
            (lead + t.chars().next().map_or(1, char::len_utf8), lead <= 1)
        } else if let Some(x) = t.strip_prefix("đến ").or(t.strip_prefix("tới ")) {
            (lead + (t.len() - x.len()), lead == 1)
        } else {
            (0, false)
        };
        if ok {
            let s2 = end + skip;
            let s2 = s2 + (line[s2..].len() - line[s2..].trim_start().len()).min(1);
            if let Some((v2, e2)) = number_at(line, s2)
                && !char_after(line, e2)
                    .is_some_and(|c| c.is_alphanumeric() && unit_after(line, e2).is_none())
                && !overlaps(masked, &(s2..e2))
                && !line[e2..].starts_with('/')
            {
                second = Some((s2..e2, v2));
                end = e2;
            }
        }
    }
    let mut total = None;
    if line[end..].starts_with('/')
        && let Some((tv, te)) = number_at(line, end + 1)
    {
        total = Some(tv);
        end = te;
    }
    let (scale, after_scale) = scale_after(line, end);
    let mul = scale.unwrap_or(Decimal::ONE);
    let mut unit = None;
    let mut kind = None;
    let mut uend = after_scale;
    if let Some((u, e)) = unit_after(line, after_scale) {
        unit = Some(u.name.clone());
        kind = Some(match u.kind {
            UnitKind::Money => FigureKind::Money,
            UnitKind::Percent => FigureKind::Percent,
            UnitKind::Measure => FigureKind::Measure,
        });
        uend = e;
    }
    if unit.is_none()
        && let Some((noun, e)) = noun_after(line, after_scale, false)
    {
        if noun == "lần" {
            kind = Some(FigureKind::Multiplier);
        } else {
            kind = Some(FigureKind::Count);
        }
        unit = Some(noun);
        uend = e;
    }
    if unit.is_none()
        && let Some((nr, "lần")) = next_word(line, after_scale)
    {
        unit = Some("lần".to_string());
        uend = nr.end;
        kind = Some(FigureKind::Multiplier);
    }
    let mut per = None;
    if unit.is_some()
        && let Some((p, e)) = per_after(line, uend)
        && (kind != Some(FigureKind::Count)
            || tables()
                .units
                .iter()
                .any(|u| u.surface == p.split('/').next().unwrap_or("")))
    {
        per = Some(p);
        uend = e;
    }
    // Decide the kind.
    let kind = match kind_hint {
        Some(FigureKind::Rank) => FigureKind::Rank,
        Some(FigureKind::Multiplier) => FigureKind::Multiplier,
        _ => match kind {
            Some(FigureKind::Multiplier) => {
                if matches!(prev_lc.as_deref(), Some("tăng" | "giảm" | "gấp")) {
                    FigureKind::Multiplier
                } else {
                    FigureKind::Count
                }
            }
            Some(k) => k,
            None if scale.is_some() => FigureKind::Count,
            None => return Vec::new(),
        },
    };
    if matches!(kind, FigureKind::Count) && (capital_before || plain_year) && scale.is_none() {
        return Vec::new();
    }
    if plain_year && kind == FigureKind::Measure && scale.is_none() && unit.as_deref() != Some("ha")
    {
        return Vec::new();
    }
    if kind == FigureKind::Rank
        && unit
            .as_deref()
            .is_some_and(|u| tables().not_nouns.contains(u))
    {
        unit = None;
    }
    // Time of day: "9 giờ sáng", "lúc 9 giờ".
    if unit.as_deref() == Some("giờ")
        && next_word(line, uend).is_some_and(|(_, w)| {
            matches!(w, "sáng" | "chiều" | "tối" | "trưa" | "đêm")
                || w.chars().all(|c| c.is_ascii_digit())
        })
    {
        return Vec::new();
    }
    let (qstart, qualifier) = qualifier_before(line, left);
    let sign = if negative {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    // Values beyond Decimal's range ("100000000000000000 000 tỷ") are no
    // figure: no exact value fits (the multiplication would panic).
    let Some(value) = value.checked_mul(mul).map(|v| sign * v) else {
        return Vec::new();
    };
    let scaled_total = match total.map(|t| t.checked_mul(mul)) {
        Some(None) => return Vec::new(),
        Some(Some(t)) => Some(t),
        None => None,
    };
    let mut out = Vec::new();
    if let Some((r2, v2)) = second {
        let Some(v2) = v2.checked_mul(mul) else {
            return Vec::new();
        };
        out.push(RawFigure {
            range: qstart..r.end,
            kind,
            value,
            unit: unit.clone(),
            per: per.clone(),
            total: None,
            qualifier,
        });
        out.push(RawFigure {
            range: r2.start..uend,
            kind,
            value: v2,
            unit,
            per,
            total: scaled_total,
            qualifier: None,
        });
        return out;
    }
    out.push(RawFigure {
        range: qstart..uend,
        kind,
        value,
        unit,
        per,
        total: if kind == FigureKind::Rank {
            total
        } else {
            scaled_total
        },
        qualifier,
    });
    out
}
