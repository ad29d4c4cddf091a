//! Ascending offsets kept as the gaps between them, each a LEB128 varint: the starts of a
//! common string in a large text (a comma every hundred bytes) take one or two bytes each
//! instead of four. A 50 MB text's literal scan is 4.7 million starts, which live through
//! every rule.

use integer_encoding::VarInt;

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
        let gap = start.saturating_sub(self.previous);
        // Most gaps take one byte: written without the general encoder.
        if gap < 0x80 {
            self.gaps.push(gap as u8);
        } else {
            let mut buffer = [0u8; 5];
            let written = gap.encode_var(&mut buffer);
            self.gaps.extend_from_slice(&buffer[..written]);
        }
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
        let (gap, read) = match self.gaps.first() {
            // One byte: most gaps (see `PackedStarts::new`).
            Some(&byte) if byte < 0x80 => (u32::from(byte), 1),
            _ => u32::decode_var(self.gaps)?,
        };
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

    proptest::proptest! {
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
