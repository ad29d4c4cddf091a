//! Check kind `numbering-sequence`: headings of one level under one parent numbered 1, 2, 3
//! without gaps, repeats or restarts.
//!
//! Parameters:
//! - `report`: `"gap"` (default) reports a gap, a repeat or a step back, and a first child not
//!   numbered 1 under a real parent heading; `"restart"` reports a sequence that starts again at
//!   1 while its parent stays the same (a parent heading is missing, or the numbering is wrong).
//! - `first_child_message`: the message for a first child not numbered 1 (`{expected}`,
//!   `{found}`, `{parent}`); the rule's own message serves the other cases (`{expected}`,
//!   `{found}`, `{previous}`).
//! - `misstyled_message`, `misstyled_help`: for a marker written in a lower level's style where
//!   its parent's next sibling belongs (`（一）` `2.` `（三）`: `{expected}` is `（二）`).
//! - `repeat_message`, `repeat_help`: for a number repeated or going back (`（3）` twice): the
//!   rest of the sequence needs renumbering, no item is missing.
//!
//! `{expected}` is written in the marker's own form when that form is the GB/T 9704 one, else
//! in the standard form of its family (`(3)` → `（4）`, `3、` → `4.`): advice never repeats a
//! non-standard form.
//!
//! Numbering restarts under each new parent, in each segment of a collection, after a
//! Markdown heading without a number and after text the page hid (`……此处隐藏27020个字……`):
//! the headings after such a notice are not compared with those before it. At the top of an excerpt a sequence may start anywhere.
//! Numbering that runs on across parents (`1.`–`5.` under `一、`, `6.` under `二、`) is accepted.
//!
//! In Markdown the `#` count nests the headings (see `section_tree_by_markdown`); a heading
//! that carries the number after its parent's, in the parent's family, at a deeper `#` level
//! (`## 2.` then `### 3.`) is the parent's next sibling at the wrong level
//! (`markdown_level_message`, `markdown_level_help`: `{expected}` is `## 3.`).

use super::{filled, params, Check, Context};
use crate::analysis::outline::{
    acceptable, is_split, marker_text, marker_with, numeral_of, Accept,
};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::{saturating_u32, Heading, MarkerFamily, Span};
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Report {
    #[default]
    Gap,
    Restart,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    report: Report,
    #[serde(default)]
    first_child_message: Option<String>,
    #[serde(default)]
    misstyled_message: Option<String>,
    #[serde(default)]
    misstyled_help: Option<String>,
    #[serde(default)]
    repeat_message: Option<String>,
    #[serde(default)]
    repeat_help: Option<String>,
    #[serde(default)]
    markdown_level_message: Option<String>,
    #[serde(default)]
    markdown_level_help: Option<String>,
}

struct NumberingSequence {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(NumberingSequence {
        params: params(table)?,
    }))
}

/// The marker to recommend with number `n`: as written when the written form is the GB/T 9704
/// one (`1．` stays `2．`), else the standard form of the family (`(3)` → `（4）`).
fn expected_marker(text: &str, heading: &Heading, n: u32) -> String {
    if acceptable(heading, Accept::default()) {
        marker_with(text, heading, n)
    } else {
        heading.family.render(n)
    }
}

/// Where a Markdown heading without a number starts, and its `#` count: numbering restarts
/// there for the headings of its level and deeper (an unnumbered `###` does not restart the
/// `## 1.` `## 2.` above it).
fn unnumbered_markdown_headings(ctx: &Context) -> Vec<(usize, u8)> {
    ctx.doc
        .lines
        .iter()
        .filter(|l| l.heading().is_none() && !l.is_blank())
        .filter_map(|l| Some((l.span().start, l.markdown_level()?)))
        .collect()
}

/// The marker with the `#`s of its Markdown heading, as the writer typed it (`### 3.`).
fn with_hashes(heading: &Heading, marker: &str) -> String {
    match heading.markdown_level {
        Some(level) => format!("{} {marker}", "#".repeat(level as usize)),
        None => marker.to_string(),
    }
}

