//! `--diff`: what fixing would change, as a unified diff for people to read.
//!
//! A Chinese paragraph is one line, and a page flattened by a site is one line of megabytes,
//! so a line-level diff says little and a character diff of two whole texts is quadratic.
//! The fix engine knows where the texts differ ([`Change`]): hunks are built from those alone
//! (linear in the text), each change is diffed character by character only when it is short,
//! and a long line is shown in windows around its changes, joined by `…`. The characters that
//! change are marked: in colour on a terminal, otherwise as `[-删去-]` on `-` lines and
//! `{+加上+}` on `+` lines, so that a plain log shows them too. A line break that a change
//! deletes or adds is shown as `↵`. A .docx has paragraphs, not lines: [`paragraphs`] shows
//! each changed one by its number, marked in the same way.

use crate::docx::fix::ParagraphChange;
use crate::fix::Change;
use std::ops::Range;

/// Unchanged lines shown before and after each changed block.
const CONTEXT_LINES: usize = 1;
/// A changed line longer than this (characters) is shown in windows around its changes.
const LONG_LINE: usize = 160;
/// Characters shown on either side of a change in a long line.
const WINDOW: usize = 24;
/// Characters shown of a long unchanged line.
const CONTEXT_CHARS: usize = 60;
/// Changes longer than this (bytes, either side) are marked whole rather than diffed by
/// character (which is quadratic in the worst case).
const CHAR_DIFF_LIMIT: usize = 4096;
/// A marked stretch longer than this (characters) is shown by its two ends.
const MARKED_CHARS: usize = 120;

/// The unified diff of `original` into `fixed`, whose differences are `changes` (in order,
/// not touching; as [`crate::fix::fix_source_traced`] gives them). Empty when nothing changes.
pub fn unified(name: &str, original: &str, fixed: &str, changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let style = Style { color };
    let (old_marks, new_marks) = marks(original, fixed, changes);
    let old = Side::new(original, old_marks, Sign::Old);
    let new = Side::new(fixed, new_marks, Sign::New);
    let mut out = style.paint(BOLD, &format!("--- {name}\n+++ {name}\n"));
    for hunk in hunks(&blocks(original, fixed, changes), &old, &new) {
        hunk.render(&old, &new, &style, &mut out);
    }
    out
}

/// The diff of a .docx, whose paragraphs are not lines: a header naming each changed
/// paragraph (`@@ 第3段 @@`, with the automatic number Word draws before it), then its text
/// before (`-`) and after (`+`), marked and cut into windows as lines are. Empty when nothing
/// changes.
pub fn paragraphs(name: &str, changes: &[ParagraphChange], color: bool) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let style = Style { color };
    let mut out = style.paint(BOLD, &format!("--- {name}\n+++ {name}\n"));
    for paragraph in changes {
        let label = match &paragraph.label {
            Some(label) => format!("（自动编号“{label}”）"),
            None => String::new(),
        };
        let header = format!("@@ 第{}段{label} @@\n", paragraph.index);
        out.push_str(&style.paint(CYAN, &header));
        let (original, fixed) = paragraph.differing();
        let change = [Change { original, fixed }];
        let (before, after) = (paragraph.before.as_str(), paragraph.after.as_str());
        let (old_marks, new_marks) = marks(before, after, &change);
        for side in [
            Side::new(before, old_marks, Sign::Old),
            Side::new(after, new_marks, Sign::New),
        ] {
            let mut mark = 0;
            for line in 0..side.starts.len() {
                side.changed_line(line, &mut mark, &style, &mut out);
            }
        }
    }
    out
}

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            // Colour codes do not span a line end: a pager shows every line by itself.
            text.split_inclusive('\n')
                .map(|line| match line.strip_suffix('\n') {
                    Some(line) => format!("{code}{line}{RESET}\n"),
                    None => format!("{code}{line}{RESET}"),
                })
                .collect()
        } else {
            text.to_string()
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Sign {
    Old,
    New,
}

impl Sign {
    fn prefix(self) -> char {
        match self {
            Sign::Old => '-',
            Sign::New => '+',
        }
    }

    fn line_color(self) -> &'static str {
        match self {
            Sign::Old => "\x1b[31m",
            Sign::New => "\x1b[32m",
        }
    }

    /// How a marked stretch opens and closes: reverse video, or brackets without colour.
    fn marker(self, color: bool) -> (&'static str, &'static str) {
        match (self, color) {
            (_, true) => ("\x1b[7m", "\x1b[27m"),
            (Sign::Old, false) => ("[-", "-]"),
            (Sign::New, false) => ("{+", "+}"),
        }
    }
}

