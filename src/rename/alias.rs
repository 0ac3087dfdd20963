//! Adding the old address to the moved page's `aliases:`, as one more line
//! (or list item) of its front matter or data, leaving every other byte of
//! the file as it was.

use std::ops::Range;

use crate::content::front_matter;
use crate::content::page::{Body, Page};
use crate::scaffold::Refusal;

/// The insertion (an empty range of the page's text, and what goes there)
/// that adds `route` to the page's aliases.
pub(super) fn edit(page: &Page, route: &str) -> Result<(Range<usize>, String), Refusal> {
    let source = &page.source;
    let text = &source.text;
    let count = page.meta.aliases.len();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if count == 0 {
        let lines = format!("aliases:{eol}  - {route}{eol}");
        let at = match &page.body {
            Body::Markdown(_) => front_matter::split(source).map_or(0, |s| s.yaml.end),
            // A data page: a last top-level key.
            Body::Data(_) if text.ends_with('\n') || text.is_empty() => text.len(),
            Body::Data(_) => return Ok((text.len()..text.len(), format!("{eol}{lines}"))),
        };
        return Ok((at..at, lines));
    }
    let last = page.spans.value(&format!("aliases.{}", count - 1));
    let line_start = source.line_start(last.line).unwrap_or(0);
    let line = source.line_text(last.line).unwrap_or("");
    let end = line_start + line.len();
    if line.trim_start().starts_with('-') {
        // A block list: one more item, indented as the last one.
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        return Ok((end..end, format!("{eol}{indent}- {route}")));
    }
    // A flow list, `aliases: [/a/, /b/]`: before its closing bracket.
    let item = source.offset(last).min(end);
    match text[item..end].find(']') {
        Some(close) => Ok((item + close..item + close, format!(", {route}"))),
        None => Err(Refusal::new(
            format!(
                "the `aliases:` of {} are written in a way `mv` cannot add to; nothing was changed",
                source.path().display()
            ),
            format!("write them as a list, one `- /old-address/` per line, or add `{route}` by hand"),
        )),
    }
}
