//! The fix engine: the one place where findings' fixes change a text.
//!
//! A pass takes the fixes of one lint, in the order of their first edit, and applies every fix
//! whose edits overlap neither each other nor an edit already taken; the others wait for the
//! next pass, which lints the changed text again. Passes repeat until nothing changes, at most
//! [`MAX_PASSES`] times, so fixing a fixed text changes nothing. A fix is applied whole or not
//! at all: its edits belong together (renumbering a list, a pair of quotes).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::lint::{lint, Settings};
use crate::source::Source;
use std::ops::Range;

/// Fixes that keep producing new fixes stop here; the text is still well formed.
pub const MAX_PASSES: usize = 8;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixLevel {
    /// Only fixes that are always right.
    Safe,
    /// Also fixes that need a look (substitutions, renumbering).
    Unsafe,
}

impl FixLevel {
    pub fn allows(self, applicability: Applicability) -> bool {
        self == FixLevel::Unsafe || applicability == Applicability::Safe
    }
}

/// What one pass did to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// The fixes applied, in text order.
    pub fixed: usize,
    /// Fixes left for another pass because they overlap one applied.
    pub deferred: usize,
    /// The edits applied, in text order, with spans in the text the pass was given: the
    /// text outside them is kept as it was.
    pub edits: Vec<Edit>,
}

/// Which fixes one pass applies: indices into the fixes given, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The fixes taken, by their index in the fixes given, in the order of their first edits.
    pub taken: Vec<usize>,
    /// Fixes left for another pass because they overlap one taken.
    pub deferred: usize,
}

/// Choose the fixes that `level` allows, each whole, skipping one that overlaps an edit taken
/// before it (in the order of the fixes' first edits; ties keep the findings' order). A fix
/// with an edit outside `text` or off a character boundary is never taken.
pub fn select<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    level: FixLevel,
) -> Selection {
    let mut candidates: Vec<(usize, &Fix)> = fixes
        .into_iter()
        .enumerate()
        .filter(|(_, f)| level.allows(f.applicability) && !f.edits.is_empty())
        .filter(|(_, f)| f.edits.iter().all(|e| well_placed(text, e)))
        .collect();
    candidates.sort_by_key(|(order, f)| (first_start(f), *order));
    let mut taken = TakenSpans::default();
    let mut selection = Selection {
        taken: Vec::new(),
        deferred: 0,
    };
    for (order, fix) in candidates {
        let mut edits: Vec<_> = fix.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let overlaps_itself = edits.windows(2).any(|w| w[0].span.end > w[1].span.start);
        if overlaps_itself || edits.iter().any(|e| taken.clashes(&e.span)) {
            selection.deferred += 1;
            continue;
        }
        for edit in edits {
            taken.add(&edit.span);
        }
        selection.taken.push(order);
    }
    selection
}

/// The spans of the edits taken so far, by start (the largest end of those starting there).
/// No two taken spans [`overlap`], so ordered by start they end in order too: a new span can
/// only clash with one starting where it starts or with the last one starting before its end,
/// which keeps a pass over many fixes at `O(n log n)`.
#[derive(Default)]
struct TakenSpans(std::collections::BTreeMap<usize, usize>);

impl TakenSpans {
    fn clashes(&self, span: &std::ops::Range<usize>) -> bool {
        self.0.contains_key(&span.start)
            || self
                .0
                .range(..span.end)
                .next_back()
                .is_some_and(|(&start, &end)| overlap(&(start..end), span))
    }

    fn add(&mut self, span: &std::ops::Range<usize>) {
        let end = self.0.entry(span.start).or_insert(span.end);
        *end = (*end).max(span.end);
    }
}

/// Apply the fixes that [`select`] takes.
pub fn apply_once<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    level: FixLevel,
) -> Applied {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let selection = select(text, fixes.iter().copied(), level);
    let mut edits: Vec<Edit> = selection
        .taken
        .iter()
        .flat_map(|&index| fixes[index].edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in &edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        fixed: selection.taken.len(),
        deferred: selection.deferred,
        edits,
    }
}

/// Two edits touch the same text; two insertions at one place also clash (their order would
/// be arbitrary).
fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

fn first_start(fix: &Fix) -> usize {
    fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
}

/// An edit inside the text and on character boundaries; anything else is a rule's defect and
/// is not applied rather than cutting a character in two.
fn well_placed(text: &str, edit: &Edit) -> bool {
    edit.span.start <= edit.span.end
        && edit.span.end <= text.len()
        && text.is_char_boundary(edit.span.start)
        && text.is_char_boundary(edit.span.end)
}

