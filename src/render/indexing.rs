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
//! The preview's index is put off until the reload has gone out: the feeder
//! then only notes the pages rendered and waits in the render cache; there
//! (`RenderCache::queue_search`) it becomes a job for the thread that owns
//! the index (`index_worker`), with the pages' HTML. The preview holds
//! requests for the index's files until the files of its last job are back
//! (`RenderCache::take_search`). A template save re-renders every page, and
//! pagefind reads them one at a time and makes every file again, so this
//! keeps it off the reload and off the next save.

use super::index_worker::{Job, JobPage};
use super::search::{self, SearchIndex};
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::output::{Content, Output};
use crate::search::IndexedPage;

/// The search index kept between renders, and the files it last made.
#[derive(Default)]
pub(crate) struct KeptIndex {
    index: Option<SearchIndex>,
    /// The index's files in the output.
    pub(super) files: Vec<String>,
    /// When the index is put off to `index_worker`: the pages (language,
    /// URL) it holds, in order, once the jobs sent are done.
    held: Option<Vec<(String, String)>>,
}

impl KeptIndex {
    /// What the worker's index holds is no longer known: the next render
    /// makes it afresh.
    pub(super) fn forget_held(&mut self) {
        self.held = None;
    }
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
    /// None when finishing is put off (the worker has the index).
    index: Option<SearchIndex>,
    /// Whether the index starts anew (rather than updating the last one).
    new: bool,
    default_language: String,
    /// The files the last index made (to replace in the output).
    old_files: Vec<String>,
    /// A new index, fed from the output once every page is there.
    afresh: bool,
    /// When finishing is put off: the pages rendered, to feed from the
    /// output then, in this order.
    put_off: Option<Vec<usize>>,
    changed: bool,
    /// The pages rendered, to read from the output when finishing.
    to_read: Vec<usize>,
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
        let default_language = site.config.default_language();
        let (index, new) = if put_off {
            let held = kept.held.take();
            let same = held.is_some_and(|held| held.iter().map(|(l, u)| (l.as_str(), u.as_str())).eq(wanted));
            (None, all_rendered || !same)
        } else {
            let reusable = kept.index.take().filter(|i| !all_rendered && i.holds_exactly(&wanted));
            let new = reusable.is_none();
            let index = match reusable {
                Some(index) => index,
                None => SearchIndex::new(default_language)?,
            };
            (Some(index), new)
        };
        Ok(Some(Feeder {
            pages,
            index,
            new,
            default_language: default_language.to_string(),
            old_files,
            afresh: new && !all_rendered,
            put_off: put_off.then(Vec::new),
            changed: new,
            to_read: Vec::new(),
            problem: None,
        }))
    }

    /// Whether finishing has anything to make: pages were added, or the
    /// index is new.
    pub(super) fn has_work(&self) -> bool {
        self.changed || self.afresh
    }

    /// Page `i` has just been rendered (into the output, where it is read
    /// from when finishing, with the others in parallel).
    pub(super) fn add(&mut self, i: usize) {
        if self.afresh || self.problem.is_some() || self.pages[i].is_none() {
            return;
        }
        self.changed = true;
        match &mut self.put_off {
            Some(put_off) => put_off.push(i),
            None => self.to_read.push(i),
        }
    }

    /// Whether pages are read for the index as they are rendered (a
    /// one-off build, which then need not keep them): see `insert_read`.
    pub(super) fn reads_as_rendered(&self) -> bool {
        self.put_off.is_none() && !self.afresh && self.problem.is_none()
    }

    /// The language and URL of page `i`, if it is indexed.
    pub(super) fn indexed(&self, i: usize) -> Option<(&str, &str)> {
        self.pages[i].as_ref().map(|p| (p.language.as_str(), p.url.as_str()))
    }

    /// Pages read as they were rendered (page number, what reading gave),
    /// added in page order.
    pub(super) fn insert_read(&mut self, mut read: Vec<(usize, Result<IndexedPage, String>)>) {
        if read.is_empty() {
            return;
        }
        read.sort_by_key(|(i, _)| *i);
        self.changed = true;
        for (i, page) in read {
            let (Some(indexed), Some(index)) = (&self.pages[i], self.index.as_mut()) else {
                continue;
            };
            match page {
                Ok(page) => index.insert(&indexed.language, &indexed.url, page),
                Err(why) => {
                    self.problem
                        .get_or_insert(search::failed(&format!("{}: {why}", indexed.url)));
                }
            }
        }
    }

    /// Puts the index's files into `output`, which holds every page,
    /// replacing the last ones; returns the index to keep and the paths
    /// written anew. On an error `output` keeps the last index's files.
    /// `keep`: the index is kept for the next render (`watch`); a one-off
    /// build lets go of its pages while the files are made.
    pub(super) fn finish(mut self, output: &mut Output, keep: bool) -> Result<(KeptIndex, Vec<String>), Diagnostic> {
        let held = self.put_off.is_some().then(|| self.held());
        let put_off = self.put_off.take().unwrap_or_default();
        let to_read = std::mem::take(&mut self.to_read);
        if self.afresh {
            self.add_from(output, 0..self.pages.len());
        } else {
            self.add_from(output, put_off.into_iter().chain(to_read));
        }
        if let Some(d) = self.problem {
            return Err(d);
        }
        if !self.changed {
            let kept = KeptIndex {
                index: self.index,
                files: self.old_files,
                held,
            };
            return Ok((kept, Vec::new()));
        }
        let files = match (self.index.as_mut(), keep) {
            (None, _) => return Err(search::failed("it was put off and then asked for at once")),
            (Some(index), true) => index.files()?,
            (Some(_), false) => self.index.take().map_or(Ok(Vec::new()), SearchIndex::into_files)?,
        };
        for path in &self.old_files {
            output.files.remove(path);
        }
        let names: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
        output
            .files
            .extend(files.into_iter().map(|(p, b)| (p, Content::Bytes(b))));
        let kept = KeptIndex {
            index: self.index,
            files: names.clone(),
            held,
        };
        Ok((kept, names))
    }

    /// The put-off index as a job for the worker, with the HTML of the
    /// pages it adds taken from `output` (which holds every page); and what
    /// to keep until its files are back (the last index's files are still
    /// in the output).
    pub(super) fn into_job(self, output: &Output) -> (Job, KeptIndex) {
        let order: Vec<usize> = if self.afresh {
            (0..self.pages.len()).collect()
        } else {
            self.put_off.clone().unwrap_or_default()
        };
        let pages = order
            .into_iter()
            .filter_map(|i| {
                let page = self.pages[i].as_ref()?;
                let Some(Content::Bytes(html)) = output.files.get(&page.path) else {
                    return None;
                };
                Some(JobPage {
                    language: page.language.clone(),
                    url: page.url.clone(),
                    html: String::from_utf8_lossy(html).into_owned(),
                })
            })
            .collect();
        let kept = KeptIndex {
            index: None,
            held: Some(self.held()),
            files: self.old_files,
        };
        let job = Job {
            new: self.new,
            default_language: self.default_language,
            pages,
        };
        (job, kept)
    }

    /// The pages (language, URL) the index holds once fed, in order.
    fn held(&self) -> Vec<(String, String)> {
        self.pages
            .iter()
            .flatten()
            .map(|p| (p.language.clone(), p.url.clone()))
            .collect()
    }

    /// Feeds the indexed pages among `pages` from `output`, in that order.
    fn add_from(&mut self, output: &Output, pages: impl IntoIterator<Item = usize>) {
        self.afresh = false;
        let mut found = Vec::new();
        for i in pages {
            let Some(page) = &self.pages[i] else {
                continue;
            };
            if let Some(Content::Bytes(html)) = output.files.get(&page.path) {
                found.push((page.language.as_str(), page.url.as_str(), html.as_slice()));
            }
        }
        if found.is_empty() || self.problem.is_some() {
            return;
        }
        self.changed = true;
        let Some(index) = self.index.as_mut() else {
            return;
        };
        if let Err(d) = index.add_all(&found) {
            self.problem = Some(d);
        }
    }
}
