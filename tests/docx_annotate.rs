//! Findings written back into a .docx as Word comments: the copy is well formed, holds every
//! comment, reads back to the same text, and opens in LibreOffice where it is installed.

mod support;

use std::io::Cursor;
use std::path::Path;

use proptest::prelude::*;
use zjlint::docx::annotate::{annotate, annotate_dated};
use zjlint::docx::fixture::{self, DocxBuilder, Run};
use zjlint::docx::{read_with_document_xml, Comment, Docx, DocxError};

const DATE: &str = "2026-01-05T09:00:00Z";

fn comment(paragraph: usize, range: Option<std::ops::Range<usize>>, body: &str) -> Comment {
    Comment {
        paragraph,
        range,
        body: body.to_owned(),
    }
}

/// The byte range of `needle` in paragraph `paragraph`'s text.
fn find(docx: &Docx, paragraph: usize, needle: &str) -> std::ops::Range<usize> {
    let start = docx.paragraphs[paragraph]
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in paragraph {paragraph}"));
    start..start + needle.len()
}

/// `package` annotated with what `comments` makes of its reading, and that reading.
fn annotated(
    package: &[u8],
    comments: impl FnOnce(&Docx) -> Vec<Comment>,
) -> (Vec<u8>, Docx, Vec<Comment>) {
    let (docx, document_xml) = read_with_document_xml(package).expect("fixture reads");
    let comments = comments(&docx);
    let output = annotate_dated(package, &document_xml, &docx, &comments, DATE).expect("annotates");
    (output, docx, comments)
}

use support::part;

fn entries(package: &[u8]) -> Vec<(String, zip::CompressionMethod)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).expect("zip");
    (0..archive.len())
        .map(|index| {
            let entry = archive.by_index(index).expect("entry");
            (
                entry.name().expect("name").into_owned(),
                entry.compression(),
            )
        })
        .collect()
}

fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!(
                "{error} at byte {}: …{}…",
                reader.error_position(),
                &xml[(reader.error_position() as usize)
                    .saturating_sub(200)
                    .min(xml.len())..]
                    .chars()
                    .take(400)
                    .collect::<String>()
            ),
        }
    }
}

