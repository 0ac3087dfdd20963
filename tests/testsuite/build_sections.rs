//! `dermapress build`: sections list their pages in reading order, and
//! drafts stay out unless asked for.

use crate::support::*;
use dermapress::LoadOptions;

fn listed(site: &TestSite, file: &str) -> Vec<String> {
    let html = site.html(file);
    select(&html, "#pages > li > a").into_iter().map(text).collect()
}

#[test]
fn sections_order_by_weight_then_newest_date_then_title() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert_eq!(
        listed(&site, "ordering/index.html"),
        [
            "Later weighted",
            "Zeta weighted",
            "New",
            "Aardvark old",
            "Alpha",
            "Beta"
        ]
    );
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(!site.exists("ordering/hidden"));
    assert!(!listed(&site, "ordering/index.html").contains(&"Hidden draft".to_string()));
    assert!(!site.read("sitemap.xml").contains("/ordering/hidden/"));
}

#[test]
fn drafts_are_built_when_asked_for() {
    let site = TestSite::fixture("basic");
    site.build_ok_with(&LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    });
    assert_eq!(
        text(one(&site.html("ordering/hidden/index.html"), "h1")),
        "Hidden draft"
    );
    assert!(listed(&site, "ordering/index.html").contains(&"Hidden draft".to_string()));
}

#[test]
fn drafts_flag_of_the_command_line_builds_drafts() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.exists("ordering/hidden/index.html"));
}

#[test]
fn a_link_to_a_draft_fails_and_says_it_is_a_draft() {
    let site = TestSite::fixture("basic");
    let errors = site.break_with(
        "content/guides/aftercare.md",
        "---\ntitle: Aftercare\ndescription: What to do after treatment.\n---\nSee [soon](../ordering/hidden.md).\n",
    );
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            5,
            12,
            "`../ordering/hidden.md` links to content/ordering/hidden.md, which is a draft".to_string()
        )
    );
    assert!(help(d).contains("--drafts"), "{}", help(d));
    // With drafts the same link works.
    site.build_ok_with(&LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    });
    assert_eq!(
        hrefs(&site.html("advice/aftercare/index.html"), "#content"),
        ["/ordering/hidden/"]
    );
}

#[test]
fn pages_see_their_section_in_order_with_neighbours() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "<ul id=\"siblings\">{% for p in page.siblings %}<li>{{ p.title }}</li>{% endfor %}</ul>\
         <p id=\"prev\">{% if page.previous %}{{ page.previous.title }}{% endif %}</p>\
         <p id=\"next\">{% if page.next %}{{ page.next.title }}{% endif %}</p>\n",
    );
    site.build_ok();
    let html = site.html("ordering/new/index.html");
    let siblings: Vec<String> = select(&html, "#siblings li").into_iter().map(text).collect();
    assert_eq!(
        siblings,
        [
            "Later weighted",
            "Zeta weighted",
            "New",
            "Aardvark old",
            "Alpha",
            "Beta"
        ]
    );
    assert_eq!(text(select(&html, "#prev").remove(0)), "Zeta weighted");
    assert_eq!(text(select(&html, "#next").remove(0)), "Aardvark old");
}
