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
use crate::urls::output_path;
use context::Listings;

pub mod context;
mod data;
mod incremental;
mod jsonld;

pub use incremental::RenderCache;
use incremental::{Made, OwnNow, Record};

/// Renders every page and the site-wide files into memory.
pub fn render(site: &Site) -> Result<Output, Vec<Diagnostic>> {
    let mut cache = RenderCache::default();
    render_into(site, &mut cache, false)?;
    Ok(cache.output)
}

/// How much a render had to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// Pages rendered with their templates (the rest were unchanged).
    pub rendered: usize,
    pub pages: usize,
    /// Site-wide files (sitemap, feed, robots, 404) rendered again.
    pub site_files: usize,
    /// The output paths whose bytes were made anew, sorted.
    pub changed: Vec<String>,
}

/// Renders into `cache`, reusing every file whose inputs are unchanged since
/// the last render. On errors the cache starts afresh.
pub fn render_with(site: &Site, cache: &mut RenderCache) -> Result<RenderStats, Vec<Diagnostic>> {
    render_into(site, cache, true)
}

/// `record`: keep what each file is made from, for the next render (a
/// one-off build has no next render and skips that work).
fn render_into(site: &Site, cache: &mut RenderCache, record: bool) -> Result<RenderStats, Vec<Diagnostic>> {
    let site_ctx = context::site_context(site);
    let (previous, refs) = if record {
        let site_key = inputs(&[&site_ctx, &site.config]);
        let same_theme = cache.theme.as_ref().is_some_and(|t| t.same_as(&site.theme));
        let fresh = site_key.is_empty() || cache.site_key != site_key || !same_theme;
        let (record, refs) = Record::new(site, cache, fresh);
        (Some((record, site_key)), refs)
    } else {
        (None, context::page_refs(site))
    };
    let listings = Listings::new(site, refs);
    let mut base = Context::new();
    base.insert("site", &site_ctx);

    let results: Vec<Result<PageRender, Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| render_page(&listings, i, &base, previous.as_ref().map(|(r, _)| r)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut stats = RenderStats {
        pages: site.pages.len(),
        ..RenderStats::default()
    };
    // Unchanged pages keep their files in the last output, which is updated
    // in place; a fresh render starts from nothing.
    let mut output = match &previous {
        Some((record, _)) if record.updates_last_output() => {
            let mut output = std::mem::take(&mut cache.output);
            let rendered: Vec<bool> = results
                .iter()
                .map(|r| !matches!(r, Ok(PageRender::Unchanged)))
                .collect();
            record.clear_old_files(&rendered, &mut output);
            output
        }
        _ => Output::default(),
    };
    let mut new_made = Vec::with_capacity(if record { site.pages.len() } else { 0 });
    for r in results {
        match r {
            Ok(PageRender::Unchanged) => new_made.push(None),
            Ok(PageRender::Rendered(page)) => {
                let Rendered { path, made, bytes } = *page;
                stats.rendered += 1;
                stats.changed.push(path.clone());
                new_made.push(made);
                output.files.insert(path, Content::Bytes(bytes));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let reuse_site_files = previous.as_ref().is_some_and(|(r, _)| r.same_pages());
    let files = if reuse_site_files {
        // Still in the output from the last render.
        Ok(Vec::new())
    } else {
        site_files(&listings, &base).map(|files| {
            stats.site_files = files.len();
            stats.changed.extend(files.iter().map(|(n, _)| n.clone()));
            files.into_iter().map(|(n, b)| (n, Content::Bytes(b))).collect()
        })
    };
    match files {
        Ok(files) => output.files.extend(files),
        Err(ds) => diagnostics.extend(ds),
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
        *cache = RenderCache::default();
        return Err(diagnostics);
    }
    stats.changed.sort();
    match previous {
        Some((record, site_key)) => record.keep(
            site,
            listings.into_refs(),
            new_made,
            (site.theme.clone(), site_key),
            output,
            cache,
        ),
        None => {
            *cache = RenderCache::default();
            cache.output = output;
        }
    }
    Ok(stats)
}

/// One page's result.
enum PageRender {
    /// Made from the same inputs as last time: the last render's bytes stand.
    Unchanged,
    Rendered(Box<Rendered>),
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
    pub trait Serialize {
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
    i: usize,
    base: &Context,
    previous: Option<&Record>,
) -> Result<PageRender, Diagnostic> {
    let site = listings.site();
    let page = &site.pages[i];
    let default = page.default_template();
    let template = page.meta.template.as_deref().unwrap_or(default);
    if !site.theme.has(template) {
        let pos = if page.meta.template.is_some() {
            page.spans.value("template")
        } else {
            page.spans.start()
        };
        return Err(Diagnostic::error(
            page.source.path(),
            "missing-template",
            format!(
                "the template `{template}` does not exist in themes/{}/templates or templates/",
                site.config.theme
            ),
        )
        .at(&page.source, pos)
        .with_help(if page.meta.template.is_some() {
            "fix the name in `template:`, or create that template"
        } else {
            "the theme needs this template for pages of this kind; create it"
        }));
    }
    let route = &site.routes[i];
    // What the page is made from besides its own source and the pages it
    // shows (see `incremental`).
    let own = || OwnNow {
        template,
        links: &site.resolved.pages[i],
        image: &site.resolved.images[i],
        reviewer: page
            .meta
            .reviewed_by
            .as_deref()
            .and_then(|id| context::reviewer(site, id)),
    };
    let shown = listings.shown(i);
    if previous.is_some_and(|record| record.unchanged(i, &page.source, route, &own(), &shown)) {
        return Ok(PageRender::Unchanged);
    }
    let path = output_path(route);
    let made = previous.map(|record| record.made(i, &path, own(), &shown));
    let content = match &page.body {
        Body::Markdown(doc) => doc.to_html(site.resolved.pages[i].first().map_or(&[][..], |v| v.as_slice())),
        _ => String::new(),
    };
    let jsonld = jsonld::page(site, &listings.refs, i);
    let page_ctx = tera::Value::from_serializable(&context::page_context(listings, i, content, jsonld));
    let mut ctx = base.clone();
    if page.is_section {
        ctx.insert_value("section", page_ctx.clone());
    }
    ctx.insert_value("page", page_ctx);
    if let Body::Data(data) = &page.body {
        data::insert(&mut ctx, data, &site.resolved.pages[i]);
    }
    let source = page.source.path().display().to_string();
    let rendered = site.theme.render(template, &ctx, Some(&source))?;
    Ok(PageRender::Rendered(Box::new(Rendered {
        path,
        made,
        bytes: rendered.into_bytes(),
    })))
}

fn site_file_names(site: &Site) -> Vec<&'static str> {
    let mut names = vec!["sitemap.xml", "robots.txt", "atom.xml"];
    if site.theme.has("404.html") {
        names.push("404.html");
    }
    names
}

fn site_files(listings: &Listings<'_>, base: &Context) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let site = listings.site();
    let refs = &listings.refs;
    let mut sitemap: Vec<usize> = (0..refs.len()).collect();
    sitemap.sort_by(|a, b| refs[*a].url.cmp(&refs[*b].url));
    let mut feed: Vec<usize> = (0..refs.len()).filter(|k| refs[*k].date.is_some()).collect();
    feed.sort_by(|a, b| {
        refs[*b]
            .date
            .cmp(&refs[*a].date)
            .then_with(|| refs[*a].url.cmp(&refs[*b].url))
    });
    let feed_updated = refs
        .iter()
        .filter_map(|r| r.updated.as_ref().or(r.date.as_ref()))
        .max()
        .cloned()
        .unwrap_or_else(|| "1970-01-01".to_string());
    let values =
        |list: Vec<usize>| tera::Value::from(list.into_iter().map(|k| listings.ref_value(k)).collect::<Vec<_>>());
    let mut ctx = base.clone();
    ctx.insert_value("sitemap", values(sitemap));
    ctx.insert_value("feed", values(feed));
    ctx.insert("feed_updated", &feed_updated);
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    for name in site_file_names(site) {
        match site.theme.render(name, &ctx, None) {
            Ok(text) => out.push((name.to_string(), text.into_bytes())),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod props;
