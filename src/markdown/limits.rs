//! How much Markdown one page may hold: elements (paragraphs, list items,
//! emphasis, ...) and links. The bytes of a page are bounded when it is
//! read; this bounds the work, which grows with the elements: 10 MB of
//! `*a* ` is 2.5 million of them, and took 1.7 GB to build.
//!
//! Counted before the page is scanned, in pieces of at most `CHUNK` bytes
//! cut at blank lines where there are some: pulldown-cmark builds the tree
//! of a whole text (or a whole paragraph) before its first event, which for
//! those 2.5 million elements is itself half a gigabyte. A cut changes how
//! the text around it parses, by an element or two: the limits are
//! approximate at that grain and are set far above any real page.

use pulldown_cmark::{Event, Parser, Tag};

/// Elements per page. A long patient guide has a few thousand.
pub(crate) const MAX_ELEMENTS: usize = 200_000;
/// Links and images per page. A long page has a few hundred.
pub(crate) const MAX_LINKS: usize = 20_000;

/// A limit a page went past: which, and the byte offset (in the text given
/// to `Tally::add`) where it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Excess {
    pub(crate) what: &'static str,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

impl Excess {
    pub(crate) fn message(&self) -> String {
        format!(
            "this page has more than {} {}, more than one page may have",
            self.limit, self.what
        )
    }

    pub(crate) fn help(&self) -> &'static str {
        "split it into several pages; a page of patient information has a few thousand at most"
    }
}

/// The elements and links counted so far, over one or more texts of a page.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    elements: usize,
    links: usize,
}

impl Tally {
    /// Counts `text`; the first limit passed, if one is.
    pub(crate) fn add(&mut self, text: &str) -> Option<Excess> {
        let mut start = 0;
        while start < text.len() {
            let end = cut(text, start);
            if let Some(mut e) = self.add_chunk(&text[start..end]) {
                e.offset += start;
                return Some(e);
            }
            start = end;
        }
        None
    }

    fn add_chunk(&mut self, text: &str) -> Option<Excess> {
        for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
            let Event::Start(tag) = event else { continue };
            self.elements += 1;
            if matches!(tag, Tag::Link { .. } | Tag::Image { .. }) {
                self.links += 1;
            }
            let excess = |what, limit| Excess {
                what,
                limit,
                offset: range.start,
            };
            if self.links > MAX_LINKS {
                return Some(excess("links and images", MAX_LINKS));
            }
            if self.elements > MAX_ELEMENTS {
                return Some(excess(
                    "Markdown elements (paragraphs, list items, emphasis, links)",
                    MAX_ELEMENTS,
                ));
            }
        }
        None
    }
}

/// The bytes counted at once.
const CHUNK: usize = 64 * 1024;

/// Where the piece of `text` from `start` ends: at the last blank line,
/// else line break, else space in its second half, else at a character.
fn cut(text: &str, start: usize) -> usize {
    let end = start + CHUNK;
    if end >= text.len() {
        return text.len();
    }
    let half = start + CHUNK / 2;
    let bytes = &text.as_bytes()[half..end];
    let last = |needle: &[u8]| {
        bytes
            .windows(needle.len())
            .rposition(|w| w == needle)
            .map(|i| half + i + needle.len())
    };
    if let Some(at) = last(b"\n\n").or_else(|| last(b"\n")).or_else(|| last(b" ")) {
        return at;
    }
    let mut at = end;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_elements_and_links_across_texts() {
        let mut tally = Tally::default();
        assert_eq!(tally.add("A [b](c) *d*.\n"), None);
        assert_eq!((tally.elements, tally.links), (3, 1));
        let links = "[a](b) ".repeat(MAX_LINKS + 1);
        let e = Tally::default().add(&links).unwrap();
        assert_eq!(e.what, "links and images");
        assert_eq!(e.offset, 7 * MAX_LINKS);
        assert!(Tally::default().add(&"*a* ".repeat(MAX_ELEMENTS)).is_some());
    }
}