/// The stretches of each side that differ: each change diffed by character when short, whole
/// otherwise.
fn marks(
    original: &str,
    fixed: &str,
    changes: &[Change],
) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let (mut old_marks, mut new_marks) = (Vec::new(), Vec::new());
    for change in changes {
        let old = &original[change.original.clone()];
        let new = &fixed[change.fixed.clone()];
        if old.len() > CHAR_DIFF_LIMIT || new.len() > CHAR_DIFF_LIMIT {
            push_mark(&mut old_marks, change.original.clone());
            push_mark(&mut new_marks, change.fixed.clone());
            continue;
        }
        let old_at: Vec<usize> = old
            .char_indices()
            .map(|(i, _)| i)
            .chain([old.len()])
            .collect();
        let new_at: Vec<usize> = new
            .char_indices()
            .map(|(i, _)| i)
            .chain([new.len()])
            .collect();
        let old_chars: Vec<char> = old.chars().collect();
        let new_chars: Vec<char> = new.chars().collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_chars, &new_chars);
        for op in ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                continue;
            }
            let from = change.original.start;
            push_mark(&mut old_marks, from + old_at[o.start]..from + old_at[o.end]);
            let from = change.fixed.start;
            push_mark(&mut new_marks, from + new_at[n.start]..from + new_at[n.end]);
        }
    }
    (old_marks, new_marks)
}

/// Add a mark, joined to the last one when they meet; empty ones are not marks.
fn push_mark(marks: &mut Vec<Range<usize>>, mark: Range<usize>) {
    if mark.is_empty() {
        return;
    }
    match marks.last_mut() {
        Some(last) if last.end >= mark.start => last.end = last.end.max(mark.end),
        _ => marks.push(mark),
    }
}

/// Whole lines of both texts that a run of changes turns one into the other: both ranges start
/// and end at line boundaries, and what lies between blocks is the same in both texts.
#[derive(Debug, PartialEq)]
struct Block {
    old: Range<usize>,
    new: Range<usize>,
}

/// Whether byte `at` ends a line: a `\n`, or a lone `\r` (lines end at `\n`, `\r\n` and a
/// lone `\r`, as [`crate::source::LineIndex`] counts them, so that line numbers agree with the
/// findings').
fn ends_line_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(at + 1) != Some(&b'\n'),
        _ => false,
    }
}

fn starts_line(text: &str, at: usize) -> bool {
    at == 0 || ends_line_at(text.as_bytes(), at - 1)
}

fn ends_line(text: &str, at: usize) -> bool {
    at == text.len() || starts_line(text, at)
}

/// The first line-ending byte at or after a position, remembered so that a long line with many
/// changes is searched once, not once per change.
struct NextNewline<'a> {
    text: &'a str,
    /// No line ends in `from..found`; `found` ends one, or is the text's end.
    from: usize,
    found: usize,
}

impl NextNewline<'_> {
    fn at_or_after(&mut self, at: usize) -> usize {
        if !(self.from..=self.found).contains(&at) {
            self.from = at;
            let bytes = self.text.as_bytes();
            self.found = (at..bytes.len())
                .find(|&i| ends_line_at(bytes, i))
                .unwrap_or(bytes.len());
        }
        self.found
    }
}

