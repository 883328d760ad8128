//! Criterion benchmark of the pipeline up to the segment stage, in bytes/s on
//! the seed article (a real provincial-portal article, 17 KB).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
