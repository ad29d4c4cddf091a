//! Fixed .docx copies open in LibreOffice with the fixed text and the formatting kept.

mod support;

use support::{part, soffice};
use zjlint::docx::fix::fix_docx;
use zjlint::docx::fixture::{substitution_settings, DocxBuilder, Level, Run};
use zjlint::fix::FixLevel;

/// A title, then a heading Word numbers with `label` (`w:lvlText` of Chinese numbers).
fn headed(label: &str) -> DocxBuilder {
    DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", label, 1)])
        .num(1, 0)
        .paragraph("2025年度工作总结")
        .numbered(1, 0, "总体情况")
}

/// A report with a typed marker to fix in a bold run, a substitution over two runs of one
/// format, one over runs of two formats (refused), a table, a tracked change and automatic
/// numbering.
fn report() -> Vec<u8> {
    headed("%1、")
        .runs(&[
            Run::bold("（一）、主要工作"),
            Run::plain("：全年完成任务。"),
        ])
        .runs(&[Run::plain("坚持以人民为中心，效"), Run::plain("劳群众。")])
        .runs(&[
            Run::plain("坚持科学进"),
            Run::bold("展观"),
            Run::plain("。"),
        ])
        .table(&[&["项目", "说明"], &["窗口", "为群众效劳"]])
        .paragraph("以上任务由办公室牵头，")
        .inserted("各科室配合。")
        .build()
}

#[test]
fn libreoffice_reads_the_fixed_copy() {
    let settings = substitution_settings();
    let fixed = fix_docx(&report(), "report.docx", &settings, FixLevel::Unsafe).unwrap();
    let changed: Vec<(usize, &str)> = fixed
        .paragraphs
        .iter()
        .map(|p| (p.index, p.after.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (3, "（一）主要工作：全年完成任务。"),
            (4, "坚持以人民为中心，服务群众。"),
            (9, "为群众服务"),
        ]
    );
    assert_eq!(fixed.refused.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.docx");
    std::fs::write(&input, &fixed.bytes).unwrap();
    let Some(run) = soffice(&input, "odt", dir.path()) else {
        return;
    };
    assert_eq!(run.code(), Some(0), "{}{}", run.stdout, run.stderr);
    let odt = std::fs::read(dir.path().join("report.odt")).expect("odt written");
    let content = part(&odt, "content.xml").expect("content.xml");
    for text in ["（一）主要工作", "服务群众", "为群众服务", "科学进"] {
        assert!(content.contains(text), "{text}: {content}");
    }
    assert!(!content.contains("效劳"), "{content}");
    // The bold run is still bold: LibreOffice gives it an automatic style with bold weight.
    let bold_span = content
        .split("<text:span ")
        .find(|span| span.contains(">（一）主要工作<"))
        .expect("the marker's run is a span of its own");
    let style = bold_span
        .split('"')
        .nth(1)
        .expect("the span names its style");
    let definition = content
        .split("<style:style ")
        .find(|s| s.contains(&format!("style:name=\"{style}\"")))
        .expect("its style is defined");
    assert!(
        definition.contains("fo:font-weight=\"bold\""),
        "{definition}"
    );
}

/// A report whose typed marker `（一）、` the numbering rules fix safely, and whose `。。。`
/// (for `……`) the punctuation rules would fix too, but over runs of two formats (the fix is
/// refused). Its automatic number `一.` is reported without a fix: Word draws it.
fn marked_report() -> Vec<u8> {
    headed("%1.")
        .runs(&[
            Run::bold("（一）、主要工作"),
            Run::plain("：全年完成任务。"),
        ])
        .runs(&[
            Run::plain("还有许多工作要做"),
            Run::bold("。"),
            Run::plain("。。"),
        ])
        .build()
}

/// What `check` says of the refused fix of `。。。`.
const REFUSED: &str =
    "提示：报告.docx 第4段：ZJ504 没有修正：修改跨越了格式不同的文字，请在 Word 中手动修改\n";

/// The paragraphs' text of a .docx.
fn texts(bytes: &[u8]) -> Vec<String> {
    zjlint::docx::read(bytes)
        .expect("readable")
        .paragraphs
        .into_iter()
        .map(|p| p.text)
        .collect()
}

#[test]
fn check_fix_rewrites_a_docx_and_names_the_fix_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.docx");
    std::fs::write(&file, marked_report()).unwrap();
    let first = support::run_in(dir.path(), &["check", "--isolated", "--fix", "报告.docx"]);
    assert_eq!(first.code(), Some(1), "{}", first.stderr);
    let fixed = std::fs::read(&file).unwrap();
    assert_eq!(
        texts(&fixed),
        [
            "2025年度工作总结",
            "总体情况",
            "（一）主要工作：全年完成任务。",
            "还有许多工作要做。。。"
        ]
    );
    assert!(
        first.stdout.ends_with("已修正 1 处；剩余 2 处。\n"),
        "{}",
        first.stdout
    );
    assert_eq!(first.stderr, REFUSED);

    let second = support::run_in(dir.path(), &["check", "--isolated", "--fix", "报告.docx"]);
    assert_eq!(second.code(), Some(1), "{}", second.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), fixed);
    assert!(
        second.stdout.ends_with("已修正 0 处；剩余 2 处。\n"),
        "{}",
        second.stdout
    );
}

