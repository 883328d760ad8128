//! The `analyze` command line: arguments (clap derive) and dispatch. The
//! library does the work; this layer reads inputs and writes records.

mod batch;
mod names;
mod records;
mod segment_cmd;
mod summarize_cmd;
mod table;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vnanalyze::{Encoding, Options, Stage, Tone};

const EXAMPLES: &str = "\
Examples:
  analyze article.txt                       full pipeline, pretty JSON on a terminal
  analyze article.txt | jq '.doc_refs[].code'
  analyze articles/ > out.jsonl             a folder: JSON Lines, one record per file, all cores
  cat article.txt | analyze -               standard input
  analyze normalize article.txt             one stage: normalize | tokenize | extract | summarize
  analyze --encoding tcvn3 old-article.txt  force a legacy encoding
  analyze --date 2024-02-21 article.txt     the article's date, for relative and partial dates
  analyze page.html                         a saved web page: its article's main text is analysed
  analyze text articles/ > clean.txt        the clean article texts, separated by form feeds
  analyze --format csv --items doc_refs articles/ > refs.csv

Every input yields one JSON record: an analysis, or
{\"source\":{...},\"error\":{\"kind\":..,\"message\":..}}. Exit code 0 when all
inputs were analysed, 1 when some failed or on an I/O error (output not
writable, a training file unreadable), 2 on bad usage or a training file
not in the expected form.";

/// Vietnamese political news articles to structured JSON: document
/// references, dates, figures, entities and an extractive summary.
#[derive(Debug, Parser)]
#[command(
    name = "analyze",
    version,
    about,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

const NORMALIZE_EXAMPLES: &str = "\
Examples:
  analyze normalize article.txt | jq '.meta'
  analyze normalize page.html | jq -r '.text'
  analyze normalize --jsonl articles/ | jq -c '[.removed[].kind]'";

const TOKENIZE_EXAMPLES: &str = "\
Examples:
  analyze tokenize article.txt | jq -r '.sentences[].words | join(\" \")'
  analyze tokenize --format text article.txt          one sentence per line
  analyze tokenize --format text --lines sents.txt    one input line in, one segmented line out";

const EXTRACT_EXAMPLES: &str = "\
Examples:
  analyze extract article.txt | jq '.doc_refs[].code'
  analyze extract --format csv --items dates articles/ > dates.csv";

const SUMMARIZE_EXAMPLES: &str = "\
Examples:
  analyze summarize article.txt | jq -r '.summary.sentences[].text'
  analyze summarize --sentences 2 --jsonl articles/ > summaries.jsonl";

const TEXT_EXAMPLES: &str = "\
Examples:
  analyze text article.txt                   title, then body paragraphs, one per line
  analyze text page.html > article.txt       the main text of a saved web page
  analyze text --ext txt,html articles/      every file, separated by a form feed";

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode, normalize, set boilerplate aside and find metadata.
    #[command(after_help = NORMALIZE_EXAMPLES)]
    Normalize(RunArgs),
    /// ... then split sentences and words (`sentences` is written).
    #[command(after_help = TOKENIZE_EXAMPLES)]
    Tokenize(TokenizeArgs),
    /// ... then extract dates, figures, document references and entities.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(RunArgs),
    /// ... then summarize: the whole pipeline (the default command).
    #[command(after_help = SUMMARIZE_EXAMPLES)]
    Summarize(RunArgs),
    /// Print the clean article text (title, then body paragraphs, one per
    /// line; boilerplate removed), inputs separated by a form feed.
    #[command(after_help = TEXT_EXAMPLES)]
    Text(RunArgs),
    /// Print the JSON Schema of one output record.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    Man,
    /// Train the word segmentation model from CoNLL-U files.
    TrainSegmenter(segment_cmd::TrainSegmenterArgs),
    /// Score a word segmentation against a gold `.seg.txt` (precision, recall, F1).
    SegScore(segment_cmd::SegScoreArgs),
    /// Train the summary's sentence scorer from article/summary pairs (JSON Lines).
    TrainSummarizer(summarize_cmd::TrainSummarizerArgs),
}

