//! Check kind `missing-number`: a unit or counter whose number was deleted
//! (`全年教育投入达到亿元`, `年测试任务万人次`, `同比增长%`).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ904"
//! name = "my-missing-number"
//! category = "placeholder"
//! severity = "warning"
//! kind = "missing-number"
//! message = "“{match}”前缺少数字"
//! help = "补上数字"
//! # Units that never stand without a number. Reported when the character before them (spaces
//! # skipped) is a Chinese character that is not in `numerals`: `任务万人次`, `增长%`.
//! units = ["亿元", "万元", "万人次", "%"]
//! # Optional. Counters that may also be nouns (`培训人次`): reported only right after a slot.
//! counters = ["人次", "所学校"]
//! # Optional. Words after which a number is expected. A unit or counter right after one of
//! # them (spaces allowed) is reported together with it: `达到亿元`, `新建所学校`, `超过%`.
//! slots = ["达到", "完成", "投入", "增长", "共"]
//! # Optional. Characters that count as a number before a unit. Default: ASCII and full-width
//! # digits and 〇零一二三四五六七八九十百千万亿两.
//! numerals = "0123456789〇零一二三四五六七八九十百千万亿两几多余半"
//! # Optional, default none. Words of quantity that make a number only with a unit that begins
//! # with a numeral (`万` `亿` …): `近万人次`, `上亿元`, `数万元` are complete, `增长近%` is not.
//! approximations = "上近数超逾过破"
//! # Optional, default none. Words that make a unit beginning with a numeral a round number of
//! # its own when they follow it: `万人以上` (ten thousand and more), `亿元左右`. Such a unit is
//! # never reported, slot or not: `参观人数达到万人以上` is complete, `达到亿元` is not.
//! round_followers = ["以上", "左右", "之多"]
//! # Optional, default none. Punctuation after which a unit (not a counter) also lacks its
//! # number: `增长6%、%、5%`.
//! punctuation = "、，；"
//! # Optional. A unit that begins with a numeral (`万元` `亿元` `万人`) can be part of a name
//! # (`万元户`, `亿元村`, `万人计划`). When `followers` is given, such a unit found without a
//! # slot is reported only when punctuation, a space, the end of the line or one of these
//! # words comes after it: `任务万人次。` is reported, `打造亿元村` is not.
//! followers = ["以上", "左右"]
//! # Optional, default none. Measure words that are ordinary nouns or parts of words after most
//! # text (`个人`, `人人`, `文件`): reported only between a word of `measure_slots`, which asks
//! # for a count, and a character of `clause_ends`: `应到人、实到人`, `收到建议件，`.
//! measure_words = ["人", "件", "项"]
//! measure_slots = ["应到", "实到", "建议"]
//! clause_ends = "、，；。"
//! # Optional. Regexes for contexts that are not faults; a finding they overlap is dropped
//! # (`亿元以上项目`).
//! exclude = ['[万亿]元以上']
//! ```
//!
//! `{match}` is the reported text (the slot and the unit, or the unit alone), `{unit}` the unit.
//! Units and counters are found in one Aho-Corasick pass (leftmost-longest, so `万人次` wins
//! over `人次`). Junk lines are skipped, and a span already reported by an earlier rule of the
//! same category (e.g. `xx万元` by a placeholder rule) is not reported again.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::is_han;
use crate::analysis::vocabulary::{self, LiteralId, Occurrences};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use itertools::{Either, Itertools};
use serde::Deserialize;
use std::sync::Arc;

const DEFAULT_NUMERALS: &str = "0123456789０１２３４５６７８９〇零一二三四五六七八九十百千万亿两";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    units: Vec<String>,
    #[serde(default)]
    counters: Vec<String>,
    #[serde(default)]
    slots: Vec<String>,
    #[serde(default)]
    numerals: Option<String>,
    #[serde(default)]
    approximations: String,
    #[serde(default)]
    punctuation: String,
    #[serde(default)]
    round_followers: Vec<String>,
    #[serde(default)]
    followers: Option<Vec<String>>,
    #[serde(default)]
    measure_words: Vec<String>,
    #[serde(default)]
    measure_slots: Vec<String>,
    #[serde(default)]
    clause_ends: String,
    #[serde(default)]
    exclude: Vec<String>,
}

struct MissingNumber {
    /// Units first, then counters.
    automaton: Words,
    units: usize,
    slots: Slots,
    numerals: Vec<char>,
    approximations: Vec<char>,
    punctuation: Vec<char>,
    round_followers: Vec<String>,
    followers: Option<Vec<String>>,
    measures: Option<Measures>,
    excludes: Excludes,
}

