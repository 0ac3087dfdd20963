//! One rendered page read for the search index: its text, the words in it
//! with their positions and weights, its anchors, meta and filters.
//!
//! The theme says what is indexed with pagefind's attributes
//! (`data-pagefind-body`, `-ignore`, `-meta`, `-filter`, `-weight`,
//! `-title`), and the browser's search reads the result with pagefind's own
//! code, so the reading follows pagefind 1.6's indexer: the same elements
//! left out, the same spacing between blocks, the same heading weights and
//! anchors. The HTML is read by `lol_html`, the streaming parser pagefind
//! itself uses; nothing here touches a file.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use fnv::FnvHashMap;
use lol_html::{element, text, HtmlRewriter, Settings};
use serde::Serialize;

use super::words;

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

const ANCHOR: &str = "___PAGEFIND_ANCHOR___";
const WEIGHT: &str = "___PAGEFIND_WEIGHT___";
const AUTO_WEIGHT: &str = "___PAGEFIND_AUTO_WEIGHT___";
const END_WEIGHT: &str = "___END_PAGEFIND_WEIGHT___";

/// A word's weight is stored as 24 times the page author's weight (1 by
/// default, at most 10).
const WEIGHT_SCALE: f32 = 24.0;
const WEIGHT_MAX: f32 = 10.0;

/// Where a word is on its page: its position and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Loc {
    pub(crate) position: u32,
    pub(crate) weight: u8,
}

/// One key of a page and the places it is found, those written as the key
/// apart from those written otherwise (with diacritics), by written form.
/// Kept small: a page of a thousand words has about as many places.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Word {
    pub(crate) key: String,
    pub(crate) plain: Vec<Loc>,
    pub(crate) written: Vec<(String, Vec<Loc>)>,
}

impl Word {
    fn add(&mut self, form: Option<&str>, loc: Loc) {
        let Some(form) = form else {
            self.plain.push(loc);
            return;
        };
        match self.written.iter_mut().find(|(f, _)| f == form) {
            Some((_, locs)) => locs.push(loc),
            None => self.written.push((form.to_string(), vec![loc])),
        }
    }
}

/// A word in one of the page's meta fields (by field name, in order).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaLoc {
    pub(crate) field: u16,
    pub(crate) position: u32,
    pub(crate) original: Option<String>,
}

/// An element with an id inside the indexed text: a result can link to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Anchor {
    pub(crate) element: String,
    pub(crate) id: String,
    pub(crate) text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    pub(crate) location: u32,
}

/// What a result shows: the page's fragment file, as the browser reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Fragment {
    pub(crate) url: String,
    pub(crate) content: String,
    pub(crate) word_count: usize,
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    pub(crate) meta: BTreeMap<String, String>,
    pub(crate) anchors: Vec<Anchor>,
}

/// A page read for the index.
#[derive(Debug, Clone)]
pub(crate) struct IndexedPage {
    pub(crate) fragment: Fragment,
    /// Each key with the places it is found, in no particular order.
    pub(crate) words: Vec<Word>,
    pub(crate) meta_words: Vec<(String, Vec<MetaLoc>)>,
    pub(crate) sort: BTreeMap<String, String>,
    /// The page marks its indexed part (`data-pagefind-body`); once one page
    /// of a language does, pages that do not are left out.
    pub(crate) has_body: bool,
}

/// Reads the page at `url`, written in `language`, from its HTML.
pub(crate) fn read(url: &str, language: &str, html: &[u8]) -> Result<IndexedPage, String> {
    let parts = super::cut::kept(html).into_iter().map(|range| &html[range]);
    read_parts(url, language, parts)
}

