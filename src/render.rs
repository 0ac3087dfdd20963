//! Rendering: the theme's tera templates, set up once, applied to every page
//! in parallel; plus the site-wide files (sitemap, feed, robots, 404).
//!
//! Template errors name the template file, its line and column, and the page
//! being rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::config::{Config, LoadedConfig};
use crate::content::page::Body;
use crate::context::{self, PageRef};
use crate::diagnostics::{Diagnostic, Pos, SourceFile};
use crate::output::{Content, Output};
use crate::site::Site;

/// Templates the binary carries, used when the theme has none of that name.
const BUILTIN: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("atom.xml", include_str!("builtin/atom.xml")),
];

pub struct Theme {
    pub dir: PathBuf,
    tera: Tera,
    /// Where each template came from, to point errors at the right file.
    files: BTreeMap<String, SourceFile>,
}

impl Theme {
    /// Reads `themes/<theme>/templates` and the site's `templates/`, which
    /// replaces the theme's file of the same name.
    pub fn load(root: &Path, config: &Config, config_file: &LoadedConfig) -> Result<Theme, Vec<Diagnostic>> {
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
        Ok(Theme { dir, tera, files })
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
            let d = Diagnostic::error(
                file_of(report.filename()),
                rule,
                format!("{}{rendering}", report.message()),
            );
            let d = match files.get(report.filename()) {
                Some(source) => d.at(source, pos),
                None => d.at_line(pos.line, pos.column),
            };
            d.with_help(if rule == "template-syntax" {
                "fix the template syntax here; tags are written {{ value }} and {% tag %}"
            } else {
                "check the variable names this template uses against the README's template variables"
            })
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
            // Unknown filters and the like come as one text with positions.
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
    let refs = context::page_refs(site);
    let own_section = context::section_index(site);
    let site_ctx = context::site_context(site);
    let mut base = Context::new();
    base.insert("site", &site_ctx);

    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| render_page(site, &refs, own_section[i], i, &base))
        .collect();
    let mut output = Output::default();
    let mut diagnostics = Vec::new();
    for r in results {
        match r {
            Ok((path, bytes)) => {
                output.files.insert(path, Content::Bytes(bytes));
            }
            Err(d) => diagnostics.push(d),
        }
    }
    match site_files(site, &refs, &base) {
        Ok(files) => {
            for (path, bytes) in files {
                output.files.insert(path, Content::Bytes(bytes));
            }
        }
        Err(ds) => diagnostics.extend(ds),
    }
    for asset in &site.assets {
        output
            .files
            .entry(asset.path.clone())
            .or_insert_with(|| Content::Copy(asset.source.clone()));
    }
    if diagnostics.is_empty() {
        Ok(output)
    } else {
        crate::diagnostics::sort(&mut diagnostics);
        Err(diagnostics)
    }
}

fn render_page(
    site: &Site,
    refs: &[PageRef],
    own_section: Option<usize>,
    i: usize,
    base: &Context,
) -> Result<(String, Vec<u8>), Diagnostic> {
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
    let content = match &page.body {
        Body::Markdown(doc) => doc.to_html(site.resolved.pages[i].first().map_or(&[][..], |v| v.as_slice())),
        _ => String::new(),
    };
    let jsonld = crate::jsonld::page(site, refs, i);
    let section = own_section.map(|s| &site.sections[s]);
    let page_ctx = context::page_context(site, refs, section, i, content, jsonld);
    let mut ctx = base.clone();
    ctx.insert("page", &page_ctx);
    if page.is_section {
        ctx.insert("section", &page_ctx);
    }
    if let Some(c) = context::comparison_context(site, i) {
        ctx.insert("comparison", &c);
    }
    if let Some(f) = context::faq_context(site, i) {
        ctx.insert("faq", &f);
    }
    let path = page.source.path().display().to_string();
    let html = site.theme.render(template, &ctx, Some(&path))?;
    Ok((output_path(&site.routes[i]), html.into_bytes()))
}

/// `/a/b/` -> `a/b/index.html`.
pub fn output_path(route: &str) -> String {
    format!("{}index.html", route.trim_start_matches('/'))
}

fn site_files(site: &Site, refs: &[PageRef], base: &Context) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut sitemap: Vec<&PageRef> = refs.iter().collect();
    sitemap.sort_by(|a, b| a.url.cmp(&b.url));
    let mut feed: Vec<&PageRef> = refs.iter().filter(|r| r.date.is_some()).collect();
    feed.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let feed_updated = refs
        .iter()
        .filter_map(|r| r.updated.as_ref().or(r.date.as_ref()))
        .max()
        .cloned()
        .unwrap_or_else(|| "1970-01-01".to_string());
    let mut ctx = base.clone();
    ctx.insert("sitemap", &sitemap);
    ctx.insert("feed", &feed);
    ctx.insert("feed_updated", &feed_updated);
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    let mut names = vec!["sitemap.xml", "robots.txt", "atom.xml"];
    if site.theme.has("404.html") {
        names.push("404.html");
    }
    for name in names {
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
