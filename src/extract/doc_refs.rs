//! References to Party and State documents: one regex of the typed forms
//! ("Nghị quyết số 37-NQ/TU", "Nghị định 30/2020/NĐ-CP", "Quy định số 40"),
//! the named forms ("Nghị quyết Trung ương 4 (khóa XI, XII, XIII)", "Luật
//! Đất đai 2024", "Hiến pháp", "Điều lệ Đảng") and bare codes, compiled once;
//! then lists sharing a type are expanded, and the issuer and signing date
//! are looked up in the same clause.

use super::patterns::{Alternatives, Groups};
use super::scan::{char_after, char_before, next_word};
use super::tables::{alternation, lower_first, tables};
use crate::chars::CharExt;
use crate::document::System;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A document reference found in one line, before span mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRef {
    /// Byte range in the line.
    pub range: Range<usize>,
    /// Full type name.
    pub doc_type: String,
    /// Number as written.
    pub number: Option<String>,
    /// Canonical code.
    pub code: Option<String>,
    /// Party or State.
    pub system: Option<System>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Signing date, ISO 8601.
    pub date: Option<String>,
    /// Name of a named reference.
    pub name: Option<String>,
    /// Party Congress terms.
    pub terms: Option<Vec<String>>,
}

const PCODE: &str = r"[0-9]+[a-zA-Z]?\s{0,2}-\s{0,2}[A-ZĐ][A-Za-zĐđ]*\s?/\s?[A-ZĐƯ][A-Za-zĐđƯư]*(?:-[A-ZĐƯ][A-Za-zĐđƯư0-9]*)*";
const SCODE: &str = r"[0-9]+[a-zA-Z]?\s?/\s?(?:(?:19|20)[0-9]{2}\s?/\s?)?[A-ZĐ][A-Za-zĐđ0-9]*(?:\s?-\s?[A-ZĐ][A-Za-zĐđ0-9]*)*";
const ROMAN: &str = r"(?:[IVXL]+)";
/// A signing date, full or partial ("9/5/2024", "14/6", "15 tháng 5 năm 2016").
const ANYDATE: &str = r"[0-9]{1,2}\s?[/.-]\s?[0-9]{1,2}(?:\s?[/.-]\s?(?:19|20)[0-9]{2})?|[0-9]{1,2}\s+tháng\s+[0-9]{1,2}(?:\s*,?\s*năm\s+(?:19|20)[0-9]{2})?";

/// Types that may stand before a bare number without "số" ("Chương trình 135").
fn types_alt() -> String {
    let t = tables();
    let mut v: Vec<String> = Vec::new();
    for ty in &t.ref_types {
        v.push(ty.clone());
        v.push(lower_first(ty));
    }
    alternation(&v)
}

/// Compiles the stage's patterns now rather than on first use.
pub(crate) fn warm() {
    main_re();
    list_re();
    after_re();
    predicate_re();
    subject_re();
    inserted_abbr_re();
    amended_law_re();
    code_after("", 0);
}

/// Compiles every form's group-reading regex now (see
/// [`super::warm_groups`]).
pub(crate) fn warm_groups() {
    main_re().warm_groups();
}

/// The search over the forms, for tests of its two ways.
#[cfg(test)]
pub(crate) fn scanner() -> &'static super::patterns::Scanner {
    main_re().scanner()
}

/// The forms of a reference, in priority order (at one position the
/// earlier form wins), each with its own group names.
fn main_re() -> &'static Alternatives {
    static RE: OnceLock<Alternatives> = OnceLock::new();
    RE.get_or_init(|| Alternatives::with_automaton(forms(), AUTOMATON))
}

/// The forms' search automaton, determinized ahead of time from [`forms`]
/// (see [`super::patterns::Scanner::with_automaton`]).
pub(crate) const AUTOMATON: &[u8] = include_bytes!("../../data/extract/doc_refs.dfa");

/// The embedded automaton's file as the patterns make it now.
#[cfg(test)]
pub(crate) fn automaton_now() -> Vec<u8> {
    super::patterns::automaton_file(&forms())
}