#[test]
fn check_diff_shows_the_paragraph_before_and_after_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.docx");
    let original = marked_report();
    std::fs::write(&file, &original).unwrap();
    let run = support::run_in(dir.path(), &["check", "--isolated", "--diff", "报告.docx"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- 报告.docx\n+++ 报告.docx\n@@ 第3段 @@\n\
         -（一）[-、-]主要工作：全年完成任务。\n+（一）主要工作：全年完成任务。\n"
    );
    assert_eq!(
        run.stderr,
        format!("{REFUSED}可修正 1 处（--diff 只显示改动，没有写入文件）；修正后剩余 2 处。\n")
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);
}

/// A numbered paragraph's header names its automatic number, and a long paragraph is shown in
/// a window around the change.
#[test]
fn diff_of_a_long_numbered_paragraph_names_its_number_and_shows_a_window() {
    let filler = "推进各项工作落实".repeat(40);
    let doc = DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", "%1、", 1)])
        .num(1, 0)
        .paragraph("2025年度工作总结")
        .numbered(1, 0, &format!("{filler}。第一、加强领导。"))
        .build();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("长.docx"), &doc).unwrap();
    let run = support::run_in(dir.path(), &["check", "--isolated", "--diff", "长.docx"]);
    // The 24 characters before the change: the end of the filler, then “。第一”.
    let before = format!(
        "{}。第一",
        &filler[filler.char_indices().nth(320 - 21).unwrap().0..]
    );
    assert_eq!(
        run.stdout,
        format!(
            "--- 长.docx\n+++ 长.docx\n@@ 第2段（自动编号“一、”） @@\n\
             -…{before}[-、-]加强领导。\n+…{before}{{+，+}}加强领导。\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_docx_whose_only_fix_is_refused_is_left_byte_for_byte() {
    let doc = headed("%1.")
        .paragraph("（一）主要工作：全年完成任务。")
        .runs(&[
            Run::plain("还有许多工作要做"),
            Run::bold("。"),
            Run::plain("。。"),
        ])
        .build();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.docx");
    std::fs::write(&file, &doc).unwrap();
    let run = support::run_in(dir.path(), &["check", "--isolated", "--fix", "报告.docx"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(run.stderr, REFUSED);
    assert!(
        run.stdout
            .contains("[报告.docx 第2段 第1字（自动编号“一.”）]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("已修正 0 处；剩余 2 处。\n"),
        "{}",
        run.stdout
    );
    assert_eq!(std::fs::read(&file).unwrap(), doc);
    // Nothing to write: the diff is empty, and --diff exits 0.
    let diff = support::run_in(dir.path(), &["check", "--isolated", "--diff", "报告.docx"]);
    assert_eq!(diff.code(), Some(0), "{}", diff.stderr);
    assert_eq!(diff.stdout, "");
}

/// A clean .docx: `--fix` exits 0 and leaves it as it was.
#[test]
fn a_clean_docx_is_not_rewritten() {
    let doc = DocxBuilder::new()
        .paragraph("2025年度工作总结")
        .paragraph("一、总体情况")
        .build();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("好.docx");
    std::fs::write(&file, &doc).unwrap();
    let run = support::run_in(dir.path(), &["check", "--isolated", "--fix", "好.docx"]);
    assert_eq!(run.code(), Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(std::fs::read(&file).unwrap(), doc);
}

/// A .docx on standard input (named by `--stdin-filename`) is fixed to standard output.
#[test]
fn a_docx_on_standard_input_is_fixed_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("改后.docx");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zjlint"))
        .args([
            "check",
            "--isolated",
            "--fix",
            "--stdin-filename",
            "报告.docx",
            "-",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::fs::File::create(&output).unwrap())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&marked_report());
    });
    let run = support::finish(child);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains(REFUSED), "{}", run.stderr);
    assert!(
        run.stderr.contains("已修正 1 处；剩余 2 处。"),
        "{}",
        run.stderr
    );
    assert_eq!(
        texts(&std::fs::read(&output).unwrap()),
        [
            "2025年度工作总结",
            "总体情况",
            "（一）主要工作：全年完成任务。",
            "还有许多工作要做。。。"
        ]
    );
}
