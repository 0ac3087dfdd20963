//! A scripted HTTP server on 127.0.0.1 for the external link checks: each
//! request is answered by the test's function, every request is logged, and
//! the server stops when the value is dropped.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub user_agent: String,
    /// How many requests for this path came before this one.
    pub earlier: usize,
}

pub enum Reply {
    /// A status line and headers, with an empty body.
    Status(u16, Vec<(&'static str, String)>),
    /// Holds the connection open and never answers (until the server stops).
    Silence,
}

type Script = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct Server {
    pub origin: String,
    log: Arc<Mutex<Vec<Request>>>,
    /// Requests being answered now, and the most there ever were at once.
    busy: Arc<Mutex<(usize, usize)>>,
    stop: Arc<AtomicBool>,
    accepting: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(script: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let busy = Arc::new(Mutex::new((0, 0)));
        let stop = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(script);
        let (log2, stop2, busy2) = (log.clone(), stop.clone(), busy.clone());
        let accepting = std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let (log, stop, script, busy) = (log2.clone(), stop2.clone(), script.clone(), busy2.clone());
                std::thread::spawn(move || serve(stream, &log, &stop, &busy, &*script));
            }
        });
        Server {
            origin,
            log,
            busy,
            stop,
            accepting: Some(accepting),
        }
    }

    /// The most requests that were being answered at the same time.
    pub fn most_at_once(&self) -> usize {
        self.busy.lock().unwrap().1
    }

    /// Every request so far, in the order they came.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.origin.trim_start_matches("http://"));
        if let Some(t) = self.accepting.take() {
            let _ = t.join();
        }
    }
}

/// Answers the requests of one connection (clients may reuse it).
fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
    busy: &Mutex<(usize, usize)>,
    script: &Script,
) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut first = String::new();
        if reader.read_line(&mut first).unwrap_or(0) == 0 || stop.load(Ordering::SeqCst) {
            return;
        }
        let mut user_agent = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("user-agent") {
                    user_agent = value.trim().to_string();
                }
            }
        }
        let mut parts = first.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("/").to_string();
        let request = {
            let mut log = log.lock().unwrap();
            let earlier = log.iter().filter(|r| r.path == path).count();
            let request = Request {
                method,
                path,
                user_agent,
                earlier,
            };
            log.push(request.clone());
            request
        };
        {
            let mut busy = busy.lock().unwrap();
            busy.0 += 1;
            busy.1 = busy.1.max(busy.0);
        }
        let reply = script(&request);
        busy.lock().unwrap().0 -= 1;
        match reply {
            Reply::Silence => {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
            Reply::Status(status, headers) => {
                let mut head = format!("HTTP/1.1 {status} Whatever\r\nContent-Length: 0\r\n");
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                if writer.write_all(head.as_bytes()).is_err() {
                    return;
                }
            }
        }
    }
}
