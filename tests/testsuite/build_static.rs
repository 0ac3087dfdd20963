//! `dermapress build`: static files (theme, site, content), which of them
//! wins, the files that are never published, and byte-identical rebuilds.

use crate::support::*;
use dermapress::LoadOptions;

#[test]
fn content_files_win_over_site_static_which_wins_over_the_theme() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let tree = site.tree();
    // In all three: content/ wins.
    site.write("themes/clinic/static/both.txt", "theme\n");
    site.build_ok();
    let tree_with_theme_copy = site.tree();
    assert_eq!(tree_with_theme_copy["both.txt"], b"content\n");
    assert_eq!(tree["both.txt"], b"content\n");
    // In the site's static/ and the theme's: the site's.
    assert_eq!(tree["shared.txt"], b"site\n");
    // Only in one place: that one.
    assert_eq!(tree["theme-only.txt"], b"theme\n");
    assert_eq!(tree["site-only.txt"], b"site\n");
    assert_eq!(tree["css/site.css"], b"/* theme */\n");
}

#[test]
fn well_known_folder_is_published() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert_eq!(
        site.read(".well-known/security.txt"),
        "Contact: mailto:security@test.example.com\n"
    );
}

#[test]
fn editor_and_system_files_are_neither_copied_nor_built() {
    let site = TestSite::fixture("basic");
    // Were these read as pages, the build would fail on them.
    let junk = "---\ntitel: [broken\n";
    for file in [
        "content/.DS_Store",
        "content/x.md~",
        "content/.x.swp",
        "content/y.tmp",
        "content/a/.hidden.md",
        "content/.drafts/z.md",
        "static/.DS_Store",
        "static/notes.txt~",
        "static/y.tmp",
        "themes/clinic/static/.x.swp",
    ] {
        site.write(file, junk);
    }
    site.build_ok();
    let tree = site.tree();
    for path in tree.keys() {
        let name = path.rsplit('/').next().unwrap();
        assert!(
            !name.starts_with(".DS")
                && !name.ends_with('~')
                && !name.ends_with(".swp")
                && !name.ends_with(".tmp")
                && !path.contains("drafts")
                && !path.contains("hidden"),
            "{path} should not be published"
        );
    }
    assert!(tree.contains_key("risks/index.html"));
}

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let site = TestSite::fixture("basic");
    let first = site.root().join("out-1");
    let second = site.root().join("out-2");
    for out in [&first, &second] {
        let result = dermapress::build(site.root(), out, &LoadOptions::default());
        assert!(result.summary.is_some());
    }
    let a = tree(&first);
    let b = tree(&second);
    assert!(a.len() > 20, "{}", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn a_rebuild_replaces_the_previous_output() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    std::fs::remove_file(site.root().join("content/guides/renamed.md")).unwrap();
    site.build_ok();
    assert!(
        !site.exists("advice/new-name"),
        "files of deleted pages must not linger"
    );
    // No staging or old folders are left beside the output: only the
    // replaced site, kept for the next build to reuse, and the image cache.
    let mut leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    leftovers.sort();
    assert_eq!(leftovers, [".dermapress-cache", ".public.spare"]);
}

#[test]
fn rebuilds_after_edits_give_the_same_output_as_a_first_build() {
    let site = TestSite::fixture("basic");
    let fresh = tempfile::tempdir().unwrap();
    let edits: [&dyn Fn(&TestSite); 4] = [
        &|_| {},
        &|s| {
            s.write("content/guides/added.md", &page("Added", "", "A new page.\n"));
        },
        &|s| {
            std::fs::remove_file(s.root().join("content/guides/added.md")).unwrap();
            s.write("content/guides/_index.md", &page("Guides, renamed", "", "Changed.\n"));
        },
        &|s| {
            std::fs::remove_dir_all(s.root().join("content/ordering")).unwrap();
            s.write_bytes("content/a/photo.png", &crate::support::photos::png(5, 3, 2));
        },
    ];
    for (i, edit) in edits.iter().enumerate() {
        edit(&site);
        site.build_ok();
        let first_build = fresh.path().join(format!("out-{i}"));
        let run = site.run(&["build", "--output", first_build.to_str().unwrap()]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(site.tree(), crate::support::tree(&first_build), "after edit {i}");
    }
}
