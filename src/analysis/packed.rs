//! Ascending offsets kept as the gaps between them, each a LEB128 varint: the starts of a
//! common string in a large text (a comma every hundred bytes) take one or two bytes each
//! instead of four. A 50 MB text's literal scan is 4.7 million starts, which live through
//! every rule. The places of a rule's words ([`PackedPlaces`]) are kept the same way, with
//! their words.

use integer_encoding::VarInt;

/// Append `n` as a LEB128 varint. Most numbers packed are under 128 and take one byte:
/// written without the general encoder.
fn push_varint(bytes: &mut Vec<u8>, n: u32) {
    if n < 0x80 {
        bytes.push(n as u8);
    } else {
        let mut buffer = [0u8; 5];
        let written = n.encode_var(&mut buffer);
        bytes.extend_from_slice(&buffer[..written]);
    }
}

/// The LEB128 varint at the start of `bytes`, and how many bytes it took.
fn read_varint(bytes: &[u8]) -> Option<(u32, usize)> {
    match bytes.first() {
        Some(&byte) if byte < 0x80 => Some((u32::from(byte), 1)),
        _ => u32::decode_var(bytes),
    }
}

/// An ascending list of offsets, packed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedStarts {
    count: u32,
    /// The first offset, then each gap to the next.
    gaps: Box<[u8]>,
}

impl PackedStarts {
    /// Pack `starts`, which must be ascending (a gap is never negative).
    pub fn new(starts: &[u32]) -> PackedStarts {
        let mut packing = Packing::with_capacity(starts.len() + starts.len() / 2);
        starts.iter().for_each(|&start| packing.push(start));
        packing.finish()
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The offsets, ascending.
    pub fn iter(&self) -> Unpacked<'_> {
        Unpacked {
            gaps: &self.gaps,
            previous: 0,
            left: self.count,
        }
    }
}

/// A [`PackedStarts`] written an offset at a time, as they are found: a large text's starts
/// are then never held four bytes each (as lists of thousands of strings, freed once packed,
/// they took 20 MB more at the scan and left holes in the allocator's heap of the thread that
/// scanned, which another thread's rules could not reuse).
#[derive(Clone, Debug, Default)]
pub struct Packing {
    count: u32,
    previous: u32,
    gaps: Vec<u8>,
}

impl Packing {
    fn with_capacity(bytes: usize) -> Packing {
        Packing {
            gaps: Vec::with_capacity(bytes),
            ..Packing::default()
        }
    }

    /// Add `start`, which must not be below the last one added.
    pub fn push(&mut self, start: u32) {
        debug_assert!(start >= self.previous, "offsets must be ascending");
        push_varint(&mut self.gaps, start.saturating_sub(self.previous));
        self.previous = start;
        // A list read from a text under 4 GiB holds fewer offsets than the text has bytes.
        self.count = self.count.saturating_add(1);
    }

    /// The offsets added, packed in a list of their size.
    pub fn finish(self) -> PackedStarts {
        PackedStarts {
            count: self.count,
            gaps: self.gaps.into_boxed_slice(),
        }
    }
}

/// The offsets of a [`PackedStarts`], read as they are asked for.
#[derive(Clone, Debug)]
pub struct Unpacked<'p> {
    gaps: &'p [u8],
    previous: u32,
    left: u32,
}

impl Iterator for Unpacked<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        let (gap, read) = read_varint(self.gaps)?;
        self.gaps = &self.gaps[read..];
        self.left -= 1;
        // Packed from offsets that fit: the sum never overflows (no panic if it did).
        self.previous = self.previous.checked_add(gap)?;
        Some(self.previous)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}

impl ExactSizeIterator for Unpacked<'_> {}

/// Places of words in a text, each a start and a tag (which word), ascending by start, packed:
/// each as its start's gap from the place before and its tag, both LEB128 varints (two or
/// three bytes a place where a list took eight). Every [`PackedPlaces::STRIDE`]th place is
/// marked, so that a reading can begin near any offset. A 50 MB text's half a million class
/// words and as many literals take 10 MB as a list, held through a junk-line rule.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedPlaces {
    count: u32,
    bytes: Box<[u8]>,
    /// Per stride of places: the start of the place before its first (0 for the first
    /// stride), and where its first place's bytes begin.
    marks: Box<[(u32, u32)]>,
}

