//! Dates and date intervals, as a table of forms.
//!
//! Every form DESIGN.md lists is one row of `FORMS`: a name, a pattern
//! (with group names local to the row) and a resolver that turns a match
//! into a `Val`. The combined regex and its group names are generated
//! from the table, so no group name is spelled twice. Matches are then
//! composed — ranges into one interval sharing the year written once,
//! partial dates coordinated with a dated one ("quý IV và cả năm 2023"),
//! lists of years ("năm 2015, 2016") — and finally resolved: a missing year
//! comes from the expression, the article's date or the period the title or
//! lead states, in that order; relative expressions count from a date named
//! earlier in the same sentence, else from the article's date, else they are
//! left out and counted for a warning.
//!
//! The same parser reads document signing dates ([`parse_date_text`]), so
//! dates, document dates and metadata agree.

use super::patterns::{Alternatives, Group, Groups};
use super::scan::{char_after, char_before, next_word, prev_word};
use super::tables::tables;
use crate::chars::CharExt;
use crate::document::Grain;
use jiff::ToSpan;
use jiff::civil::{Date, DateTime, Time, Weekday};
use regex::{Captures, Regex};
use std::ops::{ControlFlow, Range};
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
}

/// What a line's dates are resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    /// The article's date, if known (input, page metadata or date line).
    pub published: Option<Date>,
    /// The one year the title or lead states as the article's period.
    pub period_year: Option<i32>,
}

/// The dates of one line and how many relative expressions could not be
/// resolved for want of an article date.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Dates in line order.
    pub dates: Vec<RawDate>,
    /// Relative expressions left out.
    pub unresolved: usize,
}

/// A year as the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Y {
    /// Written ("2024").
    Given(i32),
    /// Not written: from a coordinated date, the article or the period.
    Missing,
    /// Relative to the anchor's year ("năm nay" 0, "năm ngoái" -1).
    Rel(i32),
}

/// One calendar point, possibly without its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    /// A date-time, to the minute or second.
    Time(DateTime, Grain),
    /// A day.
    Day(Y, i8, i8),
    /// A month.
    Month(Y, i8),
    /// A quarter.
    Quarter(Y, i8),
    /// A year.
    Year(Y),
}

/// A relative expression that needs a full anchor date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    /// Days from the anchor ("hôm qua" -1).
    Day(i64),
    /// A weekday: in the week `week` weeks from the anchor's, or the next
    /// (`Some(1)`) / previous (`Some(-1)`) such day.
    Weekday(Weekday, WeekPick),
    /// Weeks from the anchor's week.
    Week(i64),
    /// Months from the anchor's month.
    Month(i64),
    /// Quarters from the anchor's quarter.
    Quarter(i64),
    /// A span of units ago ("cách đây 3 năm"): grain and count back.
    Ago(Grain, i64),
}

/// How a weekday is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekPick {
    /// In the week this many weeks from the anchor's.
    InWeek(i64),
    /// The first such day after the anchor.
    Next,
    /// The last such day before the anchor.
    Prev,
}

/// What a form's match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Val {
    /// One point.
    Point(Point),
    /// An interval between two points.
    Span(Point, Point),
    /// A relative expression.
    Rel(Rel),
}

/// The groups of one form's match, read by the form's own group names.
struct Caps<'c, 'h> {
    groups: &'c Groups<'c, 'h>,
}

impl<'h> Caps<'_, 'h> {
    fn get(&self, group: &str) -> Option<Group<'h>> {
        self.groups.name(group)
    }
    fn str(&self, group: &str) -> Option<&'h str> {
        self.get(group).map(|m| m.as_str())
    }
    fn num(&self, group: &str) -> Option<i32> {
        self.str(group).and_then(number)
    }
    fn year(&self, group: &str) -> Y {
        match self.str(group) {
            Some(s) => rel_year_word(s)
                .map(Y::Rel)
                .or_else(|| year_number(s).map(Y::Given))
                .unwrap_or(Y::Missing),
            None => Y::Missing,
        }
    }
}

/// One row of the table: a form of date the text uses.
struct Form {
    /// Name (also the prefix of its groups in the combined regex).
    name: &'static str,
    /// The pattern, with group names local to the form.
    pattern: fn(&Parts) -> String,
    /// Turns a match into a value; `None` rejects it (an impossible date).
    resolve: fn(&Caps) -> Option<Val>,
}

/// Regex fragments the forms share.
struct Parts {
    /// Weekday ("Thứ tư", "thứ 5", "Chủ nhật").
    wd: String,
    /// A four-digit year.
    y: &'static str,
    /// A one- or two-digit day or month.
    n: &'static str,
    /// Separator of a numeric date.
    sep: &'static str,
    /// The lead word of a day ("ngày", "mồng", "mùng"), glued or not.
    ngay: &'static str,
    /// A clock time.
    time: &'static str,
    /// A month in digits or words.
    month: String,
    /// A day in digits or words (after "mồng").
    day: String,
    /// A connector of a range.
    to: &'static str,
    /// Words of a relative year.
    rel_year: &'static str,
    /// A spelled-out number.
    spelled: String,
    /// A year's name in the sexagenary cycle ("Giáp Thìn", "Ất Tỵ").
    lunar_year: String,
}

fn parts() -> Parts {
    let t = tables();
    let mut words: Vec<String> = t.numerals.keys().cloned().collect();
    words.extend(["nghìn", "ngàn", "không"].map(String::from));
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let w = words.join("|");
    Parts {
        wd: r"(?:[Tt]hứ\s+(?:[Hh]ai|[Bb]a|[Tt]ư|[Nn]ăm|[Ss]áu|[Bb]ảy|[2-7])|[Cc]hủ\s+[Nn]hật)"
            .to_string(),
        y: r"(?:1[89][0-9]{2}|20[0-9]{2})",
        n: r"[0-9]{1,2}",
        sep: r"(?:\s?[/-]\s?|\.)",
        ngay: r"(?:(?:[Nn]gày|[Mm]ồng|[Mm]ùng)\s*)",
        time: r"[0-9]{1,2}(?::|h)[0-9]{2}(?::[0-9]{2})?(?:\s*(?:AM|PM|am|pm|SA|CH)(?-u:\b))?",
        month: format!("(?:[0-9]{{1,2}}|{MONTH_WORDS})"),
        day: format!("(?:[0-9]{{1,2}}|{DAY_WORDS})"),
        to: r"(?:-|–|—|đến(?:\s+hết)?|tới)",
        rel_year: r"(?:nay|ngoái|trước|qua|tới|sau)",
        spelled: format!("(?:{w})(?:\\s+(?:{w}))*"),
        lunar_year: format!(
            r"{}\s+{}",
            super::tables::alternation(&self::words().stems),
            super::tables::alternation(&self::words().branches)
        ),
    }
}

/// Months in words after "tháng" (longest first).
const MONTH_WORDS: &str = "[Mm]ười\\s+[Mm]ột|[Mm]ười\\s+[Hh]ai|[Mm]ười|[Gg]iêng|[Cc]hạp|[Hh]ai|[Bb]a|[Tt]ư|[Bb]ốn|Năm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ột";
/// Days in words after "mồng" (longest first).
const DAY_WORDS: &str = "[Mm]ười|[Mm]ột|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín";

