//! `zjlint check --fix`, `--unsafe-fixes` and `--diff` end to end: files rewritten in their own
//! encoding, byte order mark and line breaks; what is not a regular file, cannot be encoded or
//! cannot be written is left as it was, with the reason; standard input fixed to standard output.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

/// Markers in forms that the numbering rules fix safely.
const TEXT: &str = "年度工作总结\n一.总体情况\n（一）、基本面\n1、第一项\n（1）.细目\n二，成绩\n";
const FIXED: &str = "年度工作总结\n一、总体情况\n（一）基本面\n1.第一项\n（1）细目\n二、成绩\n";

/// A user rule whose fixes are unsafe (a substitution).
const SUBSTITUTION: &str = r#"
[[rule]]
code = "TEST001"
name = "test-word-choice"
category = "wording"
severity = "warning"
kind = "substitution"
replace = { "效劳" = "服务", "成績" = "成绩" }
message = "“{match}”应写作“{replacement}”"
help = "改为“{replacement}”"
"#;

/// A directory whose zjlint.toml has [`SUBSTITUTION`], holding `a.txt` with `text`.
fn with_substitution(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zjlint.toml"), SUBSTITUTION).unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

fn run(dir: &Path, args: &[&str]) -> support::Run {
    support::run_in(dir, args)
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn fix_rewrites_a_file_and_a_second_fix_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, TEXT).unwrap();
    let first = run(dir.path(), &["check", "--isolated", "--fix", "a.txt"]);
    assert_eq!(first.code(), Some(0), "{}", first.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FIXED);
    assert_eq!(
        first.stdout,
        "检查了 1 个文件，未发现问题。\n已修正 5 处；剩余 0 处。\n"
    );
    let second = run(dir.path(), &["check", "--isolated", "--fix", "a.txt"]);
    assert_eq!(second.code(), Some(0), "{}", second.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), FIXED.as_bytes());
    assert!(second.stdout.ends_with("已修正 0 处；剩余 0 处。\n"));
}

/// A file's name, its bytes before and after fixing, and options.
type Case<'a> = (&'a str, Vec<u8>, Vec<u8>, &'a [&'a str]);

/// Each encoding an office has, written back as it was: the bytes of the fixed text in the same
/// encoding, with the same byte order mark and line breaks.
#[test]
fn encoding_bom_and_line_breaks_are_kept() {
    let utf16le = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    let utf8_bom = |text: &str| [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat();
    let cases: [Case; 4] = [
        (
            "bom-crlf.txt",
            utf8_bom(&crlf(TEXT)),
            utf8_bom(&crlf(FIXED)),
            &[],
        ),
        (
            "utf16le.txt",
            utf16le(&crlf(TEXT)),
            utf16le(&crlf(FIXED)),
            &[],
        ),
        ("gbk.txt", gbk(TEXT), gbk(FIXED), &["--encoding", "gbk"]),
        (
            "gbk-crlf.txt",
            gbk(&crlf(TEXT)),
            gbk(&crlf(FIXED)),
            &["--encoding", "gbk"],
        ),
    ];
    for (name, before, after, extra) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(name);
        std::fs::write(&file, &before).unwrap();
        let mut args = vec!["check", "--isolated", "--fix", name];
        args.extend(extra);
        let fixed = run(dir.path(), &args);
        assert_eq!(fixed.code(), Some(0), "{name}: {}", fixed.stderr);
        assert_eq!(std::fs::read(&file).unwrap(), after, "{name}");
        // The rewritten file reads as the same text and has nothing left to fix.
        let again = run(dir.path(), &args);
        assert_eq!(std::fs::read(&file).unwrap(), after, "{name}");
        assert!(
            again.stdout.contains("已修正 0 处"),
            "{name}: {}",
            again.stdout
        );
    }
}

