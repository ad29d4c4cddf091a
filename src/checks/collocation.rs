//! Check kind `collocation`: fixed phrases damaged by word swaps. Paraphrasing ("伪原创") sites
//! replace a word of a fixed phrase by a near-synonym (`素质教育` → `素养教育`, `自身素质`
//! → `本身素养`); each swapped word is a real word on its own (`进展`, `治理`, `效劳`), so
//! only the damaged phrase is a fault. The rule lists the swaps and the fixed phrases; the kind
//! makes every damaged form of every phrase (one swap, two swaps…) and finds them all in one
//! Aho-Corasick pass, so a damaged form no list names is still found.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ904"
//! name = "my-collocations"
//! category = "wording"
//! severity = "warning"
//! kind = "collocation"
//! message = "“{match}”应为“{replacement}”"
//! help = "改为“{replacement}”"
//! # Required: each right word → the words that are put in its place.
//! [rule.swaps]
//! "发展" = ["进展"]
//! "素质" = ["素养"]
//! # Required: the fixed phrases, as they are written. `{name}` stands for each word of the
//! # class `name` in `[rule.words]` (every combination is a phrase).
//! collocations = ["素质教育", "身心发展", "广大{people}"]
//! [rule.words]
//! people = ["干部", "群众"]
//! # Optional: swaps that are common words in these places too (`全面发展` → `全面开展` is
//! # right): a form with only one of them is not reported; with another swap it is
//! # (`均衡发展` → `平衡开展`).
//! [rule.weak_swaps]
//! "发展" = ["开展"]
//! # Optional: how many words of one phrase may be swapped (default 2, at most 3).
//! max_swaps = 2
//! # Optional: phrases that are right although swaps make them (`公平竞争`); a damaged form
//! # equal to one of them, or to a listed phrase, is not reported.
//! real = ["公平竞争"]
//! # Optional, as in `pattern`: contexts (regexes) that veto an overlapping finding.
//! exclude = ['广阔农村']
//! ```
//!
//! `{match}` is the damaged form found, `{replacement}` the phrase it came from. Every finding
//! carries an UNSAFE fix that writes the phrase (a person should look). Matching is
//! leftmost-longest, in the prose view only (no junk lines, markers, addresses, markup); a span
//! already reported by an earlier rule of the same category is not reported again. Building the
//! forms is bounded: a rule whose phrases make more than [`MAX_FORMS`] forms is an error.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::phrases::Phrases;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The most phrases, and the most damaged forms (phrases × swaps, counting repeats), one
/// rule may make, so a rule cannot blow up.
pub const MAX_FORMS: usize = 1_000_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    swaps: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    weak_swaps: BTreeMap<String, Vec<String>>,
    collocations: Vec<String>,
    #[serde(default)]
    words: BTreeMap<String, Vec<String>>,
    #[serde(default = "two")]
    max_swaps: usize,
    #[serde(default)]
    real: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

fn two() -> usize {
    2
}