/// The table of forms, in priority order: at one position the first form
/// that matches wins (longer, more specific forms come first).
const FORMS: &[Form] = &[
    Form {
        // "Thứ tư, 21/2/2024 | 9:30:21 AM", "ngày 21/2/2024 lúc 9h30"
        name: "date_time",
        pattern: |p| {
            format!(
                r"(?:{wd}\s*,?\s*)?{ngay}?(?P<d>{n}){sep}(?P<m>{n}){sep}(?P<y>{y})\s*(?:[|,-]\s*)?(?:lúc\s+)?(?P<t>{time})",
                wd = p.wd,
                ngay = p.ngay,
                n = p.n,
                sep = p.sep,
                y = p.y,
                time = p.time
            )
        },
        resolve: date_time_val,
    },
    Form {
        // "9:30 21/2/2024", "16:21 Thứ năm, 15/10/2020"
        name: "time_date",
        pattern: |p| {
            format!(
                r"(?P<t>{time})\s*(?:[|,-]\s*)?(?:{wd}\s*,?\s*)?{ngay}?(?P<d>{n}){sep}(?P<m>{n}){sep}(?P<y>{y})",
                wd = p.wd,
                ngay = p.ngay,
                n = p.n,
                sep = p.sep,
                y = p.y,
                time = p.time
            )
        },
        resolve: date_time_val,
    },
    Form {
        // "từ ngày 12 đến ngày 15 tháng 10 năm 2020", "ngày 12 - 15 tháng 10"
        name: "day_range_words",
        pattern: |p| {
            format!(
                r"(?:[Tt]ừ\s+)?{ngay}(?P<d1>{n})\s*{to}\s*{ngay}?(?P<d2>{n})\s+tháng\s+(?P<m>{month})(?:\s*,?\s*năm\s+(?P<y>{y}|{ry}))?",
                ngay = p.ngay,
                n = p.n,
                to = p.to,
                month = p.month,
                y = p.y,
                ry = p.rel_year
            )
        },
        resolve: |c| {
            let (m, y) = (month_value(c.str("m")?)?, c.year("y"));
            span_days(y, m, c.num("d1")?, y, m, c.num("d2")?)
        },
    },
    Form {
        // "từ ngày 12 đến 15/10/2020", "từ 1/1 đến 31/3/2024"
        name: "day_range_to",
        pattern: |p| {
            format!(
                r"(?:[Tt]ừ\s+){ngay}?(?P<d1>{n})(?:{sep}(?P<m1>{n})(?:{sep}(?P<y1>{y}))?)?\s*(?:đến(?:\s+hết)?|tới)\s*{ngay}?(?P<d2>{n}){sep}(?P<m2>{n})(?:{sep}(?P<y2>{y}))?",
                ngay = p.ngay,
                n = p.n,
                sep = p.sep,
                y = p.y
            )
        },
        resolve: |c| {
            let m2 = c.num("m2")?;
            let m1 = c.num("m1").unwrap_or(m2);
            span_days(
                c.year("y1"),
                m1,
                c.num("d1")?,
                c.year("y2"),
                m2,
                c.num("d2")?,
            )
        },
    },
    Form {
        // "ngày 12-15/10/2020", "từ 17-29/6/2024"
        name: "day_range_dash",
        pattern: |p| {
            format!(
                r"(?:[Tt]ừ\s+)?{ngay}?(?P<d1>{n})\s*[-–]\s*(?P<d2>{n})/(?P<m>{n})(?:/(?P<y>{y}))?",
                ngay = p.ngay,
                n = p.n,
                y = p.y
            )
        },
        resolve: |c| {
            let (m, y) = (c.num("m")?, c.year("y"));
            span_days(y, m, c.num("d1")?, y, m, c.num("d2")?)
        },
    },
    Form {
        // "21/2/2024", "ngày 30-5-2019", "ngày7/5/2019", "ngày 7/5/19"
        name: "day_numeric",
        pattern: |p| {
            format!(
                r"(?:{wd}\s*,\s*)?(?:(?P<lead>{ngay})?(?P<d>{n}){sep}(?P<m>{n}){sep}(?P<y>{y})|{ngay}(?P<d2>{n})/(?P<m2>{n})/(?P<yy>[0-9]{{2}}))",
                wd = p.wd,
                ngay = p.ngay,
                n = p.n,
                sep = p.sep,
                y = p.y
            )
        },
        resolve: |c| {
            let (y, m, d) = match c.num("yy") {
                Some(yy) => (two_digit_year(yy), c.num("m2")?, c.num("d2")?),
                None => (c.num("y")?, c.num("m")?, c.num("d")?),
            };
            day(y, m, d)?;
            Some(Val::Point(Point::Day(Y::Given(y), m as i8, d as i8)))
        },
    },
    Form {
        // "ngày 25 tháng 4 năm 2023", "mồng 3 tháng 3", "ngày 12 tháng mười
        // hai năm 2023", "ngày 3/2 năm 2030", "ngày 7 tháng 4"
        name: "day_words",
        pattern: |p| {
            format!(
                r"(?:{wd}\s*,\s*)?(?:{ngay}(?P<d>{day})\s+tháng\s+(?P<m>{month})(?:\s*,?\s*năm\s+(?P<y>{y}|{ry})(?-u:\b))?|(?P<d3>{n})\s+tháng\s+(?P<m3>{month})\s*,?\s*năm\s+(?P<y3>{y})|{ngay}?(?P<d2>{n})/(?P<m2>{n})\s+năm\s+(?P<y2>{y}))",
                wd = p.wd,
                ngay = p.ngay,
                day = p.day,
                month = p.month,
                n = p.n,
                y = p.y,
                ry = p.rel_year
            )
        },
        resolve: |c| {
            let (d, m, y) = match (c.str("d"), c.str("d2"), c.str("d3")) {
                (Some(d), _, _) => (day_value(d)?, month_value(c.str("m")?)?, c.year("y")),
                (_, Some(d), _) => (number(d)?, c.num("m2")?, c.year("y2")),
                (_, _, Some(d)) => (number(d)?, month_value(c.str("m3")?)?, c.year("y3")),
                _ => return None,
            };
            point_day(y, m, d)
        },
    },
    Form {
        // "ngày mười lăm tháng mười năm hai nghìn không trăm hai mươi"
        name: "day_spelled",
        pattern: |p| {
            format!(
                r"[Nn]gày\s+(?P<d>{s})\s+tháng\s+(?P<m>{month})(?:\s+năm\s+(?P<y>{s}))?",
                s = p.spelled,
                month = MONTH_WORDS
            )
        },
        resolve: |c| {
            let d = spelled(c.str("d")?)?;
            let m = month_value(c.str("m")?)?;
            let y = match c.str("y") {
                Some(s) => Y::Given(spelled(s).filter(|y| (1800..=2099).contains(y))?),
                None => Y::Missing,
            };
            point_day(y, m, d)
        },
    },
    Form {
        // "6 tháng đầu năm 2023", "9 tháng năm 2023", "6 tháng cuối năm nay"
        name: "months_of_year",
        pattern: |p| {
            format!(
                r"(?P<k>{n}|[Ss]áu|[Cc]hín|[Bb]a|[Hh]ai|[Bb]ốn|[Nn]ăm|[Bb]ảy|[Tt]ám|[Mm]ười)\s+tháng\s+(?:(?P<pos>đầu|cuối)\s+)?năm(?:\s+(?P<y>{y}|nay|ngoái|trước|qua|tới|sau)(?-u:\b))?",
                n = p.n,
                y = p.y
            )
        },
        resolve: |c| {
            let k = month_value(c.str("k")?).or_else(|| c.num("k"))?;
            if !(1..=11).contains(&k) || (c.get("pos").is_none() && c.get("y").is_none()) {
                return None;
            }
            let y = c.year("y");
            let (a, b) = if c.str("pos") == Some("cuối") {
                (13 - k, 12)
            } else {
                (1, k)
            };
            Some(Val::Span(
                Point::Month(y, a as i8),
                Point::Month(y, b as i8),
            ))
        },
    },
    Form {
        // "quý I/2024", "quý 3 năm 2023", "quý IV", "quý I năm nay"
        name: "quarter",
        pattern: |p| {
            format!(
                r"[Qq]uý\s*(?P<q>IV|I{{1,3}}|[1-4])(?-u:\b)(?:\s*(?:/|-)\s*(?P<y>{y})|\s*,?\s+năm\s+(?P<y2>{y}|{ry})(?-u:\b))?",
                y = p.y,
                ry = p.rel_year
            )
        },
        resolve: |c| {
            let q = quarter_value(c.str("q")?)?;
            let y = match c.year("y") {
                Y::Missing => c.year("y2"),
                y => y,
            };
            Some(Val::Point(Point::Quarter(y, q as i8)))
        },
    },
    Form {
        // "tháng 10/2023", "tháng 10 năm 2023", "tháng mười hai năm nay",
        // "tháng 3 năm ngoái", "tháng10/2023"
        name: "month_year",
        pattern: |p| {
            format!(
                r"[Tt]háng\s*(?P<m>{month})\s*(?:/|-|\.|,?\s*năm\s)\s*(?P<y>{y}|{ry})(?-u:\b)",
                month = p.month,
                y = p.y,
                ry = p.rel_year
            )
        },
        resolve: |c| {
            let m = month_value(c.str("m")?)?;
            Some(Val::Point(Point::Month(c.year("y"), m as i8)))
        },
    },
    Form {
        // a bare "10/2023"
        name: "month_year_bare",
        pattern: |p| format!(r"(?P<m>{n})/(?P<y>{y})", n = p.n, y = p.y),
        resolve: |c| {
            let m = c.num("m")?;
            month_ok(m).then_some(Val::Point(Point::Month(c.year("y"), m as i8)))
        },
    },
    Form {
        // "ngày 15-10", "ngày 7 tháng 4", "mồng 3"+month
        name: "day_month",
        pattern: |p| {
            format!(
                r"(?:{wd}\s*,\s*)?{ngay}(?P<d>{n})\s*(?:/|-|\.)\s*(?P<m>{n})",
                wd = p.wd,
                ngay = p.ngay,
                n = p.n
            )
        },
        resolve: |c| point_day(Y::Missing, c.num("m")?, c.num("d")?),
    },
    Form {
        // "Sáng 26-6", "tối 26/6/2024", "(21/2)", "đến 15/10": a bare day
        // and month after a word that makes it a date. A time-of-day word
        // is part of the date's text; other cue words are not.
        name: "day_month_cued",
        pattern: |p| {
            format!(
                r"(?:(?P<tod>[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Kk]huya)\s+(?:(?:hôm\s+)?(?:ngày\s+)?)|(?:[Hh]ôm|[Tt]ừ|[Đđ]ến|[Tt]ới|[Tt]rước|[Ss]au|[Vv]ào|[Hh]ết|[Đđ]ầu|[Cc]uối|\()\s*)(?P<date>(?P<d>{n})[/-](?P<m>{n})(?:[/-](?P<y>{y}))?)",
                n = p.n,
                y = p.y
            )
        },
        resolve: |c| point_day(c.year("y"), c.num("m")?, c.num("d")?),
    },
    Form {
        // a bare "15/2" or "15-2" standing as a date: not a share ("3/12
        // huyện", "2/3 số xã"), not a label or score ("Điều 1/2")
        name: "day_month_bare",
        pattern: |p| format!(r"(?P<d>{n})/(?P<m>{n})", n = p.n),
        resolve: |c| point_day(Y::Missing, c.num("m")?, c.num("d")?),
    },
    Form {
        // "giai đoạn 2021-2025", "nhiệm kỳ 2020 - 2025", "(2015-2020)",
        // "từ năm 2020 đến năm 2025"
        name: "year_range",
        pattern: |p| {
            format!(
                r"(?:(?P<lead>(?:[Gg]iai\s+đoạn|[Nn]hiệm\s+kỳ|[Tt]hời\s+kỳ|[Nn]iên\s+khóa|[Nn]ăm\s+học|[Nn]iên\s+độ|[Kk]hóa)\s+))?(?:[Tt]ừ\s+)?(?P<nam>[Nn]ăm\s+)?(?P<y1>{y})\s*(?:-|–|—|đến|tới)\s*(?:năm\s+)?(?P<y2>{y})",
                y = p.y
            )
        },
        resolve: |c| {
            let (y1, y2) = (c.num("y1")?, c.num("y2")?);
            (y2 > y1 && y2 - y1 <= 100).then_some(Val::Span(
                Point::Year(Y::Given(y1)),
                Point::Year(Y::Given(y2)),
            ))
        },
    },
    Form {
        // "tháng 10", "tháng mười hai": a month of the article's year
        name: "month",
        pattern: |p| format!(r"[Tt]háng\s+(?P<m>{month})(?-u:\b)", month = p.month),
        resolve: |c| {
            let m = month_value(c.str("m")?)?;
            Some(Val::Point(Point::Month(Y::Missing, m as i8)))
        },
    },
    Form {
        // "năm 2024", "năm2010", "Tết Nguyên đán Giáp Thìn 2024" (the
        // lunar year's name, from the stems and branches of
        // date_words.tsv)
        name: "year",
        pattern: |p| {
            format!(
                r"[Nn]ăm\s*(?P<y>{y})|[Tt]ết(?:\s+[Nn]guyên\s+[Đđ]án)?(?:\s+{lunar})?\s+(?P<y2>{y})",
                y = p.y,
                lunar = p.lunar_year
            )
        },
        resolve: |c| {
            let y = c.num("y").or_else(|| c.num("y2"))?;
            Some(Val::Point(Point::Year(Y::Given(y))))
        },
    },
    Form {
        // a bare year after a cue ("đến 2025", "tầm nhìn 2045", "giá so
        // sánh 2010"): the digits alone are the text
        name: "year_cued",
        pattern: |p| {
            format!(
                r"(?:[Đđ]ến|[Tt]ới|[Tt]ừ|[Tt]rước|[Ss]au|[Cc]uối|[Đđ]ầu|[Gg]iữa|[Hh]ồi|[Vv]ào|[Tt]rong|[Mm]ùa|[Nn]iên\s+vụ|[Tt]ầm\s+nhìn|[Ss]o\s+sánh|[Hh]ết)\s+(?P<date>(?P<y>{y}))",
                y = p.y
            )
        },
        resolve: |c| Some(Val::Point(Point::Year(Y::Given(c.num("y")?)))),
    },
    Form {
        // "năm nay", "năm ngoái", "năm qua", "năm tới", "năm kế tiếp"
        name: "rel_year",
        pattern: |_| {
            r"[Nn]ăm\s+(?P<w>nay|này|ngoái|trước|qua|vừa\s+qua|tới|sau|kế\s+tiếp)(?-u:\b)"
                .to_string()
        },
        resolve: |c| {
            let k = rel_offset(c.str("w")?)?;
            Some(Val::Point(Point::Year(Y::Rel(k as i32))))
        },
    },
    Form {
        // "quý trước", "quý này", "quý tới"
        name: "rel_quarter",
        pattern: |_| r"[Qq]uý\s+(?P<w>này|nay|trước|qua|vừa\s+qua|tới|sau)(?-u:\b)".to_string(),
        resolve: |c| Some(Val::Rel(Rel::Quarter(rel_offset(c.str("w")?)?))),
    },
    Form {
        // "tháng trước", "tháng này", "tháng tới"
        name: "rel_month",
        pattern: |_| r"[Tt]háng\s+(?P<w>này|nay|trước|qua|vừa\s+qua|tới|sau)(?-u:\b)".to_string(),
        resolve: |c| Some(Val::Rel(Rel::Month(rel_offset(c.str("w")?)?))),
    },
    Form {
        // "thứ Ba tuần trước", "thứ Sáu tới", "Chủ nhật vừa qua", "thứ 2 tuần này"
        name: "rel_weekday",
        pattern: |p| {
            format!(
                r"(?P<wd>{wd})\s+(?:(?:tuần|tuần\s+lễ)\s+(?P<w>này|nay|trước|qua|vừa\s+qua|tới|sau)|(?P<n>tới|sắp\s+tới|vừa\s+qua|qua|này|trước))(?-u:\b)",
                wd = p.wd
            )
        },
        resolve: |c| {
            let wd = weekday(c.str("wd")?)?;
            let pick = match (c.str("w"), c.str("n")) {
                (Some(w), _) => WeekPick::InWeek(rel_offset(w)?),
                (_, Some("này")) => WeekPick::InWeek(0),
                (_, Some("tới" | "sắp tới")) => WeekPick::Next,
                (_, Some(_)) => WeekPick::Prev,
                _ => return None,
            };
            Some(Val::Rel(Rel::Weekday(wd, pick)))
        },
    },
    Form {
        // "tuần trước", "tuần này", "tuần tới"
        name: "rel_week",
        pattern: |_| {
            r"[Tt]uần\s+(?:lễ\s+)?(?P<w>này|nay|trước|qua|vừa\s+qua|tới|sau)(?-u:\b)".to_string()
        },
        resolve: |c| Some(Val::Rel(Rel::Week(rel_offset(c.str("w")?)?))),
    },
    Form {
        // "hôm nay", "hôm qua", "ngày mai", "hôm kia", "sáng nay", "chiều qua"
        name: "rel_day",
        pattern: |_| {
            r"(?:(?:[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm|[Kk]huya)\s+(?:(?:ngày\s+)?hôm\s+)?(?P<t>nay|qua|mai|kia)|(?:[Nn]gày\s+)?[Hh]ôm\s+(?P<h>nay|qua|kia)|[Nn]gày\s+(?P<n>mai|kia|hôm\s+nay|hôm\s+qua))(?-u:\b)"
                .to_string()
        },
        resolve: |c| {
            let w = c.str("t").or(c.str("h")).or(c.str("n"))?;
            let from_hom = c.get("h").is_some();
            let k = match w.split_whitespace().last()? {
                "nay" => 0,
                "qua" => -1,
                "mai" => 1,
                // "hôm kia" is two days back, "ngày kia" two days ahead.
                "kia" if from_hom => -2,
                "kia" => 2,
                _ => return None,
            };
            Some(Val::Rel(Rel::Day(k)))
        },
    },
    Form {
        // "cách đây 3 năm", "cách đây hai tuần"
        name: "rel_ago",
        pattern: |p| {
            format!(
                r"(?:(?P<cach>[Cc]ách\s+đây)\s+(?P<k>[0-9]{{1,3}}|{s})\s+(?P<u>ngày|tuần|tháng|quý|năm)|(?P<k2>[0-9]{{1,3}}|{s})\s+(?P<u2>ngày|tuần|tháng|quý|năm)\s+trước)(?-u:\b)",
                s = p.spelled
            )
        },
        resolve: |c| {
            let (k, u) = match c.str("k") {
                Some(k) => (k, c.str("u")?),
                None => (c.str("k2")?, c.str("u2")?),
            };
            let k = number(k).or_else(|| spelled(k))?;
            let g = match u {
                "ngày" => Grain::Day,
                "tuần" => Grain::Week,
                "tháng" => Grain::Month,
                "quý" => Grain::Quarter,
                _ => Grain::Year,
            };
            (k > 0).then_some(Val::Rel(Rel::Ago(g, i64::from(k))))
        },
    },
];

