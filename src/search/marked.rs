//! The text of a page as the index reads it from the HTML: the indexed
//! part's text with pagefind's markers for anchors and weights in it (to
//! be split into words by `page`), and the page's meta, filters and sort
//! keys.
//!
//! It follows pagefind 1.6's reader: the same elements left out, the same
//! spacing between blocks, the same heading weights and anchors. The HTML
//! is read by `lol_html`, the streaming parser pagefind itself uses.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use lol_html::{element, text, HtmlRewriter, Settings};

use super::text::{ends_sentence_without_stop, tidy};

/// Block elements: their text is kept apart from the next block's (and
/// ends a sentence) in the excerpt.
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Inline elements: inside an anchored element they add to its text.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i", "img", "input", "kbd",
    "label", "map", "object", "output", "q", "samp", "script", "select", "small", "span", "strong", "sub", "sup",
    "textarea", "time", "tt", "var",
];
/// Never indexed, wherever they are.
const LEFT_OUT: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template",
];

pub(super) const ANCHOR: &str = "___PAGEFIND_ANCHOR___";
pub(super) const WEIGHT: &str = "___PAGEFIND_WEIGHT___";
pub(super) const AUTO_WEIGHT: &str = "___PAGEFIND_AUTO_WEIGHT___";
pub(super) const END_WEIGHT: &str = "___END_PAGEFIND_WEIGHT___";

#[derive(Clone, Copy, Debug, PartialEq, Default)]
enum Status {
    #[default]
    Indexing,
    /// Its text is not indexed (meta and filters in it still count).
    Ignored,
    /// Nothing in it counts.
    Excluded,
    /// The part of the page to index.
    Body,
    /// Holds a body: only bodies add to it.
    ParentOfBody,
}

#[derive(Default)]
struct Node {
    number: u64,
    text: String,
    status: Status,
    filter: Option<Vec<String>>,
    sort: Option<Vec<String>>,
    meta: Option<Vec<String>>,
    default_meta: Option<Vec<String>>,
    weight: Option<String>,
    anchors: Option<Vec<String>>,
}

impl Node {
    /// `name:value` as given, or `name` with this element's text.
    fn pair(&self, spec: &str) -> Option<(String, String)> {
        match spec.split_once(':') {
            Some((name, value)) => Some((name.to_string(), tidy(value))),
            None if self.text.is_empty() => None,
            None => Some((spec.to_string(), tidy(&self.text))),
        }
    }
}

#[derive(Default)]
struct State {
    /// The open elements, the document itself first.
    open: Vec<Node>,
    numbered: u64,
    anchors_seen: usize,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    default_meta: BTreeMap<String, String>,
    anchor_text: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
}

impl State {
    fn top(&mut self) -> &mut Node {
        if self.open.is_empty() {
            self.open.push(Node::default());
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }

    /// Meta, filters and sort keys an element gives, once its text is known.
    fn take_marks(&mut self, node: &Node) {
        for spec in node.filter.iter().flatten() {
            if let Some((name, value)) = node.pair(spec) {
                self.filters.entry(name).or_default().push(tidy(&value));
            }
        }
        for spec in node.sort.iter().flatten() {
            if let Some((name, value)) = node.pair(spec) {
                self.sort.insert(name, value);
            }
        }
        for spec in node.meta.iter().flatten() {
            if let Some((name, value)) = node.pair(spec) {
                self.meta.insert(name, value);
            }
        }
        for spec in node.default_meta.iter().flatten() {
            if let Some((name, value)) = node.pair(spec) {
                self.default_meta.insert(name, value);
            }
        }
    }
}

pub(super) struct Parsed {
    pub(super) digest: String,
    pub(super) filters: BTreeMap<String, Vec<String>>,
    pub(super) sort: BTreeMap<String, String>,
    pub(super) meta: BTreeMap<String, String>,
    pub(super) anchor_text: BTreeMap<String, String>,
    pub(super) anchor_titles: BTreeMap<String, String>,
    pub(super) has_body: bool,
}

/// The page's indexed text with pagefind's markers for anchors and weights
/// in it, and its meta and filters.
pub(super) fn parse<'h>(parts: impl Iterator<Item = &'h [u8]>) -> Result<Parsed, String> {
    let state = Rc::new(RefCell::new(State::default()));
    let on_element = {
        let state = Rc::clone(&state);
        element!("html, html *", move |el| {
            open(&state, el);
            Ok(())
        })
    };
    let on_text = {
        let state = Rc::clone(&state);
        text!("html", move |chunk| {
            let mut state = state.borrow_mut();
            let text = chunk.as_str();
            let node = state.top();
            node.text.push_str(text);
            let anchors = match node.status {
                Status::Ignored | Status::Excluded => None,
                _ => node.anchors.clone(),
            };
            for id in anchors.into_iter().flatten() {
                state.anchor_text.entry(id).or_default().push_str(text);
            }
            Ok(())
        })
    };
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(on_element)
        .append_element_content_handler(on_text);
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    for part in parts {
        rewriter.write(part).map_err(|e| e.to_string())?;
    }
    rewriter.end().map_err(|e| e.to_string())?;
    let state = Rc::try_unwrap(state)
        .map_err(|_| "the page reader was still in use".to_string())?
        .into_inner();
    Ok(finish(state))
}

