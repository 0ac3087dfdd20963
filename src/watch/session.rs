//! The rebuild side of `watch`: after each change, build again through the
//! same load and content rules as `build`, hand the result to the preview
//! (or to `public/` with `--no-serve`), and tell the terminal what changed:
//! every finding of the first build, then the findings a save adds and a
//! line for each one it fixes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::changes::ChangeSet;
use super::rebuild::Rebuilder;
use crate::diagnostics::Diagnostic;
use crate::load::LoadOptions;
use crate::render::{RenderStats, Wake};
use crate::report::{self, counted};
use crate::serve::{Change, Preview};

/// Where a build goes.
pub(super) enum Target {
    Preview(Arc<Preview>),
    Files(PathBuf),
}

/// Caches, the last output's file list, and the findings shown so far.
pub(super) struct Session {
    root: PathBuf,
    rebuilder: Rebuilder,
    target: Target,
    last_files: Vec<String>,
    /// The findings of the last build, as the terminal was told them
    /// (without their position, which moves as lines are added above).
    shown: BTreeSet<(String, String, String)>,
    /// Processes the images a build left for later (the preview only).
    images: Option<super::images::Background>,
}

/// What a finding is, whatever line it moved to.
fn identity(d: &Diagnostic) -> (String, String, String) {
    (d.file.display().to_string(), d.rule.to_string(), d.message.clone())
}

impl Session {
    /// `wake` is called (on another thread) when the preview's search index
    /// is ready for `build` to hand over.
    pub(super) fn new(root: &Path, options: LoadOptions, target: Target, wake: Option<Wake>) -> Self {
        let rebuilder = Rebuilder::new(root, options);
        // The preview reloads before the search index is made, which its own
        // thread does (the preview holds requests for the index until then);
        // public/ gets it all at once.
        let rebuilder = match target {
            Target::Preview(_) => rebuilder.deferring_search(wake),
            Target::Files(_) => rebuilder,
        };
        Session {
            root: root.to_path_buf(),
            rebuilder,
            target,
            last_files: Vec::new(),
            shown: BTreeSet::new(),
            images: None,
        }
    }

    pub(super) fn with_images(mut self, images: super::images::Background) -> Self {
        self.images = Some(images);
        self
    }

    pub(super) fn build(&mut self, changes: &ChangeSet, first: bool) {
        self.take_search();
        if changes.only_search() {
            return;
        }
        let started = Instant::now();
        let invalidate = self.invalidated(changes);
        let rebuilt = self.rebuilder.rebuild(invalidate.iter().map(PathBuf::as_path));
        let what = if first {
            "first build".to_string()
        } else {
            format!("{} changed", changes.describe(&self.root))
        };
        report::err(&self.findings_text(&rebuilt.diagnostics, first));
        if let Target::Preview(p) = &self.target {
            p.set_inventory(&rebuilt.inventory);
        }
        let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            rebuilt.diagnostics.iter().cloned().partition(Diagnostic::is_error);
        let Some(stats) = rebuilt.stats.as_ref() else {
            if let Target::Preview(p) = &self.target {
                p.fail(&errors);
                // No index is coming for a build given up: the one already
                // served answers the requests held for it.
                if !self.rebuilder.search_busy() {
                    p.release_search();
                }
            }
            report::out(&format!(
                "build failed in {} ms: {what}; {} (the preview keeps the last good build)\n",
                started.elapsed().as_millis(),
                counted(errors.len(), "error")
            ));
            return;
        };
        let searching = self.rebuilder.search_pending();
        if let (Target::Preview(p), true) = (&self.target, searching) {
            p.hold_search();
        }
        let written = self.deliver(changes, first, stats, &errors, &warnings);
        if let (Some(images), Some(site)) = (&self.images, self.rebuilder.site()) {
            images.process(site);
        }
        let ms = started.elapsed().as_millis();
        report::out(&if first {
            format!("built {} in {ms} ms{written}\n", counted(stats.pages, "page"))
        } else {
            format!(
                "rebuilt in {ms} ms: {what}; re-rendered {} of {}{written}\n",
                stats.rendered,
                counted(stats.pages, "page"),
            )
        });
        if searching {
            self.queue_search();
        }
    }

