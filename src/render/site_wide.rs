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
    base: &Context,
    wanted: impl Fn(&SiteFile) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let theme = &listings.site().theme;
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    for file in SITE_FILES.iter().filter(|f| !f.optional || theme.has(f.path)) {
        if !wanted(file) {
            continue;
        }
        let mut ctx = base.clone();
        for input in file.inputs {
            insert(&mut ctx, *input, listings);
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
            write(file.path.to_string(), &ctx);
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

fn insert(ctx: &mut Context, input: Input, listings: &Listings<'_>) {
    let refs = &listings.refs;
    let values =
        |list: Vec<usize>| tera::Value::from(list.into_iter().map(|k| listings.ref_value(k)).collect::<Vec<_>>());
    match input {
        Input::Sitemap => {
            let mut sitemap: Vec<usize> = (0..refs.len()).collect();
            sitemap.sort_by(|a, b| refs[*a].url.cmp(&refs[*b].url));
            ctx.insert_value("sitemap", values(sitemap));
        }
        Input::Feed => {
            let mut feed: Vec<usize> = (0..refs.len()).filter(|k| refs[*k].date.is_some()).collect();
            feed.sort_by(|a, b| {
                refs[*b]
                    .date
                    .cmp(&refs[*a].date)
                    .then_with(|| refs[*a].url.cmp(&refs[*b].url))
            });
            let updated = refs
                .iter()
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
