//! Check kind `script-mix`: traditional characters in a text that should be in simplified
//! script (`教育督導體系`), with a fix that writes the simplified forms (data/t2s.txt, from
//! OpenCC).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ603"
//! name = "traditional-characters"
//! category = "wording"
//! severity = "warning"
//! kind = "script-mix"
//! message = "“{match}”中有繁体字"
//! help = "改为简体：“{simplified}”"
//! fix = "safe"
//! # Required: `mixed` reports, in a simplified document, each clause's traditional
//! # characters (from the first to the last of them); `document` reports, in a document
//! # written in traditional script (a converted web page), each line that has them.
//! mode = "mixed"
//! # Optional, default 0.1: the share of a document's Han characters that must be
//! # traditional-only for it to be a traditional document.
//! traditional_share = 0.1
//! # Optional: characters the table converts that simplified text writes too
//! # (`覆盖`, `瞭望`, `乾坤`): never counted as traditional.
//! also_simplified = "覆瞭乾"
//! # Optional: traditional characters whose simplified form depends on the word (`畫` is
//! # `画` or `划`): a finding with one of them gets an unsafe fix.
//! several_readings = "畫劃"
//! ```
//!
//! `{match}` is the reported text, `{simplified}` the same text in simplified script. The fix
//! converts only the traditional characters of the finding; it is safe when the table has one
//! reading for each of them, unsafe otherwise. Only the prose view is read.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::script::simplified_char;
use crate::analysis::text::{is_han, CLAUSE_MARKS, SENTENCE_ENDS};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Mixed,
    Document,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    mode: Mode,
    #[serde(default = "default_share")]
    traditional_share: f64,
    #[serde(default)]
    also_simplified: String,
    #[serde(default)]
    several_readings: String,
}

fn default_share() -> f64 {
    0.1
}

struct ScriptMix {
    mode: Mode,
    share: f64,
    also_simplified: HashSet<char>,
    several_readings: HashSet<char>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if !(params.traditional_share > 0.0 && params.traditional_share <= 1.0) {
        return Err("traditional_share 应在 0 与 1 之间".into());
    }
    Ok(Arc::new(ScriptMix {
        mode: params.mode,
        share: params.traditional_share,
        also_simplified: params.also_simplified.chars().collect(),
        several_readings: params.several_readings.chars().collect(),
    }))
}

impl ScriptMix {
    fn is_traditional(&self, c: char) -> bool {
        !c.is_ascii() && simplified_char(c) != c && !self.also_simplified.contains(&c)
    }

    /// Is the document written in traditional script?
    fn traditional_document(&self, ctx: &Context) -> bool {
        let (mut han, mut traditional) = (0usize, 0usize);
        for span in ctx.prose().spans() {
            for c in ctx.text[span.clone()].chars().filter(|&c| is_han(c)) {
                han += 1;
                traditional += usize::from(self.is_traditional(c));
            }
        }
        han > 0 && traditional as f64 >= self.share * han as f64
    }

    /// The spans to report: per clause (mixed) or per line (document), from the first to the
    /// last traditional character.
    fn findings(&self, ctx: &Context) -> Vec<Span> {
        let text = ctx.text;
        let mut found: Vec<Span> = Vec::new();
        // The part being gathered: (span so far, the line it is on).
        let mut open: Option<(Span, usize)> = None;
        let line_of = |at: usize| ctx.doc.lines.partition_point(|l| l.span.start <= at);
        for span in ctx.prose().spans() {
            for (at, c) in text[span.clone()].char_indices() {
                let at = span.start + at;
                let ends_clause = CLAUSE_MARKS.contains(&c) || SENTENCE_ENDS.contains(&c);
                if self.mode == Mode::Mixed && ends_clause {
                    found.extend(open.take().map(|(s, _)| s));
                }
                if !self.is_traditional(c) {
                    continue;
                }
                let end = at + c.len_utf8();
                let line = line_of(at);
                match open.as_mut() {
                    Some((s, l)) if *l == line => s.end = end,
                    _ => {
                        found.extend(open.take().map(|(s, _)| s));
                        open = Some((at..end, line));
                    }
                }
            }
            if self.mode == Mode::Mixed {
                found.extend(open.take().map(|(s, _)| s));
            }
        }
        found.extend(open.map(|(s, _)| s));
        found
    }
}

impl Check for ScriptMix {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let wanted = match self.mode {
            Mode::Mixed => false,
            Mode::Document => true,
        };
        if self.traditional_document(ctx) != wanted {
            return;
        }
        let found = self.findings(ctx);
        let no_excludes = Excludes::none();
        let mut filter = Filter::new(ctx, rule, out, &no_excludes, !found.is_empty());
        for span in found {
            if !filter.keep(&span) {
                continue;
            }
            let original = &ctx.text[span.clone()];
            let mut edits = Vec::new();
            let mut unsure = false;
            for (at, c) in original.char_indices() {
                if self.is_traditional(c) {
                    unsure |= self.several_readings.contains(&c);
                    let at = span.start + at;
                    edits.push(Edit {
                        span: at..at + c.len_utf8(),
                        replacement: simplified_char(c).to_string(),
                    });
                }
            }
            let converted: String = original
                .chars()
                .map(|c| {
                    if self.is_traditional(c) {
                        simplified_char(c)
                    } else {
                        c
                    }
                })
                .collect();
            let fix = Fix {
                title: "改为简体字".to_string(),
                edits,
                applicability: if unsure {
                    Applicability::Unsafe
                } else {
                    Applicability::Safe
                },
            };
            let shown = super::excerpt(original);
            let shown_simplified = super::excerpt(&converted);
            out.push(ctx.diagnostic_with_fix(
                rule,
                span,
                &[("match", &shown), ("simplified", &shown_simplified)],
                fix,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::accepts;

    #[test]
    fn bad_parameters_are_errors() {
        assert!(accepts(super::build, r#"mode = "mixed""#).is_ok());
        assert!(accepts(super::build, r#"mode = "document""#).is_ok());
        assert!(accepts(super::build, r#"mode = "all""#).is_err());
        assert!(accepts(super::build, "mode = \"mixed\"\ntraditional_share = 0.0").is_err());
        assert!(accepts(super::build, "mode = \"mixed\"\ntraditional_share = 1.5").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["點擊", "下載", "體系", "畫", "劃", "覆", "乾", "教育", "。", "，", "\n", "\r\n", " ", "𠀀"])) {
            for code in ["ZJ603", "ZJ604"] {
                crate::checks::testing::assert_sound(code, &text);
            }
        }
    }
}
