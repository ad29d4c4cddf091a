//! Minimal .docx packages for tests: a builder writing the six parts Word and LibreOffice need,
//! and the documents the tests of reading, linting and annotating share. Not part of the API.

use std::io::{Cursor, Write};
use std::sync::Arc;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A substitution rule of the tests' own (ZJ996, unsafe fixes), to fix words of their choice:
/// a replacement inside one run or over several, and a deletion.
pub const SUBSTITUTION_RULE: &str = r#"
[[rule]]
code = "ZJ996"
name = "test-substitution"
category = "wording"
severity = "warning"
kind = "substitution"
message = "“{match}”应为“{replacement}”"
help = "改为“{replacement}”"
[rule.replace]
"科学进展观" = "科学发展观"
"效劳" = "服务"
"（此处待删）" = ""
"#;

/// The built-in rules with [`SUBSTITUTION_RULE`] as the only wording rule: the built-in word
/// tables would report the tests' words first.
pub fn substitution_settings() -> crate::Settings {
    let mut catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules load");
    catalogue
        .add_file("test.toml", SUBSTITUTION_RULE)
        .expect("the test rule loads");
    let mut settings = crate::Settings::new(Arc::new(catalogue));
    settings
        .rules
        .retain(|active| active.rule.def.category != "wording" || active.rule.def.code == "ZJ996");
    settings
}

/// One level of an abstract numbering definition (`w:lvl`).
#[derive(Debug, Clone)]
pub struct Level {
    /// `w:numFmt`, e.g. `chineseCounting`, `decimal`, `decimalEnclosedCircle`.
    pub format: String,
    /// `w:lvlText`, e.g. `%1、`, `（%2）`.
    pub text: String,
    /// `w:start`.
    pub start: u32,
}

impl Level {
    pub fn new(format: &str, text: &str, start: u32) -> Self {
        Level {
            format: format.to_owned(),
            text: text.to_owned(),
            start,
        }
    }
}

/// One run of a paragraph built with [`DocxBuilder::runs`].
#[derive(Debug, Clone)]
pub enum Run {
    Plain(String),
    Bold(String),
    /// A tracked insertion (`w:ins`): part of the text.
    Inserted(String),
    /// A tracked deletion (`w:del` with `w:delText`): not part of the text.
    Deleted(String),
    /// A `w:tab`.
    Tab,
    /// A `w:br`.
    Break,
}

impl Run {
    pub fn plain(text: &str) -> Self {
        Run::Plain(text.to_owned())
    }
    pub fn bold(text: &str) -> Self {
        Run::Bold(text.to_owned())
    }
    pub fn inserted(text: &str) -> Self {
        Run::Inserted(text.to_owned())
    }
    pub fn deleted(text: &str) -> Self {
        Run::Deleted(text.to_owned())
    }
}

/// A `w:num`: a list using an abstract numbering, with levels restarted at given numbers.
#[derive(Debug, Clone)]
struct Num {
    id: u32,
    abstract_id: u32,
    /// `(ilvl, startOverride)`.
    start_overrides: Vec<(u32, u32)>,
}

/// Builds a .docx package in memory. Paragraphs and tables are written in the order they are
/// added.
#[derive(Debug, Clone, Default)]
pub struct DocxBuilder {
    body: Vec<String>,
    abstract_nums: Vec<(u32, Vec<Level>)>,
    nums: Vec<Num>,
    /// `(styleId, numId, ilvl)`: paragraph styles that number their paragraphs.
    numbered_styles: Vec<(String, u32, u32)>,
    /// Extra parts, written after the standard ones: `(name, content)`.
    extra_parts: Vec<(String, Vec<u8>)>,
    /// Deflate every part (the default) or store it.
    stored: bool,
    /// Tracked changes written so far (each `w:ins` / `w:del` gets its own `w:id`).
    revisions: u32,
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TRACK_AUTHOR: &str = r#"w:author="审稿人" w:date="2026-01-05T09:00:00Z""#;

impl DocxBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `w:abstractNum` `id` with `levels` (level 0 first).
    pub fn abstract_numbering(mut self, id: u32, levels: Vec<Level>) -> Self {
        self.abstract_nums.push((id, levels));
        self
    }

