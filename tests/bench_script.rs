//! scripts/bench-peers.sh and scripts/check-memory.sh stay runnable without running them: bash
//! parses them, `--help` explains them, and without the shared corpus (or the file to measure)
//! or with a wrong option they say why and exit 2, before they build, install or time anything.
//! Without bash these tests say SKIPPED and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench-peers.sh")
}

fn memory_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check-memory.sh")
}

/// `bash` with `args`, or None (with a SKIPPED line) when bash cannot be run.
fn bash(test: &str, args: &[&str]) -> Option<Output> {
    match Command::new("bash").args(args).output() {
        Ok(output) => Some(output),
        Err(error) => {
            println!("SKIPPED {test}: bash cannot be run ({error})");
            None
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Bash parses `path` without running it.
fn parses(test: &str, path: &Path) {
    let Some(output) = bash(test, &["-n", path.to_str().unwrap()]) else {
        return;
    };
    assert!(output.status.success(), "{}", text(&output.stderr));
}

/// `path --help` succeeds and mentions each of `words`.
fn help_mentions(test: &str, path: &Path, words: &[&str]) {
    let Some(output) = bash(test, &[path.to_str().unwrap(), "--help"]) else {
        return;
    };
    assert!(output.status.success(), "{}", text(&output.stderr));
    let help = text(&output.stdout);
    for word in words {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}

#[test]
fn bash_parses_the_script() {
    parses("bash_parses_the_script", &script());
}

#[test]
fn help_names_the_options_and_the_peers() {
    help_mentions(
        "help_names_the_options_and_the_peers",
        &script(),
        &[
            "--quick",
            "--runs",
            "--work",
            "--corpus",
            "--export-markdown",
            "--export-json",
            "autocorrect-node",
            "hyperfine",
            "taskset",
        ],
    );
}

#[test]
fn without_the_corpus_it_says_so_and_exits_2() {
    let path = script();
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/no-such-corpus");
    let Some(output) = bash(
        "without_the_corpus_it_says_so_and_exits_2",
        &[
            path.to_str().unwrap(),
            "--corpus",
            missing.to_str().unwrap(),
        ],
    ) else {
        return;
    };
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    let message = text(&output.stderr);
    assert!(
        message.contains("找不到共享语料目录") && message.contains("no-such-corpus"),
        "{message}"
    );
    assert!(output.stdout.is_empty(), "nothing was built or timed");
}

#[test]
fn an_unknown_option_is_refused_with_status_2() {
    let path = script();
    let Some(output) = bash(
        "an_unknown_option_is_refused_with_status_2",
        &[path.to_str().unwrap(), "--fastest"],
    ) else {
        return;
    };
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--fastest"));
}

#[test]
fn bash_parses_the_memory_check() {
    parses("bash_parses_the_memory_check", &memory_script());
}

#[test]
fn the_memory_check_explains_its_goal_and_options() {
    help_mentions(
        "the_memory_check_explains_its_goal_and_options",
        &memory_script(),
        &[
            "--file",
            "--bytes",
            "--threads",
            "--runs",
            "--work",
            "--profile",
            "--many",
            "--binary",
            "两倍加 50 MB",
        ],
    );
}

#[test]
fn the_memory_check_refuses_a_missing_file_or_bad_counts_before_building() {
    let path = memory_script();
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/no-such-file.txt");
    for (args, expected) in [
        (
            vec!["--file", missing.to_str().unwrap()],
            "找不到要测的文件",
        ),
        (vec!["--threads", "1,x"], "--threads 应是逗号分隔的正整数"),
        (vec!["--runs", "0"], "--runs 应是正整数"),
        (vec!["--many", "0"], "--many 应是正整数"),
        (
            vec!["--binary", missing.to_str().unwrap()],
            "不是可执行文件",
        ),
        (vec!["--fastest"], "--fastest"),
    ] {
        let mut all = vec![path.to_str().unwrap()];
        all.extend(&args);
        let Some(output) = bash(
            "the_memory_check_refuses_a_missing_file_or_bad_counts_before_building",
            &all,
        ) else {
            return;
        };
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            text(&output.stderr).contains(expected),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(
            output.stdout.is_empty(),
            "{args:?}: nothing was built or run"
        );
    }
}
