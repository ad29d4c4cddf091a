//! Fixes written into documents built here: where each edit goes in the runs, what is refused
//! and why, and that nothing else in the package changes.

use super::*;
use crate::catalogue::Catalogue;
use crate::diagnostic::Applicability;
use crate::docx::fixture::{substitution_settings, DocxBuilder, Level, Run};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

/// The built-in rules.
fn settings() -> Settings {
    Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules load")))
}

/// The built-in rules with the test substitution rule, built once (compiling the rules is the
/// slow part of a test).
fn substitution() -> &'static Settings {
    static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(substitution_settings)
}

/// Every entry of a package but `word/document.xml`, as stored (compressed bytes).
fn other_entries(package: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut entries = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index_raw(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name != DOCUMENT_PART {
            let mut stored = Vec::new();
            entry.read_to_end(&mut stored).unwrap();
            entries.insert(name, stored);
        }
    }
    entries
}

fn document(package: &[u8]) -> String {
    let (_, xml) = super::super::read_with_document_xml(package).unwrap();
    String::from_utf8(xml).unwrap()
}

fn texts(package: &[u8]) -> Vec<String> {
    let docx = super::super::read(package).expect("the output reads");
    docx.paragraphs.into_iter().map(|p| p.text).collect()
}

/// `fix_docx`, checking what every run must hold: the output reads, every other entry is
/// byte-identical, and fixing the output again changes nothing.
fn fix(package: &[u8], settings: &Settings, level: FixLevel) -> DocxFixed {
    let fixed = fix_docx(package, "测试.docx", settings, level).expect("fixes");
    texts(&fixed.bytes);
    assert_eq!(other_entries(&fixed.bytes), other_entries(package));
    let again = fix_docx(&fixed.bytes, "测试.docx", settings, level).expect("fixes again");
    assert_eq!((again.fixed, again.passes), (0, 0));
    assert_eq!(again.bytes, fixed.bytes, "a second pass changes nothing");
    assert!(again.paragraphs.is_empty());
    fixed
}

fn change(index: usize, before: &str, after: &str) -> ParagraphChange {
    ParagraphChange {
        index,
        label: None,
        before: before.to_owned(),
        after: after.to_owned(),
    }
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code().as_str()).collect()
}

#[test]
fn a_marker_mark_is_fixed_inside_its_run() {
    let package = DocxBuilder::new()
        .paragraph("2025年度工作总结")
        .paragraph("一、总体情况")
        .runs(&[
            Run::bold("（一）、主要工作"),
            Run::plain("：全年完成任务。"),
        ])
        .paragraph("今年完成了各项任务。")
        .build();
    let fixed = fix(&package, &settings(), FixLevel::Safe);
    assert_eq!((fixed.fixed, fixed.passes), (1, 1));
    assert_eq!(
        fixed.paragraphs,
        [change(
            3,
            "（一）、主要工作：全年完成任务。",
            "（一）主要工作：全年完成任务。"
        )]
    );
    assert!(fixed.refused.is_empty());
    // Only the text of the one w:t changed; its run keeps its bold.
    assert_eq!(
        document(&fixed.bytes),
        document(&package).replace(
            "<w:rPr><w:b/></w:rPr><w:t>（一）、主要工作</w:t>",
            "<w:rPr><w:b/></w:rPr><w:t>（一）主要工作</w:t>"
        )
    );
    assert_eq!(fixed.source.text, texts(&fixed.bytes).join("\n"));
}

#[test]
fn nothing_to_fix_gives_the_input_back() {
    let package = DocxBuilder::new()
        .paragraph("2025年度工作总结")
        .paragraph("一、总体情况")
        .build();
    let fixed = fix(&package, &settings(), FixLevel::Unsafe);
    assert_eq!(fixed.bytes, package);
    assert!(!fixed.changed());
    assert!(fixed.paragraphs.is_empty());
}

