//! Check kind `list-count`: a list of items joined by `、` followed by a count that does not
//! match it (`信贷、结算、理财两大板块`: three items, "two").
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-list-count"
//! category = "consistency"
//! severity = "warning"
//! kind = "list-count"
//! message = "列举了{items}项，却说“{match}”"
//! help = "…"
//! # Required: the measure words that may follow the count (`两大模块`, `三个方面`).
//! measures = ["大", "个", "项", "方面", "类", "阶段"]
//! # Optional: set phrases that begin with a count and are no count of the list before them
//! # (`四个意识`); matched at the count.
//! set_phrases = ["四个意识"]
//! # Optional: words that make the list part of what is counted (`包括…在内`, `其中`).
//! part_words = ["包括", "其中"]
//! # Optional: how many characters an item (after the first) may have; longer is a sentence.
//! max_item_chars = 12
//! ```
//!
//! `{match}` is the count and its measure word, `{items}` the number of items listed. The list
//! is read back from the count to the start of its clause. Only a clear list is compared: the
//! count follows the last item directly (not `等三类`, not `、三个`), the last item holds no
//! `和`/`及`/`与`/`或` (which would join two items without `、`), and the items are not numerals
//! themselves (`一、二、三级`). Only prose is read.

use super::{Check, Context};
use crate::analysis::text::Needle;
use crate::analysis::years::{is_numeral, number};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    measures: Vec<String>,
    #[serde(default)]
    set_phrases: Vec<String>,
    #[serde(default = "twelve")]
    max_item_chars: usize,
    #[serde(default)]
    part_words: Vec<String>,
}

fn twelve() -> usize {
    12
}

struct ListCount {
    count: Regex,
    /// The most characters a match of `count` holds: `10` and the longest measure.
    longest_count: usize,
    set_phrases: Vec<String>,
    max_item_chars: usize,
    part_words: Vec<String>,
}

/// Characters that end a clause: the list starts after the last of them.
const CLAUSE_END: &[char] = &[
    '，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?', '（', '(', '）', ')', '【', '】',
];
/// Numerals that make an item a count of its own (`中小学6所、幼儿园8所`, `横盖五市、纵贯五级`).
const COUNT_DIGITS: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '两', '二', '三', '四', '五', '六', '七',
    '八', '九', '十',
];
/// Words that join the last two items without `、`.
const JOINERS: &[char] = &['和', '及', '与', '或', '跟', '同'];
/// Characters that may end the last item right before the count.
/// (`…在内的6个系统`: the list is part of the count, not all of it.)
const NOT_ITEM_END: &[char] = &[
    '、', '等', '这', '那', '共', '计', '第', '的', '“', '‘', '《', '（',
];

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(ListCount::new(params)?))
}

impl ListCount {
    fn new(params: &toml::Table) -> Result<ListCount, String> {
        let p: Params = super::params(params)?;
        if p.measures.is_empty() || p.measures.iter().any(String::is_empty) {
            return Err("measures 不能为空".into());
        }
        let mut measures: Vec<&String> = p.measures.iter().collect();
        measures.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
        let measures: Vec<String> = measures.iter().map(|m| regex_syntax::escape(m)).collect();
        // Every match starts with one of `COUNT_DIGITS`.
        let count = Regex::new(&format!(
            "(?:[2-9]|10|[两二三四五六七八九十])(?:{})",
            measures.join("|")
        ))
        .map_err(|e| format!("measures：{e}"))?;
        let longest_measure = p.measures.iter().map(|m| m.chars().count()).max();
        Ok(ListCount {
            count,
            longest_count: 2 + longest_measure.unwrap_or(0),
            set_phrases: p.set_phrases,
            max_item_chars: p.max_item_chars,
            part_words: p.part_words,
        })
    }
}

impl Check for ListCount {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let prose = ctx.prose();
        for piece in prose.spans() {
            let text = &ctx.text[piece.clone()];
            for m in self.counts_after_lists(text) {
                let Some(items) = self.items_before(text, m.start()) else {
                    continue;
                };
                let rest = &text[m.start()..];
                if self
                    .set_phrases
                    .iter()
                    .any(|p| rest.starts_with(p.as_str()))
                {
                    continue;
                }
                let numeral: String = m.as_str().chars().take_while(|c| is_numeral(*c)).collect();
                let Some(said) = number(&numeral) else {
                    continue;
                };
                if said == items as u32 {
                    continue;
                }
                let span = piece.start + m.start()..piece.start + m.end();
                let found = m.as_str();
                out.push(ctx.diagnostic(
                    rule,
                    span,
                    &[("match", found), ("items", &items.to_string())],
                ));
            }
        }
    }
}

