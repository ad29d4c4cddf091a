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
use crate::analysis::text::STATEMENT_ENDS;
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

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

const ITEM_MARKS: &[char] = &['，', '、', ','];
const BLANKS: &[char] = &[' ', '\u{3000}', '\t', '\r'];

/// One item of a sentence: its text without surrounding blanks, and where the mark before it
/// starts (the fix deletes from there).
struct Item<'t> {
    text: &'t str,
    span: Span,
    mark_before: Option<usize>,
}

/// The items of `sentence`, which starts at byte `base` of the text.
fn items(sentence: &str, base: usize) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut mark_before = None;
    let mut pieces: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for (at, c) in sentence.char_indices() {
        if ITEM_MARKS.contains(&c) {
            pieces.push((start, at, mark_before));
            mark_before = Some(at);
            start = at + c.len_utf8();
        }
    }
    pieces.push((start, sentence.len(), mark_before));
    for (start, end, mark_before) in pieces {
        let raw = &sentence[start..end];
        let text = raw.trim_start_matches(BLANKS);
        let lead = raw.len() - text.len();
        let text = text.trim_end_matches(BLANKS);
        let from = base + start + lead;
        out.push(Item {
            text,
            span: from..from + text.len(),
            mark_before: mark_before.map(|m| base + m),
        });
    }
    out
}

/// Do two items begin alike (their first two characters)?
fn begin_alike(a: &str, b: &str) -> bool {
    let head = |s: &str| s.chars().take(2).collect::<String>();
    a.chars().count() >= 2 && head(a) == head(b)
}

impl RepeatedItem {
    /// The spans of repeated items in one sentence, each with the span its fix deletes.
    fn repeats(&self, items: &[Item]) -> Vec<(Span, Span)> {
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut found = Vec::new();
        for (j, item) in items.iter().enumerate() {
            let counted = item.text.chars().count() >= self.min_chars
                && !item.text.chars().any(|c| c.is_numeric());
            if !counted {
                continue;
            }
            let Some(&i) = first.get(item.text) else {
                first.insert(item.text, j);
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
        found
    }
}

impl Check for RepeatedItem {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found = Vec::new();
        for span in ctx.prose().spans() {
            let piece = &text[span.clone()];
            let mut start = 0;
            for (at, c) in piece.char_indices() {
                // A statement ends a sentence, and so does a line.
                if STATEMENT_ENDS.contains(&c) || c == '\n' {
                    found.extend(self.repeats(&items(&piece[start..at], span.start + start)));
                    start = at + c.len_utf8();
                }
            }
            found.extend(self.repeats(&items(&piece[start..], span.start + start)));
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !found.is_empty());
        for (span, deleted) in found {
            if !filter.keep(&span) {
                continue;
            }
            let item = &text[span.clone()];
            let fix = Fix {
                title: format!("删去重复的“{item}”"),
                edits: vec![Edit {
                    span: deleted,
                    replacement: String::new(),
                }],
                applicability: Applicability::Unsafe,
            };
            out.push(ctx.diagnostic_with_fix(rule, span, &[("match", item)], fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::accepts;

    #[test]
    fn bad_parameters_are_errors() {
        assert!(accepts(super::build, "").is_ok());
        assert!(accepts(super::build, "min_chars = 3").is_ok());
        assert!(accepts(super::build, "min_chars = 1").is_err());
        assert!(accepts(super::build, "min_char = 3").is_err());
    }

    #[test]
    fn items_are_cut_at_marks_without_blanks() {
        let items = super::items("对 Nginx 、Redis 、MySQL", 10);
        let texts: Vec<&str> = items.iter().map(|i| i.text).collect();
        assert_eq!(texts, ["对 Nginx", "Redis", "MySQL"]);
        assert_eq!(
            items[1].span,
            10 + "对 Nginx 、".len()..10 + "对 Nginx 、Redis".len()
        );
        assert_eq!(items[1].mark_before, Some(10 + "对 Nginx ".len()));
        assert_eq!(items[0].mark_before, None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["Redis", "核对单据", "有信心", "5.2%", "、", "，", ",", "。", " ", "\n", "\r\n", "一、"])) {
            crate::checks::testing::assert_sound("ZJ619", &text);
        }
    }
}
