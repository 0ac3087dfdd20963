//! Scheduled publishing (`publish_date`, `expiry_date`, `--as-of`,
//! `timezone:`) and redirects (`aliases:`, the pages at old addresses,
//! `_redirects`), on a small site built for a fixed day.

use crate::support::*;
use dermapress::LoadOptions;

/// The day these sites are built for.
fn as_of(y: i16, m: i8, d: i8) -> LoadOptions {
    LoadOptions {
        as_of: Some(jiff::civil::date(y, m, d)),
        ..LoadOptions::default()
    }
}

/// A home page listing a guides section with a page on the site, a page that
/// goes up on 2026-06-08 and one that came down on 2026-05-31; all dated, so
/// all would be in the feed; the menu names the scheduled one.
fn scheduled_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}menu:\n  - {{ label: Aftercare, page: guides/aftercare.md }}\n  - {{ label: Offer, page: guides/spring-offer.md }}\n"),
    );
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write("content/guides/_index.md", &page("Guides", "", "All guides.\n"));
    site.write(
        "content/guides/aftercare.md",
        &page("Aftercare", "date: 2026-01-10\n", "Keep the skin clean.\n"),
    );
    site.write(
        "content/guides/spring-offer.md",
        &page(
            "Spring offer",
            "date: 2026-05-01\npublish_date: 2026-06-08\nexpiry_date: 2026-07-01\n",
            "Book in June.\n",
        ),
    );
    site.write(
        "content/guides/winter-offer.md",
        &page(
            "Winter offer",
            "date: 2025-12-01\nexpiry_date: 2026-05-31\n",
            "Book in winter.\n",
        ),
    );
    site
}

/// The `<loc>` of every sitemap entry and the `<link href>` of every feed entry.
fn sitemap_and_feed(site: &TestSite) -> (Vec<String>, Vec<String>) {
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let links = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .flat_map(|e| e.children().filter(|n| n.has_tag_name("link")))
        .filter_map(|l| l.attribute("href").map(str::to_string))
        .collect();
    (locs, links)
}

#[test]
fn pages_before_their_publish_date_or_from_their_expiry_date_are_left_out_everywhere() {
    let site = scheduled_site();
    let summary = site.build_ok_with(&as_of(2026, 6, 1));
    assert!(!site.exists("guides/spring-offer/index.html"));
    assert!(!site.exists("guides/winter-offer/index.html"));
    assert!(site.exists("guides/aftercare/index.html"));
    assert_eq!(hrefs(&site.html("guides/index.html"), "#pages"), ["/guides/aftercare/"]);
    assert_eq!(hrefs(&site.html("index.html"), "#menu"), ["/guides/aftercare/"]);
    let (sitemap, feed) = sitemap_and_feed(&site);
    assert!(sitemap.iter().all(|l| !l.contains("offer")), "{sitemap:?}");
    assert_eq!(feed, ["https://test.example.com/guides/aftercare/"]);
    let next = summary.next_change.expect("a next change");
    assert_eq!(
        (next.date.as_str(), next.file.as_str()),
        ("2026-06-08", "content/guides/spring-offer.md")
    );
}

#[test]
fn on_its_publish_date_a_page_goes_up_and_the_next_change_is_its_expiry() {
    let site = scheduled_site();
    let summary = site.build_ok_with(&as_of(2026, 6, 8));
    assert!(site.exists("guides/spring-offer/index.html"));
    // Newest first, as sections list dated pages.
    assert_eq!(
        hrefs(&site.html("guides/index.html"), "#pages"),
        ["/guides/spring-offer/", "/guides/aftercare/"]
    );
    assert_eq!(
        hrefs(&site.html("index.html"), "#menu"),
        ["/guides/aftercare/", "/guides/spring-offer/"]
    );
    let (sitemap, feed) = sitemap_and_feed(&site);
    assert!(sitemap.contains(&"https://test.example.com/guides/spring-offer/".to_string()));
    assert_eq!(feed.len(), 2, "{feed:?}");
    let next = summary.next_change.expect("a next change");
    assert_eq!(
        (next.date.as_str(), next.file.as_str()),
        ("2026-07-01", "content/guides/spring-offer.md")
    );
    // Built again for the same day: the same bytes.
    let first = site.tree();
    site.build_ok_with(&as_of(2026, 6, 8));
    assert_eq!(site.tree(), first);
}

