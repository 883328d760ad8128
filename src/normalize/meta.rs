//! Article metadata from classified lines: the published date-time, the
//! dateline place, bylines, source credits and tags.

use super::markers::{MarkerKind, Markers, fold};
use crate::chars::CharExt;
use jiff::civil::{DateTime, Time};
use regex::Regex;
use std::sync::OnceLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// "9:30:21 AM", "16:21", "07h21", "16 giờ 21"
/// Compiles the metadata patterns now rather than on first use.
pub(crate) fn warm() {
    time_re();
}

fn time_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"(?i)\b(\d{1,2})\s?(?::|h|giờ)\s?(\d{2})(?:\s?:\s?(\d{2}))?(?:\s?(am|pm|sa|ch)\b)?")
    })
}

/// Longest line (bytes) read as a date line.
const MAX_DATE_LINE: usize = 240;

/// A date-time found in one line, with how much of the line it explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDateTime {
    /// The value; midnight when the line has no time.
    pub value: DateTime,
    /// Whether the line gave a time of day.
    pub has_time: bool,
    /// Whether the time gave seconds.
    pub has_seconds: bool,
    /// Whether the line is nothing but a date line (markers, weekday,
    /// date, time, zone, separators).
    pub whole_line: bool,
}

impl FoundDateTime {
    /// ISO 8601: `2024-02-21T09:30:21`, or `2024-02-21` without a time.
    pub fn iso(&self) -> String {
        let d = self.value.date();
        if self.has_time {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                d.year(),
                d.month(),
                d.day(),
                self.value.hour(),
                self.value.minute(),
                self.value.second()
            )
        } else {
            format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
        }
    }
}

/// Reads an article date given with the input (`--date`, a record's
/// `published`): `2024-02-21`, `2024-02-21T09:30:21` or `2024-02-21 09:30`,
/// with or without a UTC offset or zone (the local time as written is kept).
pub fn parse_input_date(s: &str) -> Option<FoundDateTime> {
    let s = s.trim();
    if let Ok(d) = s.parse::<jiff::civil::Date>()
        && s.len() <= 10
    {
        return Some(FoundDateTime {
            value: d.to_datetime(jiff::civil::Time::midnight()),
            has_time: false,
            has_seconds: false,
            whole_line: true,
        });
    }
    // A zone or UTC offset is dropped: the local time as written is kept.
    let local = s
        .split_once('[')
        .map_or(s, |(head, _)| head)
        .trim_end_matches(['Z', 'z']);
    let local = match local.rfind(['+', '-']) {
        Some(i) if i > 10 => &local[..i],
        _ => local,
    };
    let value = local.replacen(' ', "T", 1).parse::<DateTime>().ok()?;
    Some(FoundDateTime {
        value,
        has_time: true,
        has_seconds: value.second() != 0,
        whole_line: true,
    })
}

fn num<T: std::str::FromStr>(m: Option<regex::Match<'_>>) -> Option<T> {
    m.and_then(|m| m.as_str().parse().ok())
}

/// Finds the date-time a date line prints ("Cập nhật: Thứ tư, 21/2/2024 |
/// 9:30:21 AM", "Thứ Năm, 15/10/2020, 16:21 (GMT+7)", "15/10/2020 16:21").
/// Invalid calendar dates are refused.
pub fn find_datetime(line: &str) -> Option<FoundDateTime> {
    // A date line is short; a paragraph is not read for one.
    if line.len() > MAX_DATE_LINE {
        return None;
    }
    let (value, has_time, has_seconds, date_range) = crate::extract::dates::first_day(line)?;
    let mut rest = String::with_capacity(line.len());
    rest.push_str(&line[..date_range.start]);
    rest.push(' ');
    rest.push_str(&line[date_range.end..]);
    if has_time {
        return Some(FoundDateTime {
            value,
            has_time,
            has_seconds,
            whole_line: only_date_words(&rest),
        });
    }
    let date = value.date();
    let mut time = None;
    let mut has_seconds = false;
    if let Some(c) = time_re().captures(&rest) {
        let mut h: i8 = num(c.get(1)).unwrap_or(-1);
        let m: i8 = num(c.get(2)).unwrap_or(-1);
        let s: i8 = num(c.get(3)).unwrap_or(0);
        has_seconds = c.get(3).is_some();
        let ampm = c.get(4).map(|x| x.as_str().to_lowercase());
        match ampm.as_deref() {
            Some("pm" | "ch") if (1..12).contains(&h) => h += 12,
            Some("am" | "sa") if h == 12 => h = 0,
            _ => {}
        }
        if let Ok(t) = Time::new(h, m, s, 0) {
            time = Some(t);
            if let Some(whole) = c.get(0) {
                rest.replace_range(whole.range(), " ");
            }
        }
    }
    Some(FoundDateTime {
        value: date.to_datetime(time.unwrap_or(Time::midnight())),
        has_time: time.is_some(),
        has_seconds,
        whole_line: only_date_words(&rest),
    })
}

