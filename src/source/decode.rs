//! Text files in the encodings offices have: UTF-8, GB18030/GBK (older Chinese Windows),
//! UTF-16 (Notepad's "Unicode"), Big5. A byte order mark decides first; then valid UTF-8 is
//! UTF-8; then a text with NUL bytes in every other place is UTF-16; then chardetng guesses
//! and encoding_rs decodes. Nothing is decoded with replacement characters: a text that
//! decodes in no encoding is an error, never a page of `�`.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// A decoded text and how it was stored.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text. A UTF-8 file's is the file itself, with its byte order mark if it has one
    /// (so that spans are the file's byte offsets); another encoding's has no byte order mark.
    pub text: String,
    pub encoding: &'static Encoding,
    /// Where the text's characters are in the file's bytes.
    pub bytes: ByteMap,
}

/// Why bytes are not a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes (or control characters) where no encoding has them: not a text file.
    Binary { offset: usize },
    /// Not valid in the encoding named by `--encoding` or a byte order mark.
    Invalid {
        encoding: &'static Encoding,
        offset: usize,
    },
    /// Not UTF-8, and no other encoding decodes it without errors.
    Unknown { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { offset } => write!(
                f,
                "看起来是二进制文件（第 {offset} 字节处含控制字符），不是文本"
            ),
            DecodeError::Invalid { encoding, offset } => write!(
                f,
                "不是有效的 {} 文本（第 {offset} 字节处无法解码）；请检查 --encoding，或先转存为 UTF-8",
                display_name(encoding)
            ),
            DecodeError::Unknown { offset } => write!(
                f,
                "无法识别文本编码：不是 UTF-8（第 {offset} 字节处无法解码），按 GB18030、Big5 \
                 等解码也都出错；如果知道编码，请用 --encoding 指定（如 --encoding gbk），\
                 或先转存为 UTF-8"
            ),
        }
    }
}

/// The name people know an encoding by (`GB18030`, `UTF-16LE`).
pub fn display_name(encoding: &'static Encoding) -> &'static str {
    encoding.name()
}

/// The encoding `--encoding` names (WHATWG labels: `gbk`, `gb2312`, `gb18030`, `utf-16le`,
/// `big5`, `utf-8`…), if there is one.
pub fn encoding_named(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label_no_replacement(label.trim().as_bytes()).map(superset)
}

/// GBK and GB2312 files are read as GB18030, which encoding_rs decodes them with: one name for
/// a file that may hold GB18030's four-byte characters too, and a byte map that counts them.
fn superset(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

/// Decode a file's bytes: in `forced` if given, else by its byte order mark or by detection.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    if let Some(encoding) = forced {
        return decode_as(bytes, encoding);
    }
    if let Some((encoding, _)) = Encoding::for_bom(&bytes) {
        return decode_as(bytes, encoding);
    }
    let (bytes, utf8_error) = match valid_utf8(bytes) {
        Ok(text) => return utf8(text),
        Err(not_utf8) => not_utf8,
    };
    if let Some(encoding) = utf16_without_bom(&bytes) {
        if let Ok(decoded) = decode_as(bytes.clone(), encoding) {
            return Ok(decoded);
        }
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(DecodeError::Binary { offset });
    }
    for encoding in candidates(&bytes) {
        if let Some(decoded) = strict(&bytes, encoding) {
            return finish(decoded, 0, encoding);
        }
    }
    Err(DecodeError::Unknown { offset: utf8_error })
}

/// `bytes` as a text when they are valid UTF-8, else the bytes back with the offset of the
/// first invalid byte. The bytes become the text without a copy: a second copy of a 50 MB
/// file was the peak of its read.
fn valid_utf8(bytes: Vec<u8>) -> Result<String, (Vec<u8>, usize)> {
    // encoding_rs checks Chinese text several times faster than `String::from_utf8` (10
    // instructions a byte).
    let valid_up_to = Encoding::utf8_valid_up_to(&bytes);
    if valid_up_to < bytes.len() {
        return Err((bytes, valid_up_to));
    }
    // SAFETY: the whole of `bytes` was just checked to be UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// A UTF-8 text: binary when it holds NUL bytes.
fn utf8(text: String) -> Result<Decoded, DecodeError> {
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        return Err(DecodeError::Binary { offset });
    }
    Ok(Decoded {
        text,
        encoding: UTF_8,
        bytes: ByteMap::Same,
    })
}

