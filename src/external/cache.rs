//! The answers of earlier checks, kept in `.dermapress-cache/external-links.json`
//! at the site root so that a second run within `cache_hours` asks nobody.
//! The folder is safe to delete; a file that cannot be read counts as empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::verdict::Answer;

/// The site's cache folder, shared with other caches of dermapress.
pub(crate) const FOLDER: &str = ".dermapress-cache";
const FILE: &str = "external-links.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Cache {
    /// By address as written: when it was asked (seconds since 1970) and the answer.
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    checked: u64,
    #[serde(flatten)]
    answer: Answer,
}

pub(crate) fn path(root: &Path) -> PathBuf {
    root.join(FOLDER).join(FILE)
}

impl Cache {
    pub(crate) fn read(root: &Path) -> Cache {
        std::fs::read(path(root))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// The answer for `url` if it was asked less than `max_age` seconds before `now`.
    pub(crate) fn fresh(&self, url: &str, now: u64, max_age: u64) -> Option<&Answer> {
        let entry = self.entries.get(url)?;
        (now.saturating_sub(entry.checked) < max_age && entry.checked <= now).then_some(&entry.answer)
    }

    /// Keeps `answer` if it is definite (see `Answer::keeps`).
    pub(crate) fn insert(&mut self, url: &str, answer: &Answer, now: u64) {
        if answer.keeps() {
            let entry = Entry {
                checked: now,
                answer: answer.clone(),
            };
            self.entries.insert(url.to_string(), entry);
        } else {
            self.entries.remove(url);
        }
    }

    /// Drops the answers older than `max_age`, so the file does not grow forever.
    pub(crate) fn forget_older(&mut self, now: u64, max_age: u64) {
        self.entries.retain(|_, e| now.saturating_sub(e.checked) < max_age);
    }

    /// Writes the file whole or not at all: a temporary file beside it,
    /// then a rename, so an interrupted run never leaves half a file.
    pub(crate) fn write(&self, root: &Path) -> std::io::Result<()> {
        let file = path(root);
        let dir = root.join(FOLDER);
        std::fs::create_dir_all(&dir)?;
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let temporary = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &file).inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_expire_and_uncertain_ones_are_not_kept() {
        let mut cache = Cache::default();
        cache.insert("https://a.test/", &Answer::Status { status: 404 }, 1000);
        cache.insert("https://b.test/", &Answer::Timeout { seconds: 5 }, 1000);
        assert_eq!(
            cache.fresh("https://a.test/", 1500, 3600),
            Some(&Answer::Status { status: 404 })
        );
        assert_eq!(cache.fresh("https://a.test/", 5000, 3600), None);
        assert_eq!(cache.fresh("https://b.test/", 1000, 3600), None);
    }

    #[test]
    fn the_file_is_written_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::default();
        cache.insert("https://a.test/", &Answer::Ok { status: 200 }, 7);
        cache.write(dir.path()).unwrap();
        let back = Cache::read(dir.path());
        assert_eq!(back.fresh("https://a.test/", 8, 10), Some(&Answer::Ok { status: 200 }));
        let names: Vec<_> = std::fs::read_dir(dir.path().join(FOLDER))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(FILE)]);
    }
}
