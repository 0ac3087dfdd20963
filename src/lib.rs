//! dermapress: a static site generator for clinics' patient information.
//!
//! One pipeline from files to an in-memory site: `load` reads and checks
//! every source, `render` turns the site into output bytes, and the sinks
//! (`build` here; `check` and `watch` to come) decide what to do with them.

// Diagnostics are returned by value everywhere: they are the product's main
// output on failure, and boxing each one would only add noise.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod context;
pub mod diagnostics;
pub mod images;
pub mod jsonld;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod threads;
pub mod watch;
pub mod yaml;

use std::path::Path;

use diagnostics::Diagnostic;
pub use site::LoadOptions;

/// What a build did, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: usize,
    pub data_pages: usize,
    pub static_files: usize,
    pub files: usize,
}

/// The outcome of a build: the summary if it succeeded, and every diagnostic.
pub struct BuildResult {
    pub summary: Option<BuildSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and renders the site in memory, writing nothing.
pub fn render_site(root: &Path, options: &LoadOptions) -> (Option<(site::Site, output::Output)>, Vec<Diagnostic>) {
    let loaded = site::load(root, options);
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return (None, diagnostics);
    };
    match render::render(&site) {
        Ok(output) => (Some((site, output)), diagnostics),
        Err(ds) => {
            diagnostics.extend(ds);
            (None, diagnostics)
        }
    }
}

/// Builds the site at `root` into `out`. On any error nothing is written and
/// `out` keeps what it had.
pub fn build(root: &Path, out: &Path, options: &LoadOptions) -> BuildResult {
    output::recover(out);
    let (rendered, mut diagnostics) = render_site(root, options);
    let Some((site, output)) = rendered else {
        return BuildResult {
            summary: None,
            diagnostics,
        };
    };
    // Content findings never stop a build; `check` is where they count. The
    // checks need only the CPU and writing mostly waits on the disk, so the
    // two overlap.
    let today = check::today();
    let (findings, written) = rayon::join(
        || check::run(&site.pages, &site.config_file, today),
        || output::write(&output, out),
    );
    diagnostics.extend(check::as_warnings(findings));
    if let Err(d) = written {
        diagnostics.push(d);
        return BuildResult {
            summary: None,
            diagnostics,
        };
    }
    let data_pages = site.pages.iter().filter(|p| p.is_data()).count();
    BuildResult {
        summary: Some(BuildSummary {
            pages: site.pages.len() - data_pages,
            data_pages,
            static_files: site.assets.len(),
            files: output.files.len(),
        }),
        diagnostics,
    }
}

/// Checks the site at `root` in memory against every rule (see `check`),
/// with `today` as the date review ages are counted to. Writes nothing.
pub fn check(root: &Path, options: &LoadOptions, today: jiff::civil::Date) -> Vec<Diagnostic> {
    check::check_site(root, options, today)
}