/// The forms of a reference's patterns, in priority order.
fn forms() -> Vec<String> {
    let types = types_alt();
    let alts = [
        format!(
            r"(?P<typed>(?P<type>{types})(?:\s+(?P<so>[Ss]ố))?\s*:?\s*(?:(?P<pc>{PCODE})|(?P<sc>{SCODE})|(?P<ny>[0-9]+/(?:19|20)[0-9]{{2}})(?-u:\b)|(?P<num>[0-9]+[a-zA-Z]?)(?-u:\b)))"
        ),
        format!(
            r"(?P<named>(?P<nt>Nghị\s+quyết|Chỉ\s+thị|Kết\s+luận|Quy\s+định)\s+(?P<nm>(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+\S+\s+)?(?:Ban\s+Chấp\s+hành\s+)?Trung\s+ương(?:\s+Đảng)?(?:\s+(?:[0-9]+|{ROMAN})(?-u:\b))?|Đại\s+hội(?:\s+\p{{L}}+){{0,6}}?\s+(?:lần\s+thứ\s+)?(?:{ROMAN}|[0-9]+)(?-u:\b))(?P<terms>\s*\(?\s*khóa\s+{ROMAN}(?:\s*(?:,|và|-)\s*{ROMAN})*(?-u:\b)\s*\)?)?)"
        ),
        format!(
            r"(?P<session>(?P<st>Nghị\s+quyết)\s+(?P<sn>Kỳ\s+họp\s+(?:thứ\s+)?(?:[0-9]+|{ROMAN})(?-u:\b)(?:\s*,\s*Quốc\s+hội)?)(?P<sterms>\s+khóa\s+{ROMAN}(?-u:\b))?)"
        ),
        r"(?P<amend>(?P<at>Bộ\s+luật|Luật|Pháp\s+lệnh)\s+sửa\s+đổi(?:\s*,?\s*bổ\s+sung)?(?:\s+một\s+số\s+điều)?(?:\s+của)?)".to_string(),
        r"(?P<law>(?P<lt>Bộ\s+luật|Luật|Pháp\s+lệnh)\s+\p{Lu})".to_string(),
        r"(?P<hp>Hiến\s+pháp(?:\s+(?:năm\s+)?(?:19|20)[0-9]{2}(?-u:\b))?)".to_string(),
        r"(?P<dl>Điều\s+lệ\s+(?:Đảng(?:\s+Cộng\s+sản\s+Việt\s+Nam)?|Công\s+đoàn\s+Việt\s+Nam|Đoàn(?:\s+Thanh\s+niên\s+Cộng\s+sản\s+Hồ\s+Chí\s+Minh)?|Mặt\s+trận\s+Tổ\s+quốc\s+Việt\s+Nam|Hội\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*))".to_string(),
        format!(r"(?P<bpc>{PCODE})|(?P<bsc>{SCODE})"),
    ];
    alts.iter()
        .map(|a| crate::tone::either_placement(a))
        .collect()
}

fn list_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(&format!(
            r"^(?:\s*[,;]\s*|\s+và\s+|\s*,\s*và\s+)(?P<item>(?:[Ss]ố\s+)?(?:(?P<pc>{PCODE})|(?P<sc>{SCODE})))"
        ))
    })
}

fn bodies_alt() -> String {
    alternation(&tables().bodies)
}

fn after_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let bodies = bodies_alt();
        let pat = format!(
            r"^(?:\s*\(\s*khóa\s+{ROMAN}\s*\))?(?:\s*,?\s*khóa\s+{ROMAN})?\s*,?\s*\(?\s*(?:(?:được\s+)?(?:ban\s+hành|ký)\s+)?(?:[Nn]gày\s*(?P<d1>{ANYDATE}))?\s*\)?\s*,?\s*(?:(?:của|do)\s+(?P<body>{bodies}))?(?:\s+khóa\s+{ROMAN})?(?:\s*,?\s*\(?\s*(?:ban\s+hành\s+)?ngày\s*(?P<d2>{ANYDATE}))?"
        );
        super::patterns::compile(&crate::tone::either_placement(&pat))
    })
}

/// The predicate whose object the reference is, right before it.
fn predicate_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(&crate::tone::either_placement(
            r"(?:(?:đã|vừa|mới|chính\s+thức)\s+)?(?:(?:biểu\s+quyết\s+)?thông\s+qua|(?:xây\s+dựng\s*,\s*)?(?:ký\s+)?ban\s+hành|ký)\s+(?:các\s+)?$",
        ))
    })
}

