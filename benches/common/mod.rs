//! Inputs shared by the benchmarks.

use zjlint::source::Source;

/// The seed documents of the corpus fixtures, in name order.
pub fn seeds() -> Vec<Source> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seed fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Source::read(p, Default::default()).expect("seed is readable"))
        .collect()
}
