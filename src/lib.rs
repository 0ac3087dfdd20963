//! dermapress: a static site generator for clinics' patient information.
//!
//! One pipeline, three sinks:
//!
//! ```text
//! source ─> load (content, theme, links, content rules) ─> Site ─> render ─> Output
//!                                                                             ├─ build: staging folder, atomic swap into public/
//!                                                                             ├─ check: report, write nothing
//!                                                                             └─ watch: serve from memory, reload the browser
//! ```
//!
//! `build`, `check` and `watch` use the same lenient load, the same content
//! rules and the same diagnostics; they differ only in what they do with
//! the result. This file is the library's face: the operations and the
//! types they return. Everything else is private to the crate.

// Diagnostics are returned by value everywhere: they are the product's main
// output on failure, and boxing each one would only add noise.
#![allow(clippy::result_large_err)]

// The layers, lowest first; a module imports only from those above it here.
mod diagnostics;
mod site_files;
mod threads;
#[doc(hidden)]
pub mod timings;
mod urls;

mod config;
mod content;
mod markdown;
mod picture;
mod source;
mod yaml;

mod check;
mod links;
mod search;
mod social;
mod theme;

mod images;

mod load;
mod status;

mod external;
mod output;
mod render;

pub mod report;

mod import;
mod scaffold;
// After scaffold: a refused rename is a `scaffold::Refusal`.
mod rename;
mod serve;
mod watch;

#[cfg(test)]
mod testing;

/// Entry points for the fuzz targets in `fuzz/` only; not a stable API.
#[doc(hidden)]
pub mod fuzzing;

use std::path::Path;

pub use diagnostics::{Diagnostic, Severity};
pub use import::{import, ImportFrom, ImportNote, ImportReport};
pub use load::{parse_as_of, today, LoadOptions};
pub use output::refuse_output;
pub use rename::{rename_page, Renamed};
pub use scaffold::{init, new_page, new_translation, Created, PageKind, Refusal};
pub use status::{status, FileFindings, Inventory, Listed, Review, DUE_WITHIN_DAYS};
pub use watch::{run as watch, WatchError, WatchOptions};

/// What a build did, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: usize,
    pub data_pages: usize,
    pub static_files: usize,
    pub files: usize,
    /// The next day a scheduled page goes up or comes down: when to build again.
    pub next_change: Option<ScheduledChange>,
    /// Raster images made anew, and those taken from the cache.
    pub images_processed: usize,
    pub images_cached: usize,
    /// Social cards made anew (the others came from the cache).
    pub cards_made: usize,
}

/// A day on which the site changes by itself, and the page that changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledChange {
    /// year-month-day
    pub date: String,
    /// The page's file, from the site's root.
    pub file: String,
}

/// The outcome of a build: the summary if it published, and every diagnostic.
pub struct BuildResult {
    pub summary: Option<BuildSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A site loaded and rendered in memory.
pub struct Rendered {
    site: load::Site,
    output: output::Output,
}

impl Rendered {
    /// Every output path with its bytes (files copied as they are are read here).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.output.files_with_bytes()
    }

    pub fn summary(&self) -> BuildSummary {
        let data_pages = self.site.pages.iter().filter(|p| p.is_data()).count();
        BuildSummary {
            pages: self.site.pages.len() - data_pages,
            data_pages,
            static_files: self.site.assets.len(),
            files: self.output.files.len(),
            next_change: self.site.next_change.as_ref().map(|(date, file)| ScheduledChange {
                date: date.iso(),
                file: file.clone(),
            }),
            images_processed: self.site.images.processed,
            images_cached: self.site.images.cached,
            cards_made: self.site.cards.iter().flatten().filter(|c| c.fresh).count(),
        }
    }
}

