//! Main-text extraction: which element holds the article, and which of its
//! lines are headline, date line, lead, body, captions and byline.
//!
//! The container is chosen as readability does: every paragraph of 25
//! characters or more scores its container fully and the container's
//! parent by half (one point, one per comma, one per 100 characters up to
//! three), class and id names move an element up or down (`content`,
//! `detail`, `fck` up; `related`, `comment`, `sidebar` down), and the
//! total is discounted by the element's link density. Vietnamese news
//! layouts put the headline, the date line and the lead (`sapo`) outside
//! the body container, so those are found on their own: the headline as
//! the visible element matching the declared title, the lead between the
//! headline and the body by its class or by matching the declared
//! description, the date line as a short dated line in the same stretch.
//! Inside the container, boxes (related news, share bars, tags, comments,
//! "Tin liên quan" blocks) and link lists are dropped.

use super::dom::{El, NONE, Page, TextLine};
use super::meta::PageMeta;
use crate::normalize::markers::{MarkerKind, Markers, fold};
use crate::normalize::meta::{FoundDateTime, byline_shape, find_datetime, person_name_shape};
use regex::Regex;
use std::sync::OnceLock;

/// The tuned parameters of extraction, in one place.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Shortest line (characters) that scores its container.
    pub min_scoring_chars: usize,
    /// Score added (or taken) for a positive (negative) class or id.
    pub class_weight: f64,
    /// Least body text (characters) for a page to hold an article.
    pub min_article_chars: usize,
    /// A box whose link text is over this share of its text is a link list.
    pub link_box_density: f64,
    /// A line whose link text is over this share of it is a link.
    pub link_line_density: f64,
    /// Longest date line (characters).
    pub max_dateline_chars: usize,
}

/// The parameters in use.
pub const TUNED: Tuning = Tuning {
    min_scoring_chars: 25,
    class_weight: 25.0,
    min_article_chars: 150,
    link_box_density: 0.6,
    link_line_density: 0.5,
    max_dateline_chars: 120,
};

fn re(p: &str) -> Regex {
    Regex::new(p).expect("static regex")
}

/// Class and id names of article containers.
fn positive() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"article|body|content|entry|main|post|text|story|detail|fck|singular|noidung|chitiet|baiviet|cms")
    })
}

/// Class and id names of page furniture (for scoring).
fn negative() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"comment|relate|lienquan|lien-quan|footer|sidebar|side-bar|widget|menu|\bnav|banner|advert|\bads?\b|\bad-|quangcao|quang-cao|\bqc|sponsor|share|social|popup|\btags?\b|keyword|breadcrumb|most|hot-?news|tin-?moi|newsletter|subscribe|login|search|header|masthead|copyright|rating|vote|toolbar|other|xem-?them|box-?news|list-?news|readmore|read-more")
    })
}

/// Class and id names of boxes dropped inside the article container.
fn box_negative() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"comment|relate|lienquan|lien-quan|sidebar|widget|menu|banner|advert|\bads?\b|\bad-|adsbygoogle|quangcao|quang-cao|\bqc|sponsor|share|social|popup|\btags?\b|tag-?list|keyword|breadcrumb|most|newsletter|subscribe|rating|vote|print|toolbar|xem-?them|readmore|read-more|box-?news|tin-?moi|tinmoi|author|byline|copyright|footer|navigation|\bsource\b|related|signature")
    })
}

/// Class and id names of image captions.
fn caption_class() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"caption|chu-?thich|image-?desc|img-?desc|pic_?desc|photo-?desc|desc_image|desc-image|expnoedit|image-?note|note-?image|photo_?caption|fig-?desc")
    })
}

/// Class and id names of a lead paragraph (sapo).
fn lead_class() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        re(r"sapo|\blead|summary|description|chapeau|chappeau|txt-head|excerpt|intro|teaser|abstract|subtitle|sub-title|\bdesc\b|detail__summary")
    })
}

/// Class and id names of a headline.
fn title_class() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| re(r"title|headline|tieu-?de|tieude|heading"))
}

