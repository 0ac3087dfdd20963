//! Rendering: the theme's templates applied to every page in parallel, plus
//! the site-wide files (sitemap, feed, robots, 404), into an `Output`.
//!
//! Takes a loaded `Site` and returns bytes; it reads no files (assets are
//! copied by `output`) and writes none.

use rayon::prelude::*;
use tera::Context;

use crate::content::page::Body;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::output::{Content, Output};
use crate::site_files::{SiteFile, SITE_FILES};
use crate::urls::output_path;
use context::Listings;

pub(crate) mod context;
mod csp;
mod data;
mod incremental;
mod index_worker;
mod indexing;
mod jsonld;
mod languages;
pub(crate) mod search;
mod site_wide;

pub(crate) use incremental::RenderCache;
use incremental::{Made, OwnNow, Record};
pub(crate) use index_worker::Wake;

/// Renders every page and the site-wide files into memory.
pub(crate) fn render(site: &Site) -> Result<Output, Vec<Diagnostic>> {
    let mut cache = RenderCache::default();
    render_into(site, &mut cache, false, None)?;
    Ok(cache.output)
}

/// Where `build` puts each page as soon as it is rendered (the output
/// path and the bytes), so that the rendered site is never all in memory.
pub(crate) type Sink<'a> = &'a (dyn Fn(&str, Vec<u8>) -> Result<(), Diagnostic> + Sync);

/// Renders every page into `sink`, and returns the rest of the output: the
/// site-wide files and the static files. On errors, some pages may have
/// gone to the sink already.
pub(crate) fn render_to(site: &Site, sink: Sink<'_>) -> Result<Output, Vec<Diagnostic>> {
    let mut cache = RenderCache::default();
    render_into(site, &mut cache, false, Some(sink))?;
    Ok(cache.output)
}

/// Every path the output of `site` has, known before anything is rendered.
pub(crate) fn output_paths(site: &Site) -> std::collections::BTreeSet<String> {
    let pages = site.routes.iter().map(|r| output_path(r));
    let site_files = crate::site_files::SITE_FILES
        .iter()
        .filter(|f| !f.optional || site.theme.has(f.path))
        .map(|f| f.path.to_string());
    let assets = site.assets.iter().map(|a| a.path.clone());
    pages.chain(site_files).chain(assets).collect()
}

/// How much a render had to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RenderStats {
    /// Pages rendered with their templates (the rest were unchanged).
    pub(crate) rendered: usize,
    pub(crate) pages: usize,
    /// Site-wide files (sitemap, feed, robots, 404) rendered again.
    pub(crate) site_files: usize,
    /// The output paths whose bytes were made anew, sorted.
    pub(crate) changed: Vec<String>,
}

/// Renders into `cache`, reusing every file whose inputs are unchanged since
/// the last render. On errors the cache starts afresh.
pub(crate) fn render_with(site: &Site, cache: &mut RenderCache) -> Result<RenderStats, Vec<Diagnostic>> {
    render_into(site, cache, true, None)
}

