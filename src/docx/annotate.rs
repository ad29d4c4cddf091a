//! Writing findings back into a .docx as Word comments.
//!
//! The copy differs from the original in four parts only: `word/document.xml` gets
//! `w:commentRangeStart` / `w:commentRangeEnd` around each finding and a run holding its
//! `w:commentReference`, spliced in at the byte positions the reader recorded (everything else
//! in it is kept byte for byte); `word/comments.xml` gets one `w:comment` per finding (created,
//! or appended to with ids above the ones in use); the document's relationships and the content
//! types declare the comments part when they do not yet. Every other entry is copied as stored.
//!
//! A boundary at the edge of a run goes between runs. A boundary inside a run splits it: the run
//! is closed before the marks and reopened after them with the same start tag and `w:rPr`, so
//! no formatting is lost; inside `w:t` the text element is closed and reopened too, both halves
//! keeping their spaces (`xml:space="preserve"`). Comment ranges may go wherever runs may
//! (`w:hyperlink`, `w:ins`, `w:smartTag`, `w:sdtContent`…), so no container needs changing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Write};
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use quick_xml::events::{BytesStart, Event};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::archive::Package;
use super::xml::{attribute, XmlReader};
use super::{Comment, Docx, DocxError, Paragraph, PieceKind, DOCUMENT_PART};

const AUTHOR: &str = "zjlint";
const INITIALS: &str = "ZJ";
const COMMENTS_PART: &str = "word/comments.xml";
const RELATIONSHIPS_PART: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES_PART: &str = "[Content_Types].xml";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const RELATIONSHIPS_NAMESPACE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships";
const WORDPROCESSINGML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const WORDPROCESSINGML_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const COMMENTS_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_RELATIONSHIP_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";

/// Writes a copy of the .docx `package` with one Word comment per entry of `comments`.
/// `document_xml` and `docx` are what [`super::read_with_document_xml`] gave for `package`:
/// every position in `docx` refers to those bytes. The comments are dated now (UTC).
pub fn annotate(
    package: &[u8],
    document_xml: &[u8],
    docx: &Docx,
    comments: &[Comment],
) -> Result<Vec<u8>, DocxError> {
    annotate_dated(package, document_xml, docx, comments, &utc_now())
}

/// [`annotate`] with the comments dated `date` (`2026-01-05T09:00:00Z`).
pub fn annotate_dated(
    package: &[u8],
    document_xml: &[u8],
    docx: &Docx,
    comments: &[Comment],
    date: &str,
) -> Result<Vec<u8>, DocxError> {
    let mut parts = Package::open(package)?;
    if parts.part(DOCUMENT_PART)?.as_deref() != Some(document_xml) {
        return Err(placement_error(
            "给出的 word/document.xml 与文件里的不同：批注位置须取自同一文件".to_owned(),
        ));
    }
    let namespace = root_namespace(document_xml)?;
    let existing_comments = parts.part(COMMENTS_PART)?;
    let first_id = next_comment_id(existing_comments.as_deref(), document_xml)?;

    let mut replaced: HashMap<&str, Vec<u8>> = HashMap::new();
    replaced.insert(
        DOCUMENT_PART,
        mark_ranges(document_xml, docx, comments, first_id, &namespace.prefix)?,
    );
    // New elements are written with the `w:` prefix; a comments part that binds another one
    // gets the binding on each of them.
    let binding = match &existing_comments {
        Some(xml) if root_prefix(xml, COMMENTS_PART).as_deref() != Some("w") => {
            format!(r#" xmlns:w="{}""#, namespace.uri)
        }
        _ => String::new(),
    };
    let elements: String = comments
        .iter()
        .enumerate()
        .map(|(index, comment)| {
            comment_element(first_id + index as u64, date, &comment.body, &binding)
        })
        .collect();
    let comments_xml = match &existing_comments {
        Some(xml) => append_to_root(xml, COMMENTS_PART, &elements)?,
        None => format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{}">{elements}</w:comments>"#,
            namespace.uri
        )
        .into_bytes(),
    };
    replaced.insert(COMMENTS_PART, comments_xml);
    let relationship_type = if namespace.uri == WORDPROCESSINGML_STRICT {
        COMMENTS_RELATIONSHIP_STRICT
    } else {
        COMMENTS_RELATIONSHIP
    };
    let relationships = match parts.part(RELATIONSHIPS_PART)? {
        Some(xml) => add_comments_relationship(&xml, relationship_type)?,
        None => Some(
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELATIONSHIPS_NAMESPACE}"><Relationship Id="rId1" Type="{relationship_type}" Target="comments.xml"/></Relationships>"#
            )
            .into_bytes(),
        ),
    };
    if let Some(xml) = relationships {
        replaced.insert(RELATIONSHIPS_PART, xml);
    }
    let content_types = parts.part(CONTENT_TYPES_PART)?.ok_or_else(|| {
        DocxError::Archive(
            "压缩包里没有 [Content_Types].xml，不是完整的 .docx；请在 Word 或 WPS 中打开后重新保存"
                .to_owned(),
        )
    })?;
    if let Some(xml) = add_comments_override(&content_types)? {
        replaced.insert(CONTENT_TYPES_PART, xml);
    }
    rewrite_package(package, replaced)
}

