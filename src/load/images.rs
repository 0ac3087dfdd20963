//! The site's raster images processed (see `crate::images`) and put where
//! the pages use them: each image link's target gets its picture, the first
//! image of each page is marked to load at once, and an image that cannot
//! be published is reported at every place that uses it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::config::LoadedConfig;
use crate::content::page::Page;
use crate::diagnostics::{Diagnostic, Pos};
use crate::images::{self, Mode, Problem, Processed};
use crate::links::Resolved;
use crate::source::Asset;

/// Processes the images and fills in `resolved`; returns what processing
/// found, with the diagnostics at the places the images are used.
pub(super) fn attach(
    root: &Path,
    pages: &[Page],
    assets: &[Asset],
    resolved: &mut Resolved,
    config_file: &LoadedConfig,
    mode: Mode,
) -> (Processed, Vec<Diagnostic>) {
    let config = &config_file.config;
    let processed = images::process(root, assets, &config.images, config.base_path(), mode);
    let mut diagnostics = Vec::new();
    let mut located = Vec::new();
    let mut used = BTreeSet::new();
    for (i, page) in pages.iter().enumerate() {
        let mut first = true;
        // Only a page with images is changed (and so copied from the memo).
        let has_images = page.documents().iter().any(|d| d.links.iter().any(|l| l.is_image));
        let per_doc = resolved
            .pages
            .get_mut(i)
            .filter(|_| has_images)
            .map(|d| std::sync::Arc::make_mut(d).iter_mut());
        for (doc, targets) in page.documents().into_iter().zip(per_doc.into_iter().flatten()) {
            let images = doc.links.iter().zip(targets.iter_mut()).filter(|(l, _)| l.is_image);
            for (link, target) in images {
                target.image_mut().first = std::mem::take(&mut first);
                let Some(asset) = target.asset().map(str::to_string) else {
                    continue;
                };
                target.image_mut().picture = processed.pictures.get(&asset).cloned();
                let at = Use { page, pos: link.pos() };
                at.report(&processed, &asset, &mut diagnostics);
                if processed.located.contains(&asset) {
                    located.push((i, link.pos()));
                }
                used.insert(asset);
            }
        }
        if let Some(asset) = resolved.image_assets.get(i).cloned().flatten() {
            let pos = page.spans.value("image.src");
            if let Some(slot) = resolved.image_pictures.get_mut(i) {
                *slot = processed.pictures.get(&asset).cloned();
            }
            Use { page, pos }.report(&processed, &asset, &mut diagnostics);
            if processed.located.contains(&asset) {
                located.push((i, pos));
            }
            used.insert(asset);
        }
    }
    diagnostics.extend(crate::check::image_findings(pages, &located, config_file));
    diagnostics.extend(unused_problems(&processed, &used));
    (processed, diagnostics)
}

/// One place a page uses an image.
struct Use<'a> {
    page: &'a Page,
    pos: Pos,
}

impl Use<'_> {
    fn report(&self, processed: &Processed, asset: &str, out: &mut Vec<Diagnostic>) {
        if let Some(problem) = processed.problems.get(asset) {
            out.push(
                Diagnostic::error(
                    self.page.source.path(),
                    problem.rule,
                    format!("`{asset}`: {}", problem.message),
                )
                .at(&self.page.source, self.pos)
                .with_help(problem.help.clone()),
            );
        }
    }
}

/// An image no page uses that cannot be processed is published as it is,
/// with a warning at the file: nothing on the site shows it.
fn unused_problems(processed: &Processed, used: &BTreeSet<String>) -> Vec<Diagnostic> {
    processed
        .problems
        .iter()
        .filter(|(asset, _)| !used.contains(*asset))
        .map(|(asset, Problem { rule, message, help })| {
            Diagnostic::warning(asset.as_str(), rule, format!("{message}; it was published as it is"))
                .with_help(help.clone())
        })
        .collect()
}
