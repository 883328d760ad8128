//! What a page declares about its article: headline candidates, the
//! publication date-time and the author, from Open Graph and article
//! `<meta>` tags, JSON-LD `NewsArticle` objects and `<time>` elements.

use super::dom::Declared;
use crate::normalize::meta::{FoundDateTime, find_datetime, parse_input_date};
use serde_json::Value;

/// The JSON-LD types that describe an article.
const ARTICLE_TYPES: [&str; 6] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "ReportageArticle",
];

/// Metadata fields read from the page's declarations.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// Headlines the page declares (JSON-LD `headline`, `og:title`,
    /// `twitter:title`, `<title>`), best first, white space collapsed.
    pub titles: Vec<String>,
    /// The description (`og:description`, `description`), which is often
    /// the lead paragraph.
    pub description: Option<String>,
    /// The publication date-time.
    pub published: Option<FoundDateTime>,
    /// The author, when declared as a person's name.
    pub author: Option<String>,
}

/// Reads the declarations.
pub fn read(d: &Declared) -> PageMeta {
    let ld = article_json_ld(&d.json_ld);
    let ld_str = |key: &str| -> Option<String> {
        ld.iter().find_map(|o| match o.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        })
    };
    let mut titles: Vec<String> = Vec::new();
    let mut add = |t: Option<String>| {
        if let Some(t) = t.map(|t| super::dom::collapse(&t))
            && !t.is_empty()
            && !titles.contains(&t)
        {
            titles.push(t);
        }
    };
    add(ld_str("headline"));
    add(d.meta(&["og:title"]).map(str::to_string));
    add(d.meta(&["twitter:title"]).map(str::to_string));
    add(d.meta(&["headline"]).map(str::to_string));
    add(d.title.clone());

    let description = d
        .meta(&["og:description", "description", "twitter:description"])
        .map(super::dom::collapse)
        .filter(|s| !s.is_empty());

    let published = d
        .meta(&[
            "article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "article:published",
            "og:published_time",
            "dc.date.issued",
            "dcterms.created",
            "date",
        ])
        .map(str::to_string)
        .into_iter()
        .chain(ld_str("datePublished"))
        .chain(d.times.iter().cloned())
        .find_map(|s| page_date(&s));

    let author = ld
        .iter()
        .find_map(|o| ld_author(o.get("author")?))
        .or_else(|| {
            d.meta(&["author", "article:author", "dc.creator"])
                .filter(|a| !a.contains("://") && a.split_whitespace().count() <= 6)
                .map(str::to_string)
        });

    PageMeta {
        titles,
        description,
        published,
        author,
    }
}

/// Vietnam's UTC offset in seconds (no daylight saving time).
const VIETNAM_OFFSET: i32 = 7 * 3600;

/// A UTC offset as ISO 8601 writes it (`Z`, `+07:00`, `+0700`, `-05`), in seconds.
fn utc_offset(s: &str) -> Option<i32> {
    if s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match s.chars().next()? {
        '+' => 1,
        '-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// A date-time as pages write it in metadata: ISO 8601 with or without a
/// zone or fraction ("2026-03-07T08:52:11.000 +07:00"), or a visible form
/// ("07/03/2026 08:47"). A time with another UTC offset is converted to
/// Vietnam time (UTC+7); one without an offset is kept as written.
pub fn page_date(s: &str) -> Option<FoundDateTime> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    // "2026-03-07T08:52:11.000 +07:00": drop the fraction and the zone.
    let iso_like = s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    if iso_like && s.is_char_boundary(10) {
        let (date, rest) = s.split_at(10);
        let time = match rest.strip_prefix(['T', 't', ' ']) {
            Some(r) => {
                &r[..r
                    .find(|c: char| !(c.is_ascii_digit() || c == ':'))
                    .unwrap_or(r.len())]
            }
            None => "",
        };
        let local = if time.is_empty() {
            date.to_string()
        } else {
            format!("{date}T{time}")
        };
        let mut found = parse_input_date(&local)?;
        found.whole_line = false;
        // A UTC offset other than Vietnam's is converted to Vietnam time
        // (UTC+7), the time the page prints.
        if !time.is_empty() {
            let after = rest.get(1 + time.len()..).unwrap_or("");
            let after = after.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
            if let Some(offset) = utc_offset(after.trim())
                && offset != VIETNAM_OFFSET
                && let Ok(v) = found
                    .value
                    .checked_add(jiff::Span::new().seconds(i64::from(VIETNAM_OFFSET - offset)))
            {
                found.value = v;
            }
        }
        return Some(found);
    }
    find_datetime(s).map(|mut f| {
        f.whole_line = false;
        f
    })
}

/// The objects of article type in the page's JSON-LD blocks (top level,
/// arrays and `@graph`).
fn article_json_ld(blocks: &[String]) -> Vec<serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    for b in blocks {
        let Ok(v) = serde_json::from_str::<Value>(b.trim()) else {
            continue;
        };
        // An explicit stack: JSON-LD nests, and serde_json already bounds
        // the depth it parses (128).
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a.into_iter().rev()),
                Value::Object(mut m) => {
                    if let Some(g) = m.remove("@graph") {
                        stack.push(g);
                    }
                    let is_article = match m.get("@type") {
                        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                        Some(Value::Array(ts)) => ts
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                        _ => false,
                    };
                    if is_article {
                        out.push(m);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A JSON-LD author: a person's `name`, a plain string, or the first of a list.
fn ld_author(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(ld_author),
        Value::Object(m) => {
            let org = m.get("@type").and_then(Value::as_str) == Some("Organization");
            if org {
                return None;
            }
            m.get("name")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_page_dates() {
        let iso = |s: &str| page_date(s).map(|f| f.iso());
        assert_eq!(
            iso("2026-03-07T08:52:11.000 +07:00").as_deref(),
            Some("2026-03-07T08:52:11")
        );
        assert_eq!(
            iso("2025-10-22T19:25:52+07:00").as_deref(),
            Some("2025-10-22T19:25:52")
        );
        assert_eq!(
            iso("2026-03-07T09:40:00").as_deref(),
            Some("2026-03-07T09:40:00")
        );
        assert_eq!(
            iso("2026-03-07 09:40").as_deref(),
            Some("2026-03-07T09:40:00")
        );
        assert_eq!(iso("2026-03-07").as_deref(), Some("2026-03-07"));
        assert_eq!(
            iso("07/03/2026 08:47").as_deref(),
            Some("2026-03-07T08:47:00")
        );
        assert_eq!(iso("không phải ngày"), None);
    }

    #[test]
    fn finds_news_article_in_a_graph() {
        let d = Declared {
            json_ld: vec![
                r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
                {"@type":"NewsArticle","headline":"Tỉnh ủy họp phiên thường kỳ",
                 "datePublished":"2024-02-21T09:30:21+07:00","author":{"@type":"Person","name":"Thành Trung"}}]}"#
                    .to_string(),
            ],
            ..Declared::default()
        };
        let m = read(&d);
        assert_eq!(m.titles, vec!["Tỉnh ủy họp phiên thường kỳ".to_string()]);
        assert_eq!(
            m.published.map(|f| f.iso()).as_deref(),
            Some("2024-02-21T09:30:21")
        );
        assert_eq!(m.author.as_deref(), Some("Thành Trung"));
    }
}
