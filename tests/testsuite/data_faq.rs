//! Data pages of `kind: faq`: questions that open without script, each with
//! a stable anchor, plus schema.org FAQPage JSON-LD with plain-text answers.

use crate::support::*;
use serde_json::Value;

fn built() -> (TestSite, scraper::Html) {
    let site = TestSite::fixture("data");
    site.build_ok();
    let html = site.html("faq/index.html");
    (site, html)
}

/// The questions of the fixture's faq.yaml, read with a YAML reader of its own.
fn yaml_questions(site: &TestSite) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(site.root().join("content/faq.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["questions"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["q"].as_str().unwrap().to_string(),
                q["a"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn questions_open_and_close_without_script_with_ids_from_their_text() {
    let (site, html) = built();
    let details = select(&html, "details");
    assert_eq!(details.len(), 5);
    let ids: Vec<&str> = details.iter().map(|d| attr(*d, "id")).collect();
    assert_eq!(
        ids,
        [
            "how-many-sessions-will-i-need",
            "does-it-hurt",
            "what-aftercare-do-i-need",
            "when-will-i-see-results",
            "is-it-safe-for-darker-skin"
        ]
    );
    let summaries: Vec<String> = select(&html, "details > summary").into_iter().map(text).collect();
    let asked: Vec<String> = yaml_questions(&site).into_iter().map(|(q, _)| q).collect();
    assert_eq!(summaries, asked);
    // Answers are Markdown: two paragraphs stay two paragraphs.
    assert_eq!(select(&html, "#does-it-hurt .answer p").len(), 2);
    assert_eq!(
        text(one(&html, "#how-many-sessions-will-i-need strong")),
        "three to six"
    );
    assert_eq!(select(&html, "script:not([type='application/ld+json'])").len(), 0);
}

fn faq_page(html: &scraper::Html) -> Value {
    let script = one(html, "script[type='application/ld+json']");
    let json: Value = serde_json::from_str(&script.inner_html()).expect("the JSON-LD is valid JSON");
    let graph = json["@graph"].as_array().expect("an @graph").clone();
    let faqs: Vec<Value> = graph.into_iter().filter(|n| n["@type"] == "FAQPage").collect();
    assert_eq!(faqs.len(), 1, "one FAQPage");
    faqs[0].clone()
}

#[test]
fn json_ld_faq_page_matches_the_yaml_with_plain_text_answers() {
    let (site, html) = built();
    let faq = faq_page(&html);
    assert_eq!(faq["url"], "https://data.example.com/faq/");
    let got: Vec<(String, String)> = faq["mainEntity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            assert_eq!(q["@type"], "Question");
            assert_eq!(q["acceptedAnswer"]["@type"], "Answer");
            (
                q["name"].as_str().unwrap().to_string(),
                q["acceptedAnswer"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let questions: Vec<String> = yaml_questions(&site).into_iter().map(|(q, _)| q).collect();
    assert_eq!(got.iter().map(|(q, _)| q.clone()).collect::<Vec<_>>(), questions);
    let answers: Vec<&str> = got.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        answers,
        [
            "Most people need three to six sessions, four to six weeks apart.",
            "Numbing cream is applied first. Most people feel pressure and mild scratching.",
            "Gentle cleansing and daily sunscreen; see downtime.",
            "Collagen builds over three months.",
            "It can be, with an experienced clinician. Read who should avoid it."
        ]
    );
    for a in answers {
        assert!(!a.contains(['*', '[', '<']), "not plain text: {a}");
    }
}

#[test]
fn links_in_answers_are_resolved() {
    let (_site, html) = built();
    assert_eq!(
        hrefs(&html, "#what-aftercare-do-i-need"),
        ["/compare/three-ways/#downtime"]
    );
    assert_eq!(
        hrefs(&html, "#is-it-safe-for-darker-skin"),
        ["/treatments/#who-should-avoid-it"]
    );
}

#[test]
fn markdown_pages_link_to_a_question_by_its_anchor() {
    let (site, _) = built();
    let html = site.html("treatments/index.html");
    assert_eq!(
        hrefs(&html, "#content"),
        ["/compare/three-ways/#downtime", "/faq/#does-it-hurt"]
    );
    // And site.yaml's menu names the FAQ by its file.
    assert_eq!(hrefs(&html, "#menu")[0], "/faq/");
}

#[test]
fn link_to_a_missing_question_fails_at_its_line() {
    let site = TestSite::fixture("data");
    let errors = site.break_with(
        "content/treatments.md",
        "---\ntitle: Treatments\ndescription: The treatments we compare.\n---\nFirst line.\n\nRead whether [it stings](faq.yaml#does-it-sting).\n\n## Who should avoid it\n",
    );
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/treatments.md".to_string(),
            7,
            26,
            "`faq.yaml#does-it-sting`: content/faq.yaml has no heading or question with the anchor #does-it-sting"
                .to_string()
        )
    );
    assert_eq!(help(d), "did you mean #does-it-hurt?");
}

#[test]
fn broken_link_in_an_answer_is_reported_at_its_line_in_the_yaml() {
    let site = TestSite::fixture("data");
    let errors = site.break_with(
        "content/faq.yaml",
        "kind: faq\ntitle: Questions\ndescription: Answers to common questions.\nquestions:\n  - q: Does it hurt?\n    a: |\n      Numbing cream is applied first.\n\n      See [aftercare](aftercare.md) for later.\n  - q: What aftercare do I need?\n    a: Sunscreen.\n",
    );
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/faq.yaml".to_string(),
            9,
            23,
            "`aftercare.md` links to content/aftercare.md, which does not exist".to_string()
        )
    );
}

#[test]
fn questions_with_the_same_anchor_are_an_error() {
    let site = TestSite::fixture("data");
    let errors = site.break_with(
        "content/faq.yaml",
        "kind: faq\ntitle: Questions\ndescription: Answers to common questions.\nquestions:\n  - q: Does it hurt?\n    a: A little.\n  - q: Does it hurt?!\n    a: Still a little.\n",
    );
    // Other pages link to this FAQ: those links are not reported as broken,
    // since the file is there and its own error says what to fix.
    let d = only(&errors);
    assert_eq!(
        at(d),
        (
            "content/faq.yaml".to_string(),
            7,
            8,
            "two questions have the anchor #does-it-hurt".to_string()
        )
    );
}
