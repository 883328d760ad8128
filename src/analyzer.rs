//! The [`Analyzer`]: every resource of the pipeline, built once, shared by
//! reference across threads.
//!
//! The word model is the analyzer's own (the embedded one, or a retrained
//! `model.bin` given with [`Analyzer::with_model`] / `--model`). The other
//! tables (gazetteers, document types, patterns, markers, the summary
//! model) are embedded data, the same for every analyzer: they are built
//! once per process, and [`Analyzer::new`] builds them all up front (the
//! patterns of normalization and extraction on a second thread that the
//! word model's load and the first analysis overlap), so a one-file run
//! starts fast.

use crate::document::{self, Document, SentenceOut, Source, Work};
use crate::segment::{ModelError, Segmenter};
use crate::{
    Encoding, Error, Options, Stage, decode, extract, html, normalize, segment, summarize,
};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Why a word model file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the word model {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a model this build reads.
    #[error("{path} is not a usable word model")]
    Model {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: ModelError,
    },
}

/// Everything an analysis needs. Build one (it is `Sync`) and share it by
/// reference; [`Analyzer::analyze_bytes`] and friends take `&self`.
#[derive(Debug, Clone)]
pub struct Analyzer {
    segmenter: Cow<'static, Segmenter>,
}

/// One input to [`Analyzer::analyze`].
#[derive(Debug, Clone)]
pub enum Input<'a> {
    /// Raw bytes: the encoding is detected (or forced by
    /// [`Options::encoding`]), a web page is recognised by its content.
    Bytes(&'a [u8]),
    /// Raw bytes the caller gives away: as [`Input::Bytes`], but UTF-8 text
    /// is analysed in place, without a copy.
    Owned(Vec<u8>),
    /// Text already decoded (a `--stdin-jsonl` record's): no byte-order
    /// mark is stripped, a leading U+FEFF is a character of it.
    Text(String),
}

/// What [`Analyzer::analyze`] gives: the output record, and the working
/// state the stages built it from, for callers that need more than the
/// record (the text its spans point into, the body lines, the sentences).
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The output record, as `analyze` writes it.
    pub record: Document,
    /// The stages' working state.
    pub work: Work,
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer::new()
    }
}

impl Analyzer {
    /// An analyzer with the embedded word model. The tables are built
    /// before this returns; the patterns, the costliest, are compiled on a
    /// second thread that the first analysis overlaps (a stage that needs a
    /// pattern before it is ready waits for it, or compiles it itself).
    pub fn new() -> Analyzer {
        // The patterns take longest: they start before the word model
        // loads, so the load overlaps them.
        Analyzer::start_patterns();
        Analyzer::build(Cow::Borrowed(Segmenter::embedded()))
    }

    /// Starts the patterns, builds the tone tables, and wraps the word
    /// model.
    fn build(segmenter: Cow<'static, Segmenter>) -> Analyzer {
        Analyzer::start_patterns();
        crate::tone::warm();
        Analyzer { segmenter }
    }

