//! Word documents on the command line: `check` reads .docx files, with Word's automatic
//! numbering checked like typed numbers and positions given as paragraphs; `annotate` writes a
//! copy with one comment per finding and never touches the original. The documents are made
//! by zjlint's own fixture builder.

mod support;

use serde_json::Value;
use std::path::Path;

use zjlint::docx::fixture::{self, DocxBuilder, Level, Run};

fn json(dir: &Path, file: &str) -> Vec<Value> {
    let run = support::run_in(dir, &["check", "--isolated", "--format", "json", file]);
    assert!(matches!(run.code(), Some(0 | 1)), "{}", run.stderr);
    serde_json::from_str::<Vec<Value>>(&run.stdout).expect("json array")
}

/// `code line:column-line:column` of each finding, as the JSON gives them.
fn listing(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let r = &f["range"];
            format!(
                "{} {}:{}-{}:{}",
                f["code"].as_str().unwrap_or("?"),
                r["start"]["line"],
                r["start"]["column"],
                r["end"]["line"],
                r["end"]["column"]
            )
        })
        .collect()
}

#[test]
fn an_automatic_number_that_skips_is_found_on_its_paragraph() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("总结.docx"), fixture::skipping_numbering()).expect("write");
    let findings = json(dir.path(), "总结.docx");
    // Paragraph 6 is `下步打算`, which Word numbers 四、 after 一、 and 二、.
    assert_eq!(listing(&findings), ["ZJ101 6:1-6:5"]);
    assert_eq!(
        findings[0]["origin"],
        serde_json::json!({
            "kind": "docx", "paragraph": 6, "column": 1, "end_paragraph": 6, "end_column": 5,
            "numbering": "四、"
        })
    );
    assert!(
        findings[0]["message"].as_str().unwrap().contains("二、"),
        "{}",
        findings[0]["message"]
    );
    let human = support::run_in(dir.path(), &["check", "--isolated", "总结.docx"]);
    assert_eq!(human.code(), Some(1));
    assert!(
        human
            .stdout
            .contains("╭─[总结.docx 第6段 第1字（自动编号“四、”）]"),
        "{}",
        human.stdout
    );
    let help = findings[0]["help"].as_str().unwrap();
    assert!(
        help.ends_with(zjlint::lint::AUTOMATIC_NUMBER_HELP),
        "{help}"
    );
    let concise = support::run_in(
        dir.path(),
        &["check", "--isolated", "--format", "concise", "总结.docx"],
    );
    assert!(
        concise.stdout.starts_with("总结.docx:6:1: ZJ101 "),
        "{}",
        concise.stdout
    );
}

/// `一、` `二、` drawn by Word, then `三、` or `四、` typed.
fn automatic_then_typed(typed: &str) -> Vec<u8> {
    DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", "%1、", 1)])
        .num(1, 0)
        .paragraph("2026年上半年工作总结")
        .numbered(1, 0, "主要工作")
        .paragraph("上半年共组织培训六期，参训人员四百余人次。")
        .numbered(1, 0, "存在不足")
        .paragraph("培训内容与岗位需求结合还不够紧密。")
        .paragraph(&format!("{typed}下步打算"))
        .paragraph("下半年将按岗位分类设计课程，年底前完成全员轮训。")
        .build()
}

#[test]
fn automatic_and_typed_numbers_are_one_sequence() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `三、` typed after Word's `一、` `二、`: the sequence is right, the mix is reported.
    std::fs::write(dir.path().join("续.docx"), fixture::mixed_numbering()).expect("write");
    let findings = json(dir.path(), "续.docx");
    assert_eq!(listing(&findings), ["ZJ111 6:1-6:3"]);
    assert_eq!(
        findings[0]["message"],
        "“三、”是手打的编号，同组上一条“二、”是Word 自动编号"
    );
    // `四、` typed after them: the gap is found across the two kinds of number.
    std::fs::write(dir.path().join("跳.docx"), automatic_then_typed("四、")).expect("write");
    let findings = json(dir.path(), "跳.docx");
    // The typed `四、` is text: the finding covers it, and the paragraph has no automatic number.
    // (The mix is not reported again on the same marker: one numbering finding per place.)
    assert_eq!(listing(&findings), ["ZJ101 6:1-6:3"]);
    assert!(
        findings[0]["message"].as_str().unwrap().contains("三、"),
        "{}",
        findings[0]["message"]
    );
    assert_eq!(findings[0]["origin"]["numbering"], Value::Null);
}

