//! Translations found by file name (`risks.es.md` translates `risks.md`),
//! tied to their original: every version of a page, in the order of the
//! site's languages, and the mistakes of tying them (a translation of a file
//! that does not exist or is a draft, two translations of one page into one
//! language). Whether a translation fell behind its original is a content
//! rule (`check::translations`).

use std::collections::{BTreeSet, HashMap};

use crate::config::Config;
use crate::content::page::Page;
use crate::diagnostics::{did_you_mean, Diagnostic, Pos};
use crate::urls::folded;

/// Every page's versions: for each page, the indices of all its versions
/// (itself included), the default language's first, then in the order of
/// `languages:`; empty for a page that has no translation.
pub(super) fn versions(
    pages: &[Page],
    drafts: &BTreeSet<String>,
    failed: &BTreeSet<String>,
    config: &Config,
) -> (Vec<Vec<usize>>, Vec<Diagnostic>) {
    let mut out = vec![Vec::new(); pages.len()];
    let mut diagnostics = Vec::new();
    if !config.is_multilingual() {
        return (out, diagnostics);
    }
    // By folded path, as links find pages: `Risks.es.md` translates `risks.md`.
    let originals: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_translation())
        .map(|(i, p)| (folded(&p.path), i))
        .collect();
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut seen: HashMap<(String, &str), usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.is_translation()) {
        let Some(&source) = originals.get(&folded(&page.key)) else {
            // An original with errors of its own is there: those say what to fix.
            if !failed.contains(&page.key) {
                diagnostics.push(without_original(page, pages, drafts));
            }
            continue;
        };
        if pages[source].meta.draft && !page.meta.draft {
            diagnostics.push(draft_original(page));
            continue;
        }
        if let Some(&earlier) = seen.get(&(folded(&page.key), page.lang.as_str())) {
            diagnostics.push(second_translation(page, &pages[earlier], config));
            continue;
        }
        seen.insert((folded(&page.key), page.lang.as_str()), i);
        groups.entry(source).or_insert_with(|| vec![source]).push(i);
    }
    for mut group in groups.into_values() {
        group.sort_by_key(|p| config.language_index(&pages[*p].lang));
        for p in &group {
            out[*p] = group.clone();
        }
    }
    (out, diagnostics)
}

fn without_original(page: &Page, pages: &[Page], drafts: &BTreeSet<String>) -> Diagnostic {
    if drafts.contains(&page.key) {
        return draft_original(page);
    }
    let help = match did_you_mean(
        &page.key,
        pages.iter().filter(|p| !p.is_translation()).map(|p| p.path.as_str()),
    ) {
        Some(n) => format!("did you mean to translate content/{n}? Name the translation after it"),
        None => format!(
            "a translation is named after the page it translates: write content/{} first, or rename this file",
            page.key
        ),
    };
    Diagnostic::error(
        page.source.path(),
        "translation-without-original",
        format!("this translates content/{}, which does not exist", page.key),
    )
    .at(&page.source, Pos::new(1, 1, 1))
    .with_help(help)
}

fn draft_original(page: &Page) -> Diagnostic {
    Diagnostic::error(
        page.source.path(),
        "translation-of-draft",
        format!(
            "this translates content/{}, which is a draft: the translation would be published before its original",
            page.key
        ),
    )
    .at(&page.source, page.spans.start())
    .with_help("publish the original first (draft: false), or mark this translation `draft: true` too")
}

fn second_translation(page: &Page, earlier: &Page, config: &Config) -> Diagnostic {
    Diagnostic::error(
        page.source.path(),
        "duplicate-translation",
        format!(
            "content/{} already has a {} translation: {}",
            page.key,
            config.language_name(&page.lang),
            earlier.source.path().display()
        ),
    )
    .at(&page.source, Pos::new(1, 1, 1))
    .with_help("keep one of the two files and delete the other")
}
