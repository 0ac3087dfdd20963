//! Prose: the words a reader sees on a page, wherever they were written (the
//! Markdown body, front matter values, data page fields), with the way back
//! to their exact place in the source file.
//!
//! Code blocks and inline code are not prose: a clinic may quote a phrase in
//! code to discuss it. Markup (link targets, HTML, emphasis marks) is skipped
//! too: the rules read the text as a visitor does, so that `no **downtime**`
//! reads "no downtime", and each finding is mapped back to its source.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::options;
use regex::Regex;

use crate::content::front_matter;
use crate::content::page::{Body, Page};
use crate::diagnostics::{Pos, SourceFile};

/// Where a piece of prose came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A slice of the file starting at this byte: the Markdown body.
    File(usize),
    /// A YAML value starting at this place. YAML has removed quotes and
    /// indentation, so places are found by searching the file from there.
    Value(Pos),
}

/// An image written in Markdown: where `![` is, and its alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineImage {
    pub(crate) at: Range<usize>,
    pub(crate) alt: String,
}

/// A piece of prose: its source text, what a reader reads of it, and images.
#[derive(Debug, Clone)]
pub(crate) struct Prose<'a> {
    pub(crate) text: &'a str,
    /// The reading text: the text runs without markup, a run's words joined
    /// across emphasis, links and line breaks, and runs kept apart by a
    /// character no rule matches (see `BREAK`).
    pub(crate) reading: String,
    /// Where each stretch of `reading` is in `text`, in order.
    segments: Vec<Segment>,
    pub(crate) images: Vec<InlineImage>,
    /// Whether `text` is Markdown (a body, an FAQ answer) or a plain value.
    pub(crate) markdown: bool,
    origin: Origin,
}

/// A stretch of the reading text copied from `text[source..source + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    reading: usize,
    source: usize,
    len: usize,
}

/// Put between two runs (paragraphs, cells, headings) so that no phrase is
/// read across them: it is neither a word character nor white space.
const BREAK: char = '\u{1}';

impl<'a> Prose<'a> {
    /// A plain value (a title, a description): all of it is prose.
    fn plain(text: &'a str, origin: Origin) -> Prose<'a> {
        Prose {
            text,
            reading: text.to_string(),
            segments: vec![Segment {
                reading: 0,
                source: 0,
                len: text.len(),
            }],
            images: Vec::new(),
            markdown: false,
            origin,
        }
    }

    /// Markdown: the text outside code, and the images.
    fn markdown(text: &'a str, origin: Origin) -> Prose<'a> {
        let (reading, segments, images) = scan(text);
        Prose {
            text,
            reading,
            segments,
            images,
            markdown: true,
            origin,
        }
    }

    /// The range of `text` that `reading[range]` was read from (with any
    /// markup inside it); None if the range starts or ends between runs.
    pub(crate) fn source_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let at = |offset: usize, is_end: bool| {
            let i = self
                .segments
                .partition_point(|s| s.reading + s.len < offset + usize::from(!is_end));
            let s = self.segments.get(i)?;
            (s.reading <= offset && offset <= s.reading + s.len).then(|| s.source + offset - s.reading)
        };
        let start = at(range.start, false)?;
        let end = at(range.end, true)?;
        (start <= end).then_some(start..end)
    }

    /// The place in `source` of `text[range]`.
    pub(crate) fn locate(&self, source: &SourceFile, range: Range<usize>) -> Pos {
        let len = range.len();
        match self.origin {
            Origin::File(start) => source.pos(start + range.start, len),
            Origin::Value(at) => locate_in_value(self.text, source, at, range),
        }
    }
}

/// Finds `text[range]` in the file from the value's start: the same phrase,
/// the same number of times over, with any white space between its words
/// (YAML folds lines), so that a repeated phrase lands on its own line.
fn locate_in_value(text: &str, source: &SourceFile, at: Pos, range: Range<usize>) -> Pos {
    let Some(snippet) = text.get(range.clone()) else {
        return at;
    };
    let words: Vec<String> = snippet.split_whitespace().map(regex::escape).collect();
    let Ok(pattern) = Regex::new(&format!("(?i){}", words.join(r"\s+"))) else {
        return at;
    };
    if words.is_empty() {
        return at;
    }
    let before = pattern.find_iter(text).take_while(|m| m.start() < range.start).count();
    let from = source.offset(at);
    let rest = source.text.get(from..).unwrap_or("");
    let found = pattern.find_iter(rest).nth(before).map(|m| (m.start(), m.len()));
    match found {
        Some((start, len)) => source.pos(from + start, len),
        None => at,
    }
}

/// Builds what a reader reads of Markdown `text`: the source of its text
/// events outside code (as written, so that every character maps back),
/// joined within a run of inline content (across emphasis, links and line
/// breaks, keeping one white space that markup separated), with `BREAK`
/// between runs; and the images with their alt text.
fn scan(text: &str) -> (String, Vec<Segment>, Vec<InlineImage>) {
    let mut r = Reader {
        text,
        reading: String::with_capacity(text.len()),
        segments: Vec::new(),
        images: Vec::new(),
        open_images: Vec::new(),
        in_code: 0,
        joinable: false,
    };
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                r.in_code += 1;
                r.joinable = false;
            }
            Event::End(TagEnd::CodeBlock) => {
                r.in_code = r.in_code.saturating_sub(1);
                r.joinable = false;
            }
            Event::Text(t) if r.in_code == 0 => {
                r.alt(&t);
                r.text(span);
                r.joinable = true;
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {}
            Event::Start(Tag::Image { .. }) => {
                r.open_images.push(InlineImage {
                    at: span,
                    alt: String::new(),
                });
                r.joinable = false;
            }
            Event::End(TagEnd::Image) => {
                r.images.extend(r.open_images.pop());
                r.joinable = false;
            }
            Event::Code(t) => {
                r.alt(&t);
                r.joinable = false;
            }
            _ => r.joinable = false,
        }
    }
    (r.reading, r.segments, r.images)
}