#[test]
fn unsafe_fixes_wait_for_the_unsafe_level() {
    let package = DocxBuilder::new().paragraph("全心全意为人民效劳。").build();
    let settings = substitution();
    let safe = fix(&package, settings, FixLevel::Safe);
    assert_eq!(safe.bytes, package);
    assert_eq!(codes(&safe.remaining), ["ZJ996"]);
    assert!(safe.refused.is_empty(), "not refused: not allowed");
    let fixed = fix(&package, settings, FixLevel::Unsafe);
    assert_eq!(
        fixed.paragraphs,
        [change(1, "全心全意为人民效劳。", "全心全意为人民服务。")]
    );
    assert!(codes(&fixed.remaining).is_empty());
}

#[test]
fn an_edit_over_two_runs_of_one_format_goes_into_the_first() {
    let package = DocxBuilder::new()
        .runs(&[Run::plain("坚持科学进"), Run::plain("展观，统领全局。")])
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(fixed.fixed, 1);
    assert_eq!(
        fixed.paragraphs,
        [change(
            1,
            "坚持科学进展观，统领全局。",
            "坚持科学发展观，统领全局。"
        )]
    );
    assert!(document(&fixed.bytes)
        .contains("<w:r><w:t>坚持科学发展观</w:t></w:r><w:r><w:t>，统领全局。</w:t></w:r>"));
}

#[test]
fn an_edit_over_runs_of_different_formats_is_refused_and_changes_nothing() {
    let package = DocxBuilder::new()
        .runs(&[
            Run::plain("坚持科学进"),
            Run::bold("展观"),
            Run::plain("，效劳群众。"),
        ])
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    // The other finding of the paragraph is fixed; the refused one's runs are as they were.
    assert_eq!(fixed.fixed, 1);
    assert_eq!(
        fixed.paragraphs,
        [change(
            1,
            "坚持科学进展观，效劳群众。",
            "坚持科学进展观，服务群众。"
        )]
    );
    let xml = document(&fixed.bytes);
    assert!(xml.contains(
        "<w:r><w:t>坚持科学进</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>展观</w:t></w:r>"
    ));
    assert_eq!(fixed.refused.len(), 1);
    let refusal = &fixed.refused[0];
    assert_eq!(refusal.diagnostic.code(), "ZJ996");
    assert_eq!(&fixed.source.text[refusal.diagnostic.span()], "科学进展观");
    assert_eq!(refusal.reason, FORMAT);
    assert_eq!(codes(&fixed.remaining), ["ZJ996"]);
}

#[test]
fn a_deletion_over_runs_of_different_formats_is_applied() {
    let package = DocxBuilder::new()
        .runs(&[
            Run::plain("工作（此处"),
            Run::bold("待删）"),
            Run::plain("完成。"),
        ])
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(
        fixed.paragraphs,
        [change(1, "工作（此处待删）完成。", "工作完成。")]
    );
    assert!(document(&fixed.bytes).contains(
        "<w:r><w:t>工作</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t></w:t></w:r><w:r><w:t>完成。</w:t></w:r>"
    ));
}

/// A finding on a Word automatic number carries no text fix (the number is not text), so
/// fixing leaves the package as it was and refuses nothing; an edit that touches a label is
/// refused (`an_empty_or_numbered_paragraph_is_not_deleted` below).
#[test]
fn a_finding_on_an_automatic_number_offers_no_fix() {
    let package = DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", "%1.", 1)])
        .num(1, 0)
        .paragraph("2025年度工作总结")
        .numbered(1, 0, "总体情况")
        .paragraph("今年完成了各项任务。")
        .numbered(1, 0, "存在问题")
        .paragraph("还有不足。")
        .build();
    let fixed = fix(&package, &settings(), FixLevel::Unsafe);
    assert_eq!(fixed.bytes, package);
    assert!(fixed.refused.is_empty());
    let on_label: Vec<(&str, &str, bool)> = fixed
        .remaining
        .iter()
        .filter(|d| d.code() == "ZJ106")
        .map(|d| {
            (
                d.code().as_str(),
                &fixed.source.text[d.span()],
                d.fix.is_some(),
            )
        })
        .collect();
    assert_eq!(on_label, [("ZJ106", "一.", false)]);
}

