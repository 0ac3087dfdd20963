//! The file watcher: native events through `notify-debouncer-full`, or
//! polling where native events cannot be had (or with `--poll`), turned into
//! one `ChangeSet` per burst of saves.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};

use super::changes::{ChangeSet, SOURCE_FOLDERS};
use super::{refused, WatchError};

/// Native events come as each write happens: a save is a burst of them.
/// The burst is over when nothing has come for this long and every file
/// written in it has been closed.
const QUIET: Duration = Duration::from_millis(2);
/// How long to wait for more when a file was moved or deleted away: an
/// editor's safe save moves the old file aside and then writes the new one.
const QUIET_AFTER_REMOVAL: Duration = Duration::from_millis(10);
/// How long to wait for more while a file written is still open (a large
/// file being copied in, say). Only Linux's inotify says when a file is
/// closed; elsewhere a write is followed by this wait every time, so it is
/// the debounce a save always had there.
const QUIET_WHILE_OPEN: Duration = if cfg!(target_os = "linux") {
    Duration::from_millis(50)
} else {
    Duration::from_millis(10)
};
/// A change that never goes quiet is still built after this long.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// How long a polled path must be quiet before its changes are handed on.
const POLL_DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the polling fallback looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// What the watch loop waits for.
pub(super) enum Signal {
    Events(Result<Vec<Event>, Vec<notify::Error>>),
    /// Files dermapress itself finished writing (processed images).
    Ready(Vec<PathBuf>),
    /// The search index's thread has files for the preview.
    Search,
    Stop,
}

impl Signal {
    fn debounced(result: DebounceEventResult) -> Signal {
        Signal::Events(result.map(|events| events.into_iter().map(|e| e.event).collect()))
    }
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

/// Where the files of a burst of events stand: written and not yet closed,
/// or moved or deleted away.
#[derive(Default)]
struct Burst {
    open: HashSet<PathBuf>,
    removed: bool,
}

impl Burst {
    fn see(&mut self, event: &Event) {
        match event.kind {
            EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
                self.open.extend(event.paths.iter().cloned());
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &event.paths {
                    self.open.remove(p);
                }
            }
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From | RenameMode::Both)) => {
                self.removed = true;
            }
            _ => {}
        }
    }

    /// How long to wait for the burst's next event before building.
    fn quiet(&self) -> Duration {
        if !self.open.is_empty() {
            QUIET_WHILE_OPEN
        } else if self.removed {
            QUIET_AFTER_REMOVAL
        } else {
            QUIET
        }
    }
}

