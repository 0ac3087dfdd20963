//! The site's search index: pagefind used as a library, fed one rendered
//! page at a time (`add`), with one index per language, each in its own
//! folder (`pagefind/` for the site's language, `<code>/pagefind/` for the
//! others; see `crate::site_files::SEARCH_INDEX`).
//!
//! What is indexed is the theme's business: pagefind reads only the element
//! marked `data-pagefind-body` and skips what is marked
//! `data-pagefind-ignore`, so a page without the mark (the search page
//! itself, a listing) is not in the index. Drafts and the 404 page are never
//! handed to it (see `render`). Nothing here reads or writes files: the
//! index comes back as bytes, written with the rest of the site inside the
//! atomic swap.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::site_files::SEARCH_INDEX;

/// The search index being built, language by language.
pub(crate) struct SearchIndex {
    /// pagefind's interface is async; its work is blocking, so a runtime on
    /// this thread only drives it.
    runtime: tokio::runtime::Runtime,
    default_language: String,
    languages: BTreeMap<String, LanguageIndex>,
}

struct LanguageIndex {
    index: PagefindIndex,
    /// The pages added, in the order first added: pagefind numbers pages in
    /// that order and cannot take one out, so an index is only updated in
    /// place for the very same pages (see `holds_exactly`).
    urls: Vec<String>,
}

/// pagefind's files the theme's search does not load (its ready-made
/// interfaces and the highlighting script).
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
    "playground/",
];

impl SearchIndex {
    /// An empty index for a site whose main language is `default_language`.
    pub(crate) fn new(default_language: &str) -> Result<SearchIndex, Diagnostic> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| failed(&e.to_string()))?;
        Ok(SearchIndex {
            runtime,
            default_language: default_language.to_string(),
            languages: BTreeMap::new(),
        })
    }

    /// Adds (or replaces) the page at `url`, written in `language`, from its
    /// rendered HTML.
    pub(crate) fn add(&mut self, language: &str, url: &str, html: String) -> Result<(), Diagnostic> {
        if !self.languages.contains_key(language) {
            let options = PagefindServiceConfig::builder()
                .force_language(language.to_string())
                .build();
            let index = PagefindIndex::new(Some(options)).map_err(|e| failed(&e.to_string()))?;
            let urls = Vec::new();
            self.languages
                .insert(language.to_string(), LanguageIndex { index, urls });
        }
        let Some(lang) = self.languages.get_mut(language) else {
            return Ok(());
        };
        let adding = lang.index.add_html_file(None, Some(url.to_string()), html);
        crate::timings::time("search pages", || self.runtime.block_on(adding)).map_err(|e| failed(&e.to_string()))?;
        if !lang.urls.iter().any(|u| u == url) {
            lang.urls.push(url.to_string());
        }
        Ok(())
    }

    /// Whether the index holds exactly `pages` (language, URL), in that
    /// order: then adding a page again gives the bytes an index made afresh
    /// from the same pages would have.
    pub(crate) fn holds_exactly(&self, pages: &[(&str, &str)]) -> bool {
        let mut now: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (language, url) in pages {
            now.entry(language).or_default().push(url);
        }
        now.len() == self.languages.len()
            && self.languages.iter().all(|(language, lang)| {
                now.get(language.as_str())
                    .is_some_and(|urls| urls.iter().eq(lang.urls.iter()))
            })
    }

    /// The index's files by output path, sorted: each language's in its folder.
    pub(crate) fn files(&mut self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let mut out = Vec::new();
        for (language, lang) in &mut self.languages {
            let folder = folder(language, &self.default_language);
            let files = crate::timings::time("search files", || self.runtime.block_on(lang.index.get_files()))
                .map_err(|e| failed(&e.to_string()))?;
            for file in files {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                if !UNUSED.iter().any(|u| name.starts_with(u)) {
                    out.push((format!("{folder}{name}"), file.contents));
                }
            }
        }
        out.sort();
        Ok(out)
    }
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
