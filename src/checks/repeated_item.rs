//! Check kind `repeated-item`: the same item listed twice in one sentence (`Nginx、Redis、
//! MySQL、Redis`, `核对单据，更新台账，核对单据`), with a fix that deletes the second copy.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ619"
//! name = "repeated-item"
//! category = "wording"
//! severity = "warning"
//! kind = "repeated-item"
//! fix = "unsafe"
//! message = "“{match}”在这一句里列了两次"
//! help = "删去重复的一项"
//! # Optional, default 4: the fewest characters an item must have (shorter ones repeat on
//! # purpose: `有信心、有能力……，有信心、有能力……`).
//! min_chars = 4
//! ```
//!
//! A sentence ends at `。；！？` (and their ASCII forms) or a line end; its items are the
//! pieces between `，、,`. An item with a digit is never reported (figures repeat: `增长5.2%、
//! 5.2%`), nor one whose neighbours repeat with it (parallel clauses: `有信心、有能力维护……，
//! 有信心、有能力为……`). Only prose is read.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::{
    chars_starting_with, first_bytes, is_blank, is_han, is_statement_end, STATEMENT_ENDS,
};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::collections::hash_map::Entry;
use std::sync::{Arc, LazyLock};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min_chars")]
    min_chars: usize,
}

fn default_min_chars() -> usize {
    4
}

struct RepeatedItem {
    min_chars: usize,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if params.min_chars < 2 {
        return Err("min_chars 至少为 2".into());
    }
    Ok(Arc::new(RepeatedItem {
        min_chars: params.min_chars,
        excludes: Excludes::new(&[])?,
    }))
}

/// Sentences of at most this many items find an item's first copy by search, not by index.
const SEARCHED_ITEMS: usize = 16;

const ITEM_MARKS: &[char] = &['，', '、', ','];

/// One item of a sentence: its text without surrounding blanks, and where the mark before it
/// starts (the fix deletes from there).
struct Item<'t> {
    text: &'t str,
    span: Span,
    mark_before: Option<usize>,
}

/// Call `each` with every sentence of `piece` (a byte span of it) and the item marks in it
/// (their byte spans in `piece`), in one pass. A statement ends a sentence, and so does a line.
#[cfg(test)]
fn sentences(piece: &str, each: impl FnMut(Span, &[Span])) {
    sentences_with(piece, &mut Vec::new(), each);
}

/// [`sentences`], the marks gathered in `marks` (a document's pieces share one list).
fn sentences_with(piece: &str, marks: &mut Vec<Span>, mut each: impl FnMut(Span, &[Span])) {
    static ENDS_AND_MARKS: LazyLock<[bool; 256]> = LazyLock::new(|| {
        first_bytes(
            STATEMENT_ENDS
                .iter()
                .chain(ITEM_MARKS)
                .copied()
                .chain(['\n']),
        )
    });
    let mut start = 0;
    marks.clear();
    // Most characters are Chinese: stepped over by their first byte.
    for (at, c) in chars_starting_with(piece, &ENDS_AND_MARKS) {
        if is_statement_end(c) || c == '\n' {
            each(start..at, marks);
            marks.clear();
            start = at + c.len_utf8();
        } else if ITEM_MARKS.contains(&c) {
            marks.push(at..at + c.len_utf8());
        }
    }
    each(start..piece.len(), marks);
}

/// The items of the sentence `sentence` of `piece`, cut at `marks`; `piece` starts at byte
/// `base` of the text.
fn items<'t>(piece: &'t str, sentence: Span, marks: &[Span], base: usize, out: &mut Vec<Item<'t>>) {
    out.clear();
    let mut start = sentence.start;
    let mut mark_before: Option<usize> = None;
    let ends = marks
        .iter()
        .map(|m| (m.start, m.end))
        .chain([(sentence.end, sentence.end)]);
    for (end, next) in ends {
        let raw = &piece[start..end];
        let text = raw.trim_start_matches(is_blank);
        let lead = raw.len() - text.len();
        let text = text.trim_end_matches(is_blank);
        let from = base + start + lead;
        out.push(Item {
            text,
            span: from..from + text.len(),
            mark_before: mark_before.map(|m| base + m),
        });
        mark_before = Some(end);
        start = next;
    }
}

/// Do two items begin alike (their first two characters)?
fn begin_alike(a: &str, b: &str) -> bool {
    let head = |s: &str| s.chars().take(2).collect::<String>();
    a.chars().count() >= 2 && head(a) == head(b)
}

/// Does `s` hold a numeral (`char::is_numeric`)? Han characters are never one: answered
/// before the Unicode tables are read.
fn has_numeral(s: &str) -> bool {
    s.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_digit()
        } else {
            !is_han(c) && c.is_numeric()
        }
    })
}

