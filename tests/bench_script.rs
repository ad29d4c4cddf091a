//! scripts/bench-peers.sh stays runnable without running it: bash parses it, `--help` explains
//! it, and without the shared corpus or with a wrong option it says why and exits 2, before it
//! builds, installs or times anything. Without bash these tests say SKIPPED and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench-peers.sh")
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

#[test]
fn bash_parses_the_script() {
    let path = script();
    let Some(output) = bash("bash_parses_the_script", &["-n", path.to_str().unwrap()]) else {
        return;
    };
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn help_names_the_options_and_the_peers() {
    let path = script();
    let Some(output) = bash(
        "help_names_the_options_and_the_peers",
        &[path.to_str().unwrap(), "--help"],
    ) else {
        return;
    };
    assert!(output.status.success(), "{}", text(&output.stderr));
    let help = text(&output.stdout);
    for word in [
        "--quick",
        "--runs",
        "--work",
        "--corpus",
        "--export-markdown",
        "--export-json",
        "autocorrect-node",
        "hyperfine",
        "taskset",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
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
