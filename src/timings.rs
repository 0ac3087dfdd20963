//! Where a run's time goes, stage by stage, for `DERMAPRESS_TIMINGS=1`
//! (the benchmarks use it; `report::timings` words the table). Off, each
//! call costs one load of a flag. It only measures: nothing here changes
//! what a build does.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The stages in the order of the pipeline; a stage not listed here is
/// never recorded. `render each` and `write each` add up the time of every page's
/// template and file; `render` is the wall time of rendering, which in
/// `build` includes writing the pages; `write` is preparing the output
/// folder, writing the other files and the swap.
pub const STAGES: &[&str] = &[
    "config",
    "read",
    "parse",
    "resolve",
    "check",
    "cards",
    "images",
    "render",
    "render each",
    "write each",
    "search pages",
    "search files",
    "search index",
    "search gzip",
    "write",
];

/// Milliseconds and calls per stage, in `STAGES` order.
static TIMES: Mutex<[(Duration, usize); STAGES.len()]> = Mutex::new([(Duration::ZERO, 0); STAGES.len()]);

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DERMAPRESS_TIMINGS").is_some_and(|v| v != "0" && !v.is_empty()))
}

/// Runs `work`, adding its time to `stage`. Called once for a stage that
/// runs alone, or once per file from many threads, whose times then add up
/// (and can exceed the wall time of the stage).
pub(crate) fn time<T>(stage: &'static str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let started = Instant::now();
    let value = work();
    add(stage, started.elapsed());
    value
}

fn add(stage: &str, took: Duration) {
    let Some(i) = STAGES.iter().position(|s| *s == stage) else {
        return;
    };
    if let Ok(mut times) = TIMES.lock() {
        times[i].0 += took;
        times[i].1 += 1;
    }
}

/// Every recorded stage with its total time and number of calls, or None
/// when timings are off.
pub fn recorded() -> Option<Vec<(&'static str, Duration, usize)>> {
    if !enabled() {
        return None;
    }
    let times = TIMES.lock().ok()?;
    Some(
        STAGES
            .iter()
            .zip(times.iter())
            .filter(|(_, (_, calls))| *calls > 0)
            .map(|(stage, (took, calls))| (*stage, *took, *calls))
            .collect(),
    )
}
