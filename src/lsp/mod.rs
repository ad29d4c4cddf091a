//! `zjlint lsp`: a language server over stdio.
//!
//! One thread handles messages in order. Opening a document lints it at once; changes are
//! applied as they come and the lint runs after [`DEBOUNCE`] of quiet (the loop waits on the
//! channel with a timeout, no async runtime). Hover and code actions first lint a document whose
//! lint is due, so they always answer for the text the editor has. Only protocol messages go to
//! stdout; logs go to stderr.

mod convert;
mod features;
mod settings;

pub use settings::settings_for;

use convert::Text;
use features::Document;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use settings::SettingsCache;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Quiet time after the last change before a document is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// 通过标准输入输出通信（默认且唯一的方式；为兼容传入 --stdio 的编辑器而保留）
    #[arg(long)]
    pub stdio: bool,
}

/// Run the server until the editor says exit; returns the process exit code.
pub fn run(_args: LspArgs) -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let code = match serve(&connection) {
        Ok(code) => code,
        Err(e) => {
            log(&format!("协议错误：{e}"));
            1
        }
    };
    drop(connection);
    if let Err(e) = io_threads.join() {
        log(&format!("输入输出错误：{e}"));
    }
    code
}

fn log(message: &str) {
    eprintln!("zjlint lsp: {message}");
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn serve(connection: &Connection) -> Result<i32> {
    let caps = serde_json::to_value(capabilities())?;
    let init: lsp::InitializeParams = serde_json::from_value(connection.initialize(caps)?)
        .unwrap_or_else(|e| {
            log(&format!("无法读取 initialize 参数，按默认处理：{e}"));
            lsp::InitializeParams::default()
        });
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        due: HashMap::new(),
        settings: SettingsCache::default(),
        root: workspace_root(&init),
        next_request: 0,
    };
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.watch_config()?;
    }
    log("已启动");
    loop {
        let message = match server.next_wait() {
            None => connection.receiver.recv().ok(),
            Some(wait) => match connection.receiver.recv_timeout(wait) {
                Ok(message) => Some(message),
                Err(e) if e.is_timeout() => {
                    server.lint_due()?;
                    continue;
                }
                Err(_) => None,
            },
        };
        let Some(message) = message else {
            log("编辑器断开了连接");
            return Ok(1);
        };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(0);
                }
                server.request(request)?;
            }
            Message::Notification(notification) => {
                if notification.method == lsp::notification::Exit::METHOD {
                    // Exit without shutdown first.
                    return Ok(1);
                }
                let method = notification.method.clone();
                if let Err(e) = server.notification(notification) {
                    log(&format!("无法处理 {method}：{e}"));
                }
            }
            Message::Response(_) => {}
        }
        server.lint_due()?;
    }
}

fn workspace_root(init: &lsp::InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = init.workspace_folders.as_ref().and_then(|f| f.first()) {
        return settings::uri_to_path(&folder.uri);
    }
    #[allow(deprecated)]
    init.root_uri.as_ref().and_then(settings::uri_to_path)
}

struct Server<'a> {
    connection: &'a Connection,
    documents: HashMap<lsp::Uri, Document>,
    /// When each document with unlinted changes is to be linted.
    due: HashMap<lsp::Uri, Instant>,
    settings: SettingsCache,
    root: Option<PathBuf>,
    next_request: i32,
}

