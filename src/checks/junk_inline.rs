//! Check kind `junk-inline`: pieces of web-page junk glued into the text (an injected notice
//! `---本文来源于网络…---`, a stray ASCII quote inside Chinese, `<image>` tags, `(优质8篇)`).
//!
//! Each pattern is a regular expression; its named group `junk`, when present, is the span
//! reported, else the whole match. `{name}` in a pattern stands for the word class `name` of
//! the rule's `vocabulary` (any one of its words). A pattern may require one of a list of words
//! inside its match, may be cancelled by what follows or precedes it on the same line, may
//! require a shape of the next line, and may be held to the first line or a Markdown heading.
//!
//! When the rule declares `fix`, its fix deletes what a pattern found; a pattern with
//! `deletable = false` is only reported, for text that stands for something a person must
//! restore (a `此处隐藏` cut, a lost character's `□`).
//!
//! Patterns read each line in simplified script (`工作總結` as `工作总结`), at the same offsets.
//!
//! Three shapes are not regular expressions: a line that is one title written twice
//! (`shape = "doubled-line"`), a paragraph that repeats the opening of an earlier one, as a
//! page prints a preview before the full text (`shape = "repeated-opening"`), and a page's chunk
//! numbers that the parser found (`shape = "chunk-marker"`).

use super::{excerpt, Check, Context, LazyRegex, RunRegexes};
use crate::analysis::literals::LineScreen;
use crate::analysis::script;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::{nonblank_lines, saturating_u32, Offsets, Span};
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The numbers of a pattern's regexes, for a run's copies of them (see [`RunRegexes`]).
const FINDER: usize = 0;
const UNLESS_AFTER: usize = 1;
const UNLESS_BEFORE: usize = 2;
const NEXT_LINE: usize = 3;
const PATTERN_REGEXES: usize = 4;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Vec<PatternParams>,
    /// Word classes that patterns name as `{class}` and `requires` lists as `"{class}"`.
    #[serde(default)]
    vocabulary: BTreeMap<String, Vec<String>>,
}

/// A shape found by code rather than by a regular expression.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum Shape {
    /// One title written twice on a line (`某某工作总结 某某工作总结`); the second copy is junk.
    DoubledLine,
    /// A paragraph whose opening repeats an earlier paragraph's opening, character for
    /// character once spaces, digits and punctuation are set aside.
    RepeatedOpening,
    /// A page's chunk number (`2、` going on with a sentence cut on the line before), as the
    /// parser found it.
    ChunkMarker,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternParams {
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    shape: Option<Shape>,
    /// What was found, in Chinese; fills `{label}` in the message.
    #[serde(default)]
    label: String,
    /// The match must contain one of these words.
    #[serde(default)]
    requires: Vec<String>,
    /// Cancel the match when the rest of its line, right after it, matches this (anchor it
    /// with `^`).
    #[serde(default)]
    unless_after: Option<String>,
    /// Cancel the match when its line, up to it, matches this (anchor it with `$`).
    #[serde(default)]
    unless_before: Option<String>,
    /// The next non-blank line must match this; the last line has none.
    #[serde(default)]
    next_line: Option<String>,
    /// Only on the first non-blank line of the file.
    #[serde(default)]
    first_line: bool,
    /// Only on a Markdown heading (`# …`).
    #[serde(default)]
    markdown_heading: bool,
    /// When the pattern matches two or more times, widen every match to the left over the
    /// characters all of them share there (an injected brand name repeated before its words).
    #[serde(default)]
    widen_shared_left: bool,
    /// The match must stand apart on one side at least: at the start or end of its line, or
    /// next to a space or punctuation (a decoration around a title, not a word inside a
    /// sentence).
    #[serde(default)]
    standing_apart: bool,
    /// Whether the rule's fix deletes what this pattern finds (default true); false when the
    /// text stands for something a person must restore (a hidden passage, a lost character).
    #[serde(default = "yes")]
    deletable: bool,
}

