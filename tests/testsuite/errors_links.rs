//! Broken links: to a missing file, a missing heading, a missing URL or
//! image, each reported at the line of the link with a suggestion, and the
//! previous output left as it was.

use crate::support::*;

fn good_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write(
        "content/risks.md",
        &page("Risks", "", "## Who should avoid it\n\nPeople with active acne.\n"),
    );
    site.write("content/guides/_index.md", &page("Guides", "", ""));
    site.write("content/guides/aftercare.md", &page("Aftercare", "", "Text.\n"));
    site
}

fn broken(body: &str) -> Vec<dermapress::Diagnostic> {
    good_site().break_with("content/guides/aftercare.md", &page("Aftercare", "", body))
}

#[test]
fn link_to_a_missing_file_suggests_the_file_meant() {
    let errors = broken("Intro.\n\nRead [the risks](../risk.md) first.\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            7,
            18,
            "`../risk.md` links to content/risk.md, which does not exist".to_string()
        )
    );
    assert!(help(d).starts_with("did you mean content/risks.md?"), "{}", help(d));
    assert_eq!(d.width, "../risk.md".len());
}

#[test]
fn link_to_a_missing_heading_suggests_the_heading_meant() {
    let errors = broken("See [who](../risks.md#who-should-avoid).\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            5,
            11,
            "`../risks.md#who-should-avoid`: content/risks.md has no heading or question with the anchor #who-should-avoid"
                .to_string()
        )
    );
    assert_eq!(help(d), "did you mean #who-should-avoid-it?");
}

#[test]
fn link_to_a_missing_heading_on_the_same_page() {
    let errors = broken("## Steps\n\nSee [below](#step).\n");
    let d = only(&errors);
    assert_eq!((d.line, d.column), (7, 13), "{d}");
    assert!(d.message.contains("content/guides/aftercare.md has no heading"), "{d}");
}

#[test]
fn site_url_that_no_page_has() {
    let errors = broken("See [risks](/risk/).\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            5,
            13,
            "`/risk/`: no page or file of this site has the URL /risk/".to_string()
        )
    );
    assert_eq!(help(d), "did you mean /risks/?");
}

#[test]
fn site_url_with_a_missing_anchor() {
    let errors = broken("See [risks](/risks/#nobody).\n");
    let d = only(&errors);
    assert_eq!((d.line, d.column), (5, 13), "{d}");
    assert!(d.message.contains("#nobody"), "{d}");
}

#[test]
fn missing_image() {
    let errors = broken("![Healing skin](healing.png)\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            5,
            17,
            "`healing.png` points at content/guides/healing.png, which does not exist".to_string()
        )
    );
}

#[test]
fn link_that_climbs_above_the_content_folder() {
    let errors = broken("[up](../../site.yaml.md)\n");
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/guides/aftercare.md".to_string(),
            5,
            6,
            "`../../site.yaml.md` points above the content folder".to_string()
        )
    );
}
