//! The output record ([`Document`], the item types of the JSON schema,
//! version 2, see DESIGN.md) and, apart from it, the working state the
//! stages share ([`Work`]: the offset-mapped text, classified lines,
//! sentences with their byte ranges), so no stage re-parses what another
//! stage already parsed and the record holds nothing it does not write (as
//! ripgrep keeps its JSON wire types apart from its search state).

use crate::text::{Span, Text};
use schemars::JsonSchema;
use serde::Serialize;
use std::ops::Range;

/// The version of the JSON output schema this crate writes.
pub const SCHEMA_VERSION: u32 = 2;

/// One analysed article as it is written out: the output record.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where the input came from and how it was decoded.
    pub source: Source,
    /// The analysed text when it is not the input file itself (HTML input:
    /// the extracted main text), so `text[span]` can be checked; else `null`.
    #[serde(rename = "text")]
    pub analysed_text: Option<String>,
    /// Short sentences about doubts in this record ("no article date: 3
    /// relative dates unresolved").
    pub warnings: Vec<String>,
    /// Title, published date-time, dateline place, author, tags.
    pub meta: Meta,
    /// Counts of paragraphs, sentences, words and syllables.
    pub stats: Stats,
    /// Boilerplate set aside, in document order.
    pub removed: Vec<Removed>,
    /// Sentences with their words; written only when asked for (`--tokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences: Option<Vec<SentenceOut>>,
    /// Dates and date intervals, in document order.
    pub dates: Vec<DateItem>,
    /// Numeric facts, in document order.
    pub figures: Vec<Figure>,
    /// References to Party and State documents, in document order.
    pub doc_refs: Vec<DocRef>,
    /// People, organisations and places, in document order.
    pub entities: Vec<Entity>,
    /// The extractive summary and keywords.
    pub summary: Summary,
}

/// The stages' working state for one article, never written out: the text
/// the record's spans point into, the lines the clean stage classified, the
/// sentences the segment stage found, the date relative dates resolve
/// against. Each stage reads what the ones before it left here and writes
/// its results into the [`Document`].
#[derive(Debug, Clone, Default)]
pub struct Work {
    /// The decoded input and its normalized view.
    pub text: Text,
    /// Every non-blank line of the input, classified by the clean stage.
    pub lines: Vec<Line>,
    /// Sentences found by the segment stage (byte ranges in the normalized view).
    pub segments: Vec<Sentence>,
    /// The published date-time as a value, for resolving relative dates.
    pub published: Option<jiff::civil::DateTime>,
}

impl Work {
    /// The working state over `text`, before any stage ran.
    pub fn new(text: Text) -> Work {
        Work {
            text,
            ..Work::default()
        }
    }

    /// The lines whose facts are extracted: everything but removed
    /// boilerplate (captions included, as DESIGN.md asks).
    pub fn extractable_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.role.is_extractable())
    }

    /// The body lines: what the summary may choose from.
    pub fn body_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.role == Role::Body)
    }
}

impl Document {
    /// An empty record of `source`, before any stage ran.
    pub fn new(source: Source) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            source,
            analysed_text: None,
            warnings: Vec::new(),
            meta: Meta::default(),
            stats: Stats::default(),
            removed: Vec::new(),
            sentences: None,
            dates: Vec::new(),
            figures: Vec::new(),
            doc_refs: Vec::new(),
            entities: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Writes every normalized field — `doc_refs[].type/issuer/name/key`,
    /// `entities[].name/expansion/title`, keywords, tags — in the one
    /// canonical form of the run ([`crate::tone::canonical`] with `tone`),
    /// so that counts across a corpus never split one name in two,
    /// whatever each input's encoding, normalization form or tone style.
    pub fn canonicalize(&mut self, tone: crate::tone::Tone) {
        let one = |s: &mut String| {
            let c = crate::tone::canonical(s, tone);
            if *s != c {
                *s = c;
            }
        };
        let opt = |s: &mut Option<String>| {
            if let Some(v) = s.as_mut() {
                one(v);
            }
        };
        for d in &mut self.doc_refs {
            one(&mut d.doc_type);
            one(&mut d.key);
            opt(&mut d.issuer);
            opt(&mut d.name);
        }
        for e in &mut self.entities {
            one(&mut e.name);
            opt(&mut e.expansion);
            opt(&mut e.title);
        }
        for k in &mut self.summary.keywords {
            one(&mut k.text);
        }
        for t in &mut self.meta.tags {
            one(t);
        }
    }
}

