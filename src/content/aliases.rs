//! `aliases:`: the old addresses of a page, each kept alive by a redirect.
//!
//! An alias is a path on this site, written from its root as a visitor's
//! browser had it (`/old-page/`, `/offers/spring.html`). Here each one is
//! checked on its own and turned into a route; that two sources want the
//! same address is found where every output path gets its owner
//! (`load::owners`).

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::yaml::Spans;

/// Why `alias` cannot be an old address of a page, if it cannot.
fn problem(alias: &str) -> Option<&'static str> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        Some("is a full address; an alias is a path on this site")
    } else if !a.starts_with('/') {
        Some("does not start with /")
    } else if a == "/" {
        Some("is the home page's address")
    } else if a
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#%\\\"<>`".contains(c))
    {
        Some("may not contain spaces or the characters ? # % \\ \" < > `")
    } else if a.split('/').any(|part| part == "." || part == "..") || a.contains("//") {
        Some("may not contain `.` or `..` parts or `//`")
    } else {
        None
    }
}

/// The route an alias is published at: `/old-page` and `/old-page/` are
/// the folder `/old-page/`; a name ending in `.html` or `.htm` stays a file.
pub(crate) fn route(alias: &str) -> String {
    let a = alias.trim();
    let lower = a.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        a.to_string()
    } else {
        format!("{}/", a.trim_end_matches('/'))
    }
}

/// The file written for an alias's route.
pub(crate) fn output_path(route: &str) -> String {
    if route.ends_with('/') {
        crate::urls::output_path(route)
    } else {
        route.trim_start_matches('/').to_string()
    }
}

/// The language whose folder an alias points into, when that is not the
/// page's own. `prefixes`: every language folder but the site's main
/// language (`/fr/`, ...); `own`: the page's own folder, "" for the main
/// language. A redirect from `/fr/...` to a page in another language would
/// send French readers to a page they did not ask for.
pub(crate) fn foreign_language<'p>(route: &str, own: &str, prefixes: &'p [String]) -> Option<&'p str> {
    prefixes
        .iter()
        .map(String::as_str)
        .find(|p| *p != own && route.starts_with(p))
}

/// Checks each alias of a page and returns their routes (only the good ones).
pub(crate) fn validate(
    aliases: &[String],
    own_prefix: &str,
    language_prefixes: &[String],
    source: &SourceFile,
    spans: &Spans,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut routes = Vec::new();
    let mut out = Vec::new();
    for (i, alias) in aliases.iter().enumerate() {
        let at = spans.value(&format!("aliases.{i}"));
        let error = |message: String, help: &str| {
            Diagnostic::error(source.path(), "bad-alias", message)
                .at(source, at)
                .with_help(help.to_string())
        };
        if let Some(why) = problem(alias) {
            out.push(error(
                format!("the alias \"{alias}\" {why}"),
                "write the page's old address from the site's root, e.g. - /old-page/ (for https://clinic.example.com/old-page/)",
            ));
            continue;
        }
        let route = route(alias);
        // A page's old addresses stay in its own language's folder (pages of
        // the main language live outside every language folder).
        if let Some(folder) = foreign_language(&route, own_prefix, language_prefixes) {
            out.push(error(
                format!("the alias \"{alias}\" is in the folder {folder} of another language"),
                "give each translation its own aliases, in its own language's folder",
            ));
            continue;
        }
        routes.push(route);
    }
    (routes, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_routes_and_files() {
        assert_eq!(route("/old-page"), "/old-page/");
        assert_eq!(route("/old-page/"), "/old-page/");
        assert_eq!(route("/offers/spring.html"), "/offers/spring.html");
        assert_eq!(output_path("/old-page/"), "old-page/index.html");
        assert_eq!(output_path("/offers/spring.html"), "offers/spring.html");
    }

    #[test]
    fn only_paths_on_this_site_are_aliases() {
        assert_eq!(problem("/old-page/"), None);
        assert_eq!(problem("/wp/2019/05/peel.htm"), None);
        assert!(problem("old-page").is_some());
        assert!(problem("https://clinic.example.com/old/").is_some());
        assert!(problem("/").is_some());
        assert!(problem("/a/../b/").is_some());
        assert!(problem("/a b/").is_some());
        assert!(problem("/?p=12").is_some());
    }

    #[test]
    fn an_alias_in_another_languages_folder_is_found_by_its_prefix() {
        let prefixes = vec!["/fr/".to_string(), "/de/".to_string()];
        assert_eq!(foreign_language("/fr/ancien/", "", &prefixes), Some("/fr/"));
        assert_eq!(foreign_language("/fr/ancien/", "/fr/", &prefixes), None);
        assert_eq!(foreign_language("/french-peel/", "", &prefixes), None);
        assert_eq!(foreign_language("/fr/ancien/", "", &[]), None);
    }
}
