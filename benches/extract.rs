//! Criterion benchmarks on the seed article (a real provincial-portal
//! article, 17 KB): the pipeline up to the extract stage in bytes/s, and the
//! extract stage alone (dates, figures, doc_refs on an already normalized
//! and segmented document), also reported as time per 10 KB of text
//! (target: under 1 ms per 10 KB).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Instant;
use vnanalyze::{Analyzer, Input, Options, Stage, analyze_bytes, extract};

const SEED: &[u8] = include_bytes!("../seeds/000_3b1f77d61af83a32.txt");

fn bench(c: &mut Criterion) {
    let opts = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("seed", |b| {
        b.iter(|| analyze_bytes(black_box(SEED), None, &opts).map(|d| d.stats))
    });

    // The extract stage alone, after normalize and segment.
    let before = Options {
        stage: Stage::Tokenize,
        ..Options::default()
    };
    let Ok(a) = Analyzer::shared().analyze(Input::Bytes(SEED), None, &before) else {
        return;
    };
    let (doc, work) = (a.record, a.work);
    g.bench_function("extract_only", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut d| {
                extract::run(&work, &mut d);
                d.figures.len()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();

    // Time per 10 KB, printed for the record (warm: regexes compiled).
    let rounds = 200u32;
    let mut total = std::time::Duration::ZERO;
    for _ in 0..rounds {
        let mut d = doc.clone();
        let t = Instant::now();
        extract::run(&work, &mut d);
        total += t.elapsed();
        black_box(d.doc_refs.len());
    }
    let per_run = total / rounds;
    let per_10kb = per_run.as_secs_f64() * 10_240.0 / SEED.len() as f64;
    eprintln!(
        "extract only: {:.1} µs per run over {} bytes = {:.3} ms per 10 KB",
        per_run.as_secs_f64() * 1e6,
        SEED.len(),
        per_10kb * 1e3
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
