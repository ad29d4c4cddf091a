//! Check kind `substitution`: report each wrong phrase of a wrong → right table, with a fix
//! that writes the right one.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ903"
//! name = "my-substitutions"
//! category = "wording"
//! severity = "warning"
//! kind = "substitution"
//! message = "“{match}”应为“{replacement}”"
//! help = "改为“{replacement}”"
//! # Required: wrong → right, as a table ...
//! [rule.replace]
//! "科学进展观" = "科学发展观"
//! "原那么" = "原则"
//! # ... or as a list of pairs (same meaning):
//! # replace = [["科学进展观", "科学发展观"], ["原那么", "原则"]]
//!
//! # Optional, as in `phrase`:
//! # exclude = ['…']          contexts (regexes) that veto an overlapping finding
//! # ascii_boundaries = true  ASCII words only match whole
//! # ignore_case = false      ASCII case-insensitive matching
//! # after = '[0-9]|今年'       a regex: report only where it matches right after the wrong
//! #                          phrase (`截止` → `截至` before a time point, not in `截止日期`)
//! # min_distinct = 2         report only in a document that shows at least this many
//! #                          different wrong phrases (default 1): words that are right alone
//! #                          but show a foreign vocabulary together (`画面` + `端末`)
//! ```
//!
//! `{match}` is the wrong text found, `{replacement}` the right one. Every finding carries an
//! UNSAFE fix (a word swap may change the meaning; a person should look). Matching is
//! leftmost-longest, so a longer wrong phrase wins over a shorter one inside it. Where the text
//! already reads as the replacement (`right` contains `wrong`, e.g. `十四五` → `“十四五”`), nothing is
//! reported, so applying the fix twice changes nothing. Only prose is searched (no junk lines,
//! heading markers, addresses, markup), and a span already reported by an earlier rule of the
//! same category is not reported again.

use super::{Check, Context, LazyRegex};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::phrases::Phrases;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(untagged)]
enum Replace {
    Table(BTreeMap<String, String>),
    Pairs(Vec<(String, String)>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    replace: Replace,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default = "yes")]
    ascii_boundaries: bool,
    #[serde(default)]
    ignore_case: bool,
    #[serde(default)]
    after: Option<String>,
    #[serde(default = "one")]
    min_distinct: usize,
}

fn one() -> usize {
    1
}

fn yes() -> bool {
    true
}

struct Substitution {
    wrong: Phrases,
    right: Vec<String>,
    excludes: Excludes,
    /// Anchored at the end of the wrong phrase: the context it must be followed by.
    after: Option<LazyRegex>,
    /// The fewest different wrong phrases a document must show to be reported.
    min_distinct: usize,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    let pairs: Vec<(String, String)> = match params.replace {
        Replace::Table(table) => table.into_iter().collect(),
        Replace::Pairs(pairs) => pairs,
    };
    if let Some((wrong, _)) = pairs.iter().find(|(w, r)| w == r) {
        return Err(format!("replace 中“{wrong}”的替换与原文相同"));
    }
    let (wrong, right): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
    Ok(Arc::new(Substitution {
        wrong: Phrases::new(
            "replace",
            &wrong,
            params.ascii_boundaries,
            params.ignore_case,
        )?,
        right,
        excludes: Excludes::new(&params.exclude)?,
        after: params
            .after
            .map(|after| {
                // Compiled alone first: `a)|(b` would otherwise escape the anchor.
                LazyRegex::new(after.clone())
                    .and_then(|_| LazyRegex::new(format!("^(?:{after})")))
                    .map_err(|e| format!("after 中的正则表达式“{after}”有误：{e}"))
            })
            .transpose()?,
        min_distinct: params.min_distinct,
    }))
}

impl Check for Substitution {
    fn compile_fully(&self) {
        if let Some(after) = &self.after {
            after.regex();
        }
    }

    fn is_compiled(&self) -> bool {
        self.after.as_ref().is_none_or(LazyRegex::is_compiled)
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let hits = self.wrong.find(text, || ctx.occurrences(text));
        if hits.is_empty() {
            return;
        }
        let prose = ctx.prose();
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, true);
        let mut found_here = Vec::new();
        for (index, span) in hits {
            let Some(right) = self.right.get(index) else {
                continue;
            };
            let found = &text[span.clone()];
            let followed = self
                .after
                .as_ref()
                .is_none_or(|after| after.is_match(&text[span.end..]));
            if !followed
                || already_right(text, span.start, found, right)
                || !prose.contains(&span)
                || !filter.keep(&span)
            {
                continue;
            }
            found_here.push((index, span, right));
        }
        let distinct: std::collections::BTreeSet<usize> =
            found_here.iter().map(|(index, _, _)| *index).collect();
        if distinct.len() < self.min_distinct {
            return;
        }
        for (_, span, right) in found_here {
            out.push(ctx.replacement_diagnostic(rule, span, right));
        }
    }
}