/// The WordprocessingML namespace the document uses (Transitional or Strict) and the prefix
/// its root element binds to it (`w` as Word writes it; `ns0` from some XML libraries).
struct RootNamespace {
    uri: &'static str,
    prefix: String,
}

fn root_namespace(document_xml: &[u8]) -> Result<RootNamespace, DocxError> {
    let mut reader = XmlReader::new(document_xml, DOCUMENT_PART);
    while let Some(item) = reader.next()? {
        if let Event::Start(element) | Event::Empty(element) = item.event {
            let bound = element.attributes().flatten().find_map(|attribute| {
                let prefix = attribute.key.as_ref().strip_prefix("xmlns:")?;
                let uri = [WORDPROCESSINGML, WORDPROCESSINGML_STRICT]
                    .into_iter()
                    .find(|&uri| attribute.value.as_ref() == uri)?;
                Some(RootNamespace {
                    uri,
                    prefix: prefix.to_owned(),
                })
            });
            return bound.ok_or_else(|| {
                placement_error(
                    "word/document.xml 的根元素没有为 WordprocessingML 声明命名空间前缀，无法写入批注"
                        .to_owned(),
                )
            });
        }
    }
    Err(placement_error("word/document.xml 没有根元素".to_owned()))
}

/// One above the largest comment id in use in comments.xml or document.xml (0 when none is).
fn next_comment_id(comments_xml: Option<&[u8]>, document_xml: &[u8]) -> Result<u64, DocxError> {
    let mut largest: Option<u64> = None;
    let parts = [
        (comments_xml, COMMENTS_PART),
        (Some(document_xml), DOCUMENT_PART),
    ];
    for (xml, part) in parts {
        let Some(xml) = xml else { continue };
        let mut reader = XmlReader::new(xml, part);
        while let Some(item) = reader.next()? {
            if let Event::Start(element) | Event::Empty(element) = &item.event {
                if element.local_name().as_ref().starts_with("comment") {
                    if let Some(id) = attribute(element, "id").and_then(|id| id.parse().ok()) {
                        largest = largest.max(Some(id));
                    }
                }
            }
        }
    }
    match largest {
        None => Ok(0),
        // Word reads comment ids as 32-bit integers.
        Some(id) if id < i32::MAX as u64 / 2 => Ok(id + 1),
        Some(id) => Err(placement_error(format!(
            "已有批注编号 {id} 过大，无法再添加批注"
        ))),
    }
}

fn placement_error(cause: String) -> DocxError {
    DocxError::Placement(cause)
}

/// Where a comment boundary goes in document.xml, and what must be done there.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spot {
    /// Outside runs (the paragraph's content edges, or run edges): marks go in as they are.
    Between,
    /// An empty `<w:p/>` ending at `end`, rewritten as `<w:p>` marks `</w:p>`.
    EmptyParagraph { end: usize },
    /// Between two children of a run, or inside its `w:t` text (`text_tag` is then that
    /// element's start tag, `in_cdata` whether the position is inside a CDATA section).
    InRun {
        run_tag: Range<usize>,
        properties: Option<Range<usize>>,
        text_tag: Option<Range<usize>>,
        in_cdata: bool,
    },
}

/// One comment placed: its id and the positions of its two ends in document.xml.
struct Placed {
    id: u64,
    start: usize,
    end: usize,
}

/// The marks to insert at one position.
struct Site {
    spot: Spot,
    starts: Vec<usize>,
    ends: Vec<usize>,
}

