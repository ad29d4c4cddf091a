//! One scan for all literal vocabulary. Every string that a rule's expressions require (see
//! [`crate::analysis::literals`]) is given a process-wide id when the rule is compiled; one
//! Aho-Corasick automaton over all of them finds, in a single pass over a document, where each
//! occurs, and every rule then reads the occurrences of its own strings ([`Occurrences`])
//! instead of scanning the document again with an automaton of its own.
//!
//! The automaton is rebuilt when strings were added since it was built (rules are compiled on
//! first use, and a project's configuration adds its own); a rule compiled after a document was
//! scanned finds its strings missing from that scan and searches on its own.

use crate::analysis::line_feeds::LineFeeds;
use crate::analysis::packed::{PackedStarts, Packing, Unpacked};
use crate::model::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// A string's place in the process-wide vocabulary.
pub(crate) type LiteralId = u32;

/// A text of this many bytes or more keeps its occurrences packed (see [`PackedStarts`]): a
/// 50 MB text has 19 MB of starts as plain lists, most of them a byte each when packed. A
/// smaller one keeps plain lists, which a rule reads without decoding (a document being edited
/// is re-linted at each change).
const PACKED_FROM: usize = 4 << 20;

#[derive(Default)]
struct Vocabulary {
    strings: Vec<Arc<[u8]>>,
    ids: HashMap<Arc<[u8]>, LiteralId>,
    /// The automaton over `strings` as they were when it was built.
    scanner: Option<Arc<Scanner>>,
}

fn vocabulary() -> MutexGuard<'static, Vocabulary> {
    static VOCABULARY: OnceLock<Mutex<Vocabulary>> = OnceLock::new();
    let lock = VOCABULARY.get_or_init(Default::default).lock();
    // Interning cannot leave the table half-changed, so a panic elsewhere poisons nothing.
    lock.unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The ids of `strings`, adding those not yet known. Empty strings are never interned (they
/// would occur everywhere): they get `None`.
pub(crate) fn intern<'s>(strings: impl IntoIterator<Item = &'s [u8]>) -> Vec<Option<LiteralId>> {
    let mut vocabulary = vocabulary();
    strings
        .into_iter()
        .map(|s| {
            if s.is_empty() {
                return None;
            }
            if let Some(&id) = vocabulary.ids.get(s) {
                return Some(id);
            }
            let id = LiteralId::try_from(vocabulary.strings.len()).ok()?;
            let shared: Arc<[u8]> = Arc::from(s);
            vocabulary.strings.push(shared.clone());
            vocabulary.ids.insert(shared, id);
            Some(id)
        })
        .collect()
}

/// The automaton over every string interned so far (built again if strings were added).
fn scanner() -> Arc<Scanner> {
    let mut vocabulary = vocabulary();
    let covered = vocabulary.strings.len();
    if let Some(scanner) = &vocabulary.scanner {
        if scanner.covered as usize == covered {
            return scanner.clone();
        }
    }
    let automaton = Automaton::build(&vocabulary.strings);
    let scanner = Arc::new(Scanner {
        // A vocabulary too large for an automaton covers nothing: each rule searches alone.
        covered: if automaton.is_some() {
            covered as u32
        } else {
            0
        },
        automaton,
        reach: vocabulary
            .strings
            .iter()
            .map(|s| s.len())
            .max()
            .unwrap_or(0),
        lengths: vocabulary.strings.iter().map(|s| s.len() as u32).collect(),
    });
    vocabulary.scanner = Some(scanner.clone());
    scanner
}

/// Build the automaton over the strings interned so far, before the first scan needs it (the
/// language server, once its rules are compiled).
pub fn prepare() {
    scanner();
}

/// An automaton over the vocabulary's strings, ids in the order given.
enum Automaton {
    /// The strings are whole characters (the rules' expressions and phrases are UTF-8), so
    /// the automaton steps a character at a time: Chinese text takes a third of the steps of
    /// a byte automaton, and a double array holds 12 bytes a state (a byte DFA over the
    /// built-in rules' strings held 17 MB).
    Chars(CharwiseDoubleArrayAhoCorasick<LiteralId>),
    /// Any other vocabulary (a string that is not UTF-8, or too many states for the double
    /// array): bytes.
    Bytes(AhoCorasick),
}

impl Automaton {
    fn build(strings: &[Arc<[u8]>]) -> Option<Automaton> {
        let texts: Option<Vec<&str>> = strings
            .iter()
            .map(|s| std::str::from_utf8(s).ok())
            .collect();
        if let Some(chars) = texts.and_then(|texts| CharwiseDoubleArrayAhoCorasick::new(texts).ok())
        {
            return Some(Automaton::Chars(chars));
        }
        Automaton::bytes(strings).map(Automaton::Bytes)
    }

    fn bytes(strings: &[Arc<[u8]>]) -> Option<AhoCorasick> {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(strings.iter().map(|s| &s[..]))
            .ok()
    }

    /// Every occurrence of every string within `text[window]` (whose ends are character
    /// boundaries), overlapping ones included, as (id, start) in the order of their ends.
    fn each_in(
        &self,
        text: &str,
        window: std::ops::Range<usize>,
        mut found: impl FnMut(LiteralId, usize),
    ) {
        match self {
            Automaton::Chars(automaton) => {
                let offset = window.start;
                for m in automaton.find_overlapping_iter(&text[window]) {
                    found(m.value(), offset + m.start());
                }
            }
            Automaton::Bytes(automaton) => {
                let input = aho_corasick::Input::new(text).span(window);
                for m in automaton.find_overlapping_iter(input) {
                    found(m.pattern().as_u32(), m.start());
                }
            }
        }
    }
}