#[test]
fn a_character_the_encoding_cannot_hold_is_refused_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // The script rules would convert every traditional character (none of which Big5 holds
    // in simplified form): off, so that the refusal shown is the test rule's one.
    let config = format!("{SUBSTITUTION}\n[rules.severity]\nZJ603 = \"off\"\nZJ604 = \"off\"\n");
    std::fs::write(dir.path().join("zjlint.toml"), config).unwrap();
    let before = encoding_rs::BIG5
        .encode("年度工作總結\n本年度成績顯著。\n")
        .0
        .into_owned();
    let file = dir.path().join("big5.txt");
    std::fs::write(&file, &before).unwrap();
    let other = dir.path().join("other.txt");
    let big5 = |text: &str| encoding_rs::BIG5.encode(text).0.into_owned();
    std::fs::write(&other, big5("年度工作總結\n一.總體情況\n")).unwrap();
    let run = run(
        dir.path(),
        &[
            "check",
            "--unsafe-fixes",
            "--encoding",
            "big5",
            "big5.txt",
            "other.txt",
        ],
    );
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "错误：big5.txt: 没有修正：修正后第 2 行第 5 列的“绩”（U+7EE9）无法用文件的编码 Big5 保存，文件没有写入"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The other file is fixed all the same.
    assert_eq!(
        std::fs::read(&other).unwrap(),
        big5("年度工作總結\n一、總體情況\n")
    );
    // The refused file's findings are reported where they are in the file.
    assert!(run.stdout.contains("big5.txt:2:4"), "{}", run.stdout);
}

/// Byte 0x80 is `€` in GBK, which GB18030 writes as two bytes: written back, the file would
/// change where nothing was fixed, so it is not written.
#[test]
fn a_file_that_would_not_read_back_exactly_is_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    let before = [
        gbk("年度工作总结\n一.总体情况\n支出80"),
        vec![0x80],
        gbk("。\n"),
    ]
    .concat();
    let file = dir.path().join("g.txt");
    std::fs::write(&file, &before).unwrap();
    let run = run(
        dir.path(),
        &["check", "--isolated", "--encoding", "gbk", "--fix", "g.txt"],
    );
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "错误：g.txt: 没有修正：按 gb18030 编码写回时，修正以外的内容也会改变（原文件不能无损读写），为免丢失内容，没有写入"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(
        run.stdout.ends_with("已修正 0 处；剩余 1 处。\n"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_given_with_fix_is_read_but_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    support::mkfifo(&fifo);
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!("printf '%s' '{TEXT}' > pipe.txt"))
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    let run = run(dir.path(), &["check", "--isolated", "--fix", "pipe.txt"]);
    let _ = writer.kill();
    let _ = writer.wait();
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "错误：pipe.txt: 修正没有写入：这是命名管道（FIFO），不是普通文件，不会被替换"
        ),
        "{}",
        run.stderr
    );
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo());
    // Its findings are reported as they are.
    assert!(run.stdout.contains("pipe.txt:2:1"), "{}", run.stdout);
}

/// The fixed file replaces the old one through a temporary file beside it: a directory that
/// may not be written is a clear error, and the file stays as it was. (Run as root, zjlint runs
/// as nobody, for whom the directory's permissions hold.)
#[cfg(unix)]
#[test]
fn a_read_only_directory_is_a_clear_error_and_the_file_untouched() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("ro");
    std::fs::create_dir(&locked).unwrap();
    let file = locked.join("a.txt");
    std::fs::write(&file, TEXT).unwrap();
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(&file, 0o666);
    mode(&locked, 0o555);
    mode(dir.path(), 0o755);
    let mut command = Command::new(env!("CARGO_BIN_EXE_zjlint"));
    command
        .args(["check", "--isolated", "--fix", "ro/a.txt"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        command.uid(65534).gid(65534);
    }
    let run = support::finish(command.spawn().unwrap());
    mode(&locked, 0o755);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("错误：ro/a.txt: 无法写入修正后的文件：没有权限在所在目录 ro 中新建文件"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TEXT);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_has_its_target_fixed_keeping_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    std::fs::write(&real, TEXT).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    let run = run(dir.path(), &["check", "--isolated", "--fix", "link.txt"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), FIXED);
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn diff_shows_each_changed_character_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, TEXT).unwrap();
    let run = run(dir.path(), &["check", "--isolated", "--diff", "a.txt"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- a.txt\n+++ a.txt\n@@ -1,6 +1,6 @@\n 年度工作总结\n\
         -一[-.-]总体情况\n+一{+、+}总体情况\n\
         -（一）[-、-]基本面\n+（一）基本面\n\
         -1[-、-]第一项\n+1{+.+}第一项\n\
         -（1）[-.-]细目\n+（1）细目\n\
         -二[-，-]成绩\n+二{+、+}成绩\n"
    );
    assert_eq!(
        run.stderr,
        "可修正 5 处（--diff 只显示改动，没有写入文件）；修正后剩余 0 处。\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TEXT);
    // Nothing to change: no diff, status 0.
    std::fs::write(&file, FIXED).unwrap();
    let clean = support::run_in(dir.path(), &["check", "--isolated", "--diff", "a.txt"]);
    assert_eq!(clean.code(), Some(0), "{}", clean.stderr);
    assert_eq!(clean.stdout, "");
}

/// A page flattened into one long line: the diff shows windows around the changes, not the line.
#[test]
fn diff_of_a_long_line_shows_windows_around_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zjlint.toml"), SUBSTITUTION).unwrap();
    let line = format!(
        "我们为群众效劳，{}最后继续效劳。",
        "推进各项工作落实。".repeat(5_000)
    );
    std::fs::write(
        dir.path().join("long.txt"),
        format!("年度工作总结\n{line}\n"),
    )
    .unwrap();
    let run = run(
        dir.path(),
        &["check", "--diff", "--unsafe-fixes", "long.txt"],
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let minus = run
        .stdout
        .lines()
        .find(|l| l.starts_with('-') && !l.starts_with("---"));
    let minus = minus.unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        minus.starts_with("-我们为群众[-效劳-]，推进各项工作落实。")
            && minus.ends_with("最后继续[-效劳-]。"),
        "{minus}"
    );
    assert_eq!(minus.matches('…').count(), 1, "{minus}");
    assert!(run.stdout.len() < 1000, "{}", run.stdout.len());
}