impl RepeatedItem {
    /// Whether two of the sentence's items, cut at `marks`, may be long enough to count: an
    /// item has at least `min_chars` bytes. Answered from the marks alone, so that a sentence
    /// of short items (`一、二、三、`) is not cut into items at all: on a line of them, a
    /// list of items held 48 bytes a character.
    fn two_may_count(&self, sentence: &Span, marks: &[Span]) -> bool {
        let starts = std::iter::once(sentence.start).chain(marks.iter().map(|m| m.end));
        let ends = marks.iter().map(|m| m.start).chain([sentence.end]);
        starts
            .zip(ends)
            .filter(|(start, end)| end.saturating_sub(*start) >= self.min_chars)
            .nth(1)
            .is_some()
    }

    /// The spans of repeated items in one sentence, each with the span its fix deletes.
    fn repeats(&self, items: &[Item], found: &mut Vec<(Span, Span)>) {
        let min = self.min_chars;
        // A character has at most 4 bytes: most items are answered by their length.
        let long_enough = |item: &Item| {
            let len = item.text.len();
            len >= min.saturating_mul(4) || (len >= min && item.text.chars().count() >= min)
        };
        // A repeat needs two items long enough: most sentences have fewer.
        if items
            .iter()
            .filter(|item| long_enough(item))
            .nth(1)
            .is_none()
        {
            return;
        }
        // Items of the same text are alike in length and numerals, so an item's first copy
        // is simply the first item with its text. Short sentences are searched, long ones
        // indexed.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (j, item) in items.iter().enumerate() {
            if !long_enough(item) {
                continue;
            }
            let earlier = if items.len() <= SEARCHED_ITEMS {
                items[..j].iter().position(|e| e.text == item.text)
            } else {
                match first.entry(item.text) {
                    Entry::Occupied(at) => Some(*at.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(j);
                        None
                    }
                }
            };
            // An item with a digit is never counted (figures repeat).
            let Some(i) = earlier.filter(|_| !has_numeral(item.text)) else {
                continue;
            };
            // Parallel clauses repeat a neighbour too: 有信心、有能力……，有信心、有能力……
            let next_alike = items
                .get(i + 1)
                .zip(items.get(j + 1))
                .is_some_and(|(a, b)| begin_alike(a.text, b.text));
            let before_alike = i > 0 && begin_alike(items[i - 1].text, items[j - 1].text);
            if next_alike || before_alike || (j == i + 1 && items.len() == 2) {
                continue;
            }
            if let Some(mark) = item.mark_before {
                found.push((item.span.clone(), mark..item.span.end));
            }
        }
    }
}