/// Is there a line between lines `from` and `to` (exclusive) that reads as a heading without a
/// number (`2024年工作计划`, `第二部分：工作安排`): short, on its own, with no sentence
/// punctuation? Numbering may restart under it.
fn unnumbered_title_between(ctx: &Context, from: usize, to: usize) -> bool {
    let lines = &ctx.doc.lines;
    (from + 1..to.min(lines.len())).any(|l| {
        let line = &lines[l];
        let content = ctx.text.get(line.content()).unwrap_or("");
        let content = content.trim_matches(['*', '_']);
        let length = content.chars().count();
        line.heading().is_none()
            && !ctx.junk_lines.get(l).copied().unwrap_or(false)
            && (2..=30).contains(&length)
            && content.chars().any(crate::analysis::text::is_han)
            && !content.contains(|c: char| {
                matches!(
                    c,
                    '。' | '，' | '、' | '；' | '！' | '？' | ',' | ';' | '!' | '?'
                )
            })
    })
}

/// A sequence: (segment, stretch, parent or [`NO_PARENT`], family, boundary), in u32s: a
/// large file has a sequence for nearly every heading, and a key of five words took 48 bytes.
type Key = (u32, u32, u32, MarkerFamily, u32);

/// The parent of a sequence of top-level headings, in a [`Key`].
const NO_PARENT: u32 = u32::MAX;

/// How many marker families there are: a slot for each, indexed by the family (read with
/// `get`, so a family added after `Circled` without this count finds no slot, never panics).
const FAMILIES: usize = MarkerFamily::Circled as usize + 1;

/// No heading, in a list of heading indices.
const NONE: u32 = u32::MAX;

/// The sequences of siblings, numbered from 0 in the order their first headings come: the
/// sequence of each heading and, in text order, the headings of each that the outline holds
/// (what a renumbering fix renumbers). Flat lists of u32s: the maps and lists they replace
/// took 79 MB on a 50 MB file of 366,000 headings.
struct Sequences {
    /// The sequence of each heading.
    of: Vec<u32>,
    /// Where each sequence's headings start in `members`, and at the end their count.
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Sequences {
    /// The sequences of `count` headings, heading `i`'s sequence named by `key_of(i)`; the
    /// headings for which `is_member` holds are listed in theirs.
    fn new(
        count: usize,
        key_of: impl Fn(usize) -> Key,
        is_member: impl Fn(usize) -> bool,
    ) -> Sequences {
        let mut ids: HashMap<Key, u32> = HashMap::new();
        let of: Vec<u32> = (0..count)
            .map(|i| {
                let next = saturating_u32(ids.len());
                *ids.entry(key_of(i)).or_insert(next)
            })
            .collect();
        // Counted, summed to where each sequence ends, then filled back to front so that each
        // end moves to its start and each sequence stays in text order.
        let mut starts = vec![0u32; ids.len() + 1];
        drop(ids);
        let members_of = || (0..count).filter(|&i| is_member(i));
        for i in members_of().rev() {
            starts[of[i] as usize] += 1;
        }
        let mut total = 0;
        for start in starts.iter_mut() {
            total += *start;
            *start = total;
        }
        let mut members = vec![0u32; total as usize];
        for i in members_of().rev() {
            let slot = &mut starts[of[i] as usize];
            *slot -= 1;
            members[*slot as usize] = saturating_u32(i);
        }
        Sequences {
            of,
            starts,
            members,
        }
    }

    fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The sequence of heading `i`.
    fn of(&self, i: usize) -> usize {
        self.of[i] as usize
    }

    /// The headings of `sequence` that the outline holds, in text order.
    fn members(&self, sequence: usize) -> &[u32] {
        let (from, to) = (self.starts[sequence], self.starts[sequence + 1]);
        &self.members[from as usize..to as usize]
    }
}

/// The state of one sequence: its last heading and the number that heading should have had.
#[derive(Clone, Copy)]
struct Last {
    heading: u32,
    should_be: u32,
}

/// The arguments of a finding that names the expected marker and the one before it.
fn sibling_args<'a>(
    expected: &'a str,
    found: &'a str,
    previous: &'a str,
) -> [(&'static str, &'a str); 3] {
    [
        ("expected", expected),
        ("found", found),
        ("previous", previous),
    ]
}