/// Measure words reported only between a slot that asks for a count and the end of a clause.
struct Measures {
    automaton: Words,
    slots: Slots,
    clause_ends: Vec<char>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if params.units.is_empty() && params.counters.is_empty() {
        return Err("units 和 counters 不能都为空".into());
    }
    if params.counters.iter().any(|_| params.slots.is_empty()) {
        return Err("给出 counters 时必须同时给出 slots".into());
    }
    let words: Vec<&String> = params.units.iter().chain(&params.counters).collect();
    if words
        .iter()
        .chain(&params.slots.iter().collect::<Vec<_>>())
        .any(|w| w.is_empty())
    {
        return Err("units、counters、slots 中不能有空字符串".into());
    }
    let automaton = automaton(&words).map_err(|e| format!("units：{e}"))?;
    let measures = measures(
        params.measure_words,
        params.measure_slots,
        &params.clause_ends,
    )?;
    Ok(Arc::new(MissingNumber {
        automaton,
        units: params.units.len(),
        slots: Slots::new(params.slots),
        numerals: params
            .numerals
            .as_deref()
            .unwrap_or(DEFAULT_NUMERALS)
            .chars()
            .collect(),
        approximations: params.approximations.chars().collect(),
        punctuation: params.punctuation.chars().collect(),
        round_followers: params.round_followers,
        followers: params.followers,
        measures,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

/// A list of words found leftmost-longest, without overlaps (`万人次` wins over `人次`). The
/// words are also strings of the shared vocabulary, so their places come from the document's
/// one scan when it covers them; the automaton finds them in other texts.
struct Words {
    automaton: AhoCorasick,
    /// Each word's string in the shared vocabulary (None when one could not be added).
    ids: Option<Vec<LiteralId>>,
    lengths: Vec<usize>,
}

/// A word found: where, and its index in the list.
struct Found {
    range: Span,
    word: usize,
}

/// The words of `words`, leftmost-longest. The automaton has no prefilter: the words are
/// Chinese, whose bytes are common in Chinese text, so a prefilter of rare bytes would stop at
/// almost every character and cost more than the automaton itself.
fn automaton<W: AsRef<str>>(words: &[W]) -> Result<Words, aho_corasick::BuildError> {
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .prefilter(false)
        .build(words.iter().map(|w| w.as_ref()))?;
    let ids = vocabulary::intern(words.iter().map(|w| w.as_ref().as_bytes()));
    Ok(Words {
        automaton,
        ids: ids.into_iter().collect(),
        lengths: words.iter().map(|w| w.as_ref().len()).collect(),
    })
}

impl Words {
    /// The words in the context's text, in order.
    fn find<'a>(&'a self, ctx: &'a Context) -> impl Iterator<Item = Found> + 'a {
        let shared = self
            .ids
            .as_ref()
            .zip(ctx.occurrences(ctx.text))
            .filter(|(ids, occurrences)| occurrences.covers(ids));
        match shared {
            Some((ids, occurrences)) => Either::Left(self.in_occurrences(ids, occurrences)),
            None => Either::Right(self.by_automaton(ctx.text)),
        }
    }

    /// The definition: the automaton's leftmost-longest matches.
    fn by_automaton<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        (self.automaton.find_iter(text)).map(|m| Found {
            range: m.range(),
            word: m.pattern().as_usize(),
        })
    }

    /// The same matches from every place of every word: by start, the longest first (the
    /// first word of equal ones, as the automaton reports), each after the end of the last.
    /// Each word's places are a sorted run, merged as they are read: measure words are common
    /// characters, with a million places in a 50 MB file.
    fn in_occurrences<'a>(
        &'a self,
        ids: &'a [LiteralId],
        occurrences: &'a Occurrences,
    ) -> impl Iterator<Item = Found> + 'a {
        let runs = ids.iter().enumerate().map(|(word, &id)| {
            let length = self.lengths[word];
            let starts = occurrences.starts_of(id).unwrap_or_default();
            (starts.iter()).map(move |start| (start as usize, std::cmp::Reverse(length), word))
        });
        let mut end = 0;
        runs.kmerge()
            .filter(move |&(start, std::cmp::Reverse(length), _)| {
                let fresh = start >= end;
                if fresh {
                    end = start + length;
                }
                fresh
            })
            .map(|(start, std::cmp::Reverse(length), word)| Found {
                range: start..start + length,
                word,
            })
    }
}

fn measures(
    words: Vec<String>,
    slots: Vec<String>,
    clause_ends: &str,
) -> Result<Option<Measures>, String> {
    if words.is_empty() {
        return Ok(None);
    }
    if slots.is_empty() || clause_ends.is_empty() {
        return Err("给出 measure_words 时必须同时给出 measure_slots 和 clause_ends".into());
    }
    if words.iter().chain(&slots).any(|w| w.is_empty()) {
        return Err("measure_words、measure_slots 中不能有空字符串".into());
    }
    let automaton = automaton(&words).map_err(|e| format!("measure_words：{e}"))?;
    Ok(Some(Measures {
        automaton,
        slots: Slots::new(slots),
        clause_ends: clause_ends.chars().collect(),
    }))
}

/// Words that ask for a count after them (`达到`, `应到`).
struct Slots(Vec<String>);

impl Slots {
    /// Longest first, so `共计` is preferred to `计`.
    fn new(mut words: Vec<String>) -> Slots {
        words.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Slots(words)
    }