#[test]
fn standard_input_is_fixed_to_standard_output_with_the_report_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_zjlint"))
        .args(["check", "--isolated", "--fix", "-"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(crlf(TEXT).as_bytes());
    });
    let run = support::finish(child);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, crlf(FIXED));
    assert!(
        run.stderr.contains("已修正 5 处；剩余 0 处。"),
        "{}",
        run.stderr
    );
}

#[test]
fn unsafe_fixes_apply_what_fix_leaves_and_the_summary_says_so() {
    let (dir, file) = with_substitution("年度工作总结\n一.总体情况\n我们为群众效劳。\n");
    let safe = run(
        dir.path(),
        &["check", "--fix", "--format", "concise", "a.txt"],
    );
    assert_eq!(safe.code(), Some(1), "{}", safe.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "年度工作总结\n一、总体情况\n我们为群众效劳。\n"
    );
    // Concise reports the finding left; the count goes to standard error.
    assert_eq!(safe.stdout, "a.txt:3:6: TEST001 “效劳”应写作“服务”\n");
    assert_eq!(
        safe.stderr,
        "已修正 1 处；剩余 1 处（其中 1 处可用 --unsafe-fixes 修正）。\n"
    );
    let all = run(dir.path(), &["check", "--unsafe-fixes", "a.txt"]);
    assert_eq!(all.code(), Some(0), "{}", all.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "年度工作总结\n一、总体情况\n我们为群众服务。\n"
    );
    assert!(
        all.stdout.ends_with("已修正 1 处；剩余 0 处。\n"),
        "{}",
        all.stdout
    );
}

#[test]
fn fix_with_json_writes_the_file_and_reports_what_remains() {
    let (dir, file) = with_substitution("年度工作总结\n一.总体情况\n我们为群众效劳。\n");
    let run = run(dir.path(), &["check", "--fix", "--format", "json", "a.txt"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<_> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64(),
            )
        })
        .collect();
    assert_eq!(codes, [("TEST001".to_string(), Some(3))]);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("一、总体情况"));
}

/// On copies of the seeds, `--fix` leaves no finding with a safe fix, and fixing again changes
/// no byte.
#[test]
fn fixed_seeds_have_no_safe_fix_left_and_a_second_fix_changes_nothing() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&path, dir.path().join(&name)).unwrap();
            names.push(name);
        }
    }
    names.sort();
    assert!(!names.is_empty());
    let mut args = vec!["check", "--isolated", "--fix", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let first = run(dir.path(), &args);
    assert!(matches!(first.code(), Some(0 | 1)), "{}", first.stderr);
    assert!(!first.stderr.starts_with("已修正 0 处"), "{}", first.stderr);
    let report: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let safe_left: Vec<_> = report
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .collect();
    assert!(safe_left.is_empty(), "{safe_left:#?}");
    let fixed: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.path().join(n)).unwrap())
        .collect();
    let second = run(dir.path(), &args);
    assert!(
        second.stderr.starts_with("已修正 0 处"),
        "{}",
        second.stderr
    );
    for (name, before) in names.iter().zip(&fixed) {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            before,
            "{name}"
        );
    }
}
