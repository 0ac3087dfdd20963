//! The preview server of `watch`: serves the rendered site from memory, never
//! from `public/`, injects a live-reload script into HTML pages, and tells
//! open pages over server-sent events when to reload, swap stylesheets, or
//! show the last build's errors as an overlay.
//!
//! The preview renders with `base_url` set to the server's own address, so
//! every page is served at its root-relative URL even when the published site
//! lives under a path (canonical and Open Graph URLs then name the preview).
//!
//! It answers only GET and HEAD, only to local Host names (see
//! `request::AllowedHosts`), and only with files of the rendered output.

pub(crate) mod connections;
mod inventory;
pub(crate) mod request;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt as _;

use crate::diagnostics::Diagnostic;
use crate::output::{Content, Output};
use request::{content_type, inject_reload, output_key, AllowedHosts};

/// Where the preview's own files live; no site file can be there.
pub(crate) const EVENTS_PATH: &str = "/__dermapress/events";
pub(crate) const SCRIPT_PATH: &str = "/__dermapress/livereload.js";
const SCRIPT: &str = include_str!("livereload.js");
/// Shown while the first build has not succeeded yet.
const WAITING: &str = include_str!("waiting.html");

/// A problem as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) location: String,
    /// 1-based; 0 when the problem is about the whole file.
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) width: usize,
    pub(crate) severity: String,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) excerpt: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Problem {
            location: d.location(),
            line: d.line,
            column: d.column,
            width: d.width,
            severity: d.severity.to_string(),
            message: d.message.clone(),
            help: d.help.clone(),
            excerpt: d.excerpt.clone(),
        }
    }
}

/// What open pages are told.
#[derive(Debug, Clone)]
enum Message {
    /// New output: reload the page.
    Reload(u64),
    /// Only stylesheets changed: fetch them again, keep the page.
    Css(u64),
    /// The last build failed; show these problems over the page.
    Failed(Arc<Vec<Problem>>),
    /// The last build succeeded with nothing to show anew: hide the overlay.
    Fixed(u64),
    /// The warnings of the last build, for the panel (empty: hide it).
    Findings(Arc<Vec<Problem>>),
    Shutdown,
}

/// How a successful rebuild should reach open pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// Pages or files changed: reload.
    Reload,
    /// Only stylesheets changed.
    Css,
    /// Nothing anyone can see changed.
    Nothing,
}

/// The files the preview serves: the output, shared file by file between
/// builds so that publishing a build copies only what changed.
pub(crate) type Files = HashMap<String, Arc<Content>>;

struct Snapshot {
    build: u64,
    output: Option<Arc<Files>>,
    problems: Option<Arc<Vec<Problem>>>,
    /// The last build's warnings.
    findings: Arc<Vec<Problem>>,
}

/// The state the server shows: the last good output and the last build's problems.
pub(crate) struct Preview {
    snapshot: RwLock<Snapshot>,
    /// The content inventory page of the last build (see `inventory`), or
    /// why it could not be made.
    inventory: RwLock<Arc<Result<String, String>>>,
    events: broadcast::Sender<Message>,
    hosts: AllowedHosts,
    /// Set while the search index of the output published last is being
    /// made (see `hold_search`).
    search_held: tokio::sync::watch::Sender<bool>,
}