/// A body named in the clause before a predicate ("Thay mặt Bộ Chính trị,
/// ...", "Bộ Chính trị ...", "Chủ tịch UBND tỉnh ..." with the title word
/// that makes it a person's post).
fn subject_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let bodies = bodies_alt();
        super::patterns::compile(&crate::tone::either_placement(&format!(
            r"(?:(?P<tm>[Tt]hay\s+mặt)\s+)?(?P<title>(?:Phó\s+)?(?:Chủ\s+tịch|Bí\s+thư|Giám\s+đốc|Bộ\s+trưởng|Thủ\s+tướng|Trưởng\s+ban|Chánh\s+án|Viện\s+trưởng|Tổng\s+Bí\s+thư)\s+)?(?P<body>{bodies})"
        )))
    })
}

/// Abbreviations inserted in a body's name: "Ban Chấp hành (BCH) Đảng bộ tỉnh".
fn inserted_abbr_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| super::patterns::compile(r"\s*\([A-ZĐ&.]{2,10}\)"))
}

/// Canonical code: no spaces, "TƯ" written "TW".
fn canonical(code: &str) -> String {
    let c: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    c.replace("TƯ", "TW")
}

fn issuer_of(part: &str) -> Option<String> {
    let t = tables();
    if let Some(n) = t.issuers.get(part) {
        return Some(n.clone());
    }
    let stripped = part.trim_end_matches(|c: char| c.is_ascii_digit());
    t.issuers.get(stripped).cloned()
}

fn issuers_of(parts: &[&str]) -> Option<String> {
    let names: Vec<String> = parts.iter().filter_map(|p| issuer_of(p)).collect();
    if names.is_empty() || names.len() != parts.len() {
        return None;
    }
    Some(names.join(", "))
}

/// Decomposes a canonical code: (number, type from the abbreviation, issuer from the code).
fn decompose(code: &str, system: System) -> (String, Option<String>, Option<String>) {
    let t = tables();
    let number: String = code
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() && !matches!(c, '-' | '/'))
        .collect();
    let type_of = |abbr: &str| {
        t.doc_types
            .get(abbr)?
            .iter()
            .find(|(_, s)| s.allows(system))
            .map(|(n, _)| n.clone())
    };
    match system {
        System::Party => {
            let rest = code
                .get(number.len()..)
                .unwrap_or("")
                .trim_start_matches('-');
            let (abbr, iss) = rest.split_once('/').unwrap_or((rest, ""));
            let parts: Vec<&str> = iss.split('-').filter(|p| !p.is_empty()).collect();
            (number, type_of(abbr), issuers_of(&parts))
        }
        System::State => {
            let last = code.rsplit('/').next().unwrap_or("");
            let parts: Vec<&str> = last.split('-').filter(|p| !p.is_empty()).collect();
            match parts.split_first() {
                Some((first, rest)) => match type_of(first) {
                    Some(ty) => (number, Some(ty), issuers_of(rest)),
                    None => (number, None, issuer_of(first)),
                },
                None => (number, None, None),
            }
        }
    }
}

/// Words that end a law's name ("Luật Đất đai được ..." -> "Đất đai").
const NAME_STOP: &[&str] = &[
    "số", "của", "năm", "được", "đã", "đang", "sẽ", "có", "là", "này", "trong", "tại", "với", "về",
    "cho", "theo", "khi", "nhằm", "để", "thì", "mà", "đến", "từ", "sau", "trước", "qua", "ra",
    "vào", "trên", "dưới", "đối", "nên", "cũng", "vẫn", "hiện", "mới", "do", "ngày", "thông",
    "quy", "đi", "các", "những", "cần", "phải", "chưa", "không", "vừa", "hay", "hoặc", "gồm",
    "như", "ban", "tiếp", "lần", "dự", "sửa", "bổ", "thay", "nay", "tới", "còn",
];

