//! The one error type of the library: why an input could not be analysed.
//!
//! Each variant has a stable `kind` string that the CLI writes into the error
//! record of the JSON stream, so scripts can branch on it.

use thiserror::Error;

/// Why an input produced no analysis.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The path does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// The input could not be read (permissions, I/O error, not a regular file).
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The input has no bytes, or only white space.
    #[error("empty input")]
    Empty,
    /// The input holds NUL bytes outside a UTF-16 text: not a text file.
    #[error("binary data (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The input is larger than the configured limit.
    #[error("input is {bytes} bytes, over the limit of {limit} bytes (--max-bytes)")]
    TooLarge {
        /// Size of the input.
        bytes: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A named pipe or a device gave more bytes than the limit; it is read
    /// no further, so its size is not known (`/dev/zero` never ends).
    #[error(
        "input is over the limit of {limit} bytes (--max-bytes); a pipe or device is read no further"
    )]
    StreamTooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// An HTML page with more elements than its size allows (see
    /// [`crate::html::element_limit`]): its parsed tree would hold some 70
    /// bytes per input byte ("<br>" over and over).
    #[error(
        "HTML page with {elements} elements, over the limit of {limit} for its size (100000, or one per 64 bytes)"
    )]
    TooManyElements {
        /// Elements in the page (start tags, after comments, scripts and
        /// styles are cut).
        elements: usize,
        /// The limit for the page's size.
        limit: usize,
    },
    /// No supported encoding explains the bytes (or the forced one does not).
    #[error("undecodable: {0}")]
    Undecodable(String),
    /// A `--stdin-jsonl` line that is not a JSON object with a string `text`.
    #[error("bad input record: {0}")]
    BadRecord(String),
    /// An HTML page with no article text in it (a front page, a page of scripts).
    #[error("no article found in the HTML page")]
    NoArticle,
    /// A bug: a stage failed unexpectedly. The record still stands for the input.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The stable machine-readable kind written in error records.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::Unreadable(_) => "unreadable",
            Error::Empty => "empty",
            Error::Binary { .. } => "binary",
            Error::TooLarge { .. }
            | Error::StreamTooLarge { .. }
            | Error::TooManyElements { .. } => "too_large",
            Error::Undecodable(_) => "undecodable",
            Error::BadRecord(_) => "bad_record",
            Error::NoArticle => "no_article",
            Error::Internal(_) => "internal",
        }
    }
}

/// The record written into the JSON stream in place of an analysis when an
/// input fails, so that every input yields exactly one record.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct ErrorRecord {
    /// Which input failed.
    pub source: ErrorSource,
    /// Why it failed.
    pub error: ErrorInfo,
}

/// The part of `source` known for a failed input.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct ErrorSource {
    /// The path as given (or the record id).
    pub path: Option<String>,
    /// Size in bytes, when it could be read.
    pub bytes: Option<u64>,
}

/// The kind and message of a failure.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct ErrorInfo {
    /// Stable kind: see [`Error::kind`].
    pub kind: &'static str,
    /// A human-readable message.
    pub message: String,
}

impl ErrorRecord {
    /// The record for input `path` (of `bytes` bytes, if known) failing with `err`.
    pub fn new(path: Option<&str>, bytes: Option<u64>, err: &Error) -> ErrorRecord {
        ErrorRecord {
            source: ErrorSource {
                path: path.map(str::to_string),
                bytes,
            },
            error: ErrorInfo {
                kind: err.kind(),
                message: err.to_string(),
            },
        }
    }
}
