//! Byte offsets to the positions people and protocols count, in logarithmic time.
//!
//! A column is the number of characters (or UTF-16 code units) between the start of the line
//! and the offset. Counting them by walking the line makes every finding on a long line cost
//! the line's length; a flattened page with 100,000 findings on one line then takes minutes.
//! Instead the index records every non-ASCII character once, with running totals of the bytes
//! it "loses" against a count in characters and in UTF-16 units. The column of any offset is
//! then its byte distance from the line start minus the loss in between, found by binary
//! search. ASCII is one byte, one character, one unit, so only non-ASCII characters are kept.

/// A position for people: 1-based line and 1-based column counted in characters.
/// `utf16_column` is the 0-based column in UTF-16 code units, for LSP and SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub utf16_column: usize,
}

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Characters (Unicode scalar values), as people count.
    Char,
    /// UTF-16 code units, as LSP and SARIF count.
    Utf16,
}

/// `offset` clamped to the text and moved back to the start of the character it falls in.
/// The one place where an offset from outside is made safe to slice with.
pub fn snap(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A run of consecutive non-ASCII characters of one UTF-8 width, with the running totals of
/// what the characters before it lose against their byte length when counted in characters and
/// in UTF-16 units. Chinese prose is long runs of three-byte characters broken by digits, Latin
/// letters and line breaks, so a run stands for dozens of characters (a table with an entry
/// per character took eight times the text's size). A 50 MB text still has a million runs:
/// they are kept in 16 bytes each, their offsets and totals as `u32` (see [`Stored`]).
#[derive(Debug, Clone, Copy)]
struct Run<S> {
    /// Byte offset of the run's first character.
    offset: S,
    /// Sum over earlier non-ASCII characters of `bytes - 1`.
    chars_lost: S,
    /// Sum over earlier non-ASCII characters of `bytes - UTF-16 units`.
    units_lost: S,
    /// How many characters the run holds (the low 30 bits, at most [`MAX_COUNT`]) and the
    /// bytes of each less one (the high 2 bits: a width is 2, 3 or 4).
    count_width: u32,
}

/// The most characters one run holds; a longer stretch is cut into several runs.
const MAX_COUNT: usize = (1 << 30) - 1;

/// How a run keeps its offset and totals: `u32` in a text under 4 GiB (every text zjlint
/// reads is far smaller), `usize` beyond.
trait Stored: Copy {
    /// `n`, which is at most the text's length.
    fn store(n: usize) -> Self;
    fn get(self) -> usize;
}

impl Stored for u32 {
    fn store(n: usize) -> Self {
        // Only texts shorter than 4 GiB keep u32 (see `Runs::of`).
        n as u32
    }
    fn get(self) -> usize {
        self as usize
    }
}

impl Stored for usize {
    fn store(n: usize) -> Self {
        n
    }
    fn get(self) -> usize {
        self
    }
}

impl<S: Stored> Run<S> {
    fn offset(&self) -> usize {
        self.offset.get()
    }

    fn count(&self) -> usize {
        (self.count_width as usize) & MAX_COUNT
    }

    fn width(&self) -> usize {
        (self.count_width >> 30) as usize + 1
    }

    /// Byte offset just past the run's last character.
    fn end(&self) -> usize {
        self.offset() + self.count() * self.width()
    }

    fn lost(&self, unit: Unit) -> usize {
        match unit {
            Unit::Char => self.chars_lost.get(),
            Unit::Utf16 => self.units_lost.get(),
        }
    }

    /// What one of the run's characters loses against its bytes, in `unit`.
    fn lost_each(&self, unit: Unit) -> usize {
        self.width() - self.columns_each(unit)
    }

    /// Columns one of the run's characters takes, in `unit`.
    fn columns_each(&self, unit: Unit) -> usize {
        match unit {
            Unit::Utf16 if self.width() == 4 => 2,
            _ => 1,
        }
    }
}

/// The runs of one text, in the narrowest form its length allows.
#[derive(Debug, Clone)]
enum Runs {
    Narrow(Vec<Run<u32>>),
    Wide(Vec<Run<usize>>),
}

impl Runs {
    /// The runs of the non-ASCII characters of `bytes` from `first` on, and the line
    /// terminators found on the way: `starts` and `ends` get each line's start and end.
    fn of(bytes: &[u8], first: usize, starts: &mut Vec<usize>, ends: &mut Vec<usize>) -> Runs {
        if u32::try_from(bytes.len()).is_ok() {
            Runs::Narrow(runs_of(bytes, first, starts, ends))
        } else {
            Runs::Wide(runs_of(bytes, first, starts, ends))
        }
    }

    /// The same runs in the wide form, as a text of 4 GiB or more has them.
    #[cfg(test)]
    fn widened(&self) -> Runs {
        match self {
            Runs::Narrow(runs) => Runs::Wide(
                (runs.iter())
                    .map(|run| Run {
                        offset: run.offset(),
                        chars_lost: run.chars_lost.get(),
                        units_lost: run.units_lost.get(),
                        count_width: run.count_width,
                    })
                    .collect(),
            ),
            Runs::Wide(runs) => Runs::Wide(runs.clone()),
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        match self {
            Runs::Narrow(runs) => runs.len(),
            Runs::Wide(runs) => runs.len(),
        }
    }
}

/// See [`Runs::of`].
fn runs_of<S: Stored>(
    bytes: &[u8],
    first: usize,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> Vec<Run<S>> {
    let mut runs: Vec<Run<S>> = Vec::new();
    let (mut chars_lost, mut units_lost) = (0, 0);
    let mut i = first;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                ends.push(i);
                starts.push(i + 1);
                i += 1;
            }
            b'\r' => {
                ends.push(i);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                starts.push(i);
            }
            // ASCII up to the next line break or other character.
            0..=0x7f => {
                i += 1;
                while bytes
                    .get(i)
                    .is_some_and(|&b| b < 0x80 && b != b'\n' && b != b'\r')
                {
                    i += 1;
                }
            }
            _ => {
                let width = utf8_width(b);
                // The characters of the same width right after it: most of a Chinese line
                // is one run, found here in a tight loop.
                let start = i;
                i += width;
                // A lead byte of this width: its high bits are `width` ones and a zero.
                let (mask, lead) = match width {
                    2 => (0xE0, 0xC0),
                    3 => (0xF0, 0xE0),
                    _ => (0xF8, 0xF0),
                };
                while bytes.get(i).is_some_and(|&next| next & mask == lead) {
                    i += width;
                }
                let mut count = (i - start) / width;
                // What one such character loses against its bytes, in characters and in
                // UTF-16 units (a four-byte character is two units).
                let char_loss = width - 1;
                let unit_loss = width - if width == 4 { 2 } else { 1 };
                let mut at = start;
                while count > 0 {
                    let continues = runs.last().is_some_and(|run| {
                        run.end() == at && run.width() == width && run.count() < MAX_COUNT
                    });
                    if !continues {
                        runs.push(Run {
                            offset: S::store(at),
                            chars_lost: S::store(chars_lost),
                            units_lost: S::store(units_lost),
                            // A width of 2 to 4 in the high bits, no characters yet.
                            count_width: ((width - 1) as u32) << 30,
                        });
                    }
                    let Some(run) = runs.last_mut() else {
                        break;
                    };
                    let taken = count.min(MAX_COUNT - run.count());
                    run.count_width += taken as u32;
                    chars_lost += taken * char_loss;
                    units_lost += taken * unit_loss;
                    at += taken * width;
                    count -= taken;
                }
            }
        }
    }
    runs.shrink_to_fit();
    runs
}

