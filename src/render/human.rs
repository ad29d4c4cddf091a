//! The default output: miette diagnostics in Chinese with the offending text labelled. The
//! summary line that follows them is [`super::summary`]'s.

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
    for report in reports {
        if report.diagnostics.is_empty() {
            continue;
        }
        let source = Document {
            name: &report.name,
            text: &report.text,
            index: &report.index,
        };
        for d in &report.diagnostics {
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
    out
}

/// The document as miette reads it. miette counts the header's column in bytes; people count
/// characters, so the column is recomputed here.
struct Document<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a crate::source::LineIndex,
}

impl SourceCode for Document<'_> {
    /// miette scans from the start of the text for every finding; on a large file with many
    /// findings that is quadratic. Hand it only the lines around the finding, and put the line
    /// numbers and the column (in characters, as people count) back.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        let offset = floor_boundary(text, span.offset());
        let end = floor_boundary(text, span.offset().saturating_add(span.len()));
        let first_line = self
            .index
            .line_of(offset)
            .saturating_sub(context_lines_before);
        let last_line = (self.index.line_of(end) + context_lines_after)
            .min(self.index.line_count().saturating_sub(1));
        let window_start = self.index.line_start(first_line);
        let window_end = if last_line + 1 < self.index.line_count() {
            self.index.line_start(last_line + 1)
        } else {
            text.len()
        };
        let window = &text[window_start..window_end.max(window_start)];
        let relative = SourceSpan::new((offset - window_start).into(), end - offset);
        let inner = window.read_span(&relative, context_lines_before, context_lines_after)?;
        let mut column = inner.column();
        if column > 0 {
            let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            column = text
                .get(line_start..offset)
                .map_or(column, |prefix| prefix.chars().count());
        }
        let absolute = SourceSpan::new(
            (inner.span().offset() + window_start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            absolute,
            inner.line() + first_line,
            column,
            inner.line_count() + first_line,
        )))
    }
}

/// The largest char boundary at or before `offset`, within the text.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
