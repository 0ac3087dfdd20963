//! Site search (`search:` in site.yaml): the index pagefind builds inside
//! `build`, read back from its files. It holds each page's main content once
//! (not the menus, footer, disclaimer or source list), with the description
//! and the section; FAQ questions are their own anchors; drafts, the 404 page
//! and the search page are never in it; two clean builds give the same
//! bytes; `search: false` leaves no index, no search page and no box.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::support::{built_repo as build_repo, tree, TestSite};
use dermapress::LoadOptions;
use scraper::{Html, Selector};
use serde_json::Value;

/// Every page record of the index in `public`'s `folder`, by URL: pagefind's
/// fragment files are gzipped JSON behind a `pagefind_dcd` signature.
pub fn fragments(public: &Path, folder: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(public.join(folder).join("fragment")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut text).unwrap();
        let json = text.strip_prefix(b"pagefind_dcd").expect("pagefind's signature");
        let fragment: Value = serde_json::from_slice(json).unwrap();
        let url = fragment["url"].as_str().unwrap().to_string();
        assert!(
            out.insert(url.clone(), fragment).is_none(),
            "{url} is in the index twice"
        );
    }
    out
}

#[test]
fn the_index_holds_each_pages_main_content_with_its_description_and_section() {
    let out = build_repo();
    let public = out.path().join("public");
    let pages = fragments(&public, "pagefind");
    for file in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
    ] {
        assert!(public.join("pagefind").join(file).is_file(), "{file}");
    }
    let aftercare = &pages["/aftercare/"];
    let html = Html::parse_document(&std::fs::read_to_string(public.join("aftercare/index.html")).unwrap());
    let description = Selector::parse("meta[name=description]").unwrap();
    let description = html
        .select(&description)
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap();
    assert_eq!(aftercare["meta"]["title"], "Aftercare after microneedling");
    assert_eq!(aftercare["meta"]["description"], description);
    assert_eq!(aftercare["filters"]["section"], serde_json::json!(["Aftercare"]));
    assert_eq!(
        pages["/benefits/acne-scars/"]["filters"]["section"],
        serde_json::json!(["Benefits"])
    );
    let content = aftercare["content"].as_str().unwrap();
    assert!(content.to_lowercase().contains("makeup"), "{content}");
    for noise in [
        "not medical advice",
        "Book a consultation",
        "Main",
        "Sources",
        "On this page",
        "Reviewed",
    ] {
        assert!(!content.contains(noise), "{noise:?} is indexed: {content}");
    }
    // Each question of the FAQ is an anchor of its own, titled with the question.
    let faq = &pages["/faq/"];
    let anchors = faq["anchors"].as_array().unwrap();
    let makeup = anchors
        .iter()
        .find(|a| a["id"] == "can-i-wear-makeup-after-microneedling")
        .unwrap_or_else(|| panic!("{anchors:?}"));
    assert_eq!(makeup["title"], "Can I wear makeup after microneedling?");
    assert!(!faq["content"].as_str().unwrap().contains("Link to this question"));
    // Neither the search page nor the 404 page is indexed; every other page is.
    assert!(
        !pages.keys().any(|u| u.contains("search") || u.contains("404")),
        "{:?}",
        pages.keys()
    );
    assert!(pages.contains_key("/risks/") && pages.contains_key("/benefits/"));
}

#[test]
fn two_clean_builds_give_the_same_index_bytes() {
    let index = |out: &tempfile::TempDir| -> BTreeMap<String, Vec<u8>> {
        tree(&out.path().join("public"))
            .into_iter()
            .filter(|(path, _)| path.starts_with("pagefind/"))
            .collect()
    };
    let first = index(&build_repo());
    assert!(first.len() > 5, "{:?}", first.keys());
    assert!(
        first == index(&build_repo()),
        "the index's files differ between two builds"
    );
}

