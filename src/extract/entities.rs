//! Entities: people, organisations and places, with titles and the
//! expansions of abbreviations (DESIGN.md, "entities").
//!
//! One overlapping pass of the gazetteer automaton ([`lexicon`]) over each
//! extractable line gives, at every syllable, the phrases that start there
//! (bodies, titles, unit words, place names, ...). Small rules then build
//! candidates from them:
//!
//! - a body, extended by its parents and its unit ("Ban Thường vụ" +
//!   "Tỉnh ủy" + "Yên Bái"; "UBND" + "tỉnh"), or a head word plus a name
//!   ("Sở" + "Y tế", "Trung tâm" + "Khai thác - vận chuyển");
//! - a place: a unit word then a name (the place is the name: "huyện Trấn
//!   Yên" gives "Trấn Yên"), a place head and a name ("Khu công nghiệp Minh
//!   Quân"), a region or country, a province or district named alone;
//! - a person: a family name and one to three capitalised syllables, after
//!   a title chain (the title), a cue word ("đồng chí", "ông"), in a byline,
//!   with a title in apposition after it, or alone when the name has three
//!   syllables or more or is confirmed elsewhere in the article.
//!
//! The longest candidate wins; among equal spans, the more specific rule.
//! Generic plurals ("UBND các huyện"), "Trung ương" used as an adjective and
//! anything inside a document reference are not entities.

pub mod lexicon;

use crate::chars::CharExt;
use crate::document::{Document, Entity, EntityKind, Role, Work};
use crate::normalize::meta;
use lexicon::{
    ADMIN, ADMIN_D, ADMIN_P, ANY_ORG, BREAKS, CUE, GENERIC, HEAD, LOC, LOC_WEAK, LOCAL, LOCHEAD,
    Lexicon, NAME_BREAKS, PARENT, PERSON, SECTOR, STOP, TITLE, UNIT,
};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// One syllable or punctuation token of a line.
#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    word: bool,
    cap: bool,
}

/// How sure a candidate is, to break ties between equal spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prio {
    /// A surname and one syllable, kept only when confirmed elsewhere.
    Weak = 0,
    /// A unit word then capitalised words that no list holds.
    Guess = 1,
    /// A province or district named alone.
    Bare = 2,
    /// A body, place head, region or a three-syllable name.
    Rule = 3,
    /// A unit word then a listed name.
    Unit = 4,
    /// A person after a title or cue.
    Cued = 5,
}

/// A candidate entity of one line, in tokens.
#[derive(Debug, Clone)]
struct Cand {
    toks: Range<usize>,
    kind: EntityKind,
    prio: Prio,
    /// Token range of the person's title.
    title: Option<Range<usize>>,
}

/// A line's tokens and the gazetteer matches at each token.
struct Line<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// For each token, the matches starting there: (end token exclusive, entry).
    at: Vec<Vec<(usize, usize)>>,
    lx: &'a Lexicon,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alnum() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alnum() {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            toks.push(Tok {
                range: i..end,
                word: true,
                cap: c.is_uppercase(),
            });
        } else {
            toks.push(Tok {
                range: i..i + c.len_utf8(),
                word: false,
                cap: false,
            });
        }
    }
    toks
}

