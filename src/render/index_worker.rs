//! `watch`'s search index, made on a thread of its own, so that a save does
//! not wait for the index of the save before it.
//!
//! pagefind makes every file of an index again whenever one page changes,
//! which on a site of thousands of pages takes seconds. The preview reloads
//! before that (see `indexing`); with the index made here, the next save is
//! rebuilt and reloaded at once too. Each render that changes the index
//! sends a `Job`: the pages to add again, in order, or all of them for a new
//! index. The jobs are done in the order sent, so the index ends as a full
//! build's would be; jobs that came while one was being done are all added
//! before the files are made once, for the last of them. Only the files of
//! the last job sent are handed back (`latest`): earlier ones are already
//! out of date.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::search::SearchIndex;
use crate::diagnostics::Diagnostic;

/// Called on the worker's thread when it has finished files to hand back
/// (`watch` wakes its loop with it).
pub(crate) type Wake = Arc<dyn Fn() + Send + Sync>;

/// A page handed to the index: its language, URL and rendered HTML.
pub(crate) struct JobPage {
    pub(crate) language: String,
    pub(crate) url: String,
    pub(crate) html: String,
}

/// What one render changes in the index.
pub(crate) struct Job {
    /// Start a new index with these pages rather than update the last one.
    pub(crate) new: bool,
    pub(crate) default_language: String,
    pub(crate) pages: Vec<JobPage>,
}

/// An index's files (output path and bytes), or why it could not be made.
pub(crate) type IndexFiles = Result<Vec<(String, Vec<u8>)>, Diagnostic>;

/// The index's files after the jobs up to `number`.
struct Finished {
    number: u64,
    files: IndexFiles,
}

/// The thread that owns the index, and the way to it.
pub(crate) struct Worker {
    jobs: Sender<(u64, Job)>,
    finished: Receiver<Finished>,
    /// The number of the last job sent.
    sent: u64,
    /// Jobs numbered below this were sent for an output since given up
    /// (`forget`): their files are not wanted.
    wanted_from: u64,
    /// Which worker of the process this is: its threads are named for it.
    #[cfg(test)]
    serial: u64,
}

/// Workers started so far: each names its threads `search{n}` and
/// `search{n}.{i}` (Linux keeps 15 bytes of a name), so that one worker's
/// threads can be told from another's.
static STARTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Worker {
    pub(crate) fn start(wake: Option<Wake>) -> Result<Worker, Diagnostic> {
        let (jobs, inbox) = channel();
        let (done, finished) = channel();
        let serial = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        std::thread::Builder::new()
            .name(format!("search{serial}"))
            .spawn(move || run(serial, &inbox, &done, wake.as_deref()))
            .map_err(|e| super::search::failed(&format!("no thread could be started for it: {e}")))?;
        Ok(Worker {
            jobs,
            finished,
            sent: 0,
            wanted_from: 1,
            #[cfg(test)]
            serial,
        })
    }

    /// Queues `job` after the ones sent before.
    pub(crate) fn send(&mut self, job: Job) -> Result<(), Diagnostic> {
        self.sent += 1;
        self.jobs
            .send((self.sent, job))
            .map_err(|_| super::search::failed("the thread making it stopped"))
    }

    /// Whether files are still to come for the last job sent.
    pub(crate) fn busy(&self) -> bool {
        self.sent >= self.wanted_from
    }

    /// The files of the last job sent, if they are ready (once).
    pub(crate) fn latest(&mut self) -> Option<IndexFiles> {
        let mut latest = None;
        while let Ok(finished) = self.finished.try_recv() {
            latest = Some(finished);
        }
        self.take_if_last(latest?)
    }

    /// Waits for the files of the last job sent (None when none is awaited).
    #[cfg(test)]
    pub(crate) fn wait(&mut self) -> Option<IndexFiles> {
        while self.busy() {
            let Ok(finished) = self.finished.recv() else {
                self.wanted_from = self.sent + 1;
                return Some(Err(super::search::failed("the thread making it stopped")));
            };
            if let Some(files) = self.take_if_last(finished) {
                return Some(files);
            }
        }
        None
    }

    /// The output the jobs sent so far were for is given up: their files
    /// are not wanted. The next job must start a new index.
    pub(crate) fn forget(&mut self) {
        self.wanted_from = self.sent + 1;
    }

    fn take_if_last(&mut self, finished: Finished) -> Option<IndexFiles> {
        if finished.number != self.sent || finished.number < self.wanted_from {
            return None;
        }
        self.wanted_from = self.sent + 1;
        Some(finished.files)
    }
}

