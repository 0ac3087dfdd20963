//! A small WebDriver client for the browser tests (Debian's chromium and
//! chromedriver), a static file server for a built site, and the check that
//! the browser is there.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Generous: a loaded CI machine may take seconds to start a browser.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A child process that is ended when the test ends, whatever happens.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The WebDriver protocol over plain HTTP/1.1, just the calls this test needs.
pub struct Driver {
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
    /// A session in a browser window of `width` x `height` CSS pixels.
    pub fn start(port: u16) -> Driver {
        Driver::start_sized(port, 600, 500)
    }

    pub fn start_sized(port: u16, width: u32, height: u32) -> Driver {
        Driver::start_with(port, width, height, true)
    }

    /// `script`: whether pages may run JavaScript (WebDriver's own calls
    /// work either way).
    pub fn start_with(port: u16, width: u32, height: u32, script: bool) -> Driver {
        let started = Instant::now();
        while http(port, "GET", "/status", None).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            // The console, for `console_log` (CSP violations are reported there).
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        // A desktop window cannot be as narrow as a phone; the phone's
        // screen is emulated instead.
        let mut caps = caps;
        if !script {
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["prefs"] =
                json!({"profile.managed_default_content_settings.javascript": 2});
        }
        if width < 500 {
            caps["capabilities"]["alwaysMatch"]["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "mobile": true, "touch": true}
            });
        }
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

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let reply = http(self.port, method, &path, body.as_ref()).expect("chromedriver answers");
        reply["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn run(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// The browser console's messages since the last call (chromedriver's
    /// log endpoint), as text.
    pub fn console_log(&self) -> Vec<String> {
        let entries = self.call("POST", "/se/log", Some(json!({ "type": "browser" })));
        let entries = entries.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e["level"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    /// Polls `script` until `done` holds for its value, or fails after a while.
    pub fn wait_for(&self, what: &str, script: &str, done: impl Fn(&Value) -> bool) -> Value {
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

/// Whether Debian's Chromium and chromedriver are there. Without them the
/// test says so on the terminal (not to the captured output, which a passing
/// run hides); in CI (`CI` set) a missing browser fails the run instead.
pub fn browser_installed() -> bool {
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

/// Starts chromedriver on a free port and opens a session in a window of
/// `width` x `height`; the driver process ends with the returned guard.
pub fn chromium(width: u32, height: u32) -> (Running, Driver) {
    chromium_with(width, height, true)
}

/// Like `chromium`; `script`: whether pages may run JavaScript.
pub fn chromium_with(width: u32, height: u32, script: bool) -> (Running, Driver) {
    let port = free_port();
    let process = Running(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let driver = Driver::start_with(port, width, height, script);
    (process, driver)
}

/// Serves the files of `dir` on 127.0.0.1 (`/a/` serves `a/index.html`)
/// from a thread that lives as long as the test; returns the origin.
pub fn serve_dir(dir: &Path) -> String {
    serve_dir_with_headers(dir, Vec::new())
}

/// Header rules as `_headers` writes them: a path (`/*` for every path),
/// then the headers sent for it.
pub type HeaderRules = Vec<(String, Vec<(String, String)>)>;

/// Reads a `_headers` file (Netlify and Cloudflare Pages syntax): `#`
/// comments, a path on a line of its own, its headers indented below it.
pub fn parse_headers(text: &str) -> HeaderRules {
    let mut rules: HeaderRules = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            rules.push((line.trim().to_string(), Vec::new()));
            continue;
        }
        let (name, value) = line
            .trim()
            .split_once(':')
            .unwrap_or_else(|| panic!("not a header: {line:?}"));
        let rule = rules
            .last_mut()
            .unwrap_or_else(|| panic!("a header before any path: {line:?}"));
        rule.1.push((name.trim().to_string(), value.trim().to_string()));
    }
    rules
}

/// The headers the rules give `path`: `/*` matches every path, others only
/// themselves (all `_headers` of dermapress uses).
pub fn headers_for<'a>(rules: &'a HeaderRules, path: &str) -> Vec<&'a (String, String)> {
    rules
        .iter()
        .filter(|(pattern, _)| pattern == "/*" || pattern == path)
        .flat_map(|(_, headers)| headers)
        .collect()
}

/// `serve_dir`, sending the headers of `rules` with each file.
pub fn serve_dir_with_headers(dir: &Path, rules: HeaderRules) -> String {
    let rules = std::sync::Arc::new(rules);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let root = dir.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let (root, rules) = (root.clone(), rules.clone());
            std::thread::spawn(move || answer(stream, &root, &rules));
        }
    });
    origin
}

fn answer(mut stream: TcpStream, root: &Path, rules: &HeaderRules) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file: PathBuf = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) if !path.contains("..") => ("200 OK", b),
        _ => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let extra: String = headers_for(rules, path)
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// Every page's URL path, from its `index.html`.
pub fn pages(public: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let dir = e.path().parent().unwrap().strip_prefix(public).unwrap();
            let dir = dir.to_string_lossy().replace('\\', "/");
            if dir.is_empty() {
                "/".to_string()
            } else {
                format!("/{dir}/")
            }
        })
        .collect();
    out.sort();
    out
}
