//! The text layer every rule shares: what a character is (Han, Chinese punctuation, opening and
//! closing marks, sentence ends, full-width forms), Latin words and sentences, and the prose
//! view of a document (the spans that are running text).
//!
//! Where UAX #29 (unicode-segmentation) is right and where Chinese needs more:
//! - Word bounds are right for runs of Latin letters and digits inside Chinese text (`Redis 5.0`,
//!   `HBase`, `3.5%`): [`latin_words`] takes them from UAX #29, so a rule can stay out of a Latin
//!   phrase. For Han text UAX #29 has no dictionary and cuts every character apart, so Han words
//!   are never taken from it; rules that need Chinese words use their own vocabulary.
//! - Sentence bounds: UAX #29 ends a sentence after `。！？` and their ASCII forms, and also
//!   after `.` followed by a space, which in Chinese text is a decimal or a list number far more
//!   often. [`sentences`] therefore ends a sentence only at a Chinese sentence end (or `!?`
//!   between Han characters) and at a line end, where a heading or a paragraph stops.

use crate::model::{Offsets, Span};
use crate::shared_regex::Regex;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

/// The Han characters: CJK unified ideographs, extensions, compatibility ideographs.
pub const HAN_RANGES: [std::ops::RangeInclusive<char>; 5] = [
    '\u{4E00}'..='\u{9FFF}',
    '\u{3400}'..='\u{4DBF}',
    '\u{F900}'..='\u{FAFF}',
    '\u{20000}'..='\u{2FA1F}',
    '\u{30000}'..='\u{3134F}',
];

/// A Han character (see [`HAN_RANGES`]).
pub fn is_han(c: char) -> bool {
    HAN_RANGES.iter().any(|range| range.contains(&c))
}

/// A character of the CJK Unified Ideographs block (U+4E00–U+9FFF): most of a Chinese
/// text, every one of them alphabetic.
#[inline]
pub fn is_common_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A character of the blocks whose characters stand in for common ones: the CJK radicals
/// (U+2E80–U+2FDF, Kangxi radicals included) and the compatibility ideographs (U+F900–U+FAFF,
/// U+2F800–U+2FA1F). Rare in any text; the parse notes where each is (see
/// [`crate::model::Document::lookalikes`]).
pub fn is_lookalike_block(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' | '\u{2F800}'..='\u{2FA1F}')
}

/// Marks that open a quotation, a bracket or a title, full-width and half-width.
pub const OPENING_MARKS: &str = "“‘（《〈「『【〔［｛(";
/// The closing mark of each of [`OPENING_MARKS`], in the same order.
pub const CLOSING_MARKS: &str = "”’）》〉」』】〕］｝)";

/// The mark that closes `open`, if `open` opens a pair.
pub fn closing_of(open: char) -> Option<char> {
    let at = OPENING_MARKS.chars().position(|c| c == open)?;
    CLOSING_MARKS.chars().nth(at)
}

/// The mark that opens a pair `close` closes.
pub fn opening_of(close: char) -> Option<char> {
    let at = CLOSING_MARKS.chars().position(|c| c == close)?;
    OPENING_MARKS.chars().nth(at)
}

/// Marks that end a sentence in Chinese text.
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?', '…'];

/// Marks that end a statement: a sentence, or an item of a list ended by `；`. A line ending in
/// one of these is running text, not a heading or a label.
pub const STATEMENT_ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Whether `c` is one of [`STATEMENT_ENDS`]: a match, which compiles to a few compares, where
/// a list is compared with each entry in turn (asked of most characters of a text).
pub fn is_statement_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Marks that end a clause inside a sentence.
pub const CLAUSE_MARKS: &[char] = &['，', '、', '；', '：', ',', ';', ':'];

/// Spaces that separate words or pieces of a flattened line: ASCII, tab, ideographic, no-break.
pub const SPACES: &[char] = &[' ', '\t', '\u{3000}', '\u{A0}'];