/// Decode in `encoding` exactly; a UTF-16 byte order mark is left out of the text.
fn decode_as(bytes: Vec<u8>, encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    if encoding == UTF_8 {
        return match valid_utf8(bytes) {
            Ok(text) => utf8(text),
            Err((_, offset)) => Err(DecodeError::Invalid { encoding, offset }),
        };
    }
    let bom = match Encoding::for_bom(&bytes) {
        Some((with, len)) if with == encoding => len,
        _ => 0,
    };
    match strict(&bytes[bom..], encoding) {
        Some(decoded) => finish(decoded, bom, encoding),
        None => Err(DecodeError::Invalid {
            encoding,
            offset: bom + first_error(&bytes[bom..], encoding),
        }),
    }
}

/// A text decoded without a single malformed sequence, with checkpoints: pairs of offsets in
/// the text and in the bytes decoded, where the two are known to meet.
struct Strict {
    text: String,
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes decoded in one piece, at least (a piece ends after a byte that stands alone): a
/// checkpoint at each piece's end bounds the work of one lookup of a file offset.
const PIECE_BYTES: usize = 256;

/// Text bytes between the checkpoints made inside a long piece by encoding it again. Closer
/// than pieces: a long piece is a line without a single ASCII character, where findings may
/// be many and every lookup encodes up to this much.
const INNER_CHECKPOINT_EVERY: usize = 64;

/// Whether a byte below 0x30 is always a character of its own in `encoding`, never part of
/// a multi-byte sequence (true of GB18030, Big5, Shift_JIS, EUC and single-byte encodings; not
/// of UTF-16, nor of ISO-2022-JP, whose escape sequences change what bytes mean).
fn low_bytes_stand_alone(encoding: &'static Encoding) -> bool {
    encoding != UTF_16LE && encoding != UTF_16BE && encoding != encoding_rs::ISO_2022_JP
}

/// Decode `bytes` in `encoding` strictly: `None` at the first malformed sequence. Where low
/// bytes stand alone, the bytes are decoded in pieces cut after such a byte, a checkpoint at
/// each cut, so that a file offset is later found by encoding a few hundred bytes at most
/// (encoding_rs's CJK encoders are slow: encoding the whole text again took longer than
/// linting it).
fn strict(bytes: &[u8], encoding: &'static Encoding) -> Option<Strict> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut checkpoints = vec![(0, 0)];
    let piecewise = low_bytes_stand_alone(encoding);
    let mut at = 0;
    loop {
        let mut end = if piecewise {
            (at + PIECE_BYTES).min(bytes.len())
        } else {
            bytes.len()
        };
        while end < bytes.len() && bytes[end - 1] >= 0x30 {
            end += 1;
        }
        let piece = &bytes[at..end];
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let needed = decoder.max_utf8_buffer_length_without_replacement(piece.len())?;
        text.reserve(needed);
        let piece_start = text.len();
        let (result, _) = decoder.decode_to_string_without_replacement(piece, &mut text, true);
        if result != encoding_rs::DecoderResult::InputEmpty {
            return None;
        }
        if piecewise && piece.len() > 4 * PIECE_BYTES {
            // A long stretch without a single low byte (a line of Chinese alone): checkpoints
            // inside it come from encoding its text again, so lookups stay short.
            inner_checkpoints(&text, piece_start, at, encoding, &mut checkpoints);
        }
        at = end;
        checkpoints.push((text.len(), at));
        if at >= bytes.len() {
            break;
        }
    }
    Some(Strict { text, checkpoints })
}

/// Checkpoints every [`INNER_CHECKPOINT_EVERY`] bytes of `text[from..]`, decoded from the bytes at
/// `file_at`: found by encoding the text back, in pieces.
fn inner_checkpoints(
    text: &str,
    from: usize,
    file_at: usize,
    encoding: &'static Encoding,
    checkpoints: &mut Vec<(usize, usize)>,
) {
    let (mut at, mut file_at) = (from, file_at);
    loop {
        let mut next = at + INNER_CHECKPOINT_EVERY;
        if next >= text.len() {
            return;
        }
        while !text.is_char_boundary(next) {
            next += 1;
        }
        file_at += encoded_len(&text[at..next], encoding);
        at = next;
        checkpoints.push((at, file_at));
    }
}

/// The byte offset of the first malformed sequence in `encoding`.
fn first_error(bytes: &[u8], encoding: &'static Encoding) -> usize {
    malformed_at(bytes, encoding, true).unwrap_or(bytes.len())
}

/// Where `bytes` stop being well-formed in `encoding`: the offset of the first malformed
/// sequence, None when there is none. `last`: whether the bytes end the input; if not, a
/// sequence cut off at their end is no error (it may go on past them).
fn malformed_at(bytes: &[u8], encoding: &'static Encoding, last: bool) -> Option<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, last);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, later) => {
            Some(read.saturating_sub(bad as usize + later as usize))
        }
        _ => None,
    }
}

