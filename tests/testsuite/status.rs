//! `dermapress status`: the content inventory, as people read it (a
//! snapshot) and as tools read it (`--format json`, parsed), for a fixed
//! `--as-of`.

use crate::support::*;

const SOURCE: &str = "sources:\n  - title: Microneedling overview\n    publisher: American Academy of Dermatology\n    url: https://www.aad.org/public/cosmetic/younger-looking/microneedling\n";

/// A page with a description long enough for search results, so that
/// only the planted findings are reported.
fn page(title: &str, front: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: What {title} means for a patient, what to expect, the risks and the time it takes to heal.\n{front}---\n{body}"
    )
}

/// A site with something in every list: a draft, a scheduled and an expired
/// page, reviews overdue, due soon, due later and never done, a medical
/// page without sources, and a claim (an error finding).
fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", &page("Home", "", "Welcome.\n"));
    site.write("content/draft.md", &page("Draft", "draft: true\n", "Later.\n"));
    site.write(
        "content/offer.md",
        &page(
            "Offer",
            "publish_date: 2026-06-08\nexpiry_date: 2026-07-01\n",
            "June.\n",
        ),
    );
    site.write(
        "content/winter.md",
        &page("Winter", "expiry_date: 2026-05-31\n", "Gone.\n"),
    );
    site.write(
        "content/risks.md",
        &page(
            "Risks",
            &format!("reviewed_by: dr-smith\nlast_reviewed: 2025-05-01\n{SOURCE}"),
            "Redness.\n",
        ),
    );
    site.write(
        "content/aftercare.md",
        &page(
            "Aftercare",
            &format!("reviewed_by: dr-smith\nlast_reviewed: 2025-06-20\n{SOURCE}"),
            "Clean.\n",
        ),
    );
    site.write(
        "content/results.md",
        &page(
            "Results",
            &format!("reviewed_by: dr-smith\nlast_reviewed: 2026-03-01\n{SOURCE}"),
            "Weeks.\n",
        ),
    );
    site.write(
        "content/pain.md",
        &page("Pain", "reviewed_by: dr-smith\n", "It is painless.\n"),
    );
    site
}

#[test]
fn status_lists_what_needs_attention() {
    let site = site();
    let run = site.run(&["status", "--as-of", "2026-06-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn status_as_json_has_every_list_and_the_findings() {
    let site = site();
    let run = site.run(&[
        "status",
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "--due-within",
        "10",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let files = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} is a list"))
            .iter()
            .map(|p| p["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(v["as_of"], "2026-06-01");
    assert_eq!(v["due_within_days"], 10);
    assert_eq!(files("drafts"), ["content/draft.md"]);
    assert_eq!(files("scheduled"), ["content/offer.md"]);
    assert_eq!(v["scheduled"][0]["publish_date"], "2026-06-08");
    assert_eq!(v["scheduled"][0]["expiry_date"], "2026-07-01");
    assert_eq!(v["scheduled"][0]["url"], serde_json::Value::Null);
    assert_eq!(files("expired"), ["content/winter.md"]);
    // Due in 19 days is beyond 10; overdue and never reviewed are listed.
    assert_eq!(files("reviews"), ["content/pain.md", "content/risks.md"]);
    assert_eq!(v["reviews"][1]["due"], "2026-05-01");
    assert_eq!(v["reviews"][1]["days_left"], -31);
    assert_eq!(v["reviews"][0]["due"], serde_json::Value::Null);
    assert_eq!(files("without_sources"), ["content/pain.md"]);
    assert_eq!(v["outdated_translations"], serde_json::json!([]));
    let findings = v["findings"].as_array().unwrap();
    let painless = findings.iter().find(|f| f["rule"] == "painless").expect("the claim");
    assert_eq!(painless["file"], "content/pain.md");
    assert_eq!(painless["severity"], "error");
    assert_eq!(painless["line"], 6);
}

#[test]
fn status_works_on_a_site_with_errors_and_a_bad_due_within_is_a_usage_error() {
    let site = site();
    site.write("content/broken.md", &page("Broken", "", "[gone](gone.md)\n"));
    let run = site.run(&["status", "--as-of", "2026-06-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("scheduled: 1\n  content/offer.md (Offer): goes up on 2026-06-08\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  content/broken.md\n    5:8: error: `gone.md` links to content/gone.md, which does not exist [broken-link]\n"), "{}", run.stdout);
    let run = site.run(&["status", "--due-within", "soon"]);
    assert_eq!(run.code, Some(2));
}
