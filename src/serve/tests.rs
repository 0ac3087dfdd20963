//! The preview server, on a real socket on 127.0.0.1: it serves the rendered
//! site from memory with the right content types, the site's 404 page, a
//! live-reload script in HTML only, refuses foreign Host names and any path
//! that tries to leave the site, and streams reload and error messages.

mod inventory;
mod stress;

use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use crate::load::LoadOptions;
use crate::serve::request::AllowedHosts;
use crate::serve::{self, Change, Preview, Server};
use crate::testing::{next_event, TestSite};
use scraper::{Html, Selector};

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a request exactly as written (no normalising of the path).
fn raw(addr: SocketAddr, request: &str) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    raw(
        addr,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            addr.port()
        ),
    )
}

/// The test site rendered and served as `watch` does.
fn start() -> (TestSite, Arc<Preview>, Server) {
    let site = TestSite::clinic();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let options = LoadOptions {
        drafts: false,
        base_url: Some(crate::watch::preview_origin(addr)),
        ..LoadOptions::default()
    };
    let (rendered, diagnostics) = crate::render(site.root(), &options);
    let output = rendered
        .unwrap_or_else(|| panic!("the test site builds: {diagnostics:?}"))
        .output;
    let preview = Preview::new(AllowedHosts::new("127.0.0.1".parse().unwrap()));
    preview.publish(&output, None, Change::Reload);
    let server = serve::spawn(listener, preview.clone()).expect("server starts");
    (site, preview, server)
}

#[test]
fn paths_that_leave_the_site_are_refused() {
    let (site, _preview, server) = start();
    let addr = server.addr;
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.yaml",
        "/css/../../site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..%5csite.yaml",
        "/%5c..%5csite.yaml",
        "/C:/Windows/win.ini",
        "/site.yaml",
        "/content/how-it-works.md",
        "/themes/clinic/templates/base.html",
    ] {
        let r = get(addr, path);
        assert!(r.status == 400 || r.status == 404, "{path}: status {}", r.status);
        let text = r.text();
        assert!(
            !text.contains("Watch Test Clinic\nbase_url") && !text.contains("title: How it works"),
            "{path}"
        );
        assert!(!text.contains("root:"), "{path}");
    }
    // A request target in absolute form still only names site files.
    let r = raw(
        addr,
        &format!(
            "GET http://127.0.0.1:{}/../site.yaml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            addr.port()
        ),
    );
    assert!(r.status == 400 || r.status == 404, "absolute form: {}", r.status);
    assert!(!site.path("public").exists(), "the preview never writes public/");
    server.stop().unwrap();
}

#[test]
fn files_have_their_content_types_and_html_gets_the_reload_script() {
    let (site, _preview, server) = start();
    let addr = server.addr;
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/guides/aftercare/", "text/html; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__dermapress/livereload.js", "text/javascript; charset=utf-8"),
    ];
    for (path, kind) in cases {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        let injected = r.text().contains("/__dermapress/livereload.js?build=");
        assert_eq!(
            injected,
            kind.starts_with("text/html"),
            "{path}: script only in HTML pages"
        );
    }
    let page = Html::parse_document(&get(addr, "/guides/aftercare/").text());
    let h1 = Selector::parse("h1").unwrap();
    let heading: String = page.select(&h1).next().expect("an h1").text().collect();
    assert!(heading.contains("Aftercare"));
    let script = Selector::parse("body script[src^='/__dermapress/livereload.js']").unwrap();
    assert_eq!(page.select(&script).count(), 1);
    // The same bytes as a build, apart from the script.
    let css = get(addr, "/css/style.css");
    assert_eq!(
        css.body,
        std::fs::read(site.path("themes/clinic/static/css/style.css")).unwrap()
    );
    // A folder without its slash is redirected to it.
    let r = get(addr, "/guides");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/guides/"));
    let r = raw(
        addr,
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 405);
    let r = raw(
        addr,
        "HEAD /guides/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("text/html; charset=utf-8"))
    );
    assert!(r.body.is_empty(), "HEAD has no body");
    server.stop().unwrap();
}