/// Line starts and ends, and the runs of non-ASCII characters, of one text.
///
/// A line ends at `\n`, `\r\n` or a lone `\r`, as the LSP specification says; the terminator
/// belongs to no line's text. A byte order mark at the start is not a character a person sees:
/// line 1 starts after it, so the first character of a BOM file is column 1. The language
/// server protocol instead counts a leading BOM as one UTF-16 unit of line 0: see
/// [`LineIndex::with_bom_as_text`].
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Where each line's text ends, before its terminator.
    ends: Vec<usize>,
    runs: Runs,
    /// The text's length.
    len: usize,
}

const BOM: &str = "\u{feff}";

/// The bytes of the byte order mark `text` starts with (none: 0), where people's line 1 starts.
fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

impl LineIndex {
    /// The index people read: a leading BOM is skipped.
    pub fn new(text: &str) -> Self {
        Self::from(text, bom_len(text))
    }

    /// The index the language server protocol reads: a leading BOM is an ordinary character
    /// at (0, 0), as the editor counts it, so edits and ranges land on the right characters.
    pub fn with_bom_as_text(text: &str) -> Self {
        Self::from(text, 0)
    }

    /// Index `text` with line 1 starting at byte `first`.
    fn from(text: &str, first: usize) -> Self {
        // Sized once for a line per line feed (a lone carriage return is rare): growing them
        // a line at a time cost more than counting the line feeds.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut starts = Vec::with_capacity(lines);
        starts.push(first);
        let mut ends = Vec::with_capacity(lines);
        let runs = Runs::of(text.as_bytes(), first, &mut starts, &mut ends);
        ends.push(text.len());
        LineIndex {
            starts,
            ends,
            runs,
            len: text.len(),
        }
    }