impl Preview {
    pub(crate) fn new(hosts: AllowedHosts) -> Arc<Preview> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Preview {
            snapshot: RwLock::new(Snapshot {
                build: 0,
                output: None,
                problems: None,
                findings: Arc::default(),
            }),
            inventory: RwLock::new(Arc::new(Err("the first build has not finished yet".to_string()))),
            events,
            hosts,
            search_held: tokio::sync::watch::Sender::new(false),
        })
    }

    /// Shows a new good output, and tells open pages. `changed` lists the
    /// files whose bytes differ from the last output's (None: all may).
    pub(crate) fn publish(&self, output: &Output, changed: Option<&[String]>, change: Change) {
        let files = self.files_of(output, changed);
        let build = {
            let mut s = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            let had_problems = s.problems.take().is_some();
            let first = s.output.is_none();
            s.output = Some(Arc::new(files));
            if change != Change::Nothing || first {
                s.build += 1;
            }
            let change = if first { Change::Reload } else { change };
            match change {
                Change::Reload => Message::Reload(s.build),
                Change::Css => Message::Css(s.build),
                Change::Nothing if had_problems => Message::Fixed(s.build),
                Change::Nothing => return,
            }
        };
        let _ = self.events.send(build);
    }

    /// Answers requests for the search index's files only once
    /// `update_search` has been called: the page reloads while the index of
    /// the same build is still being made.
    pub(crate) fn hold_search(&self) {
        self.search_held.send_replace(true);
    }

    /// Answers the requests held for the search index with the files
    /// served now: the index they were held for is not coming.
    pub(crate) fn release_search(&self) {
        self.search_held.send_replace(false);
    }

    /// Serves the search index `written` (output paths) of the output last
    /// published, telling no page, and answers the requests held for it.
    pub(crate) fn update_search(&self, output: &Output, written: &[String]) {
        let files = self.files_of(output, Some(written));
        self.snapshot.write().unwrap_or_else(|e| e.into_inner()).output = Some(Arc::new(files));
        self.search_held.send_replace(false);
    }

    /// The files to serve for `output`, sharing those of the last output
    /// that are not in `changed`.
    fn files_of(&self, output: &Output, changed: Option<&[String]>) -> Files {
        let previous = self.current().output;
        output
            .files
            .iter()
            .map(|(key, content)| {
                let kept = match (changed, &previous) {
                    (Some(changed), Some(prev)) if changed.binary_search(key).is_err() => prev.get(key).cloned(),
                    _ => None,
                };
                // Unchanged bytes are shared, not compared; a copied file is
                // kept only if it still comes from the same source.
                let same = |old: &Arc<Content>| match (&**old, content) {
                    (Content::Bytes(_), Content::Bytes(_)) => true,
                    (old, new) => old == new,
                };
                let content = kept.filter(same).unwrap_or_else(|| Arc::new(content.clone()));
                (key.clone(), content)
            })
            .collect()
    }

    /// Shows the problems of a failed build over the last good output.
    pub(crate) fn fail(&self, diagnostics: &[Diagnostic]) {
        let problems: Arc<Vec<Problem>> = Arc::new(diagnostics.iter().map(Problem::from).collect());
        self.snapshot.write().unwrap_or_else(|e| e.into_inner()).problems = Some(problems.clone());
        let _ = self.events.send(Message::Failed(problems));
    }

    /// Shows the last build's warnings in the pages' panel.
    pub(crate) fn set_findings(&self, warnings: &[Diagnostic]) {
        let findings: Arc<Vec<Problem>> = Arc::new(warnings.iter().map(Problem::from).collect());
        self.snapshot.write().unwrap_or_else(|e| e.into_inner()).findings = findings.clone();
        let _ = self.events.send(Message::Findings(findings));
    }

    /// Shows the last build's content inventory at `/__dermapress/`.
    pub(crate) fn set_inventory(&self, inv: &crate::status::Inventory) {
        let page = Arc::new(inventory::page(inv));
        *self.inventory.write().unwrap_or_else(|e| e.into_inner()) = page;
    }

    /// Ends every open event stream, so that the server can stop.
    pub(crate) fn shut_down(&self) {
        let _ = self.events.send(Message::Shutdown);
    }

    fn current(&self) -> Snapshot {
        let s = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        Snapshot {
            build: s.build,
            output: s.output.clone(),
            problems: s.problems.clone(),
            findings: s.findings.clone(),
        }
    }
}

/// A running server; `stop` ends it and waits until it has.
pub(crate) struct Server {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) addr: SocketAddr,
    preview: Arc<Preview>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    pub(crate) fn stop(mut self) -> std::io::Result<()> {
        self.stop_inner()
    }

    fn stop_inner(&mut self) -> std::io::Result<()> {
        self.preview.shut_down();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the server thread failed"))),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop_inner();
    }
}

/// Serves `preview` on `listener` from a thread of its own.
pub(crate) fn spawn(listener: std::net::TcpListener, preview: Arc<Preview>) -> std::io::Result<Server> {
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = preview.clone();
    let thread = std::thread::Builder::new()
        .name("dermapress preview".to_string())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let app = Router::new().fallback(handle).with_state(state);
                connections::serve(listener, app, stopped).await
            })
        })?;
    Ok(Server {
        addr,
        preview,
        stop: Some(stop),
        thread: Some(thread),
    })
}

async fn handle(State(preview): State<Arc<Preview>>, req: Request) -> Response {
    let hosts: Vec<&HeaderValue> = req.headers().get_all(header::HOST).iter().collect();
    if hosts.len() > 1 {
        return plain(StatusCode::BAD_REQUEST, "a request may name only one Host\n");
    }
    let host = hosts
        .first()
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if !host.is_some_and(|h| preview.hosts.allows(h)) {
        return plain(
            StatusCode::FORBIDDEN,
            "this preview answers only to localhost and the address it is bound to\n",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "the preview only serves pages\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    match req.uri().path() {
        EVENTS_PATH => events(&preview).into_response(),
        SCRIPT_PATH => with_type(StatusCode::OK, "text/javascript; charset=utf-8", SCRIPT.into()),
        inventory::PATH | "/__dermapress" => inventory_page(&preview),
        path => {
            if in_search_index(path) {
                wait_for_search(&preview).await;
            }
            file(&preview, path)
        }
    }
}

/// Whether `path` is in a search index's folder (`/pagefind/...`, or
/// `/es/pagefind/...` for another language's).
fn in_search_index(path: &str) -> bool {
    let folder = crate::site_files::SEARCH_INDEX.folder;
    let path = path.trim_start_matches('/');
    path.starts_with(folder) || path.split_once('/').is_some_and(|(_, rest)| rest.starts_with(folder))
}

/// Waits until the search index being made is there. A minute at most: a
/// slow index must not hang the page for ever (it then gets the last one).
async fn wait_for_search(preview: &Preview) {
    let mut held = preview.search_held.subscribe();
    let ready = held.wait_for(|held| !held);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(60), ready).await;
}

