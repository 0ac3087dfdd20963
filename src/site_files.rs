//! The site-wide files, one row each: the output path (also the template's
//! name) and the inputs it is rendered from. Loading reads the paths (every
//! output path has one owner), rendering reads the inputs (`render/site_wide`
//! gives a file's template exactly those), and the incremental record renders
//! a file again only when one of its inputs changed. Adding a site-wide file
//! is one row here and, for a new kind of input, one arm in
//! `render/site_wide.rs`.

/// What a site-wide file may be made from besides `site` (site.yaml and the
/// theme, whose change re-renders everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// `sitemap`: every page's summary, by URL.
    Sitemap,
    /// `feed` and `feed_updated`: dated pages, newest first.
    Feed,
}

impl Input {
    /// Whether the input is made from the pages' summaries (`PageRef`s).
    pub(crate) fn reads_pages(self) -> bool {
        match self {
            Input::Sitemap | Input::Feed => true,
        }
    }
}

pub(crate) struct SiteFile {
    /// The output path, which is also the template's name.
    pub(crate) path: &'static str,
    pub(crate) inputs: &'static [Input],
    /// Written only when the theme has the template (the others have a
    /// built-in one).
    pub(crate) optional: bool,
    /// Written only when the site has search (`config::search`).
    pub(crate) with_search: bool,
}

pub(crate) const SITE_FILES: &[SiteFile] = &[
    SiteFile {
        path: "sitemap.xml",
        inputs: &[Input::Sitemap],
        optional: false,
        with_search: false,
    },
    SiteFile {
        path: "robots.txt",
        inputs: &[],
        optional: false,
        with_search: false,
    },
    SiteFile {
        path: "atom.xml",
        inputs: &[Input::Feed],
        optional: false,
        with_search: false,
    },
    SiteFile {
        path: "404.html",
        inputs: &[],
        optional: true,
        with_search: false,
    },
    // The search page, which without JavaScript lists every topic.
    SiteFile {
        path: SEARCH_PAGE,
        inputs: &[Input::Sitemap],
        optional: true,
        with_search: true,
    },
];

/// The search page's output path and template.
pub(crate) const SEARCH_PAGE: &str = "search/index.html";

/// The search index: made from every indexed page's rendered HTML (not a
/// template), one folder per language (`render::search`). It is rebuilt
/// whenever a page it holds was rendered again or is gone.
pub(crate) struct SiteIndex {
    /// The default language's folder; another language's is below its code.
    pub(crate) folder: &'static str,
}

pub(crate) const SEARCH_INDEX: SiteIndex = SiteIndex { folder: "pagefind/" };

impl SiteFile {
    /// Whether the file is written, for a theme that has the templates
    /// `theme_has` says yes to, with search on or off.
    pub(crate) fn written(&self, theme_has: impl Fn(&str) -> bool, search: bool) -> bool {
        (!self.optional || theme_has(self.path)) && (search || !self.with_search)
    }

    /// Whether the file depends on the pages' summaries.
    pub(crate) fn reads_pages(&self) -> bool {
        self.inputs.iter().any(|i| i.reads_pages())
    }
}