/// Whether what is left of a line once its date and time are cut out is
/// only date-line furniture: markers, a weekday, a zone, separators.
fn only_date_words(rest: &str) -> bool {
    let m = Markers::get();
    let mut f = fold(rest);
    f.retain(|c| c.is_alnum() || c == ' ' || c == ':' || c == '+');
    let mut left = f.trim();
    loop {
        let before = left;
        for kind in [MarkerKind::Dateline, MarkerKind::Weekday] {
            if let Some(r) = m.strip_prefix(kind, left) {
                left = r.trim_start();
            }
        }
        for w in [
            "gmt+7", "gmt +7", "gmt", "utc+7", "+7", "lúc", "ngày", "giờ", ":",
        ] {
            if let Some(r) = left.strip_prefix(w) {
                left = r.trim_start();
            }
        }
        if left == before {
            break;
        }
    }
    left.split_whitespace().count() <= 1
}

/// The dateline place at the start of the lead: "Yên Bái - ...",
/// "Hà Nội (TTXVN) - ...", "TP.HCM – ...". Single all-capital agency
/// names ("TTXVN - ") are not places.
pub fn dateline_place(lead: &str) -> Option<&str> {
    let place = dateline_head(lead)?;
    let words: Vec<&str> = place.split(' ').collect();
    let agency =
        words.len() == 1 && !place.contains('.') && place.chars().all(|c| !c.is_lowercase());
    let m = Markers::get();
    let furniture = [
        MarkerKind::Byline,
        MarkerKind::Credit,
        MarkerKind::Dateline,
        MarkerKind::Weekday,
    ]
    .into_iter()
    .any(|k| m.strip_prefix(k, &fold(place)).is_some());
    (!agency && !furniture).then_some(place)
}

/// The place words of a dateline: what the pattern
/// `^((?:\p{Lu}[\p{L}.]*)(?: \p{Lu}[\p{L}.]*){0,4})(?: ?\([^()\n]{1,40}\))? ?[-–—] `
/// captures as its group 1, read by hand (the pattern's five copies of two
/// Unicode letter classes cost more to compile than an article costs to
/// analyse). The words run as far as they can (a letter or a dot cannot
/// start what follows them), so the pattern matches only with all of them:
/// one to five capitalised words, an optional bracket of 1 to 40
/// characters, an optional space, a dash and a space.
fn dateline_head(lead: &str) -> Option<&str> {
    let mut it = lead.char_indices().peekable();
    let mut words = 0;
    let mut end;
    loop {
        let (_, c) = it.next()?;
        if !is_upper_letter(c) {
            return None;
        }
        words += 1;
        end = lead.len();
        while let Some(&(i, c)) = it.peek() {
            if c == '.' || is_letter(c) {
                it.next();
            } else {
                end = i;
                break;
            }
        }
        let rest = &lead[end..];
        let next_word = rest
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(is_upper_letter);
        if !next_word {
            break;
        }
        if words == 5 {
            return None;
        }
        it.next(); // the space
    }
    let mut rest = &lead[end..];
    // The optional bracket: " (TTXVN)", "(Chinhphu.vn)".
    let open = rest.strip_prefix(' ').unwrap_or(rest);
    if let Some(inner) = open.strip_prefix('(') {
        let len = inner.find(['(', ')', '\n']).unwrap_or(inner.len());
        let chars = inner[..len].chars().count();
        if (1..=40).contains(&chars) && inner[len..].starts_with(')') {
            let after = &inner[len + 1..];
            if dash_then_space(after) {
                rest = after;
            }
        }
    }
    dash_then_space(rest).then(|| &lead[..end])
}

