//! Feeding the rendered pages to the search index (`search`) during a
//! render, and keeping the index from one render to the next for `watch`.
//!
//! A one-off build hands each page over as it is collected, so the pages
//! need not be held for the index. `watch` keeps its index and adds only the
//! pages rendered again, which pagefind replaces in place; when the indexed
//! pages themselves change (one added, gone or moved), the index is made
//! afresh from the output in page order, so that its bytes are always those
//! of a full build of the same site.
//!
//! `watch` may put off finishing the index until the reload has gone out:
//! the feeder then only notes the pages rendered, waits in the render cache
//! (`RenderCache::finish_search`), and there hands them to pagefind and makes
//! the index's files; the preview holds requests for the index's files until
//! it is done. A template save re-renders every page, and pagefind reads
//! them one at a time, so this keeps it off the reload.

use super::search::{self, SearchIndex};
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::output::{Content, Output};

/// The search index kept between renders, and the files it last made.
#[derive(Default)]
pub(crate) struct KeptIndex {
    index: Option<SearchIndex>,
    files: Vec<String>,
}

/// Whether page `i` goes into the index at all: drafts (built with
/// `--drafts`) never do. What of a page is indexed is the theme's marking.
fn indexable(site: &Site, i: usize) -> bool {
    !site.pages[i].meta.draft
}

/// A page the index holds: its language (whose index it goes into), its
/// URL and its output path.
struct Indexed {
    language: String,
    url: String,
    path: String,
}

/// The index of one render, being fed.
pub(crate) struct Feeder {
    /// By page number, if it is indexed.
    pages: Vec<Option<Indexed>>,
    index: SearchIndex,
    /// The files the last index made (to replace in the output).
    old_files: Vec<String>,
    /// A new index, fed from the output once every page is there.
    afresh: bool,
    /// When finishing is put off: the pages rendered, to feed from the
    /// output then, in this order.
    put_off: Option<Vec<usize>>,
    changed: bool,
    problem: Option<Diagnostic>,
}

impl Feeder {
    /// The index for this render, or `None` when the site has no search.
    /// `urls`: each page's URL. `all_rendered`: every page is rendered in
    /// this render (nothing is kept from the last one). `put_off`: finishing
    /// may wait until after the reload (`watch`).
    pub(super) fn start<'s>(
        site: &'s Site,
        urls: impl Iterator<Item = &'s str>,
        kept: &mut KeptIndex,
        all_rendered: bool,
        put_off: bool,
    ) -> Result<Option<Feeder>, Diagnostic> {
        if !search::enabled(site) {
            *kept = KeptIndex::default();
            return Ok(None);
        }
        let pages: Vec<Option<Indexed>> = urls
            .enumerate()
            .map(|(i, url)| {
                indexable(site, i).then(|| Indexed {
                    language: site.pages[i].lang.clone(),
                    url: url.to_string(),
                    path: crate::urls::output_path(&site.routes[i]),
                })
            })
            .collect();
        let wanted: Vec<(&str, &str)> = pages
            .iter()
            .flatten()
            .map(|p| (p.language.as_str(), p.url.as_str()))
            .collect();
        let old_files = std::mem::take(&mut kept.files);
        let reusable = kept.index.take().filter(|i| !all_rendered && i.holds_exactly(&wanted));
        let new = reusable.is_none();
        let index = match reusable {
            Some(index) => index,
            None => SearchIndex::new(site.config.default_language())?,
        };
        Ok(Some(Feeder {
            pages,
            index,
            old_files,
            afresh: new && !all_rendered,
            put_off: put_off.then(Vec::new),
            changed: new,
            problem: None,
        }))
    }

    /// Whether finishing has anything to make: pages were added, or the
    /// index is new.
    pub(super) fn has_work(&self) -> bool {
        self.changed || self.afresh
    }

    /// Page `i` has just been rendered to `html`.
    pub(super) fn add(&mut self, i: usize, html: &[u8]) {
        if self.afresh || self.problem.is_some() {
            return;
        }
        if let Some(page) = &self.pages[i] {
            self.changed = true;
            if let Some(put_off) = &mut self.put_off {
                put_off.push(i);
                return;
            }
            let html = String::from_utf8_lossy(html).into_owned();
            if let Err(d) = self.index.add(&page.language, &page.url, html) {
                self.problem = Some(d);
            }
        }
    }

    /// Puts the index's files into `output`, which holds every page,
    /// replacing the last ones; returns the index to keep and the paths
    /// written anew. On an error `output` keeps the last index's files.
    pub(super) fn finish(mut self, output: &mut Output) -> Result<(KeptIndex, Vec<String>), Diagnostic> {
        let put_off = self.put_off.take().unwrap_or_default();
        if self.afresh {
            self.add_from(output, 0..self.pages.len());
        } else {
            self.add_from(output, put_off);
        }
        if let Some(d) = self.problem {
            return Err(d);
        }
        if !self.changed {
            let kept = KeptIndex {
                index: Some(self.index),
                files: self.old_files,
            };
            return Ok((kept, Vec::new()));
        }
        let files = self.index.files()?;
        for path in &self.old_files {
            output.files.remove(path);
        }
        let names: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
        output
            .files
            .extend(files.into_iter().map(|(p, b)| (p, Content::Bytes(b))));
        let kept = KeptIndex {
            index: Some(self.index),
            files: names.clone(),
        };
        Ok((kept, names))
    }

    /// Feeds the indexed pages among `pages` from `output`, in that order.
    fn add_from(&mut self, output: &Output, pages: impl IntoIterator<Item = usize>) {
        self.afresh = false;
        for i in pages {
            let html = self.pages[i].as_ref().and_then(|p| output.files.get(&p.path));
            if let Some(Content::Bytes(html)) = html {
                let html = html.clone();
                self.add(i, &html);
            }
        }
    }
}
