//! Template contexts: the values each template sees. Built from the `Site`
//! once per page; documented variable by variable in the README.
//!
//! Rust builds values here, never HTML: the page content comes from the
//! Markdown renderer and everything else is the theme's business.

use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::{Clinic, Config};
use crate::content::page::{Body, Page};
use crate::load::Site;
use crate::markdown::TocEntry;

#[derive(Serialize)]
pub(crate) struct SiteContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) base_url: &'a str,
    /// The home page's URL ("/" or the base path).
    pub(crate) url: String,
    pub(crate) language: &'a str,
    pub(crate) clinic: Option<&'a Clinic>,
    pub(crate) reviewers: Vec<ReviewerContext>,
    pub(crate) disclaimer: Option<&'a str>,
    pub(crate) menu: Vec<MenuContext>,
    pub(crate) extra: &'a crate::yaml::Value,
    pub(crate) feed_url: String,
    pub(crate) sitemap_url: String,
}

#[derive(Serialize, Clone, PartialEq, Eq)]
pub(crate) struct ReviewerContext {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) credentials: Option<String>,
    pub(crate) url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct MenuContext {
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) external: bool,
}

/// A page as other pages see it: in listings, breadcrumbs, previous/next.
#[derive(Serialize, Clone, PartialEq, Eq)]
pub(crate) struct PageRef {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) kind: &'static str,
    pub(crate) date: Option<String>,
    pub(crate) updated: Option<String>,
    pub(crate) weight: Option<i64>,
    pub(crate) tags: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    #[serde(flatten)]
    pub(crate) summary: &'a PageRef,
    /// The source file below content/.
    pub(crate) path: &'a str,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) reviewer: Option<ReviewerContext>,
    pub(crate) last_reviewed: Option<String>,
    /// When the review is due again: `last_reviewed` plus site.yaml's
    /// `review_max_age_days`.
    pub(crate) next_review: Option<String>,
    /// The references the page cites, numbered, with their anchors.
    pub(crate) sources: &'a [crate::content::sources::Source],
    pub(crate) image: Option<ImageContext>,
    pub(crate) procedure: Option<&'a str>,
    pub(crate) extra: &'a crate::yaml::Value,
    pub(crate) draft: bool,
    /// The pages this page shows: see `PageLinks`.
    #[serde(flatten)]
    pub(crate) links: PageLinks,
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: usize,
    /// schema.org JSON-LD for the page, safe to print inside a script tag.
    pub(crate) jsonld: String,
}

/// The other pages a page shows, as template values shared with every page
/// that shows the same list (see `Listings`).
#[derive(Serialize)]
pub(crate) struct PageLinks {
    /// Sections from the home page down to this page's parent.
    pub(crate) ancestors: Value,
    /// The section this page is listed in.
    pub(crate) section: Option<Value>,
    pub(crate) previous: Option<Value>,
    pub(crate) next: Option<Value>,
    /// For a section: its pages in order, and the sections below it.
    pub(crate) pages: Value,
    pub(crate) subsections: Value,
    /// The pages of the section this page is listed in, in order (this page
    /// included): for a section's navigation beside each of its pages.
    pub(crate) siblings: Value,
}

/// The pages one page shows, slot by slot, as page indices: what its
/// `PageLinks` are made of, and so what its rendering depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shown<'l> {
    pub(crate) ancestors: &'l [usize],
    pub(crate) section: Option<usize>,
    pub(crate) previous: Option<usize>,
    pub(crate) next: Option<usize>,
    pub(crate) pages: &'l [usize],
    pub(crate) subsections: &'l [usize],
    pub(crate) siblings: &'l [usize],
}

#[derive(Serialize)]
pub(crate) struct ImageContext {
    pub(crate) src: String,
    pub(crate) alt: Option<String>,
    /// The image as a hero `<picture>`, when it is a processed raster image.
    pub(crate) picture: Option<String>,
}

pub(crate) fn origin(config: &Config) -> &str {
    let base = config.base_url.as_str();
    &base[..base.len() - config.base_path().len()]
}

pub(crate) fn site_context(site: &Site) -> SiteContext<'_> {
    let config = &site.config;
    let base_path = config.base_path();
    SiteContext {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        url: format!("{base_path}/"),
        language: &config.language,
        clinic: config.clinic.as_ref(),
        reviewers: config.reviewers.iter().filter_map(|r| reviewer(site, &r.id)).collect(),
        disclaimer: config.disclaimer.as_deref(),
        menu: config
            .menu
            .iter()
            .zip(&site.resolved.menu)
            .map(|(item, url)| MenuContext {
                label: item.label.clone(),
                url: url.clone(),
                external: item.url.is_some(),
            })
            .collect(),
        extra: &config.extra,
        feed_url: format!("{base_path}/atom.xml"),
        sitemap_url: format!("{}{base_path}/sitemap.xml", origin(config)),
    }
}