/// The first batch of events and every batch that follows it within the
/// burst's quiet time (for at most `MAX_WAIT`), as one change; None on Ctrl-C.
fn gather(inbox: &Receiver<Signal>, root: &Path, polling: bool) -> Option<ChangeSet> {
    let mut changes = ChangeSet::default();
    let mut burst = Burst::default();
    let mut next = Some(inbox.recv().ok()?);
    let started = Instant::now();
    while let Some(signal) = next.take() {
        match signal {
            Signal::Stop => return None,
            Signal::Ready(paths) => {
                let kind = EventKind::Modify(ModifyKind::Any);
                changes.add(root, &kind, &paths, false);
            }
            Signal::Search => changes.search_ready = true,
            Signal::Events(result) => {
                if let Ok(events) = &result {
                    events.iter().for_each(|e| burst.see(e));
                }
                take(&mut changes, root, polling, result);
            }
        }
        // The poller hands on only what has been quiet for its debounce.
        let quiet = if polling { QUIET } else { burst.quiet() };
        if started.elapsed() < MAX_WAIT {
            match inbox.recv_timeout(quiet.min(MAX_WAIT.saturating_sub(started.elapsed()))) {
                Ok(s) => next = Some(s),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
    Some(changes)
}

fn take(changes: &mut ChangeSet, root: &Path, polling: bool, result: Result<Vec<Event>, Vec<notify::Error>>) {
    match result {
        Ok(events) => {
            for e in events {
                changes.add(root, &e.kind, &e.paths, e.need_rescan());
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
    Native(RecommendedWatcher),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    pub(super) fn start(root: &Path, poll: bool, signals: Sender<Signal>) -> Result<Watcher, WatchError> {
        if !poll {
            let tx = signals.clone();
            let native = RecommendedWatcher::new(
                move |r: notify::Result<Event>| {
                    let _ = tx.send(Signal::Events(r.map(|e| vec![e]).map_err(|e| vec![e])));
                },
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
            POLL_DEBOUNCE,
            None,
            move |r| {
                let _ = signals.send(Signal::debounced(r));
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
    use notify::event::{CreateKind, DataChange, EventKind, ModifyKind, RemoveKind};
    use notify::Event;
    use std::sync::mpsc;

    fn event(kind: EventKind, path: &Path) -> Event {
        Event::new(kind).add_path(path.to_path_buf())
    }

    fn batch(kind: EventKind, path: PathBuf) -> Signal {
        Signal::Events(Ok(vec![event(kind, &path)]))
    }

    const WRITTEN: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSED: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

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
    fn a_save_is_over_when_its_file_is_closed() {
        let page = Path::new("/site/content/a.md");
        let mut burst = Burst::default();
        assert_eq!(burst.quiet(), QUIET);
        burst.see(&event(WRITTEN, page));
        assert_eq!(burst.quiet(), QUIET_WHILE_OPEN, "still being written");
        burst.see(&event(EventKind::Access(AccessKind::Open(AccessMode::Any)), page));
        burst.see(&event(CLOSED, page));
        assert_eq!(burst.quiet(), QUIET, "closed: build at once");
        burst.see(&event(
            EventKind::Create(CreateKind::Folder),
            Path::new("/site/content/new"),
        ));
        assert_eq!(burst.quiet(), QUIET, "a folder is never closed, nor waited for");
    }

    #[test]
    fn a_file_moved_or_deleted_away_waits_for_its_replacement() {
        let page = Path::new("/site/content/a.md");
        let mut burst = Burst::default();
        let aside = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        burst.see(&event(aside, page));
        assert_eq!(burst.quiet(), QUIET_AFTER_REMOVAL);
        let mut burst = Burst::default();
        burst.see(&event(EventKind::Remove(RemoveKind::File), page));
        assert_eq!(burst.quiet(), QUIET_AFTER_REMOVAL);
    }

    #[test]
    fn an_editors_safe_save_is_one_change() {
        // Moved aside, written anew, the old copy deleted: one change.
        let root = Path::new("/site");
        let page = root.join("content/a.md");
        let backup = root.join("content/a.md~");
        let (tx, rx) = mpsc::channel();
        let both = Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
            .add_path(page.clone())
            .add_path(backup.clone());
        tx.send(Signal::Events(Ok(vec![both]))).unwrap();
        tx.send(batch(EventKind::Create(CreateKind::File), page.clone()))
            .unwrap();
        tx.send(batch(WRITTEN, page.clone())).unwrap();
        tx.send(batch(CLOSED, page.clone())).unwrap();
        tx.send(batch(EventKind::Remove(RemoveKind::File), backup)).unwrap();
        let changes = gather(&rx, root, false).expect("a change");
        let paths: Vec<&Path> = changes.paths().collect();
        assert_eq!(paths, [root.join("content/a.md")], "the editor's backup is left out");
        assert!(rx.try_recv().is_err(), "nothing left over for a second build");
    }

    #[test]
    fn lost_native_events_mean_a_rescan() {
        let (tx, rx) = mpsc::channel();
        tx.send(Signal::Events(Err(vec![notify::Error::generic("queue overflow")])))
            .unwrap();
        assert!(gather(&rx, Path::new("/site"), false).unwrap().rescan);
    }

    #[test]
    fn images_made_in_the_background_are_a_change() {
        let (tx, rx) = mpsc::channel();
        tx.send(Signal::Ready(vec![PathBuf::from("/site/content/images/room.jpg")]))
            .unwrap();
        let changes = gather(&rx, Path::new("/site"), false).expect("a change");
        assert_eq!(changes.paths().count(), 1);
    }

    #[test]
    fn a_finished_search_index_is_handed_over_without_a_rebuild() {
        let (tx, rx) = mpsc::channel();
        tx.send(Signal::Search).unwrap();
        let changes = gather(&rx, Path::new("/site"), false).expect("a change");
        assert!(!changes.is_empty(), "the watch loop must not wait on past it");
        assert!(changes.only_search());
        tx.send(Signal::Search).unwrap();
        tx.send(batch(WRITTEN, PathBuf::from("/site/content/risks.md")))
            .unwrap();
        let changes = gather(&rx, Path::new("/site"), false).expect("a change");
        assert!(
            changes.search_ready && !changes.only_search(),
            "a save with it is still built"
        );
    }
}