fn yes() -> bool {
    true
}

enum Finder {
    Regex(LazyRegex),
    Shape(Shape),
}

struct Pattern {
    finder: Finder,
    /// The characters a match can end with, when every match ends the line (see
    /// [`crate::analysis::literals::end_chars`]): a line ending otherwise is not searched.
    ends_with: Option<regex_syntax::hir::ClassUnicode>,
    label: String,
    requires: Vec<String>,
    unless_after: Option<LazyRegex>,
    unless_before: Option<LazyRegex>,
    next_line: Option<LazyRegex>,
    first_line: bool,
    markdown_heading: bool,
    widen_shared_left: bool,
    standing_apart: bool,
    deletable: bool,
}

struct JunkInline {
    patterns: Vec<Pattern>,
    /// The required literals of each pattern (see [`crate::analysis::literals`]): one pass
    /// tells on which lines each may match; a shape has none and is tried on every line.
    screen: LineScreen,
}

/// `"{class}"` in a `requires` list stands for every word of the class; words are matched on
/// the simplified view, so they are read in simplified characters.
fn expand_words(
    words: Vec<String>,
    vocabulary: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for word in words {
        match word.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            Some(name) => out.extend(
                vocabulary
                    .get(name)
                    .filter(|w| !w.is_empty())
                    .ok_or_else(|| format!("requires 用到的词类“{name}”没有定义或没有词"))?
                    .iter()
                    .map(|w| script::simplified(w).into_owned()),
            ),
            None => out.push(script::simplified(&word).into_owned()),
        }
    }
    Ok(out)
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let vocabulary = p.vocabulary;
    let optional = |r: Option<String>| {
        r.as_deref()
            .map(|r| super::lazy_view_regex(r, &vocabulary))
            .transpose()
    };
    let patterns = p
        .patterns
        .into_iter()
        .map(|p| {
            let finder = match (&p.pattern, p.shape) {
                (Some(pattern), None) => {
                    Finder::Regex(super::lazy_view_regex(pattern, &vocabulary)?)
                }
                (None, Some(shape)) => Finder::Shape(shape),
                _ => return Err("每个模式须有 pattern 或 shape 之一".to_string()),
            };
            let ends_with = match &finder {
                Finder::Regex(regex) => crate::analysis::literals::end_chars(regex.as_str()),
                Finder::Shape(_) => None,
            };
            Ok(Pattern {
                finder,
                ends_with,
                label: p.label,
                requires: expand_words(p.requires, &vocabulary)?,
                unless_after: optional(p.unless_after)?,
                unless_before: optional(p.unless_before)?,
                next_line: optional(p.next_line)?,
                first_line: p.first_line,
                markdown_heading: p.markdown_heading,
                widen_shared_left: p.widen_shared_left,
                standing_apart: p.standing_apart,
                deletable: p.deletable,
            })
        })
        .collect::<Result<Vec<Pattern>, String>>()?;
    // A line is searched when it holds a string every finding on it holds: one of the
    // pattern's `requires` (rarer than the expression's own strings, brackets or marks), else
    // one of the strings every match of the expression holds.
    let slots: Vec<Option<Vec<String>>> = patterns
        .iter()
        .map(|p| match &p.finder {
            _ if !p.requires.is_empty() && p.requires.iter().all(|w| !w.is_empty()) => {
                Some(p.requires.clone())
            }
            Finder::Regex(regex) => regex.required_strings(),
            Finder::Shape(_) => None,
        })
        .collect();
    Ok(Arc::new(JunkInline {
        screen: LineScreen::new(&slots)?,
        patterns,
    }))
}

/// A title of at least this many characters counts as written twice.
const MIN_DOUBLED: usize = 4;
/// A doubled title is at most this long.
const MAX_DOUBLED: usize = 60;
/// Openings compare this many Han characters.
const OPENING_HAN: usize = 30;

/// Marks that end a sentence or clause: a title has none.
const TITLE_ENDS: [char; 7] = ['。', '，', '；', '！', '？', ',', ';'];