    /// 0-based line number containing `offset` (a terminator belongs to the line it ends).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 0-based `line` starts; the end of the text past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte offset where the text of 0-based `line` ends, before its terminator.
    pub fn line_end(&self, line: usize) -> usize {
        self.ends.get(line).copied().unwrap_or(self.len)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Position of a byte offset into `text` (the text this index was built from). Offsets
    /// inside a character are moved back to its start; offsets in a BOM, to the first line.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = snap(text, offset).max(self.starts[0]);
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: self.count_between(start, offset, Unit::Char) + 1,
            utf16_column: self.count_between(start, offset, Unit::Utf16),
        }
    }

    /// Characters between two byte offsets (character boundaries, `from` ≤ `to`), found in
    /// logarithmic time.
    pub fn chars_between(&self, from: usize, to: usize) -> usize {
        self.count_between(from, to.max(from), Unit::Char)
    }

    /// UTF-16 code units before a byte offset into `text` (the text this index was built from)
    /// in the whole text (a BOM not counted), for SARIF's `charOffset`. Offsets inside a
    /// character are moved back to its start, as in [`LineIndex::position`].
    pub fn utf16_offset(&self, text: &str, offset: usize) -> usize {
        let offset = snap(text, offset).max(self.starts[0]);
        self.count_between(self.starts[0], offset, Unit::Utf16)
    }

    /// Byte offset of a 0-based (line, UTF-16 column), for LSP input; see
    /// [`LineIndex::offset_at`].
    pub fn offset_of_utf16(&self, line: usize, utf16_col: usize) -> usize {
        self.offset_at(line, utf16_col, Unit::Utf16)
    }

    /// Byte offset of a 0-based (line, column counted in `unit`). A column past the line's end
    /// is its end (as the LSP specification says), a line past the text is the text's end, and
    /// a column inside a surrogate pair is the start of its character.
    pub fn offset_at(&self, line: usize, column: usize, unit: Unit) -> usize {
        let (Some(&start), Some(&end)) = (self.starts.get(line), self.ends.get(line)) else {
            return self.len;
        };
        let base = self.lost_before(start, unit);
        match &self.runs {
            Runs::Narrow(runs) => offset_in_line(runs, start, end, base, column, unit),
            Runs::Wide(runs) => offset_in_line(runs, start, end, base, column, unit),
        }
    }

    /// Characters or units between two char boundaries (`from <= to`); callers snap them, as
    /// an offset inside a character would count its lost bytes without its start.
    fn count_between(&self, from: usize, to: usize, unit: Unit) -> usize {
        let lost = self.lost_before(to, unit) - self.lost_before(from, unit);
        to - from - lost
    }

    /// What the non-ASCII characters that start before `offset` lose against their bytes, in
    /// `unit`.
    fn lost_before(&self, offset: usize, unit: Unit) -> usize {
        match &self.runs {
            Runs::Narrow(runs) => lost_before(runs, offset, unit),
            Runs::Wide(runs) => lost_before(runs, offset, unit),
        }
    }
}

