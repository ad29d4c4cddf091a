//! Check kind `era-year`: what the text says of its own year that the calendar contradicts,
//! read against the year the document names (its title, else its file name) or the year the
//! sentence itself names (`2026年是…`, `今年`).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-era"
//! category = "consistency"
//! severity = "warning"
//! kind = "era-year"
//! message = "…{match}…{expected}…{year}…"
//! help = "…"
//! # Required: what to compare.
//! #   "anniversary"     `纪念五四运动九十五周年`: the event's year plus the count must be the year
//! #                     the sentence speaks of (within `tolerance` years).
//! #   "five-year-plan"  `2026年是实施“十四五”规划…的一年`: the year must lie in the plan's
//! #                     period (its first year for 开局, its last for 收官).
//! #   "guiding-thought" `以邓小平理论和“三个代表”重要思想为指导` in a document of a year when the
//! #                     formula names more: the sentence must name every item current then.
//! check = "anniversary"
//! # anniversary: the events and the years they happened (required for this check).
//! events = { "五四运动" = 1919, "新中国成立" = 1949 }
//! tolerance = 1              # optional, default 1: a report may look back on last year
//! # anniversary, five-year-plan: words that name the sentence's year relative to the
//! # document's (optional; without them only a year written out counts).
//! this_year = ["今年"]
//! last_year = ["去年"]
//! next_year = ["明年"]
//! # five-year-plan: where the numbering starts to be regular (the k-th plan begins in
//! # first_year + 5 × (k − first_plan)); and the words before the plan's name that look ahead
//! # to it (谋划“十五五”) rather than place the year in it.
//! first_plan = 6
//! first_year = 1981
//! ahead = ["谋划", "编制"]
//! # five-year-plan (required for it): words after the plan's name that claim a year of it
//! # (`关键一年`), and those that claim its first (`开局`) or last year (`收官`).
//! claim = ["一年", "之年"]
//! opening = ["开局"]
//! closing = ["收官"]
//! # guiding-thought: words that make a `以…为指导` list the party's formula, and the items
//! # it must hold from a year on (any of `words` counts as the item).
//! formula = ["邓小平理论", "三个代表"]
//! current = [{ words = ["科学发展观"], since = 2008 }]
//! ```
//!
//! `{match}` is the text found, `{year}` the year it is read against, `{expected}` what the
//! calendar says (the anniversary's year, the plan's period, the missing item). Only prose is
//! read. A sentence that names an earlier year itself (`2002年，十六大…`) is history and is not
//! read against the document's year.

use super::{Check, Context, LazyRegex};
use crate::analysis::vocabulary::{self, LiteralId};
use crate::analysis::years::{document_year, number, years_in};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum What {
    Anniversary,
    FiveYearPlan,
    GuidingThought,
}

#[derive(Deserialize)]
struct Current {
    words: Vec<String>,
    since: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    check: What,
    #[serde(default)]
    events: BTreeMap<String, u32>,
    #[serde(default = "one")]
    tolerance: u32,
    first_plan: Option<u32>,
    first_year: Option<u32>,
    #[serde(default)]
    ahead: Vec<String>,
    #[serde(default)]
    claim: Vec<String>,
    #[serde(default)]
    opening: Vec<String>,
    #[serde(default)]
    closing: Vec<String>,
    #[serde(default)]
    formula: Vec<String>,
    #[serde(default)]
    current: Vec<Current>,
    #[serde(default)]
    this_year: Vec<String>,
    #[serde(default)]
    last_year: Vec<String>,
    #[serde(default)]
    next_year: Vec<String>,
}

fn one() -> u32 {
    1
}

struct EraYear {
    what: What,
    pattern: LazyRegex,
    /// The strings every match of `pattern` holds one of, in the shared vocabulary, each with
    /// its length in bytes; None when unknown.
    required: Option<Vec<(LiteralId, usize)>>,
    events: BTreeMap<String, u32>,
    tolerance: u32,
    first_plan: u32,
    first_year: u32,
    ahead: Vec<String>,
    claim: Vec<String>,
    opening: Vec<String>,
    closing: Vec<String>,
    formula: Vec<String>,
    current: Vec<Current>,
    relative: RelativeYears,
}