/// A decoded text (of the file after `bom` bytes) checked for what text files do not hold,
/// with its byte map.
fn finish(
    decoded: Strict,
    bom: usize,
    encoding: &'static Encoding,
) -> Result<Decoded, DecodeError> {
    let Strict { text, checkpoints } = decoded;
    let checkpoints = if encoding == UTF_16LE || encoding == UTF_16BE {
        let mut checkpoints = vec![(0, bom)];
        inner_checkpoints(&text, 0, bom, encoding, &mut checkpoints);
        narrowed(&checkpoints, 0)
    } else if low_bytes_stand_alone(encoding) {
        narrowed(&checkpoints, bom)
    } else {
        None
    };
    let map = match checkpoints {
        Some(points) => ByteMap::Checkpoints(points),
        None => ByteMap::Unknown,
    };
    if let Some(at) = text.find(is_binary_control) {
        // The byte offset in the file of the offending character.
        return Err(DecodeError::Binary {
            offset: map.file_offset(&text, at, encoding).unwrap_or(0),
        });
    }
    Ok(Decoded {
        text,
        encoding,
        bytes: map,
    })
}

/// Checkpoints as u32 pairs, the file's offsets moved past `bom` bytes: None when one does not
/// fit (a text of 4 GiB or more; no file read is that large, see `io::DOCUMENT_LIMIT`). A
/// checkpoint for every 256 bytes of a 50 MB file took 2 MB as two `usize`, held through the
/// lint.
fn narrowed(points: &[(usize, usize)], bom: usize) -> Option<Vec<(u32, u32)>> {
    (points.iter())
        .map(|&(text_at, file_at)| {
            let file_at = file_at.checked_add(bom)?;
            Some((u32::try_from(text_at).ok()?, u32::try_from(file_at).ok()?))
        })
        .collect()
}

/// Control characters no text file has: NUL and the C1 controls a wrong single-byte guess
/// produces. Tabs, line ends, form feeds and the like are text.
fn is_binary_control(c: char) -> bool {
    matches!(c, '\0' | '\u{1}'..='\u{8}' | '\u{e}'..='\u{1a}' | '\u{1c}'..='\u{1f}' | '\u{80}'..='\u{9f}')
}

