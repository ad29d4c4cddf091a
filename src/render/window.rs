//! The part of a file the human report shows for one finding: the finding's lines, and one
//! line of context either side, each cut to a window of about [`CONTEXT_COLUMNS`] terminal
//! columns either side of the finding, with `…` where text was left out. Columns, not
//! characters: a Chinese character takes two, and a window counted in characters was twice
//! as wide as the report on a Chinese line, so the terminal wrapped it after all.
//!
//! Re-printing whole lines made the report grow with line length: a flattened page (one line
//! of 5,000 characters) with 40 findings printed the line 40 times, and a terminal wrapped it
//! so that the underline landed nowhere near the fault. A window keeps each finding's report
//! small and its underline under the text. The line numbers and the character column in the
//! header stay the file's own.

use crate::model::Span;
use crate::source::{snap, SourceFile, Unit};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_segmentation::GraphemeCursor;
use unicode_width::UnicodeWidthChar;

/// Terminal columns shown before and after a finding on its line.
pub const CONTEXT_COLUMNS: usize = 40;
/// Terminal columns of a finding shown on one line; a longer finding is cut, its start visible.
pub const MAX_FINDING_COLUMNS: usize = 60;
/// Terminal columns of one shown line's text, without its `…`: a long finding takes its
/// columns from the context, so that the line with its gutter fits the report's 100 columns.
pub const LINE_COLUMNS: usize = 88;
/// Lines of a finding shown; a finding over more lines is cut after these.
pub const MAX_FINDING_LINES: usize = 4;
const ELLIPSIS: char = '…';

/// One shown line: its bytes in the window's text, and the file's column where its
/// characters from the file begin (after a leading `…`).
#[derive(Debug)]
struct ShownLine {
    start: usize,
    end: usize,
    file_chars_start: usize,
    column: usize,
}

/// A finding's lines, cut to windows, as miette reads them: offsets are into `text`, lines and
/// columns are the file's.
#[derive(Debug)]
pub struct Window {
    name: String,
    text: String,
    /// 0-based number, in the file, of the first shown line.
    first_line: usize,
    lines: Vec<ShownLine>,
    label: Span,
}

impl Window {
    /// The window of the finding at `span` in `file`, with `context` lines either side.
    pub fn new(file: &SourceFile, span: &Span, context: usize) -> Self {
        let index = file.index();
        let region = file.region(span);
        let first = index.line_of(region.start);
        let last_of_finding = index.line_of(region.end);
        let last = last_of_finding.min(first + MAX_FINDING_LINES - 1);
        // Context lines are shown from the character column where the finding's first line is,
        // as wide on the terminal as that or as a finding's context, whichever is wider.
        let first_line = Cut::new(file, first, region.start, region.end);
        let from = file.position(first_line.from).column - 1;
        let shown = width(&file.text()[first_line.from..first_line.to]);
        let columns = (from, shown.max(2 * CONTEXT_COLUMNS));

        // A context line whose text all lies outside those columns would show only `…`.
        let context_cut = |line: usize| {
            let cut = Cut::columns(file, line, columns);
            (cut.from < cut.to || index.line_start(line) == index.line_end(line)).then_some(cut)
        };
        let before = (first.saturating_sub(context)..first)
            .rev()
            .take_while(|&line| context_cut(line).is_some())
            .last()
            .unwrap_or(first);
        let after = if last < last_of_finding {
            // The finding goes on: what follows is still the finding, not context.
            last
        } else {
            (last + 1..=(last + context).min(index.line_count() - 1))
                .take_while(|&line| context_cut(line).is_some())
                .last()
                .unwrap_or(last)
        };

        let mut window = Window {
            name: file.name().to_string(),
            text: String::new(),
            first_line: before,
            lines: Vec::new(),
            label: 0..0,
        };
        for line in before..=after {
            let cut = if line == first {
                first_line
            } else if (first..=last).contains(&line) {
                Cut::new(file, line, index.line_start(line), region.end)
            } else {
                Cut::columns(file, line, columns)
            };
            if line > before {
                window.text.push('\n');
            }
            let label = window.push(file, line, &cut);
            if line == first {
                window.label.start = label.start;
            }
            if line == last {
                window.label.end = label.end;
            }
        }
        window
    }

    /// The finding's span in the window's text.
    pub fn label(&self) -> SourceSpan {
        SourceSpan::new(self.label.start.into(), self.label.len())
    }

