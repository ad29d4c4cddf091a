//! `--format json`: one array of findings. This shape is a contract: only add fields.

use super::FileReport;
use crate::source::Origin;
use serde::Serialize;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    code: &'a str,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    range: JsonRange,
    span: JsonSpan,
    fix: Option<JsonFix<'a>>,
    origin: JsonOrigin<'a>,
}

/// Where the finding is in the file as stored: added to the fields above, which count in
/// the text the rules read.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum JsonOrigin<'a> {
    /// A text file: its encoding, and the finding's bytes in the file (absent when the
    /// encoding gives no exact map).
    Text {
        encoding: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        offset: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        length: Option<usize>,
    },
    /// A .docx: 1-based paragraph and character of the finding's start and end, and the
    /// automatic numbering label of its paragraph (`null` when it has none).
    Docx {
        paragraph: usize,
        column: usize,
        end_paragraph: usize,
        end_column: usize,
        numbering: Option<&'a str>,
    },
}

fn origin<'a>(report: &'a FileReport, span: &crate::model::Span) -> JsonOrigin<'a> {
    match &report.origin {
        Origin::Text { encoding, bytes } => {
            let text = report.file.text();
            let start = bytes.file_offset(text, span.start, encoding);
            let end = bytes.file_offset(text, span.end, encoding);
            JsonOrigin::Text {
                encoding: encoding.name(),
                offset: start,
                length: start.zip(end).map(|(s, e)| e.saturating_sub(s)),
            }
        }
        Origin::Docx(map) => {
            let (paragraph, column) = map.paragraph_position(report.file.index(), span.start);
            let (end_paragraph, end_column) = map.paragraph_position(report.file.index(), span.end);
            JsonOrigin::Docx {
                paragraph,
                column,
                end_paragraph,
                end_column,
                numbering: map.label(paragraph - 1),
            }
        }
    }
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    if write(reports, &mut out).is_err() {
        return "[]\n".into();
    }
    String::from_utf8(out).unwrap_or_else(|_| "[]\n".into())
}

/// [`render`] written to `out`, file by file.
pub fn write(reports: &[FileReport], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut array = Array::default();
    for report in reports {
        array.write_file(report, out)?;
    }
    array.close(out)
}

/// The report's array written piece by piece: `[`, the findings (see [`file_part`]) with
/// commas between, `]`, as one pretty-printed array of all the findings.
#[derive(Default)]
pub struct Array {
    opened: bool,
    /// One finding pretty-printed, reused.
    element: Vec<u8>,
}

impl Array {
    /// Write elements made by [`file_part`] (nothing when it is empty).
    pub fn part(&mut self, part: &[u8], out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if part.is_empty() {
            return Ok(());
        }
        out.write_all(if self.opened { b",\n" } else { b"[\n" })?;
        self.opened = true;
        out.write_all(part)
    }

    /// Write a file's findings one by one: a file with very many is never held rendered.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for d in &report.diagnostics {
            let mut element = std::mem::take(&mut self.element);
            element.clear();
            serde_json::to_writer_pretty(&mut element, &[finding(report, d)])?;
            // serde_json writes UTF-8: its bytes need no second check.
            let written = self.part(element_bytes(&element), out);
            self.element = element;
            written?;
        }
        Ok(())
    }

    pub fn close(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(if self.opened { b"\n]\n" } else { b"[]\n" })
    }
}

/// The elements of a pretty-printed array, as laid out in it: the array is `[\n` + its
/// elements, indented and joined by `,\n`, + `\n]`; so are they in any larger array.
fn element_bytes(array: &[u8]) -> &[u8] {
    &array[element_range(array)]
}

/// Where [`element_bytes`] lie in `array` (empty when it is not laid out so).
fn element_range(array: &[u8]) -> std::ops::Range<usize> {
    const OPEN: &[u8] = b"[\n";
    const CLOSE: &[u8] = b"\n]";
    let laid_out = array.len() >= OPEN.len() + CLOSE.len()
        && array.starts_with(OPEN)
        && array.ends_with(CLOSE);
    if laid_out {
        OPEN.len()..array.len() - CLOSE.len()
    } else {
        0..0
    }
}

/// One file's findings as elements of the report's array, joined by `,\n`; empty when the
/// file has none. Bytes of UTF-8, as serde_json writes them: they are written out as they
/// are, and checking them again cost a tenth of the format's time.
pub fn file_part(report: &FileReport) -> Vec<u8> {
    let findings: Vec<JsonFinding> = report
        .diagnostics
        .iter()
        .map(|d| finding(report, d))
        .collect();
    if findings.is_empty() {
        return Vec::new();
    }
    let mut array = serde_json::to_vec_pretty(&findings).unwrap_or_default();
    // The elements cut out in place, not copied.
    let elements = element_range(&array);
    array.truncate(elements.end);
    array.drain(..elements.start);
    array
}

fn finding<'a>(report: &'a FileReport, d: &'a crate::diagnostic::Diagnostic) -> JsonFinding<'a> {
    JsonFinding {
        path: report.file.name(),
        code: d.code(),
        rule: d.rule(),
        category: d.category(),
        severity: d.severity().as_str(),
        message: &d.message,
        help: &d.help,
        range: JsonRange {
            start: position(report, d.span.start),
            end: position(report, d.span.end),
        },
        span: JsonSpan {
            offset: d.span.start,
            length: d.span.len(),
        },
        origin: origin(report, &d.span),
        fix: d.fix.as_ref().map(|f| JsonFix {
            title: &f.title,
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    span: JsonSpan {
                        offset: e.span.start,
                        length: e.span.len(),
                    },
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// Line and character column of `offset`, as [`crate::source::SourceFile::position`] gives
/// them, without the UTF-16 column that this format never prints.
fn position(report: &FileReport, offset: usize) -> JsonPosition {
    let index = report.file.index();
    let offset = crate::source::snap(report.file.text(), offset).max(index.line_start(0));
    let line = index.line_of(offset);
    JsonPosition {
        line: line + 1,
        column: index.chars_between(index.line_start(line), offset) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_what_lies_between_the_brackets_of_a_laid_out_array() {
        assert_eq!(element_bytes(b"[\n  1,\n  2\n]"), b"  1,\n  2");
        for not_laid_out in [&b""[..], b"[]", b"[\n]", b"[1]", b"[\n  1]", b"x\n  1\n]"] {
            assert_eq!(element_bytes(not_laid_out), b"", "{not_laid_out:?}");
        }
    }

    #[test]
    fn positions_are_those_of_the_file_without_utf16() {
        let text = "\u{feff}一、总体𠀀情况\r\n20xx年\rab\n\n尾";
        let report = FileReport::new("a.txt".into(), text.into(), Vec::new());
        for offset in 0..=text.len() + 2 {
            let ours = position(&report, offset);
            let file = report.file.position(offset);
            assert_eq!(
                (ours.line, ours.column),
                (file.line, file.column),
                "{offset}"
            );
        }
    }
}
