//! GitHub-style alerts (`> [!NOTE]` ... `> [!CAUTION]`): labelled boxes with
//! the note role, the urgent care card, and their text read by the content
//! rules like any other.

use crate::support::*;
use dermapress::{LoadOptions, Severity};

const ALERTS: &str = "
> [!NOTE]
> A note.

> [!TIP]
> A tip.

> [!IMPORTANT]
> Something important.

> [!WARNING]
> Call the clinic if it gets worse.

> [!CAUTION]
> **In an emergency**, call your local emergency number.

> A plain quotation.
";

#[test]
fn alerts_are_notes_with_a_visible_label_and_caution_is_the_urgent_card() {
    let site = TestSite::clinic();
    site.write("content/alerts.md", &page("Alerts", "", ALERTS));
    site.build_ok();
    let html = site.html("alerts/index.html");
    let alerts = select(&html, ".prose aside.alert");
    let seen: Vec<(&str, &str, String, String)> = alerts
        .iter()
        .map(|a| {
            let label = text(a.select(&sel(".alert-label")).next().unwrap());
            let body = text(a.select(&sel("p:not(.alert-label)")).next().unwrap());
            (attr(*a, "class"), attr(*a, "role"), label, body)
        })
        .collect();
    let want = [
        ("alert alert-note", "note", "Note", "A note."),
        ("alert alert-tip", "note", "Tip", "A tip."),
        ("alert alert-important", "note", "Important", "Something important."),
        (
            "alert alert-warning",
            "note",
            "Warning",
            "Call the clinic if it gets worse.",
        ),
        (
            "alert alert-caution alert-urgent",
            "note",
            "Urgent",
            "In an emergency, call your local emergency number.",
        ),
    ];
    let want: Vec<(&str, &str, String, String)> = want
        .iter()
        .map(|(c, r, l, b)| (*c, *r, l.to_string(), b.to_string()))
        .collect();
    assert_eq!(seen, want);
    // The marker is not shown, and a plain quotation stays a quotation.
    assert!(!text(one(&html, ".prose")).contains("[!"));
    assert_eq!(text(one(&html, ".prose blockquote")), "A plain quotation.");
}

#[test]
fn claims_inside_alerts_are_found_at_their_place() {
    let site = TestSite::clinic();
    site.write(
        "content/alerts.md",
        &page(
            "Alerts",
            "",
            "\n> [!TIP]\n> Treatment is painless for most.\n\n> [!NOTE]\n> About 40% of people heal in a day.\n",
        ),
    );
    let found: Vec<(usize, usize, &str, Severity)> = dermapress::check(
        site.root(),
        &LoadOptions {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..LoadOptions::default()
        },
    )
    .into_iter()
    .filter(|d| d.file.ends_with("alerts.md") && d.rule != "description-length")
    .map(|d| (d.line, d.column, d.rule, d.severity))
    .collect();
    assert_eq!(
        found,
        [
            // Line 5 is the blank line after the front matter.
            (7, 16, "painless", Severity::Error),
            (10, 9, "unsourced-claim", Severity::Warning),
        ]
    );
}

#[test]
fn the_real_sites_when_to_call_advice_is_an_alert_and_its_emergency_advice_the_urgent_card() {
    let out = tempfile::tempdir().unwrap();
    let result = dermapress::build(repo(), &out.path().join("public"), &LoadOptions::default());
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    for page in ["risks", "aftercare"] {
        let file = out.path().join(format!("public/{page}/index.html"));
        let html = scraper::Html::parse_document(&std::fs::read_to_string(file).unwrap());
        let warning = one(&html, "aside.alert-warning[role=note]");
        assert!(text(warning).contains("linic"), "{page}: {}", text(warning));
        let urgent = one(&html, "aside.alert-urgent[role=note]");
        assert!(text(urgent).contains("emergency number"), "{page}: {}", text(urgent));
    }
}
