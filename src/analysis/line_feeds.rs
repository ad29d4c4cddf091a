//! Where a text's line feeds are, for a search that needs the lines around a place: each as
//! its offset in its block of 64 KB, with where each block's feeds begin. A list of every line
//! feed's offset took 4 bytes a line (2 MB for a 50 MB text, held through the lint); this
//! takes 2, and finds a feed by the same halving.

/// Blocks of 2^16 bytes: an offset inside one is a u16.
const BLOCK_BITS: u32 = 16;

/// The line feeds of a text shorter than 4 GiB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineFeeds {
    /// Each line feed's offset in its block, in order.
    low: Vec<u16>,
    /// Per block, and once more at the end: the line feeds before it (where its own begin in
    /// `low`).
    first: Vec<u32>,
    /// The text's length.
    len: usize,
}

impl LineFeeds {
    pub(crate) fn new(text: &str) -> LineFeeds {
        let blocks = (text.len() >> BLOCK_BITS) + 1;
        let mut low = Vec::new();
        let mut first = Vec::with_capacity(blocks + 1);
        for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
            while first.len() <= at >> BLOCK_BITS {
                first.push(crate::model::saturating_u32(low.len()));
            }
            // The offset in its block: the low 16 bits.
            low.push(at as u16);
        }
        while first.len() <= blocks {
            first.push(crate::model::saturating_u32(low.len()));
        }
        low.shrink_to_fit();
        LineFeeds {
            low,
            first,
            len: text.len(),
        }
    }

    /// The line feeds before `at` (at most the text's length).
    fn rank(&self, at: usize) -> usize {
        let block = at >> BLOCK_BITS;
        let (from, to) = (self.first[block] as usize, self.first[block + 1] as usize);
        let inside = at & ((1 << BLOCK_BITS) - 1);
        from + self.low[from..to].partition_point(|&low| (low as usize) < inside)
    }

    /// Where the `k`th line feed (from 0) is; None past the last. `near`: a block it is
    /// likely in (the lines around a place are mostly in the place's block).
    fn select(&self, k: usize, near: usize) -> Option<usize> {
        let low = *self.low.get(k)? as usize;
        let holds =
            |block: usize| self.first[block] as usize <= k && k < self.first[block + 1] as usize;
        let block = match near < self.first.len() - 1 && holds(near) {
            true => near,
            // The last block whose feeds begin at or before the `k`th holds it.
            false => self.first.partition_point(|&first| first as usize <= k) - 1,
        };
        Some((block << BLOCK_BITS) + low)
    }

    /// The range of the lines from `count` lines before the one holding `at` to `count` after
    /// it, without the line feeds at its ends, in the text this was made of (a copy with its
    /// line feeds at the same offsets will do).
    pub(crate) fn lines_around(&self, at: usize, count: usize) -> (usize, usize) {
        let at = at.min(self.len);
        let after = self.rank(at);
        let near = at >> BLOCK_BITS;
        let start = (after.checked_sub(count + 1))
            .and_then(|k| self.select(k, near))
            .map_or(0, |feed| feed + 1);
        let end = (after.checked_add(count))
            .and_then(|k| self.select(k, near))
            .unwrap_or(self.len);
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
            pieces in proptest::collection::vec((0usize..6000, 0usize..4), 0..16),
            looks in proptest::collection::vec((0usize..=1000, 0usize..4), 1..30),
        ) {
            let mut text = String::new();
            for (len, end) in pieces {
                // Lines of a few bytes to 42 KB: text of up to ten blocks.
                text.push_str(&"甲乙a".repeat(len * len / 6000));
                text.push_str(["\n", "\r\n", "\n\n", ""][end]);
            }
            let feeds = LineFeeds::new(&text);
            for (at, count) in looks {
                // Spread over the text, whatever its length (`at` in thousandths of it).
                let at = text.len() * at / 1000;
                proptest::prop_assert_eq!(
                    feeds.lines_around(at, count),
                    around_by_list(&text, at, count),
                    "{} {}", at, count
                );
            }
        }
    }

    #[test]
    fn feeds_at_the_edges_of_blocks_are_counted_in_the_block_they_are_in() {
        let block = 1 << BLOCK_BITS;
        // Feeds as the last byte of the first block and the first of the second; a block
        // without any; the last feed ends the text.
        let text = format!("{}\n\n{}\n", "a".repeat(block - 1), "b".repeat(2 * block));
        let feeds = LineFeeds::new(&text);
        assert_eq!(feeds.first, [0, 1, 2, 2, 3]);
        assert_eq!(feeds.low, [u16::MAX, 0, 1]);
        for at in [
            0,
            block - 1,
            block,
            block + 1,
            2 * block,
            3 * block,
            text.len(),
        ] {
            for count in 0..3 {
                assert_eq!(
                    feeds.lines_around(at, count),
                    around_by_list(&text, at, count),
                    "{at} {count}"
                );
            }
        }
        assert_eq!(feeds.lines_around(block, 0), (block, block));
        assert_eq!(feeds.lines_around(block + 1, 0), (block + 1, 3 * block + 1));
    }

    #[test]
    fn a_text_without_feeds_is_one_line() {
        let text = "甲".repeat(5000);
        let feeds = LineFeeds::new(&text);
        assert_eq!(feeds.lines_around(7500, 3), (0, text.len()));
        assert_eq!(feeds.lines_around(text.len(), 0), (0, text.len()));
    }
}
