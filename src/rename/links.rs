//! The links a rename rewrites: every link to the moved page (by its file
//! or by its URL), and, inside the moved page itself, every relative link,
//! which must now start from its new folder. Each link is found in the
//! file's text at the place the Markdown reader reported it, and only that
//! text is replaced: the rest of the file stays byte for byte.

use std::ops::Range;
use std::path::Path;

use super::paths::relative;
use crate::content::page::Page;
use crate::diagnostics::{Pos, SourceFile};
use crate::links::is_content_file;
use crate::markdown::is_external;
use crate::scaffold::Refusal;
use crate::urls::{folded, normalize, unsafe_scheme};

/// The page being moved, by file and by route.
pub(super) struct Target<'a> {
    pub(super) old: &'a str,
    pub(super) new: &'a str,
    pub(super) old_route: &'a str,
    pub(super) new_route: &'a str,
    pub(super) base_path: &'a str,
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A link's destination once the page has moved, when it changes: `from`
/// is the folder the link is written in now, `to` the folder it will be in.
fn new_dest(dest: &str, from: &str, to: &str, t: &Target) -> Option<String> {
    if is_external(dest) || dest.is_empty() || unsafe_scheme(dest).is_some() {
        return None;
    }
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(cut);
    if path.is_empty() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let is_old = |p: &str| folded(p) == folded(t.old);
    if path.starts_with('/') {
        if is_content_file(path) {
            let target = normalize("", &decoded)?;
            return is_old(&target).then(|| format!("/{}{suffix}", t.new));
        }
        let route = path
            .strip_prefix(t.base_path)
            .filter(|r| r.starts_with('/'))
            .unwrap_or(path);
        let with_slash = format!("{}/", route.trim_end_matches('/'));
        let same = folded(route) == folded(t.old_route) || folded(&with_slash) == folded(t.old_route);
        return same.then(|| format!("{}{}{suffix}", &path[..path.len() - route.len()], t.new_route));
    }
    let now = normalize(from, &decoded)?;
    let to_moved = is_old(&now);
    // In a page that stays, only a link to the moved page changes.
    if from == to && !to_moved {
        return None;
    }
    let target = if to_moved { t.new.to_string() } else { now };
    let written = relative(to, &target).replace(' ', "%20");
    (written != path).then(|| format!("{written}{suffix}"))
}

/// Where the text `raw` written at `pos` is in `source`: at or after the
/// place, or (a reference-style link) in its definition line.
fn find(source: &SourceFile, pos: Pos, raw: &str) -> Option<Range<usize>> {
    let start = source.offset(pos).min(source.text.len());
    if let Some(i) = source.text[start..].find(raw) {
        return Some(start + i..start + i + raw.len());
    }
    let definition = format!("]: {raw}");
    let i = source.text.find(&definition)? + 3;
    Some(i..i + raw.len())
}

/// The replacements of the page's changed links, as ranges of its text.
/// `at`: where the page will be (its own path, or the new one when it moves).
pub(super) fn page_edits(page: &Page, at: &str, t: &Target) -> Result<Vec<(Range<usize>, String)>, Refusal> {
    let (from, to) = (dir_of(&page.path), dir_of(at));
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for doc in page.documents() {
        for (link, written) in doc.links_with_dests() {
            let Some(dest) = new_dest(written, from, to, t) else {
                continue;
            };
            let Some(range) = find(&page.source, link.pos(), written) else {
                return Err(Refusal::new(
                    format!(
                        "{}:{}:{}: the link `{}` could not be found in the text to rewrite it; nothing was changed",
                        page.source.path().display(),
                        link.pos().line,
                        link.pos().column,
                        written
                    ),
                    format!("change it by hand to `{dest}`, then run `dermapress mv` again"),
                ));
            };
            edits.push((range, dest));
        }
    }
    Ok(edits)
}

/// The menu's and the reviewers' `page:` entries of site.yaml that name the
/// moved page, rewritten; None if there are none.
pub(super) fn rewrite_site_yaml(root: &Path, t: &Target) -> Result<Option<String>, Refusal> {
    let (Some(c), _) = crate::load::read_config(root) else {
        return Ok(None);
    };
    let menu = c
        .config
        .menu
        .iter()
        .enumerate()
        .map(|(i, m)| (format!("menu.{i}.page"), &m.page));
    let reviewers = c.config.reviewers.iter().enumerate();
    let reviewers = reviewers.map(|(i, r)| (format!("reviewers.{i}.page"), &r.page));
    let mut edits = Vec::new();
    for (key, page) in menu.chain(reviewers) {
        let Some(written) = page else { continue };
        let bare = written.trim_start_matches('/');
        if folded(bare) != folded(t.old) {
            continue;
        }
        let slash = if written.starts_with('/') { "/" } else { "" };
        if let Some(range) = find(&c.source, c.spans.value(&key), written) {
            edits.push((range, format!("{slash}{}", t.new)));
        }
    }
    Ok(replaced(&c.source.text, edits))
}

/// `text` with each range replaced (the same range once), or None if no edit.
pub(super) fn replaced(text: &str, mut edits: Vec<(Range<usize>, String)>) -> Option<String> {
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    edits.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&new);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}
