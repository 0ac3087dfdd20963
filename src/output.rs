//! The rendered site in memory, and writing it out without ever leaving a
//! half-written `public/`: everything goes to a staging folder beside it,
//! which replaces the old folder only once it is complete.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// What an output file is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// A static file, copied from its source when written.
    Copy(PathBuf),
}

/// Output paths (relative, `/`-separated) to their contents, in sorted order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Content>,
}

impl Output {
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
}

/// Why an output folder is refused, if it is: writing there could destroy
/// the sources or the system.
pub fn refuse_output(root: &Path, output: &Path) -> Option<String> {
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

fn io_error(path: &Path, action: &str, err: std::io::Error) -> Diagnostic {
    let help = match err.kind() {
        std::io::ErrorKind::PermissionDenied => "make the folder writable, or choose another with --output",
        std::io::ErrorKind::StorageFull => "free some disk space and build again",
        std::io::ErrorKind::ReadOnlyFilesystem => "choose a writable folder with --output",
        _ => "check the folder and build again",
    };
    Diagnostic::error(path, "write-failed", format!("could not {action}: {err}"))
        .with_help(format!("{help}; the previous output was left as it was"))
}

/// Writes `output` into `dir`: first into a staging folder beside it, then
/// swaps the two. A failure at any point leaves `dir` as it was.
pub fn write(output: &Output, dir: &Path) -> Result<(), Diagnostic> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", e))?;
    clean_leftovers(parent, name);
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    if let Err(d) = write_all(output, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(d);
    }
    let old = parent.join(format!(".{name}.old-{pid}"));
    if dir.exists() {
        if let Err(e) = std::fs::rename(dir, &old) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io_error(dir, "replace the output folder", e));
        }
    }
    if let Err(e) = std::fs::rename(&staging, dir) {
        // Put the old site back: a failed build never loses the last good one.
        let _ = std::fs::rename(&old, dir);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(io_error(dir, "move the new site into place", e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Staging and old folders left by a build that was killed: an old folder
/// whose output folder is missing is the last good site, and comes back.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    let dir = parent.join(name);
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        if n.starts_with(&staging_prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        } else if n.starts_with(&old_prefix) {
            if !dir.exists() {
                let _ = std::fs::rename(entry.path(), &dir);
            } else {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn write_all(output: &Output, staging: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(staging).map_err(|e| io_error(staging, "create the staging folder", e))?;
    let mut made: std::collections::HashSet<PathBuf> = Default::default();
    for (rel, content) in &output.files {
        let path = staging.join(rel);
        if let Some(p) = path.parent() {
            if made.insert(p.to_path_buf()) {
                std::fs::create_dir_all(p).map_err(|e| io_error(p, "create a folder", e))?;
            }
        }
        match content {
            Content::Bytes(bytes) => {
                let mut f = std::fs::File::create(&path).map_err(|e| io_error(&path, "write a file", e))?;
                f.write_all(bytes).map_err(|e| io_error(&path, "write a file", e))?;
            }
            Content::Copy(source) => {
                std::fs::copy(source, &path).map_err(|e| io_error(source, "copy a file", e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_output_folders_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        std::fs::create_dir_all(r.join("content")).unwrap();
        assert!(refuse_output(r, r).is_some());
        assert!(refuse_output(r, &r.join("content")).is_some());
        assert!(refuse_output(r, &r.join("themes")).is_some());
        assert!(refuse_output(r, &r.join("content/x/..")).is_some());
        assert!(refuse_output(r, r.parent().unwrap()).is_some());
        assert!(refuse_output(r, Path::new("/")).is_some());
        assert!(refuse_output(r, &r.join("public")).is_none());
        assert!(refuse_output(r, &r.join("./public/../public")).is_none());
    }
}
