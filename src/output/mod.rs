//! The rendered site in memory, and writing it out without ever leaving a
//! half-written `public/`: everything goes to a staging folder beside it,
//! which replaces the old folder only once it is complete.

mod files;
mod refuse;
mod swap;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use files::{place_file, prepare, remove_tree, MARKER_TEXT};
pub use refuse::refuse_output;
pub(crate) use refuse::target_of;
use swap::{clean_leftovers, exchange, spare_is_usable};
pub(crate) use swap::{recover, spare_name};

/// What an output file is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    Bytes(Vec<u8>),
    /// A static file, copied from its source when written.
    Copy(PathBuf),
}

/// Output paths (relative, `/`-separated) to their contents, in sorted order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Output {
    pub(crate) files: BTreeMap<String, Content>,
}

impl Output {
    /// Every file with its bytes, files to copy read from their source.
    pub(crate) fn files_with_bytes(&self) -> Vec<(String, Vec<u8>)> {
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
pub(crate) const MARKER: &str = ".dermapress-output";

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

/// Writes `output` into `dir` through a [`Writer`]: a failure (or a kill)
/// at any point leaves `dir` as it was.
pub(crate) fn write(output: &Output, dir: &Path) -> Result<(), Diagnostic> {
    let paths: BTreeSet<String> = output.files.keys().cloned().collect();
    let writer = Writer::begin(dir, &paths)?;
    crate::threads::for_io(|| {
        use rayon::prelude::*;
        output
            .files
            .par_iter()
            .try_for_each(|(rel, content)| writer.add(rel, content))
    })?;
    writer.finish()
}

/// A site being written: into a staging folder beside `dir`, which is
/// swapped with `dir` by `finish`, atomically where the system can. Files
/// are handed over one by one (`add`, from any thread) as they are made,
/// so that a build never needs the whole rendered site in memory. Dropped
/// before `finish`, it removes what it wrote and `dir` stays as it was.
///
/// The replaced site is kept beside `dir` as `.<name>.spare` and becomes the
/// next build's staging folder: a rebuild then only touches the files that
/// changed, instead of making and later deleting tens of thousands of files
/// and folders, which is most of a large rebuild's time.
pub(crate) struct Writer {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    reused: bool,
    finished: bool,
}

impl Writer {
    /// Prepares a staging folder for exactly `paths` (relative,
    /// `/`-separated): claims the spare and removes from it what `paths`
    /// does not have, or starts an empty one, and makes every folder.
    pub(crate) fn begin(dir: &Path, paths: &BTreeSet<String>) -> Result<Writer, Diagnostic> {
        let dir = target_of(dir);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Diagnostic::error(
                &dir,
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
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("public").to_string();
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create the folder", e))?;
        clean_leftovers(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let spare = parent.join(spare_name(&name));
        let _ = std::fs::remove_dir_all(&staging);
        // Renaming claims the spare: of two builds started at once, one gets it.
        let reused = spare_is_usable(&spare) && std::fs::rename(&spare, &staging).is_ok();
        let mut writer = Writer {
            dir,
            parent,
            name,
            staging,
            reused,
            finished: false,
        };
        writer.reused = crate::threads::for_io(|| prepare(&writer.staging, paths, reused))?;
        Ok(writer)
    }

    /// Places one file of the site (see `files::place_file`).
    pub(crate) fn add(&self, rel: &str, content: &Content) -> Result<(), Diagnostic> {
        let path = self.staging.join(rel);
        match place_file(&path, &self.dir.join(rel), content, self.reused) {
            // A file whose folder `begin` was not told of: the folder is made
            // now (by whichever of several threads writing into it comes
            // first; making it again is harmless) and the file placed again.
            Err(_) => {
                let parent = path.parent().unwrap_or(&self.staging);
                std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create the folder", e))?;
                place_file(&path, &self.dir.join(rel), content, self.reused)
            }
            placed => placed,
        }
    }

    /// Marks the staging folder as dermapress's and swaps it in.
    pub(crate) fn finish(mut self) -> Result<(), Diagnostic> {
        let marker = self.staging.join(MARKER);
        let _ = std::fs::remove_file(&marker);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| io_error(&marker, "write a file", e))?;
        self.finished = true;
        let (dir, staging, parent) = (&self.dir, &self.staging, &self.parent);
        let spare = parent.join(spare_name(&self.name));
        if dir.is_dir() && exchange(staging, dir).is_ok() {
            // The staging folder's name now holds the previous site: it becomes
            // the spare, or goes if another build has just left one.
            if std::fs::rename(staging, &spare).is_err() {
                remove_tree(staging);
            }
            return Ok(());
        }
        let old = parent.join(format!(".{}.old-{}", self.name, std::process::id()));
        if dir.exists() {
            if let Err(e) = std::fs::rename(dir, &old) {
                let _ = std::fs::remove_dir_all(staging);
                return Err(io_error(dir, "replace the output folder", e));
            }
        }
        if let Err(e) = std::fs::rename(staging, dir) {
            // Put the old site back: a failed build never loses the last good one.
            let _ = std::fs::rename(&old, dir);
            let _ = std::fs::remove_dir_all(staging);
            return Err(io_error(dir, "move the new site into place", e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            remove_tree(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::files::same_inode;
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
    fn a_writer_dropped_before_it_finishes_leaves_the_site_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write(&output(&[("index.html", "one")]), &dir).unwrap();
        write(&output(&[("index.html", "one")]), &dir).unwrap();
        let paths: BTreeSet<String> = ["index.html", "a/b/index.html"].map(String::from).into();
        let writer = Writer::begin(&dir, &paths).unwrap();
        writer.add("a/b/index.html", &Content::Bytes(b"half".to_vec())).unwrap();
        drop(writer);
        assert_eq!(contents(&dir), expected(&[("index.html", "one")]));
        assert_eq!(
            names(tmp.path()),
            ["public"],
            "the staging folder (the claimed spare) is gone"
        );
        let writer = Writer::begin(&dir, &paths).unwrap();
        for (rel, text) in [("index.html", "two"), ("a/b/index.html", "b")] {
            writer.add(rel, &Content::Bytes(text.as_bytes().to_vec())).unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(
            contents(&dir),
            expected(&[("index.html", "two"), ("a/b/index.html", "b")])
        );
    }

    #[test]
    fn files_in_a_folder_begin_was_not_told_of_are_written_from_many_threads_at_once() {
        use rayon::prelude::*;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        for round in 0..20 {
            let writer = Writer::begin(&dir, &BTreeSet::new()).unwrap();
            let files: Vec<String> = (0..16).map(|i| format!("late/f{i}.txt")).collect();
            files
                .par_iter()
                .try_for_each(|rel| writer.add(rel, &Content::Bytes(format!("{round}").into_bytes())))
                .unwrap();
            writer.finish().unwrap();
            assert_eq!(
                std::fs::read_to_string(dir.join("late/f15.txt")).unwrap(),
                round.to_string()
            );
        }
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
