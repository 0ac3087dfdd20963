//! Which version of a page a translation was checked against: a short hash
//! of the original's text, recorded in the translation's `source_hash`.
//!
//! The hash covers everything a translator must follow (title, description,
//! body, sources, data) and leaves out what changes without changing what a
//! page says: its review lines (`reviewed_by`, `last_reviewed`), line endings
//! and spaces at line ends. A new review of the original alone therefore
//! does not make its translations outdated; any change of its words does.

use std::hash::Hasher;

/// Top-level keys left out of the hash, as written at the start of a line.
const NOT_HASHED: &[&str] = &["reviewed_by:", "last_reviewed:", "source_hash:"];

/// The original's version as eight hex digits (FNV-1a, 64 bits, folded):
/// the same text gives the same hash on every machine and Rust version.
pub(crate) fn source_hash(text: &str) -> String {
    let mut hasher = fnv::FnvHasher::default();
    for line in text.lines() {
        if NOT_HASHED.iter().any(|k| line.starts_with(k)) {
            continue;
        }
        hasher.write(line.trim_end().as_bytes());
        hasher.write_u8(b'\n');
    }
    let h = hasher.finish();
    format!("{:08x}", (h ^ (h >> 32)) as u32)
}

/// Whether `translation` records the current version of its `original`.
pub(crate) fn is_current(translation: &crate::content::page::Page, original: &crate::content::page::Page) -> bool {
    translation.meta.source_hash.as_deref() == Some(source_hash(&original.source.text).as_str())
}

#[cfg(test)]
mod tests {
    use super::source_hash;

    #[test]
    fn review_lines_and_line_endings_do_not_count_and_words_do() {
        let a = source_hash("---\ntitle: Risks\nlast_reviewed: 2026-01-01\n---\nRedness is common.\n");
        assert_eq!(a.len(), 8);
        assert_eq!(
            a,
            source_hash("---\r\ntitle: Risks  \r\nlast_reviewed: 2026-09-09\r\n---\r\nRedness is common.\r\n")
        );
        assert_ne!(a, source_hash("---\ntitle: Risks\n---\nRedness is very common.\n"));
    }
}