/// Words that name a sentence's year relative to the document's (`今年是`, `去年`).
struct RelativeYears {
    this_year: Vec<String>,
    last_year: Vec<String>,
    next_year: Vec<String>,
}

/// The years a rule may name (an event's, a plan's first): with counts of at most 9999 (see
/// [`number`]) no sum of them overflows.
const YEARS: std::ops::RangeInclusive<u32> = 1..=9999;

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(era_year(params)?))
}

fn era_year(params: &toml::Table) -> Result<EraYear, String> {
    let p: Params = super::params(params)?;
    let years = p.events.values().chain(p.first_year.iter());
    if let Some(year) = years.copied().find(|y| !YEARS.contains(y)) {
        return Err(format!("年份 {year} 超出 1—9999"));
    }
    let numeral = "[0-9]{1,3}|[一二三四五六七八九十百零两]{1,5}";
    let pattern = match p.check {
        What::Anniversary => {
            if p.events.is_empty() {
                return Err("check = \"anniversary\" 需要 events".into());
            }
            let mut names: Vec<&String> = p.events.keys().collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
            let names: Vec<String> = names.iter().map(|n| regex_syntax::escape(n)).collect();
            format!(
                "({})[^\\s，。；、：！？“”,;:0-9一二三四五六七八九十百零两]{{0,12}}?({numeral})周年",
                names.join("|")
            )
        }
        What::FiveYearPlan => {
            if p.first_plan.is_none() || p.first_year.is_none() || p.claim.is_empty() {
                return Err(
                    "check = \"five-year-plan\" 需要 first_plan、first_year 和 claim".into(),
                );
            }
            "十([一二三四五六七八九])五".to_string()
        }
        What::GuidingThought => {
            if p.formula.is_empty() || p.current.is_empty() {
                return Err("check = \"guiding-thought\" 需要 formula 和 current".into());
            }
            "以([^。；;！？]{2,80}?)为(?:指导|指针|行动指南)".to_string()
        }
    };
    let pattern = LazyRegex::screened(pattern).map_err(|e| format!("era-year：{e}"))?;
    let required = pattern.required_strings().and_then(|strings| {
        let ids = vocabulary::intern(strings.iter().map(|s| s.as_bytes()));
        (ids.into_iter().zip(&strings))
            .map(|(id, s)| Some((id?, s.len())))
            .collect()
    });
    Ok(EraYear {
        what: p.check,
        pattern,
        required,
        events: p.events,
        tolerance: p.tolerance,
        first_plan: p.first_plan.unwrap_or(0),
        first_year: p.first_year.unwrap_or(0),
        ahead: p.ahead,
        claim: p.claim,
        opening: p.opening,
        closing: p.closing,
        formula: p.formula,
        current: p.current,
        relative: RelativeYears {
            this_year: p.this_year,
            last_year: p.last_year,
            next_year: p.next_year,
        },
    })
}

/// A finding: where, and the values for `{expected}` and `{year}`.
struct Found {
    span: Span,
    expected: String,
    year: u32,
}

impl Check for EraYear {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn compile_fully(&self) {
        self.pattern.regex();
    }