/// `record`: keep what each file is made from, for the next render (a
/// one-off build has no next render and skips that work).
fn render_into(
    site: &Site,
    cache: &mut RenderCache,
    record: bool,
    sink: Option<Sink<'_>>,
) -> Result<RenderStats, Vec<Diagnostic>> {
    let site_ctxs = context::site_contexts(site);
    let pictures = std::sync::Arc::new(pictures(site));
    site.theme.set_pictures(pictures.clone());
    let (previous, refs) = if record {
        // A template's `picture()` may show any image: a changed one renders all.
        let shown = site.theme.uses_picture().then_some(&*pictures);
        let site_key = inputs(&[&site_ctxs, &site.config, &site.strings, &shown]);
        let same_theme = cache.theme.as_ref().is_some_and(|t| t.same_as(&site.theme));
        let fresh = site_key.is_empty() || cache.site_key != site_key || !same_theme;
        let (record, refs) = Record::new(site, cache, fresh);
        (Some((record, site_key)), refs)
    } else {
        (None, context::page_refs(site))
    };
    let listings = Listings::new(site, refs);
    // One base context per language: its `site` and its `strings`.
    let bases: Vec<Context> = site_ctxs
        .iter()
        .map(|site_ctx| {
            let mut base = Context::new();
            base.insert("site", site_ctx);
            base.insert("strings", &site.strings.get(site_ctx.language));
            base
        })
        .collect();
    let sections = languages::SectionsByLanguage::new(site);
    let record = previous.as_ref().map(|(r, _)| r);
    // An index put off by the last render goes to the search thread first:
    // this render updates it.
    if let Err(d) = cache.queue_search() {
        return Err(vec![d]);
    }
    let all_rendered = record.is_none_or(|r| !r.updates_last_output());
    let urls = listings.refs.iter().map(|r| r.url.as_str());
    let defer = record.is_some() && cache.defer_search;
    let mut feeder = match indexing::Feeder::start(site, urls, &mut cache.search, all_rendered, defer) {
        Ok(feeder) => feeder,
        Err(d) => return Err(vec![d]),
    };
    // A build reads each page for the index as soon as it is rendered, then
    // streams it out; `watch` feeds its index from the kept output.
    let reader = feeder.as_ref().filter(|f| f.reads_as_rendered());
    let sink = sink.filter(|_| feeder.is_none() || reader.is_some());
    let read_early = std::sync::Mutex::new(Vec::new());
    let results: Vec<Result<PageRender, PageError>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let base = &bases[site.config.language_index(&site.pages[i].lang)];
            let made = crate::timings::time("render each", || render_page(&listings, &sections, i, base, record));
            match (sink, made) {
                (Some(sink), Ok(PageRender::Rendered(page))) => {
                    let Rendered { path, bytes, .. } = *page;
                    if let Some((language, url)) = reader.and_then(|f| f.indexed(i)) {
                        let read = crate::timings::time("search pages", || crate::search::read(url, language, &bytes));
                        read_early.lock().unwrap_or_else(|e| e.into_inner()).push((i, read));
                    }
                    crate::timings::time("write each", || sink(&path, bytes))
                        .map(|()| PageRender::Written(path))
                        .map_err(|diagnostic| PageError { diagnostic, page: None })
                }
                (_, made) => made,
            }
        })
        .collect();
    let mut stats = RenderStats {
        pages: site.pages.len(),
        ..RenderStats::default()
    };
    if let Some(feeder) = feeder.as_mut() {
        feeder.insert_read(read_early.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    let mut output = starting_output(record, &results, cache);
    let alias_files = alias_files(&listings, record, &mut output, std::mem::take(&mut cache.alias_files));
    let (new_made, mut diagnostics) =
        collect_pages(results, record.is_some(), feeder.as_mut(), &mut output, &mut stats);
    diagnostics.extend(add_site_files(&listings, &bases, record, &mut output, &mut stats));
    let mut kept_index = indexing::KeptIndex::default();
    let (pending, feeder) = match feeder.filter(|_| diagnostics.is_empty()) {
        Some(f) if defer && f.has_work() => (Some(f), None),
        f => (None, f),
    };
    if let Some(feeder) = feeder {
        match feeder.finish(&mut output, previous.is_some()) {
            Ok((kept, written)) => {
                stats.changed.extend(written);
                kept_index = kept;
            }
            Err(d) => diagnostics.push(d),
        }
    }
    add_cards(site, &mut output);
    for f in site.fingerprinted.iter().filter(|f| f.published != f.path) {
        output
            .files
            .insert(f.published.clone(), Content::Bytes(f.bytes.clone()));
    }
    // Processed images replace their originals (which keep their metadata).
    for (path, file) in &site.images.files {
        output.files.insert(path.clone(), Content::Copy(file.clone()));
    }
    for asset in &site.assets {
        output
            .files
            .entry(asset.path.clone())
            .or_insert_with(|| Content::Copy(asset.source.clone()));
    }
    if !diagnostics.is_empty() {
        crate::diagnostics::sort(&mut diagnostics);
        // Pages moved out of the last output are gone: start afresh next time.
        let fresh = cache.afresh();
        *cache = fresh;
        return Err(diagnostics);
    }
    stats.changed.sort();
    match previous {
        Some((record, site_key)) => {
            let theme_and_key = (site.theme.clone(), site_key);
            record.keep(site, listings.into_refs(), new_made, theme_and_key, output, cache);
            cache.search = kept_index;
            cache.pending_search = pending;
        }
        None => {
            *cache = RenderCache::default();
            cache.output = output;
            // No next render needs the index's pages: they are freed on
            // another thread while the build writes.
            std::thread::spawn(move || drop(kept_index));
        }
    }
    cache.alias_files = alias_files;
    Ok(stats)
}

/// The files written at old addresses, kept from the last render when the
/// redirects are (see `keeps_site_file`); else the last render's are taken
/// out of `output` before anything is added to it, since an old address
/// may since have become a page's.
fn alias_files(
    listings: &Listings<'_>,
    record: Option<&Record>,
    output: &mut Output,
    last: Vec<String>,
) -> Vec<String> {
    let again = SITE_FILES
        .iter()
        .any(|f| f.per_alias && !record.is_some_and(|r| r.keeps_site_file(f.reads_pages())));
    if !again {
        return last;
    }
    for path in &last {
        output.files.remove(path);
    }
    site_wide::redirects(listings).into_iter().map(|r| r.output).collect()
}

/// What the theme's `picture()` can show: every processed image, and the
/// other images of the site (SVG) with their size.
fn pictures(site: &Site) -> crate::picture::Pictures {
    let mut by_path = site.images.pictures.clone();
    for asset in &site.assets {
        let Some(size) = asset.size.filter(|_| !by_path.contains_key(&asset.path)) else {
            continue;
        };
        let plain = crate::picture::Picture {
            src: format!("{}/{}", site.config.base_path(), asset.path),
            width: size.width,
            height: size.height,
            sources: Vec::new(),
            fallback: Vec::new(),
            sizes: String::new(),
        };
        by_path.insert(asset.path.clone(), std::sync::Arc::new(plain));
    }
    crate::picture::Pictures {
        base_path: site.config.base_path().to_string(),
        by_path,
    }
}

/// Renders the site-wide files into `output`, each unless its declared
/// inputs are the same as last time (see `crate::site_files`); returns the errors.
fn add_site_files(
    listings: &Listings<'_>,
    bases: &[Context],
    record: Option<&Record>,
    output: &mut Output,
    stats: &mut RenderStats,
) -> Vec<Diagnostic> {
    let reusable = |file: &SiteFile| record.is_some_and(|r| r.keeps_site_file(file.reads_pages()));
    match site_wide::render(listings, bases, |f| !reusable(f)) {
        Ok(files) => {
            stats.site_files = files.len();
            stats.changed.extend(files.iter().map(|(n, _)| n.clone()));
            output
                .files
                .extend(files.into_iter().map(|(n, b)| (n, Content::Bytes(b))));
            Vec::new()
        }
        Err(ds) => ds,
    }
}

/// The pages' social cards, made while loading; cards of pages that lost
/// their image go. Static files are copies, never bytes, and stay.
fn add_cards(site: &Site, output: &mut Output) {
    output
        .files
        .retain(|path, content| !(crate::social::is_card_path(path) && matches!(content, Content::Bytes(_))));
    for card in site.cards.iter().flatten() {
        output
            .files
            .insert(card.path.clone(), Content::Bytes(card.bytes.clone()));
    }
}

/// Unchanged pages keep their files in the last output, which is updated
/// in place; a fresh render starts from nothing.
fn starting_output(
    record: Option<&Record>,
    results: &[Result<PageRender, PageError>],
    cache: &mut RenderCache,
) -> Output {
    match record {
        Some(record) if record.updates_last_output() => {
            let mut output = std::mem::take(&mut cache.output);
            let rendered: Vec<bool> = results
                .iter()
                .map(|r| !matches!(r, Ok(PageRender::Unchanged)))
                .collect();
            record.clear_old_files(&rendered, &mut output);
            output
        }
        _ => Output::default(),
    }
}

/// Puts the rendered pages into `output`, handing each to the search index;
/// returns what each was made from (when recorded) and the template errors.
fn collect_pages(
    results: Vec<Result<PageRender, PageError>>,
    recording: bool,
    mut search: Option<&mut indexing::Feeder>,
    output: &mut Output,
    stats: &mut RenderStats,
) -> (Vec<Option<Made>>, Vec<Diagnostic>) {
    let mut new_made = Vec::with_capacity(if recording { results.len() } else { 0 });
    let mut diagnostics = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(PageRender::Unchanged) => new_made.push(None),
            Ok(PageRender::Rendered(page)) => {
                let Rendered { path, made, bytes } = *page;
                stats.rendered += 1;
                stats.changed.push(path.clone());
                new_made.push(made);
                if let Some(search) = search.as_deref_mut() {
                    search.add(i);
                }
                output.files.insert(path, Content::Bytes(bytes));
            }
            Ok(PageRender::Written(path)) => {
                stats.rendered += 1;
                stats.changed.push(path);
                new_made.push(None);
            }
            Err(e) => errors.push(e),
        }
    }
    diagnostics.extend(merge_template_errors(errors));
    (new_made, diagnostics)
}