impl<'a> Line<'a> {
    fn new(text: &'a str, lx: &'a Lexicon) -> Line<'a> {
        let toks = tokenize(text);
        let mut at: Vec<Vec<(usize, usize)>> = vec![Vec::new(); toks.len()];
        // Every gazetteer pattern that starts and ends on token boundaries:
        // grow the match a token at a time while some pattern goes on.
        for (si, slot) in at.iter_mut().enumerate() {
            let Some(first) = toks
                .get(si)
                .filter(|t| t.word && text.get(t.range.clone()).is_some_and(|w| lx.may_start(w)))
            else {
                continue;
            };
            let start = first.range.start;
            for (ej, last) in toks.iter().enumerate().skip(si).take(lx.max_tokens()) {
                let Some(step) = text.get(start..last.range.end).and_then(|t| lx.step(t)) else {
                    break;
                };
                slot.extend(step.entries.iter().map(|&e| (ej + 1, e as usize)));
                if !step.prefix {
                    break;
                }
            }
            slot.sort_by_key(|m| std::cmp::Reverse(m.0));
        }
        Line { text, toks, at, lx }
    }

    fn flags(&self, entry: usize) -> u32 {
        self.lx.entries.get(entry).map_or(0, |e| e.flags)
    }

    /// The longest match at token `i` with any of `mask`: (end, entry).
    fn longest(&self, i: usize, mask: u32) -> Option<(usize, usize)> {
        self.at
            .get(i)?
            .iter()
            .find(|&&(_, e)| self.flags(e) & mask != 0)
            .copied()
    }

    fn word(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.range.clone()))
            .unwrap_or("")
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word)
    }

    fn is_cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.word && t.cap)
    }

    /// Whether token `i` is a capitalised syllable that starts no other phrase.
    fn is_name_syllable(&self, i: usize) -> bool {
        self.is_cap(i) && self.longest(i, BREAKS).is_none()
    }

    /// Whether token `i` is a word of two or more capitals ("QLTT", "UBND").
    fn is_acronym(&self, i: usize) -> bool {
        self.word(i).chars().filter(|c| c.is_uppercase()).count() > 1
    }

    /// Whether token `i` may stand in a person's name.
    fn is_person_syllable(&self, i: usize) -> bool {
        self.is_cap(i) && !self.is_acronym(i) && self.longest(i, NAME_BREAKS).is_none()
    }

    /// A name written in capitals after a cue ("Ông ĐẶNG NGỌC LINH"): a
    /// family name then one to three syllables, all in capitals: its end.
    fn caps_name(&self, i: usize) -> Option<usize> {
        let caps = |j: usize| {
            self.is_word(j)
                && self.word(j).chars().all(|c| c.is_uppercase())
                && self
                    .longest(j, ANY_ORG | HEAD | UNIT | STOP | LOC)
                    .is_none()
        };
        if !caps(i) || !self.lx.surnames.contains(title_case(self.word(i)).as_str()) {
            return None;
        }
        let mut e = i + 1;
        while e < i + 4 && caps(e) {
            e += 1;
        }
        (e > i + 1).then_some(e)
    }

    /// A run of capitalised syllables of a person's name from `i`: its end.
    fn person_run(&self, i: usize, max: usize) -> usize {
        let mut j = i;
        while j < i + max && self.is_person_syllable(j) {
            j += 1;
        }
        j
    }

    fn is_surname(&self, i: usize) -> bool {
        self.is_cap(i) && self.lx.surnames.contains(self.word(i))
    }

    fn text_of(&self, r: &Range<usize>) -> &str {
        match (
            self.toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => {
                self.text.get(a.range.start..b.range.end).unwrap_or("")
            }
            _ => "",
        }
    }

    fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        match (
            self.toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| self.toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => a.range.start..b.range.end,
            _ => 0..0,
        }
    }

    /// A run of capitalised name syllables from `i`, at most `max`: its end.
    fn cap_run(&self, i: usize, max: usize) -> usize {
        let mut j = i;
        while j < i + max && self.is_name_syllable(j) {
            j += 1;
        }
        j
    }

    /// A listed administrative name at `i` with any level of `mask`.
    fn admin(&self, i: usize, mask: u32) -> Option<usize> {
        self.longest(i, mask).map(|(e, _)| e)
    }

    /// The name of a place after a unit word ending at `i`:
    /// (end, listed).
    fn unit_name(&self, i: usize) -> Option<(usize, bool)> {
        if let Some(e) = self.admin(i, ADMIN) {
            return Some((e, true));
        }
        if self.is_surname(i) {
            return None;
        }
        let e = self.cap_run(i, 3);
        (e > i).then_some((e, false))
    }

    /// The name after an organisation head ending at `i`: its end.
    fn head_name(&self, i: usize) -> Option<usize> {
        // A field of government, or a capitalised word (with a lower-case
        // syllable after it: "Khai thác", "Y tế"); then capitalised words,
        // "-" joins and "và" before a capitalised word.
        let mut j = if let Some((e, _)) = self.longest(i, SECTOR) {
            e
        } else if self.is_cap(i) && self.longest(i, BREAKS & !LOC).is_none() {
            // "Khai thác", "Y tế"; an acronym takes no lower-case syllable
            // ("Tạp chí QLTT giới thiệu").
            i + 1 + usize::from(!self.is_acronym(i) && self.is_tail(i + 1))
        } else {
            return None;
        };
        loop {
            if let Some((e, _)) = self.longest(j, SECTOR) {
                j = e;
            } else if self.is_name_syllable(j) {
                // A lower-case syllable only after a word's first syllable.
                let first = !self.is_cap(j - 1) || !self.is_word(j - 1);
                j += 1;
                if first && self.is_tail(j) {
                    j += 1;
                }
            } else if matches!(self.word(j), "-" | "–")
                && self.is_word(j + 1)
                && !is_function_word(self.word(j + 1))
                && self.longest(j + 1, BREAKS & !LOC).is_none()
            {
                j += 2;
                if self.is_tail(j) {
                    j += 1;
                }
            } else if self.word(j) == "và"
                && (self.is_name_syllable(j + 1) || self.longest(j + 1, SECTOR).is_some())
            {
                j += 1;
            } else {
                break;
            }
        }
        Some(j)
    }

    /// Whether token `i` is a lower-case syllable that may end a word of a name.
    fn is_tail(&self, i: usize) -> bool {
        self.is_word(i)
            && !self.is_cap(i)
            && !is_function_word(self.word(i))
            && self.longest(i, UNIT).is_none()
    }

    /// An organisation at `i`: its end and whether its core takes units.
    fn org(&self, i: usize) -> Option<usize> {
        let (mut end, core_flags) = if let Some((e, id)) = self.longest(i, ANY_ORG) {
            if self.flags(id) & GENERIC != 0 && !self.org_continues(e) {
                return None;
            }
            (e, self.flags(id))
        } else if let Some((e, id)) = self.longest(i, HEAD) {
            let end = self.head_name(e)?;
            if self
                .longest(i, LOC | ADMIN_P | ADMIN_D)
                .is_some_and(|(le, _)| le >= end)
            {
                return None;
            }
            (end, self.flags(id))
        } else {
            return None;
        };
        if core_flags & LOCAL != 0 && matches!(self.word(end), "các" | "những" | "cấp") {
            return None;
        }
        // "Ủy ban Kiểm tra các cấp": every such body, not one.
        if self.word(end) == "các" && self.word(end + 1) == "cấp" {
            return None;
        }
        loop {
            // An abbreviation in parentheses inside the name: "Ban Chấp
            // hành (BCH) Đảng bộ tỉnh".
            if self.word(end) == "("
                && self.is_acronym(end + 1)
                && self.word(end + 2) == ")"
                && let Some((e, id)) = self.longest(end + 3, PARENT | LOCAL | UNIT)
            {
                // A unit word is read by the loop ("(UBND) tỉnh Yên Bái").
                end = if self.flags(id) & UNIT != 0 {
                    end + 3
                } else {
                    e
                };
                continue;
            }
            if let Some((e, _)) = self.longest(end, PARENT) {
                end = e;
            } else if let Some((e, _)) = self.longest(end, UNIT).filter(|_| !self.is_cap(end)) {
                if self.word(end) == "xã" && self.word(e) == "hội" {
                    break;
                }
                if matches!(self.word(e), "các" | "những") {
                    return None;
                }
                end = self.admin(e, ADMIN).unwrap_or(e);
                break;
            } else if let Some(e) = self.admin(end, ADMIN_P | ADMIN_D) {
                end = e;
            } else if self.word(end) == "Việt" && self.word(end + 1) == "Nam" {
                end += 2;
            } else if self.word(end) == "Đại"
                && self.word(end + 1) == "hội"
                && is_roman(self.word(end + 2))
            {
                // "Tiểu ban Văn kiện Đại hội XIV (của Đảng)".
                end += 3;
                if self.word(end) == "của" && self.word(end + 1) == "Đảng" {
                    end += 2;
                }
                break;
            } else {
                break;
            }
        }
        Some(end)
    }

    /// Whether a phrase of any class of `mask` ends right before token
    /// `i` ("Thủ tướng" Anh, "Mỹ" - Nhật).
    fn phrase_ends_at(&self, i: usize, mask: u32) -> bool {
        (i.saturating_sub(4)..i).any(|j| {
            self.at.get(j).is_some_and(|v| {
                v.iter()
                    .any(|&(e, id)| e == i && self.flags(id) & mask != 0)
            })
        })
    }

    /// A country (and "tại" + a place) after a title ending at `i`, when a
    /// name follows it: the end of the title with its country.
    fn country_after_title(&self, i: usize) -> Option<usize> {
        let (mut e, _) = self.longest(i, LOC | LOC_WEAK)?;
        if self.word(e) == "tại"
            && let Some((pe, _)) = self.longest(e + 1, LOC | ADMIN_P)
        {
            e = pe;
        }
        self.person_name(e, true).map(|_| e)
    }

    /// Whether a body's name goes on at `i` (a parent body, a unit word, a
    /// listed place, "(BCH)", a name).
    fn org_continues(&self, i: usize) -> bool {
        self.longest(i, PARENT | LOCAL | UNIT | ADMIN_P | ADMIN_D)
            .is_some()
            || (self.word(i) == "(" && self.is_acronym(i + 1))
            || self.is_name_syllable(i)
    }

    /// A title at `i` with the bodies it names: its end.
    fn title1(&self, i: usize) -> Option<usize> {
        // The longest title word that a body follows ("Trưởng" + "Ban
        // Tuyên giáo Tỉnh ủy"), else the longest title word alone.
        let mut fallback = None;
        for &(e, id) in self.at.get(i)? {
            if self.flags(id) & TITLE == 0 {
                continue;
            }
            let mut end = e;
            if self.word(end) == "Thường"
                && let Some((te, _)) = self.longest(end, TITLE)
            {
                end = te;
            }
            if let Some(oe) = self.org(end) {
                return Some(oe);
            }
            fallback = fallback.or(Some(end));
        }
        fallback
    }

    /// A chain of titles ("Ủy viên Bộ Chính trị, Bí thư Tỉnh ủy"): its end.
    fn title_chain(&self, i: usize) -> Option<usize> {
        let mut end = self.title1(i)?;
        while matches!(self.word(end), "," | "kiêm") {
            match self.title1(end + 1) {
                Some(e) => end = e,
                None => break,
            }
        }
        Some(end)
    }

    /// A person's name at `i` (a surname then 1..=3 syllables, or after a
    /// cue any 1..=4 capitalised syllables): its end.
    fn person_name(&self, i: usize, cued: bool) -> Option<usize> {
        if self
            .longest(i, TITLE | ANY_ORG | HEAD | UNIT | STOP)
            .is_some()
        {
            return None;
        }
        if cued && let Some(e) = self.caps_name(i) {
            return Some(e);
        }
        // "Hà Lan": a country, not a family name.
        let place = self.longest(i, LOC | LOC_WEAK).is_some();
        if self.is_surname(i) && (cued || !place) {
            let e = self.person_run(i + 1, 3);
            if cued {
                return Some(e);
            }
            return (e > i + 2).then_some(e);
        }
        if !cued || !self.is_person_syllable(i) || self.longest(i, LOC | ADMIN_P).is_some() {
            return None;
        }
        Some(self.person_run(i, 4))
    }

    /// A title in apposition after a name ending at `i`: its token range.
    fn apposition(&self, i: usize) -> Option<Range<usize>> {
        if !matches!(self.word(i), "," | "-" | "–") {
            return None;
        }
        let e = self.title_chain(i + 1)?;
        Some(i + 1..e)
    }
}

