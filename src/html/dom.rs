//! The parsed page flattened into what extraction needs: the elements in
//! document order (parent, subtree end, tag, class and id), the text lines
//! between block boundaries, and the metadata the page declares (`<meta>`,
//! `<title>`, JSON-LD, `<time>`).
//!
//! Parsing is html5ever's (through `scraper`), so any byte soup gives a
//! tree; the flattening is one iterative pass (no recursion, so 10,000
//! nested elements are no deeper a stack than one), and everything later
//! works on indices into flat vectors.

use scraper::{Html, Node};

/// No parent: the element is a root.
pub const NONE: usize = usize::MAX;

/// One element of the page.
#[derive(Debug, Clone)]
pub struct El {
    /// Lower-case local name ("div", "p").
    pub tag: String,
    /// Index of the parent element, or [`NONE`].
    pub parent: usize,
    /// Index of the last element of this element's subtree (itself when a leaf).
    pub end: usize,
    /// `class` and `id` together, lower case, for pattern matching.
    pub class_id: String,
    /// Whether the element is an `<img>` or `<picture>`, or holds one.
    pub has_img: bool,
    /// Characters of text in the subtree (after white-space collapsing).
    pub chars: usize,
    /// Of those, characters inside links.
    pub link_chars: usize,
}

/// A run of text between two block boundaries.
#[derive(Debug, Clone)]
pub struct TextLine {
    /// The text, white space collapsed to single spaces, trimmed.
    pub text: String,
    /// Characters of `text`.
    pub chars: usize,
    /// Characters inside links.
    pub link_chars: usize,
    /// The innermost block element holding the text.
    pub owner: usize,
    /// Whether the line ended at a double line break (`<br><br>`) rather
    /// than at a block boundary; it still starts a new paragraph.
    pub soft: bool,
}

/// Metadata the page declares.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    /// `<meta>` pairs: (property/name/itemprop lower case, content).
    pub metas: Vec<(String, String)>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// The bodies of `application/ld+json` scripts.
    pub json_ld: Vec<String>,
    /// `datetime` attributes of `<time>` elements, in order.
    pub times: Vec<String>,
}

impl Declared {
    /// The first `<meta>` content for one of `keys`, in the order of `keys`.
    pub fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(name, c)| name == k && !c.trim().is_empty())
                .map(|(_, c)| c.trim())
        })
    }
}

/// The flattened page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Elements in document order (a parent before its children).
    pub els: Vec<El>,
    /// Text lines in document order.
    pub lines: Vec<TextLine>,
    /// Declared metadata.
    pub declared: Declared,
}

/// Elements whose content is never article text.
fn skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "button"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "head"
            | "title"
            | "nav"
            | "dialog"
            | "map"
    )
}

/// Elements that start and end a line of text.
fn block(tag: &str) -> bool {
    matches!(
        tag,
        "html"
            | "body"
            | "p"
            | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "pre"
            | "address"
            | "form"
            | "fieldset"
            | "hr"
            | "center"
            | "picture"
    )
}

/// A line being gathered.
#[derive(Default)]
struct Buf {
    text: String,
    chars: usize,
    link_chars: usize,
    /// A space is owed before the next visible character.
    space: bool,
    /// Line breaks (`<br>`) seen since the last visible character.
    breaks: usize,
}

impl Buf {
    fn push(&mut self, s: &str, in_link: bool) {
        // Most text nodes between tags are layout white space.
        if s.bytes().all(|b| b.is_ascii_whitespace()) {
            self.space |= !s.is_empty();
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                self.space = true;
                continue;
            }
            if matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            ) {
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
                self.chars += 1;
                if in_link {
                    self.link_chars += 1;
                }
            }
            self.space = false;
            self.breaks = 0;
            self.text.push(c);
            self.chars += 1;
            if in_link {
                self.link_chars += 1;
            }
        }
    }
}

/// Deepest element nesting handed to the parser. html5ever checks scopes
/// by walking the stack of open elements, so a page nested 10,000 deep
/// would parse in quadratic time; browsers cap the depth too (Chromium at
/// 512). Start tags beyond it are left out (their text is kept, in the
/// enclosing element) with their end tags.
pub const MAX_DEPTH: usize = 256;

