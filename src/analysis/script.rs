//! A script-normalised view of a text: traditional characters replaced by their simplified
//! forms, one character for one of the same UTF-8 length, so that every byte offset of the view
//! is an offset of the text. Matching on the view finds `點擊下載` with the word `点击下载`.
//!
//! Words and patterns matched against a view must be normalised the same way: a character that
//! is both a traditional form and a simplified character in its own right (`著`, `乾`) is then
//! normalised on both sides and still matches itself.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Pairs of a traditional character and its simplified form (see the file's header).
const TABLE: &str = include_str!("../../data/t2s.txt");

/// The pairs of [`TABLE`] that keep their UTF-8 length (the table holds no other).
fn pairs() -> impl Iterator<Item = (char, char)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars
                .chunks_exact(2)
                .map(|pair| (pair[0], pair[1]))
                .collect::<Vec<_>>()
        })
        .filter(|(from, to)| from.len_utf8() == to.len_utf8())
}

/// The table in two parts: one slot per character of the Basic Multilingual Plane (0 for a
/// character without a simplified form), and the few pairs beyond it, sorted, for a binary
/// search. A lookup is an index, never a hash.
struct Table {
    basic: Box<[u16]>,
    beyond: Vec<(char, char)>,
}

fn table() -> &'static Table {
    static TABLE_OF_PAIRS: OnceLock<Table> = OnceLock::new();
    TABLE_OF_PAIRS.get_or_init(|| {
        let mut basic = vec![0u16; 0x10000].into_boxed_slice();
        let mut beyond = Vec::new();
        for (from, to) in pairs() {
            match (u16::try_from(from as u32), u16::try_from(to as u32)) {
                (Ok(from), Ok(to)) => basic[usize::from(from)] = to,
                _ => beyond.push((from, to)),
            }
        }
        beyond.sort_unstable();
        Table { basic, beyond }
    })
}

/// The characters of the Basic Multilingual Plane that have a simplified form (other than
/// themselves), in order.
pub fn traditional_in_bmp() -> impl Iterator<Item = u16> {
    (table().basic.iter().zip(0..=u16::MAX))
        .filter(|&(&to, from)| to != 0 && to != from)
        .map(|(_, from)| from)
}

/// Whether `c` has a simplified form other than itself.
pub fn has_simplified_form(c: char) -> bool {
    simplified_char(c) != c
}

/// The first character of the table: nothing below it has a simplified form.
const FIRST_TRADITIONAL: char = '\u{2e80}';

/// The simplified form of one character (the character itself when it has none).
pub fn simplified_char(c: char) -> char {
    if c < FIRST_TRADITIONAL {
        return c;
    }
    table().simplified(c)
}

impl Table {
    fn simplified(&self, c: char) -> char {
        match usize::try_from(c as u32)
            .ok()
            .and_then(|i| self.basic.get(i))
        {
            Some(0) => c,
            Some(&to) => char::from_u32(u32::from(to)).unwrap_or(c),
            None => match self.beyond.binary_search_by_key(&c, |pair| pair.0) {
                Ok(i) => self.beyond[i].1,
                Err(_) => c,
            },
        }
    }
}

/// The characters of `text` that have a simplified form, each with its byte offset and that
/// form, in order. Only characters of three or four bytes have one: ASCII and two-byte
/// characters are stepped over without decoding, and the others are decoded by hand (the
/// text is valid UTF-8), so a text is read at a few instructions a byte.
pub fn traditional_chars(text: &str) -> impl Iterator<Item = (usize, char, char)> + '_ {
    let table = table();
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&lead) = bytes.get(i) {
            let at = i;
            if lead < 0xe0 {
                i += 1;
                continue;
            }
            if lead >= 0xf0 {
                // Four bytes: beyond the Basic Multilingual Plane, rare.
                i += 4;
                let c = text.get(at..).and_then(|rest| rest.chars().next())?;
                let to = table.simplified(c);
                if to != c {
                    return Some((at, c, to));
                }
                continue;
            }
            i += 3;
            let [_, second, third] = *bytes.get(at..at + 3)? else {
                return None;
            };
            let code = (usize::from(lead & 0x0f) << 12)
                | (usize::from(second & 0x3f) << 6)
                | usize::from(third & 0x3f);
            // Most characters have no simplified form: one load tells.
            let to = table.basic.get(code).copied().unwrap_or(0);
            if to == 0 {
                continue;
            }
            let (Some(c), Some(to)) = (char::from_u32(code as u32), char::from_u32(u32::from(to)))
            else {
                continue;
            };
            if to != c {
                return Some((at, c, to));
            }
        }
        None
    })
}