/// Within `content`: the second copy of a title written twice at the start of the line (after
/// a list marker or spaces), with the spaces before it.
fn doubled(content: &str) -> Option<std::ops::Range<usize>> {
    let start = content
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '、' | '.' | ' ' | '\u{3000}')))?;
    let rest = &content[start..];
    // The ends of the candidate titles: a title holds no sentence mark, and is followed by a
    // copy of itself, so it ends before the first mark and within the first half of `rest`.
    // Only the first `MAX_DOUBLED` characters are read, however long the line.
    let mut ends = [0; MAX_DOUBLED];
    let mut count = 0;
    for (i, c) in rest.char_indices().take(MAX_DOUBLED) {
        let end = i + c.len_utf8();
        if TITLE_ENDS.contains(&c) || 2 * end > rest.len() {
            break;
        }
        ends[count] = end;
        count += 1;
    }
    // The longest copy wins: `工作总结工作总结` is one title twice, not `工作` four times.
    for &end in ends[..count].iter().skip(MIN_DOUBLED - 1).rev() {
        let title = &rest[..end];
        let after = &rest[end..];
        let gap = after.len() - after.trim_start_matches([' ', '\u{3000}']).len();
        if after[gap..].starts_with(title) {
            let from = start + end;
            return Some(from..from + gap + title.len());
        }
    }
    None
}

/// The first `OPENING_HAN` Han characters of a line and the byte length of the line up to the
/// last of them, when the line has that many. The characters come as their UTF-8 bytes, padded with zeros: a key hashed in one write,
/// with no allocation.
fn opening(content: &str) -> Option<([u8; 4 * OPENING_HAN], usize)> {
    // A Han character takes three bytes or four: a shorter line holds too few to be read.
    if content.len() < 3 * OPENING_HAN {
        return None;
    }
    let mut han = [0; 4 * OPENING_HAN];
    let (mut count, mut len) = (0, 0);
    let bytes = content.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        // Lead bytes 0xE5–0xE9 (U+5000–U+9FFF) are all Han: their bytes are copied as they
        // are; any other character is decoded and tested.
        let width = if (0xE5..=0xE9).contains(&lead) {
            let (Some(char_bytes), Some(slot)) = (bytes.get(i..i + 3), han.get_mut(len..len + 3))
            else {
                return None;
            };
            slot.copy_from_slice(char_bytes);
            3
        } else {
            let c = content[i..].chars().next()?;
            if !crate::analysis::text::is_han(c) {
                i += c.len_utf8();
                continue;
            }
            c.encode_utf8(han.get_mut(len..)?).len()
        };
        len += width;
        i += width;
        count += 1;
        if count == OPENING_HAN {
            return Some((han, i));
        }
    }
    None
}

impl Pattern {
    /// Spans (relative to the line's content) this pattern finds on one line, before the
    /// conditions on neighbours.
    fn find_on_line(
        &self,
        content: &str,
        regexes: &RunRegexes,
        found: &mut Vec<std::ops::Range<usize>>,
    ) {
        let Finder::Regex(regex) = &self.finder else {
            if self.finder_is(Shape::DoubledLine) {
                if let Some(span) = doubled(content) {
                    if self.requires.is_empty()
                        || self
                            .requires
                            .iter()
                            .any(|w| content[span.clone()].contains(w.as_str()))
                    {
                        found.push(span);
                    }
                }
            }
            return;
        };
        if let Some(ends_with) = &self.ends_with {
            let last = content.chars().next_back();
            if !last.is_some_and(|c| crate::analysis::literals::class_holds(ends_with, c)) {
                return;
            }
        }
        let regex = regexes.get(FINDER, regex);
        // Without a `junk` group the match is the junk: a plain search finds the same matches
        // without resolving groups.
        if !regex.capture_names().any(|name| name == Some("junk")) {
            for whole in regex.find_iter(content) {
                self.keep(content, whole, whole, regexes, found);
            }
            return;
        }
        for caps in regex.captures_iter(content) {
            let Some(whole) = caps.get(0) else { continue };
            let junk = caps.name("junk").unwrap_or(whole);
            self.keep(content, whole, junk, regexes, found);
        }
    }

