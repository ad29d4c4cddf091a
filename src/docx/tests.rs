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
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    // Word finds numbering.xml and styles.xml through the document's relationships.
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let fixed: [(&str, &[u8]); 3] = [
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/_rels/document.xml.rels", document_rels.as_bytes()),
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
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("SKIPPED: ../shared/corpus not found\n"),
        );
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
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("SKIPPED: python3 or ../shared/tools/score.py not usable\n"),
            );
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
                // score.py adds the text of the paragraphs inside; this paragraph's own text
                // must be there, in order.
                let mut rest = text.chars();
                assert!(
                    paragraph.text.chars().all(|c| rest.any(|r| r == c)),
                    "{name} paragraph {}",
                    index + 1
                );
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

/// Each file's list labels as LibreOffice writes them into a text export (a numbered paragraph
/// is indented by four spaces per level, then its label and a space), bullets left out; `None`
/// when LibreOffice is not installed. A line that is a paragraph's own text (which may begin
/// with spaces) is no label.
fn libreoffice_labels(files: &[PathBuf]) -> Option<Vec<Vec<String>>> {
    let out = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        out.path().display()
    );
    let status = std::process::Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(out.path())
        .args(files)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    if !status.is_ok_and(|status| status.success()) {
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("SKIPPED: LibreOffice (soffice) not usable\n"),
        );
        return None;
    }
    let labels = files
        .iter()
        .map(|file| {
            let text_file = out
                .path()
                .join(file.with_extension("txt").file_name().unwrap());
            let text = std::fs::read_to_string(text_file).unwrap();
            let text = text.trim_start_matches('\u{FEFF}');
            let docx = read(&std::fs::read(file).unwrap()).unwrap();
            let own_lines: std::collections::HashSet<&str> = docx
                .paragraphs
                .iter()
                .flat_map(|paragraph| paragraph.text.split('\n'))
                .map(str::trim)
                .collect();
            text.lines()
                .filter(|line| line.starts_with("    ") && !own_lines.contains(line.trim()))
                .filter_map(|line| line.trim_start_matches(' ').split([' ', '\t']).next())
                .filter(|token| {
                    let mut chars = token.chars();
                    let first = chars.next();
                    // A bullet: one symbol, not a number.
                    !(chars.next().is_none() && first.is_some_and(|c| !c.is_alphanumeric()))
                })
                .map(str::to_owned)
                .collect()
        })
        .collect();
    Some(labels)
}

#[test]
fn labels_agree_with_libreoffice_on_the_shared_corpus() {
    let Some(files) = shared_corpus() else {
        return;
    };
    let Some(expected) = libreoffice_labels(&files) else {
        return;
    };
    let mut agreeing = 0;
    for (file, expected) in files.iter().zip(expected) {
        let docx = read(&std::fs::read(file).unwrap()).unwrap();
        let labels: Vec<String> = docx
            .paragraphs
            .iter()
            .filter_map(|paragraph| paragraph.label.clone())
            .collect();
        let name = file.file_name().unwrap().to_string_lossy();
        assert_eq!(labels, expected, "{name}");
        agreeing += labels.len();
        println!("{name}: {} labels agree", labels.len());
    }
    println!("{agreeing} labels agree with LibreOffice");
}

/// A paragraph with optional style and numbering (`num` 0 switches numbering off).
fn paragraph(text: &str, style: Option<&str>, num: Option<(u32, u32)>) -> String {
    let mut properties = String::new();
    if let Some(style) = style {
        properties += &format!(r#"<w:pStyle w:val="{style}"/>"#);
    }
    if let Some((num, level)) = num {
        properties +=
            &format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#);
    }
    format!("<w:p><w:pPr>{properties}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(text: &str, num: u32, level: u32) -> String {
    paragraph(text, None, Some((num, level)))
}

fn plain(text: &str) -> String {
    paragraph(text, None, None)
}

/// A `w:lvl`: level, format, text, start, extra properties.
fn level(index: u32, format: &str, text: &str, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{format}"/>{extra}<w:lvlText w:val="{text}"/></w:lvl>"#
    )
}

fn abstract_num(id: u32, levels: &[String]) -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="{id}">{}</w:abstractNum>"#,
        levels.concat()
    )
}

