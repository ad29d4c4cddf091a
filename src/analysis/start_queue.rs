//! The sorted starts a screened search reads, front first ([`StartQueue`]): one string's list
//! as the scan keeps it, or the lists of several strings merged. A long merge is read a block
//! at a time as the search moves on, never held whole: the five marks a rule looks for at a
//! line's start, in a 50 MB text, merged whole made a list of 3.7 MB, and a packed list read
//! whole took four bytes a start.

use crate::analysis::vocabulary::{Starts, StartsIter};
use std::borrow::Cow;

/// Lists that hold this many starts or more between them are merged a block at a time.
pub(crate) const MERGED_IN_BLOCKS_FROM: usize = 1 << 16;

/// About how many starts a block of a merge holds.
const BLOCK: usize = 4096;

/// How much text the first block of a merge covers, in bytes (see `Merging::span`).
const FIRST_SPAN: u64 = 1 << 16;

/// Ascending starts, each once, read from the front.
pub(crate) struct StartQueue<'s> {
    /// The starts read so far; `held[next..]` lie ahead.
    held: Cow<'s, [u32]>,
    next: usize,
    /// The lists still being read, when they are merged a block at a time (boxed: a short
    /// text's queues, moved from the scan to the search, are never merged so).
    merging: Option<Box<Merging<'s>>>,
}

/// Lists being merged a block at a time.
struct Merging<'s> {
    lists: Vec<Unread<'s>>,
    /// Every start below this has been read.
    read_below: u64,
    /// How much text the next block covers: set after each block so that the next would hold
    /// about [`BLOCK`] starts if they were as dense (at most doubled, where they are sparse).
    span: u64,
    /// How many starts a block may hold (a test makes it small).
    block: usize,
}

impl<'s> StartQueue<'s> {
    /// One string's starts: a plain list is read where it is kept, a packed one as it is
    /// unpacked.
    pub(crate) fn of(starts: Starts<'s>) -> Self {
        match starts {
            Starts::Plain(list) => StartQueue::holding(Cow::Borrowed(list)),
            Starts::Packed(_) => StartQueue::merging(vec![starts], BLOCK),
        }
    }

    /// The starts of several strings, merged (a start of two strings once); `count`: how many
    /// the lists hold between them.
    pub(crate) fn merged(count: usize, lists: impl Iterator<Item = Starts<'s>>) -> Self {
        if count >= MERGED_IN_BLOCKS_FROM {
            return StartQueue::merging(lists, BLOCK);
        }
        // A list of the exact size, not one that grows by doubling. Each string's starts are
        // sorted already: the stable sort merges those runs.
        let mut all = Vec::with_capacity(count);
        lists.for_each(|list| all.extend(list.iter()));
        all.sort();
        all.dedup();
        StartQueue::holding(Cow::Owned(all))
    }

    /// Starts listed already (ascending, each once).
    pub(crate) fn holding(held: Cow<'s, [u32]>) -> Self {
        StartQueue {
            held,
            next: 0,
            merging: None,
        }
    }

    fn merging(lists: impl IntoIterator<Item = Starts<'s>>, block: usize) -> Self {
        let merging = Merging {
            lists: lists.into_iter().map(Unread::new).collect(),
            read_below: 0,
            span: FIRST_SPAN,
            block,
        };
        StartQueue {
            held: Cow::Owned(Vec::new()),
            next: 0,
            merging: Some(Box::new(merging)),
        }
    }

    /// The starts read and not yet passed.
    fn ahead(&self) -> &[u32] {
        &self.held[self.next..]
    }

    /// The first start ahead, reading the next block when none is left.
    pub(crate) fn first(&mut self) -> Option<u32> {
        if self.next == self.held.len() {
            self.read_block(0);
        }
        self.held.get(self.next).copied()
    }

    /// Pass the first start ahead.
    pub(crate) fn pop(&mut self) {
        self.next = (self.next + 1).min(self.held.len());
    }

