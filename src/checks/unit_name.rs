//! Check kind `unit-name`: the writer's unit named in the title one way and in the body
//! another. The title names a unit with an ordinal or level before its organisational suffix
//! (`应用支持一部四组`, `院团委`); the body names the same unit with another ordinal or level
//! where it speaks of itself (`应用支持三组共处理`, `在校团委工作已经两年了`).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-unit-name"
//! category = "consistency"
//! severity = "warning"
//! kind = "unit-name"
//! message = "正文的“{match}”与标题的“{title}”不一致"
//! help = "核对单位名称"
//! # Required: a unit name, with the groups `qual` (its ordinal or level) and `suffix`
//! # (the kind of unit). Word classes may be written `{name}` (see `vocabulary`).
//! unit = '(?P<qual>[一二三四]+|[院校])(?P<suffix>{suffix})'
//! vocabulary = { suffix = ["组", "团委"] }
//! # Required: words before and after a mention that make it the writer's own unit
//! # (`在…工作`). A mention whose name before the ordinal repeats the title's (`应用支持`)
//! # needs no such words.
//! before = ["在"]
//! after = ["工作"]
//! # Optional: how many characters of Chinese before the ordinal make the name's stem (default 6).
//! stem_chars = 6
//! ```
//!
//! `{match}` is the body's name, `{title}` the title's. The title is the document's title line;
//! its first unit name with an ordinal or level is the writer's unit. The stem is the run of
//! Chinese characters right before the ordinal (at most `stem_chars`). A body mention is reported
//! when it has the same suffix and another ordinal (not a part of the title's: `四组` for
//! `一部四组`), and either the title's stem has two characters or more and
//! the mention's stem ends with it (`应用支持二组` against `应用支持一部四组`), or the mention
//! stands between a word of `before` and a word of `after`. Only prose is read.

use super::{expand_vocabulary, Check, Context};
use crate::analysis::text::is_han;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    unit: String,
    #[serde(default)]
    vocabulary: BTreeMap<String, Vec<String>>,
    before: Vec<String>,
    after: Vec<String>,
    #[serde(default = "six")]
    stem_chars: usize,
}

fn six() -> usize {
    6
}

struct UnitName {
    unit: Regex,
    before: Vec<String>,
    after: Vec<String>,
    stem_chars: usize,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let unit = expand_vocabulary(&p.unit, &p.vocabulary)?;
    let unit = Regex::new(&unit).map_err(|e| format!("unit：{e}"))?;
    let names: Vec<_> = unit.capture_names().flatten().collect();
    if !names.contains(&"qual") || !names.contains(&"suffix") {
        return Err("unit 必须有 qual 和 suffix 两个命名分组".into());
    }
    Ok(Arc::new(UnitName {
        unit,
        before: p.before,
        after: p.after,
        stem_chars: p.stem_chars,
    }))
}

/// A unit name found in a text: its stem, ordinal or level, suffix and span of all three.
struct Unit<'t> {
    stem: &'t str,
    qual: &'t str,
    suffix: &'t str,
    start: usize,
    /// Where `qual` starts (the stem ends there).
    qual_start: usize,
    end: usize,
}

impl UnitName {
    fn units<'t>(&self, text: &'t str) -> Vec<Unit<'t>> {
        self.unit
            .captures_iter(text)
            .filter_map(|c| {
                let qual = c.name("qual")?;
                let suffix = c.name("suffix")?;
                // A rule's pattern may put the suffix first: such a match names no unit here.
                if suffix.start() < qual.end() {
                    return None;
                }
                let head = &text[..qual.start()];
                let stem_len: usize = head
                    .chars()
                    .rev()
                    .take_while(|c| is_han(*c))
                    .take(self.stem_chars)
                    .map(char::len_utf8)
                    .sum();
                Some(Unit {
                    stem: &head[head.len() - stem_len..],
                    qual: qual.as_str(),
                    suffix: suffix.as_str(),
                    start: qual.start() - stem_len,
                    qual_start: qual.start(),
                    end: suffix.end(),
                })
            })
            .collect()
    }

    fn in_own_slot(&self, text: &str, qual_start: usize, end: usize) -> bool {
        let before = &text[..qual_start];
        let after = &text[end..];
        self.before.iter().any(|w| before.ends_with(w.as_str()))
            && self.after.iter().any(|w| after.starts_with(w.as_str()))
    }
}

impl Check for UnitName {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(title_span) = ctx.title.clone() else {
            return;
        };
        let title_text = &ctx.text[title_span.clone()];
        let Some(own) = self.units(title_text).into_iter().next() else {
            return;
        };
        let own_name = &title_text[own.start..own.end];
        for span in ctx.prose().spans() {
            if span.start < title_span.end && title_span.start < span.end {
                continue;
            }
            let text = &ctx.text[span.clone()];
            for unit in self.units(text) {
                if unit.suffix != own.suffix
                    || own.qual.ends_with(unit.qual)
                    || unit.qual.ends_with(own.qual)
                {
                    continue;
                }
                let same_stem = own.stem.chars().count() >= 2 && unit.stem.ends_with(own.stem);
                let reported = if same_stem {
                    unit.qual_start - own.stem.len()
                } else if self.in_own_slot(text, unit.qual_start, unit.end) {
                    unit.qual_start
                } else {
                    continue;
                };
                let at = span.start + reported..span.start + unit.end;
                let name = &ctx.text[at.clone()];
                out.push(ctx.diagnostic(rule, at, &[("match", name), ("title", own_name)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run_toml;

    const RULE: &str = r#"
[[rule]]
code = "ZJ901"
name = "t"
category = "consistency"
severity = "warning"
kind = "unit-name"
message = "{match}/{title}"
help = "h"
unit = '__UNIT__'
before = ["在"]
after = ["工作"]
"#;

    #[test]
    fn a_mention_with_another_ordinal_is_reported_from_its_stem() {
        let rule = RULE.replace("__UNIT__", "(?P<qual>[一二三四]+)(?P<suffix>组)");
        // 应用支持 is 4 characters, so 三组 in line 2 starts the name at column 1.
        let text = "应用支持一组工作总结\n应用支持三组共处理工单。在二组工作。\n";
        assert_eq!(
            run_toml(&rule, text),
            [(2, 1, "应用支持三组".into()), (2, 14, "二组".into())]
        );
    }

    #[test]
    fn a_pattern_with_the_suffix_before_the_ordinal_does_not_panic() {
        // Suffix first, or groups apart: the stem and the reported span must still hold.
        for unit in [
            "(?P<suffix>组)(?P<qual>[一二三四]+)",
            "(?P<qual>[一二三四]+)号(?P<suffix>组)",
        ] {
            let rule = RULE.replace("__UNIT__", unit);
            let text = "应用组一号组工作总结\n应用组二号组共处理工单。在组三工作。\n";
            let _ = run_toml(&rule, text);
        }
    }
}
