//! Scaffolding: `dermapress new` (one page with its front matter filled in)
//! and `dermapress init` (a whole starter site).
//!
//! Both only ever create files: they refuse to overwrite anything, so a
//! mistyped command can never destroy a clinic's work. What they write must
//! build and pass `check` (a new page apart from its placeholder text).

pub(crate) mod skeleton;
mod translation;

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};
use jiff::civil::Date;

use crate::config;
use crate::load::{self, LoadOptions};

pub use skeleton::PageKind;
pub use translation::new_translation;

/// The default theme, as it was when this binary was built.
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/clinic");
/// The starter site's config and pages; `{{today}}` becomes the date of `init`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// Why a scaffold command did nothing, in words for the person who ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

impl Refusal {
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> Refusal {
        Refusal {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A page `new` wrote: its path (relative to the site root) and its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub path: PathBuf,
    pub url: String,
}

/// Writes a draft page of `kind` titled `title` into `content/<section>/`.
pub fn new_page(
    root: &Path,
    kind: PageKind,
    title: &str,
    section: Option<&str>,
    today: Date,
) -> Result<Created, Refusal> {
    let config = site_config(root)?;
    let title = title.trim();
    let slug = slug_of(title)?;
    let dir = section_dir(section)?;
    let file = format!("{slug}.{}", kind.extension());
    if file.len() > MAX_FILE_NAME {
        return Err(Refusal::new(
            format!(
                "the file name made from the title would be {} characters long, too long for most disks (at most {MAX_FILE_NAME})",
                file.len()
            ),
            "the file name and the page's address are made from the title: give a shorter title (you can lengthen the `title:` in the file afterwards)",
        ));
    }
    let rel = Path::new("content").join(&dir).join(&file);
    for ext in ["md", "yaml", "yml"] {
        let existing = Path::new("content").join(&dir).join(format!("{slug}.{ext}"));
        if root.join(&existing).exists() {
            return Err(Refusal::new(
                format!("{} already exists; `new` never overwrites a file", existing.display()),
                "choose another title, put the page in another folder with --section, or edit the existing file",
            ));
        }
    }
    let text = skeleton::write(kind, title, &slug, &config, today);
    let full = root.join(&rel);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Refusal::new(format!("could not create {}: {e}", parent.display()), WRITE_HELP))?;
    }
    write_new(&full, &text)?;
    let content_path = if dir.is_empty() { file } else { format!("{dir}/{file}") };
    let url = url_of(root, &content_path, &config);
    Ok(Created { path: rel, url })
}

/// site.yaml, which the new page is filled in from; it must have no errors.
fn site_config(root: &Path) -> Result<config::Config, Refusal> {
    match load::read_config(root) {
        (Some(c), problems) if !problems.iter().any(|d| d.is_error()) => Ok(c.config),
        _ if !root.join(config::FILE).is_file() => Err(Refusal::new(
            format!("{} is not a site folder: it has no site.yaml", root.display()),
            "run dermapress in your site's folder, pass --root DIR, or create a site with `dermapress init DIR`",
        )),
        _ => Err(Refusal::new(
            "site.yaml has errors, so the new page could not be filled in",
            "run `dermapress check` to see them, fix them, then try again",
        )),
    }
}

/// The file name (and last part of the address) made from the title.
fn slug_of(title: &str) -> Result<String, Refusal> {
    if title.is_empty() {
        return Err(Refusal::new(
            "the title is empty",
            "give the page a title in quotes, e.g. dermapress new page \"Aftercare after microneedling\"",
        ));
    }
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Refusal::new(
            format!("no file name can be made from the title \"{title}\""),
            "use a title with some letters or digits",
        ));
    }
    Ok(slug)
}

/// The longest file name most disks take (255 bytes on ext4, APFS and NTFS
/// alike), less room for an editor's backup suffix.
const MAX_FILE_NAME: usize = 200;

const WRITE_HELP: &str = "check that the folder exists and that you may write to it";

/// Creates a file that must not exist yet (never truncating one that does).
fn write_new(path: &Path, text: &str) -> Result<(), Refusal> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Refusal::new(
                format!(
                    "{} already exists; dermapress never overwrites a file here",
                    path.display()
                ),
                "choose another name, or move the existing file away first",
            ),
            // A path past the disk's limit even though the name was not (deep --section folders).
            std::io::ErrorKind::InvalidFilename => Refusal::new(
                format!(
                    "could not create {}: the path is too long for this disk",
                    path.display()
                ),
                "give a shorter title, or put the page in a folder nearer content/ with --section",
            ),
            _ => Refusal::new(format!("could not create {}: {e}", path.display()), WRITE_HELP),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Refusal::new(format!("could not write {}: {e}", path.display()), WRITE_HELP))
}

