//! The URL index and link resolution: every link and image path written in
//! the content (and the menu of site.yaml) is checked against the pages,
//! their anchors and the files that will be published, before rendering.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::config::{Config, LoadedConfig};
use crate::content::page::Page;
use crate::diagnostics::{did_you_mean, Diagnostic, Pos, SourceFile};
use crate::markdown::{is_external, Target};
use crate::source::images::{self, Size};
use crate::source::Asset;
use crate::urls::{folded, normalize, unsafe_scheme, url_path};

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
        diagnostics.extend(page.diagnostics);
    }
    resolved.menu = menu(index, config_file, &mut diagnostics);
    resolved.reviewer_pages = reviewer_pages(index, config_file, &mut diagnostics);
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
                Ok(found) => targets.push(Target {
                    size: found.asset.filter(|_| link.is_image).and_then(|a| index.image_size(&a)),
                    url: found.url,
                }),
                Err(b) => {
                    diagnostics.extend(broken(&page.source, link.pos, b));
                    targets.push(Target::from(link.dest.as_str()));
                }
            }
        }
        per_doc.push(targets);
    }
    let image = page
        .meta
        .image
        .as_ref()
        .map(|img| match resolve(index, Some(i), dir, &img.src) {
            Ok(url) => url,
            Err(b) => {
                diagnostics.extend(broken(&page.source, page.spans.value("image.src"), b));
                img.src.clone()
            }
        });
    PageLinks {
        targets: per_doc,
        image,
        diagnostics,
    }
}

/// The URL of each menu item of site.yaml, in order (empty where broken).
fn menu(index: &Index, config_file: &LoadedConfig, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let source = &config_file.source;
    let mut urls = Vec::new();
    for (i, item) in index.config.menu.iter().enumerate() {
        let url = match (&item.page, &item.url) {
            (Some(p), _) => match resolve(index, None, "", &content_root_path(p)) {
                Ok(url) => url,
                Err(mut b) => {
                    b.help = site_yaml_help(p, index);
                    // Say it with the path as written, not as resolved from content/.
                    b.message = b
                        .message
                        .replacen(&format!("`{}`", content_root_path(p)), &format!("`{p}`"), 1);
                    diagnostics.extend(broken(source, config_file.spans.value(&format!("menu.{i}.page")), b));
                    String::new()
                }
            },
            (None, Some(u)) if unsafe_scheme(u).is_some() => {
                let at = config_file.spans.value(&format!("menu.{i}.url"));
                diagnostics.extend(broken(
                    source,
                    at,
                    script_link(u, &unsafe_scheme(u).unwrap_or_default()),
                ));
                String::new()
            }
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        };
        urls.push(url);
    }
    urls
}

/// Paths in site.yaml are taken from `content/`, which people forget.
fn site_yaml_help(path: &str, index: &Index) -> String {
    let bare = path.trim_start_matches('/');
    match bare.strip_prefix("content/") {
        Some(rest) if index.has_content_file(rest) => {
            format!("paths in site.yaml are taken from content/, so write `page: {rest}`")
        }
        _ => "paths in site.yaml are taken from content/ (write `page: faq.yaml` for content/faq.yaml); check the file name".to_string(),
    }
}

/// The URL of each reviewer's bio page, by reviewer id.
fn reviewer_pages(
    index: &Index,
    config_file: &LoadedConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    let mut pages = HashMap::new();
    for (i, reviewer) in index.config.reviewers.iter().enumerate() {
        if let Some(p) = &reviewer.page {
            match resolve(index, None, "", &content_root_path(p)) {
                Ok(url) => {
                    pages.insert(reviewer.id.clone(), url);
                }
                Err(b) => diagnostics.extend(broken(
                    &config_file.source,
                    config_file.spans.value(&format!("reviewers.{i}.page")),
                    b,
                )),
            }
        }
    }
    pages
}

/// A link that could run code in the visitor's browser (`javascript:`) or
/// smuggle in a page of its own (`data:`): no patient information page
/// needs one, and data pages show markup as text, which it would undo.
fn script_link(dest: &str, scheme: &str) -> Broken {
    let shown: String = dest.chars().take(40).collect();
    Broken {
        message: format!(
            "`{shown}` is a `{scheme}:` link; links and images may only be https://, http://, mailto:, tel: or the site's own pages and files"
        ),
        help: "link to a page of the site or to an https:// address".to_string(),
        quiet: false,
        rule: "script-link",
    }
}

