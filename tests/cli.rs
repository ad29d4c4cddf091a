//! The command line as a hostile user runs it, through the built binary: closed pipes, full
//! disks, devices, FIFOs and links as the report file, a report file that is an input, runs
//! that check nothing, the same file named twice, NO_COLOR.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{finish, Run};

const CLEAN: &str = "一、总体情况\n今年完成了任务。\n二、存在问题\n经费不足。\n";
/// A placeholder year: one ZJ302 finding.
const ONE_FINDING: &str = "一、总体情况\n20xx年完成了任务。\n二、存在问题\n经费不足。\n";

fn zjlint() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zjlint"));
    command.env("NO_COLOR", "1").stdin(Stdio::null());
    command
}

use support::run_in;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write");
    path
}

/// A directory with a clean document `a.txt` and `b.txt` with one finding.
fn documents() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", CLEAN);
    write(dir.path(), "b.txt", ONE_FINDING);
    dir
}

/// What went wrong and crashed, rather than ended.
fn assert_ended_quietly(what: &str, run: &Run) {
    assert!(
        run.code().is_some() && run.code() != Some(101),
        "{what}: ended by {:?}",
        run.status
    );
    assert!(!run.stderr.contains("panicked"), "{what}: {}", run.stderr);
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = documents();
    let cases: &[(&[&str], i32)] = &[
        (&["rule", "ZJ101"], 0),
        (&["rules"], 0),
        (&["schema"], 0),
        (&["init", "-"], 0),
        (&["--help"], 0),
        (&["check", "a.txt"], 0),
        (&["check", "b.txt"], 1),
        (&["check", "--format", "json", "b.txt"], 1),
    ];
    for (args, code) in cases {
        // The reading end is closed before zjlint starts: its first write meets a closed pipe.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let child = zjlint()
            .args(*args)
            .current_dir(dir.path())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .expect("run zjlint");
        let run = finish(child);
        assert_ended_quietly(&args.join(" "), &run);
        assert_eq!(run.code(), Some(*code), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

#[test]
fn a_reader_that_stops_after_one_line_ends_the_report_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Far more report than a pipe holds, so zjlint is still writing when the reader goes.
    write(dir.path(), "big.txt", &ONE_FINDING.repeat(2000));
    for format in ["human", "concise"] {
        let mut child = zjlint()
            .args(["check", "--format", format, "big.txt"])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run zjlint");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("one line");
        assert!(!first.is_empty());
        let run = finish(child);
        assert_ended_quietly(format, &run);
        assert_eq!(run.code(), Some(1), "{format}: {}", run.stderr);
        assert_eq!(run.stderr, "", "{format}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error_in_chinese() {
    let dir = documents();
    for args in [
        &["check", "a.txt"][..],
        &["rules"],
        &["rule", "ZJ101"],
        &["schema"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let child = zjlint()
            .args(args)
            .current_dir(dir.path())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .expect("run zjlint");
        let run = finish(child);
        assert_eq!(run.code(), Some(2), "{args:?}");
        assert_eq!(
            run.stderr, "错误：无法写入标准输出：磁盘已满，没有空间了\n",
            "{args:?}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_as_report_file_is_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = documents();
    let run = run_in(
        dir.path(),
        &["check", "a.txt", "--output-file", "/dev/full"],
    );
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stderr,
        "错误：/dev/full: 无法写入报告：磁盘已满，没有空间了\n"
    );
    let run = run_in(
        dir.path(),
        &["check", "b.txt", "--output-file", "/dev/null"],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(1), ""));
    for device in ["/dev/full", "/dev/null"] {
        let kind = std::fs::symlink_metadata(device).expect(device).file_type();
        assert!(kind.is_char_device(), "{device} was replaced");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_as_report_file_is_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = documents();
    let fifo = dir.path().join("report.fifo");
    support::mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the fifo"))
    };
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "b.txt",
            "--output-file",
            "report.fifo",
        ],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(1), ""));
    let report = reader.join().expect("reader");
    assert!(report.starts_with("b.txt:2:1: ZJ302 "), "{report}");
    let kind = std::fs::symlink_metadata(&fifo).expect("fifo").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced");
}

#[cfg(unix)]
#[test]
fn a_symlink_as_report_file_has_its_target_replaced() {
    let dir = documents();
    write(dir.path(), "reports/latest.txt", "old report");
    std::os::unix::fs::symlink("reports/latest.txt", dir.path().join("report.txt"))
        .expect("symlink");
    let run = run_in(
        dir.path(),
        &["check", "b.txt", "--output-file", "report.txt"],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(1), ""));
    let link = std::fs::symlink_metadata(dir.path().join("report.txt")).expect("link");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let report = std::fs::read_to_string(dir.path().join("reports/latest.txt")).expect("target");
    assert!(report.contains("ZJ302"), "{report}");
    assert!(
        report.ends_with("检查了 1 个文件，1 个文件有问题：错误 1 处，警告 0 处，提示 0 处。\n")
    );
}

#[cfg(unix)]
#[test]
fn a_hard_linked_report_file_is_written_in_place_for_every_name() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = documents();
    let first = write(dir.path(), "report.txt", "old report");
    std::fs::set_permissions(&first, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let second = dir.path().join("also-report.txt");
    std::fs::hard_link(&first, &second).expect("hard link");
    let run = run_in(
        dir.path(),
        &["check", "b.txt", "--output-file", "report.txt"],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(1), ""));
    let report = std::fs::read_to_string(&second).expect("other name");
    assert!(report.contains("ZJ302"), "{report}");
    let meta = std::fs::metadata(&first).expect("report");
    assert_eq!(meta.nlink(), 2);
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_regular_report_file_is_replaced_keeping_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = documents();
    let report = write(
        dir.path(),
        "report.txt",
        "old report, longer than the new one ……",
    );
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let run = run_in(
        dir.path(),
        &["check", "a.txt", "--output-file", "report.txt"],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(0), ""));
    assert_eq!(
        std::fs::read_to_string(&report).expect("report"),
        "检查了 1 个文件，未发现问题。\n"
    );
    let mode = std::fs::metadata(&report)
        .expect("report")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    // No temporary file is left beside it.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a.txt", "b.txt", "report.txt"]);
}

