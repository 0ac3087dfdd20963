//! `search:` in site.yaml: whether the site gets a search index and page.
//!
//! Written `search: false`, `search: true` or `search: { enabled: false }`;
//! left out, the theme decides (a theme with a search page has it on).

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// `search:` as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct Search {
    pub(crate) enabled: bool,
}

/// Whether the site has search: as site.yaml says, or else as the theme
/// has it (a theme with a search page has search on).
pub(crate) fn enabled(config: &super::Config, theme_has_search_page: bool) -> bool {
    config.search.map_or(theme_has_search_page, |s| s.enabled)
}

/// The keys of `search:`'s long form, for site.yaml's schema.
pub(crate) const KEYS: &[&str] = &["enabled"];

impl<'de> Deserialize<'de> for Search {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SearchVisitor)
    }
}

struct SearchVisitor;

impl<'de> Visitor<'de> for SearchVisitor {
    type Value = Search;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("true, false, or `enabled: true` or `enabled: false` below it")
    }

    fn visit_bool<E: de::Error>(self, enabled: bool) -> Result<Search, E> {
        Ok(Search { enabled })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Search, A::Error> {
        let mut enabled = true;
        while let Some(key) = map.next_key::<String>()? {
            if key == "enabled" {
                enabled = map.next_value()?;
            } else {
                // Reported as an unknown key with a suggestion (the schema).
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Search { enabled })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    fn search(yaml: &str) -> Result<Option<bool>, Vec<String>> {
        let text = format!("title: T\nbase_url: https://x.example.com\n{yaml}");
        match parse(text) {
            Ok(loaded) => Ok(loaded.config.search.map(|s| s.enabled)),
            Err(ds) => Err(ds.iter().map(|d| format!("{}: {}", d.location(), d.message)).collect()),
        }
    }

    #[test]
    fn both_forms_turn_search_on_and_off() {
        assert_eq!(search(""), Ok(None));
        assert_eq!(search("search: false\n"), Ok(Some(false)));
        assert_eq!(search("search: true\n"), Ok(Some(true)));
        assert_eq!(search("search: { enabled: false }\n"), Ok(Some(false)));
        assert_eq!(search("search:\n  enabled: true\n"), Ok(Some(true)));
    }

    #[test]
    fn a_wrong_value_or_key_is_placed_and_named() {
        let errors = search("search: yes please\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("site.yaml:3:"), "{errors:?}");
        assert!(errors[0].contains("search"), "{errors:?}");
        assert_eq!(
            search("search: { enabeld: false }\n").unwrap_err(),
            vec!["site.yaml:3:11: unknown key `enabeld` in `search`"]
        );
    }
}