fn blocks(original: &str, fixed: &str, changes: &[Change]) -> Vec<Block> {
    // Where the block of a change starts: the start of its line, which is the same distance
    // before the change in both texts (changes never touch, so the text before is the same).
    let start = |change: &Change| {
        let at = change.original.start;
        if starts_line(original, at) && starts_line(fixed, change.fixed.start) {
            return (at, change.fixed.start);
        }
        let bytes = original.as_bytes();
        let line = (0..at)
            .rev()
            .find(|&i| ends_line_at(bytes, i))
            .map_or(0, |i| i + 1);
        (line, change.fixed.start - (at - line))
    };
    let mut newline = NextNewline {
        text: original,
        from: 0,
        found: 0,
    };
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        let (old_start, new_start) = start(&changes[i]);
        let (mut end, mut fixed_end) = (changes[i].original.end, changes[i].fixed.end);
        i += 1;
        loop {
            let (old_end, new_end) = if ends_line(original, end) && ends_line(fixed, fixed_end) {
                (end, fixed_end)
            } else {
                let line_end = (newline.at_or_after(end) + 1).min(original.len());
                (line_end, fixed_end + (line_end - end))
            };
            // The next change is in the block when it starts before the block's end (a line
            // start), or at the end of a text whose last line has no line break.
            let joins =
                |next: &Change| next.original.start < old_end || !starts_line(original, old_end);
            match changes.get(i) {
                Some(next) if joins(next) => {
                    (end, fixed_end) = (next.original.end, next.fixed.end);
                    i += 1;
                }
                _ => {
                    blocks.push(Block {
                        old: old_start..old_end,
                        new: new_start..new_end,
                    });
                    break;
                }
            }
        }
    }
    blocks
}

/// One text of the diff, its lines, and its marked stretches.
struct Side<'a> {
    text: &'a str,
    /// Where each line starts (a text ending in a line break has no empty line after it).
    starts: Vec<usize>,
    marks: Vec<Range<usize>>,
    sign: Sign,
}

impl<'a> Side<'a> {
    fn new(text: &'a str, marks: Vec<Range<usize>>, sign: Sign) -> Self {
        let mut starts: Vec<usize> = Vec::new();
        if !text.is_empty() {
            starts.push(0);
        }
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(i, _)| ends_line_at(text.as_bytes(), i) && i + 1 < text.len())
                .map(|(i, _)| i + 1),
        );
        Side {
            text,
            starts,
            marks,
            sign,
        }
    }

    /// The line starting at or after byte `at`, or the line count.
    fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s < at)
    }

    /// Bytes of line `line`, with its terminator, and where its content ends (before `\r\n`).
    fn line(&self, line: usize) -> (Range<usize>, usize) {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text[start..end];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        (start..end, start + content.len())
    }

    /// An unchanged line, cut if long.
    fn context_line(&self, line: usize, out: &mut String) {
        let (_, end) = self.line(line);
        let text = &self.text[self.starts[line]..end];
        out.push(' ');
        match text.char_indices().nth(CONTEXT_CHARS) {
            Some((cut, _)) => {
                out.push_str(&text[..cut]);
                out.push('…');
            }
            None => out.push_str(text),
        }
        out.push('\n');
    }

    /// A changed line, its marked stretches marked, in windows if it is long. `mark` is the
    /// index of the first mark that may reach this line; it moves on past the marks that end
    /// in it.
    fn changed_line(&self, line: usize, mark: &mut usize, style: &Style, out: &mut String) {
        let (bytes, end) = self.line(line);
        let start = bytes.start;
        // The marked stretches of the line's content, and whether its terminator is marked.
        let mut pieces: Vec<Range<usize>> = Vec::new();
        let mut terminator_marked = false;
        let mut m = *mark;
        while let Some(range) = self.marks.get(m).filter(|r| r.start < bytes.end) {
            if range.end > start {
                let (a, b) = (range.start.max(start), range.end.min(end));
                if a < b {
                    pieces.push(a..b);
                }
                terminator_marked |= range.end > end && range.start < bytes.end && end < bytes.end;
            }
            if range.end > bytes.end {
                break;
            }
            m += 1;
        }
        *mark = m;
        let shown = windows(self.text, start..end, &pieces);
        let (open, close) = self.sign.marker(style.color);
        let mut text = String::new();
        text.push(self.sign.prefix());
        // Windows are around pieces: each piece lies in one window, in order.
        let mut piece = pieces.iter().peekable();
        for (i, window) in shown.iter().enumerate() {
            if i > 0 || window.start > start {
                text.push('…');
            }
            let mut at = window.start;
            while let Some(p) = piece.next_if(|p| p.start < window.end) {
                text.push_str(&self.text[at..p.start]);
                text.push_str(open);
                text.push_str(&shorten(&self.text[p.clone()]));
                text.push_str(close);
                at = p.end;
            }
            text.push_str(&self.text[at..window.end]);
        }
        if shown.last().is_some_and(|w| w.end < end) {
            text.push('…');
        }
        if terminator_marked {
            // Inside the marked stretch that ends the line, or marked by itself.
            if pieces.last().is_some_and(|p| p.end == end) && text.ends_with(close) {
                text.truncate(text.len() - close.len());
            } else {
                text.push_str(open);
            }
            text.push('↵');
            text.push_str(close);
        }
        text.push('\n');
        if style.color {
            // The line's colour goes back on after each marked stretch.
            let text = text.replace(close, &format!("{close}{}", self.sign.line_color()));
            out.push_str(&style.paint(self.sign.line_color(), &text));
        } else {
            out.push_str(&text);
        }
    }
}

