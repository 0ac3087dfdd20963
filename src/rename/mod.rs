//! `dermapress mv OLD NEW`: renaming a page without breaking a link.
//!
//! The page's file moves, its old address becomes an alias in its own front
//! matter (so that bookmarks and search results still arrive), and every
//! link to it (Markdown links in any page, menu and reviewer entries in
//! site.yaml) is rewritten to the new file. Every edit is planned on the
//! texts in memory first; only a complete plan is written, and a write
//! that fails puts back what was already written.

mod alias;
mod links;
mod paths;

use std::path::{Path, PathBuf};

use crate::config;
use crate::content::page::{self, Page};
use crate::scaffold::Refusal;
use crate::source::{self, SourceKind};

/// What a rename did: paths from the site's root, the alias added and the
/// page's new URL, and the other files whose links were rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub from: String,
    pub to: String,
    /// The old address, now an alias ("" when the address did not change).
    pub alias: String,
    pub url: String,
    pub rewritten: Vec<String>,
}

/// One file's new text (`text` None: the file is removed).
struct Edit {
    path: PathBuf,
    text: Option<String>,
}

/// Moves the page `old` to `new` (paths below `content/`, or from the root
/// with `content/` in front), keeping its old address as an alias and
/// rewriting the links to it.
pub fn rename_page(root: &Path, old: &str, new: &str) -> Result<Renamed, Refusal> {
    let (old, new) = (paths::content_path(old), paths::content_path(new));
    paths::check(root, &old, &new)?;
    let (pages, config) = read_pages(root)?;
    let (routes, _) = crate::load::routes::routes(&pages, &config);
    let Some(moved) = pages.iter().position(|p| p.path == old) else {
        return Err(Refusal::new(
            format!("content/{old} is not a page"),
            "give the path of a Markdown page or a data page below content/",
        ));
    };
    let new_route = paths::route_after_move(&pages, &config, &routes, moved, &new);
    let old_route = routes[moved].clone();
    let base = read_base_path(root)?;
    let target = links::Target {
        old: &old,
        new: &new,
        old_route: &old_route,
        new_route: &new_route,
        base_path: &base,
    };
    let (mut edits, mut rewritten) = link_edits(root, &pages, moved, &target)?;
    let page = &pages[moved];
    let mut own = links::page_edits(page, &new, &target)?;
    let alias = if old_route == new_route {
        String::new()
    } else {
        own.push(alias::edit(page, &old_route)?);
        format!("{base}{old_route}")
    };
    let text = links::replaced(&page.source.text, own).unwrap_or_else(|| page.source.text.clone());
    edits.push(Edit {
        path: root.join("content").join(&new),
        text: Some(text),
    });
    edits.push(Edit {
        path: root.join("content").join(&old),
        text: None,
    });
    apply(edits)?;
    rewritten.sort();
    Ok(Renamed {
        from: format!("content/{old}"),
        to: format!("content/{new}"),
        alias,
        url: format!("{base}{new_route}"),
        rewritten,
    })
}

/// The other files whose links to the moved page change, with their new
/// texts, and their names from the site's root.
fn link_edits(
    root: &Path,
    pages: &[Page],
    moved: usize,
    target: &links::Target,
) -> Result<(Vec<Edit>, Vec<String>), Refusal> {
    let mut edits = Vec::new();
    let mut rewritten = Vec::new();
    for (_, page) in pages.iter().enumerate().filter(|(i, _)| *i != moved) {
        let changes = links::page_edits(page, &page.path, target)?;
        if let Some(text) = links::replaced(&page.source.text, changes) {
            rewritten.push(page.source.path().display().to_string());
            edits.push(Edit {
                path: root.join(page.source.path()),
                text: Some(text),
            });
        }
    }
    if let Some(text) = links::rewrite_site_yaml(root, target)? {
        rewritten.push(config::FILE.to_string());
        edits.push(Edit {
            path: root.join(config::FILE),
            text: Some(text),
        });
    }
    Ok((edits, rewritten))
}

/// Every content page, parsed; a file with errors stops the rename, since
/// its links could not be found.
fn read_pages(root: &Path) -> Result<(Vec<Page>, crate::config::Config), Refusal> {
    let (config_file, _) = crate::load::read_config(root);
    let Some(config_file) = config_file else {
        return Err(fix_first("site.yaml"));
    };
    let (found, _) = source::discover(&root.join("content"), Path::new("content"), root);
    let mut pages = Vec::new();
    for f in &found {
        let kind = source::kind_of(Path::new(&f.rel));
        if kind == SourceKind::Asset {
            continue;
        }
        let rel = Path::new("content").join(&f.rel);
        let text = source::read_text(&f.full, &rel).map_err(|_| fix_first(&rel.display().to_string()))?;
        let parsed = match kind {
            SourceKind::Markdown => page::parse_markdown(&f.rel, text, &config_file.config),
            _ => page::parse_data(&f.rel, text, &config_file.config),
        };
        pages.push(parsed.map_err(|_| fix_first(&rel.display().to_string()))?);
    }
    Ok((pages, config_file.config))
}

fn read_base_path(root: &Path) -> Result<String, Refusal> {
    match crate::load::read_config(root) {
        (Some(c), _) => Ok(c.config.base_path().to_string()),
        _ => Err(fix_first("site.yaml")),
    }
}

fn fix_first(file: &str) -> Refusal {
    Refusal::new(
        format!("{file} has errors, so the links in it cannot be rewritten safely; nothing was changed"),
        "fix what `dermapress check` reports, then run `dermapress mv` again",
    )
}

/// Writes every edit (each through a temporary file renamed into place);
/// on a failure, puts back the files already changed.
fn apply(edits: Vec<Edit>) -> Result<(), Refusal> {
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for edit in &edits {
        let before = std::fs::read(&edit.path).ok();
        let result = match &edit.text {
            Some(text) => write_file(&edit.path, text),
            None => std::fs::remove_file(&edit.path),
        };
        if let Err(e) = result {
            for (path, bytes) in done.into_iter().rev() {
                let _ = match bytes {
                    Some(b) => std::fs::write(&path, b),
                    None => std::fs::remove_file(&path),
                };
            }
            return Err(Refusal::new(
                format!("could not write {}: {e}; nothing was changed", edit.path.display()),
                "check that the site's files can be written, then try again",
            ));
        }
        done.push((edit.path.clone(), before));
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.dermapress-mv.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
