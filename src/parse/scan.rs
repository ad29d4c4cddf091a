//! Which parts of a line the grammar must see.
//!
//! Every pair the model builder uses (a heading, a run-in ordinal, a collection marker, a
//! Markdown `#` prefix) starts at one of a few characters, and only when the characters after
//! it fit: `一、` but not `一个`, `(1)` but not `(注`. A line without such a start gives the
//! grammar nothing but its indent, which the builder finds itself.
//!
//! A line holding one is parsed in parts around those starts. A [`SAFE`] character is plain
//! text (the grammar's `plain`) that ends no marker: right after one, the whole-line parse is
//! inside `text` (within a `plain` run or between two of its steps), so the grammar can start
//! there with `line_rest` and find the pairs the whole line gives from there on (pest looks at
//! nothing before where it starts). A part ends between two [`SAFE`] characters: nothing
//! before such a place reads past it but the `!digit` after `1.`, which a [`SAFE`] character
//! satisfies as the end of the input does. Between parts, [`SAFE`] text and breaks hold no
//! start, so they give no pairs.

use crate::analysis::text::{is_common_han, SPACES};
use crate::model::Span;

/// Plain text that ends no marker (not `）` `)` `*` `_` `先` `次` `后`, which end a bracket,
/// emphasis or `首先`-like word that a mark may follow as its delimiter, nor the `#` and
/// bullets of Markdown, which spaces follow).
const SAFE: u8 = 0;
/// Any other character that starts nothing: spaces, look-alike ranges of the grammar's
/// `trigger`, and the marker-ending characters above.
const OTHER: u8 = 1;
/// A sentence or clause mark: a `piece` of the line may start after it.
const BREAK: u8 = 2;
/// A Chinese numeral digit, Kangxi look-alikes included (`cn_digit`).
const CN_DIGIT: u8 = 3;
/// An ASCII or full-width digit (`digit`).
const DIGIT: u8 = 4;
/// `(` or `（`.
const OPEN_PAREN: u8 = 5;
/// `①` … `⑳`.
const CIRCLED: u8 = 6;
/// `篇`, of `篇一`.
const PIAN: u8 = 7;
/// `第`, of `第一，`.
const DI: u8 = 8;
/// `首` `其` `再` `最`, of `首先` `其次` `再次` `最后`.
const WORD: u8 = 9;

/// Set on the class of a character that has a simplified form (see
/// [`crate::analysis::script`]): the scan notes where each is, for the simplified view, and
/// reads it as its class without the flag. Most text has none, so a line read for its parts
/// is read for them too, at no cost.
const TRADITIONAL: u8 = 0x80;
/// Set on the class of a character of a look-alike block
/// ([`crate::analysis::text::is_lookalike_block`]): the scan notes where each is, as it notes
/// the traditional ones, so that no rule looks for them in the text again.
const LOOKALIKE: u8 = 0x40;

/// The class of each character of the Basic Multilingual Plane; all beyond it are [`SAFE`].
static CLASS: [u8; 0x10000] = classes();

/// [`CLASS`] with [`TRADITIONAL`] set on the characters that have a simplified form and
/// [`LOOKALIKE`] on those of the look-alike blocks; made once.
fn classes_with_notes() -> &'static [u8; 0x10000] {
    static TABLE: std::sync::OnceLock<Box<[u8; 0x10000]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new(CLASS);
        for c in crate::analysis::script::traditional_in_bmp() {
            table[usize::from(c)] |= TRADITIONAL;
        }
        for c in ('\0'..='\u{FFFF}').filter(|&c| crate::analysis::text::is_lookalike_block(c)) {
            table[c as usize] |= LOOKALIKE;
        }
        table
    })
}

