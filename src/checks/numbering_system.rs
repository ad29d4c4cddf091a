//! Check kind `numbering-system`: multi-level decimal numbers (`1.1` `1.2` `2.1`, the numbering
//! of standards and theses) under the ordinals of GB/T 9704 (`一、` `（一）`): two numbering
//! systems in one outline.
//!
//! A line that starts with a decimal number (`1.1总体情况`, `2.1 个人方面`) counts when its
//! first part is the number of the `一、` or `（一）` heading it stands under and that heading
//! has an `N.1` line too: `1.5倍` under `一、` alone is a quantity. The document is reported
//! once, at the first such number, with how many there are: the writer changes them together.
//! A document numbered `1.` › `1.1` throughout uses one system and is not reported.
//!
//! Parameters: none. The message may use `{found}` (the first decimal number), `{parent}`
//! (the heading it stands under) and `{count}`.

use super::{params, Check, Context};
use crate::analysis::outline::marker_text;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::{MarkerFamily, Span};
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {}

struct NumberingSystem;

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    params::<Params>(table)?;
    Ok(Arc::new(NumberingSystem))
}

/// A decimal number opening a line: `1.1`, `2.3.1`, then the heading's words.
fn decimal_number() -> &'static Regex {
    static DECIMAL: OnceLock<Regex> = OnceLock::new();
    DECIMAL.get_or_init(|| {
        Regex::new(r"^(\d{1,2})[.．](\d{1,2})(?:[.．]\d{1,2})*[.．]?[ \t\u{3000}]*\p{Han}")
            .expect("decimal number pattern")
    })
}

/// The decimal number `1.2` at the start of `content`, as [`decimal_number`] finds it: only a
/// line that starts with a digit (`\d` is any decimal digit: `１` too) is searched.
fn decimal_at_start(content: &str) -> Option<crate::shared_regex::Captures<'_>> {
    let numbered = content.chars().next().is_some_and(char::is_numeric);
    numbered
        .then(|| decimal_number().captures(content))
        .flatten()
}

/// One decimal number at a line start, with the heading it stands under.
struct Decimal {
    span: Span,
    first: u32,
    second: u32,
    parent: usize,
}

impl Check for NumberingSystem {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        let mut decimals = Vec::new();
        let mut heading = 0;
        let mut parent: Option<usize> = None;
        for (l, line) in ctx.doc.lines.iter().enumerate() {
            // The last heading of the outline that starts before this line.
            while heading < headings.len() && headings[heading].marker().start < line.span().start {
                if tree.get(heading).is_some_and(|s| s.is_some()) {
                    parent = Some(heading);
                }
                heading += 1;
            }
            if line.heading().is_some() || ctx.junk_lines.get(l).copied().unwrap_or(false) {
                continue;
            }
            let content = ctx.text.get(line.content()).unwrap_or("");
            let (Some(caps), Some(parent)) = (decimal_at_start(content), parent) else {
                continue;
            };
            let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
            let (Some(first), Some(second)) = (number(1), number(2)) else {
                continue;
            };
            let end = content
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '．'))
                .unwrap_or(content.len());
            let start = line.content().start;
            decimals.push(Decimal {
                span: start..start + end,
                first,
                second,
                parent,
            });
        }
        // Under a `一、` (or `（一）`) heading numbered N, with an `N.1` among them.
        let opened: foldhash::HashSet<(usize, u32)> = decimals
            .iter()
            .filter(|e| e.second == 1)
            .map(|e| (e.parent, e.first))
            .collect();
        let belongs = |d: &Decimal| {
            let above = &headings[d.parent];
            matches!(
                above.family,
                MarkerFamily::Chinese | MarkerFamily::ChineseParen
            ) && d.first == above.ordinal
                && opened.contains(&(d.parent, d.first))
        };
        let confirmed: Vec<&Decimal> = decimals.iter().filter(|d| belongs(d)).collect();
        let Some(first) = confirmed.first() else {
            return;
        };
        let found = ctx.text.get(first.span.clone()).unwrap_or("");
        let parent = marker_text(ctx.text, &headings[first.parent]);
        let count = confirmed.len().to_string();
        let args = [
            ("found", found),
            ("parent", parent.as_str()),
            ("count", count.as_str()),
        ];
        out.push(ctx.diagnostic(rule, first.span.clone(), &args));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_line_that_starts_with_a_digit_is_searched_and_none_is_lost() {
        let spans = |caps: Option<crate::shared_regex::Captures>| {
            caps.map(|c| c.iter().map(|m| m.map(|m| m.range())).collect::<Vec<_>>())
        };
        for line in [
            "1.2 工作目标",
            "１．２工作目标",
            "١.٢ 工作",
            "12.3.4 措施",
            "一、总体情况",
            "（1）措施",
            " 1.2 工作",
            "a1.2 工作",
            "",
        ] {
            assert_eq!(
                spans(decimal_at_start(line)),
                spans(decimal_number().captures(line)),
                "{line}"
            );
        }
        assert!(decimal_at_start("１．２工作目标").is_some());
        assert!(decimal_at_start("١.٢ 工作").is_some());
        assert!(decimal_at_start("一、总体情况").is_none());
    }
}
