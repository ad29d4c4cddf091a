//! Check kind `formula`: fixed formulas of official writing with one word deleted or swapped.
//! The formulas of political writing are quoted word for word (`习近平新时代中国特色社会主义思想`,
//! `党的二十大精神`); a draft that drops or swaps a word inside one (`中国特色社会思想`,
//! `贯彻落实主席新时代…`) misquotes it. The kind finds text that begins like a formula and ends
//! like it, with one short stretch in between that is not the formula's, so a damage no list
//! names is still found.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ905"
//! name = "my-formulas"
//! category = "wording"
//! severity = "warning"
//! kind = "formula"
//! message = "“{match}”不是完整的提法“{replacement}”"
//! help = "改为“{replacement}”"
//! # Required: the formulas, as they are written.
//! formulas = ["习近平新时代中国特色社会主义思想", "科学发展观"]
//! # Optional: words that often stand right before a formula; each formula is also tried with
//! # each of them in front, so a damage at the formula's first word (`贯彻落实主席新时代…`)
//! # still has a beginning to hold on to.
//! leads = ["贯彻落实"]
//! # Optional: how many characters the text must share with a formula at each end (default 2)
//! # and how many characters the damaged stretch may have, in the formula and in the text
//! # (default 4, at most 16).
//! min_anchor = 2
//! max_gap = 4
//! # Optional, as in `pattern`: contexts (regexes) that veto an overlapping finding
//! # (`党的十九大精神` is a formula too).
//! exclude = ['党的[一二三四五六七八九十]+大']
//! ```
//!
//! A finding is text `A X B` where `A` is the formula's beginning (as long as the text follows
//! the formula, at least `min_anchor` characters), `B` the whole rest of the formula after a
//! stretch `M` of 1 to `max_gap` characters (`B` at least `min_anchor` characters), and `X` 0 to
//! `max_gap` Chinese characters (a deletion when empty; right after a lead, `X` is not empty,
//! since a formula without its first word is often a formula too). `{match}` is the text found,
//! `{replacement}` the formula; every finding carries an UNSAFE fix that writes the formula.
//! Beginnings are found in one Aho-Corasick pass and each is tried against a bounded number of
//! shapes, so time is linear in the text. Only prose is read; a span already reported by an
//! earlier rule of the same category is not reported again.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::is_han;
use crate::analysis::vocabulary::{self, LiteralId, Occurrences};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most forms (formulas × leads) one rule may make.
pub const MAX_FORMS: usize = 10_000;

/// The longest damaged stretch: each place the text shares a formula's beginning is read for
/// at most the formula's length and twice this many characters more, so time stays linear.
pub const MAX_GAP: usize = 16;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    formulas: Vec<String>,
    #[serde(default)]
    leads: Vec<String>,
    #[serde(default = "two")]
    min_anchor: usize,
    #[serde(default = "four")]
    max_gap: usize,
    #[serde(default)]
    exclude: Vec<String>,
}

fn two() -> usize {
    2
}

fn four() -> usize {
    4
}

/// One way a formula is written: the characters of the form, and how many of them are the lead.
struct Form {
    chars: Vec<char>,
    lead: usize,
}

struct Formula {
    forms: Vec<Form>,
    /// The first `min_anchor` characters of the forms, each with the forms that begin so.
    anchors: AhoCorasick,
    /// The anchors as strings of the shared vocabulary, whose places the document's one scan
    /// gives (None when one could not be added).
    anchor_ids: Option<Vec<LiteralId>>,
    by_anchor: Vec<Vec<usize>>,
    min_anchor: usize,
    max_gap: usize,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(compile(super::params(params)?)?))
}

fn compile(params: Params) -> Result<Formula, String> {
    if params.formulas.is_empty() {
        return Err("formulas 不能为空".into());
    }
    if params.min_anchor == 0 || params.max_gap == 0 {
        return Err("min_anchor 和 max_gap 至少为 1".into());
    }
    if params.max_gap > MAX_GAP {
        return Err(format!("max_gap 至多为 {MAX_GAP}"));
    }
    if params.formulas.len() * (params.leads.len() + 1) > MAX_FORMS {
        return Err(format!("formulas 与 leads 的组合超过 {MAX_FORMS} 个"));
    }
    let mut forms = Vec::new();
    for formula in &params.formulas {
        let length = formula.chars().count();
        if length < 2 * params.min_anchor + 1 {
            return Err(format!(
                "提法“{formula}”太短：至少要有 {} 个字",
                2 * params.min_anchor + 1
            ));
        }
        forms.push(Form {
            chars: formula.chars().collect(),
            lead: 0,
        });
        for lead in &params.leads {
            forms.push(Form {
                chars: lead.chars().chain(formula.chars()).collect(),
                lead: lead.chars().count(),
            });
        }
    }
    let mut anchor_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_anchor: Vec<Vec<usize>> = Vec::new();
    for (index, form) in forms.iter().enumerate() {
        let anchor: String = form.chars[..params.min_anchor].iter().collect();
        let next = by_anchor.len();
        let slot = *anchor_index.entry(anchor).or_insert(next);
        if slot == next {
            by_anchor.push(Vec::new());
        }
        by_anchor[slot].push(index);
    }
    let mut patterns = vec![String::new(); by_anchor.len()];
    for (anchor, slot) in anchor_index {
        patterns[slot] = anchor;
    }
    // No prefilter: the anchors are Chinese, whose bytes are common in Chinese text, so a
    // prefilter of rare bytes would stop at almost every character.
    let anchors = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(&patterns)
        .map_err(|e| format!("formulas：{e}"))?;
    Ok(Formula {
        forms,
        anchors,
        anchor_ids: vocabulary::intern(patterns.iter().map(|p| p.as_bytes()))
            .into_iter()
            .collect(),
        by_anchor,
        min_anchor: params.min_anchor,
        max_gap: params.max_gap,
        excludes: Excludes::new(&params.exclude)?,
    })
}