/// `diagnostic` with the message and help of its case, when the rule gives them.
fn worded(
    mut diagnostic: Diagnostic,
    args: &[(&str, &str)],
    message: &Option<String>,
    help: &Option<String>,
) -> Diagnostic {
    if let Some(message) = message {
        diagnostic.message = filled(message, args);
    }
    if let Some(help) = help {
        diagnostic.help = filled(help, args);
    }
    diagnostic
}

/// The edits that number the run of siblings `run` (one sequence, in text order) `first`,
/// `first + 1`, …, changing only the numerals: the run ends where numbering starts again at 1.
/// None when a number of the run is not text (Word draws it) or cannot be written.
fn renumbering(ctx: &Context, run: &[u32], first: u32) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for (n, (k, &i)) in (first..).zip(run.iter().enumerate()) {
        let heading = &ctx.doc.headings[i as usize];
        if k > 0 && heading.ordinal == 1 {
            break;
        }
        // ① runs to ⑳, and `chinese_numeral` writes up to 九十九.
        let unwritable = match heading.family {
            MarkerFamily::Circled => n > 20,
            MarkerFamily::Chinese | MarkerFamily::ChineseParen => n > 99,
            MarkerFamily::Arabic | MarkerFamily::ArabicParen => false,
        };
        if ctx.is_automatic(&heading.marker()) || is_split(heading) || unwritable {
            return None;
        }
        let written = ctx.text.get(heading.numeral()).unwrap_or("");
        let mut numeral = numeral_of(heading, n);
        // `04.` renumbered is `03.`: a numeral padded with a zero keeps its width.
        if let Some(zero) = written.chars().next().filter(|c| matches!(c, '0' | '０')) {
            let short = written
                .chars()
                .count()
                .saturating_sub(numeral.chars().count());
            numeral.insert_str(0, &zero.to_string().repeat(short));
        }
        if written != numeral {
            edits.push(Edit {
                span: heading.numeral(),
                replacement: crate::diagnostic::interned(numeral),
            });
        }
    }
    Some(edits)
}

/// The fix that renumbers the siblings of `run` from heading `i` on, starting at `first`
/// (when the rule declares fixes): numbering a list again is one change, applied whole.
fn renumber(rule: &RuleDef, ctx: &Context, run: &[u32], i: usize, first: u32) -> Option<Box<Fix>> {
    let from = run.partition_point(|&j| (j as usize) < i);
    let edits = renumbering(ctx, &run[from..], first)?;
    let title = format!("从此处起重新编号（改 {} 处）", edits.len());
    ctx.fix(rule, title, edits)
}

impl NumberingSequence {
    /// Does `heading` carry the number after its parent's, in the parent's family, while its
    /// Markdown heading is deeper (`## 2.` then `### 3.`)? Then it is the parent's next
    /// sibling written at the wrong `#` level, not its first child.
    fn markdown_misplaced(&self, ctx: &Context, heading: &Heading, parent: Option<usize>) -> bool {
        let Some(parent) = parent.map(|p| &ctx.doc.headings[p]) else {
            return false;
        };
        parent.family == heading.family
            && parent.ordinal + 1 == heading.ordinal
            && matches!(
                (parent.markdown_level, heading.markdown_level),
                (Some(above), Some(here)) if here > above
            )
    }
}

