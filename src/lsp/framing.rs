//! The protocol's base layer: `Content-Length` framed messages over a byte stream.
//!
//! The reader never trusts the header: a body larger than [`MAX_BODY`] is read and thrown away
//! in small chunks (an honest client that sent a huge document stays in step with us), header
//! lines are bounded, and a stream that lost its framing (a wrong or missing `Content-Length`)
//! is resynchronised at the next `Content-Length:` header.

use std::io::{self, BufRead, Read, Write};

/// The largest message body the server reads (64 MiB); larger ones are skipped unread.
pub const MAX_BODY: u64 = 64 << 20;

/// How much of a header line is kept. Longer lines are stray bytes (e.g. the rest of a body
/// whose length was wrong); only their end is kept, where the next frame's header may begin.
const MAX_LINE: usize = 4096;

const CONTENT_LENGTH: &str = "content-length";

/// One frame read from the stream.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body of the declared length (not yet known to be JSON, nor UTF-8).
    Body(Vec<u8>),
    /// A body longer than [`MAX_BODY`]: it is read and discarded before the next frame (so the
    /// client can be told at once, not after the whole body has arrived).
    Oversized(u64),
    /// A header block from which no body length can be taken; what follows it is read as
    /// headers again until a frame starts.
    Malformed(String),
}

/// Frames from a byte stream.
pub struct FrameReader<R> {
    input: R,
    /// The body of an oversized frame, still to be discarded.
    skip: u64,
    /// The largest body kept: [`MAX_BODY`] but in tests.
    max_body: u64,
}

impl<R: BufRead> FrameReader<R> {
    pub fn new(input: R) -> Self {
        FrameReader::with_limit(input, MAX_BODY)
    }

    /// A reader that skips bodies longer than `max_body` bytes.
    pub fn with_limit(input: R, max_body: u64) -> Self {
        FrameReader {
            input,
            skip: 0,
            max_body,
        }
    }

    /// The next frame; `Ok(None)` at the end of the stream (also in the middle of a frame).
    /// `log` hears about bytes that were skipped without being a frame.
    pub fn next(&mut self, log: &mut dyn FnMut(&str)) -> io::Result<Option<Frame>> {
        if self.skip > 0 {
            let length = std::mem::take(&mut self.skip);
            let skipped = io::copy(&mut Read::take(&mut self.input, length), &mut io::sink())?;
            if skipped < length {
                return Ok(None);
            }
        }
        let frame = read_frame(&mut self.input, self.max_body, log)?;
        if let Some(Frame::Oversized(length)) = frame {
            self.skip = length;
        }
        Ok(frame)
    }
}

/// One frame; an oversized body is left in the stream for [`FrameReader`] to discard.
fn read_frame(
    reader: &mut impl BufRead,
    max_body: u64,
    log: &mut dyn FnMut(&str),
) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<u64, String>> = None;
    let mut in_header = false;
    let mut line = Vec::new();
    loop {
        if !read_line(reader, &mut line)? {
            if in_header {
                log("输入在消息头中途结束");
            }
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !in_header {
                continue; // Blank lines between frames are harmless.
            }
            break;
        }
        // A valid header is taken as it is (X-Content-Length is not ours); only a line that is
        // none is searched for a Content-Length that stray bytes ran into.
        let valid = header(text).filter(|(name, _)| !runs_into_content_length(name));
        let (name, value) = match (valid, resync(text)) {
            (Some(found), _) => found,
            (None, Some((skipped, value))) => {
                log(&format!("跳过了 {skipped} 字节无法识别的内容"));
                (CONTENT_LENGTH.to_string(), value)
            }
            (None, None) => {
                log(&format!("跳过了无法识别的一行（{} 字节）", line.len()));
                continue;
            }
        };
        in_header = true;
        if name == CONTENT_LENGTH {
            length = Some(
                value
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| format!("Content-Length 无效：{}", value.trim())),
            );
        }
        // Content-Type and any other header: nothing to do (the body is UTF-8 JSON).
    }
    let length = match length {
        None => return Ok(Some(Frame::Malformed("消息头缺少 Content-Length".into()))),
        Some(Err(why)) => return Ok(Some(Frame::Malformed(why))),
        Some(Ok(length)) => length,
    };
    if length > max_body {
        return Ok(Some(Frame::Oversized(length)));
    }
    // Grows with the bytes that actually arrive, not with what the header promised.
    let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
    Read::take(&mut *reader, length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        log("输入在消息体中途结束");
        return Ok(None);
    }
    Ok(Some(Frame::Body(body)))
}

/// `Name: value`, the name lower-cased, if the line is a header.
fn header(line: &str) -> Option<(String, &str)> {
    let (name, value) = line.split_once(':')?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| (name.to_ascii_lowercase(), value))
}

/// A header name that is stray letters glued to `content-length` (`yyycontent-length`), not a
/// name of its own: those are separated by `-` or `_` (`x-content-length`).
fn runs_into_content_length(name: &str) -> bool {
    name.strip_suffix(CONTENT_LENGTH)
        .is_some_and(|before| !before.is_empty() && !before.ends_with(['-', '_']))
}

/// A `Content-Length:` header after other bytes on its line (stray bytes ran into the next
/// frame): how many bytes came before it, and its value.
fn resync(line: &str) -> Option<(usize, &str)> {
    let lower = line.to_ascii_lowercase();
    let at = lower.rfind("content-length:").filter(|&at| at > 0)?;
    Some((at, &line[at + CONTENT_LENGTH.len() + 1..]))
}

