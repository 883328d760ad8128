//! Boilerplate set aside and metadata found: every non-blank line gets a
//! [`Role`], and `removed` and `meta` are filled from the roles.
//!
//! The rules look at what scraped Vietnamese news pages share, not at one
//! site: marker phrases (data/normalize/markers.tsv), the shape of a line
//! (short, capitalised, no final stop), its position (header, tail, after
//! the byline) and the layout (an image leaves an extra blank line; an
//! image's alt text and caption print the same line twice).

use super::markers::{MarkerKind, Markers, fold};
use super::meta;
use crate::chars::CharExt;
use crate::document::{Document, Line, Removed, RemovedKind, Role, Work};
use crate::segment::Segmenter;
use memchr::memmem::{Finder, FinderRev};
use std::sync::OnceLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// The widget or caption-end phrases with their searchers, built once
/// instead of once per line and phrase.
struct PhraseSearch {
    /// Each phrase with its forward and backward finders.
    phrases: Vec<(&'static str, Finder<'static>, FinderRev<'static>)>,
    /// Any of the phrases: most lines hold none, and one pass tells so
    /// instead of one per phrase (`None` if it failed to build).
    any: Option<regex::Regex>,
}

impl PhraseSearch {
    /// The searchers of `kind` (empty for kinds other than widget and
    /// caption end).
    fn of(kind: MarkerKind) -> &'static PhraseSearch {
        static WIDGET: OnceLock<PhraseSearch> = OnceLock::new();
        static CAPTION_END: OnceLock<PhraseSearch> = OnceLock::new();
        static NONE: PhraseSearch = PhraseSearch {
            phrases: Vec::new(),
            any: None,
        };
        let cell = match kind {
            MarkerKind::Widget => &WIDGET,
            MarkerKind::CaptionEnd => &CAPTION_END,
            _ => return &NONE,
        };
        cell.get_or_init(|| {
            let m = Markers::get();
            let alts: Vec<String> = m.of(kind).map(regex::escape).collect();
            PhraseSearch {
                phrases: m
                    .of(kind)
                    .map(|p| (p, Finder::new(p.as_bytes()), FinderRev::new(p.as_bytes())))
                    .collect(),
                any: regex::Regex::new(&alts.join("|")).ok(),
            }
        })
    }

    /// Whether `text` may hold one of the phrases (true when unsure).
    fn may_hold(&self, text: &str) -> bool {
        self.any.as_ref().is_none_or(|re| re.is_match(text))
    }
}

/// How many lines from the top count as the header (title, date, byline).
const HEADER_LINES: usize = 6;
/// A repeated line is boilerplate only from this many words on.
const MIN_DUPLICATE_WORDS: usize = 6;
/// A caption set off by an image gap is at most this long (bytes).
const MAX_GAP_CAPTION: usize = 450;
/// A teaser under a more-news heading inside the article is a headline of
/// at most this many words, without a final stop.
const HEADLINE_WORDS: usize = 25;
/// A teaser in the page's tail (a headline, maybe with its sapo) has at most
/// this many words; a longer line is a body paragraph and ends any
/// more-news block.
const TEASER_WORDS: usize = 60;

/// Per-line facts computed once.
struct Info {
    folded: String,
    words: usize,
    ends_sentence: bool,
}

/// Folds a line for marker matching. Markers stand at the start or the end
/// of short lines, so a long line is folded by its head and tail only,
/// joined by its length (keeping long lines distinct as duplicate keys
/// would need the whole text: those use the exact text, see `dup_key`).
fn fold_for_markers(t: &str) -> String {
    const KEEP: usize = 120;
    if t.len() <= 2 * KEEP {
        return fold(t);
    }
    let head_end = (0..=KEEP)
        .rev()
        .find(|&i| t.is_char_boundary(i))
        .unwrap_or(0);
    let tail_start = (t.len() - KEEP..t.len())
        .find(|&i| t.is_char_boundary(i))
        .unwrap_or(t.len());
    format!("{} … {}", fold(&t[..head_end]), fold(&t[tail_start..]))
}

/// Words of a line: white-space separated tokens with a letter or digit,
/// so separators such as "|", "•" or ">" are not words.
fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(crate::chars::is_alnum))
        .count()
}