    /// Keep the `junk` part of the match `whole` when the pattern's conditions hold.
    fn keep(
        &self,
        content: &str,
        whole: crate::shared_regex::Match,
        junk: crate::shared_regex::Match,
        regexes: &RunRegexes,
        found: &mut Vec<std::ops::Range<usize>>,
    ) {
        if whole.as_str().is_empty() {
            return;
        }
        if !self.requires.is_empty()
            && !self
                .requires
                .iter()
                .any(|w| whole.as_str().contains(w.as_str()))
        {
            return;
        }
        if self.unless_after.as_ref().is_some_and(|r| {
            regexes
                .get(UNLESS_AFTER, r)
                .is_match(&content[junk.end()..])
        }) || self.unless_before.as_ref().is_some_and(|r| {
            regexes
                .get(UNLESS_BEFORE, r)
                .is_match(&content[..junk.start()])
        }) {
            return;
        }
        if self.standing_apart && !stands_apart(content, junk.start(), junk.end()) {
            return;
        }
        found.push(junk.start()..junk.end());
    }

    /// The pattern's regexes, compiled or not (in the order of their numbers for a run's
    /// copies: [`FINDER`], [`UNLESS_AFTER`], [`UNLESS_BEFORE`], [`NEXT_LINE`]).
    fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        let finder = match &self.finder {
            Finder::Regex(regex) => Some(regex),
            Finder::Shape(_) => None,
        };
        finder
            .into_iter()
            .chain(&self.unless_after)
            .chain(&self.unless_before)
            .chain(&self.next_line)
    }

    fn finder_is(&self, shape: Shape) -> bool {
        matches!(self.finder, Finder::Shape(s) if s == shape)
    }
}

/// A chunk of page text cut in the middle of a sentence: several sentences, or a long run,
/// that does not end one (a list item without a full stop is neither).
fn cut_chunk(content: &str) -> bool {
    const LONG_CHUNK: usize = 100;
    use crate::analysis::text::STATEMENT_ENDS;
    let unfinished = content
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '，' | ',' | '、'));
    unfinished && (content.contains(STATEMENT_ENDS) || content.chars().count() >= LONG_CHUNK)
}

/// Is `content[start..end]` at an end of the line or next to a space, punctuation or markup
/// rather than between two words?
fn stands_apart(content: &str, start: usize, end: usize) -> bool {
    let apart = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    apart(content[..start].chars().next_back()) || apart(content[end..].chars().next())
}

/// Widen every span to the left over the characters all of them have there (a letter, digit
/// or Han character; at most a few).
fn widen_shared_left(text: &str, spans: &mut [Span]) {
    const MAX_WIDEN: usize = 6;
    if spans.len() < 2 {
        return;
    }
    for _ in 0..MAX_WIDEN {
        let before = |s: &Span| text[..s.start].chars().next_back();
        let Some(shared) = before(&spans[0]) else {
            return;
        };
        if !(shared.is_alphanumeric()) || !spans.iter().all(|s| before(s) == Some(shared)) {
            return;
        }
        for span in spans.iter_mut() {
            span.start -= shared.len_utf8();
        }
    }
}

impl Check for JunkInline {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn compile_fully(&self) {
        for regex in self.patterns.iter().flat_map(Pattern::regexes) {
            regex.regex();
        }
    }

