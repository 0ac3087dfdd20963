//! `dermapress build` on Markdown: heading ids, the table of contents handed
//! to templates, links to other content files by path, and images.

use crate::support::*;

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
    // Published upright and without metadata, so re-encoded: still the same picture.
    let photo = image::load_from_memory(&tree["a/photo.png"]).expect("a PNG");
    assert_eq!((photo.width(), photo.height()), (4, 3));
    assert_eq!(
        tree["images/skin.svg"],
        std::fs::read(site.root().join("content/images/skin.svg")).unwrap()
    );
}

/// A GIF file of `width` x `height` pixels, as far as its header says (GIFs
/// are published as they are: only their size is read).
fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.extend_from_slice(&[0, 0, 0]);
    gif
}

#[test]
fn images_get_their_width_and_height_so_the_page_does_not_jump() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/images/wide.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 410\"></svg>",
    );
    site.write_bytes("static/pictures/photo.gif", &gif(1200, 800));
    site.write(
        "content/a/pictures.md",
        &page(
            "Pictures",
            "",
            "![Layers](../images/wide.svg)\n\n![Photo](/pictures/photo.gif)\n\n\
             ![Small](photo.png)\n\n![Elsewhere](https://cdn.example/x.png)\n",
        ),
    );
    site.write(
        "content/compare/x.yaml",
        &site
            .read_source("content/compare/x.yaml")
            .replace("options:", "intro: \"![Layers](../images/wide.svg)\"\noptions:"),
    );
    site.build_ok();
    let sizes = |rel: &str, css: &str| -> Vec<(String, String, String)> {
        let html = site.html(rel);
        select(&html, css)
            .into_iter()
            .map(|i| {
                let get = |name: &str| i.value().attr(name).unwrap_or("-").to_string();
                (get("src"), get("width"), get("height"))
            })
            .collect()
    };
    let row = |src: &str, w: &str, h: &str| (src.to_string(), w.to_string(), h.to_string());
    assert_eq!(
        sizes("a/pictures/index.html", "#content img"),
        [
            row("/images/wide.svg", "640", "410"),
            row("/pictures/photo.gif", "1200", "800"),
            // Smaller than the smallest width: used as it is, with its size.
            row("/a/photo.png", "4", "3"),
            row("https://cdn.example/x.png", "-", "-"),
        ]
    );
    assert_eq!(
        sizes("compare/x/index.html", "#intro img"),
        [row("/images/wide.svg", "640", "410")]
    );
    let html = site.html("a/pictures/index.html");
    assert_eq!(
        attr(one(&html, "#content img[src='/images/wide.svg']"), "alt"),
        "Layers"
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
