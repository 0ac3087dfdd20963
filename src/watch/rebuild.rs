//! Incremental rebuilds: the load and render caches kept between saves.
//!
//! After a change only the changed sources are read and parsed again (see
//! `load::LoadCache`), and only the files whose template inputs changed are
//! rendered again (see `render::RenderCache`). The output is the same, byte
//! for byte, as a full build's; the tests hold it to that.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::load::{self, LoadCache, LoadOptions, Site};
use crate::output::Output;
use crate::render::{self, RenderCache, RenderStats};
use crate::status::{self, Inventory, DUE_WITHIN_DAYS};

pub(crate) struct Rebuilder {
    root: PathBuf,
    options: LoadOptions,
    loads: LoadCache,
    renders: RenderCache,
    /// The site of the last good build, whose pages go back to the load cache.
    site: Option<Site>,
}

/// What one rebuild did.
#[derive(Debug)]
pub(crate) struct Rebuilt {
    /// Every diagnostic, warnings too; the build failed if any is an error.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Set when the build succeeded.
    pub(crate) stats: Option<RenderStats>,
    /// Content files parsed (the others came from the cache).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) parsed: usize,
    /// What needs attention, for the preview's inventory page.
    pub(crate) inventory: Inventory,
}

impl Rebuilder {
    pub(crate) fn new(root: &Path, options: LoadOptions) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            options,
            loads: LoadCache::default(),
            renders: RenderCache::default(),
            site: None,
        }
    }

    /// Builds again, reading `changed` (files or folders) anew whatever their
    /// time stamps say, and taking the other content files as unchanged
    /// without looking at them. An empty list rebuilds from what the disk
    /// shows.
    pub(crate) fn rebuild<'a>(&mut self, changed: impl IntoIterator<Item = &'a Path>) -> Rebuilt {
        let mut named = false;
        for path in changed {
            self.loads.invalidate(&self.root, path);
            named = true;
        }
        // The watcher names every change it saw; an empty list asks for a
        // look at the disk.
        if named {
            self.loads.trust_events();
        }
        if let Some(site) = self.site.take() {
            self.loads.reclaim(site);
        }
        let loaded = load::load_with(&self.root, &self.options, &mut self.loads);
        let parsed = self.loads.parsed;
        let mut diagnostics = loaded.diagnostics;
        let (stats, site) = match loaded.site {
            None => (None, None),
            Some(site) => match render::render_with(&site, &mut self.renders) {
                Ok(stats) => (Some(stats), Some(site)),
                Err(ds) => {
                    self.loads.reclaim(site);
                    diagnostics.extend(ds);
                    (None, None)
                }
            },
        };
        self.site = site;
        let inventory = status::take_stock(&loaded.inventory, diagnostics.clone(), loaded.today, DUE_WITHIN_DAYS);
        Rebuilt {
            diagnostics,
            stats,
            parsed,
            inventory,
        }
    }

    /// Leaves making the search index's files of each rebuild to a thread
    /// of their own (see `queue_search`), so that the preview can reload
    /// first and the next save need not wait for them. `wake` is called
    /// when files are ready for `take_search`.
    pub(crate) fn deferring_search(mut self, wake: Option<crate::render::Wake>) -> Self {
        self.renders = RenderCache::deferring_search(wake);
        self
    }

    /// Whether the last rebuild left the search index for `queue_search`.
    pub(crate) fn search_pending(&self) -> bool {
        self.renders.search_pending()
    }

    /// Sends the search index the last rebuild put off to its thread.
    pub(crate) fn queue_search(&mut self) -> Result<(), Diagnostic> {
        self.renders.queue_search()
    }

    /// Whether the search thread has files still to come.
    pub(crate) fn search_busy(&self) -> bool {
        self.renders.search_busy()
    }

    /// The search index's files, once its thread has made them for the
    /// last rebuild: put into the output; the paths written anew.
    pub(crate) fn take_search(&mut self) -> Option<Result<Vec<String>, Diagnostic>> {
        self.renders.take_search()
    }

    /// Makes the search index the last rebuild put off and waits for it;
    /// returns the output paths written anew.
    #[cfg(test)]
    pub(crate) fn finish_search(&mut self) -> Result<Vec<String>, Diagnostic> {
        self.renders.finish_search()
    }

    /// The site of the last good build.
    pub(crate) fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// The output of the last good build (empty before the first).
    pub(crate) fn output(&self) -> &Output {
        self.renders.output()
    }
}

#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;
