//! The language server's re-lint of a 50 KB document after its debounce: the path it runs
//! (`zjlint::lsp::relint`: lint, then findings to LSP diagnostics) with settings compiled at
//! start, as the server compiles them right after `initialize`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::PathBuf;
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::Settings;

/// About 50 KB of the seed documents, one after another.
fn document() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seed fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut text = String::new();
    for path in paths.iter().cycle().take(100) {
        if text.len() >= 50_000 {
            break;
        }
        text.push_str(&std::fs::read_to_string(path).expect("seed is UTF-8"));
        text.push('\n');
    }
    text
}

fn bench_relint(c: &mut Criterion) {
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    settings.compile();
    let text = document();
    let mut group = c.benchmark_group("lsp");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("relint-50k", |b| {
        b.iter(|| {
            let (findings, _) =
                zjlint::lsp::relint(PathBuf::from("总结.txt"), text.clone(), &settings);
            findings.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_relint);
criterion_main!(benches);
