//! Literal phrase lists, found leftmost-longest. A list is part of the shared vocabulary (see
//! [`crate::analysis::vocabulary`]): where the document's one scan covers it, the phrases are
//! read from that scan instead of searching the text again.

use crate::analysis::vocabulary::{self, IdSet, LiteralId, Occurrences};
use crate::model::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::sync::OnceLock;

/// A compiled list of literal phrases (the `phrase`, `substitution` and `collocation` kinds).
pub(crate) struct Phrases {
    /// The list's own automaton, for a text the shared scan does not answer for. Built when
    /// first searched if the scan covers the list (most texts never need it: building one
    /// of a few hundred phrases cost about a million instructions at every start), else when
    /// the list loads.
    automaton: OnceLock<Option<AhoCorasick>>,
    phrases: Vec<String>,
    ignore_case: bool,
    ascii_boundaries: bool,
    /// Each distinct phrase once, in the shared vocabulary; None when the phrases cannot be
    /// read from the shared scan (ASCII case ignored, or a phrase not interned).
    shared: Option<SharedList>,
}

/// The distinct phrases of a list in the shared vocabulary, with their ids as a set.
struct SharedList {
    phrases: Vec<Shared>,
    ids: IdSet,
}

/// A distinct phrase of the list in the shared vocabulary.
struct Shared {
    id: LiteralId,
    /// The first index of the phrase in the list (a repeated phrase is reported by it).
    index: usize,
    len: usize,
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
        let shared = (!ignore_case).then(|| shared_phrases(phrases)).flatten();
        let automaton = OnceLock::new();
        if shared.is_none() {
            let built = automaton_of(phrases, ignore_case).map_err(|e| format!("{key}：{e}"))?;
            let _ = automaton.set(Some(built));
        }
        Ok(Phrases {
            automaton,
            phrases: phrases.to_vec(),
            ignore_case,
            ascii_boundaries,
            shared,
        })
    }

    /// (index of the phrase, span) of every occurrence in `text`, leftmost-longest,
    /// non-overlapping, read from `occurrences` (the shared scan of `text`, asked for only
    /// when wanted) when it covers the phrases.
    pub(crate) fn find<'o>(
        &self,
        text: &str,
        occurrences: impl FnOnce() -> Option<&'o Occurrences>,
    ) -> Vec<(usize, Span)> {
        // Reading costs a word of bits per 64 of the vocabulary's strings and a list per
        // phrase the text holds: less than a search, however short the text.
        let read = match &self.shared {
            Some(shared) => {
                occurrences().and_then(|occurrences| read_occurrences(shared, occurrences))
            }
            None => None,
        };
        let mut hits = read.unwrap_or_else(|| self.search(text));
        if self.ascii_boundaries {
            hits.retain(|(_, span)| ascii_bounded(text, span.start, span.end));
        }
        hits
    }

    /// The definition: one leftmost-longest search of `text` with the list's own automaton.
    fn search(&self, text: &str) -> Vec<(usize, Span)> {
        // A list the shared scan holds builds (its strings fit the scan's larger automaton).
        let automaton =
            (self.automaton).get_or_init(|| automaton_of(&self.phrases, self.ignore_case).ok());
        (automaton.iter())
            .flat_map(|automaton| automaton.find_iter(text))
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect()
    }

    /// Whether the list's own automaton is built (a test's question).
    #[cfg(test)]
    fn is_built(&self) -> bool {
        self.automaton.get().is_some()
    }
}

fn automaton_of(phrases: &[String], ignore_case: bool) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(ignore_case)
        .build(phrases)
        .map_err(|e| e.to_string())
}

/// The distinct phrases of `phrases` with their ids, or None when one could not be interned.
fn shared_phrases(phrases: &[String]) -> Option<SharedList> {
    let ids = vocabulary::intern(phrases.iter().map(|p| p.as_bytes()));
    let mut seen = std::collections::HashSet::new();
    let mut shared = Vec::new();
    for (index, (phrase, id)) in phrases.iter().zip(ids).enumerate() {
        let id = id?;
        if seen.insert(id) {
            shared.push(Shared {
                id,
                index,
                len: phrase.len(),
            });
        }
    }
    let ids: Vec<LiteralId> = shared.iter().map(|phrase| phrase.id).collect();
    Some(SharedList {
        phrases: shared,
        ids: IdSet::new(&ids),
    })
}

