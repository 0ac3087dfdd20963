//! The rendered site in memory, and writing it out without ever leaving a
//! half-written `public/`: everything goes to a staging folder beside it,
//! which replaces the old folder only once it is complete.

use std::collections::{BTreeMap, HashSet};
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
    /// Every file with its bytes, files to copy read from their source.
    pub fn files_with_bytes(&self) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .map(|(path, content)| {
                let bytes = match content {
                    Content::Bytes(b) => b.clone(),
                    Content::Copy(source) => std::fs::read(source).unwrap_or_default(),
                };
                (path.clone(), bytes)
            })
            .collect()
    }
}

/// The file every output folder dermapress writes carries, so that a later
/// build knows the folder's files are its own to replace.
pub const MARKER: &str = ".dermapress-output";

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
pub fn target_of(dir: &Path) -> PathBuf {
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
///
/// The replaced site is kept beside `dir` as `.<name>.spare` and becomes the
/// next build's staging folder: a rebuild then only touches the files that
/// changed, instead of making and later deleting tens of thousands of files
/// and folders, which is most of a large rebuild's time.
pub fn write(output: &Output, dir: &Path) -> Result<(), Diagnostic> {
    let dir = &target_of(dir);
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Diagnostic::error(
            dir,
            "write-failed",
            "the output folder is a link to a folder that does not exist",
        )
        .with_help(
            "point the link at an existing folder, or delete the link; the previous output was left as it was",
        ));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public");
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", e))?;
    clean_leftovers(parent, name);
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let spare = parent.join(spare_name(name));
    let _ = std::fs::remove_dir_all(&staging);
    // Renaming claims the spare: of two builds started at once, one gets it.
    let reused = spare_is_usable(&spare) && std::fs::rename(&spare, &staging).is_ok();
    if let Err(d) = crate::threads::for_io(|| write_all(output, &staging, dir, reused)) {
        remove_tree(&staging);
        return Err(d);
    }
    if dir.is_dir() && exchange(&staging, dir).is_ok() {
        // The staging folder's name now holds the previous site: it becomes
        // the spare, or goes if another build has just left one.
        if std::fs::rename(&staging, &spare).is_err() {
            remove_tree(&staging);
        }
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

/// The name of the folder that keeps the replaced site for the next build.
pub fn spare_name(output_name: &str) -> String {
    format!(".{output_name}.spare")
}

/// Only a real folder is reused: a link there could point anywhere.
fn spare_is_usable(spare: &Path) -> bool {
    std::fs::symlink_metadata(spare).is_ok_and(|m| m.is_dir())
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
    let dir = &target_of(dir);
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

/// Makes `staging` hold exactly `output`. When `reused`, `staging` is a
/// previous site: what the output does not have is removed first, and what
/// is already right stays.
fn write_all(output: &Output, staging: &Path, current: &Path, reused: bool) -> Result<(), Diagnostic> {
    // Named by the folder it is made in: that is the one to make writable.
    let parent = staging.parent().unwrap_or(staging);
    std::fs::create_dir_all(staging).map_err(|e| io_error(parent, "create a staging folder in this folder", e))?;
    let folders: HashSet<&Path> = output
        .files
        .keys()
        .filter_map(|rel| Path::new(rel).parent())
        .flat_map(Path::ancestors)
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    if reused && !prune(staging, output, &folders) {
        // What could not be looked at could hold anything: start afresh.
        remove_tree(staging);
        return write_all(output, staging, current, false);
    }
    make_folders(staging, &folders)?;
    // Files in parallel: writing is mostly waiting on the system.
    output
        .files
        .par_iter()
        .try_for_each(|(rel, content)| place_file(&staging.join(rel), &current.join(rel), content, reused))?;
    let marker = staging.join(MARKER);
    let _ = std::fs::remove_file(&marker);
    std::fs::write(&marker, MARKER_TEXT).map_err(|e| io_error(&marker, "write a file", e))
}

const MARKER_TEXT: &str = "This folder was written by dermapress build. Its files are replaced by the next build.\n";

/// Level by level, so that every folder's parent is there before it; the
/// folders of one level in parallel (with clean URLs, one per page).
fn make_folders(staging: &Path, folders: &HashSet<&Path>) -> Result<(), Diagnostic> {
    let mut levels: Vec<Vec<&Path>> = Vec::new();
    for folder in folders {
        let depth = folder.components().count();
        levels.resize_with(levels.len().max(depth), Vec::new);
        levels[depth - 1].push(folder);
    }
    for level in &levels {
        level.par_iter().try_for_each(|folder| {
            let folder = staging.join(folder);
            match std::fs::create_dir(&folder) {
                Err(e) if !(e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir()) => {
                    Err(io_error(&folder, "create a folder", e))
                }
                _ => Ok(()),
            }
        })?;
    }
    Ok(())
}

/// Puts one file at `path` in the staging folder; `existing` is the same
/// file in the current site.
fn place_file(path: &Path, existing: &Path, content: &Content, reused: bool) -> Result<(), Diagnostic> {
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
fn prune(staging: &Path, output: &Output, folders: &HashSet<&Path>) -> bool {
    prune_folder(staging, Path::new(""), output, folders)
}

fn prune_folder(dir: &Path, rel: &Path, output: &Output, folders: &HashSet<&Path>) -> bool {
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
                return prune_folder(&path, &rel, output, folders);
            }
            remove_tree(&path);
            return !path.exists();
        }
        let wanted = kind.is_file()
            && rel
                .to_str()
                .is_some_and(|r| output.files.contains_key(&r.replace('\\', "/")));
        wanted || std::fs::remove_file(&path).is_ok()
    })
}