    /// The longest word `before` ends with. Most units follow none: a word's last byte,
    /// compared first, rules out most words without comparing the rest.
    fn ending(&self, before: &str) -> Option<&str> {
        let last = before.as_bytes().last()?;
        self.0
            .iter()
            .map(String::as_str)
            .find(|s| s.as_bytes().last() == Some(last) && before.ends_with(s))
    }
}

impl Measures {
    /// Spans `slot + measure word` of the measure words standing where a count was deleted.
    fn find(&self, ctx: &Context, findings: &mut Vec<(Span, Span)>) {
        let text = ctx.text;
        for m in self.automaton.find(ctx) {
            // Measure words are common characters: the clause end after one, a test of one
            // character, rules out most before the slots are looked for.
            let ends_clause = text[m.range.end..]
                .chars()
                .next()
                .is_some_and(|c| self.clause_ends.contains(&c));
            if !ends_clause {
                continue;
            }
            let before = &text[..m.range.start];
            if let Some(slot) = self.slots.ending(before) {
                findings.push((m.range.start - slot.len()..m.range.end, m.range));
            }
        }
    }
}
impl Check for MissingNumber {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut findings = Vec::new();
        for m in self.automaton.find(ctx) {
            let before = text[..m.range.start].trim_end_matches([' ', '\t', '\u{3000}']);
            let Some(prev) = before.chars().next_back() else {
                continue;
            };
            let slot = self.slots.ending(before);
            let unit = &text[m.range.clone()];
            let numeral_unit = unit
                .chars()
                .next()
                .is_some_and(|c| self.numerals.contains(&c));
            let rest = &text[m.range.end..];
            // A unit that begins with a numeral followed by an approximation is a round number
            // of its own (`万人以上`), whatever comes before it.
            if numeral_unit
                && self
                    .round_followers
                    .iter()
                    .any(|f| rest.starts_with(f.as_str()))
            {
                continue;
            }
            // So is one after a word of approximate quantity (`上万人`, `数万名`, `近亿元`).
            let counted = self.numerals.contains(&prev)
                || (self.approximations.contains(&prev) && numeral_unit);
            let start = if let Some(slot) = slot {
                before.len() - slot.len()
            } else if counted {
                continue;
            } else if m.word < self.units
                && (is_han(prev) || self.punctuation.contains(&prev))
                && !(numeral_unit && self.names_something(rest))
            {
                m.range.start
            } else {
                continue;
            };
            findings.push((start..m.range.end, m.range));
        }
        if let Some(measures) = &self.measures {
            measures.find(ctx, &mut findings);
            // In text order, and a span found both ways reported once.
            findings.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
            let mut end = 0;
            findings.retain(|(span, _)| {
                let fresh = span.start >= end;
                end = end.max(span.end);
                fresh
            });
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !findings.is_empty());
        for (span, unit) in findings {
            if filter.keep(&span) {
                let args = [("match", &text[span.clone()]), ("unit", &text[unit])];
                out.push(ctx.diagnostic(rule, span, &args));
            }
        }
    }
}

