//! The record of what the last render made and from which inputs, so that
//! rendering a changed site again renders only the files whose inputs changed.
//!
//! The record is exact, never a guess, and costs in proportion to what a page
//! is made of rather than to the size of its context:
//!
//! - The whole site is rendered again when the compiled theme, `site.yaml` or
//!   the `site` template value changed.
//! - A page is rendered again unless all of these are the same as last time:
//!   its parsed source (the same `SourceFile`: the load cache hands back the
//!   very `Page` it parsed, so everything made from the page alone, such as
//!   its content, table of contents, word count, data tables and metadata, is
//!   the same); its output path; its own inputs from elsewhere (template
//!   name, resolved link and image targets with the images' sizes,
//!   reviewer, language switcher and original), compared by value;
//!   and the pages it shows (itself, ancestors, section, neighbours,
//!   listings, siblings: `context::Shown`), slot by slot, each the same page
//!   as last time with an unchanged `PageRef`. A `PageRef` is taken from the
//!   last render when made from the same parsed page at the same route, and
//!   compared by value otherwise.
//! - A site-wide file (`crate::site_files::SITE_FILES`) is rendered again when one
//!   of the inputs its row declares changed: those made from the pages'
//!   summaries unless the site's pages are the same ones in the same order,
//!   each with an unchanged `PageRef`.
//!
//! `content` and `jsonld` are made from those same inputs: the page's own
//! source, its link targets, its own and its ancestors' `PageRef`s, its
//! reviewer and the configuration. Whoever makes a page's context read more
//! must add it here; `watch/rebuild/tests.rs` compares with full builds
//! after each of a sequence of edits.

use std::collections::HashMap;
use std::sync::Arc;

use super::context::{self, Original, PageLanguages, PageRef, ReviewerContext, Shown, SwitchLink};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::load::Site;
use crate::output::{Content, Output};
use crate::theme::Theme;

use super::index_worker::{IndexFiles, Wake, Worker};

/// What the last render made and from which inputs (see the module docs).
#[derive(Default)]
pub(crate) struct RenderCache {
    pub(super) theme: Option<Theme>,
    pub(super) site_key: Vec<u8>,
    /// A number for each page source path ever rendered, kept from render to
    /// render, so that "the same page" is a number to compare.
    ids: HashMap<String, u32>,
    /// By page number: the page as the last render knew it.
    pages: Vec<Option<Known>>,
    /// The last render's pages, in order, by number.
    order: Vec<u32>,
    pub(super) output: Output,
    /// The files the last render wrote at old addresses (`aliases:`).
    pub(super) alias_files: Vec<String>,
    /// The search index, kept to update in place.
    pub(super) search: super::indexing::KeptIndex,
    /// Whether a render leaves the search index's files to `index_worker`.
    pub(super) defer_search: bool,
    /// The index of the last render, fed but not yet sent to the worker.
    pub(super) pending_search: Option<super::indexing::Feeder>,
    /// The thread that makes the put-off index, once there is one.
    search_worker: Option<Worker>,
    /// What the worker calls when it has files for the last job.
    wake: Option<Wake>,
}

impl RenderCache {
    /// A cache whose renders leave making the search index's files to a
    /// thread of their own (`queue_search`): `watch` reloads the page first
    /// and need not wait for the index to build again. `wake` is called on
    /// that thread when the files are ready for `take_search`.
    pub(crate) fn deferring_search(wake: Option<Wake>) -> RenderCache {
        RenderCache {
            defer_search: true,
            wake,
            ..RenderCache::default()
        }
    }

    /// An empty cache with the same settings and search thread; the files
    /// of the jobs sent for the output given up are not wanted.
    pub(super) fn afresh(&mut self) -> RenderCache {
        let mut search_worker = self.search_worker.take();
        if let Some(worker) = &mut search_worker {
            worker.forget();
        }
        RenderCache {
            defer_search: self.defer_search,
            wake: self.wake.clone(),
            search_worker,
            ..RenderCache::default()
        }
    }

