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
    /// The language of the pages this context is for, and its home page.
    pub(crate) language: &'a str,
    pub(crate) language_name: &'a str,
    pub(crate) locale: String,
    pub(crate) home_url: String,
    /// Every language of the site, the default first: `{code, name, url}`.
    pub(crate) languages: Vec<LanguageContext>,
    pub(crate) clinic: Option<&'a Clinic>,
    pub(crate) reviewers: Vec<ReviewerContext>,
    pub(crate) disclaimer: Option<&'a str>,
    pub(crate) menu: Vec<MenuContext>,
    pub(crate) extra: &'a crate::yaml::Value,
    pub(crate) feed_url: String,
    /// The full addresses of this language's home page and feed.
    pub(crate) home_permalink: String,
    pub(crate) feed_permalink: String,
    pub(crate) sitemap_url: String,
    /// Each stylesheet's and script's URL under its content name, by plain
    /// path (`css/style.css`): what the `asset` function returns.
    pub(crate) assets: std::collections::BTreeMap<&'a str, String>,
    /// Present when the site has search.
    pub(crate) search: Option<SearchContext>,
}

/// Where the search page and the search index are.
#[derive(Serialize)]
pub(crate) struct SearchContext {
    /// The search page ("/search/").
    pub(crate) url: String,
    /// The folder of the site language's index ("/pagefind/"), which holds
    /// the `pagefind.js` the search page loads.
    pub(crate) bundle: String,
}

#[derive(Serialize)]
pub(crate) struct LanguageContext {
    pub(crate) code: String,
    pub(crate) name: String,
    /// The language's home page.
    pub(crate) url: String,
}

/// One version of a page, for `hreflang` alternates and the sitemap.
#[derive(Serialize, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Alternate {
    pub(crate) lang: String,
    pub(crate) locale: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
}

/// A link of the language switcher: the same page in another language, or
/// (`translated: false`) the nearest section of that language.
#[derive(Serialize, Clone, PartialEq, Eq, Debug)]
pub(crate) struct SwitchLink {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) current: bool,
    pub(crate) translated: bool,
}

/// The original of a translation, and whether the translation is behind it.
#[derive(Serialize, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Original {
    pub(crate) url: String,
    pub(crate) lang: String,
    pub(crate) language_name: String,
    /// The original's `updated` (else `date`), if it has one.
    pub(crate) updated: Option<String>,
    /// The original changed since the translation was last checked against it.
    pub(crate) outdated: bool,
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
    /// The page's old addresses (`aliases:`), as URLs with the base path.
    pub(crate) aliases: Vec<String>,
    /// The language code the page is written in.
    pub(crate) lang: String,
    /// Every version of the page (itself included), the default language's
    /// first; empty when the page has no translation.
    pub(crate) translations: Vec<Alternate>,
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
    /// The first day the page is up, and the first day it is not (an
    /// offer's page may say when it ends).
    pub(crate) publish_date: Option<String>,
    pub(crate) expiry_date: Option<String>,
    /// The pages this page shows: see `PageLinks`.
    #[serde(flatten)]
    pub(crate) links: PageLinks,
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: usize,
    /// schema.org JSON-LD for the page, safe to print inside a script tag.
    pub(crate) jsonld: String,
    pub(crate) language_name: &'a str,
    /// The language switcher: every language of the site (empty on a site of one).
    pub(crate) languages: Vec<SwitchLink>,
    /// On a translation: its original.
    pub(crate) original: Option<Original>,
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
    /// The social card made from the image, when it is one of the site's.
    pub(crate) card: Option<CardContext>,
    /// The image as a hero `<picture>`, when it is a processed raster image.
    pub(crate) picture: Option<String>,
}

/// What `og:image` needs: the card's absolute URL and its size.
#[derive(Serialize)]
pub(crate) struct CardContext {
    pub(crate) url: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

pub(crate) fn origin(config: &Config) -> &str {
    let base = config.base_url.as_str();
    &base[..base.len() - config.base_path().len()]
}

/// The `site` value of each of the site's languages, the default first.
pub(crate) fn site_contexts(site: &Site) -> Vec<SiteContext<'_>> {
    let codes = site.config.language_codes();
    (0..codes.len()).map(|l| site_context(site, l)).collect()
}