/// Elements with no end tag.
fn void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "image"
    )
}

/// Elements that close implicitly (`<p>`, `<li>`, table parts): not
/// counted as nesting, since pages leave them unclosed by the thousand.
fn implied(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
    )
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// The attributes extraction reads; the parser is given no others.
fn kept_attribute(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "id"
            | "style"
            | "hidden"
            | "aria-hidden"
            | "type"
            | "content"
            | "property"
            | "name"
            | "itemprop"
            | "datetime"
            | "charset"
            | "http-equiv"
    )
}

/// The attribute text of a start tag (after its name, before `>`) with
/// only the kept attributes, or `None` when it has no other.
fn kept_attributes(attrs: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut kept = String::new();
    let mut dropped = false;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        // A name runs to white space, '/', '=' (not as its first byte) or the end.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'=' {
            i += 1;
        }
        let name_end = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i = (i + 1).min(b.len());
            } else {
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        } else {
            i = name_end;
        }
        let name = attrs[start..name_end].to_ascii_lowercase();
        if kept_attribute(&name) {
            kept.push(' ');
            kept.push_str(&attrs[start..i]);
        } else {
            dropped = true;
        }
    }
    // A trailing '/' (self-closing) is kept.
    if dropped && attrs.trim_end().ends_with('/') {
        kept.push_str(" /");
    }
    dropped.then_some(kept)
}

/// `html` made cheap to parse: start tags nested deeper than
/// [`MAX_DEPTH`] (and as many end tags after them) left out, comments and
/// the bodies of scripts (JSON-LD aside), styles and inline SVG cut, and
/// attributes extraction never reads (links, sources, data) dropped;
/// borrowed when there is nothing to cut. One pass over the bytes.
pub fn limit_depth(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut depth = 0usize;
    let mut suppressed = 0usize;
    let mut i = 0usize;
    // Case-insensitive search; `pat` starts with an ASCII byte that is
    // not a letter ('<' or '-' or '>'), found first with a byte scan.
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        let mut at = from;
        loop {
            let k = b.get(at..)?.iter().position(|&c| c == pat[0])?;
            let start = at + k;
            let cand = b.get(start..start + pat.len())?;
            if cand.eq_ignore_ascii_case(pat) {
                return Some(start);
            }
            at = start + 1;
        }
    };
    while i < b.len() {
        let Some(k) = b[i..].iter().position(|&c| c == b'<') else {
            break;
        };
        let lt = i + k;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            // Comments are cut: the parser would read them byte by byte.
            let end = find(lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..lt]);
            copied = end;
            i = end;
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = find(lt + 1, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let closing = rest.starts_with(b"/");
        let name_start = lt + 1 + usize::from(closing);
        let mut j = name_start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start || !b[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        // The tag's end: the next '>' outside quotes.
        let mut q: Option<u8> = None;
        let mut e = j;
        while e < b.len() {
            match (q, b[e]) {
                (None, b'>') => break,
                (None, c @ (b'"' | b'\'')) => q = Some(c),
                (Some(c), d) if c == d => q = None,
                _ => {}
            }
            e += 1;
        }
        let end = (e + 1).min(b.len());
        let self_closing = e > 0 && e < b.len() && b[e - 1] == b'/';
        let mut drop = false;
        if closing {
            if !void(&name) && !implied(&name) {
                if suppressed > 0 {
                    suppressed -= 1;
                    drop = true;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
        } else if !void(&name) && !implied(&name) && !self_closing {
            if depth >= MAX_DEPTH {
                suppressed += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..lt]);
            copied = end;
        } else if !closing
            && e <= b.len()
            && let Some(kept) = kept_attributes(&html[j..e.min(html.len())])
        {
            // Links, sources and data attributes are never read: the tag
            // goes to the parser with only the attributes extraction uses.
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..j]);
            o.push_str(&kept);
            if e < b.len() {
                o.push('>');
            }
            copied = end;
        }
        i = end;
        if !closing && name == "svg" && !self_closing {
            // Inline icons: never text, often large.
            let close = find(end, b"</svg").unwrap_or(b.len());
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..end]);
            copied = close;
            i = close;
            continue;
        }
        if !closing && raw_text(&name) && !self_closing {
            // Skip to the element's end tag; it is handled by the loop.
            let mut pat = b"</".to_vec();
            pat.extend_from_slice(name.as_bytes());
            let close = find(i, &pat).unwrap_or(b.len());
            // Script and style bodies are cut (JSON-LD kept): the parser
            // would read them byte by byte, and they are never text.
            let keep = name == "script"
                && b[lt..end]
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"ld+json"));
            if (name == "script" || name == "style") && !keep && close > end {
                let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
                o.push_str(&html[copied..end]);
                copied = close;
            }
            i = close;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Parses `html` and flattens it.