/// What fixing a text did, over all passes.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    /// Findings fixed, over all passes.
    pub fixed: usize,
    /// Passes run that changed the text.
    pub passes: usize,
    /// Findings on the final text (those with no fix, or a fix `level` does not allow).
    pub remaining: Vec<Diagnostic>,
}

/// Lint `source`, apply the fixes `level` allows, and lint again, until a pass changes
/// nothing or [`MAX_PASSES`] passes have run. The text is the rules' text: for a .docx that
/// includes the numbering labels, so its fixes go back through the paragraphs' pieces instead.
pub fn fix_source(source: &Source, settings: &Settings, level: FixLevel) -> Fixed {
    fix_source_traced(source, settings, level).0
}

/// A stretch where a fixed text differs from the text it was fixed from: `original` (byte
/// offsets in the original text) became `fixed` (byte offsets in the fixed text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub original: Range<usize>,
    pub fixed: Range<usize>,
}

/// [`fix_source`], with where the fixed text differs from the original: the changes of all
/// passes composed, in text order, neither overlapping nor touching, each as small as it can
/// be (what both sides start and end with is left out). They are what a diff shows and what
/// an editor applies, without diffing the two texts (which is quadratic on a long line).
pub fn fix_source_traced(
    source: &Source,
    settings: &Settings,
    level: FixLevel,
) -> (Fixed, Vec<Change>) {
    let mut current = source.clone();
    let mut findings = lint(&current, settings);
    let (mut fixed, mut passes) = (0, 0);
    let mut changes: Vec<Change> = Vec::new();
    while passes < MAX_PASSES {
        let applied = apply_once(
            &current.text,
            findings.iter().filter_map(|d| d.fix.as_deref()),
            level,
        );
        if applied.fixed == 0 || applied.text == current.text {
            break;
        }
        fixed += applied.fixed;
        passes += 1;
        changes = compose(&changes, &applied.edits);
        // The fixed text is linted as itself: positions in the original file no longer apply.
        current = Source {
            text: applied.text,
            origin: Default::default(),
            ..current
        };
        findings = lint(&current, settings);
    }
    let changes = minimal(&source.text, &current.text, changes);
    let fixed = Fixed {
        text: current.text,
        fixed,
        passes,
        remaining: findings,
    };
    (fixed, changes)
}

/// The changes from the original text to the text after one more pass, given `changes` (from
/// the original to the text before the pass) and the pass's `edits` (spans in the text before
/// the pass; in order, not overlapping). Changes and edits that overlap or touch become one
/// change.
fn compose(changes: &[Change], edits: &[Edit]) -> Vec<Change> {
    let mut out = Vec::with_capacity(changes.len() + edits.len());
    let (mut c, mut e) = (0, 0);
    // What the changes and edits before the current group added to the text's length.
    let (mut change_growth, mut edit_growth) = (0isize, 0isize);
    let growth = |new: usize, old: usize| new as isize - old as isize;
    let shift = |at: usize, by: isize| at.saturating_add_signed(by);
    while c < changes.len() || e < edits.len() {
        let start = match (changes.get(c), edits.get(e)) {
            (Some(change), Some(edit)) => change.fixed.start.min(edit.span.start),
            (Some(change), None) => change.fixed.start,
            (None, Some(edit)) => edit.span.start,
            (None, None) => break,
        };
        let mut end = start;
        let (mut group_change_growth, mut group_edit_growth) = (0, 0);
        loop {
            if let Some(change) = changes.get(c).filter(|ch| ch.fixed.start <= end) {
                end = end.max(change.fixed.end);
                group_change_growth += growth(change.fixed.len(), change.original.len());
                c += 1;
            } else if let Some(edit) = edits.get(e).filter(|edit| edit.span.start <= end) {
                end = end.max(edit.span.end);
                group_edit_growth += growth(edit.replacement.len(), edit.span.len());
                e += 1;
            } else {
                break;
            }
        }
        out.push(Change {
            original: shift(start, -change_growth)
                ..shift(end, -(change_growth + group_change_growth)),
            fixed: shift(start, edit_growth)..shift(end, edit_growth + group_edit_growth),
        });
        change_growth += group_change_growth;
        edit_growth += group_edit_growth;
    }
    out
}

