//! Inputs to records: walk paths lazily, analyse chunks in parallel (rayon),
//! write records in input order, and turn every failure into an error
//! record so that no input is lost silently.

use super::RunArgs;
use super::names::{note, path_name, terminal_safe};
use super::records;
use anyhow::Context;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use vnanalyze::{Analyzer, Error, ErrorRecord, Options};

/// One thing to analyse, or a failure found while listing inputs.
#[derive(Debug)]
enum Input {
    /// Standard input.
    Stdin,
    /// A file (or a symbolic link to one), and whether it was named on the
    /// command line (only then is a named pipe or a device read).
    File(PathBuf, bool),
    /// A path that could not even be listed.
    Failed(String, Error),
    /// One `{"id", "text", ...}` record of `--stdin-jsonl`.
    Record(Box<Record>),
    /// A folder with no file of the extensions asked for, and the message.
    NoMatch(String, String),
}

/// What a run writes for each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The JSON record (pretty or one line).
    Json,
    /// CSV rows of one item list.
    Csv(super::Items),
    /// The clean article text (`analyze text`).
    Text,
}

/// One input record of `--stdin-jsonl`: its id, its text and every other
/// field, passed through under `input`.
#[derive(Debug)]
pub struct Record {
    /// The record's `id` (any JSON value; `null` when absent).
    id: serde_json::Value,
    /// The text to analyse, or why the line is not a usable record (with
    /// the line's size when it is too large).
    text: Result<String, (Option<u64>, Error)>,
    /// The other fields of the record.
    rest: serde_json::Map<String, serde_json::Value>,
    /// The article's date and title given with the record (`published`,
    /// `title`), as options of its analysis.
    given: Given,
    /// Line number in standard input, from 1.
    line: usize,
}

impl Input {
    fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p, _) => path_name(p),
            Input::Failed(p, _) | Input::NoMatch(p, _) => p.clone(),
            Input::Record(r) => match &r.id {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => format!("stdin:{}", r.line),
                other => other.to_string(),
            },
        }
    }
}

/// Metadata a `--stdin-jsonl` record gives with its text.
#[derive(Debug, Default)]
struct Given {
    published: Option<vnanalyze::normalize::meta::FoundDateTime>,
    title: Option<String>,
}

impl Given {
    /// Reads `published` and `title` (left in place, so they are still
    /// passed through); a `published` that is no date is a bad record.
    fn read(m: &serde_json::Map<String, serde_json::Value>) -> Result<Given, String> {
        let published = match m.get("published") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) => Some(
                vnanalyze::normalize::meta::parse_input_date(s)
                    .ok_or_else(|| format!("`published` is not a date: {s:?}"))?,
            ),
            Some(_) => return Err("`published` is not a string".to_string()),
        };
        let title = match m.get("title") {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        Ok(Given { published, title })
    }
}

/// What one input produced: its record, and the error if it failed.
struct Output {
    record: Rendered,
    error: Option<String>,
}

/// One input's record as it waits for its turn to be written.
enum Rendered {
    /// Text ready to write (an error record, CSV rows, a clean text).
    Text(String),
    /// An analysis, serialized straight into the output when written: its
    /// JSON is never held whole (on a flood of items it is several times
    /// the size of the record it is written from).
    Json(Box<JsonRecord>),
}

/// An analysed input's record and what its JSON line is written with.
struct JsonRecord {
    record: vnanalyze::Document,
    /// A `--stdin-jsonl` record's id and other fields.
    id: Option<(
        serde_json::Value,
        serde_json::Map<String, serde_json::Value>,
    )>,
    pretty: bool,
}

impl Rendered {
    fn is_empty(&self) -> bool {
        matches!(self, Rendered::Text(t) if t.is_empty())
    }

    /// Writes the record (without a line end).
    fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let j = match self {
            Rendered::Text(t) => return out.write_all(t.as_bytes()),
            Rendered::Json(j) => j,
        };
        let written = match &j.id {
            Some((id, rest)) => to_writer(
                out,
                &WithId {
                    id,
                    record: &j.record,
                    input: (!rest.is_empty()).then_some(rest),
                },
                j.pretty,
            ),
            None => to_writer(out, &j.record, j.pretty),
        };
        // The record's types serialize without fail: only the writer can.
        written.map_err(|e| match e.io_error_kind() {
            Some(kind) => io::Error::new(kind, e),
            None => io::Error::other(e),
        })
    }
}

