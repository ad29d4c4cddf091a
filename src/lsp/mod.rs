//! `zjlint lsp`: a language server over stdio.
//!
//! A reader thread turns stdin into messages ([`framing`], [`message`]); one loop handles them
//! in order and is the only writer of stdout (logs go to stderr). Opening a document lints it at
//! once; changes are applied as they come and the lint runs after [`DEBOUNCE`] of quiet. Lints
//! run on their own threads, at most one per document, so a huge document never delays answers
//! about others; a result is kept only if the document has not changed since (its revision).
//! Hover and code actions on a document whose lint is due wait for it, so they always answer
//! for the text the editor has.

mod convert;
mod features;
mod framing;
mod message;
mod params;
mod settings;

pub use settings::settings_for;

use convert::Text;
use features::Document;
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use message::{Incoming, Invalid};
use serde_json::Value;
use settings::SettingsCache;
use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Quiet time after the last change before a document is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// 通过标准输入输出通信（默认且唯一的方式；为兼容传入 --stdio 的编辑器而保留）
    #[arg(long)]
    pub stdio: bool,
}

/// Run the server until the editor says exit; returns the process exit code: 0 after
/// `shutdown` then `exit`, 1 for `exit` without `shutdown` or a closed input.
pub fn run(_args: LspArgs) -> i32 {
    let (events, inbox) = mpsc::channel();
    let reader_events = events.clone();
    let reader = std::thread::Builder::new()
        .name("zjlint-lsp-reader".into())
        .spawn(move || read_messages(io::stdin().lock(), reader_events));
    if let Err(e) = reader {
        log(&format!("无法启动读取线程：{}", crate::io::describe(&e)));
        return 1;
    }
    let stdout = io::stdout();
    let mut server = Server::new(Box::new(stdout.lock()), events);
    // The reader thread may still be blocked on stdin; the process ends without it.
    server.serve(&inbox)
}

/// A line on stderr; one that cannot be written is dropped (eprintln! would panic on EPIPE,
/// and in a lint thread leave its document linting forever).
fn log(message: &str) {
    crate::io::write_stderr(&format!("zjlint lsp: {message}\n"));
}

/// What the message loop waits for.
enum Event {
    Message(Incoming),
    /// Bytes that are not a message: answer with this error.
    Invalid(Invalid),
    /// Stdin is closed (or unreadable).
    Closed,
    Linted(Linted),
    /// An answer worked out off the message loop (a fix-all), to send as it is.
    Answered {
        id: Value,
        result: Value,
    },
}

/// Frames from `input`, as events, until it ends.
fn read_messages(input: impl BufRead, events: Sender<Event>) {
    let mut frames = framing::FrameReader::new(input);
    let mut skipped = |what: &str| log(what);
    loop {
        let event = match frames.next(&mut skipped) {
            Ok(Some(framing::Frame::Body(body))) => match message::parse(&body) {
                Ok(message) => Event::Message(message),
                Err(invalid) => Event::Invalid(invalid),
            },
            Ok(Some(framing::Frame::Oversized(length))) => Event::Invalid(Invalid::new(
                Value::Null,
                message::INVALID_REQUEST,
                format!(
                    "消息过大（{length} 字节，上限 {} MB），已跳过",
                    framing::MAX_BODY >> 20
                ),
            )),
            Ok(Some(framing::Frame::Malformed(why))) => {
                Event::Invalid(Invalid::new(Value::Null, message::PARSE_ERROR, why))
            }
            Ok(None) => Event::Closed,
            Err(e) => {
                log(&format!("读取标准输入出错：{}", crate::io::describe(&e)));
                Event::Closed
            }
        };
        let closed = matches!(event, Event::Closed);
        if events.send(event).is_err() || closed {
            return;
        }
    }
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
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
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    features::fix_all_kind(),
                ]),
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

/// Where the session is in the protocol's lifecycle.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    /// Only `initialize` (and `exit`) are accepted.
    Starting,
    Running,
    /// After `shutdown`: only `exit` is accepted.
    ShutDown,
}