/// Whether two paths are the same file on disk (one linked to the other).
#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_a: &Path, _b: &Path) -> bool {
    false
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
        assert!(refuse_output(r, r, true).is_some());
        assert!(refuse_output(r, &r.join("content"), true).is_some());
        assert!(refuse_output(r, &r.join("themes"), true).is_some());
        assert!(refuse_output(r, &r.join("content/x/.."), true).is_some());
        assert!(refuse_output(r, r.parent().unwrap(), true).is_some());
        assert!(refuse_output(r, Path::new("/"), true).is_some());
        assert!(refuse_output(r, &r.join("public"), true).is_none());
        assert!(refuse_output(r, &r.join("./public/../public"), true).is_none());
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_refused_unless_forced() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let out = r.join("www");
        std::fs::create_dir_all(&out).unwrap();
        assert!(refuse_output(r, &out, false).is_none(), "an empty folder is fine");
        std::fs::write(out.join("family-photo.jpg"), "x").unwrap();
        let reason = refuse_output(r, &out, false).expect("refused");
        assert!(reason.contains("did not write"), "{reason}");
        assert!(refuse_output(r, &out, true).is_none());
        write(&output(&[("index.html", "new")]), &out).unwrap();
        assert!(out.join(MARKER).is_file());
        assert!(
            refuse_output(r, &out, false).is_none(),
            "dermapress's own output is fine"
        );
        std::fs::write(r.join("file"), "x").unwrap();
        assert!(refuse_output(r, &r.join("file"), true).unwrap().contains("is a file"));
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_folder_is_written_through_the_link() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let web = r.join("srv/www");
        std::fs::create_dir_all(&web).unwrap();
        std::os::unix::fs::symlink(&web, r.join("public")).unwrap();
        write(&output(&[("index.html", "one")]), &r.join("public")).unwrap();
        write(&output(&[("index.html", "two")]), &r.join("public")).unwrap();
        assert!(std::fs::symlink_metadata(r.join("public"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(r.join("public/index.html")).unwrap(), "two");
        assert_eq!(std::fs::read_to_string(web.join("index.html")).unwrap(), "two");
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

    /// Every file and folder under `dir`, with the files' text; links and
    /// other odd entries are listed as such.
    /// Every file and folder below `dir` but the marker, which every
    /// output has (see `a_folder_of_someone_elses_files_is_refused_unless_forced`).
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter(|e| e.as_ref().map_or(true, |e| e.file_name() != MARKER))
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                let t = e.file_type();
                let what = if t.is_dir() {
                    "<folder>".to_string()
                } else if t.is_file() {
                    std::fs::read_to_string(e.path()).unwrap()
                } else {
                    "<other>".to_string()
                };
                (rel, what)
            })
            .collect()
    }

    /// What `contents` gives for a folder holding exactly `files`.
    fn expected(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut all = BTreeMap::new();
        for (rel, text) in files {
            for folder in Path::new(rel).ancestors().skip(1) {
                if !folder.as_os_str().is_empty() {
                    all.insert(folder.to_string_lossy().into_owned(), "<folder>".to_string());
                }
            }
            all.insert(rel.to_string(), text.to_string());
        }
        all
    }

    #[test]
    fn writing_swaps_the_new_site_in_and_keeps_only_the_spare_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write(&output(&[("index.html", "one"), ("a/index.html", "a")]), &dir).unwrap();
        assert_eq!(names(tmp.path()), ["public"], "a first build has no site to keep");
        std::fs::write(dir.join("mine.txt"), "a file the build did not make").unwrap();
        write(&output(&[("index.html", "two")]), &dir).unwrap();
        assert_eq!(contents(&dir), expected(&[("index.html", "two")]));
        assert_eq!(names(tmp.path()), [".public.spare", "public"]);
        write(&output(&[("index.html", "three"), ("b/c/index.html", "c")]), &dir).unwrap();
        assert_eq!(
            contents(&dir),
            expected(&[("index.html", "three"), ("b/c/index.html", "c")]),
            "the output folder holds only what the build made, though it was made in a reused folder"
        );
        assert_eq!(names(tmp.path()), [".public.spare", "public"]);
    }

    #[test]
    fn rebuilds_in_the_spare_give_exactly_the_output_whatever_it_held() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        // Files turn into folders and back, go and come, change and stay.
        let versions: [&[(&str, &str)]; 6] = [
            &[
                ("index.html", "1"),
                ("a/index.html", "a1"),
                ("x", "file"),
                ("s/t/u.css", "u"),
            ],
            &[
                ("index.html", "1"),
                ("a/index.html", "a2"),
                ("x/index.html", "folder"),
                ("s/t/u.css", "u"),
            ],
            &[("index.html", "2"), ("x", "file again"), ("s/t/u.css", "u")],
            &[("index.html", "2"), ("a/index.html", "a2"), ("x", "file again")],
            &[
                ("index.html", "1"),
                ("a/index.html", "a1"),
                ("x", "file"),
                ("s/t/u.css", "u"),
            ],
            &[],
        ];
        for (i, files) in versions.iter().enumerate() {
            write(&output(files), &dir).unwrap();
            assert_eq!(contents(&dir), expected(files), "after build {i}");
        }
    }

    #[test]
    fn a_file_shared_with_the_live_site_is_replaced_never_written_into() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let spare = tmp.path().join(".public.spare");
        write(&output(&[("same.html", "kept"), ("page.html", "v1")]), &dir).unwrap();
        write(&output(&[("same.html", "kept"), ("page.html", "v1")]), &dir).unwrap();
        // The unchanged files are one file on disk, in both folders.
        assert!(same_inode(&dir.join("page.html"), &spare.join("page.html")) || !cfg!(unix));
        write(&output(&[("same.html", "kept"), ("page.html", "v2")]), &dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("page.html")).unwrap(), "v2");
        assert_eq!(
            std::fs::read_to_string(spare.join("page.html")).unwrap(),
            "v1",
            "the site being replaced was changed while the new one was made"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_spare_are_removed_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("index.html"), "not ours").unwrap();
        write(&output(&[("index.html", "1")]), &dir).unwrap();
        write(&output(&[("index.html", "1")]), &dir).unwrap();
        let spare = tmp.path().join(".public.spare");
        std::os::unix::fs::symlink(&outside, spare.join("a")).unwrap();
        std::os::unix::fs::symlink(outside.join("index.html"), spare.join("b.html")).unwrap();
        write(
            &output(&[("index.html", "2"), ("a/index.html", "a"), ("b.html", "b")]),
            &dir,
        )
        .unwrap();
        assert_eq!(
            contents(&dir),
            expected(&[("index.html", "2"), ("a/index.html", "a"), ("b.html", "b")])
        );
        assert_eq!(contents(&outside), expected(&[("index.html", "not ours")]));

        // A spare that is itself a link is neither used nor followed.
        let spare_target = tmp.path().join("elsewhere");
        std::fs::create_dir_all(&spare_target).unwrap();
        std::fs::write(spare_target.join("keep.txt"), "keep").unwrap();
        remove_tree(&spare);
        std::os::unix::fs::symlink(&spare_target, &spare).unwrap();
        write(&output(&[("index.html", "3")]), &dir).unwrap();
        assert_eq!(contents(&dir), expected(&[("index.html", "3")]));
        assert_eq!(contents(&spare_target), expected(&[("keep.txt", "keep")]));
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
        assert_eq!(names(tmp.path()), [".public.spare", "public"]);
    }
}
