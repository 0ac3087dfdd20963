//! Loading: from the files of a site folder to an in-memory `Site`.
//!
//! Every source is read once, pages are parsed in parallel, and every problem
//! from every file is collected before anything is rendered. Nothing here
//! touches the output folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::{self, Config, LoadedConfig};
use crate::content::page::{self, Page};
use crate::content::section::{self, Section};
use crate::content::{self, Found, SourceKind};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::links::{self, Resolved};
use crate::render::Theme;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Build pages marked `draft: true` too.
    pub drafts: bool,
    /// Replaces `base_url` from site.yaml (e.g. for a staging host).
    pub base_url: Option<String>,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The output path, relative to the output folder: `images/skin.svg`.
    pub path: String,
    pub source: PathBuf,
}

/// Everything needed to render the site, checked and linked.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub config_file: LoadedConfig,
    /// Pages sorted by source path.
    pub pages: Vec<Page>,
    /// Each page's route ("/guides/aftercare/"), by page index, without base path.
    pub routes: Vec<String>,
    pub sections: Vec<Section>,
    /// The section each page is listed in (for a section page: its parent).
    pub section_of: Vec<Option<usize>>,
    pub assets: Vec<Asset>,
    pub theme: Theme,
    pub resolved: Resolved,
}

/// The result of loading: the site when there were no errors, and every
/// diagnostic (warnings too).
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What earlier loads read and parsed, so that loading the site again reads
/// and parses only the files that changed (for `watch`).
///
/// A file is read again when its size or modification time changed, or when
/// it was named to `invalidate`; it is parsed again only when its text (or
/// the configuration pages are checked against) changed.
#[derive(Default)]
pub struct LoadCache {
    /// site.yaml as parsed pages were checked against (serialized).
    config_key: String,
    /// Content sources by their path below `content/`.
    sources: HashMap<String, CachedSource>,
    theme: Option<Theme>,
    /// How many content files the last load parsed.
    pub parsed: usize,
}

struct CachedSource {
    stamp: Option<Stamp>,
    /// The parsed page, unless it is lent to the `Site` being used (see `reclaim`).
    outcome: Outcome,
}

/// The file's text is kept once: in the parsed page's source, or beside the
/// problems of a file that did not parse.
enum Outcome {
    Page(Box<Page>),
    /// Lent to a `Site`: the page's source, to know it when it comes back.
    Lent(Arc<SourceFile>),
    /// `text` is None when the file could not be read.
    Failed {
        diagnostics: Vec<Diagnostic>,
        text: Option<String>,
    },
}

