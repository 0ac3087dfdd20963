//! One URL rule for every field: whatever a marketer writes into a field
//! that reaches an `href` or `src` (Markdown links of every form, FAQ
//! answers, comparison values and intros, option pages, a front-matter image,
//! site.yaml's clinic, menu and reviewers, the theme's `extra` values, a
//! page's `extra`), only http, https, mailto, tel and the site's own URLs
//! are published.
//!
//! The same site is built with script links planted in every field, which
//! must be refused with each one reported at its line, and with harmless
//! addresses in the same places, whose every `href` and `src` is checked
//! on the parsed HTML.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::*;
use scraper::Html;

/// The fields, each with a number that appears in its planted URL.
const FIELDS: &[(u32, &str)] = &[
    (1, "inline link in a page"),
    (2, "autolink in a page"),
    (3, "reference link in a page"),
    (4, "image in a page"),
    (5, "front-matter image"),
    (6, "a page's extra"),
    (7, "FAQ answer"),
    (8, "comparison value"),
    (9, "comparison intro"),
    (10, "comparison option page"),
    (11, "clinic.booking_url"),
    (12, "extra.footer_links url"),
    (13, "menu url"),
    (14, "reviewer page"),
    (15, "extra.logo"),
    (16, "extra.favicon"),
    (17, "a free-form site extra"),
];

/// Writes the site with `url(n)` in field `n`; each planted URL is alone
/// on its line, so that its line is where the error must point.
fn write_site(root: &Path, url: &dyn Fn(u32) -> String) {
    copy_dir(&repo().join("themes/clinic"), &root.join("themes/clinic"));
    let u = |n| url(n).replace('\'', "''");
    let write = |rel: &str, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.yaml",
        format!(
            "title: Clinic\nbase_url: https://clinic.example.com\nclinic:\n  name: Clinic\n  booking_url:\n    '{}'\nreviewers:\n  - id: dr\n    name: Dr A\n    page:\n      '{}'\nmenu:\n  - label: Elsewhere\n    url:\n      '{}'\nextra:\n  footer_links:\n    - label: Legal\n      url:\n        '{}'\n  logo:\n    '{}'\n  favicon:\n    '{}'\n  video:\n    '{}'\n",
            u(11),
            u(14),
            u(13),
            u(12),
            u(15),
            u(16),
            u(17)
        ),
    );
    write(
        "content/_index.md",
        format!(
            "---\ntitle: Home\ndescription: The clinic's home page.\n---\nSee [this](\n{}\n).\n\nOr\n<{}>\n\nOr [that][r].\n\n![skin](\n{}\n)\n\n[r]:\n  {}\n",
            url(1),
            url(2),
            url(4),
            url(3)
        ),
    );
    write(
        "content/page.md",
        format!(
            "---\ntitle: Page\ndescription: A page.\nimage:\n  src:\n    '{}'\n  alt: Skin\nextra:\n  more:\n    '{}'\n---\nText.\n",
            u(5),
            u(6)
        ),
    );
    write(
        "content/faq.yaml",
        format!(
            "kind: faq\ntitle: FAQ\ndescription: Questions.\nquestions:\n  - q: Why?\n    a: '[click](\n\n      {})'\n",
            u(7)
        ),
    );
    write(
        "content/compare.yaml",
        format!(
            "kind: comparison\ntitle: X or Y\ndescription: Two options.\nintro: '[x](\n\n  {})'\noptions:\n  - id: x\n    name: X\n    page:\n      '{}'\n  - {{ id: y, name: Y }}\ncriteria:\n  - label: Depth\n    values:\n      x: '[a](\n\n        {})'\n      y: b\n",
            u(9),
            u(10),
            u(8)
        ),
    );
}

/// The file and line where the URL of field `n` was planted.
fn planted(root: &Path, url: &str) -> (String, usize) {
    for file in [
        "site.yaml",
        "content/_index.md",
        "content/page.md",
        "content/faq.yaml",
        "content/compare.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let is_it = |l: &str| {
            let t = l.trim().trim_matches(['\'', '<', '>']);
            t == url || t.strip_suffix(')') == Some(url)
        };
        if let Some(i) = text.lines().position(is_it) {
            return (file.to_string(), i + 1);
        }
    }
    panic!("{url} was not planted");
}

const SCRIPTS: &[fn(u32) -> String] = &[
    |n| format!("javascript:alert({n})"),
    |n| format!("VBScript:msgbox({n})"),
    |n| format!("data:text/html;base64,PHNjcmlwdD4{n}"),
];

#[test]
fn a_script_link_in_any_field_is_reported_at_its_line_and_the_build_refuses() {
    for script in SCRIPTS {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), script);
        let out = dir.path().join("public");
        let result = dermapress::build(dir.path(), &out, &dermapress::LoadOptions::default());
        assert!(result.summary.is_none(), "{}", script(0));
        assert!(!out.exists(), "nothing may be written");
        let reported: BTreeSet<(String, usize)> = result
            .diagnostics
            .iter()
            .filter(|d| d.rule == "script-link")
            .map(|d| (d.file.display().to_string(), d.line))
            .collect();
        for (n, what) in FIELDS {
            let mut at = planted(dir.path(), &script(*n));
            if *n == 3 {
                // A reference link is reported where it is used, `[that][r]`.
                at.1 = 12;
            }
            assert!(
                reported.contains(&at),
                "{what} ({}) is not reported at {at:?}:\n{}",
                script(*n),
                report(&result.diagnostics)
            );
        }
    }
}

#[test]
fn every_href_and_src_in_the_built_site_has_an_allowed_scheme() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &|n| format!("https://ok.example/{n}"));
    let out = dir.path().join("public");
    let result = dermapress::build(dir.path(), &out, &dermapress::LoadOptions::default());
    assert!(result.summary.is_some(), "{}", report(&result.diagnostics));
    let mut seen = BTreeSet::new();
    for (path, bytes) in tree(&out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for e in select(&html, "[href], [src]") {
            for name in ["href", "src"] {
                let Some(value) = e.value().attr(name) else { continue };
                let scheme = value
                    .split_once(':')
                    .map(|(s, _)| s.to_ascii_lowercase())
                    .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
                assert!(
                    scheme
                        .as_deref()
                        .is_none_or(|s| ["http", "https", "mailto", "tel"].contains(&s)),
                    "{path}: {name}=\"{value}\""
                );
                if let Some(n) = value.strip_prefix("https://ok.example/") {
                    seen.insert(n.to_string());
                }
            }
        }
    }
    // The planted addresses did reach links and images: the fields are live.
    for n in [1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] {
        assert!(
            seen.contains(&n.to_string()),
            "field {n} reached no href or src: {seen:?}"
        );
    }
}