    /// Adds `w:num` `num_id` using abstract numbering `abstract_id`.
    pub fn num(mut self, num_id: u32, abstract_id: u32) -> Self {
        self.nums.push(Num {
            id: num_id,
            abstract_id,
            start_overrides: Vec::new(),
        });
        self
    }

    /// Adds `w:num` `num_id` using `abstract_id`, level `ilvl` restarting at `start`
    /// (`w:lvlOverride` / `w:startOverride`).
    pub fn num_starting_at(mut self, num_id: u32, abstract_id: u32, ilvl: u32, start: u32) -> Self {
        self.nums.push(Num {
            id: num_id,
            abstract_id,
            start_overrides: vec![(ilvl, start)],
        });
        self
    }

    /// Defines paragraph style `style_id` whose paragraphs are numbered by `num_id` at `ilvl`.
    pub fn numbered_style(mut self, style_id: &str, num_id: u32, ilvl: u32) -> Self {
        self.numbered_styles
            .push((style_id.to_owned(), num_id, ilvl));
        self
    }

    /// A plain paragraph (an empty `text` writes `<w:p/>`).
    pub fn paragraph(self, text: &str) -> Self {
        if text.is_empty() {
            return self.raw("<w:p/>");
        }
        self.runs(&[Run::plain(text)])
    }

    /// A paragraph numbered by `num_id` at level `ilvl`.
    pub fn numbered(self, num_id: u32, ilvl: u32, text: &str) -> Self {
        let properties = format!(
            r#"<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>"#
        );
        self.raw(&paragraph_xml(&properties, text))
    }

    /// A paragraph in style `style_id` (`Heading1`, or one from [`Self::numbered_style`]).
    pub fn styled(self, style_id: &str, text: &str) -> Self {
        let properties = format!(r#"<w:pPr><w:pStyle w:val="{}"/></w:pPr>"#, escape(style_id));
        self.raw(&paragraph_xml(&properties, text))
    }

    /// A paragraph made of `runs`.
    pub fn runs(mut self, runs: &[Run]) -> Self {
        let xml: String = runs.iter().map(|run| self.run_xml(run)).collect();
        self.raw(&format!("<w:p>{xml}</w:p>"))
    }

    /// A table: one `w:tr` per row, one `w:tc` holding one paragraph per cell.
    pub fn table(self, rows: &[&[&str]]) -> Self {
        let columns = rows.iter().map(|row| row.len()).max().unwrap_or(0);
        let mut xml = String::from(
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr><w:tblGrid>"#,
        );
        for _ in 0..columns {
            xml.push_str(r#"<w:gridCol w:w="2000"/>"#);
        }
        xml.push_str("</w:tblGrid>");
        for row in rows {
            xml.push_str("<w:tr>");
            for cell in *row {
                xml.push_str(r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>"#);
                xml.push_str(&paragraph_xml("", cell));
                xml.push_str("</w:tc>");
            }
            xml.push_str("</w:tr>");
        }
        xml.push_str("</w:tbl>");
        self.raw(&xml)
    }

    /// Appends a tracked insertion to the last paragraph (or starts a paragraph).
    pub fn inserted(self, text: &str) -> Self {
        self.append_run(Run::inserted(text))
    }

    /// Appends a tracked deletion to the last paragraph (or starts a paragraph).
    pub fn deleted(self, text: &str) -> Self {
        self.append_run(Run::deleted(text))
    }

    fn append_run(mut self, run: Run) -> Self {
        let xml = self.run_xml(&run);
        match self.body.last_mut() {
            Some(last) if last.ends_with("</w:p>") => {
                last.truncate(last.len() - "</w:p>".len());
                last.push_str(&xml);
                last.push_str("</w:p>");
                self
            }
            _ => self.runs(&[run]),
        }
    }

    /// Body XML written as given (one or more `w:p` / `w:tbl`), for shapes the builder lacks.
    pub fn raw(mut self, xml: &str) -> Self {
        self.body.push(xml.to_owned());
        self
    }

    /// Adds a part (e.g. `word/comments.xml`) after the standard ones. It is not declared in
    /// the content types or relationships: the caller adds what it needs through [`Self::raw`]
    /// or tests precisely that it is missing.
    pub fn part(mut self, name: &str, content: &[u8]) -> Self {
        self.extra_parts.push((name.to_owned(), content.to_vec()));
        self
    }

    /// Stores the parts uncompressed instead of deflating them.
    pub fn stored(mut self) -> Self {
        self.stored = true;
        self
    }

    /// `word/document.xml` as [`Self::build`] writes it.
    pub fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
            self.body.concat()
        )
    }

    /// The .docx package.
    pub fn build(&self) -> Vec<u8> {
        let parts: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
            ("_rels/.rels", PACKAGE_RELS.as_bytes().to_vec()),
            ("word/document.xml", self.document_xml().into_bytes()),
            (
                "word/_rels/document.xml.rels",
                DOCUMENT_RELS.as_bytes().to_vec(),
            ),
            ("word/styles.xml", self.styles_xml().into_bytes()),
            ("word/numbering.xml", self.numbering_xml().into_bytes()),
        ];
        let method = if self.stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let extra = self
            .extra_parts
            .iter()
            .map(|(name, content)| (name.as_str(), content.clone()));
        for (name, content) in parts.into_iter().chain(extra) {
            // Writing to memory cannot fail.
            zip.start_file(name, options).expect("zip entry in memory");
            zip.write_all(&content).expect("zip write in memory");
        }
        zip.finish().expect("zip in memory").into_inner()
    }

