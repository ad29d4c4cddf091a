//! Check kind `announced-count`: a paragraph that announces a number of items (`主要包含以下4方面
//! 内容：`) followed by a numbered list with another number of items.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-announced-count"
//! category = "consistency"
//! severity = "warning"
//! kind = "announced-count"
//! message = "“{match}”后面列了{items}项"
//! help = "…"
//! # Required: the announcement, a regular expression with a group `n` for the count (Arabic
//! # digits or Chinese numerals); it must stand in the line's last clause, which ends with a
//! # colon.
//! announce = '以下(?P<n>[0-9]+|[两二三四五六七八九十]+)(?:个|项|大)?(?:方面|点|部分|类)'
//! ```
//!
//! `{match}` is the announcement, `{items}` the number of items listed. The list is the
//! headings right after the line (the next non-blank line must be one): those at the depth of
//! the first, up to the first heading above that depth, the end of the document's piece, or a
//! notice of hidden text. Typed and Word automatic numbers count alike.

use super::{Check, Context};
use crate::analysis::years::number;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    announce: String,
}

struct AnnouncedCount {
    announce: Regex,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let announce = Regex::new(&p.announce).map_err(|e| format!("announce：{e}"))?;
    if !announce.capture_names().any(|n| n == Some("n")) {
        return Err("announce 需要命名组 (?P<n>…)".into());
    }
    Ok(Arc::new(AnnouncedCount { announce }))
}

impl AnnouncedCount {
    /// How many items the list of headings starting at `first` has.
    fn listed(ctx: &Context, first: usize) -> usize {
        let doc = ctx.doc;
        let Some(start) = doc.headings.get(first) else {
            return 0;
        };
        let depth = start.depth();
        doc.headings[first..]
            .iter()
            .take_while(|h| {
                h.depth() >= depth
                    && h.segment() == start.segment()
                    && h.stretch() == start.stretch()
            })
            .filter(|h| h.depth() == depth)
            .count()
    }
}

impl Check for AnnouncedCount {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        for (i, line) in doc.lines.iter().enumerate() {
            if line.is_blank() || ctx.junk_lines[i] {
                continue;
            }
            let content = ctx.text[line.content()].trim_end();
            let Some(body) = content.strip_suffix(['：', ':']) else {
                continue;
            };
            let clause_start = body.rfind(['。', '；', '！', '？']).unwrap_or(0);
            let Some(caps) = self.announce.captures_iter(&content[clause_start..]).last() else {
                continue;
            };
            let (Some(whole), Some(n)) = (caps.get(0), caps.name("n")) else {
                continue;
            };
            let Some(said) = number(n.as_str()) else {
                continue;
            };
            // The next non-blank line must open the list.
            let Some((next, _)) = doc
                .lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| !l.is_blank())
            else {
                continue;
            };
            let Some(first) = doc.headings.iter().position(|h| h.line() == next) else {
                continue;
            };
            let items = Self::listed(ctx, first);
            if items as u32 == said || items == 0 {
                continue;
            }
            let at = line.content().start + clause_start;
            let span = at + whole.start()..at + whole.end();
            let matched = &ctx.text[span.clone()];
            out.push(ctx.diagnostic(
                rule,
                span,
                &[("match", matched), ("items", &items.to_string())],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn an_announced_count_is_compared_with_the_list() {
        // 重点做了 is 4 characters: the announcement starts at column 5.
        let text = "一、项目开发\n重点做了以下3方面工作：\n1.业务开发\n新增查询功能。\n2.问题处理\n优化创建逻辑。\n";
        assert_eq!(run("ZJ712", text), [(2, 5, "以下3方面".into())]);
        assert_eq!(run("ZJ712", &text.replace("以下3", "以下两")), []);
    }

    #[test]
    fn a_count_too_large_to_read_is_left_alone() {
        let text = "一、项目开发\n重点做了以下99999999999方面工作：\n1.业务开发\n新增查询功能。\n2.问题处理\n优化创建逻辑。\n";
        assert_eq!(run("ZJ712", text), []);
    }
}
