//! Check kind `genre-word`: words of another genre in the body of a document whose title names
//! its genre: `在实习期间，我…` in a 年度总结 that is not an internship summary.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-genre-word"
//! category = "consistency"
//! severity = "warning"
//! kind = "genre-word"
//! message = "标题是“{title}”，正文却说“{match}”"
//! help = "核对这句话是不是从别的稿子套来的"
//! # Required: the title must match this expression (the document's genre) …
//! title = '年度总结|年终总结'
//! # … and must not match this one (a title of the other genre).
//! title_not = '实习|见习'
//! # Required: what the body must not say; a group `hit` marks the reported text.
//! patterns = ['在(?P<hit>实习期间)[，,]?我']
//! ```
//!
//! `{title}` is the part of the title that matched `title`, `{match}` the text found. The title
//! is the document's title line; only prose outside it is read.

use super::{Check, Context};
use crate::analysis::matching::compile_all;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    title: String,
    title_not: String,
    patterns: Vec<String>,
}

struct GenreWord {
    title: Regex,
    title_not: Regex,
    patterns: Vec<Regex>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    if p.patterns.is_empty() {
        return Err("patterns 不能为空".into());
    }
    Ok(Arc::new(GenreWord {
        title: Regex::new(&p.title).map_err(|e| format!("title：{e}"))?,
        title_not: Regex::new(&p.title_not).map_err(|e| format!("title_not：{e}"))?,
        patterns: compile_all("patterns", &p.patterns)?,
    }))
}

impl Check for GenreWord {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(title_span) = ctx.title.clone() else {
            return;
        };
        let title = &ctx.text[title_span.clone()];
        let Some(genre) = self.title.find(title) else {
            return;
        };
        if self.title_not.is_match(title) {
            return;
        }
        for span in ctx.prose().spans() {
            if span.start < title_span.end && title_span.start < span.end {
                continue;
            }
            let text = &ctx.text[span.clone()];
            for pattern in &self.patterns {
                for caps in pattern.captures_iter(text) {
                    let Some(hit) = caps.name("hit").or_else(|| caps.get(0)) else {
                        continue;
                    };
                    let at = span.start + hit.start()..span.start + hit.end();
                    out.push(ctx.diagnostic(
                        rule,
                        at,
                        &[("match", hit.as_str()), ("title", genre.as_str())],
                    ));
                }
            }
        }
    }
}