/// Why a page could not be rendered. `page`: set when the fault is in a
/// template, which every page using it then shares.
struct PageError {
    diagnostic: Diagnostic,
    page: Option<String>,
}

/// One error per fault in a template, naming the first page it stopped and
/// how many others: a typo in `page.html` is one error, not one per page.
fn merge_template_errors(errors: Vec<PageError>) -> Vec<Diagnostic> {
    let mut out: Vec<(Diagnostic, Vec<String>)> = Vec::new();
    for PageError { diagnostic, page } in errors {
        let Some(page) = page else {
            out.push((diagnostic, Vec::new()));
            continue;
        };
        match out.iter_mut().find(|(d, pages)| !pages.is_empty() && *d == diagnostic) {
            Some((_, pages)) => pages.push(page),
            None => out.push((diagnostic, vec![page])),
        }
    }
    out.into_iter()
        .map(|(mut d, pages)| {
            if let Some(first) = pages.first() {
                d.message.push_str(&match pages.len() {
                    1 => format!(" (while rendering {first})"),
                    2 => format!(" (while rendering {first} and 1 other page)"),
                    n => format!(" (while rendering {first} and {} other pages)", n - 1),
                });
            }
            d
        })
        .collect()
}

/// One page's result.
enum PageRender {
    /// Made from the same inputs as last time: the last render's bytes stand.
    Unchanged,
    Rendered(Box<Rendered>),
    /// Rendered and handed to the sink: its bytes are gone from memory.
    Written(String),
}