/// document.xml with the comment ranges and references of `comments` (ids from `first_id`),
/// written with the document's WordprocessingML `prefix`.
fn mark_ranges(
    document_xml: &[u8],
    docx: &Docx,
    comments: &[Comment],
    first_id: u64,
    prefix: &str,
) -> Result<Vec<u8>, DocxError> {
    let mut sites: BTreeMap<usize, Site> = BTreeMap::new();
    let mut placed = Vec::with_capacity(comments.len());
    let mut layouts: HashMap<usize, Vec<RunText>> = HashMap::new();
    for (index, comment) in comments.iter().enumerate() {
        let paragraph = docx.paragraphs.get(comment.paragraph).ok_or_else(|| {
            placement_error(format!(
                "第 {} 段不存在（文档共 {} 段）",
                comment.paragraph.saturating_add(1),
                docx.paragraphs.len()
            ))
        })?;
        let range = comment
            .range
            .clone()
            .and_then(|range| widen_empty(&paragraph.text, range));
        let ((start, start_spot), (end, end_spot)) = match range {
            None => whole_paragraph(document_xml, paragraph)?,
            Some(range) => {
                let runs = match layouts.entry(comment.paragraph) {
                    std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                    std::collections::hash_map::Entry::Vacant(entry) => {
                        entry.insert(run_texts(document_xml, paragraph, comment.paragraph)?)
                    }
                };
                let here = Locator {
                    document_xml,
                    paragraph,
                    number: comment.paragraph,
                    runs,
                };
                (
                    here.locate(range.start, false)?,
                    here.locate(range.end, true)?,
                )
            }
        };
        if start > end {
            return Err(placement_error(format!(
                "第 {} 段批注的起点在终点之后",
                comment.paragraph.saturating_add(1)
            )));
        }
        for (at, spot, is_start) in [(start, start_spot, true), (end, end_spot, false)] {
            let site = sites.entry(at).or_insert_with(|| Site {
                spot: spot.clone(),
                starts: Vec::new(),
                ends: Vec::new(),
            });
            if site.spot != spot {
                return Err(placement_error(format!(
                    "第 {} 段批注的位置与 document.xml 的结构不符（第 {at} 字节）",
                    comment.paragraph.saturating_add(1)
                )));
            }
            if is_start {
                site.starts.push(index);
            } else {
                site.ends.push(index);
            }
        }
        placed.push(Placed {
            id: first_id + index as u64,
            start,
            end,
        });
    }

    let mut edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    let mut preserved: HashSet<usize> = HashSet::new();
    for (&at, site) in &sites {
        let marks = site_marks(at, site, &placed, prefix);
        match &site.spot {
            Spot::Between => edits.push((at..at, marks)),
            Spot::EmptyParagraph { end } => {
                let element = document_xml.get(at..*end).unwrap_or_default();
                let open = element
                    .strip_suffix(b"/>")
                    .unwrap_or(element)
                    .trim_ascii_end();
                let name = tag_name(element);
                let mut expanded = open.to_vec();
                expanded.push(b'>');
                expanded.extend_from_slice(&marks);
                expanded.extend_from_slice(&[b"</", name, b">"].concat());
                edits.push((at..*end, expanded));
            }
            Spot::InRun {
                run_tag,
                properties,
                text_tag,
                in_cdata,
            } => {
                let run_open = document_xml.get(run_tag.clone()).unwrap_or_default();
                let mut split = Vec::new();
                if *in_cdata {
                    split.extend_from_slice(b"]]>");
                }
                if let Some(text_tag) = text_tag {
                    let text_open = document_xml.get(text_tag.clone()).unwrap_or_default();
                    split.extend_from_slice(&[b"</", tag_name(text_open), b">"].concat());
                    if !contains(text_open, b"xml:space") && preserved.insert(text_tag.end) {
                        let before_close = text_tag.end.saturating_sub(1);
                        edits.push((
                            before_close..before_close,
                            br#" xml:space="preserve""#.to_vec(),
                        ));
                    }
                }
                split.extend_from_slice(&[b"</", tag_name(run_open), b">"].concat());
                split.extend_from_slice(&marks);
                split.extend_from_slice(run_open);
                if let Some(properties) = properties {
                    split.extend_from_slice(
                        document_xml.get(properties.clone()).unwrap_or_default(),
                    );
                }
                if let Some(text_tag) = text_tag {
                    let text_open = document_xml.get(text_tag.clone()).unwrap_or_default();
                    split.extend_from_slice(
                        &[b"<", tag_name(text_open), br#" xml:space="preserve">"#].concat(),
                    );
                }
                if *in_cdata {
                    split.extend_from_slice(b"<![CDATA[");
                }
                edits.push((at..at, split));
            }
        }
    }
    apply_edits(document_xml, edits)
}

/// An empty range cannot be seen in Word: it covers the character at its position instead
/// (or the one before, at the end of the paragraph); `None` (the whole paragraph) for an empty
/// paragraph.
fn widen_empty(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    if range.start != range.end {
        return Some(range);
    }
    let at = range.start;
    if let Some(next) = text.get(at..).and_then(|rest| rest.chars().next()) {
        return Some(at..at + next.len_utf8());
    }
    if let Some(previous) = text.get(..at).and_then(|before| before.chars().next_back()) {
        return Some(at - previous.len_utf8()..at);
    }
    if at <= text.len() && text.is_empty() {
        None
    } else {
        // Not on a character boundary: left for `locate` to refuse.
        Some(range)
    }
}

type Boundary = (usize, Spot);

/// The ends of a comment on the whole paragraph: its content's start and end.
fn whole_paragraph(
    document_xml: &[u8],
    paragraph: &Paragraph,
) -> Result<(Boundary, Boundary), DocxError> {
    let (start, end) = (paragraph.content_start, paragraph.content_end);
    let at_start = document_xml.get(start..).unwrap_or_default();
    if start == end && at_start.first() == Some(&b'<') && at_start.get(1) != Some(&b'/') {
        let element_end = tag_end(document_xml, start)
            .filter(|&tag_end| document_xml.get(tag_end.saturating_sub(2)..tag_end) == Some(b"/>"))
            .ok_or_else(|| placement_error(format!("第 {start} 字节处不是空段落 <w:p/>")))?;
        let spot = Spot::EmptyParagraph { end: element_end };
        return Ok(((start, spot.clone()), (start, spot)));
    }
    if start > end || end > document_xml.len() {
        return Err(placement_error(format!(
            "段落内容的位置 {start}..{end} 超出了 document.xml"
        )));
    }
    Ok(((start, Spot::Between), (end, Spot::Between)))
}

/// The text of one run in a paragraph: consecutive pieces sharing a `w:r`.
struct RunText {
    text: Range<usize>,
    pieces: Range<usize>,
}

/// Groups the pieces of `paragraph` by run, checking that every position in them lies in
/// document.xml and that they are in order.
fn run_texts(
    document_xml: &[u8],
    paragraph: &Paragraph,
    number: usize,
) -> Result<Vec<RunText>, DocxError> {
    let bad = |what: &str| {
        placement_error(format!(
            "第 {} 段的位置信息与 document.xml 不符：{what}",
            number.saturating_add(1)
        ))
    };
    let within = |range: &Range<usize>| range.start <= range.end && range.end <= document_xml.len();
    let mut runs: Vec<RunText> = Vec::new();
    let mut text_end = 0;
    for (index, piece) in paragraph.pieces.iter().enumerate() {
        let element = match &piece.kind {
            PieceKind::Text { raw } => raw,
            PieceKind::Mark { element } => element,
        };
        let properties_inside = piece
            .run_properties
            .as_ref()
            .is_none_or(|properties| within(properties) && contains_range(&piece.run, properties));
        if !within(&piece.run)
            || !within(element)
            || !contains_range(&piece.run, element)
            || !properties_inside
            || document_xml.get(piece.run.start) != Some(&b'<')
        {
            return Err(bad("片段位置越界"));
        }
        if piece.text.start < text_end
            || piece.text.start > piece.text.end
            || paragraph.text.get(piece.text.clone()).is_none()
        {
            return Err(bad("片段顺序有误"));
        }
        text_end = piece.text.end;
        match runs.last_mut() {
            Some(last) if paragraph.pieces[last.pieces.start].run == piece.run => {
                last.text.end = piece.text.end;
                last.pieces.end = index + 1;
            }
            _ => runs.push(RunText {
                text: piece.text.clone(),
                pieces: index..index + 1,
            }),
        }
    }
    Ok(runs)
}

fn contains_range(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Finds where a text offset of one paragraph is in document.xml.
struct Locator<'a> {
    document_xml: &'a [u8],
    paragraph: &'a Paragraph,
    number: usize,
    runs: &'a [RunText],
}

impl Locator<'_> {
    /// Where the comment boundary at byte `offset` of the paragraph's text goes: before the
    /// character at `offset` for a start, after the character before it for an `end`.
    fn locate(&self, offset: usize, end: bool) -> Result<Boundary, DocxError> {
        let outside = || {
            placement_error(format!(
                "第 {} 段没有第 {offset} 字节处的文字（段落文字共 {} 字节）",
                self.number.saturating_add(1),
                self.paragraph.text.len()
            ))
        };
        if !self.paragraph.text.is_char_boundary(offset) {
            return Err(outside());
        }
        // The run holding the character after (start) or before (end) the boundary.
        let covers = |text: &Range<usize>| {
            if end {
                text.start < offset && offset <= text.end
            } else {
                text.start <= offset && offset < text.end
            }
        };
        let past = |text: &Range<usize>| {
            if end {
                text.end < offset
            } else {
                text.end <= offset
            }
        };
        let run = self
            .runs
            .get(self.runs.partition_point(|run| past(&run.text)))
            .filter(|run| covers(&run.text))
            .ok_or_else(outside)?;
        let pieces = &self.paragraph.pieces[run.pieces.clone()];
        let first = &pieces[0];
        if !end && offset == run.text.start {
            return Ok((first.run.start, Spot::Between));
        }
        if end && offset == run.text.end {
            return Ok((first.run.end, Spot::Between));
        }
        let piece = pieces
            .get(pieces.partition_point(|piece| past(&piece.text)))
            .filter(|piece| covers(&piece.text))
            .ok_or_else(outside)?;
        let run_tag =
            first.run.start..tag_end(self.document_xml, first.run.start).ok_or_else(outside)?;
        let in_run = |text_tag: Option<Range<usize>>, in_cdata: bool| Spot::InRun {
            run_tag: run_tag.clone(),
            properties: first.run_properties.clone(),
            text_tag,
            in_cdata,
        };
        let at_edge = if end {
            offset == piece.text.end
        } else {
            offset == piece.text.start
        };
        match &piece.kind {
            PieceKind::Mark { element } if at_edge => {
                let at = if end { element.end } else { element.start };
                Ok((at, in_run(None, false)))
            }
            PieceKind::Mark { .. } => Err(outside()),
            PieceKind::Text { raw } => {
                let text_tag = text_start_tag(self.document_xml, raw.start).ok_or_else(outside)?;
                if at_edge && end {
                    let after_end_tag = tag_end(self.document_xml, raw.end).ok_or_else(outside)?;
                    return Ok((after_end_tag, in_run(None, false)));
                }
                if at_edge {
                    return Ok((text_tag.start, in_run(None, false)));
                }
                let decoded = self
                    .paragraph
                    .text
                    .get(piece.text.clone())
                    .unwrap_or_default();
                let (at, in_cdata) =
                    raw_offset(self.document_xml, raw, decoded, offset - piece.text.start)
                        .ok_or_else(|| {
                            placement_error(format!(
                                "第 {} 段的文字与 document.xml 第 {} 字节处的内容不一致",
                                self.number.saturating_add(1),
                                raw.start
                            ))
                        })?;
                Ok((at, in_run(Some(text_tag), in_cdata)))
            }
        }
    }
}