/// A safe fix of one's own: `(start, end, replacement)` edits of the rules' text.
fn own_fix(edits: &[(usize, usize, &str)]) -> Fix {
    Fix {
        title: Default::default(),
        edits: edits
            .iter()
            .map(|&(start, end, replacement)| Edit {
                span: start..end,
                replacement: replacement.into(),
            })
            .collect(),
        applicability: Applicability::Safe,
    }
}

/// document.xml of `package` with a fix of one's own, planned and written without linting.
fn written(package: &[u8], edits: &[(usize, usize, &str)]) -> Result<Vec<u8>, &'static str> {
    let (docx, xml) = super::super::read_with_document_xml(package).unwrap();
    let plan = plan_fix(&own_fix(edits), &docx, &xml, &Layout::new(&docx))?;
    Ok(write(&xml, &docx, plan).expect("writes"))
}

/// The paragraphs of `package` after a fix of one's own.
fn apply(package: &[u8], edits: &[(usize, usize, &str)]) -> Result<Vec<String>, &'static str> {
    let replaced = [(DOCUMENT_PART, written(package, edits)?)]
        .into_iter()
        .collect();
    let output = rewrite_package(package, replaced).expect("package");
    assert_eq!(other_entries(&output), other_entries(package));
    Ok(texts(&output))
}

/// Byte offset of `needle` in the rules' text of `package`.
fn at(package: &[u8], needle: &str) -> usize {
    let docx = super::super::read(package).unwrap();
    Source::of_docx("a.docx", None, &docx)
        .text
        .find(needle)
        .expect("needle in text")
}

#[test]
fn deleting_whole_paragraphs_empties_them_and_keeps_their_marks() {
    let package = DocxBuilder::new()
        .paragraph("总结")
        .runs(&[Run::plain("第1页"), Run::Tab, Run::bold("共3页")])
        .paragraph("正文。")
        .build();
    let junk = at(&package, "第1页");
    let next = at(&package, "正文");
    // The line and the paragraph mark after it, or the one before it.
    let emptied = Ok(vec!["总结".to_owned(), String::new(), "正文。".to_owned()]);
    assert_eq!(apply(&package, &[(junk, next, "")]), emptied);
    assert_eq!(apply(&package, &[(junk - 1, next - 1, "")]), emptied);
    // Or all its text without a paragraph mark.
    assert_eq!(apply(&package, &[(junk, next - 1, "")]), emptied);
    // Joining paragraphs, or deleting part of one with a paragraph mark, is refused.
    assert_eq!(
        apply(&package, &[(next - 1, next, "")]),
        Err(PARAGRAPH_MARK)
    );
    assert_eq!(
        apply(&package, &[(junk + 3, next + 3, "")]),
        Err(PARAGRAPH_MARK)
    );
    assert_eq!(apply(&package, &[(junk, next, "甲")]), Err(PARAGRAPH_MARK));
    assert_eq!(apply(&package, &[(junk, junk, "\n")]), Err(CONTROL));
    // Inside the line, the tab is not text to edit.
    let tab = at(&package, "\t");
    assert_eq!(apply(&package, &[(tab, tab + 1, "")]), Err(MARK));
    assert_eq!(apply(&package, &[(tab - 1, tab + 2, "x")]), Err(MARK));
}

