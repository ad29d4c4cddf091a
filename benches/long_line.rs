//! A flattened page: 1 MB on one line, a placeholder year every five characters (about
//! 150,000 findings). `lint` alone, then lint and render in each output format, as
//! `zjlint check --format …` does. Run with `cargo bench --bench long_line`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::sync::Arc;
use std::time::Duration;
use zjlint::catalogue::Catalogue;
use zjlint::render::{self, FileReport, Format};
use zjlint::source::Source;
use zjlint::{lint, Settings};

fn bench_long_line(c: &mut Criterion) {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules"));
    let settings = Settings::new(catalogue.clone());
    let source = Source::new("long.txt", "20xx年".repeat(150_000));
    let mut group = c.benchmark_group("long_line");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(source.text.len() as u64));
    group.bench_function("lint", |b| b.iter(|| lint(&source, &settings).len()));
    for &format in Format::all() {
        group.bench_function(format!("lint+render/{}", format.name()), |b| {
            b.iter(|| {
                let diagnostics = lint(&source, &settings);
                let reports = [FileReport::new(
                    source.name.clone(),
                    source.text.clone(),
                    diagnostics,
                )];
                render::render(format, &reports, &catalogue, false).len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_long_line);
criterion_main!(benches);