#[cfg(unix)]
#[test]
fn a_replaced_report_file_keeps_its_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    const NOBODY: u32 = 65534;
    let dir = documents();
    let report = write(dir.path(), "report.txt", "old report");
    // A file one creates is owned by one's effective user.
    if std::fs::metadata(&report).expect("report").uid() != 0 {
        println!("SKIPPED a_replaced_report_file_keeps_its_owner_and_group: needs root");
        return;
    }
    std::os::unix::fs::chown(&report, Some(NOBODY), Some(NOBODY)).expect("chown");
    let run = run_in(
        dir.path(),
        &["check", "b.txt", "--output-file", "report.txt"],
    );
    assert_eq!((run.code(), run.stderr.as_str()), (Some(1), ""));
    let meta = std::fs::metadata(&report).expect("report");
    assert_eq!((meta.uid(), meta.gid()), (NOBODY, NOBODY));
    let text = std::fs::read_to_string(&report).expect("report");
    assert!(text.contains("ZJ302"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_new_report_file_is_created_under_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = documents();
    let zjlint = env!("CARGO_BIN_EXE_zjlint");
    for (umask, mode) in [("077", 0o600), ("022", 0o644), ("002", 0o664)] {
        let name = format!("report-{umask}.txt");
        let child = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$0\" check a.txt --output-file {name}"
            ))
            .arg(zjlint)
            .env("NO_COLOR", "1")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run sh");
        let run = finish(child);
        assert_eq!((run.code(), run.stderr.as_str()), (Some(0), ""), "{umask}");
        let meta = std::fs::metadata(dir.path().join(&name)).expect("report");
        assert_eq!(meta.permissions().mode() & 0o777, mode, "umask {umask}");
    }
}

