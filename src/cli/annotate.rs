//! `zjlint annotate IN.docx -o OUT.docx`: lint a Word document and write a copy holding one
//! Word comment per finding. The original is never written.

use super::{use_color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diagnostic::{Diagnostic, Severity};
use crate::docx::Comment;
use crate::io::{write_stderr, FileId};
use crate::source::{DocxMap, Origin, Source};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// 要检查的 Word 文档（.docx）
    pub input: PathBuf,
    /// 带批注的副本写到这里（不能是原文件；已有的普通文件先写临时文件再改名替换）
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: PathBuf,
    #[command(flatten)]
    pub config: super::ConfigArgs,
}

pub fn run(args: AnnotateArgs) -> i32 {
    match annotate(&args) {
        Ok((summary, failing)) => {
            write_stderr(&summary);
            if failing {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            }
        }
        Err(message) => {
            write_stderr(&format!("错误：{message}\n"));
            EXIT_ERROR
        }
    }
}

/// Lint `args.input` and write the annotated copy: a summary line for people, and whether a
/// finding reached the failing severity; or the error, in Chinese, naming the file.
fn annotate(args: &AnnotateArgs) -> Result<(String, bool), String> {
    let input = &args.input;
    let name = input.display().to_string();
    if same_file(input, &args.output) {
        return Err(format!(
            "{}: 输出文件就是原文件；annotate 从不改动原文件，请用 -o 另给一个文件名",
            args.output.display()
        ));
    }
    let color = use_color(false, std::io::stderr().is_terminal());
    let settings = args
        .config
        .resolver()
        .and_then(|resolver| resolver.settings_for(Some(input)))
        .map_err(|e| {
            e.render(color)
                .trim_end()
                .trim_start_matches("错误：")
                .to_string()
        })?;
    let package = crate::io::read_document(input, crate::io::DOCUMENT_LIMIT)
        .map_err(|e| format!("{name}: 无法读取文件：{}", crate::io::describe(&e)))?;
    let (docx, document_xml) =
        crate::docx::read_with_document_xml(&package).map_err(|e| format!("{name}: {e}"))?;
    let source = Source::of_docx(&name, Some(input.clone()), &docx);
    let Origin::Docx(map) = &source.origin else {
        return Err(format!("{name}: 不是 Word 文档"));
    };
    let diagnostics = crate::lint(&source, &settings);
    let comments: Vec<Comment> = diagnostics.iter().filter_map(|d| comment(d, map)).collect();
    let annotated = crate::docx::annotate::annotate(&package, &document_xml, &docx, &comments)
        .map_err(|e| format!("{name}: {e}"))?;
    crate::io::write_output(&args.output, &annotated, "批注后的文档")?;
    let failing = diagnostics.iter().any(|d| d.severity() >= settings.fail_on);
    Ok((summary(&args.output, &diagnostics, comments.len()), failing))
}

/// A finding as a Word comment: where, and its text (message and code, then how to fix it);
/// `None` in a document without paragraphs.
fn comment(d: &Diagnostic, map: &DocxMap) -> Option<Comment> {
    let (paragraph, range) = map.comment_place(&d.span())?;
    Some(Comment {
        paragraph,
        range,
        body: format!(
            "{}（{} {}）\n改法：{}",
            d.message,
            d.code(),
            d.severity().label(),
            d.help
        ),
    })
}

/// `已写入 OUT.docx：3 条批注（错误 1 处，警告 2 处，提示 0 处）。`
fn summary(output: &Path, diagnostics: &[Diagnostic], comments: usize) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    };
    if diagnostics.is_empty() {
        return format!("已写入 {}：未发现问题，没有批注。\n", output.display());
    }
    format!(
        "已写入 {}：{} 条批注（错误 {} 处，警告 {} 处，提示 {} 处）。\n",
        output.display(),
        comments,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

/// Whether `output` names the input file (under any name, or the same path).
fn same_file(input: &Path, output: &Path) -> bool {
    input == output
        || FileId::of(output).is_some_and(|out| FileId::of(input).as_ref() == Some(&out))
}