/// Whether `s` starts with an optional space, a dash (-, –, —) and a space.
fn dash_then_space(s: &str) -> bool {
    let s = s.strip_prefix(' ').unwrap_or(s);
    s.strip_prefix(['-', '–', '—'])
        .is_some_and(|r| r.starts_with(' '))
}

/// `\p{Lu}` of the regex crate: the case of a Latin letter is settled at
/// once, any other character by a one-class pattern compiled on first need.
fn is_upper_letter(c: char) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    in_class(c, char::is_uppercase, &R, r"^\p{Lu}$")
}

/// `\p{L}` of the regex crate, settled the same way.
fn is_letter(c: char) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    in_class(c, crate::chars::is_alpha, &R, r"^\p{L}$")
}

/// `fast(c)` for ASCII and the Vietnamese Latin blocks (where it agrees
/// with the class), else the one-class `pattern`, compiled into `cell`.
fn in_class(c: char, fast: fn(char) -> bool, cell: &OnceLock<Regex>, pattern: &str) -> bool {
    if crate::chars::is_latin_fast(c) {
        return fast(c);
    }
    let mut buf = [0u8; 4];
    cell.get_or_init(|| re(pattern))
        .is_match(c.encode_utf8(&mut buf))
}

/// Whether a line has the shape of a byline: a few capitalised words (a
/// name or names, maybe an agency in brackets), no sentence punctuation.
pub fn byline_shape(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 60 || line.ends_with(['.', '?', '!', ':', ';']) {
        return false;
    }
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '/' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 7
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "và" | "theo")
        })
}

/// Whether `s` looks like a person's name: two to four title-case words
/// ("Kiều Anh", "Nguyễn Văn An"), not an acronym or an outlet name.
pub fn person_name_shape(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().count() > 0
                && cs.all(char::is_lowercase)
        })
}