#[test]
fn tables_are_read_cell_by_cell_and_deleted_text_is_not_read() {
    let doc = DocxBuilder::new()
        .paragraph("2026年第二季度工作计划")
        .runs(&[
            Run::plain("本季度重点推进"),
            Run::deleted("20xx年"),
            Run::inserted("XX市"),
            Run::plain("三项工作。"),
        ])
        .table(&[&["序号", "任务"], &["1", "在20xx年完成预算调整"]])
        .build();
    let read = zjlint::docx::read(&doc).expect("readable");
    let texts: Vec<&str> = read.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "2026年第二季度工作计划",
            "本季度重点推进XX市三项工作。",
            "序号",
            "任务",
            "1",
            "在20xx年完成预算调整"
        ]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("计划.docx"), doc).expect("write");
    let findings = json(dir.path(), "计划.docx");
    let places: Vec<String> = listing(&findings)
        .into_iter()
        .filter(|f| f.starts_with("ZJ3"))
        .collect();
    // `XX市` inserted at paragraph 2, character 8; the deleted `20xx年` is gone; the table's
    // cells are paragraphs 3–6, and `20xx年` is in the last one.
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places[0].ends_with(" 2:8-2:11"), "{places:?}");
    assert!(places[1].ends_with(" 6:2-6:7"), "{places:?}");
}

#[test]
fn annotate_writes_a_commented_copy_and_leaves_the_original_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = fixture::skipping_numbering();
    std::fs::write(dir.path().join("总结.docx"), &original).expect("write");
    let run = support::run_in(
        dir.path(),
        &[
            "annotate",
            "--isolated",
            "总结.docx",
            "-o",
            "总结_批注.docx",
        ],
    );
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "已写入 总结_批注.docx：1 条批注（错误 1 处，警告 0 处，提示 0 处）。\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("总结.docx")).unwrap(),
        original
    );
    let annotated = std::fs::read(dir.path().join("总结_批注.docx")).expect("output");
    let comments = support::part(&annotated, "word/comments.xml").expect("comments.xml");
    assert!(comments.contains("w:author=\"zjlint\""), "{comments}");
    assert!(comments.contains("ZJ101"), "{comments}");
    let document = support::part(&annotated, "word/document.xml").expect("document.xml");
    assert_eq!(document.matches("<w:commentRangeStart ").count(), 1);
    assert_eq!(document.matches("<w:commentReference ").count(), 1);
    // The copy reads back with the same text and the same finding.
    assert_eq!(
        listing(&json(dir.path(), "总结_批注.docx")),
        ["ZJ101 6:1-6:5"]
    );
    opens_in_libreoffice(dir.path(), "总结_批注.docx");

    // Never over the original, under any name.
    let run = support::run_in(dir.path(), &["annotate", "总结.docx", "-o", "./总结.docx"]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr.contains("输出文件就是原文件"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("总结.docx")).unwrap(),
        original
    );
}

#[test]
fn annotate_refuses_what_is_not_a_docx_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ole = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    ole.resize(4096, 0);
    std::fs::write(dir.path().join("旧稿.doc"), &ole).expect("write");
    let run = support::run_in(
        dir.path(),
        &["annotate", "旧稿.doc", "-o", "旧稿_批注.docx"],
    );
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr.starts_with("错误：旧稿.doc: "), "{}", run.stderr);
    assert!(run.stderr.contains(".docx"), "{}", run.stderr);
    assert!(!dir.path().join("旧稿_批注.docx").exists());
    // `check` says the same, and still checks the other file.
    std::fs::write(dir.path().join("a.txt"), "一、总体情况\n今年完成了任务。\n").expect("write");
    let run = support::run_in(dir.path(), &["check", "--isolated", "旧稿.doc", "a.txt"]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stdout.starts_with("检查了 1 个文件"), "{}", run.stdout);
    assert!(run.stderr.starts_with("错误：旧稿.doc: "), "{}", run.stderr);
}

/// LibreOffice converts the file to PDF, where it is installed (a visible SKIPPED line where
/// it is not).
fn opens_in_libreoffice(dir: &Path, file: &str) {
    let out = dir.join("pdf");
    let Some(run) = support::soffice(&dir.join(file), "pdf", &out) else {
        return;
    };
    assert_eq!(run.code(), Some(0), "{}{}", run.stdout, run.stderr);
    let pdf = out.join(file.replace(".docx", ".pdf"));
    let bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
}

/// `examples/县档案馆2025年上半年工作总结.docx` is what the fixture builder writes: run with
/// UPDATE_EXAMPLES=1 to write it again after changing the builder.
#[test]
fn the_example_docx_is_the_builders() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/县档案馆2025年上半年工作总结.docx");
    let built = fixture::example_report();
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        std::fs::write(&path, &built).expect("examples/ writable");
    }
    let committed = std::fs::read(&path).expect("the example .docx exists");
    assert!(
        committed == built,
        "examples/ is out of date: run `UPDATE_EXAMPLES=1 cargo test --test docx_cli`"
    );
}
