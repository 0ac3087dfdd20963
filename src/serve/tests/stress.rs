//! The preview server under load, on a real socket on 127.0.0.1: hundreds of
//! held event streams and stalled half-requests, and a client that never
//! reads, do not stop pages or reload messages from reaching everyone else;
//! a static file linked from outside the site is never served.

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use crate::load::LoadOptions;
use crate::output::Output;
use crate::serve::request::AllowedHosts;
use crate::serve::{self, Change, Preview, Server};
use crate::testing::{next_event, TestSite};

/// Every read waits at most this long; a stuck server fails the test instead of hanging it.
const PATIENCE: Duration = Duration::from_secs(10);

fn options(addr: SocketAddr) -> LoadOptions {
    LoadOptions {
        drafts: false,
        base_url: Some(crate::watch::preview_origin(addr)),
        ..LoadOptions::default()
    }
}

fn render(site: &TestSite, addr: SocketAddr) -> Output {
    let (rendered, diagnostics) = crate::render(site.root(), &options(addr));
    rendered
        .unwrap_or_else(|| panic!("the test site builds: {diagnostics:?}"))
        .output
}

/// The test site rendered and served as `watch` does.
fn start() -> (TestSite, Arc<Preview>, Server, Output) {
    let site = TestSite::clinic();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let output = render(&site, listener.local_addr().unwrap());
    let preview = Preview::new(AllowedHosts::new("127.0.0.1".parse().unwrap()));
    preview.publish(&output, None, Change::Reload);
    let server = serve::spawn(listener, preview.clone()).expect("server starts");
    (site, preview, server, output)
}

/// Status and body of a GET, or None if no whole answer came within PATIENCE.
fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(PATIENCE)).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    )
    .ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

/// Opens an event stream; the caller reads it with `next_event`.
fn open_events(addr: SocketAddr) -> BufReader<TcpStream> {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut w = &s;
    write!(
        w,
        "GET /__dermapress/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        addr.port()
    )
    .unwrap();
    BufReader::new(s)
}

#[test]
fn two_hundred_held_connections_do_not_block_pages_or_reloads() {
    held_connections_do_not_block_pages_or_reloads(100, 100);
}

/// More stalled clients than the server serves at once: a page still
/// answers, once the stalled ones have run out of time for their headers.
#[test]
fn stalled_clients_past_the_cap_only_delay_a_page() {
    let stalled = crate::serve::connections::MAX_CONNECTIONS + 10;
    held_connections_do_not_block_pages_or_reloads(0, stalled);
}

fn held_connections_do_not_block_pages_or_reloads(open_streams: usize, stalled: usize) {
    let (_site, preview, server, output) = start();
    let addr = server.addr;
    let mut streams = Vec::new();
    let mut held = Vec::new();
    // Some hold an event stream open (and have had their hello)...
    for _ in 0..open_streams {
        let mut r = open_events(addr);
        assert_eq!(next_event(&mut r).0, "hello");
        streams.push(r);
    }
    // ...and some send part of a request head and stall.
    for n in 0..stalled {
        let mut s = TcpStream::connect(addr).expect("connect");
        let part = if n % 2 == 0 {
            "GET /guides/ HTTP/1.1\r\nHost: loc"
        } else {
            "GE"
        };
        s.write_all(part.as_bytes()).unwrap();
        held.push(s);
    }
    let (status, page) = get(addr, "/guides/aftercare/").expect("a page answers while connections are held");
    assert_eq!(status, 200);
    assert!(page.contains("Aftercare"));

    let mut fresh = open_events(addr);
    assert_eq!(next_event(&mut fresh).0, "hello");
    preview.publish(&output, None, Change::Reload);
    let (name, data) = next_event(&mut fresh);
    assert_eq!((name.as_str(), data["build"].as_u64()), ("reload", Some(2)));
    assert_eq!(get(addr, "/").map(|r| r.0), Some(200));
    // The held streams were open all along: they get the same message.
    for r in streams.iter_mut().step_by(33) {
        let (name, data) = next_event(r);
        assert_eq!((name.as_str(), data["build"].as_u64()), ("reload", Some(2)));
    }

    drop(streams);
    drop(held);
    drop(fresh);
    server.stop().expect("the server stops with streams having been open");
}

#[test]
fn a_client_that_never_reads_does_not_hold_up_the_others() {
    let (_site, preview, server, output) = start();
    let addr = server.addr;
    // Never read from: its socket buffers fill up with events.
    let stuck = open_events(addr).into_inner();
    let mut reader = open_events(addr);
    assert_eq!(next_event(&mut reader).0, "hello");
    let problems: Vec<crate::diagnostics::Diagnostic> = (0..50)
        .map(|n| {
            crate::diagnostics::Diagnostic::error("content/a.md", "yaml-syntax", "x".repeat(1000)).at_line(n + 1, 1)
        })
        .collect();
    for round in 0..400 {
        // Big messages fill the stuck client's buffers quickly.
        preview.fail(&problems);
        preview.publish(&output, Some(&[]), Change::Css);
        if round % 50 == 0 {
            let (status, page) = get(addr, "/how-it-works/").expect("a page answers");
            assert_eq!(status, 200);
            assert!(page.contains("How it works"));
        }
    }
    preview.publish(&output, None, Change::Reload);
    let last_build = 1 + 400 + 1;
    // The reading client sees every message, or a reload where it fell
    // behind; either way it ends on the last build.
    let mut seen = 0;
    loop {
        let (name, data) = next_event(&mut reader);
        seen += 1;
        assert!(["failed", "css", "reload"].contains(&name.as_str()), "{name}");
        if name == "reload" && data["build"].as_u64() == Some(last_build) {
            break;
        }
        assert!(seen < 2000, "the last reload never came");
    }
    let mut fresh = open_events(addr);
    let (name, data) = next_event(&mut fresh);
    assert_eq!((name.as_str(), data["build"].as_u64()), ("hello", Some(last_build)));
    drop(stuck);
    server
        .stop()
        .expect("the server stops even with a client that never read");
}

#[cfg(unix)]
#[test]
fn a_static_file_linked_from_outside_the_site_is_reported_and_never_served() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET OUTSIDE THE SITE\n").unwrap();
    let (site, preview, server, _) = start();
    let addr = server.addr;
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.path("static/secret.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/hosts", site.path("static/hosts")).unwrap();
    let (rendered, diagnostics) = crate::render(site.root(), &options(addr));
    let mut reported: Vec<(String, &str)> = diagnostics
        .iter()
        .map(|d| (d.file.display().to_string(), d.rule))
        .collect();
    reported.sort();
    assert_eq!(
        reported,
        [
            ("static/hosts".to_string(), "link-outside"),
            ("static/secret.txt".to_string(), "link-outside")
        ]
    );
    match rendered.map(|r| r.output) {
        // As watch does: a failed build keeps the last good output.
        None => preview.fail(&diagnostics),
        Some(output) => {
            assert!(!output.files.contains_key("secret.txt") && !output.files.contains_key("hosts"));
            preview.publish(&output, None, Change::Reload);
        }
    }
    for path in ["/secret.txt", "/hosts"] {
        let (status, text) = get(addr, path).expect("an answer");
        assert_eq!(status, 404, "{path}");
        assert!(!text.contains("SECRET OUTSIDE"), "{path}");
    }
    server.stop().unwrap();
}
