//! The one file reader: finds a site's source files, reads and decodes
//! their text, and knows which names are never content.
//!
//! This and `output` are the only places that read the site's files; every
//! stage after it works on the text it returns. It must never parse.

pub(crate) mod images;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Editor and system files that are never content: dot files, backups, swap
/// and temp files. `.well-known` is kept: clinics need it for domain checks.
pub(crate) fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') && name != ".well-known")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913" // vim's write test file
}

/// What kind of source a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    Markdown,
    Data,
    Asset,
}

pub(crate) fn kind_of(path: &Path) -> SourceKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => SourceKind::Markdown,
        Some("yaml") | Some("yml") => SourceKind::Data,
        _ => SourceKind::Asset,
    }
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asset {
    /// The output path, relative to the output folder: `images/skin.svg`.
    pub(crate) path: String,
    pub(crate) source: PathBuf,
    /// The intrinsic size, for images whose size can be read.
    pub(crate) size: Option<images::Size>,
}

impl Asset {
    /// The asset published at `path` from the file `source`; an image's
    /// size is read from its header (or an SVG's root element) here.
    pub(crate) fn new(path: String, source: PathBuf) -> Asset {
        let size = if images::is_image(&path) {
            images::size_of(&source)
        } else {
            None
        };
        Asset { path, source, size }
    }
}

/// A file found under a folder, by its path relative to that folder
/// (always with `/` separators) and its full path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Found {
    pub(crate) rel: String,
    pub(crate) full: PathBuf,
}

/// Every file below `dir` that is not ignored, sorted by relative path.
/// Symbolic links are followed only when they stay inside `stay_within`.
pub(crate) fn discover(dir: &Path, report_as: &Path, stay_within: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let (found, diagnostics, _) = discover_noting_links(dir, report_as, stay_within);
    (found, diagnostics)
}

/// `discover`, and whether the walk followed a symbolic link (whose
/// target's changes a file watcher on `dir` may not be told about).
pub(crate) fn discover_noting_links(
    dir: &Path,
    report_as: &Path,
    stay_within: &Path,
) -> (Vec<Found>, Vec<Diagnostic>, bool) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    if !dir.is_dir() {
        return (found, diagnostics, false);
    }
    let mut outside = Vec::new();
    let mut loops = Vec::new();
    let mut followed = false;
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_str().is_some_and(is_ignored) {
                return false;
            }
            // Checked before the walk reads through the link: a link to the
            // site root would otherwise publish site.yaml and the theme once
            // before walkdir noticed the loop.
            if e.path_is_symlink() && links_back(e.path(), stay_within) {
                loops.push(e.path().to_path_buf());
                return false;
            }
            if e.path_is_symlink() && is_linked_outside(e.path(), stay_within) {
                outside.push(e.path().to_path_buf());
                return false;
            }
            followed |= e.path_is_symlink();
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) => match found_file(&entry, dir, report_as) {
                Ok(Some(file)) => found.push(file),
                Ok(None) => {}
                Err(d) => diagnostics.push(d),
            },
            Err(err) => diagnostics.push(unreadable(&err, dir, report_as)),
        }
    }
    for path in outside {
        let rel = path.strip_prefix(dir).map(|p| report_as.join(p)).unwrap_or(path);
        diagnostics.push(
            Diagnostic::error(
                rel,
                "link-outside",
                "this symbolic link points outside the site folder, so it was not followed",
            )
            .with_help("copy the file into the site instead of linking to it"),
        );
    }
    for path in loops {
        let rel = path.strip_prefix(dir).map(|p| report_as.join(p)).unwrap_or(path);
        diagnostics.push(link_loop(rel));
    }
    (found, diagnostics, followed)
}

/// Whether the link at `path` leads to a folder that contains it, or to
/// the site root or above: following it would read the site again.
fn links_back(path: &Path, root: &Path) -> bool {
    let (Ok(real), Some(Ok(parent))) = (path.canonicalize(), path.parent().map(Path::canonicalize)) else {
        return false;
    };
    parent.starts_with(&real) || root.canonicalize().is_ok_and(|root| root.starts_with(&real))
}