/// The blanks around a line's words: spaces, tabs, ideographic spaces and a carriage return
/// left by a CRLF line end. A match, not a list of characters: a list as the pattern is
/// compared with each in turn, and this is asked of every line.
pub fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\r')
}

pub fn is_space(c: char) -> bool {
    SPACES.contains(&c)
}

/// Chinese (full-width) punctuation: CJK symbols and punctuation, full-width forms that are
/// not letters or digits, and the general punctuation Chinese text uses (quotes, dashes, `…`).
pub fn is_chinese_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{3001}'..='\u{303F}' | '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '－'
    ) || (is_fullwidth_form(c) && !c.is_alphanumeric())
}

/// A full-width form of an ASCII character (`！` … `～`, U+FF01–FF5E).
pub fn is_fullwidth_form(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF5E}')
}

/// `０`–`９`.
pub fn is_fullwidth_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

/// The ASCII character of a full-width form (`，` → `,`, `３` → `3`); other characters as they
/// are.
pub fn to_halfwidth(c: char) -> char {
    if is_fullwidth_form(c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// The full-width form of a printable ASCII character (`,` → `，`); other characters as they
/// are. Note that Chinese text writes some marks differently from their full-width forms:
/// `.` ends a sentence as `。`, quotes are `“”`; see [`chinese_mark`].
pub fn to_fullwidth(c: char) -> char {
    if matches!(c, '!'..='~') {
        char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// The mark Chinese text uses where a half-width one was typed between Han characters
/// (GB/T 15834): `,` → `，`, `.` → `。`, `;` → `；`; `None` for characters with no such mark.
pub fn chinese_mark(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// How many commas after a Han character are half-width (`,`) and how many full-width (`，`)
/// in `text`. A document whose commas are mostly half-width was width-folded by the site or
/// archive it came from (or typed so throughout): rules about mark width stay quiet on it.
pub fn commas_by_width(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let full = memchr::memmem::find_iter(bytes, "，".as_bytes()).count();
    let half = memchr::memchr_iter(b',', bytes)
        .filter(|&at| text[..at].chars().next_back().is_some_and(is_han))
        .count();
    (half, full)
}

/// Runs of Latin letters and digits (with `.`, `_`, `-` inside them, as UAX #29 keeps `5.0`
/// and `e-mail` together), as byte spans of `text`, in order.
pub fn latin_words(text: &str) -> impl Iterator<Item = Span> + '_ {
    text.split_word_bound_indices()
        .filter(|(_, word)| word.chars().any(|c| c.is_ascii_alphanumeric()))
        .filter(|(_, word)| {
            word.chars()
                .all(|c| c.is_ascii() && !c.is_ascii_whitespace())
        })
        .map(|(at, word)| at..at + word.len())
}

/// Per byte: does one of `chars` start with it in UTF-8? A character whose first byte is not
/// marked is none of them (see [`chars_starting_with`]).
pub fn first_bytes(chars: impl IntoIterator<Item = char>) -> [bool; 256] {
    let mut first = [false; 256];
    for c in chars {
        let mut utf8 = [0; 4];
        first[usize::from(c.encode_utf8(&mut utf8).as_bytes()[0])] = true;
    }
    first
}

/// The characters of `text` (byte offset, character) whose first byte is marked in `first`
/// (see [`first_bytes`]), in order: the others are stepped over by their first byte, never
/// decoded.
pub fn chars_starting_with<'t>(
    text: &'t str,
    first: &'t [bool; 256],
) -> impl Iterator<Item = (usize, char)> + 't {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Most of a Chinese text is characters of lead byte 0xE4–0xE9: when none of them is
    // looked for, a run of them is stepped over in a tight loop.
    let han_unmarked = !first[0xE4..=0xE9].contains(&true);
    std::iter::from_fn(move || {
        loop {
            if han_unmarked {
                while let Some(0xE4..=0xE9) = bytes.get(at) {
                    at += 3;
                }
            }
            let &byte = bytes.get(at)?;
            let here = at;
            // `at` is always at the start of a character: its first byte gives its length.
            at += match byte {
                0..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if first[usize::from(byte)] {
                return text[here..].chars().next().map(|c| (here, c));
            }
        }
    })
}

/// The spaces of `text` (see [`SPACES`]), each (byte offset, character), in order: found by
/// vector searches for the bytes they start with (`' '`, a tab, 0xC2 of a no-break space, and
/// the ideographic space's three bytes), not by reading every character: Chinese text holds
/// few of them.
pub fn spaces_in(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    // 0xC2 and 0xE3 only start a character, so every offset found is a character's start.
    let mut narrow = memchr::memchr3_iter(b' ', b'\t', 0xC2, bytes).peekable();
    let mut wide = memchr::memmem::find_iter(bytes, "\u{3000}".as_bytes()).peekable();
    std::iter::from_fn(move || loop {
        let at = match (narrow.peek(), wide.peek()) {
            (Some(&a), Some(&b)) if b < a => wide.next(),
            (Some(_), _) => narrow.next(),
            (None, _) => wide.next(),
        }?;
        // 0xC2 also starts other characters (`·`, U+00B7): only U+00A0 is a space.
        match text[at..].chars().next() {
            Some(c) if is_space(c) => return Some((at, c)),
            _ => continue,
        }
    })
}

/// The line of `bytes` around `span` (which holds no line feed): from after the line feed
/// before it to its next line feed, included (or the text's ends).
pub fn line_around(bytes: &[u8], span: Span) -> Span {
    let start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(bytes.len(), |i| span.end + i + 1);
    start..end
}

/// A fixed string's memmem searcher, built at its first search and kept for the process: a
/// searcher built for each paragraph cost more than the search itself.
pub(crate) struct Needle {
    bytes: &'static [u8],
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Needle {
    pub(crate) const fn new(needle: &'static str) -> Self {
        Self::of_bytes(needle.as_bytes())
    }

    /// A needle that is not a whole character (a lead byte and what follows it).
    pub(crate) const fn of_bytes(bytes: &'static [u8]) -> Self {
        Needle {
            bytes,
            finder: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn finder(&self) -> &memchr::memmem::Finder<'static> {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.bytes))
    }
}

/// The offset of the first ASCII byte of `bytes` at or after `at`. Non-ASCII text is skipped
/// eight bytes at a time.
pub fn next_ascii(bytes: &[u8], mut at: usize) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        if u64::from_ne_bytes(word) & HIGH_BITS != HIGH_BITS {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter().position(u8::is_ascii).map(|p| at + p)
}

/// The offset of the first ASCII digit of `bytes` at or after `from`, or of the first byte
/// equal to `or_byte` when given (0xEF begins a full-width digit). Chinese text has few
/// digits: eight bytes are tested at a time, and only a word that holds one is read byte by
/// byte.
pub fn next_digit(bytes: &[u8], from: usize, or_byte: Option<u8>) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        // A digit `0x30 + d` becomes `d` (< 10) and `or_byte` becomes 0; no other byte does
        // (Hacker's Delight, `hasless` and `haszero`).
        let digits = word ^ (ONES * 0x30);
        let mut any = digits.wrapping_sub(ONES * 10) & !digits;
        if let Some(b) = or_byte {
            let other = word ^ (ONES * u64::from(b));
            any |= other.wrapping_sub(ONES) & !other;
        }
        if any & HIGH_BITS != 0 {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|&b| b.is_ascii_digit() || Some(b) == or_byte)
        .map(|n| at + n)
}

/// The first `n` characters of `s` (all of it when it is shorter).
pub fn cut_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The sentences of `text` as byte spans: each ends after a run of sentence-end marks (and
/// the closing quotes or brackets right after them) or at a line end. Blank spans are left out.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = if c == '\n' {
            Some(at)
        } else if SENTENCE_ENDS.contains(&c) {
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if SENTENCE_ENDS.contains(&next) || CLOSING_MARKS.contains(next) {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            Some(end)
        } else {
            None
        };
        if let Some(end) = end {
            push_trimmed(&mut out, text, start..end);
            start = if c == '\n' { at + 1 } else { end };
        }
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

fn push_trimmed(out: &mut Vec<Span>, text: &str, span: Span) {
    let piece = &text[span.clone()];
    let trimmed = piece.trim_start_matches(|c: char| is_space(c) || c == '\r');
    let start = span.start + (piece.len() - trimmed.len());
    let end = start
        + trimmed
            .trim_end_matches(|c: char| is_space(c) || c == '\r')
            .len();
    if start < end {
        out.push(start..end);
    }
}

/// Web addresses, e-mail addresses and file paths: their `:`, `,`, `.` and `-` are not
/// punctuation of the sentence around them.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?:https?|ftp|file)://[^\s\p{Han}，。；、“”‘’（）《》【】]+
        | www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s\p{Han}，。；、“”‘’（）《》【】]*
        | [a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+
        | (?:[a-z]:\\|/(?:home|Users|usr|var|tmp|etc|opt)/)[^\s\p{Han}，。；、“”（）]*",
    )
    .expect("the address pattern compiles")
});

/// Whether `line` holds one of the strings every match of [`ADDRESS`] holds one of (`/`,
/// `:\`, `@`, `www.` in any case: see the tests): most lines hold none, and are not
/// searched. A full stop alone (`3.5`, `1.`) is not enough.
fn may_hold_address(line: &[u8]) -> bool {
    memchr::memchr3(b'/', b'@', b'\\', line).is_some()
        || memchr::memchr_iter(b'.', line)
            .any(|dot| dot >= 3 && line[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

/// Spans of web addresses, e-mail addresses and file paths in `text`.
pub fn addresses(text: &str) -> impl Iterator<Item = Span> + '_ {
    ADDRESS.find_iter(text).map(|m| m.range())
}

/// The prose view of a document: the spans that are running text, sorted and disjoint.
///
/// Left out: blank and junk lines, heading markers (`一、`, `（一）`, `1.`), Word's automatic
/// numbering labels, collection markers (`篇一`), chunk numbers of document sites and notices
/// of hidden text, Markdown markup (already blanked in the rules' text, and its spans cut
/// here too), web and e-mail addresses and file paths. Punctuation and wording rules read
/// only prose, so that a site's page number glued to a heading (`2、、完善`) or a URL's `:` never
/// gives a finding or a fix.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// As u32 offsets (8 bytes a span, not 16: a large file has a span or more in most of
    /// its lines, held through the punctuation and wording rules).
    spans: Vec<Offsets>,
}

/// What the prose view cuts out of the lines, besides junk lines and heading markers.
pub struct NotProse<'a> {
    /// Spans of the text that are not running text, in any order.
    pub cut: Vec<Span>,
    /// Per line: true when the whole line is not prose (junk).
    pub junk_lines: &'a [bool],
}

impl Prose {
    /// Build the prose view of `text` from its lines (content spans), the headings' marker
    /// spans, and what else is not prose.
    pub fn build(text: &str, doc: &crate::model::Document, not_prose: NotProse) -> Prose {
        Self::build_screened(text, doc, not_prose, true)
    }

    /// [`Prose::build`], looking for addresses only on the lines that may hold one when
    /// `screened` (else on every line).
    fn build_screened(
        text: &str,
        doc: &crate::model::Document,
        not_prose: NotProse,
        screened: bool,
    ) -> Prose {
        // The heading markers are read in their order, which is the text's, beside the other
        // cuts: a draft of short sections has one every few lines (a list of them took 3 MB
        // of a 50 MB draft). Out of order, they are cut with the others.
        let markers_in_order = doc
            .headings
            .is_sorted_by_key(|h| (h.marker().start, h.marker().end));
        let mut cut: Vec<Offsets> = not_prose.cut.iter().map(Offsets::of).collect();
        if !markers_in_order {
            cut.extend(doc.headings.iter().map(|h| Offsets::of(&h.marker())));
        }
        let markers: &[crate::model::Heading] = match markers_in_order {
            true => &doc.headings,
            false => &[],
        };
        cut.extend(doc.collection_markers.iter().map(Offsets::of));
        cut.extend(doc.chunk_markers.iter().map(Offsets::of));
        cut.extend(doc.hidden.iter().map(Offsets::of));
        cut.sort_by_key(|s| (s.start, s.end));
        let mut spans = Vec::new();
        let (mut next_cut, mut next_marker) = (0, 0);
        for (i, line) in doc.lines.iter().enumerate() {
            if line.is_blank() || not_prose.junk_lines.get(i).copied().unwrap_or(false) {
                continue;
            }
            let content = line.content();
            // Addresses are found per line: they never cross one.
            let may_hold = !screened || may_hold_address(text[content.clone()].as_bytes());
            let mut line_cut: Vec<Span> = match may_hold {
                true => addresses(&text[content.clone()])
                    .map(|s| s.start + content.start..s.end + content.start)
                    .collect(),
                false => Vec::new(),
            };
            while next_cut < cut.len() && cut[next_cut].end as usize <= content.start {
                next_cut += 1;
            }
            let mut k = next_cut;
            while k < cut.len() && (cut[k].start as usize) < content.end {
                line_cut.push(cut[k].span());
                k += 1;
            }
            while next_marker < markers.len() && markers[next_marker].marker().end <= content.start
            {
                next_marker += 1;
            }
            let mut k = next_marker;
            while k < markers.len() && markers[k].marker().start < content.end {
                line_cut.push(markers[k].marker());
                k += 1;
            }
            line_cut.sort_by_key(|s| s.start);
            let mut at = content.start;
            let mut push = |span: Span| {
                if text[span.clone()].chars().any(|c| !is_space(c)) {
                    spans.push(Offsets::of(&span));
                }
            };
            for piece in line_cut {
                if piece.start > at {
                    push(at..piece.start.min(content.end));
                }
                at = at.max(piece.end);
            }
            if at < content.end {
                push(at..content.end);
            }
        }
        Prose { spans }
    }

    /// The prose spans, sorted and disjoint.
    pub fn spans(&self) -> impl DoubleEndedIterator<Item = Span> + ExactSizeIterator + Clone + '_ {
        self.spans.iter().map(|s| s.span())
    }

    /// The prose spans as offsets, for a reading by index.
    pub(crate) fn offsets(&self) -> &[Offsets] {
        &self.spans
    }

    /// Is all of `span` inside one prose span?
    pub fn contains(&self, span: &Span) -> bool {
        let at = self.spans.partition_point(|s| (s.end as usize) < span.end);
        self.spans
            .get(at)
            .is_some_and(|s| s.start as usize <= span.start && span.end <= s.end as usize)
    }

    /// The prose span containing the byte offset, if any.
    pub fn around(&self, offset: usize) -> Option<Span> {
        self.index_around(offset).map(|at| self.spans[at].span())
    }

    /// The index in [`Prose::spans`] of the span containing the byte offset, if any.
    pub fn index_around(&self, offset: usize) -> Option<usize> {
        let at = self.spans.partition_point(|s| s.end as usize <= offset);
        (self.spans.get(at))
            .and_then(|s| (s.start as usize <= offset && offset < s.end as usize).then_some(at))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_statement_end_is_one_of_the_list() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                super::is_statement_end(c),
                super::STATEMENT_ENDS.contains(&c),
                "{c:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn pairs_and_widths() {
        assert_eq!(closing_of('“'), Some('”'));
        assert_eq!(opening_of('》'), Some('《'));
        assert_eq!(closing_of('a'), None);
        assert_eq!(to_halfwidth('，'), ',');
        assert_eq!(to_halfwidth('３'), '3');
        assert_eq!(to_fullwidth(','), '，');
        assert_eq!(chinese_mark('.'), Some('。'));
        assert!(is_chinese_punctuation('、') && is_chinese_punctuation('”'));
        assert!(!is_chinese_punctuation('Ａ') && !is_chinese_punctuation(','));
        assert!(is_han('𠀀') && !is_han('〇'));
        assert_eq!(commas_by_width("甲,乙，丙3,4"), (1, 1));
        assert_eq!(commas_by_width(",甲，，,𠀀,甲,"), (2, 2));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        /// Commas are counted as a walk over the characters counts them.
        #[test]
        fn commas_are_counted_by_their_neighbour(text in "[a,，。甲乙𠀀3\n]{0,40}") {
            let (mut half, mut full) = (0, 0);
            let mut after_han = false;
            for c in text.chars() {
                match c {
                    ',' if after_han => half += 1,
                    '，' => full += 1,
                    _ => {}
                }
                after_han = is_han(c);
            }
            proptest::prop_assert_eq!(commas_by_width(&text), (half, full));
        }

        /// Stepping by first bytes finds every character of the set that decoding finds.
        #[test]
        fn chars_starting_with_finds_every_character_of_the_set(
            // Any mix, and runs of Chinese characters broken by other marks.
            text in "[a ,。、，；\n\u{3000}\u{A0}一甲乙非𠀀é！]{0,40}|(?:[一甲乙非]{0,14}[a，。𠀀é\n]){0,6}",
            set in "[ ,。、，；\n\u{3000}\u{A0}一甲非𠀀é！]{0,4}",
        ) {
            let set: Vec<char> = set.chars().collect();
            let first = first_bytes(set.iter().copied());
            let stepped: Vec<(usize, char)> = chars_starting_with(&text, &first)
                .filter(|(_, c)| set.contains(c))
                .collect();
            let decoded: Vec<(usize, char)> =
                text.char_indices().filter(|(_, c)| set.contains(c)).collect();
            proptest::prop_assert_eq!(stepped, decoded);
        }
    }

    #[test]
    fn spaces_in_finds_each_of_the_spaces() {
        let all: String = SPACES.iter().flat_map(|&c| ['一', c]).collect();
        let found: Vec<char> = spaces_in(&all).map(|(_, c)| c).collect();
        assert_eq!(found, SPACES);
    }

    proptest::proptest! {
        #[test]
        fn spaces_in_finds_every_space(
            text in "[a ,。、\t\n\u{3000}\u{A0}\u{B7}\u{E3}一甲𠀀é！\u{3001}]{0,40}",
        ) {
            let found: Vec<(usize, char)> = spaces_in(&text).collect();
            let decoded: Vec<(usize, char)> =
                text.char_indices().filter(|(_, c)| SPACES.contains(c)).collect();
            proptest::prop_assert_eq!(found, decoded);
        }
    }

    #[test]
    fn next_ascii_finds_the_first_ascii_byte() {
        let text = "一二三四五六七八a九十b";
        let bytes = text.as_bytes();
        assert_eq!(next_ascii(bytes, 0), text.find('a'));
        assert_eq!(next_ascii(bytes, 25), text.find('b'));
        assert_eq!(next_ascii(bytes, bytes.len()), None);
        assert_eq!(next_ascii("一二三四五六七八九".as_bytes(), 3), None);
        for at in 0..=bytes.len() {
            let expected = bytes[at..].iter().position(u8::is_ascii).map(|p| at + p);
            assert_eq!(next_ascii(bytes, at), expected, "{at}");
        }
    }

    #[test]
    fn next_digit_finds_digits_and_the_extra_byte_at_every_offset() {
        // Digits and full-width digits (EF BC 90–99) on both sides of eight-byte words; `/`
        // and `:` sit next to the digits' byte values.
        let text = "二〇二四年/全年完成12项:０５号，共计三十七万元整。9";
        let bytes = text.as_bytes();
        for at in 0..=bytes.len() {
            let tail = |hit: &dyn Fn(u8) -> bool| bytes[at..].iter().position(|&b| hit(b));
            let digits = tail(&|b| b.is_ascii_digit()).map(|p| at + p);
            assert_eq!(next_digit(bytes, at, None), digits, "{at}");
            let either = tail(&|b| b.is_ascii_digit() || b == 0xef).map(|p| at + p);
            assert_eq!(next_digit(bytes, at, Some(0xef)), either, "{at}");
        }
        assert_eq!(next_digit(bytes, bytes.len() + 1, None), None);
    }

    #[test]
    fn latin_words_keep_versions_and_names_whole() {
        let text = "升级到Redis 5.0以后，HBase表正常";
        let words: Vec<&str> = latin_words(text).map(|s| &text[s]).collect();
        assert_eq!(words, ["Redis", "5.0", "HBase"]);
    }

    #[test]
    fn sentences_end_at_chinese_marks_and_lines_not_at_decimals() {
        let text = "增长3.5%。他说：“好！”然后\n一、标题\n  ";
        let got: Vec<&str> = sentences(text).into_iter().map(|s| &text[s]).collect();
        assert_eq!(got, ["增长3.5%。", "他说：“好！”", "然后", "一、标题"]);
    }

    #[test]
    fn addresses_are_found_whole() {
        let text = "详见https://example.com/a,b?x=1，或写信到 a.b@example.cn。路径C:\\work\\a.txt";
        let got: Vec<&str> = addresses(text).map(|s| &text[s]).collect();
        assert_eq!(
            got,
            [
                "https://example.com/a,b?x=1",
                "a.b@example.cn",
                "C:\\work\\a.txt"
            ]
        );
    }

    #[test]
    fn a_line_is_searched_for_addresses_only_when_it_holds_a_required_string() {
        let strings = crate::analysis::literals::required_strings(ADDRESS.as_str())
            .expect("the address expression has required strings");
        for s in strings {
            assert!(may_hold_address(s.as_bytes()), "{s}");
        }
        for line in ["增长3.5%", "1.加强", "ww.", "w.www", "wwx.cn", ""] {
            assert!(!may_hold_address(line.as_bytes()), "{line}");
        }
        for line in ["见WwW.gov.cn", "www.", "a@b", "C:\\", "/"] {
            assert!(may_hold_address(line.as_bytes()), "{line}");
        }
    }

    proptest::proptest! {
        /// Searching for addresses only on the lines that may hold one gives the prose view
        /// that searching every line gives.
        #[test]
        fn screened_lines_give_the_prose_of_every_line(
            text in crate::checks::testing::text_of(&[
                "http://a.cn/x", "www.", "WWW.gov.cn", "a@b.cn", "@", "/home/", "C:\\", ":",
                ".", "/", "\n", "\r\n", "一、", "加强", "，", " ", "x", "1",
            ]),
            junk in proptest::collection::vec(proptest::bool::ANY, 0..12),
        ) {
            let doc = crate::parse::parse(&text);
            let build = |screened: bool| {
                let not_prose = NotProse { cut: Vec::new(), junk_lines: &junk };
                Prose::build_screened(&text, &doc, not_prose, screened).spans
            };
            proptest::prop_assert_eq!(build(true), build(false), "{:?}", text);
        }
    }

    #[test]
    fn prose_leaves_out_markers_junk_and_addresses() {
        let text = "一、加强学习,提高认识\n本文来源：www.example.com\n网址http://a.cn/x,y，完毕";
        let doc = crate::parse::parse(text);
        let junk = [false, true, false];
        let prose = Prose::build(
            text,
            &doc,
            NotProse {
                cut: Vec::new(),
                junk_lines: &junk,
            },
        );
        let got: Vec<&str> = prose.spans().map(|s| &text[s]).collect();
        assert_eq!(got, ["加强学习,提高认识", "网址", "，完毕"]);
        let comma = text.find(',').unwrap();
        assert!(prose.contains(&(comma..comma + 1)));
        let url_comma = text.rfind(",y").unwrap();
        assert!(!prose.contains(&(url_comma..url_comma + 1)));
        assert!(prose.around(0).is_none());
    }
}
