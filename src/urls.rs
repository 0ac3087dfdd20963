//! URLs and output paths: how a route is spelt in a link, where its file
//! goes, and which names can be part of a URL. Pure string work, used by
//! every stage; it depends on nothing else in the crate.

/// Characters a URL path must carry percent-encoded: everything but
/// letters, digits, `-._~` and the `/` between parts.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A route as it goes into a link: `/How it works/` -> `/How%20it%20works/`.
/// Routes come from file names, which may hold spaces or accents; the output
/// files keep those names, the links spell them as URLs must.
pub(crate) fn url_path(route: &str) -> String {
    percent_encoding::utf8_percent_encode(route, PATH).to_string()
}

/// Joins `rel` to `dir` and removes `.` and `..`; None if it climbs above the top.
pub(crate) fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A path as case-insensitive hosts and disks see it: lower case, and
/// accents in one (composed) form, so `café` typed either way is one name.
pub(crate) fn folded(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Most paths are ASCII, which composing leaves alone; `watch` folds
    // every path on every save.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc().collect::<String>().to_lowercase()
}

/// `/a/b/` -> `a/b/index.html`.
pub(crate) fn output_path(route: &str) -> String {
    format!("{}index.html", route.trim_start_matches('/'))
}

/// Whether `path` is `output_path(route)`, without making it.
pub(crate) fn is_output_path_of(path: &str, route: &str) -> bool {
    path.strip_suffix("index.html") == Some(route.trim_start_matches('/'))
}

/// Why a slug cannot be a URL part, if it cannot.
pub(crate) fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.trim().is_empty() {
        Some("is empty")
    } else if slug.contains('/') || slug.contains('\\') {
        Some("may not contain slashes")
    } else if slug == "." || slug == ".." || slug.starts_with('.') {
        Some("may not start with a dot")
    } else if slug
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#%<>\"'`|*:".contains(c))
    {
        Some("may not contain spaces or the characters ? # % < > \" ' ` | * :")
    } else {
        None
    }
}

/// Why `url` cannot be a site's address, if it cannot: it must be a whole
/// `http://` or `https://` address with a host and nothing that could break
/// out of an attribute.
pub(crate) fn web_address_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return Some("must start with https:// or http://");
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Some("has no host name after the scheme");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`\\{}|^".contains(c))
    {
        return Some("may not contain spaces, quotes or any of < > ` { } | \\ ^");
    }
    None
}

/// The schemes a link or an image may have; anything else (`javascript:`,
/// `vbscript:`, `data:`, `file:`) is refused wherever a URL reaches an
/// `href` or `src`. Links without a scheme are the site's own.
pub(crate) const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `dest` when it is not one of `SAFE_SCHEMES`, in lower case.
/// Read as a browser reads it: leading spaces and control characters
/// skipped, tabs and line breaks anywhere dropped, any case.
pub(crate) fn unsafe_scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let scheme = scheme.to_ascii_lowercase();
    (is_scheme && !SAFE_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_stay_inside_the_output() {
        assert_eq!(slug_problem("aftercare"), None);
        assert!(slug_problem("../etc").is_some());
        assert!(slug_problem("a/b").is_some());
        assert!(slug_problem("a b").is_some());
        assert!(slug_problem("..").is_some());
    }

    #[test]
    fn only_safe_schemes_pass_however_written() {
        for d in [
            "javascript:alert(1)",
            "JavaScript:x",
            " java\tscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,<script>x</script>",
            "file:///etc/passwd",
        ] {
            assert!(unsafe_scheme(d).is_some(), "{d:?}");
        }
        for d in [
            "https://a.example",
            "HTTP://a.example",
            "risks.md",
            "/javascript:x/",
            "mailto:a@b.example",
            "tel:+15550100",
            "javascript.md",
            "#top",
            "//cdn.example/x",
        ] {
            assert_eq!(unsafe_scheme(d), None, "{d:?}");
        }
    }

    #[test]
    fn only_whole_web_addresses_are_site_addresses() {
        assert_eq!(web_address_problem("https://clinic.example.com/sub"), None);
        assert!(web_address_problem("javascript:alert(1)").is_some());
        assert!(web_address_problem("https://").is_some());
        assert!(web_address_problem("https://a.example.com/\"><script>").is_some());
        assert!(web_address_problem("ftp://a.example.com").is_some());
    }
}

#[cfg(test)]
mod props;