/// A [`PackedPlaces`] written a place at a time, in order.
#[derive(Clone, Debug, Default)]
pub struct PlacePacking {
    count: u32,
    previous: u32,
    bytes: Vec<u8>,
    marks: Vec<(u32, u32)>,
}

impl PlacePacking {
    /// Add a place at `start` (not below the last one added) with `tag`.
    pub fn push(&mut self, start: u32, tag: u32) {
        debug_assert!(start >= self.previous, "places must be ascending");
        if (self.count as usize).is_multiple_of(PackedPlaces::STRIDE) {
            let at = crate::model::saturating_u32(self.bytes.len());
            self.marks.push((self.previous, at));
        }
        push_varint(&mut self.bytes, start.saturating_sub(self.previous));
        push_varint(&mut self.bytes, tag);
        self.previous = start;
        self.count = self.count.saturating_add(1);
    }

    pub fn finish(self) -> PackedPlaces {
        PackedPlaces {
            count: self.count,
            bytes: self.bytes.into_boxed_slice(),
            marks: self.marks.into_boxed_slice(),
        }
    }
}

impl PlacePacking {
    /// The places of several lists of ascending starts, merged: list `(key, tag, starts)` puts
    /// each of its starts with `tag`, ordered by start, then key, then list. The places are
    /// packed as they are merged, never all held as a list (8 bytes or more a place).
    pub fn merged<K: Ord + Copy>(
        mut lists: Vec<(K, u32, impl Iterator<Item = u32>)>,
    ) -> PackedPlaces {
        use std::cmp::Reverse;
        // The next start of each list, least first.
        let mut next = std::collections::BinaryHeap::new();
        for (i, (key, _, starts)) in lists.iter_mut().enumerate() {
            if let Some(start) = starts.next() {
                next.push(Reverse((start, *key, i)));
            }
        }
        let mut packing = PlacePacking::default();
        while let Some(mut least) = next.peek_mut() {
            let Reverse((start, _, i)) = *least;
            let (_, tag, starts) = &mut lists[i];
            packing.push(start, *tag);
            match starts.next() {
                Some(start) => least.0 .0 = start,
                None => {
                    std::collections::binary_heap::PeekMut::pop(least);
                }
            }
        }
        packing.finish()
    }
}

impl PackedPlaces {
    /// Places between two marks: a reading that begins at an offset decodes at most this many
    /// before it.
    pub const STRIDE: usize = 16;

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The places from the first that starts at or after `start`, as (start, tag). `hint`:
    /// where the last reading began (see [`crate::analysis::partition_point_from`]), for
    /// places read mostly in order.
    pub fn from(&self, start: u32, hint: &mut usize) -> UnpackedPlaces<'_> {
        // The last stride whose places before it all start before `start` holds the first
        // place that does not (every stride after it is preceded by one that does).
        let after =
            crate::analysis::partition_point_from(&self.marks, hint, |&(before, _)| before < start);
        let stride = after.saturating_sub(1);
        let Some(&(previous, at)) = self.marks.get(stride) else {
            return UnpackedPlaces::default();
        };
        let mut places = UnpackedPlaces {
            bytes: self.bytes.get(at as usize..).unwrap_or_default(),
            previous,
            left: self
                .count
                .saturating_sub((stride * PackedPlaces::STRIDE) as u32),
        };
        // Skip, within the stride, the places that start before `start`.
        let mut ahead = places.clone();
        while let Some((at, _)) = ahead.next() {
            if at >= start {
                break;
            }
            places = ahead.clone();
        }
        places
    }
}

/// The places of a [`PackedPlaces`] from some place on, read as they are asked for.
#[derive(Clone, Debug, Default)]
pub struct UnpackedPlaces<'p> {
    bytes: &'p [u8],
    previous: u32,
    left: u32,
}

