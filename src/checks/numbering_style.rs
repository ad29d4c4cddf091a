//! Check kind `numbering-style`: one level written in one form throughout a document (`1.`
//! beside `1、`, `（一）` beside `(一)`).
//!
//! Parameters:
//! - `accept_arabic_dun` (bool, default false): `1、` is an accepted form of level 3.
//! - `accept_half_width_brackets` (bool, default false): `(一)` `(1)` are accepted forms.
//! - `fix_title`: the title of the fix (`{expected}`).
//!
//! In each document (segment) and each level, the form most markers use is the majority; the
//! other markers are reported and fixed to it, but only when the majority form is an accepted
//! one. When the majority itself is wrong, `marker-form` reports those markers and this check
//! stays quiet, so a marker is never reported by both kinds (`marker-form` skips the markers
//! reported here).

use super::{params, Check, Context};
use crate::analysis::outline::{is_split, marker_text, minorities, Accept};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
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
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        for minority in minorities(ctx, self.params.accept()) {
            let heading = &headings[minority.heading];
            let example = &headings[minority.example];
            let found = marker_text(ctx.text, heading);
            let majority = example.style.describe(example.family);
            // Rewrite the brackets and the mark around the numeral as the majority writes them.
            let text = ctx.text;
            let piece = |a: usize, b: usize| text.get(a..b).unwrap_or("").to_string();
            let prefix = piece(example.marker.start, example.numeral.start);
            let suffix = piece(example.numeral.end, example.marker.end);
            let numeral = piece(heading.numeral.start, heading.numeral.end);
            let expected = format!("{prefix}{numeral}{suffix}");
            let args = [
                ("found", found.as_str()),
                ("majority", majority.as_str()),
                ("expected", expected.as_str()),
            ];
            let mut diagnostic = ctx.diagnostic(rule, heading.marker.clone(), &args);
            if !is_split(heading) && !is_split(example) {
                let mut edits = Vec::new();
                if text.get(heading.marker.start..heading.numeral.start) != Some(prefix.as_str()) {
                    edits.push(Edit {
                        span: heading.marker.start..heading.numeral.start,
                        replacement: prefix.clone(),
                    });
                }
                if text.get(heading.numeral.end..heading.marker.end) != Some(suffix.as_str()) {
                    edits.push(Edit {
                        span: heading.numeral.end..heading.marker.end,
                        replacement: suffix.clone(),
                    });
                }
                if !edits.is_empty() {
                    let title = match &self.params.fix_title {
                        Some(title) => super::fill(title, &args),
                        None => diagnostic.help.clone(),
                    };
                    diagnostic.fix = Some(Fix {
                        title,
                        edits,
                        applicability: Applicability::Safe,
                    });
                }
            }
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn mixed_forms_report_the_minority() {
        // Seed 004: `(三)` among `（一）` `（二）` `（四）`.
        let text = "（一）甲\n（二）乙\n(三) 丙\n（四）丁\n";
        assert_eq!(run("ZJ105", text), [(3, 1, "(三)".to_string())]);
        // pages_szzzywl: `1、建立组织` then `2.师资队伍建设`: a tie goes to the standard form.
        let text =
            "二、完善组织,建设团队:\n1、建立组织\n完善机制。\n2.师资队伍建设\n优秀的教师。\n";
        assert_eq!(run("ZJ105", text), [(2, 1, "1、".to_string())]);
        // Reported once: the wrong-mark rule leaves it to this one.
        assert!(run("ZJ106", text).is_empty());
    }

    #[test]
    fn one_form_throughout_is_quiet() {
        assert!(run("ZJ105", "1.甲\n2.乙\n3.丙\n").is_empty());
        // A wrong majority is left to the wrong-mark rule.
        assert!(run("ZJ105", "1、甲\n2、乙\n3.丙\n").is_empty());
    }

    #[test]
    fn the_fix_uses_the_majority_form() {
        let text = "1.甲\n2、乙\n3.丙\n";
        let catalogue = crate::catalogue::Catalogue::builtin().unwrap();
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let diagnostics = crate::lint::lint(&crate::source::Source::new("t", text), &settings);
        let d = diagnostics.iter().find(|d| d.code == "ZJ105").unwrap();
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(&text[fix.edits[0].span.clone()], "、");
        assert_eq!(fix.edits[0].replacement, ".");
    }
}
