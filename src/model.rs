//! The typed document model that rules read. Every node carries byte spans into the source text.

use serde::Serialize;
use std::ops::Range;

pub type Span = Range<usize>;

/// Merge the spans that overlap, in place: `spans` sorted by start become the fewest spans
/// covering the same text, sorted by start and so also by end. A span that only touches the
/// one before stays apart (an empty span between them overlaps neither).
pub fn merge_overlapping(spans: &mut Vec<Span>) {
    let mut kept: usize = 0;
    for i in 0..spans.len() {
        let span = spans[i].clone();
        match kept.checked_sub(1).map(|last| &mut spans[last]) {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => {
                spans[kept] = span;
                kept += 1;
            }
        }
    }
    spans.truncate(kept);
}

/// The family of a heading marker. Its GB/T 9704 level is [`MarkerFamily::standard_level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerFamily {
    /// `一、`
    Chinese,
    /// `（一）`
    ChineseParen,
    /// `1.`
    Arabic,
    /// `（1）`
    ArabicParen,
    /// `①`
    Circled,
}

impl MarkerFamily {
    /// Level in GB/T 9704 §7.3.3 (一、 → 1, （一） → 2, 1. → 3, （1） → 4), ① as a fifth.
    pub fn standard_level(self) -> u8 {
        match self {
            MarkerFamily::Chinese => 1,
            MarkerFamily::ChineseParen => 2,
            MarkerFamily::Arabic => 3,
            MarkerFamily::ArabicParen => 4,
            MarkerFamily::Circled => 5,
        }
    }

    /// How a person names this level's style.
    pub fn example(self) -> &'static str {
        match self {
            MarkerFamily::Chinese => "一、",
            MarkerFamily::ChineseParen => "（一）",
            MarkerFamily::Arabic => "1.",
            MarkerFamily::ArabicParen => "（1）",
            MarkerFamily::Circled => "①",
        }
    }

    /// Render ordinal `n` in this family's standard form.
    pub fn render(self, n: u32) -> String {
        match self {
            MarkerFamily::Chinese => format!("{}、", chinese_numeral(n)),
            MarkerFamily::ChineseParen => format!("（{}）", chinese_numeral(n)),
            MarkerFamily::Arabic => format!("{n}."),
            MarkerFamily::ArabicParen => format!("（{n}）"),
            MarkerFamily::Circled => char::from_u32(0x245F + n.clamp(1, 20))
                .map(String::from)
                .unwrap_or_default(),
        }
    }
}

/// The concrete form of a marker: brackets, their width, and the mark after the numeral.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct MarkerStyle {
    /// `Some(true)` for full-width `（）`, `Some(false)` for half-width `()`, `None` without
    /// brackets. Mixed pairs such as `(一）` count as half-width.
    pub full_width_brackets: Option<bool>,
    /// The punctuation after the numeral or bracket (`、` `.` `．` …), if any.
    pub delimiter: Option<char>,
    /// Full-width digits `１` were used.
    pub full_width_digits: bool,
}

impl MarkerStyle {
    /// The marker as written, with `n` standing for the numeral: `（n）`, `n、`.
    pub fn describe(&self, family: MarkerFamily) -> String {
        let numeral = match family {
            MarkerFamily::Chinese | MarkerFamily::ChineseParen => "一",
            MarkerFamily::Circled => "①",
            _ => "1",
        };
        let (open, close) = match self.full_width_brackets {
            Some(true) => ("（", "）"),
            Some(false) => ("(", ")"),
            None => ("", ""),
        };
        let delimiter = match self.delimiter {
            Some(' ') | Some('\u{3000}') => "空格".to_string(),
            Some(c) => c.to_string(),
            None => String::new(),
        };
        format!("{open}{numeral}{close}{delimiter}")
    }
}

/// Where a heading was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// At the start of a line (after indent, `#`, `**`).
    LineStart,
    /// Inside a line, after a sentence end or wide gap: text flattened by scraping.
    MidLine,
}

/// The place methods of a heading or run-in, whose `line`, `segment` and `stretch` are u32s.
macro_rules! place_methods {
    () => {
        /// 0-based line index.
        pub fn line(&self) -> usize {
            self.line as usize
        }

        /// Which sub-document (see [`Document::segments`]) it belongs to.
        pub fn segment(&self) -> usize {
            self.segment as usize
        }

        /// Which stretch of continuous text (see [`Document::hidden`]) it is in.
        pub fn stretch(&self) -> usize {
            self.stretch as usize
        }

        pub fn set_place(&mut self, segment: usize, stretch: usize) {
            self.segment = saturating_u32(segment);
            self.stretch = saturating_u32(stretch);
        }
    };
}

