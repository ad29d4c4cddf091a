//! The fix engine: the one place where findings' fixes change a text.
//!
//! A pass takes the fixes of one lint, in the order of their first edit, and applies every fix
//! whose edits overlap neither each other nor an edit already taken; the others wait for the
//! next pass, which lints the changed text again. Passes repeat until nothing changes, at most
//! [`MAX_PASSES`] times, so fixing a fixed text changes nothing. A fix is applied whole or not
//! at all: its edits belong together (renumbering a list, a pair of quotes).

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::lint::{lint, Settings};
use crate::source::Source;

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
    pub edits: Vec<crate::diagnostic::Edit>,
}

/// Apply the fixes that `level` allows, each whole, skipping one that overlaps an edit taken
/// before it (in the order of the fixes' first edits; ties keep the findings' order).
pub fn apply_once<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
    level: FixLevel,
) -> Applied {
    let mut candidates: Vec<(usize, &Fix)> = fixes
        .into_iter()
        .filter(|f| level.allows(f.applicability) && !f.edits.is_empty())
        .filter(|f| f.edits.iter().all(|e| well_placed(text, e)))
        .enumerate()
        .collect();
    candidates.sort_by_key(|(order, f)| (first_start(f), *order));
    let mut taken: Vec<&crate::diagnostic::Edit> = Vec::new();
    let (mut fixed, mut deferred) = (0, 0);
    for (_, fix) in candidates {
        let mut edits: Vec<_> = fix.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let overlaps_itself = edits.windows(2).any(|w| w[0].span.end > w[1].span.start);
        let overlaps_taken = edits
            .iter()
            .any(|e| taken.iter().any(|t| overlap(&t.span, &e.span)));
        if overlaps_itself || overlaps_taken {
            deferred += 1;
            continue;
        }
        taken.extend(edits);
        fixed += 1;
    }
    taken.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in &taken {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        fixed,
        deferred,
        edits: taken.into_iter().cloned().collect(),
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
fn well_placed(text: &str, edit: &crate::diagnostic::Edit) -> bool {
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
    let mut current = source.clone();
    let mut findings = lint(&current, settings);
    let (mut fixed, mut passes) = (0, 0);
    while passes < MAX_PASSES {
        let applied = apply_once(
            &current.text,
            findings.iter().filter_map(|d| d.fix.as_ref()),
            level,
        );
        if applied.fixed == 0 || applied.text == current.text {
            break;
        }
        fixed += applied.fixed;
        passes += 1;
        // The fixed text is linted as itself: positions in the original file no longer apply.
        current = Source {
            text: applied.text,
            origin: Default::default(),
            ..current
        };
        findings = lint(&current, settings);
    }
    Fixed {
        text: current.text,
        fixed,
        passes,
        remaining: findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    fn fix(applicability: Applicability, edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            title: String::new(),
            edits: edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: s..e,
                    replacement: r.to_string(),
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
}