/// Whether `w` is a Roman numeral as congresses and terms are numbered ("XIV").
fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 8 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// "ĐẶNG" -> "Đặng": the first letter kept, the rest in lower case.
fn title_case(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "và" | "của"
            | "tại"
            | "với"
            | "trong"
            | "để"
            | "đã"
            | "đang"
            | "sẽ"
            | "là"
            | "có"
            | "được"
            | "cho"
            | "về"
            | "theo"
            | "các"
            | "những"
            | "từ"
            | "trên"
            | "đến"
            | "khi"
            | "này"
            | "đó"
            | "không"
            | "cũng"
            | "vào"
            | "ra"
            | "thì"
            | "mà"
            | "nên"
            | "nhằm"
            | "do"
            | "bị"
            | "cùng"
            | "như"
            | "tổ"
            | "chức"
    )
}

/// Words after which "Trung ương" names the Party's central bodies rather
/// than qualifying a noun.
fn central_as_body(prev: &str) -> bool {
    matches!(
        prev,
        "" | "của"
            | "với"
            | "theo"
            | "và"
            | "từ"
            | "cùng"
            | "lên"
            | "về"
            | "do"
            | ","
            | ";"
            | ":"
            | "("
    )
}

/// Candidates of one line (person titles as token ranges).
fn candidates(l: &Line) -> Vec<Cand> {
    let mut out = Vec::new();
    let n = l.toks.len();
    for i in 0..n {
        if !l.is_word(i) {
            continue;
        }
        let prev = if i == 0 { "" } else { l.word(i - 1) };
        let plural = matches!(prev, "các" | "những");
        // Titles, then the person they name.
        if let Some(e) = l.title_chain(i) {
            // A foreign title names its country first: "Thủ tướng Hà Lan
            // Mark Rutte", "Đại sứ Ấn Độ tại Việt Nam Sandeep Arya".
            let e = l.country_after_title(e).unwrap_or(e);
            if let Some(pe) = l.person_name(e, true) {
                out.push(Cand {
                    toks: e..pe,
                    kind: EntityKind::Person,
                    prio: Prio::Cued,
                    title: Some(i..e),
                });
            } else if l.word(i) == "Thường"
                && let Some((te, _)) = l.longest(i, TITLE)
                && l.org(te).is_some_and(|oe| oe == e)
            {
                // "Thường trực Tỉnh ủy" naming no one is the standing board.
                out.push(Cand {
                    toks: i..e,
                    kind: EntityKind::Organization,
                    prio: Prio::Rule,
                    title: None,
                });
            }
        }
        // Cue words.
        if let Some((e, _)) = l.longest(i, CUE)
            && let Some(pe) = l.person_name(e, true)
        {
            let title = l.apposition(pe);
            out.push(Cand {
                toks: e..pe,
                kind: EntityKind::Person,
                prio: Prio::Cued,
                title,
            });
        }
        // Names alone.
        if l.is_surname(i) {
            if let Some(pe) = l.person_name(i, false) {
                let title = l.apposition(pe);
                let prio = if title.is_some() {
                    Prio::Cued
                } else {
                    Prio::Rule
                };
                out.push(Cand {
                    toks: i..pe,
                    kind: EntityKind::Person,
                    prio,
                    title,
                });
            } else if l.is_person_syllable(i + 1) && l.longest(i, TITLE | ANY_ORG | HEAD).is_none()
            {
                let title = l.apposition(i + 2);
                let prio = if title.is_some() {
                    Prio::Cued
                } else {
                    Prio::Weak
                };
                out.push(Cand {
                    toks: i..i + 2,
                    kind: EntityKind::Person,
                    prio,
                    title,
                });
            }
        }
        // Organisations.
        if !plural && let Some(e) = l.org(i) {
            // "Trung ương" alone is a body only where no noun comes before it.
            let central = l.longest(i, ANY_ORG).is_some_and(|(ce, _)| {
                ce == e && matches!(l.text_of(&(i..ce)), "Trung ương" | "TW" | "TƯ")
            });
            if !central || central_as_body(prev) {
                out.push(Cand {
                    toks: i..e,
                    kind: EntityKind::Organization,
                    prio: Prio::Rule,
                    title: None,
                });
            }
        }
        // Places after a unit word: the name alone; after a plural one
        // ("các xã:", "06 xã"), every name of the list that follows.
        if let Some((e, _)) = l.longest(i, UNIT) {
            let counted = plural || (!prev.is_empty() && prev.chars().all(|c| c.is_ascii_digit()));
            let mut at = if counted && l.word(e) == ":" {
                e + 1
            } else {
                e
            };
            while let Some((ne, listed)) = l.unit_name(at) {
                out.push(Cand {
                    toks: at..ne,
                    kind: EntityKind::Location,
                    prio: if listed { Prio::Unit } else { Prio::Guess },
                    title: None,
                });
                if !counted || !matches!(l.word(ne), "," | "và") {
                    break;
                }
                at = ne + 1;
            }
        }
        // Place heads with their name.
        if let Some((e, _)) = l
            .longest(i, LOCHEAD)
            .filter(|&(e, _)| l.is_cap(i) || l.longest(e, LOC).is_none())
        {
            let ne = l
                .admin(e, ADMIN)
                .or_else(|| l.org(e))
                .unwrap_or_else(|| l.cap_run(e, 4));
            if ne > e {
                out.push(Cand {
                    toks: i..ne,
                    kind: EntityKind::Location,
                    prio: Prio::Rule,
                    title: None,
                });
            }
        }
        // Foreign people named in full.
        if let Some((e, _)) = l.longest(i, PERSON) {
            let title = l.apposition(e);
            out.push(Cand {
                toks: i..e,
                kind: EntityKind::Person,
                prio: Prio::Rule,
                title,
            });
        }
        // A country name that is also a common word, where context says
        // it is the country ("nước Anh", "tại Mỹ", "Thủ tướng Anh").
        if let Some((e, _)) = l.longest(i, LOC_WEAK)
            && !l.is_cap(e)
            && (matches!(prev, "nước" | "tại" | "sang" | "thăm")
                || l.phrase_ends_at(i, TITLE)
                || (prev == "-" && i >= 2 && l.phrase_ends_at(i - 1, LOC | LOC_WEAK | ADMIN_P))
                || (l.word(e) == "-" && l.longest(e + 1, LOC | LOC_WEAK).is_some()))
        {
            out.push(Cand {
                toks: i..e,
                kind: EntityKind::Location,
                prio: Prio::Rule,
                title: None,
            });
        }
        // Regions, countries; provinces and districts named alone.
        if let Some((e, _)) = l.longest(i, LOC) {
            out.push(Cand {
                toks: i..e,
                kind: EntityKind::Location,
                prio: Prio::Rule,
                title: None,
            });
        }
        if let Some(e) = l.admin(i, ADMIN_P | ADMIN_D)
            && l.is_cap(i)
            && l.longest(i, STOP).is_none_or(|(se, _)| se < e)
        {
            out.push(Cand {
                toks: i..e,
                kind: EntityKind::Location,
                prio: Prio::Bare,
                title: None,
            });
        }
    }
    out
}

