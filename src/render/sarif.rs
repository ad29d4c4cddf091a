//! `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.
//!
//! One run, written result by result as the files are linted (a run over many files holds
//! only the files in hand): first the results, then `tool.driver.rules`, the rules that were
//! reported in the order they first were (a result's `ruleIndex` points into it), with the
//! rule's `检查什么` line as `shortDescription` and its docs (Markdown) as `fullDescription` and
//! `help`. The run declares `columnKind: "utf16CodeUnits"`: `startColumn`/`endColumn` are
//! 1-based UTF-16 code units and, with them, `charOffset`/`charLength` count UTF-16 code units
//! from the start of the file. Artifact URIs are relative to the current directory, with
//! forward slashes and percent-encoding (RFC 3986).

use super::{information_uri, message_with_help, relative_path, FileReport, Mapped};
use crate::catalogue::Catalogue;
use crate::cli::rules::summary_line;
use crate::diagnostic::{Diagnostic, Edit, Severity};
use crate::model::Span;
use crate::source::SourceFile;
use serde::Serialize;
use std::collections::HashMap;

/// The official schema's address, as SARIF files name it.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Markdown<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Markdown<'a>>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Markdown<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: &'a str,
    tags: [&'a str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize, Clone, Copy)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Mapped<'a, Edit, &'a SourceFile, Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: InsertedContent<'a>,
}

#[derive(Serialize)]
struct InsertedContent<'a> {
    text: &'a str,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A span as a SARIF region: lines from 1, columns from 1 and offsets in UTF-16 code units.
fn region(file: &SourceFile, span: &Span) -> Region {
    let (start, end) = file.range(span);
    let char_offset = file.utf16_offset(span.start);
    let end_offset = file.utf16_offset(span.end).max(char_offset);
    Region {
        start_line: start.line,
        start_column: start.utf16_column + 1,
        end_line: end.line,
        end_column: end.utf16_column + 1,
        char_offset,
        char_length: end_offset - char_offset,
    }
}

/// A path as a URI reference: percent-encoded UTF-8, `/` kept; absolute paths as `file:` URIs.
pub fn uri(name: &str) -> String {
    let path = relative_path(name);
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        format!("file://{}", percent_encode(&path))
    } else if bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes.get(2).is_none_or(|&b| b == b'/')
    {
        format!("file:///{}:{}", &path[..1], percent_encode(&path[2..]))
    } else {
        percent_encode(&path)
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The rule entry of a reported code: from the catalogue, or from the finding itself when the
/// catalogue does not know the code.
fn rule<'a>(catalogue: &'a Catalogue, d: &'a Diagnostic) -> Rule<'a> {
    match catalogue.get(d.code()) {
        Some(rule) => {
            let def = &rule.def;
            let docs = (!def.docs.trim().is_empty()).then_some(Markdown {
                text: &def.docs,
                markdown: &def.docs,
            });
            let docs_again = docs.as_ref().map(|m| Markdown {
                text: m.text,
                markdown: m.markdown,
            });
            let summary = summary_line(&def.docs);
            Rule {
                id: &def.code,
                name: &def.name,
                short_description: Text {
                    text: if summary.is_empty() {
                        def.name.clone()
                    } else {
                        summary
                    },
                },
                full_description: docs,
                help: docs_again,
                default_configuration: Configuration {
                    level: level(def.severity),
                },
                properties: RuleProperties {
                    category: &def.category,
                    tags: [&def.category],
                },
            }
        }
        None => Rule {
            id: d.code(),
            name: d.rule(),
            short_description: Text {
                text: d.rule().to_string(),
            },
            full_description: None,
            help: None,
            default_configuration: Configuration {
                level: level(d.severity()),
            },
            properties: RuleProperties {
                category: d.category(),
                tags: [d.category()],
            },
        },
    }
}

/// The SARIF log of a run, written file by file (see [`super::Stream`]).
#[derive(Default)]
pub struct Log {
    results: super::Elements,
    /// The first finding of each rule reported, in the order the rules first were.
    rules: Vec<Diagnostic>,
    /// Each reported code's place in `rules`.
    index: HashMap<String, usize>,
}

/// What comes before the results: the log's members up to the run's `results` array.
fn head() -> std::io::Result<String> {
    Ok(format!(
        "{{\n  \"$schema\": \"{SCHEMA_URI}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"utf16CodeUnits\",\n      \"results\": ["
    ))
}

impl Log {
    /// Write a file's results.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let uri = uri(report.file.name());
        let artifact = ArtifactLocation { uri: &uri };
        for d in &report.diagnostics {
            let rule_index = match self.index.get(d.code().as_str()) {
                Some(&known) => known,
                None => {
                    let next = self.rules.len();
                    self.index.insert(d.code().to_string(), next);
                    let mut first = d.clone();
                    first.fix = None;
                    self.rules.push(first);
                    next
                }
            };
            let result = SarifResult {
                rule_id: d.code(),
                rule_index,
                level: level(d.severity()),
                message: Text {
                    text: message_with_help(d),
                },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: artifact,
                        region: region(&report.file, &report.file.region(&d.span())),
                    },
                }],
                fixes: fixes(report, artifact, d),
            };
            self.results.push(head, &result, 8, out)?;
        }
        Ok(())
    }

    /// Write what follows the last result: the tool and the rules reported, described from
    /// `catalogue` (a code it does not know, from the rule's first finding).
    pub fn close(self, catalogue: &Catalogue, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.results.close(head, 6, out)?;
        let tool = Tool {
            driver: Driver {
                name: "zjlint",
                version: env!("CARGO_PKG_VERSION"),
                semantic_version: env!("CARGO_PKG_VERSION"),
                information_uri: information_uri(),
                rules: self.rules.iter().map(|d| rule(catalogue, d)).collect(),
            },
        };
        out.write_all(b",\n      \"tool\": ")?;
        let tool = super::indented(&tool, 6)?;
        out.write_all(tool.trim_start().as_bytes())?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

fn replacement<'a>(file: &'a SourceFile, edit: &'a Edit) -> Replacement<'a> {
    Replacement {
        deleted_region: region(file, &edit.span),
        inserted_content: InsertedContent {
            text: &edit.replacement,
        },
    }
}

/// A finding's fix as SARIF fixes: none when it has no edits.
fn fixes<'a>(
    report: &'a FileReport,
    artifact: ArtifactLocation<'a>,
    d: &'a Diagnostic,
) -> Vec<SarifFix<'a>> {
    d.fix
        .iter()
        .filter(|fix| !fix.edits.is_empty())
        .map(|fix| SarifFix {
            description: Text {
                text: fix.title.to_string(),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: artifact,
                replacements: Mapped::new(&fix.edits, &report.file, replacement),
            }],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_percent_encoded() {
        assert_eq!(
            uri("./docs/工作 总结.txt"),
            "docs/%E5%B7%A5%E4%BD%9C%20%E6%80%BB%E7%BB%93.txt"
        );
        assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
        assert_eq!(uri("-"), "-");
    }
}