/// A heading marker and what it opens. Its offsets and indices are u32, and the numeral and
/// the delimiter are told by where they lie in the marker (48 bytes a heading, not 136: a
/// draft of short sections has a heading every few lines, and the headings live through every
/// rule); the parse covers a text's first 4 GiB.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub family: MarkerFamily,
    pub placement: Placement,
    /// Markdown `#` count, when the line is a Markdown heading.
    pub markdown_level: Option<u8>,
    pub style: MarkerStyle,
    /// The ordinal value (一 → 1, ⑤ → 5).
    pub ordinal: u32,
    marker_start: u32,
    marker: MarkerParts,
    text: Offsets,
    line: u32,
    segment: u32,
    stretch: u32,
    /// Depth in the tree of all the headings (see [`Heading::depth`]): kept here rather than
    /// as a second list of sections beside the outline's. A depth past 65,535 reads as that.
    depth: u16,
}

/// The lengths in a heading's marker, in bytes from its start: the grammar's longest marker (a
/// bracket, three numeral characters, a bracket and a delimiter) holds 18, and its delimiter
/// starts at most 15 bytes in.
#[derive(Debug, Clone, Copy, Serialize)]
struct MarkerParts {
    len: u8,
    numeral_from: u8,
    numeral_len: u8,
    /// Where the delimiter starts (high five bits) and its length (low three), 0 for none.
    delimiter: u8,
}

impl MarkerParts {
    fn of(spans: &HeadingSpans) -> MarkerParts {
        let start = spans.marker.start;
        // What the grammar cannot make is cut to what fits (the spans stay in the marker).
        let from = |at: usize| u8::try_from(at.saturating_sub(start)).unwrap_or(u8::MAX);
        let len = |span: &Span| u8::try_from(span.len()).unwrap_or(u8::MAX);
        let delimiter = spans.delimiter.as_ref().map_or(0, |d| {
            debug_assert!(from(d.start) < 32 && d.len() < 8, "a delimiter at {d:?}");
            (from(d.start).min(31) << 3) | len(d).min(7)
        });
        debug_assert!(spans.marker.len() < 256 && spans.numeral.start >= start);
        MarkerParts {
            len: len(&spans.marker),
            numeral_from: from(spans.numeral.start),
            numeral_len: len(&spans.numeral),
            delimiter,
        }
    }
}

/// Where a heading's parts are in the text (see [`Heading`]'s methods of the same names).
pub struct HeadingSpans {
    pub marker: Span,
    pub numeral: Span,
    pub delimiter: Option<Span>,
    pub text: Span,
    pub line: usize,
}

impl Heading {
    /// A heading at `spans`, in the first segment and stretch until [`Heading::set_place`].
    pub fn new(
        family: MarkerFamily,
        style: MarkerStyle,
        ordinal: u32,
        placement: Placement,
        markdown_level: Option<u8>,
        spans: HeadingSpans,
    ) -> Heading {
        Heading {
            family,
            placement,
            markdown_level,
            style,
            ordinal,
            marker_start: saturating_u32(spans.marker.start),
            marker: MarkerParts::of(&spans),
            text: Offsets::of(&spans.text),
            line: saturating_u32(spans.line),
            segment: 0,
            stretch: 0,
            depth: 1,
        }
    }

    /// Depth in the tree of all the document's headings (1 for top level; see
    /// [`section_tree`]), which the parse sets. The numbering rules read the outline's tree
    /// instead, which leaves out junk lines and notes.
    pub fn depth(&self) -> usize {
        self.depth as usize
    }

    pub fn set_depth(&mut self, depth: usize) {
        self.depth = u16::try_from(depth).unwrap_or(u16::MAX);
    }

    /// The whole marker, e.g. `（一）、`.
    pub fn marker(&self) -> Span {
        let start = self.marker_start as usize;
        start..start + usize::from(self.marker.len)
    }

    /// The numeral alone.
    pub fn numeral(&self) -> Span {
        let start = self.marker_start as usize + usize::from(self.marker.numeral_from);
        start..start + usize::from(self.marker.numeral_len)
    }