    /// The output of the last successful render.
    pub(crate) fn output(&self) -> &Output {
        &self.output
    }

    /// Whether the last render left the search index for `queue_search`.
    pub(crate) fn search_pending(&self) -> bool {
        self.pending_search.is_some()
    }

    /// Hands the index the last render put off to the search thread, with
    /// the pages it needs from the output. On an error the next render
    /// makes the index afresh.
    pub(crate) fn queue_search(&mut self) -> Result<(), Diagnostic> {
        let Some(feeder) = self.pending_search.take() else {
            return Ok(());
        };
        let (job, kept) = feeder.into_job(&self.output);
        self.search = kept;
        let sent = match &mut self.search_worker {
            Some(worker) => worker.send(job),
            None => Worker::start(self.wake.clone()).and_then(|worker| {
                let worker = self.search_worker.insert(worker);
                worker.send(job)
            }),
        };
        if sent.is_err() {
            self.search.forget_held();
            self.search_worker = None;
        }
        sent
    }

    /// Whether files are still to come from the search thread.
    pub(crate) fn search_busy(&self) -> bool {
        self.search_worker.as_ref().is_some_and(Worker::busy)
    }

    /// Puts the files of the last job sent to the search thread into the
    /// output, once they are ready (and nothing is left to send); returns
    /// the paths written anew, sorted. On an error the output keeps the
    /// last index's files and the next render makes the index afresh.
    pub(crate) fn take_search(&mut self) -> Option<Result<Vec<String>, Diagnostic>> {
        if self.pending_search.is_some() {
            return None;
        }
        let files = self.search_worker.as_mut()?.latest()?;
        Some(self.put_search(files))
    }

    /// Sends what the last render put off and waits for its files: what
    /// `take_search` would give once they are ready.
    #[cfg(test)]
    pub(crate) fn finish_search(&mut self) -> Result<Vec<String>, Diagnostic> {
        self.queue_search()?;
        match self.search_worker.as_mut().and_then(Worker::wait) {
            Some(files) => self.put_search(files),
            None => Ok(Vec::new()),
        }
    }

    fn put_search(&mut self, files: IndexFiles) -> Result<Vec<String>, Diagnostic> {
        let files = files.inspect_err(|_| self.search.forget_held())?;
        for path in &self.search.files {
            self.output.files.remove(path);
        }
        let mut names: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
        self.output
            .files
            .extend(files.into_iter().map(|(p, b)| (p, Content::Bytes(b))));
        self.search.files = names.clone();
        names.sort();
        Ok(names)
    }
}

/// A page as the last render knew it.
struct Known {
    /// Held, not only compared, so the pointer cannot be reused by another file.
    source: Arc<SourceFile>,
    /// Taken out when this render starts (it is this render's again when the
    /// page and its route are unchanged).
    page_ref: Option<PageRef>,
    made: Made,
}

/// How many lists of pages a page shows (`context::Shown`).
const SLOTS: usize = 7;

/// What one page's bytes were made from.
pub(super) struct Made {
    /// The output path.
    pub(super) path: String,
    own: Own,
    /// The pages it shows: each slot's length, its own number, then each
    /// shown page's number, slot by slot.
    shown: Vec<u32>,
}

/// A page's own inputs from outside its source.
#[derive(PartialEq)]
struct Own {
    template: String,
    links: Vec<Vec<crate::markdown::Target>>,
    image: Option<String>,
    picture: Option<std::sync::Arc<crate::picture::Picture>>,
    reviewer: Option<ReviewerContext>,
    switcher: Vec<SwitchLink>,
    original: Option<Original>,
}

/// A page's own inputs from outside its source, as this render has them.
pub(super) struct OwnNow<'a> {
    pub(crate) template: &'a str,
    /// Resolved link targets, per document.
    pub(crate) links: &'a [Vec<crate::markdown::Target>],
    pub(crate) image: &'a Option<String>,
    /// The image's picture, when it is a processed one.
    pub(crate) picture: &'a Option<std::sync::Arc<crate::picture::Picture>>,
    pub(crate) reviewer: Option<ReviewerContext>,
    /// What the page shows about its languages (other pages' URLs, the
    /// original's review state), compared by value.
    pub(crate) languages: &'a PageLanguages,
}

