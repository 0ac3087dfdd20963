//! One link destination resolved: a page (by its content file or its URL),
//! a published file, or an external address passed through.

use std::sync::Arc;

use super::anchor::check_anchor;
use super::{Broken, Index};
use crate::content::schedule::Hidden;
use crate::diagnostics::did_you_mean;
use crate::markdown::is_external;
use crate::urls::{normalize, unsafe_scheme};

/// A link that could run code in the visitor's browser (`javascript:`) or
/// smuggle in a page of its own (`data:`): no patient information page
/// needs one, and data pages show markup as text, which it would undo.
pub(super) fn script_link(dest: &str, scheme: &str) -> Broken {
    let shown: String = dest.chars().take(40).collect();
    Broken {
        message: format!(
            "`{shown}` is a `{scheme}:` link; links and images may only be https://, http://, mailto:, tel: or the site's own pages and files"
        ),
        help: "link to a page of the site or to an https:// address".to_string(),
        quiet: false,
        rule: "script-link",
    }
}

/// Whether a link names a content file, its extension typed in any case.
pub(crate) fn is_content_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The URL a link written in a page of folder `dir` points at, or why it is broken.
pub(super) fn resolve(index: &Index, from: Option<usize>, dir: &str, dest: &str) -> Result<String, Broken> {
    locate(index, from, dir, dest).map(|found| found.url.to_string())
}

/// Where a link goes: its URL, and the published file when it is one of the
/// site's files (not a page).
pub(super) struct Found {
    /// Shared by every link to a page without a query or a fragment.
    pub(super) url: Arc<str>,
    pub(super) asset: Option<String>,
    /// The language the link's page wanted and its target has no translation into.
    pub(super) untranslated: Option<String>,
}

impl Found {
    fn url(url: impl Into<Arc<str>>) -> Found {
        Found {
            url: url.into(),
            asset: None,
            untranslated: None,
        }
    }
}

pub(super) fn locate(index: &Index, from: Option<usize>, dir: &str, dest: &str) -> Result<Found, Broken> {
    locate_as(index, from, from.map(|p| index.pages[p].lang.as_str()), dir, dest)
}

/// Like `locate`, for a link in `lang`: a link to an original goes to its
/// translation into `lang` when there is one.
pub(super) fn locate_as(
    index: &Index,
    from: Option<usize>,
    lang: Option<&str>,
    dir: &str,
    dest: &str,
) -> Result<Found, Broken> {
    if let Some(scheme) = unsafe_scheme(dest) {
        return Err(script_link(dest, &scheme));
    }
    if is_external(dest) || dest.is_empty() {
        return Ok(Found::url(dest.to_string()));
    }
    let link = Dest::split(dest);
    if link.path.is_empty() {
        if let (Some(f), Some(page)) = (link.fragment, from) {
            check_anchor(index, page, f, dest)?;
        }
        return Ok(Found::url(dest.to_string()));
    }
    if is_content_file(link.path) {
        return locate_content(index, dir, &link, lang);
    }
    if link.path.starts_with('/') {
        return locate_rooted(index, &link);
    }
    locate_relative(index, dir, &link)
}

/// A link destination in its parts: `path?query#fragment`.
struct Dest<'d> {
    written: &'d str,
    path: &'d str,
    query: Option<&'d str>,
    fragment: Option<&'d str>,
}