/// `text` with every traditional character replaced by its simplified form; the same length,
/// with every character at the same byte offset. Borrowed when nothing changes.
pub fn simplified(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    for (at, from, to) in traditional_chars(text) {
        let view = out.get_or_insert_with(|| text.to_string());
        let mut buffer = [0u8; 4];
        view.replace_range(at..at + from.len_utf8(), to.encode_utf8(&mut buffer));
    }
    match out {
        Some(view) => Cow::Owned(view),
        None => Cow::Borrowed(text),
    }
}

/// The simplified view of a text, kept only where it differs from the text: the lines (cut
/// after each line feed) that hold a traditional character, each in simplified characters;
/// every other line reads as the text itself. A 50 MB file with a few traditional lines holds
/// those lines, not a second copy of itself.
pub struct SimplifiedView<'a> {
    text: &'a str,
    /// The changed lines in order: where each starts in the text, and its simplified text
    /// (its line feed included).
    changed: Vec<(usize, String)>,
    /// Per block of 4 KB of the text: whether a changed line touches it. A rule reads the view
    /// a line at a time, and most lines lie in blocks without a change.
    touched: Vec<bool>,
}

/// Blocks of 2^12 bytes (see [`SimplifiedView::touched`]).
const BLOCK_BITS: u32 = 12;

impl<'a> SimplifiedView<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::of_traditional_at(text, traditional_chars(text).map(|(at, _, _)| at))
    }

    /// The view of `text` whose characters with a simplified form start at `traditional`, in
    /// order (as [`traditional_chars`] finds them, or the parse, which reads every character).
    pub fn of_traditional_at(text: &'a str, traditional: impl IntoIterator<Item = usize>) -> Self {
        let bytes = text.as_bytes();
        let mut changed: Vec<(usize, String)> = Vec::new();
        let mut line_end = 0;
        for at in traditional {
            if at < line_end || at >= text.len() {
                continue;
            }
            let line = crate::analysis::text::line_around(bytes, at..at);
            line_end = line.end;
            changed.push((line.start, simplified(&text[line]).into_owned()));
        }
        let mut touched = vec![false; (text.len() >> BLOCK_BITS) + 1];
        for (start, line) in &changed {
            let last = (start + line.len()).saturating_sub(1);
            touched[start >> BLOCK_BITS..=last >> BLOCK_BITS].fill(true);
        }
        SimplifiedView {
            text,
            changed,
            touched,
        }
    }

    /// The text the view is of.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Whether the view is the text itself (it has no traditional character).
    pub fn is_unchanged(&self) -> bool {
        self.changed.is_empty()
    }

    /// The lines that differ from the text, in order, as spans of the text.
    pub fn changed_spans(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.changed
            .iter()
            .map(|(start, line)| *start..start + line.len())
    }

    /// The characters the view changes, as spans of the text, in order.
    pub fn changed_chars(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.changed.iter().flat_map(|(start, line)| {
            let original = &self.text[*start..start + line.len()];
            traditional_chars(original).map(move |(at, c, _)| start + at..start + at + c.len_utf8())
        })
    }

    /// The view of the line holding `span`, read at the text's offsets (the whole text where
    /// that line is unchanged). `span` lies within one line.
    pub fn line_of(&self, span: &std::ops::Range<usize>) -> ViewText<'_> {
        let whole = ViewText {
            text: self.text,
            base: 0,
            written: self.text,
        };
        if !(self.touched.get(span.start >> BLOCK_BITS)).is_some_and(|&touched| touched) {
            return whole;
        }
        let at = self
            .changed
            .partition_point(|(start, _)| *start <= span.start);
        match at.checked_sub(1).map(|k| &self.changed[k]) {
            Some((start, line)) if span.start < start + line.len() => ViewText {
                text: line,
                base: *start,
                written: self.text,
            },
            _ => whole,
        }
    }

    /// The view of `span`, which lies within one line.
    pub fn slice(&self, span: &std::ops::Range<usize>) -> &str {
        self.line_of(span).at(span.clone())
    }

    /// The whole view as one string (tests compare with [`simplified`]).
    #[cfg(test)]
    pub fn to_text(&self) -> String {
        let mut out = self.text.to_string();
        for (start, line) in &self.changed {
            out.replace_range(*start..start + line.len(), line);
        }
        out
    }
}

