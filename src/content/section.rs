//! Sections: a folder with an `_index.md`, the pages it lists, in order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::page::Page;

#[derive(Debug, Clone, Default)]
pub(crate) struct Section {
    /// The folder below `content/` ("" for the home page).
    pub(crate) dir: String,
    /// The `_index.md` page, an index into the site's pages.
    pub(crate) page: usize,
    /// Pages listed in this section, in reading order (indices into pages).
    pub(crate) pages: Vec<usize>,
    /// Sections directly below this one, in reading order (indices into sections).
    pub(crate) subsections: Vec<usize>,
    pub(crate) parent: Option<usize>,
}

/// Reading order within a section: `weight` (lowest first, unweighted last),
/// then `date` (newest first), then title, then path so ties never flip.
pub(crate) fn reading_order(a: &Page, b: &Page) -> Ordering {
    let weight = |p: &Page| (p.meta.weight.is_none(), p.meta.weight);
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.meta.date.cmp(&a.meta.date))
        .then_with(|| a.meta.title.to_lowercase().cmp(&b.meta.title.to_lowercase()))
        .then_with(|| a.path.cmp(&b.path))
}

/// The nearest folder at or above `dir` that is a section.
pub(crate) fn owner<'a>(dir: &'a str, is_section: &dyn Fn(&str) -> bool) -> Option<&'a str> {
    let mut d = dir;
    loop {
        if is_section(d) {
            return Some(d);
        }
        if d.is_empty() {
            return None;
        }
        d = d.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// Groups pages into sections: each page belongs to the nearest section at or
/// above its folder; each section to the nearest above its own.
/// Each language has its own sections: a Spanish page is listed in the
/// nearest Spanish section (`_index.es.md`).
pub(crate) fn build(pages: &[Page]) -> Vec<Section> {
    let by_dir: BTreeMap<(&str, &str), usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_section)
        .map(|(i, p)| ((p.lang.as_str(), p.dir()), i))
        .collect();
    let index_of: BTreeMap<(&str, &str), usize> = by_dir.keys().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut sections: Vec<Section> = by_dir
        .iter()
        .map(|((_, dir), page)| Section {
            dir: dir.to_string(),
            page: *page,
            ..Section::default()
        })
        .collect();
    for (i, page) in pages.iter().enumerate() {
        if page.is_section {
            continue;
        }
        let is_section = |d: &str| by_dir.contains_key(&(page.lang.as_str(), d));
        if let Some(owner) = owner(page.dir(), &is_section) {
            sections[index_of[&(page.lang.as_str(), owner)]].pages.push(i);
        }
    }
    for s in 0..sections.len() {
        let dir = sections[s].dir.clone();
        if dir.is_empty() {
            continue;
        }
        let lang = pages[sections[s].page].lang.as_str();
        let is_section = |d: &str| by_dir.contains_key(&(lang, d));
        let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(parent) = owner(parent_dir, &is_section) {
            let p = index_of[&(lang, parent)];
            sections[s].parent = Some(p);
            sections[p].subsections.push(s);
        }
    }
    for s in 0..sections.len() {
        let mut list = std::mem::take(&mut sections[s].pages);
        list.sort_by(|a, b| reading_order(&pages[*a], &pages[*b]));
        sections[s].pages = list;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by(|a, b| reading_order(&pages[sections[*a].page], &pages[sections[*b].page]));
        sections[s].subsections = subs;
    }
    sections
}