/// See [`LineIndex::offset_at`]: the line runs from `start` to `end`, and `base` is what the
/// characters before it lose.
fn offset_in_line<S: Stored>(
    runs: &[Run<S>],
    start: usize,
    end: usize,
    base: usize,
    column: usize,
    unit: Unit,
) -> usize {
    // Column of a run's first character; increasing with the run.
    let column_of = |run: &Run<S>| run.offset() - start - (run.lost(unit) - base);
    // Runs break at line terminators, so a run is inside one line.
    let from = runs.partition_point(|r| r.offset() < start);
    let to = runs.partition_point(|r| r.offset() < end);
    let runs = &runs[from..to];
    let taken = runs.partition_point(|r| column_of(r) <= column);
    let offset = match taken.checked_sub(1) {
        // Only ASCII before the column.
        None => start.saturating_add(column),
        Some(k) => {
            let run = &runs[k];
            let at = column_of(run);
            let count = run.count();
            let step = run.columns_each(unit);
            let n = (column - at) / step;
            if n < count {
                // On a character of the run, or inside its surrogate pair: its start.
                return run.offset() + n * run.width();
            }
            run.end().saturating_add(column - at - count * step)
        }
    };
    offset.min(end)
}

/// See [`LineIndex::lost_before`].
fn lost_before<S: Stored>(runs: &[Run<S>], offset: usize, unit: Unit) -> usize {
    let next = runs.partition_point(|r| r.offset() < offset);
    let Some(run) = next.checked_sub(1).map(|k| &runs[k]) else {
        return 0;
    };
    let started = (offset - run.offset())
        .div_ceil(run.width())
        .min(run.count());
    run.lost(unit) + started * run.lost_each(unit)
}

/// Bytes of the UTF-8 sequence that starts with `lead` (a non-ASCII lead byte).
fn utf8_width(lead: u8) -> usize {
    match lead.leading_ones() {
        2 => 2,
        3 => 3,
        _ => 4,
    }
}

/// The starts of a text's lines alone, with the lines of a [`LineIndex`] built the same way
/// (a line ends at `\n`, `\r\n` or a lone `\r`; a leading BOM is skipped): what a report
/// that prints only the lines and character columns of a few offsets needs. Found by one
/// vector search for the two terminators, where a [`LineIndex`] reads every character.
pub struct LineStarts {
    starts: Vec<usize>,
    /// Where the characters of long lines are counted up to: made at the first position asked
    /// for far into a line (see [`LineStarts::position_anywhere`]).
    checkpoints: std::sync::OnceLock<Vec<Checkpoint>>,
}

/// A place on a line (a character boundary) and how many characters of its line lie before
/// it; one at or before every multiple of [`CHECKPOINT_EVERY`] bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Checkpoint {
    offset: usize,
    column: usize,
}

/// How many bytes apart [`LineStarts`]' checkpoints are: a position is counted from at most
/// this many bytes before it.
const CHECKPOINT_EVERY: usize = 2048;

impl LineStarts {
    /// As [`LineIndex::new`] counts lines.
    pub fn new(text: &str) -> Self {
        Self::from(text, bom_len(text))
    }

    /// As [`LineIndex::with_bom_as_text`] counts lines.
    pub fn with_bom_as_text(text: &str) -> Self {
        Self::from(text, 0)
    }