    /// The window's text, lines separated by `\n`.
    #[cfg(test)]
    fn text(&self) -> &str {
        &self.text
    }

    /// Append a shown line; returns where its part of the finding landed in the window's text.
    fn push(&mut self, file: &SourceFile, line: usize, cut: &Cut) -> Span {
        let start = self.text.len();
        let (line_start, line_end) = (file.index().line_start(line), file.index().line_end(line));
        if cut.from > line_start {
            self.text.push(ELLIPSIS);
        }
        let file_chars_start = self.text.len();
        let text = file.text();
        push_visible(&mut self.text, &text[cut.from..cut.label_from]);
        let label_start = self.text.len();
        push_visible(&mut self.text, &text[cut.label_from..cut.label_to]);
        let label_end = self.text.len();
        push_visible(&mut self.text, &text[cut.label_to..cut.to]);
        if cut.to < line_end {
            self.text.push(ELLIPSIS);
        }
        self.lines.push(ShownLine {
            start,
            end: self.text.len(),
            file_chars_start,
            column: file.position(cut.from).column - 1,
        });
        label_start..label_end
    }

    /// Index of the shown line that holds window offset `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|line| line.end < offset)
            .min(self.lines.len() - 1)
    }

    /// The file's 0-based character column of window offset `offset` on shown line `k`.
    fn column_at(&self, k: usize, offset: usize) -> usize {
        let line = &self.lines[k];
        let from = line.file_chars_start.min(offset);
        line.column + self.text.get(from..offset).map_or(0, |s| s.chars().count())
    }
}

/// What one line shows: bytes `from..to` of the file, of which `label_from..label_to` is the
/// finding.
#[derive(Debug, Clone, Copy)]
struct Cut {
    from: usize,
    to: usize,
    label_from: usize,
    label_to: usize,
}

impl Cut {
    /// A line of the finding, which starts at `start` on it (or before it) and ends at `end`.
    fn new(file: &SourceFile, line: usize, start: usize, end: usize) -> Self {
        let text = file.text();
        let line_start = file.index().line_start(line);
        let line_end = file.index().line_end(line).max(line_start);
        let label_from = start.clamp(line_start, line_end);
        let label_to = advance(text, label_from, MAX_FINDING_COLUMNS, end.min(line_end));
        let context = CONTEXT_COLUMNS
            .min(LINE_COLUMNS.saturating_sub(width(&text[label_from..label_to])) / 2);
        Cut {
            from: retreat(text, label_from, context, line_start),
            to: advance(text, label_to, context, line_end),
            label_from,
            label_to,
        }
    }

    /// A context line, shown from the same character column as the finding's first line and
    /// `columns` terminal columns wide.
    fn columns(file: &SourceFile, line: usize, (from, columns): (usize, usize)) -> Self {
        let from = file.offset_at(line, from, Unit::Char);
        let to = advance(file.text(), from, columns, file.index().line_end(line));
        Cut {
            from,
            to,
            label_from: from,
            label_to: from,
        }
    }
}

/// Terminal columns of a character as the window shows it (control characters as symbols).
fn char_width(c: char) -> usize {
    visible(c).width().unwrap_or(1)
}

/// Terminal columns of a text as the window shows it.
fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// How many characters of `chars` fit in `columns` terminal columns. Zero-width characters
/// count as one column towards a bound, so the walk stays short on any line.
fn fitting(chars: impl Iterator<Item = (usize, char)>, columns: usize) -> Option<usize> {
    let (mut used, mut walked) = (0, 0);
    for (i, c) in chars {
        used += char_width(c);
        walked += 1;
        if used > columns || walked > 4 * columns.max(1) {
            return Some(i);
        }
    }
    None
}

/// The offset `columns` terminal columns after `from`, at most `limit`; moved forward to the
/// end of a user-perceived character it would split.
fn advance(text: &str, from: usize, columns: usize, limit: usize) -> usize {
    let limit = limit.max(from);
    let at = fitting(text[from..limit].char_indices(), columns).map_or(limit, |i| from + i);
    cluster_boundary(text, at, Direction::Forward).clamp(from, limit.max(at))
}

/// The offset `columns` terminal columns before `from`, at least `limit`; moved back to the
/// start of a user-perceived character it would split.
fn retreat(text: &str, from: usize, columns: usize, limit: usize) -> usize {
    let limit = limit.min(from);
    let chars = text[limit..from]
        .char_indices()
        .rev()
        .map(|(i, c)| (i + c.len_utf8(), c));
    let at = fitting(chars, columns).map_or(limit, |i| limit + i);
    cluster_boundary(text, at, Direction::Backward).clamp(limit.min(at), from)
}

