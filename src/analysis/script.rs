//! A script-normalised view of a text: traditional characters replaced by their simplified
//! forms, one character for one of the same UTF-8 length, so that every byte offset of the view
//! is an offset of the text. Matching on the view finds `點擊下載` with the word `点击下载`.
//!
//! Words and patterns matched against a view must be normalised the same way: a character that
//! is both a traditional form and a simplified character in its own right (`著`, `乾`) is then
//! normalised on both sides and still matches itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Pairs of a traditional character and its simplified form (see the file's header).
const TABLE: &str = include_str!("../../data/t2s.txt");

fn table() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let chars: Vec<char> = line.chars().collect();
            for pair in chars.chunks_exact(2) {
                // Only a same-length pair keeps the offsets; the table holds no other.
                if pair[0].len_utf8() == pair[1].len_utf8() {
                    map.insert(pair[0], pair[1]);
                }
            }
        }
        map
    })
}

/// The simplified form of one character (the character itself when it has none).
pub fn simplified_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    table().get(&c).copied().unwrap_or(c)
}

/// `text` with every traditional character replaced by its simplified form; the same length,
/// with every character at the same byte offset. Borrowed when nothing changes.
pub fn simplified(text: &str) -> Cow<'_, str> {
    let Some(first) = text
        .char_indices()
        .find(|&(_, c)| simplified_char(c) != c)
        .map(|(i, _)| i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().map(simplified_char));
    Cow::Owned(out)
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
        assert_eq!(table().len(), pairs);
    }
}