/// Does the text around `start` already read `right` (which contains `found`)?
fn already_right(text: &str, start: usize, found: &str, right: &str) -> bool {
    right.match_indices(found).any(|(offset, _)| {
        start
            .checked_sub(offset)
            .and_then(|from| text.get(from..))
            .is_some_and(|rest| rest.starts_with(right))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, lint_toml, run_toml};
    use crate::diagnostic::{Applicability, Edit};

    const RULE: &str = r#"
[[rule]]
code = "ZJ997"
name = "test-substitution"
category = "wording"
severity = "warning"
kind = "substitution"
message = "“{match}”应为“{replacement}”"
help = "改为“{replacement}”"
exclude = ['进展观察']
[rule.replace]
"科学进展观" = "科学发展观"
"进展观" = "发展观"
"广阔干部" = "广大干部"
"十四五" = "“十四五”"
"#;

    #[test]
    fn a_users_regex_too_large_for_the_engine_is_an_error_when_it_loads() {
        let huge = RULE.replace(
            "exclude = ['进展观察']",
            "exclude = ['进展观察']\nafter = '\\w{1000}{1000}'",
        );
        let error = Catalogue::default()
            .add_file("t.toml", &huge)
            .expect_err("too large to compile");
        assert!(error.to_string().contains("太大"), "{error}");
        let fine = RULE.replace(
            "exclude = ['进展观察']",
            "exclude = ['进展观察']\nafter = '[0-9]'",
        );
        assert!(Catalogue::default().add_file("t.toml", &fine).is_ok());
    }

    /// Apply every fix to `text`.
    fn apply(text: &str, diagnostics: &[Diagnostic]) -> String {
        let mut edits: Vec<&Edit> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| &f.edits)
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for edit in edits {
            out.replace_range(edit.span.clone(), &edit.replacement);
        }
        out
    }

    #[test]
    fn reports_wrong_phrases_with_replacement_and_unsafe_fix() {
        let text = "𠀀坚持以科学进展观统领全局，广阔干部\n坚持进展观；进展观察站；“十四五”与十四五";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(1, 5, "科学进展观"),
                h(1, 15, "广阔干部"),
                h(2, 3, "进展观"),
                h(2, 19, "十四五"),
            ]
        );
        let diagnostics = lint_toml(RULE, text);
        assert_eq!(diagnostics[0].message, "“科学进展观”应为“科学发展观”");
        let fix = diagnostics[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let fixed = apply(text, &diagnostics);
        assert_eq!(
            fixed,
            "𠀀坚持以科学发展观统领全局，广大干部\n坚持发展观；进展观察站；“十四五”与“十四五”"
        );
        assert!(lint_toml(RULE, &fixed).is_empty(), "fixing is idempotent");
    }

    #[test]
    fn correct_text_is_quiet() {
        assert!(run_toml(RULE, "坚持以科学发展观统领全局，广大干部。“十四五”规划").is_empty());
    }

    #[test]
    fn replace_may_be_a_list_of_pairs() {
        let rule = RULE
            .split("[rule.replace]")
            .next()
            .unwrap_or_default()
            .to_string()
            + "replace = [[\"原那么\", \"原则\"], [\"效劳\", \"服务\"]]\n";
        assert_eq!(
            run_toml(&rule, "坚持原那么，为人民效劳"),
            vec![h(1, 3, "原那么"), h(1, 10, "效劳")]
        );
    }

    #[test]
    fn after_is_the_context_that_must_follow() {
        let rule = RULE
            .split("[rule.replace]")
            .next()
            .unwrap_or_default()
            .to_string()
            + "after = '[0-9]|今年'\nreplace = [[\"截止到\", \"截至\"], [\"截止\", \"截至\"]]\n";
        assert_eq!(
            run_toml(
                &rule,
                "截止2023年底，截止日期为5月，截止到今年6月\n报名截止"
            ),
            vec![h(1, 1, "截止"), h(1, 18, "截止到")]
        );
        let bad = rule.replace("after = '[0-9]|今年'", "after = '(['");
        assert!(Catalogue::default().add_file("t.toml", &bad).is_err());
    }

    #[test]
    fn min_distinct_needs_that_many_different_wrong_phrases() {
        let rule = RULE
            .split("[rule.replace]")
            .next()
            .unwrap_or_default()
            .to_string()
            + "min_distinct = 2\nreplace = [[\"画面\", \"界面\"], [\"端末\", \"终端\"]]\n";
        assert_eq!(run_toml(&rule, "画面很美。画面清晰。"), vec![]);
        assert_eq!(
            run_toml(&rule, "画面很美。\n端末的画面"),
            vec![h(1, 1, "画面"), h(2, 1, "端末"), h(2, 4, "画面")]
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        let same = RULE.replace("\"广阔干部\" = \"广大干部\"", "\"广大干部\" = \"广大干部\"");
        assert!(Catalogue::default().add_file("t.toml", &same).is_err());
        let missing = RULE.split("[rule.replace]").next().unwrap_or_default();
        assert!(Catalogue::default().add_file("t.toml", missing).is_err());
        let odd = RULE
            .split("[rule.replace]")
            .next()
            .unwrap_or_default()
            .to_string()
            + "replace = [[\"a\"]]\n";
        assert!(Catalogue::default().add_file("t.toml", &odd).is_err());
    }

    #[test]
    fn an_after_that_escapes_its_anchor_is_an_error() {
        let rule = RULE
            .split("[rule.replace]")
            .next()
            .unwrap_or_default()
            .to_string()
            + "after = '年)|(月'\nreplace = [[\"截止\", \"截至\"]]\n";
        assert!(Catalogue::default().add_file("t.toml", &rule).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["截止", "截止到", "2023年", "今年", "再接再励", "一如继往", "再", "1月出", "端末", "画面", "十四五", "。", "\n", " ", "𠀀"])) {
            for code in ["ZJ652", "ZJ653", "ZJ654", "ZJ655", "ZJ612"] {
                crate::checks::testing::assert_sound(code, &text);
            }
        }
    }
}