/// The embedded word list of `data/extract/date_words.tsv`.
const DATE_WORDS: &str = include_str!("../../data/extract/date_words.tsv");

/// What a word of `date_words.tsv` decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateWord {
    /// Before "năm qua" & co.: a vague phrase or a count.
    VagueBefore,
    /// Before a bare "d/m": a label, a share or a score.
    NotBeforeBare,
    /// May follow a bare "d/m" date.
    AfterBare,
    /// A heavenly stem, the first word of a year's name in the
    /// sexagenary cycle ("Giáp" of "Giáp Thìn").
    YearStem,
    /// An earthly branch, the second word of a year's name ("Thìn").
    YearBranch,
}

/// The date word lists, by class.
#[derive(Debug, Default)]
pub struct DateWords {
    words: rustc_hash::FxHashSet<(String, DateWord)>,
    /// The stems, as written in the table (capitalized).
    stems: Vec<String>,
    /// The branches, as written in the table (capitalized).
    branches: Vec<String>,
}

impl DateWords {
    /// Whether `word` (lower case) has `class`.
    pub fn is(&self, word: &str, class: DateWord) -> bool {
        self.words.contains(&(word.to_string(), class))
    }
}

/// Parses `date_words.tsv` (`word <TAB> class`): an unknown class or a
/// missing column is an error naming the file and line.
pub fn parse_date_words(file: &str, data: &str) -> Result<DateWords, super::tables::TableError> {
    let mut out = DateWords::default();
    for (i, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| super::tables::TableError {
            file: file.to_string(),
            line: i + 1,
            message,
        };
        let mut cols = line.split('\t').map(str::trim);
        let (Some(word), Some(class)) = (cols.next(), cols.next()) else {
            return Err(err("expected `word<TAB>class`".to_string()));
        };
        let class = match class {
            "vague_before" => DateWord::VagueBefore,
            "not_before_bare" => DateWord::NotBeforeBare,
            "after_bare" => DateWord::AfterBare,
            "year_stem" => DateWord::YearStem,
            "year_branch" => DateWord::YearBranch,
            other => return Err(err(format!("unknown class `{other}`"))),
        };
        match class {
            // Names of a year, read as written, never asked about.
            DateWord::YearStem => out.stems.push(word.to_string()),
            DateWord::YearBranch => out.branches.push(word.to_string()),
            _ => {
                out.words.insert((crate::chars::lowercase(word), class));
            }
        }
    }
    Ok(out)
}

