//! Property tests: whatever text a file holds, reading it ends in a page or
//! in diagnostics, never in a panic, and every diagnostic points inside the
//! file it names. Arbitrary text finds crashes in the edge cases; text built
//! from pieces of front matter, YAML and Markdown gets past the first checks
//! and reaches the deeper code.
//!
//! Each property runs a bounded number of cases (see `cases`), so that
//! `cargo test` stays fast; failures are not written to disk (shrink them
//! and add them to `tests/testsuite/fixtures/hostile-corpus/` instead).

mod common;

use common::copy_dir;
use std::path::Path;
use std::sync::Arc;

use dermapress::config::{self, Config};
use dermapress::content::{self, front_matter, page};
use dermapress::diagnostics::{Diagnostic, Pos, SourceFile};
use dermapress::images::Size;
use dermapress::links;
use dermapress::markdown::{Document, Target};
use proptest::prelude::*;
use proptest::test_runner::Config as Cases;

const BOM: char = '\u{feff}';

/// `n` cases, unless PROPTEST_CASES asks for another number (for a longer
/// search than `cargo test` should take).
fn cases(n: u32) -> Cases {
    Cases {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(n),
        failure_persistence: None,
        ..Cases::default()
    }
}

fn site_config() -> Config {
    let text = "title: T\nbase_url: https://t.example.com\nreviewers:\n  - id: dr\n    name: Dr A\n";
    match config::parse(text.to_string()) {
        Ok(c) => c.config,
        Err(ds) => panic!("{ds:?}"),
    }
}

/// A failed reading must say why, and say it inside the file.
fn check_diagnostics(file: &str, text: &str, diagnostics: &[Diagnostic]) {
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "a refused file must have an error: {diagnostics:?}"
    );
    let lines = text.split('\n').count();
    for d in diagnostics {
        assert_eq!(d.file, Path::new(file), "{d}");
        assert!(d.line <= lines, "{d} is past the last line ({lines})");
        assert!(!d.message.is_empty());
        // Printing never panics.
        let _ = d.to_string();
    }
}

fn read_markdown(text: &str) {
    match page::parse_markdown("p.md", text.to_string(), &site_config()) {
        Ok(p) => {
            assert!(!p.meta.title.trim().is_empty());
            if let page::Body::Markdown(doc) = &p.body {
                // Every other target with a size, as images of the site have.
                let targets: Vec<Target> = doc
                    .links
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Target {
                        url: format!("/x/{}", l.dest.len()),
                        size: (i % 2 == 0).then_some(Size {
                            width: i as u32 + 1,
                            height: 2,
                        }),
                    })
                    .collect();
                let _ = doc.to_html(&targets);
                let _ = doc.plain_text();
                let _ = doc.toc();
            }
        }
        Err(ds) => check_diagnostics("content/p.md", text, &ds),
    }
}

fn read_data(text: &str) {
    match page::parse_data("d.yaml", text.to_string(), &site_config()) {
        Ok(p) => {
            for doc in links::documents(&p) {
                let _ = doc.to_data_html(&[]);
                let _ = doc.to_inline_html(&[]);
                let _ = doc.plain_data_text();
            }
        }
        Err(ds) => check_diagnostics("content/d.yaml", text, &ds),
    }
}

fn read_config(text: &str) {
    if let Err(ds) = config::parse(text.to_string()) {
        check_diagnostics("site.yaml", text, &ds);
    }
}

// ---- structured-random text -------------------------------------------------

/// Scalars that YAML reads in many ways: quoted, block, numbers, dates,
/// anchors and aliases, flow collections, markup.
fn yaml_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.!?é-]{0,20}",
        Just("\"quoted: text\"".to_string()),
        Just("'single ''quoted'''".to_string()),
        Just("|\n  block\n  text\n".to_string()),
        Just(">\n  folded\n".to_string()),
        Just("2025-07-07".to_string()),
        Just("2025-02-30".to_string()),
        Just("12".to_string()),
        Just("-1.5e3".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("~".to_string()),
        Just("".to_string()),
        Just("[a, b, [c]]".to_string()),
        Just("{ a: 1, b: [2] }".to_string()),
        Just("&anchor value".to_string()),
        Just("*anchor".to_string()),
        Just("*missing".to_string()),
        Just("[unclosed".to_string()),
        Just("\"unclosed".to_string()),
        Just("a: b: c".to_string()),
        Just("\"><script>alert(1)</script>".to_string()),
        Just("\t tab".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!custom tag".to_string()),
        Just("? complex".to_string()),
        "\\PC{0,12}",
    ]
}

