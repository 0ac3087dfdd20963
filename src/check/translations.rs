//! Translations that fell behind their original: the original's text
//! changed since the translation recorded it in `source_hash` (see
//! `content::revision`), or the translation never recorded it. The fix is
//! the same for both: check the translation against the original, then
//! write the original's current hash, so "re-reviewed" is one edit.

use std::collections::HashMap;

use super::Finding;
use crate::content::page::Page;
use crate::content::revision::{is_current, source_hash};
use crate::diagnostics::Pos;

pub(crate) fn outdated(pages: &[Page]) -> Vec<(usize, Finding)> {
    let originals: HashMap<&str, &Page> = pages
        .iter()
        .filter(|p| !p.is_translation())
        .map(|p| (p.path.as_str(), p))
        .collect();
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.is_translation()) {
        // A translation without its original is a loading error already.
        let Some(original) = originals.get(page.key.as_str()) else {
            continue;
        };
        if is_current(page, original) {
            continue;
        }
        let now = source_hash(&original.source.text);
        let original_file = original.source.path().display().to_string();
        let help = format!(
            "check this translation against {original_file} and update it; then write `source_hash: {now}` in its front matter"
        );
        let finding = match &page.meta.source_hash {
            Some(then) => Finding::new(
                "translation-outdated",
                page.spans.value("source_hash"),
                format!(
                    "this translation is outdated: {original_file} changed since it was checked against it (source_hash {then}, the original is now {now})"
                ),
                help,
            ),
            None => Finding::new(
                "translation-outdated",
                Pos::new(1, 1, 3),
                format!(
                    "this translation does not record which version of {original_file} it was checked against, so no one can tell when it falls behind"
                ),
                help,
            ),
        };
        out.push((i, finding));
    }
    out
}