    fn from(text: &str, first: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![first];
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[first..]).map(|at| first + at) {
            // The `\r` of a `\r\n` ends no line: its `\n` does.
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(at + 1);
        }
        LineStarts {
            starts,
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    /// Line and character column of any byte offset, as [`LineIndex::position`] gives them.
    /// Far into a long line (a page flattened to one line), counted from the checkpoint before
    /// it: a text's checkpoints take 16 bytes per 2 KB, where a line index of its characters
    /// took about a third of the text.
    pub fn position_anywhere(&self, text: &str, offset: usize) -> (usize, usize) {
        if let Some(found) = self.position(text, offset, CHECKPOINT_EVERY) {
            return found;
        }
        let offset = snap(text, offset).max(self.starts[0]);
        let line = self.starts.partition_point(|&start| start <= offset);
        let checkpoints = self.checkpoints.get_or_init(|| self.checkpoints_of(text));
        let before = checkpoints.partition_point(|point| point.offset <= offset);
        // A checkpoint lies on the line between its start and the offset: more than
        // `CHECKPOINT_EVERY` bytes separate them.
        let from = (before.checked_sub(1).map(|k| checkpoints[k]))
            .filter(|point| point.offset >= self.starts[line - 1])
            .unwrap_or(Checkpoint {
                offset: self.starts[line - 1],
                column: 0,
            });
        (
            line,
            from.column + text[from.offset..offset].chars().count() + 1,
        )
    }

    /// A checkpoint at (or just before, on a character boundary) every multiple of
    /// [`CHECKPOINT_EVERY`] bytes, each counted on from the one before or its line's start.
    fn checkpoints_of(&self, text: &str) -> Vec<Checkpoint> {
        let mut points = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut last = Checkpoint {
            offset: self.starts[0],
            column: 0,
        };
        let mut line = 0;
        for at in (CHECKPOINT_EVERY..=text.len()).step_by(CHECKPOINT_EVERY) {
            let at = snap(text, at);
            while self.starts.get(line + 1).is_some_and(|&start| start <= at) {
                line += 1;
            }
            let line_start = self.starts[line];
            if at < line_start {
                continue;
            }
            let from = match last.offset >= line_start && last.offset <= at {
                true => last,
                false => Checkpoint {
                    offset: line_start,
                    column: 0,
                },
            };
            last = Checkpoint {
                offset: at,
                column: from.column + text[from.offset..at].chars().count(),
            };
            points.push(last);
        }
        points
    }

    /// 1-based line and 1-based character column of a byte offset, as
    /// [`LineIndex::position`] gives them, when the offset lies at most `counted` bytes into
    /// its line: the characters before it are counted, so a caller bounds the work per
    /// position (a page flattened to one long line is read by a [`LineIndex`] instead).
    pub fn position(&self, text: &str, offset: usize, counted: usize) -> Option<(usize, usize)> {
        let offset = snap(text, offset).max(self.starts[0]);
        let line = (self.starts)
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        (offset - start <= counted).then(|| (line + 1, text[start..offset].chars().count() + 1))
    }

    /// [`LineStarts::position`] of a span's start and of its end. When both lie on one line,
    /// at most `counted` bytes apart, the end's column is counted on from the start's rather
    /// than from the line's start again: most findings end a few characters on.
    pub fn span_positions(
        &self,
        text: &str,
        span: std::ops::Range<usize>,
        counted: usize,
    ) -> [Option<(usize, usize)>; 2] {
        let start = self.position(text, span.start, counted);
        if let Some((line, column)) = start {
            let from = snap(text, span.start).max(self.starts[0]);
            let to = snap(text, span.end).max(self.starts[0]);
            // `line` is 1-based: the next line starts at `starts[line]`.
            let next_line = self.starts.get(line).copied().unwrap_or(usize::MAX);
            if from <= to && to < next_line && to - from <= counted {
                return [start, Some((line, column + text[from..to].chars().count()))];
            }
        }
        [start, self.position(text, span.end, counted)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Far into lines longer than the checkpoints are apart, the same as a line index.
        #[test]
        fn positions_anywhere_are_the_line_index_positions(
            lines in proptest::collection::vec((
                proptest::sample::select(vec!["a", "甲", "😀", "é", "\u{feff}", "a甲😀é", "甲乙丙"]),
                0usize..3000,
                proptest::sample::select(vec!["\n", "\r\n", "\r", ""]),
            ), 0..6),
            offsets in proptest::collection::vec(0usize..30_000, 1..24),
        ) {
            // Lines of up to 12 KB, of one piece repeated, each with its terminator.
            let text: String = (lines.iter())
                .map(|(piece, times, end)| piece.repeat(*times) + end)
                .collect();
            let skipped = (LineIndex::new(&text), LineStarts::new(&text));
            let kept = (LineIndex::with_bom_as_text(&text), LineStarts::with_bom_as_text(&text));
            for (index, starts) in [skipped, kept] {
                for &offset in &offsets {
                    let expected = index.position(&text, offset);
                    proptest::prop_assert_eq!(
                        starts.position_anywhere(&text, offset),
                        (expected.line, expected.column),
                        "at {}", offset
                    );
                }
            }
        }
    }

    #[test]
    fn checkpoints_count_on_along_a_line_and_start_again_on_the_next() {
        // One line of 3,000 three-byte characters, then one of 3,000 ASCII letters.
        let text = format!("{}\n{}", "甲".repeat(3000), "a".repeat(3000));
        let starts = LineStarts::new(&text);
        let points = starts.checkpoints_of(&text);
        let expected = [
            // 2048 and 4096 fall inside characters: snapped back to 2046 and 4095.
            Checkpoint {
                offset: 2046,
                column: 682,
            },
            Checkpoint {
                offset: 4095,
                column: 1365,
            },
            Checkpoint {
                offset: 6144,
                column: 2048,
            },
            // On the second line, which starts at 9001: 8192 is still on the first.
            Checkpoint {
                offset: 8190,
                column: 2730,
            },
            Checkpoint {
                offset: 10240,
                column: 1239,
            },
        ];
        assert_eq!(points, expected);
        assert_eq!(starts.position_anywhere(&text, 8999), (1, 3000));
        assert_eq!(starts.position_anywhere(&text, 9000), (1, 3001));
        assert_eq!(starts.position_anywhere(&text, 9001), (2, 1));
        assert_eq!(starts.position_anywhere(&text, 10_240 + 5), (2, 1245));
        assert_eq!(starts.position_anywhere(&text, text.len()), (2, 3001));
    }

    proptest::proptest! {
        #[test]
        fn line_starts_give_the_line_index_positions(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "甲", "\r", "\n", "\r\n", "😀", "é", "\u{feff}"]),
                0..40,
            ),
            offsets in proptest::collection::vec(0usize..200, 1..8),
            counted in 0usize..40,
        ) {
            let text: String = pieces.concat();
            let skipped = (LineIndex::new(&text), LineStarts::new(&text));
            let kept = (LineIndex::with_bom_as_text(&text), LineStarts::with_bom_as_text(&text));
            for (index, starts) in [skipped, kept] {
                for &offset in &offsets {
                    let expected = index.position(&text, offset);
                    let expected = (expected.line, expected.column);
                    proptest::prop_assert_eq!(
                        starts.position(&text, offset, usize::MAX),
                        Some(expected),
                        "{:?} at {}", text, offset
                    );
                    // Within `counted` bytes of its line's start, the same; else none.
                    let snapped = snap(&text, offset).max(index.line_start(0));
                    let into_line = snapped - index.line_start(expected.0 - 1);
                    proptest::prop_assert_eq!(
                        starts.position(&text, offset, counted),
                        (into_line <= counted).then_some(expected),
                        "{:?} at {}, {} counted", text, offset, counted
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_span_s_ends_are_where_each_alone_is(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "甲", "\r", "\n", "\r\n", "😀", "é", "\u{feff}"]),
                0..40,
            ),
            spans in proptest::collection::vec((0usize..200, 0usize..200), 1..8),
            counted in 0usize..40,
        ) {
            let text: String = pieces.concat();
            for starts in [LineStarts::new(&text), LineStarts::with_bom_as_text(&text)] {
                for &(a, b) in &spans {
                    let (from, to) = (a.min(b), a.max(b));
                    let [start, end] = starts.span_positions(&text, from..to, counted);
                    proptest::prop_assert_eq!(start, starts.position(&text, from, counted));
                    // The end's position, counted on from the start or alone; counted on, it
                    // may be given where alone it lies too far into its line to be counted.
                    match end {
                        Some(_) => proptest::prop_assert_eq!(
                            end,
                            starts.position(&text, to, usize::MAX),
                            "{:?} {}..{}", text, from, to
                        ),
                        None => proptest::prop_assert_eq!(starts.position(&text, to, counted), None),
                    }
                }
            }
        }
    }

