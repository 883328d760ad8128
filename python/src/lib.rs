//! The native half of the Python package `vnanalyze` (the module
//! `vnanalyze._vnanalyze`): settings from keyword arguments, one call into
//! the library per input ([`run_library`]), and a batch iterator that
//! analyses on a thread pool without the GIL, yields in input order and
//! keeps at most a window of inputs in flight.
//!
//! Every input yields the CLI's JSON record: an analysis, or an error record
//! `{"source": .., "error": {"kind", "message"}}`. The Python half
//! (`vnanalyze/__init__.py`) raises the error classes for `analyze`, and
//! adds `frames` and the docstrings.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyMemoryView, PyString};
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, TryLockError, mpsc};
use vnanalyze::document::InputFormat;
use vnanalyze::{Document, Encoding, Error, ErrorRecord, Options, Stage, Tone};

/// The one call into the library: every analysis goes through here.
/// (When the library's `Analyzer` value lands, this body becomes one call on
/// it.)
fn run_library(
    bytes: &[u8],
    path: Option<&str>,
    format: Option<InputFormat>,
    opts: &Options,
) -> Result<Document, Error> {
    vnanalyze::analyze_bytes_as(bytes, path, format, opts)
}

/// The options of one call, parsed once and shared by every input.
struct Config {
    /// Options for bytes and paths (the encoding detected or as asked).
    opts: Options,
    /// The same options for `str` input: already text, so always UTF-8.
    text_opts: Options,
    /// `Some` when the caller said whether the input is HTML.
    format: Option<InputFormat>,
}

/// Settings of an analysis, built from the keyword arguments of
/// `vnanalyze.analyze` / `analyze_many` (see the Python docstrings).
#[pyclass(frozen, module = "vnanalyze._vnanalyze")]
struct Settings {
    config: Arc<Config>,
}

#[pymethods]
impl Settings {
    #[new]
    #[pyo3(signature = (*, date=None, tone=None, stage="summarize", tokens=false, html=None, encoding=None, max_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        date: Option<&str>,
        tone: Option<&str>,
        stage: &str,
        tokens: bool,
        html: Option<bool>,
        encoding: Option<&str>,
        max_bytes: Option<u64>,
    ) -> PyResult<Settings> {
        let published = match date {
            None => None,
            Some(d) => Some(
                vnanalyze::normalize::meta::parse_input_date(d).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "not a date: {d:?} (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"
                    ))
                })?,
            ),
        };
        let tone = match tone {
            None => None,
            Some("old") => Some(Tone::Old),
            Some("new") => Some(Tone::New),
            Some(t) => {
                return Err(PyValueError::new_err(format!(
                    "tone must be 'old', 'new' or None, not {t:?}"
                )));
            }
        };
        let stage = match stage {
            "normalize" => Stage::Normalize,
            "tokenize" => Stage::Tokenize,
            "extract" => Stage::Extract,
            "summarize" => Stage::Summarize,
            s => {
                return Err(PyValueError::new_err(format!(
                    "stage must be 'normalize', 'tokenize', 'extract' or 'summarize', not {s:?}"
                )));
            }
        };
        let encoding = match encoding {
            None => None,
            Some(e) => Some(Encoding::from_name(e).ok_or_else(|| {
                let names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
                PyValueError::new_err(format!(
                    "unknown encoding {e:?}: one of {}",
                    names.join(", ")
                ))
            })?),
        };
        let opts = Options {
            encoding,
            tone,
            max_bytes: max_bytes.unwrap_or(vnanalyze::DEFAULT_MAX_BYTES),
            stage,
            tokens,
            published,
            ..Options::default()
        };
        let text_opts = Options {
            encoding: Some(Encoding::Utf8),
            ..opts.clone()
        };
        let format = html.map(|h| {
            if h {
                InputFormat::Html
            } else {
                InputFormat::Text
            }
        });
        Ok(Settings {
            config: Arc::new(Config {
                opts,
                text_opts,
                format,
            }),
        })
    }
}

/// One input, owned, so that a worker can analyse it without the GIL.
enum Input {
    /// A `str`: already decoded text.
    Text(String),
    /// `bytes`, `bytearray` or `memoryview`: decoded as the CLI decodes a file.
    Bytes(Vec<u8>),
    /// An `os.PathLike`: the file is read by the worker.
    Path(String),
    /// Not something to analyse: yields an error record.
    Bad(Error),
}

