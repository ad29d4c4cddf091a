//! Literal phrase lists, found in one pass.

use crate::model::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A compiled list of literal phrases (the `phrase` and `substitution` kinds).
pub(crate) struct Phrases {
    automaton: AhoCorasick,
    ascii_boundaries: bool,
}

impl Phrases {
    pub(crate) fn new(
        key: &str,
        phrases: &[String],
        ascii_boundaries: bool,
        ignore_case: bool,
    ) -> Result<Self, String> {
        if phrases.is_empty() {
            return Err(format!("{key} 不能为空"));
        }
        if phrases.iter().any(|p| p.is_empty()) {
            return Err(format!("{key} 中不能有空字符串"));
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ignore_case)
            .build(phrases)
            .map_err(|e| format!("{key}：{e}"))?;
        Ok(Phrases {
            automaton,
            ascii_boundaries,
        })
    }

    /// (index of the phrase, span) of every occurrence, leftmost-longest, non-overlapping.
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, Span)> {
        self.automaton
            .find_iter(text)
            .filter(|m| !self.ascii_boundaries || ascii_bounded(text, m.start(), m.end()))
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }
}

/// False when the match starts (ends) with an ASCII alphanumeric glued to another one.
fn ascii_bounded(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let glued_before = alnum(start) && start > 0 && alnum(start - 1);
    let glued_after = end > start && alnum(end - 1) && alnum(end);
    !glued_before && !glued_after
}