#[test]
fn links_to_a_page_that_is_not_up_are_errors_naming_its_date() {
    let site = scheduled_site();
    site.write(
        "content/guides/aftercare.md",
        &page(
            "Aftercare",
            "",
            "See the [offer](spring-offer.md) and the [old one](winter-offer.md).\n\nOr [by its address](/guides/spring-offer/).\n",
        ),
    );
    let errors = site.build_errors_with(&as_of(2026, 6, 1));
    let found: Vec<_> = errors.iter().map(at).collect();
    assert_eq!(
        found,
        [
            (
                "content/guides/aftercare.md".to_string(),
                5,
                17,
                "`spring-offer.md` links to content/guides/spring-offer.md, which is not published until 2026-06-08 (its publish_date)".to_string()
            ),
            (
                "content/guides/aftercare.md".to_string(),
                5,
                52,
                "`winter-offer.md` links to content/guides/winter-offer.md, which expired on 2026-05-31 (its expiry_date)".to_string()
            ),
            (
                "content/guides/aftercare.md".to_string(),
                7,
                21,
                "`/guides/spring-offer/` links to content/guides/spring-offer.md, which is not published until 2026-06-08 (its publish_date)".to_string()
            ),
        ]
    );
    // A page that is itself not up yet may link to another one.
    site.write(
        "content/guides/aftercare.md",
        &page("Aftercare", "", "Keep the skin clean.\n"),
    );
    site.write(
        "content/guides/summer-offer.md",
        &page(
            "Summer offer",
            "publish_date: 2026-06-20\n",
            "After the [spring offer](spring-offer.md).\n",
        ),
    );
    site.build_ok_with(&as_of(2026, 6, 1));
}