fn num(id: u32, abstract_id: u32, overrides: &str) -> String {
    format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>"#)
}

fn start_override(level: u32, start: u32) -> String {
    format!(r#"<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>"#)
}

/// A numbered document, what its paragraphs' labels must be, and whether LibreOffice draws the
/// same labels (where it does not, the expectation follows Word).
struct NumberingCase {
    name: &'static str,
    docx: Vec<u8>,
    labels: Vec<Option<&'static str>>,
    libreoffice_agrees: bool,
}

fn numbering_cases() -> Vec<NumberingCase> {
    let chinese_then_decimal = abstract_num(
        0,
        &[
            level(0, "chineseCounting", "%1、", ""),
            level(1, "chineseCounting", "（%2）", ""),
            level(2, "decimal", "%3.", ""),
        ],
    );
    let mut cases = Vec::new();

    // 一、二、 then a heading whose list restarts at 4: the number 三 is skipped.
    let body = [
        numbered("总体情况", 1, 0),
        plain("正文"),
        numbered("主要工作", 1, 0),
        numbered("存在问题", 2, 0),
        numbered("下步打算", 2, 0),
    ]
    .concat();
    let numbering = [
        chinese_then_decimal.clone(),
        num(1, 0, ""),
        num(2, 0, &start_override(0, 4)),
    ]
    .concat();
    cases.push(NumberingCase {
        name: "skips_a_number",
        docx: docx(&body, Some(&numbering), None),
        labels: vec![Some("一、"), None, Some("二、"), Some("四、"), Some("五、")],
        libreoffice_agrees: true,
    });

    // Automatic numbers mixed with typed ones: the typed （三） is text, and the list goes on
    // with the next automatic number regardless.
    let body = [
        numbered("主要工作", 1, 0),
        numbered("学习", 1, 1),
        numbered("调研", 1, 1),
        plain("（三）督导"),
        numbered("总结", 1, 1),
        numbered("下步打算", 1, 0),
        numbered("落实", 1, 1),
    ]
    .concat();
    let numbering = [chinese_then_decimal.clone(), num(1, 0, "")].concat();
    cases.push(NumberingCase {
        name: "automatic_and_typed",
        docx: docx(&body, Some(&numbering), None),
        labels: vec![
            Some("一、"),
            Some("（一）"),
            Some("（二）"),
            None,
            Some("（三）"),
            Some("二、"),
            Some("（一）"),
        ],
        libreoffice_agrees: true,
    });

    // Lists of two w:num sharing one abstract numbering continue each other; a w:num with a
    // start override restarts, and the others then continue from it.
    let body = [
        numbered("a", 1, 0),
        numbered("b", 1, 0),
        plain("plain"),
        numbered("c", 2, 0),
        numbered("d", 2, 0),
        numbered("e", 3, 0),
        numbered("f", 3, 0),
        numbered("g", 1, 0),
        numbered("h", 2, 0),
    ]
    .concat();
    let numbering = [
        abstract_num(0, &[level(0, "decimal", "%1.", "")]),
        num(1, 0, ""),
        num(2, 0, ""),
        num(3, 0, &start_override(0, 1)),
    ]
    .concat();
    cases.push(NumberingCase {
        name: "shared_abstract_and_start_override",
        docx: docx(&body, Some(&numbering), None),
        labels: vec![
            Some("1."),
            Some("2."),
            None,
            Some("3."),
            Some("4."),
            Some("1."),
            Some("2."),
            Some("3."),
            Some("4."),
        ],
        libreoffice_agrees: true,
    });

    // Numbering through paragraph styles: the list from Heading 1, the level from Heading 2
    // (based on Heading 1), switched off by a direct numId 0.
    let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="H1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>"#;
    let body = [
        paragraph("a", Some("H1"), None),
        paragraph("b", Some("H2"), None),
        paragraph("c", Some("H2"), None),
        plain("plain"),
        paragraph("d", Some("H1"), None),
        paragraph("off", Some("H1"), Some((0, 0))),
        paragraph("e", Some("H2"), None),
    ]
    .concat();
    let numbering = [chinese_then_decimal.clone(), num(1, 0, "")].concat();
    cases.push(NumberingCase {
        name: "style_numbering",
        docx: docx(&body, Some(&numbering), Some(styles)),
        labels: vec![
            Some("一、"),
            Some("（一）"),
            Some("（二）"),
            None,
            Some("二、"),
            None,
            Some("（一）"),
        ],
        libreoffice_agrees: true,
    });

    // chineseCountingThousand past ten: 十一, 二十, 一百零一.
    let body: String = (1..=101)
        .map(|n| numbered(&format!("第{n}项"), 1, 0))
        .collect();
    let numbering = [
        abstract_num(0, &[level(0, "chineseCountingThousand", "（%1）", "")]),
        num(1, 0, ""),
    ]
    .concat();
    let mut labels = vec![None; 101];
    for (n, label) in [
        (1, "（一）"),
        (10, "（十）"),
        (11, "（十一）"),
        (20, "（二十）"),
        (21, "（二十一）"),
        (99, "（九十九）"),
        (100, "（一百）"),
        (101, "（一百零一）"),
    ] {
        labels[n - 1] = Some(label);
    }
    cases.push(NumberingCase {
        name: "chinese_counting_thousand",
        docx: docx(&body, Some(&numbering), None),
        labels,
        libreoffice_agrees: true,
    });

    // Formats Word draws that LibreOffice's text export does not: ⑴ ⒈ １ ㊀; legal numbering
    // (isLgl) shows the higher levels in digits; w:lvlRestart 0 never restarts a level; a level
    // used before the one above it shows that one as its start minus one (Word's "0.1").
    let body = [
        numbered("x", 2, 1),
        numbered("a", 2, 0),
        numbered("b", 2, 1),
        numbered("c", 2, 2),
        numbered("d", 2, 0),
        numbered("e", 2, 1),
        numbered("f", 2, 2),
        numbered("paren", 3, 0),
        numbered("stop", 4, 0),
        numbered("full", 5, 0),
        numbered("ideograph", 6, 0),
        numbered("bullet", 7, 0),
        numbered("none", 8, 0),
        numbered("null", 9, 0),
    ]
    .concat();
    let numbering = [
        abstract_num(
            0,
            &[
                level(0, "chineseCounting", "%1、", ""),
                level(1, "decimal", "%1.%2", r#"<w:lvlRestart w:val="0"/>"#),
                level(2, "decimal", "%1.%2.%3", "<w:isLgl/>"),
            ],
        ),
        abstract_num(1, &[level(0, "decimalEnclosedParen", "%1", "")]),
        abstract_num(2, &[level(0, "decimalEnclosedFullstop", "%1", "")]),
        abstract_num(3, &[level(0, "decimalFullWidth", "%1、", "")]),
        abstract_num(4, &[level(0, "ideographEnclosedCircle", "%1", "")]),
        abstract_num(5, &[level(0, "bullet", "\u{F06C}", "")]),
        abstract_num(6, &[level(0, "none", "%1、", "")]),
        r#"<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="" w:null="1"/></w:lvl></w:abstractNum>"#.to_owned(),
        num(2, 0, ""),
        num(3, 1, ""),
        num(4, 2, ""),
        num(5, 3, ""),
        num(6, 4, ""),
        num(7, 5, ""),
        num(8, 6, ""),
        num(9, 7, ""),
    ]
    .concat();
    cases.push(NumberingCase {
        name: "word_only_formats_and_levels",
        docx: docx(&body, Some(&numbering), None),
        labels: vec![
            Some("〇.1"),
            Some("一、"),
            Some("一.2"),
            Some("1.2.1"),
            Some("二、"),
            Some("二.3"),
            Some("2.3.1"),
            Some("⑴"),
            Some("⒈"),
            Some("１、"),
            Some("㊀"),
            None,
            Some("、"),
            None,
        ],
        libreoffice_agrees: false,
    });

    // A numbering style (w:numStyleLink), a full level override, and a format in
    // mc:AlternateContent (Word's custom "001, 002, 003, ..." with a decimal fallback).
    let styles = r#"<w:style w:type="numbering" w:styleId="ListStyle"><w:name w:val="list style"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
    let numbering = format!(
        r#"{}<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ListStyle"/></w:abstractNum><w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>{}{}{}"#,
        abstract_num(0, &[level(0, "upperRoman", "%1.", "")]),
        num(1, 0, ""),
        num(2, 1, ""),
        num(
            3,
            2,
            r#"<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride>"#
        ),
    ) + &num(4, 2, "");
    let body = [
        numbered("linked", 2, 0),
        numbered("linked", 2, 0),
        numbered("overridden", 3, 0),
        numbered("custom", 4, 0),
    ]
    .concat();
    cases.push(NumberingCase {
        name: "style_links_overrides_and_custom_formats",
        docx: docx(&body, Some(&numbering), Some(styles)),
        labels: vec![Some("I."), Some("II."), Some("g)"), Some("008")],
        libreoffice_agrees: true,
    });
    cases
}

#[test]
fn numbering_labels() {
    for case in numbering_cases() {
        let read = read(&case.docx).unwrap();
        let labels: Vec<Option<&str>> =
            read.paragraphs.iter().map(|p| p.label.as_deref()).collect();
        if case.name == "chinese_counting_thousand" {
            for (got, want) in labels.iter().zip(&case.labels) {
                if want.is_some() {
                    assert_eq!(got, want, "{}", case.name);
                }
            }
        } else {
            assert_eq!(labels, case.labels, "{}", case.name);
        }
    }
}

#[test]
fn huge_level_texts_are_cut() {
    let text = "很".repeat(100_000);
    let numbering = [
        abstract_num(0, &[level(0, "decimal", &format!("%1{text}"), "")]),
        num(1, 0, ""),
    ]
    .concat();
    let body = numbered("a", 1, 0).repeat(3);
    let read = read(&docx(&body, Some(&numbering), None)).unwrap();
    for paragraph in &read.paragraphs {
        let label = paragraph.label.as_deref().unwrap();
        // 64 characters of level text: "%1" and 62 of the rest.
        assert_eq!(label.chars().count(), 63, "{label}");
    }
    assert!(read.paragraphs[2]
        .label
        .as_deref()
        .unwrap()
        .starts_with("3很很"));
}

#[test]
fn numbered_text_box_copies_are_not_counted() {
    let numbered_box =
        |text: &str| format!("<w:txbxContent>{}</w:txbxContent>", numbered(text, 1, 0));
    let body = format!(
        r#"{}<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}"#,
        numbered("一", 1, 0),
        numbered_box("框"),
        numbered_box("框"),
        numbered("三", 1, 0),
    );
    let numbering = [
        abstract_num(0, &[level(0, "decimal", "%1.", "")]),
        num(1, 0, ""),
    ]
    .concat();
    let read = read(&docx(&body, Some(&numbering), None)).unwrap();
    let labels: Vec<Option<&str>> = read.paragraphs.iter().map(|p| p.label.as_deref()).collect();
    assert_eq!(labels, [Some("1."), None, Some("2."), None, Some("3.")]);
}

#[test]
fn fixture_labels_agree_with_libreoffice_where_it_follows_word() {
    let cases: Vec<NumberingCase> = numbering_cases()
        .into_iter()
        .filter(|case| case.libreoffice_agrees)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = cases
        .iter()
        .map(|case| {
            let path = dir.path().join(format!("{}.docx", case.name));
            std::fs::write(&path, &case.docx).unwrap();
            path
        })
        .collect();
    let Some(all_labels) = libreoffice_labels(&files) else {
        return;
    };
    for (case, labels) in cases.iter().zip(all_labels) {
        let expected: Vec<&str> = case.labels.iter().flatten().copied().collect();
        if case.name == "chinese_counting_thousand" {
            for n in [1, 10, 11, 20, 21, 99, 100, 101] {
                assert_eq!(
                    labels[n - 1],
                    expected[[1, 10, 11, 20, 21, 99, 100, 101]
                        .iter()
                        .position(|&m| m == n)
                        .unwrap()],
                    "{n}"
                );
            }
        } else {
            assert_eq!(labels, expected, "{}", case.name);
        }
    }
}

/// The message of the error reading `bytes` gives.
fn error_of(bytes: &[u8]) -> String {
    read(bytes).unwrap_err().to_string()
}

/// An OLE compound file (its signature, then `content`).
fn compound_file(content: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend_from_slice(&[0; 504]);
    bytes.extend_from_slice(content);
    bytes
}

#[test]
fn word_97_and_wps_files_are_named() {
    let message = error_of(&compound_file(b"WordDocument"));
    assert!(matches!(
        read(&compound_file(b"")),
        Err(DocxError::NotDocx(_))
    ));
    assert_eq!(
        message,
        "这是 Word 97-2003 格式（.doc）或 WPS 格式（.wps）的文件，不是 .docx；请在 Word 或 WPS 中“另存为” .docx 后再检查"
    );
}

#[test]
fn encrypted_packages_are_named() {
    for stream in ["EncryptionInfo", "EncryptedPackage"] {
        let name: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let message = error_of(&compound_file(&name));
        assert!(
            message.starts_with("这是加密（设置了打开密码或权限保护）的 Word 文件"),
            "{message}"
        );
    }
}

#[test]
fn other_formats_are_named() {
    let cases: [(&[u8], &str); 6] = [
        (b"%PDF-1.7\n", "这是 PDF 文件"),
        (b"{\\rtf1\\ansi", "这是 RTF 格式的文件"),
        (
            b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">",
            "这是网页（HTML）格式的文件",
        ),
        (
            b"\xEF\xBB\xBF  <!DOCTYPE html><html>",
            "这是网页（HTML）格式的文件",
        ),
        (
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related",
            "这是网页（HTML）格式的文件",
        ),
        (
            b"\x93\x17\x00\x42 wrapped by some DLP agent",
            "这不是 zip 格式的 .docx 文件",
        ),
    ];
    for (bytes, start) in cases {
        let message = error_of(bytes);
        assert!(message.starts_with(start), "{message}");
        assert!(message.contains("再检查"), "{message}");
    }
    assert!(error_of(b"").starts_with("这不是 zip 格式的 .docx 文件"));
}

#[test]
fn damaged_archives_and_missing_parts_are_errors() {
    let mut truncated = docx("<w:p/>", None, None);
    truncated.truncate(truncated.len() / 2);
    assert!(error_of(&truncated).starts_with("文件已损坏"));
    let without_document = package(&[("word/styles.xml", b"<w:styles/>")]);
    assert_eq!(
        error_of(&without_document),
        "压缩包里没有 word/document.xml，不是 Word 文档（.docx）；请在 Word 或 WPS 中打开后“另存为” .docx 再检查"
    );
}

#[test]
fn a_document_xml_in_utf16_is_an_xml_error() {
    let utf16: Vec<u8> = document_xml("<w:p/>")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let bytes = package(&[("word/document.xml", &utf16)]);
    assert!(matches!(read(&bytes), Err(DocxError::Xml { .. })));
}

#[test]
fn part_names_are_matched_without_regard_to_case() {
    let document = document_xml("<w:p><w:r><w:t>大小写</w:t></w:r></w:p>");
    let bytes = package(&[("Word/Document.xml", document.as_bytes())]);
    assert_eq!(texts(&read(&bytes).unwrap()), ["大小写"]);
}

/// The XML error reading a document.xml of `xml` gives: (offset, cause).
fn xml_error(xml: &str) -> (u64, String) {
    match read(&package(&[("word/document.xml", xml.as_bytes())])) {
        Err(DocxError::Xml {
            part,
            offset,
            cause,
        }) => {
            assert_eq!(part, "word/document.xml");
            (offset, cause)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_xml_is_an_error_with_its_offset() {
    let xml = document_xml("<w:p><w:r><w:t>未闭合</w:r></w:p>");
    let (offset, _) = xml_error(&xml);
    assert_eq!(offset as usize, xml.find("</w:r>").unwrap());
    let (_, cause) = xml_error(&document_xml("<w:p>"));
    assert!(!cause.is_empty());
    let message = read(&package(&[("word/document.xml", b"<w:document")]))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("word/document.xml 的 XML 有误（第 "),
        "{message}"
    );
}

#[test]
fn dtds_and_entities_are_refused() {
    let xml = r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    let (offset, cause) = xml_error(xml);
    assert_eq!(offset as usize, xml.find("<!DOCTYPE").unwrap());
    assert_eq!(cause, "含有 DTD/实体声明，正常的 Word 文档没有，已拒绝读取");
    let (_, cause) = xml_error(&document_xml("<w:p><w:r><w:t>&b;</w:t></w:r></w:p>"));
    assert_eq!(cause, "未定义的实体或字符引用 &b;");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = MAX_DEPTH;
    let body = format!("{}{}", "<w:sdt>".repeat(depth), "</w:sdt>".repeat(depth));
    let (_, cause) = xml_error(&document_xml(&body));
    assert_eq!(
        cause,
        "元素嵌套超过 1000 层，不像正常的 Word 文档，已拒绝读取"
    );
    // Just below the cap (document, body and the wrapper count too) is read.
    let body = format!(
        "{}{}",
        "<w:sdt>".repeat(depth - 3),
        "</w:sdt>".repeat(depth - 3)
    );
    assert!(read(&docx(&body, None, None)).is_ok());
}

#[test]
fn too_many_entries_are_refused() {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..=MAX_ENTRIES {
        writer.start_file(format!("{index}"), options).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    assert_eq!(
        error_of(&bytes),
        "压缩包内有 10001 个文件，超过上限 10000，不像正常的 .docx，已拒绝读取"
    );
}

#[test]
fn parts_that_inflate_too_far_are_refused() {
    // Zeros compress about a thousand times: 4 MB from a few kilobytes.
    let zeros = vec![b' '; 4 * 1024 * 1024];
    let bytes = package(&[("word/document.xml", &zeros)]);
    assert!(bytes.len() < 64 * 1024, "{}", bytes.len());
    assert_eq!(
        error_of(&bytes),
        "word/document.xml 的压缩比超过 200:1，不像正常的 .docx（可能是“压缩炸弹”），已拒绝读取"
    );
}

/// A raw deflate stream of at least `length` zero bytes: a literal zero, then matches of 258
/// bytes at distance 1, with the fixed Huffman codes (13 bits each).
fn deflated_zeros(length: usize) -> Vec<u8> {
    struct Bits {
        bytes: Vec<u8>,
        used: u32,
    }
    impl Bits {
        /// `count` bits of `value`, least significant first (header fields).
        fn push(&mut self, value: u32, count: u32) {
            for bit in 0..count {
                if self.used.is_multiple_of(8) {
                    self.bytes.push(0);
                }
                let last = self.bytes.last_mut().unwrap();
                *last |= (((value >> bit) & 1) as u8) << (self.used % 8);
                self.used += 1;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            for bit in (0..count).rev() {
                self.push((code >> bit) & 1, 1);
            }
        }
    }
    let mut bits = Bits {
        bytes: Vec::new(),
        used: 0,
    };
    bits.push(1, 1); // last block
    bits.push(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..length.div_ceil(258) {
        bits.code(0b1100_0101, 8); // length 258 (code 285)
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    bits.bytes
}

/// A zip of one deflated entry `name` whose headers claim `claimed_size` bytes inflated, with
/// the general-purpose `flags` (bit 0: encrypted).
fn zip_with_raw_entry(name: &str, deflated: &[u8], claimed_size: u32, flags: u16) -> Vec<u8> {
    let mut bytes = Vec::new();
    let header = |signature: u32, central: bool| {
        let mut header = signature.to_le_bytes().to_vec();
        if central {
            header.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        header.extend_from_slice(&20u16.to_le_bytes()); // needed to extract
        header.extend_from_slice(&flags.to_le_bytes());
        header.extend_from_slice(&8u16.to_le_bytes()); // deflate
        header.extend_from_slice(&[0; 4]); // time, date
        header.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
        header.extend_from_slice(&(deflated.len() as u32).to_le_bytes());
        header.extend_from_slice(&claimed_size.to_le_bytes());
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes()); // extra field
        if central {
            header.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
            header.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            header.extend_from_slice(&0u32.to_le_bytes()); // local header offset
        }
        header.extend_from_slice(name.as_bytes());
        header
    };
    bytes.extend(header(0x0403_4b50, false));
    bytes.extend_from_slice(deflated);
    let directory_start = bytes.len();
    bytes.extend(header(0x0201_4b50, true));
    let directory_size = bytes.len() - directory_start;
    bytes.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    bytes.extend_from_slice(&[0; 4]); // disk numbers
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&(directory_size as u32).to_le_bytes());
    bytes.extend_from_slice(&(directory_start as u32).to_le_bytes());
    bytes.extend_from_slice(&0u16.to_le_bytes());
    bytes
}

#[test]
fn encrypted_zip_entries_are_named() {
    let bytes = zip_with_raw_entry("word/document.xml", &deflated_zeros(10), 10, 1);
    assert_eq!(
        error_of(&bytes),
        "word/document.xml 已加密，无法读取；请在 Word 或 WPS 中“另存为” .docx 后再检查（不设密码）"
    );
}

#[test]
fn a_zip_bomb_is_stopped_at_the_size_limit() {
    let size = MAX_PART_SIZE as usize + 1024;
    let deflated = deflated_zeros(size);
    assert!(deflated.len() < 512 * 1024, "{}", deflated.len());
    let honest = zip_with_raw_entry("word/document.xml", &deflated, size as u32, 0);
    assert_eq!(
        error_of(&honest),
        "word/document.xml 解压后超过 64 MB，不像正常的 .docx（可能是“压缩炸弹”），已拒绝读取"
    );
    // Headers that understate the size are not trusted either: the read ends in an error,
    // whichever limit stops it.
    let lying = zip_with_raw_entry("word/document.xml", &deflated, 100, 0);
    assert!(read(&lying).is_err());
}

#[test]
fn arbitrary_bytes_never_panic() {
    let valid = numbering_cases().swap_remove(1).docx;
    // Every truncation and a flipped byte at many positions of a valid .docx.
    for cut in (0..valid.len()).step_by(7) {
        let _ = read(&valid[..cut]);
        let mut flipped = valid.clone();
        flipped[cut] ^= 0x55;
        let _ = read(&flipped);
    }
}

#[test]
fn offsets_count_a_byte_order_mark() {
    let xml = format!(
        "\u{FEFF}{}",
        document_xml("<w:p><w:r><w:t>标记</w:t></w:r></w:p>")
    );
    let (read, stored) =
        read_with_document_xml(&package(&[("word/document.xml", xml.as_bytes())])).unwrap();
    assert_eq!(stored, xml.as_bytes());
    let PieceKind::Text { raw } = &read.paragraphs[0].pieces[0].kind else {
        panic!("{:?}", read.paragraphs[0].pieces);
    };
    assert_eq!(&stored[raw.clone()], "标记".as_bytes());
}

/// Writes the numbering fixtures and one of every structure the reader knows to
/// fuzz/seeds/docx, the seeds of the `docx` fuzz target:
/// `cargo test --lib docx::tests::write_fuzz_seeds -- --ignored`.
#[test]
#[ignore = "writes fuzz/seeds/docx"]
fn write_fuzz_seeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/docx");
    std::fs::create_dir_all(&dir).unwrap();
    let structures = r#"<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">一、 A &amp; B</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:del w:id="1" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>增</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
    let styles = r#"<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;
    let numbering = [
        abstract_num(0, &[level(0, "chineseCounting", "%1、", "")]),
        num(1, 0, ""),
    ]
    .concat();
    std::fs::write(
        dir.join("structures.docx"),
        docx(structures, Some(&numbering), Some(styles)),
    )
    .unwrap();
    for case in numbering_cases() {
        std::fs::write(dir.join(format!("{}.docx", case.name)), &case.docx).unwrap();
    }
}

#[test]
fn pieces_know_whether_a_field_shows_them() {
    let body = concat!(
        r#"<w:p><w:r><w:t>前</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>"#,
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC </w:instrText></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>目录</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:t>条目</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>后</w:t></w:r></w:p>"#,
    );
    let read = read(&docx(body, None, None)).unwrap();
    let fields: Vec<Vec<(&str, bool)>> = read
        .paragraphs
        .iter()
        .map(|p| {
            p.pieces
                .iter()
                .map(|piece| (&p.text[piece.text.clone()], piece.field))
                .collect()
        })
        .collect();
    // A field that begins in one paragraph shows its result up to its end in another.
    assert_eq!(
        fields,
        [
            vec![("前", false), ("1", true), ("目录", true)],
            vec![("条目", true), ("后", false)],
        ]
    );
}