fn to_writer<T: serde::Serialize>(
    out: &mut impl Write,
    value: &T,
    pretty: bool,
) -> serde_json::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(out, value)
    } else {
        serde_json::to_writer(out, value)
    }
}

/// Counts of a finished run.
#[derive(Debug, Default, Clone, Copy)]
pub struct Outcome {
    /// Inputs analysed.
    pub analysed: usize,
    /// Inputs that produced an error record.
    pub failed: usize,
}

impl Outcome {
    /// 0 when every input was analysed, 1 when any failed.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failed > 0)
    }
}

/// Lists the inputs of `paths` lazily: files as given, folders walked in
/// sorted order for files with one of `exts`, hidden entries skipped,
/// symbolic links to folders not followed (no loops).
fn inputs(paths: Vec<PathBuf>, exts: Vec<String>) -> impl Iterator<Item = Input> + Send {
    let exts: Arc<[String]> = exts.into();
    paths
        .into_iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = Input> + Send> {
            if p.as_os_str() == "-" {
                return Box::new(std::iter::once(Input::Stdin));
            }
            match fs::metadata(&p) {
                Err(e) => Box::new(std::iter::once(Input::Failed(path_name(&p), io_error(&e)))),
                Ok(m) if m.is_dir() => {
                    let files = walk(p.clone(), Arc::clone(&exts));
                    Box::new(or_no_match(files, p, Arc::clone(&exts)))
                }
                Ok(_) => Box::new(std::iter::once(Input::File(p, true))),
            }
        })
}

/// The folder's inputs, or one [`Input::NoMatch`] when it has none.
fn or_no_match(
    files: impl Iterator<Item = Input> + Send,
    dir: PathBuf,
    exts: Arc<[String]>,
) -> impl Iterator<Item = Input> + Send {
    let mut any = false;
    let mut done = false;
    let mut files = files;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match files.next() {
            Some(input) => {
                any = true;
                Some(input)
            }
            None => {
                done = true;
                (!any).then(|| {
                    let list: Vec<String> = exts
                        .iter()
                        .map(|e| format!(".{}", e.trim_start_matches('.')))
                        .collect();
                    Input::NoMatch(
                        path_name(&dir),
                        format!(
                            "no file with extension {} in this folder (choose others with --ext, e.g. --ext txt,html)",
                            list.join(" or ")
                        ),
                    )
                })
            }
        }
    })
}

fn walk(root: PathBuf, exts: Arc<[String]>) -> impl Iterator<Item = Input> + Send {
    walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |entry| match entry {
            Err(e) => {
                let path = path_name(e.path().unwrap_or(&root));
                let msg = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string());
                Some(Input::Failed(path, Error::Unreadable(msg)))
            }
            Ok(e) => {
                let wanted = e.path().extension().is_some_and(|x| {
                    exts.iter().any(|w| {
                        x.to_string_lossy()
                            .eq_ignore_ascii_case(w.trim_start_matches('.'))
                    })
                });
                if !wanted || e.file_type().is_dir() {
                    return None;
                }
                if e.path_is_symlink() {
                    // Follow a link to a file; report a broken one; skip one to a folder.
                    return match fs::metadata(e.path()) {
                        Ok(m) if m.is_dir() => None,
                        Ok(_) => Some(Input::File(e.into_path(), false)),
                        Err(err) => Some(Input::Failed(
                            path_name(e.path()),
                            Error::Unreadable(format!("broken symbolic link: {err}")),
                        )),
                    };
                }
                Some(Input::File(e.into_path(), false))
            }
        })
}

fn io_error(e: &io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Unreadable(e.to_string()),
    }
}