#[derive(Clone, Copy)]
enum Direction {
    Forward,
    Backward,
}

/// Bytes either side of a cut that are looked at to find a grapheme-cluster boundary (UAX #29):
/// enough for any combining sequence a document has, and a bound on the work per finding.
const CLUSTER_LOOKAROUND: usize = 64;

/// `at` itself when it is a grapheme-cluster boundary, else the nearest boundary in
/// `direction`, so that a cut never separates a letter from its combining mark or splits an
/// emoji sequence. Windows are counted in characters' widths (cheap); only the cut is adjusted.
fn cluster_boundary(text: &str, at: usize, direction: Direction) -> usize {
    let lo = snap(text, at.saturating_sub(CLUSTER_LOOKAROUND));
    let hi = snap(text, at + CLUSTER_LOOKAROUND);
    let chunk = &text[lo..hi];
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    let found = match cursor.is_boundary(chunk, lo) {
        Ok(true) => Ok(Some(at)),
        _ => match direction {
            Direction::Forward => cursor.next_boundary(chunk, lo),
            Direction::Backward => cursor.prev_boundary(chunk, lo),
        },
    };
    // Past the looked-at bytes (a very long cluster): cut at the character.
    match found {
        Ok(Some(boundary)) => boundary,
        _ => at,
    }
}

/// A character as the terminal should show it: control characters (which would move the
/// cursor, ring the bell or start an escape sequence) as visible symbols.
fn visible(c: char) -> char {
    match c {
        '\t' => c,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or(char::REPLACEMENT_CHARACTER),
        '\x7f' => '\u{2421}',
        '\u{80}'..='\u{9f}' => char::REPLACEMENT_CHARACTER,
        _ => c,
    }
}

