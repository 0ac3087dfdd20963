//! The text of a new page: every front matter key a clinic may need, with a
//! comment saying what it is for, and `TODO` wherever a person must write.
//! `check` warns about each `TODO` (rule `placeholder`) until it is replaced.

use jiff::civil::Date;

use crate::config::Config;
use crate::content::kinds::{self, DataKind};

/// What `dermapress new` makes: a Markdown page or a data page of one kind.
#[derive(Clone, Copy)]
pub struct PageKind(pub(crate) Made);

#[derive(Clone, Copy)]
pub(crate) enum Made {
    Page,
    Data(&'static DataKind),
}

impl PageKind {
    /// `page` or the name of a data kind.
    pub fn named(name: &str) -> Option<PageKind> {
        match name {
            "page" => Some(PageKind(Made::Page)),
            _ => kinds::by_name(name).map(|k| PageKind(Made::Data(k))),
        }
    }

    /// Every name `named` takes.
    pub fn names() -> Vec<&'static str> {
        std::iter::once("page")
            .chain(kinds::DATA_KINDS.iter().map(|k| k.name))
            .collect()
    }

    pub(crate) fn extension(self) -> &'static str {
        match self.0 {
            Made::Page => "md",
            Made::Data(_) => "yaml",
        }
    }
}

/// The file's text.
pub(crate) fn write(kind: PageKind, title: &str, slug: &str, config: &Config, today: Date) -> String {
    let common = common_keys(kind, title, slug, config, today);
    match kind.0 {
        Made::Page => format!("---\n{common}---\n\n{PAGE_BODY}"),
        Made::Data(k) => format!("{}kind: {}\n{common}{}", k.skeleton.0, k.name, k.skeleton.1),
    }
}

fn common_keys(kind: PageKind, title: &str, slug: &str, config: &Config, today: Date) -> String {
    // A JSON string is a valid double-quoted YAML string, whatever the title holds.
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| format!("\"{slug}\""));
    let what = match kind.0 {
        Made::Page => "page",
        Made::Data(k) => k.label,
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
    out.push_str(SOURCES_HINT);
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

/// Medical pages name their sources; until they do, `check` warns.
const SOURCES_HINT: &str = "\
# The pages or articles this page is based on, listed under \"Sources\" on the page.
# Link to one from a sentence with [1](#source-fda-microneedling).
# sources:
#   - id: fda-microneedling
#     title: Microneedling Devices
#     publisher: U.S. Food and Drug Administration
#     year: 2020
#     url: https://www.fda.gov/medical-devices/aesthetic-cosmetic-devices/microneedling-devices
";

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
