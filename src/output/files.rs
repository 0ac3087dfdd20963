//! Making a staging folder hold exactly the output: pruning a reused spare,
//! making folders level by level, and placing every file (hard-linked when
//! the live site has the same bytes, never written into).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::{io_error, Content};
use crate::diagnostics::Diagnostic;

/// Makes `staging` ready for exactly `paths`: every folder they need made,
/// and, when `reused` (a previous site), everything else removed first.
/// Returns whether the folder is still the reused one (what could not be
/// looked at could hold anything, so then it starts afresh).
pub(super) fn prepare(staging: &Path, paths: &BTreeSet<String>, reused: bool) -> Result<bool, Diagnostic> {
    // Named by the folder it is made in: that is the one to make writable.
    let parent = staging.parent().unwrap_or(staging);
    std::fs::create_dir_all(staging).map_err(|e| io_error(parent, "create a staging folder in this folder", e))?;
    let folders: BTreeSet<&Path> = paths
        .iter()
        .filter_map(|rel| Path::new(rel).parent())
        .flat_map(Path::ancestors)
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if reused && !prune(staging, paths, &folders) {
        remove_tree(staging);
        return prepare(staging, paths, false);
    }
    make_folders(staging, &folders)?;
    Ok(reused)
}

pub(super) const MARKER_TEXT: &str =
    "This folder was written by dermapress build. Its files are replaced by the next build.\n";

/// One by one, in sorted order, so that every folder's parent is made
/// before it. Making them in parallel was slower: thousands of page folders
/// share one section folder, whose lock each `mkdir` waits for, and on a
/// disk still busy with a deleted site each wait took milliseconds.
pub(super) fn make_folders(staging: &Path, folders: &BTreeSet<&Path>) -> Result<(), Diagnostic> {
    for folder in folders {
        let folder = staging.join(folder);
        match std::fs::create_dir(&folder) {
            Err(e) if !(e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir()) => {
                return Err(io_error(&folder, "create a folder", e));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Puts one file at `path` in the staging folder; `existing` is the same
/// file in the current site.
pub(super) fn place_file(path: &Path, existing: &Path, content: &Content, reused: bool) -> Result<(), Diagnostic> {
    // A file the current site already has with these very bytes is linked,
    // not written: no data is copied, and the disk frees no blocks when the
    // old site goes.
    if same_file_there(existing, content) {
        if reused && same_inode(existing, path) {
            return Ok(());
        }
        let _ = std::fs::remove_file(path);
        if std::fs::hard_link(existing, path).is_ok() {
            return Ok(());
        }
    }
    // A reused file may be linked to the current site's: writing into it
    // would change the live site, so it is replaced, never rewritten.
    if reused {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io_error(path, "replace a file", e));
            }
            _ => {}
        }
    }
    // Never opens a file that is there: see above.
    let mut to = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_error(path, "write a file", e))?;
    match content {
        Content::Bytes(bytes) => to.write_all(bytes).map_err(|e| io_error(path, "write a file", e)),
        Content::Copy(source) => {
            let mut from = std::fs::File::open(source).map_err(|e| io_error(source, "copy a file", e))?;
            std::io::copy(&mut from, &mut to)
                .map(|_| ())
                .map_err(|e| io_error(source, "copy a file", e))
        }
    }
}

/// Removes from a reused staging folder everything the output does not
/// have: files it does not list, folders it does not need, and anything
/// that is neither a plain file nor a folder (links are never followed).
/// Returns false if some of it could not be looked at or removed. Folders
/// are read in parallel: on a cold cache each read waits on the disk.
pub(super) fn prune(staging: &Path, paths: &BTreeSet<String>, folders: &BTreeSet<&Path>) -> bool {
    prune_folder(staging, Path::new(""), paths, folders)
}

fn prune_folder(dir: &Path, rel: &Path, paths: &BTreeSet<String>, folders: &BTreeSet<&Path>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let entries: Vec<_> = entries.collect();
    entries.into_par_iter().all(|entry| {
        let Ok(entry) = entry else {
            return false;
        };
        let Ok(kind) = entry.file_type() else {
            return false;
        };
        let path = entry.path();
        let rel = rel.join(entry.file_name());
        if kind.is_dir() {
            if folders.contains(rel.as_path()) {
                return prune_folder(&path, &rel, paths, folders);
            }
            remove_tree(&path);
            return !path.exists();
        }
        let wanted = kind.is_file() && rel.to_str().is_some_and(|r| paths.contains(&r.replace('\\', "/")));
        wanted || std::fs::remove_file(&path).is_ok()
    })
}

/// Whether two paths are the same file on disk (one linked to the other).
#[cfg(unix)]
pub(super) fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub(super) fn same_inode(_a: &Path, _b: &Path) -> bool {
    false
}

/// Whether `existing` is a plain file holding exactly `content`'s bytes.
pub(super) fn same_file_there(existing: &Path, content: &Content) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(existing) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    match content {
        Content::Bytes(bytes) => {
            meta.len() == bytes.len() as u64 && std::fs::read(existing).is_ok_and(|old| old == *bytes)
        }
        Content::Copy(source) => {
            std::fs::metadata(source).is_ok_and(|m| m.len() == meta.len())
                && matches!((std::fs::read(source), std::fs::read(existing)), (Ok(a), Ok(b)) if a == b)
        }
    }
}

/// Removes a replaced site, its folders in parallel: like `remove_dir_all`,
/// which would unlink tens of thousands of files one by one.
pub(super) fn remove_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<_> = entries.flatten().collect();
    entries.par_iter().for_each(|entry| {
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}
