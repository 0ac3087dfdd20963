//! `dermapress watch` as a user runs it: a real process watching a site in a
//! temporary folder, with a client on its event stream. Editors' saves,
//! deletions, new folders and bursts of writes each end in a correct
//! rebuild; a stylesheet change swaps styles without a reload; a busy port is
//! replaced by the next free one; `--no-serve` rebuilds `public/`.

use std::net::TcpListener;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::support::watch::{lines_until, watch, PATIENCE};
use crate::support::TestSite;

fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(PATIENCE).expect("an event within the time allowed")
}

#[test]
fn editors_saves_deletions_and_new_folders_each_end_in_a_correct_rebuild() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0"]);
    let events = w.events();

    // Saved through a temporary file renamed over the page.
    let text = site
        .read_source("content/guides/risks.md")
        .replace("active skin infections", "open wounds");
    site.save_via_rename("content/guides/risks.md", &text);
    assert_eq!(next_event(&events).0, "reload");
    let line = w.line_with(&["rebuilt"]);
    assert!(line.contains("content/guides/risks.md changed"), "{line}");
    assert!(line.contains("re-rendered 1 of"), "{line}");
    assert!(w.get("/guides/risks/").1.contains("open wounds"));

    // A new folder with a section and a page.
    site.write(
        "content/news/_index.md",
        "---\ntitle: News\ndescription: News from the clinic, a folder created while the watch test runs.\n---\n\nNews.\n",
    );
    site.write(
        "content/news/opening.md",
        "---\ntitle: Opening hours\ndescription: Our new opening hours, a page created while the watch test runs.\n---\n\nOpen late.\n",
    );
    let started = Instant::now();
    while w.get("/news/opening/").0 != 200 {
        assert!(started.elapsed() < PATIENCE, "the new folder's page never appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(w.get("/news/opening/").1.contains("Open late."));

    // A deletion: the page is gone (the site's 404 page answers).
    std::fs::remove_file(site.path("content/news/opening.md")).unwrap();
    let started = Instant::now();
    while w.get("/news/opening/").0 != 404 {
        assert!(started.elapsed() < PATIENCE, "the deleted page is still served");
        std::thread::sleep(Duration::from_millis(50));
    }

    // A broken save is reported, the preview keeps serving, the fix reloads.
    while events.try_recv().is_ok() {}
    let good = site.read_source("content/how-it-works.md");
    site.write(
        "content/how-it-works.md",
        &good.replace("title: How it works", "title: How: it works"),
    );
    // A late word of the deletion's rebuild (its findings, or a second
    // rebuild of the same burst) may still come first.
    let mut seen = Vec::new();
    let (name, data) = loop {
        let (name, data) = next_event(&events);
        if name == "failed" || seen.len() == 5 {
            break (name, data);
        }
        seen.push(name);
    };
    assert_eq!(name, "failed", "{data} (after {seen:?})");
    assert!(data.contains("content/how-it-works.md:2:"), "{data}");
    assert_eq!(w.get("/how-it-works/").0, 200, "the last good build is still served");
    site.write(
        "content/how-it-works.md",
        &good.replace("several sessions", "a few sessions"),
    );
    assert_eq!(next_event(&events).0, "reload");
    assert!(w.get("/how-it-works/").1.contains("a few sessions"));
}

#[test]
fn a_stylesheet_change_swaps_styles_and_a_burst_is_few_rebuilds() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0"]);
    let events = w.events();
    let css = site.read_source("themes/clinic/static/css/style.css");
    site.write(
        "themes/clinic/static/css/style.css",
        &format!("{css}\n.watch-test {{ color: red }}\n"),
    );
    assert_eq!(next_event(&events).0, "css", "no full reload for a stylesheet");
    assert!(w.get("/css/style.css").1.contains(".watch-test"));
    // The preview links the plain name, which is what the swap fetches
    // again (a published page links the content name, see `asset()`).
    assert!(w
        .get("/")
        .1
        .contains("<link rel=\"stylesheet\" href=\"/css/style.css\">"));
    w.line_with(&["rebuilt"]);

    // Hundreds of events in a moment: a few rebuilds at most, and the last
    // one has every page.
    for n in 0..150 {
        site.write(
            &format!("content/burst/p{n}.md"),
            &format!("---\ntitle: Burst page {n}\ndescription: One of many pages written at once to test that bursts are merged.\n---\n\nPage {n}.\n"),
        );
        site.edit(&format!("content/burst/p{n}.md"), "Page", "Burst page");
    }
    let mut rebuilds = 0;
    let started = Instant::now();
    while w.get("/burst/p149/").0 != 200 || !w.get("/burst/p0/").1.contains("Burst page 0.") {
        assert!(started.elapsed() < PATIENCE, "the burst never finished building");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    while let Ok(line) = w.lines.try_recv() {
        rebuilds += usize::from(line.starts_with("rebuilt"));
    }
    // Exactly one on a quiet machine (merging itself is tested without
    // timing in src/watch); a busy one may pause the writer mid-burst.
    println!("300 writes made {rebuilds} rebuild(s)");
    assert!((1..=30).contains(&rebuilds), "300 writes made {rebuilds} rebuilds");
}

#[test]
fn a_busy_port_is_replaced_by_the_next_free_one() {
    let site = TestSite::clinic();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let w = watch(&site, &["--port", &port.to_string()]);
    let addr = w.addr.clone().unwrap();
    assert_ne!(addr, format!("127.0.0.1:{port}"));
    assert_eq!(w.get("/").0, 200);
    drop(busy);
}

#[test]
fn no_serve_rebuilds_public() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--no-serve"]);
    let page = site.path("public/guides/risks/index.html");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("active skin infections"));
    site.edit("content/guides/risks.md", "active skin infections", "sunburn");
    w.line_with(&["rebuilt"]);
    assert!(std::fs::read_to_string(&page).unwrap().contains("sunburn"));
    assert!(
        !std::fs::read_to_string(&page).unwrap().contains("__dermapress"),
        "no reload script in public/"
    );
}

