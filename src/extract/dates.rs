//! Dates and date intervals: one regex of all the forms DESIGN.md lists,
//! compiled once, then each match validated (with jiff) and resolved.

use super::scan::{char_after, char_before, next_word, prev_word};
use super::tables::{fold_tones, fold_word, tables};
use crate::document::Grain;
use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time};
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::OnceLock;

/// A date found in one line, before it is mapped to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDate {
    /// Byte range in the line.
    pub range: Range<usize>,
    /// ISO 8601 value.
    pub value: String,
    /// Grain of the value.
    pub grain: Grain,
    /// Whether the article's date was needed.
    pub relative: bool,
    /// The calendar day, for day-grain dates with a year (doc_ref linking).
    pub day: Option<Date>,
}

/// The article's own date, for relative forms.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    /// The published date, if the article has one.
    pub published: Option<Date>,
}

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let wd = r"(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])|[Cc]hủ\s+[Nn]hật)";
        let y = r"(?:19|20)[0-9]{2}";
        let n = r"[0-9]{1,2}";
        let sep = r"(?:\s?[/-]\s?|\.)";
        let ngay = r"(?:[Nn]gày\s+)";
        let time = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*(?:AM|PM|am|pm|SA|CH)(?-u:\b))?";
        let to = r"(?:-|–|đến(?:\s+hết)?|tới)";
        let alts = [
            // date then time: "Thứ tư, 21/2/2024 | 9:30:21 AM"
            format!(r"(?P<a>(?:{wd}\s*,?\s*)?{ngay}?(?P<a_d>{n}){sep}(?P<a_m>{n}){sep}(?P<a_y>{y})\s*(?:[|,-]\s*)?(?:lúc\s+)?(?P<a_t>{time}))"),
            // time then date: "9:30 21/2/2024"
            format!(r"(?P<b>(?P<b_t>{time})\s*(?:[|,-]\s*)?(?:{wd}\s*,?\s*)?{ngay}?(?P<b_d>{n}){sep}(?P<b_m>{n}){sep}(?P<b_y>{y}))"),
            // day interval with đến: "từ ngày 1/1/2024 đến ngày 31/12/2024", "từ 12 đến 15/10"
            format!(r"(?P<c>(?:[Tt]ừ\s+)?{ngay}?(?P<c_d1>{n})(?:{sep}(?P<c_m1>{n})(?:{sep}(?P<c_y1>{y}))?)?\s*(?:đến(?:\s+hết)?|tới)\s*{ngay}?(?P<c_d2>{n}){sep}(?P<c_m2>{n})(?:{sep}(?P<c_y2>{y}))?)"),
            // day interval in words: "từ ngày 12 đến ngày 15 tháng 10 năm 2020"
            format!(r"(?P<e>(?:[Tt]ừ\s+)?{ngay}(?P<e_d1>{n})\s*{to}\s*{ngay}?(?P<e_d2>{n})\s+tháng\s+(?P<e_m>{n})(?:\s*,?\s*năm\s+(?P<e_y>{y}))?)"),
            // full dates
            format!(r"(?P<f>(?:{wd}\s*,\s*)?{ngay}?(?P<f_d>{n}){sep}(?P<f_m>{n}){sep}(?P<f_y>{y}))"),
            format!(r"(?P<g>(?:{wd}\s*,\s*)?{ngay}?(?P<g_d>{n})\s+tháng\s+(?P<g_m>{n})\s*,?\s*năm\s+(?P<g_y>{y}))"),
            format!(r"(?P<h>{ngay}?(?P<h_d>{n}){sep}(?P<h_m>{n})\s+năm\s+(?P<h_y>{y}))"),
            // day interval with a dash: "ngày 12-15/10/2020"
            format!(r"(?P<c2>(?:[Tt]ừ\s+)?{ngay}?(?P<c2_d1>{n})\s*[-–]\s*(?P<c2_d2>{n})/(?P<c2_m>{n})(?:/(?P<c2_y>{y}))?)"),
            // months of a year: "6 tháng đầu năm 2023", "9 tháng năm 2023"
            format!(r"(?P<i>(?P<i_n>{n}|[Ss]áu|[Cc]hín|[Bb]a|[Hh]ai)\s+tháng\s+(?:(?P<i_pos>đầu|cuối)\s+)?năm(?:\s+(?P<i_y>{y}|nay)(?-u:\b))?)"),
            // month interval: "từ tháng 3 đến tháng 5/2024"
            format!(r"(?P<j>(?:[Tt]ừ\s+)?[Tt]háng\s+(?P<j_m1>{n})\s*{to}\s*(?:tháng\s+)?(?P<j_m2>{n})\s*(?:/|-|,?\s*năm\s)\s*(?P<j_y>{y}))"),
            // quarters: "quý I/2024", "quý 3 năm 2023", "quý IV"
            format!(r"(?P<q>[Qq]uý\s+(?P<q_q>IV|I{{1,3}}|[1-4])(?-u:\b)(?:\s*(?:/|-)\s*(?P<q_y>{y})|\s*,?\s+năm\s+(?P<q_y2>{y}|nay)(?-u:\b))?)"),
            // month-year: "tháng 10/2023", "tháng 10 năm 2023", bare "10/2023"
            format!(r"(?P<k>[Tt]háng\s+(?P<k_m>{n})\s*(?:/|-|\.|,?\s*năm\s)\s*(?:(?P<k_y>{y})|(?P<k_r>nay|ngoái|trước|qua)(?-u:\b)))"),
            format!(r"(?P<l>(?P<l_m>{n})/(?P<l_y>{y}))"),
            // day-month: "ngày 15-10", "ngày 7 tháng 4", "sáng 7/4", "(21/2)"
            format!(r"(?P<m>{ngay}(?P<m_d>{n})\s*(?:/|-|\.)\s*(?P<m_m>{n}))"),
            format!(r"(?P<o>{ngay}(?P<o_d>{n})\s+tháng\s+(?P<o_m>{n}))"),
            format!(r"(?:[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Hh]ôm|[Tt]ừ|[Đđ]ến|[Tt]ới|[Tt]rước|[Ss]au|[Vv]ào|[Hh]ết|\()\s*(?:(?P<p2>(?P<p2_m>{n})/(?P<p2_y>{y}))|(?P<p>(?P<p_d>{n})/(?P<p_m>{n})(?:/(?P<p_y>{y}))?))"),
            // year intervals: "giai đoạn 2021-2025", "nhiệm kỳ 2020 - 2025"
            format!(r"(?P<r>(?:(?:[Gg]iai\s+đoạn|[Nn]hiệm\s+kỳ|[Tt]hời\s+kỳ|[Nn]iên\s+khóa|[Nn]ăm\s+học|[Nn]iên\s+độ|[Kk]hóa)\s+)?(?:[Tt]ừ\s+)?(?:[Nn]ăm\s+)?(?P<r_y1>{y})\s*(?:-|–|—|đến|tới)\s*(?:năm\s+)?(?P<r_y2>{y}))"),
            // single month: "tháng 10" (the article's year)
            format!(r"(?P<mo>[Tt]háng\s+(?P<mo_m>{n})(?-u:\b))"),
            // years
            format!(r"(?P<y>[Nn]ăm\s+(?P<y_y>{y}))"),
            format!(r"(?P<t>[Tt]ết(?:\s+[Nn]guyên\s+[Đđ]án)?(?:\s+\p{{Lu}}\p{{Ll}}+){{0,2}}\s+(?P<t_y>{y}))"),
            format!(r"(?:[Đđ]ến|[Tt]ới|[Tt]ừ|[Tt]rước|[Ss]au|[Cc]uối|[Đđ]ầu|[Gg]iữa|[Hh]ồi|[Vv]ào|[Tt]rong|[Mm]ùa|[Nn]iên\s+vụ)\s+(?P<by>{y})"),
            // relative years: "năm qua", "năm nay"
            r"(?P<rel>[Nn]ăm\s+(?P<rel_w>qua|nay|trước|ngoái|tới|sau|kế\s+tiếp)(?-u:\b))".to_string(),
        ];
        let pat = alts.join("|");
        super::tables::compile(&fold_tones(&pat))
    })
}

