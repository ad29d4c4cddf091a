//! The fixed seed 000, a snapshot read by eye (tests/snapshots/fix_seeds__seed_000_fixed.snap).
//! That fixing the seeds leaves no safe fix and settles is tested through the command line in
//! tests/fix_cli.rs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::fix::{fix_source, FixLevel};
use zjlint::source::Source;
use zjlint::Settings;

fn settings() -> Settings {
    Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")))
}

fn seed_000() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seed fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths.remove(0)
}

#[test]
fn seed_000_fixed() {
    let path = seed_000();
    let source = Source::read(&path, Default::default()).expect("seed is UTF-8");
    let fixed = fix_source(&source, &settings(), FixLevel::Safe);
    assert!(fixed.fixed > 0, "seed 000 has safe fixes");
    insta::assert_snapshot!("seed_000_fixed", fixed.text);
}
