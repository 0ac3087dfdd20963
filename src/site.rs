//! Loading: from the files of a site folder to an in-memory `Site`.
//!
//! Every source is read once, pages are parsed in parallel, and every problem
//! from every file is collected before anything is rendered. Nothing here
//! touches the output folder.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config, LoadedConfig};
use crate::content::page::{self, Page};
use crate::content::section::{self, Section};
use crate::content::{self, Found, SourceKind};
use crate::diagnostics::Diagnostic;
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

pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut config_file = match config::load(root) {
        Ok(c) => c,
        Err(ds) => {
            return Loaded {
                site: None,
                diagnostics: ds,
            }
        }
    };
    if let Some(url) = &options.base_url {
        config_file.config.base_url = url.trim_end_matches('/').to_string();
    }
    let config = config_file.config.clone();

    let theme = Theme::load(root, &config, &config_file);
    let (theme, theme_problems) = match theme {
        Ok(t) => (Some(t), Vec::new()),
        Err(ds) => (None, ds),
    };
    diagnostics.extend(theme_problems);

    let (found, problems) = content::discover(&root.join("content"), Path::new("content"), root);
    diagnostics.extend(problems);
    let (pages, assets_found, drafts, problems) = parse_all(&found, &config, options);
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
        &links::Index::new(&config, &pages, &routes, &assets, &drafts),
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
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => Some(Site {
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
        }),
        _ => None,
    };
    Loaded { site, diagnostics }
}

type Parsed = (Vec<Page>, Vec<Found>, BTreeSet<String>, Vec<Diagnostic>);

/// Reads and parses every content file in parallel; drafts are set aside
/// unless asked for (their paths are kept so links to them can say why).
fn parse_all(found: &[Found], config: &Config, options: &LoadOptions) -> Parsed {
    let results: Vec<(Option<Page>, Option<Found>, Vec<Diagnostic>)> = found
        .par_iter()
        .map(|f| {
            let kind = content::kind_of(Path::new(&f.rel));
            if kind == SourceKind::Asset {
                return (None, Some(f.clone()), Vec::new());
            }
            let rel = Path::new("content").join(&f.rel);
            let text = match content::read_text(&f.full, &rel) {
                Ok(t) => t,
                Err(d) => return (None, None, vec![*d]),
            };
            let parsed = match kind {
                SourceKind::Markdown => page::parse_markdown(&f.rel, text, config),
                _ => page::parse_data(&f.rel, text, config),
            };
            match parsed {
                Ok(p) => (Some(p), None, Vec::new()),
                Err(ds) => (None, None, ds),
            }
        })
        .collect();
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut drafts = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for (page, asset, ds) in results {
        diagnostics.extend(ds);
        assets.extend(asset);
        if let Some(p) = page {
            if p.meta.draft && !options.drafts {
                drafts.insert(p.path.clone());
            } else {
                pages.push(p);
            }
        }
    }
    (pages, assets, drafts, diagnostics)
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
        if let Some(&other) = first.get(route.as_str()) {
            let at = if pages[i].meta.slug.is_some() {
                pages[i].spans.value("slug")
            } else {
                pages[i].spans.start()
            };
            diagnostics.push(
                Diagnostic::error(
                    pages[i].source.path(),
                    "duplicate-url",
                    format!(
                        "this page would have the URL {route}, like {}",
                        pages[other].source.path().display()
                    ),
                )
                .at(&pages[i].source, at)
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
