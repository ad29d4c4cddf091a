//! Check kind `numbering-style`: one level written in one form throughout a document (`1.`
//! beside `1、`, `（一）` beside `(一)`).
//!
//! Parameters:
//! - `accept_arabic_dun` (bool, default false): `1、` is an accepted form of level 3.
//! - `accept_half_width_brackets` (bool, default false): `(一)` `(1)` are accepted forms.
//! - `fix_title`: the title of the fix (`{expected}`).
//!
//! In each document (segment) and each level, the form most markers use is the majority; the
//! other markers are reported and fixed to it. When the majority itself is wrong and a
//! `marker-form` rule for marks runs, that rule reports those markers and this check stays
//! quiet, so a marker is never reported by both kinds (`marker-form` skips the markers
//! reported here). A rule that does not run is not deferred to.

use super::{params, Check, Context};
use crate::analysis::outline::{emphasised, is_split, marker_text, minorities, Accept};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Edit};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    accept_arabic_dun: bool,
    #[serde(default)]
    accept_half_width_brackets: bool,
    #[serde(default)]
    fix_title: Option<String>,
}

impl Params {
    fn accept(&self) -> Accept {
        Accept {
            accept_arabic_dun: self.accept_arabic_dun,
            accept_half_width_brackets: self.accept_half_width_brackets,
        }
    }
}

struct NumberingStyle {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(NumberingStyle {
        params: params(table)?,
    }))
}

impl Check for NumberingStyle {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        // A wrong majority form is left to a running `marker-form` rule that reports wrong
        // marks (which then reports each of those markers); without one, the mix of forms is
        // still this rule's to report.
        let marks_checked = ctx.running_of_kind("marker-form").any(|rule| {
            rule.params
                .get("target")
                .and_then(|t| t.as_str())
                .is_none_or(|t| t == "delimiter")
        });
        for minority in minorities(ctx, self.params.accept(), marks_checked) {
            let heading = &headings[minority.heading];
            let example = &headings[minority.example];
            // Emphasis is masked out of the text: name it as the writer typed it.
            let emphasis = emphasised(ctx, heading);
            let found = match emphasis {
                true => format!("**{}**", marker_text(ctx.text, heading)),
                false => marker_text(ctx.text, heading),
            };
            let majority = example.style.describe(example.family);
            // Rewrite the brackets and the mark around the numeral as the majority writes them.
            let text = ctx.text;
            let piece = |a: usize, b: usize| text.get(a..b).unwrap_or("").to_string();
            let prefix = piece(example.marker().start, example.numeral().start);
            let suffix = piece(example.numeral().end, example.marker().end);
            let numeral = piece(heading.numeral().start, heading.numeral().end);
            let expected = format!("{prefix}{numeral}{suffix}");
            let args = [
                ("found", found.as_str()),
                ("majority", majority.as_str()),
                ("expected", expected.as_str()),
            ];
            let mut diagnostic = ctx.diagnostic(rule, heading.marker(), &args);
            // Deleting the emphasis edits markup, which a fix never does; a Word automatic
            // number is no text to edit.
            let automatic = ctx.is_automatic(&heading.marker());
            if !is_split(heading) && !is_split(example) && !emphasis && !automatic {
                let mut edits = Vec::new();
                if text.get(heading.marker().start..heading.numeral().start)
                    != Some(prefix.as_str())
                {
                    edits.push(Edit {
                        span: heading.marker().start..heading.numeral().start,
                        replacement: crate::diagnostic::interned(prefix.clone()),
                    });
                }
                if text.get(heading.numeral().end..heading.marker().end) != Some(suffix.as_str()) {
                    edits.push(Edit {
                        span: heading.numeral().end..heading.marker().end,
                        replacement: crate::diagnostic::interned(suffix.clone()),
                    });
                }
                let title = match &self.params.fix_title {
                    Some(title) => super::fill(title, &args),
                    None => diagnostic.help.to_string(),
                };
                diagnostic.fix = ctx.fix(rule, title, edits);
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn a_wrong_majority_is_reported_when_no_rule_checks_marks() {
        use crate::config::{CliOverrides, Config};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("zjlint.toml");
        std::fs::write(&path, "[rules]\nignore = [\"ZJ106\"]\n").expect("write config");
        let config = Config::load(&path, &CliOverrides::default()).expect("config loads");
        let settings = config.settings_for(None).expect("settings");
        let text = "1、甲\n2、乙\n3.丙\n";
        let found: Vec<_> =
            crate::lint::lint(&crate::source::Source::new("t.txt", text), &settings)
                .into_iter()
                .filter(|d| d.code() == "ZJ105")
                .map(|d| (text[d.span()].to_string(), d.message.to_string()))
                .collect();
        assert_eq!(
            found,
            [(
                "3.".to_string(),
                "同级编号写法不一致：此处是“3.”，本文同级编号用的是“1、”".to_string()
            )]
        );
        // With ZJ106 on, the wrong majority is its to report.
        assert!(run("ZJ105", text).is_empty());
    }

    #[test]
    fn the_fix_uses_the_majority_form() {
        let text = "1.甲\n2、乙\n3.丙\n";
        let catalogue = crate::catalogue::Catalogue::builtin().unwrap();
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let diagnostics = crate::lint::lint(&crate::source::Source::new("t", text), &settings);
        let d = diagnostics.iter().find(|d| d.code() == "ZJ105").unwrap();
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(&text[fix.edits[0].span.clone()], "、");
        assert_eq!(fix.edits[0].replacement, ".");
    }
}
