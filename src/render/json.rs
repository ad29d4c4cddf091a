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
            array_element(&mut element, &finding(report, d))?;
            // serde_json writes UTF-8: its bytes need no second check.
            let written = self.part(&element, out);
            self.element = element;
            written?;
        }
        Ok(())
    }

    pub fn close(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(if self.opened { b"\n]\n" } else { b"[]\n" })
    }
}

/// One file's findings as elements of the report's array, joined by `,\n`; empty when the
/// file has none. Bytes of UTF-8, as serde_json writes them: they are written out as they
/// are, and checking them again cost a tenth of the format's time.
pub fn file_part(report: &FileReport) -> Vec<u8> {
    // A finding takes about a kilobyte: the buffer is grown once, not doubled from empty.
    let mut part = Vec::with_capacity(report.diagnostics.len() * 1024);
    for (k, d) in report.diagnostics.iter().enumerate() {
        if k > 0 {
            part.extend_from_slice(b",\n");
        }
        if array_element(&mut part, &finding(report, d)).is_err() {
            return Vec::new();
        }
    }
    part
}

/// `value` as an element of a pretty-printed array lays it out: the array is `[\n` + its
/// elements, each indented a level and joined by `,\n`, + `\n]`.
fn array_element(out: &mut Vec<u8>, value: &impl Serialize) -> serde_json::Result<()> {
    out.extend_from_slice(b"  ");
    let at_first_level = Pretty {
        depth: 1,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        at_first_level,
    ))
}

/// `value` written as `serde_json::to_writer_pretty` writes it.
#[cfg(test)]
fn pretty(out: &mut Vec<u8>, value: &impl Serialize) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        Pretty::default(),
    ))
}

/// serde_json's pretty layout (a line per value, two spaces a level), with each line break
/// and its indent written at once: serde_json writes the indent a level at a time, and those
/// small writes were most of the format's time.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// A comma, a line break and the indent of the deeper levels that a finding reaches.
const BREAK: &[u8] = b",\n                                ";

impl Pretty {
    /// A line break (after a comma unless `first`) and the indent of the current level.
    fn line<W: ?Sized + std::io::Write>(&self, out: &mut W, first: bool) -> std::io::Result<()> {
        let from = usize::from(first);
        let indent = 2 * self.depth;
        let room = BREAK.len() - 2;
        out.write_all(&BREAK[from..2 + indent.min(room)])?;
        for _ in room..indent {
            out.write_all(b" ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        mark: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(mark)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        mark: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(out, true)?;
        }
        out.write_all(mark)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(out, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(out, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
    ) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

    proptest::proptest! {
        /// Elements joined as a file's part are what lies between the brackets of the
        /// pretty-printed array of the same values.
        #[test]
        fn elements_are_laid_out_as_in_a_pretty_array(values in proptest::collection::vec(json_value(), 1..4)) {
            let mut part = Vec::new();
            for (k, value) in values.iter().enumerate() {
                if k > 0 {
                    part.extend_from_slice(b",\n");
                }
                array_element(&mut part, value).expect("written");
            }
            let array = serde_json::to_vec_pretty(&values).expect("written");
            let inner = &array[2..array.len() - 2];
            proptest::prop_assert_eq!(String::from_utf8(part).unwrap(), String::from_utf8(inner.to_vec()).unwrap());
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            ".{0,6}".prop_map(Value::String),
        ];
        // A few levels deep: the nested value above goes beyond the indent written at once.
        leaf.prop_recursive(24, 96, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((".{0,3}", inner), 0..4)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn a_value_nested_beyond_the_written_indent_is_laid_out_as_serde_json_lays_it() {
        let mut value = serde_json::json!([1, {"a": null}]);
        for level in 0..24 {
            value = match level % 2 {
                0 => serde_json::json!({"k": value, "v": [level]}),
                _ => serde_json::json!([value, {}, []]),
            };
        }
        let mut ours = Vec::new();
        pretty(&mut ours, &value).expect("written");
        let theirs = serde_json::to_vec_pretty(&value).expect("written");
        assert!(theirs
            .windows(40)
            .any(|w| w.starts_with(b"\n") && w[1..].iter().all(|&b| b == b' ')));
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    proptest::proptest! {
        /// The layout is serde_json's own pretty layout, byte for byte.
        #[test]
        fn written_as_serde_json_writes_it_pretty(value in json_value()) {
            let mut ours = Vec::new();
            pretty(&mut ours, &value).expect("written");
            let theirs = serde_json::to_vec_pretty(&value).expect("written");
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
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