/// The keys a file of this kind may have, plus a typo and a few a marketer
/// might try, for the generated YAML.
fn keys_and_mistakes(keys: &[&'static str], mistakes: &[&'static str]) -> &'static [&'static str] {
    Box::leak(
        keys.iter()
            .chain(mistakes)
            .copied()
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

fn yaml_lines(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(keys),
            yaml_scalar(),
            prop_oneof![Just(""), Just("  "), Just(" "), Just("- ")],
        ),
        0..10,
    )
    .prop_map(|lines| {
        lines
            .into_iter()
            .map(|(key, value, indent)| format!("{indent}{key}: {value}\n"))
            .collect()
    })
}

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,30}".prop_map(|t| format!("{t}\n")),
        "[a-zA-Z ]{0,12}".prop_map(|t| format!("## {t}\n")),
        "[a-zA-Z ]{0,12}".prop_map(|t| format!("### {t} {{#id-{}}}\n", t.len())),
        prop::sample::select(vec![
            "risks.md",
            "../up.md",
            "/abs.md",
            "#anchor",
            "faq.yaml#q",
            "https://example.com",
            "mailto:a@b.example",
            "",
            "<bad",
            "a b.md",
            "%zz",
            "//host/x",
            "javascript:alert(1)",
        ])
        .prop_map(|d| format!("See [link]({d}) and ![img]({d}).\n")),
        Just("- item\n  - nested\n    > quote\n".to_string()),
        Just("1. one\n2. two\n".to_string()),
        Just("> > > quoted\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("Table: caption\n| a |\n|---|\n| 1 |\n".to_string()),
        Just("Table: caption without a table\n".to_string()),
        Just("```\ncode\n```\n".to_string()),
        Just("```\nunclosed fence\n".to_string()),
        Just("<div>raw <b>html</b></div>\n".to_string()),
        Just("<!-- comment\n".to_string()),
        Just("Footnote[^1].\n\n[^1]: The note.\n".to_string()),
        Just("[^missing]\n".to_string()),
        Just("- [ ] task\n- [x] done\n".to_string()),
        Just("~~struck~~ *em* **strong** `code`\n".to_string()),
        Just("[ref][r]\n\n[r]: risks.md \"title\"\n".to_string()),
        Just("---\n".to_string()),
        Just("\n".to_string()),
        Just("#\n".to_string()),
        Just("## {#}\n".to_string()),
        "\\PC{0,20}".prop_map(|t| format!("{t}\n")),
    ]
}

fn markdown_body() -> impl Strategy<Value = String> {
    prop::collection::vec(markdown_piece(), 0..12).prop_map(|p| p.concat())
}

/// Windows line endings and a byte-order mark, sometimes.
fn dress(text: String, crlf: bool, bom: bool) -> String {
    let text = if crlf { text.replace('\n', "\r\n") } else { text };
    if bom {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

fn markdown_file() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("---\n"), Just("---  \n"), Just(""), Just("--- \r\n")],
        yaml_lines(keys_and_mistakes(
            dermapress::content::meta::KEYS,
            &["titel", "kind", "<<"],
        )),
        prop_oneof![Just("---\n"), Just(""), Just("--\n")],
        markdown_body(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(open, yaml, close, body, with_title, crlf, bom)| {
            let title = if with_title {
                "title: A page\ndescription: About the page.\n"
            } else {
                ""
            };
            dress(format!("{open}{title}{yaml}{close}{body}"), crlf, bom)
        })
}

fn comparison_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(("[a-z]{0,3}", yaml_scalar(), yaml_scalar()), 0..4),
        prop::collection::vec(
            (
                yaml_scalar(),
                prop::collection::vec(("[a-z]{0,3}", yaml_scalar()), 0..4),
            ),
            0..4,
        ),
        yaml_lines(&["intro", "summary", "slug", "reviewed_by", "extra", "optons"]),
        any::<bool>(),
    )
        .prop_map(|(options, criteria, extra, crlf)| {
            let mut y = String::from("kind: comparison\ntitle: A vs B\ndescription: How they differ.\n");
            y.push_str(&extra);
            y.push_str("options:\n");
            for (id, name, page) in options {
                y.push_str(&format!("  - id: {id}\n    name: {name}\n    page: {page}\n"));
            }
            y.push_str("criteria:\n");
            for (label, values) in criteria {
                y.push_str(&format!("  - label: {label}\n    values:\n"));
                for (id, v) in values {
                    y.push_str(&format!("      {id}: {v}\n"));
                }
            }
            dress(y, crlf, false)
        })
}