/// The file an entry of the walk names, if it is a file, or why its name
/// cannot be used.
fn found_file(entry: &walkdir::DirEntry, dir: &Path, report_as: &Path) -> Result<Option<Found>, Diagnostic> {
    if !entry.file_type().is_file() {
        return Ok(None);
    }
    let Ok(rel_path) = entry.path().strip_prefix(dir) else {
        return Ok(None);
    };
    let Some(rel) = rel_path.to_str() else {
        return Err(Diagnostic::error(
            report_as.join(rel_path),
            "bad-name",
            "this file name is not valid UTF-8 text",
        )
        .with_help("rename the file using letters, digits and dashes"));
    };
    Ok(Some(Found {
        rel: rel.replace('\\', "/"),
        full: entry.path().to_path_buf(),
    }))
}

/// A file or folder the walk could not read, or a link that loops.
fn unreadable(err: &walkdir::Error, dir: &Path, report_as: &Path) -> Diagnostic {
    let rel = err
        .path()
        .and_then(|p| p.strip_prefix(dir).ok())
        .map(|p| report_as.join(p))
        .unwrap_or_else(|| report_as.to_path_buf());
    if err.loop_ancestor().is_some() {
        return link_loop(rel);
    }
    let message = format!("could not read this: {}", io_words(err.io_error()));
    Diagnostic::error(rel, "unreadable", message).with_help("remove the link or fix the file's permissions")
}

/// A link to a folder that contains it: walkdir catches those it walked
/// through, `links_back` those above the walk.
fn link_loop(rel: PathBuf) -> Diagnostic {
    Diagnostic::error(
        rel,
        "link-loop",
        "this symbolic link points back to a folder that contains it (the site folder or one above), so it was not followed",
    )
    .with_help("remove the link; link to a file or to a folder beside it instead")
}

fn is_linked_outside(path: &Path, root: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => !real.starts_with(root),
        _ => false,
    }
}

fn io_words(err: Option<&std::io::Error>) -> String {
    match err.map(|e| e.kind()) {
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".to_string(),
        Some(std::io::ErrorKind::NotFound) => "it does not exist".to_string(),
        _ => err.map_or_else(|| "unknown error".to_string(), |e| e.to_string()),
    }
}

/// The largest source file (page, data page, site.yaml, template) read, in
/// bytes. Patient information pages are a few kilobytes; a file a thousand
/// times that size is a mistake (a log or an export saved as `.md`), and
/// reading it whole would only make the build slow and the machine swap.
const MAX_SOURCE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a text file. A missing or unreadable file, one larger than
/// `MAX_SOURCE_BYTES`, or one that is not UTF-8 text becomes a diagnostic
/// naming `rel`. A UTF-8 byte-order mark is dropped.
pub(crate) fn read_text(path: &Path, rel: &Path) -> Result<String, Box<Diagnostic>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        // Sized once from the file's length: `take` hides it from
        // `read_to_end`, which would grow the buffer by doubling and keep up
        // to twice the text (for 10,000 pages, tens of megabytes).
        let size = file.metadata().map_or(0, |m| m.len().min(MAX_SOURCE_BYTES + 1));
        bytes.reserve_exact(usize::try_from(size).unwrap_or(0) + 1);
        // `take` bounds the read even if the file grows while it is read.
        file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes)
    });
    if read.is_ok() && bytes.len() as u64 > MAX_SOURCE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(Box::new(
            Diagnostic::error(
                rel,
                "file-too-large",
                format!(
                    "this file is {}, larger than the {} a source file may have",
                    megabytes(size),
                    megabytes(MAX_SOURCE_BYTES)
                ),
            )
            .with_help("split the text into several pages; put downloads such as PDFs or videos in static/, which is copied as it is"),
        ));
    }
    read.map_err(|err| {
        let (message, help) = match err.kind() {
            std::io::ErrorKind::NotFound => (
                "this file does not exist".to_string(),
                "create it, or run dermapress in the site's folder (or pass --root)",
            ),
            std::io::ErrorKind::PermissionDenied => (
                "this file cannot be read: permission denied".to_string(),
                "let your user read the file (e.g. chmod a+r)",
            ),
            _ => (
                format!("this file cannot be read: {err}"),
                "check that the file is a plain file you can open",
            ),
        };
        Box::new(Diagnostic::error(rel, "unreadable", message).with_help(help))
    })?;
    decode(bytes, rel)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// UTF-8 text from bytes, or a diagnostic at the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>, rel: &Path) -> Result<String, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            // Line breaks of old Mac files (a carriage return alone) become
            // `\n`, so that lines are counted as editors count them.
            let bytes = text.as_bytes();
            let lone_return = |(i, b): (usize, &u8)| *b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if bytes.iter().enumerate().any(lone_return) {
                text = lone_returns_as_newlines(&text);
            }
            match text.find('\0') {
                Some(at) => Err(Box::new(nul_byte(&text, at, rel))),
                None => Ok(text),
            }
        }
        Err(err) if err.as_bytes().starts_with(&[0xff, 0xfe]) || err.as_bytes().starts_with(&[0xfe, 0xff]) => {
            let mut d = Diagnostic::error(
                rel,
                "not-utf8",
                "this file is saved as UTF-16 (\"Unicode\" in some editors), not as UTF-8 text",
            )
            .at_line(1, 1)
            .with_help("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)");
            d.width = 1;
            Err(Box::new(d))
        }
        Err(err) => {
            let bytes = err.as_bytes();
            let at = err.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
            // The line as well as it can be read, so people see which character it is.
            let line_end = bytes[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            let excerpt = String::from_utf8_lossy(&bytes[line_start..line_end]);
            let mut d = Diagnostic::error(
                rel,
                "not-utf8",
                "this file is not saved as UTF-8 text: the character here cannot be read",
            )
            .at_line(line, column)
            .with_help("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8); text pasted from Word is a common cause");
            d.width = 1;
            d.excerpt = Some(excerpt.trim_end_matches('\r').to_string());
            Err(Box::new(d))
        }
    }
}