impl OwnNow<'_> {
    fn matches(&self, then: &Own) -> bool {
        self.template == then.template
            && self.links == then.links.as_slice()
            && *self.image == then.image
            && *self.picture == then.picture
            && self.reviewer == then.reviewer
            && self.languages.switcher == then.switcher
            && self.languages.original == then.original
    }

    fn keep(self) -> Own {
        Own {
            template: self.template.to_string(),
            links: self.links.to_vec(),
            image: self.image.clone(),
            picture: self.picture.clone(),
            reviewer: self.reviewer,
            switcher: self.languages.switcher.clone(),
            original: self.languages.original.clone(),
        }
    }
}

/// The lists of pages a page shows, in the order `Made::shown` records them.
fn slots<'a>(shown: &'a Shown<'a>) -> [&'a [usize]; SLOTS] {
    [
        shown.ancestors,
        shown.section.as_slice(),
        shown.previous.as_slice(),
        shown.next.as_slice(),
        shown.pages,
        shown.subsections,
        shown.siblings,
    ]
}

/// This render's side of the comparison: each page's number and whether its
/// `PageRef` changed since the last render.
pub(super) struct Record {
    ids: Vec<u32>,
    /// By page number: the page's `PageRef` is new or changed (or the page is gone).
    stale: Vec<bool>,
    /// The last render's pages by number; empty when everything is rendered afresh.
    known: Vec<Option<Known>>,
    /// Nothing from the last render is reused.
    fresh: bool,
    /// The site's pages are the same as last time, in the same order, with
    /// the same `PageRef`s.
    same_pages: bool,
}

