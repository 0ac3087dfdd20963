//! End to end in a real headless Chromium, driven through chromedriver: a
//! page open in the preview shows a saved edit by itself, keeps its scroll
//! position, shows an overlay naming the file and line of a broken save, and
//! drops the overlay when the file is fixed. Ctrl-C then stops `watch` cleanly.
//!
//! Skipped, with a message, where Chromium or chromedriver is not installed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::TestSite;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Generous: a loaded CI machine may take seconds to start a browser.
const PATIENCE: Duration = Duration::from_secs(60);

/// A child process that is ended when the test ends, whatever happens.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The WebDriver protocol over plain HTTP/1.1, just the calls this test needs.
struct Driver {
    port: u16,
    session: String,
    /// A fresh profile for each run, removed afterwards.
    _profile: tempfile::TempDir,
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(PATIENCE)).map_err(|e| e.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    // chromedriver may keep the connection open: read exactly Content-Length.
    let mut reader = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("connection closed".to_string());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|_| "bad Content-Length")?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    serde_json::from_slice(&body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}

impl Driver {
    fn start(port: u16) -> Driver {
        let started = Instant::now();
        while http(port, "GET", "/status", None).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=600,500",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let reply = http(port, "POST", "/session", Some(&caps)).expect("a browser session");
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {reply}"))
            .to_string();
        Driver {
            port,
            session,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let reply = http(self.port, method, &path, body.as_ref()).expect("chromedriver answers");
        reply["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn run(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// Polls `script` until `done` holds for its value, or fails after a while.
    fn wait_for(&self, what: &str, script: &str, done: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let v = self.run(script);
            if done(&v) {
                return v;
            }
            assert!(started.elapsed() < PATIENCE, "{what}: still {v} after {PATIENCE:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
    }
}

fn text_of(driver: &Driver) -> String {
    driver
        .run("return document.body ? document.body.innerText : ''")
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Whether Debian's Chromium and chromedriver are there. Without them the
/// test says so on the terminal (not to the captured output, which a passing
/// run hides); in CI (`CI` set) a missing browser fails the run instead.
pub(crate) fn browser_installed() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    let why = format!("chromium not installed (looked for {CHROMIUM} and {CHROMEDRIVER})");
    if std::env::var_os("CI").is_some() {
        panic!("{why}; CI must install Debian's chromium and chromium-driver (.ci/run does)");
    }
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {why}; install them to run the browser tests"
    );
    false
}

#[test]
fn an_open_page_follows_saves_and_shows_errors_in_chromium() {
    if !browser_installed() {
        return;
    }
    let site = TestSite::clinic();
    let page = "content/guides/aftercare.md";
    // A long page, so that there is a scroll position to keep.
    let filler: String = (1..=40).map(|n| format!("Paragraph {n} of filler text.\n\n")).collect();
    site.edit(page, "## The first week", &format!("{filler}## The first week"));

    let mut watch = Running(
        Command::new(env!("CARGO_BIN_EXE_dermapress"))
            .args(["watch", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dermapress watch starts"),
    );
    // The errors this test provokes on purpose are read, not shown in the
    // test run's output.
    let stderr = watch.0.stderr.take().unwrap();
    std::thread::spawn(move || std::io::copy(&mut BufReader::new(stderr), &mut std::io::sink()));
    let (tx, lines) = mpsc::channel::<String>();
    let stdout = watch.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let origin = loop {
        let line = lines.recv_timeout(PATIENCE).expect("watch prints its address");
        if let Some(rest) = line.split("serving the preview on ").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };

    let driver_port = free_port();
    let _chromedriver = Running(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let driver = Driver::start(driver_port);
    driver.goto(&format!("{origin}/guides/aftercare/"));
    driver.wait_for("the page loads", "return document.readyState", |v| v == "complete");
    assert!(text_of(&driver).contains("Keep the skin clean"));
    driver.run("window.scrollTo(0, 400); return window.scrollY");
    driver.wait_for("the page scrolls", "return window.scrollY", |v| {
        v.as_f64().unwrap_or(0.0) >= 300.0
    });

    // 1. An edit shows up by itself, at the same scroll position.
    site.edit(page, "Keep the skin clean", "Keep the skin clean and cool");
    driver.wait_for("the edit shows", "return document.body.innerText", |v| {
        v.as_str().is_some_and(|t| t.contains("clean and cool"))
    });
    driver.wait_for("the scroll position is kept", "return window.scrollY", |v| {
        v.as_f64().unwrap_or(0.0) >= 300.0
    });

    // 2. Invalid YAML: an overlay names the file and line; the page stays.
    let good = site.read_source(page);
    site.write(
        page,
        &good.replace("after a session, day by day", "after a session: <b>day</b> by day"),
    );
    let (_, diagnostics) = dermapress::render(site.root(), &dermapress::LoadOptions::default());
    let expected = diagnostics
        .iter()
        .find(|d| d.is_error() && d.file == Path::new(page))
        .expect("the save is broken")
        .location();
    assert!(expected.starts_with("content/guides/aftercare.md:3:"), "{expected}");
    let overlay = driver.wait_for(
        "the overlay appears",
        "var o = document.getElementById('dermapress-overlay'); return o ? o.innerText : null",
        |v| v.is_string(),
    );
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains(&expected), "overlay names {expected}: {overlay}");
    assert!(overlay.contains("not valid YAML"), "{overlay}");
    assert!(
        overlay.contains("<b>day</b>"),
        "the excerpt is shown as written: {overlay}"
    );
    let markup = driver.run("return document.querySelectorAll('#dermapress-overlay b').length");
    assert_eq!(markup, 0, "text from the file is never read as HTML");
    assert!(
        text_of(&driver).contains("clean and cool"),
        "the last good page stays under the overlay"
    );

    // 3. The fix removes the overlay.
    site.save_via_rename(page, &good.replace("clean and cool", "clean, cool and calm"));
    driver.wait_for(
        "the overlay goes",
        "return document.getElementById('dermapress-overlay') === null && document.body.innerText.indexOf('cool and calm') >= 0",
        |v| v == &Value::Bool(true),
    );
    drop(driver);

    // Ctrl-C stops watch cleanly.
    let pid = watch.0.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = watch.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "watch did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "watch exits 0 on Ctrl-C: {status}");
    let rest: Vec<String> = lines.try_iter().collect();
    assert!(rest.iter().any(|l| l == "stopped"), "{rest:?}");
    assert!(!site.path("public").exists(), "the preview never writes public/");
}
