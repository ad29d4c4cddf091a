//! Parsing: the pest grammar in `grammar/summary.pest` and the builder of the typed model.
//! Nothing outside this module sees pest pairs.

use crate::analysis::text::{is_han, SPACES};
use crate::checks::LazyRegex;
use crate::model::*;
use pest::iterators::Pair;
mod scan;
use foldhash::{HashMap, HashMapExt};
use pest::Parser;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/summary.pest"]
struct SummaryParser;

/// Characters that end a sentence or clause: a line ending with one of them is finished.
const CLOSING: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '）', ')', '》', '.', '!', '?', ';', ':', '】',
    '」', '』',
];
use crate::analysis::text::STATEMENT_ENDS;

/// Parse a document. Never fails: the grammar accepts any text.
pub fn parse(text: &str) -> Document {
    parse_with(text, &[])
}

/// [`parse`], knowing the nouns that end a heading's title (`措施`, `目的`): a marker of another
/// family glued right after such a title is a candidate first item under that heading
/// (`二、工作目的1、保持…` on a page that lost its line breaks).
///
/// Line by line, and only the parts of a line where structure can start reach the grammar
/// (see [`scan`]): prose costs a table look-up per character, and the grammar's tokens exist
/// for one part of a line at a time. The result is the same as [`parse_with_full_grammar`].
pub fn parse_with(text: &str, title_nouns: &[String]) -> Document {
    parse_windowed(text, title_nouns, WINDOW_BYTES, WINDOW_MARGIN)
}

/// Parts longer than this are parsed a window at a time (see [`parse_long_part`]): the
/// grammar's tokens for a part of a line full of markers (`①②③…`) took a hundred times the
/// part's size.
const WINDOW_BYTES: usize = 16 << 10;

/// A window's items are taken up to a place at least this many bytes before its end: what the
/// grammar tries before that place reads only a few characters ahead (a marker, its mark and
/// the character after it), never to the window's end.
const WINDOW_MARGIN: usize = 256;

/// [`parse_with`], parts longer than `window` bytes parsed a window at a time, each cut at
/// least `margin` bytes before its end.
fn parse_windowed(text: &str, title_nouns: &[String], window: usize, margin: usize) -> Document {
    // Lines hold u32 offsets (see [`Line`]): a text of 4 GiB or more, which no reader accepts,
    // is parsed up to its last line end before 4 GiB.
    let text = lines_within(text, u32::MAX as usize);
    let mut builder = Builder::new(text);
    builder.title_nouns = title_nouns;
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    // The grammar's `bom` rule: U+FEFF at the start belongs to no line.
    let mut start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    loop {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(text.len(), |i| start + i);
        let mut line = builder.begin_line(start..end);
        let doc = &mut builder.doc;
        scan::parts(
            text,
            start..end,
            &mut parts,
            &mut doc.traditional,
            &mut doc.lookalikes,
        );
        for part in &parts {
            let rule = if part.start == start {
                Rule::line
            } else {
                Rule::line_rest
            };
            if part.len() > window {
                parse_long_part(&mut builder, &mut line, rule, part.clone(), window, margin);
                continue;
            }
            for node in parsed_part(rule, &text[part.clone()]).iter() {
                builder.item(&mut line, node, part.start);
            }
        }
        builder.end_line(line);
        if end == text.len() {
            break;
        }
        start = end + eol_len(&text[end..]);
    }
    builder.finish()
}

/// Parse the long `part` of a line by `rule` a window of `window` bytes at a time, so that the
/// grammar's tokens exist for one window at a time. A window's items are taken up to the start
/// of an item that only the `text` rule makes (a `plain` run, a glued heading, a collection
/// marker): there the whole part's parse is between two steps of `text`'s loop, and a
/// `line_rest` parse from there goes on as it would (`text`, then the pieces). That place must
/// lie `margin` bytes before the window's end, so that nothing tried before it saw the window
/// end instead of the text after it. A window without such a place is parsed with the rest of
/// the part, as a short part is.
fn parse_long_part(
    builder: &mut Builder,
    line: &mut LineState,
    rule: Rule,
    part: Span,
    window: usize,
    margin: usize,
) {
    let text = builder.text;
    let (mut from, mut rule) = (part.start, rule);
    loop {
        let whole = part.end - from <= window;
        let end = match whole {
            true => part.end,
            false => text.floor_char_boundary(from + window),
        };
        let Ok(pairs) = SummaryParser::parse(rule, &text[from..end]) else {
            debug_assert!(false, "grammar failed on {:?}", &text[from..end]);
            return;
        };
        let top: Vec<Pair<Rule>> = pairs.flat_map(Pair::into_inner).collect();
        let steps_text = |pair: &&Pair<Rule>| {
            matches!(
                pair.as_rule(),
                Rule::plain | Rule::glued_heading | Rule::collection
            )
        };
        let cut = (!whole)
            .then(|| {
                (top.iter().rev().filter(steps_text))
                    .map(|pair| pair.as_span().start())
                    .find(|&at| at > 0 && at + margin <= end - from)
            })
            .flatten();
        if cut.is_none() && !whole {
            // Nowhere to cut: the rest of the part at once.
            drop(top);
            if let Ok(pairs) = SummaryParser::parse(rule, &text[from..part.end]) {
                let rest = pairs.flat_map(Pair::into_inner);
                for pair in rest.filter(|pair| pair.as_rule() != Rule::plain) {
                    builder.item(line, &Node::of(pair), from);
                }
            }
            return;
        }
        let taken = top.into_iter().filter(|pair| pair.as_rule() != Rule::plain);
        for pair in taken.take_while(|pair| cut.is_none_or(|cut| pair.as_span().start() < cut)) {
            builder.item(line, &Node::of(pair), from);
        }
        match cut {
            Some(cut) => (from, rule) = (from + cut, Rule::line_rest),
            None => return,
        }
    }
}

/// `text`, or its lines that end before `limit` when it is longer.
fn lines_within(text: &str, limit: usize) -> &str {
    if text.len() < limit {
        return text;
    }
    let within = &text[..text.floor_char_boundary(limit)];
    within.rfind('\n').map_or("", |end| &text[..end])
}

/// [`parse_with`] by the grammar's `document` rule alone: the definition the line-by-line
/// parse must agree with (checked by a property test). Slower, and its tokens cover the whole
/// document at once.
pub fn parse_with_full_grammar(text: &str, title_nouns: &[String]) -> Document {
    let mut builder = Builder::new(text);
    builder.title_nouns = title_nouns;
    builder.doc.traditional = crate::analysis::script::traditional_chars(text)
        .map(|(at, _, _)| at as u32)
        .collect();
    builder.doc.lookalikes = (text.char_indices())
        .filter(|&(_, c)| crate::analysis::text::is_lookalike_block(c))
        .map(|(at, _)| at as u32)
        .collect();
    match SummaryParser::parse(Rule::document, text) {
        Ok(mut pairs) => {
            if let Some(document) = pairs.next() {
                for pair in document.into_inner() {
                    if pair.as_rule() == Rule::line {
                        let mut line = builder.begin_line(span_of(&pair, 0));
                        for node in items(pair) {
                            builder.item(&mut line, &node, 0);
                        }
                        builder.end_line(line);
                    }
                }
            }
        }
        Err(_) => {
            // The grammar has a catch-all for every line, so this is a bug; still, keep going
            // with plain lines rather than failing the user.
            debug_assert!(false, "grammar failed on input");
            let mut start = 0;
            while start <= text.len() {
                let end = line_end(text, start);
                builder.plain_line(start..end);
                start = end + eol_len(&text[end..]);
                if end == text.len() {
                    break;
                }
            }
        }
    }
    builder.finish()
}

/// The byte span of `pair` in the text, for a pair parsed from the text's slice at `base`.
fn span_of(pair: &Pair<Rule>, base: usize) -> Span {
    base + pair.as_span().start()..base + pair.as_span().end()
}

/// A pair of the grammar as the builder reads it, owned, so that the parse of a part can be
/// kept and read again: its rule, its byte span in the parsed slice, its inner pairs.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    rule: Rule,
    span: Span,
    inner: Vec<Node>,
}

impl Node {
    fn of(pair: Pair<Rule>) -> Node {
        Node {
            rule: pair.as_rule(),
            span: pair.as_span().start()..pair.as_span().end(),
            inner: pair.into_inner().map(Node::of).collect(),
        }
    }

    /// Its span in the text, for a node parsed from the text's slice at `base`.
    fn span_in(&self, base: usize) -> Span {
        base + self.span.start..base + self.span.end
    }

    /// Its first inner pair.
    fn first(&self) -> Option<&Node> {
        self.inner.first()
    }
}

/// The pairs inside `line` (a `line` or `line_rest` pair) that the builder reads: all but the
/// many `plain` runs of the text.
fn items(line: Pair<Rule>) -> Vec<Node> {
    (line.into_inner())
        .filter(|pair| pair.as_rule() != Rule::plain)
        .map(Node::of)
        .collect()
}

