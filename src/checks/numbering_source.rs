//! Check kind `numbering-source`: in a Word document, one run of sibling headings numbered
//! partly by Word's automatic numbering and partly by typed numbers (`1.` `2.` drawn by Word,
//! then `3.` typed). The sequence may read right today, but a typed number does not follow
//! when an item is added or removed, and the two kinds look different in Word's outline.
//!
//! Each change of kind between consecutive siblings (same parent, same marker family) is
//! reported at the later heading. Text files have no automatic numbers: nothing to report.

use super::{params, Check, Context};
use crate::analysis::outline::{marker_text, outline};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::MarkerFamily;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {}

struct NumberingSource;

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    params::<Params>(table)?;
    Ok(Arc::new(NumberingSource))
}

/// How a marker came to be, as the message names it.
fn kind_name(automatic: bool) -> &'static str {
    if automatic {
        "Word 自动编号"
    } else {
        "手打的编号"
    }
}

impl Check for NumberingSource {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if ctx.automatic.is_empty() {
            return;
        }
        let headings = &ctx.doc.headings;
        let tree = outline(ctx);
        // The latest heading of each run of siblings: segment, parent, family.
        let mut latest: HashMap<(usize, Option<usize>, MarkerFamily), usize> = HashMap::new();
        for (i, heading) in headings.iter().enumerate() {
            let Some(section) = tree.get(i).and_then(|s| s.as_ref()) else {
                continue;
            };
            let key = (heading.segment, section.parent, heading.family);
            if let Some(&previous) = latest.get(&key) {
                let before = ctx.is_automatic(&headings[previous].marker);
                let now = ctx.is_automatic(&heading.marker);
                if before != now {
                    let found = marker_text(ctx.text, heading);
                    let previous_marker = marker_text(ctx.text, &headings[previous]);
                    let args = [
                        ("found", found.as_str()),
                        ("kind", kind_name(now)),
                        ("previous", previous_marker.as_str()),
                        ("previous_kind", kind_name(before)),
                    ];
                    out.push(ctx.diagnostic(rule, heading.marker.clone(), &args));
                }
            }
            latest.insert(key, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::docx::fixture::notated;
    use crate::source::Source;

    /// (paragraph, text at the finding) of each ZJ111 finding on a notated document.
    fn run(text: &str) -> Vec<(usize, String)> {
        let settings = crate::lint::Settings::new(std::sync::Arc::new(
            Catalogue::builtin().expect("built-in rules"),
        ));
        let source = Source::of_docx("t.docx", None, &notated(text));
        let report = crate::render::FileReport::of(source.clone(), crate::lint(&source, &settings));
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == "ZJ111")
            .map(|d| {
                let line = report.file.position(d.span.start).line;
                (line, report.file.text()[d.span.clone()].to_string())
            })
            .collect()
    }

    #[test]
    fn a_typed_number_after_automatic_ones() {
        let text = "工作计划\n[自动]1.后台表单化\n[自动]2.数据字典\n3.矢量工具\n";
        assert_eq!(run(text), [(4, "3.".to_string())]);
    }

    #[test]
    fn an_automatic_number_after_typed_ones_covers_its_paragraph() {
        let text = "工作总结\n一、主要工作\n[自动]二、存在问题\n";
        assert_eq!(run(text), [(3, "存在问题".to_string())]);
    }

    #[test]
    fn one_kind_throughout_and_other_levels_are_quiet() {
        let text = "总结\n[自动]一、工作\n1.甲\n2.乙\n[自动]二、问题\n1.丙\n";
        assert!(run(text).is_empty());
        // In a text file nothing is automatic.
        let source = Source::new("t.txt", "一、甲\n二、乙\n3.丙\n");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(
            Catalogue::builtin().expect("built-in rules"),
        ));
        assert!(crate::lint(&source, &settings)
            .iter()
            .all(|d| d.code != "ZJ111"));
    }
}
