//! What a marketer reads on the terminal for the mistakes they make most,
//! from the real binary on a small site in a temporary folder. Each message
//! is a reviewed snapshot (tests/testsuite/snapshots/): a changed wording is
//! a changed snapshot, reviewed like code.

use crate::support::*;

/// A description long enough for search results, so that only the planted
/// mistake is reported.
const ABOUT: &str =
    "What the treatment is, how a session goes, its risks and what the skin looks like in the days after.";

/// A Markdown page with a title, a good description, `front` and `body`.
fn md(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: {ABOUT}\n{front}---\n\n{body}")
}

/// The test site with a good home page and a good page, then `files`.
fn site(files: &[(&str, &str)]) -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        &md(
            "Welcome to the clinic",
            "",
            "Read about [microneedling](microneedling.md).\n",
        ),
    );
    site.write(
        "content/microneedling.md",
        &md(
            "Microneedling",
            "",
            "## How it works\n\nFine needles prompt the skin to repair itself.\n\n## Risks\n\nRedness for a few days.\n",
        ),
    );
    for (rel, text) in files {
        site.write(rel, text);
    }
    site
}

/// What `dermapress <args>` prints, with its exit code, the site's folder
/// replaced by `[SITE]`.
fn terminal(site: &TestSite, args: &[&str]) -> String {
    let run = site.run(args);
    let root = site.root().display().to_string();
    format!(
        "$ dermapress {}\nexit code: {:?}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    )
    .replace(&root, "[SITE]")
}

#[test]
fn unknown_key_in_site_yaml_with_a_suggestion() {
    let site = site(&[("site.yaml", &SITE_YAML.replacen("title:", "titel:", 1))]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn search_with_a_value_that_is_not_on_or_off() {
    let site = site(&[("site.yaml", &format!("{SITE_YAML}search: yes please\n"))]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn page_without_a_title() {
    let site = site(&[(
        "content/aftercare.md",
        &format!("---\ndescription: {ABOUT}\n---\n\nKeep the skin clean.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn key_indented_under_a_plain_value() {
    let site = site(&[(
        "content/aftercare.md",
        &format!("---\ntitle: Aftercare\n  description: {ABOUT}\n---\n\nKeep the skin clean.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn tab_before_a_list_item() {
    let site = site(&[(
        "site.yaml",
        "title: Test Clinic\nbase_url: https://test.example.com\nreviewers:\n\t- id: dr-smith\n\t  name: Dr Smith\n",
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn link_to_a_missing_page() {
    let site = site(&[(
        "content/aftercare.md",
        &md("Aftercare", "", "See [the risks](risk.md) before you book.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn link_to_a_missing_heading() {
    let site = site(&[(
        "content/aftercare.md",
        &md(
            "Aftercare",
            "",
            "See [the risks](microneedling.md#risk) before you book.\n",
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn unknown_reviewer() {
    let site = site(&[(
        "content/aftercare.md",
        &md(
            "Aftercare",
            "reviewed_by: dr-smyth\nlast_reviewed: 2026-01-05\n",
            "Keep the skin clean.\n",
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn a_date_that_does_not_exist() {
    let site = site(&[(
        "content/aftercare.md",
        &md("Aftercare", "date: 2026-02-30\n", "Keep the skin clean.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn comparison_value_for_an_unknown_option() {
    let site = site(&[(
        "content/compare/a-vs-b.yaml",
        &format!(
            "kind: comparison\ntitle: Microneedling vs peels\ndescription: {ABOUT}\noptions:\n  - id: needling\n    name: Microneedling\n  - id: peel\n    name: Chemical peel\ncriteria:\n  - label: Downtime\n    values: {{ needling: 1-3 days, peels: 3-7 days }}\n"
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn banned_claim() {
    let site = site(&[(
        "content/aftercare.md",
        &md("Aftercare", "", "The treatment is painless for most people.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn image_without_alt_text() {
    let site = site(&[
        (
            "content/aftercare.md",
            &md("Aftercare", "", "![](images/skin.svg)\n\nKeep the skin clean.\n"),
        ),
        (
            "content/images/skin.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        ),
    ]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn two_pages_with_the_same_title() {
    let site = site(&[(
        "content/aftercare.md",
        &md("Microneedling", "", "Keep the skin clean.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn check_lists_every_finding_with_a_count() {
    let site = site(&[
        (
            "content/aftercare.md",
            &md("Aftercare", "", "It is painless, and see [the risks](risk.md).\n"),
        ),
        (
            "content/short.md",
            "---\ntitle: Short\ndescription: Too short.\n---\n\nText.\n",
        ),
    ]);
    insta::assert_snapshot!(terminal(&site, &["check"]));
}

#[test]
fn faq_key_one_space_short() {
    let site = site(&[(
        "content/faq.yaml",
        &format!(
            "kind: faq\ntitle: Questions\ndescription: {ABOUT}\nquestions:\n  - q: Does it hurt?\n   id: pain\n    a: Most people feel mild discomfort.\n"
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn comparison_value_one_space_short() {
    let site = site(&[(
        "content/compare.yaml",
        &format!(
            "kind: comparison\ntitle: Two treatments\ndescription: {ABOUT}\noptions:\n  - id: a\n    name: One\n  - id: b\n    name: Two\ncriteria:\n  - label: Depth\n    values:\n      a: Deep\n     b: Shallow\n"
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn front_matter_closed_with_two_dashes() {
    let site = site(&[(
        "content/aftercare.md",
        &format!("---\ntitle: Aftercare\ndescription: {ABOUT}\n--\n\nKeep the skin clean.\n"),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn tags_as_text_and_a_word_for_a_number_in_one_file() {
    let site = site(&[(
        "content/aftercare.md",
        &md(
            "Aftercare",
            "tags: aftercare, healing\nweight: heavy\n",
            "Keep the skin clean.\n",
        ),
    )]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn menu_path_written_with_content_and_another_error() {
    let site = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}menu:\n  - {{ label: Microneedling, page: content/microneedling.md }}\n"),
        ),
        (
            "content/aftercare.md",
            &md("Aftercare", "weight: x\n", "Keep the skin clean.\n"),
        ),
    ]);
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

#[test]
fn a_template_typo_is_one_error_naming_the_pages_it_stopped() {
    let site = site(&[("content/aftercare.md", &md("Aftercare", "", "Keep the skin clean.\n"))]);
    let page = site.read_source("themes/clinic/templates/page.html");
    site.write(
        "templates/page.html",
        &page.replacen("{{ page.title }}", "{{ page.titel }}", 1),
    );
    insta::assert_snapshot!(terminal(&site, &["build"]));
}

/// A site whose 30 pages each have a description too short for search
/// results, and two whose titles are too long: more warnings than a screen.
fn many_warnings() -> TestSite {
    let long = "A title far too long to show in full in search results, about needles";
    let mut files: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("content/p{i:02}.md"),
                format!("---\ntitle: Page {i}\ndescription: Too short.\n---\n\nText.\n"),
            )
        })
        .collect();
    files.push(("content/long-a.md".into(), md(&format!("{long} (a)"), "", "Text.\n")));
    files.push(("content/long-b.md".into(), md(&format!("{long} (b)"), "", "Text.\n")));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    site(&files)
}

/// `terminal` with the build's milliseconds replaced by `[MS]`.
fn terminal_timeless(site: &TestSite, args: &[&str]) -> String {
    let text = terminal(site, args);
    regex::Regex::new(r"in \d+ ms")
        .unwrap()
        .replace_all(&text, "in [MS] ms")
        .into_owned()
}

#[test]
fn build_shows_a_screenful_of_warnings_and_counts_the_rest_by_rule() {
    insta::assert_snapshot!(terminal_timeless(&many_warnings(), &["build"]));
}

#[test]
fn check_shows_every_warning() {
    let out = terminal(&many_warnings(), &["check"]);
    assert_eq!(out.matches("warning: ").count(), 32, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn errors_are_never_left_out_however_many_warnings() {
    let site = many_warnings();
    for i in 0..25 {
        site.write(
            &format!("content/claim{i:02}.md"),
            &md(&format!("Claim {i}"), "", "It is painless.\n"),
        );
    }
    let out = terminal(&site, &["build"]);
    assert_eq!(out.matches(": error: ").count(), 25, "{out}");
    assert!(
        out.contains("25 errors and 32 warnings found; nothing was written"),
        "{out}"
    );
    assert!(out.contains("run `dermapress check` to see them all"), "{out}");
}