impl<'d> Dest<'d> {
    fn split(written: &'d str) -> Dest<'d> {
        let (path, fragment) = match written.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (written, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        Dest {
            written,
            path,
            query,
            fragment,
        }
    }

    /// `url` with the query and the fragment written after the path put back.
    fn suffix(&self, url: impl Into<Arc<str>> + AsRef<str>) -> Arc<str> {
        if self.query.is_none() && self.fragment.is_none() {
            return url.into();
        }
        let mut url = url.as_ref().to_string();
        if let Some(q) = self.query {
            url.push('?');
            url.push_str(q);
        }
        if let Some(f) = self.fragment {
            url.push('#');
            url.push_str(f);
        }
        url.into()
    }

    fn climbs(&self) -> Broken {
        Broken {
            message: format!("`{}` points above the content folder", self.written),
            help: "remove a `../` from the start of the link".to_string(),
            quiet: false,
            rule: "broken-link",
        }
    }
}

/// A link to a content file (`risks.md`, `../faq.yaml#b`), relative to `dir`.
fn locate_content(index: &Index, dir: &str, link: &Dest, lang: Option<&str>) -> Result<Found, Broken> {
    // `How%20it%20works.md` names the file `How it works.md`.
    let decoded = percent_encoding::percent_decode_str(link.path).decode_utf8_lossy();
    let target = normalize(dir, &decoded).ok_or_else(|| link.climbs())?;
    let Some(page) = index.page_at(&target) else {
        return Err(missing_content(index, link.written, &target));
    };
    // Anchors are checked against the version the link goes to.
    let (page, untranslated) = index.in_language(page, lang);
    if let Some(f) = link.fragment {
        check_anchor(index, page, f, link.written)?;
    }
    let mut found = Found::url(link.suffix(index.page_href(page)));
    found.untranslated = untranslated.map(str::to_string);
    Ok(found)
}

/// A link written from the site's root (`/risks/`, `/images/a.svg`).
fn locate_rooted(index: &Index, link: &Dest) -> Result<Found, Broken> {
    let (dest, path) = (link.written, link.path);
    let base = index.config.base_path();
    let route = path.strip_prefix(base).filter(|r| r.starts_with('/')).unwrap_or(path);
    // Written as a URL (`/How%20it%20works/`), looked up by file name.
    let decoded = percent_encoding::percent_decode_str(route).decode_utf8_lossy();
    let route: &str = &decoded;
    let with_slash = format!("{}/", route.trim_end_matches('/'));
    if let Some(page) = index.page_of_route(route).or_else(|| index.page_of_route(&with_slash)) {
        if let Some(f) = link.fragment {
            check_anchor(index, page, f, dest)?;
        }
        // Typed in another case (`/Risks/`), written as the page's own URL,
        // so that the link works on hosts that tell cases apart.
        let own = index.routes[page].as_str();
        let url = if route == own || with_slash == own { route } else { own };
        let href: Arc<str> = if url == own {
            index.page_href(page)
        } else {
            index.href(url).into()
        };
        return Ok(Found::url(link.suffix(href)));
    }
    let file = route.trim_start_matches('/');
    if index.assets.contains(file) || index.assets.contains(format!("{}index.html", file).as_str()) {
        // Written from the site's root: put the base path in front.
        return Ok(Found {
            url: link.suffix(index.href(route)),
            asset: Some(file.to_string()),
            untranslated: None,
        });
    }
    let set_aside = index
        .hidden_routes
        .get(route)
        .or_else(|| index.hidden_routes.get(&with_slash));
    if let Some((path, why)) = set_aside.and_then(|p| Some((p, index.hidden.get(p)?))) {
        return Err(hidden_target(dest, path, *why));
    }
    let nearest = did_you_mean(route, index.routes.iter().map(String::as_str));
    Err(Broken {
        message: format!("`{dest}`: no page or file of this site has the URL {route}"),
        help: nearest.map_or_else(
            || "check the address; to link to a page by its file, write its path, e.g. [risks](/risks.md)".to_string(),
            |n| format!("did you mean {n}?"),
        ),
        quiet: false,
        rule: "broken-link",
    })
}

/// A relative path to an image or other file next to the content.
fn locate_relative(index: &Index, dir: &str, link: &Dest) -> Result<Found, Broken> {
    let target = normalize(dir, link.path).ok_or_else(|| link.climbs())?;
    if index.assets.contains(target.as_str()) {
        return Ok(Found {
            url: link.suffix(index.href(&format!("/{target}"))),
            asset: Some(target),
            untranslated: None,
        });
    }
    let as_route = format!("/{}/", target.trim_end_matches('/'));
    if let Some(page) = index.page_of_route(&as_route) {
        return Ok(Found::url(link.suffix(index.page_href(page))));
    }
    Err(Broken {
        message: format!("`{}` points at content/{target}, which does not exist", link.written),
        help: "check the file name; paths are relative to the folder of the file the link is in".to_string(),
        quiet: false,
        rule: "broken-link",
    })
}

/// A link to a page that is set aside today: a draft, or a page the
/// schedule keeps off the site (named with its date, so that the writer
/// knows whether the link is early or late).
fn hidden_target(dest: &str, target: &str, why: Hidden) -> Broken {
    let (message, help) = match why {
        Hidden::Draft => (
            format!("`{dest}` links to content/{target}, which is a draft"),
            "drafts are built only with --drafts; publish the page (draft: false) or remove the link".to_string(),
        ),
        Hidden::Scheduled(day) => (
            format!(
                "`{dest}` links to content/{target}, which is not published until {} (its publish_date)",
                day.iso()
            ),
            format!(
                "remove the link until then, or give this page `publish_date: {}` too so that both go up together",
                day.iso()
            ),
        ),
        Hidden::Expired(day) => (
            format!(
                "`{dest}` links to content/{target}, which expired on {} (its expiry_date)",
                day.iso()
            ),
            "remove the link, or remove the expiry_date of that page if it should stay up".to_string(),
        ),
    };
    Broken {
        message,
        help,
        quiet: false,
        rule: "broken-link",
    }
}

fn missing_content(index: &Index, dest: &str, target: &str) -> Broken {
    if index.failed.is_some_and(|f| f.contains(target)) {
        return Broken {
            message: format!("`{dest}` links to content/{target}, which has errors"),
            help: "fix the errors reported in that file".to_string(),
            quiet: true,
            rule: "broken-link",
        };
    }
    if let Some(why) = index.hidden.get(target) {
        return hidden_target(dest, target, *why);
    }
    let nearest = did_you_mean(target, index.pages.iter().map(|p| p.path.as_str()));
    Broken {
        message: format!("`{dest}` links to content/{target}, which does not exist"),
        help: match nearest {
            Some(n) => format!("did you mean content/{n}? Paths are relative to the folder of the file the link is in"),
            None => "check the file name; paths are relative to the folder of the file the link is in".to_string(),
        },
        quiet: false,
        rule: "broken-link",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_within_content() {
        assert_eq!(normalize("guides", "../risks.md").as_deref(), Some("risks.md"));
        assert_eq!(normalize("guides", "./a/b.md").as_deref(), Some("guides/a/b.md"));
        assert_eq!(normalize("guides", "/faq.yaml").as_deref(), Some("faq.yaml"));
        assert_eq!(normalize("", "../x.md"), None);
    }
}