/// `--section guides/skin` as a folder below content/, refusing ways out of it.
fn section_dir(section: Option<&str>) -> Result<String, Refusal> {
    let Some(section) = section else {
        return Ok(String::new());
    };
    let parts: Vec<&str> = section
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let bad = section.starts_with('/')
        || parts
            .iter()
            .any(|p| *p == ".." || crate::source::is_ignored(p) || p.contains(':'));
    if bad {
        return Err(Refusal::new(
            format!("--section {section} is not a folder inside content/"),
            "name a folder below content/, e.g. --section guides or --section guides/skin",
        ));
    }
    Ok(parts.join("/"))
}

/// The page's address: asked of the loaded site (sections may rename their
/// folder with `slug`), or made from the path when the site has errors.
fn url_of(root: &Path, content_path: &str, config: &config::Config) -> String {
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let loaded = load::load(root, &options);
    let route = loaded
        .site
        .as_ref()
        .and_then(|s| {
            let i = s.pages.iter().position(|p| p.path == content_path)?;
            s.routes.get(i).cloned()
        })
        .unwrap_or_else(|| {
            let stem = content_path.rsplit_once('.').map_or(content_path, |(s, _)| s);
            format!("/{stem}/")
        });
    format!("{}{}", config.base_url.trim_end_matches('/'), route)
}

/// Writes the starter site into `dir`, which must be new or empty. Returns
/// how many files it wrote.
pub fn init(dir: &Path, today: Date) -> Result<usize, Refusal> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Refusal::new(
                format!("{} is a file, not a folder", dir.display()),
                "choose a new folder name, e.g. dermapress init my-clinic",
            ));
        }
        let has_files = std::fs::read_dir(dir)
            .map_err(|e| Refusal::new(format!("could not read {}: {e}", dir.display()), WRITE_HELP))?
            .next()
            .is_some();
        if has_files {
            return Err(Refusal::new(
                format!(
                    "{} is not empty; `init` only writes into a new or empty folder",
                    dir.display()
                ),
                "choose a new folder name, e.g. dermapress init my-clinic",
            ));
        }
    }
    let today = today.to_string();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (path, bytes) in embedded(&STARTER) {
        let text = String::from_utf8_lossy(bytes).replace("{{today}}", &today);
        files.push((path, text.into_bytes()));
    }
    for (path, bytes) in embedded(&THEME) {
        files.push((Path::new("themes/clinic").join(path), bytes.to_vec()));
    }
    for (path, bytes) in &files {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Refusal::new(format!("could not create {}: {e}", parent.display()), WRITE_HELP))?;
        }
        std::fs::write(&full, bytes)
            .map_err(|e| Refusal::new(format!("could not write {}: {e}", full.display()), WRITE_HELP))?;
    }
    Ok(files.len())
}

/// The clinic theme's files (for `import`), with their paths below `themes/clinic/`.
pub(crate) fn theme_files() -> Vec<(PathBuf, &'static [u8])> {
    embedded(&THEME)
}

/// Every file of an embedded folder with its relative path, leaving out
/// editor files that happened to be there when the binary was built.
fn embedded(dir: &'static Dir<'static>) -> Vec<(PathBuf, &'static [u8])> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in d.entries() {
            let ignored = entry
                .path()
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| crate::source::is_ignored(n) && n != ".gitignore");
            if ignored {
                continue;
            }
            match entry {
                DirEntry::Dir(sub) => stack.push(sub),
                DirEntry::File(f) => out.push((f.path().to_path_buf(), f.contents())),
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_stay_inside_content() {
        assert_eq!(section_dir(Some("guides/skin/")), Ok("guides/skin".to_string()));
        assert_eq!(section_dir(None), Ok(String::new()));
        for bad in ["../x", "/etc", "a/../../b", ".git"] {
            assert!(section_dir(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_theme_and_starter_are_embedded() {
        let theme: Vec<PathBuf> = embedded(&THEME).into_iter().map(|(p, _)| p).collect();
        assert!(theme.contains(&PathBuf::from("templates/base.html")), "{theme:?}");
        let starter: Vec<PathBuf> = embedded(&STARTER).into_iter().map(|(p, _)| p).collect();
        assert!(starter.contains(&PathBuf::from("site.yaml")));
        assert!(starter.contains(&PathBuf::from(".gitignore")));
    }
}
