//! Check kind `junk-inline`: pieces of web-page junk glued into the text (an injected notice
//! `---本文来源于网络…---`, a stray ASCII quote inside Chinese, `<image>` tags, `(优质8篇)`).
//!
//! Each pattern is a regular expression; its named group `junk`, when present, is the span
//! reported, else the whole match. A pattern may require one of a list of words inside its
//! match, and may be cancelled by what follows or precedes it on the same line.

use super::junk_line::excerpt;
use super::{Check, Context};
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

    #[test]
    fn placeholder() {
        let _ = run;
    }
}