/// Parts of at most this many bytes are kept once parsed.
const KEPT_PART_BYTES: usize = 48;
/// How many parsed parts each thread keeps, for each of the two rules.
const KEPT_PARTS: usize = 4096;

/// Parsed parts by their text.
type KeptParts = HashMap<Box<str>, Rc<[Node]>>;

thread_local! {
    /// Parsed parts by their text, for `line` and for `line_rest`. A part is a few
    /// characters around a marker (`一、` `。二是` `（三）`), and the same few recur through a
    /// document and across documents: parsing one costs far more than finding it here.
    static PARSED: RefCell<[KeptParts; 2]> = RefCell::default();
}

/// The builder's pairs of `part` parsed by `rule` (`line` or `line_rest`), kept for the next
/// time the same part is parsed when it is short and there is room.
fn parsed_part(rule: Rule, part: &str) -> Rc<[Node]> {
    let slot = usize::from(rule == Rule::line_rest);
    let kept = PARSED.with_borrow(|parsed| parsed[slot].get(part).cloned());
    if let Some(nodes) = kept {
        return nodes;
    }
    let nodes: Rc<[Node]> = match SummaryParser::parse(rule, part) {
        Ok(pairs) => pairs
            .flat_map(|pair| {
                debug_assert_eq!(pair.as_span().end(), part.len(), "{rule:?} stopped short");
                items(pair)
            })
            .collect(),
        // `line` and `line_rest` accept any text; were that broken, keep the plain line.
        Err(_) => {
            debug_assert!(false, "grammar failed on {part:?}");
            Rc::from([])
        }
    };
    if part.len() <= KEPT_PART_BYTES {
        PARSED.with_borrow_mut(|parsed| {
            if parsed[slot].len() < KEPT_PARTS {
                parsed[slot].insert(part.into(), nodes.clone());
            }
        });
    }
    nodes
}

/// One line while its pairs arrive.
struct LineState {
    span: Span,
    index: usize,
    content_start: usize,
    /// Where a heading must start to count as starting the line: after indent, `#`s and a
    /// list bullet (`- 1、`, `1. 1、`). The bullet stays part of the line's content.
    lead_start: usize,
    markdown_level: Option<u8>,
    heading: Option<usize>,
}

struct Builder<'t> {
    text: &'t str,
    title_nouns: &'t [String],
    doc: Document,
    /// Parallel to `doc.headings` until `finish`: how sure the grammar's position makes us.
    strength: Vec<Strength>,
    text_ends: TextEnds,
}

/// Where the grammar found a heading marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// At a line start, after a sentence end or after a space.
    Strong,
    /// After a comma or colon, or glued to the text before it: kept only when the numbering
    /// around it confirms it.
    Weak,
    /// A number without its mark at a line start (`3要提高`): kept only between the numbers
    /// before and after it (`2.` and `4.`).
    Bare,
    /// Glued right after the title of a heading of this family on the same line: weak once it
    /// proves to be a first item of another family.
    AfterTitle(MarkerFamily),
}