impl MissingNumber {
    /// Is a unit followed by `rest` part of a name (`亿元村`) rather than a quantity?
    fn names_something(&self, rest: &str) -> bool {
        let Some(followers) = &self.followers else {
            return false;
        };
        let glued = rest
            .chars()
            .next()
            .is_some_and(|c| is_han(c) || c.is_ascii_alphanumeric());
        glued && !followers.iter().any(|f| rest.starts_with(f.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, run_toml};

    /// Overlapping words, one of them twice, one a prefix of another.
    const WORDS: &[&str] = &["万人次", "人次", "人", "万人", "%", "人次", "万", "万元户"];

    fn ranges(found: Vec<super::Found>) -> Vec<(std::ops::Range<usize>, usize)> {
        found.into_iter().map(|f| (f.range, f.word)).collect()
    }

    #[test]
    fn a_unit_s_slot_is_the_longest_word_the_text_before_it_ends_with() {
        let slots = super::Slots::new(["计", "到", "共计", "达到"].map(String::from).to_vec());
        assert_eq!(slots.ending("全年共计"), Some("共计"));
        assert_eq!(slots.ending("已经达到"), Some("达到"));
        assert_eq!(slots.ending("收到"), Some("到"));
        // `地` ends with the byte `到` ends with.
        assert_eq!(slots.ending("实地"), None);
        assert_eq!(slots.ending("计划"), None);
        assert_eq!(slots.ending(""), None);
    }

    proptest::proptest! {
        #[test]
        fn the_shared_scan_finds_what_the_automaton_finds(text in crate::checks::testing::text_of(&["万", "人", "次", "%", "元", "户", "万人次", "，", "a"])) {
            let words = super::automaton(WORDS).unwrap();
            let ids = words.ids.clone().unwrap();
            let occurrences = crate::analysis::vocabulary::Occurrences::scan(&text);
            proptest::prop_assert!(occurrences.covers(&ids));
            proptest::prop_assert_eq!(
                ranges(words.in_occurrences(&ids, &occurrences).collect()),
                ranges(words.by_automaton(&text).collect())
            );
        }
    }

    const RULE: &str = r#"
[[rule]]
code = "ZJ996"
name = "test-missing-number"
category = "placeholder"
severity = "warning"
kind = "missing-number"
message = "“{match}”前缺少数字（{unit}）"
help = "补上数字"
units = ["亿元", "万元", "万人次", "%"]
counters = ["人次"]
slots = ["达到", "共"]
exclude = ['亿元以上']
"#;

    #[test]
    fn units_without_numbers_are_reported() {
        let text = "𠀀全年投入达到亿元，年测试任务万人次。\n增长%；共 人次；新开工亿元以上项目";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(1, 6, "达到亿元"),
                h(1, 16, "万人次"),
                h(2, 3, "%"),
                h(2, 5, "共 人次")
            ]
        );
    }

    #[test]
    fn units_with_numbers_are_quiet() {
        let text = "财政总收45.8亿元，达到 12 亿元，培训人次达到5000，增长８%，一千万元，（%）";
        assert_eq!(run_toml(RULE, text), vec![]);
    }

    #[test]
    fn punctuation_is_configurable() {
        let text = "增长6%、%，万元";
        assert_eq!(run_toml(RULE, text), vec![]);
        let rule = RULE.replace("exclude =", "punctuation = \"、\"\nexclude =");
        assert_eq!(run_toml(&rule, text), vec![h(1, 6, "%")]);
    }

    #[test]
    fn followers_tell_names_from_quantities() {
        let text = "打造亿元村，年测试任务万人次。全年收入亿元左右";
        assert_eq!(
            run_toml(RULE, text),
            vec![h(1, 3, "亿元"), h(1, 12, "万人次"), h(1, 20, "亿元")]
        );
        let rule = RULE.replace("exclude =", "followers = [\"左右\"]\nexclude =");
        assert_eq!(
            run_toml(&rule, text),
            vec![h(1, 12, "万人次"), h(1, 20, "亿元")]
        );
    }

    #[test]
    fn numerals_are_configurable() {
        let text = "近万人次，上亿元，增长近%";
        assert_eq!(
            run_toml(RULE, text),
            vec![h(1, 2, "万人次"), h(1, 7, "亿元"), h(1, 13, "%")]
        );
        let rule = RULE.replace("exclude =", "approximations = \"近上\"\nexclude =");
        assert_eq!(run_toml(&rule, text), vec![h(1, 13, "%")]);
        let rule = RULE.replace("exclude =", "numerals = \"0123456789近上\"\nexclude =");
        assert_eq!(run_toml(&rule, text), vec![]);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let no_slots = RULE.replace("slots = [\"达到\", \"共\"]\n", "");
        assert!(Catalogue::default().add_file("t.toml", &no_slots).is_err());
        let unknown = RULE.replace("exclude =", "unit = []\nexclude =");
        assert!(Catalogue::default().add_file("t.toml", &unknown).is_err());
        let empty = RULE.replace(
            "units = [\"亿元\", \"万元\", \"万人次\", \"%\"]",
            "units = [\"\"]",
        );
        assert!(Catalogue::default().add_file("t.toml", &empty).is_err());
    }