#[test]
fn an_empty_or_numbered_paragraph_is_not_deleted() {
    let package = DocxBuilder::new()
        .abstract_numbering(0, vec![Level::new("chineseCounting", "%1、", 1)])
        .num(1, 0)
        .paragraph("总结")
        .paragraph("")
        .numbered(1, 0, "情况")
        .paragraph("正文。")
        .build();
    let empty = at(&package, "总结") + "总结\n".len();
    assert_eq!(
        apply(&package, &[(empty, empty + 1, "")]),
        Err(EMPTY_PARAGRAPH)
    );
    let numbered = at(&package, "一、情况");
    let next = at(&package, "正文");
    assert_eq!(
        apply(&package, &[(numbered, next, "")]),
        Err(NUMBERED_PARAGRAPH)
    );
    assert_eq!(apply(&package, &[(numbered, numbered + 3, "")]), Err(LABEL));
    // Right after the label is the paragraph's own text.
    let text = numbered + "一、".len();
    assert_eq!(
        apply(&package, &[(text, text, "总体")]).map(|t| t[2].clone()),
        Ok("总体情况".to_owned())
    );
}

#[test]
fn an_insertion_goes_into_the_run_before_unless_it_is_no_text() {
    let package = DocxBuilder::new()
        .runs(&[
            Run::bold("甲"),
            Run::plain("乙"),
            Run::Tab,
            Run::plain("丙"),
        ])
        .build();
    let between = at(&package, "乙");
    let (docx, xml) = super::super::read_with_document_xml(&package).unwrap();
    let layout = Layout::new(&docx);
    let piece_of = |offset: usize| {
        plan_fix(&own_fix(&[(offset, offset, "、")]), &docx, &xml, &layout)
            .map(|plan| (plan[0].piece, plan[0].range.clone()))
    };
    assert_eq!(
        piece_of(between),
        Ok((0, 3..3)),
        "after 甲, in its bold run"
    );
    assert_eq!(piece_of(0), Ok((0, 0..0)));
    let after_tab = at(&package, "丙");
    assert_eq!(piece_of(after_tab), Ok((3, 0..0)), "not into the tab");
    assert_eq!(
        piece_of(after_tab + 3),
        Ok((3, 3..3)),
        "at the paragraph's end"
    );
}

