//! Reading documents and mapping byte offsets to the positions people and protocols read.

mod decode;
mod encode;
mod file;
mod line_index;
mod map;

pub use decode::{decode, display_name, encoding_named, ByteMap, DecodeError, Decoded};
pub use encode::{encode, Unencodable};
use encoding_rs::Encoding;
pub use file::SourceFile;
pub use line_index::{snap, LineIndex, LineStarts, Position, Unit};
pub use map::{DocxMap, Origin};
use std::path::{Path, PathBuf};

/// A document as zjlint sees it: its name, the text the rules read, and where that text came
/// from. For a UTF-8 text file the text is the file exactly as read (BOM and CRLF kept), so
/// that every span is also a byte offset into the file; [`Origin`] says what it is otherwise.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in reports: the path as given, or `-` / `--stdin-filename` for stdin.
    pub name: String,
    /// The path on disk, when there is one (used to find zjlint.toml).
    pub path: Option<PathBuf>,
    pub text: String,
    pub origin: Origin,
}

/// Why a file could not be linted. Each names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: 无法读取文件：{}", crate::io::describe(.cause))]
    Io { name: String, cause: std::io::Error },
    #[error("{name}: {cause}")]
    Text { name: String, cause: DecodeError },
    #[error("{name}: {cause}")]
    Docx {
        name: String,
        cause: crate::docx::DocxError,
    },
}

/// How to read documents: the encoding of text files, when `--encoding` names one.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub encoding: Option<&'static Encoding>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            path: None,
            text: text.into(),
            origin: Origin::default(),
        }
    }

    /// Decode the bytes of a text file read from `name`: by `--encoding`, a byte order mark, or
    /// detection. Binary content and text that decodes in no encoding are errors.
    pub fn from_bytes(
        name: &str,
        path: Option<PathBuf>,
        bytes: Vec<u8>,
        options: ReadOptions,
    ) -> Result<Self, InputError> {
        let decoded = decode(bytes, options.encoding).map_err(|cause| InputError::Text {
            name: name.to_string(),
            cause,
        })?;
        let mut text = decoded.text;
        // The bytes were read with room to grow; the text is kept for the whole run.
        text.shrink_to_fit();
        Ok(Source {
            name: name.to_string(),
            path,
            text,
            origin: Origin::Text {
                encoding: decoded.encoding,
                bytes: decoded.bytes,
            },
        })
    }

    /// Read a .docx (or a file named .doc/.wps/.pdf, which may be one or says what it is).
    pub fn from_docx(name: &str, path: Option<PathBuf>, bytes: &[u8]) -> Result<Self, InputError> {
        let docx = crate::docx::read(bytes).map_err(|cause| InputError::Docx {
            name: name.to_string(),
            cause,
        })?;
        Ok(Self::of_docx(name, path, &docx))
    }

    /// The source the rules read of a .docx already read: its paragraphs after their labels.
    pub fn of_docx(name: &str, path: Option<PathBuf>, docx: &crate::docx::Docx) -> Self {
        let (text, map) = DocxMap::build(docx);
        Source {
            name: name.to_string(),
            path,
            text,
            origin: Origin::Docx(map),
        }
    }

    pub fn read(path: &Path, options: ReadOptions) -> Result<Self, InputError> {
        let name = path.display().to_string();
        let bytes = crate::io::read_document(path, crate::io::DOCUMENT_LIMIT).map_err(|cause| {
            InputError::Io {
                name: name.clone(),
                cause,
            }
        })?;
        if is_word_name(path) {
            return Self::from_docx(&name, Some(path.to_path_buf()), &bytes);
        }
        Self::from_bytes(&name, Some(path.to_path_buf()), bytes, options)
    }
}

/// Extensions of files read as Word documents: .docx and its kin, and the formats people
/// confuse with it (.doc, .wps, .pdf), which the .docx reader recognises and names.
pub const WORD_EXTENSIONS: [&str; 7] = ["docx", "docm", "dotx", "dotm", "doc", "wps", "pdf"];

/// Whether `path` is read as a Word document (by its extension, in any case).
pub fn is_word_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORD_EXTENSIONS.iter().any(|w| w.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset() {
        let options = ReadOptions {
            encoding: Some(encoding_rs::UTF_8),
        };
        let err = Source::from_bytes("a.txt", None, vec![b'a', 0xff], options).unwrap_err();
        assert!(err.to_string().starts_with("a.txt: "), "{err}");
        assert!(err.to_string().contains("第 1 字节"), "{err}");
    }

    #[test]
    fn a_text_file_is_encoded_back_to_its_own_bytes() {
        let text = "一、总体情况\r\n完成“三项任务”。\n";
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat(),
            [&b"\xff\xfe"[..], &utf16le].concat(),
            [&b"\xfe\xff"[..], &utf16be].concat(),
            utf16le.clone(),
            encoding_rs::GB18030.encode(text).0.into_owned(),
        ] {
            let source =
                Source::from_bytes("a.txt", None, bytes.clone(), ReadOptions::default()).unwrap();
            let encoded = source.origin.encode(&source.text).unwrap().unwrap();
            assert_eq!(encoded, bytes, "{:?}", source.origin);
        }
    }
}