/// The parts of `line` to show: all of it when short; otherwise [`WINDOW`] characters around
/// each marked piece (windows that meet are one), or its start when nothing in it is marked.
fn windows(text: &str, line: Range<usize>, pieces: &[Range<usize>]) -> Vec<Range<usize>> {
    let content = &text[line.clone()];
    if content.char_indices().nth(LONG_LINE).is_none() {
        return vec![line];
    }
    if pieces.is_empty() {
        let cut = content
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(content.len(), |(i, _)| i);
        let head = line.start..line.start + cut;
        return Vec::from([head]);
    }
    let back = |at: usize| {
        let before = &text[line.start..at];
        before
            .char_indices()
            .rev()
            .nth(WINDOW - 1)
            .map_or(line.start, |(i, _)| line.start + i)
    };
    let forward = |at: usize| {
        let after = &text[at..line.end];
        after
            .char_indices()
            .nth(WINDOW)
            .map_or(line.end, |(i, _)| at + i)
    };
    let mut shown: Vec<Range<usize>> = Vec::new();
    for piece in pieces {
        let window = back(piece.start)..forward(piece.end);
        match shown.last_mut() {
            Some(last) if last.end >= window.start => last.end = last.end.max(window.end),
            _ => shown.push(window),
        }
    }
    shown
}

/// A marked stretch, by its two ends when it is long.
fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= MARKED_CHARS {
        return line_breaks_shown(text);
    }
    let head: String = text.chars().take(MARKED_CHARS / 2).collect();
    let tail: String = text.chars().skip(count - MARKED_CHARS / 4).collect();
    line_breaks_shown(&format!("{head}…（共 {count} 字）…{tail}"))
}

/// Each line break (`\n`, `\r\n`, a lone `\r`) as one `↵`.
fn line_breaks_shown(text: &str) -> String {
    text.replace("\r\n", "↵").replace(['\r', '\n'], "↵")
}

/// Blocks close enough to share their context lines, with those lines.
struct Hunk {
    /// Old lines shown (context and changed), first and past the last.
    old_lines: Range<usize>,
    /// The new line that the first old line shown corresponds to.
    new_first: usize,
    /// Each block's old lines and new lines.
    blocks: Vec<(Range<usize>, Range<usize>)>,
}

fn hunks(blocks: &[Block], old: &Side, new: &Side) -> Vec<Hunk> {
    let mut hunks: Vec<Hunk> = Vec::new();
    for block in blocks {
        let old_lines = old.line_at(block.old.start)..old.line_at(block.old.end);
        let new_lines = new.line_at(block.new.start)..new.line_at(block.new.end);
        let first = old_lines.start.saturating_sub(CONTEXT_LINES);
        let last = (old_lines.end + CONTEXT_LINES).min(old.starts.len());
        match hunks.last_mut() {
            Some(hunk) if first <= hunk.old_lines.end => {
                hunk.old_lines.end = last;
                hunk.blocks.push((old_lines, new_lines));
            }
            _ => hunks.push(Hunk {
                old_lines: first..last,
                new_first: new_lines.start - (old_lines.start - first),
                blocks: vec![(old_lines, new_lines)],
            }),
        }
    }
    hunks
}

