//! `sources:` on pages and data pages: the numbered Sources list of the
//! clinic theme, the anchors the text links to, schema.org `citation`, every
//! mistake at its place, and the two source rules.

use crate::support::*;
use dermapress::{Diagnostic, LoadOptions, Severity};
use serde_json::Value;

const SOURCES: &str = "\
sources:
  - id: fda
    title: Microneedling Devices
    publisher: U.S. Food and Drug Administration
    url: https://www.fda.gov/medical-devices/aesthetic-cosmetic-devices/microneedling-devices
  - id: chu-2021
    title: \"Safety profile for microneedling: a systematic review\"
    publisher: Dermatologic Surgery 47(9):1249-1254
    year: 2021
    doi: 10.1097/01.dss.0000790428.70373.f6
  - title: A page without an id
    year: 2020
    url: https://www.aad.org/example
";

const BODY: &str = "
## What the FDA says

The FDA has authorized devices for acne scars on the face [1](#source-fda).

## Side effects

Redness is common; infection is rare [2](#source-chu-2021), [3](#source-3).
";

/// The clinic site of the preview tests, with the real theme, plus a page
/// citing three sources.
fn cited() -> TestSite {
    let site = TestSite::clinic();
    site.write(
        "content/evidence.md",
        &page(
            "The evidence",
            &format!("reviewed_by: doc\nlast_reviewed: 2026-01-01\n{SOURCES}"),
            BODY,
        ),
    );
    site
}

#[test]
fn sources_are_a_numbered_list_whose_items_the_text_links_to() {
    let site = cited();
    site.build_ok();
    let html = site.html("evidence/index.html");
    assert_eq!(text(one(&html, "section.sources h2")), "Sources");
    let items = select(&html, "section.sources ol.source-list > li");
    let ids: Vec<&str> = items.iter().map(|li| attr(*li, "id")).collect();
    assert_eq!(ids, ["source-fda", "source-chu-2021", "source-3"]);
    assert_eq!(
        text(items[1]),
        "Safety profile for microneedling: a systematic review. Dermatologic Surgery 47(9):1249-1254, 2021. DOI: 10.1097/01.dss.0000790428.70373.f6"
    );
    let links: Vec<String> = items
        .iter()
        .map(|li| attr(li.select(&sel("a")).next().unwrap(), "href").to_string())
        .collect();
    assert_eq!(
        links,
        [
            "https://www.fda.gov/medical-devices/aesthetic-cosmetic-devices/microneedling-devices",
            "https://doi.org/10.1097/01.dss.0000790428.70373.f6",
            "https://www.aad.org/example",
        ]
    );
    // The in-text references point at those items, and the page has no
    // Markdown list of its own for them.
    assert_eq!(hrefs(&html, ".prose"), ["#source-fda", "#source-chu-2021", "#source-3"]);
    assert!(select(&html, ".prose h2").iter().all(|h| text(*h) != "Sources"));
}

#[test]
fn a_reference_to_a_source_the_page_does_not_have_is_a_broken_link() {
    let site = cited();
    site.edit("content/evidence.md", "(#source-3)", "(#source-4)");
    let errors = site.build_errors();
    let d = only(&errors);
    assert_eq!(d.rule, "broken-link");
    // The blank line after the front matter is line 26: the link's target
    // is on line 27, after "[3](".
    assert_eq!((d.line, d.column), (27, 65), "{}", report(&errors));
}

fn graph(html: &scraper::Html) -> Vec<Value> {
    let script = one(html, "script[type='application/ld+json']");
    let json: Value = serde_json::from_str(&script.inner_html()).unwrap();
    json["@graph"].as_array().unwrap().clone()
}

#[test]
fn sources_are_the_pages_citation_in_json_ld() {
    let site = cited();
    site.build_ok();
    let graph = graph(&site.html("evidence/index.html"));
    let page = graph.iter().find(|n| n["@type"] == "MedicalWebPage").unwrap();
    let citation = page["citation"].as_array().unwrap();
    assert_eq!(citation.len(), 3);
    assert_eq!(
        citation[0],
        serde_json::json!({
            "@type": "CreativeWork",
            "name": "Microneedling Devices",
            "publisher": {"@type": "Organization", "name": "U.S. Food and Drug Administration"},
            "url": "https://www.fda.gov/medical-devices/aesthetic-cosmetic-devices/microneedling-devices",
        })
    );
    assert_eq!(
        citation[1],
        serde_json::json!({
            "@type": "ScholarlyArticle",
            "name": "Safety profile for microneedling: a systematic review",
            "publisher": {"@type": "Organization", "name": "Dermatologic Surgery 47(9):1249-1254"},
            "datePublished": "2021",
            "url": "https://doi.org/10.1097/01.dss.0000790428.70373.f6",
            "sameAs": "https://doi.org/10.1097/01.dss.0000790428.70373.f6",
        })
    );
    assert_eq!(citation[2]["datePublished"], "2020");
    // A page without sources has no citation.
    let other = graph_of(&site, "guides/risks/index.html");
    assert!(other.iter().all(|n| n.get("citation").is_none()));
}

fn graph_of(site: &TestSite, rel: &str) -> Vec<Value> {
    graph(&site.html(rel))
}

#[test]
fn data_pages_list_and_cite_their_sources_too() {
    let site = TestSite::clinic();
    site.write(
        "content/faq.yaml",
        &format!(
            "kind: faq\ntitle: Questions\ndescription: Short answers to the questions patients ask most about the treatment.\nupdated: 2026-02-01\n{SOURCES}questions:\n  - q: Is it authorized?\n    a: For some uses [1](#source-fda).\n"
        ),
    );
    site.build_ok();
    let html = site.html("faq/index.html");
    assert_eq!(select(&html, "section.sources li").len(), 3);
    assert_eq!(hrefs(&html, ".faq-a > p:first-child"), ["#source-fda"]);
    let graph = graph(&html);
    let web = graph
        .iter()
        .find(|n| n["@id"].as_str().unwrap_or("").ends_with("#webpage"))
        .unwrap();
    assert_eq!(web["citation"].as_array().unwrap().len(), 3);
    // A data page shows when it was last updated.
    assert_eq!(attr(one(&html, ".page-meta .updated time"), "datetime"), "2026-02-01");
}

/// The one error of a page whose front matter ends with `sources`, and its
/// place, message and help.
fn mistake(sources: &str) -> (usize, usize, String, String) {
    let site = TestSite::new();
    site.write("content/p.md", &page("P", &format!("sources:\n{sources}"), "Text.\n"));
    let errors = site.build_errors();
    let d = only(&errors);
    (d.line, d.column, d.message.clone(), help(d).to_string())
}

/// A `sources:` text and the error it must give: line, column, message and
/// a part of the help.
type Case = (String, (usize, usize, &'static str, &'static str));

#[test]
fn every_mistake_in_sources_is_an_error_at_its_place_with_the_fix() {
    let ok = "    title: T\n    url: https://a.example/x\n";
    let cases: Vec<Case> = vec![
        (
            "  - titel: T\n    url: https://a.example/x\n".to_string(),
            (
                5,
                5,
                "unknown key `titel` in item 1 of `sources`",
                "did you mean `title`?",
            ),
        ),
        (
            "  - title: [a, b]\n    url: https://a.example/x\n".to_string(),
            (
                5,
                12,
                "`title` of item 1 of `sources` should be text, not a list",
                "put text in quotes",
            ),
        ),
        (
            "  - title: T\n    url: www.fda.gov/x\n".to_string(),
            (
                6,
                10,
                "`url` is not a web address: \"www.fda.gov/x\"",
                "start the address with https://, e.g. url: https://www.fda.gov/x",
            ),
        ),
        (
            "  - title: T\n    url: javascript:alert(1)\n".to_string(),
            (
                6,
                10,
                "`url` is not a web address: \"javascript:alert(1)\"",
                "starting with https://",
            ),
        ),
        (
            "  - title: T\n    doi: https://doi.org/10.1/x\n".to_string(),
            (
                6,
                10,
                "`doi` is not a DOI: \"https://doi.org/10.1/x\"",
                "write the DOI alone, without the prefix: doi: 10.1/x",
            ),
        ),
        (
            format!("  - id: a\n{ok}  - id: a\n{ok}"),
            (
                8,
                9,
                "two sources have the id `a`",
                "give each source its own id; the first `a` is on line 5",
            ),
        ),
        (
            format!("  - id: FDA 2020\n{ok}"),
            (
                5,
                9,
                "the source id \"FDA 2020\" has characters an address cannot use",
                "use lowercase letters, digits and dashes, e.g. id: fda-2020",
            ),
        ),
        (
            format!("  - year: 21\n{ok}"),
            (5, 11, "`year` must be a four-digit year, not \"21\"", "e.g. year: 2021"),
        ),
        (
            format!("  - year: 2021-05\n{ok}"),
            (
                5,
                11,
                "`year` must be a four-digit year, not \"2021-05\"",
                "e.g. year: 2021",
            ),
        ),
        (
            "  - publisher: FDA\n    url: https://a.example/x\n".to_string(),
            (5, 5, "`title` is missing", "add a line `title: ...`"),
        ),
        (
            "  - title: \"\"\n    url: https://a.example/x\n".to_string(),
            (5, 12, "`title` of this source is empty", "title: Microneedling Devices"),
        ),
        (
            format!("  - title: {}\n    url: https://a.example/x\n", "w".repeat(201)),
            (
                5,
                12,
                "the source's title is 201 characters long; a title has at most 200",
                "not a quotation",
            ),
        ),
        (
            "  - title: T\n    publisher: FDA\n".to_string(),
            (
                5,
                5,
                "this source has neither `url` nor `doi`: readers cannot look it up",
                "doi: 10.1001/jamadermatol.2013.6955",
            ),
        ),
    ];
    let mut wrong = Vec::new();
    for (yaml, (line, column, message, fix)) in cases {
        let (l, c, m, h) = mistake(&yaml);
        if (l, c, m.as_str()) != (line, column, message) || !h.contains(fix) {
            wrong.push(format!(
                "{yaml}  got {l}:{c} {m:?}, help {h:?}\n  want {line}:{column} {message:?}, help with {fix:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn sources_must_be_a_list() {
    let (line, column, message, _) = mistake("  title: T\n");
    assert_eq!((line, column), (5, 3), "{message}");
    assert!(message.contains("sources"), "{message}");
}

// ---- the rules ------------------------------------------------------------------

fn findings(site: &TestSite, file: &str) -> Vec<(usize, usize, &'static str, Severity, String)> {
    let all: Vec<Diagnostic> = dermapress::check(
        site.root(),
        &LoadOptions {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..LoadOptions::default()
        },
    );
    all.into_iter()
        .filter(|d| d.file.to_string_lossy().replace('\\', "/") == format!("content/{file}"))
        // The test pages' descriptions are short on purpose.
        .filter(|d| d.rule != "description-length")
        .map(|d| (d.line, d.column, d.rule, d.severity, d.message))
        .collect()
}

#[test]
fn a_medical_page_without_sources_is_warned_about() {
    let site = TestSite::clinic();
    site.write(
        "content/plain.md",
        &page(
            "Plain",
            "procedure: microneedling\nlast_reviewed: 2026-01-01\n",
            "## Risks\n\nSome.\n",
        ),
    );
    site.write("content/about.md", &page("About us", "", "Who we are.\n"));
    assert_eq!(
        findings(&site, "plain.md"),
        [(
            4,
            1,
            "sources-missing",
            Severity::Warning,
            "this is a medical page, but it names no sources for what it says".to_string()
        )]
    );
    // Not medical: no warning. With sources: none either.
    assert_eq!(findings(&site, "about.md"), []);
    assert_eq!(findings(&cited(), "evidence.md"), []);
}

#[test]
fn evidence_wording_without_a_source_reference_in_its_paragraph_is_warned_about() {
    let site = cited();
    site.write(
        "content/claims.md",
        &page(
            "Claims",
            &format!("reviewed_by: doc\nlast_reviewed: 2026-01-01\n{SOURCES}"),
            "
About 40% of people see a change.

Studies show it helps\nsome scars. Research suggests more [2](#source-chu-2021).

- It is used clinically on scars.
- 3 in 10 have redness for 2 days.

| Effect | Share |
|---|---|
| Redness | 90 percent |

No treatment is 100% safe, and there is 20% off in May.
",
        ),
    );
    let got: Vec<(usize, usize, &str)> = findings(&site, "claims.md")
        .into_iter()
        .map(|(l, c, r, s, _)| {
            assert_eq!(s, Severity::Warning);
            (l, c, r)
        })
        .collect();
    assert_eq!(
        got,
        [
            // Line 20 is the blank line after the front matter.
            (21, 7, "unsourced-claim"),
            // "Studies show" and "Research suggests" share a paragraph with
            // a reference; "3 in 10" is no percentage.
            (26, 14, "unsourced-claim"),
            (31, 13, "unsourced-claim"),
        ]
    );
    let message = &findings(&site, "claims.md")[0].4;
    assert_eq!(
        message,
        "\"40%\" states evidence, but nothing in its paragraph says where the evidence is"
    );
}

#[test]
fn the_source_rules_can_be_disabled_or_raised_in_site_yaml() {
    let site = TestSite::clinic();
    site.write(
        "content/plain.md",
        &page(
            "Plain",
            "reviewed_by: doc\nlast_reviewed: 2026-01-01\n",
            "About 40% of people.\n",
        ),
    );
    let rules = |site: &TestSite| -> Vec<(&'static str, Severity)> {
        findings(site, "plain.md").into_iter().map(|f| (f.2, f.3)).collect()
    };
    assert_eq!(
        rules(&site),
        [
            ("sources-missing", Severity::Warning),
            ("unsourced-claim", Severity::Warning)
        ]
    );
    let yaml = site.read_source("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}checks:\n  disable: [sources-missing]\n  severity: {{ unsourced-claim: error }}\n"),
    );
    assert_eq!(rules(&site), [("unsourced-claim", Severity::Error)]);
}
