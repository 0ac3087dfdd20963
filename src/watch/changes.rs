//! From file-system events to a few kinds of change: which of the site's
//! sources changed, whether only stylesheets did, and what to tell the
//! terminal. Editors' temporary, backup and swap files are filtered here, in
//! one place, so that every editor's way of saving ends in one rebuild.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use notify::EventKind;

/// The part of a site a changed path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Area {
    Content,
    Templates,
    Static,
    /// `site.yaml`, a theme's `theme.yaml`, or the theme's strings
    /// (`i18n/`, the theme's or the site's).
    Config,
}

/// The folders of a site that are watched (besides `site.yaml`).
pub(crate) const SOURCE_FOLDERS: &[&str] = &["content", "themes", "templates", "static", "i18n"];

/// Files editors write beside the real one while saving, and never content:
/// what content discovery ignores, plus JetBrains' and Emacs' own names.
pub(crate) fn is_editor_file(name: &str) -> bool {
    crate::source::is_ignored(name)
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".crswap")
}

/// Which area of the site at `root` a path is in, or None when a change
/// there cannot change the site (the output folder, editors' files, ...).
pub(crate) fn area_of(root: &Path, path: &Path) -> Option<Area> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    if parts.iter().any(|p| is_editor_file(p)) {
        return None;
    }
    match parts.as_slice() {
        ["site.yaml"] => Some(Area::Config),
        ["content", ..] => Some(Area::Content),
        ["templates", ..] => Some(Area::Templates),
        ["static", ..] => Some(Area::Static),
        ["themes"] | ["themes", _] => Some(Area::Templates),
        ["themes", _, "theme.yaml"] => Some(Area::Config),
        ["i18n", ..] | ["themes", _, "i18n", ..] => Some(Area::Config),
        ["themes", _, "templates", ..] => Some(Area::Templates),
        ["themes", _, "static", ..] => Some(Area::Static),
        _ => None,
    }
}

/// The changes gathered from one or more batches of events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChangeSet {
    /// Changed sources, by area, with their full paths.
    pub(crate) paths: BTreeSet<(Area, PathBuf)>,
    /// The watcher lost track (too many events, a watched folder replaced):
    /// everything must be read again.
    pub(crate) rescan: bool,
    /// The search index's thread has files to hand over (no source changed
    /// for it).
    pub(crate) search_ready: bool,
}

