//! The site's search index in `build` and `watch`: `crate::search` fed one
//! rendered page at a time (`add`), with one index per language, each in
//! its own folder (`pagefind/` for the site's language, `<code>/pagefind/`
//! for the others; see `crate::site_files::SEARCH_INDEX`).
//!
//! What is indexed is the theme's business: only the element marked
//! `data-pagefind-body` is read, less what is marked `data-pagefind-ignore`,
//! so a page without the mark (the search page itself, a listing) is not in
//! the index. Drafts and the 404 page are never handed to it (see `render`).
//! Nothing here reads or writes files: the index comes back as bytes,
//! written with the rest of the site inside the atomic swap.

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::site_files::SEARCH_INDEX;

/// The search index being built, language by language.
pub(crate) struct SearchIndex {
    default_language: String,
    index: crate::search::Index,
}

impl SearchIndex {
    /// An empty index for a site whose main language is `default_language`.
    pub(crate) fn new(default_language: &str) -> Result<SearchIndex, Diagnostic> {
        Ok(SearchIndex {
            default_language: default_language.to_string(),
            index: crate::search::Index::default(),
        })
    }

    /// Adds (or replaces) the page at `url`, written in `language`, from its
    /// rendered HTML. It is read when the files are next made.
    pub(crate) fn add(&mut self, language: &str, url: &str, html: String) -> Result<(), Diagnostic> {
        self.index.add(language, url, html);
        Ok(())
    }

    /// Adds (or replaces) a page already read (`crate::search::read`).
    pub(crate) fn insert(&mut self, language: &str, url: &str, page: crate::search::IndexedPage) {
        self.index.insert(language, url, page);
    }

    /// Adds (or replaces) pages (language, URL, rendered HTML), read in
    /// parallel and added in the order given.
    pub(crate) fn add_all(&mut self, pages: &[(&str, &str, &[u8])]) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let read: Vec<Result<crate::search::IndexedPage, String>> = pages
            .par_iter()
            .map(|(language, url, html)| crate::search::read(url, language, html))
            .collect();
        for ((language, url, _), page) in pages.iter().zip(read) {
            self.index.insert(language, url, page.map_err(|e| failed(&e))?);
        }
        Ok(())
    }

    /// Whether the index holds exactly `pages` (language, URL), in that
    /// order: then adding a page again gives the bytes an index made afresh
    /// from the same pages would have.
    pub(crate) fn holds_exactly(&self, pages: &[(&str, &str)]) -> bool {
        let mut now: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
        for (language, url) in pages {
            now.entry(language).or_default().push(url);
        }
        let held: Vec<(&str, &[String])> = self.index.urls().collect();
        now.len() == held.len()
            && held.iter().all(|(language, urls)| {
                now.get(language)
                    .is_some_and(|now| now.iter().copied().eq(urls.iter().map(String::as_str)))
            })
    }

    /// The index's files by output path, sorted: each language's in its folder.
    pub(crate) fn files(&mut self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let by_language = crate::timings::time("search files", || self.index.files()).map_err(|e| failed(&e))?;
        Ok(in_folders(by_language, &self.default_language))
    }

    /// `files`, when the index is not kept afterwards (a one-off build): it
    /// lets go of each page as it goes.
    pub(crate) fn into_files(self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let by_language = crate::timings::time("search files", || self.index.into_files()).map_err(|e| failed(&e))?;
        Ok(in_folders(by_language, &self.default_language))
    }
}

/// Each language's files by output path, in its folder, sorted.
fn in_folders(
    by_language: std::collections::BTreeMap<String, crate::search::Files>,
    default_language: &str,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (language, files) in by_language {
        let folder = folder(&language, default_language);
        out.extend(
            files
                .into_iter()
                .map(|(name, bytes)| (format!("{folder}{name}"), bytes)),
        );
    }
    out.sort();
    out
}

/// Whether `site` has search (`config::search`).
pub(crate) fn enabled(site: &Site) -> bool {
    crate::config::search::enabled(&site.config, site.theme.has(crate::site_files::SEARCH_PAGE))
}

