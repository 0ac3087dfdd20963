//! `dermapress import`: a site made with Hugo, Zola, plain Markdown folders
//! or a WordPress export, turned into a new dermapress site folder, with a
//! report of everything a human still has to do, line by line.
//!
//! It reads the source and writes only into a new (or empty) folder: the
//! source is never changed. It converts what it can (front matter, TOML to
//! YAML, `ref` shortcodes, Zola's `@/` links) and leaves a visible
//! placeholder where it cannot, so the new site builds and the report says
//! where to look.

mod body;
mod front_matter;
mod markdown_site;
mod site_config;
mod wordpress;
mod yaml_out;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::scaffold::Refusal;

/// Where the site comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFrom {
    Hugo,
    Zola,
    /// Plain folders of Markdown (README-style repositories, note apps).
    Markdown,
    /// A WordPress export (WXR), one XML file.
    Wordpress,
}

impl ImportFrom {
    pub fn named(name: &str) -> Option<ImportFrom> {
        Some(match name {
            "hugo" => ImportFrom::Hugo,
            "zola" => ImportFrom::Zola,
            "markdown" => ImportFrom::Markdown,
            "wordpress" => ImportFrom::Wordpress,
            _ => return None,
        })
    }
}

/// One thing a human has to look at: a place in a source file, what could
/// not be converted, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportNote {
    /// Relative to the source folder (or the export file's name).
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub what: String,
    pub todo: String,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Where the new site is.
    pub into: PathBuf,
    pub pages: usize,
    pub static_files: usize,
    pub notes: Vec<ImportNote>,
    /// Images the export refers to, to download into the new site by hand.
    pub downloads: Vec<(String, String)>,
}

/// A new site in memory: relative path -> bytes, plus the notes.
#[derive(Default)]
pub(crate) struct NewSite {
    files: BTreeMap<PathBuf, Vec<u8>>,
    notes: Vec<ImportNote>,
    pages: usize,
    static_files: usize,
    downloads: Vec<(String, String)>,
}

impl NewSite {
    fn add(&mut self, path: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    fn note(&mut self, file: &str, line: usize, column: usize, what: impl Into<String>, todo: impl Into<String>) {
        self.notes.push(ImportNote {
            file: file.to_string(),
            line,
            column,
            what: what.into(),
            todo: todo.into(),
        });
    }
}

/// Imports the site at `source` (a folder, or for WordPress an export file)
/// into `into`, a new or empty folder (default: `<source name>-dermapress`
/// beside the source).
pub fn import(from: ImportFrom, source: &Path, into: Option<&Path>) -> Result<ImportReport, Refusal> {
    let into = match into {
        Some(p) => p.to_path_buf(),
        None => default_into(source),
    };
    refuse_into(&into, source)?;
    let site = match from {
        ImportFrom::Wordpress => {
            let text = std::fs::read_to_string(source).map_err(|e| {
                Refusal::new(
                    format!("could not read {}: {e}", source.display()),
                    "give the path of the export file (Tools > Export in WordPress)",
                )
            })?;
            let name = source
                .file_name()
                .map_or("export.xml".into(), |n| n.to_string_lossy().to_string());
            wordpress::convert(&name, &text)?
        }
        _ => {
            if !source.is_dir() {
                return Err(Refusal::new(
                    format!("{} is not a folder", source.display()),
                    "give the folder of the site to import (the one with its content/ folder)",
                ));
            }
            markdown_site::convert(from, source)?
        }
    };
    write(&into, site)
}

fn default_into(source: &Path) -> PathBuf {
    let name = source
        .file_stem()
        .map_or("site".to_string(), |n| n.to_string_lossy().to_string());
    source
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{name}-dermapress"))
}

fn refuse_into(into: &Path, source: &Path) -> Result<(), Refusal> {
    let help = "name a new folder with --into, e.g. --into my-clinic";
    if let (Some(a), Ok(b)) = (resolved(into), source.canonicalize()) {
        if a.starts_with(&b) || b.starts_with(&a) {
            return Err(Refusal::new(
                format!(
                    "{} is inside the site being imported (or holds it); import never writes into its source",
                    into.display()
                ),
                help,
            ));
        }
    }
    if into.exists() {
        let empty = std::fs::read_dir(into).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(Refusal::new(
                format!(
                    "{} already exists and is not empty; import only writes into a new or empty folder",
                    into.display()
                ),
                help,
            ));
        }
    }
    Ok(())
}

/// `path` with its links and `..` resolved, though it may not exist yet:
/// the nearest folder that exists, resolved, and the rest as written.
fn resolved(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?);
        existing = existing.parent()?;
    }
    let mut out = existing.canonicalize().ok()?;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Some(out)
}

fn write(into: &Path, mut site: NewSite) -> Result<ImportReport, Refusal> {
    for (path, bytes) in crate::scaffold::theme_files() {
        site.add(Path::new("themes/clinic").join(path), bytes.to_vec());
    }
    for (path, bytes) in &site.files {
        let full = into.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Refusal::new(
                    format!("could not create {}: {e}", parent.display()),
                    "check the folder's permissions",
                )
            })?;
        }
        std::fs::write(&full, bytes).map_err(|e| {
            Refusal::new(
                format!("could not write {}: {e}", full.display()),
                "check the folder's permissions",
            )
        })?;
    }
    site.notes.sort();
    site.notes.dedup();
    Ok(ImportReport {
        into: into.to_path_buf(),
        pages: site.pages,
        static_files: site.static_files,
        notes: site.notes,
        downloads: site.downloads,
    })
}
