//! `dermapress build`: where each page is written, its URL, and the
//! site-wide files (sitemap, robots, 404) that point at those URLs.

use crate::support::*;
use dermapress::LoadOptions;

#[test]
fn content_files_become_folders_with_an_index() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    for (file, title) in [
        ("index.html", "Home"),
        ("risks/index.html", "Risks"),
        ("a/b/index.html", "Page B"),
        // A section's _index.md is the page of its folder; its slug renames
        // that folder for every page below it.
        ("advice/index.html", "Advice"),
        ("advice/aftercare/index.html", "Aftercare"),
        // A page's slug replaces the last part only.
        ("advice/new-name/index.html", "Renamed"),
        ("faq/index.html", "Questions"),
        ("compare/x/index.html", "X compared"),
    ] {
        let html = site.html(file);
        assert_eq!(text(one(&html, "h1")), title, "{file}");
    }
    for missing in ["guides", "advice/renamed", "a/b.html", "risks.html", "_index"] {
        assert!(!site.exists(missing), "{missing} should not be written");
    }
}

#[test]
fn canonical_urls_use_base_url() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("advice/new-name/index.html");
    assert_eq!(
        attr(one(&html, "link[rel=canonical]"), "href"),
        "https://test.example.com/advice/new-name/"
    );
    assert_eq!(attr(one(&html, "html"), "lang"), "en-GB");
}

#[test]
fn base_url_option_replaces_the_configured_address() {
    let site = TestSite::fixture("basic");
    let options = LoadOptions {
        base_url: Some("https://staging.example.org/clinic/".to_string()),
        ..LoadOptions::default()
    };
    site.build_ok_with(&options);
    let html = site.html("a/b/index.html");
    assert_eq!(
        attr(one(&html, "link[rel=canonical]"), "href"),
        "https://staging.example.org/clinic/a/b/"
    );
    // Links inside the site carry the new base path too.
    assert!(hrefs(&html, "#content").contains(&"/clinic/risks/#custom".to_string()));
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://staging.example.org/clinic/a/b/</loc>"));
    assert!(!site.read("sitemap.xml").contains("test.example.com"));
}

#[test]
fn base_url_flag_of_the_command_line_replaces_the_configured_address() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["build", "--base-url", "https://preview.example.net"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = site.html("risks/index.html");
    assert_eq!(
        attr(one(&html, "link[rel=canonical]"), "href"),
        "https://preview.example.net/risks/"
    );
}

#[test]
fn sitemap_lists_every_page_once_by_its_full_address() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let sitemap = site.html("sitemap.xml");
    let locs: Vec<String> = select(&sitemap, "urlset > url > loc").into_iter().map(text).collect();
    let expected: Vec<String> = [
        "/",
        "/a/b/",
        "/advice/",
        "/advice/aftercare/",
        "/advice/new-name/",
        "/compare/x/",
        "/faq/",
        "/ordering/",
        "/ordering/alpha/",
        "/ordering/beta/",
        "/ordering/heavy/",
        "/ordering/light/",
        "/ordering/new/",
        "/ordering/old/",
        "/risks/",
    ]
    .iter()
    .map(|u| format!("https://test.example.com{u}"))
    .collect();
    assert_eq!(locs, expected);
    // A dated page gives its date as the last change.
    let new = select(&sitemap, "url")
        .into_iter()
        .find(|u| text(*u).contains("/ordering/new/"))
        .unwrap();
    assert_eq!(text(one_in(new, "lastmod")), "2025-06-01");
}

fn one_in<'a>(e: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    let found: Vec<_> = e.select(&sel(css)).collect();
    assert_eq!(found.len(), 1, "{css}");
    found[0]
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let robots = site.read("robots.txt");
    let lines: Vec<&str> = robots.lines().collect();
    assert!(
        lines.contains(&"Sitemap: https://test.example.com/sitemap.xml"),
        "{robots}"
    );
    assert!(lines.contains(&"User-agent: *"), "{robots}");
}

#[test]
fn not_found_page_is_written_at_the_top() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("404.html");
    assert_eq!(text(one(&html, "h1")), "Not found");
    assert_eq!(attr(one(&html, "a"), "href"), "/");
}

#[test]
fn menu_paths_from_site_yaml_become_urls() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("index.html");
    assert_eq!(hrefs(&html, "#menu"), ["/risks/", "/advice/"]);
}

#[test]
fn site_urls_and_images_written_from_the_root_get_the_base_path() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write("content/risks.md", &page("Risks", "", "## Side effects\n"));
    site.write_bytes("static/images/p.png", &crate::support::photos::png(4, 3, 1));
    site.write(
        "content/page.md",
        &page(
            "Page",
            "image: { src: /images/p.png, alt: A photo }\n",
            "See [risks](/risks/#side-effects) and ![a photo](/images/p.png).\n",
        ),
    );
    let options = LoadOptions {
        base_url: Some("https://t.example.com/sub".to_string()),
        ..LoadOptions::default()
    };
    site.build_ok_with(&options);
    let html = site.html("page/index.html");
    assert!(hrefs(&html, "#content").contains(&"/sub/risks/#side-effects".to_string()));
    let img = html
        .select(&scraper::Selector::parse("#content img").unwrap())
        .next()
        .unwrap();
    assert_eq!(img.value().attr("src"), Some("/sub/images/p.png"));
}

#[test]
fn file_names_with_spaces_become_encoded_urls() {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        &page(
            "Home",
            "",
            "See [how](<How it works.md>), [this](How%20it%20works.md) and [again](/How%20it%20works/).\n",
        ),
    );
    site.write("content/How it works.md", &page("How it works", "", "Text.\n"));
    site.build_ok();
    // URLs from file names are lower case now (issue #20), as Hugo and Zola
    // make them; `/How%20it%20works/` typed in the old case still resolves
    // and is written as the page's own URL.
    assert!(site.exists("how it works/index.html"));
    let html = site.html("index.html");
    let links = hrefs(&html, "#content");
    assert_eq!(
        links,
        ["/how%20it%20works/", "/how%20it%20works/", "/how%20it%20works/"]
    );
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://test.example.com/how%20it%20works/</loc>"));
}