pub fn flatten(html: &str) -> Page {
    flatten_cut(&limit_depth(html))
}

/// Start tags in `html` (a '<' then an ASCII letter): the elements a parse
/// of it makes, give or take the ones the parser implies.
pub fn count_elements(html: &str) -> usize {
    html.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count()
}

/// Parses `html`, already cut by [`limit_depth`], and flattens it.
pub fn flatten_cut(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut page = Page::default();
    // Open elements: (index into els, or NONE for a skipped/ignored node).
    let mut stack: Vec<usize> = Vec::new();
    // Innermost block elements open, as indices into els.
    let mut blocks: Vec<usize> = Vec::new();
    let mut skip_depth = 0usize;
    let mut link_depth = 0usize;
    let mut capture: Option<Capture> = None;
    let mut buf = Buf::default();
    let mut captured = String::new();

    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() as &Node {
                Node::Element(e) => {
                    let tag = e.name().to_ascii_lowercase();
                    match tag.as_str() {
                        "meta" => read_meta(e, &mut page.declared),
                        "time" => {
                            if let Some(d) = e.attr("datetime") {
                                page.declared.times.push(d.to_string());
                            }
                        }
                        "title" if capture.is_none() => {
                            capture = Some(Capture::Title);
                            captured.clear();
                        }
                        "script"
                            if e.attr("type").is_some_and(|t| {
                                t.trim().eq_ignore_ascii_case("application/ld+json")
                            }) =>
                        {
                            capture = Some(Capture::JsonLd);
                            captured.clear();
                        }
                        _ => {}
                    }
                    if skip_depth > 0 {
                        skip_depth += 1;
                        stack.push(NONE);
                        continue;
                    }
                    if tag == "br" {
                        buf.space = true;
                        buf.breaks += 1;
                        if buf.breaks >= 2 {
                            let owner = blocks.last().copied().unwrap_or(NONE);
                            flush(&mut buf, owner, true, &mut page);
                        }
                    }
                    let hidden = e.attr("hidden").is_some()
                        || e.attr("aria-hidden").is_some_and(|v| v == "true")
                        || e.attr("style").is_some_and(|s| {
                            let s: String = s
                                .chars()
                                .filter(|c| !c.is_whitespace())
                                .collect::<String>()
                                .to_ascii_lowercase();
                            s.contains("display:none") || s.contains("visibility:hidden")
                        });
                    if skipped(&tag) || hidden {
                        skip_depth = 1;
                        stack.push(NONE);
                        continue;
                    }
                    let is_block = block(&tag);
                    if is_block {
                        let owner = blocks.last().copied().unwrap_or(NONE);
                        flush(&mut buf, owner, false, &mut page);
                    }
                    if tag == "a" {
                        link_depth += 1;
                    }
                    let parent = stack
                        .iter()
                        .rev()
                        .copied()
                        .find(|&i| i != NONE)
                        .unwrap_or(NONE);
                    let mut class_id = String::new();
                    if let Some(c) = e.attr("class") {
                        class_id.push_str(c);
                    }
                    if let Some(i) = e.id() {
                        class_id.push(' ');
                        class_id.push_str(i);
                    }
                    class_id.make_ascii_lowercase();
                    let index = page.els.len();
                    let has_img = matches!(tag.as_str(), "img" | "picture");
                    page.els.push(El {
                        tag,
                        parent,
                        end: index,
                        class_id,
                        has_img,
                        chars: 0,
                        link_chars: 0,
                    });
                    stack.push(index);
                    if is_block {
                        blocks.push(index);
                    }
                }
                Node::Text(t) => {
                    if let Some(_c) = &capture {
                        captured.push_str(&t[..]);
                    }
                    if skip_depth == 0 {
                        buf.push(&t[..], link_depth > 0);
                    }
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                let name = e.name();
                if let Some(c) = capture {
                    let ends = match c {
                        Capture::Title => name.eq_ignore_ascii_case("title"),
                        Capture::JsonLd => name.eq_ignore_ascii_case("script"),
                    };
                    if ends {
                        let text = std::mem::take(&mut captured);
                        match c {
                            Capture::Title => {
                                page.declared.title.get_or_insert_with(|| collapse(&text));
                            }
                            Capture::JsonLd => page.declared.json_ld.push(text),
                        }
                        capture = None;
                    }
                }
                let Some(index) = stack.pop() else { continue };
                if index == NONE {
                    skip_depth = skip_depth.saturating_sub(1);
                    continue;
                }
                let last = page.els.len() - 1;
                if let Some(el) = page.els.get_mut(index) {
                    el.end = last;
                    if el.tag == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                }
                if blocks.last() == Some(&index) {
                    flush(&mut buf, index, false, &mut page);
                    blocks.pop();
                }
            }
        }
    }
    flush(&mut buf, NONE, false, &mut page);
    // Text and image counts bottom-up: children come after their parent.
    for line in &page.lines {
        if let Some(el) = page.els.get_mut(line.owner) {
            el.chars += line.chars;
            el.link_chars += line.link_chars;
        }
    }
    for i in (0..page.els.len()).rev() {
        let p = page.els[i].parent;
        if p != NONE {
            let (chars, links, img) = (
                page.els[i].chars,
                page.els[i].link_chars,
                page.els[i].has_img,
            );
            let parent = &mut page.els[p];
            parent.chars += chars;
            parent.link_chars += links;
            parent.has_img |= img;
        }
    }
    page
}

