//! A page's words as the search looks them up: each whitespace-separated
//! word of the text becomes the keys it is found under.
//!
//! The search runs in the visitor's browser (pagefind's WebAssembly, shipped
//! with the index), which folds a query the same way: letters and digits
//! lowercased, diacritics taken off (the word as written is kept as a
//! variant, so an exact spelling ranks first) and the language's Snowball
//! stemmer applied. A key made differently here is a word no query finds, so
//! this module follows pagefind 1.6's indexer rule for rule, and the tests in
//! `search::tests` compare whole indexes with the ones pagefind makes.

use std::cell::RefCell;
use std::rc::Rc;

use convert_case::{Case, Casing};
use fnv::FnvHashMap;
use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Characters kept inside a word besides letters and digits (Unicode's
/// "connector punctuation", such as `_`); the browser is told the same
/// list (`pagefind-entry.json`).
pub(crate) const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// The longest tail of a dotted word and the longest katakana suffix indexed.
const MAX_DOTTED_TAIL_CHARS: usize = 64;
const MAX_KATAKANA_SUFFIX_CHARS: usize = 16;

/// One key a written word is found under.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) stemmed: String,
    /// The word as written (lowercased) when taking its diacritics off
    /// changed it.
    pub(crate) original: Option<String>,
    /// A part of a compound (`after-care`, `camelCase`): it shares the
    /// word's weight with the other parts.
    pub(crate) compound_part: bool,
}

/// A language's Snowball stemmer.
pub(crate) struct WordStemmer {
    stemmer: Stemmer,
}

impl WordStemmer {
    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }
}

/// The keys of the written words a thread has met, per language: a site
/// repeats its words, and finding a word's keys (its compound parts, its
/// folded and stemmed forms) costs many times a lookup.
pub(crate) struct Memo<'a> {
    known: &'a mut Known,
    stemmer: Option<&'a WordStemmer>,
}

/// Written words and their keys.
type Known = FnvHashMap<Box<str>, Rc<[Key]>>;

/// The most written words a thread remembers per language; past it, it
/// starts again (a site's vocabulary is far smaller, random tokens are not).
const MEMO_WORDS: usize = 200_000;

impl Memo<'_> {
    /// What `keys` gives for `raw`.
    pub(crate) fn keys(&mut self, raw: &str) -> Rc<[Key]> {
        if let Some(keys) = self.known.get(raw) {
            return Rc::clone(keys);
        }
        let keys: Rc<[Key]> = keys(raw, self.stemmer).into();
        if self.known.len() >= MEMO_WORDS {
            self.known.clear();
        }
        self.known.insert(raw.into(), Rc::clone(&keys));
        keys
    }
}

/// Runs `f` with this thread's memo for `language` and its stemmer.
pub(crate) fn with_memo<R>(language: &str, stemmer: Option<&WordStemmer>, f: impl FnOnce(&mut Memo) -> R) -> R {
    thread_local! {
        static KNOWN: RefCell<FnvHashMap<String, Known>> = RefCell::new(FnvHashMap::default());
    }
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        let known = known.entry(language.to_string()).or_default();
        f(&mut Memo { known, stemmer })
    })
}

/// The stemmer of `language` (e.g. `en`, `es-mx`), if Snowball has one.
pub(crate) fn stemmer(language: &str) -> Option<WordStemmer> {
    let code = language.split('-').next().unwrap_or_default();
    let algorithm = match code {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(WordStemmer {
        stemmer: Stemmer::create(algorithm),
    })
}

/// The keys of one written word of the text (a run without whitespace), in
/// the order pagefind lists them.
pub(crate) fn keys(raw: &str, stemmer: Option<&WordStemmer>) -> Vec<Key> {
    let mut keys = keys_without_tails(raw, stemmer);
    if raw.contains('.') {
        dotted_tails(raw, stemmer, &mut keys);
    }
    keys
}

/// The keys of one word of a meta field (such as the title): a dotted
/// word's tails are not among them.
pub(crate) fn keys_without_tails(raw: &str, stemmer: Option<&WordStemmer>) -> Vec<Key> {
    let mut keys = Vec::new();
    let normalized = normalize(raw);
    if !normalized.is_empty() {
        keys.push(stem(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let folded = fold_diacritics(suffix);
        keys.push(Key {
            stemmed: folded.clone().unwrap_or_else(|| suffix.to_string()),
            original: folded.map(|_| suffix.to_string()),
            compound_part: true,
        });
    }
    let possibly_compound = raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    if possibly_compound {
        compound_parts(raw, &normalized, stemmer, &mut keys);
    }
    keys
}

/// The parts of a compound word of two or more bytes, and any emoji in it.
fn compound_parts(raw: &str, normalized: &str, stemmer: Option<&WordStemmer>, keys: &mut Vec<Key>) {
    if only_punctuated(raw) {
        return;
    }
    let parts = raw
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !normalized.is_empty() && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts)) {
        for part in parts.split_whitespace().filter(|w| w.len() > 1) {
            let folded = fold_diacritics(part);
            let base = folded.as_deref().unwrap_or(part);
            let stemmed = match stemmer {
                Some(stemmer) => stemmer.stem(base),
                None => base.to_string(),
            };
            keys.push(Key {
                stemmed,
                original: folded.map(|_| part.to_string()),
                compound_part: true,
            });
        }
    }
    if has_emoji_property(raw) {
        use unicode_segmentation::UnicodeSegmentation;
        for grapheme in raw.graphemes(true).filter(|g| emojis::get(g).is_some()) {
            keys.push(Key {
                stemmed: grapheme.to_string(),
                original: None,
                compound_part: false,
            });
        }
    }
}

/// Whether `raw` is one plain word with punctuation only before or after
/// it (`"skin,"`, `(Después)`): the most common case by far, which has no
/// parts and no emoji, found without splitting it as a compound.
fn only_punctuated(raw: &str) -> bool {
    // `_` is kept in words, and `#` and `*` may start an emoji (keycaps).
    let edge = |c: char| c.is_ascii_punctuation() && !matches!(c, '_' | '#' | '*');
    let core = raw.trim_matches(edge);
    let mut chars = core.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(|c| c.is_alphabetic() && !c.is_uppercase())
}

/// `sysconfig.is_python_build` is also found as `is_python_build`: each
/// tail after a dot that is itself a compound, unless already a key.
fn dotted_tails(raw: &str, stemmer: Option<&WordStemmer>, keys: &mut Vec<Key>) {
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric()) || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let key = stem(&normalized, stemmer, true);
        if !keys.iter().any(|k| k.stemmed == key.stemmed) {
            keys.push(key);
        }
    }
}