    fn is_compiled(&self) -> bool {
        self.pattern.is_compiled()
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let document = document_year(ctx).map(|(_, y)| y);
        let prose = ctx.prose();
        let mut found = Vec::new();
        // Where the words every match needs (`周年`, `为指导`) are, from the document's literal
        // scan; without it, each piece is searched for them.
        let places = (self.required.as_deref())
            .and_then(|required| ctx.occurrences(ctx.text)?.places(required));
        let may_match = |span: &Span| match &places {
            Some(places) => vocabulary::holds_one(places, span),
            None => self.pattern.may_match(&ctx.text[span.clone()]),
        };
        for piece in prose.spans() {
            // Most paragraphs lack those words: they are not cut into sentences.
            if !may_match(&piece) {
                continue;
            }
            let text = &ctx.text[piece.clone()];
            for sentence in crate::analysis::text::sentences(text) {
                let at = piece.start + sentence.start;
                // Most sentences lack them too.
                if !may_match(&(at..piece.start + sentence.end)) {
                    continue;
                }
                let sentence = &text[sentence];
                let before = found.len();
                match self.what {
                    What::Anniversary => self.anniversaries(sentence, document, &mut found),
                    What::FiveYearPlan => self.plans(sentence, document, &mut found),
                    What::GuidingThought => self.formulas(sentence, document, &mut found),
                }
                for f in &mut found[before..] {
                    f.span = at + f.span.start..at + f.span.end;
                }
            }
        }
        for f in found {
            let matched = &ctx.text[f.span.clone()];
            out.push(ctx.diagnostic(
                rule,
                f.span.clone(),
                &[
                    ("match", matched),
                    ("expected", &f.expected),
                    ("year", &f.year.to_string()),
                ],
            ));
        }
    }
}

/// Does `text` hold one of `words`?
fn holds(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}

impl RelativeYears {
    /// The year `sentence[..at]` speaks of: the last year it names, else the document's year moved
    /// by `今年`/`去年`/`明年`, else the document's year. The flag says whether the sentence named it.
    fn year_before(&self, sentence: &str, at: usize, document: Option<u32>) -> Option<(u32, bool)> {
        let head = &sentence[..at];
        let named = years_in(head)
            .filter(|(span, _)| head[span.end..].starts_with('年'))
            .last();
        if let Some((_, year)) = named {
            return Some((year, true));
        }
        let document = document?;
        let shift = |words: &[String]| holds(head, words);
        let year = if shift(&self.last_year) {
            document - 1
        } else if shift(&self.next_year) {
            document + 1
        } else {
            document
        };
        Some((
            year,
            shift(&self.this_year) || shift(&self.last_year) || shift(&self.next_year),
        ))
    }
}

