//! Throughput of `lint()` on the seed documents (MB/s of Chinese text per core).

mod common;

use common::seeds;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::{lint, Settings};

fn bench_lint(c: &mut Criterion) {
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    let sources = seeds();
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("seeds", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|s| lint(s, &settings).len())
                .sum::<usize>()
        })
    });
    let parse_only: usize = bytes;
    group.throughput(Throughput::Bytes(parse_only as u64));
    group.bench_function("parse-seeds", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|s| zjlint::parse::parse(&s.text).headings.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