/// A stretch of a view read at the offsets of its text: `view[a..b]` is the view of the
/// text's `a..b`.
#[derive(Clone, Copy)]
pub struct ViewText<'v> {
    text: &'v str,
    /// The text's offset of `text`'s first byte.
    base: usize,
    /// The whole text as written, read where a span leaves the stretch (no rule asks for
    /// one; reading the text as written there is better than failing).
    written: &'v str,
}

impl<'v> ViewText<'v> {
    /// The view of `span`, which lies within this stretch, on its character boundaries; a
    /// span that is not reads as nothing rather than failing.
    pub fn at(&self, span: std::ops::Range<usize>) -> &'v str {
        self.get(span.clone())
            .or_else(|| self.written.get(span))
            .unwrap_or_default()
    }

    /// The view of `span`, None when it is not within this stretch or not on its character
    /// boundaries.
    pub fn get(&self, span: std::ops::Range<usize>) -> Option<&'v str> {
        let start = span.start.checked_sub(self.base)?;
        let end = span.end.checked_sub(self.base)?;
        self.text.get(start..end)
    }
}

impl std::ops::Index<std::ops::Range<usize>> for ViewText<'_> {
    type Output = str;

    fn index(&self, span: std::ops::Range<usize>) -> &str {
        self.at(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plane_s_traditional_characters_are_those_with_a_simplified_form() {
        let listed: Vec<u16> = traditional_in_bmp().collect();
        let each: Vec<u16> = (0..=u16::MAX)
            .filter(|&c| char::from_u32(u32::from(c)).is_some_and(has_simplified_form))
            .collect();
        assert_eq!(listed, each);
        assert!(listed.contains(&('點' as u16)) && !listed.contains(&('点' as u16)));
    }

    #[test]
    fn traditional_words_read_as_simplified() {
        assert_eq!(simplified("點擊下載"), "点击下载");
        assert_eq!(simplified("上一頁 來源：網友上傳"), "上一页 来源：网友上传");
        assert_eq!(simplified("梧州日報訊(記者"), "梧州日报讯(记者");
    }

    #[test]
    fn simplified_text_is_borrowed_unchanged() {
        let text = "2023年，全县完成投资12亿元。abc";
        assert!(matches!(simplified(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn offsets_are_kept() {
        let text = "甲：總結 a𠀀b 報告。";
        let view = simplified(text);
        assert_eq!(view.len(), text.len());
        for ((i, a), (j, b)) in text.char_indices().zip(view.char_indices()) {
            assert_eq!(i, j);
            assert_eq!(a.len_utf8(), b.len_utf8());
        }
    }

    #[test]
    fn every_pair_of_the_table_keeps_its_length() {
        let pairs: usize = TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let chars: Vec<char> = l.chars().collect();
                assert_eq!(chars.len() % 2, 0, "{l}");
                for p in chars.chunks_exact(2) {
                    assert_eq!(p[0].len_utf8(), p[1].len_utf8(), "{p:?}");
                }
                chars.len() / 2
            })
            .sum();
        assert_eq!(slow_table().len(), pairs);
    }

    /// The definition: a map from every traditional character of the table to its form.
    fn slow_table() -> std::collections::HashMap<char, char> {
        super::pairs().collect()
    }

    fn slow_simplified(text: &str) -> String {
        let table = slow_table();
        text.chars()
            .map(|c| table.get(&c).copied().unwrap_or(c))
            .collect()
    }

    #[test]
    fn every_pair_of_the_table_is_looked_up() {
        for (from, to) in slow_table() {
            assert!(from >= FIRST_TRADITIONAL, "{from}");
            assert_eq!(simplified_char(from), to, "{from}");
        }
    }

    /// Characters of the table mixed with others of every UTF-8 width.
    fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let traditional: Vec<char> = slow_table().into_keys().collect();
        let any_char = proptest::char::any();
        let from_table = proptest::sample::select(traditional);
        proptest::collection::vec(prop_oneof![any_char, from_table], 0..64)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest::proptest! {
        #[test]
        fn the_view_is_the_text_simplified_character_by_character(text in mixed_text()) {
            let (fast, slow) = (simplified(&text), slow_simplified(&text));
            proptest::prop_assert_eq!(fast.as_ref(), slow.as_str());
        }

        #[test]
        fn traditional_characters_are_those_the_table_converts(text in mixed_text()) {
            let table = slow_table();
            let slow: Vec<(usize, char, char)> = text
                .char_indices()
                .filter_map(|(at, c)| table.get(&c).map(|&to| (at, c, to)))
                .filter(|(_, c, to)| c != to)
                .collect();
            let fast: Vec<(usize, char, char)> = traditional_chars(&text).collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn the_view_keeps_the_changed_lines_only() {
        let text = "工作總結\n第一部分\n來源：網友\n尾";
        let view = SimplifiedView::new(text);
        // The first line (12 bytes and its line feed) and the third (15 and its line feed).
        assert_eq!(
            view.changed_spans().collect::<Vec<_>>(),
            vec![0..13, 26..42]
        );
        assert_eq!(view.to_text(), simplified(text));
        assert_eq!(view.slice(&(6..12)), "总结");
        assert_eq!(view.slice(&(13..25)), "第一部分");
        assert_eq!(view.slice(&(35..41)), "网友");
        assert_eq!(view.slice(&(42..45)), "尾");
        // A stretch reads at the text's offsets.
        let line = view.line_of(&(26..32));
        assert_eq!(&line[29..35], "源：");
        assert_eq!(line.get(20..29), None);
        // A span that leaves its line (no rule asks for one) reads the text as written.
        assert_eq!(view.slice(&(6..19)), "總結\n第一");
        // Inside a character, or past the end: nothing, not a failure.
        assert_eq!(view.slice(&(7..12)), "");
        assert_eq!(view.slice(&(40..60)), "");
        assert!(SimplifiedView::new("工作总结\n").is_unchanged());
    }

    #[test]
    fn the_lines_of_a_long_text_read_from_their_own_blocks() {
        // 54,000 bytes of lines (blocks of 4 KB), every 997th in traditional characters: one
        // in some 11,000 bytes, so most blocks hold none.
        let lines: Vec<String> = (0..5000)
            .map(|i| {
                if i % 997 == 5 {
                    format!("來源{i}\n")
                } else {
                    format!("正文{i}\n")
                }
            })
            .collect();
        let text = lines.concat();
        let view = SimplifiedView::new(&text);
        assert_eq!(view.changed_spans().count(), 6);
        let mut start = 0;
        for line in &lines {
            let span = start..start + line.len();
            let expected = simplified(line);
            assert_eq!(view.slice(&span), expected.as_ref(), "{line}");
            start = span.end;
        }
    }

    proptest::proptest! {
        #[test]
        fn every_line_of_the_view_is_the_line_simplified(
            lines in proptest::collection::vec(mixed_text(), 0..6)
        ) {
            let text = lines.join("\n");
            let view = SimplifiedView::new(&text);
            proptest::prop_assert_eq!(view.to_text(), simplified(&text).into_owned());
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let span = start..start + line.len();
                let expected = simplified(line);
                proptest::prop_assert_eq!(view.slice(&span), expected.as_ref());
                start = span.end;
            }
        }
    }
}