/// Class and id names of a date line.
fn date_class() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| re(r"date|time|publish|posted|ngay|\bmeta\b"))
}

/// What a line of the extracted text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// The date line.
    Dateline,
    /// The lead (sapo) or a body paragraph.
    Paragraph,
    /// A subheading inside the body.
    Heading,
    /// An image caption.
    Caption,
    /// The byline.
    Byline,
}

/// The article found in a page.
#[derive(Debug, Clone)]
pub struct Found {
    /// Its lines in reading order.
    pub blocks: Vec<(BlockKind, String)>,
    /// The headline, from the page (the visible headline, else the declared one).
    pub title: Option<String>,
    /// The date-time of the visible date line.
    pub visible_date: Option<FoundDateTime>,
    /// The byline's author.
    pub author: Option<String>,
}

/// Lower case, single spaces: the key to compare a line with a declared text.
fn key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `sub` is one of `els[anc]`'s subtree (or `anc` itself).
fn within(els: &[El], sub: usize, anc: usize) -> bool {
    anc != NONE && sub != NONE && anc <= sub && sub <= els[anc].end
}

/// How well a visible line matches a declared title (both as [`key`]s): 3
/// equal, 2 the declared title is the line plus a site suffix, 1 the
/// declared title starts with the line.
fn title_match(l: &str, d: &str) -> u8 {
    if l.is_empty() || d.is_empty() {
        return 0;
    }
    if l == d {
        return 3;
    }
    if let Some(rest) = d.strip_prefix(l)
        && rest
            .trim_start()
            .starts_with(['-', '|', '–', '—', ':', '»'])
    {
        return 2;
    }
    if l.len() >= d.len() / 2 && d.starts_with(l) && l.chars().count() >= 12 {
        return 1;
    }
    0
}