/// An open document and where its lint stands.
struct Open {
    doc: Document,
    /// Bumped by every change of the text or of the settings (unique across documents).
    revision: u64,
    /// The revision `doc.findings` belong to.
    linted: u64,
    /// The revision being linted on a worker thread, if any.
    linting: Option<u64>,
}

/// A request that waits for its document's lint.
struct Waiting {
    id: Value,
    uri: String,
    query: Query,
}

enum Query {
    Hover(params::Hover),
    CodeAction(params::CodeAction),
}

impl Query {
    fn uri(&self) -> &str {
        match self {
            Query::Hover(p) => &p.text_document.uri,
            Query::CodeAction(p) => &p.text_document.uri,
        }
    }
}

/// Lint a document's text as the server does after each change: its findings, and the same as
/// LSP diagnostics (public for the benchmark of re-linting).
pub fn relint(
    path: PathBuf,
    text: String,
    settings: &crate::Settings,
) -> (Vec<crate::diagnostic::Diagnostic>, Vec<lsp::Diagnostic>) {
    let source = crate::source::Source {
        name: path.display().to_string(),
        path: Some(path),
        text,
        origin: Default::default(),
    };
    let findings = crate::lint::lint_waited(&source, settings);
    let text = Text::new(source.text);
    let diagnostics = findings
        .iter()
        .map(|d| convert::diagnostic(&text, d))
        .collect();
    (findings, diagnostics)
}

/// Compile the built-in rules off the message loop, right after `initialize`: every
/// configuration shares their checks, so opening a document compiles none of them.
fn compile_builtin_rules() -> Option<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("zjlint-compile".into())
        .spawn(|| {
            if let Ok(catalogue) = crate::config::builtin_catalogue() {
                catalogue.compile();
                // The literal scan's automaton too: opening a document then builds nothing.
                crate::analysis::vocabulary::prepare();
            }
        })
        .ok()
}

/// One lint, done off the message loop.
struct LintJob {
    uri: String,
    revision: u64,
    path: PathBuf,
    text: String,
    settings: Arc<crate::Settings>,
}

struct Linted {
    uri: String,
    revision: u64,
    findings: Vec<crate::diagnostic::Diagnostic>,
    diagnostics: Vec<lsp::Diagnostic>,
}

impl LintJob {
    /// Lint off the message loop. Whatever panics (a rule, the conversion) costs this
    /// document's findings, never the server nor the document's later lints.
    fn run(self) -> Linted {
        let (uri, revision, path) = (self.uri.clone(), self.revision, self.path.clone());
        let findings_and_diagnostics = move || relint(self.path, self.text, &self.settings);
        let run = std::panic::AssertUnwindSafe(findings_and_diagnostics);
        let (findings, diagnostics) = std::panic::catch_unwind(run).unwrap_or_else(|_| {
            log(&format!(
                "检查 {} 时内部出错（已跳过该文档）",
                path.display()
            ));
            (Vec::new(), Vec::new())
        });
        Linted {
            uri,
            revision,
            findings,
            diagnostics,
        }
    }
}

struct Server {
    output: Box<dyn Write>,
    /// Lint threads report here.
    events: Sender<Event>,
    phase: Phase,
    /// Open documents by the URI the client wrote.
    documents: HashMap<String, Open>,
    /// When each document with an unlinted revision is to be linted.
    due: HashMap<String, Instant>,
    waiting: Vec<Waiting>,
    settings: SettingsCache,
    /// The thread compiling the built-in rules, started at `initialize`.
    compiling: Option<std::thread::JoinHandle<()>>,
    root: Option<PathBuf>,
    watch_files: bool,
    next_request: u64,
    next_revision: u64,
}

