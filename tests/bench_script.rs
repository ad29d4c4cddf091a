//! scripts/bench-peers.sh and scripts/check-memory.sh stay runnable without running them: bash
//! parses them, `--help` explains them, and without the shared corpus (or the file to measure)
//! or with a wrong option they say why and exit 2, before they build, install or time anything.
//! scripts/lsp-memory.py is run on the built server with two documents, check-memory.sh on
//! small files of each shape, and check-shapes.py on small files of two of its shapes. Without
//! bash or python3 these tests say SKIPPED and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's script `name` (in scripts/).
fn repo_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

fn script() -> PathBuf {
    repo_script("bench-peers.sh")
}

fn memory_script() -> PathBuf {
    repo_script("check-memory.sh")
}

/// `program` with `args`, or None (with a SKIPPED line) when it cannot be run.
fn run(test: &str, program: &str, args: &[&str]) -> Option<Output> {
    match Command::new(program).args(args).output() {
        Ok(output) => Some(output),
        Err(error) => {
            println!("SKIPPED {test}: {program} cannot be run ({error})");
            None
        }
    }
}

fn bash(test: &str, args: &[&str]) -> Option<Output> {
    run(test, "bash", args)
}

/// The repository's Python script `name` run with `args`, or None (SKIPPED) without python3.
fn python(test: &str, name: &str, args: &[&str]) -> Option<Output> {
    let script = repo_script(name);
    run(
        test,
        "python3",
        &[&[script.to_str().unwrap()][..], args].concat(),
    )
}

/// The script refused its arguments: status 2, and an error that says `said`.
fn assert_refused(output: &Output, said: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}: {stderr}");
    assert!(stderr.contains(said), "{said}: {stderr}");
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
    assert_refused(&output, "--fastest");
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
            "--shape",
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
            vec!["--shape", "wide"],
            "--shape 应是 plain、dense、one-line 或 gb18030",
        ),
        (
            vec!["--shape", "dense", "--many", "3"],
            "--shape 只用于拼接的文件",
        ),
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
        assert_refused(&output, expected);
        assert!(
            output.stdout.is_empty(),
            "{args:?}: nothing was built or run"
        );
    }
}

#[test]
fn the_memory_check_makes_each_shape_of_file_from_its_own_texts() {
    let test = "the_memory_check_makes_each_shape_of_file_from_its_own_texts";
    // The script reads peaks and reshapes texts with python3.
    if run(test, "python3", &["--version"]).is_none() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_zjlint");
    let script = memory_script();
    for shape in ["plain", "dense", "one-line", "gb18030"] {
        let args = [
            script.to_str().unwrap(),
            "--shape",
            shape,
            "--bytes",
            "3000",
            "--threads",
            "1",
            "--runs",
            "1",
            "--binary",
            binary,
            "--work",
            work.path().to_str().unwrap(),
        ];
        let Some(output) = bash(test, &args) else {
            return;
        };
        assert!(output.status.success(), "{shape}: {}", text(&output.stderr));
        let made: Vec<_> = std::fs::read_dir(work.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                match shape {
                    "plain" => !["dense", "one-line", "gb18030"]
                        .iter()
                        .any(|s| name.contains(s)),
                    _ => name.contains(shape),
                }
            })
            .collect();
        assert_eq!(made.len(), 1, "{shape}: {made:?}");
        let bytes = std::fs::read(&made[0]).unwrap();
        let (decoded, _, malformed) = match shape {
            "gb18030" => encoding_rs::GB18030.decode(&bytes),
            _ => encoding_rs::UTF_8.decode(&bytes),
        };
        assert!(!malformed, "{shape}");
        let report = text(&output.stdout);
        assert!(
            report.contains(&format!("{} 字节", bytes.len())),
            "{shape}: {report}"
        );
        match shape {
            "one-line" => assert!(!decoded.contains(['\n', '\r']), "one line"),
            "gb18030" => assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8"),
            "dense" => assert!(decoded.matches("县教育局2024年工作总结").count() >= 2),
            _ => assert!(decoded.lines().count() > 1),
        }
        assert!(decoded.contains("工作"), "{shape}: Chinese text");
    }
}

/// scripts/lsp-memory.py drives the built server through two documents, each opened and
/// changed twice, and prints the server's resident memory.
#[cfg(target_os = "linux")]
#[test]
fn the_language_server_memory_script_reads_the_servers_memory() {
    let test = "the_language_server_memory_script_reads_the_servers_memory";
    let args = [env!("CARGO_BIN_EXE_zjlint"), "2"];
    let Some(output) = python(test, "lsp-memory.py", &args) else {
        return;
    };
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(
        report.contains("2 个文档") && report.contains("常驻") && report.ends_with("kB\n"),
        "{report}"
    );
}

