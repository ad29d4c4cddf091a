//! Throughput of the parser alone: the line-by-line parse against the whole grammar, on the
//! seed documents and on long prose lines. Run with `cargo bench --bench parse`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use zjlint::parse::{parse_with, parse_with_full_grammar};

fn bench_parse(c: &mut Criterion) {
    let nouns = ["措施".to_string(), "目的".to_string()];
    // Prose with a clause mark every dozen characters and a number now and then, flattened
    // onto one line as scraped pages are.
    let long_line = "我们坚持以人民为中心，全年共完成项目12个，进一步推动工作落实。".repeat(10_000);
    let seeds: Vec<String> = common::seeds().into_iter().map(|s| s.text).collect();
    for (name, text) in [("seeds", seeds.join("\n")), ("long_line", long_line)] {
        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("lines", |b| {
            b.iter(|| parse_with(&text, &nouns).lines.len())
        });
        group.bench_function("whole_grammar", |b| {
            b.iter(|| parse_with_full_grammar(&text, &nouns).lines.len())
        });
        group.finish();
    }
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