/// How many characters the title before a glued marker may have (`二、工作目的|1、`).
const TITLE_CHARS: std::ops::RangeInclusive<usize> = 2..=12;

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            title_nouns: &[],
            doc: Document {
                lines: Vec::new(),
                headings: Vec::new(),
                runins: Vec::new(),
                segments: Vec::new(),
                collection_markers: Vec::new(),
                chunk_markers: Vec::new(),
                hidden: Vec::new(),
                traditional: Vec::new(),
                lookalikes: Vec::new(),
            },
            strength: Vec::new(),
            text_ends: TextEnds::default(),
        }
    }

    /// The family of the heading whose title, on line `line`, ends right at `at` with one of
    /// the title nouns: short, all Chinese characters, no punctuation (`二、工作目的|1、`).
    fn title_before(&self, line: usize, at: usize) -> Option<MarkerFamily> {
        let heading = self.doc.headings.last().filter(|h| h.line() == line)?;
        let title = self.text.get(heading.marker().end..at)?;
        // Counted no further than one past the longest title: the text since the line's last
        // heading may be long, and a line may have many markers.
        let length = title.chars().take(TITLE_CHARS.end() + 1).count();
        let fits = TITLE_CHARS.contains(&length)
            && title.chars().all(is_han)
            && self.title_nouns.iter().any(|n| title.ends_with(n.as_str()));
        fits.then_some(heading.family)
    }

    fn plain_line(&mut self, span: Span) {
        self.doc
            .lines
            .push(Line::new(span.clone(), span, None, None));
    }

    /// Start line `span`; its indent is the grammar's `indent` (`sp*`).
    fn begin_line(&self, span: Span) -> LineState {
        let indent = self.text[span.clone()]
            .trim_start_matches([' ', '\t', '\u{3000}', '\u{A0}'])
            .len();
        let content_start = span.end - indent;
        LineState {
            index: self.doc.lines.len(),
            content_start,
            lead_start: content_start,
            markdown_level: None,
            heading: None,
            span,
        }
    }

    /// Take in one pair inside a line, parsed from the text's slice at `base`.
    fn item(&mut self, line: &mut LineState, inner: &Node, base: usize) {
        let span = line.span.clone();
        let line_index = line.index;
        let inner_span = inner.span_in(base);
        match inner.rule {
            Rule::indent => {
                line.content_start = inner_span.end;
                line.lead_start = inner_span.end;
            }
            Rule::md_bullet => line.lead_start = inner_span.end,
            Rule::md_hashes => {
                line.markdown_level = Some(
                    self.text[inner_span.clone()]
                        .chars()
                        .filter(|&c| c == '#')
                        .count() as u8,
                );
                line.content_start = inner_span.end;
                line.lead_start = inner_span.end;
            }
            Rule::heading | Rule::weak_heading | Rule::glued_heading | Rule::bare_heading => {
                let lead = &self.text[line.lead_start..inner_span.start];
                let lead = lead.trim_end_matches(['*', '_']);
                let placement = if lead.is_empty() {
                    Placement::LineStart
                } else {
                    Placement::MidLine
                };
                let strength = match inner.rule {
                    Rule::heading => Strength::Strong,
                    Rule::bare_heading => Strength::Bare,
                    Rule::glued_heading if !glue_allowed(lead, is_bracketed(inner)) => {
                        match self.title_before(line_index, inner_span.start) {
                            Some(family) => Strength::AfterTitle(family),
                            None => return,
                        }
                    }
                    _ => Strength::Weak,
                };
                let pair = match inner.rule {
                    Rule::heading => inner,
                    Rule::bare_heading => inner,
                    _ => match inner.first() {
                        Some(pair) => pair,
                        None => return,
                    },
                };
                let heading = self
                    .heading(
                        pair,
                        base,
                        line_index,
                        placement,
                        line.markdown_level,
                        span.end,
                    )
                    .filter(|h| match strength {
                        // A first item in a lower level's family; the parent's own family
                        // there (`三、主要措施一、`) is a level fault, not a heading.
                        Strength::AfterTitle(family) => h.ordinal == 1 && h.family != family,
                        _ => true,
                    });
                let strength = match strength {
                    Strength::AfterTitle(_) => Strength::Weak,
                    other => other,
                };
                if let Some(heading) = heading {
                    if placement == Placement::LineStart {
                        line.heading = Some(self.doc.headings.len());
                    }
                    self.doc.headings.push(heading);
                    self.strength.push(strength);
                }
            }
            Rule::runin => {
                if let Some(runin) = runin(self.text, inner, base, line_index) {
                    // `第一、二批`, `第一、第二名`: an enumeration, not a run-in ordinal.
                    let after = self.text.get(runin.span().end..span.end).unwrap_or("");
                    let enumeration = runin.kind == RunInKind::Di
                        && self.text[runin.span()].ends_with('、')
                        && after.starts_with(|c: char| is_cn_digit(c) || c == '第');
                    if !enumeration {
                        self.doc.runins.push(runin);
                    }
                }
            }
            Rule::collection => {
                let start = inner_span.start;
                let end = start + self.text[start..inner_span.end].trim_end().len();
                let end = end - self.text[start..end].len()
                    + self.text[start..end].trim_end_matches(['*', '_']).len();
                self.doc.collection_markers.push(start..end);
            }
            _ => {}
        }
    }

    fn end_line(&mut self, line: LineState) {
        // The content: from the indent or `#`s to the end without trailing spaces.
        let content_start = line.content_start;
        let trimmed = self.text[content_start..line.span.end].trim_end().len();
        self.doc.lines.push(Line::new(
            line.span,
            content_start..content_start + trimmed,
            line.markdown_level,
            line.heading,
        ));
    }

    fn heading(
        &self,
        pair: &Node,
        base: usize,
        line: usize,
        placement: Placement,
        markdown_level: Option<u8>,
        line_end: usize,
    ) -> Option<Heading> {
        let marker = pair.span_in(base);
        let form = pair.first()?;
        let mut numeral = None;
        let mut numeral_kind = None;
        let mut open = None;
        let mut delimiter = None;
        for part in &form.inner {
            let part_span = part.span_in(base);
            match part.rule {
                Rule::cn_numeral | Rule::arabic_numeral | Rule::circled_numeral => {
                    numeral_kind = Some(part.rule);
                    numeral = Some(part_span);
                }
                Rule::open_paren => open = Some(&self.text[part_span] == "（"),
                Rule::cn_delim | Rule::paren_delim | Rule::arabic_delim => {
                    delimiter = Some(part_span)
                }
                _ => {}
            }
        }
        let numeral = numeral?;
        let numeral_text = &self.text[numeral.clone()];
        let numeral_kind = numeral_kind?;
        let ordinal = match numeral_kind {
            Rule::cn_numeral => chinese_value(numeral_text)?,
            Rule::arabic_numeral => arabic_value(numeral_text)?,
            _ => numeral_text.chars().next()? as u32 - 0x245F,
        };
        let family = match (form.rule, numeral_kind) {
            (Rule::cn_heading, _) => MarkerFamily::Chinese,
            (Rule::paren_heading, Rule::cn_numeral) => MarkerFamily::ChineseParen,
            (Rule::paren_heading, _) => MarkerFamily::ArabicParen,
            (Rule::arabic_heading | Rule::bare_arabic, _) => MarkerFamily::Arabic,
            _ => MarkerFamily::Circled,
        };
        let delimiter_char = delimiter
            .as_ref()
            .and_then(|d| self.text[d.clone()].chars().next());
        let after = &self.text[marker.end..line_end];
        let next_char = after.chars().next();
        // Plausibility: reject shapes that are far more often ordinary text than headings.
        if ordinal == 0 || ordinal > 50 {
            return None;
        }
        let spaced = matches!(delimiter_char, Some(' ') | Some('\u{3000}'));
        if spaced && (placement == Placement::MidLine || !next_char.is_some_and(is_han)) {
            return None;
        }
        if placement == Placement::MidLine
            && matches!(family, MarkerFamily::Chinese | MarkerFamily::Arabic)
            && !matches!(delimiter_char, Some('、') | Some('.') | Some('．'))
        {
            return None;
        }
        // Inside a line, a bracket or Arabic number followed by a space is a reference (`式 (2) 中`).
        if placement == Placement::MidLine
            && family != MarkerFamily::Chinese
            && next_char.is_some_and(|c| SPACES.contains(&c))
        {
            return None;
        }
        // A heading needs something after it, or to stand alone on its line.
        if next_char.is_some_and(|c| STATEMENT_ENDS.contains(&c) || c == '，' || c == ',') {
            return None;
        }
        // Markers in a row are an enumeration inside a sentence (`（一）（二）类`, `一、二等奖`),
        // and so is a numeral followed by the next one (`一、二年级`, `三、四月份`).
        if starts_with_marker(after, family)
            || (family == MarkerFamily::Chinese && starts_with_next_numeral(after, ordinal))
        {
            return None;
        }
        let full_width_brackets = match family {
            MarkerFamily::ChineseParen | MarkerFamily::ArabicParen => {
                let close_full =
                    self.text[..delimiter.as_ref().map_or(marker.end, |d| d.start)].ends_with('）');
                Some(open == Some(true) && close_full)
            }
            _ => None,
        };
        // The text starts after spaces and an emphasis that opens it (`一、**主要成绩**` pasted
        // from a web page into a .txt): the emphasis's close ends the text.
        let text_after = after.trim_start_matches(SPACES);
        let text_after = text_after
            .strip_prefix("**")
            .map_or(text_after, |t| t.trim_start_matches(SPACES));
        let text_start = marker.end + (after.len() - text_after.len());
        let text_len = (self.text_ends).end(self.text, text_start, line_end) - text_start;
        let style = MarkerStyle {
            full_width_brackets,
            delimiter: delimiter_char,
            full_width_digits: numeral_text.chars().any(|c| ('０'..='９').contains(&c)),
        };
        let spans = HeadingSpans {
            marker,
            numeral,
            delimiter,
            text: text_start..text_start + text_len,
            line,
        };
        Some(Heading::new(
            family,
            style,
            ordinal,
            placement,
            markdown_level,
            spans,
        ))
    }

    fn finish(mut self) -> Document {
        self.demote_chunk_markers();
        self.mend_split_headings();
        self.find_segments();
        self.doc.hidden = hidden_text_notices(self.text);
        let (segments, hidden) = (&self.doc.segments, &self.doc.hidden);
        for heading in &mut self.doc.headings {
            let start = heading.marker().start;
            heading.set_place(segment_at(segments, start), stretch_at(hidden, start));
        }
        self.confirm_weak_headings();
        self.end_texts_at_next_heading();
        let (segments, hidden) = (&self.doc.segments, &self.doc.hidden);
        for runin in &mut self.doc.runins {
            let start = runin.span().start;
            runin.set_place(segment_at(segments, start), stretch_at(hidden, start));
        }
        let tree = section_tree(&self.doc.headings, |_| true);
        for (heading, section) in self.doc.headings.iter_mut().zip(tree) {
            heading.set_depth(section.map_or(1, |s| s.depth()));
        }
        self.doc
    }

    /// Keep only the headings for which `keep` is true, fixing `Line::heading` indices. The
    /// headings stay where they are: a second list of them, while the first stood, was the
    /// peak of a parse with many headings (50 MB on a 50 MB draft of short sections).
    fn retain_headings(&mut self, keep: &[bool]) {
        let kept = |i: usize| keep.get(i).copied().unwrap_or(true);
        let count = self.doc.headings.len();
        if (0..count).all(kept) && self.strength.len() == count {
            return;
        }
        // Each heading's new index, or u32::MAX for one left out (Line's offsets are u32).
        let mut remap = Vec::with_capacity(count);
        let mut next = 0u32;
        for i in 0..count {
            remap.push(match kept(i) {
                true => {
                    next += 1;
                    next - 1
                }
                false => u32::MAX,
            });
        }
        let strength = (0..count)
            .filter(|&i| kept(i))
            .map(|i| self.strength.get(i).copied().unwrap_or(Strength::Strong))
            .collect();
        self.strength = strength;
        let mut i = 0;
        self.doc.headings.retain(|_| {
            i += 1;
            kept(i - 1)
        });
        for line in &mut self.doc.lines {
            let new = line.heading().and_then(|h| remap.get(h).copied());
            line.set_heading(new.filter(|&h| h != u32::MAX).map(|h| h as usize));
        }
    }

    /// A sharing site's chunk marker can cut a heading in two: `…台阶。 一` / `2、、完善…`. Rebuild
    /// such a heading from the numeral closing one line and the mark after the chunk marker.
    /// Its `marker` is the numeral alone; its `delimiter` lies on the next line.
    fn mend_split_headings(&mut self) {
        let mut mended = Vec::new();
        for chunk in &self.doc.chunk_markers {
            let line = line_of(&self.doc.lines, chunk.start);
            let Some(previous) = line.checked_sub(1).and_then(|l| self.doc.lines.get(l)) else {
                continue;
            };
            let before = &self.text[previous.content()];
            let kept = before.trim_end_matches(is_cn_digit).len();
            let numeral = previous.content().start + kept..previous.content().end;
            let Some(ordinal) = chinese_value(&self.text[numeral.clone()]) else {
                continue;
            };
            // The numeral must start a piece: after a space or a sentence end.
            let starts_piece = before[..kept]
                .chars()
                .next_back()
                .is_none_or(|c| SPACES.contains(&c) || STATEMENT_ENDS.contains(&c));
            let Some(current) = self.doc.lines.get(line) else {
                continue;
            };
            let rest = self
                .text
                .get(chunk.end..current.content().end)
                .unwrap_or("");
            if !starts_piece || !rest.starts_with('、') || ordinal > 50 {
                continue;
            }
            let delimiter = chunk.end..chunk.end + '、'.len_utf8();
            let text_start = delimiter.end;
            let text_end = current.content().end;
            let text_len = (self.text_ends).end(self.text, text_start, text_end) - text_start;
            let style = MarkerStyle {
                full_width_brackets: None,
                delimiter: Some('、'),
                full_width_digits: false,
            };
            let spans = HeadingSpans {
                marker: numeral.clone(),
                numeral,
                delimiter: Some(delimiter.clone()),
                text: delimiter.end..delimiter.end + text_len,
                line: line - 1,
            };
            let placement = Placement::MidLine;
            mended.push(Heading::new(
                MarkerFamily::Chinese,
                style,
                ordinal,
                placement,
                None,
                spans,
            ));
        }
        if mended.is_empty() {
            return;
        }
        // Insert in text order; `Line::heading` indices shift.
        let old = std::mem::take(&mut self.doc.headings);
        let old_strength = std::mem::take(&mut self.strength);
        let mut all: Vec<(Heading, Strength, Option<usize>)> = old
            .into_iter()
            .zip(old_strength)
            .enumerate()
            .map(|(i, (h, s))| (h, s, Some(i)))
            .chain(mended.into_iter().map(|h| (h, Strength::Strong, None)))
            .collect();
        all.sort_by_key(|(h, _, _)| h.marker().start);
        let mut remap = vec![None; all.len()];
        for (new, (heading, strength, old)) in all.into_iter().enumerate() {
            if let Some(old) = old {
                remap[old] = Some(new);
            }
            self.doc.headings.push(heading);
            self.strength.push(strength);
        }
        for line in &mut self.doc.lines {
            line.set_heading(line.heading().and_then(|h| remap.get(h).copied().flatten()));
        }
    }

    /// A weak candidate (after a comma, colon or semicolon, or glued to text) is a heading when
    /// it fills a place in a numbering sequence anchored by strong headings: the markers of its
    /// family that follow count on from it up to a strong one, and the one before it carries the
    /// number before (or it is a `1` that opens a level). The last of a sequence is kept when
    /// the one before it was. An enumeration inside a sentence (`包括：（一）…；（二）…`) has
    /// no strong marker and is not the heading tree.
    fn confirm_weak_headings(&mut self) {
        let headings = &self.doc.headings;
        let n = headings.len();
        let strong = |j: usize| self.strength.get(j) == Some(&Strength::Strong);
        // Where each family first appears: a family seen earlier is used above a later one.
        let mut first_seen: HashMap<MarkerFamily, usize> = HashMap::new();
        for (i, h) in headings.iter().enumerate() {
            if strong(i) {
                first_seen.entry(h.family).or_insert(i);
            }
        }
        let first = |family| first_seen.get(&family).copied().unwrap_or(usize::MAX);
        // The next marker of the same family and segment.
        let mut next = vec![None; n];
        let mut seen: HashMap<(MarkerFamily, usize, usize), usize> = HashMap::new();
        for i in (0..n).rev() {
            let key = (
                headings[i].family,
                headings[i].segment(),
                headings[i].stretch(),
            );
            next[i] = seen.insert(key, i);
        }
        let fits_next =
            |i: usize| next[i].filter(|&j| headings[j].ordinal == headings[i].ordinal + 1);
        // Does the run of markers counting on from `i` reach a strong one?
        let mut anchored = vec![false; n];
        for i in (0..n).rev() {
            anchored[i] = fits_next(i).is_some_and(|j| strong(j) || anchored[j]);
        }
        let mut keep = vec![true; n];
        let mut last_kept: Option<usize> = None;
        let mut last_kept_of: HashMap<(MarkerFamily, usize, usize), usize> = HashMap::new();
        for i in 0..n {
            let heading = &headings[i];
            let key = (heading.family, heading.segment(), heading.stretch());
            if !strong(i) {
                let previous = last_kept_of.get(&key).copied();
                let previous_fits =
                    previous.is_some_and(|j| headings[j].ordinal + 1 == heading.ordinal);
                if self.strength.get(i) == Some(&Strength::Bare) {
                    keep[i] = previous_fits && fits_next(i).is_some_and(strong);
                    if keep[i] {
                        last_kept = Some(i);
                        last_kept_of.insert(key, i);
                    }
                    continue;
                }
                let opens_level = heading.ordinal == 1
                    && match previous {
                        None => true,
                        // A new `1` right after a heading of a family used above this one.
                        Some(p) => last_kept.is_some_and(|j| {
                            j > p
                                && headings[j].family != heading.family
                                && first(headings[j].family) < first(heading.family)
                        }),
                    };
                keep[i] = (anchored[i] && (previous_fits || opens_level))
                    || (previous_fits && next[i].is_none());
            }
            if keep[i] {
                last_kept = Some(i);
                last_kept_of.insert(key, i);
            }
        }
        self.retain_headings(&keep);
    }

    /// A heading's text ends where the next heading starts.
    fn end_texts_at_next_heading(&mut self) {
        for i in 1..self.doc.headings.len() {
            let start = self.doc.headings[i].marker().start;
            let previous = &mut self.doc.headings[i - 1];
            let text = previous.text();
            if text.start <= start && text.end > start {
                let end = text.start.max(start);
                let trimmed = self.text[text.start..end].trim_end_matches(SPACES).len();
                previous.set_text(&(text.start..text.start + trimmed));
            }
        }
    }

    /// Document-sharing sites cut text into preview chunks numbered `1、2、3、` that start in the
    /// middle of a sentence: the line before is body text that does not end a sentence.
    fn demote_chunk_markers(&mut self) {
        let mut chunk = vec![false; self.doc.headings.len()];
        // The Arabic marker at a line start before the current one.
        let mut last_line_start: Option<usize> = None;
        for (i, heading) in self.doc.headings.iter().enumerate() {
            if heading.family != MarkerFamily::Arabic || heading.placement != Placement::LineStart {
                continue;
            }
            let before = last_line_start.replace(i);
            let Some(previous) = heading
                .line()
                .checked_sub(1)
                .and_then(|l| self.doc.lines.get(l))
            else {
                continue;
            };
            let previous_text = &self.text[previous.content()];
            // A heading line is short; a chunk is cut from a long run of body text.
            // Counted up to 40: each heading of a line reads the line before it.
            let length = previous_text.chars().take(40).count();
            let unfinished = previous.markdown_level().is_none()
                && (length >= 40 || (previous.heading().is_none() && length >= 20))
                && !previous_text.ends_with(CLOSING);
            if unfinished {
                chunk[i] = true;
                // The chunk numbered 1 before it started the run: demote it too.
                if let Some(first) = before {
                    if self.doc.headings[first].ordinal + 1 == heading.ordinal
                        && self.doc.headings[first].style.delimiter == heading.style.delimiter
                    {
                        chunk[first] = true;
                    }
                }
            }
        }
        for (i, heading) in self.doc.headings.iter().enumerate() {
            if chunk[i] {
                self.doc.chunk_markers.push(heading.marker());
            }
        }
        let keep: Vec<bool> = chunk.iter().map(|c| !c).collect();
        self.retain_headings(&keep);
    }

    /// Sub-documents of a collection start at `篇N` lines and at numbered copies of one title
    /// (`…工作总结1`, `…工作总结2`).
    fn find_segments(&mut self) {
        let mut starts: Vec<usize> = self
            .doc
            .collection_markers
            .iter()
            .map(|m| {
                self.doc.lines[line_of(&self.doc.lines, m.start)]
                    .span()
                    .start
            })
            .collect();
        let mut numbered: Vec<(&str, usize)> = Vec::new();
        for line in &self.doc.lines {
            let content = &self.text[line.content()];
            if line.heading().is_some()
                || content.chars().nth(40).is_some()
                || content.contains(STATEMENT_ENDS)
            {
                continue;
            }
            let prefix = content.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = content.len() - prefix.len();
            if (1..=2).contains(&digits)
                && prefix.chars().count() >= 4
                && prefix.chars().last().is_some_and(is_han)
            {
                numbered.push((prefix, line.span().start));
            }
        }
        let mut copies: HashMap<&str, usize> = HashMap::new();
        for (prefix, _) in &numbered {
            *copies.entry(prefix).or_default() += 1;
        }
        for (prefix, start) in &numbered {
            if copies.get(prefix).is_some_and(|&n| n > 1) {
                starts.push(*start);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut segments = Vec::new();
        let mut begin = 0;
        for start in starts {
            if start > begin {
                segments.push(begin..start);
                begin = start;
            }
        }
        segments.push(begin..self.text.len());
        self.doc.segments = segments;
    }
}

/// Notices that the page hid or left out text: `……此处隐藏27020个字……`, `（此处省略500字）`,
/// `剩余3250字未读`, `以下内容已隐藏`, `内容已折叠`. The family is a notice that N characters,
/// or the rest, are hidden or omitted. Short page buttons that say the same (`展开全文`,
/// `展开剩余85%`, `阅读全文`, `试读结束`) count only standing apart: alone on their line, or
/// between ellipses, brackets or spaces (`认真阅读全文件` is text).
fn hidden_text_notices(text: &str) -> Vec<Span> {
    let patterns = hidden_text_patterns();
    match &patterns.screen {
        // No match holds a line feed but one that ends a button's line, so each line holding
        // a required string is searched as the whole text would be there.
        Some(screen) => hidden_text_in(patterns, text, lines_holding(screen, text)),
        None => hidden_text_in(patterns, text, std::iter::once(0..text.len())),
    }
}

/// The notices and buttons of [`hidden_text_notices`] in `stretches` of `text`, merged.
fn hidden_text_in(
    patterns: &HiddenTextPatterns,
    text: &str,
    stretches: impl Iterator<Item = Span>,
) -> Vec<Span> {
    let mut found: Vec<Span> = Vec::new();
    for stretch in stretches {
        let Some(hay) = text.get(stretch.clone()) else {
            continue;
        };
        let buttons = (patterns.button.captures_iter(hay))
            .filter_map(|c| c.name("button"))
            .map(|m| m.range());
        let notices = patterns.notice.find_iter(hay).map(|m| m.range());
        let at = |m: Span| stretch.start + m.start..stretch.start + m.end;
        found.extend(notices.chain(buttons).map(at));
    }
    found.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    merge_overlapping(&mut found);
    found
}

/// The expressions of [`hidden_text_notices`], and the strings one of which every match of
/// either holds (None: no small set; the whole text is searched). The expressions are
/// compiled at their first search: most documents hold none of the strings, and compiling
/// them was a twentieth of a start.
struct HiddenTextPatterns {
    notice: LazyRegex,
    /// A page button, its group `button` the button itself.
    button: LazyRegex,
    screen: Option<aho_corasick::AhoCorasick>,
}

fn hidden_text_patterns() -> &'static HiddenTextPatterns {
    static PATTERNS: std::sync::OnceLock<HiddenTextPatterns> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        let (forms, notice, button) = hidden_text_sources();
        // The notice's forms one by one: together their sets are too many for one expression.
        let sources = forms
            .iter()
            .chain(std::iter::once(&button))
            .map(String::as_str);
        let screen = crate::analysis::literals::required_strings_of_all(sources).and_then(|set| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(set)
                .ok()
        });
        HiddenTextPatterns {
            notice: LazyRegex::fixed(notice),
            button: LazyRegex::fixed(button),
            screen,
        }
    })
}

