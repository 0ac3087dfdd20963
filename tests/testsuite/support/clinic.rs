// The small clinic site of the watch and preview tests, with the
// repository's own theme: sections, a data page of each kind, links between
// pages, a menu and a stylesheet. Data only, with no `//!` doc, so that the
// unit tests in src/ can `include!` it too (src/testing.rs).

pub const SITE_YAML: &str = "\
title: Watch Test Clinic
base_url: https://clinic.example.com/info
language: en
theme: clinic
description: A small site that the watch tests edit, add to, rename and break on purpose.
reviewers:
  - id: doc
    name: Test Reviewer, MD
    credentials: Dermatologist
menu:
  - { label: How it works, page: how-it-works.md }
  - { label: Guides, page: guides/_index.md }
  - { label: FAQ, page: faq.yaml }
";

pub const PAGES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "---\ntitle: Watch test home\ndescription: The home page of the small site that the watch tests edit on purpose.\n---\n\nStart with [how it works](how-it-works.md) or the [guides](guides/_index.md).\n",
    ),
    (
        "content/how-it-works.md",
        "---\ntitle: How it works\ndescription: How the treatment works, in a few plain paragraphs for the watch tests.\nweight: 10\nreviewed_by: doc\nlast_reviewed: 2026-01-01\nsources: [{ title: Microneedling Devices, url: \"https://www.fda.gov/medical-devices/aesthetic-cosmetic-devices/microneedling-devices\" }]\n---\n\n## The idea\n\nTiny channels prompt the skin to repair itself. Read about [the first day](guides/aftercare.md#the-first-day).\n\n## Sessions\n\nMost people need several sessions.\n",
    ),
    (
        "content/guides/_index.md",
        "---\ntitle: Guides\ndescription: Guides to aftercare and risks, listed in weight order for the watch tests.\nweight: 20\n---\n\nEverything about before and after.\n",
    ),
    (
        "content/guides/aftercare.md",
        "---\ntitle: Aftercare\ndescription: What to do after a session, day by day, written for the watch tests.\nweight: 10\ndate: 2025-05-01\n---\n\n## The first day\n\nKeep the skin clean and use a gentle moisturiser.\n\n## The first week\n\nWear sunscreen every day. See [the risks](risks.md).\n",
    ),
    (
        "content/guides/risks.md",
        "---\ntitle: Risks\ndescription: The risks of the treatment and who should avoid it, for the watch tests.\nweight: 20\ndate: 2025-06-01\n---\n\n## Who should avoid it\n\nPeople with active skin infections.\n",
    ),
    (
        "content/faq.yaml",
        "kind: faq\ntitle: Questions and answers\ndescription: Common questions about the treatment, answered briefly for the watch tests.\nquestions:\n  - q: Does it hurt?\n    a: Numbing cream makes it comfortable for most people.\n  - q: How long is recovery?\n    a: Usually one to three days; see [aftercare](guides/aftercare.md).\n",
    ),
    (
        "content/compare/a-vs-b.yaml",
        "kind: comparison\ntitle: Treatment A vs treatment B\ndescription: How the two treatments differ in depth and downtime, for the watch tests.\noptions:\n  - id: a\n    name: Treatment A\n    page: ../how-it-works.md\n  - id: b\n    name: Treatment B\ncriteria:\n  - label: Depth\n    values: { a: Deep, b: Shallow }\n  - label: Downtime\n    values: { a: 1-3 days, b: None }\n",
    ),
];