/// UTF-16 without a byte order mark, told by what its code units are: in the byte order
/// it is in, nearly all are characters a Chinese text has (ASCII, CJK, their punctuation);
/// read the other way round, few are. Only texts with NUL bytes are looked at (ASCII
/// characters and many CJK characters have one), so a UTF-8 or GBK text never is.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let plausible = |unit: fn([u8; 2]) -> u16| {
        sample
            .chunks_exact(2)
            .filter(|pair| is_text_unit(unit([pair[0], pair[1]])))
            .count()
    };
    let units = sample.len() / 2;
    let (le, be) = (plausible(u16::from_le_bytes), plausible(u16::from_be_bytes));
    let enough = |n: usize| n * 10 >= units * 9;
    match (enough(le), enough(be)) {
        (true, false) => Some(UTF_16LE),
        (false, true) => Some(UTF_16BE),
        (true, true) if le >= be => Some(UTF_16LE),
        (true, true) => Some(UTF_16BE),
        _ => None,
    }
}

/// A UTF-16 code unit a Chinese text is made of: printable ASCII and line ends, Latin and
/// general punctuation, CJK symbols, kana, ideographs, surrogates, full-width forms.
fn is_text_unit(unit: u16) -> bool {
    matches!(unit,
        0x09 | 0x0a | 0x0d | 0x20..=0x7e | 0xa0..=0x24f | 0x2000..=0x27bf | 0x3000..=0x30ff
        | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xd800..=0xdfff | 0xf900..=0xfaff | 0xfe30..=0xfe4f
        | 0xff00..=0xffef)
}

/// Bytes chardetng looks at, from the first that is not ASCII. Two thousand Chinese
/// characters tell GB18030 from Big5 as well as the whole file does (checked on the corpus
/// and its Big5 encoding, down to 1 KB), and chardetng spends some 1,800 instructions a byte:
/// a 64 KB sample cost a fifth of linting a folder with a few GBK files.
const DETECTION_SAMPLE: usize = 4 << 10;

/// Encodings to try on bytes that are not UTF-8: the Chinese ones an office has, GB18030
/// (which decodes all of GBK and GB2312) and Big5, the one chardetng finds likelier first.
/// A single-byte guess (windows-1252 decodes nearly any bytes) is no reading of a Chinese
/// report: such a file is an error that says to name its encoding.
fn candidates(bytes: &[u8]) -> Vec<&'static Encoding> {
    // ASCII (a header, a run of numbers) tells the encodings nothing: sample after it.
    let from = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let sample = &bytes[from..bytes.len().min(from + DETECTION_SAMPLE)];
    let last = from + sample.len() == bytes.len();
    // The first candidate that decodes the whole file is taken: when the sample is already
    // malformed in one of the two, the order cannot matter, and no guess is needed. Most
    // GBK text soon holds a pair that is no Big5 character (人 is 0xC8 0xCB, a code Big5
    // leaves unassigned).
    if malformed_at(sample, BIG5, last).is_some() {
        return vec![GB18030, BIG5];
    }
    if malformed_at(sample, GB18030, last).is_some() {
        return vec![BIG5, GB18030];
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, last);
    if superset(detector.guess(None, chardetng::Utf8Detection::Deny)) == BIG5 {
        vec![BIG5, GB18030]
    } else {
        vec![GB18030, BIG5]
    }
}

/// Where a decoded text's characters are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteMap {
    /// UTF-8: the text is the file.
    Same,
    /// Another encoding (GB18030, Big5, UTF-16…): the file offset at text offsets a few
    /// hundred bytes apart at most; between them, the text is encoded again to count.
    /// Pairs (text offset, file offset), as u32: a document read is at most 256 MiB.
    Checkpoints(Vec<(u32, u32)>),
    /// Not known (an encoding whose bytes depend on what came before).
    Unknown,
}

impl ByteMap {
    /// Bytes of the file before its text's first character: a UTF-16 byte order mark, which
    /// the text does not hold.
    pub fn leading_bytes(&self) -> usize {
        match self {
            ByteMap::Checkpoints(points) => match points.first() {
                Some(&(0, file_at)) => file_at as usize,
                _ => 0,
            },
            ByteMap::Same | ByteMap::Unknown => 0,
        }
    }

