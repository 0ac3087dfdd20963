//! `check --external` against scripted servers on 127.0.0.1: each kind of
//! answer, the cache that spares a second run every request, and the hosts
//! a clinic tells it to skip.

use crate::support::http::{Reply, Request, Server};
use crate::support::{page, TestSite, SITE_YAML};

use dermapress::{Diagnostic, LoadOptions};

/// The answers of a small web: every case `check --external` must word.
fn web(r: &Request) -> Reply {
    let to = |path: &str| Reply::Status(301, vec![("Location", path.to_string())]);
    match (r.method.as_str(), r.path.as_str()) {
        (_, "/ok") => Reply::Status(200, vec![]),
        (_, "/moved") => to("/moved-again"),
        (_, "/moved-again") => to("/ok"),
        (_, "/loop") => to("/loop"),
        (_, "/gone" | "/cited-gone") => Reply::Status(404, vec![]),
        (_, "/busy") if r.earlier == 0 => Reply::Status(429, vec![("Retry-After", "1".into())]),
        (_, "/busy") => Reply::Status(200, vec![]),
        (_, "/very-busy") => Reply::Status(429, vec![("Retry-After", "3600".into())]),
        ("HEAD", "/no-head") => Reply::Status(405, vec![]),
        ("GET", "/no-head") => Reply::Status(200, vec![]),
        (_, "/silent") => Reply::Silence,
        _ => Reply::Status(500, vec![]),
    }
}

fn site_linking(server: &Server, paths: &[&str], settings: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}checks:\n  external:\n    timeout_seconds: 1\n    max_wait_seconds: 2\n{settings}"),
    );
    let links: String = paths
        .iter()
        .map(|p| format!("- [{p}]({}{p})\n", server.origin))
        .collect();
    let front = format!(
        "sources:\n  - title: A study that moved\n    publisher: A journal\n    year: 2020\n    url: {}/cited-gone\n",
        server.origin
    );
    site.write(
        "content/links.md",
        &page("Links", &front, &format!("\nRead more:\n\n{links}")),
    );
    site
}

/// The findings of `check --external` about other sites, as the terminal shows them.
fn external_findings(site: &TestSite, server: &Server) -> String {
    let findings: Vec<Diagnostic> = dermapress::check_external(site.root(), &LoadOptions::default())
        .into_iter()
        .filter(|d| d.rule.contains("external-link"))
        .collect();
    // Ports of the loopback range are five digits: the excerpts keep their width.
    dermapress::report::check_human(&findings).replace(server.origin.trim_start_matches("http://"), "127.0.0.1:XXXXX")
}

#[test]
fn each_answer_is_worded_at_its_place() {
    let server = Server::start(web);
    let paths = [
        "/ok",
        "/moved",
        "/gone",
        "/busy",
        "/no-head",
        "/silent",
        "/loop",
        "/very-busy",
    ];
    let site = site_linking(&server, &paths, "");
    insta::assert_snapshot!(external_findings(&site, &server));
    let asked = server.requests();
    let ua = format!("dermapress/{} (+link check)", env!("CARGO_PKG_VERSION"));
    assert!(asked.iter().all(|r| r.user_agent == ua), "{asked:?}");
    let methods = |path: &str| -> Vec<String> {
        asked
            .iter()
            .filter(|r| r.path == path)
            .map(|r| r.method.clone())
            .collect()
    };
    assert_eq!(
        methods("/ok"),
        ["HEAD", "HEAD"],
        "once itself, once at the end of the chain"
    );
    assert_eq!(methods("/moved-again"), ["HEAD"]);
    assert_eq!(methods("/no-head"), ["HEAD", "GET"]);
    assert_eq!(
        methods("/busy"),
        ["HEAD", "HEAD"],
        "Retry-After is honoured, then asked again"
    );
    assert_eq!(methods("/silent"), ["HEAD"], "a timeout is not asked twice");
}

#[test]
fn a_second_run_within_cache_hours_asks_nobody() {
    let server = Server::start(web);
    let site = site_linking(&server, &["/ok", "/gone"], "    cache_hours: 24\n");
    let first = external_findings(&site, &server);
    let asked = server.requests().len();
    assert!(asked >= 3, "{:?}", server.requests());
    assert!(site.path(".dermapress-cache/external-links.json").is_file());
    let second = external_findings(&site, &server);
    assert_eq!(
        server.requests().len(),
        asked,
        "the second run asked again: {:?}",
        server.requests()
    );
    assert_eq!(second, first, "the cached answers give the same findings");
    // A cache that is switched off is not read.
    site.edit("site.yaml", "cache_hours: 24", "cache_hours: 0");
    external_findings(&site, &server);
    assert!(server.requests().len() > asked);
}

