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
use crate::model::{Offsets, Span};
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

impl Doubled {
    /// The doubled units of `s` to report, each as (the doubled text, the start of its
    /// second copy), byte offsets in `s`. Every character is read.
    fn found_by_chars(&self, s: &str, chars: &mut Vec<char>, found: &mut Vec<(Span, usize)>) {
        chars.clear();
        chars.extend(s.chars());
        // The byte offset of chars[counted], brought up to a finding's start only.
        let (mut counted, mut at) = (0, 0);
        let bytes_of = |run: &[char]| run.iter().map(|c| c.len_utf8()).sum::<usize>();
        let mut i = 0;
        while i < chars.len() {
            match self.doubled_at(chars, i) {
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

    /// The stretch of `s` around the character at `at` that [`Doubled::doubled_at`] reads
    /// there: the units it tries with the copies after them, and the characters
    /// [`Doubled::is_fault`] looks at before and after them.
    fn window(&self, s: &str, at: usize) -> (usize, usize) {
        // Back: a third copy before a unit, or the pair before it (`家家在在`). Ahead: the two
        // copies and a third, or the pair after them (`在在家家`).
        let back = self.max_unit.max(2);
        let from = (s[..at].char_indices().rev().take(back).last()).map_or(at, |(i, _)| i);
        let ahead = 3 * self.max_unit + 2;
        let to = (s[at..].char_indices().nth(ahead)).map_or(s.len(), |(i, _)| at + i);
        (from, to)
    }

    /// What [`Doubled::found_by_chars`] finds in each of `spans` (sorted and apart), in
    /// offsets of `text`, reading characters only around the places where a character of
    /// three bytes comes back within `max_unit` characters: a unit of Han characters of three
    /// bytes each repeats at three times its length in bytes, so in a span without four-byte
    /// characters no unit is missed (a span with them is read whole). The bytes are marked a
    /// block at a time, over all the spans in it: one span is mostly too short for the
    /// vector compares to pay.
    fn found_in_spans(&self, text: &str, spans: &[Offsets]) -> Vec<(Span, usize)> {
        let bytes = text.as_bytes();
        let (mut chars, mut marks, mut found) = (Vec::new(), Vec::new(), Vec::new());
        // No unit starts before the end of the last one found, as when every character is read.
        let mut next = 0;
        let mut k = 0;
        let mut marked_to = 0;
        while let Some(first) = spans.get(k).map(|s| s.span()) {
            let block = marked_to.max(first.start)
                ..bytes.len().min(marked_to.max(first.start) + MARKED_BLOCK);
            comes_back(bytes, block.clone(), self.max_unit, &mut marks);
            marked_to = block.end;
            // The spans the block reaches into (an empty one at its end too).
            let reached = |span: &Span| span.start < block.end || span.end <= block.end;
            while let Some(span) = spans.get(k).map(|s| s.span()).filter(reached) {
                let s = &text[span.clone()];
                if span.start >= block.start && has_four_byte_chars(s) {
                    let before = found.len();
                    self.found_by_chars(s, &mut chars, &mut found);
                    for (unit, second) in &mut found[before..] {
                        *unit = unit.start + span.start..unit.end + span.start;
                        *second += span.start;
                    }
                    k += 1;
                    continue;
                }
                let part = span.start.max(block.start)..span.end.min(block.end);
                let in_block = &marks[part.start - block.start..part.end - block.start];
                let mut seen = 0;
                while let Some(m) = memchr::memchr(1, &in_block[seen..]) {
                    let at = part.start + seen + m;
                    seen += m + 1;
                    // A mark inside a character, or on one of another length, starts no unit;
                    // nor does one on a mark (`甲、乙、丙`): a unit is Han characters.
                    let starts_han = || s[at - span.start..].chars().next().is_some_and(is_han);
                    if at < next || bytes[at] & 0xf0 != 0xe0 || !starts_han() {
                        continue;
                    }
                    // A unit of `n` characters here is `3 × n` bytes (the span has no longer
                    // ones), and its copy the same bytes right after it: where none is, no
                    // unit starts, and the characters around need not be read.
                    let rest = &bytes[at..span.end];
                    let copied =
                        |n: usize| rest.get(..6 * n).is_some_and(|b| b[..3 * n] == b[3 * n..]);
                    if !(1..=self.max_unit).any(copied) {
                        continue;
                    }
                    let (from, to) = self.window(s, at - span.start);
                    chars.clear();
                    chars.extend(s[from..to].chars());
                    let i = s[from..at - span.start].chars().count();
                    if let Some(n) = self.doubled_at(&chars, i) {
                        let unit_len: usize = chars[i..i + n].iter().map(|c| c.len_utf8()).sum();
                        found.push((at..at + 2 * unit_len, at + unit_len));
                        next = at + 2 * unit_len;
                    }
                }
                if span.end > block.end {
                    break;
                }
                k += 1;
            }
        }
        found
    }
}

/// Whether `s` holds a character of four bytes. Read 64 bytes at a time, each block without
/// a branch (vector compares): most spans hold none and are read to their end.
fn has_four_byte_chars(s: &str) -> bool {
    (s.as_bytes().chunks(64)).any(|block| block.iter().fold(false, |any, &b| any | (b >= 0xf0)))
}

/// How many bytes [`comes_back`] marks at a time: its buffer stays small on a long line.
const MARKED_BLOCK: usize = 1 << 16;

/// Mark, for each byte offset `p` of `range` in `marks` (1 or 0, from `marks[0]` for
/// `range.start`), whether the three bytes at `p` come back `3 × k` bytes later for some `k`
/// up to `max_unit`. Each distance is compared over the whole range at once, as slices of one
/// length, which the compiler turns into vector instructions.
fn comes_back(bytes: &[u8], range: Span, max_unit: usize, marks: &mut Vec<u8>) {
    marks.clear();
    marks.resize(range.len(), 0);
    for k in 1..=max_unit {
        let d = 3 * k;
        // The last offset whose three bytes and their copy `d` later are all in the text.
        let end = range.end.min(bytes.len().saturating_sub(d + 2));
        let Some(len) = end.checked_sub(range.start).filter(|&len| len > 0) else {
            continue;
        };
        let from = range.start;
        let here = |i: usize| &bytes[from + i..from + i + len];
        let there = |i: usize| &bytes[from + d + i..from + d + i + len];
        let (a, b, c, x, y, z) = (here(0), here(1), here(2), there(0), there(1), there(2));
        let marks = &mut marks[..len];
        // Indexed, not zipped: slices of one length compile to vector compares.
        for i in 0..len {
            marks[i] |= u8::from((a[i] == x[i]) & (b[i] == y[i]) & (c[i] == z[i]));
        }
    }
}

impl Check for Doubled {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let found = self.found_in_spans(text, ctx.prose().offsets());
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
    use crate::model::Span;

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
            let check = check_of(max_unit);
            for i in 0..chars.len() {
                proptest::prop_assert_eq!(check.doubled_at(&chars, i), reference_doubled_at(&check, &chars, i));
            }
        }
    }

    proptest::proptest! {
        /// Each byte's mark says whether its three bytes come back at a multiple of three.
        #[test]
        fn marks_show_three_bytes_coming_back(
            bytes in proptest::collection::vec(proptest::sample::select(vec![0xe5u8, 0x9c, 0xa8, b'a', 0]), 0..80),
            max_unit in 1usize..=8,
            cut in (0usize..80, 0usize..80),
        ) {
            let range = cut.0.min(cut.1).min(bytes.len())..cut.0.max(cut.1).min(bytes.len());
            let mut marks = Vec::new();
            super::comes_back(&bytes, range.clone(), max_unit, &mut marks);
            let three = |at: usize| bytes.get(at..at + 3);
            let expected: Vec<u8> = range
                .map(|p| u8::from((1..=max_unit).any(|k| three(p).is_some() && three(p + 3 * k) == three(p))))
                .collect();
            proptest::prop_assert_eq!(marks, expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Spans marked together find in each what reading its characters finds.
        #[test]
        fn spans_marked_together_find_what_each_shows(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["在", "在在", "将将", "研究", "稳定", "家家", "一", "性", "𠀀", "a", "，", "\n"]), 0..40),
            cuts in proptest::collection::vec(0usize..60, 0..12),
            max_unit in 1usize..=4,
        ) {
            let text = pieces.concat();
            // Cut points on character boundaries, paired into sorted spans (some empty).
            let mut bounds: Vec<usize> = cuts
                .iter()
                .map(|&c| text.floor_char_boundary(c * 4))
                .collect();
            bounds.sort_unstable();
            let spans: Vec<Span> = bounds.chunks_exact(2).map(|p| p[0]..p[1]).collect();
            let check = check_of(max_unit);
            let mut expected = Vec::new();
            for span in &spans {
                let mut in_span = Vec::new();
                check.found_by_chars(&text[span.clone()], &mut Vec::new(), &mut in_span);
                expected.extend(in_span.into_iter().map(|(unit, second)| {
                    (unit.start + span.start..unit.end + span.start, second + span.start)
                }));
            }
            proptest::prop_assert_eq!(check.found_in_spans(&text, &spans.iter().map(crate::model::Offsets::of).collect::<Vec<_>>()), expected);
        }
    }

    #[test]
    fn a_four_byte_character_is_seen_in_any_block() {
        assert!(!super::has_four_byte_chars(""));
        assert!(!super::has_four_byte_chars(&"在a，".repeat(100)));
        for at in [0, 1, 63, 64, 65, 127, 128, 300] {
            let text = format!("{}𠀀{}", "a".repeat(at), "在".repeat(40));
            assert!(super::has_four_byte_chars(&text), "at {at}");
        }
    }

    /// A unit across the end of a block of marks is found, and a unit found in one block
    /// holds back the marks inside it in the next.
    #[test]
    fn units_across_blocks_are_found_as_by_every_character() {
        let check = check_of(4);
        for shift in 0..8 {
            for doubled in ["在在", "将将将", "稳定稳定"] {
                let filler = "工作报告，".repeat(super::MARKED_BLOCK / 15);
                let text = format!("{}{filler}{doubled}{filler}", "a".repeat(shift));
                let mut every = Vec::new();
                let screened =
                    check.found_in_spans(&text, &[crate::model::Offsets::of(&(0..text.len()))]);
                check.found_by_chars(&text, &mut Vec::new(), &mut every);
                assert_eq!(screened, every, "{shift} {doubled}");
                assert!(!every.is_empty() || doubled == "将将将");
            }
        }
    }

    /// The check the tests read: `在将` alone, `性` a suffix, `研究` doubled on purpose and a
    /// word whose last character doubled before a mark is a slip.
    fn check_of(max_unit: usize) -> super::Doubled {
        super::Doubled {
            max_unit,
            single: "在将".chars().collect(),
            suffixes: "性".chars().collect(),
            intended: ["研究".to_string()].into_iter().collect(),
            excludes: super::Excludes::new(&[]).expect("no excludes"),
            word_ends: [['研', '究']].into_iter().collect(),
        }
    }

    /// The window's answer and the whole text's at every character of `text`.
    fn answers(check: &super::Doubled, text: &str) -> Vec<(Option<usize>, Option<usize>)> {
        let chars: Vec<char> = text.chars().collect();
        let answer = |(i, (at, _)): (usize, (usize, char))| {
            let (from, to) = check.window(text, at);
            let window: Vec<char> = text[from..to].chars().collect();
            let local = text[from..at].chars().count();
            (
                check.doubled_at(&window, local),
                check.doubled_at(&chars, i),
            )
        };
        text.char_indices().enumerate().map(answer).collect()
    }

    /// The farthest reads: two characters back (`家家在在`, AABB), two past the second copy
    /// (`在在家家`), a third copy of the longest unit before or after it.
    #[test]
    fn the_window_holds_the_farthest_characters_read() {
        for text in [
            "家家在在",
            "在在家家",
            "稳定性稳定性稳定性",
            "研究稳定研究稳定研究稳定",
        ] {
            for max_unit in 1..=8 {
                for (window, whole) in answers(&check_of(max_unit), text) {
                    assert_eq!(window, whole, "{text} {max_unit}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// At every character, the window read gives the answer the whole text gives.
        #[test]
        fn the_window_answers_as_the_whole_text(
            chars in proptest::collection::vec(proptest::sample::select(vec!['在', '家', '稳', '定', '一', '性', '研', '究', 'a', '，']), 0..40),
            max_unit in 1usize..=8,
        ) {
            let text: String = chars.iter().collect();
            for (window, whole) in answers(&check_of(max_unit), &text) {
                proptest::prop_assert_eq!(window, whole, "{}", text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Reading characters only where one comes back finds what reading all of them does.
        #[test]
        fn the_byte_screen_finds_what_every_character_shows(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["在", "将", "研究", "究", "性", "稳定", "一", "个", "常", "家", "户", "𠀀", "a", "ab", "é", "，", "。", " ", "\n"]), 0..40),
            max_unit in 1usize..=8,
        ) {
            let text = pieces.concat();
            let check = check_of(max_unit);
            let mut every = Vec::new();
            let screened = check.found_in_spans(&text, &[crate::model::Offsets::of(&(0..text.len()))]);
            check.found_by_chars(&text, &mut Vec::new(), &mut every);
            proptest::prop_assert_eq!(screened, every);
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
