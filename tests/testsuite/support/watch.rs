//! `dermapress watch` as a process: started on a test site, with its
//! terminal lines (standard output and standard error apart) and a client
//! for its preview server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::TestSite;

/// How long a test waits for something that should happen soon.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// `dermapress watch` running on a test site, with its terminal lines:
/// `lines` from standard output (what it did), `errors` from standard error
/// (the diagnostics it printed).
pub struct Watching {
    pub child: Child,
    pub lines: Receiver<String>,
    pub errors: Receiver<String>,
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
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let lines = forward(child.stdout.take().unwrap());
    let errors = forward(child.stderr.take().unwrap());
    let mut w = Watching {
        child,
        lines,
        errors,
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

/// Each line `from` gives, as it comes (read on a thread, so the pipe never fills).
fn forward(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

/// The lines `rx` gives until one contains `last` (which is included).
pub fn lines_until(rx: &Receiver<String>, last: &str) -> Vec<String> {
    let started = Instant::now();
    let mut got = Vec::new();
    loop {
        let left = PATIENCE.saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains(last);
                got.push(line);
                if done {
                    return got;
                }
            }
            Err(_) => panic!("no line with {last:?} within {PATIENCE:?}; got {got:#?}"),
        }
    }
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