fn faq_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                yaml_scalar(),
                prop_oneof![
                    yaml_scalar(),
                    markdown_body().prop_map(|b| format!("|\n{}", indent(&b, 6)))
                ],
                prop::option::of(yaml_scalar()),
            ),
            0..5,
        ),
        yaml_lines(&["intro", "slug", "date", "extra", "qestions"]),
        any::<bool>(),
    )
        .prop_map(|(questions, extra, crlf)| {
            let mut y = String::from("kind: faq\ntitle: Questions\ndescription: Asked often.\n");
            y.push_str(&extra);
            y.push_str("questions:\n");
            for (q, a, id) in questions {
                y.push_str(&format!("  - q: {q}\n    a: {a}\n"));
                if let Some(id) = id {
                    y.push_str(&format!("    id: {id}\n"));
                }
            }
            dress(y, crlf, false)
        })
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

fn site_yaml_file() -> impl Strategy<Value = String> {
    (
        yaml_lines(keys_and_mistakes(dermapress::config::KEYS, &["titel"])),
        any::<bool>(),
    )
        .prop_map(|(yaml, crlf)| {
            dress(
                format!("title: T\nbase_url: https://t.example.com\n{yaml}"),
                crlf,
                false,
            )
        })
}

// ---- properties ---------------------------------------------------------------

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn any_text_splits_or_says_why(text in "\\PC{0,200}|(---\n)?\\PC{0,100}(\n---\n)?\\PC{0,100}") {
        let source = SourceFile::new("content/p.md", text.clone());
        match front_matter::split(&source) {
            Ok(split) => {
                prop_assert!(source.text.get(split.yaml.clone()).is_some());
                prop_assert!(source.text.get(split.body.clone()).is_some());
                prop_assert!(split.yaml.end <= split.body.start);
            }
            Err(d) => check_diagnostics("content/p.md", &text, &[*d]),
        }
    }

    #[test]
    fn any_bytes_decode_or_say_where(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        match content::decode(bytes.clone(), Path::new("content/p.md")) {
            Ok(text) => prop_assert!(!text.contains('\0') && !text.starts_with(BOM)),
            Err(d) => {
                prop_assert!(d.line >= 1 && d.column >= 1);
                prop_assert!(d.line <= bytes.iter().filter(|b| **b == b'\n').count() + 1);
                let _ = d.to_string();
            }
        }
    }

    #[test]
    fn any_text_is_a_page_or_diagnostics(text in "\\PC{0,300}") {
        read_markdown(&text);
        read_data(&text);
        read_config(&text);
    }

    #[test]
    fn positions_stay_inside_the_text(text in "\\PC{0,200}", offset in 0usize..400, len in 0usize..50) {
        let source = SourceFile::new("a.md", text.clone());
        let pos = source.pos(offset, len);
        prop_assert!(pos.line >= 1 && pos.line <= text.split('\n').count());
        prop_assert!(source.line_text(pos.line).is_some());
        let back = source.offset(pos);
        prop_assert!(back <= text.len());
        if offset <= text.len() && text.is_char_boundary(offset) {
            prop_assert_eq!(back, offset);
        }
        let d = Diagnostic::error("a.md", "r", "m").at(&source, Pos { width: len, ..pos });
        let _ = d.to_string();
    }

    #[test]
    fn link_paths_never_climb_above_the_content_folder(
        dir in "([a-z]{1,4}(/[a-z]{1,4}){0,2})?",
        rel in "[a-z./\\\\]{0,16}",
    ) {
        if let Some(path) = links::normalize(&dir, &rel) {
            prop_assert!(!path.split('/').any(|p| p == ".." || p == "."), "{}", path);
            prop_assert!(!path.starts_with('/'));
        }
    }

    #[test]
    fn accepted_slugs_are_one_harmless_url_part(slug in "\\PC{0,12}|[./\\\\a-z]{0,6}") {
        if dermapress::content::meta::slug_problem(&slug).is_none() {
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.starts_with('.'));
            prop_assert!(!slug.trim().is_empty());
        }
    }
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn structured_pages_are_pages_or_diagnostics(text in markdown_file()) {
        read_markdown(&text);
    }

    #[test]
    fn structured_comparisons_are_pages_or_diagnostics(text in comparison_file()) {
        read_data(&text);
    }

    #[test]
    fn structured_faqs_are_pages_or_diagnostics(text in faq_file()) {
        read_data(&text);
    }

    #[test]
    fn structured_site_yaml_is_a_config_or_diagnostics(text in site_yaml_file()) {
        read_config(&text);
    }

    #[test]
    fn markdown_renders_whatever_it_holds(body in markdown_body(), value in markdown_body()) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let start = text.len() - body.len();
        let source = Arc::new(SourceFile::new("content/p.md", text.clone()));
        let doc = Document::parse(source.clone(), start..text.len());
        let lines = text.split('\n').count();
        for link in &doc.links {
            prop_assert!(link.pos.line >= 4 && link.pos.line <= lines, "{:?}", link);
        }
        let ids: Vec<&str> = doc.anchors().collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        prop_assert!(doc.headings.iter().all(|h| !h.id.is_empty()));
        let explicit = body.matches("{#").count();
        if explicit == 0 {
            prop_assert_eq!(ids.len(), unique.len(), "generated heading ids are unique");
        }
        let _ = doc.to_html(&[]);
        let data = Document::parse_value(value, &source, Pos::new(4, 1, 1));
        let html = data.to_data_html(&[]);
        prop_assert!(!html.contains("<div>") && !html.contains("<b>"), "data never passes raw HTML: {}", html);
        let _ = data.to_inline_html(&[]);
    }
}

