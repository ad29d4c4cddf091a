//! The repository's rules, docs and tests are written in our own words: no excerpt of the
//! labelled development set (../shared/corpus/dev/labels.tsv, third parties' documents) of six
//! characters or more appears in them. The development set measures the rules; a rule case
//! copied from it would only show that the rule knows that one page.

use std::path::{Path, PathBuf};

/// Files written by the project: rule packs, sources, tests, docs, README.
fn own_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    let mut dirs = vec![
        root.join("rules"),
        root.join("src"),
        root.join("tests"),
        root.join("docs"),
    ];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // Snapshots and fixtures hold the output on, and the seeds of, the corpus.
                if !matches!(
                    path.file_name().and_then(|n| n.to_str()),
                    Some("snapshots" | "fixtures")
                ) {
                    dirs.push(path);
                }
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("rs" | "toml" | "md")
            ) {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn no_excerpt_of_the_development_set_is_copied() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels = root.join("../shared/corpus/dev/labels.tsv");
    let Ok(labels) = std::fs::read_to_string(&labels) else {
        eprintln!(
            "SKIPPED no_excerpt_of_the_development_set_is_copied: ../shared/corpus/dev is absent"
        );
        return;
    };
    let excerpts: Vec<&str> = labels
        .lines()
        .filter_map(|line| line.splitn(3, '\t').nth(2))
        .flat_map(|needle| needle.split('|'))
        .filter(|excerpt| excerpt.chars().count() >= 6)
        .collect();
    let mut copied = Vec::new();
    for file in own_files(root) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for excerpt in &excerpts {
            if text.contains(excerpt) {
                copied.push(format!("{}: {excerpt}", file.display()));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "excerpts of the development set in the repository:\n{}",
        copied.join("\n")
    );
}