/// An element starts: it becomes the open element, and its end is handled.
fn open(state: &Rc<RefCell<State>>, el: &mut lol_html::html_content::Element) {
    let tag = el.tag_name();
    let given = Given::of(el);
    let mut status = if given.body {
        Status::Body
    } else {
        given.ignore.unwrap_or_default()
    };
    let element_id = given
        .id
        .map(|id| id.chars().filter(|c| !c.is_whitespace()).collect::<String>());
    let title = given.title.map(|t| tidy(&t)).filter(|t| !t.is_empty());
    let mark_list = |spec: Option<String>| spec.map(|spec| marks(&spec, el));
    let (filter, meta, default_meta, sort) = (
        mark_list(given.filter),
        mark_list(given.meta),
        mark_list(given.default_meta),
        mark_list(given.sort),
    );
    let weight = given.weight;
    let index_attrs: Option<Vec<String>> = given
        .index_attrs
        .map(|a| a.split(',').map(|a| a.trim().to_string()).collect());

    let mut s = state.borrow_mut();
    let mut anchor = None;
    if !matches!(status, Status::Excluded | Status::Ignored) {
        if let Some(element_id) = element_id {
            let counter = s.anchors_seen;
            let parent = s.top();
            let outside_body =
                parent.status == Status::ParentOfBody && !matches!(status, Status::Body | Status::ParentOfBody);
            if !outside_body {
                parent.text.push_str(&format!(" {ANCHOR}{tag}:{counter}:{element_id} "));
                anchor = Some(format!("{counter}:{element_id}"));
                s.anchors_seen += 1;
            }
        }
    }
    if let (Some(anchor), Some(title)) = (&anchor, title) {
        s.anchor_titles.insert(anchor.clone(), title);
    }
    if status != Status::Excluded {
        let parent = s.top();
        for attr in index_attrs.iter().flatten() {
            let mut value = el.get_attribute(attr).unwrap_or_default();
            if ends_sentence_without_stop(&value) {
                value.push('.');
            }
            parent.text.push(' ');
            parent.text.push_str(&value);
            parent.text.push(' ');
        }
        if tag == "br" {
            parent.text.push(' ');
        }
    }
    let parent = s.top();
    if parent.status == Status::Excluded {
        status = Status::Excluded;
    }
    let mut anchors = if parent.anchors.is_some() && INLINE.contains(&tag.as_str()) {
        parent.anchors.clone()
    } else {
        None
    };
    if let Some(anchor) = anchor {
        anchors.get_or_insert_with(Vec::new).push(anchor);
    }
    if LEFT_OUT.contains(&tag.as_str()) {
        status = Status::Ignored;
    }
    s.numbered += 1;
    let number = s.numbered;
    s.open.push(Node {
        number,
        status,
        filter,
        meta,
        default_meta,
        sort,
        weight,
        anchors,
        ..Node::default()
    });
    drop(s);

    if let Some(handlers) = el.end_tag_handlers() {
        let state = Rc::clone(state);
        handlers.push(Box::new(move |end| {
            close(&mut state.borrow_mut(), number, &end.name());
            Ok(())
        }));
    } else {
        // A void element (`<img>`, `<br>`) has no end: it closes at once.
        let mut s = state.borrow_mut();
        let Some(node) = s.open.pop() else {
            return;
        };
        if node.status == Status::Excluded {
            return;
        }
        s.take_marks(&node);
        let titled = s.meta.contains_key("auto_title") || s.meta.contains_key("title");
        if tag == "img" && !s.meta.contains_key("auto_image") && titled {
            if let Some(src) = el.get_attribute("src") {
                s.meta.insert("auto_image".into(), tidy(&src));
                if let Some(alt) = el.get_attribute("alt") {
                    s.meta.insert("auto_image_alt".into(), tidy(&alt));
                }
            }
        }
    }
}

/// The attributes the index reads, found in one pass over an element's
/// attributes (most elements have none).
#[derive(Default)]
struct Given {
    body: bool,
    ignore: Option<Status>,
    id: Option<String>,
    title: Option<String>,
    filter: Option<String>,
    meta: Option<String>,
    default_meta: Option<String>,
    sort: Option<String>,
    weight: Option<String>,
    index_attrs: Option<String>,
}

impl Given {
    fn of(el: &lol_html::html_content::Element) -> Given {
        let mut given = Given::default();
        // Backwards, so that of two attributes of one name the first counts
        // (as in a browser).
        for attr in el.attributes().iter().rev() {
            let name = attr.name();
            let Some(mark) = name.strip_prefix("data-pagefind-") else {
                if name == "id" {
                    given.id = Some(attr.value());
                }
                continue;
            };
            let value = || Some(attr.value());
            match mark {
                "body" => given.body = true,
                "ignore" => {
                    given.ignore = Some(match attr.value().to_ascii_lowercase().as_str() {
                        "" | "index" | "true" => Status::Ignored,
                        _ => Status::Excluded,
                    })
                }
                "title" => given.title = value(),
                "filter" => given.filter = value(),
                "meta" => given.meta = value(),
                "default-meta" => given.default_meta = value(),
                "sort" => given.sort = value(),
                "weight" => given.weight = value(),
                "index-attrs" => given.index_attrs = value(),
                _ => {}
            }
        }
        given
    }
}