impl Record {
    /// Numbers this render's pages and makes their `PageRef`s, taking each
    /// from the last render when the page and its route are unchanged, and
    /// noting which changed. `fresh`: nothing from the last render may be reused.
    pub(super) fn new(site: &Site, cache: &mut RenderCache, fresh: bool) -> (Record, Vec<PageRef>) {
        let ids: Vec<u32> = site
            .pages
            .iter()
            .map(|p| match cache.ids.get(&p.path) {
                Some(id) => *id,
                None => {
                    let id = cache.ids.len() as u32;
                    cache.ids.insert(p.path.clone(), id);
                    id
                }
            })
            .collect();
        let mut stale = vec![true; cache.ids.len()];
        let mut known = std::mem::take(&mut cache.pages);
        if fresh {
            known.clear();
            let record = Record {
                ids,
                stale,
                known,
                fresh,
                same_pages: false,
            };
            return (record, context::page_refs(site));
        }
        known.resize_with(cache.ids.len(), || None);
        let refs = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let id = *id as usize;
                let earlier = known[id].as_mut().and_then(|k| {
                    let same_page = Arc::ptr_eq(&k.source, &site.pages[i].source);
                    k.page_ref.take().map(|r| (same_page, r))
                });
                match earlier {
                    Some((true, r)) if context::ref_is_current(site, i, &r) => {
                        stale[id] = false;
                        r
                    }
                    earlier => {
                        let now = context::page_ref(site, i);
                        stale[id] = earlier.is_none_or(|(_, r)| r != now);
                        now
                    }
                }
            })
            .collect();
        let same_pages = cache.order == ids && ids.iter().all(|id| !stale[*id as usize]);
        let record = Record {
            ids,
            stale,
            known,
            fresh,
            same_pages,
        };
        (record, refs)
    }

    /// Whether page `i` (at `route`, with `own` inputs, showing `shown`) is
    /// made from exactly what the last render made it from.
    pub(super) fn unchanged(
        &self,
        i: usize,
        source: &Arc<SourceFile>,
        route: &str,
        own: &OwnNow,
        shown: &Shown,
    ) -> bool {
        let Some(then) = self.known.get(self.ids[i] as usize).and_then(Option::as_ref) else {
            return false;
        };
        Arc::ptr_eq(&then.source, source)
            && crate::urls::is_output_path_of(&then.made.path, route)
            && own.matches(&then.made.own)
            && self.same_shown(&then.made.shown, i, shown)
    }

    /// Whether `then` records the pages `shown` shows, none of them changed.
    fn same_shown(&self, then: &[u32], i: usize, shown: &Shown) -> bool {
        let lists = slots(shown);
        let total: usize = lists.iter().map(|l| l.len()).sum();
        if then.len() != SLOTS + 1 + total || lists.iter().zip(then).any(|(l, n)| l.len() as u32 != *n) {
            return false;
        }
        let me = self.ids[i];
        then[SLOTS] == me
            && !self.stale[me as usize]
            && then[SLOTS + 1..]
                .iter()
                .zip(lists.into_iter().flatten())
                .all(|(then, p)| *then == self.ids[*p] && !self.stale[*then as usize])
    }

    /// The record of what page `i`, rendered now to `path`, is made from.
    pub(super) fn made(&self, i: usize, path: &str, own: OwnNow, shown: &Shown) -> Made {
        let lists = slots(shown);
        let mut key = Vec::with_capacity(SLOTS + 1 + lists.iter().map(|l| l.len()).sum::<usize>());
        key.extend(lists.iter().map(|l| l.len() as u32));
        key.push(self.ids[i]);
        key.extend(lists.into_iter().flatten().map(|p| self.ids[*p]));
        Made {
            path: path.to_string(),
            own: own.keep(),
            shown: key,
        }
    }

    /// Whether the last render's output is the base this render updates
    /// (else it starts from nothing).
    pub(super) fn updates_last_output(&self) -> bool {
        !self.fresh
    }

    /// Takes out of the last render's `output` the files of pages that are
    /// gone or rendered again (`rendered`, by page index), and the static
    /// files, which are added again.
    pub(super) fn clear_old_files(&self, rendered: &[bool], output: &mut Output) {
        let mut kept = vec![false; self.known.len()];
        for (id, rendered) in self.ids.iter().zip(rendered) {
            kept[*id as usize] = !rendered;
        }
        for (known, kept) in self.known.iter().zip(kept) {
            if let (Some(k), false) = (known, kept) {
                output.files.remove(&k.made.path);
            }
        }
        output.files.retain(|_, c| !matches!(c, Content::Copy(_)));
    }

    /// Whether a site-wide file can be kept from the last render: nothing
    /// is kept from a fresh render, and a file made from the pages'
    /// summaries only when they are the same pages, in the same order, each
    /// with the same summary.
    pub(super) fn keeps_site_file(&self, reads_pages: bool) -> bool {
        !self.fresh && (!reads_pages || self.same_pages)
    }

    /// Keeps the record for the next render, after a successful one. `made`:
    /// by page index, what each page rendered now was made from (None: as
    /// last time).
    pub(super) fn keep(
        mut self,
        site: &Site,
        refs: Vec<PageRef>,
        made: Vec<Option<Made>>,
        theme_and_key: (Theme, Vec<u8>),
        output: Output,
        cache: &mut RenderCache,
    ) {
        let mut pages: Vec<Option<Known>> = Vec::new();
        pages.resize_with(cache.ids.len(), || None);
        for (((id, page), page_ref), made) in self.ids.iter().zip(&site.pages).zip(refs).zip(made) {
            let id = *id as usize;
            let made = match made {
                Some(made) => made,
                None => match self.known[id].take() {
                    Some(then) => then.made,
                    // Not reached: a page is only kept when it was known.
                    None => continue,
                },
            };
            pages[id] = Some(Known {
                source: page.source.clone(),
                page_ref: Some(page_ref),
                made,
            });
        }
        let (theme, site_key) = theme_and_key;
        cache.theme = Some(theme);
        cache.site_key = site_key;
        cache.pages = pages;
        cache.order = self.ids;
        cache.output = output;
    }
}
