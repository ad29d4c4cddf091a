//! A text with its name and line index: what every renderer and the language server read
//! positions from.

use super::line_index::{snap, LineIndex, LineStarts, Position, Unit};
use crate::model::Span;

/// A named text and its line index, kept together so they never disagree: the text changes
/// only through [`SourceFile::replace_range`] and [`SourceFile::set_text`], which drop the
/// index. The index is built at its first use: a JSON report reads only [`LineStarts`].
/// Spans are byte offsets into the text; every conversion to lines and columns is here.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub(crate) name: String,
    pub(crate) text: String,
    index: std::sync::OnceLock<LineIndex>,
    /// Whether a leading BOM is counted as text (the protocol's view) or skipped (people's).
    bom_as_text: bool,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::indexed(name.into(), text.into(), false)
    }

    /// A text as the language server protocol counts it: a leading BOM is a character at
    /// (0, 0), not skipped, so positions from the editor mean the same characters here.
    pub fn protocol(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::indexed(name.into(), text.into(), true)
    }

    fn indexed(name: String, text: String, bom_as_text: bool) -> Self {
        let mut file = SourceFile {
            name,
            text: String::new(),
            index: std::sync::OnceLock::new(),
            bom_as_text,
        };
        file.set_text(text);
        file
    }

    fn index_of(&self, text: &str) -> LineIndex {
        if self.bom_as_text {
            LineIndex::with_bom_as_text(text)
        } else {
            LineIndex::new(text)
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| self.index_of(&self.text))
    }

    /// The starts of the lines alone, counted as [`SourceFile::index`] counts them.
    pub fn line_starts(&self) -> LineStarts {
        if self.bom_as_text {
            LineStarts::with_bom_as_text(&self.text)
        } else {
            LineStarts::new(&self.text)
        }
    }

    /// `offset` clamped to the text and moved back to the start of its character.
    pub fn snap(&self, offset: usize) -> usize {
        snap(&self.text, offset)
    }

    /// 1-based line, 1-based character column and 0-based UTF-16 column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.index().position(&self.text, offset)
    }

    /// Positions of a span's start and end.
    pub fn range(&self, span: &Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }

    /// The span of a finding as a region on its lines: snapped to characters, and with a line
    /// terminator at its end left out, so that a finding covering a whole line (junk) ends on
    /// that line instead of at column 1 of the next one. A fix's edits keep their exact spans.
    pub fn region(&self, span: &Span) -> Span {
        let bytes = self.text.as_bytes();
        let mut start = self.snap(span.start);
        // A start between the `\r` and `\n` of one terminator is at the terminator.
        if start > 0 && bytes[start - 1] == b'\r' && bytes.get(start) == Some(&b'\n') {
            start -= 1;
        }
        let mut end = self.snap(span.end).max(start);
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based column in UTF-8 bytes (reviewdog's unit) of a byte offset.
    pub fn byte_position(&self, offset: usize) -> (usize, usize) {
        let index = self.index();
        let offset = self.snap(offset).max(index.line_start(0));
        let line = index.line_of(offset);
        (line + 1, offset - index.line_start(line) + 1)
    }

    /// UTF-16 code units before a byte offset in the whole text (a BOM not counted).
    pub fn utf16_offset(&self, offset: usize) -> usize {
        self.index().utf16_offset(&self.text, offset)
    }

    /// Byte offset of a 0-based line and column counted in `unit`, clamped to the line.
    pub fn offset_at(&self, line: usize, column: usize, unit: Unit) -> usize {
        self.index().offset_at(line, column, unit)
    }

    /// The text of 0-based `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let index = self.index();
        let start = index.line_start(line);
        &self.text[start..index.line_end(line).max(start)]
    }

    /// Replace `range` (byte offsets, snapped to characters, either order) with `with`.
    pub fn replace_range(&mut self, range: Span, with: &str) {
        let (a, b) = (self.snap(range.start), self.snap(range.end));
        self.text.replace_range(a.min(b)..a.max(b), with);
        self.index = std::sync::OnceLock::new();
    }

    pub fn set_text(&mut self, text: String) {
        self.index = std::sync::OnceLock::new();
        self.text = text;
    }

    /// The line terminator this text uses first (`\n` when it has none), for inserted lines.
    pub fn eol(&self) -> &'static str {
        let bytes = self.text.as_bytes();
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
            Some(i) if bytes[i] == b'\r' => "\r",
            _ => "\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_leaves_out_line_terminator() {
        let file = SourceFile::new("a", "甲乙\r\n丙\n");
        assert_eq!(file.region(&(0..8)), 0..6);
        assert_eq!(file.region(&(6..8)), 6..6);
        // Inside a character: moved back to its start.
        assert_eq!(file.region(&(1..4)), 0..3);
        // Between the `\r` and `\n` of one terminator: at the terminator.
        assert_eq!(file.region(&(7..8)), 6..6);
        assert_eq!(file.byte_position(9), (2, 1));
        assert_eq!(file.byte_position(11), (2, 4));
        assert_eq!(file.byte_position(100), (3, 1));
    }

    #[test]
    fn byte_columns_start_after_a_bom() {
        let file = SourceFile::new("a", "\u{feff}甲\r乙");
        assert_eq!(file.byte_position(0), (1, 1));
        assert_eq!(file.byte_position(3), (1, 1));
        assert_eq!(file.byte_position(6), (1, 4));
        assert_eq!(file.byte_position(7), (2, 1));
        assert_eq!(file.line_text(0), "甲");
        assert_eq!(file.line_text(1), "乙");
    }

    #[test]
    fn edits_keep_the_index_in_step() {
        let mut file = SourceFile::new("a", "甲\r乙");
        assert_eq!(file.eol(), "\r");
        // Either order, snapped to characters.
        file.replace_range(Span { start: 4, end: 1 }, "丙\r\n");
        assert_eq!(file.text(), "丙\r\n乙");
        assert_eq!(file.position(file.text().find('乙').unwrap()).line, 2);
        assert_eq!(file.eol(), "\r\n");
        file.set_text("丁".into());
        assert_eq!(file.index().line_count(), 1);
        assert_eq!(file.eol(), "\n");
    }
}