/// The lines of `text` (each with its line feed) that hold a string `screen` finds, in order.
fn lines_holding<'t>(
    screen: &'t aho_corasick::AhoCorasick,
    text: &'t str,
) -> impl Iterator<Item = Span> + 't {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let hit = screen.find(aho_corasick::Input::new(bytes).range(from..))?;
        let line = crate::analysis::text::line_around(bytes, hit.range());
        from = line.end;
        Some(line)
    })
}

/// The sources of [`hidden_text_patterns`]: the notice's forms, the notice, the button.
fn hidden_text_sources() -> (Vec<String>, String, String) {
    const EDGE: &str = r"[…\.·]";
    let hidden = "(?:隐藏|省略|略去|折叠|屏蔽)";
    let forms = [
        // 此处隐藏27020个字, 此处省略
        format!(r"此处(?:已|被)?{hidden}了?[ \t]*(?:\d+[ \t]*个?(?:字符?|文字)?)?"),
        // 以下内容已隐藏, 其余部分省略, 部分内容已隐藏
        format!("(?:以下|下文|后文|剩余|余下|其余)的?(?:内容|文字|正文|全文|部分)?(?:已|被|均)?经?{hidden}"),
        format!("部分(?:内容|文字|正文)(?:已|被)?{hidden}"),
        // 以下为付费内容
        "以下(?:为|是)(?:隐藏|付费|会员)内容".to_string(),
        // 内容已折叠
        format!("(?:内容|全文|正文)(?:已|被){hidden}"),
        // 剩余3250字未读, 隐藏了500字
        format!(r"(?:剩余|剩下|余下|还有|{hidden}了?)[ \t]*\d+[ \t]*个?字符?(?:未显示|未展示|未读|未阅读|{hidden})?"),
        // 登录后查看全文, 下载后可阅读完整内容
        "(?:登录|注册|购买|付费|下载)后?即?可?(?:查看|阅读|浏览)(?:全文|完整(?:内容|版|文档)?|剩余(?:内容|部分)?)".to_string(),
    ];
    let notice = format!(
        r"{EDGE}{{0,6}}[ \t\x{{3000}}]*[（(【\[]?(?:{})[）)】\]]?[ \t\x{{3000}}]*{EDGE}{{0,6}}",
        forms.join("|")
    );
    let button = format!(
        r"(?m)(?:^|[\r。！？!?；;：:]|{EDGE}|[ \t\x{{3000}}（(【\[])(?P<button>[ \t\x{{3000}}]*(?:展开全文|展开剩余[ \t]*\d*%?|(?:点击)?(?:阅读|查看)(?:剩余|完整)?全文|(?:试读|预览)(?:已)?结束)[ \t\x{{3000}}]*(?:{EDGE}+|[）)】\]>»])?)(?:[\r\n]|$|{EDGE}|[）)】\]>»])"
    );
    (forms.to_vec(), notice, button)
}