struct Scanner {
    automaton: Option<Automaton>,
    /// The strings with ids below this are in the automaton.
    covered: u32,
    /// The longest string's length in bytes.
    reach: usize,
    /// Each string's length in bytes.
    lengths: Vec<u32>,
}

/// Where every interned string occurs in one text: start offsets, per string, ascending.
#[derive(Clone)]
pub struct Occurrences {
    /// Strings with ids below this were looked for.
    covered: u32,
    /// The starts of string `id` are the `id`th list. One list per string rather than one array
    /// for all: a flat array is placed from a list of every (string, start) found, and the two
    /// together held 4.5 times the final size at the peak (86 MB for a 50 MB text).
    starts: StartLists,
    /// A bit per id whose list may hold a start (every one that does, and a few emptied by
    /// [`Occurrences::apply`]): a document holds a hundred or so of the thousands of strings,
    /// and a rule meets its own ids with these a word at a time (see [`IdSet`]).
    found: Vec<u64>,
    /// Where the text's line feeds are (None when the text was not scanned): a rule's search
    /// finds the lines around an occurrence here instead of reading the text back to them.
    line_feeds: Option<LineFeeds>,
    /// The automaton that found them (None when the text was not scanned): it finds what
    /// another copy of the text changes (see [`Occurrences::changes`]).
    scanner: Option<Arc<Scanner>>,
}

/// What differs between the occurrences in two texts equal but for a few changes: the
/// (string, start) of the occurrences that touch a change, in each text, sorted.
pub struct Changes {
    gone: Vec<(LiteralId, u32)>,
    new: Vec<(LiteralId, u32)>,
}

impl Changes {
    /// The changes that lead back.
    pub fn reversed(self) -> Changes {
        Changes {
            gone: self.new,
            new: self.gone,
        }
    }
}

/// A text as the literal scan reads it: as `copy` turns it, about `stretch` bytes at a time,
/// each stretch read on by `reach` (the longest string's length) for the strings that start
/// in it.
struct Reading<'t, 'a, C> {
    text: &'t str,
    stretch: usize,
    copy: &'a C,
    automaton: &'a Automaton,
    reach: usize,
}

impl<'t, C: Fn(&'t str) -> Cow<'t, str>> Reading<'t, '_, C> {
    /// `found(id, start)` for every occurrence of every string that starts in the text, each
    /// string's in ascending order.
    fn each_occurrence(&self, mut found: impl FnMut(LiteralId, u32)) {
        let text = self.text;
        let mut from = 0;
        while from < text.len() {
            let end = text.ceil_char_boundary(from.saturating_add(self.stretch.max(1)));
            let to = text.ceil_char_boundary(end.saturating_add(self.reach));
            let copied = (self.copy)(&text[from..to]);
            self.automaton
                .each_in(&copied, 0..copied.len(), |id, start| {
                    if from + start < end {
                        found(id, (from + start) as u32);
                    }
                });
            from = end;
        }
    }
}

impl Occurrences {
    /// Find every occurrence of every interned string in `text`, in one pass. A text of 4 GiB
    /// or more is not scanned (its offsets do not fit): every rule then searches on its own.
    pub fn scan(text: &str) -> Occurrences {
        Occurrences::scan_copy(text, usize::MAX, |text| Cow::Borrowed(text))
    }

