//! Applying findings' fixes to a .docx, inside its runs, without touching formatting.
//!
//! ```text
//! pub fn fix_docx(bytes: &[u8], name: &str, settings: &Settings, level: FixLevel)
//!     -> Result<DocxFixed, InputError>
//! ```
//!
//! [`fix_docx`] lints the document as `zjlint check` does (the rules read the paragraphs after
//! their numbering labels, see [`crate::source::DocxMap`]), lets [`crate::fix::select`] choose
//! the fixes of one pass, writes them into `word/document.xml`, reads the new package again and
//! lints it, until a pass changes nothing or [`crate::fix::MAX_PASSES`] passes have run, so that
//! fixing the output again changes nothing. [`DocxFixed::bytes`] is the new package (the input
//! itself when nothing was fixed): every entry but `word/document.xml` is copied as stored, and
//! in `word/document.xml` only the content of the `w:t` elements that change (and, where new
//! text begins or ends with a space, their start tag's `xml:space="preserve"`) differs. Writing
//! it to disk (atomically, and only for `--fix`) is the caller's part; for `--diff`,
//! [`DocxFixed::paragraphs`] gives each changed paragraph's text before and after.
//!
//! How an edit of the rules' text goes into the XML:
//! - Inside one `w:t`: that element's text changes (escaped for XML).
//! - Over several runs: only when it deletes, or when every run it touches has the same run
//!   properties (`w:rPr`, compared as written) and the runs are side by side (nothing between
//!   them but empty elements such as proofing marks and bookmarks: not the edge of a
//!   hyperlink, a tracked change or a text box); the replacement goes into the first touched
//!   run and the covered text leaves the others. Otherwise the fix is refused: the text would
//!   take one run's formatting, link or revision where the reader saw another's.
//! - An insertion goes at the end of the run before it (as typing in Word does), or at the
//!   start of the run after it when the run before is no text.
//! - Refused, with the reason in Chinese: an edit touching Word's automatic numbering label
//!   (drawn by Word, not text), a `w:tab` / `w:br`, the displayed result of a field (Word
//!   rewrites it when it updates the field), or a paragraph mark (joining or splitting
//!   paragraphs), and a replacement holding a line break or tab.
//! - Deleting whole paragraphs (the edit runs from a paragraph's start to the next one's
//!   start, or from a paragraph's end to a later one's end, as a junk-line fix does, or covers
//!   all of one paragraph's text) empties their runs, tabs and breaks included, and keeps each
//!   `w:p`: removing the element could break a table cell (which must hold a paragraph), a
//!   section break kept in the paragraph's properties, or bookmarks and comment ranges that
//!   begin in it. The empty paragraphs stay for the writer to delete. A numbered paragraph is
//!   not emptied (its number would stay), nor one already empty.
//!
//! A fix is applied whole or not at all: one refused edit refuses its fix.
//!
//! A changed `w:t` is written whole from its text, so character references and CDATA in it
//! become plain escaped text (the same characters). In a text box, the text Word reads (the
//! first `mc:Choice`) is fixed; the copy in `mc:Fallback`, kept for readers older than Word
//! 2010, is left as it was (Word writes it anew when it saves the document).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::fix::{select, FixLevel, MAX_PASSES};
use crate::lint::{lint, Settings};
use crate::source::{InputError, Source};

use super::annotate::{apply_edits, contains, rewrite_package, tag_end, text_start_tag, xml_text};
use super::{Docx, DocxError, Paragraph, PieceKind, DOCUMENT_PART};

/// What fixing a .docx did, over all passes.
#[derive(Debug, Clone)]
pub struct DocxFixed {
    /// The fixed package; the input unchanged when nothing was fixed.
    pub bytes: Vec<u8>,
    /// Findings fixed, over all passes.
    pub fixed: usize,
    /// Passes run that changed the document.
    pub passes: usize,
    /// The fixed document as the rules read it: the spans of `remaining` and `refused` are
    /// offsets into its text, and its origin places them in paragraphs. Its `path` is `None`.
    pub source: Source,
    /// Findings on the fixed document (those with no fix, a fix `level` does not allow, or a
    /// fix refused), in the order `lint` gives.
    pub remaining: Vec<Diagnostic>,
    /// The findings of `remaining` whose fix `level` allows but which cannot be written into
    /// the runs, each with the reason (Chinese, for the user).
    pub refused: Vec<Refusal>,
    /// The paragraphs whose text changed, in document order.
    pub paragraphs: Vec<ParagraphChange>,
}

