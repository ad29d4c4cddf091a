//! Check kind `digit-width`: full-width digits (`２０２３`) and ASCII digits (`2023`) mixed in
//! one document. The form most numbers use is the document's; each number in the other form is
//! reported, with a safe fix that writes it in the document's form.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-digit-width"
//! category = "consistency"
//! severity = "warning"
//! kind = "digit-width"
//! message = "“{match}”是{width}数字，全文多用{majority}数字"
//! help = "改为“{replacement}”"
//! fix = "safe"
//! # Optional: how many numbers the document's form needs before the other form is reported
//! # (default 3): with fewer, neither form is the document's.
//! min_majority = 3
//! ```
//!
//! `{match}` is the number found, `{width}` its form (全角/半角), `{majority}` the document's
//! form, `{replacement}` the number rewritten. A number is a run of digits of one width. Only
//! prose is read. With as many numbers in each form, nothing is reported.

use super::{Check, Context};
use crate::analysis::text::{is_fullwidth_digit, to_fullwidth, to_halfwidth};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "three")]
    min_majority: usize,
}

fn three() -> usize {
    3
}

struct DigitWidth {
    min_majority: usize,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    Ok(Arc::new(DigitWidth {
        min_majority: p.min_majority.max(1),
    }))
}

/// Runs of digits of one width in `text`, as (span, full-width?).
fn numbers(text: &str, base: usize, out: &mut Vec<(Span, bool)>) {
    let mut run: Option<(usize, bool)> = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let width = if c.is_ascii_digit() {
            Some(false)
        } else if is_fullwidth_digit(c) {
            Some(true)
        } else {
            None
        };
        match (run, width) {
            (Some((_, w)), Some(now)) if w == now => {}
            (current, now) => {
                if let Some((start, w)) = current {
                    out.push((base + start..base + at, w));
                }
                run = now.map(|w| (at, w));
            }
        }
    }
}

impl Check for DigitWidth {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let mut found = Vec::new();
        for span in ctx.prose().spans() {
            numbers(&ctx.text[span.clone()], span.start, &mut found);
        }
        let full = found.iter().filter(|(_, w)| *w).count();
        let half = found.len() - full;
        if full == half || full.max(half) < self.min_majority {
            return;
        }
        let minority_full = full < half;
        let (width, majority) = if minority_full {
            ("全角", "半角")
        } else {
            ("半角", "全角")
        };
        for (span, _) in found.into_iter().filter(|(_, w)| *w == minority_full) {
            let matched = &ctx.text[span.clone()];
            let replacement: String = matched
                .chars()
                .map(|c| {
                    if minority_full {
                        to_halfwidth(c)
                    } else {
                        to_fullwidth(c)
                    }
                })
                .collect();
            let fix = Fix::replace(span.clone(), &replacement, Applicability::Safe);
            out.push(ctx.diagnostic_with_fix(
                rule,
                span,
                &[
                    ("match", matched),
                    ("width", width),
                    ("majority", majority),
                    ("replacement", &replacement),
                ],
                fix,
            ));
        }
    }
}