    /// [`Occurrences::scan`] of a copy of `text` with its characters at the same offsets and
    /// the same line feeds: `copy` turns a stretch of `text` into the copy's, and is asked for
    /// about `stretch` bytes at a time (so no more of the copy is ever made at once).
    pub fn scan_copy(
        text: &str,
        stretch: usize,
        copy: impl for<'t> Fn(&'t str) -> Cow<'t, str>,
    ) -> Occurrences {
        let scanner = scanner();
        let (Some(automaton), Ok(_)) = (&scanner.automaton, u32::try_from(text.len())) else {
            return Occurrences {
                covered: 0,
                starts: StartLists::Plain(Vec::new()),
                found: Vec::new(),
                line_feeds: None,
                scanner: None,
            };
        };
        // Each string's starts in the order found, which is ascending (one string's matches
        // are reported by their ends, and a stretch keeps those that start in it). They live
        // through the rules: a large text's packed as they are found; a small text's as they
        // grew (shrinking each to its length cost a reallocation per string found, to save a
        // few kilobytes), in the emptied lists of the last one dropped, if any.
        let covered = scanner.covered as usize;
        let reading = Reading {
            text,
            stretch,
            copy: &copy,
            automaton,
            reach: scanner.reach,
        };
        let mut found = vec![0u64; covered.div_ceil(64)];
        let mark = |found: &mut [u64], id: LiteralId| found[id as usize / 64] |= 1 << (id % 64);
        let starts = if text.len() < PACKED_FROM {
            let mut lists = SPARE_LISTS.try_with(RefCell::take).unwrap_or_default();
            lists.truncate(covered);
            lists.resize_with(covered, Vec::new);
            reading.each_occurrence(|id, start| {
                let list = &mut lists[id as usize];
                if list.is_empty() {
                    mark(&mut found, id);
                }
                list.push(start);
            });
            StartLists::Plain(lists)
        } else {
            let mut packing = vec![Packing::default(); covered];
            reading.each_occurrence(|id, start| {
                mark(&mut found, id);
                packing[id as usize].push(start);
            });
            StartLists::Packed(packing.into_iter().map(Packing::finish).collect())
        };
        Occurrences {
            covered: scanner.covered,
            starts,
            found,
            line_feeds: Some(LineFeeds::new(text)),
            scanner: Some(scanner),
        }
    }

    /// What differs in another text of the same length, equal to `text` (the text these are
    /// the occurrences of) outside `changed` (ascending, disjoint spans on character
    /// boundaries, which hold no line feed that differs): `other` turns a stretch of `text`
    /// into the other text's. An occurrence that touches no change is in both, so only the
    /// text around the changes is scanned, in both texts: a simplified view differs from its
    /// document in a few characters.
    pub fn changes(
        &self,
        text: &str,
        changed: &[Span],
        other: impl for<'t> Fn(&'t str) -> Cow<'t, str>,
    ) -> Changes {
        let no_changes = Changes {
            gone: Vec::new(),
            new: Vec::new(),
        };
        // The automaton that scanned this text: a string interned since is not covered.
        let Some((scanner, automaton)) = (self.scanner.as_ref())
            .and_then(|scanner| Some((scanner, scanner.automaton.as_ref()?)))
        else {
            return no_changes;
        };
        let touches = |start: usize, end: usize| {
            let k = changed.partition_point(|c| c.end <= start);
            changed.get(k).is_some_and(|c| c.start < end)
        };
        // An occurrence touching a change lies within the longest string's reach of it.
        let mut windows: Vec<Span> = Vec::new();
        for c in changed {
            let from = text.floor_char_boundary(c.start.saturating_sub(scanner.reach));
            let to = text.ceil_char_boundary(c.end + scanner.reach);
            match windows.last_mut() {
                Some(last) if from <= last.end => last.end = to,
                _ => windows.push(from..to),
            }
        }
        let touching = |copy: &dyn for<'t> Fn(&'t str) -> Cow<'t, str>| {
            let mut found: Vec<(LiteralId, u32)> = Vec::new();
            for window in &windows {
                let stretch = copy(&text[window.clone()]);
                automaton.each_in(&stretch, 0..stretch.len(), |id, start| {
                    let start = window.start + start;
                    if touches(start, start + scanner.lengths[id as usize] as usize) {
                        found.push((id, start as u32));
                    }
                });
            }
            found.sort_unstable();
            found
        };
        Changes {
            gone: touching(&|stretch| Cow::Borrowed(stretch)),
            new: touching(&other),
        }
    }

    /// Apply `changes` (see [`Occurrences::changes`]): only the strings found there change.
    pub fn apply(&mut self, changes: &Changes) {
        let mut ids: Vec<LiteralId> = (changes.gone.iter().chain(&changes.new))
            .map(|&(id, _)| id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let of = |found: &[(LiteralId, u32)], id: LiteralId| {
            let from = found.partition_point(|&(of, _)| of < id);
            let to = found.partition_point(|&(of, _)| of <= id);
            found[from..to]
                .iter()
                .map(|&(_, start)| start)
                .collect::<Vec<u32>>()
        };
        for id in ids {
            let mut list = match &mut self.starts {
                StartLists::Plain(lists) if (id as usize) < lists.len() => {
                    std::mem::take(&mut lists[id as usize])
                }
                StartLists::Packed(lists) if (id as usize) < lists.len() => {
                    lists[id as usize].iter().collect()
                }
                _ => continue,
            };
            let gone = of(&changes.gone, id);
            list.retain(|start| gone.binary_search(start).is_err());
            let kept = list.len();
            // Exactly: a list of a common string grown by doubling held 4 MB more on a 50 MB
            // file, through the junk rules.
            let new = of(&changes.new, id);
            list.reserve_exact(new.len());
            list.extend(new);
            if kept > 0 && list.len() > kept && list[kept - 1] > list[kept] {
                list.sort_unstable();
            }
            if !list.is_empty() {
                if let Some(word) = self.found.get_mut(id as usize / 64) {
                    *word |= 1 << (id % 64);
                }
            }
            match &mut self.starts {
                StartLists::Plain(lists) => lists[id as usize] = list,
                StartLists::Packed(lists) => lists[id as usize] = PackedStarts::new(&list),
            }
        }
    }

    /// The starts of string `id`, ascending; None when the string was interned after the scan.
    pub(crate) fn starts_of(&self, id: LiteralId) -> Option<Starts<'_>> {
        if id >= self.covered {
            return None;
        }
        match &self.starts {
            StartLists::Plain(lists) => lists.get(id as usize).map(|list| Starts::Plain(list)),
            StartLists::Packed(lists) => lists.get(id as usize).map(Starts::Packed),
        }
    }

    /// False when string `id` does not occur in the text (it was looked for and not found).
    pub(crate) fn may_hold(&self, id: LiteralId) -> bool {
        id >= self.covered
            || (self.found.get(id as usize / 64)).is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    /// Call `each(k, start)` for every start of every string `ids[k]` of the list `set` was
    /// made of, id after id (ascending), each one's starts ascending; false (and no call) when
    /// one of them was not looked for. Only the ids the text holds are read: a rule's set is
    /// hundreds of strings, most of which a document lacks, and reading each one's list cost
    /// more than the few lists read.
    pub(crate) fn each_start_in(&self, set: &IdSet, mut each: impl FnMut(usize, u32)) -> bool {
        self.each_list_in(set, |k, starts| {
            starts.iter().for_each(|start| each(k, start));
        })
    }

    /// Call `each(k, starts)` with the starts of each string `ids[k]` of the list `set` was
    /// made of that the text may hold, id after id (ascending); false (and no call) when one
    /// of them was not looked for.
    pub(crate) fn each_list_in<'s>(
        &'s self,
        set: &IdSet,
        mut each: impl FnMut(usize, Starts<'s>),
    ) -> bool {
        if !self.covers_up_to(set.largest) {
            return false;
        }
        for (w, (&wanted, &found)) in set.bits.iter().zip(&self.found).enumerate() {
            let mut both = wanted & found;
            while both != 0 {
                let id = (w * 64) as LiteralId + both.trailing_zeros();
                both &= both - 1;
                let first = set.index.partition_point(|&(of, _)| of < id);
                for &(_, k) in set.index[first..].iter().take_while(|&&(of, _)| of == id) {
                    let starts = match &self.starts {
                        StartLists::Plain(lists) => Starts::Plain(&lists[id as usize]),
                        StartLists::Packed(lists) => Starts::Packed(&lists[id as usize]),
                    };
                    each(k as usize, starts);
                }
            }
        }
        true
    }

    /// Whether the lists are packed, as a large text's are (see [`PACKED_FROM`]).
    pub(crate) fn is_packed(&self) -> bool {
        matches!(self.starts, StartLists::Packed(_))
    }

    /// Pack every list, as a large text's are.
    #[cfg(test)]
    pub(crate) fn pack(&mut self) {
        if let StartLists::Plain(lists) = &mut self.starts {
            self.starts = StartLists::Packed(lists.iter().map(|l| PackedStarts::new(l)).collect());
        }
    }

    /// Where the strings `strings` (each an id with its length in bytes) occur, sorted by
    /// start; None when one of them was not looked for.
    pub(crate) fn places(&self, strings: &[(LiteralId, usize)]) -> Option<Vec<Span>> {
        let mut places = Vec::new();
        for &(id, len) in strings {
            let starts = self.starts_of(id)?;
            places.extend(
                starts
                    .iter()
                    .map(|start| start as usize..start as usize + len),
            );
        }
        places.sort_unstable_by_key(|place| (place.start, place.end));
        Some(places)
    }

    /// Where the scanned text's line feeds are; None when it was not scanned.
    pub(crate) fn line_feeds(&self) -> Option<&LineFeeds> {
        self.line_feeds.as_ref()
    }

    /// Whether every id up to `largest` was looked for (see [`largest_id`]).
    pub(crate) fn covers_up_to(&self, largest: Option<LiteralId>) -> bool {
        largest.is_none_or(|id| id < self.covered)
    }

    /// Whether every one of `ids` was looked for.
    pub(crate) fn covers(&self, ids: &[LiteralId]) -> bool {
        self.covers_up_to(largest_id(ids))
    }
}