fn push_visible(out: &mut String, text: &str) {
    // Most text has no control character: copied whole. A byte below 0x20 (but a tab), DEL,
    // or 0xC2, which starts U+0080–U+00BF (the C1 controls among them), is mapped a
    // character at a time.
    let plain = |b: &u8| (*b >= 0x20 || *b == b'\t') && *b != 0x7f && *b != 0xc2;
    if text.as_bytes().iter().all(plain) {
        out.push_str(text);
    } else {
        out.extend(text.chars().map(visible));
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_at(start);
        let last = self.line_at(end.saturating_sub(1).max(start));
        let from = first.saturating_sub(context_lines_before);
        let to = (last + context_lines_after).min(self.lines.len() - 1);
        // As miette's own sources do: without context the contents start at the span, with
        // the span's column; with context they start at a line's start.
        let (data_start, line, column) = if context_lines_before == 0 {
            (start, first, self.column_at(first, start))
        } else {
            (self.lines[from].start, from, 0)
        };
        let data_end = self.lines[to].end.max(data_start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            self.first_line + line,
            column,
            to - from,
        )))
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Text copied whole reads as text mapped a character at a time.
        #[test]
        fn text_pushed_whole_shows_as_each_character_would(
            text in "[ 甲a\t\n\r\u{0}\u{1b}\u{7f}\u{80}\u{9f}\u{a0}£é…]{0,24}",
        ) {
            let mut pushed = String::new();
            super::push_visible(&mut pushed, &text);
            let each: String = text.chars().map(super::visible).collect();
            proptest::prop_assert_eq!(pushed, each);
        }
    }

    use super::*;

    /// The window's text, and (line, column) of the finding as miette's header shows them.
    fn show(text: &str, span: Span) -> (String, (usize, usize), String) {
        let file = SourceFile::new("a.txt", text);
        let window = Window::new(&file, &span, 1);
        let header = window.read_span(&window.label(), 0, 0).unwrap();
        let label = window.label();
        let labelled = window.text()[label.offset()..label.offset() + label.len()].to_string();
        (
            window.text().to_string(),
            (header.line() + 1, header.column() + 1),
            labelled,
        )
    }

    #[test]
    fn short_lines_are_shown_whole_with_context() {
        let text = "标题\n一、总体情况\n20xx年，我局\n二、问题\n";
        let at = text.find("20xx").unwrap();
        let (shown, header, label) = show(text, at..at + 4);
        assert_eq!(shown, "一、总体情况\n20xx年，我局\n二、问题");
        assert_eq!(header, (3, 1));
        assert_eq!(label, "20xx");
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let filler = "甲".repeat(3000);
        let text = format!("标题\n{filler}20xx年{filler}\n尾");
        let at = text.find("20xx").unwrap();
        let (shown, header, label) = show(&text, at..at + 4);
        // 甲 takes two columns: twenty of them are the forty columns of context.
        let side = "甲".repeat(20);
        // The lines around are too short to reach these columns; 年 takes two of the forty.
        let after = "甲".repeat(19);
        assert_eq!(shown, format!("…{side}20xx年{after}…"));
        assert_eq!(header, (2, 3001));
        assert_eq!(label, "20xx");
    }

    #[test]
    fn a_long_finding_is_cut_with_its_start_visible() {
        let text = format!("前{}后", "乙".repeat(500));
        let (shown, header, label) = show(&text, 3..3 + 500 * 3);
        // Sixty columns of the finding are 30 乙; the context gets (88 - 60) / 2 = 14 columns.
        assert_eq!(label, "乙".repeat(30));
        assert_eq!(shown, format!("前{}…", "乙".repeat(30 + 7)));
        assert_eq!(header, (1, 2));
    }

    #[test]
    fn a_finding_over_many_lines_shows_its_first_lines() {
        let text = "上\n一\n二\n三\n四\n五\n六\n";
        let start = text.find('一').unwrap();
        let (shown, header, label) = show(text, start..text.find('六').unwrap());
        assert_eq!(shown, "上\n一\n二\n三\n四");
        assert_eq!(label, "一\n二\n三\n四");
        assert_eq!(header, (2, 1));
    }

    #[test]
    fn context_lines_keep_the_findings_columns() {
        // The line above is too short to reach the window: it is left out, not shown as `…`.
        let text = format!(
            "短\n{}XX{}\n{}",
            "丙".repeat(200),
            "丙".repeat(200),
            "丁".repeat(300)
        );
        let at = text.find("XX").unwrap();
        let (shown, header, _) = show(&text, at..at + 2);
        // 丙 is two columns wide: 20 of them either side. The line below is as wide as the
        // finding's line (20 + 1 + 20 characters of two columns), from the same character.
        let side = "丙".repeat(20);
        let below = "丁".repeat(41);
        assert_eq!(shown, format!("…{side}XX{side}…\n…{below}…"));
        assert_eq!(header, (2, 201));
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let text = "甲\u{1b}[2J乙\u{9b}丙XX\u{7}";
        let at = text.find("XX").unwrap();
        let (shown, header, label) = show(text, at..at + 2);
        assert_eq!(shown, "甲\u{241b}[2J乙\u{fffd}丙XX\u{2407}");
        assert_eq!(header, (1, 9));
        assert_eq!(label, "XX");
    }

    #[test]
    fn lone_cr_and_bom_lines_and_columns() {
        let text = "\u{feff}一、总体情况\r三、XX问题\r";
        let at = text.find("XX").unwrap();
        let (shown, header, label) = show(text, at..at + 2);
        assert_eq!(shown, "一、总体情况\n三、XX问题\n");
        assert_eq!(header, (2, 3));
        assert_eq!(label, "XX");
    }

    #[test]
    fn a_cut_never_splits_a_character_from_its_combining_marks() {
        // e with two combining marks: one column to a reader, three characters to Rust. The
        // forty-first column back falls inside one; the cut takes the whole of it.
        let accented = "e\u{301}\u{302}";
        let line = accented.repeat(100);
        let text = format!("{line}XX{line}");
        let at = text.find("XX").unwrap();
        let (shown, header, label) = show(&text, at..at + 2);
        let before = accented.repeat(CONTEXT_COLUMNS + 1);
        let after = accented.repeat(CONTEXT_COLUMNS);
        assert_eq!(shown, format!("…{before}XX{after}…"));
        assert_eq!(header, (1, 301));
        assert_eq!(label, "XX");
    }

    #[test]
    fn cluster_boundaries() {
        let text = "甲e\u{301}乙";
        let inside = "甲e".len();
        assert_eq!(
            cluster_boundary(text, inside, Direction::Forward),
            inside + 2
        );
        assert_eq!(
            cluster_boundary(text, inside, Direction::Backward),
            "甲".len()
        );
        assert_eq!(cluster_boundary(text, 0, Direction::Backward), 0);
        assert_eq!(
            cluster_boundary(text, text.len(), Direction::Forward),
            text.len()
        );
    }
}