#[test]
fn a_report_file_that_is_an_input_is_refused() {
    let dir = documents();
    let mut names = vec!["./b.txt", "sub/../b.txt"];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("b.txt", dir.path().join("link.txt")).expect("symlink");
        std::fs::hard_link(dir.path().join("b.txt"), dir.path().join("hard.txt"))
            .expect("hard link");
        names.extend(["link.txt", "hard.txt"]);
    }
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    for name in names {
        // b.txt is named, alone or beside the directory it is in.
        for inputs in [&["b.txt"][..], &[".", "b.txt"]] {
            let mut args = vec!["check"];
            args.extend(inputs);
            args.extend(["--output-file", name]);
            let run = run_in(dir.path(), &args);
            assert_eq!(run.code(), Some(2), "{name} {inputs:?}");
            assert!(
                run.stderr
                    .starts_with(&format!("错误：{name}: 报告文件就是被检查的文件 ")),
                "{}",
                run.stderr
            );
            assert_eq!(
                std::fs::read_to_string(dir.path().join("b.txt")).expect("b.txt"),
                ONE_FINDING
            );
        }
    }
}

#[test]
fn a_report_file_found_in_a_directory_is_left_out_so_a_second_run_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.txt", CLEAN);
    for run_number in 1..=2 {
        let run = run_in(dir.path(), &["check", ".", "--output-file", "r.txt"]);
        assert_eq!(run.code(), Some(0), "run {run_number}: {}", run.stderr);
        let expected_note = if run_number == 1 {
            ""
        } else {
            "提示：./r.txt: 这是报告文件（--output-file），没有检查\n"
        };
        assert_eq!(run.stderr, expected_note, "run {run_number}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("r.txt")).expect("report"),
            "检查了 1 个文件，未发现问题。\n"
        );
    }
}

#[test]
fn os_errors_name_the_file_in_chinese() {
    let dir = documents();
    let run = run_in(
        dir.path(),
        &["check", "a.txt", "--output-file", "nowhere/report.txt"],
    );
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stderr,
        "错误：nowhere/report.txt: 无法写入报告：所在目录 nowhere 不存在\n"
    );
    let run = run_in(dir.path(), &["check", "a.txt", "--output-file", "."]);
    assert_eq!(run.stderr, "错误：.: 无法写入报告：这是目录，不是文件\n");
    let run = run_in(dir.path(), &["init", "nowhere/zjlint.toml"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stderr,
        "错误：无法写入 nowhere/zjlint.toml：文件或目录不存在\n"
    );
}