/// The worker's loop: until the `Worker` is dropped.
fn run(serial: u64, inbox: &Receiver<(u64, Job)>, done: &Sender<Finished>, wake: Option<&(dyn Fn() + Send + Sync)>) {
    // pagefind makes the files on rayon's threads: on the process's own
    // pool they would queue with the next save's render. Lowered first, so
    // that the pool's threads start with this thread's priority rather
    // than at the normal one until their start handler has run.
    lower_priority();
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(move |i| format!("search{serial}.{i}"))
        .start_handler(|_| lower_priority())
        .build();
    let mut index = Index::default();
    while let Ok((mut number, job)) = inbox.recv() {
        let mut jobs = vec![job];
        // Jobs that came meanwhile are added before the files are made.
        while !jobs.is_empty() {
            let batch = std::mem::take(&mut jobs);
            in_pool(&pool, || batch.into_iter().for_each(|job| index.apply(job)));
            while let Ok((next, job)) = inbox.try_recv() {
                number = next;
                jobs.push(job);
            }
        }
        let files = in_pool(&pool, || index.files());
        if done.send(Finished { number, files }).is_err() {
            return;
        }
        if let Some(wake) = wake {
            wake();
        }
    }
}

fn in_pool<T: Send>(
    pool: &Result<rayon::ThreadPool, rayon::ThreadPoolBuildError>,
    work: impl FnOnce() -> T + Send,
) -> T {
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Making the index is background work: a save being rebuilt meanwhile
/// comes first. Threads started from this one (pagefind's) inherit it.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: get- and setpriority take no pointers; with `who` 0 they read
    // and set the nice value of the calling thread only (a per-thread
    // attribute on Linux). A process already nicer than this stays so.
    unsafe {
        if libc::getpriority(libc::PRIO_PROCESS, 0) < BACKGROUND_NICE {
            libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE);
        }
    }
}

/// The nice value of the index's threads: a tenth of a normal thread's
/// share of a busy processor, and all of an idle one.
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: libc::c_int = 10;

/// The index as the jobs done so far left it.
#[derive(Default)]
struct Index {
    index: Option<SearchIndex>,
    /// Why the last index could not be made: until a job starts a new one.
    failed: Option<Diagnostic>,
}

impl Index {
    fn apply(&mut self, job: Job) {
        if job.new {
            self.failed = None;
            self.index = None;
            match SearchIndex::new(&job.default_language) {
                Ok(index) => self.index = Some(index),
                Err(d) => self.failed = Some(d),
            }
        }
        if self.failed.is_some() {
            return;
        }
        let Some(index) = self.index.as_mut() else {
            self.failed = Some(super::search::failed("an update came before the index it updates"));
            return;
        };
        for page in job.pages {
            if let Err(d) = index.add(&page.language, &page.url, page.html) {
                self.failed = Some(d);
                return;
            }
        }
    }