impl Server<'_> {
    fn send(&self, message: impl Into<Message>) -> Result<()> {
        self.connection.sender.send(message.into())?;
        Ok(())
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) -> Result<()> {
        self.send(Notification::new(N::METHOD.to_string(), params))
    }

    /// Ask the editor to tell us when any zjlint.toml is created, changed or deleted.
    fn watch_config(&mut self) -> Result<()> {
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String("**/zjlint.toml".to_string()),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "zjlint-config-watch".to_string(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("zjlint-{}", self.next_request));
        self.send(Request::new(
            id,
            lsp::request::RegisterCapability::METHOD.to_string(),
            params,
        ))
    }

    fn next_wait(&self) -> Option<Duration> {
        let now = Instant::now();
        self.due
            .values()
            .min()
            .map(|&at| at.saturating_duration_since(now))
    }

    fn request(&mut self, request: Request) -> Result<()> {
        let id = request.id.clone();
        let response = match request.method.as_str() {
            lsp::request::HoverRequest::METHOD => {
                let params: lsp::HoverParams = match parse(&request) {
                    Ok(p) => p,
                    Err(r) => return self.send(r),
                };
                let uri = params.text_document_position_params.text_document.uri;
                self.lint_now(&uri)?;
                let (settings, _) = self.settings.get(&self.path_of(&uri));
                let position = params.text_document_position_params.position;
                let hover = self
                    .documents
                    .get(&uri)
                    .and_then(|doc| features::hover(doc, &settings.catalogue, position));
                Response::new_ok(id, hover)
            }
            lsp::request::CodeActionRequest::METHOD => {
                let params: lsp::CodeActionParams = match parse(&request) {
                    Ok(p) => p,
                    Err(r) => return self.send(r),
                };
                let uri = params.text_document.uri.clone();
                self.lint_now(&uri)?;
                let actions = self
                    .documents
                    .get(&uri)
                    .map(|doc| features::code_actions(doc, &params))
                    .unwrap_or_default();
                Response::new_ok(id, actions)
            }
            other => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("zjlint 不支持请求 {other}"),
            ),
        };
        self.send(response)
    }

    fn notification(&mut self, notification: Notification) -> Result<()> {
        use lsp::notification::*;
        let params = notification.params;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp::DidOpenTextDocumentParams = serde_json::from_value(params)?;
                let doc = p.text_document;
                let Some(markdown) = document_kind(&doc.uri, &doc.language_id) else {
                    return Ok(());
                };
                let uri = doc.uri.clone();
                self.documents.insert(
                    uri.clone(),
                    Document {
                        uri: doc.uri,
                        version: doc.version,
                        markdown,
                        text: Text::new(doc.text),
                        findings: Vec::new(),
                    },
                );
                self.lint(&uri)?;
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp::DidChangeTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                if let Some(doc) = self.documents.get_mut(&uri) {
                    for change in &p.content_changes {
                        doc.text.apply(change);
                    }
                    doc.version = p.text_document.version;
                    self.due.insert(uri, Instant::now() + DEBOUNCE);
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp::DidCloseTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                self.due.remove(&uri);
                if self.documents.remove(&uri).is_some() {
                    self.publish(uri, Vec::new(), None)?;
                }
            }
            DidSaveTextDocument::METHOD => {
                // Editors that cannot watch files still tell us when zjlint.toml is saved.
                let p: lsp::DidSaveTextDocumentParams = serde_json::from_value(params)?;
                if let Some(path) = settings::uri_to_path(&p.text_document.uri) {
                    self.config_changed(&[path])?;
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let p: lsp::DidChangeWatchedFilesParams = serde_json::from_value(params)?;
                let paths: Vec<PathBuf> = p
                    .changes
                    .iter()
                    .filter_map(|c| settings::uri_to_path(&c.uri))
                    .collect();
                self.config_changed(&paths)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Forget the settings a changed zjlint.toml touches and lint every open document again.
    fn config_changed(&mut self, paths: &[PathBuf]) -> Result<()> {
        let configs: Vec<&PathBuf> = paths.iter().filter(|p| settings::is_config(p)).collect();
        if configs.is_empty() {
            return Ok(());
        }
        for config in configs {
            log(&format!("配置文件有变化：{}", config.display()));
            self.settings.invalidate(config);
        }
        let open: Vec<lsp::Uri> = self.documents.keys().cloned().collect();
        for uri in open {
            self.lint(&uri)?;
        }
        Ok(())
    }

    /// Where a document's settings are looked for: its file, or the workspace for unsaved ones.
    fn path_of(&self, uri: &lsp::Uri) -> PathBuf {
        settings::uri_to_path(uri).unwrap_or_else(|| {
            let dir = self.root.clone().unwrap_or_else(|| PathBuf::from("."));
            dir.join("untitled")
        })
    }

    /// Lint the documents whose quiet time is over.
    fn lint_due(&mut self) -> Result<()> {
        let now = Instant::now();
        let ready: Vec<lsp::Uri> = self
            .due
            .iter()
            .filter(|(_, &at)| at <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.lint(&uri)?;
        }
        Ok(())
    }

    /// Lint `uri` now if a lint is pending, so that answers match the editor's text.
    fn lint_now(&mut self, uri: &lsp::Uri) -> Result<()> {
        if self.due.contains_key(uri) {
            self.lint(uri)?;
        }
        Ok(())
    }

    fn lint(&mut self, uri: &lsp::Uri) -> Result<()> {
        self.due.remove(uri);
        let path = self.path_of(uri);
        let (settings, error) = self.settings.get(&path);
        if let Some(error) = error {
            self.show_error(&format!("zjlint 配置有误，已改用默认规则：{error}"))?;
        }
        let Some(doc) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        doc.findings = lint_text(&path, &doc.text.text, &settings);
        let diagnostics = doc
            .findings
            .iter()
            .map(|d| convert::diagnostic(&doc.text, d))
            .collect();
        let version = doc.version;
        self.publish(uri.clone(), diagnostics, Some(version))
    }

    fn publish(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> Result<()> {
        self.notify::<lsp::notification::PublishDiagnostics>(lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        })
    }

    fn show_error(&self, message: &str) -> Result<()> {
        log(message);
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
            typ: lsp::MessageType::ERROR,
            message: message.to_string(),
        })
    }
}