/// The position in document.xml of byte `target` of `decoded`, the text of the `w:t` content
/// at `raw`: an entity or character reference is one character, a CDATA section's content is
/// literal, a line end `\r\n` or `\r` was read as `\n`. Also whether it is inside CDATA.
/// `None` when the two do not match.
fn raw_offset(
    document_xml: &[u8],
    raw: &Range<usize>,
    decoded: &str,
    target: usize,
) -> Option<(usize, bool)> {
    let content = std::str::from_utf8(document_xml.get(raw.clone())?).ok()?;
    let (mut at, mut done, mut in_cdata) = (0, 0, false);
    while done < target {
        let rest = content.get(at..)?;
        if !in_cdata && rest.starts_with("<![CDATA[") {
            at += "<![CDATA[".len();
            in_cdata = true;
            continue;
        }
        if in_cdata && rest.starts_with("]]>") {
            at += "]]>".len();
            in_cdata = false;
            continue;
        }
        let expected = decoded.get(done..)?.chars().next()?;
        let consumed = if !in_cdata && rest.starts_with('&') {
            let reference = &rest[..=rest.find(';')?];
            let value = quick_xml::escape::unescape(reference).ok()?;
            (value.chars().eq([expected])).then_some(reference.len())?
        } else if expected == '\n' && rest.starts_with("\r\n") {
            2
        } else if expected == '\n' && rest.starts_with('\r') {
            1
        } else {
            let found = rest.chars().next()?;
            (found == expected).then_some(found.len_utf8())?
        };
        at += consumed;
        done += expected.len_utf8();
    }
    (done == target).then_some((raw.start + at, in_cdata))
}