/// Extends a law's name over its lower-case words; returns the end byte of
/// the name and the end including a trailing year ("Luật Đất đai 2024").
fn law_name_end(line: &str, head_end: usize) -> (usize, usize) {
    // The head is one capitalised word; extend through it.
    let mut end = head_end
        + line[head_end..]
            .chars()
            .take_while(|c| c.is_alpha())
            .map(char::len_utf8)
            .sum::<usize>();
    let mut words = 0;
    let mut comma_end: Option<usize> = None;
    let mut closed = false;
    let mut last_was_va = false;
    let mut before_last = end;
    loop {
        let rest = &line[end..];
        let (sep_len, after_comma) = if let Some(r) = rest.strip_prefix(", ") {
            (rest.len() - r.len(), true)
        } else if rest.starts_with(' ') {
            (1, false)
        } else {
            break;
        };
        let Some((r, w)) = next_word(line, end + sep_len - 1) else {
            break;
        };
        let lw = crate::chars::lowercase(w);
        if w != lw || w.chars().any(|c| c.is_ascii_digit()) || NAME_STOP.contains(&lw.as_str()) {
            break;
        }
        if lw == "và" {
            // "Luật Bảo vệ và phát triển rừng", but not "Luật A và Luật B".
            match next_word(line, r.end) {
                Some((_, nw)) if nw.chars().next().is_some_and(char::is_lowercase) => {}
                _ => break,
            }
        }
        // After a comma the title goes on only as an enumeration closed by
        // "và" ("Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ
        // trợ"), or as "phòng, chống".
        if after_comma && !matches!(lw.as_str(), "chống" | "công") {
            comma_end.get_or_insert(end);
        }
        if lw == "và" && comma_end.is_some() {
            closed = true;
        }
        last_was_va = lw == "và";
        before_last = end;
        end = r.end;
        words += 1;
        if words >= 16 {
            break;
        }
    }
    // A name never ends on "và" ("Luật A và quy định ...").
    if last_was_va {
        end = before_last;
    }
    if let Some(e) = comma_end
        && !closed
    {
        end = e.min(end);
    }
    let mut full = end;
    let rest = &line[end..];
    for prefix in [" năm ", " "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            let digits: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() == 4
                && (digits.starts_with("19") || digits.starts_with("20"))
                && !r[4..].starts_with(|c: char| c.is_alnum())
            {
                full = end + prefix.len() + 4;
                break;
            }
        }
    }
    (end, full)
}

/// Finds the document references of one line; signing dates are read
/// with the article's context `ctx`, as other partial dates are.
pub fn find(line: &str, ctx: &super::dates::Ctx) -> Vec<RawRef> {
    let re = main_re();
    let mut out: Vec<RawRef> = Vec::new();
    let mut pos = 0;
    while pos <= line.len() {
        let Some((form, whole)) = re.find_at(line, pos) else {
            break;
        };
        let mut next = whole.end.max(pos + 1);
        if let Some(mut refs) = re.groups(line, form, whole).and_then(|c| build(line, &c)) {
            // Lists sharing a type: "các Quyết định số 668/QĐ-TTg, 669/QĐ-TTg và 670/QĐ-TTg".
            if let Some(last) = refs.last().cloned()
                && last.code.is_some()
            {
                let mut end = last.range.end;
                while let Some(lc) = list_re().captures(&line[end..]) {
                    let Some(m) = lc.name("pc").or(lc.name("sc")) else {
                        break;
                    };
                    let system = if lc.name("pc").is_some() {
                        System::Party
                    } else {
                        System::State
                    };
                    let code = canonical(m.as_str());
                    let (number, ty, iss) = decompose(&code, system);
                    let item_start = lc.name("item").map_or(m.start(), |i| i.start());
                    let range = end + item_start..end + m.end();
                    end = range.end;
                    refs.push(RawRef {
                        range,
                        doc_type: ty.unwrap_or_else(|| last.doc_type.clone()),
                        number: Some(number),
                        code: Some(code),
                        system: Some(system),
                        issuer: iss,
                        date: None,
                        name: None,
                        terms: None,
                    });
                }
            }
            for r in &mut refs {
                link(line, r, ctx);
            }
            next = refs.last().map_or(next, |r| r.range.end.max(next));
            out.extend(refs);
        }
        pos = next;
        while !line.is_char_boundary(pos) && pos < line.len() {
            pos += 1;
        }
    }
    out
}