    /// Pass every start below `from`.
    pub(crate) fn skip_below(&mut self, from: usize) {
        loop {
            self.next += self.ahead().partition_point(|&s| (s as usize) < from);
            if self.next < self.held.len() || !self.read_block(from) {
                return;
            }
        }
    }

    /// How many starts ahead lie below `end`, every one of them read (see [`Self::ahead_at`]).
    pub(crate) fn count_below(&mut self, end: usize) -> usize {
        if let Some(merging) = &mut self.merging {
            if merging.read_below < end as u64 {
                let held = self.held.to_mut();
                // What was passed goes first: the starts ahead keep their places in `ahead`.
                held.drain(..self.next);
                self.next = 0;
                let bound = (end as u64).max(merging.read_below.saturating_add(merging.span));
                merging.read(bound, 0, held);
            }
        }
        self.ahead().partition_point(|&s| (s as usize) < end)
    }

    /// The start `k` places ahead (`k` below a count from [`Self::count_below`]).
    pub(crate) fn ahead_at(&self, k: usize) -> Option<u32> {
        self.ahead().get(k).copied()
    }

    /// Replace what was read by the next block that holds a start at or after `from`; false
    /// when the lists hold no more.
    fn read_block(&mut self, from: usize) -> bool {
        let Some(merging) = &mut self.merging else {
            return false;
        };
        let held = self.held.to_mut();
        held.clear();
        self.next = 0;
        while held.is_empty() {
            if merging.lists.iter().all(|list| list.head.is_none()) {
                self.merging = None;
                return false;
            }
            let start = merging.read_below.max(from as u64);
            let span = merging.span;
            merging.read(start.saturating_add(span), from, held);
            // As much text as would have held a block's worth, at most twice as much.
            let wanted = span.saturating_mul(merging.block as u64) / (held.len() as u64).max(1);
            merging.span = wanted.clamp(1, span.saturating_mul(2));
        }
        true
    }

    /// Every start left, passing them (for tests).
    #[cfg(test)]
    pub(crate) fn drain(mut self) -> Vec<u32> {
        let mut all = Vec::new();
        while let Some(start) = self.first() {
            all.push(start);
            self.pop();
        }
        all
    }
}

/// What is left of one list: its first start read ahead, then the rest. (A `Peekable` would
/// tie the queue to one lifetime: it names the iterator's item type.)
struct Unread<'s> {
    head: Option<u32>,
    rest: StartsIter<'s>,
}

impl<'s> Unread<'s> {
    fn new(starts: Starts<'s>) -> Self {
        let mut rest = starts.iter();
        Unread {
            head: rest.next(),
            rest,
        }
    }

    /// The first start, passed, when it lies below `bound`.
    fn next_below(&mut self, bound: u64) -> Option<u32> {
        let head = self.head.filter(|&s| u64::from(s) < bound)?;
        self.head = self.rest.next();
        Some(head)
    }
}

