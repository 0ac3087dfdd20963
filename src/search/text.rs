//! The spacing of the text the index reads: entities decoded and runs of
//! whitespace made one space as pagefind does, full stops after blocks, and
//! pagefind's markers taken out of values.

use super::words;

/// Whether text ends in a character after which a block adds a full stop
/// (a word character, a quote, `)`, `$` or `*`).
pub(super) fn ends_sentence_without_stop(text: &str) -> bool {
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
pub(super) fn without_markers(text: &str) -> String {
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