    /// Compiles the patterns of normalization and of the extract stage on a
    /// thread of their own, once per process (they are the same for every
    /// analyzer), while the first thread loads the word model.
    fn start_patterns() {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            let spawned = std::thread::Builder::new()
                .name("vnanalyze-patterns".into())
                .spawn(|| {
                    // In the order the pipeline first needs them (the
                    // first thread compiles one itself when it gets there
                    // before this one starts it): clean reads the date
                    // line, then normalization's patterns, the extract
                    // stage's, the summary's tables, what the date forms'
                    // first matches would compile, and the gazetteer
                    // (which the extract stage loads first itself).
                    extract::warm_dates();
                    normalize::warm();
                    extract::warm_patterns();
                    summarize::warm();
                    extract::warm_groups();
                    extract::warm_gazetteer();
                });
            // No thread to be had: the patterns compile on first use instead.
            drop(spawned);
        });
    }

    /// An analyzer with a word model written by `analyze train-segmenter`
    /// (so a retrained model needs no rebuild).
    pub fn with_model(path: &Path) -> Result<Analyzer, LoadError> {
        Analyzer::start_patterns();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let seg = Segmenter::from_bytes(&bytes).map_err(|source| LoadError::Model {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Analyzer::with_segmenter(seg))
    }

    /// An analyzer with the given word model.
    pub fn with_segmenter(segmenter: Segmenter) -> Analyzer {
        Analyzer::build(Cow::Owned(segmenter))
    }

    /// The analyzer the free functions ([`crate::analyze_bytes`], ...) use,
    /// built on first use.
    pub fn shared() -> &'static Analyzer {
        static SHARED: OnceLock<Analyzer> = OnceLock::new();
        SHARED.get_or_init(Analyzer::new)
    }

    /// The word model.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Analyses one input: the output record, and the working state it was
    /// made from (the text its spans point into, the classified lines, the
    /// sentences). `path` only fills `source.path`. The `analyze_*` methods
    /// below are this one when only the record is wanted.
    ///
    /// Refuses empty, binary, oversized and undecodable input with an
    /// [`Error`]; never panics on any input.
    pub fn analyze(
        &self,
        input: Input<'_>,
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Analysis, Error> {
        match input {
            Input::Bytes(bytes) => self.analyze_bytes_full(bytes, path, None, opts),
            Input::Owned(bytes) => self.analyze_vec_full(bytes, path, opts),
            Input::Text(text) => self.analyze_text_full(text, path, opts),
        }
    }

    /// Analyses raw bytes from `path` (used only to fill `source.path`).
    ///
    /// Refuses empty, binary, oversized and undecodable input with an
    /// [`Error`]; never panics on any input.
    pub fn analyze_bytes(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Document, Error> {
        self.analyze_bytes_as(bytes, path, None, opts)
    }

    /// [`Analyzer::analyze_bytes`] with the input's format given: `Some(Html)`
    /// reads the bytes as a web page, `Some(Text)` as plain text, `None`
    /// recognises a page by its content.
    pub fn analyze_bytes_as(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        format: Option<document::InputFormat>,
        opts: &Options,
    ) -> Result<Document, Error> {
        self.analyze_bytes_full(bytes, path, format, opts)
            .map(|a| a.record)
    }

    /// [`Analyzer::analyze_bytes_as`] with the working state.
    fn analyze_bytes_full(
        &self,
        bytes: &[u8],
        path: Option<&str>,
        format: Option<document::InputFormat>,
        opts: &Options,
    ) -> Result<Analysis, Error> {
        let len = bytes.len() as u64;
        if len > opts.max_bytes {
            return Err(Error::TooLarge {
                bytes: len,
                limit: opts.max_bytes,
            });
        }
        let is_html = match format {
            Some(f) => f == document::InputFormat::Html,
            None => html::sniff(bytes),
        };
        if is_html {
            let page = html::read_page(bytes, opts.encoding).map_err(|e| match e {
                html::PageError::Decode(e) => decode_error(e),
                html::PageError::NoArticle => Error::NoArticle,
                html::PageError::TooManyElements { elements, limit } => {
                    Error::TooManyElements { elements, limit }
                }
            })?;
            let source = source(path, len, page.encoding.name(), document::InputFormat::Html);
            let text = page.article.text.clone();
            return Ok(self.run_pipeline(text, source, opts, Some(&page.article)));
        }
        let decoded = decode::decode(bytes, opts.encoding).map_err(decode_error)?;
        self.analyze_decoded(decoded, path, len, opts)
    }

    /// [`Analyzer::analyze_bytes`] of bytes the caller gives away (as the
    /// command line does with a file it has read): a UTF-8 text is analysed
    /// in place, without the copy that decoding borrowed bytes makes, one
    /// input's worth of memory less on a large file.
    pub fn analyze_vec(
        &self,
        bytes: Vec<u8>,
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Document, Error> {
        self.analyze_vec_full(bytes, path, opts).map(|a| a.record)
    }

    /// [`Analyzer::analyze_vec`] with the working state.
    fn analyze_vec_full(
        &self,
        bytes: Vec<u8>,
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Analysis, Error> {
        let len = bytes.len() as u64;
        if len > opts.max_bytes || html::sniff(&bytes) {
            return self.analyze_bytes_full(&bytes, path, None, opts);
        }
        let decoded = decode::decode_owned(bytes, opts.encoding).map_err(decode_error)?;
        self.analyze_decoded(decoded, path, len, opts)
    }

    /// The text pipeline over a decoded input of `len` bytes.
    fn analyze_decoded(
        &self,
        decoded: decode::Decoded,
        path: Option<&str>,
        len: u64,
        opts: &Options,
    ) -> Result<Analysis, Error> {
        if decoded.text.trim().is_empty() {
            return Err(Error::Empty);
        }
        let source = source(
            path,
            len,
            decoded.encoding.name(),
            document::InputFormat::Text,
        );
        let mut analysis = self.run_pipeline(decoded.text, source, opts, None);
        // The decoder's doubts (replaced bytes, a close call) come first.
        analysis.record.warnings.splice(0..0, decoded.warnings);
        Ok(analysis)
    }

    /// Analyses text that is already decoded, as a `--stdin-jsonl` record
    /// gives it: no byte-order mark is stripped (a leading U+FEFF is a
    /// character of the text, so spans count it), and a page is still
    /// recognised as HTML. Refuses empty, oversized and NUL-holding text like
    /// [`Analyzer::analyze_bytes`] does.
    pub fn analyze_text(
        &self,
        text: String,
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Document, Error> {
        self.analyze_text_full(text, path, opts).map(|a| a.record)
    }

    /// [`Analyzer::analyze_text`] with the working state.
    fn analyze_text_full(
        &self,
        text: String,
        path: Option<&str>,
        opts: &Options,
    ) -> Result<Analysis, Error> {
        let bytes = text.as_bytes();
        let len = bytes.len() as u64;
        if len > opts.max_bytes || html::sniff(bytes) || opts.encoding.is_some() {
            // A page, or a forced encoding over the text's bytes: as bytes.
            return self.analyze_bytes_full(bytes, path, None, opts);
        }
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(Error::Binary { offset });
        }
        if text.trim().is_empty() {
            return Err(Error::Empty);
        }
        let source = source(
            path,
            len,
            Encoding::Utf8.name(),
            document::InputFormat::Text,
        );
        Ok(self.run_pipeline(text, source, opts, None))
    }

    /// Analyses text that is already decoded (for library users and tests);
    /// any text, even empty, gives a record.
    pub fn analyze_str(&self, text: &str, opts: &Options) -> Document {
        self.analyze_str_full(text, opts).record
    }

    /// [`Analyzer::analyze_str`] with the working state.
    pub fn analyze_str_full(&self, text: &str, opts: &Options) -> Analysis {
        let source = source(
            None,
            text.len() as u64,
            Encoding::Utf8.name(),
            document::InputFormat::Text,
        );
        self.run_pipeline(text.to_string(), source, opts, None)
    }

    fn run_pipeline(
        &self,
        original: String,
        mut source: Source,
        opts: &Options,
        page: Option<&html::Article>,
    ) -> Analysis {
        let (text, majority) = normalize::normalize(original, opts.tone);
        source.chars = text.char_len();
        source.tone = Some(majority.name().to_string());
        let mut work = Work::new(text);
        let mut doc = Document::new(source);
        normalize::clean(&mut work, &mut doc, &self.segmenter);
        if let Some(article) = page {
            html::apply(&mut work, &mut doc, article);
        }
        apply_input_meta(&mut work, &mut doc, opts);
        if opts.stage >= Stage::Tokenize {
            segment::run(&mut work, &self.segmenter);
        }
        if opts.stage >= Stage::Extract {
            extract::run(&work, &mut doc);
        }
        if opts.stage >= Stage::Summarize {
            summarize::run(&work, &mut doc, opts);
        }
        finish(&work, &mut doc, opts);
        // One form for every normalized field of the run: `--tone`, else old.
        doc.canonicalize(opts.tone.unwrap_or_default());
        Analysis { record: doc, work }
    }
}

/// The library error for a decoding failure.
fn decode_error(e: decode::DecodeError) -> Error {
    match e {
        decode::DecodeError::Binary { offset } => Error::Binary { offset },
        decode::DecodeError::Undecodable(m) => Error::Undecodable(m),
    }
}

/// The `source` record of an input, before the pipeline fills its
/// character count and tone.
fn source(path: Option<&str>, bytes: u64, encoding: &str, format: document::InputFormat) -> Source {
    Source {
        path: path.map(str::to_string),
        bytes,
        chars: 0,
        encoding: Some(encoding.to_string()),
        tone: None,
        format,
    }
}

/// Lets metadata given with the input win over what the text says, and
/// records where the article's date came from.
fn apply_input_meta(work: &mut Work, doc: &mut Document, opts: &Options) {
    if let Some(date) = &opts.published {
        work.published = Some(date.value);
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
fn finish(work: &Work, doc: &mut Document, opts: &Options) {
    let body = |line: usize| {
        work.lines
            .get(line)
            .is_some_and(|l| l.role == document::Role::Body)
    };
    doc.stats.paragraphs = work.body_lines().count();
    doc.stats.sentences = work.segments.iter().filter(|s| body(s.line)).count();
    doc.stats.words = work
        .segments
        .iter()
        .filter(|s| body(s.line))
        .map(|s| s.word_offsets.len())
        .sum();
    doc.stats.syllables = work
        .segments
        .iter()
        .filter(|s| body(s.line))
        .map(|s| s.syllables)
        .sum();
    if opts.tokens || opts.stage == Stage::Tokenize {
        let out = work
            .segments
            .iter()
            .map(|s| {
                let (span, text) = work.text.excerpt(s.norm.clone());
                let mut words = document::Words::new();
                let mut joined = String::new();
                for w in s.words().filter_map(|w| work.text.norm().get(w)) {
                    joined.clear();
                    for (i, syllable) in w.split_whitespace().enumerate() {
                        if i > 0 {
                            joined.push('_');
                        }
                        joined.push_str(syllable);
                    }
                    words.push(&joined);
                }
                SentenceOut { span, text, words }
            })
            .collect();
        doc.sentences = Some(out);
    }
}
