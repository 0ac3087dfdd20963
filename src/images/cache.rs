//! The image cache: `.dermapress-cache/images/` in the site folder, one
//! entry per source image and settings. An entry is its files
//! (`<key>.<width>.<ext>`, `<key>.full.<ext>`) and, written last, its
//! manifest (`<key>.json`): an entry without a manifest is unfinished and
//! is never used. Every file is written to a temporary name and renamed, so
//! that a killed build leaves no half file under a real name.

use std::collections::BTreeSet;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

/// The site's cache folder, safe to delete, kept out of version control.
pub(crate) const DIR: &str = ".dermapress-cache";

/// What a finished entry knows of its image, so that a rebuild need not
/// decode it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    /// The source format (`jpeg`, `png`, `webp`).
    pub(crate) kind: String,
    /// The upright size of the source.
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) alpha: bool,
    /// The source's EXIF data says where it was taken.
    pub(crate) located: bool,
}

pub(crate) struct Cache {
    dir: PathBuf,
}

/// The key of an image: its bytes and everything that changes its files.
pub(crate) fn key(bytes: &[u8], settings: &str) -> String {
    let mut h = SipHasher13::new();
    h.write(bytes);
    h.write(&[0]);
    h.write(settings.as_bytes());
    format!("{:032x}", h.finish128().as_u128())
}

impl Cache {
    /// The processed images' cache.
    pub(crate) fn new(root: &Path) -> Cache {
        Cache::folder(root, "images")
    }

    /// A cache of its own in the cache folder (`social` for the cards).
    pub(crate) fn folder(root: &Path, name: &str) -> Cache {
        Cache {
            dir: root.join(DIR).join(name),
        }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The manifest of a finished entry whose files are all there.
    pub(crate) fn finished(&self, key: &str, files: impl Fn(&Manifest) -> Vec<String>) -> Option<Manifest> {
        let text = std::fs::read(self.path(&format!("{key}.json"))).ok()?;
        let manifest: Manifest = serde_json::from_slice(&text).ok()?;
        files(&manifest)
            .iter()
            .all(|f| self.path(f).is_file())
            .then_some(manifest)
    }

    /// Writes `bytes` as `name`, atomically.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let temp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, self.path(name)).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }

    pub(crate) fn finish(&self, key: &str, manifest: &Manifest) -> std::io::Result<()> {
        let json = serde_json::to_vec(manifest).map_err(std::io::Error::other)?;
        self.write(&format!("{key}.json"), &json)
    }

    /// Deletes every entry whose key is not in `keep`, and temporary files
    /// that builds killed halfway left. Returns how many files went.
    pub(crate) fn prune(&self, keep: &BTreeSet<String>) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = match name.strip_prefix('.') {
                Some(_) => name.ends_with(".tmp") && !mine(&name),
                None => !keep.contains(name.split('.').next().unwrap_or("")),
            };
            if stale && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// A temporary file of this process, which may still be being written.
fn mine(name: &str) -> bool {
    name.ends_with(&format!(".{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_used_only_when_finished_and_stale_ones_are_pruned() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::new(root.path());
        let manifest = Manifest {
            kind: "png".into(),
            width: 2,
            height: 1,
            alpha: false,
            located: false,
        };
        let files = |_: &Manifest| vec!["k1.full.png".to_string()];
        cache.write("k1.full.png", b"x").unwrap();
        assert_eq!(cache.finished("k1", files), None, "no manifest yet");
        cache.finish("k1", &manifest).unwrap();
        assert_eq!(cache.finished("k1", files), Some(manifest.clone()));
        std::fs::remove_file(cache.path("k1.full.png")).unwrap();
        assert_eq!(cache.finished("k1", files), None, "a file went missing");
        cache.write("k2.480.avif", b"y").unwrap();
        std::fs::write(cache.path(".k3.480.avif.1.tmp"), b"half").unwrap();
        assert_eq!(cache.prune(&["k1".to_string()].into()), 2);
        assert!(cache.path("k1.json").is_file());
        assert_eq!(key(b"a", "s"), key(b"a", "s"));
        assert_ne!(key(b"a", "s"), key(b"a", "t"));
    }
}