    // ZJ306 missing-number
    #[test]
    fn missing_numbers_in_summaries() {
        let text = "落实年度投入目标，全年教育投入达到亿元。全面推进普通话培训测试工作，年测试任务万人次。\n\
                    同比增长%，提高个百分点，新建所学校，投入余万元。\n\
                    新增就业万人，比重超过%，人口增长近%。\n\
                    分别增长6%、%，完成投资亿元。";
        assert_eq!(
            crate::checks::testing::run("ZJ306", text),
            vec![
                h(1, 16, "达到亿元"),
                h(1, 40, "万人次"),
                h(2, 3, "增长%"),
                h(2, 7, "提高个百分点"),
                h(2, 14, "新建所学校"),
                h(2, 20, "投入余万元"),
                h(3, 5, "万人"),
                h(3, 12, "%"),
                h(3, 19, "%"),
                h(4, 8, "%"),
                h(4, 12, "投资亿元"),
            ]
        );
    }

    #[test]
    fn real_numbers_and_words_are_quiet() {
        let text = "财政总收45.8亿元，近万人次，上亿元，数万元，提升0.56与2.3个百分点，\
                    新开工亿元以上项目，万元GDP能耗，万众一心，亿万人民，百分点，培训人次同比增长，\
                    总额5．4万亿元，增长（%），1000余万元，完成个人所得税申报，xx万元，\
                    建设万吨级码头，实际使用外资1263亿美元，实施万人计划，开展万人承诺活动，数万人参加，逾万人次，\
                    新开工投资亿元以上重大项目，人均收入突破万元大关，超过万人参加，（单位：亿元、%），行驶公里数。";
        assert_eq!(crate::checks::testing::run("ZJ306", text), vec![]);
    }

    #[test]
    fn approximate_quantities_are_numbers() {
        let text = "参观人数达到万人以上，吸引上万人参加，数万名群众，惠及近万人，投入数十万元，\
                    投资几百万元，共有千余人参加，成千上万的群众，万余名干部，达到百万级用户，\
                    达到上亿元，投资逾亿元，共有百余万人，达到十几万人，达到几十万人次，\
                    达到万人左右，完成投资亿元以上，达到万元以下，收入万元之多。";
        assert_eq!(crate::checks::testing::run("ZJ306", text), vec![]);
        // A deleted number stays reported, with a slot or before punctuation.
        let text = "全年教育投入达到亿元。年测试任务万人次。达到亿元，增长%。";
        assert_eq!(
            crate::checks::testing::run("ZJ306", text),
            vec![
                h(1, 7, "达到亿元"),
                h(1, 17, "万人次"),
                h(1, 21, "达到亿元"),
                h(1, 26, "增长%"),
            ]
        );
    }

    #[test]
    fn measure_words_need_a_slot_and_a_clause_end() {
        let rule = RULE.replace(
            "exclude =",
            "measure_words = [\"人\", \"件\"]\nmeasure_slots = [\"应到\", \"建议\"]\nclause_ends = \"、，\"\nexclude =",
        );
        let text = "应到人、建议件，应到人员，文件、应到12人、建议件";
        assert_eq!(
            run_toml(&rule, text),
            vec![h(1, 1, "应到人"), h(1, 5, "建议件")]
        );
        let no_ends = rule.replace("clause_ends = \"、，\"\n", "");
        assert!(Catalogue::default().add_file("t.toml", &no_ends).is_err());
    }

    #[test]
    fn round_followers_are_configurable() {
        let text = "全年收入达到亿元左右";
        assert_eq!(run_toml(RULE, text), vec![h(1, 5, "达到亿元")]);
        let rule = RULE.replace("exclude =", "round_followers = [\"左右\"]\nexclude =");
        assert_eq!(run_toml(&rule, text), vec![]);
    }

    #[test]
    fn seed_003_deleted_numbers() {
        let path = crate::checks::testing::corpus_dir().join("seeds/003_36c1d0439d07d8ae.txt");
        let text = std::fs::read_to_string(path).expect("corpus fixture");
        assert_eq!(
            crate::checks::testing::run("ZJ306", &text),
            vec![h(3, 1095, "达到亿元"), h(3, 4606, "万人次")]
        );
    }
}
