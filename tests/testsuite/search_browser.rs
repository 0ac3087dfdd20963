//! Site search in a real headless Chromium, on the repository's own
//! microneedling site and on the clinic test site under `watch`: "makeup"
//! typed into the header's box finds the aftercare page and the FAQ's makeup
//! question, and the question opens when its result is followed; without
//! JavaScript the same box leads to the list of every topic; a word saved
//! into a page while `watch` runs becomes findable; on the two-language
//! fixture a Spanish query finds the Spanish pages, stemmed the Spanish way.
//!
//! Skipped, with a message, where Chromium or chromedriver is not installed.

use serde_json::{json, Value};

use crate::support::browser::*;
use crate::support::built_repo;
use crate::support::watch::watch;
use crate::support::TestSite;

const QUESTION: &str = "can-i-wear-makeup-after-microneedling";

/// The first element `css` selects (WebDriver's own call: it works with
/// JavaScript off too).
fn element(driver: &Driver, css: &str) -> String {
    let found = driver.call("POST", "/element", Some(json!({"using": "css selector", "value": css})));
    let id = found
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str);
    id.unwrap_or_else(|| panic!("no element {css}: {found}")).to_string()
}

/// Types `text` into the element `css` selects; a final "\n" is the Enter key.
fn type_into(driver: &Driver, css: &str, text: &str) {
    let id = element(driver, css);
    let text = text.replace('\n', "\u{E007}");
    driver.call("POST", &format!("/element/{id}/value"), Some(json!({ "text": text })));
}

/// The results shown, in order, once there are some: each result's links
/// (the page's, then those of the questions or headings found in it).
fn results(driver: &Driver) -> Vec<Vec<String>> {
    let found = driver.wait_for(
        "search results",
        "return Array.from(document.querySelectorAll('.search-list > li')).map(function (li) { \
           return Array.from(li.querySelectorAll('a')).map(function (a) { return a.getAttribute('href'); }); })",
        |v| v.as_array().is_some_and(|a| !a.is_empty()),
    );
    serde_json::from_value(found).unwrap()
}

#[test]
fn makeup_typed_into_the_box_finds_aftercare_and_the_faq_question_which_opens() {
    if !browser_installed() {
        return;
    }
    let site = built_repo();
    let origin = serve_dir(&site.path().join("public"));
    let (_chromedriver, driver) = chromium(375, 800);
    driver.goto(&format!("{origin}/"));
    type_into(&driver, "form[role=search] input[name=q]", "makeup\n");
    let found = results(&driver);
    let first: Vec<&str> = found.iter().take(3).flatten().map(String::as_str).collect();
    let question = format!("/faq/#{QUESTION}");
    assert!(first.contains(&"/aftercare/"), "{found:?}");
    assert!(first.contains(&question.as_str()), "{found:?}");
    // The result count is announced politely, and the address keeps the query.
    let status = driver.run("var s = document.getElementById('search-status'); return [s.getAttribute('aria-live'), s.textContent, location.search]");
    assert_eq!(status[0], "polite");
    assert!(
        status[1]
            .as_str()
            .unwrap()
            .contains("results for \u{201c}makeup\u{201d}"),
        "{status}"
    );
    assert_eq!(status[2], "?q=makeup");
    // Submitting moved the focus to the results.
    let focused = driver.run("return document.activeElement.id");
    assert_eq!(focused, "search-results-title");

    let link = element(&driver, &format!(".search-list a[href='{question}']"));
    // Followed with the keyboard: Enter on the focused result.
    let pressed = driver.call(
        "POST",
        &format!("/element/{link}/value"),
        Some(json!({"text": "\u{E007}"})),
    );
    assert!(pressed.is_null(), "{pressed}");
    let open = driver.wait_for(
        "the question opens",
        &format!("var d = document.getElementById('{QUESTION}'); return !!(d && d.open)"),
        |v| v == true,
    );
    assert_eq!(open, true);
}

