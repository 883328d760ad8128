//! Criterion benchmarks of the segment stage, in bytes/s: the pipeline up to
//! the segment stage on the seed article (a real provincial-portal article,
//! 17 KB), and the tokenizer and word segmenter alone on a larger real news
//! text (`../shared/data/bench-news/unc-dantri-news.txt`, 11 MB; skipped
//! when ../shared is absent).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use vnanalyze::segment::{Segmenter, tokens};
use vnanalyze::{Options, Stage, analyze_bytes};

const SEED: &[u8] = include_bytes!("../seeds/000_3b1f77d61af83a32.txt");

fn bench(c: &mut Criterion) {
    let opts = Options {
        stage: Stage::Tokenize,
        ..Options::default()
    };
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("seed", |b| {
        b.iter(|| analyze_bytes(black_box(SEED), None, &opts).map(|d| d.stats))
    });
    g.finish();

    let news = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/bench-news/unc-dantri-news.txt");
    let Ok(text) = std::fs::read_to_string(&news) else {
        eprintln!("segment/news: skipped ({} is absent)", news.display());
        return;
    };
    let seg = Segmenter::embedded();
    let mut g = c.benchmark_group("segment-news");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("tokens", |b| {
        b.iter(|| {
            text.lines()
                .map(|l| tokens(black_box(l)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("words", |b| {
        b.iter(|| {
            text.lines()
                .map(|l| seg.words(black_box(l)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("pipeline-tokenize", |b| {
        b.iter(|| analyze_bytes(black_box(text.as_bytes()), None, &opts).map(|d| d.stats))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