/// From this input size on, the allocator returns freed memory at once.
const LARGE_INPUT: u64 = 4 << 20;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_t`, the same
/// in mimalloc 2 and 3 (libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc return freed memory to the system at once instead of
/// up to a second later, for the rest of the run. Done only for a large input: on a
/// one-article run the delay saves 4 ms of page faults, but on a 50 MB
/// line the memory each stage frees (tokens, patterns' scratch, the
/// extract stage's candidates) stayed resident beside the next stage's, a
/// peak of 460 MB where the data needs 340 (390 with this).
fn purge_at_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: both calls take and return plain integers. The option is
        // changed only while it reads as a default (10 ms in mimalloc 2,
        // 1000 in 3), so another layout of the enum, or a
        // MIMALLOC_PURGE_DELAY the user set, leaves everything as it is.
        unsafe {
            if matches!(
                libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY),
                10 | 1000
            ) {
                libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
            }
        }
    });
}

/// Reads one input, never more than `max_bytes + 1` bytes of it: a
/// regular file over the limit is refused before reading (and one that
/// grows while it is read is read only up to the limit); standard input
/// over the limit is read on to count its size, without keeping it, up to
/// a ceiling ([`count_on`]); a
/// named pipe or a device (`/dev/stdin`, `<(curl ...)`) is read as a
/// stream and never past the limit, so `/dev/zero` ends.
fn read(input: &Input, max_bytes: u64) -> Result<Vec<u8>, (Option<u64>, Error)> {
    let too_large = |bytes: u64| {
        (
            Some(bytes),
            Error::TooLarge {
                bytes,
                limit: max_bytes,
            },
        )
    };
    match input {
        Input::Failed(_, e) => Err((None, e.clone())),
        Input::NoMatch(_, m) => Err((None, Error::Unreadable(m.clone()))),
        Input::Record(r) => match &r.text {
            Ok(t) => Ok(t.clone().into_bytes()),
            Err(e) => Err(e.clone()),
        },
        Input::Stdin => {
            let mut stdin = io::stdin().lock();
            let buf = read_capped(&mut stdin, max_bytes, 0).map_err(|e| (None, io_error(&e)))?;
            if buf.len() as u64 > max_bytes {
                // Over the limit: count the rest without keeping it, so the
                // error reports the input's real size, up to a ceiling.
                let held = buf.len() as u64;
                drop(buf);
                return Err(
                    match count_on(&mut stdin, held, count_ceiling(max_bytes))
                        .map_err(|e| (None, io_error(&e)))?
                    {
                        Some(bytes) => too_large(bytes),
                        None => (None, Error::StreamTooLarge { limit: max_bytes }),
                    },
                );
            }
            Ok(buf)
        }
        Input::File(p, named) => {
            let not_regular = || {
                (
                    None,
                    Error::Unreadable(
                        "not a regular file (a named pipe or a device is read only when named on the command line)"
                            .into(),
                    ),
                )
            };
            // Opening a pipe waits for its writer: one met in a folder is
            // refused before it is opened.
            if !named && !fs::metadata(p).is_ok_and(|m| m.is_file()) {
                return Err(not_regular());
            }
            let mut file = fs::File::open(p).map_err(|e| (None, io_error(&e)))?;
            let meta = file.metadata().map_err(|e| (None, io_error(&e)))?;
            if !meta.is_file() {
                if !named || meta.is_dir() {
                    return Err(not_regular());
                }
                let buf = read_capped(&mut file, max_bytes, 0).map_err(|e| (None, io_error(&e)))?;
                if buf.len() as u64 > max_bytes {
                    return Err((None, Error::StreamTooLarge { limit: max_bytes }));
                }
                return Ok(buf);
            }
            if meta.len() > max_bytes {
                return Err(too_large(meta.len()));
            }
            let buf = read_capped(&mut file, max_bytes, meta.len())
                .map_err(|e| (Some(meta.len()), io_error(&e)))?;
            if buf.len() as u64 > max_bytes {
                // The file grew after its size was taken.
                let now = file.metadata().map_or(0, |m| m.len());
                return Err(too_large(now.max(buf.len() as u64)));
            }
            Ok(buf)
        }
    }
}

/// How far standard input over the limit is read on to count its size:
/// [`COUNT_LIMITS`] times the limit, and at least [`COUNT_FLOOR`] bytes.
const COUNT_LIMITS: u64 = 16;

/// See [`COUNT_LIMITS`]: 1 GiB, a fraction of a second from a pipe.
const COUNT_FLOOR: u64 = 1 << 30;

/// How many bytes of standard input over `max_bytes` are counted at most.
fn count_ceiling(max_bytes: u64) -> u64 {
    max_bytes.saturating_mul(COUNT_LIMITS).max(COUNT_FLOOR)
}

/// The size of an input of which `held` bytes were read: the rest of `r`
/// is counted without keeping it, up to `ceiling` bytes in all
/// ([`count_ceiling`]); an input longer than that (an endless stream:
/// `analyze - < /dev/zero`) is read no further and its size is `None`.
fn count_on(r: &mut impl Read, held: u64, ceiling: u64) -> io::Result<Option<u64>> {
    let allowed = ceiling.saturating_sub(held);
    // One byte past the ceiling tells an input at it from a longer one.
    let rest = io::copy(&mut r.take(allowed.saturating_add(1)), &mut io::sink())?;
    Ok((rest <= allowed).then_some(held + rest))
}

/// Reads at most `max_bytes + 1` bytes of `r` (one more than the limit, to
/// tell an input at the limit from one over it), with room for `expected`.
fn read_capped(r: &mut impl Read, max_bytes: u64, expected: u64) -> io::Result<Vec<u8>> {
    let cap = max_bytes.saturating_add(1);
    let mut buf = Vec::with_capacity(usize::try_from(expected.min(cap)).unwrap_or(0));
    r.take(cap).read_to_end(&mut buf)?;
    Ok(buf)
}

/// What was read of one input.
enum Got {
    /// Raw bytes (a file, standard input).
    Bytes(Vec<u8>),
    /// Decoded text (a `--stdin-jsonl` record).
    Text(String),
}

/// Analyses one input into its record. A panic inside the library (a bug)
/// still yields an error record for the input.
fn process(
    analyzer: &Analyzer,
    mut input: Input,
    opts: &Options,
    pretty: bool,
    form: Form,
) -> Output {
    let path = input.display();
    if let Input::NoMatch(_, msg) = &input {
        return Output {
            record: Rendered::Text(String::new()),
            error: Some(format!("{path}: {msg}")),
        };
    }
    let given;
    let opts = match &input {
        Input::Record(r) if r.given.published.is_some() || r.given.title.is_some() => {
            given = Options {
                published: r.given.published.clone().or_else(|| opts.published.clone()),
                title: r.given.title.clone().or_else(|| opts.title.clone()),
                ..opts.clone()
            };
            &given
        }
        _ => opts,
    };
    // A record's text is already decoded: analysed as text, so a leading
    // U+FEFF is a character of it, not a byte-order mark.
    let result = match &mut input {
        Input::Record(r) => std::mem::replace(&mut r.text, Ok(String::new()))
            .map(|t| (t.len() as u64, Got::Text(t))),
        other => read(other, opts.max_bytes).map(|b| (b.len() as u64, Got::Bytes(b))),
    };
    if result.as_ref().is_ok_and(|(len, _)| *len >= LARGE_INPUT) {
        purge_at_once();
    }
    let result = result.and_then(|(len, bytes)| {
        let analysed = catch_unwind(AssertUnwindSafe(|| match bytes {
            Got::Bytes(bytes) => {
                analyzer.analyze(vnanalyze::Input::Owned(bytes), Some(&path), opts)
            }
            Got::Text(text) => analyzer.analyze(vnanalyze::Input::Text(text), Some(&path), opts),
        }))
        .unwrap_or_else(|panic| {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_string());
            Err(Error::Internal(msg))
        });
        analysed.map_err(|e| (Some(len), e))
    });
    match result {
        Ok(a) => Output {
            record: match form {
                Form::Json => {
                    // The working state goes before the record is written.
                    let vnanalyze::Analysis { record, work } = a;
                    drop(work);
                    let id = match &mut input {
                        Input::Record(r) => {
                            Some((std::mem::take(&mut r.id), std::mem::take(&mut r.rest)))
                        }
                        _ => None,
                    };
                    Rendered::Json(Box::new(JsonRecord { record, id, pretty }))
                }
                Form::Csv(items) => Rendered::Text(super::table::rows(&path, &a.record, items)),
                Form::Text => Rendered::Text(super::table::article_text(&a.record, &a.work)),
            },
            error: None,
        },
        Err((bytes, err)) => Output {
            // Only the JSON stream carries error records; CSV and text
            // report the failure on stderr alone.
            record: Rendered::Text(match form {
                Form::Json => render(&input, &ErrorRecord::new(Some(&path), bytes, &err), pretty),
                Form::Csv(_) | Form::Text => String::new(),
            }),
            error: Some(format!("{path}: {err}")),
        },
    }
}

/// An output record of `--stdin-jsonl`: the input's id first, then the
/// analysis (or error) fields, then the input's other fields.
#[derive(serde::Serialize)]
struct WithId<'a, T: serde::Serialize> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    record: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// The JSON text of one record (with the id of a `--stdin-jsonl` input).
fn render<T: serde::Serialize>(input: &Input, value: &T, pretty: bool) -> String {
    match input {
        Input::Record(r) => to_json(
            &WithId {
                id: &r.id,
                record: value,
                input: (!r.rest.is_empty()).then_some(&r.rest),
            },
            pretty,
        ),
        _ => to_json(value, pretty),
    }
}

fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> String {
    let r = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    r.unwrap_or_else(|e| {
        format!(
            "{{\"source\":null,\"error\":{{\"kind\":\"internal\",\"message\":{}}}}}",
            serde_json::Value::String(e.to_string())
        )
    })
}

/// Reads `--stdin-jsonl` records lazily: one JSON object per line, blank
/// lines skipped, a byte-order mark at the start of a line ignored; a line
/// that is not a usable record becomes a record whose analysis is an error
/// (`bad_record`, or `too_large` for a line longer than
/// [`records::line_cap`], read on and dropped), so it still yields one
/// output line, with its id whenever the id can be read.
fn stdin_records(max_bytes: u64) -> impl Iterator<Item = Input> + Send {
    let mut stdin = io::BufReader::with_capacity(1 << 16, io::stdin());
    let cap = records::line_cap(max_bytes);
    let mut line_no = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            line_no += 1;
            let line = match records::read_line(&mut stdin, cap) {
                Ok(Some(l)) => l,
                Ok(None) => return None,
                Err(e) => {
                    // A failing standard input ends the stream with one error record.
                    done = true;
                    let err = Error::Unreadable(format!("line {line_no}: {e}"));
                    let record = Record::failed(serde_json::Value::Null, line_no, None, err);
                    return Some(Input::Record(Box::new(record)));
                }
            };
            let bytes = line
                .bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&line.bytes);
            if !line.truncated && bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Input::Record(Box::new(Record::parse(
                bytes,
                line.len,
                line.truncated,
                line_no,
                max_bytes,
            ))));
        }
        None
    })
}

impl Record {
    /// A record that failed before analysis, with what is known of it.
    fn failed(id: serde_json::Value, line: usize, bytes: Option<u64>, err: Error) -> Record {
        Record {
            id,
            text: Err((bytes, err)),
            rest: Default::default(),
            given: Given::default(),
            line,
        }
    }

    /// The record of one input line (its kept `bytes`, `len` bytes long in all).
    fn parse(bytes: &[u8], len: u64, truncated: bool, line: usize, max_bytes: u64) -> Record {
        let id = || records::find_id(bytes).unwrap_or(serde_json::Value::Null);
        if truncated {
            let err = Error::TooLarge {
                bytes: len,
                limit: max_bytes,
            };
            return Record::failed(id(), line, Some(len), err);
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            let msg = format!(
                "line {line}: not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            );
            return Record::failed(id(), line, None, Error::BadRecord(msg));
        }
        let mut m = match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(_) => {
                let err = Error::BadRecord("not a JSON object".to_string());
                return Record::failed(serde_json::Value::Null, line, None, err);
            }
            Err(e) => {
                let err = Error::BadRecord(format!("line {line}: {e}"));
                return Record::failed(id(), line, None, err);
            }
        };
        let id = m.remove("id").unwrap_or(serde_json::Value::Null);
        let given = Given::read(&m);
        let text = match m.remove("text") {
            Some(serde_json::Value::String(t)) if t.len() as u64 > max_bytes => {
                let bytes = t.len() as u64;
                Err((
                    Some(bytes),
                    Error::TooLarge {
                        bytes,
                        limit: max_bytes,
                    },
                ))
            }
            Some(serde_json::Value::String(t)) => Ok(t),
            Some(_) => Err((None, Error::BadRecord("`text` is not a string".to_string()))),
            None => Err((None, Error::BadRecord("no `text` field".to_string()))),
        };
        let (text, given) = match given {
            Ok(g) => (text, g),
            Err(e) => (Err((None, Error::BadRecord(e))), Given::default()),
        };
        Record {
            id,
            text,
            rest: m,
            given,
            line,
        }
    }
}

/// Whether to draw the progress bar: only when stderr is a terminal and
/// stdout is not (records printed on the same terminal would be drawn
/// over), and not when asked to be quiet or reading `--stdin-jsonl`.
pub fn show_progress(stderr_tty: bool, stdout_tty: bool, quiet: bool, stdin_jsonl: bool) -> bool {
    stderr_tty && !stdout_tty && !quiet && !stdin_jsonl
}

/// A progress bar on stderr (files, files/s, ETA); see [`show_progress`].
fn progress(args: &RunArgs, paths: &[PathBuf]) -> Option<indicatif::ProgressBar> {
    if !show_progress(
        io::stderr().is_terminal(),
        io::stdout().is_terminal(),
        args.quiet,
        args.stdin_jsonl,
    ) {
        return None;
    }
    // Counting the files first costs one directory walk and gives the ETA.
    let total = inputs(paths.to_vec(), args.exts.clone()).count() as u64;
    if total < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files  {per_sec}  ETA {eta}  {msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// What the writing loop of [`run`] hears about: an input the reader
/// thread has listed, the end of the inputs, or a record a worker finished.
enum Event {
    Input(Input),
    End,
    Done(usize, Output),
}

/// Runs the pipeline over every input of `args` and writes the records in
/// input order as they complete. A reader thread lists the inputs (walks
/// folders, reads `--stdin-jsonl` lines) while the workers analyse and this
/// thread writes, so a record goes out, flushed, as soon as it and every
/// record before it are done, even while the next input line is still to
/// come (a coprocess that sends one record and waits gets its answer). At
/// most `window` inputs are in flight (read, analysed or waiting in the
/// reorder buffer), so memory is bounded by a few articles, not by the
/// number of inputs. A single file (or standard input) is read and
/// analysed on this thread alone: starting a reader and a worker and
/// handing the input over cost a one-file run about 2 ms of its 20.
pub fn run(args: &RunArgs, opts: &Options, form: Form) -> anyhow::Result<Outcome> {
    let mut paths = args.paths.clone();
    if paths.is_empty() && !args.stdin_jsonl {
        if io::stdin().is_terminal() {
            return Err(super::Usage(
                "no input given (try `analyze --help`; `-` reads standard input)".into(),
            )
            .into());
        }
        paths.push(PathBuf::from("-"));
    }
    let stdout = io::stdout();
    let single = !args.stdin_jsonl
        && paths.len() == 1
        && (paths[0].as_os_str() == "-" || !paths[0].is_dir());
    let pretty =
        form == Form::Json && (args.pretty || (!args.jsonl && single && stdout.is_terminal()));
    // The analyzer lives as long as the process: every worker borrows it.
    let analyzer: &'static Analyzer = match &args.model {
        // A file that cannot be read exits 1, one that is no model 2.
        Some(path) => Box::leak(Box::new(Analyzer::with_model(path)?)),
        None => Analyzer::shared(),
    };
    let threads = threads(args.threads);
    let bar = progress(args, &paths);
    let source: Box<dyn Iterator<Item = Input> + Send> = if args.stdin_jsonl {
        Box::new(stdin_records(opts.max_bytes))
    } else {
        Box::new(inputs(paths, args.exts.clone()))
    };

    let mut sink = Sink {
        out: io::BufWriter::new(stdout.lock()),
        form,
        bar,
        outcome: Outcome::default(),
        texts_written: 0,
    };
    if let Form::Csv(items) = form
        && let Err(e) = sink.out.write_all(super::table::header(items).as_bytes())
    {
        return broken_pipe_or(e, sink.outcome);
    }
    if single {
        // One input: read and analysed on this thread, with no worker or
        // reader thread to start and hand it over (the pattern thread still
        // compiles beside it).
        for input in source {
            let output = process(analyzer, input, opts, pretty, form);
            if let Err(e) = sink.write(output).and_then(|()| sink.out.flush()) {
                return broken_pipe_or(e, sink.outcome);
            }
        }
        return Ok(sink.finish(args));
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let opts = Arc::new(opts.clone());
    let window = threads * 4;
    let (tx, rx) = mpsc::channel::<Event>();
    // The reader takes one credit per input it lists; a credit comes back
    // when a record is written.
    let (credit_tx, credit_rx) = mpsc::channel::<()>();
    for _ in 0..window {
        let _ = credit_tx.send(());
    }
    let reader_tx = tx.clone();
    // Not joined: when the run ends early (a closed output) the reader may
    // still wait on standard input, and the process ends without it.
    std::thread::Builder::new()
        .name("inputs".into())
        .spawn(move || {
            let mut source = source;
            while credit_rx.recv().is_ok() {
                let Some(input) = source.next() else { break };
                if reader_tx.send(Event::Input(input)).is_err() {
                    return;
                }
            }
            let _ = reader_tx.send(Event::End);
        })
        .context("cannot start the input reader")?;

    let mut pending: BTreeMap<usize, Output> = BTreeMap::new();
    let (mut sent, mut written) = (0usize, 0usize);
    let mut ended = false;
    while !(ended && written == sent) {
        let Ok(event) = rx.recv() else { break };
        let (index, output) = match event {
            Event::Input(input) => {
                let (tx, opts) = (tx.clone(), Arc::clone(&opts));
                let index = sent;
                pool.spawn(move || {
                    let output = process(analyzer, input, &opts, pretty, form);
                    // The receiver only goes away when the run ends early.
                    let _ = tx.send(Event::Done(index, output));
                });
                sent += 1;
                continue;
            }
            Event::End => {
                ended = true;
                continue;
            }
            Event::Done(index, output) => (index, output),
        };
        pending.insert(index, output);
        let before = written;
        while let Some(o) = pending.remove(&written) {
            written += 1;
            let _ = credit_tx.send(());
            if let Err(e) = sink.write(o) {
                return broken_pipe_or(e, sink.outcome);
            }
        }
        // Every record whose predecessors are all written goes out now.
        if written > before
            && let Err(e) = sink.out.flush()
        {
            return broken_pipe_or(e, sink.outcome);
        }
    }
    if let Err(e) = sink.out.flush() {
        return broken_pipe_or(e, sink.outcome);
    }
    Ok(sink.finish(args))
}

/// Where records go, in input order: standard output (a failure's message
/// to standard error), with the counts and the progress bar.
struct Sink<'a> {
    out: io::BufWriter<io::StdoutLock<'a>>,
    form: Form,
    bar: Option<indicatif::ProgressBar>,
    outcome: Outcome,
    /// Documents written in the text form (separated by a form feed).
    texts_written: usize,
}

impl Sink<'_> {
    /// Writes one input's record (and reports its error).
    fn write(&mut self, o: Output) -> io::Result<()> {
        if let Some(e) = &o.error {
            self.outcome.failed += 1;
            match &self.bar {
                Some(b) => b.println(terminal_safe(&format!("analyze: {e}"))),
                None => note(&format!("analyze: {e}")),
            }
        } else {
            self.outcome.analysed += 1;
        }
        if let Some(b) = &self.bar {
            b.inc(1);
        }
        let out = &mut self.out;
        match self.form {
            Form::Json if o.record.is_empty() => Ok(()),
            Form::Json => o.record.write_to(out).and_then(|()| out.write_all(b"\n")),
            Form::Csv(_) => o.record.write_to(out),
            Form::Text if o.error.is_some() => Ok(()),
            Form::Text => {
                // Documents are separated by a form feed on its own line.
                let sep: &[u8] = if self.texts_written > 0 {
                    b"\x0c\n"
                } else {
                    b""
                };
                self.texts_written += 1;
                out.write_all(sep)
                    .and_then(|()| o.record.write_to(out))
                    .and_then(|()| out.write_all(b"\n"))
            }
        }
    }

    /// Clears the bar and prints the counts of a run of several inputs.
    fn finish(self, args: &RunArgs) -> Outcome {
        if let Some(b) = self.bar {
            b.finish_and_clear();
        }
        let outcome = self.outcome;
        if !args.quiet && (outcome.analysed + outcome.failed > 1 || args.stdin_jsonl) {
            note(&format!(
                "{} analysed, {} failed",
                outcome.analysed, outcome.failed
            ));
        }
        outcome
    }
}

/// The worker count: as asked (default: all cores), at most 4 per core,
/// with a note on stderr when capped.
fn threads(asked: Option<u64>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores.saturating_mul(4);
    match asked {
        None => cores,
        Some(n) if n > cap as u64 => {
            note(&format!(
                "analyze: --threads {n} is more than 4 per core; using {cap}"
            ));
            cap
        }
        Some(n) => usize::try_from(n).unwrap_or(cap).max(1),
    }
}

/// `tokenize --format text`: each input decoded, then either every line
/// taken as one sentence (`lines`) or the pipeline's sentences, printed one
/// per line with words separated by spaces and syllables joined by `_`.
pub fn run_text(args: &RunArgs, opts: &Options, lines: bool) -> anyhow::Result<u8> {
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            return Err(super::Usage(
                "no input given\n\nUsage: analyze tokenize --format text [--lines] [PATH]...\n       \
                 echo 'Tỉnh ủy ban hành nghị quyết' | analyze tokenize --format text --lines\n\n\
                 (`-` reads standard input; `analyze tokenize --help` for more)"
                    .into(),
            )
            .into());
        }
        paths.push(PathBuf::from("-"));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut failed = false;
    for input in inputs(paths, args.exts.clone()) {
        let path = input.display();
        let text = read(&input, opts.max_bytes)
            .map_err(|(_, e)| e)
            .and_then(|bytes| {
                // A saved page: its article's text, as the pipeline reads it.
                if vnanalyze::html::sniff(&bytes) {
                    return vnanalyze::html::read_page(&bytes, opts.encoding)
                        .map(|p| p.article.text)
                        .map_err(|e| match e {
                            vnanalyze::html::PageError::NoArticle => Error::NoArticle,
                            vnanalyze::html::PageError::TooManyElements { elements, limit } => {
                                Error::TooManyElements { elements, limit }
                            }
                            vnanalyze::html::PageError::Decode(e) => {
                                Error::Undecodable(e.to_string())
                            }
                        });
                }
                vnanalyze::decode::decode(&bytes, opts.encoding)
                    .map(|d| d.text)
                    .map_err(|e| Error::Undecodable(e.to_string()))
            });
        let text = match text {
            Ok(t) => t,
            Err(_) if matches!(input, Input::NoMatch(..)) => {
                if let Input::NoMatch(_, m) = &input {
                    note(&format!("analyze: {path}: {m}"));
                }
                failed = true;
                continue;
            }
            Err(e) => {
                note(&format!("analyze: {path}: {e}"));
                failed = true;
                continue;
            }
        };
        let written = if lines {
            super::segment_cmd::run_text_lines(&text, &mut out)
        } else {
            let doc = vnanalyze::analyze_str(&text, opts);
            doc.sentences.iter().flatten().try_for_each(|s| {
                for (i, w) in s.words.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b" ")?;
                    }
                    out.write_all(w.as_bytes())?;
                }
                out.write_all(b"\n")
            })
        };
        if let Err(e) = written.and_then(|()| out.flush()) {
            return broken_pipe_or(e, Outcome::default()).map(|o| o.exit_code());
        }
    }
    Ok(u8::from(failed))
}

/// A reader that went away (`analyze dir/ | head -1`) ends the run quietly.
fn broken_pipe_or(e: io::Error, outcome: Outcome) -> anyhow::Result<Outcome> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(outcome)
    } else {
        Err(anyhow::Error::new(e).context("cannot write output"))
    }
}

#[cfg(test)]
mod tests {
    use super::{count_ceiling, count_on, read_capped, show_progress};

    #[test]
    fn an_endless_stdin_over_the_limit_is_counted_up_to_a_ceiling() {
        use std::io::Read;
        // `analyze - < /dev/zero` used to count on for ever.
        assert_eq!(count_on(&mut std::io::repeat(0), 1001, 5000).unwrap(), None);
        // Up to the ceiling the size is real, the ceiling itself included.
        let mut rest = std::io::repeat(0).take(2999);
        assert_eq!(count_on(&mut rest, 1001, 5000).unwrap(), Some(4000));
        let mut rest = std::io::repeat(0).take(3999);
        assert_eq!(count_on(&mut rest, 1001, 5000).unwrap(), Some(5000));
        let mut rest = std::io::repeat(0).take(4000);
        assert_eq!(count_on(&mut rest, 1001, 5000).unwrap(), None);
        // 16 times the limit, at least 1 GiB.
        assert_eq!(count_ceiling(1000), 1 << 30);
        assert_eq!(count_ceiling(50 << 20), 1 << 30);
        assert_eq!(count_ceiling(100 << 20), 1600 << 20);
        assert_eq!(count_ceiling(u64::MAX), u64::MAX);
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        // Issue 17 item 10: a file that grew after its size was taken, or
        // an endless stream, costs at most the limit + 1 bytes.
        let mut endless = std::io::repeat(b'a');
        assert_eq!(read_capped(&mut endless, 1000, 10).unwrap().len(), 1001);
        let mut short = &b"abc"[..];
        assert_eq!(read_capped(&mut short, 1000, 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_grows_while_it_is_read_is_read_up_to_the_limit() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("growing.txt");
        std::fs::write(&path, "x".repeat(500)).unwrap();
        let input = super::Input::File(path.clone(), true);
        // Open for appending before reading: the reader sees 500 bytes at
        // its size check; the writer then adds far more than the limit.
        let mut w = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                let chunk = vec![b'y'; 1 << 16];
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if w.write_all(&chunk).is_err() {
                        break;
                    }
                }
            })
        };
        let result = super::read(&input, 1000);
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        match result {
            Ok(bytes) => assert!(bytes.len() <= 1000),
            Err((Some(n), vnanalyze::Error::TooLarge { bytes, limit: 1000 })) => {
                assert!(n > 1000 && bytes == n)
            }
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn the_bar_is_drawn_only_when_stderr_alone_is_a_terminal() {
        assert!(show_progress(true, false, false, false));
        // `analyze dir/` with records printed on the terminal: no bar.
        assert!(!show_progress(true, true, false, false));
        assert!(!show_progress(false, false, false, false));
        assert!(!show_progress(true, false, true, false));
        assert!(!show_progress(true, false, false, true));
    }
}
