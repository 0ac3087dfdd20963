//! A small site for the watch and preview tests, written into a temporary
//! folder with the repository's own theme: sections, a data page of each
//! kind, links between pages, a menu and a stylesheet.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a test waits for something that should happen soon.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("themes/clinic"), &dir.path().join("themes/clinic"));
        let site = TestSite { dir };
        site.write("site.yaml", SITE_YAML);
        for (path, text) in PAGES {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    /// Replaces the first `from` in a file with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Saves the way many editors do: a temporary file renamed over the real one.
    pub fn save_via_rename(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(".{}.tmp-save", path.file_name().unwrap().to_string_lossy()));
        std::fs::write(&tmp, text).expect("write temp");
        std::fs::rename(&tmp, &path).expect("rename");
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

pub const SITE_YAML: &str = "\
title: Watch Test Clinic
base_url: https://clinic.example.com/info
language: en
theme: clinic
description: A small site that the watch tests edit, add to, rename and break on purpose.
reviewers:
  - id: doc
    name: Test Reviewer, MD
    credentials: Dermatologist
menu:
  - { label: How it works, page: how-it-works.md }
  - { label: Guides, page: guides/_index.md }
  - { label: FAQ, page: faq.yaml }
";

pub const PAGES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "---\ntitle: Watch test home\ndescription: The home page of the small site that the watch tests edit on purpose.\n---\n\nStart with [how it works](how-it-works.md) or the [guides](guides/_index.md).\n",
    ),
    (
        "content/how-it-works.md",
        "---\ntitle: How it works\ndescription: How the treatment works, in a few plain paragraphs for the watch tests.\nweight: 10\nreviewed_by: doc\nlast_reviewed: 2026-01-01\n---\n\n## The idea\n\nTiny channels prompt the skin to repair itself. Read about [the first day](guides/aftercare.md#the-first-day).\n\n## Sessions\n\nMost people need several sessions.\n",
    ),
    (
        "content/guides/_index.md",
        "---\ntitle: Guides\ndescription: Guides to aftercare and risks, listed in weight order for the watch tests.\nweight: 20\n---\n\nEverything about before and after.\n",
    ),
    (
        "content/guides/aftercare.md",
        "---\ntitle: Aftercare\ndescription: What to do after a session, day by day, written for the watch tests.\nweight: 10\ndate: 2025-05-01\n---\n\n## The first day\n\nKeep the skin clean and use a gentle moisturiser.\n\n## The first week\n\nWear sunscreen every day. See [the risks](risks.md).\n",
    ),
    (
        "content/guides/risks.md",
        "---\ntitle: Risks\ndescription: The risks of the treatment and who should avoid it, for the watch tests.\nweight: 20\ndate: 2025-06-01\n---\n\n## Who should avoid it\n\nPeople with active skin infections.\n",
    ),
    (
        "content/faq.yaml",
        "kind: faq\ntitle: Questions and answers\ndescription: Common questions about the treatment, answered briefly for the watch tests.\nquestions:\n  - q: Does it hurt?\n    a: Numbing cream makes it comfortable for most people.\n  - q: How long is recovery?\n    a: Usually one to three days; see [aftercare](guides/aftercare.md).\n",
    ),
    (
        "content/compare/a-vs-b.yaml",
        "kind: comparison\ntitle: Treatment A vs treatment B\ndescription: How the two treatments differ in depth and downtime, for the watch tests.\noptions:\n  - id: a\n    name: Treatment A\n    page: ../how-it-works.md\n  - id: b\n    name: Treatment B\ncriteria:\n  - label: Depth\n    values: { a: Deep, b: Shallow }\n  - label: Downtime\n    values: { a: 1-3 days, b: None }\n",
    ),
];

/// `dermapress watch` running on a test site, with its terminal lines.
pub struct Watching {
    pub child: Child,
    pub lines: Receiver<String>,
    pub addr: Option<String>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn watch(site: &TestSite, args: &[&str]) -> Watching {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .arg("watch")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("watch starts");
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut w = Watching {
        child,
        lines,
        addr: None,
    };
    let serving = args.iter().all(|a| *a != "--no-serve");
    let line = w.line_with(&[if serving {
        "serving the preview on"
    } else {
        "watching for changes"
    }]);
    if serving {
        let url = line.rsplit("http://").next().unwrap().split('/').next().unwrap();
        w.addr = Some(url.to_string());
    }
    w
}

impl Watching {
    /// The next terminal line containing any of `texts` (other lines are skipped).
    pub fn line_with(&self, texts: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let left = PATIENCE.saturating_sub(started.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) if texts.iter().any(|t| line.contains(t)) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line with any of {texts:?} within {PATIENCE:?}"),
            }
        }
    }

    pub fn assert_running(&mut self) {
        assert!(matches!(self.child.try_wait(), Ok(None)), "watch is still running");
    }

    pub fn events(&self) -> Receiver<(String, String)> {
        let addr = self.addr.clone().expect("a server");
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET /__dermapress/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event:") {
                    name = n.trim().to_string();
                } else if let Some(d) = line.strip_prefix("data:") {
                    let _ = tx.send((std::mem::take(&mut name), d.trim().to_string()));
                }
            }
        });
        let (first, _) = rx.recv_timeout(PATIENCE).expect("hello");
        assert_eq!(first, "hello");
        rx
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let addr = self.addr.as_ref().unwrap();
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let status = text.split(' ').nth(1).unwrap().parse().unwrap();
        (status, text)
    }
}

/// The next named event of a preview's event stream: its name and JSON data
/// (keep-alive comments are skipped).
pub fn next_event(reader: &mut impl BufRead) -> (String, serde_json::Value) {
    let mut name = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).expect("an event within the time allowed") > 0,
            "stream ended"
        );
        let line = line.trim_end();
        if let Some(n) = line.strip_prefix("event:") {
            name = n.trim().to_string();
        } else if let Some(d) = line.strip_prefix("data:") {
            if !name.is_empty() {
                return (name, serde_json::from_str(d.trim()).expect("JSON data"));
            }
        }
    }
}
