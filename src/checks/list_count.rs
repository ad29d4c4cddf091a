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
use crate::analysis::years::{is_numeral, number};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use regex::Regex;
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
    let p: Params = super::params(params)?;
    if p.measures.is_empty() || p.measures.iter().any(String::is_empty) {
        return Err("measures 不能为空".into());
    }
    let mut measures: Vec<&String> = p.measures.iter().collect();
    measures.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    let measures: Vec<String> = measures.iter().map(|m| regex::escape(m)).collect();
    let count = Regex::new(&format!(
        "(?:[2-9]|10|[两二三四五六七八九十])(?:{})",
        measures.join("|")
    ))
    .map_err(|e| format!("measures：{e}"))?;
    Ok(Arc::new(ListCount {
        count,
        set_phrases: p.set_phrases,
        max_item_chars: p.max_item_chars,
        part_words: p.part_words,
    }))
}

impl Check for ListCount {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let prose = ctx.prose();
        for piece in prose.spans() {
            let text = &ctx.text[piece.clone()];
            // A list needs a `、` (see `items_before`): most paragraphs have none.
            if !text.contains('、') {
                continue;
            }
            for m in self.count.find_iter(text) {
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
