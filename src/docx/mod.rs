//! Word .docx files: the paragraphs a reader sees, with Word's automatic numbering labels, and
//! where every character came from in `word/document.xml` (so findings can be written back as
//! comments by [`annotate`], and their fixes into the runs by [`fix`]).
//!
//! A paragraph is every `w:p` of `word/document.xml` in document order, tables and text boxes
//! included (a text box's paragraphs are their own paragraphs, not part of the paragraph that
//! anchors the box). Its text is the `w:t` text of its runs, `\t` for `w:tab` and `\n` for
//! `w:br` / `w:cr` in a run (the tab stops a paragraph's properties define are no text; other
//! marks such as `w:sym` or `w:noBreakHyphen` are left out); deleted text (`w:del`,
//! `w:moveFrom`) is left out, inserted text is kept. The
//! numbering label Word draws (`三、`, `（一）`, `1.`) is not in `text`: it is in `label`.
//!
//! Only the body is read: footnotes, endnotes, headers, footers and comments are not document
//! text here. Field instructions are not text; a field's displayed result is. In
//! `mc:AlternateContent` the first `mc:Choice` is read; the paragraphs of `mc:Fallback` count as
//! paragraphs (every `w:p` does) but have no text, as they repeat the choice for old readers.
//!
//! Files that are not a .docx (.doc, .wps, an encrypted package, PDF, RTF, HTML), damaged
//! archives, zip bombs, DTDs and entity declarations, and XML nested absurdly deep are refused
//! with a [`DocxError`] that says what the file is and what to do.

pub mod annotate;
mod archive;
pub mod fix;
/// Test documents built in memory, shared by unit and integration tests.
#[doc(hidden)]
pub mod fixture;
mod numbering;
mod reader;
mod xml;

pub use archive::{MAX_ENTRIES, MAX_PART_SIZE};
pub use xml::MAX_DEPTH;

use std::ops::Range;

/// The path of the main document part, which [`Piece`] and [`Paragraph`] offsets refer to.
pub const DOCUMENT_PART: &str = "word/document.xml";

/// Reads a .docx: its paragraphs, their numbering labels and where their text is.
pub fn read(bytes: &[u8]) -> Result<Docx, DocxError> {
    read_with_document_xml(bytes).map(|(docx, _)| docx)
}

/// [`read`], also giving `word/document.xml` exactly as stored in the package (inflated): the
/// bytes that every offset in [`Paragraph`] and [`Piece`] refers to, for writing back into it.
pub fn read_with_document_xml(bytes: &[u8]) -> Result<(Docx, Vec<u8>), DocxError> {
    let mut package = archive::Package::open(bytes)?;
    let document = package.part(DOCUMENT_PART)?.ok_or_else(|| {
        DocxError::Archive(
            "压缩包里没有 word/document.xml，不是 Word 文档（.docx）；请在 Word 或 WPS 中打开后“另存为” .docx 再检查"
                .to_owned(),
        )
    })?;
    let (mut paragraphs, numbering) = reader::read_paragraphs(&document)?;
    let numbering_xml = package.part("word/numbering.xml")?;
    let styles_xml = package.part("word/styles.xml")?;
    numbering::assign_labels(
        &mut paragraphs,
        &numbering,
        numbering_xml.as_deref(),
        styles_xml.as_deref(),
    )?;
    Ok((Docx { paragraphs }, document))
}

/// A .docx as zjlint reads it.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    /// Every paragraph of the body, in document order.
    pub paragraphs: Vec<Paragraph>,
}

/// One `w:p`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The label Word draws before the paragraph from its automatic numbering (numbering.xml,
    /// directly or through the paragraph's style), e.g. `一、`, `（二）`, `3.`, `①`; `None` when
    /// the paragraph is not numbered or its number is drawn as nothing. A bullet is not a label.
    pub label: Option<String>,
    /// The paragraph's own text (see the module documentation).
    pub text: String,
    /// Where the pieces of `text` are in `word/document.xml`, in order, covering all of `text`.
    pub pieces: Vec<Piece>,
    /// Byte offset in `word/document.xml` where content may be inserted at the start of the
    /// paragraph (after its `w:pPr`, or after its start tag).
    pub content_start: usize,
    /// Byte offset in `word/document.xml` of the paragraph's end tag `</w:p>` (content may be
    /// inserted here, at its end). For an empty element `<w:p/>` both offsets are the offset of
    /// the element and annotate must expand it.
    pub content_end: usize,
}

/// A stretch of a paragraph's text and the XML it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in [`Paragraph::text`].
    pub text: Range<usize>,
    pub kind: PieceKind,
    /// The enclosing `w:r` element in `word/document.xml`, start tag to end tag inclusive.
    pub run: Range<usize>,
    /// The run's `w:rPr` element (its formatting), if it has one, so a run split in two keeps it.
    pub run_properties: Option<Range<usize>>,
    /// Whether the piece is part of a field's result (`w:fldSimple`, or between a `w:fldChar`
    /// begin and end): Word rewrites it when it updates the field, so a fix must not edit it.
    pub field: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PieceKind {
    /// Character data of a `w:t`: `raw` is its content in `word/document.xml` as written
    /// (entities such as `&amp;` not yet decoded), between `<w:t …>` and `</w:t>`.
    Text { raw: Range<usize> },
    /// A `w:tab`, `w:br` or `w:cr` element (one character of `text`); `element` is its range.
    Mark { element: Range<usize> },
}

/// A finding to write back as a Word comment by [`annotate::annotate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Index into [`Docx::paragraphs`].
    pub paragraph: usize,
    /// Byte range in that paragraph's `text` the comment covers; `None` for the whole
    /// paragraph (a finding on an automatic numbering label, which has no characters).
    pub range: Option<Range<usize>>,
    /// The comment's text: message, code and help.
    pub body: String,
}

/// Why a .docx could not be read or annotated. The caller names the file; each message says
/// what the file is and what to do, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// An OLE compound file: Word 97–2003 (.doc), WPS (.wps), or an encrypted .docx.
    #[error("{0}")]
    NotDocx(String),
    /// A zip archive that breaks a limit, is damaged, or lacks word/document.xml.
    #[error("{0}")]
    Archive(String),
    /// A part whose XML cannot be read.
    #[error("{part} 的 XML 有误（第 {offset} 字节附近）：{cause}")]
    Xml {
        part: String,
        offset: u64,
        cause: String,
    },
    /// A finding whose position does not match `word/document.xml` (it was not read from this
    /// package), so it cannot be written back as a comment.
    #[error("{0}")]
    Placement(String),
}

#[cfg(test)]
mod tests;