/// Classifies the lines of `work` (its `lines`, and `published` when a
/// date line gives it), sets boilerplate aside into `doc.removed` and fills
/// `doc.meta`. It reads at most [`crate::document::item_limit`] lines, the
/// first ones, with a warning when there are more.
pub fn clean(work: &mut Work, doc: &mut Document, seg: &Segmenter) {
    let norm = work.text.norm();
    let limit = crate::document::item_limit(norm.len());
    let (mut lines, total) = super::split_lines(norm, limit);
    if let Some(w) = crate::document::over_read("normalize", "lines", lines.len(), total) {
        doc.warnings.push(w);
    }
    let m = Markers::get();
    let info: Vec<Info> = lines
        .iter()
        .map(|l| {
            let t = &norm[l.norm.clone()];
            Info {
                folded: fold_for_markers(t),
                words: words(t),
                ends_sentence: t
                    .trim_end_matches(['"', '”', '’', ')', '»', ' '])
                    .ends_with(['.', '!', '?', '…', ';']),
            }
        })
        .collect();
    let texts: Vec<&str> = lines.iter().map(|l| &norm[l.norm.clone()]).collect();
    let text = |i: usize| texts[i];

    // 1. Lines that say what they are by a marker.
    for i in 0..lines.len() {
        let f = &info[i].folded;
        let role = if m
            .strip_prefix(MarkerKind::Related, f)
            .is_some_and(|r| words(r) >= 2)
        {
            Some(RemovedKind::Related)
        } else if m.is_exactly(MarkerKind::MoreNews, f) {
            Some(RemovedKind::MoreNews)
        } else if info[i].words <= 41
            && m.strip_prefix(MarkerKind::Tags, f)
                .is_some_and(|r| !r.trim_start_matches([':', ' ']).is_empty())
        {
            Some(RemovedKind::Tags)
        } else if info[i].words <= 20 && is_navigation(f, text(i)) {
            Some(RemovedKind::Navigation)
        } else if info[i].words <= 14 && is_widget(f) {
            Some(RemovedKind::Widget)
        } else if is_marked_caption(f) {
            Some(RemovedKind::Caption)
        } else {
            None
        };
        if let Some(kind) = role {
            lines[i].role = Role::Removed(kind);
        }
    }

    // 2. Header: title, date line, top byline. The last line of a page
    //    (a byline under a photo gallery) is never its title.
    let last_content = lines
        .iter()
        .rposition(|l| !matches!(l.role, Role::Removed(_)));
    let mut published: Option<meta::FoundDateTime> = None;
    let mut title: Option<usize> = None;
    for i in 0..lines.len().min(HEADER_LINES) {
        if lines[i].role != Role::Body {
            continue;
        }
        if let Some(found) = meta::find_datetime(text(i)).filter(|f| f.whole_line) {
            lines[i].role = Role::Meta;
            published.get_or_insert(found);
        } else if title.is_none() && Some(i) != last_content {
            title = Some(i);
            lines[i].role = Role::Title;
        } else if info[i].words <= 8
            && !info[i].ends_sentence
            && is_byline(m, &info[i].folded, text(i))
        {
            lines[i].role = Role::Meta;
        } else {
            break;
        }
    }
    // A date line may also stand at the foot of the article.
    if published.is_none() {
        let foot = (0..lines.len())
            .filter(|&i| lines[i].role == Role::Body)
            .find_map(|i| {
                meta::find_datetime(text(i))
                    .filter(|f| f.whole_line)
                    .map(|f| (i, f))
            });
        if let Some((i, found)) = foot {
            lines[i].role = Role::Meta;
            published = Some(found);
        }
    }

    // 3. More-news blocks: the heading and the teasers under it.
    consume_more_news(&mut lines, &info, norm);

    // 4. Tail: the byline and credit just before the trailing boilerplate.
    let tail = lines
        .iter()
        .rposition(|l| !matches!(l.role, Role::Removed(k) if k != RemovedKind::Caption))
        .map_or(0, |i| i + 1);
    let mut author: Option<String> = None;
    let mut credit: Option<String> = None;
    let mut i = tail;
    let mut looked = 0;
    while i > 0 && looked < 3 {
        i -= 1;
        if lines[i].role != Role::Body {
            continue;
        }
        looked += 1;
        let t = text(i);
        if let Some(c) = meta::credit(t) {
            lines[i].role = Role::Meta;
            // "Theo Kiều Anh" over "VOV": the name is the author, the last
            // line the outlet.
            if looked == 2 && credit.is_none() && meta::person_name_shape(&c) {
                if let Some(outlet) = author.take() {
                    credit = Some(outlet);
                }
                author = Some(c);
            } else {
                credit.get_or_insert(c);
            }
        } else if is_byline(m, &info[i].folded, t) && Some(i) != first_body(&lines) {
            lines[i].role = Role::Meta;
            if author.is_none() {
                // "Minh Phương Theo CNA, Reuters": author, then credit.
                let byline = meta::byline_author(t);
                match byline.as_deref().and_then(|a| a.split_once(" Theo ")) {
                    Some((name, source)) => {
                        author = Some(name.trim().to_string());
                        credit.get_or_insert(source.trim().to_string());
                    }
                    None => author = byline,
                }
            }
        } else {
            break;
        }
    }
    // The top byline, if the tail had none.
    for i in 0..lines.len().min(HEADER_LINES + 1) {
        if lines[i].role == Role::Meta
            && author.is_none()
            && meta::credit(text(i)).is_none()
            && is_byline(m, &info[i].folded, text(i))
        {
            author = meta::byline_author(text(i));
        }
    }

    // 5. Repeated lines: later copies are duplicates; a line repeated right
    //    after itself is an image's alt text and caption, so the first copy
    //    is a caption.
    let mut seen: foldhash::HashMap<&str, usize> = Default::default();
    for i in 0..lines.len() {
        // Short repeated lines (table cells, list items, headings) are content.
        if matches!(lines[i].role, Role::Removed(k) if k != RemovedKind::Caption)
            || info[i].words < MIN_DUPLICATE_WORDS
        {
            continue;
        }
        // The normalized view has one tone placement already, so the exact
        // text (case aside) is the key; short lines use their folded form.
        let key = if lines[i].norm.len() <= 240 {
            info[i].folded.as_str()
        } else {
            texts[i]
        };
        match seen.get(key) {
            Some(&j) => {
                let adjacent = j + 1 == i;
                lines[i].role = Role::Removed(RemovedKind::Duplicate);
                if adjacent && lines[j].role == Role::Body {
                    lines[j].role = Role::Removed(RemovedKind::Caption);
                }
            }
            None => {
                seen.insert(key, i);
            }
        }
    }

    // 6. Captions set off by an image gap: a short standalone paragraph
    //    after two or more blank lines, when such gaps are rare elsewhere.
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].role == Role::Body)
        .collect();
    let gaps = body.iter().filter(|&&i| lines[i].blank_before >= 2).count();
    if body.len() >= 4 && gaps * 10 <= body.len() * 4 {
        let last_body = body.last().copied();
        for &i in &body {
            let l = &lines[i];
            let alone = lines.get(i + 1).is_none_or(|n| n.block != l.block);
            if l.blank_before >= 2
                && alone
                && Some(i) != last_body
                && Some(i) != body.first().copied()
                && l.norm.len() <= MAX_GAP_CAPTION
                && sentence_count(text(i)) <= 2
            {
                lines[i].role = Role::Removed(RemovedKind::Caption);
            }
        }
    }

    // A headline needs a body under it: a text with nothing else (one
    //    sentence, one paragraph) is body, not a title.
    if let Some(t) = title
        && !lines.iter().any(|l| l.role == Role::Body)
    {
        lines[t].role = Role::Body;
        title = None;
    }

    // 7. Metadata and the removed list.
    // The title as written, in NFC (the other metadata strings come from
    // the normalized view, which is NFC already).
    doc.meta.title = title.map(|i| {
        let written = work.text.excerpt(lines[i].norm.clone()).1;
        match is_nfc_quick(written.chars()) {
            IsNormalized::Yes => written,
            _ => written.nfc().collect(),
        }
    });
    if let Some(p) = &published {
        doc.meta.published = Some(p.iso());
        work.published = Some(p.value);
    }
    doc.meta.place = first_body(&lines)
        .and_then(|i| meta::dateline_place(text(i)))
        .map(str::to_string);
    doc.meta.author = author;
    doc.meta.credit = credit;
    doc.meta.tags = lines
        .iter()
        .zip(&info)
        .filter(|(l, _)| l.role == Role::Removed(RemovedKind::Tags))
        .flat_map(|(l, inf)| {
            let t = &norm[l.norm.clone()];
            let marker_words = words(&inf.folded)
                - m.strip_prefix(MarkerKind::Tags, &inf.folded)
                    .map_or(0, words);
            let rest: Vec<&str> = t.split_whitespace().skip(marker_words).collect();
            meta::split_tags(&rest.join(" "), seg)
        })
        .collect();
    doc.removed = removed_items(&work.text, &lines);
    work.lines = lines;
}

