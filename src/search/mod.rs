//! The site's search index, written in pagefind's format so that pagefind's
//! own search code (its JavaScript and WebAssembly, shipped beside the
//! index) finds words in it in the visitor's browser, with no server.
//!
//! pagefind's library reads pages one at a time under one lock and makes
//! every file again for each change, which made search the slowest part of
//! a build by far (see BENCHMARKS.md, search). Here each page is read on its
//! own (`page`, in parallel, and only once in `watch` while it does not
//! change), the index is made from the pages read (`index`), and pagefind's
//! unchanged files (its scripts and WebAssembly) are taken from the pagefind
//! crate itself (`assets`). The files are those pagefind 1.6 makes from the
//! same pages, byte for byte before compression: `tests` holds the two side
//! by side.
//!
//! Nothing here reads or writes files: pages come in as HTML, the index goes
//! out as bytes.

mod assets;
mod cut;
mod format;
mod index;
mod marked;
mod page;
#[cfg(test)]
mod tests;
mod text;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use rayon::prelude::*;

pub(crate) use page::IndexedPage;

/// Reads the page at `url`, in `language`, from its HTML, for `Index::insert`
/// (pages are read in parallel, then inserted in order).
pub(crate) fn read(url: &str, language: &str, html: &[u8]) -> Result<IndexedPage, String> {
    page::read(url, language, html).map_err(|why| format!("{url}: {why}"))
}

/// The pages of one language, in the order first added.
#[derive(Default)]
struct Language {
    urls: Vec<String>,
    at: HashMap<String, usize>,
    pages: Vec<Slot>,
}

enum Slot {
    /// Added and not read yet: read with the others when the files are made.
    Unread(String),
    Read(Box<IndexedPage>),
}

/// The search index of a site, language by language.
#[derive(Default)]
pub(crate) struct Index {
    languages: BTreeMap<String, Language>,
}

/// One language's files: names inside its index folder, and bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

impl Index {
    /// Adds the page at `url` in `language` from its HTML, or replaces it
    /// (keeping its place).
    pub(crate) fn add(&mut self, language: &str, url: &str, html: String) {
        self.put(language, url, Slot::Unread(html));
    }

    /// Adds a page already read (`read`), or replaces it (keeping its place).
    pub(crate) fn insert(&mut self, language: &str, url: &str, page: IndexedPage) {
        self.put(language, url, Slot::Read(Box::new(page)));
    }

    fn put(&mut self, language: &str, url: &str, slot: Slot) {
        let lang = self.languages.entry(language.to_string()).or_default();
        match lang.at.get(url) {
            Some(&i) => lang.pages[i] = slot,
            None => {
                lang.at.insert(url.to_string(), lang.pages.len());
                lang.urls.push(url.to_string());
                lang.pages.push(slot);
            }
        }
    }

    /// The pages (URLs) of each language, in order.
    pub(crate) fn urls(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.languages
            .iter()
            .map(|(l, lang)| (l.as_str(), lang.urls.as_slice()))
    }

    /// Each language's files; pages added since the last call are read
    /// first (in parallel).
    pub(crate) fn files(&mut self) -> Result<BTreeMap<String, Files>, String> {
        self.read_added()?;
        let mut out = BTreeMap::new();
        for (language, lang) in &self.languages {
            let pages: Vec<&IndexedPage> = lang.pages.iter().filter_map(Slot::read).collect();
            out.insert(language.clone(), language_files(language, pages)?);
        }
        Ok(out)
    }

    /// `files`, for an index that is not needed afterwards (a one-off
    /// build): each page is let go as soon as its words are taken, so the
    /// pages and the index being made are not held whole side by side.
    pub(crate) fn into_files(mut self) -> Result<BTreeMap<String, Files>, String> {
        self.read_added()?;
        let mut out = BTreeMap::new();
        for (language, lang) in std::mem::take(&mut self.languages) {
            let pages: Vec<IndexedPage> = lang.pages.into_iter().filter_map(Slot::into_read).collect();
            let files = language_files(&language, pages)?;
            out.insert(language, files);
        }
        Ok(out)
    }

    /// Reads the pages added and not read yet, in parallel.
    fn read_added(&mut self) -> Result<(), String> {
        for (language, lang) in &mut self.languages {
            let urls = &lang.urls;
            let problems: Vec<String> = lang
                .pages
                .par_iter_mut()
                .enumerate()
                .filter_map(|(i, slot)| {
                    let Slot::Unread(html) = slot else {
                        return None;
                    };
                    match page::read(&urls[i], language, html.as_bytes()) {
                        Ok(page) => {
                            *slot = Slot::Read(Box::new(page));
                            None
                        }
                        Err(why) => Some(format!("{}: {why}", urls[i])),
                    }
                })
                .collect();
            if let Some(problem) = problems.into_iter().next() {
                return Err(problem);
            }
        }
        Ok(())
    }
}

impl Slot {
    fn read(&self) -> Option<&IndexedPage> {
        match self {
            Slot::Read(page) => Some(page),
            Slot::Unread(_) => None,
        }
    }

    fn into_read(self) -> Option<IndexedPage> {
        match self {
            Slot::Read(page) => Some(*page),
            Slot::Unread(_) => None,
        }
    }
}

/// One language's files from its pages (read), in order: the index's
/// files compressed, the entry file and pagefind's own files.
fn language_files<P>(language: &str, pages: Vec<P>) -> Result<Files, String>
where
    P: std::borrow::Borrow<IndexedPage> + Send + Sync,
{
    let mut built = crate::timings::time("search index", || index::build(language, pages));
    let assets = assets::for_language(language)?;
    let files: Files = built.as_mut().map(|b| std::mem::take(&mut b.files)).unwrap_or_default();
    let mut files: Files = crate::timings::time("search gzip", || {
        files
            .into_par_iter()
            .map(|(name, bytes)| (name, gzip(&bytes)))
            .collect()
    });
    files.extend(
        built
            .as_mut()
            .map(|b| std::mem::take(&mut b.compressed))
            .unwrap_or_default(),
    );
    files.push((
        "pagefind-entry.json".to_string(),
        entry(language, built.as_ref(), &assets).into_bytes(),
    ));
    files.extend(assets.files.iter().cloned());
    files.sort();
    Ok(files)
}

/// What the browser's code reads first: the version, and each language's
/// metadata file, WebAssembly and page count.
fn entry(language: &str, built: Option<&index::LanguageIndex>, assets: &assets::Assets) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        version: &'a str,
        languages: BTreeMap<&'a str, EntryLanguage<'a>>,
        include_characters: [char; 10],
    }
    #[derive(serde::Serialize)]
    struct EntryLanguage<'a> {
        hash: &'a str,
        wasm: Option<&'a str>,
        page_count: usize,
    }
    let language_code = language;
    let languages = built
        .map(|built| {
            let language = EntryLanguage {
                hash: &built.meta_hash,
                wasm: assets.wasm_language.as_deref(),
                page_count: built.page_count,
            };
            BTreeMap::from([(language_code, language)])
        })
        .unwrap_or_default();
    let entry = Entry {
        version: index::VERSION,
        languages,
        include_characters: words::WORD_SYMBOLS,
    };
    serde_json::to_string(&entry).unwrap_or_default()
}

/// pagefind's framing: the marker `pagefind_dcd`, then the contents, in
/// gzip. The default level: the best level took a third of the time of a
/// whole build for a few percent less to download.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3 + 32), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(b"pagefind_dcd");
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
