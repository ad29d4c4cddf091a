//! Writing a text back in the encoding it was read in: UTF-8 as it is (its byte order mark is
//! part of the text), UTF-16 by hand with the byte order mark the file had, and the others
//! (GB18030, Big5 …) with encoding_rs, refusing a character the encoding cannot hold rather
//! than writing `&#…;` or `?` in its place.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// A character the encoding cannot hold, at byte `offset` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unencodable {
    pub character: char,
    pub offset: usize,
}

/// The bytes of `text` in `encoding`, after `bom` (the bytes of a byte order mark that the
/// text does not hold: a UTF-16 file's).
pub fn encode(text: &str, encoding: &'static Encoding, bom: &[u8]) -> Result<Vec<u8>, Unencodable> {
    let mut bytes = bom.to_vec();
    if encoding == UTF_8 {
        bytes.extend_from_slice(text.as_bytes());
    } else if encoding == UTF_16LE {
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    } else if encoding == UTF_16BE {
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    } else {
        encode_with(text, encoding, &mut bytes)?;
    }
    Ok(bytes)
}

/// Encode with encoding_rs's encoder for `encoding` (which is not UTF-8 nor UTF-16: for those
/// it writes UTF-8).
fn encode_with(
    text: &str,
    encoding: &'static Encoding,
    bytes: &mut Vec<u8>,
) -> Result<(), Unencodable> {
    let mut encoder = encoding.new_encoder();
    let mut buffer = [0u8; 4096];
    let mut read_total = 0;
    loop {
        let rest = &text[read_total..];
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buffer, true);
        bytes.extend_from_slice(&buffer[..written]);
        read_total += read;
        match result {
            encoding_rs::EncoderResult::InputEmpty => return Ok(()),
            encoding_rs::EncoderResult::OutputFull => {}
            encoding_rs::EncoderResult::Unmappable(character) => {
                return Err(Unencodable {
                    character,
                    offset: read_total - character.len_utf8(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GB18030};

    #[test]
    fn every_encoding_writes_back_what_it_read() {
        let text = "一、总体情况\r\n2024年，完成“三项任务”。𠀀\n";
        for (encoding, bom) in [
            (UTF_8, &b""[..]),
            (UTF_16LE, &b"\xff\xfe"[..]),
            (UTF_16BE, &b"\xfe\xff"[..]),
            (UTF_16LE, &b""[..]),
            (GB18030, &b""[..]),
        ] {
            let bytes = encode(text, encoding, bom).unwrap();
            assert!(bytes.starts_with(bom));
            let decoded = crate::source::decode(bytes, Some(encoding)).unwrap();
            assert_eq!(decoded.text, text, "{}", encoding.name());
        }
    }

    #[test]
    fn a_character_big5_lacks_is_named_with_its_place() {
        let text = "本年度完成了各項工作，成绩";
        let err = encode(text, BIG5, b"").unwrap_err();
        // 绩 is simplified: Big5 has only 績.
        assert_eq!(
            err,
            Unencodable {
                character: '绩',
                offset: text.find('绩').unwrap()
            }
        );
        assert!(encode("各項工作", BIG5, b"").is_ok());
    }
}