impl Input {
    /// Takes `obj` apart while the GIL is held.
    fn from_py(obj: &Bound<'_, PyAny>) -> Input {
        if let Ok(s) = obj.cast::<PyString>() {
            return match s.to_cow() {
                Ok(t) => Input::Text(t.into_owned()),
                Err(_) => Input::Bad(Error::Undecodable(
                    "the str holds lone surrogates: not valid Unicode text".into(),
                )),
            };
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Input::Bytes(b.as_bytes().to_vec());
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Input::Bytes(b.to_vec());
        }
        if obj.hasattr("__fspath__").unwrap_or(false) {
            return match obj.call_method0("__fspath__") {
                Ok(p) => match p.extract::<String>() {
                    Ok(p) => Input::Path(p),
                    Err(_) => match p.cast::<PyBytes>() {
                        Ok(b) => Input::Path(String::from_utf8_lossy(b.as_bytes()).into_owned()),
                        Err(_) => Input::Bad(Error::BadRecord("__fspath__ gave no path".into())),
                    },
                },
                Err(e) => Input::Bad(Error::BadRecord(format!("__fspath__ failed: {e}"))),
            };
        }
        if obj.cast::<PyMemoryView>().is_ok()
            && let Ok(view) = obj.call_method0("tobytes")
            && let Ok(b) = view.cast::<PyBytes>()
        {
            return Input::Bytes(b.as_bytes().to_vec());
        }
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        Input::Bad(Error::BadRecord(format!(
            "expected str, bytes or a path, got {type_name}"
        )))
    }
}

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Analyses one input into the JSON text of its record. Never panics: a
/// panic inside the library is an `internal` error record.
fn process(input: &Input, config: &Config) -> String {
    let outcome = catch_unwind(AssertUnwindSafe(|| analyse(input, config))).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let path = match input {
            Input::Path(p) => Some(p.as_str()),
            _ => None,
        };
        Err(ErrorRecord::new(path, None, &Error::Internal(msg)))
    });
    let json = match &outcome {
        Ok(doc) => serde_json::to_string(doc),
        Err(rec) => serde_json::to_string(rec),
    };
    json.unwrap_or_else(|e| {
        let rec = ErrorRecord::new(None, None, &Error::Internal(e.to_string()));
        serde_json::to_string(&rec).unwrap_or_default()
    })
}

/// The analysis of one input, or its error record.
fn analyse(input: &Input, config: &Config) -> Result<Document, ErrorRecord> {
    match input {
        Input::Bad(err) => Err(ErrorRecord::new(None, None, err)),
        Input::Bytes(b) => run_library(b, None, config.format, &config.opts)
            .map_err(|e| ErrorRecord::new(None, Some(b.len() as u64), &e)),
        Input::Text(t) => {
            let len = t.len() as u64;
            // The decoder drops a leading byte order mark; a str that starts
            // with U+FEFF keeps it, so that spans index the str as given.
            let result = if t.starts_with('\u{feff}') {
                let mut b = Vec::with_capacity(t.len() + UTF8_BOM.len());
                b.extend_from_slice(UTF8_BOM);
                b.extend_from_slice(t.as_bytes());
                run_library(&b, None, config.format, &config.text_opts)
            } else {
                run_library(t.as_bytes(), None, config.format, &config.text_opts)
            };
            result
                .map(|mut doc| {
                    doc.source.bytes = len;
                    doc
                })
                .map_err(|e| ErrorRecord::new(None, Some(len), &e))
        }
        Input::Path(p) => {
            let bytes = read_file(p, config.opts.max_bytes)
                .map_err(|(size, e)| ErrorRecord::new(Some(p), size, &e))?;
            run_library(&bytes, Some(p), config.format, &config.opts)
                .map_err(|e| ErrorRecord::new(Some(p), Some(bytes.len() as u64), &e))
        }
    }
}

/// Reads a file as the CLI does (`read` in `src/cli/batch.rs`, private to
/// the binary): refused before reading when it is over the limit,
/// `not_found` / `unreadable` errors as the CLI names them.
fn read_file(path: &str, max_bytes: u64) -> Result<Vec<u8>, (Option<u64>, Error)> {
    let io_error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Unreadable(e.to_string()),
    };
    let meta = std::fs::metadata(path).map_err(|e| (None, io_error(e)))?;
    if !meta.is_file() {
        return Err((None, Error::Unreadable("not a regular file".into())));
    }
    if meta.len() > max_bytes {
        return Err((
            Some(meta.len()),
            Error::TooLarge {
                bytes: meta.len(),
                limit: max_bytes,
            },
        ));
    }
    std::fs::read(path).map_err(|e| (Some(meta.len()), io_error(e)))
}

/// JSON text to Python objects with `json.loads`, so the dict is exactly
/// what parsing the CLI's output gives. (pythonize, measured too, is about as
/// fast on the GIL's thread, but writes the exact decimal values as
/// `{"$serde_json::private::Number": ..}` maps and spans as tuples.)
fn to_python(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    let loads = py.import("json")?.getattr("loads")?;
    Ok(loads.call1((json,))?.unbind())
}

/// Analyses one input (the GIL released meanwhile) into its record.
#[pyfunction]
fn analyze(py: Python<'_>, input: &Bound<'_, PyAny>, settings: &Settings) -> PyResult<Py<PyAny>> {
    let input = Input::from_py(input);
    let config = settings.config.clone();
    let json = py.detach(move || process(&input, &config));
    to_python(py, &json)
}

