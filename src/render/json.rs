//! `--format json`: one array of findings. This shape is a contract: only add fields.

use super::FileReport;
use serde::Serialize;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    code: &'a str,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    help: &'a str,
    range: JsonRange,
    span: JsonSpan,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: crate::diagnostic::Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    span: JsonSpan,
    replacement: &'a str,
}

pub fn render(reports: &[FileReport]) -> String {
    let mut findings = Vec::new();
    for report in reports {
        for d in &report.diagnostics {
            let (start, end) = report.file.range(&d.span);
            findings.push(JsonFinding {
                path: report.file.name(),
                code: &d.code,
                rule: &d.rule,
                category: &d.category,
                severity: d.severity.as_str(),
                message: &d.message,
                help: &d.help,
                range: JsonRange {
                    start: JsonPosition {
                        line: start.line,
                        column: start.column,
                    },
                    end: JsonPosition {
                        line: end.line,
                        column: end.column,
                    },
                },
                span: JsonSpan {
                    offset: d.span.start,
                    length: d.span.len(),
                },
                fix: d.fix.as_ref().map(|f| JsonFix {
                    title: &f.title,
                    applicability: f.applicability,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            span: JsonSpan {
                                offset: e.span.start,
                                length: e.span.len(),
                            },
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