/// Where the input came from and how it was read.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, JsonSchema)]
pub struct Source {
    /// The path as given (`-` for standard input; the record id for `--stdin-jsonl`).
    pub path: Option<String>,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Length of the decoded input in characters (the unit of every span).
    pub chars: usize,
    /// The encoding used to decode the input (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, `vni`, ...).
    pub encoding: Option<String>,
    /// The tone-mark placement the normalized view uses: `old` (hòa, thủy) or `new` (hoà, thuỷ).
    pub tone: Option<String>,
    /// What the input was: plain text or an HTML page.
    pub format: InputFormat,
}

/// The kind of input an analysis read.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// Plain text.
    #[default]
    Text,
    /// An HTML page; its main text was extracted.
    Html,
}

/// Where the article's date (`meta.published`) came from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublishedFrom {
    /// Given with the input: `--date`, or a `--stdin-jsonl` record's `published`.
    Input,
    /// The HTML page's metadata.
    Html,
    /// The article's own date line.
    Text,
}

/// Article metadata found by the clean stage.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, JsonSchema)]
pub struct Meta {
    /// The headline.
    pub title: Option<String>,
    /// The publication (or last update) date-time, ISO 8601, local time as printed.
    pub published: Option<String>,
    /// Where `published` came from, `null` when there is none.
    pub published_from: Option<PublishedFrom>,
    /// The dateline place ("YênBái - ..." gives "Yên Bái").
    pub place: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// The source credit line ("Nguồn: TTXVN", "Theo Báo Nhân Dân").
    pub credit: Option<String>,
    /// The article's tags.
    pub tags: Vec<String>,
}

/// Counts over the body (title, captions and boilerplate excluded).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq, JsonSchema)]
pub struct Stats {
    /// Body paragraphs (non-blank lines).
    pub paragraphs: usize,
    /// Body sentences.
    pub sentences: usize,
    /// Body words (multi-syllable words count once).
    pub words: usize,
    /// Body syllables.
    pub syllables: usize,
}

/// What kind of boilerplate a removed part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    /// A line that repeats an earlier one.
    Duplicate,
    /// An image caption (its facts are still extracted).
    Caption,
    /// A related-article link (">> ...").
    Related,
    /// A block of other articles' teasers ("Các tin khác", "Tin liên quan").
    MoreNews,
    /// A tags line.
    Tags,
    /// Archive and section navigation ("Xem các tin đã đưa ngày").
    Navigation,
    /// Share, print, comment and font-size widgets.
    Widget,
}

/// A part of the input set aside as boilerplate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Removed {
    /// What kind of boilerplate it is.
    pub kind: RemovedKind,
    /// Where it stands in the input.
    pub span: Span,
    /// The removed text, as written.
    pub text: String,
}

/// The role the clean stage gives one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The headline.
    Title,
    /// A metadata line: date line, byline, source credit.
    Meta,
    /// Article body text.
    Body,
    /// Boilerplate set aside (captions are `Removed(Caption)`).
    Removed(RemovedKind),
}

impl Role {
    /// Whether the extract stage reads this line: all but removed lines,
    /// captions excepted.
    pub fn is_extractable(self) -> bool {
        !matches!(self, Role::Removed(k) if k != RemovedKind::Caption)
    }
}

/// One non-blank line of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Byte range in the normalized view, without the line break and
    /// without leading or trailing white space.
    pub norm: Range<usize>,
    /// Blank lines between this line and the previous non-blank one.
    pub blank_before: usize,
    /// Index of the paragraph block (lines not separated by a blank line share it).
    pub block: usize,
    /// What the line is.
    pub role: Role,
}

/// One sentence found by the segment stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the normalized view.
    pub norm: Range<usize>,
    /// Index into [`Work::lines`] of the line holding it.
    pub line: usize,
    /// Word byte ranges in the normalized view, in order, as offsets from
    /// `norm.start` (a sentence is shorter than 4 GiB: the segment stage
    /// cuts longer ones), half the memory of absolute ranges on the
    /// millions of words of a large input. [`Sentence::words`] gives them
    /// as absolute ranges.
    pub word_offsets: Box<[Range<u32>]>,
    /// Number of syllables in the sentence.
    pub syllables: usize,
}

