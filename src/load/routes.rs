//! Each page's route and the section it is listed in.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::content::page::Page;
use crate::content::section::Section;
use crate::diagnostics::Diagnostic;

/// Each page's route from its folder and file names, `slug` replacing the
/// last part (a section's slug renames its folder for everything below).
pub(super) fn routes(pages: &[Page]) -> (Vec<String>, Vec<Diagnostic>) {
    let section_slugs: HashMap<&str, &str> = pages
        .iter()
        .filter(|p| p.is_section)
        .filter_map(|p| Some((p.dir(), p.meta.slug.as_deref()?)))
        .collect();
    let dir_route = |dir: &str| -> String {
        let mut route = String::from("/");
        let mut sofar = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !sofar.is_empty() {
                sofar.push('/');
            }
            sofar.push_str(part);
            route.push_str(section_slugs.get(sofar.as_str()).copied().unwrap_or(part));
            route.push('/');
        }
        route
    };
    let routes: Vec<String> = pages
        .iter()
        .map(|p| {
            if p.is_section {
                dir_route(p.dir())
            } else {
                let name = p.meta.slug.as_deref().unwrap_or(p.stem());
                format!("{}{}/", dir_route(p.dir()), name)
            }
        })
        .collect();
    let diagnostics = duplicates(pages, &routes);
    (routes, diagnostics)
}

/// One error for each page whose route an earlier page already has.
fn duplicates(pages: &[Page], routes: &[String]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, route) in routes.iter().enumerate() {
        if let Some(&earlier) = first.get(&folded(route)) {
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
            first.insert(folded(route), i);
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

/// A path as case-insensitive hosts and disks see it: lower case, and
/// accents in one (composed) form, so `café` typed either way is one name.
pub(super) fn folded(path: &str) -> String {
    path.nfc().collect::<String>().to_lowercase()
}