/// A damaged form found at a place: its length in bytes and the formula it stands for.
struct Damage {
    bytes: usize,
    formula: String,
}

impl Formula {
    /// The damage of `form` that the text starting at `rest` shows, if any.
    /// `window` is a buffer the caller lends, so that no place allocates.
    fn damage(&self, form: &Form, rest: &str, window: &mut Vec<(usize, char)>) -> Option<Damage> {
        let length = form.chars.len();
        let shared = form
            .chars
            .iter()
            .zip(rest.chars())
            .take_while(|(f, t)| *f == t)
            .count();
        // The whole form, or a beginning too short (or not the whole lead) to hold on to.
        if shared == length || shared < self.min_anchor.max(form.lead) {
            return None;
        }
        window.clear();
        window.extend(rest.char_indices().take(length + self.max_gap + 1));
        let window = &window[..];
        for missing in 1..=self.max_gap {
            let Some(tail) = form.chars.get(shared + missing..) else {
                break;
            };
            if tail.len() < self.min_anchor {
                break;
            }
            // Dropping a formula's first word leaves another formula as often as not
            // (`高举中国特色社会主义`): at the lead, only a swapped word is a damage.
            let fewest = usize::from(shared == form.lead);
            for inserted in fewest..=self.max_gap {
                let from = shared + inserted;
                let Some(found) = window.get(from..from + tail.len()) else {
                    break;
                };
                let stretch = &window[shared..from];
                // The tail is as long as the text allows: a stretch ending like the missing
                // words is the formula's own beginning again (`习近平新` for `新`).
                let tail_could_grow = stretch
                    .last()
                    .is_some_and(|(_, c)| Some(c) == form.chars.get(shared + missing - 1));
                if tail_could_grow
                    || stretch.iter().any(|(_, c)| !is_han(*c))
                    || !found.iter().map(|(_, c)| c).eq(tail.iter())
                {
                    continue;
                }
                let end = window
                    .get(from + tail.len())
                    .map_or(rest.len(), |(offset, _)| *offset);
                let start = window[form.lead].0;
                return Some(Damage {
                    bytes: end - start,
                    formula: form.chars[form.lead..].iter().collect(),
                });
            }
        }
        None
    }
}

impl Formula {
    /// Every place an anchor begins (overlapping ones too), with the anchor, in the
    /// automaton's order: by end, the longer first.
    fn anchor_hits<'a>(
        &'a self,
        ctx: &'a Context,
    ) -> Box<dyn Iterator<Item = (usize, usize)> + 'a> {
        let shared = (self.anchor_ids.as_ref())
            .zip(ctx.occurrences(ctx.text))
            .filter(|(ids, occurrences)| occurrences.covers(ids));
        match shared {
            Some((ids, occurrences)) => Box::new(
                (self.hits_from_occurrences(ids, occurrences).into_iter())
                    .map(|(start, anchor)| (start as usize, anchor as usize)),
            ),
            None => Box::new(self.hits_by_automaton(ctx.text).into_iter()),
        }
    }

    /// The definition: the automaton's overlapping matches.
    fn hits_by_automaton(&self, text: &str) -> Vec<(usize, usize)> {
        (self.anchors.find_overlapping_iter(text))
            .map(|hit| (hit.start(), hit.pattern().as_usize()))
            .collect()
    }

    /// The same from the document's scan, whose starts fit in u32: kept as two u32 each (a
    /// 50 MB file's anchors are megabytes of them). Every anchor is `min_anchor` characters,
    /// so one that starts later ends later, and two never start at one place: sorted by start,
    /// they are in the automaton's order.
    fn hits_from_occurrences(
        &self,
        ids: &[LiteralId],
        occurrences: &Occurrences,
    ) -> Vec<(u32, u32)> {
        let count = ids
            .iter()
            .map(|&id| occurrences.starts_of(id).map_or(0, |s| s.len()));
        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(count.sum());
        for (anchor, &id) in ids.iter().enumerate() {
            let starts = occurrences.starts_of(id).unwrap_or_default();
            hits.extend(starts.iter().map(|start| (start, anchor as u32)));
        }
        hits.sort_unstable();
        hits
    }
}