/// A page rendered anew. `made`: what it is made from, when recorded.
struct Rendered {
    path: String,
    made: Option<Made>,
    bytes: Vec<u8>,
}

/// The serialized form of a file's inputs: equal bytes, equal output. Kept
/// whole rather than hashed, so that no two inputs can ever be mistaken.
fn inputs(values: &[&dyn erased::Serialize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    for v in values {
        // A value that cannot be serialized cannot be rendered either; an
        // empty record makes sure such a file is never taken from the cache.
        if v.write_json(&mut out).is_err() {
            return Vec::new();
        }
        out.push(0);
    }
    out
}

/// Serialization through a trait object, to record values of several types.
mod erased {
    pub(crate) trait Serialize {
        fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
    }

    impl<T: serde::Serialize> Serialize for T {
        fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
            serde_json::to_writer(out, self)
        }
    }
}

fn render_page(
    listings: &Listings<'_>,
    sections: &languages::SectionsByLanguage,
    i: usize,
    base: &Context,
    previous: Option<&Record>,
) -> Result<PageRender, PageError> {
    let site = listings.site();
    let page = &site.pages[i];
    let no_page = |diagnostic| PageError { diagnostic, page: None };
    let source = crate::load::release::source(site, i).map_err(no_page)?;
    let template = template_of(site, i, &source).map_err(no_page)?;
    let route = &site.routes[i];
    let page_languages = context::PageLanguages {
        switcher: languages::switcher(site, sections, i),
        original: languages::original(site, i),
    };
    // What the page is made from besides its own source and the pages it
    // shows (see `incremental`).
    let own = || OwnNow {
        template,
        links: &site.resolved.pages[i],
        image: &site.resolved.images[i],
        picture: &site.resolved.image_pictures[i],
        reviewer: page
            .meta
            .reviewed_by
            .as_deref()
            .and_then(|id| context::reviewer(site, id)),
        languages: &page_languages,
    };
    let shown = listings.shown(i);
    if previous.is_some_and(|record| record.unchanged(i, &page.source, route, &own(), &shown)) {
        return Ok(PageRender::Unchanged);
    }
    let path = output_path(route);
    let made = previous.map(|record| record.made(i, &path, own(), &shown));
    let ctx = page_template_context(listings, i, &source, base, page_languages);
    let rendered = site.theme.render(template, &ctx, None).map_err(|d| PageError {
        diagnostic: d,
        page: Some(page.source.path().display().to_string()),
    })?;
    Ok(PageRender::Rendered(Box::new(Rendered {
        path,
        made,
        bytes: rendered.into_bytes(),
    })))
}

