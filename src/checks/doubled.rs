//! Check kind `doubled`: a character or a short word written twice in a row (`要在在`,
//! `进行进行`), with a fix that deletes the second copy.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ601"
//! name = "doubled-word"
//! category = "wording"
//! severity = "warning"
//! kind = "doubled"
//! message = "“{match}”中的“{unit}”重复了"
//! help = "删去重复的“{unit}”"
//! fix = "unsafe"
//! # Optional, default 4, at most 8: the longest repeated unit, in characters.
//! max_unit = 4
//! # Required: the characters whose doubling is reported. Most doubled characters in real
//! # text are two words meeting (`重要要求`, `人民民主`), so only characters that are words of
//! # their own and rarely end or begin another word are listed (`在`, `将`, `以`).
//! single = "在将"
//! # Optional: characters that make a doubled character before them a word's suffix written
//! # after a repeated last character (`稳定定性` for `稳定性`): `X X 性` is reported for any X.
//! suffixes = "性化"
//! # Optional: words that are doubled on purpose: AA words (`常常`, `人人`) and ABAB verbs
//! # (`研究研究`). AABB (`家家户户`), a run of three or more copies (`哈哈哈`), and a
//! # measure word after 一 (`一个个`, `一步一步`) are never reported.
//! reduplications = ["常常", "人人", "研究研究"]
//! # Optional: contexts (regular expressions) that veto a finding they overlap, for the
//! # places where two words meet on a listed character (`为了了解`).
//! exclude = ['为了了解']
//! # Optional: two-character words whose last character written twice right before a clause
//! # mark is reported (`文件件，`), even where the doubled character is a reduplication
//! # elsewhere (`件件有回复`): a reduplicated adverb never stands right before the mark.
//! word_ends = ["文件", "工作"]
//! ```
//!
//! Only Han text of the prose view is read (no markers, junk, addresses). `{match}` is the
//! doubled text, `{unit}` the repeated part. The fix is unsafe: deleting a character changes
//! the sentence, and a person should see that it was not two words meeting.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::is_han;
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use foldhash::{HashSet, HashSetExt};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_max_unit")]
    max_unit: usize,
    single: String,
    #[serde(default)]
    suffixes: String,
    #[serde(default)]
    reduplications: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    word_ends: Vec<String>,
}

/// The longest unit a rule may ask for: each character is compared for every unit length up
/// to it, so it bounds the time per character.
const MAX_UNIT: usize = 8;

fn default_max_unit() -> usize {
    4
}

struct Doubled {
    max_unit: usize,
    single: HashSet<char>,
    suffixes: HashSet<char>,
    /// The doubled words written on purpose, each as its repeated unit (`常`, `研究`).
    intended: HashSet<String>,
    excludes: Excludes,
    /// Two-character words (`文件`): `文件件` before a clause mark is a slip.
    word_ends: HashSet<[char; 2]>,
}

/// The marks that end a clause: nothing reduplicated stands right before them by design.
const CLAUSE_MARKS: &[char] = &[
    '，', '。', '；', '、', '：', '！', '？', ',', ';', ':', '!', '?', '）', ')',
];

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if !(1..=MAX_UNIT).contains(&params.max_unit) {
        return Err(format!("max_unit 应为 1 到 {MAX_UNIT}"));
    }
    if params.single.is_empty() {
        return Err("single 不能为空".into());
    }
    let mut intended = HashSet::new();
    for word in &params.reduplications {
        let chars: Vec<char> = word.chars().collect();
        let half = chars.len() / 2;
        if !chars.len().is_multiple_of(2) || half == 0 || chars[..half] != chars[half..] {
            return Err(format!(
                "reduplications 中的“{word}”不是重叠词（AA 或 ABAB）"
            ));
        }
        intended.insert(chars[..half].iter().collect());
    }
    let mut word_ends = HashSet::new();
    for word in &params.word_ends {
        match word.chars().collect::<Vec<_>>()[..] {
            [a, b] if a != b && is_han(a) && is_han(b) => word_ends.insert([a, b]),
            _ => return Err(format!("word_ends 中的“{word}”不是两个不同汉字的词")),
        };
    }
    Ok(Arc::new(Doubled {
        max_unit: params.max_unit,
        single: params.single.chars().collect(),
        suffixes: params.suffixes.chars().collect(),
        intended,
        excludes: Excludes::new(&params.exclude)?,
        word_ends,
    }))
}

impl Doubled {
    /// The length of the unit doubled at `i` that is to be reported, if any: the longest.
    fn doubled_at(&self, chars: &[char], i: usize) -> Option<usize> {
        let first = chars[i];
        // Most characters start no unit repeated right after it: a unit's first character
        // comes back within MAX_UNIT characters, which are compared at once (no branch, so
        // they are compared side by side).
        if let Some(next) = chars.get(i + 1..i + 1 + MAX_UNIT) {
            if !next.iter().fold(false, |seen, &c| seen | (c == first)) {
                return None;
            }
        }
        let mut n = self.max_unit.min((chars.len() - i) / 2);
        while n > 0 {
            if chars[i + n] == first
                && chars[i..i + n] == chars[i + n..i + 2 * n]
                && chars[i..i + n].iter().all(|&c| is_han(c))
                && self.is_fault(chars, i, n)
            {
                return Some(n);
            }
            n -= 1;
        }
        None
    }

