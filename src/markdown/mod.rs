//! Markdown with pulldown-cmark: heading ids, the table of contents, the
//! links to rewrite, and the HTML of a text.
//!
//! A page's Markdown is read twice: once when loading (`scan`), to learn its
//! headings and links with their positions, and once when rendering (`html`),
//! to write HTML with the ids and the resolved link targets put in. Parsing is
//! cheap and keeping every event between the two would cost more memory than
//! it saves time. It must never read a file or resolve a link itself: the
//! text comes in, and the targets are given by `links`.

mod html;
mod ids;
pub(crate) mod limits;
mod scan;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Options, Parser, TagEnd};

use crate::diagnostics::{Pos, SourceFile};
use crate::source::images::Size;

pub(crate) use ids::{template_ids, Heading, TocEntry};

/// Where a link or image written in the Markdown goes once resolved.
///
/// A build keeps one per link of every page until it renders (about 27 a
/// page on the bench's chain corpus), and most are plain links: what only
/// an image has is boxed apart, so that a link costs 24 bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Target {
    /// Shared with every other link to the same page (see `links::Index::page_href`).
    pub(crate) url: Arc<str>,
    pub(crate) image: Option<Box<ImageTarget>>,
}

/// What an image's target has beyond its address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ImageTarget {
    pub(crate) size: Option<Size>,
    /// The asset path of an image of the site.
    pub(crate) asset: Option<String>,
    pub(crate) picture: Option<std::sync::Arc<crate::picture::Picture>>,
    /// The first image of its page: fetched at once, not lazily.
    pub(crate) first: bool,
}

impl Target {
    /// An image of known size.
    #[cfg(test)]
    pub(crate) fn sized(url: &str, size: Size) -> Target {
        Target {
            url: url.into(),
            image: Some(Box::new(ImageTarget {
                size: Some(size),
                ..ImageTarget::default()
            })),
        }
    }

    pub(crate) fn size(&self) -> Option<Size> {
        self.image.as_ref().and_then(|i| i.size)
    }

    /// The asset path of an image of the site.
    pub(crate) fn asset(&self) -> Option<&str> {
        self.image.as_ref().and_then(|i| i.asset.as_deref())
    }

    pub(crate) fn picture(&self) -> Option<&crate::picture::Picture> {
        self.image.as_ref().and_then(|i| i.picture.as_deref())
    }

    pub(crate) fn first(&self) -> bool {
        self.image.as_ref().is_some_and(|i| i.first)
    }

    /// The image part, made when first needed.
    pub(crate) fn image_mut(&mut self) -> &mut ImageTarget {
        self.image.get_or_insert_with(Box::default)
    }
}

// A build keeps one of each per link of every page: a field added to
// either must be worth its 270,000 copies at 10,000 pages.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Target>() == 24 && std::mem::size_of::<Link>() == 24);

impl From<&str> for Target {
    fn from(url: &str) -> Target {
        Target {
            url: url.into(),
            image: None,
        }
    }
}

/// The Markdown extensions dermapress reads (SPEC §5); the content checks use
/// the same, so that what is text there is text here.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        // GitHub's alerts, `> [!NOTE]` ... `> [!CAUTION]`: see `html::alert`.
        | Options::ENABLE_GFM
}

/// A link or image destination written in the Markdown, with where it is.
/// The destination itself is in its document's `dests` (see `Document::dest`):
/// one string a document, not one a link, at some 270,000 links a build.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    dest: (u32, u32),
    at: crate::diagnostics::Place,
    pub(crate) is_image: bool,
}

impl Link {
    /// A link whose destination is `dests[range]`; a source is at most
    /// 10 MB (see `source::read_text`), so the range fits in `u32`s.
    fn new(range: Range<usize>, pos: Pos, is_image: bool) -> Link {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Link {
            dest: (narrow(range.start), narrow(range.end)),
            at: pos.into(),
            is_image,
        }
    }

    /// Where the destination is written.
    pub(crate) fn pos(&self) -> Pos {
        self.at.into()
    }
}

