//! Fixed .docx copies open in LibreOffice with the fixed text and the formatting kept.

mod support;

use std::sync::Arc;

use support::{part, soffice};
use zjlint::catalogue::Catalogue;
use zjlint::docx::fix::fix_docx;
use zjlint::docx::fixture::{DocxBuilder, Level, Run};
use zjlint::fix::FixLevel;
use zjlint::Settings;

const SUBSTITUTIONS: &str = r#"
[[rule]]
code = "ZJ996"
name = "test-substitution"
category = "wording"
severity = "warning"
kind = "substitution"
message = "“{match}”应为“{replacement}”"
help = "改为“{replacement}”"
[rule.replace]
"效劳" = "服务"
"科学进展观" = "科学发展观"
"#;

/// A report with a typed marker to fix in a bold run, a substitution over two runs of one
/// format, one over runs of two formats (refused), a table, a tracked change and automatic
/// numbering.
fn report() -> Vec<u8> {
    DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", "%1、", 1)])
        .num(1, 0)
        .paragraph("2025年度工作总结")
        .numbered(1, 0, "总体情况")
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
    let mut catalogue = Catalogue::builtin().unwrap();
    catalogue.add_file("test.toml", SUBSTITUTIONS).unwrap();
    let settings = Settings::new(Arc::new(catalogue));
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
