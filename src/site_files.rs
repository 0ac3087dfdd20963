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
    /// `redirects`: every page's old addresses (`aliases:`), each as
    /// `{from, to, output}`, sorted by `from`.
    Redirects,
    /// `headers`: the Content-Security-Policy and the other headers the
    /// host should send, and the content-named files it may keep for a year.
    Headers,
}

impl Input {
    /// Whether the input is made from the pages' summaries (`PageRef`s).
    pub(crate) fn reads_pages(self) -> bool {
        match self {
            Input::Sitemap | Input::Feed | Input::Redirects => true,
            Input::Headers => false,
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
    /// Written once per old address, at that address's own path, with the
    /// redirect as `alias`; `path` is then only the template's name.
    pub(crate) per_alias: bool,
    /// Written once per language: at `path` for the default language, at
    /// `<code>/path` for the others, each from that language's pages.
    pub(crate) per_language: bool,
    /// Written only when the site has search (`config::search`).
    pub(crate) with_search: bool,
}

pub(crate) const SITE_FILES: &[SiteFile] = &[
    SiteFile {
        path: "sitemap.xml",
        per_language: false,
        inputs: &[Input::Sitemap],
        optional: false,
        per_alias: false,
        with_search: false,
    },
    SiteFile {
        path: "robots.txt",
        per_language: false,
        inputs: &[],
        optional: false,
        per_alias: false,
        with_search: false,
    },
    SiteFile {
        path: "atom.xml",
        per_language: true,
        inputs: &[Input::Feed],
        optional: false,
        per_alias: false,
        with_search: false,
    },
    SiteFile {
        path: "404.html",
        per_language: true,
        inputs: &[],
        optional: true,
        per_alias: false,
        with_search: false,
    },
    // Netlify's and Cloudflare Pages' redirect file: one `from to 301` line each.
    SiteFile {
        path: "_redirects",
        inputs: &[Input::Redirects],
        optional: false,
        per_alias: false,
        per_language: false,
        with_search: false,
    },
    // For every other host: a page at each old address that sends the
    // browser on, tells search engines the new address, and shows a link.
    SiteFile {
        path: "alias.html",
        inputs: &[Input::Redirects],
        optional: false,
        per_alias: true,
        per_language: false,
        with_search: false,
    },
    // Netlify's and Cloudflare Pages' header rules (others ignore the file).
    SiteFile {
        path: "_headers",
        inputs: &[Input::Headers],
        optional: false,
        per_alias: false,
        per_language: false,
        with_search: false,
    },
    // The clinic's colours as a stylesheet: the policy forbids `<style>`.
    SiteFile {
        path: "css/brand.css",
        inputs: &[],
        optional: true,
        per_alias: false,
        per_language: false,
        with_search: false,
    },
    // The search page, which without JavaScript lists every topic.
    SiteFile {
        path: SEARCH_PAGE,
        inputs: &[Input::Sitemap],
        optional: true,
        per_alias: false,
        per_language: true,
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
    /// The output path of the file for the language whose route prefix is
    /// `prefix` (`/es`, or "" for the default language).
    pub(crate) fn path_for(&self, prefix: &str) -> String {
        match prefix.trim_start_matches('/') {
            "" => self.path.to_string(),
            code => format!("{code}/{}", self.path),
        }
    }

    /// Every output path of the file, given the route prefix of each language.
    pub(crate) fn paths(&self, prefixes: &[String]) -> Vec<String> {
        if self.per_language {
            prefixes.iter().map(|p| self.path_for(p)).collect()
        } else {
            vec![self.path.to_string()]
        }
    }

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