impl Check for RepeatedItem {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found = Vec::new();
        let mut items_of = Vec::new();
        let mut marks_of = Vec::new();
        for span in ctx.prose().spans() {
            let piece = &text[span.clone()];
            sentences_with(piece, &mut marks_of, |sentence, marks| {
                // One item cannot repeat, nor can items too short to count.
                if marks.is_empty() || !self.two_may_count(&sentence, marks) {
                    return;
                }
                items(piece, sentence, marks, span.start, &mut items_of);
                self.repeats(&items_of, &mut found);
            });
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !found.is_empty());
        for (span, deleted) in found {
            if !filter.keep(&span) {
                continue;
            }
            let item = &text[span.clone()];
            let fix = Fix {
                title: crate::diagnostic::interned(format!("删去重复的“{item}”")),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: deleted,
                    replacement: crate::diagnostic::SharedText::empty(),
                }),
                applicability: Applicability::Unsafe,
            };
            out.push(ctx.diagnostic_with_fix(rule, span, &[("match", item)], fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::accepts;
    use crate::model::Span;
    use std::collections::HashMap;

    #[test]
    fn bad_parameters_are_errors() {
        assert!(accepts(super::build, "").is_ok());
        assert!(accepts(super::build, "min_chars = 3").is_ok());
        assert!(accepts(super::build, "min_chars = 1").is_err());
        assert!(accepts(super::build, "min_char = 3").is_err());
    }

    #[test]
    fn items_are_cut_at_marks_without_blanks() {
        let piece = "对 Nginx 、Redis 、MySQL";
        let mut cut = Vec::new();
        super::sentences(piece, |sentence, marks| {
            cut.push((sentence, marks.to_vec()))
        });
        assert_eq!(cut.len(), 1);
        let mut items = Vec::new();
        super::items(piece, cut[0].0.clone(), &cut[0].1, 10, &mut items);
        let texts: Vec<&str> = items.iter().map(|i| i.text).collect();
        assert_eq!(texts, ["对 Nginx", "Redis", "MySQL"]);
        assert_eq!(
            items[1].span,
            10 + "对 Nginx 、".len()..10 + "对 Nginx 、Redis".len()
        );
        assert_eq!(items[1].mark_before, Some(10 + "对 Nginx ".len()));
        assert_eq!(items[0].mark_before, None);
    }

    #[test]
    fn a_shared_list_of_marks_starts_empty_for_each_piece() {
        let mut marks = Vec::new();
        let mut got = Vec::new();
        for piece in ["甲，乙", "丙"] {
            super::sentences_with(piece, &mut marks, |sentence, marks| {
                got.push((piece[sentence].to_string(), marks.len()))
            });
        }
        assert_eq!(got, [("甲，乙".to_string(), 1), ("丙".to_string(), 0)]);
    }

    #[test]
    fn sentences_end_at_statement_ends_and_lines() {
        let piece = "甲，乙。丙、丁；戊\n己,庚";
        let mut got = Vec::new();
        super::sentences(piece, |sentence, marks| {
            let marks: Vec<&str> = marks.iter().map(|m| &piece[m.clone()]).collect();
            got.push((&piece[sentence], marks));
        });
        assert_eq!(
            got,
            [
                ("甲，乙", vec!["，"]),
                ("丙、丁", vec!["、"]),
                ("戊", vec![]),
                ("己,庚", vec![","])
            ]
        );
    }

    #[test]
    fn no_han_character_is_a_numeral() {
        let han = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| crate::analysis::text::is_han(c));
        for c in han {
            assert!(!c.is_numeric(), "{c}");
        }
        for c in (0..128u8).map(char::from) {
            assert_eq!(super::has_numeral(&c.to_string()), c.is_numeric(), "{c}");
        }
        assert!(super::has_numeral("第Ⅲ") && super::has_numeral("〇") && !super::has_numeral("十"));
    }

    #[test]
    fn items_of_exactly_the_least_length_may_count() {
        let check = super::RepeatedItem {
            min_chars: 2,
            excludes: super::Excludes::new(&[]).expect("no excludes"),
        };
        let piece = "ab、核对、ab";
        let mut cut = Vec::new();
        super::sentences(piece, |sentence, marks| {
            cut.push((sentence, marks.to_vec()))
        });
        assert!(check.two_may_count(&cut[0].0, &cut[0].1));
        let mut items = Vec::new();
        super::items(piece, cut[0].0.clone(), &cut[0].1, 0, &mut items);
        let mut found = Vec::new();
        check.repeats(&items, &mut found);
        assert_eq!(found, [(14..16, 11..16)]);
        // Items of two bytes and one (`ab、c`): no two may count.
        let mark = 2..5;
        assert!(!check.two_may_count(&(0..6), &[mark]));
    }

    /// The definition: every item long enough and without a numeral, looked up by its text.
    fn reference_repeats(min_chars: usize, items: &[super::Item]) -> Vec<(Span, Span)> {
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut found = Vec::new();
        for (j, item) in items.iter().enumerate() {
            let counted = item.text.chars().count() >= min_chars
                && !item.text.chars().any(|c| c.is_numeric());
            if !counted {
                continue;
            }
            let Some(&i) = first.get(item.text) else {
                first.insert(item.text, j);
                continue;
            };
            let next_alike = items
                .get(i + 1)
                .zip(items.get(j + 1))
                .is_some_and(|(a, b)| super::begin_alike(a.text, b.text));
            let before_alike = i > 0 && super::begin_alike(items[i - 1].text, items[j - 1].text);
            if next_alike || before_alike || (j == i + 1 && items.len() == 2) {
                continue;
            }
            if let Some(mark) = item.mark_before {
                found.push((item.span.clone(), mark..item.span.end));
            }
        }
        found
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The screens (items too short by the marks alone, length, numerals on a repeat
        /// only, search or index) find what the definition finds, in short sentences and
        /// long ones.
        #[test]
        fn repeats_agree_with_the_definition(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["核对", "单据", "ab", "5", "〇", "𠀀", " ", "、", "，", ","]),
                0..80,
            ),
            min_chars in 2usize..6,
        ) {
            let piece: String = pieces.concat();
            let check = super::RepeatedItem {
                min_chars,
                excludes: super::Excludes::new(&[]).expect("no excludes"),
            };
            super::sentences(&piece, |sentence, marks| {
                let mut items = Vec::new();
                super::items(&piece, sentence.clone(), marks, 3, &mut items);
                let mut found = Vec::new();
                if check.two_may_count(&sentence, marks) {
                    check.repeats(&items, &mut found);
                }
                assert_eq!(found, reference_repeats(min_chars, &items));
            });
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["Redis", "核对单据", "有信心", "5.2%", "、", "，", ",", "。", " ", "\n", "\r\n", "一、"])) {
            crate::checks::testing::assert_sound("ZJ619", &text);
        }
    }
}
