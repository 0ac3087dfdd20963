//! Measures `dermapress watch` on a generated site: the time from writing a
//! page to the reload message reaching a client of the preview's event
//! stream, the pages re-rendered per edit, and the watcher's peak memory.
//!
//! Run through `scripts/measure-watch` (which builds the release binary):
//! `measure_watch <path to dermapress> [pages] [edits] [search on|off]`
//! (search: the clinic theme's default, on, unless `off`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = PathBuf::from(args.get(1).map_or("target/release/dermapress", String::as_str));
    let pages: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let edits: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(20);
    let search = args.get(4).is_none_or(|a| a != "off");
    let dir = tempfile::tempdir().expect("a temporary folder");
    generate(dir.path(), pages, search);

    let mut child = Command::new(&bin)
        .args(["watch", "--port", "0", "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("dermapress starts");
    let (lines_tx, lines) = mpsc::channel::<String>();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let origin = loop {
        let line = lines.recv_timeout(Duration::from_secs(60)).expect("the preview starts");
        println!("watch: {line}");
        if let Some(rest) = line.split("serving the preview on ").nth(1) {
            break rest.split('/').take(3).collect::<Vec<_>>().join("/");
        }
    };
    let addr = origin.trim_start_matches("http://").to_string();
    let events = subscribe(&addr);
    wait_for(&events, "hello");

    let mut latencies = Vec::new();
    let mut rendered = Vec::new();
    for k in 0..edits {
        let i = (k * 37 + 5) % pages;
        let path = dir.path().join(format!("content/s{}/p{i}.md", i / 100));
        let text = std::fs::read_to_string(&path).expect("page");
        let edited = text.replacen("Paragraph one", &format!("Paragraph one (edit {k})"), 1);
        while events.try_recv().is_ok() {}
        let started = Instant::now();
        std::fs::write(&path, edited).expect("write");
        let arrived = wait_for(&events, "reload");
        latencies.push(arrived.duration_since(started));
        // The terminal line comes right after the message.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) if line.starts_with("rebuilt") => {
                    if let Some(n) = line.split("re-rendered ").nth(1).and_then(|r| r.split(' ').next()) {
                        rendered.push(n.parse::<usize>().unwrap_or(0));
                    }
                    println!("watch: {line}");
                    break;
                }
                Ok(_) => {}
                Err(_) => {}
            }
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    // Two wider edits, for scale: a title (its section and neighbours list
    // it) and a template (every page).
    let mut wider = Vec::new();
    for (what, path, from, to) in [
        (
            "title edit",
            "content/s3/p350.md",
            "title: Generated page number 350",
            "title: Page 350, renamed",
        ),
        (
            "template edit",
            "themes/clinic/templates/page.html",
            "{% block main %}",
            "{% block main %}<!-- x -->",
        ),
    ] {
        let path = dir.path().join(path);
        let text = std::fs::read_to_string(&path).expect("file");
        while events.try_recv().is_ok() {}
        let started = Instant::now();
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        let took = wait_for(&events, "reload").duration_since(started);
        let line = loop {
            match lines.recv_timeout(Duration::from_secs(10)) {
                Ok(line) if line.starts_with("rebuilt") => break line,
                Ok(_) => {}
                Err(_) => break String::new(),
            }
        };
        let n = line.split("re-rendered ").nth(1).unwrap_or("?").to_string();
        wider.push(format!(
            "{what}: {:.1} ms, re-rendered {n}",
            took.as_secs_f64() * 1000.0
        ));
        std::thread::sleep(Duration::from_millis(150));
    }
    let peak = peak_rss_kib(&child);
    stop(&mut child);

    let mut ms: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = if ms.len() % 2 == 1 {
        ms[ms.len() / 2]
    } else {
        (ms[ms.len() / 2 - 1] + ms[ms.len() / 2]) / 2.0
    };
    println!();
    println!("site: {pages} pages; {edits} one-page saves");
    println!(
        "save -> reload message: median {median:.1} ms, worst {:.1} ms, best {:.1} ms",
        ms.last().unwrap_or(&0.0),
        ms.first().unwrap_or(&0.0)
    );
    println!("pages re-rendered per edit: {rendered:?}");
    for w in wider {
        println!("{w}");
    }
    match peak {
        Some(kib) => println!("watch process peak RSS: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("watch process peak RSS: unknown (no /proc)"),
    }
}

/// A site of `pages` pages in sections of 100, each linking to the next.
fn generate(dir: &Path, pages: usize, search: bool) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &dir.join("themes"));
    std::fs::write(
        dir.join("site.yaml"),
        format!(
            "title: Load Test Clinic\nbase_url: https://clinic.example.com\nlanguage: en\ntheme: clinic\n\
             description: A generated site used to measure how fast dermapress rebuilds while watching.\nsearch: {search}\n"
        ),
    )
    .expect("site.yaml");
    let content = dir.join("content");
    std::fs::create_dir_all(&content).expect("content");
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Generated home page\ndescription: The home page of a generated site with many sections and pages for timing rebuilds.\n---\n\nWelcome.\n",
    )
    .expect("home");
    for s in 0..pages.div_ceil(100) {
        std::fs::create_dir_all(content.join(format!("s{s}"))).expect("section");
        std::fs::write(
            content.join(format!("s{s}/_index.md")),
            format!("---\ntitle: Section {s} of the generated site\ndescription: Section number {s}, listing about one hundred generated pages in weight order.\n---\n\nPages about topic {s}.\n"),
        )
        .expect("section page");
    }
    for i in 0..pages {
        let next = (i + 1) % pages;
        let body = format!(
            "---\ntitle: Generated page number {i}\ndescription: A generated page, number {i}, with a few paragraphs, a table of contents and links.\nweight: {i}\ndate: 2025-01-01\n---\n\n\
             ## What this page covers\n\nParagraph one of page {i}. Microneedling makes tiny channels in the skin, and the skin repairs them by making collagen. Results build over weeks.\n\n\
             ## Details\n\nParagraph two with a [link to the next page](/s{}/p{next}.md) and *emphasis*, plus a list:\n\n- one item\n- another item\n- a third item\n\n\
             ## Questions\n\nParagraph three. Ask your clinician about your own skin before any treatment.\n",
            next / 100
        );
        std::fs::write(content.join(format!("s{}/p{i}.md", i / 100)), body).expect("page");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("theme").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The event names of the preview's event stream, with when each arrived.
fn subscribe(addr: &str) -> mpsc::Receiver<(Instant, String)> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__dermapress/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:")) {
                let _ = tx.send((Instant::now(), name.trim().to_string()));
            }
        }
    });
    rx
}

fn wait_for(events: &mpsc::Receiver<(Instant, String)>, name: &str) -> Instant {
    loop {
        match events.recv_timeout(Duration::from_secs(10)) {
            Ok((at, n)) if n == name => return at,
            Ok(_) => {}
            Err(_) => panic!("no `{name}` message within 10 s"),
        }
    }
}

fn peak_rss_kib(child: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    for _ in 0..50 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}
