//! vnanalyze: Vietnamese political news articles to structured JSON.
//!
//! The pipeline is `decode -> normalize (+ clean, metadata) -> segment ->
//! extract -> summarize`; each stage is a module that fills the one shared
//! [`Document`]. Every extracted item carries a [`Span`] in characters of the
//! decoded input, whatever normalization changed.
//!
//! ```
//! use vnanalyze::{analyze_str, Options};
//! let doc = analyze_str("Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.", &Options::default());
//! assert_eq!(doc.schema_version, 2);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod data;
pub mod decode;
pub mod document;
pub mod error;
pub mod extract;
pub mod html;
pub mod normalize;
pub mod segment;
pub mod summarize;
pub mod text;
pub mod tone;

pub use decode::Encoding;
pub use document::Document;
pub use error::{Error, ErrorRecord};
pub use text::{Span, Text};
pub use tone::Tone;

use document::{SentenceOut, Source};

/// Default limit on the size of one input: 50 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// How far the pipeline runs; each stage includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Stage {
    /// Decode, normalize, boilerplate and metadata.
    Normalize,
    /// ... then paragraphs, sentences, syllables and words.
    Tokenize,
    /// ... then dates, figures, document references and entities.
    Extract,
    /// ... then the summary: the whole pipeline.
    #[default]
    Summarize,
}

/// Settings of one analysis.
#[derive(Debug, Clone)]
pub struct Options {
    /// The encoding to use instead of detecting one.
    pub encoding: Option<Encoding>,
    /// The tone-mark placement of the normalized view; `None` takes the input's majority.
    pub tone: Option<Tone>,
    /// Inputs larger than this are refused with [`Error::TooLarge`].
    pub max_bytes: u64,
    /// The last stage to run.
    pub stage: Stage,
    /// Whether to write `sentences` (with words) into the output.
    pub tokens: bool,
    /// How many summary sentences to pick (`None`: the summarizer's default).
    pub summary_sentences: Option<usize>,
    /// Summary length as a ratio of the body sentences, used when `summary_sentences` is `None`.
    pub summary_ratio: Option<f64>,
    /// How many keywords to return.
    pub keywords: usize,
    /// The article's date given with the input (`--date`, a record's
    /// `published`): it wins over the page's metadata and the date line.
    pub published: Option<normalize::meta::FoundDateTime>,
    /// The article's title given with the input (a record's `title`): it
    /// wins over the headline the clean stage finds.
    pub title: Option<String>,
    /// The summary's sentence scorer (default: the learned one).
    pub summary_scorer: summarize::Scorer,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            encoding: None,
            tone: None,
            max_bytes: DEFAULT_MAX_BYTES,
            stage: Stage::Summarize,
            tokens: false,
            summary_sentences: None,
            summary_ratio: None,
            keywords: 10,
            published: None,
            title: None,
            summary_scorer: summarize::Scorer::Learned,
        }
    }
}

/// One line of the output stream: an analysis, or the error record of an
/// input that failed.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OutputRecord {
    /// An analysed article.
    Analysis(Box<Document>),
    /// An input that failed.
    Error(ErrorRecord),
}

/// The JSON Schema (draft 2020-12) of one output record, as `analyze schema` prints it.
pub fn output_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(OutputRecord))
        .unwrap_or(serde_json::Value::Null);
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "title".into(),
            "vnanalyze output record, schema version 2".into(),
        );
    }
    schema
}

/// Analyses raw bytes from `path` (used only to fill `source.path`).
///
/// Refuses empty, binary, oversized and undecodable input with an [`Error`];
/// never panics on any input.
pub fn analyze_bytes(bytes: &[u8], path: Option<&str>, opts: &Options) -> Result<Document, Error> {
    analyze_bytes_as(bytes, path, None, opts)
}

/// [`analyze_bytes`] with the input's format given: `Some(Html)` reads the
/// bytes as a web page, `Some(Text)` as plain text, `None` recognises a page
/// by its content (what [`analyze_bytes`] does).
pub fn analyze_bytes_as(
    bytes: &[u8],
    path: Option<&str>,
    format: Option<document::InputFormat>,
    opts: &Options,
) -> Result<Document, Error> {
    let len = bytes.len() as u64;
    if len > opts.max_bytes {
        return Err(Error::TooLarge {
            bytes: len,
            limit: opts.max_bytes,
        });
    }
    let decode_error = |e| match e {
        decode::DecodeError::Binary { offset } => Error::Binary { offset },
        decode::DecodeError::Undecodable(m) => Error::Undecodable(m),
    };
    let is_html = match format {
        Some(f) => f == document::InputFormat::Html,
        None => html::sniff(bytes),
    };
    if is_html {
        let page = html::read_page(bytes, opts.encoding).map_err(|e| match e {
            html::PageError::Decode(e) => decode_error(e),
            html::PageError::NoArticle => Error::NoArticle,
        })?;
        let source = Source {
            path: path.map(str::to_string),
            bytes: len,
            chars: 0,
            encoding: Some(page.encoding.name().to_string()),
            tone: None,
            format: document::InputFormat::Html,
        };
        let text = page.article.text.clone();
        return Ok(run_pipeline(text, source, opts, Some(&page.article)));
    }
    let decoded = decode::decode(bytes, opts.encoding).map_err(decode_error)?;
    if decoded.text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let source = Source {
        path: path.map(str::to_string),
        bytes: len,
        chars: 0,
        encoding: Some(decoded.encoding.name().to_string()),
        tone: None,
        format: document::InputFormat::Text,
    };
    let mut doc = run_pipeline(decoded.text, source, opts, None);
    // The decoder's doubts (replaced bytes, a close call) come first.
    doc.warnings.splice(0..0, decoded.warnings);
    Ok(doc)
}