fn first_body(lines: &[Line]) -> Option<usize> {
    lines.iter().position(|l| l.role == Role::Body)
}

fn sentence_count(s: &str) -> usize {
    let mut n = 0;
    let mut prev_stop = false;
    for c in s.chars() {
        let stop = matches!(c, '.' | '!' | '?' | '…');
        if stop && !prev_stop {
            n += 1;
        }
        prev_stop = stop;
    }
    n.max(1)
}

fn is_byline(m: &Markers, folded: &str, text: &str) -> bool {
    m.strip_prefix(MarkerKind::Byline, folded).is_some() && words(text) <= 10
        || meta::byline_shape(text)
}

fn is_navigation(folded: &str, text: &str) -> bool {
    let m = Markers::get();
    // A navigation phrase makes a line navigation when it is the whole line
    // or nearly ("Trang chủ", "Xem các tin đã đưa ngày: ..."), not when it
    // opens a headline ("Tìm kiếm El Dorado - thành phố vàng mất tích").
    let specific = |p: &str| p.ends_with(':') || words(p) >= 4;
    if m.of(MarkerKind::Nav).any(|p| {
        folded.strip_prefix(p).is_some_and(|rest| {
            let boundary = !rest.starts_with(|c: char| c.is_alnum());
            // Words in the sense of Unicode text segmentation (UAX #29):
            // "Tin trong: Chuyên mục này" has four, "| Trang sau" two.
            let rest_words = rest.unicode_words().count();
            boundary && (rest_words <= 2 || (specific(p) && rest_words <= 12))
        })
    }) {
        return true;
    }
    // Breadcrumbs: "Trang chủ > Thời sự > Chính trị", "Chính trị » Xây dựng Đảng".
    let seps =
        text.matches(" > ").count() + text.matches(" » ").count() + text.matches(" / ").count();
    seps >= 1
        && words(text) <= 14
        && !text.ends_with('.')
        && text
            .split(['>', '»', '/'])
            .all(|seg| (1..=5).contains(&words(seg)))
}