/// Compiles the stage's patterns now rather than on first use.
pub(crate) fn warm() {
    words();
    compiled();
    connector_re();
    bare_end_re();
    coordinator_re();
    year_list_re();
    bare_day_before_re();
    invalid_spans("");
}

fn words() -> &'static DateWords {
    static W: OnceLock<DateWords> = OnceLock::new();
    W.get_or_init(|| match parse_date_words("date_words.tsv", DATE_WORDS) {
        Ok(w) => w,
        // Embedded at build time and checked by a test: a broken table is
        // a build defect, not an input error.
        Err(e) => panic!("embedded table is malformed: {e}"),
    })
}

/// A day with a clock time (groups `d`, `m`, `y`, `t`), as the two
/// date-time forms read it whichever comes first.
fn date_time_val(c: &Caps) -> Option<Val> {
    let d = day(c.num("y")?, c.num("m")?, c.num("d")?)?;
    let (t, g) = parse_time(c.str("t")?)?;
    Some(Val::Point(Point::Time(DateTime::from_parts(d, t), g)))
}

/// A form's pattern as compiled (either tone placement).
fn form_pattern(f: &Form, p: &Parts) -> String {
    crate::tone::either_placement(&(f.pattern)(p))
}

/// Compiles every form's group-reading regex now (see
/// [`super::warm_groups`]).
pub(crate) fn warm_groups() {
    compiled().warm_groups();
}

/// The search over the forms, for tests of its two ways.
#[cfg(test)]
pub(crate) fn scanner() -> &'static super::patterns::Scanner {
    compiled().scanner()
}

/// The forms' search automaton, determinized ahead of time from
/// [`patterns`] (see [`super::patterns::Scanner::with_automaton`]).
pub(crate) const AUTOMATON: &[u8] = include_bytes!("../../data/extract/dates.dfa");

/// The forms' patterns, in [`FORMS`] order.
fn patterns(p: &Parts) -> Vec<String> {
    FORMS.iter().map(|f| form_pattern(f, p)).collect()
}

/// The embedded automaton's file as the patterns make it now.
#[cfg(test)]
pub(crate) fn automaton_now() -> Vec<u8> {
    super::patterns::automaton_file(&patterns(&parts()))
}

/// The forms, searched as one: a match tells its form, whose own pattern
/// reads the groups.
fn compiled() -> &'static Alternatives {
    static C: OnceLock<Alternatives> = OnceLock::new();
    C.get_or_init(|| {
        let p = parts();
        Alternatives::with_automaton(patterns(&p), AUTOMATON)
    })
}

/// One match of one form, before composition.
#[derive(Debug, Clone)]
struct Atom {
    range: Range<usize>,
    val: Val,
}

/// Finds the dates of one line.
pub fn find(line: &str, ctx: &Ctx) -> Found {
    let atoms = scan(line);
    let atoms = compose(line, atoms);
    resolve_all(line, atoms, ctx)
}

/// The first calendar day a line writes with its year, and its byte
/// range: with the time of day when the same form gives one (a date line's
/// "21/2/2024 | 9:30:21 AM"), as (date-time, time given, seconds given).
/// The metadata stage reads date lines through it.
pub fn first_day(line: &str) -> Option<(DateTime, bool, bool, Range<usize>)> {
    // A year is written in ASCII digits: a line without one has none.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut first = None;
    scan_each(line, |a| {
        first = match a.val {
            Val::Point(Point::Time(dt, g)) => Some((dt, true, g == Grain::Second, a.range)),
            Val::Point(Point::Day(Y::Given(y), m, d)) => day(y, i32::from(m), i32::from(d))
                .map(|date| (date.to_datetime(Time::midnight()), false, false, a.range)),
            _ => None,
        };
        if first.is_some() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    first
}

/// Reads one date written alone ("15/5/2016", "ngày 9/5/2024", "14/6"), as
/// document signing dates are: the same forms and the same year rules.
pub fn parse_date_text(s: &str, ctx: &Ctx) -> Option<RawDate> {
    let probe = if s.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        format!("ngày {}", s.trim())
    } else {
        s.trim().to_string()
    };
    let found = find(&probe, ctx);
    found.dates.into_iter().next()
}

fn scan(line: &str) -> Vec<Atom> {
    let mut out = Vec::new();
    scan_each(line, |a| {
        out.push(a);
        ControlFlow::Continue(())
    });
    out
}

/// Gives the matches of [`scan`] to `each` in order, until it breaks
/// (each match is found from the ones before it, never from later ones).
fn scan_each(line: &str, mut each: impl FnMut(Atom) -> ControlFlow<()>) {
    let c = compiled();
    let mut pos = 0;
    while pos <= line.len() {
        let Some((fi, whole)) = c.find_at(line, pos) else {
            break;
        };
        let start = whole.start;
        match read_match(line, c, fi, whole.clone()) {
            Some(atom) => {
                if each(atom).is_break() {
                    return;
                }
                pos = whole.end.max(pos + 1);
            }
            // A rejected match may hide a date starting inside it
            // ("18/09 - 19/09/2018"): search again one character on.
            None => pos = start + char_after(line, start).map_or(1, char::len_utf8),
        }
        while pos < line.len() && !line.is_char_boundary(pos) {
            pos += 1;
        }
    }
}

/// Reads the match `whole` of form `fi` through the form's resolver;
/// `None` when the form rejects it.
fn read_match(line: &str, c: &Alternatives, fi: usize, whole: Range<usize>) -> Option<Atom> {
    let form = FORMS.get(fi)?;
    let groups = c.groups(line, fi, whole.clone())?;
    let cap = Caps { groups: &groups };
    // Some forms' text is only part of the match (the cue word stays out).
    let mut range = cap.get("date").map_or(whole, |m| m.range());
    if let Some(tod) = cap.get("tod") {
        range.start = tod.start();
    }
    if form.name == "year_range"
        && cap.get("lead").is_none()
        && let Some(nam) = cap.get("nam")
        && prev_word(line, nam.start()).is_some_and(|(_, w)| is_number_word(w))
    {
        // "kế hoạch 5 năm 2021 - 2025": "5 năm" is a figure.
        range.start = cap.get("y1").map_or(range.start, |m| m.start());
    }
    if !(isolated(line, &range) || starts_range(line, &range)) || vague(line, form.name, &range) {
        return None;
    }
    // "3/12 huyện" is a share, "tháng 3 lần" no month; "tối 26-6 tỉnh
    // họp" is a date all the same.
    // "từ 1000 đến 2000 đồng": an amount, not a year.
    if form.name == "year_cued" && followed_by_unit(line, range.end) {
        return None;
    }
    if matches!(form.name, "day_month_cued" | "month")
        && cap.get("tod").is_none()
        && followed_by_noun(line, range.end)
    {
        return None;
    }
    if form.name == "month" && prev_word(line, range.start).is_some_and(|(_, w)| is_number_word(w))
    {
        return None;
    }
    if form.name == "day_month_bare" && !bare_day_month_ok(line, &range) {
        return None;
    }
    // "từ 1-5 hổ con" is a range of numbers; "từ 30-4 đến 3-5" dates.
    if form.name == "day_month_cued"
        && cap.get("tod").is_none()
        && line[range.clone()].contains('-')
        && !closes_date(line, range.end)
    {
        return None;
    }
    if form.name == "rel_ago"
        && cap.get("cach").is_none()
        && !line[range.end..]
            .trim_start()
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ',' | '.' | ';' | ':' | ')' | '(' | '!' | '?'))
    {
        // "3 năm trước, ..." is a date; "3 năm trước khi ..." is not.
        return None;
    }
    let val = (form.resolve)(&cap)?;
    Some(Atom { range, val })
}