impl CachedSource {
    /// The text the file had when it was read.
    fn text(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Page(page) => Some(&page.source.text),
            Outcome::Lent(source) => Some(&source.text),
            Outcome::Failed { text, .. } => text.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

impl LoadCache {
    /// Forgets the time stamps of `path` (a file or a folder, absolute or
    /// relative like `root` was given), so that the next load reads it again
    /// (and parses it again if its text changed).
    pub fn invalidate(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root.join("content")) else {
            return;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let folder = format!("{rel}/");
        for (key, entry) in self.sources.iter_mut() {
            if rel.is_empty() || *key == rel || key.starts_with(&folder) {
                entry.stamp = None;
            }
        }
    }

    /// Takes back the pages a loaded site borrowed, so that the next load can
    /// reuse them without parsing.
    pub fn reclaim(&mut self, site: Site) {
        for page in site.pages {
            if let Some(entry) = self.sources.get_mut(&page.path) {
                // The very page lent (a page of the same file parsed since
                // is not this one).
                if matches!(&entry.outcome, Outcome::Lent(source) if Arc::ptr_eq(source, &page.source)) {
                    entry.outcome = Outcome::Page(Box::new(page));
                }
            }
        }
    }
}

pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
    load_with(root, options, &mut LoadCache::default())
}

/// Loads the site reusing what `cache` holds from earlier loads; the result is
/// the same as `load`'s. Give the site back with `LoadCache::reclaim` when done.
pub fn load_with(root: &Path, options: &LoadOptions, cache: &mut LoadCache) -> Loaded {
    let (config_file, mut diagnostics) = config::load_lenient(root);
    let Some(mut config_file) = config_file else {
        return Loaded {
            site: None,
            diagnostics,
        };
    };
    if let Some(url) = &options.base_url {
        config_file.config.base_url = url.trim_end_matches('/').to_string();
    }
    let config = config_file.config.clone();

    let theme = match Theme::read(root, &config, &config_file) {
        Ok(sources) => match cache.theme.take() {
            Some(t) if sources.compiled_into(&t) => Ok(t),
            _ => Theme::compile(sources),
        },
        Err(ds) => Err(ds),
    };
    let (theme, theme_problems) = match theme {
        Ok(t) => (Some(t), Vec::new()),
        Err(ds) => (None, ds),
    };
    diagnostics.extend(theme_problems);
    cache.theme = theme.clone();

    // Pages are checked against the configuration: a new one means parsing
    // again. (One that cannot be serialized counts as new every time.)
    match serde_json::to_string(&config) {
        Ok(key) if key == cache.config_key => {}
        key => {
            cache.sources.clear();
            cache.config_key = key.unwrap_or_default();
        }
    }
    let (found, problems) = content::discover(&root.join("content"), Path::new("content"), root);
    diagnostics.extend(problems);
    let (pages, assets_found, drafts, failed, problems) = parse_all(&found, &config, options, cache);
    diagnostics.extend(problems);

    let (routes, problems) = routes(&pages);
    diagnostics.extend(problems);
    let sections = section::build(&pages);
    let section_of = membership(&pages, &sections);

    let mut assets: BTreeMap<String, Asset> = BTreeMap::new();
    if let Some(theme) = &theme {
        add_static(
            &mut assets,
            &theme.dir.join("static"),
            &theme.dir.join("static"),
            root,
            &mut diagnostics,
        );
    }
    add_static(
        &mut assets,
        &root.join("static"),
        Path::new("static"),
        root,
        &mut diagnostics,
    );
    for f in assets_found {
        assets.insert(
            f.rel.clone(),
            Asset {
                path: f.rel,
                source: f.full,
            },
        );
    }
    let assets: Vec<Asset> = assets.into_values().collect();

    let (resolved, problems) = links::resolve_all(
        &links::Index::new(&config, &pages, &routes, &assets, &drafts).with_failed(&failed),
        &config_file,
    );
    diagnostics.extend(problems);

    if !pages.iter().any(|p| p.path == "_index.md") && diagnostics.iter().all(|d| !d.is_error()) {
        diagnostics.push(
            Diagnostic::warning("content/_index.md", "no-home-page", "the site has no home page")
                .with_help("create content/_index.md with a title and description"),
        );
    }
    crate::diagnostics::sort(&mut diagnostics);
    let site = match theme {
        Some(theme) => {
            let site = Site {
                root: root.to_path_buf(),
                config,
                config_file,
                pages,
                routes,
                sections,
                section_of,
                assets,
                theme,
                resolved,
            };
            if diagnostics.iter().any(Diagnostic::is_error) {
                // Nothing to render: keep the parsed pages for the next try.
                cache.reclaim(site);
                None
            } else {
                Some(site)
            }
        }
        None => {
            for page in pages {
                if let Some(entry) = cache.sources.get_mut(&page.path) {
                    entry.outcome = Outcome::Page(Box::new(page));
                }
            }
            None
        }
    };
    Loaded { site, diagnostics }
}

/// Pages, assets, drafts set aside, files that failed to parse, diagnostics.
type Parsed = (
    Vec<Page>,
    Vec<Found>,
    BTreeSet<String>,
    BTreeSet<String>,
    Vec<Diagnostic>,
);

/// Reads and parses the content files in parallel, taking unchanged ones from
/// the cache; drafts are set aside unless asked for (their paths are kept so
/// links to them can say why).
fn parse_all(found: &[Found], config: &Config, options: &LoadOptions, cache: &mut LoadCache) -> Parsed {
    let mut previous = std::mem::take(&mut cache.sources);
    let work: Vec<(&Found, Option<CachedSource>)> = found
        .iter()
        .map(|f| {
            let cached = match content::kind_of(Path::new(&f.rel)) {
                SourceKind::Asset => None,
                _ => previous.remove(&f.rel),
            };
            (f, cached)
        })
        .collect();
    // Reading is most of it when the files are not in the cache.
    let results: Vec<(Option<CachedSource>, Option<Found>, bool)> = crate::threads::for_io(|| {
        work.into_par_iter()
            .map(|(f, cached)| {
                if content::kind_of(Path::new(&f.rel)) == SourceKind::Asset {
                    return (None, Some(f.clone()), false);
                }
                let (entry, parsed) = parse_one(f, config, cached);
                (Some(entry), None, parsed)
            })
            .collect()
    });
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut drafts = BTreeSet::new();
    let mut failed = BTreeSet::new();
    let mut diagnostics = Vec::new();
    cache.parsed = 0;
    for ((entry, asset, parsed), f) in results.into_iter().zip(found) {
        assets.extend(asset);
        cache.parsed += usize::from(parsed);
        let Some(mut entry) = entry else { continue };
        match &entry.outcome {
            Outcome::Page(p) if p.meta.draft && !options.drafts => {
                drafts.insert(p.path.clone());
            }
            Outcome::Page(p) => {
                let lent = Outcome::Lent(p.source.clone());
                if let Outcome::Page(p) = std::mem::replace(&mut entry.outcome, lent) {
                    pages.push(*p);
                }
            }
            Outcome::Failed { diagnostics: ds, .. } => {
                failed.insert(f.rel.clone());
                diagnostics.extend(ds.iter().cloned());
            }
            // A page lent to a site that was never given back: not in `previous`.
            Outcome::Lent(_) => {}
        }
        cache.sources.insert(f.rel.clone(), entry);
    }
    (pages, assets, drafts, failed, diagnostics)
}

/// One content file: from the cache when its stamp or else its text is
/// unchanged, parsed otherwise. Says whether it parsed.
fn parse_one(f: &Found, config: &Config, cached: Option<CachedSource>) -> (CachedSource, bool) {
    let now = stamp(&f.full);
    let usable = match cached.filter(|c| !matches!(c.outcome, Outcome::Lent(_))) {
        // Without a modification time the size alone proves nothing.
        Some(c) if c.stamp.is_some_and(|s| s.modified.is_some()) && c.stamp == now => return (c, false),
        other => other,
    };
    let rel = Path::new("content").join(&f.rel);
    let text = match content::read_text(&f.full, &rel) {
        Ok(t) => t,
        Err(d) => {
            let entry = CachedSource {
                stamp: None,
                outcome: Outcome::Failed {
                    diagnostics: vec![*d],
                    text: None,
                },
            };
            return (entry, false);
        }
    };
    if let Some(mut c) = usable.filter(|c| c.text() == Some(text.as_str())) {
        c.stamp = now;
        return (c, false);
    }
    let parsed = match content::kind_of(Path::new(&f.rel)) {
        SourceKind::Markdown => page::parse_markdown(&f.rel, text.clone(), config),
        _ => page::parse_data(&f.rel, text.clone(), config),
    };
    let outcome = match parsed {
        Ok(p) => Outcome::Page(Box::new(p)),
        Err(ds) => Outcome::Failed {
            diagnostics: ds,
            text: Some(text),
        },
    };
    let entry = CachedSource { stamp: now, outcome };
    (entry, true)
}

/// Each page's route from its folder and file names, `slug` replacing the
/// last part (a section's slug renames its folder for everything below).
fn routes(pages: &[Page]) -> (Vec<String>, Vec<Diagnostic>) {
    let section_slugs: HashMap<&str, &str> = pages
        .iter()
        .filter(|p| p.is_section)
        .filter_map(|p| Some((p.dir(), p.meta.slug.as_deref()?)))
        .collect();
    let dir_route = |dir: &str| -> String {
        let mut route = String::from("/");
        let mut sofar = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !sofar.is_empty() {
                sofar.push('/');
            }
            sofar.push_str(part);
            route.push_str(section_slugs.get(sofar.as_str()).copied().unwrap_or(part));
            route.push('/');
        }
        route
    };
    let routes: Vec<String> = pages
        .iter()
        .map(|p| {
            if p.is_section {
                dir_route(p.dir())
            } else {
                let name = p.meta.slug.as_deref().unwrap_or(p.stem());
                format!("{}{}/", dir_route(p.dir()), name)
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, route) in routes.iter().enumerate() {
        if let Some(&earlier) = first.get(route.as_str()) {
            // Blame the page whose `slug` made the clash, if only one has one.
            let (blamed, other) = match (pages[earlier].meta.slug.is_some(), pages[i].meta.slug.is_some()) {
                (true, false) => (earlier, i),
                _ => (i, earlier),
            };
            let page = &pages[blamed];
            let at = if page.meta.slug.is_some() {
                page.spans.value("slug")
            } else {
                page.spans.start()
            };
            diagnostics.push(
                Diagnostic::error(
                    page.source.path(),
                    "duplicate-url",
                    format!(
                        "this page would have the URL {route}, like {}",
                        pages[other].source.path().display()
                    ),
                )
                .at(&page.source, at)
                .with_help("give one of the two pages a different `slug`, or rename one file"),
            );
        } else {
            first.insert(route, i);
        }
    }
    (routes, diagnostics)
}

fn membership(pages: &[Page], sections: &[Section]) -> Vec<Option<usize>> {
    let mut of = vec![None; pages.len()];
    for (s, section) in sections.iter().enumerate() {
        for p in &section.pages {
            of[*p] = Some(s);
        }
        if let Some(parent) = section.parent {
            of[section.page] = Some(parent);
        }
    }
    of
}

fn add_static(
    assets: &mut BTreeMap<String, Asset>,
    dir: &Path,
    report_as: &Path,
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (found, problems) = content::discover(dir, report_as, root);
    diagnostics.extend(problems);
    for f in found {
        assets.insert(
            f.rel.clone(),
            Asset {
                path: f.rel,
                source: f.full,
            },
        );
    }
}
