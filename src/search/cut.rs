//! The parts of a page that cannot add to its index, found before the page
//! is parsed, so that the parser never reads them.
//!
//! A menu (`<nav>`) or footer is never indexed, whatever is in it, yet it is
//! often most of a page's bytes: a sidebar listing every page of a section
//! is tens of kilobytes on each of its pages. What is inside one can still
//! count (a heading that titles the page, an image, pagefind's attributes,
//! an element that makes the rest of the page unindexed), so its content is
//! cut only when a quick look proves that nothing in it can: well-nested
//! ordinary elements with plain attributes. Anything the look is unsure of
//! (a comment, raw text such as a script, foreign content such as SVG, an
//! end tag that does not match, a `data-pagefind-` attribute) keeps the
//! content, so the index is the same with or without the cut; the tests
//! compare both readings.

/// Elements whose content is cut when it cannot count: they are left out
/// of the index (`page::LEFT_OUT`), and their content is ordinary HTML.
const CUT: &[&str] = &["nav", "footer"];

/// Elements that may count wherever they are, or whose content is not read
/// as ordinary tags: their presence keeps the content.
const KEEP_IF_INSIDE: &[&str] = &[
    "nav",
    "footer",
    "h1",
    "img",
    "title",
    "script",
    "style",
    "template",
    "textarea",
    "noscript",
    "iframe",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "svg",
    "math",
    "select",
    "option",
    "table",
];

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag, not tags.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// The byte ranges of `html` to read: all of it but the contents that
/// cannot count, in order. Once anything looks unusual, the rest is read
/// whole.
pub(crate) fn kept(html: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &html[at..]) {
        let start = at + offset;
        let Some(&next) = html.get(start + 1) else {
            break;
        };
        if next == b'!' {
            // A comment or a doctype: passed over, never looked into.
            let end = if html[start..].starts_with(b"<!--") {
                find(html, start + 4, b"-->").map(|e| e + 3)
            } else {
                find(html, start, b">").map(|e| e + 1)
            };
            let Some(end) = end else { break };
            at = end;
            continue;
        }
        if !next.is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let Some(tag) = start_tag(html, start) else {
            break;
        };
        if is_one_of(tag.name, RAW_TEXT) {
            let Some(end) = end_tag_of(html, tag.end, tag.name) else {
                break;
            };
            at = end;
        } else if is_one_of(tag.name, CUT) && !tag.self_closing {
            match uncounted_content(html, tag.end, tag.name) {
                Some(end_tag) => {
                    ranges.push(from..tag.end);
                    from = end_tag;
                    at = end_tag;
                }
                None => at = tag.end,
            }
        } else {
            at = tag.end;
        }
    }
    ranges.push(from..html.len());
    ranges
}

fn is_one_of(name: &[u8], names: &[&str]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// Where `needle` first is in `html` from `from`.
fn find(html: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(html.get(from..)?, needle).map(|p| from + p)
}

/// Where the end tag of a raw-text element `name` starts (`</name`, any case).
fn end_tag_of(html: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let start = find(html, at, b"</")?;
        let after = start + 2;
        if html
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(start);
        }
        at = after;
    }
}

struct Tag<'a> {
    name: &'a [u8],
    /// Just after its `>`.
    end: usize,
    self_closing: bool,
    /// It has an attribute pagefind reads (`data-pagefind-…`).
    marked: bool,
}

/// The start tag at `start` (a `<`), if it is a plain one: a name of ASCII
/// letters and digits, then attributes whose values are quoted or plain.
fn start_tag(html: &[u8], start: usize) -> Option<Tag<'_>> {
    let name_start = start + 1;
    if !html.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = name_start;
    while html.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = &html[name_start..i];
    let attributes_start = i;
    loop {
        match *html.get(i)? {
            b'>' => break,
            b'"' | b'\'' => {
                // A quote only opens a value right after `=`.
                let before = html[attributes_start..i]
                    .iter()
                    .rev()
                    .find(|b| !b.is_ascii_whitespace());
                if before != Some(&b'=') {
                    return None;
                }
                let quote = html[i];
                i += 1 + html[i + 1..].iter().position(|&b| b == quote)?;
                i += 1;
            }
            b'<' => return None,
            _ => i += 1,
        }
    }
    let attributes = &html[attributes_start..i];
    Some(Tag {
        name,
        end: i + 1,
        self_closing: attributes.last() == Some(&b'/'),
        marked: contains_ignoring_case(attributes, b"data-pagefind"),
    })
}