/// Whether a relative match is a vague phrase or a comparison, not a date
/// ("những năm qua", "3 năm trước", "năm sau cao hơn năm trước").
fn vague(line: &str, form: &str, range: &Range<usize>) -> bool {
    if !form.starts_with("rel_") || form == "rel_ago" || form == "rel_day" {
        return false;
    }
    let text = &line[range.clone()];
    if let Some((_, prev)) = prev_word(line, range.start) {
        let p = crate::tone::key(&crate::chars::lowercase(prev));
        if words().is(&p, DateWord::VagueBefore) || is_number_word(prev) {
            return true;
        }
    }
    if form == "rel_year" {
        let last = text.split_whitespace().last().unwrap_or("");
        if let Some((_, nw)) = next_word(line, range.end)
            && matches!(nw, "cao" | "thấp" | "hơn" | "tăng" | "giảm" | "nữa")
            && matches!(last, "sau" | "tới")
        {
            return true;
        }
        let mut from = range.start.saturating_sub(40);
        while !line.is_char_boundary(from) {
            from += 1;
        }
        if last == "trước" && line[from..range.start].to_lowercase().contains("năm sau") {
            return true;
        }
    }
    false
}

fn is_number_word(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
        || tables().numerals.contains_key(&crate::chars::lowercase(w))
}

/// Range connectors between two dates.
fn connector_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| super::patterns::compile(r"^\s*(?:-|–|—|đến(?:\s+hết)?|tới)\s*"))
}

/// A bare end after a connector: "8/6" (day), "5/2010" (month), "2025" (year).
fn bare_end_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(
            r"^(?:(?:ngày\s*)?(?P<d>[0-9]{1,2})[/.-](?P<dm>[0-9]{1,2})(?:[/.-](?P<dy>(?:19|20)[0-9]{2}))?|(?:tháng\s*)?(?P<m>[0-9]{1,2})[/-](?P<my>(?:19|20)[0-9]{2}))",
        )
    })
}

/// Coordinators between a partial date and a dated one.
fn coordinator_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(r"^\s*(?:,\s*)?(?:và|cùng|hoặc|,|;)\s*(?:cả\s+|toàn\s+)?$")
    })
}

/// Further years of a list after a year ("năm 2015, 2016 và 2017").
fn year_list_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(r"^\s*(?:,|và|;)\s*(?:năm\s+)?(?P<y>(?:19|20)[0-9]{2})(?-u:\b)")
    })
}

/// Composes atoms: ranges into intervals, year lists, coordinated years.
fn compose(line: &str, atoms: Vec<Atom>) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len());
    let mut i = 0;
    while i < atoms.len() {
        let mut a = atoms[i].clone();
        i += 1;
        let Val::Point(pa) = a.val else {
            out.push(a);
            continue;
        };
        let tail = &line[a.range.end..];
        if let Some(conn) = connector_re().find(tail) {
            let at = a.range.end + conn.end();
            // The next atom starts right after the connector.
            if let Some(b) = atoms.get(i).filter(|b| b.range.start == at)
                && let Val::Point(pb) = b.val
                && let Some((p1, p2)) = share(pa, pb)
            {
                a = Atom {
                    range: with_tu(line, a.range.start)..b.range.end,
                    val: Val::Span(p1, p2),
                };
                i += 1;
                out.push(a);
                continue;
            }
            // A bare end: "ngày 20/5-8/6", "tháng 1/2004 - 5/2010".
            if let Some(c) = bare_end_re().captures(&line[at..])
                && let Some(pb) = bare_end(&c, pa)
                && let Some((p1, p2)) = share(pa, pb)
                && let Some(m) = c.get(0)
                && !glued_after(line, at + m.end())
            {
                out.push(Atom {
                    range: with_tu(line, a.range.start)..at + m.end(),
                    val: Val::Span(p1, p2),
                });
                continue;
            }
        }
        out.push(a);
    }
    // A bare "d/m" then a connector and a day: "từ 18/09 - 19/09/2018".
    let mut extra = Vec::new();
    for a in &mut out {
        if let Val::Point(pb @ Point::Day(..)) = a.val {
            let head = &line[..a.range.start];
            let Some(conn_start) = head
                .trim_end()
                .strip_suffix(['-', '–', '—'])
                .map(|h| h.trim_end().len())
            else {
                continue;
            };
            let head = &line[..conn_start];
            if let Some(c) = bare_day_before_re().captures(head)
                && let (Some(d), Some(m)) = (
                    c.name("d").and_then(|x| number(x.as_str())),
                    c.name("m").and_then(|x| number(x.as_str())),
                )
                && let Some(pa) = point_day(Y::Missing, m, d).and_then(|v| match v {
                    Val::Point(p) => Some(p),
                    _ => None,
                })
                && let Some((p1, p2)) = share(pa, pb)
                && let Some(whole) = c.get(0)
                && isolated(line, &(whole.start()..a.range.end))
            {
                a.range.start = whole.start();
                a.val = Val::Span(p1, p2);
            }
        }
    }
    // Year lists: "năm 2015, 2016 và 2017".
    for a in &out {
        if let Val::Point(Point::Year(Y::Given(_))) = a.val {
            let mut pos = a.range.end;
            while let Some(c) = year_list_re().captures(&line[pos..]) {
                let (Some(m), Some(y)) = (c.name("y"), c.get(0)) else {
                    break;
                };
                let r = pos + m.start()..pos + m.end();
                if !isolated(line, &r) {
                    break;
                }
                if let Some(v) = number(m.as_str()) {
                    extra.push(Atom {
                        range: r,
                        val: Val::Point(Point::Year(Y::Given(v))),
                    });
                }
                pos += y.end();
            }
        }
    }
    out.extend(extra);
    out.sort_by_key(|a| (a.range.start, std::cmp::Reverse(a.range.end)));
    let mut kept: Vec<Atom> = Vec::with_capacity(out.len());
    for a in out {
        if kept.last().is_none_or(|l| a.range.start >= l.range.end) {
            kept.push(a);
        }
    }
    // A partial date coordinated with a dated one takes its year.
    for i in 0..kept.len().saturating_sub(1) {
        let (head, rest) = kept.split_at_mut(i + 1);
        let (a, b) = (&mut head[i], &rest[0]);
        let gap = line.get(a.range.end..b.range.start).unwrap_or("x");
        if let Some(y) = given_year(&b.val)
            && coordinator_re().is_match(gap)
        {
            a.val = fill_year(a.val, y);
        }
    }
    kept
}

/// A bare "d/m" ending `head`, with an optional "từ (ngày)".
fn bare_day_before_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(
            r"(?:[Tt]ừ\s+(?:ngày\s*)?|[Nn]gày\s*)?(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})\s*$",
        )
    })
}

/// The start of a range, "từ" included when it stands right before.
fn with_tu(line: &str, start: usize) -> usize {
    let head = &line[..start];
    let t = head.trim_end();
    for w in ["từ", "Từ"] {
        if let Some(h) = t.strip_suffix(w)
            && (h.is_empty() || h.ends_with(|c: char| !c.is_alnum()))
        {
            return h.len();
        }
    }
    start
}

/// Reads a bare end after a connector, in the grain of the first end.
fn bare_end(c: &Captures, first: Point) -> Option<Point> {
    match first {
        Point::Day(..) | Point::Time(..) => {
            let (d, m) = (
                number(c.name("d")?.as_str())?,
                number(c.name("dm")?.as_str())?,
            );
            let y = c
                .name("dy")
                .and_then(|y| number(y.as_str()))
                .map_or(Y::Missing, Y::Given);
            match point_day(y, m, d)? {
                Val::Point(p) => Some(p),
                _ => None,
            }
        }
        Point::Month(..) => {
            let m = number(c.name("m")?.as_str())?;
            let y = number(c.name("my")?.as_str())?;
            month_ok(m).then_some(Point::Month(Y::Given(y), m as i8))
        }
        _ => None,
    }
}