/// The text of a Markdown document: a slice of its page's file, or text of its
/// own (a YAML value, whose indentation YAML has already removed).
#[derive(Debug, Clone)]
enum Text {
    Slice(Arc<SourceFile>, Range<usize>),
    Owned(String),
    /// A slice of a file let go until the page is rendered, when the file is
    /// read again (see `load::release`).
    Released(Range<usize>),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Slice(source, range) => source.text.get(range.clone()).unwrap_or(""),
            Text::Owned(s) => s,
            Text::Released(_) => "",
        }
    }
}

/// A parsed Markdown text: its headings and its links, with their places.
// `pub`, not `pub(crate)`: `content::kinds::Body` names it in a `pub` variant.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    text: Text,
    pub(crate) headings: Vec<Heading>,
    pub(crate) links: Vec<Link>,
    /// The links' destinations one after the other.
    dests: String,
    /// The reserved ids the headings were last numbered around (see
    /// `reserve_ids`), so that a page kept by `watch` is not numbered again.
    numbered_around: Option<Arc<BTreeSet<String>>>,
}

/// Whether a link destination is left to the browser as written: other sites,
/// mail and phone links.
pub(crate) fn is_external(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_special = dest.find(['/', '?', '#']);
    match (scheme_end, first_special) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => dest.starts_with("//"),
    }
}

impl Document {
    /// Parses `source.text[range]`: heading ids (from `{#id}` or the heading
    /// text, numbered when repeated) and every link and image.
    pub(crate) fn parse(source: Arc<SourceFile>, range: Range<usize>) -> Document {
        let start = range.start;
        let text = Text::Slice(source.clone(), range);
        Document::parse_text(text, &|offset, len| source.pos(start + offset, len))
    }

    /// Parses a YAML value's Markdown. `at` is where the value starts in
    /// `source`; a link's place is found by looking for its text from there.
    pub(crate) fn parse_value(text: String, source: &SourceFile, at: Pos) -> Document {
        let from = source.offset(at);
        let copy = text.clone();
        // Links come in the order they are written: look for each after the
        // one before, so that two links to the same place get their own lines.
        let cursor = std::cell::Cell::new(from);
        let locate = |offset: usize, len: usize| {
            let wanted = copy.get(offset..offset + len).unwrap_or("");
            if wanted.is_empty() {
                return at;
            }
            let find = |start: usize| source.text.get(start..)?.find(wanted).map(|i| start + i);
            match find(cursor.get()).or_else(|| find(from)) {
                Some(found) => {
                    cursor.set(found + wanted.len());
                    source.pos(found, len)
                }
                None => at,
            }
        };
        Document::parse_text(Text::Owned(text), &locate)
    }

    fn parse_text(text: Text, locate: &dyn Fn(usize, usize) -> Pos) -> Document {
        let (mut headings, mut links, mut dests) = scan::scan(text.as_str(), locate);
        // Kept for the whole build, one per page: without the room the
        // vectors grew into (up to half of them at 10,000 pages).
        headings.shrink_to_fit();
        links.shrink_to_fit();
        dests.shrink_to_fit();
        Document {
            text,
            headings,
            links,
            dests,
            numbered_around: None,
        }
    }

    /// The destination of `link`, one of this document's `links`.
    pub(crate) fn dest(&self, link: &Link) -> &str {
        let (start, end) = link.dest;
        self.dests.get(start as usize..end as usize).unwrap_or("")
    }

    /// Each link with its destination.
    pub(crate) fn links_with_dests(&self) -> impl Iterator<Item = (&Link, &str)> {
        self.links.iter().map(|l| (l, self.dest(l)))
    }

    pub(crate) fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The text, taken from `source` if it was let go (see `release`):
    /// `source` is then its page's file, read again.
    pub(crate) fn text_in<'a>(&'a self, source: &'a SourceFile) -> &'a str {
        match &self.text {
            Text::Released(range) => source.text.get(range.clone()).unwrap_or(""),
            text => text.as_str(),
        }
    }

    /// Lets go of the page's file this text is a slice of, keeping where the
    /// text is in it; `text_in` and `to_html_in` take it from the file read
    /// again. Text of its own is kept.
    pub(crate) fn release(&mut self) {
        if let Text::Slice(_, range) = &self.text {
            self.text = Text::Released(range.clone());
        }
    }

