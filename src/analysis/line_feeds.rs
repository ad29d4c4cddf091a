//! Where a text's line feeds are, for a search that needs the lines around a place: a count
//! per block of the text, and the block itself read for the rest. A list of every line feed
//! took 4 bytes a line (2 MB for a 50 MB text, held through the lint); the counts take 4
//! bytes a block of 1 KB.

/// Blocks of 2^10 bytes: the most a look reads of the text, once to count and once a line end.
const BLOCK_BITS: u32 = 10;

/// The line feeds of a text shorter than 4 GiB, read together with that text (or a copy of it
/// with its line feeds at the same offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineFeeds {
    /// Per block, the line feeds before its first byte.
    before: Vec<u32>,
    /// The line feeds of the whole text.
    total: u32,
    /// The text's length.
    len: usize,
}

impl LineFeeds {
    pub(crate) fn new(text: &str) -> LineFeeds {
        let mut before = vec![0u32; (text.len() >> BLOCK_BITS) + 1];
        let mut total = 0u32;
        // Each feed counts for every block after its own: counted in the next block, then
        // summed up.
        for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
            total = total.saturating_add(1);
            if let Some(next) = before.get_mut((at >> BLOCK_BITS) + 1) {
                *next += 1;
            }
        }
        let mut sum = 0u32;
        for count in &mut before {
            sum = sum.saturating_add(*count);
            *count = sum;
        }
        LineFeeds {
            before,
            total,
            len: text.len(),
        }
    }

    /// The line feeds of `text` before `at`.
    fn rank(&self, text: &[u8], at: usize) -> usize {
        let block = at >> BLOCK_BITS;
        let counted = self.before.get(block).map_or(self.total, |&n| n) as usize;
        let from = (block << BLOCK_BITS).min(at);
        counted + memchr::memchr_iter(b'\n', &text[from..at]).count()
    }

    /// Where the `k`th line feed (from 0) of `text` is; None past the last.
    fn select(&self, text: &[u8], k: usize) -> Option<usize> {
        if k >= self.total as usize {
            return None;
        }
        // The last block with at most `k` feeds before it holds the `k`th.
        let block = self.before.partition_point(|&n| n as usize <= k) - 1;
        let from = block << BLOCK_BITS;
        let to = (from + (1 << BLOCK_BITS)).min(text.len());
        let skip = k - self.before[block] as usize;
        memchr::memchr_iter(b'\n', &text[from..to])
            .nth(skip)
            .map(|at| from + at)
    }

    /// The range of the lines of `text` from `count` lines before the one holding `at` to
    /// `count` after it, without the line feeds at its ends. `text` is the text this was made
    /// of, and `at` one of its offsets.
    pub(crate) fn lines_around(&self, text: &str, at: usize, count: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        if bytes.len() != self.len || at > self.len {
            return (0, bytes.len());
        }
        let after = self.rank(bytes, at);
        let start = (after.checked_sub(count + 1))
            .and_then(|k| self.select(bytes, k))
            .map_or(0, |feed| feed + 1);
        let end = (after.checked_add(count))
            .and_then(|k| self.select(bytes, k))
            .unwrap_or(bytes.len());
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: the lines around `at`, found from a list of every line feed.
    fn around_by_list(text: &str, at: usize, count: usize) -> (usize, usize) {
        let feeds: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        let after = feeds.partition_point(|&feed| feed < at);
        let start = after.checked_sub(count + 1).map_or(0, |k| feeds[k] + 1);
        let end = feeds.get(after + count).map_or(text.len(), |&feed| feed);
        (start, end)
    }

    proptest::proptest! {
        /// Texts of a few blocks, lines short and long (a line of several blocks, blocks
        /// without a feed, feeds at a block's edges), `\r\n` and Chinese among them.
        #[test]
        fn the_lines_around_a_place_are_those_a_list_of_every_feed_gives(
            pieces in proptest::collection::vec((0usize..1500, 0usize..4), 0..12),
            looks in proptest::collection::vec((0usize..20_000, 0usize..4), 1..30),
        ) {
            let mut text = String::new();
            for (len, end) in pieces {
                text.push_str(&"甲乙a".repeat(len / 5));
                text.push_str(["\n", "\r\n", "\n\n", ""][end]);
            }
            let feeds = LineFeeds::new(&text);
            for (at, count) in looks {
                let at = at.min(text.len());
                proptest::prop_assert_eq!(
                    feeds.lines_around(&text, at, count),
                    around_by_list(&text, at, count),
                    "{} {}", at, count
                );
            }
        }
    }

    #[test]
    fn feeds_at_the_edges_of_blocks_are_counted_in_the_block_they_are_in() {
        let block = 1 << BLOCK_BITS;
        // Feeds as the last byte of the first block and the first of the second.
        let text = format!("{}\n\n{}\n", "a".repeat(block - 1), "b".repeat(block));
        let feeds = LineFeeds::new(&text);
        assert_eq!(feeds.before, [0, 1, 2]);
        assert_eq!(feeds.total, 3);
        for at in [0, block - 1, block, block + 1, 2 * block, text.len()] {
            for count in 0..3 {
                assert_eq!(
                    feeds.lines_around(&text, at, count),
                    around_by_list(&text, at, count),
                    "{at} {count}"
                );
            }
        }
        assert_eq!(feeds.lines_around(&text, block, 0), (block, block));
        assert_eq!(
            feeds.lines_around(&text, block + 1, 0),
            (block + 1, 2 * block + 1)
        );
    }

    #[test]
    fn a_text_without_feeds_is_one_line() {
        let text = "甲".repeat(5000);
        let feeds = LineFeeds::new(&text);
        assert_eq!(feeds.lines_around(&text, 7500, 3), (0, text.len()));
        assert_eq!(feeds.lines_around(&text, text.len(), 0), (0, text.len()));
    }
}
