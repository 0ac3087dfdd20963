//! `dermapress watch`: build, serve the preview from memory, and rebuild on
//! every change under `content/`, `themes/`, `templates/`, `static/` and
//! `site.yaml`, until Ctrl-C.
//!
//! Events come from `notify` through `notify-debouncer-full` (polling where
//! native events cannot be had, or with `--poll`); bursts of them are merged
//! into one rebuild. A failed build never stops anything: its diagnostics go
//! to the terminal and to the open pages, and the preview keeps showing the
//! last good build. Without `--no-serve` nothing is ever written to `public/`.

pub mod changes;
pub mod rebuild;

use std::collections::HashSet;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache};

use crate::diagnostics::Diagnostic;
use crate::load::LoadOptions;
use crate::report::counted;
use crate::serve::{self, request::AllowedHosts, Change, Preview};
use changes::{ChangeSet, SOURCE_FOLDERS};
use rebuild::{Rebuilder, Rebuilt};

/// How long a path must be quiet before its events are handed on. Editors'
/// saves come as bursts within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// Batches that follow each other this closely are one change.
const QUIET: Duration = Duration::from_millis(6);
/// A change that never goes quiet is still built after this long.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// How often the polling fallback looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(250);
/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 20;

#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Only rebuild `public/`, with no preview server.
    pub no_serve: bool,
    /// Look at the files every 250 ms instead of waiting for the system's events.
    pub poll: bool,
}

/// Why watch could not start: the command was used wrongly or the machine
/// refused (exit code 2).
#[derive(Debug)]
pub struct WatchError {
    pub message: String,
    pub help: String,
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> WatchError {
    WatchError {
        message: message.into(),
        help: help.into(),
    }
}

/// What the watch loop waits for.
enum Signal {
    Events(DebounceEventResult),
    Stop,
}

/// Runs until Ctrl-C.
pub fn run(options: &WatchOptions) -> Result<(), WatchError> {
    let root = options.root.canonicalize().map_err(|e| {
        refused(
            format!("cannot open the site folder {}: {e}", options.root.display()),
            "pass the site's folder with --root DIR",
        )
    })?;
    let (signals, inbox) = mpsc::channel();
    stop_on_ctrl_c(signals.clone());
    let mut watcher = Watcher::start(&root, options.poll, signals)?;

    let public = root.join("public");
    let mut target = Target::Files(public.clone());
    let mut load = LoadOptions {
        drafts: options.drafts,
        ..LoadOptions::default()
    };
    let mut server = None;
    if !options.no_serve {
        let listener = listen(options.bind, options.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| refused(e.to_string(), "try another --port"))?;
        if !options.bind.is_loopback() {
            println!(
                "warning: serving on {} lets other machines on your network see the preview",
                options.bind
            );
        }
        load.base_url = Some(preview_origin(addr));
        let preview = Preview::new(AllowedHosts::new(options.bind));
        target = Target::Preview(preview.clone());
        server = Some((listener, preview));
    } else if let Some(reason) = crate::output::refuse_output(&root, &public) {
        return Err(refused(
            format!("refusing to write to {}: {reason}", public.display()),
            "move the folder out of the way",
        ));
    }

    let mut session = Session::new(&root, load, target);
    session.build(&ChangeSet::default(), true);
    let server = match server {
        Some((listener, preview)) => {
            let addr = listener.local_addr().ok();
            let s = serve::spawn(listener, preview)
                .map_err(|e| refused(format!("cannot start the preview server: {e}"), "try another --port"))?;
            if let Some(addr) = addr {
                println!("serving the preview on {}/ (Ctrl-C to stop)", preview_origin(addr));
            }
            Some(s)
        }
        None => {
            println!("watching for changes; rebuilding public/ (Ctrl-C to stop)");
            None
        }
    };

    while let Some(changes) = next_changes(&inbox, &root, &mut watcher) {
        session.build(&changes, false);
    }
    if let Some(s) = server {
        let _ = s.stop();
    }
    println!("stopped");
    Ok(())
}

/// The preview's own address as a base URL: `http://127.0.0.1:1111`.
pub fn preview_origin(addr: SocketAddr) -> String {
    let ip = addr.ip();
    let shown = if ip.is_unspecified() || ip.is_loopback() {
        match ip {
            IpAddr::V4(_) => "127.0.0.1".to_string(),
            IpAddr::V6(_) => "[::1]".to_string(),
        }
    } else {
        match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        }
    };
    format!("http://{shown}:{}", addr.port())
}

