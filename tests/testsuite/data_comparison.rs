//! Data pages of `kind: comparison`: an accessible table built from YAML,
//! with every slip in the YAML reported at its own line and column.

use crate::support::*;
use dermapress::Diagnostic;
use scraper::Html;

fn built() -> (TestSite, Html) {
    let site = TestSite::fixture("data");
    site.build_ok();
    let html = site.html("compare/three-ways/index.html");
    (site, html)
}

const OPTIONS: [&str; 3] = ["Microneedling", "Microdermabrasion", "Chemical peel"];

#[test]
fn three_options_make_a_table_with_caption_and_scoped_headers() {
    let (_site, html) = built();
    assert_eq!(
        text(one(&html, "table > caption")),
        "Microneedling vs microdermabrasion vs chemical peel"
    );
    let cols: Vec<String> = select(&html, "table > thead > tr > th[scope=col]")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(cols, OPTIONS);
    let rows: Vec<String> = select(&html, "table > tbody > tr > th[scope=row]")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(rows, ["Treatment depth", "Downtime", "Unsafe text"]);
    // No stray header cells without a scope.
    assert_eq!(select(&html, "table th:not([scope])").len(), 0);
}

#[test]
fn each_value_is_in_its_criterion_row_and_option_column() {
    let (_site, html) = built();
    let cols: Vec<String> = select(&html, "thead th").into_iter().map(text).collect();
    let table: Vec<(String, Vec<String>)> = select(&html, "tbody > tr")
        .into_iter()
        .map(|tr| {
            let label = text(tr.select(&sel("th")).next().unwrap());
            (label, tr.select(&sel("td")).map(text).collect())
        })
        .collect();
    let cell = |row: &str, col: &str| -> String {
        let c = cols.iter().position(|c| c == col).unwrap();
        let (_, cells) = table.iter().find(|(l, _)| l == row).unwrap();
        assert_eq!(cells.len(), cols.len(), "row {row}");
        cells[c].clone()
    };
    assert_eq!(cell("Treatment depth", "Microneedling"), "Reaches the dermis");
    assert_eq!(cell("Treatment depth", "Microdermabrasion"), "The epidermis only");
    assert_eq!(cell("Treatment depth", "Chemical peel"), "Depends on the acid");
    // The YAML lists this row's values in another order than the options.
    assert_eq!(cell("Downtime", "Microneedling"), "1 to 3 days of redness");
    assert_eq!(cell("Downtime", "Microdermabrasion"), "Little or none");
    assert_eq!(cell("Downtime", "Chemical peel"), "Up to a week, see aftercare");
    // Values are inline Markdown.
    let row = select(&html, "tbody > tr")[0];
    assert_eq!(text(row.select(&sel("td em")).next().unwrap()), "acid");
    // Rows can be linked to by the criterion's id.
    let ids: Vec<&str> = select(&html, "tbody > tr")
        .into_iter()
        .map(|tr| attr(tr, "id"))
        .collect();
    assert_eq!(ids, ["treatment-depth", "downtime", "unsafe-text"]);
}

#[test]
fn html_in_values_is_shown_as_text() {
    let (_site, html) = built();
    assert_eq!(select(&html, "table script").len(), 0);
    assert_eq!(select(&html, "table b").len(), 0);
    let row = select(&html, "tbody > tr")[2];
    let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
    assert_eq!(cells, ["<script>alert(1)</script>", "<b>not bold</b> & more", "plain"]);
}

#[test]
fn links_in_values_intro_and_option_pages_are_resolved() {
    let (_site, html) = built();
    assert_eq!(hrefs(&html, "table tbody"), ["/faq/#what-aftercare-do-i-need"]);
    assert_eq!(hrefs(&html, "table thead"), ["/treatments/"]);
    assert_eq!(hrefs(&html, "#intro"), ["/treatments/"]);
    assert_eq!(
        text(one(&html, "#summary")),
        "Ask your clinician which suits your skin."
    );
}

#[test]
fn comparisons_section_lists_its_pages_with_descriptions() {
    let site = TestSite::fixture("data");
    site.build_ok();
    let html = site.html("compare/index.html");
    let listed: Vec<(String, String, String)> = select(&html, "#pages > li")
        .into_iter()
        .map(|li| {
            let a = li.select(&sel("a")).next().unwrap();
            let d = li.select(&sel(".description")).next().unwrap();
            (text(a), attr(a, "href").to_string(), text(d))
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                "Microneedling vs microdermabrasion vs chemical peel".to_string(),
                "/compare/three-ways/".to_string(),
                "How three skin treatments differ in depth, downtime and risk.".to_string()
            ),
            (
                "Microneedling vs laser resurfacing".to_string(),
                "/compare/two-ways/".to_string(),
                "Two ways to treat acne scars, side by side.".to_string()
            ),
        ]
    );
}

#[test]
fn markdown_pages_link_to_comparisons_by_file() {
    let site = TestSite::fixture("data");
    site.build_ok();
    let html = site.html("treatments/index.html");
    assert_eq!(hrefs(&html, "#content")[0], "/compare/three-ways/#downtime");
}

/// The errors of a comparison written to content/compare/bad.yaml in the
/// data site (whose previous output must stay as it was).
fn errors_of(yaml: &str) -> Vec<Diagnostic> {
    let site = TestSite::fixture("data");
    site.break_with("content/compare/bad.yaml", yaml)
}

const FILE: &str = "content/compare/bad.yaml";

fn expect(d: &Diagnostic, line: usize, column: usize, message: &str) {
    assert_eq!(at(d), (FILE.to_string(), line, column, message.to_string()), "{d}");
}

