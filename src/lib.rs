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
mod urls;

mod config;
mod content;
mod markdown;
mod picture;
mod source;
mod yaml;

mod check;
mod links;
mod theme;

mod images;

mod load;

mod output;
mod render;

pub mod report;

mod import;
mod scaffold;
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
pub use load::{today, LoadOptions};
pub use output::refuse_output;
pub use scaffold::{init, new_page, Created, PageKind, Refusal};
pub use watch::{run as watch, WatchError, WatchOptions};

/// What a build did, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: usize,
    pub data_pages: usize,
    pub static_files: usize,
    pub files: usize,
    /// Raster images made anew, and those taken from the cache.
    pub images_processed: usize,
    pub images_cached: usize,
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
            images_processed: self.site.images.processed,
            images_cached: self.site.images.cached,
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
    match render::render(&site) {
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
pub fn build(root: &Path, out: &Path, options: &LoadOptions) -> BuildResult {
    output::recover(out);
    let (rendered, mut diagnostics) = render(root, options);
    let failed = |diagnostics| BuildResult {
        summary: None,
        diagnostics,
    };
    let Some(rendered) = rendered.filter(|_| !diagnostics.iter().any(Diagnostic::is_error)) else {
        return failed(diagnostics);
    };
    if let Err(d) = output::write(&rendered.output, out) {
        diagnostics.push(d);
        return failed(diagnostics);
    }
    rendered.site.images.prune(root);
    BuildResult {
        summary: Some(rendered.summary()),
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