impl Server {
    fn new(output: Box<dyn Write>, events: Sender<Event>) -> Self {
        Server {
            output,
            events,
            phase: Phase::Starting,
            documents: HashMap::new(),
            due: HashMap::new(),
            waiting: Vec::new(),
            settings: SettingsCache::default(),
            compiling: None,
            root: None,
            watch_files: false,
            next_request: 0,
            next_revision: 0,
        }
    }

    /// Handle events until `exit` or the end of input; the exit code.
    fn serve(&mut self, inbox: &Receiver<Event>) -> i32 {
        loop {
            let event = match self.next_wait() {
                None => inbox.recv().ok(),
                Some(wait) => match inbox.recv_timeout(wait) {
                    Ok(event) => Some(event),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => Some(Event::Closed),
                },
            };
            let step = match event {
                Some(event) => self.handle(event),
                None => Ok(None),
            };
            let step = step.and_then(|exit| self.lint_due().map(|()| exit));
            match step {
                Ok(None) => {}
                Ok(Some(code)) => return code,
                Err(e) => {
                    log(&format!("无法写入标准输出：{}", crate::io::describe(&e)));
                    return 1;
                }
            }
        }
    }

    /// Handle one event; the exit code if the server is to stop.
    fn handle(&mut self, event: Event) -> io::Result<Option<i32>> {
        match event {
            Event::Message(Incoming::Request { id, method, params }) => {
                self.request(id, &method, params)?
            }
            Event::Message(Incoming::Notification { method, params }) => {
                if method == lsp::notification::Exit::METHOD {
                    return Ok(Some(if self.phase == Phase::ShutDown { 0 } else { 1 }));
                }
                self.notification(&method, params)?
            }
            Event::Message(Incoming::Response) => {}
            Event::Invalid(invalid) => {
                log(&format!("收到无效消息：{}", invalid.message));
                self.send(invalid.response())?
            }
            Event::Closed => {
                log("编辑器断开了连接");
                return Ok(Some(1));
            }
            Event::Linted(linted) => self.linted(linted)?,
            Event::Answered { id, result } => self.send(message::response(id, result))?,
        }
        Ok(None)
    }

    fn send(&mut self, message: Value) -> io::Result<()> {
        framing::write_frame(&mut self.output, message.to_string().as_bytes())
    }

    fn notify<N: lsp::notification::Notification>(&mut self, params: N::Params) -> io::Result<()> {
        let params = serde_json::to_value(params).map_err(io::Error::other)?;
        self.send(message::notification(N::METHOD, params))
    }

    fn error(&mut self, id: Value, code: i64, text: &str) -> io::Result<()> {
        self.send(message::error_response(id, code, text))
    }

    fn request(&mut self, id: Value, method: &str, params: Value) -> io::Result<()> {
        use lsp::request::*;
        match (self.phase, method) {
            (Phase::Starting, Initialize::METHOD) => self.initialize(id, &params),
            (Phase::Starting, _) => self.error(
                id,
                message::SERVER_NOT_INITIALIZED,
                &format!("尚未初始化，不能处理 {method}"),
            ),
            (Phase::ShutDown, _) => self.error(
                id,
                message::INVALID_REQUEST,
                &format!("已收到 shutdown，不再处理 {method}"),
            ),
            (Phase::Running, Initialize::METHOD) => {
                self.error(id, message::INVALID_REQUEST, "已经初始化过")
            }
            (Phase::Running, Shutdown::METHOD) => self.shut_down(id),
            (Phase::Running, HoverRequest::METHOD) => match serde_json::from_value(params) {
                Ok(p) => self.query(id, Query::Hover(p)),
                Err(e) => self.invalid_params(id, e),
            },
            (Phase::Running, CodeActionRequest::METHOD) => match serde_json::from_value(params) {
                Ok(p) => self.query(id, Query::CodeAction(p)),
                Err(e) => self.invalid_params(id, e),
            },
            (Phase::Running, _) => self.error(
                id,
                message::METHOD_NOT_FOUND,
                &format!("zjlint 不支持请求 {method}"),
            ),
        }
    }