// ---- the whole pipeline, on a site in a temporary folder ------------------------

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn whole_sites_build_or_report(page in markdown_file(), data in prop_oneof![faq_file(), comparison_file()]) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic");
        copy_dir(&theme, &root.join("themes/clinic"));
        std::fs::write(root.join("site.yaml"), "title: T\nbase_url: https://t.example.com\nreviewers:\n  - id: dr\n    name: Dr A\nmenu:\n  - { label: Data, page: d.yaml }\n").unwrap();
        std::fs::write(root.join("content/_index.md"), "---\ntitle: Home\ndescription: The home page.\n---\nSee [the page](p.md).\n").unwrap();
        std::fs::write(root.join("content/p.md"), &page).unwrap();
        std::fs::write(root.join("content/d.yaml"), &data).unwrap();
        let (rendered, diagnostics) = dermapress::render_site(root, &dermapress::LoadOptions::default());
        match rendered {
            Some((_, output)) => prop_assert!(output.files.contains_key("index.html")),
            None => prop_assert!(diagnostics.iter().any(Diagnostic::is_error), "{:?}", diagnostics),
        }
    }
}

// ---- the corpus of inputs found by these tests and by hand ---------------------

/// What reading a corpus file gives: `ok`, or the first error's rule and place.
fn outcome(name: &str, bytes: Vec<u8>) -> String {
    let config_file = name.starts_with("site-");
    let file = if config_file {
        "site.yaml".to_string()
    } else {
        format!("content/{name}")
    };
    let text = match content::decode(bytes, Path::new(&file)) {
        Ok(text) => text,
        Err(d) => return format!("{} {}:{}", d.rule, d.line, d.column),
    };
    let result = if config_file {
        config::parse(text.clone()).map(|_| ())
    } else if name.ends_with(".md") {
        page::parse_markdown(name, text.clone(), &site_config()).map(|_| ())
    } else {
        page::parse_data(name, text.clone(), &site_config()).map(|_| ())
    };
    match result {
        Ok(()) => "ok".to_string(),
        Err(mut ds) => {
            check_diagnostics(&file, &text, &ds);
            dermapress::diagnostics::sort(&mut ds);
            let d = ds.iter().find(|d| d.is_error()).expect("an error");
            format!("{} {}:{}", d.rule, d.line, d.column)
        }
    }
}

#[test]
fn the_hostile_corpus_reads_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/hostile-corpus");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
    let mut wanted: std::collections::BTreeMap<String, String> = expected
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .map(|(f, o)| (f.to_string(), o.trim().to_string()))
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.txt")
        .collect();
    names.sort();
    let mut got = Vec::new();
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        got.push(format!("{name} {}", outcome(name, bytes)));
    }
    let want: Vec<String> = names
        .iter()
        .map(|n| format!("{n} {}", wanted.remove(n).unwrap_or_else(|| "(not listed)".to_string())))
        .collect();
    assert_eq!(got, want, "tests/testsuite/fixtures/hostile-corpus/expected.txt");
    assert!(wanted.is_empty(), "listed but missing: {wanted:?}");
}
