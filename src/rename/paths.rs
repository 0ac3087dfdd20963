//! The two paths of a rename, read as content paths and checked before
//! anything is planned, and the page's address after the move.

use std::path::Path;

use crate::content::page::Page;
use crate::scaffold::Refusal;
use crate::source::{self, SourceKind};

/// `content/guides/a.md`, `./guides/a.md` and `guides/a.md` all name
/// `guides/a.md` below content/.
pub(super) fn content_path(written: &str) -> String {
    let p = written.trim().replace('\\', "/");
    let p = p.trim_start_matches("./").trim_start_matches('/');
    p.strip_prefix("content/").unwrap_or(p).to_string()
}

/// Why `old` cannot be moved to `new`, if it cannot.
pub(super) fn check(root: &Path, old: &str, new: &str) -> Result<(), Refusal> {
    let content = root.join("content");
    if !content.join(old).is_file() {
        return Err(Refusal::new(
            format!("there is no content/{old}"),
            "give the page's file below content/, as `dermapress mv guides/old-name.md guides/new-name.md`",
        ));
    }
    if content.join(new).exists() {
        return Err(Refusal::new(
            format!("content/{new} already exists; nothing was changed"),
            "choose a name that no file has yet, or delete that file first",
        ));
    }
    if crate::urls::normalize("", new).as_deref() != Some(new) || new.is_empty() {
        return Err(Refusal::new(
            format!("`{new}` is not a path below content/"),
            "write it without `..`, e.g. guides/new-name.md",
        ));
    }
    let kind = |p: &str| source::kind_of(Path::new(p));
    if kind(old) != kind(new) || kind(new) == SourceKind::Asset {
        return Err(Refusal::new(
            format!("content/{old} and `{new}` are not the same kind of file"),
            "keep the ending: a Markdown page stays .md and a data page stays .yaml",
        ));
    }
    let section = |p: &str| p == "_index.md" || p.ends_with("/_index.md");
    if section(old) || section(new) {
        return Err(Refusal::new(
            "`mv` renames one page, not a section's _index.md",
            "to rename a section, move its pages one by one, or rename its folder and add `aliases:` by hand",
        ));
    }
    Ok(())
}

/// The route page `moved` will have at `new`: the routes worked out again
/// with that one page's path changed, so that section slugs apply as they will.
pub(super) fn route_after_move(
    pages: &[Page],
    config: &crate::config::Config,
    routes: &[String],
    moved: usize,
    new: &str,
) -> String {
    let mut after: Vec<Page> = pages.to_vec();
    // A page of the default language is its own original: its key moves too.
    if after[moved].key == after[moved].path {
        after[moved].key = new.to_string();
    }
    after[moved].path = new.to_string();
    let (routes_after, _) = crate::load::routes::routes(&after, config);
    routes_after
        .get(moved)
        .cloned()
        .unwrap_or_else(|| routes[moved].clone())
}

/// The path from folder `from` (below content/, "" at the top) to `to`,
/// as a relative link writes it: `../faq.yaml`.
pub(super) fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_below_content() {
        assert_eq!(content_path("content/guides/a.md"), "guides/a.md");
        assert_eq!(content_path("./guides/a.md"), "guides/a.md");
        assert_eq!(content_path("a.md"), "a.md");
    }

    #[test]
    fn relative_links_climb_only_as_far_as_needed() {
        assert_eq!(relative("", "guides/a.md"), "guides/a.md");
        assert_eq!(relative("guides", "guides/a.md"), "a.md");
        assert_eq!(relative("guides", "faq.yaml"), "../faq.yaml");
        assert_eq!(relative("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative("a", "a"), "../a");
    }
}
