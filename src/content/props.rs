//! Property tests: whatever text a file holds, reading it ends in a page or
//! in diagnostics, never in a panic, and every diagnostic points inside the
//! file it names. Arbitrary text finds crashes in the edge cases; text built
//! from pieces of front matter, YAML and Markdown gets past the first checks
//! and reaches the deeper code. The hostile corpus
//! (`tests/testsuite/fixtures/hostile-corpus/`) holds what they found.
//!
//! The shared helpers and strategies are beside the code they feed:
//! `diagnostics::props`, `yaml::props`, `markdown::props`, `config::props`.

use std::path::Path;

use proptest::prelude::*;

use super::{front_matter, page};
use crate::config;
use crate::diagnostics::props::{cases, check_diagnostics};
use crate::diagnostics::SourceFile;
use crate::markdown::props::markdown_body;
use crate::markdown::Target;
use crate::source::images::Size;
use crate::yaml::props::{dress, indent, keys_and_mistakes, yaml_lines, yaml_scalar};
use config::props::{read_config, site_config};

pub(crate) fn read_markdown(text: &str) {
    match page::parse_markdown("p.md", text.to_string(), &site_config()) {
        Ok(p) => {
            assert!(!p.meta.title.trim().is_empty());
            if let page::Body::Markdown(doc) = &p.body {
                // Every other target with a size, as images of the site have.
                let targets: Vec<Target> = doc
                    .links_with_dests()
                    .enumerate()
                    .map(|(i, (_, dest))| {
                        let url = format!("/x/{}", dest.len());
                        let size = Size {
                            width: i as u32 + 1,
                            height: 2,
                        };
                        if i % 2 == 0 {
                            Target::sized(&url, size)
                        } else {
                            Target::from(url.as_str())
                        }
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

pub(crate) fn read_data(text: &str) {
    match page::parse_data("d.yaml", text.to_string(), &site_config()) {
        Ok(p) => {
            for doc in p.documents() {
                let _ = doc.to_data_html(&[]);
                let _ = doc.to_inline_html(&[]);
                let _ = doc.plain_data_text();
            }
        }
        Err(ds) => check_diagnostics("content/d.yaml", text, &ds),
    }
}

pub(crate) fn markdown_file() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("---\n"), Just("---  \n"), Just(""), Just("--- \r\n")],
        yaml_lines(keys_and_mistakes(super::meta::KEYS, &["titel", "kind", "<<"])),
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

pub(crate) fn comparison_file() -> impl Strategy<Value = String> {
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

pub(crate) fn faq_file() -> impl Strategy<Value = String> {
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
    fn any_text_is_a_page_or_diagnostics(text in "\\PC{0,300}") {
        read_markdown(&text);
        read_data(&text);
        read_config(&text);
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
    let text = match crate::source::decode(bytes, Path::new(&file)) {
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
            crate::diagnostics::sort(&mut ds);
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