#[test]
fn skipped_hosts_are_never_asked() {
    let server = Server::start(web);
    let site = site_linking(&server, &["/gone"], "    skip: [127.0.0.1]\n");
    assert_eq!(external_findings(&site, &server), "no problems found\n");
    assert_eq!(server.requests(), vec![]);
}

#[test]
fn without_external_nothing_is_asked() {
    let server = Server::start(web);
    let site = site_linking(&server, &["/gone"], "");
    let findings = dermapress::check(site.root(), &LoadOptions::default());
    assert!(findings.iter().all(|d| !d.rule.contains("external-link")));
    site.build();
    let run = site.run(&["check"]);
    assert!(!run.stdout.contains("404"), "{}", run.stdout);
    assert_eq!(server.requests(), vec![]);
    assert!(!site.path(".dermapress-cache").exists());
}

#[test]
fn the_command_line_reports_a_dead_source_and_fails() {
    let server = Server::start(web);
    let site = site_linking(&server, &["/ok"], "");
    let run = site.run(&["check", "--external"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "content/links.md:8:10: error: the source {}/cited-gone answered 404 Not Found: the page is gone",
            server.origin
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_skip_pattern_that_is_not_a_host_is_an_error_at_its_place() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Hello.\n"));
    // `break_with` also checks that the failed build left public/ as it was.
    let errors = site.break_with(
        "site.yaml",
        &format!(
            "{SITE_YAML}checks:\n  external:\n    skip:\n      - www.fda.gov\n      - https://www.nih.gov/health\n"
        ),
    );
    insta::assert_snapshot!(crate::support::report(&errors));
}

#[test]
fn one_host_gets_per_host_requests_at_a_time() {
    // Each answer takes a moment, so that requests sent together overlap.
    let server = Server::start(|_| {
        std::thread::sleep(std::time::Duration::from_millis(30));
        Reply::Status(200, vec![])
    });
    let paths: Vec<String> = (0..8).map(|n| format!("/page-{n}")).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let site = site_linking(&server, &paths, "    per_host: 1\n");
    external_findings(&site, &server);
    assert_eq!(server.requests().len(), 9, "{:?}", server.requests());
    assert_eq!(server.most_at_once(), 1);
}

#[test]
fn links_in_data_pages_are_checked_at_their_place() {
    let server = Server::start(web);
    let site = TestSite::new();
    site.write(
        "content/faq.yaml",
        &format!(
            "kind: faq\ntitle: Questions\ndescription: Questions and answers about the treatment.\nquestions:\n  - q: Where can I read more?\n    a: See [this page]({}/gone).\nsources:\n  - title: A study\n    url: {}/ok\n",
            server.origin, server.origin
        ),
    );
    let shown = external_findings(&site, &server);
    assert!(
        shown.starts_with("content/faq.yaml:6:24: error: the link http://127.0.0.1:XXXXX/gone answered 404 Not Found"),
        "{shown}"
    );
    assert!(shown.ends_with("1 error\n"), "{shown}");
}

#[test]
fn checks_can_lower_disable_and_raise_the_external_rules() {
    let server = Server::start(web);
    let rows = |settings: &str| -> Vec<(String, dermapress::Severity)> {
        let site = site_linking(&server, &["/gone", "/silent"], "");
        site.edit("site.yaml", "checks:\n", &format!("checks:\n{settings}"));
        let findings = dermapress::check_external(site.root(), &LoadOptions::default());
        let external = findings.into_iter().filter(|d| d.rule.contains("external-link"));
        external.map(|d| (d.rule.to_string(), d.severity)).collect()
    };
    use dermapress::Severity::{Error, Warning};
    let dead = || ("dead-external-link".to_string(), Error);
    let unchecked = || ("unchecked-external-link".to_string(), Warning);
    assert_eq!(rows(""), [dead(), dead(), unchecked()]);
    assert_eq!(
        rows("  severity: { dead-external-link: warning, unchecked-external-link: error }\n"),
        [(dead().0, Warning), (dead().0, Warning), (unchecked().0, Error)]
    );
    assert_eq!(rows("  disable: [unchecked-external-link]\n"), [dead(), dead()]);
}
