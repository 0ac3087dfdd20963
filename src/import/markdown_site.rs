//! Hugo, Zola and plain Markdown folders: content files converted, other
//! files beside them and `static/` copied, site.yaml made from the config.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::{body, front_matter, site_config, yaml_out, ImportFrom, NewSite};
use crate::scaffold::Refusal;
use crate::urls::{folded, normalize};

/// A content file found in the source: its path there and in the new site.
struct Entry {
    /// Relative to the source folder, for the report.
    shown: String,
    /// Below the new site's content/.
    new: String,
    text: String,
}

pub(super) fn convert(from: ImportFrom, dir: &Path) -> Result<NewSite, Refusal> {
    let mut site = NewSite::default();
    let entries = read_content(from, dir, &mut site)?;
    if from != ImportFrom::Markdown {
        for (rel, full) in files(&dir.join("static")) {
            let bytes = std::fs::read(&full).map_err(|e| unreadable(&full, e))?;
            site.add(Path::new("static").join(&rel), bytes);
            site.static_files += 1;
        }
    }
    let (found, config_name) = site_config::read(from, dir);
    site_config::write(&found, config_name.as_deref(), &mut site);
    // First every page's new path and URL, then the links against them.
    let converted: Vec<(Map<String, Value>, String, usize)> =
        entries.iter().map(|e| page(from, e, &mut site)).collect();
    let paths: BTreeSet<String> = entries.iter().map(|e| folded(&e.new)).collect();
    let routes: BTreeSet<String> = entries
        .iter()
        .zip(&converted)
        .map(|(e, (front, ..))| folded(&route(&e.new, front.get("slug").and_then(Value::as_str))))
        .collect();
    let files = published_files(&site);
    for (e, (front, text, line0)) in entries.iter().zip(&converted) {
        let dir = e.new.rsplit_once('/').map_or("", |(d, _)| d);
        let exists = |dest: &str| link_exists(dir, dest, &paths, &routes, &files);
        body::check_links(text, &e.shown, *line0, &mut site, &exists);
        front_matter::check_description(front, &front_matter::split(&e.text), &e.shown, &mut site);
        let out = format!("---\n{}---\n{}", yaml_out::write(front), text);
        site.add(Path::new("content").join(&e.new), out.into_bytes());
        site.pages += 1;
    }
    Ok(site)
}

/// The source's content files to convert; the other files beside them are
/// copied into the new site's content/ as they are.
fn read_content(from: ImportFrom, dir: &Path, site: &mut NewSite) -> Result<Vec<Entry>, Refusal> {
    let content = if from == ImportFrom::Markdown {
        dir.to_path_buf()
    } else {
        dir.join("content")
    };
    if !content.is_dir() {
        return Err(Refusal::new(
            format!("{} has no content/ folder", dir.display()),
            "give the folder of the site (the one with site's config and content/), or use `import markdown` for plain folders",
        ));
    }
    let prefix = if from == ImportFrom::Markdown { "" } else { "content/" };
    let mut entries = Vec::new();
    for (rel, full) in files(&content) {
        let shown = format!("{prefix}{rel}");
        if rel.to_ascii_lowercase().ends_with(".md") {
            let text = std::fs::read_to_string(&full).map_err(|e| unreadable(&full, e))?;
            entries.push(Entry {
                new: new_path(from, &rel),
                shown,
                text,
            });
        } else {
            let bytes = std::fs::read(&full).map_err(|e| unreadable(&full, e))?;
            site.add(Path::new("content").join(&rel), bytes);
        }
    }
    Ok(entries)
}

/// The files copied so far, by the path they will be published at: what a
/// link to a file (not a page) must name.
fn published_files(site: &NewSite) -> BTreeSet<String> {
    site.files
        .keys()
        .filter_map(|p| p.to_str())
        .map(|p| {
            p.strip_prefix("content/")
                .or(p.strip_prefix("static/"))
                .unwrap_or(p)
                .to_string()
        })
        .collect()
}

/// One page's new front matter and body, the line its body starts on in the source.
fn page(from: ImportFrom, e: &Entry, site: &mut NewSite) -> (Map<String, Value>, String, usize) {
    let split = front_matter::split(&e.text);
    let source = front_matter::parse(&split, &e.shown, site);
    let mut front = front_matter::map(source, &split, &e.shown, site);
    let mut text = body::convert(from, split.body, &e.shown, split.body_line, site);
    if !front.contains_key("title") {
        match first_heading(&text) {
            Some((title, range)) => {
                front.insert("title".into(), Value::String(title));
                // The theme shows the title as the page's heading: the line
                // goes, its place stays, so later lines keep their numbers.
                text.replace_range(range, "");
            }
            None => site.note(
                &e.shown,
                1,
                1,
                "the page has no title",
                "write `title:` in its front matter; it is required",
            ),
        }
    }
    (front, text, split.body_line)
}

/// The first `# Heading` line: its text and the byte range to remove.
fn first_heading(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(title) = line.strip_prefix("# ") {
            let title = title.trim().to_string();
            return (!title.is_empty()).then(|| (title, offset..offset + line.trim_end_matches(['\n', '\r']).len()));
        }
        offset += line.len();
    }
    None
}

/// Where a source content file goes: a page bundle's `x/index.md` (and a
/// folder's README.md in plain folders) becomes the section page
/// `x/_index.md`, which keeps the URL `/x/` and its images beside it.
fn new_path(from: ImportFrom, rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let index = match from {
        ImportFrom::Markdown => ["readme.md", "index.md"].contains(&name.to_ascii_lowercase().as_str()),
        _ => name == "index.md",
    };
    if index {
        if dir.is_empty() {
            "_index.md".into()
        } else {
            format!("{dir}/_index.md")
        }
    } else {
        rel.to_string()
    }
}

/// The URL dermapress will give the page (sections' slugs aside).
fn route(path: &str, slug: Option<&str>) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let dir = if dir.is_empty() {
        String::from("/")
    } else {
        format!("/{}/", dir.to_lowercase())
    };
    if name == "_index.md" {
        return dir;
    }
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).to_lowercase();
    format!("{dir}{}/", slug.map_or(stem, str::to_string))
}

fn link_exists(
    dir: &str,
    dest: &str,
    paths: &BTreeSet<String>,
    routes: &BTreeSet<String>,
    files: &BTreeSet<String>,
) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if path.is_empty() {
        return true;
    }
    let Some(target) = normalize(dir, &path) else {
        return false;
    };
    if path.to_ascii_lowercase().ends_with(".md") {
        return paths.contains(&folded(&target));
    }
    let as_route = folded(&format!("/{}/", target.trim_end_matches('/')).replace("//", "/"));
    routes.contains(&as_route) || files.contains(&target) || files.contains(&format!("{target}/index.html"))
}

/// Every file below `dir` (none if it is missing), relative, sorted, hidden
/// files and editor leftovers left out.
fn files(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut out: Vec<(String, std::path::PathBuf)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::source::is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

fn unreadable(path: &Path, e: std::io::Error) -> Refusal {
    Refusal::new(
        format!("could not read {}: {e}", path.display()),
        "check the file's permissions",
    )
}
