//! Rendering the site-wide files of `crate::site_files::SITE_FILES`: each
//! template sees `site` and exactly the inputs its row declares, so the
//! declaration cannot fall behind the template.

use serde::Serialize;
use tera::Context;

use super::context::Listings;
use crate::diagnostics::Diagnostic;
use crate::site_files::{Input, SiteFile, SITE_FILES};

/// Renders the files `wanted` says yes to, each from `base` (which holds
/// `site`) plus its declared inputs.
pub(crate) fn render(
    listings: &Listings<'_>,
    bases: &[Context],
    wanted: impl Fn(&SiteFile) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let site = listings.site();
    let theme = &site.theme;
    let codes = site.config.language_codes();
    let search = super::search::enabled(site);
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    for file in SITE_FILES.iter().filter(|f| f.written(|t| theme.has(t), search)) {
        if !wanted(file) {
            continue;
        }
        // A file of every language is rendered once per language, from that
        // language's `site` and pages; the others once, from the default's.
        let languages = if file.per_language { codes.len() } else { 1 };
        for (l, base) in bases.iter().enumerate().take(languages) {
            let lang = file.per_language.then_some(codes[l]);
            let mut ctx = base.clone();
            for input in file.inputs {
                insert(&mut ctx, *input, listings, lang);
            }
            let mut write = |path: String, ctx: &Context| match theme.render(file.path, ctx, None) {
                Ok(text) => out.push((path, text.into_bytes())),
                Err(d) => diagnostics.push(d),
            };
            if file.per_alias {
                for alias in redirects(listings) {
                    ctx.insert("alias", &alias);
                    write(alias.output.clone(), &ctx);
                }
            } else {
                write(file.path_for(&site.config.language_prefix(codes[l])), &ctx);
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
}

/// One old address of a page and where it leads now.
#[derive(Serialize)]
pub(crate) struct Redirect {
    /// The old URL, with the base path: `/old-page/`.
    from: String,
    /// The page's URL now, and its full address.
    to: String,
    permalink: String,
    title: String,
    /// The file written at the old address.
    pub(crate) output: String,
}

/// Every page's old addresses, sorted by the old URL.
pub(crate) fn redirects(listings: &Listings<'_>) -> Vec<Redirect> {
    let site = listings.site();
    let mut all: Vec<Redirect> = listings
        .refs
        .iter()
        .zip(&site.pages)
        .flat_map(|(r, page)| {
            r.aliases.iter().zip(&page.meta.aliases).map(|(from, route)| Redirect {
                from: from.clone(),
                to: r.url.clone(),
                permalink: r.permalink.clone(),
                title: r.title.clone(),
                output: crate::content::aliases::output_path(route),
            })
        })
        .collect();
    all.sort_by(|a, b| a.from.cmp(&b.from));
    all
}

/// `lang`: only the pages of that language (for a file of each language).
fn insert(ctx: &mut Context, input: Input, listings: &Listings<'_>, lang: Option<&str>) {
    let refs = &listings.refs;
    let shown = |k: &usize| lang.is_none_or(|l| refs[*k].lang == l);
    let values =
        |list: Vec<usize>| tera::Value::from(list.into_iter().map(|k| listings.ref_value(k)).collect::<Vec<_>>());
    match input {
        Input::Sitemap => {
            let mut sitemap: Vec<usize> = (0..refs.len()).filter(shown).collect();
            sitemap.sort_by(|a, b| refs[*a].url.cmp(&refs[*b].url));
            ctx.insert_value("sitemap", values(sitemap));
        }
        Input::Feed => {
            let mut feed: Vec<usize> = (0..refs.len())
                .filter(|k| refs[*k].date.is_some() && shown(k))
                .collect();
            feed.sort_by(|a, b| {
                refs[*b]
                    .date
                    .cmp(&refs[*a].date)
                    .then_with(|| refs[*a].url.cmp(&refs[*b].url))
            });
            let updated = refs
                .iter()
                .filter(|r| lang.is_none_or(|l| r.lang == l))
                .filter_map(|r| r.updated.as_ref().or(r.date.as_ref()))
                .max()
                .cloned()
                .unwrap_or_else(|| "1970-01-01".to_string());
            ctx.insert_value("feed", values(feed));
            ctx.insert("feed_updated", &updated);
        }
        Input::Redirects => ctx.insert("redirects", &redirects(listings)),
        Input::Headers => ctx.insert("headers", &super::csp::headers(listings.site())),
    }
}
