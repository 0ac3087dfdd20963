//! Escaping: text from site.yaml, front matter and data pages that looks like
//! markup (`"><script>`, `</script>`, `]]>`, `<!--`) reaches every HTML page,
//! attribute, JSON-LD block and XML file of the REAL theme as text, never as
//! markup.
//!
//! The site is built twice, once with the hostile text in every field and
//! once with plain words in the same places; every output file must have the
//! same elements and attributes in both builds (nothing was injected), and
//! the hostile build must show the hostile text intact where it belongs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::*;
use scraper::{Html, Node};

const HOSTILE: &str = "\"><script>alert(1)</script> </script> ]]> <!-- & 'x";
const PLAIN: &str = "plain words standing in for the hostile text here";

/// A field's text: a name to find it by, then the payload.
fn field(name: &str, payload: &str) -> String {
    format!("{name} {payload}")
}

/// Writes the site with `payload` in every field that reaches the output.
/// YAML single quotes keep the payload as it is (it has no `'` that is not
/// doubled below).
fn write_site(root: &Path, payload: &str) {
    let f = |name: &str| field(name, payload).replace('\'', "''");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic");
    copy_dir(&theme, &root.join("themes/clinic"));
    let site_yaml = format!(
        "title: '{}'
base_url: https://clinic.example.com
description: '{}'
clinic:
  name: '{}'
  phone: '{}'
  email: '{}'
  address: {{ street: '{}', city: '{}', region: '{}', postal_code: '{}', country: '{}' }}
  booking_url: '{}'
  opening_hours: '{}'
reviewers:
  - id: dr
    name: '{}'
    credentials: '{}'
disclaimer: '{}'
procedures:
  - id: microneedling
    name: '{}'
    how_performed: '{}'
    adverse_outcomes: ['{}']
menu:
  - {{ label: '{}', page: faq.yaml }}
  - {{ label: '{}', url: 'https://elsewhere.example.com/?q={}' }}
extra:
  labels: {{ book: '{}', call: '{}', disclaimer: '{}', skip: '{}' }}
",
        f("SiteTitle"),
        f("SiteDescription"),
        f("ClinicName"),
        f("ClinicPhone"),
        f("ClinicEmail"),
        f("Street"),
        f("City"),
        f("Region"),
        f("Postal"),
        f("Country"),
        f("https://clinic.example.com/book?x="),
        f("Hours"),
        f("ReviewerName"),
        f("ReviewerCredentials"),
        f("Disclaimer"),
        f("ProcedureName"),
        f("HowPerformed"),
        f("AdverseOutcome"),
        f("MenuLabel"),
        f("OtherMenuLabel"),
        f("query"),
        f("BookLabel"),
        f("CallLabel"),
        f("DisclaimerLabel"),
        f("SkipLabel"),
    );
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.yaml", &site_yaml);
    write(
        "content/_index.md",
        &format!(
            "---\ntitle: '{}'\ndescription: '{}'\n---\nWelcome. See [the page](page.md).\n",
            f("HomeTitle"),
            f("HomeDescription")
        ),
    );
    write(
        "content/page.md",
        &format!(
            "---\ntitle: '{}'\ndescription: '{}'\ndate: 2026-01-02\nupdated: 2026-02-03\nreviewed_by: dr\nlast_reviewed: 2026-03-04\nprocedure: microneedling\ntags: ['{}']\nimage: {{ src: images/skin.png, alt: '{}' }}\n---\n## Risks\n\nSome redness.\n",
            f("PageTitle"),
            f("PageDescription"),
            f("Tag"),
            f("ImageAlt")
        ),
    );
    std::fs::create_dir_all(root.join("content/images")).unwrap();
    std::fs::write(
        root.join("content/images/skin.png"),
        crate::support::photos::png(4, 3, 1),
    )
    .unwrap();
    write(
        "content/faq.yaml",
        &format!(
            "kind: faq\ntitle: '{}'\ndescription: '{}'\ndate: 2026-01-05\nintro: '{}'\nquestions:\n  - q: '{}'\n    a: '{}'\n",
            f("FaqTitle"),
            f("FaqDescription"),
            f("FaqIntro"),
            f("Question"),
            f("Answer")
        ),
    );
    write(
        "content/compare/x.yaml",
        &format!(
            "kind: comparison\ntitle: '{}'\ndescription: '{}'\nintro: '{}'\noptions:\n  - id: '{}'\n    name: '{}'\n    page: ../page.md\n  - id: b\n    name: '{}'\ncriteria:\n  - label: '{}'\n    values:\n      '{}': '{}'\n      b: '{}'\nsummary: '{}'\n",
            f("CompareTitle"),
            f("CompareDescription"),
            f("CompareIntro"),
            f("opt"),
            f("OptionA"),
            f("OptionB"),
            f("CriterionLabel"),
            f("opt"),
            f("ValueA"),
            f("ValueB"),
            f("CompareSummary")
        ),
    );
}