/// Letters, digits and `WORD_SYMBOLS` of `raw`, lowercased.
fn normalize(raw: &str) -> String {
    let mut word = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            let lower = c.to_ascii_lowercase();
            if lower.is_uppercase() {
                word.extend(lower.to_lowercase());
            } else {
                word.push(lower);
            }
        }
    }
    word
}

fn stem(normalized: &str, stemmer: Option<&WordStemmer>, compound_part: bool) -> Key {
    let folded = fold_diacritics(normalized);
    let base = folded.as_deref().unwrap_or(normalized);
    let stemmed = match stemmer {
        Some(stemmer) => stemmer.stem(base),
        None => base.to_string(),
    };
    Key {
        stemmed,
        original: folded.map(|_| normalized.to_string()),
        compound_part,
    }
}

/// `word` without its diacritics, when it has any: "después" is found as
/// "despues". Kana sound marks stay (they tell words apart).
fn fold_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !decomposes(word) {
        return None;
    }
    let kept = |c: &char| !unicode_normalization::char::is_combining_mark(*c) || matches!(*c, '\u{3099}' | '\u{309A}');
    let stripped: String = word.nfd().filter(kept).collect();
    let folded = if stripped.chars().any(|c| matches!(c, '\u{3099}' | '\u{309A}')) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (folded != word).then_some(folded)
}

fn decomposes(word: &str) -> bool {
    word.chars().any(|c| {
        let mut differs = unicode_normalization::char::is_combining_mark(c);
        unicode_normalization::char::decompose_canonical(c, |part| differs |= part != c);
        differs
    })
}

/// Unicode's Emoji property, which digits, `#` and `*` have too (the
/// emoji themselves are then told apart by `emojis`).
fn has_emoji_property(raw: &str) -> bool {
    static EMOJI: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    EMOJI
        .get_or_init(|| regex::Regex::new("\\p{Emoji}").unwrap_or_else(|_| unreachable!("a fixed pattern")))
        .is_match(raw)
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of a katakana word (of two or more characters), so that a
/// query for part of a compound finds it.
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut suffixes: Vec<&str> = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(raw: &str, language: &str) -> Vec<String> {
        keys(raw, stemmer(language).as_ref())
            .into_iter()
            .map(|k| k.stemmed)
            .collect()
    }

    #[test]
    fn a_word_is_lowercased_stripped_of_punctuation_and_stemmed() {
        assert_eq!(stems("Makeup,", "en"), ["makeup"]);
        assert_eq!(stems("treatments.", "en"), ["treatment"]);
        assert_eq!(stems("(2024)", "en"), ["2024"]);
        assert!(stems("—", "en").is_empty());
    }

    #[test]
    fn a_compound_is_found_by_its_parts_too() {
        assert_eq!(stems("after-care", "en"), ["aftercar", "after", "care"]);
        assert_eq!(stems("microNeedling", "en"), ["microneedl", "micro", "needl"]);
        let parts: Vec<bool> = keys("after-care", stemmer("en").as_ref())
            .iter()
            .map(|k| k.compound_part)
            .collect();
        assert_eq!(parts, [false, true, true]);
    }

    #[test]
    fn diacritics_are_folded_and_the_written_form_kept() {
        let keys = keys("Después", stemmer("es").as_ref());
        assert_eq!(keys[0].stemmed, "despu");
        assert_eq!(keys[0].original.as_deref(), Some("después"));
        assert_eq!(self::keys("cara", stemmer("es").as_ref())[0].original, None);
    }

    #[test]
    fn a_language_without_a_stemmer_keeps_the_word() {
        assert!(stemmer("zz").is_none());
        assert_eq!(stems("Treatments", "zz"), ["treatments"]);
    }
}
