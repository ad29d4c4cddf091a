//! `--format rdjson`: the Reviewdog Diagnostic Format as one JSON `DiagnosticResult`, for
//! `reviewdog -f=rdjson`, written diagnostic by diagnostic as the files are linted (its
//! overall `severity`, the highest reported, comes last). Positions follow reviewdog's spec (proto/rdf/reviewdog.proto):
//! lines from 1, columns from 1 counted in UTF-8 bytes, the end exclusive. A fix's edits become
//! `suggestions`, which reviewdog posts as suggested changes.

use super::{information_uri, message_with_help, relative_path, FileReport, Mapped};
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::model::Span;
use crate::source::SourceFile;
use serde::Serialize;

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
    #[serde(skip_serializing_if = "Mapped::is_empty")]
    suggestions: Mapped<'a, Edit, &'a SourceFile, Suggestion<'a>>,
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

fn suggestion<'a>(file: &'a SourceFile, edit: &'a Edit) -> Suggestion<'a> {
    Suggestion {
        range: range(file, &edit.span),
        text: &edit.replacement,
    }
}

fn diagnostic<'a>(report: &'a FileReport, path: &str, d: &'a Diagnostic) -> RdDiagnostic<'a> {
    let edits = d.fix.as_ref().map_or(&[][..], |fix| &fix.edits[..]);
    let suggestions = Mapped::new(edits, &report.file, suggestion);
    RdDiagnostic {
        message: message_with_help(d),
        location: Location {
            path: path.to_string(),
            range: range(&report.file, &report.file.region(&d.span())),
        },
        severity: severity(d.severity()),
        code: Code { value: d.code() },
        suggestions,
    }
}

/// The rdjson result of a run, written file by file (see [`super::Stream`]).
#[derive(Default)]
pub struct Log {
    diagnostics: super::Elements,
    /// The highest severity reported.
    highest: Option<Severity>,
}

/// What comes before the diagnostics: the source, and the opening of their array.
fn head() -> std::io::Result<String> {
    let source = Source {
        name: "zjlint",
        url: information_uri(),
    };
    let source = super::indented(&source, 2)?;
    Ok(format!(
        "{{\n  \"source\": {},\n  \"diagnostics\": [",
        source.trim_start()
    ))
}

impl Log {
    /// Write a file's diagnostics.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let path = relative_path(report.file.name());
        for d in &report.diagnostics {
            let diagnostic = diagnostic(report, &path, d);
            self.diagnostics.push(head, &diagnostic, 4, out)?;
            self.highest = self.highest.max(Some(d.severity()));
        }
        Ok(())
    }

    /// Write what follows the last diagnostic: the end of their array and the highest severity
    /// (none when nothing was reported).
    pub fn close(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.diagnostics.close(head, 2, out)?;
        if let Some(highest) = self.highest {
            write!(out, ",\n  \"severity\": \"{}\"", severity(highest))?;
        }
        out.write_all(b"\n}\n")
    }
}