impl DocxFixed {
    /// Whether the package changed.
    pub fn changed(&self) -> bool {
        self.passes > 0
    }
}

/// A fix that could not be applied in a .docx, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub diagnostic: Diagnostic,
    /// Why, in Chinese, with what to do instead.
    pub reason: String,
}

/// One paragraph's text before and after fixing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphChange {
    /// 1-based paragraph number, as in `第12段` of human output and `origin.paragraph` of JSON
    /// (JSON's `range.line` also counts manual line breaks).
    pub index: usize,
    /// The automatic numbering label Word draws before it, unchanged by fixes.
    pub label: Option<String>,
    /// The paragraph's own text (without its label).
    pub before: String,
    pub after: String,
}

impl ParagraphChange {
    /// Where `before` and `after` differ: a byte range in each, without the characters both
    /// start and end with, to mark the change inside a long paragraph (found in linear time).
    pub fn differing(&self) -> (Range<usize>, Range<usize>) {
        crate::fix::differing(&self.before, &self.after)
    }
}

const LABEL: &str = "修改涉及 Word 的自动编号（编号由 Word 生成，不是文字），无法直接改字；请在“编号”中修改编号格式";
const NUMBERED_PARAGRAPH: &str =
    "要删除的段落带有 Word 自动编号，只清空文字会留下编号；请在 Word 中手动删除该段";
const MARK: &str = "修改涉及制表符或换行符（w:tab、w:br），请在 Word 中手动修改";
const FIELD: &str =
    "修改涉及域（目录、页码、超链接等）显示的文字，Word 更新域时会改回；请在 Word 中手动修改";
const FORMAT: &str = "修改跨越了格式不同的文字，请在 Word 中手动修改";
const BOUNDARY: &str = "修改跨越了超链接、修订、文本框等的边界，请在 Word 中手动修改";
const PARAGRAPH_MARK: &str = "修改会删除或插入段落标记（合并或拆分段落），请在 Word 中手动修改";
const CONTROL: &str = "替换的文字含换行或制表符，无法写进一段文字中，请在 Word 中手动修改";
const EMPTY_PARAGRAPH: &str =
    "要删除的段落已是空段落：zjlint 只清空段落中的文字，空段落请在 Word 中手动删除";
const NO_PLACE: &str =
    "这里没有可以写入文字的位置（空段落，或只有制表符、换行），请在 Word 中手动修改";
const LOST: &str = "找不到这段文字在 document.xml 中的位置，请在 Word 中手动修改";

