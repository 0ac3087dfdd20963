//! Loading: from the files of a site folder to an in-memory `Site`, with
//! every problem of every file as a diagnostic.
//!
//! site.yaml, the theme, every content file and the static files are read
//! once (through `source`), pages are parsed in parallel, links are resolved
//! and the content rules run, all before anything is rendered. Loading is
//! lenient: a typo in site.yaml or in one page never hides the findings in
//! the others. Nothing here touches the output folder.

mod assets;
mod cache;
mod extra;
pub(crate) mod fingerprint;
mod images;
pub(crate) mod inventory;
mod owners;
pub(crate) mod release;
pub(crate) mod routes;
mod translations;

use std::path::Path;

use jiff::civil::Date;

use crate::config::{self, Config, LoadedConfig};
use crate::content::page::Page;
use crate::content::section::{self, Section};
use crate::diagnostics::Diagnostic;
use crate::links::{self, Resolved};
use crate::source::{self, Asset};
use crate::theme::Theme;
pub(crate) use cache::LoadCache;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Build pages marked `draft: true` too.
    pub drafts: bool,
    /// Replaces `base_url` from site.yaml (e.g. for a staging host).
    pub base_url: Option<String>,
    /// The day the site is built for (`--as-of`): which scheduled pages are
    /// up, and the day review ages are counted to. None: today in the
    /// site's `timezone`.
    pub as_of: Option<Date>,
    /// For the live preview: stylesheets and scripts keep their plain names
    /// (`asset()` returns `/css/style.css`), so that a change to the CSS alone
    /// is swapped into the open page without re-rendering or reloading it.
    pub plain_asset_names: bool,
    /// Leave images that are not in the cache yet for later, showing the
    /// originals meanwhile (the preview, which processes them meanwhile).
    pub background_images: bool,
}

/// Today's date on this machine. Kept at the edge so that everything else
/// takes the date as a value.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

/// Reads `--as-of`: a date written year-month-day, or why it is none.
pub fn parse_as_of(text: &str) -> Result<Date, String> {
    use crate::content::meta::Date as Day;
    match (Day::parse(text), Day::impossible(text)) {
        (Some(day), _) => Ok(day.0),
        (None, Some(why)) => Err(format!("\"{text}\" is not a real date ({why})")),
        (None, None) => Err(format!(
            "\"{text}\" is not a date; write it as year-month-day, e.g. --as-of 2026-06-01"
        )),
    }
}

/// Everything needed to render the site, checked and linked.
pub(crate) struct Site {
    pub(crate) config: Config,
    /// Pages sorted by source path.
    pub(crate) pages: Vec<Page>,
    /// Each page's route ("/guides/aftercare/"), by page index, without base path.
    pub(crate) routes: Vec<String>,
    pub(crate) sections: Vec<Section>,
    /// The section each page is listed in (for a section page: its parent).
    pub(crate) section_of: Vec<Option<usize>>,
    pub(crate) assets: Vec<Asset>,
    /// The stylesheets and scripts among the assets, under content names too.
    pub(crate) fingerprinted: Vec<fingerprint::Fingerprinted>,
    pub(crate) theme: Theme,
    pub(crate) resolved: Resolved,
    /// The next day a scheduled page goes up or comes down, and its file.
    pub(crate) next_change: Option<(crate::content::meta::Date, String)>,
    /// Each page's social card, by page index (see `crate::social`).
    pub(crate) cards: Vec<Option<crate::social::Card>>,
    /// For each page, all its versions (itself included), in the order of
    /// the site's languages; empty for a page without translations. Each
    /// page's language is `Page::lang`.
    pub(crate) translations: Vec<Vec<usize>>,
    /// The theme's interface text, by language code, then key.
    pub(crate) strings: std::collections::BTreeMap<String, crate::theme::strings::Texts>,
    /// The raster images, processed: their pictures and published files.
    pub(crate) images: crate::images::Processed,
    /// The pages' texts a one-off build let go until it renders them.
    pub(crate) released: release::Released,
}

/// The result of loading: the site when it can be rendered, and every
/// diagnostic (the content rules' findings and warnings too). The site is
/// there whenever only the content rules found errors, so that `check`
/// can still report template errors; `build` refuses to publish it.
pub(crate) struct Loaded {
    pub(crate) site: Option<Site>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Every page that parsed, published or set aside (see `inventory`).
    pub(crate) inventory: Vec<inventory::Entry>,
    /// The day the site was loaded for.
    pub(crate) today: Date,
}