    /// The HTML of the text, with heading ids set and each link's destination
    /// replaced by `targets[i]` (in the order of `links`).
    pub(crate) fn to_html(&self, targets: &[Target]) -> String {
        self.write_html(self.text(), targets, Style::Page)
    }

    /// `to_html` of a text that may have been let go: see `text_in`.
    pub(crate) fn to_html_in(&self, source: &SourceFile, targets: &[Target]) -> String {
        self.write_html(self.text_in(source), targets, Style::Page)
    }

    /// HTML for text that came from YAML data: raw HTML is shown as text.
    pub(crate) fn to_data_html(&self, targets: &[Target]) -> String {
        self.write_html(self.text(), targets, Style::Data)
    }

    /// Like `to_data_html`, without the paragraph around a one-line value.
    pub(crate) fn to_inline_html(&self, targets: &[Target]) -> String {
        self.write_html(self.text(), targets, Style::Inline)
    }

    /// The words of the text without markup (the tests compare it with the
    /// data form below; nothing in a build needs it yet).
    #[cfg(test)]
    pub(crate) fn plain_text(&self) -> String {
        self.words(Style::Page)
    }

    /// Like `plain_text` for text that came from YAML data, where what looks
    /// like HTML is shown to readers as text (see `to_data_html`), and so is
    /// kept here too: an FAQ answer's JSON-LD says what the page says.
    pub(crate) fn plain_data_text(&self) -> String {
        self.words(Style::Data)
    }

    fn words(&self, style: Style) -> String {
        let mut out = String::new();
        for event in Parser::new_ext(self.text.as_str(), options()) {
            match event {
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::Html(t) | Event::InlineHtml(t) if style != Style::Page => out.push_str(&t),
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                    out.push(' ')
                }
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Headings nested by level: each `##` holds the `###` below it.
    pub(crate) fn toc(&self) -> Vec<TocEntry> {
        ids::toc(&self.headings)
    }

    /// The ids a link may point at with `#...`.
    pub(crate) fn anchors(&self) -> impl Iterator<Item = &str> {
        self.headings.iter().map(|h| h.id.as_str())
    }
}

/// Links whose destination is resolved and checked. Autolinks are, so that
/// `<javascript:alert(1)>` is refused like any other script link; e-mail
/// autolinks are always `mailto:` (pulldown-cmark adds it).
fn is_rewritable(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Email | LinkType::WikiLink { .. })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Page,
    Data,
    Inline,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn doc(text: &str) -> Document {
        let src = Arc::new(SourceFile::new("a.md", format!("---\ntitle: x\n---\n{text}")));
        let start = src.text.find("---\n").unwrap() + 4;
        let start = start + src.text[start..].find("---\n").unwrap() + 4;
        let len = src.text.len();
        Document::parse(src, start..len)
    }

    #[test]
    fn external_links_are_recognised() {
        for d in [
            "https://a.example",
            "mailto:a@b.example",
            "tel:+15550100",
            "//cdn.example/x",
        ] {
            assert!(is_external(d), "{d}");
        }
        for d in ["risks.md", "/risks/", "#a", "../faq.yaml#b", "a:b/../c.md"] {
            assert_eq!(is_external(d), d.starts_with("a:"), "{d}");
        }
    }

    #[test]
    fn value_links_are_placed_in_the_yaml_file() {
        let src = SourceFile::new(
            "c.yaml",
            "a: |\n  First line.\n  See [risks](../risks.md).\n".to_string(),
        );
        let d = Document::parse_value(
            "First line.\nSee [risks](../risks.md).\n".into(),
            &src,
            Pos::new(1, 4, 1),
        );
        assert_eq!(d.links[0].pos(), Pos::new(3, 15, 11));
    }

    #[test]
    fn repeated_value_links_each_get_their_own_line() {
        let text = "a: |\n  [one](gone.md)\n  [two](gone.md)\n  [three](gone.md)\n";
        let src = SourceFile::new("c.yaml", text.to_string());
        let value = "[one](gone.md)\n[two](gone.md)\n[three](gone.md)\n";
        let d = Document::parse_value(value.into(), &src, Pos::new(1, 4, 1));
        let lines: Vec<usize> = d.links.iter().map(|l| l.pos().line).collect();
        assert_eq!(lines, [2, 3, 4]);
    }
}

#[cfg(test)]
pub(crate) mod props;
