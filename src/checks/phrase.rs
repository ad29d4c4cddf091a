//! Check kind `phrase`: report every occurrence of a list of literal phrases.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ902"
//! name = "my-phrases"
//! category = "placeholder"
//! severity = "error"
//! kind = "phrase"
//! message = "模板提示语“{match}”没有删除"
//! help = "删去“{match}”"
//! # Literal phrases, required. Where two overlap, the longer one is reported.
//! phrases = ["此处加盖公章", "待补充", "TODO"]
//! # Optional: regular expressions for contexts that are not faults; a finding they overlap
//! # is dropped.
//! exclude = ['有待补充']
//! # Optional, default true: a phrase that begins (ends) with an ASCII letter or digit is not
//! # reported when an ASCII letter or digit comes right before (after) it, so `TODO` does not
//! # fire inside `TODOS`. Chinese phrases are not affected.
//! ascii_boundaries = true
//! # Optional, default false: match ASCII letters without regard to case.
//! ignore_case = false
//! ```
//!
//! `{match}` in message and help is the text found. Matching is leftmost-longest with
//! Aho-Corasick, built once: one pass over the text whatever the number of phrases. As with
//! `pattern`, junk lines are skipped and a span already reported by an earlier rule of the same
//! category is not reported again.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::phrases::Phrases;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    phrases: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default = "yes")]
    ascii_boundaries: bool,
    #[serde(default)]
    ignore_case: bool,
}

fn yes() -> bool {
    true
}

struct Phrase {
    phrases: Phrases,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    Ok(Arc::new(Phrase {
        phrases: Phrases::new(
            "phrases",
            &params.phrases,
            params.ascii_boundaries,
            params.ignore_case,
        )?,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

impl Check for Phrase {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let hits = self.phrases.find(ctx.text, || ctx.occurrences(ctx.text));
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !hits.is_empty());
        for (_, span) in hits {
            if filter.keep(&span) {
                let found = &ctx.text[span.clone()];
                out.push(ctx.diagnostic(rule, span, &[("match", found)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, run_toml};

    const RULE: &str = r#"
[[rule]]
code = "ZJ998"
name = "test-phrase"
category = "placeholder"
severity = "error"
kind = "phrase"
message = "“{match}”"
help = "删去“{match}”"
phrases = ["待补充", "补充", "TODO", "此处加盖公章"]
exclude = ['有待补充']
"#;

    #[test]
    fn longest_phrase_wins_and_exclude_vetoes() {
        let text = "𠀀工作打算：待补充。\n有待补充完善；TODO：核对；TODOS；（此处加盖公章）";
        assert_eq!(
            run_toml(RULE, text),
            vec![h(1, 7, "待补充"), h(2, 8, "TODO"), h(2, 23, "此处加盖公章")]
        );
    }

    #[test]
    fn ignore_case_and_boundaries_are_options() {
        let rule = RULE.replace(
            "exclude =",
            "ignore_case = true\nascii_boundaries = false\nexclude =",
        );
        assert_eq!(
            run_toml(&rule, "todo TODOS"),
            vec![h(1, 1, "todo"), h(1, 6, "TODO")]
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        let empty = RULE.replace(r#"["待补充", "补充", "TODO", "此处加盖公章"]"#, "[]");
        assert!(Catalogue::default().add_file("t.toml", &empty).is_err());
        let unknown = RULE.replace("exclude =", "phrase = []\nexclude =");
        assert!(Catalogue::default().add_file("t.toml", &unknown).is_err());
    }

    #[test]
    fn template_phrases_in_real_text_are_quiet() {
        let text = "机制有待补充完善。TODOS, TBDX。";
        assert_eq!(crate::checks::testing::run("ZJ309", text), vec![]);
    }

    // ZJ309 template-phrase
    #[test]
    fn template_phrases() {
        // Line 2 is reported whole by ZJ308 (template-note), which runs first.
        let text =
            "三、下一步工作打算：待补充。\n单位（此处加盖公章）\n落款：此处加盖公章\nTODO 核对数据";
        assert_eq!(
            crate::checks::testing::run("ZJ309", text),
            vec![h(1, 11, "待补充"), h(3, 4, "此处加盖公章"), h(4, 1, "TODO")]
        );
    }
}