pub(crate) fn reviewer(site: &Site, id: &str) -> Option<ReviewerContext> {
    let r = site.config.reviewer(id)?;
    Some(ReviewerContext {
        id: r.id.clone(),
        name: r.name.clone(),
        credentials: r.credentials.clone(),
        url: site.resolved.reviewer_pages.get(id).cloned(),
    })
}

/// Page `i`'s reference, made from the page, its route and the
/// configuration alone (`ref_is_current` relies on that).
pub(crate) fn page_ref(site: &Site, i: usize) -> PageRef {
    let p = &site.pages[i];
    let route = &site.routes[i];
    let base_path = site.config.base_path();
    PageRef {
        title: p.meta.title.clone(),
        description: p.meta.description.clone(),
        url: format!("{base_path}{}", crate::urls::url_path(route)),
        permalink: format!("{}{base_path}{}", origin(&site.config), crate::urls::url_path(route)),
        kind: p.kind(),
        date: p.meta.date.map(|d| d.iso()),
        updated: p.meta.updated.map(|d| d.iso()),
        weight: p.meta.weight,
        tags: p.meta.tags.clone(),
    }
}

/// Every page's reference, made in parallel.
pub(crate) fn page_refs(site: &Site) -> Vec<PageRef> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_ref(site, i))
        .collect()
}

/// Whether `earlier`, made by `page_ref` for this same parsed page under the
/// same configuration, is still page `i`'s reference: only the route can
/// have changed since.
pub(crate) fn ref_is_current(site: &Site, i: usize, earlier: &PageRef) -> bool {
    earlier.url.strip_prefix(site.config.base_path()) == Some(site.routes[i].as_str())
}

/// Every page's `PageRef` and every section's lists for one render, each
/// turned into a template value at most once, when first shown.
///
/// Sharing is the point: tera keeps lists and maps behind `Arc`, and a value
/// serialized into a context is taken by `Arc` clone, so the hundred pages of
/// a section hold one `siblings` list between them instead of a hundred
/// copies of a hundred references.
pub(crate) struct Listings<'a> {
    site: &'a Site,
    pub(crate) refs: Vec<PageRef>,
    /// Which section each page is the `_index.md` of.
    own_section: Vec<Option<usize>>,
    /// Where each page stands in the list of the section it is listed in.
    position: Vec<Option<usize>>,
    /// Per section: its page and those of the sections above it, from the
    /// home page down (the ancestors of the pages it lists); the pages of the
    /// sections below it.
    chains: Vec<Vec<usize>>,
    subsection_pages: Vec<Vec<usize>>,
    ref_values: Vec<OnceLock<Value>>,
    chain_values: Vec<OnceLock<Value>>,
    pages_values: Vec<OnceLock<Value>>,
    subsection_values: Vec<OnceLock<Value>>,
}

impl<'a> Listings<'a> {
    /// `refs`: every page's reference, by page index (see `page_refs`).
    pub(crate) fn new(site: &'a Site, refs: Vec<PageRef>) -> Listings<'a> {
        let sections = &site.sections;
        let mut own_section = vec![None; site.pages.len()];
        let mut position = vec![None; site.pages.len()];
        for (s, section) in sections.iter().enumerate() {
            own_section[section.page] = Some(s);
            for (k, p) in section.pages.iter().enumerate() {
                if site.section_of[*p] == Some(s) && position[*p].is_none() {
                    position[*p] = Some(k);
                }
            }
        }
        let chains = (0..sections.len())
            .map(|s| {
                let mut chain = Vec::new();
                let mut at = Some(s);
                while let Some(s) = at {
                    chain.push(sections[s].page);
                    at = sections[s].parent;
                }
                chain.reverse();
                chain
            })
            .collect();
        let subsection_pages = sections
            .iter()
            .map(|section| section.subsections.iter().map(|sub| sections[*sub].page).collect())
            .collect();
        let lazy = |n: usize| (0..n).map(|_| OnceLock::new()).collect::<Vec<_>>();
        Listings {
            site,
            refs,
            own_section,
            position,
            chains,
            subsection_pages,
            ref_values: lazy(site.pages.len()),
            chain_values: lazy(sections.len()),
            pages_values: lazy(sections.len()),
            subsection_values: lazy(sections.len()),
        }
    }

    /// The `PageRef`s, for the next render to compare with.
    pub(crate) fn into_refs(self) -> Vec<PageRef> {
        self.refs
    }

    pub(crate) fn site(&self) -> &'a Site {
        self.site
    }

    /// Page `i`'s reference as a template value.
    pub(crate) fn ref_value(&self, i: usize) -> Value {
        self.ref_values[i]
            .get_or_init(|| Value::from_serializable(&self.refs[i]))
            .clone()
    }