/// Each change without the characters both its sides start or end with; changes left with
/// nothing to change (a later pass undid an earlier one) are dropped.
fn minimal(original: &str, fixed: &str, changes: Vec<Change>) -> Vec<Change> {
    changes
        .into_iter()
        .filter_map(|change| {
            let (old, new) = differing(
                &original[change.original.clone()],
                &fixed[change.fixed.clone()],
            );
            let change = Change {
                original: change.original.start + old.start..change.original.start + old.end,
                fixed: change.fixed.start + new.start..change.fixed.start + new.end,
            };
            (!change.original.is_empty() || !change.fixed.is_empty()).then_some(change)
        })
        .collect()
}

/// Where `old` and `new` differ: a byte range in each, without the characters both start and
/// end with (linear in their length; the prefix is taken first, so the ranges never cross).
pub fn differing(old: &str, new: &str) -> (Range<usize>, Range<usize>) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix..old.len() - suffix, prefix..new.len() - suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(applicability: Applicability, edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            title: Default::default(),
            edits: edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: s..e,
                    replacement: r.into(),
                })
                .collect(),
            applicability,
        }
    }

    #[test]
    fn edits_apply_in_text_order_whatever_the_findings_order() {
        let text = "甲，乙，丙";
        let fixes = [
            fix(Applicability::Safe, &[(9, 12, "、")]),
            fix(Applicability::Safe, &[(3, 6, "、")]),
        ];
        let applied = apply_once(text, &fixes, FixLevel::Safe);
        assert_eq!(applied.text, "甲、乙、丙");
        assert_eq!((applied.fixed, applied.deferred), (2, 0));
    }

    #[test]
    fn an_overlapping_fix_waits_whole_for_the_next_pass() {
        let text = "要在在会上";
        let fixes = [
            // taken first: its first edit comes first in the text
            fix(Applicability::Safe, &[(6, 9, "")]),
            // overlaps it in one of its two edits: none of it is applied
            fix(Applicability::Safe, &[(6, 6, "x"), (9, 12, "议")]),
            // an insertion where a taken edit starts clashes too
            fix(Applicability::Safe, &[(12, 12, "。"), (6, 6, "甲")]),
        ];
        let applied = apply_once(text, &fixes, FixLevel::Safe);
        assert_eq!(applied.text, "要在会上");
        assert_eq!((applied.fixed, applied.deferred), (1, 2));
    }

    #[test]
    fn unsafe_fixes_need_the_unsafe_level() {
        let text = "效劳群众";
        let fixes = [fix(Applicability::Unsafe, &[(0, 6, "服务")])];
        assert_eq!(apply_once(text, &fixes, FixLevel::Safe).text, text);
        assert_eq!(apply_once(text, &fixes, FixLevel::Unsafe).text, "服务群众");
    }

    #[test]
    fn a_pass_reports_the_edits_it_applied_in_text_order() {
        let text = "要在在会上，，";
        let fixes = [
            fix(Applicability::Safe, &[(18, 21, "")]),
            // overlaps the next one, which starts first: deferred, so not among the edits
            fix(Applicability::Safe, &[(6, 9, "")]),
            fix(Applicability::Safe, &[(3, 9, "在")]),
        ];
        let applied = apply_once(text, &fixes, FixLevel::Safe);
        assert_eq!(applied.text, "要在会上，");
        let spans: Vec<_> = applied.edits.iter().map(|e| e.span.clone()).collect();
        assert_eq!(spans, [3..9, 18..21]);
        assert_eq!(applied.edits[0].replacement, "在");
    }

    #[test]
    fn an_edit_off_a_character_boundary_or_past_the_end_is_not_applied() {
        let text = "一、总结";
        let fixes = [
            fix(Applicability::Safe, &[(1, 3, "x")]),
            fix(Applicability::Safe, &[(9, 40, "x")]),
        ];
        let applied = apply_once(text, &fixes, FixLevel::Safe);
        assert_eq!(applied.text, text);
        assert_eq!(applied.fixed, 0);
    }

    proptest::proptest! {
        /// Looking up clashes among the spans taken chooses what comparing every pair would.
        #[test]
        fn select_takes_what_pairwise_comparison_takes(
            spans in proptest::collection::vec(
                proptest::collection::vec((0usize..12, 0usize..4), 1..3),
                0..12,
            ),
        ) {
            let text = "a".repeat(16);
            let fixes: Vec<Fix> = spans
                .iter()
                .map(|edits| {
                    let edits: Vec<(usize, usize, &str)> =
                        edits.iter().map(|&(start, len)| (start, start + len, "")).collect();
                    fix(Applicability::Safe, &edits)
                })
                .collect();
            let mut order: Vec<usize> = (0..fixes.len()).collect();
            order.sort_by_key(|&i| (first_start(&fixes[i]), i));
            let mut taken: Vec<&Edit> = Vec::new();
            let mut expected = Vec::new();
            for i in order {
                let mut edits: Vec<&Edit> = fixes[i].edits.iter().collect();
                edits.sort_by_key(|e| (e.span.start, e.span.end));
                let itself = edits.windows(2).any(|w| w[0].span.end > w[1].span.start);
                let others = edits
                    .iter()
                    .any(|e| taken.iter().any(|t| overlap(&t.span, &e.span)));
                if !itself && !others {
                    taken.extend(edits);
                    expected.push(i);
                }
            }
            let selection = select(&text, &fixes, FixLevel::Safe);
            proptest::prop_assert_eq!(selection.deferred, fixes.len() - expected.len());
            proptest::prop_assert_eq!(selection.taken, expected);
        }
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use proptest::prelude::*;

    /// The original with each change's original text replaced by its fixed text.
    fn replay(original: &str, fixed: &str, changes: &[Change]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for change in changes {
            out.push_str(&original[at..change.original.start]);
            out.push_str(&fixed[change.fixed.clone()]);
            at = change.original.end;
        }
        out + &original[at..]
    }

    /// One pass of `edits` (span, replacement; in order, not overlapping) on `text`, through
    /// the engine: the text after it, and the edits applied.
    fn pass(text: &str, edits: &[(Range<usize>, &str)]) -> (String, Vec<Edit>) {
        let fixes: Vec<Fix> = edits
            .iter()
            .map(|(span, replacement)| Fix {
                title: Default::default(),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: span.clone(),
                    replacement: (*replacement).into(),
                }),
                applicability: Applicability::Safe,
            })
            .collect();
        let applied = apply_once(text, &fixes, FixLevel::Safe);
        assert_eq!(applied.fixed, fixes.len(), "every edit applies");
        (applied.text, applied.edits)
    }

    #[test]
    fn changes_of_two_passes_are_composed_and_merged_where_they_touch() {
        let original = "abcdef";
        let (first, edits) = pass(original, &[(1..2, "XY")]);
        let changes = compose(&[], &edits);
        assert_eq!(
            changes,
            [Change {
                original: 1..2,
                fixed: 1..3
            }]
        );
        let (second, edits) = pass(&first, &[(0..1, ""), (5..6, "Z")]);
        assert_eq!(second, "XYcdZf");
        let changes = minimal(original, &second, compose(&changes, &edits));
        assert_eq!(
            changes,
            [
                Change {
                    original: 0..2,
                    fixed: 0..2
                },
                Change {
                    original: 4..5,
                    fixed: 4..5
                }
            ]
        );
        assert_eq!(replay(original, &second, &changes), second);
    }

    #[test]
    fn a_change_undone_by_a_later_pass_is_no_change() {
        let original = "甲，乙";
        let (first, edits) = pass(original, &[(3..6, ",")]);
        let changes = compose(&[], &edits);
        let (second, edits) = pass(&first, &[(3..4, "，")]);
        assert_eq!(second, original);
        assert_eq!(minimal(original, &second, compose(&changes, &edits)), []);
    }

    proptest! {
        /// Over up to three passes of arbitrary edits, the composed changes turn the original
        /// into the fixed text, in order, with unchanged text between them.
        #[test]
        fn composed_changes_replay_to_the_fixed_text(
            text in "[a-c甲乙]{0,12}",
            passes in prop::collection::vec(
                prop::collection::vec((0usize..16, 0usize..3, "[xy丙]{0,2}"), 0..4),
                1..4,
            ),
        ) {
            let mut current = text.clone();
            let mut changes = Vec::new();
            for wanted in passes {
                let chars: Vec<usize> = current
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([current.len()])
                    .collect();
                let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
                let mut free = 0;
                let mut wanted = wanted;
                wanted.sort();
                for (start, len, replacement) in &wanted {
                    let start = (*start).min(chars.len() - 1);
                    let end = (start + len).min(chars.len() - 1);
                    if chars[start] < free || (chars[start] == free && free > 0) {
                        continue;
                    }
                    edits.push((chars[start]..chars[end], replacement.as_str()));
                    free = chars[end].max(chars[start] + 1);
                }
                let (next, traced) = pass(&current, &edits);
                changes = compose(&changes, &traced);
                current = next;
            }
            let changes = minimal(&text, &current, changes);
            prop_assert_eq!(replay(&text, &current, &changes), current.clone());
            for pair in changes.windows(2) {
                prop_assert!(pair[0].original.end < pair[1].original.start);
                prop_assert!(pair[0].fixed.end < pair[1].fixed.start);
            }
        }
    }
}
