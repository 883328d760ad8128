//! The `analyze` command line: arguments (clap derive) and dispatch. The
//! library does the work; this layer reads inputs and writes records.

mod batch;
mod segment_cmd;
mod summarize_cmd;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vnanalyze::{DEFAULT_MAX_BYTES, Encoding, Options, Stage, Tone};

const EXAMPLES: &str = "\
Examples:
  analyze article.txt                       full pipeline, pretty JSON on a terminal
  analyze article.txt | jq '.doc_refs[].code'
  analyze articles/ > out.jsonl             a folder: JSON Lines, one record per file, all cores
  cat article.txt | analyze -               standard input
  analyze normalize article.txt             one stage: normalize | tokenize | extract | summarize
  analyze --encoding tcvn3 old-article.txt  force a legacy encoding
  analyze --date 2024-02-21 article.txt     the article's date, for relative and partial dates

Every input yields one JSON record: an analysis, or
{\"source\":{...},\"error\":{\"kind\":..,\"message\":..}}. Exit code 0 when all
inputs were analysed, 1 when some failed, 2 on bad usage.";

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

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode, normalize, set boilerplate aside and find metadata.
    Normalize(RunArgs),
    /// ... then split sentences and words (`sentences` is written).
    Tokenize(TokenizeArgs),
    /// ... then extract dates, figures, document references and entities.
    Extract(RunArgs),
    /// ... then summarize: the whole pipeline (the default command).
    Summarize(RunArgs),
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
    /// `json`: the record with `sentences`; `text`: one sentence per line,
    /// words separated by spaces, syllables joined by `_`.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// With `--format text`: each input line is one sentence, printed as one
    /// output line (blank lines kept), as the usual segmenters do.
    #[arg(long, requires = "format")]
    lines: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON record (the schema)
    Json,
    /// Segmented text
    Text,
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
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Tone-mark placement of the normalized view (default: the input's majority).
    #[arg(long, value_enum)]
    tone: Option<ToneArg>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Write `sentences` with their words into the output.
    #[arg(long)]
    tokens: bool,
    /// File extensions taken when walking folders.
    #[arg(long = "ext", value_name = "EXT", default_values_t = vec!["txt".to_string()])]
    exts: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No summary line or warnings on stderr (error lines still show).
    #[arg(long, short)]
    quiet: bool,
    /// Number of summary sentences.
    #[arg(long = "sentences", value_name = "N")]
    summary_sentences: Option<usize>,
    /// Summary length as a ratio of the body sentences (0 to 1).
    #[arg(long = "ratio", value_name = "R", conflicts_with = "summary_sentences")]
    summary_ratio: Option<f64>,
    /// Read JSON Lines records `{"id": .., "text": ..}` from standard input
    /// and write one output record per input record with the same `id`
    /// (other fields are passed through under `input`): the filter form
    /// Spark's `RDD.pipe` and Hadoop Streaming use.
    #[arg(long, conflicts_with = "paths")]
    stdin_jsonl: bool,
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

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
        format!("unknown encoding '{s}' (one of: {})", names.join(", "))
    })
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
            summary_sentences: self.summary_sentences,
            summary_ratio: self.summary_ratio,
            keywords: self.keywords,
            published: self.date.clone(),
            title: None,
            summary_scorer: self.scorer.into(),
        }
    }
}

/// Writes `text` to stdout; a closed pipe is not an error.
fn print_or_fail(text: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{}", text.trim_end()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("analyze: cannot write output: {e}");
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
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let (stage, args) = match cli.command {
        None => (Stage::Summarize, cli.run),
        Some(Command::Normalize(a)) => (Stage::Normalize, a),
        Some(Command::Tokenize(t)) if t.format == Format::Text => {
            return exit(batch::run_text(
                &t.run,
                &t.run.options(Stage::Tokenize),
                t.lines,
            ));
        }
        Some(Command::Tokenize(t)) => (Stage::Tokenize, t.run),
        Some(Command::TrainSegmenter(a)) => return exit(segment_cmd::run_train(&a).map(|()| 0)),
        Some(Command::SegScore(a)) => return exit(segment_cmd::run_score(&a).map(|()| 0)),
        Some(Command::TrainSummarizer(a)) => return exit(summarize_cmd::run_train(&a).map(|()| 0)),
        Some(Command::Extract(a)) => (Stage::Extract, a),
        Some(Command::Summarize(a)) => (Stage::Summarize, a),
        Some(Command::Schema) => {
            let text =
                serde_json::to_string_pretty(&vnanalyze::output_schema()).unwrap_or_default();
            return print_or_fail(&text);
        }
        Some(Command::Completions { shell }) => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "analyze", &mut buf);
            return print_or_fail(&String::from_utf8_lossy(&buf));
        }
        Some(Command::Man) => {
            let mut buf = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                eprintln!("analyze: {e}");
                return ExitCode::from(1);
            }
            return print_or_fail(&String::from_utf8_lossy(&buf));
        }
    };
    if let Some(r) = args.summary_ratio
        && !(r > 0.0 && r <= 1.0)
    {
        eprintln!("analyze: --ratio must be in (0, 1], got {r}");
        return ExitCode::from(2);
    }
    exit(batch::run(&args, &args.options(stage)).map(|o| o.exit_code()))
}

/// Maps a command's result to the exit code; errors are reported on stderr.
fn exit(result: anyhow::Result<u8>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("analyze: {e:#}");
            ExitCode::from(2)
        }
    }
}