#[derive(Debug, Clone, Copy)]
enum Capture {
    Title,
    JsonLd,
}

fn flush(buf: &mut Buf, owner: usize, soft: bool, page: &mut Page) {
    if !buf.text.is_empty() {
        page.lines.push(TextLine {
            text: std::mem::take(&mut buf.text),
            chars: buf.chars,
            link_chars: buf.link_chars,
            owner,
            soft,
        });
    }
    *buf = Buf::default();
}

fn read_meta(e: &scraper::node::Element, declared: &mut Declared) {
    let Some(content) = e.attr("content") else {
        return;
    };
    for key in ["property", "name", "itemprop"] {
        if let Some(k) = e.attr(key) {
            declared
                .metas
                .push((k.trim().to_ascii_lowercase(), content.to_string()));
        }
    }
}

/// Collapses white space runs to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut b = Buf::default();
    b.push(s, false);
    b.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_limited_and_shallow_pages_are_untouched() {
        let page = "<html><body><div class=\"a\"><p>x<br></div></body></html>";
        assert!(matches!(limit_depth(page), std::borrow::Cow::Borrowed(_)));
        // Only the attributes extraction reads are kept.
        assert_eq!(
            limit_depth("<a href=\"/x\" class='c' data-x=1>t</a><img src=a.jpg/><p hidden>"),
            "<a class='c'>t</a><img /><p hidden>"
        );
        // Scripts, styles and comments are cut; JSON-LD is kept.
        let page = "<p>a<!-- x --><script>if (a<b) {}</script><style>p{}</style>\
                    <script type=\"application/ld+json\">{\"a\":1}</script>";
        assert_eq!(
            limit_depth(page),
            "<p>a<script></script><style></style><script type=\"application/ld+json\">{\"a\":1}</script>"
        );
        let deep = format!("{}x{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let limited = limit_depth(&deep);
        assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains('x'));
        // Unclosed paragraphs and list items are not nesting.
        let flat = "<li><p>mục".repeat(2000);
        assert!(matches!(limit_depth(&flat), std::borrow::Cow::Borrowed(_)));
    }
}
