//! Links written in site.yaml: the menu and the reviewers' bio pages, whose
//! paths are taken from `content/`.

use std::collections::HashMap;

use super::locate::{locate_as, resolve, script_link};
use super::{broken, Index};
use crate::config::LoadedConfig;
use crate::content::schedule::Hidden;
use crate::diagnostics::Diagnostic;
use crate::markdown::is_external;
use crate::urls::unsafe_scheme;

/// The URL of each menu item of site.yaml, in order (empty where broken or
/// where the page is not up today: such entries are not shown),
/// for each of the site's languages: a page's translation where it has one.
pub(super) fn menus(index: &Index, config_file: &LoadedConfig, diagnostics: &mut Vec<Diagnostic>) -> Vec<Vec<String>> {
    let codes = index.config.language_codes();
    let mut menus = vec![menu(index, config_file, None, diagnostics)];
    for code in codes.iter().skip(1) {
        // Broken paths were reported for the default language already.
        let mut quiet = Vec::new();
        menus.push(menu(index, config_file, Some(code), &mut quiet));
        diagnostics.extend(quiet.into_iter().filter(|d| !d.is_error()));
    }
    menus
}

fn menu(
    index: &Index,
    config_file: &LoadedConfig,
    lang: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let source = &config_file.source;
    let mut urls = Vec::new();
    for (i, item) in index.config.menu.iter().enumerate() {
        let url = match (&item.page, &item.url) {
            // Left out of the menu until it goes up (or for good once it came down).
            (Some(p), _) if off_schedule(index, p) => String::new(),
            (Some(p), _) => match locate_as(index, None, lang, "", &content_root_path(p)) {
                Ok(found) => {
                    if let (Some(lang), Some(_)) = (lang, &found.untranslated) {
                        let at = config_file.spans.value(&format!("menu.{i}.page"));
                        diagnostics.push(untranslated_menu(index, config_file, at, p, lang));
                    }
                    found.url.to_string()
                }
                Err(mut b) => {
                    b.help = site_yaml_help(p, index);
                    // Say it with the path as written, not as resolved from content/.
                    b.message = b
                        .message
                        .replacen(&format!("`{}`", content_root_path(p)), &format!("`{p}`"), 1);
                    diagnostics.extend(broken(source, config_file.spans.value(&format!("menu.{i}.page")), b));
                    String::new()
                }
            },
            (None, Some(u)) if unsafe_scheme(u).is_some() => {
                let at = config_file.spans.value(&format!("menu.{i}.url"));
                diagnostics.extend(broken(
                    source,
                    at,
                    script_link(u, &unsafe_scheme(u).unwrap_or_default()),
                ));
                String::new()
            }
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        };
        urls.push(url);
    }
    urls
}

/// Whether a menu entry's page is one the schedule keeps off the site today.
fn off_schedule(index: &Index, path: &str) -> bool {
    let target = path.trim_start_matches('/');
    matches!(
        index.hidden.get(target),
        Some(Hidden::Scheduled(_) | Hidden::Expired(_))
    )
}

fn untranslated_menu(
    index: &Index,
    config_file: &LoadedConfig,
    at: crate::diagnostics::Pos,
    page: &str,
    lang: &str,
) -> Diagnostic {
    let name = index.config.language_name(lang);
    Diagnostic::warning(
        crate::config::FILE,
        "untranslated-link",
        format!(
            "there is no {name} ({lang}) translation of {page}, so the {name} menu links to the {} page",
            index.config.language_name(index.config.default_language())
        ),
    )
    .at(&config_file.source, at)
    .with_help(format!("translate it: dermapress new page --lang {lang} --from {page}"))
}

/// Paths in site.yaml are taken from `content/`, which people forget.
fn site_yaml_help(path: &str, index: &Index) -> String {
    let bare = path.trim_start_matches('/');
    match bare.strip_prefix("content/") {
        Some(rest) if index.has_content_file(rest) => {
            format!("paths in site.yaml are taken from content/, so write `page: {rest}`")
        }
        _ => "paths in site.yaml are taken from content/ (write `page: faq.yaml` for content/faq.yaml); check the file name".to_string(),
    }
}

/// The URL of each reviewer's bio page, by reviewer id.
pub(super) fn reviewer_pages(
    index: &Index,
    config_file: &LoadedConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    let mut pages = HashMap::new();
    for (i, reviewer) in index.config.reviewers.iter().enumerate() {
        if let Some(p) = &reviewer.page {
            match resolve(index, None, "", &content_root_path(p)) {
                Ok(url) => {
                    pages.insert(reviewer.id.clone(), url);
                }
                Err(b) => diagnostics.extend(broken(
                    &config_file.source,
                    config_file.spans.value(&format!("reviewers.{i}.page")),
                    b,
                )),
            }
        }
    }
    pages
}

/// Paths in site.yaml are taken from `content/`.
fn content_root_path(p: &str) -> String {
    if p.starts_with('/') || is_external(p) {
        p.to_string()
    } else {
        format!("/{p}")
    }
}
