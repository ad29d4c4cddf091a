//! `--format json`: one array of findings. This shape is a contract: only add fields.

use super::{FileReport, Mapped};
use crate::diagnostic::Edit;
use crate::source::{LineStarts, Origin};
use serde::Serialize;

/// One finding of the report. Its shape is the one serde gives these types; the report is
/// written by [`Layout`], which the tests hold to serde_json's output of them byte for byte.
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
    edits: Mapped<'a, Edit, (), JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

impl<'a> JsonEdit<'a> {
    fn of((): (), edit: &'a Edit) -> Self {
        JsonEdit {
            span: JsonSpan {
                offset: edit.span.start,
                length: edit.span.len(),
            },
            replacement: &edit.replacement,
        }
    }
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

    /// Write a file's findings one by one, and a finding's edits a block at a time: a file
    /// with very many findings, or a finding with very many edits, is never held rendered.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let lines = report.file.line_starts();
        for d in &report.diagnostics {
            let mut element = std::mem::take(&mut self.element);
            element.clear();
            element.extend_from_slice(if self.opened { b",\n" } else { b"[\n" });
            self.opened = true;
            // Written from strings and digits: UTF-8, needing no second check.
            let written =
                (array_element_to(&mut element, Some(&mut *out), &finding(report, &lines, d)))
                    .map_err(std::io::Error::from)
                    .and_then(|()| out.write_all(&element));
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
/// file has none. Bytes of UTF-8 (written from strings and digits): they are written out as
/// they are, and checking them again cost a tenth of the format's time.
pub fn file_part(report: &FileReport) -> Vec<u8> {
    // A finding takes about a kilobyte: the buffer is grown once, not doubled from empty.
    let mut part = Vec::with_capacity(report.diagnostics.len() * 1024);
    let lines = report.file.line_starts();
    for (k, d) in report.diagnostics.iter().enumerate() {
        if k > 0 {
            part.extend_from_slice(b",\n");
        }
        if array_element(&mut part, &finding(report, &lines, d)).is_err() {
            return Vec::new();
        }
    }
    part
}

/// A finding as an element of a pretty-printed array lays it out: the array is `[\n` + its
/// elements, each indented a level and joined by `,\n`, + `\n]`.
fn array_element(out: &mut Vec<u8>, finding: &JsonFinding) -> serde_json::Result<()> {
    array_element_to(out, None, finding)
}

/// [`array_element`], what is laid out in `out` moved to `sink` (when given) each time a
/// fix's edits fill [`SPILLED_FROM`] bytes of it.
fn array_element_to<'o>(
    out: &'o mut Vec<u8>,
    sink: Option<&'o mut dyn std::io::Write>,
    finding: &JsonFinding,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"  ");
    let mut layout = Layout {
        out,
        sink,
        depth: 1,
        first: true,
    };
    layout.finding(finding)
}

/// How many bytes of a finding are laid out before they are written to the sink, if any.
const SPILLED_FROM: usize = 1 << 16;

/// serde_json's pretty layout (a line per value, two spaces a level), written field by field
/// in the order [`JsonFinding`] declares them: serde_json's writer looked up every byte of
/// every string in its escape table, a fifth of the format's time, where a string needing no
/// escape (nearly all) is checked a block at a time here and copied. The tests hold this to
/// serde_json's own output of the same structs.
struct Layout<'o> {
    out: &'o mut Vec<u8>,
    /// Where what is laid out goes as a long fix is written (see [`Layout::spill`]).
    sink: Option<&'o mut dyn std::io::Write>,
    /// The level of the values being written.
    depth: usize,
    /// No value written yet at this level.
    first: bool,
}