impl Iterator for UnpackedPlaces<'_> {
    type Item = (u32, u32);

    fn next(&mut self) -> Option<(u32, u32)> {
        if self.left == 0 {
            return None;
        }
        let (gap, read) = read_varint(self.bytes)?;
        let (tag, tag_read) = read_varint(&self.bytes[read..])?;
        self.bytes = &self.bytes[read + tag_read..];
        self.left -= 1;
        self.previous = self.previous.checked_add(gap)?;
        Some((self.previous, tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_back_as_packed_from_one_byte_gaps_to_five() {
        let starts = [0, 0, 1, 127, 128, 16_511, 16_512, 1 << 28, u32::MAX];
        let packed = PackedStarts::new(&starts);
        assert_eq!(packed.len(), starts.len());
        assert_eq!(packed.iter().collect::<Vec<_>>(), starts);
        assert_eq!(packed.iter().len(), starts.len());
        // Gaps under 128 take a byte: 0, 0, 1, 126, 1; 16,383 (under 2^14) two; 1 one;
        // 2^28 - 16,512 (under 2^28) four; u32::MAX - 2^28 five. 17 bytes for 9 offsets.
        assert_eq!(packed.gaps[..5], [0, 0, 1, 126, 1]);
        assert_eq!(packed.gaps.len(), 5 + 2 + 1 + 4 + 5);
        assert!(PackedStarts::new(&[]).is_empty());
        assert_eq!(PackedStarts::new(&[]).iter().next(), None);
    }

    fn packed_places(places: &[(u32, u32)]) -> PackedPlaces {
        let mut packing = PlacePacking::default();
        places
            .iter()
            .for_each(|&(start, tag)| packing.push(start, tag));
        packing.finish()
    }

    #[test]
    fn lists_merge_by_start_then_key_then_list() {
        let lists = vec![
            ((2, 0), 10, vec![5, 9].into_iter()),
            ((1, 0), 11, vec![5, 7].into_iter()),
            ((1, 0), 12, vec![0, 5].into_iter()),
            ((0, 9), 13, Vec::new().into_iter()),
        ];
        let merged = PlacePacking::merged(lists);
        assert_eq!(
            merged.from(0, &mut 0).collect::<Vec<_>>(),
            [(0, 12), (5, 11), (5, 12), (5, 10), (7, 11), (9, 10)]
        );
    }

    #[test]
    fn places_read_back_from_any_offset() {
        // Forty places, two at each even offset: strides of 16 end inside a pair.
        let places: Vec<(u32, u32)> = (0..40).map(|i| (i / 2 * 2, i % 3)).collect();
        let packed = packed_places(&places);
        assert_eq!(packed.len(), 40);
        // Each place a byte of gap and a byte of tag; a mark per 16.
        assert_eq!((packed.bytes.len(), packed.marks.len()), (80, 3));
        for start in 0..42 {
            let mut hint = 0;
            let expected: Vec<_> = places.iter().copied().filter(|p| p.0 >= start).collect();
            assert_eq!(
                packed.from(start, &mut hint).collect::<Vec<_>>(),
                expected,
                "{start}"
            );
        }
        // Read in order with one hint, and back again.
        let mut hint = 0;
        for start in (0..42).chain((0..42).rev()) {
            let first = packed.from(start, &mut hint).next();
            assert_eq!(
                first,
                places.iter().copied().find(|p| p.0 >= start),
                "{start}"
            );
        }
        let wide = packed_places(&[(5, 300), (1 << 20, 0), (u32::MAX, u32::MAX)]);
        assert_eq!(
            wide.from(0, &mut 0).collect::<Vec<_>>(),
            [(5, 300), (1 << 20, 0), (u32::MAX, u32::MAX)]
        );
        assert!(PackedPlaces::default().is_empty());
        assert_eq!(PackedPlaces::default().from(3, &mut 0).next(), None);
    }

    proptest::proptest! {
        #[test]
        fn any_sorted_places_read_back_from_any_offset(
            mut places in proptest::collection::vec(
                (0u32..5_000, 0u32..1_000), 0..200),
            start in 0u32..5_100,
        ) {
            places.sort_by_key(|p| p.0);
            let packed = packed_places(&places);
            let expected: Vec<_> = places.iter().copied().filter(|p| p.0 >= start).collect();
            let mut hint = 7;
            proptest::prop_assert_eq!(packed.from(start, &mut hint).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn any_ascending_list_reads_back_as_it_was(
            mut starts in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..200)
        ) {
            starts.sort_unstable();
            let packed = PackedStarts::new(&starts);
            proptest::prop_assert_eq!(packed.iter().collect::<Vec<_>>(), starts.clone());
            // Never more than a byte over the plain list's four per offset.
            proptest::prop_assert!(packed.gaps.len() <= starts.len() * 5);
        }
    }
}