const fn classes() -> [u8; 0x10000] {
    let mut table = [SAFE; 0x10000];
    // The grammar's `trigger` ranges that start nothing here; some get a class below.
    table = with_range(table, '\t', '\r', OTHER);
    table = with_range(table, '\u{2F00}', '\u{2F17}', OTHER);
    table = with_range(table, '\u{4E00}', '\u{4E09}', OTHER);
    table = with_range(table, '①', '⑳', CIRCLED);
    table = with_range(table, '0', '9', DIGIT);
    table = with_range(table, '０', '９', DIGIT);
    table = with_chars(table, SPACES, OTHER);
    let others = [
        '）', ')', '*', '_', '先', '次', '后', '#', '-', '+', '•', '·',
    ];
    table = with_chars(table, &others, OTHER);
    let breaks = ['，', '。', '：', '；', '！', '？', '!', '?', ',', ':'];
    table = with_chars(table, &breaks, BREAK);
    let digits = [
        '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '〇', '零', '⼀', '⼆', '⼋',
        '⼗',
    ];
    table = with_chars(table, &digits, CN_DIGIT);
    table = with_chars(table, &['(', '（'], OPEN_PAREN);
    table = with_chars(table, &['篇'], PIAN);
    table = with_chars(table, &['第'], DI);
    with_chars(table, &['首', '其', '再', '最'], WORD)
}

const fn with_range(mut table: [u8; 0x10000], first: char, last: char, class: u8) -> [u8; 0x10000] {
    let mut c = first as usize;
    while c <= last as usize {
        table[c] = class;
        c += 1;
    }
    table
}

const fn with_chars(mut table: [u8; 0x10000], chars: &[char], class: u8) -> [u8; 0x10000] {
    let mut i = 0;
    while i < chars.len() {
        table[chars[i] as usize] = class;
        i += 1;
    }
    table
}