/// Binds the port, or the next free one after it when it is taken (saying so).
fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, WatchError> {
    let mut tried = port;
    loop {
        match TcpListener::bind((bind, tried)) {
            Ok(l) => {
                if tried != port {
                    println!("port {port} is in use, so the preview is on port {tried} (choose one with --port)");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse && port != 0 && tried < port.saturating_add(PORT_TRIES) => {
                tried += 1;
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => {
                return Err(refused(
                    format!("port {port} and the {PORT_TRIES} after it are in use"),
                    "choose a free port with --port, e.g. --port 8111",
                ))
            }
            Err(e) => {
                return Err(refused(
                    format!("cannot listen on {bind} port {tried}: {e}"),
                    "choose another address with --bind or port with --port",
                ))
            }
        }
    }
}

fn stop_on_ctrl_c(signals: Sender<Signal>) {
    let _ = std::thread::Builder::new().name("ctrl-c".to_string()).spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        if rt.block_on(tokio::signal::ctrl_c()).is_ok() {
            let _ = signals.send(Signal::Stop);
        }
    });
}

/// Waits for the next change to the site, merging bursts; None on Ctrl-C.
fn next_changes(inbox: &Receiver<Signal>, root: &Path, watcher: &mut Watcher) -> Option<ChangeSet> {
    loop {
        let changes = gather(inbox, root, watcher.polling)?;
        watcher.follow_new_folders(root, &changes);
        if !changes.is_empty() {
            return Some(changes);
        }
    }
}

/// The first batch of events and every batch that follows it within
/// `QUIET` (for at most `MAX_WAIT`), as one change; None on Ctrl-C.
fn gather(inbox: &Receiver<Signal>, root: &Path, polling: bool) -> Option<ChangeSet> {
    let mut changes = ChangeSet::default();
    let mut next = Some(inbox.recv().ok()?);
    let started = Instant::now();
    while let Some(signal) = next.take() {
        match signal {
            Signal::Stop => return None,
            Signal::Events(result) => take(&mut changes, root, polling, result),
        }
        if started.elapsed() < MAX_WAIT {
            match inbox.recv_timeout(QUIET) {
                Ok(s) => next = Some(s),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
    Some(changes)
}

fn take(changes: &mut ChangeSet, root: &Path, polling: bool, result: DebounceEventResult) {
    match result {
        Ok(events) => {
            for e in events {
                changes.add(root, &e.event.kind, &e.event.paths, e.event.need_rescan());
            }
        }
        Err(errors) => {
            for e in errors {
                println!("warning: the file watcher reported: {e}");
            }
            // Native events may have been lost: read everything again. (The
            // poller reports files that vanish while it looks; it sees all.)
            changes.rescan |= !polling;
        }
    }
}

/// Where a good build goes.
enum Target {
    Preview(Arc<Preview>),
    Files(PathBuf),
}

/// The rebuild side of the loop: caches, the last output's file list, and
/// the warnings already shown.
struct Session {
    root: PathBuf,
    rebuilder: Rebuilder,
    target: Target,
    last_files: Vec<String>,
    warned: HashSet<String>,
}

impl Session {
    fn new(root: &Path, options: LoadOptions, target: Target) -> Self {
        Session {
            root: root.to_path_buf(),
            rebuilder: Rebuilder::new(root, options),
            target,
            last_files: Vec::new(),
            warned: HashSet::new(),
        }
    }

    fn build(&mut self, changes: &ChangeSet, first: bool) {
        let started = Instant::now();
        let invalidate: Vec<&Path> = if changes.rescan {
            vec![self.root.as_path()]
        } else {
            changes.paths().collect()
        };
        let content = self.root.join("content");
        let invalidate: Vec<PathBuf> = invalidate
            .into_iter()
            .map(|p| {
                if p == self.root {
                    content.clone()
                } else {
                    p.to_path_buf()
                }
            })
            .collect();
        let rebuilt = self.rebuilder.rebuild(invalidate.iter().map(PathBuf::as_path));
        let what = if first {
            "first build".to_string()
        } else {
            format!("{} changed", changes.describe(&self.root))
        };
        self.report(&rebuilt);
        let Some(stats) = rebuilt.stats else {
            let errors: Vec<Diagnostic> = rebuilt.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
            if let Target::Preview(p) = &self.target {
                p.fail(&errors);
            }
            println!(
                "build failed in {} ms: {what}; {} (the preview keeps the last good build)",
                started.elapsed().as_millis(),
                counted(errors.len(), "error")
            );
            return;
        };
        let output = self.rebuilder.output();
        let same_files = self.last_files.iter().eq(output.files.keys());
        if !same_files {
            self.last_files = output.files.keys().cloned().collect();
        }
        let nothing_rendered = stats.changed.is_empty() && same_files && !first;
        let change = if nothing_rendered && changes.only_css() {
            Change::Css
        } else if nothing_rendered && !changes.touches_files() {
            Change::Nothing
        } else {
            Change::Reload
        };
        let errors: Vec<Diagnostic> = rebuilt.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        let written = match &self.target {
            Target::Preview(p) => {
                p.publish(output, Some(&stats.changed), change);
                // Findings that would stop `build` (a claim, say) show over
                // the page just as a broken link does.
                if !errors.is_empty() {
                    p.fail(&errors);
                }
                String::new()
            }
            Target::Files(_) if !errors.is_empty() => {
                format!("; {} found, so public/ was not written", counted(errors.len(), "error"))
            }
            Target::Files(dir) => match crate::output::write(output, dir) {
                Ok(()) => format!(", wrote {}", dir.display()),
                Err(d) => {
                    eprint!("{d}");
                    ", but public/ could not be written".to_string()
                }
            },
        };
        let ms = started.elapsed().as_millis();
        if first {
            println!("built {} in {ms} ms{written}", counted(stats.pages, "page"));
        } else {
            println!(
                "rebuilt in {ms} ms: {what}; re-rendered {} of {}{written}",
                stats.rendered,
                counted(stats.pages, "page"),
            );
        }
    }

    /// Prints errors, and warnings not shown before.
    fn report(&mut self, rebuilt: &Rebuilt) {
        let mut text = String::new();
        for d in &rebuilt.diagnostics {
            let shown = d.to_string();
            if d.is_error() || self.warned.insert(shown.clone()) {
                text.push_str(&shown);
                text.push('\n');
            }
        }
        eprint!("{text}");
    }
}

/// The file watcher: native events, or polling where they cannot be had.
struct Watcher {
    backend: Backend,
    polling: bool,
    watched: HashSet<PathBuf>,
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    fn start(root: &Path, poll: bool, signals: Sender<Signal>) -> Result<Watcher, WatchError> {
        if !poll {
            let tx = signals.clone();
            let native = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                DEBOUNCE,
                None,
                move |r| {
                    let _ = tx.send(Signal::Events(r));
                },
                RecommendedCache::new(),
                notify::Config::default(),
            );
            if let Ok(d) = native {
                let mut w = Watcher {
                    backend: Backend::Native(d),
                    polling: false,
                    watched: HashSet::new(),
                };
                match w.watch_all(root) {
                    Ok(()) => return Ok(w),
                    Err(e) => println!("note: native file events are unavailable ({e}); polling instead"),
                }
            }
        }
        // The poller compares times in whole seconds: contents too, so that
        // two saves within a second are both seen.
        let config = notify::Config::default()
            .with_poll_interval(POLL_EVERY)
            .with_compare_contents(true);
        let d = new_debouncer_opt::<_, PollWatcher, NoCache>(
            DEBOUNCE,
            None,
            move |r| {
                let _ = signals.send(Signal::Events(r));
            },
            NoCache,
            config,
        )
        .map_err(|e| {
            refused(
                format!("cannot watch the site's files: {e}"),
                "check the folder's permissions",
            )
        })?;
        let mut w = Watcher {
            backend: Backend::Poll(d),
            polling: true,
            watched: HashSet::new(),
        };
        w.watch_all(root).map_err(|e| {
            refused(
                format!("cannot watch the site's files: {e}"),
                "check the folder's permissions",
            )
        })?;
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match &mut self.backend {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        };
    }

    /// The root itself (for site.yaml and new source folders) but not all of
    /// it: a site folder may also hold `public/`, `.git` or a build folder.
    fn watch_all(&mut self, root: &Path) -> notify::Result<()> {
        self.watch(root, RecursiveMode::NonRecursive)?;
        for folder in SOURCE_FOLDERS {
            let dir = root.join(folder);
            if dir.is_dir() {
                self.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }

    /// Watches source folders created (or replaced) since the last look.
    fn follow_new_folders(&mut self, root: &Path, changes: &ChangeSet) {
        for folder in SOURCE_FOLDERS {
            let dir = root.join(folder);
            let replaced = changes.rescan || changes.paths().any(|p| p == dir);
            if replaced && self.watched.remove(&dir) {
                self.unwatch(&dir);
            }
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => println!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, EventKind, ModifyKind};
    use notify::Event;
    use notify_debouncer_full::DebouncedEvent;

    fn batch(kind: EventKind, path: PathBuf) -> Signal {
        Signal::Events(Ok(vec![DebouncedEvent::new(
            Event::new(kind).add_path(path),
            Instant::now(),
        )]))
    }

    #[test]
    fn a_burst_of_batches_is_one_change() {
        let root = Path::new("/site");
        let (tx, rx) = mpsc::channel();
        for n in 0..300 {
            let path = root.join(format!("content/burst/p{}.md", n % 150));
            let kind = if n < 150 {
                EventKind::Create(CreateKind::File)
            } else {
                EventKind::Modify(ModifyKind::Data(DataChange::Content))
            };
            tx.send(batch(kind, path)).unwrap();
        }
        tx.send(batch(EventKind::Any, root.join("public/index.html"))).unwrap();
        let changes = gather(&rx, root, false).expect("a change");
        assert_eq!(changes.paths().count(), 150, "one entry per file, public/ left out");
        assert!(!changes.rescan);
        tx.send(Signal::Stop).unwrap();
        assert!(gather(&rx, root, false).is_none(), "Ctrl-C ends the wait");
    }

    #[test]
    fn lost_native_events_mean_a_rescan() {
        let (tx, rx) = mpsc::channel();
        tx.send(Signal::Events(Err(vec![notify::Error::generic("queue overflow")])))
            .unwrap();
        assert!(gather(&rx, Path::new("/site"), false).unwrap().rescan);
    }

    #[test]
    fn the_preview_names_itself_by_a_loopback_address() {
        let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(preview_origin(addr("127.0.0.1:1111")), "http://127.0.0.1:1111");
        assert_eq!(preview_origin(addr("0.0.0.0:1111")), "http://127.0.0.1:1111");
        assert_eq!(preview_origin(addr("[::1]:8000")), "http://[::1]:8000");
        assert_eq!(preview_origin(addr("192.168.1.5:1111")), "http://192.168.1.5:1111");
    }
}
