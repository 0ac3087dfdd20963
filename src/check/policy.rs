//! What the Content-Security-Policy of `_headers` would block on a page:
//! an image on another site shows as broken to every visitor of a host that
//! applies the file, unless site.yaml allows that site (`headers:
//! csp_extra: img-src:`).

use super::{Finding, RuleContext};
use crate::content::page::Page;
use crate::markdown::is_external;

/// Markdown images on another site that `img-src` does not allow.
pub(crate) fn blocked_images(page: &Page, cx: &RuleContext) -> Vec<Finding> {
    let headers = &cx.config.headers;
    let images = page.documents().into_iter().flat_map(|doc| doc.links_with_dests());
    let blocked = images.filter(|(l, dest)| l.is_image && is_external(dest) && !headers.allows("img-src", dest));
    blocked
        .map(|(l, dest)| {
            let origin = crate::config::headers::origin(dest).unwrap_or("https://images.example.org");
            Finding::new(
                "image-blocked",
                l.pos(),
                format!(
                    "the image {} is on another site, and the Content-Security-Policy of _headers lets pages show images from this site only",
                    dest
                ),
                format!("copy the image into the site (e.g. content/images/) and link that copy, or allow its site in site.yaml: headers: {{ csp_extra: {{ img-src: [{origin}] }} }}"),
            )
        })
        .collect()
}
