//! The trust line of the clinic theme: "Next review due" from
//! `last_reviewed` and site.yaml's `review_max_age_days`, and "Last updated".

use crate::support::*;

#[test]
fn the_next_review_is_due_review_max_age_days_after_the_last() {
    let site = TestSite::clinic();
    site.write(
        "content/reviewed.md",
        &page(
            "Reviewed",
            "reviewed_by: doc\nlast_reviewed: 2026-01-31\nupdated: 2026-02-02\n",
            "Text.\n",
        ),
    );
    site.build_ok();
    let html = site.html("reviewed/index.html");
    // 365 days by default; 2026 is no leap year.
    let next = one(&html, ".page-meta .next-review time");
    assert_eq!(attr(next, "datetime"), "2027-01-31");
    assert_eq!(
        text(one(&html, ".page-meta .next-review")),
        "Next review due January 31, 2027"
    );
    assert_eq!(attr(one(&html, ".page-meta .updated time"), "datetime"), "2026-02-02");

    let yaml = site.read_source("site.yaml");
    site.write("site.yaml", &format!("{yaml}review_max_age_days: 30\n"));
    site.build_ok();
    let html = site.html("reviewed/index.html");
    assert_eq!(attr(one(&html, ".next-review time"), "datetime"), "2026-03-02");
}

#[test]
fn a_page_without_a_review_date_shows_no_next_review() {
    let site = TestSite::clinic();
    site.write("content/plain.md", &page("Plain", "", "Text.\n"));
    site.build_ok();
    assert!(select(&site.html("plain/index.html"), ".next-review").is_empty());
}
