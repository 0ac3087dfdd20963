//! The thread pool for work that mostly waits on the file system.

use std::sync::OnceLock;

/// Runs `work` (and the parallel iterators inside it) on more threads than
/// there are cores: 4 per core, 4 to 16. Reading sources and writing the
/// output mostly wait on the disk, and with a cold cache many requests in
/// flight at once finish much sooner than the same requests a core at a time;
/// with a warm cache the extra threads cost nothing measurable. The pool is
/// made once, on first use, and kept for the next rebuild of `watch`.
pub(crate) fn for_io<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads((cores * 4).clamp(4, 16))
            .thread_name(|i| format!("dermapress-io-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}