    fn list_value(&self, cell: &OnceLock<Value>, pages: &[usize]) -> Value {
        cell.get_or_init(|| Value::from(pages.iter().map(|p| self.ref_value(*p)).collect::<Vec<Value>>()))
            .clone()
    }

    /// The pages page `i` shows, by index.
    pub(crate) fn shown(&self, i: usize) -> Shown<'_> {
        let sections = &self.site.sections;
        let parent = self.site.section_of[i];
        let own = self.own_section[i];
        let (previous, next) = match (parent, self.site.pages[i].is_section, self.position[i]) {
            (Some(s), false, Some(k)) => {
                let list = &sections[s].pages;
                (k.checked_sub(1).map(|k| list[k]), list.get(k + 1).copied())
            }
            _ => (None, None),
        };
        Shown {
            ancestors: parent.map_or(&[][..], |s| &self.chains[s]),
            section: parent.map(|s| sections[s].page),
            previous,
            next,
            pages: own.map_or(&[][..], |s| &sections[s].pages),
            subsections: own.map_or(&[][..], |s| &self.subsection_pages[s]),
            siblings: parent.map_or(&[][..], |s| &sections[s].pages),
        }
    }

    /// The pages page `i` shows, as template values: the same pages as
    /// `shown`, with every list taken from the section it belongs to.
    pub(crate) fn links(&self, i: usize) -> PageLinks {
        let sections = &self.site.sections;
        let parent = self.site.section_of[i];
        let own = self.own_section[i];
        let shown = self.shown(i);
        let empty = || Value::from(Vec::<Value>::new());
        PageLinks {
            ancestors: parent.map_or_else(empty, |s| self.list_value(&self.chain_values[s], &self.chains[s])),
            section: shown.section.map(|p| self.ref_value(p)),
            previous: shown.previous.map(|p| self.ref_value(p)),
            next: shown.next.map(|p| self.ref_value(p)),
            pages: own.map_or_else(empty, |s| self.list_value(&self.pages_values[s], &sections[s].pages)),
            subsections: own.map_or_else(empty, |s| {
                self.list_value(&self.subsection_values[s], &self.subsection_pages[s])
            }),
            siblings: parent.map_or_else(empty, |s| self.list_value(&self.pages_values[s], &sections[s].pages)),
        }
    }
}

pub(crate) fn page_context<'a>(
    listings: &'a Listings<'a>,
    i: usize,
    content: String,
    jsonld: String,
) -> PageContext<'a> {
    let site = listings.site;
    let page = &site.pages[i];
    let word_count = words(page);
    PageContext {
        summary: &listings.refs[i],
        path: &page.path,
        content,
        toc: match &page.body {
            Body::Markdown(doc) => doc.toc(),
            _ => Vec::new(),
        },
        reviewer: page.meta.reviewed_by.as_deref().and_then(|id| reviewer(site, id)),
        last_reviewed: page.meta.last_reviewed.map(|d| d.iso()),
        next_review: page
            .meta
            .last_reviewed
            .and_then(|d| next_review(d, site.config.review_max_age_days)),
        sources: &page.meta.sources,
        image: page.meta.image.as_ref().map(|img| ImageContext {
            src: site.resolved.images[i].clone().unwrap_or_else(|| img.src.clone()),
            alt: img.alt.clone(),
            picture: site.resolved.image_pictures[i].as_deref().map(|p| {
                let at = crate::picture::Use {
                    alt: img.alt.as_deref().unwrap_or(""),
                    title: None,
                    sizes: None,
                    priority: crate::picture::Priority::High,
                };
                crate::picture::html(p, &at)
            }),
        }),
        procedure: page.meta.procedure.as_deref(),
        extra: &page.meta.extra,
        draft: page.meta.draft,
        links: listings.links(i),
        word_count,
        reading_minutes: word_count.div_ceil(200).max(1),
        jsonld,
    }
}

/// The day a review made on `reviewed` is due again.
pub(crate) fn next_review(reviewed: crate::content::meta::Date, max_age_days: u32) -> Option<String> {
    let span = jiff::Span::new().try_days(i64::from(max_age_days)).ok()?;
    reviewed.0.checked_add(span).ok().map(|d| d.to_string())
}

fn words(page: &Page) -> usize {
    page.documents().iter().map(|d| count_words(d.text())).sum()
}

/// Words as runs of non-space bytes: the same count as `split_whitespace`
/// for the ASCII spaces that separate words in practice, at byte speed.
fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b.is_ascii_whitespace();
        count += usize::from(in_word && space);
        in_word = !space;
    }
    count + usize::from(in_word)
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_are_counted_like_split_whitespace() {
        for text in ["", "one", " two  words ", "a\nb\tc", "héllo wörld – ok"] {
            assert_eq!(count_words(text), text.split_whitespace().count(), "{text:?}");
        }
    }
}