    fn is_compiled(&self) -> bool {
        (self.patterns.iter().flat_map(Pattern::regexes)).all(LazyRegex::is_compiled)
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        // Traditional text reads as simplified, at the same offsets.
        let view = ctx.simplified();
        let marks =
            (self.screen).marks_in_view(view, &ctx.doc.lines, Some(ctx.simplified_occurrences()));
        // The non-blank lines, as indices (a list of them with their numbers took 16 bytes a
        // line: 16 MB on a draft of a million lines).
        let doc_lines = &ctx.doc.lines;
        let nonblank = nonblank_lines(doc_lines);
        // The `k`th non-blank line with its 1-based line number.
        let line_at = |k: usize| {
            nonblank
                .get(k)
                .map(|&i| (i as usize + 1, &doc_lines[i as usize]))
        };
        let lines = || (0..nonblank.len()).filter_map(line_at);
        // (span, pattern, the line a repeated opening is first on), as u32 (20 bytes, not
        // 40: a page of injected text has a finding on every other line). The labels are
        // written only for the findings kept (a page of repeated openings has one on every
        // line).
        let mut found: Vec<(Offsets, u32, Option<u32>)> = Vec::new();
        let mut find = |span: &Span, slot: usize, first: Option<usize>| {
            found.push((
                Offsets::of(span),
                saturating_u32(slot),
                first.map(saturating_u32),
            ))
        };
        for (slot, pattern) in self.patterns.iter().enumerate() {
            let mut spans: Vec<Span> = Vec::new();
            let regexes = RunRegexes::new(text, PATTERN_REGEXES);
            if pattern.finder_is(Shape::RepeatedOpening) {
                let mut seen: HashMap<[u8; 4 * OPENING_HAN], usize> = HashMap::new();
                for (number, line) in lines() {
                    let content = &text[line.content()];
                    let Some((han, len)) = opening(content) else {
                        continue;
                    };
                    if let Some(&first) = seen.get(&han) {
                        let span = line.content().start..line.content().start + len;
                        find(&span, slot, Some(first));
                    } else {
                        seen.insert(han, number);
                    }
                }
                continue;
            }
            if pattern.finder_is(Shape::ChunkMarker) {
                // A page numbers its chunks `1、`; Word's own numbers are the writer's list.
                let chunks = ctx.doc.chunk_markers.iter().filter(|c| {
                    text[(*c).clone()].ends_with('、')
                        && !ctx
                            .automatic
                            .iter()
                            .any(|a| a.start < c.end && c.start < a.end)
                });
                for chunk in chunks {
                    let k = nonblank
                        .partition_point(|&i| doc_lines[i as usize].span().end < chunk.start);
                    let next = line_at(k + 1).map(|(_, l)| &text[l.content()]);
                    let cut = |k: Option<usize>| {
                        k.and_then(line_at)
                            .is_some_and(|(_, l)| cut_chunk(&text[l.content()]))
                    };
                    // The first chunk has no line before it: it is cut itself, and `2、` goes on.
                    if cut(k.checked_sub(1))
                        || (cut(Some(k)) && next.is_some_and(|n| n.starts_with("2、")))
                    {
                        // `3、、`: the page doubled the delimiter.
                        let doubled = text[chunk.end..].len()
                            - text[chunk.end..].trim_start_matches('、').len();
                        let span = chunk.start..chunk.end + doubled;
                        find(&span, slot, None);
                    }
                }
                continue;
            }
            // A line without the pattern's literals has no match on it (nor has any line
            // when none holds them).
            let searched = if marks.slot_marked(slot) {
                nonblank.len()
            } else {
                0
            };
            for (k, (number, line)) in lines().enumerate().take(searched) {
                if !marks.line(number - 1).get(slot) {
                    continue;
                }
                if (pattern.first_line && k > 0)
                    || (pattern.markdown_heading && line.markdown_level().is_none())
                {
                    continue;
                }
                let next_fails = pattern.next_line.as_ref().is_some_and(|r| {
                    let r = regexes.get(NEXT_LINE, r);
                    line_at(k + 1).is_none_or(|(_, l)| !r.is_match(view.slice(&l.content())))
                });
                if next_fails {
                    continue;
                }
                let mut on_line = Vec::new();
                pattern.find_on_line(view.slice(&line.content()), &regexes, &mut on_line);
                let base = line.content().start;
                spans.extend(on_line.into_iter().map(|r| base + r.start..base + r.end));
            }
            if pattern.widen_shared_left {
                widen_shared_left(text, &mut spans);
            }
            spans.iter().for_each(|span| find(span, slot, None));
        }
        // One finding per place: the first pattern that found it wins.
        found.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut last_end = 0;
        for (span, slot, first) in found {
            let span = span.span();
            if span.start < last_end {
                continue;
            }
            last_end = span.end;
            let pattern = &self.patterns[slot as usize];
            let label = match first {
                Some(first) => pattern.label.replace("{line}", &first.to_string()),
                None => pattern.label.clone(),
            };
            let shown = excerpt(&text[span.clone()]);
            let mut diagnostic = ctx.diagnostic(
                rule,
                span.clone(),
                &[("label", label.as_str()), ("text", shown.as_str())],
            );
            if pattern.deletable {
                diagnostic.fix = ctx.deletion(rule, &span);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    /// The definition of [`super::doubled`]: every candidate title is checked for sentence
    /// marks on its own.
    fn doubled_by_definition(content: &str) -> Option<std::ops::Range<usize>> {
        use super::{MAX_DOUBLED, MIN_DOUBLED};
        let start = content
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '、' | '.' | ' ' | '\u{3000}')))?;
        let rest = &content[start..];
        let ends: Vec<usize> = rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take(MAX_DOUBLED)
            .collect();
        for &end in ends.iter().skip(MIN_DOUBLED - 1).rev() {
            let title = &rest[..end];
            if title.contains(['。', '，', '；', '！', '？', ',', ';']) {
                continue;
            }
            let after = &rest[end..];
            let gap = after.len() - after.trim_start_matches([' ', '\u{3000}']).len();
            if after[gap..].starts_with(title) {
                let from = start + end;
                return Some(from..from + gap + title.len());
            }
        }
        None
    }

