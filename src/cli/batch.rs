//! Inputs to records: walk paths lazily, analyse chunks in parallel (rayon),
//! write records in input order, and turn every failure into an error
//! record so that no input is lost silently.

use super::RunArgs;
use anyhow::Context;
use rayon::prelude::*;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use vnanalyze::{Error, ErrorRecord, Options, analyze_bytes};

/// One thing to analyse, or a failure found while listing inputs.
#[derive(Debug)]
enum Input {
    /// Standard input.
    Stdin,
    /// A file (or a symbolic link to one).
    File(PathBuf),
    /// A path that could not even be listed.
    Failed(String, Error),
}

impl Input {
    fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) => p.display().to_string(),
            Input::Failed(p, _) => p.clone(),
        }
    }
}

/// What one input produced: its JSON record, and the error if it failed.
struct Output {
    record: String,
    error: Option<String>,
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
fn inputs<'a>(paths: &'a [PathBuf], exts: &'a [String]) -> impl Iterator<Item = Input> + 'a {
    paths
        .iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = Input>> {
            if p.as_os_str() == "-" {
                return Box::new(std::iter::once(Input::Stdin));
            }
            match fs::metadata(p) {
                Err(e) => Box::new(std::iter::once(Input::Failed(
                    p.display().to_string(),
                    io_error(&e),
                ))),
                Ok(m) if m.is_dir() => Box::new(walk(p, exts)),
                Ok(_) => Box::new(std::iter::once(Input::File(p.clone()))),
            }
        })
}

fn walk<'a>(root: &'a Path, exts: &'a [String]) -> impl Iterator<Item = Input> + 'a {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |entry| match entry {
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
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
                        Ok(_) => Some(Input::File(e.into_path())),
                        Err(err) => Some(Input::Failed(
                            e.path().display().to_string(),
                            Error::Unreadable(format!("broken symbolic link: {err}")),
                        )),
                    };
                }
                Some(Input::File(e.into_path()))
            }
        })
}

fn io_error(e: &io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Unreadable(e.to_string()),
    }
}

/// Reads one input, refusing it before reading when it is over the limit.
fn read(input: &Input, max_bytes: u64) -> Result<Vec<u8>, (Option<u64>, Error)> {
    match input {
        Input::Failed(_, e) => Err((None, e.clone())),
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .take(max_bytes.saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(|e| (None, io_error(&e)))?;
            Ok(buf)
        }
        Input::File(p) => {
            let meta = fs::metadata(p).map_err(|e| (None, io_error(&e)))?;
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
            fs::read(p).map_err(|e| (Some(meta.len()), io_error(&e)))
        }
    }
}

/// Analyses one input into its record. A panic inside the library (a bug)
/// still yields an error record for the input.
fn process(input: &Input, opts: &Options, pretty: bool) -> Output {
    let path = input.display();
    let result = read(input, opts.max_bytes).and_then(|bytes| {
        let len = bytes.len() as u64;
        let analysed = catch_unwind(AssertUnwindSafe(|| {
            analyze_bytes(&bytes, Some(&path), opts)
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
    let to_json = |v: &dyn erased::Json| v.json(pretty);
    match result {
        Ok(doc) => Output {
            record: to_json(&doc),
            error: None,
        },
        Err((bytes, err)) => Output {
            record: to_json(&ErrorRecord::new(Some(&path), bytes, &err)),
            error: Some(format!("{path}: {err}")),
        },
    }
}

mod erased {
    //! Serialization of the two record types through one function.
    pub trait Json {
        fn json(&self, pretty: bool) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self, pretty: bool) -> String {
            let r = if pretty {
                serde_json::to_string_pretty(self)
            } else {
                serde_json::to_string(self)
            };
            r.unwrap_or_else(|e| {
                format!(
                    "{{\"source\":null,\"error\":{{\"kind\":\"internal\",\"message\":{}}}}}",
                    serde_json::Value::String(e.to_string())
                )
            })
        }
    }
}

/// Runs the pipeline over every input of `args` and writes the records.
pub fn run(args: &RunArgs, opts: &Options) -> anyhow::Result<Outcome> {
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            anyhow::bail!("no input given (try `analyze --help`; `-` reads standard input)");
        }
        paths.push(PathBuf::from("-"));
    }
    let stdout = io::stdout();
    let single = paths.len() == 1 && (paths[0].as_os_str() == "-" || paths[0].is_file());
    let pretty = args.pretty || (!args.jsonl && single && stdout.is_terminal());
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;

    let mut out = io::BufWriter::new(stdout.lock());
    let mut outcome = Outcome::default();
    let mut stream = inputs(&paths, &args.exts).peekable();
    let chunk = threads * 4;
    while stream.peek().is_some() {
        let batch: Vec<Input> = stream.by_ref().take(chunk).collect();
        let outputs: Vec<Output> =
            pool.install(|| batch.par_iter().map(|i| process(i, opts, pretty)).collect());
        for o in outputs {
            if let Some(e) = &o.error {
                outcome.failed += 1;
                eprintln!("analyze: {e}");
            } else {
                outcome.analysed += 1;
            }
            let written = out
                .write_all(o.record.as_bytes())
                .and_then(|()| out.write_all(b"\n"));
            if let Err(e) = written {
                return broken_pipe_or(e, outcome);
            }
        }
        if let Err(e) = out.flush() {
            return broken_pipe_or(e, outcome);
        }
    }
    if !args.quiet && outcome.analysed + outcome.failed > 1 {
        eprintln!("{} analysed, {} failed", outcome.analysed, outcome.failed);
    }
    Ok(outcome)
}

/// A reader that went away (`analyze dir/ | head -1`) ends the run quietly.
fn broken_pipe_or(e: io::Error, outcome: Outcome) -> anyhow::Result<Outcome> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(outcome)
    } else {
        Err(anyhow::Error::new(e).context("cannot write output"))
    }
}
