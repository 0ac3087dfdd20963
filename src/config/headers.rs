//! `headers:` in site.yaml: what the site adds to the Content-Security-Policy
//! that `_headers` sends (see `render::csp`). By default the policy allows
//! nothing from other sites; a clinic that embeds a map or loads images from
//! a CDN names those origins here, per directive, where a reviewer sees them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::yaml::Spans;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct Headers {
    /// Sources added to a directive: `img-src: [https://images.example.com]`.
    #[serde(default)]
    pub(crate) csp_extra: BTreeMap<String, Vec<String>>,
}

pub(crate) const KEYS: &[&str] = &["csp_extra"];

impl Headers {
    /// Whether the sources site.yaml adds to `directive` let a page load
    /// `url` (an address on another site; the site's own are always allowed).
    pub(crate) fn allows(&self, directive: &str, url: &str) -> bool {
        let Some(sources) = self.csp_extra.get(directive) else {
            return false;
        };
        let Some(origin) = origin(url) else {
            return sources.iter().any(|s| url.starts_with(s.trim()));
        };
        sources.iter().any(|source| {
            let source = source.trim().trim_end_matches('/');
            match source.strip_prefix("https://*.") {
                Some(parent) => origin
                    .strip_prefix("https://")
                    .is_some_and(|host| host.ends_with(&format!(".{parent}"))),
                None => origin == source || (source.starts_with(origin) && url.starts_with(source)),
            }
        })
    }
}

/// `https://cdn.example.com:8443` of `https://cdn.example.com:8443/a.png`:
/// the scheme, host and port of an http(s) address.
pub(crate) fn origin(url: &str) -> Option<&str> {
    let rest_at = url.find("://")? + 3;
    let scheme = &url[..rest_at - 3];
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let end = url[rest_at..].find(['/', '?', '#']).map_or(url.len(), |i| rest_at + i);
    Some(&url[..end])
}

/// The directives a site may widen: where content is loaded from. Not
/// `default-src` (every other directive falls back to it), nor the
/// directives that only forbid.
pub(crate) const DIRECTIVES: &[&str] = &[
    "connect-src",
    "font-src",
    "form-action",
    "frame-src",
    "img-src",
    "manifest-src",
    "media-src",
    "script-src",
    "style-src",
    "worker-src",
];

/// Problems in `headers:`, each at its place in site.yaml.
pub(crate) fn problems(headers: &Headers, spans: &Spans, source: &SourceFile) -> Vec<Diagnostic> {
    let file = source.path();
    let mut out = Vec::new();
    for (directive, sources) in &headers.csp_extra {
        let at = format!("headers.csp_extra.{directive}");
        if !DIRECTIVES.contains(&directive.as_str()) {
            let help = match did_you_mean(directive, DIRECTIVES.iter().copied()) {
                Some(near) => format!(
                    "did you mean `{near}`? The directives a site may add to are: {}",
                    DIRECTIVES.join(", ")
                ),
                None => format!("the directives a site may add to are: {}", DIRECTIVES.join(", ")),
            };
            out.push(
                Diagnostic::error(
                    file,
                    "bad-csp",
                    format!("`{directive}` is not a directive `csp_extra` can add to"),
                )
                .at(source, spans.key(&at))
                .with_help(help),
            );
            continue;
        }
        for (i, value) in sources.iter().enumerate() {
            if let Some((problem, help)) = source_problem(value.trim()) {
                out.push(
                    Diagnostic::error(file, "bad-csp", format!("\"{value}\" in `{directive}`: {problem}"))
                        .at(source, spans.value(&format!("{at}.{i}")))
                        .with_help(help),
                );
            }
        }
    }
    out
}

/// What is wrong with a source for the policy, and the fix: origins on
/// https only, nothing that switches the policy off.
fn source_problem(value: &str) -> Option<(&'static str, &'static str)> {
    let origin_help = "write the other site's origin, e.g. https://maps.example.com";
    match value {
        "'unsafe-inline'" | "'unsafe-eval'" | "'unsafe-hashes'" => {
            return Some((
                "this lets any injected code run, which is what the policy is there to stop",
                "move the code or style into a file of the theme's static/ folder instead",
            ))
        }
        "*" | "https:" | "http:" | "https://*" => return Some(("this allows every site on the web", origin_help)),
        "data:" | "blob:" | "'self'" | "'wasm-unsafe-eval'" => return None,
        _ => {}
    }
    if value.starts_with("http://") {
        return Some((
            "an http:// origin is not encrypted and browsers block it on an https site",
            "use its https:// address",
        ));
    }
    let Some(rest) = value.strip_prefix("https://") else {
        return Some(("a source is an https:// origin, data: or blob:", origin_help));
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    let host = host.strip_prefix("*.").unwrap_or(host);
    let bad = value.contains([' ', ';', ',', '\'', '"']) || super::checks::host_problem(host).is_some();
    bad.then_some(("this is not an origin", origin_help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_origins_allow_their_addresses_only() {
        let headers = Headers {
            csp_extra: [(
                "img-src".to_string(),
                vec![
                    "https://images.example.com".to_string(),
                    "https://*.cdn.example.net".to_string(),
                ],
            )]
            .into(),
        };
        assert!(headers.allows("img-src", "https://images.example.com/a.png"));
        assert!(headers.allows("img-src", "https://eu.cdn.example.net/a.png"));
        assert!(!headers.allows("img-src", "https://images.example.com.evil.test/a.png"));
        assert!(!headers.allows("img-src", "https://cdn.example.net/a.png"));
        assert!(!headers.allows("script-src", "https://images.example.com/a.js"));
        assert_eq!(
            origin("https://a.example.com:8443/x?y"),
            Some("https://a.example.com:8443")
        );
    }

    #[test]
    fn only_https_origins_and_plain_schemes_are_sources() {
        for good in [
            "https://maps.example.com",
            "https://*.example.com",
            "https://cdn.example.com:8443/img/",
            "data:",
        ] {
            assert_eq!(source_problem(good), None, "{good}");
        }
        for bad in [
            "'unsafe-inline'",
            "*",
            "http://maps.example.com",
            "maps.example.com",
            "https://a b.com",
            "https://x.com;script-src *",
        ] {
            assert!(source_problem(bad).is_some(), "{bad}");
        }
    }
}