pub(crate) fn load(root: &Path, options: &LoadOptions) -> Loaded {
    load_with(root, options, &mut LoadCache::default())
}

/// Reads and parses site.yaml, keeping a configuration that has errors when
/// it could be read at all (see `config::parse_lenient`).
pub(crate) fn read_config(root: &Path) -> (Option<LoadedConfig>, Vec<Diagnostic>) {
    match source::read_text(&root.join(config::FILE), Path::new(config::FILE)) {
        Ok(text) => config::parse_lenient(text),
        Err(d) => (None, vec![*d]),
    }
}

/// site.yaml as this load uses it: with `--base-url` applied and its
/// `checks:` validated against the rule table.
fn site_config(root: &Path, options: &LoadOptions) -> (Option<LoadedConfig>, Vec<Diagnostic>) {
    let (config_file, mut diagnostics) = read_config(root);
    let Some(mut config_file) = config_file else {
        return (None, diagnostics);
    };
    if let Some(url) = &options.base_url {
        match crate::urls::web_address_problem(url) {
            None => config_file.config.base_url = url.trim_end_matches('/').to_string(),
            Some(problem) => diagnostics.push(
                Diagnostic::error("--base-url", "bad-url", format!("`--base-url {url}` {problem}")).with_help(
                    "give the full address the site will have, e.g. --base-url https://staging.clinic.example.com",
                ),
            ),
        }
    }
    let c = &config_file;
    diagnostics.extend(crate::check::settings::validate(&c.config.checks, &c.spans, &c.source));
    let (settings, problems) = crate::theme::settings::read(root, &c.config.theme);
    diagnostics.extend(problems);
    diagnostics.extend(extra::site(c, &settings));
    (Some(config_file), diagnostics)
}