#[test]
fn missing_pages_get_the_sites_404_page_with_status_404() {
    let (_site, _preview, server) = start();
    let r = get(server.addr, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let own = get(server.addr, "/404.html");
    assert_eq!(r.body, own.body, "the body is the site's own 404.html");
    let html = Html::parse_document(&r.text());
    let title = Selector::parse("title").unwrap();
    assert!(html.select(&title).next().is_some(), "a whole page, not a bare message");
    server.stop().unwrap();
}

#[test]
fn foreign_host_names_are_refused() {
    let (_site, _preview, server) = start();
    let addr = server.addr;
    let port = addr.port();
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.nip.example",
        "192.168.0.9",
    ] {
        let r = raw(
            addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 403, "{host}");
        assert!(!r.text().contains("<html"), "{host}");
    }
    let r = raw(addr, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(r.status, 403, "no Host at all");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
    ] {
        let r = raw(
            addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 200, "{host}");
    }
    server.stop().unwrap();
}

#[test]
fn a_request_naming_two_hosts_is_refused() {
    let (_site, _preview, server) = start();
    let port = server.addr.port();
    let r = raw(
        server.addr,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("only one Host"), "{}", r.text());
    server.stop().unwrap();
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let (_site, _preview, server) = start();
    let mut s = TcpStream::connect(server.addr).expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    // Waits longer than the header timeout; the server must close first.
    s.set_read_timeout(Some(crate::serve::connections::HEADER_TIMEOUT * 3))
        .unwrap();
    let mut bytes = Vec::new();
    let read = s.read_to_end(&mut bytes);
    assert!(read.is_ok(), "the server closed the connection: {read:?}");
    server.stop().unwrap();
}

#[test]
fn open_pages_are_told_to_reload_and_shown_errors() {
    let (site, preview, server) = start();
    let addr = server.addr;
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /__dermapress/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        addr.port()
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let (name, data) = next_event(&mut reader);
    assert_eq!(name, "hello");
    assert_eq!(data["build"], 1);
    assert!(data["problems"].is_null());

    site.edit("content/guides/risks.md", "active skin infections", "infections");
    let (rendered, _) = crate::render(site.root(), &LoadOptions::default());
    preview.publish(&rendered.unwrap().output, None, Change::Reload);
    let (name, data) = next_event(&mut reader);
    assert_eq!((name.as_str(), data["build"].as_u64()), ("reload", Some(2)));

    let broken = crate::diagnostics::Diagnostic::error("content/a.md", "yaml-syntax", "a <b> & c")
        .at_line(3, 7)
        .with_help("fix it");
    preview.fail(&[broken]);
    let (name, data) = next_event(&mut reader);
    assert_eq!(name, "failed");
    assert_eq!(data["problems"][0]["location"], "content/a.md:3:7");
    assert_eq!(data["problems"][0]["message"], "a <b> & c");

    let (rendered, _) = crate::render(site.root(), &LoadOptions::default());
    preview.publish(&rendered.unwrap().output, Some(&[]), Change::Nothing);
    let (name, _) = next_event(&mut reader);
    assert_eq!(
        name, "fixed",
        "a good build with nothing new clears the overlay without a reload"
    );
    preview.publish(&crate::output::Output::default(), None, Change::Css);
    assert_eq!(next_event(&mut reader).0, "css");
    server.stop().unwrap();
}

#[test]
fn while_the_search_index_is_made_its_files_wait_and_pages_do_not() {
    let (site, preview, server) = start();
    let addr = server.addr;
    let entry = "pagefind/pagefind-entry.json";
    let mut output = crate::render(site.root(), &LoadOptions::default())
        .0
        .expect("the test site builds")
        .output;
    assert!(output.files.contains_key(entry), "the test site has search");
    preview.hold_search();
    let (sent, replies) = std::sync::mpsc::channel();
    let asking = std::thread::spawn(move || {
        let _ = sent.send(get(addr, &format!("/{entry}")));
    });
    // Pages are served meanwhile.
    assert_eq!(get(addr, "/").status, 200);
    assert!(
        replies.recv_timeout(Duration::from_millis(300)).is_err(),
        "the index was served while it was being made"
    );
    output.files.insert(
        entry.to_string(),
        crate::output::Content::Bytes(b"{\"made\":\"after\"}".to_vec()),
    );
    preview.update_search(&output, &[entry.to_string()]);
    let reply = replies
        .recv_timeout(Duration::from_secs(30))
        .expect("answered once made");
    asking.join().unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "{\"made\":\"after\"}");
    assert_eq!(get(addr, &format!("/{entry}")).text(), "{\"made\":\"after\"}");
    assert!(!super::in_search_index("/guides/pagefind-notes/"));
    assert!(super::in_search_index("/es/pagefind/pagefind.js"));
    server.stop().unwrap();
}