impl Hunk {
    fn render(&self, old: &Side, new: &Side, style: &Style, out: &mut String) {
        let old_count = self.old_lines.len();
        let new_count = self
            .blocks
            .iter()
            .fold(old_count, |n, (o, c)| n - o.len() + c.len());
        // A side without lines is numbered by the line before it, as `diff -u` does.
        let number = |first: usize, count: usize| first + usize::from(count > 0);
        let header = format!(
            "@@ -{},{old_count} +{},{new_count} @@\n",
            number(self.old_lines.start, old_count),
            number(self.new_first, new_count)
        );
        out.push_str(&style.paint(CYAN, &header));
        let (mut old_mark, mut new_mark) = (0, 0);
        let mut line = self.old_lines.start;
        for (old_lines, new_lines) in &self.blocks {
            for context in line..old_lines.start {
                old.context_line(context, out);
            }
            skip_marks(old, old_lines, &mut old_mark);
            skip_marks(new, new_lines, &mut new_mark);
            for changed in old_lines.clone() {
                old.changed_line(changed, &mut old_mark, style, out);
            }
            for changed in new_lines.clone() {
                new.changed_line(changed, &mut new_mark, style, out);
            }
            line = old_lines.end;
        }
        for context in line..self.old_lines.end {
            old.context_line(context, out);
        }
    }
}