    fn run_xml(&mut self, run: &Run) -> String {
        match run {
            Run::Plain(text) => format!("<w:r>{}</w:r>", text_xml("w:t", text)),
            Run::Bold(text) => {
                format!("<w:r><w:rPr><w:b/></w:rPr>{}</w:r>", text_xml("w:t", text))
            }
            Run::Inserted(text) => {
                self.revisions += 1;
                format!(
                    r#"<w:ins w:id="{}" {TRACK_AUTHOR}><w:r>{}</w:r></w:ins>"#,
                    self.revisions,
                    text_xml("w:t", text)
                )
            }
            Run::Deleted(text) => {
                self.revisions += 1;
                format!(
                    r#"<w:del w:id="{}" {TRACK_AUTHOR}><w:r>{}</w:r></w:del>"#,
                    self.revisions,
                    text_xml("w:delText", text)
                )
            }
            Run::Tab => "<w:r><w:tab/></w:r>".to_owned(),
            Run::Break => "<w:r><w:br/></w:r>".to_owned(),
        }
    }

    fn styles_xml(&self) -> String {
        let mut styles = String::new();
        for (style_id, num_id, ilvl) in &self.numbered_styles {
            let id = escape(style_id);
            styles.push_str(&format!(
                r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{id}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#
            ));
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>{styles}</w:styles>"#
        )
    }