/// The start tag ending just before `content_start` (`<w:t …>`).
pub(super) fn text_start_tag(document_xml: &[u8], content_start: usize) -> Option<Range<usize>> {
    let before = document_xml.get(..content_start)?;
    if before.last() != Some(&b'>') {
        return None;
    }
    // `<` cannot occur inside a tag (not even in attribute values).
    let open = before.iter().rposition(|&byte| byte == b'<')?;
    Some(open..content_start)
}

/// The end (after `>`) of the tag starting at `start`, skipping quoted attribute values.
pub(super) fn tag_end(xml: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (index, &byte) in xml.get(start..)?.iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'>') => return Some(start + index + 1),
            _ => {}
        }
    }
    None
}

/// The qualified name of the tag `tag` (`<w:r w:rsidR="…">` → `w:r`).
fn tag_name(tag: &[u8]) -> &[u8] {
    let name = tag.strip_prefix(b"<").unwrap_or(tag);
    let end = name
        .iter()
        .position(|&byte| byte.is_ascii_whitespace() || byte == b'>' || byte == b'/')
        .unwrap_or(name.len());
    &name[..end]
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The marks at one position: first the ends of comments that began earlier (each followed by
/// its reference), then comments that begin and end here, then the starts of comments that go
/// on. Ends close the latest-begun first and starts open the longest first, so that ranges nest
/// where they can; ties keep the order of the findings.
fn site_marks(at: usize, site: &Site, placed: &[Placed], w: &str) -> Vec<u8> {
    let mut ends: Vec<&Placed> = site
        .ends
        .iter()
        .map(|&index| &placed[index])
        .filter(|comment| comment.start < at)
        .collect();
    ends.sort_by_key(|comment| {
        (
            std::cmp::Reverse(comment.start),
            std::cmp::Reverse(comment.id),
        )
    });
    let points = site
        .starts
        .iter()
        .map(|&index| &placed[index])
        .filter(|comment| comment.end == at);
    let mut starts: Vec<&Placed> = site
        .starts
        .iter()
        .map(|&index| &placed[index])
        .filter(|comment| comment.end > at)
        .collect();
    starts.sort_by_key(|comment| (std::cmp::Reverse(comment.end), comment.id));

    let mut marks = String::new();
    let end_mark = |marks: &mut String, id: u64| {
        marks.push_str(&format!(
            r#"<{w}:commentRangeEnd {w}:id="{id}"/><{w}:r><{w}:commentReference {w}:id="{id}"/></{w}:r>"#
        ));
    };
    for comment in ends {
        end_mark(&mut marks, comment.id);
    }
    for comment in points {
        marks.push_str(&format!(
            r#"<{w}:commentRangeStart {w}:id="{}"/>"#,
            comment.id
        ));
        end_mark(&mut marks, comment.id);
    }
    for comment in starts {
        marks.push_str(&format!(
            r#"<{w}:commentRangeStart {w}:id="{}"/>"#,
            comment.id
        ));
    }
    marks.into_bytes()
}

/// `xml` with each `(range, replacement)` applied; the ranges must not overlap.
pub(super) fn apply_edits(
    xml: &[u8],
    mut edits: Vec<(Range<usize>, Vec<u8>)>,
) -> Result<Vec<u8>, DocxError> {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let added: usize = edits.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut out = Vec::with_capacity(xml.len() + added);
    let mut copied = 0;
    for (range, replacement) in edits {
        let kept = xml
            .get(copied..range.start)
            .filter(|_| range.end <= xml.len())
            .ok_or_else(|| {
                placement_error(format!(
                    "写入 document.xml 的位置重叠或越界（第 {} 字节）",
                    range.start
                ))
            })?;
        out.extend_from_slice(kept);
        out.extend_from_slice(&replacement);
        copied = range.end;
    }
    out.extend_from_slice(xml.get(copied..).unwrap_or_default());
    Ok(out)
}

/// One `w:comment`: the body's lines as paragraphs, the first starting with the comment's
/// mark. `binding` is added to its attributes (a namespace declaration, or nothing).
fn comment_element(id: u64, date: &str, body: &str, binding: &str) -> String {
    let mut element = format!(
        r#"<w:comment{binding} w:id="{id}" w:author="{AUTHOR}" w:date="{date}" w:initials="{INITIALS}">"#
    );
    for (index, line) in body.split('\n').enumerate() {
        element.push_str("<w:p>");
        if index == 0 {
            element.push_str("<w:r><w:annotationRef/></w:r>");
        }
        let line = xml_text(line.trim_end_matches('\r'));
        if !line.is_empty() {
            element.push_str(&format!(
                r#"<w:r><w:t xml:space="preserve">{line}</w:t></w:r>"#
            ));
        }
        element.push_str("</w:p>");
    }
    element.push_str("</w:comment>");
    element
}

/// `text` escaped for XML character data, without the characters XML 1.0 forbids.
pub(super) fn xml_text(text: &str) -> String {
    let allowed = text.chars().filter(|&c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    quick_xml::escape::escape(allowed.collect::<String>()).into_owned()
}

/// The namespace prefix of the root element of `xml`, if it has one.
fn root_prefix(xml: &[u8], part: &'static str) -> Option<String> {
    let mut reader = XmlReader::new(xml, part);
    while let Ok(Some(item)) = reader.next() {
        if let Event::Start(root) | Event::Empty(root) = &item.event {
            return root
                .name()
                .prefix()
                .map(|prefix| prefix.as_ref().to_owned());
        }
    }
    None
}

/// `xml` with `addition` inserted as the last children of its root element.
fn append_to_root(xml: &[u8], part: &'static str, addition: &str) -> Result<Vec<u8>, DocxError> {
    let mut reader = XmlReader::new(xml, part);
    let mut depth = 0usize;
    while let Some(item) = reader.next()? {
        match &item.event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 1 => {
                let at = item.range.start;
                return apply_edits(xml, vec![(at..at, addition.as_bytes().to_vec())]);
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Empty(element) if depth == 0 => {
                let tag = xml.get(item.range.clone()).unwrap_or_default();
                let open = tag.strip_suffix(b"/>").unwrap_or(tag).trim_ascii_end();
                let name = element.name();
                let expanded = [
                    open,
                    b">",
                    addition.as_bytes(),
                    b"</",
                    name.as_ref().as_bytes(),
                    b">",
                ]
                .concat();
                return apply_edits(xml, vec![(item.range.clone(), expanded)]);
            }
            _ => {}
        }
    }
    Err(DocxError::Xml {
        part: part.to_owned(),
        offset: xml.len() as u64,
        cause: "没有根元素".to_owned(),
    })
}

/// The attributes (by local name, values decoded) of every element named `local` in `xml`.
fn elements_named(
    xml: &[u8],
    part: &'static str,
    local: &str,
) -> Result<Vec<HashMap<String, String>>, DocxError> {
    let mut found = Vec::new();
    let mut reader = XmlReader::new(xml, part);
    while let Some(item) = reader.next()? {
        if let Event::Start(element) | Event::Empty(element) = &item.event {
            if element.local_name().as_ref() == local {
                found.push(attributes(element));
            }
        }
    }
    Ok(found)
}

fn attributes(element: &BytesStart) -> HashMap<String, String> {
    element
        .attributes()
        .flatten()
        .filter_map(|attribute| {
            let key = attribute.key.local_name().as_ref().to_owned();
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()?
                .into_owned();
            Some((key, value))
        })
        .collect()
}

/// The document's relationships with one to `comments.xml` added, `None` when there is one.
fn add_comments_relationship(
    xml: &[u8],
    relationship_type: &str,
) -> Result<Option<Vec<u8>>, DocxError> {
    let relationships = elements_named(xml, RELATIONSHIPS_PART, "Relationship")?;
    let is_comments = |relationship: &HashMap<String, String>| {
        relationship
            .get("Type")
            .is_some_and(|kind| kind.ends_with("/comments"))
    };
    if let Some(existing) = relationships
        .iter()
        .find(|relationship| is_comments(relationship))
    {
        let target = existing
            .get("Target")
            .map(String::as_str)
            .unwrap_or_default();
        let target = target.trim_start_matches('/').trim_start_matches("word/");
        if !target.eq_ignore_ascii_case("comments.xml") {
            return Err(placement_error(format!(
                "文档的批注部件是 {target}，不是 comments.xml，暂不支持写入"
            )));
        }
        return Ok(None);
    }
    let ids: HashSet<&str> = relationships
        .iter()
        .filter_map(|relationship| relationship.get("Id").map(String::as_str))
        .collect();
    let id = (1..)
        .map(|number| format!("rId{number}"))
        .find(|id| !ids.contains(id.as_str()))
        .unwrap_or_default();
    let element =
        format!(r#"<Relationship Id="{id}" Type="{relationship_type}" Target="comments.xml"/>"#);
    append_to_root(
        xml,
        RELATIONSHIPS_PART,
        &with_root_prefix(&element, xml, RELATIONSHIPS_PART),
    )
    .map(Some)
}

/// The content types with an `Override` for `/word/comments.xml` added, `None` when there is one.
fn add_comments_override(xml: &[u8]) -> Result<Option<Vec<u8>>, DocxError> {
    let declared = elements_named(xml, CONTENT_TYPES_PART, "Override")?
        .iter()
        .any(|element| {
            element
                .get("PartName")
                .is_some_and(|name| name.eq_ignore_ascii_case("/word/comments.xml"))
        });
    if declared {
        return Ok(None);
    }
    let element = format!(
        r#"<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CONTENT_TYPE}"/>"#
    );
    append_to_root(
        xml,
        CONTENT_TYPES_PART,
        &with_root_prefix(&element, xml, CONTENT_TYPES_PART),
    )
    .map(Some)
}

/// An unprefixed `element` with the prefix of `xml`'s root element, if it has one.
fn with_root_prefix(element: &str, xml: &[u8], part: &'static str) -> String {
    match root_prefix(xml, part) {
        Some(prefix) => element.replacen('<', &format!("<{prefix}:"), 1),
        None => element.to_owned(),
    }
}

/// The package with the parts in `replaced` written anew (added at the end when missing) and
/// every other entry copied as stored.
pub(super) fn rewrite_package(
    package: &[u8],
    mut replaced: HashMap<&str, Vec<u8>>,
) -> Result<Vec<u8>, DocxError> {
    let damaged = |error: zip::result::ZipError| {
        DocxError::Archive(format!(
            "文件已损坏，无法写出修改后的副本（{error}）；请在 Word 或 WPS 中打开后重新保存"
        ))
    };
    let mut archive = ZipArchive::new(Cursor::new(package)).map_err(damaged)?;
    let added: usize = replaced.values().map(Vec::len).sum();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(package.len() + added)));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(damaged)?;
        let name = entry.name().map_err(damaged)?.into_owned();
        let key = replaced
            .keys()
            .find(|part| part.eq_ignore_ascii_case(&name))
            .copied();
        match key.and_then(|key| replaced.remove(key)) {
            Some(content) => {
                let method = match entry.compression() {
                    CompressionMethod::Stored => CompressionMethod::Stored,
                    _ => CompressionMethod::Deflated,
                };
                let options = entry
                    .options()
                    .compression_method(method)
                    .large_file(content.len() as u64 >= u64::from(u32::MAX));
                drop(entry);
                out.start_file(name, options).map_err(damaged)?;
                out.write_all(&content)
                    .map_err(|error| damaged(error.into()))?;
            }
            None => out.raw_copy_file(entry).map_err(damaged)?,
        }
    }
    let mut missing: Vec<(&str, Vec<u8>)> = replaced.into_iter().collect();
    missing.sort();
    for (name, content) in missing {
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        out.start_file(name, options).map_err(damaged)?;
        out.write_all(&content)
            .map_err(|error| damaged(error.into()))?;
    }
    Ok(out.finish().map_err(damaged)?.into_inner())
}

/// Now in UTC as Word dates comments: `2026-01-05T09:00:00Z`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    iso_date(seconds)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (the proleptic Gregorian calendar; days to
/// civil date after Howard Hinnant's algorithm).
fn iso_date(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let second_of_day = seconds % 86_400;
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_in_utc() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(iso_date(1_767_603_600), "2026-01-05T09:00:00Z");
        assert_eq!(iso_date(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn raw_offsets_step_over_references_cdata_and_line_ends() {
        let xml = b"<w:t>a&amp;&#x4E00;<![CDATA[<&]]>\r\nz</w:t>";
        let raw = 5..xml.len() - 6;
        let decoded = "a&\u{4E00}<&\nz";
        let at = |target| raw_offset(xml, &raw, decoded, target);
        assert_eq!(at(0), Some((5, false)));
        assert_eq!(at(1), Some((6, false)));
        assert_eq!(at(2), Some((11, false)));
        // Before the CDATA section, not inside it.
        assert_eq!(at(5), Some((19, false)));
        assert_eq!(at(6), Some((29, true)));
        // At its end, still inside: a split closes it and opens an empty one.
        assert_eq!(at(7), Some((30, true)));
        assert_eq!(at(8), Some((35, false)));
        assert_eq!(at(9), Some((36, false)));
        // Text that is not what the XML holds.
        assert_eq!(raw_offset(xml, &raw, "b", 1), None);
        assert_eq!(raw_offset(xml, &raw, decoded, 99), None);
    }

    #[test]
    fn empty_ranges_cover_a_neighbouring_character() {
        assert_eq!(widen_empty("甲乙", 3..3), Some(3..6));
        assert_eq!(widen_empty("甲乙", 6..6), Some(3..6));
        assert_eq!(widen_empty("", 0..0), None);
        assert_eq!(widen_empty("甲乙", 1..1), Some(1..1));
        assert_eq!(widen_empty("甲乙", 0..3), Some(0..3));
    }

    #[test]
    fn an_existing_comments_relationship_is_kept() {
        let rels = format!(
            r#"<Relationships xmlns="{RELATIONSHIPS_NAMESPACE}"><Relationship Id="rId9" Type="{COMMENTS_RELATIONSHIP}" Target="comments.xml"/></Relationships>"#
        );
        assert_eq!(
            add_comments_relationship(rels.as_bytes(), COMMENTS_RELATIONSHIP).unwrap(),
            None
        );
        let elsewhere = rels.replace("comments.xml", "notes.xml");
        assert_eq!(
            add_comments_relationship(elsewhere.as_bytes(), COMMENTS_RELATIONSHIP)
                .unwrap_err()
                .to_string(),
            "文档的批注部件是 notes.xml，不是 comments.xml，暂不支持写入"
        );
    }

    #[test]
    fn elements_go_into_empty_and_prefixed_roots() {
        let types = br#"<ct:Types xmlns:ct="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
        let added = add_comments_override(types).unwrap().unwrap();
        assert_eq!(
            String::from_utf8(added).unwrap(),
            format!(
                r#"<ct:Types xmlns:ct="http://schemas.openxmlformats.org/package/2006/content-types"><ct:Override PartName="/word/comments.xml" ContentType="{COMMENTS_CONTENT_TYPE}"/></ct:Types>"#
            )
        );
        let declared =
            br#"<Types><Override PartName="/WORD/Comments.xml" ContentType="x"/></Types>"#;
        assert_eq!(add_comments_override(declared).unwrap(), None);
        assert!(matches!(
            append_to_root(b"<a><b>", CONTENT_TYPES_PART, "<c/>"),
            Err(DocxError::Xml { .. })
        ));
    }

    #[test]
    fn comment_text_is_escaped_and_stripped_of_what_xml_forbids() {
        assert_eq!(
            comment_element(3, "D", "a<b>&\u{1}\r\n", ""),
            concat!(
                r#"<w:comment w:id="3" w:author="zjlint" w:date="D" w:initials="ZJ">"#,
                r#"<w:p><w:r><w:annotationRef/></w:r><w:r><w:t xml:space="preserve">a&lt;b&gt;&amp;</w:t></w:r></w:p>"#,
                "<w:p></w:p></w:comment>"
            )
        );
    }

    #[test]
    fn marks_use_the_prefix_the_document_binds() {
        let head = r#"<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p>"#;
        let tail = "</ns0:p></ns0:body></ns0:document>";
        let xml = format!("{head}<ns0:r><ns0:t>甲乙</ns0:t></ns0:r>{tail}");
        let namespace = root_namespace(xml.as_bytes()).unwrap();
        assert_eq!(namespace.prefix, "ns0");
        let (paragraphs, _) = super::super::reader::read_paragraphs(xml.as_bytes()).unwrap();
        let comment = Comment {
            paragraph: 0,
            range: Some(3..6),
            body: String::new(),
        };
        let marked = mark_ranges(
            xml.as_bytes(),
            &Docx { paragraphs },
            &[comment],
            4,
            &namespace.prefix,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(marked).unwrap(),
            [
                head,
                r#"<ns0:r><ns0:t xml:space="preserve">甲</ns0:t></ns0:r><ns0:commentRangeStart ns0:id="4"/>"#,
                r#"<ns0:r><ns0:t xml:space="preserve">乙</ns0:t></ns0:r><ns0:commentRangeEnd ns0:id="4"/>"#,
                r#"<ns0:r><ns0:commentReference ns0:id="4"/></ns0:r>"#,
                tail
            ]
            .concat()
        );
        let unprefixed =
            br#"<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
        assert!(matches!(
            root_namespace(unprefixed),
            Err(DocxError::Placement(_))
        ));
    }
}
