//! The default output: miette diagnostics in Chinese with the offending text labelled, then a
//! summary.

use super::FileReport;
use crate::diagnostic::Severity;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// One finding as miette sees it.
struct Finding<'a> {
    message: String,
    code: &'a str,
    severity: Severity,
    help: &'a str,
    label: LabeledSpan,
    source: &'a Document<'a>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.help))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

pub fn render(reports: &[FileReport], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100);
    let mut out = String::new();
    let mut counts = [0usize; 3];
    for report in reports {
        if report.diagnostics.is_empty() {
            continue;
        }
        let source = Document {
            name: &report.name,
            text: &report.text,
        };
        for d in &report.diagnostics {
            counts[d.severity as usize] += 1;
            let finding = Finding {
                message: d.message.clone(),
                code: &d.code,
                severity: d.severity,
                help: &d.help,
                label: LabeledSpan::new_with_span(None, d.span.clone()),
                source: &source,
            };
            if handler.render_report(&mut out, &finding).is_err() {
                out.push_str(&format!("{finding}\n"));
            }
            out.push('\n');
        }
    }
    let files = reports.len();
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let total: usize = counts.iter().sum();
    if total == 0 {
        out.push_str(&format!("检查了 {files} 个文件，未发现问题。\n"));
    } else {
        out.push_str(&format!(
            "检查了 {files} 个文件，{with_findings} 个文件有问题：错误 {} 处，警告 {} 处，提示 {} 处。\n",
            counts[Severity::Error as usize],
            counts[Severity::Warning as usize],
            counts[Severity::Info as usize],
        ));
    }
    out
}

/// The document as miette reads it. miette counts the header's column in bytes; people count
/// characters, so the column is recomputed here.
struct Document<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Document<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let mut column = inner.column();
        if column > 0 {
            let mut offset = span.offset().min(self.text.len());
            while !self.text.is_char_boundary(offset) {
                offset -= 1;
            }
            let line_start = self.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            column = self
                .text
                .get(line_start..offset)
                .map_or(column, |prefix| prefix.chars().count());
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