/// The parts of line `line` (no line terminator inside, one or the text's end after it) that
/// the grammar must parse, in order, into `parts` (cleared first). A part starting at
/// `line.start` is for the `line` rule, any other for `line_rest`. Every character of the
/// line is read: the offsets of those that have a simplified form are added to
/// `traditional`, and of those of a look-alike block to `lookalikes`, in order (`text` is
/// shorter than 4 GiB).
pub(super) fn parts(
    text: &str,
    line: Span,
    parts: &mut Vec<Span>,
    traditional: &mut Vec<u32>,
    lookalikes: &mut Vec<u32>,
) {
    parts.clear();
    let class_of_code = classes_with_notes();
    let bytes = text.as_bytes();
    // The start of the part that waits for its end.
    let mut open = None;
    let lead = text[line.clone()].trim_start_matches(SPACES);
    if lead.starts_with('#') {
        open = Some(line.start);
    }
    // The last place where a part may start: the line start, or right after a SAFE character.
    let mut start = line.start;
    let mut after_safe = false;
    // Whether every character so far is of class OTHER (indent, `#`, bullets, emphasis): the
    // line's lead may still begin here. Any lead after other characters (`1. ` of a Markdown
    // list) follows a start that opened a part already.
    let mut at_lead = true;
    let mut i = line.start;
    while i < line.end {
        // Most of a Chinese line is three-byte SAFE characters after a SAFE one with no part
        // open, where a character changes nothing but `start`: they are stepped over here.
        if after_safe && open.is_none() {
            // A character's three bytes and the byte after them, read as one word (the text's
            // last character, with no byte after it, is read below). The line's end needs no
            // test: a line ends at a character's end, before a line feed or carriage return,
            // which starts no three-byte character.
            while let Some(&[b0, b1, b2, b3]) = bytes.get(i..i + 4) {
                let word = u32::from_le_bytes([b0, b1, b2, b3]);
                if word & 0xF0 != 0xE0 || class_of_code[three_byte_code(word)] != SAFE {
                    break;
                }
                i += 3;
            }
            start = i;
            if i >= line.end {
                break;
            }
        }
        let b = bytes[i];
        // Decode without validation: `text` is UTF-8 and `i` on a character boundary.
        let (c, len) = if b < 0x80 {
            (b as usize, 1)
        } else if b < 0xE0 {
            (
                ((b as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F),
                2,
            )
        } else if b < 0xF0 {
            (three_byte_char(b, bytes[i + 1], bytes[i + 2]), 3)
        } else {
            (0x10000, 4)
        };
        let mut class = match class_of_code.get(c) {
            Some(&class) => class,
            None => text[i..].chars().next().map_or(SAFE, |c| {
                let flag = |holds: bool, flag: u8| if holds { flag } else { 0 };
                flag(crate::analysis::script::has_simplified_form(c), TRADITIONAL)
                    | flag(crate::analysis::text::is_lookalike_block(c), LOOKALIKE)
            }),
        };
        if class & (TRADITIONAL | LOOKALIKE) != 0 {
            if class & TRADITIONAL != 0 {
                traditional.push(i as u32);
            }
            if class & LOOKALIKE != 0 {
                lookalikes.push(i as u32);
            }
            class &= !(TRADITIONAL | LOOKALIKE);
        }
        match class {
            SAFE => {
                if after_safe {
                    if let Some(part) = open.take() {
                        parts.push(part..i);
                    }
                }
                after_safe = true;
                at_lead = false;
                start = i + len;
            }
            OTHER => after_safe = false,
            BREAK => {
                after_safe = false;
                at_lead = false;
            }
            _ => {
                if open.is_none()
                    && starts_structure(&text[i..line.end], class, after_safe, at_lead)
                {
                    // Right after the part before it: parse both as one.
                    open = Some(match parts.last() {
                        Some(last) if last.end == start => parts.pop().map_or(start, |p| p.start),
                        _ => start,
                    });
                }
                after_safe = false;
                at_lead = false;
            }
        }
        i += len;
    }
    if let Some(part) = open {
        parts.push(part..line.end);
    }
}

/// The code point of the three-byte UTF-8 sequence in the low three bytes of `word` (read
/// little-endian): [`three_byte_char`] of them, shifted and masked in place.
fn three_byte_code(word: u32) -> usize {
    (((word & 0x0F) << 12) | ((word >> 2) & 0xFC0) | ((word >> 16) & 0x3F)) as usize
}

/// The code point of the three-byte UTF-8 sequence `b0 b1 b2` (below 0x10000).
fn three_byte_char(b0: u8, b1: u8, b2: u8) -> usize {
    ((b0 as usize & 0x0F) << 12) | ((b1 as usize & 0x3F) << 6) | (b2 as usize & 0x3F)
}

/// May a pair start at the first character of `rest`, of class `class`? Every rule that makes a
/// pair, read for what must follow its first character. After a SAFE character (`after_safe`)
/// the parse is inside `text`, where no run-in ordinal starts; only where the line's lead may
/// begin (`at_lead`) may a number glued to a Chinese character (`bare_heading`) start.
fn starts_structure(rest: &str, class: u8, after_safe: bool, at_lead: bool) -> bool {
    let mut chars = rest.chars();
    chars.next();
    match class {
        // `cn_heading`, `runin_shi`: up to three digits (`cn_numeral`), then a mark or `是`.
        CN_DIGIT => {
            let after = chars.find(|&c| class_of(c) != CN_DIGIT);
            let digits = rest
                .chars()
                .take_while(|&c| class_of(c) == CN_DIGIT)
                .count();
            digits <= 3
                && after.is_some_and(|c| {
                    matches!(
                        c,
                        '、' | '．' | '.' | '，' | ',' | '：' | ':' | ' ' | '\u{3000}' | '是'
                    )
                })
        }
        // `arabic_heading`, `md_bullet`: one or two digits, then a mark; `bare_heading`: then a
        // Chinese character.
        DIGIT => {
            let after = chars.find(|&c| class_of(c) != DIGIT);
            let digits = rest.chars().take_while(|&c| class_of(c) == DIGIT).count();
            digits <= 2
                && after.is_some_and(|c| {
                    matches!(c, '.' | '．' | '、' | '，' | ',' | '：' | ':' | '。')
                        || (at_lead && is_common_han(c))
                })
        }
        // `paren_heading`, `collection`, `runin_di`: a numeral follows.
        OPEN_PAREN | PIAN => chars
            .next()
            .is_some_and(|c| matches!(class_of(c), CN_DIGIT | DIGIT)),
        DI => !after_safe && chars.next().is_some_and(|c| class_of(c) == CN_DIGIT),
        // `runin_word`.
        WORD => {
            !after_safe
                && ["首先", "其次", "再次", "最后"]
                    .iter()
                    .any(|word| rest.starts_with(word))
        }
        _ => true, // CIRCLED: `circled_heading` needs nothing after it.
    }
}

fn class_of(c: char) -> u8 {
    CLASS.get(c as usize).copied().unwrap_or(SAFE)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn a_word_s_three_byte_code_is_its_low_bytes_decoded(word: u32) {
            let [b0, b1, b2, _] = word.to_le_bytes();
            proptest::prop_assert_eq!(
                super::three_byte_code(word),
                super::three_byte_char(b0, b1, b2)
            );
        }
    }
}
