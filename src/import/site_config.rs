//! site.yaml for the new site, from the source's configuration where it has
//! the value, with placeholders plainly marked where it does not.

use std::path::Path;

use serde_json::Value;

use super::{ImportFrom, NewSite};

const HUGO: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];
const ZOLA: &[&str] = &["config.toml", "zola.toml"];

/// What the source's configuration says, as far as site.yaml needs it.
#[derive(Default)]
pub(super) struct Found {
    pub(super) title: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) language: Option<String>,
    pub(super) description: Option<String>,
}

pub(super) fn read(from: ImportFrom, dir: &Path) -> (Found, Option<String>) {
    let names = match from {
        ImportFrom::Hugo => HUGO,
        ImportFrom::Zola => ZOLA,
        _ => &[],
    };
    for name in names {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            continue;
        };
        let value: Option<Value> = if name.ends_with(".toml") {
            text.parse::<toml::Table>()
                .ok()
                .and_then(|t| serde_json::to_value(t).ok())
        } else {
            let source = crate::diagnostics::SourceFile::new(std::path::PathBuf::from(name), text.clone());
            crate::yaml::peek::<Value>(&source, 0..text.len())
        };
        let Some(v) = value else { continue };
        let get = |keys: &[&str]| -> Option<String> {
            keys.iter().find_map(|k| {
                let mut cur = &v;
                for part in k.split('.') {
                    cur = cur.get(part)?;
                }
                cur.as_str().map(str::to_string)
            })
        };
        let found = Found {
            title: get(&["title"]),
            base_url: get(&["baseURL", "baseurl", "base_url"]),
            language: get(&["languageCode", "defaultContentLanguage", "default_language"])
                .map(|l| l.split(['-', '_']).next().unwrap_or("en").to_lowercase()),
            description: get(&["description", "params.description", "extra.description"]),
        };
        return (found, Some(name.to_string()));
    }
    (Found::default(), None)
}

/// The text of site.yaml, and a note for each placeholder.
pub(super) fn write(found: &Found, config_name: Option<&str>, site: &mut NewSite) {
    let at = config_name.unwrap_or("site.yaml");
    let placeholder = |what: &str, site: &mut NewSite| {
        site.note(
            at,
            1,
            1,
            format!("site.yaml: {what}"),
            "replace the values marked PLACEHOLDER in site.yaml",
        );
    };
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let title = match &found.title {
        Some(t) => q(t),
        None => {
            placeholder("the site's title is a placeholder", site);
            "\"Example Skin Clinic\"  # PLACEHOLDER".into()
        }
    };
    let base_url = match found.base_url.as_deref().map(|u| u.trim_end_matches('/')) {
        Some(u) if crate::urls::web_address_problem(u).is_none() => u.to_string(),
        _ => {
            placeholder("base_url is a placeholder", site);
            "https://clinic.example.com  # PLACEHOLDER".into()
        }
    };
    let description = match &found.description {
        Some(d) => q(d),
        None => {
            placeholder("the site's description is a placeholder", site);
            "\"Patient information from our clinic.\"  # PLACEHOLDER: what patients find on this site".into()
        }
    };
    placeholder(
        "the clinic's name, phone, email, address and the medical reviewer are placeholders",
        site,
    );
    let language = found.language.clone().unwrap_or_else(|| "en".into());
    let text = site_yaml(&title, &base_url, &language, &description);
    site.add("site.yaml", text.into_bytes());
}

/// The text of site.yaml around the values found: what the source has no
/// counterpart for (the clinic, its reviewers) is an example marked PLACEHOLDER.
fn site_yaml(title: &str, base_url: &str, language: &str, description: &str) -> String {
    format!(
        "# site.yaml, made by `dermapress import`. Every line marked PLACEHOLDER needs your own value.\n\
title: {title}\n\
base_url: {base_url}\n\
language: {language}\n\
theme: clinic\n\
description: {description}\n\
review_max_age_days: 365\n\
clinic:  # PLACEHOLDER: all of it\n\
\x20 name: Example Skin Clinic\n\
\x20 phone: \"+1 555 0100\"\n\
\x20 email: hello@clinic.example.com\n\
\x20 address: {{ street: 1 Main St, city: Springfield, region: IL, postal_code: \"62701\", country: US }}\n\
reviewers:  # PLACEHOLDER: the people who check pages medically\n\
\x20 - id: medical-director\n\
\x20   name: \"Reviewer Name, MD\"\n\
\x20   credentials: Board-certified dermatologist\n\
disclaimer: >\n\
\x20 This page is general information, not medical advice. Please talk to a\n\
\x20 qualified clinician about your own skin and health before any treatment.\n\
extra: {{}}\n"
    )
}