/// Run the linter; a rule that panics costs that document's findings, not the server.
fn lint_text(
    path: &Path,
    text: &str,
    settings: &crate::Settings,
) -> Vec<crate::diagnostic::Diagnostic> {
    let source = crate::source::Source {
        name: path.display().to_string(),
        path: Some(path.to_path_buf()),
        text: text.to_string(),
    };
    let run = std::panic::AssertUnwindSafe(|| crate::lint(&source, settings));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        log(&format!(
            "检查 {} 时内部出错（已跳过该文档）",
            path.display()
        ));
        Vec::new()
    })
}

/// Is this a document zjlint checks, and is it Markdown? By language id, else by extension.
fn document_kind(uri: &lsp::Uri, language_id: &str) -> Option<bool> {
    match language_id {
        "markdown" => return Some(true),
        "plaintext" | "text" => return Some(false),
        _ => {}
    }
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md") | Some("markdown") => Some(true),
        Some("txt") => Some(false),
        _ => None,
    }
}

/// Parse a request's params, or the error response to send instead.
fn parse<P: serde::de::DeserializeOwned>(request: &Request) -> std::result::Result<P, Response> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        Response::new_err(
            request.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!("参数无效：{e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_by_language_or_extension() {
        let uri = |s: &str| -> lsp::Uri { s.parse().unwrap() };
        assert_eq!(document_kind(&uri("file:///a/b"), "markdown"), Some(true));
        assert_eq!(document_kind(&uri("untitled:1"), "plaintext"), Some(false));
        assert_eq!(
            document_kind(&uri("file:///a/%E6%80%BB.MD"), "vimwiki"),
            Some(true)
        );
        assert_eq!(document_kind(&uri("file:///a/b.txt"), ""), Some(false));
        assert_eq!(document_kind(&uri("file:///a/b.rs"), "rust"), None);
        assert_eq!(document_kind(&uri("file:///a/zjlint.toml"), "toml"), None);
    }
}