#[test]
fn the_language_server_memory_script_explains_itself_without_a_binary() {
    let test = "the_language_server_memory_script_explains_itself_without_a_binary";
    let Some(output) = python(test, "lsp-memory.py", &[]) else {
        return;
    };
    assert_refused(&output, "用法：scripts/lsp-memory.py ZJLINT");
}

/// scripts/check-shapes.py checks the built binary on small files of two shapes and reports
/// each shape's times and peaks; a run that does not end in time is flagged, with status 1.
#[cfg(target_os = "linux")]
#[test]
fn the_shapes_check_reports_each_shape_and_flags_a_run_out_of_time() {
    let test = "the_shapes_check_reports_each_shape_and_flags_a_run_out_of_time";
    let work = tempfile::tempdir().unwrap();
    let common = [
        "--binary",
        env!("CARGO_BIN_EXE_zjlint"),
        "--sizes",
        "4096,16384",
        "--work",
        work.path().to_str().unwrap(),
    ];
    let args: Vec<&str> = [&common[..], &["--shapes", "circled,quotes"]].concat();
    let Some(output) = python(test, "check-shapes.py", &args) else {
        return;
    };
    let report = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{report}{}",
        text(&output.stderr)
    );
    assert!(
        report.contains("小文件 4096 字节，大文件 16384 字节") && report.contains("报告格式 json"),
        "{report}"
    );
    for shape in ["circled", "quotes"] {
        let line = report.lines().find(|l| l.starts_with(shape)).expect(shape);
        assert!(line.contains("KiB") && line.ends_with("正常"), "{line}");
    }
    assert!(!report.contains("same"), "{report}");
    // The files made are removed.
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    // A shape whose runs fail is flagged, with status 1: `same`, checked by `binary`.
    let flags_same = |binary: &str, more: &[&str]| {
        let mut args = common.to_vec();
        args[1] = binary;
        args.extend(["--shapes", "same"]);
        args.extend(more);
        let output = python(test, "check-shapes.py", &args).unwrap();
        let report = text(&output.stdout);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{report}{stderr}");
        assert!(
            report.contains("超时或出错") && report.contains("标出的形状：same"),
            "{report}"
        );
    };
    // Out of time.
    flags_same(env!("CARGO_BIN_EXE_zjlint"), &["--timeout", "0.0001"]);
    // A file marked executable that the system cannot run: a failed run, not a crash.
    let not_a_program = work.path().join("not-a-program");
    std::fs::write(&not_a_program, "不是程序\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&not_a_program, std::fs::Permissions::from_mode(0o755)).unwrap();
    flags_same(not_a_program.to_str().unwrap(), &[]);
    // The report format asked for is the one each run writes: a program that notes its
    // arguments stands in for zjlint.
    let noted = work.path().join("arguments");
    let noting = work.path().join("noting");
    std::fs::write(
        &noting,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n", noted.display()),
    )
    .unwrap();
    std::fs::set_permissions(&noting, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut args = common.to_vec();
    args[1] = noting.to_str().unwrap();
    args.extend(["--shapes", "same", "--format", "sarif"]);
    let output = python(test, "check-shapes.py", &args).unwrap();
    assert!(
        text(&output.stdout).contains("报告格式 sarif"),
        "{}",
        text(&output.stdout)
    );
    let noted = std::fs::read_to_string(&noted).unwrap();
    assert_eq!(noted.lines().count(), 2, "{noted}");
    assert!(
        noted
            .lines()
            .all(|l| l.starts_with("check --format sarif --threads 1 ")),
        "{noted}"
    );
}

#[test]
fn the_shapes_check_refuses_an_unknown_shape_or_bad_sizes() {
    let test = "the_shapes_check_refuses_an_unknown_shape_or_bad_sizes";
    let binary = env!("CARGO_BIN_EXE_zjlint");
    for (args, said) in [
        (
            vec!["--binary", binary, "--shapes", "nope"],
            "不认识的形状：nope",
        ),
        (vec!["--binary", binary, "--sizes", "5,1"], "由小到大"),
        (vec!["--binary", "/nonexistent/zjlint"], "不是可执行文件"),
    ] {
        let Some(output) = python(test, "check-shapes.py", &args) else {
            return;
        };
        assert_refused(&output, said);
    }
}