/// Where the end tag of the `name` element whose content starts at `from`
/// begins, if nothing in that content can count.
fn uncounted_content(html: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut open: Vec<&[u8]> = Vec::new();
    let mut at = from;
    loop {
        let start = at + memchr::memchr(b'<', &html[at..])?;
        match *html.get(start + 1)? {
            b'/' => {
                let name_start = start + 2;
                let mut i = name_start;
                while html.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                    i += 1;
                }
                if *html.get(i)? != b'>' {
                    return None;
                }
                let closing = &html[name_start..i];
                match open.pop() {
                    Some(top) if top.eq_ignore_ascii_case(closing) => at = i + 1,
                    Some(_) => return None,
                    None if closing.eq_ignore_ascii_case(name) => return Some(start),
                    None => return None,
                }
            }
            b if b.is_ascii_alphabetic() => {
                let tag = start_tag(html, start)?;
                if is_one_of(tag.name, KEEP_IF_INSIDE) || tag.marked {
                    return None;
                }
                if !is_one_of(tag.name, VOID) {
                    if tag.self_closing {
                        return None;
                    }
                    open.push(tag.name);
                }
                at = tag.end;
            }
            // A comment, a doctype or a stray `<!`/`<?`: not looked into.
            b'!' | b'?' => return None,
            // A `<` that starts no tag is text.
            _ => at = start + 1,
        }
    }
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(html: &str) -> String {
        kept(html.as_bytes())
            .into_iter()
            .map(|r| &html[r])
            .collect::<Vec<_>>()
            .concat()
    }

    #[test]
    fn a_plain_menu_is_cut_to_its_tags() {
        let page = "<body><nav class=\"menu\" id=m><ul><li><a href='/a/'>A &amp; B</a></li><li>x < y<br></li></ul></nav><main>Text</main><footer><p>©</p></footer></body>";
        assert_eq!(
            read(page),
            "<body><nav class=\"menu\" id=m></nav><main>Text</main><footer></footer></body>"
        );
    }

    #[test]
    fn content_that_can_count_is_kept() {
        for inside in [
            "<h1>Title</h1>",
            "<H1>Title</H1>",
            "<img src=a.png alt=''>",
            "<p data-pagefind-filter=\"topic\">x</p>",
            "<p DATA-PAGEFIND-BODY>x</p>",
            "<!-- </nav> -->",
            "<script>let a = '</nav>';</script>",
            "<svg><title>t</title></svg>",
            "<div><p>unclosed</div>",
            "<li>one<li>two",
            "<div/>",
            "<a x\"y>odd</a>",
        ] {
            let page = format!("<nav>{inside}</nav><main>m</main>");
            assert_eq!(read(&page), page, "{inside}");
        }
    }

    #[test]
    fn a_menu_inside_a_menu_is_cut_on_its_own() {
        assert_eq!(read("<nav><nav>inner</nav></nav>"), "<nav><nav></nav></nav>");
    }

    #[test]
    fn a_menu_without_an_end_is_kept() {
        let page = "<nav><ul><li>a</li></ul>";
        assert_eq!(read(page), page);
    }

    #[test]
    fn an_end_tag_in_a_quoted_value_does_not_end_the_menu() {
        let page = "<nav><p title=\"</nav>\">x</p></nav><main>m</main>";
        assert_eq!(read(page), "<nav></nav><main>m</main>");
    }

    #[test]
    fn a_menu_inside_a_comment_or_raw_text_is_not_one() {
        for page in [
            "<!-- <nav> -->real<p>text</p></nav>",
            "<title>a <nav>b</nav></title>",
            "<script>w('<nav>b</nav>')</script>",
            "<textarea><nav>b</nav></textarea>",
        ] {
            assert_eq!(read(page), page, "{page}");
        }
    }
}