const HEAD: &str = "kind: comparison\ntitle: Bad\ndescription: A comparison with a mistake.\n";

#[test]
fn option_id_used_twice() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: a\n    name: A again\ncriteria:\n  - label: Depth\n    values: {{ a: x }}\n"
    ));
    let d = only(&errors);
    expect(d, 7, 9, "the option id `a` is used twice");
}

#[test]
fn criterion_without_a_value_for_an_option() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: b\n    name: B\ncriteria:\n  - label: Depth\n    values:\n      a: x\n"
    ));
    let d = only(&errors);
    expect(d, 11, 5, "the criterion \"Depth\" has no value for `b`");
    assert_eq!(help(d), "add a line `b: ...` under `values:`");
}

#[test]
fn value_for_an_unknown_option_suggests_the_id_meant() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: microneedling\n    name: Microneedling\n  - id: peel\n    name: Peel\ncriteria:\n  - label: Depth\n    values:\n      microneedling: x\n      peel: y\n      microneedlng: z\n"
    ));
    let d = only(&errors);
    expect(d, 14, 7, "`microneedlng` is not one of this comparison's options");
    assert_eq!(help(d), "did you mean `microneedling`?");
}

#[test]
fn misspelt_option_id_is_one_mistake() {
    // `microneedlng` instead of `microneedling`: the value is not missing,
    // it is misspelt. Both facts are true; the message must lead to the fix.
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: microneedling\n    name: Microneedling\n  - id: peel\n    name: Peel\ncriteria:\n  - label: Depth\n    values:\n      microneedlng: x\n      peel: y\n"
    ));
    let d = only(&errors);
    expect(d, 12, 7, "`microneedlng` is not one of this comparison's options");
    assert_eq!(help(d), "did you mean `microneedling`?");
}

#[test]
fn repeated_labels_get_distinct_row_anchors() {
    let site = TestSite::fixture("data");
    site.write(
        "content/compare/rows.yaml",
        &format!(
            "{HEAD}options:\n  - id: a\n    name: A\n  - id: b\n    name: B\ncriteria:\n  - label: Cost\n    values: {{ a: x, b: y }}\n  - label: Cost\n    values: {{ a: x, b: y }}\n  - label: Cost 1\n    values: {{ a: x, b: y }}\n"
        ),
    );
    site.build_ok();
    let html = site.html("compare/rows/index.html");
    let ids: Vec<&str> = select(&html, "tbody > tr")
        .into_iter()
        .map(|tr| attr(tr, "id"))
        .collect();
    assert_eq!(ids, ["cost", "cost-1", "cost-1-1"]);
}

#[test]
fn empty_label() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: b\n    name: B\ncriteria:\n  - label: \"\"\n    values: {{ a: x, b: y }}\n"
    ));
    let d = only(&errors);
    expect(d, 10, 12, "this criterion's `label` is empty");
}

#[test]
fn label_left_blank() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: b\n    name: B\ncriteria:\n  - label:\n    values: {{ a: x, b: y }}\n"
    ));
    let d = only(&errors);
    // The caret goes after `label`, where the text is missing.
    expect(d, 10, 10, "this criterion's `label` is empty");
}

#[test]
fn option_page_that_does_not_exist() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n    page: ../nope.md\n  - id: b\n    name: B\ncriteria:\n  - label: Depth\n    values: {{ a: x, b: y }}\n"
    ));
    let d = only(&errors);
    expect(d, 7, 11, "`../nope.md` links to content/nope.md, which does not exist");
}

#[test]
fn fewer_than_two_options() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\ncriteria:\n  - label: Depth\n    values: {{ a: x }}\n"
    ));
    let d = only(&errors);
    expect(d, 4, 1, "a comparison needs at least 2 options, this one has 1");
}

#[test]
fn unknown_kind_names_the_kinds_there_are() {
    let errors = errors_of("kind: comparsion\ntitle: Bad\ndescription: A data page of no known kind.\n");
    let d = only(&errors);
    expect(d, 1, 7, "`comparsion` is not a kind of data page");
    assert!(help(d).starts_with("did you mean `kind: comparison`?"), "{}", help(d));
    assert!(help(d).contains("`kind: faq`"), "{}", help(d));
}

#[test]
fn missing_kind_names_the_kinds_there_are() {
    let errors = errors_of("title: Bad\ndescription: A data page that does not say its kind.\n");
    let d = only(&errors);
    expect(d, 1, 1, "this data page does not say what kind it is");
    assert!(help(d).contains("`kind: comparison`"), "{}", help(d));
    assert!(help(d).contains("`kind: faq`"), "{}", help(d));
}

#[test]
fn broken_link_in_a_value_is_reported_at_its_line_in_the_yaml() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: b\n    name: B\ncriteria:\n  - label: Depth\n    values:\n      a: x\n      b: see [the risks](../risks.md)\n"
    ));
    let d = only(&errors);
    expect(
        d,
        13,
        26,
        "`../risks.md` links to content/risks.md, which does not exist",
    );
}

#[test]
fn all_mistakes_of_a_comparison_are_reported_together() {
    let errors = errors_of(&format!(
        "{HEAD}options:\n  - id: a\n    name: A\n  - id: a\n    name: A2\ncriteria:\n  - label: \"\"\n    values: {{ a: x }}\n  - label: Two\n    values: {{ a: x, c: y }}\n"
    ));
    let got: Vec<(usize, usize)> = errors.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(got, [(7, 9), (10, 12), (13, 21)], "{errors:#?}");
}