/// Move `mark` past the marks that end before `lines` start (found by binary search, so that
/// every hunk costs only its own marks).
fn skip_marks(side: &Side, lines: &Range<usize>, mark: &mut usize) {
    let Some(&start) = side.starts.get(lines.start) else {
        return;
    };
    *mark = side.marks.partition_point(|m| m.end <= start).max(*mark);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff of two texts whose changes (original span, fixed span) are given.
    fn diff(original: &str, fixed: &str, changes: &[(Range<usize>, Range<usize>)]) -> String {
        let changes: Vec<Change> = changes
            .iter()
            .map(|(o, f)| Change {
                original: o.clone(),
                fixed: f.clone(),
            })
            .collect();
        unified("a.txt", original, fixed, &changes, false)
    }

    #[test]
    fn a_changed_character_is_marked_in_its_line() {
        let original = "标题\n一、总体情况,进展顺利\n二、问题\n三、打算\n";
        let fixed = "标题\n一、总体情况，进展顺利\n二、问题\n三、打算\n";
        let at = original.find(',').unwrap();
        let got = diff(original, fixed, &[(at..at + 1, at..at + 3)]);
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n 标题\n-一、总体情况[-,-]进展顺利\n\
             +一、总体情况{+，+}进展顺利\n 二、问题\n"
        );
    }

    #[test]
    fn a_deleted_line_and_a_joined_line_show_their_line_breaks() {
        let original = "甲\n本站整理\n学习贯彻习\n近平\n乙\n";
        let fixed = "甲\n学习贯彻习近平\n乙\n";
        let junk = original.find("本站").unwrap();
        let joint = original.find("习\n").unwrap() + "习".len();
        let got = diff(
            original,
            fixed,
            &[
                (junk..junk + "本站整理\n".len(), junk..junk),
                (joint..joint + 1, joint - 13..joint - 13),
            ],
        );
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,5 +1,3 @@\n 甲\n-[-本站整理↵-]\n-学习贯彻习[-↵-]\n-近平\n\
             +学习贯彻习近平\n 乙\n"
        );
    }

    #[test]
    fn far_apart_changes_make_separate_hunks_and_crlf_is_not_shown() {
        let original = "甲,乙\r\n二\r\n三\r\n四\r\n五\r\n丙,丁\r\n";
        let fixed = "甲，乙\r\n二\r\n三\r\n四\r\n五\r\n丙，丁\r\n";
        let first = original.find(',').unwrap();
        let second = original.rfind(',').unwrap();
        let got = diff(
            original,
            fixed,
            &[
                (first..first + 1, first..first + 3),
                (second..second + 1, second + 2..second + 5),
            ],
        );
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n-甲[-,-]乙\n+甲{+，+}乙\n 二\n\
             @@ -5,2 +5,2 @@\n 五\n-丙[-,-]丁\n+丙{+，+}丁\n"
        );
    }

    /// Lines end at a lone `\r` too, as the findings count them: the hunk is numbered by
    /// those lines, and no raw `\r` reaches the terminal.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let original = "标题\r一、情况,进展\r二\r三\r";
        let fixed = "标题\r一、情况，进展\r二\r三\r";
        let at = original.find(',').unwrap();
        let got = diff(original, fixed, &[(at..at + 1, at..at + 3)]);
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n 标题\n-一、情况[-,-]进展\n\
             +一、情况{+，+}进展\n 二\n"
        );
        let joined = "甲\r乙";
        let got = diff(joined, "甲乙", &[(3..4, 3..3)]);
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,2 +1,1 @@\n-甲[-↵-]\n-乙\n+甲乙\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_in_windows_around_its_changes() {
        let filler = "工作".repeat(200);
        let original = format!("{filler},{filler},{filler}");
        let fixed = format!("{filler}，{filler}，{filler}");
        let a = filler.len();
        let b = 2 * filler.len() + 1;
        let got = diff(
            &original,
            &fixed,
            &[(a..a + 1, a..a + 3), (b..b + 1, b + 2..b + 5)],
        );
        let window = "工作".repeat(WINDOW / 2);
        assert_eq!(
            got,
            format!(
                "--- a.txt\n+++ a.txt\n@@ -1,1 +1,1 @@\n-…{window}[-,-]{window}…{window}[-,-]{window}…\n\
                 +…{window}{{+，+}}{window}…{window}{{+，+}}{window}…\n"
            )
        );
    }

    /// Windows count characters, not bytes nor UTF-16 units: 24 astral characters on each
    /// side (four bytes, two UTF-16 units each); the line's `\r\n` is not shown.
    #[test]
    fn windows_count_astral_characters_as_one_each_on_a_crlf_line() {
        let filler = "𠀀".repeat(200);
        let original = format!("{filler},{filler}\r\n");
        let fixed = format!("{filler}，{filler}\r\n");
        let a = filler.len();
        let got = diff(&original, &fixed, &[(a..a + 1, a..a + 3)]);
        let window = "𠀀".repeat(24);
        assert_eq!(
            got,
            format!(
                "--- a.txt\n+++ a.txt\n@@ -1,1 +1,1 @@\n-…{window}[-,-]{window}…\n\
                 +…{window}{{+，+}}{window}…\n"
            )
        );
    }

    #[test]
    fn an_insertion_at_the_start_and_at_the_end_without_a_final_newline() {
        let got = diff("甲\n乙", "新\n甲\n乙。", &[(0..0, 0..4), (7..7, 11..14)]);
        assert_eq!(
            got,
            "--- a.txt\n+++ a.txt\n@@ -1,2 +1,3 @@\n+{+新↵+}\n 甲\n-乙\n+乙{+。+}\n"
        );
    }

    #[test]
    fn a_docx_paragraph_is_named_and_its_line_breaks_kept() {
        let changes = [ParagraphChange {
            index: 3,
            label: Some("一、".to_string()),
            before: "甲\n第一、乙".to_string(),
            after: "甲\n第一，乙".to_string(),
        }];
        assert_eq!(
            paragraphs("a.docx", &changes, false),
            "--- a.docx\n+++ a.docx\n@@ 第3段（自动编号“一、”） @@\n\
             -甲\n-第一[-、-]乙\n+甲\n+第一{+，+}乙\n"
        );
        assert_eq!(paragraphs("a.docx", &[], false), "");
    }

    #[test]
    fn colour_marks_without_brackets() {
        let changes = [Change {
            original: 3..4,
            fixed: 3..6,
        }];
        let got = unified("a.txt", "甲,乙", "甲，乙", &changes, true);
        assert!(
            got.contains("\x1b[31m-甲\x1b[7m,\x1b[27m\x1b[31m乙\x1b[0m\n"),
            "{got:?}"
        );
        assert!(!got.contains("[-"), "{got:?}");
    }
}