fn year_of(p: &Point) -> Y {
    match *p {
        Point::Time(dt, _) => Y::Given(i32::from(dt.year())),
        Point::Day(y, ..) | Point::Month(y, _) | Point::Quarter(y, _) | Point::Year(y) => y,
    }
}

fn set_year(p: Point, y: Y) -> Point {
    match p {
        Point::Day(Y::Missing, m, d) => Point::Day(y, m, d),
        Point::Month(Y::Missing, m) => Point::Month(y, m),
        Point::Quarter(Y::Missing, q) => Point::Quarter(y, q),
        other => other,
    }
}

/// The two ends of a range sharing the year written once; `None` when
/// they cannot be one interval.
fn share(a: Point, b: Point) -> Option<(Point, Point)> {
    if matches!(a, Point::Year(Y::Rel(_))) || matches!(b, Point::Year(Y::Rel(_))) {
        return None;
    }
    let (ya, yb) = (year_of(&a), year_of(&b));
    let (a, b) = match (ya, yb) {
        (Y::Missing, Y::Given(_) | Y::Rel(_)) => (set_year(a, yb), b),
        (Y::Given(_) | Y::Rel(_), Y::Missing) => (a, set_year(b, ya)),
        _ => (a, b),
    };
    Some((a, b))
}

fn given_year(v: &Val) -> Option<Y> {
    let p = match v {
        Val::Point(p) => p,
        Val::Span(p, _) => p,
        Val::Rel(_) => return None,
    };
    match year_of(p) {
        y @ (Y::Given(_) | Y::Rel(_)) => Some(y),
        Y::Missing => None,
    }
}

fn fill_year(v: Val, y: Y) -> Val {
    match v {
        Val::Point(p) => Val::Point(set_year(p, y)),
        Val::Span(a, b) => Val::Span(set_year(a, y), set_year(b, y)),
        other => other,
    }
}

/// Resolves years and relative expressions; counts what needed an article
/// date that is missing.
fn resolve_all(line: &str, atoms: Vec<Atom>, ctx: &Ctx) -> Found {
    let mut found = Found::default();
    // Anchors: dated points of the line, for relative expressions in the same sentence.
    let anchors: Vec<(usize, Point)> = atoms
        .iter()
        .filter_map(|a| match a.val {
            Val::Point(p) if !matches!(year_of(&p), Y::Rel(_)) => Some((a.range.end, p)),
            _ => None,
        })
        .collect();
    let starts: Vec<usize> = atoms.iter().map(|a| a.range.start).collect();
    let sentence_ends = sentence_ends(line);
    for (i, a) in atoms.into_iter().enumerate() {
        // "Hôm nay (21/2)": the date in parentheses restates the relative
        // one; it alone is the item.
        if matches!(a.val, Val::Rel(_))
            && starts.get(i + 1).is_some_and(|&next| {
                line.get(a.range.end..next)
                    .is_some_and(|gap| gap.trim() == "(")
            })
        {
            continue;
        }
        let needs_rel = matches!(a.val, Val::Rel(_))
            || matches!(a.val, Val::Point(p) | Val::Span(p, _) if matches!(year_of(&p), Y::Rel(_)));
        // The nearest dated point before it, if in the same sentence (both
        // found by binary search: linear on a huge one-line input).
        let anchor = needs_rel
            .then(|| anchors.partition_point(|(end, _)| *end <= a.range.start))
            .and_then(|k| k.checked_sub(1))
            .and_then(|k| anchors.get(k))
            .filter(|(end, _)| {
                sentence_of(&sentence_ends, *end) == sentence_of(&sentence_ends, a.range.start)
            })
            .map(|(_, p)| *p);
        match resolve(a.val, anchor, ctx) {
            Some((value, grain, relative)) => found.dates.push(RawDate {
                range: a.range,
                value,
                grain,
                relative,
            }),
            None if needs_rel && ctx.published.is_none() => found.unresolved += 1,
            None => {}
        }
    }
    found
}

/// Byte positions of sentence ends in a line: ".", "!", "?" or ";" before
/// white space.
fn sentence_ends(line: &str) -> Vec<usize> {
    line.char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';') && line[i + 1..].starts_with(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The index of the sentence holding byte `pos`: two positions are in one
/// sentence when no sentence end stands between them.
fn sentence_of(ends: &[usize], pos: usize) -> usize {
    ends.partition_point(|&e| e < pos)
}

/// A point's year resolved: (year, relative).
fn resolve_year(y: Y, anchor: Option<Point>, ctx: &Ctx) -> Option<Option<(i32, bool)>> {
    Some(match y {
        Y::Given(y) => Some((y, false)),
        Y::Rel(k) => {
            // "năm trước" counts from a year named in the same sentence.
            if k != 0
                && let Some(a) = anchor
                && let Some(Some((ay, arel))) = resolve_year(year_of(&a), None, ctx)
                && !matches!(year_of(&a), Y::Rel(_))
            {
                Some((ay + k, arel))
            } else {
                let p = ctx.published?;
                Some((i32::from(p.year()) + k, true))
            }
        }
        Y::Missing => match (ctx.published, ctx.period_year) {
            (Some(p), _) => Some((i32::from(p.year()), true)),
            (None, Some(y)) => Some((y, false)),
            (None, None) => None,
        },
    })
}

fn format_point(
    p: Point,
    anchor: Option<Point>,
    ctx: &Ctx,
) -> Option<(String, Grain, bool, Option<Date>)> {
    match p {
        Point::Time(dt, g) => {
            let fmt = if g == Grain::Second {
                "%Y-%m-%dT%H:%M:%S"
            } else {
                "%Y-%m-%dT%H:%M"
            };
            Some((dt.strftime(fmt).to_string(), g, false, Some(dt.date())))
        }
        Point::Day(y, m, d) => match resolve_year(y, anchor, ctx)? {
            Some((y, rel)) => {
                let dd = day(y, i32::from(m), i32::from(d))?;
                Some((iso_day(dd), Grain::Day, rel, Some(dd)))
            }
            None => Some((format!("--{m:02}-{d:02}"), Grain::Day, false, None)),
        },
        Point::Month(y, m) => match resolve_year(y, anchor, ctx)? {
            Some((y, rel)) => Some((
                format!("{y:04}-{m:02}"),
                Grain::Month,
                rel,
                day(y, i32::from(m), 1),
            )),
            None => Some((format!("--{m:02}"), Grain::Month, false, None)),
        },
        Point::Quarter(y, q) => match resolve_year(y, anchor, ctx)? {
            Some((y, rel)) => Some((
                format!("{y:04}-Q{q}"),
                Grain::Quarter,
                rel,
                day(y, i32::from(q) * 3 - 2, 1),
            )),
            None => Some((format!("--Q{q}"), Grain::Quarter, false, None)),
        },
        Point::Year(y) => {
            let (y, rel) = resolve_year(y, anchor, ctx)??;
            Some((format!("{y:04}"), Grain::Year, rel, day(y, 1, 1)))
        }
    }
}

fn grain_rank(g: Grain) -> u8 {
    match g {
        Grain::Second => 0,
        Grain::Minute => 1,
        Grain::Day => 2,
        Grain::Week => 3,
        Grain::Month => 4,
        Grain::Quarter => 5,
        Grain::Year => 6,
    }
}

/// A value resolved: (ISO value, grain, relative).
fn resolve(v: Val, anchor: Option<Point>, ctx: &Ctx) -> Option<(String, Grain, bool)> {
    match v {
        Val::Point(p) => format_point(p, anchor, ctx).map(|(s, g, r, _)| (s, g, r)),
        Val::Span(a, b) => {
            let (sa, ga, ra, da) = format_point(a, anchor, ctx)?;
            let (sb, gb, rb, db) = format_point(b, anchor, ctx)?;
            // Both ends dated: the second may not come first, and a range
            // from a day to itself is no range ("(4-1-4-1)").
            if sa == sb || da.zip(db).is_some_and(|(da, db)| db < da) {
                return None;
            }
            let g = if grain_rank(ga) <= grain_rank(gb) {
                ga
            } else {
                gb
            };
            Some((format!("{sa}/{sb}"), g, ra || rb))
        }
        Val::Rel(r) => {
            // Day-level relatives count from a day named in the sentence, if any.
            let (base, relative) = match anchor {
                Some(Point::Day(Y::Given(y), m, d)) if !matches!(r, Rel::Day(0)) => {
                    (day(y, i32::from(m), i32::from(d))?, false)
                }
                Some(Point::Time(dt, _)) if !matches!(r, Rel::Day(0)) => (dt.date(), false),
                Some(Point::Month(Y::Given(y), m)) if matches!(r, Rel::Month(k) if k != 0) => {
                    (day(y, i32::from(m), 1)?, false)
                }
                Some(Point::Quarter(Y::Given(y), q)) if matches!(r, Rel::Quarter(k) if k != 0) => {
                    (day(y, i32::from(q) * 3 - 2, 1)?, false)
                }
                _ => (ctx.published?, true),
            };
            let (value, grain) = relative_value(r, base)?;
            Some((value, grain, relative))
        }
    }
}

/// The value of a relative expression counted from `base`.
fn relative_value(r: Rel, base: Date) -> Option<(String, Grain)> {
    Some(match r {
        Rel::Day(k) => (iso_day(base.checked_add(k.days()).ok()?), Grain::Day),
        Rel::Weekday(wd, pick) => {
            let d = match pick {
                WeekPick::InWeek(k) => {
                    let monday = base
                        .checked_sub(i64::from(base.weekday().to_monday_zero_offset()).days())
                        .ok()?;
                    monday
                        .checked_add((k * 7 + i64::from(wd.to_monday_zero_offset())).days())
                        .ok()?
                }
                WeekPick::Next => base.nth_weekday(1, wd).ok()?,
                WeekPick::Prev => base.nth_weekday(-1, wd).ok()?,
            };
            (iso_day(d), Grain::Day)
        }
        Rel::Week(k) => (
            iso_week(base.checked_add((k * 7).days()).ok()?),
            Grain::Week,
        ),
        Rel::Month(k) => {
            let d = base.first_of_month().checked_add(k.months()).ok()?;
            (format!("{:04}-{:02}", d.year(), d.month()), Grain::Month)
        }
        Rel::Quarter(k) => {
            let q0 = (i64::from(base.month()) - 1) / 3;
            let idx = i64::from(base.year()) * 4 + q0 + k;
            let (y, q) = (idx.div_euclid(4), idx.rem_euclid(4) + 1);
            (format!("{y:04}-Q{q}"), Grain::Quarter)
        }
        Rel::Ago(g, k) => match g {
            Grain::Day => (iso_day(base.checked_sub(k.days()).ok()?), Grain::Day),
            Grain::Week => (
                iso_week(base.checked_sub((k * 7).days()).ok()?),
                Grain::Week,
            ),
            Grain::Month => {
                let d = base.first_of_month().checked_sub(k.months()).ok()?;
                (format!("{:04}-{:02}", d.year(), d.month()), Grain::Month)
            }
            Grain::Quarter => return relative_value(Rel::Quarter(-k), base),
            _ => {
                let d = base.checked_sub(k.years()).ok()?;
                (format!("{:04}", d.year()), Grain::Year)
            }
        },
    })
}

fn iso_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The offset a relative word means: nay/này 0; trước/qua/ngoái -1; tới/sau +1.
fn rel_offset(w: &str) -> Option<i64> {
    match w.split_whitespace().last()? {
        "nay" | "này" => Some(0),
        "trước" | "qua" | "ngoái" => Some(-1),
        "tới" | "sau" | "tiếp" => Some(1),
        _ => None,
    }
}

fn rel_year_word(s: &str) -> Option<i32> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    rel_offset(s).map(|k| k as i32)
}

