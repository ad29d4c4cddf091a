//! `zjlint check --fix`, `--unsafe-fixes` and `--diff` on one input.
//!
//! A text file is fixed through the engine ([`crate::fix`]) and written back only when nothing
//! but the fixes changes: the text is encoded in the file's own encoding (with its byte order
//! mark and line breaks, which the text keeps), the original must encode back to exactly the
//! bytes read, the file must not have changed since, and only a regular file is replaced,
//! atomically. Otherwise the file is left as it was and the reason named. Standard input is
//! never replaced: its fixed text goes to standard output.
//!
//! A .docx is fixed inside its runs ([`crate::docx::fix`]) and replaced in the same way; the
//! diff shows each changed paragraph, and each fix that cannot be written into the runs is
//! named with the reason.

use crate::docx::fix::{fix_docx, DocxFixed};
use crate::fix::{fix_source_traced, FixLevel};
use crate::lint::{lint, Settings};
use crate::render::FileReport;
use crate::source::{Origin, ReadOptions, Source};
use std::path::Path;

/// What the run does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Apply them and write the files back.
    Fix,
    /// Show them as a diff; write nothing.
    Diff,
}

#[derive(Debug, Clone, Copy)]
pub struct FixOptions {
    pub mode: Mode,
    pub level: FixLevel,
    /// Whether the diff is coloured.
    pub color: bool,
}

/// What fixing one input did.
pub struct FileFix {
    /// The findings that remain, on the text as it now is (the original when nothing was
    /// written; with `--diff`, the text as it would be).
    pub report: FileReport,
    /// Findings fixed (with `--diff`: that would be).
    pub fixed: usize,
    /// With `--diff`: the diff of this input (empty when nothing would change).
    pub diff: String,
    /// Standard input's bytes after fixing, for standard output.
    pub stdout: Option<Vec<u8>>,
    /// Why the fixes were not written, naming the input.
    pub error: Option<String>,
    /// Something to tell without failing (the fixes a .docx cannot take, and why).
    pub notice: Option<String>,
}

impl FileFix {
    /// A report on an input that was not to be fixed.
    pub fn unfixed(report: FileReport) -> Self {
        FileFix {
            report,
            fixed: 0,
            diff: String::new(),
            stdout: None,
            error: None,
            notice: None,
        }
    }

    /// A report on an input left as it was (`stdout`: standard input's bytes, given back),
    /// with why it was not fixed.
    fn unchanged(
        source: Source,
        settings: &Settings,
        stdout: Option<Vec<u8>>,
        error: Option<String>,
    ) -> Self {
        let findings = lint(&source, settings);
        FileFix {
            stdout,
            error,
            ..FileFix::unfixed(FileReport::of(source, findings))
        }
    }
}

/// Fix `source`, read from `path` (`None`: standard input) as `original` bytes.
pub fn fix_input(
    source: Source,
    original: Vec<u8>,
    path: Option<&Path>,
    settings: &Settings,
    options: FixOptions,
) -> FileFix {
    let stdin_copy = |bytes: &[u8]| path.is_none().then(|| bytes.to_vec());
    if let Origin::Docx(_) = source.origin {
        return fix_word(source, original, path, settings, options);
    }
    let (fixed, changes) = fix_source_traced(&source, settings, options.level);
    let encoded = source.origin.encode(&fixed.text);
    if options.mode == Mode::Diff {
        let diff = crate::render::diff::unified(
            &source.name,
            &source.text,
            &fixed.text,
            &changes,
            options.color,
        );
        let error = match encoded {
            Some(Err(e)) => Some(unencodable(&source, &fixed.text, e) + "（--fix 时不会写入）"),
            _ => None,
        };
        // The findings that would remain, on the text as it would be.
        let after = Source {
            text: fixed.text,
            origin: Origin::default(),
            ..source
        };
        return FileFix {
            report: FileReport::of(after, fixed.remaining),
            fixed: fixed.fixed,
            diff,
            stdout: None,
            error,
            notice: None,
        };
    }
    let refused = |source: Source, error: String| {
        FileFix::unchanged(source, settings, stdin_copy(&original), Some(error))
    };
    if changes.is_empty() {
        return FileFix {
            stdout: stdin_copy(&original),
            ..FileFix::unfixed(FileReport::of(source, fixed.remaining))
        };
    }
    let bytes = match encoded {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            let error = unencodable(&source, &fixed.text, e);
            return refused(source, error);
        }
        // Only a .docx has no encoding, and it is fixed by `fix_word`.
        None => return FileFix::unchanged(source, settings, stdin_copy(&original), None),
    };
    // Never lose text: the original must read back as exactly the bytes it came from.
    if !matches!(source.origin.encode(&source.text), Some(Ok(ref same)) if *same == original) {
        let error = format!(
            "{}: 没有修正：按 {} 编码写回时，修正以外的内容也会改变（原文件不能无损读写），为免丢失内容，没有写入",
            source.name,
            encoding_name(&source.origin)
        );
        return refused(source, error);
    }
    let stdout = match path {
        None => Some(bytes.clone()),
        Some(path) => {
            if let Err(error) = crate::io::write_fixed(path, &original, &bytes) {
                return refused(source, error);
            }
            None
        }
    };
    let report = FileReport::of(fixed_source(&source, bytes, fixed.text), fixed.remaining);
    FileFix {
        fixed: fixed.fixed,
        stdout,
        ..FileFix::unfixed(report)
    }
}

