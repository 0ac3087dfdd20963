//! `dermapress watch` under stress, as a user runs it: a real process on a
//! site in a temporary folder. A thousand writes in a moment, the whole
//! `content/` folder renamed away and back, a broken then fixed `site.yaml`,
//! and files deleted and re-created in a tight loop each end on the same site
//! a fresh `dermapress build` makes of the final files, with the watcher
//! still running.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::support::watch::{watch, Watching, PATIENCE};
use crate::support::TestSite;

fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(PATIENCE).expect("an event within the time allowed")
}

/// Every file under `dir` by relative path; None while it cannot be read whole.
fn tree(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).ok()?.to_string_lossy().into_owned();
            files.insert(rel, std::fs::read(entry.path()).ok()?);
        }
    }
    Some(files)
}

/// What a fresh `dermapress build` makes of the site's files as they are now.
fn fresh_build(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_dermapress"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .arg("--output")
        .arg(out.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("build runs");
    assert!(status.success(), "the final files build");
    tree(out.path()).expect("the fresh build is readable")
}

/// Waits until the watcher's `public/` equals a fresh build of the final files.
fn ends_like_a_fresh_build(site: &TestSite, w: &mut Watching) {
    let expected = fresh_build(site);
    let started = Instant::now();
    loop {
        if tree(&site.path("public")).as_ref() == Some(&expected) {
            break;
        }
        w.assert_running();
        assert!(
            started.elapsed() < PATIENCE,
            "public/ never matched a fresh build of the final files"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    w.assert_running();
}

/// One more edit is rebuilt: the watcher is alive and still watching.
fn still_watching(site: &TestSite, w: &mut Watching, marker: &str) {
    site.edit(
        "content/guides/risks.md",
        "## Who should avoid it",
        &format!("{marker}\n\n## Who should avoid it"),
    );
    ends_like_a_fresh_build(site, w);
    let page = std::fs::read_to_string(site.path("public/guides/risks/index.html")).unwrap();
    assert!(page.contains(marker), "the last edit was rebuilt");
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: A page the watch stress tests write many times in a moment.\n---\n\n{body}\n")
}

#[test]
fn a_thousand_writes_in_a_moment_end_on_the_right_site() {
    let site = TestSite::clinic();
    let mut w = watch(&site, &["--no-serve"]);
    for round in 0..10 {
        for n in 0..100 {
            site.write(
                &format!("content/many/p{n}.md"),
                &page(&format!("Many {n}"), &format!("Page {n}, round {round}.")),
            );
        }
    }
    ends_like_a_fresh_build(&site, &mut w);
    let last = std::fs::read_to_string(site.path("public/many/p99/index.html")).unwrap();
    assert!(last.contains("Page 99, round 9."));
    still_watching(&site, &mut w, "Marker after the thousand writes.");
}

#[test]
fn the_content_folder_renamed_away_and_back_ends_on_the_right_site() {
    let site = TestSite::clinic();
    let mut w = watch(&site, &["--no-serve"]);
    std::fs::rename(site.path("content"), site.path("content-away")).unwrap();
    let away = w.line_with(&["rebuilt", "build failed"]);
    println!("with content/ gone: {away}");
    w.assert_running();
    std::fs::rename(site.path("content-away"), site.path("content")).unwrap();
    ends_like_a_fresh_build(&site, &mut w);
    // The folder that came back is watched again.
    still_watching(&site, &mut w, "Marker after the folder came back.");
}

#[test]
fn a_broken_site_yaml_shows_errors_then_the_fix_reloads() {
    let site = TestSite::clinic();
    let mut w = watch(&site, &["--port", "0"]);
    let events = w.events();
    let good = site.read_source("site.yaml");
    site.write("site.yaml", &good.replace("menu:\n", "menu: [\n"));
    let (name, data) = next_event(&events);
    assert_eq!(name, "failed");
    assert!(data.contains("site.yaml"), "{data}");
    assert_eq!(w.get("/guides/").0, 200, "the last good build is still served");
    w.assert_running();
    site.write(
        "site.yaml",
        &good.replace("title: Watch Test Clinic", "title: Fixed Test Clinic"),
    );
    let started = Instant::now();
    loop {
        let (name, _) = next_event(&events);
        if name == "reload" {
            break;
        }
        assert_eq!(name, "failed", "only errors come before the fix is built");
        assert!(started.elapsed() < PATIENCE, "the fix never reloaded");
    }
    assert!(w.get("/guides/").1.contains("Fixed Test Clinic"));
    w.assert_running();
}

#[test]
fn files_deleted_and_recreated_in_a_tight_loop_end_on_the_right_site() {
    let site = TestSite::clinic();
    let mut w = watch(&site, &["--no-serve"]);
    let started = Instant::now();
    let mut round = 0;
    // Bounded both ways: enough rounds to overlap rebuilds, never too long.
    while round < 2000 && (round < 50 || started.elapsed() < Duration::from_secs(1)) {
        for n in 0..5 {
            let rel = format!("content/churn/c{n}.md");
            let _ = std::fs::remove_file(site.path(&rel));
            site.write(
                &rel,
                &page(&format!("Churn {n}"), &format!("Churn {n}, round {round}.")),
            );
        }
        round += 1;
    }
    // The last state: some deleted, some kept.
    for n in 0..2 {
        std::fs::remove_file(site.path(&format!("content/churn/c{n}.md"))).unwrap();
    }
    ends_like_a_fresh_build(&site, &mut w);
    assert!(!site.path("public/churn/c0/index.html").exists());
    let kept = std::fs::read_to_string(site.path("public/churn/c4/index.html")).unwrap();
    assert!(kept.contains(&format!("Churn 4, round {}.", round - 1)));
    still_watching(&site, &mut w, "Marker after the churn.");
}