    /// From now on nothing is linted nor published; requests that wait for a lint are
    /// answered as cancelled, since no lint will answer them.
    fn shut_down(&mut self, id: Value) -> io::Result<()> {
        self.phase = Phase::ShutDown;
        self.due.clear();
        for waiting in std::mem::take(&mut self.waiting) {
            self.error(waiting.id, message::REQUEST_CANCELLED, "服务器正在关闭")?;
        }
        self.send(message::response(id, Value::Null))
    }

    fn invalid_params(&mut self, id: Value, e: serde_json::Error) -> io::Result<()> {
        self.error(id, message::INVALID_PARAMS, &format!("参数无效：{e}"))
    }

    fn initialize(&mut self, id: Value, params: &Value) -> io::Result<()> {
        let init = params::Initialize::read(params);
        self.root = init.root_uri.as_deref().and_then(settings::uri_to_path);
        self.watch_files = init.watch_files;
        let result = serde_json::json!({
            "capabilities": capabilities(),
            "serverInfo": {"name": "zjlint", "version": env!("CARGO_PKG_VERSION")},
        });
        self.phase = Phase::Running;
        if self.compiling.is_none() {
            self.compiling = compile_builtin_rules();
        }
        self.send(message::response(id, result))
    }

    /// Answer a hover or code action now if its document's findings are current, or once they are.
    fn query(&mut self, id: Value, query: Query) -> io::Result<()> {
        let uri = query.uri().to_string();
        let current = match self.documents.get(&uri) {
            Some(open) => open.linted == open.revision,
            None => true, // Not ours: answered with nothing at once.
        };
        if current {
            return self.answer(id, &query);
        }
        // A lint of this very revision already runs: its result answers; another would repeat it.
        let running = self
            .documents
            .get(&uri)
            .is_some_and(|open| open.linting == Some(open.revision));
        if !running {
            self.due.insert(uri.clone(), Instant::now());
        }
        self.waiting.push(Waiting { id, uri, query });
        Ok(())
    }

    fn answer(&mut self, id: Value, query: &Query) -> io::Result<()> {
        let result = match query {
            Query::Hover(p) if self.documents.contains_key(query.uri()) => {
                let (settings, _) = self.settings.get(&self.path_of(query.uri()));
                let open = &self.documents[query.uri()];
                let hover = features::hover(&open.doc, &settings.catalogue, p.position);
                serde_json::to_value(hover)
            }
            Query::Hover(_) => Ok(Value::Null),
            Query::CodeAction(p) if self.documents.contains_key(query.uri()) => {
                let doc = &self.documents[query.uri()].doc;
                let actions = features::code_actions(doc, p);
                if features::fix_all_wanted(p) {
                    let path = self.path_of(query.uri());
                    let (settings, _) = self.settings.get(&path);
                    let doc = &self.documents[query.uri()].doc;
                    let job = features::FixAllJob {
                        uri: doc.uri.clone(),
                        text: doc.text.clone(),
                        settings,
                        path,
                    };
                    let actions = serde_json::to_value(actions).map_err(io::Error::other)?;
                    return self.fix_all(id, actions, job);
                }
                serde_json::to_value(actions)
            }
            Query::CodeAction(_) => Ok(Value::Array(Vec::new())),
        };
        self.send(message::response(id, result.map_err(io::Error::other)?))
    }

