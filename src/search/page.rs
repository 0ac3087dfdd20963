//! One rendered page read for the search index: its text, the words in it
//! with their positions and weights, its anchors, meta and filters.
//!
//! The theme says what is indexed with pagefind's attributes
//! (`data-pagefind-body`, `-ignore`, `-meta`, `-filter`, `-weight`,
//! `-title`), and the browser's search reads the result with pagefind's own
//! code, so the reading follows pagefind 1.6's indexer. `marked` reads the
//! HTML into text with pagefind's markers; here that text becomes words,
//! places, weights and anchors. Nothing here touches a file.

use std::collections::{BTreeMap, HashMap};

use fnv::FnvHashMap;
use serde::Serialize;

use super::marked::{parse, Parsed, ANCHOR, AUTO_WEIGHT, END_WEIGHT, WEIGHT};
use super::text::{tidy, without_markers};
use super::words;

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
/// apart from those written otherwise (with diacritics), by written form,
/// while the page is being read (`Words` keeps them afterwards).
#[derive(Debug, Default)]
struct Word {
    plain: Vec<Loc>,
    written: Vec<(String, Vec<Loc>)>,
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

/// A page's keys with the places each is found, kept flat: a page has
/// several hundred keys, and every page read is held until the index is
/// made, so three allocations a key made these pages the largest part of a
/// build's memory with search on (see BENCHMARKS.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Words {
    /// The keys and the written forms, one after the other.
    text: String,
    keys: Vec<KeySpan>,
    forms: Vec<FormSpan>,
    locs: Vec<Loc>,
}

/// A key: its text, its places written as the key, its written forms.
#[derive(Debug, Clone, Copy, PartialEq)]
struct KeySpan {
    text: (u32, u32),
    plain: (u32, u32),
    forms: (u32, u32),
}

/// A written form of a key and its places.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FormSpan {
    text: (u32, u32),
    locs: (u32, u32),
}

/// A key, its places and its written forms with theirs (`Words::listed`).
#[cfg(test)]
pub(crate) type ListedWord = (String, Vec<Loc>, Vec<(String, Vec<Loc>)>);

/// One key of a page, as `Words::iter` gives it.
pub(crate) struct WordRef<'a> {
    pub(crate) key: &'a str,
    /// The places the key is written as itself.
    pub(crate) plain: &'a [Loc],
    forms: &'a [FormSpan],
    words: &'a Words,
}

impl<'a> WordRef<'a> {
    /// The other written forms (with diacritics) and their places, in the
    /// order first met.
    pub(crate) fn written(&self) -> impl Iterator<Item = (&'a str, &'a [Loc])> + 'a {
        let words = self.words;
        self.forms
            .iter()
            .map(move |f| (words.str_at(f.text), words.locs_at(f.locs)))
    }
}

impl Words {
    fn from_keys(found: FnvHashMap<String, Word>) -> Words {
        let mut words = Words {
            keys: Vec::with_capacity(found.len()),
            ..Words::default()
        };
        for (key, word) in found {
            let text = words.push_text(&key);
            let plain = words.push_locs(&word.plain);
            let first_form = words.forms.len() as u32;
            for (form, locs) in &word.written {
                let text = words.push_text(form);
                let locs = words.push_locs(locs);
                words.forms.push(FormSpan { text, locs });
            }
            let forms = (first_form, words.forms.len() as u32);
            words.keys.push(KeySpan { text, plain, forms });
        }
        // Kept until the index is made: the room the vectors grew into is
        // let go.
        words.text.shrink_to_fit();
        words.forms.shrink_to_fit();
        words.locs.shrink_to_fit();
        words
    }

    fn push_text(&mut self, text: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        (start, self.text.len() as u32)
    }

    fn push_locs(&mut self, locs: &[Loc]) -> (u32, u32) {
        let start = self.locs.len() as u32;
        self.locs.extend_from_slice(locs);
        (start, self.locs.len() as u32)
    }

    fn str_at(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn locs_at(&self, (start, end): (u32, u32)) -> &[Loc] {
        &self.locs[start as usize..end as usize]
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = WordRef<'_>> {
        self.keys.iter().map(move |k| WordRef {
            key: self.str_at(k.text),
            plain: self.locs_at(k.plain),
            forms: &self.forms[k.forms.0 as usize..k.forms.1 as usize],
            words: self,
        })
    }

    /// Each key with its places and written forms, sorted by key: what two
    /// readings of a page are compared by.
    #[cfg(test)]
    pub(crate) fn listed(&self) -> Vec<ListedWord> {
        let mut listed: Vec<_> = self
            .iter()
            .map(|w| {
                let written = w.written().map(|(f, l)| (f.to_string(), l.to_vec())).collect();
                (w.key.to_string(), w.plain.to_vec(), written)
            })
            .collect();
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        listed
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

/// A page's fragment file, compressed as it is published, and the name
/// part it is published under (`<language>_<SHA-1 of the file before
/// compression>`). Made as the page is read, so that neither a build nor
/// each save in `watch` compresses every page's fragment again.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shown {
    pub(crate) file: Vec<u8>,
    pub(crate) hash: String,
}

/// A page read for the index.
#[derive(Debug, Clone)]
pub(crate) struct IndexedPage {
    pub(crate) shown: Shown,
    pub(crate) word_count: usize,
    pub(crate) filters: BTreeMap<String, Vec<String>>,
    pub(crate) meta: BTreeMap<String, String>,
    /// Each key with the places it is found.
    pub(crate) words: Words,
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
    let fragment = Fragment {
        url: url.to_string(),
        content: digest.content,
        word_count: digest.word_count,
        filters,
        meta,
        anchors: digest.anchors,
    };
    let json = serde_json::to_string(&fragment).map_err(|e| e.to_string())?;
    let shown = Shown {
        hash: format!("{language}_{}", super::index::sha1_hex(json.as_bytes())),
        file: super::gzip(json.as_bytes()),
    };
    let Fragment {
        word_count,
        filters,
        meta,
        ..
    } = fragment;
    Ok(IndexedPage {
        shown,
        word_count,
        filters,
        meta,
        words: Words::from_keys(digest.words),
        meta_words,
        sort: parsed.sort,
        has_body: parsed.has_body,
    })
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
    // Kept until the index is made: room reserved for markers is let go.
    content.shrink_to_fit();
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
