//! `dermapress build` on Markdown: heading ids, the table of contents handed
//! to templates, links to other content files by path, and images.

mod common;

use common::*;

#[test]
fn headings_get_ids_numbered_when_repeated_or_chosen_with_braces() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("risks/index.html");
    let ids: Vec<&str> = select(&html, "#content h2, #content h3")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    assert_eq!(
        ids,
        [
            "who-should-avoid-it",
            "who-should-avoid-it-1",
            "who-should-avoid-it-2",
            "nested-heading",
            "custom"
        ]
    );
    // `{#custom}` chooses the id and is not shown.
    assert_eq!(text(one(&html, "#custom")), "Custom heading");
}

#[test]
fn table_of_contents_nests_headings_by_level() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("risks/index.html");
    let top: Vec<String> = select(&html, "#toc > ul > li > a")
        .into_iter()
        .map(|a| attr(a, "href").to_string())
        .collect();
    assert_eq!(
        top,
        [
            "#who-should-avoid-it",
            "#who-should-avoid-it-1",
            "#who-should-avoid-it-2",
            "#custom"
        ]
    );
    let nested: Vec<String> = select(&html, "#toc > ul > li > ul > li > a")
        .into_iter()
        .map(|a| format!("{} {}", attr(a, "href"), text(a)))
        .collect();
    assert_eq!(nested, ["#nested-heading Nested heading"]);
    // It sits under the heading above it.
    let third = select(&html, "#toc > ul > li")[2];
    assert!(third.inner_html().contains("#nested-heading"));
}

#[test]
fn generated_ids_never_repeat_an_id_written_in_the_text() {
    let site = TestSite::new();
    site.write(
        "content/steps.md",
        &page("Steps", "", "## Step 1\n\n## Step\n\n## Step\n\n## Step {#step-2}\n"),
    );
    site.build_ok();
    let html = site.html("steps/index.html");
    let ids: Vec<&str> = select(&html, "#content h2")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    // `{#step-2}` keeps its id (links point at it); the second "Step" takes
    // the first number nobody uses.
    assert_eq!(ids, ["step-1", "step", "step-3", "step-2"]);
}

#[test]
fn links_to_content_files_become_their_urls() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let b = site.html("a/b/index.html");
    assert_eq!(
        hrefs(&b, "#content"),
        [
            "/faq/#does-it-hurt", // ../faq.yaml#does-it-hurt
            "/risks/",            // /risks.md, from the content folder
            "/risks/#custom",     // ../risks.md#custom
            "/",                  // ../_index.md
            "/advice/",           // ../guides/_index.md, renamed by its slug
        ]
    );
    let home = site.html("index.html");
    assert_eq!(
        hrefs(&home, "#content"),
        ["/risks/#who-should-avoid-it-1", "/compare/x/"]
    );
    let aftercare = site.html("advice/aftercare/index.html");
    assert_eq!(hrefs(&aftercare, "#content"), ["/a/b/"]);
}

#[test]
fn images_next_to_content_are_copied_and_their_src_rewritten() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let html = site.html("a/b/index.html");
    let srcs: Vec<&str> = select(&html, "#content img")
        .into_iter()
        .map(|i| attr(i, "src"))
        .collect();
    assert_eq!(srcs, ["/a/photo.png", "/images/skin.svg"]);
    let tree = site.tree();
    assert_eq!(tree["a/photo.png"], b"PNG-bytes-of-a-photo");
    assert_eq!(
        tree["images/skin.svg"],
        std::fs::read(site.root().join("content/images/skin.svg")).unwrap()
    );
}

#[test]
fn external_and_mail_links_are_left_as_written() {
    let site = TestSite::new();
    site.write(
        "content/contact.md",
        &page(
            "Contact",
            "",
            "[Book](https://book.example.com/x?y=1) [Mail](mailto:a@b.example) [Call](tel:+15550100)\n",
        ),
    );
    site.build_ok();
    let html = site.html("contact/index.html");
    assert_eq!(
        hrefs(&html, "#content"),
        ["https://book.example.com/x?y=1", "mailto:a@b.example", "tel:+15550100"]
    );
}