    /// Sends the search index the rebuild put off to its thread, after the
    /// reload: the next save is built while it is made.
    fn queue_search(&mut self) {
        if let Err(d) = self.rebuilder.queue_search() {
            report::err(&format!("{d}\n"));
            if let Target::Preview(p) = &self.target {
                p.release_search();
            }
        }
    }

    /// Hands the preview the search index its thread made for the last
    /// rebuild, if it is ready; the preview then answers the requests for it.
    fn take_search(&mut self) {
        let Some(finished) = self.rebuilder.take_search() else {
            return;
        };
        let Target::Preview(p) = &self.target else {
            return;
        };
        match finished {
            Ok(written) => p.update_search(self.rebuilder.output(), &written),
            Err(d) => {
                report::err(&format!("{d}\n"));
                p.update_search(self.rebuilder.output(), &[]);
            }
        }
        self.last_files = self.rebuilder.output().files.keys().cloned().collect();
    }

    /// The files and folders to read anew, whatever their time stamps say.
    fn invalidated(&self, changes: &ChangeSet) -> Vec<PathBuf> {
        if changes.rescan {
            return vec![self.root.join("content")];
        }
        let content = self.root.join("content");
        changes
            .paths()
            .map(|p| {
                if p == self.root {
                    content.clone()
                } else {
                    p.to_path_buf()
                }
            })
            .collect()
    }

    /// Hands a rendered build to the preview or to `public/`; says what was written.
    fn deliver(
        &mut self,
        changes: &ChangeSet,
        first: bool,
        stats: &RenderStats,
        errors: &[Diagnostic],
        warnings: &[Diagnostic],
    ) -> String {
        let output = self.rebuilder.output();
        let same_files = self.last_files.iter().eq(output.files.keys());
        if !same_files {
            self.last_files = output.files.keys().cloned().collect();
        }
        let nothing_rendered = stats.changed.is_empty() && same_files && !first;
        let change = if nothing_rendered && changes.only_css() {
            Change::Css
        } else if nothing_rendered && !changes.touches_files() {
            Change::Nothing
        } else {
            Change::Reload
        };
        match &self.target {
            Target::Preview(p) => {
                p.publish(output, Some(&stats.changed), change);
                // Findings that would stop `build` (a claim, say) show over
                // the page just as a broken link does.
                if !errors.is_empty() {
                    p.fail(errors);
                }
                p.set_findings(warnings);
                String::new()
            }
            Target::Files(_) if !errors.is_empty() => {
                format!("; {} found, so public/ was not written", counted(errors.len(), "error"))
            }
            Target::Files(dir) => match crate::output::write(output, dir) {
                Ok(()) => format!(", wrote {}", dir.display()),
                Err(d) => {
                    report::err(&format!("{d}\n"));
                    ", but public/ could not be written".to_string()
                }
            },
        }
    }

    /// Every finding after the first build; after a save, the new ones and
    /// a line for each one that went away. Errors are always shown; of the
    /// warnings, about a screenful (see `report::capped`).
    fn findings_text(&mut self, diagnostics: &[Diagnostic], first: bool) -> String {
        let now: BTreeSet<_> = diagnostics.iter().map(identity).collect();
        let new: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| first || d.is_error() || !self.shown.contains(&identity(d)))
            .cloned()
            .collect();
        let mut text = report::capped(&new);
        let fixed: Vec<_> = self.shown.difference(&now).collect();
        for (file, rule, message) in fixed.iter().take(report::SHOWN_WARNINGS) {
            text.push_str(&format!("fixed: {file}: {message} ({rule})\n"));
        }
        if fixed.len() > report::SHOWN_WARNINGS {
            let more = report::thousands(fixed.len() - report::SHOWN_WARNINGS);
            text.push_str(&format!("and {more} more fixed\n"));
        }
        self.shown = now;
        text
    }
}
