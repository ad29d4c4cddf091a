//! Check kind `junk-inline`: pieces of web-page junk glued into the text (an injected notice
//! `---本文来源于网络…---`, a stray ASCII quote inside Chinese, `<image>` tags, `(优质8篇)`).
//!
//! Each pattern is a regular expression; its named group `junk`, when present, is the span
//! reported, else the whole match. A pattern may require one of a list of words inside its
//! match, and may be cancelled by what follows or precedes it on the same line.

use super::{excerpt, Check, Context};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use regex::Regex;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Vec<PatternParams>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternParams {
    pattern: String,
    /// What was found, in Chinese; fills `{label}` in the message.
    #[serde(default)]
    label: String,
    /// The match must contain one of these words.
    #[serde(default)]
    requires: Vec<String>,
    /// Cancel the match when the rest of its line, right after it, matches this (anchor it
    /// with `^`).
    #[serde(default)]
    unless_after: Option<String>,
    /// Cancel the match when its line, up to it, matches this (anchor it with `$`).
    #[serde(default)]
    unless_before: Option<String>,
}

struct Pattern {
    regex: Regex,
    label: String,
    requires: Vec<String>,
    unless_after: Option<Regex>,
    unless_before: Option<Regex>,
}

struct JunkInline {
    patterns: Vec<Pattern>,
}

fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let patterns = p
        .patterns
        .into_iter()
        .map(|p| {
            Ok(Pattern {
                regex: compile(&p.pattern)?,
                label: p.label,
                requires: p.requires,
                unless_after: p.unless_after.as_deref().map(compile).transpose()?,
                unless_before: p.unless_before.as_deref().map(compile).transpose()?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Arc::new(JunkInline { patterns }))
}

impl Check for JunkInline {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found: Vec<(Span, &str)> = Vec::new();
        for line in &ctx.doc.lines {
            let content = &text[line.content.clone()];
            for pattern in &self.patterns {
                for caps in pattern.regex.captures_iter(content) {
                    let Some(whole) = caps.get(0) else { continue };
                    if whole.as_str().is_empty() {
                        continue;
                    }
                    if !pattern.requires.is_empty()
                        && !pattern
                            .requires
                            .iter()
                            .any(|w| whole.as_str().contains(w.as_str()))
                    {
                        continue;
                    }
                    let junk = caps.name("junk").unwrap_or(whole);
                    if pattern
                        .unless_after
                        .as_ref()
                        .is_some_and(|r| r.is_match(&content[junk.end()..]))
                        || pattern
                            .unless_before
                            .as_ref()
                            .is_some_and(|r| r.is_match(&content[..junk.start()]))
                    {
                        continue;
                    }
                    let span = line.content.start + junk.start()..line.content.start + junk.end();
                    found.push((span, pattern.label.as_str()));
                }
            }
        }
        // One finding per place: the first pattern that found it wins.
        found.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut last_end = 0;
        for (span, label) in found {
            if span.start < last_end {
                continue;
            }
            last_end = span.end;
            let shown = excerpt(&text[span.clone()]);
            out.push(ctx.diagnostic(rule, span, &[("label", label), ("text", shown.as_str())]));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    fn at(line: usize, column: usize, text: &str) -> (usize, usize, String) {
        (line, column, text.to_string())
    }

    #[test]
    fn a_notice_injected_into_a_word() {
        let text = "健全乡村学校教研工作网络,组---本文来源于网络,仅供参考,勿照抄,如有侵权请联系删除---建三个片区教研共同体。\n";
        assert_eq!(
            run("ZJ404", text),
            [at(
                1,
                15,
                "---本文来源于网络,仅供参考,勿照抄,如有侵权请联系删除---"
            )]
        );
        let text = "第1页共5页编号:_____乡镇长述职报告(此文内容仅供参考,可自行修改)一年来,我按照镇党委的部署抓好各项工作。\n";
        assert_eq!(
            run("ZJ404", text),
            [
                at(1, 1, "第1页共5页"),
                at(1, 22, "(此文内容仅供参考,可自行修改)")
            ]
        );
        let text = "各村已完成 ……此处隐藏31508个字……落实到户到人。\n";
        assert_eq!(run("ZJ404", text), [at(1, 7, "……此处隐藏31508个字……")]);
    }

    #[test]
    fn stray_quotes_and_lost_characters() {
        let text = "是20**年获奖数量较多、获奖层次较高的'地级市。\n真正把教书育人变成每一位教育工作者的`自觉行动。\n在今年普高统考中□1xx7人次获得a等。\n值班人员保证一天\\*\\*次以上巡学。\n";
        assert_eq!(
            run("ZJ412", text),
            [
                at(1, 21, "'"),
                at(2, 19, "`"),
                at(3, 9, "□"),
                at(4, 9, "\\*\\*")
            ]
        );
    }

    #[test]
    fn quotes_that_close_and_check_boxes_are_not_noise() {
        // A mismatched pair is a punctuation fault, not noise.
        let text = "镇聚焦'三项任务“，紧扣'五个提升“，实现'考核连续两年优秀,在全市47个乡镇中列第六位“。\n是否同意：□是 □否\nIt's fine.\n学习'两个确立'精神，深刻领会其丰富内涵和实践要求，不断增强贯彻落实的自觉性和坚定性。\n";
        assert!(run("ZJ412", text).is_empty(), "{:?}", run("ZJ412", text));
    }

    #[test]
    fn markup_left_by_a_page() {
        let text = concat!(
            r#"<image>data:image/png;base64,iVBORw0KGgo" alt="资源得分’ title="</image>"#,
            "\n全年新建学校3所&nbsp;，新增学位5000个。\n"
        );
        let found = run("ZJ413", text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0, found[0].1), (1, 1));
        assert_eq!(found[1], at(2, 9, "&nbsp;"));
        assert!(run("ZJ413", "当x<5且y>3时成立。\n").is_empty());
    }

    #[test]
    fn title_decorations() {
        let text = "# 卫生院工作总结及工作安排 卫生院工作安排(优质8篇)\n【精品】社区工作总结范文汇编8篇\n2025年某乡卫生院工作总结和明年打算【优秀范文】\n";
        assert_eq!(
            run("ZJ411", text),
            [
                at(1, 23, "(优质8篇)"),
                at(2, 1, "【精品】"),
                at(2, 13, "汇编8篇"),
                at(3, 20, "【优秀范文】"),
            ]
        );
        let text = "附件：1.关于开展读书活动的通知（共2页）\n【典型经验】某校推进课后服务\n【最新进展】在省级刊物发表论文（共12篇），获奖3项。\n";
        assert!(run("ZJ411", text).is_empty());
    }
}
