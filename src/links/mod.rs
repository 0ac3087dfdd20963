//! The URL index and link resolution: every link and image path written in
//! the content (and the menu of site.yaml) is checked against the pages,
//! their anchors and the files that will be published, before rendering.

mod anchor;
mod locate;
mod site_yaml;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::page::Page;
use crate::content::schedule::Hidden;
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::markdown::{ImageTarget, Target};
use crate::source::images::{self, Size};
use crate::source::Asset;
use crate::urls::{folded, url_path};

pub(crate) use locate::is_content_file;
use locate::{locate, Found};

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
    /// on any site that builds. Made when a link first needs one: on most
    /// sites none does, and `watch` makes the index on every save.
    by_folded_path: OnceLock<HashMap<String, usize>>,
    by_folded_route: OnceLock<HashMap<String, usize>>,
    /// Translations by their original (its page index) and their language.
    by_translation: HashMap<(usize, &'a str), usize>,
    assets: BTreeSet<&'a str>,
    /// The images among the assets, with their size as loading read it.
    images: HashMap<&'a str, Option<Size>>,
    /// Drafts and pages the schedule keeps off the site today.
    hidden: &'a BTreeMap<String, Hidden>,
    /// Their content paths by the routes they would have, so that a link by
    /// URL to one of them says why it is not there.
    hidden_routes: HashMap<String, String>,
    /// Content files that exist but have errors of their own.
    failed: Option<&'a BTreeSet<String>>,
    anchors: Vec<Vec<&'a str>>,
    /// Each page's URL, made when a link first needs it and then shared by
    /// every link to the page: at 10,000 pages some 270,000 links would
    /// otherwise each keep a copy.
    page_hrefs: Vec<OnceLock<Arc<str>>>,
    /// The ids the theme gives its own elements on every page (`#main`).
    theme_ids: BTreeSet<String>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(
        config: &'a Config,
        pages: &'a [Page],
        routes: &'a [String],
        assets: &'a [Asset],
        hidden: &'a BTreeMap<String, Hidden>,
    ) -> Self {
        Index {
            config,
            pages,
            routes,
            by_path: pages.iter().enumerate().map(|(i, p)| (p.path.as_str(), i)).collect(),
            by_route: routes.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect(),
            by_folded_path: OnceLock::new(),
            by_folded_route: OnceLock::new(),
            by_translation: HashMap::new(),
            assets: assets.iter().map(|a| a.path.as_str()).collect(),
            images: assets
                .iter()
                .filter(|a| images::is_image(&a.path))
                .map(|a| (a.path.as_str(), a.size))
                .collect(),
            hidden,
            hidden_routes: HashMap::new(),
            failed: None,
            anchors: pages.iter().map(|p| p.anchors()).collect(),
            page_hrefs: std::iter::repeat_with(OnceLock::new).take(pages.len()).collect(),
            theme_ids: BTreeSet::new(),
        }
        .with_translations()
    }

    /// Ties each translation to its original's page (found as links find
    /// pages), so that following a link into a language is one look-up.
    fn with_translations(mut self) -> Self {
        let pages = self.pages;
        for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.is_translation()) {
            if let Some(original) = self.page_at(&page.key) {
                self.by_translation.insert((original, page.lang.as_str()), i);
            }
        }
        self
    }

    /// Names the ids the theme's templates give their own elements: a link
    /// to `#main` means the theme's `<main id="main">` and is not broken.
    pub(crate) fn with_theme_ids(mut self, ids: BTreeSet<String>) -> Self {
        self.theme_ids = ids;
        self
    }

    /// Names the routes the set-aside pages would have (route -> content path).
    pub(crate) fn with_hidden_routes(mut self, routes: HashMap<String, String>) -> Self {
        self.hidden_routes = routes;
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
        self.by_path.contains_key(path)
            || self.hidden.contains_key(path)
            || self.failed.is_some_and(|f| f.contains(path))
    }

    /// The page of a content file, whatever the case the path is typed in.
    fn page_at(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied().or_else(|| {
            let by_folded = self.by_folded_path.get_or_init(|| {
                let paths = self.pages.iter().map(|p| p.path.as_str());
                paths.enumerate().map(|(i, p)| (folded(p), i)).collect()
            });
            by_folded.get(&folded(path)).copied()
        })
    }

    /// The version in `lang` of a link's target `page`: its translation when
    /// the link names an original and there is one; else the page itself
    /// and, when a translation was wanted, the language it lacks.
    fn in_language<'l>(&self, page: usize, lang: Option<&'l str>) -> (usize, Option<&'l str>) {
        let target = &self.pages[page];
        match lang {
            Some(lang) if lang != target.lang && !target.is_translation() => {
                match self.by_translation.get(&(page, lang)) {
                    Some(t) => (*t, None),
                    None => (page, Some(lang)),
                }
            }
            _ => (page, None),
        }
    }

    /// The page of a route, whatever the case it is typed in.
    fn page_of_route(&self, route: &str) -> Option<usize> {
        self.by_route.get(route).copied().or_else(|| {
            let by_folded = self.by_folded_route.get_or_init(|| {
                let routes = self.routes.iter();
                routes.enumerate().map(|(i, r)| (folded(r), i)).collect()
            });
            by_folded.get(&folded(route)).copied()
        })
    }

    /// A digest of everything a link is resolved against besides its own
    /// page: the configuration, every page's path, language, original,
    /// anchors and route, the files and images, the pages set aside or
    /// failed and the theme's ids.
    fn key(&self) -> u64 {
        let mut h = siphasher::sip::SipHasher13::new();
        format!("{:?}", self.config).hash(&mut h);
        for (i, page) in self.pages.iter().enumerate() {
            (&page.path, &page.lang, &page.key, page.is_translation()).hash(&mut h);
            (&self.anchors[i], self.routes.get(i)).hash(&mut h);
        }
        self.assets.hash(&mut h);
        let mut images: Vec<_> = self.images.iter().collect();
        images.sort_by_key(|(path, _)| **path);
        images.hash(&mut h);
        format!("{:?}", self.hidden).hash(&mut h);
        let mut hidden_routes: Vec<_> = self.hidden_routes.iter().collect();
        hidden_routes.sort();
        hidden_routes.hash(&mut h);
        self.failed.hash(&mut h);
        self.theme_ids.hash(&mut h);
        h.finish()
    }

    /// The URL of a route as pages link to it: with the base path in front.
    pub(crate) fn href(&self, route: &str) -> String {
        format!("{}{}", self.config.base_path(), url_path(route))
    }

    /// `href` of page `page`'s route, shared.
    pub(crate) fn page_href(&self, page: usize) -> Arc<str> {
        self.page_hrefs[page]
            .get_or_init(|| self.href(&self.routes[page]).into())
            .clone()
    }
}