    /// The file's byte offset of byte `offset` of `text`, if known.
    pub fn file_offset(
        &self,
        text: &str,
        offset: usize,
        encoding: &'static Encoding,
    ) -> Option<usize> {
        let offset = crate::source::snap(text, offset);
        match self {
            ByteMap::Same => Some(offset),
            ByteMap::Checkpoints(points) => {
                let at = points
                    .partition_point(|&(t, _)| t as usize <= offset)
                    .checked_sub(1)?;
                let (text_at, file_at) = points[at];
                let between = text.get(text_at as usize..offset)?;
                Some(file_at as usize + encoded_len(between, encoding))
            }
            ByteMap::Unknown => None,
        }
    }
}

/// Bytes `text` takes in `encoding` (a stateless one).
fn encoded_len(text: &str, encoding: &'static Encoding) -> usize {
    // encoding_rs encodes to UTF-8 when asked for UTF-16: count its code units instead.
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return 2 * text.encode_utf16().count();
    }
    if !encoding.is_ascii_compatible() {
        return encoded_len_by_encoder(text, encoding);
    }
    // ASCII is a byte of its own; the CJK encoders search tables for every other character
    // (hundreds of instructions each), so each character's length is found once per thread.
    thread_local! {
        static LENGTHS: std::cell::RefCell<Vec<KnownLengths>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    LENGTHS.with(|lengths| {
        let mut lengths = lengths.borrow_mut();
        let at = match lengths.iter().position(|(e, _)| *e == encoding) {
            Some(at) => at,
            None => {
                lengths.push((encoding, vec![0u8; 0x10000].into_boxed_slice()));
                lengths.len() - 1
            }
        };
        let known = &mut lengths[at].1;
        let mut total = 0;
        for c in text.chars() {
            if c.is_ascii() {
                total += 1;
                continue;
            }
            let mut buffer = [0u8; 4];
            let slow =
                |buffer: &mut [u8; 4]| encoded_len_by_encoder(c.encode_utf8(buffer), encoding);
            match known.get_mut(c as usize) {
                Some(0) => {
                    let len = slow(&mut buffer);
                    // A length that does not fit (none does not) is simply not kept.
                    if let Ok(short) = u8::try_from(len) {
                        known[c as usize] = short;
                    }
                    total += len;
                }
                Some(&mut len) => total += usize::from(len),
                None => total += slow(&mut buffer),
            }
        }
        total
    })
}

