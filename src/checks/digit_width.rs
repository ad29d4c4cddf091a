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
use crate::analysis::vocabulary::{self, LiteralId};
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
    /// `０` to `９` in the shared vocabulary: the document's literal scan tells whether it has
    /// a full-width digit at all.
    full_width_digits: Option<Vec<LiteralId>>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let digits: Vec<String> = ('０'..='９').map(String::from).collect();
    let ids = vocabulary::intern(digits.iter().map(|d| d.as_bytes()));
    Ok(Arc::new(DigitWidth {
        min_majority: p.min_majority.max(1),
        full_width_digits: ids.into_iter().collect(),
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
        // Without a full-width digit, every number is in the majority's form, or there are
        // too few for a majority: nothing to report, and the prose need not be read (most
        // documents; their full-width commas would stop the search for digits at every one).
        let scan = (self.full_width_digits.as_deref()).zip(ctx.occurrences(ctx.text));
        if let Some((ids, scan)) = scan.filter(|(ids, scan)| scan.covers(ids)) {
            let any = ids
                .iter()
                .any(|&id| scan.starts_of(id).is_some_and(|s| s.len() > 0));
            if !any {
                return;
            }
        }
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

    /// The built-in rule's definition, for running the check itself.
    fn builtin_def() -> Arc<RuleDef> {
        let catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules load");
        let rule = catalogue
            .rules
            .into_iter()
            .find(|r| r.def.kind == "digit-width");
        rule.expect("a built-in digit-width rule").def
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whether the literal scan shows a full-width digit changes no finding: a document
        /// without one gets none.
        #[test]
        fn the_screen_on_full_width_digits_changes_no_finding(pieces in proptest::collection::vec(proptest::sample::select(vec!["1", "2023", "１", "９", "０", "２０", "，", "：", "年", "a", "\n", "# "]), 0..16)) {
            let text = pieces.concat();
            static DEF: std::sync::OnceLock<Arc<RuleDef>> = std::sync::OnceLock::new();
            let def = DEF.get_or_init(builtin_def);
            let unscreened = DigitWidth { min_majority: 3, full_width_digits: None };
            let params: toml::Table = toml::Table::new();
            let built = build(&params).expect("builds");
            let doc = crate::parse::parse(&text);
            let ctx = crate::checks::Context::new(&text, &doc);
            let (mut with_screen, mut without) = (Vec::new(), Vec::new());
            built.run(def, &ctx, &mut with_screen);
            unscreened.run(def, &ctx, &mut without);
            let spans = |found: &[Diagnostic]| found.iter().map(|d| d.span()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&with_screen), spans(&without));
        }
    }

    #[test]
    fn the_screen_stops_only_documents_without_full_width_digits() {
        let def = builtin_def();
        let check = build(&toml::Table::new()).expect("builds");
        let lint = |text: &str| {
            let doc = crate::parse::parse(text);
            let ctx = crate::checks::Context::new(text, &doc);
            let mut found = Vec::new();
            check.run(&def, &ctx, &mut found);
            found
                .iter()
                .map(|d| text[d.span()].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(lint("2021年、2022年、2023年和２０２４年。"), ["２０２４"]);
        assert_eq!(
            lint("２０２１年、２０２２年、２０２３年和2024年。"),
            ["2024"]
        );
        assert!(lint("2021年、2022年、2023年和2024年，，：。").is_empty());
        // Each full-width digit alone among half-width numbers.
        for digit in '０'..='９' {
            let text = format!("1年、2年、3年和{digit}年");
            assert_eq!(lint(&text), [digit.to_string()], "{text}");
        }
    }
}