impl ChangeSet {
    /// Adds an event's paths. Reading a file changes nothing and is dropped.
    pub(crate) fn add(&mut self, root: &Path, kind: &EventKind, paths: &[PathBuf], need_rescan: bool) {
        self.rescan |= need_rescan;
        if matches!(kind, EventKind::Access(_)) {
            return;
        }
        for p in paths {
            if let Some(area) = area_of(root, p) {
                self.paths.insert((area, p.clone()));
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan && !self.search_ready
    }

    /// Nothing to build again: only the search index's files to hand over.
    pub(crate) fn only_search(&self) -> bool {
        self.paths.is_empty() && !self.rescan && self.search_ready
    }

    pub(crate) fn paths(&self) -> impl Iterator<Item = &Path> {
        self.paths.iter().map(|(_, p)| p.as_path())
    }

    /// Only stylesheets changed: open pages can swap them without reloading.
    pub(crate) fn only_css(&self) -> bool {
        !self.rescan
            && !self.paths.is_empty()
            && self
                .paths
                .iter()
                .all(|(a, p)| *a == Area::Static && p.extension().is_some_and(|e| e == "css"))
    }

    /// Files that are copied as they are (static files, images next to content).
    pub(crate) fn touches_files(&self) -> bool {
        self.rescan
            || self.paths.iter().any(|(a, p)| match a {
                Area::Static => true,
                Area::Content => crate::source::kind_of(p) == crate::source::SourceKind::Asset,
                _ => false,
            })
    }

    /// What changed, for the terminal: `content/a.md`, `content/a.md and 2 more files`.
    pub(crate) fn describe(&self, root: &Path) -> String {
        if self.rescan {
            return "the watcher asked for a full rescan".to_string();
        }
        let mut names = self
            .paths
            .iter()
            .map(|(_, p)| p.strip_prefix(root).unwrap_or(p).display().to_string());
        match (names.next(), self.paths.len()) {
            (None, _) => "nothing".to_string(),
            (Some(first), 1) => first,
            (Some(first), 2) => format!("{first} and 1 more file"),
            (Some(first), n) => format!("{first} and {} more files", n - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};

    fn modify() -> EventKind {
        EventKind::Modify(ModifyKind::Data(DataChange::Any))
    }
    fn create() -> EventKind {
        EventKind::Create(CreateKind::File)
    }
    fn remove() -> EventKind {
        EventKind::Remove(RemoveKind::File)
    }
    fn rename() -> EventKind {
        EventKind::Modify(ModifyKind::Name(RenameMode::Both))
    }

    /// Each editor's way of saving `content/a.md`, as the events it makes.
    #[test]
    fn every_editors_save_is_one_change_of_the_real_file() {
        let root = Path::new("/site");
        let p = |s: &str| root.join(s);
        type Events = Vec<(EventKind, Vec<PathBuf>)>;
        let saves: Vec<(&str, Events)> = vec![
            ("in place (VS Code, nano)", vec![(modify(), vec![p("content/a.md")])]),
            (
                "vim (backup, 4913 probe, swap)",
                vec![
                    (create(), vec![p("content/4913")]),
                    (remove(), vec![p("content/4913")]),
                    (rename(), vec![p("content/a.md"), p("content/a.md~")]),
                    (create(), vec![p("content/a.md")]),
                    (modify(), vec![p("content/.a.md.swp")]),
                    (remove(), vec![p("content/a.md~")]),
                ],
            ),
            (
                "temp file + rename (gedit, Sublime)",
                vec![
                    (create(), vec![p("content/.goutputstream-XYZ")]),
                    (modify(), vec![p("content/.goutputstream-XYZ")]),
                    (rename(), vec![p("content/.goutputstream-XYZ"), p("content/a.md")]),
                ],
            ),
            (
                "JetBrains safe write",
                vec![
                    (create(), vec![p("content/a.md___jb_tmp___")]),
                    (rename(), vec![p("content/a.md"), p("content/a.md___jb_old___")]),
                    (rename(), vec![p("content/a.md___jb_tmp___"), p("content/a.md")]),
                    (remove(), vec![p("content/a.md___jb_old___")]),
                ],
            ),
            (
                "Emacs (lock link, autosave)",
                vec![
                    (create(), vec![p("content/.#a.md")]),
                    (modify(), vec![p("content/#a.md#")]),
                    (modify(), vec![p("content/a.md")]),
                    (remove(), vec![p("content/.#a.md")]),
                ],
            ),
        ];
        for (editor, events) in saves {
            let mut set = ChangeSet::default();
            for (kind, paths) in &events {
                set.add(root, kind, paths, false);
            }
            let changed: Vec<&Path> = set.paths().collect();
            assert_eq!(changed, vec![p("content/a.md").as_path()], "{editor}");
            assert!(!set.only_css(), "{editor}");
        }
    }

    #[test]
    fn reading_and_output_folders_change_nothing() {
        let root = Path::new("/site");
        let mut set = ChangeSet::default();
        set.add(
            root,
            &EventKind::Access(AccessKind::Any),
            &[root.join("content/a.md")],
            false,
        );
        set.add(root, &modify(), &[root.join("public/index.html")], false);
        set.add(root, &modify(), &[root.join(".public.staging-1/x")], false);
        set.add(root, &modify(), &[root.join("target/debug/x")], false);
        set.add(root, &modify(), &[PathBuf::from("/elsewhere/content/a.md")], false);
        assert!(set.is_empty());
    }

    #[test]
    fn areas_and_stylesheets() {
        let root = Path::new("/site");
        let area = |s: &str| area_of(root, &root.join(s));
        assert_eq!(area("site.yaml"), Some(Area::Config));
        assert_eq!(area("themes/clinic/theme.yaml"), Some(Area::Config));
        assert_eq!(area("themes/clinic/i18n/es.yaml"), Some(Area::Config));
        assert_eq!(area("i18n/es.yaml"), Some(Area::Config));
        assert_eq!(area("themes/clinic/templates/page.html"), Some(Area::Templates));
        assert_eq!(area("templates/page.html"), Some(Area::Templates));
        assert_eq!(area("themes/clinic/static/css/style.css"), Some(Area::Static));
        assert_eq!(area("content/new-folder"), Some(Area::Content));
        assert_eq!(area("README.md"), None);
        let mut css = ChangeSet::default();
        css.add(
            root,
            &modify(),
            &[root.join("themes/clinic/static/css/style.css")],
            false,
        );
        assert!(css.only_css());
        css.add(root, &modify(), &[root.join("content/a.md")], false);
        assert!(!css.only_css());
        assert_eq!(css.describe(root), "content/a.md and 1 more file");
    }
}
