//! Wording rules over a page's prose: the built-in claims, the placeholder
//! marker and a clinic's own rules, plus Markdown images without alt text
//! (found in the same pass over the Markdown).

use super::book::RuleBook;
use super::prose::{self, Prose};
use super::Finding;
use crate::content::page::Page;

pub(crate) fn check_page(page: &Page, book: &RuleBook) -> Vec<Finding> {
    let mut out = Vec::new();
    for piece in prose::of_page(page) {
        wording(page, &piece, book, &mut out);
        for image in piece.images.iter().filter(|i| i.alt.trim().is_empty()) {
            let at = image.at.start..image.at.start + 2;
            out.push(Finding::new(
                "image-alt",
                piece.locate(&page.source, at),
                "this image has no alt text",
                "describe what it shows between the brackets, e.g. ![Layers of the skin](images/skin-layers.svg): screen readers read it out instead of the image",
            ));
        }
    }
    out
}

fn wording(page: &Page, piece: &Prose, book: &RuleBook, out: &mut Vec<Finding>) {
    // One pass over the whole piece tells which rules can match anywhere in
    // it; most pieces have none, and then nothing more is scanned.
    let reading = piece.reading.as_str();
    for rule in book.candidates(reading) {
        for m in rule.regex.find_iter(reading) {
            if m.is_empty() || !rule.applies(reading, m.start(), m.end()) {
                continue;
            }
            let Some(at) = piece.source_range(m.range()) else {
                continue;
            };
            let mut finding = Finding::new(
                rule.id,
                piece.locate(&page.source, at),
                rule.message(m.as_str()),
                rule.help(),
            );
            finding.severity = Some(rule.severity);
            out.push(finding);
        }
    }
}
