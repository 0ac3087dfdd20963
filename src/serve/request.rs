//! The pure part of the preview server: which output file a request path
//! names, whether a Host header may be answered, what content type a file
//! has, and where the live-reload script goes in a page.
//!
//! Nothing here reads the disk: a request can only ever name a key of the
//! in-memory `Output`, and paths that try to climb out are refused before.

use std::net::IpAddr;

/// Why a request path was refused (answered with 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadPath {
    NotAbsolute,
    BadEscape,
    NotUtf8,
    /// `.`/`..` segments, empty segments (`//`), backslashes, control characters.
    Forbidden,
}

/// The output key a request path names: `/` -> `index.html`,
/// `/guides/` -> `guides/index.html`, `/css/style.css` -> `css/style.css`.
pub(crate) fn output_key(raw: &str) -> Result<String, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath::NotAbsolute)?;
    let bytes = percent_decode(rest)?;
    let path = String::from_utf8(bytes).map_err(|_| BadPath::NotUtf8)?;
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(BadPath::Forbidden);
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return Err(BadPath::Forbidden);
        }
    }
    if path.is_empty() || path.ends_with('/') {
        Ok(format!("{path}index.html"))
    } else {
        Ok(path)
    }
}

fn percent_decode(text: &str) -> Result<Vec<u8>, BadPath> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadPath::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadPath::BadEscape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadPath::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(out)
}

/// The Host names the preview answers to. A web page on another site can
/// make a browser send requests here under a name it controls (DNS
/// rebinding); answering only to these names makes such requests fail.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHosts {
    bind: IpAddr,
    /// This machine's own addresses, answered to when bound to all of them.
    own: Vec<IpAddr>,
    /// Names the user allowed with `--allow-host`, in lower case.
    names: Vec<String>,
}

impl AllowedHosts {
    pub(crate) fn new(bind: IpAddr) -> Self {
        AllowedHosts {
            bind,
            own: Vec::new(),
            names: Vec::new(),
        }
    }

    /// The machine's own addresses (gathered at the edge, in `watch`).
    pub(crate) fn with_own_addresses(mut self, own: Vec<IpAddr>) -> Self {
        self.own = own;
        self
    }

    /// Host names the user allowed (`--allow-host clinic-laptop.local`).
    pub(crate) fn with_names(mut self, names: &[String]) -> Self {
        self.names = names
            .iter()
            .map(|n| strip_port(n.trim()).to_ascii_lowercase())
            .collect();
        self
    }

    /// Whether a request with this Host header (with or without its port) is answered.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let name = strip_port(host.trim()).to_ascii_lowercase();
        if name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name) {
            return true;
        }
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() || ip == self.bind => true,
            // Bound to every interface: any address of this machine may be
            // used, but only its own, and only as an address, never as a name.
            Ok(ip) => self.bind.is_unspecified() && self.own.contains(&ip),
            Err(_) => false,
        }
    }
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:1111
        return match rest.find(']') {
            Some(end) => &host[..end + 2],
            None => host,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The Content-Type of an output file, by its extension.
pub(crate) fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" if key.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script tag before `</body>` (or at the end
/// when the page has none). `build` is the build the page came from, so a
/// page that missed a reload message still learns it is out of date.
pub(crate) fn inject_reload(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{}?build={build}\"></script>", super::SCRIPT_PATH);
    let at = rfind_ascii_case_insensitive(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_case_insensitive(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_name_output_keys() {
        assert_eq!(output_key("/").as_deref(), Ok("index.html"));
        assert_eq!(output_key("/guides/").as_deref(), Ok("guides/index.html"));
        assert_eq!(output_key("/css/style.css").as_deref(), Ok("css/style.css"));
        assert_eq!(output_key("/a%20b.png").as_deref(), Ok("a b.png"));
    }

    #[test]
    fn climbing_and_odd_paths_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/a/../../x",
            "/./x",
            "//etc/passwd",
            "/..%5csite.yaml",
            "/a\\b",
            "/%00",
            "/%zz",
            "/%c3",
            "etc/passwd",
        ] {
            assert!(output_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_local_names_are_answered() {
        let local = AllowedHosts::new("127.0.0.1".parse().unwrap());
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "192.168.1.5",
            "127.0.0.1.evil.example",
            "",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        let lan = AllowedHosts::new("192.168.1.5".parse().unwrap());
        assert!(lan.allows("192.168.1.5:1111"));
        assert!(!lan.allows("10.0.0.1"));
        let any = AllowedHosts::new("0.0.0.0".parse().unwrap()).with_own_addresses(vec!["10.0.0.1".parse().unwrap()]);
        assert!(any.allows("10.0.0.1:1111"));
        assert!(!any.allows("10.0.0.2:1111"), "only this machine's own addresses");
        let named = AllowedHosts::new("0.0.0.0".parse().unwrap()).with_names(&["Clinic-Laptop.local".to_string()]);
        assert!(named.allows("clinic-laptop.local:1111"));
        assert!(!named.allows("other.local"));
        assert!(!any.allows("rebind.example"));
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject_reload(b"<html><body><p>x</p></BODY></html>", 3);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("<p>x</p><script src=\"/__dermapress/livereload.js?build=3\"></script></BODY>"));
        assert!(String::from_utf8(inject_reload(b"<p>no body", 1))
            .unwrap()
            .ends_with("</script>"));
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("images/a.SVG"), "image/svg+xml");
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