/// Loads the site reusing what `cache` holds from earlier loads; the result is
/// the same as `load`'s. Give the site back with `LoadCache::reclaim` when done.
pub(crate) fn load_with(root: &Path, options: &LoadOptions, cache: &mut LoadCache) -> Loaded {
    let (config_file, mut diagnostics) = crate::timings::time("config", || site_config(root, options));
    let Some(config_file) = config_file else {
        return Loaded {
            site: None,
            diagnostics,
            inventory: Vec::new(),
            today: options.as_of.unwrap_or_else(today),
        };
    };
    let config = config_file.config.clone();
    let today = options.as_of.unwrap_or_else(|| config.today());
    let theme = cache.theme(root, &config, &config_file, &mut diagnostics);
    let walk = crate::timings::time("read", || cache.walk(root));
    diagnostics.extend(walk.problems.iter().cloned());
    let found = &walk.found;
    let mut parsed = cache::parse_all(found, &config, (options, today), cache);
    let reserved = std::sync::Arc::new(theme.as_ref().map(Theme::ids).unwrap_or_default());
    reserve_theme_ids(&mut parsed.pages, &reserved);
    let checked_under = format!("{today} {reserved:?}");
    diagnostics.extend(parsed.diagnostics);
    diagnostics.extend(extra::pages(&parsed.pages));
    let (routes, problems) = routes::routes(&parsed.pages, &config);
    diagnostics.extend(problems);
    let set_aside: std::collections::BTreeSet<String> = parsed.hidden.keys().cloned().collect();
    let (translations, problems) = translations::versions(&parsed.pages, &set_aside, &parsed.failed, &config);
    diagnostics.extend(problems);
    let (strings, problems) = crate::theme::strings::read(root, &config);
    diagnostics.extend(problems);
    let assets = assets::collect(root, theme.as_ref(), parsed.assets, &mut diagnostics);
    let fingerprinted = if options.plain_asset_names {
        fingerprint::plain(&assets)
    } else {
        fingerprint::fingerprint(root, &assets, &mut diagnostics)
    };
    let theme_has = |name: &str| theme.as_ref().is_some_and(|t| t.has(name));
    let search = crate::config::search::enabled(&config, theme_has(crate::site_files::SEARCH_PAGE));
    let written = |f: &crate::site_files::SiteFile| !f.per_alias && f.written(theme_has, search);
    let prefixes: Vec<String> = config
        .language_codes()
        .iter()
        .map(|c| config.language_prefix(c))
        .collect();
    diagnostics.extend(owners::clashes(
        &parsed.pages,
        &routes,
        &assets,
        root,
        &prefixes,
        written,
    ));
    let hidden_routes = routes::routes_beside(&parsed.pages, &config, parsed.hidden_pages.iter().map(|(p, _)| p));
    let hidden_at = hidden_routes
        .into_iter()
        .zip(parsed.hidden_pages.iter().map(|(p, _)| p.path.clone()));
    let index = links::Index::new(&config, &parsed.pages, &routes, &assets, &parsed.hidden)
        .with_hidden_routes(hidden_at.collect())
        .with_failed(&parsed.failed)
        .with_theme_ids(reserved.as_ref().clone());
    // Link resolution and the content rules each read every page once.
    let ((mut resolved, problems), mut findings) = rayon::join(
        || {
            crate::timings::time("resolve", || {
                links::resolve_all(&index, &config_file, &mut cache.resolved)
            })
        },
        || {
            crate::timings::time("check", || {
                crate::check::run(&parsed.pages, &config_file, today, (&mut cache.findings, checked_under))
            })
        },
    );
    diagnostics.extend(problems);
    let (cards, card_problems) = crate::timings::time("cards", || {
        crate::social::cards(root, &parsed.pages, &routes, &assets, &resolved.image_assets)
    });
    let mode = if options.background_images {
        crate::images::Mode::CachedOnly
    } else {
        crate::images::Mode::Process
    };
    let (images, problems) = crate::timings::time("images", || {
        images::attach(root, &parsed.pages, &assets, &mut resolved, &config_file, mode)
    });
    findings.extend(problems);
    // A photo that cannot be read is said once, by the image pipeline; the
    // card's own reasons (an SVG it cannot draw, say) stay.
    let said = |d: &Diagnostic| {
        findings
            .iter()
            .any(|f| f.is_error() && f.file == d.file && f.line == d.line && f.column == d.column)
    };
    let card_problems: Vec<Diagnostic> = card_problems.into_iter().filter(|d| !said(d)).collect();
    diagnostics.extend(card_problems);
    diagnostics.extend(home_page_warning(&parsed.pages, &diagnostics));
    let renderable = !diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(findings);
    crate::diagnostics::sort(&mut diagnostics);
    let pages = parsed.pages;
    let inventory = inventory::entries(&pages, &routes, &parsed.hidden_pages, config.review_max_age_days);
    let next_change = inventory::next_change(&inventory, today);
    let site = match theme {
        Some(theme) if renderable => Some(Site {
            sections: section::build(&pages),
            section_of: Vec::new(),
            config,
            pages,
            routes,
            assets,
            fingerprinted,
            theme,
            resolved,
            next_change,
            cards,
            translations,
            strings,
            images,
            released: release::Released::default(),
        }),
        // Nothing to render: keep the parsed pages for the next try.
        _ => {
            cache.give_back(pages);
            None
        }
    };
    Loaded {
        site: site.map(with_membership),
        diagnostics,
        inventory,
        today,
    }
}

/// Numbers headings around the ids the theme gives its own elements, so
/// that a heading "Main" becomes `#main-1` and `[skip](#main)` keeps
/// meaning the theme's `<main id="main">`. Done on every load (it starts
/// from the ids before numbering), since a changed template can change them.
fn reserve_theme_ids(pages: &mut [Page], reserved: &std::sync::Arc<std::collections::BTreeSet<String>>) {
    for page in pages {
        if let crate::content::page::Body::Markdown(doc) = &mut page.body {
            doc.reserve_ids(reserved);
        }
    }
}

fn with_membership(mut site: Site) -> Site {
    site.section_of = routes::membership(&site.pages, &site.sections);
    site
}

fn home_page_warning(pages: &[Page], so_far: &[Diagnostic]) -> Option<Diagnostic> {
    if pages.iter().any(|p| p.path == "_index.md") || so_far.iter().any(Diagnostic::is_error) {
        return None;
    }
    Some(
        Diagnostic::warning("content/_index.md", "no-home-page", "the site has no home page")
            .with_help("create content/_index.md with a title and description"),
    )
}