/// An encoding's byte length of each character of the Basic Multilingual Plane, 0 where not
/// yet known.
type KnownLengths = (&'static Encoding, Box<[u8]>);

/// [`encoded_len`], by encoding the text.
fn encoded_len_by_encoder(text: &str, encoding: &'static Encoding) -> usize {
    let mut encoder = encoding.new_encoder();
    let mut out = [0u8; 1024];
    let mut total = 0;
    let mut rest = text;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut out, true);
        total += written;
        rest = &rest[read..];
        match result {
            encoding_rs::EncoderResult::OutputFull => continue,
            // A character the encoding cannot hold was not read from it: count nothing.
            encoding_rs::EncoderResult::Unmappable(c) => {
                total += c.len_utf8();
                continue;
            }
            encoding_rs::EncoderResult::InputEmpty => return total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_are_kept_as_u32_pairs_only_when_each_fits() {
        assert_eq!(
            narrowed(&[(0, 0), (10, 7)], 3),
            Some(vec![(0, 3), (10, 10)])
        );
        let past = u32::MAX as usize + 1;
        assert_eq!(narrowed(&[(0, 0), (past, 7)], 0), None);
        assert_eq!(narrowed(&[(0, 0), (7, u32::MAX as usize)], 1), None);
        assert_eq!(
            narrowed(&[(7, u32::MAX as usize)], 0),
            Some(vec![(7, u32::MAX)])
        );
    }

    const TEXT: &str = "一、总体情况\r\n2024年，我们完成了“三项任务”。\n二、存在问题\n";

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        if encoding == UTF_16LE {
            return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        }
        if encoding == UTF_16BE {
            return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        }
        encoding.encode(text).0.into_owned()
    }

    #[test]
    fn each_encoding_an_office_has_is_read_back_exactly() {
        for (encoding, bom) in [
            (UTF_8, &b"\xef\xbb\xbf"[..]),
            (UTF_16LE, &b"\xff\xfe"[..]),
            (UTF_16BE, &b"\xfe\xff"[..]),
        ] {
            let mut bytes = bom.to_vec();
            bytes.extend(encode(TEXT, encoding));
            let decoded = decode(bytes, None).unwrap();
            assert_eq!(decoded.encoding, encoding);
            if encoding == UTF_8 {
                assert_eq!(decoded.text, format!("\u{feff}{TEXT}"));
            } else {
                assert_eq!(decoded.text, TEXT);
                let at = TEXT.find('二').unwrap();
                let offset = decoded.bytes.file_offset(&decoded.text, at, encoding);
                assert_eq!(offset, Some(2 + 2 * TEXT[..at].encode_utf16().count()));
            }
        }
        for encoding in [UTF_16LE, UTF_16BE] {
            let decoded = decode(encode(TEXT, encoding), None).unwrap();
            assert_eq!((decoded.encoding, decoded.text.as_str()), (encoding, TEXT));
        }
        let decoded = decode(encode(TEXT, GB18030), None).unwrap();
        assert_eq!((decoded.encoding, decoded.text.as_str()), (GB18030, TEXT));
        let traditional = "一、總體情況\n本年度完成了各項工作，成績顯著。\n";
        let decoded = decode(encode(traditional, BIG5), None).unwrap();
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            (BIG5, traditional)
        );
        // A long ASCII opening (a table of figures) does not use up the detection sample.
        let figures = "2024 100 200 300 400\n".repeat(DETECTION_SAMPLE / 10);
        for (encoding, text) in [(BIG5, traditional), (GB18030, TEXT)] {
            let whole = format!("{figures}{}", text.repeat(3));
            let decoded = decode(encode(&whole, encoding), None).unwrap();
            assert_eq!(decoded.encoding, encoding);
            assert!(decoded.text == whole, "{encoding:?} read back differently");
        }
    }

    #[test]
    fn a_sample_malformed_in_one_encoding_decides_without_a_guess() {
        // Traditional text in Big5 is what chardetng calls Big5; one GBK character before it
        // (人 is 0xC8 0xCB, unassigned in Big5) leaves GB18030 the only reading, which is
        // taken first whatever a guess would say.
        let traditional = "本年度完成了各項工作，成績顯著。總體情況良好。\n".repeat(4);
        let big5 = encode(&traditional, BIG5);
        assert_eq!(candidates(&big5), vec![BIG5, GB18030]);
        let mut mixed = encode("人", GB18030);
        assert_eq!(mixed, [0xc8, 0xcb]);
        mixed.extend(&big5);
        assert_eq!(malformed_at(&mixed, BIG5, true), Some(0));
        assert_eq!(malformed_at(&mixed, GB18030, true), None);
        assert_eq!(candidates(&mixed), vec![GB18030, BIG5]);
        // A sample cut inside a character is not malformed; the whole file cut there is, at
        // the cut character.
        let cut = &encode("一二三", GB18030)[..3];
        assert_eq!(malformed_at(cut, GB18030, false), None);
        assert_eq!(malformed_at(cut, GB18030, true), Some(2));
    }

    #[test]
    fn lengths_kept_per_character_are_the_encoders() {
        let text = "一、总體情况 2024年 ①€é😀\u{e5e5}臺灣 abc\n";
        for encoding in [
            GB18030,
            GBK,
            BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_KR,
        ] {
            for _ in 0..2 {
                for (at, _) in text.char_indices() {
                    assert_eq!(
                        encoded_len(&text[at..], encoding),
                        encoded_len_by_encoder(&text[at..], encoding),
                        "{encoding:?} from {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_forced_encoding_is_used_and_its_errors_named() {
        let bytes = encode(TEXT, GB18030);
        let decoded = decode(bytes.clone(), encoding_named("gb2312")).unwrap();
        assert_eq!(decoded.text, TEXT);
        let err = decode(bytes, Some(UTF_8)).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Invalid {
                encoding: UTF_8,
                offset: 2
            }
        );
        assert!(err.to_string().contains("UTF-8"), "{err}");
        assert_eq!(encoding_named("no-such"), None);
    }

    #[test]
    fn a_utf8_file_becomes_its_text_without_a_copy() {
        // Detected, forced and marked by a byte order mark: the text is the bytes read.
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        for (bytes, forced) in [
            (TEXT.as_bytes().to_vec(), None),
            (TEXT.as_bytes().to_vec(), Some(UTF_8)),
            (with_bom, None),
        ] {
            let (read_at, len) = (bytes.as_ptr(), bytes.len());
            let decoded = decode(bytes, forced).unwrap();
            assert_eq!(decoded.text.as_ptr(), read_at);
            assert_eq!(decoded.text.len(), len);
        }
    }

    #[test]
    fn binary_and_undecodable_bytes_are_errors() {
        assert_eq!(
            decode(b"ab\0cd".to_vec(), None).unwrap_err(),
            DecodeError::Binary { offset: 2 }
        );
        // Not UTF-8, and no Chinese encoding reads it: never a guess at a Western one.
        assert_eq!(
            decode(b"a\xff".to_vec(), None).unwrap_err(),
            DecodeError::Unknown { offset: 1 }
        );
        // A PNG header: NUL bytes, not UTF-16 text.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
        assert!(matches!(decode(png, None), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn file_offsets_of_characters_in_each_encoding() {
        let target = TEXT.find("三项").unwrap();
        for encoding in [UTF_8, UTF_16LE, GB18030] {
            let bytes = encode(TEXT, encoding);
            let decoded = decode(bytes.clone(), Some(encoding)).unwrap();
            let at = decoded
                .bytes
                .file_offset(&decoded.text, target, encoding)
                .unwrap();
            let expected = encode(&TEXT[..target], encoding).len();
            assert_eq!(at, expected, "{}", encoding.name());
        }
        // Many checkpoints (cut after line ends and spaces): every line start, in each
        // multi-byte encoding, is where encoding the text before it ends.
        let lines: String = (0..400)
            .map(|i| format!("第{i}行 甲乙丙丁戊己庚辛，2024年 完成。\n"))
            .collect();
        for encoding in [GB18030, BIG5] {
            let bytes = encode(&lines, encoding);
            let decoded = decode(bytes, Some(encoding)).unwrap();
            assert_eq!(decoded.text, lines);
            let ByteMap::Checkpoints(points) = &decoded.bytes else {
                panic!("no checkpoints");
            };
            assert!(points.len() > 50, "{}", points.len());
            let (mut at, mut file_at) = (0, 0);
            for line in lines.split_inclusive('\n') {
                assert_eq!(
                    decoded.bytes.file_offset(&decoded.text, at, encoding),
                    Some(file_at)
                );
                at += line.len();
                file_at += encode(line, encoding).len();
            }
        }
        // A long stretch without line ends or spaces gets checkpoints inside it too.
        let long = "甲乙丙".repeat(3000);
        let decoded = decode(encode(&long, GB18030), Some(GB18030)).unwrap();
        let ByteMap::Checkpoints(points) = &decoded.bytes else {
            panic!("no checkpoints");
        };
        assert!(points.len() > 50, "{}", points.len());
        let at = long.len() / 2 / 3 * 3;
        assert_eq!(
            decoded.bytes.file_offset(&decoded.text, at, GB18030),
            Some(at / 3 * 2)
        );
        // Past a checkpoint, in a long GB18030 text.
        let long = "甲乙丙".repeat(5000) + "目标";
        let bytes = encode(&long, GB18030);
        let decoded = decode(bytes.clone(), Some(GB18030)).unwrap();
        let target = long.find("目标").unwrap();
        assert_eq!(
            decoded.bytes.file_offset(&decoded.text, target, GB18030),
            Some(bytes.len() - 4)
        );
    }
}
