//! HTML input: a saved news page to the article's text and metadata.
//!
//! [`sniff`] recognises a page by its content (a doctype, an `<html>`
//! element, or dense markup), whatever the file is called. [`read_page`]
//! decodes it (the declared charset, checked against the bytes: see
//! [`charset`]), parses it with html5ever (through `scraper`), flattens it
//! ([`dom`]), reads the declared metadata ([`meta`]) and finds the article
//! ([`content`]). The extracted text — headline, date line, lead, body
//! paragraphs, subheadings, captions and byline, one per paragraph — is
//! what the pipeline then analyses, so spans index it and the record
//! carries it as `text`. [`apply`] then gives the clean stage's lines the
//! roles the page's structure showed.

pub mod charset;
pub mod content;
pub mod dom;
pub mod meta;

use crate::document::{Document, PublishedFrom, Removed, RemovedKind, Role, Work};
use crate::normalize::meta::FoundDateTime;
pub use content::BlockKind;

/// The warning every record of an HTML input carries.
pub const EXTRACTED_WARNING: &str = "HTML input: main text extracted";

/// How many bytes from the start are looked at to recognise a page.
const SNIFF: usize = 64 * 1024;

/// Whether `bytes` look like an HTML page: a doctype or an `<html>` (or
/// `<head>`/`<body>`) tag at the start (after white space, a BOM and
/// comments), or dense markup: at least 8 known tags making up a fifth of
/// the first 64 KiB. A text that mentions a tag ("Luật <số> 1", "thẻ
/// `<p>`") is not a page.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF)];
    // UTF-16 pages: look at every other byte.
    let narrowed: Vec<u8>;
    let head = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        let skip = usize::from(head.starts_with(b"\xFE\xFF"));
        narrowed = head[2..].iter().skip(skip).step_by(2).copied().collect();
        &narrowed[..]
    } else {
        head
    };
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        let trimmed = trim_ascii_start(s);
        if trimmed.starts_with(b"<!--") {
            match find(trimmed, b"-->") {
                Some(end) => s = &trimmed[end + 3..],
                None => return false,
            }
        } else if trimmed.starts_with(b"<?xml") {
            match find(trimmed, b"?>") {
                Some(end) => s = &trimmed[end + 2..],
                None => return false,
            }
        } else {
            s = trimmed;
            break;
        }
    }
    let lower: Vec<u8> = s.iter().take(16).map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<!doctype html")
        || [b"<html".as_slice(), b"<head", b"<body"].iter().any(|t| {
            lower.starts_with(t)
                && lower
                    .get(t.len())
                    .is_some_and(|c| matches!(c, b'>' | b' ' | b'\n' | b'\r' | b'\t'))
        })
    {
        return true;
    }
    dense_markup(head)
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Tag names whose density marks a page.
const KNOWN_TAGS: [&[u8]; 24] = [
    b"p", b"div", b"span", b"a", b"br", b"table", b"tr", b"td", b"li", b"ul", b"ol", b"h1", b"h2",
    b"h3", b"img", b"meta", b"script", b"style", b"link", b"body", b"head", b"title", b"strong",
    b"em",
];

