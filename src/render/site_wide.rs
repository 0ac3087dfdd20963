//! Rendering the site-wide files of `crate::site_files::SITE_FILES`: each
//! template sees `site` and exactly the inputs its row declares, so the
//! declaration cannot fall behind the template.

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
    let site = listings.site();
    let theme = &site.theme;
    let search = super::search::enabled(site);
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    for file in SITE_FILES.iter().filter(|f| f.written(|t| theme.has(t), search)) {
        if !wanted(file) {
            continue;
        }
        let mut ctx = base.clone();
        for input in file.inputs {
            insert(&mut ctx, *input, listings);
        }
        match theme.render(file.path, &ctx, None) {
            Ok(text) => out.push((file.path.to_string(), text.into_bytes())),
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(diagnostics)
    }
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
    }
}