    /// (line, column, UTF-16 column) of the first occurrence of `needle`.
    fn at(text: &str, needle: &str) -> (usize, usize, usize) {
        let pos = LineIndex::new(text).position(text, text.find(needle).unwrap());
        (pos.line, pos.column, pos.utf16_column)
    }

    /// Every char boundary maps to a position and back (through UTF-16) to itself, and the
    /// positions agree with counting the line's characters from its start.
    fn assert_round_trips(text: &str) {
        let index = LineIndex::new(text);
        let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if offset < bom {
                continue;
            }
            let pos = index.position(text, offset);
            let line = pos.line - 1;
            let start = index.line_start(line);
            let prefix = &text[start..offset];
            assert_eq!(pos.column, prefix.chars().count() + 1, "{text:?} @{offset}");
            assert_eq!(
                pos.utf16_column,
                prefix.encode_utf16().count(),
                "{text:?} @{offset}"
            );
            let back = index.offset_of_utf16(line, pos.utf16_column);
            let line_end = index.line_end(line);
            // Offsets inside a terminator come back as the end of the line's text.
            assert_eq!(back, offset.min(line_end), "{text:?} @{offset}");
            assert_eq!(
                index.offset_at(line, pos.column - 1, Unit::Char),
                offset.min(line_end)
            );
            let whole = text[bom..offset].encode_utf16().count();
            assert_eq!(
                index.utf16_offset(text, offset),
                whole,
                "{text:?} @{offset}"
            );
        }
    }

    #[test]
    fn astral_characters_are_one_column_and_two_units() {
        let text = "标题\n𠀀二、甲𠀀乙";
        assert_eq!(at(text, "二"), (2, 2, 2));
        assert_eq!(at(text, "乙"), (2, 6, 7));
        let index = LineIndex::new(text);
        // A UTF-16 column inside the surrogate pair of 𠀀 is the start of 𠀀.
        let astral = text.find('𠀀').unwrap();
        assert_eq!(index.offset_of_utf16(1, 1), astral);
        assert_eq!(index.offset_of_utf16(1, 2), text.find('二').unwrap());
        // Past the end of a line: its end; past the last line: the text's end.
        assert_eq!(index.offset_of_utf16(0, 99), "标题".len());
        assert_eq!(index.offset_of_utf16(7, 0), text.len());
        assert_round_trips(text);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}一、总体\n二、成绩";
        assert_eq!(at(text, "一"), (1, 1, 0));
        assert_eq!(at(text, "总"), (1, 3, 2));
        assert_eq!(at(text, "二"), (2, 1, 0));
        let index = LineIndex::new(text);
        // Offsets in the BOM itself are the first character's position.
        let pos = index.position(text, 0);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (1, 1, 0));
        assert_eq!(index.offset_of_utf16(0, 0), BOM.len());
        assert_eq!(index.utf16_offset(text, text.find('二').unwrap()), 5);
        assert_round_trips(text);
        // A U+FEFF after the start is an ordinary (zero-width) character.
        assert_eq!(at("甲\u{feff}乙", "乙"), (1, 3, 2));
    }

    #[test]
    fn crlf_lone_cr_and_lf_all_end_lines() {
        let text = "一\r\n二\r三\n四\r\r五";
        assert_eq!(at(text, "二"), (2, 1, 0));
        assert_eq!(at(text, "三"), (3, 1, 0));
        assert_eq!(at(text, "四"), (4, 1, 0));
        assert_eq!(at(text, "五"), (6, 1, 0));
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        // The terminator belongs to the line it ends; its text excludes it.
        assert_eq!(index.line_of(text.find('\n').unwrap()), 0);
        assert_eq!(index.line_end(0), "一".len());
        assert_eq!(index.line_start(4), index.line_end(4));
        assert_round_trips(text);
    }

    #[test]
    fn headings_separated_by_lone_cr_are_on_two_lines() {
        let text = "一、总体情况\r三、存在问题\r";
        assert_eq!(at(text, "一"), (1, 1, 0));
        assert_eq!(at(text, "三"), (2, 1, 0));
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let end = index.position(text, text.len());
        assert_eq!((end.line, end.column), (3, 1));
    }

    #[test]
    fn mixed_text_round_trips() {
        for text in [
            "",
            "\u{feff}",
            "\r",
            "\r\n",
            "a\u{e9}b\r\n𠀀\rc𠀀d\n\n😀😀x",
            "\u{feff}𠀀\r\n\u{feff}é\r",
            "20xx年20xx年\r20xx年",
        ] {
            assert_round_trips(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_mix_round_trips(pieces in proptest::collection::vec(
            proptest::sample::select(vec!["a", "\r", "\n", "\r\n", "é", "甲", "𠀀", "\u{feff}", "\t"]),
            0..40,
        )) {
            assert_round_trips(&pieces.concat());
        }
    }

    /// The column of every byte offset and the offset of every column, by walking the line's
    /// characters one by one: the definition the run table must agree with.
    fn assert_agrees_with_walking(text: &str) {
        let narrow = LineIndex::new(text);
        assert!(matches!(narrow.runs, Runs::Narrow(_)));
        let wide = LineIndex {
            runs: narrow.runs.widened(),
            ..narrow.clone()
        };
        for index in [narrow, wide] {
            assert_index_agrees_with_walking(text, &index);
        }
    }

    fn assert_index_agrees_with_walking(text: &str, index: &LineIndex) {
        // Lines as the specification breaks them: at `\n`, `\r\n` and a lone `\r`.
        let (mut starts, mut ends) = (vec![index.line_start(0)], Vec::new());
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(index.line_start(0)) {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                let terminator = if b == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                ends.push(terminator);
                starts.push(i + 1);
            }
        }
        ends.push(text.len());
        let lines = 0..index.line_count();
        assert_eq!(
            lines
                .clone()
                .map(|l| index.line_start(l))
                .collect::<Vec<_>>(),
            starts,
            "{text:?}"
        );
        assert_eq!(
            lines.map(|l| index.line_end(l)).collect::<Vec<_>>(),
            ends,
            "{text:?}"
        );
        for offset in 0..text.len() + 2 {
            let snapped = snap(text, offset).max(index.line_start(0));
            let line = index.line_of(snapped);
            let prefix = &text[index.line_start(line)..snapped];
            let pos = index.position(text, offset);
            assert_eq!(pos.line, line + 1, "{text:?} @{offset}");
            assert_eq!(pos.column, prefix.chars().count() + 1, "{text:?} @{offset}");
            assert_eq!(pos.utf16_column, prefix.encode_utf16().count());
            let before = &text[index.line_start(0)..snapped];
            assert_eq!(
                index.utf16_offset(text, offset),
                before.encode_utf16().count()
            );
        }
        for line in 0..index.line_count() + 1 {
            let (start, end) = (
                index.line_start(line),
                index.line_end(line).max(index.line_start(line)),
            );
            let content = text.get(start..end).unwrap_or("");
            for unit in [Unit::Char, Unit::Utf16] {
                for column in 0..content.chars().count() * 2 + 3 {
                    let mut at = 0;
                    let mut expected = end;
                    for (i, c) in content.char_indices() {
                        let width = match unit {
                            Unit::Char => 1,
                            Unit::Utf16 => c.len_utf16(),
                        };
                        if column < at + width {
                            expected = start + i;
                            break;
                        }
                        at += width;
                    }
                    if line >= index.line_count() {
                        expected = text.len();
                    }
                    assert_eq!(
                        index.offset_at(line, column, unit),
                        expected,
                        "{text:?} line {line} column {column} {unit:?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_agree_with_walking_the_characters(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "\r", "\n", "\r\n", "é", "ÿ", "甲", "乙。", "𠀀", "😀", "\u{feff}", " ",
            ]),
            0..60,
        )) {
            assert_agrees_with_walking(&pieces.concat());
        }
    }

    #[test]
    fn a_line_of_chinese_is_one_run() {
        let text = "甲乙丙丁，".repeat(2_000) + "\n" + &"一二三".repeat(1_000);
        let index = LineIndex::new(&text);
        assert_eq!(index.runs.len(), 2);
        // A run is four 4-byte fields in a text under 4 GiB: 1 million runs on a 50 MB text.
        assert_eq!(std::mem::size_of::<Run<u32>>(), 16);
        assert_agrees_with_walking("\u{feff}甲乙\r\né𠀀𠀀x甲");
    }

    #[test]
    fn offsets_inside_a_character_snap_to_its_start() {
        let text = "甲乙";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 4).column, 2);
        assert_eq!(index.position(text, 99).column, 3);
        assert_eq!(snap(text, 2), 0);
        assert_eq!(snap(text, 99), text.len());
        // Inside an astral character: 0 units before it, not an underflow.
        let astral = "𠀀a";
        let index = LineIndex::new(astral);
        for inside in 1..4 {
            assert_eq!(index.utf16_offset(astral, inside), 0);
        }
        assert_eq!(index.utf16_offset(astral, 4), 2);
        assert_eq!(index.utf16_offset(astral, 99), 3);
    }
}
