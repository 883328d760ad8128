//! Criterion benchmarks of each stage in bytes/s on real text: decode
//! (UTF-8, UTF-16LE), and the pipeline up to normalize, tokenize, extract
//! and summarize, on the seed article and, when `../shared` is present, on
//! a 1 MB slice of bench-news. The `linear` group runs hostile layouts at
//! 1x/2x/4x sizes: equal bytes/s across sizes is the linear-time evidence
//! for tests/adversarial.rs (bench/adversarial.py does the same through the
//! release binary, with peak memory).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use vnanalyze::{Options, Stage, analyze_str, decode::decode};

const SEED: &str = include_str!("../seeds/000_3b1f77d61af83a32.txt");

fn news_slice() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/bench-news/unc-dantri-news.txt"
    );
    let text = std::fs::read_to_string(path).ok()?;
    let mut end = text.len().min(1_000_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(text[..end].to_string())
}

fn stage_opts(stage: Stage) -> Options {
    Options {
        stage,
        ..Options::default()
    }
}

fn stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("utf-8", |b| {
        b.iter(|| decode(black_box(SEED.as_bytes()), None))
    });
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(SEED.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    g.throughput(Throughput::Bytes(utf16.len() as u64));
    g.bench_function("utf-16le", |b| b.iter(|| decode(black_box(&utf16), None)));
    g.finish();

    let mut inputs = vec![("seed", SEED.to_string())];
    if let Some(s) = news_slice() {
        inputs.push(("bench-news-1MB", s));
    }
    for (name, text) in &inputs {
        let mut g = c.benchmark_group(format!("stages-{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 100_000 {
            g.sample_size(10);
        }
        for (label, stage) in [
            ("normalize", Stage::Normalize),
            ("tokenize", Stage::Tokenize),
            ("extract", Stage::Extract),
            ("summarize", Stage::Summarize),
        ] {
            let opts = stage_opts(stage);
            g.bench_function(label, |b| {
                b.iter(|| analyze_str(black_box(text), &opts).stats)
            });
        }
        g.finish();
    }
}

/// Makes a case's input at size factor k.
type Maker<'a> = Box<dyn Fn(usize) -> String + 'a>;

/// Hostile layouts at 1x, 2x, 4x: bytes/s should stay flat.
fn linear(c: &mut Criterion) {
    let body = SEED.split("\nTags").next().unwrap_or(SEED);
    let one: String = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        + " ";
    let opts = stage_opts(Stage::Summarize);
    let cases: Vec<(&str, Maker)> = vec![
        ("one-line", Box::new(|k| one.repeat(16 * k))),
        (
            "blank-lines",
            Box::new(|k| format!("Tiêu đề{}Nghị quyết số 37-NQ/TU.", "\n".repeat(100_000 * k))),
        ),
        (
            "nghi-quyet-so",
            Box::new(|k| "Nghị quyết số ".repeat(10_000 * k)),
        ),
        (
            "digits",
            Box::new(|k| format!("Tăng {} tỷ", "7".repeat(100_000 * k))),
        ),
        (
            "combining-marks",
            Box::new(|k| "\u{301}\u{300}\u{309}".repeat(50_000 * k)),
        ),
    ];
    let mut g = c.benchmark_group("linear");
    g.sample_size(10);
    for (name, make) in &cases {
        for k in [1, 2, 4] {
            let text = make(k);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{name}-{k}x"), |b| {
                b.iter(|| analyze_str(black_box(&text), &opts).stats)
            });
        }
    }
    g.finish();
}

criterion_group!(benches, stages, linear);
criterion_main!(benches);
