//! A link's `#fragment` checked against the headings and questions of the
//! page it points at, and the ids the theme gives its own elements.

use super::{Broken, Index};
use crate::diagnostics::did_you_mean;

pub(super) fn check_anchor(index: &Index, page: usize, fragment: &str, dest: &str) -> Result<(), Broken> {
    // Ids keep accents and other scripts (`#café`), which a copied link may spell encoded.
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let fragment: &str = &decoded;
    if fragment.is_empty() || index.anchors[page].contains(&fragment) || index.theme_ids.contains(fragment) {
        return Ok(());
    }
    let anchors = &index.anchors[page];
    let path = &index.pages[page].path;
    let help = match did_you_mean(fragment, anchors.iter().copied()) {
        Some(n) => format!("did you mean #{n}?"),
        None if anchors.is_empty() => {
            "that page has no headings to link to; link to the page without `#...`".to_string()
        }
        None => format!(
            "the anchors there are: {}",
            anchors
                .iter()
                .take(12)
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Broken {
        message: format!("`{dest}`: content/{path} has no heading or question with the anchor #{fragment}"),
        help,
        quiet: false,
        rule: "broken-link",
    })
}
