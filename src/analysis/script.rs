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

#[cfg(test)]
mod tests {
    use super::*;

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
}
