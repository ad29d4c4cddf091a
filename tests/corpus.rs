//! Whole documents: every finding on every corpus file, as reviewed snapshot files
//! (tests/snapshots/corpus__*.snap). A change in any finding shows up as a snapshot diff.
//!
//! The seeds (tests/fixtures/corpus/seeds) are ours: their snapshots quote the text found. The
//! third-party documents are not copied into this repository: they are read from the shared
//! corpus beside it (`../shared/corpus/real`), and their snapshots record code and range only,
//! never their text. Without the shared corpus those tests say SKIPPED and pass.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::diagnostic::Severity;
use zjlint::render::FileReport;
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

fn settings() -> Settings {
    Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")))
}

/// The `.txt` and `.docx` files of a directory, sorted.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "docx"))
        .collect();
    files.sort();
    files
}

fn seeds() -> Vec<PathBuf> {
    documents(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds"))
}

/// The third-party documents of the shared corpus, or None (with a SKIPPED line) without it.
fn shared_documents(test: &str) -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !dir.is_dir() {
        loud(&format!(
            "SKIPPED {test}: no shared corpus at {}",
            dir.display()
        ));
        return None;
    }
    let mut files = documents(&dir);
    files.extend(documents(&dir.with_file_name("docx")));
    Some(files)
}

fn name_of(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().to_string()
}

/// The snapshot of a document that cannot be read: our error message, with its path shortened.
fn read_error(path: &Path, error: impl std::fmt::Display) -> String {
    let name = name_of(path);
    format!(
        "ERROR {}\n",
        error
            .to_string()
            .replace(&path.display().to_string(), &name)
    )
}

/// One line per finding: position, code, severity, message and the text it points at.
fn quoted_listing(source: &Source, settings: &Settings) -> String {
    let index = LineIndex::new(&source.text);
    let mut out = String::new();
    for d in lint(source, settings) {
        let pos = index.position(&source.text, d.span().start);
        let mut quoted: String = source.text[d.span()].chars().take(40).collect();
        if quoted.len() < d.span().len() {
            quoted.push('…');
        }
        out.push_str(&format!(
            "{}:{} {} {} {} «{}»\n",
            pos.line,
            pos.column,
            d.code(),
            d.severity().as_str(),
            d.message,
            quoted.replace('\n', "⏎")
        ));
    }
    out
}

/// One line per finding, code and range only (`ZJ101 12:5-12:7`, as reported: a .docx's line
/// is its paragraph): nothing of the document's text, not even through a message that quotes it.
fn range_listing(source: &Source, settings: &Settings) -> String {
    let report = FileReport::of(source.clone(), lint(source, settings));
    let mut out = String::new();
    for d in &report.diagnostics {
        let (start, end) = report.file.range(&d.span());
        out.push_str(&format!(
            "{} {}:{}-{}:{}\n",
            d.code(),
            start.line,
            start.column,
            end.line,
            end.column
        ));
    }
    out
}

#[test]
fn seed_snapshots() {
    let settings = settings();
    let files = seeds();
    assert!(files.len() >= 5, "seed fixtures missing: {}", files.len());
    for path in files {
        let output = match Source::read(&path, Default::default()) {
            Ok(source) => quoted_listing(&source, &settings),
            Err(e) => read_error(&path, e),
        };
        insta::assert_snapshot!(name_of(&path), output);
    }
}

#[test]
fn shared_corpus_snapshots() {
    let Some(files) = shared_documents("shared_corpus_snapshots") else {
        return;
    };
    assert!(
        files.len() >= 23,
        "shared corpus incomplete: {}",
        files.len()
    );
    let settings = settings();
    for path in files {
        let output = match Source::read(&path, Default::default()) {
            Ok(source) => range_listing(&source, &settings),
            Err(e) => read_error(&path, e),
        };
        insta::assert_snapshot!(name_of(&path), output);
    }
}

/// The official reports of the shared corpus: no error-level finding.
#[test]
fn official_reports_have_no_errors() {
    let Some(files) = shared_documents("official_reports_have_no_errors") else {
        return;
    };
    let settings = settings();
    let mut checked = 0;
    for path in files {
        let name = name_of(&path);
        if !name.starts_with("github_") {
            continue;
        }
        let Ok(source) = Source::read(&path, Default::default()) else {
            continue; // an unreadable file is pinned by its snapshot
        };
        let errors: Vec<_> = lint(&source, &settings)
            .into_iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(|d| d.code().clone())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} official reports read");
}

/// Print to the real stderr, past the test harness's capture, so the message is always seen.
fn loud(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}