fn weekday(s: &str) -> Option<Weekday> {
    let w = crate::chars::lowercase(s);
    let last = w.split_whitespace().last()?;
    Some(match last {
        "hai" | "2" => Weekday::Monday,
        "ba" | "3" => Weekday::Tuesday,
        "tư" | "4" => Weekday::Wednesday,
        "năm" | "5" => Weekday::Thursday,
        "sáu" | "6" => Weekday::Friday,
        "bảy" | "7" => Weekday::Saturday,
        "nhật" => Weekday::Sunday,
        _ => return None,
    })
}

fn number(s: &str) -> Option<i32> {
    s.trim().parse().ok()
}

/// A spelled-out day, month or year: "mười lăm", "hai nghìn không trăm
/// hai mươi" (2020), "một nghìn chín trăm bảy mươi lăm" (1975).
fn spelled(s: &str) -> Option<i32> {
    let words: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let below_1000 = |w: &[&str]| -> Option<u64> {
        let w = match w {
            ["không", "trăm", rest @ ..] => rest,
            w => w,
        };
        let w = match w {
            ["linh" | "lẻ", rest @ ..] => rest,
            w => w,
        };
        if w.is_empty() {
            return Some(0);
        }
        super::numbers::parse_spelled(w)
    };
    let v = match words.iter().position(|w| matches!(*w, "nghìn" | "ngàn")) {
        Some(k) => {
            let th = if k == 0 {
                Some(1)
            } else {
                super::numbers::parse_spelled(&words[..k])
            }?;
            th.checked_mul(1000)?
                .checked_add(below_1000(&words[k + 1..])?)?
        }
        None => below_1000(&words).filter(|_| !words.is_empty())?,
    };
    i32::try_from(v).ok()
}

fn year_number(s: &str) -> Option<i32> {
    number(s).filter(|y| (1800..=2099).contains(y))
}

/// "19" in "ngày 7/5/19": 2019; "98": 1998.
fn two_digit_year(yy: i32) -> i32 {
    if yy < 50 { 2000 + yy } else { 1900 + yy }
}

fn month_value(s: &str) -> Option<i32> {
    if let Some(n) = number(s) {
        return month_ok(n).then_some(n);
    }
    let w = crate::chars::lowercase(s);
    let w: Vec<&str> = w.split_whitespace().collect();
    let m = match w.as_slice() {
        ["mười", "một"] => 11,
        ["mười", "hai"] => 12,
        ["mười"] => 10,
        ["giêng"] | ["một"] => 1,
        ["chạp"] => 12,
        ["hai"] => 2,
        ["ba"] => 3,
        ["tư"] | ["bốn"] => 4,
        ["năm"] => 5,
        ["sáu"] => 6,
        ["bảy"] => 7,
        ["tám"] => 8,
        ["chín"] => 9,
        _ => return spelled(s).filter(|m| month_ok(*m)),
    };
    Some(m)
}

fn day_value(s: &str) -> Option<i32> {
    number(s).or_else(|| spelled(s))
}