/// The `tokenize` command: the JSON record, or the segmenters' text format.
#[derive(Debug, Args, Clone)]
struct TokenizeArgs {
    #[command(flatten)]
    run: RunArgs,
    /// With `--format text`: each input line is one sentence, printed as one
    /// output line (blank lines kept), as the usual segmenters do.
    #[arg(long, requires = "format")]
    lines: bool,
}

/// The output form of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON record (the schema)
    Json,
    /// Segmented text (`tokenize` only): one sentence per line, words
    /// separated by spaces, syllables joined by `_`
    Text,
    /// CSV, one row per item of `--items`, with a header row
    Csv,
}

/// The item lists `--format csv` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Items {
    /// dates: value, grain, relative
    Dates,
    /// figures: kind, value, unit, per, total, qualifier
    Figures,
    /// document references: type, number, code, key, system, issuer, date, name, terms
    #[value(name = "doc_refs", alias = "doc-refs")]
    DocRefs,
    /// entities: kind, name, title, expansion
    Entities,
}

/// Options shared by the full pipeline and every stage.
#[derive(Debug, Args, Clone)]
struct RunArgs {
    /// Files or folders to analyse; `-` reads standard input. Folders are
    /// walked recursively for `.txt` files (see --ext), in sorted order.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Pretty-print JSON (default when stdout is a terminal and there is one input).
    #[arg(long, conflicts_with = "jsonl")]
    pretty: bool,
    /// Write compact JSON Lines, one record per input.
    #[arg(long)]
    jsonl: bool,
    /// Decode with this encoding instead of detecting it.
    #[arg(long, value_name = "ENC", ignore_case = true, value_parser = encoding_parser())]
    encoding: Option<Encoding>,
    /// Tone-mark placement of the normalized view (default: the input's majority).
    #[arg(long, value_enum)]
    tone: Option<ToneArg>,
    /// Refuse inputs larger than this: bytes, or with a K, M or G suffix
    /// (powers of 1024: `50M`, `1G`, `100K`).
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    max_bytes: u64,
    /// Write `sentences` with their words into the output.
    #[arg(long)]
    tokens: bool,
    /// File extensions taken when walking folders (a comma list or the
    /// option repeated: `--ext txt,html`).
    #[arg(long = "ext", value_name = "EXT", value_delimiter = ',', default_values_t = vec!["txt".to_string()])]
    exts: Vec<String>,
    /// Worker threads (default: all cores; at most 4 per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    threads: Option<u64>,
    /// No summary line or warnings on stderr (error lines still show).
    #[arg(long, short)]
    quiet: bool,
    /// Number of summary sentences (1 or more).
    #[arg(long = "sentences", value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    summary_sentences: Option<u64>,
    /// Summary length as a ratio of the body sentences (0 to 1).
    #[arg(long = "ratio", value_name = "R", conflicts_with = "summary_sentences")]
    summary_ratio: Option<f64>,
    /// Read JSON Lines records `{"id": .., "text": ..}` from standard input
    /// and write one output record per input record with the same `id`
    /// (other fields are passed through under `input`): the filter form
    /// Spark's `RDD.pipe` and Hadoop Streaming use.
    #[arg(long, conflicts_with = "paths")]
    stdin_jsonl: bool,
    /// Segment words with this model (a `model.bin` written by
    /// `analyze train-segmenter`) instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Number of keywords.
    #[arg(long, value_name = "N", default_value_t = 10)]
    keywords: usize,
    /// The article's date (YYYY-MM-DD, or a date-time), for relative and
    /// partial dates; it wins over the article's own date line.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<vnanalyze::normalize::meta::FoundDateTime>,
    /// The summary's sentence scorer: the learned model, or the hand-tuned
    /// score it replaced (for comparison).
    #[arg(long, value_enum, default_value_t = summarize_cmd::ScorerArg::Learned)]
    scorer: summarize_cmd::ScorerArg,
    /// Output form: `json` records; `csv` rows of one item list (with
    /// --items); `text` is for `tokenize`.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// With `--format csv`: which items to write, one row each.
    #[arg(long, value_enum, value_name = "LIST")]
    items: Option<Items>,
}