/// What `scan` has read so far.
struct Reader<'t> {
    text: &'t str,
    reading: String,
    segments: Vec<Segment>,
    images: Vec<InlineImage>,
    /// Images whose alt text is being read (an image can hold another).
    open_images: Vec<InlineImage>,
    /// How many code blocks are open here.
    in_code: usize,
    /// Whether the next text continues the run of the text before it.
    joinable: bool,
}

impl Reader<'_> {
    /// A text event at `span`: continues the current run, or starts a new one.
    fn text(&mut self, span: Range<usize>) {
        let text = self.text;
        let last_end = self.segments.last().map(|s| s.source + s.len);
        match last_end {
            Some(end) if self.joinable && only_space(text, end, span.start) => {
                // Lines of one paragraph: the line break is read too.
                self.push(end..span.end);
            }
            Some(end) if self.joinable => {
                // Markup between: keep one of its white spaces, if any.
                let gap = text.get(end..span.start).unwrap_or("");
                if let Some((i, c)) = gap.char_indices().find(|(_, c)| c.is_whitespace()) {
                    if !self.reading.ends_with(char::is_whitespace) {
                        self.push(end + i..end + i + c.len_utf8());
                    }
                }
                self.push(span);
            }
            _ => {
                if !self.reading.is_empty() {
                    self.reading.push(BREAK);
                }
                self.push(span);
            }
        }
    }

    /// Reads `source` (a range of the text) as it is written.
    fn push(&mut self, source: Range<usize>) {
        self.segments.push(Segment {
            reading: self.reading.len(),
            source: source.start,
            len: source.len(),
        });
        self.reading.push_str(&self.text[source]);
    }

    /// Text inside an image is its alt text, for each image open here.
    fn alt(&mut self, t: &str) {
        for image in self.open_images.iter_mut() {
            image.alt.push_str(t);
        }
    }
}

fn only_space(text: &str, from: usize, to: usize) -> bool {
    from <= to
        && text
            .get(from..to)
            .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// Every piece of prose of a page, in reading order.
pub(crate) fn of_page(page: &Page) -> Vec<Prose<'_>> {
    let spans = &page.spans;
    let value = |key: &str| Origin::Value(spans.value(key));
    let mut out = vec![
        Prose::plain(&page.meta.title, value("title")),
        Prose::plain(&page.meta.description, value("description")),
    ];
    if let Some(alt) = page.meta.image.as_ref().and_then(|i| i.alt.as_deref()) {
        out.push(Prose::plain(alt, value("image.alt")));
    }
    match &page.body {
        Body::Markdown(doc) => {
            let start = front_matter::split(&page.source).map_or(0, |s| s.body.start);
            out.push(Prose::markdown(doc.text(), Origin::File(start)));
        }
        Body::Data(data) => out.extend(data.page().texts().into_iter().map(|t| {
            let at = value(&t.key);
            if t.markdown {
                Prose::markdown(t.text, at)
            } else {
                Prose::plain(t.text, at)
            }
        })),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        Prose::markdown(text, Origin::File(0)).reading
    }

    #[test]
    fn reading_skips_code_and_joins_lines_and_inline_markup() {
        assert_eq!(
            read("No\ndowntime, `painless` here.\n\n```\nguaranteed\n```\n"),
            "No\ndowntime, \u{1} here."
        );
        assert_eq!(read("It's *very* [fine](x.md)"), "It's very fine");
        assert_eq!(read("no\n**downtime**"), "no\ndowntime");
        assert_eq!(read("no**down**time"), "nodowntime");
        assert_eq!(read("# No\n\nDowntime"), "No\u{1}Downtime");
        assert_eq!(
            read("| a | b |\n|---|---|\n| no | downtime |\n"),
            "a\u{1}b\u{1}no\u{1}downtime"
        );
    }

    #[test]
    fn reading_ranges_map_back_to_the_source_with_their_markup() {
        let text = "Heal with no **down**time, *truly*.";
        let prose = Prose::markdown(text, Origin::File(0));
        assert_eq!(prose.reading, "Heal with no downtime, truly.");
        let start = prose.reading.find("no downtime").unwrap();
        let range = prose.source_range(start..start + "no downtime".len()).unwrap();
        assert_eq!(&text[range], "no **down**time");
        let truly = prose.reading.find("truly").unwrap();
        assert_eq!(&text[prose.source_range(truly..truly + 5).unwrap()], "truly");
    }

    #[test]
    fn images_keep_their_alt_text_and_place() {
        let text = "See ![](a.svg) and ![Skin layers](b.svg).";
        let (_, _, images) = scan(text);
        assert_eq!(images.len(), 2);
        assert_eq!((images[0].at.start, images[0].alt.as_str()), (4, ""));
        assert_eq!(images[1].alt, "Skin layers");
    }

    #[test]
    fn values_are_found_again_in_the_file() {
        let src = SourceFile::new("f.yaml", "a: >\n  painless and\n  then painless\n  again\n".to_string());
        let text = "painless and then painless again\n";
        let prose = Prose::plain(text, Origin::Value(Pos::new(1, 4, 1)));
        let second = text.rfind("painless").unwrap();
        assert_eq!(prose.locate(&src, second..second + 8), Pos::new(3, 8, 8));
        assert_eq!(prose.locate(&src, 0..8), Pos::new(2, 3, 8));
    }
}