    fn numbering_xml(&self) -> String {
        let mut xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">"#
        );
        for (id, levels) in &self.abstract_nums {
            xml.push_str(&format!(
                r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>"#
            ));
            for (ilvl, level) in levels.iter().enumerate() {
                let indent = 420 * (ilvl + 1);
                xml.push_str(&format!(
                    r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{}"/><w:numFmt w:val="{}"/><w:lvlText w:val="{}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="420"/></w:pPr></w:lvl>"#,
                    level.start,
                    escape(&level.format),
                    escape(&level.text)
                ));
            }
            xml.push_str("</w:abstractNum>");
        }
        for num in &self.nums {
            xml.push_str(&format!(
                r#"<w:num w:numId="{}"><w:abstractNumId w:val="{}"/>"#,
                num.id, num.abstract_id
            ));
            for (ilvl, start) in &num.start_overrides {
                xml.push_str(&format!(
                    r#"<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>"#
                ));
            }
            xml.push_str("</w:num>");
        }
        xml.push_str("</w:numbering>");
        xml
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

/// A paragraph with `properties` (a `w:pPr`, or nothing) and one plain run holding `text`.
fn paragraph_xml(properties: &str, text: &str) -> String {
    format!(
        "<w:p>{properties}<w:r>{}</w:r></w:p>",
        text_xml("w:t", text)
    )
}

/// `<w:t>` with `xml:space="preserve"` when Word would otherwise drop edge spaces.
fn text_xml(tag: &str, text: &str) -> String {
    let preserve = if text.starts_with(' ') || text.ends_with(' ') {
        r#" xml:space="preserve""#
    } else {
        ""
    };
    format!("<{tag}{preserve}>{}</{tag}>", escape(text))
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Chinese counting `一、` at level 0 and `（一）` at level 1, numbering 1 continuing.
fn chinese_outline() -> DocxBuilder {
    DocxBuilder::new()
        .abstract_numbering(
            0,
            vec![
                Level::new("chineseCounting", "%1、", 1),
                Level::new("chineseCounting", "（%2）", 1),
            ],
        )
        .num(1, 0)
}

/// Automatic numbering that skips a number: headings `一、` `二、`, then one numbered through a
/// second `w:num` restarting at 4, drawn `四、` (ZJ101 reports the gap, and nothing else).
pub fn skipping_numbering() -> Vec<u8> {
    chinese_outline()
        .num_starting_at(2, 0, 0, 4)
        .paragraph("2026年第一季度工作总结")
        .numbered(1, 0, "工作回顾")
        .paragraph("本季度完成了档案数字化一期工程，录入案卷三千余件。")
        .numbered(1, 0, "存在问题")
        .paragraph("部分科室报送材料不及时，影响了汇总进度。")
        .numbered(2, 0, "下步打算")
        .paragraph("下季度将完成二期工程，并建立按月通报制度。")
        .build()
}

/// Automatic numbers and typed numbers in one outline: `一、` `二、` drawn by Word, then a heading
/// whose `三、` is typed text. As plain text the outline has no finding.
pub fn mixed_numbering() -> Vec<u8> {
    chinese_outline()
        .paragraph("2026年上半年工作总结")
        .numbered(1, 0, "主要工作")
        .paragraph("上半年共组织培训六期，参训人员四百余人次。")
        .numbered(1, 0, "存在不足")
        .paragraph("培训内容与岗位需求结合还不够紧密。")
        .paragraph("三、下步打算")
        .paragraph("下半年将按岗位分类设计课程，年底前完成全员轮训。")
        .build()
}

/// A table (header row and two data rows) and tracked changes: an insertion that is text and a
/// deletion that is not, in the paragraphs around the table.
pub fn table_and_tracked_changes() -> Vec<u8> {
    DocxBuilder::new()
        .paragraph("2026年第二季度工作计划")
        .runs(&[
            Run::plain("本季度重点推进三项工作，"),
            Run::deleted("力争"),
            Run::inserted("确保"),
            Run::plain("按期完成。"),
        ])
        .table(&[
            &["序号", "工作任务", "完成时限"],
            &["1", "修订考勤制度", "4月30日"],
            &["2", "完成年度预算调整", "6月15日"],
        ])
        .paragraph("以上任务由办公室牵头，")
        .inserted("各科室配合，")
        .deleted("另行通知，")
        .build()
}

/// The example in `examples/`: a half-year summary as an office writes it in Word, with
/// automatic headings `一、` `二、` and a third numbered through a list restarting at 4 (so Word
/// draws `四、`), items numbered `（一）` by Word, a table, a tracked change, and a placeholder
/// left from the template.
pub fn example_report() -> Vec<u8> {
    chinese_outline()
        .num_starting_at(2, 0, 0, 4)
        .paragraph("县档案馆2025年上半年工作总结")
        .paragraph("上半年，县档案馆围绕年度目标，扎实推进档案收集、保管和利用工作，现将有关情况报告如下。")
        .numbered(1, 0, "主要工作")
        .numbered(1, 1, "档案数字化")
        .runs(&[
            Run::plain("完成馆藏文书档案数字化"),
            Run::deleted("一万"),
            Run::inserted("1.2万"),
            Run::plain("卷，扫描图像"),
            Run::bold("86万"),
            Run::plain("画幅。"),
        ])
        .numbered(1, 1, "档案利用")
        .paragraph("接待查档群众XX人次，出具证明材料410件。")
        .table(&[
            &["项目", "上半年", "同比"],
            &["数字化（卷）", "12000", "+15%"],
            &["查档（人次）", "3260", "+8%"],
        ])
        .numbered(1, 0, "存在问题")
        .paragraph("库房面积不足，部分档案仍存放在临时库房。")
        .numbered(2, 0, "下半年工作打算")
        .paragraph("下半年将启动新库房建设前期工作，年底前完成馆藏档案数字化二期。")
        .build()
}

/// Marks a paragraph whose number Word draws, in the notation of [`notated`].
pub const AUTOMATIC: &str = "[自动]";

/// A document written as text, one paragraph per line, where a line starting with `[自动]`
/// is numbered by Word: its marker (up to and including the first `、`, `.`, `．` or closing
/// bracket) becomes the paragraph's label. Rule documentation shows .docx examples this way.
pub fn notated(text: &str) -> super::Docx {
    let paragraphs = text
        .lines()
        .map(|line| match line.strip_prefix(AUTOMATIC) {
            Some(rest) => {
                let end = rest
                    .char_indices()
                    .find(|(_, c)| matches!(c, '、' | '.' | '．' | '）' | ')'))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                super::Paragraph {
                    label: Some(rest[..end].to_string()),
                    text: rest[end..].to_string(),
                    ..super::Paragraph::default()
                }
            }
            None => super::Paragraph {
                text: line.to_string(),
                ..super::Paragraph::default()
            },
        })
        .collect();
    super::Docx { paragraphs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(package: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn assert_well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(error) => panic!("{error} at {}: {xml}", reader.error_position()),
            }
        }
    }

    #[test]
    fn writes_the_six_parts_in_order_as_well_formed_xml() {
        let package = skipping_numbering();
        let archive = zip::ZipArchive::new(Cursor::new(&package)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|index| archive.name_for_index(index).unwrap().unwrap().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "word/document.xml",
                "word/_rels/document.xml.rels",
                "word/styles.xml",
                "word/numbering.xml"
            ]
        );
        for name in &names {
            assert_well_formed(&part(&package, name));
        }
    }