    /// The delimiter after the numeral or bracket, if any.
    pub fn delimiter(&self) -> Option<Span> {
        let (from, len) = (self.marker.delimiter >> 3, self.marker.delimiter & 7);
        let start = self.marker_start as usize + usize::from(from);
        (len > 0).then(|| start..start + usize::from(len))
    }

    /// The heading text after the marker up to the first sentence end or line end.
    pub fn text(&self) -> Span {
        self.text.span()
    }

    pub fn set_text(&mut self, text: &Span) {
        self.text = Offsets::of(text);
    }

    place_methods!();
}

/// A span of a document as two u32 offsets (8 bytes rather than 16), for what a large file
/// holds many of: headings, run-ins, the parts analysis's evidence and ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Offsets {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Offsets {
    /// `span`, its offsets past 4 GiB cut to it (the parse reads no more).
    pub(crate) fn of(span: &Span) -> Offsets {
        Offsets {
            start: saturating_u32(span.start),
            end: saturating_u32(span.end),
        }
    }

    pub(crate) fn span(self) -> Span {
        self.start as usize..self.end as usize
    }
}

/// A run-in ordinal inside a paragraph: `一是` `第二，` `首先，`. Its offsets and indices are
/// u32, as a heading's are (40 bytes, not 72).
#[derive(Debug, Clone, Serialize)]
pub struct RunIn {
    pub kind: RunInKind,
    pub ordinal: u32,
    span: Offsets,
    delimiter: Option<Offsets>,
    line: u32,
    segment: u32,
    stretch: u32,
}

impl RunIn {
    /// A run-in at `span` of `line`, in the first segment and stretch until
    /// [`RunIn::set_place`].
    pub fn new(
        kind: RunInKind,
        ordinal: u32,
        span: &Span,
        delimiter: Option<&Span>,
        line: usize,
    ) -> RunIn {
        RunIn {
            kind,
            ordinal,
            span: Offsets::of(span),
            delimiter: delimiter.map(Offsets::of),
            line: saturating_u32(line),
            segment: 0,
            stretch: 0,
        }
    }

    pub fn span(&self) -> Span {
        self.span.span()
    }

    /// The mark after the ordinal (`，` `、` …), if any.
    pub fn delimiter(&self) -> Option<Span> {
        self.delimiter.map(Offsets::span)
    }

    place_methods!();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunInKind {
    /// 一是 二是 三是
    Shi,
    /// 第一， 第二，
    Di,
    /// 首先， 其次， 再次， 最后，
    Word,
}

/// An offset, count or index of a document as a u32, the largest for one that does not fit:
/// the parse reads at most 4 GiB of text, so none of a document's does.
pub fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The indices of the `lines` that are not blank, in order, as u32: 4 bytes a line, where a
/// large file has a million of them (the parse makes fewer lines than 4 GiB of text has
/// bytes).
pub fn nonblank_lines(lines: &[Line]) -> Vec<u32> {
    (0..lines.len())
        .filter(|&i| !lines[i].is_blank())
        .map(saturating_u32)
        .collect()
}

/// One line of the document, without its terminator. Its offsets are u32, and its heading and
/// Markdown level share a fifth (20 bytes a line, not 56: a large file has hundreds of
/// thousands of lines, which live through every rule); the parse covers a text's first 4 GiB
/// (see [`crate::parse::parse_with`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    start: u32,
    end: u32,
    content_start: u32,
    content_end: u32,
    /// The low [`Line::HEADING_BITS`] bits: an index into `Document::headings`, or
    /// [`Line::NO_HEADING`]. The high bits: the Markdown `#` count, 0 for none.
    heading_and_level: u32,
}

impl Line {
    /// A heading index takes 28 bits: a heading's line holds at least two bytes, and no
    /// document read holds 2^28 of them (see `io::DOCUMENT_LIMIT`).
    const HEADING_BITS: u32 = 28;
    const NO_HEADING: u32 = (1 << Line::HEADING_BITS) - 1;
    /// The grammar reads one to six `#`.
    const MAX_LEVEL: u8 = (1 << (32 - Line::HEADING_BITS)) - 1;

