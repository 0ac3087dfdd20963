//! A site in a temporary folder, and the file work every test does on it.
//! The one definition of `TestSite` and `copy_dir`: the whole-site tests
//! (`support/mod.rs`, which adds building and reading the output) and the
//! crate's unit tests (`src/testing.rs`) both compile this file.

// Each of the two test crates uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::clinic;

/// The repository's own folder (for its real theme and the fixtures).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder's files, keeping their relative paths.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// An empty temporary folder.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The small clinic site of the watch and preview tests, with the
    /// repository's real theme.
    pub fn clinic() -> TestSite {
        let site = TestSite::empty();
        copy_dir(&repo().join("themes/clinic"), &site.path("themes/clinic"));
        site.write("site.yaml", clinic::SITE_YAML);
        for (path, text) in clinic::PAGES {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A source file's path.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, bytes).expect("write");
        self
    }

    /// A source file of the site, relative to its root.
    pub fn read_source(&self, rel: &str) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    /// Replaces the first `from` in a source file with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_source(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Saves the way many editors do: a temporary file renamed over the real one.
    pub fn save_via_rename(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(".{}.tmp-save", path.file_name().unwrap().to_string_lossy()));
        std::fs::write(&tmp, text).expect("write temp");
        std::fs::rename(&tmp, &path).expect("rename");
    }
}