/// Every element of an HTML document in order, as its name and the names of
/// its attributes (plus a script's type): what injection would change.
fn html_shape(html: &Html) -> Vec<String> {
    html.tree
        .nodes()
        .filter_map(|node| match node.value() {
            Node::Element(e) => {
                let names: BTreeSet<&str> = e.attrs().map(|(name, _)| name).collect();
                let kind = if e.name() == "script" {
                    e.attr("type").unwrap_or("")
                } else {
                    ""
                };
                Some(format!("{}{names:?}{kind}", e.name()))
            }
            _ => None,
        })
        .collect()
}

fn xml_shape(text: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"));
    doc.descendants()
        .filter(|n| n.is_element())
        .map(|n| {
            let names: BTreeSet<&str> = n.attributes().map(|a| a.name()).collect();
            format!("{}{names:?}", n.tag_name().name())
        })
        .collect()
}

fn build(payload: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), payload);
    let out = dir.path().join("public");
    let result = dermapress::build(dir.path(), &out, &dermapress::LoadOptions::default());
    assert!(
        result.summary.is_some(),
        "the build failed:\n{}",
        crate::support::report(&result.diagnostics)
    );
    // The search index's file names are hashes of what it holds, so they
    // differ with the text; what the index holds is shown as text by the
    // theme's script (see `search_browser`).
    let files = tree(&out)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind/"))
        .collect();
    (dir, files)
}