/// Keeps the longest candidates that do not overlap, in order.
fn resolve(l: &Line, mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        let la = l.bytes(&a.toks).len();
        let lb = l.bytes(&b.toks).len();
        lb.cmp(&la)
            .then(b.prio.cmp(&a.prio))
            .then(a.toks.start.cmp(&b.toks.start))
    });
    let mut taken: Vec<Cand> = Vec::new();
    // The token ranges taken so far (disjoint), start -> end: the one
    // starting last before a candidate's end is the only one that can
    // overlap it, so each test is one lookup (a scan of every taken
    // candidate was quadratic on huge one-line inputs).
    let mut spans: std::collections::BTreeMap<usize, usize> = Default::default();
    for c in cands {
        if c.toks.start >= c.toks.end {
            continue;
        }
        let free = spans
            .range(..c.toks.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.toks.start);
        if free {
            spans.insert(c.toks.start, c.toks.end);
            taken.push(c);
        }
    }
    taken.sort_by_key(|c| c.toks.start);
    taken
}

/// The expansion of a mention that holds abbreviations ("UBND tỉnh" ->
/// "Ủy ban nhân dân tỉnh"), `None` when it holds none.
fn expansion(l: &Line, r: &Range<usize>) -> Option<String> {
    let mut out = String::new();
    let mut any = false;
    let mut i = r.start;
    let mut last = l.toks.get(r.start)?.range.start;
    while i < r.end {
        let abbr = l.at.get(i).and_then(|v| {
            v.iter()
                .find(|&&(e, id)| {
                    e <= r.end && l.lx.entries.get(id).is_some_and(|x| x.expansion.is_some())
                })
                .copied()
        });
        match abbr {
            Some((e, id)) => {
                let start = l.toks.get(i)?.range.start;
                out.push_str(l.text.get(last..start)?);
                out.push_str(l.lx.entries.get(id)?.expansion?);
                last = l.toks.get(e - 1)?.range.end;
                any = true;
                i = e;
            }
            None => i += 1,
        }
    }
    let end = l.toks.get(r.end.checked_sub(1)?)?.range.end;
    out.push_str(l.text.get(last..end)?);
    any.then_some(out)
}

