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
use crate::analysis::text::{to_fullwidth, to_halfwidth};
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

/// Runs of digits of one width in `text`, each given to `found` as (span, full-width?).
fn numbers(text: &str, base: usize, found: &mut impl FnMut(Span, bool)) {
    let bytes = text.as_bytes();
    // The run being read: where it started, whether it is full-width.
    let mut run: Option<(usize, bool)> = None;
    let mut at = 0;
    while at < bytes.len() {
        if run.is_none() {
            // 0xEF begins a full-width digit.
            at = crate::analysis::text::next_digit(bytes, at, Some(0xef)).unwrap_or(bytes.len());
        }
        let (width, length) = match digit_at(bytes, at) {
            Some(full) => (Some(full), if full { 3 } else { 1 }),
            None => (None, 1),
        };
        match (run, width) {
            (Some((_, w)), Some(now)) if w == now => {}
            (current, now) => {
                if let Some((start, w)) = current {
                    found(base + start..base + at, w);
                }
                run = now.map(|w| (at, w));
            }
        }
        at += length;
    }
    if let Some((start, w)) = run {
        found(base + start..base + bytes.len(), w);
    }
}

/// Is a digit at byte `at`: Some(false) for `0`–`9`, Some(true) for `０`–`９` (U+FF10–FF19,
/// bytes EF BC 90–99).
fn digit_at(bytes: &[u8], at: usize) -> Option<bool> {
    match bytes.get(at..)? {
        [b'0'..=b'9', ..] => Some(false),
        [0xef, 0xbc, 0x90..=0x99, ..] => Some(true),
        _ => None,
    }
}

impl Check for DigitWidth {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        // Counted first, reported in a second pass: a list of every number held 6 MB on a
        // 50 MB file.
        let each_number = |found: &mut dyn FnMut(Span, bool)| {
            for span in ctx.prose().spans() {
                numbers(&ctx.text[span.clone()], span.start, &mut |s, w| found(s, w));
            }
        };
        let (mut full, mut half) = (0, 0);
        each_number(&mut |_, w| if w { full += 1 } else { half += 1 });
        if full == half || full.max(half) < self.min_majority {
            return;
        }
        let minority_full = full < half;
        let (width, majority) = if minority_full {
            ("全角", "半角")
        } else {
            ("半角", "全角")
        };
        each_number(&mut |span, w| {
            if w != minority_full {
                return;
            }
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
            let fix = Fix::replace(span.clone(), matched, &replacement, Applicability::Safe);
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
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::is_fullwidth_digit;

    /// The definition of [`numbers`]: every character read, a run ended by a character of
    /// another width or none.
    fn numbers_by_chars(text: &str) -> Vec<(Span, bool)> {
        let mut out = Vec::new();
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
                        out.push((start..at, w));
                    }
                    run = now.map(|w| (at, w));
                }
            }
        }
        out
    }

    fn fast(text: &str) -> Vec<(Span, bool)> {
        let mut out = Vec::new();
        numbers(text, 0, &mut |span, w| out.push((span, w)));
        out
    }

    #[test]
    fn runs_of_each_width_are_apart() {
        let text = "２０２３年2023１２3，，０ａ9";
        assert_eq!(
            fast(text),
            vec![
                (0..12, true),
                (15..19, false),
                (19..25, true),
                (25..26, false),
                (32..35, true),
                (38..39, false)
            ]
        );
        assert_eq!(fast(text), numbers_by_chars(text));
    }

    proptest::proptest! {
        #[test]
        fn runs_are_found_as_the_characters_show(text in crate::checks::testing::text_of(&["1", "2023", "１", "９", "０", "，", "ｚ", "年", "a", "\u{ff0f}", "\u{ff1a}", "𠀀", " "])) {
            proptest::prop_assert_eq!(fast(&text), numbers_by_chars(&text));
        }
    }
}