fn glued(line: &str, range: &Range<usize>) -> bool {
    let b = char_before(line, range.start);
    let a = char_after(line, range.end);
    b.is_some_and(|c| c.is_alnum() || c == '/')
        || a.is_some_and(|c| c.is_alnum() || c == '/')
        || (a == Some('-')
            && line[range.end..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit()))
}

fn build(line: &str, c: &Groups) -> Option<Vec<RawRef>> {
    let whole = c.whole();
    let empty = |range: Range<usize>, doc_type: String| RawRef {
        range,
        doc_type,
        number: None,
        code: None,
        system: None,
        issuer: None,
        date: None,
        name: None,
        terms: None,
    };
    if c.name("typed").is_some() {
        let ty_m = c.name("type")?;
        let written = ty_m.as_str();
        let capital = written.starts_with(|c: char| c.is_uppercase());
        let doc_type = full_type(written)?;
        if let Some(m) = c.name("pc").or(c.name("sc")) {
            let system = if c.name("pc").is_some() {
                System::Party
            } else {
                System::State
            };
            let range = whole.start()..m.end();
            if glued(line, &range) {
                return None;
            }
            let code = canonical(m.as_str());
            let (number, _, issuer) = decompose(&code, system);
            let mut r = empty(range, doc_type);
            r.number = Some(number);
            r.code = Some(code);
            r.system = Some(system);
            r.issuer = issuer;
            return Some(vec![r]);
        }
        if let Some(m) = c.name("ny") {
            let range = whole.start()..m.end();
            if glued(line, &range) {
                return None;
            }
            let code = canonical(m.as_str());
            let mut r = empty(range, doc_type);
            r.number = code.split('/').next().map(str::to_string);
            r.code = Some(code);
            r.system = Some(System::State);
            return Some(vec![r]);
        }
        let m = c.name("num")?;
        let range = whole.start()..m.end();
        let so = c.name("so").is_some();
        if !(so || capital) || glued(line, &range) {
            return None;
        }
        let n = m.as_str();
        if !so && n.len() == 4 && (n.starts_with("19") || n.starts_with("20")) {
            return None;
        }
        if let Some((wr, w)) = next_word(line, m.end()) {
            let t = tables();
            let lw = crate::chars::lowercase(w);
            // "Nghị quyết số 20 ngày 20/1/2021": a signing date, not "20 ngày".
            let date_follows = lw == "ngày"
                && line[wr.end..]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit());
            if !date_follows && t.units.iter().any(|u| u.surface == lw) {
                return None;
            }
        }
        let mut r = empty(range, doc_type);
        r.number = Some(n.to_string());
        return Some(vec![r]);
    }
    if c.name("named").is_some() {
        let doc_type = full_type(c.name("nt")?.as_str())?;
        let mut r = empty(whole.range(), doc_type);
        r.name = Some(collapse(c.name("nm")?.as_str()));
        if let Some(t) = c.name("terms") {
            let terms: Vec<String> = t
                .as_str()
                .split(|ch: char| !ch.is_ascii_alphabetic())
                .filter(|w| !w.is_empty() && w.chars().all(|ch| "IVXL".contains(ch)))
                .map(str::to_string)
                .collect();
            if !terms.is_empty() {
                r.terms = Some(terms);
            }
        }
        // A trailing space or ")" outside the parentheses is not part of it.
        let text = &line[r.range.clone()];
        let trimmed = text.trim_end();
        let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
            trimmed[..trimmed.len() - 1].trim_end()
        } else {
            trimmed
        };
        r.range.end = r.range.start + trimmed.len();
        return Some(vec![r]);
    }
    if c.name("session").is_some() {
        let mut r = empty(whole.range(), full_type(c.name("st")?.as_str())?);
        r.name = Some(collapse(c.name("sn")?.as_str()));
        r.terms = c.name("sterms").map(|t| {
            t.as_str()
                .split_whitespace()
                .skip(1)
                .map(str::to_string)
                .collect()
        });
        return Some(vec![r]);
    }
    if c.name("amend").is_some() {
        // "Luật sửa đổi, bổ sung một số điều của Luật A số ..., Luật B số
        // ...": one item whose name is its whole title.
        let ty = full_type(c.name("at")?.as_str())?;
        let mut end = whole.end();
        while let Some(m) = amended_law_re().find(&line[end..]) {
            let head_end = end + m.end();
            let head_start = head_end - char_before(line, head_end).map_or(1, char::len_utf8);
            let (name_end, full_end) = law_name_end(line, head_start);
            end = code_after(line, name_end).map_or(full_end, |(r, _)| r.end);
        }
        if end == whole.end() {
            // "Luật sửa đổi" naming no law is no reference.
            return None;
        }
        let type_end = c.name("at")?.end();
        let mut r = empty(whole.start()..end, ty);
        r.name = Some(collapse(line[type_end..end].trim()));
        return Some(vec![r]);
    }
    if c.name("law").is_some() {
        let lt = c.name("lt")?;
        let head_start = whole.end() - char_before(line, whole.end()).map_or(1, char::len_utf8);
        let head: String = line[head_start..]
            .chars()
            .take_while(|c| c.is_alpha())
            .collect();
        if head.chars().count() > 1 && head.chars().all(char::is_uppercase) {
            return None;
        }
        if let Some((pr, pw)) = super::scan::prev_word(line, whole.start())
            && pw.starts_with(char::is_uppercase)
            && !line[..pr.start].trim_end().is_empty()
            && !line[..pr.start]
                .trim_end()
                .ends_with(['.', ':', '!', '?', '"', '“', '('])
        {
            return None;
        }
        let (name_end, full_end) = law_name_end(line, head_start);
        if let Some((_, nw)) = next_word(line, name_end)
            && nw.starts_with(char::is_uppercase)
            && line[name_end..].starts_with(' ')
        {
            return None;
        }
        let mut r = empty(whole.start()..full_end, full_type(lt.as_str())?);
        r.name = Some(collapse(&line[head_start..name_end]));
        // "Luật Đất đai số 31/2024/QH15": the named law with its code.
        if let Some((code_range, code)) = code_after(line, name_end) {
            let (number, _, issuer) = decompose(&code, System::State);
            r.range.end = code_range.end;
            r.number = Some(number);
            r.code = Some(code);
            r.system = Some(System::State);
            r.issuer = issuer;
        }
        return Some(vec![r]);
    }
    if let Some(m) = c.name("hp") {
        let mut r = empty(m.range(), "Hiến pháp".to_string());
        r.name = Some("Hiến pháp".to_string());
        return Some(vec![r]);
    }
    if let Some(m) = c.name("dl") {
        let mut r = empty(m.range(), "Điều lệ".to_string());
        // "Điều lệ Đảng": type "Điều lệ", name "Đảng".
        let full = collapse(m.as_str());
        let name = full
            .split_once(' ')
            .and_then(|(_, rest)| rest.split_once(' '))
            .map_or(full.clone(), |(_, rest)| rest.to_string());
        r.name = Some(name);
        return Some(vec![r]);
    }
    let (m, system) = match (c.name("bpc"), c.name("bsc")) {
        (Some(m), _) => (m, System::Party),
        (None, Some(m)) => (m, System::State),
        _ => return None,
    };
    if glued(line, &m.range()) {
        return None;
    }
    let code = canonical(m.as_str());
    if system == System::State && !code.contains('-') {
        return None;
    }
    let (number, ty, issuer) = decompose(&code, system);
    let mut r = empty(m.range(), ty?);
    r.number = Some(number);
    r.code = Some(code);
    r.system = Some(system);
    r.issuer = issuer;
    Some(vec![r])
}