fn quarter_value(s: &str) -> Option<i32> {
    match s {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
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

/// A day point, checked: a valid day in its year, or in some year (29/2)
/// when the year is not written.
fn point_day(y: Y, m: i32, d: i32) -> Option<Val> {
    let check_year = match y {
        Y::Given(y) => y,
        _ => 2024,
    };
    day(check_year, m, d)?;
    Some(Val::Point(Point::Day(y, m as i8, d as i8)))
}

fn span_days(y1: Y, m1: i32, d1: i32, y2: Y, m2: i32, d2: i32) -> Option<Val> {
    let (Val::Point(a), Val::Point(b)) = (point_day(y1, m1, d1)?, point_day(y2, m2, d2)?) else {
        return None;
    };
    let (a, b) = share(a, b)?;
    Some(Val::Span(a, b))
}

/// Parses "h:mm(:ss) (AM|PM)" or "9h30" into a time and its grain.
fn parse_time(s: &str) -> Option<(Time, Grain)> {
    let s = s.trim();
    let (clock, ampm) = match s.find(|c: char| c.is_ascii_alphabetic() && c != 'h') {
        Some(i) => (s[..i].trim(), Some(s[i..].trim().to_ascii_uppercase())),
        None => (s, None),
    };
    let parts: Vec<i32> = clock
        .split([':', 'h'])
        .filter_map(|p| p.trim().parse().ok())
        .collect();
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

/// Whether the match at `range` stands alone: no digits or letters glued
/// before or after, and not part of a document code ("12/2017/QH14").
fn isolated(line: &str, range: &Range<usize>) -> bool {
    let text = &line[range.clone()];
    let starts_digit = text.starts_with(|c: char| c.is_ascii_digit());
    let ends_digit = text.ends_with(|c: char| c.is_ascii_digit());
    !(starts_digit && glued_before(line, range.start) || ends_digit && glued_after(line, range.end))
}

/// Whether a character pair glues a number to what stands beside it: a
/// letter or digit, "/" before a letter or digit, ".,-" before a digit.
fn glues(c: Option<char>, far: Option<char>) -> bool {
    match c {
        Some(c) if c.is_alnum() => true,
        Some('/') => far.is_some_and(crate::chars::is_alnum),
        Some('.' | ',' | '-') => far.is_some_and(|f| f.is_ascii_digit()),
        _ => false,
    }
}

fn glued_before(line: &str, pos: usize) -> bool {
    let before = char_before(line, pos);
    let far = pos
        .checked_sub(before.map_or(0, char::len_utf8))
        .and_then(|s| char_before(line, s));
    glues(before, far)
}

fn glued_after(line: &str, pos: usize) -> bool {
    let after = char_after(line, pos);
    let far = char_after(line, pos + after.map_or(0, char::len_utf8));
    glues(after, far)
}

/// Whether a match glued to a dash and a bare date is the first end of a
/// range ("ngày 20/5-8/6"): its start stands alone and a bare end follows.
fn starts_range(line: &str, range: &Range<usize>) -> bool {
    let head_ok = !glued_before(line, range.start);
    let tail = &line[range.end..];
    head_ok
        && connector_re()
            .find(tail)
            .is_some_and(|c| c.end() > 0 && bare_end_re().is_match(&tail[c.end()..]))
}

/// Whether a bare "d/m" is a date: it stands alone, no label or number
/// word before it and no counted noun, unit or "số" after it.
fn bare_day_month_ok(line: &str, range: &Range<usize>) -> bool {
    if let Some((_, w)) = prev_word(line, range.start) {
        let w = crate::chars::lowercase(w);
        if words().is(&w, DateWord::NotBeforeBare) || is_number_word(&w) {
            return false;
        }
    }
    if char_before(line, range.start)
        .is_some_and(|c| matches!(c, '/' | '-' | '.' | ',' | '+' | '%'))
    {
        return false;
    }
    // "24/7" is round the clock, not the 24th of July.
    if &line[range.clone()] == "24/7" {
        return false;
    }
    closes_date(line, range.end)
}

/// Whether what follows `pos` closes a date: punctuation, the end, or a
/// word that goes on a sentence after a date ("hôm 26/4 vừa qua", "30/4 và
/// 1/5", "đến 3-5").
fn closes_date(line: &str, pos: usize) -> bool {
    let after = line[pos..].trim_start();
    if connector_re().is_match(after) && after.starts_with(['đ', 't']) {
        return true;
    }
    match after.chars().next() {
        None => true,
        Some(',' | '.' | ';' | ':' | ')' | '!' | '?' | '"' | '”') => true,
        Some(_) => next_word(line, pos)
            .is_some_and(|(_, w)| words().is(&crate::chars::lowercase(w), DateWord::AfterBare)),
    }
}

/// Whether a unit of money or measure, or a scale word, follows `pos`.
fn followed_by_unit(line: &str, pos: usize) -> bool {
    let Some((_, w)) = next_word(line, pos) else {
        return false;
    };
    let t = tables();
    let w = crate::chars::lowercase(w);
    t.units.iter().any(|u| u.surface == w && u.name != "năm") || t.scales.contains_key(&w)
}

/// Whether a counted noun or unit follows `pos` ("3/12 huyện" is not a date).
fn followed_by_noun(line: &str, pos: usize) -> bool {
    let Some((_, w)) = next_word(line, pos) else {
        return false;
    };
    let t = tables();
    let w = crate::chars::lowercase(w);
    t.counted
        .iter()
        .any(|c| c.split(' ').next() == Some(w.as_str()))
        || t.units.iter().any(|u| u.surface == w && u.name != "năm")
        || t.scales.contains_key(&w)
}

/// The one year the title or lead states as the article's period: the
/// first single date with a year written (not an interval, not relative).
pub fn period_year(lines: &[&str]) -> Option<i32> {
    let ctx = Ctx::default();
    lines.iter().find_map(|line| {
        let items = super::extract_line(line, &ctx);
        items.dates.iter().find_map(|d| {
            if d.relative || d.value.contains('/') || d.value.starts_with("--") {
                return None;
            }
            d.value.get(..4).and_then(|y| y.parse().ok())
        })
    })
}

/// Ranges shaped like dates, valid or not ("31/2/2024", "ngày 31/2"): their
/// numbers are never figures.
pub fn invalid_spans(line: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        super::patterns::compile(r"(?:[Nn]gày\s*)?[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:19|20)[0-9]{2}|[Nn]gày\s*[0-9]{1,2}[/-][0-9]{1,2}|[Qq]uý\s+[IVX]+(?-u:\b)")
    });
    re.find_iter(line).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(p: Option<&str>) -> Ctx {
        Ctx {
            published: p.and_then(|s| s.parse().ok()),
            period_year: None,
        }
    }

    fn vals(line: &str, p: Option<&str>) -> Vec<(String, String, bool)> {
        find(line, &ctx(p))
            .dates
            .into_iter()
            .map(|d| (line[d.range].to_string(), d.value, d.relative))
            .collect()
    }

    #[test]
    fn every_form_compiles_into_one_pattern_with_its_own_groups() {
        let c = compiled();
        assert_eq!(c.pattern_count(), FORMS.len());
        for (i, f) in FORMS.iter().enumerate() {
            let names = c.group_names(i).expect("a form per pattern");
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(
                unique.len(),
                names.len(),
                "{}: group names are unique",
                f.name
            );
        }
        assert!(c.group_names(FORMS.len()).is_none());
        let mut names: Vec<&str> = FORMS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FORMS.len(), "form names are unique");
    }

    #[test]
    fn relative_days_weeks_and_weekdays() {
        let p = Some("2024-02-21"); // a Wednesday, ISO week 8
        assert_eq!(vals("Hôm qua, tỉnh họp.", p)[0].1, "2024-02-20");
        assert_eq!(vals("Sáng nay, tỉnh họp.", p)[0].1, "2024-02-21");
        assert_eq!(vals("Ngày mai tỉnh họp.", p)[0].1, "2024-02-22");
        assert_eq!(vals("Hôm kia tỉnh họp.", p)[0].1, "2024-02-19");
        assert_eq!(vals("họp vào thứ Ba tuần trước", p)[0].1, "2024-02-13");
        assert_eq!(vals("họp vào thứ Sáu tới", p)[0].1, "2024-02-23");
        assert_eq!(vals("họp vào Chủ nhật vừa qua", p)[0].1, "2024-02-18");
        assert_eq!(vals("trong tuần trước", p)[0].1, "2024-W07");
        assert_eq!(vals("kế hoạch tháng tới", p)[0].1, "2024-03");
        assert_eq!(vals("kết quả quý trước", p)[0].1, "2023-Q4");
        assert_eq!(vals("năm ngoái", p)[0].1, "2023");
    }

    #[test]
    fn relative_without_article_date_is_counted_not_guessed() {
        let f = find("Hôm qua và năm ngoái.", &ctx(None));
        assert!(f.dates.is_empty());
        assert_eq!(f.unresolved, 2);
    }

    #[test]
    fn anchor_in_the_same_sentence_wins() {
        let v = vals("GDP năm 2023 tăng 5% so với năm trước.", None);
        assert_eq!(v[1], ("năm trước".into(), "2022".into(), false));
    }

    #[test]
    fn ranges_share_the_year_written_once() {
        let v = vals("từ ngày 20/5-8/6/2024 và 18/09 - 19/09/2018", None);
        assert_eq!(v[0].1, "2024-05-20/2024-06-08");
        assert_eq!(v[1].1, "2018-09-18/2018-09-19");
        let v = vals("từ tháng 1/2004 - 5/2010", None);
        assert_eq!(v[0].1, "2004-01/2010-05");
        let v = vals("từ quý III/2017 đến ngày 30/11/2017", None);
        assert_eq!(v[0].1, "2017-Q3/2017-11-30");
    }

    #[test]
    fn words_glued_and_lists() {
        assert_eq!(
            vals("ngày 12 tháng mười hai năm 2023", None)[0].1,
            "2023-12-12"
        );
        assert_eq!(vals("mồng 3 tháng 3", None)[0].1, "--03-03");
        assert_eq!(vals("vào ngày7/5/2019", None)[0].1, "2019-05-07");
        assert_eq!(vals("từ năm2010", None)[0].1, "2010");
        let v = vals("các năm 2015, 2016 và 2017", None);
        let got: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(got, ["2015", "2016", "2017"]);
    }

    #[test]
    fn codes_and_impossible_dates_are_not_dates() {
        assert!(vals("theo 12/2017/QH14", None).is_empty());
        assert!(vals("ngày 31/2/2024", None).is_empty());
        assert!(vals("quý V năm 2024", None).iter().all(|v| v.1 == "2024"));
    }

    #[test]
    fn date_words_parse_and_reject_unknown_classes() {
        let w = parse_date_words("date_words.tsv", DATE_WORDS).expect("embedded table parses");
        assert!(w.is("những", DateWord::VagueBefore));
        assert!(w.is("thắng", DateWord::NotBeforeBare));
        assert!(w.is("và", DateWord::AfterBare));
        let e = parse_date_words("x.tsv", "# c\nhôm\tsometimes\n").expect_err("unknown class");
        assert_eq!(e.line, 2);
        assert_eq!(
            e.to_string(),
            "data/extract/x.tsv:2: unknown class `sometimes`"
        );
    }

    #[test]
    fn long_floods_stay_linear() {
        let line = "ngày ".repeat(100_000);
        assert!(find(&line, &ctx(None)).dates.is_empty());
        // A range with 1,000 ends: pairs at most, every span inside the line.
        let ends: Vec<String> = (0..1000)
            .map(|i| format!("{}/{}", i % 28 + 1, i % 12 + 1))
            .collect();
        let line = format!("từ ngày {}", ends.join("-"));
        let found = find(&line, &ctx(Some("2024-02-21")));
        assert!(found.dates.len() <= 1000);
        assert!(found.dates.iter().all(|d| d.range.end <= line.len()));
        // Impossible dates are no dates.
        let v = vals("ngày 31/2/2024, ngày 30/2, tháng 13/2024, quý V/2024", None);
        assert!(v.is_empty(), "{v:?}");
    }
}