/// A list of the vocabulary's ids that a rule reads for each document, laid out to be met
/// with the ids the document holds (see [`Occurrences::each_start_in`]).
#[derive(Debug, Clone)]
pub(crate) struct IdSet {
    /// A bit per id of the list.
    bits: Vec<u64>,
    /// Each id of the list with its place in it, sorted.
    index: Vec<(LiteralId, u32)>,
    /// The largest id (see [`largest_id`]).
    largest: Option<LiteralId>,
}

impl IdSet {
    pub(crate) fn new(ids: &[LiteralId]) -> Self {
        let largest = largest_id(ids);
        let mut bits = vec![0u64; largest.map_or(0, |id| id as usize / 64 + 1)];
        for &id in ids {
            bits[id as usize / 64] |= 1 << (id % 64);
        }
        let mut index: Vec<(LiteralId, u32)> =
            (ids.iter().zip(0..)).map(|(&id, k)| (id, k)).collect();
        index.sort_unstable();
        IdSet {
            bits,
            index,
            largest,
        }
    }

    /// The largest id, None when the list is empty.
    pub(crate) fn largest(&self) -> Option<LiteralId> {
        self.largest
    }
}

/// The largest of `ids`, None when there are none: [`Occurrences::covers_up_to`] it.
pub(crate) fn largest_id(ids: &[LiteralId]) -> Option<LiteralId> {
    // Folded without a branch per id (rules ask this of hundreds of ids).
    (!ids.is_empty()).then(|| ids.iter().fold(0, |largest, &id| largest.max(id)))
}

thread_local! {
    /// The lists of the last small text's occurrences dropped on this thread, emptied: the
    /// next scan fills them again, where thousands of lists grown from nothing and freed
    /// after each document cost a fifth of the scan. What they keep is at most the room a
    /// text under `PACKED_FROM` needed (a large text's lists are packed, never kept).
    static SPARE_LISTS: RefCell<Vec<Vec<u32>>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Occurrences {
    fn drop(&mut self) {
        if let StartLists::Plain(lists) = &mut self.starts {
            let mut lists = std::mem::take(lists);
            // Only the lists marked found can hold a start.
            for (w, &word) in self.found.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    if let Some(list) = lists.get_mut(w * 64 + bits.trailing_zeros() as usize) {
                        list.clear();
                    }
                    bits &= bits - 1;
                }
            }
            // Not kept while the thread is ending.
            let _ = SPARE_LISTS.try_with(|spare| spare.replace(lists));
        }
    }
}