impl Check for Formula {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut window = Vec::new();
        for (start, anchor) in self.anchor_hits(ctx) {
            let rest = &text[start..];
            for &index in &self.by_anchor[anchor] {
                let form = &self.forms[index];
                if let Some(damage) = self.damage(form, rest, &mut window) {
                    let lead_bytes: usize =
                        form.chars[..form.lead].iter().map(|c| c.len_utf8()).sum();
                    let start = start + lead_bytes;
                    found.push((start..start + damage.bytes, damage.formula));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        found.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let prose = ctx.prose();
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, true);
        let mut reported_to = 0;
        let mut kept = Vec::new();
        for (span, formula) in found {
            if span.start < reported_to || !prose.contains(&span) || !filter.keep(&span) {
                continue;
            }
            reported_to = span.end;
            kept.push((span, formula));
        }
        for (span, formula) in kept {
            out.push(ctx.replacement_diagnostic(rule, span, &formula));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, run_toml};

    const RULE: &str = r#"
[[rule]]
code = "ZJ996"
name = "test-formula"
category = "wording"
severity = "warning"
kind = "formula"
message = "“{match}”不是完整的提法“{replacement}”"
help = "改为“{replacement}”"
formulas = ["习近平新时代中国特色社会主义思想", "党的二十大精神", "科学发展观", "新时代中国特色社会主义"]
leads = ["贯彻落实", "高举"]
exclude = ['党的[一二三四五六七八九十]+大']
"#;

    #[test]
    fn deleted_and_swapped_words_are_found() {
        let text = "𠀀坚持习近平新时代中国特色社会思想，贯彻落实主席新时代中国特色社会主义思想\n落实科学进展观";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(1, 4, "习近平新时代中国特色社会思想"),
                h(1, 23, "主席新时代中国特色社会主义思想"),
                h(2, 3, "科学进展观"),
            ]
        );
    }

    #[test]
    fn whole_formulas_and_other_phrases_are_quiet() {
        let text = "学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神，\
            以习近平同志为核心的党中央，中国特色社会主义进入新时代，学习贯彻党的二十大精神，科学发展。\
            高举中国特色社会主义伟大旗帜。";
        assert_eq!(run_toml(RULE, text), vec![]);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let short = RULE.replace("\"科学发展观\"", "\"发展观\"");
        assert!(Catalogue::default().add_file("t.toml", &short).is_err());
        let empty = RULE.replace(
            r#"["习近平新时代中国特色社会主义思想", "党的二十大精神", "科学发展观", "新时代中国特色社会主义"]"#,
            "[]",
        );
        assert!(Catalogue::default().add_file("t.toml", &empty).is_err());
        let zero = RULE.replace("leads =", "max_gap = 0\nleads =");
        assert!(Catalogue::default().add_file("t.toml", &zero).is_err());
    }

    #[test]
    fn a_gap_longer_than_the_bound_is_an_error() {
        let long = RULE.replace("leads =", "max_gap = 17\nleads =");
        assert!(Catalogue::default().add_file("t.toml", &long).is_err());
        let longest = RULE.replace("leads =", "max_gap = 16\nleads =");
        assert!(Catalogue::default().add_file("t.toml", &longest).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn the_shared_scan_finds_the_anchors_the_automaton_finds(text in crate::checks::testing::text_of(&["习近平", "新时代", "“三个代表”", "“两个", "“四个", "学习贯彻", "贯彻落实", "科学", "全面", "。"])) {
            let table: toml::Table = toml::from_str(
                "formulas = [\"习近平新时代中国特色社会主义思想\", \"科学发展观\", \"“两个确立”\", \"“四个意识”\", \"“三个代表”重要思想\"]\nleads = [\"学习贯彻\", \"贯彻落实\"]",
            )
            .unwrap();
            let params: super::Params = crate::checks::params(&table).unwrap();
            let formula = super::compile(params).unwrap();
            let ids = formula.anchor_ids.clone().unwrap();
            let occurrences = crate::analysis::vocabulary::Occurrences::scan(&text);
            proptest::prop_assert!(occurrences.covers(&ids));
            let scanned = formula.hits_from_occurrences(&ids, &occurrences);
            let scanned: Vec<(usize, usize)> = (scanned.into_iter())
                .map(|(start, anchor)| (start as usize, anchor as usize))
                .collect();
            proptest::prop_assert_eq!(scanned, formula.hits_by_automaton(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["习近平", "新时代", "中国特色", "社会主义", "思想", "学习贯彻", "贯彻落实", "科学", "发展观", "进展", "“三个代表”", "重要思想", "。", "\n", " ", "𠀀"])) {
            crate::checks::testing::assert_sound("ZJ607", &text);
        }
    }
}
