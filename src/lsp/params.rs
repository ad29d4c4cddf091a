//! The parameters the server reads, with documents named by the client's own URI string.
//!
//! lsp-types' `Uri` rejects what some clients send (`file:///tmp/中文/总结.txt`, unencoded), and
//! a document dropped for its name is a silent failure; and answers must name a document exactly
//! as the client did. So URIs stay strings here, and are decoded only to find the file's path.

use lsp_types as lsp;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct DocumentId {
    pub uri: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedDocument {
    pub uri: String,
    #[serde(default)]
    pub language_id: String,
    pub version: i32,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidOpen {
    pub text_document: OpenedDocument,
}

#[derive(Debug, Deserialize)]
pub struct VersionedDocumentId {
    pub uri: String,
    pub version: i32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidChange {
    pub text_document: VersionedDocumentId,
    pub content_changes: Vec<lsp::TextDocumentContentChangeEvent>,
}

/// didClose and didSave: only the document matters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentEvent {
    pub text_document: DocumentId,
}

#[derive(Debug, Deserialize)]
pub struct DidChangeWatchedFiles {
    pub changes: Vec<DocumentId>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hover {
    pub text_document: DocumentId,
    pub position: lsp::Position,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeAction {
    pub text_document: DocumentId,
    pub range: lsp::Range,
    #[serde(default)]
    pub context: CodeActionContext,
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeActionContext {
    /// The editor's diagnostics here, from every tool; one this server cannot read (another
    /// tool's odd `codeDescription` link, say) is left out rather than failing the request.
    #[serde(default, deserialize_with = "readable_diagnostics")]
    pub diagnostics: Vec<lsp::Diagnostic>,
    #[serde(default)]
    pub only: Option<Vec<lsp::CodeActionKind>>,
}

fn readable_diagnostics<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<lsp::Diagnostic>, D::Error> {
    let values = Vec::<Value>::deserialize(deserializer)?;
    Ok(values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

/// What the server needs from `initialize`, read leniently: a field it cannot read is absent.
#[derive(Debug, Default, PartialEq)]
pub struct Initialize {
    /// The first workspace folder, else the root URI.
    pub root_uri: Option<String>,
    /// Can the client be asked to watch zjlint.toml files?
    pub watch_files: bool,
}

impl Initialize {
    pub fn read(params: &Value) -> Initialize {
        let folder = params
            .pointer("/workspaceFolders/0/uri")
            .or_else(|| params.get("rootUri"));
        let watch = "/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration";
        Initialize {
            root_uri: folder.and_then(Value::as_str).map(str::to_string),
            watch_files: params.pointer(watch).and_then(Value::as_bool) == Some(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unencoded_uris_and_foreign_diagnostics_are_read() {
        let open: DidOpen = serde_json::from_value(json!({"textDocument": {
            "uri": "file:///tmp/中文/总结 1.txt", "languageId": "plaintext", "version": 1, "text": "x"
        }}))
        .unwrap();
        assert_eq!(open.text_document.uri, "file:///tmp/中文/总结 1.txt");
        let ours = json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                          "message": "m", "source": "zjlint"});
        let mut theirs = ours.clone();
        theirs["codeDescription"] = json!({"href": "https://例子.中国/规则 1"});
        let action: CodeAction = serde_json::from_value(json!({
            "textDocument": {"uri": "file:///tmp/中文/总结.txt"},
            "range": ours["range"],
            "context": {"diagnostics": [theirs, ours]}
        }))
        .unwrap();
        assert_eq!(action.context.diagnostics.len(), 1);
        assert_eq!(
            action.context.diagnostics[0].source.as_deref(),
            Some("zjlint")
        );
    }

    #[test]
    fn initialize_reads_what_it_can() {
        let params = json!({
            "rootUri": "file:///r",
            "workspaceFolders": [{"uri": "file:///工作区", "name": "w"}],
            "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}
        });
        assert_eq!(
            Initialize::read(&params),
            Initialize {
                root_uri: Some("file:///工作区".into()),
                watch_files: true
            }
        );
        assert_eq!(
            Initialize::read(&json!({"rootUri": "file:///r", "capabilities": 3})),
            Initialize {
                root_uri: Some("file:///r".into()),
                watch_files: false
            }
        );
        assert_eq!(Initialize::read(&Value::Null), Initialize::default());
    }
}