/// Where the last heading's text was found to end, to answer the next heading on its line: a
/// line of a megabyte with a marker every few characters and no sentence end was read to its
/// end once for every marker.
#[derive(Default)]
struct TextEnds {
    /// (start, end of the text read, where the heading's text ends).
    last: std::cell::Cell<Option<(usize, usize, usize)>>,
}

impl TextEnds {
    /// Where the heading text that starts at `start` of `text` ends, reading no further than
    /// `end` (see [`heading_text_len`]).
    fn end(&self, text: &str, start: usize, end: usize) -> usize {
        // Nothing between the last start and where its text ends stops a heading's text (a
        // sentence end, a wide gap, an emphasis close): a text starting in between ends there
        // too.
        if let Some((from, to, found)) = self.last.get() {
            if to == end && from < start && start < found {
                return found;
            }
        }
        let found = start + heading_text_len(&text[start..end]);
        self.last.set(Some((start, end, found)));
        found
    }
}

/// The heading's own text: up to the first sentence end, wide gap or emphasis close.
fn heading_text_len(after: &str) -> usize {
    let mut spaces = 0;
    for (i, c) in after.char_indices() {
        if STATEMENT_ENDS.contains(&c) || after[i..].starts_with("**") {
            return i - spaces;
        }
        if matches!(c, ' ' | '\u{3000}' | '\t' | '\u{A0}') {
            spaces += c.len_utf8();
            if spaces >= 2 && i > 0 {
                return i + c.len_utf8() - spaces;
            }
        } else {
            spaces = 0;
        }
    }
    after.trim_end().len()
}

fn runin(text: &str, pair: &Node, base: usize, line: usize) -> Option<RunIn> {
    let span = pair.span_in(base);
    let form = pair.first()?;
    let kind = match form.rule {
        Rule::runin_shi => RunInKind::Shi,
        Rule::runin_di => RunInKind::Di,
        _ => RunInKind::Word,
    };
    let mut ordinal = None;
    let mut delimiter = None;
    for part in &form.inner {
        match part.rule {
            Rule::cn_numeral => ordinal = chinese_value(&text[part.span_in(base)]),
            Rule::runin_delim => delimiter = Some(part.span_in(base)),
            _ => {}
        }
    }
    if kind == RunInKind::Word {
        ordinal = Some(match text[form.span_in(base)].get(..6) {
            Some("首先") => 1,
            Some("其次") => 2,
            Some("再次") => 3,
            _ => 0, // 最后: ends the sequence, whatever its number
        });
    }
    Some(RunIn::new(kind, ordinal?, &span, delimiter.as_ref(), line))
}

fn arabic_value(digits: &str) -> Option<u32> {
    digits.chars().try_fold(0u32, |acc, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        Some(acc * 10 + d)
    })
}

/// Where the line that starts at `start` ends: at `\n`, `\r\n` or a lone `\r`.
fn line_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i)
}

/// The length of the line terminator `rest` starts with (0 at the end of the text).
fn eol_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

fn line_of(lines: &[Line], offset: usize) -> usize {
    lines
        .partition_point(|l| l.span().start <= offset)
        .saturating_sub(1)
}

/// A Chinese numeral character, Kangxi look-alikes included.
fn is_cn_digit(c: char) -> bool {
    let c = normalise_lookalike(c);
    c == '十' || chinese_digit(c).is_some()
}

/// Byte spans of the Kangxi radicals that look like numerals (`⼀`, see
/// [`crate::model::normalise_lookalike`]) inside a numeral, or any span: marker-form reads a
/// run-in's the same way. Not [`Document::lookalikes`], every character of the look-alike
/// blocks, which the lookalike rule reads.
pub fn numeral_lookalikes(text: &str, numeral: &Span) -> Vec<Span> {
    text.get(numeral.clone())
        .unwrap_or("")
        .char_indices()
        .filter(|&(_, c)| normalise_lookalike(c) != c)
        .map(|(i, c)| numeral.start + i..numeral.start + i + c.len_utf8())
        .collect()
}

/// May a marker glued to the text before it (`lead`) be a heading? After a closing bracket or
/// quote, yes. After a Chinese character only a bracketed marker (`…工作(一)教育…`): words end in
/// numerals (`统一、规范`, `附件1、`). After a digit, a Latin letter or a numeral, no.
fn glue_allowed(lead: &str, bracketed: bool) -> bool {
    match lead.chars().next_back() {
        Some(c) if is_cn_digit(c) || c == '第' => false,
        Some(c) => {
            (bracketed && is_han(c))
                || matches!(c, '）' | ')' | '】' | '」' | '』' | '》' | '”' | '’')
        }
        None => true,
    }
}

/// Is the heading marker inside `pair` bracketed (`（一）` `(1)`)?
fn is_bracketed(pair: &Node) -> bool {
    (pair.first())
        .and_then(|heading| heading.first())
        .is_some_and(|form| form.rule == Rule::paren_heading)
}

/// Does `after` start with the single numeral `ordinal + 1`, not part of a longer number
/// (`二年级` after `一、`, but not `二〇二三年`)?
fn starts_with_next_numeral(after: &str, ordinal: u32) -> bool {
    let digits: String = after.chars().take_while(|&c| is_cn_digit(c)).collect();
    digits.chars().count() == 1 && chinese_value(&digits) == Some(ordinal + 1)
}