impl Check for NumberingSequence {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        // The starts of unnumbered Markdown headings, by level, in text order: counted by
        // binary search for each heading.
        let mut boundaries: std::collections::BTreeMap<u8, Vec<usize>> = Default::default();
        for (start, level) in unnumbered_markdown_headings(ctx) {
            boundaries.entry(level).or_default().push(start);
        }
        // The last heading of each family in a stretch of a segment, whatever its parent.
        let mut last_of_family: HashMap<(u32, u32, MarkerFamily), u32> = HashMap::new();
        // For each heading, the next kept heading of each family in its segment and stretch:
        // the headings after a new segment or after text the page hid do not count. Indexed
        // by family: five slots of a heading index or [`NONE`].
        let mut next_of_family: Vec<[u32; FAMILIES]> = vec![[NONE; FAMILIES]; headings.len()];
        let mut ahead = [NONE; FAMILIES];
        for i in (0..headings.len()).rev() {
            let place = |h: &Heading| (h.segment(), h.stretch());
            if i + 1 < headings.len() && place(&headings[i + 1]) != place(&headings[i]) {
                ahead = [NONE; FAMILIES];
            }
            next_of_family[i] = ahead;
            if tree.get(i).is_some_and(|s| s.is_some()) {
                if let Some(slot) = ahead.get_mut(headings[i].family as usize) {
                    *slot = saturating_u32(i);
                }
            }
        }
        let key_of = |i: usize| {
            let heading = &headings[i];
            let parent = tree
                .get(i)
                .and_then(|s| s.as_ref())
                .and_then(|s| s.parent());
            let boundary = match parent {
                Some(_) => 0,
                None => boundaries
                    .iter()
                    .filter(|(level, _)| heading.markdown_level.is_none_or(|m| **level <= m))
                    .map(|(_, starts)| starts.partition_point(|&s| s < heading.marker().start))
                    .sum(),
            };
            (
                saturating_u32(heading.segment()),
                saturating_u32(heading.stretch()),
                parent.map_or(NO_PARENT, saturating_u32),
                heading.family,
                saturating_u32(boundary),
            )
        };
        let sequences = Sequences::new(headings.len(), key_of, |i| {
            tree.get(i).is_some_and(|s| s.is_some())
        });
        // The last child of each sequence, and the number it should have had.
        let mut last: Vec<Option<Last>> = vec![None; sequences.count()];
        for (i, heading) in headings.iter().enumerate() {
            let Some(section) = tree.get(i).and_then(|s| s.as_ref()) else {
                continue;
            };
            let sequence = sequences.of(i);
            let family_key = (
                saturating_u32(heading.segment()),
                saturating_u32(heading.stretch()),
                heading.family,
            );
            // Made only for a finding: most headings have none.
            let found_marker = || marker_text(ctx.text, heading);
            let span: Span = heading.marker();
            let mut should_be = heading.ordinal;
            match last[sequence] {
                None if self.markdown_misplaced(ctx, heading, section.parent()) => {
                    // `### 3.` after `## 1.` `## 2.`: the parent's sequence goes on from it.
                    let parent = section.parent().unwrap_or(i);
                    if let Some(entry) = last[sequences.of(parent)].as_mut() {
                        *entry = Last {
                            heading: saturating_u32(i),
                            should_be: heading.ordinal,
                        };
                    }
                    if self.params.report == Report::Gap {
                        let expected = with_hashes(
                            &headings[parent],
                            &expected_marker(ctx.text, heading, heading.ordinal),
                        );
                        let found = with_hashes(heading, &found_marker());
                        let previous = with_hashes(
                            &headings[parent],
                            &marker_text(ctx.text, &headings[parent]),
                        );
                        let args = sibling_args(&expected, &found, &previous);
                        let d = ctx.diagnostic(rule, span, &args);
                        let p = &self.params;
                        out.push(worded(
                            d,
                            &args,
                            &p.markdown_level_message,
                            &p.markdown_level_help,
                        ));
                    }
                }
                None => {
                    let continues = last_of_family
                        .get(&family_key)
                        .is_some_and(|&q| headings[q as usize].ordinal + 1 == heading.ordinal);
                    if let Some(parent) = section.parent().filter(|_| heading.ordinal != 1) {
                        if !continues {
                            should_be = 1;
                        }
                        // `2.` where `（二）` belongs: it carries the number after its parent's,
                        // and the parent's next sibling carries the one after it.
                        let misstyled = !continues
                            && headings[parent].ordinal + 1 == heading.ordinal
                            && (next_of_family[i].get(headings[parent].family as usize))
                                .copied()
                                .filter(|&j| j != NONE)
                                .is_some_and(|j| {
                                    headings[j as usize].ordinal == heading.ordinal + 1
                                });
                        if misstyled {
                            if let Some(entry) = last[sequences.of(parent)].as_mut() {
                                entry.should_be = heading.ordinal;
                            }
                            if self.params.report == Report::Gap {
                                let expected =
                                    expected_marker(ctx.text, &headings[parent], heading.ordinal);
                                let previous = marker_text(ctx.text, &headings[parent]);
                                let found = found_marker();
                                let args = sibling_args(&expected, &found, &previous);
                                let d = ctx.diagnostic(rule, span, &args);
                                let p = &self.params;
                                out.push(worded(d, &args, &p.misstyled_message, &p.misstyled_help));
                            }
                        } else if self.params.report == Report::Gap && !continues {
                            let expected = expected_marker(ctx.text, heading, 1);
                            let parent = marker_text(ctx.text, &headings[parent]);
                            let found = found_marker();
                            let args = [
                                ("expected", expected.as_str()),
                                ("found", found.as_str()),
                                ("parent", parent.as_str()),
                                ("previous", parent.as_str()),
                            ];
                            let mut d = ctx.diagnostic(rule, span, &args);
                            if let Some(message) = &self.params.first_child_message {
                                d.message = filled(message, &args);
                            }
                            d.fix = renumber(rule, ctx, sequences.members(sequence), i, 1);
                            out.push(d);
                        }
                    }
                }
                Some(Last {
                    heading: p,
                    should_be: previous_should_be,
                }) => {
                    let p = p as usize;
                    let previous = &headings[p];
                    // After a wrong number, either reading of the count is accepted, so one
                    // fault is reported once: `一、一、三、` and `一、二、四、五、`.
                    let fits = heading.ordinal == previous.ordinal + 1
                        || heading.ordinal == previous_should_be + 1;
                    let report = if fits {
                        None
                    } else if heading.ordinal == 1 && previous.ordinal > 1 {
                        if unnumbered_title_between(ctx, previous.line(), heading.line()) {
                            None
                        } else {
                            Some(Report::Restart)
                        }
                    } else {
                        Some(Report::Gap)
                    };
                    if report.is_some() {
                        should_be = previous_should_be + 1;
                    }
                    if report == Some(self.params.report) {
                        let repeat = heading.ordinal <= previous.ordinal;
                        let expected = expected_marker(ctx.text, heading, previous.ordinal + 1);
                        let previous = marker_text(ctx.text, previous);
                        let found = found_marker();
                        let args = sibling_args(&expected, &found, &previous);
                        let mut d = ctx.diagnostic(rule, span, &args);
                        if repeat && self.params.report == Report::Gap {
                            d = worded(
                                d,
                                &args,
                                &self.params.repeat_message,
                                &self.params.repeat_help,
                            );
                        }
                        if self.params.report == Report::Gap {
                            let next = headings[p].ordinal + 1;
                            d.fix = renumber(rule, ctx, sequences.members(sequence), i, next);
                        }
                        out.push(d);
                    }
                }
            }
            last[sequence] = Some(Last {
                heading: saturating_u32(i),
                should_be,
            });
            last_of_family.insert(family_key, saturating_u32(i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Key, Sequences};
    use crate::checks::testing::run;
    use crate::model::MarkerFamily;

    /// A message repeated by many findings is one text, not one copy per finding: a file with
    /// a number repeated on every line has as many findings as lines.
    #[test]
    fn findings_with_the_same_message_share_it() {
        let repeated = "1.工作\n1.工作\n1.工作\n1.工作\n";
        let inverted = "一、甲\n1.乙\n（一）丙\n二、丁\n1.戊\n（一）己\n三、庚\n1.辛\n（一）壬\n";
        // The same items under two headings of the same title: `same_level_message`.
        let same_level = "一、工作\n需求一、甲事项\n需求二、乙事项\n".repeat(3);
        for (code, text) in [
            ("ZJ101", repeated),
            ("ZJ103", inverted),
            ("ZJ103", same_level.as_str()),
        ] {
            let found = crate::checks::testing::lint_builtin(code, text);
            assert_eq!(found.len(), 3, "{code}: {found:?}");
            for pair in found.windows(2) {
                assert_eq!(*pair[0].message, *pair[1].message, "{code}");
                assert_eq!(pair[0].message.as_ptr(), pair[1].message.as_ptr(), "{code}");
            }
        }
    }

    #[test]
    fn each_sequence_lists_its_members_in_text_order() {
        // Headings 0–6 in three sequences, by the parent in their key: 0 and 5 under none,
        // 1, 3 and 6 under heading 0, 2 and 4 under heading 1; heading 3 is not in the outline.
        let parents = [u32::MAX, 0, 1, 0, 1, u32::MAX, 0];
        let key_of = |i: usize| -> Key { (0, 0, parents[i], MarkerFamily::Arabic, 0) };
        let sequences = Sequences::new(parents.len(), key_of, |i| i != 3);
        assert_eq!(sequences.count(), 3);
        let of: Vec<usize> = (0..parents.len()).map(|i| sequences.of(i)).collect();
        assert_eq!(of, [0, 1, 2, 1, 2, 0, 1]);
        assert_eq!(sequences.members(0), [0, 5]);
        assert_eq!(sequences.members(1), [1, 6]);
        assert_eq!(sequences.members(2), [2, 4]);
        let none = Sequences::new(0, key_of, |_| true);
        assert_eq!(none.count(), 0);
    }

    fn gaps(text: &str) -> Vec<(usize, usize, String)> {
        run("ZJ101", text)
    }

    #[test]
    fn a_gap_names_the_expected_number() {
        let text = "一、甲\n正文。\n二、乙\n正文。\n四、丁\n正文。\n";
        assert_eq!(gaps(text), [(5, 1, "四、".to_string())]);
        let d = crate::lint::lint(
            &crate::source::Source::new("t.txt", text),
            &crate::lint::Settings::new(std::sync::Arc::new(
                crate::catalogue::Catalogue::builtin().unwrap(),
            )),
        );
        let d = d.iter().find(|d| d.code() == "ZJ101").unwrap();
        assert!(
            d.message.contains("此处应为“三、”，前一个是“二、”"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // A CR-only file: the gap is reported on the second line's marker.
        let text = "一、总体情况\r三、存在问题\r";
        let settings = crate::lint::Settings::new(std::sync::Arc::new(
            crate::catalogue::Catalogue::builtin().unwrap(),
        ));
        let found: Vec<_> =
            crate::lint::lint(&crate::source::Source::new("t.txt", text), &settings)
                .into_iter()
                .filter(|d| d.code() == "ZJ101")
                .map(|d| (d.span(), d.message.to_string()))
                .collect();
        let second_line = text.find('\r').unwrap() + 1;
        assert_eq!(
            found,
            [(
                second_line..second_line + "三、".len(),
                "编号不连续：此处应为“二、”，前一个是“一、”".to_string()
            )]
        );
    }

    /// Every ZJ101 finding on `text` as (message, help).
    fn advice(text: &str) -> Vec<(String, String)> {
        let settings = crate::lint::Settings::new(std::sync::Arc::new(
            crate::catalogue::Catalogue::builtin().unwrap(),
        ));
        crate::lint::lint(&crate::source::Source::new("t.txt", text), &settings)
            .into_iter()
            .filter(|d| d.code() == "ZJ101")
            .map(|d| (d.message.to_string(), d.help.to_string()))
            .collect()
    }

    #[test]
    fn advice_uses_the_standard_form() {
        // Half-width brackets and `、` after an Arabic numeral are not GB/T 9704 forms.
        let found = advice("2、加强干部队伍建设。\n(1) 甲。\n(2) 乙。\n(4) 丁。\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "编号不连续：此处应为“（3）”，前一个是“(2)”");
        assert!(
            found[0].1.ends_with("改为“（3）”，或补上缺少的一项"),
            "{}",
            found[0].1
        );
        let found = advice("一、甲\n(二)乙\n");
        assert_eq!(
            found[0].0,
            "编号不连续：此处应为“（一）”，这是“一、”下的第一项"
        );
        let found = advice("一、甲\n1、乙\n3、丙\n");
        assert_eq!(found[0].0, "编号不连续：此处应为“2.”，前一个是“1、”");
        // A standard form is kept as written (`．` is accepted at level 3).
        let found = advice("一、甲\n1．乙\n3．丙\n");
        assert_eq!(found[0].0, "编号不连续：此处应为“2．”，前一个是“1．”");
    }

    #[test]
    fn a_repeat_asks_for_renumbering_not_a_missing_item() {
        let found = advice("（一）甲\n（二）乙\n（二）丙\n（三）丁\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].0,
            "编号重复或倒退：此处应为“（三）”，前一个是“（二）”"
        );
        assert!(!found[0].1.contains("缺少"), "{}", found[0].1);
        assert!(found[0].1.contains("顺延"), "{}", found[0].1);
        // Going back is renumbered too.
        let found = advice("一、甲\n二、乙\n三、丙\n二、丁\n");
        assert!(found[0].0.starts_with("编号重复或倒退"), "{}", found[0].0);
        // A sibling written in a lower level's style: renumber, nothing is missing.
        let found = advice("三、任务\n（一）甲\n正文。\n2.乙\n正文。\n（三）丙\n");
        assert!(!found[0].1.contains("缺少"), "{}", found[0].1);
    }

    /// The position is a case of the rule (rules/numbering.toml); here, what the message says.
    #[test]
    fn a_sibling_written_in_the_wrong_style() {
        let text = "三、任务\n（一）甲\n正文。\n2.乙\n正文。\n（三）丙\n";
        let catalogue = crate::catalogue::Catalogue::builtin().unwrap();
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let d = crate::lint::lint(&crate::source::Source::new("t", text), &settings);
        let d = d.iter().find(|d| d.code() == "ZJ101").unwrap();
        assert!(d.message.contains("“（二）”"), "{}", d.message);
    }

    /// The seeds of the corpus fixtures.
    #[test]
    fn seed_004_numbering() {
        let path = crate::checks::testing::corpus_dir().join("seeds/004_512a2417b2fb3156.txt");
        let seed = std::fs::read_to_string(path).expect("corpus fixture");
        // The repeated `(3)`; `(三)` among `（一）`; `（一）` again after `（六）`.
        assert!(gaps(&seed).contains(&(79, 1, "(3)".to_string())));
        assert!(run("ZJ105", &seed).contains(&(97, 1, "(三)".to_string())));
        assert!(run("ZJ102", &seed).contains(&(49, 1, "（一）".to_string())));
    }

    /// The third-party documents of the shared corpus, pinned by position only.
    #[test]
    fn shared_corpus() {
        use crate::checks::testing::positions;
        let Some(root) = crate::checks::testing::real_corpus("numbering_sequence::shared_corpus")
        else {
            return;
        };
        let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap_or_default();
        let pages = |name: &str| read(&format!("pages_{name}"));
        let xjwk = pages("m.xjwk.net_某区教育局局长2009年度述职报告.txt");
        assert_eq!(positions(&gaps(&xjwk)), [(3, 25, 3)]);
        let taowenge = pages("taowenge.com_教育局关于2023年度工作总结和工作要点范文.txt");
        assert_eq!(positions(&gaps(&taowenge)), [(8, 302, 1)]);
        let cdhuaxingtx = pages("cdhuaxingtx.com_县教育局工作总结暨工作计划2023.txt");
        // A missing file reads as empty text, which has no finding either.
        assert!(
            !cdhuaxingtx.is_empty(),
            "cdhuaxingtx.com page missing from the shared corpus"
        );
        assert!(run("ZJ104", &cdhuaxingtx).is_empty());
        let szzzywl = pages("szzzywl.com_学校工作计划范文汇编8篇_编号混用.txt");
        assert_eq!(positions(&run("ZJ105", &szzzywl)), [(7, 1, 2)]);
        // Official reports: no numbering finding at all.
        for name in [
            "github_Nodreen-helloword_2018政府工作报告_节选.txt",
            "github_Qqi-W_2024政府工作报告.txt",
            "github_johncodes404_2026宁夏回族自治区政府工作报告_fulltext.txt",
        ] {
            let text = read(name);
            assert!(!text.is_empty(), "{name} missing from the shared corpus");
            for code in [
                "ZJ101", "ZJ102", "ZJ103", "ZJ104", "ZJ105", "ZJ106", "ZJ109",
            ] {
                assert!(run(code, &text).is_empty(), "{name} {code}");
            }
        }
    }

    /// `text` after the fixes of ZJ101 (a renumbering needs `--unsafe-fixes`).
    fn renumbered(text: &str) -> String {
        static SETTINGS: std::sync::OnceLock<crate::lint::Settings> = std::sync::OnceLock::new();
        let settings = SETTINGS.get_or_init(|| {
            let catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules");
            crate::lint::Settings::new(std::sync::Arc::new(catalogue))
        });
        let source = crate::source::Source::new("t.txt", text);
        let findings = crate::lint::lint(&source, settings);
        let fixes = findings
            .iter()
            .filter(|d| d.code() == "ZJ101")
            .filter_map(|d| d.fix.as_deref());
        crate::fix::apply_once(text, fixes, crate::fix::FixLevel::Unsafe).text
    }

    /// Headings of `markers`, each with a line of text under it.
    fn outline_of(markers: &[String]) -> String {
        markers
            .iter()
            .map(|m| format!("{m}工作\n正文。\n"))
            .collect()
    }

    #[test]
    fn renumbering_writes_each_family_in_its_own_numerals() {
        let chinese = |ns: &[u32]| -> Vec<String> {
            ns.iter()
                .map(|&n| format!("{}、", crate::model::chinese_numeral(n)))
                .collect()
        };
        // Past 十 and past 二十: 十一, 二十, 二十一.
        let written: Vec<u32> = (1..=9).chain(11..=13).collect();
        let right: Vec<u32> = (1..=12).collect();
        assert_eq!(
            renumbered(&outline_of(&chinese(&written))),
            outline_of(&chinese(&right))
        );
        let written: Vec<u32> = (1..=19).chain(21..=22).collect();
        let right: Vec<u32> = (1..=21).collect();
        assert_eq!(
            renumbered(&outline_of(&chinese(&written))),
            outline_of(&chinese(&right))
        );
        let circled = |s: &str| -> Vec<String> { s.chars().map(String::from).collect() };
        assert_eq!(
            renumbered(&outline_of(&circled("①②④⑤"))),
            outline_of(&circled("①②③④"))
        );
        let full_width = |s: &str| -> Vec<String> { s.chars().map(|c| format!("{c}.")).collect() };
        assert_eq!(
            renumbered(&outline_of(&full_width("１２４５"))),
            outline_of(&full_width("１２３４"))
        );
        let padded = |s: &[&str]| -> Vec<String> { s.iter().map(|n| format!("{n}.")).collect() };
        assert_eq!(
            renumbered(&outline_of(&padded(&["01", "02", "04", "05"]))),
            outline_of(&padded(&["01", "02", "03", "04"]))
        );
        assert_eq!(
            renumbered(&outline_of(&padded(&["08", "09", "09"]))),
            outline_of(&padded(&["08", "09", "10"]))
        );
        assert_eq!(
            renumbered(&outline_of(&full_width("８９９"))),
            outline_of(&["８.".to_string(), "９.".to_string(), "１０.".to_string()])
        );
    }

    #[test]
    fn no_renumbering_runs_past_the_numerals_a_family_can_write() {
        // A repeated ⑳ would need ㉑, which is no marker of the family: the finding stays, unfixed.
        let mut markers: Vec<String> = ('\u{2460}'..='\u{2473}').map(String::from).collect();
        markers.insert(5, "⑤".to_string());
        let text = outline_of(&markers);
        assert_eq!(gaps(&text), [(11, 1, "⑤".to_string())]);
        assert_eq!(renumbered(&text), text);
        // Renumbering a hundred `二、` from the first repeat would need 一百: that fix is not
        // offered (it wrote `100、`); a later repeat's, which stays within 九十九, is.
        let mut markers = vec!["一、".to_string()];
        markers.extend(std::iter::repeat_n("二、".to_string(), 99));
        let fixed = renumbered(&outline_of(&markers));
        let mut right = vec!["一、".to_string(), "二、".to_string(), "二、".to_string()];
        right.extend((3..=99).map(|n| format!("{}、", crate::model::chinese_numeral(n))));
        assert_eq!(fixed, outline_of(&right));
    }
}
