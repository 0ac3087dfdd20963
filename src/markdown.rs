//! Markdown with pulldown-cmark: heading ids, the table of contents, and the
//! links to rewrite.
//!
//! A page's Markdown is read twice: once when loading, to learn its headings
//! and links with their positions, and once when rendering, to write HTML with
//! the ids and the resolved link targets put in. Parsing is cheap and keeping
//! every event between the two would cost more memory than it saves time.
//! This is the only module that writes HTML from Rust.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::{Pos, SourceFile};
use crate::source::images::Size;

/// Where a link or image written in the Markdown goes once resolved, and for
/// an image of the site, its size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub size: Option<Size>,
}

impl From<&str> for Target {
    fn from(url: &str) -> Target {
        Target {
            url: url.to_string(),
            size: None,
        }
    }
}

/// The Markdown extensions dermapress reads (SPEC §5); the content checks use
/// the same, so that what is text there is text here.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub pos: Pos,
}

/// A link or image destination written in the Markdown, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub pos: Pos,
    pub is_image: bool,
    /// The image's alt text or the link's text, for the content checks.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The text of a Markdown document: a slice of its page's file, or text of its
/// own (a YAML value, whose indentation YAML has already removed).
#[derive(Debug, Clone)]
enum Text {
    Slice(Arc<SourceFile>, Range<usize>),
    Owned(String),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Slice(source, range) => source.text.get(range.clone()).unwrap_or(""),
            Text::Owned(s) => s,
        }
    }
}

/// A parsed Markdown text: its headings and its links, with their places.
#[derive(Debug, Clone)]
pub struct Document {
    text: Text,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// Whether a link destination is left to the browser as written: other sites,
/// mail and phone links.
pub fn is_external(dest: &str) -> bool {
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
    pub fn parse(source: Arc<SourceFile>, range: Range<usize>) -> Document {
        let start = range.start;
        let text = Text::Slice(source.clone(), range);
        Document::parse_text(text, &|offset, len| source.pos(start + offset, len))
    }

    /// Parses a YAML value's Markdown. `at` is where the value starts in
    /// `source`; a link's place is found by looking for its text from there.
    pub fn parse_value(text: String, source: &SourceFile, at: Pos) -> Document {
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
        let (headings, links) = scan(text.as_str(), locate);
        Document { text, headings, links }
    }

    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The HTML of the text, with heading ids set and each link's destination
    /// replaced by `targets[i]` (in the order of `links`).
    pub fn to_html(&self, targets: &[Target]) -> String {
        self.write_html(targets, Style::Page)
    }

    /// HTML for text that came from YAML data: raw HTML is shown as text.
    pub fn to_data_html(&self, targets: &[Target]) -> String {
        self.write_html(targets, Style::Data)
    }

    /// Like `to_data_html`, without the paragraph around a one-line value.
    pub fn to_inline_html(&self, targets: &[Target]) -> String {
        self.write_html(targets, Style::Inline)
    }

    fn write_html(&self, targets: &[Target], style: Style) -> String {
        let text = self.text.as_str();
        let mut heading_index = 0;
        let mut link_index = 0;
        // The size of each image, in order, for `images_as_html`.
        let mut sizes: Vec<Option<Size>> = Vec::new();
        let mut target = |dest: CowStr<'static>| -> (CowStr<'_>, Option<Size>) {
            let t = match targets.get(link_index) {
                Some(t) => (CowStr::Borrowed(t.url.as_str()), t.size),
                None => (dest, None),
            };
            link_index += 1;
            t
        };
        let mut html = String::with_capacity(text.len() * 3 / 2);
        let events = Parser::new_ext(text, options()).filter_map(|event| {
            Some(match event {
                Event::Start(Tag::Heading {
                    level, classes, attrs, ..
                }) => {
                    let id = self
                        .headings
                        .get(heading_index)
                        .map(|h| CowStr::Borrowed(h.id.as_str()));
                    heading_index += 1;
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    })
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) if is_rewritable(link_type) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: target(into_static(dest_url)).0,
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let (dest_url, size) = if is_rewritable(link_type) {
                        target(into_static(dest_url))
                    } else {
                        (dest_url, None)
                    };
                    sizes.push(size);
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if style == Style::Inline => return None,
                Event::Html(h) | Event::InlineHtml(h) if style != Style::Page => Event::Text(h),
                other => other,
            })
        });
        let events: Vec<Event> = events.collect();
        pulldown_cmark::html::push_html(&mut html, with_captions(images_as_html(events, &sizes)).into_iter());
        if style == Style::Inline {
            html.truncate(html.trim_end().len());
        }
        html
    }

    /// The words of the text without markup, for JSON-LD and search.
    pub fn plain_text(&self) -> String {
        self.words(Style::Page)
    }

    /// Like `plain_text` for text that came from YAML data, where what looks
    /// like HTML is shown to readers as text (see `to_data_html`), and so is
    /// kept here too: an FAQ answer's JSON-LD says what the page says.
    pub fn plain_data_text(&self) -> String {
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
    pub fn toc(&self) -> Vec<TocEntry> {
        toc(&self.headings)
    }

    /// The ids a link may point at with `#...`.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.headings.iter().map(|h| h.id.as_str())
    }
}