/// Lint the .docx `bytes` (named `name` in errors), apply the fixes `level` allows inside its
/// runs, and lint again, until a pass changes nothing or [`MAX_PASSES`] passes have run.
/// Errors name the file and the cause: a package that cannot be read, or (never expected) a
/// fixed `word/document.xml` that cannot be written back.
pub fn fix_docx(
    bytes: &[u8],
    name: &str,
    settings: &Settings,
    level: FixLevel,
) -> Result<DocxFixed, InputError> {
    let failed = |cause: DocxError| InputError::Docx {
        name: name.to_owned(),
        cause,
    };
    let (mut docx, mut xml) = super::read_with_document_xml(bytes).map_err(failed)?;
    let before: Vec<String> = docx.paragraphs.iter().map(|p| p.text.clone()).collect();
    let mut current: Option<Vec<u8>> = None;
    let mut source = Source::of_docx(name, None, &docx);
    let mut findings = lint(&source, settings);
    let (mut fixed, mut passes) = (0, 0);
    let mut plans;
    loop {
        let layout = Layout::new(&docx);
        plans = findings
            .iter()
            .map(|d| match &d.fix {
                Some(fix) if level.allows(fix.applicability) && !fix.edits.is_empty() => {
                    Some(plan_fix(fix, &docx, &xml, &layout))
                }
                _ => None,
            })
            .collect::<Vec<_>>();
        if passes == MAX_PASSES {
            break;
        }
        let writable: Vec<(usize, &Fix)> = plans
            .iter()
            .enumerate()
            .filter(|(_, plan)| matches!(plan, Some(Ok(_))))
            .filter_map(|(index, _)| findings[index].fix.as_deref().map(|fix| (index, fix)))
            .collect();
        let selection = select(&source.text, writable.iter().map(|(_, fix)| *fix), level);
        let edits: Vec<PieceEdit> = selection
            .taken
            .iter()
            .filter_map(|&taken| match plans.get(writable.get(taken)?.0) {
                Some(Some(Ok(edits))) => Some(edits.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect();
        if edits.is_empty() {
            break;
        }
        let new_xml = write(&xml, &docx, edits).map_err(failed)?;
        if new_xml == xml {
            break;
        }
        let package = current.as_deref().unwrap_or(bytes);
        let replaced = [(DOCUMENT_PART, new_xml)].into_iter().collect();
        let new_package = rewrite_package(package, replaced).map_err(failed)?;
        fixed += selection.taken.len();
        passes += 1;
        (docx, xml) = super::read_with_document_xml(&new_package).map_err(failed)?;
        current = Some(new_package);
        source = Source::of_docx(name, None, &docx);
        findings = lint(&source, settings);
    }
    let refused = findings
        .iter()
        .zip(plans)
        .filter_map(|(diagnostic, plan)| match plan {
            Some(Err(reason)) => Some(Refusal {
                diagnostic: diagnostic.clone(),
                reason: reason.to_owned(),
            }),
            _ => None,
        })
        .collect();
    let paragraphs = changes(&before, &docx);
    Ok(DocxFixed {
        bytes: current.unwrap_or_else(|| bytes.to_vec()),
        fixed,
        passes,
        source,
        remaining: findings,
        refused,
        paragraphs,
    })
}

/// The paragraphs whose text differs from `before` (fixes never add or remove a `w:p`, so
/// paragraphs correspond by index).
fn changes(before: &[String], docx: &Docx) -> Vec<ParagraphChange> {
    let count = before.len().max(docx.paragraphs.len());
    (0..count)
        .filter_map(|index| {
            let old = before.get(index).map_or("", String::as_str);
            let new = docx.paragraphs.get(index);
            let after = new.map_or("", |p| p.text.as_str());
            (old != after).then(|| ParagraphChange {
                index: index + 1,
                label: new.and_then(|p| p.label.clone()),
                before: old.to_owned(),
                after: after.to_owned(),
            })
        })
        .collect()
}

/// Where each paragraph is in the rules' text: its label, then its text, then `\n` (as
/// [`crate::source::DocxMap::build`] joins them).
struct Layout {
    /// Offset of each paragraph (its label, or its text when it has none).
    starts: Vec<usize>,
}

impl Layout {
    fn new(docx: &Docx) -> Self {
        let mut starts = Vec::with_capacity(docx.paragraphs.len());
        let mut at = 0;
        for paragraph in &docx.paragraphs {
            starts.push(at);
            at += label_len(paragraph) + paragraph.text.len() + 1;
        }
        Layout { starts }
    }

    /// The paragraph holding `offset` of the rules' text and the offset in its label and text
    /// (its end, before `\n`, belongs to it).
    fn locate(&self, offset: usize) -> Option<(usize, usize)> {
        let index = self.starts.partition_point(|&start| start <= offset);
        let index = index.checked_sub(1)?;
        Some((index, offset - self.starts[index]))
    }
}

fn label_len(paragraph: &Paragraph) -> usize {
    paragraph.label.as_deref().map_or(0, str::len)
}

/// One change to the text of one piece: a byte range of the piece's text and what replaces it.
/// A piece that is a mark (`w:tab`, `w:br`) is only ever deleted whole.
#[derive(Debug, Clone)]
struct PieceEdit {
    paragraph: usize,
    piece: usize,
    range: Range<usize>,
    replacement: String,
}

/// A byte range of a piece's text and what replaces it.
type TextChange = (Range<usize>, String);

/// The piece edits of every edit of `fix`, or why the fix cannot be written into the runs.
fn plan_fix(
    fix: &Fix,
    docx: &Docx,
    xml: &[u8],
    layout: &Layout,
) -> Result<Vec<PieceEdit>, &'static str> {
    let mut edits = Vec::new();
    for edit in &fix.edits {
        edits.extend(plan_edit(edit, docx, xml, layout)?);
    }
    Ok(edits)
}

fn plan_edit(
    edit: &Edit,
    docx: &Docx,
    xml: &[u8],
    layout: &Layout,
) -> Result<Vec<PieceEdit>, &'static str> {
    if edit.span.start > edit.span.end {
        return Err(LOST);
    }
    if edit.replacement.contains(['\n', '\r', '\t']) {
        return Err(CONTROL);
    }
    let (first, start) = layout.locate(edit.span.start).ok_or(LOST)?;
    let (last, end) = layout.locate(edit.span.end).ok_or(LOST)?;
    let paragraph = docx.paragraphs.get(first).ok_or(LOST)?;
    if first == last {
        let label = label_len(paragraph);
        if start < label {
            return Err(LABEL);
        }
        let range = start - label..end.saturating_sub(label);
        // Deleting all of an unnumbered paragraph's text (a junk line without its paragraph
        // mark) takes its tabs and breaks with it, as deleting the whole paragraph does.
        let whole = range.start == 0 && range.end == paragraph.text.len() && !range.is_empty();
        if whole && edit.replacement.is_empty() && paragraph.label.is_none() {
            return empty_paragraphs(docx, first..first + 1);
        }
        return plan_in_paragraph(docx, first, xml, range, &edit.replacement);
    }
    if !edit.replacement.is_empty() {
        return Err(PARAGRAPH_MARK);
    }
    let whole_len = |index: usize| {
        docx.paragraphs
            .get(index)
            .map_or(0, |p| label_len(p) + p.text.len())
    };
    // Whole paragraphs with one of their paragraph marks: from a paragraph's start to a later
    // one's start, or from a paragraph's end to a later one's end.
    if start == 0 && end == 0 {
        empty_paragraphs(docx, first..last)
    } else if start == whole_len(first) && end == whole_len(last) {
        empty_paragraphs(docx, first + 1..last + 1)
    } else {
        Err(PARAGRAPH_MARK)
    }
}

/// The piece edits deleting all the text, tabs and breaks of the paragraphs `indices`, which
/// stay as empty paragraphs.
fn empty_paragraphs(docx: &Docx, indices: Range<usize>) -> Result<Vec<PieceEdit>, &'static str> {
    let mut edits = Vec::new();
    for index in indices {
        let paragraph = docx.paragraphs.get(index).ok_or(LOST)?;
        if paragraph.label.is_some() {
            return Err(NUMBERED_PARAGRAPH);
        }
        for (number, piece) in paragraph.pieces.iter().enumerate() {
            if piece.field {
                return Err(FIELD);
            }
            edits.push(PieceEdit {
                paragraph: index,
                piece: number,
                range: 0..piece.text.len(),
                replacement: String::new(),
            });
        }
    }
    if edits.is_empty() {
        return Err(EMPTY_PARAGRAPH);
    }
    Ok(edits)
}