    /// Answer a code action request with `actions` and the fix-all of `job`, worked out on a
    /// thread of its own: it lints the document several times, which must not hold up answers
    /// about other documents. A panic, or no thread to run on, costs the fix-all, not the answer.
    fn fix_all(&mut self, id: Value, actions: Value, job: features::FixAllJob) -> io::Result<()> {
        let events = self.events.clone();
        let (answer_id, mut result) = (id.clone(), actions.clone());
        let spawned = std::thread::Builder::new()
            .name("zjlint-fix-all".into())
            .spawn(move || {
                let work = std::panic::AssertUnwindSafe(|| features::fix_all(&job));
                let fix_all = std::panic::catch_unwind(work).unwrap_or_else(|_| {
                    log(&format!("为 {} 计算全部修正时内部出错（已跳过）", job.uri));
                    None
                });
                let fix_all = fix_all.and_then(|f| serde_json::to_value(f).ok());
                if let (Value::Array(list), Some(fix_all)) = (&mut result, fix_all) {
                    list.push(fix_all);
                }
                let _ = events.send(Event::Answered {
                    id: answer_id,
                    result,
                });
            });
        match spawned {
            Ok(_) => Ok(()),
            Err(e) => {
                log(&format!("无法启动修正线程：{}", crate::io::describe(&e)));
                self.send(message::response(id, actions))
            }
        }
    }

    /// Answer the requests that wait for `uri`.
    fn answer_waiting(&mut self, uri: &str) -> io::Result<()> {
        let (ready, rest) = std::mem::take(&mut self.waiting)
            .into_iter()
            .partition(|w| w.uri == uri);
        self.waiting = rest;
        for w in ready {
            self.answer(w.id, &w.query)?;
        }
        Ok(())
    }

    /// The client gave up on a request: one still waiting for a lint is answered as cancelled
    /// (the others are answered already).
    fn cancel(&mut self, id: Option<&Value>) -> io::Result<()> {
        let Some(at) = self.waiting.iter().position(|w| Some(&w.id) == id) else {
            return Ok(());
        };
        let cancelled = self.waiting.remove(at);
        self.error(cancelled.id, message::REQUEST_CANCELLED, "请求已取消")
    }

    fn notification(&mut self, method: &str, params: Value) -> io::Result<()> {
        if self.phase != Phase::Running {
            return Ok(()); // Dropped, as the specification says.
        }
        if method == lsp::notification::Initialized::METHOD && self.watch_files {
            return self.watch_config();
        }
        if method == lsp::notification::Cancel::METHOD {
            return self.cancel(params.get("id"));
        }
        match self.document_event(method, params) {
            Ok(()) => Ok(()),
            Err(Failure::Params(e)) => {
                log(&format!("无法处理 {method}：{e}"));
                Ok(())
            }
            Err(Failure::Output(e)) => Err(e),
        }
    }

    /// Ask the editor to tell us when any zjlint.toml is created, changed or deleted.
    fn watch_config(&mut self) -> io::Result<()> {
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
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = Value::from(format!("zjlint-{}", self.next_request));
        let params = serde_json::to_value(params).map_err(io::Error::other)?;
        let method = lsp::request::RegisterCapability::METHOD;
        self.send(message::request(id, method, params))
    }