fn lone_returns_as_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A NUL byte: valid UTF-8, but never in a text someone wrote. Files that
/// have one are binary, or were damaged when saved.
fn nul_byte(text: &str, at: usize, rel: &Path) -> Diagnostic {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..at].chars().count() + 1;
    let mut d = Diagnostic::error(
        rel,
        "not-text",
        "this file is not a text file: it contains a NUL byte (a zero byte) here",
    )
    .at_line(line, column)
    .with_help("if it is an image or a download, give it its proper extension (.png, .pdf); if it is a page, open it in a text editor and save it again as UTF-8 text");
    d.width = 1;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [".DS_Store", "page.md~", ".page.md.swp", "x.tmp", ".git", "4913"] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["page.md", ".well-known", "faq.yaml"] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn bad_utf8_names_its_line_and_column() {
        let d = decode(b"ok\nab\xff\n".to_vec(), Path::new("content/a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
        assert_eq!(
            d.message,
            "this file is not saved as UTF-8 text: the character here cannot be read"
        );
        assert_eq!(d.excerpt.as_deref(), Some("ab\u{fffd}"));
    }

    #[test]
    fn old_mac_line_breaks_become_newlines_and_windows_ones_stay() {
        assert_eq!(decode(b"a\rb\r\nc\r".to_vec(), Path::new("a")).unwrap(), "a\nb\r\nc\n");
        assert_eq!(decode(b"a\r\nb".to_vec(), Path::new("a")).unwrap(), "a\r\nb");
    }

    #[test]
    fn utf16_is_named() {
        let d = decode(b"\xff\xfe-\x00-\x00".to_vec(), Path::new("content/a.md")).unwrap_err();
        assert_eq!((d.line, d.column, d.rule), (1, 1, "not-utf8"));
        assert!(d.message.contains("UTF-16"), "{}", d.message);
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let d = decode(b"---\ntitle: a\0b\n".to_vec(), Path::new("content/a.md")).unwrap_err();
        assert_eq!((d.line, d.column, d.rule), (2, 9, "not-text"));
        let d = decode(vec![0; 1000], Path::new("content/a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(decode(b"\xef\xbb\xbf---".to_vec(), Path::new("a")).unwrap(), "---");
    }
}

#[cfg(test)]
mod props;
