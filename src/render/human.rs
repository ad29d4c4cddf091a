//! The default output: miette diagnostics in Chinese with the offending text labelled (in a
//! window of its line, see [`super::window`]), then a summary.

use super::window::Window;
use super::FileReport;
use crate::diagnostic::Severity;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::fmt;

/// One finding as miette sees it.
struct Finding<'a> {
    message: String,
    code: &'a str,
    severity: Severity,
    help: &'a str,
    label: LabeledSpan,
    source: &'a Window,
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

/// Lines shown above and below a finding's lines.
const CONTEXT_LINES: usize = 1;

pub fn render(reports: &[FileReport], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_context_lines(CONTEXT_LINES)
        .with_width(100);
    let mut out = String::new();
    let mut counts = [0usize; 3];
    for report in reports {
        if report.diagnostics.is_empty() {
            continue;
        }
        for d in &report.diagnostics {
            counts[d.severity as usize] += 1;
            let source = Window::new(&report.file, &d.span, CONTEXT_LINES);
            let finding = Finding {
                message: d.message.clone(),
                code: &d.code,
                severity: d.severity,
                help: &d.help,
                label: LabeledSpan::new_with_span(None, source.label()),
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
