//! Each page's route and the section it is listed in.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::page::Page;
use crate::content::section::Section;
use crate::diagnostics::Diagnostic;
use crate::urls::folded;

/// Each page's route from its folder and file names, `slug` replacing the
/// last part (a section's slug renames its folder for everything below).
/// Parts taken from file and folder names are lower case, as Hugo and Zola
/// make them: hosts differ on whether `/Risks/` and `/risks/` are one page,
/// so a URL with capitals works on one and breaks on the next. A `slug` is
/// kept as written (someone chose it), with a warning when it has capitals.
pub(crate) fn routes(pages: &[Page], config: &Config) -> (Vec<String>, Vec<Diagnostic>) {
    let router = Router::new(pages, config);
    let routes: Vec<String> = pages.iter().map(|p| router.route(p)).collect();
    let mut diagnostics: Vec<Diagnostic> = pages.iter().filter_map(slug_capitals).collect();
    diagnostics.extend(duplicates(pages, &routes));
    (routes, diagnostics)
}

/// The routes `others` (pages set aside, say) would have beside `pages`.
pub(crate) fn routes_beside<'p>(
    pages: &[Page],
    config: &Config,
    others: impl IntoIterator<Item = &'p Page>,
) -> Vec<String> {
    let router = Router::new(pages, config);
    others.into_iter().map(|p| router.route(p)).collect()
}

/// Routes from folder and file names and the sections' slugs.
struct Router<'a> {
    // A translated section's slug renames its folder in that language; a
    // folder without one in a language keeps the default language's name.
    section_slugs: HashMap<(&'a str, &'a str), &'a str>,
    config: &'a Config,
}

impl<'a> Router<'a> {
    fn new(pages: &'a [Page], config: &'a Config) -> Self {
        let section_slugs = pages
            .iter()
            .filter(|p| p.is_section)
            .filter_map(|p| Some(((p.lang.as_str(), p.dir()), p.meta.slug.as_deref()?)))
            .collect();
        Router { section_slugs, config }
    }

    fn dir_route(&self, lang: &str, dir: &str) -> String {
        let default = self.config.default_language();
        let mut route = self.config.language_prefix(lang);
        route.push('/');
        let mut sofar = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !sofar.is_empty() {
                sofar.push('/');
            }
            sofar.push_str(part);
            let slug = self
                .section_slugs
                .get(&(lang, sofar.as_str()))
                .or_else(|| self.section_slugs.get(&(default, sofar.as_str())));
            match slug {
                Some(slug) => route.push_str(slug),
                None => route.push_str(&part.to_lowercase()),
            }
            route.push('/');
        }
        route
    }

    fn route(&self, p: &Page) -> String {
        if p.is_section {
            return self.dir_route(&p.lang, p.dir());
        }
        let name = match p.meta.slug.as_deref() {
            Some(slug) => slug.to_string(),
            None => p.stem().to_lowercase(),
        };
        format!("{}{}/", self.dir_route(&p.lang, p.dir()), name)
    }
}

/// A warning for a `slug` with capitals: kept as written, since links and
/// bookmarks may already use it, but it is a URL that works on one host
/// and not on the next.
fn slug_capitals(page: &Page) -> Option<Diagnostic> {
    let slug = page.meta.slug.as_deref()?;
    if slug.to_lowercase() == slug {
        return None;
    }
    Some(
        Diagnostic::warning(
            page.source.path(),
            "slug-capitals",
            format!("the slug `{slug}` has capitals; the URL keeps them as written"),
        )
        .at(&page.source, page.spans.value("slug"))
        .with_help(format!(
            "web hosts differ on case: some serve /{slug}/ only when typed exactly so, others treat it as /{}/; write `slug: {}` unless the capitals are needed",
            slug.to_lowercase(),
            slug.to_lowercase()
        )),
    )
}

/// One error for each page whose route an earlier page already has.
fn duplicates(pages: &[Page], routes: &[String]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, route) in routes.iter().enumerate() {
        let key = folded(route);
        if let Some(&earlier) = first.get(&key) {
            // Blame the page whose `slug` made the clash, if only one has one.
            let (blamed, other) = match (pages[earlier].meta.slug.is_some(), pages[i].meta.slug.is_some()) {
                (true, false) => (earlier, i),
                _ => (i, earlier),
            };
            let page = &pages[blamed];
            let at = if page.meta.slug.is_some() {
                page.spans.value("slug")
            } else {
                page.spans.start()
            };
            diagnostics.push(
                Diagnostic::error(
                    page.source.path(),
                    "duplicate-url",
                    if routes[earlier] == *route {
                        format!(
                            "this page would have the URL {route}, like {}",
                            pages[other].source.path().display()
                        )
                    } else {
                        format!(
                            "this page's URL {} differs from that of {} ({}) only in capitals or accents; many web hosts and Mac and Windows disks treat the two as one",
                            routes[blamed],
                            pages[other].source.path().display(),
                            routes[other]
                        )
                    },
                )
                .at(&page.source, at)
                .with_help("give one of the two pages a different `slug`, or rename one file"),
            );
        } else {
            first.insert(key, i);
        }
    }
    diagnostics
}

pub(super) fn membership(pages: &[Page], sections: &[Section]) -> Vec<Option<usize>> {
    let mut of = vec![None; pages.len()];
    for (s, section) in sections.iter().enumerate() {
        for p in &section.pages {
            of[*p] = Some(s);
        }
        if let Some(parent) = section.parent {
            of[section.page] = Some(parent);
        }
    }
    of
}