impl ListCount {
    /// The matches of `count` in `text` that a list may stand before: those starting within
    /// `max_item_chars + 1` characters after a `、` (the last item, and a closing quote, lie
    /// between; see `items_before`). Each is the match a search of the whole text finds there:
    /// no match holds a `、`, so a search resumed after one, at the end of the last match, or
    /// at the first numeral (where a match must start) goes on as the whole search would; and
    /// a window reaching the longest match past its last start cuts none short. Most windows
    /// hold no numeral and are not searched.
    fn counts_after_lists<'t>(&self, text: &'t str) -> Vec<crate::shared_regex::Match<'t>> {
        let mut found = Vec::new();
        let mut searched_to = 0;
        // memmem finds `、` by two of its bytes at once; a search for the character stops at
        // every byte 0x81, which most Chinese text has every few dozen characters.
        static ENUMERATION_COMMA: Needle = Needle::new("、");
        for at in ENUMERATION_COMMA.finder().find_iter(text.as_bytes()) {
            let after = at + '、'.len_utf8();
            let starts = self.max_item_chars + 2;
            let numeral = text[after..]
                .char_indices()
                .take(starts)
                .find(|(_, c)| COUNT_DIGITS.contains(c));
            let Some((numeral, _)) = numeral else {
                continue;
            };
            let mut ends = text[after..].char_indices().map(|(i, _)| after + i);
            let last_start = ends.nth(starts - 1).unwrap_or(text.len());
            let window_end = ends.nth(self.longest_count).unwrap_or(text.len());
            let window = &text[..window_end];
            let mut from = (after + numeral).max(searched_to);
            while let Some(m) = self.count.find_at(window, from) {
                if m.start() > last_start {
                    break;
                }
                found.push(m);
                searched_to = m.end();
                from = m.end();
            }
        }
        found
    }

    /// How many `、`-joined items stand right before byte `at` of `text`, when they are a
    /// clear list (see the module doc).
    fn items_before(&self, text: &str, at: usize) -> Option<usize> {
        let head = &text[..at];
        let last = head.chars().next_back()?;
        if NOT_ITEM_END.contains(&last)
            || !(crate::analysis::text::is_han(last)
                || last.is_ascii_alphanumeric()
                || matches!(last, '”' | '’' | '）' | ')' | '》'))
        {
            return None;
        }
        let list = if matches!(last, '”' | '’' | '》') {
            // A quoted list counts inside its quotes; a quote with a clause in it is no list.
            let inner = &head[..head.len() - last.len_utf8()];
            let open = inner.rfind(crate::analysis::text::opening_of(last)?)?;
            let inner = &inner[open + inner[open..].chars().next().map_or(1, char::len_utf8)..];
            if inner.contains(CLAUSE_END) {
                return None;
            }
            inner
        } else {
            let start = head.rfind(CLAUSE_END).map_or(0, |i| {
                i + head[i..].chars().next().map_or(1, char::len_utf8)
            });
            &head[start..]
        };
        if self.part_words.iter().any(|w| list.contains(w.as_str())) {
            return None;
        }
        let items: Vec<&str> = list.split('、').collect();
        if items.len() < 2 {
            return None;
        }
        let last_item = items.last()?;
        if last_item.contains(JOINERS) {
            return None;
        }
        let numeral = |s: &str| s.chars().all(is_numeral);
        for (i, item) in items.iter().enumerate() {
            let chars = item.chars().count();
            let too_long = i > 0 && chars > self.max_item_chars;
            let counted = i + 1 < items.len() && item.contains(COUNT_DIGITS);
            if chars == 0 || too_long || counted || numeral(item) {
                return None;
            }
        }
        // The count's own numeral glued to the last item (`三十`, `第二`) is no count.
        if is_numeral(last) {
            return None;
        }
        Some(items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> ListCount {
        let catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules load");
        let rule = catalogue
            .rules
            .iter()
            .find(|r| r.def.kind == "list-count")
            .expect("a built-in list-count rule");
        ListCount::new(&rule.def.params).expect("its parameters build")
    }

    /// The counts a list stands before, found by searching the whole text.
    fn by_whole_search(check: &ListCount, text: &str) -> Vec<(Span, usize)> {
        check
            .count
            .find_iter(text)
            .filter_map(|m| Some((m.range(), check.items_before(text, m.start())?)))
            .collect()
    }

    type Span = std::ops::Range<usize>;

    fn by_windows(check: &ListCount, text: &str) -> Vec<(Span, usize)> {
        check
            .counts_after_lists(text)
            .into_iter()
            .filter_map(|m| Some((m.range(), check.items_before(text, m.start())?)))
            .collect()
    }

    #[test]
    fn a_count_after_the_longest_last_item_is_found() {
        let check = builtin();
        let cases = [
            // The last item has max_item_chars (12) characters, then a closing quote.
            (
                "推进“信贷、结算、理财业务支撑体系建设方案”两大板块，另有一二三四五六七八九十一二三个",
                "两大",
                3,
            ),
            // A count of two digits.
            ("信贷、结算、理财10项业务", "10项", 3),
        ];
        for (text, count, items) in cases {
            let found = by_windows(&check, text);
            assert_eq!(found, by_whole_search(&check, text));
            let found: Vec<(&str, usize)> =
                found.iter().map(|(m, n)| (&text[m.clone()], *n)).collect();
            assert_eq!(found, [(count, items)], "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn windows_after_each_pause_find_what_the_whole_search_finds(
            text in crate::checks::testing::text_of(&[
                "、", "、", "、", "三", "两", "10", "1", "2", "个", "大", "个方面", "方面", "项",
                "“", "”", "，", "（", "）", "的", "等", "信贷", "结算", "理财业务", "四个意识",
                "一二三四五六", "七八九十一二", "支撑体系建设方案", "理财业务", "两大板块",
            ])
        ) {
            let check = builtin();
            let whole: Vec<Span> = check.count.find_iter(&text).map(|m| m.range()).collect();
            let windowed: Vec<Span> =
                check.counts_after_lists(&text).into_iter().map(|m| m.range()).collect();
            // Every window's match is one the whole search finds.
            proptest::prop_assert!(windowed.iter().all(|m| whole.contains(m)), "{windowed:?} {whole:?}");
            proptest::prop_assert_eq!(by_windows(&check, &text), by_whole_search(&check, &text));
        }
    }
}
