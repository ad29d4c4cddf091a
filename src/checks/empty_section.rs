//! Check kind `empty-section`: a Markdown heading with nothing under it (`### 三、设备维护`
//! followed directly by `### 四、人员培训`), or with only a dangling fragment (`为`).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ905"
//! name = "my-empty-section"
//! category = "placeholder"
//! severity = "warning"
//! kind = "empty-section"
//! message = "小节“{match}”下面没有内容"
//! help = "补写这一节，或删去标题"
//! # Optional, default 2: a body of one line with at most this many characters and no
//! # sentence end is a fragment, not a body (`为`).
//! fragment_chars = 2
//! # Optional: short bodies that are complete answers (`无`, `略`).
//! complete = ["无", "略"]
//! # Optional, default 2: report only in documents with at least this many sections that
//! # have a body, and no more empty sections than sections with a body. An outline (a plan
//! # that lists its headings, a table of contents) is all headings, and says nothing wrong.
//! min_filled = 2
//! # Optional. Regexes for headings that may stand alone; a finding they overlap is dropped.
//! exclude = ['^附件']
//! ```
//!
//! Only headings written with Markdown `#`: their level is explicit. A plain-text line
//! `三、设备维护` followed by `四、人员培训` is as often a list as an empty section. A heading
//! followed by a deeper heading has its content there; the first line of the document (the
//! title) is never reported. `{match}` is the heading's text.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "two")]
    fragment_chars: usize,
    #[serde(default)]
    complete: Vec<String>,
    #[serde(default = "two")]
    min_filled: usize,
    #[serde(default)]
    exclude: Vec<String>,
}

fn two() -> usize {
    2
}

struct EmptySection {
    fragment_chars: usize,
    complete: Vec<String>,
    min_filled: usize,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    Ok(Arc::new(EmptySection {
        fragment_chars: params.fragment_chars,
        complete: params.complete,
        min_filled: params.min_filled,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

/// What stands under a heading, up to the next Markdown heading.
enum Body {
    /// A deeper heading comes first: the section's content is its subsections.
    Subsections,
    Empty,
    Fragment,
    Filled,
}

const SENTENCE_ENDS: [char; 6] = ['。', '！', '？', '.', '!', '?'];

impl Check for EmptySection {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lines = &ctx.doc.lines;
        let first_text = lines
            .iter()
            .position(|l| !l.is_blank() && !ctx.is_junk(l.span().start));
        let headings: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                lines[i].markdown_level().is_some()
                    && !lines[i].is_blank()
                    && !ctx.is_junk(lines[i].span().start)
            })
            .collect();
        let mut filled = 0;
        let mut unfinished: Vec<Span> = Vec::new();
        for (k, &at) in headings.iter().enumerate() {
            let level = lines[at].markdown_level().unwrap_or(0);
            let next = headings.get(k + 1).copied();
            // The file's own lines: what Markdown masking blanks or shortens (a code block,
            // an image, a link) is content too.
            let body: Vec<&str> = lines[at + 1..next.unwrap_or(lines.len())]
                .iter()
                .filter(|l| !ctx.is_junk(l.span().start))
                .map(|l| {
                    ctx.raw
                        .get(l.span())
                        .unwrap_or("")
                        .trim_matches(crate::analysis::text::is_blank)
                })
                .filter(|s| !s.is_empty())
                .collect();
            let deeper = next.is_some_and(|n| lines[n].markdown_level().unwrap_or(0) > level);
            match self.body(&body, deeper) {
                Body::Filled => filled += 1,
                Body::Subsections => {}
                Body::Empty | Body::Fragment if Some(at) != first_text => {
                    let content = &lines[at].content();
                    let text =
                        ctx.text[content.clone()].trim_end_matches(crate::analysis::text::is_blank);
                    unfinished.push(content.start..content.start + text.len());
                }
                Body::Empty | Body::Fragment => {}
            }
        }
        if filled < self.min_filled || unfinished.len() > filled {
            return;
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !unfinished.is_empty());
        for span in unfinished {
            if filter.keep(&span) {
                let found = &ctx.text[span.clone()];
                out.push(ctx.diagnostic(rule, span, &[("match", found)]));
            }
        }
    }
}

impl EmptySection {
    fn body(&self, body: &[&str], deeper: bool) -> Body {
        match body {
            [] if deeper => Body::Subsections,
            [] => Body::Empty,
            [only]
                if !deeper
                    && only.chars().count() <= self.fragment_chars
                    && !only.ends_with(SENTENCE_ENDS)
                    && !self.complete.iter().any(|c| c == only) =>
            {
                Body::Fragment
            }
            _ => Body::Filled,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{h, run_toml};

    const RULE: &str = r#"
[[rule]]
code = "ZJ995"
name = "test-empty-section"
category = "placeholder"
severity = "warning"
kind = "empty-section"
message = "“{match}”"
help = "补写"
complete = ["无"]
"#;

    #[test]
    fn empty_and_fragment_sections_are_reported() {
        let text = "# 总结\n## 一、成效\n完成了任务。\n## 二、问题\n无\n## 三、运维\n\n## 四、培训\n为\n## 五、计划\n### （一）学习\n认真学习。\n## 六、团队\n";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(6, 4, "三、运维"),
                h(8, 4, "四、培训"),
                h(13, 4, "六、团队")
            ]
        );
    }

    #[test]
    fn an_outline_is_quiet() {
        let text = "# 计划\n## 一、学习\n## 二、运维\n## 三、培训\n### （一）新人\n";
        assert_eq!(run_toml(RULE, text), vec![]);
        // Nor more empty sections than filled ones.
        let text = "## 一\n写了。\n## 二\n写了。\n## 三\n## 四\n## 五\n";
        assert_eq!(run_toml(RULE, text), vec![]);
    }

    #[test]
    fn plain_text_headings_are_not_markdown_sections() {
        let text = "一、成效\n完成了任务。\n二、运维\n三、培训\n完成了培训。\n";
        assert_eq!(run_toml(RULE, text), vec![]);
    }

    #[test]
    fn markdown_code_blocks_and_images_are_content() {
        let mut catalogue = crate::catalogue::Catalogue::default();
        catalogue.add_file("t.toml", RULE).expect("rule loads");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let text = "# 总结\n## 一、成效\n完成了任务。\n## 二、架构\n![图](a.png)\n\
                    ## 三、脚本\n```\nx\n```\n## 四、问题\n写了。\n## 五、运维\n";
        let source = crate::source::Source::new("a.md", text);
        let found: Vec<String> = crate::lint::lint(&source, &settings)
            .into_iter()
            .map(|d| text[d.span()].to_string())
            .collect();
        assert_eq!(found, vec!["五、运维"]);
    }

    #[test]
    fn unknown_parameters_are_errors() {
        let rule = RULE.replace("complete =", "completed =");
        assert!(crate::catalogue::Catalogue::default()
            .add_file("t.toml", &rule)
            .is_err());
    }
}
