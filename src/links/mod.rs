//! The URL index and link resolution: every link and image path written in
//! the content (and the menu of site.yaml) is checked against the pages,
//! their anchors and the files that will be published, before rendering.

mod anchor;
mod locate;
mod site_yaml;

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::page::Page;
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::markdown::Target;
use crate::source::images::{self, Size};
use crate::source::Asset;
use crate::urls::{folded, url_path};

use locate::locate;

/// What links can point at.
pub(crate) struct Index<'a> {
    pub(crate) config: &'a Config,
    pub(crate) pages: &'a [Page],
    pub(crate) routes: &'a [String],
    by_path: HashMap<&'a str, usize>,
    by_route: HashMap<&'a str, usize>,
    /// The same two, by `folded` path and route: links typed in another case
    /// (`Risks.MD`, `/Risks/`) find their page. Loading reports two pages
    /// that fold to one as a duplicate URL, so a folded key names one page
    /// on any site that builds.
    by_folded_path: HashMap<String, usize>,
    by_folded_route: HashMap<String, usize>,
    assets: BTreeSet<&'a str>,
    /// The images among the assets, with their size as loading read it.
    images: HashMap<&'a str, Option<Size>>,
    drafts: &'a BTreeSet<String>,
    /// Content files that exist but have errors of their own.
    failed: Option<&'a BTreeSet<String>>,
    anchors: Vec<Vec<&'a str>>,
    /// The ids the theme gives its own elements on every page (`#main`).
    theme_ids: BTreeSet<String>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(
        config: &'a Config,
        pages: &'a [Page],
        routes: &'a [String],
        assets: &'a [Asset],
        drafts: &'a BTreeSet<String>,
    ) -> Self {
        Index {
            config,
            pages,
            routes,
            by_path: pages.iter().enumerate().map(|(i, p)| (p.path.as_str(), i)).collect(),
            by_route: routes.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect(),
            by_folded_path: pages.iter().enumerate().map(|(i, p)| (folded(&p.path), i)).collect(),
            by_folded_route: routes.iter().enumerate().map(|(i, r)| (folded(r), i)).collect(),
            assets: assets.iter().map(|a| a.path.as_str()).collect(),
            images: assets
                .iter()
                .filter(|a| images::is_image(&a.path))
                .map(|a| (a.path.as_str(), a.size))
                .collect(),
            drafts,
            failed: None,
            anchors: pages.iter().map(|p| p.anchors()).collect(),
            theme_ids: BTreeSet::new(),
        }
    }

    /// Names the ids the theme's templates give their own elements: a link
    /// to `#main` means the theme's `<main id="main">` and is not broken.
    pub(crate) fn with_theme_ids(mut self, ids: BTreeSet<String>) -> Self {
        self.theme_ids = ids;
        self
    }

    /// Names the content files (paths below `content/`) that could not be
    /// read because of their own errors. Links to them are then not reported:
    /// "links to faq.yaml, which does not exist" about a file that is there,
    /// with a typo reported above, would send people looking for the wrong thing.
    pub(crate) fn with_failed(mut self, failed: &'a BTreeSet<String>) -> Self {
        self.failed = Some(failed);
        self
    }

    /// The size of the image published at `path`, if it is one of the site's.
    fn image_size(&self, path: &str) -> Option<Size> {
        *self.images.get(path)?
    }

    /// Whether `path` (below `content/`) is a page, a draft or a file that failed.
    fn has_content_file(&self, path: &str) -> bool {
        self.by_path.contains_key(path) || self.drafts.contains(path) || self.failed.is_some_and(|f| f.contains(path))
    }

    /// The page of a content file, whatever the case the path is typed in.
    fn page_at(&self, path: &str) -> Option<usize> {
        self.by_path
            .get(path)
            .copied()
            .or_else(|| self.by_folded_path.get(&folded(path)).copied())
    }

    /// The page of a route, whatever the case it is typed in.
    fn page_of_route(&self, route: &str) -> Option<usize> {
        self.by_route
            .get(route)
            .copied()
            .or_else(|| self.by_folded_route.get(&folded(route)).copied())
    }

    /// The URL of a route as pages link to it: with the base path in front.
    pub(crate) fn href(&self, route: &str) -> String {
        format!("{}{}", self.config.base_path(), url_path(route))
    }
}