    /// A line of `span`, its `content` within it. Offsets past 4 GiB are cut to it (the parse
    /// makes no such line).
    pub fn new(
        span: Span,
        content: Span,
        markdown_level: Option<u8>,
        heading: Option<usize>,
    ) -> Line {
        let level = markdown_level.map_or(0, |level| level.min(Line::MAX_LEVEL));
        let mut line = Line {
            start: saturating_u32(span.start),
            end: saturating_u32(span.end),
            content_start: saturating_u32(content.start),
            content_end: saturating_u32(content.end),
            heading_and_level: u32::from(level) << Line::HEADING_BITS,
        };
        line.set_heading(heading);
        line
    }

    /// Whole line content (without `\r\n`).
    pub fn span(&self) -> Span {
        self.start as usize..self.end as usize
    }

    /// Content after the indent (and after `#` prefixes for Markdown headings).
    pub fn content(&self) -> Span {
        self.content_start as usize..self.content_end as usize
    }

    /// The heading that starts this line, if any (index into `Document::headings`).
    pub fn heading(&self) -> Option<usize> {
        let heading = self.heading_and_level & Line::NO_HEADING;
        (heading != Line::NO_HEADING).then_some(heading as usize)
    }

    /// The `#` count of a Markdown heading's line.
    pub fn markdown_level(&self) -> Option<u8> {
        let level = (self.heading_and_level >> Line::HEADING_BITS) as u8;
        (level != 0).then_some(level)
    }

    pub fn set_heading(&mut self, heading: Option<usize>) {
        let heading = heading
            .and_then(|h| u32::try_from(h).ok())
            .filter(|&h| h < Line::NO_HEADING)
            .unwrap_or(Line::NO_HEADING);
        self.heading_and_level = (self.heading_and_level & !Line::NO_HEADING) | heading;
    }

    pub fn is_blank(&self) -> bool {
        self.content_start == self.content_end
    }
}

/// A node of the section tree that heading levels imply, kept in a list parallel to the
/// headings (the node of heading `i` is at `i`). 8 bytes, and as an `Option` too (a depth is
/// never 0), not 16: a draft of short sections has a heading every few lines.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Index into `Document::headings`, [`Section::NO_PARENT`] for none.
    parent: u32,
    depth: std::num::NonZeroU32,
}

impl Section {
    /// No heading index is this large (see [`Line::HEADING_BITS`]).
    const NO_PARENT: u32 = u32::MAX;

    pub fn new(parent: Option<usize>, depth: usize) -> Section {
        Section {
            parent: parent.map_or(Section::NO_PARENT, saturating_u32),
            // A depth of 0 is read as 1, the least there is.
            depth: std::num::NonZeroU32::new(saturating_u32(depth))
                .unwrap_or(std::num::NonZeroU32::MIN),
        }
    }

    /// Parent section, `None` for top-level sections of a segment.
    pub fn parent(&self) -> Option<usize> {
        (self.parent != Section::NO_PARENT).then_some(self.parent as usize)
    }

    /// Depth in the tree (1 for top level), as the document's own nesting implies.
    pub fn depth(&self) -> usize {
        self.depth.get() as usize
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub lines: Vec<Line>,
    pub headings: Vec<Heading>,
    pub runins: Vec<RunIn>,
    /// Sub-documents of a collection: byte ranges starting at each `篇N` marker line (the first
    /// starts at 0). A file with one document has one segment.
    pub segments: Vec<Span>,
    /// Spans of the collection markers themselves (`篇一`).
    pub collection_markers: Vec<Span>,
    /// Notices where the page hid or left out text (`……此处隐藏27020个字……`, `剩余3250字`,
    /// `以下内容已隐藏`), in order. They cut the document into stretches of continuous text:
    /// numbering is not compared across them, and nesting starts again after one.
    pub hidden: Vec<Span>,
    /// Headings that looked like markers but are not part of the tree (chunk numbers of
    /// document-sharing sites), kept so rules can explain them.
    pub chunk_markers: Vec<Span>,
    /// Where the characters that have a simplified form start, in order (see
    /// [`crate::analysis::script`]): the parse reads every character, and notes them for the
    /// simplified view.
    pub traditional: Vec<u32>,
    /// Where the characters of the look-alike blocks start, in order (see
    /// [`crate::analysis::text::is_lookalike_block`]), noted in the same reading.
    pub lookalikes: Vec<u32>,
}

impl Document {
    /// The stretch of continuous text containing a byte offset (see [`stretch_at`]).
    pub fn stretch_of(&self, offset: usize) -> usize {
        stretch_at(&self.hidden, offset)
    }