impl Sentence {
    /// Word byte ranges in the normalized view, in order.
    pub fn words(&self) -> impl ExactSizeIterator<Item = Range<usize>> + '_ {
        let base = self.norm.start;
        self.word_offsets
            .iter()
            .map(move |w| base + w.start as usize..base + w.end as usize)
    }
}

/// A sentence as written out with `--tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SentenceOut {
    /// Where the sentence stands in the input.
    pub span: Span,
    /// The sentence as written.
    pub text: String,
    /// Its words, syllables joined by `_`.
    pub words: Words,
}

/// The words of a [`SentenceOut`], written out as a list of strings but
/// held as one string and the end of each word in it: 4 bytes a word
/// beside its letters, where a `String` each was 32 or more (a flood of
/// one-letter words with `--tokens` held 40 bytes per input byte).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    letters: String,
    ends: Vec<u32>,
}

impl Words {
    /// No words.
    pub fn new() -> Words {
        Words::default()
    }

    /// Appends one word. A sentence is shorter than 4 GiB (the segment
    /// stage cuts longer ones); a word past that is left out.
    pub fn push(&mut self, word: &str) {
        if let Ok(end) = u32::try_from(self.letters.len() + word.len()) {
            self.letters.push_str(word);
            self.ends.push(end);
        }
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The words, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len()).map(move |i| {
            let start = i.checked_sub(1).and_then(|p| self.ends.get(p)).copied();
            let end = self.ends.get(i).copied().unwrap_or(0);
            let (start, end) = (start.unwrap_or(0) as usize, end as usize);
            self.letters.get(start..end).unwrap_or("")
        })
    }
}

impl<'a> FromIterator<&'a str> for Words {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Words {
        let mut w = Words::new();
        for s in iter {
            w.push(s);
        }
        w
    }
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl JsonSchema for Words {
    fn inline_schema() -> bool {
        <Vec<String>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<String>>::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<String>>::json_schema(g)
    }
}

/// The grain of a date value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// A date-time to the second.
    Second,
    /// A date-time to the minute.
    Minute,
    /// A calendar day.
    Day,
    /// An ISO week (`2024-W08`).
    Week,
    /// A calendar month.
    Month,
    /// A quarter of a year.
    Quarter,
    /// A year.
    Year,
}

/// A date or date interval found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DateItem {
    /// The date as written.
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
    /// ISO 8601 value (`2023-04-25`, `2023-10`, `2024-Q1`, `2021/2025`, `--04-07`).
    pub value: String,
    /// The grain of the value (of its ends, for an interval).
    pub grain: Grain,
    /// Whether the value needed the article's own date.
    pub relative: bool,
}

/// What kind of figure a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// A number with a counted noun.
    Count,
    /// A percentage.
    Percent,
    /// An amount of money.
    Money,
    /// A rank ("thứ 5/14 tỉnh").
    Rank,
    /// A multiplier ("gấp ba lần").
    Multiplier,
    /// A measure: area, length, weight, volume, time span.
    Measure,
}

/// How a figure is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// gần, khoảng, gần như
    Approx,
    /// hơn, trên, vượt
    Over,
    /// dưới, chưa đến
    Under,
}

/// A numeric fact.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Figure {
    /// The figure as written, with qualifier, multiplier words and sign.
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
    /// What kind of figure it is.
    pub kind: FigureKind,
    /// The value in base units, exact (an integer when whole).
    pub value: serde_json::Number,
    /// The counted noun or unit, without scale words.
    pub unit: Option<String>,
    /// What a rate is per ("năm" in "%/năm").
    pub per: Option<String>,
    /// The whole the figure is out of ("14" in "thứ 5/14").
    pub total: Option<serde_json::Number>,
    /// Approximate, over or under.
    pub qualifier: Option<Qualifier>,
}

/// Which system a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum System {
    /// Communist Party of Vietnam documents ("37-NQ/TU").
    Party,
    /// State documents ("30/2020/NĐ-CP").
    State,
}

/// A reference to a Party or State document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DocRef {
    /// The reference as written.
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
    /// The full type name ("Nghị quyết", "Chỉ thị", ...).
    #[serde(rename = "type")]
    pub doc_type: String,
    /// The number as written ("05", "135").
    pub number: Option<String>,
    /// The canonical number-symbol ("37-NQ/TU", "30/2020/NĐ-CP").
    pub code: Option<String>,
    /// The document's identity within the article, the same for every
    /// mention of it: its code, else type and number, else type and name.
    pub key: String,
    /// Party or State, from the code's form.
    pub system: Option<System>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// The signing date, ISO 8601.
    pub date: Option<String>,
    /// The name of a named reference ("Trung ương 4", "Hiến pháp").
    pub name: Option<String>,
    /// Party Congress terms a named reference covers (["XI", "XII"]).
    pub terms: Option<Vec<String>>,
}