fn strings(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

#[test]
fn markup_in_any_field_reaches_the_output_as_text() {
    let (_hostile_dir, hostile) = build(HOSTILE);
    let (_plain_dir, plain) = build(PLAIN);
    assert_eq!(
        hostile.keys().collect::<Vec<_>>(),
        plain.keys().collect::<Vec<_>>(),
        "the same files are written"
    );

    let mut json_strings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, bytes) in &hostile {
        let text = String::from_utf8_lossy(bytes);
        let plain_text = String::from_utf8_lossy(&plain[path]);
        if path.ends_with(".html") {
            let html = Html::parse_document(&text);
            assert_eq!(
                html_shape(&html),
                html_shape(&Html::parse_document(&plain_text)),
                "{path}: the hostile text changed the page's elements"
            );
            let mut found = BTreeSet::new();
            for script in select(&html, "script") {
                let code: String = script.text().collect();
                if script.value().attr("type") == Some("application/ld+json") {
                    let value: serde_json::Value =
                        serde_json::from_str(&code).unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}"));
                    strings(&value, &mut found);
                } else {
                    assert!(!code.contains("alert(1)"), "{path}: hostile text in a script:\n{code}");
                }
            }
            json_strings.insert(path.clone(), found);
        } else if path.ends_with(".xml") {
            assert_eq!(xml_shape(&text), xml_shape(&plain_text), "{path}");
        }
    }

    // The hostile text is shown intact where it belongs.
    let f = |name: &str| field(name, HOSTILE);
    let page = Html::parse_document(&String::from_utf8_lossy(&hostile["page/index.html"]));
    assert_eq!(text(one(&page, "h1")), f("PageTitle"));
    assert_eq!(
        attr(one(&page, "meta[name=description]"), "content"),
        f("PageDescription")
    );
    assert_eq!(attr(one(&page, "meta[property='og:title']"), "content"), f("PageTitle"));
    assert!(text(one(&page, "title")).starts_with(&f("PageTitle")));
    assert!(text(one(&page, ".disclaimer")).contains(&f("Disclaimer")));
    assert_eq!(
        attr(one(&page, "meta[property='og:image:alt']"), "content"),
        f("ImageAlt")
    );
    let faq = Html::parse_document(&String::from_utf8_lossy(&hostile["faq/index.html"]));
    assert_eq!(text(one(&faq, ".faq-q")), f("Question"));
    // Markdown fields get smart punctuation (“ ’ –); the markup stays text.
    let markup = "<script>alert(1)</script> </script> ]]>";
    let answer = text(one(&faq, ".faq-a"));
    assert!(answer.starts_with("Answer ") && answer.contains(markup), "{answer}");
    let compare = Html::parse_document(&String::from_utf8_lossy(&hostile["compare/x/index.html"]));
    let table = text(one(&compare, "table"));
    for name in ["OptionA", "OptionB", "CriterionLabel"] {
        assert!(table.contains(&f(name)), "{name} in {table}");
    }
    for name in ["ValueA", "ValueB"] {
        assert!(table.contains(&format!("{name} “>{markup}")), "{name} in {table}");
    }

    let page_json = &json_strings["page/index.html"];
    for name in [
        "PageTitle",
        "PageDescription",
        "ReviewerName",
        "ReviewerCredentials",
        "ProcedureName",
        "HowPerformed",
        "AdverseOutcome",
        "ClinicName",
        "ClinicPhone",
        "ClinicEmail",
        "Street",
        "City",
    ] {
        assert!(
            page_json.contains(&f(name)),
            "{name} is not intact in the JSON-LD: {page_json:#?}"
        );
    }
    let faq_json = &json_strings["faq/index.html"];
    assert!(faq_json.contains(&f("Question")), "{faq_json:#?}");
    // An answer is Markdown: its JSON-LD text is the words the page shows,
    // markup-looking text included (it is a JSON string, safe in its script).
    let answer_json = faq_json
        .iter()
        .find(|s| s.starts_with("Answer "))
        .expect("the answer text");
    assert!(answer.starts_with(answer_json.as_str()), "{answer_json} / {answer}");
    assert!(answer_json.contains(markup), "{answer_json}");

    let feed = String::from_utf8_lossy(&hostile["atom.xml"]).into_owned();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&f("PageTitle").as_str()), "{titles:?}");
    assert!(titles.contains(&f("SiteTitle").as_str()), "{titles:?}");
}

#[test]
fn links_that_run_scripts_are_errors_wherever_they_are_written() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        &format!("{SITE_YAML}menu:\n  - {{ label: Evil, url: 'JavaScript:alert(1)' }}\n"),
    );
    site.write(
        "content/_index.md",
        &page("Home", "", "Hi [there](javascript:alert(1)).\n"),
    );
    site.write(
        "content/faq.yaml",
        "kind: faq\ntitle: Q\ndescription: D.\nquestions:\n  - q: Why?\n    a: '[click](javascript&#58;alert(1))'\n",
    );
    site.write(
        "content/compare/x.yaml",
        "kind: comparison\ntitle: X vs Y\ndescription: D.\noptions:\n  - { id: x, name: X }\n  - { id: y, name: Y }\ncriteria:\n  - label: Depth\n    values: { x: '[a](vbscript:msgbox)', y: b }\n",
    );
    let errors = site.build_errors();
    let found: Vec<(String, usize, &str)> = errors
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.rule))
        .collect();
    assert_eq!(
        found,
        [
            ("content/_index.md".to_string(), 5, "script-link"),
            ("content/compare/x.yaml".to_string(), 9, "script-link"),
            ("content/faq.yaml".to_string(), 6, "script-link"),
            ("site.yaml".to_string(), 8, "script-link"),
        ],
        "{}",
        crate::support::report(&errors)
    );
}