impl Merging<'_> {
    /// Read every start below `bound` not read yet onto `held`, ascending and each once; those
    /// below `from` are passed over.
    fn read(&mut self, bound: u64, from: usize, held: &mut Vec<u32>) {
        let first_new = held.len();
        for list in &mut self.lists {
            while let Some(start) = list.next_below(bound) {
                if start as usize >= from {
                    held.push(start);
                }
            }
        }
        self.read_below = self.read_below.max(bound);
        if self.lists.len() > 1 {
            // Every start read before lies below the last bound, so below all of these.
            let new = &mut held[first_new..];
            new.sort_unstable();
            let mut kept = 0;
            for i in 0..new.len() {
                if kept == 0 || new[i] != new[kept - 1] {
                    new[kept] = new[i];
                    kept += 1;
                }
            }
            held.truncate(first_new + kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::packed::PackedStarts;
    use proptest::prelude::*;

    /// The lists merged at once, as a reference.
    fn merged_whole(lists: &[Vec<u32>]) -> Vec<u32> {
        let mut all: Vec<u32> = lists.iter().flatten().copied().collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    #[test]
    fn a_merge_read_in_blocks_gives_each_start_once_in_order() {
        let lists = [vec![0, 5, 9, 200, 70_000], vec![5, 6, 200, 200_000], vec![]];
        let packed: Vec<PackedStarts> = lists.iter().map(|l| PackedStarts::new(l)).collect();
        let queue = StartQueue::merging(packed.iter().map(Starts::Packed), 2);
        assert_eq!(queue.drain(), [0, 5, 6, 9, 200, 70_000, 200_000]);
        let plain = StartQueue::merging(lists.iter().map(|l| Starts::Plain(l)), 2);
        assert_eq!(plain.drain(), [0, 5, 6, 9, 200, 70_000, 200_000]);
        let one = PackedStarts::new(&[3, u32::MAX]);
        assert_eq!(StartQueue::of(Starts::Packed(&one)).drain(), [3, u32::MAX]);
        assert_eq!(
            StartQueue::merged(0, [].into_iter()).drain(),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn a_skip_passes_starts_never_read_into_a_block() {
        let list: Vec<u32> = (0..100_000).map(|i| i * 7).collect();
        let packed = PackedStarts::new(&list);
        let mut queue = StartQueue::merging(vec![Starts::Packed(&packed)], 16);
        queue.skip_below(350_000);
        assert_eq!(queue.first(), Some(350_000));
        // The block read holds none of the starts passed over.
        assert!(queue.held.iter().all(|&s| s >= 350_000));
        // The next covers as much text as holds a block's worth.
        let first_block = queue.held.len();
        (0..first_block).for_each(|_| queue.pop());
        assert_eq!(queue.first(), Some(350_000 + 7 * first_block as u32));
        assert!(
            (15..=17).contains(&queue.held.len()),
            "{}",
            queue.held.len()
        );
        queue.skip_below(usize::MAX);
        assert_eq!(queue.first(), None);
    }

    proptest! {
        /// Any reading of a merge read in blocks (skips, looks ahead, passes) sees what the
        /// merged list does.
        #[test]
        fn reading_in_blocks_agrees_with_the_merged_list(
            lists in proptest::collection::vec(
                proptest::collection::vec(0u32..5_000, 0..300), 1..5),
            steps in proptest::collection::vec((0u8..3, 0usize..400), 0..60),
            block in 1usize..20,
            packed in any::<bool>(),
        ) {
            // A string's starts, each once.
            let lists: Vec<Vec<u32>> = lists.into_iter().map(|mut l| {
                l.sort_unstable();
                l.dedup();
                l
            }).collect();
            let whole = merged_whole(&lists);
            let packs: Vec<PackedStarts> = lists.iter().map(|l| PackedStarts::new(l)).collect();
            let starts: Vec<Starts> = if packed {
                packs.iter().map(Starts::Packed).collect()
            } else {
                lists.iter().map(|l| Starts::Plain(l)).collect()
            };
            let mut queue = StartQueue::merging(starts, block);
            // The reference: the merged list and a place in it.
            let mut next = 0;
            for (step, by) in steps {
                match step {
                    0 => {
                        let from = whole.get(next).map_or(0, |&s| s as usize) + by;
                        queue.skip_below(from);
                        next += whole[next..].partition_point(|&s| (s as usize) < from);
                    }
                    1 => {
                        let end = whole.get(next).map_or(0, |&s| s as usize) + by * 10;
                        let count = whole[next..].partition_point(|&s| (s as usize) < end);
                        prop_assert_eq!(queue.count_below(end), count);
                        for k in [0, count / 2, count.saturating_sub(1)].into_iter()
                            .filter(|&k| k < count) {
                            prop_assert_eq!(queue.ahead_at(k), Some(whole[next + k]));
                        }
                    }
                    _ => {
                        prop_assert_eq!(queue.first(), whole.get(next).copied());
                        queue.pop();
                        next = (next + 1).min(whole.len());
                    }
                }
                prop_assert_eq!(queue.first(), whole.get(next).copied());
            }
            prop_assert_eq!(queue.drain(), whole[next..].to_vec());
        }
    }
}
