//! Site search, against what a Hugo user does today (Hugo, then the
//! pagefind CLI over its output), on the bench's generated site.
//!
//! `cargo bench --bench search` generates the 10,000-page corpus (the same
//! as `compare`), then builds it in turns, run by run, each into an empty
//! folder: dermapress with `search: true`, dermapress with `search: false`,
//! and Hugo followed by `pagefind --site`. It prints the median times, the
//! extra time search adds to a dermapress build (target: at most 30%), the
//! size of both indexes, and the bytes a phone downloads for a first and a
//! second query (pagefind's files as a headless Chromium with a phone's
//! screen fetches them from a server that counts them). Last, it runs
//! `examples/measure_watch` on 1,000 pages with search off and on, for the
//! extra time search adds to a one-page save in `watch` (target: at most
//! 20 ms).
//!
//! Options (after `--`): `--pages 10000` `--runs 3` `--no-watch`.
//! Printed, not asserted: the machine is shared and noisy.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[path = "peers.rs"]
mod peers;

#[path = "corpus.rs"]
mod corpus;

#[allow(dead_code)]
#[path = "../tests/testsuite/support/browser.rs"]
mod browser;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn seconds(cmd: &mut Command) -> Option<f64> {
    let started = Instant::now();
    let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
    if !status.success() {
        eprintln!("command failed: {cmd:?}");
        return None;
    }
    Some(started.elapsed().as_secs_f64())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn fresh(dir: &Path) -> &Path {
    let _ = std::fs::remove_dir_all(dir);
    dir
}

/// The bytes of the files below `dir` that a search loads (pagefind's
/// ready-made interfaces, which the CLI also writes, left out).
fn index_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            ![
                "pagefind-ui",
                "pagefind-modular-ui",
                "pagefind-component-ui",
                "pagefind-highlight",
            ]
            .iter()
            .any(|u| name.starts_with(u))
        })
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

fn set_search(site: &Path, on: bool) {
    let yaml = site.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).expect("site.yaml");
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("search:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&yaml, format!("{kept}search: {on}\n")).expect("site.yaml");
}

/// Builds `site` with search on or off into an empty `out`; the seconds taken.
fn build(bin: &Path, site: &Path, search: bool, out: &Path) -> Option<f64> {
    set_search(site, search);
    seconds(
        Command::new(bin)
            .arg("build")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(fresh(out)),
    )
}

fn main() {
    let pages: usize = arg("--pages").and_then(|p| p.parse().ok()).unwrap_or(10_000);
    let runs: usize = arg("--runs").and_then(|p| p.parse().ok()).unwrap_or(3);
    // In memory where the system has it: the shared machine's disk is slow
    // and noisy, and the builds, not the disk, are measured.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    };
    let dir = dir.expect("a temporary folder");
    let site = corpus::generate(dir.path(), pages, false);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_dermapress"));
    let peers = peers::hugo().zip(peers::pagefind());
    if let Some((hugo, pagefind)) = &peers {
        println!(
            "peers: {} ({}), {} ({})",
            hugo.name, hugo.version, pagefind.name, pagefind.version
        );
    } else {
        println!("peers: Hugo or the pagefind CLI could not be installed; dermapress only");
    }
    let out_d = dir.path().join("out-dermapress");
    let out_h = dir.path().join("out-hugo");
    let (mut with, mut without, mut hugo_t, mut pagefind_t) = (vec![], vec![], vec![], vec![]);
    for run in 0..=runs {
        // Run 0 warms the file cache and is not counted.
        for on in [true, false] {
            let t = build(&bin, &site.dermapress, on, &out_d);
            if let (Some(t), true) = (t, run > 0) {
                if on {
                    with.push(t)
                } else {
                    without.push(t)
                }
            }
        }
        if let Some((hugo, pagefind)) = &peers {
            let h = seconds(
                Command::new(&hugo.path)
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&site.hugo)
                    .arg("--destination")
                    .arg(fresh(&out_h)),
            );
            let p = seconds(Command::new(&pagefind.path).arg("--site").arg(&out_h));
            if let (Some(h), Some(p), true) = (h, p, run > 0) {
                hugo_t.push(h);
                pagefind_t.push(p);
            }
        }
    }
    build(&bin, &site.dermapress, true, &out_d);

    println!(
        "\n{pages} pages, {runs} runs each (medians), on {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let (w, wo) = (median(with), median(without));
    println!("dermapress build, search on:  {w:.2} s");
    println!("dermapress build, search off: {wo:.2} s");
    println!(
        "search adds {:.2} s = {:.0}% to a dermapress build (target: at most 30%)",
        w - wo,
        (w / wo - 1.0) * 100.0
    );
    if !hugo_t.is_empty() {
        let (h, p) = (median(hugo_t), median(pagefind_t));
        println!("hugo {h:.2} s + pagefind CLI {p:.2} s = {:.2} s", h + p);
        println!(
            "dermapress with search / (hugo + pagefind) = {:.2} (target: at most 0.5)",
            w / (h + p)
        );
    }
    println!(
        "index size: dermapress {} KB",
        index_bytes(&out_d.join("pagefind")) / 1024
    );
    if peers.is_some() {
        println!(
            "index size: hugo + pagefind CLI {} KB",
            index_bytes(&out_h.join("pagefind")) / 1024
        );
    }
    phone_downloads(&out_d);
    if std::env::args().all(|a| a != "--no-watch") {
        watch_saves();
    }
}