/// Reads the page from its HTML in parts (with what cannot count cut out).
fn read_parts<'h>(url: &str, language: &str, parts: impl Iterator<Item = &'h [u8]>) -> Result<IndexedPage, String> {
    let parsed = parse(parts)?;
    let stemmer = words::stemmer(language);
    let digest = words::with_memo(language, stemmer.as_ref(), |memo| digest(&parsed, memo));
    let mut meta = parsed.meta;
    let mut filters = parsed.filters;
    for values in filters.values_mut() {
        for value in values.iter_mut() {
            *value = without_markers(value);
        }
    }
    for value in meta.values_mut() {
        *value = without_markers(value);
    }
    let meta_words = meta_words(&meta, stemmer.as_ref());
    Ok(IndexedPage {
        fragment: Fragment {
            url: url.to_string(),
            content: digest.content,
            word_count: digest.word_count,
            filters,
            meta,
            anchors: digest.anchors,
        },
        words: digest
            .words
            .into_iter()
            .map(|(key, mut word)| {
                word.key = key;
                word
            })
            .collect(),
        meta_words,
        sort: parsed.sort,
        has_body: parsed.has_body,
    })
}

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

struct Parsed {
    digest: String,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
    meta: BTreeMap<String, String>,
    anchor_text: BTreeMap<String, String>,
    anchor_titles: BTreeMap<String, String>,
    has_body: bool,
}

/// The page's indexed text with pagefind's markers for anchors and weights
/// in it, and its meta and filters.
fn parse<'h>(parts: impl Iterator<Item = &'h [u8]>) -> Result<Parsed, String> {
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

/// Whether text ends in a character after which a block adds a full stop
/// (a word character, a quote, `)`, `$` or `*`).
fn ends_sentence_without_stop(text: &str) -> bool {
    text.chars().last().is_some_and(|c| {
        c.is_alphanumeric() || c == '_' || matches!(c, '\'' | '"' | ')' | '$' | '*') || is_word_mark(c)
    })
}

/// Marks and joiners count as word characters too (as in a regex's `\w`).
fn is_word_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}')
        || words::WORD_SYMBOLS.contains(&c)
}

/// Entities decoded, ends trimmed, runs of spaces and line breaks made one
/// space (a single space-like character other than a line break is kept).
pub(crate) fn tidy(text: &str) -> String {
    let decoded = html_escape::decode_html_entities(text);
    let trimmed = decoded.trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut run: Option<char> = None;
    let mut run_len = 0;
    let flush = |out: &mut String, run: Option<char>, run_len: usize| match (run, run_len) {
        (Some(c), 1) if c != '\n' => out.push(c),
        (Some(_), _) => out.push(' '),
        (None, _) => {}
    };
    for c in trimmed.chars() {
        if c.is_whitespace() {
            if run.is_none() {
                run = Some(c);
            }
            run_len += 1;
        } else {
            flush(&mut out, run, run_len);
            run = None;
            run_len = 0;
            out.push(c);
        }
    }
    out
}