/// Loads and renders the site in memory, writing nothing: the pipeline all
/// three sinks share. The site is rendered whenever loading found nothing
/// that prevents it, even when the content rules found errors, so that
/// template errors are reported in the same run.
pub fn render(root: &Path, options: &LoadOptions) -> (Option<Rendered>, Vec<Diagnostic>) {
    let loaded = load::load(root, options);
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return (None, diagnostics);
    };
    match timings::time("render", || render::render(&site)) {
        Ok(output) => (Some(Rendered { site, output }), diagnostics),
        Err(ds) => {
            diagnostics.extend(ds);
            diagnostics::sort(&mut diagnostics);
            (None, diagnostics)
        }
    }
}

/// Builds the site at `root` into `out`. Any finding of severity `error`
/// (a broken link, a template error, a claim a regulator objects to) stops
/// it: nothing is written and `out` keeps what it had.
///
/// Each page goes to the output writer as soon as it is rendered, so the
/// rendered site is never all in memory; a template error found on the way
/// drops the staging folder, and `out` is left as it was.
pub fn build(root: &Path, out: &Path, options: &LoadOptions) -> BuildResult {
    output::recover(out);
    let loaded = load::load(root, options);
    let mut diagnostics = loaded.diagnostics;
    let failed = |diagnostics| BuildResult {
        summary: None,
        diagnostics,
    };
    let Some(mut site) = loaded.site else {
        return failed(diagnostics);
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        // Rendered only for the template errors, reported with the rest.
        if let Err(ds) = timings::time("render", || render::render(&site)) {
            diagnostics.extend(ds);
            diagnostics::sort(&mut diagnostics);
        }
        return failed(diagnostics);
    }
    // Checked: each page's text is read again when it is rendered.
    load::release::release(&mut site, root);
    let paths = render::output_paths(&site);
    let writer = match timings::time("write", || output::Writer::begin(out, &paths)) {
        Ok(writer) => writer,
        Err(d) => {
            diagnostics.push(d);
            return failed(diagnostics);
        }
    };
    let sink = |rel: &str, bytes: Vec<u8>| writer.add(rel, &output::Content::Bytes(bytes));
    let rest = match timings::time("render", || threads::for_io(|| render::render_to(&site, &sink))) {
        Ok(rest) => rest,
        Err(ds) => {
            diagnostics.extend(ds);
            diagnostics::sort(&mut diagnostics);
            return failed(diagnostics);
        }
    };
    let written = timings::time("write", || {
        threads::for_io(|| {
            use rayon::prelude::*;
            rest.files
                .par_iter()
                .try_for_each(|(rel, content)| writer.add(rel, content))
        })
        .and_then(|()| writer.finish())
    });
    if let Err(d) = written {
        diagnostics.push(d);
        return failed(diagnostics);
    }
    let rendered = Rendered { site, output: rest };
    rendered.site.images.prune(root);
    social::prune(root, &rendered.site.cards);
    BuildResult {
        summary: Some(BuildSummary {
            files: paths.len(),
            ..rendered.summary()
        }),
        diagnostics,
    }
}

/// Checks the site at `root` in memory: every loading and template error
/// and every content rule's finding. Writes nothing.
pub fn check(root: &Path, options: &LoadOptions) -> Vec<Diagnostic> {
    let (_, mut found) = render(root, options);
    diagnostics::sort(&mut found);
    found.dedup();
    found
}

/// `check`, plus whether every link to another site and every cited
/// source's address still answers (`check --external`). The only operation
/// that uses the network; answers are kept in `.dermapress-cache/` at the
/// root for `checks: external: cache_hours:`.
pub fn check_external(root: &Path, options: &LoadOptions) -> Vec<Diagnostic> {
    let loaded = load::load(root, options);
    let mut found = loaded.diagnostics;
    if let Some(site) = loaded.site {
        if let Err(ds) = render::render(&site) {
            found.extend(ds);
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        found.extend(external::check(&site, root, now));
    }
    diagnostics::sort(&mut found);
    found.dedup();
    found
}