/// What a phone downloads for a first query ("collagen") and a second one
/// ("redness"), each showing its first ten results.
fn phone_downloads(public: &Path) {
    if !browser::browser_installed() {
        return;
    }
    std::fs::write(
        public.join("bench-search.html"),
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><script type=\"module\" src=\"/bench-search.js\"></script></html>\n",
    )
    .expect("bench page");
    std::fs::write(
        public.join("bench-search.js"),
        "const pf = await import('/pagefind/pagefind.js');\n\
         window.query = async (word) => { const s = await pf.search(word);\n\
           await Promise.all(s.results.slice(0, 10).map((r) => r.data()));\n\
           window.found = (window.found || []).concat([s.results.length]); };\n\
         window.ready = true;\n",
    )
    .expect("bench script");
    let served = Arc::new(AtomicU64::new(0));
    let origin = count_served(public, served.clone());
    let (_chromedriver, driver) = browser::chromium(375, 800);
    driver.goto(&format!("{origin}/bench-search.html"));
    driver.wait_for("the bench page", "return window.ready === true", |v| v == true);
    let mut before = served.load(Ordering::SeqCst);
    for (n, word) in ["collagen", "redness"].iter().enumerate() {
        driver.run(&format!("window.query('{word}'); return true"));
        let found = driver.wait_for("the query", &format!("return (window.found || []).length > {n}"), |v| {
            v == true
        });
        let _ = found;
        let now = served.load(Ordering::SeqCst);
        let which = if n == 0 { "first" } else { "second" };
        let results = driver.run(&format!("return window.found[{n}]"));
        println!(
            "phone, {which} query \"{word}\" ({results} pages found, 10 shown): {} KB of pagefind files",
            (now - before) / 1024
        );
        before = now;
    }
}

/// Serves `dir` on 127.0.0.1, adding the bytes of every file below
/// `pagefind/` it sends to `served`; returns the origin.
fn count_served(dir: &Path, served: Arc<AtomicU64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let root = dir.to_path_buf();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream.try_clone().expect("stream"));
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
            }
            let path = request
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/");
            let file = root.join(path.trim_start_matches('/'));
            let body = std::fs::read(&file).unwrap_or_default();
            if path.starts_with("/pagefind/") {
                served.fetch_add(body.len() as u64, Ordering::SeqCst);
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    origin
}

/// `examples/measure_watch` on 1,000 pages with search off, then on.
fn watch_saves() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let built = Command::new(&cargo)
        .args([
            "build",
            "--release",
            "--quiet",
            "--example",
            "measure_watch",
            "--bin",
            "dermapress",
        ])
        .status();
    if !built.is_ok_and(|s| s.success()) {
        println!("watch: could not build examples/measure_watch");
        return;
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from);
    let mut medians = Vec::new();
    for search in ["off", "on"] {
        let out = Command::new(target.join("release/examples/measure_watch"))
            .arg(target.join("release/dermapress"))
            .args(["1000", "20", search])
            .output();
        let text = out
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        let line = text
            .lines()
            .find(|l| l.starts_with("save -> reload message"))
            .unwrap_or("")
            .to_string();
        println!("watch, 1,000 pages, search {search}: {line}");
        let ms = line
            .split("median ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|m| m.parse::<f64>().ok());
        medians.push(ms);
    }
    if let [Some(off), Some(on)] = medians[..] {
        println!(
            "search adds {:.1} ms to a one-page save in watch (target: at most 20 ms)",
            on - off
        );
    }
}