    fn files(&mut self) -> IndexFiles {
        if let Some(d) = &self.failed {
            return Err(d.clone());
        }
        match self.index.as_mut() {
            Some(index) => index.files(),
            None => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, word: &str) -> JobPage {
        JobPage {
            language: "en".to_string(),
            url: url.to_string(),
            html: format!(
                "<!doctype html><html lang=\"en\"><body><main data-pagefind-body><h1>{word}</h1><p>{word} words</p></main></body></html>"
            ),
        }
    }

    fn job(new: bool, pages: Vec<JobPage>) -> Job {
        Job {
            new,
            default_language: "en".to_string(),
            pages,
        }
    }

    /// The index of `pages` made at once on this thread.
    fn made_at_once(pages: Vec<JobPage>) -> Vec<(String, Vec<u8>)> {
        let mut index = Index::default();
        index.apply(job(true, pages));
        index.files().expect("an index")
    }

    #[test]
    fn jobs_sent_together_end_as_the_index_made_at_once() {
        let mut worker = Worker::start(None).expect("a worker");
        worker
            .send(job(true, vec![page("/a/", "alpha"), page("/b/", "beta")]))
            .expect("sent");
        worker.send(job(false, vec![page("/b/", "gamma")])).expect("sent");
        worker.send(job(false, vec![page("/a/", "delta")])).expect("sent");
        let files = worker.wait().expect("files for the last job").expect("no error");
        assert_eq!(files, made_at_once(vec![page("/a/", "delta"), page("/b/", "gamma")]));
        assert!(!worker.busy());
        assert!(worker.wait().is_none(), "nothing more is awaited");
    }

    #[test]
    fn only_the_last_jobs_files_are_handed_back() {
        let mut worker = Worker::start(None).expect("a worker");
        worker.send(job(true, vec![page("/a/", "alpha")])).expect("sent");
        let first = worker.wait().expect("files").expect("no error");
        worker.send(job(false, vec![page("/a/", "beta")])).expect("sent");
        worker.send(job(false, vec![page("/a/", "gamma")])).expect("sent");
        let last = worker.wait().expect("files").expect("no error");
        assert_ne!(first, last);
        assert_eq!(last, made_at_once(vec![page("/a/", "gamma")]));
        // Whatever the thread finished in between was dropped, not kept for later.
        assert!(worker.latest().is_none());
    }

    #[test]
    fn the_files_of_a_forgotten_output_are_not_handed_back() {
        let mut worker = Worker::start(None).expect("a worker");
        worker.send(job(true, vec![page("/a/", "alpha")])).expect("sent");
        worker.forget();
        assert!(!worker.busy());
        assert!(worker.wait().is_none());
        worker.send(job(true, vec![page("/b/", "beta")])).expect("sent");
        let files = worker.wait().expect("files").expect("no error");
        assert_eq!(files, made_at_once(vec![page("/b/", "beta")]));
    }

    #[test]
    fn an_update_without_an_index_is_an_error_until_a_new_index() {
        let mut worker = Worker::start(None).expect("a worker");
        worker.send(job(false, vec![page("/a/", "alpha")])).expect("sent");
        let failed = worker.wait().expect("an answer").expect_err("no index to update");
        assert!(
            failed.message.contains("the search index could not be built"),
            "{failed}"
        );
        worker.send(job(false, vec![page("/a/", "beta")])).expect("sent");
        assert!(worker.wait().expect("an answer").is_err(), "still no index");
        worker.send(job(true, vec![page("/a/", "gamma")])).expect("sent");
        assert!(worker.wait().expect("an answer").is_ok());
    }

    /// The nice value of each thread of `worker` (other tests run workers of
    /// their own at the same time, in the same process).
    #[cfg(target_os = "linux")]
    fn nice_of_threads(worker: &Worker) -> Vec<i64> {
        let name = format!("search{}", worker.serial);
        let mut nice = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").expect("/proc").flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            let comm = comm.trim_end();
            if comm != name
                && !comm
                    .strip_prefix(name.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
            {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // After the name in parentheses: state is field 3, nice field 19.
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or("", |(_, r)| r)
                .split_whitespace()
                .collect();
            nice.push(fields.get(16).and_then(|n| n.parse().ok()).expect("a nice value"));
        }
        nice
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_index_is_made_on_threads_that_give_way_to_a_rebuild() {
        let mut worker = Worker::start(None).expect("a worker");
        worker.send(job(true, vec![page("/a/", "alpha")])).expect("sent");
        worker.wait().expect("files").expect("no error");
        let nice = nice_of_threads(&worker);
        // SAFETY: as in `lower_priority`.
        let own = i64::from(unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) });
        let expected = own.max(i64::from(BACKGROUND_NICE));
        assert!(nice.len() >= 2, "the worker and its pool: {nice:?}");
        assert!(nice.iter().all(|n| *n == expected), "{nice:?}, expected {expected}");
    }
}