fn is_widget(folded: &str) -> bool {
    let search = PhraseSearch::of(MarkerKind::Widget);
    if words(folded) > 14 || !search.may_hold(folded) {
        return false;
    }
    let mut rest = folded.to_string();
    let mut hits = 0;
    for &(p, ref finder, _) in &search.phrases {
        // Whole-word removal of each widget phrase (none without the phrase).
        if finder.find(rest.as_bytes()).is_none() {
            continue;
        }
        let mut out = String::with_capacity(rest.len());
        let mut found = false;
        for part in format!(" {rest} ").split(&format!(" {p} ")) {
            if !out.is_empty() || found {
                out.push(' ');
            }
            out.push_str(part);
            found = true;
        }
        if words(&out) < words(&rest) {
            hits += 1;
            rest = out;
        }
    }
    let leftover = rest
        .split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alpha()) && !matches!(*w, "a" | "a+" | "a-"))
        .count();
    // "Chia sẻ", "In bài | Gửi email", or "Theo dõi X trên Google News".
    (hits > 0 && leftover == 0) || (hits >= 2 && leftover <= 2)
}

fn is_marked_caption(folded: &str) -> bool {
    let m = Markers::get();
    if m.strip_prefix(MarkerKind::CaptionStart, folded).is_some() {
        return true;
    }
    // "Bài và ảnh: NAME" is a byline, not a caption.
    if m.strip_prefix(MarkerKind::Byline, folded).is_some() {
        return false;
    }
    let t = folded.trim_end_matches([')', '.', ' ', ']']);
    let search = PhraseSearch::of(MarkerKind::CaptionEnd);
    if !search.may_hold(t) {
        return false;
    }
    search.phrases.iter().any(|(p, _, finder)| {
        finder.rfind(t.as_bytes()).is_some_and(|at| {
            let after = &t[at + p.len()..];
            let boundary = at == 0 || t[..at].ends_with([' ', '(', '[', '.', '-', '–']);
            boundary && words(after) <= 8 && !after.contains(". ")
        })
    })
}

