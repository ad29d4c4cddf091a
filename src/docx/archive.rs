//! The zip container of a .docx, read defensively: what a file that is not a .docx really is
//! (a .doc, an encrypted package, a PDF…), and limits so that a zip bomb cannot exhaust memory.

use super::DocxError;
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// More entries than any real .docx has (a large one has a few hundred).
pub const MAX_ENTRIES: usize = 10_000;
/// The most bytes one part may inflate to, counted while inflating (headers can lie).
pub const MAX_PART_SIZE: u64 = 64 * 1024 * 1024;
/// Above this inflated size a part must not have inflated more than [`MAX_RATIO`] times:
/// XML compresses about 10:1, a zip bomb a thousand times better.
const RATIO_CHECKED_ABOVE: u64 = 1024 * 1024;
const MAX_RATIO: u64 = 200;

/// Start of every OLE compound file (Word 97–2003, WPS, and the container Office uses for an
/// encrypted .docx).
const OLE_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What to tell the user to do with a file Word can open but zjlint cannot read.
const SAVE_AS_DOCX: &str = "请在 Word 或 WPS 中“另存为” .docx 后再检查";

/// An opened .docx package.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip package, or says what else the file is.
    pub fn open(bytes: &'a [u8]) -> Result<Self, DocxError> {
        if !bytes.starts_with(b"PK") {
            return Err(not_a_zip(bytes));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
            DocxError::Archive(format!(
                "文件已损坏，不是完整的 .docx（{}）；请在 Word 或 WPS 中打开后重新保存",
                zip_cause(&error)
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(DocxError::Archive(format!(
                "压缩包内有 {} 个文件，超过上限 {MAX_ENTRIES}，不像正常的 .docx，已拒绝读取",
                zip.len()
            )));
        }
        Ok(Package { zip })
    }

    /// The bytes of the part `name` (e.g. `word/numbering.xml`), `None` when there is none.
    /// Part names are compared without regard to ASCII case, as the package format says.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let index = match self.zip.index_for_name(name) {
            Some(index) => index,
            None => match self
                .zip
                .file_names()
                .position(|entry| entry.is_ok_and(|entry| entry.eq_ignore_ascii_case(name)))
            {
                Some(index) => index,
                None => return Ok(None),
            },
        };
        let damaged = |cause: &str| {
            DocxError::Archive(format!(
                "文件已损坏，无法解压 {name}（{cause}）；请在 Word 或 WPS 中打开后重新保存"
            ))
        };
        let entry = match self.zip.by_index(index) {
            Ok(entry) => entry,
            Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)) => {
                return Err(DocxError::NotDocx(format!(
                    "{name} 已加密，无法读取；{SAVE_AS_DOCX}（不设密码）"
                )))
            }
            Err(error) => return Err(damaged(&zip_cause(&error))),
        };
        let compressed = entry.compressed_size();
        let mut content = Vec::new();
        entry
            .take(MAX_PART_SIZE + 1)
            .read_to_end(&mut content)
            .map_err(|_| damaged("数据损坏，校验不通过"))?;
        let inflated = content.len() as u64;
        if inflated > MAX_PART_SIZE {
            return Err(DocxError::Archive(format!(
                "{name} 解压后超过 {} MB，不像正常的 .docx（可能是“压缩炸弹”），已拒绝读取",
                MAX_PART_SIZE / (1024 * 1024)
            )));
        }
        if inflated > RATIO_CHECKED_ABOVE && inflated > compressed.saturating_mul(MAX_RATIO) {
            return Err(DocxError::Archive(format!(
                "{name} 的压缩比超过 {MAX_RATIO}:1，不像正常的 .docx（可能是“压缩炸弹”），已拒绝读取"
            )));
        }
        Ok(Some(content))
    }
}

/// What went wrong in the zip layer, in Chinese (the crate's own texts are English).
fn zip_cause(error: &ZipError) -> String {
    match error {
        ZipError::Io(error) => format!("读取出错：{}", crate::io::describe(error)),
        ZipError::InvalidArchive(_) => "zip 压缩包结构有误或不完整".to_string(),
        ZipError::UnsupportedArchive(_) => "使用了不支持的压缩方式".to_string(),
        ZipError::FileNotFound => "压缩包中缺少所需的文件".to_string(),
        ZipError::InvalidPassword => "密码不对".to_string(),
        _ => "zip 压缩包无法解开".to_string(),
    }
}

/// The error for a file that is not a zip archive, naming what it is when its first bytes say.
fn not_a_zip(bytes: &[u8]) -> DocxError {
    if bytes.starts_with(&OLE_SIGNATURE) {
        return DocxError::NotDocx(if is_encrypted_package(bytes) {
            format!("这是加密（设置了打开密码或权限保护）的 Word 文件，无法读取；{SAVE_AS_DOCX}（不设密码）")
        } else {
            format!("这是 Word 97-2003 格式（.doc）或 WPS 格式（.wps）的文件，不是 .docx；{SAVE_AS_DOCX}")
        });
    }
    let start = trim_leading_space(bytes);
    let message = if start.starts_with(b"%PDF") {
        "这是 PDF 文件，不是 .docx；请找到它的 Word 原稿，或用 Word/WPS 把它转换并“另存为” .docx 后再检查".to_owned()
    } else if start.starts_with(b"{\\rtf") {
        format!("这是 RTF 格式的文件，不是 .docx；{SAVE_AS_DOCX}")
    } else if looks_like_html(start) {
        format!("这是网页（HTML）格式的文件，只是扩展名像 Word 文件；{SAVE_AS_DOCX}")
    } else if start.starts_with(b"<?xml") {
        format!("这是 XML 文件（可能是 Word 2003 XML 格式），不是 .docx；{SAVE_AS_DOCX}")
    } else {
        "这不是 zip 格式的 .docx 文件：可能已损坏，或被加密/文档安全（DLP）软件包装过；请在能正常打开它的电脑上用 Word 或 WPS“另存为” .docx（解密后）再检查".to_owned()
    };
    DocxError::NotDocx(message)
}

/// Whether an OLE compound file holds an encrypted OOXML package: Office stores one as the
/// streams `EncryptionInfo` and `EncryptedPackage`, whose names the directory holds in UTF-16LE.
fn is_encrypted_package(bytes: &[u8]) -> bool {
    ["EncryptionInfo", "EncryptedPackage"].iter().any(|name| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(utf16.len()).any(|window| window == utf16)
    })
}

fn trim_leading_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// HTML that Word or a web page saved under a Word name: the markup's first tags say so.
fn looks_like_html(start: &[u8]) -> bool {
    let head = &start[..start.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<meta",
        b"<body",
    ]
    .iter()
    .any(|tag| lower.starts_with(tag))
        || (lower.starts_with(b"<?xml") && contains(&lower, b"<html"))
        || (lower.starts_with(b"mime-version:"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
