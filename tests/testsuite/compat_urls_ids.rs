//! URLs and heading ids as Hugo, Zola and GitHub make them (issue #20):
//! lower-case URLs from file names, links typed in another case, a `slug`
//! with capitals kept and warned, GitHub's heading ids, and the theme's own
//! ids kept free.

use crate::support::*;

#[test]
fn urls_from_mixed_case_file_and_folder_names_are_lower_case() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Home.\n"));
    site.write("content/Guides/_index.md", &page("Guides", "", "All guides.\n"));
    site.write("content/Guides/AfterCare.md", &page("Aftercare", "", "Text.\n"));
    site.write("content/Risks.md", &page("Risks", "", "Text.\n"));
    site.build_ok();
    assert!(site.exists("guides/index.html"));
    assert!(site.exists("guides/aftercare/index.html"));
    assert!(site.exists("risks/index.html"));
    assert!(!site.exists("Risks/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example.com/guides/aftercare/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn links_typed_in_another_case_find_their_page() {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        &page(
            "Home",
            "",
            "[a](Risks.MD) [b](risks.md#Side-effects) [c](guides/AFTERCARE.md) [d](/Risks/) [e](/GUIDES/aftercare/#healing)\n",
        ),
    );
    site.write("content/risks.md", &page("Risks", "", "## Side effects\n\nText.\n"));
    site.write(
        "content/guides/aftercare.md",
        &page("Aftercare", "", "## Healing\n\nText.\n"),
    );
    let errors = site.build_errors();
    // The fragment is an id, compared exactly: `#Side-effects` is reported
    // with the id to write, as GitHub's own anchors are case-sensitive too.
    let d = only(&errors);
    assert_eq!(d.rule, "broken-link");
    assert_eq!(help(d), "did you mean #side-effects?");
    site.edit("content/_index.md", "#Side-effects", "#side-effects");
    site.build_ok();
    let html = site.html("index.html");
    assert_eq!(
        hrefs(&html, "#content"),
        [
            "/risks/",
            "/risks/#side-effects",
            "/guides/aftercare/",
            "/risks/",
            "/guides/aftercare/#healing"
        ]
    );
}

#[test]
fn two_files_differing_only_in_case_are_still_a_duplicate_url() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Home.\n"));
    site.write("content/About.md", &page("About us", "", "Text.\n"));
    site.write("content/about.md", &page("About", "", "Text.\n"));
    let errors = site.build_errors();
    assert_eq!(only(&errors).rule, "duplicate-url");
}

#[test]
fn a_slug_with_capitals_is_kept_as_written_and_warned() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "[offer](offer.md)\n"));
    site.write("content/offer.md", &page("Offer", "slug: Summer-Offer\n", "Text.\n"));
    let result = site.build();
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    assert!(site.exists("Summer-Offer/index.html"));
    let warning = result
        .diagnostics
        .iter()
        .find(|d| d.rule == "slug-capitals")
        .expect("a slug-capitals warning");
    assert_eq!(warning.severity, dermapress::Severity::Warning);
    assert_eq!(
        at(warning),
        (
            "content/offer.md".to_string(),
            4,
            7,
            "the slug `Summer-Offer` has capitals; the URL keeps them as written".to_string()
        )
    );
    assert!(help(warning).contains("hosts differ on case"), "{}", help(warning));
    let html = site.html("index.html");
    assert_eq!(hrefs(&html, "#content"), ["/Summer-Offer/"]);
}

/// Headings and the ids GitHub gives them, worked out by hand from
/// GitHub's documented rule (github-slugger: lower case; drop every
/// character that is not a letter, digit or mark of any script, `-`, `_` or a
/// space; each space a hyphen; repeats numbered -1, -2 in order), not from
/// our code.
const GITHUB_IDS: &[(&str, &str)] = &[
    ("Smileys & Emotion", "smileys--emotion"),
    ("What's new?", "whats-new"),
    ("😄 emoji", "-emoji"),
    ("Café au lait", "café-au-lait"),
    ("Привет non-latin 你好", "привет-non-latin-你好"),
    ("foo_bar-baz", "foo_bar-baz"),
    ("C++ & C#", "c--c"),
    ("1. Before treatment", "1-before-treatment"),
    ("Risks (and side effects)", "risks-and-side-effects"),
    ("Step  two", "step--two"),
    ("The *emphasis* and `code`", "the-emphasis-and-code"),
    ("Who is it for", "who-is-it-for"),
    ("Who is it for", "who-is-it-for-1"),
    ("Who is it for 1", "who-is-it-for-1-1"),
    ("Who is it for", "who-is-it-for-2"),
    ("Pain, pain, pain!", "pain-pain-pain"),
    ("Custom {#My-Anchor}", "My-Anchor"),
];

#[test]
fn heading_ids_are_the_ones_github_makes() {
    let site = TestSite::new();
    let body: String = GITHUB_IDS.iter().map(|(h, _)| format!("## {h}\n\nText.\n\n")).collect();
    site.write("content/_index.md", &page("Home", "", "Home.\n"));
    site.write("content/ids.md", &page("Ids", "", &body));
    site.build_ok();
    let html = site.html("ids/index.html");
    let ids: Vec<&str> = select(&html, "#content h2")
        .into_iter()
        .map(|h| attr(h, "id"))
        .collect();
    let expected: Vec<&str> = GITHUB_IDS.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids, expected);
}

#[test]
fn headings_leave_the_themes_own_ids_to_the_theme() {
    let site = TestSite::clinic();
    site.write(
        "content/skip.md",
        &page(
            "Skipping ahead",
            "",
            "[to the text](#main) and [the contents](#toc-title).\n\n## Main\n\nText.\n\n## Toc title\n\nText.\n\n## Main\n\nMore.\n",
        ),
    );
    site.build_ok();
    let html = site.html("skip/index.html");
    // The theme's <main id="main"> is the only element with that id.
    assert_eq!(select(&html, "#main").len(), 1);
    assert_eq!(one(&html, "#main").value().name(), "main");
    let ids: Vec<&str> = select(&html, "main h2[id]")
        .into_iter()
        .map(|h| attr(h, "id"))
        .filter(|id| id.starts_with("main") || id.starts_with("toc-title"))
        .collect();
    assert!(
        ids.contains(&"main-1") && ids.contains(&"main-2") && ids.contains(&"toc-title-1"),
        "{ids:?}"
    );
    assert_eq!(select(&html, "[id=\"toc-title\"]").len(), 1);
    let links = hrefs(&html, "main p");
    assert!(links.contains(&"#main".to_string()), "{links:?}");
}