/// The element numbered `number` ends (`tag`): its text goes to its parent,
/// spaced, weighted and marked as pagefind does.
fn close(s: &mut State, number: u64, tag: &str) {
    let Some(at) = s.open.iter().rposition(|n| n.number == number) else {
        return;
    };
    // Elements left open inside it (no end tag) end with it, unread.
    s.open.truncate(at + 1);
    let Some(mut node) = s.open.pop() else {
        return;
    };
    if node.status == Status::Excluded {
        return;
    }
    s.take_marks(&node);
    if tag == "h1" && !s.meta.contains_key("auto_title") && !node.text.trim().is_empty() {
        s.meta.insert("auto_title".into(), tidy(&node.text));
    }
    if tag == "title" && !s.meta.contains_key("auto_page_title") {
        s.meta.insert("auto_page_title".into(), tidy(&node.text));
    }
    if node.status == Status::Ignored {
        return;
    }
    if SENTENCE.contains(&tag) {
        node.text.insert(0, ' ');
        if ends_sentence_without_stop(&node.text) {
            node.text.push('.');
        }
        node.text.push(' ');
    }
    let auto_weight = match tag {
        "h1" => Some("7"),
        "h2" => Some("6"),
        "h3" => Some("5"),
        "h4" => Some("4"),
        "h5" => Some("3"),
        "h6" => Some("2"),
        _ => None,
    };
    if let Some(weight) = &node.weight {
        node.text = [" ", WEIGHT, weight, " ", &node.text, " ", END_WEIGHT, " "].concat();
    } else if let Some(weight) = auto_weight {
        node.text = [" ", AUTO_WEIGHT, weight, " ", &node.text, " ", END_WEIGHT, " "].concat();
    }
    let parent = s.top();
    adopt(parent, node);
}

/// Adds a closed element's text to its parent's.
fn adopt(parent: &mut Node, node: Node) {
    let body = matches!(node.status, Status::Body | Status::ParentOfBody);
    if parent.status == Status::ParentOfBody && !body {
        return;
    }
    match node.status {
        Status::Ignored | Status::Excluded => {}
        Status::Indexing => parent.text.push_str(&node.text),
        Status::Body | Status::ParentOfBody => {
            if parent.status != Status::ParentOfBody {
                parent.text.clear();
            }
            parent.text.push_str(&node.text);
            parent.status = Status::ParentOfBody;
        }
    }
}

/// The end of the document: elements still open close into their parents.
fn finish(mut s: State) -> Parsed {
    while s.open.len() > 1 {
        let Some(node) = s.open.pop() else { break };
        let parent = s.top();
        if parent.status != Status::ParentOfBody {
            adopt(parent, node);
        }
    }
    let root = s.open.pop().unwrap_or_default();
    let mut meta = s.meta;
    if let Some(image) = meta.remove("auto_image") {
        let alt = meta.remove("auto_image_alt").unwrap_or_default();
        if !meta.contains_key("image") {
            meta.insert("image".into(), image);
            meta.insert("image_alt".into(), alt);
        }
    }
    for fallback in ["auto_title", "auto_page_title"] {
        if let Some(title) = meta.remove(fallback) {
            meta.entry("title".into()).or_insert(title);
        }
    }
    let mut all_meta = s.default_meta;
    all_meta.extend(meta);
    Parsed {
        // Only its words count: entities decoded, spacing as it comes.
        digest: html_escape::decode_html_entities(&root.text).into_owned(),
        filters: s.filters,
        sort: s.sort,
        meta: all_meta,
        anchor_text: s.anchor_text,
        anchor_titles: s.anchor_titles,
        has_body: root.status == Status::ParentOfBody,
    }
}

/// `name, name[attr], name:literal`: the names of meta, filters or sort keys
/// an element gives, each with its value where the attribute says it.
fn marks(spec: &str, el: &lol_html::html_content::Element) -> Vec<String> {
    if let Some((names, literal)) = spec.split_once(':') {
        let mut marks = marks(names, el);
        if let Some(last) = marks.last_mut() {
            last.push(':');
            last.push_str(literal);
        }
        return marks;
    }
    spec.split(',')
        .map(|chunk| {
            let chunk = chunk.trim();
            match attribute_form(chunk) {
                Some((name, attr)) => format!("{name}:{}", el.get_attribute(attr).unwrap_or_default()),
                None => chunk.to_string(),
            }
        })
        .collect()
}

/// `name[attribute]` split in two (a name has no `:`, `[` or `]`).
fn attribute_form(chunk: &str) -> Option<(&str, &str)> {
    let (name, rest) = chunk.split_once('[')?;
    let attr = rest.trim_end().strip_suffix(']')?;
    let name = name.trim_start();
    let ok = !name.is_empty() && !name.contains([':', '[', ']']) && !attr.is_empty();
    ok.then_some((name, attr))
}