/// The resolved link targets: for each page, for each of its documents (in
/// the order `documents` gives), one URL per link. Plus the menu and the
/// reviewers' bio pages, and each page's image.
#[derive(Debug, Default, Clone)]
pub(crate) struct Resolved {
    /// Shared with `ResolveMemo`: a page whose images are attached gets a
    /// copy of its own (`Arc::make_mut`).
    pub(crate) pages: Vec<Arc<Vec<Vec<Target>>>>,
    pub(crate) images: Vec<Option<String>>,
    /// Each page's image as the site file it is (its output path), when it
    /// is one: what its social card is made from.
    pub(crate) image_assets: Vec<Option<String>>,
    /// Per language (in the order of the site's languages), each menu item's URL.
    pub(crate) menu: Vec<Vec<String>>,
    /// Each page's image as a picture, once processed (see `load::images`).
    pub(crate) image_pictures: Vec<Option<std::sync::Arc<crate::picture::Picture>>>,
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
#[derive(Clone)]
struct PageLinks {
    targets: Arc<Vec<Vec<Target>>>,
    image: Option<String>,
    image_asset: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

/// What the last `resolve_all` found for each page, for `watch`: a page
/// whose source is the same as then resolves the same way as long as
/// nothing a link can point at changed (`Index::key`), so a save resolves
/// only the pages it changed.
#[derive(Default)]
pub(crate) struct ResolveMemo {
    key: u64,
    /// By page number: the page's source and its links as resolved.
    pages: Vec<(Arc<SourceFile>, PageLinks)>,
}

impl ResolveMemo {
    fn kept(&self, key: u64, i: usize, page: &Page) -> Option<PageLinks> {
        let (source, links) = self.pages.get(i).filter(|_| self.key == key)?;
        Arc::ptr_eq(source, &page.source).then(|| links.clone())
    }
}

/// Resolves every link and image of every page, the menu and the reviewers'
/// pages against `index`: the URLs to write, and what is broken. The pages
/// `memo` holds unchanged are taken from it; it is then replaced by this
/// resolution.
pub(crate) fn resolve_all(
    index: &Index,
    config_file: &LoadedConfig,
    memo: &mut ResolveMemo,
) -> (Resolved, Vec<Diagnostic>) {
    let key = index.key();
    // Pages resolve independently of each other: in parallel, in page order.
    let per_page: Vec<PageLinks> = index
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| memo.kept(key, i, page).unwrap_or_else(|| page_links(index, i, page)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut resolved = Resolved::default();
    for page in &per_page {
        resolved.pages.push(page.targets.clone());
        resolved.images.push(page.image.clone());
        resolved.image_assets.push(page.image_asset.clone());
        resolved.image_pictures.push(None);
        diagnostics.extend(page.diagnostics.iter().cloned());
    }
    resolved.menu = site_yaml::menus(index, config_file, &mut diagnostics);
    resolved.reviewer_pages = site_yaml::reviewer_pages(index, config_file, &mut diagnostics);
    *memo = ResolveMemo {
        key,
        pages: index.pages.iter().map(|p| p.source.clone()).zip(per_page).collect(),
    };
    (resolved, diagnostics)
}

/// The links of page `i`, document by document, and its image.
fn page_links(index: &Index, i: usize, page: &Page) -> PageLinks {
    let mut diagnostics = Vec::new();
    let dir = page.dir();
    let mut per_doc = Vec::new();
    for doc in page.documents() {
        let mut targets = Vec::with_capacity(doc.links.len());
        for (link, dest) in doc.links_with_dests() {
            match locate(index, Some(i), dir, dest) {
                Ok(found) => {
                    if let Some(lang) = found.untranslated {
                        diagnostics.push(untranslated(index, page, link.pos(), dest, &lang));
                    }
                    let asset = found.asset.filter(|_| link.is_image);
                    let image = asset.map(|asset| {
                        Box::new(ImageTarget {
                            size: index.image_size(&asset),
                            asset: Some(asset),
                            ..ImageTarget::default()
                        })
                    });
                    targets.push(Target { url: found.url, image })
                }
                Err(b) => {
                    diagnostics.extend(broken(&page.source, link.pos(), b));
                    targets.push(Target::from(dest));
                }
            }
        }
        per_doc.push(targets);
    }
    let image = page
        .meta
        .image
        .as_ref()
        .map(|img| match locate(index, Some(i), dir, &img.src) {
            Ok(found) => found,
            Err(b) => {
                diagnostics.extend(broken(&page.source, page.spans.value("image.src"), b));
                Found {
                    url: img.src.as_str().into(),
                    asset: None,
                    untranslated: None,
                }
            }
        });
    let (image, image_asset) = match image {
        Some(found) => (Some(found.url.to_string()), found.asset),
        None => (None, None),
    };
    PageLinks {
        targets: Arc::new(per_doc),
        image,
        image_asset,
        diagnostics,
    }
}

/// A link from a page of `lang` to a page that has no translation into it:
/// it goes to the original, which the visitor may not read.
fn untranslated(index: &Index, page: &Page, pos: Pos, dest: &str, lang: &str) -> Diagnostic {
    let name = index.config.language_name(lang);
    let original = index.config.language_name(index.config.default_language());
    let target = dest.split('#').next().unwrap_or(dest);
    Diagnostic::warning(
        page.source.path(),
        "untranslated-link",
        format!("there is no {name} ({lang}) translation of {target}, so this link goes to the {original} page"),
    )
    .at(&page.source, pos)
    .with_help(format!(
        "translate that page (dermapress new page --lang {lang} --from {target}), or link to a page in {name} instead"
    ))
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
        let hidden = BTreeMap::new();
        let failed: BTreeSet<String> = ["faq.yaml".to_string()].into();
        let index = Index::new(&loaded.config, &pages, &routes, &[], &hidden).with_failed(&failed);
        let (_, problems) = resolve_all(&index, &loaded, &mut ResolveMemo::default());
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`gone.md` links to content/gone.md, which does not exist"]);
    }

    /// Every link to a page without a query or fragment shares one URL
    /// (the memory of a large build depends on it); the others have their own.
    #[test]
    fn links_to_one_page_share_its_url() {
        let loaded = crate::config::parse("title: T\nbase_url: https://t.example.com/clinic/\n".into())
            .ok()
            .unwrap();
        let parse = |path: &str, body: &str| {
            let text = format!("---\ntitle: {path}\ndescription: D\n---\n{body}\n");
            crate::content::page::parse_markdown(path, text, &loaded.config).unwrap()
        };
        let pages = vec![
            parse(
                "a.md",
                "[b](b.md) [again](b.md) [top](b.md#top) [by url](/b/)\n\n## Top",
            ),
            parse("b.md", "[back](a.md)\n\n## Top"),
        ];
        let routes = vec!["/a/".to_string(), "/b/".to_string()];
        let hidden = BTreeMap::new();
        let index = Index::new(&loaded.config, &pages, &routes, &[], &hidden);
        let (resolved, problems) = resolve_all(&index, &loaded, &mut ResolveMemo::default());
        assert!(problems.is_empty(), "{problems:?}");
        let a = &resolved.pages[0][0];
        let urls: Vec<&str> = a.iter().map(|t| &*t.url).collect();
        assert_eq!(urls, ["/clinic/b/", "/clinic/b/", "/clinic/b/#top", "/clinic/b/"]);
        assert!(Arc::ptr_eq(&a[0].url, &a[1].url), "one URL for both links");
        assert!(Arc::ptr_eq(&a[0].url, &a[3].url), "and for the link by URL");
        assert!(!Arc::ptr_eq(&a[0].url, &a[2].url), "a fragment makes a URL of its own");
        assert_eq!(&*resolved.pages[1][0][0].url, "/clinic/a/");
    }
}