/// The JSON Schema of one output record, as JSON text.
#[pyfunction]
fn schema_json() -> String {
    serde_json::to_string(&vnanalyze::output_schema()).unwrap_or_default()
}

/// The state of a running batch.
struct State {
    /// The caller's iterable, read lazily.
    source: Py<PyIterator>,
    /// The workers.
    pool: rayon::ThreadPool,
    config: Arc<Config>,
    tx: mpsc::Sender<(u64, String)>,
    /// Finished records (a mutex only to be shared with the GIL released).
    rx: Mutex<mpsc::Receiver<(u64, String)>>,
    /// Records done but not yet due, by input index.
    done: BTreeMap<u64, String>,
    /// Index of the next input to read.
    next_in: u64,
    /// Index of the next record to yield.
    next_out: u64,
    /// The iterable is exhausted.
    exhausted: bool,
    /// At most this many inputs in flight.
    window: u64,
    /// Whether to yield JSON text rather than dicts.
    raw: bool,
    /// `json.loads`.
    loads: Py<PyAny>,
}

/// The iterator `analyze_many` returns: one record per input, in input order.
#[pyclass(module = "vnanalyze._vnanalyze")]
struct Batch {
    state: Mutex<Option<State>>,
}

#[pymethods]
impl Batch {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let mut guard = match self.state.try_lock() {
            Ok(g) => g,
            Err(TryLockError::WouldBlock) => {
                return Err(PyRuntimeError::new_err(
                    "analyze_many's iterator is already running in another thread",
                ));
            }
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
        };
        let Some(state) = guard.as_mut() else {
            return Ok(None);
        };
        match state.next(py) {
            Ok(Some(json)) => {
                if state.raw {
                    Ok(Some(PyString::new(py, &json).into_any().unbind()))
                } else {
                    Ok(Some(state.loads.call1(py, (json,))?))
                }
            }
            Ok(None) => {
                // Done: let the workers go.
                *guard = None;
                Ok(None)
            }
            Err(e) => {
                *guard = None;
                Err(e)
            }
        }
    }
}

impl State {
    /// Keeps the window full, then waits (without the GIL) for the next
    /// record due.
    fn next(&mut self, py: Python<'_>) -> PyResult<Option<String>> {
        while !self.exhausted && self.next_in - self.next_out < self.window {
            match self.source.bind(py).clone().next() {
                None => self.exhausted = true,
                Some(Err(e)) => return Err(e),
                Some(Ok(obj)) => {
                    let input = Input::from_py(&obj);
                    let (i, tx, config) = (self.next_in, self.tx.clone(), self.config.clone());
                    self.pool.spawn(move || {
                        let json = process(&input, &config);
                        let _ = tx.send((i, json));
                    });
                    self.next_in += 1;
                }
            }
        }
        loop {
            if let Some(json) = self.done.remove(&self.next_out) {
                self.next_out += 1;
                return Ok(Some(json));
            }
            if self.next_out == self.next_in {
                return Ok(None);
            }
            let rx = &self.rx;
            let received = py.detach(|| match rx.lock() {
                Ok(rx) => rx.recv().ok(),
                Err(_) => None,
            });
            match received {
                Some((i, json)) => {
                    self.done.insert(i, json);
                }
                None => return Err(PyRuntimeError::new_err("vnanalyze worker lost")),
            }
        }
    }
}

/// Starts a batch over `inputs` on `threads` workers (default: all cores).
#[pyfunction]
#[pyo3(signature = (inputs, settings, threads=None, window=None, raw=false))]
fn analyze_many(
    py: Python<'_>,
    inputs: &Bound<'_, PyAny>,
    settings: &Settings,
    threads: Option<usize>,
    window: Option<usize>,
    raw: bool,
) -> PyResult<Batch> {
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be 1 or more")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let window = match window {
        Some(0) => return Err(PyValueError::new_err("window must be 1 or more")),
        Some(n) => n,
        None => (threads * 8).max(16),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("vnanalyze-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))?;
    let (tx, rx) = mpsc::channel();
    let loads = py.import("json")?.getattr("loads")?.unbind();
    Ok(Batch {
        state: Mutex::new(Some(State {
            source: inputs.try_iter()?.unbind(),
            pool,
            config: settings.config.clone(),
            tx,
            rx: Mutex::new(rx),
            done: BTreeMap::new(),
            next_in: 0,
            next_out: 0,
            exhausted: false,
            window: window as u64,
            raw,
            loads,
        })),
    })
}

/// The native module `vnanalyze._vnanalyze`.
#[pymodule]
fn _vnanalyze(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<Settings>()?;
    m.add_class::<Batch>()?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    Ok(())
}