/// Marks the lines under each more-news heading. After the byline or tags
/// the block runs to the next navigation or tags line or the end. After the
/// last long body paragraph it takes headlines (lines without a final stop)
/// up to such a line. Inside the article it takes only the teaser lines
/// right under the heading: headlines of at most [`HEADLINE_WORDS`] words.
/// Unless a byline or tags line stands before the heading, a line of more
/// than [`TEASER_WORDS`] words is a body paragraph and ends the block, so a
/// heading in the middle of the body costs no paragraph of the article.
fn consume_more_news(lines: &mut [Line], info: &[Info], norm: &str) {
    let n = lines.len();
    // long_after[j]: long body paragraphs at j or later (suffix counts, so
    // each heading is decided in O(1), not by a scan).
    let mut long_after = vec![0usize; n + 1];
    for j in (0..n).rev() {
        let long =
            lines[j].role == Role::Body && info[j].words > HEADLINE_WORDS && info[j].ends_sentence;
        long_after[j] = long_after[j + 1] + usize::from(long);
    }
    // last_body[j], last_tags[j]: the last body and tags line before j.
    let mut last_body = vec![None; n + 1];
    let mut last_tags = vec![None; n + 1];
    for j in 0..n {
        last_body[j + 1] = if lines[j].role == Role::Body {
            Some(j)
        } else {
            last_body[j]
        };
        last_tags[j + 1] = if lines[j].role == Role::Removed(RemovedKind::Tags) {
            Some(j)
        } else {
            last_tags[j]
        };
    }
    let mut i = 0;
    while i < n {
        if lines[i].role != Role::Removed(RemovedKind::MoreNews) {
            i += 1;
            continue;
        }
        let long_body_after = long_after[i + 1];
        // Tail: tags, a byline or a credit stand between the body and the heading.
        let prev_body = last_body[i];
        let after_meta = prev_body.is_some_and(|b| {
            last_tags[i].is_some_and(|t| t > b) || meta::byline_shape(&norm[lines[b].norm.clone()])
        });
        // Any long body paragraph after the heading means the heading is
        // inside the article (issue 17: one "Tin liên quan" line in the body
        // used to take every paragraph after it).
        let tail = after_meta || long_body_after == 0;
        let mut j = i + 1;
        while j < n {
            let l = &lines[j];
            let stop = matches!(
                l.role,
                Role::Removed(RemovedKind::Navigation | RemovedKind::Tags | RemovedKind::MoreNews)
            ) || l.role == Role::Meta;
            // After the byline or tags the article is over: the block runs
            // on, long teaser sapos included.
            if stop || (!after_meta && info[j].words > TEASER_WORDS) {
                break;
            }
            let related = matches!(l.role, Role::Removed(RemovedKind::Related));
            if !tail {
                let teaser = related
                    || (info[j].words <= HEADLINE_WORDS
                        && !info[j].ends_sentence
                        && l.blank_before <= 1);
                if !teaser {
                    break;
                }
            } else if !after_meta && info[j].ends_sentence && !related {
                // A tail inferred only from the lack of long paragraphs
                // after the heading takes headlines; a sentence there is
                // the article's short last paragraph.
                break;
            }
            lines[j].role = Role::Removed(RemovedKind::MoreNews);
            j += 1;
        }
        i = j;
    }
}

/// The removed list: one item per line, except that runs of more-news,
/// navigation and widget lines merge into one item.
fn removed_items(text: &crate::text::Text, lines: &[Line]) -> Vec<Removed> {
    let mut out: Vec<Removed> = Vec::new();
    let mut last: Option<(RemovedKind, usize, std::ops::Range<usize>)> = None;
    let flush = |last: &mut Option<(RemovedKind, usize, std::ops::Range<usize>)>,
                 out: &mut Vec<Removed>| {
        if let Some((kind, _, range)) = last.take() {
            let (span, written) = text.excerpt(range);
            out.push(Removed {
                kind,
                span,
                text: written,
            });
        }
    };
    for (i, l) in lines.iter().enumerate() {
        let Role::Removed(kind) = l.role else {
            flush(&mut last, &mut out);
            continue;
        };
        let mergeable = matches!(
            kind,
            RemovedKind::MoreNews | RemovedKind::Navigation | RemovedKind::Widget
        );
        match &mut last {
            Some((k, prev, range)) if *k == kind && mergeable && *prev + 1 == i => {
                let same_block_or_more =
                    kind == RemovedKind::MoreNews || lines[*prev].block == l.block;
                if same_block_or_more {
                    range.end = l.norm.end;
                    *prev = i;
                    continue;
                }
                flush(&mut last, &mut out);
                last = Some((kind, i, l.norm.clone()));
            }
            _ => {
                flush(&mut last, &mut out);
                last = Some((kind, i, l.norm.clone()));
            }
        }
    }
    flush(&mut last, &mut out);
    out
}
