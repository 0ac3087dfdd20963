//! Thin entry points for the fuzz targets in `fuzz/` (cargo-fuzz). Not part
//! of the library's face: hidden from the docs, and each function only feeds
//! bytes to one reader and throws the result away. What a target checks is
//! that nothing panics, overflows the stack or runs away, whatever the bytes.

use std::path::Path;
use std::sync::Arc;

use crate::config::{self, Config};
use crate::content::{front_matter, kinds, meta, page};
use crate::diagnostics::SourceFile;
use crate::markdown::Document;

/// A site.yaml that reads, for the readers that need a configuration.
fn config() -> Config {
    let text = "title: Fuzz\nbase_url: https://fuzz.example.com\nreviewers:\n  - { id: dr, name: Dr A }\nprocedures:\n  - { id: p, name: P }\n";
    match config::parse_lenient(text.to_string()) {
        (Some(loaded), _) => loaded.config,
        (None, _) => unreachable!("the fuzzing site.yaml is valid"),
    }
}

fn text(bytes: &[u8], name: &str) -> Option<String> {
    crate::source::decode(bytes.to_vec(), Path::new(name)).ok()
}

/// Bytes to text: UTF-8, byte-order marks, NUL and invalid bytes.
pub fn decode(bytes: &[u8]) {
    let _ = crate::source::decode(bytes.to_vec(), Path::new("content/page.md"));
}

/// A Markdown file's front matter: split from the body, read and validated.
pub fn front_matter(bytes: &[u8]) {
    let Some(text) = text(bytes, "content/page.md") else {
        return;
    };
    let source = SourceFile::new("content/page.md", text);
    let Ok(split) = front_matter::split(&source) else {
        return;
    };
    let parsed = crate::yaml::parse::<meta::PageMeta>(&source, split.yaml, &[("", meta::KEYS)]);
    if let Some(raw) = parsed.value {
        let _ = meta::validate(raw, &config(), &source, &parsed.spans);
    }
}

/// A Markdown text: scanned for headings and links, then rendered to HTML
/// and to plain text, as a page's body.
pub fn markdown(bytes: &[u8]) {
    let Some(text) = text(bytes, "content/page.md") else {
        return;
    };
    if crate::markdown::limits::Tally::default().add(&text).is_some() {
        return;
    }
    let len = text.len();
    let doc = Document::parse(Arc::new(SourceFile::new("content/page.md", text)), 0..len);
    let targets: Vec<crate::markdown::Target> = doc.links_with_dests().map(|(_, dest)| dest.into()).collect();
    let _ = doc.to_html(&targets);
    let _ = doc.to_inline_html(&targets);
    let _ = doc.toc();
}

/// A whole Markdown page, front matter and body, as loading reads it.
pub fn markdown_page(bytes: &[u8]) {
    let Some(text) = text(bytes, "content/page.md") else {
        return;
    };
    let _ = page::parse_markdown("page.md", text, &config());
}

/// A data page of the kind `kind` (`faq`, `comparison`): the bytes follow
/// a `kind:` line, so that the kind's own reader is reached.
pub fn data_page(kind: &str, bytes: &[u8]) {
    let Some(text) = text(bytes, "content/data.yaml") else {
        return;
    };
    if kinds::by_name(kind).is_none() {
        return;
    }
    let _ = page::parse_data("data.yaml", format!("kind: {kind}\n{text}"), &config());
}

/// Any data page, its kind taken from the bytes.
pub fn any_data_page(bytes: &[u8]) {
    let Some(text) = text(bytes, "content/data.yaml") else {
        return;
    };
    let _ = page::parse_data("data.yaml", text, &config());
}

/// The kinds of data page `data_page` takes.
pub fn data_kinds() -> Vec<&'static str> {
    kinds::DATA_KINDS.iter().map(|k| k.name).collect()
}

/// site.yaml, read and validated with its `checks:`.
pub fn site_yaml(bytes: &[u8]) {
    let Some(text) = text(bytes, "site.yaml") else { return };
    let (Some(loaded), _) = config::parse_lenient(text) else {
        return;
    };
    let _ = crate::check::settings::validate(&loaded.config.checks, &loaded.spans, &loaded.source);
}