fn dense_markup(head: &[u8]) -> bool {
    let mut tags = 0usize;
    let mut markup = 0usize;
    let mut i = 0;
    while let Some(off) = head[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let mut j = start + 1;
        if head.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < head.len() && head[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let name: Vec<u8> = head[name_start..j]
            .iter()
            .map(u8::to_ascii_lowercase)
            .collect();
        let known = KNOWN_TAGS.contains(&name.as_slice());
        let close = head[j..]
            .iter()
            .take(2000)
            .position(|&b| b == b'>' || b == b'<')
            .map(|k| j + k);
        match close {
            Some(k) if known && head[k] == b'>' => {
                tags += 1;
                markup += k + 1 - start;
                i = k + 1;
            }
            _ => i = start + 1,
        }
    }
    tags >= 8 && markup * 5 >= head.len()
}

/// An article extracted from a page.
#[derive(Debug, Clone)]
pub struct Article {
    /// The extracted text: one paragraph per line, blank lines between.
    pub text: String,
    /// Each paragraph's kind and byte range in `text`.
    pub blocks: Vec<(BlockKind, std::ops::Range<usize>)>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date-time: the page's metadata, else its date line.
    pub published: Option<FoundDateTime>,
    /// The author: declared, else the byline.
    pub author: Option<String>,
    /// Doubts about the page (charset).
    pub warnings: Vec<String>,
}

/// A page decoded and its article found.
#[derive(Debug, Clone)]
pub struct Page {
    /// The encoding the page was decoded with.
    pub encoding: crate::decode::Encoding,
    /// The article.
    pub article: Article,
}

/// Why a page gives no analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// The bytes could not be decoded.
    Decode(crate::decode::DecodeError),
    /// The page holds no article text.
    NoArticle,
    /// The page has more elements than [`element_limit`] allows.
    TooManyElements {
        /// Elements in the page.
        elements: usize,
        /// The limit for its size.
        limit: usize,
    },
}

/// Elements a page may hold: [`ELEMENTS_PER_PAGE`], or one per
/// [`BYTES_PER_ELEMENT`] bytes of the page when that is more. A parsed
/// element costs 300 to 600 bytes (html5ever's node, the flattened one, its
/// text line), so a flood of tiny elements ("<br>", "<p>a</p>" over and
/// over) would hold 40 to 70 bytes per input byte. No page under 6.4 MB is
/// refused (a saved news page is rarely over 1 MB); above that a page needs
/// 64 bytes of markup per element.
pub fn element_limit(page_bytes: usize) -> usize {
    ELEMENTS_PER_PAGE.max(page_bytes / BYTES_PER_ELEMENT)
}

/// The element limit of any page (see [`element_limit`]).
pub const ELEMENTS_PER_PAGE: usize = 100_000;

/// Above [`ELEMENTS_PER_PAGE`], the element limit is one per this many
/// bytes of the page.
pub const BYTES_PER_ELEMENT: usize = 64;

/// Decodes a page and extracts its article.
pub fn read_page(bytes: &[u8], forced: Option<crate::decode::Encoding>) -> Result<Page, PageError> {
    let decoded = charset::decode_page(bytes, forced).map_err(PageError::Decode)?;
    let mut article = extract_within(&decoded.decoded.text, element_limit(bytes.len()))?;
    // The decoder's doubts (replaced bytes, a close call) come first.
    article
        .warnings
        .extend(decoded.decoded.warnings.iter().cloned());
    if let Some(w) = decoded.warning {
        article.warnings.push(w);
    }
    Ok(Page {
        encoding: decoded.decoded.encoding,
        article,
    })
}

/// Extracts the article of a decoded page; `None` when it holds none.
pub fn extract(html: &str) -> Option<Article> {
    extract_within(html, usize::MAX).ok()
}

/// Extracts the article of a decoded page that holds at most
/// `max_elements` elements: the elements are counted before the page is
/// parsed, so a page over the limit costs one pass over its bytes.
pub fn extract_within(html: &str, max_elements: usize) -> Result<Article, PageError> {
    let cut = dom::limit_depth(html);
    let elements = dom::count_elements(&cut);
    if elements > max_elements {
        return Err(PageError::TooManyElements {
            elements,
            limit: max_elements,
        });
    }
    let page = dom::flatten_cut(&cut);
    drop(cut);
    let declared = meta::read(&page.declared);
    let found = content::extract(&page, &declared).ok_or(PageError::NoArticle)?;
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(found.blocks.len());
    for (kind, line) in &found.blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(line);
        blocks.push((*kind, start..text.len()));
    }
    // The visible byline first: declared authors are often the site.
    let declared_author = declared
        .author
        .as_deref()
        .map(|a| a.trim().trim_start_matches("Theo ").trim().to_string())
        .filter(|a| !a.contains('.') && !a.is_empty());
    let author = found.author.or(declared_author);
    Ok(Article {
        text,
        blocks,
        title: found.title,
        published: declared.published.or(found.visible_date),
        author,
        warnings: Vec::new(),
    })
}