#[test]
fn drafts_are_never_indexed_even_when_built() {
    let site = TestSite::clinic();
    site.write(
        "content/guides/draft-notes.md",
        "---\ntitle: Draft notes\ndescription: Notes the clinic has not published yet, a draft page of the search test.\ndraft: true\n---\n\nUnpublished zebrawords.\n",
    );
    site.build_ok_with(&LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    });
    assert!(site.exists("guides/draft-notes/index.html"));
    let pages = fragments(&site.out(), "pagefind");
    assert!(pages.contains_key("/info/guides/aftercare/"), "{:?}", pages.keys());
    assert!(!pages.contains_key("/info/guides/draft-notes/"), "{:?}", pages.keys());
}

#[test]
fn scheduled_and_expired_pages_are_not_in_the_index() {
    let site = TestSite::clinic();
    site.write(
        "content/guides/spring-offer.md",
        "---\ntitle: Spring offer\ndescription: An offer page that goes up later, in the search test of scheduled pages.\npublish_date: 2026-06-08\n---\n\nSpring zebrawords.\n",
    );
    site.write(
        "content/guides/winter-offer.md",
        "---\ntitle: Winter offer\ndescription: An offer page that came down already, in the search test of expired pages.\nexpiry_date: 2026-03-01\n---\n\nWinter zebrawords.\n",
    );
    site.build_ok_with(&LoadOptions {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..LoadOptions::default()
    });
    let pages = fragments(&site.out(), "pagefind");
    assert!(pages.contains_key("/info/guides/aftercare/"), "{:?}", pages.keys());
    for hidden in ["/info/guides/spring-offer/", "/info/guides/winter-offer/"] {
        assert!(!pages.contains_key(hidden), "{hidden} in {:?}", pages.keys());
    }
    // On its day the offer is up, and findable.
    site.build_ok_with(&LoadOptions {
        as_of: Some(jiff::civil::date(2026, 6, 8)),
        ..LoadOptions::default()
    });
    let pages = fragments(&site.out(), "pagefind");
    assert!(pages.contains_key("/info/guides/spring-offer/"), "{:?}", pages.keys());
}

#[test]
fn search_off_leaves_no_index_no_search_page_and_no_box() {
    for off in ["search: false\n", "search:\n  enabled: false\n"] {
        let site = TestSite::clinic();
        let yaml = site.read_source("site.yaml");
        site.write("site.yaml", &format!("{yaml}{off}"));
        site.build_ok();
        assert!(!site.exists("pagefind"), "{off}");
        assert!(!site.exists("search/index.html"), "{off}");
        assert!(!site.read("index.html").contains("role=\"search\""), "{off}");
    }
    let site = TestSite::clinic();
    site.build_ok();
    assert!(site.exists("pagefind/pagefind.js"));
    let home = site.html("index.html");
    let form = Selector::parse("form[role=search][aria-label]").unwrap();
    let form = home.select(&form).next().expect("a labelled search landmark");
    // The test site lives below /info/.
    assert_eq!(form.value().attr("action"), Some("/info/search/"));
    assert_eq!(form.value().attr("method"), Some("get"));
}

#[test]
fn without_javascript_the_search_page_lists_every_topic() {
    let site = TestSite::clinic();
    site.build_ok();
    let page = site.html("search/index.html");
    let links = Selector::parse(".topic-list a").unwrap();
    let topics: Vec<&str> = page.select(&links).filter_map(|a| a.value().attr("href")).collect();
    for url in [
        "/info/guides/",
        "/info/guides/aftercare/",
        "/info/guides/risks/",
        "/info/faq/",
    ] {
        assert!(topics.contains(&url), "{url} not in {topics:?}");
    }
    // The form and the results appear only with JavaScript; the topics always.
    let form = Selector::parse("form#search-form[hidden]").unwrap();
    assert!(page.select(&form).next().is_some());
    let script = Selector::parse("script[src]").unwrap();
    assert!(page
        .select(&script)
        .filter_map(|s| s.value().attr("src"))
        .any(|src| src.starts_with("/info/js/search.") && src.ends_with(".js")));
    let inline = Selector::parse("script:not([src]):not([type='application/ld+json'])").unwrap();
    assert!(
        page.select(&inline).next().is_none(),
        "the search page has an inline script"
    );
}
