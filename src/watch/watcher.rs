//! The file watcher: native events through `notify-debouncer-full`, or
//! polling where native events cannot be had (or with `--poll`), turned into
//! one `ChangeSet` per burst of saves.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache};

use super::changes::{ChangeSet, SOURCE_FOLDERS};
use super::{refused, WatchError};

/// How long a path must be quiet before its events are handed on. Editors'
/// saves come as bursts within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// Batches that follow each other this closely are one change.
const QUIET: Duration = Duration::from_millis(6);
/// A change that never goes quiet is still built after this long.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// How often the polling fallback looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// What the watch loop waits for.
pub(super) enum Signal {
    Events(DebounceEventResult),
    Stop,
}

pub(super) fn stop_on_ctrl_c(signals: Sender<Signal>) {
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
pub(super) fn next_changes(inbox: &Receiver<Signal>, root: &Path, watcher: &mut Watcher) -> Option<ChangeSet> {
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

/// The file watcher: native events, or polling where they cannot be had.
pub(super) struct Watcher {
    backend: Backend,
    polling: bool,
    watched: HashSet<PathBuf>,
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    pub(super) fn start(root: &Path, poll: bool, signals: Sender<Signal>) -> Result<Watcher, WatchError> {
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
    use std::sync::mpsc;

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
}