    /// Lines made of a few pieces, often a title written twice around marks and spaces.
    fn title_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = proptest::sample::select(vec![
            "工作",
            "总结",
            "计划",
            "年度",
            "2023",
            "1、",
            " ",
            "\u{3000}",
            "。",
            "，",
            ";",
            ",",
            "？",
            "a",
            "某某县",
            "的",
            // Ten characters: titles longer than `MAX_DOUBLED`, and lines long after them.
            "一二三四五六七八九十",
        ]);
        (
            proptest::collection::vec(piece.clone(), 0..12),
            proptest::collection::vec(piece, 0..6),
            any::<bool>(),
        )
            .prop_map(|(title, tail, twice)| {
                let title: String = title.concat();
                let copy = if twice { title.as_str() } else { "" };
                format!("{title} {copy}{}", tail.concat())
            })
    }

    /// The definition of [`super::opening`]: every character decoded and tested.
    fn opening_by_definition(content: &str) -> Option<([u8; 4 * super::OPENING_HAN], usize)> {
        let mut han = [0; 4 * super::OPENING_HAN];
        let (mut count, mut len) = (0, 0);
        for (i, c) in content.char_indices() {
            if crate::analysis::text::is_han(c) {
                len += c.encode_utf8(&mut han[len..]).len();
                count += 1;
                if count == super::OPENING_HAN {
                    return Some((han, i + c.len_utf8()));
                }
            }
        }
        None
    }

    proptest::proptest! {
        /// Han characters of every lead byte, hexagrams (lead byte 0xE4, not Han), extension A
        /// (0xE3), beyond the plane, marks and letters.
        #[test]
        fn an_opening_is_found_as_by_its_definition(
            line in "[一乙丙中是乐非龥䷀䷿㐀䶵𠀀𪛖，。a 1]{0,45}",
        ) {
            proptest::prop_assert_eq!(super::opening(&line), opening_by_definition(&line));
        }
    }

    #[test]
    fn an_opening_is_the_first_thirty_han_characters() {
        let thirty = "甲".repeat(super::OPENING_HAN);
        let (han, len) = super::opening(&thirty).expect("thirty Han characters");
        assert_eq!(
            (&han[..thirty.len()], len),
            (thirty.as_bytes(), thirty.len())
        );
        assert!(han[thirty.len()..].iter().all(|&b| b == 0));
        let twenty_nine = "甲".repeat(super::OPENING_HAN - 1);
        assert_eq!(super::opening(&format!("{twenty_nine}abc")), None);
        let (_, len) = super::opening(&format!("1、{thirty}乙")).expect("after a marker");
        assert_eq!(len, 4 + thirty.len());
    }

    #[test]
    fn a_doubled_title_is_at_most_sixty_characters_long() {
        // Distinct characters: no shorter title is written twice inside them.
        let title = |chars: u32| -> String {
            (0..chars)
                .filter_map(|i| char::from_u32(0x4E00 + i))
                .collect()
        };
        let sixty = title(60);
        let line = format!("1、{sixty} {sixty}还有正文");
        let found = 4 + sixty.len()..4 + 2 * sixty.len() + 1;
        assert_eq!(super::doubled(&line), Some(found.clone()));
        assert_eq!(doubled_by_definition(&line), Some(found));
        let sixty_one = title(61);
        let line = format!("{sixty_one}{sixty_one}");
        assert_eq!(super::doubled(&line), None);
        assert_eq!(doubled_by_definition(&line), None);
    }

    proptest::proptest! {
        #[test]
        fn a_doubled_title_is_found_as_by_its_definition(line in title_lines()) {
            proptest::prop_assert_eq!(super::doubled(&line), doubled_by_definition(&line));
        }
    }

    /// A junk-inline rule of its own with `patterns`.
    fn rule(pattern: &str) -> String {
        format!(
            "[[rule]]\ncode = \"T404\"\nname = \"t\"\ncategory = \"junk\"\nseverity = \"warning\"\n\
             kind = \"junk-inline\"\nfix = \"safe\"\nmessage = \"{{text}}\"\nhelp = \"删去\"\n\
             patterns = [{pattern}]\n"
        )
    }

    #[test]
    fn a_pattern_that_is_not_deletable_is_reported_without_a_fix() {
        let text = "甲乙丙。此处隐藏字。\n";
        let fixes = |pattern: &str| -> Vec<bool> {
            crate::checks::testing::lint_toml(&rule(pattern), text)
                .iter()
                .map(|d| d.fix.is_some())
                .collect()
        };
        assert_eq!(fixes("{ pattern = '此处隐藏字', label = \"a\" }"), [true]);
        let kept = "{ pattern = '此处隐藏字', label = \"a\", deletable = false }";
        assert_eq!(fixes(kept), [false]);
        // A misspelt key is an error when the rule loads, not a pattern that deletes.
        let misspelt = "{ pattern = '此处隐藏字', label = \"a\", deleteable = false }";
        let mut catalogue = crate::catalogue::Catalogue::default();
        let error = catalogue
            .add_file("t.toml", &rule(misspelt))
            .expect_err("an unknown key");
        assert!(error.to_string().contains("deleteable"), "{error}");
    }

    #[test]
    fn a_pattern_with_required_words_is_searched_on_the_lines_that_hold_one() {
        let text = "甲（本站转载）乙\n丙（附件）转载\n丁(轉載请注明)戊\n（一）工作\n";
        let found = |requires: &str| {
            let pattern = format!(
                "{{ pattern = '[（(][^（()）\\n]{{0,20}}[）)]', label = \"a\", requires = [{requires}] }}"
            );
            crate::checks::testing::run_toml(&rule(&pattern), text)
        };
        // The word inside the match, also written in traditional characters; not a line that
        // holds it only outside the match, nor one without it.
        assert_eq!(
            found("\"转载\""),
            [at(1, 2, "（本站转载）"), at(3, 2, "(轉載请注明)")]
        );
        assert_eq!(
            found("\"附件\", \"注明\""),
            [at(2, 2, "（附件）"), at(3, 2, "(轉載请注明)")]
        );
        // An empty word is in every match.
        assert_eq!(
            found("\"\""),
            [
                at(1, 2, "（本站转载）"),
                at(2, 2, "（附件）"),
                at(3, 2, "(轉載请注明)"),
                at(4, 1, "（一）")
            ]
        );
    }

    fn at(line: usize, column: usize, text: &str) -> (usize, usize, String) {
        (line, column, text.to_string())
    }

    #[test]
    fn a_notice_injected_into_a_word() {
        let text = "健全乡村学校教研工作网络,组---本文来源于网络,仅供参考,勿照抄,如有侵权请联系删除---建三个片区教研共同体。\n";
        assert_eq!(
            run("ZJ404", text),
            [at(
                1,
                15,
                "---本文来源于网络,仅供参考,勿照抄,如有侵权请联系删除---"
            )]
        );
        let text = "第1页共5页编号:_____乡镇长述职报告(此文内容仅供参考,可自行修改)一年来,我按照镇党委的部署抓好各项工作。\n";
        assert_eq!(
            run("ZJ404", text),
            [
                at(1, 1, "第1页共5页"),
                at(1, 22, "(此文内容仅供参考,可自行修改)")
            ]
        );
        let text = "各村已完成 ……此处隐藏31508个字……落实到户到人。\n";
        assert_eq!(run("ZJ404", text), [at(1, 7, "……此处隐藏31508个字……")]);
    }

    #[test]
    fn stray_quotes_and_lost_characters() {
        let text = "是20**年获奖数量较多、获奖层次较高的'地级市。\n真正把教书育人变成每一位教育工作者的`自觉行动。\n在今年普高统考中□1xx7人次获得a等。\n值班人员保证一天\\*\\*次以上巡学。\n";
        assert_eq!(
            run("ZJ412", text),
            [
                at(1, 21, "'"),
                at(2, 19, "`"),
                at(3, 9, "□"),
                at(4, 9, "\\*\\*")
            ]
        );
    }

    #[test]
    fn quotes_that_close_and_check_boxes_are_not_noise() {
        // A mismatched pair is a punctuation fault, not noise.
        let text = "镇聚焦'三项任务“，紧扣'五个提升“，实现'考核连续两年优秀,在全市47个乡镇中列第六位“。\n是否同意：□是 □否\nIt's fine.\n学习'两个确立'精神，深刻领会其丰富内涵和实践要求，不断增强贯彻落实的自觉性和坚定性。\n";
        assert!(run("ZJ412", text).is_empty(), "{:?}", run("ZJ412", text));
    }

    #[test]
    fn markup_left_by_a_page() {
        let text = concat!(
            r#"<image>data:image/png;base64,iVBORw0KGgo" alt="资源得分’ title="</image>"#,
            "\n全年新建学校3所&nbsp;，新增学位5000个。\n"
        );
        let found = run("ZJ413", text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0, found[0].1), (1, 1));
        assert_eq!(found[1], at(2, 9, "&nbsp;"));
        assert!(run("ZJ413", "当x<5且y>3时成立。\n").is_empty());
    }

    #[test]
    fn title_decorations() {
        let text = "# 卫生院工作总结及工作安排 卫生院工作安排(优质8篇)\n【精品】社区工作总结范文汇编8篇\n2025年某乡卫生院工作总结和明年打算【优秀范文】\n";
        assert_eq!(
            run("ZJ411", text),
            [
                at(1, 23, "(优质8篇)"),
                at(2, 1, "【精品】"),
                at(2, 13, "汇编8篇"),
                at(3, 20, "【优秀范文】"),
            ]
        );
        let text = "附件：1.关于开展读书活动的通知（共2页）\n【典型经验】某校推进课后服务\n【最新进展】在省级刊物发表论文（共12篇），获奖3项。\n";
        assert!(run("ZJ411", text).is_empty());
    }
}