/// The author named by a byline, its marker ("Bài và ảnh:") stripped.
pub fn byline_author(line: &str) -> Option<String> {
    let m = Markers::get();
    let folded = fold(line);
    let trimmed = line.trim();
    let rest = match m.strip_prefix(MarkerKind::Byline, &folded) {
        // Keep the original casing: cut as many words as the marker had.
        Some(r) => {
            let cut = folded.split_whitespace().count() - r.split_whitespace().count();
            let marker_is_name = r.trim().is_empty();
            if marker_is_name {
                trimmed.to_string()
            } else {
                trimmed
                    .split_whitespace()
                    .skip(cut)
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        }
        None if byline_shape(trimmed) => trimmed.to_string(),
        None => return None,
    };
    let rest = rest.trim_start_matches([':', ' ']).trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Whether a line is a source credit: "Nguồn: TTXVN", "Theo Báo Nhân Dân",
/// "(Theo VOV)". Short, marker first, capitalised source.
pub fn credit(line: &str) -> Option<String> {
    let t = line.trim();
    if t.split_whitespace().count() > 12 || t.ends_with(['?', '!']) {
        return None;
    }
    let folded = fold(t);
    let rest = Markers::get().strip_prefix(MarkerKind::Credit, &folded)?;
    let words = folded.split_whitespace().count() - rest.split_whitespace().count();
    let source: String = t
        .split_whitespace()
        .skip(words)
        .collect::<Vec<_>>()
        .join(" ");
    let source = source
        .trim_start_matches([':', ' '])
        .trim_end_matches([')', '.', ' '])
        .trim();
    source
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        .then(|| source.to_string())
}

/// Splits the content of a tags line into tags: on commas, semicolons,
/// bars, bullets or hashes when it has them; otherwise into the words of the
/// segmentation model, a run of capitalised words (a name, maybe closed by
/// a number: "Hội nghị Trung ương 13") making one tag.
pub fn split_tags(content: &str, seg: &crate::segment::Segmenter) -> Vec<String> {
    const DELIMITERS: [char; 6] = [',', ';', '|', '#', '•', '·'];
    let content = content.trim().trim_start_matches(':').trim();
    if content.is_empty() {
        return Vec::new();
    }
    if !content.contains(DELIMITERS) {
        return tags_by_words(content, seg);
    }
    content
        .split(DELIMITERS)
        .map(|t| t.trim().trim_end_matches('.').trim())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn tags_by_words(content: &str, seg: &crate::segment::Segmenter) -> Vec<String> {
    let is_name = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let is_number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
    };
    let mut tags: Vec<String> = Vec::new();
    let mut name: Vec<&str> = Vec::new();
    let words = seg.words(content);
    for w in words.iter().filter_map(|r| content.get(r.clone())) {
        if is_name(w) && (name.is_empty() || !is_number(w)) {
            name.push(w);
            continue;
        }
        if !name.is_empty() {
            if is_number(w) {
                name.push(w);
                tags.push(name.join(" "));
                name.clear();
                continue;
            }
            tags.push(name.join(" "));
            name.clear();
        }
        if w.chars().any(crate::chars::is_alnum) {
            tags.push(w.to_string());
        }
    }
    if !name.is_empty() {
        tags.push(name.join(" "));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<String> {
        find_datetime(line).map(|f| f.iso())
    }

    #[test]
    fn date_lines_of_real_sites() {
        assert_eq!(
            iso("• Cập nhật: Thứ tư, 21/2/2024 | 9:30:21 AM").as_deref(),
            Some("2024-02-21T09:30:21")
        );
        assert_eq!(
            iso("Thứ Năm, 15/10/2020, 16:21 (GMT+7)").as_deref(),
            Some("2020-10-15T16:21:00")
        );
        assert_eq!(
            iso("15/10/2020 16:21").as_deref(),
            Some("2020-10-15T16:21:00")
        );
        assert_eq!(
            iso("Thứ Sáu, 25/08/2023, 07:21").as_deref(),
            Some("2023-08-25T07:21:00")
        );
        assert_eq!(
            iso("Cập nhật: 3:05 PM, 01/03/2023").as_deref(),
            Some("2023-03-01T15:05:00")
        );
        assert_eq!(iso("Ngày đăng: 12-05-2022").as_deref(), Some("2022-05-12"));
        assert_eq!(
            iso("Ngày 15 tháng 10 năm 2020").as_deref(),
            Some("2020-10-15")
        );
        assert_eq!(iso("Thứ bảy, 31/2/2024"), None);
        assert!(find_datetime("Thứ tư, 21/2/2024 | 9:30:21 AM").is_some_and(|f| f.whole_line));
        assert!(
            find_datetime("Ngày 25/4/2023, Ban Thường vụ Tỉnh ủy đã ban hành Quy định số 40")
                .is_some_and(|f| !f.whole_line)
        );
    }

    #[test]
    fn dateline_places() {
        assert_eq!(
            dateline_place("Yên Bái - Về cơ bản, cấp ủy"),
            Some("Yên Bái")
        );
        assert_eq!(
            dateline_place("Hà Nội (TTXVN) - Sáng 15/10,"),
            Some("Hà Nội")
        );
        assert_eq!(dateline_place("TP.HCM – Chiều 3/5,"), Some("TP.HCM"));
        assert_eq!(dateline_place("TTXVN - Sáng nay"), None);
        assert_eq!(dateline_place("Về cơ bản, cấp ủy - chính quyền"), None);
        assert_eq!(dateline_place("Theo Báo - Sáng"), None);
        assert_eq!(
            dateline_place("(Chinhphu.vn) - Chính phủ vừa ban hành"),
            None
        );
    }

    #[test]
    fn bylines_and_credits() {
        assert!(byline_shape("Thành Trung"));
        assert!(byline_shape("Minh Anh (TTXVN)"));
        assert!(byline_shape("Thu Hà - Ngọc Anh"));
        assert!(!byline_shape("Đó là nhờ cấp ủy."));
        assert!(!byline_shape("Các tin khác về Yên Bái"));
        assert_eq!(
            byline_author("Bài và ảnh: Thành Trung").as_deref(),
            Some("Thành Trung")
        );
        assert_eq!(byline_author("Nhóm PV").as_deref(), Some("Nhóm PV"));
        assert_eq!(credit("Nguồn: TTXVN").as_deref(), Some("TTXVN"));
        assert_eq!(
            credit("(Theo Báo Nhân Dân)").as_deref(),
            Some("Báo Nhân Dân")
        );
        assert_eq!(
            credit("Theo đánh giá của Tỉnh ủy Yên Bái, những biểu hiện trên"),
            None
        );
    }

    #[test]
    fn the_dateline_reader_agrees_with_its_pattern() {
        let r =
            re(r"^((?:\p{Lu}[\p{L}.]*)(?: \p{Lu}[\p{L}.]*){0,4})(?: ?\([^()\n]{1,40}\))? ?[-–—] ");
        let cases = [
            "Yên Bái - Về cơ bản",
            "Hà Nội (TTXVN) - Sáng 15/10,",
            "Hà Nội(TTXVN)- Sáng",
            "TP.HCM – Chiều 3/5,",
            "TP. Hồ Chí Minh — Sáng",
            "A B C D E - x",
            "A B C D E F - x",
            "Yên Bái (TTXVN) -Sáng",
            "Yên Bái ( ) - x",
            "Yên Bái () - x",
            "Yên Bái (a(b) - x",
            "Yên Bái (TTXVN)  - x",
            "Yên Bái  - x",
            "Yên Bái -",
            "Yên Bái-x - y",
            "Москва - Sáng",
            "Ⅻ Hà Nội - x",
            "Đà Lạt (0123456789012345678901234567890123456789) - x",
            "Đà Lạt (01234567890123456789012345678901234567890) - x",
            "yên Bái - x",
            "",
            "Ǆ Hà - x",
            "Hà ǅ - x",
        ];
        for lead in cases {
            let want = r.captures(lead).and_then(|c| c.get(1)).map(|m| m.as_str());
            assert_eq!(dateline_head(lead), want, "{lead:?}");
        }
    }

    #[test]
    fn person_names() {
        assert!(person_name_shape("Kiều Anh"));
        assert!(person_name_shape("Nguyễn Văn An"));
        assert!(!person_name_shape("VOV"));
        assert!(!person_name_shape("Báo Nhân Dân Điện Tử Online"));
        assert!(!person_name_shape("CNA, Reuters"));
    }

    fn split_tags(content: &str) -> Vec<String> {
        super::split_tags(content, crate::segment::Segmenter::embedded())
    }

    #[test]
    fn tags_split_on_delimiters() {
        assert_eq!(
            split_tags(": Yên Bái, cán bộ; đảng viên"),
            ["Yên Bái", "cán bộ", "đảng viên"]
        );
        assert_eq!(
            split_tags("#chuyển đổi số #Yên Bái"),
            ["chuyển đổi số", "Yên Bái"]
        );
    }

    #[test]
    fn tags_without_delimiters_split_into_words_and_names() {
        assert_eq!(
            split_tags(
                "Yên Bái chấn chỉnh khắc phục né tránh trách nhiệm cán bộ đảng viên công chức"
            ),
            [
                "Yên Bái",
                "chấn chỉnh",
                "khắc phục",
                "né tránh",
                "trách nhiệm",
                "cán bộ",
                "đảng viên",
                "công chức"
            ]
        );
        assert_eq!(
            split_tags("Văn Chấn xây dựng Đảng"),
            ["Văn Chấn", "xây dựng", "Đảng"]
        );
        assert_eq!(
            split_tags("Hội nghị Trung ương 13 Đại hội XIII"),
            ["Hội nghị Trung ương 13", "Đại hội XIII"]
        );
    }
}
