//! Criterion benchmark of the summarize stage alone (after normalize,
//! segment and extract) on a ~10 KB article: the seed's first 10 KB of
//! lines. Target: under 2 ms per article.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use vnanalyze::{Analyzer, Options, Stage, summarize};

const SEED: &str = include_str!("../seeds/000_3b1f77d61af83a32.txt");

/// The seed cut at a line end near 10 KB.
fn article_10kb() -> &'static str {
    let mut end = 0;
    for (i, c) in SEED.char_indices() {
        if c == '\n' && i >= 10 * 1024 {
            end = i;
            break;
        }
    }
    if end == 0 { SEED } else { &SEED[..end] }
}

fn bench(c: &mut Criterion) {
    let text = article_10kb();
    let before = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
    let a = Analyzer::shared().analyze_str_full(text, &before);
    let (doc, work) = (a.record, a.work);
    let opts = Options::default();
    let mut g = c.benchmark_group("summarize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("summarize_only_10kb", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut d| {
                summarize::run(&work, black_box(&mut d), &opts);
                d.summary.sentences.len()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
