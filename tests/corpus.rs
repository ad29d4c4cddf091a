//! Whole real documents: every finding on every corpus file, as reviewed snapshot files
//! (tests/snapshots/corpus__*.snap). A change in any finding shows up as a snapshot diff.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut files: Vec<PathBuf> = ["seeds", "real"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("corpus fixtures exist"))
        .map(|entry| entry.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// One line per finding: position, code, severity, message and the text it points at.
fn listing(source: &Source, settings: &Settings) -> String {
    let index = LineIndex::new(&source.text);
    let mut out = String::new();
    for d in lint(source, settings) {
        let pos = index.position(&source.text, d.span.start);
        let mut quoted: String = source.text[d.span.clone()].chars().take(40).collect();
        if quoted.len() < d.span.len() {
            quoted.push('…');
        }
        out.push_str(&format!(
            "{}:{} {} {} {} «{}»\n",
            pos.line,
            pos.column,
            d.code,
            d.severity.as_str(),
            d.message,
            quoted.replace('\n', "⏎")
        ));
    }
    out
}

#[test]
fn corpus_snapshots() {
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    let files = corpus_files();
    assert!(
        files.len() >= 25,
        "corpus fixtures missing: {}",
        files.len()
    );
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let output = match Source::read(&path) {
            Ok(source) => listing(&source, &settings),
            Err(e) => format!(
                "ERROR {}\n",
                e.to_string().replace(&path.display().to_string(), &name)
            ),
        };
        insta::assert_snapshot!(name, output);
    }
}

/// The clean official text: no error-level finding.
#[test]
fn official_report_has_no_errors() {
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    for path in corpus_files() {
        let name = path.file_name().unwrap().to_string_lossy();
        if !name.starts_with("github_") {
            continue;
        }
        let Ok(source) = Source::read(&path) else {
            continue; // the GBK file is an input error, pinned by its snapshot
        };
        let errors: Vec<_> = lint(&source, &settings)
            .into_iter()
            .filter(|d| d.severity == zjlint::diagnostic::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}