/// The source of the file as written, so that reports count its bytes in its encoding.
fn fixed_source(source: &Source, bytes: Vec<u8>, text: String) -> Source {
    let encoding = match source.origin {
        Origin::Text { encoding, .. } => Some(encoding),
        Origin::Docx(_) => None,
    };
    let options = ReadOptions { encoding };
    Source::from_bytes(&source.name, source.path.clone(), bytes, options).unwrap_or(Source {
        text,
        origin: Origin::default(),
        ..source.clone()
    })
}

fn encoding_name(origin: &Origin) -> &'static str {
    match origin {
        Origin::Text { encoding, .. } => crate::source::display_name(encoding),
        Origin::Docx(_) => "docx",
    }
}

/// A fix refused because the file's encoding cannot hold a character it would write.
fn unencodable(source: &Source, fixed: &str, e: crate::source::Unencodable) -> String {
    let position = crate::source::SourceFile::new("", fixed).position(e.offset);
    format!(
        "{}: 没有修正：修正后第 {} 行第 {} 列的“{}”（U+{:04X}）无法用文件的编码 {} 保存，文件没有写入；\
         可先把文件转存为 UTF-8",
        source.name,
        position.line,
        position.column,
        e.character,
        u32::from(e.character),
        encoding_name(&source.origin)
    )
}

/// Fix a .docx read from `path` (`None`: standard input) as `original` bytes, inside its runs.
fn fix_word(
    source: Source,
    original: Vec<u8>,
    path: Option<&Path>,
    settings: &Settings,
    options: FixOptions,
) -> FileFix {
    let fixed = match fix_docx(&original, &source.name, settings, options.level) {
        Ok(fixed) => fixed,
        Err(e) => return FileFix::unchanged(source, settings, None, Some(e.to_string())),
    };
    let notice = refusals(&source.name, &fixed);
    let diff = match options.mode {
        Mode::Diff => {
            crate::render::diff::paragraphs(&source.name, &fixed.paragraphs, options.color)
        }
        Mode::Fix => String::new(),
    };
    let stdout = match (options.mode, path) {
        (Mode::Diff, _) => None,
        (Mode::Fix, None) => Some(fixed.bytes),
        (Mode::Fix, Some(_)) if !fixed.changed() => None,
        (Mode::Fix, Some(path)) => {
            if let Err(error) = crate::io::write_fixed(path, &original, &fixed.bytes) {
                return FileFix::unchanged(source, settings, None, Some(error));
            }
            None
        }
    };
    // The findings that remain, on the document as it now is (with `--diff`: would be).
    let after = Source {
        path: source.path,
        ..fixed.source
    };
    FileFix {
        report: FileReport::of(after, fixed.remaining),
        fixed: fixed.fixed,
        diff,
        stdout,
        error: None,
        notice,
    }
}

/// One line for each fix a .docx cannot take: the file, the paragraph, the finding and why.
fn refusals(name: &str, fixed: &DocxFixed) -> Option<String> {
    let Origin::Docx(map) = &fixed.source.origin else {
        return None;
    };
    let lines: String = fixed
        .refused
        .iter()
        .map(|refusal| {
            let place = map
                .comment_place(&refusal.diagnostic.span())
                .map_or(String::new(), |(index, _)| format!(" 第{}段", index + 1));
            format!(
                "提示：{name}{place}：{} 没有修正：{}\n",
                refusal.diagnostic.code(),
                refusal.reason
            )
        })
        .collect();
    (!lines.is_empty()).then_some(lines)
}
