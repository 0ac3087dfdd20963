//! The preview's `/__dermapress/` page: the content inventory of the last
//! build as an HTML page, and the link to it in the overlay and the panel.

use super::{get, start};
use crate::load::LoadOptions;
use scraper::{Html, Selector};

#[test]
fn the_inventory_page_lists_what_needs_attention() {
    let (site, preview, server) = start();
    site.write(
        "content/offer.md",
        "---\ntitle: Spring <offer>\ndescription: An offer for the spring, with the dates it runs from and to.\npublish_date: 2026-06-08\n---\nJune.\n",
    );
    let options = LoadOptions {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..LoadOptions::default()
    };
    preview.set_inventory(&crate::status::status(site.root(), &options, 30));
    for path in ["/__dermapress/", "/__dermapress"] {
        let r = get(server.addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        let html = Html::parse_document(&r.text());
        let one = |css: &str| {
            let s = Selector::parse(css).unwrap();
            html.select(&s)
                .map(|e| e.text().collect::<String>())
                .collect::<Vec<_>>()
        };
        assert_eq!(one("h1"), ["Content inventory"]);
        assert_eq!(one("html[lang=en] title").len(), 1);
        assert_eq!(one("#scheduled"), ["Scheduled (1)"]);
        // Titles are text, never markup.
        assert_eq!(
            one("section[aria-labelledby=scheduled] tbody td"),
            ["content/offer.md", "Spring <offer>", "publish 2026-06-08"]
        );
        assert_eq!(one("th[scope=col]").len() % 3, 0);
        assert!(r.text().contains("/__dermapress/livereload.js"), "follows saves");
    }
    let script = get(server.addr, "/__dermapress/livereload.js").text();
    assert!(script.contains("a.href = \"/__dermapress/\""));
    assert_eq!(
        script.matches("box.appendChild(inventoryLink(").count(),
        2,
        "in the overlay and the panel"
    );
}
