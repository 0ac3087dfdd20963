//! Bad content files: each mistake a marketer can make in a page is reported
//! at its file, line and column, in plain words with help, and the previous
//! output is left exactly as it was.

use crate::support::*;

/// A small site that builds: a home page and two pages, one with headings.
fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        &page("Home", "", "Welcome. See [risks](risks.md).\n"),
    );
    site.write(
        "content/risks.md",
        &page("Risks", "", "## Who should avoid it\n\nPeople with active acne.\n"),
    );
    site.write("content/page.md", &page("Page", "", "Text.\n"));
    site
}

fn expect(d: &dermapress::Diagnostic, file: &str, line: usize, column: usize, message: &str) {
    assert_eq!(at(d), (file.to_string(), line, column, message.to_string()), "{d}");
}

#[test]
fn invalid_yaml_is_placed_by_its_line_in_the_file() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitle: Page\ndescription: Before: after\n---\nText.\n",
    );
    let d = only(&errors);
    assert_eq!(d.rule, "yaml-syntax");
    expect(
        d,
        "content/page.md",
        3,
        20,
        "this is not valid YAML: mapping values are not allowed in this context",
    );
    assert!(help(d).contains("quotes"), "{}", help(d));
}

#[test]
fn unclosed_bracket_is_placed_where_it_opens() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitle: Page\ndescription: About the page.\ntags: [collagen, acne\n---\nText.\n",
    );
    let d = only(&errors);
    expect(d, "content/page.md", 4, 7, "this `[` is never closed");
}

#[test]
fn tab_indentation_says_to_use_spaces() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitle: Page\ndescription: About the page.\n\tweight: 3\n---\nText.\n",
    );
    let d = only(&errors);
    assert_eq!((d.line, d.column, d.rule), (4, 1, "yaml-tab"), "{d}");
    assert_eq!(
        d.message,
        "this line is indented with a tab (shown as →); YAML allows only spaces for indentation"
    );
    assert_eq!(
        help(d),
        "remove the indentation (this line starts a key like the lines above), so that\n  →weight: 3\nbecomes\n  weight: 3"
    );
}

#[test]
fn unknown_key_suggests_the_key_meant() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitel: Page\ntitle: Page\ndescription: About the page.\n---\nText.\n",
    );
    let d = only(&errors);
    expect(d, "content/page.md", 2, 1, "unknown key `titel`");
    assert_eq!(help(d), "did you mean `title`?");
    assert_eq!(d.width, 5);
}

#[test]
fn misspelt_required_key_is_one_error_not_two() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitel: Page\ndescription: About the page.\n---\nText.\n",
    );
    let d = only(&errors);
    expect(d, "content/page.md", 2, 1, "unknown key `titel`");
    assert_eq!(help(d), "did you mean `title`?");
}

#[test]
fn wrong_type_names_the_key_and_what_it_should_be() {
    let site = good_site();
    let errors = site.break_with("content/page.md", &page("Page", "weight: heavy\n", "Text.\n"));
    let d = only(&errors);
    expect(
        d,
        "content/page.md",
        4,
        9,
        "`weight` should be a whole number, not the text \"heavy\"",
    );
}

#[test]
fn impossible_date_says_what_is_impossible() {
    let site = good_site();
    let errors = site.break_with("content/page.md", &page("Page", "date: 2025-13-45\n", "Text.\n"));
    let d = only(&errors);
    expect(
        d,
        "content/page.md",
        4,
        7,
        "`date` is not a real date: \"2025-13-45\" (there is no month 13)",
    );
    // The form is right, so the help must not send the marketer to it.
    assert_eq!(help(d), "check the month and the day; the form year-month-day is right");
}

#[test]
fn a_date_in_another_form_is_shown_the_form_to_use() {
    let site = good_site();
    let errors = site.break_with("content/page.md", &page("Page", "date: 07/07/2025\n", "Text.\n"));
    let d = only(&errors);
    expect(d, "content/page.md", 4, 7, "`date` is not a date: \"07/07/2025\"");
    assert!(help(d).contains("2025-07-07"), "{}", help(d));
}

#[test]
fn missing_title_is_reported() {
    let site = good_site();
    let errors = site.break_with("content/page.md", "---\ndescription: About the page.\n---\nText.\n");
    let d = only(&errors);
    expect(d, "content/page.md", 2, 1, "`title` is missing");
    assert!(help(d).contains("title:"), "{}", help(d));
}

#[test]
fn title_left_blank_is_placed_after_its_key() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitle:\ndescription: About the page.\n---\nText.\n",
    );
    let d = only(&errors);
    expect(d, "content/page.md", 2, 6, "`title` is empty");
}

#[test]
fn unknown_reviewer_suggests_the_closest_id() {
    let site = good_site();
    let errors = site.break_with("content/page.md", &page("Page", "reviewed_by: dr-smtih\n", "Text.\n"));
    let d = only(&errors);
    expect(d, "content/page.md", 4, 14, "no reviewer has the id `dr-smtih`");
    assert_eq!(help(d), "did you mean `dr-smith`?");
}