/// Every string's starts in a text, as kept: the starts of string `id` are `lists[id]`.
#[derive(Clone)]
enum StartLists {
    Plain(Vec<Vec<u32>>),
    Packed(Vec<PackedStarts>),
}

/// One string's starts in a text, ascending, as a rule reads them.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Starts<'o> {
    Plain(&'o [u32]),
    Packed(&'o PackedStarts),
}

impl Default for Starts<'_> {
    fn default() -> Self {
        Starts::Plain(&[])
    }
}

impl<'o> Starts<'o> {
    pub(crate) fn len(self) -> usize {
        match self {
            Starts::Plain(list) => list.len(),
            Starts::Packed(packed) => packed.len(),
        }
    }

    pub(crate) fn iter(self) -> StartsIter<'o> {
        match self {
            Starts::Plain(list) => StartsIter::Plain(list.iter().copied()),
            Starts::Packed(packed) => StartsIter::Packed(packed.iter()),
        }
    }

    #[cfg(test)]
    pub(crate) fn to_vec(self) -> Vec<u32> {
        self.iter().collect()
    }
}

/// The iterator of [`Starts::iter`].
#[derive(Clone)]
pub(crate) enum StartsIter<'o> {
    Plain(std::iter::Copied<std::slice::Iter<'o, u32>>),
    Packed(Unpacked<'o>),
}

impl Iterator for StartsIter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        match self {
            StartsIter::Plain(list) => list.next(),
            StartsIter::Packed(packed) => packed.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            StartsIter::Plain(list) => list.size_hint(),
            StartsIter::Packed(packed) => packed.size_hint(),
        }
    }

    // Read in one loop per form, not a form's test per start (`extend`, `for_each`, ...).
    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, f: F) -> B {
        match self {
            StartsIter::Plain(list) => list.fold(init, f),
            StartsIter::Packed(packed) => packed.fold(init, f),
        }
    }
}

impl ExactSizeIterator for StartsIter<'_> {}

