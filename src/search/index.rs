//! One language's index in pagefind 1.6's format, made from its pages: the
//! metadata file (pages, word chunks, filters, sort orders), the word
//! chunks, one fragment per page and one file per filter.
//!
//! The browser's pagefind code decodes these CBOR structures by field
//! number, so their shapes follow pagefind's exactly (`minicbor`, as there).
//! Pages are numbered in the order given; the same pages in the same order
//! give the same bytes. File names are short SHA-1 digests of the contents,
//! lengthened where two would clash, as pagefind names them.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use fnv::FnvHashMap;
use minicbor::Encode;
use rayon::prelude::*;
use sha1::{Digest, Sha1};

use super::format::{
    FilterIndex, MetaChunk, MetaFilter, MetaIndex, MetaPage, MetaSort, PackedPage, PackedValue, PackedVariant,
    PackedWord, WordIndex,
};
use super::page::{IndexedPage, Loc, MetaLoc};

/// pagefind's version, which the browser's code checks the index against.
pub(crate) const VERSION: &str = "1.6.0";

/// Words per chunk, roughly (pagefind's default): a query loads only the
/// chunks its words fall in.
const CHUNK_SIZE: usize = 20_000;

/// One language's index: its files (name inside the index folder, and the
/// contents before compression) and what the entry file says of it.
pub(crate) struct LanguageIndex {
    /// The metadata file's name part (`pagefind.<hash>.pf_meta`).
    pub(crate) meta_hash: String,
    pub(crate) page_count: usize,
    /// Before compression.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// Compressed already: the pages' fragments.
    pub(crate) compressed: Vec<(String, Vec<u8>)>,
}