#[test]
fn duplicate_url_names_both_files() {
    let site = good_site();
    let errors = site.break_with("content/other.md", &page("Other", "slug: page\n", "Text.\n"));
    let d = only(&errors);
    assert_eq!(d.rule, "duplicate-url");
    let both = format!("{}: {}", d.file.display(), d.message);
    assert!(both.contains("content/other.md"), "{both}");
    assert!(both.contains("content/page.md"), "{both}");
    assert!(both.contains("/page/"), "{both}");
    // The file whose `slug` makes the clash is blamed, at the slug's value.
    expect(
        d,
        "content/other.md",
        4,
        7,
        "this page would have the URL /page/, like content/page.md",
    );
}

#[test]
fn a_mistake_in_site_yaml_does_not_hide_mistakes_in_pages() {
    let site = good_site();
    let config = site.read_source("site.yaml");
    site.write("site.yaml", &format!("colour: teal\n{config}"));
    site.write("content/page.md", &page("Page", "weight: heavy\n", "Text.\n"));
    let errors = site.build_errors();
    let places: Vec<(String, usize)> = errors.iter().map(|d| (d.file.display().to_string(), d.line)).collect();
    assert_eq!(
        places,
        [("content/page.md".to_string(), 4), ("site.yaml".to_string(), 1)],
        "{errors:?}"
    );
}

#[test]
fn missing_template_is_reported_at_the_template_key() {
    let site = good_site();
    let errors = site.break_with("content/page.md", &page("Page", "template: nope.html\n", "Text.\n"));
    let d = only(&errors);
    expect(
        d,
        "content/page.md",
        4,
        11,
        "the template `nope.html` does not exist in themes/clinic/templates or templates/",
    );
}

#[test]
fn text_that_is_not_utf8_is_placed_at_the_bad_byte() {
    let site = good_site();
    let errors = site.break_with_bytes(
        "content/page.md",
        b"---\ntitle: Page\ndescription: About the page.\n---\nFirst line.\nCaf\xe9 au lait.\n",
    );
    let d = only(&errors);
    expect(
        d,
        "content/page.md",
        6,
        4,
        "this file is not saved as UTF-8 text: the character here cannot be read",
    );
    assert!(help(d).contains("UTF-8"), "{}", help(d));
    // The excerpt shows the line with the unreadable character marked.
    assert_eq!(d.excerpt.as_deref(), Some("Caf\u{fffd} au lait."));
    assert!(d.to_string().contains("\n  |    ^\n"), "{d}");
}

#[test]
fn empty_file_is_reported() {
    let site = good_site();
    let errors = site.break_with("content/page.md", "");
    let d = only(&errors);
    expect(d, "content/page.md", 1, 1, "this file is empty");
}

#[test]
fn front_matter_never_closed_is_reported() {
    let site = good_site();
    let errors = site.break_with(
        "content/page.md",
        "---\ntitle: Page\ndescription: About the page.\n\nText that was meant to be the body.\n",
    );
    let d = only(&errors);
    expect(
        d,
        "content/page.md",
        1,
        1,
        "the front matter that starts here is never closed",
    );
    assert!(help(d).contains("---"), "{}", help(d));
}

#[test]
fn page_without_front_matter_is_reported() {
    let site = good_site();
    let errors = site.break_with("content/page.md", "# Page\n\nText.\n");
    let d = only(&errors);
    expect(d, "content/page.md", 1, 1, "this page does not start with front matter");
}

#[test]
fn every_error_of_every_file_is_reported_in_one_build() {
    let site = good_site();
    site.build_ok();
    let before = site.tree();
    site.write("content/a.md", &page("A", "weight: heavy\n", "Text.\n"));
    site.write(
        "content/b.md",
        "---\ntitel: B\ndescription: About B.\ndate: 2025-02-30\n---\n",
    );
    site.write(
        "content/c.md",
        &page("C", "", "See [gone](gone.md) and [risks](risks.md#nope).\n"),
    );
    let errors = site.build_errors();
    let got: Vec<(String, usize, usize, String)> = errors.iter().map(at).collect();
    let want: Vec<(String, usize, usize, String)> = vec![
        (
            "content/a.md",
            4,
            9,
            "`weight` should be a whole number, not the text \"heavy\"",
        ),
        ("content/b.md", 2, 1, "unknown key `titel`"),
        (
            "content/b.md",
            4,
            7,
            "`date` is not a real date: \"2025-02-30\" (February 2025 has 28 days)",
        ),
        (
            "content/c.md",
            5,
            12,
            "`gone.md` links to content/gone.md, which does not exist",
        ),
        (
            "content/c.md",
            5,
            33,
            "`risks.md#nope`: content/risks.md has no heading or question with the anchor #nope",
        ),
    ]
    .into_iter()
    .map(|(f, l, c, m)| (f.to_string(), l, c, m.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(site.tree(), before);
}
