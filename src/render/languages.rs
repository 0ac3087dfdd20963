//! What a page shows about its languages: the switcher (the same page in
//! each other language, or that language's nearest section when the page
//! is not translated) and, on a translation, its original and whether the
//! translation fell behind it.

use std::collections::HashMap;

use super::context::{Original, SwitchLink};
use crate::content::section::owner;
use crate::load::Site;
use crate::urls::url_path;

/// The section pages of every language by folder, for the switcher's way
/// out of an untranslated page.
pub(crate) struct SectionsByLanguage<'a>(HashMap<(&'a str, &'a str), usize>);

impl<'a> SectionsByLanguage<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let pages = &site.pages;
        SectionsByLanguage(
            site.sections
                .iter()
                .map(|s| ((pages[s.page].lang.as_str(), s.dir.as_str()), s.page))
                .collect(),
        )
    }
}

fn url(site: &Site, page: usize) -> String {
    format!("{}{}", site.config.base_path(), url_path(&site.routes[page]))
}

/// The switcher of page `i`: one link per language of the site.
pub(crate) fn switcher(site: &Site, sections: &SectionsByLanguage, i: usize) -> Vec<SwitchLink> {
    let config = &site.config;
    if !config.is_multilingual() {
        return Vec::new();
    }
    let page = &site.pages[i];
    config
        .language_codes()
        .into_iter()
        .map(|code| {
            let version = site.translations[i]
                .iter()
                .copied()
                .find(|v| site.pages[*v].lang == code);
            let version = version.or_else(|| (code == page.lang).then_some(i));
            let target = version.map(|v| url(site, v)).unwrap_or_else(|| {
                let is_section = |d: &str| sections.0.contains_key(&(code, d));
                match owner(page.dir(), &is_section) {
                    Some(dir) => url(site, sections.0[&(code, dir)]),
                    None => format!("{}{}/", config.base_path(), config.language_prefix(code)),
                }
            });
            SwitchLink {
                code: code.to_string(),
                name: config.language_name(code).to_string(),
                url: target,
                current: code == page.lang,
                translated: version.is_some(),
            }
        })
        .collect()
}

/// The original of page `i` when it is a translation.
pub(crate) fn original(site: &Site, i: usize) -> Option<Original> {
    let page = &site.pages[i];
    if !page.is_translation() {
        return None;
    }
    let o = *site.translations[i].first()?;
    let source = &site.pages[o];
    Some(Original {
        url: url(site, o),
        lang: source.lang.clone(),
        language_name: site.config.language_name(&source.lang).to_string(),
        updated: source.meta.updated.or(source.meta.date).map(|d| d.iso()),
        outdated: !crate::content::revision::is_current(page, source),
    })
}
