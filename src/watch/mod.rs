//! `dermapress watch`: build, serve the preview from memory, and rebuild on
//! every change under `content/`, `themes/`, `templates/`, `static/` and
//! `site.yaml`, until Ctrl-C.
//!
//! Events come from `notify` as they happen (or through
//! `notify-debouncer-full`'s poller where native events cannot be had, or
//! with `--poll`); the burst of events of a save is one rebuild, started as
//! soon as the files written are closed (see `watcher`). A failed build never stops anything: its diagnostics go
//! to the terminal and to the open pages, and the preview keeps showing the
//! last good build. Without `--no-serve` nothing is ever written to `public/`.

pub(crate) mod changes;
mod images;
pub(crate) mod rebuild;
mod session;
mod watcher;

use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;

use crate::load::LoadOptions;
use crate::report;
use crate::serve::{self, request::AllowedHosts, Preview};
use changes::ChangeSet;
use session::{Session, Target};
use watcher::{next_changes, stop_on_ctrl_c, Watcher};

/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 20;

#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub drafts: bool,
    /// Only rebuild `public/`, with no preview server.
    pub no_serve: bool,
    /// Look at the files every 250 ms instead of waiting for the system's events.
    pub poll: bool,
    /// Host names the preview answers to besides localhost and this
    /// machine's addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// The day to preview the site as of (`--as-of`); None: today, each build.
    pub as_of: Option<jiff::civil::Date>,
}

/// Why watch could not start: the command was used wrongly or the machine
/// refused (exit code 2).
#[derive(Debug)]
pub struct WatchError {
    pub message: String,
    pub help: String,
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> WatchError {
    WatchError {
        message: message.into(),
        help: help.into(),
    }
}

/// Runs until Ctrl-C.
pub fn run(options: &WatchOptions) -> Result<(), WatchError> {
    let root = options.root.canonicalize().map_err(|e| {
        refused(
            format!("cannot open the site folder {}: {e}", options.root.display()),
            "pass the site's folder with --root DIR",
        )
    })?;
    let (signals, inbox) = mpsc::channel();
    stop_on_ctrl_c(signals.clone());
    let background = images::Background::new(root.clone(), signals.clone());
    let search_ready = signals.clone();
    let mut watcher = Watcher::start(&root, options.poll, signals)?;
    let mut load = LoadOptions {
        drafts: options.drafts,
        as_of: options.as_of,
        ..LoadOptions::default()
    };
    let (target, listener) = target(options, &root, &mut load)?;
    let preview = match &target {
        Target::Preview(p) => Some(p.clone()),
        Target::Files(_) => None,
    };
    let wake: crate::render::Wake = std::sync::Arc::new(move || {
        let _ = search_ready.send(watcher::Signal::Search);
    });
    let mut session = Session::new(&root, load, target, Some(wake)).with_images(background);
    session.build(&ChangeSet::default(), true);
    let server = match (listener, preview) {
        (Some(listener), Some(preview)) => {
            let addr = listener.local_addr().ok();
            let s = serve::spawn(listener, preview)
                .map_err(|e| refused(format!("cannot start the preview server: {e}"), "try another --port"))?;
            if let Some(addr) = addr {
                report::out(&format!(
                    "serving the preview on {}/ (Ctrl-C to stop)\n",
                    preview_origin(addr)
                ));
            }
            Some(s)
        }
        _ => {
            report::out("watching for changes; rebuilding public/ (Ctrl-C to stop)\n");
            None
        }
    };
    while let Some(changes) = next_changes(&inbox, &root, &mut watcher) {
        session.build(&changes, false);
    }
    if let Some(s) = server {
        let _ = s.stop();
    }
    report::out("stopped\n");
    Ok(())
}

/// Where builds go: the preview (with its bound port), or `public/` with
/// `--no-serve`. Sets the preview's own address as the base URL.
fn target(
    options: &WatchOptions,
    root: &std::path::Path,
    load: &mut LoadOptions,
) -> Result<(Target, Option<TcpListener>), WatchError> {
    let public = root.join("public");
    if options.no_serve {
        if let Some(reason) = crate::output::refuse_output(root, &public, false) {
            return Err(refused(
                format!("refusing to write to {}: {reason}", public.display()),
                "move the folder out of the way",
            ));
        }
        return Ok((Target::Files(public), None));
    }
    let listener = listen(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| refused(e.to_string(), "try another --port"))?;
    if !options.bind.is_loopback() {
        report::out(&format!(
            "warning: serving on {} lets other machines on your network see the preview\n",
            options.bind
        ));
    }
    load.base_url = Some(preview_origin(addr));
    load.plain_asset_names = true;
    // The preview shows originals until their processed files are ready.
    load.background_images = true;
    let own: Vec<IpAddr> = if options.bind.is_unspecified() {
        if_addrs::get_if_addrs()
            .map(|all| all.into_iter().map(|i| i.ip()).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let hosts = AllowedHosts::new(options.bind)
        .with_own_addresses(own)
        .with_names(&options.allow_hosts);
    let preview = Preview::new(hosts);
    Ok((Target::Preview(preview), Some(listener)))
}

/// The preview's own address as a base URL: `http://127.0.0.1:1111`.
pub(crate) fn preview_origin(addr: SocketAddr) -> String {
    let ip = addr.ip();
    let shown = if ip.is_unspecified() || ip.is_loopback() {
        match ip {
            IpAddr::V4(_) => "127.0.0.1".to_string(),
            IpAddr::V6(_) => "[::1]".to_string(),
        }
    } else {
        match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        }
    };
    format!("http://{shown}:{}", addr.port())
}

/// Binds the port, or the next free one after it when it is taken (saying so).
fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, WatchError> {
    let mut tried = port;
    loop {
        match TcpListener::bind((bind, tried)) {
            Ok(l) => {
                if tried != port {
                    report::out(&format!(
                        "port {port} is in use, so the preview is on port {tried} (choose one with --port)\n"
                    ));
                }
                return Ok(l);
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse && port != 0 && tried < port.saturating_add(PORT_TRIES) => {
                tried += 1;
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => {
                return Err(refused(
                    format!("port {port} and the {PORT_TRIES} after it are in use"),
                    "choose a free port with --port, e.g. --port 8111",
                ))
            }
            Err(e) => {
                return Err(refused(
                    format!("cannot listen on {bind} port {tried}: {e}"),
                    "choose another address with --bind or port with --port",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_names_itself_by_a_loopback_address() {
        let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(preview_origin(addr("127.0.0.1:1111")), "http://127.0.0.1:1111");
        assert_eq!(preview_origin(addr("0.0.0.0:1111")), "http://127.0.0.1:1111");
        assert_eq!(preview_origin(addr("[::1]:8000")), "http://[::1]:8000");
        assert_eq!(preview_origin(addr("192.168.1.5:1111")), "http://192.168.1.5:1111");
    }
}