#[test]
fn the_build_says_when_the_next_scheduled_change_is() {
    let site = scheduled_site();
    let run = site.run(&["build", "--as-of", "2026-06-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let stdout = regex::Regex::new(r"in \d+ ms")
        .unwrap()
        .replace(&run.stdout, "in [MS] ms");
    let stdout = stdout.replace(&site.root().display().to_string(), "[SITE]");
    insta::assert_snapshot!(stdout);
}

#[test]
fn bad_dates_and_a_schedule_that_never_opens_are_errors_at_their_place() {
    let site = scheduled_site();
    site.build_ok_with(&as_of(2026, 6, 1));
    let before = site.tree();
    site.write(
        "content/guides/aftercare.md",
        &page("Aftercare", "publish_date: 2026-02-30\nexpiry_date: soon\n", "Text.\n"),
    );
    site.write(
        "content/guides/spring-offer.md",
        &page(
            "Spring offer",
            "publish_date: 2026-06-08\nexpiry_date: 2026-06-01\n",
            "Text.\n",
        ),
    );
    let errors = site.build_errors_with(&as_of(2026, 6, 1));
    let found: Vec<_> = errors.iter().map(|d| (at(d), help(d).to_string())).collect();
    assert_eq!(
        found,
        [
            (
                ("content/guides/aftercare.md".into(), 4, 15, "`publish_date` is not a real date: \"2026-02-30\" (February 2026 has 28 days)".into()),
                "check the month and the day; the form year-month-day is right".into()
            ),
            (
                ("content/guides/aftercare.md".into(), 5, 14, "`expiry_date` is not a date: \"soon\"".into()),
                "write dates as year-month-day, e.g. 2025-07-07".into()
            ),
            (
                ("content/guides/spring-offer.md".into(), 5, 14, "`expiry_date` (2026-06-01) is not after `publish_date` (2026-06-08), so the page would never be published".into()),
                "the expiry date is the first day the page is taken down: make it later than publish_date, or remove it".into()
            ),
        ]
    );
    assert_eq!(site.tree(), before, "a failed build leaves public/ as it was");
}

#[test]
fn as_of_that_is_not_a_date_is_a_usage_error() {
    let site = scheduled_site();
    let run = site.run(&["build", "--as-of", "2026-6-1"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("\"2026-6-1\" is not a date; write it as year-month-day, e.g. --as-of 2026-06-01"),
        "{}",
        run.stderr
    );
    let run = site.run(&["status", "--as-of", "2026-02-29"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("\"2026-02-29\" is not a real date (February 2026 has 28 days)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_timezone_is_an_error_with_the_nearest_name() {
    let site = scheduled_site();
    site.write("site.yaml", &format!("{SITE_YAML}timezone: Europe/Londn\n"));
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(
        at(d),
        ("site.yaml".into(), 7, 11, "`Europe/Londn` is not a time zone".into())
    );
    assert_eq!(
        help(d),
        "did you mean `Europe/London`? Time zones are named Region/City, e.g. timezone: America/Chicago"
    );
    site.write("site.yaml", &format!("{SITE_YAML}timezone: America/Chicago\n"));
    site.build_ok();
}

/// A site whose aftercare page was once at two other addresses.
fn aliased_site(aliases: &str) -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write(
        "content/guides/aftercare.md",
        &page("Aftercare", &format!("aliases:\n{aliases}"), "Keep the skin clean.\n"),
    );
    site
}

#[test]
fn each_alias_gets_a_redirect_page_and_a_redirects_line() {
    let site = aliased_site("  - /after-care/\n  - /old/aftercare.html\n");
    site.build_ok();
    for old in ["after-care/index.html", "old/aftercare.html"] {
        let html = site.html(old);
        assert_eq!(
            attr(one(&html, r#"meta[http-equiv="refresh"]"#), "content"),
            "0; url=/guides/aftercare/"
        );
        assert_eq!(
            attr(one(&html, r#"link[rel="canonical"]"#), "href"),
            "https://test.example.com/guides/aftercare/"
        );
        assert_eq!(attr(one(&html, r#"meta[name="robots"]"#), "content"), "noindex");
        assert_eq!(attr(one(&html, "body a"), "href"), "/guides/aftercare/");
        assert_eq!(text(one(&html, "body a")), "Aftercare");
    }
    let redirects: Vec<Vec<String>> = site
        .read("_redirects")
        .lines()
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    assert_eq!(
        redirects,
        [
            ["/after-care/", "/guides/aftercare/", "301"],
            ["/old/aftercare.html", "/guides/aftercare/", "301"],
        ]
    );
    // Old addresses are not pages: not in the sitemap.
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("after-care"), "{sitemap}");
}

#[test]
fn aliases_carry_the_base_path_and_data_pages_have_them_too() {
    let site = aliased_site("  - /after-care\n");
    site.write(
        "site.yaml",
        &SITE_YAML.replace("https://test.example.com", "https://test.example.com/clinic"),
    );
    site.write(
        "content/faq.yaml",
        "kind: faq\ntitle: Questions\ndescription: Answers to common questions.\naliases: [/questions/]\nquestions:\n  - q: Does it hurt?\n    a: A little.\n",
    );
    site.build_ok();
    assert_eq!(
        site.read("_redirects"),
        "/clinic/after-care/ /clinic/guides/aftercare/ 301\n/clinic/questions/ /clinic/faq/ 301\n"
    );
    let html = site.html("questions/index.html");
    assert_eq!(attr(one(&html, "body a"), "href"), "/clinic/faq/");
}

#[test]
fn a_site_without_aliases_has_an_empty_redirects_file() {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.build_ok();
    assert_eq!(site.read("_redirects"), "");
}

#[test]
fn an_alias_that_collides_is_an_error_naming_both() {
    let site = aliased_site("  - /faq/\n  - /shared/\n");
    site.write("content/faq.md", &page("FAQ", "", "Questions.\n"));
    site.write("content/risks.md", &page("Risks", "aliases: [/shared]\n", "Risks.\n"));
    site.write("static/files/a.pdf", "%PDF");
    site.write(
        "content/about.md",
        &page("About", "aliases: [/files/a.pdf/, /files/a.pdf/deeper/]\n", "About.\n"),
    );
    // Beside a folder already walked up without a clash.
    site.write("content/files/ok.md", &page("Files", "", "Files.\n"));
    let errors = site.build_errors();
    let found: Vec<_> = errors.iter().map(at).collect();
    assert_eq!(
        found,
        [
            ("content/about.md".into(), 4, 11, "this alias would be published as files/a.pdf/index.html, but static/files/a.pdf is published as files/a.pdf, so one name would have to be a file and a folder at once".into()),
            ("content/about.md".into(), 4, 26, "this alias would be published as files/a.pdf/deeper/index.html, but static/files/a.pdf is published as files/a.pdf, so one name would have to be a file and a folder at once".into()),
            ("content/guides/aftercare.md".into(), 5, 5, "this alias would be published as faq/index.html, which content/faq.md also is".into()),
            ("content/risks.md".into(), 4, 11, "this alias would be published as shared/index.html, which the alias /shared/ of content/guides/aftercare.md also is".into()),
        ]
    );
    assert!(errors.iter().all(|d| d.rule == "alias-clash"));
}

#[test]
fn an_alias_that_is_not_a_path_is_an_error_at_its_line() {
    let site = aliased_site("  - /after-care/\n");
    let bad = "aliases:\n  - after-care\n  - https://old.example.com/aftercare/\n  - /\n";
    let errors = site.break_with("content/guides/aftercare.md", &page("Aftercare", bad, "Text.\n"));
    let found: Vec<_> = errors.iter().map(at).collect();
    assert_eq!(
        found,
        [
            (
                "content/guides/aftercare.md".into(),
                5,
                5,
                "the alias \"after-care\" does not start with /".into()
            ),
            (
                "content/guides/aftercare.md".into(),
                6,
                5,
                "the alias \"https://old.example.com/aftercare/\" is a full address; an alias is a path on this site"
                    .into()
            ),
            (
                "content/guides/aftercare.md".into(),
                7,
                5,
                "the alias \"/\" is the home page's address".into()
            ),
        ]
    );
    assert!(help(&errors[0]).contains("e.g. - /old-page/"));
}

#[test]
fn data_pages_are_scheduled_too() {
    let site = scheduled_site();
    site.write(
        "content/guides/summer-faq.yaml",
        "kind: faq\ntitle: Summer questions\ndescription: Questions about treatment in the summer months.\npublish_date: 2026-06-21\nquestions:\n  - q: Can I be treated in summer?\n    a: Yes, with sun protection.\n",
    );
    let summary = site.build_ok_with(&as_of(2026, 6, 1));
    assert!(!site.exists("guides/summer-faq/index.html"));
    assert!(!site.read("sitemap.xml").contains("summer-faq"));
    assert_eq!(summary.next_change.unwrap().date, "2026-06-08");
    site.build_ok_with(&as_of(2026, 6, 21));
    assert!(site.exists("guides/summer-faq/index.html"));
    assert!(site.read("sitemap.xml").contains("summer-faq"));
}
