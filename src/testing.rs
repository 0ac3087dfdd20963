//! Helpers for the unit tests that need a whole site: the small clinic site
//! of the watch and preview tests (the same files as the integration tests'
//! `TestSite::clinic()`, read from tests/testsuite/support/clinic.rs), with
//! the repository's real theme, in a temporary folder.

use std::io::BufRead;
use std::path::{Path, PathBuf};

mod clinic {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/testsuite/support/clinic.rs"
    ));
}

/// The repository's own folder (for its real theme and the fixtures).
pub(crate) fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder's files, keeping their relative paths.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
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

pub(crate) struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// The clinic site, with the repository's theme.
    pub(crate) fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&repo().join("themes/clinic"), &dir.path().join("themes/clinic"));
        let site = TestSite { dir };
        site.write("site.yaml", clinic::SITE_YAML);
        for (path, text) in clinic::PAGES {
            site.write(path, text);
        }
        site
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, text).expect("write");
    }

    /// A source file's text.
    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    /// Replaces the first `from` in a file with `to`.
    pub(crate) fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Saves the way many editors do: a temporary file renamed over the real one.
    pub(crate) fn save_via_rename(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        let tmp = path.with_file_name(format!(".{}.tmp-save", path.file_name().unwrap().to_string_lossy()));
        std::fs::write(&tmp, text).expect("write temp");
        std::fs::rename(&tmp, &path).expect("rename");
    }
}

/// The next named event of a preview's event stream: its name and JSON data
/// (keep-alive comments are skipped).
pub(crate) fn next_event(reader: &mut impl BufRead) -> (String, serde_json::Value) {
    let mut name = String::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).expect("an event within the time allowed") > 0,
            "stream ended"
        );
        let line = line.trim_end();
        if let Some(n) = line.strip_prefix("event:") {
            name = n.trim().to_string();
        } else if let Some(d) = line.strip_prefix("data:") {
            if !name.is_empty() {
                return (name, serde_json::from_str(d.trim()).expect("JSON data"));
            }
        }
    }
}