/// The resolved link targets: for each page, for each of its documents (in
/// the order `documents` gives), one URL per link. Plus the menu and the
/// reviewers' bio pages, and each page's image.
#[derive(Debug, Default, Clone)]
pub(crate) struct Resolved {
    pub(crate) pages: Vec<Vec<Vec<Target>>>,
    pub(crate) images: Vec<Option<String>>,
    /// The asset path of each page's image, when it is a file of the site.
    pub(crate) image_assets: Vec<Option<String>>,
    /// Each page's image as a picture, once processed (see `load::images`).
    pub(crate) image_pictures: Vec<Option<std::sync::Arc<crate::picture::Picture>>>,
    pub(crate) menu: Vec<String>,
    pub(crate) reviewer_pages: HashMap<String, String>,
}

struct Broken {
    message: String,
    help: String,
    /// Already explained by another diagnostic: not reported again.
    quiet: bool,
    rule: &'static str,
}

/// One page's resolved links (per document, in order), its image's URL, and
/// what was broken.
struct PageLinks {
    targets: Vec<Vec<Target>>,
    image: Option<String>,
    image_asset: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

/// Resolves every link and image of every page, the menu and the reviewers'
/// pages against `index`: the URLs to write, and what is broken.
pub(crate) fn resolve_all(index: &Index, config_file: &LoadedConfig) -> (Resolved, Vec<Diagnostic>) {
    // Pages resolve independently of each other: in parallel, in page order.
    let per_page: Vec<PageLinks> = index
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| page_links(index, i, page))
        .collect();
    let mut diagnostics = Vec::new();
    let mut resolved = Resolved::default();
    for page in per_page {
        resolved.pages.push(page.targets);
        resolved.images.push(page.image);
        resolved.image_assets.push(page.image_asset);
        resolved.image_pictures.push(None);
        diagnostics.extend(page.diagnostics);
    }
    resolved.menu = site_yaml::menu(index, config_file, &mut diagnostics);
    resolved.reviewer_pages = site_yaml::reviewer_pages(index, config_file, &mut diagnostics);
    (resolved, diagnostics)
}

/// The links of page `i`, document by document, and its image.
fn page_links(index: &Index, i: usize, page: &Page) -> PageLinks {
    let mut diagnostics = Vec::new();
    let dir = page.dir();
    let mut per_doc = Vec::new();
    for doc in page.documents() {
        let mut targets = Vec::with_capacity(doc.links.len());
        for link in &doc.links {
            match locate(index, Some(i), dir, &link.dest) {
                Ok(found) => {
                    let image = found.asset.filter(|_| link.is_image);
                    targets.push(Target {
                        size: image.as_deref().and_then(|a| index.image_size(a)),
                        url: found.url,
                        image,
                        ..Target::default()
                    })
                }
                Err(b) => {
                    diagnostics.extend(broken(&page.source, link.pos, b));
                    targets.push(Target::from(link.dest.as_str()));
                }
            }
        }
        per_doc.push(targets);
    }
    let mut image_asset = None;
    let image = page
        .meta
        .image
        .as_ref()
        .map(|img| match locate(index, Some(i), dir, &img.src) {
            Ok(found) => {
                image_asset = found.asset;
                found.url
            }
            Err(b) => {
                diagnostics.extend(broken(&page.source, page.spans.value("image.src"), b));
                img.src.clone()
            }
        });
    PageLinks {
        targets: per_doc,
        image,
        image_asset,
        diagnostics,
    }
}

/// The diagnostic for a broken link, unless another one already explains it.
fn broken(source: &SourceFile, pos: Pos, b: Broken) -> Option<Diagnostic> {
    if b.quiet {
        return None;
    }
    Some(
        Diagnostic::error(source.path(), b.rule, b.message)
            .at(source, pos)
            .with_help(b.help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_files_with_errors_of_their_own_are_not_reported_again() {
        let loaded = crate::config::parse("title: T\nbase_url: https://t.example.com\n".into())
            .ok()
            .unwrap();
        let text = "---\ntitle: A\ndescription: D\n---\n[faq](faq.yaml) [gone](gone.md)\n";
        let page = crate::content::page::parse_markdown("a.md", text.into(), &loaded.config).unwrap();
        let pages = vec![page];
        let routes = vec!["/a/".to_string()];
        let drafts = BTreeSet::new();
        let failed: BTreeSet<String> = ["faq.yaml".to_string()].into();
        let index = Index::new(&loaded.config, &pages, &routes, &[], &drafts).with_failed(&failed);
        let (_, problems) = resolve_all(&index, &loaded);
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`gone.md` links to content/gone.md, which does not exist"]);
    }
}
