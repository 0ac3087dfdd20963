//! Safe defaults for the host: content-named, minified stylesheets and
//! scripts through `asset()`, and the `_headers` file with a strict
//! Content-Security-Policy and long cache lifetimes for those files.

use crate::support::browser::{parse_headers, HeaderRules};
use crate::support::{attr, page, select, tree, TestSite, SITE_YAML};

use scraper::Html;

/// The stylesheet and script addresses of every HTML page of the output.
fn loaded_urls(site: &TestSite) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in site.tree().into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for e in select(&html, "link[rel=stylesheet]") {
            out.push((path.clone(), attr(e, "href").to_string()));
        }
        for e in select(&html, "script[src]") {
            out.push((path.clone(), attr(e, "src").to_string()));
        }
    }
    out
}

fn headers(site: &TestSite) -> HeaderRules {
    parse_headers(&site.read("_headers"))
}

fn header<'a>(rules: &'a HeaderRules, path: &str, name: &str) -> Option<&'a str> {
    let rule = rules.iter().find(|(p, _)| p == path)?;
    rule.1.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

#[test]
fn pages_link_content_named_files_that_exist() {
    let site = TestSite::clinic();
    site.build_ok();
    let urls = loaded_urls(&site);
    assert!(urls.iter().any(|(p, _)| p == "faq/index.html"), "{urls:?}");
    for (page, url) in &urls {
        // The clinic site lives below /info/ (base_url).
        let rel = url.strip_prefix("/info/").unwrap_or_else(|| panic!("{page}: {url}"));
        assert!(site.exists(rel), "{page} loads {url}, which is not in the output");
        let name = rel.rsplit('/').next().unwrap();
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{page} loads {url}: not content-named");
        assert_eq!(parts[1].len(), 10, "{url}");
        assert!(parts[1].chars().all(|c| c.is_ascii_hexdigit()), "{url}");
    }
    let style = urls
        .iter()
        .find(|(_, u)| u.contains("/css/style."))
        .expect("the stylesheet")
        .1
        .clone();
    let minified = site.read(style.strip_prefix("/info/").unwrap());
    assert!(!minified.contains("\n  "), "the stylesheet is not minified");
    assert!(minified.len() < site.read("css/style.css").len());
    assert!(
        urls.iter()
            .any(|(p, u)| p == "faq/index.html" && u.contains("/js/faq.")),
        "{urls:?}"
    );
}

#[test]
fn names_are_stable_and_follow_the_css() {
    let site = TestSite::clinic();
    site.build_ok();
    let first = site.tree();
    site.build_ok();
    assert_eq!(site.tree(), first, "the same input gives the same files");
    let style = |tree: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        tree.keys()
            .filter(|k| k.starts_with("css/style.") && k.len() > "css/style.css".len())
            .cloned()
            .collect()
    };
    let before = style(&first);
    assert_eq!(before.len(), 1, "{before:?}");
    site.edit(
        "themes/clinic/static/css/style.css",
        "body {",
        ".new-rule { color: red; }\nbody {",
    );
    site.build_ok();
    let after = style(&site.tree());
    assert_eq!(after.len(), 1, "the old name is gone: {after:?}");
    assert_ne!(after, before);
    assert!(site.read("index.html").contains(&format!("/info/{}", after[0])));
    assert!(site.read(&after[0]).contains(".new-rule{color:red}"));
}

#[test]
fn headers_allow_only_the_site_and_keep_named_files_a_year() {
    let site = TestSite::clinic();
    site.build_ok();
    let rules = headers(&site);
    let csp = header(&rules, "/*", "Content-Security-Policy").expect("a policy for every path");
    assert_eq!(
        csp,
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; \
         style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self'; worker-src 'self'; connect-src 'self'",
        "the clinic theme has search: pagefind's WebAssembly, worker and index files come from the site"
    );
    assert_eq!(header(&rules, "/*", "X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(
        header(&rules, "/*", "Referrer-Policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert!(header(&rules, "/*", "Permissions-Policy").is_some_and(|p| p.contains("camera=()")));
    let named: Vec<String> = tree(&site.out())
        .into_keys()
        .filter(|k| (k.ends_with(".css") || k.ends_with(".js")) && k.matches('.').count() == 2)
        .collect();
    assert_eq!(named.len(), 3, "the style sheet, faq.js and search.js: {named:?}");
    for path in &named {
        assert_eq!(
            header(&rules, &format!("/{path}"), "Cache-Control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
    }
    assert_eq!(rules.len(), 1 + named.len(), "{rules:?}");
}

#[test]
fn the_site_adds_origins_and_bad_ones_are_errors_at_their_place() {
    let site = TestSite::clinic();
    site.edit(
        "site.yaml",
        "language: en\n",
        "language: en\nheaders:\n  csp_extra:\n    img-src: [https://images.example.com]\n    frame-src: [\"https://maps.example.com\"]\n",
    );
    site.build_ok();
    let csp = header(&headers(&site), "/*", "Content-Security-Policy")
        .unwrap()
        .to_string();
    assert!(
        csp.ends_with("img-src 'self' https://images.example.com; worker-src 'self'; connect-src 'self'; frame-src https://maps.example.com"),
        "{csp}"
    );
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Hello.\n"));
    let errors = site.break_with(
        "site.yaml",
        &format!("{SITE_YAML}headers:\n  csp_extra:\n    script-src: [\"'unsafe-inline'\", http://cdn.example.com]\n    img-scr: [https://images.example.com]\n"),
    );
    insta::assert_snapshot!(crate::support::report(&errors));
}

#[test]
fn a_stylesheet_the_minifier_cannot_read_is_an_error_at_its_line() {
    let site = TestSite::clinic();
    site.write("static/css/extra.css", "a { color: red; }\n}\nb { color: blue; }\n");
    let errors = site.build_errors();
    insta::assert_snapshot!(crate::support::report(&errors));
}

#[test]
fn asset_names_a_missing_file_as_a_template_error() {
    let site = TestSite::clinic();
    site.write(
        "templates/partials/cta.html",
        "<script src=\"{{ asset(path='js/missing.js') }}\"></script>\n",
    );
    let errors = site.build_errors();
    let first = &errors[0];
    assert_eq!(
        first.file,
        std::path::Path::new("templates/partials/cta.html"),
        "{}",
        crate::support::report(&errors)
    );
    assert!(
        first.message.contains("there is no stylesheet or script js/missing.js"),
        "{}",
        first.message
    );
}

#[test]
fn a_site_writes_its_own_headers_as_a_template_not_a_static_file() {
    let site = TestSite::clinic();
    site.write("static/_headers", "/*\n  X-Own: yes\n");
    let errors = site.build_errors();
    let d = crate::support::only(&errors);
    assert_eq!(d.file, std::path::Path::new("static/_headers"));
    assert!(
        crate::support::help(d).starts_with("to write _headers yourself, move the file to templates/_headers"),
        "{d}"
    );
    std::fs::remove_file(site.path("static/_headers")).unwrap();
    site.write(
        "templates/_headers",
        "/*\n  X-Own: yes\n  Content-Security-Policy: {{ headers.csp }}; upgrade-insecure-requests\n",
    );
    site.build_ok();
    let rules = headers(&site);
    assert_eq!(header(&rules, "/*", "X-Own"), Some("yes"));
    assert!(header(&rules, "/*", "Content-Security-Policy")
        .unwrap()
        .starts_with("default-src 'self';"));
}