/// The piece edits replacing `range` of paragraph `index`'s own text by `replacement`.
fn plan_in_paragraph(
    docx: &Docx,
    index: usize,
    xml: &[u8],
    range: Range<usize>,
    replacement: &str,
) -> Result<Vec<PieceEdit>, &'static str> {
    let paragraph = docx.paragraphs.get(index).ok_or(LOST)?;
    let pieces = &paragraph.pieces;
    if range.start > range.end || range.end > paragraph.text.len() {
        return Err(LOST);
    }
    let is_text = |number: usize| {
        pieces
            .get(number)
            .is_some_and(|piece| matches!(piece.kind, PieceKind::Text { .. }))
    };
    if range.is_empty() {
        let at = range.start;
        // The piece ending here (typing goes on in it), else the one starting or going on here.
        let before = pieces.partition_point(|piece| piece.text.end < at);
        let ends_here = pieces.get(before).is_some_and(|piece| piece.text.end == at);
        let after = if ends_here { before + 1 } else { before };
        let around: Vec<usize> = [before, after]
            .into_iter()
            .filter(|&number| {
                pieces
                    .get(number)
                    .is_some_and(|piece| piece.text.start <= at && at <= piece.text.end)
            })
            .filter(|&number| is_text(number))
            .collect();
        let chosen = match around.iter().find(|&&number| !pieces[number].field) {
            Some(&number) => number,
            None if around.is_empty() => return Err(NO_PLACE),
            None => return Err(FIELD),
        };
        let piece = &pieces[chosen];
        let offset = at - piece.text.start;
        return Ok(vec![PieceEdit {
            paragraph: index,
            piece: chosen,
            range: offset..offset,
            replacement: replacement.to_owned(),
        }]);
    }
    let touched = pieces.partition_point(|piece| piece.text.end <= range.start)
        ..pieces.partition_point(|piece| piece.text.start < range.end);
    if touched.is_empty() {
        return Err(LOST);
    }
    let first = &pieces[touched.start];
    let formatting = |piece: &super::Piece| {
        piece
            .run_properties
            .as_ref()
            .map(|properties| xml.get(properties.clone()))
    };
    let mut edits = Vec::with_capacity(touched.len());
    for number in touched {
        let piece = &pieces[number];
        if !is_text(number) {
            return Err(MARK);
        }
        if piece.field {
            return Err(FIELD);
        }
        if !replacement.is_empty() && formatting(piece) != formatting(first) {
            return Err(FORMAT);
        }
        let previous = number.checked_sub(1).and_then(|p| pieces.get(p));
        if let Some(previous) = previous.filter(|_| !replacement.is_empty() && !edits.is_empty()) {
            if previous.run != piece.run && !side_by_side(xml, &previous.run, &piece.run) {
                return Err(BOUNDARY);
            }
        }
        let start = range.start.max(piece.text.start) - piece.text.start;
        let end = range.end.min(piece.text.end) - piece.text.start;
        edits.push(PieceEdit {
            paragraph: index,
            piece: number,
            range: start..end,
            replacement: if edits.is_empty() {
                replacement.to_owned()
            } else {
                String::new()
            },
        });
    }
    Ok(edits)
}

