//! Reading documents and mapping byte offsets to the positions people and protocols read.

mod file;
mod line_index;

pub use file::SourceFile;
pub use line_index::{snap, LineIndex, Position, Unit};
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_offset() {
        let err = Source::from_bytes("a.txt", None, vec![b'a', 0xff]).unwrap_err();
        assert!(err.to_string().contains("第 1 字节"), "{err}");
    }
}
