//! Renderers: turn diagnostics of linted files into text for people or tools. Only here are
//! byte spans turned into lines and columns.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod rdjson;
pub mod sarif;
pub mod summary;

use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::source::{LineIndex, Position};
use std::path::Path;

/// The findings of one file, with what is needed to show positions.
pub struct FileReport {
    pub name: String,
    pub text: String,
    pub index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn new(name: String, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        let index = LineIndex::new(&text);
        FileReport {
            name,
            text,
            index,
            diagnostics,
        }
    }

    /// Start and end positions of a diagnostic (1-based line, character column).
    pub fn range(&self, diagnostic: &Diagnostic) -> (Position, Position) {
        (
            self.index.position(&self.text, diagnostic.span.start),
            self.index.position(&self.text, diagnostic.span.end),
        )
    }

    /// `offset` clamped to the text and moved back to the start of the character it falls in.
    fn snap(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The span of a finding as a region on its lines: snapped to characters, and with a line
    /// terminator at its end left out, so that a finding covering a whole line (junk) ends on
    /// that line instead of at column 1 of the next one. A fix's edits keep their exact spans.
    fn region(&self, span: &Span) -> Span {
        let start = self.snap(span.start);
        let mut end = self.snap(span.end).max(start);
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based column in UTF-8 bytes (reviewdog's unit) of a byte offset.
    fn byte_position(&self, offset: usize) -> (usize, usize) {
        let offset = self.snap(offset);
        let line = self.index.line_of(offset);
        (line + 1, offset - self.index.line_start(line) + 1)
    }
}

/// Output formats of `zjlint check`.
///
/// - `human`（默认）：带原文标注的中文报告，最后一行是汇总。列按字符计。
/// - `json`：一个 JSON 数组，每处问题一项：`path`、`code`、`rule`、`category`、`severity`、
///   `message`、`help`、`range`（`start`/`end` 的 `line`、`column`，从 1 起，列按字符计，
///   `end` 不含）、`span`（UTF-8 字节 `offset`、`length`）、`fix`（或 `null`）。字段只增不改。
/// - `sarif`：SARIF 2.1.0 日志，可上传到 GitHub code scanning
///   （`github/codeql-action/upload-sarif`）。`tool.driver.rules` 列出出现过的规则及其文档；
///   `run.columnKind` 为 `utf16CodeUnits`：列从 1 起按 UTF-16 码元计，`charOffset`、
///   `charLength` 同样按 UTF-16 码元计。路径为相对于当前目录的 URI（正斜杠）。
/// - `rdjson`：reviewdog 诊断格式（`reviewdog -f=rdjson`）。列从 1 起按 UTF-8 字节计
///   （reviewdog 的规定），`end` 不含；修复建议放在 `suggestions`。
/// - `github`：GitHub Actions 工作流命令，每处问题一行
///   `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=代码::消息`，在拉取请求中显示为
///   注释；提示级别用 `::notice`。列按字符计，`endColumn` 不含。
/// - `concise`：每处问题一行 `路径:行:列: 代码 消息`，列按字符计；便于 grep 和编辑器跳转。
///
/// 除 `human` 外，各格式在标准输出上只有报告本身，没有汇总行。
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 带原文标注的中文报告（默认）
    Human,
    /// JSON 数组，供工具读取
    Json,
    /// SARIF 2.1.0，用于 GitHub code scanning
    Sarif,
    /// reviewdog 诊断格式（rdjson）
    Rdjson,
    /// GitHub Actions 工作流命令（注释）
    Github,
    /// 每处问题一行：路径:行:列: 代码 消息
    Concise,
}

/// Render all reports in `format`. `catalogue` describes the rules (SARIF lists the rules that
/// were reported, with their docs); `color` applies to `human` only.
pub fn render(
    format: Format,
    reports: &[FileReport],
    catalogue: &Catalogue,
    color: bool,
) -> String {
    render_run(
        format,
        reports,
        catalogue,
        color,
        &summary::Tally::of(reports),
    )
}

/// [`render`] for a run whose inputs were not all checked: `human`'s summary line says how
/// many were not, as `tally` counts them.
pub fn render_run(
    format: Format,
    reports: &[FileReport],
    catalogue: &Catalogue,
    color: bool,
    tally: &summary::Tally,
) -> String {
    match format {
        Format::Human => human::render(reports, color) + &summary::line(reports, tally),
        Format::Json => json::render(reports),
        Format::Sarif => sarif::render(reports, catalogue),
        Format::Rdjson => rdjson::render(reports),
        Format::Github => github::render(reports),
        Format::Concise => concise::render(reports),
    }
}

/// Where users read more about zjlint: the package's homepage or repository, if set.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

/// A report's name as a path relative to the current directory, with forward slashes and no
/// leading `./`, as code-review tools expect. A name outside the current directory stays
/// absolute.
pub fn relative_path(name: &str) -> String {
    let path = Path::new(name);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.to_string())
    } else {
        name.to_string()
    };
    let mut relative = if std::path::MAIN_SEPARATOR == '\\' {
        relative.replace('\\', "/")
    } else {
        relative
    };
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest.trim_start_matches('/').to_string();
    }
    relative
}

/// A finding's message and its help, on two lines, for formats that have one message field.
fn message_with_help(d: &Diagnostic) -> String {
    if d.help.is_empty() {
        d.message.clone()
    } else {
        format!("{}\n{}", d.message, d.help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_forward_slashes_without_dot() {
        assert_eq!(relative_path("./a/b.txt"), "a/b.txt");
        assert_eq!(relative_path(".//a.txt"), "a.txt");
        assert_eq!(relative_path("a.txt"), "a.txt");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("x").join("总结.txt");
        assert_eq!(relative_path(&inside.display().to_string()), "x/总结.txt");
    }

    #[test]
    fn region_leaves_out_line_terminator() {
        let report = FileReport::new("a".into(), "甲乙\r\n丙\n".into(), Vec::new());
        assert_eq!(report.region(&(0..8)), 0..6);
        assert_eq!(report.region(&(6..8)), 6..6);
        // Inside a character: moved back to its start.
        assert_eq!(report.region(&(1..4)), 0..3);
        assert_eq!(report.byte_position(9), (2, 1));
        assert_eq!(report.byte_position(11), (2, 4));
        assert_eq!(report.byte_position(100), (3, 1));
    }
}