#[test]
fn polling_finds_changes_where_native_events_are_not_used() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0", "--poll"]);
    let events = w.events();
    site.edit("content/guides/risks.md", "active skin infections", "a cold sore");
    assert_eq!(next_event(&events).0, "reload");
    assert!(w.get("/guides/risks/").1.contains("a cold sore"));
}

#[test]
fn folders_created_at_the_root_are_watched_from_then_on() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0"]);
    let wait_for = |path: &str, text: &str| {
        let started = Instant::now();
        while !w.get(path).1.contains(text) {
            assert!(started.elapsed() < PATIENCE, "{path} never showed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    // templates/ did not exist when watch started.
    let theirs = site.read_source("themes/clinic/templates/page.html");
    site.write(
        "templates/page.html",
        &theirs.replace("{% block main %}", "{% block main %}<p>override one</p>"),
    );
    wait_for("/guides/risks/", "override one");
    site.write(
        "templates/page.html",
        &theirs.replace("{% block main %}", "{% block main %}<p>override two</p>"),
    );
    wait_for("/guides/risks/", "override two");
    // So did static/: a new file there is published.
    site.write("static/extra.txt", "first\n");
    wait_for("/extra.txt", "first");
}

/// The other bug issue #12 fixes: `watch` never ran the content rules, so an
/// editor previewing a page saw nothing of a claim that `build` refuses. It
/// now prints the findings of the first build and of every save, as `build`
/// words them, on standard error.
#[test]
fn watch_prints_the_content_findings_of_the_first_build_and_of_a_save() {
    let site = TestSite::clinic();
    site.edit(
        "content/how-it-works.md",
        "Most people need several sessions.",
        "Most people need several sessions. It is painless.",
    );
    let w = watch(&site, &["--port", "0"]);
    let first = lines_until(&w.errors, "\"painless\" promises no pain");
    assert!(
        first
            .last()
            .unwrap()
            .starts_with("content/how-it-works.md:16:42: error: \"painless\" promises no pain"),
        "{first:#?}"
    );
    // The preview still serves the page, with the finding over it.
    assert_eq!(w.get("/how-it-works/").0, 200);

    site.edit(
        "content/guides/risks.md",
        "People with active skin infections.",
        "People with active skin infections. Results are guaranteed.",
    );
    let saved = lines_until(&w.errors, "\"guaranteed\" promises an outcome");
    assert!(
        saved
            .last()
            .unwrap()
            .starts_with("content/guides/risks.md:10:49: error: \"guaranteed\" promises an outcome"),
        "{saved:#?}"
    );
    let line = w.line_with(&["rebuilt"]);
    assert!(line.contains("content/guides/risks.md changed"), "{line}");
}

/// With `--no-serve`, the first build's findings are printed too, and an
/// error keeps public/ unwritten, as `build` would.
#[test]
fn watch_no_serve_prints_the_first_builds_findings_and_writes_nothing() {
    let site = TestSite::clinic();
    site.edit(
        "content/how-it-works.md",
        "Most people need several sessions.",
        "Most people need several sessions. It is painless.",
    );
    let w = watch(&site, &["--no-serve"]);
    let first = lines_until(&w.errors, "\"painless\" promises no pain");
    assert!(
        first
            .last()
            .unwrap()
            .starts_with("content/how-it-works.md:16:42: error: \"painless\" promises no pain"),
        "{first:#?}"
    );
    // `watch` returns once "watching for changes" is printed, which comes
    // after the first build.
    assert!(!site.path("public/index.html").exists());
}

/// The preview's event stream carries the findings as JSON (what the page's
/// overlay and warnings panel show), and a save that removes a finding is
/// said on the terminal with a `fixed:` line.
#[test]
fn watch_streams_findings_and_says_when_one_is_fixed() {
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0"]);
    let events = w.events();
    let page = "content/how-it-works.md";
    let good = site.read_source(page);
    site.write(
        page,
        &good.replace(
            "Most people need several sessions.",
            "Most people need several sessions. It is painless.",
        ),
    );
    // A claim is an error: shown over the page, file:line:column and help included.
    let failed = loop {
        let (name, data) = events
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("an event");
        if name == "failed" {
            break data;
        }
    };
    let failed: serde_json::Value = serde_json::from_str(&failed).unwrap();
    let problem = &failed["problems"][0];
    assert_eq!(problem["location"], "content/how-it-works.md:16:42", "{failed}");
    assert_eq!(problem["severity"], "error");
    assert!(problem["help"].as_str().unwrap().contains("numbing cream"), "{failed}");
    // A warning (a description too short for search results) goes to the panel.
    let description = good.lines().find(|l| l.starts_with("description:")).unwrap();
    site.write(page, &good.replace(description, "description: Short."));
    let findings = loop {
        let (name, data) = events
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("an event");
        let data: serde_json::Value = serde_json::from_str(&data).unwrap();
        if name == "findings" && data["findings"].as_array().is_some_and(|f| !f.is_empty()) {
            break data;
        }
    };
    let warning = &findings["findings"][0];
    assert_eq!(warning["severity"], "warning", "{findings}");
    assert!(
        warning["location"]
            .as_str()
            .unwrap()
            .starts_with("content/how-it-works.md:3:"),
        "{findings}"
    );
    let fixed = lines_until(&w.errors, "fixed:");
    let fixed = fixed.last().unwrap();
    assert!(
        fixed.starts_with("fixed: content/how-it-works.md: \"painless\""),
        "{fixed}"
    );
    // Back to the good page: the panel empties.
    site.write(page, &good);
    loop {
        let (name, data) = events
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("an event");
        if name == "findings" && data.contains("\"findings\":[]") {
            break;
        }
    }
}