/// Paths in site.yaml are taken from `content/`.
fn content_root_path(p: &str) -> String {
    if p.starts_with('/') || is_external(p) {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

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

/// Whether a link names a content file, its extension typed in any case.
fn is_content_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The URL a link written in a page of folder `dir` points at, or why it is broken.
fn resolve(index: &Index, from: Option<usize>, dir: &str, dest: &str) -> Result<String, Broken> {
    locate(index, from, dir, dest).map(|found| found.url)
}

/// Where a link goes: its URL, and the published file when it is one of the
/// site's files (not a page).
struct Found {
    url: String,
    asset: Option<String>,
}

impl Found {
    fn url(url: String) -> Found {
        Found { url, asset: None }
    }
}

fn locate(index: &Index, from: Option<usize>, dir: &str, dest: &str) -> Result<Found, Broken> {
    if let Some(scheme) = unsafe_scheme(dest) {
        return Err(script_link(dest, &scheme));
    }
    if is_external(dest) || dest.is_empty() {
        return Ok(Found::url(dest.to_string()));
    }
    let link = Dest::split(dest);
    if link.path.is_empty() {
        if let (Some(f), Some(page)) = (link.fragment, from) {
            check_anchor(index, page, f, dest)?;
        }
        return Ok(Found::url(dest.to_string()));
    }
    if is_content_file(link.path) {
        return locate_content(index, dir, &link);
    }
    if link.path.starts_with('/') {
        return locate_rooted(index, &link);
    }
    locate_relative(index, dir, &link)
}

/// A link destination in its parts: `path?query#fragment`.
struct Dest<'d> {
    written: &'d str,
    path: &'d str,
    query: Option<&'d str>,
    fragment: Option<&'d str>,
}

impl<'d> Dest<'d> {
    fn split(written: &'d str) -> Dest<'d> {
        let (path, fragment) = match written.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (written, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        Dest {
            written,
            path,
            query,
            fragment,
        }
    }

    /// `url` with the query and the fragment written after the path put back.
    fn suffix(&self, mut url: String) -> String {
        if let Some(q) = self.query {
            url.push('?');
            url.push_str(q);
        }
        if let Some(f) = self.fragment {
            url.push('#');
            url.push_str(f);
        }
        url
    }

    fn climbs(&self) -> Broken {
        Broken {
            message: format!("`{}` points above the content folder", self.written),
            help: "remove a `../` from the start of the link".to_string(),
            quiet: false,
            rule: "broken-link",
        }
    }
}

/// A link to a content file (`risks.md`, `../faq.yaml#b`), relative to `dir`.
fn locate_content(index: &Index, dir: &str, link: &Dest) -> Result<Found, Broken> {
    // `How%20it%20works.md` names the file `How it works.md`.
    let decoded = percent_encoding::percent_decode_str(link.path).decode_utf8_lossy();
    let target = normalize(dir, &decoded).ok_or_else(|| link.climbs())?;
    let Some(page) = index.page_at(&target) else {
        return Err(missing_content(index, link.written, &target));
    };
    if let Some(f) = link.fragment {
        check_anchor(index, page, f, link.written)?;
    }
    Ok(Found::url(link.suffix(index.href(&index.routes[page]))))
}

/// A link written from the site's root (`/risks/`, `/images/a.svg`).
fn locate_rooted(index: &Index, link: &Dest) -> Result<Found, Broken> {
    let (dest, path) = (link.written, link.path);
    let base = index.config.base_path();
    let route = path.strip_prefix(base).filter(|r| r.starts_with('/')).unwrap_or(path);
    // Written as a URL (`/How%20it%20works/`), looked up by file name.
    let decoded = percent_encoding::percent_decode_str(route).decode_utf8_lossy();
    let route: &str = &decoded;
    let with_slash = format!("{}/", route.trim_end_matches('/'));
    if let Some(page) = index.page_of_route(route).or_else(|| index.page_of_route(&with_slash)) {
        if let Some(f) = link.fragment {
            check_anchor(index, page, f, dest)?;
        }
        // Typed in another case (`/Risks/`), written as the page's own URL,
        // so that the link works on hosts that tell cases apart.
        let own = index.routes[page].as_str();
        let url = if route == own || with_slash == own { route } else { own };
        return Ok(Found::url(link.suffix(index.href(url))));
    }
    let file = route.trim_start_matches('/');
    if index.assets.contains(file) || index.assets.contains(format!("{}index.html", file).as_str()) {
        // Written from the site's root: put the base path in front.
        return Ok(Found {
            url: link.suffix(index.href(route)),
            asset: Some(file.to_string()),
        });
    }
    let nearest = did_you_mean(route, index.routes.iter().map(String::as_str));
    Err(Broken {
        message: format!("`{dest}`: no page or file of this site has the URL {route}"),
        help: nearest.map_or_else(
            || "check the address; to link to a page by its file, write its path, e.g. [risks](/risks.md)".to_string(),
            |n| format!("did you mean {n}?"),
        ),
        quiet: false,
        rule: "broken-link",
    })
}

/// A relative path to an image or other file next to the content.
fn locate_relative(index: &Index, dir: &str, link: &Dest) -> Result<Found, Broken> {
    let target = normalize(dir, link.path).ok_or_else(|| link.climbs())?;
    if index.assets.contains(target.as_str()) {
        return Ok(Found {
            url: link.suffix(index.href(&format!("/{target}"))),
            asset: Some(target),
        });
    }
    let as_route = format!("/{}/", target.trim_end_matches('/'));
    if let Some(page) = index.page_of_route(&as_route) {
        return Ok(Found::url(link.suffix(index.href(&index.routes[page]))));
    }
    Err(Broken {
        message: format!("`{}` points at content/{target}, which does not exist", link.written),
        help: "check the file name; paths are relative to the folder of the file the link is in".to_string(),
        quiet: false,
        rule: "broken-link",
    })
}

fn missing_content(index: &Index, dest: &str, target: &str) -> Broken {
    if index.failed.is_some_and(|f| f.contains(target)) {
        return Broken {
            message: format!("`{dest}` links to content/{target}, which has errors"),
            help: "fix the errors reported in that file".to_string(),
            quiet: true,
            rule: "broken-link",
        };
    }
    if index.drafts.contains(target) {
        return Broken {
            message: format!("`{dest}` links to content/{target}, which is a draft"),
            help: "drafts are built only with --drafts; publish the page (draft: false) or remove the link".to_string(),
            quiet: false,
            rule: "broken-link",
        };
    }
    let nearest = did_you_mean(target, index.pages.iter().map(|p| p.path.as_str()));
    Broken {
        message: format!("`{dest}` links to content/{target}, which does not exist"),
        help: match nearest {
            Some(n) => format!("did you mean content/{n}? Paths are relative to the folder of the file the link is in"),
            None => "check the file name; paths are relative to the folder of the file the link is in".to_string(),
        },
        quiet: false,
        rule: "broken-link",
    }
}

fn check_anchor(index: &Index, page: usize, fragment: &str, dest: &str) -> Result<(), Broken> {
    // Ids keep accents and other scripts (`#café`), which a copied link may spell encoded.
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let fragment: &str = &decoded;
    if fragment.is_empty() || index.anchors[page].contains(&fragment) || index.theme_ids.contains(fragment) {
        return Ok(());
    }
    let anchors = &index.anchors[page];
    let path = &index.pages[page].path;
    let help = match did_you_mean(fragment, anchors.iter().copied()) {
        Some(n) => format!("did you mean #{n}?"),
        None if anchors.is_empty() => {
            "that page has no headings to link to; link to the page without `#...`".to_string()
        }
        None => format!(
            "the anchors there are: {}",
            anchors
                .iter()
                .take(12)
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Broken {
        message: format!("`{dest}`: content/{path} has no heading or question with the anchor #{fragment}"),
        help,
        quiet: false,
        rule: "broken-link",
    })
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

    #[test]
    fn paths_are_normalized_within_content() {
        assert_eq!(normalize("guides", "../risks.md").as_deref(), Some("risks.md"));
        assert_eq!(normalize("guides", "./a/b.md").as_deref(), Some("guides/a/b.md"));
        assert_eq!(normalize("guides", "/faq.yaml").as_deref(), Some("faq.yaml"));
        assert_eq!(normalize("", "../x.md"), None);
    }
}
