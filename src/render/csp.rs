//! The Content-Security-Policy of `_headers`, built from a table of what each
//! feature of the built site loads, plus what site.yaml adds (`headers:
//! csp_extra:`). A feature that loads something new (a search index, an
//! embedded map) is one row here; nothing is allowed that no row names.

use serde::Serialize;

use crate::load::Site;

/// What one feature needs, as (directive, source) pairs.
pub(crate) struct Loads {
    /// Who needs it, written into `_headers` as a comment for its reader.
    pub(crate) feature: &'static str,
    pub(crate) sources: &'static [(&'static str, &'static str)],
    /// Only on a site with search (see `config::search`).
    pub(crate) with_search: bool,
}

pub(crate) const LOADS: &[Loads] = &[
    Loads {
        feature: "every page: nothing from elsewhere, no plugins, no framing, forms post to the site",
        sources: &[
            ("default-src", "'self'"),
            ("base-uri", "'self'"),
            ("form-action", "'self'"),
            ("frame-ancestors", "'none'"),
            ("object-src", "'none'"),
        ],
        with_search: false,
    },
    Loads {
        feature: "the theme's stylesheets (content-named) and css/brand.css; no <style>, no style=",
        sources: &[("style-src", "'self'")],
        with_search: false,
    },
    Loads {
        feature: "the theme's scripts (js/faq.js); JSON-LD is data and is never run",
        sources: &[("script-src", "'self'")],
        with_search: false,
    },
    Loads {
        feature: "images, the favicon and the feed's icon from the site",
        sources: &[("img-src", "'self'")],
        with_search: false,
    },
    Loads {
        feature: "site search: pagefind's WebAssembly, its worker and its index files, all from the site",
        sources: &[
            ("script-src", "'wasm-unsafe-eval'"),
            ("worker-src", "'self'"),
            ("connect-src", "'self'"),
        ],
        with_search: true,
    },
];

/// Browser features no page of a patient-information site uses.
const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

/// What the `_headers` template sees as `headers`.
#[derive(Serialize)]
pub(crate) struct HeadersContext {
    pub(crate) csp: String,
    /// Why the policy allows what it does, one line per row of `LOADS`.
    pub(crate) reasons: Vec<&'static str>,
    pub(crate) permissions: &'static str,
    /// The content-named files, as paths from the site's root.
    pub(crate) immutable: Vec<String>,
}

pub(crate) fn headers(site: &Site) -> HeadersContext {
    let search = super::search::enabled(site);
    let loads = || LOADS.iter().filter(move |l| search || !l.with_search);
    let extra = site
        .config
        .headers
        .csp_extra
        .iter()
        .flat_map(|(directive, sources)| sources.iter().map(move |s| (directive.as_str(), s.trim())));
    HeadersContext {
        csp: policy(loads().flat_map(|l| l.sources.iter().copied()).chain(extra)),
        reasons: loads().map(|l| l.feature).collect(),
        permissions: PERMISSIONS,
        immutable: site
            .fingerprinted
            .iter()
            .filter(|f| f.published != f.path)
            .map(|f| format!("/{}", f.published))
            .collect(),
    }
}

/// The policy's text: directives in the order they first appear, each
/// source once.
fn policy<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut directives: Vec<(&str, Vec<&str>)> = Vec::new();
    for (directive, source) in pairs {
        match directives.iter_mut().find(|(d, _)| *d == directive) {
            Some((_, sources)) if !sources.contains(&source) => sources.push(source),
            Some(_) => {}
            None => directives.push((directive, vec![source])),
        }
    }
    let parts: Vec<String> = directives.iter().map(|(d, s)| format!("{d} {}", s.join(" "))).collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_alone_loads_only_from_the_site() {
        assert_eq!(
            policy(
                LOADS
                    .iter()
                    .filter(|l| !l.with_search)
                    .flat_map(|l| l.sources.iter().copied())
            ),
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; \
             style-src 'self'; script-src 'self'; img-src 'self'"
        );
    }

    #[test]
    fn search_adds_webassembly_its_worker_and_its_index_files() {
        assert_eq!(
            policy(LOADS.iter().flat_map(|l| l.sources.iter().copied())),
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; \
             style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self'; worker-src 'self'; connect-src 'self'"
        );
    }

    #[test]
    fn added_sources_join_their_directive_once() {
        let pairs = [
            ("img-src", "'self'"),
            ("img-src", "https://cdn.example.com"),
            ("img-src", "'self'"),
        ];
        assert_eq!(policy(pairs.into_iter()), "img-src 'self' https://cdn.example.com");
    }
}