    #[test]
    fn skipping_numbering_restarts_its_second_list_at_four() {
        let package = skipping_numbering();
        assert!(part(&package, "word/numbering.xml").contains(
            r#"<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/>"#
        ));
        let document = part(&package, "word/document.xml");
        assert_eq!(document.matches(r#"<w:numId w:val="1"/>"#).count(), 2);
        assert_eq!(document.matches(r#"<w:numId w:val="2"/>"#).count(), 1);
    }

    #[test]
    fn escapes_text_preserves_edge_spaces_and_numbers_revisions() {
        let builder = DocxBuilder::new()
            .runs(&[Run::bold(" A&B <c> ")])
            .inserted("新")
            .deleted("旧")
            .numbered_style("Outline1", 1, 0)
            .styled("Outline1", "标题");
        let document = builder.document_xml();
        assert!(document.contains(
            r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> A&amp;B &lt;c&gt; </w:t></w:r><w:ins w:id="1" "#
        ));
        assert!(document.contains(r#"<w:del w:id="2" "#));
        assert!(document.contains(r#"<w:delText>旧</w:delText></w:r></w:del></w:p>"#));
        assert!(builder.styles_xml().contains(
            r#"w:styleId="Outline1"><w:name w:val="Outline1"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>"#
        ));
        assert_well_formed(&document);
    }

    #[test]
    fn table_and_tracked_changes_has_cells_in_rows_and_appends_tracked_runs() {
        let document = part(&table_and_tracked_changes(), "word/document.xml");
        assert_eq!(document.matches("<w:tr>").count(), 3);
        assert_eq!(document.matches("<w:tc>").count(), 9);
        assert!(document.contains("<w:t>以上任务由办公室牵头，</w:t></w:r><w:ins w:id=\"3\""));
    }

    #[test]
    fn the_reader_sees_the_labels_word_draws() {
        let labels = |package: Vec<u8>| -> Vec<Option<String>> {
            let docx = crate::docx::read(&package).unwrap();
            docx.paragraphs.into_iter().map(|p| p.label).collect()
        };
        let label = |text: &str| Some(text.to_owned());
        assert_eq!(
            labels(skipping_numbering()),
            [
                None,
                label("一、"),
                None,
                label("二、"),
                None,
                label("四、"),
                None
            ]
        );
        assert_eq!(
            labels(mixed_numbering()),
            [None, label("一、"), None, label("二、"), None, None, None]
        );
        let styled = DocxBuilder::new()
            .abstract_numbering(
                3,
                vec![
                    Level::new("decimal", "%1.", 1),
                    Level::new("decimalEnclosedCircle", "%2", 1),
                ],
            )
            .num(7, 3)
            .numbered_style("ListHeading", 7, 1)
            .styled("ListHeading", "甲")
            .styled("ListHeading", "乙")
            .build();
        assert_eq!(labels(styled), [label("①"), label("②")]);
    }
}
