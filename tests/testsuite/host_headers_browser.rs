//! The repository's microneedling site served on 127.0.0.1 with the headers
//! of its own `_headers`, in a real headless Chromium: no page breaks the
//! Content-Security-Policy (the console reports every violation, and a
//! planted one shows that it would).
//!
//! Skipped, with a message, where Chromium or chromedriver is not installed
//! (and failing in CI, see `browser_installed`).

use crate::support::browser::*;

/// Console messages about the policy, or about a header Chromium could not
/// read (an unknown feature in Permissions-Policy, say).
fn violations(log: &[String]) -> Vec<&String> {
    let about_headers = |m: &&String| {
        m.contains("Content Security Policy") || m.contains("Permissions-Policy") || m.contains("Referrer Policy")
    };
    log.iter().filter(about_headers).collect()
}

/// The built site served with its own `_headers`, and a browser; `plant`
/// may add files to the output first. None without a browser.
struct Served {
    public: std::path::PathBuf,
    origin: String,
    driver: Driver,
    _chromedriver: Running,
    _site: tempfile::TempDir,
}

fn served(plant: impl FnOnce(&std::path::Path)) -> Option<Served> {
    if !browser_installed() {
        return None;
    }
    let site = crate::support::built_repo();
    let public = site.path().join("public");
    let rules = parse_headers(&std::fs::read_to_string(public.join("_headers")).unwrap());
    assert!(headers_for(&rules, "/")
        .iter()
        .any(|(n, _)| n == "Content-Security-Policy"));
    plant(&public);
    let origin = serve_dir_with_headers(&public, rules);
    let (chromedriver, driver) = chromium(1280, 900);
    Some(Served {
        public,
        origin,
        driver,
        _chromedriver: chromedriver,
        _site: site,
    })
}

impl Served {
    fn visit(&self, path: &str) {
        self.driver.goto(&format!("{}{path}", self.origin));
        self.driver
            .wait_for("the page loads", "return document.readyState", |v| v == "complete");
    }
}

#[test]
fn no_page_of_the_site_breaks_its_content_security_policy() {
    // Inline code, which the policy must refuse: proof that a violation is seen.
    let plant = |public: &std::path::Path| {
        let html =
            "<!doctype html><title>x</title><style>p{color:red}</style><p>x</p><script>document.title='ran'</script>";
        std::fs::write(public.join("planted.html"), html).unwrap();
    };
    let Some(served) = served(plant) else { return };
    let driver = &served.driver;
    served.visit("/planted.html");
    assert_eq!(driver.run("return document.title"), "x", "the inline script ran");
    let planted = driver.console_log();
    assert!(
        violations(&planted).len() >= 2,
        "the planted inline code was not reported: {planted:?}"
    );
    let all = pages(&served.public);
    assert!(all.len() >= 20, "{all:?}");
    let mut problems = Vec::new();
    for path in &all {
        served.visit(path);
        // The stylesheet applied: the skip link is moved off screen by style.css.
        let styled = driver.run("return getComputedStyle(document.querySelector('.skip-link')).position");
        if styled != "absolute" {
            problems.push(format!("{path}: the stylesheet did not apply ({styled})"));
        }
        let log = driver.console_log();
        problems.extend(violations(&log).into_iter().map(|m| format!("{path}: {m}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_faq_script_still_opens_the_question_a_link_points_at() {
    let Some(served) = served(|_| {}) else { return };
    let driver = &served.driver;
    served.visit("/faq/");
    let id = driver.run("return document.querySelector('.faq details').id");
    let id = id.as_str().expect("a question with an id").to_string();
    driver.goto(&format!("{}/faq/#{id}", served.origin));
    driver.wait_for(
        "the question opens",
        &format!("return document.getElementById('{id}').open"),
        |v| v == true,
    );
    assert_eq!(violations(&driver.console_log()), Vec::<&String>::new());
}
