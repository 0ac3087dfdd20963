//! The first reading of a Markdown text, when loading: its headings and its
//! links with the places they are written, for resolving and for messages.
//! It must agree with `html` on which links are rewritten and in what order,
//! since rendering hands the targets back by position.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::diagnostics::Pos;

use super::ids::{generated_id, unique_ids};
use super::{is_rewritable, options, Heading, Link};

/// Finds the headings (with unique ids) and the links of a Markdown text.
/// The links' destinations are in the string that comes with them.
pub(super) fn scan(text: &str, locate: &dyn Fn(usize, usize) -> Pos) -> (Vec<Heading>, Vec<Link>, String) {
    let mut scan = Scan {
        text,
        locate,
        headings: Vec::new(),
        links: Vec::new(),
        dests: String::new(),
        heading: None,
    };
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => scan.open_heading(level as u8, id, span.start),
            Event::End(TagEnd::Heading(_)) => scan.close_heading(),
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) => scan.open_link(link_type, &dest_url, span, false),
            Event::Start(Tag::Image {
                link_type, dest_url, ..
            }) => scan.open_link(link_type, &dest_url, span, true),
            Event::Text(t) | Event::Code(t) => scan.words(&t),
            _ => {}
        }
    }
    unique_ids(&mut scan.headings, &Default::default());
    (scan.headings, scan.links, scan.dests)
}

/// A heading being read: its text grows until the heading ends.
struct OpenHeading {
    level: u8,
    /// The id written with `{#id}`, if any.
    id: Option<String>,
    pos: Pos,
    title: String,
}

struct Scan<'a> {
    text: &'a str,
    locate: &'a dyn Fn(usize, usize) -> Pos,
    headings: Vec<Heading>,
    links: Vec<Link>,
    dests: String,
    heading: Option<OpenHeading>,
}

impl Scan<'_> {
    fn open_heading(&mut self, level: u8, id: Option<CowStr>, start: usize) {
        self.heading = Some(OpenHeading {
            level,
            id: id.map(|i| i.to_string()),
            pos: (self.locate)(start, 1),
            title: String::new(),
        });
    }

    fn close_heading(&mut self) {
        let Some(OpenHeading { level, id, pos, title }) = self.heading.take() else {
            return;
        };
        let explicit = id.is_some();
        let id = id.unwrap_or_else(|| generated_id(&title));
        self.headings.push(Heading {
            level,
            base: None,
            id,
            title: title.trim().to_string(),
            pos: pos.into(),
            explicit,
        });
    }

    fn open_link(&mut self, link_type: LinkType, dest_url: &str, span: Range<usize>, is_image: bool) {
        if !is_rewritable(link_type) {
            return;
        }
        let written = &self.text[span.clone()];
        let dest_at = written.rfind(dest_url).unwrap_or(0);
        let pos = (self.locate)(span.start + dest_at, dest_url.len().max(1));
        let start = self.dests.len();
        self.dests.push_str(dest_url);
        self.links.push(Link::new(start..self.dests.len(), pos, is_image));
    }

    /// Text goes to the open heading's title.
    fn words(&mut self, t: &str) {
        if let Some(heading) = self.heading.as_mut() {
            heading.title.push_str(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Pos;
    use crate::markdown::tests::doc;

    #[test]
    fn links_are_found_with_positions_and_rewritten() {
        let d = doc("See [the risks](risks.md#who) and ![skin](images/s.svg).\n<https://x.example>\n");
        // The autolink is checked like any link (a `javascript:` one is refused).
        assert_eq!(d.links.len(), 3);
        assert_eq!(d.dest(&d.links[0]), "risks.md#who");
        assert_eq!(d.links[0].pos(), Pos::new(4, 17, 12));
        assert!(d.links[1].is_image);
        assert_eq!(d.dest(&d.links[2]), "https://x.example");
        let html = d.to_html(&["/risks/#who".into(), "/images/s.svg".into(), "https://x.example".into()]);
        assert!(html.contains("href=\"/risks/#who\""), "{html}");
        assert!(html.contains("src=\"/images/s.svg\" alt=\"skin\""), "{html}");
        assert!(html.contains("href=\"https://x.example\""), "{html}");
    }
}