/// Everything page `i`'s template sees.
/// `source` is the page's file with its text (see `load::release`).
fn page_template_context(
    listings: &Listings<'_>,
    i: usize,
    source: &crate::diagnostics::SourceFile,
    base: &Context,
    languages: context::PageLanguages,
) -> Context {
    let site = listings.site();
    let page = &site.pages[i];
    let content = match &page.body {
        Body::Markdown(doc) => doc.to_html_in(source, site.resolved.pages[i].first().map_or(&[][..], |v| v.as_slice())),
        Body::Data(_) => String::new(),
    };
    let jsonld = jsonld::page(site, &listings.refs, i);
    let page_ctx =
        tera::Value::from_serializable(&context::page_context(listings, i, source, content, jsonld, languages));
    let mut ctx = base.clone();
    if page.is_section {
        ctx.insert_value("section", page_ctx.clone());
    }
    ctx.insert_value("page", page_ctx);
    if let Body::Data(data) = &page.body {
        data::insert(&mut ctx, data, &site.resolved.pages[i], &site.config);
    }
    ctx
}

/// The template page `i` renders with, or why it cannot be rendered.
fn template_of<'a>(site: &'a Site, i: usize, source: &crate::diagnostics::SourceFile) -> Result<&'a str, Diagnostic> {
    let page = &site.pages[i];
    let template = page.meta.template.as_deref().unwrap_or(page.default_template());
    if site.theme.has(template) {
        return Ok(template);
    }
    let pos = if page.meta.template.is_some() {
        page.spans.value("template")
    } else {
        page.spans.start()
    };
    Err(Diagnostic::error(
        page.source.path(),
        "missing-template",
        format!(
            "the template `{template}` does not exist in themes/{}/templates or templates/",
            site.config.theme
        ),
    )
    .at(source, pos)
    .with_help(if page.meta.template.is_some() {
        "fix the name in `template:`, or create that template"
    } else {
        "the theme needs this template for pages of this kind; create it"
    }))
}

#[cfg(test)]
mod props;
