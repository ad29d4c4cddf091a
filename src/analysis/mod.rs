//! Shared analysis: facts about a document that several check kinds read (the heading outline,
//! the document's parts, phrase and pattern matching). A check kind reads these and its own
//! parameters, never another kind's internals.

pub mod line_feeds;
pub mod literals;
pub mod markdown;
pub mod matching;
pub mod outline;
pub mod packed;
pub mod parts;
pub mod phrases;
pub mod script;
pub mod start_queue;
pub mod text;
pub mod vocabulary;
pub mod years;

/// `items.partition_point(before)`, looked for from `hint` (where the last look ended; set to
/// this one's): a document's places are mostly read in order, so the next one is a few items
/// on. A few steps forward, else halving the rest; a look back halves what lies before the
/// hint. `items` must be partitioned by `before` (all that hold it first).
pub(crate) fn partition_point_from<T>(
    items: &[T],
    hint: &mut usize,
    before: impl Fn(&T) -> bool,
) -> usize {
    const STEPS: usize = 8;
    let mut i = (*hint).min(items.len());
    if i > 0 && !before(&items[i - 1]) {
        i = items[..i].partition_point(&before);
    } else {
        let mut steps = 0;
        while items.get(i).is_some_and(&before) {
            i += 1;
            steps += 1;
            if steps == STEPS {
                i += items[i..].partition_point(&before);
                break;
            }
        }
    }
    *hint = i;
    i
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// From any hint, the point halving finds; the hint is left there.
        #[test]
        fn a_point_found_from_a_hint_is_the_one_halving_finds(
            mut items in proptest::collection::vec(0u32..60, 0..40),
            looks in proptest::collection::vec(0u32..64, 1..20),
            hint in 0usize..45,
        ) {
            items.sort_unstable();
            let mut hint = hint;
            for at in looks {
                let expected = items.partition_point(|&item| item < at);
                let found = super::partition_point_from(&items, &mut hint, |&item| item < at);
                proptest::prop_assert_eq!(found, expected);
                proptest::prop_assert_eq!(hint, expected);
            }
        }
    }
}