/// Analyses text that is already decoded, as a `--stdin-jsonl` record
/// gives it: no byte-order mark is stripped (a leading U+FEFF is a
/// character of the text, so spans count it), and a page is still
/// recognised as HTML. Refuses empty, oversized and NUL-holding text like
/// [`analyze_bytes`] does.
pub fn analyze_text(text: String, path: Option<&str>, opts: &Options) -> Result<Document, Error> {
    let bytes = text.as_bytes();
    let len = bytes.len() as u64;
    if len > opts.max_bytes || html::sniff(bytes) || opts.encoding.is_some() {
        // A page, or a forced encoding over the text's bytes: as bytes.
        return analyze_bytes(bytes, path, opts);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary { offset });
    }
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let source = Source {
        path: path.map(str::to_string),
        bytes: len,
        chars: 0,
        encoding: Some(Encoding::Utf8.name().to_string()),
        tone: None,
        format: document::InputFormat::Text,
    };
    Ok(run_pipeline(text, source, opts, None))
}

/// Analyses text that is already decoded (for library users and tests).
pub fn analyze_str(text: &str, opts: &Options) -> Document {
    let source = Source {
        path: None,
        bytes: text.len() as u64,
        chars: 0,
        encoding: Some(Encoding::Utf8.name().to_string()),
        tone: None,
        format: document::InputFormat::Text,
    };
    run_pipeline(text.to_string(), source, opts, None)
}

fn run_pipeline(
    original: String,
    mut source: Source,
    opts: &Options,
    page: Option<&html::Article>,
) -> Document {
    let (text, majority) = normalize::normalize(original, opts.tone);
    source.chars = text.char_len();
    source.tone = Some(majority.name().to_string());
    let mut doc = Document::new(source, text);
    normalize::clean(&mut doc);
    if let Some(article) = page {
        html::apply(&mut doc, article);
    }
    apply_input_meta(&mut doc, opts);
    if opts.stage >= Stage::Tokenize {
        segment::run(&mut doc);
    }
    if opts.stage >= Stage::Extract {
        extract::run(&mut doc);
    }
    if opts.stage >= Stage::Summarize {
        summarize::run(&mut doc, opts);
    }
    finish(&mut doc, opts);
    // One form for every normalized field of the run: `--tone`, else old.
    doc.canonicalize(opts.tone.unwrap_or_default());
    doc
}

/// Lets metadata given with the input win over what the text says, and
/// records where the article's date came from.
fn apply_input_meta(doc: &mut Document, opts: &Options) {
    if let Some(date) = &opts.published {
        doc.published = Some(date.value);
        doc.meta.published = Some(date.iso());
        doc.meta.published_from = Some(document::PublishedFrom::Input);
    } else if doc.meta.published.is_some() && doc.meta.published_from.is_none() {
        doc.meta.published_from = Some(document::PublishedFrom::Text);
    }
    if let Some(title) = opts
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        doc.meta.title = Some(unicode_normalization::UnicodeNormalization::nfc(title).collect());
    }
}

/// Fills the counts and, when asked for, the written-out sentences.
fn finish(doc: &mut Document, opts: &Options) {
    let body = |line: usize| {
        doc.lines
            .get(line)
            .is_some_and(|l| l.role == document::Role::Body)
    };
    doc.stats.paragraphs = doc.body_lines().count();
    doc.stats.sentences = doc.segments.iter().filter(|s| body(s.line)).count();
    doc.stats.words = doc
        .segments
        .iter()
        .filter(|s| body(s.line))
        .map(|s| s.words.len())
        .sum();
    doc.stats.syllables = doc
        .segments
        .iter()
        .filter(|s| body(s.line))
        .map(|s| s.syllables)
        .sum();
    if opts.tokens || opts.stage == Stage::Tokenize {
        let out = doc
            .segments
            .iter()
            .map(|s| {
                let (span, text) = doc.text.excerpt(s.norm.clone());
                let words = s
                    .words
                    .iter()
                    .filter_map(|w| doc.text.norm().get(w.clone()))
                    .map(|w| w.split_whitespace().collect::<Vec<_>>().join("_"))
                    .collect();
                SentenceOut { span, text, words }
            })
            .collect();
        doc.sentences = Some(out);
    }
}
