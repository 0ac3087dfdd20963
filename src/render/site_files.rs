//! The site-wide files: one row per file in `SITE_FILES`, with the inputs
//! it is rendered from. A file's template sees `site` and exactly the inputs
//! its row declares, so the declaration cannot fall behind the template, and
//! the incremental record (`incremental`) re-renders a file only when one of
//! its declared inputs changed. Adding a site-wide file is one row here and,
//! for a new kind of input, one arm in `insert`.

use tera::Context;

use super::context::Listings;
use crate::diagnostics::Diagnostic;

/// What a site-wide file may be made from besides `site` (site.yaml and the
/// theme, whose change re-renders everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// `sitemap`: every page's summary, by URL.
    Sitemap,
    /// `feed` and `feed_updated`: dated pages, newest first.
    Feed,
}

impl Input {
    /// Whether the input is made from the pages' summaries (`PageRef`s).
    pub fn from_pages(self) -> bool {
        match self {
            Input::Sitemap | Input::Feed => true,
        }
    }
}

pub struct SiteFile {
    /// The output path, which is also the template's name.
    pub path: &'static str,
    pub inputs: &'static [Input],
    /// Written only when the theme has the template (the others have a
    /// built-in one).
    pub optional: bool,
}

pub const SITE_FILES: &[SiteFile] = &[
    SiteFile {
        path: "sitemap.xml",
        inputs: &[Input::Sitemap],
        optional: false,
    },
    SiteFile {
        path: "robots.txt",
        inputs: &[],
        optional: false,
    },
    SiteFile {
        path: "atom.xml",
        inputs: &[Input::Feed],
        optional: false,
    },
    SiteFile {
        path: "404.html",
        inputs: &[],
        optional: true,
    },
];

impl SiteFile {
    /// Whether the file depends on the pages' summaries.
    pub fn reads_pages(&self) -> bool {
        self.inputs.iter().any(|i| i.from_pages())
    }
}

/// Renders the files `wanted` says yes to, each from `base` (which holds
/// `site`) plus its declared inputs.
pub fn render(
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