/// The people a byline names ("Thành Trung", "Minh Anh - Hoàng Nam"); photo
/// credits are not bylines.
fn byline_people(l: &Line) -> Vec<Cand> {
    let lower = crate::chars::lowercase(l.text);
    if lower.starts_with("ảnh")
        || lower.starts_with("(ảnh")
        || lower.starts_with("nguồn")
        || lower.starts_with("theo")
        || l.text.chars().any(|c| c.is_ascii_digit())
    {
        return Vec::new();
    }
    if meta::byline_author(l.text).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut depth = 0i32;
    while i < l.toks.len() {
        match l.word(i) {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
        let upper = l.word(i).chars().all(|c| !c.is_lowercase());
        if depth == 0 && l.is_cap(i) && !upper {
            let mut e = i;
            while l.is_cap(e) && !l.word(e).chars().all(|c| !c.is_lowercase()) && e < i + 4 {
                e += 1;
            }
            if e > i && l.longest(i, BREAKS).is_none() {
                out.push(Cand {
                    toks: i..e,
                    kind: EntityKind::Person,
                    prio: Prio::Cued,
                    title: None,
                });
            }
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Fills `doc.entities` from the extractable lines, in document order.
///
/// Each line (or window of a huge line) is read once: its candidates are
/// resolved and written at once unless it holds a weak name (a family name
/// and one syllable) that a later line may confirm; only such windows keep
/// their candidates — not their token tables — for a second pass.
///
/// At most `limit` entities are kept, the first ones (see
/// [`super::item_limit`]); a warning says how many more were dropped.
pub fn run(work: &Work, doc: &mut Document, limit: usize) {
    let lx = lexicon::lexicon();
    let norm = work.text.norm();
    let taken = masked_spans(doc);
    let mut confirmed: FxHashSet<String> = FxHashSet::default();
    let mut deferred: Vec<(Range<usize>, Vec<Cand>)> = Vec::new();
    let mut out = Vec::new();
    let mut dropped = 0;
    let mut tag = None;
    for line in work.extractable_lines() {
        let Some(text) = norm.get(line.norm.clone()) else {
            continue;
        };
        for w in super::windows(text, line.norm.start) {
            let Some(wtext) = norm.get(w.clone()) else {
                continue;
            };
            let l = Line::new(wtext, lx);
            let cands = if line.role == Role::Meta {
                byline_people(&l)
            } else {
                candidates(&l)
            };
            for c in &cands {
                if c.kind == EntityKind::Person && c.prio >= Prio::Rule {
                    confirmed.insert(l.text_of(&c.toks).to_string());
                }
            }
            if cands.iter().any(|c| c.prio == Prio::Weak) {
                deferred.push((w, cands));
            } else {
                emit(&work.text, &l, w.start, cands, &taken, &mut out, &mut tag);
                keep_first(&mut out, limit, &mut dropped);
            }
        }
    }
    for (w, cands) in deferred {
        let Some(wtext) = norm.get(w.clone()) else {
            continue;
        };
        let l = Line::new(wtext, lx);
        let cands: Vec<Cand> = cands
            .into_iter()
            .filter(|c| c.prio != Prio::Weak || confirmed.contains(l.text_of(&c.toks)))
            .collect();
        emit(&work.text, &l, w.start, cands, &taken, &mut out, &mut tag);
        keep_first(&mut out, limit, &mut dropped);
    }
    out.sort_by_key(|e| e.span.start);
    dropped += out.len().saturating_sub(limit);
    out.truncate(limit);
    if let Some(w) = super::over_limit("entities", out.len() + dropped, limit) {
        doc.warnings.push(w);
    }
    doc.entities = out;
    // A source tag is the credit when no credit line gave one.
    if doc.meta.credit.is_none() {
        doc.meta.credit = tag;
    }
}

/// Keeps `out` under twice `limit` entities: past that, only the first
/// `limit` of them in document order stay (the others would be dropped at
/// the end anyway, whatever comes later), counted in `dropped`.
fn keep_first(out: &mut Vec<Entity>, limit: usize, dropped: &mut usize) {
    if out.len() > limit.saturating_mul(2) {
        out.sort_by_key(|e| e.span.start);
        *dropped += out.len() - limit;
        out.truncate(limit);
    }
}

/// Spans of document references, dates and sums of money, sorted and
/// merged, where no entity is taken; the overlap test per entity is one
/// binary search (a linear scan per entity was quadratic on huge one-line
/// inputs). A named reference's name holds entities ("Nghị quyết Đại hội
/// Đảng bộ tỉnh Yên Bái"): only its code is masked; a law's name is its
/// subject, masked whole. A country inside a currency ("đô la Singapore")
/// is no place.
fn masked_spans(doc: &Document) -> Vec<Range<usize>> {
    super::merge_ranges(
        doc.doc_refs
            .iter()
            .map(|d| match (&d.name, &d.code) {
                _ if matches!(d.doc_type.as_str(), "Luật" | "Bộ luật" | "Pháp lệnh") => {
                    d.span
                }
                (None, _) => d.span,
                (Some(_), None) => crate::text::Span::new(d.span.end, d.span.end),
                (Some(_), Some(_)) => {
                    let code_chars = d.code.as_deref().map_or(0, |c| c.chars().count());
                    crate::text::Span::new(d.span.end.saturating_sub(code_chars), d.span.end)
                }
            })
            .chain(doc.dates.iter().map(|d| d.span))
            .chain(
                doc.figures
                    .iter()
                    .filter(|f| f.kind == crate::document::FigureKind::Money)
                    .map(|f| f.span),
            )
            .filter(|s| s.start < s.end)
            .map(|s| s.start..s.end)
            .collect(),
    )
}

/// Whether bytes `r` of a line are a source tag: an acronym in
/// parentheses closing the paragraph ("... năm 2025 (TTXVN).").
fn is_source_tag(line: &str, r: &Range<usize>) -> bool {
    let (Some(before), Some(name), Some(after)) =
        (line.get(..r.start), line.get(r.clone()), line.get(r.end..))
    else {
        return false;
    };
    let acronym = name.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !name.contains(char::is_whitespace);
    acronym
        && before.trim_end().ends_with('(')
        && after
            .trim_start()
            .strip_prefix(')')
            .is_some_and(|rest| rest.trim().trim_end_matches('.').is_empty())
}

/// Resolves the candidates of one window (starting at byte `base` of the
/// normalized view) and appends its entities to `out`.
fn emit(
    text: &crate::text::Text,
    line: &Line,
    base: usize,
    cands: Vec<Cand>,
    taken: &[Range<usize>],
    out: &mut Vec<Entity>,
    tag: &mut Option<String>,
) {
    for c in resolve(line, cands) {
        let r = line.bytes(&c.toks);
        if r.is_empty() {
            continue;
        }
        let norm_range = base + r.start..base + r.end;
        let (span, written) = text.excerpt(norm_range.clone());
        if super::figures::overlaps(taken, &(span.start..span.end)) {
            continue;
        }
        if c.kind == EntityKind::Organization && is_source_tag(line.text, &r) {
            if tag.is_none() {
                *tag = Some(canonical_name(line.text.get(r.clone()).unwrap_or("")));
            }
            continue;
        }
        let name = canonical_name(text.norm().get(norm_range).unwrap_or(&written));
        let title = c.title.as_ref().and_then(|t| {
            let tr = line.bytes(t);
            let s = text.excerpt(base + tr.start..base + tr.end).1;
            let s = s.trim().trim_end_matches(',').trim().to_string();
            (!s.is_empty()).then_some(s)
        });
        let expansion = match c.kind {
            EntityKind::Person => None,
            _ => expansion(line, &c.toks),
        };
        out.push(Entity {
            text: written,
            span,
            kind: c.kind,
            name,
            title,
            expansion,
        });
    }
}

/// The canonical form of a name read from the normalized view (already NFC
/// in the run's tone placement): white space collapsed to single spaces.
pub fn canonical_name(norm: &str) -> String {
    norm.split_whitespace().collect::<Vec<_>>().join(" ")
}
