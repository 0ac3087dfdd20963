//! Which output folders are refused before anything is written: the site's
//! own folders and the system's, a file, and a folder of files dermapress did
//! not write (without `--force`).

use std::path::{Component, Path, PathBuf};

use super::MARKER;

/// Why an output folder is refused, if it is: writing there could destroy
/// the sources, the system, or files dermapress did not write. `force`
/// accepts a folder of someone else's files (they are then replaced).
pub fn refuse_output(root: &Path, output: &Path, force: bool) -> Option<String> {
    if let Some(reason) = refuse_place(root, output) {
        return Some(reason);
    }
    let target = target_of(output);
    if target.exists() && !target.is_dir() {
        return Some(format!("{} is a file, not a folder", output.display()));
    }
    if !force && !is_ours_or_empty(&target) {
        return Some(format!(
            "{} has files that dermapress did not write (it has no {MARKER} file), and building would replace them",
            output.display()
        ));
    }
    None
}

/// Whether a folder is empty, missing, or an output dermapress wrote.
fn is_ours_or_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_none() || dir.join(MARKER).is_file(),
        Err(_) => !dir.exists(),
    }
}

/// Where an output path really is: the folder a link points to (so that a
/// linked web root is updated, under the same swap rules), else the path.
pub(crate) fn target_of(dir: &Path) -> PathBuf {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        _ => dir.to_path_buf(),
    }
}

fn refuse_place(root: &Path, output: &Path) -> Option<String> {
    let root = absolute(root);
    let output = absolute(output);
    if output.parent().is_none() {
        return Some("the output folder cannot be the top of the file system".to_string());
    }
    if output == root {
        return Some("the output folder cannot be the site folder itself".to_string());
    }
    if root.starts_with(&output) {
        return Some("the output folder cannot contain the site folder".to_string());
    }
    for protected in ["content", "themes", "templates", "static"] {
        if output.starts_with(root.join(protected)) {
            return Some(format!(
                "the output folder cannot be inside {protected}/, where your sources are"
            ));
        }
    }
    if output.join("site.yaml").exists() || output.join("content").is_dir() {
        return Some("the output folder looks like a site folder (it has site.yaml or content/)".to_string());
    }
    None
}

/// An absolute path with `.` and `..` removed and links resolved where the
/// path exists, so that two spellings of one folder compare equal.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // The folder may not exist yet; its nearest existing parent may be a link.
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize().map(|p| p.join(name)).unwrap_or(out),
        _ => out,
    }
}