fn num(c: &Captures, name: &str) -> Option<i32> {
    c.name(name).and_then(|m| m.as_str().trim().parse().ok())
}

fn day(y: i32, m: i32, d: i32) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

fn iso_day(d: Date) -> String {
    d.strftime("%Y-%m-%d").to_string()
}

fn month_ok(m: i32) -> bool {
    (1..=12).contains(&m)
}

/// Whether a day and month form a valid day in some year (29/2 included).
fn day_month_ok(d: i32, m: i32) -> bool {
    day(2024, m, d).is_some()
}

fn roman_quarter(s: &str) -> Option<i32> {
    match s {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

fn spelled_months(s: &str) -> Option<i32> {
    match s.to_lowercase().as_str() {
        "hai" => Some(2),
        "ba" => Some(3),
        "sáu" => Some(6),
        "chín" => Some(9),
        other => other.parse().ok(),
    }
}

/// Parses "h:mm(:ss) (AM|PM)" into a time and its grain.
fn parse_time(s: &str) -> Option<(Time, Grain)> {
    let s = s.trim();
    let (clock, ampm) = match s.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (s[..i].trim(), Some(s[i..].trim().to_ascii_uppercase())),
        None => (s, None),
    };
    let parts: Vec<i32> = clock.split(':').filter_map(|p| p.parse().ok()).collect();
    let (mut h, mi, sec, grain) = match parts.as_slice() {
        [h, m] => (*h, *m, 0, Grain::Minute),
        [h, m, s] => (*h, *m, *s, Grain::Second),
        _ => return None,
    };
    match ampm.as_deref() {
        Some("PM") | Some("CH") if (1..12).contains(&h) => h += 12,
        Some("AM") | Some("SA") if h == 12 => h = 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => {}
    }
    let t = Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()?;
    Some((t, grain))
}

fn date_time(d: Date, t: &str) -> Option<(String, Grain)> {
    let (t, grain) = parse_time(t)?;
    let dt = DateTime::from_parts(d, t);
    let fmt = if grain == Grain::Second {
        "%Y-%m-%dT%H:%M:%S"
    } else {
        "%Y-%m-%dT%H:%M"
    };
    Some((dt.strftime(fmt).to_string(), grain))
}

/// Whether the match at `range` stands alone: no digits glued before or after.
fn isolated(line: &str, range: &Range<usize>) -> bool {
    let before = char_before(line, range.start);
    let after = char_after(line, range.end);
    let glued = |c: Option<char>, far: Option<char>| match c {
        Some(c) if c.is_alphanumeric() => true,
        Some('/' | '.' | ',' | '-') => far.is_some_and(|f| f.is_ascii_digit()),
        _ => false,
    };
    let far_before = range
        .start
        .checked_sub(1)
        .and_then(|s| char_before(line, s.min(line.len())));
    let after_len = after.map_or(0, char::len_utf8);
    let far_after = char_after(line, range.end + after_len);
    let starts_digit = line[range.clone()].starts_with(|c: char| c.is_ascii_digit());
    let ends_digit = line[range.clone()].ends_with(|c: char| c.is_ascii_digit());
    !(starts_digit && glued(before, far_before) || ends_digit && glued(after, far_after))
}

/// Vague words before "năm qua" & co. that make it not a date.
const VAGUE_BEFORE: &[&str] = &[
    "những", "các", "nhiều", "mấy", "vài", "bao", "mọi", "hơn", "hai", "ba", "bốn", "năm", "sáu",
    "bảy", "tám", "chín", "mười", "mươi",
];

/// Finds the dates of one line.
pub fn find(line: &str, ctx: &Ctx) -> Vec<RawDate> {
    let mut out = Vec::new();
    for c in regex().captures_iter(line) {
        if let Some(d) = resolve(line, &c, ctx) {
            out.push(d);
        }
    }
    out
}

fn mk(range: Range<usize>, value: String, grain: Grain, relative: bool) -> RawDate {
    RawDate {
        range,
        value,
        grain,
        relative,
        day: None,
    }
}

fn resolve(line: &str, c: &Captures, ctx: &Ctx) -> Option<RawDate> {
    let whole = c.get(0)?;
    let range = whole.range();
    let pub_year = ctx.published.map(|d| i32::from(d.year()));
    if c.name("a").is_some() || c.name("b").is_some() {
        let p = if c.name("a").is_some() { "a" } else { "b" };
        let d = day(
            num(c, &format!("{p}_y"))?,
            num(c, &format!("{p}_m"))?,
            num(c, &format!("{p}_d"))?,
        )?;
        let (value, grain) = date_time(d, c.name(&format!("{p}_t"))?.as_str())?;
        if !isolated(line, &range) {
            return None;
        }
        return Some(mk(range, value, grain, false));
    }
    if c.name("c").is_some() || c.name("e").is_some() || c.name("c2").is_some() {
        let (d1, m1, y1, d2, m2, y2) = if c.name("c").is_some() {
            (
                num(c, "c_d1")?,
                num(c, "c_m1"),
                num(c, "c_y1"),
                num(c, "c_d2")?,
                num(c, "c_m2")?,
                num(c, "c_y2"),
            )
        } else if c.name("e").is_some() {
            let m = num(c, "e_m")?;
            let y = num(c, "e_y");
            (num(c, "e_d1")?, Some(m), y, num(c, "e_d2")?, m, y)
        } else {
            let m = num(c, "c2_m")?;
            let y = num(c, "c2_y");
            (num(c, "c2_d1")?, Some(m), y, num(c, "c2_d2")?, m, y)
        };
        let m1 = m1.unwrap_or(m2);
        let y2 = y2.or(y1);
        let y1 = y1.or(y2);
        if !isolated(line, &range) || !day_month_ok(d1, m1) || !day_month_ok(d2, m2) {
            return None;
        }
        return match (y1, y2) {
            (Some(y1), Some(y2)) => {
                let (a, b) = (day(y1, m1, d1)?, day(y2, m2, d2)?);
                if b < a {
                    return None;
                }
                Some(mk(
                    range,
                    format!("{}/{}", iso_day(a), iso_day(b)),
                    Grain::Day,
                    false,
                ))
            }
            _ => match pub_year {
                Some(y) => {
                    let (a, b) = (day(y, m1, d1)?, day(y, m2, d2)?);
                    if b < a {
                        return None;
                    }
                    Some(mk(
                        range,
                        format!("{}/{}", iso_day(a), iso_day(b)),
                        Grain::Day,
                        true,
                    ))
                }
                None => Some(mk(
                    range,
                    format!("--{m1:02}-{d1:02}/--{m2:02}-{d2:02}"),
                    Grain::Day,
                    false,
                )),
            },
        };
    }
    for p in ["f", "g", "h"] {
        if c.name(p).is_some() {
            let d = day(
                num(c, &format!("{p}_y"))?,
                num(c, &format!("{p}_m"))?,
                num(c, &format!("{p}_d"))?,
            )?;
            if !isolated(line, &range) {
                return None;
            }
            let mut r = mk(range, iso_day(d), Grain::Day, false);
            r.day = Some(d);
            return Some(r);
        }
    }
    if c.name("i").is_some() {
        let n = spelled_months(c.name("i_n")?.as_str())?;
        if !(1..=11).contains(&n) || !isolated(line, &range) {
            return None;
        }
        let pos_last = c.name("i_pos").is_some_and(|m| m.as_str() == "cuối");
        let year = c.name("i_y");
        if c.name("i_pos").is_none() && year.is_none() {
            return None;
        }
        let (y, relative) = match year.map(|m| m.as_str()) {
            Some("nay") | None => (pub_year?, true),
            Some(y) => (y.parse().ok()?, false),
        };
        let (a, b) = if pos_last { (13 - n, 12) } else { (1, n) };
        return Some(mk(
            range,
            format!("{y:04}-{a:02}/{y:04}-{b:02}"),
            Grain::Month,
            relative,
        ));
    }
    if c.name("j").is_some() {
        let (m1, m2, y) = (num(c, "j_m1")?, num(c, "j_m2")?, num(c, "j_y")?);
        if !month_ok(m1) || !month_ok(m2) || m2 < m1 || !isolated(line, &range) {
            return None;
        }
        return Some(mk(
            range,
            format!("{y:04}-{m1:02}/{y:04}-{m2:02}"),
            Grain::Month,
            false,
        ));
    }
    if c.name("q").is_some() {
        let q = roman_quarter(c.name("q_q")?.as_str())?;
        let y = c.name("q_y").or(c.name("q_y2")).map(|m| m.as_str());
        let (y, relative) = match y {
            Some("nay") | None => (pub_year?, true),
            Some(y) => (y.parse().ok()?, false),
        };
        return Some(mk(range, format!("{y:04}-Q{q}"), Grain::Quarter, relative));
    }
    if c.name("k_r").is_some() {
        let m = num(c, "k_m")?;
        let base = ctx.published?;
        let delta = if c.name("k_r").is_some_and(|r| r.as_str() == "nay") {
            0
        } else {
            -1
        };
        let y = base.checked_add(delta.years()).ok()?.year();
        if !month_ok(m) {
            return None;
        }
        return Some(mk(range, format!("{y:04}-{m:02}"), Grain::Month, true));
    }
    for p in ["k", "l", "p2"] {
        if let Some(g) = c.name(p) {
            let range = if p == "p2" { g.range() } else { range.clone() };
            let (m, y) = (num(c, &format!("{p}_m"))?, num(c, &format!("{p}_y"))?);
            if !month_ok(m) || !isolated(line, &range) {
                return None;
            }
            return Some(mk(range, format!("{y:04}-{m:02}"), Grain::Month, false));
        }
    }
    for p in ["m", "o", "p"] {
        if let Some(g) = c.name(p) {
            let (d, m) = (num(c, &format!("{p}_d"))?, num(c, &format!("{p}_m"))?);
            let range = g.range();
            if !day_month_ok(d, m) || !isolated(line, &range) {
                return None;
            }
            if p == "p" && followed_by_noun(line, range.end) {
                return None;
            }
            if let Some(y) = num(c, "p_y").filter(|_| p == "p") {
                let dd = day(y, m, d)?;
                let mut r = mk(range, iso_day(dd), Grain::Day, false);
                r.day = Some(dd);
                return Some(r);
            }
            return Some(match pub_year {
                Some(y) => {
                    let dd = day(y, m, d)?;
                    mk(range, iso_day(dd), Grain::Day, true)
                }
                None => mk(range, format!("--{m:02}-{d:02}"), Grain::Day, false),
            });
        }
    }
    if c.name("r").is_some() {
        let (y1, y2) = (num(c, "r_y1")?, num(c, "r_y2")?);
        if y2 <= y1 || y2 - y1 > 100 || !isolated(line, &range) {
            return None;
        }
        return Some(mk(range, format!("{y1:04}/{y2:04}"), Grain::Year, false));
    }
    if c.name("mo").is_some() {
        let m = num(c, "mo_m")?;
        let y = pub_year?;
        if !month_ok(m) || !isolated(line, &range) || followed_by_noun(line, range.end) {
            return None;
        }
        return Some(mk(range, format!("{y:04}-{m:02}"), Grain::Month, true));
    }
    for p in ["y", "t", "by"] {
        if let Some(g) = c.name(p) {
            let range = g.range();
            let name = if p == "by" {
                "by".to_string()
            } else {
                format!("{p}_y")
            };
            let y = num(c, &name)?;
            if !isolated(line, &range) {
                return None;
            }
            return Some(mk(range, format!("{y:04}"), Grain::Year, false));
        }
    }
    if c.name("rel").is_some() {
        let w = c.name("rel_w")?.as_str();
        let base = ctx.published?;
        if let Some((_, prev)) = prev_word(line, range.start)
            && VAGUE_BEFORE.contains(&fold_word(&prev.to_lowercase()).as_str())
        {
            return None;
        }
        if let Some((_, prev)) = prev_word(line, range.start)
            && prev.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let delta: i32 = match w {
            "qua" | "trước" | "ngoái" => -1,
            "nay" => 0,
            _ => {
                // "năm sau cao hơn năm trước" is a comparison, not a date.
                if let Some((_, nw)) = next_word(line, range.end)
                    && matches!(nw, "cao" | "thấp" | "hơn" | "tăng" | "giảm")
                {
                    return None;
                }
                1
            }
        };
        // "năm sau cao hơn năm trước": a comparison, not a date.
        let mut from = range.start.saturating_sub(40);
        while !line.is_char_boundary(from) {
            from += 1;
        }
        if delta == -1 && w == "trước" && line[from..range.start].contains("năm sau") {
            return None;
        }
        let y = base.checked_add(delta.years()).ok()?.year();
        return Some(mk(range, format!("{y:04}"), Grain::Year, true));
    }
    None
}

/// Whether a counted noun or unit follows `pos` ("3/12 huyện" is not a date).
fn followed_by_noun(line: &str, pos: usize) -> bool {
    let Some((_, w)) = next_word(line, pos) else {
        return false;
    };
    let t = tables();
    let w = w.to_lowercase();
    t.counted
        .iter()
        .any(|c| c.split(' ').next() == Some(w.as_str()))
        || t.units.iter().any(|u| u.surface == w && u.name != "năm")
}

/// Ranges shaped like dates, valid or not ("31/2/2024", "ngày 31/2"): their
/// numbers are never figures.
pub fn invalid_spans(line: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        super::tables::compile(r"(?:[Nn]gày\s+)?[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:19|20)[0-9]{2}|[Nn]gày\s+[0-9]{1,2}[/-][0-9]{1,2}")
    });
    re.find_iter(line).map(|m| m.range()).collect()
}