    fn document_event(&mut self, method: &str, params: Value) -> Result<(), Failure> {
        use lsp::notification::*;
        match method {
            DidOpenTextDocument::METHOD => {
                let p: params::DidOpen = serde_json::from_value(params)?;
                let doc = p.text_document;
                let Some(markdown) = document_kind(&doc.uri, &doc.language_id) else {
                    return Ok(());
                };
                let revision = self.next_revision();
                self.documents.insert(
                    doc.uri.clone(),
                    Open {
                        doc: Document {
                            uri: doc.uri.clone(),
                            version: doc.version,
                            markdown,
                            text: Text::new(doc.text),
                            findings: Vec::new(),
                        },
                        revision,
                        linted: 0,
                        linting: None,
                    },
                );
                self.due.insert(doc.uri, Instant::now());
            }
            DidChangeTextDocument::METHOD => {
                let p: params::DidChange = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                let revision = self.next_revision();
                if let Some(open) = self.documents.get_mut(&uri) {
                    for change in &p.content_changes {
                        open.doc.text.apply(change);
                    }
                    open.doc.version = p.text_document.version;
                    open.revision = revision;
                    // A request waiting for this document should not wait for quiet too.
                    let quiet = if self.waiting.iter().any(|w| w.uri == uri) {
                        Duration::ZERO
                    } else {
                        DEBOUNCE
                    };
                    self.due.insert(uri, Instant::now() + quiet);
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: params::DocumentEvent = serde_json::from_value(params)?;
                let uri = p.text_document.uri;
                self.due.remove(&uri);
                if self.documents.remove(&uri).is_some() {
                    self.publish(uri.clone(), Vec::new(), None)?;
                }
                self.answer_waiting(&uri)?;
            }
            DidSaveTextDocument::METHOD => {
                // Editors that cannot watch files still tell us when zjlint.toml is saved.
                let p: params::DocumentEvent = serde_json::from_value(params)?;
                if let Some(path) = settings::uri_to_path(&p.text_document.uri) {
                    self.config_changed(&[path])?;
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let p: params::DidChangeWatchedFiles = serde_json::from_value(params)?;
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

    fn next_revision(&mut self) -> u64 {
        self.next_revision += 1;
        self.next_revision
    }

    /// Forget the settings a changed zjlint.toml touches and lint every open document again.
    fn config_changed(&mut self, paths: &[PathBuf]) -> io::Result<()> {
        let configs: Vec<&PathBuf> = paths.iter().filter(|p| settings::is_config(p)).collect();
        if configs.is_empty() {
            return Ok(());
        }
        for config in configs {
            log(&format!("配置文件有变化：{}", config.display()));
            self.settings.invalidate(config);
        }
        let open: Vec<String> = self.documents.keys().cloned().collect();
        for uri in open {
            let revision = self.next_revision();
            if let Some(open) = self.documents.get_mut(&uri) {
                open.revision = revision;
            }
            self.due.insert(uri, Instant::now());
        }
        Ok(())
    }

    /// Where a document's settings are looked for: its file, or the workspace for unsaved ones.
    fn path_of(&self, uri: &str) -> PathBuf {
        settings::uri_to_path(uri).unwrap_or_else(|| {
            let dir = self.root.clone().unwrap_or_else(|| PathBuf::from("."));
            dir.join("untitled")
        })
    }

    /// How long until the next lint is due; None if none is (a document being linted waits
    /// for its result before the next lint starts).
    fn next_wait(&self) -> Option<Duration> {
        let now = Instant::now();
        self.due
            .iter()
            .filter(|(uri, _)| !self.is_linting(uri))
            .map(|(_, &at)| at.saturating_duration_since(now))
            .min()
    }

    fn is_linting(&self, uri: &str) -> bool {
        self.documents
            .get(uri)
            .is_some_and(|open| open.linting.is_some())
    }

    /// Start the lints whose time has come.
    fn lint_due(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(uri, &at)| at <= now && !self.is_linting(uri))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.due.remove(&uri);
            self.start_lint(&uri)?;
        }
        Ok(())
    }

    fn start_lint(&mut self, uri: &str) -> io::Result<()> {
        let path = self.path_of(uri);
        let (settings, error) = self.settings.get(&path);
        if let Some(error) = error {
            self.show_error(&format!("zjlint 配置有误，已改用默认规则：{error}"))?;
        }
        let Some(open) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        let job = LintJob {
            uri: uri.to_string(),
            revision: open.revision,
            path,
            text: open.doc.text.text.clone(),
            settings,
        };
        let events = self.events.clone();
        let spawned = std::thread::Builder::new()
            .name("zjlint-lint".into())
            .spawn(move || {
                let _ = events.send(Event::Linted(job.run()));
            });
        match spawned {
            Ok(_) => open.linting = Some(open.revision),
            Err(e) => {
                log(&format!(
                    "无法启动检查线程，稍后重试：{}",
                    crate::io::describe(&e)
                ));
                self.due.insert(uri.to_string(), Instant::now() + DEBOUNCE);
            }
        }
        Ok(())
    }

    /// A lint finished: keep and publish it if the document is still as it was linted.
    fn linted(&mut self, linted: Linted) -> io::Result<()> {
        let Some(open) = self.documents.get_mut(&linted.uri) else {
            return Ok(());
        };
        if open.linting == Some(linted.revision) {
            open.linting = None;
        }
        if self.phase == Phase::ShutDown {
            return Ok(()); // Nothing is published after shutdown.
        }
        if open.revision != linted.revision {
            return Ok(()); // Stale: the next lint is due already.
        }
        open.doc.findings = linted.findings;
        open.linted = linted.revision;
        // Nothing changed since: a lint scheduled meanwhile would publish the same again.
        self.due.remove(&linted.uri);
        let version = open.doc.version;
        self.publish(linted.uri.clone(), linted.diagnostics, Some(version))?;
        self.answer_waiting(&linted.uri)
    }

    fn publish(
        &mut self,
        uri: String,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) -> io::Result<()> {
        // lsp-types' PublishDiagnosticsParams cannot hold every URI a client sends.
        let params = serde_json::json!({
            "uri": uri,
            "diagnostics": diagnostics,
            "version": version,
        });
        let method = lsp::notification::PublishDiagnostics::METHOD;
        self.send(message::notification(method, params))
    }

    fn show_error(&mut self, message: &str) -> io::Result<()> {
        log(message);
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
            typ: lsp::MessageType::ERROR,
            message: message.to_string(),
        })
    }
}

/// Why a notification was not handled: bad parameters are logged, a broken output ends the server.
enum Failure {
    Params(serde_json::Error),
    Output(io::Error),
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Params(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// Is this a document zjlint checks, and is it Markdown? By language id, else by extension.
fn document_kind(uri: &str, language_id: &str) -> Option<bool> {
    match language_id {
        "markdown" => return Some(true),
        "plaintext" | "text" => return Some(false),
        _ => {}
    }
    let path = uri.split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md") | Some("markdown") => Some(true),
        Some("txt") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// What the server wrote, shared with the test.
    #[derive(Clone, Default)]
    struct Output(Rc<RefCell<Vec<u8>>>);

    impl Write for Output {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Output {
        fn count(&self, what: &str) -> usize {
            String::from_utf8_lossy(&self.0.borrow())
                .matches(what)
                .count()
        }
    }

    fn server() -> (Server, Output, Receiver<Event>) {
        let output = Output::default();
        let (events, inbox) = mpsc::channel();
        let server = Server::new(Box::new(output.clone()), events);
        (server, output, inbox)
    }

    fn request(id: u64, method: &str, params: Value) -> Event {
        Event::Message(Incoming::Request {
            id: Value::from(id),
            method: method.to_string(),
            params,
        })
    }

    fn notification(method: &str, params: Value) -> Event {
        Event::Message(Incoming::Notification {
            method: method.to_string(),
            params,
        })
    }

    const URI: &str = "untitled:summary.txt";

    /// An initialized server with one open document whose first lint has started.
    fn open_and_start_lint() -> (Server, Output, Receiver<Event>) {
        let (mut server, output, inbox) = server();
        server
            .handle(request(1, "initialize", serde_json::json!({})))
            .unwrap();
        let text = "2023年工作总结\n\n今年完成了很多工作。\n";
        let open = serde_json::json!({"textDocument": {
            "uri": URI, "languageId": "plaintext", "version": 1, "text": text}});
        server
            .handle(notification("textDocument/didOpen", open))
            .unwrap();
        server.lint_due().unwrap();
        assert!(server.is_linting(URI));
        (server, output, inbox)
    }

    /// Handle lint results until no lint runs or is due.
    fn settle(server: &mut Server, inbox: &Receiver<Event>) {
        loop {
            server.lint_due().unwrap();
            if !server.is_linting(URI) && server.due.is_empty() {
                return;
            }
            let event = inbox.recv_timeout(Duration::from_secs(60)).unwrap();
            server.handle(event).unwrap();
        }
    }

    /// Rules are compiled after `initialize`, off the message loop; opening and linting a
    /// document then uses those same compiled checks and compiles none.
    #[test]
    fn opening_a_document_compiles_no_rule() {
        let (mut server, _output, inbox) = server();
        server
            .handle(request(1, "initialize", serde_json::json!({})))
            .unwrap();
        server.compiling.take().unwrap().join().unwrap();
        let shared = crate::config::builtin_catalogue().unwrap();
        assert!(shared.rules.iter().all(|r| r.check.is_compiled()));
        let open = serde_json::json!({"textDocument": {
            "uri": URI, "languageId": "plaintext", "version": 1,
            "text": "2023年工作总结\n\n今年完成了很多工作。\n"}});
        server
            .handle(notification("textDocument/didOpen", open))
            .unwrap();
        settle(&mut server, &inbox);
        let (settings, _) = server.settings.get(&server.path_of(URI));
        assert_eq!(settings.rules.len(), shared.rules.len());
        for (active, built) in settings.rules.iter().zip(&shared.rules) {
            assert!(
                Arc::ptr_eq(&active.rule.check, &built.check),
                "{} 的检查被重新编译",
                built.def.code
            );
        }
    }

    /// After shutdown nothing is published: a lint under way is dropped, a due one never starts,
    /// and a request that waited for a lint is answered (cancelled) rather than left unanswered.
    #[test]
    fn after_shutdown_lints_are_neither_started_nor_published() {
        let (mut server, output, inbox) = open_and_start_lint();
        let at = serde_json::json!({"textDocument": {"uri": URI},
            "position": {"line": 0, "character": 0}});
        server.handle(request(2, "textDocument/hover", at)).unwrap();
        // A second document, due but not started.
        let open = serde_json::json!({"textDocument": {
            "uri": "untitled:plan.txt", "languageId": "plaintext", "version": 1, "text": "计划"}});
        server
            .handle(notification("textDocument/didOpen", open))
            .unwrap();
        server.handle(request(3, "shutdown", Value::Null)).unwrap();
        let event = inbox.recv_timeout(Duration::from_secs(60)).unwrap();
        server.handle(event).unwrap();
        settle(&mut server, &inbox);
        assert!(server.due.is_empty());
        assert_eq!(output.count("textDocument/publishDiagnostics"), 0);
        assert_eq!(output.count("\"id\":2"), 1);
        assert_eq!(output.count("-32800"), 1);
    }

    #[test]
    fn queries_during_a_lint_of_the_same_revision_do_not_lint_again() {
        let (mut server, output, inbox) = open_and_start_lint();
        let at = serde_json::json!({"textDocument": {"uri": URI},
            "position": {"line": 0, "character": 0}});
        let range = serde_json::json!({"textDocument": {"uri": URI},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
            "context": {"diagnostics": []}});
        server
            .handle(request(2, "textDocument/hover", at.clone()))
            .unwrap();
        server
            .handle(request(3, "textDocument/codeAction", range))
            .unwrap();
        server.handle(request(4, "textDocument/hover", at)).unwrap();
        settle(&mut server, &inbox);
        assert_eq!(output.count("textDocument/publishDiagnostics"), 1);
        for id in 2..=4 {
            assert_eq!(output.count(&format!("\"id\":{id}")), 1, "request {id}");
        }
    }

    #[test]
    fn documents_by_language_or_extension() {
        assert_eq!(document_kind("file:///a/b", "markdown"), Some(true));
        assert_eq!(document_kind("untitled:1", "plaintext"), Some(false));
        assert_eq!(
            document_kind("file:///a/%E6%80%BB.MD", "vimwiki"),
            Some(true)
        );
        assert_eq!(
            document_kind("file:///中文/总结.txt", "vimwiki"),
            Some(false)
        );
        assert_eq!(document_kind("file:///a/b.txt", ""), Some(false));
        assert_eq!(document_kind("file:///a/b.rs", "rust"), None);
        assert_eq!(document_kind("file:///a/zjlint.toml", "toml"), None);
    }
}