/// Every part of the annotated package is well formed, each comment body is in comments.xml,
/// and the package reads back to the same paragraphs.
fn assert_sound(output: &[u8], original: &Docx, comments: &[Comment]) {
    for (name, _) in entries(output) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(&part(output, &name).expect("part"));
        }
    }
    let comments_xml = part(output, "word/comments.xml").expect("comments.xml");
    for comment in comments {
        for line in comment.body.lines() {
            let escaped = quick_xml::escape::escape(line);
            assert!(
                comments_xml.contains(&format!(r#"<w:t xml:space="preserve">{escaped}</w:t>"#)),
                "{line} not in {comments_xml}"
            );
        }
    }
    let again = zjlint::docx::read(output).expect("annotated copy reads");
    assert_eq!(again.paragraphs.len(), original.paragraphs.len());
    for (after, before) in again.paragraphs.iter().zip(&original.paragraphs) {
        assert_eq!(after.text, before.text);
        assert_eq!(after.label, before.label);
    }
}

fn document(output: &[u8]) -> String {
    part(output, "word/document.xml").expect("document.xml")
}

#[test]
fn a_range_inside_a_bold_run_splits_it_keeping_its_formatting() {
    let package = DocxBuilder::new()
        .runs(&[
            Run::plain("本季度完成"),
            Run::bold("重点项目三个"),
            Run::plain("。"),
        ])
        .build();
    let (output, docx, comments) = annotated(&package, |docx| {
        vec![comment(
            0,
            Some(find(docx, 0, "项目")),
            "“项目”用词含糊\nZJ000\n请写明项目名称",
        )]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">重点</w:t></w:r>"#,
        r#"<w:commentRangeStart w:id="0"/>"#,
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">项目</w:t></w:r>"#,
        r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
        r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">三个</w:t></w:r>"#,
        r#"<w:r><w:t>。</w:t></w:r>"#,
    )));
    let comments_xml = part(&output, "word/comments.xml").unwrap();
    assert!(comments_xml.contains(concat!(
        r#"<w:comment w:id="0" w:author="zjlint" w:date="2026-01-05T09:00:00Z" w:initials="ZJ">"#,
        r#"<w:p><w:r><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">“项目”用词含糊</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">ZJ000</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t xml:space="preserve">请写明项目名称</w:t></w:r></w:p></w:comment>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn a_range_between_entities_counts_each_as_one_character() {
    let package = DocxBuilder::new().paragraph("A&B<C>经费 ").build();
    let (output, docx, comments) = annotated(&package, |docx| {
        vec![comment(0, Some(find(docx, 0, "B<C")), "符号")]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:r><w:t xml:space="preserve">A&amp;</w:t></w:r><w:commentRangeStart w:id="0"/>"#,
        r#"<w:r><w:t xml:space="preserve">B&lt;C</w:t></w:r><w:commentRangeEnd w:id="0"/>"#,
        r#"<w:r><w:commentReference w:id="0"/></w:r>"#,
        r#"<w:r><w:t xml:space="preserve">&gt;经费 </w:t></w:r>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn character_references_and_line_ends_in_raw_text_are_one_character() {
    let package = DocxBuilder::new()
        .raw("<w:p><w:r><w:t>&#x4E00;&#20108;\r\n三四</w:t></w:r></w:p>")
        .build();
    let (output, docx, comments) = annotated(&package, |docx| {
        assert_eq!(docx.paragraphs[0].text, "一二\n三四");
        vec![comment(0, Some(find(docx, 0, "二\n三")), "跨行")]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:t xml:space="preserve">&#x4E00;</w:t></w:r><w:commentRangeStart w:id="0"/>"#,
        r#"<w:r><w:t xml:space="preserve">&#20108;"#,
        "\r\n三</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>",
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn a_numbered_heading_is_commented_on_its_whole_paragraph() {
    let package = fixture::skipping_numbering();
    let (output, docx, comments) = annotated(&package, |docx| {
        assert_eq!(docx.paragraphs[5].text, "下步打算");
        assert_eq!(docx.paragraphs[5].label.as_deref(), Some("四、"));
        vec![comment(
            5,
            None,
            "编号不连续：此处应为“三、”，前一个是“二、”\nZJ101",
        )]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:numId w:val="2"/></w:numPr></w:pPr><w:commentRangeStart w:id="0"/>"#,
        r#"<w:r><w:t>下步打算</w:t></w:r><w:commentRangeEnd w:id="0"/>"#,
        r#"<w:r><w:commentReference w:id="0"/></w:r></w:p>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn an_empty_paragraph_is_expanded_to_hold_its_comment() {
    let package = DocxBuilder::new()
        .paragraph("标题")
        .raw(r#"<w:p w:rsidR="00A1"/>"#)
        .build();
    let (output, docx, comments) = annotated(&package, |_| {
        vec![
            comment(1, None, "多余的空段"),
            comment(1, Some(0..0), "第二条"),
        ]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:p w:rsidR="00A1"><w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/>"#,
        r#"<w:r><w:commentReference w:id="0"/></w:r><w:commentRangeStart w:id="1"/>"#,
        r#"<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r></w:p>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn comments_sharing_a_run_nest_and_keep_their_order() {
    let package = DocxBuilder::new().paragraph("甲乙丙丁戊").build();
    let (output, docx, comments) = annotated(&package, |docx| {
        vec![
            comment(0, Some(find(docx, 0, "乙丙")), "一"),
            comment(0, Some(find(docx, 0, "乙丙丁")), "二"),
            comment(0, Some(find(docx, 0, "乙丙")), "三"),
            comment(0, Some(find(docx, 0, "丙丁戊")), "四"),
        ]
    });
    let start = |id: u32| format!(r#"<w:commentRangeStart w:id="{id}"/>"#);
    let end = |id: u32| {
        format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#)
    };
    let split = |text: &str| format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#);
    let expected = [
        r#"<w:p><w:r><w:t xml:space="preserve">甲</w:t></w:r>"#.to_owned(),
        start(1),
        start(0),
        start(2),
        split("乙"),
        start(3),
        split("丙"),
        end(2),
        end(0),
        split("丁"),
        end(1),
        split("戊"),
        end(3),
        "</w:p>".to_owned(),
    ]
    .concat();
    assert!(
        document(&output).contains(&expected),
        "{}",
        document(&output)
    );
    assert_sound(&output, &docx, &comments);
}

#[test]
fn table_cells_and_tracked_insertions_take_comments_inside_their_containers() {
    let package = fixture::table_and_tracked_changes();
    let (output, docx, comments) = annotated(&package, |docx| {
        let texts: Vec<&str> = docx.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "2026年第二季度工作计划",
                "本季度重点推进三项工作，确保按期完成。",
                "序号",
                "工作任务",
                "完成时限",
                "1",
                "修订考勤制度",
                "4月30日",
                "2",
                "完成年度预算调整",
                "6月15日",
                "以上任务由办公室牵头，各科室配合，",
            ]
        );
        vec![
            comment(1, Some(find(docx, 1, "工作，确保按")), "跨越修订"),
            comment(6, Some(find(docx, 6, "考勤")), "表格内"),
            comment(11, Some(find(docx, 11, "科室")), "插入的文字内"),
        ]
    });
    let document = document(&output);
    assert!(document.contains(concat!(
        r#"<w:ins w:id="2" w:author="审稿人" w:date="2026-01-05T09:00:00Z"><w:r><w:t>确保</w:t></w:r></w:ins>"#,
        r#"<w:r><w:t xml:space="preserve">按</w:t></w:r><w:commentRangeEnd w:id="0"/>"#,
    )));
    assert!(document.contains(concat!(
        r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">修订</w:t></w:r>"#,
        r#"<w:commentRangeStart w:id="1"/><w:r><w:t xml:space="preserve">考勤</w:t></w:r>"#,
    )));
    assert!(document.contains(concat!(
        r#"<w:ins w:id="3" w:author="审稿人" w:date="2026-01-05T09:00:00Z"><w:r><w:t xml:space="preserve">各</w:t></w:r>"#,
        r#"<w:commentRangeStart w:id="2"/><w:r><w:t xml:space="preserve">科室</w:t></w:r>"#,
        r#"<w:commentRangeEnd w:id="2"/><w:r><w:commentReference w:id="2"/></w:r>"#,
        r#"<w:r><w:t xml:space="preserve">配合，</w:t></w:r></w:ins>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn tabs_and_breaks_are_run_children_a_boundary_can_fall_beside() {
    let package = DocxBuilder::new()
        .runs(&[Run::plain("甲"), Run::Tab, Run::plain("乙")])
        .raw("<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>丙</w:t><w:br/><w:t>丁</w:t></w:r></w:p>")
        .build();
    let (output, docx, comments) = annotated(&package, |docx| {
        assert_eq!(docx.paragraphs[1].text, "丙\n丁");
        vec![
            comment(0, Some(find(docx, 0, "\t")), "制表符"),
            comment(1, Some(find(docx, 1, "\n")), "换行"),
        ]
    });
    let document = document(&output);
    assert!(document.contains(concat!(
        r#"<w:r><w:t>甲</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:tab/></w:r>"#,
        r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t>乙</w:t>"#,
    )));
    assert!(document.contains(concat!(
        r#"<w:r><w:rPr><w:i/></w:rPr><w:t>丙</w:t></w:r><w:commentRangeStart w:id="1"/>"#,
        r#"<w:r><w:rPr><w:i/></w:rPr><w:br/></w:r><w:commentRangeEnd w:id="1"/>"#,
        r#"<w:r><w:commentReference w:id="1"/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>丁</w:t></w:r>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn every_other_entry_is_copied_unchanged_and_the_comments_part_is_declared() {
    let package = fixture::mixed_numbering();
    let (output, docx, comments) = annotated(&package, |docx| {
        vec![comment(5, Some(find(docx, 5, "三、")), "手写编号")]
    });
    let mut expected = entries(&package);
    expected.push((
        "word/comments.xml".to_owned(),
        zip::CompressionMethod::Deflated,
    ));
    assert_eq!(entries(&output), expected);
    for name in ["_rels/.rels", "word/styles.xml", "word/numbering.xml"] {
        assert_eq!(part(&output, name), part(&package, name), "{name}");
    }
    assert!(part(&output, "word/_rels/document.xml.rels").unwrap().ends_with(concat!(
        r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#,
        "</Relationships>"
    )));
    assert!(part(&output, "[Content_Types].xml").unwrap().ends_with(concat!(
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#,
        "</Types>"
    )));
    assert_sound(&output, &docx, &comments);
}

#[test]
fn stored_entries_stay_stored() {
    let package = DocxBuilder::new().paragraph("正文").stored().build();
    let (output, _, _) = annotated(&package, |_| vec![comment(0, None, "整段")]);
    let methods: Vec<_> = entries(&output)
        .into_iter()
        .map(|(_, method)| method)
        .collect();
    assert_eq!(
        methods,
        [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ]
    );
}

#[test]
fn existing_comments_are_kept_and_new_ids_come_after_them() {
    let existing = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="审稿人"><w:p><w:r><w:t>旧批注</w:t></w:r></w:p></w:comment></w:comments>"#;
    let package = DocxBuilder::new()
        .raw(r#"<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>原有</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="9"/></w:r></w:p>"#)
        .part("word/comments.xml", existing.as_bytes())
        .build();
    let (output, docx, comments) = annotated(&package, |_| vec![comment(0, Some(0..3), "新批注")]);
    let comments_xml = part(&output, "word/comments.xml").unwrap();
    assert!(comments_xml.contains(
        r#"<w:t>旧批注</w:t></w:r></w:p></w:comment><w:comment w:id="10" w:author="zjlint""#
    ));
    assert!(document(&output).contains(
        r#"<w:commentRangeStart w:id="10"/><w:r><w:t xml:space="preserve">原</w:t></w:r>"#
    ));
    assert_eq!(
        entries(&output).last().map(|(name, _)| name.as_str()),
        Some("word/comments.xml")
    );
    assert_sound(&output, &docx, &comments);
}

#[test]
fn positions_that_do_not_fit_the_document_are_errors() {
    let package = DocxBuilder::new().paragraph("甲乙").build();
    let (docx, document_xml) = read_with_document_xml(&package).unwrap();
    let refused = |comment: Comment| {
        let error = annotate(&package, &document_xml, &docx, &[comment]).unwrap_err();
        assert!(matches!(error, DocxError::Placement(_)), "{error:?}");
        error.to_string()
    };
    assert_eq!(
        refused(comment(3, None, "")),
        "第 4 段不存在（文档共 1 段）"
    );
    assert_eq!(
        refused(comment(0, Some(1..3), "")),
        "第 1 段没有第 1 字节处的文字（段落文字共 6 字节）"
    );
    assert_eq!(
        refused(comment(0, Some(3..9), "")),
        "第 1 段没有第 9 字节处的文字（段落文字共 6 字节）"
    );
    let mut shifted = docx.clone();
    shifted.paragraphs[0].pieces[0].run = 5..document_xml.len() + 10;
    let error = annotate(
        &package,
        &document_xml,
        &shifted,
        &[comment(0, Some(0..3), "")],
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "第 1 段的位置信息与 document.xml 不符：片段位置越界"
    );
    let other = DocxBuilder::new().paragraph("丙丁").build();
    let error = annotate(&other, &document_xml, &docx, &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "给出的 word/document.xml 与文件里的不同：批注位置须取自同一文件"
    );
    let error = annotate(b"PK\x03\x04 not a zip", &document_xml, &docx, &[]).unwrap_err();
    assert!(matches!(error, DocxError::Archive(_)), "{error:?}");
}

#[test]
fn comment_dates_are_now_in_utc() {
    let package = DocxBuilder::new().paragraph("甲").build();
    let (docx, document_xml) = read_with_document_xml(&package).unwrap();
    let output = annotate(&package, &document_xml, &docx, &[comment(0, None, "x")]).unwrap();
    let comments_xml = part(&output, "word/comments.xml").unwrap();
    let date = comments_xml
        .split(r#"w:date=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let year: u32 = date[..4].parse().unwrap();
    assert!(year >= 2025, "{date}");
    assert_eq!(date.len(), "2026-01-05T09:00:00Z".len(), "{date}");
    assert!(date.ends_with('Z') && date.as_bytes()[10] == b'T', "{date}");
}

/// Entities, character references, CDATA, tabs, breaks, bold runs, tracked changes, a table
/// and an empty paragraph.
fn every_kind_of_piece() -> Vec<u8> {
    DocxBuilder::new()
        .runs(&[
            Run::plain("A&B "),
            Run::bold("<粗体>"),
            Run::Tab,
            Run::plain("尾"),
            Run::Break,
        ])
        .raw("<w:p><w:r><w:t>&#x4E00;<![CDATA[&二]]>\r\n三</w:t><w:br/><w:t>四</w:t></w:r></w:p>")
        .paragraph("")
        .runs(&[Run::plain("甲"), Run::deleted("乙"), Run::inserted("丙丁")])
        .table(&[&["格一", "格 二"], &["", "格四"]])
        .paragraph("末段")
        .build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any set of ranges on a document with every kind of piece either fails cleanly or gives
    /// a sound package.
    #[test]
    fn any_ranges_give_a_sound_package_or_an_error(
        picks in prop::collection::vec((0usize..10, 0usize..60, 0usize..60, 0u8..8), 0..8)
    ) {
        let package = every_kind_of_piece();
        let (docx, document_xml) = read_with_document_xml(&package).unwrap();
        // Mostly ranges on character boundaries of the paragraph's text; some whole
        // paragraphs; some raw numbers, which may fall anywhere.
        let comments: Vec<Comment> = picks
            .iter()
            .map(|&(paragraph, a, b, mode)| {
                let text = docx.paragraphs.get(paragraph).map_or("", |p| p.text.as_str());
                let snap = |at: usize| {
                    (0..=at % (text.len() + 1))
                        .rev()
                        .find(|&at| text.is_char_boundary(at))
                        .unwrap_or(0)
                };
                let range = match mode {
                    0 => None,
                    1 => Some(a.min(b)..a.max(b)),
                    _ => Some(snap(a).min(snap(b))..snap(a).max(snap(b))),
                };
                comment(paragraph, range, "检查")
            })
            .collect();
        let fits = |c: &Comment| {
            docx.paragraphs.get(c.paragraph).is_some_and(|p| {
                c.range.as_ref().is_none_or(|r| {
                    r.end <= p.text.len()
                        && p.text.is_char_boundary(r.start)
                        && p.text.is_char_boundary(r.end)
                })
            })
        };
        match annotate_dated(&package, &document_xml, &docx, &comments, DATE) {
            Ok(output) => {
                prop_assert!(comments.iter().all(fits), "accepted {:?}", comments);
                assert_sound(&output, &docx, &comments);
            }
            Err(error) => {
                prop_assert!(!comments.iter().all(fits), "refused {:?}: {}", comments, error);
            }
        }
    }
}

use support::soffice;

/// The three fixtures, annotated with comments inside runs and on whole paragraphs.
fn annotated_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let (skipping, _, _) = annotated(&fixture::skipping_numbering(), |docx| {
        vec![
            comment(5, None, "编号不连续：此处应为“三、”，前一个是“二、”\nZJ101"),
            comment(
                2,
                Some(find(docx, 2, "档案数字化")),
                "示例批注：范围在一段之内",
            ),
        ]
    });
    let (mixed, _, _) = annotated(&fixture::mixed_numbering(), |docx| {
        vec![comment(
            5,
            Some(find(docx, 5, "三、")),
            "手写编号与自动编号混用",
        )]
    });
    let (table, _, _) = annotated(&fixture::table_and_tracked_changes(), |docx| {
        vec![
            comment(6, Some(find(docx, 6, "考勤")), "表格内的批注"),
            comment(11, Some(find(docx, 11, "科室")), "修订内的批注"),
        ]
    });
    let (pieces, _, _) = annotated(&every_kind_of_piece(), comments_everywhere);
    vec![
        ("skipping", skipping),
        ("mixed", mixed),
        ("table", table),
        ("pieces", pieces),
    ]
}

#[test]
fn libreoffice_converts_the_annotated_copies_to_pdf_and_keeps_the_comments() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in annotated_fixtures() {
        let input = dir.path().join(format!("{name}.docx"));
        std::fs::write(&input, &bytes).unwrap();
        let Some(run) = soffice(&input, "pdf", dir.path()) else {
            return;
        };
        assert_eq!(run.code(), Some(0), "{name}: {}{}", run.stdout, run.stderr);
        let pdf = std::fs::read(dir.path().join(format!("{name}.pdf"))).expect("pdf written");
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 1000, "{name}");

        // LibreOffice's own format shows whether it read the comments as comments.
        let run = soffice(&input, "odt", dir.path()).expect("soffice ran before");
        assert_eq!(run.code(), Some(0), "{name}: {}{}", run.stdout, run.stderr);
        let odt = std::fs::read(dir.path().join(format!("{name}.odt"))).unwrap();
        let content = part(&odt, "content.xml").expect("content.xml");
        let comments_xml = part(&bytes, "word/comments.xml").unwrap();
        let count = comments_xml.matches("<w:comment ").count();
        assert_eq!(
            content.matches("<office:annotation ").count()
                + content.matches("<office:annotation>").count(),
            count,
            "{name}: {content}"
        );
        assert_eq!(
            content.matches("<dc:creator>zjlint</dc:creator>").count(),
            count
        );
        assert_eq!(
            content.matches("<office:annotation-end ").count(),
            count,
            "{name}"
        );
    }
}

#[test]
fn a_split_inside_cdata_closes_and_reopens_the_section() {
    let package = DocxBuilder::new()
        .raw("<w:p><w:r><w:t>甲<![CDATA[a<b]]>乙</w:t></w:r></w:p>")
        .build();
    let (output, docx, comments) = annotated(&package, |docx| {
        assert_eq!(docx.paragraphs[0].text, "甲a<b乙");
        vec![comment(0, Some(find(docx, 0, "<b乙")), "CDATA")]
    });
    assert!(document(&output).contains(concat!(
        r#"<w:t xml:space="preserve">甲<![CDATA[a]]></w:t></w:r><w:commentRangeStart w:id="0"/>"#,
        r#"<w:r><w:t xml:space="preserve"><![CDATA[<b]]>乙</w:t></w:r><w:commentRangeEnd w:id="0"/>"#,
    )));
    assert_sound(&output, &docx, &comments);
}

/// The .docx files of the shared corpus, when this checkout sits next to it.
fn shared_corpus() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<_> = ["docx", "dev/docx"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir)).ok())
        .flat_map(|entries| entries.flatten().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "docx")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("SKIPPED: ../shared/corpus not found\n"),
        );
    }
    files
}

/// Comments everywhere in `docx`: on the middle third of every paragraph with text, on its
/// first character, and on every third paragraph whole.
fn comments_everywhere(docx: &Docx) -> Vec<Comment> {
    let mut comments = Vec::new();
    for (index, paragraph) in docx.paragraphs.iter().enumerate() {
        let boundaries: Vec<usize> = paragraph
            .text
            .char_indices()
            .map(|(at, _)| at)
            .chain([paragraph.text.len()])
            .collect();
        let chars = boundaries.len() - 1;
        if chars > 0 {
            let middle = boundaries[chars / 3]..boundaries[(2 * chars).div_ceil(3)];
            comments.push(comment(index, Some(middle), &format!("第{index}段中间")));
            comments.push(comment(index, Some(0..boundaries[1]), "首字"));
        }
        if index % 3 == 0 {
            comments.push(comment(index, None, "整段 & <批注>"));
        }
    }
    comments
}

#[test]
fn real_word_files_take_comments_everywhere() {
    for file in shared_corpus() {
        let package = std::fs::read(&file).unwrap();
        let (output, docx, comments) = annotated(&package, comments_everywhere);
        assert!(comments.len() > 10, "{}", file.display());
        assert_sound(&output, &docx, &comments);
        let original = entries(&package);
        let copied = entries(&output);
        assert_eq!(copied[..original.len()], original[..], "{}", file.display());
    }
}
