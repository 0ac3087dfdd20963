//! The rendered site in memory, and writing it out without ever leaving a
//! half-written `public/`: everything goes to a staging folder beside it,
//! which replaces the old folder only once it is complete.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

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
/// swaps the two, atomically where the system can. A failure (or a kill) at
/// any point leaves `dir` as it was, or, in the short moment between the two
/// renames of the fallback, leaves the old site beside it for the next build
/// to put back.
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
    if let Err(d) = write_all(output, &staging, dir) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(d);
    }
    if dir.is_dir() && exchange(&staging, dir).is_ok() {
        // The staging folder's name now holds the previous site. Were the
        // build killed before it is removed, the next build removes it.
        remove_tree(&staging);
        return Ok(());
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

/// Swaps two folders in one step, so that there is no moment without an
/// output folder (Linux 3.15 and later, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; renameat2 only reads them. The raw system call is used because
    // not every C library wraps renameat2.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere the two folders are swapped with two renames; a build killed
/// between them is repaired by the next one (see `clean_leftovers`).
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Staging and old folders left by a build that was killed: an old folder
/// whose output folder is missing is the last good site, and comes back.
/// Folders of a build that is still running (two builds started at once)
/// are left to it.
/// Puts back the last good site if a killed build left it beside `dir`, and
/// removes what killed builds left. Called before every build, so that even a
/// build that then fails leaves `dir` complete.
pub fn recover(dir: &Path) {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(name) = dir.file_name().and_then(|n| n.to_str()) {
        clean_leftovers(parent, name);
    }
}

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
        if still_running(n, &staging_prefix) || still_running(n, &old_prefix) {
            continue;
        }
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

/// Whether the build that named a folder `<prefix><process id>` is another
/// process that is still running.
fn still_running(folder: &str, prefix: &str) -> bool {
    let Some(pid) = folder.strip_prefix(prefix).and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    pid != 0 && pid != std::process::id() && process_alive(pid)
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere a leftover is taken to be a killed build's.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    false
}

fn write_all(output: &Output, staging: &Path, current: &Path) -> Result<(), Diagnostic> {
    // Named by the folder it is made in: that is the one to make writable.
    let parent = staging.parent().unwrap_or(staging);
    std::fs::create_dir_all(staging).map_err(|e| io_error(parent, "create a staging folder in this folder", e))?;
    // Folders first, each once (sorted paths put parents before children),
    // then the files in parallel: writing is mostly waiting on the system.
    let mut folders: Vec<PathBuf> = output
        .files
        .keys()
        .filter_map(|rel| Path::new(rel).parent().filter(|p| !p.as_os_str().is_empty()))
        .map(|p| staging.join(p))
        .collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| io_error(folder, "create a folder", e))?;
    }
    output.files.par_iter().try_for_each(|(rel, content)| {
        let path = staging.join(rel);
        // A file the current site already has with these very bytes is
        // linked, not written: no data is copied and the disk frees no
        // blocks when the old site goes, which is most of a rebuild's cost.
        if same_file_there(&current.join(rel), content) && std::fs::hard_link(current.join(rel), &path).is_ok() {
            return Ok(());
        }
        match content {
            Content::Bytes(bytes) => {
                let mut f = std::fs::File::create(&path).map_err(|e| io_error(&path, "write a file", e))?;
                f.write_all(bytes).map_err(|e| io_error(&path, "write a file", e))
            }
            Content::Copy(source) => std::fs::copy(source, &path)
                .map(|_| ())
                .map_err(|e| io_error(source, "copy a file", e)),
        }
    })
}

/// Whether `existing` is a plain file holding exactly `content`'s bytes.
fn same_file_there(existing: &Path, content: &Content) -> bool {
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
fn remove_tree(dir: &Path) {
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

    fn output(files: &[(&str, &str)]) -> Output {
        Output {
            files: files
                .iter()
                .map(|(k, v)| (k.to_string(), Content::Bytes(v.as_bytes().to_vec())))
                .collect(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writing_swaps_the_new_site_in_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write(&output(&[("index.html", "one"), ("a/index.html", "a")]), &dir).unwrap();
        std::fs::write(dir.join("mine.txt"), "a file the build did not make").unwrap();
        write(&output(&[("index.html", "two")]), &dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "two");
        assert!(!dir.join("a").exists());
        assert!(
            !dir.join("mine.txt").exists(),
            "the output folder holds only what the build made"
        );
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn folders_are_exchanged_in_one_step_where_the_system_can() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("f"), "a").unwrap();
        std::fs::write(b.join("f"), "b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert_eq!(std::fs::read_to_string(a.join("f")).unwrap(), "b");
                assert_eq!(std::fs::read_to_string(b.join("f")).unwrap(), "a");
            }
            Err(e) if !cfg!(target_os = "linux") || e.raw_os_error() == Some(libc::EINVAL) => {
                println!("skipped: this file system cannot exchange folders ({e}); the two-rename fallback is used");
            }
            Err(e) => panic!("exchange failed: {e}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_folders_of_a_build_still_running_are_left_to_it() {
        let tmp = tempfile::tempdir().unwrap();
        let mut other = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let staging = tmp.path().join(format!(".public.staging-{}", other.id()));
        std::fs::create_dir_all(&staging).unwrap();
        clean_leftovers(tmp.path(), "public");
        let kept = staging.exists();
        let _ = other.kill();
        let _ = other.wait();
        assert!(kept, "a running build's staging folder was removed");
        clean_leftovers(tmp.path(), "public");
        assert!(!staging.exists(), "a dead build's staging folder is removed");
    }

    #[test]
    fn a_build_killed_between_the_two_renames_is_repaired_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        // What the fallback leaves when killed after its first rename, plus
        // a staging folder of another killed build.
        let old = tmp.path().join(".public.old-999999999");
        std::fs::create_dir_all(old.join("a")).unwrap();
        std::fs::write(old.join("a/index.html"), "last good").unwrap();
        let staging = tmp.path().join(".public.staging-999999998");
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::write(staging.join("half"), "half").unwrap();
        clean_leftovers(tmp.path(), "public");
        assert_eq!(std::fs::read_to_string(dir.join("a/index.html")).unwrap(), "last good");
        assert_eq!(names(tmp.path()), ["public"]);
        write(&output(&[("index.html", "new")]), &dir).unwrap();
        assert_eq!(names(tmp.path()), ["public"]);
    }
}