/// Finds the article in a flattened page; `None` when the page holds none.
pub fn extract(page: &Page, meta: &PageMeta) -> Option<Found> {
    let els = &page.els;
    let lines = &page.lines;
    if els.is_empty() || lines.is_empty() {
        return None;
    }
    let t = TUNED;

    // 1. Scores.
    let mut score = vec![0.0f64; els.len()];
    let mut touched = vec![false; els.len()];
    for l in lines {
        if l.owner == NONE || l.chars < t.min_scoring_chars {
            continue;
        }
        let owner = &els[l.owner];
        let container = if matches!(
            owner.tag.as_str(),
            "div" | "section" | "article" | "main" | "td" | "body" | "form"
        ) {
            l.owner
        } else {
            owner.parent
        };
        if container == NONE {
            continue;
        }
        let commas = l.text.matches([',', '،']).count() as f64;
        let s = 1.0 + commas + (l.chars as f64 / 100.0).min(3.0);
        score[container] += s;
        touched[container] = true;
        let gp = els[container].parent;
        if gp != NONE {
            score[gp] += s / 2.0;
            touched[gp] = true;
        }
    }
    let mut best: Option<(usize, f64)> = None;
    let mut finals = vec![0.0f64; els.len()];
    for (i, el) in els.iter().enumerate() {
        if !touched[i] {
            continue;
        }
        let mut s = score[i] + tag_weight(&el.tag);
        if positive().is_match(&el.class_id) {
            s += t.class_weight;
        }
        if negative().is_match(&el.class_id) {
            s -= t.class_weight;
        }
        let density = if el.chars == 0 {
            0.0
        } else {
            el.link_chars as f64 / el.chars as f64
        };
        s *= 1.0 - density;
        finals[i] = s;
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    let (root, root_score) = best?;
    let root = widen(els, root);

    // 1b. Readability's siblings: a sibling of the container that scores
    // well and is not a link list joins it (a body split by an ad); the
    // container becomes their parent, its other children dropped.
    let mut dropped = vec![false; els.len()];
    let parent = els[root].parent;
    let mut root = root;
    if parent != NONE {
        let threshold = (root_score * 0.2).max(10.0);
        let siblings: Vec<usize> = (parent + 1..=els[parent].end.min(els.len() - 1))
            .filter(|&j| els[j].parent == parent && j != root)
            .collect();
        let joins = |j: usize| {
            let el = &els[j];
            let density = el.link_chars as f64 / el.chars.max(1) as f64;
            touched[j]
                && finals[j] >= threshold
                && density < 0.25
                && !box_negative().is_match(&el.class_id)
                && !negative().is_match(&el.class_id)
                && !matches!(el.tag.as_str(), "aside" | "footer" | "header" | "form")
        };
        if siblings.iter().any(|&j| joins(j)) {
            for &j in &siblings {
                if !joins(j) {
                    // Keep a sibling only if it is within the article's
                    // stretch: between the first and the last joined part.
                    dropped[j] = true;
                }
            }
            root = parent;
        }
    }

    // 2. Boxes dropped inside the container: teaser cards first (a linked
    // title over a short text, two or more side by side), then boxes by
    // class, tag and link density.
    drop_teaser_cards(els, lines, root, &mut dropped);
    let root_chars = els[root].chars.max(1);
    for i in root + 1..=els[root].end.min(els.len() - 1) {
        let el = &els[i];
        let inherited = el.parent != NONE && dropped[el.parent];
        dropped[i] = dropped[i] || inherited || box_dropped(el, root_chars);
    }

    let first_root_line = lines.iter().position(|l| within(els, l.owner, root));
    let first_root_line = first_root_line?;

    // 3. Headline: the visible line matching a declared title best.
    // Ranked by how well it matches, then an h1 over other headings, then
    // a line before the body over one after it (a related box's link).
    let title_keys: Vec<String> = meta.titles.iter().map(|t| key(t)).collect();
    let longest_title = meta.titles.iter().map(String::len).max().unwrap_or(0) + 8;
    let mut title_line: Option<(usize, (u8, bool, bool, bool))> = None;
    for (i, l) in lines.iter().enumerate() {
        if l.chars < 8 || l.chars > 400 || l.owner == NONE {
            continue;
        }
        let el = &els[l.owner];
        let h1 = el.tag == "h1";
        let heading = h1
            || title_class().is_match(&el.class_id)
            || el.tag.starts_with('h') && el.tag.len() == 2;
        // A headline may be a link to itself; other linked titles are teasers.
        if !h1 && l.link_chars * 2 > l.chars {
            continue;
        }
        // Only lines that may match: no longer than the longest declared title.
        if !heading && l.text.len() > longest_title {
            continue;
        }
        let line_key = key(&l.text);
        let m = title_keys
            .iter()
            .map(|d| title_match(&line_key, d))
            .max()
            .unwrap_or(0);
        let m = if m == 0 && h1 && meta.titles.is_empty() {
            1
        } else {
            m
        };
        // A line that is no heading must be the declared title itself.
        if !heading && m < 3 {
            continue;
        }
        let rank = (
            m,
            heading,
            h1,
            i < first_root_line || within(els, l.owner, root),
        );
        if m > 0 && title_line.is_none_or(|(_, b)| rank > b) {
            title_line = Some((i, rank));
        }
    }
    let title_line = title_line.map(|(i, _)| i).or_else(|| {
        // No declared title matched: the first h1 before the body.
        lines[..first_root_line.saturating_add(5).min(lines.len())]
            .iter()
            .position(|l| l.owner != NONE && els[l.owner].tag == "h1" && l.chars >= 8)
    });
    let title = match title_line {
        Some(i) => Some(lines[i].text.clone()),
        None => meta.titles.first().map(|t| strip_site_suffix(t)),
    };

    // 4. Between the headline and the body: the date line and the lead.
    let header_start = title_line.map_or(first_root_line.saturating_sub(30), |i| i + 1);
    let header: Vec<usize> = if header_start < first_root_line {
        (header_start..first_root_line).collect()
    } else {
        Vec::new()
    };
    let mut dateline: Option<(usize, FoundDateTime)> = None;
    let mut lead: Vec<usize> = Vec::new();
    let description = meta.description.as_deref().map(key);
    for &i in &header {
        let l = &lines[i];
        if l.owner == NONE || l.link_chars * 2 > l.chars {
            continue;
        }
        let el = &els[l.owner];
        let classes = class_chain(els, l.owner, 3);
        if dateline.is_none()
            && l.chars <= t.max_dateline_chars
            && (title_line.is_some() || date_class().is_match(&classes) || el.tag == "time")
            && let Some(d) = find_datetime(&l.text)
        {
            dateline = Some((i, d));
            continue;
        }
        let by_class = lead_class().is_match(&classes) && l.chars >= 30;
        let by_description = description
            .as_deref()
            .is_some_and(|d| l.chars >= 30 && same_start(&key(&l.text), d));
        // A full sentence-ending paragraph, no link, right under the
        // headline: a lead whatever its class.
        let by_shape = title_line.is_some()
            && header.len() <= 15
            && l.chars >= 80
            && l.link_chars == 0
            && ends_sentence(&l.text)
            && !box_negative().is_match(&classes);
        if (by_class || by_description || by_shape) && !negative().is_match(&el.class_id) {
            lead.push(i);
        }
    }

    // A date line just above the headline (over the breadcrumb, as some
    // layouts have it), when none stands under it.
    if dateline.is_none()
        && let Some(ti) = title_line
    {
        dateline = (ti.saturating_sub(6)..ti).rev().find_map(|i| {
            let l = &lines[i];
            let short =
                l.owner != NONE && l.chars <= t.max_dateline_chars && l.link_chars * 2 <= l.chars;
            let marked =
                date_class().is_match(&class_chain(els, l.owner, 2)) || els[l.owner].tag == "time";
            // Unmarked, the line must be nothing but a date line.
            short
                .then(|| find_datetime(&l.text))
                .flatten()
                .filter(|d| marked || d.whole_line)
                .map(|d| (i, d))
        });
    }

    // 5. The body: the container's lines that are not in dropped boxes.
    let mut blocks: Vec<(BlockKind, String)> = Vec::new();
    let mut body_chars = 0usize;
    if let Some(t) = &title {
        blocks.push((BlockKind::Title, t.clone()));
    }
    let title_key = title.as_deref().map(key);
    if let Some((i, _)) = &dateline {
        blocks.push((BlockKind::Dateline, lines[*i].text.clone()));
    }
    let mut lead_keys: Vec<String> = Vec::new();
    for &i in &lead {
        lead_keys.push(key(&lines[i].text));
        body_chars += lines[i].chars;
        blocks.push((BlockKind::Paragraph, lines[i].text.clone()));
    }
    let m = Markers::get();
    let mut skip_teasers = false;
    let mut dateline_seen = dateline.is_some();
    let mut author: Option<String> = None;
    let root_lines: Vec<usize> = (first_root_line..lines.len())
        .filter(|&i| within(els, lines[i].owner, root))
        .collect();
    let last_long = root_lines
        .iter()
        .rposition(|&i| lines[i].chars >= 120 && !dropped[lines[i].owner]);
    let mut visible_date = dateline.as_ref().map(|(_, d)| d.clone());
    for (n, &i) in root_lines.iter().enumerate() {
        let l = &lines[i];
        // A date line at the top of the container, even inside a box
        // dropped as furniture ("author-share-top").
        if !dateline_seen
            && n < 8
            && body_chars == 0
            && l.chars <= t.max_dateline_chars
            && let Some(d) = find_datetime(&l.text)
        {
            dateline_seen = true;
            visible_date = Some(d);
            blocks.push((BlockKind::Dateline, l.text.clone()));
            continue;
        }
        if dropped[l.owner] {
            continue;
        }
        // Short lines above the headline (a section label, a kicker) are
        // page furniture.
        if title_line.is_some_and(|ti| i < ti) && l.chars < 100 {
            continue;
        }
        if (l.link_chars as f64) > l.chars as f64 * t.link_line_density {
            continue;
        }
        // Compared only when the lengths allow (NFC keys cost).
        let near = |a: usize| l.text.len() <= a * 2 + 8 && a <= l.text.len() * 2 + 8;
        let may_repeat = title_key.as_ref().is_some_and(|t| near(t.len()))
            || lead_keys.iter().any(|k| near(k.len()));
        if may_repeat {
            let k = key(&l.text);
            if title_key.as_deref() == Some(k.as_str()) || lead_keys.contains(&k) {
                continue;
            }
        }
        let folded = if l.chars <= 60 {
            fold(&l.text)
        } else {
            String::new()
        };
        if l.chars <= 60 && (widget_line(m, &folded) || m.is_exactly(MarkerKind::Nav, &folded)) {
            continue;
        }
        if l.chars <= 40
            && (m.is_exactly(MarkerKind::MoreNews, &folded) || extra_more_news(&folded))
        {
            // A more-news heading directly in the body: the teasers under
            // it are dropped up to the next real paragraph.
            skip_teasers = true;
            continue;
        }
        if skip_teasers {
            let teaser = l.chars < 160 && !ends_sentence(&l.text);
            if teaser {
                continue;
            }
            skip_teasers = false;
        }
        let el = &els[l.owner];
        let kind = if is_caption(els, l, root) {
            BlockKind::Caption
        } else if last_long.is_some_and(|ll| n > ll) && l.chars <= 60 && byline_shape(&l.text) {
            author.get_or_insert_with(|| {
                l.text
                    .trim_start_matches("Theo ")
                    .trim_end_matches(" (tổng hợp)")
                    .to_string()
            });
            BlockKind::Byline
        } else if matches!(el.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6") {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        // Captions count: a photo story is an article too.
        if matches!(
            kind,
            BlockKind::Paragraph | BlockKind::Heading | BlockKind::Caption
        ) {
            body_chars += l.chars;
        }
        blocks.push((kind, l.text.clone()));
    }
    if body_chars < t.min_article_chars {
        return None;
    }
    // "Nguyên Minh - 07/03/2026 08:47": the name before the date.
    if author.is_none()
        && let Some((_, line)) = blocks.iter().find(|(k, _)| *k == BlockKind::Dateline)
        && let Some(at) = line.find(|c: char| c.is_ascii_digit())
    {
        let name = line[..at]
            .trim()
            .trim_end_matches(['-', '|', ',', '–'])
            .trim();
        if person_name_shape(name) {
            author = Some(name.to_string());
        }
    }
    Some(Found {
        blocks,
        title,
        visible_date,
        author,
    })
}

/// Marks teaser cards inside `root`: elements whose first line is all
/// link (another article's title) with a short text under it, when two or
/// more stand under one parent (a related-news list without class names).
fn drop_teaser_cards(els: &[El], lines: &[TextLine], root: usize, dropped: &mut [bool]) {
    const MAX_CARD_CHARS: usize = 500;
    const UP: usize = 4;
    // first_link[e]: Some(is the first line in e's subtree all link?).
    let mut first_link: rustc_hash::FxHashMap<usize, (bool, usize)> = Default::default();
    for l in lines {
        if !within(els, l.owner, root) {
            continue;
        }
        let all_link = l.chars >= 15 && l.link_chars * 10 >= l.chars * 9;
        let mut e = l.owner;
        for _ in 0..UP {
            if e == NONE || e == root {
                break;
            }
            first_link.entry(e).or_insert((all_link, l.chars));
            e = els[e].parent;
        }
    }
    let card = |e: usize| {
        let el = &els[e];
        matches!(el.tag.as_str(), "div" | "li" | "article" | "section")
            && el.chars < MAX_CARD_CHARS
            && first_link
                .get(&e)
                .is_some_and(|&(link, head)| link && el.chars > head + 20)
    };
    let mut per_parent: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    for &e in first_link.keys() {
        if card(e) {
            per_parent.entry(els[e].parent).or_default().push(e);
        }
    }
    for cards in per_parent.values().filter(|c| c.len() >= 2) {
        for &e in cards {
            dropped[e] = true;
        }
    }
}

/// Readability's start values by tag.
fn tag_weight(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "section" | "main" => 5.0,
        "td" | "blockquote" | "pre" => 3.0,
        "form" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// A chosen container that is one of several sibling parts of the body
/// (`div.content-part` after `div.content-part`) is widened to their
/// parent when the parent holds little else.
fn widen(els: &[El], root: usize) -> usize {
    let p = els[root].parent;
    if p == NONE || els[p].chars == 0 {
        return root;
    }
    let share = els[root].chars as f64 / els[p].chars as f64;
    let same_class_sibling = els[root].class_id.len() > 2
        && (p + 1..=els[p].end).any(|j| {
            j != root
                && els[j].parent == p
                && els[j].class_id == els[root].class_id
                && els[j].chars > 0
        });
    if same_class_sibling && share >= 0.3 {
        p
    } else {
        root
    }
}

/// Whether an element inside the container is a box to drop.
fn box_dropped(el: &El, root_chars: usize) -> bool {
    // Never the bulk of the article, whatever its class says.
    if el.chars * 2 > root_chars {
        return false;
    }
    if matches!(el.tag.as_str(), "aside" | "footer" | "form" | "fieldset") {
        return true;
    }
    if box_negative().is_match(&el.class_id) && !caption_class().is_match(&el.class_id) {
        return true;
    }
    matches!(
        el.tag.as_str(),
        "ul" | "ol" | "div" | "section" | "table" | "aside" | "dl"
    ) && el.chars >= 20
        && el.link_chars as f64 > el.chars as f64 * TUNED.link_box_density
}

/// The class and id names of an element and `up` of its ancestors.
fn class_chain(els: &[El], mut i: usize, up: usize) -> String {
    let mut s = String::new();
    for _ in 0..=up {
        if i == NONE {
            break;
        }
        s.push_str(&els[i].class_id);
        s.push(' ');
        i = els[i].parent;
    }
    s
}

/// Whether a line in the container is an image caption: inside a
/// `figure` or `figcaption`, under a caption class, or the short text of a
/// table that holds an image.
fn is_caption(els: &[El], l: &TextLine, root: usize) -> bool {
    let mut i = l.owner;
    let mut depth = 0;
    while i != NONE && i != root && depth < 6 {
        let el = &els[i];
        if matches!(el.tag.as_str(), "figcaption" | "figure")
            || caption_class().is_match(&el.class_id)
        {
            return true;
        }
        if el.tag == "table" && el.has_img && el.chars < 600 && l.chars < 400 {
            return true;
        }
        i = el.parent;
        depth += 1;
    }
    false
}

/// Whether two texts open alike: the first 50 characters (or the whole
/// shorter one) are the same.
fn same_start(a: &str, b: &str) -> bool {
    let n = 50.min(a.chars().count()).min(b.chars().count());
    n >= 20 && a.chars().take(n).eq(b.chars().take(n))
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', ')', '»', ' '])
        .ends_with(['.', '!', '?', '…', ';', ':'])
}

/// Whether a short line is only share, print, comment and font-size
/// widget words (the marker table's `widget` phrases), numbers and
/// punctuation: "Chia sẻ", "Bình luận (12)", "In bài | Gửi email".
fn widget_line(m: &Markers, folded: &str) -> bool {
    let mut rest = format!(" {folded} ");
    let mut hits = 0;
    for p in m.of(MarkerKind::Widget) {
        let needle = format!(" {p} ");
        while let Some(at) = rest.find(&needle) {
            rest.replace_range(at..at + needle.len(), " ");
            hits += 1;
        }
    }
    hits > 0 && !rest.chars().any(crate::chars::is_alpha)
}

/// More-news headings the marker table does not list.
fn extra_more_news(folded: &str) -> bool {
    let t = folded.trim().trim_end_matches([':', '.']).trim_end();
    matches!(
        t,
        "tham khảo thêm" | "xem thêm" | "tin liên quan" | "bài liên quan" | "đọc tiếp" | "xem tiếp"
    )
}

/// A declared title without its site suffix: "Tít bài - Báo X" -> "Tít bài".
pub fn strip_site_suffix(t: &str) -> String {
    for sep in [" | ", " - ", " – ", " — "] {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            if tail.split_whitespace().count() <= 6 && head.chars().count() >= 12 {
                return strip_site_suffix(head);
            }
        }
    }
    t.to_string()
}