#[test]
fn word_files_that_are_not_docx_are_errors_naming_them_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["总结.docx", "计划.DOC", "述职.wps", "报告.pdf"] {
        write(dir.path(), &format!("docs/{name}"), "PK");
    }
    write(dir.path(), "docs/照片.jpg", "PK");
    let run = run_in(dir.path(), &["check", "docs"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stdout,
        "没有检查任何文件；4 个文件无法读取，没有检查。\n"
    );
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(errors.len(), 5, "{}", run.stderr);
    for (line, name) in errors
        .iter()
        .zip(["总结.docx", "报告.pdf", "计划.DOC", "述职.wps"])
    {
        assert!(line.starts_with(&format!("错误：docs/{name}: ")), "{line}");
    }
    // Beside a document, they are still errors; the document is checked.
    write(dir.path(), "docs/a.txt", CLEAN);
    let run = run_in(dir.path(), &["check", "docs"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stdout,
        "检查了 1 个文件，未发现问题；4 个文件无法读取，没有检查。\n"
    );
}

#[test]
fn an_empty_directory_checks_nothing_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let run = run_in(dir.path(), &["check", "empty"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stdout,
        "没有检查任何文件；没有找到 .txt、.md 或 .docx 文件。\n"
    );
    assert_eq!(
        run.stderr,
        "错误：没有检查任何文件：empty 中没有 .txt、.md 或 .docx 文件。\n"
    );
    let run = run_in(dir.path(), &["check", "--format", "json", "empty"]);
    assert_eq!((run.code(), run.stdout.as_str()), (Some(2), "[]\n"));
}

#[test]
fn files_that_could_not_be_read_are_counted_in_the_summary() {
    let dir = documents();
    std::fs::write(dir.path().join("png.txt"), b"\x89PNG\r\n\x1a\n\0\0").expect("write");
    let run = run_in(dir.path(), &["check", "a.txt", "png.txt", "missing.txt"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stdout,
        "检查了 1 个文件，未发现问题；1 个文件无法读取、1 个路径无法检查，没有检查。\n"
    );
    let run = run_in(dir.path(), &["check", "png.txt", "missing.txt"]);
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stdout,
        "没有检查任何文件；1 个文件无法读取、1 个路径无法检查，没有检查。\n"
    );
    assert!(
        run.stderr.contains("错误：missing.txt: 文件或目录不存在\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("有 1 个文件无法读取、1 个路径无法检查（见上），没有检查。\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_same_file_named_twice_is_checked_once() {
    let dir = documents();
    let run = run_in(
        dir.path(),
        &[
            "check", "--format", "concise", "b.txt", "./b.txt", ".", "b.txt",
        ],
    );
    assert_eq!(run.code(), Some(1));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert!(lines[0].starts_with("b.txt:2:1: ZJ302 "), "{}", run.stdout);
    let run = run_in(dir.path(), &["check", "a.txt", "./a.txt", "."]);
    assert!(
        run.stdout
            .ends_with("\n检查了 2 个文件，1 个文件有问题：错误 1 处，警告 0 处，提示 0 处。\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_empty_stdin_filename_is_refused() {
    let dir = documents();
    let run = run_in(dir.path(), &["check", "--stdin-filename", "", "-"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--stdin-filename"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

/// `command` run under a pseudo-terminal by script(1), so that zjlint may colour its output;
/// `None` where script(1) is not available.
#[cfg(unix)]
fn on_a_terminal(dir: &Path, command: &str, no_color: Option<&str>) -> Option<String> {
    let mut script = Command::new("script");
    script
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    let output = script.output().ok()?;
    output
        .status
        .code()
        .is_some()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(unix)]
#[test]
fn no_color_is_honoured_on_a_terminal() {
    let dir = documents();
    let zjlint = env!("CARGO_BIN_EXE_zjlint");
    let check = format!("{zjlint} check b.txt missing.txt");
    let Some(coloured) = on_a_terminal(dir.path(), &check, None) else {
        println!("SKIPPED: script(1) is not available to run zjlint on a terminal");
        return;
    };
    // Without NO_COLOR a terminal gets colours, so the checks below can fail.
    assert!(coloured.contains("\x1b["), "{coloured}");
    for value in ["1", "false"] {
        let plain = on_a_terminal(dir.path(), &check, Some(value)).expect("script");
        assert!(plain.contains("ZJ302"), "{plain}");
        assert!(!plain.contains("\x1b["), "NO_COLOR={value}: {plain}");
    }
    // An empty NO_COLOR asks for nothing.
    let empty = on_a_terminal(dir.path(), &check, Some("")).expect("script");
    assert!(empty.contains("\x1b["), "{empty}");
    // Configuration errors on standard error too.
    write(dir.path(), "zjlint.toml", "fail_on = 1\n");
    let config = format!("{zjlint} check b.txt");
    let coloured = on_a_terminal(dir.path(), &config, None).expect("script");
    assert!(coloured.contains("\x1b["), "{coloured}");
    let plain = on_a_terminal(dir.path(), &config, Some("1")).expect("script");
    assert!(plain.contains("fail_on"), "{plain}");
    assert!(!plain.contains("\x1b["), "{plain}");
}

/// `--threads 1` lints on one thread and reports exactly what the default (all cores) does;
/// no threads at all is refused.
#[test]
fn one_thread_reports_what_all_cores_report() {
    let dir = documents();
    for name in ["c.txt", "d.txt", "e.txt"] {
        write(dir.path(), name, ONE_FINDING);
    }
    let all = run_in(dir.path(), &["check", "."]);
    let one = run_in(dir.path(), &["check", "--threads", "1", "."]);
    assert_eq!(all.code(), Some(1), "{}", all.stderr);
    assert_eq!(one.code(), all.code());
    assert_eq!(one.stdout, all.stdout);
    assert_eq!(one.stdout.matches("ZJ302").count(), 4, "{}", one.stdout);
    let none = run_in(dir.path(), &["check", "--threads", "0", "."]);
    assert_eq!(none.code(), Some(2), "{}", none.stderr);
}

/// A mistake on the command line is told in Chinese on standard error, naming the option and
/// what would do, with exit 2; help and the version still answer with exit 0.
#[test]
fn command_line_mistakes_are_explained_in_chinese() {
    let dir = documents();
    let cases: [(&[&str], &str); 5] = [
        (
            &["check", "--threads", "0", "."],
            "错误：选项 --threads <N> 的值“0”无效：应为 1 到 65535 之间的整数\n",
        ),
        (
            &["check", "--format", "xml", "."],
            "错误：选项 --format <FORMAT> 的值“xml”无效（可选：human、json、sarif、rdjson、github、concise）\n",
        ),
        (&["check", "--fxi", "."], "错误：没有“--fxi”这个选项\n"),
        (&["chek"], "错误：没有“chek”这个子命令；是不是想用 schema、check？\n"),
        (&["rule"], "错误：缺少必需的参数 <CODE>\n"),
    ];
    for (args, first_line) in cases {
        let run = run_in(dir.path(), args);
        assert_eq!(run.code(), Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert_eq!(
            run.stderr,
            format!("{first_line}用 zjlint --help（或 zjlint 子命令 --help）查看用法\n"),
            "{args:?}"
        );
    }
    for answer in [&["--version"][..], &["check", "--help"]] {
        let run = run_in(dir.path(), answer);
        assert_eq!(run.code(), Some(0), "{answer:?}: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "{answer:?}");
    }
}

#[test]
fn timing_lists_the_slowest_rules_on_stderr_and_changes_no_report() {
    let dir = documents();
    let plain = run_in(dir.path(), &["check", "--format", "json", "."]);
    let timed = run_in(dir.path(), &["check", "--format", "json", "--timing", "."]);
    assert_eq!(timed.code(), plain.code());
    assert_eq!(timed.stdout, plain.stdout, "the report is the same");
    assert!(plain.stderr.is_empty(), "{}", plain.stderr);
    let lines: Vec<&str> = timed.stderr.lines().collect();
    assert!(
        lines[0].starts_with("耗时（--timing）："),
        "{}",
        timed.stderr
    );
    assert!(lines[1].contains("规则") && lines[1].contains("毫秒"));
    // Each of the two files is parsed once and checked once by each rule.
    let parsing = lines
        .iter()
        .find(|l| l.trim_start().starts_with("（解析）"))
        .expect("parsing is listed");
    assert_eq!(parsing.split_whitespace().nth(3), Some("2"), "{parsing}");
    let placeholder_year = lines
        .iter()
        .find(|l| l.trim_start().starts_with("ZJ302 "))
        .expect("ZJ302 is listed");
    assert!(
        placeholder_year.contains("placeholder-year"),
        "{placeholder_year}"
    );
    assert!(lines.last().is_some_and(|l| l.contains("注：")));
}