/// What kind of entity a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation or body.
    Organization,
    /// A place.
    Location,
}

/// A person, organisation or place mentioned in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Entity {
    /// The mention as written.
    pub text: String,
    /// Where it stands in the input.
    pub span: Span,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// The canonical form of `text` (NFC, spaces normalized, the run's tone
    /// placement), so one name never splits across a corpus.
    pub name: String,
    /// A person's title ("Chủ tịch UBND tỉnh").
    pub title: Option<String>,
    /// The expansion of an abbreviation ("Ủy ban nhân dân").
    pub expansion: Option<String>,
}

/// The extractive summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    /// Chosen body sentences, in article order.
    pub sentences: Vec<SummarySentence>,
    /// Top terms of the article.
    pub keywords: Vec<Keyword>,
}

/// One sentence chosen for the summary.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SummarySentence {
    /// Index of the sentence among the body sentences.
    pub index: usize,
    /// Where it stands in the input.
    pub span: Span,
    /// The sentence as written.
    pub text: String,
    /// Its selection score: with the learned scorer (the default), its
    /// share of the softmax over the body's sentences (0 to 1, the shares
    /// of all body sentences summing to 1); with `--scorer heuristic`, the
    /// hand-tuned score.
    pub score: f64,
}

/// One keyword of the article.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Keyword {
    /// The term, syllables separated by spaces.
    pub text: String,
    /// Its score.
    pub score: f64,
}

/// Items of one family (and lines of the text) a record keeps at most: [`ITEMS_PER_RECORD`], or one
/// per [`BYTES_PER_ITEM`] bytes of the analysed text (`text_bytes`) when
/// that is more. No article comes near it (the seed has one item of any
/// list per 266 bytes; even a table of figures, one per 15 bytes, would
/// need 750 kB of it), while a flood ("1% " over and over: one figure per
/// 3 bytes) would otherwise hold some 100 bytes of record per input byte.
/// The items past it are dropped, the first ones kept, and a warning in
/// the record says how many. The normalize stage reads at most this many
/// lines and the summary this many body sentences, for the same reason.
pub fn item_limit(text_bytes: usize) -> usize {
    ITEMS_PER_RECORD.max(text_bytes / BYTES_PER_ITEM)
}

/// The item limit of any record (see [`item_limit`]).
pub const ITEMS_PER_RECORD: usize = 50_000;

/// Above [`ITEMS_PER_RECORD`], the item limit is one item per this many
/// bytes of the text.
pub const BYTES_PER_ITEM: usize = 64;

/// The warning for a stage that read only the first `read` of `total`
/// `things` (lines, body sentences), when that is fewer.
pub(crate) fn over_read(stage: &str, things: &str, read: usize, total: usize) -> Option<String> {
    (total > read).then(|| {
        format!(
            "{stage}: only the first {read} of {total} {things} were read, past the limit for \
             this input ({ITEMS_PER_RECORD}, or one per {BYTES_PER_ITEM} bytes)"
        )
    })
}

/// The warning for a family of which `found` items were found, when that
/// is more than `limit`.
pub(crate) fn over_limit(family: &str, found: usize, limit: usize) -> Option<String> {
    (found > limit).then(|| {
        format!(
            "{family}: {} of {found} items dropped, past the limit of {limit} for this input \
             ({ITEMS_PER_RECORD}, or one per {BYTES_PER_ITEM} bytes)",
            found - limit
        )
    })
}

#[cfg(test)]
mod tests {
    use super::Words;

    #[test]
    fn words_are_written_as_a_list_of_strings() {
        let w: Words = ["Các", "cán_bộ", "", ","].into_iter().collect();
        assert_eq!(w.len(), 4);
        assert_eq!(w.iter().collect::<Vec<_>>(), ["Các", "cán_bộ", "", ","]);
        assert_eq!(
            serde_json::to_string(&w).ok().as_deref(),
            Some(r#"["Các","cán_bộ","",","]"#)
        );
        assert!(Words::new().is_empty());
        assert_eq!(
            serde_json::to_string(&Words::new()).ok().as_deref(),
            Some("[]")
        );
    }
}