/// The index of `language` from its pages, in page order; `None` when no
/// page has words to find. Pages given by value are let go one by one as
/// their words are taken (a one-off build); borrowed ones are kept.
pub(crate) fn build<P>(language: &str, pages: Vec<P>) -> Option<LanguageIndex>
where
    P: Borrow<IndexedPage> + Send + Sync,
{
    let any_body = pages.iter().any(|p| p.borrow().has_body);
    let pages: Vec<P> = pages
        .into_iter()
        .filter(|p| {
            let p = p.borrow();
            (!any_body || p.has_body) && !p.words.is_empty()
        })
        .collect();
    if pages.is_empty() {
        return None;
    }
    let sorts = sorts(&pages);
    let meta_fields: Vec<String> = pages
        .iter()
        .flat_map(|p| p.borrow().meta.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut words: FnvHashMap<String, PackedWord> = FnvHashMap::default();
    let mut filters: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    let mut fragment_names: HashMap<String, String> = HashMap::new();
    let mut fragments: Vec<(String, Vec<u8>, usize)> = Vec::with_capacity(pages.len());
    // In page order, straight into the index; a page given by value is let
    // go once merged.
    for (number, page) in pages.into_iter().enumerate() {
        let page = page.borrow();
        merge_words(&mut words, page, number, &meta_fields);
        for (filter, values) in &page.filters {
            for value in values {
                filters
                    .entry(filter.clone())
                    .or_default()
                    .entry(value.clone())
                    .or_default()
                    .push(number);
            }
        }
        let name = unique_name(
            &page.shown.hash,
            language.len() + 8,
            |n| fragment_names.contains_key(n),
            1,
        );
        fragment_names.insert(name.clone(), page.shown.hash.clone());
        fragments.push((name, page.shown.file.clone(), page.word_count));
    }

    let mut meta = MetaIndex {
        version: VERSION.to_string(),
        pages: fragments
            .iter()
            .map(|(name, _, word_count)| MetaPage {
                hash: name.clone(),
                word_count: *word_count as u32,
                group_hash: String::new(),
            })
            .collect(),
        index_chunks: Vec::new(),
        filters: Vec::new(),
        sorts,
        meta_fields,
    };
    let page_count = fragments.len();
    let compressed: Vec<(String, Vec<u8>)> = fragments
        .into_iter()
        .map(|(name, file, _)| (format!("fragment/{name}.pf_fragment"), file))
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    meta.filters = filter_files(language, filters, &mut files);
    meta.index_chunks = chunk_files(language, words, &mut files);

    let meta_bytes = cbor(&meta);
    let digest = sha1_hex(&meta_bytes);
    let meta_hash = format!("{language}_{}", &digest[..(language.len() + 8).min(digest.len())]);
    files.push((format!("pagefind.{meta_hash}.pf_meta"), meta_bytes));
    Some(LanguageIndex {
        meta_hash,
        page_count,
        files,
        compressed,
    })
}

/// The filter files (added to `files`), and what the metadata file says of
/// them.
fn filter_files(
    language: &str,
    filters: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<MetaFilter> {
    let encoded_filters: Vec<(String, Vec<u8>)> = filters
        .into_iter()
        .map(|(filter, values)| {
            let index = FilterIndex {
                filter: filter.clone(),
                values: values
                    .into_iter()
                    .map(|(value, pages)| PackedValue { value, pages })
                    .collect(),
            };
            (filter, cbor(&index))
        })
        .collect();
    let mut filter_names = BTreeSet::new();
    let mut listed = Vec::new();
    for (filter, bytes) in encoded_filters {
        let hash = format!("{language}_{}", sha1_hex(&bytes));
        let name = unique_name(&hash, language.len() + 8, |n| filter_names.contains(n), 2);
        filter_names.insert(name.clone());
        listed.push(MetaFilter {
            filter,
            hash: name.clone(),
        });
        files.push((format!("filter/{name}.pf_filter"), bytes));
    }
    listed
}

/// The word chunks' files (added to `files`), and each chunk's range of
/// words with its name, for the metadata file.
fn chunk_files(
    language: &str,
    words: FnvHashMap<String, PackedWord>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Vec<MetaChunk> {
    let chunks = chunk(words);
    let mut ranges = chunk_ranges(&chunks);
    let encoded_chunks: Vec<(Vec<u8>, String)> = chunks
        .into_par_iter()
        .map(|chunk| {
            let words: Vec<PackedWord> = chunk.into_iter().map(delta_pages).collect();
            let bytes = cbor(&WordIndex { words });
            let digest = sha1_hex(&bytes);
            (bytes, digest)
        })
        .collect();
    let mut chunk_names = BTreeSet::new();
    for (i, (bytes, digest)) in encoded_chunks.into_iter().enumerate() {
        let hash = format!("{language}_{digest}");
        let name = unique_name(&hash, language.len() + 8, |n| chunk_names.contains(n), 2);
        chunk_names.insert(name.clone());
        ranges[i].hash = name.clone();
        files.push((format!("index/{name}.pf_index"), bytes));
    }
    ranges
}

/// Adds the words of page `number` to the index's: each key's places on
/// the page, then its written forms (sorted), then its places in the meta
/// fields, which join the page's entry for the key or form when it has one.
/// Pages come in order, so a key's last entry is this page's if any.
fn merge_words(words: &mut FnvHashMap<String, PackedWord>, page: &IndexedPage, number: usize, meta_fields: &[String]) {
    for word in page.words.iter() {
        let Some(packed) = entry(words, word.key) else {
            continue;
        };
        if !word.plain.is_empty() {
            packed.pages.push(packed_locs(word.plain, number));
        }
        let mut written: Vec<(&str, &[Loc])> = word.written().collect();
        written.sort_by(|a, b| a.0.cmp(b.0));
        for (form, locs) in written {
            let pages = packed_locs(locs, number);
            match packed.additional_variants.iter_mut().find(|v| v.form == form) {
                Some(variant) => variant.pages.push(pages),
                None => packed.additional_variants.push(PackedVariant {
                    form: form.to_string(),
                    pages: vec![pages],
                }),
            }
        }
    }
    // A page's meta fields are numbered among all the index's fields.
    let field_of: Vec<u16> = page
        .meta
        .keys()
        .map(|name| meta_fields.iter().position(|f| f == name).unwrap_or(0) as u16)
        .collect();
    for (word, locs) in &page.meta_words {
        let mut plain = Vec::new();
        let mut variants: BTreeMap<String, Vec<MetaLoc>> = BTreeMap::new();
        for loc in locs {
            let mut loc = loc.clone();
            loc.field = field_of.get(loc.field as usize).copied().unwrap_or(0);
            match loc.original.clone() {
                None => plain.push(loc),
                Some(original) => variants.entry(original).or_default().push(loc),
            }
        }
        let Some(packed) = entry(words, word) else {
            continue;
        };
        if !plain.is_empty() {
            set_meta_locs(&mut packed.pages, number, packed_meta_locs(plain));
        }
        for (form, locs) in variants {
            let meta_locs = packed_meta_locs(locs);
            match packed.additional_variants.iter_mut().find(|v| v.form == form) {
                Some(variant) => set_meta_locs(&mut variant.pages, number, meta_locs),
                None => packed.additional_variants.push(PackedVariant {
                    form,
                    pages: vec![PackedPage {
                        page_number: number,
                        locs: Vec::new(),
                        meta_locs,
                    }],
                }),
            }
        }
    }
}

/// The index's entry for `key`, made empty if new (so always `Some`). The
/// map's key holds the word until the chunks are made.
fn entry<'w>(words: &'w mut FnvHashMap<String, PackedWord>, key: &str) -> Option<&'w mut PackedWord> {
    // Looked up first, so that a key met before costs no allocation.
    if !words.contains_key(key) {
        words.insert(key.to_string(), empty(""));
    }
    words.get_mut(key)
}

/// Page `number`'s places in meta fields, on its entry in `pages` (the last
/// one, when it is this page's) or on a new one.
fn set_meta_locs(pages: &mut Vec<PackedPage>, number: usize, meta_locs: Vec<i32>) {
    match pages.last_mut().filter(|p| p.page_number == number) {
        Some(existing) => existing.meta_locs = meta_locs,
        None => pages.push(PackedPage {
            page_number: number,
            locs: Vec::new(),
            meta_locs,
        }),
    }
}

fn empty(word: &str) -> PackedWord {
    PackedWord {
        word: word.to_string(),
        pages: Vec::new(),
        additional_variants: Vec::new(),
    }
}

/// A word's places on a page: sorted by weight (the usual weight, 25,
/// first) then position, positions as differences, and a change of weight
/// as a negative number (`-weight - 1`) followed by the absolute position.
fn packed_locs(locs: &[Loc], page_number: usize) -> PackedPage {
    let order = |l: &Loc| (if l.weight == 25 { 0 } else { l.weight }, l.position);
    // Places come in the page's order, most often already sorted.
    let sorted: std::borrow::Cow<[Loc]> = if locs.is_sorted_by_key(order) {
        locs.into()
    } else {
        let mut locs = locs.to_vec();
        locs.sort_by_key(order);
        locs.into()
    };
    let mut current = 25;
    let mut last = 0;
    let mut packed = Vec::with_capacity(sorted.len());
    for loc in sorted.iter() {
        if loc.weight != current {
            packed.push(-(i32::from(loc.weight)) - 1);
            packed.push(loc.position as i32);
            current = loc.weight;
        } else {
            packed.push((loc.position - last) as i32);
        }
        last = loc.position;
    }
    PackedPage {
        page_number,
        locs: packed,
        meta_locs: Vec::new(),
    }
}

/// A word's places in meta fields: a negative number (`-field - 1`) starts
/// each field, then positions as differences.
fn packed_meta_locs(mut locs: Vec<MetaLoc>) -> Vec<i32> {
    locs.sort_by_key(|l| (l.field, l.position));
    let mut current = None;
    let mut last = 0;
    let mut packed = Vec::with_capacity(locs.len() + 8);
    for loc in locs {
        if current != Some(loc.field) {
            packed.push(-(i32::from(loc.field)) - 1);
            current = Some(loc.field);
            last = 0;
        }
        packed.push((loc.position - last) as i32);
        last = loc.position;
    }
    packed
}

/// The sort orders pages give (`data-pagefind-sort`): numbers when every
/// value of a key is one, text otherwise.
fn sorts<P: Borrow<IndexedPage>>(pages: &[P]) -> Vec<MetaSort> {
    let keys: BTreeSet<&String> = pages.iter().flat_map(|p| p.borrow().sort.keys()).collect();
    keys.into_iter()
        .map(|key| {
            let mut values: Vec<(&str, usize)> = pages
                .iter()
                .enumerate()
                .filter_map(|(n, p)| p.borrow().sort.get(key).map(|v| (v.as_str(), n)))
                .collect();
            let numeric = values.iter().all(|(v, _)| number(v).is_some());
            if numeric {
                values.sort_by(|a, b| {
                    let (a, b) = (number(a.0).unwrap_or_default(), number(b.0).unwrap_or_default());
                    a.total_cmp(&b)
                });
            } else {
                values.sort_by_key(|v| v.0);
            }
            MetaSort {
                sort: key.clone(),
                pages: values.into_iter().map(|(_, n)| n).collect(),
            }
        })
        .collect()
}

fn number(value: &str) -> Option<f32> {
    value
        .parse::<i32>()
        .ok()
        .map(|i| i as f32)
        .or_else(|| value.parse::<f32>().ok())
}

/// The words in order, cut into chunks of about `CHUNK_SIZE` places.
fn chunk(words: FnvHashMap<String, PackedWord>) -> Vec<Vec<PackedWord>> {
    let mut words: Vec<PackedWord> = words
        .into_iter()
        .map(|(word, mut packed)| {
            packed.word = word;
            packed
        })
        .collect();
    words.par_sort_unstable_by(|a, b| a.word.cmp(&b.word));
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for mut word in words {
        word.pages.sort_by_key(|p| p.page_number);
        for variant in &mut word.additional_variants {
            variant.pages.sort_by_key(|p| p.page_number);
        }
        size += word
            .pages
            .iter()
            .chain(word.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + word.additional_variants.len();
        chunk.push(word);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// Each chunk's range of words, cut to the shortest prefixes that still
/// tell neighbouring chunks apart.
fn chunk_ranges(chunks: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    let mut ranges: Vec<MetaChunk> = chunks
        .iter()
        .map(|c| MetaChunk {
            from: c.first().map(|w| w.word.clone()).unwrap_or_default(),
            to: c.last().map(|w| w.word.clone()).unwrap_or_default(),
            hash: String::new(),
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = prefixes(&ranges[i - 1].to, &ranges[i].from);
        if to >= ranges[i - 1].from {
            ranges[i - 1].to = to;
        }
        ranges[i].from = from;
    }
    ranges
}

/// The common prefix of `a` and `b` plus one character of each.
fn prefixes(a: &str, b: &str) -> (String, String) {
    let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
    (
        a.chars().take(common + 1).collect(),
        b.chars().take(common + 1).collect(),
    )
}

/// Page numbers as differences from the page before, in a word's list.
fn delta_pages(mut word: PackedWord) -> PackedWord {
    let delta = |pages: &mut Vec<PackedPage>| {
        let mut last = 0;
        for page in pages {
            let number = page.page_number;
            page.page_number = number - last;
            last = number;
        }
    };
    delta(&mut word.pages);
    for variant in &mut word.additional_variants {
        delta(&mut variant.pages);
    }
    word
}

fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = minicbor::encode(value, &mut bytes);
    bytes
}

/// SHA-1 in hexadecimal as pagefind writes it: each byte without a leading
/// zero.
pub(super) fn sha1_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut hex = String::with_capacity(40);
    for byte in Sha1::digest(bytes) {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// The first `length` characters of `hash`, lengthened by `step` while
/// `taken` says the name is in use.
fn unique_name(hash: &str, length: usize, taken: impl Fn(&str) -> bool, step: usize) -> String {
    let mut end = length.min(hash.len());
    while taken(&hash[..end]) && end < hash.len() {
        end = (end + step).min(hash.len());
    }
    hash[..end].to_string()
}
