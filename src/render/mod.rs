//! Renderers: turn diagnostics of linted files into text for people or tools. Only here are
//! byte spans turned into lines and columns.

pub mod human;
pub mod json;

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Position};

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
}

/// Output formats of `zjlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 带原文标注的中文报告（默认）
    Human,
    /// JSON 数组，供工具读取
    Json,
}

/// Render all reports in `format`.
pub fn render(format: Format, reports: &[FileReport], color: bool) -> String {
    match format {
        Format::Human => human::render(reports, color),
        Format::Json => json::render(reports),
    }
}
