//! What a rule reports.

use crate::model::Span;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes only what the rule names (a wrong mark, a doubled character, a junk line).
    Safe,
    /// Likely right, but may change meaning (a word substitution, renumbering a list).
    Unsafe,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, in Chinese, for menus and `--diff` headers.
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    /// A fix that writes `replacement` over `span`, titled `改为“…”`.
    pub fn replace(span: Span, replacement: &str, applicability: Applicability) -> Fix {
        Fix {
            title: format!("改为“{replacement}”"),
            edits: vec![Edit {
                span,
                replacement: replacement.to_string(),
            }],
            applicability,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: String,
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// Byte range of the offending text.
    pub span: Span,
    pub fix: Option<Fix>,
}
