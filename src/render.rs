//! Rendering: the theme's tera templates, set up once, applied to every page
//! in parallel; plus the site-wide files (sitemap, feed, robots, 404).
//!
//! Template errors name the template file, its line and column, and the page
//! being rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::config::{Config, LoadedConfig};
use crate::content::page::Body;
use crate::context::{self, Listings};
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::output::{Content, Output};
use crate::site::Site;

mod incremental;

pub use incremental::RenderCache;
use incremental::{Made, OwnNow, Record};

/// Templates the binary carries, used when the theme has none of that name.
const BUILTIN: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("atom.xml", include_str!("builtin/atom.xml")),
];

/// The compiled templates. Cloning is cheap: clones share the compiled set,
/// which is also how a rebuild knows the templates did not change.
#[derive(Clone)]
pub struct Theme {
    pub dir: PathBuf,
    tera: Arc<Tera>,
    /// Where each template came from, to point errors at the right file.
    files: Arc<BTreeMap<String, SourceFile>>,
}

/// The text of every template a theme is compiled from, read but not compiled.
pub struct ThemeSources {
    pub dir: PathBuf,
    files: BTreeMap<String, SourceFile>,
}

impl ThemeSources {
    /// Whether `theme` was compiled from exactly these texts.
    pub fn compiled_into(&self, theme: &Theme) -> bool {
        self.dir == theme.dir
            && self.files.len() == theme.files.len()
            && self
                .files
                .iter()
                .zip(theme.files.iter())
                .all(|((n1, f1), (n2, f2))| n1 == n2 && f1.path == f2.path && f1.text == f2.text)
    }
}

impl Theme {
    /// Reads `themes/<theme>/templates` and the site's `templates/`, which
    /// replaces the theme's file of the same name.
    pub fn load(root: &Path, config: &Config, config_file: &LoadedConfig) -> Result<Theme, Vec<Diagnostic>> {
        Theme::compile(Theme::read(root, config, config_file)?)
    }

    /// Whether two themes share one compiled template set.
    pub fn same_as(&self, other: &Theme) -> bool {
        Arc::ptr_eq(&self.tera, &other.tera)
    }