/// The next law of an amending law's list: ", Luật B", " và Luật C".
fn amended_law_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        super::patterns::compile(
            r"^(?:\s*,\s*|\s+và\s+|\s+)(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+\p{Lu}",
        )
    })
}

/// A State code right after a law's name: " số 31/2024/QH15" (range of the
/// code in the line, canonical code).
fn code_after(line: &str, pos: usize) -> Option<(Range<usize>, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| super::patterns::compile(&format!(r"^\s+số\s+(?P<c>{SCODE})")));
    let c = re.captures(line.get(pos..)?)?;
    let m = c.name("c")?;
    let range = pos + m.start()..pos + m.end();
    if glued(line, &range) {
        return None;
    }
    Some((range, canonical(m.as_str())))
}

/// White space runs collapsed to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The table's spelling of a type as written ("nghị quyết" -> "Nghị quyết").
fn full_type(written: &str) -> Option<String> {
    let w = crate::tone::key(&collapse(written)).to_lowercase();
    tables()
        .ref_types
        .iter()
        .chain(["Hiến pháp".to_string(), "Điều lệ".to_string()].iter())
        .find(|t| crate::tone::key(t).to_lowercase() == w)
        .cloned()
}

/// Finds the issuer and signing date in the same clause: after the
/// reference ("..., ngày 14/6", "(ngày 9/5/2024)", "của Bộ Chính trị"),
/// or before it when the reference is the object of "ban hành", "ký ban
/// hành" or "thông qua" (the subject, also through "Thay mặt X", and a date
/// of the sentence). A person who signs is no issuer: the code's then is.
fn link(line: &str, r: &mut RawRef, ctx: &super::dates::Ctx) {
    let date_of = |s: &str| {
        super::dates::parse_date_text(s, ctx)
            .filter(|d| d.grain == crate::document::Grain::Day && !d.value.contains('/'))
            .map(|d| d.value)
    };
    let mut named_issuer = false;
    if let Some(c) = after_re().captures(&line[r.range.end..]) {
        if let Some(b) = c.name("body") {
            r.issuer = Some(collapse(b.as_str()));
            named_issuer = true;
        }
        if let Some(d) = c
            .name("d1")
            .or(c.name("d2"))
            .and_then(|d| date_of(d.as_str()))
        {
            r.date = Some(d);
        }
        if c.name("body").is_some() && r.date.is_some() {
            return;
        }
    }
    // The clause before: from the sentence's start (";" joins coordinated
    // predicates that share their subject).
    let mut start = r.range.start.saturating_sub(400);
    while !line.is_char_boundary(start) {
        start += 1;
    }
    let head = &line[start..r.range.start];
    let sentence_start = head
        .char_indices()
        .rev()
        .find(|&(i, ch)| {
            matches!(ch, '.' | '!' | '?') && head[i + 1..].starts_with(char::is_whitespace)
        })
        .map_or(0, |(i, _)| i + 1);
    let head = &head[sentence_start..];
    let Some(pred) = predicate_re().find(head) else {
        return;
    };
    // "thông tin về việc ban hành Nghị định ...": no subject.
    if head[..pred.start()].trim_end().ends_with("việc") {
        return;
    }
    let clean = inserted_abbr_re().replace_all(head, "");
    let subject = subject_re()
        .captures_iter(&clean)
        .filter(|c| c.name("tm").is_some())
        .last()
        .or_else(|| subject_re().captures_iter(&clean).last());
    if let Some(c) = subject
        && !named_issuer
        && (c.name("title").is_none() || c.name("tm").is_some())
        && let Some(b) = c.name("body")
    {
        r.issuer = Some(collapse(b.as_str()));
    }
    if r.date.is_none() {
        let found = super::dates::find(head, ctx);
        r.date = found
            .dates
            .iter()
            .filter(|d| d.grain == crate::document::Grain::Day && !d.value.contains('/'))
            .map(|d| d.value.clone())
            .next();
    }
}

/// Sets `key` on every reference: its code; else the code of another
/// mention of the same type and number in the article ("Quy định số 144"
/// after "Quy định số 144-QĐ/TW"); else type and number; else type and
/// name; else the type alone.
pub fn assign_keys(refs: &mut [crate::document::DocRef]) {
    let coded: foldhash::HashMap<(String, String), String> = refs
        .iter()
        .filter_map(|r| {
            let code = r.code.clone()?;
            Some(((r.doc_type.clone(), r.number.clone()?), code))
        })
        .collect();
    for r in refs.iter_mut() {
        r.key = match (&r.code, &r.number, &r.name) {
            (Some(code), _, _) => code.clone(),
            (None, Some(n), _) => coded
                .get(&(r.doc_type.clone(), n.clone()))
                .cloned()
                .unwrap_or_else(|| format!("{} {n}", r.doc_type)),
            (None, None, Some(name)) if *name == r.doc_type => r.doc_type.clone(),
            (None, None, Some(name)) => format!("{} {name}", r.doc_type),
            (None, None, None) => r.doc_type.clone(),
        };
    }
}