/// Read one line into `line` (ending `\n` included), keeping at most its last [`MAX_LINE`]
/// bytes. False at the end of the stream with nothing read.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok(any);
        }
        any = true;
        let (chunk, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (&buffer[..=i], true),
            None => (buffer, false),
        };
        line.extend_from_slice(chunk);
        if line.len() > MAX_LINE {
            line.drain(..line.len() - MAX_LINE);
        }
        let used = chunk.len();
        reader.consume(used);
        if done {
            return Ok(true);
        }
    }
}

/// Write one framed message.
pub fn write_frame(writer: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(writer, "Content-Length: {}\r\n\r\n", body.len())?;
    writer.write_all(body)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// Every frame of `input`, and what was logged.
    fn frames(input: &[u8]) -> (Vec<Frame>, Vec<String>) {
        frames_up_to(input, MAX_BODY)
    }

    /// Every frame of `input` read with a body limit of `max_body`, and what was logged.
    fn frames_up_to(input: &[u8], max_body: u64) -> (Vec<Frame>, Vec<String>) {
        let mut reader = FrameReader::with_limit(Cursor::new(input), max_body);
        let mut logged = Vec::new();
        let mut found = Vec::new();
        while let Some(frame) = reader.next(&mut |m| logged.push(m.to_string())).unwrap() {
            found.push(frame);
        }
        (found, logged)
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn headers_in_any_case_with_content_type() {
        let input = b"content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}\
CONTENT-LENGTH:3\r\n\r\n[1]";
        assert_eq!(frames(input).0, vec![body("{}"), body("[1]")]);
    }

    #[test]
    fn lengths_that_cannot_be_trusted() {
        let (found, _) =
            frames(b"Content-Length: 18446744073709551616\r\n\r\nContent-Length: -1\r\n\r\n");
        assert_eq!(
            found,
            vec![
                Frame::Malformed("Content-Length 无效：18446744073709551616".into()),
                Frame::Malformed("Content-Length 无效：-1".into()),
            ]
        );
        assert_eq!(
            frames(b"Content-Type: x\r\n\r\n").0,
            vec![Frame::Malformed("消息头缺少 Content-Length".into())]
        );
        // Too large to read: said at once; the body the stream then lacks is its end.
        assert_eq!(
            frames(b"Content-Length: 18446744073709551615\r\n\r\n{}").0,
            vec![Frame::Oversized(u64::MAX)]
        );
        assert_eq!(
            frames(b"Content-Length: 4000000000\r\n\r\n{}").0,
            vec![Frame::Oversized(4_000_000_000)]
        );
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}").0, vec![]);
    }

    #[test]
    fn an_oversized_body_is_skipped_and_the_next_frame_read() {
        // A small limit stands for MAX_BODY (the binary's test sends a real 64 MB message).
        let input = b"Content-Length: 9\r\n\r\n{\"a\":123}Content-Length: 8\r\n\r\n{\"a\":12}";
        assert_eq!(
            frames_up_to(input, 8),
            (vec![Frame::Oversized(9), body("{\"a\":12}")], vec![])
        );
    }

    #[test]
    fn a_stream_that_lost_its_framing_resynchronises() {
        // Too short a length: the rest of the body runs into the next header.
        let input = b"Content-Length: 5\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        let (found, logged) = frames(input);
        assert_eq!(found, vec![body("{\"a\":"), body("{}")]);
        assert_eq!(logged, vec!["跳过了 2 字节无法识别的内容"]);
        // No Content-Length at all, a body over several lines, and a very long stray line.
        let mut input = b"Content-Type: x\r\n\r\n{\n\"a\": 1\n}".to_vec();
        input.resize(input.len() + 3 * MAX_LINE, b'y');
        input.extend_from_slice(b"content-length: 2\r\n\r\n{}");
        let (found, logged) = frames(&input);
        assert_eq!(
            found,
            vec![
                Frame::Malformed("消息头缺少 Content-Length".into()),
                body("{}")
            ]
        );
        assert_eq!(logged.len(), 3, "{logged:?}");
        assert_eq!(
            logged[2],
            format!("跳过了 {} 字节无法识别的内容", MAX_LINE - 19)
        );
    }

    /// A header whose name merely ends in Content-Length is another header, not a resync point.
    #[test]
    fn a_header_named_like_content_length_is_not_the_length() {
        let input = b"Content-Length: 2\r\nX-Content-Length: 5\r\n\r\n{}";
        assert_eq!(frames(input), (vec![body("{}")], vec![]));
        let input = b"x-content-length: 5\r\nContent-Length: 2\r\n\r\n{}";
        assert_eq!(frames(input), (vec![body("{}")], vec![]));
        // Letters glued to it are stray bytes, though: the stream resynchronises there.
        let input = b"Content-Length: 2\r\n\r\n{}xContent-Length: 2\r\n\r\n{}";
        let (found, logged) = frames(input);
        assert_eq!(found, vec![body("{}"), body("{}")]);
        assert_eq!(logged, vec!["跳过了 1 字节无法识别的内容"]);
    }

    #[test]
    fn frames_are_written_with_their_byte_length() {
        let mut out = Vec::new();
        write_frame(&mut out, "{\"m\":\"总结\"}".as_bytes()).unwrap();
        assert_eq!(out, "Content-Length: 14\r\n\r\n{\"m\":\"总结\"}".as_bytes());
    }
}