struct Collocation {
    /// The damaged forms, found leftmost-longest.
    wrong: Phrases,
    /// Per pattern of the automaton: the phrase the damaged form came from.
    right: Vec<String>,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if !(1..=3).contains(&params.max_swaps) {
        return Err("max_swaps 应为 1 到 3".into());
    }
    if params.swaps.is_empty() {
        return Err("swaps 不能为空".into());
    }
    for (right, wrongs) in params.swaps.iter().chain(&params.weak_swaps) {
        if right.is_empty() || wrongs.is_empty() || wrongs.iter().any(|w| w.is_empty()) {
            return Err(format!("swaps 中“{right}”的替换词不能为空"));
        }
        if wrongs.contains(right) {
            return Err(format!("swaps 中“{right}”被替换为它自己"));
        }
    }
    let mut phrases = Vec::new();
    for pattern in &params.collocations {
        expand(pattern, &params.words, &mut phrases)?;
    }
    if phrases.is_empty() {
        return Err("collocations 不能为空".into());
    }
    let swaps = Swaps {
        strong: &params.swaps,
        weak: &params.weak_swaps,
    };
    let forms = damaged_forms(&phrases, &swaps, params.max_swaps, &params.real)?;
    let (wrong, right): (Vec<String>, Vec<String>) = forms.into_iter().unzip();
    if wrong.is_empty() {
        return Err("collocations 中没有可替换的词".into());
    }
    Ok(Arc::new(Collocation {
        wrong: Phrases::new("collocations", &wrong, false, false)?,
        right,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

/// Append the phrases `pattern` stands for: each `{name}` replaced by each word of its class.
/// A class word is inserted as it is, never read for `{name}` again (a word `{a}` in the
/// class `a` would otherwise expand forever).
fn expand(
    pattern: &str,
    words: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<String>,
) -> Result<(), String> {
    if pattern.is_empty() {
        return Err("collocations 中不能有空字符串".into());
    }
    expand_from(pattern, pattern, 0, words, out)
}

/// Expand the `{name}`s of `phrase` from byte `from` on (what lies before is expanded).
fn expand_from(
    pattern: &str,
    phrase: &str,
    from: usize,
    words: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let Some(open) = phrase[from..].find('{').map(|at| from + at) else {
        out.push(phrase.to_string());
        return Ok(());
    };
    let close = phrase[open..]
        .find('}')
        .map(|at| open + at)
        .ok_or_else(|| format!("collocations 中“{pattern}”的“{{”没有配对的“}}”"))?;
    let name = &phrase[open + 1..close];
    let class = words
        .get(name)
        .filter(|class| !class.is_empty())
        .ok_or_else(|| {
            format!("collocations 中“{pattern}”用到的词类“{name}”没有在 words 中定义")
        })?;
    for word in class {
        let next = format!("{}{word}{}", &phrase[..open], &phrase[close + 1..]);
        expand_from(pattern, &next, open + word.len(), words, out)?;
        if out.len() > MAX_FORMS {
            return Err(format!("collocations 展开后超过 {MAX_FORMS} 个短语"));
        }
    }
    Ok(())
}

/// The swap tables of a rule: right word → wrong words.
struct Swaps<'a> {
    strong: &'a BTreeMap<String, Vec<String>>,
    /// Swaps that make a fault only together with another swap.
    weak: &'a BTreeMap<String, Vec<String>>,
}

/// A place in a phrase where a right word stands, and what may replace it.
struct Slot<'a> {
    start: usize,
    end: usize,
    wrongs: &'a [String],
    weak: bool,
}

/// A swap chosen for a form: the slot's place and the wrong word put there.
struct Chosen {
    start: usize,
    end: usize,
    wrong: String,
    weak: bool,
}

/// Every damaged form of every phrase (1 to `max_swaps` words swapped, not a single weak swap)
/// → the phrase. A form that is itself a phrase or a `real` phrase is left out; the first
/// phrase to make a form keeps it.
fn damaged_forms(
    phrases: &[String],
    swaps: &Swaps,
    max_swaps: usize,
    real: &[String],
) -> Result<Vec<(String, String)>, String> {
    let right: BTreeSet<&str> = phrases.iter().chain(real).map(String::as_str).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut forms: Vec<(String, String)> = Vec::new();
    // Forms made, counting those made twice: many slots with many wrong words make more
    // forms than are kept, and making them must stop too.
    let mut budget = MAX_FORMS;
    for phrase in phrases {
        let tables = [(swaps.strong, false), (swaps.weak, true)];
        let mut slots: Vec<Slot> = tables
            .iter()
            .flat_map(|(table, weak)| table.iter().map(move |entry| (entry, *weak)))
            .flat_map(|((word, wrongs), weak)| {
                phrase
                    .match_indices(word.as_str())
                    .map(move |(start, _)| Slot {
                        start,
                        end: start + word.len(),
                        wrongs,
                        weak,
                    })
            })
            .collect();
        slots.sort_by_key(|s| (s.start, s.end));
        let mut chosen = Vec::new();
        let mut emit = |form: String| {
            if !right.contains(form.as_str()) && !seen.contains_key(&form) {
                seen.insert(form.clone(), forms.len());
                forms.push((form, phrase.clone()));
            }
        };
        let complete = choose(
            phrase,
            &slots,
            0,
            max_swaps,
            &mut chosen,
            &mut budget,
            &mut emit,
        );
        if !complete {
            return Err(format!(
                "collocations 与 swaps 生成的短语超过 {MAX_FORMS} 个"
            ));
        }
    }
    Ok(forms)
}

/// Choose, from `slots[from..]`, further non-overlapping slots (at most `left` more), each
/// with one of its wrong words, and emit the phrase with the chosen swaps made. False when
/// `budget` (forms that may still be made) ran out first.
fn choose(
    phrase: &str,
    slots: &[Slot],
    from: usize,
    left: usize,
    chosen: &mut Vec<Chosen>,
    budget: &mut usize,
    emit: &mut impl FnMut(String),
) -> bool {
    if chosen.len() > 1 || chosen.first().is_some_and(|only| !only.weak) {
        let Some(rest) = budget.checked_sub(1) else {
            return false;
        };
        *budget = rest;
        let mut form = String::with_capacity(phrase.len() + 8);
        let mut at = 0;
        for swap in chosen.iter() {
            form.push_str(&phrase[at..swap.start]);
            form.push_str(&swap.wrong);
            at = swap.end;
        }
        form.push_str(&phrase[at..]);
        emit(form);
    }
    if left == 0 {
        return true;
    }
    let after = chosen.last().map_or(0, |swap| swap.end);
    for (index, slot) in slots.iter().enumerate().skip(from) {
        if slot.start < after {
            continue;
        }
        for wrong in slot.wrongs {
            chosen.push(Chosen {
                start: slot.start,
                end: slot.end,
                wrong: wrong.clone(),
                weak: slot.weak,
            });
            let complete = choose(phrase, slots, index + 1, left - 1, chosen, budget, emit);
            chosen.pop();
            if !complete {
                return false;
            }
        }
    }
    true
}

impl Check for Collocation {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let hits = self.wrong.find(text, || ctx.occurrences(text));
        if hits.is_empty() {
            return;
        }
        let prose = ctx.prose();
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, true);
        for (index, span) in hits {
            let Some(right) = self.right.get(index) else {
                continue;
            };
            if !prose.contains(&span) || !filter.keep(&span) {
                continue;
            }
            out.push(ctx.replacement_diagnostic(rule, span, right));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, lint_toml, run_toml};
    use crate::diagnostic::Applicability;

    const RULE: &str = r#"
[[rule]]
code = "ZJ996"
name = "test-collocation"
category = "wording"
severity = "warning"
kind = "collocation"
message = "“{match}”应为“{replacement}”"
help = "改为“{replacement}”"
collocations = ["自身素质", "素质教育", "广大{people}", "平等竞争"]
real = ["公平竞争"]
exclude = ['广阔农村']
[rule.swaps]
"平等" = ["公平"]
"自身" = ["本身"]
"素质" = ["素养"]
"广大" = ["广阔"]
[rule.words]
people = ["干部", "农村"]
"#;

    #[test]
    fn damaged_forms_are_reported_with_the_phrase() {
        let text = "教师本身素养不高，实施素养教育。\n广阔干部积极参与，自身素养";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(1, 3, "本身素养"),
                h(1, 12, "素养教育"),
                h(2, 1, "广阔干部"),
                h(2, 10, "自身素养")
            ]
        );
        let diagnostics = lint_toml(RULE, text);
        assert_eq!(diagnostics[0].message, "“本身素养”应为“自身素质”");
        let fix = diagnostics[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].replacement, "自身素质");
    }

    #[test]
    fn right_phrases_real_words_and_excluded_contexts_are_quiet() {
        let text = "提高自身素质，素质教育；公平竞争，广阔农村，项目进展顺利，素养提升。";
        assert!(run_toml(RULE, text).is_empty());
    }

    #[test]
    fn forms_count_one_and_two_swaps() {
        let strong: BTreeMap<String, Vec<String>> = [
            ("自身".to_string(), vec!["本身".to_string()]),
            (
                "素质".to_string(),
                vec!["素养".to_string(), "品质".to_string()],
            ),
        ]
        .into_iter()
        .collect();
        let none = BTreeMap::new();
        let swaps = Swaps {
            strong: &strong,
            weak: &none,
        };
        let phrases = vec!["自身素质".to_string()];
        let forms = damaged_forms(&phrases, &swaps, 2, &[]).expect("forms");
        let wrong: Vec<&str> = forms.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            wrong,
            vec!["本身素质", "本身素养", "本身品质", "自身素养", "自身品质"]
        );
        assert_eq!(
            damaged_forms(&phrases, &swaps, 1, &[])
                .expect("forms")
                .len(),
            3
        );
    }

    #[test]
    fn a_weak_swap_alone_is_no_fault() {
        let rule = RULE.replace(
            "[rule.words]",
            "[rule.weak_swaps]\n\"发展\" = [\"开展\"]\n\"均衡\" = [\"平衡\"]\n[rule.words]",
        );
        let rule = rule.replace("\"平等竞争\"]", "\"平等竞争\", \"均衡发展\", \"素质发展\"]");
        assert_eq!(
            run_toml(&rule, "均衡开展，平衡发展，平衡开展，素养开展"),
            vec![h(1, 11, "平衡开展"), h(1, 16, "素养开展")]
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        let unknown = RULE.replace("广大{people}", "广大{nobody}");
        assert!(Catalogue::default().add_file("t.toml", &unknown).is_err());
        let unclosed = RULE.replace("广大{people}", "广大{people");
        assert!(Catalogue::default().add_file("t.toml", &unclosed).is_err());
        let itself = RULE.replace("\"广大\" = [\"广阔\"]", "\"广大\" = [\"广大\"]");
        assert!(Catalogue::default().add_file("t.toml", &itself).is_err());
        let too_many = RULE.replace("real = ", "max_swaps = 4\nreal = ");
        assert!(Catalogue::default().add_file("t.toml", &too_many).is_err());
    }

    #[test]
    fn a_class_word_that_names_a_class_is_inserted_as_written() {
        let rule = RULE.replace("people = [\"干部\", \"农村\"]", "people = [\"{people}\"]");
        assert!(Catalogue::default().add_file("t.toml", &rule).is_ok());
        assert_eq!(
            run_toml(&rule, "广阔{people}"),
            vec![h(1, 1, "广阔{people}")]
        );
    }

    #[test]
    fn too_many_forms_are_an_error_before_they_are_all_made() {
        let wrongs: Vec<String> = "乙丙丁戊己庚辛壬癸子".chars().map(String::from).collect();
        let strong: BTreeMap<String, Vec<String>> = [("甲".to_string(), wrongs)].into();
        let none = BTreeMap::new();
        let swaps = Swaps {
            strong: &strong,
            weak: &none,
        };
        // 60 places, 10 wrong words, 3 swaps: about 34 million forms.
        let phrases = vec!["甲".repeat(60)];
        assert!(damaged_forms(&phrases, &swaps, 3, &[]).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["素质", "素养", "教育", "自身", "本身", "广大", "广阔", "干部", "发展", "进展", "开展", "均衡", "平衡", "基础", "。", "\n", " ", "𠀀"])) {
            crate::checks::testing::assert_sound("ZJ651", &text);
        }
    }
}