/// Does `after` start with another marker of `family` (an enumeration: `（一）（二）类`)?
fn starts_with_marker(after: &str, family: MarkerFamily) -> bool {
    let mut chars = after.chars();
    let first = chars.next();
    match family {
        MarkerFamily::Chinese => {
            let rest = after.trim_start_matches(is_cn_digit);
            rest.len() < after.len() && rest.starts_with(['、', '，', ','])
        }
        MarkerFamily::ChineseParen | MarkerFamily::ArabicParen => {
            if !matches!(first, Some('（' | '(')) {
                return false;
            }
            let inner = chars.as_str();
            let rest = inner.trim_start_matches(|c: char| is_cn_digit(c) || c.is_ascii_digit());
            rest.len() < inner.len() && rest.starts_with(['）', ')'])
        }
        MarkerFamily::Circled => first.is_some_and(|c| ('\u{2460}'..='\u{2473}').contains(&c)),
        MarkerFamily::Arabic => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each heading's depth as the parse keeps it, and its parent in the tree of all headings.
    fn nesting(doc: &Document) -> Vec<(usize, Option<usize>)> {
        let tree = section_tree(&doc.headings, |_| true);
        doc.headings
            .iter()
            .zip(tree)
            .map(|(heading, section)| (heading.depth(), section.and_then(|s| s.parent())))
            .collect()
    }

    #[test]
    fn a_chinese_digit_is_a_one_character_numeral_or_a_zero() {
        let kangxi = '\u{2F00}'..='\u{2FDF}';
        for c in kangxi.chain("〇零一二三四五六七八九十百两壹甲a1１".chars()) {
            let numeral = chinese_value(&c.to_string()).is_some();
            let zero = matches!(normalise_lookalike(c), '〇' | '零');
            assert_eq!(is_cn_digit(c), numeral || zero, "{c}");
        }
        assert!(is_cn_digit('\u{2F17}'));
        assert!(!is_cn_digit('两'));
    }

    #[test]
    fn a_text_past_the_offsets_limit_is_parsed_to_its_last_line_end_before_it() {
        let text = "一、总结\n二、计划\n三";
        assert_eq!(lines_within(text, text.len() + 1), text);
        // `二、计划\n` ends at byte 26: a limit inside the second line keeps the first.
        assert_eq!(lines_within(text, 20), "一、总结");
        assert_eq!(lines_within(text, 27), "一、总结\n二、计划");
        // Inside a character, and with no line end before the limit.
        assert_eq!(lines_within(text, 14), "一、总结");
        assert_eq!(lines_within(text, 5), "");
    }

    /// The marker text of each heading of a parsed document.
    fn marker_texts<'t>(doc: &Document, text: &'t str) -> Vec<&'t str> {
        doc.headings.iter().map(|h| &text[h.marker()]).collect()
    }

    fn markers(text: &str) -> Vec<(String, u32, MarkerFamily)> {
        let doc = parse(text);
        doc.headings
            .iter()
            .map(|h| (text[h.marker()].to_string(), h.ordinal, h.family))
            .collect()
    }

    /// `plain` is written as ranges for speed: it must be exactly the characters `trigger`
    /// leaves out, or prose would swallow a heading (or stop where nothing starts).
    #[test]
    fn plain_is_the_complement_of_trigger() {
        let matches = |rule: Rule, c: char| {
            let s = c.to_string();
            SummaryParser::parse(rule, &s)
                .is_ok_and(|mut pairs| pairs.next().is_none_or(|p| p.as_str() == s))
        };
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if (c as u32) > 0xFFFF && !(c as u32).is_multiple_of(257) {
                continue; // beyond the BMP one big range: a sample suffices
            }
            assert_ne!(matches(Rule::plain, c), matches(Rule::trigger, c), "{c:?}");
        }
    }

    #[test]
    fn finds_the_four_levels_and_variants() {
        let text = "一、总体情况\n（一）基本面\n1.第一项\n（1）细目\n(2)细目\n1、另一项\n①甲\n";
        let found = markers(text);
        let families: Vec<_> = found.iter().map(|m| m.2).collect();
        use MarkerFamily::*;
        assert_eq!(
            families,
            [
                Chinese,
                ChineseParen,
                Arabic,
                ArabicParen,
                ArabicParen,
                Arabic,
                Circled
            ]
        );
        assert_eq!(found[5].0, "1、");
    }

    #[test]
    fn finds_headings_in_flattened_lines() {
        let text = "教育局上半年工作总结  xxxx年上半年，我局工作。 一、实施工程，促进管理  (一)落实任务。一是开展活动。二是启动创建。";
        let doc = parse(text);
        let found = marker_texts(&doc, text);
        assert_eq!(found, ["一、", "(一)"]);
        assert_eq!(doc.headings[0].placement, Placement::MidLine);
        assert_eq!(&text[doc.headings[0].text()], "实施工程，促进管理");
        assert_eq!(doc.runins.len(), 2);
        assert_eq!(nesting(&doc)[1], (2, Some(0)));
    }

    #[test]
    fn numbers_in_text_are_not_headings() {
        assert!(markers("增长1.5倍，2023年完成。时间:2021-05-22 10:10:08").is_empty());
        assert!(markers("统一是关键").is_empty());
        assert!(parse("统一是关键").runins.is_empty());
    }

    #[test]
    fn kangxi_lookalikes_are_recognised() {
        let doc = parse("⼀、总体要求\n");
        assert_eq!(doc.headings[0].ordinal, 1);
        let found = numeral_lookalikes("⼀、总体要求", &doc.headings[0].numeral());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0], 0..3);
    }

    #[test]
    fn chunk_markers_of_sharing_sites_are_not_headings() {
        let text = "1、开头一段正文内容，讲述了很多很多的事情而且没有结束的句子正在继续，乡镇医院建设投入持续加大，有效缓解\n2、群众看病排队问题。二是优化服务。\n";
        let doc = parse(text);
        assert!(doc.headings.is_empty(), "{:?}", doc.headings);
        assert_eq!(doc.chunk_markers.len(), 2);
    }

    #[test]
    fn collections_split_segments() {
        let text = "## 计划篇一\n\n一、甲\n\n## 计划篇二\n\n一、乙\n";
        let doc = parse(text);
        assert_eq!(doc.segments.len(), 2);
        assert_eq!(doc.headings[1].segment(), 1);
        assert_eq!(nesting(&doc)[1], (1, None));
        let doc = parse("学校工作计划 篇1\n一、甲\n学校工作计划 篇2\n一、乙\n");
        assert_eq!(doc.segments.len(), 2);
    }

    #[test]
    fn markdown_and_emphasis_around_headings() {
        let text = "\u{feff}## **一、总体情况**\r\n### 二、成绩\r\n";
        let doc = parse(text);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.headings[0].markdown_level, Some(2));
        assert_eq!(&text[doc.headings[0].text()], "总体情况");
        assert_eq!(&text[doc.headings[1].text()], "成绩");
        // In plain text the emphasis opens the heading's text and its close ends it.
        let text = "一、**主要成绩**\n二、** 存在的问题 **：还有不足。\n";
        let doc = parse(text);
        assert_eq!(&text[doc.headings[0].text()], "主要成绩");
        assert_eq!(&text[doc.headings[1].text()], "存在的问题");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "一、总体情况\r三、存在问题\r";
        let doc = parse(text);
        let lines: Vec<_> = doc.lines.iter().map(|l| &text[l.span()]).collect();
        assert_eq!(lines, ["一、总体情况", "三、存在问题", ""]);
        assert_eq!(marker_texts(&doc, text), ["一、", "三、"]);
        let second = &doc.headings[1];
        assert_eq!((second.line(), second.placement), (1, Placement::LineStart));
        assert_eq!(&text[second.text()], "存在问题");
        assert_eq!(doc.lines[1].heading(), Some(1));
        // Mixed terminators: each of `\r\n`, `\n`, `\r` ends exactly one line.
        let doc = parse("甲\r\n乙\n丙\r丁");
        assert_eq!(doc.lines.len(), 4);
        assert_eq!(doc.lines[3].span(), 13..16);
    }

    #[test]
    fn the_hidden_text_expressions_compile_at_their_first_search() {
        let patterns = hidden_text_patterns();
        let (notice, button) = (&patterns.notice, &patterns.button);
        assert!(notice.is_match("……此处隐藏27020个字……"));
        assert!(button.is_match("展开全文\n"));
        assert!(!notice.is_match("认真阅读全文件"));
        assert!(notice.is_compiled() && button.is_compiled());
    }

    #[test]
    fn notices_of_hidden_text_are_found() {
        let hidden = |text: &str| -> Vec<String> {
            parse(text)
                .hidden
                .iter()
                .map(|s| text[s.clone()].to_string())
                .collect()
        };
        for (text, notice) in [
            (
                "各村已完成 ……此处隐藏31508个字……落实到户。",
                "……此处隐藏31508个字……",
            ),
            ("工作正文（此处隐藏3200字）后文", "（此处隐藏3200字）"),
            ("工作正文(此处省略500字)后文", "(此处省略500字)"),
            ("加强管理。剩余3250字未读\n", "剩余3250字未读"),
            ("加强管理……以下内容已隐藏\n", "……以下内容已隐藏"),
            ("加强管理。\n展开全文\n三、甲\n", "展开全文"),
            ("加强管理。\n展开剩余85%\n", "展开剩余85%"),
            ("加强管理……内容已折叠……\n", "……内容已折叠……"),
            ("加强管理。 点击查看全文>\n", " 点击查看全文>"),
            ("工作正文。试读结束\r三、甲", "试读结束"),
            ("加强管理。以下为付费内容\n", "以下为付费内容"),
            ("加强管理。登录后查看全文\n", "登录后查看全文"),
            ("加强管理。部分内容已隐藏\n", "部分内容已隐藏"),
        ] {
            assert_eq!(hidden(text), [notice], "{text}");
        }
        // Words of a sentence are no notice.
        for text in [
            "组织干部认真阅读全文件精神。",
            "隐藏的问题要及时发现。",
            "省略号的用法。",
            "剩余资金全部用于建设。",
            "部分省略号使用不当。",
        ] {
            assert!(hidden(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn every_hidden_text_expression_has_a_screen() {
        assert!(hidden_text_patterns().screen.is_some());
    }

    proptest::proptest! {
        /// Heading texts that start one after another on a line end where each, read on its
        /// own, ends.
        #[test]
        fn a_heading_text_ends_where_read_on_its_own(
            text in crate::checks::testing::text_of(&[
                "工作", "一", "。", "；", " ", "  ", "\u{3000}", "\u{A0}", "\t", "*", "**", "，", "a",
            ]),
            picks in proptest::collection::vec(0usize..64, 0..12),
        ) {
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut starts: Vec<usize> =
                picks.iter().map(|&p| boundaries[p % boundaries.len()]).collect();
            starts.sort();
            let ends = TextEnds::default();
            for start in starts {
                let alone = start + heading_text_len(&text[start..]);
                proptest::prop_assert_eq!(ends.end(&text, start, text.len()), alone, "{:?} {}", text, start);
            }
        }

        /// The lines holding a required string, searched one by one, give what a search of
        /// the whole text gives.
        #[test]
        fn screened_lines_find_the_hidden_text_the_whole_search_finds(
            text in crate::checks::testing::text_of(&[
                "此处隐藏", "3200", "个字", "字", "……", "…", "。", "（", "）", "\n", "\r", " ",
                "\u{3000}", "展开全文", "展开剩余", "85%", "阅读全文", "查看", "全文", ">", "试读结束",
                "以下内容已隐藏", "剩余", "未读", "登录后", "内容已折叠", "工作", "：",
            ])
        ) {
            let patterns = hidden_text_patterns();
            let whole = hidden_text_in(patterns, &text, std::iter::once(0..text.len()));
            proptest::prop_assert_eq!(hidden_text_notices(&text), whole, "{:?}", text);
        }
    }

    #[test]
    fn hidden_text_starts_a_new_stretch() {
        let text = "一、甲\n1、乙 ……此处隐藏27020个字……\n五、丙\n（一）丁\n";
        let doc = parse(text);
        let stretches: Vec<_> = doc.headings.iter().map(|h| h.stretch()).collect();
        assert_eq!(stretches, [0, 0, 1, 1]);
        // Nesting starts again after the notice: `五、` is not a sibling of `一、`.
        assert_eq!(nesting(&doc)[2], (1, None));
        assert_eq!(nesting(&doc)[3], (2, Some(2)));
    }

    #[test]
    fn any_text_parses() {
        for text in [
            "",
            "\n",
            "\r",
            "。。。",
            "（",
            "一、",
            "  \u{3000}",
            "篇一",
            "\u{feff}",
        ] {
            let doc = parse(text);
            assert!(!doc.lines.is_empty());
        }
    }

    #[test]
    fn weak_candidates_need_their_sequence() {
        // After a colon, confirmed by the strong `二、` that follows.
        let text = "现述职如下:一、加强学习。坚持理论学习。二、以德示范。\n";
        assert_eq!(markers(text).len(), 2);
        // Glued to the text before it, confirmed by `(二)`.
        let text = "卫生院工作总结与下步工作打算一、2023年主要成效(一)基本医疗服务能力提升。(二)推进医共体建设。\n";
        let found: Vec<_> = markers(text).into_iter().map(|m| m.0).collect();
        assert_eq!(found, ["(一)", "(二)"]);
        // An enumeration inside a sentence is not the heading tree.
        let text = "主要包括:(一)加强领导;(二)完善制度;(三)强化考核。\n";
        assert!(markers(text).is_empty());
        // Glued after a word that ends in a numeral, or inside quotes: never.
        assert!(markers("坚持统一、规范。二、甲\n").len() == 1);
        assert!(markers("标点“一、”的用法。\n").is_empty());
    }

    #[test]
    fn single_spaces_separate_flattened_headings() {
        let text = "一、扎实推进依法治校 (四)落实《义务教育法》。 二、认真履行岗位职责\n";
        let doc = parse(text);
        let found = marker_texts(&doc, text);
        assert_eq!(found, ["一、", "(四)", "二、"]);
        // The heading's text ends where the next heading starts.
        assert_eq!(&text[doc.headings[0].text()], "扎实推进依法治校");
        // A bracketed number followed by a space is a reference, not a heading.
        assert!(markers("见公式 (2) 所示。\n").is_empty());
    }

    #[test]
    fn enumerations_are_not_headings() {
        assert!(markers("（一）（二）（三）类地区。\n").is_empty());
        assert!(markers("一、二、三等奖各一名。\n").is_empty());
        assert!(markers("一、二年级学生要养成好习惯。\n").is_empty());
        assert_eq!(markers("一、二〇二三年工作回顾\n").len(), 1);
        assert_eq!(markers("一、三项重点工作\n").len(), 1);
        let doc = parse("第一、二批试点。第一，加强领导。\n");
        assert_eq!(doc.runins.len(), 1);
    }

    #[test]
    fn a_number_without_its_mark_needs_both_neighbours() {
        let found =
            |text: &str| -> Vec<String> { markers(text).into_iter().map(|m| m.0).collect() };
        assert_eq!(found("1.甲\n2.乙\n3要丙\n4.丁\n"), ["1.", "2.", "3", "4."]);
        // A date or a count at a line start is no marker: the numbers do not count through it.
        assert_eq!(found("1.甲\n2.乙\n3月份丙\n"), ["1.", "2."]);
        assert_eq!(found("1.甲\n12月丙\n2.乙\n"), ["1.", "2."]);
        assert!(found("3要提高\n").is_empty());
    }

    #[test]
    fn list_bullets_before_markers() {
        let text = "- 1、建立健全领导机构。\n- 2、定期检查。\n  1. 1、本文档由用户上传。\n";
        let found: Vec<_> = markers(text).into_iter().map(|m| m.0).collect();
        assert_eq!(found, ["1、", "2、", "1、"]);
    }

    #[test]
    fn a_heading_cut_by_a_chunk_number_is_mended() {
        let text = "1、 前言很长很长的一段正文内容，讲述了很多很多的事情而且没有结束。 一、全镇卫生工作回顾 一\n2、、健全基层医疗服务网络 (一)坚持统筹布局。\n";
        let doc = parse(text);
        let found: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (&text[h.marker()], h.ordinal))
            .collect();
        assert_eq!(found, [("一、", 1), ("一", 1), ("(一)", 1)]);
        let mended = &doc.headings[1];
        assert_eq!(&text[mended.delimiter().unwrap()], "、");
        assert_eq!(&text[mended.text()], "健全基层医疗服务网络");
        assert_eq!(doc.chunk_markers.len(), 2);
    }

    #[test]
    fn a_preamble_list_does_not_hold_the_tree() {
        let doc = parse("1.说明\n2.说明\n一、正文\n（一）甲\n");
        assert_eq!(nesting(&doc)[2], (1, None));
        assert_eq!(nesting(&doc)[3], (2, Some(2)));
    }

    /// Pieces of text that start, end or break structure, and some that only look like it.
    const PIECES: &[&str] = &[
        "一",
        "二",
        "三",
        "十",
        "〇",
        "零",
        "⼀",
        "⼆",
        "⼗",
        "七",
        "丁",
        "万",
        "1",
        "2",
        "0",
        "12",
        "３",
        "(",
        "（",
        ")",
        "）",
        "①",
        "⑳",
        "⼁",
        "篇",
        "第",
        "首先",
        "其次",
        "再次",
        "最后",
        "首",
        "其",
        "最",
        "是",
        "先",
        "次",
        "后",
        "、",
        "．",
        ".",
        "，",
        ",",
        "：",
        ":",
        "；",
        ";",
        "。",
        "！",
        "？",
        "!",
        "?",
        " ",
        "  ",
        "\u{3000}",
        "\t",
        "\u{A0}",
        "\u{0B}",
        "\r",
        "\n",
        "\r\n",
        "\u{FEFF}",
        "#",
        "## ",
        "- ",
        "* ",
        "• ",
        "**",
        "__",
        "*",
        "_",
        "年",
        "工作",
        "措施",
        "目的",
        "甲乙",
        "點擊",
        "後",
        "\u{2005E}",
        "a",
        "”",
        "》",
        "……",
        "此处隐藏100字",
        "展开全文",
    ];

    fn document() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pick = |options: &'static [&'static str]| proptest::sample::select(options);
        // Marker shapes, whole or cut short: bracket, numeral, bracket, mark.
        let marker = (
            pick(&["", "", "(", "（", "第", "篇", "**"]),
            pick(&["一", "十二", "一二三四", "1", "12", "123", "０", "①", "⼋"]),
            pick(&["", "", ")", "）", "是", "**"]),
            pick(&[
                "", "、", "．", ".", "，", ",", "：", ":", "。", " ", "\u{3000}", "年", "1",
            ]),
        )
            .prop_map(|(open, numeral, close, mark)| [open, numeral, close, mark].concat());
        let piece = prop_oneof![
            8 => pick(PIECES).prop_map(str::to_string),
            3 => marker,
            1 => any::<char>().prop_map(|c| c.to_string()),
        ];
        (any::<bool>(), proptest::collection::vec(piece, 0..60)).prop_map(|(bom, pieces)| {
            (if bom { "\u{FEFF}" } else { "" }).to_string() + &pieces.concat()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Parsing line by line, in parts, builds the document the whole grammar builds.
        #[test]
        fn parts_agree_with_the_whole_grammar(text in document()) {
            let nouns = ["措施".to_string(), "目的".to_string()];
            let fast = serde_json::to_string(&parse_with(&text, &nouns)).unwrap();
            let full = serde_json::to_string(&parse_with_full_grammar(&text, &nouns)).unwrap();
            proptest::prop_assert_eq!(fast, full, "{:?}", text);
        }

        /// Long parts parsed a window at a time (here windows of 48 bytes, cut 24 before
        /// their ends) build the document the whole grammar builds.
        #[test]
        fn windows_agree_with_the_whole_grammar(text in document()) {
            let nouns = ["措施".to_string(), "目的".to_string()];
            let windowed = serde_json::to_string(&parse_windowed(&text, &nouns, 48, 24)).unwrap();
            let full = serde_json::to_string(&parse_with_full_grammar(&text, &nouns)).unwrap();
            proptest::prop_assert_eq!(windowed, full, "{:?}", text);
        }

        /// A line's heading is one on that line, also after headings were left out (chunk
        /// numbers, weak candidates) or mended.
        #[test]
        fn each_line_names_a_heading_of_its_own(text in document()) {
            let doc = parse_with(&text, &[]);
            for (i, line) in doc.lines.iter().enumerate() {
                if let Some(h) = line.heading() {
                    proptest::prop_assert_eq!(doc.headings[h].line(), i, "{:?}", text);
                }
            }
        }
    }

    #[test]
    fn parts_agree_with_the_whole_grammar_on_the_seed_documents() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("seed fixtures") {
            let path = entry.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let fast = serde_json::to_string(&parse(&text)).unwrap();
            let full = serde_json::to_string(&parse_with_full_grammar(&text, &[])).unwrap();
            assert!(fast == full, "{}", path.display());
            seen += 1;
        }
        assert!(seen > 0);
    }

    /// The builder's pairs of `part`, parsed afresh.
    fn fresh(rule: Rule, part: &str) -> Vec<Node> {
        SummaryParser::parse(rule, part)
            .unwrap()
            .flat_map(items)
            .collect()
    }

    #[test]
    fn a_kept_part_reads_as_its_fresh_parse() {
        // On a thread of its own: its parts start unkept, and there is room for them.
        std::thread::spawn(kept_parts_read_as_fresh).join().unwrap();
    }

    fn kept_parts_read_as_fresh() {
        let long = "（一）".repeat(KEPT_PART_BYTES / "（一）".len() + 1);
        for (rule, part) in [
            (Rule::line, "一、"),
            (Rule::line, "  （二）"),
            (Rule::line_rest, "。三是"),
            (Rule::line_rest, "，第一，"),
            (Rule::line, long.as_str()),
        ] {
            let first = parsed_part(rule, part);
            assert!(!first.is_empty(), "{part:?}");
            assert_eq!(&*first, fresh(rule, part).as_slice(), "{part:?}");
            // The same part again: the kept parse when it is short enough to keep.
            let again = parsed_part(rule, part);
            assert_eq!(first, again);
            assert_eq!(
                Rc::ptr_eq(&first, &again),
                part.len() <= KEPT_PART_BYTES,
                "{part:?}"
            );
        }
        // The two rules are kept apart: `一、` opens a line's lead only for `line`.
        assert_ne!(
            parsed_part(Rule::line, "一、"),
            parsed_part(Rule::line_rest, "一、")
        );
    }

    #[test]
    fn a_thread_keeps_a_bounded_number_of_parts() {
        std::thread::spawn(|| {
            for n in 0..KEPT_PARTS + 100 {
                parsed_part(Rule::line_rest, &format!("。{n}、"));
            }
            parsed_part(Rule::line, "一、");
            let kept = PARSED.with_borrow(|parsed| [parsed[0].len(), parsed[1].len()]);
            assert_eq!(kept, [1, KEPT_PARTS]);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn the_parse_notes_every_character_with_a_simplified_form() {
        for text in [
            // In prose (read a character at a time after a plain one), in a part, at a
            // line's start and end, beyond the Basic Multilingual Plane.
            "工作總結很好",
            "一、總結（二）後來",
            "後\r\n甲乙丙後\n\u{2005E}丁\r著",
            "\u{FEFF}第一，點擊。1.擊",
            "   　點",
            // Characters that have none: simplified, ASCII, Kangxi look-alikes, the table's
            // own simplified forms beyond the plane.
            "总结 abc ⼀、\u{2003E}",
        ] {
            let expected: Vec<u32> = crate::analysis::script::traditional_chars(text)
                .map(|(at, _, _)| at as u32)
                .collect();
            assert_eq!(parse(text).traditional, expected, "{text:?}");
        }
        assert_eq!(parse("一、總結").traditional, [6, 9]);
        assert_eq!(parse("甲\n\u{2005E}").traditional, [4]);
        assert!(parse("总结 abc ⼀、\u{2003E}").traditional.is_empty());
    }

    #[test]
    fn the_parse_notes_every_character_of_a_look_alike_block() {
        // A Kangxi radical as a heading's numeral and in prose, a radical of the supplement
        // at a line's end, compatibility ideographs in and beyond the plane; Chinese marks
        // and quotes (whose first bytes are theirs) are not noted.
        let text = "⼀、总结⼯作\n“甲”，⺎\r\n丁\u{F900}戊\u{2F800}。";
        let expected: Vec<u32> = (text.char_indices())
            .filter(|&(_, c)| crate::analysis::text::is_lookalike_block(c))
            .map(|(at, _)| at as u32)
            .collect();
        assert_eq!(expected, [0, 12, 31, 39, 45]);
        assert_eq!(parse(text).lookalikes, expected);
        assert!(parse("“总结”，（一）：ａ…—").lookalikes.is_empty());
    }

    /// A marker glued to a title noun opens the first item under that heading only after a
    /// short title: twelve characters at most.
    #[test]
    fn a_marker_after_a_title_of_twelve_characters_opens_an_item() {
        let nouns = ["目的".to_string()];
        let markers = |title: &str| -> Vec<String> {
            let text = format!("二、{title}1、保持联系\n2、加强沟通");
            let doc = parse_with(&text, &nouns);
            (doc.headings.iter())
                .map(|h| text[h.marker()].to_string())
                .collect()
        };
        assert_eq!(markers("甲乙丙丁戊己庚辛壬癸目的"), ["二、", "1、", "2、"]);
        assert_eq!(markers("子甲乙丙丁戊己庚辛壬癸目的"), ["二、", "2、"]);
        assert_eq!(markers("目的"), ["二、", "1、", "2、"]);
        assert_eq!(markers("甲目的"), ["二、", "1、", "2、"]);
    }

    #[test]
    fn parts_agree_on_markers_at_the_cuts() {
        for text in [
            "工作篇一",
            "工作篇一 ",
            "工作篇一**",
            "总结：一、甲，二、乙",
            "统一、规范。一是甲，二是乙",
            "首先，甲。其次，乙",
            "（一）甲，(2)乙",
            "1.甲，2.乙\n3要丙\n4.丁",
            "甲。1、乙 2、丙",
            "二、工作目的1、保持",
            "一是一",
            "(一），一一",
            "篇1**，",
            "## ",
            "- (1)一",
            "## 一、甲\r\n- 1、乙",
            "\u{FEFF}一、甲\r二、乙\r",
            // A number glued to a Chinese character heads a line only at its lead.
            "- 3要丙\n**3要丙\n## 3要\n1. 3要\n 　3要\n甲3要\n一3要\n先3要\n（3要\n3要",
        ] {
            let fast = serde_json::to_string(&parse(text)).unwrap();
            let full = serde_json::to_string(&parse_with_full_grammar(text, &[])).unwrap();
            assert_eq!(fast, full, "{text:?}");
        }
    }
}
