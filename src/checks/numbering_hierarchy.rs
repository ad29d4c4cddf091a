//! Check kind `numbering-hierarchy`: heading levels nested in the GB/T 9704 order
//! (`一、` › `（一）` › `1.` › `（1）`).
//!
//! Parameters:
//! - `report`: `"inverted"` (default) reports a level placed under a lower one (`（一）` under
//!   `1.`); `"skipped"` reports a level that skips one (`一、` then `（1）`), but only when the
//!   skipped style is used elsewhere in the same document (on the same side of any text the page
//!   hid): with two levels `一、` then `1.` is accepted practice.
//! - `allow_skipped_level` (bool, default false): never report skipped levels.
//!
//! The rules' cases (rules/numbering.toml, ZJ103 and ZJ104) show what is and is not reported.
//!
//! Each parent is reported once, at its first child. Top-level headings are not judged (an
//! excerpt may start at any level), nor `①`, which practice uses freely below any level.

use super::{params, Check, Context};
use crate::analysis::outline::{marker_text, outline};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::MarkerFamily;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::Arc;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Report {
    #[default]
    Inverted,
    Skipped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    report: Report,
    #[serde(default)]
    allow_skipped_level: bool,
}

struct NumberingHierarchy {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(NumberingHierarchy {
        params: params(table)?,
    }))
}

const LEVELS: [MarkerFamily; 4] = [
    MarkerFamily::Chinese,
    MarkerFamily::ChineseParen,
    MarkerFamily::Arabic,
    MarkerFamily::ArabicParen,
];

impl Check for NumberingHierarchy {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if self.params.report == Report::Skipped && self.params.allow_skipped_level {
            return;
        }
        let headings = &ctx.doc.headings;
        let tree = outline(ctx);
        // Families used in each stretch of continuous text of each segment: what the page hid
        // is unknown, so a level used only across such a gap is no evidence.
        let used: HashSet<(usize, usize, MarkerFamily)> = headings
            .iter()
            .zip(&tree)
            .filter(|(_, s)| s.is_some())
            .map(|(h, _)| (h.segment, h.stretch, h.family))
            .collect();
        let mut judged_parents = HashSet::new();
        for (i, heading) in headings.iter().enumerate() {
            let Some(parent) = tree.get(i).and_then(|s| s.as_ref()).and_then(|s| s.parent) else {
                continue;
            };
            let parent_heading = &headings[parent];
            if heading.family == MarkerFamily::Circled
                || parent_heading.family == MarkerFamily::Circled
                || !judged_parents.insert(parent)
            {
                continue;
            }
            let level = heading.family.standard_level();
            let parent_level = parent_heading.family.standard_level();
            let found = marker_text(ctx.text, heading);
            let parent_marker = marker_text(ctx.text, parent_heading);
            match self.params.report {
                Report::Inverted if level < parent_level => {
                    let args = [
                        ("found", found.as_str()),
                        ("parent", parent_marker.as_str()),
                        ("level", &level.to_string()),
                        ("parent_level", &parent_level.to_string()),
                    ];
                    out.push(ctx.diagnostic(rule, heading.marker.clone(), &args));
                }
                Report::Skipped if level > parent_level + 1 => {
                    let skipped: Vec<&str> = LEVELS
                        .iter()
                        .filter(|f| {
                            (parent_level + 1..level).contains(&f.standard_level())
                                && used.contains(&(heading.segment, heading.stretch, **f))
                        })
                        .map(|f| f.example())
                        .collect();
                    if let Some(first) = skipped.first() {
                        let args = [
                            ("found", found.as_str()),
                            ("parent", parent_marker.as_str()),
                            ("skipped", first),
                        ];
                        out.push(ctx.diagnostic(rule, heading.marker.clone(), &args));
                    }
                }
                _ => {}
            }
        }
    }
}