/// The output folder of `language`'s index, e.g. `pagefind/` or `es/pagefind/`.
pub(crate) fn folder(language: &str, default_language: &str) -> String {
    if language == default_language {
        SEARCH_INDEX.folder.to_string()
    } else {
        format!("{language}/{}", SEARCH_INDEX.folder)
    }
}

pub(super) fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(
        crate::config::FILE,
        "search-index",
        format!("the search index could not be built: {why}"),
    )
    .with_help(
        "build again; if it keeps failing, turn search off with `search: false` in site.yaml and report the problem",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>T</title></head><body>
<nav>menu words</nav>
<article data-pagefind-body><h1>Aftercare</h1><p data-pagefind-meta="description">Look after your skin.</p>
<p>No makeup for a day.</p><div data-pagefind-ignore>ignored words</div></article></body></html>"#;

    #[test]
    fn the_same_pages_give_the_same_bytes() {
        let build = || {
            let mut index = SearchIndex::new("en").unwrap();
            index.add("en", "/aftercare/", PAGE.to_string()).unwrap();
            index.add("en", "/risks/", PAGE.replace("Aftercare", "Risks")).unwrap();
            index.files().unwrap()
        };
        let first = build();
        assert!(
            first.iter().any(|(p, _)| p == "pagefind/pagefind.js"),
            "{:?}",
            names(&first)
        );
        assert!(first.iter().any(|(p, _)| p == "pagefind/pagefind-entry.json"));
        assert!(first.iter().any(|(p, _)| p.starts_with("pagefind/fragment/")));
        assert!(!first.iter().any(|(p, _)| p.contains("pagefind-ui")));
        assert_eq!(first, build());
    }

    #[test]
    fn an_index_not_kept_makes_the_files_a_kept_one_makes() {
        let fill = |index: &mut SearchIndex| {
            index.add("en", "/aftercare/", PAGE.to_string()).unwrap();
            index
                .add("es", "/es/cuidados/", PAGE.replace("lang=\"en\"", "lang=\"es\""))
                .unwrap();
            index.add("en", "/risks/", PAGE.replace("Aftercare", "Risks")).unwrap();
        };
        let mut kept = SearchIndex::new("en").unwrap();
        fill(&mut kept);
        let mut let_go = SearchIndex::new("en").unwrap();
        fill(&mut let_go);
        let from_kept = kept.files().unwrap();
        assert!(from_kept.iter().any(|(p, _)| p.starts_with("es/pagefind/fragment/")));
        assert_eq!(let_go.into_files().unwrap(), from_kept);
        // The kept index still has its pages and makes the same files again.
        assert_eq!(kept.files().unwrap(), from_kept);
    }

    #[test]
    fn other_languages_get_their_own_folder() {
        let mut index = SearchIndex::new("en").unwrap();
        index.add("en", "/aftercare/", PAGE.to_string()).unwrap();
        index
            .add("es", "/es/cuidados/", PAGE.replace("lang=\"en\"", "lang=\"es\""))
            .unwrap();
        let files = index.files().unwrap();
        assert!(
            files.iter().any(|(p, _)| p == "es/pagefind/pagefind-entry.json"),
            "{:?}",
            names(&files)
        );
        assert!(
            files.iter().any(|(p, _)| p == "es/pagefind/wasm.es.pagefind"),
            "{:?}",
            names(&files)
        );
    }

    #[test]
    fn a_page_gone_added_or_moved_is_noticed() {
        let mut index = SearchIndex::new("en").unwrap();
        index.add("en", "/a/", PAGE.to_string()).unwrap();
        index.add("en", "/b/", PAGE.to_string()).unwrap();
        index.add("en", "/a/", PAGE.to_string()).unwrap();
        assert!(index.holds_exactly(&[("en", "/a/"), ("en", "/b/")]));
        assert!(!index.holds_exactly(&[("en", "/a/")]));
        assert!(!index.holds_exactly(&[("en", "/b/"), ("en", "/a/")]));
        assert!(!index.holds_exactly(&[("en", "/a/"), ("en", "/b/"), ("es", "/es/")]));
    }

    fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
        files.iter().map(|(p, _)| p.as_str()).collect()
    }
}
