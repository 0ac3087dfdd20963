//! Writing a parsed text as HTML: heading ids and resolved link targets put
//! in, images with their sizes, `Table:` captions. This is the only code that
//! writes HTML from Rust; it must never write a page's layout, which is the
//! theme's business.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::picture::{self, Priority, Use};

use super::{is_rewritable, options, Document, Heading, Style, Target};

impl Document {
    pub(super) fn write_html(&self, text: &str, targets: &[Target], style: Style) -> String {
        let mut rewrite = Rewrite {
            headings: &self.headings,
            targets,
            style,
            heading_index: 0,
            link_index: 0,
            images: Vec::new(),
        };
        let events: Vec<Event> = Parser::new_ext(text, options())
            .filter_map(|event| rewrite.event(event))
            .collect();
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            with_captions(images_as_html(events, &rewrite.images)).into_iter(),
        );
        if style == Style::Inline {
            html.truncate(html.trim_end().len());
        }
        html
    }
}

/// Puts the heading ids and the resolved targets into a text's events. Both
/// are given in the order the scan found them, so each is taken in turn.
struct Rewrite<'a> {
    headings: &'a [Heading],
    targets: &'a [Target],
    style: Style,
    heading_index: usize,
    link_index: usize,
    /// The target of each image, in order, for `images_as_html`.
    images: Vec<Option<&'a Target>>,
}

impl<'a> Rewrite<'a> {
    fn event(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        Some(match event {
            Event::Start(Tag::Heading {
                level, classes, attrs, ..
            }) => {
                let id = self
                    .headings
                    .get(self.heading_index)
                    .map(|h| CowStr::Borrowed(h.id.as_str()));
                self.heading_index += 1;
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
                dest_url: self.target(dest_url).0,
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (dest_url, target) = if is_rewritable(link_type) {
                    self.target(dest_url)
                } else {
                    (dest_url, None)
                };
                self.images.push(target);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(CowStr::Boxed(alert_start(kind).into())),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed("</aside>\n")),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) if self.style == Style::Inline => return None,
            Event::Html(h) | Event::InlineHtml(h) if self.style != Style::Page => Event::Text(h),
            other => other,
        })
    }

    /// The next link's resolved target, or its destination as written when
    /// the caller gave fewer targets than there are links.
    fn target(&mut self, dest: CowStr<'a>) -> (CowStr<'a>, Option<&'a Target>) {
        let t = match self.targets.get(self.link_index) {
            Some(t) => (CowStr::Borrowed(&t.url), Some(t)),
            None => (dest, None),
        };
        self.link_index += 1;
        t
    }
}

/// The opening of a GitHub-style alert (`> [!WARNING]`): a box with a
/// visible label, so that its meaning never rests on colour alone, and the
/// `note` role, so that a screen reader announces it as set apart. A
/// `[!CAUTION]` is the urgent care card: the theme styles it to stand out,
/// for when to call the clinic or get emergency help.
fn alert_start(kind: BlockQuoteKind) -> String {
    let (class, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution alert-urgent", "Urgent"),
    };
    format!("<aside class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-label\">{label}</p>\n")
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
/// its size is known (`targets`, one per image in order). A processed
/// raster image becomes its `<picture>`.
fn images_as_html<'a>(events: Vec<Event<'a>>, targets: &[Option<&Target>]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut targets = targets.iter();
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = &event else {
            out.push(event);
            continue;
        };
        let target = targets.next().copied().flatten();
        let size = target.and_then(Target::size);
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
        if let Some((picture, t)) = target.and_then(|t| Some((t.picture()?, t))) {
            let at = Use {
                alt: &alt,
                title: Some(title),
                sizes: None,
                priority: if t.first() { Priority::Eager } else { Priority::Lazy },
            };
            out.push(Event::InlineHtml(CowStr::Boxed(
                picture::html(picture, &at).into_boxed_str(),
            )));
            continue;
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

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Pos, SourceFile};
    use crate::markdown::tests::doc;
    use crate::markdown::{Document, Target};
    use crate::source::images::Size;

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
    fn images_of_known_size_carry_width_and_height() {
        let d = doc("![A *\"big\"* <b>skin</b>\nlayer](a.svg \"Layers & more\") and ![b](b.png) and [c](a.svg)\n");
        let sized = |url: &str, width, height| Target::sized(url, Size { width, height });
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
        let sized = |url: &str, side| {
            Target::sized(
                url,
                Size {
                    width: side,
                    height: side,
                },
            )
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
    fn alerts_are_labelled_notes() {
        let d = super::super::tests::doc(
            "> [!WARNING]\n> Stop if it *hurts*.\n\n> [!CAUTION]\n> Call 911.\n\n> A quote.\n",
        );
        let html = d.to_html(&[]);
        assert!(
            html.contains("<aside class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-label\">Warning</p>\n<p>Stop if it <em>hurts</em>.</p>\n</aside>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<aside class=\"alert alert-caution alert-urgent\" role=\"note\">\n<p class=\"alert-label\">Urgent</p>"
            ),
            "{html}"
        );
        assert!(html.contains("<blockquote>\n<p>A quote.</p>\n</blockquote>"), "{html}");
        // In data values too, although raw HTML there is escaped.
        let src = SourceFile::new("c.yaml", "a: x\n".to_string());
        let v = Document::parse_value("> [!TIP]\n> Drink water.\n".into(), &src, Pos::new(1, 4, 1));
        assert!(v
            .to_data_html(&[])
            .starts_with("<aside class=\"alert alert-tip\" role=\"note\">"));
    }
}
