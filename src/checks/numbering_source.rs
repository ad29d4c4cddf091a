//! Check kind `numbering-source`: in a Word document, one run of sibling headings numbered
//! partly by Word's automatic numbering and partly by typed numbers (`1.` `2.` drawn by Word,
//! then `3.` typed). The sequence may read right today, but a typed number does not follow
//! when an item is added or removed, and the two kinds look different in Word's outline.
//!
//! Each change of kind between consecutive siblings (same parent, same marker family) is
//! reported at the later heading. Text files have no automatic numbers: nothing to report.
//! The rule's cases (rules/numbering.toml, ZJ111) show both directions and the quiet ones.

use super::{params, Check, Context};
use crate::analysis::outline::marker_text;
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
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if ctx.automatic.is_empty() {
            return;
        }
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        // The latest heading of each run of siblings: segment, parent, family.
        let mut latest: HashMap<(usize, Option<usize>, MarkerFamily), usize> = HashMap::new();
        for (i, heading) in headings.iter().enumerate() {
            let Some(section) = tree.get(i).and_then(|s| s.as_ref()) else {
                continue;
            };
            let key = (heading.segment(), section.parent(), heading.family);
            if let Some(&previous) = latest.get(&key) {
                let before = ctx.is_automatic(&headings[previous].marker());
                let now = ctx.is_automatic(&heading.marker());
                if before != now {
                    let found = marker_text(ctx.text, heading);
                    let previous_marker = marker_text(ctx.text, &headings[previous]);
                    let args = [
                        ("found", found.as_str()),
                        ("kind", kind_name(now)),
                        ("previous", previous_marker.as_str()),
                        ("previous_kind", kind_name(before)),
                    ];
                    out.push(ctx.diagnostic(rule, heading.marker(), &args));
                }
            }
            latest.insert(key, i);
        }
    }
}