/// Gives the clean stage's lines the roles the page showed, and the
/// record the page's metadata, text and warning. Runs right after the
/// clean stage, before the date given with the input is applied.
pub fn apply(work: &mut Work, doc: &mut Document, article: &Article) {
    // The normalized view's lines map to blocks in order: one block is one
    // line, and normalization never joins or splits lines.
    let mut changed = false;
    let mut b = 0;
    for line in &mut work.lines {
        let orig = work.text.orig_range(line.norm.clone());
        while b < article.blocks.len() && article.blocks[b].1.end <= orig.start {
            b += 1;
        }
        let Some((kind, range)) = article.blocks.get(b) else {
            break;
        };
        if orig.start < range.start {
            continue;
        }
        let role = match kind {
            BlockKind::Title => Role::Title,
            BlockKind::Dateline | BlockKind::Byline => Role::Meta,
            BlockKind::Caption => Role::Removed(RemovedKind::Caption),
            // Body lines keep what the clean stage saw in them (a related
            // link, a tags line), but never a title or a caption.
            BlockKind::Paragraph | BlockKind::Heading => match line.role {
                Role::Title | Role::Removed(RemovedKind::Caption) => Role::Body,
                r => r,
            },
        };
        if role != line.role {
            line.role = role;
            changed = true;
        }
    }
    if changed {
        doc.removed = removed_of(work);
    }
    // The page's headline, or none: never a paragraph the clean stage
    // took for one.
    doc.meta.title = article.title.clone();
    if let Some(p) = &article.published {
        doc.meta.published = Some(p.iso());
        doc.meta.published_from = Some(PublishedFrom::Html);
        work.published = Some(p.value);
    }
    if let Some(a) = &article.author {
        doc.meta.author = Some(a.clone());
    }
    doc.source.format = crate::document::InputFormat::Html;
    doc.analysed_text = Some(work.text.original().to_string());
    doc.warnings.push(EXTRACTED_WARNING.to_string());
    doc.warnings.extend(article.warnings.iter().cloned());
}

/// The removed list from the lines' roles: one item per removed line,
/// runs of more-news, navigation and widget lines merged.
fn removed_of(work: &Work) -> Vec<Removed> {
    let mut out: Vec<Removed> = Vec::new();
    let mut run: Option<(RemovedKind, usize, std::ops::Range<usize>)> = None;
    for (i, l) in work.lines.iter().enumerate() {
        let kind = match l.role {
            Role::Removed(k) => k,
            _ => {
                if let Some((k, _, r)) = run.take() {
                    push_removed(work, &mut out, k, r);
                }
                continue;
            }
        };
        let mergeable = matches!(
            kind,
            RemovedKind::MoreNews | RemovedKind::Navigation | RemovedKind::Widget
        );
        match &mut run {
            Some((k, prev, r)) if *k == kind && mergeable && *prev + 1 == i => {
                r.end = l.norm.end;
                *prev = i;
            }
            _ => {
                if let Some((k, _, r)) = run.take() {
                    push_removed(work, &mut out, k, r);
                }
                run = Some((kind, i, l.norm.clone()));
            }
        }
    }
    if let Some((k, _, r)) = run.take() {
        push_removed(work, &mut out, k, r);
    }
    out
}

fn push_removed(work: &Work, out: &mut Vec<Removed>, kind: RemovedKind, r: std::ops::Range<usize>) {
    let (span, text) = work.text.excerpt(r);
    out.push(Removed { kind, span, text });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pages_not_texts() {
        assert!(sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>"));
        assert!(sniff(
            b"\xEF\xBB\xBF  <!-- saved from url=x -->\n<html lang=\"vi\">"
        ));
        assert!(sniff(b"<HTML>\n<BODY>"));
        assert!(!sniff("Luật <số> 1 được Quốc hội thông qua.".as_bytes()));
        assert!(!sniff("Tỉnh ủy ban hành <p> thẻ.\nDòng hai.".as_bytes()));
        let dense = "<div><p>a</p><p>b</p><p>c</p><p>d</p></div>".repeat(3);
        assert!(sniff(dense.as_bytes()));
    }
}