/// The leftmost-longest non-overlapping selection of every occurrence of the phrases (as the
/// automaton's search makes it: at the leftmost start the longest phrase, and among equal
/// phrases the first), or None when the scan did not look for one of them.
fn read_occurrences(shared: &SharedList, occurrences: &Occurrences) -> Option<Vec<(usize, Span)>> {
    // (start, longest first, first index first)
    let mut all: Vec<(usize, std::cmp::Reverse<usize>, usize)> = Vec::new();
    let read = occurrences.each_start_in(&shared.ids, |k, start| {
        let phrase = &shared.phrases[k];
        all.push((start as usize, std::cmp::Reverse(phrase.len), phrase.index));
    });
    if !read {
        return None;
    }
    all.sort_unstable();
    let mut hits = Vec::new();
    let mut next = 0;
    for (start, std::cmp::Reverse(len), index) in all {
        if start >= next {
            hits.push((index, start..start + len));
            next = start + len;
        }
    }
    Some(hits)
}

/// False when the match starts (ends) with an ASCII alphanumeric glued to another one.
fn ascii_bounded(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let glued_before = alnum(start) && start > 0 && alnum(start - 1);
    let glued_after = end > start && alnum(end - 1) && alnum(end);
    !glued_before && !glued_after
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn phrases_of(words: &[&str], ascii_boundaries: bool) -> Phrases {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        Phrases::new("phrases", &words, ascii_boundaries, false).expect("phrases")
    }

    #[test]
    fn the_shared_scan_gives_the_leftmost_longest_phrases() {
        let phrases = phrases_of(&["进展", "科学进展观", "进展观", "TODO", "进展"], true);
        let text = "科学进展观，进展观察，进展。TODOS TODO";
        let occurrences = Occurrences::scan(text);
        let got = phrases.find(text, || Some(&occurrences));
        assert_eq!(got, phrases.find(text, || None));
        let found: Vec<(usize, &str)> = got.iter().map(|(i, s)| (*i, &text[s.clone()])).collect();
        assert_eq!(
            found,
            [(1, "科学进展观"), (2, "进展观"), (0, "进展"), (3, "TODO")]
        );
    }

    #[test]
    fn phrases_interned_after_the_scan_are_searched() {
        let text = "只在此测试中出现的短语丙丁";
        let occurrences = Occurrences::scan(text);
        let phrases = phrases_of(&["只在此测试中出现的短语丙"], false);
        assert_eq!(phrases.find(text, || Some(&occurrences)), vec![(0, 0..36)]);
    }

    #[test]
    fn the_own_automaton_is_built_when_first_searched() {
        let phrases = phrases_of(&["工作总结", "总结"], false);
        assert!(
            !phrases.is_built(),
            "a list the scan holds loads without it"
        );
        let text = "年度工作总结。";
        let occurrences = Occurrences::scan(text);
        assert_eq!(phrases.find(text, || Some(&occurrences)), vec![(0, 6..18)]);
        assert!(!phrases.is_built(), "the scan answered");
        // Also for a text shorter than the list.
        let many = phrases_of(&["甲乙丙丁", "乙丙", "丙丁戊", "丁"], false);
        let short = "丁";
        let scanned = Occurrences::scan(short);
        assert_eq!(many.find(short, || Some(&scanned)), vec![(3, 0..3)]);
        assert!(!many.is_built(), "the scan answered the short text");
        assert_eq!(phrases.find(text, || None), vec![(0, 6..18)]);
        assert!(phrases.is_built());
        // ASCII case ignored: the scan cannot answer, so it is built when the list loads.
        let words = ["todo".to_string()];
        let ignoring = Phrases::new("phrases", &words, false, true).expect("phrases");
        assert!(ignoring.is_built());
        assert_eq!(ignoring.find("a TODO", || None), vec![(0, 2..6)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Reading the shared scan finds what the list's own search finds.
        #[test]
        fn the_shared_scan_agrees_with_the_search(
            list in proptest::collection::vec(
                proptest::sample::select(vec!["甲", "甲乙", "乙", "乙甲", "甲乙丙", "丙", "ab", "b", "a", "abc"]),
                1..6,
            ),
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["甲", "乙", "丙", "a", "b", "c", "。", " "]),
                0..40,
            ),
            ascii_boundaries in any::<bool>(),
        ) {
            let phrases = phrases_of(&list, ascii_boundaries);
            let text: String = pieces.concat();
            let occurrences = Occurrences::scan(&text);
            let shared = phrases.shared.as_ref().expect("interned");
            let read = read_occurrences(shared, &occurrences).expect("covered");
            prop_assert_eq!(read, phrases.search(&text));
            prop_assert_eq!(phrases.find(&text, || Some(&occurrences)), phrases.find(&text, || None));
        }
    }
}