/// Finds the headings (with unique ids) and the links of a Markdown text.
fn scan(text: &str, locate: &dyn Fn(usize, usize) -> Pos) -> (Vec<Heading>, Vec<Link>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut explicit_ids = Vec::new();
    let mut heading: Option<(u8, Option<String>, Pos, String)> = None;
    let mut link_text: Vec<(usize, String)> = Vec::new();
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let pos = locate(span.start, 1);
                heading = Some((level as u8, id.map(|i| i.to_string()), pos, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, pos, title)) = heading.take() {
                    explicit_ids.push(id.is_some());
                    let id = id.unwrap_or_else(|| {
                        let s = slug::slugify(&title);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    });
                    headings.push(Heading {
                        level,
                        id,
                        title: title.trim().to_string(),
                        pos,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                ref dest_url,
                ..
            }) => {
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                if matches!(
                    link_type,
                    LinkType::Email | LinkType::Autolink | LinkType::WikiLink { .. }
                ) {
                    continue;
                }
                let written = &text[span.clone()];
                let dest_at = written.rfind(dest_url.as_ref()).unwrap_or(0);
                let pos = locate(span.start + dest_at, dest_url.len().max(1));
                link_text.push((links.len(), String::new()));
                links.push(Link {
                    dest: dest_url.to_string(),
                    pos,
                    is_image,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((i, text)) = link_text.pop() {
                    if let Some(link) = links.get_mut(i) {
                        link.text = text;
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, _, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
                for (_, text) in link_text.iter_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    unique_ids(&mut headings, &explicit_ids);
    (headings, links)
}

fn is_rewritable(link_type: LinkType) -> bool {
    !matches!(
        link_type,
        LinkType::Email | LinkType::Autolink | LinkType::WikiLink { .. }
    )
}

/// Makes heading ids unique. Ids written with `{#id}` stay as written, since
/// links already point at them; a generated id that would repeat any other id
/// gets the first free number (`-1`, `-2`, ...).
fn unique_ids(headings: &mut [Heading], explicit: &[bool]) {
    use std::collections::HashSet;
    let mut used: HashSet<String> = headings
        .iter()
        .zip(explicit)
        .filter(|(_, e)| **e)
        .map(|(h, _)| h.id.clone())
        .collect();
    let mut kept: HashSet<String> = HashSet::new();
    // The last number given to each id: numbers below it are taken already,
    // so a page of many equal headings costs one step each, not one per twin.
    let mut numbered: std::collections::HashMap<String, usize> = Default::default();
    for (h, is_explicit) in headings.iter_mut().zip(explicit) {
        if *is_explicit && kept.insert(h.id.clone()) {
            continue;
        }
        let mut id = h.id.clone();
        let n = numbered.entry(h.id.clone()).or_insert(0);
        while used.contains(&id) {
            *n += 1;
            id = format!("{}-{n}", h.id);
        }
        used.insert(id.clone());
        h.id = id;
    }
}

fn toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// The prefix of a paragraph that captions the table right below it.
const CAPTION: &str = "Table: ";

/// Turns a paragraph `Table: text` written right above a table into that
/// table's `<caption>` (as Pandoc does), so that tables written in Markdown
/// can meet WCAG 1.3.1 without raw HTML.
fn with_captions(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let caption = match (&events[i], events.get(i + 1)) {
            (Event::Start(Tag::Paragraph), Some(Event::Text(t))) if t.starts_with(CAPTION) => {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
                    .map(|k| i + k);
                end.filter(|e| matches!(events.get(e + 1), Some(Event::Start(Tag::Table(_)))))
            }
            _ => None,
        };
        let Some(end) = caption else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let mut inner: Vec<Event> = events[i + 1..end].to_vec();
        if let Some(Event::Text(t)) = inner.first_mut() {
            *t = CowStr::Boxed(t[CAPTION.len()..].to_string().into_boxed_str());
        }
        let mut caption_html = String::from("<caption>");
        pulldown_cmark::html::push_html(&mut caption_html, inner.into_iter());
        caption_html.push_str("</caption>");
        out.push(events[end + 1].clone());
        out.push(Event::Html(CowStr::Boxed(caption_html.into_boxed_str())));
        i = end + 2;
    }
    out
}

/// Writes every image as HTML: as pulldown-cmark would, without the XHTML
/// `/>` that HTML validators warn about, and with `width` and `height` when
/// its size is known (`sizes`, one per image in order).
fn images_as_html<'a>(events: Vec<Event<'a>>, sizes: &[Option<Size>]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut sizes = sizes.iter();
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = &event else {
            out.push(event);
            continue;
        };
        let size = sizes.next().copied().flatten();
        // The alt text is the image's inner text, as pulldown-cmark writes it.
        let mut alt = String::new();
        let mut nest = 0;
        for inner in events.by_ref() {
            match inner {
                Event::Start(_) => nest += 1,
                Event::End(_) if nest == 0 => break,
                Event::End(_) => nest -= 1,
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut img = String::from("<img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut img, dest_url);
        img.push_str("\" alt=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut img, &alt);
        if !title.is_empty() {
            img.push_str("\" title=\"");
            let _ = pulldown_cmark_escape::escape_html(&mut img, title);
        }
        img.push('"');
        if let Some(size) = size {
            img.push_str(&format!(" width=\"{}\" height=\"{}\"", size.width, size.height));
        }
        img.push('>');
        out.push(Event::InlineHtml(CowStr::Boxed(img.into_boxed_str())));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Page,
    Data,
    Inline,
}

fn into_static(s: CowStr<'_>) -> CowStr<'static> {
    CowStr::Boxed(s.to_string().into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let src = Arc::new(SourceFile::new("a.md", format!("---\ntitle: x\n---\n{text}")));
        let start = src.text.find("---\n").unwrap() + 4;
        let start = start + src.text[start..].find("---\n").unwrap() + 4;
        let len = src.text.len();
        Document::parse(src, start..len)
    }

    #[test]
    fn headings_get_stable_unique_ids() {
        let d = doc("## Who should avoid it\n\n## Who should avoid it\n\n### Café `code`\n\n## Custom {#mine}\n");
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["who-should-avoid-it", "who-should-avoid-it-1", "cafe-code", "mine"]
        );
        assert_eq!(d.headings[0].pos, Pos::new(4, 1, 1));
        let html = d.to_html(&[]);
        assert!(html.contains("<h2 id=\"who-should-avoid-it-1\">"), "{html}");
    }

    #[test]
    fn a_table_line_above_a_table_becomes_its_caption() {
        let d = doc("Table: Side effects *and* how long they last\n| A | B |\n|---|---|\n| 1 | 2 |\n\nTable: not above a table\n");
        let html = d.to_html(&[]);
        assert!(
            html.contains("<table><caption>Side effects <em>and</em> how long they last</caption><thead>"),
            "{html}"
        );
        assert!(html.contains("<p>Table: not above a table</p>"), "{html}");
    }

    #[test]
    fn toc_nests_by_level() {
        let d = doc("## A\n### A1\n### A2\n## B\n");
        let toc = d.toc();
        assert_eq!(toc.len(), 2);
        assert_eq!(
            toc[0].children.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["a1", "a2"]
        );
    }

    #[test]
    fn links_are_found_with_positions_and_rewritten() {
        let d = doc("See [the risks](risks.md#who) and ![skin](images/s.svg).\n<https://x.example>\n");
        assert_eq!(d.links.len(), 2);
        assert_eq!(d.links[0].dest, "risks.md#who");
        assert_eq!(d.links[0].pos, Pos::new(4, 17, 12));
        assert_eq!(d.links[1].text, "skin");
        let html = d.to_html(&["/risks/#who".into(), "/images/s.svg".into()]);
        assert!(html.contains("href=\"/risks/#who\""), "{html}");
        assert!(html.contains("src=\"/images/s.svg\""), "{html}");
        assert!(html.contains("href=\"https://x.example\""), "{html}");
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
    fn images_of_known_size_carry_width_and_height() {
        let d = doc("![A *\"big\"* <b>skin</b>\nlayer](a.svg \"Layers & more\") and ![b](b.png) and [c](a.svg)\n");
        let sized = |url: &str, width, height| Target {
            url: url.to_string(),
            size: Some(Size { width, height }),
        };
        let html = d.to_html(&[sized("/a b.svg", 640, 410), "/b.png".into(), sized("/a.svg", 1, 1)]);
        assert!(
            html.contains(
                "<img src=\"/a%20b.svg\" alt=\"A “big” &lt;b&gt;skin&lt;/b&gt; layer\" \
                 title=\"Layers &amp; more\" width=\"640\" height=\"410\">"
            ),
            "{html}"
        );
        assert!(html.contains("<img src=\"/b.png\" alt=\"b\">"), "{html}");
        assert!(
            html.contains("<a href=\"/a.svg\">c</a>"),
            "a link is not an image: {html}"
        );
        // The same images in data values, where raw HTML is text.
        let src = SourceFile::new("c.yaml", "v: \"![<i>x</i>](a.svg)\"\n".to_string());
        let d = Document::parse_value("![<i>x</i>](a.svg)".into(), &src, Pos::new(1, 4, 1));
        assert_eq!(
            d.to_inline_html(&[sized("/a.svg", 2, 3)]),
            "<img src=\"/a.svg\" alt=\"&lt;i&gt;x&lt;/i&gt;\" width=\"2\" height=\"3\">"
        );
    }

    #[test]
    fn an_image_in_a_table_caption_keeps_the_next_images_size_its_own() {
        let d = doc("Table: Depth ![x](x.svg)\n\n| a |\n|---|\n| b |\n\n![y](y.svg)\n");
        let sized = |url: &str, side| Target {
            url: url.to_string(),
            size: Some(Size {
                width: side,
                height: side,
            }),
        };
        let html = d.to_html(&[sized("/x.svg", 1), sized("/y.svg", 2)]);
        assert!(
            html.contains("<caption>Depth <img src=\"/x.svg\" alt=\"x\" width=\"1\" height=\"1\"></caption>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"/y.svg\" alt=\"y\" width=\"2\" height=\"2\">"),
            "{html}"
        );
    }

    #[test]
    fn data_values_escape_raw_html() {
        let src = SourceFile::new("c.yaml", "v: \"*a* <script>alert(1)</script>\"\n".to_string());
        let d = Document::parse_value("*a* <script>alert(1)</script>".into(), &src, Pos::new(1, 4, 1));
        assert_eq!(
            d.to_inline_html(&[]),
            "<em>a</em> &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            d.to_data_html(&[]),
            "<p><em>a</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
        assert_eq!(d.plain_data_text(), "a <script>alert(1)</script>");
        assert_eq!(d.plain_text(), "a alert(1)");
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
        assert_eq!(d.links[0].pos, Pos::new(3, 15, 11));
    }

    #[test]
    fn repeated_value_links_each_get_their_own_line() {
        let text = "a: |\n  [one](gone.md)\n  [two](gone.md)\n  [three](gone.md)\n";
        let src = SourceFile::new("c.yaml", text.to_string());
        let value = "[one](gone.md)\n[two](gone.md)\n[three](gone.md)\n";
        let d = Document::parse_value(value.into(), &src, Pos::new(1, 4, 1));
        let lines: Vec<usize> = d.links.iter().map(|l| l.pos.line).collect();
        assert_eq!(lines, [2, 3, 4]);
    }
}

#[cfg(test)]
pub(crate) mod props;
