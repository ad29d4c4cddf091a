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

/// [`render`] written straight to `out`: a large report is never held whole in memory.
pub fn write(reports: &[FileReport], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut findings = Vec::new();
    for report in reports {
        for d in &report.diagnostics {
            let (start, end) = report.file.range(&d.span);
            findings.push(JsonFinding {
                path: report.file.name(),
                code: &d.code,
                rule: &d.rule,
                category: &d.category,
                severity: d.severity.as_str(),
                message: &d.message,
                help: &d.help,
                range: JsonRange {
                    start: JsonPosition {
                        line: start.line,
                        column: start.column,
                    },
                    end: JsonPosition {
                        line: end.line,
                        column: end.column,
                    },
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
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &findings)?;
    out.write_all(b"\n")
}