/// `text` without pagefind's markers (`___PAGEFIND_...` and one space after).
fn without_markers(text: &str) -> String {
    if !text.contains("___PAGEFIND_") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("___PAGEFIND_") {
        let after = &rest[at + "___PAGEFIND_".len()..];
        let marker_len = after.find(char::is_whitespace).unwrap_or(after.len());
        if marker_len == 0 {
            out.push_str(&rest[..at + "___PAGEFIND_".len()]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..at]);
        let mut tail = &after[marker_len..];
        if let Some(c) = tail.chars().next() {
            tail = &tail[c.len_utf8()..];
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

struct Digest {
    content: String,
    words: FnvHashMap<String, Word>,
    anchors: Vec<Anchor>,
    word_count: usize,
}

/// The page's text split into words: the excerpt text, each key's places,
/// and the anchors at the word they come before.
fn digest(parsed: &Parsed, memo: &mut words::Memo) -> Digest {
    let mut words: FnvHashMap<String, Word> = FnvHashMap::default();
    let mut anchors = Vec::new();
    let mut content = String::with_capacity(parsed.digest.len());
    let mut position: u32 = 0;
    let mut last_position = 0;
    let mut weights: Vec<u8> = vec![WEIGHT_SCALE as u8];
    for word in parsed.digest.split_whitespace() {
        if word.starts_with('_') && marker(word, parsed, position, &mut weights, &mut anchors) {
            continue;
        }
        let base: std::borrow::Cow<str> = if word.contains('\u{200B}') {
            word.replace('\u{200B}', "").into()
        } else {
            word.into()
        };
        if base.is_empty() {
            continue;
        }
        content.push_str(&base);
        content.push(' ');
        let weight = weights.last().copied().unwrap_or(1);
        let keys = memo.keys(&base);
        let parts = keys.iter().filter(|k| k.compound_part).count();
        let part_weight = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        for key in keys.iter() {
            let weight = if key.compound_part { part_weight } else { weight };
            let loc = Loc { position, weight };
            let form = key.original.as_deref();
            if let Some(word) = words.get_mut(key.stemmed.as_str()) {
                word.add(form, loc);
            } else {
                let mut word = Word::default();
                word.add(form, loc);
                words.insert(key.stemmed.clone(), word);
            }
        }
        last_position = position;
        position += 1;
    }
    if content.ends_with(' ') {
        content.pop();
    }
    Digest {
        content,
        words,
        anchors,
        word_count: last_position as usize + 1,
    }
}

/// Handles one of pagefind's markers; false when `word` is not one.
fn marker(word: &str, parsed: &Parsed, position: u32, weights: &mut Vec<u8>, anchors: &mut Vec<Anchor>) -> bool {
    if word.starts_with(ANCHOR) {
        if let Some((element, anchor)) = word.replace(ANCHOR, "").split_once(':') {
            let text = parsed.anchor_text.get(anchor).map(|t| tidy(t)).unwrap_or_default();
            if let Some((_, id)) = anchor.split_once(':') {
                anchors.push(Anchor {
                    element: element.to_string(),
                    id: id.to_string(),
                    text: tidy(&text),
                    title: parsed.anchor_titles.get(anchor).cloned(),
                    location: position,
                });
            }
        }
        return true;
    }
    if word.starts_with(WEIGHT) {
        let weight = word.replace(WEIGHT, "").parse::<f32>().unwrap_or(1.0);
        weights.push(if weight <= 0.0 {
            0
        } else {
            ((weight.clamp(0.0, WEIGHT_MAX) * WEIGHT_SCALE) as u8).max(1)
        });
        return true;
    }
    if word.starts_with(AUTO_WEIGHT) {
        // A heading's own weight applies only outside an explicitly
        // weighted block, which it inherits instead.
        let weight = if weights.len() == 1 {
            let weight = word.replace(AUTO_WEIGHT, "").parse::<f32>().unwrap_or(1.0);
            (weight.clamp(0.0, WEIGHT_MAX) * WEIGHT_SCALE) as u8
        } else {
            weights.last().copied().unwrap_or_default()
        };
        weights.push(weight);
        return true;
    }
    if word.starts_with(END_WEIGHT) {
        weights.pop();
        return true;
    }
    false
}

/// The words of each meta field, by the field's place among the page's
/// fields (sorted by name).
fn meta_words(meta: &BTreeMap<String, String>, stemmer: Option<&words::WordStemmer>) -> Vec<(String, Vec<MetaLoc>)> {
    let mut found: HashMap<String, Vec<MetaLoc>> = HashMap::new();
    for (field, value) in meta.values().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            for key in words::keys_without_tails(word, stemmer) {
                found.entry(key.stemmed).or_default().push(MetaLoc {
                    field: field as u16,
                    position: position as u32,
                    original: key.original,
                });
            }
        }
    }
    found.into_iter().collect()
}

/// The page read whole, without cutting what cannot count: what `read`
/// must give too.
#[cfg(test)]
pub(crate) fn read_whole(url: &str, language: &str, html: &[u8]) -> Result<IndexedPage, String> {
    read_parts(url, language, std::iter::once(html))
}