impl EraYear {
    fn anniversaries(&self, sentence: &str, document: Option<u32>, out: &mut Vec<Found>) {
        for caps in self.pattern.captures_iter(sentence) {
            let (Some(whole), Some(event), Some(count)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            let (Some(&happened), Some(count)) =
                (self.events.get(event.as_str()), number(count.as_str()))
            else {
                continue;
            };
            let Some((year, _)) = self.relative.year_before(sentence, whole.start(), document)
            else {
                continue;
            };
            let due = happened + count;
            if due.abs_diff(year) > self.tolerance {
                out.push(Found {
                    span: whole.range(),
                    expected: due.to_string(),
                    year,
                });
            }
        }
    }

    fn plans(&self, sentence: &str, document: Option<u32>, out: &mut Vec<Found>) {
        for caps in self.pattern.captures_iter(sentence) {
            let (Some(name), Some(ordinal)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Some(k) = number(ordinal.as_str()).map(|n| n + 10) else {
                continue;
            };
            if k < self.first_plan {
                continue;
            }
            // The claim: `<year>是` before, a word of `claim` (`一年`) after, in the same clause.
            let clause_start = sentence[..name.start()]
                .rfind(['，', ',', '；', ';', '：'])
                .map_or(0, |i| {
                    i + sentence[i..].chars().next().map_or(1, char::len_utf8)
                });
            let clause_end = sentence[name.end()..]
                .find(['，', ',', '；', ';'])
                .map_or(sentence.len(), |i| name.end() + i);
            let before = &sentence[clause_start..name.start()];
            let after = &sentence[name.end()..clause_end];
            let Some(is_at) = sentence[..name.start()].rfind("是") else {
                continue;
            };
            if !holds(after, &self.claim)
                || holds(before, &self.ahead)
                || sentence[..is_at].is_empty()
            {
                continue;
            }
            let Some((year, named)) = self.relative.year_before(sentence, is_at, document) else {
                continue;
            };
            if !named {
                continue;
            }
            let first = self.first_year + 5 * (k - self.first_plan);
            let last = first + 4;
            let (ok, expected) = if holds(after, &self.opening) {
                (year == first, format!("{first}年"))
            } else if holds(after, &self.closing) {
                (year == last, format!("{last}年"))
            } else {
                ((first..=last).contains(&year), format!("{first}—{last}年"))
            };
            if !ok {
                let start =
                    name.start()
                        .saturating_sub(if sentence[..name.start()].ends_with('“') {
                            '“'.len_utf8()
                        } else {
                            0
                        });
                let end = name.end()
                    + if sentence[name.end()..].starts_with('”') {
                        '”'.len_utf8()
                    } else {
                        0
                    };
                out.push(Found {
                    span: start..end,
                    expected,
                    year,
                });
            }
        }
    }

    fn formulas(&self, sentence: &str, document: Option<u32>, out: &mut Vec<Found>) {
        let Some(document) = document else { return };
        // History: a sentence that names an earlier year speaks of that year.
        if years_in(sentence).any(|(_, y)| y < document) {
            return;
        }
        for m in self.pattern.find_iter(sentence) {
            let list = m.as_str();
            if !self.formula.iter().any(|w| list.contains(w.as_str())) {
                continue;
            }
            let missing = self.current.iter().rev().find(|item| {
                item.since <= document && !item.words.iter().any(|w| sentence.contains(w.as_str()))
            });
            if let Some(item) = missing {
                out.push(Found {
                    span: m.range(),
                    expected: item.words.first().cloned().unwrap_or_default(),
                    year: document,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::checks::testing::accepts;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Each built-in rule's words, read from the literal scan, pass the spans that a
        /// search of each span for them passes, and only those.
        #[test]
        fn the_scan_screens_every_span_as_searching_it_does(
            text in crate::checks::testing::text_of(&[
                "建党", "100", "周年", "周", "年", "十四五", "十", "五", "以", "新思想", "为指导",
                "为", "指导", "行动指南", "。", "，", "\n",
            ]),
        ) {
            let catalogue = crate::catalogue::Catalogue::builtin().expect("rules");
            let rules = catalogue.rules.iter().filter(|r| r.def.kind == "era-year");
            let checks: Vec<super::EraYear> = rules
                .map(|r| super::era_year(&r.def.params).expect("built-in rule"))
                .collect();
            proptest::prop_assert_eq!(checks.len(), 3);
            let scan = crate::analysis::vocabulary::Occurrences::scan(&text);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for check in &checks {
                let required = check.required.as_deref().expect("words every match needs");
                let places = scan.places(required).expect("scanned");
                for (k, &from) in bounds.iter().enumerate() {
                    for &to in &bounds[k..] {
                        proptest::prop_assert_eq!(
                            super::vocabulary::holds_one(&places, &(from..to)),
                            check.pattern.may_match(&text[from..to]),
                            "{:?} {:?}", check.pattern.as_str(), from..to
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn years_a_sum_would_overflow_are_a_load_error() {
        let too_late = accepts(
            build,
            "check = \"anniversary\"\nevents = { \"x\" = 4294967295 }",
        );
        assert_eq!(too_late, Err("年份 4294967295 超出 1—9999".into()));
        let plan = "check = \"five-year-plan\"\nfirst_plan = 6\nfirst_year = 4294967290\nclaim = [\"一年\"]";
        assert_eq!(
            accepts(build, plan),
            Err("年份 4294967290 超出 1—9999".into())
        );
        assert_eq!(
            accepts(
                build,
                "check = \"anniversary\"\nevents = { \"五四运动\" = 1919 }"
            ),
            Ok(())
        );
    }
}
