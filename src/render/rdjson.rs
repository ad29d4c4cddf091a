//! `--format rdjson`: the Reviewdog Diagnostic Format as one JSON `DiagnosticResult`, for
//! `reviewdog -f=rdjson`. Positions follow reviewdog's spec (proto/rdf/reviewdog.proto):
//! lines from 1, columns from 1 counted in UTF-8 bytes, the end exclusive. A fix's edits become
//! `suggestions`, which reviewdog posts as suggested changes.

use super::{information_uri, message_with_help, relative_path, FileReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Span;
use crate::source::SourceFile;
use serde::Serialize;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'static str>,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: String,
    location: Location,
    severity: &'static str,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Location {
    path: String,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn range(file: &SourceFile, span: &Span) -> Range {
    let (line, column) = file.byte_position(span.start);
    let start = Position { line, column };
    let (line, column) = file.byte_position(span.end);
    Range {
        start,
        end: Position { line, column },
    }
}

fn diagnostic<'a>(report: &FileReport, path: &str, d: &'a Diagnostic) -> RdDiagnostic<'a> {
    let suggestions = d
        .fix
        .iter()
        .flat_map(|fix| &fix.edits)
        .map(|edit| Suggestion {
            range: range(&report.file, &edit.span),
            text: &edit.replacement,
        })
        .collect();
    RdDiagnostic {
        message: message_with_help(d),
        location: Location {
            path: path.to_string(),
            range: range(&report.file, &report.file.region(&d.span)),
        },
        severity: severity(d.severity()),
        code: Code { value: d.code() },
        suggestions,
    }
}

pub fn render(reports: &[FileReport]) -> String {
    let mut diagnostics = Vec::new();
    for report in reports {
        let path = relative_path(report.file.name());
        diagnostics.extend(
            report
                .diagnostics
                .iter()
                .map(|d| diagnostic(report, &path, d)),
        );
    }
    let overall = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.severity())
        .max();
    let result = DiagnosticResult {
        source: Source {
            name: "zjlint",
            url: information_uri(),
        },
        severity: overall.map(severity),
        diagnostics,
    };
    let mut out = serde_json::to_string_pretty(&result).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}