#[test]
fn without_javascript_the_box_leads_to_every_topic() {
    if !browser_installed() {
        return;
    }
    let site = built_repo();
    let origin = serve_dir(&site.path().join("public"));
    let (_chromedriver, driver) = chromium_with(375, 800, false);
    driver.goto(&format!("{origin}/"));
    type_into(&driver, "form[role=search] input[name=q]", "makeup\n");
    let started = std::time::Instant::now();
    loop {
        let url = driver.call("GET", "/url", None);
        if url.as_str().is_some_and(|u| u.ends_with("/search/?q=makeup")) {
            break;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the box did not lead to the search page: {url}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let topics = element(&driver, ".topic-list");
    let text = driver.call("GET", &format!("/element/{topics}/text"), None);
    let text = text.as_str().unwrap();
    for title in ["Aftercare after microneedling", "Microneedling questions and answers"] {
        assert!(text.contains(title), "{title} not in {text}");
    }
    let note = element(&driver, ".topics");
    let note = driver.call("GET", &format!("/element/{note}/text"), None);
    assert!(note.as_str().unwrap().contains("Searching needs JavaScript"), "{note}");
}

#[test]
fn a_word_saved_while_watching_becomes_findable() {
    if !browser_installed() {
        return;
    }
    let site = TestSite::clinic();
    let w = watch(&site, &["--port", "0"]);
    let events = w.events();
    let origin = format!("http://{}", w.addr.clone().unwrap());
    let (_chromedriver, driver) = chromium(1000, 800);
    // The preview serves the site at the root, whatever its base path.
    driver.goto(&format!("{origin}/search/?q=quokkaberry"));
    driver.wait_for(
        "no results before the save",
        "return document.getElementById('search-status').textContent",
        |v| v.as_str().is_some_and(|s| s.starts_with("No results")),
    );
    site.edit(
        "content/guides/aftercare.md",
        "## ",
        "Ask about quokkaberry balm.\n\n## ",
    );
    let started = std::time::Instant::now();
    while events.recv_timeout(PATIENCE).map(|e| e.0) != Ok("reload".to_string()) {
        assert!(started.elapsed() < PATIENCE, "no reload after the save");
    }
    driver.goto(&format!("{origin}/search/?q=quokkaberry"));
    let found = results(&driver);
    assert_eq!(found[0][0], "/guides/aftercare/", "{found:?}");
}

#[test]
fn a_spanish_query_on_the_spanish_site_finds_spanish_pages() {
    if !browser_installed() {
        return;
    }
    let site = TestSite::fixture("languages");
    std::fs::remove_dir_all(site.path("themes/clinic")).expect("remove the test theme");
    crate::support::copy_dir(
        &crate::support::repo().join("themes/clinic"),
        &site.path("themes/clinic"),
    );
    site.build_ok();
    let origin = serve_dir(&site.out());
    let (_chromedriver, driver) = chromium(375, 800);
    driver.goto(&format!("{origin}/es/"));
    // "riesgo" is not on any page as it is: the Spanish stemmer finds "Riesgos".
    type_into(&driver, "form[role=search] input[name=q]", "riesgo\n");
    let found = results(&driver);
    assert_eq!(found[0][0], "/es/riesgos/", "{found:?}");
    assert!(found.iter().flatten().all(|href| href.starts_with("/es/")), "{found:?}");
    let url = driver.call("GET", "/url", None);
    assert!(url.as_str().unwrap().ends_with("/es/search/?q=riesgo"), "{url}");
    let status = driver.run("return document.getElementById('search-status').textContent");
    let status = status.as_str().unwrap();
    assert!(status.contains("resultado") && status.contains("riesgo"), "{status}");

    driver.goto(&format!("{origin}/es/search/?q=protector"));
    let found = results(&driver);
    assert_eq!(found[0][0], "/es/guias/cuidados/", "{found:?}");
    // The English index knows nothing of Spanish words.
    driver.goto(&format!("{origin}/search/?q=protector"));
    driver.wait_for(
        "no English results for a Spanish word",
        "return document.getElementById('search-status').textContent",
        |v| v.as_str().is_some_and(|s| s.starts_with("No results")),
    );
}