/// The `site` value for the pages of the site's `l`-th language.
pub(crate) fn site_context(site: &Site, l: usize) -> SiteContext<'_> {
    let config = &site.config;
    let base_path = config.base_path();
    let codes = config.language_codes();
    let lang = codes[l];
    let home = |code: &str| format!("{base_path}{}/", config.language_prefix(code));
    let no_menu = Vec::new();
    let urls = site.resolved.menu.get(l).unwrap_or(&no_menu);
    SiteContext {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        url: format!("{base_path}/"),
        language: lang,
        language_name: config.language_name(lang),
        locale: config.locale(lang),
        home_url: home(lang),
        languages: codes
            .iter()
            .filter(|_| config.is_multilingual())
            .map(|c| LanguageContext {
                code: c.to_string(),
                name: config.language_name(c).to_string(),
                url: home(c),
            })
            .collect(),
        clinic: config.clinic.as_ref(),
        reviewers: config.reviewers.iter().filter_map(|r| reviewer(site, &r.id)).collect(),
        disclaimer: config.disclaimer.as_ref().map(|d| d.get(lang)),
        menu: config
            .menu
            .iter()
            .zip(urls)
            .filter(|(_, url)| !url.is_empty())
            .map(|(item, url)| MenuContext {
                label: item.label.get(lang).to_string(),
                url: url.clone(),
                external: item.url.is_some(),
            })
            .collect(),
        extra: &config.extra,
        feed_url: format!("{base_path}{}/atom.xml", config.language_prefix(lang)),
        home_permalink: format!("{}{}", origin(config), home(lang)),
        feed_permalink: format!("{}{base_path}{}/atom.xml", origin(config), config.language_prefix(lang)),
        sitemap_url: format!("{}{base_path}/sitemap.xml", origin(config)),
        assets: site
            .fingerprinted
            .iter()
            .map(|f| (f.path.as_str(), format!("{base_path}/{}", f.published)))
            .collect(),
        search: super::search::enabled(site).then(|| SearchContext {
            url: format!(
                "{base_path}{}/{}",
                config.language_prefix(lang),
                crate::site_files::SEARCH_PAGE.trim_end_matches("index.html")
            ),
            bundle: format!("{base_path}/{}", super::search::folder(lang, config.default_language())),
        }),
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
        aliases: p
            .meta
            .aliases
            .iter()
            .map(|a| format!("{base_path}{}", crate::urls::url_path(a)))
            .collect(),
        lang: p.lang.clone(),
        translations: alternates(site, i),
    }
}

/// Every version of page `i`, for `hreflang`: from the versions' routes.
pub(crate) fn alternates(site: &Site, i: usize) -> Vec<Alternate> {
    let base_path = site.config.base_path();
    site.translations[i]
        .iter()
        .map(|&v| {
            let url = format!("{base_path}{}", crate::urls::url_path(&site.routes[v]));
            Alternate {
                lang: site.pages[v].lang.clone(),
                locale: site.config.locale(&site.pages[v].lang),
                permalink: format!("{}{url}", origin(&site.config)),
                url,
            }
        })
        .collect()
}

/// Every page's reference, made in parallel.
pub(crate) fn page_refs(site: &Site) -> Vec<PageRef> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_ref(site, i))
        .collect()
}

/// Whether `earlier`, made by `page_ref` for this same parsed page under the
/// same configuration, is still page `i`'s reference: only the route and
/// the versions' routes can have changed since.
pub(crate) fn ref_is_current(site: &Site, i: usize, earlier: &PageRef) -> bool {
    earlier.url.strip_prefix(site.config.base_path()) == Some(site.routes[i].as_str())
        && (site.translations[i].is_empty() && earlier.translations.is_empty()
            || earlier.translations == alternates(site, i))
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

/// What a page shows about its languages (see `render::languages`).
pub(crate) struct PageLanguages {
    pub(crate) switcher: Vec<SwitchLink>,
    pub(crate) original: Option<Original>,
}

pub(crate) fn page_context<'a>(
    listings: &'a Listings<'a>,
    i: usize,
    source: &crate::diagnostics::SourceFile,
    content: String,
    jsonld: String,
    languages: PageLanguages,
) -> PageContext<'a> {
    let site = listings.site;
    let page = &site.pages[i];
    let word_count = words(page, source);
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
            card: site.cards[i].as_ref().map(|card| CardContext {
                url: format!("{}/{}", site.config.base_url, crate::urls::url_path(&card.path)),
                width: crate::social::card::WIDTH,
                height: crate::social::card::HEIGHT,
            }),
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
        publish_date: page.meta.schedule.publish.map(|d| d.iso()),
        expiry_date: page.meta.schedule.expiry.map(|d| d.iso()),
        links: listings.links(i),
        word_count,
        reading_minutes: word_count.div_ceil(200).max(1),
        jsonld,
        language_name: site.config.language_name(&page.lang),
        languages: languages.switcher,
        original: languages.original,
    }
}

/// The day a review made on `reviewed` is due again.
pub(crate) fn next_review(reviewed: crate::content::meta::Date, max_age_days: u32) -> Option<String> {
    let span = jiff::Span::new().try_days(i64::from(max_age_days)).ok()?;
    reviewed.0.checked_add(span).ok().map(|d| d.to_string())
}

/// `source`: the page's file with its text (see `load::release`).
fn words(page: &Page, source: &crate::diagnostics::SourceFile) -> usize {
    page.documents().iter().map(|d| count_words(d.text_in(source))).sum()
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
