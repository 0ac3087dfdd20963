//! Template contexts: the values each template sees. Built from the `Site`
//! once per page; documented variable by variable in the README.
//!
//! Rust builds values here, never HTML: the page content comes from the
//! Markdown renderer and everything else is the theme's business.

use serde::Serialize;

use crate::config::{Clinic, Config};
use crate::content::page::{Body, Page};
use crate::content::section::Section;
use crate::markdown::TocEntry;
use crate::site::Site;

#[derive(Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    /// The home page's URL ("/" or the base path).
    pub url: String,
    pub language: &'a str,
    pub clinic: Option<&'a Clinic>,
    pub reviewers: Vec<ReviewerContext>,
    pub disclaimer: Option<&'a str>,
    pub menu: Vec<MenuContext>,
    pub extra: &'a serde_yaml::Value,
    pub feed_url: String,
    pub sitemap_url: String,
}

#[derive(Serialize, Clone)]
pub struct ReviewerContext {
    pub id: String,
    pub name: String,
    pub credentials: Option<String>,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct MenuContext {
    pub label: String,
    pub url: String,
    pub external: bool,
}

/// A page as other pages see it: in listings, breadcrumbs, previous/next.
#[derive(Serialize, Clone)]
pub struct PageRef {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub tags: Vec<String>,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub summary: &'a PageRef,
    /// The source file below content/.
    pub path: &'a str,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub reviewer: Option<ReviewerContext>,
    pub last_reviewed: Option<String>,
    pub image: Option<ImageContext>,
    pub procedure: Option<&'a str>,
    pub extra: &'a serde_yaml::Value,
    pub draft: bool,
    /// Sections from the home page down to this page's parent.
    pub ancestors: Vec<&'a PageRef>,
    /// The section this page is listed in.
    pub section: Option<&'a PageRef>,
    pub previous: Option<&'a PageRef>,
    pub next: Option<&'a PageRef>,
    /// For a section: its pages in order, and the sections below it.
    pub pages: Vec<&'a PageRef>,
    pub subsections: Vec<&'a PageRef>,
    /// The pages of the section this page is listed in, in order (this page
    /// included): for a section's navigation beside each of its pages.
    pub siblings: Vec<&'a PageRef>,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// schema.org JSON-LD for the page, safe to print inside a script tag.
    pub jsonld: String,
}

#[derive(Serialize)]
pub struct ImageContext {
    pub src: String,
    pub alt: Option<String>,
}

#[derive(Serialize)]
pub struct ComparisonContext {
    pub caption_id: &'static str,
    pub intro: Option<String>,
    pub summary: Option<String>,
    pub options: Vec<OptionContext>,
    pub criteria: Vec<CriterionContext>,
}

#[derive(Serialize)]
pub struct OptionContext {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct CriterionContext {
    pub id: String,
    pub label: String,
    /// One per option, in the options' order.
    pub cells: Vec<CellContext>,
}

#[derive(Serialize)]
pub struct CellContext {
    pub option: String,
    pub option_name: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct FaqContext {
    pub intro: Option<String>,
    pub questions: Vec<QuestionContext>,
}

#[derive(Serialize)]
pub struct QuestionContext {
    pub id: String,
    pub question: String,
    pub answer: String,
}

pub fn origin(config: &Config) -> &str {
    let base = config.base_url.as_str();
    &base[..base.len() - config.base_path().len()]
}

pub fn site_context(site: &Site) -> SiteContext<'_> {
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

pub fn reviewer(site: &Site, id: &str) -> Option<ReviewerContext> {
    let r = site.config.reviewer(id)?;
    Some(ReviewerContext {
        id: r.id.clone(),
        name: r.name.clone(),
        credentials: r.credentials.clone(),
        url: site.resolved.reviewer_pages.get(id).cloned(),
    })
}

pub fn page_refs(site: &Site) -> Vec<PageRef> {
    let base_path = site.config.base_path();
    let origin = origin(&site.config);
    site.pages
        .iter()
        .zip(&site.routes)
        .map(|(p, route)| PageRef {
            title: p.meta.title.clone(),
            description: p.meta.description.clone(),
            url: format!("{base_path}{route}"),
            permalink: format!("{origin}{base_path}{route}"),
            kind: p.kind(),
            date: p.meta.date.map(|d| d.iso()),
            updated: p.meta.updated.map(|d| d.iso()),
            weight: p.meta.weight,
            tags: p.meta.tags.clone(),
        })
        .collect()
}

/// Which section a page is the `_index.md` of, if any.
pub fn section_index(site: &Site) -> Vec<Option<usize>> {
    let mut of = vec![None; site.pages.len()];
    for (s, section) in site.sections.iter().enumerate() {
        of[section.page] = Some(s);
    }
    of
}

pub fn page_context<'a>(
    site: &'a Site,
    refs: &'a [PageRef],
    own_section: Option<&'a Section>,
    i: usize,
    content: String,
    jsonld: String,
) -> PageContext<'a> {
    let page = &site.pages[i];
    let parent = site.section_of[i];
    let mut ancestors = Vec::new();
    let mut at = parent;
    while let Some(s) = at {
        ancestors.push(&refs[site.sections[s].page]);
        at = site.sections[s].parent;
    }
    ancestors.reverse();
    let (previous, next) = match (parent, page.is_section) {
        (Some(s), false) => {
            let list = &site.sections[s].pages;
            let pos = list.iter().position(|p| *p == i);
            (
                pos.and_then(|k| k.checked_sub(1)).map(|k| &refs[list[k]]),
                pos.and_then(|k| list.get(k + 1)).map(|k| &refs[*k]),
            )
        }
        _ => (None, None),
    };
    let word_count = words(page);
    PageContext {
        summary: &refs[i],
        path: &page.path,
        content,
        toc: match &page.body {
            Body::Markdown(doc) => doc.toc(),
            _ => Vec::new(),
        },
        reviewer: page.meta.reviewed_by.as_deref().and_then(|id| reviewer(site, id)),
        last_reviewed: page.meta.last_reviewed.map(|d| d.iso()),
        image: page.meta.image.as_ref().map(|img| ImageContext {
            src: site.resolved.images[i].clone().unwrap_or_else(|| img.src.clone()),
            alt: img.alt.clone(),
        }),
        procedure: page.meta.procedure.as_deref(),
        extra: &page.meta.extra,
        draft: page.meta.draft,
        ancestors,
        section: parent.map(|s| &refs[site.sections[s].page]),
        previous,
        next,
        pages: own_section.map_or_else(Vec::new, |s| s.pages.iter().map(|p| &refs[*p]).collect()),
        subsections: own_section.map_or_else(Vec::new, |s| {
            s.subsections
                .iter()
                .map(|sub| &refs[site.sections[*sub].page])
                .collect()
        }),
        siblings: parent.map_or_else(Vec::new, |s| site.sections[s].pages.iter().map(|p| &refs[*p]).collect()),
        word_count,
        reading_minutes: word_count.div_ceil(200).max(1),
        jsonld,
    }
}

fn words(page: &Page) -> usize {
    crate::links::documents(page)
        .iter()
        .map(|d| count_words(d.text()))
        .sum()
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

pub fn comparison_context(site: &Site, i: usize) -> Option<ComparisonContext> {
    let Body::Comparison(c) = &site.pages[i].body else {
        return None;
    };
    let targets = &site.resolved.pages[i];
    // Documents come in the order Comparison::documents gives.
    let mut k = 0;
    let mut next = || {
        let t = targets.get(k).cloned().unwrap_or_default();
        k += 1;
        t
    };
    let intro = c.intro.as_ref().map(|d| d.to_data_html(&next()));
    let urls: Vec<Option<String>> = c
        .option_pages
        .iter()
        .map(|d| d.as_ref().and_then(|_| next().into_iter().next()))
        .collect();
    let criteria = c
        .criteria
        .iter()
        .map(|cr| CriterionContext {
            id: cr.id.clone(),
            label: cr.label.clone(),
            cells: cr
                .values
                .iter()
                .zip(&c.options)
                .map(|(v, o)| CellContext {
                    option: o.id.clone(),
                    option_name: o.name.clone(),
                    html: v.to_inline_html(&next()),
                })
                .collect(),
        })
        .collect();
    let summary = c.summary.as_ref().map(|d| d.to_data_html(&next()));
    Some(ComparisonContext {
        caption_id: "comparison-caption",
        intro,
        summary,
        options: c
            .options
            .iter()
            .zip(urls)
            .map(|(o, url)| OptionContext {
                id: o.id.clone(),
                name: o.name.clone(),
                url,
            })
            .collect(),
        criteria,
    })
}

pub fn faq_context(site: &Site, i: usize) -> Option<FaqContext> {
    let Body::Faq(f) = &site.pages[i].body else {
        return None;
    };
    let targets = &site.resolved.pages[i];
    let mut k = 0;
    let mut next = || {
        let t = targets.get(k).cloned().unwrap_or_default();
        k += 1;
        t
    };
    let intro = f.intro.as_ref().map(|d| d.to_data_html(&next()));
    let questions = f
        .questions
        .iter()
        .map(|q| QuestionContext {
            id: q.id.clone(),
            question: q.question.clone(),
            answer: q.answer.to_data_html(&next()),
        })
        .collect();
    Some(FaqContext { intro, questions })
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