fn parse_date(s: &str) -> Result<vnanalyze::normalize::meta::FoundDateTime, String> {
    vnanalyze::normalize::meta::parse_input_date(s)
        .ok_or_else(|| format!("not a date: '{s}' (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ToneArg {
    /// hòa, thủy, khỏe
    Old,
    /// hoà, thuỷ, khoẻ
    New,
}

/// `--encoding` values: the encodings' names and aliases, so shell
/// completion offers them.
fn encoding_parser() -> impl clap::builder::TypedValueParser<Value = Encoding> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = Encoding::ALL.iter().map(|e| {
        let aliases: &[&str] = match e {
            Encoding::Utf8 => &["utf8"],
            Encoding::Utf16Le => &["utf16le"],
            Encoding::Utf16Be => &["utf16be"],
            Encoding::Windows1258 => &["cp1258"],
            Encoding::Tcvn3 => &["abc", "tcvn"],
            Encoding::Vni => &[],
        };
        PossibleValue::new(e.name()).aliases(aliases.iter().copied())
    });
    PossibleValuesParser::new(values).map(|s| Encoding::from_name(&s).unwrap_or(Encoding::Utf8))
}

/// A size in bytes: `1000`, or with a K, M or G suffix (powers of 1024,
/// an optional `B` or `iB` after it): `100K`, `50M`, `1G`, `1.5G`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (num, scale) = match body.chars().last() {
        Some('k') => (&body[..body.len() - 1], 1u64 << 10),
        Some('m') => (&body[..body.len() - 1], 1 << 20),
        Some('g') => (&body[..body.len() - 1], 1 << 30),
        Some('t') => (&body[..body.len() - 1], 1 << 40),
        _ => (body, 1),
    };
    let bad = || format!("not a size: '{s}' (bytes, or a number with K, M or G: 50M)");
    let num = num.trim();
    if num.is_empty() {
        return Err(bad());
    }
    let value = if let Ok(n) = num.parse::<u64>() {
        n.checked_mul(scale).ok_or_else(bad)?
    } else {
        let f: f64 = num.parse().map_err(|_| bad())?;
        let v = f * scale as f64;
        if !(v.is_finite() && v >= 0.0 && v < u64::MAX as f64) {
            return Err(bad());
        }
        v.round() as u64
    };
    Ok(value)
}

impl RunArgs {
    fn options(&self, stage: Stage) -> Options {
        Options {
            encoding: self.encoding,
            tone: self.tone.map(|t| match t {
                ToneArg::Old => Tone::Old,
                ToneArg::New => Tone::New,
            }),
            max_bytes: self.max_bytes,
            stage,
            tokens: self.tokens,
            summary_sentences: self
                .summary_sentences
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            summary_ratio: self.summary_ratio,
            keywords: self.keywords,
            published: self.date.clone(),
            title: None,
            summary_scorer: self.scorer.into(),
        }
    }
}

/// A mistake in the command line that clap cannot see: exit code 2 (as
/// for any error that is not a failure to read or write).
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Writes `text` to stdout (exit code 1 when it cannot be written); a
/// closed pipe is not an error.
fn print_or_fail(text: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{}", text.trim_end()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            names::note(&format!("analyze: cannot write output: {e}"));
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Parses the command line, runs it, and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout: not writing them is an I/O failure.
            let code = match (e.use_stderr(), e.print()) {
                (true, _) => 2,
                (false, Err(err)) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    names::note(&format!("analyze: cannot write output: {err}"));
                    1
                }
                (false, _) => 0,
            };
            return ExitCode::from(code);
        }
    };
    let mut form = batch::Form::Json;
    let (stage, args) = match cli.command {
        None => (Stage::Summarize, cli.run),
        Some(Command::Normalize(a)) => (Stage::Normalize, a),
        Some(Command::Tokenize(t)) if t.run.format == Format::Text => {
            if let Some(code) = check_args(&t.run, true) {
                return code;
            }
            return exit(batch::run_text(
                &t.run,
                &t.run.options(Stage::Tokenize),
                t.lines,
            ));
        }
        Some(Command::Tokenize(t)) => (Stage::Tokenize, t.run),
        Some(Command::Text(a)) => {
            form = batch::Form::Text;
            (Stage::Normalize, a)
        }
        Some(Command::TrainSegmenter(a)) => return exit(segment_cmd::run_train(&a).map(|()| 0)),
        Some(Command::SegScore(a)) => return exit(segment_cmd::run_score(&a).map(|()| 0)),
        Some(Command::TrainSummarizer(a)) => return exit(summarize_cmd::run_train(&a).map(|()| 0)),
        Some(Command::Extract(a)) => (Stage::Extract, a),
        Some(Command::Summarize(a)) => (Stage::Summarize, a),
        Some(Command::Schema) => {
            return match serde_json::to_string_pretty(&vnanalyze::output_schema()) {
                Ok(text) => print_or_fail(&text),
                Err(e) => {
                    names::note(&format!("analyze: {e}"));
                    ExitCode::from(1)
                }
            };
        }
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "analyze", &mut buf);
            return print_or_fail(&String::from_utf8_lossy(&buf));
        }
        Some(Command::Man) => {
            return match man_page() {
                Ok(page) => print_or_fail(&page),
                Err(e) => {
                    names::note(&format!("analyze: {e}"));
                    ExitCode::from(1)
                }
            };
        }
    };
    if let Some(code) = check_args(&args, false) {
        return code;
    }
    let mut stage = stage;
    if let (batch::Form::Json, Format::Csv, Some(items)) = (form, args.format, args.items) {
        form = batch::Form::Csv(items);
        // Rows need the extracted items, not the summary.
        stage = Stage::Extract;
    }
    exit(batch::run(&args, &args.options(stage), form).map(|o| o.exit_code()))
}