/// Whether two runs are siblings with nothing between them but empty elements (proofing
/// marks, bookmarks): text moved from one to the other stays in the same hyperlink, tracked
/// change or content control.
fn side_by_side(xml: &[u8], first: &Range<usize>, second: &Range<usize>) -> bool {
    let Some(between) = xml.get(first.end..second.start) else {
        return false;
    };
    let mut at = 0;
    while at < between.len() {
        if between[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let Some(end) = tag_end(between, at) else {
            return false;
        };
        let tag = &between[at..end];
        if !tag.starts_with(b"<") || tag.starts_with(b"</") || !tag.ends_with(b"/>") {
            return false;
        }
        at = end;
    }
    true
}

/// `xml` (the document.xml `docx` was read from) with the piece edits applied: each changed
/// `w:t` gets its new text, each deleted mark goes.
fn write(xml: &[u8], docx: &Docx, edits: Vec<PieceEdit>) -> Result<Vec<u8>, DocxError> {
    let mut by_piece: BTreeMap<(usize, usize), Vec<TextChange>> = BTreeMap::new();
    for edit in edits {
        by_piece
            .entry((edit.paragraph, edit.piece))
            .or_default()
            .push((edit.range, edit.replacement));
    }
    let lost = |paragraph: usize| {
        DocxError::Placement(format!(
            "第 {} 段的位置信息与 document.xml 不符，无法写入修正",
            paragraph + 1
        ))
    };
    let mut xml_edits: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    for ((index, number), mut changes) in by_piece {
        let paragraph = docx.paragraphs.get(index).ok_or_else(|| lost(index))?;
        let piece = paragraph.pieces.get(number).ok_or_else(|| lost(index))?;
        match &piece.kind {
            PieceKind::Mark { element } => {
                xml.get(element.clone()).ok_or_else(|| lost(index))?;
                xml_edits.push((element.clone(), Vec::new()));
            }
            PieceKind::Text { raw } => {
                let old = paragraph
                    .text
                    .get(piece.text.clone())
                    .ok_or_else(|| lost(index))?;
                changes.sort_by_key(|(range, _)| (range.start, range.end));
                let new = splice(old, &changes).ok_or_else(|| lost(index))?;
                let tag = text_start_tag(xml, raw.start).ok_or_else(|| lost(index))?;
                let open = xml.get(tag.clone()).ok_or_else(|| lost(index))?;
                if needs_preserve(&new) && !contains(open, b"xml:space") {
                    // Before the `>` of `<w:t>`.
                    let at = tag.end - 1;
                    xml_edits.push((at..at, br#" xml:space="preserve""#.to_vec()));
                }
                xml_edits.push((raw.clone(), xml_text(&new).into_bytes()));
            }
        }
    }
    apply_edits(xml, xml_edits)
}

/// `text` with the sorted, non-overlapping `changes` applied; `None` when one is out of place.
fn splice(text: &str, changes: &[TextChange]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in changes {
        out.push_str(text.get(at..range.start)?);
        text.get(range.clone())?;
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Word drops spaces at the edges of a `w:t` (and may fold runs of them) unless it says
/// `xml:space="preserve"`.
fn needs_preserve(text: &str) -> bool {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n');
    text.starts_with(space) || text.ends_with(space) || text.contains("  ")
}

#[cfg(test)]
mod tests;