    /// The segment index containing a byte offset (see [`segment_at`]).
    pub fn segment_of(&self, offset: usize) -> usize {
        segment_at(&self.segments, offset)
    }
}

/// The stretch of continuous text containing a byte offset: how many of the notices of
/// hidden text (in order) end at or before it.
pub fn stretch_at(hidden: &[Span], offset: usize) -> usize {
    hidden.partition_point(|h| h.end <= offset)
}

/// The segment containing a byte offset: the last of `segments` (in order) that starts at or
/// before it, or the first. Found by binary search: the parse asks for every heading, and a
/// search from the end for each was quadratic in a long collection.
pub fn segment_at(segments: &[Span], offset: usize) -> usize {
    segments
        .partition_point(|s| s.start <= offset)
        .saturating_sub(1)
}

/// The section tree as the document's own nesting implies it, over the headings for which
/// `keep` is true (the others get `None`). A marker family already open on the stack closes
/// everything below it; a family not open opens a deeper level, unless it ranks above every open
/// family in GB/T 9704 (`一、` after a preamble list `1.` `2.`): then it starts a new top level.
/// The tree restarts in each segment and after text the page hid (a new stretch).
pub fn section_tree(headings: &[Heading], keep: impl Fn(usize) -> bool) -> Vec<Option<Section>> {
    build_tree(headings, keep, false)
}

/// [`section_tree`] in which the `#` count of Markdown headings gives the nesting: a Markdown
/// heading closes every open Markdown heading of its level or deeper, whatever the marker
/// families (`## 1.` › `#### 1.` › `## 2.`), and a numbered line of body text nests under the
/// Markdown heading above it. Marker families order only the body lines under one Markdown
/// heading, and the whole tree when the text opens with plain (not Markdown) headings.
pub fn section_tree_by_markdown(
    headings: &[Heading],
    keep: impl Fn(usize) -> bool,
) -> Vec<Option<Section>> {
    build_tree(headings, keep, true)
}

fn build_tree(
    headings: &[Heading],
    keep: impl Fn(usize) -> bool,
    by_markdown: bool,
) -> Vec<Option<Section>> {
    let mut sections = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut stretch = (usize::MAX, usize::MAX);
    for (i, heading) in headings.iter().enumerate() {
        if !keep(i) {
            sections.push(None);
            continue;
        }
        if (heading.segment(), heading.stretch()) != stretch {
            stack.clear();
            stretch = (heading.segment(), heading.stretch());
        }
        let markdown_led = by_markdown
            && stack
                .first()
                .is_none_or(|&first| headings[first].markdown_level.is_some());
        if markdown_led {
            if let Some(level) = heading.markdown_level {
                let closed = stack
                    .iter()
                    .position(|&open| headings[open].markdown_level.is_none_or(|l| l >= level))
                    .unwrap_or(stack.len());
                stack.truncate(closed);
                sections.push(Some(Section::new(stack.last().copied(), stack.len() + 1)));
                stack.push(i);
                continue;
            }
        }
        // Under a Markdown heading, families order the body lines below it only.
        let base = if markdown_led {
            stack
                .iter()
                .rposition(|&open| headings[open].markdown_level.is_some())
                .map_or(0, |p| p + 1)
        } else {
            0
        };
        let open_at = stack[base..]
            .iter()
            .position(|&open| headings[open].family == heading.family)
            .map(|p| p + base);
        // `（一）` right under `2.` while `（三）` is still open above: restarting the `（三）`
        // sequence makes no sense, so it is a deeper item written in a higher level's style (an
        // inverted level), not a new sibling.
        let inverted_restart = open_at.is_some_and(|pos| {
            let top = stack.last().map(|&t| &headings[t]);
            pos + 1 < stack.len()
                && heading.ordinal == 1
                && headings[stack[pos]].ordinal >= 2
                && top.is_some_and(|t| t.family.standard_level() > heading.family.standard_level())
        });
        if inverted_restart {
            // Keep the stack: the heading nests under the current deepest one.
        } else if let Some(pos) = open_at {
            stack.truncate(pos);
        } else if stack[base..]
            .iter()
            .all(|&open| headings[open].family.standard_level() > heading.family.standard_level())
        {
            stack.truncate(base);
        }
        sections.push(Some(Section::new(stack.last().copied(), stack.len() + 1)));
        stack.push(i);
    }
    sections
}

/// 一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23. `None` for anything that is not a simple numeral.
pub fn chinese_value(numeral: &str) -> Option<u32> {
    // At most three characters (`九十九`): read into a fixed array, no allocation.
    let mut digits = [0; 3];
    let mut len = 0;
    for c in numeral.chars() {
        let digit = match normalise_lookalike(c) {
            '十' => 10,
            c => chinese_digit(c)?,
        };
        *digits.get_mut(len)? = digit;
        len += 1;
    }
    match &digits[..len] {
        [d] if *d > 0 => Some(*d),
        [10, d] if (1..10).contains(d) => Some(10 + d),
        [d, 10] if (2..10).contains(d) => Some(d * 10),
        [d, 10, e] if (2..10).contains(d) && (1..10).contains(e) => Some(d * 10 + e),
        _ => None,
    }
}

/// 〇 (零) → 0, 一 → 1 … 九 → 9; `None` for anything else (`两`, `十`).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// 1 → 一, 12 → 十二, 23 → 二十三.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", DIGITS[(n / 10) as usize]),
        _ if n < 100 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// Kangxi radicals that look like numerals, mapped to the real characters.
pub fn normalise_lookalike(c: char) -> char {
    match c {
        '\u{2F00}' => '一',
        '\u{2F06}' => '二',
        '\u{2F0B}' => '八',
        '\u{2F17}' => '十',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_merge_and_touching_ones_stay_apart() {
        let mut spans = vec![0..3, 1..2, 2..5, 5..5, 5..6, 8..9];
        merge_overlapping(&mut spans);
        assert_eq!(spans, vec![0..5, 5..5, 5..6, 8..9]);
    }

    #[test]
    fn a_line_keeps_its_offsets_heading_and_level_in_20_bytes() {
        assert_eq!(std::mem::size_of::<Line>(), 20);
        let mut line = Line::new(10..40, 13..37, Some(2), Some(7));
        assert_eq!((line.span(), line.content()), (10..40, 13..37));
        assert_eq!((line.heading(), line.markdown_level()), (Some(7), Some(2)));
        assert!(!line.is_blank());
        // The heading is set apart from the level, which stays.
        line.set_heading(None);
        assert_eq!((line.heading(), line.markdown_level()), (None, Some(2)));
        line.set_heading(Some(0));
        assert_eq!((line.heading(), line.markdown_level()), (Some(0), Some(2)));
        let last = (1 << 28) - 2;
        line.set_heading(Some(last));
        assert_eq!(
            (line.heading(), line.markdown_level()),
            (Some(last), Some(2))
        );
        // Past 28 bits there is no heading to point at (no document read has that many).
        for past in [last + 1, last + 2, 1 << 31] {
            line.set_heading(Some(past));
            assert_eq!((line.heading(), line.markdown_level()), (None, Some(2)));
        }
        for level in 1..=6 {
            let line = Line::new(0..9, 0..9, Some(level), Some(last));
            assert_eq!(
                (line.heading(), line.markdown_level()),
                (Some(last), Some(level))
            );
        }
        let plain = Line::new(5..5, 5..5, None, None);
        assert!(plain.is_blank());
        assert_eq!((plain.heading(), plain.markdown_level()), (None, None));
    }

    #[test]
    fn a_heading_keeps_its_spans_place_and_depth_in_48_bytes() {
        assert_eq!(std::mem::size_of::<Heading>(), 48);
        assert_eq!(std::mem::size_of::<Option<Section>>(), 8);
        assert_eq!(std::mem::size_of::<RunIn>(), 40);
        let style = MarkerStyle {
            full_width_brackets: None,
            delimiter: Some('、'),
            full_width_digits: false,
        };
        let spans = HeadingSpans {
            marker: 10..16,
            numeral: 10..13,
            delimiter: Some(13..16),
            text: 16..28,
            line: 3,
        };
        let mut heading = Heading::new(
            MarkerFamily::Chinese,
            style.clone(),
            1,
            Placement::LineStart,
            None,
            spans,
        );
        assert_eq!((heading.marker(), heading.numeral()), (10..16, 10..13));
        assert_eq!(
            (heading.delimiter(), heading.text()),
            (Some(13..16), 16..28)
        );
        assert_eq!(
            (heading.line(), heading.segment(), heading.stretch()),
            (3, 0, 0)
        );
        heading.set_place(2, 5);
        heading.set_text(&(16..22));
        heading.set_depth(3);
        assert_eq!(
            (heading.segment(), heading.stretch(), heading.text()),
            (2, 5, 16..22)
        );
        assert_eq!((heading.depth(), heading.delimiter()), (3, Some(13..16)));
        let spans = HeadingSpans {
            marker: 10..13,
            numeral: 10..13,
            delimiter: None,
            text: 14..28,
            line: 3,
        };
        let bare = Heading::new(
            MarkerFamily::Chinese,
            style,
            1,
            Placement::LineStart,
            None,
            spans,
        );
        assert_eq!((bare.delimiter(), bare.depth()), (None, 1));
        // Past 16 bits a depth reads as the largest.
        let mut deep = bare.clone();
        deep.set_depth(70_000);
        assert_eq!(deep.depth(), 65_535);
        // Read back from the text: the numeral and the delimiter inside the marker.
        let text = "（十二）、总体情况\n(3).进度\n⑤安全\n二十、其他\n";
        let doc = crate::parse::parse(text);
        let parts: Vec<_> = (doc.headings.iter())
            .map(|h| {
                let delimiter = h.delimiter().map(|d| &text[d]);
                (&text[h.marker()], &text[h.numeral()], delimiter)
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("（十二）、", "十二", Some("、")),
                ("(3).", "3", Some(".")),
                ("⑤", "⑤", None),
                ("二十、", "二十", Some("、")),
            ]
        );
        let mut runin = RunIn::new(RunInKind::Shi, 2, &(40..46), None, 7);
        runin.set_place(1, 4);
        assert_eq!(
            (runin.span(), runin.delimiter(), runin.line()),
            (40..46, None, 7)
        );
        assert_eq!((runin.segment(), runin.stretch()), (1, 4));
        let section = Section::new(Some(4), 2);
        assert_eq!((section.parent(), section.depth()), (Some(4), 2));
        let top = Section::new(None, 1);
        assert_eq!((top.parent(), top.depth()), (None, 1));
    }

    #[test]
    fn a_segment_and_a_stretch_are_found_by_their_starts_and_ends() {
        // Segments start at 0, 10 and 20; notices of hidden text end at 5 and 15.
        let segments = [0..10, 10..20, 20..30];
        let found: Vec<usize> = [0, 9, 10, 19, 20, 29, 40]
            .iter()
            .map(|&at| super::segment_at(&segments, at))
            .collect();
        assert_eq!(found, [0, 0, 1, 1, 2, 2, 2]);
        assert_eq!(super::segment_at(&[], 7), 0);
        let hidden = [3..5, 12..15];
        let stretches: Vec<usize> = [0, 4, 5, 14, 15, 99]
            .iter()
            .map(|&at| super::stretch_at(&hidden, at))
            .collect();
        assert_eq!(stretches, [0, 0, 1, 1, 2, 2]);
    }

    #[test]
    fn the_nonblank_lines_are_those_with_content() {
        let doc = crate::parse::parse("甲\n\n  \n乙\r\n\n丙");
        assert_eq!(doc.lines.len(), 6);
        assert_eq!(nonblank_lines(&doc.lines), [0, 3, 5]);
        assert!(nonblank_lines(&[]).is_empty());
    }

    #[test]
    fn markdown_hashes_nest_the_tree() {
        let text = "## 1.甲\n#### 1.子\n#### 2.子\n## 2.乙\n1.正文列表\n### 3.丙\n";
        let doc = crate::parse::parse(text);
        let tree = section_tree_by_markdown(&doc.headings, |_| true);
        let parents: Vec<_> = tree
            .iter()
            .map(|s| s.as_ref().and_then(|s| s.parent()))
            .collect();
        assert_eq!(parents, [None, Some(0), Some(0), None, Some(3), Some(3)]);
        // Without the hashes the families alone order the tree: all `1.` are siblings.
        let flat = section_tree(&doc.headings, |_| true);
        assert!(flat
            .iter()
            .all(|s| s.as_ref().is_some_and(|s| s.parent().is_none())));
    }

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..=99 {
            assert_eq!(chinese_value(&chinese_numeral(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_value("⼀"), Some(1));
        assert_eq!(chinese_value("一一"), None);
        assert_eq!(chinese_value("十十"), None);
        // Longer than any numeral of two digits, or empty: none.
        assert_eq!(chinese_value("九十九九"), None);
        assert_eq!(chinese_value("一二三四五"), None);
        assert_eq!(chinese_value(""), None);
        assert_eq!(chinese_value("十a"), None);
    }
}