    fn is_fault(&self, chars: &[char], i: usize, n: usize) -> bool {
        let unit = &chars[i..i + n];
        let before = |k: usize| i.checked_sub(k).map(|at| chars[at]);
        let after = |k: usize| chars.get(i + 2 * n + k).copied();
        // A third copy before or after: emphasis or a sound word, not a slip.
        let third_before = i >= n && chars[i - n..i] == *unit;
        let third_after = chars.get(i + 2 * n..i + 3 * n).is_some_and(|s| s == unit);
        if third_before || third_after {
            return false;
        }
        // A word's last character doubled at the end of a clause: 文件件，
        let word_end = n == 1
            && after(0).is_none_or(|a| CLAUSE_MARKS.contains(&a))
            && before(1).is_some_and(|b| self.word_ends.contains(&[b, unit[0]]));
        if word_end {
            return true;
        }
        if self.intended.contains(&unit.iter().collect::<String>()) {
            return false;
        }
        // A measure word after 一: 一个个, 一步一步.
        if before(1) == Some('一') || unit[0] == '一' {
            return false;
        }
        if n > 1 {
            // AAAA is a run of AA; ABAB of other words is a slip.
            return unit.iter().any(|&c| c != unit[0]);
        }
        let x = unit[0];
        // AABB: 家家户户, 认认真真.
        let pair_after = after(0).is_some_and(|a| a != x && after(1) == Some(a));
        let pair_before = before(1).is_some_and(|b| b != x && before(2) == Some(b));
        if pair_after || pair_before {
            return false;
        }
        let suffix_after =
            after(0).is_some_and(|a| self.suffixes.contains(&a)) && before(1).is_some_and(is_han);
        self.single.contains(&x) || suffix_after
    }
}

impl Check for Doubled {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found = Vec::new();
        // One buffer for every span: most spans are short.
        let mut chars = Vec::new();
        for span in ctx.prose().spans() {
            chars.clear();
            chars.extend(text[span.clone()].chars());
            // The byte offset of chars[counted], brought up to a finding's start only.
            let (mut counted, mut at) = (0, span.start);
            let bytes_of = |run: &[char]| run.iter().map(|c| c.len_utf8()).sum::<usize>();
            let mut i = 0;
            while i < chars.len() {
                match self.doubled_at(&chars, i) {
                    Some(n) => {
                        at += bytes_of(&chars[counted..i]);
                        let unit_len = bytes_of(&chars[i..i + n]);
                        let end = at + 2 * unit_len;
                        found.push((at..end, at + unit_len));
                        (i, counted, at) = (i + 2 * n, i + 2 * n, end);
                    }
                    None => i += 1,
                }
            }
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !found.is_empty());
        for (span, second) in found {
            if !filter.keep(&span) {
                continue;
            }
            let unit = &text[span.start..second];
            let fix = Fix {
                title: crate::diagnostic::interned(format!("删去重复的“{unit}”")),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: second..span.end,
                    replacement: crate::diagnostic::SharedText::empty(),
                }),
                applicability: Applicability::Unsafe,
            };
            let found = &text[span.clone()];
            out.push(ctx.diagnostic_with_fix(rule, span, &[("match", found), ("unit", unit)], fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::accepts;

    #[test]
    fn bad_parameters_are_errors() {
        assert!(accepts(super::build, r#"single = "在""#).is_ok());
        assert!(accepts(super::build, r#"single = """#).is_err());
        assert!(accepts(super::build, "single = \"在\"\nmax_unit = 0").is_err());
        assert!(accepts(super::build, "single = \"在\"\nreduplications = [\"研究\"]").is_err());
        assert!(accepts(
            super::build,
            "single = \"在\"\nreduplications = [\"研究研讨\"]"
        )
        .is_err());
        assert!(accepts(super::build, "single = \"在\"\nexclude = ['(']").is_err());
        assert!(accepts(super::build, "single = \"在\"\nsingles = \"将\"").is_err());
        assert!(accepts(super::build, "single = \"在\"\nword_ends = [\"文件\"]").is_ok());
        for bad in ["文", "文件夹", "件件", "ab"] {
            let params = format!("single = \"在\"\nword_ends = [\"{bad}\"]");
            assert!(accepts(super::build, &params).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_unit_longer_than_the_bound_is_an_error() {
        assert!(accepts(super::build, "single = \"在\"\nmax_unit = 8").is_ok());
        assert!(accepts(super::build, "single = \"在\"\nmax_unit = 9").is_err());
        assert!(accepts(
            super::build,
            "single = \"在\"\nmax_unit = 9223372036854775807"
        )
        .is_err());
    }

    /// The definition: every unit length tried, longest first, with the slices compared.
    fn reference_doubled_at(check: &super::Doubled, chars: &[char], i: usize) -> Option<usize> {
        (1..=check.max_unit).rev().find(|&n| {
            i + 2 * n <= chars.len()
                && chars[i..i + n] == chars[i + n..i + 2 * n]
                && chars[i..i + n].iter().all(|&c| super::is_han(c))
                && check.is_fault(chars, i, n)
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// The screen on the next characters changes no answer.
        #[test]
        fn doubled_at_agrees_with_the_definition(
            chars in proptest::collection::vec(proptest::sample::select(vec!['在', '将', '研', '究', '性', '一', 'a', '，']), 0..30),
            max_unit in 1usize..=8,
        ) {
            let check = super::Doubled {
                max_unit,
                single: "在将".chars().collect(),
                suffixes: "性".chars().collect(),
                intended: ["研究".to_string()].into_iter().collect(),
                excludes: super::Excludes::new(&[]).expect("no excludes"),
                word_ends: [['研', '究']].into_iter().collect(),
            };
            for i in 0..chars.len() {
                proptest::prop_assert_eq!(check.doubled_at(&chars, i), reference_doubled_at(&check, &chars, i));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["在", "将", "一", "个", "性", "稳定", "研究", "常", "家", "户", "文件", "件", "𠀀", "。", "，", " ", "\n", "\r\n", "一、"])) {
            crate::checks::testing::assert_sound("ZJ601", &text);
        }
    }
}
