//! Check kind `lookalike-ideograph`: characters that look like Chinese characters but are
//! not the unified ideographs (Kangxi radicals `⽂` U+2F42, CJK compatibility ideographs,
//! radicals of the CJK radicals supplement `⻓`), as copying from a PDF leaves them.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ605"
//! name = "kangxi-radical"
//! category = "wording"
//! severity = "warning"
//! kind = "lookalike-ideograph"
//! message = "“{match}”是外形相同的部首或兼容字符（{codepoints}），不是汉字“{expected}”"
//! help = "换成汉字“{expected}”"
//! fix = "safe"
//! # Required: `normalizable` reports the characters that Unicode normalization (NFKC) maps
//! # to a unified ideograph, with a safe fix that writes it; `radical` reports the radicals
//! # of the CJK radicals supplement that have no such mapping, without a fix.
//! target = "normalizable"
//! ```
//!
//! A run of neighbouring such characters is one finding. `{match}` is the run, `{codepoints}`
//! its code points (`U+2F42`), `{expected}` the run normalized (`radical`: the run itself).
//! Only the prose view is read: a heading's marker (`⼀、`) is the numbering rules' finding.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Target {
    Normalizable,
    Radical,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    target: Target,
}

struct Lookalike {
    target: Target,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    Ok(Arc::new(Lookalike {
        target: params.target,
    }))
}

/// The unified ideograph NFKC gives for `c`, when `c` is a radical or compatibility form.
fn normalized(c: char) -> Option<char> {
    if !crate::analysis::text::is_lookalike_block(c) {
        return None;
    }
    let mut out = std::iter::once(c).nfkc();
    let first = out.next()?;
    (out.next().is_none() && first != c).then_some(first)
}

impl Lookalike {
    fn matches(&self, c: char) -> bool {
        match self.target {
            Target::Normalizable => normalized(c).is_some(),
            Target::Radical => matches!(c, '\u{2E80}'..='\u{2EFF}') && normalized(c).is_none(),
        }
    }
}

impl Check for Lookalike {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut runs: Vec<Span> = Vec::new();
        // Only the characters of the look-alike blocks can match: the parse noted where they
        // are (their first bytes are those of every Chinese mark and quote, which a search
        // for them in the text stopped at).
        let noted = &ctx.doc.lookalikes;
        let mut next = 0;
        for span in ctx.prose().spans() {
            next += noted[next..].partition_point(|&at| (at as usize) < span.start);
            let inside = noted[next..]
                .iter()
                .take_while(|&&at| (at as usize) < span.end);
            for at in inside.map(|&at| at as usize) {
                let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                    continue;
                };
                if !self.matches(c) {
                    continue;
                }
                match runs.last_mut() {
                    Some(run) if run.end == at => run.end = at + c.len_utf8(),
                    _ => runs.push(at..at + c.len_utf8()),
                }
            }
        }
        let no_excludes = Excludes::none();
        let mut filter = Filter::new(ctx, rule, out, &no_excludes, !runs.is_empty());
        for run in runs {
            if !filter.keep(&run) {
                continue;
            }
            let found = &text[run.clone()];
            let codepoints: Vec<String> = found
                .chars()
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            let codepoints = codepoints.join(" ");
            let expected: String = found.chars().map(|c| normalized(c).unwrap_or(c)).collect();
            let args = [
                ("match", found),
                ("codepoints", codepoints.as_str()),
                ("expected", expected.as_str()),
            ];
            if self.target == Target::Radical {
                out.push(ctx.diagnostic(rule, run, &args));
                continue;
            }
            let fix = Fix {
                title: crate::diagnostic::interned(format!("换成汉字“{expected}”")),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: run.clone(),
                    replacement: crate::diagnostic::interned(expected.clone()),
                }),
                applicability: Applicability::Safe,
            };
            out.push(ctx.diagnostic_with_fix(rule, run, &args, fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn radicals_and_compatibility_ideographs_normalize_to_unified_ideographs() {
        assert_eq!(normalized('⽂'), Some('文'));
        assert_eq!(normalized('⼀'), Some('一'));
        assert_eq!(normalized('\u{F900}'), Some('豈'));
        // No NFKC mapping for most radicals of the supplement, and none for real characters.
        assert_eq!(normalized('⻓'), None);
        assert_eq!(normalized('文'), None);
    }

    #[test]
    fn every_character_matched_is_one_the_parse_notes() {
        let targets = [super::Target::Normalizable, super::Target::Radical];
        for target in targets {
            let check = super::Lookalike { target };
            let matched = (0..=char::MAX as u32)
                .filter_map(char::from_u32)
                .filter(|&c| check.matches(c));
            let mut count = 0;
            for c in matched {
                assert!(crate::analysis::text::is_lookalike_block(c), "{c}");
                count += 1;
            }
            assert!(count > 100);
        }
    }

    #[test]
    fn the_target_is_required() {
        assert!(super::build(&"target = \"radical\"".parse().expect("TOML")).is_ok());
        assert!(super::build(&"target = \"all\"".parse().expect("TOML")).is_err());
        assert!(super::build(&toml::Table::new()).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["⽂", "⼀", "⻓", "\u{F900}", "\u{2F800}", "文", "。", "\n", "一、", " ", "𠀀"])) {
            for code in ["ZJ605", "ZJ606"] {
                crate::checks::testing::assert_sound(code, &text);
            }
        }
    }
}