/// The inventory page, with the live-reload script so that it follows saves.
fn inventory_page(preview: &Preview) -> Response {
    let page = preview.inventory.read().unwrap_or_else(|e| e.into_inner()).clone();
    match &*page {
        Ok(html) => with_type(
            StatusCode::OK,
            "text/html; charset=utf-8",
            inject_reload(html.as_bytes(), preview.current().build).into(),
        ),
        Err(why) => with_type(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain; charset=utf-8",
            format!("the content inventory is not available: {why}\n").into(),
        ),
    }
}

fn file(preview: &Preview, path: &str) -> Response {
    let key = match output_key(path) {
        Ok(key) => key,
        Err(_) => return plain(StatusCode::BAD_REQUEST, "this address cannot name a file of the site\n"),
    };
    let Snapshot { build, output, .. } = preview.current();
    let Some(output) = output else {
        let page = inject_reload(WAITING.as_bytes(), build);
        return with_type(StatusCode::SERVICE_UNAVAILABLE, "text/html; charset=utf-8", page.into());
    };
    if let Some(content) = output.get(&key) {
        return serve_content(&key, content, build, StatusCode::OK);
    }
    let as_folder = format!("{key}/index.html");
    if !key.ends_with("index.html") && output.contains_key(&as_folder) {
        let mut r = plain(StatusCode::PERMANENT_REDIRECT, "");
        if let Ok(location) = HeaderValue::from_str(&format!("{}/", path.trim_end_matches('/'))) {
            r.headers_mut().insert(header::LOCATION, location);
        }
        return r;
    }
    match output.get("404.html") {
        Some(content) => serve_content("404.html", content, build, StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "no page of the site has this address\n"),
    }
}

fn serve_content(key: &str, content: &Content, build: u64, status: StatusCode) -> Response {
    let bytes = match content {
        Content::Bytes(b) => b.clone(),
        Content::Copy(source) => match std::fs::read(source) {
            Ok(b) => b,
            // Deleted since the last build: the next rebuild drops it.
            Err(_) => return plain(StatusCode::NOT_FOUND, "this file was removed\n"),
        },
    };
    let kind = content_type(key);
    let bytes = if kind.starts_with("text/html") {
        inject_reload(&bytes, build)
    } else {
        bytes
    };
    with_type(status, kind, bytes.into())
}

fn with_type(status: StatusCode, kind: &'static str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // The preview changes on every save: browsers must never reuse an old copy.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    with_type(status, "text/plain; charset=utf-8", text.into())
}

/// The event stream of one open page: first where things stand, then every
/// message until the server stops.
fn events(preview: &Preview) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let Snapshot {
        build,
        problems,
        findings,
        ..
    } = preview.current();
    let hello = Event::default().event("hello").data(
        serde_json::json!({ "build": build, "problems": problems.as_deref(), "findings": findings.as_slice() })
            .to_string(),
    );
    let updates = BroadcastStream::new(preview.events.subscribe()).map_while(|m| match m {
        Ok(Message::Shutdown) => None,
        Ok(m) => Some(event(m)),
        // Fell behind: whatever was missed, a reload shows the present.
        Err(_) => Some(Event::default().event("reload").data("{}")),
    });
    let stream = tokio_stream::once(hello).chain(updates).map(Ok);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn event(m: Message) -> Event {
    let (name, data) = match m {
        Message::Reload(b) => ("reload", serde_json::json!({ "build": b })),
        Message::Css(b) => ("css", serde_json::json!({ "build": b })),
        Message::Fixed(b) => ("fixed", serde_json::json!({ "build": b })),
        Message::Failed(p) => ("failed", serde_json::json!({ "problems": p.as_slice() })),
        Message::Findings(f) => ("findings", serde_json::json!({ "findings": f.as_slice() })),
        Message::Shutdown => ("bye", serde_json::json!({})),
    };
    Event::default().event(name).data(data.to_string())
}

#[cfg(test)]
mod tests;