    /// Reads the template files without compiling them.
    pub fn read(root: &Path, config: &Config, config_file: &LoadedConfig) -> Result<ThemeSources, Vec<Diagnostic>> {
        let dir = root.join("themes").join(&config.theme);
        if !dir.join("templates").is_dir() {
            let available: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().join("templates").is_dir())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            let help = if available.is_empty() {
                "put a theme in themes/<name>/templates, or run `dermapress init` to get the default theme".to_string()
            } else {
                format!("the themes there are: {}", available.join(", "))
            };
            return Err(vec![Diagnostic::error(
                crate::config::FILE,
                "unknown-theme",
                format!(
                    "there is no theme `{}` (looked for themes/{}/templates)",
                    config.theme, config.theme
                ),
            )
            .at(&config_file.source, config_file.spans.value("theme"))
            .with_help(help)]);
        }
        let mut diagnostics = Vec::new();
        let mut files: BTreeMap<String, SourceFile> = BTreeMap::new();
        let theme_rel = PathBuf::from("themes").join(&config.theme).join("templates");
        for (folder, report_as) in [
            (dir.join("templates"), theme_rel),
            (root.join("templates"), PathBuf::from("templates")),
        ] {
            let (found, problems) = crate::content::discover(&folder, &report_as, root);
            diagnostics.extend(problems);
            for f in found {
                let rel = report_as.join(&f.rel);
                match crate::content::read_text(&f.full, &rel) {
                    Ok(text) => {
                        files.insert(f.rel, SourceFile::new(rel, text));
                    }
                    Err(d) => diagnostics.push(*d),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(ThemeSources { dir, files })
    }

    pub fn compile(sources: ThemeSources) -> Result<Theme, Vec<Diagnostic>> {
        let ThemeSources { dir, files } = sources;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        register_filters(&mut tera);
        let mut all: Vec<(String, String)> = BUILTIN
            .iter()
            .filter(|(name, _)| !files.contains_key(*name))
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        all.extend(files.iter().map(|(n, f)| (n.clone(), f.text.clone())));
        if let Err(err) = tera.add_raw_templates(all) {
            return Err(vec![template_error(&files, &err, None)]);
        }
        Ok(Theme {
            dir,
            tera: Arc::new(tera),
            files: Arc::new(files),
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    fn render(&self, name: &str, context: &Context, page: Option<&str>) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|err| template_error(&self.files, &err, page))
    }
}

fn register_filters(tera: &mut Tera) {
    // "2026-10-01" -> "October 1, 2026": a date people read the same way everywhere.
    tera.register_filter("long_date", |value: &str, _: Kwargs, _: &State| -> String {
        match crate::content::meta::Date::parse(value) {
            Some(d) => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                let month = MONTHS[(d.0.month() as usize).saturating_sub(1) % 12];
                format!("{month} {}, {}", d.0.day(), d.0.year())
            }
            None => value.to_string(),
        }
    });
}

/// The first report in tera's text form: message, template name, line, column.
fn first_report(text: &str) -> Option<(&str, &str, usize, usize)> {
    let mut lines = text.lines();
    let message = lines.next()?.trim().trim_start_matches("error:").trim();
    let place = lines.find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim();
    Some((message, name, line, column))
}

/// A tera error as a diagnostic at the template's file, line and column.
fn template_error(files: &BTreeMap<String, SourceFile>, err: &tera::Error, page: Option<&str>) -> Diagnostic {
    let rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    let file_of = |name: &str| {
        files
            .get(name)
            .map(|f| f.path.clone())
            .unwrap_or_else(|| PathBuf::from(format!("built-in template {name}")))
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let pos = Pos::new(span.start_line, span.start_col + 1, span.range.len().clamp(1, 40));
            let rule = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "template-syntax"
            } else {
                "template-render"
            };
            let (message, help) = if report.message() == "Unexpected end of input" {
                (
                    "the template ends while a tag is still open".to_string(),
                    "close every {% if %}, {% for %} and {% block %} with {% endif %}, {% endfor %} and {% endblock %}",
                )
            } else if rule == "template-syntax" {
                (
                    report.message().to_string(),
                    "fix the template syntax here; tags are written {{ value }} and {% tag %}",
                )
            } else {
                (
                    report.message().to_string(),
                    "check the variable names this template uses against the README's template variables",
                )
            };
            let d = Diagnostic::error(file_of(report.filename()), rule, format!("{message}{rendering}"));
            let d = match files.get(report.filename()) {
                Some(source) => d.at(source, pos),
                None => d.at_line(pos.line, pos.column),
            };
            d.with_help(help)
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            file_of(name),
            "missing-template",
            format!("the template `{name}` does not exist{rendering}"),
        )
        .with_help("create it in the theme's templates folder or in templates/ at the site root"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            file_of(current),
            "missing-template",
            format!("`{current}` extends `{parent}`, which does not exist"),
        )
        .with_help("create the missing template or fix the name in {% extends %}"),
        _ => {
            let text = err.to_string();
            // Unknown filters, tests and includes come as tera's own report
            // text ("error: Unknown filter `x`\n --> page.html:3:21"): place it.
            if let Some((message, name, line, column)) = first_report(&text) {
                let width = message.split('`').nth(1).map_or(1, |w| w.chars().count());
                let d = Diagnostic::error(file_of(name), "template-syntax", format!("{message}{rendering}"));
                let d = match files.get(name) {
                    Some(source) => d.at(source, Pos::new(line, column, width)),
                    None => d.at_line(line, column),
                };
                return d.with_help("use a filter, test or template that exists; the README lists dermapress's own");
            }
            let d = Diagnostic::error(
                PathBuf::from("templates"),
                "template",
                format!("{}{rendering}", text.trim()),
            );
            d.with_help("fix the template named above")
        }
    }
}

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
    let default = match &page.body {
        Body::Markdown(_) if page.is_section => "section.html",
        Body::Markdown(_) => "page.html",
        Body::Comparison(_) => "comparison.html",
        Body::Faq(_) => "faq.html",
    };
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
    let jsonld = crate::jsonld::page(site, &listings.refs, i);
    let page_ctx = tera::Value::from_serializable(&context::page_context(listings, i, content, jsonld));
    let mut ctx = base.clone();
    if page.is_section {
        ctx.insert_value("section", page_ctx.clone());
    }
    ctx.insert_value("page", page_ctx);
    if let Some(c) = context::comparison_context(site, i) {
        ctx.insert("comparison", &c);
    }
    if let Some(f) = context::faq_context(site, i) {
        ctx.insert("faq", &f);
    }
    let source = page.source.path().display().to_string();
    let rendered = site.theme.render(template, &ctx, Some(&source))?;
    Ok(PageRender::Rendered(Box::new(Rendered {
        path,
        made,
        bytes: rendered.into_bytes(),
    })))
}

/// `/a/b/` -> `a/b/index.html`.
pub fn output_path(route: &str) -> String {
    format!("{}index.html", route.trim_start_matches('/'))
}

/// Whether `path` is `output_path(route)`, without making it.
fn is_output_path_of(path: &str, route: &str) -> bool {
    path.strip_suffix("index.html") == Some(route.trim_start_matches('/'))
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
mod tests {
    use super::first_report;

    #[test]
    fn tera_report_text_is_placed() {
        let text = "error: Unknown filter `nofilter`\n --> page.html:3:21\n  |\n3 | x\n";
        assert_eq!(
            first_report(text),
            Some(("Unknown filter `nofilter`", "page.html", 3, 21))
        );
    }
}