#[test]
fn new_text_with_edge_spaces_is_preserved_and_escaped() {
    let package = DocxBuilder::new()
        .runs(&[Run::plain("甲&乙"), Run::plain("丙")])
        .build();
    let start = at(&package, "甲");
    assert_eq!(
        apply(&package, &[(start, start + 3, " <a>")]),
        Ok(vec![" <a>&乙丙".to_owned()])
    );
    let written =
        String::from_utf8(written(&package, &[(start, start + 3, " <a>")]).unwrap()).unwrap();
    assert!(
        written.contains(r#"<w:t xml:space="preserve"> &lt;a&gt;&amp;乙</w:t>"#),
        "{written}"
    );
}

#[test]
fn the_result_of_a_field_is_not_edited() {
    let package = DocxBuilder::new()
        .raw(r#"<w:p><w:fldSimple w:instr=" TITLE "><w:r><w:t>为人民效劳</w:t></w:r></w:fldSimple></w:p>"#)
        .raw(concat!(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TITLE </w:instrText></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>效劳</w:t></w:r>"#,
            r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>，效劳。</w:t></w:r></w:p>"#
        ))
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(
        fixed.paragraphs,
        [change(2, "效劳，效劳。", "效劳，服务。")]
    );
    let reasons: Vec<&str> = fixed.refused.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, [FIELD, FIELD]);
}

#[test]
fn a_damaged_package_is_an_error_naming_the_file() {
    let error = fix_docx(
        b"PK\x03\x04 broken",
        "报告.docx",
        &settings(),
        FixLevel::Safe,
    )
    .unwrap_err();
    assert!(
        error.to_string().starts_with("报告.docx: 文件已损坏"),
        "{error}"
    );
    let error = fix_docx(b"not a zip", "报告.docx", &settings(), FixLevel::Safe).unwrap_err();
    assert!(
        error.to_string().starts_with("报告.docx: 这不是 zip"),
        "{error}"
    );
}

/// A paragraph of arbitrary runs: plain or bold text (with characters XML escapes and edge
/// spaces), tabs and breaks.
fn arbitrary_paragraph() -> impl proptest::strategy::Strategy<Value = Vec<Run>> {
    use proptest::prelude::*;
    let text = proptest::collection::vec(
        proptest::sample::select(vec!['甲', '乙', ' ', '&', '<', 'a']),
        1..4,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>());
    let run = (0..4u8, text).prop_map(|(kind, text)| match kind {
        0 => Run::Plain(text),
        1 => Run::Bold(text),
        2 => Run::Tab,
        _ => Run::Break,
    });
    proptest::collection::vec(run, 0..4)
}

proptest::proptest! {
    /// Whatever the runs and the edit, a fix is refused or written so that the document reads
    /// back as the edited text (an edit inside a paragraph), or with its paragraphs kept
    /// (whole paragraphs deleted).
    #[test]
    fn an_edit_is_written_exactly_or_refused(
        paragraphs in proptest::collection::vec(arbitrary_paragraph(), 1..4),
        from in 0.0..1.0f64,
        length in 0.0..1.0f64,
        replacement in proptest::sample::select(vec!["", "丙", " x ", "&"]),
    ) {
        let package = paragraphs
            .iter()
            .fold(DocxBuilder::new(), |builder, runs| builder.runs(runs))
            .build();
        let docx = super::super::read(&package).unwrap();
        let text = Source::of_docx("a.docx", None, &docx).text;
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        let pick = |fraction: f64, from: usize| {
            let index = from + (fraction * (boundaries.len() - from) as f64) as usize;
            boundaries[index.min(boundaries.len() - 1)]
        };
        let start = pick(from, 0);
        let start_index = boundaries.binary_search(&start).unwrap();
        let end = pick(length * length, start_index);
        if let Ok(output) = apply(&package, &[(start, end, replacement)]) {
            proptest::prop_assert_eq!(output.len(), docx.paragraphs.len());
            if !text[start..end].contains('\n') || docx.paragraphs.len() == 1 {
                let mut expected = text.clone();
                expected.replace_range(start..end, replacement);
                proptest::prop_assert_eq!(output.join("\n"), expected);
            }
        }
    }
}

#[test]
fn a_text_written_with_references_or_cdata_is_rewritten_whole() {
    let package = DocxBuilder::new()
        .raw("<w:p><w:r><w:t>&#x6548;劳<![CDATA[a<b]]>效劳</w:t></w:r></w:p>")
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(fixed.paragraphs, [change(1, "效劳a<b效劳", "服务a<b服务")]);
    assert!(document(&fixed.bytes).contains("<w:r><w:t>服务a&lt;b服务</w:t></w:r>"));
}

#[test]
fn in_a_text_box_the_text_word_reads_is_fixed() {
    let text_box = |text: &str| {
        format!(r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"#)
    };
    let body = format!(
        r#"<w:p><w:r><w:t>为人民效</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>劳</w:t></w:r></w:p>"#,
        text_box("框内效劳"),
        text_box("框内效劳")
    );
    let package = super::super::tests::docx(&body, None, None);
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(fixed.paragraphs, [change(2, "框内效劳", "框内服务")]);
    // The copy for old readers is as it was.
    let xml = document(&fixed.bytes);
    assert!(xml.contains("<w:pict><w:txbxContent><w:p><w:r><w:t>框内效劳</w:t>"));
    // Text on both sides of the box is not moved across it.
    let reasons: Vec<&str> = fixed.refused.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, [BOUNDARY]);
}

#[test]
fn a_replacement_over_runs_stays_inside_links_and_revisions() {
    let package = DocxBuilder::new()
        // Proofing marks and bookmarks between runs are no boundary.
        .raw(concat!(
            r#"<w:p><w:r><w:t>为人民效</w:t></w:r><w:proofErr w:type="spellStart"/>"#,
            r#"<w:bookmarkStart w:id="0" w:name="a"/><w:r><w:t>劳。</w:t></w:r></w:p>"#
        ))
        .raw(concat!(
            r#"<w:p><w:r><w:t>为人民效</w:t></w:r><w:hyperlink w:anchor="a">"#,
            r#"<w:r><w:t>劳</w:t></w:r></w:hyperlink></w:p>"#
        ))
        .raw(r#"<w:p><w:r><w:t>为人民效</w:t></w:r><w:ins w:id="1" w:author="甲"><w:r><w:t>劳</w:t></w:r></w:ins></w:p>"#)
        .build();
    let fixed = fix(&package, substitution(), FixLevel::Unsafe);
    assert_eq!(
        fixed.paragraphs,
        [change(1, "为人民效劳。", "为人民服务。")]
    );
    let refused: Vec<(usize, &str)> = fixed
        .refused
        .iter()
        .map(|r| (r.diagnostic.span().start, r.reason.as_str()))
        .collect();
    let second = fixed.source.text.find("\n").unwrap() + 1;
    let third = second + fixed.source.text[second..].find("\n").unwrap() + 1;
    let offset = "为人民".len();
    assert_eq!(
        refused,
        [(second + offset, BOUNDARY), (third + offset, BOUNDARY)]
    );
}

#[test]
fn a_paragraph_change_says_where_it_differs() {
    let differing = |before: &str, after: &str| change(1, before, after).differing();
    assert_eq!(differing("甲、、乙", "甲、乙"), (6..9, 6..6));
    assert_eq!(differing("效劳群众", "服务群众"), (0..6, 0..6));
    assert_eq!(differing("乙", "乙乙"), (3..3, 3..6));
    assert_eq!(differing("", "甲"), (0..0, 0..3));
}

/// Pieces of paragraphs where fixes meet tracked changes, hyperlinks, fields, tabs and spaces.
const SNIPPETS: [&str; 10] = [
    "<w:r><w:t>效</w:t></w:r>",
    "<w:r><w:rPr><w:b/></w:rPr><w:t>劳</w:t></w:r>",
    "<w:r><w:t>为人民效劳</w:t></w:r>",
    "<w:r><w:tab/></w:r>",
    r#"<w:ins w:id="1" w:author="甲" w:date="2026-01-05T09:00:00Z"><w:r><w:t>效</w:t></w:r></w:ins>"#,
    r#"<w:del w:id="2" w:author="甲" w:date="2026-01-05T09:00:00Z"><w:r><w:delText>劳</w:delText></w:r></w:del>"#,
    r#"<w:hyperlink w:anchor="a"><w:r><w:t>劳群众</w:t></w:r></w:hyperlink>"#,
    r#"<w:fldSimple w:instr=" TITLE "><w:r><w:t>效劳</w:t></w:r></w:fldSimple>"#,
    r#"<w:r><w:t xml:space="preserve"> 效 </w:t></w:r>"#,
    "<w:r><w:t>（一）、</w:t></w:r>",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Linting and fixing arbitrary mixes never fails or panics; the output reads, keeps every
    /// other entry and its paragraphs, and a second pass changes nothing (checked by `fix`).
    #[test]
    fn fixing_arbitrary_runs_keeps_the_document_whole(
        paragraphs in proptest::collection::vec(
            proptest::collection::vec(proptest::sample::select(SNIPPETS.to_vec()), 0..5),
            1..4,
        ),
    ) {
        let settings = substitution();
        let package = paragraphs
            .iter()
            .fold(DocxBuilder::new(), |builder, snippets| {
                builder.raw(&format!("<w:p>{}</w:p>", snippets.concat()))
            })
            .build();
        let before = texts(&package);
        let fixed = fix(&package, settings, FixLevel::Unsafe);
        let after = texts(&fixed.bytes);
        proptest::prop_assert_eq!(after.len(), before.len());
        for (index, (old, new)) in before.iter().zip(&after).enumerate() {
            let change = fixed.paragraphs.iter().find(|c| c.index == index + 1);
            match change {
                Some(change) => {
                    proptest::prop_assert_eq!(&change.before, old);
                    proptest::prop_assert_eq!(&change.after, new);
                }
                None => proptest::prop_assert_eq!(old, new),
            }
        }
    }
}
