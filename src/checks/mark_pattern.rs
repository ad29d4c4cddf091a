//! Check kind `mark-pattern`: report punctuation that regular expressions find in the prose
//! view (running text only: never in heading markers, junk, addresses or Markdown code), with
//! a fix that rewrites the reported marks.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ9xx"
//! name = "my-mark-rule"
//! category = "punctuation"
//! severity = "warning"
//! kind = "mark-pattern"
//! fix = "safe"                 # the findings carry a fix (needs one of the fix parameters)
//! message = "“{match}”……"       # {match}: the reported text; {replacement}: what the fix writes
//! help = "改为“{replacement}”"
//! # Required. As in `pattern`: a named group `hit` is the reported text, the rest context.
//! patterns = ['\p{Han}(?P<hit>,)\p{Han}']
//! # Optional. Contexts that are not faults (a finding they overlap is dropped).
//! exclude = []
//! # The fix, one of:
//! replacement = "……"            # the hit is replaced by this text
//! to_chinese_mark = true         # each ASCII mark of the hit becomes its Chinese mark
//!                                # (`,` → `，`, `.` → `。`), spaces are dropped
//! char_map = { "(" = "（" }       # these characters of the hit are replaced, the rest kept
//! # Optional. Stay quiet on a document whose commas after Han characters are mostly
//! # half-width: it was width-folded by the site or archive it came from (or typed so all
//! # through), and its marks are not the writer's slips one by one.
//! quiet_when_folded = true
//! ```
//!
//! A hit must lie inside one span of the prose view. Findings of one rule never overlap, and a
//! span already reported by an earlier rule of the same category is not reported again.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter, Patterns};
use crate::analysis::text::{chinese_mark, is_space};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Fix};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    replacement: Option<String>,
    #[serde(default)]
    to_chinese_mark: bool,
    #[serde(default)]
    char_map: BTreeMap<char, String>,
    #[serde(default)]
    quiet_when_folded: bool,
}

enum Rewrite {
    None,
    Text(String),
    ChineseMark,
    Map(BTreeMap<char, String>),
}

impl Rewrite {
    fn apply(&self, hit: &str) -> Option<String> {
        match self {
            Rewrite::None => None,
            Rewrite::Text(text) => Some(text.clone()),
            Rewrite::ChineseMark => Some(
                hit.chars()
                    .filter(|&c| !is_space(c))
                    .map(|c| chinese_mark(c).unwrap_or(c))
                    .collect(),
            ),
            Rewrite::Map(map) => Some(
                hit.chars()
                    .map(|c| map.get(&c).cloned().unwrap_or_else(|| c.to_string()))
                    .collect(),
            ),
        }
    }
}

struct MarkPattern {
    patterns: Patterns,
    excludes: Excludes,
    rewrite: Rewrite,
    quiet_when_folded: bool,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    let ways = usize::from(params.replacement.is_some())
        + usize::from(params.to_chinese_mark)
        + usize::from(!params.char_map.is_empty());
    if ways > 1 {
        return Err("replacement、to_chinese_mark、char_map 只能给一个".into());
    }
    let rewrite = if let Some(text) = params.replacement {
        Rewrite::Text(text)
    } else if params.to_chinese_mark {
        Rewrite::ChineseMark
    } else if !params.char_map.is_empty() {
        Rewrite::Map(params.char_map)
    } else {
        Rewrite::None
    };
    Ok(Arc::new(MarkPattern {
        patterns: Patterns::new(&params.patterns)?,
        excludes: Excludes::new(&params.exclude)?,
        rewrite,
        quiet_when_folded: params.quiet_when_folded,
    }))
}

impl Check for MarkPattern {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        if self.quiet_when_folded {
            let (half, full) = ctx.commas_by_width();
            if half > full {
                return;
            }
        }
        let hits = self.patterns.hits(text, ctx.occurrences(text));
        let prose = ctx.prose();
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !hits.is_empty());
        for span in hits {
            if !prose.contains(&span) || !filter.keep(&span) {
                continue;
            }
            let found = &text[span.clone()];
            let replacement = self.rewrite.apply(found);
            let shown = replacement.clone().unwrap_or_default();
            let args = [("match", found), ("replacement", shown.as_str())];
            match (rule.fix, replacement) {
                (Some(applicability), Some(replacement)) if replacement != found => {
                    let fix = Fix::replace(span.clone(), found, &replacement, applicability);
                    out.push(ctx.diagnostic_with_fix(rule, span, &args, fix));
                }
                _ => out.push(ctx.diagnostic(rule, span, &args)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites() {
        assert_eq!(Rewrite::ChineseMark.apply(", ").as_deref(), Some("，"));
        let map = BTreeMap::from([('(', "（".to_string()), (')', "）".to_string())]);
        assert_eq!(
            Rewrite::Map(map).apply("(如玻璃)").as_deref(),
            Some("（如玻璃）")
        );
        assert_eq!(Rewrite::None.apply("x"), None);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let table: toml::Table = toml::from_str("patterns = []").unwrap();
        assert!(build(&table).is_err());
        let table: toml::Table =
            toml::from_str("patterns = ['a']\nreplacement = 'b'\nto_chinese_mark = true").unwrap();
        assert!(build(&table).is_err());
    }
}
