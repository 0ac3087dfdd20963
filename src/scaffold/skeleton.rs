//! The text of a new page: every front matter key a clinic may need, with a
//! comment saying what it is for, and `TODO` wherever a person must write.
//! `check` warns about each `TODO` (rule `placeholder`) until it is replaced.

use jiff::civil::Date;

use crate::config::Config;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Page,
    Comparison,
    Faq,
}

impl PageKind {
    pub fn extension(self) -> &'static str {
        match self {
            PageKind::Page => "md",
            PageKind::Comparison | PageKind::Faq => "yaml",
        }
    }
}

/// The file's text.
pub fn write(kind: PageKind, title: &str, slug: &str, config: &Config, today: Date) -> String {
    let common = common_keys(kind, title, slug, config, today);
    match kind {
        PageKind::Page => format!("---\n{common}---\n\n{PAGE_BODY}"),
        PageKind::Comparison => format!("{COMPARISON_HEAD}kind: comparison\n{common}{COMPARISON_BODY}"),
        PageKind::Faq => format!("{FAQ_HEAD}kind: faq\n{common}{FAQ_BODY}"),
    }
}

fn common_keys(kind: PageKind, title: &str, slug: &str, config: &Config, today: Date) -> String {
    // A JSON string is a valid double-quoted YAML string, whatever the title holds.
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| format!("\"{slug}\""));
    let what = match kind {
        PageKind::Page => "page",
        PageKind::Comparison => "comparison",
        PageKind::Faq => "FAQ",
    };
    let mut out = format!(
        "# The title: the {what}'s heading, the browser tab and search results (60 characters at most).
title: {quoted}
# One or two sentences for search results and link previews (50 to 160 characters).
description: \"TODO: say in one or two sentences what this {what} answers for a patient.\"
# The last part of the address. Keep it once the {what} is published: links depend on it.
slug: {slug}
date: {today}
# Drafts are built only with --drafts. Delete this line to publish.
draft: true
"
    );
    out.push_str(&review_keys(config, today));
    out.push_str(&procedure_hint(config));
    out.push_str(
        "# weight: 10                # the order within its section, lowest first
# tags: [acne-scars]
# image: { src: images/example.svg, alt: What the image shows }
",
    );
    out
}

/// `reviewed_by` filled in when the site has exactly one reviewer; otherwise
/// a comment listing the choices.
fn review_keys(config: &Config, today: Date) -> String {
    match config.reviewers.as_slice() {
        [only] => format!(
            "# Who checked the medical content (an id from `reviewers:` in site.yaml) and when.
# Update last_reviewed when {} has reviewed this page.
reviewed_by: {}
last_reviewed: {today}
",
            only.name, only.id
        ),
        [] => "# Who checked the medical content and when: add a reviewer under `reviewers:`
# in site.yaml, then write `reviewed_by: <id>` and `last_reviewed: YYYY-MM-DD` here.
"
        .to_string(),
        many => format!(
            "# Who checked the medical content and when. reviewed_by is one of: {}
# reviewed_by: {}
# last_reviewed: {today}
",
            many.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", "),
            many[0].id
        ),
    }
}

fn procedure_hint(config: &Config) -> String {
    let example = config.procedures.first().map_or("microneedling", |p| p.id.as_str());
    format!(
        "# If the page is about a procedure from `procedures:` in site.yaml, uncomment this;
# the page then needs a heading about risks or side effects.
# procedure: {example}
"
    )
}

const PAGE_BODY: &str = "\
TODO: write the page. Start with what a patient most wants to know, in plain words.

<!-- Headings become the table of contents; `## Risks and side effects` is linkable as
     #risks-and-side-effects. Link to other pages by their file, e.g. [aftercare](aftercare.md). -->
";

const COMPARISON_HEAD: &str = "\
# A comparison page: the options are the columns, the criteria are the rows.
# Every criterion gives a value for every option id (values may use Markdown).
";

const COMPARISON_BODY: &str = "\
intro: TODO one or two sentences on what the options have in common.
options:
  - id: first
    name: TODO first treatment
    # page: ../first-treatment.md      # optional: the option's own page
  - id: second
    name: TODO second treatment
criteria:
  - label: How it works
    values:
      first: TODO
      second: TODO
  - label: Recovery
    values:
      first: TODO
      second: TODO
  - label: Risks and side effects
    values:
      first: TODO
      second: TODO
summary: TODO who each option may suit, and a reminder to ask a clinician.
";

const FAQ_HEAD: &str = "\
# An FAQ page: each question opens and closes on the page and gets its own
# link (#id), made from the question unless you give it an `id:`.
";

const FAQ_BODY: &str = "\
questions:
  - q: TODO a question patients ask?
    a: |
      TODO the answer, in a few plain sentences. Markdown works here.
  - q: TODO another question?
    a: |
      TODO its answer.
";