impl Layout<'_> {
    /// The finding's own fields are laid out by constant pieces, each the keys, marks and
    /// indents between two values as the general writer below would lay them: its state
    /// changes at every key cost more than the values. The fix and a .docx origin, whose shapes
    /// vary, are written by the general writer from the finding's level.
    fn finding(&mut self, f: &JsonFinding) -> serde_json::Result<()> {
        const STRINGS: [&[u8]; 7] = [
            b"{\n    \"path\": ",
            b",\n    \"code\": ",
            b",\n    \"rule\": ",
            b",\n    \"category\": ",
            b",\n    \"severity\": ",
            b",\n    \"message\": ",
            b",\n    \"help\": ",
        ];
        let strings = [
            f.path, f.code, f.rule, f.category, f.severity, f.message, f.help,
        ];
        for (piece, value) in STRINGS.iter().zip(strings) {
            self.out.extend_from_slice(piece);
            self.string(value)?;
        }
        let (start, end) = (&f.range.start, &f.range.end);
        for (piece, value) in [
            (
                &b",\n    \"range\": {\n      \"start\": {\n        \"line\": "[..],
                start.line,
            ),
            (b",\n        \"column\": ", start.column),
            (
                b"\n      },\n      \"end\": {\n        \"line\": ",
                end.line,
            ),
            (b",\n        \"column\": ", end.column),
            (
                b"\n      }\n    },\n    \"span\": {\n      \"offset\": ",
                f.span.offset,
            ),
            (b",\n      \"length\": ", f.span.length),
        ] {
            self.out.extend_from_slice(piece);
            self.number(value);
        }
        self.out.extend_from_slice(b"\n    },\n    \"fix\": ");
        // The general writer at the finding's level, a value written there already.
        (self.depth, self.first) = (2, false);
        match &f.fix {
            None => self.out.extend_from_slice(b"null"),
            Some(fix) => self.fix(fix)?,
        }
        self.out.extend_from_slice(b",\n    \"origin\": ");
        match &f.origin {
            JsonOrigin::Text {
                encoding,
                offset,
                length,
            } => {
                self.out
                    .extend_from_slice(b"{\n      \"kind\": \"text\",\n      \"encoding\": ");
                self.string(encoding)?;
                for (piece, value) in [
                    (&b",\n      \"offset\": "[..], offset),
                    (b",\n      \"length\": ", length),
                ] {
                    if let Some(value) = value {
                        self.out.extend_from_slice(piece);
                        self.number(*value);
                    }
                }
                self.out.extend_from_slice(b"\n    }");
            }
            docx => self.origin(docx)?,
        }
        self.out.extend_from_slice(b"\n  }");
        (self.depth, self.first) = (1, false);
        Ok(())
    }

    fn span(&mut self, span: &JsonSpan) {
        self.numbers([("offset", span.offset), ("length", span.length)]);
    }

    /// An object of numbers, in the order given. Inlined, so that each key is a constant
    /// (see `key`).
    #[inline(always)]
    fn numbers<const N: usize>(&mut self, fields: [(&str, usize); N]) {
        self.open(b'{');
        for (key, value) in fields {
            self.key(key);
            self.number(value);
        }
        self.close(b'}');
    }

    fn fix(&mut self, fix: &JsonFix) -> serde_json::Result<()> {
        self.open(b'{');
        self.key("title");
        self.string(fix.title)?;
        self.key("applicability");
        self.string(fix.applicability.as_str())?;
        self.key("edits");
        self.open(b'[');
        for edit in fix.edits.iter() {
            self.line();
            self.open(b'{');
            self.key("span");
            self.span(&edit.span);
            self.key("replacement");
            self.string(edit.replacement)?;
            self.close(b'}');
            self.spill()?;
        }
        self.close(b']');
        self.close(b'}');
        Ok(())
    }

    fn origin(&mut self, origin: &JsonOrigin) -> serde_json::Result<()> {
        self.open(b'{');
        match origin {
            JsonOrigin::Text {
                encoding,
                offset,
                length,
            } => {
                self.key("kind");
                self.string("text")?;
                self.key("encoding");
                self.string(encoding)?;
                for (key, value) in [("offset", offset), ("length", length)] {
                    if let Some(value) = value {
                        self.key(key);
                        self.number(*value);
                    }
                }
            }
            JsonOrigin::Docx {
                paragraph,
                column,
                end_paragraph,
                end_column,
                numbering,
            } => {
                self.key("kind");
                self.string("docx")?;
                for (key, value) in [
                    ("paragraph", paragraph),
                    ("column", column),
                    ("end_paragraph", end_paragraph),
                    ("end_column", end_column),
                ] {
                    self.key(key);
                    self.number(*value);
                }
                self.key("numbering");
                match numbering {
                    Some(label) => self.string(label)?,
                    None => self.out.extend_from_slice(b"null"),
                }
            }
        }
        self.close(b'}');
        Ok(())
    }

    /// Write what is laid out to the sink, once it is [`SPILLED_FROM`] bytes or more.
    fn spill(&mut self) -> serde_json::Result<()> {
        match &mut self.sink {
            Some(sink) if self.out.len() >= SPILLED_FROM => {
                sink.write_all(self.out).map_err(serde_json::Error::io)?;
                self.out.clear();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A line break (after a comma unless the level's first value) and the level's indent.
    #[inline(always)]
    fn line(&mut self) {
        let from = usize::from(self.first);
        self.first = false;
        self.break_to(from, self.depth);
    }

    /// `BREAK` from `from` with the indent of `depth`, written at once (a finding's deepest
    /// level fits; deeper ones get the rest a space at a time).
    #[inline(always)]
    fn break_to(&mut self, from: usize, depth: usize) {
        let indent = 2 * depth;
        let room = BREAK.len() - 2;
        self.out
            .extend_from_slice(&BREAK[from..2 + indent.min(room)]);
        for _ in room..indent {
            self.out.push(b' ');
        }
    }

    /// Inlined, as are `line` and `break_to`: at each call the key is a constant, whose
    /// few bytes are then stored directly instead of copied by a call.
    #[inline(always)]
    fn key(&mut self, key: &str) {
        self.line();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    fn open(&mut self, mark: u8) {
        self.out.push(mark);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, mark: u8) {
        self.depth -= 1;
        if !self.first {
            self.break_to(1, self.depth);
        }
        self.out.push(mark);
        self.first = false;
    }

    /// A number's few digits pushed one by one: a copy of so few bytes cost a call.
    fn number(&mut self, n: usize) {
        for &digit in itoa::Buffer::new().format(n).as_bytes() {
            self.out.push(digit);
        }
    }

    /// `text` quoted, escaped by serde_json when it holds a quote, a backslash or a control
    /// character.
    fn string(&mut self, text: &str) -> serde_json::Result<()> {
        if needs_escape(text.as_bytes()) {
            return serde_json::to_writer(&mut *self.out, text);
        }
        self.out.push(b'"');
        self.out.extend_from_slice(text.as_bytes());
        self.out.push(b'"');
        Ok(())
    }
}

/// A comma, a line break and the indent of the deepest level a finding reaches.
const BREAK: &[u8] = b",\n                ";

/// Whether JSON escapes one of these bytes: tested without a branch per byte, so the
/// compiler checks a block of them at once.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

fn finding<'a>(
    report: &'a FileReport,
    lines: &LineStarts,
    d: &'a crate::diagnostic::Diagnostic,
) -> JsonFinding<'a> {
    let span = d.span();
    JsonFinding {
        path: report.file.name(),
        code: d.code(),
        rule: d.rule(),
        category: d.category(),
        severity: d.severity().as_str(),
        message: &d.message,
        help: &d.help,
        range: range(report, lines, &span),
        span: JsonSpan {
            offset: span.start,
            length: span.len(),
        },
        origin: origin(report, &span),
        fix: d.fix.as_ref().map(|f| JsonFix {
            title: &f.title,
            applicability: f.applicability,
            edits: Mapped::new(&f.edits, (), JsonEdit::of),
        }),
    }
}

/// How far into its line a finding's position is found by counting the characters before it;
/// past this, from the checkpoints of the line starts (made once, for a file of long lines).
const COUNTED_IN_A_LINE: usize = 2048;

/// Line and character column of a span's ends, as [`crate::source::SourceFile::position`]
/// gives them, read from the file's line starts: this format never prints the UTF-16 column,
/// and a file's whole line index cost more than its few findings' positions.
fn range(report: &FileReport, lines: &LineStarts, span: &crate::model::Span) -> JsonRange {
    let counted = lines.span_positions(report.file.text(), span.clone(), COUNTED_IN_A_LINE);
    let [start, end] = [(span.start, counted[0]), (span.end, counted[1])].map(|(offset, found)| {
        let (line, column) =
            found.unwrap_or_else(|| lines.position_anywhere(report.file.text(), offset));
        JsonPosition { line, column }
    });
    JsonRange { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fix's title, whether it is safe, and its edits.
    type OwnedFix = (String, bool, Vec<Edit>);
    /// A text's (offset, length), or a .docx's four positions and numbering label.
    type OwnedOrigin = Result<(Option<usize>, Option<usize>), ([usize; 4], Option<String>)>;

    /// The owned parts of a [`JsonFinding`], for the property tests.
    #[derive(Debug, Clone)]
    struct Owned {
        strings: [String; 7],
        numbers: [usize; 6],
        fix: Option<OwnedFix>,
        origin: OwnedOrigin,
    }

    impl Owned {
        fn finding(&self) -> JsonFinding<'_> {
            let [path, code, rule, category, severity, message, help] = &self.strings;
            let n = self.numbers;
            JsonFinding {
                path,
                code,
                rule,
                category,
                severity,
                message,
                help,
                range: JsonRange {
                    start: JsonPosition {
                        line: n[0],
                        column: n[1],
                    },
                    end: JsonPosition {
                        line: n[2],
                        column: n[3],
                    },
                },
                span: JsonSpan {
                    offset: n[4],
                    length: n[5],
                },
                fix: self.fix.as_ref().map(|(title, safe, edits)| JsonFix {
                    title,
                    applicability: if *safe {
                        crate::diagnostic::Applicability::Safe
                    } else {
                        crate::diagnostic::Applicability::Unsafe
                    },
                    edits: Mapped::new(edits, (), JsonEdit::of),
                }),
                origin: match &self.origin {
                    Ok((offset, length)) => JsonOrigin::Text {
                        encoding: "GB18030",
                        offset: *offset,
                        length: *length,
                    },
                    Err(([paragraph, column, end_paragraph, end_column], numbering)) => {
                        JsonOrigin::Docx {
                            paragraph: *paragraph,
                            column: *column,
                            end_paragraph: *end_paragraph,
                            end_column: *end_column,
                            numbering: numbering.as_deref(),
                        }
                    }
                },
            }
        }
    }

    fn owned() -> impl proptest::strategy::Strategy<Value = Owned> {
        use proptest::prelude::*;
        // Plain text, Chinese, and every kind of character JSON escapes.
        let text = || "[a-z一-龥\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}𠀀 ]{0,12}";
        let number = || prop_oneof![0..3usize, any::<usize>()];
        let edit = (number(), number(), text()).prop_map(|(offset, length, replacement)| Edit {
            span: offset..offset.saturating_add(length),
            replacement: replacement.into(),
        });
        let edits = prop::collection::vec(edit, 0..3);
        let fix = prop::option::of((text(), any::<bool>(), edits));
        let text_origin = (prop::option::of(number()), prop::option::of(number()));
        let docx_origin = (prop::array::uniform4(number()), prop::option::of(text()));
        let origin = prop_oneof![text_origin.prop_map(Ok), docx_origin.prop_map(Err)];
        (
            prop::array::uniform7(text()),
            prop::array::uniform6(number()),
            fix,
            origin,
        )
            .prop_map(|(strings, numbers, fix, origin)| Owned {
                strings,
                numbers,
                fix,
                origin,
            })
    }

    proptest::proptest! {
        /// Findings joined as a file's part are, byte for byte, what lies between the
        /// brackets of serde_json's pretty-printed array of the same findings.
        #[test]
        fn findings_are_laid_out_as_serde_json_lays_them_out(all in proptest::collection::vec(owned(), 1..4)) {
            let findings: Vec<JsonFinding> = all.iter().map(Owned::finding).collect();
            let mut part = Vec::new();
            for (k, finding) in findings.iter().enumerate() {
                if k > 0 {
                    part.extend_from_slice(b",\n");
                }
                array_element(&mut part, finding).expect("written");
            }
            let array = serde_json::to_vec_pretty(&findings).expect("written");
            let inner = &array[2..array.len() - 2];
            proptest::prop_assert_eq!(String::from_utf8(part).unwrap(), String::from_utf8(inner.to_vec()).unwrap());
        }
    }

    #[test]
    fn a_long_fix_is_written_a_block_at_a_time() {
        let edits: Vec<Edit> = (0..20_000)
            .map(|k| Edit {
                span: 3 * k..3 * k + 3,
                replacement: "点".into(),
            })
            .collect();
        let owned = Owned {
            strings: [
                "整篇是繁体字".to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            numbers: [1, 1, 1, 20_001, 0, 60_000],
            fix: Some(("改为简体字".to_string(), true, edits)),
            origin: Ok((Some(0), Some(60_000))),
        };
        let finding = owned.finding();
        let mut whole = Vec::new();
        array_element(&mut whole, &finding).expect("written");
        let (mut sink, mut held) = (Vec::new(), Vec::new());
        array_element_to(&mut held, Some(&mut sink), &finding).expect("written");
        // Most of the 20,000 edits went to the sink as they were laid out.
        assert!(whole.len() > 16 * SPILLED_FROM, "{}", whole.len());
        assert!(held.capacity() <= 2 * SPILLED_FROM, "{}", held.capacity());
        sink.extend_from_slice(&held);
        assert_eq!(
            String::from_utf8(sink).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

    #[test]
    fn a_break_deeper_than_the_written_indent_gets_every_space() {
        for depth in [0, 1, 7, 8, 9, 12] {
            let mut out = Vec::new();
            let mut layout = Layout {
                out: &mut out,
                sink: None,
                depth,
                first: false,
            };
            layout.line();
            layout.break_to(1, depth);
            let indent = " ".repeat(2 * depth);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!(",\n{indent}\n{indent}")
            );
        }
    }

    #[test]
    fn each_byte_that_json_escapes_is_found_at_any_place_in_a_block() {
        let plain = "一段没有需要转义的字符的文字，ab 12".repeat(5);
        assert!(!needs_escape(plain.as_bytes()));
        let escaped = (0u8..0x20).chain([b'"', b'\\']);
        for byte in escaped {
            for at in [0, 1, 15, 16, 31, 32, 33, plain.len()] {
                let mut bytes = plain.as_bytes().to_vec();
                bytes.insert(at, byte);
                assert!(needs_escape(&bytes), "{byte:#x} at {at}");
            }
        }
        for byte in [0x20, 0x7f, b'/', b'\''] {
            assert!(!needs_escape(&[byte]), "{byte:#x}");
        }
    }

    #[test]
    fn positions_are_those_of_the_file_without_utf16() {
        // The last line is longer than the characters counted before a position: read from
        // the line index past them.
        let long = "长".repeat(COUNTED_IN_A_LINE);
        let text = format!("\u{feff}一、总体𠀀情况\r\n20xx年\rab\n\n尾{long}𠀀尾");
        let report = FileReport::new("a.txt".into(), text.clone(), Vec::new());
        let lines = report.file.line_starts();
        let at = |offset: usize| {
            let file = report.file.position(offset);
            (file.line, file.column)
        };
        for start in 0..=text.len() + 2 {
            // Ends on the start's line and past it, near and far (past the characters counted).
            for end in [0, 1, 5, 40, 3 * COUNTED_IN_A_LINE, text.len()].map(|k| start + k) {
                let ours = range(&report, &lines, &(start..end));
                assert_eq!((ours.start.line, ours.start.column), at(start), "{start}");
                assert_eq!((ours.end.line, ours.end.column), at(end), "{start}..{end}");
            }
        }
    }
}
