//! Tests of the .docx reader on documents built here, and on the shared corpus when present.

use super::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;

/// A .docx with the given parts besides the ones every package has.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let fixed: [(&str, &[u8]); 2] = [
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
    ];
    for (name, content) in fixed.iter().chain(parts) {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A .docx whose body is `body` (WordprocessingML), with optional numbering and styles parts.
pub(super) fn docx(body: &str, numbering: Option<&str>, styles: Option<&str>) -> Vec<u8> {
    let document = document_xml(body);
    let numbering = numbering.map(|inner| {
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NAMESPACES}>{inner}</w:numbering>"#)
    });
    let styles = styles.map(|inner| {
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NAMESPACES}>{inner}</w:styles>"#)
    });
    let mut parts: Vec<(&str, &[u8])> = vec![("word/document.xml", document.as_bytes())];
    if let Some(numbering) = &numbering {
        parts.push(("word/numbering.xml", numbering.as_bytes()));
    }
    if let Some(styles) = &styles {
        parts.push(("word/styles.xml", styles.as_bytes()));
    }
    package(&parts)
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn texts(docx: &Docx) -> Vec<&str> {
    docx.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn paragraphs_runs_tabs_and_breaks() {
    let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r><w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/><w:t>c</w:t><w:br/><w:cr/></w:r></w:p><w:p/><w:p><w:r><w:t>&#x4E8C;&lt;</w:t></w:r></w:p>"#;
    let read = read(&docx(body, None, None)).unwrap();
    assert_eq!(texts(&read), ["一、A & B\tc\n\n", "", "二<"]);
}

#[test]
fn pieces_point_at_the_xml_they_came_from() {
    let body = r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r><w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/></w:r></w:p><w:p/>"#;
    let (read, xml) = read_with_document_xml(&docx(body, None, None)).unwrap();
    let slice = |range: &Range<usize>| std::str::from_utf8(&xml[range.clone()]).unwrap();
    let first = &read.paragraphs[0];
    assert_eq!(first.text, "一、A & B\t");
    let raws: Vec<(&str, &str, &str, Option<&str>)> = first
        .pieces
        .iter()
        .map(|piece| {
            let source = match &piece.kind {
                PieceKind::Text { raw } => slice(raw),
                PieceKind::Mark { element } => slice(element),
            };
            (
                &first.text[piece.text.clone()],
                source,
                slice(&piece.run),
                piece.run_properties.as_ref().map(slice),
            )
        })
        .collect();
    assert_eq!(
        raws,
        [
            (
                "一、",
                "一、",
                "<w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r>",
                Some("<w:rPr><w:b/></w:rPr>")
            ),
            (
                "A & B",
                "A &amp; B",
                r#"<w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/></w:r>"#,
                None
            ),
            (
                "\t",
                "<w:tab/>",
                r#"<w:r><w:t xml:space="preserve">A &amp; B</w:t><w:tab/></w:r>"#,
                None
            ),
        ]
    );
    assert!(slice(&(first.content_start..first.content_end)).starts_with("<w:r><w:rPr>"));
    assert!(slice(&(first.content_start..first.content_end)).ends_with("</w:r>"));
    assert_eq!(&xml[first.content_end..first.content_end + 6], b"</w:p>");
    let empty = &read.paragraphs[1];
    assert_eq!(empty.content_start, empty.content_end);
    assert_eq!(
        &xml[empty.content_start..empty.content_start + 6],
        b"<w:p/>"
    );
}

#[test]
fn a_paragraph_without_properties_starts_after_its_start_tag() {
    let body = r#"<w:p w:rsidR="1"><w:r><w:t>x</w:t></w:r></w:p>"#;
    let (read, xml) = read_with_document_xml(&docx(body, None, None)).unwrap();
    let paragraph = &read.paragraphs[0];
    assert_eq!(
        &xml[paragraph.content_start..paragraph.content_end],
        b"<w:r><w:t>x</w:t></w:r>"
    );
}

#[test]
fn tables_are_read_cell_by_cell_in_order() {
    let cell = |text: &str| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
    let body = format!(
        "<w:p><w:r><w:t>前</w:t></w:r></w:p><w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r></w:p>",
        cell("甲"),
        cell("乙"),
        cell("丙"),
        cell("丁")
    );
    assert_eq!(
        texts(&read(&docx(&body, None, None)).unwrap()),
        ["前", "甲", "乙", "丙", "丁", "后"]
    );
}

#[test]
fn tracked_insertions_are_kept_and_deletions_dropped() {
    let body = r#"<w:p><w:r><w:t>完成</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>了</w:delText></w:r><w:r><w:t>旧</w:t></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>全部</w:t></w:r></w:ins><w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>任务</w:t></w:r></w:moveTo></w:p>"#;
    assert_eq!(
        texts(&read(&docx(body, None, None)).unwrap()),
        ["完成全部任务"]
    );
}

#[test]
fn field_results_are_text_and_instructions_are_not() {
    let body = r#"<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple><w:r><w:t>页</w:t></w:r><w:hyperlink r:id="x" xmlns:r="urn:r"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"#;
    assert_eq!(
        texts(&read(&docx(body, None, None)).unwrap()),
        ["第39页链接"]
    );
}

#[test]
fn text_boxes_are_their_own_paragraphs_and_fallbacks_are_empty() {
    let text_box = |text: &str| {
        format!(r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"#)
    };
    let body = format!(
        r#"<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>点</w:t></w:r></w:p><w:p><w:r><w:t>下</w:t></w:r></w:p>"#,
        text_box("框内"),
        text_box("框内")
    );
    let (read, xml) = read_with_document_xml(&docx(&body, None, None)).unwrap();
    assert_eq!(texts(&read), ["锚点", "框内", "", "下"]);
    // The anchoring paragraph's second piece is in the run after the text box.
    let last = read.paragraphs[0].pieces.last().unwrap();
    assert_eq!(
        &xml[last.run.clone()],
        b"<w:r><w:t>\xE7\x82\xB9</w:t></w:r>"
    );
    let boxed = &read.paragraphs[1].pieces[0];
    assert_eq!(
        &xml[boxed.run.clone()],
        "<w:r><w:t>框内</w:t></w:r>".as_bytes()
    );
}

#[test]
fn elements_of_other_vocabularies_named_like_word_ones_are_not_text() {
    let body =
        r#"<w:p><w:r><w:t>是</w:t></w:r><w:r xmlns:x="urn:other"><x:t>不是</x:t></w:r></w:p>"#;
    assert_eq!(texts(&read(&docx(body, None, None)).unwrap()), ["是"]);
}

/// The shared corpus, when this checkout sits next to it.
fn shared_corpus() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    for dir in ["docx", "dev/docx"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().extension().is_some_and(|e| e == "docx") {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    if files.is_empty() {
        println!("SKIPPED: ../shared/corpus not found");
        return None;
    }
    Some(files)
}

/// score.py's paragraphs (its `docx_text` loop, one paragraph at a time) and whether each holds
/// another `w:p` (a text box or a fallback copy, whose text score.py repeats), how many tab
/// stops its properties define, and whether it is inside `mc:Fallback` (a copy for old readers).
const SCORE_PARAGRAPHS: &str = r#"
import json, sys, zipfile
import xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
from score import W
with zipfile.ZipFile(sys.argv[2]) as z:
    doc = ET.fromstring(z.read('word/document.xml'))
MC = '{http://schemas.openxmlformats.org/markup-compatibility/2006}'
fallback = {id(p) for f in doc.iter(MC + 'Fallback') for p in f.iter(W + 'p')}
out = []
for p in doc.find(W + 'body').iter(W + 'p'):
    s = ''
    for x in p.iter():
        if x.tag == W + 't':
            s += x.text or ''
        elif x.tag == W + 'tab':
            s += '\t'
        elif x.tag in (W + 'br', W + 'cr'):
            s += '\n'
    tabs = sum(1 for x in p.iter(W + 'tabs') for _ in x.iter(W + 'tab'))
    nested = any(x is not p for x in p.iter(W + 'p'))
    out.append([s, nested, tabs, id(p) in fallback])
print(json.dumps(out))
"#;

#[test]
fn paragraphs_match_the_scoring_script_on_the_shared_corpus() {
    let Some(files) = shared_corpus() else {
        return;
    };
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools");
    for file in files {
        let output = std::process::Command::new("python3")
            .arg("-c")
            .arg(SCORE_PARAGRAPHS)
            .arg(&tools)
            .arg(&file)
            .output();
        let Some(output) = output.ok().filter(|output| output.status.success()) else {
            println!("SKIPPED: python3 or ../shared/tools/score.py not usable");
            return;
        };
        let expected: Vec<(String, bool, usize, bool)> =
            serde_json::from_slice(&output.stdout).unwrap();
        let docx = read(&std::fs::read(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        assert_eq!(docx.paragraphs.len(), expected.len(), "{name}");
        let mut compared = 0;
        for (index, (paragraph, (text, nested, tab_stops, fallback))) in
            docx.paragraphs.iter().zip(&expected).enumerate()
        {
            if *fallback {
                assert_eq!(paragraph.text, "", "{name} paragraph {}", index + 1);
                continue;
            }
            if *nested {
                continue;
            }
            // score.py also counts the tab stops of w:pPr/w:tabs as "\t": they are no text.
            let text = &text[*tab_stops..];
            assert_eq!(&paragraph.text, text, "{name} paragraph {}", index + 1);
            compared += 1;
        }
        println!(
            "{name}: {} paragraphs, {compared} texts compared",
            expected.len()
        );
    }
}