/// Whether one of `places` (sorted by start, as [`Occurrences::places`] gives them) lies
/// wholly within `span`.
pub(crate) fn holds_one(places: &[Span], span: &Span) -> bool {
    let first = places.partition_point(|place| place.start < span.start);
    places[first..]
        .iter()
        .take_while(|place| place.start < span.end)
        .any(|place| place.end <= span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(occurrences: &Occurrences, id: LiteralId) -> Option<Vec<u32>> {
        occurrences.starts_of(id).map(Starts::to_vec)
    }

    fn starts(occurrences: &Occurrences, id: LiteralId) -> Vec<u32> {
        occurrences.starts_of(id).expect("covered").to_vec()
    }

    #[test]
    fn every_occurrence_of_every_string_overlapping_ones_included() {
        let ids = intern(["注：", "注", "注：注", ""].map(str::as_bytes));
        assert_eq!(ids[3], None);
        let [a, b, c] = [ids[0].unwrap(), ids[1].unwrap(), ids[2].unwrap()];
        let text = "注：注：注。";
        let found = Occurrences::scan(text);
        assert_eq!(starts(&found, a), vec![0, 6]);
        assert_eq!(starts(&found, b), vec![0, 6, 12]);
        assert_eq!(starts(&found, c), vec![0, 6]);
        assert!(found.covers(&[a, b, c]));
        // Told from the largest id: covered when every one has a list; a string interned
        // after the scan has none.
        let later = intern(["注：注：注：".as_bytes()])[0].expect("a new string");
        for ids in [&[][..], &[a], &[c, a, b], &[a, later], &[later, b]] {
            let listed = ids.iter().all(|&id| found.starts_of(id).is_some());
            assert_eq!(found.covers(ids), listed, "{ids:?}");
            assert_eq!(found.covers_up_to(largest_id(ids)), listed, "{ids:?}");
        }
        assert!(!found.covers_up_to(Some(later)));
        // The same string has the same id.
        assert_eq!(intern(["注".as_bytes()]), vec![Some(b)]);
    }

    /// Occurrences carried over to the simplified view and back, against scans of each whole,
    /// string by string.
    fn assert_carried_over(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let view = crate::analysis::script::SimplifiedView::new(text);
        let simplified = view.to_text();
        // The changed characters, or any stretches that hold them: the changed lines.
        let lines: Vec<Span> = view.changed_spans().collect();
        let chars: Vec<Span> = view.changed_chars().collect();
        for changed in [chars, lines] {
            assert_carried_over_within(text, &simplified, &changed)?;
        }
        Ok(())
    }

    fn assert_carried_over_within(
        text: &str,
        simplified: &str,
        changed: &[Span],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        // With plain lists, and with packed ones (a large text's).
        for pack in [false, true] {
            assert_carried_over_packed(text, simplified, changed, pack)?;
        }
        Ok(())
    }

    fn assert_carried_over_packed(
        text: &str,
        simplified: &str,
        changed: &[Span],
        pack: bool,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let (carried, back, whole) = loop {
            let mut carried = Occurrences::scan(text);
            let mut back = Occurrences::scan(simplified);
            if pack {
                carried.pack();
                back.pack();
            }
            let changes = carried.changes(text, changed, crate::analysis::script::simplified);
            carried.apply(&changes);
            // And back.
            back.apply(&changes.reversed());
            let whole = Occurrences::scan(simplified);
            // Another test may intern strings meanwhile: compare scans of one vocabulary.
            if carried.covered == whole.covered && back.covered == whole.covered {
                break (carried, back, whole);
            }
        };
        let in_text = Occurrences::scan(text);
        proptest::prop_assert_eq!(carried.line_feeds(), whole.line_feeds());
        for id in 0..whole.covered.min(in_text.covered) {
            proptest::prop_assert_eq!(listed(&carried, id), listed(&whole, id), "{}", id);
            proptest::prop_assert_eq!(listed(&back, id), listed(&in_text, id), "{}", id);
            // What `apply` adds is marked found, or a rule would not read it.
            for occurrences in [&carried, &back] {
                let marked = occurrences.found[id as usize / 64] & (1 << (id % 64)) != 0;
                let holds = listed(occurrences, id).is_some_and(|starts| !starts.is_empty());
                proptest::prop_assert!(marked || !holds, "{}", id);
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]
        #[test]
        fn a_copy_scanned_a_stretch_at_a_time_gets_the_occurrences_of_the_whole(
            text in crate::checks::testing::text_of(&["點", "擊", "点", "击", "下", "載", "载", "：", "網", "网友", "個", "个", "人", "\n", "x"]),
            stretch in 1usize..40,
        ) {
            intern(["点击下载", "击下", "网友", "个人", "人", "下载：", "点", "载：网", "點擊", "個"].map(str::as_bytes));
            let view = crate::analysis::script::simplified(&text).into_owned();
            let (whole, by_stretches) = loop {
                let mut by_stretches =
                    Occurrences::scan_copy(&text, stretch, crate::analysis::script::simplified);
                if stretch % 2 == 0 {
                    by_stretches.pack();
                }
                let whole = Occurrences::scan(&view);
                if by_stretches.covered == whole.covered {
                    break (whole, by_stretches);
                }
            };
            proptest::prop_assert_eq!(by_stretches.line_feeds(), whole.line_feeds());
            for id in 0..whole.covered {
                proptest::prop_assert_eq!(listed(&by_stretches, id), listed(&whole, id), "{}", id);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Each string's starts are every place the string begins, overlapping ones
        /// included, ascending, in plain lists (filled again after each case's scan is
        /// dropped) and packed ones.
        #[test]
        fn each_string_starts_where_the_text_holds_it(
            text in crate::checks::testing::text_of(&["周", "年", "周年", "为", "指导", "十", "五", "。", "\n", "x"]),
        ) {
            let strings = ["周年", "为指导", "年", "十五", "五五", "x", "只在此测试的词"];
            let ids = intern(strings.map(str::as_bytes));
            let scanned = Occurrences::scan(&text);
            let mut packed = Occurrences::scan(&text);
            packed.pack();
            for (id, string) in ids.iter().zip(strings) {
                let id = id.expect("not empty");
                let expected: Vec<u32> = (0..text.len())
                    .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(string))
                    .map(|i| i as u32)
                    .collect();
                proptest::prop_assert_eq!(starts(&scanned, id), expected.clone(), "{}", string);
                proptest::prop_assert_eq!(starts(&packed, id), expected, "{}", string);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// A span holds one of the strings' places exactly when its text holds one of them.
        #[test]
        fn a_span_holds_a_place_when_its_text_holds_the_string(
            text in crate::checks::testing::text_of(&["周", "年", "周年", "为", "指导", "十", "五", "。", "\n", "x"]),
        ) {
            let strings = ["周年", "为指导", "年", "十五"];
            let ids = intern(strings.map(str::as_bytes));
            let with_lengths: Vec<(LiteralId, usize)> = (ids.iter().zip(strings))
                .map(|(id, s)| (id.expect("not empty"), s.len()))
                .collect();
            let places = Occurrences::scan(&text).places(&with_lengths).expect("covered");
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (k, &from) in bounds.iter().enumerate() {
                for &to in &bounds[k..] {
                    let expected = strings.iter().any(|s| text[from..to].contains(s));
                    proptest::prop_assert_eq!(holds_one(&places, &(from..to)), expected, "{:?}", from..to);
                }
            }
        }
    }

    #[test]
    fn occurrences_carried_over_around_the_changes_are_those_a_whole_scan_finds() {
        intern(
            [
                "点击下载",
                "击下",
                "网友",
                "个人",
                "人",
                "下载：",
                "点",
                "點擊",
            ]
            .map(str::as_bytes),
        );
        // Changes at the start, the end, inside a string and between two of them, and lines
        // around them.
        for text in [
            "點擊下載：網友個人",
            "點擊下載點擊下載",
            "个人點",
            "點",
            "下載：",
            "網友点击",
            "点击下\n載：\n网友\n個人",
        ] {
            assert!(crate::analysis::script::simplified(text) != text);
            assert_carried_over(text).unwrap();
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn occurrences_carried_over_agree_with_a_whole_scan(
            text in crate::checks::testing::text_of(&["點", "擊", "点", "击", "下", "載", "载", "：", "網", "网友", "個", "个", "人", "\n", "x"])
        ) {
            // With strings in traditional characters, which must be dropped where changed.
            intern(["点击下载", "击下", "网友", "个人", "人", "下载：", "点", "载：网", "點擊", "個"].map(str::as_bytes));
            assert_carried_over(&text)?;
        }
    }

    #[test]
    fn a_scan_after_another_is_dropped_holds_only_its_own_occurrences() {
        let ids = intern(["甲乙", "乙", "只在重用测试中的词"].map(str::as_bytes));
        let [pair, second, rare] = [0, 1, 2].map(|k| ids[k].expect("not empty"));
        let first = Occurrences::scan("甲乙甲乙乙只在重用测试中的词");
        assert_eq!(starts(&first, pair), vec![0, 6]);
        assert_eq!(starts(&first, rare), vec![15]);
        drop(first);
        // The dropped scan's lists are filled again, emptied first.
        let next = Occurrences::scan("乙甲");
        assert_eq!(starts(&next, pair), Vec::<u32>::new());
        assert_eq!(starts(&next, second), vec![0]);
        assert_eq!(starts(&next, rare), Vec::<u32>::new());
        let fresh = std::thread::spawn(move || {
            Occurrences::scan("乙甲")
                .starts_of(second)
                .map(Starts::to_vec)
        })
        .join()
        .expect("scanned");
        assert_eq!(fresh, Some(vec![0]));
    }

    proptest::proptest! {
        /// Each start of each string, id after id, as `starts_of` lists them, in
        /// lists plain and packed; nothing when a string was not looked for.
        #[test]
        fn each_start_is_every_start_of_each_string_in_turn(
            text in crate::checks::testing::text_of(&["甲乙", "乙", "丙", "\n", "甲"]),
            picks in proptest::collection::vec(0usize..5, 0..6),
            pack: bool,
        ) {
            let words = ["甲乙", "乙", "丙", "甲", "只在此测试中查的词丁"];
            let all: Vec<LiteralId> = intern(words.iter().map(|w| w.as_bytes()))
                .into_iter()
                .map(|id| id.expect("interned"))
                .collect();
            let ids: Vec<LiteralId> = picks.iter().map(|&k| all[k]).collect();
            let mut found = Occurrences::scan(&text);
            if pack {
                found.pack();
            }
            let mut each = Vec::new();
            let scanned = found.each_start_in(&IdSet::new(&ids), |k, start| each.push((k, start)));
            let listed: Option<Vec<(usize, u32)>> = (ids.iter().enumerate())
                .map(|(k, &id)| {
                    let starts = found.starts_of(id)?;
                    Some(starts.iter().map(|start| (k, start)).collect::<Vec<_>>())
                })
                .collect::<Option<Vec<_>>>()
                .map(|lists| lists.concat());
            proptest::prop_assert_eq!(scanned, listed.is_some());
            // Id after id; an id listed twice, in the order of its places in the list.
            let mut listed = listed.unwrap_or_default();
            listed.sort_by_key(|&(k, _)| (ids[k], k));
            proptest::prop_assert_eq!(each, listed);
        }

        #[test]
        fn a_scan_covers_a_list_when_it_looked_for_every_id_in_it(
            covered in 0u32..6,
            ids in proptest::collection::vec(0u32..8, 0..5),
        ) {
            let occurrences = Occurrences {
                covered,
                starts: StartLists::Plain(Vec::new()),
                found: Vec::new(),
                line_feeds: None,
                scanner: None,
            };
            let expected = ids.iter().all(|&id| id < covered);
            proptest::prop_assert_eq!(occurrences.covers(&ids), expected);
        }
    }

    #[test]
    fn a_scan_after_another_on_the_thread_finds_none_of_the_first_ones_starts() {
        let ids: Vec<LiteralId> = intern(["重用甲", "重用乙"].map(str::as_bytes))
            .into_iter()
            .map(|id| id.expect("interned"))
            .collect();
        let set = IdSet::new(&ids);
        let each = |occurrences: &Occurrences| {
            let mut each = Vec::new();
            assert!(occurrences.each_start_in(&set, |k, start| each.push((k, start))));
            each
        };
        let first = Occurrences::scan("重用甲，重用乙");
        assert_eq!(each(&first), [(0, 0), (1, 12)]);
        drop(first);
        // The dropped scan's lists are reused: they must come back empty.
        let second = Occurrences::scan("重用乙");
        assert_eq!(starts(&second, ids[0]), Vec::<u32>::new());
        assert_eq!(each(&second), [(1, 0)]);
    }

    #[test]
    fn strings_added_after_a_scan_are_not_covered_by_it_but_by_the_next() {
        let before = Occurrences::scan("甲乙丙");
        let id = intern(["只在此测试中出现的词甲乙".as_bytes()])[0].unwrap();
        assert!(before.starts_of(id).is_none());
        assert!(!before.covers(&[id]));
        let after = Occurrences::scan("只在此测试中出现的词甲乙");
        assert_eq!(starts(&after, id), vec![0]);
    }

    #[test]
    fn a_large_text_keeps_its_occurrences_packed_and_a_small_one_plain() {
        let id = intern(["注：".as_bytes()])[0].unwrap();
        let large = "注：甲\n".repeat(PACKED_FROM / 10 + 1);
        let found = Occurrences::scan(&large);
        let Some(Starts::Packed(packed)) = found.starts_of(id) else {
            panic!("not packed");
        };
        assert_eq!(packed.len(), PACKED_FROM / 10 + 1);
        let read: Vec<u32> = found.starts_of(id).unwrap().iter().collect();
        assert_eq!(read[..3], [0, 10, 20]);
        assert_eq!(read.last(), Some(&(PACKED_FROM as u32 / 10 * 10)));
        let small = Occurrences::scan(&large[..100]);
        assert!(matches!(small.starts_of(id), Some(Starts::Plain(list)) if list.len() == 10));
    }

    /// Packed as they are found, a large text's starts read back as found: gaps of one byte
    /// and of several (here up to some 90,000 bytes), overlapping strings, strings in a
    /// Chinese text at any place.
    #[test]
    fn a_large_text_s_packed_starts_are_where_its_strings_stand() {
        let strings = ["注：", "：甲", "甲"];
        let ids: Vec<LiteralId> = strings
            .iter()
            .map(|s| intern([s.as_bytes()])[0].unwrap())
            .collect();
        let mut large = String::new();
        let mut k = 0usize;
        while large.len() <= PACKED_FROM {
            // Fillers of every length up to 30,000 characters, in turn.
            let filler = "乙".repeat(k * k % 30_000);
            large.push_str(&filler);
            large.push_str(["注：甲\n", "注：", "甲甲", "x"][k % 4]);
            k += 1;
        }
        let found = Occurrences::scan(&large);
        for (string, id) in strings.iter().zip(ids) {
            assert!(matches!(found.starts_of(id), Some(Starts::Packed(_))));
            let read: Vec<u32> = found.starts_of(id).unwrap().iter().collect();
            let expected: Vec<u32> = (0..large.len())
                .filter(|&i| large.is_char_boundary(i) && large[i..].starts_with(string))
                .map(|i| i as u32)
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(read, expected, "{string}");
        }
    }

    fn shared(strings: &[&[u8]]) -> Vec<Arc<[u8]>> {
        strings.iter().map(|&s| Arc::from(s)).collect()
    }

    /// What `automaton` finds in `text[window]`, in the order found.
    fn found(
        automaton: &Automaton,
        text: &str,
        window: std::ops::Range<usize>,
    ) -> Vec<(u32, usize)> {
        let mut found = Vec::new();
        automaton.each_in(text, window, |id, start| found.push((id, start)));
        found
    }

    #[test]
    fn the_automaton_steps_by_characters_unless_a_string_is_not_utf8() {
        let strings = shared(&[
            "注：".as_bytes(),
            "注".as_bytes(),
            "注：注".as_bytes(),
            b"x",
        ]);
        let chars = Automaton::build(&strings).unwrap();
        assert!(matches!(chars, Automaton::Chars(_)));
        // 注 at bytes 0, 6 and 13; ： at 3; 。 at 9; x at 12. By their ends; at one end, the
        // longer first.
        let text = "注：注。x注";
        let everything = vec![(1, 0), (0, 0), (2, 0), (1, 6), (3, 12), (1, 13)];
        assert_eq!(found(&chars, text, 0..text.len()), everything);
        // In a window: what lies wholly inside it, at the text's offsets.
        assert_eq!(found(&chars, text, 3..13), vec![(1, 6), (3, 12)]);
        // With a string that is not UTF-8 (the lead byte of 注 alone), bytes: the same
        // occurrences, and the new string's in every 注.
        let mut with_bytes = strings.clone();
        with_bytes.push(Arc::from(&b"\xe6"[..]));
        let bytes = Automaton::build(&with_bytes).unwrap();
        assert!(matches!(bytes, Automaton::Bytes(_)));
        let mut by_bytes = found(&bytes, text, 0..text.len());
        by_bytes.sort_by_key(|&(id, start)| (start, id));
        let mut expected = everything;
        expected.extend([(4, 0), (4, 6), (4, 13)]);
        expected.sort_by_key(|&(id, start)| (start, id));
        assert_eq!(by_bytes, expected);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn characters_and_bytes_find_the_same_occurrences_in_the_same_order_of_ends(
            strings in proptest::collection::btree_set(
                proptest::strategy::Strategy::prop_map(
                    proptest::collection::vec(
                        proptest::sample::select(&["注", "汪", "：", "，", "x", "xy", "。"][..]),
                        1..4,
                    ),
                    |pieces| pieces.concat(),
                ),
                1..12,
            ),
            text in crate::checks::testing::text_of(&["注", "汪", "：", "，", "x", "xy", "。", "注："]),
        ) {
            let strings: Vec<Arc<[u8]>> = strings.iter().map(|s| Arc::from(s.as_bytes())).collect();
            let chars = Automaton::build(&strings).unwrap();
            proptest::prop_assert!(matches!(chars, Automaton::Chars(_)));
            let bytes = Automaton::Bytes(Automaton::bytes(&strings).unwrap());
            let end = |&(id, start): &(u32, usize)| start + strings[id as usize].len();
            let (mut by_chars, mut by_bytes) =
                (found(&chars, &text, 0..text.len()), found(&bytes, &text, 0..text.len()));
            proptest::prop_assert!(by_chars.is_sorted_by_key(end));
            proptest::prop_assert!(by_bytes.is_sorted_by_key(end));
            by_chars.sort_unstable();
            by_bytes.sort_unstable();
            proptest::prop_assert_eq!(by_chars, by_bytes);
        }
    }
}
