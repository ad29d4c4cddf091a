//! Reading documents and mapping byte offsets to the positions people and protocols read.

use std::path::{Path, PathBuf};

/// A document as zjlint sees it: its name and its text, exactly as read (BOM and CRLF kept),
/// so that every span is also a byte offset into the file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in reports: the path as given, or `-` / `--stdin-filename` for stdin.
    pub name: String,
    /// The path on disk, when there is one (used to find zjlint.toml).
    pub path: Option<PathBuf>,
    pub text: String,
}

/// Why a file could not be linted. Each names the file and the cause.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: 无法读取文件：{}", crate::io::describe(.cause))]
    Io { name: String, cause: std::io::Error },
    #[error("{name}: 不是有效的 UTF-8 文本（第 {offset} 字节处无法解码）；请先转存为 UTF-8 编码")]
    InvalidUtf8 { name: String, offset: usize },
    #[error("{name}: 看起来是二进制文件（第 {offset} 字节处含 NUL 字符），不是文本")]
    Binary { name: String, offset: usize },
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            path: None,
            text: text.into(),
        }
    }

    /// Decode bytes read from `name`. Invalid UTF-8 and binary content are errors, never guesses.
    pub fn from_bytes(
        name: &str,
        path: Option<PathBuf>,
        bytes: Vec<u8>,
    ) -> Result<Self, InputError> {
        if let Some(offset) = memchr_nul(&bytes) {
            return Err(InputError::Binary {
                name: name.to_string(),
                offset,
            });
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source {
                name: name.to_string(),
                path,
                text,
            }),
            Err(err) => Err(InputError::InvalidUtf8 {
                name: name.to_string(),
                offset: err.utf8_error().valid_up_to(),
            }),
        }
    }

    pub fn read(path: &Path) -> Result<Self, InputError> {
        let name = path.display().to_string();
        let bytes = crate::io::read_document(path, crate::io::DOCUMENT_LIMIT).map_err(|cause| {
            InputError::Io {
                name: name.clone(),
                cause,
            }
        })?;
        Self::from_bytes(&name, Some(path.to_path_buf()), bytes)
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// A position for people: 1-based line and 1-based column counted in characters.
/// `utf16_column` is the 0-based column in UTF-16 code units, for LSP and SARIF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub utf16_column: usize,
}

/// Byte offsets of line starts; converts offsets to (line, char column, UTF-16 column).
/// A line ends at `\n`; a `\r` before it belongs to the line's terminator, not its text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Position of a byte offset. Offsets inside a character are moved back to its start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        Position {
            line: line + 1,
            column: prefix.chars().count() + 1,
            utf16_column: prefix.encode_utf16().count(),
        }
    }

    /// Byte offset of a 0-based (line, UTF-16 column), clamped to the line; for LSP input.
    pub fn offset_of_utf16(&self, text: &str, line: usize, utf16_col: usize) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut units = 0;
        for (i, ch) in text[start..end].char_indices() {
            if units >= utf16_col || ch == '\n' || ch == '\r' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "标题\r\n𠀀二、甲";
        let index = LineIndex::new(text);
        let offset = text.find('二').unwrap();
        let pos = index.position(text, offset);
        assert_eq!((pos.line, pos.column, pos.utf16_column), (2, 2, 2));
        assert_eq!(index.offset_of_utf16(text, 1, 2), offset);
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let err = Source::from_bytes("a.txt", None, vec![b'a', 0xff]).unwrap_err();
        assert!(err.to_string().contains("第 1 字节"), "{err}");
    }
}
