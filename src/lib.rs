//! vnanalyze: Vietnamese political news articles to structured JSON.
//!
//! The pipeline is `decode -> normalize (+ clean, metadata) -> segment ->
//! extract -> summarize`; each stage is a module that reads the shared
//! working state ([`Work`]) and writes its results into the output record
//! ([`Document`]). Every extracted item carries a [`Span`] in characters of the
//! decoded input, whatever normalization changed.
//!
//! ```
//! use vnanalyze::{analyze_str, Options};
//! let doc = analyze_str("Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.", &Options::default());
//! assert_eq!(doc.schema_version, 2);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod analyzer;
pub mod chars;
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

pub use analyzer::{Analysis, Analyzer, Input, LoadError};
pub use decode::Encoding;
pub use document::{Document, Work};
pub use error::{Error, ErrorRecord};
pub use text::{Span, Text};
pub use tone::Tone;

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

/// Analyses raw bytes from `path` (used only to fill `source.path`) with
/// the shared default [`Analyzer`] (see [`Analyzer::analyze_bytes`]).
///
/// Refuses empty, binary, oversized and undecodable input with an [`Error`];
/// never panics on any input.
pub fn analyze_bytes(bytes: &[u8], path: Option<&str>, opts: &Options) -> Result<Document, Error> {
    Analyzer::shared().analyze_bytes(bytes, path, opts)
}

/// [`analyze_bytes`] with the input's format given: `Some(Html)` reads the
/// bytes as a web page, `Some(Text)` as plain text, `None` recognises a page
/// by its content (see [`Analyzer::analyze_bytes_as`]).
pub fn analyze_bytes_as(
    bytes: &[u8],
    path: Option<&str>,
    format: Option<document::InputFormat>,
    opts: &Options,
) -> Result<Document, Error> {
    Analyzer::shared().analyze_bytes_as(bytes, path, format, opts)
}

/// Analyses text that is already decoded, as a `--stdin-jsonl` record
/// gives it (see [`Analyzer::analyze_text`]).
pub fn analyze_text(text: String, path: Option<&str>, opts: &Options) -> Result<Document, Error> {
    Analyzer::shared().analyze_text(text, path, opts)
}

/// Analyses text that is already decoded (for library users and tests),
/// with the shared default [`Analyzer`].
pub fn analyze_str(text: &str, opts: &Options) -> Document {
    Analyzer::shared().analyze_str(text, opts)
}
