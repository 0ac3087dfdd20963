//! Mistakes in site.yaml: reported at their line like any other file's, and
//! the previous output stays.

use crate::support::*;

fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write(
        "content/faq.yaml",
        "kind: faq\ntitle: FAQ\ndescription: Questions.\nquestions:\n  - q: Why?\n    a: Because.\n",
    );
    site
}

#[test]
fn unknown_key_in_site_yaml_suggests_the_key_meant() {
    let site = good_site();
    let errors = site.break_with(
        "site.yaml",
        "titel: Test Clinic\ntitle: Test Clinic\nbase_url: https://test.example.com\n",
    );
    let d = only(&errors);
    assert_eq!(
        at(d),
        ("site.yaml".to_string(), 1, 1, "unknown key `titel`".to_string())
    );
    assert_eq!(help(d), "did you mean `title`?");
}

#[test]
fn unknown_key_under_clinic_names_where_it_is() {
    let site = good_site();
    let errors = site.break_with(
        "site.yaml",
        "title: Test Clinic\nbase_url: https://test.example.com\nclinic:\n  name: Test\n  phnoe: \"+1 555 0100\"\n",
    );
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "site.yaml".to_string(),
            5,
            3,
            "unknown key `phnoe` in `clinic`".to_string()
        )
    );
    assert_eq!(help(d), "did you mean `phone`?");
}

#[test]
fn extra_is_free_form() {
    let site = good_site();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}extra:\n  anything: goes\n  nested: {{ a: 1 }}\n"),
    );
    site.build_ok();
}

#[test]
fn menu_entry_for_a_missing_page() {
    let site = good_site();
    let errors = site.break_with(
        "site.yaml",
        &format!("{SITE_YAML}menu:\n  - {{ label: FAQ, page: faq.yaml }}\n  - {{ label: Risks, page: risks.md }}\n"),
    );
    let d = only(&errors);
    assert_eq!(
        (d.file.display().to_string(), d.line, d.column),
        ("site.yaml".to_string(), 9, 27)
    );
    assert!(d.message.contains("content/risks.md"), "{d}");
}