/// Usage errors clap cannot see (exit code 2): `--ratio` out of range,
/// `--format text` outside `tokenize`, `--format csv` without `--items`.
fn check_args(args: &RunArgs, tokenize_text: bool) -> Option<ExitCode> {
    let fail = |msg: &str| {
        names::note(&format!("analyze: {msg}"));
        Some(ExitCode::from(2))
    };
    if let Some(r) = args.summary_ratio
        && !(r > 0.0 && r <= 1.0)
    {
        return fail(&format!("--ratio must be in (0, 1], got {r}"));
    }
    match (args.format, args.items) {
        (Format::Text, _) if !tokenize_text => {
            fail("--format text is for `analyze tokenize` (`analyze text` prints the article text)")
        }
        (Format::Csv, None) => fail("--format csv needs --items dates|figures|doc_refs|entities"),
        (Format::Json | Format::Text, Some(_)) => fail("--items goes with --format csv"),
        _ => None,
    }
}

/// The manual page: clap_mangen's sections, with the subcommands listed
/// in this page (with their examples) instead of pointing at
/// `analyze-<command>(1)` pages that are never generated.
fn man_page() -> std::io::Result<String> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        page.push_str(&format!(".TP\n\\fBanalyze {}\\fR\n", sub.get_name()));
        if let Some(about) = sub.get_about() {
            page.push_str(&roff_escape(&about.to_string()));
            page.push('\n');
        }
        if let Some(after) = sub.get_after_help() {
            page.push_str(".nf\n");
            page.push_str(&roff_escape(&after.to_string()));
            page.push_str("\n.fi\n");
        }
    }
    let mut rest = Vec::new();
    man.render_extra_section(&mut rest)?;
    man.render_version_section(&mut rest)?;
    page.push_str(&String::from_utf8_lossy(&rest));
    Ok(page)
}

/// Escapes text for roff: backslashes, and a leading dot or quote.
fn roff_escape(s: &str) -> String {
    s.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e");
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Maps a command's result to the exit code; errors are reported on
/// stderr: 1 for an I/O failure (output not writable, a file unreadable),
/// 2 for the rest: a [`Usage`] mistake, a training file that is not in the
/// expected form.
fn exit(result: anyhow::Result<u8>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            names::note(&format!("analyze: {e:#}"));
            ExitCode::from(if is_io_failure(&e) { 1 } else { 2 })
        }
    }
}

/// Whether an error comes from reading or writing (not from bad usage or
/// bad data).
fn is_io_failure(e: &anyhow::Error) -> bool {
    use vnanalyze::summarize::train::TrainError;
    e.downcast_ref::<Usage>().is_none()
        && e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>().is_some_and(|io| {
                !matches!(
                    io.kind(),
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
                )
            }) || matches!(
                c.downcast_ref::<TrainError>(),
                Some(TrainError::Read { .. })
            )
        })
}
